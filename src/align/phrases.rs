//! Every phrase of every event (aliases, actors, places, title words) in one Aho-Corasick
//! automaton, run once over the text.
//!
//! The automaton runs over a normalized copy of the text (runs of whitespace become one
//! space, curly apostrophes straight ones) so "Prince\r\nAndrew" and "Wang Yi’s" match;
//! every match is mapped back to byte offsets in the original. The automaton is only ASCII
//! case-insensitive and knows nothing of words, so each match is checked here: a word
//! boundary before it, an allowed ending after it ("Koreas" for "Korea", "visited" for the
//! title word "visits"), and the exact case for acronyms ("US" must not find "us").

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::words::{Stem, accepts_ending, is_stopword, stem};
use crate::report::align::EvidenceKind;
use crate::timeline::Event;

/// How much one distinct hit of each kind says that a sentence is about an event.
pub const ALIAS_WEIGHT: f64 = 3.0;
pub const ACTOR_WEIGHT: f64 = 1.5;
pub const PLACE_WEIGHT: f64 = 1.0;
pub const TITLE_WEIGHT: f64 = 1.0;
/// A surname alone ("Putin" for the actor "Vladimir Putin") counts for less than the name.
const SURNAME_SHARE: f64 = 0.6;

/// Last words of multi-word actors that name a kind of body, not a person: "Union" alone
/// does not mean "European Union".
const ORGANISATION_WORDS: &[&str] = &[
    "union",
    "council",
    "party",
    "ministry",
    "nations",
    "states",
    "republic",
    "organization",
    "organisation",
    "bank",
    "fund",
    "court",
    "parliament",
    "government",
    "commission",
    "forces",
    "army",
    "navy",
    "office",
    "house",
    "department",
    "committee",
    "assembly",
    "kingdom",
    "federation",
    "community",
    "alliance",
    "agency",
    "group",
    "company",
    "corporation",
    "news",
    "times",
    "post",
    "service",
    "security",
    "police",
    "association",
    "institute",
    "university",
    "minister",
    "president",
    "affairs",
    "league",
    "front",
    "movement",
    "congress",
    "senate",
    "guard",
];

/// The text the automaton runs over, with a map back to the original bytes.
pub struct NormalizedText {
    pub text: String,
    /// `origin[i]` is the original offset of the character normalized byte `i` belongs to;
    /// one extra entry holds the original length.
    origin: Vec<usize>,
}

impl NormalizedText {
    pub fn new(source: &str) -> NormalizedText {
        let mut text = String::with_capacity(source.len());
        let mut origin = Vec::with_capacity(source.len() + 1);
        let mut in_space = false;
        for (at, c) in source.char_indices() {
            let replacement = if c.is_whitespace() {
                if in_space {
                    continue;
                }
                ' '
            } else {
                normalize_char(c)
            };
            in_space = replacement == ' ';
            text.push(replacement);
            origin.extend(std::iter::repeat_n(at, replacement.len_utf8()));
        }
        origin.push(source.len());
        NormalizedText { text, origin }
    }

    /// The original span of a normalized span (both on character boundaries).
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        self.origin[span.start]..self.origin[span.end]
    }
}

fn normalize_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
        '\u{00a0}' | '\u{2009}' | '\u{202f}' => ' ',
        c => c,
    }
}

/// A phrase or title word normalized the way the text is: trimmed, single spaces, straight
/// apostrophes.
fn normalize_phrase(phrase: &str) -> String {
    NormalizedText::new(phrase.trim()).text
}

/// Who a pattern is for, and how a match must look to count.
#[derive(Debug, Clone)]
pub struct Target {
    /// The phrase this stands for: its own pattern, or the full name for a surname, so that
    /// "Vladimir Putin ... Putin" counts once.
    key: usize,
    pub event: usize,
    pub kind: EvidenceKind,
    pub weight: f64,
    matching: Matching,
}

#[derive(Debug, Clone)]
enum Matching {
    /// A phrase: plural endings allowed; `exact` when it must match in this exact case.
    Phrase { exact: Option<String> },
    /// A title word: any inflection of the stem.
    Stem(Stem),
}

/// One accepted match.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The phrase found (the same phrase shared by several events is one; a surname is
    /// its full name).
    pub key: usize,
    pub event: usize,
    pub kind: EvidenceKind,
    pub weight: f64,
    /// Original byte span, ending included ("Koreas").
    pub span: Range<usize>,
}

pub struct Matcher {
    automaton: Option<AhoCorasick>,
    targets: Vec<Vec<Target>>,
}

