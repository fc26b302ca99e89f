//! Change maps: one column ("strip") per version, one cell per paragraph in reading order,
//! shaded by what happened to it; bands between neighbouring strips join a paragraph to
//! itself in the next version, bold blue for moves, dashed red into a marker where a
//! paragraph was deleted. A diff has two strips (cells as tall as their paragraph is long);
//! a history has one per version (uniform cells: its report carries no per-passage length).

use std::fmt::Write as _;
use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{CHAR_WIDTH, FONT, MARGIN, truncate, xml};
use crate::report::diff::{Block, BlockKind, DiffReport, DiffStats};
use crate::report::history::{HistoryReport, PassageState};

/// Height the tallest strip is scaled to (cells below their minimum make it taller).
const STRIP_HEIGHT: f64 = 720.0;
const CELL_GAP: f64 = 2.0;
const GHOST_HEIGHT: f64 = 8.0;
/// Cells at least this tall carry their paragraph number and change.
const LABEL_HEIGHT: f64 = 13.0;
const MIN_WIDTH: f64 = 900.0;
const TOP: f64 = 64.0;
const LEGEND_HEIGHT: f64 = 46.0;
const HEADER_HEIGHT: f64 = 40.0;

const PLAIN: &str = "#E3E5E8";
const INSERTED: &str = "#7FD69A";
const DELETED: &str = "#F29C9C";
const MOVED: &str = "#1F6FD1";
const KEPT_BAND: &str = "#9AA3AD";
const TEXT: &str = "#222";
const SNIPPET_LINE: f64 = 13.0;
/// Width of one column of snippet text at 11px.
const SNIPPET_CHAR: f64 = 6.2;

/// What a cell's fill says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shade {
    /// Unchanged, or first seen (the first version of a history).
    Plain,
    /// Edited: the share of words changed, in percent.
    Edited(u32),
    Inserted,
    Deleted,
}

#[derive(Debug, Clone)]
struct Cell {
    paragraph: usize,
    /// The cell's share of its strip: words, or 1 for uniform cells.
    weight: f64,
    shade: Shade,
    moved: bool,
    /// What hovering the cell says.
    tooltip: String,
    /// The opening words of the paragraph, drawn in the cell when there is room.
    snippet: Option<String>,
}

#[derive(Debug, Clone)]
enum Item {
    Cell(Cell),
    /// Where paragraphs of the previous strip were deleted: a run of them shares one marker.
    Ghost {
        /// The version's label.
        label: String,
        /// The deleted paragraphs' numbers in the previous version.
        was: Vec<usize>,
    },
}

#[derive(Debug, Clone)]
struct Strip {
    label: String,
    path: String,
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    Kept,
    Moved,
    Deleted,
}

/// Joins item `from` of strip `strip` to item `to` of strip `strip + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Link {
    strip: usize,
    from: usize,
    to: usize,
    kind: LinkKind,
}

#[derive(Debug, Clone)]
struct ChangeMap {
    title: String,
    subtitle: String,
    strips: Vec<Strip>,
    links: Vec<Link>,
    /// Cells as tall as their weight (else uniform).
    proportional: bool,
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The last component of a path as given (the whole path when it has none).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).find(|part| !part.is_empty()).unwrap_or(path)
}

fn snippet(text: &str) -> Option<String> {
    let flat = truncate(text, 1200);
    (!flat.is_empty()).then_some(flat)
}

fn state_words(shade: Shade, moved: bool) -> String {
    match shade {
        Shade::Plain if moved => "moved".to_string(),
        Shade::Plain => "unchanged".to_string(),
        Shade::Edited(percent) if moved => format!("moved, edited ({percent}% of words changed)"),
        Shade::Edited(percent) => format!("edited ({percent}% of words changed)"),
        Shade::Inserted => "inserted".to_string(),
        Shade::Deleted => "deleted".to_string(),
    }
}

/// `2 edited, 1 moved`: the non-zero paragraph counts of a step.
fn paragraph_changes(stats: &DiffStats) -> String {
    let parts: Vec<String> = [
        (stats.paragraphs_changed, "edited"),
        (stats.paragraphs_inserted, "inserted"),
        (stats.paragraphs_deleted, "deleted"),
        (stats.paragraphs_moved, "moved"),
        (stats.paragraphs_split, "split"),
        (stats.paragraphs_merged, "merged"),
    ]
    .iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, what)| format!("{count} {what}"))
    .collect();
    if parts.is_empty() { "no paragraph changed".to_string() } else { parts.join(", ") }
}

