//! `--format markdown`: a redline for a briefing note. Deleted text `~~struck~~`, inserted
//! text `**bold**`, then the change table. Input text is escaped so it cannot add formatting,
//! links or HTML of its own.

use std::io::{self, Write};

use super::{
    ChangeTableRow, DiffView, Mark, PlanItem, RedlineSegment, change_rows, code_lines, folded_label, heading, html,
    location, paragraphs_of, plan, segments, summary,
};
use crate::render::{escape_markdown_cell, events};
use crate::report::diff::DiffReport;

const ARROW: &str = "→";

pub fn markdown(report: &DiffReport, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    write_title(report, out)?;
    if !super::nothing_changed(report) {
        write_redline(report, view, out)?;
        write_change_table(&change_rows(report), out)?;
    }
    if !report.factual_edits.is_empty() {
        writeln!(out)?;
        events::write_factual_markdown(out, &report.factual_edits)?;
    }
    if let Some(changes) = &report.events {
        writeln!(out)?;
        events::write_events_markdown(out, changes)?;
    }
    write_bound_notes(report, out)
}

fn write_title(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Redline: {} {ARROW} {}", escape_text(&report.old.path), escape_text(&report.new.path))?;
    writeln!(out)?;
    if super::nothing_changed(report) {
        return writeln!(
            out,
            "No differences ({}, {}).",
            crate::render::counted(report.new.paragraphs, "paragraph", "paragraphs"),
            crate::render::counted(report.new.words, "word", "words")
        );
    }
    writeln!(out, "{}.", summary(&report.stats))?;
    if !report.metadata_changes.is_empty() {
        writeln!(out)?;
    }
    for change in &report.metadata_changes {
        writeln!(out, "- {}: {}", escape_text(&change.key), redline(&segments(&change.ops)).replace('\n', " "))?;
    }
    Ok(())
}

fn write_redline(report: &DiffReport, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n## Changes")?;
    for item in plan(&report.blocks, view.context, false) {
        writeln!(out)?;
        match item {
            PlanItem::Folded(blocks) => writeln!(out, "*{}*", folded_label(blocks.len()))?,
            PlanItem::Shown(block) => {
                writeln!(out, "**{}**", heading(block, ARROW))?;
                writeln!(out)?;
                if block.keeps_lines() {
                    // An HTML block keeps the code's lines and blank lines, with <del> and <ins> inside.
                    let lines: Vec<String> = code_lines(&block.ops).iter().map(|line| html::redline(line)).collect();
                    writeln!(out, "<pre><code>{}</code></pre>", lines.join("\n"))?;
                    continue;
                }
                let parts = paragraphs_of(&segments(&block.ops));
                let parts: Vec<String> = parts.iter().map(|part| escape_line_start(&redline(part))).collect();
                writeln!(out, "{}", parts.join("\n\n"))?;
            }
            PlanItem::MovedFrom(_) => {}
        }
    }
    Ok(())
}

/// The change table: one row per change, with its redlined excerpt.
fn write_change_table(rows: &[ChangeTableRow], out: &mut dyn Write) -> io::Result<()> {
    // Texts that differ only in their header fields have no changed paragraph to list.
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Change table\n")?;
    writeln!(out, "| # | Where | Kind | Words -/+ | Excerpt |")?;
    writeln!(out, "| ---: | --- | --- | ---: | --- |")?;
    for row in rows {
        writeln!(
            out,
            "| {} | {} | {} | -{}/+{} | {} |",
            row.number,
            location(row.block, ARROW),
            row.kind.label(),
            row.words_deleted,
            row.words_inserted,
            redline(&row.excerpt)
        )?;
    }
    Ok(())
}

fn write_bound_notes(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    for note in &report.bound_notes {
        writeln!(out, "\n> **Note:** {}", escape_text(note))?;
    }
    Ok(())
}

/// A redline on one line: `~~deleted~~`, `**inserted**`, or `<del>`/`<ins>` where Markdown
/// would not read the delimiters as such (a change beginning or ending with a space, or with
/// punctuation glued to a word: `word~~,~~` stays literal in CommonMark).
fn redline(segments: &[RedlineSegment]) -> String {
    let escaped: Vec<(Mark, String)> =
        segments.iter().map(|segment| (segment.mark, escape_text(&segment.text))).collect();
    let mut out = String::new();
    for (index, (mark, text)) in escaped.iter().enumerate() {
        let (delimiter, tag) = match mark {
            Mark::Same => {
                out.push_str(text);
                continue;
            }
            Mark::Deleted => ("~~", "del"),
            Mark::Inserted => ("**", "ins"),
        };
        let before = out.chars().next_back();
        let after = match escaped.get(index + 1) {
            Some((Mark::Same, next)) => next.chars().next(),
            Some(_) => Some('<'),
            None => None,
        };
        if delimiters_work(text, before, after) {
            out.push_str(&format!("{delimiter}{text}{delimiter}"));
        } else {
            out.push_str(&format!("<{tag}>{text}</{tag}>"));
        }
    }
    out
}

