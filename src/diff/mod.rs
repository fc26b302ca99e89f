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
mod pairing;
mod sequence;
mod tokens;
mod words;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::article::Article;
use crate::report::SCHEMA_VERSION;
use crate::report::diff::{Block, BlockKind, DiffReport, DiffStats, DocumentSummary, Op};

pub use confetti::{Confetti, confetti};

use pairing::{MoveCandidate, PairingMethod};
use sequence::{Budget, match_sequences};
use tokens::{Comparison, Fingerprint, FxBuildHasher, Interner, TokenizedParagraph};
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
    /// Thresholds measured on the revision pairs of the corpus (see the module tests and
    /// scripts/bench-compare.sh): real edits of one paragraph keep a word-bag similarity well
    /// above 0.5, while unrelated paragraphs of the same text share common words up to about 0.3.
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

/// One version of a text, as paragraphs: each paragraph's original text, numbered from 1.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub path: &'a str,
    pub paragraphs: &'a [&'a str],
}

/// Diffs two loaded articles.
pub fn diff_articles(old: &Article, new: &Article, options: &DiffOptions) -> DiffReport {
    let old_paragraphs: Vec<&str> = old.paragraphs.iter().map(|paragraph| old.text(&paragraph.span)).collect();
    let new_paragraphs: Vec<&str> = new.paragraphs.iter().map(|paragraph| new.text(&paragraph.span)).collect();
    diff_texts(
        Text { path: &old.path, paragraphs: &old_paragraphs },
        Text { path: &new.path, paragraphs: &new_paragraphs },
        options,
    )
}

/// Work allowed for aligning the paragraph sequences: linear in their length.
fn paragraph_budget(old: usize, new: usize) -> Budget {
    Budget::new(20_000_000 + 64 * (old + new) as u64)
}

