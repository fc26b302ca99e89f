//! Which blocks a document-shaped renderer shows, which it folds, and where moved paragraphs
//! stood.

use crate::report::diff::{Block, BlockKind};

/// What to show of the report, in order.
#[derive(Debug, Clone, Copy)]
pub enum PlanItem<'a> {
    /// A changed paragraph, or an unchanged one within `--context` of a change.
    Shown(&'a Block<'a>),
    /// A run of unchanged paragraphs not shown.
    Folded(&'a [Block<'a>]),
    /// Where a moved paragraph stood in the old text (only when asked for).
    MovedFrom(&'a Block<'a>),
}

/// Decides which blocks to show: every change, and `context` unchanged paragraphs on each side
/// of it; every other run of unchanged paragraphs becomes one `Folded` item. With `origins`,
/// a `MovedFrom` item marks the old place of each moved paragraph.
pub fn plan<'a>(blocks: &'a [Block<'a>], context: usize, origins: bool) -> Vec<PlanItem<'a>> {
    let is_change = |block: &Block| block.kind != BlockKind::Unchanged;
    let mut distance = vec![usize::MAX; blocks.len()];
    let mut since_change = usize::MAX;
    for (index, block) in blocks.iter().enumerate() {
        since_change = if is_change(block) { 0 } else { since_change.saturating_add(1) };
        distance[index] = since_change;
    }
    let mut until_change = usize::MAX;
    for (index, block) in blocks.iter().enumerate().rev() {
        until_change = if is_change(block) { 0 } else { until_change.saturating_add(1) };
        distance[index] = distance[index].min(until_change);
    }

    let origin_before = if origins { moved_origins(blocks) } else { vec![Vec::new(); blocks.len() + 1] };
    let mut items = Vec::new();
    let mut folded_from: Option<usize> = None;
    for index in 0..=blocks.len() {
        let shown = index < blocks.len() && distance[index] <= context;
        let origin_here = !origin_before[index].is_empty();
        if (shown || origin_here || index == blocks.len())
            && let Some(start) = folded_from.take()
        {
            items.push(PlanItem::Folded(&blocks[start..index]));
        }
        items.extend(origin_before[index].iter().map(|&moved| PlanItem::MovedFrom(&blocks[moved])));
        if index == blocks.len() {
            break;
        }
        if shown {
            items.push(PlanItem::Shown(&blocks[index]));
        } else if folded_from.is_none() {
            folded_from = Some(index);
        }
    }
    items
}

/// For each position in `blocks` (and one past the end), the moved blocks whose old place is
/// just before it: before the first block that is not a move and stood later in the old text.
fn moved_origins(blocks: &[Block]) -> Vec<Vec<usize>> {
    let mut origins = vec![Vec::new(); blocks.len() + 1];
    for (moved_index, moved) in blocks.iter().enumerate() {
        let Some(old_number) = moved.old_paragraph.filter(|_| moved.kind == BlockKind::Moved) else { continue };
        let position = blocks
            .iter()
            .position(|block| {
                block.kind != BlockKind::Moved && block.old_paragraph.is_some_and(|number| number > old_number)
            })
            .unwrap_or(blocks.len());
        origins[position].push(moved_index);
    }
    for at_position in &mut origins {
        at_position.sort_by_key(|&index| blocks[index].old_paragraph);
    }
    origins
}
