//! Date checks: whether a date in a linked sentence is the event's, and whether it agrees.

use std::collections::HashMap;
use std::ops::Range;

use super::dated::names_calendar_date;
use super::link::{EvidenceKey, Link};
use crate::dates::Date;
use crate::dates::prose::DateMention;
use crate::report::align::EvidenceKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PassageCheck {
    Consistent,
    Conflict,
    NoDate,
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
    if !names_calendar_date(mention) {
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
        .take(3)
        .map(str::to_lowercase)
        .collect();
    if is_bound(&previous) {
        return false;
    }
    let next = next_word(mention.span.end);
    !previous.iter().take(2).chain(next.iter()).any(|word| REPORTING_VERBS.contains(&word.as_str()))
}

/// Whether the words before a date (nearest first) make it a bound of a state or a deadline,
/// not the date of an event: "as recently as 2010", "as early as 1990", "as of June", "by
/// May 14", "no later than 2020". "Al-Shabab controlled most of southern Somalia as recently
/// as 2010" says nothing of when it was driven out.
fn is_bound(previous: &[String]) -> bool {
    let word = |at: usize| previous.get(at).map_or("", String::as_str);
    matches!(word(0), "by" | "than") || (word(0) == "as" && word(2) == "as") || (word(0) == "of" && word(1) == "as")
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

/// The words of each linked sentence: which events have any there (and so may explain its
/// dates), and every place each phrase stands.
pub(super) struct SentenceWords {
    touched: HashMap<usize, Vec<usize>>,
    occurrences: Occurrences,
}

impl SentenceWords {
    /// Only the linked sentences that hold a date are read: the others have nothing to check.
    pub(super) fn new(
        matcher: &super::phrases::Matcher,
        hits: &[(usize, super::phrases::Hit)],
        links: &[Link],
        date_mentions: &[(DateMention, Option<usize>)],
    ) -> Self {
        let dated: std::collections::HashSet<usize> = date_mentions
            .iter()
            .filter(|(mention, _)| mention.anchor.is_some())
            .filter_map(|(_, sentence)| *sentence)
            .collect();
        let mut touched: HashMap<usize, Vec<usize>> = links
            .iter()
            .filter(|link| dated.contains(&link.sentence))
            .map(|link| (link.sentence, Vec::new()))
            .collect();
        let mut occurrences: Occurrences = HashMap::new();
        for (sentence, hit) in hits {
            if let Some(events) = touched.get_mut(sentence) {
                let group = matcher.group(hit.group);
                events.extend(group.targets.iter().map(|target| target.event));
                occurrences.entry((*sentence, group.key)).or_default().push(hit.span.clone());
            }
        }
        for events in touched.values_mut() {
            events.sort_unstable();
            events.dedup();
        }
        SentenceWords { touched, occurrences }
    }
}

/// What the date checks found.
pub(super) struct DateChecks {
    /// Per link, in the links' order.
    pub checks: Vec<PassageCheck>,
    /// Per date mention, the events it serves (consistent with or in conflict with).
    pub mention_events: Vec<Vec<usize>>,
    pub conflicts: Vec<ConflictFound>,
}

pub(super) struct ConflictFound {
    pub event: usize,
    pub sentence: usize,
    /// The date mention.
    pub date: usize,
    /// The words of the event the date is tied to.
    pub cue: Range<usize>,
}

/// Checks the dates of every linked sentence against its events. `fits[date]` lists the events
/// (sorted) whose date the date mention overlaps.
pub(super) fn check_dates(
    source: &str,
    events: &[crate::timeline::Event],
    sentence_spans: &[Range<usize>],
    date_mentions: &[(DateMention, Option<usize>)],
    fits: &[Vec<usize>],
    links: &[Link],
    words: &SentenceWords,
) -> DateChecks {
    let mut dates_in_sentence: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, (mention, sentence)) in date_mentions.iter().enumerate() {
        if let (Some(sentence), Some(_)) = (sentence, &mention.anchor) {
            dates_in_sentence.entry(*sentence).or_default().push(index);
        }
    }
    // The links of each sentence (links come in sentence order).
    let mut sentence_links: HashMap<usize, Range<usize>> = HashMap::new();
    for (index, link) in links.iter().enumerate() {
        sentence_links.entry(link.sentence).or_insert(index..index).end = index + 1;
    }
    let mut found = DateChecks {
        checks: Vec::with_capacity(links.len()),
        mention_events: vec![Vec::new(); date_mentions.len()],
        conflicts: Vec::new(),
    };
    let mut ties: Option<(usize, DateTies)> = None;
    // Per (sentence, date): the events with words in the sentence that the date fits.
    let mut fitting: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for link in links {
        let dates = dates_in_sentence.get(&link.sentence).map_or(&[][..], Vec::as_slice);
        let overlapping: Vec<usize> =
            dates.iter().copied().filter(|&index| fits[index].contains(&link.event)).collect();
        let check = if !overlapping.is_empty() {
            for index in overlapping {
                found.mention_events[index].push(link.event);
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
                let here = DateTies::new(source, &sentence_spans[link.sentence], &links[range], &words.occurrences);
                (link.sentence, here)
            });
            let mut tied = Vec::new();
            for &index in dates {
                let mention = &date_mentions[index].0;
                let explained = fitting
                    .entry((link.sentence, index))
                    .or_insert_with(|| {
                        let touched = words.touched.get(&link.sentence).map_or(&[][..], Vec::as_slice);
                        fits[index].iter().copied().filter(|event| touched.binary_search(event).is_ok()).collect()
                    })
                    .iter()
                    .any(|&other| other != link.event);
                if explained || !can_contradict(source, mention, &events[link.event].date) {
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
                Some((date, cue)) => {
                    found.mention_events[date].push(link.event);
                    found.conflicts.push(ConflictFound { event: link.event, sentence: link.sentence, date, cue });
                    PassageCheck::Conflict
                }
                None => PassageCheck::NoDate,
            }
        };
        found.checks.push(check);
    }
    found
}
