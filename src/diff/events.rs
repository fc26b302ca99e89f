//! What a diff did to each timeline event. Both versions' alignments are related through the
//! diff's paragraph mapping: a mention in old paragraph `p` and one in new paragraph `q` are the
//! same passage when one block of the diff pairs `p` with `q`. Changed runs of words are located
//! in each version's bytes, so an edit is charged to an event only when it overlaps a sentence
//! that mentions it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::factual::figures;
use crate::article::Article;
use crate::dates::{Date, Relation};
use crate::report::align::{AlignReport, DateMentionRecord, EventLinks, Mention};
use crate::report::diff::{BlockKind, DiffReport, Op, OpKind};
use crate::report::events::{Change, DateAgreement, DateEffect, DateSide, EventChange, EventStatus, MentionRef};
use crate::report::timeline::DateRecord;

/// For every event of either alignment (in the new alignment's order, then events only the old
/// one knows), what the change from `old` to `new` did to it.
pub fn event_changes(
    old: &Article,
    new: &Article,
    diff: &DiffReport,
    old_align: &AlignReport,
    new_align: &AlignReport,
) -> Vec<EventChange> {
    let runs = located_runs(old, new, diff);
    let old_links: HashMap<&str, &EventLinks> =
        old_align.events.iter().map(|event| (event.id.as_str(), event)).collect();
    let mut seen = HashSet::new();
    let mut changes = Vec::new();
    for event in &new_align.events {
        seen.insert(event.id.as_str());
        let before = old_links.get(event.id.as_str()).copied();
        changes.push(event_change(
            Side { article: old, align: old_align, links: before },
            Side { article: new, align: new_align, links: Some(event) },
            event,
            diff,
            &runs,
        ));
    }
    for event in old_align.events.iter().filter(|event| !seen.contains(event.id.as_str())) {
        changes.push(event_change(
            Side { article: old, align: old_align, links: Some(event) },
            Side { article: new, align: new_align, links: None },
            event,
            diff,
            &runs,
        ));
    }
    changes
}

/// One version as seen by one event.
#[derive(Clone, Copy)]
struct Side<'a> {
    article: &'a Article,
    align: &'a AlignReport,
    links: Option<&'a EventLinks>,
}

impl<'a> Side<'a> {
    fn mentions(&self) -> &'a [Mention] {
        self.links.map_or(&[], |links| links.mentions.as_slice())
    }

    fn paragraphs(&self) -> Vec<usize> {
        let mut paragraphs: Vec<usize> = self.mentions().iter().map(|mention| mention.paragraph).collect();
        paragraphs.sort_unstable();
        paragraphs.dedup();
        paragraphs
    }

    /// Byte spans of the sentences in `paragraph` that mention the event.
    fn sentences_in(&self, paragraph: usize) -> Vec<(usize, Range<usize>)> {
        let mut sentences: Vec<(usize, Range<usize>)> = self
            .mentions()
            .iter()
            .filter(|mention| mention.paragraph == paragraph)
            .map(|mention| (mention.sentence, sentence_span(self.article, mention)))
            .collect();
        sentences.sort_by_key(|(number, _)| *number);
        sentences.dedup_by_key(|(number, _)| *number);
        sentences
    }

    /// Date mentions that speak about the event: linked to it by the aligner, named in one of
    /// its conflicts, or standing unlinked in a sentence that mentions it.
    fn dates_in(&self, paragraph: usize, event_id: &str) -> Vec<&'a DateMentionRecord> {
        let sentences = self.sentences_in(paragraph);
        self.align
            .date_mentions
            .iter()
            .filter(|date| date.paragraph == paragraph)
            .filter(|date| {
                date.events.iter().any(|id| id == event_id)
                    || self.align.conflicts.iter().any(|conflict| {
                        conflict.event == event_id
                            && conflict.paragraph == date.paragraph
                            && conflict.sentence == date.sentence
                            && date.date.as_ref() == Some(&conflict.text_date)
                    })
                    || (date.events.is_empty() && sentences.iter().any(|(number, _)| *number == date.sentence))
            })
            .collect()
    }
}

