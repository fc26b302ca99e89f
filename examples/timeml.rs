//! Scores `find_dates` on TimeML-annotated news (TempEval-3 style, DATE expressions only).
//!
//! Usage: `cargo run --release --example timeml -- DIR [--errors]`, where DIR holds `.tml`
//! files, directly or in sub-directories (TBAQ-cleaned: `TimeBank/` and `AQUAINT/`); each
//! sub-directory is reported apart, then all of them together. `--errors` lists every miss,
//! false alarm, wrong value and span that differs from the gold one.
//!
//! Per file, the document creation time (the TIMEX3 with `functionInDocument="CREATION_TIME"`)
//! is the reference date; the tags inside `<TEXT>` are stripped (offsets kept) and the gold
//! TIMEX3 of type DATE are compared with the mentions found:
//! - relaxed: a system mention and a gold DATE overlap;
//! - strict: same span;
//! - value: relaxed match and the TIMEX3 value of the mention equals the gold value.
//!
//! Precision is over system mentions, recall over gold DATEs. A system mention that overlaps
//! no gold DATE but a gold TIMEX3 of another type (DURATION, TIME, SET) is ignored: it is not
//! counted as a false positive.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use dossier::dates::Date;
use dossier::dates::prose::{DateMention, find_dates};

struct GoldTimex {
    span: Range<usize>,
    kind: String,
    value: String,
}

struct Document {
    name: String,
    reference: Option<Date>,
    text: String,
    gold: Vec<GoldTimex>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    system: usize,
    ignored: usize,
    relaxed_system: usize,
    relaxed_gold: usize,
    strict_system: usize,
    strict_gold: usize,
    value_system: usize,
    value_gold: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.system += other.system;
        self.ignored += other.ignored;
        self.relaxed_system += other.relaxed_system;
        self.relaxed_gold += other.relaxed_gold;
        self.strict_system += other.strict_system;
        self.strict_gold += other.strict_gold;
        self.value_system += other.value_system;
        self.value_gold += other.value_gold;
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: timeml DIR [--errors]");
        std::process::exit(2);
    };
    let show_errors = args.any(|arg| arg == "--errors");
    let parts = collect_parts(Path::new(&dir));
    if parts.is_empty() {
        eprintln!("no .tml files under {dir}");
        std::process::exit(2);
    }
    let started = std::time::Instant::now();
    let mut total = Counts::default();
    let mut rows = Vec::new();
    for (part, files) in &parts {
        let mut counts = Counts::default();
        for file in files {
            let source = fs::read_to_string(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
            let document = parse_document(file, &source);
            counts.add(&score(&document, show_errors));
        }
        total.add(&counts);
        rows.push((format!("{part} ({} files)", files.len()), counts));
    }
    if parts.len() > 1 {
        rows.push(("all".to_string(), total));
    }
    println!("DATE expressions only; system mentions overlapping only a gold DURATION, TIME or SET are ignored.");
    println!(
        "{:<24} {:>5} {:>5} {:>5}   {:>17}   {:>17}   {:>17}",
        "part", "gold", "sys", "ign", "relaxed P/R/F1", "strict P/R/F1", "value P/R/F1"
    );
    for (name, counts) in rows {
        println!(
            "{name:<24} {:>5} {:>5} {:>5}   {}   {}   {}",
            counts.gold,
            counts.system,
            counts.ignored,
            prf(counts.relaxed_system, counts.relaxed_gold, &counts),
            prf(counts.strict_system, counts.strict_gold, &counts),
            prf(counts.value_system, counts.value_gold, &counts),
        );
    }
    eprintln!("scored in {:.2} s", started.elapsed().as_secs_f64());
}

fn prf(system_hits: usize, gold_hits: usize, counts: &Counts) -> String {
    let precision = ratio(system_hits, counts.system);
    let recall = ratio(gold_hits, counts.gold);
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    format!("{precision:.3} {recall:.3} {f1:.3}")
}

fn ratio(hits: usize, total: usize) -> f64 {
    if total == 0 { 0.0 } else { hits as f64 / total as f64 }
}

/// The `.tml` files of DIR grouped by sub-directory (DIR itself when it holds them directly).
fn collect_parts(dir: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut parts: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "tml")
                // macOS copies carry "._NAME.tml" resource files.
                && !entry.file_name().to_string_lossy().starts_with("._")
            {
                let part = current.strip_prefix(dir).unwrap_or(&current).display().to_string();
                let part = if part.is_empty() { ".".to_string() } else { part };
                parts.entry(part).or_default().push(path);
            }
        }
    }
    for files in parts.values_mut() {
        files.sort();
    }
    parts
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let length = tag[start..].find('"')?;
    Some(tag[start..start + length].to_string())
}

