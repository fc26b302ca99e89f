//! `dossier history` renderers: terminal tables, Markdown, CSV, JSON, a self-contained HTML page.

use std::io::{self, Write};

use comfy_table::{Cell, Color, presets};

use super::page::{PAGE_CSS, write_figure, write_page_start};
use super::{
    Style, escape_html, escape_markdown_cell, neutralize_csv_cell, nonzero_counts, sanitize_terminal, terminal_table,
};
use crate::report::history::{
    EventCell, EventCellState, EventCounts, HistoryReport, HistoryStep, PassageCell, PassageState,
};

/// A passage cell in words: `¶3 edited 12%`, `¶2 moved`, `deleted`, or empty when absent.
pub fn passage_text(cell: &PassageCell) -> String {
    let place = cell.paragraph.map(|number| format!("¶{number}")).unwrap_or_default();
    let percent = cell.percent_changed.map(|percent| format!("{percent}%")).unwrap_or_default();
    match cell.state {
        PassageState::Absent => String::new(),
        PassageState::Present => place,
        PassageState::Unchanged => format!("{place} unchanged"),
        PassageState::Edited => format!("{place} edited {percent}"),
        PassageState::Inserted => format!("{place} inserted"),
        PassageState::Deleted => "deleted".into(),
        PassageState::Moved if cell.percent_changed.is_some() => format!("{place} moved, edited {percent}"),
        PassageState::Moved => format!("{place} moved"),
    }
}

/// An event cell in words: `mentioned ¶1, ¶5`, `date changed ¶1`, `not mentioned`.
pub fn event_text(cell: &EventCell) -> String {
    if cell.paragraphs.is_empty() {
        return cell.state.label().to_string();
    }
    let places: Vec<String> = cell.paragraphs.iter().map(|number| format!("¶{number}")).collect();
    format!("{} {}", cell.state.label(), places.join(", "))
}

/// `2 edited, 1 moved`: the non-zero counts.
pub fn event_counts_text(counts: &EventCounts) -> String {
    nonzero_counts(&[
        (counts.date_changed, "date changed"),
        (counts.edited, "edited"),
        (counts.moved, "moved"),
        (counts.added, "added"),
        (counts.removed, "removed"),
        (counts.unchanged, "unchanged"),
        (counts.not_mentioned, "not mentioned"),
    ])
    .unwrap_or_else(|| "-".into())
}

/// The statistics, one row each, with one column per step: steps are few, statistics many.
const STEP_ROWS: [&str; 12] = [
    "Words common",
    "Words deleted",
    "Words inserted",
    "Words changed",
    "¶ unchanged",
    "¶ edited",
    "¶ inserted",
    "¶ deleted",
    "¶ moved",
    "Similarity",
    "Factual edits",
    "Events",
];

fn step_column(step: &HistoryStep) -> [String; 12] {
    let stats = &step.stats;
    [
        stats.words_common.to_string(),
        stats.words_deleted.to_string(),
        stats.words_inserted.to_string(),
        stats.words_changed.to_string(),
        stats.paragraphs_unchanged.to_string(),
        stats.paragraphs_changed.to_string(),
        stats.paragraphs_inserted.to_string(),
        stats.paragraphs_deleted.to_string(),
        stats.paragraphs_moved.to_string(),
        format!("{:.0}%", stats.similarity * 100.0),
        step.factual_edits.to_string(),
        event_counts_text(&step.events),
    ]
}

/// The steps table as rows of strings, header first.
fn step_rows(report: &HistoryReport) -> Vec<Vec<String>> {
    let columns: Vec<[String; 12]> = report.steps.iter().map(step_column).collect();
    let mut header = vec!["Step".to_string()];
    header.extend(
        report
            .steps
            .iter()
            .map(|step| format!("{} → {}{}", step.from, step.to, if step.bounded { " (bounded)" } else { "" })),
    );
    let mut rows = vec![header];
    for (index, name) in STEP_ROWS.iter().enumerate() {
        let mut row = vec![name.to_string()];
        row.extend(columns.iter().map(|column| column[index].clone()));
        rows.push(row);
    }
    rows
}

fn version_labels(report: &HistoryReport) -> Vec<String> {
    report.versions.iter().map(|version| version.label.clone()).collect()
}

fn passage_color(state: PassageState) -> Option<Color> {
    match state {
        PassageState::Edited => Some(Color::Yellow),
        PassageState::Inserted => Some(Color::Green),
        PassageState::Deleted => Some(Color::Red),
        PassageState::Moved => Some(Color::Cyan),
        PassageState::Absent | PassageState::Present | PassageState::Unchanged => None,
    }
}

fn event_color(state: EventCellState) -> Option<Color> {
    match state {
        EventCellState::DateChanged | EventCellState::Removed => Some(Color::Red),
        EventCellState::Edited | EventCellState::Added => Some(Color::Yellow),
        EventCellState::Moved => Some(Color::Cyan),
        _ => None,
    }
}

