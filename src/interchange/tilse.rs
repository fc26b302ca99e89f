//! The timeline files of the tilse timeline-summarization toolkit (Timeline17, Crisis): for
//! each day, a `YYYY-MM-DD` line, one summary sentence per line, then a line of 32 dashes.
//! tilse reads a repeated day as a replacement, so each day is written once.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;

use super::Losses;
use super::ids::Ids;
use crate::dates::{Date, Precision};
use crate::error::{Error, Problem, Result};
use crate::timeline::{Event, Timeline};

const SEPARATOR: &str = "--------------------------------";

/// The years tilse can read: it parses each day with Python's `datetime`, which has no year 0
/// and no BCE. A BCE day written anyway reads as a summary line with no date, and its ROUGE
/// then fails comparing that missing date with the others.
const TILSE_YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// True for a line tilse reads as a day.
pub(crate) fn is_date_line(line: &str) -> bool {
    parse_day(line).is_some()
}

fn parse_day(line: &str) -> Option<NaiveDate> {
    let line = line.trim();
    // chrono accepts a sign and unpadded fields; tilse's files have neither.
    let shape_ok = line.len() == 10
        && line.bytes().enumerate().all(|(at, b)| if at == 4 || at == 7 { b == b'-' } else { b.is_ascii_digit() });
    shape_ok.then(|| NaiveDate::parse_from_str(line, "%Y-%m-%d").ok()).flatten()
}

pub(crate) fn write(timeline: &Timeline, out: &mut dyn Write, losses: &mut Losses) -> io::Result<()> {
    let mut days: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for event in &timeline.events {
        let date = &event.date;
        let Some(start) = date.start.filter(|start| start.precision() == Precision::Day) else {
            losses.note("events without a known first day (left out)", &event.id);
            continue;
        };
        if !TILSE_YEARS.contains(&start.year) {
            losses.note("events outside the years 1 to 9999, which tilse cannot read (left out)", &event.id);
            continue;
        }
        if date.is_range() {
            losses.note("range ends (written under the first day)", &event.id);
        }
        if date.approximate || date.uncertain {
            losses.note("approximate and uncertain flags", &event.id);
        }
        for (what, empty) in [
            ("notes", event.notes.is_none()),
            ("sources", event.sources.is_empty()),
            ("display texts", event.display.is_none()),
            ("tags, aliases, actors and places", {
                event.tags.is_empty() && event.aliases.is_empty() && event.actors.is_empty() && event.places.is_empty()
            }),
        ] {
            if !empty {
                losses.note(what, &event.id);
            }
        }
        days.entry(start.first_day()).or_default().push(summary_line(&event.title));
    }
    if timeline.title.is_some() || timeline.article.is_some() {
        losses.note("the title and article section", "timeline");
    }
    for (day, lines) in days {
        writeln!(out, "{}", day.format("%Y-%m-%d"))?;
        for line in lines {
            // A summary line is plain text: control characters have no meaning in it and must
            // not act on a terminal it is printed to.
            writeln!(out, "{}", crate::safe_text::sanitize_terminal(&line))?;
        }
        writeln!(out, "{SEPARATOR}")?;
    }
    Ok(())
}

/// A title as one summary line that tilse cannot mistake for a day or a separator.
fn summary_line(title: &str) -> String {
    let line = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_date_line(&line) || line == SEPARATOR { format!("{line}.") } else { line }
}

/// The timeline of the file's dated summary lines, and a problem for each line with no date.
pub(crate) fn read(path: &Path, text: &str, _losses: &mut Losses) -> Result<(Timeline, Vec<Problem>)> {
    let name = path.display().to_string();
    let mut day: Option<NaiveDate> = None;
    let mut entries: Vec<(NaiveDate, String)> = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == SEPARATOR {
            day = None;
        } else if let Some(found) = parse_day(line) {
            day = Some(found);
        } else {
            match day {
                Some(day) => entries.push((day, line.to_string())),
                None => problems.push(Problem::at(
                    &name,
                    index + 1,
                    1,
                    "a summary line before any date (expected a YYYY-MM-DD line first)",
                )),
            }
        }
    }
    if entries.is_empty() && problems.is_empty() {
        return Err(Error::problem(&name, "not a tilse timeline: no dated summary lines"));
    }
    let mut ids = Ids::default();
    let events = entries.into_iter().map(|(day, line)| Event::new(ids.make(&line), line, Date::day(day))).collect();
    Ok((Timeline { path: path.to_path_buf(), title: None, article: None, events }, problems))
}
