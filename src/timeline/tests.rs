use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::dates::Precision;

fn parse(text: &str) -> Result<Timeline> {
    Timeline::parse(Path::new("t.yaml"), text)
}

fn valid(text: &str) -> Timeline {
    parse(text).unwrap_or_else(|err| panic!("{err}"))
}

/// Every problem as `FILE:LINE:COLUMN: message`.
fn problems(text: &str) -> Vec<String> {
    match parse(text) {
        Ok(_) => Vec::new(),
        Err(Error::Problems(problems)) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("not a list of problems: {other}"),
    }
}

fn ids(events: &[&Event]) -> Vec<String> {
    events.iter().map(|event| event.id.clone()).collect()
}

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_sample_timeline_loads() {
    let path = project_root().join("timeline.yaml");
    let timeline = Timeline::load(&path).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(timeline.title.as_deref(), Some("China and Russia, spring 2018"));
    assert_eq!(timeline.events.len(), 12);
    let article = timeline.article.as_ref().expect("an article section");
    assert_eq!(article.path, project_root().join("samples/china-russia-2018.txt"));
    assert_eq!(article.authors, ["Wang Li", "Nodir Boboev"]);
    assert_eq!(article.published, Some(Date::parse("2018-04").unwrap()));
    let soviet = timeline.events.iter().find(|event| event.id == "soviet-union-dissolved").expect("the Soviet event");
    assert!(soviet.notes.as_deref().unwrap_or_default().contains("off by a year"));
    assert_eq!(
        ids(&timeline.sorted_events()),
        [
            "soviet-union-dissolved",
            "six-party-talks",
            "belt-and-road-proposed",
            "eurasian-economic-union",
            "skripal-poisoning",
            "us-steel-aluminium-tariffs",
            "uk-expels-russian-diplomats",
            "us-section-301-action",
            "allies-expel-russian-diplomats",
            "china-counter-tariffs",
            "wang-yi-moscow-visit",
            "inter-korean-summit",
        ]
    );
}

/// Aliases are phrases the article really uses, so that the aligner's matches are honest.
#[test]
fn every_sample_alias_occurs_in_the_article() {
    let timeline = Timeline::load(&project_root().join("timeline.yaml")).unwrap_or_else(|err| panic!("{err}"));
    let article = std::fs::read_to_string(project_root().join("samples/china-russia-2018.txt")).unwrap();
    for event in &timeline.events {
        for alias in &event.aliases {
            assert!(article.contains(alias.as_str()), "{}: `{alias}` is not in the article", event.id);
        }
    }
}

#[test]
fn a_minimal_timeline_needs_only_events() {
    let timeline = valid("events:\n  - id: a\n    title: A\n    date: 2018-04-05\n");
    assert_eq!(timeline.title, None);
    assert!(timeline.article.is_none());
    let event = &timeline.events[0];
    assert_eq!((event.id.as_str(), event.title.as_str()), ("a", "A"));
    assert_eq!(event.date.precision(), Precision::Day);
    assert!(event.aliases.is_empty() && event.display.is_none() && event.notes.is_none());
    assert!(valid("events: []\n").events.is_empty());
}

#[test]
fn dates_may_arrive_as_numbers_and_before_the_common_era() {
    let timeline = valid(
        "events:\n\
         - {id: a, title: A, date: 1992}\n\
         - {id: b, title: B, date: -500}\n\
         - {id: c, title: C, date: '-0044-03-15'}\n\
         - {id: d, title: D, date: ../1992}\n\
         - {id: e, title: E, date: 1992/..}\n\
         - {id: f, title: F, date: 2013~}\n",
    );
    let dates: Vec<String> = timeline.events.iter().map(|event| event.date.to_string()).collect();
    assert_eq!(dates, ["1992", "-0500", "-0044-03-15", "../1992", "1992/..", "2013~"]);
    assert_eq!(timeline.events[3].date.first_day(), None);
    assert_eq!(timeline.events[4].date.last_day(), None);
    assert!(timeline.events[5].date.approximate);
}

#[test]
fn sorting_is_by_start_then_coarser_precision_then_id() {
    let timeline = valid(
        "events:\n\
         - {id: day, title: x, date: 1992-01-01}\n\
         - {id: month, title: x, date: 1992-01}\n\
         - {id: year-b, title: x, date: 1992}\n\
         - {id: year-a, title: x, date: 1992}\n\
         - {id: open, title: x, date: ../1991}\n\
         - {id: bce, title: x, date: -0100}\n\
         - {id: later, title: x, date: 1991-12-26}\n",
    );
    assert_eq!(ids(&timeline.sorted_events()), ["open", "bce", "later", "year-a", "year-b", "month", "day"]);
}

