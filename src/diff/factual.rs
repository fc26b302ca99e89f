//! Factual edits: changed runs of a diff that touch a number or a date. An editor can
//! reword a sentence harmlessly; a changed figure is a claim that changed.

use crate::dates::prose::MONTHS;
use crate::report::diff::{BlockKind, DiffReport, Op, OpKind};
use crate::report::events::FactualEdit;

const MONTH_ABBREVIATIONS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

/// Number words an edit can turn into a different claim ("two" -> "three"). "one" is left
/// out: it is far more often a pronoun ("one of the") than a count.
const NUMBER_WORDS: [&str; 33] = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "dozens",
];

/// Every changed run (maximal sequence of delete and insert ops) whose numbers or dates differ
/// between its deleted and inserted text, in the order of the diff: the header fields first,
/// as they stand first in the text.
pub fn factual_edits(diff: &DiffReport) -> Vec<FactualEdit> {
    let mut edits = Vec::new();
    for change in &diff.metadata_changes {
        let at = Place { block: None, header: Some(&change.key), old_paragraph: None, new_paragraph: None };
        push_edits(&change.ops, false, &at, &mut edits);
    }
    for (index, block) in diff.blocks.iter().enumerate() {
        if block.kind == BlockKind::Unchanged {
            continue;
        }
        // In a whole paragraph added or dropped, number words are mostly prose ("the two
        // countries"); only written figures and dates are claims worth flagging there.
        let whole_paragraph = matches!(block.kind, BlockKind::Inserted | BlockKind::Deleted);
        let at = Place {
            block: Some(index + 1),
            header: None,
            old_paragraph: block.old_paragraph,
            new_paragraph: block.new_paragraph,
        };
        let before = edits.len();
        push_edits(&block.ops, whole_paragraph, &at, &mut edits);
        // Numbers in code are its syntax and data, not the document's claims (asked only of
        // blocks with an edit: most have none).
        if edits.len() > before && block.is_code() {
            edits.truncate(before);
        }
    }
    edits
}

/// Where a run of ops stands, as a factual edit names it.
struct Place<'a> {
    block: Option<usize>,
    header: Option<&'a str>,
    old_paragraph: Option<usize>,
    new_paragraph: Option<usize>,
}

/// The factual edits among the changed runs of `ops`. Figures are read on each side's text with
/// what holds no claim blanked out (see `without_non_claims`), so a run that changed only a
/// path, a URL or a list number is no factual edit.
fn push_edits(ops: &[Op], whole_paragraph: bool, at: &Place<'_>, edits: &mut Vec<FactualEdit>) {
    let claims = |text: &str| -> Vec<String> {
        let found = figures(text);
        if !whole_paragraph {
            return found;
        }
        found
            .into_iter()
            .filter(|figure| figure.contains(|c: char| c.is_ascii_digit()) || is_date_like(figure))
            .collect()
    };
    // Each side without what holds no claim, built only for a run whose figures differ: most
    // runs hold none.
    let mut sides: Option<(String, String)> = None;
    // Where the run being read starts on each side, and where the next op starts: a run's
    // deletions are contiguous in the old text, its insertions in the new.
    let (mut run_old, mut run_new) = (0, 0);
    let (mut old_at, mut new_at) = (0, 0);
    let mut deleted = String::new();
    let mut inserted = String::new();
    for op in ops.iter().map(Some).chain(std::iter::once(None)) {
        let in_run = match op {
            // A sentence moved inside its paragraph changed no claim: it ends a run like kept text.
            Some(op) if op.op == OpKind::Delete && !op.moved => {
                deleted.push_str(&op.text);
                true
            }
            Some(op) if op.op == OpKind::Insert && !op.moved => {
                inserted.push_str(&op.text);
                true
            }
            _ => {
                if !deleted.is_empty() || !inserted.is_empty() {
                    let mut old_figures = claims(&deleted);
                    let mut new_figures = claims(&inserted);
                    if old_figures != new_figures {
                        let (old_side, new_side) = sides.get_or_insert_with(|| sides_without_non_claims(ops));
                        old_figures = claims(&old_side[run_old..old_at]);
                        new_figures = claims(&new_side[run_new..new_at]);
                    }
                    if old_figures != new_figures {
                        let involves_date = old_figures.iter().chain(&new_figures).any(|figure| is_date_like(figure));
                        edits.push(FactualEdit {
                            block: at.block,
                            header: at.header.map(str::to_string),
                            old_paragraph: at.old_paragraph,
                            new_paragraph: at.new_paragraph,
                            deleted: std::mem::take(&mut deleted),
                            inserted: std::mem::take(&mut inserted),
                            old_figures,
                            new_figures,
                            involves_date,
                        });
                    }
                    deleted.clear();
                    inserted.clear();
                }
                false
            }
        };
        if let Some(op) = op {
            old_at += op.old_part().map_or(0, str::len);
            new_at += op.new_part().map_or(0, str::len);
        }
        if !in_run {
            (run_old, run_new) = (old_at, new_at);
        }
    }
}

