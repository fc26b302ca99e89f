//! Tokens of a paragraph: words (letters and digits with inner apostrophes and hyphens, digits
//! with inner `.` or `,`; each CJK ideograph or kana alone) and marks (one punctuation character,
//! or one run of dashes so `--` and `—` are one mark each). Everything else is a gap: whitespace
//! always, marks too when punctuation is ignored. Only tokens are compared; gaps are layout.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use rustc_hash::FxBuildHasher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word,
    Mark,
}

/// A token's byte range in its paragraph (paragraphs are far below 4 GiB: inputs are capped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
}

impl Token {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What counts as the same token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Comparison {
    pub ignore_case: bool,
    pub ignore_punctuation: bool,
    pub ignore_quotes: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Word,
    Ideograph,
    Dash,
    Other,
}

fn classify(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => Class::Space,
            '-' => Class::Dash,
            _ if c.is_ascii_alphanumeric() => Class::Word,
            _ => Class::Other,
        };
    }
    // A byte-order mark is layout, like whitespace.
    if c.is_whitespace() || c == '\u{feff}' {
        Class::Space
    } else if is_ideograph(c) {
        Class::Ideograph
    } else if c.is_alphanumeric() || is_combining_mark(c) {
        Class::Word
    } else if matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}') {
        Class::Dash
    } else {
        Class::Other
    }
}

/// Han ideographs and kana: written without spaces, so each one is a token of its own.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2ffff}' | '\u{30000}'..='\u{3134f}')
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}')
}

/// Characters that stay inside a word when a word character follows: "don't", "well-known".
fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}' | '-' | '\u{2010}' | '\u{2011}')
}

fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&byte) if byte.is_ascii() => Some(byte as char),
        _ => text.get(at..).and_then(|rest| rest.chars().next()),
    }
}

/// Iterates over the tokens of `text`, words and marks both, in order.
pub(crate) struct Tokenizer<'t> {
    text: &'t str,
    pos: usize,
    /// Only spaces, tabs and `>` since the start of the line: a `>` here marks a block quote,
    /// which is layout, so re-wrapping a quote changes nothing. Kept as the text is walked (a
    /// look back from each `>` made a long line of `> > >` quadratic).
    in_quote_prefix: bool,
}

impl<'t> Tokenizer<'t> {
    pub fn new(text: &'t str) -> Self {
        Tokenizer { text, pos: 0, in_quote_prefix: true }
    }

    /// Extends a word that starts at `start` over its word characters and inner joiners.
    fn word_end(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut end = start;
        let mut last_digit = false;
        loop {
            // Plain ASCII letters and digits: the common case, one byte at a time.
            let run_start = end;
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            if end > run_start {
                last_digit = bytes[end - 1].is_ascii_digit();
            }
            let Some(c) = char_at(self.text, end) else {
                return end;
            };
            let len = c.len_utf8();
            if !c.is_ascii() && classify(c) == Class::Word {
                last_digit = false;
                end += len;
                continue;
            }
            let joins = is_word_joiner(c) || (last_digit && (c == '.' || c == ','));
            let continues = joins
                && match char_at(self.text, end + len) {
                    Some(next) if c == '.' || c == ',' => next.is_ascii_digit(),
                    Some(next) => classify(next) == Class::Word,
                    None => false,
                };
            if !continues {
                return end;
            }
            end += len;
        }
    }
}

