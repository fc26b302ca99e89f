//! `dossier diff` as a user runs it.

use std::path::PathBuf;

use predicates::prelude::*;

use crate::common::{dossier, fixture, read};

const SAMPLE: &str = "samples/china-russia-2018.txt";

/// The sample with three paragraphs edited, one inserted, one deleted and one moved.
const EDITED: &str = "tests/fixtures/diff-render/china-russia-2018-edited.txt";

fn stdout_of(args: &[&str], code: i32) -> String {
    let assert = dossier().arg("diff").args(args).assert().code(code);
    String::from_utf8(assert.get_output().stdout.clone()).expect("utf-8 output")
}

#[test]
fn identical_files_exit_0() {
    let text = stdout_of(&[SAMPLE, SAMPLE], 0);
    assert!(text.contains("no differences"), "{text}");
}

#[test]
fn a_rewrapped_copy_is_identical() {
    let rewrapped = fixture("diff-render/china-russia-2018-rewrapped.txt");
    let text = stdout_of(&[SAMPLE, rewrapped.to_str().expect("utf-8 path")], 0);
    assert!(text.contains("no differences"), "{text}");
}

#[test]
fn changed_files_exit_1_with_a_redline() {
    let text = stdout_of(&[SAMPLE, EDITED], 1);
    assert!(text.starts_with(&format!("{SAMPLE} -> {EDITED}\n")), "{text}");
    assert!(text.contains("inserted\n{+A paragraph added in revision"), "{text}");
    assert!(text.contains("deleted\n[-Another pressing issue"), "{text}");
    assert!(text.contains("Wang [-Yi’s-]{+Yi+} visited Moscow"), "{text}");
    assert!(text.contains("unchanged paragraph"), "{text}");
    assert!(!text.contains('\x1b'), "{text}");
}

#[test]
fn a_missing_file_exits_2_and_is_named() {
    dossier()
        .args(["diff", SAMPLE, "tests/fixtures/diff-render/no-such-file.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no-such-file.txt"));
}

#[test]
fn both_texts_on_standard_input_is_a_usage_error() {
    dossier().args(["diff", "-", "-"]).write_stdin("text").assert().code(2).stderr(predicate::str::contains("-"));
}

#[test]
fn either_text_may_come_from_standard_input() {
    dossier()
        .args(["diff", "-", EDITED])
        .write_stdin(read(&PathBuf::from(SAMPLE)))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("{+A paragraph added in revision"));
    dossier().args(["diff", SAMPLE, "-"]).write_stdin(read(&PathBuf::from(SAMPLE))).assert().code(0);
}

#[test]
fn bad_thresholds_and_flag_combinations_exit_2() {
    for args in [
        vec!["--pair-threshold", "1.5"],
        vec!["--move-threshold", "-1"],
        vec!["--replace-threshold", "x"],
        vec!["--side-by-side", "--format", "markdown"],
        vec!["--stat", "--format", "html"],
        vec!["--stat", "--side-by-side"],
    ] {
        dossier().arg("diff").args([SAMPLE, SAMPLE]).args(&args).assert().code(2);
    }
}

#[test]
fn output_file_is_written_whole_and_without_colour() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let target = folder.path().join("redline.txt");
    dossier().args(["--color", "always", "diff", SAMPLE, EDITED, "-o"]).arg(&target).assert().code(1).stdout("");
    let written = read(&target);
    assert!(written.contains("{+A paragraph added in revision"), "{written}");
    assert!(!written.contains('\x1b'), "{written}");
    let entries: Vec<_> = std::fs::read_dir(folder.path()).expect("readable").collect();
    assert_eq!(entries.len(), 1, "no temporary file is left behind");
}

