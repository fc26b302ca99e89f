//! Pictures: the timeline on a time axis, and change maps for diffs and history (SVG).
//!
//! The timeline picture uses a broken axis: events are grouped into clusters (runs of events
//! closer than 3% of the whole span), each cluster gets its own linear scale and a width that
//! grows with its number of events and its length, and the empty years between clusters are
//! cut out and drawn as a break that says how much time it skips. So 1991 and 2018 share a
//! picture while a month of 2018 with seven events stays legible. Labels sit in rows assigned
//! greedily so that no two labels (or marks) in a row overlap.

mod change_map;

pub use change_map::{diff_change_map_svg, history_change_map_svg};

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt::Write as _;
use std::io::{self, Write};

use rustc_hash::FxHashMap;
use unicode_width::UnicodeWidthStr;

use crate::dates::{Date, Precision};
use crate::render::{escape_html, safe_link};
use crate::report::timeline::{EventRecord, TimelineReport};

const WIDTH: f64 = 1200.0;
const MARGIN: f64 = 24.0;
const BREAK_WIDTH: f64 = 40.0;
const MIN_SEGMENT_WIDTH: f64 = 96.0;
const ROW_HEIGHT: f64 = 38.0;
/// Width of one terminal column of label text at 12px, generous for any sans-serif font.
const CHAR_WIDTH: f64 = 7.2;
const DATE_CHAR_WIDTH: f64 = 6.4;
const LABEL_GAP: f64 = 14.0;
const MAX_TITLE_CHARS: usize = 60;
const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";
/// Okabe-Ito colours (without yellow, too pale on white), one per first tag.
const PALETTE: [&str; 7] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
const UNTAGGED: &str = "#6B6B6B";

/// What an article does with a timeline event, for `timeline_svg_with_marks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMark {
    pub id: String,
    pub status: MarkStatus,
    /// Drawn after the date in the status colour: where the article mentions the event, what
    /// date it gives instead.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkStatus {
    Mentioned,
    /// Mentioned with a date that disagrees with the timeline.
    Conflict,
    NotMentioned,
}

impl MarkStatus {
    /// Colour and its gradient index: the first two of the palette, and the untagged grey.
    fn colour(self) -> (&'static str, usize) {
        match self {
            MarkStatus::Mentioned => (PALETTE[0], 0),
            MarkStatus::Conflict => (PALETTE[1], 1),
            MarkStatus::NotMentioned => (UNTAGGED, PALETTE.len()),
        }
    }

    fn label(self) -> &'static str {
        match self {
            MarkStatus::Mentioned => "mentioned in the article",
            MarkStatus::Conflict => "date conflict with the article",
            MarkStatus::NotMentioned => "not mentioned",
        }
    }
}

/// An event that can be drawn: its known interval in days from the common era.
#[derive(Debug, Clone)]
struct Item<'a> {
    record: &'a EventRecord,
    date: Date,
    first: i64,
    last: i64,
}

/// A stretch of time drawn at its own linear scale.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    /// The drawn domain, in days: the events' span with a margin.
    from: i64,
    to: i64,
    /// The first and last day of the events in it.
    events_from: i64,
    events_to: i64,
    x0: f64,
    x1: f64,
}

impl Segment {
    fn x(&self, day: i64) -> f64 {
        let span = (self.to - self.from).max(1) as f64;
        self.x0 + (day - self.from) as f64 / span * (self.x1 - self.x0)
    }
}

/// Where one event is drawn.
#[derive(Debug, Clone)]
struct Placed<'a> {
    item: Item<'a>,
    row: usize,
    mark_x0: f64,
    mark_x1: f64,
    /// Where the label starts, and whether it is drawn to the left of its mark (anchored at
    /// its end, so it ends exactly at the mark).
    label_x: f64,
    label_width: f64,
    label_left: bool,
    title: String,
    when: String,
    note: Option<String>,
}

impl Placed<'_> {
    fn extent(&self) -> (f64, f64) {
        (self.mark_x0.min(self.label_x), self.mark_x1.max(self.label_x + self.label_width))
    }
}

#[derive(Debug)]
struct Layout<'a> {
    segments: Vec<Segment>,
    placed: Vec<Placed<'a>>,
    rows: usize,
    tags: Vec<String>,
    /// Each tag's place in `tags`: looked up for every event.
    tag_index: FxHashMap<String, usize>,
    marks: &'a [EventMark],
    /// The marks by event id: looked up for every event.
    mark_of: FxHashMap<&'a str, &'a EventMark>,
}

impl Layout<'_> {
    fn mark(&self, id: &str) -> Option<&EventMark> {
        self.mark_of.get(id).copied()
    }
}

fn day_number(day: chrono::NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&day))
}

fn items(report: &TimelineReport) -> Vec<Item<'_>> {
    report
        .events
        .iter()
        .filter_map(|record| {
            let date = Date::parse(&record.date.text).ok()?;
            // An open end is drawn from the known end; its interval is that end's.
            let known_start = date.start.or(date.end)?;
            let known_end = date.end.or(date.start)?;
            Some(Item {
                first: day_number(known_start.first_day()),
                last: day_number(known_end.last_day()),
                record,
                date,
            })
        })
        .collect()
}

