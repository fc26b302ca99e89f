//! The English words the scanner knows: month and weekday names, ordinals and number words,
//! the cues that make a number or a month a date, the words that make a number a label, and
//! the tense words.
//!
//! Kept apart from the patterns so that the grammar reads as code and the word lists can be
//! reviewed (and extended) as data. Every list is lowercase.

use chrono::Weekday;

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
pub(super) const MONTH_ABBREVIATIONS: [(&str, u32); 13] = [
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

/// Weekday names.
pub(super) const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Words before a number or a bare month that make it a date.
pub(super) const DATE_CUES: [&str; 25] = [
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
pub(super) const YEAR_FOLLOWERS: [&str; 38] = [
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
pub(super) const LABEL_WORDS: [&str; 16] = [
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
pub(super) const ORDINALS: [&str; 22] = [
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
pub(super) const YEAR_DETERMINERS: [&str; 9] = ["a", "an", "his", "her", "its", "their", "our", "my", "'s"];

/// Words ending in "ed" that are no past forms ("succeed" ends in "ceed", handled apart).
pub(super) const NOT_PAST_ED: [&str; 6] = ["indeed", "speed", "bleed", "breed", "hundred", "kindred"];

/// Words that put the sentence around a date in the past.
pub(super) const PAST_WORDS: [&str; 28] = [
    "was", "were", "had", "did", "ago", "met", "held", "took", "went", "came", "made", "saw", "began", "left", "won",
    "lost", "fell", "rose", "led", "sent", "gave", "struck", "spoke", "flew", "wrote", "became", "last", "earlier",
];

/// Words that put the sentence around a date in the future.
pub(super) const FUTURE_WORDS: [&str; 17] = [
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

/// Counts written as words ("two years ago", "a day earlier").
pub(super) const NUMBER_WORDS: [(&str, i64); 13] = [
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

/// The first month of the season a word names.
pub(super) fn season_start(word: &str) -> Option<u32> {
    match word {
        "spring" => Some(3),
        "summer" => Some(6),
        "fall" | "autumn" => Some(9),
        "winter" => Some(12),
        _ => None,
    }
}

/// Lowercase words a date expression may start with (besides numbers, capitalised words,
/// number words and the first ordinals): a cheap test before any pattern is tried.
pub(super) const STARTERS: &[&str] = &[
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

/// Nouns an ordinal counts, which make "the 5th" no day of the month ("the 5th floor").
pub(super) const COUNTED_AFTER_ORDINAL: &[&str] = &[
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

/// Abbreviations whose full stop ends no sentence ("Mr. Bush"), besides initials and month
/// abbreviations.
pub(super) const ABBREVIATIONS: [&str; 16] =
    ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "corp", "inc", "co", "ltd", "no"];
