//! Dates written in running English prose, resolved against a reference date.
//!
//! A small, explicit extractor over words (no regular expressions): the text is cut into
//! words, numbers and punctuation with their byte spans, and a handful of patterns are tried
//! at each position, longest first:
//!
//! - days: `26 December 1991`, `December 26, 1991`, `the 4th of April`, `2018-04-05`;
//! - day ranges: `April 4-5`, `4–5 April 2018`; any two dates joined by a dash, `to`,
//!   `until` or `between .. and`: `March to May 2018`, `from 2003 to 2009`, `2003–09`;
//! - months and years: `March 2018`, `in March`, `1992`, `the 1990s`, `early 2018`;
//! - open ranges: `since 1992` (`1992/..`), `until 2009` (`../2009`), `before 2009`
//!   (`../2008`), `after 2009` (`2010/..`);
//! - relative dates: `yesterday`, `today`, `tomorrow`, `last|this|next week|month|year`,
//!   `last March`, `on Thursday`, `two years ago`.
//!
//! Dates without a year are resolved the way a news reader does (HeidelTime's news mode):
//! the year comes from the reference date (the publication date), and among the neighbouring
//! years the occurrence consistent with the tense around the words wins: in past-tense
//! context the latest one not after the reference, in future-tense context the earliest one
//! not before it, otherwise the nearest. Years named elsewhere in the text never leak in.
//! Without a usable reference, such dates are kept with `date: None` and the reason.
//!
//! Bare numbers are years only when nothing says they count something: four digits, not
//! part of a larger number (`2,000`), no currency or unit attached (`$2000`, `2000km`,
//! `25%`), and either a date word before them (`in`, `since`, `by`, ...) or, after them,
//! punctuation, a capitalised word or a word that cannot be a counted noun (`1992 was`).
//! Month names count only when capitalised; a bare month (`in March`) needs a date word
//! before it, so the verb "may" and the name "Theresa May" are not dates.

use std::fmt;
use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{Date, DatePoint};

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
}

impl DateMention {
    /// The TimeML (TIMEX3) value of the date the words name: `2018-04-05`, `2018-04`, `2018`,
    /// `199` (the 1990s), `19` (the 1900s), `2018-Q1`, `2018-W14`. `None` when unresolved.
    pub fn timex_value(&self) -> Option<String> {
        let anchor = self.anchor.as_ref()?;
        let start = anchor.start.or(anchor.end)?;
        let end = anchor.end.unwrap_or(start);
        if start == end {
            return Some(start.to_string());
        }
        let text = match (start.month, end.month, start.day, end.day) {
            (None, None, _, _) if start.year % 100 == 0 && end.year == start.year + 99 => {
                format!("{:02}", start.year / 100)
            }
            (None, None, _, _) if start.year % 10 == 0 && end.year == start.year + 9 => {
                format!("{:03}", start.year / 10)
            }
            (Some(first), Some(last), None, None) if start.year == end.year && first % 3 == 1 && last == first + 2 => {
                format!("{:04}-Q{}", start.year, first / 3 + 1)
            }
            (Some(_), Some(_), Some(_), Some(_))
                if start.first_day().weekday() == Weekday::Mon
                    && (end.first_day() - start.first_day()).num_days() == 6 =>
            {
                let week = start.first_day().iso_week();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            _ => DatePoint { year: start.year, month: None, day: None }.to_string(),
        };
        Some(text)
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
    let lowered: Vec<String> = tokens
        .iter()
        .map(|token| if token.kind == Kind::Word { token.text.to_lowercase() } else { String::new() })
        .collect();
    let scanner = Scanner { tokens: &tokens, lowered: &lowered, reference: reference.and_then(Reference::new) };
    let mut mentions = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if !scanner.may_start_date(index) {
            index += 1;
            continue;
        }
        match scanner.mention_at(index) {
            Some((mention, next)) => {
                mentions.push(mention);
                index = next;
            }
            None => index += 1,
        }
    }
    mentions
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
    /// Index of the sentence (roughly: split after `.`, `!`, `?` and at line ends), used to
    /// look for tense words around a date.
    sentence: usize,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut sentence = 0;
    let mut chars = text.char_indices().peekable();
    let mut gap_has_newline = false;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            gap_has_newline |= c == '\n';
            continue;
        }
        let kind = if c.is_alphabetic() {
            Kind::Word
        } else if c.is_ascii_digit() {
            Kind::Number
        } else {
            Kind::Punct
        };
        let mut end = start + c.len_utf8();
        if kind != Kind::Punct {
            while let Some(&(at, next)) = chars.peek() {
                let continues = match kind {
                    Kind::Word => next.is_alphabetic() || (is_apostrophe(next) && followed_by_letter(text, at, next)),
                    _ => next.is_ascii_digit(),
                };
                if !continues {
                    break;
                }
                end = at + next.len_utf8();
                chars.next();
            }
        }
        if let Some(previous) = tokens.last() {
            let ends_sentence = matches!(previous.text, "." | "!" | "?") && previous.end < start;
            if gap_has_newline || ends_sentence {
                sentence += 1;
            }
        }
        gap_has_newline = false;
        tokens.push(Token { kind, text: &text[start..end], start, end, sentence });
    }
    tokens
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn followed_by_letter(text: &str, at: usize, apostrophe: char) -> bool {
    text[at + apostrophe.len_utf8()..].chars().next().is_some_and(char::is_alphabetic)
}

