//! Hostile input, as issue 7 lists it: every bad input gets a clear error (the file, and the
//! line and column where there is one; exit 2; nothing on standard output), and no output can
//! be turned against its reader: a terminal, a browser, a spreadsheet, a Markdown viewer, an
//! existing report file, a closed pipe.
//!
//! Timeline problems already covered by `timeline.rs` (syntax, unknown or duplicate keys,
//! duplicate ids, impossible dates, reversed ranges, alias bombs, deep nesting, a missing
//! article) are not repeated here.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use dossier::render::{needs_formula_guard, neutralize_csv_cell};
use scraper::{Html, Selector};

use crate::common::{dossier, fixture, project_root, run, stderr, stdout};

const HOSTILE_TIMELINE: &str = "tests/fixtures/hostile/hostile.yaml";

/// A refused run: exit 2, nothing on standard output, and a message with every `expected` part.
fn assert_refused(output: &Output, expected: &[&str]) -> String {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert_eq!(stdout(output), "", "nothing on standard output when refusing");
    for part in expected {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
    assert_no_terminal_controls(&message);
    message
}

/// Nothing in `text` can act on a terminal: no control character but newline and tab (and
/// the CR of a CRLF), no bidirectional control.
fn assert_no_terminal_controls(text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_end = c == '\r' && chars.peek() == Some(&'\n');
        let control = c.is_control() && c != '\n' && c != '\t' && !line_end;
        let bidi = matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!control && !bidi, "raw U+{:04X} in {text:?}", c as u32);
    }
}

fn write(folder: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = folder.join(name);
    std::fs::write(&path, contents).expect("writes the test input");
    path.to_str().expect("a UTF-8 temporary path").to_string()
}

// ---------------------------------------------------------------- timelines

#[test]
fn timeline_with_a_wrong_type_in_every_field_reports_each() {
    let path = "tests/fixtures/hostile/wrong-types.yaml";
    let output = run(&["timeline", "check", path]);
    let expected = [
        "1:9: `title` must be text, found a list",
        "3:10: `path` must be text, found a mapping",
        "5:12: `authors` must be a list such as [a, b], found a string",
        "6:14: invalid date `yesterday`: `yesterday` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        "7:13: `versions` must be a list such as [a, b], found a string",
        "10:13: `title` must be text, found a mapping",
        "11:12: `date` must be a date such as 2018-04-05, found a list",
        "12:15: `display` must be text, found a list",
        "13:14: `aliases` must be a list such as [a, b], found a string",
        "14:13: `actors` must be a list such as [a, b], found the number 3",
        "15:14: `places` must be a list such as [a, b], found a mapping",
        "16:11: `tags` must be a list such as [a, b], found the boolean true",
        "17:14: `sources` must be a list such as [a, b], found a string",
        "18:13: `notes` must be text, found a list",
        "19:5: an event must be a mapping, found a string",
        "20:6: an event must be a mapping, found a list",
    ];
    let lines: Vec<String> = expected.iter().map(|problem| format!("{path}:{problem}")).collect();
    let message = assert_refused(&output, &[]);
    assert_eq!(message, format!("dossier: {}\n", lines.join("\n")));
}

#[test]
fn timeline_shapes_that_are_not_a_timeline_are_named() {
    let folder = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.yaml", b"", "1:1: a timeline must be a mapping with an `events` list, found an empty document"),
        ("scalar.yaml", b"just some words\n", "1:1: a timeline must be a mapping with an `events` list"),
        ("no-events.yaml", b"title: x\n", "1:1: missing required key `events`"),
        ("events-text.yaml", b"events: \"a string\"\n", "1:9: `events` must be a list of events, found a string"),
        ("latin1.yaml", b"events: []\ntitle: caf\xe9\n", "2:11: not valid UTF-8"),
    ];
    for (name, contents, problem) in cases {
        let path = write(folder.path(), name, contents);
        assert_refused(&run(&["timeline", "check", &path]), &[&format!("{path}:{problem}")]);
    }
}

#[test]
fn timeline_with_a_raw_control_character_is_located() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(
        folder.path(),
        "raw-escape.yaml",
        "events:\n  - id: a\n    title: \"Red \u{1b}[31malert\"\n    date: 2018\n",
    );
    assert_refused(
        &run(&["timeline", "check", &path]),
        &[&format!("{path}:3:17: YAML syntax error: control characters are not allowed (U+001B here)")],
    );
}

#[test]
fn timeline_that_is_binary_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "image.yaml", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    let message = assert_refused(&run(&["timeline", "check", &path]), &[]);
    assert_eq!(message, format!("dossier: {path}:1:1: not valid UTF-8: a timeline must be UTF-8 text\n"));
    let path = write(folder.path(), "nul.yaml", b"events: []\n\0\0");
    assert_refused(
        &run(&["timeline", "check", &path]),
        &[&format!("{path}:2:1: YAML syntax error: control characters")],
    );
}

#[test]
fn timeline_over_the_size_limit_is_refused_quickly() {
    let folder = tempfile::tempdir().unwrap();
    // 100 MB of comment lines: valid YAML, past the loader's 64 MiB limit.
    let line = "# padding padding padding padding padding padding padding padding padding padding padding\n";
    let contents = format!("events: []\n{}", line.repeat(100_000_000 / line.len()));
    let path = write(folder.path(), "huge.yaml", contents);
    let started = Instant::now();
    let output = run(&["timeline", "check", &path]);
    let elapsed = started.elapsed();
    assert_refused(&output, &[&format!("{path}: is larger than a timeline may be (67108864 bytes)")]);
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
}