fn diff_map(report: &DiffReport) -> ChangeMap {
    let shade_of = |block: &Block| match block.kind {
        BlockKind::Inserted => Shade::Inserted,
        BlockKind::Deleted => Shade::Deleted,
        BlockKind::Unchanged => Shade::Plain,
        BlockKind::Changed | BlockKind::Moved | BlockKind::Split | BlockKind::Merged => {
            block.percent_changed().map_or(Shade::Plain, Shade::Edited)
        }
    };
    let cell = |block: &Block, paragraph: usize, text: String, label: &str| {
        let shade = shade_of(block);
        let moved = block.kind == BlockKind::Moved;
        let words = word_count(&text);
        Cell {
            paragraph,
            weight: words as f64,
            shade,
            moved,
            tooltip: format!("{label} ¶{paragraph}, {words} words: {}", state_words(shade, moved)),
            snippet: snippet(&text),
        }
    };
    let mut old: Vec<(usize, usize, Cell)> = Vec::new();
    let mut new: Vec<(usize, usize, Cell)> = Vec::new();
    for (index, block) in report.blocks.iter().enumerate() {
        for (paragraph, text) in block.old_paragraph_numbers().into_iter().zip(block.old_paragraph_texts()) {
            old.push((paragraph, index, cell(block, paragraph, text, "old")));
        }
        for (paragraph, text) in block.new_paragraph_numbers().into_iter().zip(block.new_paragraph_texts()) {
            new.push((paragraph, index, cell(block, paragraph, text, "new")));
        }
    }
    old.sort_by_key(|(paragraph, _, _)| *paragraph);
    new.sort_by_key(|(paragraph, _, _)| *paragraph);
    // Where each block sits in the new strip, so that linking stays linear in paragraphs.
    let mut new_position: Vec<Option<usize>> = vec![None; report.blocks.len()];
    for (position, (_, block_index, _)) in new.iter().enumerate() {
        new_position[*block_index] = Some(position);
    }
    let links = old
        .iter()
        .enumerate()
        .filter_map(|(from, (_, block_index, _))| {
            let to = new_position[*block_index]?;
            let kind =
                if report.blocks[*block_index].kind == BlockKind::Moved { LinkKind::Moved } else { LinkKind::Kept };
            Some(Link { strip: 0, from, to, kind })
        })
        .collect();
    let stats = &report.stats;
    let changes = paragraph_changes(stats);
    let subtitle = format!(
        "{} → {} words · paragraphs: {changes} · {:.0}% of words in common{}",
        report.old.words,
        report.new.words,
        stats.similarity * 100.0,
        if report.bounded { " · bounded: parts compared coarsely" } else { "" }
    );
    let strip = |label: &str, path: &str, cells: Vec<(usize, usize, Cell)>| Strip {
        label: label.to_string(),
        path: path.to_string(),
        items: cells.into_iter().map(|(_, _, cell)| Item::Cell(cell)).collect(),
    };
    ChangeMap {
        title: format!("Changes: {} → {}", file_name(&report.old.path), file_name(&report.new.path)),
        subtitle,
        strips: vec![strip("Old", &report.old.path, old), strip("New", &report.new.path, new)],
        links,
        proportional: true,
    }
}

/// An item of a history strip: its sort key (paragraph, 0 for a cell and 1 for a marker after
/// it) and its passage rows (several for a run of deleted passages).
type StripEntry = ((usize, usize), Vec<usize>, Item);

fn history_map(report: &HistoryReport) -> ChangeMap {
    let columns = report.versions.len();
    // A deletion marker sorts just after the paragraph that preceded its passages in this
    // version's order, so it sits where they last stood.
    let mut strips: Vec<Vec<StripEntry>> = vec![Vec::new(); columns];
    for (column, entries) in strips.iter_mut().enumerate() {
        let label = report.versions.get(column).map_or("", |version| version.label.as_str());
        let mut last_paragraph = 0;
        let mut in_deleted_run = false;
        for (row, passage) in report.passages.iter().enumerate() {
            let Some(cell) = passage.cells.get(column) else { continue };
            if let Some(paragraph) = cell.paragraph {
                last_paragraph = last_paragraph.max(paragraph);
                in_deleted_run = false;
                let moved = cell.state == PassageState::Moved;
                let shade = match cell.state {
                    PassageState::Inserted => Shade::Inserted,
                    PassageState::Edited | PassageState::Moved => {
                        cell.percent_changed.map_or(Shade::Plain, Shade::Edited)
                    }
                    _ => Shade::Plain,
                };
                let what = if column == 0 { "first version".to_string() } else { state_words(shade, moved) };
                let tooltip = format!("{label} ¶{paragraph}: {what}");
                let item = Item::Cell(Cell { paragraph, weight: 1.0, shade, moved, tooltip, snippet: None });
                entries.push(((paragraph, 0), vec![row], item));
            } else if cell.state == PassageState::Deleted {
                let before = column.checked_sub(1).and_then(|previous| passage.cells.get(previous));
                let was = before.and_then(|cell| cell.paragraph);
                match entries.last_mut() {
                    Some((_, rows, Item::Ghost { was: numbers, .. })) if in_deleted_run => {
                        rows.push(row);
                        numbers.extend(was);
                    }
                    _ => {
                        let item = Item::Ghost { label: label.to_string(), was: was.into_iter().collect() };
                        entries.push(((last_paragraph, 1), vec![row], item));
                    }
                }
                in_deleted_run = true;
            }
        }
        entries.sort_by_key(|(key, _, _)| *key);
    }
    let mut links = Vec::new();
    for (strip, pair) in strips.windows(2).enumerate() {
        // Where each passage row sits in the next strip (a row is in at most one of its items).
        let mut next_position: Vec<Option<usize>> = vec![None; report.passages.len()];
        for (position, (_, rows, _)) in pair[1].iter().enumerate() {
            for &row in rows {
                next_position[row].get_or_insert(position);
            }
        }
        for (from, (_, rows, item)) in pair[0].iter().enumerate() {
            let (Item::Cell(_), [row]) = (item, rows.as_slice()) else { continue };
            let Some(to) = next_position[*row] else { continue };
            let kind = match report.passages.get(*row).and_then(|passage| passage.cells.get(strip + 1)) {
                Some(cell) if cell.state == PassageState::Moved => LinkKind::Moved,
                Some(cell) if cell.state == PassageState::Deleted => LinkKind::Deleted,
                _ => LinkKind::Kept,
            };
            links.push(Link { strip, from, to, kind });
        }
    }
    let paths: Vec<&str> = report.versions.iter().map(|version| file_name(&version.path)).collect();
    let steps: Vec<String> = report
        .steps
        .iter()
        .map(|step| format!("{}→{}: {}", step.from, step.to, paragraph_changes(&step.stats)))
        .collect();
    ChangeMap {
        title: format!("History: {}", paths.join(" → ")),
        subtitle: if steps.is_empty() { "a single version".to_string() } else { steps.join(" · ") },
        strips: strips
            .into_iter()
            .zip(&report.versions)
            .map(|(entries, version)| Strip {
                label: version.label.clone(),
                path: version.path.clone(),
                items: entries.into_iter().map(|(_, _, item)| item).collect(),
            })
            .collect(),
        links,
        proportional: false,
    }
}

