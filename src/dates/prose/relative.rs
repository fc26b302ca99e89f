//! The patterns of a date counted from the reference or from the date just mentioned:
//! "yesterday", "last month", "this March", "on Thursday", "Saturday, April 25", "two years
//! ago", "the day before", "a year earlier", "the following year", "on the 29th".
//!
//! The scanner only reads them (`Relative`); the resolver does the counting.

use super::DateUnit;
use super::expr::{Expr, Relative};
use super::scanner::Scanner;
use super::tokens::{Kind, is_dash};
use super::vocabulary::COUNTED_AFTER_ORDINAL;

impl Scanner<'_> {
    /// "yesterday", "last week", "next March", "on Thursday", "two years ago", "the day
    /// before", "on the 29th".
    pub(super) fn relative_at(&self, index: usize) -> Option<(Expr, usize)> {
        if self.number_at(index).is_some() {
            return self
                .ago_at(index)
                .or_else(|| self.counted_from_previous_at(index))
                .or_else(|| self.day_of_month_at(index));
        }
        let word = self.word_at(index)?;
        let relative = |relative: Relative, next: usize| Some((Expr::Relative(relative), next));
        match word {
            "yesterday" => return relative(Relative::DaysFromReference(-1), index + 1),
            "today" => return relative(Relative::Today, index + 1),
            "tomorrow" => return relative(Relative::DaysFromReference(1), index + 1),
            "last" | "this" | "next" => {
                let direction = match word {
                    "last" => -1,
                    "this" => 0,
                    _ => 1,
                };
                let unit = self.word_at(index + 1)?;
                let found = match unit {
                    "week" => Relative::Week(direction),
                    "weekend" => Relative::Weekend(direction),
                    "month" => Relative::Month(direction),
                    "quarter" => Relative::Quarter(direction),
                    "year" => Relative::Year(direction),
                    _ => {
                        if let Some((month, _, false)) = self.month_at(index + 1) {
                            Relative::NamedMonth { month, direction }
                        } else {
                            let weekday = self.weekday_at(index + 1)?;
                            Relative::Weekday { weekday, direction }
                        }
                    }
                };
                return relative(found, index + 2);
            }
            _ => {}
        }
        if let Some(weekday) = self.weekday_at(index) {
            let comma = self.token(index + 1).is_some_and(|token| token.text == ",");
            let day_at = if comma { index + 2 } else { index + 1 };
            if let Some((day @ Expr::Span { unit: DateUnit::Day, .. }, next)) =
                self.month_first_at(day_at).or_else(|| self.day_first_at(day_at))
            {
                return Some((Expr::OnWeekday { weekday, day: Box::new(day) }, next));
            }
            return relative(Relative::Weekday { weekday, direction: 0 }, index + 1);
        }
        self.ago_at(index).or_else(|| self.counted_from_previous_at(index))
    }

    /// "two years ago", "3 days ago".
    fn ago_at(&self, index: usize) -> Option<(Expr, usize)> {
        let (count, unit) = self.count_and_unit_at(index)?;
        if !self.is_word(index + 2, &["ago"]) {
            return None;
        }
        let found = match unit {
            DateUnit::Day => Relative::DaysFromReference(-count),
            DateUnit::Week => Relative::DaysFromReference(-7 * count),
            DateUnit::Month => Relative::Month(-count),
            DateUnit::Quarter => Relative::Quarter(-count),
            _ => Relative::YearsAgo(count),
        };
        Some((Expr::Relative(found), index + 3))
    }

    /// Counted from the date mentioned before: "a year earlier", "two days later", "the day
    /// before", "the following year", "the previous month", "the year-earlier quarter".
    fn counted_from_previous_at(&self, index: usize) -> Option<(Expr, usize)> {
        let from_previous =
            |unit: DateUnit, by: i64, next: usize| Some((Expr::Relative(Relative::FromPrevious { unit, by }), next));
        if let Some((count, unit)) = self.count_and_unit_at(index) {
            let by = match self.word_at(index + 2)? {
                "earlier" | "before" => -count,
                "later" | "after" => count,
                _ => return None,
            };
            return self.ends_phrase(index + 2).then_some(from_previous(unit, by, index + 3))?;
        }
        // "year-earlier", "the year-ago quarter".
        let at = if self.is_word(index, &["the"]) { index + 1 } else { index };
        if self.is_word(at, &["year"])
            && self.token(at + 1).is_some_and(|token| is_dash(token.text))
            && self.is_word(at + 2, &["earlier", "ago"])
        {
            let after = if self.is_word(at + 3, &["quarter", "period"]) { at + 4 } else { at + 3 };
            return from_previous(DateUnit::Year, -1, after);
        }
        if !self.is_word(index, &["the"]) {
            return None;
        }
        // "the day before", "the next day", "the following year".
        let unit_of = |word: &str| match word {
            "day" => Some(DateUnit::Day),
            "week" => Some(DateUnit::Week),
            "month" => Some(DateUnit::Month),
            "year" => Some(DateUnit::Year),
            _ => None,
        };
        if let Some(unit) = self.word_at(index + 1).and_then(unit_of) {
            let by = match self.word_at(index + 2)? {
                "before" | "earlier" => -1,
                "after" | "later" => 1,
                _ => return None,
            };
            return self.ends_phrase(index + 2).then_some(from_previous(unit, by, index + 3))?;
        }
        let by = match self.word_at(index + 1)? {
            "previous" | "preceding" => -1,
            "next" | "following" => 1,
            _ => return None,
        };
        let unit = self.word_at(index + 2).and_then(unit_of)?;
        from_previous(unit, by, index + 3)
    }

    /// True unless "before" or "after" at `index` is a preposition: "the day before the vote"
    /// names a day counted from the vote, not from the date mentioned before.
    fn ends_phrase(&self, index: usize) -> bool {
        !self.is_word(index, &["before", "after"])
            || self.token(index + 1).is_none_or(|token| token.kind == Kind::Punct)
            || self.is_word(index + 1, &["and", "but", "when", "while"])
    }

    /// "on the 29th": a day of the reference's month (or the one before or after, by tense),
    /// when nothing after the ordinal names what it counts ("on the 5th floor" is no date;
    /// "the 20th century" and "the 29th of April" are other patterns).
    fn day_of_month_at(&self, index: usize) -> Option<(Expr, usize)> {
        let (day, next) = self.ordinal_at(index)?;
        let on_the =
            index > 1 && self.is_word(index - 1, &["the"]) && self.is_word(index - 2, &["on", "until", "since", "by"]);
        let counts_nothing = match self.token(next) {
            None => true,
            Some(token) if token.kind == Kind::Punct => token.text != "-",
            Some(_) => !self.is_word(next, COUNTED_AFTER_ORDINAL) && !self.is_word(next, &["of"]),
        };
        (on_the && counts_nothing && (1..=31).contains(&day) && self.number_at(index).is_some())
            .then_some((Expr::Relative(Relative::DayOfMonth(day)), next))
    }
}
