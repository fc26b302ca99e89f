//! TimelineJS's spreadsheet template as CSV: one row per event, a `title` row first.

use std::io::{self, Write};
use std::path::Path;

use super::ids::Ids;
use super::slide::Slide;
use super::{Losses, html};
use crate::dates::DatePoint;
use crate::error::{Error, Problem, Result};
use crate::safe_text::{escape_html, neutralize_csv_cell};
use crate::timeline::Timeline;

/// The template's header, spelled exactly as TimelineJS expects it.
pub(crate) const HEADER: [&str; 18] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
];

pub(crate) fn write(timeline: &Timeline, out: &mut dyn Write, losses: &mut Losses) -> io::Result<()> {
    if timeline.article.is_some() {
        losses.note("the article section", "timeline");
    }
    if !timeline.events.is_empty() {
        losses.note("event ids (the template has no id column)", "all events");
    }
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    let number = |value: Option<u32>| value.map(|value| value.to_string()).unwrap_or_default();
    let text = |value: Option<&str>| value.map(neutralize_csv_cell).unwrap_or_default();
    if let Some(title) = &timeline.title {
        let mut row = vec![String::new(); HEADER.len()];
        row[9] = neutralize_csv_cell(&escape_html(title));
        row[15] = "title".to_string();
        writer.write_record(&row)?;
    }
    for event in &timeline.events {
        let slide = Slide::from_event(event, losses);
        if slide.start_display.is_some() {
            losses.note("date qualifiers behind a display text", &event.id);
        }
        // Numbers are written from integers, so they need no neutralizing (a BCE year is "-44").
        let row = [
            slide.start.year.to_string(),
            number(slide.start.month),
            number(slide.start.day),
            String::new(),
            slide.end.map(|end| end.year.to_string()).unwrap_or_default(),
            number(slide.end.and_then(|end| end.month)),
            number(slide.end.and_then(|end| end.day)),
            String::new(),
            text(slide.display_date.as_deref()),
            neutralize_csv_cell(&slide.headline),
            neutralize_csv_cell(&slide.text),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            text(slide.group.as_deref()),
            String::new(),
        ];
        writer.write_record(&row)?;
    }
    writer.flush()
}

/// Undoes `neutralize_csv_cell`: a leading apostrophe before a formula character.
fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

struct Columns {
    index: Vec<Option<usize>>,
}

impl Columns {
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        let at = HEADER.iter().position(|header| *header == name).and_then(|at| self.index[at]);
        at.and_then(|at| record.get(at)).map(|cell| restore_cell(cell.trim())).unwrap_or_default()
    }

    /// 1-based column of `name`, for messages.
    fn column(&self, name: &str) -> usize {
        HEADER.iter().position(|header| *header == name).and_then(|at| self.index[at]).map_or(1, |at| at + 1)
    }
}

