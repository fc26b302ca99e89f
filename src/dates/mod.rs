//! The date model shared by the timeline and the aligner: dates of year, month or day
//! precision, ranges with open ends, approximate and uncertain flags; and dates found in prose.
//!
//! A date is an interval of calendar days: "1992" covers 1992-01-01..1992-12-31. The text
//! form is a subset of EDTF: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, ranges `A/B`, open ends `A/..`
//! and `../B`, a trailing `~` (approximate), `?` (uncertain) or `%` (both). Years may be
//! negative (astronomical numbering: year 0 is 1 BCE).

pub mod prose;

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// Years outside this range are refused: every day in it is representable by chrono.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = -99_999..=99_999;

/// One end of a date: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePoint {
    pub year: i32,
    pub month: Option<u32>,
    /// Only present when `month` is.
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

/// How one date relates to another as intervals of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Equal,
    /// The first interval contains the second.
    Contains,
    /// The first interval lies within the second.
    Within,
    Overlaps,
    Disjoint,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(pub String);

impl DatePoint {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The first calendar day this point covers.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("a parsed or constructed DatePoint is a valid day")
    }

    /// The last calendar day this point covers.
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(month), Some(day)) => NaiveDate::from_ymd_opt(self.year, month, day),
            (Some(month), None) => last_day_of_month(self.year, month),
            (None, _) => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
        .expect("a parsed or constructed DatePoint is a valid day")
    }

    /// Builds a point, refusing impossible dates (2018-02-30, month 13, a day without a month).
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Result<DatePoint, DateError> {
        if !YEAR_RANGE.contains(&year) {
            return Err(DateError(format!("year {year} is out of range")));
        }
        match (month, day) {
            (None, Some(_)) => Err(DateError("a day needs a month".into())),
            (Some(month), _) if !(1..=12).contains(&month) => {
                Err(DateError(format!("month {month:02} does not exist (months are 01 to 12)")))
            }
            (Some(month), Some(day)) if NaiveDate::from_ymd_opt(year, month, day).is_none() => {
                Err(DateError(format!("{} does not exist", format_point(year, Some(month), Some(day)))))
            }
            _ => Ok(DatePoint { year, month, day }),
        }
    }

    fn parse(text: &str) -> Result<DatePoint, DateError> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut parts = digits.split('-');
        let year_text = parts.next().unwrap_or_default();
        if year_text.is_empty() || year_text.len() > 5 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError(format!("`{text}` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")));
        }
        let year: i32 = year_text.parse().map_err(|_| DateError(format!("`{text}` has a bad year")))?;
        let year = if negative { -year } else { year };
        let mut two_digits = |what: &str| -> Result<Option<u32>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(part) if part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()) => Ok(part.parse().ok()),
                Some(_) => Err(DateError(format!("`{text}` has a bad {what} (expected two digits)"))),
            }
        };
        let month = two_digits("month")?;
        let day = two_digits("day")?;
        if parts.next().is_some() {
            return Err(DateError(format!("`{text}` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")));
        }
        DatePoint::new(year, month, day)
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_point(self.year, self.month, self.day))
    }
}

fn format_point(year: i32, month: Option<u32>, day: Option<u32>) -> String {
    let mut text = if year < 0 { format!("-{:04}", -i64::from(year)) } else { format!("{year:04}") };
    if let Some(month) = month {
        text.push_str(&format!("-{month:02}"));
        if let Some(day) = day {
            text.push_str(&format!("-{day:02}"));
        }
    }
    text
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(next_year, next_month, 1).and_then(|first| first.pred_opt())
}

impl Date {
    /// A single point in time at its own precision.
    pub fn point(point: DatePoint) -> Date {
        Date { start: Some(point), end: Some(point), approximate: false, uncertain: false }
    }

    /// A range; `None` is an open end. Refuses a range that ends before it starts.
    pub fn range(start: Option<DatePoint>, end: Option<DatePoint>) -> Result<Date, DateError> {
        if let (Some(first), Some(last)) = (start, end)
            && last.last_day() < first.first_day()
        {
            return Err(DateError(format!("the range ends ({last}) before it starts ({first})")));
        }
        if start.is_none() && end.is_none() {
            return Err(DateError("a range needs at least one end".into()));
        }
        Ok(Date { start, end, approximate: false, uncertain: false })
    }

