//! Prose diff: paragraphs paired by similarity, moves that tolerate edits, word-level
//! changes with semantic cleanup, statistics. Work is bounded by counts, never by a clock.
//!
//! The pipeline: fingerprint every paragraph under the comparison (layout never counts);
//! align the fingerprint sequences (common prefix and suffix, patience anchors, Myers in small
//! gaps); inside each change region pair paragraphs by similarity with an order-preserving
//! alignment; look for moves among the paragraphs still unpaired; word-diff each pair; cut the
//! original texts into ops.
//!
//! Ops carry the original bytes: for every block, the `equal` and `delete` ops rebuild the old
//! paragraph byte for byte (an `equal` op's `old_text` when it has one) and the `equal` and
//! `insert` ops the new one. Whitespace between words belongs to the neighbouring equal op
//! when there is one, so edits hold their own words and the gaps inside them.

mod confetti;
pub(crate) mod events;
mod factual;
mod order;
mod pairing;
mod sequence;
mod tokens;
mod words;

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::article::{Article, MetaField, SourceFormat};
use crate::report::SCHEMA_VERSION;
use crate::report::align::AlignReport;
use crate::report::diff::{
    Block, BlockKind, BlockWords, DiffReport, DiffStats, DocumentSummary, MetadataChange, Op, OpKind,
};

pub use confetti::{Confetti, confetti};
pub use events::event_changes;
pub use factual::{factual_edits, figures};

use pairing::{MoveCandidate, Moves, Pairing, PairingMethod};
use rustc_hash::FxBuildHasher;
use sequence::{Budget, match_sequences};
use tokens::{Comparison, Interner, TokenizedParagraph};
use words::{PairDiff, Side};

/// What counts as a change, and the thresholds that shape the diff.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffOptions {
    pub ignore_case: bool,
    pub ignore_punctuation: bool,
    /// Curly and straight quotes, and dash styles, compare equal.
    pub ignore_quotes: bool,
    /// Minimum similarity for two paragraphs in one change region to be paired as an edit.
    pub pair_threshold: f64,
    /// Minimum similarity for an unpaired deleted and inserted paragraph to count as a move.
    pub move_threshold: f64,
    /// A paired paragraph that keeps less than this share of its words is shown replaced whole.
    pub replace_threshold: f64,
}

impl Default for DiffOptions {
    /// Thresholds measured on the revision pairs of the corpus (`threshold_measurement_on_the_corpus`
    /// in the tests): every paragraph pair a reviewer would call one edited paragraph has a
    /// word-bag similarity of at least 0.50 (ToS 2017; 0.61 and 0.91 on the other pairs), while
    /// two different paragraphs of one text reach 0.32 at the 99th percentile and 0.37-0.50 at
    /// the 99.9th. Pairing inside a change region is local, so 0.4 keeps a margin below every
    /// real edit; moves are searched across the whole text, so they need 0.5, on the word diff
    /// too. A pair keeping under half its words reads better replaced whole.
    fn default() -> Self {
        DiffOptions {
            ignore_case: false,
            ignore_punctuation: false,
            ignore_quotes: false,
            pair_threshold: 0.4,
            move_threshold: 0.5,
            replace_threshold: 0.5,
        }
    }
}

impl DiffOptions {
    fn comparison(&self) -> Comparison {
        Comparison {
            ignore_case: self.ignore_case,
            ignore_punctuation: self.ignore_punctuation,
            ignore_quotes: self.ignore_quotes,
        }
    }
}

/// The largest input a diff can take: token offsets inside a paragraph are 32-bit, so no text
/// (and no paragraph) may reach 4 GiB. `--max-input-bytes` is capped here.
pub const MAX_TEXT_BYTES: u64 = u32::MAX as u64;

/// One version of a text, as paragraphs: each paragraph's original text (`'t`, which the
/// report's ops borrow), numbered from 1. Token offsets are 32-bit: a paragraph must be under
/// 4 GiB (inputs are capped far below).
#[derive(Debug, Clone, Copy)]
pub struct Text<'s, 't> {
    pub path: &'s str,
    pub paragraphs: &'s [&'t str],
}