impl Iterator for Tokenizer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let start = self.pos;
            let byte = bytes[start];
            // ASCII inline, the same classes as `classify`: most tokens of most texts.
            if byte.is_ascii() && byte != b'-' {
                let (end, kind) = if byte.is_ascii_alphanumeric() {
                    (self.word_end(start), TokenKind::Word)
                } else if matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
                    || (byte == b'>' && self.in_quote_prefix)
                {
                    match byte {
                        b'\n' | b'\r' => self.in_quote_prefix = true,
                        b'\x0b' | b'\x0c' => self.in_quote_prefix = false,
                        _ => {}
                    }
                    self.pos += 1;
                    continue;
                } else {
                    (start + 1, TokenKind::Mark)
                };
                self.pos = end;
                self.in_quote_prefix = false;
                return Some(Token { start: start as u32, end: end as u32, kind });
            }
            self.in_quote_prefix = false;
            let c = if byte.is_ascii() { byte as char } else { char_at(self.text, start)? };
            let len = c.len_utf8();
            let (end, kind) = match classify(c) {
                Class::Space => {
                    self.pos += len;
                    continue;
                }
                Class::Word => (self.word_end(start), TokenKind::Word),
                Class::Ideograph => (start + len, TokenKind::Word),
                Class::Dash => {
                    let mut end = start + len;
                    while let Some(next) = char_at(self.text, end).filter(|&n| classify(n) == Class::Dash) {
                        end += next.len_utf8();
                    }
                    (end, TokenKind::Mark)
                }
                Class::Other => (start + len, TokenKind::Mark),
            };
            self.pos = end;
            return Some(Token { start: start as u32, end: end as u32, kind });
        }
        None
    }
}

/// The tokens compared under `comparison`: marks drop out when punctuation is ignored.
pub(crate) fn significant_tokens(text: &str, comparison: Comparison) -> impl Iterator<Item = Token> + '_ {
    Tokenizer::new(text).filter(move |token| token.kind == TokenKind::Word || !comparison.ignore_punctuation)
}

pub(crate) fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    Tokenizer::new(text).filter(|token| token.kind == TokenKind::Word).count()
}

/// The tokenizer's word count for ASCII text: a word starts at a letter or
/// digit that does not continue a word (directly, or across a joiner the tokenizer keeps).
/// Counting the words of every unchanged paragraph is most of the work on a large revision.
fn count_ascii_words(bytes: &[u8]) -> usize {
    // Whether the byte at `current` starts a word depends only on it and the two bytes before
    // it, so every position is judged apart from the others: a loop without carried state,
    // which the compiler turns into vector code (this count runs over every unchanged paragraph).
    // Bitwise `&` and `|` rather than `&&` and `||`, so there is no branch either.
    let alnum = |c: u8| ((c | 0x20).wrapping_sub(b'a') < 26) | (c.wrapping_sub(b'0') < 10);
    let digit = |c: u8| c.wrapping_sub(b'0') < 10;
    let starts_word = |before: u8, previous: u8, current: u8| {
        let continues = alnum(previous)
            | (((previous == b'\'') | (previous == b'-')) & alnum(before))
            | (((previous == b'.') | (previous == b',')) & digit(before) & digit(current));
        u8::from(alnum(current) & !continues)
    };
    // The text as if two spaces preceded it.
    let head = match bytes {
        [] => 0,
        [first] => starts_word(b' ', b' ', *first),
        [first, second, ..] => starts_word(b' ', b' ', *first) + starts_word(b' ', *first, *second),
    };
    let Some(tail_length) = bytes.len().checked_sub(2) else {
        return usize::from(head);
    };
    let before = &bytes[..tail_length];
    let previous = &bytes[1..tail_length + 1];
    let current = &bytes[2..];
    // Counted in bytes, 255 positions at a time, so a vector holds sixteen counts at once.
    const CHUNK: usize = u8::MAX as usize;
    let rest: usize = before
        .chunks(CHUNK)
        .zip(previous.chunks(CHUNK))
        .zip(current.chunks(CHUNK))
        .map(|((before, previous), current)| {
            let count = before
                .iter()
                .zip(previous)
                .zip(current)
                .fold(0u8, |count, ((&b, &p), &c)| count.wrapping_add(starts_word(b, p, c)));
            usize::from(count)
        })
        .sum();
    usize::from(head) + rest
}

fn normalize_quote(c: char) -> char {
    match c {
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{00ab}' | '\u{00bb}' | '\u{2033}' | '\u{ff02}' => {
            '"'
        }
        '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2039}' | '\u{203a}' | '\u{2032}'
        | '\u{02bc}' | '\u{ff07}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        _ => c,
    }
}