    /// The day a chrono date names.
    pub fn day(day: NaiveDate) -> Date {
        Date::point(DatePoint { year: day.year(), month: Some(day.month()), day: Some(day.day()) })
    }

    /// Parses the text form (see the module documentation).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let trimmed = text.trim();
        let (body, approximate, uncertain) = if let Some(body) = trimmed.strip_suffix('%') {
            (body, true, true)
        } else if let Some(body) = trimmed.strip_suffix('~') {
            (body, true, false)
        } else if let Some(body) = trimmed.strip_suffix('?') {
            (body, false, true)
        } else {
            (trimmed, false, false)
        };
        if body.is_empty() {
            return Err(DateError("empty date".into()));
        }
        let mut date = match body.split_once('/') {
            None => Date::point(DatePoint::parse(body).map_err(|err| suggest_numeric_form(err, body))?),
            Some((start, end)) => {
                let open = |part: &str| part.is_empty() || part == "..";
                let start = if open(start) { None } else { Some(DatePoint::parse(start)?) };
                let end = if open(end) { None } else { Some(DatePoint::parse(end)?) };
                Date::range(start, end)?
            }
        };
        date.approximate = approximate;
        date.uncertain = uncertain;
        Ok(date)
    }

    /// The precision of the start (of the end when the start is open).
    pub fn precision(&self) -> Precision {
        self.start.or(self.end).map_or(Precision::Year, |point| point.precision())
    }

    pub fn is_range(&self) -> bool {
        self.start != self.end
    }

    /// First calendar day covered; `None` for an open start.
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.start.map(|point| point.first_day())
    }

    /// Last calendar day covered; `None` for an open end.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.end.map(|point| point.last_day())
    }

    pub fn relation(&self, other: &Date) -> Relation {
        let (start, end) = self.bounds();
        let (other_start, other_end) = other.bounds();
        if end < other_start || other_end < start {
            Relation::Disjoint
        } else if start == other_start && end == other_end {
            Relation::Equal
        } else if start <= other_start && end >= other_end {
            Relation::Contains
        } else if other_start <= start && other_end >= end {
            Relation::Within
        } else {
            Relation::Overlaps
        }
    }

    /// True unless the two intervals are disjoint.
    pub fn overlaps(&self, other: &Date) -> bool {
        self.relation(other) != Relation::Disjoint
    }

    /// Days from the end of the earlier interval to the start of the later one when they are
    /// disjoint ("1992" is 6 days from 1991-12-26); 0 when they overlap.
    pub fn days_apart(&self, other: &Date) -> i64 {
        let (start, end) = self.bounds();
        let (other_start, other_end) = other.bounds();
        if end < other_start {
            (other_start - end).num_days()
        } else if other_end < start {
            (start - other_end).num_days()
        } else {
            0
        }
    }

    /// Chronological order: by start (an open start first), coarser precision before finer,
    /// then by end. Callers break the remaining ties (the timeline by event id).
    pub fn chronological_cmp(&self, other: &Date) -> Ordering {
        self.bounds()
            .0
            .cmp(&other.bounds().0)
            .then_with(|| self.precision().cmp(&other.precision()))
            .then_with(|| self.bounds().1.cmp(&other.bounds().1))
    }

    /// The interval with open ends widened to the representable extremes.
    fn bounds(&self) -> (NaiveDate, NaiveDate) {
        (self.first_day().unwrap_or(NaiveDate::MIN), self.last_day().unwrap_or(NaiveDate::MAX))
    }
}

impl fmt::Display for Date {
    /// The canonical form `Date::parse` accepts back with the same meaning.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end_text = |point: Option<DatePoint>| point.map_or_else(|| "..".to_string(), |point| point.to_string());
        match (self.start, self.end) {
            (Some(start), Some(end)) if start == end => write!(f, "{start}")?,
            (start, end) => write!(f, "{}/{}", end_text(start), end_text(end))?,
        }
        match (self.approximate, self.uncertain) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("~"),
            (false, true) => f.write_str("?"),
            (false, false) => Ok(()),
        }
    }
}

