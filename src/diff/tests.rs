//! Whole-pipeline tests: block kinds and ops as an editor would describe them, the rebuild
//! invariant under generated edits, and the corpus pairs when they are present.

use proptest::prelude::*;

use super::*;
use crate::article::Segmentation;
use crate::report::diff::OpKind;
use tokens::Comparison;

/// Says on the real standard error (the test harness captures `eprintln!`) that a test found
/// no corpus and checked nothing, so a run without `../shared` is never mistaken for a pass.
fn note_skipped(what: &str, missing: &std::path::Path) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "note: {} not found: {what} skipped", missing.display());
}

fn diff<'t>(old: &[&'t str], new: &[&'t str]) -> DiffReport<'t> {
    diff_with(old, new, &DiffOptions::default())
}

fn diff_with<'t>(old: &[&'t str], new: &[&'t str], options: &DiffOptions) -> DiffReport<'t> {
    diff_texts(Text { path: "old.txt", paragraphs: old }, Text { path: "new.txt", paragraphs: new }, options)
}

/// One line per block: kind, paragraph numbers, and the ops in wdiff notation.
fn describe(report: &DiffReport) -> Vec<String> {
    report
        .blocks
        .iter()
        .map(|block| {
            let number = |n: Option<usize>| n.map_or("-".to_string(), |n| n.to_string());
            let ops: String = block
                .ops
                .iter()
                .map(|op| match op.op {
                    _ if op.paragraph_break => format!("{:?}¶", op.op),
                    OpKind::Equal => op.text.to_string(),
                    OpKind::Delete => format!("[-{}-]", op.text),
                    OpKind::Insert => format!("{{+{}+}}", op.text),
                })
                .collect();
            format!("{:?} {}>{} {}", block.kind, number(block.old_paragraph), number(block.new_paragraph), ops)
        })
        .collect()
}

/// Every paragraph in exactly one block, blocks in new order, ops rebuilding both texts (each
/// paragraph of a split or merged block between its break ops).
fn assert_consistent(old: &[&str], new: &[&str], report: &DiffReport) {
    let mut old_seen = vec![0; old.len()];
    let mut new_seen = vec![0; new.len()];
    let mut last_new = 0;
    for block in &report.blocks {
        let (old_numbers, new_numbers) = (block.old_paragraph_numbers(), block.new_paragraph_numbers());
        assert_eq!(block.old_paragraph, old_numbers.first().copied());
        assert_eq!(block.new_paragraph, new_numbers.first().copied());
        let old_texts = block.old_paragraph_texts();
        if old_numbers.is_empty() {
            assert_eq!(old_texts, [""]);
        } else {
            assert_eq!(old_texts.len(), old_numbers.len(), "breaks in {block:?}");
        }
        for (number, text) in old_numbers.iter().zip(&old_texts) {
            old_seen[number - 1] += 1;
            assert_eq!(text, old[number - 1], "old paragraph {number}");
        }
        let new_texts = block.new_paragraph_texts();
        if new_numbers.is_empty() {
            assert_eq!(new_texts, [""]);
        } else {
            assert_eq!(new_texts.len(), new_numbers.len(), "breaks in {block:?}");
        }
        for (number, text) in new_numbers.iter().zip(&new_texts) {
            new_seen[number - 1] += 1;
            assert_eq!(text, new[number - 1], "new paragraph {number}");
            assert!(*number > last_new, "blocks out of new order");
            last_new = *number;
        }
    }
    assert!(old_seen.iter().all(|&seen| seen == 1), "old paragraphs seen {old_seen:?}");
    assert!(new_seen.iter().all(|&seen| seen == 1), "new paragraphs seen {new_seen:?}");
    let stats = &report.stats;
    assert_eq!(stats.words_common + stats.words_deleted, report.old.words);
    assert_eq!(stats.words_common + stats.words_inserted, report.new.words);
    assert!(stats.words_changed <= stats.words_deleted);
    assert_eq!(
        stats.paragraphs_unchanged
            + stats.paragraphs_changed
            + stats.paragraphs_moved
            + stats.paragraphs_deleted
            + stats.paragraphs_split
            + stats.paragraphs_merged,
        old.len()
    );
}

const FIRST: &str = "Since 1992 when the former Soviet Union was dissolved, China and Russia have moved closer.";
const SECOND: &str = "On April 4-5, Chinese FM Wang Yi visited Moscow as the special envoy of President Xi.";
const THIRD: &str = "Looking into the immense resources of the two countries, it is unwise to ignore them.";
const FOURTH: &str = "In sum, China and Russia no doubt need each other in the vicissitudes of world affairs.";

#[test]
fn identical_texts_and_rewrapped_texts_are_identical() {
    let old = [FIRST, SECOND];
    let report = diff(&old, &old);
    assert!(report.identical);
    assert!(!report.bounded);
    assert_eq!(report.stats.similarity, 1.0);
    let wrapped_first = FIRST.replace(" the ", "\r\nthe  ");
    let wrapped = ["\u{feff}".to_string() + SECOND];
    let new = [wrapped_first.as_str(), wrapped[0].as_str()];
    let report = diff(&old, &new);
    assert!(report.identical);
    assert_eq!(report.blocks[0].kind, BlockKind::Unchanged);
    assert_eq!(report.blocks[0].ops, vec![Op::equal_with_old(wrapped_first.as_str(), FIRST)]);
    assert_consistent(&old, &new, &report);
}

#[test]
fn a_changed_date_is_a_small_edit_in_place() {
    let new_second = SECOND.replace("April 4-5", "April 5-6");
    let report = diff(&[FIRST, SECOND, THIRD], &[FIRST, &new_second, THIRD]);
    assert!(!report.identical);
    assert_eq!(describe(&report)[1], format!("Changed 2>2 On April [-4-5-]{{+5-6+}}{}", &SECOND[12..]));
    assert_eq!((report.stats.words_deleted, report.stats.words_inserted, report.stats.words_changed), (1, 1, 1));
    assert_eq!(report.stats.paragraphs_changed, 1);
}

#[test]
fn deleted_and_inserted_paragraphs_stand_where_they_stood() {
    let report = diff(&[FIRST, SECOND, THIRD], &[FIRST, THIRD, FOURTH]);
    let kinds: Vec<(BlockKind, Option<usize>, Option<usize>)> =
        report.blocks.iter().map(|block| (block.kind, block.old_paragraph, block.new_paragraph)).collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Unchanged, Some(1), Some(1)),
            (BlockKind::Deleted, Some(2), None),
            (BlockKind::Unchanged, Some(3), Some(2)),
            (BlockKind::Inserted, None, Some(3)),
        ]
    );
    assert_eq!(report.blocks[1].ops, vec![Op::delete(SECOND)]);
    assert_eq!(report.blocks[3].ops, vec![Op::insert(FOURTH)]);
}

