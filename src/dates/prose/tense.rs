//! The tense around a date, which picks the year of a date that names none ("In December
//! the talks collapsed" is last December; "Talks will resume in February", next February).
//!
//! The tense is that of the nearest tense word in the same sentence, within a few tokens:
//! an auxiliary, a past form, a future cue ("scheduled", "set to").

use std::ops::Range;

use super::scanner::Scanner;
use super::tokens::{Kind, is_capitalized, lower};
use super::vocabulary::{FUTURE_WORDS, NOT_PAST_ED, PAST_WORDS};

/// The tense of the words around a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
    Unknown,
}

/// How many tokens either side of a date are searched for a tense word.
const TENSE_WINDOW: usize = 12;

impl Scanner<'_> {
    /// The tense around the mention covering `tokens`, read with its relation word.
    pub(super) fn tense_of_mention(&self, tokens: Range<usize>, relation: Option<&str>) -> Tense {
        match (relation, self.tense_around(tokens.start, tokens.end)) {
            // "extended through June": a past verb does not put the end in the past.
            (Some("until"), Tense::Past) => Tense::Unknown,
            (_, tense) => tense,
        }
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

    /// The tense a word at `index` gives its sentence, if any.
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
}