/// Diffs two texts given as paragraphs.
pub fn diff_texts(old: Text<'_>, new: Text<'_>, options: &DiffOptions) -> DiffReport {
    let comparison = options.comparison();
    let (old_prints, new_prints) = rayon::join(
        || fingerprints(old.paragraphs, comparison),
        || fingerprints(new.paragraphs, comparison),
    );
    let mut notes = Vec::new();

    // Paragraph alignment on fingerprints, each distinct fingerprint an id.
    let mut ids: HashMap<u64, u32, FxBuildHasher> = HashMap::default();
    let mut id_of = |print: &Fingerprint| {
        let next = ids.len() as u32;
        *ids.entry(print.hash).or_insert(next)
    };
    let old_ids: Vec<u32> = old_prints.iter().map(&mut id_of).collect();
    let new_ids: Vec<u32> = new_prints.iter().map(&mut id_of).collect();
    let mut budget = paragraph_budget(old_ids.len(), new_ids.len());
    let mut matches = match_sequences(&old_ids, &new_ids, &mut budget);
    if budget.exhausted {
        notes.push(
            "paragraph alignment: stretches too large to align within the work bound were treated as \
             all deleted and inserted, then paired by similarity"
                .to_string(),
        );
    }
    // A fingerprint is a hash: confirm each match so a collision can never hide a change.
    matches.retain(|&(o, n)| same_under(old.paragraphs[o], new.paragraphs[n], comparison));

    let mut interner = Interner::default();
    let regions = build_regions(&matches, old.paragraphs.len(), new.paragraphs.len(), |range, side| {
        let texts = if side == Which::Old { old.paragraphs } else { new.paragraphs };
        texts[range].iter().map(|text| interner.tokenize(text, comparison)).collect()
    });

    // Pair inside each region.
    let mut paired: Vec<Vec<(usize, usize)>> = Vec::with_capacity(regions.len());
    let mut lookahead_regions = 0;
    for region in &regions {
        let (pairs, method) = pairing::pair_region(&region.old_tokens, &region.new_tokens, options.pair_threshold);
        if method == PairingMethod::Lookahead {
            lookahead_regions += 1;
        }
        paired.push(pairs);
    }
    if lookahead_regions > 0 {
        notes.push(format!(
            "paragraph pairing: {lookahead_regions} change region(s) with more than {} candidate pairs were \
             paired by looking a few paragraphs ahead instead of a full alignment",
            pairing::ALIGNMENT_GRID_LIMIT
        ));
    }

    // Moves among the paragraphs no region paired.
    let mut deleted_candidates = Vec::new();
    let mut inserted_candidates = Vec::new();
    for (region, pairs) in regions.iter().zip(&paired) {
        let mut old_paired = vec![false; region.old.len()];
        let mut new_paired = vec![false; region.new.len()];
        for &(o, n) in pairs {
            old_paired[o] = true;
            new_paired[n] = true;
        }
        for (local, paragraph) in region.old_tokens.iter().enumerate().filter(|(local, _)| !old_paired[*local]) {
            let index = region.old.start + local;
            deleted_candidates.push(MoveCandidate { index, fingerprint: old_prints[index].hash, paragraph });
        }
        for (local, paragraph) in region.new_tokens.iter().enumerate().filter(|(local, _)| !new_paired[*local]) {
            let index = region.new.start + local;
            inserted_candidates.push(MoveCandidate { index, fingerprint: new_prints[index].hash, paragraph });
        }
    }
    let (moves, exact_moves_only) = pairing::find_moves(&deleted_candidates, &inserted_candidates, options.move_threshold);
    if exact_moves_only {
        notes.push(format!(
            "moves: {} unpaired deleted and {} unpaired inserted paragraphs are too many to compare pairwise; \
             only paragraphs moved without edits were detected",
            deleted_candidates.len(),
            inserted_candidates.len()
        ));
    }

    // Word diffs, for region pairs and moves alike.
    let tokens_of = |which: Which, index: usize| -> &TokenizedParagraph {
        let region = regions
            .partition_point(|region| region.range(which).end <= index)
            .min(regions.len().saturating_sub(1));
        &regions[region].tokens(which)[index - regions[region].range(which).start]
    };
    let mut jobs: Vec<(usize, usize)> = Vec::new();
    for (region, pairs) in regions.iter().zip(&paired) {
        jobs.extend(pairs.iter().map(|&(o, n)| (region.old.start + o, region.new.start + n)));
    }
    let pair_count = jobs.len();
    jobs.extend(moves.iter().map(|&(source, destination, _)| (source, destination)));
    let diffs: Vec<PairDiff> = jobs
        .par_iter()
        .map(|&(o, n)| {
            let old_side = Side { text: old.paragraphs[o], paragraph: tokens_of(Which::Old, o) };
            let new_side = Side { text: new.paragraphs[n], paragraph: tokens_of(Which::New, n) };
            words::diff_pair(old_side, new_side, options.replace_threshold)
        })
        .collect();
    let bounded_pairs = diffs.iter().filter(|diff| diff.bounded).count();
    if bounded_pairs > 0 {
        notes.push(format!(
            "word diff: in {bounded_pairs} paragraph pair(s), stretches with no word unique to both sides were \
             too large to match word by word and are shown deleted and inserted"
        ));
    }
    let mut diffs = diffs.into_iter();
    let mut pair_diffs: HashMap<(usize, usize), PairDiff, FxBuildHasher> =
        jobs[..pair_count].iter().copied().zip(diffs.by_ref()).collect();
    // A move whose words diff poorly is more likely two unrelated paragraphs: precision first.
    let mut move_sources: HashMap<usize, usize, FxBuildHasher> = HashMap::default();
    let mut move_destinations: HashMap<usize, (usize, PairDiff), FxBuildHasher> = HashMap::default();
    for (&(source, destination, _), diff) in moves.iter().zip(diffs) {
        if diff.similarity >= options.move_threshold {
            move_sources.insert(source, destination);
            move_destinations.insert(destination, (source, diff));
        }
    }

    let mut emitter = Emitter {
        old,
        new,
        old_prints: &old_prints,
        new_prints: &new_prints,
        blocks: Vec::with_capacity(new.paragraphs.len() + 16),
        stats: DiffStats::default(),
        move_sources: &move_sources,
    };
    let mut match_at = 0;
    for (region, pairs) in regions.iter().zip(&paired) {
        while match_at < matches.len() && matches[match_at].0 < region.old.start {
            emitter.unchanged(matches[match_at]);
            match_at += 1;
        }
        let (mut o, mut n) = (region.old.start, region.new.start);
        for &(po, pn) in pairs.iter().chain(std::iter::once(&(region.old.len(), region.new.len()))) {
            let (po, pn) = (region.old.start + po, region.new.start + pn);
            for index in o..po {
                emitter.deleted(index);
            }
            for index in n..pn {
                match move_destinations.remove(&index) {
                    Some((source, diff)) => emitter.paired(BlockKind::Moved, source, index, diff),
                    None => emitter.inserted(index),
                }
            }
            if let Some(diff) = pair_diffs.remove(&(po, pn)) {
                emitter.paired(BlockKind::Changed, po, pn, diff);
            }
            (o, n) = (po + 1, pn + 1);
        }
    }
    for &pair in &matches[match_at..] {
        emitter.unchanged(pair);
    }

    let Emitter { blocks, mut stats, .. } = emitter;
    let old_words: usize = old_prints.iter().map(|print| print.words as usize).sum();
    let new_words: usize = new_prints.iter().map(|print| print.words as usize).sum();
    stats.similarity = if old_words + new_words == 0 {
        1.0
    } else {
        2.0 * stats.words_common as f64 / (old_words + new_words) as f64
    };
    let empty = tokens::fingerprint("", comparison, &mut String::new()).hash;
    let says_nothing = |print: &Fingerprint| print.hash == empty;
    let identical = blocks.iter().all(|block| match block.kind {
        BlockKind::Unchanged => true,
        BlockKind::Deleted => block.old_paragraph.is_some_and(|number| says_nothing(&old_prints[number - 1])),
        BlockKind::Inserted => block.new_paragraph.is_some_and(|number| says_nothing(&new_prints[number - 1])),
        BlockKind::Changed | BlockKind::Moved => false,
    });
    DiffReport {
        schema_version: SCHEMA_VERSION,
        old: DocumentSummary { path: old.path.to_string(), paragraphs: old.paragraphs.len(), words: old_words },
        new: DocumentSummary { path: new.path.to_string(), paragraphs: new.paragraphs.len(), words: new_words },
        identical,
        stats,
        bounded: !notes.is_empty(),
        bound_notes: notes,
        blocks,
    }
}

