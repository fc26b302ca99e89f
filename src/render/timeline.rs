//! `timeline show` renderers: table, markdown, csv, json. Each writes a `TimelineReport` as
//! it is, in the report's order.

use std::io::{self, Write};

use comfy_table::{Cell, Color, ColumnConstraint, Width, presets};
use unicode_width::UnicodeWidthStr;

use super::{Style, escape_markdown_cell, neutralize_csv_cell, sanitize_terminal, set_bold_header, terminal_table};
use crate::report::timeline::{EventRecord, TimelineReport};

const COLUMNS: [&str; 5] = ["Date", "Event", "Actors", "Places", "Tags"];

/// What the Date column shows: the analyst's wording when there is one, else the canonical form.
fn shown_date(event: &EventRecord) -> &str {
    event.display.as_deref().unwrap_or(&event.date.text)
}

/// The five reader-facing cells of an event: date, title, actors, places, tags.
fn reader_cells(event: &EventRecord) -> [String; 5] {
    [
        shown_date(event).to_string(),
        event.title.clone(),
        event.actors.join(", "),
        event.places.join(", "),
        event.tags.join(", "),
    ]
}

/// A terminal table fitted to `style.width`, long cells wrapped; colour only if `style.color`.
pub fn table(report: &TimelineReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if let Some(title) = &report.title {
        let title = terminal_text(title);
        if style.color {
            let bold = super::ansi::BOLD;
            writeln!(out, "{}{title}{}", bold.render(), bold.render_reset())?;
        } else {
            writeln!(out, "{title}")?;
        }
    }
    if report.events.is_empty() {
        return writeln!(out, "no events");
    }
    let mut table = terminal_table(style, presets::UTF8_FULL);
    set_bold_header(&mut table, style, &COLUMNS);
    // Dates are short and read badly when broken: keep them whole unless they would crowd out
    // the titles.
    let widest_date = report.events.iter().map(|event| shown_date(event).width()).max().unwrap_or(0);
    for event in &report.events {
        let [date, rest @ ..] = reader_cells(event).map(|text| terminal_text(&text));
        let date = if style.color { Cell::new(date).fg(Color::Cyan) } else { Cell::new(date) };
        let mut row = vec![date];
        row.extend(rest.into_iter().map(Cell::new));
        table.add_row(row);
    }
    let longest_date_word = report
        .events
        .iter()
        .flat_map(|event| shown_date(event).split_whitespace().map(UnicodeWidthStr::width).max())
        .max()
        .unwrap_or(0);
    // A fixed column width counts its padding and a border.
    const FRAME: usize = 3;
    let date_width = if widest_date + FRAME <= style.width / 4 {
        widest_date + FRAME
    } else {
        (style.width / 5).max((longest_date_word + FRAME).min(style.width * 2 / 5))
    };
    if let Some(column) = table.column_mut(0) {
        let lower = (longest_date_word + FRAME).min(date_width);
        column.set_constraint(ColumnConstraint::Boundaries {
            lower: Width::Fixed(u16::try_from(lower).unwrap_or(u16::MAX)),
            upper: Width::Fixed(u16::try_from(date_width).unwrap_or(u16::MAX)),
        });
    }
    // The title is what a reader scans: the lists give it room, but never so little that a
    // name ("Washington", "united-states") is broken inside.
    for (index, percent) in [(2, 18), (3, 12), (4, 14)] {
        let longest_word = report
            .events
            .iter()
            .flat_map(|event| reader_cells(event)[index].split_whitespace().map(UnicodeWidthStr::width).max())
            .max()
            .unwrap_or(0);
        let lower = (longest_word + 2).min(style.width / 6);
        let upper = (style.width * percent / 100).max(lower);
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(ColumnConstraint::Boundaries {
                lower: Width::Fixed(u16::try_from(lower).unwrap_or(u16::MAX)),
                upper: Width::Fixed(u16::try_from(upper).unwrap_or(u16::MAX)),
            });
        }
    }
    writeln!(out, "{table}")?;
    let count = report.events.len();
    writeln!(out, "{count} event{}", if count == 1 { "" } else { "s" })
}

/// Input text made harmless for a terminal; tabs become spaces so that cell widths hold.
fn terminal_text(text: &str) -> String {
    sanitize_terminal(text).replace('\t', " ")
}

