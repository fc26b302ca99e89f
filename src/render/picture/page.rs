//! `timeline show --format html`: the timeline picture and the event table on one
//! self-contained page that also prints (A4 or Letter) without cutting a row in two.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::timeline::{Heading, svg_document};
use super::xml;
use crate::render::safe_link;
use crate::report::timeline::{EventRecord, TimelineReport};

/// The picture's width on the page: wide on screen, scaled to the page width in print.
const PAGE_PICTURE_WIDTH: f64 = 1200.0;

/// A column of the event table: its heading and how one event fills it.
struct Column {
    heading: &'static str,
    cell: fn(&EventRecord) -> String,
}

fn list(items: &[String]) -> String {
    items.iter().map(|item| xml(item)).collect::<Vec<_>>().join(", ")
}

const COLUMNS: [Column; 7] = [
    Column { heading: "Date", cell: date_cell },
    Column { heading: "Event", cell: |event| format!("<strong>{}</strong>", xml(&event.title)) },
    Column { heading: "Tags", cell: |event| list(&event.tags) },
    Column { heading: "Actors", cell: |event| list(&event.actors) },
    Column { heading: "Places", cell: |event| list(&event.places) },
    Column { heading: "Sources", cell: sources_cell },
    Column {
        heading: "Notes",
        cell: |event| event.notes.as_deref().map(|notes| xml(notes).replace('\n', "<br>")).unwrap_or_default(),
    },
];

fn date_cell(event: &EventRecord) -> String {
    match &event.display {
        Some(display) => {
            format!("<span class=\"date\">{}</span><br><code>{}</code>", xml(display), xml(&event.date.text))
        }
        None => format!("<code>{}</code>", xml(&event.date.text)),
    }
}

fn sources_cell(event: &EventRecord) -> String {
    event
        .sources
        .iter()
        .map(|source| match safe_link(source) {
            Some(url) => format!("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", xml(url), xml(source)),
            None => xml(source),
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A self-contained HTML page: the timeline picture and the event table. A column empty in
/// every row is left out.
pub fn timeline_html(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    let title = xml(report.title.as_deref().unwrap_or("Timeline"));
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n\
         </head>\n<body>\n<figure>\n"
    );
    page.push_str(&svg_document(report, &[], PAGE_PICTURE_WIDTH, Heading::Drawn));
    let cells: Vec<Vec<String>> =
        report.events.iter().map(|event| COLUMNS.iter().map(|column| (column.cell)(event)).collect()).collect();
    let shown: Vec<usize> =
        (0..COLUMNS.len()).filter(|&column| column < 2 || cells.iter().any(|row| !row[column].is_empty())).collect();
    page.push_str("</figure>\n<table>\n<thead><tr>");
    for &column in &shown {
        let _ = write!(page, "<th>{}</th>", COLUMNS[column].heading);
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for (event, row) in report.events.iter().zip(&cells) {
        let _ = write!(page, "<tr id=\"{}\">", xml(&event.id));
        for &column in &shown {
            let class = if column == 0 { " class=\"date\"" } else { "" };
            let _ = write!(page, "<td{class}>{}</td>", row[column]);
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

const STYLE: &str = "body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; }
figure { margin: 0 0 24px 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td a { word-break: break-all; }
td.date, .date, code { white-space: nowrap; }
code { font-size: 12px; color: #555; }
@page { margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  figure { overflow: visible; break-inside: avoid; }
  figure svg { width: 100%; }
  table { font-size: 8.5pt; }
  th, td { padding: 3px 5px; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
";

#[cfg(test)]
mod tests {
    use super::super::timeline::tests::sample;
    use super::*;

    fn page(report: &TimelineReport) -> String {
        let mut page = Vec::new();
        timeline_html(report, &mut page).unwrap();
        String::from_utf8(page).unwrap()
    }

    #[test]
    fn hostile_text_is_escaped_in_the_page() {
        let mut report = sample();
        report.title = Some("<script>alert(1)</script>".into());
        report.events[0].title = "</text><script>alert(2)</script> & \"quotes\" \u{1b}[31m".into();
        report.events[0].sources = vec!["javascript:alert(3)".into()];
        report.events[0].notes = Some("<img src=x onerror=alert(4)>".into());
        let page = page(&report);
        assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("href=\"javascript"));
        let document = scraper::Html::parse_document(&page);
        let rows = scraper::Selector::parse("tbody tr").unwrap();
        assert_eq!(document.select(&rows).count(), report.events.len());
    }

    #[test]
    fn columns_empty_in_every_row_are_left_out() {
        let report = sample();
        let page = page(&report);
        let document = scraper::Html::parse_document(&page);
        let headings = scraper::Selector::parse("th").unwrap();
        let headings: Vec<String> = document.select(&headings).map(|th| th.text().collect()).collect();
        // The sample's records have tags and sources, no actors, places or notes.
        assert_eq!(headings, ["Date", "Event", "Tags", "Sources"]);
        let cells = scraper::Selector::parse("tbody tr:first-child td").unwrap();
        assert_eq!(document.select(&cells).count(), headings.len());
    }
}
