//! The pictures as a user asks for them: `history --format svg`, and the inline pictures of the
//! history and brief pages.

use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::{dossier, read};

const V1: &str = "samples/china-russia-2018.txt";

fn run(args: &[&str]) -> String {
    let output = dossier().args(args).output().expect("runs");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty());
    String::from_utf8(output.stdout).expect("utf-8")
}

fn count(text: &str, pattern: &str) -> usize {
    text.matches(pattern).count()
}

/// Paragraphs per version and moves per step, as the JSON history states them.
fn history_figures() -> (usize, usize, usize) {
    let history: Value = serde_json::from_str(&run(&["history", "--format", "json"])).expect("JSON");
    let versions = history["versions"].as_array().expect("versions");
    let paragraphs = versions.iter().map(|version| version["paragraphs"].as_u64().expect("a count") as usize).sum();
    let steps = history["steps"].as_array().expect("steps");
    let moved = steps.iter().map(|step| step["stats"]["paragraphs_moved"].as_u64().expect("a count") as usize).sum();
    let deleted =
        steps.iter().map(|step| step["stats"]["paragraphs_deleted"].as_u64().expect("a count") as usize).sum();
    (paragraphs, moved, deleted)
}

#[test]
fn history_svg_draws_every_paragraph_of_every_version_and_each_move() {
    let svg = run(&["history", "--format", "svg"]);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"));
    let (paragraphs, moved, deleted) = history_figures();
    assert_eq!((paragraphs, moved), (22, 2), "the sample's three versions");
    assert_eq!(count(&svg, "<g class=\"cell\">"), paragraphs);
    assert_eq!(count(&svg, "class=\"link moved\""), moved);
    assert_eq!(count(&svg, "class=\"link deleted\""), deleted);
    assert!(count(&svg, "<g class=\"ghost\">") <= deleted, "a run of deletions shares one marker");
    assert!(svg.contains("History: china-russia-2018.txt → china-russia-2018-v2.txt → china-russia-2018-v3.txt"));
    for external in ["<script", "<image", "href=", "<foreignObject"] {
        assert!(!svg.contains(external), "{external}");
    }
}

#[test]
fn history_svg_goes_to_a_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("history.svg");
    let path_text = path.to_str().expect("a UTF-8 path");
    assert!(run(&["history", "--format", "svg", "-o", path_text]).is_empty());
    assert_eq!(read(&path), run(&["history", "--format", "svg"]));
}

fn pictures(page: &str) -> Vec<String> {
    let document = Html::parse_document(page);
    let selector = Selector::parse("figure.picture > svg").expect("a selector");
    document.select(&selector).map(|svg| svg.value().attr("aria-labelledby").unwrap_or("").to_string()).collect()
}

#[test]
fn the_history_page_shows_the_change_map() {
    let page = run(&["history", "--format", "html"]);
    assert_eq!(pictures(&page), ["change-map-title"]);
    assert_eq!(count(&page, "<g class=\"cell\">"), history_figures().0);
}

#[test]
fn the_brief_page_shows_the_timeline_with_marks_and_the_change_map() {
    let page = run(&["brief", "--format", "html"]);
    assert_eq!(pictures(&page), ["timeline-title", "change-map-title"]);
    assert!(page.contains("mentioned in the article"), "the timeline's legend speaks of the article");
    // Skripal's poisoning is on the timeline but not in the article: drawn faded.
    assert!(page.contains("<g opacity=\"0.5\"><title>Sergei and Yulia Skripal poisoned in Salisbury"));
    assert_eq!(count(&page, "<g class=\"cell\">"), history_figures().0);
}

#[test]
fn a_brief_of_one_version_marks_its_date_conflict_and_draws_no_change_map() {
    let page = run(&["brief", "--format", "html", V1]);
    assert_eq!(pictures(&page), ["timeline-title"]);
    assert!(page.contains("¶1.1 says 1992"), "the conflict is marked beside the event");
}

#[test]
fn hostile_text_stays_text_in_the_pictures() {
    let page = run(&[
        "brief",
        "--format",
        "html",
        "tests/fixtures/versions/hostile.txt",
        "tests/fixtures/versions/hostile.txt",
    ]);
    assert_eq!(pictures(&page).len(), 2);
    assert!(!page.contains("<script") && !page.contains("<img"));
    let svg = run(&["history", "--format", "svg", "tests/fixtures/versions/hostile.txt", V1]);
    assert!(!svg.contains("<script") && !svg.contains("<img"));
}

