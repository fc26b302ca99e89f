//! Dates written in running English prose, resolved against a reference date.
//!
//! A small, explicit extractor over words (no regular expressions): the text is cut into
//! words, numbers and punctuation with their byte spans, and a handful of patterns are tried
//! at each position, longest first:
//!
//! - days: `26 December 1991`, `December 26, 1991`, `the 4th of April`, `2018-04-05`;
//! - day ranges: `April 4-5`, `4–5 April 2018`; any two dates joined by a dash, `to`,
//!   `until` or `between .. and`: `March to May 2018`, `from 2003 to 2009`, `2003–09`;
//! - months, years and longer: `March 2018`, `in March`, `1992`, `a 2010 raid`, `the
//!   1990s`, `the 20th century`, `fiscal 1989`;
//! - seasons, quarters and halves: `last summer`, `the summer of 1998`, `the first
//!   quarter`, `third-quarter`, `the first half of 1998`, `the quarter` (the latest one);
//! - parts: `early|mid|late` before any of these (`mid-March`, `late last July`, `early
//!   next year`), `the beginning|middle|end of ..`, `year-end`, `earlier|later this year`;
//!   the interval narrows and the span covers the words;
//! - open ranges: `since 1992` (`1992/..`), `until 2009` (`../2009`), `before 2009`
//!   (`../2008`), `after 2009` (`2010/..`);
//! - relative dates: `yesterday`, `today`, `tomorrow`, `last|this|next
//!   week|weekend|month|quarter|year`, `this fiscal year`, `last March`, `on Thursday`,
//!   `Friday's`, `two years ago`;
//! - counted from the date just mentioned: `the day before`, `the following year`, `a year
//!   earlier`, `the year-ago quarter`;
//! - the present, past and future: `now`, `currently` (the reference day, unit
//!   `Present`), `recently`, `the past`, `the future` (open intervals up to or from it).
//!
//! Dates without a year are resolved the way a news reader does (HeidelTime's news mode):
//! the year comes from the reference date (the publication date), and among the neighbouring
//! years the occurrence consistent with the tense around the words wins: in past-tense
//! context the latest one not after the reference (a day of the reference's own month keeps
//! its year), in future-tense context the earliest one not before it, otherwise the nearest.
//! A weekday is the reference day when it names that day, otherwise the latest one before
//! it, or the coming one in future-tense context ("last" and "next" never mean the day
//! itself). The tense is that of the nearest tense word in the sentence, within a few words;
//! reporting verbs ("said") tell the tense of the saying, not of the date, and are skipped.
//! Years named elsewhere in the text never leak in. Without a usable reference, such dates
//! are kept with `date: None` and the reason.
//!
//! Bare numbers are years only when nothing says they count something: four digits, not
//! part of a larger number (`2,000`), no currency or unit attached (`$2000`, `2000km`,
//! `25%`), and either a date word before them (`in`, `since`, `by`, ...) or, after them,
//! punctuation, a capitalised word or a word that cannot be a counted noun (`1992 was`).
//! Month names count only when capitalised; a bare month (`in March`) needs a date word
//! before it, so the verb "may" and the name "Theresa May" are not dates.
//!
//! Data flows one way, one topic per file: `tokens` cuts the text; `scanner` reads, at each
//! token, the date expression that starts there (the patterns in `patterns` and `relative`,
//! the words they know in `vocabulary`, the tense around them in `tense`) as an `expr`;
//! `resolve` turns it into a [`DateMention`] against the reference date and the date
//! mentioned before it (`calendar` holds the month arithmetic they share).

mod calendar;
mod expr;
mod patterns;
mod relative;
mod resolve;
mod scanner;
mod tense;
mod tokens;
mod vocabulary;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use chrono::Datelike;
use serde::Serialize;

use super::Date;
use calendar::{day_point, month_point};
use resolve::{Reference, Resolver};
use scanner::Scanner;
use tokens::tokenize;

pub use vocabulary::MONTHS;

/// A date expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte span in the text that was searched (relation word included: "Since 1992").
    pub span: Range<usize>,
    /// The normalized interval; `None` when it cannot be resolved (see `unresolved`).
    pub date: Option<Date>,
    /// The date the words name, without the relation: `1992` for "since 1992", whose `date`
    /// is `1992/..`. Equal to `date` when there is no relation word. Checks that ask "does the
    /// text put this event in the right year" compare this, not the open range.
    pub anchor: Option<Date>,
    /// A relation word that qualifies it: "since", "from", "until", "before", "after".
    pub relation: Option<String>,
    /// Why `date` is `None`.
    pub unresolved: Option<Unresolved>,
    /// How the words name the date: with a year, without one, relative to the reference...
    pub form: DateForm,
    /// The calendar unit the words name ("the third quarter" is a quarter, "early 2018" a
    /// year narrowed to its first months); `date` is its interval of days.
    pub unit: DateUnit,
}

