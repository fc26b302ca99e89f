//! TimelineJS's JSON: `{"title"?, "events": [slide...], "eras"?, "scale"?}`.

use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ids::Ids;
use super::slide::{Slide, astronomical_year, timelinejs_year, year_range_text};
use super::{Losses, html};
use crate::dates::{DatePoint, YEAR_RANGE};
use crate::error::{Error, Problem, Result};
use crate::timeline::Timeline;

#[derive(Serialize)]
struct FileOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<TitleOut>,
    events: Vec<SlideOut>,
}

#[derive(Serialize)]
struct TitleOut {
    text: TextOut,
}

#[derive(Serialize)]
struct SlideOut {
    start_date: DateOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<DateOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: TextOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize)]
struct DateOut {
    year: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
}

impl DateOut {
    fn new(point: DatePoint, display_date: Option<String>) -> Self {
        DateOut { year: timelinejs_year(point.year), month: point.month, day: point.day, display_date }
    }
}

#[derive(Serialize)]
struct TextOut {
    headline: String,
    text: String,
}

pub(crate) fn write(timeline: &Timeline, out: &mut dyn Write, losses: &mut Losses) -> io::Result<()> {
    if timeline.article.is_some() {
        losses.note("the article section", "timeline");
    }
    let events = timeline
        .events
        .iter()
        .map(|event| {
            let slide = Slide::from_event(event, losses);
            SlideOut {
                start_date: DateOut::new(slide.start, slide.start_display),
                end_date: slide.end.map(|end| DateOut::new(end, None)),
                display_date: slide.display_date,
                text: TextOut { headline: slide.headline, text: slide.text },
                group: slide.group,
                unique_id: slide.unique_id,
            }
        })
        .collect();
    let title = timeline
        .title
        .as_ref()
        .map(|title| TitleOut { text: TextOut { headline: html::escape_text(title), text: String::new() } });
    // serde_json leaves DEL, C1 and bidirectional controls raw; `write_json` escapes them too.
    crate::safe_text::write_json(&FileOut { title, events }, out)
}

#[derive(Deserialize)]
struct FileIn {
    title: Option<SlideIn>,
    events: Option<Vec<SlideIn>>,
    #[serde(default)]
    eras: Vec<Value>,
    scale: Option<String>,
}

#[derive(Deserialize)]
struct SlideIn {
    start_date: Option<DateIn>,
    end_date: Option<DateIn>,
    text: Option<TextIn>,
    media: Option<Value>,
    group: Option<String>,
    display_date: Option<String>,
    background: Option<Value>,
    unique_id: Option<String>,
}

#[derive(Deserialize)]
struct TextIn {
    headline: Option<String>,
    text: Option<String>,
}

#[derive(Deserialize)]
struct DateIn {
    year: Option<Number>,
    month: Option<Number>,
    day: Option<Number>,
    hour: Option<Number>,
    minute: Option<Number>,
    second: Option<Number>,
    millisecond: Option<Number>,
    display_date: Option<String>,
}

/// TimelineJS takes date parts as numbers or as strings of digits.
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Integer(i64),
    Text(String),
    Other(Value),
}

impl Number {
    /// `None` for an empty string (TimelineJS treats it as absent).
    fn value(&self, what: &str) -> Result<Option<i64>, String> {
        match self {
            Number::Integer(number) => Ok(Some(*number)),
            Number::Text(text) => {
                let digits: String = text.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
                if digits.is_empty() {
                    return Ok(None);
                }
                digits.parse().map(Some).map_err(|_| format!("{what} `{text}` is not a whole number"))
            }
            Number::Other(value) => Err(format!("{what} {value} is not a whole number")),
        }
    }
}

