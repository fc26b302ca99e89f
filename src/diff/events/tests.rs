//! Event-aware diff on hand-built articles, diffs and alignments; the fixtures serve the
//! history and brief tests too.

use super::*;
use crate::article::{Paragraph, Sentence, SourceFormat};
use crate::report::align::{ArticleSummary, Conflict, DateCheck, Evidence, EvidenceKind};
use crate::report::diff::{Block, DiffStats, DocumentSummary};

/// One paragraph a line, sentences ending in ". ".
pub(crate) fn article(path: &str, text: &str) -> Article {
    let mut paragraphs = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let mut sentences = Vec::new();
        let mut start = 0;
        for (index, _) in body.match_indices(". ") {
            sentences.push(Sentence { number: sentences.len() + 1, span: offset + start..offset + index + 1 });
            start = index + 2;
        }
        sentences.push(Sentence { number: sentences.len() + 1, span: offset + start..offset + body.len() });
        paragraphs.push(Paragraph { number: paragraphs.len() + 1, span: offset..offset + body.len(), sentences });
        offset += line.len();
    }
    Article {
        path: path.into(),
        source: text.into(),
        metadata: Vec::new(),
        paragraphs,
        format: SourceFormat::Text,
        notes: Vec::new(),
    }
}

pub(crate) fn record(text: &str) -> DateRecord {
    DateRecord::from(&Date::parse(text).expect("a valid date"))
}

pub(crate) fn op(kind: OpKind, text: &str) -> Op<'_> {
    match kind {
        OpKind::Equal => Op::equal(text),
        OpKind::Delete => Op::delete(text),
        OpKind::Insert => Op::insert(text),
    }
}

pub(crate) fn block(kind: BlockKind, old: Option<usize>, new: Option<usize>, ops: Vec<Op>) -> Block {
    crate::diff::measured_block(kind, old, new, 0.8, ops)
}

/// A diff of hand-built blocks, with its factual edits as the library finds them.
pub(crate) fn diff(blocks: Vec<Block>) -> DiffReport {
    let summary = DocumentSummary { path: "x".into(), source_format: SourceFormat::Text, paragraphs: 4, words: 40 };
    let mut report = DiffReport {
        schema_version: 1,
        old: summary.clone(),
        new: summary,
        identical: false,
        stats: DiffStats::default(),
        bounded: false,
        bound_notes: Vec::new(),
        metadata_changes: Vec::new(),
        blocks,
        factual_edits: Vec::new(),
        events: None,
    };
    report.factual_edits = crate::diff::factual_edits(&report);
    report
}

/// A mention of the whole sentence `¶paragraph.sentence`, with `phrase` as its evidence.
fn mention(article: &Article, paragraph: usize, sentence: usize, phrase: &str) -> Mention {
    let span = article.paragraphs[paragraph - 1].sentences[sentence - 1].span.clone();
    let text = article.text(&span).to_string();
    let at = span.start + text.find(phrase).expect("the phrase is in the sentence");
    Mention {
        paragraph,
        sentence,
        start: span.start,
        end: span.end,
        text,
        score: 1.0,
        evidence: vec![Evidence {
            kind: EvidenceKind::Alias,
            text: phrase.into(),
            start: at,
            end: at + phrase.len(),
            score: 1.0,
        }],
    }
}

fn date_mention(article: &Article, paragraph: usize, text: &str, date: &str, events: &[&str]) -> DateMentionRecord {
    let start = article.source.find(text).expect("the date is in the text");
    let sentence = article.paragraphs[paragraph - 1]
        .sentences
        .iter()
        .find(|sentence| sentence.span.contains(&start))
        .expect("the date is in a sentence")
        .number;
    DateMentionRecord {
        paragraph,
        sentence,
        start,
        end: start + text.len(),
        text: text.into(),
        date: Some(record(date)),
        named: Some(record(date)),
        relation: None,
        unresolved: None,
        events: events.iter().map(ToString::to_string).collect(),
    }
}

fn links(id: &str, date: &str, mentions: Vec<Mention>) -> EventLinks {
    let date_check = if mentions.is_empty() { DateCheck::NotMentioned } else { DateCheck::Consistent };
    EventLinks { id: id.into(), title: format!("Event {id}"), date: record(date), mentions, date_check }
}

fn align(article: &Article, events: Vec<EventLinks>, date_mentions: Vec<DateMentionRecord>) -> AlignReport {
    AlignReport {
        schema_version: 1,
        article: ArticleSummary {
            path: article.path.clone(),
            source_format: SourceFormat::Text,
            title: None,
            published: None,
            modified: None,
            paragraphs: article.paragraphs.len(),
        },
        events,
        date_mentions,
        conflicts: Vec::new(),
        unlinked_paragraphs: Vec::new(),
        candidates: Vec::new(),
        near_misses: Vec::new(),
    }
}

