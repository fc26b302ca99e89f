//! `dossier brief` renderers: Markdown (tables that paste into a note), a printable
//! self-contained HTML page, CSV (titled tables one after another) and JSON.

use std::io::{self, Write};

use super::events::EVENTS_CSS;
use super::history::{event_text, write_csv_table};
use super::page::{PAGE_CSS, write_figure, write_page_start};
use super::picture::{EventMark, MarkStatus, PRINT_WIDTH, history_change_map_svg, timeline_svg_with_marks};
use super::{escape_html, escape_markdown_cell, nonzero_counts, safe_link};
use crate::report::align::DateCheck;
use crate::report::brief::{
    BriefReport, ChangeRow, ChangesSection, ExcerptSegment, KeyEvent, KeyEventCounts, Quote, StepOverview,
};
use crate::report::diff::OpKind;
use crate::report::history::HistoryReport;
use crate::report::timeline::{EventRecord, TimelineReport};

/// One table of the brief, for `--table`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefTable {
    /// The key events.
    Events,
    /// The change table of the latest step.
    Changes,
    /// Every event's state in every version.
    Status,
}

pub fn key_events_summary(counts: &KeyEventCounts) -> String {
    format!(
        "{} on the timeline: {} mentioned ({} consistent, {}, {} with no date in the text), {} not mentioned.",
        plural(counts.events, "event"),
        counts.mentioned,
        plural(counts.consistent, "date"),
        plural(counts.conflicts, "conflict"),
        counts.no_date_in_text,
        counts.not_mentioned
    )
}

pub fn changes_summary(section: &ChangesSection) -> String {
    let counts = &section.counts;
    let header = match section.header_changes.as_slice() {
        [] => String::new(),
        changes => {
            let keys: Vec<&str> = changes.iter().map(|change| change.key.as_str()).collect();
            format!("{} changed ({}); ", plural(changes.len(), "header field"), keys.join(", "))
        }
    };
    if counts.changes == 0 {
        if header.is_empty() {
            return format!("{} → {}: no change.", section.from, section.to);
        }
        return format!(
            "{} → {}: {header}no paragraph changed; {} (numbers or dates).",
            section.from,
            section.to,
            plural(counts.factual_edits, "factual edit")
        );
    }
    format!(
        "{} → {}: {header}{} ({}, {}, {}, {}), {} deleted and {} inserted; {} (numbers or dates) marked ⚑.",
        section.from,
        section.to,
        plural(counts.changes, "change"),
        plural(counts.edits, "edit"),
        plural(counts.inserts, "insert"),
        plural(counts.deletes, "delete"),
        plural(counts.moves, "move"),
        plural(counts.words_deleted, "word"),
        counts.words_inserted,
        plural(counts.factual_edits, "factual edit")
    )
}

/// `Read from V3 (samples/v3.txt).`: the version the key events were read from.
pub fn key_events_source(report: &BriefReport) -> String {
    let label = &report.key_events.read_from;
    match report.header.versions.iter().find(|version| &version.label == label) {
        Some(version) => format!("Read from {label} ({}).", version.path),
        None => format!("Read from {label}."),
    }
}

/// The steps "What changed" sums up, each as its cells: every step, then the first version
/// against the latest. Empty with a single step, which the change table covers whole.
fn step_rows(section: &ChangesSection) -> Vec<[String; 5]> {
    let Some(overall) = &section.first_to_latest else { return Vec::new() };
    let row = |step: &StepOverview, note: &str| {
        let stats = &step.stats;
        let paragraphs = nonzero_counts(&[
            (stats.paragraphs_changed + stats.paragraphs_split + stats.paragraphs_merged, "edited"),
            (stats.paragraphs_inserted, "inserted"),
            (stats.paragraphs_deleted, "deleted"),
            (stats.paragraphs_moved, "moved"),
        ]);
        [
            format!("{} → {}{note}", step.from, step.to),
            paragraphs.unwrap_or_else(|| "none".to_string()),
            format!("−{}/+{}", stats.words_deleted, stats.words_inserted),
            step.factual_edits.to_string(),
            format!("{:.1}%", stats.similarity * 100.0),
        ]
    };
    let mut rows: Vec<[String; 5]> = section.steps.iter().map(|step| row(step, "")).collect();
    rows.push(row(overall, " (first to latest)"));
    rows
}

