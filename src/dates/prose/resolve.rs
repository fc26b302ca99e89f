//! Resolution: a scanned date expression turned into the interval of days it names, against
//! the reference date (the publication date) and the date mentioned just before.
//!
//! A date without a year takes one from the reference, the neighbouring year that fits the
//! tense (`place_in_year`); a relative date is counted from the reference day, month or year
//! (`resolve_relative`); "early", "the end of" ... narrow the interval (`narrow`); a relation
//! word opens it (`apply_relation`). A date that needs a reference and has none stays
//! unresolved with the reason; one that names no calendar day ("February 30") is dropped.

use chrono::{Datelike, Duration, NaiveDate};

use super::calendar::{day_point, month_point, shift_months, step};
use super::expr::{Expr, Part, Partial, Relative, ScannedDate};
use super::tense::Tense;
use super::{DateMention, DateUnit, Unresolved};
use crate::dates::{Date, DatePoint, YEAR_RANGE};

/// The reference date as the resolver needs it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reference {
    first: NaiveDate,
    last: NaiveDate,
    /// Set only when the reference names a day.
    day: Option<NaiveDate>,
    month_known: bool,
}

impl Reference {
    /// The reference as the resolver needs it, from the start of `date` (its end when the
    /// start is open).
    pub(super) fn new(date: &Date) -> Option<Reference> {
        let point = date.start.or(date.end)?;
        let first = point.first_day();
        Some(Reference {
            first,
            last: point.last_day(),
            day: point.day.map(|_| first),
            month_known: point.month.is_some(),
        })
    }

    /// The year the reference falls in.
    pub(super) fn year(&self) -> i32 {
        self.first.year()
    }
}

/// Turns scanned dates into mentions, in text order, keeping the date mentioned last:
/// "the day before" and "a year earlier" count from it.
pub(super) struct Resolver {
    reference: Option<Reference>,
    /// The date mentioned last (as named, without its relation word) and its unit.
    previous: Option<(Date, DateUnit)>,
}

impl Resolver {
    pub(super) fn new(reference: Option<Reference>) -> Self {
        Resolver { reference, previous: None }
    }

    /// The mention of a scanned date, resolved or saying why not; `None` when the words name
    /// no calendar date after all ("February 30") or the relation word cannot open it.
    pub(super) fn mention(&mut self, scanned: ScannedDate) -> Option<DateMention> {
        let ScannedDate { span, expr, relation, tense, .. } = scanned;
        let form = expr.form();
        let mention = match self.resolve(&expr, tense) {
            Ok((anchor, unit)) => {
                let date = apply_relation(&anchor, relation.as_deref())?;
                DateMention { span, date: Some(date), anchor: Some(anchor), relation, unresolved: None, form, unit }
            }
            Err(Some(reason)) => DateMention {
                span,
                date: None,
                anchor: None,
                relation,
                unresolved: Some(reason),
                form,
                unit: unit_named(&expr),
            },
            // Not a calendar date after all ("February 30").
            Err(None) => return None,
        };
        // "the day before" counts from the date mentioned just before it, and "the
        // year-ago quarter" after "a year earlier" still counts from the first.
        if !expr.counts_from_previous()
            && let Some(anchor) = &mention.anchor
        {
            self.previous = Some((anchor.clone(), mention.unit));
        }
        Some(mention)
    }

