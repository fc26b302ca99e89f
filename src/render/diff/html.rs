//! `--format html`: one self-contained page (inline CSS, no script, nothing fetched): the
//! redline with `<del>` and `<ins>`, unchanged paragraphs folded into `<details>` (open them
//! to read, no script needed), moved paragraphs linked to where they stood, the change table
//! and the statistics. Every input string goes through `escape_html`.
//!
//! Anchors: `#new-pN` and `#old-pN` are paragraph N of the new and old text (a moved
//! paragraph's `#old-pN` is the mark left at its old place), `#change-K` is row K of the
//! change table's paragraph.

use std::io::{self, Write};

use super::{
    ChangeTableRow, DiffView, Mark, PlanItem, RedlineSegment, change_rows, code_lines, folded_label, location,
    paragraphs_of, percent, percent_of, plan, segments, summary,
};
use crate::render::{escape_html, events, page, picture};
use crate::report::diff::{Block, BlockKind, DiffReport};

const ARROW: &str = "→";

const STYLE: &str = r#":root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #d9dce1; --del: #b3261e;
  --del-bg: #fde7e7; --ins: #136c2e; --ins-bg: #e3f5e6; --move: #6a4fb3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 4rem; color: var(--ink); background: #fff;
  font: 16px/1.55 Georgia, "Times New Roman", serif; }
