//! The event-aware part of a diff: what a change between two versions did to each timeline
//! event, and the factual edits (numbers and dates) a briefing reader must not miss.
//! Paragraph and sentence numbers are 1-based; byte offsets are into each version's file.

use serde::Serialize;

use super::timeline::DateRecord;

/// What the step from one version to the next did to one event.
#[derive(Debug, Clone, Serialize)]
pub struct EventChange {
    pub id: String,
    pub title: String,
    /// The event's date on the timeline.
    pub date: DateRecord,
    pub status: EventStatus,
    pub old_mentions: Vec<MentionRef>,
    pub new_mentions: Vec<MentionRef>,
    /// Every change that touched the event, in the order of the new text.
    pub changes: Vec<Change>,
}

/// One word for what happened to an event. When several apply, the strongest wins, in this
/// order: `date_changed`, `edited`, `moved`, `unchanged`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Mentioned by the same passages, untouched.
    Unchanged,
    /// A mentioning sentence changed, or a passage started or stopped mentioning it.
    Edited,
    /// A date linked to it changed.
    DateChanged,
    /// Its passages moved, their mentioning sentences untouched.
    Moved,
    /// No longer mentioned anywhere.
    Removed,
    /// Newly mentioned.
    Added,
    /// Mentioned in neither version.
    NotMentioned,
}

impl EventStatus {
    pub fn label(self) -> &'static str {
        match self {
            EventStatus::Unchanged => "unchanged",
            EventStatus::Edited => "edited",
            EventStatus::DateChanged => "date changed",
            EventStatus::Moved => "moved",
            EventStatus::Removed => "removed",
            EventStatus::Added => "added",
            EventStatus::NotMentioned => "not mentioned",
        }
    }
}

/// Where a version mentions an event: `¶paragraph.sentence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionRef {
    pub paragraph: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A mentioning passage moved.
    Moved { old_paragraph: usize, new_paragraph: usize },
    /// Words changed in a mentioning sentence: the deleted and inserted runs that overlap it.
    Edited {
        old_paragraph: Option<usize>,
        new_paragraph: Option<usize>,
        old_sentence: Option<usize>,
        new_sentence: Option<usize>,
        /// The deleted and inserted words, trimmed (either may be empty).
        deleted: String,
        inserted: String,
    },
    /// A date linked to the event was rewritten.
    DateChanged { old_paragraph: usize, new_paragraph: usize, old: DateSide, new: DateSide, effect: DateEffect },
    /// A passage of the old version mentioned the event; its successor does not (or it was deleted).
    MentionRemoved { old_paragraph: usize, new_paragraph: Option<usize> },
    /// A passage of the new version mentions the event; its predecessor did not (or it is new).
    MentionAdded { old_paragraph: Option<usize>, new_paragraph: usize },
}

/// A date as the text writes it, and whether it agrees with the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateSide {
    pub sentence: usize,
    /// The words of the text.
    pub text: String,
    /// `None` when the text could not be resolved to a date.
    pub date: Option<DateRecord>,
    pub check: DateAgreement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateAgreement {
    Consistent,
    Conflict,
    Unknown,
}

/// What a date change did to the date check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateEffect {
    /// The old date disagreed with the timeline, the new one agrees.
    CorrectsConflict,
    /// The old date agreed, the new one disagrees.
    IntroducesConflict,
    StillConflict,
    StillConsistent,
    Unknown,
}

impl DateEffect {
    pub fn from_checks(old: DateAgreement, new: DateAgreement) -> DateEffect {
        match (old, new) {
            (DateAgreement::Conflict, DateAgreement::Consistent) => DateEffect::CorrectsConflict,
            (DateAgreement::Consistent, DateAgreement::Conflict) => DateEffect::IntroducesConflict,
            (DateAgreement::Conflict, DateAgreement::Conflict) => DateEffect::StillConflict,
            (DateAgreement::Consistent, DateAgreement::Consistent) => DateEffect::StillConsistent,
            _ => DateEffect::Unknown,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DateEffect::CorrectsConflict => "corrects the conflict with the timeline",
            DateEffect::IntroducesConflict => "introduces a conflict with the timeline",
            DateEffect::StillConflict => "still conflicts with the timeline",
            DateEffect::StillConsistent => "consistent with the timeline before and after",
            DateEffect::Unknown => "cannot be checked against the timeline",
        }
    }
}

/// A changed run of a diff that touches a number or a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactualEdit {
    /// 1-based index of the block in the diff report (`null` for a header field).
    pub block: Option<usize>,
    /// The header field the run is in ("Date"), for a changed header field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    pub old_paragraph: Option<usize>,
    pub new_paragraph: Option<usize>,
    /// The deleted and inserted text of the run, whole.
    pub deleted: String,
    pub inserted: String,
    /// The numbers and dates in the deleted and inserted text ("1992", "December 1991").
    pub old_figures: Vec<String>,
    pub new_figures: Vec<String>,
    /// True when a figure is (part of) a date: a month name or a year.
    pub involves_date: bool,
}
