//! `dossier align` renderers: table, markdown, csv, json, and the `--suggest` YAML stubs.
//!
//! In the table the matched words are marked «like this» whatever the colour setting:
//! comfy-table measures cells by their characters, so ANSI codes inside a cell would break
//! its widths; colour goes to whole cells instead (the date check, the dates).

use std::io::{self, Write};
use std::ops::Range;

use comfy_table::{Cell, Color, ColumnConstraint, Table, Width, presets};
use unicode_width::UnicodeWidthStr;

use super::{Style, escape_markdown_cell, neutralize_csv_cell, sanitize_terminal, set_bold_header, terminal_table};
use crate::report::align::{AlignReport, DateCheck, EventLinks, EvidenceKind, Mention};

/// Excerpts show about this many characters of the sentence around the first match.
const EXCERPT_CHARS: usize = 160;

fn check_label(check: DateCheck) -> &'static str {
    match check {
        DateCheck::Consistent => "consistent",
        DateCheck::Conflict => "conflict",
        DateCheck::NoDateInText => "no date in text",
        DateCheck::NotMentioned => "not mentioned",
    }
}

fn kind_label(kind: EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::Alias => "alias",
        EvidenceKind::Actor => "actor",
        EvidenceKind::Place => "place",
        EvidenceKind::Title => "title",
        EvidenceKind::Date => "date",
        EvidenceKind::Reference => "reference",
    }
}

/// "¶2.1, ¶3.6": where an event is mentioned, in text order.
fn places(event: &EventLinks) -> String {
    let mut places: Vec<(usize, usize)> =
        event.mentions.iter().map(|mention| (mention.paragraph, mention.sentence)).collect();
    places.sort_unstable();
    places.iter().map(|(paragraph, sentence)| format!("¶{paragraph}.{sentence}")).collect::<Vec<_>>().join(", ")
}

