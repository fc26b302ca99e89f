//! `dossier align` as a user runs it, and its quality against the gold standard in
//! tests/fixtures/align (see the README there).

use serde_json::Value;

use crate::common::{fixture, read, run, stderr, stdout};

/// `align` on one gold fixture with the given extra arguments; must succeed.
fn align(name: &str, extra: &[&str]) -> String {
    let timeline = format!("tests/fixtures/align/{name}/timeline.yaml");
    let mut args = vec!["--timeline", timeline.as_str(), "align"];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
    stdout(&output)
}

fn align_json(name: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&align(name, &args)).expect("valid JSON")
}

fn event<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["events"].as_array().and_then(|events| events.iter().find(|event| event["id"] == id)).expect("the event")
}

/// (true positives, false positives, false negatives) of the linked sentences against
/// gold.txt: a gold line is matched by a mention of its event whose sentence contains the
/// quoted words.
fn score_against_gold(name: &str) -> (usize, usize, usize) {
    let article = read(&fixture(&format!("align/{name}/article.txt")));
    let gold: Vec<(String, usize)> = read(&fixture(&format!("align/{name}/gold.txt")))
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (id, words) = line.split_once(" | ").expect("`event | words` lines");
            let words = words.trim();
            let at = article.find(words).unwrap_or_else(|| panic!("{name}: {words:?} is not in the article"));
            assert_eq!(article.matches(words).count(), 1, "{name}: {words:?} must name one sentence");
            (id.to_string(), at)
        })
        .collect();
    let report = align_json(name, &[]);
    let mut predicted: Vec<(String, usize, usize)> = Vec::new();
    for event in report["events"].as_array().expect("events") {
        for mention in event["mentions"].as_array().expect("mentions") {
            let span = (mention["start"].as_u64().unwrap_or(0) as usize, mention["end"].as_u64().unwrap_or(0) as usize);
            predicted.push((event["id"].as_str().unwrap_or_default().to_string(), span.0, span.1));
        }
    }
    let contains = |(id, start, end): &(String, usize, usize), (gold_id, at): &(String, usize)| {
        id == gold_id && start <= at && at < end
    };
    let true_positives = predicted.iter().filter(|link| gold.iter().any(|pair| contains(link, pair))).count();
    let false_positives = predicted.len() - true_positives;
    let false_negatives = gold.iter().filter(|pair| !predicted.iter().any(|link| contains(link, pair))).count();
    (true_positives, false_positives, false_negatives)
}

/// (precision, recall) over several gold folders, printed per folder.
fn precision_and_recall(names: &[&str]) -> (f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for name in names {
        let (t, f, n) = score_against_gold(name);
        println!("{name}: {t} right, {f} wrong, {n} missed");
        tp += t;
        fp += f;
        fn_ += n;
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!("  precision {precision:.3}, recall {recall:.3} ({tp} right, {fp} wrong, {fn_} missed)");
    (precision, recall)
}

#[test]
fn precision_and_recall_against_the_gold_standard() {
    // The folders the weights and rules were tuned on.
    let (precision, recall) = precision_and_recall(&["china-russia", "paris-withdrawal", "berlin-wall"]);
    // Floors at the measured figures (precision 1.00, recall 0.909), so that a change that
    // makes linking worse fails here.
    assert!(precision >= 0.95, "tuning set: precision {precision:.3}");
    assert!(recall >= 0.9, "tuning set: recall {recall:.3}");
    // Held out: written before the aligner was run on it (see the README there for what its
    // errors changed); measured precision 0.875, recall 0.583.
    let (precision, recall) = precision_and_recall(&["boeing-max"]);
    assert!(precision >= 0.8, "held out: precision {precision:.3}");
    assert!(recall >= 0.5, "held out: recall {recall:.3}");
}

#[test]
fn the_1992_error_is_reported_as_a_conflict() {
    let report = align_json("china-russia", &[]);
    let conflicts = report["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let conflict = &conflicts[0];
    assert_eq!(conflict["event"], "soviet-dissolution");
    assert_eq!(conflict["text"], "Since 1992");
    assert_eq!(conflict["text_date"]["text"], "1992");
    assert_eq!(conflict["timeline_date"]["text"], "1991-12-26");
    assert_eq!(conflict["days_apart"], 6);
    assert_eq!(event(&report, "soviet-dissolution")["date_check"], "conflict");
}

#[test]
fn april_4_5_resolves_against_the_publication_date() {
    let report = align_json("china-russia", &[]);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["article"]["published"], "2018-04");
    let date = report["date_mentions"]
        .as_array()
        .and_then(|dates| dates.iter().find(|date| date["text"] == "April 4-5"))
        .expect("the date");
    assert_eq!(date["date"]["start"], "2018-04-04");
    assert_eq!(date["date"]["end"], "2018-04-05");
    assert_eq!(date["events"], serde_json::json!(["wang-yi-visit"]));
    let visit = event(&report, "wang-yi-visit");
    assert_eq!(visit["date_check"], "consistent");
    let mention = &visit["mentions"][0];
    assert_eq!((mention["paragraph"].as_u64(), mention["sentence"].as_u64()), (Some(2), Some(1)));
    let kinds: Vec<&str> =
        mention["evidence"].as_array().expect("evidence").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.contains(&"date") && kinds.contains(&"actor") && kinds.contains(&"place"), "{kinds:?}");
    // Byte offsets index the original file.
    let article = read(&fixture("align/china-russia/article.txt"));
    for evidence in mention["evidence"].as_array().expect("evidence") {
        let (start, end) =
            (evidence["start"].as_u64().unwrap_or(0) as usize, evidence["end"].as_u64().unwrap_or(0) as usize);
        assert_eq!(&article[start..end], evidence["text"].as_str().unwrap_or_default());
    }
}

