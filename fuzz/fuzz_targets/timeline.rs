//! The timeline loader on arbitrary text, then every `timeline show` renderer on whatever it
//! accepts: never a panic, and the plain table never carries a terminal control character.
#![no_main]

use std::path::Path;

use dossier::render::{self, Style};
use dossier::report::timeline::TimelineReport;
use dossier::timeline::Timeline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(timeline) = Timeline::parse(Path::new("fuzz/timeline.yaml"), text) else { return };
    let events = timeline.sorted_events();
    let report = TimelineReport::new(timeline.title.clone(), &events);
    let mut table = Vec::new();
    render::timeline::table(&report, &Style { color: false, width: 80 }, &mut table).expect("writes to memory");
    let table = String::from_utf8(table).expect("the table is UTF-8");
    assert!(!table.chars().any(|c| c.is_control() && c != '\n'), "control character in {table:?}");
    let mut sink = Vec::new();
    render::timeline::markdown(&report, &mut sink).expect("writes to memory");
    render::timeline::csv(&report, &mut sink).expect("writes to memory");
    render::timeline::json(&report, &mut sink).expect("writes to memory");
    render::picture::timeline_svg(&report, &mut sink).expect("writes to memory");
    render::picture::timeline_html(&report, &mut sink).expect("writes to memory");
});