#[test]
fn article_path_outside_the_timeline_folder_is_refused_unless_allowed() {
    let elsewhere = tempfile::tempdir().unwrap();
    let timeline = fixture("hostile/nested/outside-folder.yaml");
    let check = |extra: &[&str], env: Option<&str>| {
        let mut command = dossier();
        command.current_dir(elsewhere.path()).args(["timeline", "check", timeline.to_str().unwrap()]).args(extra);
        if let Some(value) = env {
            command.env("DOSSIER_ALLOW_OUTSIDE", value);
        }
        command.output().unwrap()
    };
    let article = fixture("hostile/nested/../../../../samples/china-russia-2018.txt");
    let expected = format!(
        "dossier: {}:3:9: article file {} is outside the timeline's folder",
        timeline.display(),
        article.display()
    );
    assert_refused(&check(&[], None), &[&expected, "allow it with --allow-outside (or DOSSIER_ALLOW_OUTSIDE=1)"]);
    assert_refused(&check(&[], Some("0")), &[&expected]);
    for output in [check(&["--allow-outside"], None), check(&[], Some("1"))] {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output), "ok: 1 event\n");
    }
    // The flag is global: any command that reads the timeline's article takes it.
    let align = |extra: &[&str]| {
        let mut command = dossier();
        command.current_dir(elsewhere.path()).args(["--timeline", timeline.to_str().unwrap()]).args(extra);
        command.args(["align", "--format", "json"]).output().unwrap()
    };
    assert_eq!(align(&[]).status.code(), Some(2));
    assert_eq!(align(&["--allow-outside"]).status.code(), Some(0), "{}", stderr(&align(&["--allow-outside"])));
    // Allowed, the path is read against the timeline's folder, never the working directory:
    // from the project root the same relative path names a file that does not exist.
    assert!(!project_root().join("../../../samples/china-russia-2018.txt").exists());
}