/// The change map of a diff, old and new side by side, as one self-contained SVG document.
pub fn diff_change_map_svg(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    document(&diff_map(report), out)
}

/// The change map of a history, one strip per version, as one self-contained SVG document.
pub fn history_change_map_svg(report: &HistoryReport, out: &mut dyn Write) -> io::Result<()> {
    document(&history_map(report), out)
}

/// Where each item of each strip is drawn: (y, height).
struct Geometry {
    column_width: f64,
    gap: f64,
    x0: f64,
    top: f64,
    width: f64,
    height: f64,
    spans: Vec<Vec<(f64, f64)>>,
}

impl Geometry {
    fn x(&self, strip: usize) -> f64 {
        self.x0 + strip as f64 * (self.column_width + self.gap)
    }
}

fn geometry(map: &ChangeMap) -> Geometry {
    let count = map.strips.len().max(1) as f64;
    let gap = if map.strips.len() <= 2 { 220.0 } else { 150.0 };
    let column_width = ((1200.0 - 2.0 * MARGIN - (count - 1.0) * gap) / count).clamp(90.0, 300.0);
    let content = count * column_width + (count - 1.0) * gap;
    let width = (content + 2.0 * MARGIN).max(MIN_WIDTH);
    let x0 = (width - content) / 2.0;
    let top = TOP + LEGEND_HEIGHT + HEADER_HEIGHT;
    let cells = |strip: &Strip| strip.items.iter().filter(|item| matches!(item, Item::Cell(_))).count();
    let most_cells = map.strips.iter().map(cells).max().unwrap_or(0).max(1) as f64;
    // Uniform cells fill the height up to a comfortable row; proportional ones get a minimum
    // so a one-line paragraph stays visible, smaller when there are very many.
    let (scale, minimum) = if map.proportional {
        let heaviest = map
            .strips
            .iter()
            .map(|strip| {
                strip.items.iter().map(|item| if let Item::Cell(cell) = item { cell.weight } else { 0.0 }).sum::<f64>()
            })
            .fold(0.0, f64::max)
            .max(1.0);
        let minimum = (STRIP_HEIGHT / most_cells / 2.0).clamp(3.0, 14.0);
        let room = (STRIP_HEIGHT - most_cells * (minimum + CELL_GAP)).max(STRIP_HEIGHT / 3.0);
        (room / heaviest, minimum)
    } else {
        (0.0, (STRIP_HEIGHT / most_cells - CELL_GAP).clamp(3.0, 20.0))
    };
    let spans: Vec<Vec<(f64, f64)>> = map
        .strips
        .iter()
        .map(|strip| {
            let mut y = top;
            strip
                .items
                .iter()
                .map(|item| {
                    let height = match item {
                        Item::Cell(cell) => minimum + cell.weight * scale,
                        Item::Ghost { .. } => GHOST_HEIGHT,
                    };
                    let span = (y, height);
                    y += height + CELL_GAP;
                    span
                })
                .collect()
        })
        .collect();
    let bottom = spans.iter().filter_map(|strip| strip.last().map(|(y, height)| y + height)).fold(top, f64::max);
    Geometry { column_width, gap, x0, top, width, height: bottom + 28.0, spans }
}

/// Amber from pale (a word or two) to strong (rewritten).
fn edit_colour(percent: u32) -> String {
    let share = f64::from(percent.clamp(1, 100)) / 100.0;
    let pale = (253.0, 230.0, 138.0);
    let strong = (217.0, 119.0, 6.0);
    let mix = |a: f64, b: f64| (a + (b - a) * share.sqrt()).round() as u8;
    format!("#{:02X}{:02X}{:02X}", mix(pale.0, strong.0), mix(pale.1, strong.1), mix(pale.2, strong.2))
}