/// The sentence around its first match, shortened to about `EXCERPT_CHARS`, line breaks as
/// spaces, each match passed through `mark`, the rest through `plain`.
fn excerpt(mention: &Mention, plain: &dyn Fn(&str) -> String, mark: &dyn Fn(&str) -> String) -> String {
    let text = mention.text.as_str();
    let mut spans: Vec<Range<usize>> = mention
        .evidence
        .iter()
        .filter_map(|evidence| {
            let start = evidence.start.checked_sub(mention.start)?;
            let end = evidence.end.checked_sub(mention.start)?.min(text.len());
            (start < end && text.is_char_boundary(start) && text.is_char_boundary(end)).then_some(start..end)
        })
        .collect();
    spans.sort_by_key(|span| span.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    let first = merged.first().map_or(0, |span| span.start);
    let window = window(text, first, EXCERPT_CHARS);
    let mut out = String::new();
    if window.start > 0 {
        out.push('…');
    }
    let mut at = window.start;
    for span in &merged {
        let (start, end) = (span.start.max(window.start), span.end.min(window.end));
        if start >= end {
            continue;
        }
        out.push_str(&plain(&text[at.min(start)..start]));
        out.push_str(&mark(&text[start..end]));
        at = end;
    }
    if at < window.end {
        out.push_str(&plain(&text[at..window.end]));
    }
    if window.end < text.len() {
        out.push('…');
    }
    out
}

/// About `limit` characters of `text` starting a little before `focus`, on char boundaries.
fn window(text: &str, focus: usize, limit: usize) -> Range<usize> {
    if text.chars().count() <= limit {
        return 0..text.len();
    }
    let lead = text[..focus].char_indices().rev().nth(40).map_or(0, |(at, _)| at);
    let start = text[..lead].rfind(' ').filter(|_| lead > 0).map_or(lead, |at| at + 1);
    let end = text[start..].char_indices().nth(limit).map_or(text.len(), |(at, _)| start + at);
    let end = if end < text.len() { text[start..end].rfind(' ').map_or(end, |at| start + at) } else { end };
    start..end.max(start)
}

fn one_line(text: &str) -> String {
    sanitize_terminal(text).replace(['\n', '\r', '\t'], " ")
}

fn new_table(style: &Style, header: &[&str]) -> Table {
    let mut table = terminal_table(style, presets::UTF8_FULL);
    set_bold_header(&mut table, style, header);
    table
}

fn coloured(text: String, color: Option<Color>, style: &Style) -> Cell {
    match color {
        Some(color) if style.color => Cell::new(text).fg(color),
        _ => Cell::new(text),
    }
}

/// A range breaks after its slash, so the date column needs only the width of one end.
fn date_cell(event: &EventLinks) -> String {
    one_line(&event.date.text).replace('/', "/\n")
}

/// The terminal report: per event its date, where it is mentioned, the best excerpt with the
/// matched words marked, and the date check; then conflicts, dates no event accounts for,
/// events not mentioned and paragraphs that mention no event.
pub fn table(report: &AlignReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    write_article_line(report, style, out)?;
    if report.events.is_empty() {
        return writeln!(out, "no events in the timeline");
    }
    writeln!(out, "{}", events_table(report, style))?;
    write_conflicts(report, style, out)?;
    write_unlinked_dates(report, style, out)?;
    write_near_misses(report, style, out)?;
    write_coverage(report, style, out)
}

/// `Title (published 2018-04; 7 paragraphs)`.
fn write_article_line(report: &AlignReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let article = &report.article;
    let name = one_line(article.title.as_deref().unwrap_or(&article.path));
    let published = article.published.as_deref().map_or_else(
        || "no publication date: dates without a year stay unresolved".to_string(),
        |date| format!("published {}", one_line(date)),
    );
    let paragraphs = super::counted(article.paragraphs, "paragraph", "paragraphs");
    write_wrapped(out, &format!("{name} ({published}; {paragraphs})"), style.width)
}

/// One row per event: date, title, places, the best excerpt, the date check.
fn events_table(report: &AlignReport, style: &Style) -> Table {
    let mut events = new_table(style, &["Date", "Event", "Where", "Excerpt", "Check"]);
    for event in &report.events {
        let best = event.mentions.first();
        let text = best.map_or_else(String::new, |mention| {
            excerpt(mention, &one_line, &|matched| format!("«{}»", one_line(matched)))
        });
        let check_color = match event.date_check {
            DateCheck::Conflict => Some(Color::Red),
            DateCheck::Consistent => Some(Color::Green),
            _ => Some(Color::DarkGrey),
        };
        events.add_row(vec![
            coloured(date_cell(event), Some(Color::Cyan), style),
            Cell::new(one_line(&event.title)),
            Cell::new(places(event)),
            Cell::new(text),
            coloured(check_label(event.date_check).to_string(), check_color, style),
        ]);
    }
    // Dates and checks are short and read badly broken; the excerpt takes what is left. A fixed
    // width counts the cell's padding and a border.
    let fixed = |texts: &mut dyn Iterator<Item = usize>| {
        let widest = texts.max().unwrap_or(0).max(5) + 3;
        ColumnConstraint::Absolute(Width::Fixed(u16::try_from(widest.min(style.width / 4)).unwrap_or(u16::MAX)))
    };
    let date_width =
        fixed(&mut report.events.iter().flat_map(|event| date_cell(event).lines().map(str::width).collect::<Vec<_>>()));
    let check_width = fixed(&mut report.events.iter().map(|event| check_label(event.date_check).width()));
    for (index, constraint) in [
        (0, date_width),
        (1, ColumnConstraint::UpperBoundary(Width::Percentage(22))),
        (2, ColumnConstraint::UpperBoundary(Width::Percentage(12))),
        (4, check_width),
    ] {
        if let Some(column) = events.column_mut(index) {
            column.set_constraint(constraint);
        }
    }
    events
}

fn write_conflicts(report: &AlignReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if report.conflicts.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nDate conflicts")?;
    let mut conflicts = new_table(style, &["Event", "Where", "Text says", "Of", "Timeline", "Days apart"]);
    for conflict in &report.conflicts {
        conflicts.add_row(vec![
            Cell::new(one_line(&conflict.event)),
            Cell::new(format!("¶{}.{}", conflict.paragraph, conflict.sentence)),
            coloured(
                format!("{} ({})", one_line(&conflict.text), one_line(&conflict.text_date.text)),
                Some(Color::Red),
                style,
            ),
            Cell::new(one_line(&conflict.tied_to)),
            Cell::new(one_line(&conflict.timeline_date.text)),
            Cell::new(conflict.days_apart.to_string()),
        ]);
    }
    writeln!(out, "{conflicts}")
}

fn write_unlinked_dates(report: &AlignReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let unlinked: Vec<_> = report.date_mentions.iter().filter(|mention| mention.events.is_empty()).collect();
    if unlinked.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nDates linked to no event")?;
    let mut dates = new_table(style, &["Where", "Text", "Date"]);
    for mention in unlinked {
        let date = match (&mention.date, &mention.unresolved) {
            (Some(date), _) => one_line(&date.text),
            (None, Some(reason)) => format!("unresolved: {}", one_line(reason)),
            (None, None) => "unresolved".to_string(),
        };
        dates.add_row(vec![
            Cell::new(format!("¶{}.{}", mention.paragraph, mention.sentence)),
            Cell::new(one_line(&mention.text)),
            Cell::new(date),
        ]);
    }
    writeln!(out, "{dates}")
}

fn write_near_misses(report: &AlignReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if report.near_misses.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nNot linked (--explain)")?;
    let mut misses = new_table(style, &["Event", "Where", "Evidence", "Why not"]);
    for miss in &report.near_misses {
        misses.add_row(vec![
            Cell::new(one_line(&miss.event)),
            Cell::new(format!("¶{}.{}", miss.paragraph, miss.sentence)),
            Cell::new(evidence_list(&miss.evidence)),
            Cell::new(one_line(&miss.reason)),
        ]);
    }
    writeln!(out, "{misses}")
}

/// Events not mentioned, paragraphs that mention no event, and the counts.
fn write_coverage(report: &AlignReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let unmentioned: Vec<String> = report
        .events
        .iter()
        .filter(|event| event.date_check == DateCheck::NotMentioned)
        .map(|event| format!("{} ({})", one_line(&event.id), one_line(&event.date.text)))
        .collect();
    if !unmentioned.is_empty() {
        writeln!(out)?;
        write_wrapped(out, &format!("Events not mentioned: {}", unmentioned.join(", ")), style.width)?;
    }
    if !report.unlinked_paragraphs.is_empty() {
        let numbers: Vec<String> = report.unlinked_paragraphs.iter().map(|number| format!("¶{number}")).collect();
        write_wrapped(out, &format!("Paragraphs mentioning no event: {}", numbers.join(", ")), style.width)?;
    }
    let mentioned = report.events.len() - unmentioned.len();
    writeln!(
        out,
        "\n{mentioned} of {} mentioned, {} date conflict{}",
        super::counted(report.events.len(), "event", "events"),
        report.conflicts.len(),
        if report.conflicts.len() == 1 { "" } else { "s" }
    )
}

/// "actor Wang Yi 1.5, date April 4-5 2.5": each piece of evidence with its weight.
fn evidence_list(evidence: &[crate::report::align::Evidence]) -> String {
    let pieces: Vec<String> = evidence
        .iter()
        .map(|piece| format!("{} {} {:.2}", kind_label(piece.kind), one_line(&piece.text), piece.score))
        .collect();
    pieces.join(", ")
}

/// Writes `text` in lines of at most `width` columns, broken at spaces (a longer word
/// stands alone), continuation lines indented by two.
fn write_wrapped(out: &mut dyn Write, text: &str, width: usize) -> io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let mut line = String::new();
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        if !line.trim().is_empty() && line.width() + 1 + word.width() > width {
            writeln!(out, "{line}")?;
            line = "  ".to_string();
        } else if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    writeln!(out, "{line}")
}

