//! Events -> passages: phrase matching over all events in one pass, dates, scores and
//! evidence; date checks against the timeline.
//!
//! A sentence mentions an event when the words or dates in it point at the event:
//!
//! - phrases: the event's aliases, actors (and an actor's surname alone, for less) and
//!   places, found case-insensitively at word boundaries with plural endings;
//! - title words: the distinctive words of the event's title, with light stemming, and words
//!   of the same event family ("guilty" for "convicted"), for less;
//! - dates: a date in the sentence whose interval overlaps the event's; the closer the fit,
//!   the more it counts (a day that falls in the event counts fully, "2018" for an event in
//!   2018 counts little, "today" or "on Thursday" at most 0.5).
//!
//! Each distinct hit adds its weight once per sentence; cues that many events share, generic
//! words of news, and phrases found in a large share of the sentences count for less (see
//! `link`). A sentence is linked when its score reaches `min_score` and the evidence has more
//! than a date and more than one title word; an event that a better-supported event of the
//! sentence explains away, or one still to come told in the past, is not linked (see `link`).
//!
//! Date checks (see `check`) compare the date the text names with the event's, but only a
//! date that is the event's own: in the clause holding the event's words, nearest them, not
//! fitting another event with words in the sentence, naming a calendar date, and not dating a
//! statement or bounding a period.

mod check;
mod dated;
mod link;
mod phrases;
mod published;
mod suggest;
mod words;

use std::collections::HashSet;
use std::ops::Range;

use crate::article::Article;
use crate::dates::Date;
use crate::dates::prose::{DateMention, find_dates};
use crate::report::SCHEMA_VERSION;
use crate::report::align::{
    AlignReport, ArticleSummary, CandidateEvent, Conflict, DateCheck, DateMentionRecord, EventLinks, Evidence, Mention,
    NearMiss,
};
use crate::report::timeline::DateRecord;
use crate::timeline::Event;
use check::{DateChecks, SentenceWords, check_dates};
use link::{Candidate, EvidenceKey, Reason, Rejected, hold_upcoming, link_sentences, specificity};

pub use phrases::{ACTOR_WEIGHT, ALIAS_WEIGHT, PLACE_WEIGHT, TITLE_WEIGHT};
pub use published::{HeaderDates, header_dates, reference_date};

/// The score a sentence needs to be linked by default: more than one actor or place alone,
/// as much as two title words, an actor and a place, or a date that falls in the event.
pub const DEFAULT_MIN_SCORE: f64 = 2.0;

/// How `align` decides.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
    /// The score a sentence needs to be linked to an event (`--min-score`).
    pub min_score: f64,
    /// Also report the (event, sentence) pairs that had evidence but were not linked, and why.
    pub explain: bool,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions { min_score: DEFAULT_MIN_SCORE, explain: false }
    }
}

