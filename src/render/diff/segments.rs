//! The redline of a block as a reader sees it: segments of kept, deleted and inserted text,
//! each side of it, code line by line.

use crate::report::diff::{Op, OpKind};

/// What a piece of redlined text is: kept, deleted from the old text or inserted in the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Deleted,
    Inserted,
}

impl Mark {
    /// wdiff's markers around a change (`[-`, `-]` and `{+`, `+}`); none around kept text.
    pub fn wdiff_markers(self) -> (&'static str, &'static str) {
        match self {
            Mark::Same => ("", ""),
            Mark::Deleted => ("[-", "-]"),
            Mark::Inserted => ("{+", "+}"),
        }
    }
}

/// A piece of a paragraph as a reader sees it: whitespace runs collapsed to one space (so a
/// re-wrapped line reads as prose), and spaces at the edges of a change moved outside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedlineSegment {
    pub mark: Mark,
    pub text: String,
}

impl RedlineSegment {
    pub(super) fn new(mark: Mark, text: impl Into<String>) -> Self {
        RedlineSegment { mark, text: text.into() }
    }
}

/// How a paragraph break inside a split or merged block reads: a pilcrow, struck where the
/// break was removed, inserted where one was added, with a space on each side.
pub const PARAGRAPH_BREAK: &str = "¶";

/// The redline of one block: kept text, then each change as its deleted part followed by its
/// inserted part (as wdiff and git show them), whatever order the ops came in.
pub fn segments(ops: &[Op]) -> Vec<RedlineSegment> {
    let mut out: Vec<RedlineSegment> = Vec::new();
    let mut deleted = String::new();
    let mut inserted = String::new();
    for op in ops {
        if op.paragraph_break {
            push_change(&mut out, &collapse_whitespace(&deleted), &collapse_whitespace(&inserted), Some(' '));
            deleted.clear();
            inserted.clear();
            let mark = match op.op {
                OpKind::Equal => Mark::Same,
                OpKind::Delete => Mark::Deleted,
                OpKind::Insert => Mark::Inserted,
            };
            push_segment(&mut out, Mark::Same, " ");
            push_segment(&mut out, mark, PARAGRAPH_BREAK);
            push_segment(&mut out, Mark::Same, " ");
            continue;
        }
        let text: &str = &op.text;
        match op.op {
            OpKind::Equal => {
                // A space only the old text has beside kept words still parts them from a
                // deletion next to them: "zsh [-or tcsh-]", not "zsh[-or tcsh-]".
                let old = op.old_text.as_deref().unwrap_or_default();
                let lead = if old.starts_with(char::is_whitespace) && !text.starts_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let trail =
                    if old.ends_with(char::is_whitespace) && !text.ends_with(char::is_whitespace) { " " } else { "" };
                let same = collapse_whitespace(&format!("{lead}{text}{trail}"));
                push_change(
                    &mut out,
                    &collapse_whitespace(&deleted),
                    &collapse_whitespace(&inserted),
                    same.chars().next(),
                );
                deleted.clear();
                inserted.clear();
                push_segment(&mut out, Mark::Same, &same);
            }
            OpKind::Delete => deleted.push_str(text),
            OpKind::Insert => inserted.push_str(text),
        }
    }
    push_change(&mut out, &collapse_whitespace(&deleted), &collapse_whitespace(&inserted), None);
    trim_paragraph_edges(&mut out);
    out
}

/// A redline in wdiff's notation: `[-deleted-]{+inserted+}`.
pub fn marked(redline: &[RedlineSegment]) -> String {
    redline
        .iter()
        .map(|segment| {
            let (open, close) = segment.mark.wdiff_markers();
            format!("{open}{}{close}", segment.text)
        })
        .collect()
}

/// One text of a block, as segments: the old side (`Mark::Deleted`) is its kept text as the
/// old file wrote it (case, quotes, line breaks) and its deletions; the new side
/// (`Mark::Inserted`) its kept text and insertions.
pub fn side_of(ops: &[Op], side: Mark) -> Vec<RedlineSegment> {
    segments(&side_ops(ops, side))
}

