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
