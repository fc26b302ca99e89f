//! Safe text: what keeps hostile input text from acting on the reader's terminal,
//! spreadsheet or browser: terminal sanitizing, HTML escaping (XML too: SVG text), Markdown and CSV
//! cell neutralizing, safe links, and terminal-safe JSON. A leaf: it imports nothing from the
//! crate, so renderers and `interchange` share it without depending on each other.

use std::fmt::Write as _;
use std::io;

/// Makes text safe to print on a terminal: control characters (escape sequences, a carriage
/// return that would overwrite the line, C1 controls) and bidirectional controls (which
/// reorder what the reader sees) are shown as visible `\u{..}` escapes instead of acting.
/// Newlines and tabs are kept, and so is the CR of a CRLF line end, which overwrites nothing.
pub fn sanitize_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_visible(&mut out, text, |out, c| out.push(c));
    out
}

/// Appends `text` to `out`, unsafe characters as visible escapes, every other character
/// through `push` (which may escape it for the output's own syntax).
fn push_visible(out: &mut String, text: &str, mut push: impl FnMut(&mut String, char)) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_end = c == '\r' && chars.peek() == Some(&'\n');
        if is_unsafe_for_terminal(c) && !line_end {
            push_escape(out, c);
        } else {
            push(out, c);
        }
    }
}

/// `c` as a visible `\u{..}` escape.
fn push_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Control characters other than newline and tab, and the Unicode bidirectional controls
/// (marks, embeddings, overrides, isolates) used in "Trojan Source" text.
pub(crate) fn is_unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Makes a cell safe for a spreadsheet and for a terminal that prints the CSV: a cell a
/// spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice; see
/// `needs_formula_guard` for which); unsafe characters become visible escapes as in
/// `sanitize_terminal`.
pub fn neutralize_csv_cell(cell: &str) -> String {
    let visible = sanitize_terminal(cell);
    if needs_formula_guard(cell) { format!("'{visible}") } else { visible }
}

/// Whether a spreadsheet would read `cell` as a formula. A cell starting with `=`, `@`, a
/// tab or a carriage return always may. One starting with `+` or `-` is read as a formula
/// only when what follows has formula syntax: an operator (`-2+3`, and `-0044-03-15`, which
/// a spreadsheet would turn into -62), a call `(`, a DDE link `|`, a reference `!` `[`, a
/// comparison. A sign followed only by letters, digits, spaces and ordinary punctuation
/// (`.,;:'’%°?#`) is a number (`-5`), a dash (`-`), a list item (`- a point`) or words
/// (`-5 degrees`), and is left as it is, so the apostrophe never shows on harmless text.
pub fn needs_formula_guard(cell: &str) -> bool {
    let mut chars = cell.chars();
    match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !chars.all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | ';' | ':' | '\'' | '’' | '%' | '°' | '?' | '#')
        }),
        _ => false,
    }
}

