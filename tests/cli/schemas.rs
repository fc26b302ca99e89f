//! Every JSON output validates against its schema in `schemas/` (JSON Schema draft 2020-12,
//! checked with `boon`), on the sample and on fixtures; and each schema rejects a document that
//! breaks it, so that these tests can fail. A violation names the schema file and the JSON
//! pointer of each offending value.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::common::{dossier, fixture, project_root, stderr};

const SAMPLE: &str = "samples/china-russia-2018.txt";
const V2: &str = "samples/china-russia-2018-v2.txt";
const V3: &str = "samples/china-russia-2018-v3.txt";

/// Every output schema, by file name without `.json`. `common.json` holds shared definitions.
const OUTPUTS: [&str; 9] = [
    "align",
    "article",
    "brief",
    "diff",
    "diff-batch-line",
    "diff-stat",
    "history",
    "timeline-show",
    "timelinejs-export",
];
const SHARED: &str = "common";
const ID_BASE: &str = "https://dossier.invalid/schemas/";

/// The compiled schemas, one per output.
struct Validator {
    schemas: boon::Schemas,
    compiled: BTreeMap<&'static str, boon::SchemaIndex>,
}

impl Validator {
    fn new() -> Validator {
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        for name in OUTPUTS.iter().chain([&SHARED]) {
            let schema = schema_file(name);
            let id = schema["$id"].as_str().unwrap_or_else(|| panic!("schemas/{name}.json has no $id")).to_owned();
            compiler.add_resource(&id, schema).unwrap_or_else(|err| panic!("schemas/{name}.json: {err}"));
        }
        let mut schemas = boon::Schemas::new();
        let compiled = OUTPUTS
            .iter()
            .map(|&name| {
                let index = compiler
                    .compile(&format!("{ID_BASE}{name}.json"), &mut schemas)
                    .unwrap_or_else(|err| panic!("schemas/{name}.json does not compile: {err:#}"));
                (name, index)
            })
            .collect();
        Validator { schemas, compiled }
    }

    /// The violations of `document` against `schema`, one message naming the file and the
    /// pointers (boon's `{:#}` form: `at '/blocks/0/kind' [schema location]: ...`).
    fn violations(&self, schema: &str, document: &Value) -> Option<String> {
        let index = *self.compiled.get(schema).unwrap_or_else(|| panic!("no schema named {schema}"));
        self.schemas.validate(document, index).err().map(|error| format!("schemas/{schema}.json: {error:#}"))
    }

    fn assert_valid(&self, schema: &str, document: &Value, what: &str) {
        if let Some(violations) = self.violations(schema, document) {
            panic!("{what} breaks its schema\n{violations}");
        }
    }
}