fn sentence_span(article: &Article, mention: &Mention) -> Range<usize> {
    article
        .paragraphs
        .get(mention.paragraph.wrapping_sub(1))
        .and_then(|paragraph| paragraph.sentences.get(mention.sentence.wrapping_sub(1)))
        .map_or(mention.start..mention.end, |sentence| sentence.span.clone())
}

/// A maximal run of delete and insert ops in one block, located in both files when the ops
/// rebuild the paragraphs exactly. `None` ranges mean "somewhere in the paragraph".
#[derive(Debug, Clone)]
struct Run {
    deleted: Option<Range<usize>>,
    inserted: Option<Range<usize>>,
    deleted_text: String,
    inserted_text: String,
}

/// Runs per block index.
fn located_runs(old: &Article, new: &Article, diff: &DiffReport) -> Vec<Vec<Run>> {
    diff.blocks
        .iter()
        .map(|block| {
            let old_offsets =
                block.old_paragraph.and_then(|number| op_offsets(old, number, &block.ops, OpKind::Delete));
            let new_offsets =
                block.new_paragraph.and_then(|number| op_offsets(new, number, &block.ops, OpKind::Insert));
            let mut runs = Vec::new();
            let mut current: Option<Run> = None;
            for (index, op) in block.ops.iter().enumerate() {
                if op.op == OpKind::Equal {
                    runs.extend(current.take());
                    continue;
                }
                let run = current.get_or_insert_with(|| Run {
                    deleted: None,
                    inserted: None,
                    deleted_text: String::new(),
                    inserted_text: String::new(),
                });
                let (offsets, range, text) = if op.op == OpKind::Delete {
                    (&old_offsets, &mut run.deleted, &mut run.deleted_text)
                } else {
                    (&new_offsets, &mut run.inserted, &mut run.inserted_text)
                };
                text.push_str(&op.text);
                if let Some(located) = offsets.as_ref().and_then(|offsets| offsets[index].clone()) {
                    *range = Some(match range.take() {
                        Some(existing) => existing.start..located.end,
                        None => located,
                    });
                }
            }
            runs.extend(current);
            runs
        })
        .collect()
}

/// Absolute byte ranges of the ops on one side (equal ops and `side` ops), or `None` when the
/// ops do not rebuild the paragraph byte for byte (a normalized comparison).
fn op_offsets(article: &Article, paragraph: usize, ops: &[Op], side: OpKind) -> Option<Vec<Option<Range<usize>>>> {
    let span = article.paragraphs.get(paragraph.checked_sub(1)?)?.span.clone();
    let text = article.source.get(span.clone())?;
    let mut cursor = 0;
    let mut offsets = Vec::with_capacity(ops.len());
    for op in ops {
        if op.op == OpKind::Equal || op.op == side {
            // An equal op carries the new bytes; the old ones when they differ in `old_text`.
            let part = match (op.op, side) {
                (OpKind::Equal, OpKind::Delete) => op.old_text.as_deref().unwrap_or(&op.text),
                _ => &op.text,
            };
            if !text.get(cursor..)?.starts_with(part) {
                return None;
            }
            offsets.push(Some(span.start + cursor..span.start + cursor + part.len()));
            cursor += part.len();
        } else {
            offsets.push(None);
        }
    }
    (cursor == text.len()).then_some(offsets)
}

fn overlaps(range: &Range<usize>, other: &Range<usize>) -> bool {
    range.start < other.end && other.start < range.end
}

/// Whether a run touches one of the sentences on its side. An unlocated run touches them all.
fn touches(range: &Option<Range<usize>>, text: &str, sentences: &[(usize, Range<usize>)]) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    match range {
        Some(range) => sentences.iter().find(|(_, sentence)| overlaps(range, sentence)).map(|(number, _)| *number),
        None => sentences.first().map(|(number, _)| *number),
    }
}

