//! `--format unified`: a unified-diff-like text for patch-minded readers. One line per
//! paragraph (never wrapped, so a line is a paragraph), prefixed like diff(1): ` ` unchanged
//! context, `-` a deleted paragraph, `+` an inserted one, and `!` (as in context diffs) a
//! changed or moved paragraph whose words carry wdiff markers `[-old-]{+new+}`.
//! Each hunk starts `@@ ¶old -> ¶new @@`, the paragraph numbers where it starts in each
//! text, followed by the moves it holds. Identical texts give no output, like diff(1).

use std::io::{self, Write};

use super::{DiffView, PlanItem, RedlineSegment, clean_segments, marked, paragraphs_of, plan, segments};
use crate::render::events::{edit_words, where_text};
use crate::render::sanitize_terminal;
use crate::report::diff::{Block, BlockKind, DiffReport};

pub fn unified(report: &DiffReport, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    if super::nothing_changed(report) {
        return Ok(());
    }
    writeln!(out, "--- {}", sanitize_terminal(&report.old.path))?;
    writeln!(out, "+++ {}", sanitize_terminal(&report.new.path))?;
    for change in &report.metadata_changes {
        let redline = clean_segments(&segments(&change.ops), sanitize_terminal);
        writeln!(out, "\\ header {}: {}", sanitize_terminal(&change.key), marked(&redline).replace('\n', " "))?;
    }
    for hunk in hunks(report, view.context) {
        write_hunk(&hunk, out)?;
    }
    for edit in &report.factual_edits {
        let described = format!("{} {}", where_text(edit), edit_words(&edit.deleted, &edit.inserted));
        writeln!(out, "\\ factual edit: {}", sanitize_terminal(&described))?;
    }
    for note in &report.bound_notes {
        writeln!(out, "\\ note: {}", sanitize_terminal(note))?;
    }
    Ok(())
}

struct Hunk<'a> {
    old_start: usize,
    new_start: usize,
    blocks: Vec<&'a Block<'a>>,
}

/// Runs of shown blocks between folds, with the paragraph numbers where each starts. A hunk
/// with no paragraph of one text starts where the next one of that text would have stood.
fn hunks<'a>(report: &'a DiffReport<'a>, context: usize) -> Vec<Hunk<'a>> {
    let mut hunks: Vec<Hunk> = Vec::new();
    let mut open = false;
    let (mut last_old, mut last_new) = (0, 0);
    for item in plan(&report.blocks, context, false) {
        match item {
            PlanItem::Shown(block) => {
                if !open {
                    hunks.push(Hunk { old_start: last_old + 1, new_start: last_new + 1, blocks: Vec::new() });
                    open = true;
                }
                if let Some(hunk) = hunks.last_mut() {
                    if hunk.blocks.iter().all(|shown| in_old_order(shown).is_none())
                        && let Some(old) = in_old_order(block)
                    {
                        hunk.old_start = old;
                    }
                    if hunk.blocks.iter().all(|shown| shown.new_paragraph.is_none())
                        && let Some(new) = block.new_paragraph
                    {
                        hunk.new_start = new;
                    }
                    hunk.blocks.push(block);
                }
                last_old = in_old_order(block).unwrap_or(last_old);
                last_new = block.new_paragraph.unwrap_or(last_new);
            }
            PlanItem::Folded(blocks) => {
                open = false;
                last_old = blocks.iter().rev().find_map(in_old_order).unwrap_or(last_old);
                last_new = blocks.iter().rev().find_map(|block| block.new_paragraph).unwrap_or(last_new);
            }
            PlanItem::MovedFrom(_) => {}
        }
    }
    hunks
}

/// A block's old paragraph number where it stands in the old order (a move stands elsewhere).
fn in_old_order(block: &Block) -> Option<usize> {
    block.old_paragraph.filter(|_| block.kind != BlockKind::Moved)
}