#[test]
fn optional_fields_and_lists_are_read() {
    let timeline = valid(
        "title: T\n\
         events:\n\
         \x20 - id: x-1\n\
         \x20   title: X\n\
         \x20   date: 2018-04-04/2018-04-05\n\
         \x20   display: 1992\n\
         \x20   aliases: [Wang Yi, visited Moscow]\n\
         \x20   actors: [Wang Yi]\n\
         \x20   places: [Moscow]\n\
         \x20   tags: [diplomacy]\n\
         \x20   sources: ['https://example.org/a']\n\
         \x20   notes: ~\n",
    );
    let event = &timeline.events[0];
    assert_eq!(event.display.as_deref(), Some("1992"));
    assert_eq!(event.aliases, ["Wang Yi", "visited Moscow"]);
    assert_eq!((event.actors.len(), event.places.len(), event.tags.len(), event.sources.len()), (1, 1, 1, 1));
    assert_eq!(event.notes, None);
}

#[test]
fn unknown_keys_are_reported_with_a_suggestion() {
    assert_eq!(
        problems("titel: T\nevents:\n  - id: a\n    title: A\n    dat: 2018\n    colour: red\n"),
        [
            "t.yaml:1:1: unknown key `titel` in the timeline; did you mean `title`?",
            "t.yaml:3:5: event is missing required key `date`",
            "t.yaml:5:5: unknown key `dat` in an event; did you mean `date`?",
            "t.yaml:6:5: unknown key `colour` in an event; expected one of: id, title, date, display, aliases, \
             actors, places, tags, sources, notes",
        ]
    );
}

#[test]
fn missing_required_keys_are_reported_where_the_mapping_starts() {
    assert_eq!(problems("title: T\n"), ["t.yaml:1:1: missing required key `events`"]);
    assert_eq!(
        problems("events:\n  - notes: n\n  - id: b\n    title:\n    date: 2018\n"),
        [
            "t.yaml:2:5: event is missing required key `id`",
            "t.yaml:2:5: event is missing required key `title`",
            "t.yaml:2:5: event is missing required key `date`",
            "t.yaml:4:11: `title` has no value",
        ]
    );
    assert_eq!(
        problems("article:\n  title: A\nevents: []\n"),
        ["t.yaml:2:3: `article` is missing required key `path`"]
    );
}

#[test]
fn wrong_types_are_reported_at_the_value() {
    let text = "title: [a]\n\
                events:\n\
                \x20 - id: 7up\n\
                \x20   title: {a: b}\n\
                \x20   date: 2018.5\n\
                \x20   display: true\n\
                \x20   aliases: Wang Yi\n\
                \x20   actors: [[a]]\n\
                \x20   places: [1.5]\n\
                \x20   tags: ['']\n\
                \x20   notes: [n]\n\
                \x20 - plain text\n";
    assert_eq!(
        problems(text),
        [
            "t.yaml:1:9: `title` must be text, found a list",
            "t.yaml:4:13: `title` must be text, found a mapping",
            "t.yaml:5:11: `date` must be a date such as 2018-04-05, found the number 2018.5",
            "t.yaml:6:14: `display` must be text, found the boolean true (put it in quotes)",
            "t.yaml:7:14: `aliases` must be a list such as [a, b], found a string",
            "t.yaml:8:15: `actors` must be text, found a list",
            "t.yaml:9:14: `places` must be text, found the number 1.5 (put it in quotes)",
            "t.yaml:10:12: empty item in `tags`",
            "t.yaml:11:13: `notes` must be text, found a list",
            "t.yaml:12:5: an event must be a mapping, found a string",
        ]
    );
    assert_eq!(problems("events: {a: 1}\n"), ["t.yaml:1:10: `events` must be a list of events, found a mapping"]);
    assert_eq!(problems("article: x\nevents: []\n"), ["t.yaml:1:10: `article` must be a mapping, found a string"]);
}

#[test]
fn duplicate_keys_and_ids_point_at_the_second_use() {
    assert_eq!(
        problems(
            "events:\n  - id: a\n    title: A\n    title: B\n    date: 2018\n  - id: a\n    title: C\n    date: 2018\n"
        ),
        ["t.yaml:4:5: duplicate key `title` (first at line 3)", "t.yaml:6:9: duplicate id `a` (first used at line 2)"]
    );
}