#[test]
fn a_moved_paragraph_is_one_moved_block_at_its_new_place() {
    let old = [FIRST, SECOND, THIRD, FOURTH];
    let new = [FIRST, THIRD, FOURTH, SECOND];
    let report = diff(&old, &new);
    assert_eq!(describe(&report)[3], format!("Moved 2>4 {SECOND}"));
    assert_eq!(report.stats.paragraphs_moved, 1);
    assert_eq!(report.stats.words_deleted, 0);
    assert_consistent(&old, &new, &report);
}

#[test]
fn a_moved_and_edited_paragraph_carries_its_edits() {
    let edited = SECOND.replace("special envoy", "personal envoy");
    let old = [FIRST, SECOND, THIRD, FOURTH];
    let new = [FIRST, THIRD, FOURTH, edited.as_str()];
    let report = diff(&old, &new);
    let moved = &report.blocks[3];
    assert_eq!(moved.kind, BlockKind::Moved);
    assert_eq!((moved.old_paragraph, moved.new_paragraph), (Some(2), Some(4)));
    assert_eq!(moved.ops.iter().filter(|op| op.op != OpKind::Equal).count(), 2);
    assert!(describe(&report)[3].contains("the [-special-]{+personal+} envoy"));
    assert_consistent(&old, &new, &report);
}

#[test]
fn a_rewritten_paragraph_is_replaced_whole_and_unrelated_ones_are_not_paired() {
    let old = [FIRST, SECOND];
    let rewritten = "Since 1992 the ties between the two capitals grew stronger in every field.";
    let report = diff(&old, &[rewritten, SECOND]);
    let first = &report.blocks;
    assert!(first.iter().all(|block| block.kind != BlockKind::Unchanged || block.old_paragraph == Some(2)));
    assert_consistent(&old, &[rewritten, SECOND], &report);
    let changed: Vec<&Block> = report.blocks.iter().filter(|block| block.kind == BlockKind::Changed).collect();
    for block in changed {
        assert_eq!(block.ops.len(), 2, "replaced whole: {:?}", block.ops);
    }
}

#[test]
fn a_split_paragraph_is_one_split_block_with_no_word_changed() {
    let joined = format!("{FIRST} {SECOND}");
    let (old, new) = ([THIRD, joined.as_str(), FOURTH], [THIRD, FIRST, SECOND, FOURTH]);
    let report = diff(&old, &new);
    assert_consistent(&old, &new, &report);
    assert_eq!(changes(&report), [(BlockKind::Split, Some(2), Some(2))]);
    let split = &changed_blocks(&report)[0];
    assert_eq!((split.old_paragraphs.as_slice(), split.new_paragraphs.as_slice()), (&[2][..], &[2, 3][..]));
    assert_eq!(describe(&report)[1], format!("Split 2>2 {FIRST}Insert¶{SECOND}"));
    let stats = &report.stats;
    assert_eq!((stats.words_deleted, stats.words_inserted, stats.paragraphs_split), (0, 0, 1));
    assert_eq!((stats.similarity, split.similarity), (1.0, 1.0));
    // Only a paragraph break moved: layout, like re-wrapping.
    assert!(report.identical);
}

#[test]
fn merged_paragraphs_are_one_merged_block() {
    let joined = format!("{SECOND}\n{THIRD}");
    let (old, new) = ([FIRST, SECOND, THIRD, FOURTH], [FIRST, joined.as_str(), FOURTH]);
    let report = diff(&old, &new);
    assert_consistent(&old, &new, &report);
    assert_eq!(changes(&report), [(BlockKind::Merged, Some(2), Some(2))]);
    assert_eq!(describe(&report)[1], format!("Merged 2>2 {SECOND}Delete¶\n{THIRD}"));
    assert_eq!((report.stats.words_deleted, report.stats.paragraphs_merged), (0, 2));
}