fn write_hunk(hunk: &Hunk, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "@@ ¶{} -> ¶{} @@", hunk.old_start, hunk.new_start)?;
    let moves: Vec<String> = hunk
        .blocks
        .iter()
        .filter(|block| block.kind == BlockKind::Moved)
        .map(|block| super::heading(block, "->"))
        .collect();
    if !moves.is_empty() {
        write!(out, " {}", moves.join("; "))?;
    }
    writeln!(out)?;
    for block in &hunk.blocks {
        let redline = clean_segments(&segments(&block.ops), sanitize_terminal);
        if let [old, new] = paragraphs_of(&redline).as_slice() {
            writeln!(out, "-{}", plain(old))?;
            writeln!(out, "+{}", plain(new))?;
            continue;
        }
        let prefix = match block.kind {
            BlockKind::Unchanged => ' ',
            BlockKind::Inserted => '+',
            BlockKind::Deleted => '-',
            BlockKind::Changed | BlockKind::Moved | BlockKind::Split | BlockKind::Merged => '!',
        };
        let text = match block.kind {
            BlockKind::Changed | BlockKind::Moved | BlockKind::Split | BlockKind::Merged => marked(&redline),
            _ => plain(&redline),
        };
        writeln!(out, "{prefix}{text}")?;
    }
    Ok(())
}

fn plain(redline: &[RedlineSegment]) -> String {
    redline.iter().map(|segment| segment.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    fn render(report: &DiffReport, context: usize) -> String {
        let mut out = Vec::new();
        unified(report, &DiffView { context }, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn hunks_carry_paragraph_numbers_and_prefixes() {
        let text = render(&small(), 0);
        let expected = "--- old.txt\n+++ new.txt\n\
            @@ ¶2 -> ¶2 @@\n\
            !On April 4-5, the Chinese foreign minister visited [-Moscow-]{+Sochi+} as the special envoy of \
            President Xi. [-Both ministers-]{+The two ministers+} stressed the partnership.\n\
            +A new paragraph about the Korean Peninsula.\n\
            @@ ¶5 -> ¶5 @@ ¶3 moved to ¶5\n\
            -This paragraph was removed entirely.\n\
            !Britain expelled Russian diplomats [-in March-]{+last spring+}.\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn context_paragraphs_are_prefixed_with_a_space_and_join_hunks() {
        let text = render(&small(), 1);
        assert!(
            text.contains("@@ ¶1 -> ¶1 @@ ¶3 moved to ¶5\n Since 1992, China and Russia have moved closer"),
            "{text}"
        );
        assert!(text.contains("\n The fourth paragraph is unchanged.\n-This paragraph"), "{text}");
        assert_eq!(text.lines().filter(|line| line.starts_with("@@")).count(), 1, "{text}");
    }

    #[test]
    fn an_insertion_alone_starts_where_it_stands_in_the_old_text() {
        let report = report(vec![
            unchanged(1, 1, "a"),
            unchanged(2, 2, "b"),
            block(BlockKind::Inserted, None, Some(3), vec![ins("new")]),
            unchanged(3, 4, "c"),
        ]);
        assert_eq!(render(&report, 0), "--- old.txt\n+++ new.txt\n@@ ¶3 -> ¶3 @@\n+new\n");
    }

    #[test]
    fn a_paragraph_replaced_whole_is_a_minus_and_a_plus_line() {
        let report = report(vec![block(BlockKind::Changed, Some(1), Some(1), vec![del("old text"), ins("new text")])]);
        assert_eq!(render(&report, 0), "--- old.txt\n+++ new.txt\n@@ ¶1 -> ¶1 @@\n-old text\n+new text\n");
    }

    #[test]
    fn identical_texts_give_nothing_and_notes_come_last() {
        assert_eq!(render(&report(vec![unchanged(1, 1, "same")]), 0), "");
        let mut report = report(vec![block(BlockKind::Changed, Some(1), Some(1), vec![del("a\x1b[2J"), ins("b")])]);
        report.bounded = true;
        report.bound_notes = vec!["bound hit".into()];
        assert_eq!(
            render(&report, 0),
            "--- old.txt\n+++ new.txt\n@@ ¶1 -> ¶1 @@\n-a\\u{1b}[2J\n+b\n\\ note: bound hit\n"
        );
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("unified", render(&small(), 1));
    }
}