/// Words as the diff counts them, with its tokenizer: every word figure of every report
/// (diff, history, brief) comes from this count.
pub fn count_words(text: &str) -> usize {
    tokens::count_words(text)
}

/// The words of an article's paragraphs (its header lines are not text), as a diff of it
/// counts them.
pub fn article_words(article: &Article) -> usize {
    article.paragraphs.iter().map(|paragraph| count_words(article.text(&paragraph.span))).sum()
}

/// The word figures of a block built by hand (tests), counted from its ops as the diff
/// counts them: a sentence moved inside its paragraph counts as common.
#[cfg(test)]
pub(crate) fn block_words(ops: &[Op]) -> BlockWords {
    let mut words = BlockWords::default();
    for op in ops {
        let count = count_words(&op.text);
        match op.op {
            OpKind::Equal => words.common += count,
            OpKind::Delete if op.moved => words.common += count,
            OpKind::Delete => words.deleted += count,
            OpKind::Insert if op.moved => {}
            OpKind::Insert => words.inserted += count,
        }
    }
    words
}

/// A block of at most one paragraph a side built by hand (tests), its words counted from its ops.
#[cfg(test)]
pub(crate) fn measured_block<'a>(
    kind: BlockKind,
    old_paragraph: Option<usize>,
    new_paragraph: Option<usize>,
    similarity: f64,
    ops: Vec<Op<'a>>,
) -> Block<'a> {
    let words = block_words(&ops);
    Block::single(kind, old_paragraph, new_paragraph, similarity, ops, words)
}

/// Diffs two loaded articles, their header fields too, with the factual edits; `events` is
/// `None` (no timeline: see `diff_articles_with_events`).
pub fn diff_articles<'t>(old: &'t Article, new: &'t Article, options: &DiffOptions) -> DiffReport<'t> {
    let mut report = diff_paragraphs_and_headers(old, new, options);
    report.factual_edits = factual_edits(&report);
    (report.old.source_format, report.new.source_format) = (old.format, new.format);
    report
}

/// `diff_articles` with what the change did to each timeline event, from both versions'
/// alignments (old, new). The articles need their sentences.
pub fn diff_articles_with_events<'t>(
    old: &'t Article,
    new: &'t Article,
    options: &DiffOptions,
    (old_align, new_align): (&AlignReport, &AlignReport),
) -> DiffReport<'t> {
    let mut report = diff_articles(old, new, options);
    report.events = Some(event_changes(old, new, &report, old_align, new_align));
    report
}

/// The paragraphs' diff and the header fields' changes: everything but what is read from them.
fn diff_paragraphs_and_headers<'t>(old: &'t Article, new: &'t Article, options: &DiffOptions) -> DiffReport<'t> {
    let old_paragraphs: Vec<&str> = old.paragraphs.iter().map(|paragraph| old.text(&paragraph.span)).collect();
    let new_paragraphs: Vec<&str> = new.paragraphs.iter().map(|paragraph| new.text(&paragraph.span)).collect();
    let mut report = diff_paragraphs(
        Text { path: &old.path, paragraphs: &old_paragraphs },
        Text { path: &new.path, paragraphs: &new_paragraphs },
        options,
    );
    report.metadata_changes = metadata_changes(&old.metadata, &new.metadata, options);
    // A changed headline or date is a difference a reader must see.
    report.identical &= report.metadata_changes.is_empty();
    report
}

