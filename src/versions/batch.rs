//! Batch runs over an archive: a folder with one folder per article, each holding that article's
//! versions in file-name order. Every consecutive pair is diffed, on every core, and the steps are
//! handed back in a fixed order (article folders by name, then steps in order) as they complete,
//! so an archive split by folder across machines gives the same lines. Only a bounded window of
//! steps is in flight at once: the archive is never held in memory.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;

use super::event_aware_diff;
use crate::article::{Article, Segmentation};
use crate::diff::DiffOptions;
use crate::error::{Error, Result};
use crate::report::SCHEMA_VERSION;
use crate::report::batch::{BatchStep, BatchTotals, EventStepStatus, StepOutcome, StepSummary};
use crate::report::diff::DiffReport;
use crate::timeline::Timeline;

/// Steps computed before any is handed back: enough to keep every core busy, few enough that
/// the results waiting for a slow step stay small.
const WINDOW: usize = 256;

/// How every step is compared.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions<'a> {
    pub diff: &'a DiffOptions,
    pub max_input_bytes: u64,
    /// When given, versions are split into sentences and each step says what it did to every event.
    pub timeline: Option<&'a Timeline>,
}

/// The steps of an archive, in the order they are reported.
#[derive(Debug, Clone)]
pub struct Archive {
    steps: Vec<PlannedStep>,
}

#[derive(Debug, Clone)]
enum PlannedStep {
    Pair {
        article: String,
        old: PathBuf,
        new: PathBuf,
    },
    /// An article folder whose versions could not be listed: one failed step stands for it.
    Unlisted {
        article: String,
        error: String,
    },
}

impl Archive {
    /// Lists the archive: every folder in `dir` is an article, every file in it a version.
    /// Names starting with `.` are skipped (`.git`, `.DS_Store`); so are files directly in `dir`
    /// and folders inside an article. Names sort byte by byte, so `v10` comes before `v2`:
    /// number versions with leading zeros. An article with one version has no step.
    pub fn scan(dir: &Path) -> Result<Archive> {
        let folders = sorted_entries(dir).map_err(|source| Error::io(dir, source))?;
        let mut steps = Vec::new();
        for (name, path) in folders {
            if !path.is_dir() {
                continue;
            }
            let article = name.to_string_lossy().into_owned();
            match sorted_entries(&path) {
                Ok(entries) => {
                    let versions: Vec<PathBuf> =
                        entries.into_iter().map(|(_, path)| path).filter(|path| !path.is_dir()).collect();
                    steps.extend(versions.windows(2).map(|pair| PlannedStep::Pair {
                        article: article.clone(),
                        old: pair[0].clone(),
                        new: pair[1].clone(),
                    }));
                }
                Err(source) => {
                    steps.push(PlannedStep::Unlisted { article, error: Error::io(&path, source).to_string() })
                }
            }
        }
        Ok(Archive { steps })
    }

    /// How many lines the run will give.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Runs every step on the rayon pool and calls `emit` with each, in order, on the calling
    /// thread, as soon as it and every step before it are done. A step that fails (a version
    /// that cannot be read or is not UTF-8 text) is reported as failed and the run goes on. An
    /// error from `emit` (a closed pipe) stops the run and is returned.
    pub fn run<E>(
        &self,
        options: &BatchOptions<'_>,
        mut emit: impl FnMut(BatchStep) -> Result<(), E>,
    ) -> Result<BatchTotals, E> {
        let cancelled = AtomicBool::new(false);
        let (sender, receiver) = mpsc::channel::<(usize, BatchStep)>();
        std::thread::scope(|scope| {
            let cancelled = &cancelled;
            scope.spawn(move || {
                for (window_number, window) in self.steps.chunks(WINDOW).enumerate() {
                    if cancelled.load(Ordering::Relaxed) {
                        break;
                    }
                    window.par_iter().enumerate().for_each_with(sender.clone(), |sender, (offset, step)| {
                        if !cancelled.load(Ordering::Relaxed) {
                            // The receiver is gone only when the run was stopped.
                            let _ = sender.send((window_number * WINDOW + offset, run_step(step, options)));
                        }
                    });
                }
            });
            let mut totals = BatchTotals::default();
            let mut waiting = BTreeMap::new();
            for (index, step) in receiver {
                waiting.insert(index, step);
                while let Some(step) = waiting.remove(&totals.steps) {
                    totals.count(&step);
                    if let Err(err) = emit(step) {
                        cancelled.store(true, Ordering::Relaxed);
                        return Err(err);
                    }
                }
            }
            Ok(totals)
        })
    }
}

/// The entries of a folder that do not start with `.`, sorted by name.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(OsString, PathBuf)>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !name.as_encoded_bytes().starts_with(b".") {
            entries.push((name, entry.path()));
        }
    }
    entries.sort();
    Ok(entries)
}

fn run_step(step: &PlannedStep, options: &BatchOptions<'_>) -> BatchStep {
    match step {
        PlannedStep::Pair { article, old, new } => BatchStep {
            schema_version: SCHEMA_VERSION,
            article: article.clone(),
            old: Some(old.display().to_string()),
            new: Some(new.display().to_string()),
            outcome: match compare(old, new, options) {
                Ok(summary) => StepOutcome::Compared(summary),
                Err(err) => StepOutcome::Failed { error: err.to_string() },
            },
        },
        PlannedStep::Unlisted { article, error } => BatchStep {
            schema_version: SCHEMA_VERSION,
            article: article.clone(),
            old: None,
            new: None,
            outcome: StepOutcome::Failed { error: error.clone() },
        },
    }
}

