//! Every phrase of every event (aliases, actors, places, title words) in one Aho-Corasick
//! automaton, run once over the text.
//!
//! The automaton runs over a normalized copy of the text (runs of whitespace become one
//! space, curly apostrophes straight ones) so "Prince\r\nAndrew" and "Wang Yi’s" match;
//! every match is mapped back to byte offsets in the original. The automaton is only ASCII
//! case-insensitive and knows nothing of words, so each match is checked here: a word
//! boundary before it, an allowed ending after it ("Koreas" for "Korea", "visited" for the
//! title word "visits"), and the exact case for acronyms ("US" must not find "us").

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::words::{Stem, accepts_ending, event_synonyms, is_generic, is_stopword, stem};
use crate::report::align::EvidenceKind;
use crate::timeline::Event;

/// An alias of the event: one distinct hit of each kind adds its weight to a sentence's score.
pub const ALIAS_WEIGHT: f64 = 3.0;
/// An actor named in full (shared among the event's actors).
pub const ACTOR_WEIGHT: f64 = 1.5;
/// A place of the event (shared among its places).
pub const PLACE_WEIGHT: f64 = 1.0;
/// One distinctive word of the event's title.
pub const TITLE_WEIGHT: f64 = 1.0;
/// A surname alone ("Putin" for the actor "Vladimir Putin") counts for less than the name.
const SURNAME_SHARE: f64 = 0.6;
/// A word of the same family as a title word ("guilty" for "convicted") counts for less than
/// the title's own word.
const SYNONYM_SHARE: f64 = 0.7;
/// A generic word of news in a title ("killed", "soldiers", "court") counts for half.
const GENERIC_SHARE: f64 = 0.5;

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
    /// (normalized offset, original offset) wherever the distance between the two changes
    /// (a collapsed run of whitespace, a curly apostrophe made straight), sorted; between two
    /// anchors both move together. Far smaller than one entry per byte.
    anchors: Vec<(usize, usize)>,
}

impl NormalizedText {
    pub fn new(source: &str) -> NormalizedText {
        let mut text = String::with_capacity(source.len());
        let mut anchors = vec![(0, 0)];
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
            Self::anchor(&mut anchors, text.len(), at);
            text.push(replacement);
        }
        Self::anchor(&mut anchors, text.len(), source.len());
        NormalizedText { text, anchors }
    }

    fn anchor(anchors: &mut Vec<(usize, usize)>, normalized: usize, original: usize) {
        let &(last_normalized, last_original) = anchors.last().unwrap_or(&(0, 0));
        if original - last_original != normalized - last_normalized {
            anchors.push((normalized, original));
        }
    }

    /// The original offset of a normalized offset on a character boundary.
    pub fn original_offset(&self, at: usize) -> usize {
        let after = self.anchors.partition_point(|&(normalized, _)| normalized <= at);
        let (normalized, original) = self.anchors[after.saturating_sub(1)];
        original + (at - normalized)
    }

    /// The original span of a normalized span (both on character boundaries).
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        self.original_offset(span.start)..self.original_offset(span.end)
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

/// How a match must look to count.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Matching {
    /// A phrase: plural endings allowed; `exact` when it must match in this exact case.
    Phrase { exact: Option<String> },
    /// A title word: any inflection of the stem.
    Stem(Stem),
}

/// One event a group of matches counts for.
#[derive(Debug, Clone)]
pub struct Target {
    pub event: usize,
    pub kind: EvidenceKind,
    pub weight: f64,
    /// Title words this stands for: 1 for a title word, 1 or 2 for a title phrase ("into
    /// force", "trade friction"), 0 for other phrases.
    pub words: u8,
    /// Whether this alone can reach `min_score` (an alias; two title words as a phrase).
    pub alone: bool,
    /// A person named in full (not a surname alone), and, once weights are shared, one whom no
    /// other event lists.
    distinctive: bool,
}

