//! Scoring (event, sentence) pairs and deciding which are links: the evidence each pair has,
//! what it weighs, and the rules that keep weak or borrowed evidence from linking.

use std::ops::Range;

use super::dated::DATE_OVERLAP_WEIGHT;
use super::{AlignOptions, phrases};
use crate::dates::Date;
use crate::report::align::EvidenceKind;

/// The share of `min_score` that the best-supported event of a sentence needs, when it has two
/// pieces of evidence besides dates.
const BEST_SHARE: f64 = 0.9;

/// Where a piece of evidence came from: a phrase pattern, or a date (by its first and last
/// day, so that "2025" written three times in a sentence counts once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum EvidenceKey {
    Pattern(usize),
    Date((i64, i64)),
}

pub(super) fn day_numbers(date: &Date) -> (i64, i64) {
    let number = |day: Option<chrono::NaiveDate>| {
        day.map_or(i64::MIN, |day| i64::from(chrono::Datelike::num_days_from_ce(&day)))
    };
    (number(date.first_day()), number(date.last_day()))
}

#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub key: EvidenceKey,
    pub kind: EvidenceKind,
    pub span: Range<usize>,
    pub weight: f64,
    /// Title words it stands for (see `phrases::Target::words`).
    pub words: u8,
}

/// A scored (event, sentence) pair.
#[derive(Debug, Clone)]
pub(super) struct Link {
    pub event: usize,
    pub sentence: usize,
    pub score: f64,
    /// One entry per distinct phrase or date, in text order, weights already scaled.
    pub evidence: Vec<Candidate>,
}

impl Link {
    /// Distinct pieces of evidence other than dates.
    fn pieces(&self) -> usize {
        self.evidence.iter().filter(|evidence| evidence.kind != EvidenceKind::Date).count()
    }

    /// Why this pair is not linked, or `None` when it is.
    fn why_not(&self, min_score: f64) -> Option<Reason> {
        let strong = self.evidence.iter().any(|evidence| evidence.kind != EvidenceKind::Title);
        let title_words: usize = self
            .evidence
            .iter()
            .filter(|evidence| evidence.kind == EvidenceKind::Title)
            .map(|evidence| usize::from(evidence.words))
            .sum();
        if self.evidence.iter().all(|evidence| evidence.kind == EvidenceKind::Date) {
            Some(Reason::DateAlone)
        } else if !strong && title_words < 2 {
            Some(Reason::OneTitleWord)
        } else if self.score < min_score {
            Some(Reason::BelowScore)
        } else {
            None
        }
    }

    pub(super) fn is_reference(&self) -> bool {
        matches!(self.evidence.as_slice(), [only] if only.kind == EvidenceKind::Reference)
    }
}

