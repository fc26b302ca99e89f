//! A readability number for word diffs: "confetti", the share of short equal runs (at most two
//! words) stranded between two long edits (at least three words each), over all equal runs
//! that sit between two edits, in changed and moved paragraphs. Such runs are what make a
//! rewritten clause unreadable: "[-we will provide-]{+the service gives+} the [-users-]...".

use crate::report::diff::{Block, BlockKind, OpKind};

use super::tokens::count_words;

/// An equal run this short (in words) between two long edits is confetti.
const SHORT_EQUAL_WORDS: usize = 2;
/// An edit run is long when its larger side (deleted or inserted words) has this many words.
const LONG_EDIT_WORDS: usize = 3;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confetti {
    /// Short equal runs between two long edit runs.
    pub stranded: usize,
    /// All equal runs with an edit run on each side.
    pub between_edits: usize,
}

impl Confetti {
    /// `stranded / between_edits`, 0 when no equal run sits between edits.
    pub fn share(&self) -> f64 {
        if self.between_edits == 0 { 0.0 } else { self.stranded as f64 / self.between_edits as f64 }
    }

    fn add(&mut self, other: Confetti) {
        self.stranded += other.stranded;
        self.between_edits += other.between_edits;
    }
}

/// Measures the confetti of the changed and moved blocks.
pub fn confetti(blocks: &[Block]) -> Confetti {
    let mut total = Confetti::default();
    for block in blocks.iter().filter(|block| matches!(block.kind, BlockKind::Changed | BlockKind::Moved)) {
        total.add(block_confetti(block));
    }
    total
}

/// A run of consecutive ops of one sort: equal words, or the words an edit run deletes and inserts.
enum Run {
    Equal(usize),
    Edit { deleted: usize, inserted: usize },
}

fn block_confetti(block: &Block) -> Confetti {
    let mut runs: Vec<Run> = Vec::new();
    for op in &block.ops {
        let words = count_words(&op.text);
        match (op.op, runs.last_mut()) {
            (OpKind::Equal, Some(Run::Equal(total))) => *total += words,
            (OpKind::Equal, _) => runs.push(Run::Equal(words)),
            (OpKind::Delete, Some(Run::Edit { deleted, .. })) => *deleted += words,
            (OpKind::Insert, Some(Run::Edit { inserted, .. })) => *inserted += words,
            (OpKind::Delete, _) => runs.push(Run::Edit { deleted: words, inserted: 0 }),
            (OpKind::Insert, _) => runs.push(Run::Edit { deleted: 0, inserted: words }),
        }
    }
    let long =
        |run: &Run| matches!(run, Run::Edit { deleted, inserted } if (*deleted).max(*inserted) >= LONG_EDIT_WORDS);
    let mut result = Confetti::default();
    for window in runs.windows(3) {
        if let [before @ Run::Edit { .. }, Run::Equal(words), after @ Run::Edit { .. }] = window {
            result.between_edits += 1;
            if *words <= SHORT_EQUAL_WORDS && long(before) && long(after) {
                result.stranded += 1;
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::diff::Op;

    fn block(kind: BlockKind, ops: Vec<Op>) -> Block {
        crate::diff::measured_block(kind, Some(1), Some(1), 0.5, ops)
    }

    #[test]
    fn a_short_run_between_long_edits_is_confetti() {
        let shredded = block(
            BlockKind::Changed,
            vec![
                Op::delete("we will provide"),
                Op::insert("the service gives"),
                Op::equal(" the "),
                Op::delete("users with a"),
                Op::insert("customer an"),
                Op::equal(" manual for this product"),
                Op::delete("x"),
            ],
        );
        assert_eq!(confetti(&[shredded]), Confetti { stranded: 1, between_edits: 2 });
    }

    #[test]
    fn short_edits_and_unchanged_blocks_are_not_confetti() {
        let small_edits = block(
            BlockKind::Moved,
            vec![
                Op::equal("the "),
                Op::delete("red"),
                Op::insert("blue"),
                Op::equal(" car "),
                Op::delete("is"),
                Op::insert("was"),
            ],
        );
        let unchanged = block(BlockKind::Unchanged, vec![Op::equal("a b c")]);
        let measured = confetti(&[small_edits, unchanged]);
        assert_eq!(measured, Confetti { stranded: 0, between_edits: 1 });
        assert_eq!(measured.share(), 0.0);
        assert_eq!(Confetti::default().share(), 0.0);
    }
}
