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
    assert_eq!(by_id("founding-of-rome")["start_date"], serde_json::json!({"year": -753}));
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
    assert_eq!((&rows[0][9], &rows[0][15]), ("Mixed dates & &lt;odd&gt; text", "title"));
    assert_eq!((&rows[1][0], &rows[1][1], &rows[1][8]), ("-753", "", "753 BCE?"));
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
        "    title: \"The Ides of March\"\n    date: \"-0043-03-15\"",
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
            "not-timelinejs.csv:1:1: not a TimelineJS spreadsheet: no \"Year\" (or \"Start Date\") column",
        ),
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

// ---------------------------------------------------------------- spreadsheets

const V1: &str = "samples/china-russia-2018.txt";
const V2: &str = "samples/china-russia-2018-v2.txt";
const V3: &str = "samples/china-russia-2018-v3.txt";

/// Every CSV dossier writes: each command line, and the table it should hold.
fn csv_commands() -> Vec<Vec<&'static str>> {
    let mut commands: Vec<Vec<&str>> = vec![
        vec!["timeline", "show", "--format", "csv"],
        vec!["--timeline", MIXED, "timeline", "show", "--format", "csv"],
        vec!["align", "--format", "csv"],
        vec!["timeline", "export", "--format", "timelinejs-csv"],
        vec!["--timeline", MIXED, "timeline", "export", "--format", "timelinejs-csv"],
        vec!["history", "--format", "csv", V1, V2, V3],
        vec!["--no-timeline", "history", "--format", "csv", V1, V2],
        vec!["brief", "--format", "csv", V1, V2, V3],
        vec!["brief", "--format", "csv", V1],
    ];
    for table in ["versions", "passages", "events", "steps"] {
        commands.push(vec!["history", "--format", "csv", "--table", table, V1, V2, V3]);
    }
    for table in ["events", "changes", "status"] {
        commands.push(vec!["brief", "--format", "csv", "--table", table, V1, V2, V3]);
        commands.push(vec!["brief", "--format", "csv", "--table", table, V1]);
    }
    commands
}

fn csv_output(args: &[&str]) -> String {
    let output = dossier().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The header of a CSV that holds exactly one table: every row has the header's field count.
fn one_table_header(args: &[&str], text: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert!(header.len() > 1 && header.iter().all(|name| !name.is_empty()), "{args:?}: header {header:?}");
    for record in reader.records() {
        let record = record.unwrap_or_else(|err| panic!("{args:?}: {err}"));
        assert_eq!(record.len(), header.len(), "{args:?}: {record:?}");
    }
    header
}

#[test]
fn every_csv_output_is_one_table_under_its_header() {
    for args in csv_commands() {
        one_table_header(&args, &csv_output(&args));
    }
    // The tables are the ones asked for.
    let first_line = |args: &[&str]| csv_output(args).lines().next().unwrap_or_default().to_string();
    assert_eq!(first_line(&["history", "--format", "csv", V1, V2]), "#,V1,V2", "passages by default");
    assert_eq!(first_line(&["history", "--format", "csv", "--table", "steps", V1, V2]), "Step,V1 → V2");
    assert_eq!(first_line(&["brief", "--format", "csv", V1, V2]), "Date,Event,Where,Quote,Date check,Sources");
    assert_eq!(first_line(&["brief", "--format", "csv", "--table", "status", V1, V2]), "Event,V1,V2");
    let changes = csv_output(&["brief", "--format", "csv", "--table", "changes", V1, V2, V3]);
    assert!(changes.contains("[-4-5-]{+5+}"), "{changes}");
}

#[test]
fn history_table_is_for_csv_and_events_need_a_timeline() {
    dossier()
        .args(["history", "--table", "steps", V1, V2])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--table picks the one table of a CSV history"));
    dossier()
        .args(["--no-timeline", "history", "--format", "csv", "--table", "events", V1, V2])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no timeline"));
    dossier().args(["history", "--format", "csv", "--table", "all", V1, V2]).assert().code(2);
}

/// pandas, when this machine has it (`python3 -c 'import pandas'`); the tests skip otherwise.
fn pandas() -> bool {
    let found = std::process::Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        eprintln!("note: python3 with pandas is not installed; skipping the pandas check");
    }
    found
}