/// The header fields whose values differ under the comparison: the old text's fields in their
/// order, then those only the new one has. A key given twice counts once, as `Article::meta`
/// reads it.
fn metadata_changes<'t>(old: &'t [MetaField], new: &'t [MetaField], options: &DiffOptions) -> Vec<MetadataChange<'t>> {
    let first = |fields: &'t [MetaField], key: &str| fields.iter().find(|field| field.key.eq_ignore_ascii_case(key));
    let mut keys: Vec<&str> = Vec::new();
    for field in old.iter().chain(new) {
        if !keys.iter().any(|key| key.eq_ignore_ascii_case(&field.key)) {
            keys.push(&field.key);
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let (old_field, new_field) = (first(old, key), first(new, key));
            let (old_value, new_value) =
                (old_field.map(|field| field.value.as_str()), new_field.map(|field| field.value.as_str()));
            let ops = match (old_value, new_value) {
                (Some(old_value), Some(new_value)) => value_diff(old_value, new_value, options)?,
                (old_value, new_value) => words::replaced_whole(old_value.unwrap_or(""), new_value.unwrap_or("")),
            };
            Some(MetadataChange {
                key: new_field.or(old_field)?.key.clone(),
                old: old_value.map(Into::into),
                new: new_value.map(Into::into),
                ops,
            })
        })
        .collect()
}

/// The word diff of two values of one header field, as ops; `None` when they are the same
/// under the comparison.
fn value_diff<'t>(old: &'t str, new: &'t str, options: &DiffOptions) -> Option<Vec<Op<'t>>> {
    let diff = diff_paragraphs(Text { path: "", paragraphs: &[old] }, Text { path: "", paragraphs: &[new] }, options);
    if diff.identical {
        return None;
    }
    // Values too unlike to pair come back as a deleted and an inserted paragraph.
    Some(match diff.blocks.as_slice() {
        [block] => block.ops.clone(),
        _ => words::replaced_whole(old, new),
    })
}

/// Work allowed for aligning the paragraph sequences: linear in their length.
fn paragraph_budget(old: usize, new: usize) -> Budget {
    Budget::new(20_000_000 + 64 * (old + new) as u64)
}

/// The paragraph alignment: matched pairs, and the tokens of every paragraph that is not
/// byte-equal to its match (the others are never tokenized).
struct Alignment {
    matches: Vec<(usize, usize)>,
    old_tokens: Vec<TokenizedParagraph>,
    new_tokens: Vec<TokenizedParagraph>,
    /// True when a stretch was too large to align within the work bound.
    bounded: bool,
}

/// Aligns the paragraphs in two stages. First, cheaply, the paragraphs with the same bytes
/// (most of them, in a revision). Then the paragraphs between those are tokenized and aligned
/// again on their compared tokens, so layout and ignored differences are no change.
fn align_paragraphs(old: &[&str], new: &[&str], comparison: Comparison) -> Alignment {
    let mut budget = paragraph_budget(old.len(), new.len());
    let (old_raw, new_raw) = rayon::join(|| raw_hashes(old), || raw_hashes(new));
    let (old_ids, new_ids) = intern_hashes(&old_raw, &new_raw);
    let mut matches = match_sequences(&old_ids, &new_ids, &mut budget);
    matches.retain(|&(o, n)| old[o] == new[n]);

    let stage_one: Vec<_> = gaps(&matches, old.len(), new.len()).collect();
    let old_texts: Vec<&str> = stage_one.iter().flat_map(|(range, _)| &old[range.clone()]).copied().collect();
    let new_texts: Vec<&str> = stage_one.iter().flat_map(|(_, range)| &new[range.clone()]).copied().collect();
    let (old_tokenized, new_tokenized) = Interner::tokenize_both(&old_texts, &new_texts, comparison);
    let mut old_tokens = vec![TokenizedParagraph::default(); old.len()];
    let mut new_tokens = vec![TokenizedParagraph::default(); new.len()];
    for (index, paragraph) in stage_one.iter().flat_map(|(range, _)| range.clone()).zip(old_tokenized) {
        old_tokens[index] = paragraph;
    }
    for (index, paragraph) in stage_one.iter().flat_map(|(_, range)| range.clone()).zip(new_tokenized) {
        new_tokens[index] = paragraph;
    }

    let hashes = |paragraphs: &[TokenizedParagraph]| -> Vec<u64> {
        paragraphs.iter().map(|paragraph| tokens::keys_hash(&paragraph.keys)).collect()
    };
    for (old_range, new_range) in stage_one.iter().filter(|(o, n)| !o.is_empty() && !n.is_empty()) {
        let (old_hashes, new_hashes) = (hashes(&old_tokens[old_range.clone()]), hashes(&new_tokens[new_range.clone()]));
        let (gap_old_ids, gap_new_ids) = intern_hashes(&old_hashes, &new_hashes);
        for (o, n) in match_sequences(&gap_old_ids, &gap_new_ids, &mut budget) {
            let (o, n) = (old_range.start + o, new_range.start + n);
            // Keys are interned, so equal keys are equal tokens: no hash collision can slip through.
            if old_tokens[o].keys == new_tokens[n].keys {
                matches.push((o, n));
            }
        }
    }
    matches.sort_unstable();
    Alignment { matches, old_tokens, new_tokens, bounded: budget.exhausted }
}