#[test]
fn a_split_and_edited_paragraph_shows_only_its_edit() {
    let joined = format!("{FIRST} {SECOND} {THIRD}");
    let edited = FIRST.replace("1992", "December 1991");
    let (old, new) = ([joined.as_str(), FOURTH], [edited.as_str(), SECOND, THIRD, FOURTH]);
    let report = diff(&old, &new);
    assert_consistent(&old, &new, &report);
    assert_eq!(changes(&report), [(BlockKind::Split, Some(1), Some(1))]);
    assert_eq!(edits(changed_blocks(&report)[0]), ["[-1992-]", "{+December 1991+}", "Insert¶", "Insert¶"]);
    assert_eq!((report.stats.words_deleted, report.stats.words_inserted), (1, 2));
}

#[test]
fn a_paragraph_cut_in_many_short_pieces_is_one_split() {
    // Each piece alone is too unlike the whole paragraph to be paired with it.
    let pieces = [FIRST, SECOND, THIRD, FOURTH, "Both sides said so at the time, and again later."];
    let joined = pieces.join(" ");
    let report = diff(&[joined.as_str()], &pieces);
    assert_consistent(&[joined.as_str()], &pieces, &report);
    assert_eq!(changes(&report), [(BlockKind::Split, Some(1), Some(1))]);
    assert_eq!(report.stats.words_deleted + report.stats.words_inserted, 0);
}

#[test]
fn an_inserted_paragraph_beside_an_edit_stays_inserted() {
    let edited = FIRST.replace("moved closer", "grown closer");
    let (old, new) = ([FIRST, FOURTH], [edited.as_str(), THIRD, FOURTH]);
    let report = diff(&old, &new);
    assert_consistent(&old, &new, &report);
    assert_eq!(changes(&report), [(BlockKind::Changed, Some(1), Some(1)), (BlockKind::Inserted, None, Some(2))]);
}

/// Issue 13's S A L Lo T K I: with S, A and T edited in place, K moving up past Lo and T
/// is one move, not Lo and T moving down; line endings change nothing.
#[test]
fn the_story_with_the_fewest_moved_words_is_told() {
    let s = "Since 1992 when the former Soviet Union was dissolved, China and Russia have moved closer.";
    let a = "Although they never forged a formal alliance, the two countries built a strategic partnership.";
    let l = "Literally speaking, coordination is a flexible mechanism that links two or more elements together.";
    let lo = "Looking into the immense resources of the two countries, it is unwise for anyone to ignore them.";
    let t = "The trade war launched by Washington pushed Beijing and Moscow into even closer cooperation.";
    let k = "Kremlin officials said the summit in June would settle the pipeline prices for the next decade.";
    let i = "In sum, China and Russia no doubt need each other in the vicissitudes of world affairs today.";
    let old = [s, a, l, lo, t, k, i].join("\n\n");
    let (s2, a2) = (s.replace("1992", "December 1991"), a.replace("strategic", "close strategic"));
    let t2 = t.replace("even closer", "closer");
    let added = "Analysts in both capitals expect the partnership to deepen further over the coming years.";
    let new = [s2.as_str(), a2.as_str(), l, k, lo, t2.as_str(), added, i].join("\n\n");
    for (old, new) in
        [(old.clone(), new.clone()), (old.replace('\n', "\r\n"), new.clone()), (old.clone(), new.replace('\n', "\r\n"))]
    {
        let (old_article, new_article) = (load("old", old.as_bytes()), load("new", new.as_bytes()));
        let report = diff_articles(&old_article, &new_article, &DiffOptions::default());
        assert_consistent(&paragraph_texts(&old_article), &paragraph_texts(&new_article), &report);
        let moved: Vec<_> = report.blocks.iter().filter(|block| block.kind == BlockKind::Moved).collect();
        assert_eq!(moved.len(), 1, "{:#?}", changes(&report));
        assert_eq!((moved[0].old_paragraph, moved[0].new_paragraph), (Some(6), Some(4)));
        assert_eq!(report.stats.paragraphs_moved, 1);
    }
}

#[test]
fn swapped_sentences_change_no_word_and_strike_nothing_kept() {
    let (first, second) = (
        "China and Russia signed the treaty in 2001 in Moscow.",
        "Both sides have praised it ever since, in every communique.",
    );
    let old = format!("{first} {second}");
    let new = format!("{second} {first}");
    let report = diff(&[old.as_str()], &[new.as_str()]);
    assert_consistent(&[old.as_str()], &[new.as_str()], &report);
    let stats = &report.stats;
    assert_eq!((stats.words_deleted, stats.words_inserted, stats.words_changed), (0, 0, 0));
    let block = &report.blocks[0];
    assert_eq!(block.kind, BlockKind::Changed);
    assert_eq!(block.similarity, 1.0);
    // The kept sentence stays plain; the moved one is marked as moved where it left and arrived.
    let moved: Vec<(OpKind, &str)> = block.ops.iter().filter(|op| op.moved).map(|op| (op.op, op.text.trim())).collect();
    assert_eq!(moved.len(), 2, "{:?}", block.ops);
    assert!(moved.iter().all(|(_, text)| text.len() == first.len() || text.len() == second.len()));
    assert!(block.ops.iter().any(|op| op.op == OpKind::Equal && !op.text.trim().is_empty()));
}

#[test]
fn options_fold_case_quotes_and_punctuation() {
    let old = ["He said \"don't\" -- twice."];
    let new = ["HE SAID “DON’T” — TWICE."];
    assert!(!diff(&old, &new).identical);
    let folded = DiffOptions { ignore_case: true, ignore_quotes: true, ..DiffOptions::default() };
    let report = diff_with(&old, &new, &folded);
    assert!(report.identical);
    assert_eq!(report.blocks[0].ops, vec![Op::equal_with_old(new[0], old[0])]);
    let no_punctuation = DiffOptions { ignore_punctuation: true, ..DiffOptions::default() };
    assert!(diff_with(&["Yes, we can."], &["Yes we can"], &no_punctuation).identical);
    assert!(!diff_with(&["Yes, we can."], &["Yes we can"], &DiffOptions::default()).identical);
}

