//! The prose date extractor on arbitrary text, with and without a reference date: never a
//! panic, every mention's span is ordered, inside the text and on character boundaries, and
//! every date it resolves is a valid interval that prints in a form that parses back.
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
            if let Some(date) = &mention.date {
                if let (Some(first), Some(last)) = (date.first_day(), date.last_day()) {
                    assert!(first <= last, "{date} ends before it starts");
                }
                let printed = date.to_string();
                let reparsed = Date::parse(&printed).unwrap_or_else(|err| panic!("{printed:?}: {err}"));
                assert_eq!(reparsed.to_string(), printed);
                if let Some(reference) = reference {
                    let _ = (date.relation(reference), date.days_apart(reference));
                }
            }
        }
    }
});