/// The targets of one pattern that share how a match must look and the phrase they stand
/// for (the full name for a surname, so that "Vladimir Putin ... Putin" counts once).
#[derive(Debug, Clone)]
pub struct Group {
    pub key: usize,
    matching: Matching,
    pub targets: Vec<Target>,
    /// The one event whose title alone has this word, when a definite reference to it ("the
    /// withdrawal") can point at that event.
    pub referent: Option<usize>,
}

/// One accepted match of a group.
#[derive(Debug, Clone)]
pub struct Hit {
    pub group: u32,
    /// Original byte span, ending included ("Koreas").
    pub span: Range<usize>,
    /// Preceded by "the", "this", "that", "these" or "those" and written in lowercase: a
    /// common noun used to refer back ("the withdrawal").
    pub definite: bool,
}

/// Longest ending a match may carry and still be accepted ("ying", a doubled consonant and
/// "ing"): anything longer is another word.
const MAX_ENDING: usize = 8;

/// Below this many bytes a stretch of text is searched on one core: splitting it costs more
/// than it saves.
const MIN_STRETCH: usize = 256 * 1024;

pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// Groups of each pattern.
    pattern_groups: Vec<Vec<u32>>,
    groups: Vec<Group>,
    spellings: Spellings,
}

impl Matcher {
    /// Builds one automaton for all the phrases of all `events`; `min_score` tells which
    /// targets can link a sentence alone.
    pub fn new(events: &[Event], min_score: f64) -> Matcher {
        let mut builder = PatternSet::default();
        for (index, event) in events.iter().enumerate() {
            for alias in &event.aliases {
                builder.add_phrase(index, EvidenceKind::Alias, alias, ALIAS_WEIGHT, None);
            }
            // One participant of six in a multilateral event says less than the only one.
            let actor_weight = ACTOR_WEIGHT / (event.actors.len().max(1) as f64).sqrt();
            for actor in &event.actors {
                let key = builder.add_phrase(index, EvidenceKind::Actor, actor, actor_weight, None);
                if let Some(key) = key
                    && surname(actor).is_some()
                {
                    builder.mark_person(key, index);
                }
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
        builder.build(min_score)
    }

    pub fn group(&self, group: u32) -> &Group {
        &self.groups[group as usize]
    }

    /// How many distinct keys groups can have (keys are below this).
    pub fn key_count(&self) -> usize {
        self.pattern_groups.len()
    }

    /// Every accepted match in the text that starts in a sentence, with that sentence
    /// (`sentence_of` an original offset), in text order by end (as one pass of the automaton
    /// reports them). A long text is searched in stretches on every core.
    ///
    /// Names are also found spelled with one letter more, less or other, as transliterations
    /// vary ("Jannale" for "Janaale", "Gikombero" for "Gikomero"); those hits come last.
    pub fn find(&self, normalized: &NormalizedText, sentence_of: &SentenceOf<'_>) -> Vec<(usize, Hit)> {
        let length = normalized.text.len();
        let stretches = (length / MIN_STRETCH).clamp(1, rayon::current_num_threads().max(1));
        let cuts: Vec<usize> = (0..=stretches).map(|index| index * length / stretches).collect();
        let mut hits = self.find_between(normalized, sentence_of, &cuts);
        let variants = self.spellings.find(normalized, sentence_of, &hits);
        hits.extend(variants);
        hits
    }

    /// `find`, with the text cut into stretches at `cuts` (ascending, from 0 to the length;
    /// moved forward to character boundaries).
    fn find_between(
        &self,
        normalized: &NormalizedText,
        sentence_of: &SentenceOf<'_>,
        cuts: &[usize],
    ) -> Vec<(usize, Hit)> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let text = normalized.text.as_str();
        // Patterns are lowercase: matching a lowercase copy spares the automaton the
        // case-insensitive transitions that double its build time. ASCII lowercasing keeps
        // every offset.
        let lowercase = text.to_ascii_lowercase();
        let mut cuts = cuts.to_vec();
        for cut in &mut cuts {
            while !text.is_char_boundary(*cut) {
                *cut += 1;
            }
        }
        let found: Vec<Vec<Found>> = cuts
            .par_windows(2)
            .map(|cut| self.find_starting_in(automaton, normalized, &lowercase, sentence_of, cut[0]..cut[1]))
            .collect();
        merge_by_end(found)
    }

    /// The accepted matches that start in `starts` (normalized offsets) and in a sentence.
    fn find_starting_in(
        &self,
        automaton: &AhoCorasick,
        normalized: &NormalizedText,
        lowercase: &str,
        sentence_of: &SentenceOf<'_>,
        starts: Range<usize>,
    ) -> Vec<Found> {
        let text = normalized.text.as_str();
        let bytes = text.as_bytes();
        // A match starting in `starts` ends at most the longest pattern later.
        let mut end = (starts.end + automaton.max_pattern_len()).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let mut hits = Vec::new();
        for found in automaton.find_overlapping_iter(&lowercase[starts.start..end]) {
            let (start, end) = (starts.start + found.start(), starts.start + found.end());
            if start >= starts.end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
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
            if rest_len > MAX_ENDING {
                continue;
            }
            // The ending in lowercase, without allocating: whole characters, at most 8 bytes.
            let mut ending = [0u8; MAX_ENDING];
            for (slot, byte) in ending.iter_mut().zip(&bytes[end..end + rest_len]) {
                *slot = byte.to_ascii_lowercase();
            }
            let rest = std::str::from_utf8(&ending[..rest_len]).unwrap_or("\u{0}");
            let mut span = None;
            for &group in &self.pattern_groups[found.pattern().as_usize()] {
                let accepted = match &self.groups[group as usize].matching {
                    Matching::Phrase { exact } => {
                        matches!(rest, "" | "s" | "es") && exact.as_ref().is_none_or(|exact| exact == matched)
                    }
                    Matching::Stem(stem) => accepts_ending(stem, rest),
                };
                if accepted {
                    let span = span.get_or_insert_with(|| normalized.original(start..end + rest_len)).clone();
                    let Some(sentence) = sentence_of(span.start) else { continue };
                    let definite = self.groups[group as usize].referent.is_some()
                        && !matched.chars().any(char::is_uppercase)
                        && after_determiner(&text[..start]);
                    hits.push(Found { end, sentence, hit: Hit { group, span, definite } });
                }
            }
        }
        hits
    }
}

/// The sentence holding an original offset, if any.
pub type SentenceOf<'a> = dyn Fn(usize) -> Option<usize> + Sync + 'a;

/// A hit, with where the automaton's match ends (normalized offset) and its sentence.
struct Found {
    end: usize,
    sentence: usize,
    hit: Hit,
}

/// The stretches' hits as one pass gives them: by end, and on a tie the earlier stretch first
/// (its match is the longer, which one pass reports first). Each stretch is in order already.
fn merge_by_end(stretches: Vec<Vec<Found>>) -> Vec<(usize, Hit)> {
    let total = stretches.iter().map(Vec::len).sum();
    let mut lists: Vec<std::vec::IntoIter<Found>> = stretches.into_iter().map(Vec::into_iter).collect();
    let mut heads: Vec<Option<Found>> = lists.iter_mut().map(Iterator::next).collect();
    let mut hits = Vec::with_capacity(total);
    // `min_by_key` keeps the first of equal keys: the earlier stretch.
    while let Some(index) = (0..heads.len())
        .filter(|&index| heads[index].is_some())
        .min_by_key(|&index| heads[index].as_ref().map(|found| found.end))
    {
        let next = lists[index].next();
        if let Some(found) = std::mem::replace(&mut heads[index], next) {
            hits.push((found.sentence, found.hit));
        }
    }
    hits
}

/// Whether `before` ends with a determiner and a space: "... the ", "This ".
fn after_determiner(before: &str) -> bool {
    let Some(before) = before.strip_suffix(' ') else { return false };
    let word_start =
        before.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(at, c)| at + c.len_utf8());
    let word = &before[word_start..];
    ["the", "this", "that", "these", "those"].iter().any(|determiner| word.eq_ignore_ascii_case(determiner))
}

