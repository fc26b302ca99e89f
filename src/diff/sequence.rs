//! Matching two sequences of interned ids (paragraph fingerprints, or token keys): common
//! prefix and suffix first, then patience anchors (ids unique to both sides, longest increasing
//! run), then Myers in the gaps that are small enough. Work is counted, never timed: a gap too
//! big for the budget is left unmatched and the caller is told.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use similar::{Algorithm, DiffOp, capture_diff};

/// Work allowed for one matching, in units of about one comparison.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    remaining: u64,
    /// Set when some gap was left unmatched because the work would have exceeded the budget.
    pub exhausted: bool,
}

impl Budget {
    pub fn new(units: u64) -> Self {
        Budget { remaining: units, exhausted: false }
    }

    fn spend(&mut self, units: u64) -> bool {
        if units > self.remaining {
            self.exhausted = true;
            return false;
        }
        self.remaining -= units;
        true
    }
}

/// Myers in a gap only when its full comparison grid is at most this big: Myers costs
/// O((k+m)·D), which is never more than the grid.
const MYERS_GRID_LIMIT: u64 = 4_000_000;
/// Gaps whose grid is at most this big skip the anchor search and go straight to Myers.
const SMALL_GRID: u64 = 1024;

/// A stretch of equal ids: `old..old + len` on the old side matches `new..new + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub old: usize,
    pub new: usize,
    pub len: usize,
}

/// Pairs `(old index, new index)` of equal ids, increasing in both.
pub(crate) fn match_sequences(old: &[u32], new: &[u32], budget: &mut Budget) -> Vec<(usize, usize)> {
    let runs = match_runs(old, new, budget);
    let mut matches = Vec::with_capacity(runs.iter().map(|run| run.len).sum());
    for run in runs {
        matches.extend((0..run.len).map(|offset| (run.old + offset, run.new + offset)));
    }
    matches
}

/// The matching of `match_sequences` as runs of equal ids, in order: a long paragraph with
/// one edit is two runs, not a pair of indices per token.
pub(crate) fn match_runs(old: &[u32], new: &[u32], budget: &mut Budget) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut pending = vec![(0..old.len(), 0..new.len())];
    let mut counts: HashMap<u32, Occurrences, FxBuildHasher> = HashMap::default();
    while let Some((mut old_range, mut new_range)) = pending.pop() {
        let common_prefix =
            old[old_range.clone()].iter().zip(&new[new_range.clone()]).take_while(|(a, b)| a == b).count();
        push_run(&mut runs, old_range.start, new_range.start, common_prefix);
        old_range.start += common_prefix;
        new_range.start += common_prefix;
        let common_suffix = old[old_range.clone()]
            .iter()
            .rev()
            .zip(new[new_range.clone()].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        old_range.end -= common_suffix;
        new_range.end -= common_suffix;
        push_run(&mut runs, old_range.end, new_range.end, common_suffix);
        if old_range.is_empty() || new_range.is_empty() {
            continue;
        }
        let grid = old_range.len() as u64 * new_range.len() as u64;
        if grid > SMALL_GRID {
            if !budget.spend((old_range.len() + new_range.len()) as u64) {
                continue;
            }
            let Some(anchors) = unique_anchors(old, &old_range, new, &new_range, &mut counts) else {
                // Nothing in common: all deleted and inserted is the exact answer, not a bound.
                continue;
            };
            if !anchors.is_empty() {
                let (mut old_start, mut new_start) = (old_range.start, new_range.start);
                for &(old_index, new_index) in &anchors {
                    push_run(&mut runs, old_index, new_index, 1);
                    pending.push((old_start..old_index, new_start..new_index));
                    old_start = old_index + 1;
                    new_start = new_index + 1;
                }
                pending.push((old_start..old_range.end, new_start..new_range.end));
                continue;
            }
        }
        if grid > MYERS_GRID_LIMIT || !budget.spend(grid) {
            budget.exhausted = true;
            continue;
        }
        // Most small gaps in prose are a word swapped for another: nothing in common, so no
        // Myers run is needed to find that out.
        if grid <= SMALL_GRID && !old[old_range.clone()].iter().any(|id| new[new_range.clone()].contains(id)) {
            continue;
        }
        for op in capture_diff(Algorithm::Myers, old, old_range, new, new_range) {
            if let DiffOp::Equal { old_index, new_index, len } = op {
                push_run(&mut runs, old_index, new_index, len);
            }
        }
    }
    in_order(runs)
}

fn push_run(runs: &mut Vec<Run>, old: usize, new: usize, len: usize) {
    if len > 0 {
        runs.push(Run { old, new, len });
    }
}

/// The runs sorted, with runs that continue each other joined.
fn in_order(mut runs: Vec<Run>) -> Vec<Run> {
    runs.sort_unstable_by_key(|run| run.old);
    let mut joined: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        match joined.last_mut() {
            Some(last) if last.old + last.len == run.old && last.new + last.len == run.new => last.len += run.len,
            _ => joined.push(run),
        }
    }
    joined
}