#[test]
fn summaries_count_paragraphs_and_words() {
    let report = diff(&[FIRST], &[FIRST, "Two words."]);
    assert_eq!((report.old.paragraphs, report.new.paragraphs), (1, 2));
    assert_eq!(report.new.words, report.old.words + 2);
    assert_eq!(report.old.path, "old.txt");
    assert_eq!(report.stats.paragraphs_inserted, 1);
}

#[test]
fn empty_texts_diff_cleanly() {
    let report = diff(&[], &[]);
    assert!(report.identical && report.blocks.is_empty());
    let report = diff(&[], &[FIRST]);
    assert_eq!(report.blocks.len(), 1);
    assert_eq!(report.stats.similarity, 0.0);
}

#[test]
fn unrelated_texts_hit_bounds_per_paragraph_not_per_document() {
    // Thousands of unpaired paragraphs: pairing and moves fall back, the diff stays correct.
    let old: Vec<String> =
        (0..600).map(|i| format!("old paragraph {i} speaks of apples and pears number {i}")).collect();
    let new: Vec<String> =
        (0..600).map(|i| format!("new text {i} is about rivers, hills and lakes {}", i * 7)).collect();
    let old: Vec<&str> = old.iter().map(String::as_str).collect();
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    let report = diff(&old, &new);
    assert!(report.bounded);
    assert!(!report.bound_notes.is_empty());
    assert_consistent(&old, &new, &report);
    let json = |report: &DiffReport| serde_json::to_string(report).ok();
    assert_eq!(json(&report), json(&diff(&old, &new)), "same input, same output");
}

#[test]
fn repeated_identical_paragraphs_are_matched_in_order_with_few_candidates() {
    // Issue 17: two sentences alternating, against a shuffled copy. Every copy of a sentence is
    // identical to half the other side, so weighing each against each is quadratic.
    let sentences = [
        "The committee met again on Tuesday to review the budget for the coming year.",
        "Observers expect no decision before the summer recess, according to officials.",
    ];
    let count = 4000;
    let old: Vec<&str> = (0..count).map(|index| sentences[index % 2]).collect();
    let mut state = 7u64;
    let mut new = old.clone();
    for index in (1..new.len()).rev() {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        new.swap(index, (state >> 33) as usize % (index + 1));
    }
    let report = diff(&old, &new);
    assert_consistent(&old, &new, &report);
    assert!(report.bound_notes.iter().any(|note| note.contains("order of appearance")), "{:?}", report.bound_notes);
    // Every paragraph is said by both texts: nothing deleted or inserted, however it moved.
    assert_eq!((report.stats.words_deleted, report.stats.words_inserted), (0, 0));
}

/// Words for generated texts: ASCII, accented, CJK, punctuation, odd whitespace.
const VOCABULARY: &[&str] = &[
    "the",
    "a",
    "China",
    "Russia",
    "moved",
    "closer",
    "1992",
    "don’t",
    "well-known",
    "Ünïcödé",
    "中国",
    "和",
    ",",
    ".",
    "“",
    "”",
    "--",
    "—",
    "(",
    ")",
    "état",
    "naïve",
    "Москва",
    "!",
];

fn paragraph_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(VOCABULARY), prop::sample::select(&[" ", " ", "\r\n", "  ", "\t", ""][..])),
        0..14,
    )
    .prop_map(|words| words.into_iter().flat_map(|(word, gap)| [word, gap]).collect())
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, String),
    Move(usize, usize),
    ReplaceWord(usize, usize, String),
    Rewrap(usize),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), paragraph_strategy()).prop_map(|(at, text)| Edit::Insert(at, text)),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Edit::Move(from, to)),
        (any::<usize>(), any::<usize>(), prop::sample::select(VOCABULARY).prop_map(str::to_string))
            .prop_map(|(at, word, with)| Edit::ReplaceWord(at, word, with)),
        any::<usize>().prop_map(Edit::Rewrap),
    ]
}

