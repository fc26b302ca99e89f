//! A saved web page -> the article as a reader sees it, written as the plain text with
//! Markdown block markers that the text loader reads (headings, list items, quotes, code,
//! tables), headed by `Title:`, `Author:`, `Published:` and `Updated:` lines.
//!
//! The readability port (dom_smoothie) picks the article's element and drops the page's
//! chrome; the metadata is read from the whole page first, with where each value came from.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

use super::convert::{Conversion, FieldSource, Written};
use crate::dates::prose::find_dates;

/// Whether `bytes` look like an HTML document: the first thing after any BOM, whitespace and
/// comments is a doctype or one of the tags only a page starts with.
pub(super) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    // An XHTML page may open with an XML declaration; any page with comments.
    if let Some(after) = rest.strip_prefix("<?xml") {
        let Some(end) = after.find("?>") else { return false };
        rest = after[end + 2..].trim_start();
    }
    while let Some(after) = rest.strip_prefix("<!--") {
        let Some(end) = after.find("-->") else { return false };
        rest = after[end + 3..].trim_start();
    }
    let rest = rest.get(..rest.len().min(16)).unwrap_or(rest).to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<meta", "<title"].iter().any(|tag| rest.starts_with(tag))
}

/// Extracts the article from an HTML page.
pub(super) fn convert(html: &str) -> Conversion {
    let document = Document::from(html);
    let metadata = PageMetadata::read(&document);
    let config = Config { max_elements_to_parse: 0, ..Config::default() };
    let extracted =
        Readability::with_document(document, None, Some(config)).ok().and_then(|mut reader| reader.parse().ok());
    let mut written = Written::default();
    let mut notes = Vec::new();
    let (title, byline) = match &extracted {
        Some(article) => {
            let content = Document::from(article.content.as_ref());
            let mut blocks = BlockWriter::default();
            blocks.walk_children(&content.root());
            blocks.finish();
            written.body = blocks.blocks;
            (Some(article.title.clone()), article.byline.clone())
        }
        None => {
            notes.push("no article could be told from the page's chrome: the whole page body was read".to_string());
            let page = Document::from(html);
            let mut blocks = BlockWriter::default();
            if let Some(body) = page.body() {
                blocks.walk_children(&body);
            }
            blocks.finish();
            written.body = blocks.blocks;
            (None, None)
        }
    };
    let mut fields = Vec::new();
    if let Some(title) = title.map(|title| collapse(&title)).filter(|title| !title.is_empty()) {
        fields.push(FieldSource { key: "Title", source: metadata.title_source(&title), value: title });
    }
    let byline = byline.map(|byline| clean_byline(&byline)).filter(|byline| !byline.is_empty());
    if let Some(byline) = byline {
        fields.push(FieldSource { key: "Author", source: metadata.byline_source(&byline), value: byline });
    } else if let Some((source, author)) = metadata.authors.first() {
        fields.push(FieldSource { key: "Author", value: author.clone(), source: (*source).to_string() });
    }
    let byline_dates = metadata.byline_dates();
    if let Some((value, source)) = metadata.published.clone().or_else(|| byline_dates.0.clone()) {
        fields.push(FieldSource { key: "Published", value, source });
    }
    if let Some((value, source)) = metadata.modified.clone().or_else(|| byline_dates.1.clone()) {
        fields.push(FieldSource { key: "Updated", value, source });
    }
    written.fields = fields;
    Conversion { written, notes }
}

/// A value read from the page and where it was found.
type Found = Option<(String, String)>;

