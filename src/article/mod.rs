//! bytes -> Article: metadata, paragraphs, sentences, each with its byte span in the
//! original file.

mod convert;
mod decode;
mod docx;
mod html;
mod lines;
mod metadata;
mod paragraphs;
#[cfg(test)]
mod properties;
mod sentences;

use std::fs::File;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};

pub use convert::{Reading, SourceFormat};
pub(crate) use decode::read_through_limit;
pub use decode::{remember_input, was_read};

/// Inputs larger than this are refused unless the caller raises the limit.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// How far an article is segmented. Sentences cost most of the loading time, and the diff
/// needs only paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segmentation {
    /// Paragraphs and their sentences.
    Sentences,
    /// Paragraphs only: every `Paragraph::sentences` is empty.
    Paragraphs,
}

/// A loaded article. `source` is the file decoded as UTF-8 exactly as it was (BOM and line
/// ends included), so every span indexes the original bytes.
#[derive(Debug, Clone)]
pub struct Article {
    /// How the user named the file (`-` for standard input).
    pub path: String,
    pub source: String,
    pub metadata: Vec<MetaField>,
    pub paragraphs: Vec<Paragraph>,
    /// What the file was read as; `source` is the extracted text of a page or a document.
    pub format: SourceFormat,
    /// What a reader should know about the reading (unaccepted tracked changes, a page read
    /// whole): every command warns with them.
    pub notes: Vec<String>,
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
        Article::load_with(path, max_bytes, Segmentation::Sentences)
    }

    /// Like `load`, segmenting only as far as `segmentation` asks.
    pub fn load_with(path: &Path, max_bytes: u64, segmentation: Segmentation) -> Result<Article> {
        Article::load_reading(path, max_bytes, segmentation).map(|(article, _)| article)
    }

    /// Like `load_with`, also saying how the file was read: as text, or as a web page or a
    /// Word document whose extracted text `source` then holds.
    pub fn load_reading(path: &Path, max_bytes: u64, segmentation: Segmentation) -> Result<(Article, Reading)> {
        if path == Path::new("-") {
            let bytes = convert::read_input(STDIN_LABEL, std::io::stdin().lock(), max_bytes, 0)?;
            return Article::from_bytes("-", bytes, segmentation, max_bytes);
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
        remember_input(path);
        // Read through the limit too: the file may grow, or be a pipe that reports no size.
        let bytes = convert::read_input(&label, file, max_bytes, info.len())?;
        Article::from_bytes(&label, bytes, segmentation, max_bytes)
    }

    /// Parses bytes already read; `path` is only used in messages.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<Article> {
        Article::parse_with(path, bytes, Segmentation::Sentences)
    }

    /// Like `parse`, segmenting only as far as `segmentation` asks.
    pub fn parse_with(path: &str, bytes: &[u8], segmentation: Segmentation) -> Result<Article> {
        Article::from_bytes(path, bytes.to_vec(), segmentation, DEFAULT_MAX_INPUT_BYTES).map(|(article, _)| article)
    }

    /// Takes ownership of the bytes so a large file is not held twice in memory. A web page or
    /// a Word document is first turned into text (see `convert`).
    fn from_bytes(
        path: &str,
        bytes: Vec<u8>,
        segmentation: Segmentation,
        max_bytes: u64,
    ) -> Result<(Article, Reading)> {
        let label = if path == "-" { STDIN_LABEL } else { path };
        let (bytes, reading) = convert::to_text(label, bytes, max_bytes)?;
        let source = decode::decode(label, bytes)?;
        let text_start = if source.starts_with(decode::BOM) { decode::BOM.len() } else { 0 };
        let (metadata, body_start) = metadata::parse(&source, text_start);
        let sentences_of = |span: &Range<usize>| -> Vec<Sentence> {
            match segmentation {
                Segmentation::Paragraphs => Vec::new(),
                Segmentation::Sentences => sentences::spans(&source[span.clone()])
                    .into_iter()
                    .enumerate()
                    .map(|(index, relative)| Sentence {
                        number: index + 1,
                        span: span.start + relative.start..span.start + relative.end,
                    })
                    .collect(),
            }
        };
        // Sentence segmentation is most of the loading time on a long text; paragraphs are
        // independent, so it runs on every core.
        let paragraphs = paragraphs::spans(&source, body_start)
            .into_par_iter()
            .enumerate()
            .map(|(index, span)| Paragraph { number: index + 1, sentences: sentences_of(&span), span })
            .collect();
        let article = Article {
            path: path.to_string(),
            source,
            metadata,
            paragraphs,
            format: reading.format,
            notes: reading.notes.clone(),
        };
        Ok((article, reading))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Article {
        Article::parse("test.txt", text.as_bytes()).expect("parses")
    }

    fn paragraph_texts(article: &Article) -> Vec<&str> {
        article.paragraphs.iter().map(|paragraph| article.text(&paragraph.span)).collect()
    }

    fn sentence_texts<'a>(article: &'a Article, paragraph: &Paragraph) -> Vec<&'a str> {
        paragraph.sentences.iter().map(|sentence| article.text(&sentence.span)).collect()
    }

    fn sample() -> Article {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/china-russia-2018.txt");
        Article::load(&path, DEFAULT_MAX_INPUT_BYTES).expect("the sample loads")
    }

    #[test]
    fn sample_article_paragraphs_and_metadata() {
        let article = sample();
        assert_eq!(article.meta("authors"), Some("Wang Li & Nodir Boboev"));
        assert_eq!(article.metadata[0].span, 0.."Authors: Wang Li & Nodir Boboev".len());
        assert_eq!(article.paragraphs.len(), 7);
        let numbers: Vec<usize> = article.paragraphs.iter().map(|paragraph| paragraph.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
        assert!(article.text(&article.paragraphs[0].span).starts_with("Since 1992 when the former Soviet Union"));
        assert!(article.text(&article.paragraphs[6].span).ends_with("to make the adversaries act rationally."));
    }

    #[test]
    fn paragraph_only_segmentation_keeps_the_paragraphs() {
        let full = sample();
        let paragraphs_only = Article::parse_with("sample", full.source.as_bytes(), Segmentation::Paragraphs).unwrap();
        let spans = |article: &Article| article.paragraphs.iter().map(|p| p.span.clone()).collect::<Vec<_>>();
        assert_eq!(spans(&paragraphs_only), spans(&full));
        assert!(paragraphs_only.paragraphs.iter().all(|paragraph| paragraph.sentences.is_empty()));
        assert_eq!(paragraphs_only.metadata, full.metadata);
    }

    #[test]
    fn sample_article_sentences() {
        let article = sample();
        let counts: Vec<usize> = article.paragraphs.iter().map(|paragraph| paragraph.sentences.len()).collect();
        assert_eq!(counts, [3, 6, 7, 4, 8, 8, 2]);
        // The paragraph (line 6 of the file) that mentions the U.S. twice.
        let sentences = sentence_texts(&article, &article.paragraphs[4]);
        assert_eq!(
            sentences[6],
            "For example, they both oppose the U.S. practicing trade protectionism, which is shaking the global \
             trading system based on rules, violating the WTO rules and hitting the just-revived world economy.”"
        );
        assert_eq!(
            sentences[7],
            "Chinese FM Wang Yi even appealed to the international community to oppose the U.S.’s attempt to use \
             ‘America first’ as an excuse to run unilateralism."
        );
        let last = article.paragraph(7).expect("seven paragraphs");
        assert_eq!(last.sentences[1].number, 2);
        assert!(article.text(&last.sentences[1].span).starts_with("Yet, the test of the statecraft"));
    }

    #[test]
    fn a_bom_is_kept_in_source_and_left_out_of_paragraphs() {
        let article = parse("\u{feff}Title: T\n\nFirst.\n\nSecond.");
        assert_eq!(article.source, "\u{feff}Title: T\n\nFirst.\n\nSecond.");
        assert_eq!(article.meta("title"), Some("T"));
        assert_eq!(article.metadata[0].span, 3..11);
        assert_eq!(paragraph_texts(&article), ["First.", "Second."]);
        assert_eq!(parse("\u{feff}Only.").paragraphs[0].span, 3..8);
    }

    #[test]
    fn crlf_and_cr_documents_give_the_same_paragraphs() {
        let lf = parse("One\nwrapped.\n\nTwo.\n");
        for text in ["One\r\nwrapped.\r\n\r\nTwo.\r\n", "One\rwrapped.\r\rTwo.\r"] {
            let other = parse(text);
            assert_eq!(other.paragraphs.len(), 2);
            for (a, b) in lf.paragraphs.iter().zip(&other.paragraphs) {
                assert_eq!(lf.normalized_text(&a.span), other.normalized_text(&b.span));
                assert_eq!(a.sentences.len(), b.sentences.len());
            }
        }
    }

    #[test]
    fn rewrapping_keeps_the_normalized_text() {
        let narrow = parse("China and Russia\nhave moved closer\n   than ever.\n\nNext.");
        let wide = parse("China and Russia have moved closer than ever.\n\nNext.");
        let text = |article: &Article| article.normalized_text(&article.paragraphs[0].span);
        assert_eq!(text(&narrow), "China and Russia have moved closer than ever.");
        assert_eq!(text(&narrow), text(&wide));
        assert_eq!(collapse_whitespace(" a \t\u{3000} b\r\n"), "a b");
    }

    #[test]
    fn an_empty_file_is_an_article_without_paragraphs() {
        for text in ["", "\u{feff}", "\n\n  \r\n"] {
            let article = parse(text);
            assert!(article.paragraphs.is_empty() && article.metadata.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn front_matter_is_metadata_not_text() {
        let article = parse("---\ntitle: Partners\ndate: 2018-04-10\n---\n\n# Heading\n\nBody text.\n");
        assert_eq!(article.meta("Title"), Some("Partners"));
        assert_eq!(article.meta("date"), Some("2018-04-10"));
        assert_eq!(paragraph_texts(&article), ["# Heading", "Body text."]);
    }

    #[test]
    fn bad_input_is_refused_with_a_location() {
        let error = Article::parse("bad.txt", b"ok\nx\xffy").unwrap_err().to_string();
        assert_eq!(error, "bad.txt:2:2: is not valid UTF-8: byte 0xFF at offset 4; save the file as UTF-8");
        let error = Article::parse("-", b"a\0").unwrap_err().to_string();
        assert!(error.starts_with("<stdin>:1:2: is a binary file"), "{error}");
    }

    #[test]
    fn locate_finds_paragraph_and_sentence() {
        let article = parse("Title: T\n\nOne. Two.\n\nThree.");
        let offset = article.source.find("Two").unwrap();
        let (paragraph, sentence) = article.locate(offset).unwrap();
        assert_eq!((paragraph.number, sentence.number), (1, 2));
        // The space between the sentences belongs to the first one.
        let (_, sentence) = article.locate(offset - 1).unwrap();
        assert_eq!(sentence.number, 1);
        let (paragraph, sentence) = article.locate(article.source.len() - 1).unwrap();
        assert_eq!((paragraph.number, sentence.number), (2, 1));
        assert!(article.locate(0).is_none(), "metadata is in no paragraph");
        assert!(article.locate(offset + 4).is_none(), "the blank line is in no paragraph");
        assert!(article.locate(usize::MAX).is_none());
        assert!(article.paragraph(0).is_none() && article.paragraph(3).is_none());
    }

    #[test]
    fn load_reports_missing_files_directories_and_the_size_limit() {
        let directory = tempfile::tempdir().unwrap();
        let missing = directory.path().join("missing.txt");
        let error = Article::load(&missing, 100).unwrap_err().to_string();
        assert!(error.starts_with(&missing.display().to_string()), "{error}");
        let error = Article::load(directory.path(), 100).unwrap_err().to_string();
        assert!(error.contains("is a directory"), "{error}");

        let file = directory.path().join("big.txt");
        std::fs::write(&file, "0123456789").unwrap();
        assert_eq!(Article::load(&file, 10).unwrap().paragraphs.len(), 1);
        let error = Article::load(&file, 9).unwrap_err().to_string();
        assert!(
            error.contains("big.txt")
                && error.contains("limit of 9 bytes (10 bytes)")
                && error.contains("--max-input-bytes"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn load_reports_unreadable_files() {
        use std::os::unix::fs::PermissionsExt;
        let directory = tempfile::tempdir().unwrap();
        let file = directory.path().join("secret.txt");
        std::fs::write(&file, "text").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything; the check only means something for other users.
        if std::fs::read(&file).is_err() {
            let error = Article::load(&file, 100).unwrap_err().to_string();
            assert!(error.contains("secret.txt") && error.contains("ermission"), "{error}");
        }
    }

    #[test]
    fn fixtures_load() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
        let article = Article::load(&fixtures.join("markdown.md"), DEFAULT_MAX_INPUT_BYTES).unwrap();
        assert_eq!(article.meta("title"), Some("Partners, not allies"));
        assert_eq!(article.meta("authors"), Some("Wang Li, Nodir Boboev"));
        assert_eq!(
            paragraph_texts(&article),
            [
                "# Partners, not allies",
                "Since 1992, China and Russia have moved closer. Mr. Wang and\r\nDr. Boboev write that the U.S. \
                 practicing protectionism matters.",
                "- First, coordination.",
                "- Second, the Korean Peninsula.",
                "> A quoted line\r\n> continues here.",
            ]
        );
        let article = Article::load(&fixtures.join("headers-crlf.txt"), DEFAULT_MAX_INPUT_BYTES).unwrap();
        assert_eq!(article.meta("date"), Some("2018-04-10"));
        assert_eq!(article.meta("source"), Some("Example Review"));
        assert_eq!(paragraph_texts(&article), ["Note: the first paragraph has a colon.", "The second paragraph."]);
    }
}

#[cfg(test)]
mod scale {
    use std::time::{Duration, Instant};

    use super::*;

    /// 100 MB in release builds; debug builds are several times slower, so they check less.
    const SIZE: usize = if cfg!(debug_assertions) { 10_000_000 } else { 100_000_000 };
    const PATHOLOGICAL_SIZE: usize = if cfg!(debug_assertions) { 2_000_000 } else { 100_000_000 };
    /// Each 100 MB shape took 3-9 s in release on a shared, loaded 2-core machine. The bound is
    /// generous for such machines; quadratic work would take hours, not a few times longer.
    const BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 120 } else { 30 });

    fn timed(label: &str, text: &str) -> Article {
        let started = Instant::now();
        let article = Article::parse("big.txt", text.as_bytes()).expect("parses");
        let elapsed = started.elapsed();
        eprintln!("{label}: {} MB in {elapsed:.2?}", text.len() / 1_000_000);
        assert!(elapsed < BOUND, "{label}: {elapsed:?} for {} bytes", text.len());
        article
    }

    #[test]
    #[ignore = "slow in a debug build: .ci/run runs it in release"]
    fn a_huge_single_line_loads_in_bounded_time() {
        let sentence = "China and Russia met the U.S. delegation on Jan. 5, Mr. Wang said. ";
        let text = sentence.repeat(SIZE / sentence.len());
        let article = timed("sentences", &text);
        assert_eq!(article.paragraphs.len(), 1);
        assert_eq!(article.paragraphs[0].sentences.len(), SIZE / sentence.len());
        // One endless word, and endless whitespace-free punctuation: no quadratic rescans.
        timed("one word", &"x".repeat(PATHOLOGICAL_SIZE));
        timed("dots", &".".repeat(PATHOLOGICAL_SIZE));
        timed("initials", &"A. ".repeat(PATHOLOGICAL_SIZE / 3));
    }

    #[test]
    #[ignore = "slow in a debug build: .ci/run runs it in release"]
    fn many_short_lines_load_in_bounded_time() {
        let text = "Short line.\n\n".repeat(PATHOLOGICAL_SIZE / 26) + &"\n".repeat(PATHOLOGICAL_SIZE / 2);
        let article = timed("lines", &text);
        assert_eq!(article.paragraphs.len(), PATHOLOGICAL_SIZE / 26);
    }
}