/// A sentence of the article with its place.
#[derive(Debug, Clone)]
struct SentenceRef {
    paragraph: usize,
    sentence: usize,
    span: Range<usize>,
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Links every event to the sentences that mention it, checks the dates, and collects the
/// dates no event accounts for. `reference` resolves dates written without a year.
/// Events come out in chronological order; each event's mentions best first.
pub fn align(article: &Article, events: &[Event], reference: Option<&Date>, options: &AlignOptions) -> AlignReport {
    let sentences = sentence_refs(article);
    // Looked up for every hit: a search in a packed list of starts stays in the cache.
    let starts: Vec<usize> = sentences.iter().map(|sentence| sentence.span.start).collect();
    let sentence_of = |offset: usize| -> Option<usize> {
        let after = starts.partition_point(|&start| start <= offset);
        after.checked_sub(1).filter(|&index| offset < sentences[index].span.end)
    };

    // Building the automaton for the events' phrases and reading the text (normalizing it,
    // finding its dates) are independent, and each is a large part of the work.
    let (matcher, (normalized, dates)) = rayon::join(
        || phrases::Matcher::new(events, options.min_score),
        || rayon::join(|| phrases::NormalizedText::new(&article.source), || find_dates(&article.source, reference)),
    );
    let mut hits: Vec<(usize, phrases::Hit)> = matcher.find(&normalized, &sentence_of);
    drop(normalized);
    // Matches come by end, so nearly by sentence already.
    if !hits.is_sorted_by_key(|(sentence, _)| *sentence) {
        hits.sort_by_key(|(sentence, _)| *sentence);
    }
    let date_mentions: Vec<(DateMention, Option<usize>)> = dates
        .into_iter()
        .map(|mention| {
            let sentence = sentence_of(mention.span.start);
            (mention, sentence)
        })
        .collect();
    let dated = dated::DateEvidence::new(events, &date_mentions);

    // Score the (event, sentence) pairs that can reach the score, sentence by sentence.
    let spread = phrase_spread(&matcher, &hits);
    let specificity = |key: &EvidenceKey| match key {
        EvidenceKey::Pattern(key) => specificity(spread[*key].1.max(1), sentences.len()),
        EvidenceKey::Date(_) => 1.0,
    };
    let (links, mut rejected) =
        link_sentences(&matcher, &hits, &dated.candidates, events.len(), sentences.len(), options, &specificity);
    let sentence_text = |sentence: usize| article.text(&sentences[sentence].span).to_string();
    let (links, held) = hold_upcoming(links, reference, events, &sentence_text);
    if options.explain {
        rejected.extend(held);
    }

    let words = SentenceWords::new(&matcher, &hits, &links, &date_mentions);
    drop(hits);
    let spans: Vec<Range<usize>> = sentences.iter().map(|sentence| sentence.span.clone()).collect();
    let checked = check_dates(&article.source, events, &spans, &date_mentions, &dated.fits, &links, &words);

    let records = Records { source: &article.source, sentences: &sentences, events };
    let (date_records, candidates) = records.dates(&date_mentions, &checked);
    AlignReport {
        schema_version: SCHEMA_VERSION,
        article: ArticleSummary {
            path: article.path.clone(),
            source_format: article.format,
            title: article.meta("title").map(str::to_string),
            published: reference.map(ToString::to_string),
            modified: header_dates(article).modified.map(|date| date.to_string()),
            paragraphs: article.paragraphs.len(),
        },
        events: records.events(&links, &checked),
        date_mentions: date_records,
        conflicts: records.conflicts(&date_mentions, &checked),
        unlinked_paragraphs: unlinked_paragraphs(article, &sentences, &links),
        candidates,
        near_misses: records.near_misses(rejected, options.min_score),
    }
}

fn sentence_refs(article: &Article) -> Vec<SentenceRef> {
    article
        .paragraphs
        .iter()
        .flat_map(|paragraph| {
            paragraph.sentences.iter().map(|sentence| SentenceRef {
                paragraph: paragraph.number,
                sentence: sentence.number,
                span: sentence.span.clone(),
            })
        })
        .collect()
}

/// Per phrase key: (the last sentence it was found in, how many sentences it was found in).
fn phrase_spread(matcher: &phrases::Matcher, hits: &[(usize, phrases::Hit)]) -> Vec<(usize, usize)> {
    let mut spread: Vec<(usize, usize)> = vec![(usize::MAX, 0); matcher.key_count()];
    for (sentence, hit) in hits {
        let entry = &mut spread[matcher.group(hit.group).key];
        if entry.0 != *sentence {
            *entry = (*sentence, entry.1 + 1);
        }
    }
    spread
}

fn unlinked_paragraphs(article: &Article, sentences: &[SentenceRef], links: &[link::Link]) -> Vec<usize> {
    let linked: HashSet<usize> = links.iter().map(|link| sentences[link.sentence].paragraph).collect();
    article.paragraphs.iter().map(|paragraph| paragraph.number).filter(|number| !linked.contains(number)).collect()
}

/// Turns the analysis into the report's records: text and places from the article, ids from
/// the timeline.
struct Records<'a> {
    source: &'a str,
    sentences: &'a [SentenceRef],
    events: &'a [Event],
}