/// What the page says about itself outside the article's text.
#[derive(Debug, Default)]
struct PageMetadata {
    /// `(source, title)` candidates: `og:title`, JSON-LD `headline`, `<title>`, the first `<h1>`.
    titles: Vec<(&'static str, String)>,
    authors: Vec<(&'static str, String)>,
    published: Found,
    modified: Found,
    /// Short texts of elements whose class or id says date, byline or dateline.
    dateline_texts: Vec<String>,
}

/// `<meta>` names and properties that carry the publication date, most specific first.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "citation_publication_date",
    "pubdate",
    "publishdate",
    "date",
];
const MODIFIED_META: &[&str] =
    &["article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"];

impl PageMetadata {
    fn read(document: &Document) -> PageMetadata {
        let mut metadata = PageMetadata::default();
        let mut metas: Vec<(String, String)> = Vec::new();
        for meta in document.select("meta").nodes() {
            let key = meta.attr("property").or_else(|| meta.attr("name")).or_else(|| meta.attr("itemprop"));
            if let (Some(key), Some(content)) = (key, meta.attr("content")) {
                metas.push((key.to_ascii_lowercase(), collapse(&content)));
            }
        }
        let meta = |name: &str| metas.iter().find(|(key, value)| key == name && !value.is_empty());
        for (key, source) in
            [("og:title", "<meta property=\"og:title\">"), ("twitter:title", "<meta name=\"twitter:title\">")]
        {
            if let Some((_, value)) = meta(key) {
                metadata.titles.push((source, value.clone()));
            }
        }
        for (key, source) in
            [("author", "<meta name=\"author\">"), ("article:author", "<meta property=\"article:author\">")]
        {
            if let Some((_, value)) = meta(key) {
                metadata.authors.push((source, value.clone()));
            }
        }
        let json_ld = JsonLd::read(document);
        if let Some(headline) = &json_ld.headline {
            metadata.titles.push(("JSON-LD headline", headline.clone()));
        }
        if let Some(author) = &json_ld.author {
            metadata.authors.push(("JSON-LD author", author.clone()));
        }
        if let Some(title) = document.select("title").nodes().first() {
            metadata.titles.push(("<title>", collapse(&title.text())));
        }
        if let Some(heading) = document.select("h1").nodes().first() {
            metadata.titles.push(("<h1>", collapse(&heading.text())));
        }
        let dated = |value: &str, source: String| day_of(value).map(|day| (day, source));
        metadata.published = json_ld
            .published
            .as_deref()
            .and_then(|value| dated(value, "JSON-LD datePublished".to_string()))
            .or_else(|| {
                PUBLISHED_META.iter().find_map(|name| {
                    meta(name)
                        .and_then(|(_, value)| dated(value, format!("<meta {}=\"{name}\">", meta_attribute(name))))
                })
            })
            .or_else(|| time_element(document, &["datePublished", "pubdate"]));
        metadata.modified = json_ld
            .modified
            .as_deref()
            .and_then(|value| dated(value, "JSON-LD dateModified".to_string()))
            .or_else(|| {
                MODIFIED_META.iter().find_map(|name| {
                    meta(name)
                        .and_then(|(_, value)| dated(value, format!("<meta {}=\"{name}\">", meta_attribute(name))))
                })
            })
            .or_else(|| time_element(document, &["dateModified"]));
        for node in
            document.select("[class*=date], [class*=byline], [class*=dateline], [class*=time], [id*=date]").nodes()
        {
            let text = collapse(&node.text());
            if !text.is_empty() && text.len() <= 200 {
                metadata.dateline_texts.push(text);
            }
        }
        metadata
    }

    fn title_source(&self, title: &str) -> String {
        let same = |candidate: &str| candidate == title || candidate.contains(title);
        self.titles
            .iter()
            .find(|(_, candidate)| same(candidate))
            .map_or_else(|| "the page's title".to_string(), |(source, _)| (*source).to_string())
    }

    fn byline_source(&self, byline: &str) -> String {
        self.authors
            .iter()
            .find(|(_, candidate)| candidate.contains(byline) || byline.contains(candidate.as_str()))
            .map_or_else(|| "the byline in the page".to_string(), |(source, _)| (*source).to_string())
    }