/// The timeline of the file's valid slides, and a problem for each slide left out.
pub(crate) fn read(path: &Path, text: &str, losses: &mut Losses) -> Result<(Timeline, Vec<Problem>)> {
    let name = path.display().to_string();
    let file: FileIn = serde_json::from_str(text).map_err(|err| {
        let message = format!("not TimelineJS JSON: {err}");
        let message = message.rsplit_once(" at line ").map_or(message.clone(), |(message, _)| message.to_string());
        Error::Problems(vec![Problem::at(&name, err.line(), err.column(), message)])
    })?;
    let Some(slides) = file.events else {
        return Err(Error::problem(&name, "not TimelineJS JSON: no \"events\" list"));
    };
    if slides.is_empty() {
        return Err(Error::problem(&name, "the \"events\" list is empty"));
    }
    for era in &file.eras {
        let headline = era.pointer("/text/headline").and_then(Value::as_str).unwrap_or("untitled");
        losses.note("eras", &html::to_plain_text(headline).text);
    }
    if file.scale.as_deref().is_some_and(|scale| scale != "human") {
        losses.note("the scale setting", "timeline");
    }
    let title = file.title.map(|title| {
        let text = title.text.unwrap_or(TextIn { headline: None, text: None });
        if text.text.as_deref().is_some_and(|body| !html::to_plain_text(body).text.is_empty()) {
            losses.note("the title slide's text", "title");
        }
        if title.media.is_some() || title.background.is_some() {
            losses.note("media and backgrounds", "title");
        }
        html::to_plain_text(text.headline.as_deref().unwrap_or_default()).text
    });

    let mut problems = Vec::new();
    let mut ids = Ids::default();
    let claimed: Vec<bool> =
        slides.iter().map(|slide| slide.unique_id.as_deref().is_some_and(|id| ids.claim(id.trim()))).collect();
    let mut events = Vec::new();
    for (index, (slide, claimed)) in slides.into_iter().zip(claimed).enumerate() {
        let text = slide.text.as_ref();
        let headline = text.and_then(|text| text.headline.clone()).unwrap_or_default();
        let given_id = slide.unique_id.as_deref().map(str::trim).filter(|id| !id.is_empty());
        let id = match given_id {
            Some(id) if claimed => id.to_string(),
            Some(id) => {
                let made = ids.make(id);
                losses.note("unusable or repeated unique_ids (replaced)", &made);
                made
            }
            None => ids.make(&html::to_plain_text(&headline).text),
        };
        let whose = format!("events[{index}]");
        match convert(slide, headline, &id, losses) {
            Ok(event) => events.push(event),
            Err(message) => problems.push(Problem::new(&name, format!("{whose} ({id}): {message}"))),
        }
    }
    let title = title.filter(|title| !title.is_empty());
    Ok((Timeline { path: path.to_path_buf(), title, article: None, events }, problems))
}

fn convert(slide: SlideIn, headline: String, id: &str, losses: &mut Losses) -> Result<crate::timeline::Event, String> {
    let start = slide.start_date.ok_or("no start_date")?;
    let (start_point, start_display) = point(&start, "start_date", id, losses)?;
    let end = match slide.end_date {
        // TimelineJS drops an end date without a year.
        Some(end) if end.year.as_ref().and_then(|year| year.value("").ok().flatten()).is_some() => {
            let (point, end_display) = point(&end, "end_date", id, losses)?;
            if end_display.is_some() {
                losses.note("per-date display texts", id);
            }
            Some(point).filter(|point| *point != start_point)
        }
        _ => None,
    };
    if slide.media.is_some() || slide.background.is_some() {
        losses.note("media and backgrounds", id);
    }
    let body = slide.text.and_then(|text| text.text).unwrap_or_default();
    let slide = Slide {
        start: start_point,
        end,
        display_date: slide.display_date,
        start_display,
        headline,
        text: body,
        group: slide.group,
        unique_id: Some(id.to_string()),
    };
    slide.into_event(id.to_string(), id, losses)
}

/// A date object as a point, and its own display text.
fn point(date: &DateIn, field: &str, id: &str, losses: &mut Losses) -> Result<(DatePoint, Option<String>), String> {
    let part = |number: &Option<Number>, what: &str| -> Result<Option<i64>, String> {
        number.as_ref().map_or(Ok(None), |number| number.value(&format!("{field}.{what}")))
    };
    let year = part(&date.year, "year")?.ok_or_else(|| format!("{field} has no year"))?;
    let month = part(&date.month, "month")?;
    let day = part(&date.day, "day")?;
    if [&date.hour, &date.minute, &date.second, &date.millisecond].iter().any(|part| part.is_some()) {
        losses.note("times of day", id);
    }
    let narrow = |value: i64, what: &str| -> Result<u32, String> {
        u32::try_from(value).map_err(|_| format!("{field}.{what} {value} is out of range"))
    };
    let year = i32::try_from(astronomical_year(year))
        .ok()
        .filter(|year| YEAR_RANGE.contains(year))
        .ok_or_else(|| format!("{field}.year {year} is out of range ({})", year_range_text()))?;
    let month = month.map(|month| narrow(month, "month")).transpose()?;
    let day = day.map(|day| narrow(day, "day")).transpose()?;
    let point = DatePoint::new(year, month, day).map_err(|err| format!("{field}: {err}"))?;
    Ok((point, date.display_date.clone()))
}
