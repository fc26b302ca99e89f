//! `dossier history V1 V2 ... VN`: the JSON contract, and what every history renderer reads.
//! Cells run one per version, oldest first; paragraph numbers are 1-based in that version.

use serde::Serialize;

use super::diff::DiffStats;
use super::events::{EventChange, EventStatus};

#[derive(Debug, Clone, Serialize)]
pub struct HistoryReport {
    pub schema_version: u32,
    pub versions: Vec<VersionSummary>,
    /// One row per passage of any version; a passage keeps its row through edits and moves.
    /// Ordered as the newest version reads, deleted passages where they last stood.
    pub passages: Vec<PassageRow>,
    /// One row per timeline event; empty when there is no timeline.
    pub events: Vec<EventRow>,
    /// One per step V1->V2, V2->V3, ...
    pub steps: Vec<HistoryStep>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    /// `V1`, `V2`, ...
    pub label: String,
    pub path: String,
    pub paragraphs: usize,
    pub words: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PassageRow {
    pub cells: Vec<PassageCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageCell {
    pub state: PassageState,
    /// The passage's paragraph number in this version (`None` when absent or deleted).
    pub paragraph: Option<usize>,
    /// For edited passages (moved ones too, when edited on the way): the share of words that
    /// are not common to both sides of the step, over the longer side, in percent (at least 1).
    pub percent_changed: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageState {
    /// Not in this version: not yet written, or deleted earlier.
    Absent,
    /// In the first version.
    Present,
    Unchanged,
    Edited,
    Inserted,
    /// Deleted in the step into this version.
    Deleted,
    Moved,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: String,
    pub title: String,
    pub cells: Vec<EventCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventCell {
    pub state: EventCellState,
    /// Paragraphs of this version that mention the event.
    pub paragraphs: Vec<usize>,
}

/// The first version says whether the event is mentioned; later ones give the status of the
/// step into that version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventCellState {
    Mentioned,
    NotMentioned,
    Unchanged,
    Edited,
    DateChanged,
    Moved,
    Removed,
    Added,
}

impl From<EventStatus> for EventCellState {
    fn from(status: EventStatus) -> Self {
        match status {
            EventStatus::Unchanged => EventCellState::Unchanged,
            EventStatus::Edited => EventCellState::Edited,
            EventStatus::DateChanged => EventCellState::DateChanged,
            EventStatus::Moved => EventCellState::Moved,
            EventStatus::Removed => EventCellState::Removed,
            EventStatus::Added => EventCellState::Added,
            EventStatus::NotMentioned => EventCellState::NotMentioned,
        }
    }
}

impl EventCellState {
    pub fn label(self) -> &'static str {
        match self {
            EventCellState::Mentioned => "mentioned",
            EventCellState::NotMentioned => "not mentioned",
            EventCellState::Unchanged => "unchanged",
            EventCellState::Edited => "edited",
            EventCellState::DateChanged => "date changed",
            EventCellState::Moved => "moved",
            EventCellState::Removed => "removed",
            EventCellState::Added => "added",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryStep {
    pub from: String,
    pub to: String,
    pub stats: DiffStats,
    /// True when a work bound made part of this step's diff coarser.
    pub bounded: bool,
    /// Events per status in this step (all zero when there is no timeline).
    pub events: EventCounts,
    /// Changed runs that touch numbers or dates.
    pub factual_edits: usize,
    /// What this step did to each event, with the details (empty without a timeline).
    pub event_changes: Vec<EventChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventCounts {
    pub unchanged: usize,
    pub edited: usize,
    pub date_changed: usize,
    pub moved: usize,
    pub removed: usize,
    pub added: usize,
    pub not_mentioned: usize,
}

impl EventCounts {
    pub fn count(&mut self, status: EventStatus) {
        let slot = match status {
            EventStatus::Unchanged => &mut self.unchanged,
            EventStatus::Edited => &mut self.edited,
            EventStatus::DateChanged => &mut self.date_changed,
            EventStatus::Moved => &mut self.moved,
            EventStatus::Removed => &mut self.removed,
            EventStatus::Added => &mut self.added,
            EventStatus::NotMentioned => &mut self.not_mentioned,
        };
        *slot += 1;
    }
}