#[test]
fn absolute_and_linked_paths_out_of_the_folder_are_refused_and_named() {
    let folder = tempfile::tempdir().unwrap();
    let outside = project_root().join("samples/china-russia-2018.txt");
    std::fs::write(folder.path().join("inside.txt"), "Inside.\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, folder.path().join("link.txt")).unwrap();
    let versions = if cfg!(unix) { "[inside.txt, link.txt]" } else { "[inside.txt]" };
    let timeline = write(
        folder.path(),
        "t.yaml",
        format!("article:\n  path: {}\n  versions: {versions}\nevents: []\n", outside.display()),
    );
    let output = run(&["timeline", "check", &timeline]);
    let message = assert_refused(&output, &[&format!("{timeline}:2:9: article file {} is outside", outside.display())]);
    if cfg!(unix) {
        assert!(message.contains(&format!("{timeline}:3:26: version file ")), "{message}");
    }
    assert!(!message.contains("inside.txt"), "{message}");
}

#[test]
fn article_path_to_a_missing_file_outside_the_folder_is_named() {
    let elsewhere = tempfile::tempdir().unwrap();
    let timeline = fixture("hostile/nested/outside-missing.yaml");
    let output = dossier()
        .current_dir(elsewhere.path())
        .args(["timeline", "check", timeline.to_str().unwrap()])
        .output()
        .unwrap();
    let timeline = timeline.display();
    let expected =
        format!("{timeline}:2:9: article file {}", fixture("hostile/nested/../../no-such-article.txt").display());
    assert_refused(&output, &[&format!("{expected} does not exist")]);
}

// ---------------------------------------------------------------- arguments

#[test]
fn bad_arguments_are_usage_errors() {
    let cases: [(&[&str], &str); 9] = [
        (&["--no-such-flag", "timeline", "show"], "unexpected argument '--no-such-flag'"),
        (&["timeline", "show", "--no-such-flag"], "unexpected argument '--no-such-flag'"),
        (&["timeline"], "Usage: dossier timeline"),
        (&["diff", "only-one.txt"], "diff needs OLD and NEW"),
        (&["timeline", "show", "--from"], "a value is required for '--from <DATE>'"),
        (&["timeline", "show", "--format", "pdf"], "invalid value 'pdf' for '--format <FORMAT>'"),
        (&["--width", "0", "timeline", "show"], "invalid value '0' for '--width <N>': 0 is not in 20..=10000"),
        (&["--width", "1000000000", "timeline", "show"], "1000000000 is not in 20..=10000"),
        (&["--max-input-bytes", "lots", "timeline", "show"], "invalid value 'lots' for '--max-input-bytes <BYTES>'"),
    ];
    for (args, expected) in cases {
        assert_refused(&run(args), &[expected]);
    }
}

#[test]
fn bad_dates_in_flags_name_the_flag() {
    for (flag, value, expected) in [
        ("--from", "2018-13", "--from 2018-13: month 13 does not exist"),
        ("--from", "yesterday", "--from yesterday: `yesterday` is not a date"),
        ("--to", "2018-02-29", "--to 2018-02-29: 2018-02-29 does not exist"),
        ("--from", "", "--from : empty date"),
    ] {
        assert_refused(&run(&["timeline", "show", flag, value]), &[expected]);
    }
}

// ---------------------------------------------------------------- terminal

#[test]
fn terminal_output_shows_escapes_without_running_them() {
    for format in ["table", "markdown", "csv"] {
        let output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
        let text = stdout(&output);
        assert_no_terminal_controls(&text);
        // Shown, not dropped: a reader can see that the input carried an escape or an override
        // (Markdown turns a lone CR into a line break).
        let visible: &[&str] =
            if format == "markdown" { &["\\u{1b}", "\\u{202e}"] } else { &["\\u{1b}", "\\u{202e}", "\\u{d}"] };
        for visible in visible {
            assert!(text.contains(visible), "{format}: {visible} missing from {text}");
        }
    }
}

#[test]
fn json_output_escapes_every_unsafe_character_and_keeps_the_data() {
    let output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_no_terminal_controls(&text);
    assert!(text.contains("\\u202eevil actor\\u202c"), "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["events"][0]["display"], "Over\rWRITTEN \u{1b}]0;pwned window title\u{7}", "data kept exactly");
    assert_eq!(report["events"][0]["actors"][0], "\u{202e}evil actor\u{202c}");
}

#[test]
fn error_messages_show_hostile_input_without_running_it() {
    let folder = tempfile::tempdir().unwrap();
    let hostile_id = "events:\n  - id: \"\\e]8;;https://evil.example/\\e\\\\click\\e]8;;\\e\\\\\\r\\u202e\"\n    title: t\n    date: 2018\n";
    let path = write(folder.path(), "bad-id.yaml", hostile_id);
    assert_refused(
        &run(&["timeline", "check", &path]),
        &["2:9: invalid id `\\u{1b}]8;;https://evil.example/", "\\u{202e}`"],
    );

    let named = folder.path().join("evil\u{1b}[2J\u{202e}.yaml");
    let message =
        assert_refused(&run(&["timeline", "check", named.to_str().unwrap()]), &["evil\\u{1b}[2J\\u{202e}.yaml"]);
    assert!(message.contains("No such file"), "{message}");

    assert_refused(&run(&["timeline", "show", "--from", "\u{1b}[31m2018"]), &["--from \\u{1b}[31m2018"]);

    let article = folder.path().join("evil\u{1b}]8;;https://evil.example/\u{7}.txt");
    let article = article.to_str().unwrap();
    for args in [&["diff", article, "samples/china-russia-2018.txt"][..], &["align", article]] {
        assert_refused(&run(args), &["evil\\u{1b}]8;;https://evil.example/\\u{7}.txt: No such file"]);
    }
}

// ---------------------------------------------------------------- HTML and SVG

/// A page that cannot run code or fetch anything: no script, no event handler, no element
/// that loads a resource, no `javascript:`; links only to `#anchors` and, for sources,
/// http(s); `url(...)` in attributes only to `#anchors`. Returns the external link targets.
fn assert_inert_html(page: &str) -> Vec<String> {
    let document = Html::parse_document(page);
    let everything = Selector::parse("*").unwrap();
    let mut links = Vec::new();
    for element in document.select(&everything) {
        let name = element.value().name();
        assert!(
            !matches!(
                name,
                "script"
                    | "iframe"
                    | "frame"
                    | "object"
                    | "embed"
                    | "img"
                    | "image"
                    | "link"
                    | "base"
                    | "form"
                    | "audio"
                    | "video"
                    | "source"
                    | "use"
                    | "foreignobject"
                    | "animate"
                    | "set"
            ),
            "<{name}> in the page"
        );
        if name == "meta" {
            assert_ne!(element.value().attr("http-equiv").map(str::to_ascii_lowercase).as_deref(), Some("refresh"));
        }
        for (attribute, value) in element.value().attrs() {
            let lower = value.to_ascii_lowercase();
            assert!(!attribute.to_ascii_lowercase().starts_with("on"), "<{name} {attribute}={value:?}>");
            assert!(!lower.contains("javascript:"), "<{name} {attribute}={value:?}>");
            assert!(!matches!(attribute, "src" | "srcset" | "action" | "formaction" | "poster" | "background"));
            if lower.contains("url(") {
                assert!(
                    lower.split("url(").skip(1).all(|rest| rest.starts_with('#')),
                    "<{name} {attribute}={value:?}>"
                );
            }
            if matches!(attribute, "href" | "xlink:href") && !value.starts_with('#') {
                assert!(lower.starts_with("https://") || lower.starts_with("http://"), "<{name} href={value:?}>");
                assert_eq!(name, "a", "only anchors link out");
                links.push(value.to_string());
            }
        }
    }
    let styles = Selector::parse("style").unwrap();
    for style in document.select(&styles) {
        let css = style.text().collect::<String>().to_ascii_lowercase();
        assert!(!css.contains("url(") && !css.contains("@import"), "{css}");
    }
    links
}

#[test]
fn timeline_pages_are_inert_and_link_only_web_sources() {
    for format in ["html", "svg"] {
        let output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
        let page = stdout(&output);
        let links = assert_inert_html(&page);
        if format == "html" {
            assert_eq!(links, ["https://example.org/a?b=1&c=<2>", "http://example.com/ok"]);
            // The other sources are still there, as text.
            assert!(page.contains("JaVaScRiPt:alert(6)") && page.contains("//evil.example/x.js"), "{page}");
        }
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{format}: escaped, not dropped");
    }
}

#[test]
fn every_html_page_forbids_scripts_and_fetches_by_policy_too() {
    let sample = "samples/china-russia-2018.txt";
    let edited = "samples/china-russia-2018-v2.txt";
    let timeline_args: &[&str] = &["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", "html"];
    let diff_args: &[&str] = &["--no-timeline", "diff", "--format", "html", sample, edited];
    let history_args: &[&str] = &["history", "--format", "html"];
    let brief_args: &[&str] = &["brief", "--format", "html"];
    for args in [timeline_args, diff_args, history_args, brief_args] {
        let page = stdout(&run(args));
        let document = Html::parse_document(&page);
        let policy = Selector::parse(r#"meta[http-equiv="Content-Security-Policy"]"#).unwrap();
        let content = document.select(&policy).next().and_then(|meta| meta.value().attr("content")).expect("a CSP");
        assert!(content.starts_with("default-src 'none'"), "{args:?}: {content}");
        assert!(!content.contains("script-src"), "{args:?}: {content}");
    }
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_cells_are_neutralized_and_read_back_exactly() {
    let csv_output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", "csv"]);
    assert_eq!(csv_output.status.code(), Some(0), "{}", stderr(&csv_output));
    let json_output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&json_output)).unwrap();
    let text = stdout(&csv_output);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("a well-formed CSV row")).collect();
    let events = report["events"].as_array().unwrap();
    assert_eq!(rows.len(), events.len());
    let joined = |value: &serde_json::Value| -> String {
        match value {
            serde_json::Value::Array(items) => {
                items.iter().map(|item| item.as_str().unwrap()).collect::<Vec<_>>().join("; ")
            }
            serde_json::Value::Null => String::new(),
            other => other.as_str().unwrap().to_string(),
        }
    };
    for (row, event) in rows.iter().zip(events) {
        assert_eq!(row.len(), 15);
        for cell in row {
            assert!(!needs_formula_guard(cell), "formula cell {cell:?}");
        }
        for (column, key) in [
            (0, "id"),
            (1, "title"),
            (8, "display"),
            (9, "aliases"),
            (10, "actors"),
            (11, "places"),
            (13, "sources"),
            (14, "notes"),
        ] {
            assert_eq!(row[column], neutralize_csv_cell(&joined(&event[key])), "{key} of {}", event["id"]);
        }
    }
    let formulas = rows.iter().find(|row| &row[0] == "spreadsheet-formulas").unwrap();
    assert_eq!(&formulas[1], "'=HYPERLINK(\"https://evil.example/\",\"click\")");
    assert_eq!(&formulas[10], "'\t=cmd|' /C calc'!A0; \\u{d}=1+1");
}