#[test]
fn every_csv_output_loads_in_pandas_with_its_header() {
    if !pandas() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for (index, args) in csv_commands().into_iter().enumerate() {
        let text = csv_output(&args);
        let path = dir.path().join(format!("{index}.csv"));
        std::fs::write(&path, &text).unwrap();
        expected.push((
            args.join(" "),
            path,
            one_table_header(&args, &text),
            csv::Reader::from_reader(text.as_bytes()).records().count(),
        ));
    }
    // Each file as pandas reads it: its columns and its number of rows, one JSON line.
    let script = "import json, sys, pandas\n\
                  for path in sys.argv[1:]:\n    \
                  frame = pandas.read_csv(path, dtype=str, keep_default_na=False, encoding='utf-8-sig')\n    \
                  print(json.dumps([list(frame.columns), len(frame)]))";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .args(expected.iter().map(|(_, path, _, _)| path))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = String::from_utf8(output.stdout).unwrap();
    assert_eq!(lines.lines().count(), expected.len(), "{lines}");
    for (line, (command, _, header, rows)) in lines.lines().zip(&expected) {
        let (columns, count): (Vec<String>, usize) = serde_json::from_str(line).unwrap();
        assert_eq!((&columns, count), (header, *rows), "{command}");
    }
}

#[test]
fn bom_starts_every_csv_and_nothing_else() {
    for args in [
        vec!["--bom", "timeline", "show", "--format", "csv"],
        vec!["timeline", "export", "--format", "timelinejs-csv", "--bom"],
        vec!["--bom", "history", "--format", "csv", V1, V2],
        vec!["--bom", "brief", "--format", "csv", V1, V2],
        vec!["--bom", "align", "--format", "csv"],
    ] {
        let text = csv_output(&args);
        let rest = text.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("{args:?}: no BOM"));
        assert!(!rest.starts_with('\u{feff}'), "{args:?}: one BOM");
        one_table_header(&args, rest);
    }
    let json = csv_output(&["--bom", "timeline", "show", "--format", "json"]);
    assert!(json.starts_with('{'), "--bom is for CSV only");
    let with_env =
        dossier().env("DOSSIER_CSV_BOM", "1").args(["timeline", "show", "--format", "csv"]).output().unwrap();
    assert!(with_env.stdout.starts_with("\u{feff}".as_bytes()), "DOSSIER_CSV_BOM=1");
    // An export with a BOM imports back.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.csv");
    std::fs::write(&file, csv_output(&["--bom", "timeline", "export", "--format", "timelinejs-csv"])).unwrap();
    dossier().args(["timeline", "import"]).arg(&file).assert().success();
}

#[test]
fn the_formula_guard_shows_only_where_a_spreadsheet_would_run_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let timeline = dir.path().join("timeline.yaml");
    std::fs::write(
        &timeline,
        "events:\n  - id: cold\n    title: \"-5 degrees in Moscow\"\n    date: 2018-01-05\n    notes: \"-\"\n\
         \x20 - id: formula\n    title: \"-2+3+cmd|' /C calc'!A0\"\n    date: 2018-01-06\n    notes: \"=1+1\"\n",
    )
    .unwrap();
    let path = timeline.to_str().unwrap();
    let text = csv_output(&["--timeline", path, "timeline", "show", "--format", "csv"]);
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect();
    // Title and notes columns.
    assert_eq!((&rows[0][1], &rows[0][14]), ("-5 degrees in Moscow", "-"));
    assert_eq!((&rows[1][1], &rows[1][14]), ("'-2+3+cmd|' /C calc'!A0", "'=1+1"));
    let text = csv_output(&["--timeline", path, "timeline", "export", "--format", "timelinejs-csv"]);
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][9], "-5 degrees in Moscow");
    assert_eq!(&rows[1][9], "'-2+3+cmd|' /C calc'!A0");
}

