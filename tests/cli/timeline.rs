//! `dossier timeline show` and `dossier timeline check` as a user runs them.

use crate::common::{dossier, fixture, project_root, run, stderr, stdout};

/// Runs `timeline check` on a broken fixture: exit 2, every problem on stderr, nothing on stdout.
fn check_fails(name: &str, problems: &[&str]) {
    let relative = format!("tests/fixtures/timelines/{name}");
    let output = run(&["timeline", "check", &relative]);
    assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
    assert_eq!(stdout(&output), "", "{name}");
    let expected: Vec<String> = problems.iter().map(|problem| format!("{relative}:{problem}")).collect();
    assert_eq!(stderr(&output), format!("dossier: {}\n", expected.join("\n")), "{name}");
}

#[test]
fn check_accepts_the_sample_timeline() {
    for args in [&["timeline", "check", "timeline.yaml"][..], &["timeline", "check"]] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output), "ok: 12 events\n");
    }
}

#[test]
fn check_uses_the_global_timeline() {
    let output = run(&["--timeline", "tests/fixtures/timelines/bad-id.yaml", "timeline", "check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bad-id.yaml:2:9: invalid id"), "{}", stderr(&output));
}

#[test]
fn check_reports_a_syntax_error() {
    check_fails(
        "syntax-error.yaml",
        &["5:4: YAML syntax error: did not find expected '-' indicator, while parsing a block collection at line 3 \
           column 3"],
    );
}

#[test]
fn check_reports_an_unknown_key() {
    check_fails("unknown-key.yaml", &["6:5: unknown key `actor` in an event; did you mean `actors`?"]);
}

#[test]
fn check_reports_a_missing_key() {
    check_fails("missing-key.yaml", &["2:5: event is missing required key `title`"]);
}

#[test]
fn check_reports_a_wrong_type() {
    check_fails("wrong-type.yaml", &["5:11: `tags` must be a list such as [a, b], found a string"]);
}

#[test]
fn check_reports_a_duplicate_key() {
    check_fails("duplicate-key.yaml", &["5:5: duplicate key `date` (first at line 4)"]);
}

#[test]
fn check_reports_a_duplicate_id() {
    check_fails("duplicate-id.yaml", &["5:9: duplicate id `soviet-union-dissolved` (first used at line 2)"]);
}

#[test]
fn check_reports_an_impossible_date() {
    check_fails("impossible-date.yaml", &["4:11: invalid date `2018-02-30`: 2018-02-30 does not exist"]);
}

#[test]
fn check_reports_a_range_that_ends_before_it_starts() {
    check_fails(
        "reversed-range.yaml",
        &["4:11: invalid date `2009-04/2003-08`: the range ends (2003-08) before it starts (2009-04)"],
    );
}

#[test]
fn check_reports_a_bad_id() {
    check_fails("bad-id.yaml", &["2:9: invalid id `Six Party Talks`: use lowercase letters, digits and '-'"]);
}

#[test]
fn check_reports_an_empty_title() {
    check_fails("empty-title.yaml", &["3:12: empty title"]);
}

#[test]
fn check_reports_a_missing_article_relative_to_the_timeline() {
    check_fails(
        "missing-article.yaml",
        &["2:9: article file tests/fixtures/timelines/no-such-article.txt does not exist"],
    );
}

#[test]
fn check_reports_a_document_that_is_not_a_mapping() {
    check_fails("not-a-mapping.yaml", &["1:3: a timeline must be a mapping with an `events` list, found a list"]);
}

#[test]
fn check_refuses_an_alias_bomb() {
    check_fails(
        "alias-bomb.yaml",
        &["1:36: aliases expand to more than 5796 bytes of values, far more than the file holds (an alias bomb?)"],
    );
}

#[test]
fn check_refuses_nesting_ten_thousand_deep() {
    check_fails(
        "deep-nesting.yaml",
        &["1:136: lists and mappings nest too deeply (recursion limit exceeded: at most 128 levels)"],
    );
}

#[test]
fn check_refuses_very_deep_nesting_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("deep.yaml");
    std::fs::write(&path, format!("events: {}", "[".repeat(2_000_000))).unwrap();
    let started = std::time::Instant::now();
    let output = run(&["timeline", "check", path.to_str().unwrap()]);
    assert_eq!(
        stderr(&output),
        format!(
            "dossier: {}:1:136: lists and mappings nest too deeply (recursion limit exceeded: at most 128 levels)\n",
            path.display()
        )
    );
    // Whole, libyaml took 13 s for 80,000 levels and grows with their square.
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
}

