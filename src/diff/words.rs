//! The word diff inside one paired (or moved) paragraph: match tokens, clean the result up so
//! a rewritten clause reads as one deletion and one insertion, slide edits to natural
//! boundaries, and cut the original texts into ops.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::report::diff::{BlockWords, Op, OpKind};

use super::sequence::{Budget, Run, match_runs};
use rustc_hash::FxBuildHasher;

use super::tokens::{Token, TokenKind, TokenizedParagraph, count_words};

/// One side of the pair: the paragraph text and its compared tokens.
#[derive(Debug, Clone, Copy)]
/// A paragraph's text (`'t`: ops borrow it) and its tokens (`'p`: they live only while the
/// diff is computed).
pub(crate) struct Side<'t, 'p> {
    pub text: &'t str,
    pub paragraph: &'p TokenizedParagraph,
}

impl Side<'_, '_> {
    fn words(&self, range: Range<usize>) -> usize {
        self.paragraph.tokens[range].iter().filter(|token| token.kind == TokenKind::Word).count()
    }

    /// Bytes from the first to the last token of `range`: what a reader sees of that stretch.
    fn span_len(&self, range: &Range<usize>) -> usize {
        if range.is_empty() {
            return 0;
        }
        let tokens = &self.paragraph.tokens;
        (tokens[range.end - 1].end - tokens[range.start].start) as usize
    }

    fn key(&self, index: usize) -> u32 {
        self.paragraph.keys[index]
    }
}

/// A stretch of the diff: equal tokens, or a change (deleted old tokens and inserted new ones,
/// either possibly empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    pub equal: bool,
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// The result of diffing one paragraph pair.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PairDiff<'t> {
    pub ops: Vec<Op<'t>>,
    pub common_words: usize,
    pub deleted_words: usize,
    pub inserted_words: usize,
    /// Deleted words replaced by inserted ones in the same place.
    pub changed_words: usize,
    /// Words the pair kept in order (as matched, before short equal runs are folded into the
    /// edits around them for reading; moved sentences included) over the words of both
    /// paragraphs, 0..1: what decides whether the pair is shown replaced whole.
    pub similarity: f64,
    /// True when the token matching ran out of budget somewhere in this pair.
    pub bounded: bool,
}

impl PairDiff<'_> {
    /// The pair's word figures, as its block carries them.
    pub fn block_words(&self) -> BlockWords {
        BlockWords { common: self.common_words, deleted: self.deleted_words, inserted: self.inserted_words }
    }
}

/// Work allowed for matching one paragraph pair: generous for prose (patience costs about the
/// number of tokens), small enough that a pathological pair cannot run for long.
fn pair_budget(old_tokens: usize, new_tokens: usize) -> Budget {
    Budget::new(8_000_000 + 64 * (old_tokens + new_tokens) as u64)
}

/// Equal stretches of up to this many words fold into the changes around them even when they
/// hold a word unique to both paragraphs.
const MAX_FOLDED_WORDS: usize = 2;
/// How far an edit may slide to find a better boundary, in tokens each way.
const SLIDE_LIMIT: usize = 64;

pub(crate) fn diff_pair<'t>(old: Side<'t, '_>, new: Side<'t, '_>, replace_threshold: f64) -> PairDiff<'t> {
    let matched = matched_chunks(old, new);
    finish(&matched, old, new, replace_threshold)
}

/// The token matching of a pair after cleanup.
struct Matched {
    chunks: Vec<Chunk>,
    /// Words the matching kept before the cleanup folded short equal runs into edits.
    kept_words: usize,
    /// The matching ran out of budget somewhere.
    bounded: bool,
}

fn matched_chunks(old: Side<'_, '_>, new: Side<'_, '_>) -> Matched {
    let mut budget = pair_budget(old.paragraph.keys.len(), new.paragraph.keys.len());
    let runs = match_runs(&old.paragraph.keys, &new.paragraph.keys, &mut budget);
    let kept_words = runs.iter().map(|run| new.words(run.new..run.new + run.len)).sum();
    let mut chunks = chunks_from_runs(&runs, old.paragraph.keys.len(), new.paragraph.keys.len());
    cleanup_semantic(&mut chunks, old, new);
    slide_edits(&mut chunks, old, new);
    Matched { chunks, kept_words, bounded: budget.exhausted }
}

