//! Metadata before the first paragraph: YAML front matter (`---` ... `---`) and
//! `Key: value` header lines such as `Authors: Wang Li & Nodir Boboev`.

use super::MetaField;
use super::lines::{Line, Lines, is_blank};

/// Words that mark a header line as metadata. A block of header lines counts only when at
/// least one key contains one of these, so a first sentence like "Note: ..." stays text.
const KNOWN_KEY_WORDS: &[&str] = &[
    "author",
    "authors",
    "by",
    "byline",
    "title",
    "subtitle",
    "headline",
    "date",
    "dated",
    "published",
    "updated",
    "modified",
    "source",
    "publisher",
    "publication",
    "outlet",
    "url",
    "link",
    "tags",
    "keywords",
    "category",
    "language",
    "summary",
    "description",
    "translator",
    "editor",
    "section",
    "version",
    "revision",
];

/// Longest key a header line may have, in bytes.
const MAX_KEY_BYTES: usize = 30;
/// A known key's value may be a long list of authors; an unknown key's must be short.
const MAX_KNOWN_VALUE_BYTES: usize = 300;
const MAX_UNKNOWN_VALUE_BYTES: usize = 80;

/// Reads the metadata starting at byte `start`; returns the fields and where the body begins.
pub(super) fn parse(source: &str, start: usize) -> (Vec<MetaField>, usize) {
    let mut fields = Vec::new();
    let mut body_start = start;
    if let Some((front_matter, after)) = front_matter(source, start) {
        fields = front_matter;
        body_start = after;
    }
    if let Some((headers, after)) = header_block(source, body_start) {
        fields.extend(headers);
        body_start = after;
    }
    (fields, body_start)
}

/// `---` on the very first line, simple `key: value` lines, and a closing `---` (or `...`).
/// Anything that does not look like YAML means the `---` was a rule in the text, not
/// front matter.
fn front_matter(source: &str, start: usize) -> Option<(Vec<MetaField>, usize)> {
    let mut lines = Lines::from(source, start);
    if lines.next()?.text(source).trim_end() != "---" {
        return None;
    }
    let mut fields: Vec<MetaField> = Vec::new();
    // Set while a `key:` with no value collects the `- item` lines below it.
    let mut open_list: Option<usize> = None;
    for line in lines {
        let text = line.text(source);
        let trimmed = text.trim();
        if text.trim_end() == "---" || text.trim_end() == "..." {
            return Some((fields, line.next));
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ").or(if trimmed == "-" { Some("") } else { None }) {
            if let Some(field) = open_list.and_then(|index| fields.get_mut(index)) {
                let item = yaml_scalar(item);
                if !field.value.is_empty() {
                    field.value.push_str(", ");
                }
                field.value.push_str(item);
                field.span.end = line.start + text.trim_end().len();
            }
            continue;
        }
        if text.starts_with([' ', '\t']) {
            // A nested value belongs to the key above it, as written, so a change in it is one.
            if let Some(field) = fields.last_mut() {
                if !field.value.is_empty() {
                    field.value.push_str("; ");
                }
                field.value.push_str(trimmed);
                field.span.end = line.start + text.trim_end().len();
            }
            continue;
        }
        let (key, value) = yaml_key_value(trimmed)?;
        open_list = if value.is_empty() { Some(fields.len()) } else { None };
        fields.push(MetaField {
            key: key.to_string(),
            value: value.to_string(),
            span: line.start..line.start + text.trim_end().len(),
        });
    }
    None
}

fn yaml_key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = match line.strip_suffix(':') {
        Some(key) if !key.contains(": ") => (key, ""),
        _ => line.split_once(": ")?,
    };
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() || key.starts_with(['-', '[', '{']) {
        return None;
    }
    let value = yaml_scalar(value.trim());
    let value = value.strip_prefix('[').and_then(|inner| inner.strip_suffix(']')).unwrap_or(value);
    Some((key, value.trim()))
}

/// A plain or quoted scalar: quotes removed, a trailing ` # comment` dropped when unquoted.
fn yaml_scalar(value: &str) -> &str {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|rest| rest.strip_suffix(quote)) {
            return inner;
        }
    }
    value.split_once(" #").map_or(value, |(before, _)| before.trim_end())
}

/// A run of `Key: value` lines after any leading blank lines, ending at a blank line or at
/// the first line that is not a header.
fn header_block(source: &str, start: usize) -> Option<(Vec<MetaField>, usize)> {
    let mut fields = Vec::new();
    let mut any_known = false;
    let mut end = start;
    for line in Lines::from(source, start) {
        let text = line.text(source);
        if is_blank(text) {
            if fields.is_empty() {
                continue;
            }
            break;
        }
        let Some((field, known)) = header_field(source, line) else { break };
        any_known |= known;
        fields.push(field);
        end = line.next;
    }
    any_known.then_some((fields, end))
}

