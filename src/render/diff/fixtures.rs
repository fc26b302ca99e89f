//! Hand-built reports for the renderers' tests: they own their texts.

use crate::article::SourceFormat;
use crate::report::SCHEMA_VERSION;
use crate::report::diff::{Block, BlockKind, DiffReport, DiffStats, DocumentSummary, Op};

pub fn same(text: &str) -> Op<'static> {
    Op::equal(text.to_string())
}

pub fn del(text: &str) -> Op<'static> {
    Op::delete(text.to_string())
}

pub fn ins(text: &str) -> Op<'static> {
    Op::insert(text.to_string())
}

pub fn block(kind: BlockKind, old: Option<usize>, new: Option<usize>, ops: Vec<Op<'static>>) -> Block<'static> {
    crate::diff::measured_block(kind, old, new, 0.8, ops)
}

pub fn unchanged(old: usize, new: usize, text: &str) -> Block<'static> {
    Block { similarity: 1.0, ..block(BlockKind::Unchanged, Some(old), Some(new), vec![same(text)]) }
}

pub fn report(blocks: Vec<Block<'static>>) -> DiffReport<'static> {
    let identical = blocks.iter().all(|block| block.kind == BlockKind::Unchanged);
    DiffReport {
        schema_version: SCHEMA_VERSION,
        old: DocumentSummary { path: "old.txt".into(), source_format: SourceFormat::Text, paragraphs: 6, words: 60 },
        new: DocumentSummary { path: "new.txt".into(), source_format: SourceFormat::Text, paragraphs: 6, words: 62 },
        identical,
        stats: DiffStats {
            words_common: 52,
            words_deleted: 8,
            words_inserted: 10,
            words_changed: 5,
            paragraphs_unchanged: 2,
            paragraphs_changed: 1,
            paragraphs_inserted: 1,
            paragraphs_deleted: 1,
            paragraphs_moved: 1,
            similarity: 0.8525,
            ..DiffStats::default()
        },
        bounded: false,
        bound_notes: Vec::new(),
        metadata_changes: Vec::new(),
        blocks,
        factual_edits: Vec::new(),
        events: None,
    }
}

/// A small report with one of each kind of block: the snapshots' subject.
pub fn small() -> DiffReport<'static> {
    report(vec![
        unchanged(1, 1, "Since 1992, China and Russia have\nmoved closer than ever before."),
        block(
            BlockKind::Changed,
            Some(2),
            Some(2),
            vec![
                same("On April 4-5, the Chinese foreign minister visited "),
                del("Moscow"),
                ins("Sochi"),
                same(" as the special envoy of President Xi. "),
                del("Both ministers"),
                ins("The two ministers"),
                same(" stressed the partnership."),
            ],
        ),
        block(BlockKind::Inserted, None, Some(3), vec![ins("A new paragraph about the Korean Peninsula.")]),
        unchanged(4, 4, "The fourth paragraph is unchanged."),
        block(BlockKind::Deleted, Some(5), None, vec![del("This paragraph was removed entirely.")]),
        block(
            BlockKind::Moved,
            Some(3),
            Some(5),
            vec![same("Britain expelled Russian diplomats "), del("in March"), ins("last spring"), same(".")],
        ),
        unchanged(6, 6, "The last paragraph is unchanged too."),
    ])
}