/// Escapes a Markdown table cell: `|`, backticks and line breaks cannot break the table,
/// brackets cannot start a link or an image (which a viewer would fetch), `<` cannot start
/// HTML; unsafe characters become visible escapes as in `sanitize_terminal`.
pub fn escape_markdown_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' | '`' | '\\' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            c if is_unsafe_for_terminal(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content and quoted attribute values; unsafe characters
/// become visible escapes as in `sanitize_terminal` (so a bidirectional override cannot
/// reorder the page either).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_visible(&mut out, text, |out, c| match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    });
    out
}

/// Writes `value` as pretty-printed JSON with a newline at the end. serde_json escapes C0
/// controls; this also escapes the other unsafe characters (C1 controls, bidirectional
/// controls) as `\uXXXX`, so the JSON stays exact and is safe to print on a terminal.
pub fn write_json<T: serde::Serialize + ?Sized>(value: &T, out: &mut dyn io::Write) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, TerminalSafeJson::default());
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writeln!(out)
}

/// Writes `value` as one line of JSON (JSON Lines), escaped as `write_json` escapes. Outside
/// its strings JSON is ASCII, so every unsafe character serde_json left raw is in a string.
pub fn write_json_line<T: serde::Serialize + ?Sized>(value: &T, out: &mut dyn io::Write) -> io::Result<()> {
    let line = serde_json::to_string(value).map_err(io::Error::from)?;
    let mut rest = line.as_str();
    while let Some(at) = rest.find(is_unsafe_for_terminal) {
        out.write_all(&rest.as_bytes()[..at])?;
        let c = rest[at..].chars().next().unwrap_or_default();
        write_unicode_escape(out, c)?;
        rest = &rest[at + c.len_utf8()..];
    }
    out.write_all(rest.as_bytes())?;
    writeln!(out)
}

/// `value` as the same terminal-safe pretty JSON, in memory and without the final newline.
pub fn json_bytes<T: serde::Serialize + ?Sized>(value: &T) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, TerminalSafeJson::default());
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    Ok(out)
}

/// Whether `byte` can begin an unsafe character that serde_json leaves raw: DEL, a C1
/// control (lead byte 0xC2), U+061C (0xD8) or another bidirectional control (0xE2). Most
/// text has none of these bytes, and then needs no closer look.
fn may_start_unsafe(byte: u8) -> bool {
    matches!(byte, 0x7f | 0xc2 | 0xd8 | 0xe2)
}

/// `c` as `\uXXXX`, one escape per UTF-16 unit, as JSON spells any character.
fn write_unicode_escape<W: ?Sized + io::Write>(writer: &mut W, c: char) -> io::Result<()> {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        write!(writer, "\\u{unit:04x}")?;
    }
    Ok(())
}

/// Appends `text` as a JSON string, quotes included, byte for byte as `write_json` writes
/// it: serde_json's escapes for quotes, backslashes and C0 controls, and `\uXXXX` for the
/// other unsafe characters. For the few renderers that write long texts by hand: eight bytes
/// are checked at a time, where serde_json looks at each byte.
pub fn push_json_string(out: &mut Vec<u8>, text: &str) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    // A byte below 0x20, a quote, a backslash, DEL, or any byte of a non-ASCII character.
    let needs_care = |word: u64| {
        word & HIGHS != 0
            || word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0
            || has_zero_byte(word ^ (ONES * u64::from(b'"')))
            || has_zero_byte(word ^ (ONES * u64::from(b'\\')))
            || has_zero_byte(word ^ (ONES * 0x7f))
    };
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let (mut at, mut run_start) = (0, 0);
    while at < bytes.len() {
        if let Some(word) = bytes.get(at..at + 8) {
            let word = u64::from_ne_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]]);
            if !needs_care(word) {
                at += 8;
                continue;
            }
        }
        let byte = bytes[at];
        let escape: Option<&[u8]> = match byte {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            _ => None,
        };
        if let Some(escape) = escape {
            out.extend_from_slice(&bytes[run_start..at]);
            out.extend_from_slice(escape);
            at += 1;
            run_start = at;
        } else if byte < 0x20 || may_start_unsafe(byte) {
            let c = text[at..].chars().next().unwrap_or_default();
            if c < ' ' || is_unsafe_for_terminal(c) {
                out.extend_from_slice(&bytes[run_start..at]);
                // Writing to a vector cannot fail.
                let _ = write_unicode_escape(out, c);
                run_start = at + c.len_utf8();
            }
            at += c.len_utf8();
        } else {
            at += 1;
        }
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

/// serde_json's pretty formatter, with unsafe characters in strings written as escapes.
#[derive(Default)]
struct TerminalSafeJson(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for TerminalSafeJson {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        if !fragment.bytes().any(may_start_unsafe) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some(at) = rest.find(is_unsafe_for_terminal) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write_unicode_escape(writer, c)?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
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
    use proptest::prelude::*;

    #[test]
    fn terminal_escapes_are_made_visible() {
        assert_eq!(sanitize_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize_terminal("x\u{202e}y\r"), "x\\u{202e}y\\u{d}");
        assert_eq!(sanitize_terminal("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(sanitize_terminal("8-bit CSI \u{9b}31m, ALM \u{61c}"), "8-bit CSI \\u{9b}31m, ALM \\u{61c}");
    }

    #[test]
    fn only_a_lone_carriage_return_is_escaped() {
        assert_eq!(sanitize_terminal("line\r\nnext\rover"), "line\r\nnext\\u{d}over");
        assert_eq!(sanitize_terminal("\r\r\n"), "\\u{d}\r\n");
    }

    #[test]
    fn formula_cells_are_neutralized() {
        for cell in [
            "=1+1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "+HYPERLINK(\"https://e.example\")",
            "-2+3+cmd|' /C calc'!A0",
            "=cmd|' /C calc'!A0",
            "-[1]Sheet1!A1",
            "+1\n=2",
            "-1=1",
            "-0044-03-15",
            "--",
        ] {
            assert!(neutralize_csv_cell(cell).starts_with('\''), "{cell:?}");
        }
    }

    #[test]
    fn harmless_cells_get_no_apostrophe() {
        for cell in
            ["1991-12-26", "-", "-5", "+1", "-0.5", "-5 degrees", "- a point", "+44 20 7946 0000", "-you", "x=1"]
        {
            assert_eq!(neutralize_csv_cell(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn csv_cells_cannot_act_on_a_terminal() {
        assert_eq!(neutralize_csv_cell("a\u{1b}]8;;x\u{7}b"), "a\\u{1b}]8;;x\\u{7}b");
        assert_eq!(neutralize_csv_cell("\r=1"), "'\\u{d}=1");
        assert_eq!(neutralize_csv_cell("one\r\ntwo"), "one\r\ntwo");
    }

    #[test]
    fn markdown_cells_cannot_break_a_table() {
        assert_eq!(escape_markdown_cell("a|b`c\r\nd"), "a\\|b\\`c<br>d");
        assert_eq!(escape_markdown_cell("a\rb\nc"), "a<br>b<br>c");
    }

    #[test]
    fn markdown_cells_cannot_link_fetch_or_act() {
        assert_eq!(escape_markdown_cell("![x](https://e.example/p.png)"), "!\\[x\\](https://e.example/p.png)");
        assert_eq!(escape_markdown_cell("[a](javascript:x)"), "\\[a\\](javascript:x)");
        assert_eq!(escape_markdown_cell("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(escape_markdown_cell("\u{1b}[2J\u{202e}"), "\\u{1b}\\[2J\\u{202e}");
    }

    #[test]
    fn html_is_escaped_and_links_are_checked() {
        assert_eq!(escape_html("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
        assert_eq!(escape_html("a\u{202e}b\u{0}c"), "a\\u{202e}b\\u{0}c");
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link(" JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_link("//evil.example/x.js"), None);
        assert_eq!(safe_link("https://example.org"), Some("https://example.org"));
    }

    #[test]
    fn json_escapes_every_unsafe_character_and_keeps_the_data() {
        let value = serde_json::json!({"text": "a\u{1b}[2J\u{9b}1m\u{202e}b\u{7f}", "list": ["\r"]});
        let mut out = Vec::new();
        write_json(&value, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\n  \"list\": [\n    \"\\r\"\n  ],\n  \"text\": \"a\\u001b[2J\\u009b1m\\u202eb\\u007f\"\n}\n"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    /// No character that acts on a terminal survives, whatever the text.
    fn acts_on_terminal(text: &str) -> bool {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if is_unsafe_for_terminal(c) && !(c == '\r' && chars.peek() == Some(&'\n')) {
                return true;
            }
        }
        false
    }

    #[test]
    fn json_escapes_del_and_the_arabic_letter_mark() {
        // DEL and U+061C were once written raw: neither starts with the bytes first checked.
        let mut json = Vec::new();
        write_json("a\u{7f}b\u{61c}c\u{85}d\u{202e}e\u{1}f’", &mut json).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), "\"a\\u007fb\\u061cc\\u0085d\\u202ee\\u0001f’\"\n");
    }

    proptest! {
        #[test]
        fn escaped_text_never_acts(text in any::<String>()) {
            prop_assert!(!acts_on_terminal(&sanitize_terminal(&text)));
            prop_assert!(!acts_on_terminal(&neutralize_csv_cell(&text)));
            let markdown = escape_markdown_cell(&text);
            prop_assert!(!markdown.chars().any(|c| c == '\n' || c == '\r' || is_unsafe_for_terminal(c)));
            let mut json = Vec::new();
            write_json(&text, &mut json).unwrap();
            let json = String::from_utf8(json).unwrap();
            prop_assert!(!json.chars().any(|c| c != '\n' && is_unsafe_for_terminal(c)));
            prop_assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text.clone());
            let html = escape_html(&text);
            prop_assert!(!html.chars().any(|c| matches!(c, '<' | '>' | '"' | '\'') || is_unsafe_for_terminal(c)));
        }

        #[test]
        fn sanitizing_keeps_safe_text_as_is(text in "[^\\p{Cc}\u{61c}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}]*") {
            prop_assert_eq!(sanitize_terminal(&text), text);
        }

        #[test]
        fn markdown_cells_keep_a_table_row_whole(cells in proptest::collection::vec(any::<String>(), 1..5)) {
            let row = format!("| {} |", cells.iter().map(|cell| escape_markdown_cell(cell)).collect::<Vec<_>>().join(" | "));
            prop_assert_eq!(markdown_row_cells(&row), cells.len());
        }
    }

    /// Counts a GFM table row's cells: `|` separates cells unless escaped by a backslash.
    fn markdown_row_cells(row: &str) -> usize {
        let inner = row.strip_prefix('|').and_then(|row| row.strip_suffix('|')).expect("a row is fenced by pipes");
        let mut cells = 1;
        let mut escaped = false;
        for c in inner.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '|' => cells += 1,
                _ => {}
            }
        }
        cells
    }
}