/// The old and new texts of `ops`, byte for byte as long, with what holds no claim blanked out.
fn sides_without_non_claims(ops: &[Op]) -> (String, String) {
    let (mut old, mut new) = (String::new(), String::new());
    // Where each paragraph starts on each side (a split or merged block holds several).
    let (mut old_starts, mut new_starts) = (vec![0], vec![0]);
    for op in ops {
        if op.paragraph_break {
            if op.op != OpKind::Insert {
                old_starts.push(old.len());
            }
            if op.op != OpKind::Delete {
                new_starts.push(new.len());
            }
        }
        old.push_str(op.old_part().unwrap_or_default());
        new.push_str(op.new_part().unwrap_or_default());
    }
    (without_non_claims(&old, &old_starts), without_non_claims(&new, &new_starts))
}

/// `text` with spaces (as many bytes) in place of what may hold digits but states no claim:
/// inline code spans, URLs, file paths, `key=value` attributes, and the number of a list item
/// at a paragraph start (`paragraph_starts`, byte offsets).
fn without_non_claims(text: &str, paragraph_starts: &[usize]) -> String {
    let mut hidden = vec![false; text.len()];
    let mut hide = |range: std::ops::Range<usize>| hidden[range].fill(true);
    for span in code_spans(text) {
        hide(span);
    }
    for (start, word) in words(text) {
        if is_address(word) {
            hide(start..start + word.len());
        }
    }
    for &start in paragraph_starts {
        let rest = &text[start..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let marker = rest[digits..].starts_with(['.', ')']);
        let ends = rest[digits..].chars().nth(1).is_none_or(char::is_whitespace);
        if (1..=3).contains(&digits) && marker && ends {
            hide(start..start + digits + 1);
        }
    }
    let mut out = String::with_capacity(text.len());
    for (index, c) in text.char_indices() {
        if hidden[index] {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// Markdown inline code: a run of backticks to the next run of as many.
fn code_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let run_at = |at: usize| bytes[at..].iter().take_while(|&&byte| byte == b'`').count();
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('`') {
        let open = at + offset;
        let length = run_at(open);
        let mut search = open + length;
        at = search;
        while let Some(offset) = text[search..].find('`') {
            let close = search + offset;
            let close_length = run_at(close);
            if close_length == length {
                spans.push(open..close + length);
                at = close + length;
                break;
            }
            search = close + close_length;
        }
    }
    spans
}

/// A word that is a URL, a file path or a `key=value` attribute.
fn is_address(word: &str) -> bool {
    if word.contains("://") || word.starts_with("www.") || word.starts_with("mailto:") || word.contains('=') {
        return true;
    }
    let word = word
        .trim_start_matches(['(', '[', '<', '"', '\'', '*', '_'])
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\'', '*', '_']);
    let separators = word.matches(['/', '\\']).count();
    let rooted = word.starts_with(['/', '~', '.']) && separators > 0;
    let nested = separators >= 2 && word.contains(char::is_alphabetic);
    rooted || nested || has_file_extension(word)
}

/// `install-v2.sh`, `report-2018.pdf`, `src/main.rs`: a name with letters, a dot and a short
/// lowercase extension (not `2.x` or `3.5bn`).
fn has_file_extension(word: &str) -> bool {
    let Some((stem, extension)) = word.rsplit_once('.') else { return false };
    stem.contains(char::is_alphabetic)
        && (1..=5).contains(&extension.len())
        && extension.starts_with(|c: char| c.is_ascii_lowercase())
        && extension.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// The numbers and dates in a text, adjacent ones joined as written: "April 4-5",
/// "December 26, 1991", "25%", "two".
pub fn figures(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Byte span of the figure being grown, and whether the last word closed a sentence.
    let mut current: Option<(usize, usize)> = None;
    let words: Vec<(usize, &str, &str)> = words(text).map(|(start, word)| (start, word, core_of(word))).collect();
    for (index, &(start, word, core)) in words.iter().enumerate() {
        let next_is_number =
            words.get(index + 1).is_some_and(|(_, _, next)| next.starts_with(|c: char| c.is_ascii_digit()));
        let is_figure = is_figure_word(core, current.is_some() || next_is_number);
        if is_figure {
            let core_start = start + word.find(core).unwrap_or(0);
            let core_end = core_start + core.len();
            current = Some(match current {
                Some((first, _)) => (first, core_end),
                None => (core_start, core_end),
            });
        } else if let Some((first, last)) = current.take() {
            found.push(text[first..last].to_string());
        }
        // A sentence or clause break ends a figure even when the next word is one too.
        if let Some((first, last)) = current
            && word.ends_with(['.', ';', ':', ')', '!', '?'])
            && !is_month_abbreviation(core)
        {
            found.push(text[first..last].to_string());
            current = None;
        }
    }
    if let Some((first, last)) = current {
        found.push(text[first..last].to_string());
    }
    found
}

fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// A word without surrounding punctuation, keeping a currency sign before and `%` after.
fn core_of(word: &str) -> &str {
    word.trim_start_matches(|c: char| !c.is_alphanumeric() && !is_currency(c))
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%')
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥')
}

fn is_figure_word(core: &str, beside_figure: bool) -> bool {
    if core.is_empty() {
        return false;
    }
    if core.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let lower = core.to_lowercase();
    let capitalized = core.chars().next().is_some_and(char::is_uppercase);
    if MONTHS.contains(&lower.as_str()) {
        // "may" is mostly the verb: "May" counts only beside a number ("May 2018", "3 May").
        return capitalized && (lower != "may" || beside_figure);
    }
    if capitalized && is_month_abbreviation(core) {
        return true;
    }
    NUMBER_WORDS.contains(&lower.as_str())
}

fn is_month_abbreviation(core: &str) -> bool {
    MONTH_ABBREVIATIONS.contains(&core.to_lowercase().as_str())
}

/// A figure that names a month or holds a plausible year.
fn is_date_like(figure: &str) -> bool {
    figure.split(|c: char| !c.is_alphanumeric()).any(|part| {
        let lower = part.to_lowercase();
        MONTHS.contains(&lower.as_str())
            || (part.chars().next().is_some_and(char::is_uppercase) && is_month_abbreviation(part))
            || (part.len() == 4 && part.parse::<u32>().is_ok_and(|year| (1000..=2999).contains(&year)))
            || (part.len() == 5 && part.ends_with('s') && part[..4].parse::<u32>().is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::diff::{Block, BlockKind, Op};

    fn report(blocks: Vec<Block>) -> DiffReport {
        crate::diff::events::tests::diff(blocks)
    }

    fn op(kind: OpKind, text: &str) -> Op<'_> {
        match kind {
            OpKind::Equal => Op::equal(text),
            OpKind::Delete => Op::delete(text),
            OpKind::Insert => Op::insert(text),
        }
    }

    #[test]
    fn figures_join_adjacent_numbers_and_months() {
        assert_eq!(figures("Since 1992 when"), ["1992"]);
        assert_eq!(figures("On April 4-5, Chinese FM"), ["April 4-5"]);
        assert_eq!(figures("on December 26, 1991. Then two days"), ["December 26, 1991", "two"]);
        assert_eq!(figures("25% steel, 10% aluminium on $50bn"), ["25%", "10%", "$50bn"]);
        assert_eq!(figures("we may go in May 2018"), ["May 2018"]);
        assert_eq!(figures("one of the powers"), Vec::<String>::new());
        assert_eq!(figures("the U.S. and Sept. 11"), ["Sept. 11"]);
    }

    #[test]
    fn a_changed_year_is_a_factual_edit_and_a_reworded_clause_is_not() {
        let block = crate::diff::measured_block(
            BlockKind::Changed,
            Some(1),
            Some(1),
            0.9,
            vec![
                op(OpKind::Equal, "Since "),
                op(OpKind::Delete, "1992"),
                op(OpKind::Insert, "December 1991"),
                op(OpKind::Equal, " when the "),
                op(OpKind::Delete, "former"),
                op(OpKind::Insert, "old"),
                op(OpKind::Equal, " Soviet Union"),
            ],
        );
        let edits = factual_edits(&report(vec![block]));
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].old_figures, ["1992"]);
        assert_eq!(edits[0].new_figures, ["December 1991"]);
        assert!(edits[0].involves_date);
        assert_eq!((edits[0].block, edits[0].old_paragraph), (Some(1), Some(1)));
    }

    #[test]
    fn an_inserted_paragraph_with_a_count_is_a_factual_edit() {
        let block = crate::diff::measured_block(
            BlockKind::Inserted,
            None,
            Some(3),
            0.0,
            vec![op(OpKind::Insert, "Britain expelled 23 diplomats.")],
        );
        let edits = factual_edits(&report(vec![block]));
        assert_eq!(edits[0].new_figures, ["23"]);
        assert!(!edits[0].involves_date);
    }

    #[test]
    fn number_words_in_a_whole_new_paragraph_are_prose_but_count_inside_an_edit() {
        let inserted = crate::diff::measured_block(
            BlockKind::Inserted,
            None,
            Some(3),
            0.0,
            vec![op(OpKind::Insert, "The two ministers met again.")],
        );
        assert!(factual_edits(&report(vec![inserted])).is_empty());
        let edited = crate::diff::measured_block(
            BlockKind::Changed,
            Some(3),
            Some(3),
            0.9,
            vec![
                op(OpKind::Equal, "The "),
                op(OpKind::Delete, "two"),
                op(OpKind::Insert, "three"),
                op(OpKind::Equal, " ministers met."),
            ],
        );
        assert_eq!(factual_edits(&report(vec![edited]))[0].new_figures, ["three"]);
    }

    fn changed(ops: Vec<Op<'static>>) -> Block<'static> {
        crate::diff::measured_block(BlockKind::Changed, Some(1), Some(1), 0.9, ops)
    }

    fn edited(before: &'static str, old: &'static str, new: &'static str, after: &'static str) -> Vec<FactualEdit> {
        let ops = vec![Op::equal(before), Op::delete(old), Op::insert(new), Op::equal(after)];
        factual_edits(&report(vec![changed(ops)]))
    }

    #[test]
    fn paths_urls_attributes_inline_code_and_list_numbers_are_no_claims() {
        assert!(edited("Install to /usr/", "local2", "opt3", "/bin now.").is_empty());
        assert!(edited("Read docs/v", "2", "3", "/install.md first.").is_empty());
        assert!(edited("See https://example.com/20", "18", "19", "/notes for more.").is_empty());
        assert!(edited("<img width=\"", "300", "400", "\"> shows it.").is_empty());
        assert!(edited("Run `sleep ", "5", "10", "` twice.").is_empty());
        assert!(edited("Open install-v", "2", "3", ".sh to begin.").is_empty());
        assert!(edited("", "2", "3", ". Install the tool.").is_empty());
        // The same shapes in prose are still claims.
        assert_eq!(edited("", "2", "3", " ministers met.")[0].new_figures, ["3"]);
        assert_eq!(edited("Oil at $", "50", "60", "/barrel.")[0].new_figures, ["60"]);
        assert_eq!(edited("Signed on 4/5/", "2018", "2019", ".")[0].new_figures, ["2019"]);
        assert_eq!(edited("Version ", "2.x", "3.x", " is out.")[0].new_figures, ["3.x"]);
    }

    #[test]
    fn a_list_number_is_no_claim_at_any_paragraph_start_of_a_block() {
        let ops = vec![
            Op::equal("1. Download it."),
            Op::paragraph_break(OpKind::Equal),
            Op::delete("1"),
            Op::insert("2"),
            Op::equal(". Install it."),
        ];
        assert!(factual_edits(&report(vec![changed(ops)])).is_empty());
    }

    #[test]
    fn code_blocks_hold_no_claims() {
        let ops = vec![Op::equal("```sh\nsleep "), Op::delete("5"), Op::insert("10"), Op::equal("\n```")];
        assert!(factual_edits(&report(vec![changed(ops)])).is_empty());
    }

    #[test]
    fn a_figure_unchanged_inside_an_edit_is_not_factual() {
        let block = crate::diff::measured_block(
            BlockKind::Changed,
            Some(1),
            Some(1),
            0.9,
            vec![op(OpKind::Delete, "in 2018 the"), op(OpKind::Insert, "in 2018 a")],
        );
        assert!(factual_edits(&report(vec![block])).is_empty());
    }
}
