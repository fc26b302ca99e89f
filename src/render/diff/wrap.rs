//! Redlines wrapped and cut to a terminal's width, by display width.

use unicode_width::UnicodeWidthStr;

use super::segments::{Mark, RedlineSegment};

/// One wrapped line: runs of text with their mark (markers themselves are `Same`), and its
/// width in columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub runs: Vec<(Mark, String)>,
    pub width: usize,
}

impl Line {
    fn push(&mut self, paint: Mark, text: &str) {
        self.width += text.width();
        match self.runs.last_mut() {
            Some((last, run)) if *last == paint => run.push_str(text),
            _ => self.runs.push((paint, text.to_string())),
        }
    }

    /// The line as plain text (markers included when the wrap added them).
    pub fn plain(&self) -> String {
        self.runs.iter().map(|(_, text)| text.as_str()).collect()
    }
}

/// A code line as it stands, unwrapped; with `markers`, changes framed wdiff-style.
pub fn unwrapped_line(segments: &[RedlineSegment], markers: bool) -> Line {
    let mut line = Line::default();
    for segment in segments {
        let (open, close) = segment.mark.wdiff_markers();
        if markers && !open.is_empty() {
            line.push(Mark::Same, open);
        }
        line.push(segment.mark, &segment.text);
        if markers && !close.is_empty() {
            line.push(Mark::Same, close);
        }
    }
    line
}

/// A line cut into pieces at most `width` columns wide, between characters (for code, whose
/// spaces are not break points).
pub fn cut(line: &Line, width: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut pieces = vec![Line::default()];
    for (paint, text) in &line.runs {
        for c in text.chars() {
            let mut buffer = [0u8; 4];
            let c = c.encode_utf8(&mut buffer);
            if pieces.last().is_some_and(|piece| piece.width > 0 && piece.width + c.width() > width) {
                pieces.push(Line::default());
            }
            if let Some(piece) = pieces.last_mut() {
                piece.push(*paint, c);
            }
        }
    }
    pieces
}

/// An unbreakable piece of a line: a word with any markers and punctuation glued to it.
type Atom = Vec<(Mark, String, bool)>;

/// Wraps a redline to `width` columns at spaces (by display width). With `markers`, changes
/// are framed wdiff-style (`[-old-]{+new+}`) and a marker never leaves its word; without,
/// the paint alone tells changes apart (for colour). Spaces inside a change stay painted.
/// A word wider than the line is split between characters, never inside a marker.
pub fn wrap(segments: &[RedlineSegment], width: usize, markers: bool) -> Vec<Line> {
    let width = width.max(1);
    // Atoms, each with the paint of the breakable space before it.
    let mut atoms: Vec<(Mark, Atom)> = Vec::new();
    let mut current: Atom = Vec::new();
    let mut gap = Mark::Same;
    for segment in segments {
        let paint = segment.mark;
        let (open, close) = paint.wdiff_markers();
        if markers && !open.is_empty() {
            current.push((Mark::Same, open.to_string(), true));
        }
        let pieces: Vec<&str> = segment.text.split(' ').collect();
        for (index, piece) in pieces.iter().enumerate() {
            if index > 0 {
                // A space at the edge of a change stays glued to its marker.
                let interior = pieces[..index].iter().any(|piece| !piece.is_empty())
                    && pieces[index..].iter().any(|piece| !piece.is_empty());
                let breakable = segment.mark == Mark::Same || interior;
                if breakable && !current.is_empty() {
                    atoms.push((gap, std::mem::take(&mut current)));
                    gap = paint;
                } else if breakable {
                    gap = paint;
                } else {
                    current.push((paint, " ".to_string(), false));
                }
            }
            if !piece.is_empty() {
                current.push((paint, (*piece).to_string(), false));
            }
        }
        if markers && !close.is_empty() {
            current.push((Mark::Same, close.to_string(), true));
        }
    }
    if !current.is_empty() {
        atoms.push((gap, current));
    }

    let mut lines = Vec::new();
    let mut line = Line::default();
    for (gap, atom) in atoms {
        let atom_width: usize = atom.iter().map(|(_, text, _)| text.width()).sum();
        if line.width > 0 && line.width + 1 + atom_width <= width {
            line.push(gap, " ");
        } else if line.width > 0 {
            lines.push(std::mem::take(&mut line));
        }
        for (paint, text, is_marker) in atom {
            if line.width + text.width() <= width || line.width == 0 && is_marker {
                line.push(paint, &text);
                continue;
            }
            if is_marker {
                lines.push(std::mem::take(&mut line));
                line.push(paint, &text);
                continue;
            }
            for c in text.chars() {
                let mut buffer = [0u8; 4];
                let c = c.encode_utf8(&mut buffer);
                if line.width > 0 && line.width + c.width() > width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(paint, c);
            }
        }
    }
    if line.width > 0 || !line.runs.is_empty() {
        lines.push(line);
    }
    lines
}