fn is_dash(text: &str) -> bool {
    matches!(text, "-" | "\u{2013}" | "\u{2014}" | "\u{2012}" | "\u{2010}" | "\u{2011}")
}

// ---------------------------------------------------------------------------------------
// Word lists

/// English month names in lowercase, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Abbreviations, accepted only next to a number ("Sept. 11", "Jan 2018").
const MONTH_ABBREVIATIONS: [(&str, u32); 13] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("may", 5),
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Words before a number or a bare month that make it a date.
const DATE_CUES: [&str; 25] = [
    "in",
    "since",
    "until",
    "till",
    "by",
    "from",
    "of",
    "to",
    "between",
    "before",
    "after",
    "during",
    "early",
    "mid",
    "late",
    "circa",
    "around",
    "year",
    "on",
    "through",
    "throughout",
    "spring",
    "summer",
    "autumn",
    "winter",
];

/// Words that may follow a bare year but cannot be what a number counts ("1992 was").
const YEAR_FOLLOWERS: [&str; 38] = [
    "was",
    "were",
    "is",
    "saw",
    "when",
    "and",
    "or",
    "but",
    "the",
    "a",
    "an",
    "to",
    "with",
    "as",
    "after",
    "before",
    "had",
    "has",
    "have",
    "will",
    "would",
    "marked",
    "brought",
    "began",
    "ended",
    "until",
    "in",
    "on",
    "at",
    "for",
    "that",
    "which",
    "while",
    "where",
    "onwards",
    "onward",
    "election",
    "elections",
];

/// Words before a number that make it a label, not a year ("page 1992", "flight 1549").
const LABEL_WORDS: [&str; 16] = [
    "page",
    "pages",
    "p",
    "pp",
    "no",
    "number",
    "chapter",
    "article",
    "section",
    "resolution",
    "room",
    "flight",
    "route",
    "model",
    "version",
    "line",
];

const PAST_WORDS: [&str; 30] = [
    "was", "were", "had", "did", "ago", "said", "met", "held", "took", "went", "came", "made", "told", "saw", "began",
    "left", "won", "lost", "fell", "rose", "led", "sent", "gave", "struck", "spoke", "flew", "wrote", "became", "last",
    "earlier",
];

const FUTURE_WORDS: [&str; 13] = [
    "will",
    "shall",
    "scheduled",
    "planned",
    "upcoming",
    "forthcoming",
    "expected",
    "due",
    "next",
    "plans",
    "intends",
    "later",
    "coming",
];

const NUMBER_WORDS: [(&str, i64); 13] = [
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("twelve", 12),
];

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn lower(word: &str) -> String {
    word.to_lowercase()
}

// ---------------------------------------------------------------------------------------
// Parsed expressions

/// A calendar point whose year may still be unknown ("April 4").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Partial {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

impl Partial {
    fn year(year: i32) -> Self {
        Partial { year: Some(year), month: None, day: None }
    }

    fn month_day(month: u32, day: Option<u32>) -> Self {
        Partial { year: None, month: Some(month), day }
    }
}

/// What a pattern produced before resolution.
#[derive(Debug, Clone)]
enum Expr {
    /// From `start` to `end` (equal for a single date); years may be missing.
    Span { start: Partial, end: Partial, approximate: bool },
    /// Needs the reference date.
    Relative(Relative),
}

