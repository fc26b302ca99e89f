//! TimelineJS's spreadsheet template as CSV: one row per event, a `title` row first.

use std::io::{self, Write};
use std::path::Path;

use super::ids::Ids;
use super::slide::{Slide, astronomical_year, timelinejs_year, year_range_text};
use super::{Losses, html};
use crate::dates::{DatePoint, YEAR_RANGE};
use crate::error::{Error, Problem, Result};
use crate::safe_text::{needs_formula_guard, neutralize_csv_cell};
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
        row[9] = neutralize_csv_cell(&html::escape_text(title));
        row[15] = "title".to_string();
        writer.write_record(&row)?;
    }
    for event in &timeline.events {
        let slide = Slide::from_event(event, losses);
        if slide.start_display.is_some() {
            losses.note("date qualifiers behind a display text", &event.id);
        }
        // Numbers are written from integers, so they need no neutralizing (a BCE year is "-45").
        let row = [
            timelinejs_year(slide.start.year).to_string(),
            number(slide.start.month),
            number(slide.start.day),
            String::new(),
            slide.end.map(|end| timelinejs_year(end.year).to_string()).unwrap_or_default(),
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

/// Undoes `neutralize_csv_cell`: the apostrophe it puts before a cell that could be a formula.
fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_formula_guard(rest) => rest,
        _ => cell,
    }
}

/// Columns of older TimelineJS sheets (v1 and v2) that an import also reads: one cell per date
/// (`Start Date`, `End Date`) where the template has three, `Tag` for `Group`, and the media's
/// `Alt Text`.
const OLDER_COLUMNS: [&str; 4] = ["Start Date", "End Date", "Tag", "Alt Text"];

/// Every column an import knows: the template's, then the older sheets'.
fn known_columns() -> impl Iterator<Item = &'static str> {
    HEADER.into_iter().chain(OLDER_COLUMNS)
}

struct Columns {
    /// For each known column, in `known_columns` order, where it is in the file.
    index: Vec<Option<usize>>,
}

impl Columns {
    fn position(&self, name: &str) -> Option<usize> {
        known_columns().position(|known| known == name).and_then(|at| self.index[at])
    }

    fn has(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        self.position(name).and_then(|at| record.get(at)).map(|cell| restore_cell(cell.trim())).unwrap_or_default()
    }

    /// 1-based column of `name`, for messages.
    fn column(&self, name: &str) -> usize {
        self.position(name).map_or(1, |at| at + 1)
    }

    /// Whether dates are one cell each, as in the older sheets.
    fn one_cell_dates(&self) -> bool {
        self.has("Start Date") || self.has("End Date")
    }

    /// The column that holds the start of a date, for messages.
    fn start_column(&self) -> &'static str {
        if self.one_cell_dates() { "Start Date" } else { "Year" }
    }
}