#[test]
fn timelinejs_csv_cells_are_plain_text_and_entities_decode_on_import() {
    let (stdout, _) = export("timeline.yaml", "timelinejs-csv");
    assert!(stdout.contains("North Korea's"), "{stdout}");
    assert!(!stdout.contains("&#39;") && !stdout.contains("&quot;"), "{stdout}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("entities.json");
    std::fs::write(
        &file,
        r#"{"events": [{"start_date": {"year": 2018}, "text": {"headline": "Talks in Gen&egrave;ve &amp; Z&uuml;rich", "text": "North Korea&#39;s &hellip;"}}]}"#,
    )
    .unwrap();
    let (yaml, _) = import(&file, "timelinejs-json");
    assert!(yaml.contains("title: \"Talks in Genève & Zürich\""), "{yaml}");
    assert!(yaml.contains("notes: \"North Korea's …\""), "{yaml}");
}

// ---------------------------------------------------------------- BCE years

const BCE: &str = "tests/fixtures/interchange/bce.yaml";

#[test]
fn bce_years_are_historical_in_timelinejs_both_ways() {
    // dossier's -0043-03-15 is 15 March 44 BCE; TimelineJS shows `year: -44` as 44 BCE.
    let (json, _) = export(BCE, "timelinejs-json");
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["events"][0]["start_date"], serde_json::json!({"year": -44, "month": 3, "day": 15}));
    let (csv_text, _) = export(BCE, "timelinejs-csv");
    let row = csv_text.lines().nth(1).unwrap();
    assert!(row.starts_with("-44,3,15,"), "{row}");
    let dir = tempfile::tempdir().unwrap();
    for (name, text, format) in
        [("bce.json", json.to_string(), "timelinejs-json"), ("bce.csv", csv_text, "timelinejs-csv")]
    {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let (yaml, _) = import(&file, format);
        assert!(yaml.contains("    date: \"-0043-03-15\""), "{format}: {yaml}");
    }
    // A year-only BCE date: its label and its number say the same year.
    let (json, _) = export(MIXED, "timelinejs-json");
    let json: Value = serde_json::from_str(&json).unwrap();
    let rome =
        json["events"].as_array().unwrap().iter().find(|event| event["unique_id"] == "founding-of-rome").unwrap();
    assert_eq!(
        (&rome["start_date"]["year"], &rome["display_date"]),
        (&serde_json::json!(-753), &serde_json::json!("753 BCE?"))
    );
}

