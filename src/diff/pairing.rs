//! Pairing changed paragraphs: inside one change region (k deleted, m inserted paragraphs) by
//! an order-preserving alignment over the k x m similarity grid; then moves among the
//! paragraphs still unpaired, greedy by descending similarity.

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::FxBuildHasher;

use super::tokens::{TokenizedParagraph, bag_overlap, bag_similarity, length_bound};

/// Regions with more candidate pairs than this are paired by a bounded lookahead instead.
pub(crate) const ALIGNMENT_GRID_LIMIT: usize = 250_000;
/// How far the lookahead pairing searches ahead on each side.
const LOOKAHEAD: usize = 8;
/// Above this many (deleted x inserted) candidates, only unedited moves are looked for.
pub(crate) const MOVE_GRID_LIMIT: usize = 250_000;
/// A moved paragraph has at least this many words and letters or digits: short ones (a
/// heading, "Yes.") recur by chance.
pub(crate) const MOVE_MIN_WORDS: usize = 3;
pub(crate) const MOVE_MIN_ALPHANUMERICS: usize = 20;

/// How a region was paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairingMethod {
    Alignment,
    Lookahead,
}

/// Pairs `(old, new)` of indices into the region's slices, increasing in both, each with a
/// similarity of at least `threshold`, maximizing the words the pairs share (so a long
/// paragraph edited counts for more than a short one kept).
pub(crate) fn pair_region(
    old: &[TokenizedParagraph],
    new: &[TokenizedParagraph],
    threshold: f64,
) -> (Vec<(usize, usize)>, PairingMethod) {
    if old.is_empty() || new.is_empty() {
        return (Vec::new(), PairingMethod::Alignment);
    }
    if old.len() * new.len() > ALIGNMENT_GRID_LIMIT {
        return (pair_by_lookahead(old, new, threshold), PairingMethod::Lookahead);
    }
    (pair_by_alignment(old, new, threshold), PairingMethod::Alignment)
}

/// Similarity of two paragraphs when it can reach `threshold`, skipping the bag comparison when
/// the word counts alone rule it out.
fn similarity_at_least(a: &TokenizedParagraph, b: &TokenizedParagraph, threshold: f64) -> Option<f64> {
    if length_bound(a.words(), b.words()) < threshold {
        return None;
    }
    let similarity = bag_similarity(&a.bag, &b.bag);
    (similarity >= threshold && similarity > 0.0).then_some(similarity)
}

/// Shared words of two paragraphs as similarity times their mean length.
fn shared_words(a: &TokenizedParagraph, b: &TokenizedParagraph, similarity: f64) -> f64 {
    similarity * (a.words() + b.words()) as f64 / 2.0
}