#[derive(Debug, Clone, Copy)]
enum Relative {
    DaysFromReference(i64),
    Week(i64),
    Month(i64),
    Year(i64),
    /// "last March" (-1), "next March" (+1), "this March" (0).
    NamedMonth {
        month: u32,
        direction: i64,
    },
    Weekday {
        weekday: Weekday,
        direction: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// The reference date as the resolver needs it.
#[derive(Debug, Clone, Copy)]
struct Reference {
    first: NaiveDate,
    last: NaiveDate,
    /// Set only when the reference names a day.
    day: Option<NaiveDate>,
    month_known: bool,
}

impl Reference {
    fn new(date: &Date) -> Option<Reference> {
        let point = date.start.or(date.end)?;
        let first = point.first_day();
        Some(Reference {
            first,
            last: point.last_day(),
            day: point.day.map(|_| first),
            month_known: point.month.is_some(),
        })
    }
}

fn day_point(day: NaiveDate) -> DatePoint {
    DatePoint { year: day.year(), month: Some(day.month()), day: Some(day.day()) }
}

fn month_point(year: i32, month: u32) -> DatePoint {
    DatePoint { year, month: Some(month), day: None }
}

fn shift_months(year: i32, month: u32, by: i64) -> (i32, u32) {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + by;
    ((index.div_euclid(12)) as i32, (index.rem_euclid(12) + 1) as u32)
}

/// The point one unit (of its own precision) before or after.
fn step(point: &DatePoint, by: i64) -> Option<DatePoint> {
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

// ---------------------------------------------------------------------------------------
// The scanner

struct Scanner<'a> {
    tokens: &'a [Token<'a>],
    /// Each word token in lowercase (empty for other tokens).
    lowered: &'a [String],
    reference: Option<Reference>,
}

impl<'a> Scanner<'a> {
    fn token(&self, index: usize) -> Option<&Token<'a>> {
        self.tokens.get(index)
    }