impl Records<'_> {
    fn text(&self, span: &Range<usize>) -> String {
        self.source.get(span.clone()).unwrap_or_default().to_string()
    }

    fn evidence(&self, evidence: &[Candidate]) -> Vec<Evidence> {
        evidence
            .iter()
            .map(|evidence| Evidence {
                kind: evidence.kind,
                text: self.text(&evidence.span),
                start: evidence.span.start,
                end: evidence.span.end,
                score: round(evidence.weight),
            })
            .collect()
    }

    /// Every event in chronological order with its mentions, best first, and its date check.
    fn events(&self, links: &[link::Link], checked: &DateChecks) -> Vec<EventLinks> {
        let events = self.events;
        let mut per_event: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
        for (index, link) in links.iter().enumerate() {
            per_event[link.event].push(index);
        }
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by(|&a, &b| {
            events[a].date.chronological_cmp(&events[b].date).then_with(|| events[a].id.cmp(&events[b].id))
        });
        order
            .into_iter()
            .map(|event| {
                let mut passages = std::mem::take(&mut per_event[event]);
                passages.sort_by(|&a, &b| {
                    links[b].score.total_cmp(&links[a].score).then(links[a].sentence.cmp(&links[b].sentence))
                });
                let has = |check: check::PassageCheck| passages.iter().any(|&index| checked.checks[index] == check);
                let date_check = if passages.is_empty() {
                    DateCheck::NotMentioned
                } else if has(check::PassageCheck::Conflict) {
                    DateCheck::Conflict
                } else if has(check::PassageCheck::Consistent) {
                    DateCheck::Consistent
                } else {
                    DateCheck::NoDateInText
                };
                let mentions = passages
                    .iter()
                    .map(|&index| {
                        let link = &links[index];
                        let sentence = &self.sentences[link.sentence];
                        Mention {
                            paragraph: sentence.paragraph,
                            sentence: sentence.sentence,
                            start: sentence.span.start,
                            end: sentence.span.end,
                            text: self.text(&sentence.span),
                            score: round(link.score),
                            evidence: self.evidence(&link.evidence),
                        }
                    })
                    .collect();
                EventLinks {
                    id: events[event].id.clone(),
                    title: events[event].title.clone(),
                    date: DateRecord::from(&events[event].date),
                    mentions,
                    date_check,
                }
            })
            .collect()
    }

    /// Every date of the text with the events it serves, and those no event accounts for as
    /// candidate events.
    fn dates(
        &self,
        date_mentions: &[(DateMention, Option<usize>)],
        checked: &DateChecks,
    ) -> (Vec<DateMentionRecord>, Vec<CandidateEvent>) {
        let mut records = Vec::new();
        let mut candidates = Vec::new();
        let mut taken_ids = suggest::TakenIds::default();
        let mut gist: Option<(usize, suggest::SentenceGist)> = None;
        for (index, (mention, sentence_index)) in date_mentions.iter().enumerate() {
            let Some(sentence_index) = *sentence_index else { continue };
            let sentence = &self.sentences[sentence_index];
            let mut ids: Vec<String> =
                checked.mention_events[index].iter().map(|&event| self.events[event].id.clone()).collect();
            ids.dedup();
            if ids.is_empty()
                && let Some(date) = &mention.date
            {
                if gist.as_ref().is_none_or(|(of, _)| *of != sentence_index) {
                    gist = Some((sentence_index, suggest::SentenceGist::new(self.source, sentence)));
                }
                if let Some((_, gist)) = &gist {
                    candidates.push(suggest::candidate(self.source, sentence, gist, mention, date, &mut taken_ids));
                }
            }
            records.push(DateMentionRecord {
                paragraph: sentence.paragraph,
                sentence: sentence.sentence,
                start: mention.span.start,
                end: mention.span.end,
                text: self.text(&mention.span),
                date: mention.date.as_ref().map(DateRecord::from),
                named: mention.anchor.as_ref().map(DateRecord::from),
                relation: mention.relation.clone(),
                unresolved: mention.unresolved.map(|reason| reason.to_string()),
                events: ids,
            });
        }
        (records, candidates)
    }

    fn conflicts(&self, date_mentions: &[(DateMention, Option<usize>)], checked: &DateChecks) -> Vec<Conflict> {
        checked
            .conflicts
            .iter()
            .filter_map(|conflict| {
                let mention = &date_mentions[conflict.date].0;
                let anchor = mention.anchor.as_ref()?;
                let sentence = &self.sentences[conflict.sentence];
                let event = &self.events[conflict.event];
                Some(Conflict {
                    event: event.id.clone(),
                    paragraph: sentence.paragraph,
                    sentence: sentence.sentence,
                    text: self.text(&mention.span),
                    text_date: DateRecord::from(anchor),
                    timeline_date: DateRecord::from(&event.date),
                    days_apart: anchor.days_apart(&event.date),
                    tied_to: self.text(&conflict.cue),
                })
            })
            .collect()
    }

    /// The pairs that fell short, in the events' order, each with why.
    fn near_misses(&self, mut rejected: Vec<Rejected>, min_score: f64) -> Vec<NearMiss> {
        let events = self.events;
        rejected.sort_by(|a, b| {
            events[a.link.event]
                .date
                .chronological_cmp(&events[b.link.event].date)
                .then_with(|| events[a.link.event].id.cmp(&events[b.link.event].id))
                .then(a.link.sentence.cmp(&b.link.sentence))
        });
        rejected
            .iter()
            .map(|Rejected { link, reason }| {
                let sentence = &self.sentences[link.sentence];
                NearMiss {
                    event: events[link.event].id.clone(),
                    paragraph: sentence.paragraph,
                    sentence: sentence.sentence,
                    text: self.text(&sentence.span),
                    score: round(link.score),
                    evidence: self.evidence(&link.evidence),
                    reason: match reason {
                        Reason::BelowScore => format!("score {:.2} below {:.2}", link.score, min_score),
                        Reason::OneTitleWord => "a single title word never links".to_string(),
                        Reason::DateAlone => "a date alone never links".to_string(),
                        Reason::NotYet => {
                            "the event is after the publication date and the sentence does not look ahead".to_string()
                        }
                        Reason::ExplainedBy(other) => {
                            format!("its evidence is all {}'s, which has more", events[*other].id)
                        }
                    },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, Sentence, SourceFormat};
    use crate::report::align::EvidenceKind;

    /// An article cut at line ends (paragraphs) and after ". " (sentences), enough for
    /// these tests without the real loader.
    fn article(text: &str) -> Article {
        let mut paragraphs = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end();
            if !body.is_empty() {
                let mut sentences = Vec::new();
                let mut start = 0;
                for (at, _) in body.match_indices(". ") {
                    sentences.push(Sentence { number: sentences.len() + 1, span: offset + start..offset + at + 1 });
                    start = at + 2;
                }
                sentences.push(Sentence { number: sentences.len() + 1, span: offset + start..offset + body.len() });
                let number = paragraphs.len() + 1;
                paragraphs.push(Paragraph { number, span: offset..offset + body.len(), sentences });
            }
            offset += line.len();
        }
        Article {
            path: "test.txt".into(),
            source: text.into(),
            metadata: Vec::new(),
            paragraphs,
            format: SourceFormat::Text,
            notes: Vec::new(),
        }
    }

    fn event(id: &str, title: &str, date: &str) -> Event {
        Event::new(id, title, Date::parse(date).expect("a valid date"))
    }

    fn with(mut event: Event, aliases: &[&str], actors: &[&str], places: &[&str]) -> Event {
        let owned = |items: &[&str]| items.iter().map(|item| item.to_string()).collect();
        event.aliases = owned(aliases);
        event.actors = owned(actors);
        event.places = owned(places);
        event
    }

    fn run(text: &str, events: &[Event], reference: Option<&str>) -> AlignReport {
        let reference = reference.map(|text| Date::parse(text).expect("a valid reference"));
        align(&article(text), events, reference.as_ref(), &AlignOptions::default())
    }

    fn linked<'a>(report: &'a AlignReport, id: &str) -> &'a EventLinks {
        report.events.iter().find(|event| event.id == id).expect("the event is in the report")
    }

    const SAMPLE: &str = "Since 1992 when the former Soviet Union was dissolved, China and Russia have moved closer. \
        They are partners.\nOn April 4-5, Chinese FM Wang Yi\u{2019}s visited Moscow as the special envoy. \
        Beijing and Moscow agree.\nIn terms of the scheduled summit between the two Koreas, China hopes.\n";

    fn sample_events() -> Vec<Event> {
        vec![
            with(
                event("soviet-dissolution", "Dissolution of the Soviet Union", "1991-12-26"),
                &[],
                &["Mikhail Gorbachev"],
                &["Moscow"],
            ),
            with(
                event("wang-yi-visit", "Wang Yi visits Moscow", "2018-04-04/2018-04-05"),
                &[],
                &["Wang Yi", "Sergey Lavrov"],
                &["Moscow"],
            ),
            with(event("summit", "Inter-Korean summit", "2018-04-27"), &[], &["Moon Jae-in"], &["Korea"]),
            with(
                event("skripal", "Poisoning of Sergei Skripal", "2018-03-04"),
                &[],
                &["Sergei Skripal"],
                &["Salisbury"],
            ),
        ]
    }

    #[test]
    fn the_1992_error_is_a_conflict() {
        let report = run(SAMPLE, &sample_events(), Some("2018-04-10"));
        let dissolution = linked(&report, "soviet-dissolution");
        assert_eq!(dissolution.date_check, DateCheck::Conflict);
        assert_eq!((dissolution.mentions[0].paragraph, dissolution.mentions[0].sentence), (1, 1));
        let conflict =
            report.conflicts.iter().find(|conflict| conflict.event == "soviet-dissolution").expect("a conflict");
        assert_eq!(conflict.text, "Since 1992");
        assert_eq!(conflict.text_date.text, "1992");
        assert_eq!(conflict.timeline_date.text, "1991-12-26");
        assert_eq!(conflict.days_apart, 6);
    }

    #[test]
    fn a_visit_is_linked_by_actor_place_and_date_with_evidence() {
        let report = run(SAMPLE, &sample_events(), Some("2018-04-10"));
        let visit = linked(&report, "wang-yi-visit");
        assert_eq!(visit.date_check, DateCheck::Consistent);
        assert_eq!(visit.mentions.len(), 1, "Beijing and Moscow alone is not the visit: {:?}", visit.mentions);
        let mention = &visit.mentions[0];
        assert_eq!((mention.paragraph, mention.sentence), (2, 1));
        let kinds: Vec<(EvidenceKind, &str)> =
            mention.evidence.iter().map(|evidence| (evidence.kind, evidence.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (EvidenceKind::Date, "April 4-5"),
                (EvidenceKind::Actor, "Wang Yi"),
                (EvidenceKind::Title, "visited"),
                (EvidenceKind::Place, "Moscow")
            ]
        );
        for evidence in &mention.evidence {
            assert_eq!(&SAMPLE[evidence.start..evidence.end], evidence.text);
        }
        let date = report.date_mentions.iter().find(|date| date.text == "April 4-5").expect("the date");
        assert_eq!(date.date.as_ref().map(|date| date.text.as_str()), Some("2018-04-04/2018-04-05"));
        assert_eq!(date.events, ["wang-yi-visit"]);
    }

    #[test]
    fn plural_places_and_unmentioned_events() {
        let report = run(SAMPLE, &sample_events(), Some("2018-04-10"));
        let summit = linked(&report, "summit");
        assert_eq!(summit.mentions.len(), 1);
        assert!(summit.mentions[0].evidence.iter().any(|evidence| evidence.text == "Koreas"));
        assert_eq!(summit.date_check, DateCheck::NoDateInText);
        assert_eq!(linked(&report, "skripal").date_check, DateCheck::NotMentioned);
        // Chronological order.
        let ids: Vec<&str> = report.events.iter().map(|event| event.id.as_str()).collect();
        assert_eq!(ids, ["soviet-dissolution", "skripal", "wang-yi-visit", "summit"]);
    }

    #[test]
    fn without_a_reference_the_visit_date_is_unresolved_but_the_visit_still_links() {
        let report = run(SAMPLE, &sample_events(), None);
        let date = report.date_mentions.iter().find(|date| date.text == "April 4-5").expect("the date");
        assert!(date.date.is_none());
        assert_eq!(date.unresolved.as_deref(), Some("no year in the text and no reference date"));
        let visit = linked(&report, "wang-yi-visit");
        assert_eq!(visit.mentions.len(), 1);
        assert_eq!(visit.date_check, DateCheck::NoDateInText);
    }

    #[test]
    fn one_title_word_never_links_and_a_lone_actor_is_not_enough() {
        let events = [with(event("e", "Crimea annexation referendum", "2014-03-16"), &[], &["Vladimir Putin"], &[])];
        let report = run("The referendum was odd. Putin spoke. A referendum on annexation of Crimea.\n", &events, None);
        let mentions = &linked(&report, "e").mentions;
        assert_eq!(mentions.len(), 1, "{mentions:?}");
        assert_eq!(mentions[0].sentence, 3);
    }

    #[test]
    fn acronyms_match_in_their_own_case() {
        let events = [with(event("e", "Tariffs", "2018-03-08"), &["US tariffs"], &["US"], &[])];
        let report = run("Let us talk. Then US tariffs came.\n", &events, None);
        let mentions = &linked(&report, "e").mentions;
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].sentence, 2);
    }

    #[test]
    fn dates_no_event_explains_become_candidates() {
        let report = run(SAMPLE, &sample_events()[1..], Some("2018-04-10"));
        assert_eq!(report.candidates.len(), 1, "{:?}", report.candidates);
        let candidate = &report.candidates[0];
        assert_eq!(candidate.date, "1992");
        assert_eq!(candidate.id, "1992-former-soviet-union-dissolved");
        assert!(candidate.title.starts_with("Since 1992 when the former Soviet Union"));
    }

    #[test]
    fn a_date_another_linked_event_explains_is_no_conflict() {
        let events = [
            with(event("poisoning", "Skripal poisoning", "2018-03-04"), &[], &["Sergei Skripal"], &["Salisbury"]),
            with(event("expulsion", "UK expels Russian diplomats", "2018-03-14"), &[], &["Theresa May"], &[]),
        ];
        let text =
            "After Sergei Skripal was poisoned in Salisbury on 4 March 2018, Theresa May expelled Russian diplomats.\n";
        let report = run(text, &events, None);
        assert_eq!(linked(&report, "poisoning").date_check, DateCheck::Consistent);
        assert_eq!(linked(&report, "expulsion").date_check, DateCheck::NoDateInText);
        assert!(report.conflicts.is_empty());
    }

    #[test]
    fn a_conflict_names_the_words_that_tie_the_date_to_the_event() {
        let report = run(SAMPLE, &sample_events(), Some("2018-04-10"));
        let conflict = &report.conflicts[0];
        assert_eq!((conflict.event.as_str(), conflict.tied_to.as_str()), ("soviet-dissolution", "Soviet Union"));
    }

    #[test]
    fn a_date_in_another_events_clause_is_no_conflict() {
        let events =
            [with(event("expulsion", "Britain expels Russian diplomats", "2018-03-14"), &[], &["Theresa May"], &[])];
        let text = "Theresa May expelled 23 Russian diplomats, four years after Russia annexed Crimea in 2014.\n";
        let report = run(text, &events, Some("2018-03-20"));
        assert_eq!(linked(&report, "expulsion").mentions.len(), 1);
        assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
        // In its own clause, the same year is an error worth showing.
        let report = run("Theresa May expelled 23 Russian diplomats in 2014.\n", &events, Some("2018-03-20"));
        assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    }

    #[test]
    fn the_date_of_a_statement_and_a_weekday_are_no_conflict() {
        let events =
            [with(event("expulsion", "Britain expels Russian diplomats", "2018-03-14"), &[], &["Theresa May"], &[])];
        for text in [
            "Theresa May said on 29 March that she had expelled 23 Russian diplomats.\n",
            "Theresa May on Thursday defended expelling 23 Russian diplomats.\n",
            "Theresa May expelled 23 Russian diplomats three weeks ago.\n",
        ] {
            let report = run(text, &events, Some("2018-04-06"));
            assert_eq!(linked(&report, "expulsion").mentions.len(), 1, "{text}");
            assert!(report.conflicts.is_empty(), "{text}: {:?}", report.conflicts);
        }
    }

    #[test]
    fn an_alias_that_is_also_a_title_word_counts_as_an_alias() {
        let hack = with(event("hack", "SolarWinds Orion hack disclosed", "2020-12-13"), &["SolarWinds"], &[], &[]);
        let report = run("Russia is accountable for its activities, such as the SolarWinds incident.\n", &[hack], None);
        let mention = &linked(&report, "hack").mentions[0];
        let kinds: Vec<EvidenceKind> = mention.evidence.iter().map(|evidence| evidence.kind).collect();
        assert_eq!(kinds, [EvidenceKind::Alias]);
    }

    #[test]
    fn a_name_after_a_preposition_is_no_title_phrase() {
        let order = event("order", "Biden signs executive order on Russia's harmful activities", "2021-04-15");
        let report = run("The administration is imposing costs on Russia.\n", std::slice::from_ref(&order), None);
        assert!(linked(&report, "order").mentions.is_empty(), "{:?}", linked(&report, "order").mentions);
        let treaty = event("treaty", "Treaty enters into force", "2021-04-15");
        let report = run("The treaty came into force.\n", &[order, treaty], None);
        assert_eq!(linked(&report, "treaty").mentions.len(), 1);
    }

    #[test]
    fn a_count_the_title_spells_out_is_found_spelled_or_in_digits() {
        let expelled =
            with(event("expelled", "Ten Russian embassy staff ordered out", "2021-04-15"), &[], &[], &["Washington"]);
        for (text, count) in [
            ("The United States is expelling ten personnel of the Russian mission in Washington.\n", "ten"),
            ("The United States is expelling 10 personnel of the Russian mission in Washington.\n", "10"),
        ] {
            let report = run(text, std::slice::from_ref(&expelled), None);
            let mention = &linked(&report, "expelled").mentions[0];
            let evidence = mention.evidence.iter().find(|evidence| evidence.text == count).expect("the count");
            assert_eq!((evidence.kind, evidence.score), (EvidenceKind::Title, 0.5), "{text}");
        }
    }

    #[test]
    fn a_name_is_found_in_another_spelling_but_not_in_another_form() {
        let massacre = event("massacre", "Refugees killed at Gikomero parish compound", "1994-04-12");
        let report = run("Soldiers helped to kill Tutsis in Gikombero Parish.\n", &[massacre], None);
        let mention = &linked(&report, "massacre").mentions[0];
        assert!(mention.evidence.iter().any(|evidence| evidence.text == "Gikombero"), "{:?}", mention.evidence);

        let offensive = with(
            event("offensive", "Forces drive militants from Mogadishu", "2011-08-06"),
            &[],
            &[],
            &["Somalia", "Prussia"],
        );
        let report = run("Somali forces drove the militants from Mogadishu, Russia said.\n", &[offensive], None);
        let mention = &linked(&report, "offensive").mentions[0];
        let texts: Vec<&str> = mention.evidence.iter().map(|evidence| evidence.text.as_str()).collect();
        assert!(!texts.contains(&"Somali") && !texts.contains(&"Russia"), "{texts:?}");
    }

    #[test]
    fn a_bound_or_a_deadline_is_no_conflict_but_a_date_is() {
        let events =
            [with(event("expulsion", "Britain expels Russian diplomats", "2018-03-14"), &[], &["Theresa May"], &[])];
        for text in [
            "Theresa May had expelled Russian diplomats as recently as 2016.\n",
            "Theresa May expelled Russian diplomats by 2019, officials said.\n",
            "Theresa May expelled Russian diplomats no later than 2019.\n",
            "As of 2019, Theresa May had expelled Russian diplomats.\n",
        ] {
            let report = run(text, &events, Some("2019-04-06"));
            assert_eq!(linked(&report, "expulsion").mentions.len(), 1, "{text}");
            assert!(report.conflicts.is_empty(), "{text}: {:?}", report.conflicts);
        }
        let report = run("Theresa May expelled Russian diplomats in 2016.\n", &events, Some("2019-04-06"));
        assert_eq!(report.conflicts.len(), 1);
    }

    #[test]
    fn a_date_is_charged_only_to_the_event_whose_words_are_nearest() {
        let events = [
            with(event("poisoning", "Skripal poisoning", "2018-03-04"), &[], &["Sergei Skripal"], &["Salisbury"]),
            with(event("expulsion", "UK expels Russian diplomats", "2018-03-14"), &[], &["Theresa May"], &[]),
        ];
        // The poisoning's date is wrong here (3 March); the expulsion is not charged with it.
        let text =
            "Sergei Skripal was poisoned in Salisbury on 3 March 2018 and Theresa May expelled Russian diplomats.\n";
        let report = run(text, &events, None);
        let charged: Vec<&str> = report.conflicts.iter().map(|conflict| conflict.event.as_str()).collect();
        assert_eq!(charged, ["poisoning"]);
        assert_eq!(linked(&report, "expulsion").date_check, DateCheck::NoDateInText);
    }

    #[test]
    fn a_date_alone_never_links_and_an_upcoming_event_needs_a_sentence_that_looks_ahead() {
        let events = [
            with(event("truce", "Tariff truce takes effect", "2025-05-14"), &[], &["Scott Bessent"], &["Geneva"]),
            with(event("expiry", "Tariff truce expires", "2025-08-12"), &[], &["Scott Bessent"], &["Geneva"]),
        ];
        let text = "The parties act by May 14, 2025.\nScott Bessent met in Geneva when the tariff truce expires.\n\
            Scott Bessent said in Geneva that the tariff truce expires in August.\n";
        let explain = AlignOptions { explain: true, ..AlignOptions::default() };
        let report = align(&article(text), &events, Date::parse("2025-05-12").ok().as_ref(), &explain);
        assert!(linked(&report, "truce").mentions.is_empty(), "{:?}", linked(&report, "truce").mentions);
        assert_eq!(linked(&report, "expiry").mentions.len(), 0, "{:?}", linked(&report, "expiry").mentions);
        let reasons: Vec<(&str, usize, &str)> =
            report.near_misses.iter().map(|miss| (miss.event.as_str(), miss.paragraph, miss.reason.as_str())).collect();
        assert!(reasons.contains(&("truce", 1, "a date alone never links")), "{reasons:?}");
        assert!(
            reasons.contains(&(
                "expiry",
                3,
                "the event is after the publication date and the sentence does not look ahead"
            )),
            "{reasons:?}"
        );
        // The same words looking ahead link.
        let report = run(
            "Scott Bessent said in Geneva that the tariff truce will expire in August.\n",
            &events,
            Some("2025-05-12"),
        );
        assert_eq!(linked(&report, "expiry").mentions.len(), 1);
    }

    #[test]
    fn words_a_better_supported_event_has_too_are_explained_away() {
        let events = [
            with(
                event("jakarta", "Harris attends ASEAN-US summit in Jakarta", "2023-09-05"),
                &[],
                &["Kamala Harris"],
                &["Jakarta"],
            ),
            with(
                event("phnom-penh", "Biden at ASEAN-US summit in Phnom Penh", "2022-11-12"),
                &[],
                &["Joe Biden"],
                &["Phnom Penh"],
            ),
        ];
        let text = "Kamala Harris will travel to Jakarta to attend the ASEAN-US summit.\n";
        let explain = AlignOptions { explain: true, ..AlignOptions::default() };
        let report = align(&article(text), &events, Date::parse("2023-08-22").ok().as_ref(), &explain);
        assert_eq!(linked(&report, "jakarta").mentions.len(), 1);
        assert!(linked(&report, "phnom-penh").mentions.is_empty());
        assert_eq!(report.near_misses[0].reason, "its evidence is all jakarta's, which has more");
    }

    #[test]
    fn a_person_only_one_event_lists_links_alone() {
        let events = [
            with(event("sentence", "Court sentences Ntaganda", "2019-11-07"), &[], &["Bosco Ntaganda"], &[]),
            with(event("surrender", "Ntaganda surrenders in Kigali", "2013-03-18"), &[], &["Bosco Ntaganda"], &[]),
            with(event("ruling", "Appeals chamber ruling", "2021-03-30"), &[], &["Robert Fremr"], &[]),
        ];
        let report = run("Robert Fremr read out the decision.\nBosco Ntaganda listened.\n", &events, None);
        assert_eq!(linked(&report, "ruling").mentions.len(), 1);
        // Listed for two events, a name alone says which of them it is no more than a country.
        assert!(linked(&report, "sentence").mentions.is_empty() && linked(&report, "surrender").mentions.is_empty());
    }

    #[test]
    fn paragraphs_without_events_are_listed() {
        let report = run("Nothing here.\nWang Yi visited Moscow.\n", &sample_events(), None);
        assert_eq!(report.unlinked_paragraphs, [1]);
    }

    #[test]
    fn a_definite_reference_links_only_after_the_event_is_mentioned() {
        let events = [with(event("e", "US announces withdrawal", "2017-06-01"), &[], &["Donald Trump"], &[])];
        let text = "Critics will challenge the withdrawal.\nDonald Trump announced a withdrawal on 1 June 2017.\n\
            Groups will challenge the withdrawal. The Withdrawal Party met. A withdrawal is rare.\n";
        let report = run(text, &events, None);
        let places: Vec<(usize, usize)> =
            linked(&report, "e").mentions.iter().map(|mention| (mention.paragraph, mention.sentence)).collect();
        // Not before the first mention, not a capitalised name, not without "the".
        assert_eq!(places, [(2, 1), (3, 1)]);
        let reference = &linked(&report, "e").mentions[1].evidence[0];
        assert_eq!((reference.kind, reference.text.as_str()), (EvidenceKind::Reference, "withdrawal"));
    }

    #[test]
    fn consecutive_title_words_count_more_than_scattered_ones() {
        // "agreement" is in two titles, so it and one more word fall short, unless in order.
        let events = [
            event("e", "Paris Agreement enters into force", "2016-11-04"),
            event("a", "Paris Agreement adopted", "2015"),
        ];
        let text = "The agreement came into force. The agreement has force.\n";
        let report = run(text, &events, None);
        let mentions = &linked(&report, "e").mentions;
        assert_eq!(mentions.len(), 1, "{mentions:?}");
        assert_eq!(mentions[0].sentence, 1);
        // Overlapping title phrases count their shared word once.
        let events = [event("d", "Deferred prosecution agreement", "2021-01-07")];
        let report = run("A deferred prosecution agreement.\n", &events, None);
        let mention = &linked(&report, "d").mentions[0];
        assert_eq!(mention.score, 4.0, "{mention:?}");
    }

    #[test]
    fn offsets_map_back_through_collapsed_whitespace_and_apostrophes() {
        let source = "Wang\r\n\r\nYi\u{2019}s  visit";
        let normalized = phrases::NormalizedText::new(source);
        assert_eq!(normalized.text, "Wang Yi's visit");
        let at = normalized.text.find("visit").expect("found");
        assert_eq!(&source[normalized.original(at..at + 5)], "visit");
        assert_eq!(&source[normalized.original(0..7)], "Wang\r\n\r\nYi");
        assert_eq!(&source[normalized.original(5..9)], "Yi\u{2019}s");
    }

    #[test]
    fn empty_inputs_give_an_empty_report() {
        let report = run("", &[], None);
        assert!(report.events.is_empty() && report.date_mentions.is_empty());
        let report = run("Some text.\n", &[event("e", "", "2018")], None);
        assert_eq!(report.events[0].date_check, DateCheck::NotMentioned);
    }
}
