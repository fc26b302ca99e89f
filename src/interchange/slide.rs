//! A TimelineJS slide (one event), shared by the JSON and spreadsheet forms: how an event
//! becomes a slide and back. See the module documentation of `interchange` for the rules.

use std::collections::HashSet;

use super::Losses;
use super::html::{notes_and_sources, to_plain_text};
use crate::dates::{Date, DatePoint};
use crate::safe_text::escape_html;
use crate::timeline::Event;

/// An event as TimelineJS sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slide {
    pub start: DatePoint,
    /// `None` for a single date (TimelineJS drops an end equal to the start anyway).
    pub end: Option<DatePoint>,
    /// Plain text: TimelineJS strips markup from it.
    pub display_date: Option<String>,
    /// `start_date.display_date`: the date's label when `display_date` is the analyst's own text.
    pub start_display: Option<String>,
    /// HTML.
    pub headline: String,
    /// HTML.
    pub text: String,
    pub group: Option<String>,
    pub unique_id: Option<String>,
}

impl Slide {
    /// The slide for an event; what TimelineJS has no place for is noted in `losses`.
    pub(crate) fn from_event(event: &Event, losses: &mut Losses) -> Slide {
        let date = &event.date;
        let (start, end) = match (date.start, date.end) {
            (Some(start), Some(end)) if start != end => (start, Some(end)),
            (Some(point), _) | (None, Some(point)) => (point, None),
            // A date has at least one end; an empty one would have been refused on load.
            (None, None) => (DatePoint { year: 0, month: None, day: None }, None),
        };
        let needs_label = date.approximate || date.uncertain || date.start.is_none() || date.end.is_none();
        let label = needs_label.then(|| date_label(date));
        let (display_date, start_display) = match &event.display {
            Some(display) => (Some(display.clone()), label),
            None => (label, None),
        };
        for (what, empty) in [
            ("aliases", event.aliases.is_empty()),
            ("actors", event.actors.is_empty()),
            ("places", event.places.is_empty()),
            ("tags after the first", event.tags.len() <= 1),
        ] {
            if !empty {
                losses.note(what, &event.id);
            }
        }
        Slide {
            start,
            end,
            display_date,
            start_display,
            headline: escape_html(&event.title),
            text: notes_and_sources(event.notes.as_deref(), &event.sources),
            group: event.tags.first().cloned(),
            unique_id: Some(event.id.clone()),
        }
    }

    /// The event this slide describes, with the id already chosen. `whose` names the slide in
    /// losses and errors (its id, or its position in the file).
    pub(crate) fn into_event(self, id: String, whose: &str, losses: &mut Losses) -> Result<Event, String> {
        let recovered =
            recover_date(self.start, self.end, self.display_date.as_deref(), self.start_display.as_deref())?;
        if recovered.start_display_lost {
            losses.note("per-date display texts", whose);
        }
        let headline = to_plain_text(&self.headline).text.split_whitespace().collect::<Vec<_>>().join(" ");
        let body = to_plain_text(&self.text);
        let title = if headline.is_empty() { title_from_text(&body.text) } else { headline };
        let mut sources = body.sources;
        let listed: HashSet<&String> = sources.iter().collect();
        let links: Vec<String> = body.links.into_iter().filter(|link| !listed.contains(link)).collect();
        sources.extend(links);
        Ok(Event {
            id,
            title,
            date: recovered.date,
            display: recovered.display,
            aliases: Vec::new(),
            actors: Vec::new(),
            places: Vec::new(),
            tags: self
                .group
                .map(|group| group.trim().to_string())
                .filter(|group| !group.is_empty())
                .into_iter()
                .collect(),
            sources,
            notes: Some(body.text).filter(|text| !text.is_empty()),
        })
    }
}

/// A slide without a headline is named by the start of its text.
fn title_from_text(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    let first_line = text.lines().next().unwrap_or_default().trim();
    if first_line.is_empty() {
        return "Untitled event".to_string();
    }
    if first_line.chars().count() <= MAX_CHARS {
        return first_line.to_string();
    }
    let cut: String = first_line.chars().take(MAX_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(words, _)| words);
    format!("{}…", cut.trim_end())
}

