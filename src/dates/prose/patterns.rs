//! The patterns of one plain date, tried in this order at a token: an ISO date, a day
//! before its month ("26 December 1991", "the 4th of April"), a month first ("December 26,
//! 1991", "March 2018", "in March"), a phrase built on a calendar unit ("the third quarter",
//! "last summer", "fiscal 1989", "the 20th century", "now"), a relative date (`relative`)
//! and a year ("1992", "the 1990s"); and the parts a date is narrowed to ("early March",
//! "the end of the year").
//!
//! Each pattern returns the expression and the index of the token after it, or `None`; a
//! bare year or month needs a cue around it (see the `prose` module docs).

use super::DateUnit;
use super::calendar::shift_months;
use super::expr::{Expr, Part, Partial, Relative};
use super::scanner::Scanner;
use super::tokens::{Kind, is_apostrophe_str, is_capitalized, is_dash};
use super::vocabulary::{DATE_CUES, LABEL_WORDS, NUMBER_WORDS, YEAR_DETERMINERS, YEAR_FOLLOWERS, season_start};

impl Scanner<'_> {
    /// "early March", "mid-1990s", "late last July", "the end of the year", "earlier this
    /// month", "year-end".
    pub(super) fn narrowed_at(&self, index: usize) -> Option<(Expr, usize)> {
        let narrowed =
            |part: Part, (inner, next): (Expr, usize)| Some((Expr::Narrowed { part, inner: Box::new(inner) }, next));
        let word = self.word_at(index)?;
        match word {
            "early" | "mid" | "late" => {
                let part = match word {
                    "early" => Part::Early,
                    "mid" => Part::Mid,
                    _ => Part::Late,
                };
                let after_dash = self.token(index + 1).is_some_and(|token| is_dash(token.text));
                let inner = if after_dash { index + 2 } else { index + 1 };
                narrowed(part, self.plain_date_at(inner).or_else(|| self.calendar_phrase_at(inner, true))?)
            }
            "earlier" | "later" => {
                let inner @ (
                    Expr::Relative(Relative::Year(0) | Relative::Month(0) | Relative::Week(0) | Relative::Quarter(0)),
                    _,
                ) = self.relative_at(index + 1).or_else(|| self.calendar_phrase_at(index + 1, false))?
                else {
                    return None;
                };
                narrowed(if word == "earlier" { Part::UpToReference } else { Part::FromReference }, inner)
            }
            "the" | "beginning" | "start" | "middle" | "end" => {
                let at = if word == "the" { index + 1 } else { index };
                let part = match self.word_at(at)? {
                    "beginning" | "start" => Part::Early,
                    "middle" => Part::Mid,
                    "end" => Part::Late,
                    _ => return None,
                };
                if !self.is_word(at + 1, &["of"]) {
                    return None;
                }
                narrowed(part, self.calendar_phrase_at(at + 2, true).or_else(|| self.plain_date_at(at + 2))?)
            }
            "year" => {
                // "year-end", "year end", "year's end".
                let end = if self.is_word(index + 1, &["'s", "\u{2019}s"])
                    || self.token(index + 1).is_some_and(|token| is_dash(token.text))
                {
                    index + 2
                } else {
                    index + 1
                };
                if !self.is_word(end, &["end"]) {
                    return None;
                }
                narrowed(Part::Late, (Expr::Relative(Relative::Year(0)), end + 1))
            }
            _ => None,
        }
    }

    /// `2018-04-05`, and `2018-04` when it cannot be a range of years.
    pub(super) fn iso_at(&self, index: usize) -> Option<(Expr, usize)> {
        let (year, 4) = self.number_at(index)? else { return None };
        let dash = |at: usize| self.touches_previous(at) && self.token(at).is_some_and(|token| token.text == "-");
        if !dash(index + 1) || !self.touches_previous(index + 2) {
            return None;
        }
        let (month, 2) = self.number_at(index + 2)? else { return None };
        if !(1..=12).contains(&month) {
            return None;
        }
        if dash(index + 3) && self.touches_previous(index + 4) {
            let (day, 2) = self.number_at(index + 4)? else { return None };
            let point = Partial { year: Some(year as i32), month: Some(month), day: Some(day) };
            return Some((Expr::Span { start: point, end: point, approximate: false, unit: DateUnit::Day }, index + 5));
        }
        if month <= year % 100 && !self.touches_previous(index + 3) {
            let point = Partial { year: Some(year as i32), month: Some(month), day: None };
            return Some((
                Expr::Span { start: point, end: point, approximate: false, unit: DateUnit::Month },
                index + 3,
            ));
        }
        None
    }

    /// `26 December 1991`, `4–5 April`, `the 4th of April 2018`.
    pub(super) fn day_first_at(&self, index: usize) -> Option<(Expr, usize)> {
        let (first_day, mut next) = self.day_at(index)?;
        let mut last_day = first_day;
        if self.token(next).is_some_and(|token| is_dash(token.text))
            && let Some((day, after)) = self.day_at(next + 1)
            && day > first_day
        {
            last_day = day;
            next = after;
        }
        if self.is_word(next, &["of"]) {
            next += 1;
        }
        let (month, after_month, _) = self.month_at(next)?;
        let (year, after) = self.trailing_year(after_month);
        let start = Partial { year, ..Partial::month_day(month, Some(first_day)) };
        let end = Partial { year, ..Partial::month_day(month, Some(last_day)) };
        Some((Expr::Span { start, end, approximate: false, unit: DateUnit::Day }, after))
    }

    /// `December 26, 1991`, `April 4-5`, `March 2018`, `in March`.
    pub(super) fn month_first_at(&self, index: usize) -> Option<(Expr, usize)> {
        let (month, next, abbreviated) = self.month_at(index)?;
        if let Some((first_day, mut after)) = self.day_at(next) {
            let mut last_day = first_day;
            if self.token(after).is_some_and(|token| is_dash(token.text))
                && let Some((day, after_day)) = self.day_at(after + 1)
                && day > first_day
            {
                last_day = day;
                after = after_day;
            }
            let (year, after) = self.trailing_year(after);
            let start = Partial { year, ..Partial::month_day(month, Some(first_day)) };
            let end = Partial { year, ..Partial::month_day(month, Some(last_day)) };
            return Some((Expr::Span { start, end, approximate: false, unit: DateUnit::Day }, after));
        }
        // "March 2018", "March of 2013".
        let year_at = if self.is_word(next, &["of"]) { next + 1 } else { next };
        if let Some(year) = self.year_at(year_at) {
            let point = Partial { year: Some(year), ..Partial::month_day(month, None) };
            return Some((
                Expr::Span { start: point, end: point, approximate: false, unit: DateUnit::Month },
                year_at + 1,
            ));
        }
        // A bare month needs a date word before it ("in March", "since May", "early March")
        // or a range after it ("March to May 2018").
        let after_dash = index > 1 && self.token(index - 1).is_some_and(|token| is_dash(token.text));
        let cued = index > 0 && self.is_word(index - 1, &DATE_CUES)
            || (after_dash && self.is_word(index - 2, &["early", "mid", "late"]));
        let ranged = self.token(next).is_some_and(|token| is_dash(token.text)) || self.is_word(next, &["to", "and"]);
        if abbreviated || !(cued || ranged) {
            return None;
        }
        let point = Partial::month_day(month, None);
        Some((Expr::Span { start: point, end: point, approximate: false, unit: DateUnit::Month }, next))
    }

    /// Phrases built on a calendar unit: "the third quarter", "third-quarter", "the first
    /// half of 1998", "this fiscal year", "fiscal 1989", "the latest quarter", "last
    /// summer", "the summer of 1998", "the weekend", "the 20th century", "now", "the past".
    /// `bare_unit` accepts "the year", "the month" (after "the end of").
    pub(super) fn calendar_phrase_at(&self, index: usize, bare_unit: bool) -> Option<(Expr, usize)> {
        let word = self.word_at(index)?;
        // The present, the past and the future.
        match word {
            "now" | "currently" | "presently" | "nowadays" => return Some((Expr::Relative(Relative::Now), index + 1)),
            "recently" => return Some((Expr::Relative(Relative::Past), index + 1)),
            "the" if self.is_word(index + 1, &["past", "future"]) && !self.unit_word_follows(index + 2) => {
                let relative = if self.is_word(index + 1, &["past"]) { Relative::Past } else { Relative::Future };
                return Some((Expr::Relative(relative), index + 2));
            }
            _ => {}
        }
        let the = word == "the";
        let mut at = if the { index + 1 } else { index };
        let direction = match self.word_at(at) {
            Some("this" | "current") => Some(0),
            Some("last" | "latest" | "past" | "previous") => Some(-1),
            Some("next" | "coming") => Some(1),
            _ => None,
        };
        if direction.is_some() {
            at += 1;
            // "this past spring".
            if direction == Some(0) && self.is_word(at, &["past"]) {
                return self.unit_phrase(index, at + 1, Some(-1), the, bare_unit);
            }
        }
        self.unit_phrase(index, at, direction, the, bare_unit)
    }

    /// The rest of `calendar_phrase_at`, from the word after "the" and the direction word.
    fn unit_phrase(
        &self,
        first: usize,
        mut at: usize,
        direction: Option<i64>,
        the: bool,
        bare_unit: bool,
    ) -> Option<(Expr, usize)> {
        let dash_or_word =
            |index: usize| if self.token(index).is_some_and(|token| is_dash(token.text)) { index + 1 } else { index };
        let fiscal = self.is_word(at, &["fiscal"]);
        if fiscal {
            at = dash_or_word(at + 1);
            // "fiscal 1989", "fiscal year 1990".
            let year_at = if self.is_word(at, &["year"]) { at + 1 } else { at };
            if direction.is_none()
                && let Some(year) = self.year_at(year_at)
            {
                let expr = Expr::Span {
                    start: Partial::year(year),
                    end: Partial::year(year),
                    approximate: true,
                    unit: DateUnit::Year,
                };
                return Some((expr, year_at + 1));
            }
        }
        // "the 20th century", "the nineteenth century".
        if the
            && direction.is_none()
            && let Some((century, after)) = self.ordinal_at(at)
            && (2..=22).contains(&century)
            && self.is_word(after, &["century"])
        {
            let first_year = (century as i32 - 1) * 100;
            let expr = Expr::Span {
                start: Partial::year(first_year),
                end: Partial::year(first_year + 99),
                approximate: false,
                unit: DateUnit::Century,
            };
            return Some((expr, after + 1));
        }
        // "the third quarter", "third-quarter", "the first half of 1998".
        if self.ordinal_at(at).is_some() {
            let (unit, first_month, last_month, after) = self.part_of_year_at(at)?;
            let (year, next) = self.year_after(after);
            // "the third quarter" takes its year from the reference and the tense later.
            let year = year.or_else(|| Some(self.reference_year()? + i32::try_from(direction?).ok()?));
            let start = Partial { year, month: Some(first_month), day: None };
            let end = Partial { year, month: Some(last_month), day: None };
            return Some((Expr::Span { start, end, approximate: false, unit }, next));
        }
        let unit_word = self.word_at(at)?;
        if let Some(first_month) = season_start(unit_word) {
            let (year, next) = self.year_after(at + 1);
            if let Some(year) = year {
                return Some((season_span(first_month, Some(year)), next));
            }
            if let Some(direction) = direction {
                return Some((Expr::Relative(Relative::Season { first_month, direction }), at + 1));
            }
            // A bare season needs "the" after a date word, "in the summer" (not "the fall of"),
            // or a part before it, "early summer".
            let cued = (bare_unit || (the && first > 0 && self.is_word(first - 1, &DATE_CUES)))
                && !self.is_word(at + 1, &["of"]);
            return cued.then(|| (season_span(first_month, None), at + 1));
        }
        let relative = match (unit_word, direction) {
            ("quarter", Some(direction)) => Relative::Quarter(direction),
            // "the quarter" in a report is the latest one.
            ("quarter", None)
                if the
                    && !self.is_word(at + 1, &["of"])
                    && !self.token(at + 1).is_some_and(|token| is_dash(token.text)) =>
            {
                Relative::Quarter(-1)
            }
            ("weekend", Some(direction)) => Relative::Weekend(direction),
            ("weekend", None) if the => Relative::Weekend(0),
            ("year", Some(direction)) if fiscal || the => Relative::Year(direction),
            ("year", None) if fiscal && the => Relative::Year(0),
            ("year" | "month" | "week", None) if the && bare_unit && !self.is_word(at + 1, &["of"]) => {
                match unit_word {
                    "year" => Relative::Year(0),
                    "month" => Relative::Month(0),
                    _ => Relative::Week(0),
                }
            }
            ("month", Some(direction)) if the => Relative::Month(direction),
            ("week", Some(direction)) if the => Relative::Week(direction),
            _ => return None,
        };
        Some((Expr::Relative(relative), at + 1))
    }

    /// "third quarter", "first-half": the unit, its first and last months, the index after.
    fn part_of_year_at(&self, index: usize) -> Option<(DateUnit, u32, u32, usize)> {
        let (ordinal, after) = self.ordinal_at(index)?;
        let after = if self.token(after).is_some_and(|token| is_dash(token.text)) { after + 1 } else { after };
        let (unit, months) = match self.word_at(after)? {
            "quarter" if (1..=4).contains(&ordinal) => (DateUnit::Quarter, 3),
            "half" if (1..=2).contains(&ordinal) => (DateUnit::Half, 6),
            _ => return None,
        };
        let first_month = (ordinal - 1) * months + 1;
        Some((unit, first_month, first_month + months - 1, after + 1))
    }

    /// True when a unit word follows ("the past year" is a duration, not "the past").
    fn unit_word_follows(&self, index: usize) -> bool {
        let at = if self.word_at(index).is_some_and(|word| {
            NUMBER_WORDS.iter().any(|(name, _)| *name == word) || word == "few" || word == "several"
        }) || self.number_at(index).is_some()
        {
            index + 1
        } else {
            index
        };
        self.word_at(at).is_some_and(|word| {
            matches!(
                word.trim_end_matches('s'),
                "day" | "week" | "month" | "year" | "decade" | "century" | "quarter" | "hour" | "minute" | "weekend"
            )
        })
    }

    /// `1992`, `the 1990s`, `the '90s`.
    pub(super) fn year_expr_at(&self, index: usize) -> Option<(Expr, usize)> {
        let year = self.year_at(index)?;
        let decade = self.touches_previous(index + 1) && self.is_word(index + 1, &["s"]) && year % 10 == 0;
        let decade_apostrophe = self.touches_previous(index + 1)
            && self.token(index + 1).is_some_and(|token| is_apostrophe_str(token.text))
            && self.touches_previous(index + 2)
            && self.is_word(index + 2, &["s"])
            && year % 10 == 0;
        if decade || decade_apostrophe {
            let next = if decade { index + 2 } else { index + 3 };
            let expr = Expr::Span {
                start: Partial::year(year),
                end: Partial::year(year + 9),
                approximate: false,
                unit: DateUnit::Decade,
            };
            return Some((expr, next));
        }
        // "the 1988 third quarter".
        if let Some((unit, first_month, last_month, next)) = self.part_of_year_at(index + 1) {
            let start = Partial { year: Some(year), month: Some(first_month), day: None };
            let end = Partial { year: Some(year), month: Some(last_month), day: None };
            return Some((Expr::Span { start, end, approximate: false, unit }, next));
        }
        if !self.bare_year_is_date(index) {
            return None;
        }
        Some((
            Expr::Span {
                start: Partial::year(year),
                end: Partial::year(year),
                approximate: false,
                unit: DateUnit::Year,
            },
            index + 1,
        ))
    }

    /// Whether a four-digit number standing alone reads as a year (see the `prose` module docs).
    fn bare_year_is_date(&self, index: usize) -> bool {
        if index > 0 && self.is_word(index - 1, &LABEL_WORDS) {
            return false;
        }
        if index > 0 && (self.is_word(index - 1, &DATE_CUES) || self.is_word(index - 1, &["and", "the"])) {
            return true;
        }
        match self.token(index + 1) {
            None => true,
            Some(next) if next.kind == Kind::Punct => !matches!(next.text, "%" | "$"),
            Some(next) if next.kind == Kind::Word => {
                is_capitalized(next.text)
                    || self.is_word(index + 1, &YEAR_FOLLOWERS)
                    // A year used as a modifier: "a 2010 commando raid", "his 2007 campaign".
                    || (index > 0 && self.is_word(index - 1, &YEAR_DETERMINERS))
            }
            Some(_) => false,
        }
    }
}

/// A season as its three months; winter runs into the next year.
fn season_span(first_month: u32, year: Option<i32>) -> Expr {
    let (end_year, end_month) = match year {
        Some(year) => {
            let (end_year, end_month) = shift_months(year, first_month, 2);
            (Some(end_year), end_month)
        }
        None => (None, (first_month + 1) % 12 + 1),
    };
    Expr::Span {
        start: Partial { year, month: Some(first_month), day: None },
        end: Partial { year: end_year, month: Some(end_month), day: None },
        approximate: false,
        unit: DateUnit::Season,
    }
}