fn event_change(old: Side<'_>, new: Side<'_>, event: &EventLinks, diff: &DiffReport, runs: &[Vec<Run>]) -> EventChange {
    let old_paragraphs = old.paragraphs();
    let new_paragraphs = new.paragraphs();
    let timeline_date = Date::parse(&event.date.text).ok();
    let mut changes = Vec::new();
    for (block, block_runs) in diff.blocks.iter().zip(runs) {
        let from = block.old_paragraph.filter(|number| old_paragraphs.contains(number));
        let to = block.new_paragraph.filter(|number| new_paragraphs.contains(number));
        if from.is_none() && to.is_none() {
            continue;
        }
        if let (Some(from), Some(to), BlockKind::Moved) = (from, to, block.kind) {
            changes.push(Change::Moved { old_paragraph: from, new_paragraph: to });
        }
        let old_sentences = from.map(|number| old.sentences_in(number)).unwrap_or_default();
        let new_sentences = to.map(|number| new.sentences_in(number)).unwrap_or_default();
        let date_changes = match (from, to) {
            (Some(from), Some(to)) => date_changes(&old, &new, from, to, &event.id, block_runs, timeline_date.as_ref()),
            _ => Vec::new(),
        };
        let dated = !date_changes.is_empty();
        changes.extend(date_changes);
        // Markup that went away (a link's target) leaves the passage as a reader reads it.
        let reads_the_same = from.is_some()
            && to.is_some()
            && reading(old.article, &old_sentences) == reading(new.article, &new_sentences);
        for run in block_runs.iter().filter(|_| !reads_the_same) {
            let old_sentence = touches(&run.deleted, &run.deleted_text, &old_sentences);
            let new_sentence = touches(&run.inserted, &run.inserted_text, &new_sentences);
            // An edit that only replaces the date already reported adds nothing.
            if (old_sentence.is_some() || new_sentence.is_some()) && !(dated && figures_only(run)) {
                changes.push(Change::Edited {
                    old_paragraph: block.old_paragraph,
                    new_paragraph: block.new_paragraph,
                    old_sentence,
                    new_sentence,
                    deleted: run.deleted_text.trim().to_string(),
                    inserted: run.inserted_text.trim().to_string(),
                });
            }
        }
        match (from, to) {
            (Some(from), None) => {
                changes.push(Change::MentionRemoved { old_paragraph: from, new_paragraph: block.new_paragraph })
            }
            (None, Some(to)) => {
                changes.push(Change::MentionAdded { old_paragraph: block.old_paragraph, new_paragraph: to })
            }
            _ => {}
        }
    }
    let status = match (old_paragraphs.is_empty(), new_paragraphs.is_empty()) {
        (true, true) => EventStatus::NotMentioned,
        (true, false) => EventStatus::Added,
        (false, true) => EventStatus::Removed,
        (false, false) => status_of(&changes),
    };
    EventChange {
        id: event.id.clone(),
        title: event.title.clone(),
        date: event.date.clone(),
        status,
        old_mentions: mention_refs(old.mentions()),
        new_mentions: mention_refs(new.mentions()),
        changes,
    }
}

fn status_of(changes: &[Change]) -> EventStatus {
    if changes.iter().any(|change| matches!(change, Change::DateChanged { .. })) {
        EventStatus::DateChanged
    } else if changes.iter().any(|change| !matches!(change, Change::Moved { .. })) {
        EventStatus::Edited
    } else if !changes.is_empty() {
        EventStatus::Moved
    } else {
        EventStatus::Unchanged
    }
}

/// Pairs the event's dates that a run deleted in `from` with those it inserted in `to`, in
/// text order.
fn date_changes(
    old: &Side<'_>,
    new: &Side<'_>,
    from: usize,
    to: usize,
    event_id: &str,
    runs: &[Run],
    timeline_date: Option<&Date>,
) -> Vec<Change> {
    let touched = |dates: Vec<&DateMentionRecord>, deleted: bool| -> Vec<DateMentionRecord> {
        dates
            .into_iter()
            .filter(|date| {
                runs.iter().any(|run| {
                    let (range, text) =
                        if deleted { (&run.deleted, &run.deleted_text) } else { (&run.inserted, &run.inserted_text) };
                    match range {
                        Some(range) => overlaps(range, &(date.start..date.end)),
                        None => !text.is_empty() && text.contains(date.text.as_str()),
                    }
                })
            })
            .cloned()
            .collect()
    };
    let before = touched(old.dates_in(from, event_id), true);
    let after = touched(new.dates_in(to, event_id), false);
    before
        .iter()
        .zip(&after)
        .map(|(old_date, new_date)| {
            let old_side = date_side(old_date, timeline_date);
            let new_side = date_side(new_date, timeline_date);
            let effect = DateEffect::from_checks(old_side.check, new_side.check);
            Change::DateChanged { old_paragraph: from, new_paragraph: to, old: old_side, new: new_side, effect }
        })
        .collect()
}

