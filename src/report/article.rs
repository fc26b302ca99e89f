//! `dossier article FILE`: what dossier read from an article file — its format, metadata with
//! where each value came from, and its blocks with their kinds.

use serde::Serialize;

use crate::align::header_dates;
use crate::article::{Article, MetaField, Reading, SourceFormat};

#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    pub schema_version: u32,
    pub path: String,
    pub source_format: SourceFormat,
    pub title: Option<Sourced>,
    pub byline: Option<Sourced>,
    /// The dates as dossier reads them (the dates `align` and `brief` use), as `YYYY-MM-DD`.
    pub published: Option<Sourced>,
    pub modified: Option<Sourced>,
    pub blocks: Vec<ArticleBlock>,
    /// Things the reader should know: unaccepted tracked changes, a page read whole.
    /// Written on standard error, and in the text and Markdown reports; not in the JSON.
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// A metadata value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sourced {
    pub value: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleBlock {
    pub kind: BlockKind,
    /// The block's text as dossier holds it (Markdown markers included); spans and excerpts in
    /// every other report point into this text.
    pub text: String,
}

/// The kinds of block the structure-aware diff tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    Code,
    Table,
}

impl BlockKind {
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list item",
            BlockKind::Quote => "quote",
            BlockKind::Code => "code",
            BlockKind::Table => "table",
        }
    }

    /// How the loader's paragraph opens: the same markers it splits on.
    pub fn of(text: &str) -> BlockKind {
        let trimmed = text.trim_start();
        let first_line = trimmed.lines().next().unwrap_or_default();
        let hashes = first_line.bytes().take_while(|&byte| byte == b'#').count();
        let digits = first_line.bytes().take_while(u8::is_ascii_digit).count();
        let lines: Vec<&str> = trimmed.lines().filter(|line| !line.trim().is_empty()).collect();
        if first_line.starts_with("```") || first_line.starts_with("~~~") {
            BlockKind::Code
        } else if (1..=6).contains(&hashes) && first_line[hashes..].starts_with([' ', '\t']) {
            BlockKind::Heading
        } else if ["- ", "* ", "+ "].iter().any(|marker| first_line.starts_with(marker))
            || (digits > 0 && digits <= 9 && [". ", ") "].iter().any(|marker| first_line[digits..].starts_with(marker)))
        {
            BlockKind::ListItem
        } else if first_line.starts_with('>') {
            BlockKind::Quote
        } else if lines.len() > 1 && lines.iter().all(|line| line.trim_start().starts_with('|')) {
            BlockKind::Table
        } else {
            BlockKind::Paragraph
        }
    }
}

/// Header keys that name the author, in order of preference.
const BYLINE_KEYS: [&str; 4] = ["author", "authors", "byline", "by"];

impl ArticleReport {
    pub fn new(article: &Article, reading: &Reading) -> ArticleReport {
        let field = |keys: &[&str]| -> Option<&MetaField> {
            keys.iter().find_map(|key| article.metadata.iter().find(|field| field.key.eq_ignore_ascii_case(key)))
        };
        let source_of = |field: &MetaField| -> String {
            reading.source_of(&field.key).map(str::to_string).unwrap_or_else(|| {
                let line = article.source[..field.span.start].matches('\n').count() + 1;
                format!("the `{}:` line (line {line})", field.key)
            })
        };
        let sourced =
            |keys: &[&str]| field(keys).map(|field| Sourced { value: field.value.clone(), source: source_of(field) });
        let dates = header_dates(article);
        let dated = |date: Option<crate::dates::Date>, keys: &[&str]| {
            date.map(|date| Sourced {
                value: date.to_string(),
                source: field(keys).map_or_else(|| "the header".to_string(), source_of),
            })
        };
        let blocks = article
            .paragraphs
            .iter()
            .map(|paragraph| {
                let text = article.text(&paragraph.span).to_string();
                ArticleBlock { kind: BlockKind::of(&text), text }
            })
            .collect();
        ArticleReport {
            schema_version: super::SCHEMA_VERSION,
            path: article.path.clone(),
            source_format: reading.format,
            title: sourced(&["title", "headline"]),
            byline: sourced(&BYLINE_KEYS),
            published: dated(dates.published, &["published", "date"]),
            modified: dated(dates.modified, &["updated", "modified", "revised", "last updated", "published", "date"]),
            blocks,
            notes: reading.notes.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_kinds_follow_the_loaders_markers() {
        for (text, kind) in [
            ("# Title", BlockKind::Heading),
            ("###### Deep", BlockKind::Heading),
            ("#hashtag", BlockKind::Paragraph),
            ("- item", BlockKind::ListItem),
            ("  - nested", BlockKind::ListItem),
            ("12. item", BlockKind::ListItem),
            ("> quoted", BlockKind::Quote),
            ("```\ncode\n```", BlockKind::Code),
            ("| a | b |\n| --- | --- |\n| 1 | 2 |", BlockKind::Table),
            ("| only one row |", BlockKind::Paragraph),
            ("Plain text.", BlockKind::Paragraph),
        ] {
            assert_eq!(BlockKind::of(text), kind, "{text:?}");
        }
    }
}