#[test]
fn header_edits_are_differences_shown_word_by_word() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (old, new) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    let body = "\nThe body stays as it was.\n\nSo does this.\n";
    std::fs::write(&old, format!("Title: China and Russia coordinate\nDate: 2018-04-10\nAuthors: Wang Li\n{body}"))
        .expect("write old");
    // The new version keeps its header as front matter, its keys in lowercase.
    let front_matter =
        "---\ntitle: China and Russia cooperate\ndate: 2018-04-12\nauthors: Wang Li\nsource: Daily\n---\n";
    std::fs::write(&new, format!("{front_matter}{body}")).expect("write new");
    let (old, new) = (old.to_str().expect("utf-8 path"), new.to_str().expect("utf-8 path"));

    let text = stdout_of(&[old, new], 1);
    assert!(text.contains("\ntitle: China and Russia [-coordinate-]{+cooperate+}\n"), "{text}");
    assert!(text.contains("\ndate: [-2018-04-10-]{+2018-04-12+}\nsource: {+Daily+}\n"), "{text}");
    assert!(!text.contains("uthors"), "an unchanged field is not listed: {text}");

    let json: serde_json::Value = serde_json::from_str(&stdout_of(&["--format", "json", old, new], 1)).expect("JSON");
    assert_eq!(json["identical"], false);
    let changes = json["metadata_changes"].as_array().expect("a list");
    let keys: Vec<&str> = changes.iter().map(|change| change["key"].as_str().unwrap_or_default()).collect();
    assert_eq!(keys, ["title", "date", "source"]);
    assert_eq!(changes[2]["old"], serde_json::Value::Null);
    assert_eq!(changes[2]["new"], "Daily");
    // The changed date is a factual edit, placed in the header rather than in a block.
    let edits = json["factual_edits"].as_array().expect("a list");
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!((&edits[0]["header"], &edits[0]["block"]), (&serde_json::json!("date"), &serde_json::Value::Null));
    assert_eq!(edits[0]["new_figures"], serde_json::json!(["2018-04-12"]));

    let markdown = stdout_of(&["--format", "markdown", old, new], 1);
    assert!(markdown.contains("\n- date: ~~2018-04-10~~**2018-04-12**\n"), "{markdown}");
    assert!(!markdown.contains("Change table"), "no paragraph changed: {markdown}");
    let stat = stdout_of(&["--stat", old, new], 1);
    assert!(stat.contains("header fields changed: title, date, source\n"), "{stat}");
}

#[test]
fn a_header_field_differing_only_in_what_is_ignored_is_no_change() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (old, new) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    std::fs::write(&old, "Title: China and Russia\n\nBody.\n").expect("write old");
    std::fs::write(&new, "TITLE: CHINA AND RUSSIA\n\nBody.\n").expect("write new");
    let (old, new) = (old.to_str().expect("utf-8 path"), new.to_str().expect("utf-8 path"));
    assert!(stdout_of(&[old, new], 1).contains("TITLE: [-China and Russia-]{+CHINA AND RUSSIA+}"));
    assert!(stdout_of(&["--ignore-case", old, new], 0).contains("no differences"));
}

#[test]
fn colour_paints_the_terminal_redline() {
    let assert = dossier().args(["--color", "always", "diff", SAMPLE, EDITED]).assert().code(1);
    let text = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(text.contains("\x1b[32m") && text.contains("\x1b[9m\x1b[31m"), "{text:?}");
    assert!(!text.contains("{+"), "{text}");
}