fn markdown_text(text: &str) -> String {
    escape_markdown_cell(&text.replace('\t', " "))
}

/// The same sections as the table, as Markdown tables; matched words in bold.
pub fn markdown(report: &AlignReport, out: &mut dyn Write) -> io::Result<()> {
    let article = &report.article;
    writeln!(out, "# Events in {}\n", markdown_text(article.title.as_deref().unwrap_or(&article.path)))?;
    match &article.published {
        Some(date) => {
            writeln!(out, "Published {}; {}.\n", markdown_text(date), counted_paragraphs(article.paragraphs))?
        }
        None => writeln!(out, "No publication date; {}.\n", counted_paragraphs(article.paragraphs))?,
    }
    writeln!(out, "| Date | Event | Where | Excerpt | Check |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for event in &report.events {
        let text = event.mentions.first().map_or_else(String::new, |mention| {
            excerpt(mention, &markdown_text, &|matched| format!("**{}**", markdown_text(matched)))
        });
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            markdown_text(&event.date.text),
            markdown_text(&event.title),
            places(event),
            text,
            check_label(event.date_check)
        )?;
    }
    if !report.conflicts.is_empty() {
        writeln!(out, "\n## Date conflicts\n")?;
        writeln!(out, "| Event | Where | Text says | Of | Timeline | Days apart |")?;
        writeln!(out, "| --- | --- | --- | --- | --- | --- |")?;
        for conflict in &report.conflicts {
            writeln!(
                out,
                "| {} | ¶{}.{} | {} ({}) | {} | {} | {} |",
                markdown_text(&conflict.event),
                conflict.paragraph,
                conflict.sentence,
                markdown_text(&conflict.text),
                markdown_text(&conflict.text_date.text),
                markdown_text(&conflict.tied_to),
                markdown_text(&conflict.timeline_date.text),
                conflict.days_apart
            )?;
        }
    }
    if !report.near_misses.is_empty() {
        writeln!(out, "\n## Not linked (--explain)\n")?;
        writeln!(out, "| Event | Where | Evidence | Why not |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for miss in &report.near_misses {
            writeln!(
                out,
                "| {} | ¶{}.{} | {} | {} |",
                markdown_text(&miss.event),
                miss.paragraph,
                miss.sentence,
                markdown_text(&evidence_list(&miss.evidence)),
                markdown_text(&miss.reason)
            )?;
        }
    }
    let unlinked: Vec<_> = report.date_mentions.iter().filter(|mention| mention.events.is_empty()).collect();
    if !unlinked.is_empty() {
        writeln!(out, "\n## Dates linked to no event\n")?;
        writeln!(out, "| Where | Text | Date |")?;
        writeln!(out, "| --- | --- | --- |")?;
        for mention in unlinked {
            let date = mention.date.as_ref().map_or("unresolved", |date| date.text.as_str());
            writeln!(
                out,
                "| ¶{}.{} | {} | {} |",
                mention.paragraph,
                mention.sentence,
                markdown_text(&mention.text),
                markdown_text(date)
            )?;
        }
    }
    let unmentioned: Vec<String> = report
        .events
        .iter()
        .filter(|event| event.date_check == DateCheck::NotMentioned)
        .map(|event| markdown_text(&event.id))
        .collect();
    if !unmentioned.is_empty() {
        writeln!(out, "\nEvents not mentioned: {}.", unmentioned.join(", "))?;
    }
    if !report.unlinked_paragraphs.is_empty() {
        let numbers: Vec<String> = report.unlinked_paragraphs.iter().map(|number| format!("¶{number}")).collect();
        writeln!(out, "\nParagraphs mentioning no event: {}.", numbers.join(", "))?;
    }
    Ok(())
}

