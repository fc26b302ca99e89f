//! The events section of a diff (what the change did to each event) and the factual edits
//! (numbers and dates), as a terminal table, Markdown and an HTML fragment, so that every
//! diff format can append them. `EVENTS_CSS` styles the HTML fragment.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, Color, presets};

use super::{Style, escape_html, escape_markdown_cell, sanitize_terminal, terminal_table};
use crate::report::events::{Change, DateAgreement, DateSide, EventChange, EventStatus, FactualEdit, MentionRef};

/// Styles for the classes the HTML fragments use.
pub const EVENTS_CSS: &str = "\
table.events, table.facts { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.92em; }
table.events th, table.events td, table.facts th, table.facts td { border: 1px solid #c8c8c8; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
table.events th, table.facts th { background: #f0f0f0; }
.status { white-space: nowrap; font-weight: 600; }
.status-date_changed, .status-removed { color: #9a3412; }
.status-edited, .status-added, .status-moved { color: #1d4ed8; }
.status-unchanged, .status-not_mentioned { color: #555; font-weight: normal; }
del { color: #b91c1c; background: #fde2e2; }
ins { color: #166534; background: #dcfce7; text-decoration: none; }
.conflict { color: #b91c1c; font-weight: 600; }
.consistent { color: #166534; }
";

/// `¶2.1, ¶3.4`, or `-` when there is none.
pub fn places(mentions: &[MentionRef]) -> String {
    let mut seen: Vec<(usize, usize)> = mentions.iter().map(|mention| (mention.paragraph, mention.sentence)).collect();
    seen.dedup();
    if seen.is_empty() {
        return "-".into();
    }
    seen.iter().map(|(paragraph, sentence)| format!("¶{paragraph}.{sentence}")).collect::<Vec<_>>().join(", ")
}

/// One change in words, the same in every format (each escapes it for itself).
pub fn describe_change(change: &Change) -> String {
    match change {
        Change::Moved { old_paragraph, new_paragraph } => format!("passage moved ¶{old_paragraph} → ¶{new_paragraph}"),
        Change::Edited { old_paragraph, new_paragraph, old_sentence, new_sentence, deleted, inserted } => {
            let place = match (old_sentence, new_sentence) {
                (_, Some(sentence)) => format!("¶{}.{sentence}", paragraph_label(*new_paragraph)),
                (Some(sentence), None) => format!("old ¶{}.{sentence}", paragraph_label(*old_paragraph)),
                (None, None) => format!("¶{}", paragraph_label(*new_paragraph)),
            };
            format!("{place}: {}", edit_words(deleted, inserted))
        }
        Change::DateChanged { old_paragraph, new_paragraph, old, new, effect } => format!(
            "date ¶{old_paragraph}.{} → ¶{new_paragraph}.{}: {} → {}; {}",
            old.sentence,
            new.sentence,
            date_words(old),
            date_words(new),
            effect.label()
        ),
        Change::MentionRemoved { old_paragraph, new_paragraph: Some(new_paragraph) } => {
            format!("¶{new_paragraph} (was ¶{old_paragraph}) no longer mentions it")
        }
        Change::MentionRemoved { old_paragraph, new_paragraph: None } => {
            format!("old ¶{old_paragraph}, which mentioned it, was deleted")
        }
        Change::MentionAdded { old_paragraph: Some(old_paragraph), new_paragraph } => {
            format!("¶{new_paragraph} (was ¶{old_paragraph}) now mentions it")
        }
        Change::MentionAdded { old_paragraph: None, new_paragraph } => format!("new ¶{new_paragraph} mentions it"),
    }
}

fn paragraph_label(number: Option<usize>) -> String {
    number.map_or_else(|| "?".into(), |number| number.to_string())
}

pub fn edit_words(deleted: &str, inserted: &str) -> String {
    match (deleted.is_empty(), inserted.is_empty()) {
        (false, false) => format!("“{}” → “{}”", shorten(deleted, 80), shorten(inserted, 80)),
        (false, true) => format!("deleted “{}”", shorten(deleted, 80)),
        (true, false) => format!("inserted “{}”", shorten(inserted, 80)),
        (true, true) => "whitespace".into(),
    }
}

fn date_words(side: &DateSide) -> String {
    let check = match side.check {
        DateAgreement::Consistent => "consistent",
        DateAgreement::Conflict => "conflict",
        DateAgreement::Unknown => "unchecked",
    };
    format!("“{}” ({check})", side.text)
}

/// At most `limit` characters, cut at a word boundary with an ellipsis.
pub fn shorten(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut = text.char_indices().nth(limit).map_or(text.len(), |(index, _)| index);
    let head = &text[..cut];
    let head = head.rfind(char::is_whitespace).filter(|&space| space > cut / 2).map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end())
}

/// `1 date changed, 2 edited, 1 moved, 4 unchanged`: the statuses that occur, in a fixed order.
pub fn status_counts(changes: &[EventChange]) -> String {
    const ORDER: [EventStatus; 7] = [
        EventStatus::DateChanged,
        EventStatus::Edited,
        EventStatus::Moved,
        EventStatus::Added,
        EventStatus::Removed,
        EventStatus::Unchanged,
        EventStatus::NotMentioned,
    ];
    let parts: Vec<String> = ORDER
        .iter()
        .filter_map(|status| {
            let count = changes.iter().filter(|change| change.status == *status).count();
            (count > 0).then(|| format!("{count} {}", status.label()))
        })
        .collect();
    if parts.is_empty() { "no events".into() } else { parts.join(", ") }
}

fn status_color(status: EventStatus) -> Option<Color> {
    match status {
        EventStatus::DateChanged | EventStatus::Removed => Some(Color::Red),
        EventStatus::Edited | EventStatus::Added | EventStatus::Moved => Some(Color::Yellow),
        EventStatus::Unchanged | EventStatus::NotMentioned => None,
    }
}

pub fn write_events_terminal(out: &mut dyn Write, changes: &[EventChange], style: &Style) -> io::Result<()> {
    writeln!(out, "Events: {}", status_counts(changes))?;
    if changes.is_empty() {
        return Ok(());
    }
    let mut table = terminal_table(style, presets::UTF8_FULL_CONDENSED);
    table.set_header(["Event", "Status", "Old", "New", "What changed"]);
    for change in changes {
        let mut status = Cell::new(change.status.label());
        if style.color
            && let Some(color) = status_color(change.status)
        {
            status = status.fg(color).add_attribute(Attribute::Bold);
        }
        let described: Vec<String> = change.changes.iter().map(describe_change).collect();
        table.add_row(vec![
            Cell::new(sanitize_terminal(&change.title)),
            status,
            Cell::new(places(&change.old_mentions)),
            Cell::new(places(&change.new_mentions)),
            Cell::new(sanitize_terminal(&described.join("\n"))),
        ]);
    }
    writeln!(out, "{table}")
}

pub fn write_events_markdown(out: &mut dyn Write, changes: &[EventChange]) -> io::Result<()> {
    writeln!(out, "## Events\n\n{}\n", status_counts(changes))?;
    if changes.is_empty() {
        return Ok(());
    }
    writeln!(out, "| Event | Status | Old | New | What changed |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for change in changes {
        let described: Vec<String> = change.changes.iter().map(describe_change).collect();
        let status = match change.status {
            EventStatus::DateChanged | EventStatus::Removed => format!("**{}**", change.status.label()),
            status => status.label().to_string(),
        };
        writeln!(
            out,
            "| {} | {status} | {} | {} | {} |",
            escape_markdown_cell(&change.title),
            places(&change.old_mentions),
            places(&change.new_mentions),
            escape_markdown_cell(&described.join("\n"))
        )?;
    }
    writeln!(out)
}

/// A `<section>` with the events table; include `EVENTS_CSS` in the page.
pub fn write_events_html(out: &mut dyn Write, changes: &[EventChange]) -> io::Result<()> {
    writeln!(out, "<section class=\"events\">\n<h2>Events</h2>\n<p>{}</p>", escape_html(&status_counts(changes)))?;
    if !changes.is_empty() {
        writeln!(out, "<table class=\"events\">")?;
        writeln!(out, "<tr><th>Event</th><th>Status</th><th>Old</th><th>New</th><th>What changed</th></tr>")?;
        for change in changes {
            let status = serde_json::to_value(change.status).ok();
            let class = status.as_ref().and_then(|value| value.as_str()).unwrap_or("unknown");
            write!(
                out,
                "<tr><td>{}</td><td class=\"status status-{class}\">{}</td><td>{}</td><td>{}</td><td>",
                escape_html(&change.title),
                escape_html(change.status.label()),
                escape_html(&places(&change.old_mentions)),
                escape_html(&places(&change.new_mentions)),
            )?;
            let described: Vec<String> = change.changes.iter().map(change_html).collect();
            writeln!(out, "{}</td></tr>", described.join("<br>"))?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</section>")
}

/// A change with its words redlined.
fn change_html(change: &Change) -> String {
    match change {
        Change::Edited { old_paragraph, new_paragraph, old_sentence, new_sentence, deleted, inserted } => {
            let place = match (old_sentence, new_sentence) {
                (_, Some(sentence)) => format!("¶{}.{sentence}", paragraph_label(*new_paragraph)),
                (Some(sentence), None) => format!("old ¶{}.{sentence}", paragraph_label(*old_paragraph)),
                (None, None) => format!("¶{}", paragraph_label(*new_paragraph)),
            };
            let mut html = format!("{}: ", escape_html(&place));
            if !deleted.is_empty() {
                html.push_str(&format!("<del>{}</del>", escape_html(&shorten(deleted, 120))));
            }
            if !inserted.is_empty() {
                html.push_str(&format!(" <ins>{}</ins>", escape_html(&shorten(inserted, 120))));
            }
            html
        }
        Change::DateChanged { old_paragraph, new_paragraph, old, new, effect } => format!(
            "date ¶{old_paragraph}.{} → ¶{new_paragraph}.{}: <del>{}</del> {} → <ins>{}</ins> {}; {}",
            old.sentence,
            new.sentence,
            escape_html(&old.text),
            check_html(old.check),
            escape_html(&new.text),
            check_html(new.check),
            escape_html(effect.label())
        ),
        other => escape_html(&describe_change(other)),
    }
}

fn check_html(check: DateAgreement) -> &'static str {
    match check {
        DateAgreement::Consistent => "<span class=\"consistent\">(consistent)</span>",
        DateAgreement::Conflict => "<span class=\"conflict\">(conflict)</span>",
        DateAgreement::Unknown => "(unchecked)",
    }
}

fn figures_text(figures: &[String]) -> String {
    if figures.is_empty() { "-".into() } else { figures.join(", ") }
}

pub fn where_text(edit: &FactualEdit) -> String {
    if let Some(key) = &edit.header {
        return format!("header {key}");
    }
    match (edit.old_paragraph, edit.new_paragraph) {
        (Some(old), Some(new)) if old == new => format!("¶{new}"),
        (Some(old), Some(new)) => format!("¶{old} → ¶{new}"),
        (Some(old), None) => format!("old ¶{old}"),
        (None, Some(new)) => format!("new ¶{new}"),
        (None, None) => "-".into(),
    }
}

/// The edit's block number, or `-` for a header field (which is in no block).
fn block_label(edit: &FactualEdit) -> String {
    edit.block.map_or_else(|| "-".to_string(), |block| block.to_string())
}

fn factual_summary(edits: &[FactualEdit]) -> String {
    let dates = edits.iter().filter(|edit| edit.involves_date).count();
    match edits.len() {
        0 => "no number or date changed".into(),
        1 => format!("1 changed run touches numbers or dates ({dates} with a date): check it"),
        count => format!("{count} changed runs touch numbers or dates ({dates} with a date): check each one"),
    }
}

pub fn write_factual_terminal(out: &mut dyn Write, edits: &[FactualEdit], style: &Style) -> io::Result<()> {
    writeln!(out, "Factual edits: {}", factual_summary(edits))?;
    if edits.is_empty() {
        return Ok(());
    }
    let mut table = terminal_table(style, presets::UTF8_FULL_CONDENSED);
    table.set_header(["!", "Block", "Where", "Was", "Now", "Edit"]);
    for edit in edits {
        let mut marker = Cell::new("!");
        if style.color {
            marker = marker.fg(Color::Red).add_attribute(Attribute::Bold);
        }
        table.add_row(vec![
            marker,
            Cell::new(block_label(edit)),
            Cell::new(sanitize_terminal(&where_text(edit))),
            Cell::new(sanitize_terminal(&figures_text(&edit.old_figures))),
            Cell::new(sanitize_terminal(&figures_text(&edit.new_figures))),
            Cell::new(sanitize_terminal(&edit_words(&edit.deleted, &edit.inserted))),
        ]);
    }
    writeln!(out, "{table}")
}

pub fn write_factual_markdown(out: &mut dyn Write, edits: &[FactualEdit]) -> io::Result<()> {
    writeln!(out, "## Factual edits\n\n{}\n", factual_summary(edits))?;
    if edits.is_empty() {
        return Ok(());
    }
    writeln!(out, "| ⚑ | Block | Where | Was | Now | Edit |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for edit in edits {
        writeln!(
            out,
            "| ⚑ | {} | {} | {} | {} | {} |",
            block_label(edit),
            escape_markdown_cell(&where_text(edit)),
            escape_markdown_cell(&figures_text(&edit.old_figures)),
            escape_markdown_cell(&figures_text(&edit.new_figures)),
            // The source's own markup shows as written: a cut excerpt could leave a marker open.
            super::diff::markdown::escape_text(&edit_words(&edit.deleted, &edit.inserted))
        )?;
    }
    writeln!(out)
}

/// A `<section>` with the factual edits; include `EVENTS_CSS` in the page.
pub fn write_factual_html(out: &mut dyn Write, edits: &[FactualEdit]) -> io::Result<()> {
    writeln!(
        out,
        "<section class=\"facts\">\n<h2>Factual edits</h2>\n<p>{}</p>",
        escape_html(&factual_summary(edits))
    )?;
    if !edits.is_empty() {
        writeln!(out, "<table class=\"facts\">")?;
        writeln!(out, "<tr><th>⚑</th><th>Block</th><th>Where</th><th>Was</th><th>Now</th><th>Edit</th></tr>")?;
        for edit in edits {
            writeln!(
                out,
                "<tr><td class=\"conflict\">⚑</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
                block_label(edit),
                escape_html(&where_text(edit)),
                escape_html(&figures_text(&edit.old_figures)),
                escape_html(&figures_text(&edit.new_figures)),
                if edit.deleted.is_empty() {
                    String::new()
                } else {
                    format!("<del>{}</del> ", escape_html(&shorten(&edit.deleted, 160)))
                },
                if edit.inserted.is_empty() {
                    String::new()
                } else {
                    format!("<ins>{}</ins>", escape_html(&shorten(&edit.inserted, 160)))
                },
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</section>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Date;
    use crate::report::events::DateEffect;
    use crate::report::timeline::DateRecord;

    fn record(text: &str) -> DateRecord {
        DateRecord::from(&Date::parse(text).expect("a valid date"))
    }

    fn change(title: &str, status: EventStatus, changes: Vec<Change>) -> EventChange {
        let mention = MentionRef { paragraph: 1, sentence: 1, start: 0, end: 10, text: "Since 1992 when".into() };
        EventChange {
            id: "soviet".into(),
            title: title.into(),
            date: record("1991-12-26"),
            status,
            old_mentions: vec![mention.clone()],
            new_mentions: vec![mention],
            changes,
        }
    }

    fn date_change() -> Change {
        let side = |text: &str, date: &str, check| DateSide {
            sentence: 1,
            text: text.into(),
            date: Some(record(date)),
            check,
        };
        Change::DateChanged {
            old_paragraph: 1,
            new_paragraph: 1,
            old: side("1992", "1992", DateAgreement::Conflict),
            new: side("December 1991", "1991-12", DateAgreement::Consistent),
            effect: DateEffect::CorrectsConflict,
        }
    }

    #[test]
    fn a_date_change_reads_as_a_correction() {
        assert_eq!(
            describe_change(&date_change()),
            "date ¶1.1 → ¶1.1: “1992” (conflict) → “December 1991” (consistent); corrects the conflict with the timeline"
        );
    }

    #[test]
    fn hostile_titles_are_escaped_in_every_format() {
        let changes = [change("<script>|x`\u{1b}[31m", EventStatus::DateChanged, vec![date_change()])];
        let mut html = Vec::new();
        write_events_html(&mut html, &changes).expect("writes");
        let html = String::from_utf8(html).expect("utf-8");
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        assert!(html.contains("<del>1992</del>") && html.contains("status-date_changed"));

        let mut markdown = Vec::new();
        write_events_markdown(&mut markdown, &changes).expect("writes");
        let markdown = String::from_utf8(markdown).expect("utf-8");
        let row = markdown.lines().find(|line| line.contains("script")).expect("a row");
        assert_eq!(row.matches(" | ").count(), 4, "{row}");
        assert!(markdown.contains("1 date changed"));

        let mut terminal = Vec::new();
        write_events_terminal(&mut terminal, &changes, &Style { color: false, width: 60 }).expect("writes");
        let terminal = String::from_utf8(terminal).expect("utf-8");
        assert!(!terminal.contains('\u{1b}'));
        assert!(terminal.lines().all(|line| unicode_width::UnicodeWidthStr::width(line) <= 60), "{terminal}");
    }

    #[test]
    fn factual_edits_are_flagged() {
        let edit = FactualEdit {
            block: Some(2),
            header: None,
            old_paragraph: Some(1),
            new_paragraph: Some(1),
            deleted: "1992".into(),
            inserted: "December 1991".into(),
            old_figures: vec!["1992".into()],
            new_figures: vec!["December 1991".into()],
            involves_date: true,
        };
        let mut markdown = Vec::new();
        write_factual_markdown(&mut markdown, std::slice::from_ref(&edit)).expect("writes");
        let markdown = String::from_utf8(markdown).expect("utf-8");
        assert!(markdown.contains("| ⚑ | 2 | ¶1 | 1992 | December 1991 | “1992” → “December 1991” |"), "{markdown}");
        let mut terminal = Vec::new();
        write_factual_terminal(&mut terminal, &[edit], &Style { color: true, width: 80 }).expect("writes");
        assert!(String::from_utf8(terminal).expect("utf-8").contains("\u{1b}["));
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("alpha beta gamma delta", 12), "alpha beta…");
        assert_eq!(shorten("short", 12), "short");
        assert_eq!(shorten("ééééééééé", 4), "éééé…");
    }
}