fn schema_file(name: &str) -> Value {
    let path = project_root().join("schemas").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// `dossier ARGS`'s standard output, which must be JSON; exit codes 0 and 1 (texts differ) are
/// both answers.
fn json_of(args: &[&str]) -> Value {
    let output = dossier().args(args).output().expect("dossier runs");
    assert!(matches!(output.status.code(), Some(0 | 1)), "dossier {args:?}: {:?}\n{}", output.status, stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| panic!("dossier {args:?}: not JSON: {err}"))
}

/// Runs `dossier ARGS` and validates its output against `schema`.
fn check(validator: &Validator, schema: &str, args: &[&str]) -> Value {
    let document = json_of(args);
    validator.assert_valid(schema, &document, &format!("the output of `dossier {}`", args.join(" ")));
    document
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("fixture paths are UTF-8")
}

/// The article folders of `tests/fixtures/<set>`, each with `article.txt` and `timeline.yaml`.
fn story_folders(set: &str) -> Vec<std::path::PathBuf> {
    let mut folders: Vec<_> = std::fs::read_dir(fixture(set))
        .expect("fixture folder")
        .map(|entry| entry.expect("folder entry").path())
        .filter(|path| path.join("article.txt").is_file() && path.join("timeline.yaml").is_file())
        .collect();
    folders.sort();
    assert!(!folders.is_empty(), "no stories under tests/fixtures/{set}");
    folders
}

#[test]
fn every_schema_compiles_and_says_what_it_describes() {
    Validator::new();
    let mut files: Vec<String> = std::fs::read_dir(project_root().join("schemas"))
        .expect("schemas/")
        .map(|entry| entry.expect("folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = OUTPUTS.iter().chain([&SHARED]).map(|name| format!("{name}.json")).collect();
    expected.sort();
    assert_eq!(files, expected, "a schema file no test validates against, or one missing");
    for name in OUTPUTS.iter().chain([&SHARED]) {
        let schema = schema_file(name);
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "schemas/{name}.json");
        assert_eq!(schema["$id"], format!("{ID_BASE}{name}.json"), "schemas/{name}.json");
        for key in ["title", "description"] {
            assert!(schema[key].as_str().is_some_and(|text| !text.is_empty()), "schemas/{name}.json has no {key}");
        }
    }
}

#[test]
fn the_sample_outputs_validate() {
    let validator = Validator::new();
    check(&validator, "timeline-show", &["timeline", "show", "--format", "json"]);
    check(&validator, "timeline-show", &["timeline", "show", "--format", "json", "--from", "2018", "--tag", "russia"]);
    check(&validator, "timelinejs-export", &["timeline", "export", "--format", "timelinejs-json"]);
    check(&validator, "align", &["align", "--format", "json"]);
    let explained = check(&validator, "align", &["align", "--explain", "--format", "json"]);
    assert!(explained.get("near_misses").is_some(), "the sample has near misses to validate");
    check(&validator, "history", &["history", "--format", "json", SAMPLE, V2, V3]);
    check(&validator, "history", &["--no-timeline", "history", "--format", "json", SAMPLE, V2, V3]);
    check(&validator, "history", &["history", "--format", "json", SAMPLE]);
    let brief = check(&validator, "brief", &["brief", "--format", "json"]);
    assert!(!brief["changes"].is_null(), "the sample's brief has a change section to validate");
    check(&validator, "brief", &["brief", "--format", "json", SAMPLE]);
}

#[test]
fn diff_outputs_validate() {
    let validator = Validator::new();
    for new in [V2, V3] {
        let report = check(&validator, "diff", &["diff", "--format", "json", SAMPLE, new]);
        assert!(report.get("events").is_some(), "a diff with the timeline has events to validate");
        check(&validator, "diff", &["--no-timeline", "diff", "--format", "json", SAMPLE, new]);
        check(&validator, "diff-stat", &["diff", "--stat", "--format", "json", SAMPLE, new]);
    }
    check(&validator, "diff", &["diff", "--format", "json", SAMPLE, SAMPLE]);
    check(&validator, "diff", &["diff", "--ignore-case", "--format", "json", SAMPLE, V2]);
    // Moves, splits, merges, rewrapped lines, CRLF: each against the sample it was made from.
    let mut kinds = Vec::new();
    for entry in std::fs::read_dir(fixture("diff")).expect("tests/fixtures/diff") {
        let path = entry.expect("folder entry").path();
        let report = check(&validator, "diff", &["diff", "--format", "json", SAMPLE, path_text(&path)]);
        check(
            &validator,
            "diff-stat",
            &["--no-timeline", "diff", "--stat", "--format", "json", SAMPLE, path_text(&path)],
        );
        kinds.extend(report["blocks"].as_array().expect("blocks").iter().map(|block| block["kind"].clone()));
    }
    for kind in ["moved", "split", "merged", "changed"] {
        assert!(kinds.contains(&json!(kind)), "no {kind} block among the diff fixtures");
    }
    // Header fields (Title:, Date:) that changed.
    let articles = fixture("articles");
    let updated = articles.join("updated-date.txt");
    let unreadable = articles.join("unreadable-date.txt");
    check(
        &validator,
        "diff",
        &["--no-timeline", "diff", "--format", "json", path_text(&updated), path_text(&unreadable)],
    );
}

/// The lines of `dossier [GLOBAL] diff --batch tests/fixtures/batch/archive`.
fn batch_lines(global: &[&str]) -> Vec<Value> {
    let archive = fixture("batch/archive");
    let output = dossier().args(global).args(["diff", "--batch", path_text(&archive)]).output().expect("dossier runs");
    // 2: the archive holds a version that cannot be read, whose line says so.
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).expect("UTF-8 lines");
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("not a JSON line: {err}\n{line}")))
        .collect()
}