/// Diffs two texts given as paragraphs, with the factual edits.
pub fn diff_texts<'t>(old: Text<'_, 't>, new: Text<'_, 't>, options: &DiffOptions) -> DiffReport<'t> {
    let mut report = diff_paragraphs(old, new, options);
    report.factual_edits = factual_edits(&report);
    report
}

/// The paragraphs' diff: blocks, statistics and bound notes. Each stage is a function below,
/// in the order it runs.
fn diff_paragraphs<'t>(old: Text<'_, 't>, new: Text<'_, 't>, options: &DiffOptions) -> DiffReport<'t> {
    let mut notes = Vec::new();
    let alignment = align_paragraphs(old.paragraphs, new.paragraphs, options.comparison());
    if alignment.bounded {
        notes.push(
            "paragraph alignment: stretches too large to align within the work bound were treated as \
             all deleted and inserted, then paired by similarity"
                .to_string(),
        );
    }
    let regions: Vec<Region> = gaps(&alignment.matches, old.paragraphs.len(), new.paragraphs.len())
        .map(|(old_range, new_range)| Region { old: old_range, new: new_range })
        .collect();
    let (old_words, new_words) = paragraph_words(old, new, &alignment);
    let paired = pair_regions(regions, &alignment, options, &mut notes);
    let moves = find_region_moves(old, new, &paired, &alignment, options, &mut notes);
    let word_diffs = diff_words(old, new, &paired, &moves, &alignment, options, &mut notes);
    let (mut blocks, mut stats) =
        emit_blocks(old, new, (&old_words, &new_words), &alignment.matches, &paired, word_diffs);
    order::fewest_moved_words(&mut blocks, &mut stats, |block| {
        let old_words = block.old_paragraph.map_or(0, |number| old_words[number - 1]);
        let new_words = block.new_paragraph.map_or(0, |number| new_words[number - 1]);
        (old_words + new_words) as u64
    });
    let old_total: usize = old_words.iter().sum();
    let new_total: usize = new_words.iter().sum();
    stats.similarity =
        if old_total + new_total == 0 { 1.0 } else { 2.0 * stats.words_common as f64 / (old_total + new_total) as f64 };
    let identical = says_the_same(&blocks, &alignment);
    DiffReport {
        schema_version: SCHEMA_VERSION,
        old: DocumentSummary {
            path: old.path.to_string(),
            source_format: SourceFormat::Text,
            paragraphs: old.paragraphs.len(),
            words: old_total,
        },
        new: DocumentSummary {
            path: new.path.to_string(),
            source_format: SourceFormat::Text,
            paragraphs: new.paragraphs.len(),
            words: new_total,
        },
        identical,
        stats,
        bounded: !notes.is_empty(),
        bound_notes: notes,
        metadata_changes: Vec::new(),
        blocks,
        factual_edits: Vec::new(),
        events: None,
    }
}

/// Words per paragraph of each side: from the tokens where there are any, else counted (once
/// per byte-equal pair, which was never tokenized).
fn paragraph_words(old: Text, new: Text, alignment: &Alignment) -> (Vec<usize>, Vec<usize>) {
    let mut old_words: Vec<usize> = alignment.old_tokens.iter().map(TokenizedParagraph::words).collect();
    let mut new_words: Vec<usize> = alignment.new_tokens.iter().map(TokenizedParagraph::words).collect();
    let counted: Vec<(usize, usize, usize)> = alignment
        .matches
        .par_iter()
        .filter(|&&(o, n)| old.paragraphs[o] == new.paragraphs[n])
        .map(|&(o, n)| (o, n, tokens::count_words(old.paragraphs[o])))
        .collect();
    for (o, n, words) in counted {
        old_words[o] = words;
        new_words[n] = words;
    }
    (old_words, new_words)
}