    /// The first dates a dateline or byline element names: published, and one after "updated".
    fn byline_dates(&self) -> (Found, Found) {
        let mut published = None;
        let mut modified = None;
        for text in &self.dateline_texts {
            for mention in find_dates(text, None) {
                let Some(date) = mention.date.filter(|date| date.precision() == crate::dates::Precision::Day) else {
                    continue;
                };
                let before = text[..mention.span.start].to_lowercase();
                let is_update = ["updated", "modified", "revised"].iter().any(|word| before.contains(word));
                let slot = if is_update { &mut modified } else { &mut published };
                if slot.is_none() {
                    *slot = Some((date.to_string(), "a dateline in the page".to_string()));
                }
            }
        }
        (published, modified)
    }
}

/// The first `<time datetime>` in the page, preferring one marked with one of `markers`
/// (`itemprop` or a bare attribute such as `pubdate`).
fn time_element(document: &Document, markers: &[&str]) -> Found {
    let times = document.select("time[datetime]").nodes().to_vec();
    let marked = times.iter().find(|time| {
        markers.iter().any(|marker| {
            time.attr("itemprop").is_some_and(|value| value.eq_ignore_ascii_case(marker)) || time.has_attr(marker)
        })
    });
    let time = marked.or_else(|| if markers.contains(&"datePublished") { times.first() } else { None })?;
    let value = time.attr("datetime")?;
    day_of(&value).map(|day| (day, "<time datetime>".to_string()))
}

fn meta_attribute(name: &str) -> &'static str {
    if name.contains(':') && !name.starts_with("dc") { "property" } else { "name" }
}

/// The calendar day a metadata value names, as `YYYY-MM-DD`: an ISO timestamp's date part,
/// else the first full date the prose reader finds in it.
fn day_of(value: &str) -> Option<String> {
    let value = value.trim();
    let iso = value.get(..10).filter(|prefix| {
        let bytes = prefix.as_bytes();
        bytes[4] == b'-'
            && bytes[7] == b'-'
            && prefix.bytes().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
    });
    if let Some(day) = iso.and_then(|day| crate::dates::Date::parse(day).ok()) {
        return Some(day.to_string());
    }
    find_dates(value, None)
        .into_iter()
        .find_map(|mention| mention.date.filter(|date| date.precision() == crate::dates::Precision::Day))
        .map(|date| date.to_string())
}

/// The JSON-LD blocks' article fields.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    modified: Option<String>,
}

impl JsonLd {
    fn read(document: &Document) -> JsonLd {
        let mut found = JsonLd::default();
        for script in document.select("script[type=\"application/ld+json\"]").nodes() {
            let text = script.text();
            let Ok(value) = serde_json::from_str::<serde_json::Value>(without_cdata(&text)) else { continue };
            found.visit(&value, 0);
        }
        found
    }