/// Counts the words of the chunks and cuts the texts into ops, or shows the pair replaced
/// whole when it kept too few words.
fn finish<'t>(matched: &Matched, old: Side<'t, '_>, new: Side<'t, '_>, replace_threshold: f64) -> PairDiff<'t> {
    let (chunks, bounded) = (matched.chunks.as_slice(), matched.bounded);
    let (mut common, mut deleted, mut inserted, mut changed) = (0, 0, 0, 0);
    for chunk in chunks {
        if chunk.equal {
            common += new.words(chunk.new.clone());
        } else {
            let (d, i) = (old.words(chunk.old.clone()), new.words(chunk.new.clone()));
            deleted += d;
            inserted += i;
            if d > 0 && i > 0 {
                changed += d;
            }
        }
    }
    let mut ops = cut_ops(chunks, old, new);
    let moved = mark_moved_sentences(&mut ops);
    common += moved;
    deleted = deleted.saturating_sub(moved);
    inserted = inserted.saturating_sub(moved);
    let total = old.paragraph.words() + new.paragraph.words();
    let kept = (matched.kept_words + moved).max(common);
    let similarity = if total == 0 { 1.0 } else { 2.0 * kept as f64 / total as f64 };
    let has_edits = chunks.iter().any(|chunk| !chunk.equal);
    if has_edits && similarity < replace_threshold {
        let (old_words, new_words) = (old.paragraph.words(), new.paragraph.words());
        return PairDiff {
            ops: replaced_whole(old.text, new.text),
            common_words: 0,
            deleted_words: old_words,
            inserted_words: new_words,
            changed_words: if new_words > 0 { old_words } else { 0 },
            similarity,
            bounded,
        };
    }
    PairDiff {
        ops,
        common_words: common,
        deleted_words: deleted,
        inserted_words: inserted,
        changed_words: changed,
        similarity,
        bounded,
    }
}

/// Consecutive paragraphs of one side read as one text, joined by a blank line, with their
/// tokens shifted into the joined text.
struct Joined<'t> {
    texts: Vec<&'t str>,
    text: String,
    paragraph: TokenizedParagraph,
    /// Where each paragraph starts in `text`.
    starts: Vec<usize>,
    /// The index of each paragraph's first token in the joined tokens.
    first_tokens: Vec<usize>,
}

const JOINER: &str = "\n\n";

impl<'t> Joined<'t> {
    fn new(sides: &[Side<'t, '_>]) -> Self {
        let mut joined = Joined {
            texts: Vec::with_capacity(sides.len()),
            text: String::new(),
            paragraph: TokenizedParagraph::default(),
            starts: Vec::with_capacity(sides.len()),
            first_tokens: Vec::with_capacity(sides.len()),
        };
        for side in sides {
            if !joined.texts.is_empty() {
                joined.text.push_str(JOINER);
            }
            let base = joined.text.len() as u32;
            joined.starts.push(joined.text.len());
            joined.first_tokens.push(joined.paragraph.tokens.len());
            joined.texts.push(side.text);
            joined.text.push_str(side.text);
            let shifted = side.paragraph.tokens.iter().map(|token| Token {
                start: token.start + base,
                end: token.end + base,
                ..*token
            });
            joined.paragraph.tokens.extend(shifted);
            joined.paragraph.keys.extend_from_slice(&side.paragraph.keys);
            joined.paragraph.bag.extend_from_slice(&side.paragraph.bag);
        }
        joined.paragraph.bag.sort_unstable();
        joined
    }

    fn side(&self) -> Side<'_, '_> {
        Side { text: &self.text, paragraph: &self.paragraph }
    }

    /// The parts of the joined byte range `range`, one per paragraph it touches, as (paragraph,
    /// slice of that paragraph): a paragraph break lies between each two.
    fn pieces(&self, range: Range<usize>) -> Vec<&'t str> {
        let mut pieces = Vec::new();
        let mut index = self.starts.partition_point(|&start| start <= range.start).saturating_sub(1);
        loop {
            let (start, end) = (self.starts[index], self.starts[index] + self.texts[index].len());
            let from = range.start.clamp(start, end);
            let to = range.end.clamp(from, end);
            pieces.push(&self.texts[index][from - start..to - start]);
            match self.starts.get(index + 1) {
                Some(&next) if range.end >= next => index += 1,
                _ => return pieces,
            }
        }
    }
}