/// Pairs the paragraphs inside each region (edits, then splits and merges), every region at
/// once: each region with its pairs.
fn pair_regions(
    regions: Vec<Region>,
    alignment: &Alignment,
    options: &DiffOptions,
    notes: &mut Vec<String>,
) -> Vec<(Region, Vec<Pairing>)> {
    let (old_tokens, new_tokens) = (&alignment.old_tokens, &alignment.new_tokens);
    let pairings: Vec<(Vec<(usize, usize)>, PairingMethod)> = regions
        .par_iter()
        .map(|region| {
            pairing::pair_region(
                &old_tokens[region.old.clone()],
                &new_tokens[region.new.clone()],
                options.pair_threshold,
            )
        })
        .collect();
    let lookahead_regions = pairings.iter().filter(|(_, method)| *method == PairingMethod::Lookahead).count();
    if lookahead_regions > 0 {
        notes.push(format!(
            "paragraph pairing: {} with more than {} candidate pairs {} paired by looking a few paragraphs \
             ahead instead of a full alignment",
            crate::render::counted(lookahead_regions, "change region", "change regions"),
            pairing::ALIGNMENT_GRID_LIMIT,
            if lookahead_regions == 1 { "was" } else { "were" }
        ));
    }
    regions
        .into_par_iter()
        .zip(pairings)
        .map(|(region, (pairs, method))| {
            let grouped = pairing::group_splits_and_merges(
                &old_tokens[region.old.clone()],
                &new_tokens[region.new.clone()],
                &pairs,
                method,
                options.pair_threshold,
            );
            (region, grouped)
        })
        .collect()
}

/// Moves among the paragraphs no region paired: `(source, destination, score)`.
fn find_region_moves(
    old: Text,
    new: Text,
    paired: &[(Region, Vec<Pairing>)],
    alignment: &Alignment,
    options: &DiffOptions,
    notes: &mut Vec<String>,
) -> Vec<(usize, usize, f64)> {
    let mut deleted_candidates = Vec::new();
    let mut inserted_candidates = Vec::new();
    for (region, pairs) in paired {
        let mut old_paired = vec![false; region.old.len()];
        let mut new_paired = vec![false; region.new.len()];
        for pairing in pairs {
            old_paired[pairing.old.clone()].fill(true);
            new_paired[pairing.new.clone()].fill(true);
        }
        deleted_candidates.extend(unpaired(region.old.clone(), &old_paired, old.paragraphs, &alignment.old_tokens));
        inserted_candidates.extend(unpaired(region.new.clone(), &new_paired, new.paragraphs, &alignment.new_tokens));
    }
    let Moves { moves, exact_only, repeats_in_order } =
        pairing::find_moves(&deleted_candidates, &inserted_candidates, options.move_threshold);
    if exact_only {
        notes.push(format!(
            "moves: {} unpaired deleted and {} unpaired inserted paragraphs are too many to compare pairwise; \
             only paragraphs moved without edits were detected",
            deleted_candidates.len(),
            inserted_candidates.len()
        ));
    }
    if repeats_in_order {
        notes.push(
            "moves: copies of a paragraph repeated on both sides were matched in their order of appearance, \
             not weighed against every other copy"
                .to_string(),
        );
    }
    moves
}

