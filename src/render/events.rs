//! The events section of a diff (what the change did to the events) and the factual edits
//! (numbers and dates), as a terminal table, Markdown and an HTML fragment, so that every
//! diff format can append them. `EVENTS_CSS` styles the HTML fragment.
//!
//! The events table has a row per changed passage, not per event: a rewritten paragraph that
//! mentions nine events is quoted once, with the nine events beside it, so the table stays
//! shorter than the redline it annotates.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, Color, presets};
use rustc_hash::FxHashMap;

use super::{Style, escape_html, escape_markdown_cell, sanitize_terminal, terminal_table};
use crate::report::events::{Change, EventChange, EventStatus, FactualEdit, MentionRef};

/// Styles for the classes the HTML fragments use.
pub const EVENTS_CSS: &str = "\
table.events, table.facts { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.92em; }
table.events th, table.events td, table.facts th, table.facts td { border: 1px solid #c8c8c8; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
table.events th, table.facts th { background: #f0f0f0; }
td.where { white-space: nowrap; }
.status-date_changed, .status-removed { color: #9a3412; }
.status-edited, .status-added, .status-moved { color: #1d4ed8; }
.status-unchanged, .status-not_mentioned { color: #555; font-weight: normal; }
del { color: #b91c1c; background: #fde2e2; }
ins { color: #166534; background: #dcfce7; text-decoration: none; }
.conflict { color: #b91c1c; font-weight: 600; }
@media print { table.events tr, table.facts tr { break-inside: avoid; } }
";

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

/// The changed passages of a diff, each with the events it touches: one row per passage, each
/// change in it quoted once however many events it touches (an event table repeated the same
/// excerpt for every event of a rewritten paragraph). Events no change touched share a row
/// per status at the end.
#[derive(Debug)]
struct PassageRow<'a> {
    /// `¶4`, `¶3 → ¶7`, `old ¶18`, `new ¶6`, or `-` for the untouched events.
    place: String,
    events: Vec<&'a EventChange>,
    changes: Vec<RowChange<'a>>,
}

/// One change of a passage and the events it touches (indexes into the row's events).
#[derive(Debug)]
struct RowChange<'a> {
    change: &'a Change,
    /// For an edit: the deleted and inserted words to show, each cut to the sentence the
    /// change is placed in.
    quotes: (String, String),
    events: Vec<usize>,
}

/// A passage: its old and new paragraph numbers (one is missing for a deleted or new one).
type Passage = (Option<usize>, Option<usize>);

/// The old and new paragraph a change belongs to.
fn passage_of(change: &Change) -> Passage {
    match *change {
        Change::Moved { old_paragraph, new_paragraph } | Change::DateChanged { old_paragraph, new_paragraph, .. } => {
            (Some(old_paragraph), Some(new_paragraph))
        }
        Change::Edited { old_paragraph, new_paragraph, .. } => (old_paragraph, new_paragraph),
        Change::MentionRemoved { old_paragraph, new_paragraph } => (Some(old_paragraph), new_paragraph),
        Change::MentionAdded { old_paragraph, new_paragraph } => (old_paragraph, Some(new_paragraph)),
    }
}

fn passage_label((old, new): Passage) -> String {
    match (old, new) {
        (Some(old), Some(new)) if old == new => format!("¶{new}"),
        (Some(old), Some(new)) => format!("¶{old} → ¶{new}"),
        (Some(old), None) => format!("old ¶{old}"),
        (None, Some(new)) => format!("new ¶{new}"),
        (None, None) => "-".into(),
    }
}

/// The sentence of `run` that holds one of `mentions` (the event's mentions in that sentence),
/// with an ellipsis where the run goes on; the whole run when none is in it. A run that
/// deleted three sentences is quoted at the sentence the change is placed in, not its start.
fn sentence_of_run(run: &str, mentions: &[&MentionRef]) -> String {
    let Some(at) =
        mentions.iter().find_map(|mention| run.find(mention.text.as_str()).filter(|_| !mention.text.is_empty()))
    else {
        return run.to_string();
    };
    let ends: Vec<usize> = sentence_ends(run);
    let start = ends.iter().copied().filter(|&end| end <= at).max().unwrap_or(0);
    let end = ends.iter().copied().find(|&end| end > at).unwrap_or(run.len());
    let sentence = run[start..end].trim();
    let lead = if start > 0 { "… " } else { "" };
    let tail = if end < run.len() { " …" } else { "" };
    format!("{lead}{sentence}{tail}")
}

/// Where the sentences of `text` end: after `.`, `!` or `?` (and closing quotes) followed by
/// a space and a capital, unless the word is an abbreviation like `U.S.` or an initial.
fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (index, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut next = index + 1;
        while chars.get(next).is_some_and(|&(_, c)| matches!(c, '"' | '\'' | '”' | '’' | ')')) {
            next += 1;
        }
        let Some(&(space_at, space)) = chars.get(next) else { continue };
        let capital = chars.get(next + 1).is_some_and(|&(_, c)| c.is_uppercase() || matches!(c, '"' | '“'));
        let word: String =
            chars[..index].iter().rev().take_while(|(_, c)| !c.is_whitespace()).map(|&(_, c)| c).collect();
        let abbreviation =
            c == '.' && (word.contains('.') || (word.chars().count() == 1 && word.chars().all(char::is_uppercase)));
        if space.is_whitespace() && capital && !abbreviation {
            ends.push(space_at);
        }
    }
    ends
}

fn in_sentence(mentions: &[MentionRef], paragraph: Option<usize>, sentence: Option<usize>) -> Vec<&MentionRef> {
    mentions
        .iter()
        .filter(|mention| Some(mention.paragraph) == paragraph && Some(mention.sentence) == sentence)
        .collect()
}

/// The words an edit shows, each side cut to the sentence it is placed in.
fn edit_quotes(change: &Change, event: &EventChange) -> (String, String) {
    let Change::Edited { old_paragraph, new_paragraph, old_sentence, new_sentence, deleted, inserted } = change else {
        return (String::new(), String::new());
    };
    (
        sentence_of_run(deleted, &in_sentence(&event.old_mentions, *old_paragraph, *old_sentence)),
        sentence_of_run(inserted, &in_sentence(&event.new_mentions, *new_paragraph, *new_sentence)),
    )
}

fn passage_rows(changes: &[EventChange]) -> Vec<PassageRow<'_>> {
    let mut rows: Vec<(Passage, PassageRow)> = Vec::new();
    let mut row_of: FxHashMap<Passage, usize> = FxHashMap::default();
    for event in changes {
        for change in &event.changes {
            let key = passage_of(change);
            let at = *row_of.entry(key).or_insert_with(|| {
                rows.push((key, PassageRow { place: passage_label(key), events: Vec::new(), changes: Vec::new() }));
                rows.len() - 1
            });
            let row = &mut rows[at].1;
            // Events come one at a time: one already in the row is its last.
            if !row.events.last().is_some_and(|last| std::ptr::eq(*last, event)) {
                row.events.push(event);
            }
            let event_index = row.events.len() - 1;
            // "new ¶6" or "old ¶3" already says the passage came or went.
            if matches!(
                change,
                Change::MentionAdded { old_paragraph: None, .. } | Change::MentionRemoved { new_paragraph: None, .. }
            ) {
                continue;
            }
            let quotes = edit_quotes(change, event);
            // The same words at the same place are one change, whichever events they touch.
            let same = |known: &RowChange| match (known.change, change) {
                (Change::Edited { .. }, Change::Edited { .. }) => {
                    known.quotes == quotes && sentence_place(known.change) == sentence_place(change)
                }
                _ => known.change == change,
            };
            match row.changes.iter_mut().find(|known| same(known)) {
                Some(known) if known.events.last() != Some(&event_index) => known.events.push(event_index),
                Some(_) => {}
                None => row.changes.push(RowChange { change, quotes, events: vec![event_index] }),
            }
        }
    }
    rows.sort_by_key(|((old, new), _)| (new.or(*old), *old));
    let mut rows: Vec<PassageRow> = rows.into_iter().map(|(_, row)| row).collect();
    for status in [EventStatus::Unchanged, EventStatus::NotMentioned] {
        let untouched: Vec<&EventChange> =
            changes.iter().filter(|event| event.status == status && event.changes.is_empty()).collect();
        if !untouched.is_empty() {
            rows.push(PassageRow { place: "-".into(), events: untouched, changes: Vec::new() });
        }
    }
    rows
}

/// A change in words, its passage left to the row: `¶7.6: inserted “escalating”`.
fn describe_row_change(change: &Change, (deleted, inserted): &(String, String)) -> String {
    match change {
        Change::Moved { .. } => "passage moved".into(),
        Change::Edited { .. } => format!("{}: {}", sentence_place(change), edit_words(deleted, inserted)),
        Change::DateChanged { old, new, effect, .. } => {
            format!("date {}: “{}” → “{}”, {}", date_place(change), old.text, new.text, effect.label())
        }
        Change::MentionRemoved { new_paragraph: Some(_), .. } => "no longer mentions".into(),
        Change::MentionRemoved { new_paragraph: None, .. } => "deleted".into(),
        Change::MentionAdded { old_paragraph: Some(_), .. } => "now mentions".into(),
        Change::MentionAdded { old_paragraph: None, .. } => "new passage".into(),
    }
}

/// `¶1.1`, or `¶3.2 → ¶7.2` when the sentence moved.
fn date_place(change: &Change) -> String {
    match change {
        Change::DateChanged { old_paragraph, new_paragraph, old, new, .. } => {
            if (old_paragraph, old.sentence) == (new_paragraph, new.sentence) {
                format!("¶{new_paragraph}.{}", new.sentence)
            } else {
                format!("¶{old_paragraph}.{} → ¶{new_paragraph}.{}", old.sentence, new.sentence)
            }
        }
        _ => String::new(),
    }
}

/// `¶7.6`, or `old ¶2.3` for words only the old version had.
fn sentence_place(change: &Change) -> String {
    match change {
        Change::Edited { old_paragraph, new_paragraph, old_sentence, new_sentence, .. } => {
            match (old_sentence, new_sentence) {
                (_, Some(sentence)) => format!("¶{}.{sentence}", paragraph_label(*new_paragraph)),
                (Some(sentence), None) => format!("old ¶{}.{sentence}", paragraph_label(*old_paragraph)),
                (None, None) => format!("¶{}", paragraph_label(*new_paragraph)),
            }
        }
        _ => String::new(),
    }
}

/// What a row without a change to describe says: the status of its untouched events, or
/// that its passage is new or gone.
fn untouched_words(row: &PassageRow) -> String {
    if row.place.starts_with("new ") {
        return "new passage".into();
    }
    if row.place.starts_with("old ") {
        return "passage deleted".into();
    }
    row.events.first().map_or_else(String::new, |event| event.status.label().to_string())
}

/// ` [1, 3]` after a change that touches only some of the row's events.
fn which_events(row: &PassageRow, change: &RowChange) -> String {
    if change.events.len() == row.events.len() {
        return String::new();
    }
    let numbers: Vec<String> = change.events.iter().map(|index| (index + 1).to_string()).collect();
    format!(" [{}]", numbers.join(", "))
}

/// Whether the row numbers its events (some change touches only some of them).
fn numbered(row: &PassageRow) -> bool {
    row.changes.iter().any(|change| change.events.len() != row.events.len())
}

/// `1. Title (date changed)`: the number when the row needs it, the status unless the row
/// is the untouched events'.
fn event_label(row: &PassageRow, index: usize, event: &EventChange) -> String {
    let number = if numbered(row) { format!("{}. ", index + 1) } else { String::new() };
    if row.place == "-" {
        return format!("{number}{}", event.title);
    }
    format!("{number}{} ({})", event.title, event.status.label())
}

fn row_plain(row: &PassageRow) -> (String, String) {
    let changed = if row.changes.is_empty() {
        untouched_words(row)
    } else {
        row.changes
            .iter()
            .map(|change| {
                format!("{}{}", describe_row_change(change.change, &change.quotes), which_events(row, change))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let separator = if row.place == "-" { "; " } else { "\n" };
    let events = row
        .events
        .iter()
        .enumerate()
        .map(|(index, event)| event_label(row, index, event))
        .collect::<Vec<_>>()
        .join(separator);
    (changed, events)
}

pub fn write_events_terminal(out: &mut dyn Write, changes: &[EventChange], style: &Style) -> io::Result<()> {
    writeln!(out, "Events: {}", status_counts(changes))?;
    if changes.is_empty() {
        return Ok(());
    }
    let mut table = terminal_table(style, presets::UTF8_FULL_CONDENSED);
    table.set_header(["Where", "What changed", "Events"]);
    for row in passage_rows(changes) {
        let (changed, events) = row_plain(&row);
        let mut events_cell = Cell::new(sanitize_terminal(&events));
        if style.color
            && let Some(color) = row.events.iter().map(|event| event.status).find_map(status_color)
        {
            events_cell = events_cell.fg(color);
        }
        table.add_row(vec![Cell::new(&row.place), Cell::new(sanitize_terminal(&changed)), events_cell]);
    }
    writeln!(out, "{table}")
}

pub fn write_events_markdown(out: &mut dyn Write, changes: &[EventChange]) -> io::Result<()> {
    writeln!(out, "## Events\n\n{}\n", status_counts(changes))?;
    if changes.is_empty() {
        return Ok(());
    }
    writeln!(out, "| Where | What changed | Events |")?;
    writeln!(out, "|---|---|---|")?;
    for row in passage_rows(changes) {
        let (changed, events) = row_plain(&row);
        writeln!(
            out,
            "| {} | {} | {} |",
            escape_markdown_cell(&row.place),
            escape_markdown_cell(&changed),
            escape_markdown_cell(&events)
        )?;
    }
    writeln!(out)
}

/// A `<section>` with the events table; include `EVENTS_CSS` in the page.
pub fn write_events_html(out: &mut dyn Write, changes: &[EventChange]) -> io::Result<()> {
    writeln!(out, "<section class=\"events\">\n<h2>Events</h2>\n<p>{}</p>", escape_html(&status_counts(changes)))?;
    if !changes.is_empty() {
        writeln!(out, "<table class=\"events\">")?;
        writeln!(out, "<tr><th>Where</th><th>What changed</th><th>Events</th></tr>")?;
        for row in passage_rows(changes) {
            let changed = if row.changes.is_empty() {
                escape_html(&untouched_words(&row))
            } else {
                row.changes
                    .iter()
                    .map(|change| format!("{}{}", change_html(change), escape_html(&which_events(&row, change))))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let separator = if row.place == "-" { "; " } else { "<br>" };
            let events = row
                .events
                .iter()
                .enumerate()
                .map(|(index, event)| {
                    let status = serde_json::to_value(event.status).ok();
                    let class = status.as_ref().and_then(|value| value.as_str()).unwrap_or("unknown");
                    format!("<span class=\"status-{class}\">{}</span>", escape_html(&event_label(&row, index, event)))
                })
                .collect::<Vec<_>>()
                .join(separator);
            writeln!(
                out,
                "<tr><td class=\"where\">{}</td><td>{changed}</td><td>{events}</td></tr>",
                escape_html(&row.place)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</section>")
}

/// A change of a row with its words redlined.
fn change_html(row_change: &RowChange) -> String {
    let (deleted, inserted) = &row_change.quotes;
    match row_change.change {
        change @ Change::Edited { .. } => {
            let mut html = format!("{}: ", escape_html(&sentence_place(change)));
            if !deleted.is_empty() {
                html.push_str(&format!("<del>{}</del>", escape_html(&shorten(deleted, 120))));
            }
            if !inserted.is_empty() {
                html.push_str(&format!(" <ins>{}</ins>", escape_html(&shorten(inserted, 120))));
            }
            html
        }
        change @ Change::DateChanged { old, new, effect, .. } => format!(
            "date {}: <del>{}</del> → <ins>{}</ins>, {}",
            escape_html(&date_place(change)),
            escape_html(&old.text),
            escape_html(&new.text),
            escape_html(effect.label())
        ),
        other => escape_html(&describe_row_change(other, &row_change.quotes)),
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
    use crate::report::events::{DateAgreement, DateEffect, DateSide};
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
            describe_row_change(&date_change(), &(String::new(), String::new())),
            "date ¶1.1: “1992” → “December 1991”, corrects the conflict with the timeline"
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
        assert_eq!(row.matches(" | ").count(), 2, "three cells: {row}");
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

    fn edit(old_sentence: Option<usize>, new_sentence: Option<usize>, deleted: &str, inserted: &str) -> Change {
        Change::Edited {
            old_paragraph: Some(2),
            new_paragraph: Some(2),
            old_sentence,
            new_sentence,
            deleted: deleted.into(),
            inserted: inserted.into(),
        }
    }

    fn mention(paragraph: usize, sentence: usize, text: &str) -> MentionRef {
        MentionRef { paragraph, sentence, start: 0, end: text.len(), text: text.into() }
    }

    #[test]
    fn a_change_touching_many_events_is_quoted_once() {
        let rewrite = edit(Some(1), Some(1), "talks in Geneva", "talks in Vienna");
        let events: Vec<EventChange> = (0..9)
            .map(|n| EventChange {
                id: format!("e{n}"),
                title: format!("Event {n}"),
                changes: vec![rewrite.clone()],
                ..change("", EventStatus::Edited, Vec::new())
            })
            .chain([change("Untouched", EventStatus::Unchanged, Vec::new())])
            .collect();
        let mut markdown = Vec::new();
        write_events_markdown(&mut markdown, &events).expect("writes");
        let markdown = String::from_utf8(markdown).expect("utf-8");
        assert_eq!(markdown.matches("Vienna").count(), 1, "{markdown}");
        for n in 0..9 {
            assert!(markdown.contains(&format!("Event {n} (edited)")), "{markdown}");
        }
        assert!(markdown.contains("| - | unchanged | Untouched |"), "{markdown}");
        // One row for the passage, one for the untouched event.
        assert_eq!(markdown.lines().filter(|line| line.starts_with("| ")).count(), 3, "{markdown}");
    }

    #[test]
    fn a_change_touching_some_of_the_events_of_its_passage_says_which() {
        let shared = edit(Some(1), Some(1), "Today", "On April 15");
        let first = EventChange {
            changes: vec![shared.clone(), date_change_in(2)],
            ..change("Order signed", EventStatus::DateChanged, Vec::new())
        };
        let second =
            EventChange { changes: vec![shared], ..change("Firms sanctioned", EventStatus::Edited, Vec::new()) };
        let rows =
            passage_rows(std::slice::from_ref(&first).iter().chain([&second]).cloned().collect::<Vec<_>>().as_slice())
                .into_iter()
                .map(|row| row_plain(&row))
                .collect::<Vec<_>>();
        assert_eq!(rows.len(), 1, "{rows:?}");
        let (changed, events) = &rows[0];
        assert_eq!(changed.matches("On April 15").count(), 1, "{changed}");
        assert!(changed.contains("consistent with the timeline before and after [1]"), "{changed}");
        assert_eq!(events, "1. Order signed (date changed)\n2. Firms sanctioned (edited)");
    }

    fn date_change_in(paragraph: usize) -> Change {
        let side = |text: &str| DateSide {
            sentence: 1,
            text: text.into(),
            date: Some(record("2021-04-15")),
            check: DateAgreement::Consistent,
        };
        Change::DateChanged {
            old_paragraph: paragraph,
            new_paragraph: paragraph,
            old: side("Today"),
            new: side("April 15"),
            effect: DateEffect::StillConsistent,
        }
    }

    #[test]
    fn a_deleted_run_is_quoted_at_the_sentence_the_change_names() {
        let run = "Talks resumed in March. Officials met twice in U.S. offices. Britain expelled diplomats. Both sides said little.";
        let mut event = change("Expulsions", EventStatus::Edited, Vec::new());
        event.old_mentions = vec![mention(2, 3, "Britain expelled")];
        let quotes = edit_quotes(&edit(Some(3), None, run, ""), &event);
        assert_eq!(quotes.0, "… Britain expelled diplomats. …");
        assert_eq!(
            describe_row_change(&edit(Some(3), None, run, ""), &quotes),
            "old ¶2.3: deleted “… Britain expelled diplomats. …”"
        );
        // An abbreviation does not end a sentence.
        event.old_mentions = vec![mention(2, 2, "twice")];
        assert_eq!(edit_quotes(&edit(Some(2), None, run, ""), &event).0, "… Officials met twice in U.S. offices. …");
        // A mention outside the run: the run as it is.
        event.old_mentions = vec![mention(2, 3, "Moscow")];
        assert_eq!(edit_quotes(&edit(Some(3), None, "short run", ""), &event).0, "short run");
    }

    #[test]
    fn a_passage_mentioning_thousands_of_events_is_grouped_in_linear_time() {
        const EVENTS: usize = 20_000;
        let rewrite = edit(Some(1), Some(1), "talks in Geneva", "talks in Vienna");
        let events: Vec<EventChange> = (0..EVENTS)
            .map(|n| EventChange {
                id: format!("e{n}"),
                title: format!("Event {n}"),
                changes: vec![rewrite.clone(), Change::Moved { old_paragraph: 2, new_paragraph: 3 }],
                ..change("", EventStatus::Edited, Vec::new())
            })
            .collect();
        let started = std::time::Instant::now();
        let rows = passage_rows(&events);
        assert_eq!(rows.len(), 2);
        assert!(
            rows.iter().all(|row| row.events.len() == EVENTS && row.changes.iter().all(|c| c.events.len() == EVENTS))
        );
        // Looked up by position, events and changes were hundreds of millions of steps.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("alpha beta gamma delta", 12), "alpha beta…");
        assert_eq!(shorten("short", 12), "short");
        assert_eq!(shorten("ééééééééé", 4), "éééé…");
    }
}
