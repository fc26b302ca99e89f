//! Writes a timeline as the YAML the timeline loader reads. The schema is flat, so a small
//! emitter does: every string is double-quoted with YAML's escapes, so no text (a `#`, a
//! leading `-`, `yes`, a line break, a control character) can change the structure.

use std::fmt::Write as _;

use crate::timeline::{Event, Timeline};

/// The timeline as YAML (without an article section: imports have none).
pub fn to_yaml(timeline: &Timeline) -> String {
    let mut out = String::new();
    if let Some(title) = &timeline.title {
        let _ = writeln!(out, "title: {}", quoted(title));
    }
    out.push_str("events:\n");
    for event in &timeline.events {
        write_event(&mut out, event);
    }
    out
}

fn write_event(out: &mut String, event: &Event) {
    let _ = writeln!(out, "  - id: {}", quoted(&event.id));
    let _ = writeln!(out, "    title: {}", quoted(&event.title));
    let _ = writeln!(out, "    date: {}", quoted(&event.date.to_string()));
    if let Some(display) = &event.display {
        let _ = writeln!(out, "    display: {}", quoted(display));
    }
    for (key, items) in [
        ("aliases", &event.aliases),
        ("actors", &event.actors),
        ("places", &event.places),
        ("tags", &event.tags),
        ("sources", &event.sources),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "    {key}:");
            for item in items {
                let _ = writeln!(out, "      - {}", quoted(item));
            }
        }
    }
    if let Some(notes) = &event.notes {
        let _ = writeln!(out, "    notes: {}", quoted(notes));
    }
}

/// A YAML double-quoted scalar. Escapes what YAML 1.2 does not allow printed as it is
/// (controls, U+FEFF, U+FFFE/U+FFFF) and the line breaks YAML would fold (U+0085, U+2028,
/// U+2029), so the value reads back exactly; and the bidirectional controls, so no text
/// reverses what a reader of the file sees.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            // Bidirectional controls too: printed raw, they make the file read differently
            // from what it holds ("Trojan Source").
            '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(quoted("plain"), "\"plain\"");
        assert_eq!(quoted("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
        assert_eq!(quoted("line\nbreak\t\u{1b}[31m\u{85}\u{2028}"), "\"line\\nbreak\\t\\x1b[31m\\x85\\u2028\"");
        assert_eq!(quoted("# not a comment: - yes"), "\"# not a comment: - yes\"");
        assert_eq!(quoted("a\u{202e}b\u{2066}c\u{61c}"), "\"a\\u202eb\\u2066c\\u061c\"");
    }
}