/// The word diff of consecutive paragraphs that were split or merged: each side read as one
/// text, so words that only changed paragraph are equal, with a break op wherever a paragraph
/// ends on either side. Ops borrow the paragraphs, never the joined texts.
pub(crate) fn diff_group<'t>(old: &[Side<'t, '_>], new: &[Side<'t, '_>], replace_threshold: f64) -> PairDiff<'t> {
    let (old_joined, new_joined) = (Joined::new(old), Joined::new(new));
    let mut matched = matched_chunks(old_joined.side(), new_joined.side());
    matched.chunks = split_at_breaks(
        std::mem::take(&mut matched.chunks),
        &old_joined.first_tokens[1..],
        &new_joined.first_tokens[1..],
    );
    let diff = finish(&matched, old_joined.side(), new_joined.side(), replace_threshold);
    PairDiff {
        ops: rebased_ops(&diff.ops, &old_joined, &new_joined),
        common_words: diff.common_words,
        deleted_words: diff.deleted_words,
        inserted_words: diff.inserted_words,
        changed_words: diff.changed_words,
        similarity: diff.similarity,
        bounded: diff.bounded,
    }
}

/// Cuts chunks where a paragraph starts (`old_breaks`, `new_breaks`: first token of each
/// paragraph after the first), so no op runs across a paragraph break. An equal chunk is cut
/// on both sides at once; a change becomes its deletion and its insertion, each cut on its side.
fn split_at_breaks(chunks: Vec<Chunk>, old_breaks: &[usize], new_breaks: &[usize]) -> Vec<Chunk> {
    let inside = |breaks: &[usize], range: &Range<usize>| {
        breaks.iter().copied().find(|&at| range.start < at && at < range.end).map(|at| at - range.start)
    };
    let cut_one_side = |range: Range<usize>, breaks: &[usize]| -> Vec<Range<usize>> {
        let mut parts = Vec::new();
        let mut rest = range;
        while let Some(offset) = inside(breaks, &rest) {
            parts.push(rest.start..rest.start + offset);
            rest.start += offset;
        }
        parts.push(rest);
        parts
    };
    let mut out = Vec::with_capacity(chunks.len() + old_breaks.len() + new_breaks.len());
    for mut chunk in chunks {
        if chunk.equal {
            loop {
                let offset = match (inside(old_breaks, &chunk.old), inside(new_breaks, &chunk.new)) {
                    (None, None) => break,
                    (Some(old_offset), Some(new_offset)) => old_offset.min(new_offset),
                    (Some(offset), None) | (None, Some(offset)) => offset,
                };
                out.push(Chunk {
                    equal: true,
                    old: chunk.old.start..chunk.old.start + offset,
                    new: chunk.new.start..chunk.new.start + offset,
                });
                chunk.old.start += offset;
                chunk.new.start += offset;
            }
            out.push(chunk);
            continue;
        }
        if inside(old_breaks, &chunk.old).is_none() && inside(new_breaks, &chunk.new).is_none() {
            out.push(chunk);
            continue;
        }
        // The deletion comes first, so it stands where the change starts on the new side and the
        // insertion where it ends on the old side.
        let (new_start, old_end) = (chunk.new.start, chunk.old.end);
        let deletions = cut_one_side(chunk.old, old_breaks);
        out.extend(deletions.into_iter().map(|old| Chunk { equal: false, old, new: new_start..new_start }));
        let insertions = cut_one_side(chunk.new, new_breaks);
        out.extend(insertions.into_iter().map(|new| Chunk { equal: false, old: old_end..old_end, new }));
    }
    out.retain(|chunk| !chunk.old.is_empty() || !chunk.new.is_empty());
    out
}