/// One text of a code block line by line, its lines and indentation as that file has them.
pub fn code_side_of(ops: &[Op], side: Mark) -> Vec<Vec<RedlineSegment>> {
    code_lines(&side_ops(ops, side))
}

/// The ops of one side, kept text as that side wrote it.
fn side_ops<'s>(ops: &'s [Op], side: Mark) -> Vec<Op<'s>> {
    ops.iter()
        .filter_map(|op| match (op.op, side) {
            (OpKind::Equal, Mark::Deleted) if !op.paragraph_break => op.old_part().map(Op::equal),
            (OpKind::Insert, Mark::Deleted) | (OpKind::Delete, Mark::Inserted) => None,
            _ => Some(op.clone()),
        })
        .collect()
}

/// The text of one side of a redline: the old side keeps `Same` and `Deleted`, the new side
/// `Same` and `Inserted`.
pub fn side_segments(segments: &[RedlineSegment], side: Mark) -> Vec<RedlineSegment> {
    let mut out = Vec::new();
    for segment in segments.iter().filter(|segment| segment.mark == Mark::Same || segment.mark == side) {
        push_segment(&mut out, segment.mark, &segment.text);
    }
    trim_paragraph_edges(&mut out);
    out
}

/// A redline with nothing kept: the paragraph was replaced whole, and reads better as the old
/// text followed by the new one than as one run of struck and inserted text. Returns the
/// redline as one paragraph per part in that case, else the redline itself.
pub fn paragraphs_of(redline: &[RedlineSegment]) -> Vec<Vec<RedlineSegment>> {
    if is_replaced(redline) {
        vec![side_segments(redline, Mark::Deleted), side_segments(redline, Mark::Inserted)]
    } else {
        vec![redline.to_vec()]
    }
}

/// Whether `redline` keeps nothing and both deletes and inserts: a paragraph replaced whole.
pub fn is_replaced(redline: &[RedlineSegment]) -> bool {
    redline.iter().all(|segment| segment.mark != Mark::Same)
        && redline.iter().any(|segment| segment.mark == Mark::Deleted)
        && redline.iter().any(|segment| segment.mark == Mark::Inserted)
}

/// The redline of a code block line by line, as the file lays it out: whitespace kept, each
/// change as its deleted part followed by its inserted part. A paragraph break inside the
/// block is a pilcrow on a line of its own.
pub fn code_lines(ops: &[Op]) -> Vec<Vec<RedlineSegment>> {
    let mut lines = vec![Vec::new()];
    let mut deleted = String::new();
    let mut inserted = String::new();
    for op in ops {
        let kept = match (op.op, op.paragraph_break) {
            (OpKind::Delete, false) => {
                deleted.push_str(&op.text);
                continue;
            }
            (OpKind::Insert, false) => {
                inserted.push_str(&op.text);
                continue;
            }
            (OpKind::Equal, false) => (Mark::Same, &*op.text),
            (OpKind::Equal, true) => (Mark::Same, "\n¶\n"),
            (OpKind::Delete, true) => (Mark::Deleted, "\n¶\n"),
            (OpKind::Insert, true) => (Mark::Inserted, "\n¶\n"),
        };
        push_lines(&mut lines, Mark::Deleted, &std::mem::take(&mut deleted));
        push_lines(&mut lines, Mark::Inserted, &std::mem::take(&mut inserted));
        push_lines(&mut lines, kept.0, kept.1);
    }
    push_lines(&mut lines, Mark::Deleted, &deleted);
    push_lines(&mut lines, Mark::Inserted, &inserted);
    lines
}