    fn word_at(&self, index: usize) -> Option<&'a str> {
        let lowered = self.lowered;
        self.token(index).filter(|token| token.kind == Kind::Word).and_then(|_| lowered.get(index)).map(String::as_str)
    }

    fn is_word(&self, index: usize, words: &[&str]) -> bool {
        self.word_at(index).is_some_and(|word| words.contains(&word))
    }

    /// A cheap first test: every pattern starts with a number, a capitalised word or one of
    /// a few lowercase words.
    fn may_start_date(&self, index: usize) -> bool {
        const STARTERS: &[&str] = &[
            "since",
            "from",
            "until",
            "till",
            "through",
            "before",
            "after",
            "between",
            "last",
            "this",
            "next",
            "yesterday",
            "today",
            "tomorrow",
            "early",
            "mid",
            "late",
        ];
        match self.token(index) {
            Some(token) if token.kind == Kind::Number => true,
            Some(token) if token.kind == Kind::Word => {
                is_capitalized(token.text)
                    || self.is_word(index, STARTERS)
                    || self.word_at(index).is_some_and(|word| NUMBER_WORDS.iter().any(|(name, _)| *name == word))
            }
            _ => false,
        }
    }

    /// True when token `index` touches the one before it (no space between).
    fn touches_previous(&self, index: usize) -> bool {
        index > 0 && matches!((self.token(index - 1), self.token(index)), (Some(a), Some(b)) if a.end == b.start)
    }

    fn number_at(&self, index: usize) -> Option<(u32, usize)> {
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
    fn day_at(&self, index: usize) -> Option<(u32, usize)> {
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
    fn month_at(&self, index: usize) -> Option<(u32, usize, bool)> {
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
    fn year_at(&self, index: usize) -> Option<i32> {
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

    /// Tries every pattern at `index`, with a relation word before it.
    fn mention_at(&self, index: usize) -> Option<(DateMention, usize)> {
        let relation = self.relation_at(index);
        let between = self.is_word(index, &["between"]);
        let expr_start = if relation.is_some() || between { index + 1 } else { index };
        let (expr, next) = self.range_at(expr_start, between || relation.as_deref() == Some("from"))?;
        let start_token = if relation.is_some() || between { index } else { expr_start };
        let (expr, relation) = match (&expr, relation.as_deref()) {
            // "from 2003 to 2009" is a plain range; "between" was only a cue.
            (Expr::Span { start, end, .. }, Some("from")) if start != end => (expr, None),
            _ => (expr, relation),
        };
        let span = self.tokens[start_token].start..self.tokens[next - 1].end;
        let tense = self.tense_around(start_token, next);
        let mention = match self.resolve(&expr, tense) {
            Ok(anchor) => {
                let date = apply_relation(&anchor, relation.as_deref());
                match date {
                    Some(date) => {
                        DateMention { span, date: Some(date), anchor: Some(anchor), relation, unresolved: None }
                    }
                    None => return None,
                }
            }
            Err(Some(reason)) => DateMention { span, date: None, anchor: None, relation, unresolved: Some(reason) },
            // Not a calendar date after all ("February 30").
            Err(None) => return None,
        };
        Some((mention, next))
    }

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
        let Expr::Span { start, end, approximate } = first else { return Some((first, next)) };
        let Some(connector) = self.token(next) else { return Some((Expr::Span { start, end, approximate }, next)) };
        let joins = is_dash(connector.text)
            || self.is_word(next, &["to", "until", "till", "through"])
            || (and_joins && self.is_word(next, &["and"]));
        if !joins {
            return Some((Expr::Span { start, end, approximate }, next));
        }
        // "2003–09": a year range whose end keeps only the last two digits.
        if let (Some(year), None, true) = (start.year, start.month, is_dash(connector.text))
            && let Some((short, 2)) = self.number_at(next + 1)
        {
            let century = year - year.rem_euclid(100);
            let end_year = century + short as i32;
            if end_year > year && !self.in_larger_number(next + 1) {
                let expr = Expr::Span { start, end: Partial::year(end_year), approximate };
                return Some((expr, next + 2));
            }
        }
        match self.date_at(next + 1) {
            Some((Expr::Span { start: second_start, end: second_end, approximate: second_approximate }, after))
                if compatible(&start, &second_start) =>
            {
                let start = inherit_year(start, &second_end);
                let expr = Expr::Span { start, end: second_end, approximate: approximate || second_approximate };
                Some((expr, after))
            }
            _ => Some((Expr::Span { start, end, approximate }, next)),
        }
    }

    /// One date expression at `index`: returns it and the index after it.
    fn date_at(&self, index: usize) -> Option<(Expr, usize)> {
        self.iso_at(index)
            .or_else(|| self.day_first_at(index))
            .or_else(|| self.month_first_at(index))
            .or_else(|| self.relative_at(index))
            .or_else(|| self.year_expr_at(index))
    }

    /// `2018-04-05`, and `2018-04` when it cannot be a range of years.
    fn iso_at(&self, index: usize) -> Option<(Expr, usize)> {
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
            return Some((Expr::Span { start: point, end: point, approximate: false }, index + 5));
        }
        if month <= year % 100 && !self.touches_previous(index + 3) {
            let point = Partial { year: Some(year as i32), month: Some(month), day: None };
            return Some((Expr::Span { start: point, end: point, approximate: false }, index + 3));
        }
        None
    }

    /// `26 December 1991`, `4–5 April`, `the 4th of April 2018`.
    fn day_first_at(&self, index: usize) -> Option<(Expr, usize)> {
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
        Some((Expr::Span { start, end, approximate: false }, after))
    }

    /// `December 26, 1991`, `April 4-5`, `March 2018`, `in March`.
    fn month_first_at(&self, index: usize) -> Option<(Expr, usize)> {
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
            return Some((Expr::Span { start, end, approximate: false }, after));
        }
        if let Some(year) = self.year_at(next) {
            let point = Partial { year: Some(year), ..Partial::month_day(month, None) };
            return Some((Expr::Span { start: point, end: point, approximate: false }, next + 1));
        }
        // A bare month needs a date word before it ("in March", "since May") or a range
        // after it ("March to May 2018").
        let cued = index > 0 && self.is_word(index - 1, &DATE_CUES);
        let ranged = self.token(next).is_some_and(|token| is_dash(token.text)) || self.is_word(next, &["to", "and"]);
        if abbreviated || !(cued || ranged) {
            return None;
        }
        let point = Partial::month_day(month, None);
        Some((Expr::Span { start: point, end: point, approximate: false }, next))
    }

    /// `, 1991` or ` 1991` after a day and month.
    fn trailing_year(&self, index: usize) -> (Option<i32>, usize) {
        let comma = self.token(index).is_some_and(|token| token.text == ",");
        let at = if comma { index + 1 } else { index };
        match self.year_at(at) {
            Some(year) => (Some(year), at + 1),
            None => (None, index),
        }
    }

    /// `1992`, `the 1990s`, `early 2018`, `mid-1990s`.
    fn year_expr_at(&self, index: usize) -> Option<(Expr, usize)> {
        let (modifier, at) = match self.word_at(index) {
            Some(word @ ("early" | "mid" | "late")) => {
                let after_dash = self.token(index + 1).is_some_and(|token| is_dash(token.text));
                (Some(word.to_string()), if after_dash { index + 2 } else { index + 1 })
            }
            _ => (None, index),
        };
        let year = self.year_at(at)?;
        let decade = self.touches_previous(at + 1) && self.is_word(at + 1, &["s"]) && year % 10 == 0;
        let decade_apostrophe = self.touches_previous(at + 1)
            && self.token(at + 1).is_some_and(|token| is_apostrophe_str(token.text))
            && self.touches_previous(at + 2)
            && self.is_word(at + 2, &["s"])
            && year % 10 == 0;
        if decade || decade_apostrophe {
            let next = if decade { at + 2 } else { at + 3 };
            let (first, last) = match modifier.as_deref() {
                Some("early") => (year, year + 3),
                Some("mid") => (year + 3, year + 6),
                Some("late") => (year + 6, year + 9),
                _ => (year, year + 9),
            };
            let expr =
                Expr::Span { start: Partial::year(first), end: Partial::year(last), approximate: modifier.is_some() };
            return Some((expr, next));
        }
        if modifier.is_none() && !self.bare_year_is_date(at) {
            return None;
        }
        let expr = match modifier.as_deref() {
            Some(part) => {
                let (first, last) = match part {
                    "early" => (1, 4),
                    "mid" => (5, 8),
                    _ => (9, 12),
                };
                let start = Partial { year: Some(year), month: Some(first), day: None };
                let end = Partial { year: Some(year), month: Some(last), day: None };
                Expr::Span { start, end, approximate: true }
            }
            None => Expr::Span { start: Partial::year(year), end: Partial::year(year), approximate: false },
        };
        Some((expr, at + 1))
    }

    /// Whether a four-digit number standing alone reads as a year (see the module docs).
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
                is_capitalized(next.text) || self.is_word(index + 1, &YEAR_FOLLOWERS)
            }
            Some(_) => false,
        }
    }

    fn relative_at(&self, index: usize) -> Option<(Expr, usize)> {
        if self.number_at(index).is_some() {
            return self.ago_at(index);
        }
        let word = self.word_at(index)?;
        let relative = |relative: Relative, next: usize| Some((Expr::Relative(relative), next));
        match word {
            "yesterday" => return relative(Relative::DaysFromReference(-1), index + 1),
            "today" => return relative(Relative::DaysFromReference(0), index + 1),
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
                    "month" => Relative::Month(direction),
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
            return relative(Relative::Weekday { weekday, direction: 0 }, index + 1);
        }
        self.ago_at(index)
    }

    /// "two years ago", "3 days ago".
    fn ago_at(&self, index: usize) -> Option<(Expr, usize)> {
        let count = match self.number_at(index) {
            Some((count, digits)) if digits <= 3 && !self.in_larger_number(index) => i64::from(count),
            Some(_) => return None,
            None => {
                let word = self.word_at(index)?;
                NUMBER_WORDS.iter().find(|(name, _)| *name == word)?.1
            }
        };
        let unit = self.word_at(index + 1)?;
        if !self.is_word(index + 2, &["ago"]) {
            return None;
        }
        let found = match unit.trim_end_matches('s') {
            "day" => Relative::DaysFromReference(-count),
            "week" => Relative::DaysFromReference(-7 * count),
            "month" => Relative::Month(-count),
            "year" => Relative::Year(-count),
            _ => return None,
        };
        Some((Expr::Relative(found), index + 3))
    }

    fn weekday_at(&self, index: usize) -> Option<Weekday> {
        let token = self.token(index).filter(|token| token.kind == Kind::Word && is_capitalized(token.text))?;
        let word = lower(token.text);
        WEEKDAYS.iter().find(|(name, _)| *name == word).map(|(_, weekday)| *weekday)
    }

    /// The tense of the nearest tense word in the same sentence, outside `start..end`.
    fn tense_around(&self, start: usize, end: usize) -> Tense {
        let sentence = self.tokens[start].sentence;
        let mut best: Option<(usize, Tense)> = None;
        let mut consider = |index: usize, distance: usize| {
            if best.is_some_and(|(best_distance, _)| best_distance <= distance) {
                return;
            }
            if let Some(tense) = self.tense_of(index) {
                best = Some((distance, tense));
            }
        };
        let mut index = start;
        while index > 0 && self.tokens[index - 1].sentence == sentence {
            index -= 1;
            consider(index, start - index);
        }
        let mut index = end;
        while index < self.tokens.len() && self.tokens[index].sentence == sentence {
            consider(index, index + 1 - end);
            index += 1;
        }
        best.map_or(Tense::Unknown, |(_, tense)| tense)
    }

    fn tense_of(&self, index: usize) -> Option<Tense> {
        let token = self.token(index).filter(|token| token.kind == Kind::Word)?;
        let word = lower(token.text);
        if FUTURE_WORDS.contains(&word.as_str()) || word.ends_with("'ll") || word.ends_with("\u{2019}ll") {
            return Some(Tense::Future);
        }
        // A participle after a form of "be" ("will be held", "is expected") carries no tense
        // of its own: the auxiliary before it decides.
        if index > 0 && self.is_word(index - 1, &["be", "been", "being", "is", "are", "am"]) {
            return None;
        }
        if PAST_WORDS.contains(&word.as_str()) {
            return Some(Tense::Past);
        }
        // Regular past forms; capitalised words are names ("United").
        if word.len() >= 5 && word.ends_with("ed") && !is_capitalized(token.text) {
            return Some(Tense::Past);
        }
        None
    }

    /// Turns an expression into the interval it names, or says why it cannot.
    fn resolve(&self, expr: &Expr, tense: Tense) -> Result<Date, Option<Unresolved>> {
        match expr {
            Expr::Span { start, end, approximate } => {
                let (start, end) = if start.year.is_some() && end.year.is_some() {
                    (*start, *end)
                } else {
                    let reference = self.reference.ok_or(Some(Unresolved::NoReference))?;
                    place_in_year(start, end, &reference, tense).ok_or(None)?
                };
                let start = to_point(&start).ok_or(None)?;
                let end = to_point(&end).ok_or(None)?;
                if start.first_day() > end.last_day() {
                    return Err(None);
                }
                Ok(Date { start: Some(start), end: Some(end), approximate: *approximate, uncertain: false })
            }
            Expr::Relative(relative) => {
                let reference = self.reference.ok_or(Some(Unresolved::NoReference))?;
                resolve_relative(relative, &reference, tense)
            }
        }
    }
}

