//! The text cut into words, numbers and punctuation, each with its byte span and the index
//! of its sentence.
//!
//! Every pattern of the scanner reads tokens, never characters, so spans always fall on
//! character boundaries; the sentence index bounds the search for tense words.

use super::vocabulary::{ABBREVIATIONS, MONTH_ABBREVIATIONS};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    Number,
    Punct,
}

/// A word (letters, with inner apostrophes: "don't"), a number (ASCII digits) or one
/// punctuation character, with its byte span in the text.
#[derive(Debug, Clone)]
pub(super) struct Token<'a> {
    pub(super) kind: Kind,
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Index of the sentence (roughly: split after `.`, `!`, `?` and at line ends), used to
    /// look for tense words around a date.
    pub(super) sentence: usize,
}

/// Cuts `text` into tokens; whitespace separates them and is dropped.
pub(super) fn tokenize(text: &str) -> Vec<Token<'_>> {
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
    let [.., word, stop] = tokens else { return false };
    if stop.text != "." || word.end != stop.start || word.kind != Kind::Word {
        return false;
    }
    let lowered = word.text.to_lowercase();
    word.text.chars().count() == 1
        || ABBREVIATIONS.contains(&lowered.as_str())
        || MONTH_ABBREVIATIONS.iter().any(|(abbreviation, _)| *abbreviation == lowered)
}

/// A straight or a typographic apostrophe.
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// True when a letter follows the apostrophe at `at`: "don't" is one word, while the
/// apostrophe of "the Smiths' house" is punctuation.
fn followed_by_letter(text: &str, at: usize, apostrophe: char) -> bool {
    text[at + apostrophe.len_utf8()..].chars().next().is_some_and(char::is_alphabetic)
}

/// A hyphen or any of the Unicode dashes that join ranges ("4–5 April").
pub(super) fn is_dash(text: &str) -> bool {
    matches!(text, "-" | "\u{2013}" | "\u{2014}" | "\u{2012}" | "\u{2010}" | "\u{2011}")
}

/// True when the word starts with a capital letter.
pub(super) fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The word in lowercase.
pub(super) fn lower(word: &str) -> String {
    word.to_lowercase()
}

/// A token that is a lone apostrophe ("the '90s").
pub(super) fn is_apostrophe_str(text: &str) -> bool {
    text.chars().count() == 1 && text.chars().next().is_some_and(is_apostrophe)
}