/// One `<text>` of a picture as the reader sees it: a box estimated the way the renderer
/// estimates it (a terminal column is 0.6 em; a line reaches 0.8 em above its baseline and
/// 0.25 em below).
#[derive(Debug, Clone)]
struct LabelBox {
    text: String,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    anchor: String,
    baseline: f64,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn number(tag: &str, name: &str) -> Option<f64> {
    attribute(tag, name).map(|value| value.parse().expect("a number"))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn text_width(text: &str, font_size: f64) -> f64 {
    unicode_width::UnicodeWidthStr::width(unescape(text).as_str()) as f64 * font_size * 0.6
}

/// Every `<text>` of an SVG document with its box. Pictures with transforms are refused:
/// the boxes would be wrong.
fn label_boxes(svg: &str) -> Vec<LabelBox> {
    assert!(!svg.contains("transform="), "labels are placed without transforms");
    let root = &svg[..svg.find('>').expect("an <svg> tag")];
    let root_size = number(root, "font-size").unwrap_or(16.0);
    let mut boxes = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        rest = &rest[start..];
        let tag_end = rest.find('>').expect("a tag end");
        let tag = &rest[..tag_end];
        let end = rest.find("</text>").expect("a closed <text>");
        let content = &rest[tag_end + 1..end];
        rest = &rest[end..];
        let size = number(tag, "font-size").unwrap_or(root_size);
        // Plain text, then each tspan at its own size after its dx.
        let (mut width, mut tallest, mut text) = (0.0, size, String::new());
        let mut pieces = content;
        while !pieces.is_empty() {
            match pieces.find("<tspan") {
                Some(0) => {
                    let open_end = pieces.find('>').expect("a tspan tag end");
                    let tspan = &pieces[..open_end];
                    let close = pieces.find("</tspan>").expect("a closed tspan");
                    let piece_size = number(tspan, "font-size").unwrap_or(size);
                    let piece = &pieces[open_end + 1..close];
                    width += number(tspan, "dx").unwrap_or(0.0) + text_width(piece, piece_size);
                    tallest = f64::max(tallest, piece_size);
                    text.push(' ');
                    text.push_str(&unescape(piece));
                    pieces = &pieces[close + "</tspan>".len()..];
                }
                Some(at) => {
                    width += text_width(&pieces[..at], size);
                    text.push_str(&unescape(&pieces[..at]));
                    pieces = &pieces[at..];
                }
                None => {
                    width += text_width(pieces, size);
                    text.push_str(&unescape(pieces));
                    pieces = "";
                }
            }
        }
        let x = number(tag, "x").expect("an x");
        let y = number(tag, "y").expect("a y");
        let anchor = attribute(tag, "text-anchor").unwrap_or_else(|| "start".into());
        let x0 = match anchor.as_str() {
            "middle" => x - width / 2.0,
            "end" => x - width,
            _ => x,
        };
        boxes.push(LabelBox {
            text,
            x0,
            x1: x0 + width,
            y0: y - 0.8 * tallest,
            y1: y + 0.25 * tallest,
            anchor,
            baseline: y,
        });
    }
    boxes
}

fn assert_no_label_overlaps(svg: &str, name: &str) {
    let boxes = label_boxes(svg);
    let width = number(&svg[..svg.find('>').expect("a tag")], "width").expect("a width");
    for (index, a) in boxes.iter().enumerate() {
        assert!(a.x0 >= -0.5 && a.x1 <= width + 0.5, "{name}: {:?} leaves the picture ({width} wide)", a.text);
        for b in &boxes[index + 1..] {
            let apart = a.x1 <= b.x0 + 0.5 || b.x1 <= a.x0 + 0.5 || a.y1 <= b.y0 + 0.5 || b.y1 <= a.y0 + 0.5;
            assert!(apart, "{name}: {a:?} and {b:?} overlap");
        }
    }
}

/// The axis of a timeline picture: its segments (x0, x1) and its tick labels, left to right.
fn axis_of(svg: &str) -> (Vec<(f64, f64)>, Vec<LabelBox>) {
    let mut segments = Vec::new();
    let mut axis_y = None;
    for line in svg.split("<line ").skip(1) {
        let tag = format!(" {}", &line[..line.find("/>").expect("a line ends")]);
        let tag = tag.as_str();
        if tag.contains("stroke-width=\"1.5\"") && !tag.contains("stroke-dasharray") {
            segments.push((number(tag, "x1").expect("x1"), number(tag, "x2").expect("x2")));
            axis_y = number(tag, "y1");
        }
    }
    let axis_y = axis_y.expect("an axis");
    let mut ticks: Vec<LabelBox> =
        label_boxes(svg).into_iter().filter(|label| label.anchor == "middle" && label.baseline < axis_y).collect();
    ticks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    (segments, ticks)
}

const MONTH_NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A tick's date: year, month, day.
type TickDate = (i64, u32, u32);

/// The ticks as dates, each label read with the last year named before it.
fn tick_dates(ticks: &[LabelBox]) -> Vec<TickDate> {
    let mut year = None;
    ticks
        .iter()
        .map(|tick| {
            let words: Vec<&str> = tick.text.split_whitespace().collect();
            let month_at = words.iter().position(|word| MONTH_NAMES.contains(word));
            // A label names its year last: `2018`, `Mar 2018`, `1 Mar 2018`, `44 BCE`, `Mar 44 BCE`.
            let (year_word, bce) = match words.as_slice() {
                [.., year, "BCE"] => (Some(*year), true),
                [.., year] => (Some(*year), false),
                [] => (None, false),
            };
            if let Some(named) = year_word.and_then(|word| word.parse::<i64>().ok()) {
                year = Some(if bce { 1 - named } else { named });
            }
            let month = month_at.map_or(1, |at| MONTH_NAMES.iter().position(|name| *name == words[at]).expect("") + 1);
            let day = match month_at {
                Some(1) => words[0].parse().expect("a day"),
                _ => 1,
            };
            (year.unwrap_or_else(|| panic!("{:?} comes before any year", tick.text)), month as u32, day)
        })
        .collect()
}

/// Segments apart, every tick inside its own segment, tick dates strictly increasing from
/// left to right (no month drawn twice) and no two labels of the picture overlapping.
fn assert_axis_reads(svg: &str, name: &str) {
    assert_no_label_overlaps(svg, name);
    let (segments, ticks) = axis_of(svg);
    assert!(!segments.is_empty(), "{name}: no axis");
    for pair in segments.windows(2) {
        assert!(pair[0].1 < pair[1].0, "{name}: segments {pair:?} overlap");
    }
    for tick in &ticks {
        assert!(
            segments.iter().any(|&(x0, x1)| tick.x0 >= x0 - 0.5 && tick.x1 <= x1 + 0.5),
            "{name}: tick {:?} is outside every segment",
            tick.text
        );
    }
    let dates = tick_dates(&ticks);
    for pair in dates.windows(2) {
        assert!(
            pair[0] < pair[1],
            "{name}: ticks go back in time: {pair:?} in {:?}",
            ticks.iter().map(|t| &t.text).collect::<Vec<_>>()
        );
    }
}

fn write_timeline(dir: &std::path::Path, events: &[(&str, &str)]) -> String {
    let mut yaml = String::from("title: A test\nevents:\n");
    for (index, (date, title)) in events.iter().enumerate() {
        yaml.push_str(&format!("  - id: e{index}\n    title: \"{title}\"\n    date: {date}\n"));
    }
    let path = dir.join("timeline.yaml");
    std::fs::write(&path, yaml).expect("writes");
    path.to_str().expect("a UTF-8 path").to_string()
}

#[test]
fn three_events_draw_one_span_per_segment_and_labels_that_never_overlap() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let timeline = write_timeline(
        dir.path(),
        &[
            ("2017-10-03", "Talks open in Geneva"),
            ("2018-03-04", "Sergei and Yulia Skripal poisoned in Salisbury"),
            ("2018-03-29", "The summit is called off"),
        ],
    );
    let svg = run(&["timeline", "show", "--timeline", &timeline, "--format", "svg"]);
    assert_axis_reads(&svg, "three events");
    let (segments, ticks) = axis_of(&svg);
    assert_eq!(segments.len(), 2, "October 2017, then March 2018: {segments:?}");
    let dates = tick_dates(&ticks);
    let (first, second): (Vec<TickDate>, Vec<TickDate>) = dates.iter().partition(|date| date.0 == 2017);
    assert!(first.iter().all(|date| (8..=11).contains(&date.1)), "{first:?}");
    assert!(second.iter().all(|date| date.0 == 2018 && (2..=4).contains(&date.1)), "{second:?}");
    assert!(ticks.len() >= 6, "each segment has its ticks: {ticks:?}");
    assert!(svg.contains(">5</text>") && svg.contains(">months</text>"), "the break says what it skips");
    for title in ["Talks open in Geneva", "Sergei and Yulia Skripal poisoned in Salisbury", "The summit is called off"]
    {
        assert!(svg.contains(&format!(">{title}<tspan")), "{title} is drawn whole");
    }
}

