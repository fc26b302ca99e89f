//! `dossier diff --batch DIR`: an archive of article folders, one JSON line per step.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{dossier, fixture};

const ARCHIVE: &str = "tests/fixtures/batch/archive";

fn run(args: &[&str], code: i32) -> (Vec<Value>, String) {
    let assert = dossier().args(args).assert().code(code);
    let output = assert.get_output();
    let stdout = String::from_utf8(output.stdout.clone()).expect("utf-8 output");
    let lines = stdout.lines().map(|line| serde_json::from_str(line).expect("each line is JSON")).collect();
    (lines, String::from_utf8(output.stderr.clone()).expect("utf-8 errors"))
}

fn field<'a>(line: &'a Value, key: &str) -> &'a str {
    line[key].as_str().unwrap_or_else(|| panic!("no {key} in {line}"))
}

/// (article, old, new) of each line.
fn steps(lines: &[Value]) -> Vec<(String, String, String)> {
    lines
        .iter()
        .map(|line| {
            (field(line, "article").into(), field(&line["old"], "path").into(), field(&line["new"], "path").into())
        })
        .collect()
}

fn expected_steps() -> Vec<(String, String, String)> {
    [
        ("china-russia", "china-russia/1.txt", "china-russia/2.txt"),
        ("china-russia", "china-russia/2.txt", "china-russia/3.txt"),
        ("notes", "notes/2019-05-01.txt", "notes/2019-05-02.txt"),
        ("wire", "wire/1.txt", "wire/2.txt"),
        ("wire", "wire/2.txt", "wire/3.txt"),
    ]
    .into_iter()
    .map(|(article, old, new)| (article.into(), format!("{ARCHIVE}/{old}"), format!("{ARCHIVE}/{new}")))
    .collect()
}

#[test]
fn one_line_per_step_in_archive_order_and_a_bad_file_on_its_lines() {
    let (lines, stderr) = run(&["--no-timeline", "diff", "--batch", ARCHIVE], 2);
    assert_eq!(steps(&lines), expected_steps());
    assert_eq!(lines[0]["identical"], false);
    assert!(lines[0]["stats"]["words_deleted"].as_u64().is_some_and(|words| words > 0), "{}", lines[0]);
    assert_eq!(lines[0]["bounded"], false);
    assert_eq!(lines[0]["factual_edit_count"], 1, "{}", lines[0]);
    assert_eq!(lines[2]["identical"], true, "a re-wrapped paragraph is no change: {}", lines[2]);
    assert_eq!(lines[2]["stats"]["similarity"], 1.0);
    for line in &lines[..3] {
        assert!(line.get("events").is_none(), "no timeline, no events: {line}");
        assert!(line.get("error").is_none(), "{line}");
    }
    // wire/2.txt is not UTF-8: both steps that read it fail, naming it, and nothing else.
    for line in &lines[3..] {
        let mut keys: Vec<&str> = line.as_object().expect("an object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["article", "error", "new", "old", "schema_version"], "{line}");
        let error = field(line, "error");
        assert!(error.contains("wire/2.txt") && error.contains("not valid UTF-8"), "{error}");
    }
    assert_eq!(stderr, "", "no progress bar when standard error is not a terminal");
}

#[test]
fn with_a_timeline_each_step_says_what_it_did_to_every_event() {
    let timeline = fixture("../../timeline.yaml");
    let timeline = timeline.to_str().expect("utf-8 path");
    let (lines, _) = run(&["--timeline", timeline, "diff", "--batch", ARCHIVE, "--format", "json"], 2);
    assert_eq!(steps(&lines), expected_steps());
    let events = lines[0]["events"].as_array().expect("events on a compared step");
    let status =
        |id: &str| events.iter().find(|event| event["id"] == id).map(|event| field(event, "status").to_string());
    assert_eq!(status("soviet-union-dissolved").as_deref(), Some("date_changed"), "{}", lines[0]);
    assert_eq!(status("skripal-poisoning").as_deref(), Some("not_mentioned"));
    assert!(lines[2]["events"].as_array().is_some_and(|events| !events.is_empty()));
    assert!(lines[3].get("events").is_none(), "a failed step has only its error: {}", lines[3]);
}

/// A copy of some of the archive's article folders.
fn archive_of(articles: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for article in articles {
        let from = fixture("batch/archive").join(article);
        let to = dir.path().join(article);
        std::fs::create_dir(&to).expect("an article folder");
        for entry in std::fs::read_dir(&from).expect("the fixture folder") {
            let entry = entry.expect("an entry");
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy a version");
        }
    }
    dir
}

fn path_of(dir: &Path) -> &str {
    dir.to_str().expect("utf-8 temp path")
}

#[test]
fn exit_0_when_every_step_is_identical_and_1_when_some_differ() {
    let identical = archive_of(&["notes"]);
    let (lines, _) = run(&["--no-timeline", "diff", "--batch", path_of(identical.path())], 0);
    assert_eq!(lines.len(), 1);
    let different = archive_of(&["notes", "china-russia"]);
    let (lines, _) = run(&["--no-timeline", "diff", "--batch", path_of(different.path())], 1);
    assert_eq!(lines.len(), 3);
    assert_eq!(field(&lines[0], "article"), "china-russia");
    let empty = tempfile::tempdir().expect("a temp dir");
    let (lines, _) = run(&["--no-timeline", "diff", "--batch", path_of(empty.path())], 0);
    assert!(lines.is_empty());
}

#[test]
fn comparison_options_apply_to_every_step() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir(dir.path().join("a")).expect("an article folder");
    std::fs::write(dir.path().join("a/1.txt"), "The Talks Ended.\n").expect("a version");
    std::fs::write(dir.path().join("a/2.txt"), "the talks ended.\n").expect("a version");
    run(&["--no-timeline", "diff", "--batch", path_of(dir.path())], 1);
    let (lines, _) = run(&["--no-timeline", "diff", "--batch", path_of(dir.path()), "--ignore-case"], 0);
    assert_eq!(lines[0]["identical"], true);
}