/// The word diffs of every pair, keyed for the emitter.
struct WordDiffs<'t> {
    /// One old paragraph paired with one new one, by `(old, new)` index.
    pairs: HashMap<(usize, usize), PairDiff<'t>, FxBuildHasher>,
    /// Splits and merges, by the first new paragraph: the old paragraphs and the diff.
    groups: HashMap<usize, (Range<usize>, PairDiff<'t>), FxBuildHasher>,
    /// Moved paragraphs, by old index: their new index.
    move_sources: HashMap<usize, usize, FxBuildHasher>,
    /// Moved paragraphs, by new index: their old index and the diff.
    move_destinations: HashMap<usize, (usize, PairDiff<'t>), FxBuildHasher>,
}

/// Word-diffs every region pair, split, merge and move, all at once. A move whose words diff
/// poorly is more likely two unrelated paragraphs, and is dropped: precision first.
fn diff_words<'t>(
    old: Text<'_, 't>,
    new: Text<'_, 't>,
    paired: &[(Region, Vec<Pairing>)],
    moves: &[(usize, usize, f64)],
    alignment: &Alignment,
    options: &DiffOptions,
    notes: &mut Vec<String>,
) -> WordDiffs<'t> {
    let (old_tokens, new_tokens) = (&alignment.old_tokens, &alignment.new_tokens);
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    let mut group_jobs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (region, pairs) in paired {
        for pairing in pairs {
            let (o, n) = (region.old.start + pairing.old.start, region.new.start + pairing.new.start);
            if pairing.old.len() == 1 && pairing.new.len() == 1 {
                jobs.push((o, n));
            } else {
                group_jobs.push((o..o + pairing.old.len(), n..n + pairing.new.len()));
            }
        }
    }
    let pair_count = jobs.len();
    jobs.extend(moves.iter().map(|&(source, destination, _)| (source, destination)));
    let diffs: Vec<PairDiff> = jobs
        .par_iter()
        .map(|&(o, n)| {
            let old_side = Side { text: old.paragraphs[o], paragraph: &old_tokens[o] };
            let new_side = Side { text: new.paragraphs[n], paragraph: &new_tokens[n] };
            words::diff_pair(old_side, new_side, options.replace_threshold)
        })
        .collect();
    let group_diffs: Vec<PairDiff> = group_jobs
        .par_iter()
        .map(|(old_range, new_range)| {
            let old_sides: Vec<Side> = old_range
                .clone()
                .map(|index| Side { text: old.paragraphs[index], paragraph: &old_tokens[index] })
                .collect();
            let new_sides: Vec<Side> = new_range
                .clone()
                .map(|index| Side { text: new.paragraphs[index], paragraph: &new_tokens[index] })
                .collect();
            words::diff_group(&old_sides, &new_sides, options.replace_threshold)
        })
        .collect();
    let bounded_pairs = diffs.iter().chain(&group_diffs).filter(|diff| diff.bounded).count();
    if bounded_pairs > 0 {
        notes.push(format!(
            "word diff: in {}, stretches with no word unique to both sides were too large to match word by \
             word and are shown deleted and inserted",
            crate::render::counted(bounded_pairs, "paragraph pair", "paragraph pairs")
        ));
    }
    let mut diffs = diffs.into_iter();
    let pairs = jobs[..pair_count].iter().copied().zip(diffs.by_ref()).collect();
    let groups = group_jobs
        .into_iter()
        .zip(group_diffs)
        .map(|((old_range, new_range), diff)| (new_range.start, (old_range, diff)))
        .collect();
    let mut move_sources = HashMap::default();
    let mut move_destinations = HashMap::default();
    for (&(source, destination, _), diff) in moves.iter().zip(diffs) {
        if diff.similarity >= options.move_threshold {
            move_sources.insert(source, destination);
            move_destinations.insert(destination, (source, diff));
        }
    }
    WordDiffs { pairs, groups, move_sources, move_destinations }
}

