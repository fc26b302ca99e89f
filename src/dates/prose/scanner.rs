//! The scanner: at each token, the date expression that starts there, if any, as the words
//! put it (see `expr`), with its relation word and the tense around it.
//!
//! It reads in stages, each a method that calls the next: a relation word ("since",
//! "from", "between") and a range (`mention_at`), two dates joined by a dash or "to"
//! (`range_at`), one date, narrowed by "early", "the end of" ... or plain (`date_at`), and
//! then the patterns for a plain date, tried in order (`patterns`, `relative`). Below them
//! sit the readers of single words and numbers: a day, a month name, a year, an ordinal.
//! Every pattern returns the index of the token after it, where the scan goes on, so
//! mentions never overlap.

use chrono::Weekday;

use super::DateUnit;
use super::expr::{Expr, Partial, Relative, ScannedDate};
use super::tokens::{Kind, Token, is_capitalized, is_dash, lower};
use super::vocabulary::{MONTH_ABBREVIATIONS, MONTHS, NUMBER_WORDS, ORDINALS, STARTERS, WEEKDAYS};

/// Reads date expressions from the tokens of one text.
pub(super) struct Scanner<'a> {
    pub(super) tokens: &'a [Token<'a>],
    /// Each word token in lowercase (empty for other tokens).
    lowered: Vec<String>,
    /// The year of the reference date: "the third quarter" is one of its quarters.
    reference_year: Option<i32>,
}

impl<'a> Scanner<'a> {
    /// A scanner over `tokens`; the reference year places "the third quarter".
    pub(super) fn new(tokens: &'a [Token<'a>], reference_year: Option<i32>) -> Self {
        let lowered = tokens
            .iter()
            .map(|token| if token.kind == Kind::Word { token.text.to_lowercase() } else { String::new() })
            .collect();
        Scanner { tokens, lowered, reference_year }
    }

    /// The date expression that starts at token `index`, if any.
    pub(super) fn scan(&self, index: usize) -> Option<ScannedDate> {
        if !self.may_start_date(index) {
            return None;
        }
        self.mention_at(index)
    }

    /// A date or a range, with a relation word before it: the tokens it covers, its
    /// relation and the tense around it.
    fn mention_at(&self, index: usize) -> Option<ScannedDate> {
        let relation = self.relation_at(index);
        let between = self.is_word(index, &["between"]);
        let expr_start = if relation.is_some() || between { index + 1 } else { index };
        let (expr, next) = self.range_at(expr_start, between || relation.as_deref() == Some("from"))?;
        let relation = match (&expr, relation.as_deref()) {
            // "from 2003 to 2009" is a plain range; "between" was only a cue.
            (Expr::Span { start, end, .. }, Some("from")) if start != end => None,
            // "up from a year earlier" compares; it opens no range.
            (Expr::Relative(relative), Some("from")) if !matches!(relative, Relative::Weekday { .. }) => {
                return self.mention_at(expr_start);
            }
            _ => relation,
        };
        let span = self.tokens[index].start..self.tokens[next - 1].end;
        let tense = self.tense_of_mention(index..next, relation.as_deref());
        Some(ScannedDate { span, next, expr, relation, tense })
    }

    /// A word that relates the date after it to the event: "since", "from", "until"
    /// ("till", "through"), "before", "after".
    fn relation_at(&self, index: usize) -> Option<String> {
        let word = self.word_at(index)?;
        let relation = match word {
            "since" => "since",
            "from" => "from",
            "until" | "till" | "through" => "until",
            "before" => "before",
            "after" => "after",
            _ => return None,
        };
        Some(relation.to_string())
    }

    /// A date, or two dates joined into a range by a dash, "to", "until" or "and" (after
    /// "between"): "March to May 2018", "2003–09", "from 2003 to 2009".
    fn range_at(&self, index: usize, and_joins: bool) -> Option<(Expr, usize)> {
        let (first, next) = self.date_at(index)?;
        let Expr::Span { start, end, approximate, unit } = first else { return Some((first, next)) };
        let single = Expr::Span { start, end, approximate, unit };
        let Some(connector) = self.token(next) else { return Some((single, next)) };
        let joins = is_dash(connector.text)
            || self.is_word(next, &["to", "until", "till", "through"])
            || (and_joins && self.is_word(next, &["and"]));
        if !joins {
            return Some((single, next));
        }
        // "2003–09": a year range whose end keeps only the last two digits.
        if let (Some(year), None, true) = (start.year, start.month, is_dash(connector.text))
            && let Some((short, 2)) = self.number_at(next + 1)
        {
            let century = year - year.rem_euclid(100);
            let end_year = century + short as i32;
            if end_year > year && !self.in_larger_number(next + 1) {
                let expr = Expr::Span { start, end: Partial::year(end_year), approximate, unit };
                return Some((expr, next + 2));
            }
        }
        // "2009-2010": a year after a dash needs no date word before it.
        if let (Some(year), None, true) = (start.year, start.month, is_dash(connector.text))
            && let Some(end_year) = self.year_at(next + 1).filter(|&end_year| end_year > year)
        {
            return Some((Expr::Span { start, end: Partial::year(end_year), approximate, unit }, next + 2));
        }
        match self.date_at(next + 1) {
            Some((Expr::Span { start: second_start, end: second_end, approximate: second_approximate, .. }, after))
                if compatible(&start, &second_start) =>
            {
                let start = inherit_year(start, &second_end);
                let expr = Expr::Span { start, end: second_end, approximate: approximate || second_approximate, unit };
                Some((expr, after))
            }
            _ => Some((single, next)),
        }
    }

    /// One date expression at `index`: returns it and the index after it.
    fn date_at(&self, index: usize) -> Option<(Expr, usize)> {
        self.narrowed_at(index).or_else(|| self.plain_date_at(index))
    }

    /// A date as written, without "early", "the end of" ...
    pub(super) fn plain_date_at(&self, index: usize) -> Option<(Expr, usize)> {
        self.iso_at(index)
            .or_else(|| self.day_first_at(index))
            .or_else(|| self.month_first_at(index))
            .or_else(|| self.calendar_phrase_at(index, false))
            .or_else(|| self.relative_at(index))
            .or_else(|| self.year_expr_at(index))
    }
}