#[test]
fn every_timeline_picture_of_the_fixtures_reads() {
    let mut checked = 0;
    let news = crate::common::fixture("news");
    let mut timelines = vec![crate::common::project_root().join("timeline.yaml")];
    for entry in std::fs::read_dir(&news).expect("the news fixtures") {
        let path = entry.expect("an entry").path().join("timeline.yaml");
        if path.exists() {
            timelines.push(path);
        }
    }
    timelines.sort();
    for timeline in &timelines {
        let timeline = timeline.to_str().expect("a UTF-8 path");
        let svg = run(&["timeline", "show", "--timeline", timeline, "--format", "svg"]);
        assert_axis_reads(&svg, timeline);
        checked += 1;
    }
    assert!(checked >= 10, "{checked} timelines");
    // The brief's picture is narrower, to print at the size it is drawn.
    let page = run(&["brief", "--format", "html"]);
    let start = page.find("<svg").expect("a picture");
    let svg = &page[start..start + page[start..].find("</svg>").expect("closed")];
    assert!(svg.contains("aria-labelledby=\"timeline-title\"") && svg.contains("width=\"700\""));
    assert_axis_reads(svg, "the brief");
}

/// The checks above catch what the issue saw: "15 Apr" on top of "15 Feb 2018", and a second
/// segment that draws February to April again.
#[test]
#[should_panic(expected = "overlap")]
fn the_label_check_catches_overlapping_ticks() {
    assert_no_label_overlaps(
        "<svg width=\"400\" font-size=\"12\"><text x=\"200\" y=\"50\" text-anchor=\"middle\" font-size=\"11\">15 Apr</text>\
         <text x=\"215\" y=\"50\" text-anchor=\"middle\" font-size=\"11\">15 Feb 2018</text></svg>",
        "overlapping",
    );
}

