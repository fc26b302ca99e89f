//! History across N versions: passages chained through the diffs V1->V2->..., events
//! followed step by step.

use std::collections::{HashMap, HashSet};

use crate::article::Article;
use crate::diff::article_words;
use crate::report::SCHEMA_VERSION;
use crate::report::align::AlignReport;
use crate::report::diff::{BlockKind, DiffReport};
use crate::report::events::EventChange;
use crate::report::history::{
    EventCell, EventCellState, EventCounts, EventRow, HistoryReport, HistoryStep, PassageCell, PassageRow,
    PassageState, VersionSummary,
};

/// One version as the history needs it. `align` is `None` when there is no timeline.
pub struct Version<'a> {
    pub article: &'a Article,
    pub align: Option<&'a AlignReport>,
}

/// The label of version `index` (0-based): `V1`, `V2`, ...
pub fn version_label(index: usize) -> String {
    format!("V{}", index + 1)
}

/// `diffs[i]` compares `versions[i]` with `versions[i + 1]`; what each step did to the events
/// is read from its diff (none when the versions are not aligned).
pub fn history(versions: &[Version<'_>], diffs: &[DiffReport]) -> HistoryReport {
    let no_events = Vec::new();
    let step_changes: Vec<&Vec<EventChange>> =
        diffs.iter().map(|diff| diff.events.as_ref().unwrap_or(&no_events)).collect();
    let steps = diffs
        .iter()
        .zip(&step_changes)
        .enumerate()
        .map(|(index, (diff, changes))| {
            let mut events = EventCounts::default();
            for change in changes.iter() {
                events.count(change.status);
            }
            HistoryStep {
                from: version_label(index),
                to: version_label(index + 1),
                stats: diff.stats.clone(),
                bounded: diff.bounded,
                events,
                factual_edits: diff.factual_edits.len(),
                event_changes: (*changes).clone(),
            }
        })
        .collect();
    HistoryReport {
        schema_version: SCHEMA_VERSION,
        versions: versions
            .iter()
            .enumerate()
            .map(|(index, version)| VersionSummary {
                label: version_label(index),
                path: version.article.path.clone(),
                paragraphs: version.article.paragraphs.len(),
                words: article_words(version.article),
            })
            .collect(),
        passages: passage_rows(versions, diffs),
        events: event_rows(versions, &step_changes),
        steps,
    }
}

fn passage_rows(versions: &[Version<'_>], diffs: &[DiffReport]) -> Vec<PassageRow> {
    let columns = versions.len();
    let absent = PassageCell { state: PassageState::Absent, paragraph: None, percent_changed: None };
    let mut rows: Vec<Vec<PassageCell>> = Vec::new();
    let Some(first) = versions.first() else { return Vec::new() };
    // Paragraph number in the current version -> row.
    let mut current: HashMap<usize, usize> = HashMap::new();
    for paragraph in &first.article.paragraphs {
        let mut cells = vec![absent.clone(); columns];
        cells[0] =
            PassageCell { state: PassageState::Present, paragraph: Some(paragraph.number), percent_changed: None };
        current.insert(paragraph.number, rows.len());
        rows.push(cells);
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    for (step, diff) in diffs.iter().enumerate().take(columns.saturating_sub(1)) {
        let column = step + 1;
        let mut next = HashMap::new();
        let mut fresh = Vec::new();
        for block in &diff.blocks {
            let row = match block.old_paragraph.and_then(|number| current.get(&number)) {
                Some(&row) => row,
                None => {
                    rows.push(vec![absent.clone(); columns]);
                    rows.len() - 1
                }
            };
            let cell = match (block.old_paragraph, block.new_paragraph) {
                (_, None) => PassageCell { state: PassageState::Deleted, paragraph: None, percent_changed: None },
                (None, Some(number)) => {
                    PassageCell { state: PassageState::Inserted, paragraph: Some(number), percent_changed: None }
                }
                (Some(_), Some(number)) => {
                    let state = match block.kind {
                        BlockKind::Unchanged => PassageState::Unchanged,
                        BlockKind::Moved => PassageState::Moved,
                        _ => PassageState::Edited,
                    };
                    PassageCell { state, paragraph: Some(number), percent_changed: block.percent_changed() }
                }
            };
            if let Some(number) = cell.paragraph {
                next.insert(number, row);
            }
            rows[row][column] = cell;
            fresh.push(row);
        }
        order = merge_order(&order, fresh);
        current = next;
    }
    order.into_iter().map(|row| PassageRow { cells: rows[row].clone() }).collect()
}

/// The new reading order: this step's rows in the new text's order, and rows that left
/// earlier right after the row that preceded them before.
fn merge_order(previous: &[usize], fresh: Vec<usize>) -> Vec<usize> {
    let placed: HashSet<usize> = fresh.iter().copied().collect();
    let mut order = fresh;
    for (index, &row) in previous.iter().enumerate() {
        if placed.contains(&row) {
            continue;
        }
        let at = match index.checked_sub(1).and_then(|before| order.iter().position(|&other| other == previous[before]))
        {
            Some(position) => position + 1,
            None => 0,
        };
        order.insert(at, row);
    }
    order
}

fn event_rows(versions: &[Version<'_>], step_changes: &[&Vec<EventChange>]) -> Vec<EventRow> {
    let Some(first_align) = versions.first().and_then(|version| version.align) else { return Vec::new() };
    if versions.iter().any(|version| version.align.is_none()) {
        return Vec::new();
    }
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut seen = HashSet::new();
    let last_events = versions.last().and_then(|version| version.align).map(|align| align.events.as_slice());
    for event in last_events.unwrap_or_default().iter().chain(
        versions.iter().flat_map(|version| version.align.map(|align| align.events.as_slice()).unwrap_or_default()),
    ) {
        if seen.insert(event.id.clone()) {
            ids.push((event.id.clone(), event.title.clone()));
        }
    }
    // Looked up by id, not searched for each event: quadratic in the events of a long timeline.
    // Filled from the end, so the first of a repeated id wins, as a search would find it.
    let first_events: HashMap<&str, _> =
        first_align.events.iter().rev().map(|event| (event.id.as_str(), event)).collect();
    let step_changes: Vec<HashMap<&str, &EventChange>> = step_changes
        .iter()
        .map(|changes| changes.iter().rev().map(|change| (change.id.as_str(), change)).collect())
        .collect();
    ids.into_iter()
        .map(|(id, title)| {
            let mut cells = Vec::with_capacity(versions.len());
            let first = first_events.get(id.as_str()).copied();
            let paragraphs = first.map(|event| paragraphs_of(event.mentions.iter().map(|mention| mention.paragraph)));
            let paragraphs = paragraphs.unwrap_or_default();
            let state = if paragraphs.is_empty() { EventCellState::NotMentioned } else { EventCellState::Mentioned };
            cells.push(EventCell { state, paragraphs });
            for changes in &step_changes {
                cells.push(match changes.get(id.as_str()).copied() {
                    Some(change) => EventCell {
                        state: change.status.into(),
                        paragraphs: paragraphs_of(change.new_mentions.iter().map(|mention| mention.paragraph)),
                    },
                    None => EventCell { state: EventCellState::NotMentioned, paragraphs: Vec::new() },
                });
            }
            EventRow { id, title, cells }
        })
        .collect()
}

fn paragraphs_of(numbers: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut paragraphs: Vec<usize> = numbers.collect();
    paragraphs.sort_unstable();
    paragraphs.dedup();
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::events::tests::{article, block, diff, fixture, op};
    use crate::report::diff::OpKind;

    fn states(report: &HistoryReport) -> Vec<Vec<(PassageState, Option<usize>)>> {
        report.passages.iter().map(|row| row.cells.iter().map(|cell| (cell.state, cell.paragraph)).collect()).collect()
    }

    #[test]
    fn passages_keep_their_rows_through_moves_edits_and_deletions() {
        let fixture = fixture();
        // V3: the old ¶2 (now ¶4) deleted, a new paragraph first.
        let third = article(
            "v3.txt",
            "A new opening.\nSince December 1991 when the Soviet Union was dissolved, China and Russia moved closer. They never forged an alliance.\nThe summit between the two Koreas is scheduled for late April.\nXi met Putin in Moscow.",
        );
        let step2 = diff(vec![
            block(BlockKind::Inserted, None, Some(1), vec![op(OpKind::Insert, "A new opening.")]),
            block(BlockKind::Unchanged, Some(1), Some(2), vec![op(OpKind::Equal, "x")]),
            block(BlockKind::Unchanged, Some(2), Some(3), vec![op(OpKind::Equal, "x")]),
            block(BlockKind::Unchanged, Some(3), Some(4), vec![op(OpKind::Equal, "x")]),
            block(BlockKind::Deleted, Some(4), None, vec![op(OpKind::Delete, "On April 4-5, Wang Yi visited Moscow.")]),
        ]);
        let versions = [
            Version { article: &fixture.old, align: None },
            Version { article: &fixture.new, align: None },
            Version { article: &third, align: None },
        ];
        let report = history(&versions, &[fixture.diff.clone(), step2]);
        use PassageState::*;
        assert_eq!(
            states(&report),
            vec![
                vec![(Absent, None), (Absent, None), (Inserted, Some(1))],
                vec![(Present, Some(1)), (Edited, Some(1)), (Unchanged, Some(2))],
                vec![(Present, Some(3)), (Moved, Some(2)), (Unchanged, Some(3))],
                vec![(Present, Some(4)), (Moved, Some(3)), (Unchanged, Some(4))],
                vec![(Present, Some(2)), (Edited, Some(4)), (Deleted, None)],
            ]
        );
        assert_eq!(report.passages[1].cells[1].percent_changed, Some(11));
        assert_eq!(report.passages[2].cells[1].percent_changed, Some(28));
        assert_eq!(report.passages[3].cells[1].percent_changed, None);
        assert!(report.events.is_empty() && report.steps.iter().all(|step| step.event_changes.is_empty()));
        assert_eq!(report.steps[1].from, "V2");
        assert_eq!(report.steps[1].factual_edits, 1, "the deleted paragraph held April 4-5");
    }

    #[test]
    fn a_passage_deleted_early_stays_where_it_stood() {
        assert_eq!(merge_order(&[0, 1, 2, 3], vec![0, 2, 4, 3]), [0, 1, 2, 4, 3]);
        assert_eq!(merge_order(&[5, 0, 1], vec![1, 0]), [5, 1, 0]);
    }

    #[test]
    fn events_show_mentions_first_then_each_step_status() {
        let fixture = fixture();
        let versions = [
            Version { article: &fixture.old, align: Some(&fixture.old_align) },
            Version { article: &fixture.new, align: Some(&fixture.new_align) },
        ];
        let mut diff = fixture.diff.clone();
        diff.events = Some(crate::diff::event_changes(
            &fixture.old,
            &fixture.new,
            &fixture.diff,
            &fixture.old_align,
            &fixture.new_align,
        ));
        let report = history(&versions, std::slice::from_ref(&diff));
        let row = |id: &str| report.events.iter().find(|row| row.id == id).expect("a row");
        assert_eq!(row("soviet").cells[0], EventCell { state: EventCellState::Mentioned, paragraphs: vec![1] });
        assert_eq!(row("soviet").cells[1].state, EventCellState::DateChanged);
        assert_eq!(row("xi-putin").cells[1], EventCell { state: EventCellState::Moved, paragraphs: vec![3] });
        assert_eq!(row("six-party").cells[0].state, EventCellState::NotMentioned);
        assert_eq!(report.steps[0].events.date_changed, 1);
        assert_eq!(report.steps[0].events.removed, 1);
    }
}