/// Valid JSON in which serde_json escaped every C0 control (what holds for every JSON output;
/// `every_json_output_escapes_every_unsafe_character` asks for more).
fn assert_json_keeps_c0_escaped(text: &str) {
    serde_json::from_str::<serde_json::Value>(text).expect("valid JSON");
    assert!(!text.chars().any(|c| c.is_ascii_control() && c != '\n'), "{text}");
}

// ---------------------------------------------------------------- Markdown

/// Every Markdown table in `text` has the same number of cells in each row as in its header.
fn assert_markdown_tables_keep_their_shape(text: &str) {
    let mut header_cells = None;
    for line in text.lines() {
        if !line.starts_with('|') {
            header_cells = None;
            continue;
        }
        let cells = markdown_cells(line).len();
        let expected = *header_cells.get_or_insert(cells);
        assert_eq!(cells, expected, "{line}");
    }
}

/// A CSV that the csv crate reads back whole, with no cell a spreadsheet would run.
fn assert_csv_reads_back_neutralized(text: &str) {
    // Flexible: a brief's CSV holds several tables, each under a title line.
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    for row in reader.records() {
        for cell in row.expect("a well-formed CSV row").iter() {
            assert!(!needs_formula_guard(cell), "formula cell {cell:?}");
        }
    }
}

/// The cells of a GFM table row: `|` separates cells unless a backslash escapes it.
fn markdown_cells(row: &str) -> Vec<String> {
    let inner = row.trim().strip_prefix('|').and_then(|row| row.strip_suffix('|')).unwrap_or_else(|| panic!("{row:?}"));
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                cells.last_mut().unwrap().push(c);
            }
            '\\' => escaped = true,
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|cell| cell.trim().to_string()).collect()
}

#[test]
fn markdown_tables_keep_their_shape() {
    let output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let rows: Vec<&str> = text.lines().filter(|line| line.starts_with('|')).collect();
    assert_eq!(rows.len(), 2 + 4, "header, rule, one row per event: {text}");
    assert_markdown_tables_keep_their_shape(&text);
    let breakers = rows.iter().find(|row| row.contains("tick")).unwrap();
    assert_eq!(markdown_cells(breakers)[1], "a | b | c ``` code ` tick");
    assert!(!text.contains("](") || !text.contains("!["), "no link or image syntax survives: {text}");
    assert!(!text.contains("<img") && !text.contains("<script"), "{text}");
}

// ---------------------------------------------------------------- files and pipes

#[test]
fn a_failed_run_leaves_the_old_report_untouched() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("report.md");
    std::fs::write(&target, "the old report\n").unwrap();
    let target_text = target.to_str().unwrap();
    for args in [
        &["--timeline", "tests/fixtures/timelines/many-problems.yaml", "timeline", "show", "-o", target_text][..],
        &["--timeline", "tests/fixtures/hostile/no-such.yaml", "timeline", "show", "-o", target_text],
        &["timeline", "show", "--from", "2018-02-30", "-o", target_text],
    ] {
        assert_refused(&run(args), &[]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "the old report\n");
        let names: Vec<_> = std::fs::read_dir(folder.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(names, ["report.md"], "no temporary file is left");
    }
    let output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "show", "--format", "markdown", "-o", target_text]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("# Hostile"));
}

#[test]
fn writing_into_a_missing_folder_is_an_error_naming_it() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("no-such-folder/report.md");
    let target_text = target.to_str().unwrap();
    assert_refused(&run(&["timeline", "show", "-o", target_text]), &[&format!("dossier: {target_text}: ")]);
}