/// The comparison key of a token: its text, folded as `comparison` asks. Returns the token text
/// itself when nothing needs folding, else the folded text written into `buffer`.
pub(crate) fn key<'a>(token_text: &'a str, kind: TokenKind, comparison: Comparison, buffer: &'a mut String) -> &'a str {
    if kind == TokenKind::Mark && comparison.ignore_quotes && token_text.starts_with(|c| classify(c) == Class::Dash) {
        // Every dash style and run length is one dash.
        return "\u{2014}";
    }
    let fold_quotes = comparison.ignore_quotes && (kind == TokenKind::Mark || !token_text.is_ascii());
    let fold_case = comparison.ignore_case && token_text.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii());
    if !fold_quotes && !fold_case {
        return token_text;
    }
    buffer.clear();
    for c in token_text.chars() {
        let c = if fold_quotes { normalize_quote(c) } else { c };
        if fold_case {
            buffer.extend(c.to_lowercase());
        } else {
            buffer.push(c);
        }
    }
    buffer
}

/// A hash of a paragraph's bytes: paragraphs with equal bytes are equal under any comparison.
pub(crate) fn raw_hash(text: &str) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    hasher.write(text.as_bytes());
    hasher.write_usize(text.len());
    hasher.finish()
}

/// A hash of a tokenized paragraph's keys: its identity under the comparison.
pub(crate) fn keys_hash(keys: &[u32]) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    for &key in keys {
        hasher.write_u32(key);
    }
    hasher.write_usize(keys.len());
    hasher.finish()
}

/// A paragraph's compared tokens with their interned keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenizedParagraph {
    pub tokens: Vec<Token>,
    pub keys: Vec<u32>,
    /// Interned keys of the words only, sorted: the bag that similarity bounds use.
    pub bag: Vec<u32>,
}

impl TokenizedParagraph {
    pub fn words(&self) -> usize {
        self.bag.len()
    }
}

/// Interns token keys to small integers shared by every paragraph of one diff.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<Box<str>, u32, FxBuildHasher>,
    /// Keys of up to 7 bytes packed with their length into a number: most words, looked up
    /// without hashing or comparing strings. Shares the id space with `ids`.
    short_ids: HashMap<u64, u32, FxBuildHasher>,
    buffer: String,
}

/// A key of at most 7 bytes as one number (bytes, then the length in the top byte).
fn pack_short(key: &str) -> Option<u64> {
    let bytes = key.as_bytes();
    if bytes.len() > 7 {
        return None;
    }
    let mut packed = [0u8; 8];
    packed[..bytes.len()].copy_from_slice(bytes);
    packed[7] = bytes.len() as u8;
    Some(u64::from_le_bytes(packed))
}

impl Interner {
    /// Tokenizes the paragraphs of both sides at once, one side per thread, with the new
    /// side's ids mapped into the old side's afterwards (few distinct keys, so this is cheap).
    pub fn tokenize_both(
        old: &[&str],
        new: &[&str],
        comparison: Comparison,
    ) -> (Vec<TokenizedParagraph>, Vec<TokenizedParagraph>) {
        let tokenize_all = |texts: &[&str]| {
            let mut interner = Interner::default();
            let paragraphs: Vec<TokenizedParagraph> =
                texts.iter().map(|text| interner.tokenize_unsorted(text, comparison)).collect();
            (interner, paragraphs)
        };
        let ((mut old_interner, mut old_paragraphs), (new_interner, mut new_paragraphs)) =
            rayon::join(|| tokenize_all(old), || tokenize_all(new));
        let mut remap = vec![0u32; new_interner.len()];
        for (key, new_id) in new_interner.ids {
            let next = old_interner.len() as u32;
            remap[new_id as usize] = *old_interner.ids.entry(key).or_insert(next);
        }
        for (key, new_id) in new_interner.short_ids {
            let next = old_interner.len() as u32;
            remap[new_id as usize] = *old_interner.short_ids.entry(key).or_insert(next);
        }
        // Bags are sorted once their ids are final.
        for paragraph in &mut new_paragraphs {
            paragraph.keys.iter_mut().for_each(|key| *key = remap[*key as usize]);
            paragraph.bag.iter_mut().for_each(|key| *key = remap[*key as usize]);
        }
        rayon::join(
            || old_paragraphs.iter_mut().for_each(|paragraph| paragraph.bag.sort_unstable()),
            || new_paragraphs.iter_mut().for_each(|paragraph| paragraph.bag.sort_unstable()),
        );
        (old_paragraphs, new_paragraphs)
    }

