//! Timeline and Event: the analyst's curated list of dated events.
//!
//! `yaml.rs` is the one file that names the YAML crate: it turns text into a tree of located
//! nodes (`node.rs`), which `validate.rs` checks and turns into a `Timeline`, reporting every
//! problem at once. `filter.rs` selects events for commands.

mod filter;
mod node;
mod prescan;
mod spelling;
mod validate;
mod yaml;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::article::read_through_limit;
use crate::dates::Date;
use crate::error::{Error, Problem, Result};

pub use filter::TimelineFilter;

/// Timeline files larger than this are refused before they are parsed.
pub const MAX_TIMELINE_BYTES: u64 = 64 * 1024 * 1024;

/// A timeline file: the events an article refers to, and optionally the article itself.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The file it was read from, as the user named it.
    pub path: PathBuf,
    /// The timeline's own title (`title:`).
    pub title: Option<String>,
    /// The `article:` section, when there is one.
    pub article: Option<ArticleRef>,
    /// In file order; use `sorted_events` for chronological order.
    pub events: Vec<Event>,
}

/// The `article:` section. Paths are resolved against the YAML file's folder.
#[derive(Debug, Clone)]
pub struct ArticleRef {
    /// The article's text file.
    pub path: PathBuf,
    /// Its title, when the timeline gives one (the article's own header wins).
    pub title: Option<String>,
    /// Its authors, in the order given.
    pub authors: Vec<String>,
    /// The publication date that dates in the text are resolved against.
    pub published: Option<Date>,
    /// Earlier and later versions of the text, oldest first, for `history` and `brief`.
    pub versions: Vec<PathBuf>,
}

/// One event of the timeline.
#[derive(Debug, Clone)]
pub struct Event {
    /// Unique within the timeline; how reports and the CLI name the event.
    pub id: String,
    /// A short title; its distinctive words are evidence when the text uses them.
    pub title: String,
    /// When it happened, at any precision, possibly a range or uncertain.
    pub date: Date,
    /// How to print the date, when the analyst wants other words than the date's own.
    pub display: Option<String>,
    /// Other names of the event ("Operation Linda Nchi"); each links a sentence alone.
    pub aliases: Vec<String>,
    /// People and bodies that took part.
    pub actors: Vec<String>,
    /// Where it happened.
    pub places: Vec<String>,
    /// Free labels for filtering (`--tag`).
    pub tags: Vec<String>,
    /// Where the facts come from (addresses or citations).
    pub sources: Vec<String>,
    /// The analyst's own notes.
    pub notes: Option<String>,
}

impl Event {
    /// An event with only its id, title and date (an import, a generated or a test event).
    pub fn new(id: impl Into<String>, title: impl Into<String>, date: Date) -> Event {
        Event {
            id: id.into(),
            title: title.into(),
            date,
            display: None,
            aliases: Vec::new(),
            actors: Vec::new(),
            places: Vec::new(),
            tags: Vec::new(),
            sources: Vec::new(),
            notes: None,
        }
    }
}

/// Set for the run by `--allow-outside`.
static OUTSIDE_ALLOWED: AtomicBool = AtomicBool::new(false);

/// Lets timelines name article files outside their own folder for the rest of the run.
pub fn allow_files_outside_folder() {
    OUTSIDE_ALLOWED.store(true, Ordering::Relaxed);
}

/// A timeline may name files outside its folder (`../../etc/passwd`, an absolute path) only when
/// the user says so (`--allow-outside`, or `DOSSIER_ALLOW_OUTSIDE=1`, read by the CLI).
fn outside_allowed() -> bool {
    OUTSIDE_ALLOWED.load(Ordering::Relaxed)
}

impl Timeline {
    /// Reads and validates a timeline file; every problem is reported at once.
    pub fn load(path: &Path) -> Result<Timeline> {
        if path == Path::new("-") {
            return Timeline::load_stdin();
        }
        let file = path.display().to_string();
        let metadata = std::fs::metadata(path).map_err(|source| Error::io(path, source))?;
        if metadata.is_dir() {
            return Err(Error::problem(file, "is a directory, not a timeline file"));
        }
        let too_large =
            || Error::problem(&file, format!("is larger than a timeline may be ({MAX_TIMELINE_BYTES} bytes)"));
        if metadata.len() > MAX_TIMELINE_BYTES {
            return Err(too_large());
        }
        let bytes = std::fs::File::open(path)
            .and_then(|handle| read_through_limit(handle, MAX_TIMELINE_BYTES, metadata.len()))
            .map_err(|source| Error::io(path, source))?;
        crate::article::remember_input(path);
        if bytes.len() as u64 > MAX_TIMELINE_BYTES {
            return Err(too_large());
        }
        let text = String::from_utf8(bytes).map_err(|err| {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&byte| byte == b'\n').map_or(0, |newline| newline + 1);
            let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
            Error::Problems(vec![Problem::at(file, line, column, "not valid UTF-8: a timeline must be UTF-8 text")])
        })?;
        Timeline::parse(path, &text)
    }

    /// Reads the timeline from standard input (`--timeline -`, `timeline check -`): named
    /// `<stdin>` in messages, its `article.path` taken from the current folder.
    fn load_stdin() -> Result<Timeline> {
        const LABEL: &str = "<stdin>";
        let bytes = read_through_limit(std::io::stdin().lock(), MAX_TIMELINE_BYTES, 0)
            .map_err(|source| Error::Io { path: LABEL.to_string(), source })?;
        if bytes.len() as u64 > MAX_TIMELINE_BYTES {
            return Err(Error::problem(
                LABEL,
                format!("is larger than a timeline may be ({MAX_TIMELINE_BYTES} bytes)"),
            ));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::problem(LABEL, "not valid UTF-8: a timeline must be UTF-8 text"))?;
        Timeline::parse(Path::new(LABEL), &text)
    }

    /// Validates YAML text; `path` names the file in messages and anchors `article.path`.
    pub fn parse(path: &Path, text: &str) -> Result<Timeline> {
        validate::timeline(path, text)
    }

    /// Chronological: by start (an open start first), coarser precision before finer, then by
    /// end, then by id.
    pub fn sorted_events(&self) -> Vec<&Event> {
        let mut events: Vec<&Event> = self.events.iter().collect();
        events.sort_by(|a, b| a.date.chronological_cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        events
    }
}

#[cfg(test)]
mod tests;
