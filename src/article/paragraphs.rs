//! Paragraph boundaries: blank lines, and lines that open a Markdown block (heading, list
//! item, block quote). A document with no blank lines has one paragraph per line.

use std::ops::Range;

use super::lines::{Lines, is_blank, trimmed};

/// How a line begins, as far as paragraph boundaries care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    Text,
    Heading,
    Bullet,
    /// An ordered list item; `true` when its number is 1, the only one that may interrupt
    /// running text (so "in\n2018. Then" stays one paragraph).
    Numbered(bool),
    Quote,
}

/// How `line` (without its leading whitespace) opens.
fn opening(line: &str) -> Opening {
    let bytes = line.as_bytes();
    let followed_by_space = |index: usize| bytes.get(index).is_none_or(|byte| *byte == b' ' || *byte == b'\t');
    match bytes.first() {
        Some(b'#') => {
            let level = bytes.iter().take_while(|&&byte| byte == b'#').count();
            if level <= 6 && followed_by_space(level) { Opening::Heading } else { Opening::Text }
        }
        Some(b'-' | b'*' | b'+') if bytes.len() > 1 && followed_by_space(1) => Opening::Bullet,
        Some(b'>') => Opening::Quote,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|byte| byte.is_ascii_digit()).count();
            let marker = matches!(bytes.get(digits), Some(b'.' | b')'));
            if digits <= 9 && marker && bytes.len() > digits + 1 && followed_by_space(digits + 1) {
                Opening::Numbered(line[..digits].trim_start_matches('0') == "1")
            } else {
                Opening::Text
            }
        }
        _ => Opening::Text,
    }
}

/// The spans of the paragraphs of `source` from byte `start`, trimmed of whitespace.
pub(super) fn spans(source: &str, start: usize) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if !has_blank_separator(source, start) {
        for line in Lines::from(source, start) {
            let (from, to) = trimmed(source, line.start, line.end);
            if from < to {
                spans.push(from..to);
            }
        }
        return spans;
    }
    // The paragraph being built, how it opened, and how its last line opened.
    let mut current: Option<(Range<usize>, Opening, Opening)> = None;
    for line in Lines::from(source, start) {
        // Trimmed once: an empty result is a blank line, and the opening is read after the
        // leading whitespace (with the trailing whitespace kept: "- " opens a list item).
        let (from, to) = trimmed(source, line.start, line.end);
        if from >= to {
            spans.extend(current.take().map(|(span, _, _)| span));
            continue;
        }
        let kind = opening(&source[from..line.end]);
        let starts_new = match (&current, kind) {
            (None, _) => true,
            (Some((_, Opening::Heading, _)), _) => true,
            (_, Opening::Heading | Opening::Bullet) => true,
            (Some((_, first, _)), Opening::Numbered(is_one)) => is_one || matches!(first, Opening::Numbered(_)),
            (Some((_, _, last)), Opening::Quote) => *last != Opening::Quote,
            (_, Opening::Text) => false,
        };
        match &mut current {
            Some((span, _, last)) if !starts_new => {
                span.end = to;
                *last = kind;
            }
            _ => {
                spans.extend(current.take().map(|(span, _, _)| span));
                current = Some((from..to, kind, kind));
            }
        }
    }
    spans.extend(current.map(|(span, _, _)| span));
    spans
}

/// Whether a blank line separates two non-blank lines (leading and trailing blank lines
/// do not count).
fn has_blank_separator(source: &str, start: usize) -> bool {
    let mut seen_text = false;
    let mut blank_after_text = false;
    for line in Lines::from(source, start) {
        if is_blank(line.text(source)) {
            blank_after_text |= seen_text;
        } else if blank_after_text {
            return true;
        } else {
            seen_text = true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<&str> {
        spans(source, 0).into_iter().map(|span| &source[span]).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_lines_inside_are_soft() {
        let source = "\n  First line\nwraps here.  \n\n \t \nSecond\r\nparagraph.\r\n\r\n\r\n";
        assert_eq!(texts(source), ["First line\nwraps here.", "Second\r\nparagraph."]);
    }

    #[test]
    fn lone_cr_line_ends() {
        assert_eq!(texts("One\rtwo\r\rThree\r"), ["One\rtwo", "Three"]);
    }

    #[test]
    fn without_blank_lines_every_line_is_a_paragraph() {
        assert_eq!(texts("\nOne.\nTwo  \n   \n"), ["One.", "Two"]);
        assert_eq!(texts("One.\r\nTwo.\r\n\r\n"), ["One.", "Two."]);
    }

    #[test]
    fn headings_stand_alone() {
        let source = "# Title\nIntro text\ncontinues.\n\n## Part two\n#hashtag is text\n####### seven is text\n";
        assert_eq!(
            texts(source),
            ["# Title", "Intro text\ncontinues.", "## Part two", "#hashtag is text\n####### seven is text"]
        );
    }

    #[test]
    fn list_items_start_paragraphs() {
        let source = "Points:\n- one\n  wrapped\n* two\n+ three\n-not a bullet\n\n1. first\n2) second\n10. tenth\n";
        assert_eq!(
            texts(source),
            ["Points:", "- one\n  wrapped", "* two", "+ three\n-not a bullet", "1. first", "2) second", "10. tenth"]
        );
    }

    #[test]
    fn numbers_ending_a_wrapped_line_are_not_list_items() {
        let source = "It happened in\n2018. Then more\n2. still the same.\n\nNext.";
        assert_eq!(texts(source), ["It happened in\n2018. Then more\n2. still the same.", "Next."]);
    }

    #[test]
    fn a_block_quote_is_one_paragraph() {
        let source = "He said:\n> one line\n> and another\nlazily continued\n\n> second quote\n";
        assert_eq!(texts(source), ["He said:", "> one line\n> and another\nlazily continued", "> second quote"]);
    }

    #[test]
    fn only_blank_lines_or_nothing() {
        assert!(texts("").is_empty());
        assert!(texts("\n\r\n \t\n").is_empty());
    }

    #[test]
    fn opening_kinds() {
        assert_eq!(opening("#"), Opening::Heading);
        assert_eq!(opening("-"), Opening::Text);
        assert_eq!(opening("- x"), Opening::Bullet);
        assert_eq!(opening("*emphasis*"), Opening::Text);
        assert_eq!(opening("01. x"), Opening::Numbered(true));
        assert_eq!(opening("1234567890. x"), Opening::Text);
        assert_eq!(opening("3.5 percent"), Opening::Text);
        assert_eq!(opening(">quote"), Opening::Quote);
    }
}
