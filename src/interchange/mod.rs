//! TimelineJS JSON and spreadsheet CSV, and tilse: the timeline written for other tools, and
//! their files read back as a timeline.
//!
//! Every conversion returns, next to its result, what it could not carry over ("losses"), in
//! words, so the command line can warn about them. The conventions, shared by both directions
//! so that an export imports back to the same timeline:
//!
//! - Dates go into TimelineJS date objects at their own precision (a year-only date has no
//!   month or day). Years CE pass through unchanged. BCE years do not: dossier numbers them
//!   astronomically (`-0044` is 45 BCE, `0000` is 1 BCE), TimelineJS historically (it shows
//!   `year: -44` as 44 BCE and has no year 0), so 45 BCE is written `-45` and `-45` read back
//!   as `-0044`, both in JSON and in the spreadsheet.
//! - TimelineJS has no approximate, uncertain or open-ended dates. Such a date is written as
//!   its known end(s) plus a `display_date` label that says the rest: `c. 2013` (approximate),
//!   `December 1991?` (uncertain), `since 1992` (open end: the start alone), `until 2009`
//!   (open start: the end is written as the start). An import reads these labels back. When
//!   the event has its own display text, that text is the slide's `display_date` and the
//!   label goes into `start_date.display_date` (JSON only; the spreadsheet has no such
//!   column, so the qualifier is lost there and said so).
//! - `text.headline` and `text.text` are HTML: the title and notes are escaped, notes become
//!   paragraphs, and the sources are a `<ul class="dossier-sources">` list of links (links
//!   only for http and https). On import, that list gives the sources back and any other link
//!   in the text is added to them.
//! - `group` is the first tag; `unique_id` is the id. Ids made on import (from the headline
//!   when `unique_id` is missing or unusable) are lowercase letters, digits and single '-',
//!   unique in the file.
//! - tilse keeps days only: an event whose date starts on a known day is written under that
//!   day (a range loses its end, and says so); a coarser or open-start date is left out, and
//!   said so, and so is a day outside the years 1 to 9999 (tilse reads days with Python's
//!   `datetime`, and one BCE day breaks its ROUGE). Each event is one summary line: its title.

mod html;
mod ids;
mod slide;
mod spreadsheet;
mod tilse;
mod timelinejs;
mod yaml;

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::timeline::Timeline;

pub use yaml::to_yaml;

/// The formats a timeline can be exported to and imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    TimelinejsJson,
    TimelinejsCsv,
    Tilse,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::TimelinejsJson => "timelinejs-json",
            Format::TimelinejsCsv => "timelinejs-csv",
            Format::Tilse => "tilse",
        }
    }

    /// The format of a file to import, from its extension, else from its first line.
    pub fn guess(path: &Path, text: &str) -> Option<Format> {
        match path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("json") => return Some(Format::TimelinejsJson),
            Some("csv") => return Some(Format::TimelinejsCsv),
            _ => {}
        }
        let first_line = text.trim_start_matches('\u{feff}').lines().map(str::trim).find(|line| !line.is_empty())?;
        if first_line.starts_with('{') {
            Some(Format::TimelinejsJson)
        } else if first_line.starts_with("Year,") || first_line.starts_with("Start Date,") {
            Some(Format::TimelinejsCsv)
        } else if tilse::is_date_line(first_line) {
            Some(Format::Tilse)
        } else {
            None
        }
    }
}

/// A timeline read from another tool's file, and what could not be kept.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Every valid event of the file.
    pub timeline: Timeline,
    pub losses: Vec<String>,
    /// One problem for each event left out because it could not be read (a year beyond
    /// dossier's range, a month 13), naming its place in the file.
    pub skipped: Vec<Problem>,
}

/// Writes the timeline in `format`; returns what the format could not keep.
pub fn export(timeline: &Timeline, format: Format, out: &mut dyn Write) -> io::Result<Vec<String>> {
    let mut losses = Losses::new(format);
    match format {
        Format::TimelinejsJson => timelinejs::write(timeline, out, &mut losses)?,
        Format::TimelinejsCsv => spreadsheet::write(timeline, out, &mut losses)?,
        Format::Tilse => tilse::write(timeline, out, &mut losses)?,
    }
    Ok(losses.into_messages())
}

/// Reads `text` (the content of `path`, named in every error) as `format`. An event that
/// cannot be read is left out and said so in `skipped`; a file with no event that can be
/// read is an error listing every problem.
pub fn import(path: &Path, text: &str, format: Format) -> Result<Imported> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut losses = Losses::new(format);
    let (timeline, skipped) = match format {
        Format::TimelinejsJson => timelinejs::read(path, text, &mut losses)?,
        Format::TimelinejsCsv => spreadsheet::read(path, text, &mut losses)?,
        Format::Tilse => tilse::read(path, text, &mut losses)?,
    };
    if timeline.events.is_empty() && !skipped.is_empty() {
        return Err(Error::Problems(skipped));
    }
    Ok(Imported { timeline, losses: losses.into_messages(), skipped })
}

