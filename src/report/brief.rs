//! `dossier brief`: the briefing note's JSON contract, and what every brief renderer reads.
//! Key events come from the latest version (`KeyEvents::read_from`); "what changed" gives every
//! step and the first version against the latest, the latest step in detail, and every version
//! in the event status table.

use serde::Serialize;

pub use super::diff::ChangeKind;

use super::align::DateCheck;
use super::diff::{DiffStats, OpKind};
use super::events::FactualEdit;
use super::history::{EventRow, VersionSummary};
use super::timeline::DateRecord;

#[derive(Debug, Clone, Serialize)]
pub struct BriefReport {
    pub schema_version: u32,
    pub header: BriefHeader,
    pub key_events: KeyEvents,
    /// `None` with a single version.
    pub changes: Option<ChangesSection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BriefHeader {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// As the timeline or the article gives it.
    pub published: Option<String>,
    /// Oldest first; the last one is the version briefed.
    pub versions: Vec<VersionSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyEvents {
    /// The label of the version the events were read from (`V3`): the latest.
    pub read_from: String,
    pub counts: KeyEventCounts,
    /// Chronological.
    pub events: Vec<KeyEvent>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KeyEventCounts {
    pub events: usize,
    pub mentioned: usize,
    pub consistent: usize,
    pub conflicts: usize,
    pub no_date_in_text: usize,
    pub not_mentioned: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyEvent {
    pub id: String,
    pub title: String,
    pub date: DateRecord,
    /// The timeline's display form of the date, when it has one.
    pub display: Option<String>,
    /// Every passage that mentions the event, `¶paragraph.sentence`.
    pub places: Vec<Place>,
    /// From the strongest mention.
    pub quote: Option<Quote>,
    pub date_check: DateCheck,
    pub conflicts: Vec<DateConflict>,
    /// As the timeline lists them; renderers link only http(s) addresses.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub paragraph: usize,
    pub sentence: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub paragraph: usize,
    pub sentence: usize,
    /// The quote in pieces; `marked` pieces are the words that matched the event.
    pub segments: Vec<QuoteSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteSegment {
    pub text: String,
    pub marked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateConflict {
    pub paragraph: usize,
    pub sentence: usize,
    pub text_date: DateRecord,
    pub timeline_date: DateRecord,
    pub days_apart: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangesSection {
    /// The step the change table covers: the latest one.
    pub from: String,
    pub to: String,
    pub counts: ChangeCounts,
    /// Header fields (headline, date, byline) whose values changed, each a redline.
    pub header_changes: Vec<HeaderChange>,
    pub rows: Vec<ChangeRow>,
    pub factual_edits: Vec<FactualEdit>,
    /// One row per event, one cell per version (as in `dossier history`).
    pub events: Vec<EventRow>,
    /// Every step, oldest first.
    pub steps: Vec<StepOverview>,
    /// The first version against the latest, with three versions or more.
    pub first_to_latest: Option<StepOverview>,
}

/// What one step (or the first version against the latest) changed, in counts.
#[derive(Debug, Clone, Serialize)]
pub struct StepOverview {
    pub from: String,
    pub to: String,
    pub stats: DiffStats,
    /// Changed runs that touch numbers or dates.
    pub factual_edits: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeCounts {
    pub changes: usize,
    pub edits: usize,
    pub inserts: usize,
    pub deletes: usize,
    pub moves: usize,
    pub words_deleted: usize,
    pub words_inserted: usize,
    pub factual_edits: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    /// 1-based, in the order of the new text.
    pub number: usize,
    pub old_paragraph: Option<usize>,
    pub new_paragraph: Option<usize>,
    pub kind: ChangeKind,
    pub words_deleted: usize,
    pub words_inserted: usize,
    /// The redlined passage, long unchanged stretches cut to their ends around an ellipsis.
    pub excerpt: Vec<ExcerptSegment>,
    /// True when a changed run of this block touches a number or a date.
    pub factual: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderChange {
    pub key: String,
    /// The value's redline, whole.
    pub excerpt: Vec<ExcerptSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcerptSegment {
    pub op: OpKind,
    pub text: String,
}
