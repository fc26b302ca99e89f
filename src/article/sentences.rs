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

/// How much of the text before a break is examined for an abbreviation and the word before it.
const TAIL_BYTES: usize = 64;

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
    // Abbreviations are short: looking at a bounded tail keeps every check O(1), however
    // long a run without whitespace gets.
    let mut cut = stem.len().saturating_sub(TAIL_BYTES);
    while !stem.is_char_boundary(cut) {
        cut += 1;
    }
    let tail = &stem[cut..];
    let (before, word) = match tail.rfind(char::is_whitespace) {
        Some(index) => tail.split_at(index),
        None if cut == 0 => ("", tail),
        None => return false,
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
    fn plain_sentences() {
        assert_eq!(sentences("One here. Two there!  Three? Four"), ["One here.", "Two there!", "Three?", "Four"]);
        assert_eq!(sentences("He said “Go.” Then he left."), ["He said “Go.”", "Then he left."]);
    }

    #[test]
    fn line_breaks_inside_a_paragraph_are_soft() {
        assert_eq!(
            sentences("One sentence\nwrapped over\r\nthree lines. Two."),
            ["One sentence\nwrapped over\r\nthree lines.", "Two."]
        );
        assert_eq!(sentences("Ends here.\nNext one\rwraps."), ["Ends here.", "Next one\rwraps."]);
        assert_eq!(sentences("A line\u{2028}separator."), ["A line\u{2028}separator."]);
    }

    #[test]
    fn titles_never_end_a_sentence() {
        assert_eq!(sentences("Mr. Smith met Mrs. Jones and Ms. Lee."), ["Mr. Smith met Mrs. Jones and Ms. Lee."]);
        assert_eq!(
            sentences("Ask Dr. Wang and Prof. Li (Dr. Chen too)."),
            ["Ask Dr. Wang and Prof. Li (Dr. Chen too)."]
        );
        assert_eq!(sentences("It is on St. Petersburg Ave. Go."), ["It is on St. Petersburg Ave.", "Go."]);
        assert_eq!(sentences("China vs. Russia. Done."), ["China vs. Russia.", "Done."]);
        assert_eq!(
            sentences("Some powers, e.g. Russia, agree. Others, i.e. China, too."),
            ["Some powers, e.g. Russia, agree.", "Others, i.e. China, too."]
        );
    }

    #[test]
    fn country_abbreviations_join_before_lowercase_and_numbers() {
        let text = "They oppose the U.S. practicing protectionism and the U.S.’s attempt to lead.";
        assert_eq!(sentences(text), [text]);
        assert_eq!(
            sentences("The U.K. and the E.U. disagree. The U.N. 2030 agenda."),
            ["The U.K. and the E.U. disagree.", "The U.N. 2030 agenda."]
        );
        assert_eq!(
            sentences("Both visited the U.S. The trip went well."),
            ["Both visited the U.S.", "The trip went well."]
        );
        assert_eq!(sentences("Born in the U.S.A. 1990 was a good year."), ["Born in the U.S.A. 1990 was a good year."]);
    }

    #[test]
    fn months_numbers_and_etc() {
        assert_eq!(sentences("On Jan. 5 and Dec. 31 they met. Fine."), ["On Jan. 5 and Dec. 31 they met.", "Fine."]);
        assert_eq!(sentences("See No. 3 here. Then Sept. 11 came."), ["See No. 3 here.", "Then Sept. 11 came."]);
        assert_eq!(sentences("Oil, gas, etc. and more. Yes."), ["Oil, gas, etc. and more.", "Yes."]);
        assert_eq!(sentences("Oil, gas, etc. The rest."), ["Oil, gas, etc.", "The rest."]);
        assert_eq!(sentences("He said No. They left."), ["He said No.", "They left."]);
    }

    #[test]
    fn initials_join_a_name() {
        assert_eq!(sentences("J. Smith and John F. Kennedy met. Then"), ["J. Smith and John F. Kennedy met.", "Then"]);
        assert_eq!(sentences("We need vitamin C. The rest is fine."), ["We need vitamin C.", "The rest is fine."]);
    }

    #[test]
    fn cjk_and_other_scripts() {
        assert_eq!(sentences("中国和俄罗斯。两国关系很好！真的吗？"), ["中国和俄罗斯。", "两国关系很好！", "真的吗？"]);
        assert_eq!(sentences("Россия и Китай. Они соседи."), ["Россия и Китай.", "Они соседи."]);
    }

    #[test]
    fn spans_are_trimmed_and_never_empty() {
        assert_eq!(spans("  Go.   Run.  "), [2..5, 8..12]);
        assert!(spans("").is_empty());
        assert!(spans(" \n ").is_empty());
    }

    #[test]
    fn long_runs_without_whitespace() {
        let run = format!("{}Dr. Wang", "x".repeat(100));
        assert_eq!(sentences(&run).len(), 2, "a long word ending in Dr is no title");
        let glued = "Mr.Mr.Mr. Wang. Next";
        assert_eq!(sentences(glued), ["Mr.Mr.Mr.", "Wang.", "Next"], "a glued run is no title");
    }

    #[test]
    fn dotted_acronyms() {
        assert!(is_dotted_acronym("U.S"));
        assert!(is_dotted_acronym("Ph.D"));
        assert!(!is_dotted_acronym("US"));
        assert!(!is_dotted_acronym("end.Start"));
        assert!(!is_dotted_acronym("3.5"));
    }
}
