//! The date model shared by the timeline and the aligner: dates of year, month or day
//! precision, ranges with open ends, approximate and uncertain flags; and dates found in prose.

pub mod prose;

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One end of a date: a year, a month or a day. Years may be negative (BCE, astronomical
/// numbering: year 0 is 1 BCE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePoint {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// A date as an interval of calendar days. A single date has `start == end`; an open end
/// is `None` (never both).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    pub start: Option<DatePoint>,
    pub end: Option<DatePoint>,
    pub approximate: bool,
    pub uncertain: bool,
}

/// How two dates relate as intervals of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Equal,
    Contains,
    Within,
    Overlaps,
    Disjoint,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(pub String);

impl Date {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, ranges `A/B`, open ends `A/..` and `../B`,
    /// a trailing `~` or `?`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let _ = text;
        todo!("date parser")
    }

    pub fn precision(&self) -> Precision {
        todo!()
    }

    /// First calendar day covered; `None` for an open start.
    pub fn first_day(&self) -> Option<NaiveDate> {
        todo!()
    }

    /// Last calendar day covered; `None` for an open end.
    pub fn last_day(&self) -> Option<NaiveDate> {
        todo!()
    }

    pub fn relation(&self, other: &Date) -> Relation {
        let _ = other;
        todo!()
    }

    /// Days between the two intervals when disjoint (0 when they touch or overlap).
    pub fn days_apart(&self, other: &Date) -> i64 {
        let _ = other;
        todo!()
    }
}

impl std::fmt::Display for Date {
    /// The canonical form `Date::parse` accepts back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let _ = f;
        todo!()
    }
}