#[test]
fn every_batch_line_validates() {
    let validator = Validator::new();
    let archive = fixture("batch/archive");
    for timeline in [&[][..], &["--no-timeline"][..]] {
        let lines = batch_lines(timeline);
        for (number, line) in lines.iter().enumerate() {
            let what =
                format!("line {} of `dossier {} diff --batch {}`", number + 1, timeline.join(" "), archive.display());
            validator.assert_valid("diff-batch-line", line, &what);
        }
        assert!(lines.iter().any(|line| line.get("error").is_some()), "a failed step to validate");
        assert!(lines.iter().any(|line| line.get("stats").is_some()), "a compared step to validate");
    }
}

#[test]
fn fixture_stories_validate() {
    let validator = Validator::new();
    let mut stories = story_folders("news");
    stories.extend(story_folders("align"));
    for story in &stories {
        let timeline = story.join("timeline.yaml");
        let article = story.join("article.txt");
        let [timeline, article] = [path_text(&timeline), path_text(&article)];
        check(&validator, "align", &["--timeline", timeline, "align", "--explain", "--format", "json", article]);
        check(&validator, "timeline-show", &["--timeline", timeline, "timeline", "show", "--format", "json"]);
        check(
            &validator,
            "timelinejs-export",
            &["--timeline", timeline, "timeline", "export", "--format", "timelinejs-json"],
        );
        check(&validator, "brief", &["--timeline", timeline, "brief", "--format", "json", article]);
    }
    // BCE years, open ranges, approximate and uncertain dates.
    for timeline in ["interchange/bce.yaml", "interchange/mixed.yaml"] {
        let timeline = fixture(timeline);
        let timeline = path_text(&timeline);
        check(&validator, "timeline-show", &["--timeline", timeline, "timeline", "show", "--format", "json"]);
        check(
            &validator,
            "timelinejs-export",
            &["--timeline", timeline, "timeline", "export", "--format", "timelinejs-json"],
        );
    }
    // Articles with header dates: modified, unread published.
    for entry in std::fs::read_dir(fixture("articles")).expect("tests/fixtures/articles") {
        let path = entry.expect("folder entry").path();
        check(&validator, "align", &["align", "--format", "json", path_text(&path)]);
        check(&validator, "article", &["article", "--format", "json", path_text(&path)]);
    }
    // Saved web pages, with their metadata and every kind of block.
    for page in ["pages/garissa-verdict.html", "pages/russia-costs-2021.html"] {
        let page = fixture(page);
        let read = check(&validator, "article", &["article", "--format", "json", path_text(&page)]);
        assert_eq!(read["source_format"], "html", "{}", page.display());
    }
    check(&validator, "article", &["article", "--format", "json", SAMPLE]);
}