#[derive(Default)]
struct PatternSet {
    patterns: Vec<String>,
    index: FxHashMap<String, usize>,
    pattern_groups: Vec<Vec<u32>>,
    groups: Vec<Group>,
    spellings: Spellings,
}

impl PatternSet {
    /// Adds a target for `pattern` (keyed by `key`, else by the pattern itself); returns
    /// the pattern's id.
    fn add(&mut self, pattern: String, key: Option<usize>, matching: Matching, target: Target) -> (usize, u32) {
        let next = self.patterns.len();
        let id = *self.index.entry(pattern.clone()).or_insert(next);
        if id == next {
            self.patterns.push(pattern);
            self.pattern_groups.push(Vec::new());
        }
        let key = key.unwrap_or(id);
        let existing = self.pattern_groups[id]
            .iter()
            .copied()
            .find(|&group| self.groups[group as usize].key == key && self.groups[group as usize].matching == matching);
        let group = match existing {
            Some(group) => group,
            None => {
                let group = self.groups.len() as u32;
                self.groups.push(Group { key, matching, targets: Vec::new(), referent: None });
                self.pattern_groups[id].push(group);
                group
            }
        };
        let targets = &mut self.groups[group as usize].targets;
        // The same phrase listed twice for one event counts once. Events are added in order, so
        // an earlier target of this event is among the last ones: a phrase that ten thousand
        // events share costs no search through the others.
        let listed = targets
            .iter()
            .rev()
            .take_while(|existing| existing.event == target.event)
            .any(|existing| existing.kind == target.kind);
        if !listed {
            targets.push(target);
        }
        (id, group)
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
        let target = Target { event, kind, weight, words: 0, alone: false, distinctive: false };
        let (id, group) = self.add(phrase.to_lowercase(), key, Matching::Phrase { exact }, target);
        self.spellings.add(&phrase, group);
        Some(id)
    }

