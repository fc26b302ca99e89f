//! Paragraph boundaries: blank lines, and lines that open a Markdown block (heading, list
//! item, block quote). A document with no blank lines is either hard-wrapped prose, whose
//! lines are joined into paragraphs where a line ends short, or one paragraph per line.

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
        let lines: Vec<(usize, usize)> = Lines::from(source, start)
            .map(|line| trimmed(source, line.start, line.end))
            .filter(|(from, to)| from < to)
            .collect();
        match wrap_width(source, &lines) {
            Some(width) => return wrapped_paragraphs(source, &lines, width),
            None => return lines.into_iter().map(|(from, to)| from..to).collect(),
        }
    }
    // The paragraph being built, how it opened, and how its last line opened.
    let mut current: Option<(Range<usize>, Opening, Opening)> = None;
    // The fenced code block being read: its fence's character and length.
    let mut open_fence: Option<(u8, usize)> = None;
    for line in Lines::from(source, start) {
        // Trimmed once: an empty result is a blank line, and the opening is read after the
        // leading whitespace (with the trailing whitespace kept: "- " opens a list item).
        let (from, to) = trimmed(source, line.start, line.end);
        // The first character decides whether a line can be a fence or a bare quote marker:
        // checked first, since most lines are neither.
        let first = source.as_bytes().get(from).copied().filter(|_| from < to);
        if let Some((fence_char, fence_len)) = open_fence {
            // Code keeps every line, blank or `#` or `- `, until its closing fence.
            if let Some((span, _, _)) = &mut current
                && from < to
            {
                span.end = to;
            }
            if fence(line.text(source)).is_some_and(|(c, len)| c == fence_char && len >= fence_len)
                && source[from..to].bytes().all(|byte| byte == fence_char)
            {
                spans.extend(current.take().map(|(span, _, _)| span));
                open_fence = None;
            }
            continue;
        }
        if let Some(opened) = first.filter(|&byte| byte == b'`' || byte == b'~').and_then(|_| fence(line.text(source)))
        {
            spans.extend(current.take().map(|(span, _, _)| span));
            current = Some((from..to, Opening::Text, Opening::Text));
            open_fence = Some(opened);
            continue;
        }
        if from >= to {
            spans.extend(current.take().map(|(span, _, _)| span));
            continue;
        }
        // A quote's `>` line with nothing after it ends the quoted paragraph it closes (its
        // marker is layout, kept with the paragraph so no byte is lost).
        if first == Some(b'>') && source[from..to].bytes().all(|byte| byte == b'>' || byte.is_ascii_whitespace()) {
            let span = current.take().map_or(from..to, |(span, _, _)| span.start..to);
            spans.push(span);
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

/// The fence that opens or closes a fenced code block (three or more backticks or tildes,
/// indented at most three spaces): its character and length.
fn fence(line: &str) -> Option<(u8, usize)> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let fence_char = *rest.as_bytes().first().filter(|&&byte| byte == b'`' || byte == b'~')?;
    let length = rest.bytes().take_while(|&byte| byte == fence_char).count();
    (length >= 3).then_some((fence_char, length))
}

/// Fewest lines, and narrowest and widest line width, of a text read as hard-wrapped.
const MIN_WRAPPED_LINES: usize = 4;
const MIN_WRAP_WIDTH: usize = 30;
const MAX_WRAP_WIDTH: usize = 160;

/// A line's width in characters from the start of its line (indentation counts, as it does for
/// the tool that wrapped it), and the width of its first word.
fn widths(source: &str, (from, to): (usize, usize)) -> (usize, usize) {
    let line_start = source[..from].rfind(['\n', '\r']).map_or(0, |at| at + 1);
    let text = &source[from..to];
    let first_word = text.split(char::is_whitespace).next().unwrap_or_default();
    (source[line_start..to].chars().count(), first_word.chars().count())
}

/// Whether a line was ended by the wrapping rather than by its author: the next line's first
/// word would not have fit after it. Wrappers that balance lines (fmt) stop short of the width,
/// hence the slack of an eighth.
fn ends_by_wrapping(line_width: usize, next_first_word: usize, width: usize) -> bool {
    line_width + 1 + next_first_word > width - width / 8
}

/// The width a text without blank lines was wrapped at, when it was: most of its lines end
/// where the next word would not have fit. A text with one paragraph per line has lines of
/// every length, most far from its widest.
fn wrap_width(source: &str, lines: &[(usize, usize)]) -> Option<usize> {
    if lines.len() < MIN_WRAPPED_LINES {
        return None;
    }
    let measured: Vec<(usize, usize)> = lines.iter().map(|&line| widths(source, line)).collect();
    let mut line_widths: Vec<usize> = measured.iter().map(|&(width, _)| width).collect();
    line_widths.sort_unstable();
    // The widest line, but one in a hundred may be an over-long word (a URL) past the width.
    let width = line_widths[line_widths.len() - 1 - line_widths.len() / 100];
    if !(MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH).contains(&width) {
        return None;
    }
    let wrapped = measured.windows(2).filter(|pair| ends_by_wrapping(pair[0].0, pair[1].1, width)).count();
    (2 * wrapped >= lines.len() - 1).then_some(width)
}

/// The paragraphs of hard-wrapped lines: a paragraph ends at a line the wrapping did not end,
/// before a line that opens a Markdown block or is indented deeper (a first-line indent), and
/// after a heading.
fn wrapped_paragraphs(source: &str, lines: &[(usize, usize)], width: usize) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let indent = |(from, _): (usize, usize)| widths(source, (from, from)).0;
    for (index, &line) in lines.iter().enumerate() {
        let span = current.get_or_insert(line.0..line.1);
        span.end = line.1;
        let Some(&next) = lines.get(index + 1) else { break };
        let ends_here = !ends_by_wrapping(widths(source, line).0, widths(source, next).1, width)
            || opening(&source[line.0..line.1]) == Opening::Heading
            || opening(&source[next.0..next.1]) != Opening::Text
            || indent(next) > indent(line);
        if ends_here {
            spans.extend(current.take());
        }
    }
    spans.extend(current);
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
    fn hard_wrapped_lines_without_blank_lines_join_into_paragraphs() {
        let source = "The first paragraph runs on over several lines of\nabout fifty characters each, as fold -s leaves\ntext. It ends here.\nThe second one starts on a new line and also runs\nover more than one line before it ends.\n    An indented third paragraph starts with an\nindent and says little.\n- a list item\n";
        assert_eq!(
            texts(source),
            [
                "The first paragraph runs on over several lines of\nabout fifty characters each, as fold -s leaves\ntext. It ends here.",
                "The second one starts on a new line and also runs\nover more than one line before it ends.",
                "An indented third paragraph starts with an\nindent and says little.",
                "- a list item",
            ]
        );
    }

    #[test]
    fn lines_of_every_length_are_one_paragraph_each() {
        let source = "Title\nA long first paragraph that goes on and on, well past any width a wrapping tool would use, and keeps going.\nShort one.\nAnother paragraph of middling length, on its own line.\nEnd.\n";
        assert_eq!(texts(source).len(), 5);
    }

    #[test]
    fn fenced_code_is_one_paragraph_with_its_blank_and_marker_lines() {
        let source = "Run this:\n\n```sh\n# a comment\n\n- not a list\n  indented\n```\n\nAfter.\n\n~~~~\n```\nstill code\n~~~~\n";
        assert_eq!(
            texts(source),
            [
                "Run this:",
                "```sh\n# a comment\n\n- not a list\n  indented\n```",
                "After.",
                "~~~~\n```\nstill code\n~~~~"
            ]
        );
    }

    #[test]
    fn a_quote_has_a_paragraph_per_quoted_paragraph() {
        let source = "Intro.\n\n> First quoted\n> paragraph.\n>\n> Second one.\n";
        assert_eq!(texts(source), ["Intro.", "> First quoted\n> paragraph.\n>", "> Second one."]);
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
