//! Pictures: the timeline on a time axis, and change maps for diffs and history (SVG).
//!
//! `axis` cuts time into segments and places their ticks, `timeline` draws the events on
//! them, `page` wraps the timeline picture in an HTML page, `change_map` draws what changed
//! between versions. What they share lives here: escaping for XML, cutting a title, and the
//! one estimate of how wide a text is drawn, which every label placement relies on.

mod axis;
mod change_map;
mod page;
mod timeline;

pub use change_map::{diff_change_map_svg, history_change_map_svg};
pub use page::timeline_html;
pub use timeline::{EventMark, MarkStatus, PRINT_WIDTH, timeline_svg, timeline_svg_with_marks};

use unicode_width::UnicodeWidthStr;

use crate::render::escape_html;

const MARGIN: f64 = 24.0;
/// Width of one terminal column of label text at 12px, generous for any sans-serif font.
const CHAR_WIDTH: f64 = 7.2;
const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// How wide `text` is drawn at `font_size` px: a terminal column is 0.6 em, generous for any
/// sans-serif font (DejaVu Sans averages about 0.55 em). Labels are placed with this estimate.
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    text.width() as f64 * font_size * 0.6
}

fn truncate(text: &str, max_chars: usize) -> String {
    // Words are joined only until the text is known to be too long: a change map holds a
    // snippet of every paragraph of a book.
    let (mut flat, mut chars) = (String::new(), 0);
    for word in text.split_whitespace() {
        if chars > max_chars {
            break;
        }
        if !flat.is_empty() {
            flat.push(' ');
            chars += 1;
        }
        flat.push_str(word);
        chars += word.chars().count();
    }
    if chars <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Text for SVG/XML content and attributes: HTML escaping (which also drops control
/// characters) minus the two non-characters XML refuses.
fn xml(text: &str) -> String {
    escape_html(text).replace(['\u{fffe}', '\u{ffff}'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_flattens_whitespace_and_cuts_with_an_ellipsis() {
        assert_eq!(truncate("  one\n two\tthree ", 13), "one two three");
        assert_eq!(truncate("one two three", 12), "one two thr…");
        assert_eq!(truncate("one two three", 8), "one two…");
        assert_eq!(truncate("één twee", 5), "één…");
        assert_eq!(truncate(&"word ".repeat(10_000), 9), "word wor…");
        assert_eq!(truncate("", 4), "");
    }

    #[test]
    fn text_width_counts_terminal_columns() {
        assert_eq!(text_width("abcde", 12.0), 5.0 * CHAR_WIDTH);
        assert_eq!(text_width("日本", 10.0), 24.0, "wide characters count twice");
    }

    /// A strict enough XML check for what this module writes: balanced tags, quoted
    /// attributes, known entities, no raw `<` or `&` in text.
    pub(super) fn assert_well_formed_xml(text: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(['<', '&']) {
            rest = &rest[at..];
            if rest.starts_with('&') {
                let end = rest.find(';').expect("an entity ends with ;");
                let name = &rest[1..end];
                assert!(["amp", "lt", "gt", "quot", "#39"].contains(&name), "unknown entity &{name};");
                rest = &rest[end + 1..];
                continue;
            }
            let end = rest.find('>').expect("a tag ends with >");
            let tag = &rest[1..end];
            assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched close tag");
            } else if !tag.starts_with('!') {
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name = body.split_whitespace().next().expect("a tag name");
                let attributes = &body[name.len()..];
                assert_eq!(attributes.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
                for part in attributes.split('"').step_by(2) {
                    assert!(
                        part.split_whitespace().all(|word| word.ends_with('=')),
                        "bad attribute `{part}` in <{tag}>"
                    );
                }
                if !self_closing {
                    stack.push(name.to_string());
                }
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    }
}