/// CommonMark's flanking rules for `~~x~~` and `**x**` written between `before` and `after`.
fn delimiters_work(text: &str, before: Option<char>, after: Option<char>) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else { return false };
    let open_side = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_punctuation(c));
    !first.is_whitespace()
        && !last.is_whitespace()
        && (!is_punctuation(first) || open_side(before))
        && (!is_punctuation(last) || open_side(after))
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Escapes prose so Markdown shows it as written: the table-cell escaping (`|`, backticks,
/// backslashes, `<`, `>`, line breaks) plus every character that starts inline formatting.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        match c {
            '*' | '_' | '~' | '[' | ']' | '&' | '$' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push_str(&escape_markdown_cell(c.encode_utf8(&mut buffer))),
        }
    }
    out
}

/// A paragraph must not open a heading, list, quote or rule: escape what would at its start.
fn escape_line_start(line: &str) -> String {
    if line.starts_with(['-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::report::diff::BlockKind;

    fn render(report: &DiffReport, context: usize) -> String {
        let mut out = Vec::new();
        markdown(report, &DiffView { context }, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("utf-8")
    }

    fn redline_of(ops: Vec<crate::report::diff::Op>) -> String {
        redline(&segments(&ops))
    }

    #[test]
    fn deletions_are_struck_and_insertions_bold() {
        let text = render(&small(), 0);
        assert!(text.starts_with("# Redline: old.txt → new.txt\n\n1 changed,"), "{text}");
        assert!(text.contains("visited ~~Moscow~~**Sochi** as the special envoy"), "{text}");
        assert!(text.contains("**¶3 moved to ¶5**\n\nBritain expelled Russian diplomats ~~in March~~**last spring**."));
        assert!(text.contains("*… 1 unchanged paragraph …*"), "{text}");
    }

    #[test]
    fn delimiters_fall_back_to_tags_where_markdown_would_ignore_them() {
        assert_eq!(redline_of(vec![same("word"), ins(", and more")]), "word<ins>, and more</ins>");
        assert_eq!(redline_of(vec![same("a"), del(" "), same(", b")]), "a<del> </del>, b");
        assert_eq!(redline_of(vec![same("end "), del("(old)"), same(" next")]), "end ~~(old)~~ next");
        assert_eq!(redline_of(vec![same("cat"), del("s"), same(" sat")]), "cat~~s~~ sat");
        assert_eq!(redline_of(vec![same("x "), del("old."), ins("new.")]), "x ~~old.~~**new.**");
    }

    #[test]
    fn input_cannot_add_formatting_links_or_html() {
        let hostile = "*bold* _em_ ~~gone~~ [link](javascript:alert(1)) ![img](x) <script>alert(1)</script> \
                       `code` &amp; $x$ | pipe \\";
        let escaped = escape_text(hostile);
        for raw in ["*bold*", "_em_", "~~gone~~", "[link]", "![img]", "<script>", "`code`", " &amp;", "$x$", " | pipe"]
        {
            assert!(!escaped.contains(raw), "{raw} survived in {escaped}");
        }
        assert!(escaped.contains("\\*bold\\*") && escaped.contains("&lt;script&gt;") && escaped.contains("\\|"));
        assert_eq!(escape_line_start("# Heading"), "# Heading");
        assert_eq!(escape_line_start(&escape_text("# Heading")), "\\# Heading");
        assert_eq!(escape_line_start("- item"), "\\- item");
        assert_eq!(escape_line_start("1991. A year"), "1991\\. A year");
        assert_eq!(escape_line_start("1991 was a year"), "1991 was a year");
    }

    #[test]
    fn table_cells_cannot_break_the_table() {
        let block = block(BlockKind::Changed, Some(1), Some(1), vec![same("a | b\nc "), del("x|y"), ins("`z`")]);
        let text = render(&report(vec![block]), 0);
        let row = text.lines().find(|line| line.starts_with("| 1 |")).expect("a row");
        // The diff counts `x|y` as two words, as its tokenizer reads it.
        assert_eq!(row, "| 1 | ¶1 → ¶1 | edit | -2/+1 | a \\| b c ~~x\\|y~~**\\`z\\`** |");
        assert_eq!(row.matches(" | ").count(), 4, "{row}");
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("markdown", render(&small(), 0));
    }
}