    /// Marks the full-name target of `event` under pattern `key` as a person's.
    fn mark_person(&mut self, key: usize, event: usize) {
        for &group in &self.pattern_groups[key] {
            let group = &mut self.groups[group as usize];
            if group.key == key {
                for target in group.targets.iter_mut().filter(|target| target.event == event) {
                    target.distinctive = true;
                }
            }
        }
    }

    fn add_title_word(&mut self, event: usize, word: TitleWord) {
        let matching = match word.stem {
            Some(stem) => Matching::Stem(stem),
            None => Matching::Phrase { exact: is_acronym(&word.text).then(|| word.text.clone()) },
        };
        // A title phrase counts its words and one more for their order.
        let weight = TITLE_WEIGHT * (f64::from(word.words) + f64::from(u8::from(word.phrase))) * word.share;
        let target =
            Target { event, kind: EvidenceKind::Title, weight, words: word.words, alone: false, distinctive: false };
        let key = word.stands_for.as_ref().and_then(|pattern| self.index.get(pattern).copied());
        let (_, group) = self.add(word.pattern, key, matching, target);
        // A name inside the title ("AU pulls out of Janaale"); its first word is capitalized
        // whatever it is.
        if word.stands_for.is_none() && !word.first {
            self.spellings.add(&word.text, group);
        }
    }

    /// Scales the weight of every phrase and title word by how many events share it (1/sqrt
    /// of the count): an actor listed for four events says less about each of them than one
    /// listed for one, and "Paris" in five titles says little about which of the five.
    fn share_weights(&mut self) {
        // Title words are counted among titles, phrases among the events that list them.
        let share_key = |key: usize, target: &Target| (key, target.kind == EvidenceKind::Title);
        let pairs: FxHashSet<((usize, bool), usize)> = self
            .groups
            .iter()
            .flat_map(|group| group.targets.iter().map(move |target| (share_key(group.key, target), target.event)))
            .collect();
        let mut events_per_key: FxHashMap<(usize, bool), usize> = FxHashMap::default();
        for (key, _) in pairs {
            *events_per_key.entry(key).or_default() += 1;
        }
        for group in &mut self.groups {
            let key = group.key;
            for target in &mut group.targets {
                let sharing = events_per_key.get(&share_key(key, target)).copied().unwrap_or(1).max(1);
                target.weight /= (sharing as f64).sqrt();
                // A person listed by one event only names that event.
                target.distinctive &= sharing == 1;
            }
            // A single-word title match whose word is in this one title can be referred to.
            if let [target] = group.targets.as_slice()
                && target.kind == EvidenceKind::Title
                && target.words == 1
                && matches!(group.matching, Matching::Stem(_))
                && events_per_key.get(&share_key(key, target)) == Some(&1)
            {
                group.referent = Some(target.event);
            }
        }
    }

