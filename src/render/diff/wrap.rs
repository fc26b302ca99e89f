//! Redlines wrapped and cut to a terminal's width, by display width.

use std::io;

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
type Atom<'a> = Vec<(Mark, &'a str, bool)>;

/// Wraps a redline to `width` columns at spaces (by display width). With `markers`, changes
/// are framed wdiff-style (`[-old-]{+new+}`) and a marker never leaves its word; without,
/// the paint alone tells changes apart (for colour). Spaces inside a change stay painted.
/// A word wider than the line is split between characters, never inside a marker.
pub fn wrap(segments: &[RedlineSegment], width: usize, markers: bool) -> Vec<Line> {
    let mut lines = Vec::new();
    let collected: io::Result<()> = wrap_each(segments, width, markers, &mut |line| {
        lines.push(line);
        Ok(())
    });
    debug_assert!(collected.is_ok(), "collecting lines cannot fail");
    lines
}

/// `wrap`, handing each line to `emit` as soon as it is full: a paragraph of a million words
/// never holds more than one line and one word at a time.
pub fn wrap_each(
    segments: &[RedlineSegment],
    width: usize,
    markers: bool,
    emit: &mut dyn FnMut(Line) -> io::Result<()>,
) -> io::Result<()> {
    let mut placer = Placer { width: width.max(1), line: Line::default(), emit };
    // Each atom goes with the paint of the breakable space before it.
    let mut current: Atom = Vec::new();
    let mut gap = Mark::Same;
    for segment in segments {
        let paint = segment.mark;
        let (open, close) = paint.wdiff_markers();
        if markers && !open.is_empty() {
            current.push((Mark::Same, open, true));
        }
        // A space is interior to a change when a non-empty piece stands on each side of it.
        let first_word = segment.text.split(' ').position(|piece| !piece.is_empty());
        let last_word =
            segment.text.split(' ').enumerate().filter(|(_, piece)| !piece.is_empty()).last().map(|(at, _)| at);
        for (index, piece) in segment.text.split(' ').enumerate() {
            if index > 0 {
                // A space at the edge of a change stays glued to its marker.
                let interior =
                    first_word.is_some_and(|first| first < index) && last_word.is_some_and(|last| last >= index);
                let breakable = segment.mark == Mark::Same || interior;
                if breakable && !current.is_empty() {
                    placer.place(gap, &current)?;
                    current.clear();
                    gap = paint;
                } else if breakable {
                    gap = paint;
                } else {
                    current.push((paint, " ", false));
                }
            }
            if !piece.is_empty() {
                current.push((paint, piece, false));
            }
        }
        if markers && !close.is_empty() {
            current.push((Mark::Same, close, true));
        }
    }
    if !current.is_empty() {
        placer.place(gap, &current)?;
    }
    placer.finish()
}

/// Fills lines atom by atom, handing each full line on.
struct Placer<'e> {
    width: usize,
    line: Line,
    emit: &'e mut dyn FnMut(Line) -> io::Result<()>,
}

impl Placer<'_> {
    fn flush(&mut self) -> io::Result<()> {
        (self.emit)(std::mem::take(&mut self.line))
    }

    fn place(&mut self, gap: Mark, atom: &Atom) -> io::Result<()> {
        let width = self.width;
        let atom_width: usize = atom.iter().map(|(_, text, _)| text.width()).sum();
        if self.line.width > 0 && self.line.width + 1 + atom_width <= width {
            self.line.push(gap, " ");
        } else if self.line.width > 0 {
            self.flush()?;
        }
        for &(paint, text, is_marker) in atom {
            if self.line.width + text.width() <= width || self.line.width == 0 && is_marker {
                self.line.push(paint, text);
                continue;
            }
            if is_marker {
                self.flush()?;
                self.line.push(paint, text);
                continue;
            }
            for c in text.chars() {
                let mut buffer = [0u8; 4];
                let c = c.encode_utf8(&mut buffer);
                if self.line.width > 0 && self.line.width + c.width() > width {
                    self.flush()?;
                }
                self.line.push(paint, c);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        if self.line.width > 0 || !self.line.runs.is_empty() { self.flush() } else { Ok(()) }
    }
}