fn is_apostrophe_str(text: &str) -> bool {
    text.chars().count() == 1 && text.chars().next().is_some_and(is_apostrophe)
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

fn to_point(partial: &Partial) -> Option<DatePoint> {
    DatePoint::new(partial.year?, partial.month, partial.day).ok()
}

/// Gives a year to a month or day range that names none (see the module docs).
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
    let chosen = match tense {
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

fn resolve_relative(relative: &Relative, reference: &Reference, tense: Tense) -> Result<Date, Option<Unresolved>> {
    let needs_day = || reference.day.ok_or(Some(Unresolved::CoarseReference));
    let needs_month = || {
        if reference.month_known { Ok(reference.first) } else { Err(Some(Unresolved::CoarseReference)) }
    };
    match *relative {
        Relative::DaysFromReference(days) => {
            let day = needs_day()?.checked_add_signed(Duration::days(days)).ok_or(None)?;
            Ok(Date::point(day_point(day)))
        }
        Relative::Week(direction) => {
            let day = needs_day()?;
            let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            let first = monday.checked_add_signed(Duration::weeks(direction)).ok_or(None)?;
            let last = first + Duration::days(6);
            Ok(Date { start: Some(day_point(first)), end: Some(day_point(last)), approximate: false, uncertain: false })
        }
        Relative::Month(by) => {
            let day = needs_month()?;
            let (year, month) = shift_months(day.year(), day.month(), by);
            Ok(Date::point(month_point(year, month)))
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
            Ok(Date::point(month_point(year, month)))
        }
        Relative::Weekday { weekday, direction } => {
            let day = needs_day()?;
            // "on Thursday" in news is the last one, unless the words around it look ahead.
            let forward = direction > 0 || (direction == 0 && tense == Tense::Future);
            let mut found = day;
            loop {
                found = if forward { found.succ_opt() } else { found.pred_opt() }.ok_or(None)?;
                if found.weekday() == weekday {
                    break;
                }
            }
            Ok(Date::point(day_point(found)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str) -> Date {
        Date::parse(text).expect("a valid reference")
    }

    /// Each mention as `text => date` (`?` when unresolved), for compact assertions.
    fn found(text: &str, reference_date: Option<&str>) -> Vec<String> {
        let reference_date = reference_date.map(reference);
        find_dates(text, reference_date.as_ref())
            .into_iter()
            .map(|mention| {
                let date = mention.date.as_ref().map_or("?".to_string(), ToString::to_string);
                format!("{} => {date}", &text[mention.span])
            })
            .collect()
    }

    fn one(text: &str, reference_date: Option<&str>) -> String {
        let all = found(text, reference_date);
        assert_eq!(all.len(), 1, "{text:?}: {all:?}");
        all.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn years_and_decades() {
        assert_eq!(one("It happened in 2013.", None), "2013 => 2013");
        assert_eq!(one("1992 was a hard year", None), "1992 => 1992");
        assert_eq!(one("Prices rose in the 1990s, they said", None), "1990s => 1990/1999");
        assert_eq!(one("a boom in the mid-1990s", None), "mid-1990s => 1993/1996~");
        assert_eq!(one("by early 2018 it was over", None), "early 2018 => 2018-01/2018-04~");
        assert_eq!(one("The 2018 World Cup", None), "2018 => 2018");
    }

    #[test]
    fn numbers_that_are_not_years() {
        for text in [
            "tariffs on 128 products",
            "about $50bn of goods",
            "Britain expelled 23 diplomats",
            "a 25% tariff",
            "2,000 people marched",
            "some 1500 troops",
            "it cost $2000 in total",
            "a 2000km border",
            "see page 1992 of the report",
            "Theresa May expelled them",
            "China may retaliate",
            "scores of 1.2018 and 10:30",
        ] {
            assert_eq!(found(text, Some("2018-04-10")), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn months_and_days_with_years() {
        assert_eq!(one("prices in March 2018 fell", None), "March 2018 => 2018-03");
        assert_eq!(one("on 26 December 1991 the flag", None), "26 December 1991 => 1991-12-26");
        assert_eq!(one("on December 26, 1991, the flag", None), "December 26, 1991 => 1991-12-26");
        assert_eq!(one("on the 26th of December 1991", None), "26th of December 1991 => 1991-12-26");
        assert_eq!(one("filed 2018-04-05 at noon", None), "2018-04-05 => 2018-04-05");
        assert_eq!(one("due on Sept. 11, 2001", None), "Sept. 11, 2001 => 2001-09-11");
        assert_eq!(one("in the 2018-04 issue", None), "2018-04 => 2018-04");
    }

    #[test]
    fn ranges() {
        assert_eq!(
            one("On April 4-5, Wang Yi visited Moscow", Some("2018-04-10")),
            "April 4-5 => 2018-04-04/2018-04-05"
        );
        assert_eq!(one("talks on 4\u{2013}5 April 2018", None), "4\u{2013}5 April 2018 => 2018-04-04/2018-04-05");
        assert_eq!(one("from March to May 2018 they met", None), "from March to May 2018 => 2018-03/2018-05");
        assert_eq!(one("March to May 2018 saw talks", None), "March to May 2018 => 2018-03/2018-05");
        assert_eq!(one("the talks ran from 2003 to 2009.", None), "from 2003 to 2009 => 2003/2009");
        assert_eq!(one("the talks (2003\u{2013}09) failed", None), "2003\u{2013}09 => 2003/2009");
        assert_eq!(one("between 2003 and 2009 the talks", None), "between 2003 and 2009 => 2003/2009");
        assert_eq!(one("from December to February 2018", None), "from December to February 2018 => 2017-12/2018-02");
    }

    #[test]
    fn open_ranges_keep_the_named_date_as_anchor() {
        let text = "Since 1992 when the former Soviet Union was dissolved";
        let mentions = find_dates(text, None);
        assert_eq!(mentions.len(), 1);
        let mention = &mentions[0];
        assert_eq!(&text[mention.span.clone()], "Since 1992");
        assert_eq!(mention.relation.as_deref(), Some("since"));
        assert_eq!(mention.date.as_ref().map(ToString::to_string).as_deref(), Some("1992/.."));
        assert_eq!(mention.anchor.as_ref().map(ToString::to_string).as_deref(), Some("1992"));
        assert_eq!(one("in force until 2009.", None), "until 2009 => ../2009");
        assert_eq!(one("it began before 2009.", None), "before 2009 => ../2008");
        assert_eq!(one("after March 2018 it grew", None), "after March 2018 => 2018-04/..");
        assert_eq!(one("from 1992 on, it grew", None), "from 1992 => 1992/..");
    }

    #[test]
    fn days_without_a_year_follow_the_reference_and_the_tense() {
        // Past tense after the date: the occurrence before the reference, never 2019.
        assert_eq!(
            one("On April 4-5, Wang Yi visited Moscow.", Some("2018-04-10")),
            "April 4-5 => 2018-04-04/2018-04-05"
        );
        // A month later than the reference month in past-tense context is last year.
        assert_eq!(one("In December the talks collapsed.", Some("2018-04-10")), "December => 2017-12");
        // Future context looks ahead.
        assert_eq!(one("The summit will be held on April 27.", Some("2018-04-10")), "April 27 => 2018-04-27");
        assert_eq!(one("Talks will resume in February.", Some("2018-04-10")), "February => 2019-02");
        // No tense: the nearest occurrence.
        assert_eq!(one("Summit on December 28.", Some("2018-01-03")), "December 28 => 2017-12-28");
        // A month reference is enough.
        assert_eq!(one("On April 4-5, Wang Yi visited Moscow.", Some("2018-04")), "April 4-5 => 2018-04-04/2018-04-05");
    }

    #[test]
    fn years_named_elsewhere_do_not_leak_into_partial_dates() {
        let text = "Since 1992 the ties grew. On April 4-5, Wang Yi visited Moscow.";
        assert_eq!(found(text, Some("2018-04-10")), ["Since 1992 => 1992/..", "April 4-5 => 2018-04-04/2018-04-05"]);
    }

    #[test]
    fn without_a_reference_partial_dates_stay_unresolved_and_say_why() {
        let text = "On April 4-5, Wang Yi visited Moscow.";
        let mentions = find_dates(text, None);
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].date, None);
        assert_eq!(mentions[0].unresolved, Some(Unresolved::NoReference));
        assert_eq!(&text[mentions[0].span.clone()], "April 4-5");
        assert_eq!(one("He resigned yesterday.", None), "yesterday => ?");
        let coarse = find_dates("He resigned yesterday.", Some(&reference("2018-04")));
        assert_eq!(coarse[0].unresolved, Some(Unresolved::CoarseReference));
    }

    #[test]
    fn relative_dates() {
        let at = Some("2018-04-12"); // a Thursday
        assert_eq!(one("He resigned yesterday.", at), "yesterday => 2018-04-11");
        assert_eq!(one("Sales fell last month.", at), "last month => 2018-03");
        assert_eq!(one("Sales fell last year.", at), "last year => 2017");
        assert_eq!(one("It grows this year.", at), "this year => 2018");
        assert_eq!(one("It opens next month.", at), "next month => 2018-05");
        assert_eq!(one("They met last week.", at), "last week => 2018-04-02/2018-04-08");
        assert_eq!(one("They met on Thursday.", at), "Thursday => 2018-04-05");
        assert_eq!(one("They met on Monday.", at), "Monday => 2018-04-09");
        assert_eq!(one("They will meet on Monday.", at), "Monday => 2018-04-16");
        assert_eq!(one("It closed last March.", at), "last March => 2018-03");
        assert_eq!(one("It closed last May.", at), "last May => 2017-05");
        assert_eq!(one("It closed two years ago.", at), "two years ago => 2016");
        assert_eq!(one("It closed 3 days ago.", at), "3 days ago => 2018-04-09");
    }

    #[test]
    fn bare_months_need_a_date_word() {
        assert_eq!(one("Talks stalled in May.", Some("2018-04-10")), "May => 2017-05");
        assert_eq!(found("May I ask? March on.", Some("2018-04-10")), Vec::<String>::new());
    }

    #[test]
    fn spans_are_char_boundaries_in_any_text() {
        let text = "Ünïcode “1992” — 4–5 April, ‘yesterday’ 🙂 2018-04-05";
        for mention in find_dates(text, Some(&reference("2018-04-10"))) {
            assert!(text.is_char_boundary(mention.span.start) && text.is_char_boundary(mention.span.end));
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_stay_in_order(text in "\\PC{0,200}", day in 1u32..=28) {
            let reference_date = Date::point(DatePoint { year: 2018, month: Some(4), day: Some(day) });
            let mentions = find_dates(&text, Some(&reference_date));
            let mut last_end = 0;
            for mention in mentions {
                proptest::prop_assert!(mention.span.start >= last_end && mention.span.start < mention.span.end);
                proptest::prop_assert!(text.is_char_boundary(mention.span.start) && text.is_char_boundary(mention.span.end));
                last_end = mention.span.end;
            }
        }

        #[test]
        fn date_like_text_never_panics(text in "([0-9]{1,4}|April|May|since|last|-|–|,| |Thursday|ago|two|years|s)*") {
            let _ = find_dates(&text, None);
            let reference_date = Date::point(DatePoint { year: 2018, month: Some(4), day: Some(30) });
            let _ = find_dates(&text, Some(&reference_date));
        }
    }
}
