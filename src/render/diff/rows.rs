//! The change table: one row per changed block, with a short excerpt of its redline.

use super::segments::{Mark, RedlineSegment, push_segment, segments};
use crate::report::diff::{Block, BlockKind, ChangeKind, DiffReport};

/// One row of the change table.
#[derive(Debug, Clone)]
pub struct ChangeTableRow<'a> {
    /// 1-based, in the order of the new text.
    pub number: usize,
    pub block: &'a Block<'a>,
    pub kind: ChangeKind,
    pub words_deleted: usize,
    pub words_inserted: usize,
    /// The redline shortened around its changes.
    pub excerpt: Vec<RedlineSegment>,
}

/// One row per changed, inserted, deleted or moved paragraph, in report order.
pub fn change_rows<'a>(report: &'a DiffReport<'a>) -> Vec<ChangeTableRow<'a>> {
    report
        .blocks
        .iter()
        .filter(|block| block.kind != BlockKind::Unchanged)
        .enumerate()
        .filter_map(|(index, block)| {
            Some(ChangeTableRow {
                number: index + 1,
                block,
                kind: block.change_kind()?,
                words_deleted: block.words.deleted,
                words_inserted: block.words.inserted,
                excerpt: excerpt(&segments(&block.ops)),
            })
        })
        .collect()
}

/// Words of unchanged text kept on each side of a change in an excerpt.
const EXCERPT_CONTEXT_WORDS: usize = 4;
/// A change longer than this many words shows its start and end around an ellipsis.
const EXCERPT_CHANGE_WORDS: usize = 16;
/// An excerpt stops (with an ellipsis) once it holds this many words.
pub(super) const EXCERPT_MAX_WORDS: usize = 48;

/// Shortens a redline around its changes: a few words of unchanged text on each side of each
/// change, long changes cut in the middle, and the whole capped, with `…` where text was left out.
pub fn excerpt(segments: &[RedlineSegment]) -> Vec<RedlineSegment> {
    let mut out: Vec<RedlineSegment> = Vec::new();
    let mut words_so_far = 0;
    let last = segments.len().saturating_sub(1);
    for (index, segment) in segments.iter().enumerate() {
        if words_so_far >= EXCERPT_MAX_WORDS {
            push_segment(&mut out, Mark::Same, " …");
            break;
        }
        let words: Vec<&str> = segment.text.split(' ').filter(|word| !word.is_empty()).collect();
        let (keep_head, keep_tail) = match segment.mark {
            Mark::Same if segments.len() == 1 => (EXCERPT_CHANGE_WORDS, 0),
            Mark::Same if index == 0 => (0, EXCERPT_CONTEXT_WORDS),
            Mark::Same if index == last => (EXCERPT_CONTEXT_WORDS, 0),
            Mark::Same => (EXCERPT_CONTEXT_WORDS, EXCERPT_CONTEXT_WORDS),
            Mark::Deleted | Mark::Inserted => (EXCERPT_CHANGE_WORDS / 2, EXCERPT_CHANGE_WORDS / 2),
        };
        let text = if words.len() <= keep_head + keep_tail + 1 {
            segment.text.clone()
        } else {
            let lead = if segment.text.starts_with(' ') { " " } else { "" };
            let trail = if segment.text.ends_with(' ') { " " } else { "" };
            let head = words[..keep_head].join(" ");
            let tail = words[words.len() - keep_tail..].join(" ");
            match (head.is_empty(), tail.is_empty()) {
                (true, _) => format!("… {tail}{trail}"),
                (_, true) => format!("{lead}{head} …"),
                _ => format!("{lead}{head} … {tail}{trail}"),
            }
        };
        words_so_far += text.split(' ').filter(|word| !word.is_empty() && *word != "…").count();
        push_segment(&mut out, segment.mark, &text);
    }
    out
}
