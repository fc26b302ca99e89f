//! `dossier diff --batch`: one line per step of an archive, written as it completes.
//! A step compares two consecutive versions of one article folder.

use serde::Serialize;

use super::diff::DiffStats;
use super::events::EventStatus;
use crate::article::SourceFormat;

/// One step of a batch run: what changed from `old` to `new`, or why they could not be compared.
#[derive(Debug, Clone, Serialize)]
pub struct BatchStep {
    pub schema_version: u32,
    /// The article folder's name.
    pub article: String,
    /// The two versions, as in `diff --format json` (`path`, and `paragraphs` and `words` once
    /// read); paths are under the archive folder given on the command line. Absent when the
    /// article folder itself could not be read.
    pub old: Option<StepVersion>,
    pub new: Option<StepVersion>,
    #[serde(flatten)]
    pub outcome: StepOutcome,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum StepOutcome {
    Compared(StepSummary),
    /// A version could not be read or parsed: the message names the file.
    Failed {
        error: String,
    },
}

/// One version of a step: its path, and its size once it was read and compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepVersion {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_format: Option<SourceFormat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<usize>,
}

/// The statistics part of a diff report, with counts instead of the changes themselves. Each
/// field that `diff --format json` also has means the same there, with the same type.
#[derive(Debug, Clone, Serialize)]
pub struct StepSummary {
    pub identical: bool,
    pub stats: DiffStats,
    pub bounded: bool,
    /// How many changed runs touch a number or a date (`diff --format json` lists them as
    /// `factual_edits`).
    pub factual_edit_count: usize,
    /// What the step did to each timeline event; absent when no timeline is in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventStepStatus>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventStepStatus {
    pub id: String,
    pub status: EventStatus,
}

impl BatchStep {
    pub fn failed(&self) -> bool {
        matches!(self.outcome, StepOutcome::Failed { .. })
    }

    /// True when the versions were compared and say the same thing.
    pub fn identical(&self) -> bool {
        matches!(&self.outcome, StepOutcome::Compared(summary) if summary.identical)
    }
}

/// How a whole batch run went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchTotals {
    pub steps: usize,
    pub identical: usize,
    pub different: usize,
    pub failed: usize,
}

impl BatchTotals {
    pub fn count(&mut self, step: &BatchStep) {
        self.steps += 1;
        if step.failed() {
            self.failed += 1;
        } else if step.identical() {
            self.identical += 1;
        } else {
            self.different += 1;
        }
    }
}
