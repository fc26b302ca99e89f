//! Month and day arithmetic on calendar points, shared by the patterns (a season's three
//! months), the resolver and the TimeML values.

use chrono::{Datelike, Duration, NaiveDate};

use crate::dates::DatePoint;

/// The point of one day.
pub(super) fn day_point(day: NaiveDate) -> DatePoint {
    DatePoint { year: day.year(), month: Some(day.month()), day: Some(day.day()) }
}

/// The point of one month.
pub(super) fn month_point(year: i32, month: u32) -> DatePoint {
    DatePoint { year, month: Some(month), day: None }
}

/// The month `by` months after (or before) `month` of `year`.
pub(super) fn shift_months(year: i32, month: u32, by: i64) -> (i32, u32) {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + by;
    ((index.div_euclid(12)) as i32, (index.rem_euclid(12) + 1) as u32)
}

/// The point one unit (of its own precision) before or after.
pub(super) fn step(point: &DatePoint, by: i64) -> Option<DatePoint> {
    match (point.month, point.day) {
        (Some(_), Some(_)) => {
            let day = point.first_day().checked_add_signed(Duration::days(by))?;
            Some(day_point(day))
        }
        (Some(month), None) => {
            let (year, month) = shift_months(point.year, month, by);
            Some(month_point(year, month))
        }
        _ => Some(DatePoint { year: point.year.checked_add(i32::try_from(by).ok()?)?, month: None, day: None }),
    }
}
