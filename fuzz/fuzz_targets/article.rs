//! The article loader on arbitrary bytes: never a panic, and every span it returns is
//! ordered, inside the text, on character boundaries, and nested as documented.
#![no_main]

use dossier::article::Article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(article) = Article::parse("fuzz.txt", data) else { return };
    let source = &article.source;
    let mut previous_end = 0;
    for (index, paragraph) in article.paragraphs.iter().enumerate() {
        assert_eq!(paragraph.number, index + 1);
        let span = &paragraph.span;
        assert!(previous_end <= span.start && span.start < span.end && span.end <= source.len(), "{span:?}");
        assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
        previous_end = span.end;
        let mut sentence_end = span.start;
        for sentence in &paragraph.sentences {
            let inner = &sentence.span;
            assert!(sentence_end <= inner.start && inner.start < inner.end && inner.end <= span.end, "{inner:?}");
            assert!(source.is_char_boundary(inner.start) && source.is_char_boundary(inner.end));
            sentence_end = inner.end;
            let (found, _) = article.locate(inner.start).expect("a sentence start is inside its paragraph");
            assert_eq!(found.number, paragraph.number);
        }
        let _ = article.normalized_text(span);
    }
    for field in &article.metadata {
        assert!(field.span.end <= source.len() && source.is_char_boundary(field.span.start));
    }
});