/// Links in sentence order. A pair is scored only when it has two pieces of evidence, or one
/// that can reach the score alone: most matches of common names and title words in a long
/// text are alone in their sentence and are dropped after a count, without collecting them.
///
/// A sentence that is linked to nothing by its own words can still refer to an event
/// mentioned earlier, with a definite noun phrase made of a word of that event's title and
/// no other ("the withdrawal", "the airlift"): the earlier mention counts as the second
/// piece of evidence.
pub(super) fn link_sentences(
    matcher: &phrases::Matcher,
    hits: &[(usize, phrases::Hit)],
    date_candidates: &[(usize, usize, Candidate)],
    event_count: usize,
    sentence_count: usize,
    options: &AlignOptions,
    specificity: &dyn Fn(&EvidenceKey) -> f64,
) -> (Vec<Link>, Vec<Rejected>) {
    let mut links = Vec::new();
    let mut rejected = Vec::new();
    // Pairs with this much evidence are scored: two pieces (or one that can link alone), or
    // any piece when rejections are explained.
    let scored_from = if options.explain { 1 } else { 2 };
    // Per event: evidence seen in the current sentence (2 for a piece that can link alone).
    let mut counts = vec![0u8; event_count];
    let mut touched: Vec<usize> = Vec::new();
    let mut mentioned = vec![false; event_count];
    let mut pairs: Vec<(usize, Candidate)> = Vec::new();
    let (mut next_hit, mut next_date) = (0, 0);
    for sentence in 0..sentence_count {
        let hits_end = next_hit + hits[next_hit..].partition_point(|(at, _)| *at <= sentence);
        let dates_end = next_date + date_candidates[next_date..].partition_point(|(at, _, _)| *at <= sentence);
        let sentence_hits = &hits[next_hit..hits_end];
        let sentence_dates = &date_candidates[next_date..dates_end];
        (next_hit, next_date) = (hits_end, dates_end);
        if sentence_hits.is_empty() && sentence_dates.is_empty() {
            continue;
        }
        let mut bump = |event: usize, alone: bool| {
            if counts[event] == 0 {
                touched.push(event);
            }
            counts[event] = counts[event].saturating_add(if alone { 2 } else { 1 });
        };
        for (_, hit) in sentence_hits {
            for target in &matcher.group(hit.group).targets {
                bump(target.event, target.alone);
            }
        }
        for (_, event, candidate) in sentence_dates {
            bump(*event, candidate.weight >= options.min_score);
        }

        let first_link = links.len();
        if touched.iter().any(|&event| counts[event] >= scored_from) {
            pairs.clear();
            for (_, hit) in sentence_hits {
                let group = matcher.group(hit.group);
                for target in group.targets.iter().filter(|target| counts[target.event] >= scored_from) {
                    let candidate = Candidate {
                        key: EvidenceKey::Pattern(group.key),
                        kind: target.kind,
                        span: hit.span.clone(),
                        weight: target.weight,
                        words: target.words,
                    };
                    pairs.push((target.event, candidate));
                }
            }
            for (_, event, candidate) in sentence_dates {
                if counts[*event] >= scored_from {
                    pairs.push((*event, candidate.clone()));
                }
            }
            pairs.sort_by_key(|(event, _)| *event);
            let mut scored: Vec<Link> = Vec::new();
            let candidates: Vec<Link> = pairs
                .chunk_by(|a, b| a.0 == b.0)
                .map(|group| {
                    let candidates = group.iter().map(|(_, candidate)| candidate.clone()).collect();
                    score(group[0].0, sentence, candidates, specificity)
                })
                .collect();
            let best = candidates.iter().map(|link| link.score).fold(0.0, f64::max);
            for link in candidates {
                // The sentence's clearly best event needs a little less: nothing else there
                // competes for its words.
                let needed = if link.score >= best && link.pieces() >= 2 {
                    BEST_SHARE * options.min_score
                } else {
                    options.min_score
                };
                match link.why_not(needed) {
                    None => scored.push(link),
                    // Near misses only: half the score, or all of it but a single title word.
                    Some(reason) if options.explain && link.score >= options.min_score / 2.0 => {
                        rejected.push(Rejected { link, reason });
                    }
                    Some(_) => {}
                }
            }
            let (kept, explained) = explain_away(scored);
            links.extend(kept);
            if options.explain {
                rejected.extend(explained);
            }
        }
        for (_, hit) in sentence_hits.iter().filter(|(_, hit)| hit.definite) {
            let group = matcher.group(hit.group);
            let (Some(event), Some(target)) = (group.referent, group.targets.first()) else { continue };
            let linked_here = links[first_link..].iter().any(|link| link.event == event);
            let weight = 2.0 * target.weight * specificity(&EvidenceKey::Pattern(group.key));
            if mentioned[event] && !linked_here && weight >= options.min_score {
                let evidence = Candidate {
                    key: EvidenceKey::Pattern(group.key),
                    kind: EvidenceKind::Reference,
                    span: hit.span.clone(),
                    weight,
                    words: 0,
                };
                links.push(Link { event, sentence, score: weight, evidence: vec![evidence] });
            }
        }
        for link in &links[first_link..] {
            mentioned[link.event] = true;
        }
        for event in touched.drain(..) {
            counts[event] = 0;
        }
    }
    (links, rejected)
}

/// Keeps the sentence's best-supported event and every other event with evidence of its own
/// (a word, or a date that falls in it) or an alias (the analyst's word that the phrase names
/// the event): words shared with the best one are explained by it. "Harris will travel to Jakarta to attend
/// the ASEAN-US Summit" names the Jakarta summit; the earlier ASEAN-US summits share only
/// "ASEAN-US Summit" with it and are not mentioned.
/// How much less evidence than the best event of its sentence an event must have for that
/// best event to explain its words away.
const CLEARLY_LESS: f64 = 0.6;

fn explain_away(links: Vec<Link>) -> (Vec<Link>, Vec<Rejected>) {
    let Some(best) = links.iter().max_by(|a, b| a.score.total_cmp(&b.score)) else { return (links, Vec::new()) };
    let best_spans: Vec<Range<usize>> = best.evidence.iter().map(|evidence| evidence.span.clone()).collect();
    let (best_event, best_score) = (best.event, best.score);
    let has_own_evidence = |link: &Link| {
        link.evidence
            .iter()
            .filter(|evidence| {
                !best_spans.iter().any(|span| span.start < evidence.span.end && evidence.span.start < span.end)
            })
            .any(|evidence| evidence.kind != EvidenceKind::Date || evidence.weight >= DATE_OVERLAP_WEIGHT)
    };
    let (kept, explained): (Vec<Link>, Vec<Link>) = links.into_iter().partition(|link| {
        link.event == best_event
            || link.score >= CLEARLY_LESS * best_score
            || link.evidence.iter().any(|evidence| evidence.kind == EvidenceKind::Alias)
            || has_own_evidence(link)
    });
    let rejected =
        explained.into_iter().map(|link| Rejected { link, reason: Reason::ExplainedBy(best_event) }).collect();
    (kept, rejected)
}