#[test]
fn published_flag_overrides_and_without_one_partial_dates_stay_unresolved() {
    let report = align_json("china-russia", &["--published", "2019-01-15"]);
    let date =
        report["date_mentions"].as_array().and_then(|dates| dates.iter().find(|d| d["text"] == "April 4-5")).cloned();
    assert_eq!(date.expect("the date")["date"]["start"], "2018-04-04");
    // The Berlin text has no publication date: everything there names its year.
    let report = align_json("berlin-wall", &[]);
    assert_eq!(report["article"]["published"], Value::Null);
    let today =
        report["date_mentions"].as_array().and_then(|dates| dates.iter().find(|d| d["text"] == "Today")).cloned();
    let today = today.expect("'Today' is found");
    assert_eq!(today["date"], Value::Null);
    assert_eq!(today["unresolved"], "no year in the text and no reference date");
}

#[test]
fn the_article_header_gives_the_reference_date_and_relative_days_resolve() {
    let report = align_json("paris-withdrawal", &[]);
    assert_eq!(report["article"]["published"], "2017-06-03");
    let thursday = report["date_mentions"].as_array().and_then(|d| d.iter().find(|d| d["text"] == "Thursday")).cloned();
    assert_eq!(thursday.expect("Thursday")["date"]["text"], "2017-06-01");
    assert_eq!(event(&report, "us-withdrawal")["date_check"], "consistent");
}

#[test]
fn the_table_shows_marked_matches_and_the_sections() {
    let table = align("china-russia", &[]);
    // Wide enough that no marked phrase is wrapped inside.
    let wide = align("china-russia", &["--width", "200"]);
    assert!(wide.contains("«April 4-5»") && wide.contains("«Wang Yi»"), "{wide}");
    assert!(table.contains("Date conflicts") && table.contains("Since 1992 (1992)"), "{table}");
    assert!(table.contains("Events not mentioned: skripal-poisoning (2018-03-04),"), "{table}");
    assert!(table.lines().all(|line| line.chars().count() <= 100), "{table}");
    assert!(!table.contains('\u{1b}'));
    let berlin = align("berlin-wall", &[]);
    assert!(berlin.contains("Dates linked to no event") && berlin.contains("September 1949"), "{berlin}");
    assert!(berlin.contains("3 October 1991 (1991-10-03)"), "{berlin}");
}