const OLD: &str =
    "Since 1992 when the Soviet Union was dissolved, China and Russia moved closer. They never forged an alliance.
On April 4-5, Wang Yi visited Moscow. Britain expelled diplomats.
The summit between the two Koreas is scheduled.
Xi met Putin in Moscow.";

const NEW: &str = "Since December 1991 when the Soviet Union was dissolved, China and Russia moved closer. They never forged an alliance.
The summit between the two Koreas is scheduled for late April.
Xi met Putin in Moscow.
On April 4-5, Wang Yi visited Moscow.";

pub(crate) struct Fixture {
    pub(crate) old: Article,
    pub(crate) new: Article,
    pub(crate) diff: DiffReport<'static>,
    pub(crate) old_align: AlignReport,
    pub(crate) new_align: AlignReport,
}

pub(crate) fn fixture() -> Fixture {
    let old = article("v1.txt", OLD);
    let new = article("v2.txt", NEW);
    let diff = diff(vec![
        block(
            BlockKind::Changed,
            Some(1),
            Some(1),
            vec![
                op(OpKind::Equal, "Since "),
                op(OpKind::Delete, "1992"),
                op(OpKind::Insert, "December 1991"),
                op(
                    OpKind::Equal,
                    " when the Soviet Union was dissolved, China and Russia moved closer. They never forged an alliance.",
                ),
            ],
        ),
        block(
            BlockKind::Moved,
            Some(3),
            Some(2),
            vec![
                op(OpKind::Equal, "The summit between the two Koreas is scheduled"),
                op(OpKind::Insert, " for late April"),
                op(OpKind::Equal, "."),
            ],
        ),
        block(BlockKind::Moved, Some(4), Some(3), vec![op(OpKind::Equal, "Xi met Putin in Moscow.")]),
        block(
            BlockKind::Changed,
            Some(2),
            Some(4),
            vec![
                op(OpKind::Equal, "On April 4-5, Wang Yi visited Moscow."),
                op(OpKind::Delete, " Britain expelled diplomats."),
            ],
        ),
    ]);
    let mut old_align = align(
        &old,
        vec![
            links("soviet", "1991-12-26", vec![mention(&old, 1, 1, "Soviet Union")]),
            links("wang-yi", "2018-04-04/2018-04-05", vec![mention(&old, 2, 1, "Wang Yi")]),
            links("expulsions", "2018-03-26", vec![mention(&old, 2, 2, "expelled diplomats")]),
            links("summit", "2018-04-27", vec![mention(&old, 3, 1, "summit between the two Koreas")]),
            links("xi-putin", "2018", vec![mention(&old, 4, 1, "Xi met Putin")]),
            links("six-party", "2003-08/2009-04", Vec::new()),
        ],
        vec![
            date_mention(&old, 1, "1992", "1992", &[]),
            date_mention(&old, 2, "April 4-5", "2018-04-04/2018-04-05", &["wang-yi"]),
        ],
    );
    old_align.conflicts.push(Conflict {
        event: "soviet".into(),
        paragraph: 1,
        sentence: 1,
        text: "1992".into(),
        text_date: record("1992"),
        timeline_date: record("1991-12-26"),
        days_apart: 6,
        tied_to: "Soviet Union".into(),
    });
    let new_align = align(
        &new,
        vec![
            links("soviet", "1991-12-26", vec![mention(&new, 1, 1, "Soviet Union")]),
            links("wang-yi", "2018-04-04/2018-04-05", vec![mention(&new, 4, 1, "Wang Yi")]),
            links("expulsions", "2018-03-26", Vec::new()),
            links("summit", "2018-04-27", vec![mention(&new, 2, 1, "summit between the two Koreas")]),
            links("xi-putin", "2018", vec![mention(&new, 3, 1, "Xi met Putin")]),
            links("six-party", "2003-08/2009-04", Vec::new()),
        ],
        vec![
            date_mention(&new, 1, "December 1991", "1991-12", &["soviet"]),
            date_mention(&new, 2, "late April", "2018-04", &["summit"]),
            date_mention(&new, 4, "April 4-5", "2018-04-04/2018-04-05", &["wang-yi"]),
        ],
    );
    Fixture { old, new, diff, old_align, new_align }
}

fn changes_of(fixture: &Fixture) -> HashMap<String, EventChange> {
    event_changes(&fixture.old, &fixture.new, &fixture.diff, &fixture.old_align, &fixture.new_align)
        .into_iter()
        .map(|change| (change.id.clone(), change))
        .collect()
}

#[test]
fn a_corrected_year_is_a_date_change_that_corrects_the_conflict() {
    let changes = changes_of(&fixture());
    let soviet = &changes["soviet"];
    assert_eq!(soviet.status, EventStatus::DateChanged);
    let [Change::DateChanged { old, new, effect, old_paragraph: 1, new_paragraph: 1 }] = soviet.changes.as_slice()
    else {
        panic!("one date change expected: {:?}", soviet.changes);
    };
    assert_eq!((old.text.as_str(), new.text.as_str()), ("1992", "December 1991"));
    assert_eq!((old.check, new.check), (DateAgreement::Conflict, DateAgreement::Consistent));
    assert_eq!(*effect, DateEffect::CorrectsConflict);
}

