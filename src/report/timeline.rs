//! `dossier timeline show`.

use serde::Serialize;

use crate::dates::{Date, Precision};
use crate::timeline::Event;

#[derive(Debug, Clone, Serialize)]
pub struct TimelineReport {
    pub schema_version: u32,
    pub title: Option<String>,
    pub events: Vec<EventRecord>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRecord {
    pub id: String,
    pub title: String,
    pub date: DateRecord,
    pub display: Option<String>,
    pub aliases: Vec<String>,
    pub actors: Vec<String>,
    pub places: Vec<String>,
    pub tags: Vec<String>,
    pub sources: Vec<String>,
    pub notes: Option<String>,
}

impl TimelineReport {
    /// The events given, in the order given (the caller filters and sorts).
    pub fn new(title: Option<String>, events: &[&Event]) -> TimelineReport {
        TimelineReport {
            schema_version: super::SCHEMA_VERSION,
            title,
            events: events.iter().map(|event| EventRecord::from(*event)).collect(),
        }
    }
}

impl From<&Event> for EventRecord {
    fn from(event: &Event) -> Self {
        EventRecord {
            id: event.id.clone(),
            title: event.title.clone(),
            date: DateRecord::from(&event.date),
            display: event.display.clone(),
            aliases: event.aliases.clone(),
            actors: event.actors.clone(),
            places: event.places.clone(),
            tags: event.tags.clone(),
            sources: event.sources.clone(),
            notes: event.notes.clone(),
        }
    }
}

/// A date as JSON shows it: `start`/`end` are the first and last ISO day covered (null when
/// open); `precision` is that of the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateRecord {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub precision: Precision,
    pub approximate: bool,
    pub uncertain: bool,
}

impl From<&Date> for DateRecord {
    fn from(date: &Date) -> Self {
        let iso = |day: chrono::NaiveDate| day.format("%Y-%m-%d").to_string();
        DateRecord {
            text: date.to_string(),
            start: date.first_day().map(iso),
            end: date.last_day().map(iso),
            precision: date.precision(),
            approximate: date.approximate,
            uncertain: date.uncertain,
        }
    }
}