#[test]
#[should_panic(expected = "go back in time")]
fn the_axis_check_catches_a_repeated_span() {
    assert_axis_reads(
        "<svg width=\"600\" font-size=\"12\">\
         <line x1=\"0\" y1=\"100\" x2=\"250\" y2=\"100\" stroke-width=\"1.5\"/>\
         <line x1=\"300\" y1=\"100\" x2=\"600\" y2=\"100\" stroke-width=\"1.5\"/>\
         <text x=\"50\" y=\"90\" text-anchor=\"middle\" font-size=\"11\">Feb 2018</text>\
         <text x=\"150\" y=\"90\" text-anchor=\"middle\" font-size=\"11\">Apr</text>\
         <text x=\"350\" y=\"90\" text-anchor=\"middle\" font-size=\"11\">Feb 2018</text></svg>",
        "repeated",
    );
}

#[test]
fn the_brief_page_prints_dates_whole_and_leaves_out_empty_columns() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // A timeline with no sources: the Sources column would be empty in every row.
    let timeline = write_timeline(
        dir.path(),
        &[("2018-04-04/2018-04-05", "Wang Yi visits Moscow"), ("2018-03-04", "Skripal poisoned in Salisbury")],
    );
    let page = run(&["brief", "--format", "html", "--timeline", &timeline, V1]);
    let document = Html::parse_document(&page);
    let headings = Selector::parse("table.grid:first-of-type th").expect("a selector");
    let headings: Vec<String> = document.select(&headings).map(|th| th.text().collect()).collect();
    assert_eq!(headings, ["Date", "Event", "Where", "Quote", "Date check"], "no Sources column");
    // Each end of a range is kept whole; the range may break between them.
    assert!(
        page.contains("<span class=\"nowrap\">2018-04-04</span>/<span class=\"nowrap\">2018-04-05</span>"),
        "{page}"
    );
    for rule in ["@page", "break-after: avoid", "break-inside: avoid", ".nowrap { white-space: nowrap; }"] {
        assert!(page.contains(rule), "the print stylesheet has {rule}");
    }
    // Headings travel with their summary.
    assert!(page.contains("<div class=\"lead\"><h2>Key events</h2>"));
}