/// The blocks in the new text's order (deleted paragraphs where they stood), and their counts.
fn emit_blocks<'t>(
    old: Text<'_, 't>,
    new: Text<'_, 't>,
    (old_words, new_words): (&[usize], &[usize]),
    matches: &[(usize, usize)],
    paired: &[(Region, Vec<Pairing>)],
    word_diffs: WordDiffs<'t>,
) -> (Vec<Block<'t>>, DiffStats) {
    let WordDiffs { mut pairs, mut groups, move_sources, mut move_destinations } = word_diffs;
    let mut emitter = Emitter {
        old,
        new,
        old_words,
        new_words,
        blocks: Vec::with_capacity(new.paragraphs.len() + 16),
        stats: DiffStats::default(),
        move_sources: &move_sources,
    };
    let mut match_at = 0;
    for (region, pairs_here) in paired {
        while match_at < matches.len() && matches[match_at].0 < region.old.start {
            emitter.unchanged(matches[match_at]);
            match_at += 1;
        }
        let (mut o, mut n) = (region.old.start, region.new.start);
        let end = Pairing { old: region.old.len()..region.old.len(), new: region.new.len()..region.new.len() };
        for pairing in pairs_here.iter().chain(std::iter::once(&end)) {
            let (po, pn) = (region.old.start + pairing.old.start, region.new.start + pairing.new.start);
            for index in o..po {
                emitter.deleted(index);
            }
            for index in n..pn {
                match move_destinations.remove(&index) {
                    Some((source, diff)) => emitter.paired(BlockKind::Moved, source, index, diff),
                    None => emitter.inserted(index),
                }
            }
            if let Some(diff) = pairs.remove(&(po, pn)) {
                emitter.paired(BlockKind::Changed, po, pn, diff);
            } else if let Some((old_range, diff)) = groups.remove(&pn) {
                emitter.grouped(old_range, pn..pn + pairing.new.len(), diff);
            }
            (o, n) = (po + pairing.old.len(), pn + pairing.new.len());
        }
    }
    for &pair in &matches[match_at..] {
        emitter.unchanged(pair);
    }
    (emitter.blocks, emitter.stats)
}

/// Whether the texts say the same thing: a paragraph with no compared token (blank under the
/// comparison) says nothing; a split or merge that changed no word moved only paragraph
/// breaks, which are layout.
fn says_the_same(blocks: &[Block], alignment: &Alignment) -> bool {
    let says_nothing = |tokens: &[TokenizedParagraph], number: Option<usize>| {
        number.is_some_and(|number| tokens[number - 1].tokens.is_empty())
    };
    blocks.iter().all(|block| match block.kind {
        BlockKind::Unchanged => true,
        BlockKind::Deleted => says_nothing(&alignment.old_tokens, block.old_paragraph),
        BlockKind::Inserted => says_nothing(&alignment.new_tokens, block.new_paragraph),
        BlockKind::Split | BlockKind::Merged => block.ops.iter().all(|op| op.op == OpKind::Equal || op.paragraph_break),
        BlockKind::Changed | BlockKind::Moved => false,
    })
}

/// The paragraphs of one side of a region that no pair took (`paired` is indexed from the
/// region's start), as move candidates.
fn unpaired<'a, 'p>(
    range: std::ops::Range<usize>,
    paired: &'p [bool],
    texts: &'a [&'a str],
    tokens: &'a [TokenizedParagraph],
) -> impl Iterator<Item = MoveCandidate<'a>> + use<'a, 'p> {
    let start = range.start;
    range.filter(move |index| !paired[index - start]).map(move |index| MoveCandidate {
        index,
        text: texts[index],
        fingerprint: tokens::keys_hash(&tokens[index].keys),
        paragraph: &tokens[index],
    })
}

fn raw_hashes(paragraphs: &[&str]) -> Vec<u64> {
    paragraphs.iter().map(|text| tokens::raw_hash(text)).collect()
}

/// Gives each distinct hash of either side a small id.
fn intern_hashes(old: &[u64], new: &[u64]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: HashMap<u64, u32, FxBuildHasher> = HashMap::default();
    let mut id_of = |hash: &u64| {
        let next = ids.len() as u32;
        *ids.entry(*hash).or_insert(next)
    };
    let old_ids = old.iter().map(&mut id_of).collect();
    let new_ids = new.iter().map(&mut id_of).collect();
    (old_ids, new_ids)
}

