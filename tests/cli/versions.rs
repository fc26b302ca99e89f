//! `dossier history` and `dossier brief` as a user runs them, and the event-aware diff on the
//! sample versions as an analyst would state it.

use std::collections::HashMap;

use dossier::align::{AlignOptions, align};
use dossier::article::{Article, DEFAULT_MAX_INPUT_BYTES};
use dossier::diff::event_changes;
use dossier::diff::{DiffOptions, diff_articles};
use dossier::report::events::{Change, DateAgreement, DateEffect, EventChange, EventStatus};
use dossier::timeline::Timeline;
use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::{dossier, project_root, read};

const V1: &str = "samples/china-russia-2018.txt";
const V2: &str = "samples/china-russia-2018-v2.txt";
const V3: &str = "samples/china-russia-2018-v3.txt";

/// The event changes of one step between two sample versions, by event id.
fn step(old: &str, new: &str) -> HashMap<String, EventChange> {
    let root = project_root();
    let timeline = Timeline::load(&root.join("timeline.yaml")).expect("the sample timeline loads");
    let published = timeline.article.as_ref().and_then(|article| article.published.clone());
    let load = |path: &str| Article::load(&root.join(path), DEFAULT_MAX_INPUT_BYTES).expect("the sample loads");
    let (old, new) = (load(old), load(new));
    let options = AlignOptions::default();
    let old_align = align(&old, &timeline.events, published.as_ref(), &options);
    let new_align = align(&new, &timeline.events, published.as_ref(), &options);
    let diff = diff_articles(&old, &new, &DiffOptions::default());
    event_changes(&old, &new, &diff, &old_align, &new_align)
        .into_iter()
        .map(|change| (change.id.clone(), change))
        .collect()
}

#[test]
fn v1_to_v2_corrects_the_soviet_date_and_moves_the_un_paragraph_untouched() {
    let changes = step(V1, V2);
    let soviet = &changes["soviet-union-dissolved"];
    assert_eq!(soviet.status, EventStatus::DateChanged);
    let date_change = soviet
        .changes
        .iter()
        .find_map(|change| match change {
            Change::DateChanged { old, new, effect, .. } => Some((old, new, effect)),
            _ => None,
        })
        .expect("a date change");
    assert!(date_change.0.text.contains("1992"), "{:?}", date_change.0);
    assert_eq!(date_change.0.check, DateAgreement::Conflict);
    assert!(date_change.1.text.contains("December 1991"), "{:?}", date_change.1);
    assert_eq!(date_change.1.check, DateAgreement::Consistent);
    assert_eq!(*date_change.2, DateEffect::CorrectsConflict);
    // Nothing else in v2 touches an event's passages: the removed sentence mentions none,
    // and the moved paragraph (UN Security Council) carries none of the timeline's events.
    for (id, change) in &changes {
        if id != "soviet-union-dissolved" {
            assert!(
                matches!(change.status, EventStatus::Unchanged | EventStatus::NotMentioned | EventStatus::Moved),
                "{id}: {:?} {:?}",
                change.status,
                change.changes
            );
        }
    }
    assert_eq!(changes["skripal-poisoning"].status, EventStatus::NotMentioned);
}

#[test]
fn v2_to_v3_changes_the_visit_date_moves_the_trade_paragraph_and_adds_the_summit() {
    let changes = step(V2, V3);
    let visit = &changes["wang-yi-moscow-visit"];
    assert_eq!(visit.status, EventStatus::DateChanged, "{:?}", visit.changes);
    assert!(visit.changes.iter().any(|change| matches!(
        change,
        Change::DateChanged { old, new, effect: DateEffect::StillConsistent, .. }
            if old.text.contains("April 4-5") && new.text.contains("April 5")
    )));
    // The trade paragraph moved to the end and gained words inside its mentioning sentence.
    for id in ["china-counter-tariffs", "us-section-301-action"] {
        let change = &changes[id];
        assert_eq!(change.status, EventStatus::Edited, "{id}: {:?}", change.changes);
        assert!(change.changes.iter().any(|change| matches!(change, Change::Moved { .. })), "{id}");
        assert!(change.changes.iter().any(|change| matches!(
            change,
            Change::Edited { inserted, .. } if inserted.contains("128")
        )));
    }
    // The summit, scheduled in v2, is now also reported as held, in a new paragraph.
    let summit = &changes["inter-korean-summit"];
    assert_eq!(summit.status, EventStatus::Edited);
    assert!(summit.changes.iter().any(|change| matches!(change, Change::MentionAdded { old_paragraph: None, .. })));
    assert_eq!(changes["belt-and-road-proposed"].status, EventStatus::Unchanged);
    assert_eq!(changes["soviet-union-dissolved"].status, EventStatus::Unchanged);
}