/// A header line: one or two words, the first capitalised, then `: ` and a value.
fn header_field(source: &str, line: Line) -> Option<(MetaField, bool)> {
    let text = line.text(source).trim_end();
    let head = text.get(..text.len().min(MAX_KEY_BYTES + 2)).or_else(|| {
        let cut = (0..=MAX_KEY_BYTES + 2).rev().find(|&index| text.is_char_boundary(index))?;
        text.get(..cut)
    })?;
    let colon = head.find(':')?;
    let key = &text[..colon];
    let value = text[colon + 1..].strip_prefix([' ', '\t'])?.trim();
    let words: Vec<&str> = key.split(' ').collect();
    let well_formed = (1..=2).contains(&words.len())
        && words.iter().all(|word| !word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == '-'))
        && key.chars().next().is_some_and(char::is_uppercase);
    if !well_formed || value.is_empty() {
        return None;
    }
    let known = words.iter().any(|word| KNOWN_KEY_WORDS.contains(&word.to_lowercase().as_str()));
    let limit = if known { MAX_KNOWN_VALUE_BYTES } else { MAX_UNKNOWN_VALUE_BYTES };
    if value.len() > limit {
        return None;
    }
    let field = MetaField { key: key.to_string(), value: value.to_string(), span: line.start..line.start + text.len() };
    Some((field, known))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_and_values(fields: &[MetaField]) -> Vec<(&str, &str)> {
        fields.iter().map(|field| (field.key.as_str(), field.value.as_str())).collect()
    }

    #[test]
    fn header_lines_before_the_text() {
        let source = "Authors: Wang Li & Nodir Boboev\nDate: 2018-04-10\nSince 1992, China: a partner.";
        let (fields, body) = parse(source, 0);
        assert_eq!(keys_and_values(&fields), [("Authors", "Wang Li & Nodir Boboev"), ("Date", "2018-04-10")]);
        assert_eq!(&source[fields[1].span.clone()], "Date: 2018-04-10");
        assert_eq!(&source[body..], "Since 1992, China: a partner.");
    }

    #[test]
    fn two_word_and_unknown_keys_ride_along_with_a_known_one() {
        let source = "\n\nTitle: Partners\nOriginal Source: East Asia Forum\nSeries: Views\n\nText.";
        let (fields, body) = parse(source, 0);
        assert_eq!(
            keys_and_values(&fields),
            [("Title", "Partners"), ("Original Source", "East Asia Forum"), ("Series", "Views")]
        );
        assert_eq!(&source[body..], "\nText.");
    }

    #[test]
    fn an_ordinary_first_sentence_with_a_colon_is_not_metadata() {
        for source in [
            "Note: this matters a great deal.\nMore text.",
            "In short: China and Russia need each other.",
            "The lesson of 2018: partners are not allies.",
            "Warning:no space after the colon.",
            "Beijing and Moscow: a new era. Title: not a header.",
            "title: lowercase keys are prose",
            "Source:",
        ] {
            let (fields, body) = parse(source, 0);
            assert!(fields.is_empty(), "{source:?} gave {fields:?}");
            assert_eq!(body, 0);
        }
    }

    #[test]
    fn a_known_key_with_a_paragraph_for_a_value_is_text() {
        let source = format!("Source: {}\n", "word ".repeat(80));
        assert!(parse(&source, 0).0.is_empty());
    }

    #[test]
    fn front_matter_with_quotes_lists_and_comments() {
        let source = "---\ntitle: \"China & Russia\"\n# a comment\nauthors:\n  - Wang Li\n  - 'Nodir Boboev'\ntags: [a, b]\nurl: https://example.org/a#frag # where\nnested:\n  key: value\n---\nText.\n";
        let (fields, body) = parse(source, 0);
        assert_eq!(
            keys_and_values(&fields),
            [
                ("title", "China & Russia"),
                ("authors", "Wang Li, Nodir Boboev"),
                ("tags", "a, b"),
                ("url", "https://example.org/a#frag"),
                ("nested", "key: value"),
            ]
        );
        assert_eq!(&source[fields[1].span.clone()], "authors:\n  - Wang Li\n  - 'Nodir Boboev'");
        assert_eq!(&source[body..], "Text.\n");
    }

    #[test]
    fn nested_front_matter_values_belong_to_their_key() {
        let source = "---\ntitle: Docs\nversions:\n  free-pro-team: '*'\n  enterprise-server:\n    - '>=2.20'\nlayout: page\n---\nText.";
        let (fields, _) = parse(source, 0);
        assert_eq!(
            keys_and_values(&fields),
            [("title", "Docs"), ("versions", "free-pro-team: '*'; enterprise-server:, >=2.20"), ("layout", "page")]
        );
    }

    #[test]
    fn front_matter_then_header_lines() {
        let source = "---\r\ntitle: T\r\n...\r\nDate: 2018\r\n\r\nText.";
        let (fields, body) = parse(source, 0);
        assert_eq!(keys_and_values(&fields), [("title", "T"), ("Date", "2018")]);
        assert_eq!(&source[body..], "\r\nText.");
    }

    #[test]
    fn a_rule_that_is_not_front_matter_stays_text() {
        for source in ["---\nJust a paragraph after a rule.\n---\n", "---\ntitle: never closed\n", " ---\na: b\n---\n"]
        {
            let (fields, body) = parse(source, 0);
            assert!(fields.is_empty(), "{source:?} gave {fields:?}");
            assert_eq!(body, 0);
        }
    }

    #[test]
    fn long_first_lines_without_a_colon_are_cheap_and_safe() {
        let source = format!("Ä{}", "é".repeat(100));
        assert!(parse(&source, 0).0.is_empty());
    }
}
