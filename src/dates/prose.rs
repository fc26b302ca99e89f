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

use std::fmt;
use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use serde::Serialize;

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
    let lowered: Vec<String> = tokens
        .iter()
        .map(|token| if token.kind == Kind::Word { token.text.to_lowercase() } else { String::new() })
        .collect();
    let scanner = Scanner { tokens: &tokens, lowered: &lowered, reference: reference.and_then(Reference::new) };
    let mut mentions: Vec<DateMention> = Vec::new();
    let mut previous: Option<(Date, DateUnit)> = None;
    let mut index = 0;
    while index < tokens.len() {
        if !scanner.may_start_date(index) {
            index += 1;
            continue;
        }
        match scanner.mention_at(index, previous.as_ref()) {
            Some((mention, next, counted_from_previous)) => {
                // "the day before" counts from the date mentioned just before it, and "the
                // year-ago quarter" after "a year earlier" still counts from the first.
                if !counted_from_previous && let Some(anchor) = &mention.anchor {
                    previous = Some((anchor.clone(), mention.unit));
                }
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
            let ends_sentence =
                matches!(previous.text, "." | "!" | "?") && previous.end < start && !after_abbreviation(&tokens);
            if gap_has_newline || ends_sentence {
                sentence += 1;
            }
        }
        gap_has_newline = false;
        // A possessive "'s" is a word of its own, so "Friday's" holds the weekday "Friday".
        let possessive = text[start..end]
            .char_indices()
            .rev()
            .nth(1)
            .filter(|&(at, apostrophe)| at > 0 && is_apostrophe(apostrophe) && text[start..end].ends_with('s'))
            .map(|(at, _)| start + at);
        if kind == Kind::Word
            && let Some(split) = possessive
        {
            tokens.push(Token { kind, text: &text[start..split], start, end: split, sentence });
            tokens.push(Token { kind, text: &text[split..end], start: split, end, sentence });
        } else {
            tokens.push(Token { kind, text: &text[start..end], start, end, sentence });
        }
    }
    tokens
}

/// True when the last token is a full stop after an initial or an abbreviation ("Daniel P.
/// Davison", "Mr. Bush", "Nov. 6"), which ends no sentence.
fn after_abbreviation(tokens: &[Token<'_>]) -> bool {
    const ABBREVIATIONS: [&str; 16] =
        ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "corp", "inc", "co", "ltd", "no"];
    let [.., word, stop] = tokens else { return false };
    if stop.text != "." || word.end != stop.start || word.kind != Kind::Word {
        return false;
    }
    let lowered = word.text.to_lowercase();
    word.text.chars().count() == 1
        || ABBREVIATIONS.contains(&lowered.as_str())
        || MONTH_ABBREVIATIONS.iter().any(|(abbreviation, _)| *abbreviation == lowered)
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

/// Ordinals as words, "first" first.
const ORDINALS: [&str; 22] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
];

/// Words before a year that make it a modifier of the noun after it ("his 2007 campaign").
const YEAR_DETERMINERS: [&str; 9] = ["a", "an", "his", "her", "its", "their", "our", "my", "'s"];

/// Words ending in "ed" that are no past forms ("succeed" ends in "ceed", handled apart).
const NOT_PAST_ED: [&str; 6] = ["indeed", "speed", "bleed", "breed", "hundred", "kindred"];

const PAST_WORDS: [&str; 28] = [
    "was", "were", "had", "did", "ago", "met", "held", "took", "went", "came", "made", "saw", "began", "left", "won",
    "lost", "fell", "rose", "led", "sent", "gave", "struck", "spoke", "flew", "wrote", "became", "last", "earlier",
];

