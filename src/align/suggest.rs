//! `--suggest`: the dates no event accounts for, as stub events for the timeline.

use std::collections::HashMap;

use super::SentenceRef;
use super::words;
use crate::dates::Date;
use crate::dates::prose::DateMention;
use crate::report::align::CandidateEvent;

/// Suggested titles are cut to about this many characters.
const CANDIDATE_TITLE_CHARS: usize = 90;

/// A date no event accounts for, as a stub event for the timeline.
/// Candidate ids handed out so far. Many candidates can share a base (a repeated sentence):
/// each base remembers its next suffix, so claiming stays constant time.
#[derive(Default)]
pub(super) struct TakenIds {
    ids: std::collections::HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl TakenIds {
    fn claim(&mut self, base: String) -> String {
        let mut id = base.clone();
        let suffix = self.next_suffix.entry(base.clone()).or_insert(2);
        while self.ids.contains(&id) {
            id = format!("{base}-{suffix}");
            *suffix += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

/// What the candidates of one sentence share: its shortened text, and its first content words
/// for their ids. Made once per sentence, which may hold thousands of dates.
pub(super) struct SentenceGist {
    title: String,
    words: Vec<String>,
}

impl SentenceGist {
    pub(super) fn new(source: &str, sentence: &SentenceRef) -> Self {
        let text = source.get(sentence.span.clone()).unwrap_or_default();
        // The title needs only its first characters: whitespace is collapsed in a prefix of
        // eight times its length, so a huge sentence costs no more than a short one.
        let mut prefix_end = text.len().min(CANDIDATE_TITLE_CHARS * 8);
        while !text.is_char_boundary(prefix_end) {
            prefix_end -= 1;
        }
        let title =
            shorten(&text[..prefix_end].split_whitespace().collect::<Vec<_>>().join(" "), CANDIDATE_TITLE_CHARS);
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.len() >= 3 && word.chars().all(|c| c.is_ascii_alphabetic()))
            .map(str::to_lowercase)
            .filter(|word| !words::is_stopword(word) && !is_month_or_relation(word))
            .take(4)
            .collect();
        SentenceGist { title, words }
    }
}

pub(super) fn candidate(
    source: &str,
    sentence: &SentenceRef,
    gist: &SentenceGist,
    mention: &DateMention,
    date: &Date,
    taken: &mut TakenIds,
) -> CandidateEvent {
    let anchor = mention.anchor.as_ref().unwrap_or(date);
    let year = anchor.start.or(anchor.end).map(|point| point.year.to_string()).unwrap_or_default();
    let base = std::iter::once(year)
        .chain(gist.words.iter().cloned())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() { "event".to_string() } else { base };
    let id = taken.claim(base);
    CandidateEvent {
        id,
        title: gist.title.clone(),
        date: anchor.to_string(),
        paragraph: sentence.paragraph,
        sentence: sentence.sentence,
        text: source.get(mention.span.clone()).unwrap_or_default().to_string(),
    }
}

fn is_month_or_relation(word: &str) -> bool {
    matches!(
        word,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "since"
            | "until"
            | "yesterday"
            | "today"
            | "tomorrow"
    )
}

/// At most `limit` characters, cut at a word boundary, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let at_word = cut.rfind(' ').filter(|&at| at > limit / 2).map_or(cut.as_str(), |at| &cut[..at]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':']))
}