h1, h2, h3, .summary, table, .where, summary, .origin, .note { font-family: system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h1 .file { font-weight: 600; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
.summary { color: var(--muted); margin: 0 0 1rem; }
.metadata { margin: 0 0 .4rem; overflow-wrap: anywhere; }
.metadata .key { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-weight: 600; }
.para { margin: 0 0 1.1rem; padding: .2rem 0 .2rem .9rem; border-left: 3px solid var(--rule); }
.para.changed { border-color: #e0a800; }
.para.inserted { border-color: var(--ins); }
.para.deleted { border-color: var(--del); }
.para.moved { border-color: var(--move); }
.para p { margin: .2rem 0 0; overflow-wrap: anywhere; }
.para pre { margin: .2rem 0 0; font: .85rem/1.45 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.where { font-size: .8rem; font-weight: 600; color: var(--muted); text-transform: none; }
.where a { color: var(--move); }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline; text-decoration-thickness: 1px; }
details.folded { margin: 0 0 1.1rem; color: var(--muted); }
details.folded summary { cursor: pointer; font-size: .85rem; }
details.folded .para { color: var(--ink); }
.origin { font-size: .85rem; color: var(--move); margin: 0 0 1.1rem; padding-left: .9rem;
  border-left: 3px dashed var(--move); }
.origin a { color: var(--move); }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border: 1px solid var(--rule); padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #f3f4f6; white-space: nowrap; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.where { white-space: nowrap; }
td.excerpt { font-family: Georgia, "Times New Roman", serif; font-size: .95rem; overflow-wrap: anywhere; }
table.stats { width: auto; }
.note { background: #fff8e1; border-left: 3px solid #e0a800; padding: .5rem .8rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  del, ins { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .para, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

pub fn html(report: &DiffReport, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    write_page_start(report, out)?;
    if !super::nothing_changed(report) {
        write_redline(report, view, out)?;
        write_change_table(&change_rows(report), out)?;
        writeln!(out, "<section class=\"change-map\">\n<h2>Change map</h2>")?;
        picture::diff_change_map_svg(report, out)?;
        writeln!(out, "</section>")?;
    }
    if !report.factual_edits.is_empty() {
        events::write_factual_html(out, &report.factual_edits)?;
    }
    if let Some(changes) = &report.events {
        events::write_events_html(out, changes)?;
    }
    write_statistics(report, out)?;
    write_bound_notes(report, out)?;
    page::write_page_end(out)
}

fn write_page_start(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    let (old, new) = (escape_html(&report.old.path), escape_html(&report.new.path));
    let title = format!("Redline: {} {ARROW} {}", report.old.path, report.new.path);
    page::write_page_start(out, &title, &[STYLE, events::EVENTS_CSS])?;
    writeln!(
        out,
        "<header>\n<h1>Redline: <span class=\"file\">{old}</span> {ARROW} <span class=\"file\">{new}</span></h1>"
    )?;
    let line = if super::nothing_changed(report) {
        format!(
            "No differences ({}, {}).",
            crate::render::counted(report.new.paragraphs, "paragraph", "paragraphs"),
            crate::render::counted(report.new.words, "word", "words")
        )
    } else {
        format!("{}.", summary(&report.stats))
    };
    writeln!(out, "<p class=\"summary\">{}</p>", escape_html(&line))?;
    for change in &report.metadata_changes {
        let value = redline(&segments(&change.ops));
        writeln!(out, "<p class=\"metadata\"><span class=\"key\">{}</span>: {value}</p>", escape_html(&change.key))?;
    }
    writeln!(out, "</header>")
}

fn write_redline(report: &DiffReport, view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    // Change numbers by the block's address: a search of the rows for every block was
    // quadratic in paragraphs.
    let numbers: std::collections::HashMap<*const Block, usize> =
        change_rows(report).iter().map(|row| (std::ptr::from_ref(row.block), row.number)).collect();
    let change_number = |block: &Block| numbers.get(&std::ptr::from_ref(block)).copied();
    writeln!(out, "<section id=\"redline\">\n<h2>Changes</h2>")?;
    for item in plan(&report.blocks, view.context, true) {
        match item {
            PlanItem::Shown(block) => write_paragraph(block, change_number(block), out)?,
            PlanItem::Folded(blocks) => {
                writeln!(
                    out,
                    "<details class=\"folded\"><summary>{}</summary>",
                    escape_html(&folded_label(blocks.len()))
                )?;
                for block in blocks {
                    write_paragraph(block, None, out)?;
                }
                writeln!(out, "</details>")?;
            }
            PlanItem::MovedFrom(block) => {
                let (Some(old), Some(new)) = (block.old_paragraph, block.new_paragraph) else { continue };
                let target = change_number(block).map_or(format!("new-p{new}"), |number| format!("change-{number}"));
                writeln!(
                    out,
                    "<p class=\"origin\" id=\"old-p{old}\">¶{old} moved to <a href=\"#{target}\">¶{new}</a> below</p>"
                )?;
            }
        }
    }
    writeln!(out, "</section>")
}

/// One paragraph with its heading. Ids: the change number when it is one, else the new (or
/// old) paragraph number; a moved paragraph links back to its old place.
fn write_paragraph(block: &Block, change: Option<usize>, out: &mut dyn Write) -> io::Result<()> {
    let class = match block.kind {
        BlockKind::Unchanged => "unchanged",
        BlockKind::Changed => "changed",
        BlockKind::Inserted => "inserted",
        BlockKind::Deleted => "deleted",
        BlockKind::Moved => "moved",
        BlockKind::Split => "split",
        BlockKind::Merged => "merged",
    };
    let id = match (change, block.new_paragraph, block.old_paragraph) {
        (Some(number), _, _) => format!("change-{number}"),
        (None, Some(new), _) => format!("new-p{new}"),
        (None, None, Some(old)) => format!("old-p{old}"),
        (None, None, None) => String::new(),
    };
    let old_anchor = |old: usize| {
        if block.kind == BlockKind::Moved {
            format!("<a href=\"#old-p{old}\">¶{old}</a>")
        } else {
            format!("<span id=\"old-p{old}\">¶{old}</span>")
        }
    };
    let new_anchor = |new: usize| {
        if change.is_some() { format!("<span id=\"new-p{new}\">¶{new}</span>") } else { format!("¶{new}") }
    };
    let old = block.old_paragraph.map(old_anchor);
    let new = block.new_paragraph.map(new_anchor);
    let where_ = match (block.kind, old, new) {
        (BlockKind::Moved, Some(old), Some(new)) => format!("{old} moved to {new}"),
        (BlockKind::Inserted, _, Some(new)) => format!("{new} inserted"),
        (BlockKind::Deleted, Some(old), _) => format!("{old} deleted"),
        (BlockKind::Unchanged, Some(old), Some(new)) => format!("{old} {ARROW} {new} unchanged"),
        (BlockKind::Split | BlockKind::Merged, Some(_), Some(_)) => super::heading(block, ARROW),
        (_, Some(old), Some(new)) => format!("{old} {ARROW} {new}"),
        (_, old, new) => old.or(new).unwrap_or_default(),
    };
    let change_label = change.map(|number| format!("#{number} ")).unwrap_or_default();
    let parts: String = if block.keeps_lines() {
        format!("<pre>{}</pre>", code_lines(&block.ops).iter().map(|line| redline(line)).collect::<Vec<_>>().join("\n"))
    } else {
        paragraphs_of(&segments(&block.ops)).iter().map(|part| format!("<p>{}</p>", redline(part))).collect()
    };
    writeln!(
        out,
        "<div class=\"para {class}\" id=\"{id}\"><div class=\"where\">{change_label}{where_}</div>{parts}</div>"
    )
}

/// A redline as HTML: `<del>` and `<ins>` around the changes, every text escaped.
pub(super) fn redline(segments: &[RedlineSegment]) -> String {
    segments
        .iter()
        .map(|segment| match segment.mark {
            Mark::Same => escape_html(&segment.text),
            Mark::Deleted => format!("<del>{}</del>", escape_html(&segment.text)),
            Mark::Inserted => format!("<ins>{}</ins>", escape_html(&segment.text)),
        })
        .collect()
}

fn write_change_table(rows: &[ChangeTableRow], out: &mut dyn Write) -> io::Result<()> {
    // Texts that differ only in their header fields have no changed paragraph to list.
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section id=\"change-table\">\n<h2>Change table</h2>\n<table>")?;
    writeln!(
        out,
        "<thead><tr><th>#</th><th>Where</th><th>Kind</th><th>Words −/+</th><th>Excerpt</th></tr></thead>\n<tbody>"
    )?;
    for row in rows {
        writeln!(
            out,
            "<tr><td class=\"number\"><a href=\"#change-{n}\">{n}</a></td><td class=\"where\">{}</td><td>{}</td>\
             <td class=\"number\">−{} / +{}</td><td class=\"excerpt\">{}</td></tr>",
            escape_html(&location(row.block, ARROW)),
            row.kind.label(),
            row.words_deleted,
            row.words_inserted,
            redline(&row.excerpt),
            n = row.number,
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn write_statistics(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    let stats = &report.stats;
    let (old_words, new_words) = (report.old.words, report.new.words);
    let rows = [
        ("Words in the old text", old_words.to_string(), String::new()),
        ("Words in the new text", new_words.to_string(), String::new()),
        ("Words in common", stats.words_common.to_string(), percent_of(stats.words_common, old_words) + " of old"),
        ("Words deleted", stats.words_deleted.to_string(), percent_of(stats.words_deleted, old_words) + " of old"),
        ("Words inserted", stats.words_inserted.to_string(), percent_of(stats.words_inserted, new_words) + " of new"),
        ("Words changed", stats.words_changed.to_string(), percent_of(stats.words_changed, old_words) + " of old"),
        ("Paragraphs unchanged", stats.paragraphs_unchanged.to_string(), String::new()),
        ("Paragraphs changed", stats.paragraphs_changed.to_string(), String::new()),
        ("Paragraphs inserted", stats.paragraphs_inserted.to_string(), String::new()),
        ("Paragraphs deleted", stats.paragraphs_deleted.to_string(), String::new()),
        ("Paragraphs moved", stats.paragraphs_moved.to_string(), String::new()),
        ("Similarity", percent(stats.similarity), String::new()),
    ];
    writeln!(out, "<section id=\"statistics\">\n<h2>Statistics</h2>\n<table class=\"stats\">\n<tbody>")?;
    for (label, value, share) in rows {
        writeln!(out, "<tr><th>{label}</th><td class=\"number\">{value}</td><td class=\"number\">{share}</td></tr>")?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn write_bound_notes(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    for note in &report.bound_notes {
        writeln!(out, "<p class=\"note\"><strong>Note:</strong> {}</p>", escape_html(note))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use scraper::{Html, Selector};

    fn render(report: &DiffReport, context: usize) -> String {
        let mut out = Vec::new();
        html(report, &DiffView { context }, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("utf-8")
    }

    fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        page.select(&Selector::parse(css).expect("valid selector")).collect()
    }

    #[test]
    fn the_redline_uses_del_and_ins_and_folds_unchanged_text() {
        let page = Html::parse_document(&render(&small(), 0));
        let deleted: Vec<String> = select(&page, "#redline del").iter().map(|e| e.text().collect()).collect();
        assert!(deleted.contains(&"Moscow".to_string()), "{deleted:?}");
        let inserted: Vec<String> = select(&page, "#redline ins").iter().map(|e| e.text().collect()).collect();
        assert!(inserted.contains(&"Sochi".to_string()), "{inserted:?}");
        let folded = select(&page, "details.folded summary");
        assert_eq!(folded.len(), 3, "the origin mark splits the middle run");
        assert!(
            select(&page, "details.folded")
                .iter()
                .any(|details| { details.text().collect::<String>().contains("The fourth paragraph is unchanged.") })
        );
    }

    #[test]
    fn moved_paragraphs_link_to_their_origin_and_back() {
        let page = Html::parse_document(&render(&small(), 0));
        let origin = select(&page, "p.origin#old-p3");
        assert_eq!(origin.len(), 1);
        let back = select(&page, "#change-4 .where a");
        assert_eq!(back[0].value().attr("href"), Some("#old-p3"));
        let forward = select(&page, "p.origin a");
        assert_eq!(forward[0].value().attr("href"), Some("#change-4"));
        let ids: Vec<&str> = select(&page, "[id]").iter().filter_map(|e| e.value().attr("id")).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");
        for link in select(&page, "a[href]") {
            let href = link.value().attr("href").unwrap_or_default();
            assert!(ids.contains(&href.trim_start_matches('#')), "dangling link {href}");
        }
    }

    #[test]
    fn the_change_table_and_statistics_are_there() {
        let page = Html::parse_document(&render(&small(), 0));
        assert_eq!(select(&page, "#change-table tbody tr").len(), 4);
        let kinds: Vec<String> =
            select(&page, "#change-table tbody td:nth-child(3)").iter().map(|e| e.text().collect()).collect();
        assert_eq!(kinds, ["edit", "insert", "delete", "move+edit"]);
        let stats: String = select(&page, "#statistics").iter().flat_map(|e| e.text()).collect();
        assert!(stats.contains("Similarity85.3%") || stats.contains("Similarity85.2%"), "{stats}");
    }

    #[test]
    fn hostile_input_adds_no_script_or_handler() {
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><a href=\"javascript:x\">y</a>";
        let mut report = report(vec![
            block(BlockKind::Changed, Some(1), Some(1), vec![same(hostile), del(hostile), ins(hostile)]),
            block(BlockKind::Inserted, None, Some(2), vec![ins(hostile)]),
        ]);
        report.old.path = hostile.into();
        report.new.path = hostile.into();
        report.bounded = true;
        report.bound_notes = vec![hostile.into()];
        let page = Html::parse_document(&render(&report, 0));
        assert!(select(&page, "script, img, iframe, object, embed").is_empty());
        for element in select(&page, "*") {
            for (name, value) in element.value().attrs() {
                assert!(!name.starts_with("on"), "handler {name}");
                assert!(!value.contains("javascript:"), "{name}={value}");
            }
        }
        let text: String = page.root_element().text().collect();
        assert!(text.contains("<script>alert(1)</script>"), "shown as text");
    }

    #[test]
    fn the_page_is_self_contained() {
        // The inline SVG's namespace is a name, not a fetch.
        let text = render(&small(), 0).replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
        for fetch in ["<script", "<link", "src=", "@import", "http://", "https://"] {
            assert!(!text.contains(fetch), "{fetch}");
        }
        // Only references to the page's own elements, like the SVG arrow marker.
        assert!(text.match_indices("url(").all(|(at, _)| text[at + 4..].starts_with('#')), "url() to elsewhere");
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("html", render(&small(), 0));
    }
}