fn apply(paragraphs: &mut Vec<String>, edit: &Edit) {
    let len = paragraphs.len();
    match edit {
        Edit::Delete(at) if len > 0 => {
            paragraphs.remove(at % len);
        }
        Edit::Insert(at, text) => paragraphs.insert(at % (len + 1), text.clone()),
        Edit::Move(from, to) if len > 0 => {
            let paragraph = paragraphs.remove(from % len);
            paragraphs.insert(to % len, paragraph);
        }
        Edit::ReplaceWord(at, word, with) if len > 0 => {
            let paragraph = &mut paragraphs[at % len];
            let words: Vec<&str> = paragraph.split(' ').collect();
            let index = word % words.len();
            let mut replaced: Vec<&str> = words.clone();
            replaced[index] = with;
            *paragraph = replaced.join(" ");
        }
        Edit::Rewrap(at) if len > 0 => {
            let paragraph = &mut paragraphs[at % len];
            *paragraph = paragraph.replace(' ', "\n");
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_paragraph_appears_once_and_ops_rebuild_both_texts(
        old in prop::collection::vec(paragraph_strategy(), 0..8),
        edits in prop::collection::vec(edit_strategy(), 0..6),
        ignore_case in any::<bool>(),
        ignore_quotes in any::<bool>(),
        ignore_punctuation in any::<bool>(),
    ) {
        let mut new = old.clone();
        for edit in &edits {
            apply(&mut new, edit);
        }
        let options = DiffOptions { ignore_case, ignore_quotes, ignore_punctuation, ..DiffOptions::default() };
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        let report = diff_with(&old, &new, &options);
        assert_consistent(&old, &new, &report);
        if old == new {
            prop_assert!(report.identical);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any text at all, one paragraph each side: the ops still rebuild both byte for byte.
    #[test]
    fn arbitrary_unicode_paragraphs_rebuild(old in "\\PC{0,40}", new in "\\PC{0,40}", ignore_all in any::<bool>()) {
        let options = DiffOptions {
            ignore_case: ignore_all,
            ignore_punctuation: ignore_all,
            ignore_quotes: ignore_all,
            ..DiffOptions::default()
        };
        let (old, new) = ([old.as_str()], [new.as_str()]);
        assert_consistent(&old, &new, &diff_with(&old, &new, &options));
    }
}

/// Loads a text the way the program does: paragraphs only.
fn load(path: &str, bytes: &[u8]) -> Article {
    match Article::parse_with(path, bytes, Segmentation::Paragraphs) {
        Ok(article) => article,
        Err(error) => panic!("{path}: {error}"),
    }
}

fn paragraph_texts(article: &Article) -> Vec<&str> {
    article.paragraphs.iter().map(|paragraph| article.text(&paragraph.span)).collect()
}

/// Diffs the sample article against one of its edited versions in tests/fixtures/diff. The
/// articles live as long as the test process: the report borrows their texts.
fn diff_fixture(name: &str) -> DiffReport<'static> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read =
        |path: std::path::PathBuf| std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let old: &'static Article =
        Box::leak(Box::new(load("china-russia-2018.txt", &read(root.join("samples/china-russia-2018.txt")))));
    let new: &'static Article = Box::leak(Box::new(load(name, &read(root.join("tests/fixtures/diff").join(name)))));
    let report = diff_articles(old, new, &DiffOptions::default());
    assert_consistent(&paragraph_texts(old), &paragraph_texts(new), &report);
    report
}

/// Kinds and paragraph numbers of the blocks that are not unchanged.
fn changes(report: &DiffReport) -> Vec<(BlockKind, Option<usize>, Option<usize>)> {
    report
        .blocks
        .iter()
        .filter(|block| block.kind != BlockKind::Unchanged)
        .map(|block| (block.kind, block.old_paragraph, block.new_paragraph))
        .collect()
}

/// The edits of a block in wdiff notation, without the equal text.
fn edits(block: &Block) -> Vec<String> {
    block
        .ops
        .iter()
        .filter_map(|op| match op.op {
            _ if op.paragraph_break => Some(format!("{:?}¶", op.op)),
            OpKind::Equal => None,
            OpKind::Delete => Some(format!("[-{}-]", op.text)),
            OpKind::Insert => Some(format!("{{+{}+}}", op.text)),
        })
        .collect()
}

fn changed_blocks<'a>(report: &'a DiffReport<'a>) -> Vec<&'a Block<'a>> {
    report.blocks.iter().filter(|block| block.kind != BlockKind::Unchanged).collect()
}

#[test]
fn fixture_rewrapped_and_crlf_copies_are_identical() {
    for name in ["rewrapped.txt", "crlf.txt"] {
        let report = diff_fixture(name);
        assert!(report.identical, "{name}");
        assert!(changes(&report).is_empty(), "{name}");
        assert_eq!(report.stats.similarity, 1.0);
    }
}

#[test]
fn fixture_changed_dates_are_two_one_word_edits() {
    let report = diff_fixture("dates.txt");
    assert_eq!(changes(&report), [(BlockKind::Changed, Some(1), Some(1)), (BlockKind::Changed, Some(2), Some(2))]);
    let blocks = changed_blocks(&report);
    assert_eq!(edits(blocks[0]), ["[-1992-]", "{+1991+}"]);
    assert_eq!(edits(blocks[1]), ["[-4-5-]", "{+5-6+}"]);
    assert_eq!((report.stats.words_deleted, report.stats.words_inserted, report.stats.words_changed), (2, 2, 2));
}

#[test]
fn fixture_deleted_sentence_is_one_deletion() {
    let report = diff_fixture("deleted-sentence.txt");
    assert_eq!(changes(&report), [(BlockKind::Changed, Some(2), Some(2))]);
    assert_eq!(
        edits(changed_blocks(&report)[0]),
        ["[- True, China and Russia have agreed to strengthen coordination on the Korean Peninsula and further \
         committed to promote world peace and stability.-]"]
    );
    assert_eq!(report.stats.words_inserted, 0);
}

#[test]
fn fixture_reworded_sentences_are_one_deletion_and_one_insertion_each() {
    let report = diff_fixture("reworded.txt");
    assert_eq!(changes(&report), [(BlockKind::Changed, Some(3), Some(3)), (BlockKind::Changed, Some(4), Some(4))]);
    let blocks = changed_blocks(&report);
    assert_eq!(
        edits(blocks[0]),
        [
            "[-Literally-]",
            "{+Strictly+}",
            "[-term of-]",
            "{+word+}",
            "[-is a flexible mechanism of syntax, known as conjuncts or conjoins that links together-]",
            "{+names a grammatical device that joins+}",
        ]
    );
    assert_eq!(
        edits(blocks[1]),
        [
            "[-the two powers have reiterated-]",
            "{+both capitals insist+}",
            "[-should play more commanding role in foreign affair-]",
            "{+must lead in world affairs+}",
        ]
    );
}

#[test]
fn fixture_split_and_merged_paragraphs_keep_their_words() {
    let split = diff_fixture("split-with-date.txt");
    assert_eq!(changes(&split), [(BlockKind::Split, Some(1), Some(1))]);
    assert_eq!(edits(changed_blocks(&split)[0]), ["[-1992-]", "{+December 1991+}", "Insert¶"]);
    let merged = diff_fixture("merged.txt");
    assert_eq!(changes(&merged), [(BlockKind::Merged, Some(3), Some(3))]);
    assert_eq!((merged.stats.words_deleted, merged.stats.words_inserted, merged.stats.similarity), (0, 0, 1.0));
}

/// Greedy wrapping at `width` columns, as `fold -s` and `fmt` leave prose.
fn wrapped(paragraph: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_width = 0;
    for word in paragraph.split_whitespace() {
        let word_width = word.chars().count();
        if line_width > 0 && line_width + 1 + word_width > width {
            out.push('\n');
            line_width = 0;
        } else if line_width > 0 {
            out.push(' ');
            line_width += 1;
        }
        out.push_str(word);
        line_width += word_width;
    }
    out
}

/// Diffs two texts loaded as the program loads them and checks that no word changed and the
/// texts count as identical.
fn assert_rewrap_changes_no_word(name: &str, old_text: &str, new_text: &str) {
    let (old_article, new_article) = (load("old", old_text.as_bytes()), load("new", new_text.as_bytes()));
    let report = diff_articles(&old_article, &new_article, &DiffOptions::default());
    assert_consistent(&paragraph_texts(&old_article), &paragraph_texts(&new_article), &report);
    let stats = &report.stats;
    assert_eq!((stats.words_deleted, stats.words_inserted), (0, 0), "{name}: {stats:?}");
    assert!(report.identical, "{name}");
    let edited =
        report.blocks.iter().flat_map(|block| &block.ops).filter(|op| op.op != OpKind::Equal && !op.paragraph_break);
    assert_eq!(edited.count(), 0, "{name}");
}

#[test]
fn rewrapping_a_text_without_blank_lines_changes_no_word() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = std::fs::read_to_string(root.join("samples/china-russia-2018.txt")).expect("the sample");
    let fold = |width: usize| -> String { sample.lines().map(|line| wrapped(line, width) + "\n").collect() };
    // One paragraph per line, against each line folded at 50 columns.
    assert_rewrap_changes_no_word("fold 50", &sample, &fold(50));
    // Wrapped at 60, against everything after the header filled as one block at 75 (what fmt
    // makes of a text without blank lines).
    let (header, body) = sample.split_once('\n').expect("a header line");
    assert_rewrap_changes_no_word("fmt", &fold(60), &format!("{header}\n{}\n", wrapped(body, 75)));
}

/// Issue 13: a 1 MB book re-folded from 80 to 72 columns, with its blank lines and without.
#[test]
#[ignore = "slow in a debug build: .ci/run runs it in release"]
fn a_book_refolded_from_80_to_72_columns_changes_no_word() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace/wrnpc12.txt");
    let Ok(book) = std::fs::read_to_string(&path) else {
        note_skipped("the re-fold test", &path);
        return;
    };
    // The edition is ASCII: any byte is a character boundary.
    let book = book.get(..1_000_000).unwrap_or(&book);
    let paragraphs: Vec<&str> = book.split("\r\n\r\n").filter(|paragraph| !paragraph.trim().is_empty()).collect();
    let fold = |width: usize, separator: &str| -> String {
        paragraphs.iter().map(|paragraph| wrapped(paragraph, width)).collect::<Vec<_>>().join(separator)
    };
    assert_rewrap_changes_no_word("blank lines", &fold(80, "\n\n"), &fold(72, "\n\n"));
    assert_rewrap_changes_no_word("no blank lines", &fold(80, "\n"), &fold(72, "\n"));
}

