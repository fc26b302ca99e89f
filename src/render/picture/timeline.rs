//! The timeline picture: each event as a mark on the broken time axis (a dot for a day, a bar
//! for a range or a coarse date, dashed when approximate, faded when open), its label beside
//! it. Labels go right of their mark, else left of it, else inside a long bar, and are cut
//! only when none of these has room; rows are assigned greedily so that no two labels (or
//! marks) in a row overlap.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt::Write as _;
use std::io::{self, Write};

use rustc_hash::FxHashMap;

use super::axis::{self, AXIS_FONT, Axis, day_number};
use super::{CHAR_WIDTH, FONT, MARGIN, text_width, truncate, xml};
use crate::dates::{Date, Precision};
use crate::report::timeline::{EventRecord, TimelineReport};

/// The width of a standalone picture.
const WIDTH: f64 = 1200.0;
/// The width of a picture inside a printed page: an A4 page's text width in CSS px, so that
/// its text prints at the size it is drawn (11 px, about 8 pt).
pub const PRINT_WIDTH: f64 = 700.0;
const ROW_HEIGHT: f64 = 20.0;
const TITLE_FONT: f64 = 12.0;
const DATE_FONT: f64 = 11.0;
/// Between the title, the date and the note of a label.
const PIECE_GAP: f64 = 8.0;
/// Between a mark and its label.
const MARK_GAP: f64 = 6.0;
/// Between two labels in a row.
const LABEL_GAP: f64 = 14.0;
const MAX_NOTE_CHARS: usize = 60;
/// Okabe-Ito colours (without yellow, too pale on white), one per first tag.
const PALETTE: [&str; 7] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
const UNTAGGED: &str = "#6B6B6B";
/// The middle of the first legend line, and the height of a line.
const LEGEND_TOP: f64 = 62.0;
const LEGEND_LINE: f64 = 20.0;
/// From the last legend line to the axis: room for the tick labels.
const AXIS_HEIGHT: f64 = 54.0;
/// From the axis to the first row: room for captions and break labels.
const BELOW_AXIS: f64 = 36.0;

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

/// The timeline drawn on a time axis as one self-contained SVG document.
pub fn timeline_svg(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(svg_document(report, &[], WIDTH, Heading::Drawn).as_bytes())
}

/// The timeline picture for a page about an article: `width` px wide, coloured by what the
/// article does with each event (mentioned, in conflict, not mentioned) instead of by tag,
/// each label followed by its mark's note. Events without a mark keep their tag colour. The
/// page gives the heading; the picture's title is only its `<title>`.
pub fn timeline_svg_with_marks(
    report: &TimelineReport,
    marks: &[EventMark],
    width: f64,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(svg_document(report, marks, width, Heading::FromThePage).as_bytes())
}

/// An event that can be drawn: its known interval in days from the common era.
#[derive(Debug, Clone)]
struct Drawable<'a> {
    record: &'a EventRecord,
    date: Date,
    first: i64,
    last: i64,
}

/// Where a label goes relative to its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelSide {
    Right,
    /// Ends just left of the mark (drawn anchored at its end).
    Left,
    /// Over a long bar, with a white halo.
    Inside,
}

/// Where one event is drawn.
#[derive(Debug, Clone)]
struct Placed<'a> {
    item: Drawable<'a>,
    row: usize,
    mark_x0: f64,
    mark_x1: f64,
    /// Where the label starts (its left edge, whatever its side).
    label_x: f64,
    label_width: f64,
    side: LabelSide,
    title: String,
    /// The event's date as the timeline shows it (in the tooltip), and in the label when it
    /// has room.
    when: String,
    shown_when: Option<String>,
    note: Option<String>,
}

impl Placed<'_> {
    fn extent(&self) -> (f64, f64) {
        (self.mark_x0.min(self.label_x), self.mark_x1.max(self.label_x + self.label_width))
    }
}

