//! `dossier diff`: the JSON contract, and what every diff renderer reads.

use std::borrow::Cow;

use crate::article::SourceFormat;
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
    /// What the file was read as (text, html, docx): positions point into the text dossier
    /// holds, which `dossier article` shows.
    pub source_format: SourceFormat,
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
    /// Old paragraphs split into several new ones (also by a split that edited words), and
    /// old paragraphs merged into fewer new ones: with the five counts above they add up to
    /// the old text's paragraphs.
    pub paragraphs_split: usize,
    pub paragraphs_merged: usize,
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
    /// Consecutive paragraphs whose words run on across a new paragraph break: one old
    /// paragraph (or a few) became more new ones.
    Split,
    /// Consecutive old paragraphs joined into fewer new ones.
    Merged,
}

#[derive(Debug, Clone, Serialize)]
pub struct Block<'a> {
    pub kind: BlockKind,
    /// 1-based paragraph numbers, as the loader numbers them; the first of several in a
    /// split or merged block.
    pub old_paragraph: Option<usize>,
    pub new_paragraph: Option<usize>,
    /// Every paragraph of a split or merged block, on each side; empty for other blocks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub old_paragraphs: Vec<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub new_paragraphs: Vec<usize>,
    pub similarity: f64,
    /// `equal` + `delete` texts rebuild the old paragraph, `equal` + `insert` the new one; in
    /// a split or merged block, break ops end one paragraph and start the next (see `Op`).
    pub ops: Vec<Op<'a>>,
    /// The block's words as the diff counted them: what every word figure shown for the block
    /// (change tables, percentages, history cells) is read from. Not part of the JSON contract.
    #[serde(skip)]
    pub words: BlockWords,
}

/// Words of one block, counted once by the diff with its tokenizer (the count behind
/// `DiffStats`): a block's figures add up to the report's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockWords {
    /// Words on both sides; a sentence moved inside its paragraph counts here.
    pub common: usize,
    pub deleted: usize,
    pub inserted: usize,
}

impl<'a> Block<'a> {
    /// A block of at most one paragraph a side: anything but a split or a merge.
    pub fn single(
        kind: BlockKind,
        old_paragraph: Option<usize>,
        new_paragraph: Option<usize>,
        similarity: f64,
        ops: Vec<Op<'a>>,
        words: BlockWords,
    ) -> Self {
        Block {
            kind,
            old_paragraph,
            new_paragraph,
            old_paragraphs: Vec::new(),
            new_paragraphs: Vec::new(),
            similarity,
            ops,
            words,
        }
    }

    /// Whether any op deletes or inserts text (a paragraph break or a lone comma included).
    pub fn has_edits(&self) -> bool {
        self.ops.iter().any(|op| op.op != OpKind::Equal)
    }

    /// What the change tables call the block; `None` for an unchanged one. A moved paragraph
    /// with any deleted or inserted text, even punctuation alone, is `move+edit`.
    pub fn change_kind(&self) -> Option<ChangeKind> {
        Some(match self.kind {
            BlockKind::Unchanged => return None,
            BlockKind::Inserted => ChangeKind::Insert,
            BlockKind::Deleted => ChangeKind::Delete,
            BlockKind::Moved if self.has_edits() => ChangeKind::MoveEdit,
            BlockKind::Moved => ChangeKind::Move,
            BlockKind::Split => ChangeKind::Split,
            BlockKind::Merged => ChangeKind::Merge,
            BlockKind::Changed => ChangeKind::Edit,
        })
    }

    /// The share of the longer side's words that are not common to both, in percent (at least
    /// 1); `None` when no op deletes or inserts anything.
    pub fn percent_changed(&self) -> Option<u32> {
        if !self.has_edits() {
            return None;
        }
        let BlockWords { common, deleted, inserted } = self.words;
        let longer = (common + deleted).max(common + inserted);
        if longer == 0 {
            return Some(1);
        }
        let percent = (100 * (longer - common.min(longer))).div_ceil(longer);
        Some(u32::try_from(percent).unwrap_or(100).max(1))
    }
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
///
/// A paragraph break inside a split or merged block is an op with empty text and
/// `paragraph_break` true: `insert` for a break only the new text has (a split), `delete` for
/// one only the old text had (a merge), `equal` for one both keep. It ends the paragraph its
/// side was rebuilding and starts the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Op<'a> {
    pub op: OpKind,
    pub text: Cow<'a, str>,
    /// Only on `equal` ops whose old text differs from `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub paragraph_break: bool,
    /// On a `delete` op whose words the block inserts elsewhere unchanged, and on that `insert`
    /// op: a sentence that moved inside its paragraph. Its words count as common, not changed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
}