/// The readers of single words and numbers that the patterns are built from.
impl<'a> Scanner<'a> {
    /// The token at `index`, if the text goes that far.
    pub(super) fn token(&self, index: usize) -> Option<&Token<'a>> {
        self.tokens.get(index)
    }

    /// The word at `index` in lowercase; `None` for a number or punctuation.
    pub(super) fn word_at(&self, index: usize) -> Option<&str> {
        self.token(index)
            .filter(|token| token.kind == Kind::Word)
            .and_then(|_| self.lowered.get(index))
            .map(String::as_str)
    }

    /// True when the word at `index` is one of `words` (lowercase).
    pub(super) fn is_word(&self, index: usize, words: &[&str]) -> bool {
        self.word_at(index).is_some_and(|word| words.contains(&word))
    }

    /// A cheap first test: every pattern starts with a number, a capitalised word or one of
    /// a few lowercase words.
    fn may_start_date(&self, index: usize) -> bool {
        match self.token(index) {
            Some(token) if token.kind == Kind::Number => true,
            Some(token) if token.kind == Kind::Word => {
                is_capitalized(token.text)
                    || self.is_word(index, STARTERS)
                    || self.word_at(index).is_some_and(|word| {
                        NUMBER_WORDS.iter().any(|(name, _)| *name == word) || ORDINALS[..4].contains(&word)
                    })
            }
            _ => false,
        }
    }

    /// True when token `index` touches the one before it (no space between).
    pub(super) fn touches_previous(&self, index: usize) -> bool {
        index > 0 && matches!((self.token(index - 1), self.token(index)), (Some(a), Some(b)) if a.end == b.start)
    }

    /// A number of at most four digits at `index`: returns it and its digit count.
    pub(super) fn number_at(&self, index: usize) -> Option<(u32, usize)> {
        let token = self.token(index).filter(|token| token.kind == Kind::Number)?;
        if token.text.len() > 4 {
            return None;
        }
        Some((token.text.parse().ok()?, token.text.len()))
    }

    /// True when the number at `index` is part of a larger number ("2,000", "1.5", "10:30").
    fn in_larger_number(&self, index: usize) -> bool {
        let joined = |punct: usize, digits: usize| {
            self.token(punct).is_some_and(|token| matches!(token.text, "," | "." | ":"))
                && self.token(digits).is_some_and(|token| token.kind == Kind::Number)
        };
        let before = index >= 2
            && self.touches_previous(index)
            && self.touches_previous(index - 1)
            && joined(index - 1, index - 2);
        let after =
            self.touches_previous(index + 1) && self.touches_previous(index + 2) && joined(index + 1, index + 2);
        before || after
    }

    /// A day of the month at `index`, with an optional ordinal suffix: returns (day, next).
    pub(super) fn day_at(&self, index: usize) -> Option<(u32, usize)> {
        let (day, digits) = self.number_at(index)?;
        if digits > 2 || !(1..=31).contains(&day) || self.in_larger_number(index) {
            return None;
        }
        let next = index + 1;
        let has_suffix = self.touches_previous(next) && self.is_word(next, &["st", "nd", "rd", "th"]);
        if self.touches_previous(next) && !has_suffix && self.token(next).is_some_and(|token| token.kind == Kind::Word)
        {
            return None;
        }
        Some((day, if has_suffix { next + 1 } else { next }))
    }

    /// A month name at `index`: returns (month, next, abbreviated).
    pub(super) fn month_at(&self, index: usize) -> Option<(u32, usize, bool)> {
        let token = self.token(index).filter(|token| token.kind == Kind::Word)?;
        if !is_capitalized(token.text) {
            return None;
        }
        let word = self.word_at(index)?;
        if let Some(position) = MONTHS.iter().position(|month| *month == word) {
            return Some((position as u32 + 1, index + 1, false));
        }
        let (_, month) = MONTH_ABBREVIATIONS.iter().find(|(abbreviation, _)| *abbreviation == word)?;
        let next = index + 1;
        let dotted = self.touches_previous(next) && self.token(next).is_some_and(|token| token.text == ".");
        Some((*month, if dotted { next + 1 } else { next }, true))
    }

    /// A four-digit year at `index` with no unit or currency attached: returns the year.
    pub(super) fn year_at(&self, index: usize) -> Option<i32> {
        let (year, digits) = self.number_at(index)?;
        if digits != 4 || !(1000..=2199).contains(&year) || self.in_larger_number(index) {
            return None;
        }
        if self.touches_previous(index)
            && self.token(index - 1).is_some_and(|token| matches!(token.text, "$" | "£" | "€" | "¥" | "#"))
        {
            return None;
        }
        let next = index + 1;
        if self.touches_previous(next)
            && self.token(next).is_some_and(|token| {
                (token.kind == Kind::Word && token.text != "s") || token.text == "%" || token.kind == Kind::Number
            })
        {
            return None;
        }
        Some(year as i32)
    }

    /// An ordinal ("third", "3rd", "20th") at `index`: returns it and the index after it.
    pub(super) fn ordinal_at(&self, index: usize) -> Option<(u32, usize)> {
        if let Some((number, digits)) = self.number_at(index) {
            let suffixed =
                digits <= 2 && self.touches_previous(index + 1) && self.is_word(index + 1, &["st", "nd", "rd", "th"]);
            return suffixed.then_some((number, index + 2));
        }
        let word = self.word_at(index)?;
        let position = ORDINALS.iter().position(|ordinal| *ordinal == word)?;
        Some((position as u32 + 1, index + 1))
    }

    /// "of 1998" or "1998" after a unit: returns the year and the index after it.
    pub(super) fn year_after(&self, index: usize) -> (Option<i32>, usize) {
        let at = if self.is_word(index, &["of"]) { index + 1 } else { index };
        match self.year_at(at) {
            Some(year) => (Some(year), at + 1),
            None => (None, index),
        }
    }

    /// The year of the reference date.
    pub(super) fn reference_year(&self) -> Option<i32> {
        self.reference_year
    }

    /// `, 1991` or ` 1991` after a day and month.
    pub(super) fn trailing_year(&self, index: usize) -> (Option<i32>, usize) {
        let comma = self.token(index).is_some_and(|token| token.text == ",");
        let at = if comma { index + 1 } else { index };
        match self.year_at(at) {
            Some(year) => (Some(year), at + 1),
            None => (None, index),
        }
    }

    /// "two years", "a day", "3 weeks": the count and the unit.
    pub(super) fn count_and_unit_at(&self, index: usize) -> Option<(i64, DateUnit)> {
        let count = match self.number_at(index) {
            Some((count, digits)) if digits <= 3 && !self.in_larger_number(index) => i64::from(count),
            Some(_) => return None,
            None => {
                let word = self.word_at(index)?;
                NUMBER_WORDS.iter().find(|(name, _)| *name == word)?.1
            }
        };
        let unit = match self.word_at(index + 1)?.trim_end_matches('s') {
            "day" => DateUnit::Day,
            "week" => DateUnit::Week,
            "month" => DateUnit::Month,
            "quarter" => DateUnit::Quarter,
            "year" => DateUnit::Year,
            _ => return None,
        };
        Some((count, unit))
    }

    /// A capitalised weekday name at `index`.
    pub(super) fn weekday_at(&self, index: usize) -> Option<Weekday> {
        let token = self.token(index).filter(|token| token.kind == Kind::Word && is_capitalized(token.text))?;
        let word = lower(token.text);
        WEEKDAYS.iter().find(|(name, _)| *name == word).map(|(_, weekday)| *weekday)
    }
}

/// Two range ends can be joined when the first is not finer than the second in a way that
/// makes no sense ("1992 to March" is not a range; "March to May 2018" is).
fn compatible(first: &Partial, second: &Partial) -> bool {
    match (first.year, second.year) {
        (None, None) | (None, Some(_)) => first.month.is_some() && second.month.is_some(),
        (Some(_), Some(_)) => true,
        (Some(_), None) => false,
    }
}

/// The start of a range gets the year of its end when it names none.
fn inherit_year(start: Partial, end: &Partial) -> Partial {
    match (start.year, end.year) {
        (None, Some(year)) => {
            // "December to February 2018": the start is in the year before.
            let later = (start.month, start.day.unwrap_or(1)) > (end.month, end.day.unwrap_or(31));
            Partial { year: Some(if later { year - 1 } else { year }), ..start }
        }
        _ => start,
    }
}