    fn build(mut self, min_score: f64) -> Matcher {
        self.share_weights();
        for target in self.groups.iter_mut().flat_map(|group| group.targets.iter_mut()) {
            // A person named in full whom no other event lists links alone.
            if target.distinctive {
                target.weight = target.weight.max(min_score);
            }
            target.alone = target.weight >= min_score && (target.kind != EvidenceKind::Title || target.words >= 2);
        }
        let automaton = if self.patterns.is_empty() {
            None
        } else {
            // Patterns are short phrases; building fails only on absurd sizes, and then the
            // text is matched by no phrase rather than crashing.
            AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&self.patterns).ok()
        };
        Matcher { automaton, pattern_groups: self.pattern_groups, groups: self.groups, spellings: self.spellings }
    }
}

/// Names (capitalized single words of six letters or more) and their groups, indexed for
/// finding a word of the text one edit away from a name: each name is filed under itself and
/// under every spelling with one letter deleted, and a word of the text is looked up the same
/// way (a symmetric-delete index: linear in the text, no comparison with every name).
#[derive(Default)]
struct Spellings {
    names: Vec<(String, u32)>,
    index: FxHashMap<String, Vec<u32>>,
}

/// Shorter names differ from other words by one letter too often ("Iran", "Iraq").
const MIN_VARIANT_CHARS: usize = 6;

impl Spellings {
    fn add(&mut self, name: &str, group: u32) {
        let is_name = name.chars().next().is_some_and(char::is_uppercase)
            && name.chars().all(char::is_alphabetic)
            && name.chars().count() >= MIN_VARIANT_CHARS;
        if !is_name {
            return;
        }
        let lower = name.to_lowercase();
        if self.names.iter().rev().take(8).any(|(known, known_group)| *known == lower && *known_group == group) {
            return;
        }
        let at = self.names.len() as u32;
        for key in with_one_deleted(&lower).chain(std::iter::once(lower.clone())) {
            let entry = self.index.entry(key).or_default();
            if entry.last() != Some(&at) {
                entry.push(at);
            }
        }
        self.names.push((lower, group));
    }