/// Groups the events into clusters and gives each its share of the width.
fn segments(items: &[Item]) -> Vec<Segment> {
    let mut intervals: Vec<(i64, i64, usize)> = items.iter().map(|item| (item.first, item.last, 1)).collect();
    intervals.sort_unstable();
    let (Some(first), Some(last)) = (intervals.first().map(|i| i.0), intervals.iter().map(|i| i.1).max()) else {
        return Vec::new();
    };
    let span = (last - first).max(1);
    let threshold = (span as f64 * 0.03) as i64;
    let mut clusters: Vec<(i64, i64, usize)> = Vec::new();
    for (from, to, count) in intervals {
        match clusters.last_mut() {
            Some(cluster) if from <= cluster.1 + threshold => {
                cluster.1 = cluster.1.max(to);
                cluster.2 += count;
            }
            _ => clusters.push((from, to, count)),
        }
    }
    let total_events = items.len() as f64;
    let weights: Vec<f64> = clusters
        .iter()
        .map(|&(from, to, count)| 2.0 * count as f64 + total_events * (to - from) as f64 / span as f64)
        .collect();
    let available = WIDTH - 2.0 * MARGIN - BREAK_WIDTH * (clusters.len() - 1) as f64;
    let minimum_total = MIN_SEGMENT_WIDTH * clusters.len() as f64;
    let spare = (available - minimum_total).max(0.0);
    let weight_sum: f64 = weights.iter().sum();
    let mut x = MARGIN;
    clusters
        .iter()
        .zip(weights)
        .map(|(&(from, to, _), weight)| {
            let width = MIN_SEGMENT_WIDTH.min(available / clusters.len() as f64) + spare * weight / weight_sum;
            // Margins inside the segment so marks at its ends are not cut: 6% of its length,
            // at least two weeks; a lone date gets six weeks either side.
            let pad = if to - from < 14 { 42 } else { (((to - from) as f64 * 0.06) as i64).max(14) };
            let segment =
                Segment { from: from - pad, to: to + pad, events_from: from, events_to: to, x0: x, x1: x + width };
            x += width + BREAK_WIDTH;
            segment
        })
        .collect()
}

fn label_width(title: &str, when: &str, note: Option<&str>) -> f64 {
    let note = note.map_or(0.0, |note| 8.0 + note.width() as f64 * DATE_CHAR_WIDTH);
    title.width() as f64 * CHAR_WIDTH + 8.0 + when.width() as f64 * DATE_CHAR_WIDTH + note
}

fn layout<'a>(report: &'a TimelineReport, marks: &'a [EventMark]) -> Layout<'a> {
    let items = items(report);
    let segments = segments(&items);
    let right_edge = WIDTH - MARGIN;
    let x_of = |day: i64| -> f64 {
        segments
            .iter()
            .find(|segment| (segment.from..=segment.to).contains(&day))
            .map_or(MARGIN, |segment| segment.x(day))
    };
    let mut mark_of: FxHashMap<&str, &EventMark> = FxHashMap::default();
    for mark in marks {
        mark_of.entry(mark.id.as_str()).or_insert(mark);
    }
    let mut tags: Vec<String> = Vec::new();
    let mut tag_index: FxHashMap<String, usize> = FxHashMap::default();
    let mut placed: Vec<Placed> = items
        .into_iter()
        .map(|item| {
            if let Some(tag) = item.record.tags.first()
                && !tag_index.contains_key(tag)
            {
                tag_index.insert(tag.clone(), tags.len());
                tags.push(tag.clone());
            }
            let mark_x0 = if item.date.start.is_none() { MARGIN } else { x_of(item.first) - 5.0 };
            let mark_x1 = if item.date.end.is_none() { right_edge } else { x_of(item.last) + 5.0 };
            let title = truncate(&item.record.title, MAX_TITLE_CHARS);
            let when = item.record.display.clone().unwrap_or_else(|| item.record.date.text.clone());
            let note = mark_of
                .get(item.record.id.as_str())
                .and_then(|mark| mark.note.as_deref())
                .map(|note| truncate(note, MAX_TITLE_CHARS));
            let label_width = label_width(&title, &when, note.as_deref());
            // Labels start at the mark; where that would run off the right edge, they end
            // just left of the mark instead.
            let anchor = if item.date.start.is_none() { x_of(item.last) - 5.0 } else { mark_x0 };
            let label_left = anchor + label_width > right_edge && anchor - label_width - 4.0 >= MARGIN;
            let label_x =
                if label_left { anchor - 4.0 - label_width } else { anchor.min(right_edge - label_width).max(MARGIN) };
            Placed { item, row: 0, mark_x0, mark_x1, label_x, label_width, label_left, title, when, note }
        })
        .collect();
    placed.sort_by(|a, b| a.extent().0.total_cmp(&b.extent().0));
    // Each label goes in the first row it fits. Labels come by their left edge, so a row that
    // fits one fits every later one until it is used again: rows move from `busy` (by where
    // they end) to `free` (by number) once, which keeps this n log n for many events.
    let mut rows = 0;
    let mut busy: BinaryHeap<Reverse<RowEnd>> = BinaryHeap::new();
    let mut free: BTreeSet<usize> = BTreeSet::new();
    for entry in &mut placed {
        let (start, end) = entry.extent();
        while let Some(Reverse(RowEnd { end: row_end, row })) = busy.peek().copied()
            && row_end + LABEL_GAP <= start
        {
            busy.pop();
            free.insert(row);
        }
        let row = free.pop_first().unwrap_or_else(|| {
            rows += 1;
            rows - 1
        });
        busy.push(Reverse(RowEnd { end, row }));
        entry.row = row;
    }
    Layout { segments, rows, placed, tags, tag_index, marks, mark_of }
}