impl<'a> Op<'a> {
    pub fn equal(text: impl Into<Cow<'a, str>>) -> Op<'a> {
        Op { op: OpKind::Equal, text: text.into(), old_text: None, paragraph_break: false, moved: false }
    }

    /// An equal op whose old text may differ in layout or in what the comparison ignores.
    pub fn equal_with_old(text: impl Into<Cow<'a, str>>, old_text: impl Into<Cow<'a, str>>) -> Op<'a> {
        let (text, old_text) = (text.into(), old_text.into());
        let old_text = if old_text == text { None } else { Some(old_text) };
        Op { op: OpKind::Equal, text, old_text, paragraph_break: false, moved: false }
    }

    pub fn delete(text: impl Into<Cow<'a, str>>) -> Op<'a> {
        Op { op: OpKind::Delete, text: text.into(), old_text: None, paragraph_break: false, moved: false }
    }

    pub fn insert(text: impl Into<Cow<'a, str>>) -> Op<'a> {
        Op { op: OpKind::Insert, text: text.into(), old_text: None, paragraph_break: false, moved: false }
    }

    /// A paragraph break on the sides `op` names: `insert` new only, `delete` old only,
    /// `equal` both.
    pub fn paragraph_break(op: OpKind) -> Op<'a> {
        Op { op, text: Cow::Borrowed(""), old_text: None, paragraph_break: true, moved: false }
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

impl<'a> Block<'a> {
    /// The old paragraph, byte for byte (empty for an inserted one); the old paragraphs of a
    /// split or merged block joined by a blank line.
    pub fn old_text(&self) -> String {
        self.old_paragraph_texts().join("\n\n")
    }

    /// The new paragraph, byte for byte (empty for a deleted one); the new paragraphs of a
    /// split or merged block joined by a blank line.
    pub fn new_text(&self) -> String {
        self.new_paragraph_texts().join("\n\n")
    }

    /// Each old paragraph of the block, byte for byte.
    pub fn old_paragraph_texts(&self) -> Vec<String> {
        self.side_texts(|op| op.op != OpKind::Insert, Op::old_part)
    }

    /// Each new paragraph of the block, byte for byte.
    pub fn new_paragraph_texts(&self) -> Vec<String> {
        self.side_texts(|op| op.op != OpKind::Delete, Op::new_part)
    }

    /// The old paragraph numbers the block holds: one, several (split or merged), or none.
    pub fn old_paragraph_numbers(&self) -> Vec<usize> {
        if self.old_paragraphs.is_empty() {
            self.old_paragraph.into_iter().collect()
        } else {
            self.old_paragraphs.clone()
        }
    }

    /// The new paragraph numbers the block holds.
    pub fn new_paragraph_numbers(&self) -> Vec<usize> {
        if self.new_paragraphs.is_empty() {
            self.new_paragraph.into_iter().collect()
        } else {
            self.new_paragraphs.clone()
        }
    }

    /// Whether the block is code, whose lines and indentation are part of what it says: fenced
    /// code (its text opens with the fence) or indented code (every line after the first indented
    /// by four spaces or a tab; the first line's indent went with the paragraph's outer whitespace).
    pub fn is_code(&self) -> bool {
        let text = if self.new_paragraph.is_some() { self.new_text() } else { self.old_text() };
        if text.starts_with("```") || text.starts_with("~~~") {
            return true;
        }
        let mut later_lines = text.lines().skip(1).filter(|line| !line.trim().is_empty()).peekable();
        later_lines.peek().is_some() && later_lines.all(|line| line.starts_with("    ") || line.starts_with('\t'))
    }

    /// Whether the block is a Markdown table: two or more lines, each a row (`| a | b |`).
    pub fn is_table(&self) -> bool {
        let text = if self.new_paragraph.is_some() { self.new_text() } else { self.old_text() };
        let mut rows = text.lines().filter(|line| !line.trim().is_empty()).peekable();
        text.lines().nth(1).is_some() && rows.peek().is_some() && rows.all(|line| line.trim_start().starts_with('|'))
    }

    /// Whether the renderers show the block line by line as the file lays it out: code, whose
    /// lines and indentation are part of what it says, and tables, whose rows are.
    pub fn keeps_lines(&self) -> bool {
        self.is_code() || self.is_table()
    }

    fn side_texts<'s>(
        &'s self,
        breaks_here: impl Fn(&Op) -> bool,
        part: impl Fn(&'s Op<'a>) -> Option<&'s str>,
    ) -> Vec<String> {
        let mut texts = vec![String::new()];
        for op in &self.ops {
            if op.paragraph_break {
                if breaks_here(op) {
                    texts.push(String::new());
                }
            } else if let (Some(part), Some(text)) = (part(op), texts.last_mut()) {
                text.push_str(part);
            }
        }
        texts
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
    #[serde(rename = "split")]
    Split,
    #[serde(rename = "merge")]
    Merge,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Edit => "edit",
            ChangeKind::Insert => "insert",
            ChangeKind::Delete => "delete",
            ChangeKind::Move => "move",
            ChangeKind::MoveEdit => "move+edit",
            ChangeKind::Split => "split",
            ChangeKind::Merge => "merge",
        }
    }
}