const STEP_COLUMNS: [&str; 5] = ["Step", "Paragraphs", "Words −/+", "Factual edits", "Similarity"];

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

pub fn events_status_summary(section: &ChangesSection) -> String {
    let touched = section
        .events
        .iter()
        .filter(|row| {
            row.cells.iter().skip(1).any(|cell| {
                !matches!(
                    cell.state,
                    crate::report::history::EventCellState::Unchanged
                        | crate::report::history::EventCellState::NotMentioned
                )
            })
        })
        .count();
    let events = super::counted(section.events.len(), "event", "events");
    format!("{touched} of {events} changed in at least one step.")
}

fn date_text(event: &KeyEvent) -> String {
    event.display.clone().unwrap_or_else(|| event.date.text.clone())
}

fn places_text(event: &KeyEvent) -> String {
    if event.places.is_empty() {
        return "not mentioned".into();
    }
    event.places.iter().map(|place| format!("¶{}.{}", place.paragraph, place.sentence)).collect::<Vec<_>>().join(", ")
}

/// `consistent`, or `conflict: the text says 1992, the timeline 1991-12-26 (6 days apart)`.
pub fn date_check_text(event: &KeyEvent) -> String {
    match event.date_check {
        DateCheck::Consistent => "consistent".into(),
        DateCheck::NoDateInText => "no date in the text".into(),
        DateCheck::NotMentioned => "-".into(),
        DateCheck::Conflict => {
            let details: Vec<String> = event
                .conflicts
                .iter()
                .map(|conflict| {
                    format!(
                        "¶{}.{} says {}, the timeline {} ({} apart)",
                        conflict.paragraph,
                        conflict.sentence,
                        conflict.text_date.text,
                        conflict.timeline_date.text,
                        days_text(conflict.days_apart)
                    )
                })
                .collect();
            if details.is_empty() { "conflict".into() } else { format!("conflict: {}", details.join("; ")) }
        }
    }
}

fn quote_plain(quote: &Quote) -> String {
    quote.segments.iter().map(|segment| segment.text.as_str()).collect()
}

fn where_text(row: &ChangeRow) -> String {
    let side = |number: Option<usize>| number.map_or_else(|| "-".into(), |number| format!("¶{number}"));
    format!("{} → {}", side(row.old_paragraph), side(row.new_paragraph))
}

/// wdiff style, for CSV: `[-old-]{+new+}`.
fn excerpt_plain(row: &ChangeRow) -> String {
    row.excerpt
        .iter()
        .map(|segment| match segment.op {
            OpKind::Equal => segment.text.clone(),
            OpKind::Delete => format!("[-{}-]", segment.text),
            OpKind::Insert => format!("{{+{}+}}", segment.text),
        })
        .collect()
}

