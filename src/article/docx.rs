//! A Word document (`.docx`) -> its accepted text as blocks: paragraphs, headings (by
//! style), list items (by numbering), tables; the core properties' title, creator and dates
//! as header fields. Tracked insertions are kept and deletions dropped, as if every change
//! were accepted; the notes say when the file still carries changes nobody accepted.
//!
//! Everything decompressed counts against `--max-input-bytes`, whatever the archive claims,
//! so a small file that inflates to gigabytes is refused after reading the limit.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::convert::{Conversion, FieldSource, Written};
use crate::error::{Error, Result};

const DOCUMENT: &str = "word/document.xml";

/// Reads a zip archive as a Word document.
pub(super) fn convert(label: &str, bytes: &[u8], max_bytes: u64) -> Result<Conversion> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| Error::problem(label, format!("is not a readable zip archive ({error})")))?;
    if archive.index_for_name(DOCUMENT).is_none() {
        return Err(Error::problem(
            label,
            "is a zip archive but not a Word document (no word/document.xml); dossier reads .docx, web pages \
             and text files",
        ));
    }
    let mut budget = Budget { label, left: max_bytes, limit: max_bytes };
    let document = budget.read(&mut archive, DOCUMENT)?.unwrap_or_default();
    let styles = budget.read(&mut archive, "word/styles.xml")?.map(|xml| heading_styles(&xml)).unwrap_or_default();
    let numbering =
        budget.read(&mut archive, "word/numbering.xml")?.map(|xml| Numbering::read(&xml)).unwrap_or_default();
    let core = budget.read(&mut archive, "docProps/core.xml")?.map(|xml| core_properties(&xml)).unwrap_or_default();
    let body = Body::read(&document, &styles, &numbering)
        .map_err(|error| Error::problem(label, format!("{DOCUMENT} is not well-formed XML ({error})")))?;
    let mut notes = Vec::new();
    if body.unaccepted_changes > 0 {
        notes.push(format!(
            "the document carries {} tracked change{} nobody accepted or rejected; dossier read the text as if \
             all were accepted (insertions kept, deletions dropped)",
            body.unaccepted_changes,
            if body.unaccepted_changes == 1 { "" } else { "s" }
        ));
    }
    Ok(Conversion { written: Written { fields: core, body: body.blocks }, notes })
}

/// What may still be decompressed.
struct Budget<'a> {
    label: &'a str,
    left: u64,
    limit: u64,
}