    /// Hits for the capitalized words of the text that no exact hit covers and that are one
    /// edit from a name with the same first letter.
    fn find(
        &self,
        normalized: &NormalizedText,
        sentence_of: &SentenceOf<'_>,
        exact: &[(usize, Hit)],
    ) -> Vec<(usize, Hit)> {
        if self.names.is_empty() {
            return Vec::new();
        }
        let mut covered: Vec<usize> = exact.iter().map(|(_, hit)| hit.span.start).collect();
        covered.sort_unstable();
        let text = normalized.text.as_str();
        let mut hits = Vec::new();
        let mut candidates: Vec<u32> = Vec::new();
        for (start, word) in capitalized_words(text) {
            if word.chars().count() < MIN_VARIANT_CHARS {
                continue;
            }
            let span = normalized.original(start..start + word.len());
            if covered.binary_search(&span.start).is_ok() {
                continue;
            }
            let lower = word.to_lowercase();
            candidates.clear();
            for key in with_one_deleted(&lower).chain(std::iter::once(lower.clone())) {
                if let Some(names) = self.index.get(&key) {
                    candidates.extend(names);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for &candidate in &candidates {
                let (name, group) = &self.names[candidate as usize];
                let same_initial = name.chars().next() == lower.chars().next();
                // A letter more or less at the end is another form of the name, not another
                // spelling: "Somali" is of Somalia, "Russian" of Russia.
                let other_form = name.starts_with(&lower) || lower.starts_with(name.as_str());
                if same_initial && !other_form && strsim::levenshtein(name, &lower) == 1 {
                    let Some(sentence) = sentence_of(span.start) else { continue };
                    hits.push((sentence, Hit { group: *group, span: span.clone(), definite: false }));
                }
            }
        }
        hits
    }
}

/// Every spelling of `word` with one character deleted.
fn with_one_deleted(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(at, c)| {
        let mut shorter = String::with_capacity(word.len());
        shorter.push_str(&word[..at]);
        shorter.push_str(&word[at + c.len_utf8()..]);
        shorter
    })
}

/// The words of a text (runs of letters) that begin with a capital, with their offsets.
fn capitalized_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        loop {
            let offset = text[rest..].find(char::is_alphabetic)?;
            let start = rest + offset;
            let end = text[start..].find(|c: char| !c.is_alphabetic()).map_or(text.len(), |length| start + length);
            rest = end;
            // A word glued to digits or marks ("A1b2") is no name.
            let glued = text[end..].chars().next().is_some_and(char::is_alphanumeric)
                || text[..start].chars().next_back().is_some_and(char::is_alphanumeric);
            let word = &text[start..end];
            if !glued && word.chars().next().is_some_and(char::is_uppercase) {
                return Some((start, word));
            }
        }
    })
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

/// A title word or phrase kept for matching.
#[derive(Debug, Clone)]
struct TitleWord {
    /// As written (for acronyms).
    text: String,
    /// What the automaton looks for: the stem's root, the word itself, or the phrase.
    pattern: String,
    /// `None` for acronyms, numbers and phrases, which match as written.
    stem: Option<Stem>,
    /// Distinctive title words it stands for.
    words: u8,
    /// Two consecutive words of the title ("trade friction", "into force").
    phrase: bool,
    /// What a match counts for against the title's own word: 1, `GENERIC_SHARE` for a generic
    /// word of news, `SYNONYM_SHARE` for a word of the same family.
    share: f64,
    /// For a word of the same family, the pattern of the title word it stands for: both count
    /// once in a sentence ("the meeting" and "the summit" for "talks").
    stands_for: Option<String>,
    /// The title's first word.
    first: bool,
}

impl TitleWord {
    /// A number or an acronym of the title, matched as written and counted fully.
    fn as_written(word: &str, lower: &str) -> Self {
        TitleWord {
            text: word.to_string(),
            pattern: lower.to_string(),
            stem: None,
            words: 1,
            phrase: false,
            share: 1.0,
            stands_for: None,
            first: false,
        }
    }
}

/// The distinctive words of each event's title: no stopwords, no years (dates do that), no
/// word of the event's actors or places, and no word shared by so many titles that it tells
/// events apart poorly; then each pair of consecutive title words with at least one
/// distinctive word, which in that order says more than the words apart ("came into force"
/// for "enters into force").
fn title_words(events: &[Event]) -> Vec<Vec<TitleWord>> {
    let per_event: Vec<Vec<TitleWord>> = events.iter().map(event_title_words).collect();
    let mut titles_with: FxHashMap<&str, usize> = FxHashMap::default();
    // Words some title has as its own: "summit" in a title names that summit, and is then no
    // stand-in for another event's "talks".
    let mut literal: FxHashSet<&str> = FxHashSet::default();
    for words in &per_event {
        for word in words {
            *titles_with.entry(word.pattern.as_str()).or_default() += 1;
            if word.stands_for.is_none() {
                literal.insert(word.pattern.as_str());
            }
        }
    }
    let too_common = (events.len() / 20).max(5);
    per_event
        .iter()
        .map(|words| {
            words
                .iter()
                .filter(|word| titles_with.get(word.pattern.as_str()).is_none_or(|&count| count <= too_common))
                .filter(|word| word.stands_for.is_none() || !literal.contains(word.pattern.as_str()))
                .cloned()
                .collect()
        })
        .collect()
}