fn date_side(mention: &DateMentionRecord, timeline_date: Option<&Date>) -> DateSide {
    DateSide {
        sentence: mention.sentence,
        text: mention.text.clone(),
        date: mention.date.clone(),
        check: agreement(mention.date.as_ref(), timeline_date),
    }
}

/// A date agrees with the timeline when one interval holds the other ("December 1991" holds
/// 1991-12-26; "April 5" lies within April 4-5). A partial overlap ("April 5-6" against
/// April 4-5) has one end wrong, so it disagrees.
fn agreement(text_date: Option<&DateRecord>, timeline_date: Option<&Date>) -> DateAgreement {
    let parsed = text_date.and_then(|record| Date::parse(&record.text).ok());
    match (parsed, timeline_date) {
        (Some(text_date), Some(timeline_date)) => match text_date.relation(timeline_date) {
            Relation::Equal | Relation::Contains | Relation::Within => DateAgreement::Consistent,
            Relation::Overlaps | Relation::Disjoint => DateAgreement::Conflict,
        },
        _ => DateAgreement::Unknown,
    }
}

/// The sentences as a reader reads them: links reduced to their text, whitespace to single
/// spaces.
fn reading(article: &Article, sentences: &[(usize, Range<usize>)]) -> String {
    let text: Vec<String> =
        sentences.iter().filter_map(|(_, span)| article.source.get(span.clone())).map(without_links).collect();
    text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with Markdown inline links (`[label](target)`) reduced to their label, and HTML
/// anchor tags (`<a href=...>`, `</a>`) dropped.
fn without_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['[', '<']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some((label, after)) = markdown_link(tail) {
            out.push_str(label);
            rest = after;
        } else if let Some(after) = anchor_tag(tail) {
            rest = after;
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `[label](target)` at the start of `text`: the label and what follows the link.
fn markdown_link(text: &str) -> Option<(&str, &str)> {
    let close = text.find(']')?;
    let after = text[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let target = &after[..end];
    (!target.contains(char::is_whitespace) || target.contains('"')).then_some((&text[1..close], &after[end + 1..]))
}

/// An HTML anchor tag (`<a ...>` or `</a>`) at the start of `text`: what follows it.
fn anchor_tag(text: &str) -> Option<&str> {
    let end = text.find('>')?;
    let tag = text[1..end].trim().to_ascii_lowercase();
    (tag == "a" || tag == "/a" || tag.starts_with("a ")).then_some(&text[end + 1..])
}

/// A run whose every word is a number or a date ("1992" -> "December 1991").
fn figures_only(run: &Run) -> bool {
    let figure_words = |text: &str| figures(text).iter().map(|figure| figure.split_whitespace().count()).sum::<usize>();
    let words = |text: &str| text.split_whitespace().count();
    figure_words(&run.deleted_text) == words(&run.deleted_text)
        && figure_words(&run.inserted_text) == words(&run.inserted_text)
}

fn mention_refs(mentions: &[Mention]) -> Vec<MentionRef> {
    let mut refs: Vec<MentionRef> = mentions
        .iter()
        .map(|mention| MentionRef {
            paragraph: mention.paragraph,
            sentence: mention.sentence,
            start: mention.start,
            end: mention.end,
            text: mention.text.clone(),
        })
        .collect();
    refs.sort_by_key(|mention| (mention.paragraph, mention.sentence, mention.start));
    refs
}

#[cfg(test)]
pub(crate) mod tests;