/// Where a row of labels ends, ordered by that end (then by row, so ties are deterministic).
#[derive(Debug, Clone, Copy)]
struct RowEnd {
    end: f64,
    row: usize,
}

impl PartialEq for RowEnd {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for RowEnd {}

impl PartialOrd for RowEnd {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RowEnd {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.end.total_cmp(&other.end).then(self.row.cmp(&other.row))
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    // Words are joined only until the text is known to be too long: a change map holds a
    // snippet of every paragraph of a book.
    let (mut flat, mut chars) = (String::new(), 0);
    for word in text.split_whitespace() {
        if chars > max_chars {
            break;
        }
        if !flat.is_empty() {
            flat.push(' ');
            chars += 1;
        }
        flat.push_str(word);
        chars += word.chars().count();
    }
    if chars <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Text for SVG/XML content and attributes: HTML escaping (which also drops control
/// characters) minus the two non-characters XML refuses.
fn xml(text: &str) -> String {
    escape_html(text).replace(['\u{fffe}', '\u{ffff}'], "")
}

fn colour(layout: &Layout, record: &EventRecord) -> (&'static str, usize) {
    if let Some(mark) = layout.mark(&record.id) {
        return mark.status.colour();
    }
    record
        .tags
        .first()
        .and_then(|tag| layout.tag_index.get(tag).copied())
        .filter(|&at| at < PALETTE.len())
        .map_or((UNTAGGED, PALETTE.len()), |at| (PALETTE[at], at))
}

struct Ticks {
    /// (day, label)
    marks: Vec<(i64, String)>,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn year_text(year: i32) -> String {
    if year > 0 { year.to_string() } else { format!("{} BCE", 1 - i64::from(year)) }
}

/// Ticks for a segment: years (every 1, 2, 5, 10... years), else months (every 1, 3 or 6),
/// else days (the 1st, 8th, 15th and 22nd, or the 1st and 15th), the finest that leaves 48px
/// per label. The first label of a segment says the year.
fn ticks(segment: &Segment) -> Ticks {
    use chrono::{Datelike, NaiveDate};
    let room = ((segment.x1 - segment.x0) / 48.0).floor().max(1.0) as i64;
    let (Some(from), Some(to)) = (
        NaiveDate::from_num_days_from_ce_opt(segment.from as i32),
        NaiveDate::from_num_days_from_ce_opt(segment.to as i32),
    ) else {
        return Ticks { marks: Vec::new() };
    };
    let days = segment.to - segment.from;
    let months = i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    let mut marks = Vec::new();
    if days < 120 && days / 14 <= room {
        let days_of_month: &[u32] = if days / 7 <= room { &[1, 8, 15, 22] } else { &[1, 15] };
        let mut day = from;
        while day <= to {
            if days_of_month.contains(&day.day()) {
                let month = MONTHS[day.month0() as usize];
                let label = if marks.is_empty() || day.ordinal() == 1 {
                    format!("{} {month} {}", day.day(), year_text(day.year()))
                } else {
                    format!("{} {month}", day.day())
                };
                marks.push((day_number(day), label));
            }
            day = match day.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
    } else if months <= room * 6 {
        let step = [1, 3, 6].into_iter().find(|step| months / step <= room).unwrap_or(6);
        let (mut year, mut month) = (from.year(), from.month());
        while let Some(day) = NaiveDate::from_ymd_opt(year, month, 1) {
            if day > to {
                break;
            }
            if day >= from && i64::from(month - 1) % step == 0 {
                let label = if month == 1 || marks.is_empty() {
                    format!("{} {}", MONTHS[month as usize - 1], year_text(year))
                } else {
                    MONTHS[month as usize - 1].to_string()
                };
                marks.push((day_number(day), label));
            }
            (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
        }
    } else {
        let years = i64::from(to.year() - from.year()).max(1);
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000]
            .into_iter()
            .find(|step| years / step <= room)
            .unwrap_or(100_000);
        for year in from.year()..=to.year() {
            if i64::from(year).rem_euclid(step) != 0 {
                continue;
            }
            if let Some(day) = NaiveDate::from_ymd_opt(year, 1, 1).filter(|day| *day >= from) {
                marks.push((day_number(day), year_text(year)));
            }
        }
    }
    Ticks { marks }
}

/// A caption for a segment with too few ticks to place it: the years of its events.
fn segment_caption(segment: &Segment) -> Option<String> {
    use chrono::{Datelike, NaiveDate};
    let first = NaiveDate::from_num_days_from_ce_opt(i32::try_from(segment.events_from).ok()?)?.year();
    let last = NaiveDate::from_num_days_from_ce_opt(i32::try_from(segment.events_to).ok()?)?.year();
    Some(if first == last { year_text(first) } else { format!("{}–{}", year_text(first), year_text(last)) })
}

fn gap_text(days: i64) -> String {
    if days >= 730 {
        format!("{} years", days / 365)
    } else if days >= 60 {
        format!("{} months", days / 30)
    } else {
        format!("{days} days")
    }
}

/// The timeline drawn on a time axis as one self-contained SVG document.
pub fn timeline_svg(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(svg_document(report, &[]).as_bytes())
}

/// The timeline picture coloured by what an article does with each event (mentioned, in
/// conflict, not mentioned) instead of by tag, each label followed by its mark's note.
/// Events without a mark keep their tag colour.
pub fn timeline_svg_with_marks(report: &TimelineReport, marks: &[EventMark], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(svg_document(report, marks).as_bytes())
}

const TOP: f64 = 54.0;
const LEGEND_HEIGHT: f64 = 48.0;
const AXIS_HEIGHT: f64 = 44.0;

fn svg_document(report: &TimelineReport, marks: &[EventMark]) -> String {
    let layout = layout(report, marks);
    let axis_y = TOP + LEGEND_HEIGHT + AXIS_HEIGHT;
    let rows_top = axis_y + 26.0;
    let height = rows_top + layout.rows.max(1) as f64 * ROW_HEIGHT + 24.0;
    let title = report.title.as_deref().unwrap_or("Timeline");
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" \
         font-family=\"{FONT}\" font-size=\"12\" role=\"img\" aria-labelledby=\"timeline-title\">"
    );
    let _ = writeln!(svg, "<title id=\"timeline-title\">{}</title>", xml(title));
    svg.push_str("<defs>\n");
    for (index, colour) in PALETTE.iter().chain([&UNTAGGED]).enumerate() {
        for (direction, (x1, x2)) in [("right", (0, 1)), ("left", (1, 0))] {
            let _ = writeln!(
                svg,
                "<linearGradient id=\"fade-{direction}-{index}\" x1=\"{x1}\" x2=\"{x2}\" y1=\"0\" y2=\"0\">\
                 <stop offset=\"0\" stop-color=\"{colour}\" stop-opacity=\"0.9\"/>\
                 <stop offset=\"1\" stop-color=\"{colour}\" stop-opacity=\"0.05\"/></linearGradient>"
            );
        }
    }
    svg.push_str("</defs>\n");
    let _ = writeln!(svg, "<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>");
    let _ = writeln!(
        svg,
        "<text x=\"{MARGIN}\" y=\"34\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">{}</text>",
        xml(title)
    );
    legend(&mut svg, &layout);
    if layout.placed.is_empty() {
        let _ = writeln!(svg, "<text x=\"{MARGIN}\" y=\"{}\" fill=\"#555\">No dated events to draw.</text>", axis_y);
        svg.push_str("</svg>\n");
        return svg;
    }
    axis(&mut svg, &layout, axis_y, height);
    for placed in &layout.placed {
        event_mark(&mut svg, &layout, placed, axis_y, rows_top);
    }
    svg.push_str("</svg>\n");
    svg
}

fn legend(svg: &mut String, layout: &Layout) {
    let y = TOP + 8.0;
    let grey = UNTAGGED;
    let open_fill = format!("url(#fade-right-{})", PALETTE.len());
    let swatch =
        |extra: &str| format!("<rect x=\"0\" y=\"-5\" width=\"20\" height=\"10\" rx=\"2\" fill=\"{grey}\" {extra}/>");
    let entries = [
        (format!("<circle cx=\"10\" cy=\"0\" r=\"5\" fill=\"{grey}\"/>"), "a day"),
        (swatch("fill-opacity=\"0.9\""), "a range"),
        (swatch(&format!("fill-opacity=\"0.35\" stroke=\"{grey}\"")), "a month or year (the whole period)"),
        (
            swatch(&format!("fill-opacity=\"0.2\" stroke=\"{grey}\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"")),
            "approximate (~)",
        ),
        (
            swatch(&format!("fill-opacity=\"0.2\" stroke=\"{grey}\" stroke-width=\"1.5\" stroke-dasharray=\"1 2\"")),
            "uncertain (?)",
        ),
        (format!("<rect x=\"0\" y=\"-5\" width=\"20\" height=\"10\" fill=\"{open_fill}\"/>"), "open-ended"),
        (format!("<path d=\"{}\" stroke=\"#999\" fill=\"none\"/>", zigzag(10.0, 0.0)), "time cut out"),
    ];
    let mut x = MARGIN;
    for (glyph, text) in entries {
        let _ = writeln!(
            svg,
            "<g transform=\"translate({x:.1} {y})\">{glyph}<text x=\"26\" y=\"4\" fill=\"#333\">{}</text></g>",
            xml(text)
        );
        x += 26.0 + text.width() as f64 * CHAR_WIDTH + 18.0;
    }
    // Second line: what the colours say.
    let y = y + 22.0;
    let mut x = MARGIN;
    if !layout.marks.is_empty() {
        for status in [MarkStatus::Mentioned, MarkStatus::Conflict, MarkStatus::NotMentioned] {
            let (colour, _) = status.colour();
            let text = status.label();
            let faded = if status == MarkStatus::NotMentioned { " opacity=\"0.5\"" } else { "" };
            x = write_swatch(svg, (x, y), colour, text, faded);
        }
        return;
    }
    for (index, tag) in layout.tags.iter().enumerate() {
        let colour = PALETTE.get(index).copied().unwrap_or(UNTAGGED);
        let text = if index < PALETTE.len() { tag.as_str() } else { "other tags" };
        x = write_swatch(svg, (x, y), colour, text, "");
        if index >= PALETTE.len() {
            break;
        }
    }
}

/// One colour of the legend: a swatch and its label at `(x, y)`, with `attributes` on the
/// group. Returns where the next one starts.
fn write_swatch(svg: &mut String, (x, y): (f64, f64), colour: &str, text: &str, attributes: &str) -> f64 {
    let _ = writeln!(
        svg,
        "<g{attributes}><rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/>\
         <text x=\"{}\" y=\"{}\" fill=\"#333\">{}</text></g>",
        y - 6.0,
        x + 18.0,
        y + 4.0,
        xml(text)
    );
    x + 18.0 + text.width() as f64 * CHAR_WIDTH + 18.0
}

fn zigzag(x: f64, y: f64) -> String {
    format!("M{} {} l3 -6 l4 12 l4 -12 l4 12 l3 -6", x - 9.0, y)
}

fn axis(svg: &mut String, layout: &Layout, axis_y: f64, height: f64) {
    for (index, segment) in layout.segments.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" stroke=\"#444\" stroke-width=\"1.5\"/>",
            segment.x0, segment.x1
        );
        let ticks = ticks(segment);
        for (day, label) in &ticks.marks {
            let x = segment.x(*day);
            let _ = writeln!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#eee\"/>\
                 <line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{axis_y}\" stroke=\"#444\"/>\
                 <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\" font-size=\"11\">{}</text>",
                axis_y + 1.0,
                height - 16.0,
                axis_y - 5.0,
                axis_y - 9.0,
                xml(label)
            );
        }
        if ticks.marks.len() < 2
            && let Some(caption) = segment_caption(segment)
            && !ticks.marks.iter().any(|(_, label)| caption.contains(label.as_str()) || label.contains(&caption))
        {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\" font-size=\"11\" font-weight=\"bold\">{}</text>",
                (segment.x0 + segment.x1) / 2.0,
                axis_y + 16.0,
                xml(&caption)
            );
        }
        if let Some(next) = layout.segments.get(index + 1) {
            let x = (segment.x1 + next.x0) / 2.0;
            let _ = writeln!(
                svg,
                "<rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"#f4f4f4\"/>\
                 <path d=\"{}\" stroke=\"#999\" fill=\"none\"/>\
                 <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#777\" font-size=\"10\">{}</text>",
                segment.x1 + 6.0,
                axis_y + 10.0,
                BREAK_WIDTH - 12.0,
                height - axis_y - 26.0,
                zigzag(x, axis_y),
                axis_y + 22.0,
                xml(&gap_text(next.events_from - segment.events_to)),
            );
        }
    }
}

fn event_mark(svg: &mut String, layout: &Layout, placed: &Placed, axis_y: f64, rows_top: f64) {
    let record = placed.item.record;
    let date = &placed.item.date;
    let (colour, colour_index) = colour(layout, record);
    let y = rows_top + placed.row as f64 * ROW_HEIGHT;
    let mark_y = y + 8.0;
    let dash = match (date.approximate, date.uncertain) {
        (_, true) => " stroke-dasharray=\"1 2\"",
        (true, false) => " stroke-dasharray=\"4 2\"",
        (false, false) => "",
    };
    let qualified = date.approximate || date.uncertain;
    let status = layout.mark(&record.id).map(|mark| mark.status);
    // Events the article leaves out step back, so the ones it uses stand out.
    let opacity = if status == Some(MarkStatus::NotMentioned) { " opacity=\"0.5\"" } else { "" };
    let tooltip = match (status, &placed.note) {
        (Some(status), Some(note)) => format!("{} ({}): {}, {note}", record.title, placed.when, status.label()),
        (Some(status), None) => format!("{} ({}): {}", record.title, placed.when, status.label()),
        (None, _) => format!("{} ({})", record.title, placed.when),
    };
    let _ = write!(svg, "<g{opacity}><title>{}</title>", xml(&tooltip));
    // A faint guide up to the axis, so a mark far below it can be read against the ticks.
    let guide_x = if date.start.is_none() { placed.mark_x1 } else { placed.mark_x0 + 5.0 };
    let _ = write!(
        svg,
        "<line x1=\"{guide_x:.1}\" y1=\"{}\" x2=\"{guide_x:.1}\" y2=\"{}\" stroke=\"{colour}\" stroke-opacity=\"0.25\" stroke-dasharray=\"2 3\"/>",
        axis_y + 2.0,
        mark_y - 6.0
    );
    let is_day_point = !date.is_range() && date.precision() == Precision::Day;
    if is_day_point {
        let fill_opacity = if qualified { "0.25" } else { "1" };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{mark_y}\" r=\"5.5\" fill=\"{colour}\" fill-opacity=\"{fill_opacity}\" stroke=\"{colour}\" stroke-width=\"1.5\"{dash}/>",
            placed.mark_x0 + 5.0
        );
    } else {
        let (x0, x1) = (placed.mark_x0 + 4.0, placed.mark_x1 - 4.0);
        let width = (x1 - x0).max(3.0);
        let fill = match (date.start.is_none(), date.end.is_none()) {
            (true, _) => format!("url(#fade-left-{colour_index})"),
            (_, true) => format!("url(#fade-right-{colour_index})"),
            _ => colour.to_string(),
        };
        let fill_opacity = if qualified {
            "0.2"
        } else if date.is_range() {
            "0.9"
        } else {
            "0.35"
        };
        let _ = write!(
            svg,
            "<rect x=\"{x0:.1}\" y=\"{}\" width=\"{width:.1}\" height=\"10\" rx=\"2\" fill=\"{fill}\" fill-opacity=\"{fill_opacity}\" stroke=\"{colour}\" stroke-width=\"1.2\"{dash}/>",
            mark_y - 5.0
        );
    }
    let (label_x, anchor) = if placed.label_left {
        (placed.label_x + placed.label_width, " text-anchor=\"end\"")
    } else {
        (placed.label_x, "")
    };
    let note = placed.note.as_deref().map_or_else(String::new, |note| {
        let weight = if status == Some(MarkStatus::Conflict) { " font-weight=\"bold\"" } else { "" };
        format!("<tspan dx=\"8\" fill=\"{colour}\" font-size=\"11\"{weight}>{}</tspan>", xml(note))
    });
    let _ = writeln!(
        svg,
        "<text x=\"{label_x:.1}\" y=\"{}\" fill=\"#222\"{anchor}>{}<tspan dx=\"8\" fill=\"#666\" font-size=\"11\">{}</tspan>{note}</text></g>",
        y + 28.0,
        xml(&placed.title),
        xml(&placed.when)
    );
}

/// A self-contained HTML page: the timeline picture and the event table.
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
    page.push_str(&svg_document(report, &[]));
    let _ = write!(
        page,
        "</figure>\n<table>\n<thead><tr><th>Date</th><th>Event</th><th>Tags</th><th>Actors</th><th>Places</th>\
         <th>Sources</th><th>Notes</th></tr></thead>\n<tbody>\n"
    );
    for event in &report.events {
        let date = match &event.display {
            Some(display) => format!("{}<br><code>{}</code>", xml(display), xml(&event.date.text)),
            None => format!("<code>{}</code>", xml(&event.date.text)),
        };
        let list = |items: &[String]| items.iter().map(|item| xml(item)).collect::<Vec<_>>().join(", ");
        let sources = event
            .sources
            .iter()
            .map(|source| match safe_link(source) {
                Some(url) => format!("<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", xml(url), xml(source)),
                None => xml(source),
            })
            .collect::<Vec<_>>()
            .join("<br>");
        let notes = event.notes.as_deref().map(|notes| xml(notes).replace('\n', "<br>")).unwrap_or_default();
        let _ = writeln!(
            page,
            "<tr id=\"{}\"><td>{date}</td><td><strong>{}</strong></td><td>{}</td><td>{}</td><td>{}</td><td>{sources}</td><td>{notes}</td></tr>",
            xml(&event.id),
            xml(&event.title),
            list(&event.tags),
            list(&event.actors),
            list(&event.places),
        );
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
code { font-size: 12px; color: #555; }
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Event;

    fn record(id: &str, title: &str, date: &str, tag: &str) -> EventRecord {
        EventRecord {
            tags: if tag.is_empty() { Vec::new() } else { vec![tag.to_string()] },
            sources: vec!["https://example.org/source".to_string()],
            ..EventRecord::from(&Event::new(id, title, Date::parse(date).unwrap()))
        }
    }

    #[test]
    fn truncation_flattens_whitespace_and_cuts_with_an_ellipsis() {
        assert_eq!(truncate("  one\n two\tthree ", 13), "one two three");
        assert_eq!(truncate("one two three", 12), "one two thr…");
        assert_eq!(truncate("one two three", 8), "one two…");
        assert_eq!(truncate("één twee", 5), "één…");
        assert_eq!(truncate(&"word ".repeat(10_000), 9), "word wor…");
        assert_eq!(truncate("", 4), "");
    }

    /// The sample article's events (docs: events.md), plus an approximate and an open one.
    fn sample() -> TimelineReport {
        let events = vec![
            record("ussr-dissolved", "Dissolution of the Soviet Union", "1991-12-26", "russia"),
            record("partnership", "Russia-China constructive partnership", "1992/..", "diplomacy"),
            record("six-party-talks", "Six-Party Talks", "2003-08/2009-04", "korea"),
            record("belt-and-road", "Belt and Road Initiative proposed", "2013-09-07~", "china"),
            record("eaeu", "Eurasian Economic Union", "2015-01-01", "russia"),
            record("skripal", "Skripal poisoning in Salisbury", "2018-03-04", "russia"),
            record("steel-tariffs", "US steel and aluminium tariffs (Section 232)", "2018-03-08", "trade"),
            record("uk-expels", "UK expels 23 Russian diplomats", "2018-03-14", "russia"),
            record("section-301", "US Section 301 action against China", "2018-03-22", "trade"),
            record("allies-expel", "US and EU allies expel Russian diplomats", "2018-03-26", "russia"),
            record("counter-tariffs", "China's counter-tariffs on 128 US products", "2018-04-02", "trade"),
            record("wang-yi", "Wang Yi visits Moscow as Xi's special envoy", "2018-04-04/2018-04-05", "diplomacy"),
            record("korea-summit", "Inter-Korean summit at Panmunjom", "2018-04-27?", "korea"),
        ];
        TimelineReport { schema_version: 1, title: Some("China and Russia, 2018".into()), events }
    }

    /// A strict enough XML check for what this module writes: balanced tags, quoted
    /// attributes, known entities, no raw `<` or `&` in text.
    pub(super) fn assert_well_formed_xml(text: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(['<', '&']) {
            rest = &rest[at..];
            if rest.starts_with('&') {
                let end = rest.find(';').expect("an entity ends with ;");
                let name = &rest[1..end];
                assert!(["amp", "lt", "gt", "quot", "#39"].contains(&name), "unknown entity &{name};");
                rest = &rest[end + 1..];
                continue;
            }
            let end = rest.find('>').expect("a tag ends with >");
            let tag = &rest[1..end];
            assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched close tag");
            } else if !tag.starts_with('!') {
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name = body.split_whitespace().next().expect("a tag name");
                let attributes = &body[name.len()..];
                assert_eq!(attributes.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
                for part in attributes.split('"').step_by(2) {
                    assert!(
                        part.split_whitespace().all(|word| word.ends_with('=')),
                        "bad attribute `{part}` in <{tag}>"
                    );
                }
                if !self_closing {
                    stack.push(name.to_string());
                }
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    }

    fn svg(report: &TimelineReport) -> String {
        let mut out = Vec::new();
        timeline_svg(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_sample_picture_is_well_formed_and_self_contained() {
        let svg = svg(&sample());
        assert_well_formed_xml(&svg);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        for external in ["<script", "<image", "href=\"http", "@import", "<foreignObject"] {
            assert!(!svg.contains(external), "{external}");
        }
        // Every event is drawn and labelled, with its date.
        for event in &sample().events {
            assert!(svg.contains(&xml(&event.title)), "{}", event.title);
        }
        assert!(svg.contains("10 years"), "the cut between 1992 and 2003 is labelled");
        assert!(svg.contains("stroke-dasharray=\"4 2\""), "approximate dates are dashed");
        assert!(svg.contains("stroke-dasharray=\"1 2\""), "uncertain dates are dotted");
        assert!(svg.contains("url(#fade-right-"), "the open range fades out");
    }

    #[test]
    fn labels_and_marks_never_overlap() {
        let report = sample();
        let layout = layout(&report, &[]);
        assert_eq!(layout.placed.len(), report.events.len());
        assert!(layout.rows < report.events.len(), "rows are shared: {}", layout.rows);
        for (index, a) in layout.placed.iter().enumerate() {
            let (a0, a1) = a.extent();
            assert!(a0 >= MARGIN - 6.0 && a1 <= WIDTH - MARGIN + 6.0, "{} is outside the picture: {a0}..{a1}", a.title);
            for b in &layout.placed[index + 1..] {
                let (b0, b1) = b.extent();
                assert!(a.row != b.row || a1 <= b0 || b1 <= a0, "{} and {} overlap in row {}", a.title, b.title, a.row);
            }
        }
    }

    #[test]
    fn clustered_days_stay_apart() {
        let report = sample();
        let layout = layout(&report, &[]);
        let x = |id: &str| layout.placed.iter().find(|placed| placed.item.record.id == id).unwrap().mark_x0;
        // Four days apart in March 2018: the two 11px marks must not touch.
        assert!(x("steel-tariffs") - x("skripal") > 15.0, "{} {}", x("skripal"), x("steel-tariffs"));
        assert!(x("eaeu") < x("skripal") && x("ussr-dissolved") < x("six-party-talks"));
    }

    #[test]
    fn hostile_text_is_escaped_in_picture_and_page() {
        let mut report = sample();
        report.title = Some("<script>alert(1)</script>".into());
        report.events[0].title = "</text><script>alert(2)</script> & \"quotes\" \u{1b}[31m".into();
        report.events[0].sources = vec!["javascript:alert(3)".into()];
        report.events[0].notes = Some("<img src=x onerror=alert(4)>".into());
        let svg = svg(&report);
        assert_well_formed_xml(&svg);
        assert!(!svg.contains("<script") && !svg.contains('\u{1b}'));
        let mut page = Vec::new();
        timeline_html(&report, &mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("href=\"javascript"));
        let document = scraper::Html::parse_document(&page);
        let rows = scraper::Selector::parse("tbody tr").unwrap();
        assert_eq!(document.select(&rows).count(), report.events.len());
    }

    #[test]
    fn marks_colour_events_by_what_the_article_does_with_them() {
        let report = sample();
        let mark = |id: &str, status, note: Option<&str>| EventMark {
            id: id.to_string(),
            status,
            note: note.map(String::from),
        };
        let marks = [
            mark("ussr-dissolved", MarkStatus::Conflict, Some("¶1.1 says 1992 <b>&</b>")),
            mark("skripal", MarkStatus::NotMentioned, None),
            mark("eaeu", MarkStatus::Mentioned, Some("¶3.5")),
        ];
        let mut out = Vec::new();
        timeline_svg_with_marks(&report, &marks, &mut out).unwrap();
        let svg = String::from_utf8(out).unwrap();
        assert_well_formed_xml(&svg);
        assert!(svg.contains("¶1.1 says 1992 &lt;b&gt;&amp;&lt;/b&gt;"), "the note is drawn, escaped");
        assert!(svg.contains(&format!("fill=\"{}\" font-size=\"11\" font-weight=\"bold\">¶1.1", PALETTE[1])));
        assert!(svg.contains("<g opacity=\"0.5\"><title>Skripal poisoning in Salisbury (2018-03-04): not mentioned"));
        assert!(svg.contains("date conflict with the article"), "the legend says what the colours mean");
        // Unmarked events keep their tag colour, and the plain picture is unchanged by marks.
        let layout = layout(&report, &marks);
        let record = |id: &str| report.events.iter().find(|event| event.id == id).unwrap();
        assert_eq!(colour(&layout, record("eaeu")).0, PALETTE[0]);
        assert_eq!(colour(&layout, record("ussr-dissolved")).0, PALETTE[1]);
        assert_eq!(svg_document(&report, &[]), self::svg(&report));
        // A note makes the label longer: rows still never overlap.
        for (index, a) in layout.placed.iter().enumerate() {
            for b in &layout.placed[index + 1..] {
                let ((a0, a1), (b0, b1)) = (a.extent(), b.extent());
                assert!(a.row != b.row || a1 <= b0 || b1 <= a0, "{} and {} overlap", a.title, b.title);
            }
        }
    }

    #[test]
    #[ignore = "slow in a debug build: .ci/run runs it in release"]
    fn many_events_with_their_own_tags_and_marks_are_laid_out_in_n_log_n() {
        const EVENTS: usize = 30_000;
        let events: Vec<EventRecord> = (0..EVENTS)
            .map(|n| record(&format!("e{n}"), "Same day", &format!("2018-03-{:02}", 1 + n % 2), &format!("tag{n}")))
            .collect();
        let report = TimelineReport { schema_version: 1, title: None, events };
        let marks: Vec<EventMark> =
            (0..EVENTS).map(|n| EventMark { id: format!("e{n}"), status: MarkStatus::Mentioned, note: None }).collect();
        let started = std::time::Instant::now();
        let layout = layout(&report, &marks);
        // Two days a day apart: every label overlaps every other, one row each.
        assert_eq!(layout.rows, EVENTS);
        assert_eq!(layout.tags.len(), EVENTS);
        assert!(layout.placed.iter().all(|placed| layout.mark(&placed.item.record.id).is_some()));
        // Searched from the start for each event, rows, tags and marks were billions of steps.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn empty_and_odd_timelines_still_draw() {
        let empty = TimelineReport { schema_version: 1, title: None, events: Vec::new() };
        assert!(svg(&empty).contains("No dated events"));
        let single = TimelineReport { schema_version: 1, title: None, events: vec![record("a", "A", "-0500~", "")] };
        assert_well_formed_xml(&svg(&single));
        let ancient_and_modern = TimelineReport {
            schema_version: 1,
            title: None,
            events: vec![
                record("a", "A", "-5000", ""),
                record("b", "B", "../2018-04-05", "x"),
                record("c", "C", "2018", "x"),
            ],
        };
        assert_well_formed_xml(&svg(&ancient_and_modern));
    }
}
