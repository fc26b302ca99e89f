//! Renderers for `dossier diff`: every format reads one `DiffReport` and writes it into any
//! `io::Write`. What they share lives here, as pure functions over the report: the redline
//! segments of a paragraph, which paragraphs to show and which to fold, the change table rows,
//! and wrapping to a width.
//!
//! Each document-shaped renderer (terminal, markdown, html) writes a list of sections in one
//! place (its top-level function), so another section (such as what the diff did to each
//! timeline event) can be appended there without restructuring the rest.

pub mod html;
pub mod json;
pub mod markdown;
pub mod side_by_side;
pub mod stat;
pub mod table;
pub mod terminal;
pub mod unified;

use std::io;

use unicode_width::UnicodeWidthStr;

use crate::report::diff::{Block, BlockKind, ChangeKind, DiffReport, DiffStats, Op, OpKind};

/// How much of the report to show, beyond where it goes (`render::Style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffView {
    /// Unchanged paragraphs shown before and after each change; the rest are folded.
    pub context: usize,
}

/// What a piece of redlined text is: kept, deleted from the old text or inserted in the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Deleted,
    Inserted,
}

/// A piece of a paragraph as a reader sees it: whitespace runs collapsed to one space (so a
/// re-wrapped line reads as prose), and spaces at the edges of a change moved outside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub mark: Mark,
    pub text: String,
}

impl Segment {
    fn new(mark: Mark, text: impl Into<String>) -> Self {
        Segment { mark, text: text.into() }
    }
}

/// Nothing to show past the header: the texts say the same, with every paragraph break where
/// it stood. A split or merge that changed no word leaves the texts identical, yet is shown.
pub fn nothing_changed(report: &DiffReport) -> bool {
    report.identical && report.blocks.iter().all(|block| block.kind == BlockKind::Unchanged)
}

/// How a paragraph break inside a split or merged block reads: a pilcrow, struck where the
/// break was removed, inserted where one was added, with a space on each side.
pub const PARAGRAPH_BREAK: &str = "¶";

