//! `dossier diff`: the JSON contract, and what every diff renderer reads.

use std::borrow::Cow;

use serde::Serialize;

use super::events::{EventChange, FactualEdit};

/// Op texts borrow from the compared texts (`'a`) where they can: a diff of a book holds
/// its unchanged paragraphs once, not twice.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport<'a> {
    pub schema_version: u32,
    pub old: DocumentSummary,
    pub new: DocumentSummary,
    /// True when the texts say the same thing under the chosen comparison.
    pub identical: bool,
    pub stats: DiffStats,
    /// True when a work bound made part of the diff coarser than it could be.
    pub bounded: bool,
    /// What each bound that was hit did, in words (empty when `bounded` is false).
    pub bound_notes: Vec<String>,
    /// The header fields (`Title:`, `Date:`, front matter) whose values differ.
    pub metadata_changes: Vec<MetadataChange<'a>>,
    /// In the order of the new text, deleted paragraphs where they stood.
    pub blocks: Vec<Block<'a>>,
    /// Changed runs that touch a number or a date: what a briefing reader must not miss.
    pub factual_edits: Vec<FactualEdit>,
    /// What the change did to each timeline event; absent when no timeline is in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventChange>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub path: String,
    pub paragraphs: usize,
    pub words: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DiffStats {
    pub words_common: usize,
    pub words_deleted: usize,
    pub words_inserted: usize,
    /// Deleted words that were replaced by inserted ones (wdiff's "changed"); also counted in
    /// `words_deleted`, so `words_common + words_deleted` is the old text's word count.
    pub words_changed: usize,
    pub paragraphs_unchanged: usize,
    pub paragraphs_changed: usize,
    pub paragraphs_inserted: usize,
    pub paragraphs_deleted: usize,
    pub paragraphs_moved: usize,
    /// Common words over all words of both texts, 0..1.
    pub similarity: f64,
}

/// A header field that differs between the versions: keys match whatever their case, values
/// are compared as the text is (so `--ignore-case` applies to them too).
#[derive(Debug, Clone, Serialize)]
pub struct MetadataChange<'a> {
    /// As the new version spells it (the old one's, for a field it dropped).
    pub key: String,
    /// Absent when only the other version has the field.
    pub old: Option<Cow<'a, str>>,
    pub new: Option<Cow<'a, str>>,
    /// The value's word diff, as a block's ops (`equal` and `delete` rebuild `old`, `equal`
    /// and `insert` rebuild `new`).
    pub ops: Vec<Op<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Unchanged,
    Changed,
    Inserted,
    Deleted,
    Moved,
}

#[derive(Debug, Clone, Serialize)]
pub struct Block<'a> {
    pub kind: BlockKind,
    /// 1-based paragraph numbers, as the loader numbers them.
    pub old_paragraph: Option<usize>,
    pub new_paragraph: Option<usize>,
    pub similarity: f64,
    /// `equal` + `delete` texts rebuild the old paragraph, `equal` + `insert` the new one.
    pub ops: Vec<Op<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    Equal,
    Delete,
    Insert,
}

/// Texts are byte-exact slices of the paragraphs. An `equal` op carries the new text; when the
/// old text of the same words differs (whitespace and line breaks, or what the comparison
/// ignores: case, quote and dash styles, punctuation), `old_text` holds the old bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Op<'a> {
    pub op: OpKind,
    pub text: Cow<'a, str>,
    /// Only on `equal` ops whose old text differs from `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<Cow<'a, str>>,
}

impl<'a> Op<'a> {
    pub fn equal(text: impl Into<Cow<'a, str>>) -> Op<'a> {
        Op { op: OpKind::Equal, text: text.into(), old_text: None }
    }

    /// An equal op whose old text may differ in layout or in what the comparison ignores.
    pub fn equal_with_old(text: impl Into<Cow<'a, str>>, old_text: impl Into<Cow<'a, str>>) -> Op<'a> {
        let (text, old_text) = (text.into(), old_text.into());
        let old_text = if old_text == text { None } else { Some(old_text) };
        Op { op: OpKind::Equal, text, old_text }
    }

    pub fn delete(text: impl Into<Cow<'a, str>>) -> Op<'a> {
        Op { op: OpKind::Delete, text: text.into(), old_text: None }
    }

    pub fn insert(text: impl Into<Cow<'a, str>>) -> Op<'a> {
        Op { op: OpKind::Insert, text: text.into(), old_text: None }
    }

    /// This op's part of the old paragraph (none for an insertion).
    pub fn old_part(&self) -> Option<&str> {
        match self.op {
            OpKind::Equal => Some(self.old_text.as_deref().unwrap_or(&self.text)),
            OpKind::Delete => Some(&self.text),
            OpKind::Insert => None,
        }
    }

    /// This op's part of the new paragraph (none for a deletion).
    pub fn new_part(&self) -> Option<&str> {
        match self.op {
            OpKind::Equal | OpKind::Insert => Some(&self.text),
            OpKind::Delete => None,
        }
    }
}

impl Block<'_> {
    /// The old paragraph, byte for byte (empty for an inserted one).
    pub fn old_text(&self) -> String {
        self.ops.iter().filter_map(Op::old_part).collect()
    }

    /// The new paragraph, byte for byte (empty for a deleted one).
    pub fn new_text(&self) -> String {
        self.ops.iter().filter_map(Op::new_part).collect()
    }
}

/// What a changed block is, as a change table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    #[serde(rename = "edit")]
    Edit,
    #[serde(rename = "insert")]
    Insert,
    #[serde(rename = "delete")]
    Delete,
    #[serde(rename = "move")]
    Move,
    #[serde(rename = "move+edit")]
    MoveEdit,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Edit => "edit",
            ChangeKind::Insert => "insert",
            ChangeKind::Delete => "delete",
            ChangeKind::Move => "move",
            ChangeKind::MoveEdit => "move+edit",
        }
    }
}
