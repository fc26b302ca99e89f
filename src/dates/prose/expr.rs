//! What the scanner reads and the resolver turns into dates: a date expression as the words
//! put it ("April 4-5", "early next year", "the day before"), with years that may still be
//! missing, and the mention around it (span, relation word, tense).
//!
//! The scanner never resolves and the resolver never reads tokens: this is the whole
//! interface between them.

use std::ops::Range;

use chrono::Weekday;

use super::tense::Tense;
use super::{DateForm, DateUnit};

/// A date expression found at one position, ready to be resolved.
#[derive(Debug)]
pub(super) struct ScannedDate {
    /// Byte span in the text, relation word included ("Since 1992").
    pub(super) span: Range<usize>,
    /// The index of the first token after it.
    pub(super) next: usize,
    pub(super) expr: Expr,
    /// "since", "from", "until", "before" or "after".
    pub(super) relation: Option<String>,
    /// The tense of the sentence around it, which picks the year of "April 4".
    pub(super) tense: Tense,
}

/// A calendar point whose year may still be unknown ("April 4").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Partial {
    pub(super) year: Option<i32>,
    pub(super) month: Option<u32>,
    pub(super) day: Option<u32>,
}

impl Partial {
    /// A whole year.
    pub(super) fn year(year: i32) -> Self {
        Partial { year: Some(year), month: None, day: None }
    }

    /// A month, or a day of it, of a year still unknown.
    pub(super) fn month_day(month: u32, day: Option<u32>) -> Self {
        Partial { year: None, month: Some(month), day }
    }
}

/// What a pattern produced before resolution.
#[derive(Debug, Clone)]
pub(super) enum Expr {
    /// From `start` to `end` (equal for a single date); years may be missing.
    Span { start: Partial, end: Partial, approximate: bool, unit: DateUnit },
    /// Needs the reference date.
    Relative(Relative),
    /// A part of the inner date: "early March", "the end of the year", "earlier this year".
    Narrowed { part: Part, inner: Box<Expr> },
    /// "Saturday, April 25": the weekday picks the year of a day that names none.
    OnWeekday { weekday: Weekday, day: Box<Expr> },
}

/// The part of a date that "early", "mid", "late", "earlier this" or "later this" name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Early,
    Mid,
    Late,
    /// "earlier this year": up to the reference day.
    UpToReference,
    /// "later this year": from the reference day on.
    FromReference,
}

/// A date counted from the reference date or from the date mentioned before; the numbers
/// are steps back (negative) or ahead.
#[derive(Debug, Clone, Copy)]
pub(super) enum Relative {
    DaysFromReference(i64),
    /// "today": the reference day as the present.
    Today,
    /// "now", "currently".
    Now,
    /// "recently", "in the past".
    Past,
    /// "in the future".
    Future,
    Week(i64),
    Weekend(i64),
    Month(i64),
    Quarter(i64),
    Year(i64),
    /// "last March" (-1), "next March" (+1), "this March" (0).
    NamedMonth {
        month: u32,
        direction: i64,
    },
    /// "last summer": the season that begins in `first_month`.
    Season {
        first_month: u32,
        direction: i64,
    },
    Weekday {
        weekday: Weekday,
        direction: i64,
    },
    /// "a year ago": counted from the reference, but after "the third quarter" it is that
    /// quarter a year before (a comparison, as in "profit rose from a year ago").
    YearsAgo(i64),
    /// "on the 29th": a day of the month, the month taken from the reference and the tense.
    DayOfMonth(u32),
    /// "the day before", "a year earlier": counted from the date mentioned just before (or
    /// the reference when there is none).
    FromPrevious {
        unit: DateUnit,
        by: i64,
    },
}

impl Expr {
    /// How the words name the date.
    pub(super) fn form(&self) -> DateForm {
        match self {
            Expr::Span { start, end, .. } if start.year.is_some() || end.year.is_some() => DateForm::Absolute,
            Expr::Span { .. } => DateForm::Partial,
            Expr::Relative(Relative::Weekday { .. }) => DateForm::Weekday,
            Expr::Relative(Relative::Today | Relative::Now) => DateForm::Present,
            Expr::Relative(Relative::DayOfMonth(_)) => DateForm::Partial,
            Expr::Relative(_) => DateForm::Relative,
            Expr::Narrowed { inner, .. } | Expr::OnWeekday { day: inner, .. } => inner.form(),
        }
    }

    /// True when the date is counted from the one mentioned before ("the day before", "a
    /// year ago" after a quarter); that one stays the date that later mentions count from.
    pub(super) fn counts_from_previous(&self) -> bool {
        matches!(self, Expr::Relative(Relative::FromPrevious { .. } | Relative::YearsAgo(_)))
    }
}