#[test]
fn bad_values_are_reported() {
    assert_eq!(
        problems(
            "events:\n\
             - {id: Bad Id, title: ' ', date: 2018-02-30}\n\
             - {id: ok, title: T, date: 2018-05/2018-04}\n\
             - {id: '', title: T, date: 18-1}\n"
        ),
        [
            "t.yaml:2:8: invalid id `Bad Id`: use lowercase letters, digits and '-'",
            "t.yaml:2:23: empty title",
            "t.yaml:2:34: invalid date `2018-02-30`: 2018-02-30 does not exist",
            "t.yaml:3:28: invalid date `2018-05/2018-04`: the range ends (2018-04) before it starts (2018-05)",
            "t.yaml:4:8: invalid id ``: use lowercase letters, digits and '-'",
            "t.yaml:4:28: invalid date `18-1`: `18-1` has a bad month (expected two digits)",
        ]
    );
}

#[test]
fn article_paths_are_relative_to_the_timeline_folder() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("texts")).unwrap();
    std::fs::write(folder.path().join("texts/a.txt"), "text").unwrap();
    let path = folder.path().join("t.yaml");
    let text = "article:\n  path: texts/a.txt\n  published: 2018-04\n  versions: [texts/a.txt]\nevents: []\n";
    let timeline = Timeline::parse(&path, text).unwrap_or_else(|err| panic!("{err}"));
    let article = timeline.article.expect("article");
    assert_eq!(article.path, folder.path().join("texts/a.txt"));
    assert_eq!(article.versions, [folder.path().join("texts/a.txt")]);

    let text = "article:\n  path: texts/b.txt\n  versions: [texts, texts/a.txt]\nevents: []\n";
    let Err(Error::Problems(problems)) = Timeline::parse(&path, text) else { panic!("problems expected") };
    let messages: Vec<String> = problems.iter().map(|problem| problem.to_string()).collect();
    let file = path.display();
    let texts = folder.path().join("texts");
    assert_eq!(
        messages,
        [
            format!("{file}:2:9: article file {} does not exist", texts.join("b.txt").display()),
            format!("{file}:3:14: version file {} is not a file", texts.display()),
        ]
    );
}

#[test]
fn a_timeline_must_be_a_mapping() {
    assert_eq!(
        problems(""),
        ["t.yaml:1:1: a timeline must be a mapping with an `events` list, found an empty document"]
    );
    assert_eq!(problems("- a\n"), ["t.yaml:1:3: a timeline must be a mapping with an `events` list, found a list"]);
    assert_eq!(
        problems("just text\n"),
        ["t.yaml:1:1: a timeline must be a mapping with an `events` list, found a string"]
    );
}

#[test]
fn tags_and_non_text_keys_are_reported() {
    assert_eq!(
        problems("events: !list []\n1: x\n? [k]\n: v\n"),
        [
            "t.yaml:1:1: unsupported YAML tag `!list`",
            "t.yaml:2:1: keys must be text, found the number 1",
            "t.yaml:3:4: keys must be text, found a list"
        ]
    );
}

#[test]
fn fatal_yaml_errors_come_out_as_one_located_problem() {
    assert_eq!(
        problems("events:\n  - id: a\n   title: b\n"),
        [
            "t.yaml:3:4: YAML syntax error: did not find expected '-' indicator, while parsing a block collection at line 2 column 3"
        ]
    );
    let deep = format!("events: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(
        problems(&deep),
        ["t.yaml:1:136: lists and mappings nest too deeply (recursion limit exceeded: at most 128 levels)"]
    );
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let aliases = vec![format!("*{}", pair[0]); 9].join(", ");
        bomb.push_str(&format!("{}: &{} [{aliases}]\n", pair[1], pair[1]));
    }
    bomb.push_str("events: []\n");
    let problems = problems(&bomb);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("t.yaml:"), "{problems:?}");
    assert!(problems[0].contains("alias bomb?"), "{problems:?}");
}

#[test]
fn problems_come_in_document_order() {
    let found = problems("events:\n  - {id: B, title: '', date: x}\ntitel: T\n");
    assert_eq!(
        found,
        [
            "t.yaml:2:10: invalid id `B`: use lowercase letters, digits and '-'",
            "t.yaml:2:20: empty title",
            "t.yaml:2:30: invalid date `x`: `x` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            "t.yaml:3:1: unknown key `titel` in the timeline; did you mean `title`?",
        ]
    );
}

#[test]
fn loading_names_the_file_in_every_error() {
    let folder = tempfile::tempdir().unwrap();
    let missing = folder.path().join("missing.yaml");
    let err = Timeline::load(&missing).unwrap_err().to_string();
    assert!(err.starts_with(&format!("{}: ", missing.display())), "{err}");

    let err = Timeline::load(folder.path()).unwrap_err().to_string();
    assert_eq!(err, format!("{}: is a directory, not a timeline file", folder.path().display()));

    let latin1 = folder.path().join("latin1.yaml");
    std::fs::write(&latin1, b"title: ok\nevents: [{id: a, title: caf\xe9, date: 2018}]\n").unwrap();
    let err = Timeline::load(&latin1).unwrap_err().to_string();
    assert_eq!(err, format!("{}:2:28: not valid UTF-8: a timeline must be UTF-8 text", latin1.display()));

    let huge = folder.path().join("huge.yaml");
    std::fs::File::create(&huge).unwrap().set_len(MAX_TIMELINE_BYTES + 1).unwrap();
    let err = Timeline::load(&huge).unwrap_err().to_string();
    assert_eq!(err, format!("{}: is larger than a timeline may be (67108864 bytes)", huge.display()));
}

