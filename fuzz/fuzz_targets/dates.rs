//! The date parser: never a panic; whatever it accepts prints in a form that parses back to
//! the same date; comparisons of any two dates are total and antisymmetric.
#![no_main]

use std::cmp::Ordering;

use dossier::dates::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (first, second) = text.split_once('\n').unwrap_or((text, ""));
    let parsed: Vec<Date> = [first, second].into_iter().filter_map(|part| Date::parse(part).ok()).collect();
    for date in &parsed {
        let printed = date.to_string();
        let reparsed = Date::parse(&printed).unwrap_or_else(|err| panic!("{printed:?} does not parse back: {err}"));
        assert_eq!(reparsed.to_string(), printed);
        assert_eq!(date.chronological_cmp(date), Ordering::Equal);
        let _ = (date.precision(), date.first_day(), date.last_day());
    }
    if let [a, b] = parsed.as_slice() {
        assert_eq!(a.chronological_cmp(b), b.chronological_cmp(a).reverse());
        assert_eq!(a.overlaps(b), b.overlaps(a));
        let _ = (a.relation(b), a.days_apart(b));
    }
});