/// The ops of a joined pair, cut at the paragraph breaks and borrowing the paragraphs.
fn rebased_ops<'t>(ops: &[Op<'_>], old: &Joined<'t>, new: &Joined<'t>) -> Vec<Op<'t>> {
    let mut out = Vec::with_capacity(ops.len() + old.texts.len() + new.texts.len());
    let (mut old_at, mut new_at) = (0, 0);
    let advance = |part: Option<&str>, at: &mut usize| {
        part.map(|part| {
            let range = *at..*at + part.len();
            *at = range.end;
            range
        })
    };
    for op in ops {
        let old_pieces = advance(op.old_part(), &mut old_at).map(|range| old.pieces(range)).unwrap_or_default();
        let new_pieces = advance(op.new_part(), &mut new_at).map(|range| new.pieces(range)).unwrap_or_default();
        match op.op {
            OpKind::Delete => {
                push_pieces(&mut out, &old_pieces, OpKind::Delete, |piece| Op { moved: op.moved, ..Op::delete(piece) })
            }
            OpKind::Insert => {
                push_pieces(&mut out, &new_pieces, OpKind::Insert, |piece| Op { moved: op.moved, ..Op::insert(piece) })
            }
            OpKind::Equal => push_equal_pieces(&mut out, &old_pieces, &new_pieces),
        }
    }
    out.retain(|op| op.paragraph_break || !op.text.is_empty() || op.old_text.is_some());
    out
}

fn push_pieces<'t>(out: &mut Vec<Op<'t>>, pieces: &[&'t str], kind: OpKind, op: impl Fn(&'t str) -> Op<'t>) {
    for (index, &piece) in pieces.iter().enumerate() {
        if index > 0 {
            out.push(Op::paragraph_break(kind));
        }
        out.push(op(piece));
    }
}

