//! The default `dossier diff` output: an inline redline for the terminal. Deleted text red
//! and struck, inserted text green; without colour, wdiff's `[-old-]{+new+}`.

use std::io::{self, Write};

use super::{
    DiffView, Line, Mark, PlanItem, RedlineSegment, clean_segments, code_lines, folded_label, heading, is_replaced,
    paragraphs_of, plan, segments, summary, unwrapped_line, wrap, wrap_each,
};
use unicode_width::UnicodeWidthStr;

use crate::render::events;
use crate::render::{Style, sanitize_terminal};
use crate::report::diff::{Block, DiffReport};

use anstyle::Style as AnsiStyle;

use crate::render::ansi::{BOLD, DELETED, DIM, INSERTED};

/// Writes the redline: the header, the changed paragraphs (unchanged ones folded), and the
/// notes on any work bound that was hit.
pub fn redline(report: &DiffReport, style: &Style, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    write_header(report, style, out)?;
    if !super::nothing_changed(report) {
        write_paragraphs(report, style, view, out)?;
    }
    write_event_sections(report, style, out)?;
    write_bound_notes(report, out)
}

/// The factual edits (when there are any) and, when a timeline is in use, what the change did
/// to each event: tables after the redline.
pub(super) fn write_event_sections(report: &DiffReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if !report.factual_edits.is_empty() {
        writeln!(out)?;
        events::write_factual_terminal(out, &report.factual_edits, style)?;
    }
    if let Some(changes) = &report.events {
        writeln!(out)?;
        events::write_events_terminal(out, changes, style)?;
    }
    Ok(())
}