/// Escapes a Markdown cell and the emphasis marks inside it, so only our own marks format.
fn markdown_text(text: &str) -> String {
    let mut out = String::new();
    for c in escape_markdown_cell(text).chars() {
        if matches!(c, '*' | '_' | '~' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Emphasis wraps the non-blank core only, so `** text **` never appears.
fn wrap_markdown(text: &str, mark: &str) -> String {
    let core = text.trim();
    if core.is_empty() {
        return markdown_text(text);
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{}{mark}{}{mark}{}", markdown_text(lead), markdown_text(core), markdown_text(trail))
}

fn markdown_link(url: &str) -> String {
    match safe_link(url) {
        Some(link) => {
            let target: String = link
                .chars()
                .map(|c| match c {
                    '(' => "%28".to_string(),
                    ')' => "%29".to_string(),
                    '<' => "%3C".to_string(),
                    '>' => "%3E".to_string(),
                    '|' => "%7C".to_string(),
                    // Each UTF-8 byte, as URLs spell it: U+2028 is %E2%80%A8, and a
                    // bidirectional control cannot reorder the line it is printed on.
                    c if c.is_whitespace() || crate::safe_text::is_unsafe_for_terminal(c) => {
                        c.encode_utf8(&mut [0; 4]).bytes().map(|byte| format!("%{byte:02X}")).collect()
                    }
                    c => c.to_string(),
                })
                .collect();
            format!("[{}]({target})", markdown_text(&link_label(link)))
        }
        None => markdown_text(url),
    }
}

/// The host of an address, as a short link label.
fn link_label(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

fn markdown_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "| {} |", cells.join(" | "))
}

fn markdown_header(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
    writeln!(out, "| {} |\n|{}", cells.join(" | "), "---|".repeat(cells.len()))
}

fn write_key_events_markdown(out: &mut dyn Write, report: &BriefReport) -> io::Result<()> {
    markdown_header(out, &["Date", "Event", "Where", "Quote", "Date check", "Sources"])?;
    for event in &report.key_events.events {
        let quote = event.quote.as_ref().map_or_else(String::new, |quote| {
            quote
                .segments
                .iter()
                .map(
                    |segment| {
                        if segment.marked { wrap_markdown(&segment.text, "**") } else { markdown_text(&segment.text) }
                    },
                )
                .collect()
        });
        let check = match event.date_check {
            DateCheck::Conflict => format!("**{}**", markdown_text(&date_check_text(event))),
            _ => markdown_text(&date_check_text(event)),
        };
        let sources: Vec<String> = event.sources.iter().map(|source| markdown_link(source)).collect();
        markdown_row(
            out,
            &[
                markdown_text(&date_text(event)),
                markdown_text(&event.title),
                places_text(event),
                quote,
                check,
                sources.join(", "),
            ],
        )?;
    }
    Ok(())
}

/// A redline in Markdown: deleted text struck, inserted text bold.
fn excerpt_markdown(excerpt: &[ExcerptSegment]) -> String {
    excerpt
        .iter()
        .map(|segment| match segment.op {
            OpKind::Equal => markdown_text(&segment.text),
            OpKind::Delete => wrap_markdown(&segment.text, "~~"),
            OpKind::Insert => wrap_markdown(&segment.text, "**"),
        })
        .collect()
}

/// A redline in HTML: `<del>` and `<ins>`.
fn excerpt_html(excerpt: &[ExcerptSegment]) -> String {
    excerpt
        .iter()
        .map(|segment| match segment.op {
            OpKind::Equal => escape_html(&segment.text),
            OpKind::Delete => format!("<del>{}</del>", escape_html(&segment.text)),
            OpKind::Insert => format!("<ins>{}</ins>", escape_html(&segment.text)),
        })
        .collect()
}

fn write_changes_markdown(out: &mut dyn Write, section: &ChangesSection) -> io::Result<()> {
    for change in &section.header_changes {
        writeln!(out, "- {}: {}", markdown_text(&change.key), excerpt_markdown(&change.excerpt))?;
    }
    if !section.header_changes.is_empty() {
        writeln!(out)?;
    }
    if section.rows.is_empty() {
        return Ok(());
    }
    markdown_header(out, &["#", "Where", "Kind", "Words −/+", "Excerpt"])?;
    for row in &section.rows {
        let excerpt = excerpt_markdown(&row.excerpt);
        markdown_row(
            out,
            &[
                format!("{}{}", row.number, if row.factual { " ⚑" } else { "" }),
                where_text(row),
                row.kind.label().to_string(),
                format!("−{}/+{}", row.words_deleted, row.words_inserted),
                excerpt,
            ],
        )?;
    }
    Ok(())
}

fn write_status_markdown(out: &mut dyn Write, report: &BriefReport, section: &ChangesSection) -> io::Result<()> {
    let mut header = vec!["Event".to_string()];
    header.extend(report.header.versions.iter().map(|version| version.label.clone()));
    writeln!(out, "| {} |\n|{}", header.join(" | "), "---|".repeat(header.len()))?;
    for row in &section.events {
        let mut cells = vec![markdown_text(&row.title)];
        cells.extend(row.cells.iter().map(|cell| markdown_text(&event_text(cell))));
        markdown_row(out, &cells)?;
    }
    Ok(())
}

pub fn write_markdown(out: &mut dyn Write, report: &BriefReport, table: Option<BriefTable>) -> io::Result<()> {
    match table {
        Some(BriefTable::Events) => return write_key_events_markdown(out, report),
        Some(BriefTable::Changes) => {
            return match &report.changes {
                Some(section) => write_changes_markdown(out, section),
                None => Ok(()),
            };
        }
        Some(BriefTable::Status) => {
            return match &report.changes {
                Some(section) => write_status_markdown(out, report, section),
                None => Ok(()),
            };
        }
        None => {}
    }
    let header = &report.header;
    writeln!(out, "# {}\n", markdown_text(header.title.as_deref().unwrap_or("Briefing note")))?;
    let mut facts = Vec::new();
    if !header.authors.is_empty() {
        facts.push(format!("**Authors:** {}", markdown_text(&header.authors.join(", "))));
    }
    if let Some(published) = &header.published {
        facts.push(format!("**Published:** {}", markdown_text(published)));
    }
    let versions: Vec<String> =
        header.versions.iter().map(|version| format!("{} {}", version.label, markdown_text(&version.path))).collect();
    facts.push(format!("**Versions:** {}", versions.join(", ")));
    writeln!(out, "{}\n", facts.join("  \n"))?;
    let key_events = format!("{} {}", key_events_source(report), key_events_summary(&report.key_events.counts));
    writeln!(out, "## Key events\n\n{}\n", markdown_text(&key_events))?;
    write_key_events_markdown(out, report)?;
    if let Some(section) = &report.changes {
        let steps = step_rows(section);
        if let Some(overall) = &section.first_to_latest {
            writeln!(out, "\n## What changed ({} → {})\n", overall.from, overall.to)?;
            markdown_header(out, &STEP_COLUMNS)?;
            for row in &steps {
                markdown_row(out, &row.clone().map(|cell| markdown_text(&cell)))?;
            }
        }
        let heading = if steps.is_empty() { "\n## What changed" } else { "\n### Latest step" };
        writeln!(
            out,
            "{heading} ({} → {})\n\n{}\n",
            section.from,
            section.to,
            markdown_text(&changes_summary(section))
        )?;
        write_changes_markdown(out, section)?;
        writeln!(out, "\n### Events across versions\n\n{}\n", markdown_text(&events_status_summary(section)))?;
        write_status_markdown(out, report, section)?;
    }
    Ok(())
}

fn key_events_rows(report: &BriefReport) -> Vec<Vec<String>> {
    let mut rows = vec![["Date", "Event", "Where", "Quote", "Date check", "Sources"].map(String::from).to_vec()];
    rows.extend(report.key_events.events.iter().map(|event| {
        vec![
            date_text(event),
            event.title.clone(),
            places_text(event),
            event.quote.as_ref().map(quote_plain).unwrap_or_default(),
            date_check_text(event),
            event.sources.join(" "),
        ]
    }));
    rows
}

fn change_rows(section: &ChangesSection) -> Vec<Vec<String>> {
    let mut rows = vec![change_rows_header()];
    rows.extend(section.rows.iter().map(|row| {
        let number = |paragraph: Option<usize>| paragraph.map(|number| number.to_string()).unwrap_or_default();
        vec![
            row.number.to_string(),
            number(row.old_paragraph),
            number(row.new_paragraph),
            row.kind.label().to_string(),
            row.words_deleted.to_string(),
            row.words_inserted.to_string(),
            if row.factual { "yes".into() } else { "no".into() },
            excerpt_plain(row),
        ]
    }));
    rows
}

/// The events across versions; its header alone when there is one version.
fn status_rows(report: &BriefReport) -> Vec<Vec<String>> {
    let mut header = vec!["Event".to_string()];
    header.extend(report.header.versions.iter().map(|version| version.label.clone()));
    let mut rows = vec![header];
    rows.extend(
        report
            .changes
            .iter()
            .flat_map(|section| &section.events)
            .map(|row| std::iter::once(row.title.clone()).chain(row.cells.iter().map(event_text)).collect::<Vec<_>>()),
    );
    rows
}

/// "1 day", "12 days" (a count of days apart may carry a sign).
fn days_text(days: i64) -> String {
    format!("{days} {}", if days.abs() == 1 { "day" } else { "days" })
}

/// One table per file (a header alone for the tables of changes when there is one version).
pub fn write_csv(out: &mut dyn Write, report: &BriefReport, table: BriefTable) -> io::Result<()> {
    let rows = match (table, &report.changes) {
        (BriefTable::Events, _) => key_events_rows(report),
        (BriefTable::Changes, Some(section)) => change_rows(section),
        (BriefTable::Changes, None) => vec![change_rows_header()],
        (BriefTable::Status, _) => status_rows(report),
    };
    write_csv_table(out, &rows)
}

fn change_rows_header() -> Vec<String> {
    ["#", "Old ¶", "New ¶", "Kind", "Words deleted", "Words inserted", "Factual", "Excerpt"].map(String::from).to_vec()
}

const BRIEF_CSS: &str = "\
.meta { color: #333; margin: 0 0 1em; } .meta b { font-weight: 600; }
mark { background: #fde68a; padding: 0 0.1em; }
td.quote { font-style: italic; } td.check-conflict { color: #b91c1c; font-weight: 600; } td.check-consistent { color: #166534; }
td.kind, td.words, td.num, td.sources { white-space: nowrap; }
.nowrap { white-space: nowrap; }
td.flag { color: #b91c1c; font-weight: 700; }
a { color: #1d4ed8; }
.lead h2, .lead h3 { margin-bottom: 0.2em; } .lead p { margin-top: 0.2em; }
@page { margin: 10mm 11mm; }
@media print {
  body { font-size: 9pt; line-height: 1.25; padding: 0; }
  h1 { font-size: 14pt; margin-top: 0; } h2 { font-size: 11.5pt; margin-top: 0.9em; } h3 { font-size: 10pt; margin-top: 0.8em; }
  .meta { margin-bottom: 0.5em; }
  table.grid { font-size: 8pt; margin: 0.3em 0 0.6em; }
  table.grid th, table.grid td { padding: 0.15em 0.35em; }
  figure.picture { margin: 0.4em 0; overflow: visible; break-inside: avoid; }
  figure.picture svg { width: 100%; }
  figure.picture svg[aria-labelledby=change-map-title] { height: auto; max-height: 34mm; }
  figure.picture figcaption { font-size: 8pt; }
  .lead { break-inside: avoid; break-after: avoid; }
  h2, h3, p.summary, figure.picture { break-after: avoid; }
  tr, .meta { break-inside: avoid; }
  td.sources { white-space: normal; overflow-wrap: anywhere; width: 8em; }
  td.quote { width: 45%; }
  a { color: inherit; text-decoration: none; }
}
";

fn html_row(out: &mut dyn Write, cells: &[(String, String)]) -> io::Result<()> {
    write!(out, "<tr>")?;
    for (class, html) in cells {
        if class.is_empty() {
            write!(out, "<td>{html}</td>")?;
        } else {
            write!(out, "<td class=\"{class}\">{html}</td>")?;
        }
    }
    writeln!(out, "</tr>")
}

fn html_header(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
    writeln!(out, "<table class=\"grid\">")?;
    let header: String = cells.iter().map(|cell| format!("<th>{}</th>", escape_html(cell))).collect();
    writeln!(out, "<tr>{header}</tr>")
}

fn source_html(url: &str) -> String {
    match safe_link(url) {
        Some(link) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            escape_html(link),
            escape_html(&link_label(link))
        ),
        None => escape_html(url),
    }
}

/// A section's heading and summary, kept together and with what follows when printed.
fn write_lead(out: &mut dyn Write, level: &str, heading: &str, summary: &str) -> io::Result<()> {
    writeln!(
        out,
        "<div class=\"lead\"><{level}>{}</{level}>\n<p class=\"summary\">{}</p></div>",
        escape_html(heading),
        escape_html(summary)
    )
}

/// A date that never wraps inside itself: a range may break only between its two ends
/// ("August 2003 to April 2009", "2003-08/2009-04").
fn date_html(text: &str) -> String {
    let mut html = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (part, separator, tail) = [" to ", " – ", " — ", " - ", "/"]
            .iter()
            .filter_map(|separator| rest.find(separator).map(|at| (at, *separator)))
            .min()
            .map_or((rest, "", ""), |(at, separator)| (&rest[..at], separator, &rest[at + separator.len()..]));
        if !part.is_empty() {
            html.push_str(&format!("<span class=\"nowrap\">{}</span>", escape_html(part)));
        }
        html.push_str(&escape_html(separator));
        rest = tail;
    }
    html
}

/// The key events table; a column empty in every row (often Sources) is left out.
fn write_key_events_html(out: &mut dyn Write, report: &BriefReport) -> io::Result<()> {
    const HEADINGS: [&str; 6] = ["Date", "Event", "Where", "Quote", "Date check", "Sources"];
    let rows: Vec<[(&str, String); 6]> = report
        .key_events
        .events
        .iter()
        .map(|event| {
            let quote = event.quote.as_ref().map_or_else(String::new, |quote| {
                quote
                    .segments
                    .iter()
                    .map(|segment| {
                        if segment.marked {
                            format!("<mark>{}</mark>", escape_html(&segment.text))
                        } else {
                            escape_html(&segment.text)
                        }
                    })
                    .collect()
            });
            let check_class = match event.date_check {
                DateCheck::Conflict => "check-conflict",
                DateCheck::Consistent => "check-consistent",
                _ => "",
            };
            let sources: Vec<String> = event.sources.iter().map(|source| source_html(source)).collect();
            [
                ("date", date_html(&date_text(event))),
                ("", escape_html(&event.title)),
                ("where", escape_html(&places_text(event))),
                ("quote", quote),
                (check_class, escape_html(&date_check_text(event))),
                ("sources", sources.join("<br>")),
            ]
        })
        .collect();
    let shown: Vec<usize> =
        (0..HEADINGS.len()).filter(|&column| rows.iter().any(|row| !row[column].1.is_empty())).collect();
    let headings: Vec<&str> = shown.iter().map(|&column| HEADINGS[column]).collect();
    html_header(out, &headings)?;
    for row in &rows {
        let cells: Vec<(String, String)> =
            shown.iter().map(|&column| (row[column].0.to_string(), row[column].1.clone())).collect();
        html_row(out, &cells)?;
    }
    writeln!(out, "</table>")
}

/// The key events as a timeline to draw, and what the article does with each.
fn timeline_picture(report: &BriefReport) -> (TimelineReport, Vec<EventMark>) {
    let events = &report.key_events.events;
    let records = events
        .iter()
        .map(|event| EventRecord {
            id: event.id.clone(),
            title: event.title.clone(),
            date: event.date.clone(),
            display: event.display.clone(),
            aliases: Vec::new(),
            actors: Vec::new(),
            places: Vec::new(),
            tags: Vec::new(),
            sources: event.sources.clone(),
            notes: None,
        })
        .collect();
    let marks = events
        .iter()
        .map(|event| {
            let (status, note) = match (event.date_check, event.conflicts.first()) {
                (DateCheck::Conflict, Some(conflict)) => (
                    MarkStatus::Conflict,
                    Some(format!("¶{}.{} says {}", conflict.paragraph, conflict.sentence, conflict.text_date.text)),
                ),
                (DateCheck::Conflict, None) => (MarkStatus::Conflict, Some(places_text(event))),
                _ if event.places.is_empty() => (MarkStatus::NotMentioned, None),
                _ => (MarkStatus::Mentioned, Some(places_text(event))),
            };
            EventMark { id: event.id.clone(), status, note }
        })
        .collect();
    let timeline = TimelineReport { schema_version: report.schema_version, title: None, events: records };
    (timeline, marks)
}

/// The page; with `history` (the versions' history) and more than one version, it also draws
/// the change map.
pub fn write_html(out: &mut dyn Write, report: &BriefReport, history: Option<&HistoryReport>) -> io::Result<()> {
    let header = &report.header;
    let title = header.title.clone().unwrap_or_else(|| "Briefing note".into());
    write_page_start(out, &title, &[PAGE_CSS, EVENTS_CSS, BRIEF_CSS])?;
    writeln!(out, "<h1>{}</h1>\n<p class=\"meta\">", escape_html(&title))?;
    if !header.authors.is_empty() {
        writeln!(out, "<b>Authors:</b> {}<br>", escape_html(&header.authors.join(", ")))?;
    }
    if let Some(published) = &header.published {
        writeln!(out, "<b>Published:</b> {}<br>", escape_html(published))?;
    }
    let versions: Vec<String> = header
        .versions
        .iter()
        .map(|version| format!("{} <code>{}</code>", escape_html(&version.label), escape_html(&version.path)))
        .collect();
    writeln!(out, "<b>Versions:</b> {}</p>", versions.join(", "))?;

    let summary = format!("{} {}", key_events_source(report), key_events_summary(&report.key_events.counts));
    write_lead(out, "h2", "Key events", &summary)?;
    if !report.key_events.events.is_empty() {
        let (timeline, marks) = timeline_picture(report);
        write_figure(
            out,
            "The timeline's events: where the article mentions them, and the dates it disputes.",
            |out| timeline_svg_with_marks(&timeline, &marks, PRINT_WIDTH, out),
        )?;
    }
    write_key_events_html(out, report)?;

    if let Some(section) = &report.changes {
        let steps = step_rows(section);
        if let Some(overall) = &section.first_to_latest {
            writeln!(out, "<h2>What changed ({} → {})</h2>", escape_html(&overall.from), escape_html(&overall.to))?;
            html_header(out, &STEP_COLUMNS)?;
            for row in &steps {
                html_row(out, &row.clone().map(|cell| (String::new(), escape_html(&cell))))?;
            }
            writeln!(out, "</table>")?;
        }
        if steps.is_empty() {
            let heading = format!("What changed ({} → {})", section.from, section.to);
            write_lead(out, "h2", &heading, &changes_summary(section))?;
        } else {
            // The steps table already gives the latest step's counts.
            writeln!(out, "<h3>Latest step ({} → {})</h3>", escape_html(&section.from), escape_html(&section.to))?;
        }
        if let Some(history) = history.filter(|history| history.versions.len() > 1) {
            write_figure(out, "How the passages changed, version by version.", |out| {
                history_change_map_svg(history, out)
            })?;
        }
        for change in &section.header_changes {
            writeln!(
                out,
                "<p class=\"metadata\"><b>{}</b>: {}</p>",
                escape_html(&change.key),
                excerpt_html(&change.excerpt)
            )?;
        }
        html_header(out, &["#", "Where", "Kind", "Words −/+", "Excerpt"])?;
        for row in &section.rows {
            let excerpt = excerpt_html(&row.excerpt);
            let number = if row.factual {
                format!("{} <span class=\"flag\" title=\"number or date changed\">⚑</span>", row.number)
            } else {
                row.number.to_string()
            };
            html_row(
                out,
                &[
                    ("num".into(), number),
                    ("where".into(), escape_html(&where_text(row))),
                    ("kind".into(), escape_html(row.kind.label())),
                    ("words".into(), format!("−{}/+{}", row.words_deleted, row.words_inserted)),
                    ("".into(), excerpt),
                ],
            )?;
        }
        writeln!(out, "</table>")?;
        write_lead(out, "h3", "Events across versions", &events_status_summary(section))?;
        let mut columns = vec!["Event"];
        columns.extend(header.versions.iter().map(|version| version.label.as_str()));
        html_header(out, &columns)?;
        for row in &section.events {
            let mut cells = vec![(String::new(), escape_html(&row.title))];
            for cell in &row.cells {
                let class =
                    match serde_json::to_value(cell.state).ok().and_then(|value| value.as_str().map(String::from)) {
                        Some(name) => format!("state-{name}"),
                        None => String::new(),
                    };
                cells.push((class, escape_html(&event_text(cell))));
            }
            html_row(out, &cells)?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</body>\n</html>")
}