fn run(args: &[&str]) -> String {
    let output = dossier().args(args).output().expect("runs");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty());
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn history_table_fits_the_width_and_shows_every_passage_state() {
    let table = run(&["history", V1, V2, V3]);
    assert!(table.lines().all(|line| unicode_width::UnicodeWidthStr::width(line) <= 100), "{table}");
    for expected in ["¶1 edited", "moved", "¶6 inserted", "moved, edited", "date changed ¶1", "V2 → V3"] {
        assert!(table.contains(expected), "{expected}: {table}");
    }
    assert!(!table.contains('\u{1b}'));
}

#[test]
fn history_json_follows_the_contract() {
    let json: Value = serde_json::from_str(&run(&["history", "--format", "json", V1, V2, V3])).expect("json");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["versions"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["versions"][2]["path"], V3);
    let passages = json["passages"].as_array().expect("passages");
    assert_eq!(passages.len(), 8, "7 paragraphs and the new summit paragraph");
    assert!(passages.iter().all(|row| row["cells"].as_array().map(Vec::len) == Some(3)));
    let inserted = passages.iter().find(|row| row["cells"][2]["state"] == "inserted").expect("an inserted passage");
    assert_eq!(inserted["cells"][0]["state"], "absent");
    let soviet = json["events"]
        .as_array()
        .and_then(|events| events.iter().find(|event| event["id"] == "soviet-union-dissolved"))
        .expect("the Soviet event");
    assert_eq!(soviet["cells"][0]["state"], "mentioned");
    assert_eq!(soviet["cells"][1]["state"], "date_changed");
    assert_eq!(soviet["cells"][2]["state"], "unchanged");
    let step = &json["steps"][0];
    assert_eq!((step["from"].as_str(), step["to"].as_str()), (Some("V1"), Some("V2")));
    assert_eq!(step["events"]["date_changed"], 1);
    let changes = step["event_changes"].as_array().expect("event changes");
    let soviet = changes.iter().find(|change| change["id"] == "soviet-union-dissolved").expect("listed");
    assert_eq!(soviet["changes"][0]["kind"], "date_changed");
    assert_eq!(soviet["changes"][0]["effect"], "corrects_conflict");
    for key in ["id", "title", "status", "old_mentions", "new_mentions", "changes"] {
        assert!(soviet.get(key).is_some(), "{key}");
    }
}

#[test]
fn history_defaults_to_the_timeline_article_and_its_versions() {
    let json: Value = serde_json::from_str(&run(&["history", "--format", "json"])).expect("json");
    let paths: Vec<&str> =
        json["versions"].as_array().expect("versions").iter().filter_map(|v| v["path"].as_str()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].ends_with("china-russia-2018.txt") && paths[2].ends_with("china-russia-2018-v3.txt"), "{paths:?}");
}

#[test]
fn history_markdown_and_html_are_well_formed() {
    let markdown = run(&["history", "--format", "markdown", V1, V2, V3]);
    assert!(markdown.starts_with("# History of 3 versions"));
    for line in markdown.lines().filter(|line| line.starts_with('|')) {
        assert!(line.ends_with(" |") || line.ends_with("---|"), "{line}");
    }
    let html = run(&["history", "--format", "html", V1, V2, V3]);
    let document = Html::parse_document(&html);
    assert_eq!(document.select(&Selector::parse("script").expect("selector")).count(), 0);
    assert_eq!(document.select(&Selector::parse("table").expect("selector")).count(), 4);
    assert!(document.select(&Selector::parse("td.state-date_changed").expect("selector")).count() >= 2);
}