fn compare(old: &Path, new: &Path, options: &BatchOptions<'_>) -> Result<StepSummary> {
    // Sentences are only needed to link events; without a timeline they are skipped.
    let segmentation = if options.timeline.is_some() { Segmentation::Sentences } else { Segmentation::Paragraphs };
    let old = Article::load_with(old, options.max_input_bytes, segmentation)?;
    let new = Article::load_with(new, options.max_input_bytes, segmentation)?;
    Ok(summary(&event_aware_diff(&old, &new, options.diff, options.timeline)))
}

fn summary(report: &DiffReport) -> StepSummary {
    StepSummary {
        identical: report.identical,
        stats: report.stats.clone(),
        bounded: report.bounded,
        factual_edits: report.factual_edits.len(),
        events: report.events.as_ref().map(|events| {
            events.iter().map(|event| EventStepStatus { id: event.id.clone(), status: event.status }).collect()
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn write(dir: &Path, relative: &str, bytes: &[u8]) {
        let path = dir.join(relative);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        fs::write(path, bytes).expect("write a version");
    }

    fn lines(archive: &Archive) -> (Vec<BatchStep>, BatchTotals) {
        let options = BatchOptions { diff: &DiffOptions::default(), max_input_bytes: 1 << 20, timeline: None };
        let mut steps = Vec::new();
        let totals = archive
            .run(&options, |step| {
                steps.push(step);
                Ok::<(), ()>(())
            })
            .expect("emit never fails");
        (steps, totals)
    }

    fn file_name(path: &Option<String>) -> String {
        let path = Path::new(path.as_deref().expect("a path"));
        path.file_name().expect("a file name").to_string_lossy().into_owned()
    }

    #[test]
    fn steps_follow_folder_and_file_names_and_skip_hidden_entries() {
        let dir = tempfile::tempdir().expect("a temp dir");
        write(dir.path(), "b/2.txt", b"Two.\n");
        write(dir.path(), "b/1.txt", b"One.\n");
        write(dir.path(), "b/3.txt", b"One.\n");
        write(dir.path(), "a/01.txt", b"Alpha.\n");
        write(dir.path(), "a/02.txt", b"Alpha.\n");
        write(dir.path(), "a/.hidden", b"\0");
        write(dir.path(), "a/notes/ignored.txt", b"x\n");
        write(dir.path(), "lone/only.txt", b"Once.\n");
        write(dir.path(), ".git/x/y", b"y\n");
        write(dir.path(), "stray.txt", b"not an article\n");
        let archive = Archive::scan(dir.path()).expect("scan");
        assert_eq!(archive.len(), 3);
        let (steps, totals) = lines(&archive);
        let order: Vec<(String, String, String)> =
            steps.iter().map(|step| (step.article.clone(), file_name(&step.old), file_name(&step.new))).collect();
        let expected = [("a", "01.txt", "02.txt"), ("b", "1.txt", "2.txt"), ("b", "2.txt", "3.txt")]
            .map(|(article, old, new)| (article.to_string(), old.to_string(), new.to_string()));
        assert_eq!(order, expected);
        assert!(steps[0].identical());
        assert!(!steps[1].identical() && !steps[1].failed());
        assert_eq!(totals, BatchTotals { steps: 3, identical: 1, different: 2, failed: 0 });
    }

    #[test]
    fn a_bad_version_fails_its_steps_and_the_run_goes_on_in_order() {
        let dir = tempfile::tempdir().expect("a temp dir");
        // More steps than one window, so the order holds across windows too.
        for number in 0..WINDOW + 40 {
            let text = format!("Paragraph {}.\n", number / 3);
            write(dir.path(), &format!("a/{number:04}.txt"), text.as_bytes());
        }
        write(dir.path(), "b/1.txt", b"Fine.\n");
        write(dir.path(), "b/2.txt", b"bin\0ary");
        write(dir.path(), "b/3.txt", b"Fine.\n");
        let (steps, totals) = lines(&Archive::scan(dir.path()).expect("scan"));
        assert_eq!(steps.len(), WINDOW + 39 + 2);
        for (number, step) in steps.iter().take(WINDOW + 39).enumerate() {
            assert_eq!(file_name(&step.old), format!("{number:04}.txt"));
            assert_eq!(step.identical(), (number + 1) % 3 != 0, "step {number}");
        }
        let bad = &steps[WINDOW + 39..];
        assert!(bad.iter().all(BatchStep::failed));
        for step in bad {
            let StepOutcome::Failed { error } = &step.outcome else { unreachable!() };
            assert!(error.contains("2.txt") && error.contains("binary"), "{error}");
        }
        assert_eq!(totals.failed, 2);
        assert_eq!(totals.steps, steps.len());
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for number in 0..10 {
            write(dir.path(), &format!("a/{number}.txt"), b"Same.\n");
        }
        let archive = Archive::scan(dir.path()).expect("scan");
        let options = BatchOptions { diff: &DiffOptions::default(), max_input_bytes: 1 << 20, timeline: None };
        let mut seen = 0;
        let result = archive.run(&options, |_| {
            seen += 1;
            if seen == 2 { Err("closed") } else { Ok(()) }
        });
        assert_eq!(result, Err("closed"));
        assert_eq!(seen, 2);
    }

    #[test]
    fn a_missing_archive_is_an_error_naming_it() {
        let err = Archive::scan(Path::new("no/such/archive")).expect_err("missing");
        assert!(err.to_string().contains("no/such/archive"), "{err}");
    }
}