    /// Looks through objects, arrays and `@graph`s (to a small depth) for article fields.
    fn visit(&mut self, value: &serde_json::Value, depth: usize) {
        if depth > 4 {
            return;
        }
        match value {
            serde_json::Value::Array(items) => items.iter().for_each(|item| self.visit(item, depth + 1)),
            serde_json::Value::Object(object) => {
                let text = |key: &str| object.get(key).and_then(serde_json::Value::as_str).map(collapse);
                if object.contains_key("datePublished") || object.contains_key("headline") {
                    self.headline = self.headline.take().or_else(|| text("headline"));
                    self.published = self.published.take().or_else(|| text("datePublished"));
                    self.modified = self.modified.take().or_else(|| text("dateModified"));
                    self.author = self.author.take().or_else(|| object.get("author").and_then(author_names));
                }
                if let Some(graph) = object.get("@graph") {
                    self.visit(graph, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// A script's JSON without the `<![CDATA[ ... ]]>` (or `//<![CDATA[`) wrapper some pages keep.
fn without_cdata(text: &str) -> &str {
    let text = text.trim();
    let text = text.strip_prefix("//").map_or(text, str::trim_start);
    match text.strip_prefix("<![CDATA[") {
        Some(inner) => {
            let inner = inner.trim_end();
            let inner = inner.strip_suffix("]]>").unwrap_or(inner).trim_end();
            inner.strip_suffix("//").unwrap_or(inner).trim()
        }
        None => text,
    }
}

/// `"author": "Name"`, `{"name": ...}` or a list of either, as "A, B".
fn author_names(value: &serde_json::Value) -> Option<String> {
    let names: Vec<String> = match value {
        serde_json::Value::String(name) => vec![collapse(name)],
        serde_json::Value::Object(object) => {
            object.get("name").and_then(|name| name.as_str()).map(collapse).into_iter().collect()
        }
        serde_json::Value::Array(items) => items.iter().filter_map(author_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|name| !name.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A byline without its "By" and without line breaks.
fn clean_byline(byline: &str) -> String {
    let byline = collapse(byline);
    let lowered = byline.to_lowercase();
    match lowered.strip_prefix("by ") {
        Some(_) => byline[3..].trim().to_string(),
        None => byline,
    }
}

/// Whitespace runs collapsed to one space, trimmed.
fn collapse(text: &str) -> String {
    super::collapse_whitespace(text)
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "button", "form", "input", "select", "textarea", "iframe",
    "object", "embed", "canvas", "nav", "img", "picture", "video", "audio", "head", "title", "meta", "link",
];
/// Elements that end the running paragraph and whose children are walked as blocks.
const CONTAINERS: &[&str] = &[
    "div", "section", "article", "main", "body", "html", "header", "footer", "aside", "figure", "details", "summary",
    "center", "address", "fieldset", "hgroup", "dl", "tbody", "thead", "tfoot", "caption", "hr",
];
/// Elements that are a paragraph of their own.
const PARAGRAPHS: &[&str] = &["p", "figcaption", "dt", "dd", "legend"];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "dl",
];

/// Walks the article's HTML and writes one text block per paragraph, heading, list item,
/// quote, code block or table.
#[derive(Debug, Default)]
struct BlockWriter {
    blocks: Vec<String>,
    /// The inline text of the paragraph being read.
    inline: String,
}

impl BlockWriter {
    fn walk_children(&mut self, node: &NodeRef) {
        for child in node.children() {
            self.walk(&child);
        }
    }

    fn walk(&mut self, node: &NodeRef) {
        if node.is_text() {
            push_inline(&mut self.inline, &node.text());
            return;
        }
        if !node.is_element() && !node.is_document() && !node.is_fragment() {
            return;
        }
        let Some(name) = node.node_name() else {
            self.walk_children(node);
            return;
        };
        let name = name.to_ascii_lowercase();
        let name = name.as_str();
        if SKIPPED.contains(&name) {
            return;
        }
        if name == "br" {
            push_break(&mut self.inline);
            return;
        }
        if let Some(level) = heading_level(name) {
            self.flush();
            let text = inline_text(node);
            if !text.is_empty() {
                self.blocks.push(format!("{} {}", "#".repeat(level), text.replace('\n', " ")));
            }
        } else if PARAGRAPHS.contains(&name) {
            self.flush();
            if has_block_child(node) {
                self.walk_children(node);
                self.flush();
            } else {
                let text = inline_text(node);
                if !text.is_empty() {
                    self.blocks.push(text);
                }
            }
        } else if name == "ul" || name == "ol" {
            self.flush();
            let mut lines = Vec::new();
            list_lines(node, 0, &mut lines);
            if !lines.is_empty() {
                self.blocks.push(lines.join("\n"));
            }
        } else if name == "blockquote" {
            self.flush();
            let mut quoted = BlockWriter::default();
            quoted.walk_children(node);
            quoted.finish();
            for block in quoted.blocks {
                let lines: Vec<String> = block.lines().map(|line| format!("> {line}").trim_end().to_string()).collect();
                self.blocks.push(lines.join("\n"));
            }
        } else if name == "pre" {
            self.flush();
            let code = node.text();
            let code = code.trim_matches('\n').trim_end();
            if !code.trim().is_empty() {
                let fence = if code.contains("```") { "~~~~" } else { "```" };
                self.blocks.push(format!("{fence}\n{code}\n{fence}"));
            }
        } else if name == "table" {
            self.flush();
            match table_rows(node) {
                Some(rows) => self.blocks.push(rows),
                None => {
                    // A layout table: its cells are the page's blocks.
                    for cell in &descendants_named(node, &["td", "th"]) {
                        self.walk_children(cell);
                        self.flush();
                    }
                }
            }
        } else if CONTAINERS.contains(&name) || name == "li" || name == "tr" || name == "td" || name == "th" {
            self.flush();
            self.walk_children(node);
            self.flush();
        } else {
            self.walk_children(node);
        }
    }

    /// Ends the running paragraph.
    fn flush(&mut self) {
        let text = tidy_lines(&self.inline);
        self.inline.clear();
        if !text.is_empty() {
            self.blocks.push(text);
        }
    }

    fn finish(&mut self) {
        self.flush();
    }
}

fn heading_level(name: &str) -> Option<usize> {
    let digit = name.strip_prefix('h')?;
    let level: usize = digit.parse().ok()?;
    (1..=6).contains(&level).then_some(level)
}

fn has_block_child(node: &NodeRef) -> bool {
    node.element_children()
        .iter()
        .any(|child| child.node_name().is_some_and(|name| BLOCKS.contains(&name.to_ascii_lowercase().as_str())))
}

/// Adds a text node's text, collapsing HTML whitespace as a browser does.
fn push_inline(buffer: &mut String, text: &str) {
    for (index, word) in text.split(char::is_whitespace).enumerate() {
        if index > 0 && !buffer.is_empty() && !buffer.ends_with([' ', '\n']) {
            buffer.push(' ');
        }
        buffer.push_str(word);
    }
}

fn push_break(buffer: &mut String) {
    let trimmed = buffer.trim_end_matches(' ').len();
    buffer.truncate(trimmed);
    if !buffer.is_empty() && !buffer.ends_with('\n') {
        buffer.push('\n');
    }
}

/// Each line trimmed and squeezed, blank lines dropped.
fn tidy_lines(text: &str) -> String {
    text.lines().map(collapse).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("\n")
}

/// The text of an inline element, with `<br>` as line breaks and nothing skipped read.
fn inline_text(node: &NodeRef) -> String {
    let mut buffer = String::new();
    inline_into(node, &mut buffer);
    tidy_lines(&buffer)
}

fn inline_into(node: &NodeRef, buffer: &mut String) {
    for child in node.children() {
        if child.is_text() {
            push_inline(buffer, &child.text());
        } else if let Some(name) = child.node_name() {
            let name = name.to_ascii_lowercase();
            if SKIPPED.contains(&name.as_str()) {
                continue;
            }
            if name == "br" {
                push_break(buffer);
            } else {
                if is_block_name(&name) && !buffer.is_empty() && !buffer.ends_with([' ', '\n']) {
                    buffer.push(' ');
                }
                inline_into(&child, buffer);
            }
        }
    }
}

fn is_block_name(name: &str) -> bool {
    BLOCKS.contains(&name) || PARAGRAPHS.contains(&name) || name == "li" || name == "td" || name == "th" || name == "tr"
}

/// A list's items as `- item` or `1. item` lines, nested lists indented under their item.
fn list_lines(list: &NodeRef, depth: usize, lines: &mut Vec<String>) {
    let ordered = list.node_name().is_some_and(|name| name.eq_ignore_ascii_case("ol"));
    let mut number: usize = list.attr("start").and_then(|start| start.trim().parse().ok()).unwrap_or(1);
    let indent = "  ".repeat(depth);
    for item in list.element_children() {
        let item_name = item.node_name().map(|name| name.to_ascii_lowercase()).unwrap_or_default();
        if item_name == "ul" || item_name == "ol" {
            list_lines(&item, depth + 1, lines);
            continue;
        }
        let mut buffer = String::new();
        let mut nested = Vec::new();
        for child in item.children() {
            let child_name = child.node_name().map(|name| name.to_ascii_lowercase()).unwrap_or_default();
            if child.is_element() && (child_name == "ul" || child_name == "ol") {
                nested.push(child);
            } else if child.is_text() {
                push_inline(&mut buffer, &child.text());
            } else if child.is_element() && !SKIPPED.contains(&child_name.as_str()) {
                if child_name == "br" {
                    push_break(&mut buffer);
                    continue;
                }
                if is_block_name(&child_name) && !buffer.is_empty() && !buffer.ends_with([' ', '\n']) {
                    buffer.push(' ');
                }
                inline_into(&child, &mut buffer);
            }
        }
        let text = collapse(&buffer);
        if !text.is_empty() {
            let marker = if ordered { format!("{number}.") } else { "-".to_string() };
            lines.push(format!("{indent}{marker} {text}"));
            number += 1;
        }
        for list in nested {
            list_lines(&list, depth + 1, lines);
        }
    }
}

/// A data table as `| a | b |` rows (a `| --- |` rule under a header row), or `None` for a
/// layout table whose cells hold paragraphs, lists or tables.
fn table_rows(table: &NodeRef) -> Option<String> {
    let cells_hold_blocks = descendants_named(table, &["td", "th"]).iter().any(has_block_child);
    if cells_hold_blocks {
        return None;
    }
    let mut rows = Vec::new();
    for (index, row) in descendants_named(table, &["tr"]).iter().enumerate() {
        let cells: Vec<NodeRef> = row
            .element_children()
            .into_iter()
            .filter(|cell| {
                cell.node_name().is_some_and(|name| name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th"))
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        let texts: Vec<String> = cells.iter().map(|cell| collapse(&inline_text(cell)).replace('|', "\\|")).collect();
        rows.push(format!("| {} |", texts.join(" | ")));
        let header = cells.iter().all(|cell| cell.node_name().is_some_and(|name| name.eq_ignore_ascii_case("th")));
        if index == 0 && header {
            rows.push(format!("|{}", " --- |".repeat(cells.len())));
        }
    }
    (!rows.is_empty()).then(|| rows.join("\n"))
}

/// The elements under `node` with one of these (lowercase) names, in document order.
fn descendants_named<'a>(node: &NodeRef<'a>, names: &[&str]) -> Vec<NodeRef<'a>> {
    node.descendants_it()
        .filter(|descendant| {
            descendant.node_name().is_some_and(|name| names.contains(&name.to_ascii_lowercase().as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(html: &str) -> Vec<String> {
        let document = Document::from(html);
        let mut writer = BlockWriter::default();
        writer.walk_children(&document.root());
        writer.finish();
        writer.blocks
    }

    #[test]
    fn html_is_told_by_its_content() {
        for page in [
            "<!DOCTYPE html><html>",
            "\u{feff}  <!-- saved --> <HTML lang=en>",
            "<head><title>T</title>",
            "<meta charset=utf-8>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
        ] {
            assert!(looks_like_html(page.as_bytes()), "{page:?}");
        }
        for text in [
            "Title: T\n\n<b>bold</b>",
            "# Heading\n\n<html>",
            "<div>a fragment</div>",
            "<!-- never closed <html>",
            "<?xml version=\"1.0\"?><rss>",
        ] {
            assert!(!looks_like_html(text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn blocks_keep_their_kinds() {
        let blocks = blocks_of(
            "<h2>Section <em>two</em></h2><p>One\n  paragraph, <a href='x'>linked</a>.</p>\
             <ul><li>first</li><li>second<ol start='3'><li>nested</li></ol></li></ul>\
             <blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>\
             <pre>let a = 1;\n  let b = 2;</pre>\
             <table><tr><th>Year</th><th>Event</th></tr><tr><td>1991</td><td>A | B</td></tr></table>\
             <p>Line one<br>line two</p><script>var x;</script><nav>Home</nav>",
        );
        assert_eq!(
            blocks,
            [
                "## Section two",
                "One paragraph, linked.",
                "- first\n- second\n  3. nested",
                "> Quoted one.",
                "> Quoted two.",
                "```\nlet a = 1;\n  let b = 2;\n```",
                "| Year | Event |\n| --- | --- |\n| 1991 | A \\| B |",
                "Line one\nline two",
            ]
        );
    }

    #[test]
    fn text_beside_blocks_and_layout_tables_become_paragraphs() {
        let blocks = blocks_of(
            "<div>Loose text <b>here</b><p>A paragraph.</p>more loose text</div>\
             <table><tr><td><p>Cell paragraph.</p></td><td><p>Another.</p></td></tr></table>",
        );
        assert_eq!(blocks, ["Loose text here", "A paragraph.", "more loose text", "Cell paragraph.", "Another."]);
    }

    #[test]
    fn metadata_comes_with_its_source() {
        let page = r#"<!DOCTYPE html><html><head><title>Talks resume | Site</title>
            <meta property="og:title" content="Talks resume">
            <script type="application/ld+json">//<![CDATA[
            {"@graph": [{"@type": "NewsArticle", "headline": "Talks resume", "datePublished": "2018-04-10T09:30:00+02:00",
              "dateModified": "2018-04-11", "author": [{"name": "Wang Li"}, {"name": "Nodir Boboev"}]}]}
            //]]></script></head><body><article><h1>Talks resume</h1>
            <p>Beijing and Moscow resumed their talks on Tuesday, officials said, after a pause of several weeks in
            which neither side would say what had kept them apart. The talks cover trade and security.</p>
            <p>Both delegations said the next round would follow in May, in Moscow, with ministers attending.</p>
            </article></body></html>"#;
        let conversion = convert(page);
        let fields: Vec<(&str, &str, &str)> = conversion
            .written
            .fields
            .iter()
            .map(|field| (field.key, field.value.as_str(), field.source.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("Title", "Talks resume", "<meta property=\"og:title\">"),
                ("Author", "Wang Li, Nodir Boboev", "JSON-LD author"),
                ("Published", "2018-04-10", "JSON-LD datePublished"),
                ("Updated", "2018-04-11", "JSON-LD dateModified"),
            ]
        );
        assert!(conversion.written.body.iter().any(|block| block.starts_with("Beijing and Moscow resumed")));
    }

    #[test]
    fn dates_fall_back_to_time_elements_and_datelines() {
        let page = |head: &str, byline: &str| {
            format!(
                "<html><head>{head}</head><body><article><div class='dateline'>{byline}</div>\
                 <p>{}</p></article></body></html>",
                "A paragraph long enough to be the article's text, and more words. ".repeat(6)
            )
        };
        let published = |html: &str| PageMetadata::read(&Document::from(html));
        let timed = published(&page("", "<time datetime='2020-07-10T14:15:42Z'>July 10</time>"));
        assert_eq!(timed.published, Some(("2020-07-10".into(), "<time datetime>".into())));
        let written = published(&page("", "Published 10 July 2020. Updated July 12, 2020"));
        assert_eq!(written.published, None);
        assert_eq!(
            written.byline_dates(),
            (
                Some(("2020-07-10".into(), "a dateline in the page".into())),
                Some(("2020-07-12".into(), "a dateline in the page".into()))
            )
        );
        assert_eq!(day_of("Thu, 16 Sep 2021 03:52:10 GMT"), Some("2021-09-16".into()));
        assert_eq!(day_of("not a date"), None);
    }
}
