//! bytes -> Article: metadata, paragraphs, sentences, each with its byte span in the
//! original file.

mod decode;
mod lines;
mod metadata;
mod paragraphs;
mod sentences;

use std::fs::File;
use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Result};

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
    /// Files larger than `max_bytes` are refused before they are read; standard input is
    /// refused as soon as it goes past the limit.
    pub fn load(path: &Path, max_bytes: u64) -> Result<Article> {
        if path == Path::new("-") {
            let bytes = decode::read_limited(STDIN_LABEL, std::io::stdin().lock(), max_bytes)?;
            return Article::parse("-", &bytes);
        }
        let label = path.display().to_string();
        let info = std::fs::metadata(path).map_err(|source| Error::io(path, source))?;
        if info.is_dir() {
            return Err(Error::problem(label, "is a directory, not an article file"));
        }
        if info.len() > max_bytes {
            return Err(decode::too_large(&label, Some(info.len()), max_bytes));
        }
        let file = File::open(path).map_err(|source| Error::io(path, source))?;
        // Read through the limit too: the file may grow, or be a pipe that reports no size.
        let bytes = decode::read_limited(&label, file, max_bytes)?;
        Article::parse(&label, &bytes)
    }

    /// Parses bytes already read; `path` is only used in messages.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<Article> {
        let label = if path == "-" { STDIN_LABEL } else { path };
        let source = decode::decode(label, bytes)?;
        let text_start = if source.starts_with(decode::BOM) { decode::BOM.len() } else { 0 };
        let (metadata, body_start) = metadata::parse(source, text_start);
        let paragraphs = paragraphs::spans(source, body_start)
            .into_iter()
            .enumerate()
            .map(|(index, span)| {
                let sentences = sentences::spans(&source[span.clone()])
                    .into_iter()
                    .enumerate()
                    .map(|(index, relative)| Sentence {
                        number: index + 1,
                        span: span.start + relative.start..span.start + relative.end,
                    })
                    .collect();
                Paragraph { number: index + 1, span, sentences }
            })
            .collect();
        Ok(Article { path: path.to_string(), source: source.to_string(), metadata, paragraphs })
    }

    pub fn text(&self, span: &Range<usize>) -> &str {
        &self.source[span.clone()]
    }

    /// The text of `span` with every run of whitespace (line breaks included) collapsed to
    /// one space and none at either end: a re-wrapped paragraph gives the same string.
    pub fn normalized_text(&self, span: &Range<usize>) -> String {
        collapse_whitespace(self.text(span))
    }

    /// The paragraph with this 1-based number.
    pub fn paragraph(&self, number: usize) -> Option<&Paragraph> {
        number.checked_sub(1).and_then(|index| self.paragraphs.get(index))
    }

    /// The paragraph and sentence holding byte `offset`. Whitespace between two sentences
    /// belongs to the earlier one; an offset outside every paragraph (metadata, blank
    /// lines) gives `None`.
    pub fn locate(&self, offset: usize) -> Option<(&Paragraph, &Sentence)> {
        let paragraph = containing(&self.paragraphs, offset, |paragraph| &paragraph.span)?;
        let sentence = containing(&paragraph.sentences, offset, |sentence| &sentence.span)
            .or_else(|| paragraph.sentences.iter().take_while(|sentence| sentence.span.start <= offset).last())?;
        Some((paragraph, sentence))
    }

    /// The value of the first metadata field with this key (case-insensitive).
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata.iter().find(|field| field.key.eq_ignore_ascii_case(key)).map(|field| field.value.as_str())
    }
}

/// How standard input is named in messages.
const STDIN_LABEL: &str = "<stdin>";

/// `text` with each run of whitespace replaced by one space, trimmed at both ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// Binary search over spans in order: the item whose span holds `offset`.
fn containing<T>(items: &[T], offset: usize, span: impl Fn(&T) -> &Range<usize>) -> Option<&T> {
    let index = items.partition_point(|item| span(item).end <= offset);
    items.get(index).filter(|item| span(item).contains(&offset))
}
