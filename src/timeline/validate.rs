//! Validation: a located YAML tree -> `Timeline`, reporting every problem at once, each at
//! the line and column of the key or value at fault.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::node::{Location, Node, NodeKind, Scalar};
use super::spelling::Spelling;
use super::{ArticleRef, Event, MAX_TIMELINE_BYTES, Timeline, yaml};
use crate::dates::Date;
use crate::error::{Error, Problem, Result, excerpt};

const TOP_KEYS: &[&str] = &["title", "article", "events"];
const ARTICLE_KEYS: &[&str] = &["path", "title", "authors", "published", "versions"];
const EVENT_KEYS: &[&str] =
    &["id", "title", "date", "display", "aliases", "actors", "places", "tags", "sources", "notes"];

pub(super) fn timeline(path: &Path, text: &str) -> Result<Timeline> {
    let file = path.display().to_string();
    if text.len() as u64 > MAX_TIMELINE_BYTES {
        return Err(Error::problem(
            file,
            format!("{} bytes is more than a timeline may hold ({MAX_TIMELINE_BYTES} bytes)", text.len()),
        ));
    }
    // A BOM before the first key (a file saved by Notepad) is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = yaml::read_document(text).map_err(|fatal| {
        Error::Problems(vec![Problem::at(&file, fatal.location.line, fatal.location.column, fatal.message)])
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let spelling = Spelling::new(text);
    let mut checker = Checker { file, folder, problems: Vec::new(), first_use_of_id: HashMap::new(), spelling };
    checker.report_tags(&root);
    let timeline = checker.timeline(path, &root);
    let mut problems = checker.problems;
    if problems.is_empty() {
        Ok(timeline)
    } else {
        problems.sort_by_key(|problem| (problem.line, problem.column));
        Err(Error::Problems(problems))
    }
}

struct Checker<'a> {
    file: String,
    /// The YAML file's folder: `article.path` and versions are relative to it.
    folder: &'a Path,
    problems: Vec<Problem>,
    first_use_of_id: HashMap<String, Location>,
    spelling: Spelling<'a>,
}

/// The entries of a mapping, by key (the first of duplicate keys wins).
struct Fields<'n> {
    location: Location,
    entries: Vec<(&'n str, Location, &'n Node)>,
}

impl<'n> Fields<'n> {
    fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(key, _, _)| *key == name).map(|(_, _, value)| *value)
    }

    /// A key whose value is not null, with the position of its key.
    fn get_present(&self, name: &str) -> Option<(Location, &'n Node)> {
        self.entries
            .iter()
            .find(|(key, _, value)| *key == name && !value.is_null())
            .map(|(_, location, value)| (*location, *value))
    }
}