/// How a date reads in English, with its qualifiers: `c. 2013`, `December 1991?`,
/// `since 1992`, `until 2009`, `August 2003 – April 2009`, `45 BCE`.
pub(crate) fn date_label(date: &Date) -> String {
    let body = match (date.start, date.end) {
        (Some(start), Some(end)) if start == end => point_label(start),
        (Some(start), Some(end)) => format!("{} – {}", point_label(start), point_label(end)),
        (Some(start), None) => format!("since {}", point_label(start)),
        (None, Some(end)) => format!("until {}", point_label(end)),
        (None, None) => String::new(),
    };
    let prefix = if date.approximate { "c. " } else { "" };
    let suffix = if date.uncertain { "?" } else { "" };
    format!("{prefix}{body}{suffix}")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn point_label(point: DatePoint) -> String {
    // Astronomical year 0 is 1 BCE.
    let year = if point.year > 0 { point.year.to_string() } else { format!("{} BCE", 1 - i64::from(point.year)) };
    let month = point.month.and_then(|month| MONTHS.get(month.checked_sub(1)? as usize));
    match (month, point.day) {
        (Some(month), Some(day)) => format!("{day} {month} {year}"),
        (Some(month), None) => format!("{month} {year}"),
        _ => year,
    }
}

struct Recovered {
    date: Date,
    display: Option<String>,
    start_display_lost: bool,
}

/// The date a slide's ends and labels stand for. A label that reads as one of the shapes the
/// ends allow (qualified, open-ended) gives that shape; any other `display_date` is kept as
/// the event's display text.
fn recover_date(
    start: DatePoint,
    end: Option<DatePoint>,
    display: Option<&str>,
    start_display: Option<&str>,
) -> Result<Recovered, String> {
    let base = Date::range(Some(start), Some(end.unwrap_or(start))).map_err(|err| err.0)?;
    let mut shapes = vec![base.clone()];
    if end.is_none() {
        shapes.push(Date { start: Some(start), end: None, ..base.clone() });
        shapes.push(Date { start: None, end: Some(start), ..base.clone() });
    }
    let shape_for = |label: &str| -> Option<Date> {
        let label = label.trim();
        shapes.iter().find_map(|shape| {
            [(false, false), (true, false), (false, true), (true, true)].into_iter().find_map(
                |(approximate, uncertain)| {
                    let date = Date { approximate, uncertain, ..shape.clone() };
                    (date_label(&date) == label).then_some(date)
                },
            )
        })
    };
    let display = display.map(str::trim).filter(|display| !display.is_empty());
    let start_display = start_display.map(str::trim).filter(|label| !label.is_empty());
    let from_start_display = start_display.and_then(shape_for);
    let start_display_lost = start_display.is_some() && from_start_display.is_none();
    let (date, display) = match display {
        Some(display) => match shape_for(display) {
            Some(date) => (date, None),
            None => (from_start_display.unwrap_or(base), Some(display.to_string())),
        },
        None => (from_start_display.unwrap_or(base), None),
    };
    Ok(Recovered { date, display, start_display_lost })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn labels_say_precision_and_qualifiers() {
        for (text, label) in [
            ("1991-12-26", "26 December 1991"),
            ("2013~", "c. 2013"),
            ("1991-12?", "December 1991?"),
            ("1992/..", "since 1992"),
            ("../2009-04", "until April 2009"),
            ("2003-08/2009-04%", "c. August 2003 – April 2009?"),
            ("-0044", "45 BCE"),
            ("0000", "1 BCE"),
        ] {
            assert_eq!(date_label(&date(text)), label, "{text}");
        }
    }

    #[test]
    fn every_label_reads_back_as_its_date() {
        for text in
            ["2013~", "1991-12?", "1992/..", "../2009-04", "2003-08/2009-04%", "2018-04-04/2018-04-05", "-0500?"]
        {
            let original = date(text);
            let label = date_label(&original);
            let start = original.start.or(original.end).unwrap();
            let end = original.start.and(original.end).filter(|end| *end != start);
            let plain = recover_date(start, end, Some(&label), None).unwrap();
            assert_eq!((plain.date, plain.display), (original.clone(), None), "{text}");
            let own = recover_date(start, end, Some("my words"), Some(&label)).unwrap();
            assert_eq!((own.date, own.display.as_deref()), (original, Some("my words")), "{text}");
        }
    }

    #[test]
    fn other_display_texts_are_kept() {
        let point = DatePoint::new(2013, None, None).unwrap();
        let recovered = recover_date(point, None, Some("Autumn 2013"), Some("whatever")).unwrap();
        assert_eq!(recovered.date, date("2013"));
        assert_eq!(recovered.display.as_deref(), Some("Autumn 2013"));
        assert!(recovered.start_display_lost);
        let backwards = recover_date(point, Some(DatePoint::new(2001, None, None).unwrap()), None, None);
        assert!(backwards.is_err());
    }

    #[test]
    fn untitled_slides_are_named_by_their_text() {
        assert_eq!(title_from_text(""), "Untitled event");
        assert_eq!(title_from_text("Short.\nMore"), "Short.");
        let long = title_from_text(&"word ".repeat(30));
        assert!(long.ends_with('…') && long.chars().count() <= 81, "{long}");
    }
}
