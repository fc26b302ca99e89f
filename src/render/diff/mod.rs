//! Renderers for `dossier diff`: every format reads one `DiffReport` and writes it into any
//! `io::Write`. What they share are pure functions over the report, one topic per file: the
//! redline segments of a paragraph (`segments`), which paragraphs to show and which to fold
//! (`plan`), the change table rows (`rows`), and wrapping to a width (`wrap`); headings and
//! counts stay here.
//!
//! Each document-shaped renderer (terminal, markdown, html) writes a list of sections in one
//! place (its top-level function), so another section (such as what the diff did to each
//! timeline event) can be appended there without restructuring the rest.

#[cfg(test)]
pub(crate) mod fixtures;
pub mod html;
pub mod json;
pub mod markdown;
mod plan;
mod rows;
mod segments;
pub mod side_by_side;
pub mod stat;
pub mod table;
pub mod terminal;
pub mod unified;
mod wrap;

pub use plan::{PlanItem, plan};
pub use rows::{ChangeTableRow, change_rows, excerpt};
pub use segments::{
    Mark, PARAGRAPH_BREAK, RedlineSegment, clean_segments, code_lines, code_side_of, is_replaced, marked,
    paragraphs_of, segments, side_of, side_segments,
};
pub use wrap::{Line, cut, unwrapped_line, wrap, wrap_each};

use crate::report::diff::{Block, BlockKind, DiffReport, DiffStats};

/// How much of the report to show, beyond where it goes (`render::Style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffView {
    /// Unchanged paragraphs shown before and after each change; the rest are folded.
    pub context: usize,
}

/// Nothing to show past the header: the texts say the same, with every paragraph break where
/// it stood. A split or merge that changed no word leaves the texts identical, yet is shown.
pub fn nothing_changed(report: &DiffReport) -> bool {
    report.identical && report.blocks.iter().all(|block| block.kind == BlockKind::Unchanged)
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
    let total: usize = counts.iter().map(|(count, _)| count).sum();
    let noun = if total == 1 { "paragraph" } else { "paragraphs" };
    format!(
        "{} {noun}; {} deleted, {} inserted; similarity {}",
        crate::render::nonzero_counts(&counts).unwrap_or_else(|| "0".to_string()),
        crate::render::counted(stats.words_deleted, "word", "words"),
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

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::rows::EXCERPT_MAX_WORDS;
    use super::segments::collapse_whitespace;
    use super::*;
    use crate::report::diff::{ChangeKind, Op, OpKind};

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

    fn plan_shape(items: &[PlanItem]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                PlanItem::Shown(block) => format!("{:?}", block.kind),
                PlanItem::Folded(blocks) => format!("fold {}", blocks.len()),
                PlanItem::MovedFrom(block) => format!("from {}", block.old_paragraph.unwrap_or(0)),
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
        let words: usize = short.iter().map(|segment| crate::diff::count_words(&segment.text)).sum();
        assert!(words <= EXCERPT_MAX_WORDS + 4, "{words}");
        assert!(short.last().is_some_and(|segment| segment.text.ends_with('…')));
    }

    fn wrapped(segments: &[RedlineSegment], width: usize, markers: bool) -> Vec<String> {
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
        let wide = vec![RedlineSegment::new(Mark::Same, "中文字符 中文")];
        assert_eq!(wrapped(&wide, 8, false), ["中文字符", "中文"]);
        let long = vec![RedlineSegment::new(Mark::Deleted, "abcdefghij")];
        let lines = wrapped(&long, 5, true);
        assert_eq!(lines.concat(), "[-abcdefghij-]");
        assert!(lines.iter().all(|line| line.len() <= 5), "{lines:?}");
    }

    #[test]
    fn wrapping_paints_spaces_inside_a_change() {
        let lines =
            wrap(&[RedlineSegment::new(Mark::Same, "a "), RedlineSegment::new(Mark::Deleted, "b c")], 80, false);
        assert_eq!(lines[0].runs, [(Mark::Same, "a ".to_string()), (Mark::Deleted, "b c".to_string())]);
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
