//! Sentence boundaries: Unicode sentence segmentation (UAX #29) with line breaks read as
//! spaces, merged back where it splits after an abbreviation or an initial.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Titles and Latin abbreviations: a break after them is never a sentence end.
const ALWAYS_JOINED: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Rev", "Hon",
    "Pres", "Amb", "Messrs", "Mme", "Mlle", "vs", "v", "e.g", "i.e", "cf", "viz",
];

/// Abbreviations that may end a sentence: joined only when a lowercase word or a number
/// follows ("the U.S. practicing", "Jan. 5", "No. 3", "etc. and").
const JOINED_BEFORE_LOWERCASE: &[&str] = &[
    "U.S", "U.K", "U.N", "E.U", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "No", "Nos", "etc", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "approx", "est", "Fig", "Vol", "pp", "p", "ed", "al",
    "a.m", "p.m",
];

/// Characters that may open a word before the abbreviation itself: "(Dr. Li".
const OPENERS: &[char] = &['(', '[', '{', '"', '\'', '“', '‘', '«', '‹'];
/// Characters skipped when looking at how the next piece begins: "U.S.’s", "U.S. (then".
const LEADING_PUNCTUATION: &[char] = &['(', '[', '"', '\'', '“', '”', '‘', '’', '«', '»'];

/// Sentence spans within `text` (offsets relative to it), trimmed of whitespace. Together
/// they cover every non-whitespace character of `text`.
pub(super) fn spans(text: &str) -> Vec<Range<usize>> {
    let segmentable = soften_line_breaks(text);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for (offset, piece) in segmentable.split_sentence_bound_indices() {
        let end = offset + piece.len();
        match merged.last_mut() {
            Some(last) if joins(&segmentable[last.clone()], piece) => last.end = end,
            _ => merged.push(offset..end),
        }
    }
    merged
        .into_iter()
        .filter_map(|span| {
            let piece = &text[span.clone()];
            let start = span.start + (piece.len() - piece.trim_start().len());
            let end = span.start + piece.trim_end().len();
            (start < end).then_some(start..end)
        })
        .collect()
}

/// UAX #29 ends a sentence at every line break; inside a paragraph a line break is only a
/// space. Each break becomes a space of the same byte length, so offsets stay valid.
fn soften_line_breaks(text: &str) -> Cow<'_, str> {
    let is_break = |c: char| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    if !text.contains(is_break) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' => ' ',
                '\u{85}' => '\u{a0}',
                '\u{2028}' | '\u{2029}' => '\u{2003}',
                other => other,
            })
            .collect(),
    )
}

/// Whether the break between `previous` and `next` falls after an abbreviation or an
/// initial rather than at a sentence end.
fn joins(previous: &str, next: &str) -> bool {
    let previous = previous.trim_end();
    let Some(stem) = previous.strip_suffix('.') else { return false };
    let (before, word) = match stem.rfind(char::is_whitespace) {
        Some(index) => stem.split_at(index),
        None => ("", stem),
    };
    let word = word.trim_start().trim_start_matches(OPENERS);
    let next_start = next.trim_start().trim_start_matches(LEADING_PUNCTUATION).chars().next();
    if ALWAYS_JOINED.contains(&word) {
        return true;
    }
    let continues_lowercase = next_start.is_some_and(|c| c.is_lowercase() || c.is_numeric() || ",;:".contains(c));
    if JOINED_BEFORE_LOWERCASE.contains(&word) || is_dotted_acronym(word) {
        return continues_lowercase;
    }
    if is_initial(word) {
        // "J. Smith", "John F. Kennedy"; but not "vitamin C. The".
        let word_before = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or_default();
        let named = word_before.is_empty() || word_before.trim_start_matches(OPENERS).starts_with(char::is_uppercase);
        return named && next_start.is_some_and(|c| c.is_uppercase() || continues_lowercase);
    }
    false
}

/// A single capital letter: an initial.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Letters separated by dots, like "U.S.A" or "Ph.D" (the final dot already removed).
fn is_dotted_acronym(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let letters = part.chars().count();
        if !(1..=2).contains(&letters) || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        spans(text).into_iter().map(|span| &text[span]).collect()
    }

    #[test]
    fn raw_pieces_probe() {
        for text in ["the U.S.’s attempt to", "oppose the U.S. practicing trade", "Mr. Smith went. He left.", "J. Smith came.", "A\nb. C"] {
            let pieces: Vec<&str> = text.split_sentence_bounds().collect();
            eprintln!("{pieces:?}");
        }
    }
}