fn fill(shade: Shade) -> String {
    match shade {
        Shade::Plain => PLAIN.to_string(),
        Shade::Edited(percent) => edit_colour(percent),
        Shade::Inserted => INSERTED.to_string(),
        Shade::Deleted => DELETED.to_string(),
    }
}

/// SVG text held before it is written: a map of a million paragraphs is hundreds of megabytes.
const FLUSH_BYTES: usize = 1 << 20;

fn document(map: &ChangeMap, out: &mut dyn Write) -> io::Result<()> {
    let geometry = geometry(map);
    let (width, height) = (geometry.width, geometry.height);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         font-family=\"{FONT}\" font-size=\"12\" role=\"img\" aria-labelledby=\"change-map-title\">"
    );
    let _ = writeln!(svg, "<title id=\"change-map-title\">{}</title>", xml(&map.title));
    let _ = writeln!(svg, "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    let max_title = ((width - 2.0 * MARGIN) / 9.0) as usize;
    let _ = writeln!(
        svg,
        "<text x=\"{MARGIN}\" y=\"26\" font-size=\"16\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
        xml(&truncate(&map.title, max_title))
    );
    let _ = writeln!(
        svg,
        "<text x=\"{MARGIN}\" y=\"46\" fill=\"#555\">{}</text>",
        xml(&truncate(&map.subtitle, ((width - 2.0 * MARGIN) / CHAR_WIDTH) as usize))
    );
    legend(&mut svg, map);
    for (index, strip) in map.strips.iter().enumerate() {
        strip_header(&mut svg, &geometry, index, strip);
    }
    for link in &map.links {
        draw_link(&mut svg, &geometry, link);
        flush_when_full(&mut svg, out)?;
    }
    for (index, strip) in map.strips.iter().enumerate() {
        for (item, &(y, item_height)) in strip.items.iter().zip(&geometry.spans[index]) {
            draw_item(&mut svg, &geometry, geometry.x(index), y, item_height, item);
            flush_when_full(&mut svg, out)?;
        }
    }
    if map.strips.iter().all(|strip| strip.items.is_empty()) {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#777\">No paragraphs</text>",
            width / 2.0,
            geometry.top + 20.0
        );
    }
    svg.push_str("</svg>\n");
    out.write_all(svg.as_bytes())
}

fn flush_when_full(svg: &mut String, out: &mut dyn Write) -> io::Result<()> {
    if svg.len() >= FLUSH_BYTES {
        out.write_all(svg.as_bytes())?;
        svg.clear();
    }
    Ok(())
}

fn strip_header(svg: &mut String, geometry: &Geometry, index: usize, strip: &Strip) {
    let x = geometry.x(index);
    let cells = strip.items.iter().filter(|item| matches!(item, Item::Cell(_))).count();
    let label = format!("{} · {cells} ¶", strip.label);
    let room = ((geometry.column_width - 4.0) / CHAR_WIDTH) as usize;
    let path = if strip.path.width() > room {
        format!("…{}", tail(&strip.path, room.saturating_sub(1)))
    } else {
        strip.path.clone()
    };
    let _ = writeln!(
        svg,
        "<g><title>{}</title><text x=\"{x:.1}\" y=\"{:.1}\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>\
         <text x=\"{x:.1}\" y=\"{:.1}\" fill=\"#555\" font-size=\"11\">{}</text></g>",
        xml(&strip.path),
        geometry.top - 24.0,
        xml(&label),
        geometry.top - 8.0,
        xml(&path)
    );
}

/// The last `columns` columns of `text` (a path's file name matters more than its folders).
fn tail(text: &str, columns: usize) -> String {
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + width > columns {
            break;
        }
        used += width;
        kept.push(c);
    }
    kept.iter().rev().collect()
}

fn draw_link(svg: &mut String, geometry: &Geometry, link: &Link) {
    let (Some(&(from_y, from_height)), Some(&(to_y, to_height))) = (
        geometry.spans.get(link.strip).and_then(|spans| spans.get(link.from)),
        geometry.spans.get(link.strip + 1).and_then(|spans| spans.get(link.to)),
    ) else {
        return;
    };
    let x0 = geometry.x(link.strip) + geometry.column_width;
    let x1 = geometry.x(link.strip + 1);
    let middle = (x0 + x1) / 2.0;
    match link.kind {
        LinkKind::Kept => {
            let _ = writeln!(
                svg,
                "<path class=\"link kept\" d=\"M{x0:.1} {from_y:.1} C{middle:.1} {from_y:.1} {middle:.1} {to_y:.1} {x1:.1} {to_y:.1} \
                 L{x1:.1} {:.1} C{middle:.1} {:.1} {middle:.1} {:.1} {x0:.1} {:.1} Z\" fill=\"{KEPT_BAND}\" fill-opacity=\"0.22\"/>",
                to_y + to_height,
                to_y + to_height,
                from_y + from_height,
                from_y + from_height,
            );
        }
        LinkKind::Moved => {
            let (a, b) = (from_y + from_height / 2.0, to_y + to_height / 2.0);
            let _ = writeln!(
                svg,
                "<path class=\"link moved\" d=\"M{x0:.1} {a:.1} C{middle:.1} {a:.1} {middle:.1} {b:.1} {x1:.1} {b:.1}\" \
                 fill=\"none\" stroke=\"{MOVED}\" stroke-width=\"2.5\" marker-end=\"url(#change-map-arrow)\"/>"
            );
        }
        LinkKind::Deleted => {
            let (a, b) = (from_y + from_height / 2.0, to_y + to_height / 2.0);
            let _ = writeln!(
                svg,
                "<path class=\"link deleted\" d=\"M{x0:.1} {a:.1} C{middle:.1} {a:.1} {middle:.1} {b:.1} {x1:.1} {b:.1}\" \
                 fill=\"none\" stroke=\"#C0392B\" stroke-width=\"1.2\" stroke-opacity=\"0.7\" stroke-dasharray=\"4 3\"/>"
            );
        }
    }
}