/// The timeline of the sheet's valid rows, and a problem for each row left out.
pub(crate) fn read(path: &Path, text: &str, losses: &mut Losses) -> Result<(Timeline, Vec<Problem>)> {
    let name = path.display().to_string();
    let csv_problem = |err: csv::Error| {
        let line = err.position().map_or(1, |position| position.line() as usize);
        Error::Problems(vec![Problem { path: name.clone(), line: Some(line), column: None, message: err.to_string() }])
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(csv_problem)?.clone();
    let headers: Vec<&str> = headers.iter().map(str::trim).collect();
    let index: Vec<Option<usize>> =
        known_columns().map(|wanted| headers.iter().position(|header| *header == wanted)).collect();
    let columns = Columns { index };
    let refused = |missing: &str| {
        Error::Problems(vec![Problem::at(
            &name,
            1,
            1,
            format!(
                "not a TimelineJS spreadsheet: no {missing} column (the header must be: {}; older sheets \
                 have Start Date and End Date instead of the Year to End Time columns)",
                HEADER.join(",")
            ),
        )])
    };
    if !columns.has("Year") && !columns.one_cell_dates() {
        return Err(refused("\"Year\" (or \"Start Date\")"));
    }
    if !columns.has("Headline") {
        return Err(refused("\"Headline\""));
    }
    for header in headers.iter().filter(|header| !header.is_empty() && !known_columns().any(|known| known == **header))
    {
        losses.note("unknown columns", header);
    }

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
        let has_time = |column: &str| columns.get(&record, column).contains(':');
        if has_time("Start Date") || has_time("End Date") {
            losses.note("times of day", &whose);
        }
        for (column, what) in [
            ("Time", "times of day"),
            ("End Time", "times of day"),
            ("Media", "media and backgrounds"),
            ("Media Credit", "media and backgrounds"),
            ("Media Caption", "media and backgrounds"),
            ("Media Thumbnail", "media and backgrounds"),
            ("Background", "media and backgrounds"),
            ("Alt Text", "media and backgrounds"),
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
    if rows.is_empty() && problems.is_empty() {
        return Err(Error::problem(&name, "the spreadsheet has no event rows"));
    }
    let mut ids = Ids::default();
    let mut events = Vec::new();
    for (line, slide) in rows {
        let id = ids.make(&html::to_plain_text(&slide.headline).text);
        match slide.into_event(id, &format!("row {line}"), losses) {
            Ok(event) => events.push(event),
            Err(message) => problems.push(Problem::at(&name, line, columns.column(columns.start_column()), message)),
        }
    }
    let title = title.filter(|title| !title.is_empty());
    Ok((Timeline { path: path.to_path_buf(), title, article: None, events }, problems))
}

/// A row as a slide; an error names the column at fault.
fn row_slide(columns: &Columns, record: &csv::StringRecord) -> Result<Slide, (&'static str, String)> {
    let (start, end) = if columns.one_cell_dates() {
        let start = one_cell_date(columns, record, "Start Date")?
            .ok_or(("Start Date", "the Start Date cell is empty".to_string()))?;
        (start, one_cell_date(columns, record, "End Date")?)
    } else {
        let start =
            point(columns, record, ["Year", "Month", "Day"])?.ok_or(("Year", "the Year cell is empty".to_string()))?;
        (start, point(columns, record, ["End Year", "End Month", "End Day"])?)
    };
    let cell = |name: &str| Some(columns.get(record, name).to_string()).filter(|cell| !cell.is_empty());
    Ok(Slide {
        start,
        end: end.filter(|end| *end != start),
        display_date: cell("Display Date"),
        start_display: None,
        headline: columns.get(record, "Headline").to_string(),
        text: columns.get(record, "Text").to_string(),
        group: cell("Group").or_else(|| cell("Tag")),
        unique_id: None,
    })
}

/// A date in one cell, as the older sheets write it: `2018`, `2018-04`, `2018-04-05` (a year
/// may be negative), `4/5/2018` and `4/2018` (month first), or `2018,4,5`. A time of day after
/// the date is dropped (the "times of day" loss is noted for the row). `None` for an empty cell.
fn one_cell_date(
    columns: &Columns,
    record: &csv::StringRecord,
    name: &'static str,
) -> Result<Option<DatePoint>, (&'static str, String)> {
    let cell = columns.get(record, name);
    if cell.is_empty() {
        return Ok(None);
    }
    let unreadable =
        || (name, format!("{name} `{cell}` is not a date (write 2018, 2018-04, 2018-04-05, 4/5/2018 or 4/2018)"));
    let date = cell.split_whitespace().find(|part| !part.contains(':')).ok_or_else(unreadable)?;
    let numbers = |parts: Vec<&str>| -> Option<Vec<i64>> { parts.iter().map(|part| part.parse().ok()).collect() };
    let (year, month, day) = if date.contains('/') {
        match numbers(date.split('/').collect()).ok_or_else(unreadable)?[..] {
            [month, day, year] => (year, Some(month), Some(day)),
            [month, year] => (year, Some(month), None),
            _ => return Err(unreadable()),
        }
    } else if date.contains(',') {
        match numbers(date.split(',').collect()).ok_or_else(unreadable)?[..] {
            [year] => (year, None, None),
            [year, month] => (year, Some(month), None),
            [year, month, day] => (year, Some(month), Some(day)),
            _ => return Err(unreadable()),
        }
    } else {
        let (sign, digits) = match date.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, date.strip_prefix('+').unwrap_or(date)),
        };
        match numbers(digits.split('-').collect()).ok_or_else(unreadable)?[..] {
            [year] => (sign * year, None, None),
            [year, month] => (sign * year, Some(month), None),
            [year, month, day] => (sign * year, Some(month), Some(day)),
            _ => return Err(unreadable()),
        }
    };
    let out_of_range = |value: i64| (name, format!("{name} `{cell}`: {value} is out of range"));
    let narrow = |value: i64| u32::try_from(value).map_err(|_| out_of_range(value));
    let year = i32::try_from(astronomical_year(year))
        .ok()
        .filter(|year| YEAR_RANGE.contains(year))
        .ok_or_else(|| (name, format!("{name} `{cell}`: the year is out of range ({})", year_range_text())))?;
    let (month, day) = (month.map(narrow).transpose()?, day.map(narrow).transpose()?);
    DatePoint::new(year, month, day).map(Some).map_err(|err| (name, format!("{name} `{cell}`: {err}")))
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
    let year = i32::try_from(astronomical_year(year))
        .ok()
        .filter(|year| YEAR_RANGE.contains(year))
        .ok_or_else(|| (names[0], format!("{} {year} is out of range ({})", names[0], year_range_text())))?;
    let month = number(names[1])?.map(|m| u32::try_from(m).map_err(|_| out_of_range(names[1], m))).transpose()?;
    let day = number(names[2])?.map(|d| u32::try_from(d).map_err(|_| out_of_range(names[2], d))).transpose()?;
    DatePoint::new(year, month, day).map(Some).map_err(|err| (names[0], format!("{}: {err}", names[0])))
}
