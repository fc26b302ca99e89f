//! The prose date extractor on arbitrary text, with and without a reference date: never a
//! panic, and every mention's span is ordered, inside the text and on character boundaries.
#![no_main]

use dossier::dates::Date;
use dossier::dates::prose::find_dates;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // An optional first line names the reference date, so the fuzzer explores both.
    let (reference, prose) = match text.split_once('\n') {
        Some((first, rest)) => (Date::parse(first).ok(), rest),
        None => (None, text),
    };
    for reference in [None, reference.as_ref()] {
        let mut previous_start = 0;
        for mention in find_dates(prose, reference) {
            let span = &mention.span;
            assert!(span.start < span.end && span.end <= prose.len(), "{span:?}");
            assert!(prose.is_char_boundary(span.start) && prose.is_char_boundary(span.end), "{span:?}");
            assert!(previous_start <= span.start, "mentions out of order");
            previous_start = span.start;
        }
    }
});