    fn len(&self) -> usize {
        self.ids.len() + self.short_ids.len()
    }

    /// One paragraph alone, its bag sorted (the diff tokenizes whole texts with `tokenize_both`).
    #[cfg(test)]
    pub fn tokenize(&mut self, text: &str, comparison: Comparison) -> TokenizedParagraph {
        let mut paragraph = self.tokenize_unsorted(text, comparison);
        paragraph.bag.sort_unstable();
        paragraph
    }

    /// The tokens, keys and bag of `text`, the bag not yet sorted.
    fn tokenize_unsorted(&mut self, text: &str, comparison: Comparison) -> TokenizedParagraph {
        // About one token per five bytes of prose: sized once, rarely grown.
        let estimate = text.len() / 5 + 1;
        let mut paragraph = TokenizedParagraph {
            tokens: Vec::with_capacity(estimate),
            keys: Vec::with_capacity(estimate),
            bag: Vec::with_capacity(estimate),
        };
        for token in significant_tokens(text, comparison) {
            let token_text = &text[token.range()];
            let token_key = key(token_text, token.kind, comparison, &mut self.buffer);
            let next = (self.ids.len() + self.short_ids.len()) as u32;
            let id = match pack_short(token_key) {
                Some(packed) => *self.short_ids.entry(packed).or_insert(next),
                None => match self.ids.get(token_key) {
                    Some(&id) => id,
                    None => {
                        self.ids.insert(token_key.into(), next);
                        next
                    }
                },
            };
            if token.kind == TokenKind::Word {
                paragraph.bag.push(id);
            }
            paragraph.tokens.push(token);
            paragraph.keys.push(id);
        }
        // A text of short tokens outgrows the estimate and doubles its vectors; what they do
        // not use is given back, so a one-line 50 MB text costs its tokens, not twice that.
        shrink_if_wasteful(&mut paragraph.tokens);
        shrink_if_wasteful(&mut paragraph.keys);
        shrink_if_wasteful(&mut paragraph.bag);
        paragraph
    }
}

/// Gives back a vector's spare room when it is more than a quarter of what it holds (and worth
/// a reallocation).
fn shrink_if_wasteful<T>(items: &mut Vec<T>) {
    if items.capacity() - items.len() > 1024 + items.len() / 4 {
        items.shrink_to_fit();
    }
}

/// Size of the intersection of two sorted multisets.
pub(crate) fn bag_overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// Dice similarity of two word bags: shared words over all words, 0..1. An upper bound of the
/// similarity a word diff can find, since a diff keeps words in order.
pub(crate) fn bag_similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    2.0 * bag_overlap(a, b) as f64 / (a.len() + b.len()) as f64
}