fn draw_item(svg: &mut String, geometry: &Geometry, x: f64, y: f64, height: f64, item: &Item) {
    let width = geometry.column_width;
    match item {
        Item::Ghost { label, was } => {
            let numbers: Vec<String> = was.iter().map(|number| format!("¶{number}")).collect();
            let tooltip = match was.len() {
                1 => format!("{label}: deleted here ({} before)", numbers.join(", ")),
                count => {
                    format!("{label}: {count} paragraphs deleted here ({} before)", truncate(&numbers.join(", "), 80))
                }
            };
            let count = if was.len() > 1 {
                format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#C0392B\">{}</text>",
                    x + width / 2.0 + 6.0,
                    y + height / 2.0 + 3.0,
                    was.len()
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                svg,
                "<g class=\"ghost\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" \
                 fill=\"#fff\" stroke=\"#C0392B\" stroke-dasharray=\"3 2\"/>\
                 <path d=\"M{:.1} {:.1} l6 6 m0 -6 l-6 6\" stroke=\"#C0392B\" stroke-width=\"1.5\"/>{count}</g>",
                xml(&tooltip),
                x + width / 2.0 - 3.0,
                y + height / 2.0 - 3.0,
            );
        }
        Item::Cell(cell) => {
            let stroke = if cell.moved {
                format!(" stroke=\"{MOVED}\" stroke-width=\"2.5\"")
            } else {
                " stroke=\"#fff\" stroke-width=\"0.5\"".to_string()
            };
            let _ = write!(
                svg,
                "<g class=\"cell\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" \
                 rx=\"2\" fill=\"{}\"{stroke}/>",
                xml(&cell.tooltip),
                fill(cell.shade)
            );
            if height >= LABEL_HEIGHT {
                cell_label(svg, x, y, width, height, cell);
            }
            svg.push_str("</g>\n");
        }
    }
}

fn cell_label(svg: &mut String, x: f64, y: f64, width: f64, height: f64, cell: &Cell) {
    let baseline = y + height.min(22.0) / 2.0 + 4.0;
    let number = format!("¶{}", cell.paragraph);
    let change = match cell.shade {
        Shade::Edited(percent) => format!("{percent}%"),
        Shade::Inserted => "new".to_string(),
        Shade::Deleted => "deleted".to_string(),
        Shade::Plain if cell.moved => "moved".to_string(),
        Shade::Plain => String::new(),
    };
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{baseline:.1}\" font-size=\"11\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
        x + 5.0,
        xml(&number)
    );
    let used = 5.0 + number.width() as f64 * CHAR_WIDTH + 6.0;
    if !change.is_empty() {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{baseline:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"{TEXT}\">{}</text>",
            x + width - 5.0,
            xml(&change)
        );
    }
    let change_width = if change.is_empty() { 0.0 } else { change.width() as f64 * CHAR_WIDTH + 8.0 };
    let Some(snippet) = &cell.snippet else { return };
    // The paragraph's opening words, as many lines as the cell holds: the first beside the
    // number, the others across the whole cell.
    let line_count = (((y + height - 3.0 - baseline) / SNIPPET_LINE).floor() as usize + 1).max(1);
    let first_room = ((width - used - change_width - 5.0) / SNIPPET_CHAR) as usize;
    let room = ((width - 10.0) / SNIPPET_CHAR) as usize;
    let lines = wrap(snippet, first_room, room, line_count);
    for (index, line) in lines.iter().enumerate() {
        let (line_x, line_y) =
            if index == 0 { (x + used, baseline) } else { (x + 5.0, baseline + index as f64 * SNIPPET_LINE) };
        let _ = write!(
            svg,
            "<text x=\"{line_x:.1}\" y=\"{line_y:.1}\" font-size=\"11\" fill=\"#444\">{}</text>",
            xml(line)
        );
    }
}

