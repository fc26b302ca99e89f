//! Events -> passages: phrase matching over all events in one pass, date overlap, scores
//! and evidence; date checks against the timeline.
//!
//! A sentence mentions an event when the words or dates in it point at the event:
//!
//! - phrases: the event's aliases, actors (and an actor's surname alone, for less) and
//!   places, found case-insensitively at word boundaries with plural endings;
//! - title words: the distinctive words of the event's title, with light stemming;
//! - dates: a date in the sentence whose interval overlaps the event's; the closer the fit,
//!   the more it counts (a day that falls in the event counts fully, "2018" for an event in
//!   2018 counts little).
//!
//! Each distinct hit adds its weight once per sentence; phrases and title words found in a
//! large share of the sentences (the article's main actors) count for less. A sentence is
//! linked when its score reaches `min_score` and the evidence includes an alias, actor,
//! place or date, or at least two distinct title words: a single common word never links.
//!
//! Date checks compare the date the text names with the event's: for "since 1992" that is
//! 1992, not the open range 1992/.. (the words say the thing happened in 1992; the open range
//! would contain every later date and hide an error like "since 1990 when the Soviet Union was
//! dissolved"). A linked sentence is consistent when one of its dates overlaps the event; in
//! conflict when none does and it has a date that no other event linked in the same sentence
//! accounts for; otherwise it carries no date for the event.

mod phrases;
mod published;
mod words;

use std::collections::HashMap;
use std::ops::Range;

use crate::article::Article;
use crate::dates::prose::{DateMention, find_dates};
use crate::dates::{Date, Relation};
use crate::report::SCHEMA_VERSION;
use crate::report::align::{
    AlignReport, ArticleSummary, CandidateEvent, Conflict, DateCheck, DateMentionRecord, EventLinks, Evidence,
    EvidenceKind, Mention, NearMiss,
};
use crate::report::timeline::DateRecord;
use crate::timeline::Event;

pub use phrases::{ACTOR_WEIGHT, ALIAS_WEIGHT, PLACE_WEIGHT, TITLE_WEIGHT};
pub use published::{HeaderDates, header_dates, reference_date};

/// The score a sentence needs to be linked by default: more than one actor or place alone,
/// as much as two title words, an actor and a place, or a date that falls in the event.
pub const DEFAULT_MIN_SCORE: f64 = 2.0;

/// What a date in the sentence adds, by how its interval relates to the event's.
const DATE_INSIDE_WEIGHT: f64 = 2.5;
/// A date a few days off ("1992" for 1991-12-26) is weak evidence, and a likely error that
/// the date check then reports.
const DATE_NEAR_WEIGHT: f64 = 0.5;
const NEAR_DAYS: i64 = 31;
/// Events longer than this are only overlapped, not pinned, by a date inside them.
const PINNED_DAYS: i64 = 31;
const DATE_OVERLAP_WEIGHT: f64 = 1.5;
const DATE_AROUND_MONTH_WEIGHT: f64 = 1.0;
const DATE_AROUND_YEAR_WEIGHT: f64 = 0.5;
/// The share of `min_score` that the best-supported event of a sentence needs, when it has two
/// pieces of evidence besides dates.
const BEST_SHARE: f64 = 0.9;
/// The most a weekday, "today" or "last week" adds.
const RELATIVE_DATE_WEIGHT: f64 = 0.5;

/// Suggested titles are cut to about this many characters.
const CANDIDATE_TITLE_CHARS: usize = 90;

#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
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