fn fingerprints(paragraphs: &[&str], comparison: Comparison) -> Vec<Fingerprint> {
    let mut buffer = String::new();
    paragraphs.iter().map(|text| tokens::fingerprint(text, comparison, &mut buffer)).collect()
}

/// True when two paragraphs have the same compared tokens.
fn same_under(old: &str, new: &str, comparison: Comparison) -> bool {
    if old == new {
        return true;
    }
    let (mut old_buffer, mut new_buffer) = (String::new(), String::new());
    let mut old_tokens = tokens::significant_tokens(old, comparison);
    let mut new_tokens = tokens::significant_tokens(new, comparison);
    loop {
        match (old_tokens.next(), new_tokens.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) => {
                let old_key = tokens::key(&old[a.range()], a.kind, comparison, &mut old_buffer);
                let new_key = tokens::key(&new[b.range()], b.kind, comparison, &mut new_buffer);
                if old_key != new_key {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Old,
    New,
}

/// A stretch between two matched paragraphs where the texts differ, with its paragraphs'
/// tokens (only these paragraphs are ever tokenized).
struct Region {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
    old_tokens: Vec<TokenizedParagraph>,
    new_tokens: Vec<TokenizedParagraph>,
}

impl Region {
    fn range(&self, which: Which) -> &std::ops::Range<usize> {
        if which == Which::Old { &self.old } else { &self.new }
    }

    fn tokens(&self, which: Which) -> &[TokenizedParagraph] {
        if which == Which::Old { &self.old_tokens } else { &self.new_tokens }
    }
}

fn build_regions(
    matches: &[(usize, usize)],
    old_len: usize,
    new_len: usize,
    mut tokenize: impl FnMut(std::ops::Range<usize>, Which) -> Vec<TokenizedParagraph>,
) -> Vec<Region> {
    let mut regions = Vec::new();
    let (mut o, mut n) = (0, 0);
    for &(mo, mn) in matches.iter().chain(std::iter::once(&(old_len, new_len))) {
        if mo > o || mn > n {
            regions.push(Region {
                old: o..mo,
                new: n..mn,
                old_tokens: tokenize(o..mo, Which::Old),
                new_tokens: tokenize(n..mn, Which::New),
            });
        }
        (o, n) = (mo + 1, mn + 1);
    }
    regions
}

/// Builds the blocks in order and counts as it goes.
struct Emitter<'a> {
    old: Text<'a>,
    new: Text<'a>,
    old_prints: &'a [Fingerprint],
    new_prints: &'a [Fingerprint],
    blocks: Vec<Block>,
    stats: DiffStats,
    move_sources: &'a HashMap<usize, usize, FxBuildHasher>,
}

impl Emitter<'_> {
    fn unchanged(&mut self, (o, n): (usize, usize)) {
        self.stats.paragraphs_unchanged += 1;
        self.stats.words_common += self.new_prints[n].words as usize;
        self.blocks.push(Block {
            kind: BlockKind::Unchanged,
            old_paragraph: Some(o + 1),
            new_paragraph: Some(n + 1),
            similarity: 1.0,
            ops: vec![Op::equal_with_old(self.new.paragraphs[n], self.old.paragraphs[o])],
        });
    }

    fn deleted(&mut self, o: usize) {
        // A paragraph that moved is shown once, where it now stands.
        if self.move_sources.contains_key(&o) {
            return;
        }
        self.stats.paragraphs_deleted += 1;
        self.stats.words_deleted += self.old_prints[o].words as usize;
        self.blocks.push(Block {
            kind: BlockKind::Deleted,
            old_paragraph: Some(o + 1),
            new_paragraph: None,
            similarity: 0.0,
            ops: words::replaced_whole(self.old.paragraphs[o], ""),
        });
    }

    fn inserted(&mut self, n: usize) {
        self.stats.paragraphs_inserted += 1;
        self.stats.words_inserted += self.new_prints[n].words as usize;
        self.blocks.push(Block {
            kind: BlockKind::Inserted,
            old_paragraph: None,
            new_paragraph: Some(n + 1),
            similarity: 0.0,
            ops: words::replaced_whole("", self.new.paragraphs[n]),
        });
    }

    fn paired(&mut self, kind: BlockKind, o: usize, n: usize, diff: PairDiff) {
        if kind == BlockKind::Moved {
            self.stats.paragraphs_moved += 1;
        } else {
            self.stats.paragraphs_changed += 1;
        }
        self.stats.words_common += diff.common_words;
        self.stats.words_deleted += diff.deleted_words;
        self.stats.words_inserted += diff.inserted_words;
        self.stats.words_changed += diff.changed_words;
        self.blocks.push(Block {
            kind,
            old_paragraph: Some(o + 1),
            new_paragraph: Some(n + 1),
            similarity: diff.similarity,
            ops: diff.ops,
        });
    }
}

#[cfg(test)]
mod tests;