/// Greedy word wrap into at most `max_lines` lines, the first `first` columns wide and the
/// others `rest`; a cut ends with an ellipsis.
fn wrap(text: &str, first: usize, rest: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let room = if lines.is_empty() { first } else { rest };
        let needed = line.width() + usize::from(!line.is_empty()) + word.width();
        if needed > room && !line.is_empty() {
            if lines.len() + 1 == max_lines {
                lines.push(format!("{line}…"));
                return lines;
            }
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        if words.peek().is_none() {
            let room = if lines.is_empty() { first } else { rest };
            lines.push(if line.width() > room { truncate(&line, room.max(2)) } else { line.clone() });
            return lines;
        }
    }
    lines
}

fn legend(svg: &mut String, map: &ChangeMap) {
    let y = TOP + 6.0;
    let swatch = |fill: &str, extra: &str| {
        format!("<rect x=\"0\" y=\"-6\" width=\"22\" height=\"12\" rx=\"2\" fill=\"{fill}\"{extra}/>")
    };
    let mut entries: Vec<(String, String)> = vec![
        (swatch(PLAIN, ""), "unchanged".into()),
        (
            format!(
                "<rect x=\"0\" y=\"-6\" width=\"11\" height=\"12\" fill=\"{}\"/><rect x=\"11\" y=\"-6\" width=\"11\" height=\"12\" fill=\"{}\"/>",
                edit_colour(5),
                edit_colour(80)
            ),
            "edited (darker: more words changed, % in the cell)".into(),
        ),
        (swatch(INSERTED, ""), "inserted".into()),
    ];
    if map.proportional {
        entries.push((swatch(DELETED, ""), "deleted".into()));
    } else {
        entries.push((
            "<rect x=\"0\" y=\"-4\" width=\"22\" height=\"8\" fill=\"#fff\" stroke=\"#C0392B\" stroke-dasharray=\"3 2\"/>\
                 <path d=\"M8 -3 l6 6 m0 -6 l-6 6\" stroke=\"#C0392B\" stroke-width=\"1.5\"/>".to_string(),
            "deleted here".into(),
        ));
    }
    entries.push((
        format!("<path d=\"M0 0 h22\" stroke=\"{MOVED}\" stroke-width=\"2.5\"/>"),
        "moved (blue outline and link)".into(),
    ));
    let mut x = MARGIN;
    let _ = writeln!(
        svg,
        "<defs><marker id=\"change-map-arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0 L8 4 L0 8 Z\" fill=\"{MOVED}\"/></marker></defs>"
    );
    for (glyph, text) in &entries {
        let _ = writeln!(
            svg,
            "<g transform=\"translate({x:.1} {y})\">{glyph}<text x=\"28\" y=\"4\" fill=\"#333\">{}</text></g>",
            xml(text)
        );
        x += 28.0 + text.width() as f64 * 6.4 + 20.0;
    }
    let note = if map.proportional {
        "One cell per paragraph, in reading order, as tall as the paragraph is long; grey bands join a paragraph to itself."
    } else {
        "One cell per paragraph, in reading order; grey bands join a passage to itself in the next version."
    };
    let _ =
        writeln!(svg, "<text x=\"{MARGIN}\" y=\"{}\" fill=\"#666\" font-size=\"11\">{}</text>", y + 24.0, xml(note));
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_well_formed_xml;
    use super::*;
    use crate::article::{Article, DEFAULT_MAX_INPUT_BYTES};
    use crate::diff::{DiffOptions, diff_articles};
    use crate::report::diff::{DocumentSummary, Op};
    use crate::report::history::{HistoryStep, PassageCell, PassageRow, VersionSummary};

    fn block(kind: BlockKind, old: Option<usize>, new: Option<usize>, ops: Vec<Op>) -> Block {
        crate::diff::measured_block(kind, old, new, 0.5, ops)
    }

    /// Old: A B C D E; new: A B' D C F (E deleted, C moved after D, F inserted).
    fn diff_report() -> DiffReport<'static> {
        let summary = |path: &str, paragraphs| DocumentSummary {
            path: path.into(),
            source_format: crate::article::SourceFormat::Text,
            paragraphs,
            words: 40,
        };
        DiffReport {
            schema_version: 1,
            old: summary("old.txt", 5),
            new: summary("new.txt", 5),
            identical: false,
            stats: DiffStats { paragraphs_changed: 1, paragraphs_moved: 1, ..DiffStats::default() },
            bounded: false,
            bound_notes: Vec::new(),
            factual_edits: Vec::new(),
            events: None,
            metadata_changes: Vec::new(),
            blocks: vec![
                block(BlockKind::Unchanged, Some(1), Some(1), vec![Op::equal("Alpha one two three.")]),
                block(
                    BlockKind::Changed,
                    Some(2),
                    Some(2),
                    vec![Op::equal("Beta "), Op::delete("old"), Op::insert("new"), Op::equal(" words here.")],
                ),
                block(BlockKind::Unchanged, Some(4), Some(3), vec![Op::equal("Delta stays.")]),
                block(BlockKind::Moved, Some(3), Some(4), vec![Op::equal("Gamma moved down.")]),
                block(BlockKind::Deleted, Some(5), None, vec![Op::delete("Epsilon goes.")]),
                block(BlockKind::Inserted, None, Some(5), vec![Op::insert("Phi arrives <b>&amp;</b>.")]),
            ],
        }
    }

    fn render(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn cells(map: &ChangeMap, strip: usize) -> Vec<&Cell> {
        map.strips[strip]
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Cell(cell) => Some(cell),
                Item::Ghost { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_diff_map_has_a_cell_per_paragraph_and_a_link_per_move() {
        let report = diff_report();
        let map = diff_map(&report);
        let numbers = |strip| cells(&map, strip).iter().map(|cell| cell.paragraph).collect::<Vec<_>>();
        assert_eq!(numbers(0), [1, 2, 3, 4, 5]);
        assert_eq!(numbers(1), [1, 2, 3, 4, 5]);
        let old = cells(&map, 0);
        assert_eq!(old[1].shade, Shade::Edited(25), "1 of 4 words changed");
        assert!(old[2].moved && old[2].shade == Shade::Plain);
        assert_eq!(old[4].shade, Shade::Deleted);
        assert_eq!(cells(&map, 1)[4].shade, Shade::Inserted);
        assert_eq!(old[0].weight, 4.0);
        // Old ¶3 (Gamma) goes to new ¶4; old ¶4 (Delta) to new ¶3; the deleted one has no link.
        let links: Vec<(usize, usize, LinkKind)> =
            map.links.iter().map(|link| (link.from, link.to, link.kind)).collect();
        assert_eq!(
            links,
            [(0, 0, LinkKind::Kept), (1, 1, LinkKind::Kept), (2, 3, LinkKind::Moved), (3, 2, LinkKind::Kept)]
        );
        let svg = render(|out| diff_change_map_svg(&report, out));
        assert_well_formed_xml(&svg);
        assert_eq!(svg.matches("<g class=\"cell\">").count(), 10);
        assert_eq!(svg.matches("class=\"link moved\"").count(), 1);
        assert_eq!(svg.matches("class=\"link kept\"").count(), 3);
        assert!(svg.contains("Changes: old.txt → new.txt"));
        assert!(svg.contains("Phi arrives &lt;b&gt;&amp;amp;&lt;/b&gt;."), "snippets are escaped");
    }

    #[test]
    fn cells_are_as_tall_as_their_paragraphs_with_a_minimum() {
        let mut report = diff_report();
        report.blocks[0].ops = vec![Op::equal("word ".repeat(400))];
        let map = diff_map(&report);
        let geometry = geometry(&map);
        let old = &geometry.spans[0];
        assert!(old[0].1 > 20.0 * old[2].1, "{old:?}");
        assert!(old.iter().all(|&(_, height)| height >= 3.0));
        for pair in old.windows(2) {
            assert!(pair[0].0 + pair[0].1 < pair[1].0, "cells do not overlap: {pair:?}");
        }
    }

    #[test]
    #[ignore = "slow in a debug build: .ci/run runs it in release"]
    fn maps_of_many_paragraphs_are_linked_in_linear_time() {
        const PARAGRAPHS: usize = 60_000;
        let mut report = diff_report();
        // The new text in reverse order: every block is linked, none where it was.
        report.blocks = (1..=PARAGRAPHS)
            .map(|old| block(BlockKind::Moved, Some(old), Some(PARAGRAPHS + 1 - old), vec![Op::equal("Word.")]))
            .collect();
        let mut history = history_report();
        history.passages = (1..=PARAGRAPHS)
            .map(|row| PassageRow {
                cells: vec![
                    cell(PassageState::Present, Some(row), None),
                    cell(PassageState::Moved, Some(PARAGRAPHS + 1 - row), None),
                    cell(PassageState::Unchanged, Some(PARAGRAPHS + 1 - row), None),
                ],
            })
            .collect();
        let started = std::time::Instant::now();
        let map = diff_map(&report);
        assert_eq!(map.links.len(), PARAGRAPHS);
        assert_eq!(map.links[0], Link { strip: 0, from: 0, to: PARAGRAPHS - 1, kind: LinkKind::Moved });
        let map = history_map(&history);
        assert_eq!(map.links.len(), 2 * PARAGRAPHS);
        assert_eq!(map.links[0], Link { strip: 0, from: 0, to: PARAGRAPHS - 1, kind: LinkKind::Moved });
        // Searching each paragraph's partner from the start, these were billions of comparisons.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    fn cell(state: PassageState, paragraph: Option<usize>, percent: Option<u32>) -> PassageCell {
        PassageCell { state, paragraph, percent_changed: percent }
    }

    /// V1: A B C; V2: A B' (C deleted); V3: N A B' (N inserted first, A moved after it? no: A kept).
    fn history_report() -> HistoryReport {
        use PassageState::*;
        let rows = vec![
            vec![cell(Absent, None, None), cell(Absent, None, None), cell(Inserted, Some(1), None)],
            vec![cell(Present, Some(1), None), cell(Unchanged, Some(1), None), cell(Moved, Some(3), None)],
            vec![cell(Present, Some(2), None), cell(Edited, Some(2), Some(40)), cell(Unchanged, Some(2), None)],
            vec![cell(Present, Some(3), None), cell(Deleted, None, None), cell(Absent, None, None)],
        ];
        let version = |index: usize, paragraphs| VersionSummary {
            label: format!("V{}", index + 1),
            path: if index == 2 { "</text><script>alert(1)</script>.txt".into() } else { format!("v{index}.txt") },
            paragraphs,
            words: 30,
        };
        let step = |from: &str, to: &str| HistoryStep {
            from: from.into(),
            to: to.into(),
            stats: DiffStats::default(),
            bounded: false,
            events: Default::default(),
            factual_edits: 0,
            event_changes: Vec::new(),
        };
        HistoryReport {
            schema_version: 1,
            versions: vec![version(0, 3), version(1, 2), version(2, 3)],
            passages: rows.into_iter().map(|cells| PassageRow { cells }).collect(),
            events: Vec::new(),
            steps: vec![step("V1", "V2"), step("V2", "V3")],
        }
    }

    #[test]
    fn a_history_map_follows_passages_through_the_versions() {
        let report = history_report();
        let map = history_map(&report);
        for (strip, version) in report.versions.iter().enumerate() {
            let numbers: Vec<usize> = cells(&map, strip).iter().map(|cell| cell.paragraph).collect();
            assert_eq!(numbers, (1..=version.paragraphs).collect::<Vec<_>>(), "{}", version.label);
        }
        // V2 shows where C was deleted: after ¶2, its last neighbour.
        assert!(matches!(map.strips[1].items.last(), Some(Item::Ghost { .. })));
        let links: Vec<(usize, usize, usize, LinkKind)> =
            map.links.iter().map(|link| (link.strip, link.from, link.to, link.kind)).collect();
        assert_eq!(
            links,
            [
                (0, 0, 0, LinkKind::Kept),
                (0, 1, 1, LinkKind::Kept),
                (0, 2, 2, LinkKind::Deleted),
                (1, 0, 2, LinkKind::Moved),
                (1, 1, 1, LinkKind::Kept),
            ]
        );
        assert_eq!(cells(&map, 1)[1].shade, Shade::Edited(40));
        assert_eq!(cells(&map, 2)[0].shade, Shade::Inserted);
        let svg = render(|out| history_change_map_svg(&report, out));
        assert_well_formed_xml(&svg);
        assert_eq!(svg.matches("<g class=\"cell\">").count(), 8);
        assert_eq!(svg.matches("<g class=\"ghost\">").count(), 1);
        assert_eq!(svg.matches("class=\"link moved\"").count(), 1);
        assert_eq!(svg.matches("class=\"link deleted\"").count(), 1);
        assert!(!svg.contains("<script"), "hostile paths are escaped");
    }

    #[test]
    fn a_run_of_deleted_passages_shares_one_marker() {
        use PassageState::*;
        let mut report = history_report();
        report.passages = (1..=4)
            .map(|number| PassageRow {
                cells: vec![
                    cell(Present, Some(number), None),
                    if number == 1 { cell(Unchanged, Some(1), None) } else { cell(Deleted, None, None) },
                    if number == 1 { cell(Unchanged, Some(1), None) } else { cell(Absent, None, None) },
                ],
            })
            .collect();
        let map = history_map(&report);
        assert_eq!(map.strips[1].items.len(), 2, "¶1 and one marker for the three deleted after it");
        assert!(matches!(&map.strips[1].items[1], Item::Ghost { was, .. } if was == &[2, 3, 4]));
        let deleted: Vec<(usize, usize)> =
            map.links.iter().filter(|link| link.kind == LinkKind::Deleted).map(|link| (link.from, link.to)).collect();
        assert_eq!(deleted, [(1, 1), (2, 1), (3, 1)]);
        let svg = render(|out| history_change_map_svg(&report, out));
        assert_well_formed_xml(&svg);
        assert!(svg.contains("V2: 3 paragraphs deleted here (¶2, ¶3, ¶4 before)"));
    }

    #[test]
    fn the_sample_versions_draw() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let load = |name: &str| Article::load(&root.join(name), DEFAULT_MAX_INPUT_BYTES).unwrap();
        let (old, new) = (load("china-russia-2018.txt"), load("china-russia-2018-v2.txt"));
        let report = diff_articles(&old, &new, &DiffOptions::default());
        let svg = render(|out| diff_change_map_svg(&report, out));
        assert_well_formed_xml(&svg);
        assert_eq!(svg.matches("<g class=\"cell\">").count(), old.paragraphs.len() + new.paragraphs.len());
        assert_eq!(svg.matches("class=\"link moved\"").count(), report.stats.paragraphs_moved);
    }

    #[test]
    fn empty_reports_still_draw() {
        let mut report = diff_report();
        report.blocks.clear();
        let svg = render(|out| diff_change_map_svg(&report, out));
        assert_well_formed_xml(&svg);
        assert!(svg.contains("No paragraphs"));
        let empty = HistoryReport {
            schema_version: 1,
            versions: Vec::new(),
            passages: Vec::new(),
            events: Vec::new(),
            steps: Vec::new(),
        };
        assert_well_formed_xml(&render(|out| history_change_map_svg(&empty, out)));
    }
}
