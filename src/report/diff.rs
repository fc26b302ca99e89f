//! `dossier diff`: the JSON contract, and what every diff renderer reads.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
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
    /// In the order of the new text, deleted paragraphs where they stood.
    pub blocks: Vec<Block>,
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
    /// Deleted words that were replaced by inserted ones (wdiff's "changed").
    pub words_changed: usize,
    pub paragraphs_unchanged: usize,
    pub paragraphs_changed: usize,
    pub paragraphs_inserted: usize,
    pub paragraphs_deleted: usize,
    pub paragraphs_moved: usize,
    /// Common words over all words of both texts, 0..1.
    pub similarity: f64,
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
pub struct Block {
    pub kind: BlockKind,
    /// 1-based paragraph numbers, as the loader numbers them.
    pub old_paragraph: Option<usize>,
    pub new_paragraph: Option<usize>,
    pub similarity: f64,
    /// `equal` + `delete` texts rebuild the old paragraph, `equal` + `insert` the new one.
    pub ops: Vec<Op>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    Equal,
    Delete,
    Insert,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Op {
    pub op: OpKind,
    pub text: String,
}