/// An equal op cut at paragraph breaks. Breaks fall between tokens, so the side without a break
/// here holds the same words with a gap where the other side breaks: its text goes with the
/// other side's longest piece.
fn push_equal_pieces<'t>(out: &mut Vec<Op<'t>>, old: &[&'t str], new: &[&'t str]) {
    let longest = |pieces: &[&str]| (0..pieces.len()).max_by_key(|&index| pieces[index].len()).unwrap_or(0);
    let count = old.len().max(new.len());
    let (old_home, new_home) = (longest(old), longest(new));
    for index in 0..count {
        let piece = |pieces: &[&'t str], home: usize| -> &'t str {
            match pieces {
                [only] if count > 1 => {
                    if index == home {
                        only
                    } else {
                        ""
                    }
                }
                _ => pieces.get(index).copied().unwrap_or(""),
            }
        };
        if index > 0 {
            let kind = match (index < old.len(), index < new.len()) {
                (true, true) => OpKind::Equal,
                (true, false) => OpKind::Delete,
                _ => OpKind::Insert,
            };
            out.push(Op::paragraph_break(kind));
        }
        let (old_piece, new_piece) = (piece(old, new_home), piece(new, old_home));
        out.push(Op::equal_with_old(new_piece, old_piece));
    }
}

/// Fewest words a run must hold to count as a sentence moved inside its paragraph: shorter
/// runs recur by chance ("of the").
const MIN_MOVED_WORDS: usize = 3;

/// Marks each pure deletion whose words the pair inserts elsewhere as a pure insertion, word for
/// word (a sentence moved inside the paragraph), and that insertion; returns their words.
/// Only pure edits count: a deletion beside an insertion is a rewrite, not a move.
fn mark_moved_sentences(ops: &mut [Op<'_>]) -> usize {
    let pure = |ops: &[Op], index: usize, kind: OpKind| {
        let other = if kind == OpKind::Delete { OpKind::Insert } else { OpKind::Delete };
        ops[index].op == kind
            && !ops[index].paragraph_break
            && index.checked_sub(1).is_none_or(|before| ops[before].op != other)
            && ops.get(index + 1).is_none_or(|after| after.op != other)
    };
    let same_words = |a: &str, b: &str| a.split_whitespace().eq(b.split_whitespace());
    let mut moved_words = 0;
    for deletion in 0..ops.len() {
        if !pure(ops, deletion, OpKind::Delete) || count_words(&ops[deletion].text) < MIN_MOVED_WORDS {
            continue;
        }
        let destination = (0..ops.len()).find(|&index| {
            !ops[index].moved && pure(ops, index, OpKind::Insert) && same_words(&ops[index].text, &ops[deletion].text)
        });
        if let Some(insertion) = destination {
            ops[deletion].moved = true;
            ops[insertion].moved = true;
            moved_words += count_words(&ops[deletion].text);
        }
    }
    moved_words
}

/// A paragraph shown replaced whole: one deletion, one insertion (either may be empty).
pub(crate) fn replaced_whole<'t>(old: &'t str, new: &'t str) -> Vec<Op<'t>> {
    let mut ops = Vec::with_capacity(2);
    if !old.is_empty() {
        ops.push(Op::delete(old));
    }
    if !new.is_empty() {
        ops.push(Op::insert(new));
    }
    ops
}

/// The chunks of a matching: each run an equal chunk, each stretch between runs a change.
pub(crate) fn chunks_from_runs(runs: &[Run], old_len: usize, new_len: usize) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::with_capacity(2 * runs.len() + 1);
    let (mut old_at, mut new_at) = (0, 0);
    for run in runs {
        if run.old > old_at || run.new > new_at {
            chunks.push(Chunk { equal: false, old: old_at..run.old, new: new_at..run.new });
        }
        chunks.push(Chunk { equal: true, old: run.old..run.old + run.len, new: run.new..run.new + run.len });
        (old_at, new_at) = (run.old + run.len, run.new + run.len);
    }
    if old_len > old_at || new_len > new_at {
        chunks.push(Chunk { equal: false, old: old_at..old_len, new: new_at..new_len });
    }
    chunks
}

/// Merges neighbours of the same kind and drops empty chunks.
fn normalize(chunks: &mut Vec<Chunk>) {
    let mut merged: Vec<Chunk> = Vec::with_capacity(chunks.len());
    for chunk in chunks.drain(..) {
        if chunk.old.is_empty() && chunk.new.is_empty() {
            continue;
        }
        match merged.last_mut() {
            Some(last) if last.equal == chunk.equal => {
                last.old.end = chunk.old.end;
                last.new.end = chunk.new.end;
            }
            _ => merged.push(chunk),
        }
    }
    *chunks = merged;
}

/// Token-level semantic cleanup (after diff-match-patch): an equal stretch between two changes
/// that is no longer than the larger side of the change on its left and of the one on its
/// right is folded into one change. Lengths are in bytes of text, so "the" between two
/// rewritten clauses folds but "the [-red-]{+blue+} car" keeps its short, real edit. A stretch
/// of more than two words that holds a word found once in each paragraph stays (after
/// wikEdDiff): "that the United Nations" is what both versions say, not confetti.
pub(crate) fn cleanup_semantic(chunks: &mut Vec<Chunk>, old: Side<'_, '_>, new: Side<'_, '_>) {
    let change_len = |chunk: &Chunk| old.span_len(&chunk.old).max(new.span_len(&chunk.new));
    let mut unique: Option<HashSet<u32, FxBuildHasher>> = None;
    let mut holds_unique_word = |equal: &Chunk| {
        let unique = unique.get_or_insert_with(|| unique_to_both(old.paragraph, new.paragraph));
        equal
            .new
            .clone()
            .any(|index| new.paragraph.tokens[index].kind == TokenKind::Word && unique.contains(&new.key(index)))
    };
    // One pass with a stack reaches the fixpoint: a fold only grows the change on top, so only
    // the equal stretch just before it can newly qualify, and that is checked right away.
    let mut stack: Vec<Chunk> = Vec::with_capacity(chunks.len());
    for chunk in chunks.drain(..) {
        stack.push(chunk);
        while let [.., before, equal, after] = stack.as_slice() {
            let equal_len = new.span_len(&equal.new);
            let folds = equal.equal
                && !before.equal
                && !after.equal
                && equal_len <= change_len(before)
                && equal_len <= change_len(after)
                && (new.words(equal.new.clone()) <= MAX_FOLDED_WORDS || !holds_unique_word(equal));
            if !folds {
                break;
            }
            let merged =
                Chunk { equal: false, old: before.old.start..after.old.end, new: before.new.start..after.new.end };
            stack.truncate(stack.len() - 3);
            stack.push(merged);
        }
    }
    *chunks = stack;
    normalize(chunks);
}

/// Keys found exactly once in each paragraph.
fn unique_to_both(old: &TokenizedParagraph, new: &TokenizedParagraph) -> HashSet<u32, FxBuildHasher> {
    let mut counts: HashMap<u32, (u32, u32), FxBuildHasher> = HashMap::default();
    for &key in &old.keys {
        counts.entry(key).or_default().0 += 1;
    }
    for &key in &new.keys {
        counts.entry(key).or_default().1 += 1;
    }
    counts.into_iter().filter(|(_, count)| *count == (1, 1)).map(|(key, _)| key).collect()
}

/// How good a place the boundary before token `index` is for an edit to start or end.
fn boundary_score(side: Side<'_, '_>, index: usize) -> u32 {
    let tokens = &side.paragraph.tokens;
    if index == 0 || index >= tokens.len() {
        return 6;
    }
    let (before, after): (Token, Token) = (tokens[index - 1], tokens[index]);
    let gap = &side.text[before.end as usize..after.start as usize];
    let before_text = &side.text[before.range()];
    // Line breaks inside a paragraph are layout (hard wrapping), so they earn nothing extra.
    if before.kind == TokenKind::Mark && matches!(before_text, "." | "!" | "?" | "…" | ";" | ":") && !gap.is_empty() {
        3
    } else if !gap.is_empty() {
        2
    } else if before.kind == TokenKind::Mark || after.kind == TokenKind::Mark {
        1
    } else {
        0
    }
}

/// Slides each pure insertion or deletion between two equal stretches to the best boundary
/// (diff-match-patch's lossless cleanup, on tokens): "[-the cat -]the cat sat" becomes
/// "the cat [-the cat -]sat" only if that reads better.
pub(crate) fn slide_edits(chunks: &mut Vec<Chunk>, old: Side<'_, '_>, new: Side<'_, '_>) {
    for index in 1..chunks.len().saturating_sub(1) {
        let (before, chunk, after) = (&chunks[index - 1], &chunks[index], &chunks[index + 1]);
        if chunk.equal || !before.equal || !after.equal || (!chunk.old.is_empty() && !chunk.new.is_empty()) {
            continue;
        }
        let (side, edit) = if chunk.new.is_empty() { (old, chunk.old.clone()) } else { (new, chunk.new.clone()) };
        let before_len = before.new.len();
        let after_len = after.new.len();
        // Leftmost start the edit can reach while staying the same text.
        let mut shift_left = 0;
        while shift_left < SLIDE_LIMIT.min(before_len)
            && side.key(edit.start - 1 - shift_left) == side.key(edit.end - 1 - shift_left)
        {
            shift_left += 1;
        }
        let mut shift_right = 0;
        while shift_right < SLIDE_LIMIT.min(after_len)
            && side.key(edit.start + shift_right) == side.key(edit.end + shift_right)
        {
            shift_right += 1;
        }
        if shift_left == 0 && shift_right == 0 {
            continue;
        }
        let score_at = |start: usize| boundary_score(side, start) + boundary_score(side, start + edit.len());
        let mut best_start = edit.start;
        let mut best_score = score_at(edit.start);
        for start in edit.start - shift_left..=edit.start + shift_right {
            let score = score_at(start);
            if score > best_score {
                best_score = score;
                best_start = start;
            }
        }
        let shift = best_start as isize - edit.start as isize;
        if shift == 0 {
            continue;
        }
        let move_by = |range: &mut Range<usize>, by: isize| {
            range.start = range.start.wrapping_add_signed(by);
            range.end = range.end.wrapping_add_signed(by);
        };
        move_by(&mut chunks[index].old, shift);
        move_by(&mut chunks[index].new, shift);
        // The equal stretches give and take the slid tokens on both sides.
        chunks[index - 1].old.end = chunks[index - 1].old.end.wrapping_add_signed(shift);
        chunks[index - 1].new.end = chunks[index - 1].new.end.wrapping_add_signed(shift);
        chunks[index + 1].old.start = chunks[index + 1].old.start.wrapping_add_signed(shift);
        chunks[index + 1].new.start = chunks[index + 1].new.start.wrapping_add_signed(shift);
    }
    normalize(chunks);
}

/// How each op of a pair takes the gaps around its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpRole {
    Equal,
    Edit,
    /// A deletion with no insertion beside it: it takes the gap before it, so the reader sees
    /// "former[- Soviet-] Union", one space on each side of the struck word.
    PureDeletion,
}