#[derive(Debug)]
struct Layout<'a> {
    width: f64,
    axis: Axis,
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

    fn x_of(&self, day: i64) -> f64 {
        self.axis
            .segments
            .iter()
            .find(|segment| (segment.from..=segment.to).contains(&day))
            .map_or(MARGIN, |segment| segment.x(day))
    }
}

fn drawables(report: &TimelineReport) -> Vec<Drawable<'_>> {
    report
        .events
        .iter()
        .filter_map(|record| {
            let date = Date::parse(&record.date.text).ok()?;
            // An open end is drawn from the known end; its interval is that end's.
            let known_start = date.start.or(date.end)?;
            let known_end = date.end.or(date.start)?;
            Some(Drawable {
                first: day_number(known_start.first_day()),
                last: day_number(known_end.last_day()),
                record,
                date,
            })
        })
        .collect()
}

fn label_width(title: &str, when: Option<&str>, note: Option<&str>) -> f64 {
    let piece = |text: Option<&str>| text.map_or(0.0, |text| PIECE_GAP + text_width(text, DATE_FONT));
    text_width(title, TITLE_FONT) + piece(when) + piece(note)
}

/// Picks the label's side: right of the mark, else left of it, else inside a long bar. When
/// none has room for the whole label, the side with the most room gets it without its date
/// (which the axis gives), its title cut only if that is still too long.
/// Returns the side, the label's left edge, its title, its date and its width.
fn place_label(
    (mark_x0, mark_x1): (f64, f64),
    is_bar: bool,
    (title, when, note): (&str, &str, Option<&str>),
    width: f64,
) -> (LabelSide, f64, String, Option<String>, f64) {
    let right_edge = width - MARGIN;
    let rooms = [
        (LabelSide::Right, right_edge - (mark_x1 + MARK_GAP)),
        (LabelSide::Left, mark_x0 - MARK_GAP - MARGIN),
        (LabelSide::Inside, if is_bar { mark_x1 - mark_x0 - 2.0 * PIECE_GAP } else { 0.0 }),
    ];
    let full = label_width(title, Some(when), note);
    let (side, room, when) = match rooms.iter().find(|&&(_, room)| full <= room) {
        Some(&(side, room)) => (side, room, Some(when.to_string())),
        None => {
            let (side, room) = rooms.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap_or(rooms[0]);
            (side, room, None)
        }
    };
    let without_title = label_width("", when.as_deref(), note);
    let title = if without_title + text_width(title, TITLE_FONT) <= room {
        title.to_string()
    } else {
        truncate(title, ((room - without_title) / CHAR_WIDTH).max(2.0) as usize)
    };
    let label_width = label_width(&title, when.as_deref(), note);
    let label_x = match side {
        LabelSide::Right => mark_x1 + MARK_GAP,
        LabelSide::Left => mark_x0 - MARK_GAP - label_width,
        LabelSide::Inside => mark_x0 + PIECE_GAP,
    };
    (side, label_x.clamp(MARGIN, (right_edge - label_width).max(MARGIN)), title, when, label_width)
}

fn layout<'a>(report: &'a TimelineReport, marks: &'a [EventMark], width: f64) -> Layout<'a> {
    let items = drawables(report);
    let intervals: Vec<(i64, i64)> = items.iter().map(|item| (item.first, item.last)).collect();
    let mut layout = Layout {
        width,
        axis: axis::axis(&intervals, width),
        placed: Vec::with_capacity(items.len()),
        rows: 0,
        tags: Vec::new(),
        tag_index: FxHashMap::default(),
        marks,
        mark_of: FxHashMap::default(),
    };
    for mark in marks {
        layout.mark_of.entry(mark.id.as_str()).or_insert(mark);
    }
    let right_edge = width - MARGIN;
    for item in items {
        if let Some(tag) = item.record.tags.first()
            && !layout.tag_index.contains_key(tag)
        {
            layout.tag_index.insert(tag.clone(), layout.tags.len());
            layout.tags.push(tag.clone());
        }
        let mark_x0 = if item.date.start.is_none() { MARGIN } else { layout.x_of(item.first) - 5.0 };
        let mark_x1 = if item.date.end.is_none() { right_edge } else { layout.x_of(item.last) + 5.0 };
        let when = item.record.display.clone().unwrap_or_else(|| item.record.date.text.clone());
        let note = layout
            .mark_of
            .get(item.record.id.as_str())
            .and_then(|mark| mark.note.as_deref())
            .map(|note| truncate(note, MAX_NOTE_CHARS));
        let is_bar = item.date.is_range() || item.date.precision() != Precision::Day;
        let (side, label_x, title, shown_when, label_width) =
            place_label((mark_x0, mark_x1), is_bar, (&item.record.title, &when, note.as_deref()), width);
        layout.placed.push(Placed {
            item,
            row: 0,
            mark_x0,
            mark_x1,
            label_x,
            label_width,
            side,
            title,
            when,
            shown_when,
            note,
        });
    }
    layout.rows = assign_rows(&mut layout.placed);
    layout
}