#[test]
fn every_format_runs_on_the_sample() {
    for format in ["terminal", "unified", "markdown", "html", "json", "table"] {
        let text = stdout_of(&[SAMPLE, EDITED, "--format", format], 1);
        assert!(!text.is_empty() && text.ends_with('\n'), "{format}: {text}");
        assert!(!text.contains('\x1b'), "{format}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&[SAMPLE, EDITED, "--format", "json"], 1)).expect("valid JSON");
    assert_eq!(json["identical"], false);
    assert!(json["blocks"].as_array().is_some_and(|blocks| !blocks.is_empty()));
    let html = stdout_of(&[SAMPLE, EDITED, "--format", "html"], 1);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<ins>") && html.contains("<del>"));
    let markdown = stdout_of(&[SAMPLE, EDITED, "--format", "markdown"], 1);
    assert!(markdown.contains("## Change table") && markdown.contains("**A paragraph added in revision"));
    let unified = stdout_of(&[SAMPLE, EDITED, "--format", "unified"], 1);
    assert!(unified.contains("\n+A paragraph added in revision") && unified.contains("\n-Another pressing issue"));
    let table = stdout_of(&[SAMPLE, EDITED, "--format", "table"], 1);
    assert!(table.contains("insert") && table.contains("delete"), "{table}");
}

#[test]
fn stat_side_by_side_and_context() {
    let stat = stdout_of(&[SAMPLE, EDITED, "--stat"], 1);
    assert!(stat.contains("% common") && stat.contains("similarity: "), "{stat}");
    let stat_json: serde_json::Value =
        serde_json::from_str(&stdout_of(&[SAMPLE, EDITED, "--stat", "--format", "json"], 1)).expect("valid JSON");
    assert!(stat_json["stats"]["words_common"].as_u64().is_some_and(|words| words > 0));
    let columns = stdout_of(&[SAMPLE, EDITED, "--side-by-side"], 1);
    assert!(columns.lines().any(|line| line.contains(" │ ")), "{columns}");
    assert!(columns.lines().all(|line| unicode_width::UnicodeWidthStr::width(line) <= 100), "{columns}");
    let folded = stdout_of(&[SAMPLE, EDITED], 1);
    let with_context = stdout_of(&[SAMPLE, EDITED, "--context", "1"], 1);
    assert!(with_context.len() > folded.len());
    assert!(with_context.contains("unchanged\n"), "{with_context}");
}

#[test]
fn snapshots_of_the_sample_pair() {
    insta::assert_snapshot!("diff_terminal", stdout_of(&[SAMPLE, EDITED], 1));
    insta::assert_snapshot!("diff_stat", stdout_of(&[SAMPLE, EDITED, "--stat"], 1));
    insta::assert_snapshot!("diff_table", stdout_of(&[SAMPLE, EDITED, "--format", "table"], 1));
}

#[test]
fn with_a_timeline_the_diff_says_what_happened_to_each_event() {
    let v2 = "samples/china-russia-2018-v2.txt";
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&[SAMPLE, v2, "--format", "json"], 1)).unwrap();
    let events = json["events"].as_array().expect("an events array when timeline.yaml is in use");
    let soviet = events.iter().find(|event| event["id"] == "soviet-union-dissolved").expect("the dissolution");
    assert_eq!(soviet["status"], "date_changed");
    let factual = json["factual_edits"].as_array().expect("factual edits");
    assert!(
        factual.iter().any(|edit| edit["deleted"].as_str().is_some_and(|text| text.contains("1992"))),
        "{factual:?}"
    );

    let without: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--no-timeline", SAMPLE, v2, "--format", "json"], 1)).unwrap();
    assert!(without.get("events").is_none());
    assert_eq!(without["factual_edits"], json["factual_edits"]);

    let markdown = stdout_of(&[SAMPLE, v2, "--format", "markdown"], 1);
    assert!(markdown.contains("## Events") && markdown.contains("date changed"), "{markdown}");
}

#[test]
fn a_split_paragraph_with_a_corrected_date_is_one_split_block() {
    // The sample's first paragraph cut in two, its "1992" corrected in the same update.
    let split = "tests/fixtures/diff/split-with-date.txt";
    let stat = stdout_of(&["--no-timeline", "--stat", SAMPLE, split], 1);
    assert!(stat.contains("1019 100% common  0 0% deleted  1 0% changed"), "{stat}");
    assert!(stat.contains("0 moved, 1 split\n"), "{stat}");
    assert!(stat.contains("factual edits: 1 (1 with a date)"), "{stat}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--no-timeline", "--format", "json", SAMPLE, split], 1)).expect("JSON");
    let block = &json["blocks"][0];
    assert_eq!(
        (&block["kind"], &block["old_paragraphs"], &block["new_paragraphs"]),
        (&serde_json::json!("split"), &serde_json::json!([1]), &serde_json::json!([1, 2]))
    );
    let breaks: Vec<&serde_json::Value> =
        block["ops"].as_array().expect("ops").iter().filter(|op| op["paragraph_break"] == true).collect();
    assert_eq!(breaks, [&serde_json::json!({"op": "insert", "text": "", "paragraph_break": true})]);
    let redline = stdout_of(&["--no-timeline", SAMPLE, split], 1);
    assert!(redline.contains("¶1 split into ¶1-¶2\nSince [-1992-]{+December 1991+} when"), "{redline}");
}