/// A heading with the title, then a table of the reader-facing columns.
pub fn markdown(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    let title = report.title.as_deref().unwrap_or("Timeline");
    writeln!(out, "# {}\n", escape_markdown_cell(title))?;
    if report.events.is_empty() {
        return writeln!(out, "No events.");
    }
    writeln!(out, "| {} |", COLUMNS.join(" | "))?;
    writeln!(out, "|{}", " --- |".repeat(COLUMNS.len()))?;
    for event in &report.events {
        let cells = reader_cells(event).map(|cell| escape_markdown_cell(&cell.replace('\t', " ")));
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// Every field of every event, lists joined with "; ", cells safe to open in a spreadsheet.
pub fn csv(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id",
        "title",
        "date",
        "start",
        "end",
        "precision",
        "approximate",
        "uncertain",
        "display",
        "aliases",
        "actors",
        "places",
        "tags",
        "sources",
        "notes",
    ])?;
    for event in &report.events {
        let date = &event.date;
        let precision = serde_json::to_value(date.precision).ok();
        let record = [
            event.id.clone(),
            event.title.clone(),
            date.text.clone(),
            date.start.clone().unwrap_or_default(),
            date.end.clone().unwrap_or_default(),
            precision.as_ref().and_then(|value| value.as_str()).unwrap_or_default().to_string(),
            date.approximate.to_string(),
            date.uncertain.to_string(),
            event.display.clone().unwrap_or_default(),
            event.aliases.join("; "),
            event.actors.join("; "),
            event.places.join("; "),
            event.tags.join("; "),
            event.sources.join("; "),
            event.notes.clone().unwrap_or_default(),
        ];
        writer.write_record(record.iter().map(|cell| neutralize_csv_cell(cell)))?;
    }
    writer.flush()
}

/// The report as pretty-printed JSON, with a newline at the end.
pub fn json(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(report, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Date;
    use crate::timeline::Event;

    fn event(id: &str, title: &str, date: &str) -> EventRecord {
        EventRecord::from(&Event::new(id, title, Date::parse(date).unwrap()))
    }

    fn report(events: Vec<EventRecord>) -> TimelineReport {
        TimelineReport { schema_version: 1, title: Some("T | x".into()), events }
    }

    fn render(write: impl Fn(&TimelineReport, &mut dyn Write) -> io::Result<()>, report: &TimelineReport) -> String {
        let mut out = Vec::new();
        write(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn hostile() -> EventRecord {
        let mut hostile = event("h", "=HYPERLINK(\"x\")\u{1b}[31m | `a`\nb", "-0044-03-15");
        hostile.actors = vec!["@me".into(), "-you".into()];
        hostile.display = Some("+1\tday".into());
        hostile
    }

    #[test]
    fn the_table_fits_the_width_and_wraps() {
        let mut long = event("a", &"word ".repeat(40), "2018-04-04/2018-04-05");
        long.actors = vec!["Wang Yi".into(), "Sergey Lavrov".into()];
        let style = Style { color: false, width: 70 };
        let text = render(|report, out| table(report, &style, out), &report(vec![long]));
        for line in text.lines() {
            assert!(line.width() <= 70, "{line:?}");
        }
        assert!(text.lines().count() > 8, "{text}");
        assert!(text.contains("2018-04-04/2018-04-05"), "{text}");
        assert!(text.ends_with("1 event\n"), "{text}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn the_table_is_coloured_only_when_asked() {
        let style = Style { color: true, width: 80 };
        let text = render(|report, out| table(report, &style, out), &report(vec![event("a", "A", "1992")]));
        assert!(text.contains("\u{1b}["), "{text}");
    }

    #[test]
    fn terminal_escapes_in_the_input_are_shown_not_run() {
        let style = Style::default();
        let text = render(|report, out| table(report, &style, out), &report(vec![hostile()]));
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("\\u{1b}[31m"), "{text}");
        assert!(!text.contains('\t'));
    }

    #[test]
    fn an_empty_report_says_so() {
        let style = Style::default();
        assert_eq!(render(|report, out| table(report, &style, out), &report(Vec::new())), "T | x\nno events\n");
        assert_eq!(render(markdown, &report(Vec::new())), "# T \\| x\n\nNo events.\n");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        let text = render(markdown, &report(vec![hostile()]));
        let row = text.lines().last().unwrap();
        assert_eq!(row, "| +1 day | =HYPERLINK(\"x\")\\u{1b}\\[31m \\| \\`a\\`<br>b | @me, -you |  |  |",);
    }

    #[test]
    fn csv_cells_are_neutralized_and_lists_joined() {
        let text = render(csv, &report(vec![hostile(), event("b", "B", "1992~")]));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][1], "'=HYPERLINK(\"x\")\\u{1b}[31m | `a`\nb");
        assert_eq!(&rows[0][2], "'-0044-03-15");
        assert_eq!(&rows[0][5], "day");
        assert_eq!(&rows[0][8], "'+1\tday");
        assert_eq!(&rows[0][10], "'@me; -you");
        let date_cells: Vec<&str> = rows[1].iter().skip(2).take(6).collect();
        assert_eq!(date_cells, ["1992~", "1992-01-01", "1992-12-31", "year", "true", "false"]);
    }

    #[test]
    fn json_follows_the_contract() {
        let text = render(json, &report(vec![event("a", "A", "../1992")]));
        assert!(text.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["schema_version"], 1);
        assert_eq!(
            value["events"][0]["date"],
            serde_json::json!({"text": "../1992", "start": null, "end": "1992-12-31", "precision": "year",
                               "approximate": false, "uncertain": false})
        );
    }
}