impl Matcher {
    /// Builds one automaton for all the phrases of all `events`.
    pub fn new(events: &[Event]) -> Matcher {
        let mut builder = PatternSet::default();
        for (index, event) in events.iter().enumerate() {
            for alias in &event.aliases {
                builder.add_phrase(index, EvidenceKind::Alias, alias, ALIAS_WEIGHT, None);
            }
            // One participant of six in a multilateral event says less than the only one.
            let actor_weight = ACTOR_WEIGHT / (event.actors.len().max(1) as f64).sqrt();
            for actor in &event.actors {
                let key = builder.add_phrase(index, EvidenceKind::Actor, actor, actor_weight, None);
                if let (Some(key), Some(surname)) = (key, surname(actor)) {
                    builder.add_phrase(index, EvidenceKind::Actor, surname, actor_weight * SURNAME_SHARE, Some(key));
                }
            }
            let place_weight = PLACE_WEIGHT / (event.places.len().max(1) as f64).sqrt();
            for place in &event.places {
                builder.add_phrase(index, EvidenceKind::Place, place, place_weight, None);
            }
        }
        for (index, words) in title_words(events).into_iter().enumerate() {
            for word in words {
                builder.add_title_word(index, word);
            }
        }
        builder.build()
    }

    /// Every accepted match in the text, in text order.
    pub fn find(&self, normalized: &NormalizedText) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let text = normalized.text.as_str();
        let mut hits = Vec::new();
        for found in automaton.find_overlapping_iter(text) {
            let (start, end) = (found.start(), found.end());
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            let matched = &text[start..end];
            let starts_word = matched.chars().next().is_some_and(char::is_alphanumeric);
            if starts_word && text[..start].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let ends_word = matched.chars().next_back().is_some_and(char::is_alphanumeric);
            let rest_len = if ends_word {
                text[end..].find(|c: char| !c.is_alphanumeric()).unwrap_or(text.len() - end)
            } else {
                0
            };
            let rest = text[end..end + rest_len].to_lowercase();
            let pattern = found.pattern().as_usize();
            for target in &self.targets[pattern] {
                let accepted = match &target.matching {
                    Matching::Phrase { exact } => {
                        matches!(rest.as_str(), "" | "s" | "es") && exact.as_ref().is_none_or(|exact| exact == matched)
                    }
                    Matching::Stem(stem) => accepts_ending(stem, &rest),
                };
                if accepted {
                    hits.push(Hit {
                        key: target.key,
                        event: target.event,
                        kind: target.kind,
                        weight: target.weight,
                        span: normalized.original(start..end + rest_len),
                    });
                }
            }
        }
        hits
    }
}

#[derive(Default)]
struct PatternSet {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
    targets: Vec<Vec<Target>>,
}

impl PatternSet {
    /// Adds a target for `pattern` (keyed by `key`, else by the pattern itself); returns
    /// the pattern's id.
    fn add(&mut self, pattern: String, key: Option<usize>, make: impl FnOnce(usize) -> Target) -> usize {
        let next = self.patterns.len();
        let id = *self.index.entry(pattern.clone()).or_insert(next);
        if id == next {
            self.patterns.push(pattern);
            self.targets.push(Vec::new());
        }
        let target = make(key.unwrap_or(id));
        let targets = &mut self.targets[id];
        // The same phrase listed twice for one event counts once.
        if !targets.iter().any(|existing| existing.event == target.event && existing.kind == target.kind) {
            targets.push(target);
        }
        id
    }

    fn add_phrase(
        &mut self,
        event: usize,
        kind: EvidenceKind,
        phrase: &str,
        weight: f64,
        key: Option<usize>,
    ) -> Option<usize> {
        let phrase = normalize_phrase(phrase);
        if phrase.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return None;
        }
        let exact = is_acronym(&phrase).then(|| phrase.clone());
        let matching = Matching::Phrase { exact };
        Some(self.add(phrase.to_lowercase(), key, |key| Target { key, event, kind, weight, matching }))
    }

    fn add_title_word(&mut self, event: usize, word: TitleWord) {
        let matching = match word.stem {
            Some(stem) => Matching::Stem(stem),
            None => Matching::Phrase { exact: is_acronym(&word.text).then(|| word.text.clone()) },
        };
        let kind = EvidenceKind::Title;
        self.add(word.pattern, None, |key| Target { key, event, kind, weight: TITLE_WEIGHT, matching });
    }

    /// Scales the weight of every phrase and title word by how many events share it (1/sqrt
    /// of the count): an actor listed for four events says less about each of them than one
    /// listed for one, and "Paris" in five titles says little about which of the five.
    fn share_weights(&mut self) {
        // Title words are counted among titles, phrases among the events that list them.
        let share_key = |target: &Target| (target.key, target.kind == EvidenceKind::Title);
        let pairs: std::collections::HashSet<((usize, bool), usize)> =
            self.targets.iter().flatten().map(|target| (share_key(target), target.event)).collect();
        let mut events_per_key: HashMap<(usize, bool), usize> = HashMap::new();
        for (key, _) in pairs {
            *events_per_key.entry(key).or_default() += 1;
        }
        for target in self.targets.iter_mut().flatten() {
            let sharing = events_per_key.get(&share_key(target)).copied().unwrap_or(1).max(1);
            target.weight /= (sharing as f64).sqrt();
        }
    }

    fn build(mut self) -> Matcher {
        self.share_weights();
        let automaton = if self.patterns.is_empty() {
            None
        } else {
            // Patterns are short phrases; building fails only on absurd sizes, and then the
            // text is matched by no phrase rather than crashing.
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&self.patterns)
                .ok()
        };
        Matcher { automaton, targets: self.targets }
    }
}

