//! `--stat`: only the statistics, like `wdiff -s`: the words each text shares with the other,
//! and what was deleted, inserted or changed, each with its share of that text's words; then
//! the paragraphs and the similarity. As in wdiff, the old text's words split into common,
//! deleted and changed (the report counts changed words among the deleted ones); the new
//! text's into common and inserted.

use std::io::{self, Write};

use serde::Serialize;

use super::json::write_pretty;
use super::{percent, percent_of};
use unicode_width::UnicodeWidthStr;

use crate::render::sanitize_terminal;
use crate::report::diff::{DiffReport, DiffStats, DocumentSummary, MetadataChange};

pub fn stat_text(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    let stats = &report.stats;
    let (old, new) = (&report.old, &report.new);
    let [old_path, new_path] = [&old.path, &new.path].map(|path| sanitize_terminal(path));
    let path_width = old_path.width().max(new_path.width());
    let [old_path, new_path] = [old_path, new_path].map(|path| {
        let pad = path_width - path.width();
        format!("{path}{:pad$}", "")
    });
    let count = |part: usize, whole: usize, what: &str| format!("{part} {} {what}", percent_of(part, whole));
    writeln!(
        out,
        "{old_path}: {}  {}  {}  {}",
        crate::render::counted(old.words, "word", "words"),
        count(stats.words_common, old.words, "common"),
        count(stats.words_deleted.saturating_sub(stats.words_changed), old.words, "deleted"),
        count(stats.words_changed, old.words, "changed"),
    )?;
    writeln!(
        out,
        "{new_path}: {}  {}  {}",
        crate::render::counted(new.words, "word", "words"),
        count(stats.words_common, new.words, "common"),
        count(stats.words_inserted, new.words, "inserted"),
    )?;
    write!(
        out,
        "paragraphs: {} unchanged, {} changed, {} inserted, {} deleted, {} moved",
        stats.paragraphs_unchanged,
        stats.paragraphs_changed,
        stats.paragraphs_inserted,
        stats.paragraphs_deleted,
        stats.paragraphs_moved
    )?;
    // Only texts whose paragraph breaks changed say so: most diffs keep the line as it was.
    for (count, what) in [(stats.paragraphs_split, "split"), (stats.paragraphs_merged, "merged")] {
        if count > 0 {
            write!(out, ", {count} {what}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "similarity: {}", percent(stats.similarity))?;
    if !report.metadata_changes.is_empty() {
        let keys: Vec<String> = report.metadata_changes.iter().map(|change| sanitize_terminal(&change.key)).collect();
        writeln!(out, "header fields changed: {}", keys.join(", "))?;
    }
    if !report.factual_edits.is_empty() {
        let dates = report.factual_edits.iter().filter(|edit| edit.involves_date).count();
        writeln!(out, "factual edits: {} ({dates} with a date)", report.factual_edits.len())?;
    }
    for note in &report.bound_notes {
        writeln!(out, "note: {}", sanitize_terminal(note))?;
    }
    Ok(())
}

/// The statistics part of the JSON contract.
#[derive(Serialize)]
struct StatView<'a> {
    schema_version: u32,
    old: &'a DocumentSummary,
    new: &'a DocumentSummary,
    identical: bool,
    stats: &'a DiffStats,
    bounded: bool,
    bound_notes: &'a [String],
    metadata_changes: &'a [MetadataChange<'a>],
}

pub fn stat_json(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    let view = StatView {
        schema_version: report.schema_version,
        old: &report.old,
        new: &report.new,
        identical: report.identical,
        stats: &report.stats,
        bounded: report.bounded,
        bound_notes: &report.bound_notes,
        metadata_changes: &report.metadata_changes,
    };
    write_pretty(&view, out)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    #[test]
    fn statistics_read_like_wdiff() {
        let mut out = Vec::new();
        stat_text(&small(), &mut out).expect("writes to memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "old.txt: 60 words  52 87% common  3 5% deleted  5 8% changed\n\
             new.txt: 62 words  52 84% common  10 16% inserted\n\
             paragraphs: 2 unchanged, 1 changed, 1 inserted, 1 deleted, 1 moved\n\
             similarity: 85.2%\n"
        );
    }

    #[test]
    fn json_statistics_leave_out_the_blocks() {
        let mut out = Vec::new();
        stat_json(&small(), &mut out).expect("writes to memory");
        let value: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(value["stats"]["words_common"], 52);
        assert_eq!(value["old"]["path"], "old.txt");
        assert!(value.get("blocks").is_none());
    }
}