fn parse_document(path: &Path, source: &str) -> Document {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let reference = source
        .match_indices("<TIMEX3")
        .filter_map(|(at, _)| source[at..].find('>').map(|end| &source[at..at + end]))
        .find(|tag| attribute(tag, "functionInDocument").as_deref() == Some("CREATION_TIME"))
        .and_then(|tag| attribute(tag, "value"))
        .and_then(|value| Date::parse(value.get(..10).unwrap_or(&value)).ok());
    let body_start = source.find("<TEXT>").map_or(0, |at| at + "<TEXT>".len());
    let body_end = source.rfind("</TEXT>").unwrap_or(source.len());
    let (text, gold) = strip_tags(&source[body_start..body_end]);
    Document { name, reference, text, gold }
}

/// The text without its tags and with entities decoded, and the TIMEX3 spans in it.
fn strip_tags(marked: &str) -> (String, Vec<GoldTimex>) {
    let mut text = String::with_capacity(marked.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = marked;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').map_or(rest.len(), |at| at + 1);
            let tag = &rest[..end];
            if tag.starts_with("<TIMEX3") {
                let kind = attribute(tag, "type").unwrap_or_default();
                let value = attribute(tag, "value").unwrap_or_default();
                open = Some((text.len(), kind, value));
            } else if tag.starts_with("</TIMEX3")
                && let Some((start, kind, value)) = open.take()
            {
                gold.push(GoldTimex { span: start..text.len(), kind, value });
            }
            rest = &rest[end..];
        } else if c == '&' {
            let entity_end = rest.find(';').filter(|&at| at <= 6);
            let decoded = entity_end.and_then(|at| match &rest[..=at] {
                "&amp;" => Some('&'),
                "&lt;" => Some('<'),
                "&gt;" => Some('>'),
                "&quot;" => Some('"'),
                "&apos;" => Some('\''),
                _ => None,
            });
            match (decoded, entity_end) {
                (Some(decoded), Some(at)) => {
                    text.push(decoded);
                    rest = &rest[at + 1..];
                }
                _ => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    (text, gold)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn score(document: &Document, show_errors: bool) -> Counts {
    let mentions = find_dates(&document.text, document.reference.as_ref());
    let gold_dates: Vec<&GoldTimex> = document.gold.iter().filter(|timex| timex.kind == "DATE").collect();
    let mut counts = Counts { gold: gold_dates.len(), ..Counts::default() };
    let mut counted: Vec<(&DateMention, Option<String>)> = Vec::new();
    for mention in &mentions {
        let on_date = gold_dates.iter().any(|gold| overlaps(&gold.span, &mention.span));
        let on_other_type = document.gold.iter().any(|gold| gold.kind != "DATE" && overlaps(&gold.span, &mention.span));
        if !on_date && on_other_type {
            counts.ignored += 1;
            continue;
        }
        counts.system += 1;
        counted.push((mention, mention.timex_value()));
    }
    let snippet = |span: &Range<usize>| document.text[span.clone()].replace('\n', " ");
    for (mention, value) in &counted {
        let relaxed: Vec<&&GoldTimex> = gold_dates.iter().filter(|gold| overlaps(&gold.span, &mention.span)).collect();
        if !relaxed.is_empty() {
            counts.relaxed_system += 1;
        }
        if relaxed.iter().any(|gold| gold.span == mention.span) {
            counts.strict_system += 1;
        } else if show_errors && let Some(gold) = relaxed.first() {
            println!("span   {} {:?} (gold {:?})", document.name, snippet(&mention.span), snippet(&gold.span));
        }
        if relaxed.iter().any(|gold| Some(&gold.value) == value.as_ref()) {
            counts.value_system += 1;
        } else if show_errors {
            let expected: Vec<&str> = relaxed.iter().map(|gold| gold.value.as_str()).collect();
            let label = if relaxed.is_empty() { "false" } else { "value" };
            println!(
                "{label:<6} {} [{}] {:?} => {} (gold {})",
                document.name,
                document.reference.as_ref().map(ToString::to_string).unwrap_or_default(),
                snippet(&mention.span),
                value.as_deref().unwrap_or("-"),
                expected.join(", ")
            );
        }
    }
    for gold in &gold_dates {
        let relaxed: Vec<&(&DateMention, Option<String>)> =
            counted.iter().filter(|(mention, _)| overlaps(&gold.span, &mention.span)).collect();
        if !relaxed.is_empty() {
            counts.relaxed_gold += 1;
        } else if show_errors {
            let context_start = char_boundary(&document.text, gold.span.start.saturating_sub(40));
            let context_end = char_boundary(&document.text, (gold.span.end + 40).min(document.text.len()));
            println!(
                "missed {} [{}] {:?} {} ... {:?}",
                document.name,
                document.reference.as_ref().map(ToString::to_string).unwrap_or_default(),
                snippet(&gold.span),
                gold.value,
                snippet(&(context_start..context_end)),
            );
        }
        if relaxed.iter().any(|(mention, _)| mention.span == gold.span) {
            counts.strict_gold += 1;
        }
        if relaxed.iter().any(|(_, value)| value.as_ref() == Some(&gold.value)) {
            counts.value_gold += 1;
        }
    }
    counts
}

/// The nearest char boundary at or before `at`.
fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
