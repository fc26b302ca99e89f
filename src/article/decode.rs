//! Raw bytes -> UTF-8 text, refusing binary files and reporting where decoding fails.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::error::{Error, Problem, Result};

pub(super) const BOM: &str = "\u{feff}";

/// Turns `bytes` into text, refusing anything but UTF-8. `label` names the input in messages.
pub(super) fn decode(label: &str, bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Error::problem(label, "is UTF-16 encoded (byte order mark at offset 0); save it as UTF-8"));
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        let (line, column) = line_and_column(&bytes, offset);
        let message = format!("is a binary file (NUL byte at offset {offset}); dossier reads UTF-8 text");
        return Err(Error::Problems(vec![Problem::at(label, line, column, message)]));
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let (line, column) = line_and_column(bytes, offset);
        let bad = bytes.get(offset).copied().unwrap_or_default();
        let message = format!("is not valid UTF-8: byte 0x{bad:02X} at offset {offset}; save the file as UTF-8");
        Error::Problems(vec![Problem::at(label, line, column, message)])
    })
}

/// 1-based line and column (in characters) of byte `offset`, with LF, CRLF and lone CR as
/// line ends. A byte that is not a UTF-8 continuation byte starts a character.
fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let mut line = 1;
    let mut line_start = 0;
    for (index, &byte) in before.iter().enumerate() {
        let ends_line = byte == b'\n' || (byte == b'\r' && before.get(index + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = index + 1;
        }
    }
    let column = 1 + before[line_start..].iter().filter(|&&byte| byte & 0xc0 != 0x80).count();
    (line, column)
}

/// Reads at most `max_bytes` from `reader`; one byte more means the input is too large.
/// `expected` is the size the caller knows of (a file's length), so the buffer is allocated
/// once rather than doubled and copied as it fills.
pub(super) fn read_limited(label: &str, reader: impl Read, max_bytes: u64, expected: u64) -> Result<Vec<u8>> {
    let bytes = read_through_limit(reader, max_bytes, expected)
        .map_err(|source| Error::Io { path: label.to_string(), source })?;
    if bytes.len() as u64 > max_bytes && memchr::memchr(0, &bytes).is_none() {
        return Err(too_large(label, None, max_bytes));
    }
    Ok(bytes)
}

/// How much is read before the next look for a NUL byte.
const CHUNK_BYTES: u64 = 64 * 1024;

/// Reads `reader` up to one byte past `max_bytes`, or only up to the chunk that holds its first
/// NUL byte: such an input is binary whatever follows, so `/dev/zero` or `/dev/urandom` is
/// refused after 64 KiB instead of being held to the limit.
pub(crate) fn read_through_limit(reader: impl Read, max_bytes: u64, expected: u64) -> io::Result<Vec<u8>> {
    // One byte more than expected lets the read see the end without growing the buffer.
    let capacity = usize::try_from(expected.min(max_bytes).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    let mut limited = reader.take(max_bytes.saturating_add(1));
    loop {
        let start = bytes.len();
        if (&mut limited).take(CHUNK_BYTES).read_to_end(&mut bytes)? == 0 {
            return Ok(bytes);
        }
        if memchr::memchr(0, &bytes[start..]).is_some() {
            return Ok(bytes);
        }
    }
}

/// The files this run has read, by canonical path: `-o` must not replace one of them.
static READ_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Notes that `path` is one of the run's inputs.
pub fn remember_input(path: &Path) {
    if let Ok(canonical) = path.canonicalize() {
        READ_FILES.lock().unwrap_or_else(PoisonError::into_inner).push(canonical);
    }
}

/// True when `path` names a file this run has read (through any symlink).
pub fn was_read(path: &Path) -> bool {
    let Ok(canonical) = path.canonicalize() else { return false };
    READ_FILES.lock().unwrap_or_else(PoisonError::into_inner).contains(&canonical)
}

pub(super) fn too_large(label: &str, size: Option<u64>, max_bytes: u64) -> Error {
    let size = match size {
        Some(size) => format!("{size} bytes"),
        None => "more than that".to_string(),
    };
    Error::problem(
        label,
        format!("input is larger than the limit of {max_bytes} bytes ({size}); raise it with --max-input-bytes"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(label: &str, bytes: &[u8]) -> Result<String> {
        super::decode(label, bytes.to_vec())
    }

    fn problem(result: Result<String>) -> Problem {
        match result {
            Err(Error::Problems(problems)) if problems.len() == 1 => problems[0].clone(),
            other => panic!("expected one problem, got {other:?}"),
        }
    }

    #[test]
    fn accepts_utf8_as_is() {
        assert_eq!(decode("a.txt", "\u{feff}Zürich 北京\r\n".as_bytes()).unwrap(), "\u{feff}Zürich 北京\r\n");
        assert_eq!(decode("a.txt", b"").unwrap(), "");
    }

    #[test]
    fn invalid_utf8_names_offset_line_and_column() {
        let problem = problem(decode("a.txt", b"first\r\nsecond\rl\xc3\xa9t\xe9 x"));
        assert_eq!((problem.path.as_str(), problem.line, problem.column), ("a.txt", Some(3), Some(4)));
        assert!(problem.message.contains("offset 18"), "{}", problem.message);
        assert!(problem.message.contains("0xE9"), "{}", problem.message);
    }

    #[test]
    fn truncated_sequence_at_the_end_is_reported() {
        let problem = problem(decode("a.txt", b"ok \xe2\x80"));
        assert_eq!((problem.line, problem.column), (Some(1), Some(4)));
        assert!(problem.message.contains("offset 3"), "{}", problem.message);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let problem = problem(decode("a.bin", b"text\nab\0cd"));
        assert_eq!((problem.line, problem.column), (Some(2), Some(3)));
        assert!(problem.message.contains("binary") && problem.message.contains("offset 7"), "{}", problem.message);
    }

    #[test]
    fn binary_wins_over_invalid_utf8() {
        assert!(problem(decode("a.png", b"\x89PNG\r\n\x1a\n\0\0")).message.contains("binary"));
    }

    #[test]
    fn utf16_is_named() {
        assert!(problem(decode("a.txt", b"\xff\xfeh\0i\0")).message.contains("UTF-16"));
    }

    #[test]
    fn read_limited_refuses_past_the_limit() {
        assert_eq!(read_limited("-", &b"12345"[..], 5, 0).unwrap(), b"12345");
        let error = read_limited("-", &b"123456"[..], 5, 0).unwrap_err().to_string();
        assert!(error.contains("limit of 5 bytes") && error.contains("--max-input-bytes"), "{error}");
    }
}