#[test]
fn an_edit_outside_the_mentioning_sentence_leaves_the_event_unchanged() {
    let changes = changes_of(&fixture());
    assert_eq!(changes["wang-yi"].status, EventStatus::Unchanged, "{:?}", changes["wang-yi"].changes);
    assert!(changes["wang-yi"].changes.is_empty());
}

#[test]
fn a_deleted_only_mention_is_removed() {
    let changes = changes_of(&fixture());
    assert_eq!(changes["expulsions"].status, EventStatus::Removed);
    assert!(changes["expulsions"].changes.iter().any(|change| matches!(
        change,
        Change::Edited { old_sentence: Some(2), deleted, .. } if deleted == "Britain expelled diplomats."
    )));
}

#[test]
fn a_moved_and_edited_passage_is_edited_and_says_it_moved() {
    let changes = changes_of(&fixture());
    let summit = &changes["summit"];
    assert_eq!(summit.status, EventStatus::Edited);
    assert!(summit.changes.contains(&Change::Moved { old_paragraph: 3, new_paragraph: 2 }));
    assert!(summit.changes.iter().any(|change| matches!(
        change,
        Change::Edited { new_sentence: Some(1), inserted, .. } if inserted == "for late April"
    )));
}

#[test]
fn a_moved_passage_is_moved() {
    let changes = changes_of(&fixture());
    assert_eq!(changes["xi-putin"].status, EventStatus::Moved);
    assert_eq!(changes["xi-putin"].changes, [Change::Moved { old_paragraph: 4, new_paragraph: 3 }]);
}

#[test]
fn events_in_neither_version_are_not_mentioned_and_new_ones_added() {
    let fixture = fixture();
    assert_eq!(changes_of(&fixture)["six-party"].status, EventStatus::NotMentioned);
    // Read backwards, the removed mention is an added one.
    let reversed_diff = diff(
        fixture
            .diff
            .blocks
            .iter()
            .map(|block| Block {
                old_paragraph: block.new_paragraph,
                new_paragraph: block.old_paragraph,
                ops: block
                    .ops
                    .iter()
                    .map(|op| match op.op {
                        OpKind::Delete => Op::insert(op.text.clone()),
                        OpKind::Insert => Op::delete(op.text.clone()),
                        OpKind::Equal => op.clone(),
                    })
                    .collect(),
                ..block.clone()
            })
            .collect(),
    );
    let changes = event_changes(&fixture.new, &fixture.old, &reversed_diff, &fixture.new_align, &fixture.old_align);
    let expulsions = changes.iter().find(|change| change.id == "expulsions").expect("the event is listed");
    assert_eq!(expulsions.status, EventStatus::Added);
    let soviet = changes.iter().find(|change| change.id == "soviet").expect("the event is listed");
    assert!(matches!(soviet.changes.as_slice(), [Change::DateChanged { effect: DateEffect::IntroducesConflict, .. }]));
}

#[test]
fn an_unlocated_run_is_no_edit_when_the_mentioning_sentence_reads_the_same() {
    let mut fixture = fixture();
    // A normalized comparison: the equal text differs from the file's bytes, so the deleted
    // sentence ("Britain expelled diplomats.") cannot be located. It once was charged to the
    // sentence that mentions the event; that sentence is the same in both files, so the event's
    // passage did not change.
    fixture.diff.blocks[3].ops[0].text = "On April 4–5, Wang Yi visited Moscow.".into();
    let changes = changes_of(&fixture);
    assert_eq!(changes["wang-yi"].status, EventStatus::Unchanged);
}

#[test]
fn a_date_that_only_partly_overlaps_the_timeline_disagrees() {
    let timeline = Date::parse("2018-04-04/2018-04-05").ok();
    assert_eq!(agreement(Some(&record("2018-04-05/2018-04-06")), timeline.as_ref()), DateAgreement::Conflict);
    assert_eq!(agreement(Some(&record("2018-04-05")), timeline.as_ref()), DateAgreement::Consistent);
    assert_eq!(agreement(Some(&record("2018-04")), timeline.as_ref()), DateAgreement::Consistent);
    assert_eq!(agreement(None, timeline.as_ref()), DateAgreement::Unknown);
}

#[test]
fn links_read_as_their_text() {
    assert_eq!(without_links("a [b c](https://e.org/x) d"), "a b c d");
    assert_eq!(without_links("a <a href=\"https://e.org\">b</a> c"), "a b c");
    assert_eq!(without_links("[1] and x < y and [a] (b)"), "[1] and x < y and [a] (b)");
}