#[test]
fn merged_paragraphs_with_no_word_changed_exit_0_and_are_shown() {
    let merged = "tests/fixtures/diff/merged.txt";
    let stat = stdout_of(&["--no-timeline", "--stat", SAMPLE, merged], 0);
    assert!(stat.contains("1020 100% common  0 0% deleted"), "{stat}");
    assert!(stat.contains("0 moved, 2 merged\n"), "{stat}");
    assert!(!stat.contains("factual edits"), "{stat}");
    let redline = stdout_of(&["--no-timeline", SAMPLE, merged], 0);
    assert!(redline.contains("\n¶3-¶4 merged into ¶3\n"), "{redline}");
    assert!(redline.contains("answer. [-¶"), "{redline}");
}

const MARKDOWN: &str = "tests/fixtures/diff-markdown/old.md";

#[test]
fn a_rewrapped_block_quote_is_no_change() {
    let text = stdout_of(&["--no-timeline", MARKDOWN, "tests/fixtures/diff-markdown/quote-rewrapped.md"], 0);
    assert!(text.contains("no differences (5 paragraphs"), "{text}");
}

#[test]
fn a_changed_nested_front_matter_value_is_a_difference() {
    let new = "tests/fixtures/diff-markdown/nested-front-matter.md";
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--no-timeline", "--format", "json", MARKDOWN, new], 1)).expect("JSON");
    let change = &json["metadata_changes"][0];
    assert_eq!(
        (&change["key"], &change["old"], &change["new"]),
        (&serde_json::json!("versions"), &serde_json::json!("free-pro-team: '*'"), &serde_json::json!("fpt: '*'"))
    );
}

#[test]
fn fenced_code_with_marker_lines_is_one_block_that_keeps_its_lines() {
    let new = "tests/fixtures/diff-markdown/code-edited.md";
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--no-timeline", "--format", "json", MARKDOWN, new], 1)).expect("JSON");
    let changed: Vec<&serde_json::Value> =
        json["blocks"].as_array().expect("blocks").iter().filter(|block| block["kind"] != "unchanged").collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let new_text: String = changed[0]["ops"]
        .as_array()
        .expect("ops")
        .iter()
        .filter(|op| op["op"] != "delete")
        .map(|op| op["text"].as_str().expect("text"))
        .collect();
    assert!(new_text.starts_with("```sh\n# fetch it\n"), "{new_text}");
    assert!(new_text.contains("\n\n- not a list\n    sh install.sh --prefix /opt\n```"), "{new_text}");
}

#[test]
fn fenced_code_keeps_its_lines_in_the_terminal_side_by_side_markdown_and_html() {
    let new = "tests/fixtures/diff-markdown/code-edited.md";
    let code = "# fetch it\ncurl -O https://example.com/install.sh\n\n- not a list\n    sh install.sh --prefix /";
    let terminal = stdout_of(&["--no-timeline", MARKDOWN, new], 1);
    assert!(terminal.contains(&format!("```sh\n{code}[-usr/local-]{{+opt+}}\n```\n")), "{terminal}");
    let markdown = stdout_of(&["--no-timeline", "--format", "markdown", MARKDOWN, new], 1);
    assert!(
        markdown.contains(&format!("<pre><code>```sh\n{code}<del>usr/local</del><ins>opt</ins>\n```</code></pre>\n")),
        "{markdown}"
    );
    let columns = stdout_of(&["--no-timeline", "--width", "100", MARKDOWN, new, "--side-by-side"], 1);
    assert!(columns.contains("\n# fetch it "), "{columns}");
    assert!(columns.contains("\n    sh install.sh --prefix /[-usr/local-]"), "{columns}");
    assert!(columns.contains("│     sh install.sh --prefix /{+opt+}\n"), "{columns}");
    let html = stdout_of(&["--no-timeline", "--format", "html", MARKDOWN, new], 1);
    assert!(html.contains(&format!("<pre>```sh\n{code}<del>usr/local</del><ins>opt</ins>\n```</pre>")), "{html}");
}