/// The redline of one block: kept text, then each change as its deleted part followed by its
/// inserted part (as wdiff and git show them), whatever order the ops came in.
pub fn segments(ops: &[Op]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
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
pub fn marked(redline: &[Segment]) -> String {
    redline
        .iter()
        .map(|segment| match segment.mark {
            Mark::Same => segment.text.clone(),
            Mark::Deleted => format!("[-{}-]", segment.text),
            Mark::Inserted => format!("{{+{}+}}", segment.text),
        })
        .collect()
}

/// One text of a block, as segments: the old side (`Mark::Deleted`) is its kept text as the
/// old file wrote it (case, quotes, line breaks) and its deletions; the new side
/// (`Mark::Inserted`) its kept text and insertions.
pub fn side_of(ops: &[Op], side: Mark) -> Vec<Segment> {
    segments(&side_ops(ops, side))
}

/// One text of a code block line by line, its lines and indentation as that file has them.
pub fn code_side_of(ops: &[Op], side: Mark) -> Vec<Vec<Segment>> {
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
pub fn side_segments(segments: &[Segment], side: Mark) -> Vec<Segment> {
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
pub fn paragraphs_of(redline: &[Segment]) -> Vec<Vec<Segment>> {
    if is_replaced(redline) {
        vec![side_segments(redline, Mark::Deleted), side_segments(redline, Mark::Inserted)]
    } else {
        vec![redline.to_vec()]
    }
}

/// Whether `redline` keeps nothing and both deletes and inserts: a paragraph replaced whole.
pub fn is_replaced(redline: &[Segment]) -> bool {
    redline.iter().all(|segment| segment.mark != Mark::Same)
        && redline.iter().any(|segment| segment.mark == Mark::Deleted)
        && redline.iter().any(|segment| segment.mark == Mark::Inserted)
}

/// The redline of a code block line by line, as the file lays it out: whitespace kept, each
/// change as its deleted part followed by its inserted part. A paragraph break inside the
/// block is a pilcrow on a line of its own.
pub fn code_lines(ops: &[Op]) -> Vec<Vec<Segment>> {
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
fn push_lines(lines: &mut Vec<Vec<Segment>>, mark: Mark, text: &str) {
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
            _ => line.push(Segment::new(mark, piece)),
        }
    }
}

fn collapse_whitespace(text: &str) -> String {
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
fn push_segment(out: &mut Vec<Segment>, mark: Mark, text: &str) {
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
        _ => out.push(Segment::new(mark, text)),
    }
}

/// Pushes one change (its deleted and inserted parts), `next` being the first character of the
/// kept text after it. A space at the start or end of both parts goes outside the change, so
/// `The [-big-]{+small+} cat` rather than `The [-big -]{+small +}cat`. When one part is empty
/// the moved space shows in that text too, so it moves only where a space already stands on
/// the change's other side (`a [-b-] c`, never `a [-b-]c` for `a bc` -> `ac`). A change made
/// only of spaces keeps them, so it stays visible.
fn push_change(out: &mut Vec<Segment>, deleted: &str, inserted: &str, next: Option<char>) {
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
fn trim_paragraph_edges(segments: &mut Vec<Segment>) {
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

/// Words as a reader counts them: whitespace-separated pieces holding a letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().filter(|word| word.chars().any(char::is_alphanumeric)).count()
}

/// What to show of the report, in order.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// A changed paragraph, or an unchanged one within `--context` of a change.
    Shown(&'a Block<'a>),
    /// A run of unchanged paragraphs not shown.
    Folded(&'a [Block<'a>]),
    /// Where a moved paragraph stood in the old text (only when asked for).
    MovedFrom(&'a Block<'a>),
}

/// Decides which blocks to show: every change, and `context` unchanged paragraphs on each side
/// of it; every other run of unchanged paragraphs becomes one `Folded` item. With `origins`,
/// a `MovedFrom` item marks the old place of each moved paragraph.
pub fn plan<'a>(blocks: &'a [Block<'a>], context: usize, origins: bool) -> Vec<Item<'a>> {
    let is_change = |block: &Block| block.kind != BlockKind::Unchanged;
    let mut distance = vec![usize::MAX; blocks.len()];
    let mut since_change = usize::MAX;
    for (index, block) in blocks.iter().enumerate() {
        since_change = if is_change(block) { 0 } else { since_change.saturating_add(1) };
        distance[index] = since_change;
    }
    let mut until_change = usize::MAX;
    for (index, block) in blocks.iter().enumerate().rev() {
        until_change = if is_change(block) { 0 } else { until_change.saturating_add(1) };
        distance[index] = distance[index].min(until_change);
    }

    let origin_before = if origins { moved_origins(blocks) } else { vec![Vec::new(); blocks.len() + 1] };
    let mut items = Vec::new();
    let mut folded_from: Option<usize> = None;
    for index in 0..=blocks.len() {
        let shown = index < blocks.len() && distance[index] <= context;
        let origin_here = !origin_before[index].is_empty();
        if (shown || origin_here || index == blocks.len())
            && let Some(start) = folded_from.take()
        {
            items.push(Item::Folded(&blocks[start..index]));
        }
        items.extend(origin_before[index].iter().map(|&moved| Item::MovedFrom(&blocks[moved])));
        if index == blocks.len() {
            break;
        }
        if shown {
            items.push(Item::Shown(&blocks[index]));
        } else if folded_from.is_none() {
            folded_from = Some(index);
        }
    }
    items
}

/// For each position in `blocks` (and one past the end), the moved blocks whose old place is
/// just before it: before the first block that is not a move and stood later in the old text.
fn moved_origins(blocks: &[Block]) -> Vec<Vec<usize>> {
    let mut origins = vec![Vec::new(); blocks.len() + 1];
    for (moved_index, moved) in blocks.iter().enumerate() {
        let Some(old_number) = moved.old_paragraph.filter(|_| moved.kind == BlockKind::Moved) else { continue };
        let position = blocks
            .iter()
            .position(|block| {
                block.kind != BlockKind::Moved && block.old_paragraph.is_some_and(|number| number > old_number)
            })
            .unwrap_or(blocks.len());
        origins[position].push(moved_index);
    }
    for at_position in &mut origins {
        at_position.sort_by_key(|&index| blocks[index].old_paragraph);
    }
    origins
}

/// One row of the change table.
#[derive(Debug, Clone)]
pub struct ChangeRow<'a> {
    /// 1-based, in the order of the new text.
    pub number: usize,
    pub block: &'a Block<'a>,
    pub kind: ChangeKind,
    pub words_deleted: usize,
    pub words_inserted: usize,
    /// The redline shortened around its changes.
    pub excerpt: Vec<Segment>,
}

/// One row per changed, inserted, deleted or moved paragraph, in report order.
pub fn change_rows<'a>(report: &'a DiffReport<'a>) -> Vec<ChangeRow<'a>> {
    report
        .blocks
        .iter()
        .filter(|block| block.kind != BlockKind::Unchanged)
        .enumerate()
        .map(|(index, block)| {
            let words = |kind: OpKind| {
                block.ops.iter().filter(|op| op.op == kind && !op.moved).map(|op| count_words(&op.text)).sum::<usize>()
            };
            let (words_deleted, words_inserted) = (words(OpKind::Delete), words(OpKind::Insert));
            let kind = match block.kind {
                BlockKind::Inserted => ChangeKind::Insert,
                BlockKind::Deleted => ChangeKind::Delete,
                BlockKind::Moved if words_deleted + words_inserted == 0 => ChangeKind::Move,
                BlockKind::Moved => ChangeKind::MoveEdit,
                BlockKind::Split => ChangeKind::Split,
                BlockKind::Merged => ChangeKind::Merge,
                BlockKind::Changed | BlockKind::Unchanged => ChangeKind::Edit,
            };
            ChangeRow {
                number: index + 1,
                block,
                kind,
                words_deleted,
                words_inserted,
                excerpt: excerpt(&segments(&block.ops)),
            }
        })
        .collect()
}

/// Words of unchanged text kept on each side of a change in an excerpt.
const EXCERPT_CONTEXT_WORDS: usize = 4;
/// A change longer than this many words shows its start and end around an ellipsis.
const EXCERPT_CHANGE_WORDS: usize = 16;
/// An excerpt stops (with an ellipsis) once it holds this many words.
const EXCERPT_MAX_WORDS: usize = 48;

/// Shortens a redline around its changes: a few words of unchanged text on each side of each
/// change, long changes cut in the middle, and the whole capped, with `…` where text was left out.
pub fn excerpt(segments: &[Segment]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
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

/// `¶3 -> ¶4`, `¶3 ->`, `-> ¶4`: where a block stood and stands.
pub fn location(block: &Block, arrow: &str) -> String {
    match (block.old_paragraph, block.new_paragraph) {
        (Some(old), Some(new)) => format!("¶{old} {arrow} ¶{new}"),
        (Some(old), None) => format!("¶{old} {arrow}"),
        (None, Some(new)) => format!("{arrow} ¶{new}"),
        (None, None) => String::new(),
    }
}

/// What a shown block's heading says: `¶3 -> ¶4`, `¶4 inserted`, `¶3 deleted`,
/// `¶2 moved to ¶5`, `¶3 -> ¶4 unchanged`.
pub fn heading(block: &Block, arrow: &str) -> String {
    let number = |paragraph: Option<usize>| paragraph.map(|number| format!("¶{number}")).unwrap_or_default();
    match block.kind {
        BlockKind::Changed => location(block, arrow),
        BlockKind::Unchanged => format!("{} unchanged", location(block, arrow)),
        BlockKind::Inserted => format!("{} inserted", number(block.new_paragraph)),
        BlockKind::Deleted => format!("{} deleted", number(block.old_paragraph)),
        BlockKind::Moved => format!("{} moved to {}", number(block.old_paragraph), number(block.new_paragraph)),
        BlockKind::Split => format!("{} split into {}", numbers(&block.old_paragraphs), numbers(&block.new_paragraphs)),
        BlockKind::Merged => {
            format!("{} merged into {}", numbers(&block.old_paragraphs), numbers(&block.new_paragraphs))
        }
    }
}

/// `¶3`, `¶3-¶5`: a run of consecutive paragraphs.
fn numbers(paragraphs: &[usize]) -> String {
    match paragraphs {
        [] => String::new(),
        [only] => format!("¶{only}"),
        [first, .., last] => format!("¶{first}-¶{last}"),
    }
}

/// `… 4 unchanged paragraphs …`
pub fn folded_label(count: usize) -> String {
    let noun = if count == 1 { "paragraph" } else { "paragraphs" };
    format!("… {count} unchanged {noun} …")
}

/// One line of counts: `3 changed, 1 inserted, 1 deleted, 1 moved paragraphs; similarity 96.5%`.
pub fn summary(stats: &DiffStats) -> String {
    let counts = [
        (stats.paragraphs_changed, "changed"),
        (stats.paragraphs_inserted, "inserted"),
        (stats.paragraphs_deleted, "deleted"),
        (stats.paragraphs_moved, "moved"),
        (stats.paragraphs_split, "split"),
        (stats.paragraphs_merged, "merged"),
        (stats.paragraphs_unchanged, "unchanged"),
    ];
    let listed: Vec<String> =
        counts.iter().filter(|(count, _)| *count > 0).map(|(count, what)| format!("{count} {what}")).collect();
    let total: usize = counts.iter().map(|(count, _)| count).sum();
    let noun = if total == 1 { "paragraph" } else { "paragraphs" };
    format!(
        "{} {noun}; {} words deleted, {} inserted; similarity {}",
        if listed.is_empty() { "0".to_string() } else { listed.join(", ") },
        stats.words_deleted,
        stats.words_inserted,
        percent(stats.similarity)
    )
}

/// A 0..1 share as a percentage with one decimal (`96.5%`).
pub fn percent(share: f64) -> String {
    if share.is_finite() { format!("{:.1}%", share * 100.0) } else { "n/a".to_string() }
}

/// `part` as a percentage of `whole` (0% of nothing).
pub fn percent_of(part: usize, whole: usize) -> String {
    if whole == 0 { "0%".to_string() } else { format!("{:.0}%", part as f64 * 100.0 / whole as f64) }
}

/// How a piece of a wrapped line is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Plain,
    Deleted,
    Inserted,
}

/// One wrapped line: runs of text with their paint, and its width in columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub runs: Vec<(Paint, String)>,
    pub width: usize,
}