#[cfg(unix)]
#[test]
fn output_onto_a_fifo_a_device_or_a_folder_is_refused_and_leaves_it_as_it_was() {
    use std::os::unix::fs::FileTypeExt;
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("report.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A copy of /dev/null's device node, so that a regression replaces the copy, never the
    // system's own (CI runs as root, which may). Without the right to make one, /dev/null
    // itself, which such a user cannot replace either.
    let device_copy = folder.path().join("null");
    let made = std::process::Command::new("mknod").arg(&device_copy).args(["c", "1", "3"]).status();
    let device = if made.is_ok_and(|status| status.success()) { device_copy } else { "/dev/null".into() };
    let links = folder.path().join("links");
    std::fs::create_dir(&links).unwrap();
    std::os::unix::fs::symlink(&fifo, links.join("to-fifo")).unwrap();
    std::os::unix::fs::symlink(&device, links.join("to-device")).unwrap();
    let (fifo_text, device_text) = (fifo.to_str().unwrap(), device.to_str().unwrap());
    let folder_text = folder.path().to_str().unwrap();
    let (to_fifo, to_device) = (links.join("to-fifo"), links.join("to-device"));
    for (target, expected) in [
        (fifo_text, format!("dossier: {fifo_text}: is a FIFO (named pipe), not a regular file: -o writes")),
        (device_text, format!("dossier: {device_text}: is a character device, not a regular file")),
        (folder_text, format!("dossier: {folder_text}: is a folder, not a regular file")),
        (to_fifo.to_str().unwrap(), "is a FIFO (named pipe), not a regular file".to_string()),
        (to_device.to_str().unwrap(), "is a character device, not a regular file".to_string()),
    ] {
        let message = assert_refused(&run(&["timeline", "show", "-o", target]), &[&expected]);
        assert!(!message.contains(".dossier-"), "{message}");
    }
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(std::fs::symlink_metadata(&device).unwrap().file_type().is_char_device());
    for link in [&to_fifo, &to_device] {
        assert!(std::fs::symlink_metadata(link).unwrap().file_type().is_symlink(), "{}", link.display());
    }
    let mut names: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .chain(std::fs::read_dir(&links).unwrap())
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names.retain(|name| name != "null");
    assert_eq!(names, ["links", "report.fifo", "to-device", "to-fifo"], "no temporary file is left");
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_writes_its_target_and_never_an_input() {
    let folder = tempfile::tempdir().unwrap();
    let report = write(folder.path(), "report.md", "the old report\n");
    let link = folder.path().join("link.md");
    std::os::unix::fs::symlink(&report, &link).unwrap();
    let output = run(&[
        "--timeline",
        HOSTILE_TIMELINE,
        "timeline",
        "show",
        "--format",
        "markdown",
        "-o",
        link.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert!(std::fs::read_to_string(&report).unwrap().starts_with("# Hostile"));

    let timeline = write(folder.path(), "t.yaml", "events:\n  - {id: a, title: A, date: 1992}\n");
    let old = write(folder.path(), "old.txt", "One.\n");
    let new = write(folder.path(), "new.txt", "Two.\n");
    let tilse = write(folder.path(), "t.txt", "1992-01-01\nA summary.\n");
    let old_link = folder.path().join("old-link.txt");
    std::os::unix::fs::symlink(&old, &old_link).unwrap();
    let old_link = old_link.to_str().unwrap();
    for (args, target) in [
        (vec!["--timeline", &timeline, "timeline", "show", "-o", &timeline], &timeline),
        (vec!["--no-timeline", "diff", &old, &new, "-o", old_link], &old),
        (vec!["timeline", "import", &tilse, "--from", "tilse", "-o", &tilse], &tilse),
    ] {
        let before = std::fs::read(target).unwrap();
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("is one of this command's inputs"), "{args:?}: {}", stderr(&output));
        assert_eq!(std::fs::read(target).unwrap(), before, "{args:?}");
    }
}

#[cfg(unix)]
#[test]
#[ignore = "slow in a debug build: .ci/run runs it in release"]
fn a_signal_during_a_write_removes_the_temporary_file() {
    let folder = tempfile::tempdir().unwrap();
    let events: String =
        (0..60_000).map(|n| format!("  - {{id: e{n}, title: Event number {n}, date: 2018-03-04}}\n")).collect();
    let timeline = write(folder.path(), "big.yaml", format!("events:\n{events}"));
    let target = folder.path().join("out/report.html");
    std::fs::create_dir(target.parent().unwrap()).unwrap();
    for signal in ["TERM", "INT", "HUP"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
            .args(["--timeline", &timeline, "timeline", "show", "--format", "html", "-o", target.to_str().unwrap()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let temporary_exists = || {
            std::fs::read_dir(target.parent().unwrap())
                .unwrap()
                .any(|entry| entry.unwrap().file_name().to_string_lossy().starts_with(".dossier-"))
        };
        let started = Instant::now();
        while !temporary_exists() {
            assert!(child.try_wait().unwrap().is_none(), "dossier ended before the write was caught");
            assert!(started.elapsed() < Duration::from_secs(120), "no temporary file appeared");
            std::thread::sleep(Duration::from_millis(1));
        }
        let killed = std::process::Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
        assert!(killed.unwrap().success());
        let status = child.wait().unwrap();
        assert!(!status.success(), "{signal}: {status:?}");
        assert!(!temporary_exists(), "{signal}: the temporary file is left");
        assert!(!target.exists(), "{signal}: no report");
    }
}

#[test]
fn endless_devices_are_refused_at_their_first_bytes() {
    let started = Instant::now();
    let output = run(&["--no-timeline", "diff", "/dev/zero", "/dev/urandom"]);
    assert_refused(&output, &["is a binary file (NUL byte at offset"]);
    let output = run(&["--timeline", "/dev/zero", "timeline", "check"]);
    assert_refused(&output, &["/dev/zero:1:1: YAML syntax error: control characters"]);
    let output = run(&["timeline", "import", "--from", "tilse", "/dev/zero"]);
    assert_refused(&output, &["/dev/zero"]);
    // Read to the 256 MiB limit (and, for import, without one), these took seconds and gigabytes.
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

/// Runs `dossier ARGS | head -c 10` in bash: dossier's exit code and standard error.
fn into_closed_pipe(args: &str) -> (Option<i32>, String) {
    let script = format!(
        "'{}' --color never {args} | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
        assert_cmd::cargo::cargo_bin("dossier").display()
    );
    let output = std::process::Command::new("bash").args(["-c", &script]).output().expect("bash runs");
    (output.status.code(), stderr(&output))
}

/// Inputs whose reports outgrow any pipe buffer, so the write does hit the closed pipe:
/// a 5,000-event timeline and two 5,000-paragraph texts.
fn big_inputs(folder: &Path) -> (String, String, String) {
    let mut yaml = String::from("events:\n");
    for index in 0..5_000 {
        yaml.push_str(&format!("  - id: event-{index}\n    title: Event number {index}\n    date: 2018-01-01\n"));
    }
    let paragraphs =
        |word: &str| (0..5_000).map(|index| format!("Paragraph {index} says {word}.\n\n")).collect::<String>();
    (
        write(folder, "many.yaml", yaml),
        write(folder, "old.txt", paragraphs("this")),
        write(folder, "new.txt", paragraphs("that")),
    )
}

#[test]
#[ignore = "slow in a debug build: .ci/run runs it in release"]
fn a_closed_pipe_ends_quietly_with_the_decided_status() {
    let folder = tempfile::tempdir().unwrap();
    let (timeline, old, new) = big_inputs(folder.path());
    for (command, status) in [
        (format!("--timeline '{timeline}' timeline show --format json"), 0),
        (format!("--timeline '{timeline}' timeline show"), 0),
        // The texts differ: into a pipe closed early or into /dev/null, the status is 1.
        (format!("diff '{old}' '{new}'"), 1),
        (format!("diff --format html '{old}' '{new}'"), 1),
        (format!("diff '{old}' '{old}'"), 0),
    ] {
        assert_eq!(into_closed_pipe(&command), (Some(status), String::new()), "{command}");
    }
}

#[test]
#[ignore = "slow in a debug build: .ci/run runs it in release"]
fn a_closed_pipe_after_diff_json_ends_quietly_with_the_decided_status() {
    let folder = tempfile::tempdir().unwrap();
    let (_, old, new) = big_inputs(folder.path());
    assert_eq!(into_closed_pipe(&format!("diff --format json '{old}' '{new}'")), (Some(1), String::new()));
}

// ---------------------------------------------------------------- articles

const SAMPLE: &str = "samples/china-russia-2018.txt";

/// The commands that load an article given by path: each must refuse a bad one the same way.
fn article_commands(path: &str) -> [Vec<String>; 5] {
    [
        vec!["diff".into(), path.into(), SAMPLE.into()],
        vec!["diff".into(), SAMPLE.into(), path.into()],
        vec!["align".into(), path.into()],
        vec!["history".into(), SAMPLE.into(), path.into()],
        vec!["brief".into(), path.into(), SAMPLE.into()],
    ]
}

fn refused_everywhere(path: &str, expected: &[&str]) {
    for args in article_commands(path) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        eprintln!("dossier {}", args.join(" "));
        assert_refused(&run(&args), expected);
    }
}

#[test]
fn article_that_is_not_utf8_names_the_byte() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "latin1.txt", b"First line.\r\nCaf\xe9 au lait.\n");
    refused_everywhere(&path, &[&format!("{path}:2:4: is not valid UTF-8: byte 0xE9 at offset 16")]);
}

#[test]
fn article_that_is_binary_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    refused_everywhere(&path, &[&format!("{path}:3:1: is a binary file (NUL byte at offset 8)")]);
    let path = write(
        folder.path(),
        "utf16.txt",
        "\u{feff}Hello".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(),
    );
    refused_everywhere(&path, &[&format!("{path}: is UTF-16 encoded")]);
}

#[test]
fn article_that_is_a_directory_or_missing_is_named() {
    let folder = tempfile::tempdir().unwrap();
    let directory = folder.path().to_str().unwrap();
    refused_everywhere(directory, &[&format!("{directory}: is a directory, not an article file")]);
    let missing = folder.path().join("no-such.txt");
    let missing = missing.to_str().unwrap();
    refused_everywhere(missing, &[&format!("{missing}: No such file or directory")]);
}

/// A file whose reading fails even for root (CI runs as root, which reads a mode-000 file):
/// `/proc/self/mem` opens, then fails at its first byte, which no process has mapped.
#[cfg(target_os = "linux")]
#[test]
fn article_whose_reading_fails_is_named_even_for_root() {
    refused_everywhere("/proc/self/mem", &["/proc/self/mem: Input/output error"]);
}

#[test]
fn article_that_cannot_be_read_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "secret.txt", "Some text.\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Root reads it; `article_whose_reading_fails_is_named_even_for_root` covers root.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "note: this user can read a mode-000 file (root?): the permission-denied case is skipped"
        );
        return;
    }
    refused_everywhere(&path, &[&format!("{path}: Permission denied")]);
}

