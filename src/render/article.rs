//! `dossier article` renderers: plain text for the terminal, and Markdown.

use std::io::{self, Write};

use super::{Style, escape_markdown_cell, sanitize_terminal};
use crate::report::article::{ArticleReport, Sourced};

fn fields(report: &ArticleReport) -> [(&'static str, Option<&Sourced>); 4] {
    [
        ("title", report.title.as_ref()),
        ("byline", report.byline.as_ref()),
        ("published", report.published.as_ref()),
        ("modified", report.modified.as_ref()),
    ]
}

/// The report for a terminal: the metadata, then each block under its number and kind.
pub fn write_text(out: &mut dyn Write, report: &ArticleReport, style: &Style) -> io::Result<()> {
    let bold = |text: &str| if style.color { format!("\x1b[1m{text}\x1b[0m") } else { text.to_string() };
    writeln!(out, "{}  read as {}", bold(&sanitize_terminal(&report.path)), report.source_format.name())?;
    for (name, value) in fields(report) {
        match value {
            Some(value) => writeln!(
                out,
                "  {name:<10} {}  (from {})",
                sanitize_terminal(&value.value),
                sanitize_terminal(&value.source)
            )?,
            None => writeln!(out, "  {name:<10} -")?,
        }
    }
    for note in &report.notes {
        writeln!(out, "  note: {}", sanitize_terminal(note))?;
    }
    writeln!(out, "\n{} blocks", report.blocks.len())?;
    for (index, block) in report.blocks.iter().enumerate() {
        writeln!(out, "\n{}", bold(&format!("¶{} {}", index + 1, block.kind.name())))?;
        for line in block.text.lines() {
            writeln!(out, "  {}", sanitize_terminal(line.trim_end_matches('\r')))?;
        }
    }
    Ok(())
}

/// The report as Markdown: a metadata table, then a table of the blocks.
pub fn write_markdown(out: &mut dyn Write, report: &ArticleReport) -> io::Result<()> {
    writeln!(out, "# {}\n", escape_markdown_cell(&report.path))?;
    writeln!(out, "Read as **{}**.\n", report.source_format.name())?;
    writeln!(out, "| Field | Value | From |\n| --- | --- | --- |")?;
    for (name, value) in fields(report) {
        let (value, source) = value.map_or(("", ""), |value| (value.value.as_str(), value.source.as_str()));
        writeln!(out, "| {name} | {} | {} |", escape_markdown_cell(value), escape_markdown_cell(source))?;
    }
    if !report.notes.is_empty() {
        writeln!(out)?;
        for note in &report.notes {
            writeln!(out, "- Note: {}", escape_markdown_cell(note))?;
        }
    }
    writeln!(out, "\n| ¶ | Kind | Text |\n| --- | --- | --- |")?;
    for (index, block) in report.blocks.iter().enumerate() {
        writeln!(out, "| {} | {} | {} |", index + 1, block.kind.name(), escape_markdown_cell(&block.text))?;
    }
    Ok(())
}
