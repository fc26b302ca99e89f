//! `timeline import` on arbitrary text in each format (the first byte picks TimelineJS JSON,
//! TimelineJS CSV or tilse): never a panic; what it accepts is written as YAML that carries no
//! unsafe character and that the timeline loader reads back to the same events. (What it
//! could not keep is raw text; the CLI sanitizes it where it prints it.)
#![no_main]

use std::path::Path;

use dossier::interchange::{self, Format};
use dossier::timeline::Timeline;
use libfuzzer_sys::fuzz_target;

/// C0 controls but tab and newline, DEL, C1 controls and the bidirectional controls.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (format, name) = match selector % 3 {
        0 => (Format::TimelinejsJson, "fuzz/import.json"),
        1 => (Format::TimelinejsCsv, "fuzz/import.csv"),
        _ => (Format::Tilse, "fuzz/import.txt"),
    };
    let Ok(imported) = interchange::import(Path::new(name), text, format) else { return };
    let yaml = interchange::to_yaml(&imported.timeline);
    assert!(!yaml.chars().any(is_unsafe), "unsafe character in {yaml:?}");
    let reread = Timeline::parse(Path::new("fuzz/imported.yaml"), &yaml)
        .unwrap_or_else(|err| panic!("the imported YAML does not load: {err}\n{yaml}"));
    let ids = |timeline: &Timeline| timeline.events.iter().map(|event| event.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&reread), ids(&imported.timeline), "{yaml}");
});