fn pair_by_alignment(old: &[TokenizedParagraph], new: &[TokenizedParagraph], threshold: f64) -> Vec<(usize, usize)> {
    let width = new.len() + 1;
    // score[i][j]: most shared words pairing old[..i] with new[..j].
    let mut score = vec![0.0f64; (old.len() + 1) * width];
    let mut took = vec![false; (old.len() + 1) * width];
    for i in 1..=old.len() {
        for j in 1..=new.len() {
            let skip_old = score[(i - 1) * width + j];
            let skip_new = score[i * width + j - 1];
            let mut best = skip_old.max(skip_new);
            if let Some(similarity) = similarity_at_least(&old[i - 1], &new[j - 1], threshold) {
                let take = score[(i - 1) * width + j - 1] + shared_words(&old[i - 1], &new[j - 1], similarity);
                if take > best {
                    best = take;
                    took[i * width + j] = true;
                }
            }
            score[i * width + j] = best;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (old.len(), new.len());
    while i > 0 && j > 0 {
        if took[i * width + j] {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if score[(i - 1) * width + j] >= score[i * width + j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Walks both sides in step, pairing the current paragraphs when similar enough, else the best
/// match within a few paragraphs ahead on either side (wikidiff2's approach).
fn pair_by_lookahead(old: &[TokenizedParagraph], new: &[TokenizedParagraph], threshold: f64) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        let mut best: Option<(f64, usize, usize)> = None;
        for ahead in 0..=LOOKAHEAD {
            for (a, b) in [(i, j + ahead), (i + ahead, j)] {
                if a >= old.len() || b >= new.len() {
                    continue;
                }
                if let Some(similarity) = similarity_at_least(&old[a], &new[b], threshold)
                    && best.is_none_or(|(top, _, _)| similarity > top)
                {
                    best = Some((similarity, a, b));
                }
            }
        }
        match best {
            Some((_, a, b)) => {
                pairs.push((a, b));
                i = a + 1;
                j = b + 1;
            }
            None => {
                i += 1;
                j += 1;
            }
        }
    }
    pairs
}

/// Paragraphs paired in one change region, as ranges of the region's slices: one paragraph on
/// each side for an edited paragraph, several on one side or both for a split or a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pairing {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// A paragraph joins a split or merge when at least this share of its words are words the
/// other side has and the group's paragraphs did not yet account for: half, so a paragraph
/// that a re-wrap cut in the middle of a chain of splits and merges still joins.
const GROUP_CONTAINMENT: f64 = 0.5;
/// Fewest words that must cross between two neighbouring pairings for them to be read as one
/// stretch cut differently on each side.
const MIN_CROSSING_WORDS: usize = 2;
/// Paragraphs with fewer words join a group only when every word is accounted for: a heading
/// or "Yes." matches leftover words by chance.
const GROUP_SHORT_WORDS: usize = 3;
/// Most paragraphs one side of a group holds: a paragraph cut into many pieces, bounded work.
const GROUP_MAX_PARAGRAPHS: usize = 64;

/// Turns the pairs of a region into pairings, growing each into a split or merge when the
/// unpaired paragraphs beside it hold the words it lacks, then looking for splits and merges
/// among the paragraphs still unpaired (a paragraph cut in many pieces pairs with none of
/// them). Pairings stay in order on both sides.
pub(crate) fn group_splits_and_merges(
    old: &[TokenizedParagraph],
    new: &[TokenizedParagraph],
    pairs: &[(usize, usize)],
    method: PairingMethod,
    threshold: f64,
) -> Vec<Pairing> {
    let pairs = without_pieces_of_neighbours(pairs, old, new);
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    for &(o, n) in &pairs {
        old_taken[o] = true;
        new_taken[n] = true;
    }
    let mut pairings: Vec<Pairing> = pairs.iter().map(|&(o, n)| Pairing { old: o..o + 1, new: n..n + 1 }).collect();
    for pairing in &mut pairings {
        grow(pairing, old, new, &mut old_taken, &mut new_taken);
    }
    // Seeds among unpaired paragraphs cost a scan of their slot each: only in regions small
    // enough for the full alignment.
    if method == PairingMethod::Alignment {
        for o in 0..old.len() {
            if old_taken[o] {
                continue;
            }
            let slot = slot_of(&pairings, |pairing| &pairing.old, |pairing| &pairing.new, o, new.len());
            let seed = slot.clone().find(|&n| !new_taken[n] && joins(&new[n], &old[o].bag));
            if let Some(n) = seed {
                let seed = Pairing { old: o..o + 1, new: n..n + 1 };
                try_seed(&mut pairings, seed, old, new, threshold, (&mut old_taken, &mut new_taken));
            }
        }
        for n in 0..new.len() {
            if new_taken[n] {
                continue;
            }
            let slot = slot_of(&pairings, |pairing| &pairing.new, |pairing| &pairing.old, n, old.len());
            let seed = slot.clone().find(|&o| !old_taken[o] && joins(&old[o], &new[n].bag));
            if let Some(o) = seed {
                let seed = Pairing { old: o..o + 1, new: n..n + 1 };
                try_seed(&mut pairings, seed, old, new, threshold, (&mut old_taken, &mut new_taken));
            }
        }
    }
    pairings.sort_unstable_by_key(|pairing| pairing.old.start);
    pairings = join_crossings(pairings, old, new);
    for pairing in &mut pairings {
        grow(pairing, old, new, &mut old_taken, &mut new_taken);
    }
    pairings
}

/// The pairs without those whose paragraph is better read as a piece of the pair next to it: a
/// short paragraph merged into its neighbour can still share enough common words with some
/// other paragraph to be paired with it, which would hide the merge.
fn without_pieces_of_neighbours(
    pairs: &[(usize, usize)],
    old: &[TokenizedParagraph],
    new: &[TokenizedParagraph],
) -> Vec<(usize, usize)> {
    let share_in = |paragraph: &TokenizedParagraph, available: &[u32]| {
        let words = paragraph.words();
        if words == 0 { 0.0 } else { bag_overlap(&paragraph.bag, available) as f64 / words as f64 }
    };
    // Each pair's unmatched words, computed once: its similarity, and what its neighbours may take.
    let leftovers: Vec<(Vec<u32>, Vec<u32>)> = pairs
        .iter()
        .map(|&(o, n)| (bag_difference(&old[o].bag, &new[n].bag), bag_difference(&new[n].bag, &old[o].bag)))
        .collect();
    let mut kept = Vec::with_capacity(pairs.len());
    for (index, &(o, n)) in pairs.iter().enumerate() {
        let total = old[o].words() + new[n].words();
        let unmatched = leftovers[index].0.len() + leftovers[index].1.len();
        let similarity = if total == 0 { 0.0 } else { 1.0 - unmatched as f64 / total as f64 };
        let neighbours = [index.checked_sub(1), Some(index + 1).filter(|&after| after < pairs.len())];
        let is_piece = neighbours.into_iter().flatten().any(|neighbour| {
            let (no, nn) = pairs[neighbour];
            let (neighbour_old_left, neighbour_new_left) = &leftovers[neighbour];
            (no.abs_diff(o) == 1
                && !neighbour_new_left.is_empty()
                && share_in(&old[o], neighbour_new_left) > similarity)
                || (nn.abs_diff(n) == 1
                    && !neighbour_old_left.is_empty()
                    && share_in(&new[n], neighbour_old_left) > similarity)
        });
        if !is_piece {
            kept.push((o, n));
        }
    }
    kept
}

/// Joins neighbouring pairings (nothing unpaired between them) whose unmatched words cross over:
/// what one lacks, the other has extra. Two texts whose paragraphs were cut in different places
/// (both re-wrapped) pair into chains like old `[A B][C D]` against new `[A][B C][D]`, where no
/// pair alone holds its words.
fn join_crossings(pairings: Vec<Pairing>, old: &[TokenizedParagraph], new: &[TokenizedParagraph]) -> Vec<Pairing> {
    let leftovers = |pairing: &Pairing| {
        let (old_bag, new_bag) = (merged_bag(&old[pairing.old.clone()]), merged_bag(&new[pairing.new.clone()]));
        (bag_difference(&old_bag, &new_bag), bag_difference(&new_bag, &old_bag))
    };
    let mut joined: Vec<Pairing> = Vec::with_capacity(pairings.len());
    // The unmatched words of the last pairing in `joined`, kept for the next comparison.
    let mut last_leftovers: Option<(Vec<u32>, Vec<u32>)> = None;
    for pairing in pairings {
        let next_leftovers = leftovers(&pairing);
        if let Some(last) = joined.last_mut()
            && let Some((last_old, last_new)) = &last_leftovers
            && last.old.end == pairing.old.start
            && last.new.end == pairing.new.start
            && last.old.len() + pairing.old.len() <= GROUP_MAX_PARAGRAPHS
            && last.new.len() + pairing.new.len() <= GROUP_MAX_PARAGRAPHS
        {
            let (next_old, next_new) = &next_leftovers;
            let crossing = bag_overlap(last_old, next_new) + bag_overlap(last_new, next_old);
            let unmatched = (last_old.len() + last_new.len()).min(next_old.len() + next_new.len());
            if crossing >= MIN_CROSSING_WORDS && 2 * crossing >= unmatched {
                last.old.end = pairing.old.end;
                last.new.end = pairing.new.end;
                last_leftovers = Some(leftovers(last));
                continue;
            }
        }
        joined.push(pairing);
        last_leftovers = Some(next_leftovers);
    }
    joined
}

/// Where on the other side a paragraph at `at` may pair without crossing a pairing: after the
/// pairings before it, before those after it.
fn slot_of(
    pairings: &[Pairing],
    this_side: impl Fn(&Pairing) -> &Range<usize>,
    other_side: impl Fn(&Pairing) -> &Range<usize>,
    at: usize,
    other_len: usize,
) -> Range<usize> {
    let mut slot = 0..other_len;
    for pairing in pairings {
        if this_side(pairing).end <= at {
            slot.start = slot.start.max(other_side(pairing).end);
        } else if this_side(pairing).start > at {
            slot.end = slot.end.min(other_side(pairing).start);
        }
    }
    slot.start..slot.end.max(slot.start)
}

/// Keeps a seed that grew into a split or merge as similar as a pair must be; gives its
/// paragraphs back otherwise (a lone pair here is one the similarity alignment turned down).
fn try_seed(
    pairings: &mut Vec<Pairing>,
    mut seed: Pairing,
    old: &[TokenizedParagraph],
    new: &[TokenizedParagraph],
    threshold: f64,
    (old_taken, new_taken): (&mut [bool], &mut [bool]),
) {
    old_taken[seed.old.start] = true;
    new_taken[seed.new.start] = true;
    grow(&mut seed, old, new, old_taken, new_taken);
    let grouped = seed.old.len() > 1 || seed.new.len() > 1;
    if grouped && bag_similarity(&merged_bag(&old[seed.old.clone()]), &merged_bag(&new[seed.new.clone()])) >= threshold
    {
        pairings.push(seed);
        return;
    }
    old_taken[seed.old.clone()].fill(false);
    new_taken[seed.new.clone()].fill(false);
}

/// Whether `paragraph` belongs with words `available` from the other side.
fn joins(paragraph: &TokenizedParagraph, available: &[u32]) -> bool {
    let words = paragraph.words();
    if words == 0 {
        return false;
    }
    let shared = bag_overlap(&paragraph.bag, available);
    if words < GROUP_SHORT_WORDS { shared == words } else { shared as f64 >= GROUP_CONTAINMENT * words as f64 }
}

/// Takes unpaired neighbours into the pairing while each brings words the other side has and
/// the pairing lacks.
fn grow(
    pairing: &mut Pairing,
    old: &[TokenizedParagraph],
    new: &[TokenizedParagraph],
    old_taken: &mut [bool],
    new_taken: &mut [bool],
) {
    loop {
        let free_beside = |taken: &[bool], range: &Range<usize>| {
            range.start.checked_sub(1).is_some_and(|before| !taken[before])
                || taken.get(range.end).is_some_and(|taken| !taken)
        };
        // Most pairs have paired neighbours: nothing to weigh.
        if !free_beside(old_taken, &pairing.old) && !free_beside(new_taken, &pairing.new) {
            return;
        }
        let old_bag = merged_bag(&old[pairing.old.clone()]);
        let new_bag = merged_bag(&new[pairing.new.clone()]);
        let (old_left, new_left) = (bag_difference(&old_bag, &new_bag), bag_difference(&new_bag, &old_bag));
        let free = |taken: &[bool], index: Option<usize>| index.filter(|&index| index < taken.len() && !taken[index]);
        let new_after = free(new_taken, Some(pairing.new.end)).filter(|_| pairing.new.len() < GROUP_MAX_PARAGRAPHS);
        let new_before =
            free(new_taken, pairing.new.start.checked_sub(1)).filter(|_| pairing.new.len() < GROUP_MAX_PARAGRAPHS);
        let old_after = free(old_taken, Some(pairing.old.end)).filter(|_| pairing.old.len() < GROUP_MAX_PARAGRAPHS);
        let old_before =
            free(old_taken, pairing.old.start.checked_sub(1)).filter(|_| pairing.old.len() < GROUP_MAX_PARAGRAPHS);
        if let Some(n) = new_after.filter(|&n| joins(&new[n], &old_left)) {
            pairing.new.end += 1;
            new_taken[n] = true;
        } else if let Some(n) = new_before.filter(|&n| joins(&new[n], &old_left)) {
            pairing.new.start -= 1;
            new_taken[n] = true;
        } else if let Some(o) = old_after.filter(|&o| joins(&old[o], &new_left)) {
            pairing.old.end += 1;
            old_taken[o] = true;
        } else if let Some(o) = old_before.filter(|&o| joins(&old[o], &new_left)) {
            pairing.old.start -= 1;
            old_taken[o] = true;
        } else {
            return;
        }
    }
}

/// The word bags of consecutive paragraphs as one sorted bag.
fn merged_bag(paragraphs: &[TokenizedParagraph]) -> Vec<u32> {
    if let [only] = paragraphs {
        return only.bag.clone();
    }
    let mut bag: Vec<u32> = paragraphs.iter().flat_map(|paragraph| paragraph.bag.iter().copied()).collect();
    bag.sort_unstable();
    bag
}

/// The words of sorted bag `a` that `b` does not have, as many times as `a` has more of them.
fn bag_difference(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut left = Vec::new();
    let mut j = 0;
    for &word in a {
        while j < b.len() && b[j] < word {
            j += 1;
        }
        if j < b.len() && b[j] == word {
            j += 1;
        } else {
            left.push(word);
        }
    }
    left
}

/// A candidate paragraph for a move: where it is, and its tokens.
pub(crate) struct MoveCandidate<'a> {
    pub index: usize,
    pub text: &'a str,
    pub fingerprint: u64,
    pub paragraph: &'a TokenizedParagraph,
}

fn long_enough(candidate: &MoveCandidate<'_>) -> bool {
    candidate.paragraph.words() >= MOVE_MIN_WORDS
        && candidate.text.chars().filter(|c| c.is_alphanumeric()).nth(MOVE_MIN_ALPHANUMERICS - 1).is_some()
}

/// The moves found among the unpaired paragraphs, and which bounds simplified the search.
pub(crate) struct Moves {
    /// `(deleted index, inserted index, similarity)`, one source and one destination each.
    pub moves: Vec<(usize, usize, f64)>,
    /// Too many candidates to compare pairwise: only unedited moves were looked for.
    pub exact_only: bool,
    /// Identical paragraphs repeated on both sides were matched in their order of appearance
    /// instead of every copy being weighed against every other.
    pub repeats_in_order: bool,
}

/// Moves among the unpaired paragraphs, the most similar first. Memory stays linear in the
/// candidates: when only unedited moves are looked for, each deleted paragraph gets one
/// candidate, the next unused identical inserted one.
pub(crate) fn find_moves(deleted: &[MoveCandidate<'_>], inserted: &[MoveCandidate<'_>], threshold: f64) -> Moves {
    let deleted: Vec<&MoveCandidate<'_>> = deleted.iter().filter(|c| long_enough(c)).collect();
    let inserted: Vec<&MoveCandidate<'_>> = inserted.iter().filter(|c| long_enough(c)).collect();
    let exact_only = deleted.len() * inserted.len() > MOVE_GRID_LIMIT;
    let mut repeats_in_order = false;
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    if exact_only {
        // Destinations of each fingerprint in order, and how many of them are taken.
        let mut by_fingerprint: HashMap<u64, (Vec<usize>, usize), FxBuildHasher> = HashMap::default();
        for candidate in &inserted {
            by_fingerprint.entry(candidate.fingerprint).or_default().0.push(candidate.index);
        }
        for candidate in &deleted {
            if let Some((destinations, taken)) = by_fingerprint.get_mut(&candidate.fingerprint) {
                repeats_in_order |= destinations.len() > 1;
                if let Some(&destination) = destinations.get(*taken) {
                    *taken += 1;
                    candidates.push((1.0, candidate.index, destination));
                }
            }
        }
    } else {
        for source in &deleted {
            for destination in &inserted {
                if let Some(similarity) = similarity_at_least(source.paragraph, destination.paragraph, threshold)
                    && similarity > threshold
                {
                    candidates.push((similarity, source.index, destination.index));
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_sources = std::collections::HashSet::new();
    let mut used_destinations = std::collections::HashSet::new();
    let moves = candidates
        .into_iter()
        .filter(|&(_, source, destination)| {
            !used_sources.contains(&source)
                && !used_destinations.contains(&destination)
                && used_sources.insert(source)
                && used_destinations.insert(destination)
        })
        .map(|(similarity, source, destination)| (source, destination, similarity))
        .collect();
    Moves { moves, exact_only, repeats_in_order }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{Comparison, Interner};
    use super::*;

    fn paragraphs(interner: &mut Interner, texts: &[&str]) -> Vec<TokenizedParagraph> {
        texts.iter().map(|text| interner.tokenize(text, Comparison::default())).collect()
    }

    #[test]
    fn alignment_pairs_by_similarity_not_position() {
        let mut interner = Interner::default();
        let old = paragraphs(&mut interner, &["alpha beta gamma delta", "one two three four five"]);
        let new = paragraphs(
            &mut interner,
            &["something else entirely here", "alpha beta gamma epsilon", "one two three four six"],
        );
        let (pairs, method) = pair_region(&old, &new, 0.3);
        assert_eq!(method, PairingMethod::Alignment);
        assert_eq!(pairs, [(0, 1), (1, 2)]);
    }

    #[test]
    fn alignment_keeps_order_and_prefers_the_larger_total() {
        let mut interner = Interner::default();
        let old = paragraphs(&mut interner, &["a b c d e f g h", "p q r s"]);
        let new = paragraphs(&mut interner, &["p q r s", "a b c d e f g x"]);
        let (pairs, _) = pair_region(&old, &new, 0.3);
        assert_eq!(pairs, [(0, 1)]);
    }

    #[test]
    fn lookahead_pairs_in_step_and_skips_unrelated() {
        let mut interner = Interner::default();
        let old = paragraphs(&mut interner, &["a b c d", "e f g h", "i j k l"]);
        let new = paragraphs(&mut interner, &["x y z w", "a b c x", "e f g y", "i j k z"]);
        assert_eq!(pair_by_lookahead(&old, &new, 0.5), [(0, 1), (1, 2), (2, 3)]);
    }

    #[test]
    fn moves_are_one_to_one_most_similar_first_and_skip_short_paragraphs() {
        let mut interner = Interner::default();
        let old_texts =
            ["the quick brown fox jumps over the lazy dog", "Yes.", "an entirely different paragraph about moving"];
        let new_texts =
            ["the quick brown fox jumps over the lazy cat", "Yes.", "the quick brown fox jumps over the lazy dog"];
        let old = paragraphs(&mut interner, &old_texts);
        let new = paragraphs(&mut interner, &new_texts);
        let candidates = |side: &[TokenizedParagraph]| -> Vec<(usize, u64)> {
            side.iter().enumerate().map(|(index, _)| (index, index as u64)).collect()
        };
        let deleted: Vec<MoveCandidate<'_>> = candidates(&old)
            .into_iter()
            .map(|(index, fingerprint)| MoveCandidate {
                index,
                text: old_texts[index],
                fingerprint,
                paragraph: &old[index],
            })
            .collect();
        let inserted: Vec<MoveCandidate<'_>> = candidates(&new)
            .into_iter()
            .map(|(index, fingerprint)| MoveCandidate {
                index,
                text: new_texts[index],
                fingerprint: fingerprint + 10,
                paragraph: &new[index],
            })
            .collect();
        let found = find_moves(&deleted, &inserted, 0.4);
        assert!(!found.exact_only && !found.repeats_in_order);
        assert_eq!(found.moves.len(), 1);
        assert_eq!((found.moves[0].0, found.moves[0].1), (0, 2));
    }
}