/// `old -> new`, then one line of counts.
pub(super) fn write_header(report: &DiffReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let (old, new) = (sanitize_terminal(&report.old.path), sanitize_terminal(&report.new.path));
    let title = format!("{old} -> {new}");
    // Paths are shown exactly as given, so a long title breaks only at its arrow.
    let title = if title.width() <= style.width { title } else { format!("{old} ->\n{new}") };
    for line in title.lines() {
        write_painted(out, style.color, BOLD, line)?;
        writeln!(out)?;
    }
    let line = if super::nothing_changed(report) {
        format!(
            "no differences ({}, {})",
            crate::render::counted(report.new.paragraphs, "paragraph", "paragraphs"),
            crate::render::counted(report.new.words, "word", "words")
        )
    } else {
        summary(&report.stats)
    };
    for line in wrap(&[RedlineSegment { mark: Mark::Same, text: line }], style.width, false) {
        writeln!(out, "{}", line.plain())?;
    }
    // Changed header fields, each a redline of its value.
    for change in &report.metadata_changes {
        let mut redline = vec![RedlineSegment::new(Mark::Same, format!("{}: ", sanitize_terminal(&change.key)))];
        redline.extend(clean_segments(&segments(&change.ops), sanitize_terminal));
        for line in wrap(&redline, style.width, !style.color) {
            write_line(&line, style.color, out)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_paragraphs(report: &DiffReport, style: &Style, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    write_planned(report, style, view, out, &mut |block, out| {
        if block.keeps_lines() {
            for line in code_lines(&block.ops) {
                write_line(&unwrapped_line(&clean_segments(&line, sanitize_terminal), !style.color), style.color, out)?;
                writeln!(out)?;
            }
            return Ok(());
        }
        let redline = clean_segments(&segments(&block.ops), sanitize_terminal);
        let mut write_wrapped = |part: &[RedlineSegment]| {
            wrap_each(part, style.width, !style.color, &mut |line| {
                write_line(&line, style.color, out)?;
                writeln!(out)
            })
        };
        // Lines are written as they are wrapped: a paragraph of many megabytes is never held
        // as lines, nor copied to be split in two when nothing of it was replaced.
        if is_replaced(&redline) {
            paragraphs_of(&redline).iter().try_for_each(|part| write_wrapped(part))
        } else {
            write_wrapped(&redline)
        }
    })
}

/// The blocks as the terminal formats lay them out: each run of unchanged paragraphs folded to
/// a dim label, each shown block under its bold heading with `write_block` writing its text.
pub(super) fn write_planned(
    report: &DiffReport,
    style: &Style,
    view: &DiffView,
    out: &mut dyn Write,
    write_block: &mut dyn FnMut(&Block, &mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    for item in plan(&report.blocks, view.context, false) {
        writeln!(out)?;
        match item {
            PlanItem::Folded(blocks) => {
                write_painted(out, style.color, DIM, &folded_label(blocks.len()))?;
                writeln!(out)?;
            }
            PlanItem::Shown(block) => {
                write_painted(out, style.color, BOLD, &heading(block, "->"))?;
                writeln!(out)?;
                write_block(block, out)?;
            }
            PlanItem::MovedFrom(_) => {}
        }
    }
    Ok(())
}

/// One note per work bound that was hit, so nobody mistakes a coarse diff for a precise one.
pub(super) fn write_bound_notes(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    if !report.bounded {
        return Ok(());
    }
    writeln!(out)?;
    if report.bound_notes.is_empty() {
        writeln!(out, "note: a work bound was hit; parts of this diff are coarser than they could be")?;
    }
    for note in &report.bound_notes {
        writeln!(out, "note: {}", sanitize_terminal(note))?;
    }
    Ok(())
}

/// Writes a wrapped line, painting changes when colour is on (each run reset at its end, so
/// no style leaks into the next line).
pub(super) fn write_line(line: &Line, color: bool, out: &mut dyn Write) -> io::Result<()> {
    for (paint, text) in &line.runs {
        let code = match paint {
            Mark::Same => AnsiStyle::new(),
            Mark::Deleted => DELETED,
            Mark::Inserted => INSERTED,
        };
        write_painted(out, color, code, text)?;
    }
    Ok(())
}

pub(super) fn write_painted(out: &mut dyn Write, color: bool, code: AnsiStyle, text: &str) -> io::Result<()> {
    if color && !code.is_plain() {
        write!(out, "{}{text}{}", code.render(), code.render_reset())
    } else {
        write!(out, "{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::report::diff::BlockKind;

    fn render(report: &DiffReport, color: bool, width: usize, context: usize) -> String {
        let mut out = Vec::new();
        redline(report, &Style { color, width }, &DiffView { context }, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn without_colour_changes_are_marked_wdiff_style() {
        let text = render(&small(), false, 100, 0);
        assert!(text.starts_with("old.txt -> new.txt\n"), "{text}");
        assert!(text.contains("visited [-Moscow-]{+Sochi+} as the special envoy"), "{text}");
        assert!(text.contains("[-Both ministers-]{+The two ministers+} stressed"), "{text}");
        assert!(text.contains("¶3 inserted\n{+A new paragraph about the Korean Peninsula.+}\n"), "{text}");
        assert!(text.contains("¶5 deleted\n[-This paragraph was removed entirely.-]\n"), "{text}");
        assert!(text.contains("¶3 moved to ¶5\nBritain expelled Russian diplomats [-in March-]{+last spring+}."));
        assert!(!text.contains('\x1b'), "{text}");
    }

    #[test]
    fn unchanged_paragraphs_fold_unless_context_is_asked_for() {
        let folded = render(&small(), false, 100, 0);
        assert!(folded.contains("\n… 1 unchanged paragraph …\n"), "{folded}");
        assert!(!folded.contains("The fourth paragraph is unchanged."), "{folded}");
        let with_context = render(&small(), false, 100, 1);
        assert!(with_context.contains("¶4 -> ¶4 unchanged\nThe fourth paragraph is unchanged.\n"), "{with_context}");
        assert!(!with_context.contains('…'), "{with_context}");
    }

    #[test]
    fn colour_paints_deleted_red_struck_and_inserted_green() {
        let text = render(&small(), true, 100, 0);
        assert!(text.contains("visited \x1b[9m\x1b[31mMoscow\x1b[0m\x1b[32mSochi\x1b[0m as"), "{text:?}");
        assert!(!text.contains("[-"), "{text}");
    }

    #[test]
    fn lines_fit_the_width() {
        let text = render(&small(), false, 30, 0);
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 30, "{line:?}");
        }
        assert!(text.contains("[-Moscow-]{+Sochi+}"), "{text}");
    }

    #[test]
    fn hostile_text_cannot_drive_the_terminal() {
        let hostile = block(
            BlockKind::Changed,
            Some(1),
            Some(1),
            vec![same("safe \x1b[2J\x1b]0;title\x07 text"), del("\u{202e}gone"), ins("new\x1b[31m")],
        );
        let mut report = report(vec![hostile]);
        report.old.path = "evil\x1b[1m.txt".into();
        report.bounded = true;
        report.bound_notes = vec!["bound \x1b[5m hit".into()];
        for color in [false, true] {
            let text = render(&report, color, 80, 0);
            let codes = [DELETED, INSERTED, BOLD].map(|code| code.render().to_string());
            let reset = BOLD.render_reset().to_string();
            let stripped =
                codes.iter().chain([&reset]).fold(text.clone(), |text, code| text.replace(code.as_str(), ""));
            assert!(!stripped.contains('\x1b') && !stripped.contains('\u{202e}'), "{stripped:?}");
            assert!(stripped.contains("\\u{1b}[2J"), "{stripped}");
        }
    }

    #[test]
    fn identical_texts_say_so_and_bound_notes_come_last() {
        let mut report = report(vec![unchanged(1, 1, "same")]);
        report.bounded = true;
        report.bound_notes = vec!["paragraph 7 was too long for a word diff; shown replaced whole".into()];
        let text = render(&report, false, 80, 0);
        assert_eq!(
            text,
            "old.txt -> new.txt\nno differences (6 paragraphs, 62 words)\n\n\
             note: paragraph 7 was too long for a word diff; shown replaced whole\n"
        );
    }

    #[test]
    fn a_paragraph_replaced_whole_shows_old_then_new() {
        let replaced = block(BlockKind::Changed, Some(1), Some(1), vec![del("Old words here."), ins("New words.")]);
        let text = render(&report(vec![replaced]), false, 80, 0);
        assert!(text.ends_with("¶1 -> ¶1\n[-Old words here.-]\n{+New words.+}\n"), "{text}");
    }

    #[test]
    fn a_long_title_breaks_at_its_arrow() {
        let mut report = small();
        report.new.path = "a/very/long/path/to/the/new/version/of/the/article.txt".into();
        let text = render(&report, false, 40, 0);
        assert!(text.starts_with("old.txt ->\na/very/long/path/to/the/new/version/of/the/article.txt\n"), "{text}");
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("terminal", render(&small(), false, 60, 0));
        insta::assert_snapshot!("terminal_context", render(&small(), false, 60, 1));
    }
}