impl Line {
    fn push(&mut self, paint: Paint, text: &str) {
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
pub fn unwrapped_line(segments: &[Segment], markers: bool) -> Line {
    let mut line = Line::default();
    for segment in segments {
        let (paint, open, close) = match segment.mark {
            Mark::Same => (Paint::Plain, "", ""),
            Mark::Deleted => (Paint::Deleted, "[-", "-]"),
            Mark::Inserted => (Paint::Inserted, "{+", "+}"),
        };
        if markers && !open.is_empty() {
            line.push(Paint::Plain, open);
        }
        line.push(paint, &segment.text);
        if markers && !close.is_empty() {
            line.push(Paint::Plain, close);
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
type Atom<'a> = Vec<(Paint, &'a str, bool)>;

/// Wraps a redline to `width` columns at spaces (by display width). With `markers`, changes
/// are framed wdiff-style (`[-old-]{+new+}`) and a marker never leaves its word; without,
/// the paint alone tells changes apart (for colour). Spaces inside a change stay painted.
/// A word wider than the line is split between characters, never inside a marker.
pub fn wrap(segments: &[Segment], width: usize, markers: bool) -> Vec<Line> {
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
    segments: &[Segment],
    width: usize,
    markers: bool,
    emit: &mut dyn FnMut(Line) -> io::Result<()>,
) -> io::Result<()> {
    let mut placer = Placer { width: width.max(1), line: Line::default(), emit };
    // Each atom goes with the paint of the breakable space before it.
    let mut current: Atom = Vec::new();
    let mut gap = Paint::Plain;
    for segment in segments {
        let paint = match segment.mark {
            Mark::Same => Paint::Plain,
            Mark::Deleted => Paint::Deleted,
            Mark::Inserted => Paint::Inserted,
        };
        let (open, close) = match segment.mark {
            Mark::Deleted => ("[-", "-]"),
            Mark::Inserted => ("{+", "+}"),
            Mark::Same => ("", ""),
        };
        if markers && !open.is_empty() {
            current.push((Paint::Plain, open, true));
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
            current.push((Paint::Plain, close, true));
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

    fn place(&mut self, gap: Paint, atom: &Atom) -> io::Result<()> {
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

/// Applies `clean` (a format's escaping) to the text of every segment.
pub fn clean_segments(segments: &[Segment], clean: impl Fn(&str) -> String) -> Vec<Segment> {
    segments.iter().map(|segment| Segment::new(segment.mark, clean(&segment.text))).collect()
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Hand-built reports for the renderers' tests: they own their texts.

    use crate::report::SCHEMA_VERSION;
    use crate::report::diff::{Block, BlockKind, DiffReport, DiffStats, DocumentSummary, Op};

    pub fn same(text: &str) -> Op<'static> {
        Op::equal(text.to_string())
    }

    pub fn del(text: &str) -> Op<'static> {
        Op::delete(text.to_string())
    }

    pub fn ins(text: &str) -> Op<'static> {
        Op::insert(text.to_string())
    }

    pub fn block(kind: BlockKind, old: Option<usize>, new: Option<usize>, ops: Vec<Op<'static>>) -> Block<'static> {
        Block::single(kind, old, new, 0.8, ops)
    }

    pub fn unchanged(old: usize, new: usize, text: &str) -> Block<'static> {
        Block { similarity: 1.0, ..block(BlockKind::Unchanged, Some(old), Some(new), vec![same(text)]) }
    }

    pub fn report(blocks: Vec<Block<'static>>) -> DiffReport<'static> {
        let identical = blocks.iter().all(|block| block.kind == BlockKind::Unchanged);
        DiffReport {
            schema_version: SCHEMA_VERSION,
            old: DocumentSummary { path: "old.txt".into(), paragraphs: 6, words: 60 },
            new: DocumentSummary { path: "new.txt".into(), paragraphs: 6, words: 62 },
            identical,
            stats: DiffStats {
                words_common: 52,
                words_deleted: 8,
                words_inserted: 10,
                words_changed: 5,
                paragraphs_unchanged: 2,
                paragraphs_changed: 1,
                paragraphs_inserted: 1,
                paragraphs_deleted: 1,
                paragraphs_moved: 1,
                similarity: 0.8525,
                ..DiffStats::default()
            },
            bounded: false,
            bound_notes: Vec::new(),
            metadata_changes: Vec::new(),
            blocks,
            factual_edits: Vec::new(),
            events: None,
        }
    }

    /// A small report with one of each kind of block: the snapshots' subject.
    pub fn small() -> DiffReport<'static> {
        report(vec![
            unchanged(1, 1, "Since 1992, China and Russia have\nmoved closer than ever before."),
            block(
                BlockKind::Changed,
                Some(2),
                Some(2),
                vec![
                    same("On April 4-5, the Chinese foreign minister visited "),
                    del("Moscow"),
                    ins("Sochi"),
                    same(" as the special envoy of President Xi. "),
                    del("Both ministers"),
                    ins("The two ministers"),
                    same(" stressed the partnership."),
                ],
            ),
            block(BlockKind::Inserted, None, Some(3), vec![ins("A new paragraph about the Korean Peninsula.")]),
            unchanged(4, 4, "The fourth paragraph is unchanged."),
            block(BlockKind::Deleted, Some(5), None, vec![del("This paragraph was removed entirely.")]),
            block(
                BlockKind::Moved,
                Some(3),
                Some(5),
                vec![same("Britain expelled Russian diplomats "), del("in March"), ins("last spring"), same(".")],
            ),
            unchanged(6, 6, "The last paragraph is unchanged too."),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn spaces_at_the_edges_of_a_change_move_outside_it() {
        let ops = vec![same("The "), del("big "), ins("small "), same("cat")];
        assert_eq!(marked(&segments(&ops)), "The [-big-]{+small+} cat");
        let ops = vec![same("The"), del(" big"), same(" cat")];
        assert_eq!(marked(&segments(&ops)), "The [-big-] cat");
    }

    #[test]
    fn a_space_moves_out_of_a_one_sided_change_only_where_another_stands() {
        assert_eq!(marked(&segments(&[same("a"), del(" b"), same(" c")])), "a [-b-] c");
        assert_eq!(marked(&segments(&[same("a"), del(" b"), same("c")])), "a[- b-]c");
        assert_eq!(marked(&segments(&[same("a "), ins("b "), same("c")])), "a {+b+} c");
        assert_eq!(marked(&segments(&[same("a"), ins("b "), same("c")])), "a{+b +}c");
    }

    #[test]
    fn a_paragraph_replaced_whole_reads_as_two() {
        let parts = paragraphs_of(&segments(&[del("old text "), ins("new text")]));
        assert_eq!(parts.iter().map(|part| marked(part)).collect::<Vec<_>>(), ["[-old text-]", "{+new text+}"]);
        assert_eq!(paragraphs_of(&segments(&[same("a "), del("b"), ins("c")])).len(), 1);
        assert_eq!(paragraphs_of(&segments(&[del("gone")])).len(), 1);
    }

    #[test]
    fn a_change_made_only_of_spaces_stays_visible() {
        let ops = vec![same("a"), del(" "), same(", b")];
        assert_eq!(marked(&segments(&ops)), "a[- -], b");
    }

    #[test]
    fn line_breaks_read_as_spaces_and_deletions_come_first() {
        let ops = vec![same("one\r\n  two "), ins("new"), del("old"), same("\nthree\n")];
        assert_eq!(marked(&segments(&ops)), "one two [-old-]{+new+} three");
    }

    #[test]
    fn the_old_side_shows_kept_text_as_the_old_file_wrote_it() {
        let ops = vec![Op::equal_with_old("Beijing said ", "BEIJING said\n"), del("no"), ins("yes")];
        assert_eq!(marked(&side_of(&ops, Mark::Deleted)), "BEIJING said [-no-]");
        assert_eq!(marked(&side_of(&ops, Mark::Inserted)), "Beijing said {+yes+}");
        assert_eq!(marked(&segments(&ops)), "Beijing said [-no-]{+yes+}");
    }

    #[test]
    fn each_side_keeps_its_own_text() {
        let all = segments(&[same("keep "), del("old"), ins("new"), same(" end")]);
        assert_eq!(marked(&side_segments(&all, Mark::Deleted)), "keep [-old-] end");
        assert_eq!(marked(&side_segments(&all, Mark::Inserted)), "keep {+new+} end");
    }

    fn side_text(ops: &[Op], side: Mark) -> String {
        let all = segments(ops);
        collapse_whitespace(&side_segments(&all, side).iter().map(|segment| segment.text.as_str()).collect::<String>())
    }

    fn op_strategy() -> impl proptest::strategy::Strategy<Value = Op<'static>> {
        use proptest::prelude::*;
        let text = proptest::collection::vec(
            prop_oneof!["[a-c]{1,3}", Just(" ".to_string()), Just("\n".to_string()), Just(",".to_string())],
            1..5,
        )
        .prop_map(|pieces| pieces.concat());
        (0..3u8, text).prop_map(|(kind, text)| match kind {
            0 => same(&text),
            1 => del(&text),
            _ => ins(&text),
        })
    }

    proptest::proptest! {
        /// Whatever the ops, each side of the redline reads as that side's text (up to
        /// whitespace runs and the paragraph's outer whitespace).
        #[test]
        fn each_side_of_a_redline_is_that_text(ops in proptest::collection::vec(op_strategy(), 0..12)) {
            let text_of = |kinds: [OpKind; 2]| {
                let raw: String = ops.iter().filter(|op| kinds.contains(&op.op)).map(|op| &*op.text).collect();
                collapse_whitespace(raw.trim())
            };
            proptest::prop_assert_eq!(side_text(&ops, Mark::Deleted), text_of([OpKind::Equal, OpKind::Delete]));
            proptest::prop_assert_eq!(side_text(&ops, Mark::Inserted), text_of([OpKind::Equal, OpKind::Insert]));
        }

        /// Wrapping loses no character and no marker, and never exceeds the width.
        #[test]
        fn wrapping_keeps_every_word_within_the_width(
            ops in proptest::collection::vec(op_strategy(), 0..12),
            width in 12usize..40,
        ) {
            let redline = segments(&ops);
            let one_line: Vec<String> = wrap(&redline, usize::MAX, true).iter().map(Line::plain).collect();
            let lines = wrap(&redline, width, true);
            for line in &lines {
                proptest::prop_assert!(line.width <= width, "{:?}", line);
            }
            let without_spaces = |text: String| text.replace(' ', "");
            let joined: String = lines.iter().map(Line::plain).collect();
            proptest::prop_assert_eq!(without_spaces(joined), without_spaces(one_line.concat()));
        }
    }

    fn plan_shape(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                Item::Shown(block) => format!("{:?}", block.kind),
                Item::Folded(blocks) => format!("fold {}", blocks.len()),
                Item::MovedFrom(block) => format!("from {}", block.old_paragraph.unwrap_or(0)),
            })
            .collect()
    }

    fn run_with_change_in_middle() -> Vec<Block<'static>> {
        let mut blocks: Vec<Block> = (1..=4).map(|n| unchanged(n, n, "same")).collect();
        blocks.push(block(BlockKind::Changed, Some(5), Some(5), vec![del("a"), ins("b")]));
        blocks.extend((6..=8).map(|n| unchanged(n, n, "same")));
        blocks
    }

    #[test]
    fn unchanged_runs_fold_and_context_shows_their_edges() {
        let blocks = run_with_change_in_middle();
        assert_eq!(plan_shape(&plan(&blocks, 0, false)), ["fold 4", "Changed", "fold 3"]);
        assert_eq!(
            plan_shape(&plan(&blocks, 2, false)),
            ["fold 2", "Unchanged", "Unchanged", "Changed", "Unchanged", "Unchanged", "fold 1"]
        );
        assert_eq!(plan(&blocks, 9, false).len(), blocks.len());
    }

    #[test]
    fn a_space_only_the_old_text_has_still_parts_a_deletion_from_kept_words() {
        let ops =
            [Op::equal_with_old("Use zsh", "Use zsh "), Op::delete("or tcsh"), Op::equal_with_old("now.", " now.")];
        assert_eq!(marked(&segments(&ops)), "Use zsh [-or tcsh-] now.");
    }

    #[test]
    fn split_and_merge_breaks_read_as_pilcrows() {
        let ops = [Op::equal("One."), Op::paragraph_break(OpKind::Insert), Op::equal("Two.")];
        assert_eq!(marked(&segments(&ops)), "One. {+¶+} Two.");
    }

    #[test]
    fn code_keeps_its_lines_blank_lines_and_indentation() {
        let ops = [same("```sh\r\n# fetch\r\n\r\n    run --prefix "), del("/usr"), ins("/opt"), same("\r\n```")];
        let lines: Vec<String> = code_lines(&ops).iter().map(|line| marked(line)).collect();
        assert_eq!(lines, ["```sh", "# fetch", "", "    run --prefix [-/usr-]{+/opt+}", "```"]);
        assert_eq!(unwrapped_line(&code_lines(&ops)[3], true).plain(), "    run --prefix [-/usr-]{+/opt+}");
        let old_side: Vec<String> = code_side_of(&ops, Mark::Deleted).iter().map(|line| marked(line)).collect();
        assert_eq!(old_side[3], "    run --prefix [-/usr-]");
        let pieces: Vec<String> =
            cut(&unwrapped_line(&code_lines(&ops)[3], false), 8).iter().map(Line::plain).collect();
        assert_eq!(pieces, ["    run ", "--prefix", " /usr/op", "t"]);
    }

    #[test]
    fn fenced_and_indented_code_are_code_and_prose_is_not() {
        let code = |text: &str| block(BlockKind::Changed, Some(1), Some(1), vec![same(text)]).is_code();
        assert!(code("```\n# a\n```") && code("~~~ rust\nfn main() {}\n~~~"));
        assert!(code("let a = 1;\n    let b = 2;\n\n\tlet c = 3;"));
        assert!(!code("Prose that wraps\nonto a second line.") && !code("One line."));
        assert!(!code("- item\n  continued"));
    }

    #[test]
    fn an_identical_text_folds_into_one_run() {
        let blocks: Vec<Block> = (1..=3).map(|n| unchanged(n, n, "same")).collect();
        assert_eq!(plan_shape(&plan(&blocks, 2, false)), ["fold 3"]);
        assert!(plan(&[], 0, false).is_empty());
    }

    #[test]
    fn moved_paragraphs_mark_their_old_place_when_asked() {
        let blocks = vec![
            unchanged(1, 1, "a"),
            unchanged(3, 2, "c"),
            unchanged(4, 3, "d"),
            block(BlockKind::Moved, Some(2), Some(4), vec![same("b")]),
        ];
        assert_eq!(plan_shape(&plan(&blocks, 0, true)), ["fold 1", "from 2", "fold 2", "Moved"]);
        assert_eq!(plan_shape(&plan(&blocks, 0, false)), ["fold 3", "Moved"]);
    }

    #[test]
    fn change_rows_name_kinds_and_count_words() {
        let report = small();
        let rows = change_rows(&report);
        let kinds: Vec<&str> = rows.iter().map(|row| row.kind.label()).collect();
        assert_eq!(kinds, ["edit", "insert", "delete", "move+edit"]);
        assert_eq!((rows[0].words_deleted, rows[0].words_inserted), (3, 4));
        assert_eq!(rows.iter().map(|row| row.number).collect::<Vec<_>>(), [1, 2, 3, 4]);
        let still_moved = block(BlockKind::Moved, Some(1), Some(3), vec![same("text")]);
        let report = super::fixtures::report(vec![still_moved]);
        assert_eq!(change_rows(&report)[0].kind, ChangeKind::Move);
    }

    #[test]
    fn excerpts_keep_a_few_words_around_each_change() {
        let long_before = "one two three four five six seven eight nine ten ";
        let long_after = " alpha beta gamma delta epsilon zeta eta theta";
        let ops = vec![same(long_before), del("old"), ins("new"), same(long_after)];
        assert_eq!(marked(&excerpt(&segments(&ops))), "… seven eight nine ten [-old-]{+new+} alpha beta gamma delta …");
        let long_change: String = (1..=40).map(|n| format!("w{n} ")).collect();
        let ops = vec![ins(&long_change)];
        let short = marked(&excerpt(&segments(&ops)));
        assert_eq!(short, "{+w1 w2 w3 w4 w5 w6 w7 w8 … w33 w34 w35 w36 w37 w38 w39 w40+}");
    }

    #[test]
    fn excerpts_are_capped() {
        let mut ops = Vec::new();
        for n in 0..30 {
            ops.push(same(&format!(" k{n} ")));
            ops.push(del(&format!("d{n}a d{n}b")));
        }
        let short = excerpt(&segments(&ops));
        let words: usize = short.iter().map(|segment| count_words(&segment.text)).sum();
        assert!(words <= EXCERPT_MAX_WORDS + 4, "{words}");
        assert!(short.last().is_some_and(|segment| segment.text.ends_with('…')));
    }

    fn wrapped(segments: &[Segment], width: usize, markers: bool) -> Vec<String> {
        wrap(segments, width, markers).iter().map(Line::plain).collect()
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_markers_on_their_words() {
        let ops = vec![same("The quick brown "), del("fox jumps"), ins("dog sleeps"), same(" over the lazy dog.")];
        let lines = wrapped(&segments(&ops), 20, true);
        assert_eq!(lines, ["The quick brown", "[-fox jumps-]{+dog", "sleeps+} over the", "lazy dog."]);
        for line in wrap(&segments(&ops), 20, true) {
            assert!(line.width <= 20);
        }
        assert_eq!(wrapped(&segments(&ops), 200, false), ["The quick brown fox jumpsdog sleeps over the lazy dog."]);
    }

    #[test]
    fn wrapping_measures_display_width_and_splits_long_words() {
        let wide = vec![Segment::new(Mark::Same, "中文字符 中文")];
        assert_eq!(wrapped(&wide, 8, false), ["中文字符", "中文"]);
        let long = vec![Segment::new(Mark::Deleted, "abcdefghij")];
        let lines = wrapped(&long, 5, true);
        assert_eq!(lines.concat(), "[-abcdefghij-]");
        assert!(lines.iter().all(|line| line.len() <= 5), "{lines:?}");
    }

    #[test]
    fn wrapping_paints_spaces_inside_a_change() {
        let lines = wrap(&[Segment::new(Mark::Same, "a "), Segment::new(Mark::Deleted, "b c")], 80, false);
        assert_eq!(lines[0].runs, [(Paint::Plain, "a ".to_string()), (Paint::Deleted, "b c".to_string())]);
    }

    #[test]
    fn summaries_and_percentages() {
        assert_eq!(
            summary(&small().stats),
            "1 changed, 1 inserted, 1 deleted, 1 moved, 2 unchanged paragraphs; 8 words deleted, 10 inserted; similarity 85.2%"
        );
        assert_eq!(percent_of(1, 3), "33%");
        assert_eq!(percent_of(1, 0), "0%");
        assert_eq!(percent(f64::NAN), "n/a");
        assert_eq!(folded_label(1), "… 1 unchanged paragraph …");
    }
}
