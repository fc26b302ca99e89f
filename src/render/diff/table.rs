//! `--format table`: the change table in the terminal, fitted to the width. One row per
//! change: its number, where (¶old -> ¶new), kind, words deleted and inserted, and the
//! redlined excerpt (wdiff markers, since a table cell cannot carry colour reliably).

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Table, presets};

use super::terminal::{write_bound_notes, write_event_sections, write_header};
use super::{Mark, RedlineSegment, change_rows, location};
use crate::render::{Style, sanitize_terminal, set_bold_header, terminal_table};
use crate::report::diff::{BlockKind, DiffReport};

pub fn change_table(report: &DiffReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    write_header(report, style, out)?;
    // Texts that differ only in their header fields have no changed paragraph to list.
    if report.blocks.iter().any(|block| block.kind != BlockKind::Unchanged) {
        writeln!(out)?;
        writeln!(out, "{}", build(report, style))?;
    }
    write_event_sections(report, style, out)?;
    write_bound_notes(report, out)
}

fn build(report: &DiffReport, style: &Style) -> Table {
    let mut table = terminal_table(style, presets::UTF8_FULL_CONDENSED);
    set_bold_header(&mut table, style, &["#", "Where", "Kind", "Words -/+", "Excerpt"]);
    for row in change_rows(report) {
        table.add_row(vec![
            Cell::new(row.number).set_alignment(CellAlignment::Right),
            Cell::new(location(row.block, "->")),
            Cell::new(row.kind.label()),
            Cell::new(format!("-{}/+{}", row.words_deleted, row.words_inserted)).set_alignment(CellAlignment::Right),
            Cell::new(marked(&row.excerpt)),
        ]);
    }
    table
}

fn marked(excerpt: &[RedlineSegment]) -> String {
    excerpt
        .iter()
        .map(|segment| {
            let text = sanitize_terminal(&segment.text);
            match segment.mark {
                Mark::Same => text,
                Mark::Deleted => format!("[-{text}-]"),
                Mark::Inserted => format!("{{+{text}+}}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::report::diff::BlockKind;
    use unicode_width::UnicodeWidthStr;

    fn render(report: &DiffReport, width: usize) -> String {
        let mut out = Vec::new();
        change_table(report, &Style { color: false, width }, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn one_row_per_change_within_the_width() {
        let text = render(&small(), 80);
        for line in text.lines() {
            assert!(line.width() <= 80, "{line:?}");
        }
        for kind in ["edit", "insert", "delete", "move+edit"] {
            assert!(text.contains(&format!(" {kind} ")), "{kind} in {text}");
        }
        assert!(text.contains("¶3 -> ¶5") && text.contains("-> ¶3") && text.contains("¶5 ->"), "{text}");
        assert!(text.contains("[-Moscow-]{+Sochi+}"), "{text}");
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn hostile_text_in_cells_is_made_visible() {
        let hostile = block(BlockKind::Changed, Some(1), Some(1), vec![same("a\x1b[2J"), del("b\u{202e}"), ins("c")]);
        let text = render(&report(vec![hostile]), 80);
        assert!(!text.contains('\x1b') && !text.contains('\u{202e}'), "{text:?}");
        assert!(text.contains("a\\u{1b}[2J"), "{text}");
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("table", render(&small(), 90));
    }
}