/// Puts each label in the first row it fits and returns the number of rows. Labels come by
/// their left edge, so a row that fits one fits every later one until it is used again: rows
/// move from `busy` (by where they end) to `free` (by number) once, which keeps this n log n
/// for many events.
fn assign_rows(placed: &mut [Placed]) -> usize {
    placed.sort_by(|a, b| a.extent().0.total_cmp(&b.extent().0));
    let mut rows = 0;
    let mut busy: BinaryHeap<Reverse<RowEnd>> = BinaryHeap::new();
    let mut free: BTreeSet<usize> = BTreeSet::new();
    for entry in placed {
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
    rows
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

/// Whether the picture draws its title, or leaves it to the page around it (and to its
/// `<title>` element).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Heading {
    Drawn,
    FromThePage,
}

pub(super) fn svg_document(report: &TimelineReport, marks: &[EventMark], width: f64, heading: Heading) -> String {
    let layout = layout(report, marks, width);
    let mut legend_svg = String::new();
    let top = if heading == Heading::Drawn { LEGEND_TOP } else { LEGEND_TOP - 40.0 };
    let last_legend_line = legend(&mut legend_svg, &layout, top);
    let axis_y = last_legend_line + AXIS_HEIGHT;
    let rows_top = axis_y + BELOW_AXIS;
    let height = rows_top + layout.rows.max(1) as f64 * ROW_HEIGHT + 16.0;
    let title = report.title.as_deref().unwrap_or("Timeline");
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"{FONT}\" font-size=\"{TITLE_FONT}\" role=\"img\" aria-labelledby=\"timeline-title\">"
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
    let _ = writeln!(svg, "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
    if heading == Heading::Drawn {
        let _ = writeln!(
            svg,
            "<text x=\"{MARGIN}\" y=\"34\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">{}</text>",
            xml(&truncate(title, ((width - 2.0 * MARGIN) / text_width("x", 20.0)) as usize))
        );
    }
    svg.push_str(&legend_svg);
    if layout.placed.is_empty() {
        let _ = writeln!(svg, "<text x=\"{MARGIN}\" y=\"{axis_y}\" fill=\"#555\">No dated events to draw.</text>");
        svg.push_str("</svg>\n");
        return svg;
    }
    draw_axis(&mut svg, &layout, axis_y, height);
    for placed in &layout.placed {
        event_mark(&mut svg, &layout, placed, axis_y, rows_top);
    }
    svg.push_str("</svg>\n");
    svg
}

/// Legend entries in lines that wrap at the picture's width.
struct Flow {
    x: f64,
    y: f64,
    right_edge: f64,
}

impl Flow {
    /// Where an entry `width` px wide goes; on a new line when it would pass the edge.
    fn place(&mut self, width: f64) -> (f64, f64) {
        if self.x > MARGIN && self.x + width > self.right_edge {
            self.x = MARGIN;
            self.y += LEGEND_LINE;
        }
        let at = (self.x, self.y);
        self.x += width + 18.0;
        at
    }

    fn new_line(&mut self) {
        self.x = MARGIN;
        self.y += LEGEND_LINE;
    }
}

/// Which shapes the picture draws, in the order of the legend.
fn shapes_used(layout: &Layout) -> [bool; 7] {
    let dates = || layout.placed.iter().map(|placed| &placed.item.date);
    [
        dates().any(|date| !date.is_range() && date.precision() == Precision::Day),
        dates().any(|date| date.is_range()),
        dates().any(|date| !date.is_range() && date.precision() != Precision::Day),
        dates().any(|date| date.approximate),
        dates().any(|date| date.uncertain),
        dates().any(|date| date.start.is_none() || date.end.is_none()),
        !layout.axis.breaks.is_empty(),
    ]
}

/// Writes the legend (the shapes drawn, then the colours) from `top` and returns the middle
/// of its last line.
fn legend(svg: &mut String, layout: &Layout, top: f64) -> f64 {
    let grey = UNTAGGED;
    let open_fill = format!("url(#fade-right-{})", PALETTE.len());
    let swatch = |x: f64, y: f64, extra: &str| {
        format!("<rect x=\"{x:.1}\" y=\"{}\" width=\"20\" height=\"10\" rx=\"2\" fill=\"{grey}\" {extra}/>", y - 5.0)
    };
    type Glyph<'a> = Box<dyn Fn(f64, f64) -> String + 'a>;
    let entries: [(Glyph, &str); 7] = [
        (Box::new(|x, y| format!("<circle cx=\"{:.1}\" cy=\"{y}\" r=\"5\" fill=\"{grey}\"/>", x + 10.0)), "a day"),
        (Box::new(|x, y| swatch(x, y, "fill-opacity=\"0.9\"")), "a range"),
        (
            Box::new(|x, y| swatch(x, y, &format!("fill-opacity=\"0.35\" stroke=\"{grey}\""))),
            "a month or year (the whole period)",
        ),
        (
            Box::new(|x, y| {
                swatch(
                    x,
                    y,
                    &format!("fill-opacity=\"0.2\" stroke=\"{grey}\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\""),
                )
            }),
            "approximate (~)",
        ),
        (
            Box::new(|x, y| {
                swatch(
                    x,
                    y,
                    &format!("fill-opacity=\"0.2\" stroke=\"{grey}\" stroke-width=\"1.5\" stroke-dasharray=\"1 2\""),
                )
            }),
            "uncertain (?)",
        ),
        (
            Box::new(|x, y| {
                format!("<rect x=\"{x:.1}\" y=\"{}\" width=\"20\" height=\"10\" fill=\"{open_fill}\"/>", y - 5.0)
            }),
            "open-ended",
        ),
        (
            Box::new(|x, y| format!("<path d=\"{}\" stroke=\"#999\" fill=\"none\"/>", zigzag(x + 10.0, y))),
            "time cut out",
        ),
    ];
    let mut flow = Flow { x: MARGIN, y: top, right_edge: layout.width - MARGIN };
    for ((glyph, text), _) in entries.into_iter().zip(shapes_used(layout)).filter(|(_, used)| *used) {
        let (x, y) = flow.place(26.0 + text_width(text, TITLE_FONT));
        let _ = writeln!(
            svg,
            "{}<text x=\"{:.1}\" y=\"{}\" fill=\"#333\">{}</text>",
            glyph(x, y),
            x + 26.0,
            y + 4.0,
            xml(text)
        );
    }
    // Then what the colours say, from a new line.
    flow.new_line();
    if !layout.marks.is_empty() {
        for status in [MarkStatus::Mentioned, MarkStatus::Conflict, MarkStatus::NotMentioned] {
            let faded = if status == MarkStatus::NotMentioned { " opacity=\"0.5\"" } else { "" };
            write_swatch(svg, &mut flow, status.colour().0, status.label(), faded);
        }
        return flow.y;
    }
    for (index, tag) in layout.tags.iter().enumerate() {
        let colour = PALETTE.get(index).copied().unwrap_or(UNTAGGED);
        let text = if index < PALETTE.len() { tag.as_str() } else { "other tags" };
        write_swatch(svg, &mut flow, colour, text, "");
        if index >= PALETTE.len() {
            break;
        }
    }
    flow.y
}

/// One colour of the legend: a swatch and its label, with `attributes` on the group.
fn write_swatch(svg: &mut String, flow: &mut Flow, colour: &str, text: &str, attributes: &str) {
    let text = truncate(text, ((flow.right_edge - MARGIN - 18.0) / CHAR_WIDTH) as usize);
    let (x, y) = flow.place(18.0 + text_width(&text, TITLE_FONT));
    let _ = writeln!(
        svg,
        "<g{attributes}><rect x=\"{x:.1}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/>\
         <text x=\"{:.1}\" y=\"{}\" fill=\"#333\">{}</text></g>",
        y - 6.0,
        x + 18.0,
        y + 4.0,
        xml(&text)
    );
}

fn zigzag(x: f64, y: f64) -> String {
    format!("M{:.1} {} l3 -6 l4 12 l4 -12 l4 12 l3 -6", x - 9.0, y)
}

fn draw_axis(svg: &mut String, layout: &Layout, axis_y: f64, height: f64) {
    let label_y = axis_y + 18.0;
    for segment in &layout.axis.segments {
        let _ = writeln!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" stroke=\"#444\" stroke-width=\"1.5\"/>",
            segment.x0, segment.x1
        );
        let ticks = axis::ticks(segment);
        for tick in &ticks {
            let x = tick.x;
            let _ = writeln!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#eee\"/>\
                 <line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{axis_y}\" stroke=\"#444\"/>\
                 <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\" font-size=\"{AXIS_FONT}\">{}</text>",
                axis_y + 1.0,
                height - 16.0,
                axis_y - 5.0,
                axis_y - 9.0,
                xml(&tick.label)
            );
        }
        if ticks.len() < 2
            && let Some(caption) = axis::segment_caption(segment)
            && text_width(&caption, AXIS_FONT) <= segment.x1 - segment.x0
            && !ticks.iter().any(|tick| caption.contains(tick.label.as_str()) || tick.label.contains(&caption))
        {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{label_y}\" text-anchor=\"middle\" fill=\"#333\" font-size=\"{AXIS_FONT}\" font-weight=\"bold\">{}</text>",
                (segment.x0 + segment.x1) / 2.0,
                xml(&caption)
            );
        }
    }
    for cut in &layout.axis.breaks {
        let x = (cut.x0 + cut.x1) / 2.0;
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"#f4f4f4\"/>\
             <path d=\"{}\" stroke=\"#999\" fill=\"none\"/>",
            cut.x0 + 4.0,
            axis_y + 36.0,
            (cut.x1 - cut.x0 - 8.0).max(1.0),
            (height - axis_y - 52.0).max(1.0),
            zigzag(x, axis_y),
        );
        // A word a line, so the break stays narrow.
        for (line, word) in cut.label.split(' ').enumerate() {
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#666\" font-size=\"{AXIS_FONT}\">{}</text>",
                label_y + line as f64 * 12.0,
                xml(word)
            );
        }
        svg.push('\n');
    }
}