#[test]
fn fixture_moved_paragraph_is_one_moved_block() {
    let report = diff_fixture("moved.txt");
    assert_eq!(changes(&report), [(BlockKind::Moved, Some(5), Some(7))]);
    assert!(edits(changed_blocks(&report)[0]).is_empty());
    assert_eq!(report.stats.paragraphs_moved, 1);
    assert_eq!((report.stats.words_deleted, report.stats.words_inserted), (0, 0));
}

#[test]
fn fixture_moved_and_edited_paragraph_carries_its_edit() {
    let report = diff_fixture("moved-edited.txt");
    assert_eq!(changes(&report), [(BlockKind::Moved, Some(4), Some(7))]);
    assert_eq!(edits(changed_blocks(&report)[0]), ["[-it is unwise for any-]", "{+no+}", "[-(s)-]", "{+can afford+}"]);
}

/// The corpus pairs small enough for a debug test run (War and Peace is for benchmarks).
#[test]
fn corpus_pairs_rebuild_and_stay_readable() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        note_skipped("the corpus test", &corpus);
        return;
    };
    let mut pairs = 0;
    let mut total = Confetti::default();
    let mut folders: Vec<std::path::PathBuf> =
        entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
    folders.sort();
    for folder in folders {
        let (old_path, new_path) = (folder.join("old.md"), folder.join("new.md"));
        let (Ok(old_text), Ok(new_text)) = (std::fs::read_to_string(&old_path), std::fs::read_to_string(&new_path))
        else {
            continue;
        };
        let (old_article, new_article) = (load("old.md", old_text.as_bytes()), load("new.md", new_text.as_bytes()));
        let (old, new) = (paragraph_texts(&old_article), paragraph_texts(&new_article));
        let report = diff(&old, &new);
        pairs += 1;
        assert_consistent(&old, &new, &report);
        assert!(!report.bounded, "{}: {:?}", folder.display(), report.bound_notes);
        let measured = confetti(&report.blocks);
        let stats = &report.stats;
        eprintln!(
            "{}: confetti {}/{}; paragraphs changed {} moved {} inserted {} deleted {}",
            folder.display(),
            measured.stranded,
            measured.between_edits,
            stats.paragraphs_changed,
            stats.paragraphs_moved,
            stats.paragraphs_inserted,
            stats.paragraphs_deleted
        );
        total.stranded += measured.stranded;
        total.between_edits += measured.between_edits;
    }
    assert!(pairs > 0, "{} holds no old.md/new.md pair", corpus.display());
    assert!(total.share() <= 0.015, "confetti {total:?}");
}

