//! The briefing note, built from the versions' history: key events of the latest version with
//! quotes and date checks, and what changed across the versions.

use std::ops::Range;

use super::history::{Version, version_label};
use crate::align::header_dates;
use crate::article::Article;
use crate::dates::Date;
use crate::diff::{DiffOptions, diff_articles};
use crate::report::SCHEMA_VERSION;
use crate::report::align::{DateCheck, EventLinks, Mention};
use crate::report::brief::{
    BriefHeader, BriefReport, ChangeCounts, ChangeKind, ChangeRow, ChangesSection, DateConflict, ExcerptSegment,
    HeaderChange, KeyEvent, KeyEventCounts, KeyEvents, Place, Quote, QuoteSegment, StepOverview,
};
use crate::report::diff::{Block, BlockKind, DiffReport, OpKind};
use crate::report::events::FactualEdit;
use crate::report::history::HistoryReport;
use crate::timeline::Timeline;

/// Words of unchanged context kept on each side of an edit in an excerpt.
const CONTEXT_WORDS: usize = 8;
/// Words shown of a whole inserted, deleted or moved paragraph.
const PARAGRAPH_WORDS: usize = 40;
/// Quotes longer than this many characters are cut around the matched words.
const QUOTE_CHARS: usize = 240;

/// The brief, built from the versions' history: `versions` must all carry their alignment;
/// `diffs[i]` compares `versions[i]` with `versions[i + 1]`, and `history` is theirs.
pub fn brief(
    timeline: &Timeline,
    versions: &[Version<'_>],
    diffs: &[DiffReport],
    history: &HistoryReport,
) -> BriefReport {
    let latest = versions.last();
    let header = header(timeline, latest.map(|version| version.article), history.versions.clone());
    let read_from = version_label(versions.len().saturating_sub(1));
    let key_events = match latest.and_then(|version| version.align.map(|align| (version.article, align))) {
        Some((article, align)) => key_events(timeline, article, &align.events, &align.conflicts, read_from),
        None => KeyEvents { read_from, counts: KeyEventCounts::default(), events: Vec::new() },
    };
    let changes = diffs.last().map(|latest_diff| changes_section(versions, diffs.len(), latest_diff, history));
    BriefReport { schema_version: SCHEMA_VERSION, header, key_events, changes }
}

/// "What changed": every step and, over three versions or more, the first against the latest;
/// the latest step in detail (`latest` is its diff, the `steps`-th); the events in every version.
fn changes_section(
    versions: &[Version<'_>],
    steps: usize,
    latest: &DiffReport,
    history: &HistoryReport,
) -> ChangesSection {
    let rows = change_rows(latest, &latest.factual_edits);
    let mut counts =
        ChangeCounts { changes: rows.len(), factual_edits: latest.factual_edits.len(), ..ChangeCounts::default() };
    for row in &rows {
        match row.kind {
            ChangeKind::Edit | ChangeKind::Split | ChangeKind::Merge => counts.edits += 1,
            ChangeKind::Insert => counts.inserts += 1,
            ChangeKind::Delete => counts.deletes += 1,
            ChangeKind::Move | ChangeKind::MoveEdit => counts.moves += 1,
        }
        counts.words_deleted += row.words_deleted;
        counts.words_inserted += row.words_inserted;
    }
    let header_changes = latest
        .metadata_changes
        .iter()
        .map(|change| HeaderChange {
            key: change.key.clone(),
            excerpt: change.ops.iter().map(|op| ExcerptSegment { op: op.op, text: op.text.to_string() }).collect(),
        })
        .collect();
    let step_overviews = history
        .steps
        .iter()
        .map(|step| StepOverview {
            from: step.from.clone(),
            to: step.to.clone(),
            stats: step.stats.clone(),
            factual_edits: step.factual_edits,
        })
        .collect();
    let first_to_latest = match (versions.first(), versions.last()) {
        (Some(first), Some(last)) if steps > 1 => {
            let diff = diff_articles(first.article, last.article, &DiffOptions::default());
            Some(StepOverview {
                from: version_label(0),
                to: version_label(steps),
                stats: diff.stats,
                factual_edits: diff.factual_edits.len(),
            })
        }
        _ => None,
    };
    ChangesSection {
        from: version_label(steps - 1),
        to: version_label(steps),
        counts,
        header_changes,
        rows,
        factual_edits: latest.factual_edits.clone(),
        events: history.events.clone(),
        steps: step_overviews,
        first_to_latest,
    }
}

fn header(
    timeline: &Timeline,
    latest: Option<&Article>,
    versions: Vec<crate::report::history::VersionSummary>,
) -> BriefHeader {
    let reference = timeline.article.as_ref();
    let meta =
        |key: &str| latest.and_then(|article| article.meta(key)).map(str::trim).filter(|value| !value.is_empty());
    let title = reference.and_then(|article| article.title.clone()).or_else(|| meta("Title").map(String::from));
    let authors = match reference.filter(|article| !article.authors.is_empty()) {
        Some(article) => article.authors.clone(),
        None => meta("Authors").or_else(|| meta("Author")).map(split_authors).unwrap_or_default(),
    };
    // Only a date that was read is shown: the one the article's dates were resolved against.
    let published = reference
        .and_then(|article| article.published.as_ref())
        .cloned()
        .or_else(|| latest.and_then(|article| header_dates(article).published))
        .map(|date| date.to_string());
    BriefHeader { title, authors, published, versions }
}

/// "Wang Li & Nodir Boboev", "A, B and C" -> each name.
fn split_authors(text: &str) -> Vec<String> {
    text.split(['&', ',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(String::from)
        .collect()
}

fn key_events(
    timeline: &Timeline,
    article: &Article,
    links: &[EventLinks],
    conflicts: &[crate::report::align::Conflict],
    read_from: String,
) -> KeyEvents {
    let mut ordered: Vec<(Option<Date>, &EventLinks)> =
        links.iter().map(|event| (Date::parse(&event.date.text).ok(), event)).collect();
    ordered.sort_by(|(a, first), (b, second)| match (a, b) {
        (Some(a), Some(b)) => a.chronological_cmp(b).then_with(|| first.id.cmp(&second.id)),
        _ => first.id.cmp(&second.id),
    });
    let mut counts = KeyEventCounts { events: links.len(), ..KeyEventCounts::default() };
    // By id, not searched for each event: 80,000 events took over a minute.
    let timeline_events: std::collections::HashMap<&str, &crate::timeline::Event> =
        timeline.events.iter().map(|event| (event.id.as_str(), event)).collect();
    let events = ordered
        .into_iter()
        .map(|(_, event)| {
            match event.date_check {
                DateCheck::Consistent => counts.consistent += 1,
                DateCheck::Conflict => counts.conflicts += 1,
                DateCheck::NoDateInText => counts.no_date_in_text += 1,
                DateCheck::NotMentioned => {}
            }
            if event.mentions.is_empty() {
                counts.not_mentioned += 1;
            } else {
                counts.mentioned += 1;
            }
            let timeline_event = timeline_events.get(event.id.as_str()).copied();
            let mut places: Vec<Place> = event
                .mentions
                .iter()
                .map(|mention| Place { paragraph: mention.paragraph, sentence: mention.sentence })
                .collect();
            places.sort_by_key(|place| (place.paragraph, place.sentence));
            places.dedup();
            let strongest =
                event.mentions.iter().reduce(|best, mention| if mention.score > best.score { mention } else { best });
            KeyEvent {
                id: event.id.clone(),
                title: event.title.clone(),
                date: event.date.clone(),
                display: timeline_event.and_then(|candidate| candidate.display.clone()),
                places,
                quote: strongest.and_then(|mention| quote(article, mention)),
                date_check: event.date_check,
                conflicts: conflicts
                    .iter()
                    .filter(|conflict| conflict.event == event.id)
                    .map(|conflict| DateConflict {
                        paragraph: conflict.paragraph,
                        sentence: conflict.sentence,
                        text_date: conflict.text_date.clone(),
                        timeline_date: conflict.timeline_date.clone(),
                        days_apart: conflict.days_apart,
                    })
                    .collect(),
                sources: timeline_event.map(|candidate| candidate.sources.clone()).unwrap_or_default(),
            }
        })
        .collect();
    KeyEvents { read_from, counts, events }
}

/// The mention's sentence, cut around its evidence when long, with the evidence marked.
fn quote(article: &Article, mention: &Mention) -> Option<Quote> {
    let sentence = article
        .paragraphs
        .get(mention.paragraph.checked_sub(1)?)
        .and_then(|paragraph| paragraph.sentences.get(mention.sentence.checked_sub(1)?))
        .map_or(mention.start..mention.end, |sentence| sentence.span.clone());
    let source = &article.source;
    source.get(sentence.clone())?;
    let mut marks: Vec<Range<usize>> = mention
        .evidence
        .iter()
        .map(|evidence| evidence.start.max(sentence.start)..evidence.end.min(sentence.end))
        .filter(|range| {
            range.start < range.end && source.is_char_boundary(range.start) && source.is_char_boundary(range.end)
        })
        .collect();
    marks.sort_by_key(|range| (range.start, range.end));
    let window = quote_window(source, &sentence, marks.first());
    let mut segments = Vec::new();
    let mut cursor = window.start;
    for mark in &marks {
        let start = mark.start.max(cursor);
        let end = mark.end.min(window.end);
        if start >= end {
            continue;
        }
        if start > cursor {
            segments.push(QuoteSegment { text: source[cursor..start].to_string(), marked: false });
        }
        segments.push(QuoteSegment { text: source[start..end].to_string(), marked: true });
        cursor = end;
    }
    if cursor < window.end {
        segments.push(QuoteSegment { text: source[cursor..window.end].to_string(), marked: false });
    }
    if let Some(first) = segments.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = segments.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    if window.start > sentence.start {
        segments.insert(0, QuoteSegment { text: "… ".into(), marked: false });
    }
    if window.end < sentence.end {
        segments.push(QuoteSegment { text: " …".into(), marked: false });
    }
    Some(Quote { paragraph: mention.paragraph, sentence: mention.sentence, segments })
}

/// The whole sentence when short; else about `QUOTE_CHARS` characters from a little before
/// the first mark, cut at spaces.
fn quote_window(source: &str, sentence: &Range<usize>, first_mark: Option<&Range<usize>>) -> Range<usize> {
    let text = &source[sentence.clone()];
    if text.chars().count() <= QUOTE_CHARS {
        return sentence.clone();
    }
    let anchor = first_mark.map_or(sentence.start, |mark| mark.start);
    let before = &source[sentence.start..anchor];
    // Up to a third of the window before the mark, starting at a word.
    let lead: usize = before.chars().rev().take(QUOTE_CHARS / 3).map(char::len_utf8).sum();
    let mut start = anchor - lead;
    if start > sentence.start
        && let Some(space) = source[start..anchor].find(char::is_whitespace)
    {
        start += space;
    }
    let rest = &source[start..sentence.end];
    let span: usize = rest.chars().take(QUOTE_CHARS).map(char::len_utf8).sum();
    let mut end = start + span;
    if end < sentence.end
        && let Some(space) = source[start..end].rfind(char::is_whitespace)
        && space > 0
    {
        end = start + space;
    }
    start..end
}

/// One row per changed block; `factual` (the diff's factual edits) flags the blocks they are in.
fn change_rows(diff: &DiffReport, factual: &[FactualEdit]) -> Vec<ChangeRow> {
    let factual_blocks: Vec<usize> = factual.iter().filter_map(|edit| edit.block).collect();
    diff.blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| block.kind != BlockKind::Unchanged)
        .enumerate()
        .filter_map(|(number, (index, block))| {
            Some(ChangeRow {
                number: number + 1,
                old_paragraph: block.old_paragraph,
                new_paragraph: block.new_paragraph,
                kind: block.change_kind()?,
                words_deleted: block.words.deleted,
                words_inserted: block.words.inserted,
                excerpt: excerpt(block),
                factual: factual_blocks.contains(&(index + 1)),
            })
        })
        .collect()
}

/// The block's ops with long unchanged stretches cut to `CONTEXT_WORDS` at the edges that
/// touch an edit, and whole paragraphs cut to `PARAGRAPH_WORDS`.
fn excerpt(block: &Block) -> Vec<ExcerptSegment> {
    let edited = block.ops.iter().any(|op| op.op != OpKind::Equal);
    let whole = block.ops.iter().all(|op| op.op == block.ops[0].op);
    let last = block.ops.len().saturating_sub(1);
    block
        .ops
        .iter()
        .enumerate()
        .map(|(index, op)| {
            let text = if whole || !edited {
                head(&op.text, PARAGRAPH_WORDS)
            } else if op.op != OpKind::Equal {
                op.text.to_string()
            } else {
                match (index == 0, index == last) {
                    (true, true) => head(&op.text, PARAGRAPH_WORDS),
                    (true, false) => tail(&op.text, CONTEXT_WORDS),
                    (false, true) => head(&op.text, CONTEXT_WORDS),
                    (false, false) => middle(&op.text, CONTEXT_WORDS),
                }
            };
            ExcerptSegment { op: op.op, text }
        })
        .collect()
}

/// Byte offsets where each whitespace-separated word starts and ends.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    text.split_whitespace()
        .map(|word| {
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            start..start + word.len()
        })
        .collect()
}

fn head(text: &str, words: usize) -> String {
    let spans = word_spans(text);
    match spans.get(words) {
        Some(next) => format!("{} …", text[..next.start].trim_end()),
        None => text.to_string(),
    }
}

fn tail(text: &str, words: usize) -> String {
    let spans = word_spans(text);
    if spans.len() <= words {
        return text.to_string();
    }
    format!("… {}", &text[spans[spans.len() - words].start..])
}

fn middle(text: &str, words: usize) -> String {
    let spans = word_spans(text);
    if spans.len() <= 2 * words + 1 {
        return text.to_string();
    }
    let leading = &text[..spans[words - 1].end];
    let trailing = &text[spans[spans.len() - words].start..];
    format!("{leading} … {trailing}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::events::tests::fixture;
    use crate::report::align::{Evidence, EvidenceKind};

    #[test]
    fn the_change_table_lists_every_changed_block_with_its_kind() {
        let fixture = fixture();
        let rows = change_rows(&fixture.diff, &crate::diff::factual_edits(&fixture.diff));
        let kinds: Vec<(ChangeKind, Option<usize>, Option<usize>, bool)> =
            rows.iter().map(|row| (row.kind, row.old_paragraph, row.new_paragraph, row.factual)).collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::Edit, Some(1), Some(1), true),
                (ChangeKind::MoveEdit, Some(3), Some(2), true),
                (ChangeKind::Move, Some(4), Some(3), false),
                (ChangeKind::Edit, Some(2), Some(4), false),
            ]
        );
        assert_eq!((rows[0].words_deleted, rows[0].words_inserted), (1, 2));
        assert_eq!(rows[0].excerpt[3].text, " when the Soviet Union was dissolved, China and …");
    }

    #[test]
    fn excerpts_keep_context_next_to_edits() {
        assert_eq!(middle("a b c d e f g h i j k l m n o p q r s", 3), "a b c … q r s");
        assert_eq!(tail("a b c d e f", 2), "… e f");
        assert_eq!(head("a b c d e f", 2), "a b …");
        assert_eq!(head("a b", 2), "a b");
    }

    #[test]
    fn a_quote_marks_the_matched_words_and_cuts_long_sentences() {
        let fixture = fixture();
        let mention = &fixture.new_align.events[0].mentions[0];
        let quote = quote(&fixture.new, mention).expect("a quote");
        let marked: Vec<&str> =
            quote.segments.iter().filter(|segment| segment.marked).map(|segment| segment.text.as_str()).collect();
        assert_eq!(marked, ["Soviet Union"]);
        let text: String = quote.segments.iter().map(|segment| segment.text.as_str()).collect();
        assert_eq!(text, "Since December 1991 when the Soviet Union was dissolved, China and Russia moved closer.");

        let long = format!("{} the Soviet Union {}", "word ".repeat(80), "tail ".repeat(80));
        let article = crate::diff::events::tests::article("long.txt", &long);
        let at = long.find("Soviet").expect("present");
        let mention = Mention {
            paragraph: 1,
            sentence: 1,
            start: 0,
            end: long.len(),
            text: long.clone(),
            score: 1.0,
            evidence: vec![Evidence {
                kind: EvidenceKind::Alias,
                text: "Soviet Union".into(),
                start: at,
                end: at + 12,
                score: 1.0,
            }],
        };
        let quote = super::quote(&article, &mention).expect("a quote");
        let text: String = quote.segments.iter().map(|segment| segment.text.as_str()).collect();
        assert!(text.starts_with("… word") && text.ends_with("tail …"), "{text}");
        assert!(text.chars().count() <= QUOTE_CHARS + 4, "{}", text.chars().count());
        assert!(quote.segments.iter().any(|segment| segment.marked && segment.text == "Soviet Union"));
    }

    #[test]
    fn authors_are_split_into_names() {
        assert_eq!(split_authors("Wang Li & Nodir Boboev"), ["Wang Li", "Nodir Boboev"]);
        assert_eq!(split_authors("A, B and C"), ["A", "B", "C"]);
    }
}
