//! Dates as evidence: which events a date of the text fits, and what it adds to a link.

use super::link::{Candidate, EvidenceKey, day_numbers};
use crate::dates::prose::{DateForm, DateMention, DateUnit};
use crate::dates::{Date, Relation};
use crate::report::align::EvidenceKind;
use crate::timeline::Event;

/// What a date in the sentence adds, by how its interval relates to the event's.
const DATE_INSIDE_WEIGHT: f64 = 2.5;

/// A date a few days off ("1992" for 1991-12-26) is weak evidence, and a likely error that
/// the date check then reports.
const DATE_NEAR_WEIGHT: f64 = 0.5;

const NEAR_DAYS: i64 = 31;

/// Events longer than this are only overlapped, not pinned, by a date inside them.
const PINNED_DAYS: i64 = 31;

pub(super) const DATE_OVERLAP_WEIGHT: f64 = 1.5;

const DATE_AROUND_MONTH_WEIGHT: f64 = 1.0;

const DATE_AROUND_YEAR_WEIGHT: f64 = 0.5;

/// The most a weekday, "today" or "last week" adds.
const RELATIVE_DATE_WEIGHT: f64 = 0.5;

/// Whether a date's words name a calendar date ("1992", "March 4", "April 4-5"), not only a
/// weekday, "today" or "two years ago", which say when more loosely.
pub(super) fn names_calendar_date(mention: &DateMention) -> bool {
    matches!(mention.form, DateForm::Absolute | DateForm::Partial)
}

/// "recently", "in the past", "the future": open periods around the publication day that
/// would fit most events; they are neither evidence nor checked.
fn is_vague(mention: &DateMention) -> bool {
    matches!(mention.unit, DateUnit::Past | DateUnit::Future)
}

/// How much a date in the text says about an event, by how the two intervals relate.
fn date_weight(text_date: &Date, event_date: &Date) -> f64 {
    let event_days = match (event_date.first_day(), event_date.last_day()) {
        (Some(first), Some(last)) => (last - first).num_days(),
        _ => i64::MAX,
    };
    match text_date.relation(event_date) {
        Relation::Equal => DATE_INSIDE_WEIGHT,
        Relation::Within if event_days <= PINNED_DAYS => DATE_INSIDE_WEIGHT,
        Relation::Within => DATE_OVERLAP_WEIGHT,
        Relation::Overlaps => DATE_OVERLAP_WEIGHT,
        Relation::Contains => {
            let coarse_year = text_date.precision() == crate::dates::Precision::Year;
            if coarse_year { DATE_AROUND_YEAR_WEIGHT } else { DATE_AROUND_MONTH_WEIGHT }
        }
        Relation::Disjoint => DATE_NEAR_WEIGHT,
    }
}

/// Events sorted by first day, for finding those a date overlaps without trying them all.
struct EventsByDate<'a> {
    events: &'a [Event],
    /// (first day as days from CE, or i64::MIN when open; event index), sorted.
    starts: Vec<(i64, usize)>,
    /// The latest last day among the first `i` entries of `starts`, to stop early.
    longest: i64,
}

impl<'a> EventsByDate<'a> {
    fn new(events: &'a [Event]) -> Self {
        let day_number =
            |day: Option<chrono::NaiveDate>| day.map(|day| i64::from(chrono::Datelike::num_days_from_ce(&day)));
        let mut starts: Vec<(i64, usize)> = events
            .iter()
            .enumerate()
            .map(|(index, event)| (day_number(event.date.first_day()).unwrap_or(i64::MIN), index))
            .collect();
        starts.sort_unstable();
        let longest = events
            .iter()
            .map(|event| match (event.date.first_day(), event.date.last_day()) {
                (Some(first), Some(last)) => (last - first).num_days(),
                _ => i64::MAX,
            })
            .max()
            .unwrap_or(0);
        EventsByDate { events, starts, longest }
    }

    /// Indexes of the events whose date is at most `days` away from `date` (0 when they
    /// overlap).
    fn within(&self, date: &Date, days: i64) -> Vec<usize> {
        let day_number = |day: chrono::NaiveDate| i64::from(chrono::Datelike::num_days_from_ce(&day));
        let first = date.first_day().map_or(i64::MIN, day_number).saturating_sub(days);
        let last = date.last_day().map_or(i64::MAX, day_number).saturating_add(days);
        // Only events starting no later than `last`, and no earlier than the longest event
        // could reach back from `first`, can overlap.
        let from = if self.longest == i64::MAX {
            0
        } else {
            self.starts.partition_point(|&(start, _)| start < first.saturating_sub(self.longest))
        };
        let to = self.starts.partition_point(|&(start, _)| start <= last);
        let mut found: Vec<usize> = self.starts[from..to.max(from)]
            .iter()
            .map(|&(_, index)| index)
            .filter(|&index| self.events[index].date.days_apart(date) <= days)
            .collect();
        found.sort_unstable();
        found
    }
}

/// The dates of the text as evidence.
pub(super) struct DateEvidence {
    /// Per date mention, the events (sorted) whose date it overlaps.
    pub fits: Vec<Vec<usize>>,
    /// (sentence, event, evidence) for every event a date is near, in sentence order.
    pub candidates: Vec<(usize, usize, Candidate)>,
}

impl DateEvidence {
    pub(super) fn new(events: &[Event], date_mentions: &[(DateMention, Option<usize>)]) -> Self {
        let by_start = EventsByDate::new(events);
        let mut fits: Vec<Vec<usize>> = Vec::with_capacity(date_mentions.len());
        let mut candidates: Vec<(usize, usize, Candidate)> = Vec::new();
        for (mention, sentence) in date_mentions {
            let (Some(anchor), Some(sentence), false) = (&mention.anchor, sentence, is_vague(mention)) else {
                fits.push(Vec::new());
                continue;
            };
            let near = by_start.within(anchor, NEAR_DAYS);
            let overlapping: Vec<usize> =
                near.iter().copied().filter(|&event| events[event].date.overlaps(anchor)).collect();
            // A date that fits several events says less about each.
            let sharing = (overlapping.len().max(1) as f64).sqrt();
            // "Today", "on Thursday", "last week" say when, but many events of a statement's
            // day share them: they support a link, never make one.
            let calendar = names_calendar_date(mention);
            for &event in &near {
                let weight = date_weight(anchor, &events[event].date) / sharing;
                let weight = if calendar { weight } else { weight.min(RELATIVE_DATE_WEIGHT) };
                let candidate = Candidate {
                    key: EvidenceKey::Date(day_numbers(anchor)),
                    kind: EvidenceKind::Date,
                    span: mention.span.clone(),
                    weight,
                    words: 0,
                };
                candidates.push((*sentence, event, candidate));
            }
            fits.push(overlapping);
        }
        candidates.sort_by_key(|(sentence, _, _)| *sentence);
        DateEvidence { fits, candidates }
    }
}