fn event_title_words(event: &Event) -> Vec<TitleWord> {
    // Alias words stay: "the airlift" refers to the alias "Berlin Airlift" (the alias
    // itself, found whole, covers its words so they do not count twice).
    let phrase_words: Vec<String> = event
        .actors
        .iter()
        .chain(&event.places)
        .flat_map(|phrase| split_words(phrase).map(str::to_lowercase).collect::<Vec<_>>())
        .collect();
    let mut words: Vec<TitleWord> = Vec::new();
    let mut synonyms: Vec<(&'static str, String)> = Vec::new();
    // The previous token, its separator to this one, and whether it was distinctive.
    let mut previous: Option<(&str, bool)> = None;
    for (at, (word, separator)) in title_tokens(&event.title).into_iter().enumerate() {
        let lower = word.to_lowercase();
        if let Some(digits) = spelled_count(&lower) {
            // A count the title spells out ("Ten Russian embassy staff") says something, but
            // many sentences hold a count: half a word, as spelled or in digits, never a phrase.
            for pattern in [lower.as_str(), digits] {
                let mut count = TitleWord::as_written(word, pattern);
                count.share = GENERIC_SHARE;
                count.stands_for = (pattern == digits).then(|| lower.clone());
                if !words.iter().any(|existing| existing.pattern == count.pattern) {
                    words.push(count);
                }
            }
            previous = None;
            continue;
        }
        let distinctive = if is_stopword(&lower) || phrase_words.contains(&lower) {
            None
        } else if word.chars().all(|c| c.is_ascii_digit()) {
            let looks_like_year = word.len() == 4 && word.starts_with(['1', '2']);
            (word.len() >= 2 && !looks_like_year).then(|| TitleWord::as_written(word, &lower))
        } else if is_acronym(word) && word.chars().count() >= 2 {
            Some(TitleWord::as_written(word, &lower))
        } else {
            let stem = stem(&lower);
            (stem.root.chars().count() >= 3 && word.chars().count() >= 3).then(|| TitleWord {
                text: word.to_string(),
                pattern: stem.root.clone(),
                stem: Some(stem),
                words: 1,
                phrase: false,
                share: if is_generic(&lower) { GENERIC_SHARE } else { 1.0 },
                stands_for: None,
                first: at == 0,
            })
        };
        // Pairs with a stopword or another distinctive word; not with an actor's or place's
        // word, which already counts on its own, nor with an article, which says nothing
        // about the phrase ("the 737" is no more than "737").
        let article = matches!(lower.as_str(), "a" | "an" | "the");
        let pairable = distinctive.is_some() || (is_stopword(&lower) && !article);
        // A name after a preposition ("on Russia", "to Canadian") is the name and nothing more:
        // news puts every preposition before it. A word that is no name makes a phrase with its
        // particle ("into force", "pulls out").
        let name_after_stopword = previous.is_some_and(|(_, before_distinctive)| !before_distinctive)
            && word.chars().next().is_some_and(char::is_uppercase);
        if let Some((before, before_distinctive)) = previous
            && let Some(separator) = separator
            && pairable
            && (before_distinctive || distinctive.is_some())
            && !name_after_stopword
        {
            let text = format!("{before}{separator}{word}");
            let count = u8::from(before_distinctive) + u8::from(distinctive.is_some());
            let pattern = normalize_phrase(&text).to_lowercase();
            if !words.iter().any(|existing| existing.pattern == pattern) {
                words.push(TitleWord {
                    text,
                    pattern,
                    stem: None,
                    words: count,
                    phrase: true,
                    share: 1.0,
                    stands_for: None,
                    first: false,
                });
            }
        }
        previous = pairable.then_some((word, distinctive.is_some()));
        if let Some(title_word) = distinctive
            && !words.iter().any(|existing| existing.pattern == title_word.pattern)
        {
            synonyms.extend(event_synonyms(&lower).into_iter().map(|synonym| (synonym, title_word.pattern.clone())));
            words.push(title_word);
        }
    }
    for (synonym, stands_for) in synonyms {
        let stem = stem(synonym);
        if !words.iter().any(|existing| existing.pattern == stem.root) {
            words.push(TitleWord {
                text: synonym.to_string(),
                pattern: stem.root.clone(),
                stem: Some(stem),
                words: 1,
                phrase: false,
                share: SYNONYM_SHARE,
                stands_for: Some(stands_for),
                first: false,
            });
        }
    }
    words
}

/// The digits of a count from three to twelve spelled out; "one" and "two" are in too many
/// sentences to say anything.
fn spelled_count(word: &str) -> Option<&'static str> {
    const COUNTS: [(&str, &str); 10] = [
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("ten", "10"),
        ("eleven", "11"),
        ("twelve", "12"),
    ];
    COUNTS.iter().find(|(name, _)| *name == word).map(|(_, digits)| *digits)
}