/// Links every event to the sentences that mention it, checks the dates, and collects the
/// dates no event accounts for. `reference` resolves dates written without a year.
/// Events come out in chronological order; each event's mentions best first.
pub fn align(article: &Article, events: &[Event], reference: Option<&Date>, options: &AlignOptions) -> AlignReport {
    let sentences: Vec<SentenceRef> = article
        .paragraphs
        .iter()
        .flat_map(|paragraph| {
            paragraph.sentences.iter().map(|sentence| SentenceRef {
                paragraph: paragraph.number,
                sentence: sentence.number,
                span: sentence.span.clone(),
            })
        })
        .collect();
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

    // Sentences each phrase occurs in, for its specificity.
    let mut key_sentences: Vec<(usize, usize)> = vec![(usize::MAX, 0); matcher.key_count()];
    for (sentence, hit) in &hits {
        let entry = &mut key_sentences[matcher.group(hit.group).key];
        if entry.0 != *sentence {
            *entry = (*sentence, entry.1 + 1);
        }
    }

    let date_mentions: Vec<(DateMention, Option<usize>)> = dates
        .into_iter()
        .map(|mention| {
            let sentence = sentence_of(mention.span.start);
            (mention, sentence)
        })
        .collect();
    let by_start = EventsByDate::new(events);
    let mut date_events: Vec<Vec<usize>> = Vec::with_capacity(date_mentions.len());
    // (sentence, event, evidence), in sentence order as the mentions are in text order.
    let mut date_candidates: Vec<(usize, usize, Candidate)> = Vec::new();
    for (mention, sentence) in &date_mentions {
        let (Some(anchor), Some(sentence)) = (&mention.anchor, sentence) else {
            date_events.push(Vec::new());
            continue;
        };
        let near = by_start.within(anchor, NEAR_DAYS);
        let overlapping: Vec<usize> =
            near.iter().copied().filter(|&event| events[event].date.overlaps(anchor)).collect();
        // A date that fits several events says less about each.
        let sharing = (overlapping.len().max(1) as f64).sqrt();
        // "Today", "on Thursday", "last week" say when, but many events of a statement's day
        // share them: they support a link, never make one.
        let calendar = names_calendar_date(&article.source, mention);
        for &event in &near {
            let weight = date_weight(anchor, &events[event].date) / sharing;
            let weight = if calendar { weight } else { weight.min(RELATIVE_DATE_WEIGHT) };
            let candidate = Candidate {
                key: EvidenceKey::Date(day_numbers(anchor)),
                kind: EvidenceKind::Date,
                span: mention.span.clone(),
                weight,
                words: 0,
            };
            date_candidates.push((*sentence, event, candidate));
        }
        date_events.push(overlapping);
    }
    date_candidates.sort_by_key(|(sentence, _, _)| *sentence);

    // Score the (event, sentence) pairs that can reach the score, sentence by sentence.
    let specificity = |key: &EvidenceKey| match key {
        EvidenceKey::Pattern(key) => specificity(key_sentences[*key].1.max(1), sentences.len()),
        EvidenceKey::Date(_) => 1.0,
    };
    let (links, mut rejected) =
        link_sentences(&matcher, &hits, &date_candidates, events.len(), sentences.len(), options, &specificity);
    // A sentence that tells what happened cannot be about an event still to come, unless an
    // alias names it.
    let published_last_day = reference.and_then(Date::last_day);
    let (links, not_yet): (Vec<Link>, Vec<Link>) = links.into_iter().partition(|link| {
        let upcoming = published_last_day
            .zip(events[link.event].date.first_day())
            .is_some_and(|(published, first)| first > published);
        !upcoming
            || link.evidence.iter().any(|evidence| evidence.kind == EvidenceKind::Alias)
            || looks_ahead(article.source.get(sentences[link.sentence].span.clone()).unwrap_or_default())
    });
    if options.explain {
        rejected.extend(not_yet.into_iter().map(|link| Rejected { link, reason: Reason::NotYet }));
    }

    // The events with any words in each linked sentence, which may explain its dates.
    let mut touched_in_sentence: HashMap<usize, Vec<usize>> =
        links.iter().map(|link| (link.sentence, Vec::new())).collect();
    let mut occurrences: Occurrences = HashMap::new();
    for (sentence, hit) in &hits {
        if let Some(touched) = touched_in_sentence.get_mut(sentence) {
            let group = matcher.group(hit.group);
            touched.extend(group.targets.iter().map(|target| target.event));
            occurrences.entry((*sentence, group.key)).or_default().push(hit.span.clone());
        }
    }
    for touched in touched_in_sentence.values_mut() {
        touched.sort_unstable();
        touched.dedup();
    }
    drop(hits);
    let mut linked_in_sentence: HashMap<usize, Vec<usize>> = HashMap::new();
    for link in &links {
        linked_in_sentence.entry(link.sentence).or_default().push(link.event);
    }
    let mut dates_in_sentence: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, (mention, sentence)) in date_mentions.iter().enumerate() {
        if let (Some(sentence), Some(_)) = (sentence, &mention.anchor) {
            dates_in_sentence.entry(*sentence).or_default().push(index);
        }
    }

    // Date checks, and which events each date mention ends up serving.
    let mut mention_events: Vec<Vec<usize>> = vec![Vec::new(); date_mentions.len()];
    let mut conflicts: Vec<(usize, usize, usize, Range<usize>)> = Vec::new(); // (event, sentence, date, cue)
    let mut checks: Vec<PassageCheck> = Vec::with_capacity(links.len());
    // The links of each sentence (links come in sentence order), and per sentence the events
    // with words there that each date fits.
    let mut sentence_links: HashMap<usize, Range<usize>> = HashMap::new();
    for (index, link) in links.iter().enumerate() {
        sentence_links.entry(link.sentence).or_insert(index..index).end = index + 1;
    }
    let mut ties: Option<(usize, DateTies)> = None;
    let mut fitting: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for link in &links {
        let dates = dates_in_sentence.get(&link.sentence).map_or(&[][..], Vec::as_slice);
        let overlapping: Vec<usize> =
            dates.iter().copied().filter(|&index| date_events[index].contains(&link.event)).collect();
        let check = if !overlapping.is_empty() {
            for index in overlapping {
                mention_events[index].push(link.event);
            }
            PassageCheck::Consistent
        } else if link.is_reference() {
            // A reference is too weak a link to call a date in its sentence an error.
            PassageCheck::NoDate
        } else {
            if ties.as_ref().is_some_and(|(sentence, _)| *sentence != link.sentence) {
                ties = None;
            }
            let (_, ties) = ties.get_or_insert_with(|| {
                let range = sentence_links.get(&link.sentence).cloned().unwrap_or_default();
                let here = DateTies::new(&article.source, &sentences[link.sentence].span, &links[range], &occurrences);
                (link.sentence, here)
            });
            let mut tied = Vec::new();
            for &index in dates {
                let mention = &date_mentions[index].0;
                // Events with words in the sentence, linked or not, that the date fits (sorted).
                let fits = fitting.entry((link.sentence, index)).or_insert_with(|| {
                    let touched = touched_in_sentence.get(&link.sentence).map_or(&[][..], Vec::as_slice);
                    date_events[index].iter().copied().filter(|event| touched.binary_search(event).is_ok()).collect()
                });
                let explained = fits.iter().any(|&other| other != link.event);
                if explained || !can_contradict(&article.source, mention, &events[link.event].date) {
                    continue;
                }
                let days_apart = |event: usize| {
                    mention.anchor.as_ref().map_or(i64::MAX, |anchor| anchor.days_apart(&events[event].date))
                };
                if let Some(cue) = ties.tie(link, index, &mention.span, &days_apart) {
                    tied.push((index, cue));
                }
            }
            match tied.into_iter().min_by_key(|(index, cue)| date_mentions[*index].0.span.start.abs_diff(cue.start)) {
                Some((index, cue)) => {
                    mention_events[index].push(link.event);
                    conflicts.push((link.event, link.sentence, index, cue));
                    PassageCheck::Conflict
                }
                None => PassageCheck::NoDate,
            }
        };
        checks.push(check);
    }

    // The report.
    let source = article.source.as_str();
    let text_of = |span: &Range<usize>| source.get(span.clone()).unwrap_or_default().to_string();
    let evidence_records = |evidence: &[Candidate]| -> Vec<Evidence> {
        evidence
            .iter()
            .map(|evidence| Evidence {
                kind: evidence.kind,
                text: text_of(&evidence.span),
                start: evidence.span.start,
                end: evidence.span.end,
                score: round(evidence.weight),
            })
            .collect()
    };
    let mut per_event: Vec<Vec<(usize, PassageCheck)>> = vec![Vec::new(); events.len()];
    for (index, link) in links.iter().enumerate() {
        per_event[link.event].push((index, checks[index]));
    }
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| {
        events[a].date.chronological_cmp(&events[b].date).then_with(|| events[a].id.cmp(&events[b].id))
    });
    let event_links: Vec<EventLinks> = order
        .iter()
        .map(|&event| {
            let mut passages = per_event[event].clone();
            passages.sort_by(|&(a, _), &(b, _)| {
                links[b].score.total_cmp(&links[a].score).then(links[a].sentence.cmp(&links[b].sentence))
            });
            let date_check = if passages.is_empty() {
                DateCheck::NotMentioned
            } else if passages.iter().any(|(_, check)| *check == PassageCheck::Conflict) {
                DateCheck::Conflict
            } else if passages.iter().any(|(_, check)| *check == PassageCheck::Consistent) {
                DateCheck::Consistent
            } else {
                DateCheck::NoDateInText
            };
            let mentions = passages
                .iter()
                .map(|&(index, _)| {
                    let link = &links[index];
                    let sentence = &sentences[link.sentence];
                    Mention {
                        paragraph: sentence.paragraph,
                        sentence: sentence.sentence,
                        start: sentence.span.start,
                        end: sentence.span.end,
                        text: text_of(&sentence.span),
                        score: round(link.score),
                        evidence: evidence_records(&link.evidence),
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
        .collect();

    let mut date_records = Vec::new();
    let mut candidates: Vec<CandidateEvent> = Vec::new();
    let mut taken_ids = TakenIds::default();
    for (index, (mention, sentence)) in date_mentions.iter().enumerate() {
        let Some(sentence) = sentence.map(|index| &sentences[index]) else { continue };
        let mut ids: Vec<String> = mention_events[index].iter().map(|&event| events[event].id.clone()).collect();
        ids.dedup();
        if ids.is_empty()
            && let Some(date) = &mention.date
        {
            candidates.push(candidate(source, sentence, mention, date, &mut taken_ids));
        }
        date_records.push(DateMentionRecord {
            paragraph: sentence.paragraph,
            sentence: sentence.sentence,
            start: mention.span.start,
            end: mention.span.end,
            text: text_of(&mention.span),
            date: mention.date.as_ref().map(DateRecord::from),
            named: mention.anchor.as_ref().map(DateRecord::from),
            relation: mention.relation.clone(),
            unresolved: mention.unresolved.map(|reason| reason.to_string()),
            events: ids,
        });
    }

    let conflicts = conflicts
        .into_iter()
        .filter_map(|(event, sentence, index, cue)| {
            let mention = &date_mentions[index].0;
            let anchor = mention.anchor.as_ref()?;
            let sentence = &sentences[sentence];
            Some(Conflict {
                event: events[event].id.clone(),
                paragraph: sentence.paragraph,
                sentence: sentence.sentence,
                text: text_of(&mention.span),
                text_date: DateRecord::from(anchor),
                timeline_date: DateRecord::from(&events[event].date),
                days_apart: anchor.days_apart(&events[event].date),
                tied_to: text_of(&cue),
            })
        })
        .collect();

    rejected.sort_by(|a, b| {
        events[a.link.event]
            .date
            .chronological_cmp(&events[b.link.event].date)
            .then_with(|| events[a.link.event].id.cmp(&events[b.link.event].id))
            .then(a.link.sentence.cmp(&b.link.sentence))
    });
    let near_misses = rejected
        .iter()
        .map(|Rejected { link, reason }| {
            let sentence = &sentences[link.sentence];
            NearMiss {
                event: events[link.event].id.clone(),
                paragraph: sentence.paragraph,
                sentence: sentence.sentence,
                text: text_of(&sentence.span),
                score: round(link.score),
                evidence: evidence_records(&link.evidence),
                reason: match reason {
                    Reason::BelowScore => format!("score {:.2} below {:.2}", link.score, options.min_score),
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
        .collect();

    let linked_paragraphs: std::collections::HashSet<usize> =
        links.iter().map(|link| sentences[link.sentence].paragraph).collect();
    let unlinked_paragraphs = article
        .paragraphs
        .iter()
        .map(|paragraph| paragraph.number)
        .filter(|number| !linked_paragraphs.contains(number))
        .collect();

    AlignReport {
        schema_version: SCHEMA_VERSION,
        article: ArticleSummary {
            path: article.path.clone(),
            title: article.meta("title").map(str::to_string),
            published: reference.map(ToString::to_string),
            modified: header_dates(article).modified.map(|date| date.to_string()),
            paragraphs: article.paragraphs.len(),
        },
        events: event_links,
        date_mentions: date_records,
        conflicts,
        unlinked_paragraphs,
        candidates,
        near_misses,
    }
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

/// Whether a date's words name a year or a month ("1992", "March 4", "last March"), not only a
/// weekday, "today" or "two years ago".
fn names_calendar_date(source: &str, mention: &DateMention) -> bool {
    let text = source.get(mention.span.clone()).unwrap_or_default();
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
    let names_calendar = words.iter().any(|word| {
        crate::dates::prose::MONTHS.contains(&word.as_str())
            || (word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()))
    });
    names_calendar && !words.iter().any(|word| word == "ago")
}

/// Words that date a statement rather than what it reports: "said on 29 March" is when it was
/// said.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "tweeted",
    "reported",
    "noted",
    "explained",
    "argued",
    "insisted",
    "claimed",
    "confirmed",
    "denied",
    "warned",
    "according",
];

/// Whether a date in the text can contradict the timeline date of an event: it names a calendar
/// date (a year, or a month), not a weekday, "yesterday" or "two years ago", whose looser use
/// in news is no error; it dates rather than bounds ("after June 14" bounds); and it does not
/// date the reporting ("said on 29 March").
fn can_contradict(source: &str, mention: &DateMention, event_date: &Date) -> bool {
    if !names_calendar_date(source, mention) {
        return false;
    }
    let next_word = |at: usize| {
        source
            .get(at..)
            .unwrap_or_default()
            .split(|c: char| !c.is_alphanumeric())
            .find(|word| !word.is_empty())
            .map(str::to_lowercase)
    };
    match mention.relation.as_deref() {
        // "until 2009", "before March", "after June 14": a bound, not the event's date.
        Some("until" | "before" | "after") => return false,
        // "Since 1992 when the Soviet Union was dissolved" dates the event; "18 verdicts since
        // 1997" only opens a period, which an event inside it does not contradict.
        Some(_)
            if next_word(mention.span.end).as_deref() != Some("when")
                && mention.date.as_ref().is_some_and(|range| range.overlaps(event_date)) =>
        {
            return false;
        }
        _ => {}
    }
    let before = source.get(..mention.span.start).unwrap_or_default();
    let previous: Vec<String> = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(2)
        .map(str::to_lowercase)
        .collect();
    let next = next_word(mention.span.end);
    !previous.iter().chain(next.iter()).any(|word| REPORTING_VERBS.contains(&word.as_str()))
}

/// Which event of a sentence each of its dates belongs to. A date belongs to the event with a
/// cue nearest it (clause breaks first, bytes second, then nearness in time) and must stand in
/// a clause that carries at least half of that event's evidence ("Britain expelled 23
/// diplomats, four years after Russia annexed Crimea in 2014": the clause of 2014 holds only
/// "Russia", so 2014 says nothing of the expulsion). Built once per sentence, so that a
/// sentence linked to many events costs no more than its links.
struct DateTies<'a> {
    clauses: Clauses,
    links: &'a [Link],
    occurrences: &'a Occurrences,
    /// Per date mention of the sentence: the nearest (distance, days apart) of any linked event.
    nearest: HashMap<usize, ((usize, usize), i64)>,
}

impl<'a> DateTies<'a> {
    fn new(source: &str, sentence: &Range<usize>, links: &'a [Link], occurrences: &'a Occurrences) -> Self {
        DateTies { clauses: Clauses::new(source, sentence), links, occurrences, nearest: HashMap::new() }
    }

    /// Each piece of evidence with every place its words stand in the sentence (the evidence
    /// keeps the first): "the summit in Phnom Penh in November 2022, the summit in November
    /// 2021" ties the second date to the second "summit".
    fn cues(&self, link: &Link) -> Vec<(Vec<Range<usize>>, f64)> {
        link.evidence
            .iter()
            .filter(|evidence| evidence.kind != EvidenceKind::Date)
            .map(|evidence| {
                let places = match evidence.key {
                    EvidenceKey::Pattern(key) => self.occurrences.get(&(link.sentence, key)).cloned(),
                    EvidenceKey::Date(_) => None,
                };
                (places.unwrap_or_else(|| vec![evidence.span.clone()]), evidence.weight)
            })
            .collect()
    }

    fn nearest_cue(&self, link: &Link, date: &Range<usize>) -> Option<((usize, usize), Range<usize>)> {
        self.cues(link)
            .into_iter()
            .flat_map(|(places, _)| places)
            .map(|cue| (self.clauses.distance(&cue, date), cue))
            .min_by_key(|(distance, _)| *distance)
    }

    /// The cue of `link` that ties date mention `index` (at `date`) to its event, if the date
    /// is the event's; `days_apart` says how far in time each event is from the date.
    fn tie(
        &mut self,
        link: &Link,
        index: usize,
        date: &Range<usize>,
        days_apart: &dyn Fn(usize) -> i64,
    ) -> Option<Range<usize>> {
        let own = self.cues(link);
        let total: f64 = own.iter().map(|(_, weight)| weight).sum();
        let in_clause: f64 = own
            .iter()
            .filter(|(places, _)| places.iter().any(|cue| self.clauses.distance(cue, date).0 == 0))
            .map(|(_, weight)| weight)
            .sum();
        if in_clause < total / 2.0 {
            return None;
        }
        let (distance, cue) = self.nearest_cue(link, date)?;
        let nearest = match self.nearest.get(&index) {
            Some(nearest) => *nearest,
            None => {
                let nearest = self
                    .links
                    .iter()
                    .filter(|other| !other.is_reference())
                    .filter_map(|other| self.nearest_cue(other, date).map(|(at, _)| (at, days_apart(other.event))))
                    .min()
                    .unwrap_or(((0, 0), i64::MIN));
                self.nearest.insert(index, nearest);
                nearest
            }
        };
        ((distance, days_apart(link.event)) <= nearest).then_some(cue)
    }
}

/// Every place each phrase pattern matched in the linked sentences: (sentence, key) -> spans.
type Occurrences = HashMap<(usize, usize), Vec<Range<usize>>>;

/// Where the clauses of a sentence break: semicolons, brackets and dashes, and the words that
/// open another event's clause ("after", "before", "following").
struct Clauses {
    breaks: Vec<usize>,
}

impl Clauses {
    fn new(source: &str, sentence: &Range<usize>) -> Clauses {
        const BREAK_WORDS: &[&str] =
            &["after", "before", "following", "while", "whereas", "but", "although", "though", "since", "until"];
        let text = source.get(sentence.clone()).unwrap_or_default();
        let mut breaks = Vec::new();
        let mut word_start: Option<usize> = None;
        for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            if c.is_alphanumeric() {
                word_start.get_or_insert(at);
                continue;
            }
            if let Some(start) = word_start.take()
                && BREAK_WORDS.iter().any(|word| text[start..at].eq_ignore_ascii_case(word))
            {
                breaks.push(sentence.start + start);
            }
            // Not commas: an apposition ("on 3 October 1991, a date now celebrated as German
            // Unity Day") is the same clause.
            if matches!(c, ';' | '(' | ')' | '\u{2014}' | '\u{2013}') {
                breaks.push(sentence.start + at);
            }
        }
        Clauses { breaks }
    }

    /// (clause breaks between the two spans, bytes between them).
    fn distance(&self, a: &Range<usize>, b: &Range<usize>) -> (usize, usize) {
        let (gap_start, gap_end) = if a.end <= b.start {
            (a.end, b.start)
        } else if b.end <= a.start {
            (b.end, a.start)
        } else {
            return (0, 0);
        };
        let breaks =
            self.breaks.partition_point(|&at| at < gap_end) - self.breaks.partition_point(|&at| at < gap_start);
        (breaks, gap_end - gap_start)
    }
}

/// Where a piece of evidence came from: a phrase pattern, or a date (by its first and last
/// day, so that "2025" written three times in a sentence counts once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum EvidenceKey {
    Pattern(usize),
    Date((i64, i64)),
}

fn day_numbers(date: &Date) -> (i64, i64) {
    let number = |day: Option<chrono::NaiveDate>| {
        day.map_or(i64::MIN, |day| i64::from(chrono::Datelike::num_days_from_ce(&day)))
    };
    (number(date.first_day()), number(date.last_day()))
}

#[derive(Debug, Clone)]
struct Candidate {
    key: EvidenceKey,
    kind: EvidenceKind,
    span: Range<usize>,
    weight: f64,
    /// Title words it stands for (see `phrases::Target::words`).
    words: u8,
}

/// A scored (event, sentence) pair.
#[derive(Debug, Clone)]
struct Link {
    event: usize,
    sentence: usize,
    score: f64,
    /// One entry per distinct phrase or date, in text order, weights already scaled.
    evidence: Vec<Candidate>,
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

    fn is_reference(&self) -> bool {
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
fn link_sentences(
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
struct Rejected {
    link: Link,
    reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PassageCheck {
    Consistent,
    Conflict,
    NoDate,
}

/// Keeps one piece of evidence per distinct phrase or date (the first), drops evidence
/// inside a longer piece for the same event ("Korea" inside "North Korea"), and adds up.
fn score(
    event: usize,
    sentence: usize,
    mut candidates: Vec<Candidate>,
    specificity: &dyn Fn(&EvidenceKey) -> f64,
) -> Link {
    candidates.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)));
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
fn specificity(sentences_with: usize, sentences: usize) -> f64 {
    if sentences < 10 {
        return 1.0;
    }
    let share = sentences_with as f64 / sentences as f64;
    (1.3 - share).clamp(0.5, 1.0)
}

/// How much a date in the text says about an event, by how the two intervals relate.
fn date_weight(text_date: &Date, event_date: &Date) -> f64 {
    let event_days = match (event_date.first_day(), event_date.last_day()) {
        (Some(first), Some(last)) => (last - first).num_days(),
        _ => i64::MAX,
    };
    match text_date.relation(event_date) {
        Relation::Equal => DATE_INSIDE_WEIGHT,
        Relation::Within if event_days <= PINNED_DAYS => DATE_INSIDE_WEIGHT,
        Relation::Within => DATE_OVERLAP_WEIGHT,
        Relation::Overlaps => DATE_OVERLAP_WEIGHT,
        Relation::Contains => {
            let coarse_year = text_date.precision() == crate::dates::Precision::Year;
            if coarse_year { DATE_AROUND_YEAR_WEIGHT } else { DATE_AROUND_MONTH_WEIGHT }
        }
        Relation::Disjoint => DATE_NEAR_WEIGHT,
    }
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Events sorted by first day, for finding those a date overlaps without trying them all.
struct EventsByDate<'a> {
    events: &'a [Event],
    /// (first day as days from CE, or i64::MIN when open; event index), sorted.
    starts: Vec<(i64, usize)>,
    /// The latest last day among the first `i` entries of `starts`, to stop early.
    longest: i64,
}

impl<'a> EventsByDate<'a> {
    fn new(events: &'a [Event]) -> Self {
        let day_number =
            |day: Option<chrono::NaiveDate>| day.map(|day| i64::from(chrono::Datelike::num_days_from_ce(&day)));
        let mut starts: Vec<(i64, usize)> = events
            .iter()
            .enumerate()
            .map(|(index, event)| (day_number(event.date.first_day()).unwrap_or(i64::MIN), index))
            .collect();
        starts.sort_unstable();
        let longest = events
            .iter()
            .map(|event| match (event.date.first_day(), event.date.last_day()) {
                (Some(first), Some(last)) => (last - first).num_days(),
                _ => i64::MAX,
            })
            .max()
            .unwrap_or(0);
        EventsByDate { events, starts, longest }
    }

    /// Indexes of the events whose date is at most `days` away from `date` (0 when they
    /// overlap).
    fn within(&self, date: &Date, days: i64) -> Vec<usize> {
        let day_number = |day: chrono::NaiveDate| i64::from(chrono::Datelike::num_days_from_ce(&day));
        let first = date.first_day().map_or(i64::MIN, day_number).saturating_sub(days);
        let last = date.last_day().map_or(i64::MAX, day_number).saturating_add(days);
        // Only events starting no later than `last`, and no earlier than the longest event
        // could reach back from `first`, can overlap.
        let from = if self.longest == i64::MAX {
            0
        } else {
            self.starts.partition_point(|&(start, _)| start < first.saturating_sub(self.longest))
        };
        let to = self.starts.partition_point(|&(start, _)| start <= last);
        let mut found: Vec<usize> = self.starts[from..to.max(from)]
            .iter()
            .map(|&(_, index)| index)
            .filter(|&index| self.events[index].date.days_apart(date) <= days)
            .collect();
        found.sort_unstable();
        found
    }
}

/// A date no event accounts for, as a stub event for the timeline.
/// Candidate ids handed out so far. Many candidates can share a base (a repeated sentence):
/// each base remembers its next suffix, so claiming stays constant time.
#[derive(Default)]
struct TakenIds {
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

fn candidate(
    source: &str,
    sentence: &SentenceRef,
    mention: &DateMention,
    date: &Date,
    taken: &mut TakenIds,
) -> CandidateEvent {
    let text = source.get(sentence.span.clone()).unwrap_or_default();
    let title = shorten(text.split_whitespace().collect::<Vec<_>>().join(" ").as_str(), CANDIDATE_TITLE_CHARS);
    let anchor = mention.anchor.as_ref().unwrap_or(date);
    let year = anchor.start.or(anchor.end).map(|point| point.year.to_string()).unwrap_or_default();
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|word| word.len() >= 3 && word.chars().all(|c| c.is_ascii_lowercase()) && !words::is_stopword(word))
        .filter(|word| !is_month_or_relation(word))
        .take(4)
        .collect();
    let base = std::iter::once(year).chain(words).filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-");
    let base = if base.is_empty() { "event".to_string() } else { base };
    let id = taken.claim(base);
    CandidateEvent {
        id,
        title,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, Sentence};

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
        Article { path: "test.txt".into(), source: text.into(), metadata: Vec::new(), paragraphs }
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