/// A pair with evidence that was not linked, and why.
#[derive(Debug, Clone)]
pub(super) struct Rejected {
    pub link: Link,
    pub reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    BelowScore,
    /// A single title word never links.
    OneTitleWord,
    /// A date alone never links: many events share a day.
    DateAlone,
    /// The event is after the publication date and the sentence does not look ahead.
    NotYet,
    /// Everything it has, this other event of the sentence has too, and more.
    ExplainedBy(usize),
}

/// Keeps one piece of evidence per distinct phrase or date (the first), drops evidence
/// inside a longer piece for the same event ("Korea" inside "North Korea"), and adds up.
fn score(
    event: usize,
    sentence: usize,
    mut candidates: Vec<Candidate>,
    specificity: &dyn Fn(&EvidenceKey) -> f64,
) -> Link {
    // The same words read two ways (an alias that is also a title word) count once, at their
    // strongest reading.
    candidates.sort_by(|a, b| {
        a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)).then(b.weight.total_cmp(&a.weight))
    });
    let mut evidence: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        let repeated = evidence.iter().any(|kept| kept.key == candidate.key);
        let inside =
            evidence.iter().any(|kept| kept.span.start <= candidate.span.start && candidate.span.end <= kept.span.end);
        // Title phrases that share a word ("deferred prosecution", "prosecution agreement")
        // count that word once: the later one adds only its other word.
        let overlapping_title = candidate.kind == EvidenceKind::Title
            && evidence.iter().any(|kept| kept.kind == EvidenceKind::Title && candidate.span.start < kept.span.end);
        if overlapping_title && candidate.words >= 2 {
            let unit = candidate.weight / f64::from(candidate.words + 1);
            let weight = unit * f64::from(candidate.words - 1) * specificity(&candidate.key);
            evidence.push(Candidate { weight, words: candidate.words - 1, ..candidate });
            continue;
        }
        if repeated || inside || overlapping_title {
            continue;
        }
        let weight = candidate.weight * specificity(&candidate.key);
        evidence.push(Candidate { weight, ..candidate });
    }
    let score = evidence.iter().map(|evidence| evidence.weight).sum();
    Link { event, sentence, score, evidence }
}

/// 1 for phrases in at most three sentences in ten, falling to 0.5 for those in eight in ten or
/// more: "China" in an article about China says little about which event is meant. Texts of
/// fewer than ten sentences are too short to tell.
pub(super) fn specificity(sentences_with: usize, sentences: usize) -> f64 {
    if sentences < 10 {
        return 1.0;
    }
    let share = sentences_with as f64 / sentences as f64;
    (1.3 - share).clamp(0.5, 1.0)
}

/// Words that put a sentence in the future or in the possible: "will", "can", "is expected to",
/// "scheduled", "next", "until".
const FUTURE_WORDS: &[&str] = &[
    "will",
    "shall",
    "would",
    "can",
    "could",
    "may",
    "might",
    "until",
    "scheduled",
    "expected",
    "expects",
    "plans",
    "planned",
    "planning",
    "upcoming",
    "forthcoming",
    "next",
    "due",
    "later",
    "coming",
    "set",
    "intends",
    "aims",
    "hopes",
    "hope",
    "to",
];

/// Whether a sentence speaks of what is still to come. "to" counts only as "is to" or "are to".
fn looks_ahead(sentence: &str) -> bool {
    let words: Vec<String> =
        sentence.split(|c: char| !c.is_alphanumeric() && c != '\'').map(str::to_lowercase).collect();
    words.iter().enumerate().any(|(at, word)| {
        if word == "to" {
            return at > 0 && matches!(words[at - 1].as_str(), "is" | "are" | "was" | "were");
        }
        FUTURE_WORDS.contains(&word.as_str()) || word.ends_with("'ll")
    })
}

/// Moves the links to events after the publication date out of sentences that tell what
/// happened: such a sentence cannot be about an event still to come, unless an alias names it.
pub(super) fn hold_upcoming(
    links: Vec<Link>,
    published: Option<&Date>,
    events: &[crate::timeline::Event],
    sentence_text: &dyn Fn(usize) -> String,
) -> (Vec<Link>, Vec<Rejected>) {
    let published_last_day = published.and_then(Date::last_day);
    let (kept, held): (Vec<Link>, Vec<Link>) = links.into_iter().partition(|link| {
        let upcoming = published_last_day
            .zip(events[link.event].date.first_day())
            .is_some_and(|(published, first)| first > published);
        !upcoming
            || link.evidence.iter().any(|evidence| evidence.kind == EvidenceKind::Alias)
            || looks_ahead(&sentence_text(link.sentence))
    });
    (kept, held.into_iter().map(|link| Rejected { link, reason: Reason::NotYet }).collect())
}
