//! What kind of file an article is, by its content, and how a web page or a Word document
//! becomes the text the loader reads: header lines (`Title:`, `Author:`, `Published:`,
//! `Updated:`), a blank line, then one block per paragraph, heading, list, quote, code block
//! or table, separated by blank lines. Every span then points into that extracted text.

use std::io::{Cursor, Read};

use serde::Serialize;

use super::{decode, docx, html};
use crate::error::{Error, Result};

/// The format an article file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text or Markdown, read as it is.
    Text,
    /// A web page: the article extracted from it.
    Html,
    /// A Word document: its accepted text.
    Docx,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
            SourceFormat::Docx => "docx",
        }
    }
}

/// How an article file was read: its format, where each metadata field came from, and
/// anything the reader should know (unaccepted tracked changes, a page read whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub format: SourceFormat,
    /// `(key, where it came from)` for each header line written from the file's metadata.
    pub field_sources: Vec<(String, String)>,
    pub notes: Vec<String>,
}

impl Reading {
    pub(super) fn text() -> Reading {
        Reading { format: SourceFormat::Text, field_sources: Vec::new(), notes: Vec::new() }
    }

    /// Where the metadata field `key` came from, for a converted file.
    pub fn source_of(&self, key: &str) -> Option<&str> {
        self.field_sources.iter().find(|(field, _)| field.eq_ignore_ascii_case(key)).map(|(_, source)| source.as_str())
    }
}

/// One metadata value read from a page or document, and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldSource {
    pub key: &'static str,
    pub value: String,
    pub source: String,
}

/// The header fields and body blocks of a converted file.
#[derive(Debug, Default)]
pub(super) struct Written {
    pub fields: Vec<FieldSource>,
    pub body: Vec<String>,
}

/// A converted file and its notes.
#[derive(Debug)]
pub(super) struct Conversion {
    pub written: Written,
    pub notes: Vec<String>,
}

/// A header line's value past this many bytes would be read as text (see metadata.rs).
const MAX_HEADER_VALUE_BYTES: usize = 300;

impl Conversion {
    /// The text the loader reads, and how it was made.
    fn into_text(self, format: SourceFormat) -> (String, Reading) {
        let mut notes = self.notes;
        let mut text = String::new();
        let mut field_sources = Vec::new();
        for field in self.written.fields {
            if field.value.len() > MAX_HEADER_VALUE_BYTES || field.value.contains(['\n', '\r']) {
                notes.push(format!("the {} is too long for a header line and was left out", field.key.to_lowercase()));
                continue;
            }
            text.push_str(&format!("{}: {}\n", field.key, field.value));
            field_sources.push((field.key.to_string(), field.source));
        }
        let body: Vec<&str> =
            self.written.body.iter().map(String::as_str).filter(|block| !block.trim().is_empty()).collect();
        if !text.is_empty() && !body.is_empty() {
            text.push('\n');
        }
        text.push_str(&body.join("\n\n"));
        if !body.is_empty() {
            text.push('\n');
        }
        (text, Reading { format, field_sources, notes })
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const PDF_MAGIC: &[u8] = b"%PDF-";

/// Reads an input up to the limit. Text is read as `decode::read_limited` reads it (binary
/// input refused early); a zip archive is read whole, since its NUL bytes are expected; a PDF
/// is refused at once.
pub(super) fn read_input(label: &str, mut reader: impl Read, max_bytes: u64, expected: u64) -> Result<Vec<u8>> {
    let mut magic = Vec::with_capacity(8);
    (&mut reader).take(8).read_to_end(&mut magic).map_err(|source| Error::Io { path: label.to_string(), source })?;
    if magic.starts_with(PDF_MAGIC) {
        return Err(pdf_error(label));
    }
    let is_zip = magic.starts_with(ZIP_MAGIC);
    let rest = Cursor::new(magic).chain(reader);
    if !is_zip {
        return decode::read_limited(label, rest, max_bytes, expected);
    }
    let capacity = usize::try_from(expected.min(max_bytes).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    rest.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io { path: label.to_string(), source })?;
    if bytes.len() as u64 > max_bytes {
        return Err(decode::too_large(label, None, max_bytes));
    }
    Ok(bytes)
}

fn pdf_error(label: &str) -> Error {
    Error::problem(
        label,
        "is a PDF; dossier reads text, web pages and Word documents: convert it first, for example with \
         `pdftotext -layout FILE.pdf FILE.txt` (poppler-utils), and check the text it gives",
    )
}

/// Turns the bytes of any accepted format into the text the loader reads. Text comes back
/// unchanged; `max_bytes` also bounds what a Word document decompresses to.
pub(super) fn to_text(label: &str, bytes: Vec<u8>, max_bytes: u64) -> Result<(Vec<u8>, Reading)> {
    if bytes.starts_with(PDF_MAGIC) {
        return Err(pdf_error(label));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        let conversion = docx::convert(label, &bytes, max_bytes)?;
        let (text, reading) = conversion.into_text(SourceFormat::Docx);
        return Ok((text.into_bytes(), reading));
    }
    if html::looks_like_html(&bytes) {
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) || memchr::memchr(0, &bytes).is_some() {
            // Refused by the decoder with its usual message.
            return Ok((bytes, Reading::text()));
        }
        let page = String::from_utf8_lossy(&bytes);
        let replaced = matches!(page, std::borrow::Cow::Owned(_));
        let mut conversion = html::convert(&page);
        if replaced {
            conversion.notes.push(
                "the page is not all UTF-8: the bytes that are not were read as U+FFFD; save the page as UTF-8"
                    .to_string(),
            );
        }
        let (text, reading) = conversion.into_text(SourceFormat::Html);
        return Ok((text.into_bytes(), reading));
    }
    Ok((bytes, Reading::text()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_passes_through_unchanged() {
        let (bytes, reading) = to_text("a.txt", b"Title: T\n\n<b>not a page</b>\n".to_vec(), 1000).unwrap();
        assert_eq!(bytes, b"Title: T\n\n<b>not a page</b>\n");
        assert_eq!(reading.format, SourceFormat::Text);
    }

    #[test]
    fn a_pdf_is_refused_with_the_way_to_convert_it() {
        let error = to_text("report.pdf", b"%PDF-1.7\n...".to_vec(), 1000).unwrap_err().to_string();
        assert!(error.starts_with("report.pdf: is a PDF") && error.contains("pdftotext -layout"), "{error}");
        let error = read_input("r.pdf", &b"%PDF-1.4 rest"[..], 1000, 0).unwrap_err().to_string();
        assert!(error.contains("pdftotext"), "{error}");
    }

    #[test]
    fn a_zip_is_read_whole_up_to_the_limit() {
        let zip = b"PK\x03\x04\0\0\0\0 and more bytes after the NULs".to_vec();
        assert_eq!(read_input("a.docx", &zip[..], 1000, 0).unwrap(), zip);
        let error = read_input("a.docx", &zip[..], 10, 0).unwrap_err().to_string();
        assert!(error.contains("--max-input-bytes"), "{error}");
    }

    #[test]
    fn text_input_is_still_read_as_text() {
        assert_eq!(read_input("a.txt", &b"short"[..], 1000, 5).unwrap(), b"short");
        assert_eq!(read_input("a.txt", &b""[..], 1000, 0).unwrap(), b"");
    }
}
