//! Invariants over generated documents: segmentation loses and duplicates no text.

use proptest::prelude::*;

use super::Article;

/// Pieces a document is built from: words in several scripts, sentence punctuation,
/// abbreviations, every kind of line end, blank lines and Markdown block openers.
const PIECES: &[&str] = &[
    "China",
    "Russia",
    "partners",
    "the",
    "Zürich",
    "Москва",
    "中国",
    "俄罗斯",
    "😀",
    "é",
    " ",
    " ",
    " ",
    "\t",
    "\u{a0}",
    "\u{3000}",
    "\u{2028}",
    ". ",
    ".",
    "! ",
    "? ",
    "。",
    "”",
    "“",
    "’s",
    ",",
    ":",
    "Title: ",
    "Mr. ",
    "U.S. ",
    "J. ",
    "etc. ",
    "No. 5",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\n\r\n",
    "  \n",
    "\n# ",
    "\n- ",
    "\n1. ",
    "\n> ",
    "---\n",
    "\u{feff}",
];

fn document() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(prop::sample::select(PIECES), 0..80)).prop_map(|(bom, pieces)| {
        let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
        text.extend(pieces);
        text
    })
}

fn covered(spans: &[std::ops::Range<usize>], offset: usize) -> usize {
    spans.iter().filter(|span| span.contains(&offset)).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn paragraphs_cover_the_text_once_in_order(text in document()) {
        let article = Article::parse("generated.txt", text.as_bytes()).unwrap();
        prop_assert_eq!(&article.source, &text);
        let spans: Vec<_> = article.paragraphs.iter().map(|paragraph| paragraph.span.clone()).collect();
        for (index, paragraph) in article.paragraphs.iter().enumerate() {
            prop_assert_eq!(paragraph.number, index + 1);
            let span = &paragraph.span;
            prop_assert!(span.start < span.end);
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let body = &text[span.clone()];
            prop_assert_eq!(body.trim(), body, "paragraph {} is not trimmed", paragraph.number);
            if index > 0 {
                prop_assert!(spans[index - 1].end < span.start, "paragraphs overlap or touch");
            }
        }
        let body_start = spans.first().map_or(text.len(), |span| span.start);
        let leading_bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        for (offset, character) in text.char_indices().filter(|(offset, c)| !c.is_whitespace() && *offset >= leading_bom) {
            if offset >= body_start {
                prop_assert_eq!(covered(&spans, offset), 1, "{:?} at {} is in no paragraph", character, offset);
            } else {
                // Only metadata comes before the first paragraph.
                prop_assert!(!article.metadata.is_empty() || text[leading_bom..].starts_with("---"),
                    "{:?} at {} lost before the first paragraph", character, offset);
            }
        }
        for field in &article.metadata {
            prop_assert!(field.span.end <= body_start);
        }
    }

    #[test]
    fn sentences_cover_their_paragraph_once_in_order(text in document()) {
        let article = Article::parse("generated.txt", text.as_bytes()).unwrap();
        for paragraph in &article.paragraphs {
            let sentences: Vec<_> = paragraph.sentences.iter().map(|sentence| sentence.span.clone()).collect();
            prop_assert!(!sentences.is_empty());
            prop_assert_eq!(sentences[0].start, paragraph.span.start);
            prop_assert_eq!(sentences[sentences.len() - 1].end, paragraph.span.end);
            for (index, sentence) in paragraph.sentences.iter().enumerate() {
                prop_assert_eq!(sentence.number, index + 1);
                let span = &sentence.span;
                prop_assert!(span.start < span.end);
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert_eq!(text[span.clone()].trim(), &text[span.clone()]);
                if index > 0 {
                    prop_assert!(sentences[index - 1].end <= span.start);
                }
            }
            for (offset, _) in text[paragraph.span.clone()].char_indices().filter(|(_, c)| !c.is_whitespace()) {
                let offset = paragraph.span.start + offset;
                prop_assert_eq!(covered(&sentences, offset), 1);
                let (found, sentence) = article.locate(offset).unwrap();
                prop_assert_eq!(found.number, paragraph.number);
                prop_assert!(sentence.span.contains(&offset));
            }
        }
    }

    #[test]
    fn rewrapping_a_paragraph_keeps_its_normalized_text(words in prop::collection::vec("[a-zA-Zé中]{1,8}[.,]?", 1..40),
                                                        breaks in prop::collection::vec(prop::sample::select(&[" ", "\n", "\r\n", "  \t"][..]), 40)) {
        let mut wrapped = String::new();
        for (word, separator) in words.iter().zip(&breaks) {
            wrapped.push_str(word);
            wrapped.push_str(separator);
        }
        let text = format!("{wrapped}\n\nEnd.");
        let article = Article::parse("generated.txt", text.as_bytes()).unwrap();
        prop_assert_eq!(article.paragraphs.len(), 2);
        prop_assert_eq!(article.normalized_text(&article.paragraphs[0].span), words.join(" "));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = Article::parse("random.bin", &bytes);
    }
}