/// Two versions of an article full of text that must not act on its reader.
fn hostile_articles(folder: &Path) -> (String, String) {
    let old = "Title: Hostile \u{1b}]0;pwned\u{7} <script>alert('title')</script>\n\n\
               Colour \u{1b}[1;31mALERT\u{1b}[0m and \u{1b}]8;;https://evil.example/\u{1b}\\a hidden link\u{1b}]8;;\u{1b}\\ here.\n\n\
               Over\rWRITTEN text with \u{202e}reversed\u{202c} words and \u{9b}31m an 8-bit CSI.\n\n\
               <script>alert(1)</script>\"><img src=x onerror=alert(2)> and <a href=\"javascript:alert(3)\">a link</a>.\n\n\
               =HYPERLINK(\"https://evil.example/\",\"click\") | pipes | and `ticks` ![img](https://evil.example/p.png)\n";
    let new = "Title: Hostile \u{1b}]0;pwned\u{7} <script>alert('title')</script>\n\n\
               Colour \u{1b}[1;32mCALM\u{1b}[0m and \u{1b}]8;;https://evil.example/\u{1b}\\a hidden link\u{1b}]8;;\u{1b}\\ here.\n\n\
               Over\rWRITTEN again, with \u{202e}reversed\u{202c} words and \u{9b}32m an 8-bit CSI.\n\n\
               <script>alert(10)</script>\"><img src=y onerror=alert(20)> and <a href=\"javascript:alert(30)\">a link</a>.\n\n\
               +SUM(A1:A9) | more pipes | and `ticks` [link](javascript:alert(9))\n\n\
               @import url(https://evil.example/x.css); <style>body{background:url(https://evil.example/t)}</style>\n";
    (write(folder, "old.txt", old), write(folder, "new.txt", new))
}