impl Budget<'_> {
    /// The text of the archive member `name`, if there is one, counted against the budget.
    fn read(&mut self, archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>> {
        let Some(index) = archive.index_for_name(name) else { return Ok(None) };
        let entry = archive
            .by_index(index)
            .map_err(|error| Error::problem(self.label, format!("cannot open {name} in the archive ({error})")))?;
        if entry.size() > self.left {
            return Err(self.too_large(name));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .take(self.left.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|error| Error::problem(self.label, format!("cannot decompress {name} ({error})")))?;
        if bytes.len() as u64 > self.left {
            return Err(self.too_large(name));
        }
        self.left -= bytes.len() as u64;
        String::from_utf8(bytes).map(Some).map_err(|_| Error::problem(self.label, format!("{name} is not UTF-8 XML")))
    }

    fn too_large(&self, name: &str) -> Error {
        Error::problem(
            self.label,
            format!(
                "decompresses to more than the limit of {} bytes (at {name}); raise it with --max-input-bytes if \
                 the document is genuine",
                self.limit
            ),
        )
    }
}

/// Paragraph style ids that are headings, with their level (`Title` counts as level 1).
fn heading_styles(xml: &str) -> HashMap<String, usize> {
    let mut headings = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) | Ok(Event::Empty(element)) => match local(&element).as_str() {
                "style" => current = attribute(&element, "w:styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (&current, attribute(&element, "w:val"))
                        && let Some(level) = heading_level(&name)
                    {
                        headings.insert(id.clone(), level);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    headings
}

/// "heading 2" -> 2, "Title" -> 1.
fn heading_level(style_name: &str) -> Option<usize> {
    let lowered = style_name.to_ascii_lowercase();
    if lowered == "title" {
        return Some(1);
    }
    let level: usize = lowered.strip_prefix("heading")?.trim().parse().ok()?;
    Some(level.clamp(1, 6))
}

/// Which numbered lists are bulleted, by numbering id and level.
#[derive(Debug, Default)]
struct Numbering {
    /// abstract numbering id -> level -> format (`bullet`, `decimal`, ...).
    formats: HashMap<String, HashMap<String, String>>,
    /// numbering id -> abstract numbering id.
    abstracts: HashMap<String, String>,
}

impl Numbering {
    fn read(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abstract_id, mut level, mut num_id) = (None::<String>, None::<String>, None::<String>);
        loop {
            match reader.read_event() {
                Ok(Event::Start(element)) | Ok(Event::Empty(element)) => match local(&element).as_str() {
                    "abstractNum" => abstract_id = attribute(&element, "w:abstractNumId"),
                    "lvl" => level = attribute(&element, "w:ilvl"),
                    "numFmt" => {
                        if let (Some(id), Some(level), Some(format)) =
                            (&abstract_id, &level, attribute(&element, "w:val"))
                        {
                            numbering.formats.entry(id.clone()).or_default().insert(level.clone(), format);
                        }
                    }
                    "num" => num_id = attribute(&element, "w:numId"),
                    "abstractNumId" => {
                        if let (Some(num), Some(id)) = (&num_id, attribute(&element, "w:val")) {
                            numbering.abstracts.insert(num.clone(), id);
                        }
                    }
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        numbering
    }

    fn is_bullet(&self, num_id: &str, level: &str) -> bool {
        self.abstracts
            .get(num_id)
            .and_then(|id| self.formats.get(id))
            .and_then(|levels| levels.get(level))
            .is_none_or(|format| format == "bullet")
    }
}

/// The core properties as header fields.
fn core_properties(xml: &str) -> Vec<FieldSource> {
    let wanted = [("title", "Title"), ("creator", "Author"), ("created", "Published"), ("modified", "Updated")];
    let mut values: HashMap<&str, String> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut open: Option<&str> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) => {
                let name = local(&element);
                open = wanted.iter().map(|(element, _)| *element).find(|element| *element == name);
            }
            Ok(Event::Text(text)) => {
                if let Some(element) = open {
                    values.entry(element).or_default().push_str(&text.xml10_content());
                }
            }
            Ok(Event::GeneralRef(reference)) => {
                if let (Some(element), Some(character)) = (open, resolve_reference(&reference)) {
                    values.entry(element).or_default().push(character);
                }
            }
            Ok(Event::End(_)) => open = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    wanted
        .iter()
        .filter_map(|(element, key)| {
            let value = super::collapse_whitespace(values.get(element)?);
            let value = if matches!(*element, "created" | "modified") {
                value.get(..10).filter(|day| crate::dates::Date::parse(day).is_ok())?.to_string()
            } else {
                value
            };
            let prefix = if matches!(*element, "title" | "creator") { "dc" } else { "dcterms" };
            (!value.is_empty()).then(|| FieldSource {
                key,
                value,
                source: format!("the document's core properties ({prefix}:{element})"),
            })
        })
        .collect()
}

/// The body's blocks and how many tracked changes it carries.
#[derive(Debug, Default)]
struct Body {
    blocks: Vec<String>,
    unaccepted_changes: usize,
}

/// The paragraph being read.
#[derive(Debug, Default)]
struct ParagraphState {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    level: Option<String>,
}

impl Body {
    fn read(xml: &str, headings: &HashMap<String, usize>, numbering: &Numbering) -> std::result::Result<Body, String> {
        let mut body = Body::default();
        let mut reader = Reader::from_str(xml);
        let mut paragraph: Option<ParagraphState> = None;
        // Depth inside deleted text (`w:del`, `w:moveFrom`), skipped.
        let mut deleted = 0usize;
        let mut in_text = false;
        // Tables being read: rows of cells of paragraph texts.
        let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
        let mut counters: HashMap<(String, String), usize> = HashMap::new();
        loop {
            let event = reader.read_event().map_err(|error| error.to_string())?;
            match event {
                Event::Start(element) => match local(&element).as_str() {
                    "p" => paragraph = Some(ParagraphState::default()),
                    "del" | "moveFrom" => {
                        deleted += 1;
                        body.unaccepted_changes += 1;
                    }
                    "ins" | "moveTo" => body.unaccepted_changes += 1,
                    "t" => in_text = true,
                    "tbl" => tables.push(Vec::new()),
                    "tr" => {
                        if let Some(table) = tables.last_mut() {
                            table.push(Vec::new());
                        }
                    }
                    "tc" => {
                        if let Some(row) = tables.last_mut().and_then(|table| table.last_mut()) {
                            row.push(String::new());
                        }
                    }
                    name => paragraph_property(name, &element, paragraph.as_mut(), &mut body),
                },
                Event::Empty(element) => match local(&element).as_str() {
                    "tab" if deleted == 0 => push_text(paragraph.as_mut(), " "),
                    "br" | "cr" if deleted == 0 => push_text(paragraph.as_mut(), "\n"),
                    name => paragraph_property(name, &element, paragraph.as_mut(), &mut body),
                },
                Event::Text(text) if in_text && deleted == 0 => push_text(paragraph.as_mut(), &text.xml10_content()),
                Event::GeneralRef(reference) if in_text && deleted == 0 => {
                    if let Some(character) = resolve_reference(&reference) {
                        push_text(paragraph.as_mut(), character.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::End(element) => match element.local_name().as_ref() {
                    "t" => in_text = false,
                    "del" | "moveFrom" => deleted = deleted.saturating_sub(1),
                    "p" => {
                        let Some(state) = paragraph.take() else { continue };
                        let text = tidy(&state.text);
                        if text.is_empty() {
                            continue;
                        }
                        let cell = tables.last_mut().and_then(|table| table.last_mut()).and_then(|row| row.last_mut());
                        match cell {
                            Some(cell) => {
                                if !cell.is_empty() {
                                    cell.push(' ');
                                }
                                cell.push_str(&text.replace('\n', " "));
                            }
                            None => body.blocks.push(block(state, text, headings, numbering, &mut counters)),
                        }
                    }
                    "tbl" => {
                        if let Some(rows) = tables.pop() {
                            let written = table_text(&rows);
                            match tables.last_mut().and_then(|table| table.last_mut()).and_then(|row| row.last_mut()) {
                                // A table in a cell joins the cell's text.
                                Some(cell) => cell.push_str(&written.replace('\n', " ")),
                                None if !written.is_empty() => body.blocks.push(written),
                                None => {}
                            }
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(body)
    }
}

/// Reads a paragraph property (style, list numbering) or counts a formatting change.
fn paragraph_property(name: &str, element: &BytesStart, paragraph: Option<&mut ParagraphState>, body: &mut Body) {
    match name {
        "rPrChange" | "pPrChange" => body.unaccepted_changes += 1,
        "pStyle" => {
            if let Some(paragraph) = paragraph {
                paragraph.style = attribute(element, "w:val");
            }
        }
        "numId" => {
            if let Some(paragraph) = paragraph {
                paragraph.num_id = attribute(element, "w:val").filter(|id| id != "0");
            }
        }
        "ilvl" => {
            if let Some(paragraph) = paragraph {
                paragraph.level = attribute(element, "w:val");
            }
        }
        _ => {}
    }
}

fn push_text(paragraph: Option<&mut ParagraphState>, text: &str) {
    if let Some(paragraph) = paragraph {
        paragraph.text.push_str(text);
    }
}

/// A finished paragraph as a heading, a list item or plain text.
fn block(
    state: ParagraphState,
    text: String,
    headings: &HashMap<String, usize>,
    numbering: &Numbering,
    counters: &mut HashMap<(String, String), usize>,
) -> String {
    if let Some(level) =
        state.style.as_deref().and_then(|style| headings.get(style).copied().or_else(|| heading_level(style)))
    {
        return format!("{} {}", "#".repeat(level), text.replace('\n', " "));
    }
    if let Some(num_id) = state.num_id {
        let level = state.level.unwrap_or_else(|| "0".to_string());
        let depth: usize = level.parse().unwrap_or(0).min(8);
        let indent = "  ".repeat(depth);
        let text = text.replace('\n', " ");
        if numbering.is_bullet(&num_id, &level) {
            return format!("{indent}- {text}");
        }
        let counter = counters.entry((num_id, level)).or_insert(0);
        *counter += 1;
        return format!("{indent}{counter}. {text}");
    }
    text
}

/// Rows as `| a | b |` lines, the first row as a header.
fn table_text(rows: &[Vec<String>]) -> String {
    let mut lines = Vec::new();
    for (index, row) in rows.iter().filter(|row| !row.is_empty()).enumerate() {
        let cells: Vec<String> = row.iter().map(|cell| cell.replace('|', "\\|")).collect();
        lines.push(format!("| {} |", cells.join(" | ")));
        if index == 0 && rows.len() > 1 {
            lines.push(format!("|{}", " --- |".repeat(row.len())));
        }
    }
    lines.join("\n")
}

/// Each line trimmed and squeezed, blank lines dropped.
fn tidy(text: &str) -> String {
    text.lines().map(super::collapse_whitespace).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("\n")
}

/// An element's name without its namespace prefix.
fn local(element: &BytesStart) -> String {
    element.local_name().as_ref().to_string()
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element.try_get_attribute(name).ok().flatten().and_then(|value| {
        value.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|value| value.into_owned())
    })
}

/// `&amp;` and the other predefined entities, and character references.
fn resolve_reference(reference: &quick_xml::events::BytesRef) -> Option<char> {
    if let Ok(Some(character)) = reference.resolve_char_ref() {
        return Some(character);
    }
    match reference.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}