/// Where each op's text starts and ends in bytes on one side, from the stretches of tokens
/// each op owns (`spans`: token range and op, in order, covering every token). Gaps between
/// tokens (whitespace, ignored marks) go to an equal op next to them when there is one, so
/// edits hold only their own words and the gaps inside them.
fn cut_side(side: Side<'_, '_>, spans: &[(Range<usize>, usize)], roles: &[OpRole]) -> Vec<Option<Range<usize>>> {
    let tokens = &side.paragraph.tokens;
    let mut ranges: Vec<Option<Range<usize>>> = vec![None; roles.len()];
    let mut cut = 0;
    for (at, (span, owner)) in spans.iter().enumerate() {
        let owner = *owner;
        // Inside a span the gaps are the owner's; after its last token the cut falls where the
        // gap goes to this op, or to the next one.
        let to_next = tokens[span.end - 1].end as usize;
        let end = match spans.get(at + 1) {
            None => side.text.len(),
            Some((next_span, next)) => {
                let next = *next;
                let next_start = tokens[next_span.start].start as usize;
                if next == owner {
                    next_start
                } else if roles[owner] == OpRole::Equal && roles[next] == OpRole::Equal {
                    // Across an edit of the other side: the later op.
                    to_next
                } else if roles[next] == OpRole::PureDeletion {
                    // Into a pure deletion: the later op.
                    to_next
                } else if roles[owner] == OpRole::Equal || roles[next] != OpRole::Equal {
                    next_start
                } else {
                    to_next
                }
            }
        };
        let range = ranges[owner].get_or_insert(cut..cut);
        range.end = end;
        cut = end;
    }
    ranges
}