/// Changes a document so that it breaks its schema; the pointer the violation must name.
type Breakage = (&'static str, fn(&mut Value));

fn remove(value: &mut Value, key: &str) {
    value.as_object_mut().expect("an object").remove(key).unwrap_or_else(|| panic!("no {key} to remove"));
}

/// A breakage per schema: a required field dropped, a field no schema knows, a value outside
/// a closed set, a wrong type. Each document is rejected, and the message names the pointer.
#[test]
fn a_document_that_breaks_its_schema_is_rejected() {
    let validator = Validator::new();
    let diff = json_of(&["diff", "--format", "json", SAMPLE, V2]);
    let documents: Vec<(&str, Value, Vec<Breakage>)> = vec![
        (
            "align",
            json_of(&["align", "--explain", "--format", "json"]),
            vec![
                ("", |doc| remove(doc, "conflicts")),
                ("/events/0/mentions/0/evidence/0/kind", |doc| {
                    doc["events"][0]["mentions"][0]["evidence"][0]["kind"] = json!("hunch")
                }),
                ("/events/0/date_check", |doc| doc["events"][0]["date_check"] = json!("maybe")),
                ("/article", |doc| doc["article"]["words"] = json!(3)),
            ],
        ),
        (
            "article",
            json_of(&["article", "--format", "json", SAMPLE]),
            vec![
                ("", |doc| remove(doc, "blocks")),
                ("/source_format", |doc| doc["source_format"] = json!("pdf")),
                ("/blocks/0/kind", |doc| doc["blocks"][0]["kind"] = json!("aside")),
                ("/byline", |doc| doc["byline"] = json!("Wang Li")),
            ],
        ),
        (
            "diff",
            diff.clone(),
            vec![
                ("", |doc| remove(doc, "blocks")),
                ("/blocks/0/kind", |doc| doc["blocks"][0]["kind"] = json!("rewritten")),
                ("/events/0/status", |doc| doc["events"][0]["status"] = json!("touched")),
                ("/stats/similarity", |doc| doc["stats"]["similarity"] = json!(1.5)),
                ("/schema_version", |doc| doc["schema_version"] = json!(2)),
            ],
        ),
        (
            "diff-stat",
            json_of(&["diff", "--stat", "--format", "json", SAMPLE, V2]),
            vec![("", |doc| doc["blocks"] = json!([])), ("/stats", |doc| remove(&mut doc["stats"], "words_common"))],
        ),
        (
            "diff-batch-line",
            batch_lines(&[]).into_iter().find(|line| line.get("events").is_some()).expect("a compared step"),
            vec![
                ("", |doc| remove(doc, "factual_edit_count")),
                ("", |doc| doc["error"] = json!("both an error and statistics")),
                ("/events/0/status", |doc| doc["events"][0]["status"] = json!("Edited")),
                ("/old/words", |doc| doc["old"]["words"] = json!(-1)),
            ],
        ),
        (
            "history",
            json_of(&["history", "--format", "json", SAMPLE, V2, V3]),
            vec![
                ("", |doc| remove(doc, "steps")),
                ("/passages/0/cells/0/state", |doc| doc["passages"][0]["cells"][0]["state"] = json!("gone")),
                ("/versions/0/label", |doc| doc["versions"][0]["label"] = json!("first")),
                ("/steps/0/events", |doc| doc["steps"][0]["events"]["renamed"] = json!(0)),
            ],
        ),
        (
            "brief",
            json_of(&["brief", "--format", "json"]),
            vec![
                ("", |doc| remove(doc, "key_events")),
                ("/changes/rows/0/kind", |doc| doc["changes"]["rows"][0]["kind"] = json!("edited")),
                ("/key_events/events/0/date/precision", |doc| {
                    doc["key_events"]["events"][0]["date"]["precision"] = json!("week")
                }),
            ],
        ),
        (
            "timeline-show",
            json_of(&["timeline", "show", "--format", "json"]),
            vec![
                ("", |doc| remove(doc, "title")),
                ("/events/0", |doc| remove(&mut doc["events"][0], "notes")),
                ("/events/0/date/start", |doc| doc["events"][0]["date"]["start"] = json!("26 December 1991")),
                ("/events/0/tags", |doc| doc["events"][0]["tags"] = json!("russia")),
            ],
        ),
        (
            "timelinejs-export",
            json_of(&["timeline", "export", "--format", "timelinejs-json"]),
            vec![
                ("", |doc| remove(doc, "events")),
                ("/events/0/start_date/month", |doc| doc["events"][0]["start_date"]["month"] = json!(13)),
                ("/events/0/start_date/year", |doc| doc["events"][0]["start_date"]["year"] = json!(0)),
                ("/events/0/text", |doc| remove(&mut doc["events"][0]["text"], "headline")),
            ],
        ),
    ];
    let mut covered: Vec<&str> = documents.iter().map(|(schema, ..)| *schema).collect();
    covered.sort_unstable();
    assert_eq!(covered, OUTPUTS, "a breakage for every schema");
    for (schema, document, breakages) in documents {
        validator.assert_valid(schema, &document, &format!("the unbroken {schema} document"));
        for (pointer, breakage) in breakages {
            let mut broken = document.clone();
            breakage(&mut broken);
            let violations = validator
                .violations(schema, &broken)
                .unwrap_or_else(|| panic!("schemas/{schema}.json accepts a document broken at '{pointer}'"));
            assert!(violations.starts_with(&format!("schemas/{schema}.json: ")), "{violations}");
            assert!(violations.contains(&format!("at '{pointer}'")), "the violation names '{pointer}':\n{violations}");
        }
    }
}