    /// Turns an expression into the interval it names and its unit, or says why it cannot.
    fn resolve(&self, expr: &Expr, tense: Tense) -> Result<(Date, DateUnit), Option<Unresolved>> {
        let previous = self.previous.as_ref();
        match expr {
            Expr::Span { start, end, approximate, unit } => {
                let (start, end) = if start.year.is_some() && end.year.is_some() {
                    (*start, *end)
                } else {
                    let reference = self.reference.ok_or(Some(Unresolved::NoReference))?;
                    // "will report third-quarter results": a quarter or half named in news is
                    // the latest one begun, whatever the tense of the verb.
                    let tense = if matches!(unit, DateUnit::Quarter | DateUnit::Half) { Tense::Past } else { tense };
                    place_in_year(start, end, &reference, tense).ok_or(None)?
                };
                let start = to_point(&start).ok_or(None)?;
                let end = to_point(&end).ok_or(None)?;
                if start.first_day() > end.last_day() {
                    return Err(None);
                }
                Ok((Date { start: Some(start), end: Some(end), approximate: *approximate, uncertain: false }, *unit))
            }
            Expr::Relative(relative) => {
                let reference = self.reference.ok_or(Some(Unresolved::NoReference))?;
                let date = resolve_relative(relative, &reference, tense, previous)?;
                // "999 years later" near the ends of the calendar leaves the years we represent.
                let representable =
                    |point: Option<DatePoint>| point.is_none_or(|point| YEAR_RANGE.contains(&point.year));
                if !(representable(date.start) && representable(date.end)) {
                    return Err(None);
                }
                Ok((date, relative_unit(relative, previous)))
            }
            Expr::OnWeekday { weekday, day } => {
                let on_weekday =
                    |(date, _): &(Date, DateUnit)| date.first_day().is_some_and(|first| first.weekday() == *weekday);
                [tense, Tense::Past, Tense::Future]
                    .into_iter()
                    .filter_map(|tense| self.resolve(day, tense).ok())
                    .find(on_weekday)
                    .map_or_else(|| self.resolve(day, tense), Ok)
            }
            Expr::Narrowed { part, inner } => {
                let (date, unit) = self.resolve(inner, tense)?;
                let reference_day = self.reference.and_then(|reference| reference.day);
                Ok((narrow(&date, unit, *part, reference_day).ok_or(None)?, unit))
            }
        }
    }
}

/// The unit an expression names, for a mention left unresolved.
fn unit_named(expr: &Expr) -> DateUnit {
    match expr {
        Expr::Span { unit, .. } => *unit,
        Expr::Narrowed { inner, .. } | Expr::OnWeekday { day: inner, .. } => unit_named(inner),
        Expr::Relative(relative) => relative_unit(relative, None),
    }
}

/// The unit a relative expression names once resolved.
fn relative_unit(relative: &Relative, previous: Option<&(Date, DateUnit)>) -> DateUnit {
    match relative {
        Relative::DaysFromReference(_) | Relative::Today | Relative::Weekday { .. } | Relative::DayOfMonth(_) => {
            DateUnit::Day
        }
        Relative::Now => DateUnit::Present,
        Relative::Past => DateUnit::Past,
        Relative::Future => DateUnit::Future,
        Relative::Week(_) => DateUnit::Week,
        Relative::Weekend(_) => DateUnit::Weekend,
        Relative::Month(_) | Relative::NamedMonth { .. } => DateUnit::Month,
        Relative::Quarter(_) => DateUnit::Quarter,
        Relative::Year(_) => DateUnit::Year,
        Relative::Season { .. } => DateUnit::Season,
        Relative::FromPrevious { unit, .. } => from_previous_unit(*unit, previous.map(|(_, unit)| *unit)),
        Relative::YearsAgo(_) => match previous {
            Some((_, unit @ (DateUnit::Quarter | DateUnit::Half | DateUnit::Season))) => *unit,
            _ => DateUnit::Year,
        },
    }
}

/// "a year earlier" after "the third quarter" is that quarter a year before; after a day
/// it is the year before.
fn from_previous_unit(counted: DateUnit, previous: Option<DateUnit>) -> DateUnit {
    match (counted, previous) {
        (DateUnit::Year, Some(unit @ (DateUnit::Quarter | DateUnit::Half | DateUnit::Season))) => unit,
        (counted, _) => counted,
    }
}