/// Appends text to the last of `lines`, starting a new line at each line break (a CRLF's
/// carriage return is part of the break).
fn push_lines(lines: &mut Vec<Vec<RedlineSegment>>, mark: Mark, text: &str) {
    for (index, piece) in text.split('\n').enumerate() {
        if index > 0 {
            if let Some(line) = lines.last_mut()
                && let Some(last) = line.last_mut()
                && last.text.ends_with('\r')
            {
                last.text.pop();
                if last.text.is_empty() {
                    line.pop();
                }
            }
            lines.push(Vec::new());
        }
        let Some(line) = lines.last_mut() else { continue };
        match line.last_mut() {
            _ if piece.is_empty() => {}
            Some(last) if last.mark == mark => last.text.push_str(piece),
            _ => line.push(RedlineSegment::new(mark, piece)),
        }
    }
}

pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Appends text, merging with the previous segment of the same mark and keeping a single
/// space where two pieces meet.
pub(super) fn push_segment(out: &mut Vec<RedlineSegment>, mark: Mark, text: &str) {
    if text.is_empty() {
        return;
    }
    // Only kept text is seen by both sides, so only there can two spaces become one.
    let after_space = out.last().is_some_and(|last| last.mark == Mark::Same && last.text.ends_with(' '));
    let text = if after_space && mark == Mark::Same { text.strip_prefix(' ').unwrap_or(text) } else { text };
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.mark == mark => last.text.push_str(text),
        _ => out.push(RedlineSegment::new(mark, text)),
    }
}

/// Pushes one change (its deleted and inserted parts), `next` being the first character of the
/// kept text after it. A space at the start or end of both parts goes outside the change, so
/// `The [-big-]{+small+} cat` rather than `The [-big -]{+small +}cat`. When one part is empty
/// the moved space shows in that text too, so it moves only where a space already stands on
/// the change's other side (`a [-b-] c`, never `a [-b-]c` for `a bc` -> `ac`). A change made
/// only of spaces keeps them, so it stays visible.
fn push_change(out: &mut Vec<RedlineSegment>, deleted: &str, inserted: &str, next: Option<char>) {
    if deleted.is_empty() && inserted.is_empty() {
        return;
    }
    let sides = [deleted, inserted];
    let one_sided = deleted.is_empty() || inserted.is_empty();
    let before = out.last().and_then(|last| last.text.chars().next_back());
    let hoistable = |edge: fn(&str) -> bool, other_side: Option<char>| {
        sides.iter().filter(|side| !side.is_empty()).all(|side| edge(side) && !side.trim().is_empty())
            && (!one_sided || other_side.is_none_or(|c| c == ' '))
    };
    let leading = hoistable(|side| side.starts_with(' '), next);
    let trailing = hoistable(|side| side.ends_with(' '), before);
    let trim = |side: &str| -> String {
        let side = if leading { side.strip_prefix(' ').unwrap_or(side) } else { side };
        let side = if trailing { side.strip_suffix(' ').unwrap_or(side) } else { side };
        side.to_string()
    };
    if leading {
        push_segment(out, Mark::Same, " ");
    }
    push_segment(out, Mark::Deleted, &trim(deleted));
    push_segment(out, Mark::Inserted, &trim(inserted));
    if trailing {
        push_segment(out, Mark::Same, " ");
    }
}

/// A paragraph's outer whitespace (its line ends) is not part of what a reader sees.
fn trim_paragraph_edges(segments: &mut Vec<RedlineSegment>) {
    while let Some(first) = segments.first_mut() {
        first.text = first.text.trim_start().to_string();
        if !first.text.is_empty() {
            break;
        }
        segments.remove(0);
    }
    while let Some(last) = segments.last_mut() {
        last.text = last.text.trim_end().to_string();
        if !last.text.is_empty() {
            break;
        }
        segments.pop();
    }
}

/// Applies `clean` (a format's escaping) to the text of every segment.
pub fn clean_segments(segments: &[RedlineSegment], clean: impl Fn(&str) -> String) -> Vec<RedlineSegment> {
    segments.iter().map(|segment| RedlineSegment::new(segment.mark, clean(&segment.text))).collect()
}