const FUTURE_WORDS: [&str; 17] = [
    "will",
    "would",
    "should",
    "payable",
    "effective",
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
    Span { start: Partial, end: Partial, approximate: bool, unit: DateUnit },
    /// Needs the reference date.
    Relative(Relative),
    /// A part of the inner date: "early March", "the end of the year", "earlier this year".
    Narrowed { part: Part, inner: Box<Expr> },
    /// "Saturday, April 25": the weekday picks the year of a day that names none.
    OnWeekday { weekday: Weekday, day: Box<Expr> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
    /// "earlier this year": up to the reference day.
    UpToReference,
    /// "later this year": from the reference day on.
    FromReference,
}

#[derive(Debug, Clone, Copy)]
enum Relative {
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
    fn form(&self) -> DateForm {
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
            "the",
            "now",
            "currently",
            "presently",
            "nowadays",
            "recently",
            "earlier",
            "later",
            "year",
            "fiscal",
            "beginning",
            "start",
            "middle",
            "end",
            "spring",
            "summer",
            "fall",
            "autumn",
            "winter",
        ];
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
    /// Also says whether the date is counted from the previous one ("the day before").
    fn mention_at(&self, index: usize, previous: Option<&(Date, DateUnit)>) -> Option<(DateMention, usize, bool)> {
        let relation = self.relation_at(index);
        let between = self.is_word(index, &["between"]);
        let expr_start = if relation.is_some() || between { index + 1 } else { index };
        let (expr, next) = self.range_at(expr_start, between || relation.as_deref() == Some("from"))?;
        let start_token = if relation.is_some() || between { index } else { expr_start };
        let (expr, relation) = match (&expr, relation.as_deref()) {
            // "from 2003 to 2009" is a plain range; "between" was only a cue.
            (Expr::Span { start, end, .. }, Some("from")) if start != end => (expr, None),
            // "up from a year earlier" compares; it opens no range.
            (Expr::Relative(relative), Some("from")) if !matches!(relative, Relative::Weekday { .. }) => {
                return self.mention_at(expr_start, previous);
            }
            _ => (expr, relation),
        };
        let span = self.tokens[start_token].start..self.tokens[next - 1].end;
        let tense = match (relation.as_deref(), self.tense_around(start_token, next)) {
            // "extended through June": a past verb does not put the end in the past.
            (Some("until"), Tense::Past) => Tense::Unknown,
            (_, tense) => tense,
        };
        let form = expr.form();
        let counted_from_previous =
            matches!(expr, Expr::Relative(Relative::FromPrevious { .. } | Relative::YearsAgo(_)));
        let mention = match self.resolve(&expr, tense, previous) {
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
                unit: self.unit_named(&expr),
            },
            // Not a calendar date after all ("February 30").
            Err(None) => return None,
        };
        Some((mention, next, counted_from_previous))
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

    fn plain_date_at(&self, index: usize) -> Option<(Expr, usize)> {
        self.iso_at(index)
            .or_else(|| self.day_first_at(index))
            .or_else(|| self.month_first_at(index))
            .or_else(|| self.calendar_phrase_at(index, false))
            .or_else(|| self.relative_at(index))
            .or_else(|| self.year_expr_at(index))
    }

    /// "early March", "mid-1990s", "late last July", "the end of the year", "earlier this
    /// month", "year-end".
    fn narrowed_at(&self, index: usize) -> Option<(Expr, usize)> {
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

    /// Phrases built on a calendar unit: "the third quarter", "third-quarter", "the first
    /// half of 1998", "this fiscal year", "fiscal 1989", "the latest quarter", "last
    /// summer", "the summer of 1998", "the weekend", "the 20th century", "now", "the past".
    /// `bare_unit` accepts "the year", "the month" (after "the end of").
    fn calendar_phrase_at(&self, index: usize, bare_unit: bool) -> Option<(Expr, usize)> {
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

    /// An ordinal ("third", "3rd", "20th") at `index`: returns it and the index after it.
    fn ordinal_at(&self, index: usize) -> Option<(u32, usize)> {
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
    fn year_after(&self, index: usize) -> (Option<i32>, usize) {
        let at = if self.is_word(index, &["of"]) { index + 1 } else { index };
        match self.year_at(at) {
            Some(year) => (Some(year), at + 1),
            None => (None, index),
        }
    }

    fn reference_year(&self) -> Option<i32> {
        self.reference.map(|reference| reference.first.year())
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

    /// The unit an expression names, for a mention left unresolved.
    fn unit_named(&self, expr: &Expr) -> DateUnit {
        match expr {
            Expr::Span { unit, .. } => *unit,
            Expr::Narrowed { inner, .. } | Expr::OnWeekday { day: inner, .. } => self.unit_named(inner),
            Expr::Relative(relative) => relative_unit(relative, None),
        }
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
        Some((Expr::Span { start, end, approximate: false, unit: DateUnit::Day }, after))
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

    /// `, 1991` or ` 1991` after a day and month.
    fn trailing_year(&self, index: usize) -> (Option<i32>, usize) {
        let comma = self.token(index).is_some_and(|token| token.text == ",");
        let at = if comma { index + 1 } else { index };
        match self.year_at(at) {
            Some(year) => (Some(year), at + 1),
            None => (None, index),
        }
    }

    /// `1992`, `the 1990s`, `the '90s`.
    fn year_expr_at(&self, index: usize) -> Option<(Expr, usize)> {
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
                is_capitalized(next.text)
                    || self.is_word(index + 1, &YEAR_FOLLOWERS)
                    // A year used as a modifier: "a 2010 commando raid", "his 2007 campaign".
                    || (index > 0 && self.is_word(index - 1, &YEAR_DETERMINERS))
            }
            Some(_) => false,
        }
    }

    /// "on the 29th": a day of the reference's month (or the one before or after, by tense),
    /// when nothing after the ordinal names what it counts ("on the 5th floor" is no date;
    /// "the 20th century" and "the 29th of April" are other patterns).
    fn day_of_month_at(&self, index: usize) -> Option<(Expr, usize)> {
        const COUNTED: &[&str] = &[
            "floor",
            "anniversary",
            "century",
            "day",
            "time",
            "round",
            "minute",
            "birthday",
            "amendment",
            "parallel",
            "street",
            "avenue",
            "place",
            "lap",
            "stage",
            "level",
            "grade",
            "inning",
            "hole",
            "edition",
            "session",
            "congress",
            "division",
            "district",
            "army",
            "fleet",
            "brigade",
            "regiment",
            "battalion",
        ];
        let (day, next) = self.ordinal_at(index)?;
        let on_the =
            index > 1 && self.is_word(index - 1, &["the"]) && self.is_word(index - 2, &["on", "until", "since", "by"]);
        let counts_nothing = match self.token(next) {
            None => true,
            Some(token) if token.kind == Kind::Punct => token.text != "-",
            Some(_) => !self.is_word(next, COUNTED) && !self.is_word(next, &["of"]),
        };
        (on_the && counts_nothing && (1..=31).contains(&day) && self.number_at(index).is_some())
            .then_some((Expr::Relative(Relative::DayOfMonth(day)), next))
    }

    fn relative_at(&self, index: usize) -> Option<(Expr, usize)> {
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

    /// "two years", "a day", "3 weeks": the count and the unit.
    fn count_and_unit_at(&self, index: usize) -> Option<(i64, DateUnit)> {
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

    fn weekday_at(&self, index: usize) -> Option<Weekday> {
        let token = self.token(index).filter(|token| token.kind == Kind::Word && is_capitalized(token.text))?;
        let word = lower(token.text);
        WEEKDAYS.iter().find(|(name, _)| *name == word).map(|(_, weekday)| *weekday)
    }

    /// The tense of the nearest tense word in the same sentence, outside `start..end`, at
    /// most `TENSE_WINDOW` tokens away (so a long sentence full of dates stays linear).
    fn tense_around(&self, start: usize, end: usize) -> Tense {
        let sentence = self.tokens[start].sentence;
        let in_sentence = |index: usize| self.tokens.get(index).is_some_and(|token| token.sentence == sentence);
        for distance in 1..=TENSE_WINDOW {
            let before = start.checked_sub(distance).filter(|&index| in_sentence(index));
            let after = Some(end + distance - 1).filter(|&index| in_sentence(index));
            if before.is_none() && after.is_none() {
                break;
            }
            if let Some(tense) = before.and_then(|index| self.tense_of(index)) {
                return tense;
            }
            if let Some(tense) = after.and_then(|index| self.tense_of(index)) {
                return tense;
            }
        }
        Tense::Unknown
    }

    fn tense_of(&self, index: usize) -> Option<Tense> {
        let token = self.token(index).filter(|token| token.kind == Kind::Word)?;
        let word = lower(token.text);
        if FUTURE_WORDS.contains(&word.as_str()) || word.ends_with("'ll") || word.ends_with("\u{2019}ll") {
            return Some(Tense::Future);
        }
        // "set to resume", "poised to", "slated for".
        if matches!(word.as_str(), "set" | "poised" | "slated") && self.is_word(index + 1, &["to", "for"]) {
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
        if word.len() >= 5
            && word.ends_with("ed")
            && !word.ends_with("ceed")
            && !NOT_PAST_ED.contains(&word.as_str())
            && !is_capitalized(token.text)
        {
            return Some(Tense::Past);
        }
        None
    }

    /// Turns an expression into the interval it names and its unit, or says why it cannot.
    fn resolve(
        &self,
        expr: &Expr,
        tense: Tense,
        previous: Option<&(Date, DateUnit)>,
    ) -> Result<(Date, DateUnit), Option<Unresolved>> {
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
                    |point: Option<DatePoint>| point.is_none_or(|point| super::YEAR_RANGE.contains(&point.year));
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
                    .filter_map(|tense| self.resolve(day, tense, previous).ok())
                    .find(on_weekday)
                    .map_or_else(|| self.resolve(day, tense, previous), Ok)
            }
            Expr::Narrowed { part, inner } => {
                let (date, unit) = self.resolve(inner, tense, previous)?;
                let reference_day = self.reference.and_then(|reference| reference.day);
                Ok((narrow(&date, unit, *part, reference_day).ok_or(None)?, unit))
            }
        }
    }
}

fn is_apostrophe_str(text: &str) -> bool {
    text.chars().count() == 1 && text.chars().next().is_some_and(is_apostrophe)
}

/// How many tokens either side of a date are searched for a tense word.
const TENSE_WINDOW: usize = 12;

/// The first month of the season a word names.
fn season_start(word: &str) -> Option<u32> {
    match word {
        "spring" => Some(3),
        "summer" => Some(6),
        "fall" | "autumn" => Some(9),
        "winter" => Some(12),
        _ => None,
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
            return Some(interval(day_point(first), day_point(day), date.approximate));
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
        // The publication day itself, not the Thursday before (issue 12).
        assert_eq!(one("They met on Thursday.", at), "Thursday => 2018-04-12");
        assert_eq!(one("They met on Monday.", at), "Monday => 2018-04-09");
        assert_eq!(one("They will meet on Monday.", at), "Monday => 2018-04-16");
        assert_eq!(one("It closed last March.", at), "last March => 2018-03");
        assert_eq!(one("It closed last May.", at), "last May => 2017-05");
        assert_eq!(one("It closed two years ago.", at), "two years ago => 2016");
        assert_eq!(one("It closed 3 days ago.", at), "3 days ago => 2018-04-09");
    }

    #[test]
    fn a_weekday_is_the_publication_day_when_it_is_that_day() {
        let thursday = Some("2018-04-12");
        assert_eq!(one("Ministers said on Thursday that talks failed.", thursday), "Thursday => 2018-04-12");
        assert_eq!(one("Thursday's announcement surprised markets.", thursday), "Thursday => 2018-04-12");
        let friday = Some("2018-04-13");
        assert_eq!(one("She will speak on Friday.", friday), "Friday => 2018-04-13");
        // Otherwise past narration takes the latest, the future the coming one.
        assert_eq!(one("The talks collapsed on Monday.", thursday), "Monday => 2018-04-09");
        assert_eq!(one("Talks will resume on Monday.", thursday), "Monday => 2018-04-16");
        assert_eq!(one("He said on Friday the talks were over.", thursday), "Friday => 2018-04-06");
        // "last" and "next" never mean the day itself.
        assert_eq!(one("They met last Thursday.", thursday), "last Thursday => 2018-04-05");
        assert_eq!(one("They meet next Thursday.", thursday), "next Thursday => 2018-04-19");
        assert_eq!(one("They meet next Friday.", thursday), "next Friday => 2018-04-13");
        assert_eq!(one("Talks are set to resume Monday.", thursday), "Monday => 2018-04-16");
        // A weekday naming a day picks its year: 25 April 2015 was a Saturday.
        assert_eq!(
            one("In an editorial on Saturday, April 25:", Some("2016-01-10")),
            "Saturday, April 25 => 2015-04-25"
        );
    }

    #[test]
    fn each_form_is_recorded() {
        let forms = |text: &str| -> Vec<DateForm> {
            find_dates(text, Some(&reference("2018-04-12"))).into_iter().map(|mention| mention.form).collect()
        };
        assert_eq!(forms("On 26 December 1991 and in the 1990s"), [DateForm::Absolute, DateForm::Absolute]);
        assert_eq!(forms("On April 4-5 and in March"), [DateForm::Partial, DateForm::Partial]);
        assert_eq!(forms("yesterday, last month, two years ago"), [DateForm::Relative; 3]);
        assert_eq!(forms("on Thursday, last Monday"), [DateForm::Weekday; 2]);
        assert_eq!(forms("now, currently, today"), [DateForm::Present; 3]);
    }

    #[test]
    fn the_present_is_the_publication_day_marked_as_such() {
        let text = "Prices are now higher and currently rising; today's vote";
        let mentions = find_dates(text, Some(&reference("2018-04-12")));
        let summary: Vec<(String, String, Option<String>)> = mentions
            .iter()
            .map(|mention| {
                let date = mention.date.as_ref().map(ToString::to_string).unwrap_or_default();
                (text[mention.span.clone()].to_string(), date, mention.timex_value())
            })
            .collect();
        let expected = [
            ("now", "2018-04-12", "PRESENT_REF"),
            ("currently", "2018-04-12", "PRESENT_REF"),
            ("today", "2018-04-12", "2018-04-12"),
        ];
        let expected: Vec<(String, String, Option<String>)> = expected
            .iter()
            .map(|(span, date, value)| (span.to_string(), date.to_string(), Some(value.to_string())))
            .collect();
        assert_eq!(summary, expected);
    }

    #[test]
    fn early_mid_and_late_narrow_the_interval_and_the_span_covers_them() {
        let at = Some("2018-04-12");
        assert_eq!(one("It began in early March.", at), "early March => 2018-03-01/2018-03-10~");
        assert_eq!(one("It began in mid-March.", at), "mid-March => 2018-03-11/2018-03-20~");
        assert_eq!(one("It began in early-March.", at), "early-March => 2018-03-01/2018-03-10~");
        assert_eq!(one("It ended late last July.", at), "late last July => 2017-07-21/2017-07-31~");
        assert_eq!(one("It ends in early next year.", at), "early next year => 2019-01/2019-04~");
        assert_eq!(one("by early 2018 it was over", None), "early 2018 => 2018-01/2018-04~");
        assert_eq!(one("a boom in the late 1970s", None), "late 1970s => 1976/1979~");
        assert_eq!(one("Sales rose earlier this year.", at), "earlier this year => 2018-01-01/2018-04-12");
        assert_eq!(one("A vote comes later this month.", at), "later this month => 2018-04-12/2018-04-30");
        assert_eq!(one("It closes by the end of the year.", at), "the end of the year => 2018-09/2018-12~");
        assert_eq!(one("It closes at year-end.", at), "year-end => 2018-09/2018-12~");
        assert_eq!(one("It opens in early summer.", at), "early summer => 2018-06~");
        assert_eq!(one("at the beginning of March 2017", at), "the beginning of March 2017 => 2017-03-01/2017-03-10~");
    }

    #[test]
    fn years_as_modifiers_and_possessives() {
        let at = Some("2018-04-12");
        assert_eq!(one("after a 2010 commando raid", at), "2010 => 2010");
        assert_eq!(one("during his 2007 campaign", at), "2007 => 2007");
        assert_eq!(one("Friday's announcement was delayed.", at), "Friday => 2018-04-06");
        assert_eq!(one("this year's budget", at), "this year => 2018");
        assert_eq!(one("last month's talks", at), "last month => 2018-03");
        assert_eq!(found("some 1500 troops and a 2000km border", at), Vec::<String>::new());
    }

    #[test]
    fn centuries_seasons_quarters_and_fiscal_years() {
        let at = Some("2018-04-12");
        let value = |text: &str| -> Vec<String> {
            find_dates(text, Some(&reference("2018-04-12")))
                .iter()
                .map(|mention| format!("{} {}", &text[mention.span.clone()], mention.timex_value().unwrap_or_default()))
                .collect()
        };
        assert_eq!(one("the 20th century ended", at), "the 20th century => 1900/1999");
        assert_eq!(value("the 20th century ended"), ["the 20th century 19"]);
        assert_eq!(one("It rained last summer.", at), "last summer => 2017-06/2017-08");
        assert_eq!(one("It opens this summer.", at), "this summer => 2018-06/2018-08");
        assert_eq!(one("It snowed last winter.", at), "last winter => 2017-12/2018-02");
        assert_eq!(value("It snowed last winter."), ["last winter 2017-WI"]);
        assert_eq!(one("in the summer of 1998", at), "the summer of 1998 => 1998-06/1998-08");
        assert_eq!(value("It rained last summer."), ["last summer 2017-SU"]);
        assert_eq!(one("Profit fell in the first quarter.", at), "the first quarter => 2018-01/2018-03");
        assert_eq!(value("third-quarter profit fell"), ["third-quarter 2017-Q3"]);
        assert_eq!(value("in the fourth quarter of 2016"), ["the fourth quarter of 2016 2016-Q4"]);
        assert_eq!(value("than in the 2016 fourth quarter"), ["2016 fourth quarter 2016-Q4"]);
        assert_eq!(value("Profit fell in the quarter."), ["the quarter 2018-Q1"]);
        assert_eq!(value("She lost in the quarter-final."), Vec::<String>::new());
        assert_eq!(value("in the first half of 1998"), ["the first half of 1998 1998-H1"]);
        assert_eq!(one("Spending grows this fiscal year.", at), "this fiscal year => 2018");
        assert_eq!(one("Spending grew in fiscal 1989.", at), "fiscal 1989 => 1989~");
        assert_eq!(value("They met last weekend."), ["last weekend 2018-W14-WE"]);
    }

    #[test]
    fn counted_from_the_date_just_mentioned() {
        let at = Some("2018-04-12");
        assert_eq!(
            found("On March 3 he resigned; the day before, he had met them.", at),
            ["March 3 => 2018-03-03", "the day before => 2018-03-02"]
        );
        assert_eq!(found("He arrived the day before.", at), ["the day before => 2018-04-11"]);
        assert_eq!(
            found("Profit rose in the third quarter from a year earlier.", at),
            ["the third quarter => 2017-07/2017-09", "a year earlier => 2016-07/2016-09"]
        );
        assert_eq!(
            found("In 2015 they met; the following year, they split.", at),
            ["2015 => 2015", "the following year => 2016"]
        );
        // "the day before the vote" is counted from the vote, which is not a date.
        assert_eq!(found("He arrived the day before the vote.", at), Vec::<String>::new());
        assert_eq!(found("He left two days after his arrest.", at), Vec::<String>::new());
        assert_eq!(found("He left two days later.", at), ["two days later => 2018-04-14"]);
        // Counting past the last representable year gives no date rather than a bad one.
        assert_eq!(found("999 years later it ended.", Some("99999-06-01")), Vec::<String>::new());
    }

    #[test]
    fn year_ranges_and_through() {
        let at = Some("2018-04-12");
        assert_eq!(one("the 2009-2010 season", at), "2009-2010 => 2009/2010");
        assert_eq!(one("in the 1996-97 season", at), "1996-97 => 1996/1997");
        // A past verb does not move the end of "through June" a year back.
        assert_eq!(one("Sanctions were extended through June.", at), "through June => ../2018-06");
        assert_eq!(one("Sanctions will run through February.", at), "through February => ../2019-02");
    }

    #[test]
    fn the_past_and_the_future() {
        let at = Some("2018-04-12");
        assert_eq!(one("He recently resigned.", at), "recently => ../2018-04-12~");
        assert_eq!(one("Talks may resume in the future.", at), "the future => 2018-04-12/..~");
        assert_eq!(found("over the past year", at), ["the past year => 2017"]);
    }

    #[test]
    fn a_long_sentence_full_of_dates_is_scanned_in_linear_time() {
        let text = "Russia 1992 ".repeat(250_000 / 12);
        let started = std::time::Instant::now();
        let mentions = find_dates(&text, Some(&reference("2018-04-12")));
        assert_eq!(mentions.len(), 250_000 / 12);
        // About 0.1 s in release; the bound is generous for debug builds on a busy machine.
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    }

    #[test]
    fn abbreviations_and_initials_end_no_sentence() {
        // "will" stays in the sentence of "Feb. 1" despite "P." and "Mr.".
        let at = Some("1989-10-26");
        assert_eq!(one("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", at), "Feb. 1 => 1990-02-01");
        assert_eq!(one("The offer was extended to Nov. 20.", Some("1989-11-02")), "Nov. 20 => 1989-11-20");
    }

    #[test]
    fn a_day_of_the_month_alone_and_a_month_of_a_year() {
        let at = Some("2004-11-30");
        assert_eq!(one("A demonstration on the 29th drew crowds.", at), "29th => 2004-11-29");
        assert_eq!(one("Talks resume on the 3rd.", Some("2004-11-30")), "3rd => 2004-11-03");
        assert_eq!(one("Talks will resume on the 3rd.", at), "3rd => 2004-12-03");
        assert!(found("He lives on the 5th floor.", at).is_empty());
        assert!(found("He was the 29th to arrive.", at).is_empty());
        assert_eq!(one("in custody since March of 2013.", at), "since March of 2013 => 2013-03/..");
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