#[test]
fn filters_keep_overlapping_dates_and_any_listed_tag_or_actor() {
    let timeline = valid(
        "events:\n\
         - {id: soviet, title: x, date: 1991-12-26, tags: [History], actors: [Gorbachev]}\n\
         - {id: talks, title: x, date: 2003-08/2009-04, tags: [korea]}\n\
         - {id: visit, title: x, date: 2018-04-04/2018-04-05, tags: [diplomacy], actors: [Wang Yi]}\n\
         - {id: since, title: x, date: 1992/..}\n",
    );
    let date = |text: &str| Date::parse(text).unwrap();
    let kept = |filter: TimelineFilter| ids(&filter.apply(&timeline.events));
    assert_eq!(kept(TimelineFilter::default()), ["soviet", "talks", "visit", "since"]);
    assert_eq!(kept(TimelineFilter::new(Some(&date("2009")), None).unwrap()), ["talks", "visit", "since"]);
    assert_eq!(kept(TimelineFilter::new(None, Some(&date("1991-12"))).unwrap()), ["soviet"]);
    assert_eq!(
        kept(TimelineFilter::new(Some(&date("2018-04-05")), Some(&date("2018-04-05"))).unwrap()),
        ["visit", "since"]
    );
    assert_eq!(kept(TimelineFilter::new(Some(&date("2010")), Some(&date("2017"))).unwrap()), ["since"]);
    assert!(TimelineFilter::new(Some(&date("2018")), Some(&date("2017"))).is_err());
    let tags = ["history".to_string(), "KOREA".to_string()];
    assert_eq!(kept(TimelineFilter::default().with_tags(&tags)), ["soviet", "talks"]);
    let actors = ["wang yi".to_string()];
    assert_eq!(kept(TimelineFilter::default().with_tags(&tags).with_actors(&actors)), Vec::<String>::new());
    assert_eq!(kept(TimelineFilter::default().with_actors(&actors)), ["visit"]);
}

/// Edits that a hurried analyst or a fuzzer might make to a valid timeline.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    DuplicateLine(usize),
}

fn apply(text: &str, edit: &Edit) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match edit {
        Edit::Insert(at, piece) => {
            let at = boundary(*at);
            format!("{}{piece}{}", &text[..at], &text[at..])
        }
        Edit::Delete(at, length) => {
            let start = boundary(*at);
            let end = boundary(start.saturating_add(*length).min(text.len()));
            let end = end.max(start);
            format!("{}{}", &text[..start], &text[end..])
        }
        Edit::DuplicateLine(line) => {
            let lines: Vec<&str> = text.lines().collect();
            let line = line % lines.len().max(1);
            let mut out: Vec<&str> = lines.clone();
            if let Some(copy) = lines.get(line) {
                out.insert(line, copy);
            }
            out.join("\n")
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), "[-:\\[\\]{}&*!#'\"|>?,~%./ \\na-z0-9é\u{0}\u{202e}]{1,6}")
            .prop_map(|(at, piece)| Edit::Insert(at, piece)),
        (any::<usize>(), 1usize..40).prop_map(|(at, length)| Edit::Delete(at, length)),
        any::<usize>().prop_map(Edit::DuplicateLine),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever is done to the sample, loading it gives a timeline or located problems.
    #[test]
    #[ignore = "slow in a debug build: .ci/run runs it in release"]
    fn a_mutated_timeline_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        let sample = std::fs::read_to_string(project_root().join("timeline.yaml")).unwrap();
        let text = edits.iter().fold(sample, |text, edit| apply(&text, edit));
        match Timeline::parse(&project_root().join("timeline.yaml"), &text) {
            Ok(timeline) => {
                let ids: std::collections::HashSet<&str> = timeline.events.iter().map(|event| event.id.as_str()).collect();
                prop_assert_eq!(ids.len(), timeline.events.len());
            }
            Err(Error::Problems(problems)) => {
                prop_assert!(!problems.is_empty());
                for problem in problems {
                    prop_assert!(problem.line.is_some() && problem.column.is_some(), "{}", problem);
                }
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    /// Any text at all gives a timeline or problems, never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = parse(&text);
    }
}