/// The stretches between matched paragraphs where either side has paragraphs.
fn gaps(
    matches: &[(usize, usize)],
    old_len: usize,
    new_len: usize,
) -> impl Iterator<Item = (std::ops::Range<usize>, std::ops::Range<usize>)> + '_ {
    let mut at = (0, 0);
    matches.iter().copied().chain(std::iter::once((old_len, new_len))).filter_map(move |(mo, mn)| {
        let (o, n) = at;
        at = (mo + 1, mn + 1);
        (mo > o || mn > n).then_some((o..mo, n..mn))
    })
}

/// A stretch between two matched paragraphs where the texts differ.
struct Region {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// Builds the blocks in order and counts as it goes.
struct Emitter<'a, 't> {
    old: Text<'a, 't>,
    new: Text<'a, 't>,
    old_words: &'a [usize],
    new_words: &'a [usize],
    blocks: Vec<Block<'t>>,
    stats: DiffStats,
    move_sources: &'a HashMap<usize, usize, FxBuildHasher>,
}

impl<'t> Emitter<'_, 't> {
    fn unchanged(&mut self, (o, n): (usize, usize)) {
        self.stats.paragraphs_unchanged += 1;
        self.stats.words_common += self.new_words[n];
        self.blocks.push(Block::single(
            BlockKind::Unchanged,
            Some(o + 1),
            Some(n + 1),
            1.0,
            vec![Op::equal_with_old(self.new.paragraphs[n], self.old.paragraphs[o])],
            BlockWords { common: self.new_words[n], ..BlockWords::default() },
        ));
    }

    fn deleted(&mut self, o: usize) {
        // A paragraph that moved is shown once, where it now stands.
        if self.move_sources.contains_key(&o) {
            return;
        }
        self.stats.paragraphs_deleted += 1;
        self.stats.words_deleted += self.old_words[o];
        self.blocks.push(Block::single(
            BlockKind::Deleted,
            Some(o + 1),
            None,
            0.0,
            words::replaced_whole(self.old.paragraphs[o], ""),
            BlockWords { deleted: self.old_words[o], ..BlockWords::default() },
        ));
    }

    fn inserted(&mut self, n: usize) {
        self.stats.paragraphs_inserted += 1;
        self.stats.words_inserted += self.new_words[n];
        self.blocks.push(Block::single(
            BlockKind::Inserted,
            None,
            Some(n + 1),
            0.0,
            words::replaced_whole("", self.new.paragraphs[n]),
            BlockWords { inserted: self.new_words[n], ..BlockWords::default() },
        ));
    }

    /// A split or merge: several paragraphs on one side or both.
    fn grouped(&mut self, old: Range<usize>, new: Range<usize>, diff: PairDiff<'t>) {
        let kind = if new.len() >= old.len() { BlockKind::Split } else { BlockKind::Merged };
        if kind == BlockKind::Split {
            self.stats.paragraphs_split += old.len();
        } else {
            self.stats.paragraphs_merged += old.len();
        }
        self.count_words(&diff);
        self.blocks.push(Block {
            kind,
            old_paragraph: Some(old.start + 1),
            new_paragraph: Some(new.start + 1),
            old_paragraphs: old.map(|index| index + 1).collect(),
            new_paragraphs: new.map(|index| index + 1).collect(),
            similarity: diff.similarity,
            words: diff.block_words(),
            ops: diff.ops,
        });
    }

    fn count_words(&mut self, diff: &PairDiff<'t>) {
        self.stats.words_common += diff.common_words;
        self.stats.words_deleted += diff.deleted_words;
        self.stats.words_inserted += diff.inserted_words;
        self.stats.words_changed += diff.changed_words;
    }

    fn paired(&mut self, kind: BlockKind, o: usize, n: usize, diff: PairDiff<'t>) {
        if kind == BlockKind::Moved {
            self.stats.paragraphs_moved += 1;
        } else {
            self.stats.paragraphs_changed += 1;
        }
        self.count_words(&diff);
        let words = diff.block_words();
        self.blocks.push(Block::single(kind, Some(o + 1), Some(n + 1), diff.similarity, diff.ops, words));
    }
}

#[cfg(test)]
mod tests;
