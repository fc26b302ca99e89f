//! Reading versions and aligning them with the timeline's events: the one place the CLI and
//! batch runs do it. Versions are read and aligned on every core.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::history::Version;
use crate::align::{AlignOptions, align, reference_date};
use crate::article::{Article, Segmentation};
use crate::diff::{DiffOptions, diff_articles, diff_articles_with_events};
use crate::error::{Error, Result};
use crate::report::align::AlignReport;
use crate::report::diff::DiffReport;
use crate::timeline::Timeline;

/// A version aligned with the timeline's events, its dates resolved against the timeline's
/// publication date or the version's own.
pub fn align_version(article: &Article, timeline: &Timeline) -> AlignReport {
    let reference = reference_date(timeline.article.as_ref(), article);
    align(article, &timeline.events, reference.as_ref(), &AlignOptions::default())
}

/// Sentences are only needed to link events: without a timeline they are skipped.
fn segmentation(timeline: bool) -> Segmentation {
    if timeline { Segmentation::Sentences } else { Segmentation::Paragraphs }
}

/// One version read from disk and, when there is a timeline, aligned with its events.
#[derive(Debug)]
pub struct LoadedVersion {
    pub article: Article,
    pub align: Option<AlignReport>,
}

impl LoadedVersion {
    /// Reads `path` (`-` for standard input) and aligns it with `timeline`'s events when given.
    pub fn load(path: &Path, max_input_bytes: u64, timeline: Option<&Timeline>) -> Result<LoadedVersion> {
        let article = Article::load_with(path, max_input_bytes, segmentation(timeline.is_some()))?;
        let align = timeline.map(|timeline| align_version(&article, timeline));
        Ok(LoadedVersion { article, align })
    }

    /// The version as the history reads it.
    pub fn view(&self) -> Version<'_> {
        Version { article: &self.article, align: self.align.as_ref() }
    }

    /// The diff from this version to `new`, complete: its factual edits and, when both versions
    /// are aligned, what it did to each event.
    pub fn diff_to<'t>(&'t self, new: &'t LoadedVersion, options: &DiffOptions) -> DiffReport<'t> {
        match self.align.as_ref().zip(new.align.as_ref()) {
            Some(aligns) => diff_articles_with_events(&self.article, &new.article, options, aligns),
            None => diff_articles(&self.article, &new.article, options),
        }
    }
}

/// The timeline (when `timeline` names one) and two versions, read at once, then the versions
/// aligned at once: reading is a fifth of a book's diff, and each alignment a pass over a text.
pub fn load_pair(
    timeline: Option<&Path>,
    old: &Path,
    new: &Path,
    max_input_bytes: u64,
) -> Result<(Option<Timeline>, LoadedVersion, LoadedVersion)> {
    let segmentation = segmentation(timeline.is_some());
    let (timeline, (old, new)) = rayon::join(
        || timeline.map(Timeline::load).transpose(),
        || {
            rayon::join(
                || Article::load_with(old, max_input_bytes, segmentation),
                || Article::load_with(new, max_input_bytes, segmentation),
            )
        },
    );
    let (timeline, old, new) = (timeline?, old?, new?);
    let (old_align, new_align) = match &timeline {
        Some(timeline) => {
            let (old_align, new_align) =
                rayon::join(|| align_version(&old, timeline), || align_version(&new, timeline));
            (Some(old_align), Some(new_align))
        }
        None => (None, None),
    };
    Ok((timeline, LoadedVersion { article: old, align: old_align }, LoadedVersion { article: new, align: new_align }))
}

/// A timeline and one article read at once: a long timeline takes as long to read as a book.
pub fn load_timeline_and_article(timeline: &Path, article: &Path, max_input_bytes: u64) -> Result<(Timeline, Article)> {
    let (timeline, article) = rayon::join(|| Timeline::load(timeline), || Article::load(article, max_input_bytes));
    Ok((timeline?, article?))
}

/// Versions of one text, oldest first.
#[derive(Debug)]
pub struct VersionSet {
    pub versions: Vec<LoadedVersion>,
}

impl VersionSet {
    /// Reads `paths` (oldest first; empty means the timeline's `article.path` and
    /// `article.versions`) and aligns each with `timeline`'s events when given. The first
    /// version that fails is reported.
    pub fn load(paths: &[PathBuf], max_input_bytes: u64, timeline: Option<&Timeline>) -> Result<VersionSet> {
        let paths: Vec<PathBuf> = if paths.is_empty() { default_versions(timeline)? } else { paths.to_vec() };
        if paths.iter().filter(|path| path.as_path() == Path::new("-")).count() > 1 {
            return Err(Error::Usage("standard input (-) can be only one of the versions".into()));
        }
        let loaded: Vec<Result<LoadedVersion>> =
            paths.par_iter().map(|path| LoadedVersion::load(path, max_input_bytes, timeline)).collect();
        Ok(VersionSet { versions: loaded.into_iter().collect::<Result<Vec<_>>>()? })
    }

    /// The versions as the history reads them.
    pub fn views(&self) -> Vec<Version<'_>> {
        self.versions.iter().map(LoadedVersion::view).collect()
    }

    /// Each version diffed against the one before it, every step at once.
    pub fn diffs(&self) -> Vec<DiffReport<'_>> {
        let options = DiffOptions::default();
        self.versions.par_windows(2).map(|pair| pair[0].diff_to(&pair[1], &options)).collect()
    }
}

fn default_versions(timeline: Option<&Timeline>) -> Result<Vec<PathBuf>> {
    let article = timeline.and_then(|timeline| timeline.article.as_ref()).ok_or_else(|| {
        Error::Usage("name the versions, oldest first, or use a timeline whose article: section lists them".into())
    })?;
    Ok(std::iter::once(article.path.clone()).chain(article.versions.iter().cloned()).collect())
}