#[test]
fn markdown_and_csv() {
    let markdown = align("china-russia", &["--format", "markdown"]);
    assert!(
        markdown.contains("| 1991-12-26 | Dissolution of the Soviet Union | ¶1.1 | **Since 1992** when"),
        "{markdown}"
    );
    assert!(markdown.contains("## Date conflicts"));
    let csv = align("china-russia", &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("valid CSV");
    assert_eq!(reader.headers().map(|h| h.len()).ok(), Some(11));
    let visit = rows.iter().find(|row| &row[0] == "wang-yi-visit").expect("a row");
    assert_eq!(&visit[4], "2");
    assert!(visit[9].contains("date:April 4-5"), "{:?}", &visit[9]);
    assert!(rows.iter().any(|row| &row[0] == "skripal-poisoning" && &row[3] == "not mentioned"));
}

#[test]
fn suggest_prints_yaml_stubs_for_dates_no_event_explains() {
    let yaml = align("berlin-wall", &["--suggest"]);
    assert!(yaml.contains("- id: \"1949-airlift-ended\""), "{yaml}");
    assert!(yaml.contains("  date: \"1949-09\""), "{yaml}");
    assert!(yaml.contains("  title: \"The airlift ended in September 1949.\""), "{yaml}");
    // The stubs are a valid timeline once put under `events:`.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("suggested.yaml");
    std::fs::write(&path, format!("events:\n{yaml}")).expect("written");
    let output = run(&["timeline", "check", path.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{}\n{yaml}", stderr(&output));
}

#[test]
fn bad_arguments_and_inputs_exit_2() {
    let timeline = "tests/fixtures/align/china-russia/timeline.yaml";
    for (args, message) in [
        (&["--timeline", timeline, "align", "--published", "April"][..], "--published April"),
        (&["--timeline", timeline, "align", "--min-score=-1"], "--min-score"),
        (&["--timeline", timeline, "align", "tests/fixtures/align/missing.txt"], "missing.txt"),
        (&["--no-timeline", "align"], "needs a timeline"),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
        assert_eq!(stdout(&output), "");
    }
}

#[test]
fn hostile_text_cannot_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let article = dir.path().join("article.txt");
    std::fs::write(&article, "Wang Yi visited Moscow\u{1b}[31m on 5 April 2018.\n").expect("written");
    let timeline = dir.path().join("timeline.yaml");
    std::fs::write(
        &timeline,
        "events:\n  - id: visit\n    title: Wang Yi visits Moscow\n    date: 2018-04-05\n    actors: [Wang Yi]\n",
    )
    .expect("written");
    let output = run(&["--timeline", timeline.to_str().expect("UTF-8"), "align", article.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(!table.contains('\u{1b}') && table.contains("\\u{1b}"), "{table}");
}

/// Scale: N synthetic events (titles, actors and places drawn from the novel's own words)
/// against War and Peace, timed for the whole command. Run by hand in release:
/// `cargo test --release --test cli align_scales -- --ignored --nocapture`.
#[test]
#[ignore = "a timing run over ../shared/corpus; run by hand in release"]
fn align_scales_to_ten_thousand_events_over_war_and_peace() {
    let Some(corpus) = crate::common::corpus() else {
        return;
    };
    let novel = corpus.join("war-and-peace/wrnpc12.txt");
    let text = read(&novel);
    let mut names: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 4 && word.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 5 && word.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    words.sort_unstable();
    words.dedup();
    // A fixed linear congruential sequence: the same events on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |limit: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % limit.max(1)
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut timings = Vec::new();
    for count in [100, 1_000, 10_000] {
        let mut yaml = String::from("events:\n");
        for index in 0..count {
            let title = format!(
                "{} {} {} {}",
                names[next(names.len())],
                words[next(words.len())],
                words[next(words.len())],
                words[next(words.len())]
            );
            let date = format!("{}-{:02}-{:02}", 1800 + next(16), 1 + next(12), 1 + next(28));
            yaml.push_str(&format!(
                "  - id: e{index}\n    title: \"{title}\"\n    date: {date}\n    actors: [\"{} {}\", \"{}\"]\n    places: [\"{}\"]\n",
                names[next(names.len())],
                names[next(names.len())],
                names[next(names.len())],
                names[next(names.len())]
            ));
        }
        let timeline = dir.path().join(format!("events-{count}.yaml"));
        std::fs::write(&timeline, yaml).expect("written");
        let started = std::time::Instant::now();
        let output = run(&[
            "--timeline",
            timeline.to_str().expect("UTF-8"),
            "align",
            novel.to_str().expect("UTF-8"),
            "--format",
            "json",
            "-o",
            dir.path().join("report.json").to_str().expect("UTF-8"),
        ]);
        let elapsed = started.elapsed();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        println!("{count} events against War and Peace: {:.3} s", elapsed.as_secs_f64());
        timings.push(elapsed);
    }
}

#[test]
fn a_date_header_with_an_update_gives_both_dates_and_an_unreadable_one_is_a_warning() {
    let timeline = fixture("timelines/no-published.yaml");
    let timeline = timeline.to_str().expect("UTF-8 path");
    let updated = fixture("articles/updated-date.txt");
    let output = run(&["--timeline", timeline, "align", updated.to_str().expect("UTF-8"), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["article"]["published"], "2018-03-29");
    assert_eq!(report["article"]["modified"], "2018-03-30");
    let summit = report["date_mentions"].as_array().and_then(|d| d.iter().find(|d| d["text"] == "March 22")).cloned();
    assert_eq!(summit.expect("March 22")["date"]["text"], "2018-03-22");

    let unreadable = fixture("articles/unreadable-date.txt");
    let output = run(&["--timeline", timeline, "align", unreadable.to_str().expect("UTF-8"), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("unreadable-date.txt:2:1: cannot read a date in `Date: the other day`"),
        "{}",
        stderr(&output)
    );
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["article"]["published"], Value::Null);
}

#[test]
fn explain_lists_the_sentences_that_fell_short_and_why() {
    let table = align("china-russia", &["--explain", "--width", "200"]);
    assert!(table.contains("Not linked (--explain)"), "{table}");
    assert!(table.contains("score 1.27 below 2.00"), "{table}");
    let report = align_json("china-russia", &["--explain"]);
    let misses = report["near_misses"].as_array().expect("near misses with --explain");
    assert!(misses.iter().all(|miss| miss["reason"].is_string() && miss["evidence"].is_array()), "{misses:?}");
    // Without the flag the JSON carries none.
    assert!(align_json("china-russia", &[])["near_misses"].is_null());
}

#[test]
fn suggest_escapes_del_c1_and_bidi_controls() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let article = dir.path().join("hostile.txt");
    std::fs::write(
        &article,
        "Title: T\nDate: 2018-04-10\n\nIn 1995 the \u{202e} evil \u{9b}[31m and \u{7f} happened.\n",
    )
    .expect("written");
    let output = run(&["align", article.to_str().expect("UTF-8 path"), "--suggest"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let yaml = stdout(&output);
    assert!(yaml.contains("\\u202e") && yaml.contains("\\u009b") && yaml.contains("\\u007f"), "{yaml}");
    assert!(!yaml.chars().any(|c| matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}')), "{yaml}");
}
