//! Which paragraphs moved: of all the paragraphs found on both sides (unchanged, edited or
//! moved), those in place are the heaviest set in the same order on both sides, so the story
//! told moves the fewest words. Edited pairs count as anchors as much as unchanged ones.

use crate::report::diff::{Block, BlockKind, DiffStats, OpKind};

/// Relabels blocks so that the moved ones hold the fewest words: a block outside the heaviest
/// order-preserving set is moved, one inside it is in place. `words(block)` weighs a block.
/// Changes nothing unless fewer words move (the alignment's own order usually is the heaviest).
pub(crate) fn fewest_moved_words(blocks: &mut [Block], stats: &mut DiffStats, words: impl Fn(&Block) -> u64) {
    let paired: Vec<usize> = (0..blocks.len())
        .filter(|&index| {
            let block = &blocks[index];
            matches!(block.kind, BlockKind::Unchanged | BlockKind::Changed | BlockKind::Moved)
                && block.old_paragraph.is_some()
                && block.new_paragraph.is_some()
        })
        .collect();
    if !paired.iter().any(|&index| blocks[index].kind == BlockKind::Moved) {
        return;
    }
    let items: Vec<(usize, u64)> =
        paired.iter().map(|&index| (blocks[index].old_paragraph.unwrap_or(0), words(&blocks[index]))).collect();
    let old_len = items.iter().map(|&(old, _)| old).max().unwrap_or(0);
    let in_place = heaviest_increasing(&items, old_len);
    let moved_now: u64 = paired
        .iter()
        .zip(&items)
        .filter(|(index, _)| blocks[**index].kind == BlockKind::Moved)
        .map(|(_, item)| item.1)
        .sum();
    let moved_then: u64 = items.iter().zip(&in_place).filter(|(_, keep)| !**keep).map(|(item, _)| item.1).sum();
    if moved_then >= moved_now {
        return;
    }
    for (&index, &keep) in paired.iter().zip(&in_place) {
        let block = &mut blocks[index];
        let kind = match (block.kind, keep) {
            (BlockKind::Moved, true) if block.ops.iter().all(|op| op.op == OpKind::Equal) => BlockKind::Unchanged,
            (BlockKind::Moved, true) => BlockKind::Changed,
            (_, false) => BlockKind::Moved,
            (kind, true) => kind,
        };
        count(stats, block.kind, -1);
        count(stats, kind, 1);
        block.kind = kind;
    }
}

fn count(stats: &mut DiffStats, kind: BlockKind, by: isize) {
    let counter = match kind {
        BlockKind::Unchanged => &mut stats.paragraphs_unchanged,
        BlockKind::Changed => &mut stats.paragraphs_changed,
        BlockKind::Moved => &mut stats.paragraphs_moved,
        BlockKind::Inserted | BlockKind::Deleted | BlockKind::Split | BlockKind::Merged => return,
    };
    *counter = counter.wrapping_add_signed(by);
}

/// The heaviest subsequence of `items` (each `(position, weight)`, positions 1..=`len`) whose
/// positions increase, as a flag per item. A Fenwick tree of prefix maxima keeps it
/// O(n log n); ties go to the earlier items, so the same input always gives the same answer.
fn heaviest_increasing(items: &[(usize, u64)], len: usize) -> Vec<bool> {
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); len + 1];
    let mut previous = vec![usize::MAX; items.len()];
    let mut totals = vec![0u64; items.len()];
    for (index, &(position, weight)) in items.iter().enumerate() {
        let (mut best, mut from) = (0, usize::MAX);
        let mut at = position - 1;
        while at > 0 {
            if tree[at].0 > best {
                (best, from) = tree[at];
            }
            at &= at - 1;
        }
        totals[index] = best + weight;
        previous[index] = from;
        let mut at = position;
        while at <= len {
            if totals[index] > tree[at].0 {
                tree[at] = (totals[index], index);
            }
            at += at & at.wrapping_neg();
        }
    }
    let mut keep = vec![false; items.len()];
    let mut cursor = (0..items.len()).fold(None, |best: Option<usize>, index| match best {
        Some(top) if totals[top] >= totals[index] => Some(top),
        _ => Some(index),
    });
    while let Some(index) = cursor {
        keep[index] = true;
        cursor = (previous[index] != usize::MAX).then_some(previous[index]);
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heaviest_increasing_run_wins_over_the_longest() {
        // Positions 1, 3, 2, 4: either 3 or 2 can stay; 2 weighs more.
        assert_eq!(heaviest_increasing(&[(1, 5), (3, 1), (2, 4), (4, 5)], 4), [true, false, true, true]);
        // One heavy item against two light ones in the other order.
        assert_eq!(heaviest_increasing(&[(2, 10), (1, 3), (3, 3)], 3), [true, false, true]);
        assert!(heaviest_increasing(&[], 0).is_empty());
    }
}