/// War and Peace pairs: too slow for a debug run, so ignored; run them with
/// `cargo test --release --lib diff::tests::war_and_peace -- --ignored --nocapture`.
#[test]
#[ignore = "large corpus pair: run in release"]
fn war_and_peace_pairs_rebuild_and_stay_readable() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace");
    for (old_name, new_name) in [("wrnpc11.txt", "wrnpc12.txt"), ("2600.txt", "2600-0.txt")] {
        let (Ok(old_bytes), Ok(new_bytes)) =
            (std::fs::read(folder.join(old_name)), std::fs::read(folder.join(new_name)))
        else {
            note_skipped("the War and Peace pairs", &folder);
            return;
        };
        let (old_article, new_article) = (load(old_name, &old_bytes), load(new_name, &new_bytes));
        let (old, new) = (paragraph_texts(&old_article), paragraph_texts(&new_article));
        // The fastest of a few runs: the machine is shared, the minimum is the engine's cost.
        let mut elapsed = std::time::Duration::MAX;
        let mut report = diff(&old, &new);
        for _ in 0..5 {
            let started = std::time::Instant::now();
            report = diff(&old, &new);
            elapsed = elapsed.min(started.elapsed());
        }
        assert_consistent(&old, &new, &report);
        let measured = confetti(&report.blocks);
        eprintln!(
            "{old_name} -> {new_name}: {elapsed:?}, {} blocks, stats {:?}, confetti {}/{} = {:.2}%, notes {:?}",
            report.blocks.len(),
            report.stats,
            measured.stranded,
            measured.between_edits,
            100.0 * measured.share(),
            report.bound_notes
        );
        assert!(measured.share() <= 0.015);
    }
}

/// Pathological inputs finish quickly with a correct, coarser diff that says which bound it
/// hit. Sizes from the issue; run in release:
/// `cargo test --release --lib diff::tests::pathological -- --ignored --nocapture`.
#[test]
#[ignore = "large generated inputs: run in release"]
fn pathological_inputs_are_bounded() {
    // Deterministic pseudo-random words, so no two texts share much by accident.
    let words = |seed: u64, count: usize, paragraph_every: usize| -> String {
        let mut state = seed;
        let mut text = String::with_capacity(count * 7);
        for index in 0..count {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let word = (state >> 33) % 50_000;
            text.push_str(&format!("w{word:x}"));
            text.push_str(if paragraph_every > 0 && index % paragraph_every == paragraph_every - 1 {
                "\n\n"
            } else {
                " "
            });
        }
        text
    };
    let cases = [
        ("two unrelated 5 MB texts", words(1, 800_000, 120), words(2, 800_000, 120)),
        ("one 10 MB paragraph, edited", words(3, 1_500_000, 0), {
            let mut edited = words(3, 1_500_000, 0);
            edited.replace_range(1_000_000..1_000_010, "an edit here");
            edited
        }),
        ("two unrelated 10 MB paragraphs", words(4, 1_500_000, 0), words(5, 1_500_000, 0)),
        ("thousands of unpaired short paragraphs", words(6, 200_000, 8), words(7, 200_000, 8)),
    ];
    for (name, old_text, new_text) in &cases {
        let (old_article, new_article) = (load("old", old_text.as_bytes()), load("new", new_text.as_bytes()));
        let (old, new) = (paragraph_texts(&old_article), paragraph_texts(&new_article));
        let started = std::time::Instant::now();
        let report = diff(&old, &new);
        let elapsed = started.elapsed();
        eprintln!(
            "{name}: {elapsed:?}, {} blocks, bounded {}, notes {:?}",
            report.blocks.len(),
            report.bounded,
            report.bound_notes
        );
        assert_consistent(&old, &new, &report);
        assert!(elapsed < std::time::Duration::from_secs(10), "{name}: {elapsed:?}");
    }
}