pub(crate) fn read(path: &Path, text: &str, losses: &mut Losses) -> Result<Timeline> {
    let name = path.display().to_string();
    let csv_problem = |err: csv::Error| {
        let line = err.position().map_or(1, |position| position.line() as usize);
        Error::Problems(vec![Problem { path: name.clone(), line: Some(line), column: None, message: err.to_string() }])
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(csv_problem)?.clone();
    let headers: Vec<&str> = headers.iter().map(str::trim).collect();
    let index: Vec<Option<usize>> =
        HEADER.iter().map(|wanted| headers.iter().position(|header| header == wanted)).collect();
    for required in ["Year", "Headline"] {
        if !headers.contains(&required) {
            return Err(Error::Problems(vec![Problem::at(
                &name,
                1,
                1,
                format!(
                    "not a TimelineJS spreadsheet: no \"{required}\" column (the header must be: {})",
                    HEADER.join(",")
                ),
            )]));
        }
    }
    for header in headers.iter().filter(|header| !header.is_empty() && !HEADER.contains(header)) {
        losses.note("unknown columns", header);
    }
    let columns = Columns { index };

    let mut title = None;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_problem)?;
        let line = record.position().map_or(0, |position| position.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let whose = format!("row {line}");
        for (column, what) in [
            ("Time", "times of day"),
            ("End Time", "times of day"),
            ("Media", "media and backgrounds"),
            ("Media Credit", "media and backgrounds"),
            ("Media Caption", "media and backgrounds"),
            ("Media Thumbnail", "media and backgrounds"),
            ("Background", "media and backgrounds"),
        ] {
            if !columns.get(&record, column).is_empty() {
                losses.note(what, &whose);
            }
        }
        match columns.get(&record, "Type").to_ascii_lowercase().as_str() {
            "title" if title.is_none() => {
                title = Some(html::to_plain_text(columns.get(&record, "Headline")).text);
                if !html::to_plain_text(columns.get(&record, "Text")).text.is_empty() {
                    losses.note("the title slide's text", &whose);
                }
                continue;
            }
            "era" => {
                losses.note("eras", &whose);
                continue;
            }
            _ => {}
        }
        match row_slide(&columns, &record) {
            Ok(slide) => rows.push((line, slide)),
            Err((column, message)) => problems.push(Problem::at(&name, line, columns.column(column), message)),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    if rows.is_empty() {
        return Err(Error::problem(&name, "the spreadsheet has no event rows"));
    }
    let mut ids = Ids::default();
    let mut events = Vec::new();
    for (line, slide) in rows {
        let id = ids.make(&html::to_plain_text(&slide.headline).text);
        match slide.into_event(id, &format!("row {line}"), losses) {
            Ok(event) => events.push(event),
            Err(message) => problems.push(Problem::at(&name, line, columns.column("Year"), message)),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    Ok(Timeline { path: path.to_path_buf(), title: title.filter(|title| !title.is_empty()), article: None, events })
}

/// A row as a slide; an error names the column at fault.
fn row_slide(columns: &Columns, record: &csv::StringRecord) -> Result<Slide, (&'static str, String)> {
    let start =
        point(columns, record, ["Year", "Month", "Day"])?.ok_or(("Year", "the Year cell is empty".to_string()))?;
    let end = point(columns, record, ["End Year", "End Month", "End Day"])?;
    let cell = |name: &str| Some(columns.get(record, name).to_string()).filter(|cell| !cell.is_empty());
    Ok(Slide {
        start,
        end: end.filter(|end| *end != start),
        display_date: cell("Display Date"),
        start_display: None,
        headline: columns.get(record, "Headline").to_string(),
        text: columns.get(record, "Text").to_string(),
        group: cell("Group"),
        unique_id: None,
    })
}

/// The date in three cells; `None` when the year cell is empty.
fn point(
    columns: &Columns,
    record: &csv::StringRecord,
    names: [&'static str; 3],
) -> Result<Option<DatePoint>, (&'static str, String)> {
    let number = |name: &'static str| -> Result<Option<i64>, (&'static str, String)> {
        let cell = columns.get(record, name);
        let digits: String = cell.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
        if digits.is_empty() {
            return Ok(None);
        }
        digits.parse().map(Some).map_err(|_| (name, format!("{name} `{cell}` is not a whole number")))
    };
    let Some(year) = number(names[0])? else {
        return Ok(None);
    };
    let out_of_range = |name: &'static str, value: i64| (name, format!("{name} {value} is out of range"));
    let year = i32::try_from(year).map_err(|_| out_of_range(names[0], year))?;
    let month = number(names[1])?.map(|m| u32::try_from(m).map_err(|_| out_of_range(names[1], m))).transpose()?;
    let day = number(names[2])?.map(|d| u32::try_from(d).map_err(|_| out_of_range(names[2], d))).transpose()?;
    DatePoint::new(year, month, day).map(Some).map_err(|err| (names[0], format!("{}: {err}", names[0])))
}
