//! Timeline and Event: the analyst's curated list of dated events.
//! `yaml.rs` is the one file that names the YAML crate.

mod yaml;

use std::path::{Path, PathBuf};

use crate::dates::Date;
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct Timeline {
    /// The file it was read from, as the user named it.
    pub path: PathBuf,
    pub title: Option<String>,
    pub article: Option<ArticleRef>,
    /// In file order; use `sorted_events` for chronological order.
    pub events: Vec<Event>,
}

/// The `article:` section. Paths are resolved against the YAML file's folder.
#[derive(Debug, Clone)]
pub struct ArticleRef {
    pub path: PathBuf,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<Date>,
    pub versions: Vec<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub display: Option<String>,
    pub aliases: Vec<String>,
    pub actors: Vec<String>,
    pub places: Vec<String>,
    pub tags: Vec<String>,
    pub sources: Vec<String>,
    pub notes: Option<String>,
}

impl Timeline {
    /// Reads and validates a timeline file; every problem is reported at once.
    pub fn load(path: &Path) -> Result<Timeline> {
        let _ = path;
        todo!("timeline loader")
    }

    /// Validates YAML text; `path` names the file in messages and anchors `article.path`.
    pub fn parse(path: &Path, text: &str) -> Result<Timeline> {
        yaml::parse(path, text)
    }

    /// Chronological: by start, coarser precision first, then id.
    pub fn sorted_events(&self) -> Vec<&Event> {
        todo!()
    }
}