#[test]
fn align_output_shows_hostile_text_without_running_it() {
    let folder = tempfile::tempdir().unwrap();
    let (article, _) = hostile_articles(folder.path());
    for format in ["table", "markdown", "csv", "json"] {
        let output = run(&["--timeline", HOSTILE_TIMELINE, "align", &article, "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
        let text = stdout(&output);
        assert_no_terminal_controls(&text);
        match format {
            "markdown" => assert_markdown_tables_keep_their_shape(&text),
            "csv" => assert_csv_reads_back_neutralized(&text),
            "json" => assert_json_keeps_c0_escaped(&text),
            _ => {}
        }
    }
}

/// One paragraph per script, each edited by a word or two.
const SCRIPTS_OLD: &str = "Zürich, São Paulo and Kraków signed the accord.\n\n\
    Η συμφωνία υπογράφηκε στην Αθήνα χθες.\n\nСоглашение было подписано в Москве вчера.\n\n\
    وقعت الاتفاقية في القاهرة أمس.\n\nההסכם נחתם בירושלים אתמול.\n\n\
    समझौते पर कल दिल्ली में हस्ताक्षर किए गए।\n\nข้อตกลงลงนามที่กรุงเทพเมื่อวาน\n\n\
    北京是中国的首都，协议昨天在这里签署。\n\n協定は昨日東京で署名されました。\n\n\
    협정은 어제 서울에서 서명되었다.\n\nFamily 👨‍👩‍👧 and flags 🇫🇷 with e\u{301} combining.\n";
const SCRIPTS_NEW: &str = "Zürich, São Paulo and Gdańsk signed the accord.\n\n\
    Η συμφωνία υπογράφηκε στη Θεσσαλονίκη χθες.\n\nСоглашение было подписано в Казани вчера.\n\n\
    وقعت الاتفاقية في الإسكندرية أمس.\n\nההסכם נחתם בתל אביב אתמול.\n\n\
    समझौते पर कल मुंबई में हस्ताक्षर किए गए।\n\nข้อตกลงลงนามที่เชียงใหม่เมื่อวาน\n\n\
    北京是中华人民共和国的首都，协议昨天在这里签署。\n\n協定は昨日大阪で署名されました。\n\n\
    협정은 어제 부산에서 서명되었다.\n\nFamily 👨‍👩‍👧‍👦 and flags 🇩🇪 with e\u{301} combining.\n";

#[test]
fn empty_article_is_valid() {
    let folder = tempfile::tempdir().unwrap();
    let empty = write(folder.path(), "empty.txt", "");
    let other = write(folder.path(), "other.txt", "");
    let output = run(&["diff", &empty, &other]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = run(&["diff", &empty, SAMPLE]);
    assert_eq!(output.status.code(), Some(1), "everything inserted: {}", stderr(&output));
}

#[test]
fn article_over_the_size_limit_is_refused_before_reading() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "big.txt", "x".repeat(101));
    let output = run(&["--max-input-bytes", "100", "diff", &path, &path]);
    assert_refused(&output, &[&format!("{path}: input is larger than the limit of 100 bytes (101 bytes)")]);
    let output =
        dossier().args(["--max-input-bytes", "100", "diff", "-", &path]).write_stdin("y".repeat(500)).output().unwrap();
    assert_refused(&output, &["<stdin>: input is larger than the limit of 100 bytes (more than that)"]);
}

#[test]
#[ignore = "slow in a debug build: .ci/run runs it in release"]
fn huge_article_with_no_line_break_is_diffed_in_bounded_time() {
    // 100 MB in release builds; debug builds are several times slower, so they check less.
    let size = if cfg!(debug_assertions) { 10_000_000 } else { 100_000_000 };
    let folder = tempfile::tempdir().unwrap();
    let sentence = "China and Russia met on Jan. 5 and agreed. ";
    let old = sentence.repeat(size / sentence.len());
    let new = format!("{old}One more sentence.");
    let (old, new) = (write(folder.path(), "old.txt", &old), write(folder.path(), "new.txt", &new));
    let started = Instant::now();
    // The text diff alone: with a timeline, diff also aligns each version (see the ignored test below).
    let output = dossier()
        .args(["--no-timeline", "diff", "--format", "json", &old, &new])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    eprintln!("diff of two {size}-byte single-line texts: {elapsed:.2?}");
    assert!(elapsed < Duration::from_secs(120), "took {elapsed:?}");
}

#[test]
fn the_same_file_twice_is_identical() {
    let output = run(&["diff", SAMPLE, SAMPLE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn every_script_diffs_word_by_word() {
    let folder = tempfile::tempdir().unwrap();
    let (old, new) = (write(folder.path(), "old.txt", SCRIPTS_OLD), write(folder.path(), "new.txt", SCRIPTS_NEW));
    let output = run(&["diff", "--format", "json", &old, &new]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let blocks = report["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 11, "one block per paragraph, each paired with its edit");
    for block in blocks {
        let ops = block["ops"].as_array().unwrap();
        let text = |kind: &str| -> String {
            ops.iter().filter(|op| op["op"] == kind).map(|op| op["text"].as_str().unwrap()).collect()
        };
        let (kept, inserted) = (text("equal"), text("insert"));
        assert_eq!(block["kind"], "changed", "{block}");
        // Readable: the edit is a word or two, not the whole paragraph replaced.
        let new_length = kept.chars().count() + inserted.chars().count();
        assert!(2 * inserted.chars().count() < new_length, "kept {kept:?}, inserted {inserted:?}");
    }
    let han = &blocks[7]["ops"];
    let inserted: Vec<&str> = han
        .as_array()
        .unwrap()
        .iter()
        .filter(|op| op["op"] == "insert")
        .map(|op| op["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted.concat(), "华人民共和", "CJK is diffed by ideograph: {han}");
    for flags in [&["--format", "terminal"][..], &["--side-by-side"]] {
        let output = run(&[&["diff"], flags, &[&old, &new]].concat());
        let format = flags.join(" ");
        let text = stdout(&output);
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 100, "{format}: {line}");
        }
        assert_no_terminal_controls(&text);
    }
}

#[test]
fn diff_outputs_show_hostile_text_without_running_it() {
    let folder = tempfile::tempdir().unwrap();
    let (old, new) = hostile_articles(folder.path());
    for format in ["terminal", "unified", "markdown", "html", "json", "table"] {
        let output = run(&["diff", "--format", format, &old, &new]);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", stderr(&output));
        let text = stdout(&output);
        match format {
            "html" => drop(assert_inert_html(&text)),
            "markdown" => assert_markdown_tables_keep_their_shape(&text),
            "json" => assert_json_keeps_c0_escaped(&text),
            _ => assert!(text.contains("\\u{1b}"), "{format}: escapes shown: {text}"),
        }
        if format != "json" {
            assert_no_terminal_controls(&text);
        }
    }
}

#[test]
fn a_failed_diff_leaves_the_old_report_untouched() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("report.html");
    std::fs::write(&target, "the old report\n").unwrap();
    let target_text = target.to_str().unwrap();
    let bad = write(folder.path(), "bad.txt", b"caf\xe9\n");
    assert_refused(&run(&["diff", "--format", "html", "-o", target_text, SAMPLE, &bad]), &[&bad]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the old report\n");
    let mut names: Vec<_> = std::fs::read_dir(folder.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["bad.txt", "report.html"], "no temporary file is left");
}

#[test]
fn history_and_brief_show_hostile_text_without_running_it() {
    let folder = tempfile::tempdir().unwrap();
    let (old, new) = hostile_articles(folder.path());
    let commands: [(&str, &[&str]); 2] =
        [("history", &["table", "markdown", "csv", "json", "html"]), ("brief", &["markdown", "html", "csv", "json"])];
    for (command, formats) in commands {
        for format in formats {
            let output = run(&["--timeline", HOSTILE_TIMELINE, command, "--format", format, &old, &new]);
            assert_eq!(output.status.code(), Some(0), "{command} {format}: {}", stderr(&output));
            let text = stdout(&output);
            match *format {
                "html" => drop(assert_inert_html(&text)),
                "markdown" => assert_markdown_tables_keep_their_shape(&text),
                "csv" => assert_csv_reads_back_neutralized(&text),
                "json" => assert_json_keeps_c0_escaped(&text),
                _ => {}
            }
            if *format != "json" {
                assert_no_terminal_controls(&text);
            }
        }
    }
}

#[test]
fn every_json_output_escapes_every_unsafe_character() {
    let folder = tempfile::tempdir().unwrap();
    let (old, new) = hostile_articles(folder.path());
    for args in [
        &["diff", "--format", "json", &old, &new][..],
        &["align", "--format", "json", &new],
        &["history", "--format", "json", &old, &new],
        &["brief", "--format", "json", &old, &new],
    ] {
        let output = run(&[&["--timeline", HOSTILE_TIMELINE], args].concat());
        assert_no_terminal_controls(&stdout(&output));
    }
}

#[test]
fn mixed_line_endings_are_only_layout() {
    let folder = tempfile::tempdir().unwrap();
    let mixed = write(folder.path(), "mixed.txt", "First line\r\nsame paragraph.\rStill it.\n\r\nSecond\rparagraph.\n");
    let plain = write(folder.path(), "plain.txt", "First line\nsame paragraph.\nStill it.\n\nSecond\nparagraph.\n");
    let output = run(&["diff", "--format", "json", &mixed, &plain]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!((report["identical"].as_bool(), report["old"]["paragraphs"].as_u64()), (Some(true), Some(2)));
}

#[test]
fn timeline_exports_show_hostile_text_without_running_it() {
    for format in ["timelinejs-json", "timelinejs-csv", "tilse"] {
        let output = run(&["--timeline", HOSTILE_TIMELINE, "timeline", "export", "--format", format]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
        assert_no_terminal_controls(&stdout(&output));
    }
}

#[test]
#[ignore = "slow in a debug build: .ci/run runs it in release"]
fn align_of_a_long_text_takes_bounded_time() {
    let folder = tempfile::tempdir().unwrap();
    let text = "China and Russia met on Jan. 5 and agreed. ".repeat(1_000_000 / 43);
    let article = write(folder.path(), "long.txt", text);
    let started = Instant::now();
    let output =
        dossier().args(["align", "--format", "json", &article]).timeout(Duration::from_secs(120)).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "after {:?}: {}", started.elapsed(), stderr(&output));
}
