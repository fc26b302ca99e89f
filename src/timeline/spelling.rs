//! How a whole number was written. serde_yaml reads `0x7E2`, `0o3742` and `+2018` all as 2018;
//! only the text tells them from `2018`, and a year, or a number taken as text, must be what the
//! file says.

use std::collections::HashMap;

use super::node::Location;

pub(super) struct Spelling<'a> {
    text: &'a str,
    /// Where each line starts (LF, CRLF and a lone CR end lines, as the YAML parser counts),
    /// built on the first look.
    line_starts: Vec<usize>,
    /// The last place looked at and its byte offset: numbers come in document order, so a look
    /// further along the same line goes on from there instead of from the line's start.
    cursor: Option<(Location, usize)>,
    /// What each place held: an alias repeats an earlier place.
    seen: HashMap<Location, Option<String>>,
}

impl<'a> Spelling<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Spelling { text, line_starts: Vec::new(), cursor: None, seen: HashMap::new() }
    }

    /// The whole number at `location` as written, when that is not plain decimal digits with
    /// an optional `-`.
    pub(super) fn odd_integer(&mut self, location: Location) -> Option<String> {
        if let Some(known) = self.seen.get(&location) {
            return known.clone();
        }
        let offset = self.offset(location)?;
        let rest = &self.text[offset..];
        let end = rest.find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#')).unwrap_or(rest.len());
        let written = &rest[..end];
        let digits = written.strip_prefix('-').unwrap_or(written);
        let plain = !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit());
        let odd = (!plain).then(|| written.to_string());
        self.seen.insert(location, odd.clone());
        odd
    }

    fn offset(&mut self, location: Location) -> Option<usize> {
        if self.line_starts.is_empty() {
            self.line_starts = line_starts(self.text);
        }
        let line_start = *self.line_starts.get(location.line.checked_sub(1)?)?;
        let (column, from) = match self.cursor {
            Some((at, offset)) if at.line == location.line && at.column <= location.column => (at.column, offset),
            _ => (1, line_start),
        };
        let skip = location.column.checked_sub(column)?;
        let offset = from + self.text[from..].char_indices().nth(skip).map(|(index, _)| index)?;
        self.cursor = Some((location, offset));
        Some(offset)
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n')) {
            starts.push(index + 1);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    #[test]
    fn numbers_not_written_in_decimal_are_given_as_written() {
        let text = "a: 2018\r\nb: [0x7E2, +2018, -44, 0o3742]\rc: é 12\n";
        let mut spelling = Spelling::new(text);
        assert_eq!(spelling.odd_integer(at(1, 4)), None);
        assert_eq!(spelling.odd_integer(at(2, 5)).as_deref(), Some("0x7E2"));
        assert_eq!(spelling.odd_integer(at(2, 12)).as_deref(), Some("+2018"));
        assert_eq!(spelling.odd_integer(at(2, 19)), None);
        assert_eq!(spelling.odd_integer(at(2, 24)).as_deref(), Some("0o3742"));
        // Back to an earlier place (an alias), then a line after a lone CR, past a wide character.
        assert_eq!(spelling.odd_integer(at(2, 5)).as_deref(), Some("0x7E2"));
        assert_eq!(spelling.odd_integer(at(3, 6)), None);
        assert_eq!(spelling.odd_integer(at(9, 1)), None);
    }
}