fn event_mark(svg: &mut String, layout: &Layout, placed: &Placed, axis_y: f64, rows_top: f64) {
    let record = placed.item.record;
    let date = &placed.item.date;
    let (colour, colour_index) = colour(layout, record);
    let mark_y = rows_top + placed.row as f64 * ROW_HEIGHT + ROW_HEIGHT / 2.0;
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
    let (label_x, attributes) = match placed.side {
        LabelSide::Left => (placed.label_x + placed.label_width, " text-anchor=\"end\""),
        LabelSide::Right => (placed.label_x, ""),
        // Over a bar: a white halo keeps the text legible.
        LabelSide::Inside => {
            (placed.label_x, " paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\"")
        }
    };
    let note = placed.note.as_deref().map_or_else(String::new, |note| {
        let weight = if status == Some(MarkStatus::Conflict) { " font-weight=\"bold\"" } else { "" };
        format!("<tspan dx=\"{PIECE_GAP}\" fill=\"{colour}\" font-size=\"{DATE_FONT}\"{weight}>{}</tspan>", xml(note))
    });
    let when = placed.shown_when.as_deref().map_or_else(String::new, |when| {
        format!("<tspan dx=\"{PIECE_GAP}\" fill=\"#666\" font-size=\"{DATE_FONT}\">{}</tspan>", xml(when))
    });
    let _ = writeln!(
        svg,
        "<text x=\"{label_x:.1}\" y=\"{}\" fill=\"#222\"{attributes}>{}{when}{note}</text></g>",
        mark_y + 4.0,
        xml(&placed.title),
    );
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::assert_well_formed_xml;
    use super::*;
    use crate::timeline::Event;

    fn record(id: &str, title: &str, date: &str, tag: &str) -> EventRecord {
        EventRecord {
            tags: if tag.is_empty() { Vec::new() } else { vec![tag.to_string()] },
            sources: vec!["https://example.org/source".to_string()],
            ..EventRecord::from(&Event::new(id, title, Date::parse(date).unwrap()))
        }
    }

    /// The sample article's events (docs: events.md), plus an approximate and an open one.
    pub(in crate::render::picture) fn sample() -> TimelineReport {
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

    pub(in crate::render::picture) fn svg(report: &TimelineReport) -> String {
        let mut out = Vec::new();
        timeline_svg(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn assert_rows_apart(layout: &Layout) {
        for (index, a) in layout.placed.iter().enumerate() {
            let (a0, a1) = a.extent();
            assert!(
                a0 >= MARGIN - 6.0 && a1 <= layout.width - MARGIN + 6.0,
                "{} is outside the picture: {a0}..{a1}",
                a.title
            );
            for b in &layout.placed[index + 1..] {
                let (b0, b1) = b.extent();
                assert!(a.row != b.row || a1 <= b0 || b1 <= a0, "{} and {} overlap in row {}", a.title, b.title, a.row);
            }
        }
    }

    #[test]
    fn the_sample_picture_is_well_formed_and_self_contained() {
        let svg = svg(&sample());
        assert_well_formed_xml(&svg);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        for external in ["<script", "<image", "href=\"http", "@import", "<foreignObject"] {
            assert!(!svg.contains(external), "{external}");
        }
        // Every event is drawn and labelled whole: the picture has room for every title.
        for event in &sample().events {
            assert!(svg.contains(&format!(">{}<tspan", xml(&event.title))), "{}", event.title);
        }
        assert!(!svg.contains('…'), "no title is cut");
        assert!(
            svg.contains(">10</text>") && svg.contains(">years</text>"),
            "the cut between 1992 and 2003 is labelled"
        );
        assert!(svg.contains("stroke-dasharray=\"4 2\""), "approximate dates are dashed");
        assert!(svg.contains("stroke-dasharray=\"1 2\""), "uncertain dates are dotted");
        assert!(svg.contains("url(#fade-right-"), "the open range fades out");
    }

    #[test]
    fn labels_and_marks_never_overlap_at_any_width() {
        let report = sample();
        for width in [WIDTH, PRINT_WIDTH, 400.0] {
            let layout = layout(&report, &[], width);
            assert_eq!(layout.placed.len(), report.events.len());
            assert!(width < WIDTH || layout.rows < report.events.len(), "rows are shared: {}", layout.rows);
            assert_rows_apart(&layout);
        }
    }

    #[test]
    fn titles_are_cut_only_when_no_side_has_room() {
        let long = "A very long title that goes on and on about the talks between the two delegations";
        let report = TimelineReport {
            schema_version: 1,
            title: None,
            events: vec![record("a", long, "2018-03-04", ""), record("b", "B", "2018-03-20", "")],
        };
        let wide = layout(&report, &[], WIDTH);
        assert!(wide.placed.iter().all(|placed| !placed.title.contains('…')), "{:?}", wide.placed);
        let narrow = layout(&report, &[], 400.0);
        let cut = narrow.placed.iter().find(|placed| placed.item.record.id == "a").expect("placed");
        assert!(cut.title.ends_with('…') && cut.label_width <= 400.0 - 2.0 * MARGIN, "{cut:?}");
        assert_rows_apart(&narrow);
    }

    #[test]
    fn clustered_days_stay_apart() {
        let report = sample();
        let layout = layout(&report, &[], WIDTH);
        let x = |id: &str| layout.placed.iter().find(|placed| placed.item.record.id == id).unwrap().mark_x0;
        // Four days apart in March 2018: the two 11px marks must not touch.
        assert!(x("steel-tariffs") - x("skripal") > 15.0, "{} {}", x("skripal"), x("steel-tariffs"));
        assert!(x("eaeu") < x("skripal") && x("ussr-dissolved") < x("six-party-talks"));
    }

    #[test]
    fn a_story_of_ten_events_uses_the_width() {
        let days = [
            "1998-04-30",
            "2022-05-18",
            "2022-05-19",
            "2022-06-29",
            "2022-07-01",
            "2022-07-05",
            "2022-07-11",
            "2022-08-03",
            "2023-04-04",
            "2024-03-07",
        ];
        let events = days.iter().enumerate().map(|(n, day)| record(&format!("e{n}"), "Event", day, "")).collect();
        let report = TimelineReport { schema_version: 1, title: None, events };
        for width in [WIDTH, PRINT_WIDTH] {
            let layout = layout(&report, &[], width);
            let xs: Vec<f64> = layout.placed.iter().map(|placed| placed.mark_x0).collect();
            let spread = xs.iter().copied().fold(f64::MIN, f64::max) - xs.iter().copied().fold(f64::MAX, f64::min);
            assert!(spread > 0.75 * (width - 2.0 * MARGIN), "{spread} of {width}");
            // The seven events of 2022 get most of it.
            let of_2022: Vec<f64> = xs[1..8].to_vec();
            let spread_2022 =
                of_2022.iter().copied().fold(f64::MIN, f64::max) - of_2022.iter().copied().fold(f64::MAX, f64::min);
            assert!(spread_2022 > 0.3 * width, "{spread_2022} of {width}");
        }
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut report = sample();
        report.title = Some("<script>alert(1)</script>".into());
        report.events[0].title = "</text><script>alert(2)</script> & \"quotes\" \u{1b}[31m".into();
        let svg = svg(&report);
        assert_well_formed_xml(&svg);
        assert!(!svg.contains("<script") && !svg.contains('\u{1b}'));
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
        timeline_svg_with_marks(&report, &marks, WIDTH, &mut out).unwrap();
        let svg = String::from_utf8(out).unwrap();
        assert_well_formed_xml(&svg);
        assert!(svg.contains("¶1.1 says 1992 &lt;b&gt;&amp;&lt;/b&gt;"), "the note is drawn, escaped");
        assert!(svg.contains(&format!("fill=\"{}\" font-size=\"11\" font-weight=\"bold\">¶1.1", PALETTE[1])));
        assert!(svg.contains("<g opacity=\"0.5\"><title>Skripal poisoning in Salisbury (2018-03-04): not mentioned"));
        assert!(svg.contains("date conflict with the article"), "the legend says what the colours mean");
        // Unmarked events keep their tag colour, and the plain picture is unchanged by marks.
        let layout = layout(&report, &marks, WIDTH);
        let record = |id: &str| report.events.iter().find(|event| event.id == id).unwrap();
        assert_eq!(colour(&layout, record("eaeu")).0, PALETTE[0]);
        assert_eq!(colour(&layout, record("ussr-dissolved")).0, PALETTE[1]);
        assert_eq!(svg_document(&report, &[], WIDTH, Heading::Drawn), self::svg(&report));
        assert!(!svg.contains("font-size=\"20\""), "the page gives the heading");
        // A note makes the label longer: rows still never overlap.
        assert_rows_apart(&layout);
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
        let layout = layout(&report, &marks, WIDTH);
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