/// Cuts both paragraph texts into ops following the chunks; every byte of each paragraph lands
/// in exactly one op of its side.
pub(crate) fn cut_ops<'t>(chunks: &[Chunk], old: Side<'t, '_>, new: Side<'t, '_>) -> Vec<Op<'t>> {
    if old.paragraph.tokens.is_empty() || new.paragraph.tokens.is_empty() {
        if old.paragraph.tokens.is_empty() && new.paragraph.tokens.is_empty() {
            return vec![Op::equal_with_old(new.text, old.text)];
        }
        return replaced_whole(old.text, new.text);
    }
    // Each chunk becomes an equal op, or a delete and/or an insert op; each side's spans say
    // which op owns which tokens (one entry an op, never one a token).
    let mut roles = Vec::new();
    let mut old_spans = Vec::with_capacity(chunks.len());
    let mut new_spans = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        if chunk.equal {
            roles.push(OpRole::Equal);
            old_spans.push((chunk.old.clone(), roles.len() - 1));
            new_spans.push((chunk.new.clone(), roles.len() - 1));
            continue;
        }
        if !chunk.old.is_empty() {
            roles.push(if chunk.new.is_empty() { OpRole::PureDeletion } else { OpRole::Edit });
            old_spans.push((chunk.old.clone(), roles.len() - 1));
        }
        if !chunk.new.is_empty() {
            roles.push(OpRole::Edit);
            new_spans.push((chunk.new.clone(), roles.len() - 1));
        }
    }
    old_spans.retain(|(span, _)| !span.is_empty());
    new_spans.retain(|(span, _)| !span.is_empty());
    let old_ranges = cut_side(old, &old_spans, &roles);
    let new_ranges = cut_side(new, &new_spans, &roles);
    old_ranges
        .into_iter()
        .zip(new_ranges)
        .map(|(old_range, new_range)| match (old_range, new_range) {
            (Some(o), Some(n)) => Op::equal_with_old(&new.text[n], &old.text[o]),
            (Some(o), None) => Op::delete(&old.text[o]),
            (None, Some(n)) => Op::insert(&new.text[n]),
            (None, None) => Op::equal(""),
        })
        .filter(|op| !op.text.is_empty() || op.old_text.is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{Comparison, Interner};
    use super::*;
    use crate::report::diff::OpKind;

    fn diff<'t>(old: &'t str, new: &'t str) -> PairDiff<'t> {
        let mut interner = Interner::default();
        let comparison = Comparison::default();
        let (old_tokens, new_tokens) = (interner.tokenize(old, comparison), interner.tokenize(new, comparison));
        diff_pair(Side { text: old, paragraph: &old_tokens }, Side { text: new, paragraph: &new_tokens }, 0.0)
    }

    /// wdiff notation, with equal ops as their new text.
    fn redline(ops: &[Op]) -> String {
        ops.iter()
            .map(|op| match op.op {
                OpKind::Equal => op.text.to_string(),
                OpKind::Delete => format!("[-{}-]", op.text),
                OpKind::Insert => format!("{{+{}+}}", op.text),
            })
            .collect()
    }

    fn rebuilds(old: &str, new: &str, ops: &[Op]) {
        let old_text: String = ops.iter().filter_map(Op::old_part).collect();
        let new_text: String = ops.iter().filter_map(Op::new_part).collect();
        assert_eq!(old_text, old);
        assert_eq!(new_text, new);
    }

    #[test]
    fn a_small_edit_stays_small() {
        let result = diff("the red car", "the blue car");
        assert_eq!(redline(&result.ops), "the [-red-]{+blue+} car");
        assert_eq!(
            (result.common_words, result.deleted_words, result.inserted_words, result.changed_words),
            (2, 1, 1, 1)
        );
    }

    #[test]
    fn a_rewritten_clause_is_one_deletion_and_one_insertion() {
        let old = "Then we will provide the users with a manual today.";
        let new = "Then the service gives the customer an overview today.";
        let result = diff(old, new);
        assert_eq!(
            redline(&result.ops),
            "Then [-we will provide the users with a manual-]{+the service gives the customer an overview+} today."
        );
        rebuilds(old, new, &result.ops);
    }

    #[test]
    fn layout_is_not_a_change_and_rebuilds_byte_for_byte() {
        let old = "one two\r\nthree  four";
        let new = "one two three four";
        let result = diff(old, new);
        assert_eq!(result.ops, vec![Op::equal_with_old(new, old)]);
        assert_eq!(result.similarity, 1.0);
    }

    #[test]
    fn gaps_go_to_equal_ops_and_edits_keep_their_inner_gaps() {
        let old = "Since 1992 when the\nformer Soviet Union";
        let new = "Since 1991 when the former Union";
        let result = diff(old, new);
        assert_eq!(redline(&result.ops), "Since [-1992-]{+1991+} when the former[- Soviet-] Union");
        rebuilds(old, new, &result.ops);
    }

    #[test]
    fn an_insertion_slides_to_a_sentence_boundary() {
        let old = "It rained. It was cold.";
        let new = "It rained. It was wet. It was cold.";
        let result = diff(old, new);
        assert_eq!(redline(&result.ops), "It rained. {+It was wet.+} It was cold.");
        rebuilds(old, new, &result.ops);
    }

    #[test]
    fn a_paragraph_keeping_few_words_is_replaced_whole() {
        let mut interner = Interner::default();
        let comparison = Comparison::default();
        let (old, new) = ("alpha beta gamma delta", "alpha one two three four");
        let (old_tokens, new_tokens) = (interner.tokenize(old, comparison), interner.tokenize(new, comparison));
        let result =
            diff_pair(Side { text: old, paragraph: &old_tokens }, Side { text: new, paragraph: &new_tokens }, 0.5);
        assert_eq!(result.ops, vec![Op::delete(old), Op::insert(new)]);
        assert_eq!(result.common_words, 0);
    }

    #[test]
    fn the_replace_decision_counts_the_words_kept_before_cleanup() {
        // Half the words kept in order, in runs the cleanup folds into the edits around them
        // for reading: that is not a paragraph that lost most of its words.
        let mut interner = Interner::default();
        let comparison = Comparison::default();
        let old = "aa bb cc dd ee ff gg hh ii jj kk ll";
        let new = "aa bb xx yy ee ff zz ww ii jj vv uu";
        let (old_tokens, new_tokens) = (interner.tokenize(old, comparison), interner.tokenize(new, comparison));
        let result =
            diff_pair(Side { text: old, paragraph: &old_tokens }, Side { text: new, paragraph: &new_tokens }, 0.5);
        assert_eq!(result.similarity, 0.5);
        assert!(result.ops.iter().any(|op| op.op == OpKind::Equal), "{:?}", result.ops);
        rebuilds(old, new, &result.ops);
    }

    #[test]
    fn empty_and_punctuation_only_sides_rebuild() {
        for (old, new) in [("", "word"), ("  ", ""), ("...", "..."), ("a", " "), ("", "")] {
            rebuilds(old, new, &diff(old, new).ops);
        }
    }
}