/// The part of `date` that "early", "mid", "late", "earlier this" or "later this" name.
fn narrow(date: &Date, unit: DateUnit, part: Part, reference_day: Option<NaiveDate>) -> Option<Date> {
    let (first, last) = (date.first_day()?, date.last_day()?);
    let interval = |first: DatePoint, last: DatePoint, approximate: bool| Date {
        start: Some(first),
        end: Some(last),
        approximate,
        uncertain: date.uncertain,
    };
    match part {
        Part::UpToReference => {
            let Some(day) = reference_day.filter(|day| (first..=last).contains(day)) else { return Some(date.clone()) };
            // "Earlier this month" is before the day it is written, unless that day is the first.
            let before = day.pred_opt().filter(|before| *before >= first).unwrap_or(day);
            return Some(interval(day_point(first), day_point(before), date.approximate));
        }
        Part::FromReference => {
            let Some(day) = reference_day.filter(|day| (first..=last).contains(day)) else { return Some(date.clone()) };
            return Some(interval(day_point(day), day_point(last), date.approximate));
        }
        Part::Early | Part::Mid | Part::Late => {}
    }
    let third = |count: i64| -> (i64, i64) {
        let size = (count / 3).max(1);
        match part {
            Part::Early => (0, size - 1),
            Part::Mid => ((count - size) / 2, (count - size) / 2 + size - 1),
            _ => (count - size, count - 1),
        }
    };
    match unit {
        DateUnit::Decade | DateUnit::Century => {
            // Overlapping parts, as writers use them: the early 1990s are 1990-1993.
            let years = i64::from(last.year() - first.year()) + 1;
            let size = years * 4 / 10;
            let offset = match part {
                Part::Early => 0,
                Part::Mid => (years - size) / 2,
                _ => years - size,
            };
            let start = first.year() + i32::try_from(offset).ok()?;
            let end = start + i32::try_from(size).ok()? - 1;
            let year = |year: i32| DatePoint { year, month: None, day: None };
            Some(interval(year(start), year(end), true))
        }
        DateUnit::Day | DateUnit::Week | DateUnit::Weekend | DateUnit::Present | DateUnit::Past | DateUnit::Future => {
            Some(date.clone())
        }
        _ => {
            let months =
                i64::from(last.year() - first.year()) * 12 + i64::from(last.month()) - i64::from(first.month()) + 1;
            if months >= 3 {
                let (from, to) = third(months);
                let (start_year, start_month) = shift_months(first.year(), first.month(), from);
                let (end_year, end_month) = shift_months(first.year(), first.month(), to);
                return Some(interval(month_point(start_year, start_month), month_point(end_year, end_month), true));
            }
            // A month: its first, middle or last ten days.
            let days = (last - first).num_days() + 1;
            let (from, to) = match part {
                Part::Early => (0, 9),
                Part::Mid => (10, 19),
                _ => (20, days - 1),
            };
            let start = first.checked_add_signed(Duration::days(from))?;
            let end = first.checked_add_signed(Duration::days(to.min(days - 1)))?;
            Some(interval(day_point(start), day_point(end), true))
        }
    }
}

/// The calendar point of a partial date; `None` while its year is unknown, or for a day
/// that does not exist ("February 30").
fn to_point(partial: &Partial) -> Option<DatePoint> {
    DatePoint::new(partial.year?, partial.month, partial.day).ok()
}

/// Gives a year to a month or day range that names none (see the `prose` module docs).
fn place_in_year(start: &Partial, end: &Partial, reference: &Reference, tense: Tense) -> Option<(Partial, Partial)> {
    let base = reference.first.year();
    let wraps = (start.month, start.day.unwrap_or(1)) > (end.month, end.day.unwrap_or(31));
    let candidate = |year: i32| -> Option<(Partial, Partial, NaiveDate, NaiveDate)> {
        let first = Partial { year: Some(year), ..*start };
        let last = Partial { year: Some(if wraps { year + 1 } else { year }), ..*end };
        let first_day = to_point(&first)?.first_day();
        let last_day = to_point(&last)?.last_day();
        Some((first, last, first_day, last_day))
    };
    let candidates: Vec<_> = [base - 1, base, base + 1].into_iter().filter_map(candidate).collect();
    // A day in the reference's own month stays in its year, whatever the tense ("extended to
    // Nov. 20" in a story of November 2; "would answer the March 22 summit" on March 29).
    let same_month = candidates.iter().find(|(first, ..)| {
        first.year == Some(base) && first.month == Some(reference.first.month()) && reference.month_known
    });
    let chosen = match tense {
        _ if same_month.is_some() && tense != Tense::Unknown => same_month,
        Tense::Past => candidates.iter().rev().find(|(_, _, first, _)| *first <= reference.last),
        Tense::Future => candidates.iter().find(|(_, _, _, last)| *last >= reference.first),
        Tense::Unknown => candidates.iter().min_by_key(|(first, _, first_day, last_day)| {
            let gap = if *last_day < reference.first {
                (reference.first - *last_day).num_days()
            } else if *first_day > reference.last {
                (*first_day - reference.last).num_days()
            } else {
                0
            };
            (gap, (first.year.unwrap_or(base) - base).abs())
        }),
    }?;
    Some((chosen.0, chosen.1))
}