#[test]
fn an_oversized_version_fails_its_steps_only() {
    let archive = archive_of(&["notes", "china-russia"]);
    let (lines, _) =
        run(&["--no-timeline", "--max-input-bytes", "1000", "diff", "--batch", path_of(archive.path())], 2);
    assert_eq!(lines.len(), 3);
    assert!(lines[..2].iter().all(|line| line.get("error").is_some()), "{lines:?}");
    assert_eq!(lines[2]["identical"], true, "{}", lines[2]);
}

#[test]
fn a_missing_archive_exits_2_naming_it() {
    dossier()
        .args(["--no-timeline", "diff", "--batch", "tests/fixtures/batch/no-such-archive"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no-such-archive"));
}

#[test]
fn usage_errors_say_what_goes_with_batch() {
    let cases: [(&[&str], &str); 5] = [
        (&["diff", "--batch", ARCHIVE, "a.txt"], "takes no OLD or NEW"),
        (&["diff"], "needs OLD and NEW, or --batch DIR"),
        (&["diff", "samples/china-russia-2018.txt"], "needs OLD and NEW, or --batch DIR"),
        (&["diff", "--batch", ARCHIVE, "--format", "markdown"], "only --format json"),
        (&["diff", "--batch", ARCHIVE, "--stat"], "cannot be used with"),
    ];
    for (args, message) in cases {
        dossier().arg("--no-timeline").args(args).assert().code(2).stdout("").stderr(predicate::str::contains(message));
    }
}

/// The fields a line shares with `diff --format json` of the same two versions mean the same,
/// with the same types and values.
#[test]
fn a_batch_line_agrees_with_diff_json_on_every_shared_field() {
    let (lines, _) = run(&["--no-timeline", "diff", "--batch", ARCHIVE], 2);
    let line = &lines[0];
    let old = field(&line["old"], "path");
    let new = field(&line["new"], "path");
    let output = dossier().args(["--no-timeline", "diff", "--format", "json", old, new]).output().expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for key in ["schema_version", "old", "new", "identical", "stats", "bounded"] {
        assert_eq!(line[key], report[key], "{key}");
    }
    let factual = report["factual_edits"].as_array().expect("a list").len();
    assert_eq!(line["factual_edit_count"], factual);
    let line_keys: Vec<&String> = line.as_object().expect("an object").keys().collect();
    for key in line_keys {
        assert!(
            ["article", "factual_edit_count", "events"].contains(&key.as_str()) || report.get(key).is_some(),
            "{key} is a batch field diff --format json does not have; name it apart"
        );
    }
}

#[test]
fn versions_follow_natural_order_and_a_fifo_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir(dir.path().join("a")).expect("an article folder");
    for number in [1, 2, 10] {
        std::fs::write(dir.path().join(format!("a/{number}.txt")), format!("Version {number}.\n")).expect("a version");
    }
    let (lines, _) = run(&["--no-timeline", "diff", "--batch", path_of(dir.path())], 1);
    let names: Vec<(&str, &str)> = lines
        .iter()
        .map(|line| {
            (
                field(&line["old"], "path").rsplit('/').next().unwrap_or_default(),
                field(&line["new"], "path").rsplit('/').next().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(names, [("1.txt", "2.txt"), ("2.txt", "10.txt")]);
    #[cfg(unix)]
    {
        let fifo = dir.path().join("a/3.fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        let (lines, stderr) = run(&["--no-timeline", "diff", "--batch", path_of(dir.path())], 1);
        assert_eq!(lines.len(), 2, "the FIFO is no step: {lines:?}");
        assert!(stderr.contains("warning: ") && stderr.contains("3.fifo: skipped: a FIFO (named pipe)"), "{stderr}");
    }
}