/// How a date expression names its date, which says how far it can be trusted alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateForm {
    /// The words name the year: "26 December 1991", "the 1990s", "fiscal 1989".
    Absolute,
    /// A month, day or season without a year, taken from the reference: "April 4-5".
    Partial,
    /// Counted from the reference or from the date just mentioned: "yesterday", "last
    /// month", "two years ago", "the day before", "recently".
    Relative,
    /// A weekday name, alone or with last/this/next: "on Thursday".
    Weekday,
    /// The publication day as the present: "now", "currently", "today".
    Present,
}

/// The calendar unit a date expression names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateUnit {
    Day,
    /// Monday to Sunday.
    Week,
    /// Saturday and Sunday.
    Weekend,
    Month,
    /// Spring is March to May, summer June to August, autumn September to November, and
    /// winter December to February, named after the year of its December.
    Season,
    Quarter,
    /// A half year: January to June or July to December.
    Half,
    Year,
    Decade,
    Century,
    /// "now", "currently": the reference day standing for the present moment.
    Present,
    /// "recently", "in the past": some time up to the reference day (an open start).
    Past,
    /// "soon", "in the future": some time from the reference day on (an open end).
    Future,
}

impl DateMention {
    /// The TimeML (TIMEX3) value of the date the words name: `2018-04-05`, `2018-W14`,
    /// `2018-04`, `2018-SU`, `2018-Q1`, `2018-H2`, `2018`, `199` (the 1990s), `19` (the
    /// 1900s), `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`. `None` when unresolved.
    pub fn timex_value(&self) -> Option<String> {
        let anchor = self.anchor.as_ref()?;
        let start = anchor.start.or(anchor.end)?;
        let first = start.first_day();
        let year = start.year;
        let month = start.month.unwrap_or(1);
        Some(match self.unit {
            DateUnit::Day => day_point(first).to_string(),
            DateUnit::Week => format!("{:04}-W{:02}", first.iso_week().year(), first.iso_week().week()),
            DateUnit::Weekend => format!("{:04}-W{:02}-WE", first.iso_week().year(), first.iso_week().week()),
            DateUnit::Month => month_point(year, month).to_string(),
            DateUnit::Season => {
                let season = match month {
                    3..=5 => "SP",
                    6..=8 => "SU",
                    9..=11 => "FA",
                    _ => "WI",
                };
                // Winter is named after its December.
                let year = if month <= 2 { year - 1 } else { year };
                format!("{year:04}-{season}")
            }
            DateUnit::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
            DateUnit::Half => format!("{year:04}-H{}", (month - 1) / 6 + 1),
            DateUnit::Year => format!("{year:04}"),
            DateUnit::Decade => format!("{:03}", year.div_euclid(10)),
            DateUnit::Century => format!("{:02}", year.div_euclid(100)),
            DateUnit::Present => "PRESENT_REF".to_string(),
            DateUnit::Past => "PAST_REF".to_string(),
            DateUnit::Future => "FUTURE_REF".to_string(),
        })
    }
}

/// Why a date expression could not be turned into an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// It names no year ("April 4-5", "last month") and there is no reference date.
    NoReference,
    /// It needs a reference day ("yesterday", "on Thursday") but the reference is a month
    /// or a year.
    CoarseReference,
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unresolved::NoReference => "no year in the text and no reference date",
            Unresolved::CoarseReference => "needs a reference day; the reference date is coarser",
        })
    }
}

/// Finds every date expression in `text`, resolving partial and relative dates against
/// `reference` (the article's publication date). Mentions come in text order and never
/// overlap.
pub fn find_dates(text: &str, reference: Option<&Date>) -> Vec<DateMention> {
    let tokens = tokenize(text);
    let reference = reference.and_then(Reference::new);
    let scanner = Scanner::new(&tokens, reference.map(|reference| reference.year()));
    let mut resolver = Resolver::new(reference);
    let mut mentions = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let found = scanner.scan(index).and_then(|scanned| {
            let next = scanned.next;
            Some((resolver.mention(scanned)?, next))
        });
        match found {
            Some((mention, next)) => {
                mentions.push(mention);
                index = next;
            }
            // No date starts here, or the words name none after all ("February 30").
            None => index += 1,
        }
    }
    mentions
}
