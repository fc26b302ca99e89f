//! Renderers: each writes a report into any `io::Write`. They never compute analysis: they
//! read `report` types (and the model types those carry) and nothing from `align`, `diff` or
//! `versions`. Escaping lives in `crate::safe_text`, shared with `interchange`.

pub mod align;
pub mod article;
pub mod brief;
pub mod diff;
pub mod events;
pub mod history;
pub mod page;
pub mod picture;
pub mod timeline;

pub use crate::safe_text::{
    escape_html, escape_markdown_cell, json_bytes, needs_formula_guard, neutralize_csv_cell, push_json_string,
    safe_link, sanitize_terminal, write_json, write_json_line,
};

/// The terminal styles the renderers paint with, as ANSI codes (through anstyle).
pub(crate) mod ansi {
    use anstyle::{AnsiColor, Color, Effects, Style};

    /// Deleted text: red and struck through.
    pub const DELETED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Red))).effects(Effects::STRIKETHROUGH);
    /// Inserted text: green.
    pub const INSERTED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));
    pub const BOLD: Style = Style::new().bold();
    pub const DIM: Style = Style::new().dimmed();
}

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

/// `2 edited, 1 moved`: the counts that are not zero, each with its label, in the order given;
/// `None` when every count is zero.
pub(crate) fn nonzero_counts(counts: &[(usize, &str)]) -> Option<String> {
    let parts: Vec<String> =
        counts.iter().filter(|(count, _)| *count > 0).map(|(count, label)| format!("{count} {label}")).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A table for the terminal in a comfy-table `preset`: fitted to the width, styled only when
/// colour is on.
pub(crate) fn terminal_table(style: &Style, preset: comfy_table::TableStyle) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(preset)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(u16::try_from(style.width).unwrap_or(u16::MAX))
        .force_no_tty();
    if style.color {
        table.enforce_styling();
    }
    table
}

/// Sets the table's header, in bold when colour is on.
pub(crate) fn set_bold_header(table: &mut comfy_table::Table, style: &Style, header: &[&str]) {
    table.set_header(header.iter().map(|name| {
        let cell = comfy_table::Cell::new(name);
        if style.color { cell.add_attribute(comfy_table::Attribute::Bold) } else { cell }
    }));
}

/// `count` and its noun, in agreement: "1 paragraph", "7 paragraphs", "0 events".
pub fn counted(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(1, "paragraph", "paragraphs"), "1 paragraph");
        assert_eq!(counted(0, "paragraph", "paragraphs"), "0 paragraphs");
        assert_eq!(counted(7, "day", "days"), "7 days");
    }
}
