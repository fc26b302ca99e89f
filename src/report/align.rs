//! `dossier align`: the JSON contract. Byte offsets are into the original file.

use crate::article::SourceFormat;
use serde::Serialize;

use super::timeline::DateRecord;

#[derive(Debug, Clone, Serialize)]
pub struct AlignReport {
    pub schema_version: u32,
    pub article: ArticleSummary,
    pub events: Vec<EventLinks>,
    pub date_mentions: Vec<DateMentionRecord>,
    pub conflicts: Vec<Conflict>,
    /// 1-based numbers of paragraphs that mention no event.
    pub unlinked_paragraphs: Vec<usize>,
    /// Dates in the text no event accounts for, as stub events (`--suggest`).
    pub candidates: Vec<CandidateEvent>,
    /// With `--explain`: sentences that had evidence for an event but were not linked, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<NearMiss>,
}

/// An (event, sentence) pair with evidence that fell short of a link.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    pub event: String,
    pub paragraph: usize,
    pub sentence: usize,
    pub text: String,
    pub score: f64,
    pub evidence: Vec<Evidence>,
    /// Why it was not linked: "score 1.50 below 2.00", "a single title word never links",
    /// "its evidence is all <event>'s, which has more".
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub path: String,
    /// What the file was read as (text, html, docx): positions point into the text dossier
    /// holds, which `dossier article` shows.
    pub source_format: SourceFormat,
    pub title: Option<String>,
    /// The date the text's dates were resolved against.
    pub published: Option<String>,
    /// A modification date from the header ("updated March 30, 2018"), shown, never used.
    pub modified: Option<String>,
    pub paragraphs: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventLinks {
    pub id: String,
    pub title: String,
    pub date: DateRecord,
    pub mentions: Vec<Mention>,
    pub date_check: DateCheck,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub paragraph: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Alias,
    Actor,
    Place,
    Title,
    Date,
    /// A definite reference ("the withdrawal") to an event mentioned earlier in the text.
    Reference,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateCheck {
    Consistent,
    Conflict,
    NoDateInText,
    NotMentioned,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateMentionRecord {
    pub paragraph: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `None` when the mention could not be resolved to an interval.
    pub date: Option<DateRecord>,
    /// The date the words name before a relation word opens it: 1992 for "since 1992", whose
    /// `date` is 1992/.. (equal to `date` when there is no relation word).
    pub named: Option<DateRecord>,
    /// "since", "from", "until", "before" or "after" when the words qualify the date.
    pub relation: Option<String>,
    /// Why `date` is null.
    pub unresolved: Option<String>,
    /// Events whose linked passage this date belongs to (consistent or in conflict).
    pub events: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub event: String,
    pub paragraph: usize,
    pub sentence: usize,
    /// The words of the date ("Since 1992").
    pub text: String,
    /// The date those words name (1992 for "since 1992"), which is what is compared.
    pub text_date: DateRecord,
    pub timeline_date: DateRecord,
    pub days_apart: i64,
    /// The words of the event's mention that the date is tied to (the nearest cue of the event,
    /// in the same clause): why this date is read as a date of this event.
    pub tied_to: String,
}

/// A date in the text that no event accounts for, as a stub a timeline can take.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateEvent {
    /// Unique among the candidates: the year and the first content words.
    pub id: String,
    /// The sentence, shortened.
    pub title: String,
    /// The date the words name, in the timeline's date form.
    pub date: String,
    pub paragraph: usize,
    pub sentence: usize,
    /// The date's words.
    pub text: String,
}