/// Counts a relative date from the reference (or from the date mentioned before).
fn resolve_relative(
    relative: &Relative,
    reference: &Reference,
    tense: Tense,
    previous: Option<&(Date, DateUnit)>,
) -> Result<Date, Option<Unresolved>> {
    let needs_day = || reference.day.ok_or(Some(Unresolved::CoarseReference));
    let needs_month = || {
        if reference.month_known { Ok(reference.first) } else { Err(Some(Unresolved::CoarseReference)) }
    };
    let days = |first: NaiveDate, last: NaiveDate| Date {
        start: Some(day_point(first)),
        end: Some(day_point(last)),
        approximate: false,
        uncertain: false,
    };
    let months = |(first_year, first_month): (i32, u32), (last_year, last_month): (i32, u32)| Date {
        start: Some(month_point(first_year, first_month)),
        end: Some(month_point(last_year, last_month)),
        approximate: false,
        uncertain: false,
    };
    match *relative {
        Relative::DaysFromReference(count) => {
            let day = needs_day()?.checked_add_signed(Duration::days(count)).ok_or(None)?;
            Ok(Date::point(day_point(day)))
        }
        Relative::Today | Relative::Now => Ok(Date::point(day_point(needs_day()?))),
        Relative::Past => {
            Ok(Date { start: None, end: Some(day_point(needs_day()?)), approximate: true, uncertain: false })
        }
        Relative::Future => {
            Ok(Date { start: Some(day_point(needs_day()?)), end: None, approximate: true, uncertain: false })
        }
        Relative::Week(direction) => {
            let day = needs_day()?;
            let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            let first = monday.checked_add_signed(Duration::weeks(direction)).ok_or(None)?;
            Ok(days(first, first + Duration::days(6)))
        }
        Relative::Weekend(direction) => {
            let day = needs_day()?;
            let saturday = day - Duration::days(i64::from(day.weekday().num_days_from_monday())) + Duration::days(5);
            // "the weekend" on a weekday: the one just past, or the coming one in future tense.
            let nearest = match (direction, tense) {
                (0, Tense::Future) => saturday,
                (0, _) if day < saturday => saturday - Duration::weeks(1),
                (0, _) => saturday,
                (direction, _) if day >= saturday => saturday + Duration::weeks(direction),
                (direction, _) if direction < 0 => saturday - Duration::weeks(1),
                _ => saturday,
            };
            Ok(days(nearest, nearest + Duration::days(1)))
        }
        Relative::Month(by) => {
            let day = needs_month()?;
            let month = shift_months(day.year(), day.month(), by);
            Ok(months(month, month))
        }
        Relative::Quarter(by) => {
            let day = needs_month()?;
            let first_month = (day.month() - 1) / 3 * 3 + 1;
            let first = shift_months(day.year(), first_month, by * 3);
            Ok(months(first, shift_months(first.0, first.1, 2)))
        }
        Relative::Year(by) => {
            let year = reference.first.year().checked_add(i32::try_from(by).map_err(|_| None)?).ok_or(None)?;
            Ok(Date::point(DatePoint { year, month: None, day: None }))
        }
        Relative::NamedMonth { month, direction } => {
            if direction != 0 && !reference.month_known {
                return Err(Some(Unresolved::CoarseReference));
            }
            let base = reference.first.year();
            let reference_month = reference.first.month();
            let year = match direction {
                0 => base,
                d if d < 0 => {
                    if month < reference_month {
                        base
                    } else {
                        base - 1
                    }
                }
                _ => {
                    if month > reference_month {
                        base
                    } else {
                        base + 1
                    }
                }
            };
            Ok(months((year, month), (year, month)))
        }
        Relative::Season { first_month, direction } => {
            let day = needs_month()?;
            // The season of the reference month, then whole seasons before or after it.
            let months_into_season = (i64::from(day.month()) - i64::from(first_month)).rem_euclid(12);
            let current = shift_months(day.year(), day.month(), -months_into_season);
            let in_progress = months_into_season < 3;
            let first = match direction {
                0 if in_progress => current,
                // "this summer" said in March is the coming one, "this spring" said in
                // October the one past: the season that begins in the reference's year
                // (for winter, the one running when it is January or February).
                0 => {
                    let coming = shift_months(current.0, current.1, 12);
                    if coming.0 == day.year() { coming } else { current }
                }
                d if d < 0 && in_progress => shift_months(current.0, current.1, -12),
                d if d < 0 => current,
                _ => shift_months(current.0, current.1, 12),
            };
            Ok(months(first, shift_months(first.0, first.1, 2)))
        }
        Relative::Weekday { weekday, direction } => {
            let day = needs_day()?;
            let days_back = i64::from((7 + day.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7);
            let days_ahead = (7 - days_back) % 7;
            // The reference day itself unless "last" or "next" says otherwise; then the
            // tense decides: past narration the latest, future the coming one.
            let offset = match direction {
                d if d < 0 => -(if days_back == 0 { 7 } else { days_back }),
                d if d > 0 => {
                    if days_ahead == 0 {
                        7
                    } else {
                        days_ahead
                    }
                }
                _ if tense == Tense::Future => days_ahead,
                _ => -days_back,
            };
            Ok(Date::point(day_point(day.checked_add_signed(Duration::days(offset)).ok_or(None)?)))
        }
        Relative::DayOfMonth(day_of_month) => {
            let day = needs_day()?;
            let in_month = |by: i64| {
                let (year, month) = shift_months(day.year(), day.month(), by);
                NaiveDate::from_ymd_opt(year, month, day_of_month)
            };
            // The nearest such day on the tense's side of the reference (past narration: not
            // after it; future: not before it).
            let found = match tense {
                Tense::Future => [0, 1, 2].into_iter().filter_map(in_month).find(|found| *found >= day),
                _ => [0, -1, -2].into_iter().filter_map(in_month).find(|found| *found <= day),
            };
            Ok(Date::point(day_point(found.ok_or(None)?)))
        }
        Relative::YearsAgo(count) => match previous {
            Some((_, DateUnit::Quarter | DateUnit::Half | DateUnit::Season)) => resolve_relative(
                &Relative::FromPrevious { unit: DateUnit::Year, by: -count },
                reference,
                tense,
                previous,
            ),
            _ => resolve_relative(&Relative::Year(-count), reference, tense, previous),
        },
        Relative::FromPrevious { unit, by } => {
            let (anchor, anchor_unit) = match previous {
                Some((date, unit)) => (date.clone(), *unit),
                None => (Date::point(day_point(needs_day()?)), DateUnit::Day),
            };
            let point = anchor.start.or(anchor.end).ok_or(None)?;
            let first = point.first_day();
            match from_previous_unit(unit, Some(anchor_unit)) {
                DateUnit::Day | DateUnit::Week => {
                    let per = if unit == DateUnit::Week { 7 } else { 1 };
                    let day = first.checked_add_signed(Duration::days(by * per)).ok_or(None)?;
                    Ok(Date::point(day_point(day)))
                }
                DateUnit::Year => {
                    let year = point.year.checked_add(i32::try_from(by).map_err(|_| None)?).ok_or(None)?;
                    Ok(Date::point(DatePoint { year, month: None, day: None }))
                }
                _ => {
                    // A month, quarter, half or season counted in months: the same span shifted.
                    let by_months = by
                        * match unit {
                            DateUnit::Year => 12,
                            DateUnit::Quarter => 3,
                            _ => 1,
                        };
                    let last = anchor.end.unwrap_or(point).last_day();
                    let start = shift_months(first.year(), first.month(), by_months);
                    let end = shift_months(last.year(), last.month(), by_months);
                    Ok(months(start, end))
                }
            }
        }
    }
}

/// Applies "since", "until", ... to the named date.
fn apply_relation(anchor: &Date, relation: Option<&str>) -> Option<Date> {
    let open =
        |start: Option<DatePoint>, end: Option<DatePoint>| Date { start, end, approximate: false, uncertain: false };
    Some(match relation {
        None => anchor.clone(),
        Some("since" | "from") => open(anchor.start, None),
        Some("until") => open(None, anchor.end),
        Some("before") => open(None, Some(step(&anchor.start?, -1)?)),
        Some("after") => open(Some(step(&anchor.end?, 1)?), None),
        Some(_) => anchor.clone(),
    })
}