#[test]
fn history_without_a_timeline_still_follows_passages() {
    let json: Value =
        serde_json::from_str(&run(&["--no-timeline", "history", "--format", "json", V1, V2])).expect("json");
    assert_eq!(json["events"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["passages"].as_array().map(Vec::len), Some(7));
}

#[test]
fn history_refuses_a_missing_version_with_exit_2() {
    let output = dossier().args(["history", V1, "samples/no-such-version.txt"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-version.txt"));
}

#[test]
fn brief_markdown_has_every_section_with_counts() {
    let brief = run(&["brief", V1, V2, V3]);
    assert!(brief.starts_with("# China and Russia"));
    assert!(brief.contains("**Authors:** Wang Li, Nodir Boboev"));
    assert!(brief.contains("**Versions:** V1 samples/china-russia-2018.txt"));
    assert!(
        brief.contains("## Key events\n\nRead from V3 (samples/china-russia-2018-v3.txt). 12 events on the timeline")
    );
    assert!(brief.contains("**Since December 1991**") || brief.contains("**December 1991**"), "{brief}");
    assert!(brief.contains("[archontology.org](https://archontology.org/"));
    // "What changed" covers every step and the first version against the latest (issue 16),
    // then the latest step in detail.
    assert!(brief.contains("## What changed (V1 → V3)\n\n| Step |"), "{brief}");
    assert!(brief.contains("| V1 → V2 | 2 edited, 1 moved | −25/+2 | 1 |"), "{brief}");
    assert!(brief.contains("| V1 → V3 (first to latest) |"), "{brief}");
    assert!(brief.contains("### Latest step (V2 → V3)\n\nV2 → V3: 3 changes"));
    assert!(brief.contains("| 1 ⚑ | ¶2 → ¶2 | edit |"), "{brief}");
    assert!(brief.contains("| move+edit |"));
    assert!(brief.contains("### Events across versions"));
    assert!(brief.contains("| Dissolution of the Soviet Union | mentioned ¶1 | date changed ¶1 | unchanged ¶1 |"));
}

#[test]
fn brief_shows_a_changed_byline_even_when_no_paragraph_changed() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let v4 = dir.path().join("v4.txt");
    let text = read(&project_root().join(V3)).replacen("Authors: Wang Li & Nodir Boboev", "Authors: Wang Li", 1);
    std::fs::write(&v4, text).expect("write v4");
    let v4 = v4.to_str().expect("utf-8 path");
    let brief = run(&["brief", V3, v4]);
    assert!(brief.contains("V1 → V2: 1 header field changed (Authors); no paragraph changed;"), "{brief}");
    assert!(brief.contains("\n- Authors: Wang Li ~~& Nodir Boboev~~\n"), "{brief}");
    let json: Value = serde_json::from_str(&run(&["brief", "--format", "json", V3, v4])).expect("json");
    assert_eq!(json["changes"]["header_changes"][0]["key"], "Authors");
    assert_eq!(json["changes"]["rows"], serde_json::json!([]));
}

#[test]
fn brief_of_one_version_has_no_change_section_and_shows_the_conflict() {
    let brief = run(&["brief", V1]);
    assert!(!brief.contains("What changed"));
    assert!(brief.contains("**conflict: ¶1.1 says 1992"), "{brief}");
}

#[test]
fn brief_json_follows_the_contract() {
    let json: Value = serde_json::from_str(&run(&["brief", "--format", "json", V1, V2, V3])).expect("json");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["header"]["authors"][1], "Nodir Boboev");
    let events = json["key_events"]["events"].as_array().expect("events");
    assert_eq!(events.len(), json["key_events"]["counts"]["events"].as_u64().map(|count| count as usize).unwrap_or(0));
    assert_eq!(events[0]["id"], "soviet-union-dissolved", "chronological");
    assert!(
        events[0]["quote"]["segments"].as_array().expect("segments").iter().any(|segment| segment["marked"] == true)
    );
    let rows = json["changes"]["rows"].as_array().expect("rows");
    let kinds: Vec<&str> = rows.iter().filter_map(|row| row["kind"].as_str()).collect();
    assert_eq!(kinds, ["edit", "insert", "move+edit"]);
    assert_eq!(json["changes"]["counts"]["factual_edits"], 3);
}

#[test]
fn brief_html_is_one_safe_page_written_atomically() {
    let folder = tempfile::tempdir().expect("a folder");
    let target = folder.path().join("brief.html");
    let output = dossier()
        .args(["brief", "--format", "html", "-o", target.to_str().expect("utf-8 path"), V1, V2, V3])
        .output()
        .expect("runs");
    assert!(output.status.success() && output.stdout.is_empty());
    let html = read(&target);
    let document = Html::parse_document(&html);
    let select = |css: &str| document.select(&Selector::parse(css).expect("selector")).count();
    assert_eq!(select("script"), 0);
    assert_eq!(select("link"), 0, "no external resources");
    assert!(select("mark") >= 10);
    assert_eq!(select("td.check-conflict"), 0, "v3 has no conflict left");
    assert!(select("del") >= 1 && select("ins") >= 3);
    assert!(
        document
            .select(&Selector::parse("a").expect("selector"))
            .all(|link| link.value().attr("href").is_some_and(|href| href.starts_with("http")))
    );
    assert_eq!(std::fs::read_dir(folder.path()).expect("lists").count(), 1, "no temporary file left");
}

#[test]
fn brief_refuses_table_with_html() {
    let output = dossier().args(["brief", "--format", "html", "--table", "events", V1]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn hostile_text_is_escaped_in_the_brief() {
    let markdown = run(&["brief", "tests/fixtures/versions/hostile.txt"]);
    assert!(!markdown.contains("<script>"), "{markdown}");
    let html = run(&["brief", "--format", "html", "tests/fixtures/versions/hostile.txt"]);
    assert!(!html.contains("<script>") && !html.contains("<img"));
    let csv_text = run(&["brief", "--format", "csv", "--table", "events", "tests/fixtures/versions/hostile.txt"]);
    assert!(!csv_text.contains(",=") && !csv_text.contains("\n="), "{csv_text}");
}

/// Runs `dossier ARGS` on the figures pair and returns its standard output.
fn figures_output(args: &[&str]) -> String {
    let pair = ["tests/fixtures/versions/figures-v1.txt", "tests/fixtures/versions/figures-v2.txt"];
    let output = dossier().args(args).args(pair).output().expect("dossier runs");
    assert!(output.status.code().is_some_and(|code| code <= 1), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Each row of a Markdown change table: where, kind, and the words deleted and inserted.
fn markdown_change_rows(markdown: &str) -> Vec<(String, String, usize, usize)> {
    let after = markdown.split("## Change table").nth(1).expect("a change table");
    let table = after.split("\n## ").next().unwrap_or(after);
    table
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| #") && !line.starts_with("| ---"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let (deleted, inserted) = cells[3].trim_start_matches('-').split_once("/+").expect("-D/+I");
            (
                cells[1].to_string(),
                cells[2].to_string(),
                deleted.parse().expect("a count"),
                inserted.parse().expect("a count"),
            )
        })
        .collect()
}

/// The same pair through `diff`, `history` and `brief`: one word count per version, one kind and
/// one word count per changed block, one change percentage per passage. The pair holds words
/// the two old counts read differently (`U.S.-China`, `3/4`, `40-odd`) and a paragraph moved with
/// only a comma removed.
#[test]
fn diff_history_and_brief_agree_on_every_figure_of_one_pair() {
    let diff: Value =
        serde_json::from_str(&figures_output(&["--no-timeline", "diff", "--format", "json"])).expect("diff JSON");
    let history: Value =
        serde_json::from_str(&figures_output(&["--no-timeline", "history", "--format", "json"])).expect("history JSON");
    let brief: Value = serde_json::from_str(&figures_output(&["brief", "--format", "json"])).expect("brief JSON");

    // Word counts of each version.
    let diff_words = [&diff["old"]["words"], &diff["new"]["words"]];
    for (index, words) in diff_words.iter().enumerate() {
        assert_eq!(history["versions"][index]["words"], **words, "history, version {index}");
        assert_eq!(brief["header"]["versions"][index]["words"], **words, "brief, version {index}");
    }
    assert_eq!(history["steps"][0]["stats"], diff["stats"]);

    // Kinds and word counts of each changed block: the diff's change table against the brief's.
    let table = markdown_change_rows(&figures_output(&["--no-timeline", "diff", "--format", "markdown"]));
    let rows = brief["changes"]["rows"].as_array().expect("change rows");
    assert_eq!(table.len(), rows.len(), "{table:?}");
    for ((_, kind, deleted, inserted), row) in table.iter().zip(rows) {
        assert_eq!(row["kind"], kind.as_str());
        assert_eq!(
            (row["words_deleted"].as_u64(), row["words_inserted"].as_u64()),
            (Some(*deleted as u64), Some(*inserted as u64))
        );
    }
    let moved = rows.iter().find(|row| row["old_paragraph"] == 2).expect("the moved paragraph");
    assert_eq!(moved["kind"], "move+edit", "a removed comma is an edit, in every table");
    let deleted: u64 = rows.iter().filter_map(|row| row["words_deleted"].as_u64()).sum();
    assert_eq!(Some(deleted), diff["stats"]["words_deleted"].as_u64());

    // The change percentage of each passage: the history's cells against the diff's change map.
    let map = figures_output(&["--no-timeline", "diff", "--format", "svg"]);
    let mut compared = 0;
    for row in history["passages"].as_array().expect("passages") {
        let cell = &row["cells"][1];
        let Some(paragraph) = cell["paragraph"].as_u64() else { continue };
        let title = map
            .split("<title>")
            .find(|title| title.starts_with(&format!("new ¶{paragraph},")))
            .expect("a change map cell");
        let in_map = title.split('(').nth(1).and_then(|rest| rest.split('%').next()).map(str::to_string);
        assert_eq!(in_map, cell["percent_changed"].as_u64().map(|percent| percent.to_string()), "¶{paragraph}");
        compared += 1;
    }
    assert_eq!(compared, 5);
}

/// The brief says which version its key events were read from, and its "What changed" covers
/// every step and the first version against the latest, with the figures `diff` gives.
#[test]
fn brief_json_covers_every_step_and_names_the_version_read() {
    let brief: Value = serde_json::from_str(&run(&["brief", "--format", "json", V1, V2, V3])).expect("brief JSON");
    assert_eq!(brief["key_events"]["read_from"], "V3");
    let steps = brief["changes"]["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 2);
    assert_eq!((&steps[1]["from"], &steps[1]["to"]), (&Value::from("V2"), &Value::from("V3")));
    let overall = &brief["changes"]["first_to_latest"];
    assert_eq!((&overall["from"], &overall["to"]), (&Value::from("V1"), &Value::from("V3")));
    let diff = dossier().args(["--no-timeline", "diff", "--format", "json", V1, V3]).output().expect("dossier runs");
    let diff: Value = serde_json::from_slice(&diff.stdout).expect("diff JSON");
    assert_eq!(overall["stats"], diff["stats"]);
    assert_eq!(overall["factual_edits"].as_u64(), diff["factual_edits"].as_array().map(|edits| edits.len() as u64));
    let two: Value = serde_json::from_str(&run(&["brief", "--format", "json", V1, V3])).expect("brief JSON");
    assert_eq!(two["changes"]["first_to_latest"], Value::Null, "one step is its own first-to-latest");
}

/// A link that went away leaves the passage as a reader reads it: `history` does not call the
/// event it mentions edited (issue 16), and a real edit of the same sentence still is.
#[test]
fn a_link_that_went_away_is_no_edit_of_the_event() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sentence = |middle: &str| {
        format!(
            "Since December 1991 when the former Soviet Union was dissolved, {middle} have moved closer than ever.\n\n\
             Wang Yi visited Moscow on April 4-5.\n"
        )
    };
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write a version");
        path.to_str().expect("UTF-8 path").to_string()
    };
    let linked = write("v1.md", sentence("[China and Russia](https://example.org/cr)"));
    let plain = write("v2.md", sentence("China and Russia"));
    let edited = write("v3.md", sentence("Beijing and Moscow"));
    let state = |old: &str, new: &str| {
        let history: Value =
            serde_json::from_str(&run(&["history", "--format", "json", old, new])).expect("history JSON");
        let row = history["events"]
            .as_array()
            .and_then(|rows| rows.iter().find(|row| row["id"] == "soviet-union-dissolved"))
            .expect("the event's row")
            .clone();
        row["cells"][1]["state"].clone()
    };
    assert_eq!(state(&linked, &plain), "unchanged");
    assert_eq!(state(&linked, &edited), "edited");
}