/// Words of a title (runs of letters and digits) with the separator that joins each to the
/// one before when it is a single space or hyphen, so the pair can be found as written.
fn title_tokens(title: &str) -> Vec<(&str, Option<char>)> {
    let mut tokens = Vec::new();
    let mut previous_end: Option<usize> = None;
    let mut at = 0;
    while let Some(offset) = title[at..].find(char::is_alphanumeric) {
        let start = at + offset;
        let end = title[start..].find(|c: char| !c.is_alphanumeric()).map_or(title.len(), |length| start + length);
        let separator = previous_end.and_then(|previous| match &title[previous..start] {
            " " => Some(' '),
            "-" => Some('-'),
            _ => None,
        });
        tokens.push((&title[start..end], separator));
        previous_end = Some(end);
        at = end;
    }
    tokens
}

/// Words of a title or phrase: runs of letters and digits (hyphens and apostrophes split).
fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::timeline::Timeline;

    #[test]
    #[ignore = "slow in a debug build: .ci/run runs it in release"]
    fn a_text_searched_in_stretches_gives_the_hits_of_one_pass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let timeline = Timeline::load(&root.join("timeline.yaml")).expect("the sample timeline loads");
        let article = std::fs::read_to_string(root.join("samples/china-russia-2018.txt")).expect("the sample reads");
        // Curly quotes, so that cuts fall inside characters too.
        let text = format!("“Moscow’s” {article}\n‘the summit’ Wang Yi");
        let normalized = NormalizedText::new(&text);
        let matcher = Matcher::new(&timeline.events, 2.0);
        let shape = |hits: Vec<(usize, Hit)>| -> Vec<(usize, u32, Range<usize>, bool)> {
            hits.into_iter().map(|(sentence, hit)| (sentence, hit.group, hit.span, hit.definite)).collect()
        };
        // Sentences of a hundred bytes, the first hundred bytes in none.
        let sentence_of = |offset: usize| offset.checked_sub(100).map(|offset| offset / 100);
        let length = normalized.text.len();
        let one_pass = shape(matcher.find_between(&normalized, &sentence_of, &[0, length]));
        assert!(one_pass.len() > 50, "{}", one_pass.len());
        // Every place for one cut (so some cut through a match, inside a character, or where
        // a match that crosses the cut ends after one that starts there), and a few cuts at once.
        for cut in 0..=length {
            assert_eq!(
                shape(matcher.find_between(&normalized, &sentence_of, &[0, cut, length])),
                one_pass,
                "cut at {cut}"
            );
        }
        let many: Vec<usize> = (0..=9).map(|index| index * length / 9).collect();
        assert_eq!(shape(matcher.find_between(&normalized, &sentence_of, &many)), one_pass);
    }

    #[test]
    fn a_determiner_after_a_curly_quote_is_found_on_a_char_boundary() {
        // War and Peace (2600-0.txt) has “the before a matched word: the quote is 3 bytes.
        assert!(after_determiner("he said “the "));
        assert!(after_determiner("“This "));
        assert!(!after_determiner("“ "));
    }
}