// The event-aware diff: its events table annotates the redline without drowning it.

/// Lines of the diff's events section (from `Events:` to the end) and of the same diff
/// without a timeline (the redline and its change table).
fn events_and_redline_lines(old: &str, new: &str, timeline: &str) -> (String, usize) {
    let with = dossier()
        .args(["diff", "--width", "100", "--color", "never", "--timeline", timeline, old, new])
        .output()
        .expect("runs");
    let without = dossier()
        .args(["diff", "--width", "100", "--color", "never", "--no-timeline", old, new])
        .output()
        .expect("runs");
    assert_eq!((with.status.code(), without.status.code()), (Some(1), Some(1)), "the texts differ");
    let with = String::from_utf8(with.stdout).expect("utf-8");
    let events = with[with.find("\nEvents: ").expect("an events section")..].trim().to_string();
    (events, String::from_utf8(without.stdout).expect("utf-8").lines().count())
}

#[test]
fn the_events_table_of_a_real_update_is_shorter_than_its_redline() {
    let (events, redline) = events_and_redline_lines(
        "tests/fixtures/news/russia-costs-2021/article.txt",
        "tests/fixtures/events-diff/russia-costs-2021-updated.txt",
        "tests/fixtures/news/russia-costs-2021/timeline.yaml",
    );
    assert!(
        events.lines().count() < redline / 2,
        "{} lines of events, {redline} of redline:\n{events}",
        events.lines().count()
    );
    // Each change is quoted once, however many events it touches.
    for quote in ["most of them tied", "on Thursday", "June 15, 2021", "expel ten U.S. diplomats"] {
        assert_eq!(events.matches(quote).count(), 1, "{quote}:\n{events}");
    }
    // The passage that names two events says which event its date change is about.
    assert!(events.contains("1. Biden signs new executive order"), "{events}");
}

#[test]
fn the_sample_diff_quotes_the_sentence_each_deleted_mention_was_in() {
    for version in ["samples/china-russia-2018-v2.txt", "samples/china-russia-2018-v3.txt"] {
        let (events, redline) = events_and_redline_lines(V1, version, "timeline.yaml");
        assert!(events.lines().count() < redline, "{redline} lines of redline:\n{events}");
    }
    // A paragraph that mentioned two events is deleted: each is quoted at its own sentence.
    let (events, _) =
        events_and_redline_lines(V1, "tests/fixtures/diff-render/china-russia-2018-edited.txt", "timeline.yaml");
    assert!(!events.contains("“Another pressing issue"), "not the start of the deleted paragraph:\n{events}");
    assert!(events.contains("old ¶6.2: deleted “… China and Russia are"), "sentence 6.2 itself:\n{events}");
    assert!(events.contains("old ¶6.4: deleted “… In terms of the"), "sentence 6.4 itself:\n{events}");
}

#[test]
fn ancient_and_open_timelines_read_too() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for events in [
        &[("-0043-03-15", "Caesar assassinated"), ("-0030-08-12", "Cleopatra dies"), ("0014-08-19", "Augustus dies")][..],
        &[
            ("1992/..", "A partnership since 1992"),
            ("2018-03", "A month"),
            ("2018-03-04~", "About a day"),
            ("../2001", "Until 2001"),
        ],
    ] {
        let timeline = write_timeline(dir.path(), events);
        let svg = run(&["timeline", "show", "--timeline", &timeline, "--format", "svg"]);
        assert_axis_reads(&svg, &format!("{events:?}"));
    }
}