/// What a conversion drops, grouped by kind so that a long timeline gives a few lines.
#[derive(Debug)]
pub(crate) struct Losses {
    format: Format,
    kinds: Vec<(String, Vec<String>)>,
}

impl Losses {
    fn new(format: Format) -> Self {
        Losses { format, kinds: Vec::new() }
    }

    /// Notes that `what` (say, "aliases") is lost for the event or row named `whose`.
    pub(crate) fn note(&mut self, what: &str, whose: &str) {
        match self.kinds.iter_mut().find(|(kind, _)| kind == what) {
            Some((_, names)) if names.last().is_some_and(|last| last == whose) => {}
            Some((_, names)) => names.push(whose.to_string()),
            None => self.kinds.push((what.to_string(), vec![whose.to_string()])),
        }
    }

    fn into_messages(self) -> Vec<String> {
        const SHOWN: usize = 5;
        let format = self.format.name();
        self.kinds
            .into_iter()
            .map(|(what, names)| {
                let mut list = names.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
                if names.len() > SHOWN {
                    list.push_str(&format!(" and {} more", names.len() - SHOWN));
                }
                format!("{format}: {what} not kept ({list})")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::dates::Date;
    use crate::timeline::Event;

    fn event(id: &str, title: &str, date: &str) -> Event {
        Event::new(id, title, Date::parse(date).unwrap())
    }

    /// Mixed precisions, a range, BCE, qualifiers, open ends, hostile text.
    fn sample() -> Timeline {
        let mut soviet = event("ussr-dissolved", "Dissolution of the Soviet Union", "1991-12-26");
        soviet.notes = Some("Gorbachev resigned on 25 December.\n\nThe <b>article</b> says 1992 & more.".into());
        soviet.sources = vec!["https://example.org/ussr?a=1&b=2".into(), "Interview notes".into()];
        soviet.tags = vec!["russia".into()];
        let mut talks = event("six-party-talks", "Six-Party Talks", "2003-08/2009-04");
        talks.tags = vec!["korea".into(), "diplomacy".into()];
        talks.actors = vec!["China".into()];
        let mut belt = event("belt-and-road", "Belt and Road Initiative proposed", "2013~");
        belt.display = Some("Autumn 2013".into());
        let hostile = event("hostile", "=HYPERLINK(\"x\") <script>alert(1)</script>", "2018-04-04/2018-04-05?");
        Timeline {
            path: PathBuf::from("sample.yaml"),
            title: Some("China & Russia, 2018".into()),
            article: None,
            events: vec![
                soviet,
                talks,
                belt,
                event("partnership", "Constructive partnership", "1992/.."),
                event("before", "Before the war", "../1990-06"),
                event("rome", "Founding of Rome", "-0752?"),
                hostile,
            ],
        }
    }

    fn round_trip(format: Format, original: &Timeline) -> (Imported, Vec<String>) {
        let mut written = Vec::new();
        let export_losses = export(original, format, &mut written).unwrap();
        let text = String::from_utf8(written).unwrap();
        let imported = import(Path::new("exported"), &text, format).unwrap_or_else(|err| panic!("{err}\n{text}"));
        (imported, export_losses)
    }

    type Shared = (String, String, String, Option<String>, Option<String>, Vec<String>, Option<String>);

    /// The fields TimelineJS has a place for (tags: the first only).
    fn shared(event: &Event) -> Shared {
        (
            event.id.clone(),
            event.title.clone(),
            event.date.to_string(),
            event.display.clone(),
            event.tags.first().cloned(),
            event.sources.clone(),
            event.notes.clone(),
        )
    }

    #[test]
    fn json_round_trip_keeps_every_shared_field() {
        let original = sample();
        let (imported, losses) = round_trip(Format::TimelinejsJson, &original);
        assert_eq!(imported.timeline.title, original.title);
        let before: Vec<_> = original.events.iter().map(shared).collect();
        let after: Vec<_> = imported.timeline.events.iter().map(shared).collect();
        assert_eq!(after, before);
        assert_eq!(
            losses,
            [
                "timelinejs-json: actors not kept (six-party-talks)",
                "timelinejs-json: tags after the first not kept (six-party-talks)"
            ]
        );
        assert!(imported.losses.is_empty(), "{:?}", imported.losses);
    }

    #[test]
    fn csv_round_trip_keeps_every_shared_field_but_labels_behind_display_texts() {
        let original = sample();
        let (imported, losses) = round_trip(Format::TimelinejsCsv, &original);
        assert_eq!(imported.timeline.title, original.title);
        let mut expected: Vec<_> = original.events.iter().map(shared).collect();
        // The spreadsheet has no place for the qualifier behind "Autumn 2013", nor for ids.
        expected[2].2 = "2013".into();
        let after: Vec<_> = imported.timeline.events.iter().map(shared).collect();
        let ids: Vec<&str> = after.iter().map(|fields| fields.0.as_str()).collect();
        assert_eq!(ids[0], "dissolution-of-the-soviet-union");
        assert_eq!(ids[6], "hyperlink-x-script-alert-1-script");
        for (after, expected) in after.into_iter().zip(expected) {
            assert_eq!(
                (after.1, after.2, after.3, after.4, after.5, after.6),
                (expected.1, expected.2, expected.3, expected.4, expected.5, expected.6)
            );
        }
        assert!(losses.iter().any(|loss| loss.contains("event ids")), "{losses:?}");
        assert!(losses.iter().any(|loss| loss.contains("display text not kept (belt-and-road)")), "{losses:?}");
    }

    #[test]
    fn json_has_timelinejs_fields_at_each_precision() {
        let mut written = Vec::new();
        export(&sample(), Format::TimelinejsJson, &mut written).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&written).unwrap();
        let events = json["events"].as_array().unwrap();
        assert_eq!(json["title"]["text"]["headline"], "China & Russia, 2018", "a lone & needs no entity");
        assert_eq!(events[0]["start_date"], serde_json::json!({"year": 1991, "month": 12, "day": 26}));
        assert!(events[0].get("end_date").is_none());
        assert_eq!(events[0]["group"], "russia");
        assert_eq!(events[0]["unique_id"], "ussr-dissolved");
        assert_eq!(events[1]["end_date"], serde_json::json!({"year": 2009, "month": 4}));
        assert_eq!(events[2]["display_date"], "Autumn 2013");
        assert_eq!(events[2]["start_date"], serde_json::json!({"year": 2013, "display_date": "c. 2013"}));
        assert_eq!(events[3]["display_date"], "since 1992");
        assert_eq!(events[4]["display_date"], "until June 1990");
        assert_eq!(events[4]["start_date"], serde_json::json!({"year": 1990, "month": 6}));
        assert_eq!(events[5]["start_date"]["year"], -753);
        assert_eq!(events[5]["display_date"], "753 BCE?");
        let headline = events[6]["text"]["headline"].as_str().unwrap();
        assert!(!headline.contains('<') && headline.contains("&lt;script&gt;"), "{headline}");
        let text = events[0]["text"]["text"].as_str().unwrap();
        assert!(text.contains("<a href=\"https://example.org/ussr?a=1&amp;b=2\">"), "{text}");
        assert!(text.contains("&lt;b&gt;article&lt;/b&gt;"), "{text}");
    }

    #[test]
    fn tilse_keeps_days_and_says_what_it_drops() {
        let mut written = Vec::new();
        let losses = export(&sample(), Format::Tilse, &mut written).unwrap();
        let text = String::from_utf8(written).unwrap();
        let dashes = "-".repeat(32);
        assert_eq!(
            text,
            format!(
                "1991-12-26\nDissolution of the Soviet Union\n{dashes}\n\
                 2018-04-04\n=HYPERLINK(\"x\") <script>alert(1)</script>\n{dashes}\n"
            )
        );
        let joined = losses.join("\n");
        for id in ["six-party-talks", "belt-and-road", "partnership", "before", "rome"] {
            assert!(joined.contains(id), "{id}: {joined}");
        }
        let imported = import(Path::new("t.txt"), &text, Format::Tilse).unwrap();
        let dates: Vec<String> = imported.timeline.events.iter().map(|event| event.date.to_string()).collect();
        assert_eq!(dates, ["1991-12-26", "2018-04-04"]);
        assert_eq!(imported.timeline.events[0].id, "dissolution-of-the-soviet-union");
    }

    #[test]
    fn formats_are_guessed_from_name_or_content() {
        assert_eq!(Format::guess(Path::new("a.JSON"), ""), Some(Format::TimelinejsJson));
        assert_eq!(Format::guess(Path::new("a.txt"), "\u{feff}\n  {\"events\": []}"), Some(Format::TimelinejsJson));
        assert_eq!(Format::guess(Path::new("a"), "Year,Month,Day"), Some(Format::TimelinejsCsv));
        assert_eq!(Format::guess(Path::new("a"), "2011-01-25\nx"), Some(Format::Tilse));
        assert_eq!(Format::guess(Path::new("a"), "hello"), None);
    }
}