#[test]
fn table_rows_stay_rows_and_a_changed_price_is_a_factual_edit() {
    let (old, new) = ("tests/fixtures/diff-markdown/prices.md", "tests/fixtures/diff-markdown/prices-edited.md");
    let terminal = stdout_of(&["--no-timeline", old, new], 1);
    assert!(
        terminal.contains("| Item | Price |\n| --- | --- |\n| Oil | $[-50-]{+55+} |\n| Gas | $3 |\n"),
        "{terminal}"
    );
    let html = stdout_of(&["--no-timeline", "--format", "html", old, new], 1);
    assert!(html.contains("| Oil | $<del>50</del><ins>55</ins> |\n| Gas | $3 |"), "{html}");
    // A table is no code: its figures are claims.
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--no-timeline", "--format", "json", old, new], 1)).expect("JSON");
    assert_eq!(json["factual_edits"].as_array().map(Vec::len), Some(1), "{json}");
}

#[test]
fn paths_urls_and_list_numbers_are_no_factual_edits_and_the_table_shows_markup_as_written() {
    let (old, new) = ("tests/fixtures/diff-markdown/steps.md", "tests/fixtures/diff-markdown/steps-edited.md");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["--no-timeline", "--format", "json", old, new], 1)).expect("JSON");
    let figures: Vec<(&serde_json::Value, &serde_json::Value)> = json["factual_edits"]
        .as_array()
        .expect("factual edits")
        .iter()
        .map(|edit| (&edit["old_figures"], &edit["new_figures"]))
        .collect();
    assert_eq!(
        figures,
        [
            (&serde_json::json!(["5"]), &serde_json::json!([])),
            (&serde_json::json!([]), &serde_json::json!(["20", "2023"]))
        ]
    );
    let markdown = stdout_of(&["--no-timeline", "--format", "markdown", old, new], 1);
    let row = markdown.lines().find(|line| line.contains("| - | 20, 2023 |")).expect("the inserted item's row");
    assert!(row.ends_with("within \\*\\*three seconds\\*\\* when the \\[status…” |"), "{row}");
}

#[test]
fn svg_is_the_change_map_on_its_own() {
    let svg = stdout_of(&["--no-timeline", "--format", "svg", SAMPLE, EDITED], 1);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
    assert!(svg.contains("Changes: china-russia-2018.txt → china-russia-2018-edited.txt"), "{svg}");
    // Seven paragraphs on each side, and the one moved paragraph linked across.
    assert_eq!(svg.matches("<g class=\"cell\">").count(), 14, "{svg}");
    assert_eq!(svg.matches("class=\"link moved\"").count(), 1, "{svg}");
    assert!(!svg.contains("<script") && !svg.contains("href=\"http"), "{svg}");
    let identical = stdout_of(&["--no-timeline", "--format", "svg", SAMPLE, SAMPLE], 0);
    assert!(identical.starts_with("<svg"), "{identical}");
}

/// The README's diff examples on `tests/fixtures/diff-readme` are the binary's real output.
#[test]
fn the_readme_examples_are_real_output() {
    let readme = read(&PathBuf::from("README.md"));
    let mut checked = 0;
    for (start, _) in readme.match_indices("\n$ dossier ") {
        let example = &readme[start + 1..];
        let (command, rest) = example.split_once('\n').expect("a command line");
        if !command.contains("tests/fixtures/diff-readme/") {
            continue;
        }
        let shown = &rest[..rest.find("```").expect("the example's end")];
        let args: Vec<&str> = command.split_whitespace().skip(2).collect();
        let output = dossier().args(&args).output().expect("runs");
        assert_eq!(String::from_utf8_lossy(&output.stdout), shown, "{command}");
        checked += 1;
    }
    assert_eq!(checked, 2, "the split and moved-sentence examples");
}

/// Token offsets inside a text are 32-bit: a limit at or past 4 GiB is refused up front, as a
/// usage error, rather than risking offsets that wrap.
#[test]
fn max_input_bytes_stops_below_four_gibibytes() {
    let (old, new) = ("samples/china-russia-2018.txt", "samples/china-russia-2018-v2.txt");
    let refused = dossier().args(["--no-timeline", "--max-input-bytes", "4294967296", "diff", old, new]).output();
    let refused = refused.expect("dossier runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("4294967296"));
    let largest = dossier().args(["--no-timeline", "--max-input-bytes", "4294967295", "diff", old, new]).output();
    assert_eq!(largest.expect("dossier runs").status.code(), Some(1));
}