#[test]
fn check_reads_a_bom_before_the_first_key() {
    let output = run(&["timeline", "check", "tests/fixtures/timelines/bom-before-key.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "ok: 1 event\n");
}

#[test]
fn check_refuses_years_not_written_in_decimal() {
    check_fails(
        "odd-numbers.yaml",
        &[
            "3:33: invalid date `0x7E2`: write the year in decimal digits, as in 2018",
            "4:37: invalid date `0o3742`: write the year in decimal digits, as in 2018",
            "5:35: invalid date `+2018`: write the year in decimal digits, as in 2018",
        ],
    );
    let output = run(&["--timeline", "tests/fixtures/timelines/odd-numbers.yaml", "timeline", "show"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_refuses_binary_values_and_merge_keys_by_name() {
    check_fails(
        "binary-tag.yaml",
        &["5:12: unsupported YAML tag `!!binary`: a timeline holds text, dates and lists; write the value itself"],
    );
    check_fails(
        "merge-key.yaml",
        &[
            "3:5: YAML merge keys (`<<`) are not supported: write the keys out in each mapping",
            "3:5: event is missing required key `title`",
            "3:5: event is missing required key `date`",
        ],
    );
}

#[test]
fn a_long_bad_date_is_quoted_in_short() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("long.yaml");
    let date = "9".repeat(1_000_000);
    std::fs::write(&path, format!("events:\n  - {{id: a, title: A, date: '{date}'}}\n")).unwrap();
    let output = run(&["timeline", "check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.len() < 500, "{} bytes of standard error", message.len());
    assert!(message.contains(&format!("invalid date `{}… (999940 more characters)`", &date[..60])), "{message}");
    // An argument is at most 128 KiB.
    let output = run(&["timeline", "show", "--from", &date[..100_000]]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).len() < 500, "{} bytes of standard error", stderr(&output).len());
}

#[test]
fn negative_years_are_taken_by_from_and_to_without_an_equals_sign() {
    let output = run(&["timeline", "show", "--format", "csv", "--to", "-0044"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1, "the header only: no event before 44 BCE");
    let output = run(&["timeline", "show", "--format", "csv", "--from", "-0044", "--to", "1991"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("Dissolution of the Soviet Union"));
}

#[test]
fn check_reports_every_problem_at_once() {
    check_fails(
        "many-problems.yaml",
        &[
            "1:1: unknown key `titel` in the timeline; did you mean `title`?",
            "3:9: article file tests/fixtures/timelines/missing.txt does not exist",
            "4:14: invalid date `2018-13`: month 13 does not exist (months are 01 to 12)",
            "6:9: invalid id `Soviet Union`: use lowercase letters, digits and '-'",
            "10:12: empty title",
            "11:11: invalid date `2018-04-05/2018-04-04`: the range ends (2018-04-04) before it starts (2018-04-05)",
            "12:13: `actors` must be a list such as [a, b], found a string",
            "13:9: duplicate id `wang-yi-visit` (first used at line 9)",
            "15:11: invalid date `2018-02-30`: 2018-02-30 does not exist",
            "16:23: `tags` must be text, found the number 3.5 (put it in quotes)",
            "17:5: duplicate key `tags` (first at line 16)",
            "18:5: event is missing required key `id`",
            "18:5: event is missing required key `date`",
        ],
    );
}

#[test]
fn check_names_a_missing_file_or_a_directory() {
    let output = run(&["timeline", "check", "tests/fixtures/timelines/no-such.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("dossier: tests/fixtures/timelines/no-such.yaml: "), "{}", stderr(&output));
    let output = run(&["timeline", "check", "tests/fixtures/timelines"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "dossier: tests/fixtures/timelines: is a directory, not a timeline file\n");
}

#[test]
fn show_prints_a_table_fitted_to_the_width() {
    let output = run(&["timeline", "show"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for line in text.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 100, "{line}");
    }
    assert!(!text.contains('\u{1b}'), "no colour with --color never");
    insta::assert_snapshot!("timeline_show_table", text);
}

#[test]
fn show_colours_the_table_only_when_asked() {
    // `common::dossier()` already says `--color never`, and clap takes a flag once.
    let mut command = assert_cmd::Command::cargo_bin("dossier").unwrap();
    command.env_remove("NO_COLOR").env_remove("DOSSIER_COLOR").current_dir(project_root());
    let output = command.args(["--color", "always", "--width", "100", "timeline", "show"]).output().unwrap();
    assert!(stdout(&output).contains("\u{1b}["), "{}", stderr(&output));
    let plain = stdout(&run(&["timeline", "show"]));
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn show_writes_markdown() {
    let output = run(&["timeline", "show", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("timeline_show_markdown", stdout(&output));
}

#[test]
fn show_writes_csv_that_reads_back() {
    let output = run(&["timeline", "show", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "title",
            "date",
            "start",
            "end",
            "precision",
            "approximate",
            "uncertain",
            "display",
            "aliases",
            "actors",
            "places",
            "tags",
            "sources",
            "notes"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.unwrap()).collect();
    assert_eq!(rows.len(), 12);
    assert_eq!(&rows[0][0], "soviet-union-dissolved");
    let visit = rows.iter().find(|row| &row[0] == "wang-yi-moscow-visit").expect("the Wang Yi visit");
    let date: Vec<&str> = visit.iter().skip(2).take(7).collect();
    assert_eq!(date, ["2018-04-04/2018-04-05", "2018-04-04", "2018-04-05", "day", "false", "false", "April 4-5, 2018"]);
    assert_eq!(&visit[10], "Wang Yi; Sergey Lavrov; Vladimir Putin");
    assert_eq!(
        &visit[13],
        "https://en.trend.az/world/russia/2879549.html; https://www.globaltimes.cn/content/1096317.shtml"
    );
}

#[test]
fn show_writes_json_that_follows_the_contract() {
    let output = run(&["timeline", "show", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.ends_with("}\n"));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["title"], "China and Russia, spring 2018");
    let events = report["events"].as_array().unwrap();
    assert_eq!(events.len(), 12);
    let keys: Vec<&str> = events[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = ["id", "title", "date", "display", "aliases", "actors", "places", "tags", "sources", "notes"];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        events[1]["date"],
        serde_json::json!({"text": "2003-08/2009-04", "start": "2003-08-01", "end": "2009-04-30",
                           "precision": "month", "approximate": false, "uncertain": false})
    );
    assert_eq!(events[0]["id"], "soviet-union-dissolved");
    assert_eq!(events[0]["aliases"], serde_json::json!(["former Soviet Union was dissolved"]));
    assert_eq!(events[4]["aliases"], serde_json::json!([]), "the article does not name the Skripal attack");
}

#[test]
fn show_filters_by_date_tag_and_actor() {
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["timeline", "show", "--format", "json"];
        all.extend_from_slice(args);
        let output = run(&all);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        report["events"].as_array().unwrap().iter().map(|event| event["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&["--from", "2018-04"]), ["china-counter-tariffs", "wang-yi-moscow-visit", "inter-korean-summit"]);
    assert_eq!(ids(&["--to", "2005"]), ["soviet-union-dissolved", "six-party-talks"]);
    assert_eq!(ids(&["--from", "2009-04-30", "--to", "2013"]), ["six-party-talks", "belt-and-road-proposed"]);
    assert_eq!(
        ids(&["--tag", "korea", "--tag", "economy"]),
        ["six-party-talks", "belt-and-road-proposed", "eurasian-economic-union", "inter-korean-summit"]
    );
    assert_eq!(
        ids(&["--actor", "donald trump", "--from", "2018-03-20"]),
        ["us-section-301-action", "allies-expel-russian-diplomats"]
    );
    assert_eq!(ids(&["--tag", "nothing-has-this"]), Vec::<String>::new());
}

#[test]
fn show_refuses_a_bad_date_flag_naming_it() {
    let output = run(&["timeline", "show", "--from", "2018-02-30"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "dossier: --from 2018-02-30: 2018-02-30 does not exist\n");
    let output = run(&["timeline", "show", "--to", "April"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("dossier: --to April: "), "{}", stderr(&output));
    let output = run(&["timeline", "show", "--from", "2018", "--to", "2017"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "dossier: --to is earlier than --from: no event could match\n");
}

#[test]
fn show_reports_an_invalid_timeline() {
    let output = run(&["--timeline", "tests/fixtures/timelines/empty-title.yaml", "timeline", "show"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "dossier: tests/fixtures/timelines/empty-title.yaml:3:12: empty title\n");
    let output = run(&["--no-timeline", "timeline", "show"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn show_writes_a_file_atomically() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("timeline.md");
    let output = run(&["timeline", "show", "--format", "markdown", "-o", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let written = std::fs::read_to_string(&target).unwrap();
    let printed = stdout(&run(&["timeline", "show", "--format", "markdown"]));
    assert_eq!(written, printed);
    let leftovers = std::fs::read_dir(folder.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn show_keeps_the_article_relative_to_the_timeline_not_the_working_directory() {
    let output = dossier()
        .current_dir(fixture("timelines"))
        .args(["--timeline", project_root().join("timeline.yaml").to_str().unwrap(), "timeline", "check"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