fn colored(text: String, color: Option<Color>, style: &Style) -> Cell {
    match color {
        Some(color) if style.color => Cell::new(text).fg(color),
        _ => Cell::new(text),
    }
}

pub fn write_table(out: &mut dyn Write, report: &HistoryReport, style: &Style) -> io::Result<()> {
    writeln!(out, "Versions")?;
    let mut versions = terminal_table(style, presets::UTF8_FULL_CONDENSED);
    versions.set_header(["Version", "File", "Paragraphs", "Words"]);
    for version in &report.versions {
        versions.add_row(vec![
            version.label.clone(),
            sanitize_terminal(&version.path),
            version.paragraphs.to_string(),
            version.words.to_string(),
        ]);
    }
    writeln!(out, "{versions}\n\nPassages")?;
    let mut passages = terminal_table(style, presets::UTF8_FULL_CONDENSED);
    passages.set_header(std::iter::once("#".to_string()).chain(version_labels(report)).collect::<Vec<_>>());
    for (index, row) in report.passages.iter().enumerate() {
        let mut cells = vec![Cell::new(index + 1)];
        cells.extend(row.cells.iter().map(|cell| colored(passage_text(cell), passage_color(cell.state), style)));
        passages.add_row(cells);
    }
    writeln!(out, "{passages}")?;
    if !report.events.is_empty() {
        writeln!(out, "\nEvents")?;
        let mut events = terminal_table(style, presets::UTF8_FULL_CONDENSED);
        events.set_header(std::iter::once("Event".to_string()).chain(version_labels(report)).collect::<Vec<_>>());
        for row in &report.events {
            let mut cells = vec![Cell::new(sanitize_terminal(&row.title))];
            cells.extend(row.cells.iter().map(|cell| colored(event_text(cell), event_color(cell.state), style)));
            events.add_row(cells);
        }
        writeln!(out, "{events}")?;
    }
    if !report.steps.is_empty() {
        writeln!(out, "\nSteps")?;
        let mut steps = terminal_table(style, presets::UTF8_FULL_CONDENSED);
        let mut rows = step_rows(report).into_iter();
        if let Some(header) = rows.next() {
            steps.set_header(header);
        }
        for row in rows {
            steps.add_row(row);
        }
        writeln!(out, "{steps}")?;
    }
    Ok(())
}

fn markdown_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    let escaped: Vec<String> = cells.iter().map(|cell| escape_markdown_cell(cell)).collect();
    writeln!(out, "| {} |", escaped.join(" | "))
}

fn markdown_header(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    markdown_row(out, cells)?;
    writeln!(out, "|{}", "---|".repeat(cells.len()))
}

pub fn write_markdown(out: &mut dyn Write, report: &HistoryReport) -> io::Result<()> {
    writeln!(out, "# History of {}\n", super::counted(report.versions.len(), "version", "versions"))?;
    markdown_header(out, &["Version".into(), "File".into(), "Paragraphs".into(), "Words".into()])?;
    for version in &report.versions {
        markdown_row(
            out,
            &[version.label.clone(), version.path.clone(), version.paragraphs.to_string(), version.words.to_string()],
        )?;
    }
    writeln!(out, "\n## Passages\n")?;
    markdown_header(out, &std::iter::once("#".to_string()).chain(version_labels(report)).collect::<Vec<_>>())?;
    for (index, row) in report.passages.iter().enumerate() {
        let mut cells = vec![(index + 1).to_string()];
        cells.extend(row.cells.iter().map(passage_text));
        markdown_row(out, &cells)?;
    }
    if !report.events.is_empty() {
        writeln!(out, "\n## Events\n")?;
        markdown_header(out, &std::iter::once("Event".to_string()).chain(version_labels(report)).collect::<Vec<_>>())?;
        for row in &report.events {
            let mut cells = vec![row.title.clone()];
            cells.extend(row.cells.iter().map(event_text));
            markdown_row(out, &cells)?;
        }
    }
    if !report.steps.is_empty() {
        writeln!(out, "\n## Steps\n")?;
        let rows = step_rows(report);
        if let Some((header, body)) = rows.split_first() {
            markdown_header(out, header)?;
            for row in body {
                markdown_row(out, row)?;
            }
        }
    }
    Ok(())
}

/// Writes one table: a header and its rows, every cell neutralized. Never several tables in
/// one file: a spreadsheet or pandas reads a CSV file as one table under its first line, and
/// the writer refuses a row whose field count differs from the header's.
pub fn write_csv_table(out: &mut dyn Write, rows: &[Vec<String>]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for row in rows {
        writer.write_record(row.iter().map(|cell| neutralize_csv_cell(cell)))?;
    }
    writer.flush()
}