#[derive(Debug, Clone, Copy)]
struct Occurrences {
    old_count: u32,
    old_index: usize,
    new_count: u32,
    new_index: usize,
}

/// Ids that occur exactly once on each side of the gap, keeping the longest run that is in
/// the same order on both sides (patience diff); `None` when the sides share no id at all.
fn unique_anchors(
    old: &[u32],
    old_range: &std::ops::Range<usize>,
    new: &[u32],
    new_range: &std::ops::Range<usize>,
    counts: &mut HashMap<u32, Occurrences, FxBuildHasher>,
) -> Option<Vec<(usize, usize)>> {
    counts.clear();
    for index in old_range.clone() {
        let entry = counts.entry(old[index]).or_insert(Occurrences {
            old_count: 0,
            old_index: index,
            new_count: 0,
            new_index: 0,
        });
        entry.old_count += 1;
    }
    for index in new_range.clone() {
        if let Some(entry) = counts.get_mut(&new[index]) {
            entry.new_count += 1;
            entry.new_index = index;
        }
    }
    if counts.values().all(|entry| entry.new_count == 0) {
        return None;
    }
    let mut candidates: Vec<(usize, usize)> = counts
        .values()
        .filter(|entry| entry.old_count == 1 && entry.new_count == 1)
        .map(|entry| (entry.old_index, entry.new_index))
        .collect();
    candidates.sort_unstable();
    Some(longest_increasing(&candidates))
}

/// The longest subsequence of `pairs` (sorted by old index) whose new indices increase.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index in `pairs` of the smallest tail of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; pairs.len()];
    for (index, &(_, new_index)) in pairs.iter().enumerate() {
        let position = tails.partition_point(|&tail| pairs[tail].1 < new_index);
        previous[index] = position.checked_sub(1).map(|before| tails[before]);
        if position == tails.len() {
            tails.push(index);
        } else {
            tails[position] = index;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut cursor = tails.last().copied();
    while let Some(index) = cursor {
        run.push(pairs[index]);
        cursor = previous[index];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcs_length(old: &[u32], new: &[u32]) -> usize {
        let mut row = vec![0usize; new.len() + 1];
        for &a in old {
            let mut diagonal = 0;
            for (j, &b) in new.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = if a == b { diagonal + 1 } else { above.max(row[j]) };
                diagonal = above;
            }
        }
        row[new.len()]
    }

    fn assert_valid(old: &[u32], new: &[u32], matches: &[(usize, usize)]) {
        for pair in matches.windows(2) {
            assert!(pair[0].0 < pair[1].0 && pair[0].1 < pair[1].1, "not increasing: {matches:?}");
        }
        for &(i, j) in matches {
            assert_eq!(old[i], new[j]);
        }
    }

    #[test]
    fn small_sequences_get_a_longest_common_subsequence() {
        let old = [1, 2, 3, 4, 5, 6];
        let new = [1, 3, 4, 9, 6, 2];
        let matches = match_sequences(&old, &new, &mut Budget::new(1_000));
        assert_valid(&old, &new, &matches);
        assert_eq!(matches.len(), lcs_length(&old, &new));
    }

    #[test]
    fn large_sequences_anchor_on_unique_ids() {
        let old: Vec<u32> = (0..3000).map(|i| if i % 3 == 0 { 7 } else { i }).collect();
        let mut new = old.clone();
        new.remove(1500);
        new.insert(10, 99_999);
        let matches = match_sequences(&old, &new, &mut Budget::new(10_000_000));
        assert_valid(&old, &new, &matches);
        assert_eq!(matches.len(), old.len() - 1);
    }

    #[test]
    fn an_exhausted_budget_leaves_gaps_unmatched_and_says_so() {
        let old: Vec<u32> = (0..5000).map(|i| i % 2).collect();
        let new: Vec<u32> = (0..5000).map(|i| (i + 1) % 3).collect();
        let mut budget = Budget::new(1000);
        let matches = match_sequences(&old, &new, &mut budget);
        assert_valid(&old, &new, &matches);
        assert!(budget.exhausted);
    }

    #[test]
    fn sequences_with_nothing_in_common_are_no_bound() {
        let old: Vec<u32> = (0..5000).collect();
        let new: Vec<u32> = (5000..10_000).collect();
        // Enough to look for anchors, far too little for Myers on the 5000 x 5000 grid.
        let mut budget = Budget::new(20_000);
        assert!(match_sequences(&old, &new, &mut budget).is_empty());
        assert!(!budget.exhausted);
    }

    #[test]
    fn longest_increasing_run() {
        let pairs = [(0, 5), (1, 1), (2, 2), (3, 9), (4, 3)];
        assert_eq!(longest_increasing(&pairs), [(1, 1), (2, 2), (4, 3)]);
        assert!(longest_increasing(&[]).is_empty());
    }
}
