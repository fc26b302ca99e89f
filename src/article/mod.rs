//! bytes -> Article: metadata, paragraphs, sentences, each with its byte span in the
//! original file.

use std::ops::Range;
use std::path::Path;

use crate::error::Result;

/// Inputs larger than this are refused unless the caller raises the limit.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// A loaded article. `source` is the file decoded as UTF-8 exactly as it was (BOM and line
/// ends included), so every span indexes the original bytes.
#[derive(Debug, Clone)]
pub struct Article {
    /// How the user named the file (`-` for standard input).
    pub path: String,
    pub source: String,
    pub metadata: Vec<MetaField>,
    pub paragraphs: Vec<Paragraph>,
}

/// A `Key: value` header line or a front-matter entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaField {
    pub key: String,
    pub value: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// 1-based.
    pub number: usize,
    pub span: Range<usize>,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based within its paragraph.
    pub number: usize,
    pub span: Range<usize>,
}

impl Article {
    /// Reads a file (or standard input for `-`) and parses it.
    pub fn load(path: &Path, max_bytes: u64) -> Result<Article> {
        let _ = (path, max_bytes);
        todo!("article loader")
    }

    /// Parses bytes already read; `path` is only used in messages.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<Article> {
        let _ = (path, bytes);
        todo!("article parser")
    }

    pub fn text(&self, span: &Range<usize>) -> &str {
        &self.source[span.clone()]
    }

    /// The value of the first metadata field with this key (case-insensitive).
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata.iter().find(|field| field.key.eq_ignore_ascii_case(key)).map(|field| field.value.as_str())
    }
}