/// The best similarity two bags of these sizes could have.
pub(crate) fn length_bound(a: usize, b: usize) -> f64 {
    if a + b == 0 { 0.0 } else { 2.0 * a.min(b) as f64 / (a + b) as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        Tokenizer::new(text).map(|token| &text[token.range()]).collect()
    }

    #[test]
    fn short_keys_pack_their_bytes_first_and_length_last() {
        assert_eq!(pack_short("ab"), Some(2 << 56 | 0x6261));
        assert_eq!(pack_short(""), Some(0));
        assert_eq!(pack_short("seven77"), Some(u64::from_le_bytes(*b"seven77\x07")));
        assert_eq!(pack_short("eight888"), None);
    }

    #[test]
    fn words_keep_inner_apostrophes_hyphens_and_number_separators() {
        assert_eq!(
            texts("don’t re-wrap 3.5 or 1,000 'quoted'"),
            ["don’t", "re-wrap", "3.5", "or", "1,000", "'", "quoted", "'"]
        );
        assert_eq!(texts("end. Next-"), ["end", ".", "Next", "-"]);
    }

    #[test]
    fn dash_runs_are_one_mark_and_whitespace_is_no_token() {
        assert_eq!(texts("war--peace \r\n — done"), ["war", "--", "peace", "—", "done"]);
        assert_eq!(texts("\u{feff}  \r\n\t"), Vec::<&str>::new());
    }

    #[test]
    fn quote_markers_at_line_starts_are_layout() {
        assert_eq!(texts("> one\n>> two > three\n  > four"), ["one", "two", ">", "three", "four"]);
    }

    #[test]
    fn a_long_line_of_quote_markers_is_read_in_one_pass() {
        // Each `>` used to look back to the start of its line: quadratic on one long line.
        let markers = "> ".repeat(200_000);
        assert_eq!(Tokenizer::new(&markers).count(), 0);
        assert_eq!(Tokenizer::new(&format!("x {markers}")).count(), 200_001);
        assert_eq!(texts("a\n> >b\r> c \x0b> d"), ["a", "b", "c", ">", "d"]);
    }

    #[test]
    fn each_ideograph_is_a_word() {
        let tokens: Vec<Token> = Tokenizer::new("中国和俄罗斯, ok").collect();
        assert_eq!(tokens.len(), 8);
        assert_eq!(count_words("中国和俄罗斯, ok"), 7);
        assert_eq!(count_words("Ünïcödé wörds çà"), 3);
        for text in ["don't re-wrap 3.5, 1,000 'x' a-", "-a b-c d--e 1.a a.1 9. ,5", "", "  x", "a'-b 1.2.3 x-'y 2,a"] {
            assert_eq!(
                count_ascii_words(text.as_bytes()),
                Tokenizer::new(text).filter(|t| t.kind == TokenKind::Word).count(),
                "{text}"
            );
        }
    }

    #[test]
    fn keys_fold_only_what_is_asked() {
        let mut buffer = String::new();
        let plain = Comparison::default();
        assert_eq!(key("Don’t", TokenKind::Word, plain, &mut buffer), "Don’t");
        let folded = Comparison { ignore_case: true, ignore_quotes: true, ignore_punctuation: false };
        assert_eq!(key("Don’t", TokenKind::Word, folded, &mut buffer), "don't");
        assert_eq!(key("“", TokenKind::Mark, folded, &mut buffer), "\"");
        assert_eq!(
            key("--", TokenKind::Mark, folded, &mut buffer),
            key("—", TokenKind::Mark, folded, &mut String::new())
        );
        assert_eq!(key("--", TokenKind::Mark, plain, &mut buffer), "--");
    }

    #[test]
    fn compared_keys_ignore_layout_but_not_words() {
        let mut interner = Interner::default();
        let plain = Comparison::default();
        let mut keys = |text: &str, comparison: Comparison| keys_hash(&interner.tokenize(text, comparison).keys);
        let wrapped = keys("one two\r\nthree,  four ", plain);
        assert_eq!(wrapped, keys("\u{feff}one two three , four", plain));
        assert_ne!(wrapped, keys("one two three four", plain));
        let no_punctuation = Comparison { ignore_punctuation: true, ..plain };
        assert_eq!(keys("one two three, four", no_punctuation), keys("one two three four", no_punctuation));
        assert_ne!(raw_hash("one two"), raw_hash("one  two"));
    }

    #[test]
    fn bag_similarity_counts_shared_words() {
        assert_eq!(bag_overlap(&[1, 1, 2, 5], &[1, 2, 2, 5, 7]), 3);
        assert!((bag_similarity(&[1, 2], &[1, 3]) - 0.5).abs() < 1e-9);
        assert_eq!(bag_similarity(&[], &[]), 0.0);
        assert!((length_bound(1, 3) - 0.5).abs() < 1e-9);
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_word_count_is_the_tokenizer_s(text in "[a1 .,'\\-]{0,600}") {
            let words = Tokenizer::new(&text).filter(|token| token.kind == TokenKind::Word).count();
            proptest::prop_assert_eq!(count_ascii_words(text.as_bytes()), words);
        }
    }
}
