//! `dossier timeline export` and `dossier timeline import` as a user runs them.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{dossier, fixture, read};

const MIXED: &str = "tests/fixtures/interchange/mixed.yaml";
const HEADER: &str = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,\
                      Media Credit,Media Caption,Media Thumbnail,Type,Group,Background";

fn export(timeline: &str, format: &str) -> (String, String) {
    let output = dossier().args(["--timeline", timeline, "timeline", "export", "--format", format]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

fn import(file: &Path, format: &str) -> (String, String) {
    let output = dossier().args(["timeline", "import", "--from", format]).arg(file).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

/// The fields TimelineJS documents (timeline.knightlab.com/docs/json-format.html).
fn assert_timelinejs_fields(json: &Value) {
    let keys = |value: &Value| value.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    for key in keys(json) {
        assert!(["title", "events", "eras", "scale"].contains(&key.as_str()), "top-level {key}");
    }
    let slides = json["events"].as_array().unwrap().iter().chain(json.get("title"));
    for slide in slides {
        for key in keys(slide) {
            assert!(
                [
                    "start_date",
                    "end_date",
                    "text",
                    "media",
                    "group",
                    "display_date",
                    "background",
                    "autolink",
                    "unique_id"
                ]
                .contains(&key.as_str()),
                "slide {key}"
            );
        }
        for key in keys(&slide["text"]) {
            assert!(["headline", "text"].contains(&key.as_str()), "text {key}");
        }
        for date in [slide.get("start_date"), slide.get("end_date")].into_iter().flatten() {
            assert!(date["year"].is_i64(), "every date has a numeric year: {date}");
            for key in keys(date) {
                assert!(
                    ["year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"]
                        .contains(&key.as_str()),
                    "date {key}"
                );
            }
        }
    }
}

#[test]
fn json_export_uses_only_timelinejs_fields_at_each_precision() {
    let (stdout, stderr) = export(MIXED, "timelinejs-json");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_timelinejs_fields(&json);
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 9);
    let by_id = |id: &str| events.iter().find(|event| event["unique_id"] == id).unwrap();
    assert_eq!(by_id("founding-of-rome")["start_date"], serde_json::json!({"year": -752}));
    assert_eq!(by_id("founding-of-rome")["display_date"], "753 BCE?");
    assert_eq!(by_id("eaeu")["start_date"], serde_json::json!({"year": 2015, "month": 1}));
    assert_eq!(by_id("six-party-talks")["end_date"], serde_json::json!({"year": 2009, "month": 4}));
    assert_eq!(by_id("constructive-partnership")["display_date"], "since 1992");
    assert_eq!(by_id("before-the-talks")["display_date"], "until July 2003");
    assert_eq!(by_id("belt-and-road")["start_date"]["display_date"], "c. 2013");
    assert_eq!(by_id("six-party-talks")["group"], "korea");
    let hostile = by_id("hostile").to_string();
    assert!(!hostile.contains("<script") && !hostile.contains("href=\\\"javascript"), "{hostile}");
    assert!(stderr.contains("warning: timelinejs-json: aliases not kept (soviet-union-dissolved)"), "{stderr}");
}

#[test]
fn csv_export_has_the_template_header_and_reads_back() {
    let (stdout, _) = export(MIXED, "timelinejs-csv");
    assert_eq!(stdout.lines().next(), Some(HEADER));
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 10, "a title row and nine events");
    assert_eq!((&rows[0][9], &rows[0][15]), ("Mixed dates &amp; &lt;odd&gt; text", "title"));
    assert_eq!((&rows[1][0], &rows[1][1], &rows[1][8]), ("-752", "", "753 BCE?"));
    assert_eq!((&rows[5][0], &rows[5][1], &rows[5][4], &rows[5][5]), ("2003", "8", "2009", "4"));
    assert!(rows[2][10].contains("<a href=\"https://archontology.org/nations/ussr/01_polity.php\">"));
    assert!(rows[9][9].starts_with("'=HYPERLINK"), "formula neutralized: {}", &rows[9][9]);
}

#[test]
fn tilse_export_writes_days_and_warns_about_the_rest() {
    let (stdout, stderr) = export(MIXED, "tilse");
    let dashes = "-".repeat(32);
    assert_eq!(
        stdout,
        format!(
            "1991-12-26\nDissolution of the Soviet Union\n{dashes}\n2018-04-04\nWang Yi visits Moscow\n{dashes}\n\
             2018-04-27\n=HYPERLINK(\"http://x\") <script>alert(1)</script>\n{dashes}\n"
        )
    );
    assert!(
        stderr.contains("tilse: events without a known first day (left out) not kept (founding-of-rome"),
        "{stderr}"
    );
}

#[test]
fn json_round_trip_keeps_every_shared_field() {
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("exported.json");
    let imported = dir.path().join("imported.yaml");
    dossier()
        .args(["--timeline", MIXED, "timeline", "export", "--format", "timelinejs-json", "-o"])
        .arg(&exported)
        .assert()
        .success();
    dossier().args(["timeline", "import"]).arg(&exported).arg("-o").arg(&imported).assert().success();
    dossier().args(["timeline", "check"]).arg(&imported).assert().success();
    let (again, _) = export(imported.to_str().unwrap(), "timelinejs-json");
    assert_eq!(again, read(&exported), "export, import, export gives the same file");
}

#[test]
fn csv_round_trip_keeps_dates_titles_notes_sources_and_groups() {
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("exported.csv");
    let imported = dir.path().join("imported.yaml");
    let (csv_text, _) = export(MIXED, "timelinejs-csv");
    std::fs::write(&exported, &csv_text).unwrap();
    dossier().args(["timeline", "import"]).arg(&exported).arg("-o").arg(&imported).assert().success();
    dossier().args(["timeline", "check"]).arg(&imported).assert().success();
    let (again, _) = export(imported.to_str().unwrap(), "timelinejs-csv");
    // The first export already dropped what the template cannot carry (the "c." behind "Autumn 2013").
    assert_eq!(again, csv_text);
}

#[test]
fn hand_written_timelinejs_json_imports_with_warnings() {
    let (yaml, stderr) = import(&fixture("interchange/hand.json"), "timelinejs-json");
    for expected in [
        "title: \"Hand-written TimelineJS\"",
        "  - id: \"dissolution-of-the-soviet-union\"",
        "      - \"https://example.org/ussr\"",
        "    notes: \"See the record.\"",
        "  - id: \"wang-yi\"\n    title: \"Wang Yi visits Moscow\"\n    date: \"2018-04-04/2018-04-05\"",
        "  - id: \"belt-and-road\"\n    title: \"Belt and Road\"\n    date: \"2013~\"\n",
        "  - id: \"belt-and-road-2\"\n    title: \"Belt and Road\"\n    date: \"2013\"\n    display: \"sometime in 2013\"",
        "    title: \"The Ides of March\"\n    date: \"-0044-03-15\"",
    ] {
        assert!(yaml.contains(expected), "{expected}\n---\n{yaml}");
    }
    for warning in
        ["eras not kept (Talks era)", "times of day not kept (wang-yi)", "media and backgrounds not kept (wang-yi)"]
    {
        assert!(stderr.contains(warning), "{warning}\n---\n{stderr}");
    }
}

#[test]
fn hand_written_spreadsheet_and_tilse_import() {
    let (yaml, stderr) = import(&fixture("interchange/hand.csv"), "timelinejs-csv");
    assert!(yaml.starts_with("title: \"A spreadsheet timeline\"\n"), "{yaml}");
    assert!(yaml.contains("    date: \"2003-08/2009-04\"\n    tags:\n      - \"Korea\"\n    notes: \"Six members, \\\"talks\\\" in Beijing.\""), "{yaml}");
    assert!(yaml.contains("  - id: \"partnership\"\n    title: \"Partnership\"\n    date: \"1992/..\""), "{yaml}");
    assert!(stderr.contains("eras not kept (row 6)"), "{stderr}");
    let (yaml, _) = import(&fixture("interchange/sample.tilse.txt"), "tilse");
    assert_eq!(yaml.matches("  - id: ").count(), 3);
    assert!(yaml.contains("  - id: \"bp-pumps-cement-to-seal-the-damaged-well-after-2\""), "{yaml}");
    assert!(yaml.contains("    date: \"2010-09-19\""));
}

#[test]
fn the_format_is_guessed_from_the_file() {
    dossier()
        .args(["timeline", "import"])
        .arg(fixture("interchange/sample.tilse.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("date: \"2010-09-17\""));
}

#[test]
fn bad_files_are_named_with_their_line_and_exit_2() {
    for (file, from, message) in [
        ("bad-syntax.json", "timelinejs-json", "bad-syntax.json:2:32: not TimelineJS JSON: trailing comma"),
        ("bad-month.json", "timelinejs-json", "bad-month.json: events[0] (x): start_date: month 13 does not exist"),
        ("bad-dates.csv", "timelinejs-csv", "bad-dates.csv:2:1: Year: 2018-04-31 does not exist"),
        ("bad-dates.csv", "timelinejs-csv", "bad-dates.csv:3:1: Year `abc` is not a whole number"),
        (
            "not-timelinejs.csv",
            "timelinejs-csv",
            "not-timelinejs.csv:1:1: not a TimelineJS spreadsheet: no \"Year\" column",
        ),
        ("bad.tilse.txt", "tilse", "bad.tilse.txt:1:1: a summary line before any date"),
        ("hand.json", "tilse", "hand.json:1:1: a summary line before any date"),
    ] {
        dossier()
            .args(["timeline", "import", "--from", from])
            .arg(fixture(&format!("interchange/{file}")))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
    dossier()
        .args(["timeline", "import"])
        .arg(fixture("interchange/bad.tilse.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot tell its format; name it with --from"));
    dossier().args(["timeline", "import", "no-such-file.json"]).assert().code(2);
}

#[test]
fn a_failed_import_leaves_the_output_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("timeline.yaml");
    std::fs::write(&target, "old").unwrap();
    dossier()
        .args(["timeline", "import", "--from", "timelinejs-json"])
        .arg(fixture("interchange/bad-month.json"))
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2);
    assert_eq!(read(&target), "old");
}