impl Checker<'_> {
    fn report(&mut self, location: Location, message: impl Into<String>) {
        self.problems.push(Problem::at(&self.file, location.line, location.column, message));
    }

    fn report_tags(&mut self, node: &Node) {
        if let Some(tag) = &node.tag {
            self.report(node.location, format!("unsupported YAML tag `!{tag}`"));
        }
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => items.iter().for_each(|item| self.report_tags(item)),
            NodeKind::Mapping(entries) => entries.iter().for_each(|(key, value)| {
                self.report_tags(key);
                self.report_tags(value);
            }),
        }
    }

    fn timeline(&mut self, path: &Path, root: &Node) -> Timeline {
        let mut timeline = Timeline { path: path.to_path_buf(), title: None, article: None, events: Vec::new() };
        let NodeKind::Mapping(_) = root.kind else {
            let found = if root.is_null() { "an empty document".to_string() } else { root.describe() };
            self.report(root.location, format!("a timeline must be a mapping with an `events` list, found {found}"));
            return timeline;
        };
        let Some(fields) = self.fields(root, "the timeline", TOP_KEYS) else { return timeline };
        timeline.title = self.optional_text(&fields, "title");
        timeline.article = fields.get_present("article").and_then(|(_, node)| self.article(node));
        match fields.get("events") {
            None => self.report(fields.location, "missing required key `events`"),
            Some(events) => timeline.events = self.events(events),
        }
        timeline
    }

    /// Checks that `node` is a mapping with text keys, each known and not repeated.
    fn fields<'n>(&mut self, node: &'n Node, what: &str, known: &[&str]) -> Option<Fields<'n>> {
        let NodeKind::Mapping(entries) = &node.kind else {
            self.report(node.location, format!("{what} must be a mapping, found {}", node.describe()));
            return None;
        };
        let mut fields = Fields { location: node.location, entries: Vec::new() };
        for (key, value) in entries {
            let NodeKind::Scalar(Scalar::String(name)) = &key.kind else {
                self.report(key.location, format!("keys must be text, found {}", key.describe()));
                continue;
            };
            if let Some((_, first, _)) = fields.entries.iter().find(|(seen, _, _)| seen == name) {
                let message = format!("duplicate key `{}` (first at line {})", excerpt(name), first.line);
                self.report(key.location, message);
                continue;
            }
            if !known.contains(&name.as_str()) {
                let hint = match closest(name, known) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("expected one of: {}", known.join(", ")),
                };
                if name == "<<" {
                    let message = "YAML merge keys (`<<`) are not supported: write the keys out in each mapping";
                    self.report(key.location, message);
                    continue;
                }
                self.report(key.location, format!("unknown key `{}` in {what}; {hint}", excerpt(name)));
                continue;
            }
            fields.entries.push((name, key.location, value));
        }
        Some(fields)
    }

    fn article(&mut self, node: &Node) -> Option<ArticleRef> {
        let fields = self.fields(node, "`article`", ARTICLE_KEYS)?;
        let path = match fields.get_present("path") {
            None => {
                self.report(fields.location, "`article` is missing required key `path`");
                None
            }
            Some((_, value)) => self.text(value, "path").and_then(|text| self.existing_file(value, &text, "article")),
        };
        let title = self.optional_text(&fields, "title");
        let authors = self.text_list(&fields, "authors");
        let published = fields.get_present("published").and_then(|(_, value)| self.date(value, "published"));
        let versions = match fields.get_present("versions") {
            None => Vec::new(),
            Some((_, value)) => self
                .list_items(value, "versions")
                .iter()
                .filter_map(|item| {
                    self.text(item, "versions").and_then(|text| self.existing_file(item, &text, "version"))
                })
                .collect(),
        };
        Some(ArticleRef { path: path?, title, authors, published, versions })
    }

    /// Resolves a path against the timeline's folder (never the working directory).
    fn existing_file(&mut self, node: &Node, text: &str, what: &str) -> Option<PathBuf> {
        if text.trim().is_empty() {
            self.report(node.location, format!("empty {what} path"));
            return None;
        }
        let resolved = self.folder.join(text);
        if resolved.is_file() {
            if !super::outside_allowed() && !self.is_inside_folder(&resolved) {
                self.report(
                    node.location,
                    format!(
                        "{what} file {} is outside the timeline's folder: a shared timeline may not pull in other \
                         files; allow it with --allow-outside (or DOSSIER_ALLOW_OUTSIDE=1)",
                        resolved.display()
                    ),
                );
                return None;
            }
            Some(resolved)
        } else {
            let state = if resolved.exists() { "is not a file" } else { "does not exist" };
            self.report(node.location, format!("{what} file {} {state}", resolved.display()));
            None
        }
    }

    /// True when `file` (which exists), its symlinks followed, lies in the timeline's folder
    /// or below it.
    fn is_inside_folder(&self, file: &Path) -> bool {
        let folder = if self.folder.as_os_str().is_empty() { Path::new(".") } else { self.folder };
        match (folder.canonicalize(), file.canonicalize()) {
            (Ok(folder), Ok(file)) => file.starts_with(folder),
            _ => false,
        }
    }

    fn events(&mut self, node: &Node) -> Vec<Event> {
        if node.is_null() {
            return Vec::new();
        }
        let NodeKind::Sequence(items) = &node.kind else {
            self.report(node.location, format!("`events` must be a list of events, found {}", node.describe()));
            return Vec::new();
        };
        items.iter().filter_map(|item| self.event(item)).collect()
    }

    /// Reads every field before giving up on an event, so that all its problems are reported.
    fn event(&mut self, node: &Node) -> Option<Event> {
        let fields = self.fields(node, "an event", EVENT_KEYS)?;
        let id = self.required(&fields, "id").and_then(|value| self.id(value));
        let title = self.required(&fields, "title").and_then(|value| self.title(value));
        let date = self.required(&fields, "date").and_then(|value| self.date(value, "date"));
        let display = self.optional_text(&fields, "display");
        let aliases = self.text_list(&fields, "aliases");
        let actors = self.text_list(&fields, "actors");
        let places = self.text_list(&fields, "places");
        let tags = self.text_list(&fields, "tags");
        let sources = self.text_list(&fields, "sources");
        let notes = self.optional_text(&fields, "notes");
        Some(Event { id: id?, title: title?, date: date?, display, aliases, actors, places, tags, sources, notes })
    }

    fn required<'n>(&mut self, fields: &Fields<'n>, name: &str) -> Option<&'n Node> {
        match fields.get(name) {
            None => {
                self.report(fields.location, format!("event is missing required key `{name}`"));
                None
            }
            Some(value) if value.is_null() => {
                self.report(value.location, format!("`{name}` has no value"));
                None
            }
            Some(value) => Some(value),
        }
    }

    fn id(&mut self, node: &Node) -> Option<String> {
        let id = self.text(node, "id")?;
        let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            self.report(node.location, format!("invalid id `{}`: use lowercase letters, digits and '-'", excerpt(&id)));
            return None;
        }
        if let Some(first) = self.first_use_of_id.get(&id) {
            let message = format!("duplicate id `{}` (first used at line {})", excerpt(&id), first.line);
            self.report(node.location, message);
            return None;
        }
        self.first_use_of_id.insert(id.clone(), node.location);
        Some(id)
    }

    fn title(&mut self, node: &Node) -> Option<String> {
        let title = self.text(node, "title")?;
        if title.trim().is_empty() {
            self.report(node.location, "empty title");
            return None;
        }
        Some(title)
    }

    /// A date in any form `Date::parse` takes; a bare year may arrive as a YAML number.
    fn date(&mut self, node: &Node, name: &str) -> Option<Date> {
        let text = match &node.kind {
            NodeKind::Scalar(Scalar::String(text)) => text.clone(),
            NodeKind::Scalar(Scalar::Int(year)) => match self.spelling.odd_integer(node.location) {
                Some(written) => {
                    let message =
                        format!("invalid date `{}`: write the year in decimal digits, as in 2018", excerpt(&written));
                    self.report(node.location, message);
                    return None;
                }
                None => year.to_string(),
            },
            _ => {
                let found = node.describe();
                self.report(node.location, format!("`{name}` must be a date such as 2018-04-05, found {found}"));
                return None;
            }
        };
        match Date::parse(&text) {
            Ok(date) => Some(date),
            Err(err) => {
                // The parser's reason quotes the date too: cut it there as well.
                let written = text.trim();
                let reason = err.to_string().replace(written, &excerpt(written));
                let message = format!("invalid date `{}`: {reason}", excerpt(written));
                self.report(node.location, message);
                None
            }
        }
    }

    /// Text; a whole number (`display: 1992`) is taken as its digits. Other types are refused
    /// rather than guessed at (`true`, `1.50`): quoting says what was meant.
    fn text(&mut self, node: &Node, name: &str) -> Option<String> {
        match &node.kind {
            NodeKind::Scalar(Scalar::String(text)) => Some(text.clone()),
            // `0x10` is text as written, not 16.
            NodeKind::Scalar(Scalar::Int(number)) => {
                Some(self.spelling.odd_integer(node.location).unwrap_or_else(|| number.to_string()))
            }
            NodeKind::Scalar(Scalar::Bool(_) | Scalar::Float(_)) => {
                let found = node.describe();
                self.report(node.location, format!("`{name}` must be text, found {found} (put it in quotes)"));
                None
            }
            _ => {
                self.report(node.location, format!("`{name}` must be text, found {}", node.describe()));
                None
            }
        }
    }

    fn optional_text(&mut self, fields: &Fields, name: &str) -> Option<String> {
        let (_, value) = fields.get_present(name)?;
        self.text(value, name)
    }

    fn list_items<'n>(&mut self, node: &'n Node, name: &str) -> &'n [Node] {
        match &node.kind {
            NodeKind::Sequence(items) => items,
            _ => {
                let found = node.describe();
                self.report(node.location, format!("`{name}` must be a list such as [a, b], found {found}"));
                &[]
            }
        }
    }

    /// A list of non-empty texts; an absent or null list is empty.
    fn text_list(&mut self, fields: &Fields, name: &str) -> Vec<String> {
        let Some((_, value)) = fields.get_present(name) else { return Vec::new() };
        let mut texts = Vec::new();
        for item in self.list_items(value, name) {
            let Some(text) = self.text(item, name) else { continue };
            if text.trim().is_empty() {
                self.report(item.location, format!("empty item in `{name}`"));
            } else {
                texts.push(text);
            }
        }
        texts
    }
}

/// The known key nearest to a misspelt one, when it is close enough to be a typo.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    if name.len() > 64 {
        return None;
    }
    known
        .iter()
        .map(|candidate| (strsim::levenshtein(name, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2 && *distance < candidate.chars().count())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}
