//! Which events a command shows: a date window, tags, actors.

use super::Event;
use crate::dates::{Date, DateError};

/// Keeps events that overlap the date window and carry one of the tags and one of the actors
/// (each criterion applies only when given). Tags and actors match without regard to case.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    /// The window `[from's first day, to's last day]`; `None` keeps every date.
    window: Option<Date>,
    tags: Vec<String>,
    actors: Vec<String>,
}

impl TimelineFilter {
    /// `from` and `to` are dates of any precision; an event is kept when its interval overlaps
    /// from the first day of `from` to the last day of `to`. Refuses `to` before `from`.
    pub fn new(from: Option<&Date>, to: Option<&Date>) -> Result<TimelineFilter, DateError> {
        let start = from.and_then(|date| date.start);
        let end = to.and_then(|date| date.end);
        let window = match (start, end) {
            (None, None) => None,
            _ => Some(Date::range(start, end)?),
        };
        Ok(TimelineFilter { window, tags: Vec::new(), actors: Vec::new() })
    }

    /// Keeps only events with one of `tags` (any case); none given keeps all.
    pub fn with_tags(mut self, tags: &[String]) -> TimelineFilter {
        self.tags = tags.iter().map(|tag| tag.to_lowercase()).collect();
        self
    }

    /// Keeps only events with one of `actors` (any case); none given keeps all.
    pub fn with_actors(mut self, actors: &[String]) -> TimelineFilter {
        self.actors = actors.iter().map(|actor| actor.to_lowercase()).collect();
        self
    }

    /// Whether `event` passes every condition of the filter.
    pub fn matches(&self, event: &Event) -> bool {
        let any_of = |wanted: &[String], have: &[String]| {
            wanted.is_empty() || have.iter().any(|item| wanted.contains(&item.to_lowercase()))
        };
        self.window.as_ref().is_none_or(|window| event.date.overlaps(window))
            && any_of(&self.tags, &event.tags)
            && any_of(&self.actors, &event.actors)
    }

    /// The events kept, in the order given.
    pub fn apply<'e>(&self, events: impl IntoIterator<Item = &'e Event>) -> Vec<&'e Event> {
        events.into_iter().filter(|event| self.matches(event)).collect()
    }
}