#[test]
fn warnings_are_sanitized_for_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("escape.json");
    std::fs::write(
        &file,
        r#"{"events": [{"start_date": {"year": 2018}, "text": {"headline": "x"}}],
            "eras": [{"start_date": {"year": 2018}, "text": {"headline": "\u001b[31mred"}}]}"#,
    )
    .unwrap();
    dossier()
        .args(["timeline", "import"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("\\u{1b}[31mred").and(predicate::str::contains("\u{1b}").not()));
}

#[test]
fn imported_yaml_shows_bidirectional_controls_as_escapes_and_keeps_them() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("bidi.json");
    let slide =
        r#"{"start_date": {"year": "2018"}, "text": {"headline": "Talks &#x202E;reversed", "text": "a\u2066b"}}"#;
    std::fs::write(&file, format!("{{\"events\": [{slide}]}}")).unwrap();
    let (yaml, _) = import(&file, "timelinejs-json");
    assert!(!yaml.contains(['\u{202e}', '\u{2066}']), "{yaml}");
    assert!(yaml.contains("title: \"Talks \\u202ereversed\""), "{yaml}");
    let timeline = folder.path().join("imported.yaml");
    std::fs::write(&timeline, &yaml).unwrap();
    let output = dossier().args(["--timeline"]).arg(&timeline).args(["timeline", "show", "--format", "json"]).output();
    let shown: Value = serde_json::from_slice(&output.unwrap().stdout).unwrap();
    assert_eq!(shown["events"][0]["title"], "Talks \u{202e}reversed", "it reads back to the same text");
}