/// "US", "UK", "EU", "NATO": all capitals, so matched in this exact case.
fn is_acronym(phrase: &str) -> bool {
    let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase()) && !phrase.contains(' ')
}

/// The last word of a person's name ("Putin" for "Vladimir Putin"), when it can stand
/// alone: two or three capitalised words, the last not naming a kind of body.
fn surname(actor: &str) -> Option<&str> {
    let words: Vec<&str> = actor.split_whitespace().collect();
    if !(2..=3).contains(&words.len()) || !words.iter().all(|word| word.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let last = *words.last()?;
    let lower = last.to_lowercase();
    let plain = last.chars().all(char::is_alphabetic) && last.chars().count() >= 4 && !is_acronym(last);
    (plain && !ORGANISATION_WORDS.contains(&lower.as_str()) && !is_stopword(&lower)).then_some(last)
}

/// A title word kept for matching.
#[derive(Debug, Clone)]
struct TitleWord {
    /// As written (for acronyms).
    text: String,
    /// What the automaton looks for: the stem's root, or the word itself.
    pattern: String,
    /// `None` for acronyms and numbers, which match as written.
    stem: Option<Stem>,
}

/// The distinctive words of each event's title: no stopwords, no years (dates do that), no
/// word already among the event's own phrases, and no word shared by so many titles that
/// it tells events apart poorly.
fn title_words(events: &[Event]) -> Vec<Vec<TitleWord>> {
    let per_event: Vec<Vec<TitleWord>> = events.iter().map(event_title_words).collect();
    let mut titles_with: HashMap<&str, usize> = HashMap::new();
    for words in &per_event {
        for word in words {
            *titles_with.entry(word.pattern.as_str()).or_default() += 1;
        }
    }
    let too_common = (events.len() / 20).max(5);
    per_event
        .iter()
        .map(|words| {
            words
                .iter()
                .filter(|word| titles_with.get(word.pattern.as_str()).is_none_or(|&count| count <= too_common))
                .cloned()
                .collect()
        })
        .collect()
}

fn event_title_words(event: &Event) -> Vec<TitleWord> {
    let phrase_words: Vec<String> = event
        .aliases
        .iter()
        .chain(&event.actors)
        .chain(&event.places)
        .flat_map(|phrase| split_words(phrase).map(str::to_lowercase).collect::<Vec<_>>())
        .collect();
    let mut words: Vec<TitleWord> = Vec::new();
    for word in split_words(&event.title) {
        let lower = word.to_lowercase();
        if is_stopword(&lower) || phrase_words.contains(&lower) {
            continue;
        }
        let title_word = if word.chars().all(|c| c.is_ascii_digit()) {
            let looks_like_year = word.len() == 4 && word.starts_with(['1', '2']);
            if word.len() < 2 || looks_like_year {
                continue;
            }
            TitleWord { text: word.to_string(), pattern: lower, stem: None }
        } else if is_acronym(word) && word.chars().count() >= 2 {
            TitleWord { text: word.to_string(), pattern: lower, stem: None }
        } else {
            let stem = stem(&lower);
            if stem.root.chars().count() < 3 || word.chars().count() < 3 {
                continue;
            }
            TitleWord { text: word.to_string(), pattern: stem.root.clone(), stem: Some(stem) }
        };
        if !words.iter().any(|existing| existing.pattern == title_word.pattern) {
            words.push(title_word);
        }
    }
    words
}

/// Words of a title or phrase: runs of letters and digits (hyphens and apostrophes split).
fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty())
}
