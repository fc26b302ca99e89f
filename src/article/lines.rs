//! Physical lines of a text, with LF, CRLF and lone CR all accepted as line ends.

/// One line: `start..end` is its content, `next` is where the following line starts
/// (after the terminator). All three are byte offsets into the whole text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

impl Line {
    pub fn text(self, source: &str) -> &str {
        // Line ends are ASCII, so `start` and `end` always fall on char boundaries.
        source.get(self.start..self.end).unwrap_or_default()
    }
}

/// Iterates over the lines of `source` from byte `position`. An iterator rather than a
/// vector so a file of millions of empty lines costs no memory per line.
#[derive(Debug, Clone)]
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Lines<'a> {
    pub fn from(source: &'a str, position: usize) -> Self {
        Lines { bytes: source.as_bytes(), position }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let start = self.position;
        let rest = self.bytes.get(start..).filter(|rest| !rest.is_empty())?;
        let line = match line_end(rest) {
            None => Line { start, end: self.bytes.len(), next: self.bytes.len() },
            Some(length) => {
                let end = start + length;
                let crlf = self.bytes[end] == b'\r' && self.bytes.get(end + 1) == Some(&b'\n');
                Line { start, end, next: end + if crlf { 2 } else { 1 } }
            }
        };
        self.position = line.next;
        Some(line)
    }
}

/// The position of the first `\n` or `\r` in `bytes`: most of the cost of splitting a text,
/// since lines are long next to the work done per line, so it is memchr's vectorized search.
fn line_end(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// A line holding nothing but whitespace (Unicode White_Space) counts as blank.
pub(super) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// The span of `start..end` in `source` without leading and trailing whitespace.
pub(super) fn trimmed(source: &str, start: usize, end: usize) -> (usize, usize) {
    let text = source.get(start..end).unwrap_or_default();
    let without_leading = text.trim_start();
    let leading = text.len() - without_leading.len();
    (start + leading, start + leading + without_leading.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<&str> {
        Lines::from(source, 0).map(|line| line.text(source)).collect()
    }

    #[test]
    fn line_ends_are_found_at_every_position_of_a_word() {
        for length in 0..40 {
            for end in 0..length {
                for terminator in [b'\n', b'\r'] {
                    let mut bytes = vec![b'a'; length];
                    bytes[end] = terminator;
                    if end + 1 < length {
                        bytes[end + 1] = b'\n';
                    }
                    assert_eq!(line_end(&bytes), Some(end), "{length} {end}");
                }
            }
            let no_line_end: Vec<u8> = [0x8a, 0x8d, 0x0b, 0xe2].into_iter().cycle().take(length).collect();
            assert_eq!(line_end(&no_line_end), None);
        }
    }

    #[test]
    fn accepts_lf_crlf_and_lone_cr() {
        assert_eq!(texts("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(texts("a\r\n\r\nb\n"), ["a", "", "b"]);
        assert_eq!(texts("a\r\r\nb"), ["a", "", "b"]);
    }

    #[test]
    fn next_points_past_the_terminator() {
        let lines: Vec<Line> = Lines::from("ab\r\ncd", 0).collect();
        assert_eq!(lines, [Line { start: 0, end: 2, next: 4 }, Line { start: 4, end: 6, next: 6 }]);
    }

    #[test]
    fn empty_text_has_no_lines() {
        assert!(texts("").is_empty());
        assert_eq!(Lines::from("abc", 3).count(), 0);
        assert_eq!(Lines::from("abc", 7).count(), 0);
    }

    #[test]
    fn blank_means_only_whitespace() {
        assert!(is_blank(""));
        assert!(is_blank(" \t\u{a0}\u{3000}"));
        assert!(!is_blank("  x "));
    }

    #[test]
    fn trimmed_drops_surrounding_whitespace() {
        assert_eq!(trimmed("  ab c \t", 0, 8), (2, 6));
        assert_eq!(trimmed("   ", 0, 3), (3, 3));
    }
}
