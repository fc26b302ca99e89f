//! TimelineJS JSON and spreadsheet CSV, and tilse: the timeline written for other tools, and
//! their files read back as a timeline.
//!
//! Every conversion returns, next to its result, what it could not carry over ("losses"), in
//! words, so the command line can warn about them. The conventions, shared by both directions
//! so that an export imports back to the same timeline:
//!
//! - Dates go into TimelineJS date objects at their own precision (a year-only date has no
//!   month or day). Years pass through unchanged: both sides number them astronomically
//!   (year 0 is 1 BCE, so BCE years are negative).
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
//!   said so. Each event is one summary line: its title.

mod html;
mod ids;
mod slide;
mod spreadsheet;
mod tilse;
mod timelinejs;
mod yaml;

use std::io::{self, Write};
use std::path::Path;

use crate::error::Result;
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
        } else if first_line.starts_with("Year,") {
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
    pub timeline: Timeline,
    pub losses: Vec<String>,
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

/// Reads `text` (the content of `path`, named in every error) as `format`.
pub fn import(path: &Path, text: &str, format: Format) -> Result<Imported> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut losses = Losses::new(format);
    let timeline = match format {
        Format::TimelinejsJson => timelinejs::read(path, text, &mut losses)?,
        Format::TimelinejsCsv => spreadsheet::read(path, text, &mut losses)?,
        Format::Tilse => tilse::read(path, text, &mut losses)?,
    };
    Ok(Imported { timeline, losses: losses.into_messages() })
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