/// A date written in words (`April 2018`, `5 April 2018`): the error then says how to write
/// it (`2018-04`, `2018-04-05`).
fn suggest_numeric_form(err: DateError, text: &str) -> DateError {
    use prose::DateUnit;
    let mentions = prose::find_dates(text, None);
    let [mention] = mentions.as_slice() else { return err };
    let whole = mention.span == (0..text.len()) && mention.relation.is_none();
    let value = mention
        .timex_value()
        .filter(|_| whole && matches!(mention.unit, DateUnit::Day | DateUnit::Month | DateUnit::Year));
    match value {
        Some(value) if value != text => DateError(format!("{}; write it as {value}", err.0)),
        _ => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_date_in_words_is_refused_with_its_numeric_form() {
        for (text, form) in [("April 2018", "2018-04"), ("5 April 2018", "2018-04-05"), ("April 5, 2018", "2018-04-05")]
        {
            let message = Date::parse(text).expect_err(text).0;
            assert!(message.ends_with(&format!("; write it as {form}")), "{text}: {message}");
        }
        let message = Date::parse("since April 2018").expect_err("a relation").0;
        assert!(!message.contains("write it as"), "{message}");
        assert!(!Date::parse("soon").expect_err("no date").0.contains("write it as"));
    }

    #[test]
    fn each_precision_covers_its_days() {
        let year = date("1992");
        assert_eq!((year.first_day(), year.last_day()), (Some(day("1992-01-01")), Some(day("1992-12-31"))));
        assert_eq!(year.precision(), Precision::Year);
        let month = date("2016-02");
        assert_eq!((month.first_day(), month.last_day()), (Some(day("2016-02-01")), Some(day("2016-02-29"))));
        assert_eq!(month.precision(), Precision::Month);
        let single = date("1991-12-26");
        assert_eq!((single.first_day(), single.last_day()), (Some(day("1991-12-26")), Some(day("1991-12-26"))));
        assert_eq!(single.precision(), Precision::Day);
    }

    #[test]
    fn ranges_keep_each_end_at_its_own_precision() {
        let talks = date("2003-08/2009-04");
        assert_eq!(talks.first_day(), Some(day("2003-08-01")));
        assert_eq!(talks.last_day(), Some(day("2009-04-30")));
        assert!(talks.is_range());
        let mixed = date("1991/1992-03-15");
        assert_eq!((mixed.precision(), mixed.last_day()), (Precision::Year, Some(day("1992-03-15"))));
    }

    #[test]
    fn open_ends_and_flags() {
        let since = date("1992/..");
        assert_eq!((since.first_day(), since.last_day()), (Some(day("1992-01-01")), None));
        let until = date("../2009");
        assert_eq!((until.first_day(), until.last_day()), (None, Some(day("2009-12-31"))));
        assert_eq!(until.precision(), Precision::Year);
        assert!(date("2013~").approximate && !date("2013~").uncertain);
        assert!(date("1991-12?").uncertain);
        let both = date("2013%");
        assert!(both.approximate && both.uncertain);
        assert!(date("2003-08/2009-04~").approximate);
    }

    #[test]
    fn bce_years_are_negative() {
        let ides = date("-0044-03-15");
        assert_eq!(ides.first_day().map(|d| d.year()), Some(-44));
        assert_eq!(ides.to_string(), "-0044-03-15");
        assert_eq!(date("-500").to_string(), "-0500");
        assert_eq!(date("-0500").chronological_cmp(&date("0001")), Ordering::Less);
    }

    #[test]
    fn impossible_dates_are_refused_with_reasons() {
        for (text, reason) in [
            ("2018-02-30", "2018-02-30 does not exist"),
            ("2017-02-29", "2017-02-29 does not exist"),
            ("2018-13", "month 13 does not exist"),
            ("2018-00", "month 00 does not exist"),
            ("2009/2003", "the range ends (2003) before it starts (2009)"),
            ("../..", "a range needs at least one end"),
            ("", "empty date"),
            ("April 2018", "is not a date"),
            ("2018-4-5", "bad month"),
            ("2018-04-05-01", "is not a date"),
            ("123456", "is not a date"),
            ("~", "empty date"),
        ] {
            let err = Date::parse(text).expect_err(text);
            assert!(err.0.contains(reason), "{text}: {err}");
        }
        assert!(Date::parse("2016-02-29").is_ok());
        assert!(Date::parse("1991-12/1991-12-26").is_ok(), "a range may end inside the month it starts in");
    }

    #[test]
    fn relations_between_intervals() {
        assert_eq!(date("1992").relation(&date("1991-12-26")), Relation::Disjoint);
        assert_eq!(date("1992").days_apart(&date("1991-12-26")), 6);
        assert_eq!(date("1991-12-26").days_apart(&date("1992")), 6);
        assert_eq!(date("1991").relation(&date("1991-12-26")), Relation::Contains);
        assert_eq!(date("1991-12-26").relation(&date("1991")), Relation::Within);
        assert_eq!(date("2018-04").relation(&date("2018-04-01/2018-04-30")), Relation::Equal);
        assert_eq!(date("2018-04-04/2018-04-05").relation(&date("2018-04-05/2018-04-06")), Relation::Overlaps);
        assert_eq!(date("1992/..").relation(&date("2018-04-05")), Relation::Contains);
        assert_eq!(date("1992/..").relation(&date("1991-12-26")), Relation::Disjoint);
        assert_eq!(date("../1991").relation(&date("1992/..")), Relation::Disjoint);
        assert_eq!(date("../1991").days_apart(&date("1992/..")), 1);
        assert!(date("2003-08/2009-04").overlaps(&date("2005")));
        assert_eq!(date("2018").days_apart(&date("2018-04")), 0);
    }

    #[test]
    fn chronological_order_is_by_start_then_coarser_first() {
        let mut dates = [date("2018-04-04"), date("2018-04"), date("2018"), date("../2000"), date("1991-12-26")];
        dates.sort_by(Date::chronological_cmp);
        let texts: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["../2000", "1991-12-26", "2018", "2018-04", "2018-04-04"]);
    }

    #[test]
    fn display_is_canonical() {
        for (input, canonical) in [
            (" 1992 ", "1992"),
            ("2018-04-04/2018-04-05", "2018-04-04/2018-04-05"),
            ("1992/", "1992/.."),
            ("/1992", "../1992"),
            ("2018/2018", "2018"),
            ("0800~", "0800~"),
            ("800", "0800"),
        ] {
            assert_eq!(date(input).to_string(), canonical, "{input}");
        }
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        fn point() -> impl Strategy<Value = DatePoint> {
            (-3000i32..3000, proptest::option::of(1u32..=12), proptest::option::of(1u32..=31))
                .prop_filter_map("a real day", |(year, month, day)| {
                    DatePoint::new(year, month, day.filter(|_| month.is_some())).ok()
                })
        }

        fn any_date() -> impl Strategy<Value = Date> {
            (proptest::option::of(point()), proptest::option::of(point()), any::<bool>(), any::<bool>())
                .prop_filter_map("a valid date", |(start, end, approximate, uncertain)| {
                    let mut date = match (start, end) {
                        (Some(point), None) if approximate => Date::point(point),
                        _ => Date::range(start, end).ok()?,
                    };
                    date.approximate = approximate;
                    date.uncertain = uncertain;
                    Some(date)
                })
        }

        proptest! {
            #[test]
            fn every_date_prints_back_to_the_same_meaning(date in any_date()) {
                let printed = date.to_string();
                let reparsed = Date::parse(&printed).map_err(|err| TestCaseError::fail(format!("{printed}: {err}")))?;
                prop_assert_eq!(&reparsed, &date);
                prop_assert_eq!(reparsed.to_string(), printed);
            }

            #[test]
            fn relation_is_consistent_with_days_apart(a in any_date(), b in any_date()) {
                let relation = a.relation(&b);
                prop_assert_eq!(relation == Relation::Disjoint, a.days_apart(&b) > 0);
                prop_assert_eq!(a.days_apart(&b), b.days_apart(&a));
                let mirrored = match relation {
                    Relation::Contains => Relation::Within,
                    Relation::Within => Relation::Contains,
                    other => other,
                };
                prop_assert_eq!(b.relation(&a), mirrored);
            }

            #[test]
            fn parsing_never_panics(text in "\\PC{0,24}") {
                let _ = Date::parse(&text);
            }
        }
    }
}