/// One table of the history: CSV writes one per file (`history --format csv --table NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryTable {
    Versions,
    /// Every passage across the versions: the default.
    Passages,
    /// Every timeline event across the versions.
    Events,
    /// What each step changed.
    Steps,
}

impl HistoryTable {
    fn title(self) -> &'static str {
        match self {
            HistoryTable::Versions => "Versions",
            HistoryTable::Passages => "Passages",
            HistoryTable::Events => "Events",
            HistoryTable::Steps => "Steps",
        }
    }
}

/// The history's tables as rows of strings: versions, passages, events (when there is a
/// timeline), steps.
fn tables(report: &HistoryReport) -> Vec<(&'static str, Vec<Vec<String>>)> {
    let labels = version_labels(report);
    let mut versions = vec![vec!["Version".to_string(), "File".into(), "Paragraphs".into(), "Words".into()]];
    versions.extend(report.versions.iter().map(|version| {
        vec![version.label.clone(), version.path.clone(), version.paragraphs.to_string(), version.words.to_string()]
    }));
    let mut passages = vec![std::iter::once("#".to_string()).chain(labels.iter().cloned()).collect::<Vec<_>>()];
    passages.extend(report.passages.iter().enumerate().map(|(index, row)| {
        std::iter::once((index + 1).to_string()).chain(row.cells.iter().map(passage_text)).collect()
    }));
    let mut tables = vec![("Versions", versions), ("Passages", passages)];
    if !report.events.is_empty() {
        let mut events = vec![std::iter::once("Event".to_string()).chain(labels.iter().cloned()).collect::<Vec<_>>()];
        events.extend(
            report
                .events
                .iter()
                .map(|row| std::iter::once(row.title.clone()).chain(row.cells.iter().map(event_text)).collect()),
        );
        tables.push(("Events", events));
    }
    let steps = step_rows(report);
    tables.push(("Steps", steps));
    tables
}

pub fn write_csv(out: &mut dyn Write, report: &HistoryReport, table: HistoryTable) -> io::Result<()> {
    let rows = tables(report).into_iter().find(|(name, _)| *name == table.title()).map(|(_, rows)| rows);
    // Only the events table is left out of `tables` (when no event is followed): its header.
    let rows =
        rows.unwrap_or_else(|| vec![std::iter::once("Event".to_string()).chain(version_labels(report)).collect()]);
    write_csv_table(out, &rows)
}

fn html_table(out: &mut dyn Write, header: &[String], rows: &[Vec<(String, Option<String>)>]) -> io::Result<()> {
    writeln!(out, "<table class=\"grid\">")?;
    write!(out, "<tr>")?;
    for cell in header {
        write!(out, "<th>{}</th>", escape_html(cell))?;
    }
    writeln!(out, "</tr>")?;
    for row in rows {
        write!(out, "<tr>")?;
        for (text, class) in row {
            match class {
                Some(class) => write!(out, "<td class=\"{}\">{}</td>", escape_html(class), escape_html(text))?,
                None => write!(out, "<td>{}</td>", escape_html(text))?,
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table>")
}

fn state_class<T: serde::Serialize>(state: T) -> Option<String> {
    serde_json::to_value(state).ok().and_then(|value| value.as_str().map(|name| format!("state-{name}")))
}

pub fn write_html(out: &mut dyn Write, report: &HistoryReport) -> io::Result<()> {
    let title = format!("History of {}", super::counted(report.versions.len(), "version", "versions"));
    write_page_start(out, &title, &[PAGE_CSS])?;
    writeln!(out, "<h1>{}</h1>", escape_html(&title))?;
    write_figure(out, "How the passages changed, version by version.", |out| {
        super::picture::history_change_map_svg(report, out)
    })?;
    let tables = tables(report);
    for (name, rows) in &tables {
        let Some((header, body)) = rows.split_first() else { continue };
        writeln!(out, "<h2>{}</h2>", escape_html(name))?;
        let classed: Vec<Vec<(String, Option<String>)>> =
            body.iter()
                .enumerate()
                .map(|(index, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(column, text)| {
                            let class = match (*name, column) {
                                (_, 0) => None,
                                ("Passages", column) => report.passages.get(index).and_then(|passage| {
                                    passage.cells.get(column - 1).and_then(|cell| state_class(cell.state))
                                }),
                                ("Events", column) => report.events.get(index).and_then(|event| {
                                    event.cells.get(column - 1).and_then(|cell| state_class(cell.state))
                                }),
                                ("Steps" | "Versions", _) if text.chars().all(|c| c.is_ascii_digit() || c == '%') => {
                                    Some("num".to_string())
                                }
                                _ => None,
                            };
                            (text.clone(), class)
                        })
                        .collect()
                })
                .collect();
        html_table(out, header, &classed)?;
    }
    writeln!(out, "</body>\n</html>")
}
