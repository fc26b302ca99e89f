//! `dossier diff --side-by-side`: the old and new paragraph in two columns fitted to the
//! width, changed words painted (or framed `[-..-]` / `{+..+}` without colour).

use std::io::{self, Write};

use super::terminal::{write_bound_notes, write_event_sections, write_header, write_line, write_planned};
use super::{DiffView, Line, Mark, clean_segments, code_side_of, cut, side_of, unwrapped_line, wrap};
use crate::render::{Style, sanitize_terminal};
use crate::report::diff::DiffReport;

const SEPARATOR: &str = " │ ";
const SEPARATOR_WIDTH: usize = 3;
/// Narrower columns than this would be unreadable; the output then grows past the width.
const MIN_COLUMN: usize = 10;

pub fn side_by_side(report: &DiffReport, style: &Style, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    write_header(report, style, out)?;
    if !super::nothing_changed(report) {
        write_columns(report, style, view, out)?;
    }
    write_event_sections(report, style, out)?;
    write_bound_notes(report, out)
}

fn write_columns(report: &DiffReport, style: &Style, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    let column = (style.width.saturating_sub(SEPARATOR_WIDTH) / 2).max(MIN_COLUMN);
    write_planned(report, style, view, out, &mut |block, out| {
        let markers = !style.color;
        let side = |mark| {
            if block.keeps_lines() {
                // Code keeps its lines: each is cut to the column, never re-flowed.
                let lines = code_side_of(&block.ops, mark);
                let lines = lines.iter().map(|line| unwrapped_line(&clean_segments(line, sanitize_terminal), markers));
                lines.flat_map(|line| cut(&line, column)).collect()
            } else {
                wrap(&clean_segments(&side_of(&block.ops, mark), sanitize_terminal), column, markers)
            }
        };
        let (old, new) = (side(Mark::Deleted), side(Mark::Inserted));
        let blank = Line::default();
        for row in 0..old.len().max(new.len()) {
            let left = old.get(row).unwrap_or(&blank);
            write_line(left, style.color, out)?;
            let right = new.get(row).unwrap_or(&blank);
            write!(out, "{:pad$}{}", "", SEPARATOR.trim_end(), pad = column.saturating_sub(left.width))?;
            if !right.runs.is_empty() {
                write!(out, " ")?;
                write_line(right, style.color, out)?;
            }
            writeln!(out)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn render(color: bool, width: usize) -> String {
        let mut out = Vec::new();
        side_by_side(&small(), &Style { color, width }, &DiffView::default(), &mut out).expect("writes to memory");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn old_and_new_stand_side_by_side_within_the_width() {
        let text = render(false, 60);
        assert!(text.contains("[-Moscow-]"), "{text}");
        assert!(text.contains("{+Sochi+}"), "{text}");
        for line in text.lines() {
            assert!(line.width() <= 60, "{line:?}");
            if let Some((left, right)) = line.split_once(SEPARATOR) {
                assert!(!left.contains("{+") && !right.contains("[-"), "{line}");
                assert_eq!(left.width(), 28, "{line:?}");
            }
        }
    }

    #[test]
    fn whole_paragraphs_fill_one_side_only() {
        let text = render(false, 60);
        let inserted: Vec<&str> = text.lines().skip_while(|line| *line != "¶3 inserted").skip(1).take(2).collect();
        assert!(inserted[0].starts_with(&format!("{:28}{SEPARATOR}{{+A new", "")), "{inserted:?}");
        let deleted: Vec<&str> = text.lines().skip_while(|line| *line != "¶5 deleted").skip(1).take(1).collect();
        assert!(deleted[0].starts_with("[-This paragraph") && deleted[0].ends_with(" │"), "{deleted:?}");
    }

    #[test]
    fn colour_replaces_the_markers() {
        let text = render(true, 80);
        assert!(text.contains("\x1b[9m\x1b[31mMoscow\x1b[0m") && text.contains("\x1b[32mSochi\x1b[0m"), "{text:?}");
        assert!(!text.contains("[-") && !text.contains("{+"), "{text}");
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("side_by_side", render(false, 70));
    }
}