/// One row per event and passage (events not mentioned get one row with empty passage
/// fields); evidence as `kind:text` joined with "; "; cells safe for spreadsheets.
pub fn csv(report: &AlignReport, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "event",
        "title",
        "date",
        "date_check",
        "paragraph",
        "sentence",
        "start",
        "end",
        "score",
        "evidence",
        "text",
    ])?;
    for event in &report.events {
        let fixed =
            [event.id.clone(), event.title.clone(), event.date.text.clone(), check_label(event.date_check).into()];
        if event.mentions.is_empty() {
            let row = fixed.iter().cloned().chain(std::iter::repeat_n(String::new(), 7));
            writer.write_record(row.map(|cell| neutralize_csv_cell(&cell)))?;
        }
        for mention in &event.mentions {
            let evidence = mention
                .evidence
                .iter()
                .map(|evidence| format!("{}:{}", kind_label(evidence.kind), evidence.text))
                .collect::<Vec<_>>()
                .join("; ");
            let row = fixed.iter().cloned().chain([
                mention.paragraph.to_string(),
                mention.sentence.to_string(),
                mention.start.to_string(),
                mention.end.to_string(),
                mention.score.to_string(),
                evidence,
                mention.text.clone(),
            ]);
            writer.write_record(row.map(|cell| neutralize_csv_cell(&cell)))?;
        }
    }
    writer.flush()
}

/// The report as pretty-printed JSON, with a newline at the end.
pub fn json(report: &AlignReport, out: &mut dyn Write) -> io::Result<()> {
    // Buffered: the writer may be an unbuffered file, and serde writes in small pieces.
    let mut buffered = io::BufWriter::new(out);
    super::write_json(report, &mut buffered)?;
    buffered.flush()
}

/// The dates no event accounts for, as YAML event stubs to paste under `events:`. Strings
/// are written as JSON strings, which YAML reads as double-quoted scalars.
pub fn suggestions(report: &AlignReport, out: &mut dyn Write) -> io::Result<()> {
    // A JSON string is a YAML double-quoted scalar; the project's writer also escapes DEL, C1
    // and bidirectional controls, which serde_json writes raw.
    let quote = |text: &str| {
        let mut quoted = Vec::with_capacity(text.len() + 2);
        super::push_json_string(&mut quoted, text);
        String::from_utf8(quoted).unwrap_or_default()
    };
    if report.candidates.is_empty() {
        return writeln!(out, "# every date in {} belongs to a timeline event", quote(&report.article.path));
    }
    writeln!(
        out,
        "# Dates in {} that no timeline event accounts for; paste under `events:`.",
        quote(&report.article.path)
    )?;
    for candidate in &report.candidates {
        writeln!(out, "- id: {}", quote(&candidate.id))?;
        writeln!(out, "  title: {}", quote(&candidate.title))?;
        writeln!(out, "  date: {}", quote(&candidate.date))?;
        writeln!(
            out,
            "  notes: {}",
            quote(&format!("¶{}.{}: {}", candidate.paragraph, candidate.sentence, candidate.text))
        )?;
    }
    Ok(())
}

/// "1 paragraph", "7 paragraphs".
fn counted_paragraphs(count: usize) -> String {
    super::counted(count, "paragraph", "paragraphs")
}
