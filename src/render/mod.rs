//! Renderers: each writes a report into any `io::Write`. They never compute analysis.
//! The helpers here keep hostile input text from acting on the reader's terminal,
//! spreadsheet or browser.

pub mod align;
pub mod brief;
pub mod diff;
pub mod events;
pub mod history;
pub mod picture;
pub mod timeline;

use std::fmt::Write as _;

/// What a renderer needs to know about where its output goes. Decided by the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colour and emphasis (terminal formats only).
    pub color: bool,
    /// Columns available for tables and side-by-side output.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style { color: false, width: 100 }
    }
}

/// Makes text safe to print on a terminal: control characters (escape sequences, carriage
/// returns, bidirectional overrides) are shown as visible `\u{..}` escapes instead of acting.
/// Newlines and tabs are kept.
pub fn sanitize_terminal(text: &str) -> String {
    if !text.chars().any(is_unsafe_for_terminal) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_for_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Makes a cell safe for a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or carriage return
/// would be run as a formula, so such cells get a leading apostrophe (OWASP's advice).
pub fn neutralize_csv_cell(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Escapes a Markdown table cell: `|`, backticks and line breaks cannot break the table.
pub fn escape_markdown_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            '\n' => out.push_str("<br>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A link target is emitted only for http and https; anything else (javascript:, data:)
/// stays plain text.
pub fn safe_link(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_made_visible() {
        assert_eq!(sanitize_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize_terminal("x\u{202e}y\r"), "x\\u{202e}y\\u{d}");
        assert_eq!(sanitize_terminal("plain\ttext\n"), "plain\ttext\n");
    }

    #[test]
    fn formula_cells_are_neutralized() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralize_csv_cell(cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(neutralize_csv_cell("1991-12-26"), "1991-12-26");
    }

    #[test]
    fn markdown_cells_cannot_break_a_table() {
        assert_eq!(escape_markdown_cell("a|b`c\r\nd"), "a\\|b\\`c<br>d");
    }

    #[test]
    fn html_is_escaped_and_links_are_checked() {
        assert_eq!(escape_html("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link("https://example.org"), Some("https://example.org"));
    }
}