/// Runs tilse's ROUGE (the Python reimplementation, no Perl needed) on a tilse file against
/// itself: the days it read and the scores, as JSON; `None` when python3 or tilse is missing.
fn tilse_rouge(file: &Path) -> Option<Value> {
    let script = "import json, sys\n\
                  from tilse.data.timelines import GroundTruth, Timeline\n\
                  from tilse.evaluation.rouge import TimelineRougeEvaluator\n\
                  with open(sys.argv[1]) as handle:\n    timeline = Timeline.from_file(handle)\n\
                  evaluator = TimelineRougeEvaluator(measures={'rouge_1'}, rouge_computation='reimpl')\n\
                  scores = evaluator.evaluate_all(timeline, GroundTruth([timeline]))\n\
                  print(json.dumps({'dates': sorted(str(day) for day in timeline.get_dates()), 'scores': scores}))";
    let found = std::process::Command::new("python3").args(["-c", "import tilse.evaluation.rouge"]).output();
    if !found.is_ok_and(|output| output.status.success()) {
        eprintln!("note: python3 with tilse (pip install tilse) is not installed; skipping tilse's ROUGE");
        return None;
    }
    let output = std::process::Command::new("python3").args(["-c", script]).arg(file).output().unwrap();
    assert!(output.status.success(), "tilse's ROUGE failed: {}", String::from_utf8_lossy(&output.stderr));
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn a_bce_event_is_left_out_of_tilse_with_a_warning_and_rouge_runs() {
    let (text, stderr) = export(BCE, "tilse");
    let dashes = "-".repeat(32);
    assert_eq!(
        text,
        format!("1991-12-26\nThe Soviet Union is dissolved\n{dashes}\n2018-04-05\nWang Yi visits Moscow\n{dashes}\n")
    );
    assert!(
        stderr.contains(
            "events outside the years 1 to 9999, which tilse cannot read (left out) not kept (ides-of-march)"
        ),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bce.tilse.txt");
    std::fs::write(&file, &text).unwrap();
    let Some(rouge) = tilse_rouge(&file) else { return };
    assert_eq!(rouge["dates"], serde_json::json!(["1991-12-26", "2018-04-05"]));
    for variant in ["concat", "agreement", "align_date_costs", "align_date_content_costs"] {
        assert_eq!(rouge["scores"][variant]["rouge_1"]["f_score"], 1.0, "{variant}: {rouge}");
    }
}

// ---------------------------------------------------------------- partial imports

#[test]
fn importing_timelinejs_cosmo_example_keeps_its_valid_events() {
    let cosmo = fixture("interchange/timelinejs3/cosmo.json");
    let output = dossier().args(["timeline", "import"]).arg(&cosmo).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "written, with events left out");
    let yaml = String::from_utf8(output.stdout).unwrap();
    assert!(yaml.contains("  - id: \"oldest-known-depiction-of-a-wheeled-vehicle\"\n"), "{yaml}");
    assert!(yaml.contains("    date: \"-3499\"\n"), "3500 BCE: {yaml}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let skipped: Vec<&str> = stderr.lines().filter(|line| line.contains("left out (--strict")).collect();
    assert_eq!(skipped.len(), 6, "{stderr}");
    assert!(
        skipped[0].contains("cosmo.json: events[0] (the-big-bang): start_date.year -13800000000 is out of range"),
        "{stderr}"
    );
    assert!(skipped[4].contains("events[4] (paleozoic-era)"), "{stderr}");
    // The written timeline is one `timeline check` accepts.
    let dir = tempfile::tempdir().unwrap();
    let imported = dir.path().join("cosmo.yaml");
    dossier().args(["timeline", "import"]).arg(&cosmo).arg("-o").arg(&imported).assert().code(1);
    dossier().args(["timeline", "check"]).arg(&imported).assert().success().stdout("ok: 1 event\n");
}

#[test]
fn strict_refuses_a_file_with_an_event_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("timeline.yaml");
    std::fs::write(&target, "old").unwrap();
    dossier()
        .args(["timeline", "import", "--strict"])
        .arg(fixture("interchange/timelinejs3/cosmo.json"))
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("events[0] (the-big-bang)").and(predicate::str::contains("left out").not()));
    assert_eq!(read(&target), "old");
}

#[test]
fn a_bad_row_or_line_is_left_out_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        format!("{HEADER}\n2018,4,5,,,,,,,Wang Yi visits Moscow,,,,,,,,\n2018,13,1,,,,,,,Month 13,,,,,,,,\n"),
    )
    .unwrap();
    let output = dossier().args(["timeline", "import"]).arg(&sheet).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("title: \"Wang Yi visits Moscow\""));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("sheet.csv:3:1: Year: month 13 does not exist"), "{stderr}");
    let output = dossier()
        .args(["timeline", "import"])
        .arg(fixture("interchange/bad.tilse.txt"))
        .arg("--from")
        .arg("tilse")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.tilse.txt:1:1: a summary line before any date"));
}

#[test]
fn older_timelinejs_sheets_with_start_date_end_date_and_alt_text_import() {
    let sheet = fixture("interchange/v1-sheet.csv");
    let output = dossier().args(["timeline", "import"]).arg(&sheet).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "one row has a month 13");
    let yaml = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "  - id: \"dissolution-of-the-soviet-union\"\n    title: \"Dissolution of the Soviet Union\"\n    date: \"1991-12-26\"\n    tags:\n      - \"russia\"",
        "    date: \"2003-08-27/2009-04\"\n    tags:\n      - \"korea\"\n    notes: \"North Korea's programme; talks in Genève\"",
        "    title: \"Wang Yi visits Moscow\"\n    date: \"2018-04-05\"",
        "    title: \"Panmunjom summit\"\n    date: \"2018-04-27\"",
        "    title: \"A year BCE\"\n    date: \"-0043\"",
    ] {
        assert!(yaml.contains(expected), "{expected}\n---\n{yaml}");
    }
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("media and backgrounds not kept (row 3)"), "Alt Text is read as media: {stderr}");
    assert!(stderr.contains("times of day not kept (row 5)"), "{stderr}");
    assert!(stderr.contains("v1-sheet.csv:7:1: Start Date `2018-13-01`: month 13 does not exist"), "{stderr}");
    assert!(!stderr.contains("unknown columns"), "{stderr}");
    // Guessed from its first line too.
    let dir = tempfile::tempdir().unwrap();
    let unnamed = dir.path().join("sheet");
    std::fs::copy(&sheet, &unnamed).unwrap();
    dossier().args(["timeline", "import"]).arg(&unnamed).assert().code(1);
}