/// Where the default thresholds come from: word-bag similarity of paragraphs that are not
/// versions of each other (every pair of distinct paragraphs of one old text) against that of
/// the paragraphs the diff pairs. Prints percentiles; run with
/// `cargo test --release --lib diff::tests::threshold -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn threshold_measurement_on_the_corpus() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        note_skipped("the threshold measurement", &corpus);
        return;
    };
    let percentile = |values: &mut Vec<f64>, share: f64| -> f64 {
        values.sort_by(f64::total_cmp);
        values.get(((values.len() as f64 - 1.0) * share) as usize).copied().unwrap_or(0.0)
    };
    for folder in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
        let (Ok(old_bytes), Ok(new_bytes)) =
            (std::fs::read(folder.join("old.md")), std::fs::read(folder.join("new.md")))
        else {
            continue;
        };
        let (old_article, new_article) = (load("old", &old_bytes), load("new", &new_bytes));
        let (old, new) = (paragraph_texts(&old_article), paragraph_texts(&new_article));
        let mut interner = Interner::default();
        let comparison = Comparison::default();
        let old_tokens: Vec<TokenizedParagraph> = old.iter().map(|text| interner.tokenize(text, comparison)).collect();
        let new_tokens: Vec<TokenizedParagraph> = new.iter().map(|text| interner.tokenize(text, comparison)).collect();
        let mut unrelated = Vec::new();
        for (i, a) in old_tokens.iter().enumerate().filter(|(_, a)| a.words() >= 3) {
            for b in old_tokens[i + 1..].iter().filter(|b| b.words() >= 3) {
                unrelated.push(tokens::bag_similarity(&a.bag, &b.bag));
            }
        }
        let report = diff(&old, &new);
        let mut paired = Vec::new();
        let mut word_level = Vec::new();
        for block in report.blocks.iter().filter(|block| block.kind == BlockKind::Changed) {
            if let (Some(o), Some(n)) = (block.old_paragraph, block.new_paragraph) {
                paired.push(tokens::bag_similarity(&old_tokens[o - 1].bag, &new_tokens[n - 1].bag));
                word_level.push(block.similarity);
            }
        }
        eprintln!(
            "{}: unrelated pairs {} (p50 {:.2}, p99 {:.2}, p99.9 {:.2}, max {:.2}); paired {} (min {:.2}, p10 {:.2}); \
             word-level similarity of pairs (min {:.2}, p10 {:.2})",
            folder.display(),
            unrelated.len(),
            percentile(&mut unrelated, 0.5),
            percentile(&mut unrelated, 0.99),
            percentile(&mut unrelated, 0.999),
            percentile(&mut unrelated, 1.0),
            paired.len(),
            percentile(&mut paired, 0.0),
            percentile(&mut paired, 0.1),
            percentile(&mut word_level, 0.0),
            percentile(&mut word_level, 0.1),
        );
    }
}

/// The engine's growth with size at a constant edit rate (War and Peace copies, each line
/// marked with its copy number, one line in 40 edited); the issue asks for at most 2.2x per
/// doubling. Run in release:
/// `cargo test --release --lib diff::tests::growth -- --ignored --nocapture`.
#[test]
#[ignore = "large generated inputs: run in release"]
fn growth_is_linear() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace/wrnpc11.txt");
    let Ok(book) = std::fs::read_to_string(&path) else {
        note_skipped("the growth measurement", &path);
        return;
    };
    let mut previous: Option<std::time::Duration> = None;
    for megabytes in [1usize, 2, 4, 8, 16] {
        let (mut old, mut new) = (String::new(), String::new());
        let mut line_number = 0;
        'copies: for copy in 1.. {
            for line in book.lines() {
                if old.len() >= megabytes << 20 {
                    break 'copies;
                }
                line_number += 1;
                let marked = if line.trim().is_empty() { String::new() } else { format!("{line} copy{copy}") };
                let edited = if line_number % 40 == 0 { marked.replacen(" the ", " a ", 1) } else { marked.clone() };
                old.push_str(&marked);
                old.push('\n');
                new.push_str(&edited);
                new.push('\n');
            }
        }
        let (old_article, new_article) = (load("old", old.as_bytes()), load("new", new.as_bytes()));
        let (old_paragraphs, new_paragraphs) = (paragraph_texts(&old_article), paragraph_texts(&new_article));
        let mut elapsed = std::time::Duration::MAX;
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let report = diff(&old_paragraphs, &new_paragraphs);
            elapsed = elapsed.min(started.elapsed());
            assert!(!report.bounded, "{:?}", report.bound_notes);
        }
        let ratio = previous.map_or("-".to_string(), |before| {
            format!("x{:.2} per doubling", elapsed.as_secs_f64() / before.as_secs_f64())
        });
        eprintln!("{megabytes} MB: {elapsed:?}, {ratio}");
        previous = Some(elapsed);
    }
}

#[test]
fn header_fields_are_compared_by_key_the_first_of_a_repeated_key_counting() {
    let old = load("old.txt", b"Title: First title\nTitle: Repeated\nDate: 2018-04-10\n\nThe body.\n");
    let new = load("new.txt", b"Date: 2018-04-10\nTitle: Second title\nSource: Daily\n\nThe body.\n");
    let report = diff_articles(&old, &new, &DiffOptions::default());
    let changes: Vec<(&str, Option<&str>, Option<&str>)> = report
        .metadata_changes
        .iter()
        .map(|change| (change.key.as_str(), change.old.as_deref(), change.new.as_deref()))
        .collect();
    assert_eq!(changes, [("Title", Some("First title"), Some("Second title")), ("Source", None, Some("Daily"))]);
    let title_ops: Vec<(OpKind, &str)> = report.metadata_changes[0].ops.iter().map(|op| (op.op, &*op.text)).collect();
    assert_eq!(title_ops, [(OpKind::Delete, "First"), (OpKind::Insert, "Second"), (OpKind::Equal, " title")]);
    assert!(!report.identical);
    assert!(report.blocks.iter().all(|block| block.kind == BlockKind::Unchanged));
}
