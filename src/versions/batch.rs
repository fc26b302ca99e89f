//! Batch runs over an archive: a folder with one folder per article, each holding that article's
//! versions in file-name order. Every consecutive pair is diffed, on every core, and the steps are
//! handed back in a fixed order (article folders by name, then steps in order) as they complete,
//! so an archive split by folder across machines gives the same lines. Only a bounded window of
//! steps is in flight at once: the archive is never held in memory. The steps of an article are
//! computed in runs of a few, so each version is read (and aligned) once per run, not twice.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;

use super::LoadedVersion;
use crate::diff::DiffOptions;
use crate::error::{Error, Result};
use crate::report::SCHEMA_VERSION;
use crate::report::batch::{BatchStep, BatchTotals, EventStepStatus, StepOutcome, StepSummary, StepVersion};
use crate::report::diff::DiffReport;
use crate::timeline::Timeline;

/// Steps computed before any is handed back: enough to keep every core busy, few enough that
/// the results waiting for a slow step stay small.
const WINDOW: usize = 256;

/// Steps of one article computed together, each version read once for all of them: long
/// enough that a version is rarely read twice, short enough that one long article still
/// spreads over every core.
const RUN_STEPS: usize = 8;

/// How every step is compared.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions<'a> {
    pub diff: &'a DiffOptions,
    pub max_input_bytes: u64,
    /// When given, versions are split into sentences and each step says what it did to every event.
    pub timeline: Option<&'a Timeline>,
}

/// The steps of an archive, in runs, in the order they are reported.
#[derive(Debug, Clone)]
pub struct Archive {
    runs: Vec<PlannedRun>,
    steps: usize,
    /// One warning for each entry of an article folder that is not a regular file (a FIFO, a
    /// device, a socket): never opened (a FIFO blocks until someone writes to it), and no step.
    skipped: Vec<String>,
}

#[derive(Debug, Clone)]
enum PlannedRun {
    /// Consecutive versions of one article (two to `RUN_STEPS + 1`): a step per adjacent pair.
    Versions { article: String, versions: Vec<PathBuf> },
    /// An article folder whose versions could not be listed: one failed step stands for it.
    Unlisted { article: String, error: String },
}

impl PlannedRun {
    fn steps(&self) -> usize {
        match self {
            PlannedRun::Versions { versions, .. } => versions.len() - 1,
            PlannedRun::Unlisted { .. } => 1,
        }
    }
}

impl Archive {
    /// Lists the archive: every folder in `dir` is an article, every file in it a version.
    /// Names starting with `.` are skipped (`.git`, `.DS_Store`); so are files directly in `dir`
    /// and folders inside an article, and (with a warning) entries that are not regular files.
    /// Names sort in natural order: runs of digits by their value, so `2.txt` comes before
    /// `10.txt` and `v2` before `v10`. An article with one version has no step.
    pub fn scan(dir: &Path) -> Result<Archive> {
        let folders = sorted_entries(dir).map_err(|source| Error::io(dir, source))?;
        let mut runs = Vec::new();
        let mut skipped = Vec::new();
        for (name, path) in folders {
            if !path.is_dir() {
                continue;
            }
            let article = display_name(&name);
            match sorted_entries(&path) {
                Ok(entries) => {
                    let mut versions: Vec<PathBuf> = Vec::new();
                    for (_, path) in entries {
                        match std::fs::metadata(&path) {
                            Ok(info) if info.is_dir() => {}
                            Ok(info) if !info.is_file() => {
                                let what = special_kind(&info);
                                let shown = display_name(path.as_os_str());
                                skipped.push(format!("{shown}: skipped: {what}, not a regular file"));
                            }
                            // A broken link or an unreadable entry fails the steps beside it.
                            _ => versions.push(path),
                        }
                    }
                    // Runs overlap by one version: the last of a run is the first of the next.
                    for first in (0..versions.len().saturating_sub(1)).step_by(RUN_STEPS) {
                        let last = (first + RUN_STEPS).min(versions.len() - 1);
                        runs.push(PlannedRun::Versions {
                            article: article.clone(),
                            versions: versions[first..=last].to_vec(),
                        });
                    }
                }
                Err(source) => runs.push(PlannedRun::Unlisted { article, error: Error::io(&path, source).to_string() }),
            }
        }
        let steps = runs.iter().map(PlannedRun::steps).sum();
        Ok(Archive { runs, steps, skipped })
    }

    /// The warnings for the entries left out because they are not regular files.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// How many lines the run will give.
    pub fn len(&self) -> usize {
        self.steps
    }

    pub fn is_empty(&self) -> bool {
        self.steps == 0
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
                // Each run with the number of its first step.
                let mut numbered = Vec::with_capacity(self.runs.len());
                let mut first = 0;
                for run in &self.runs {
                    numbered.push((first, run));
                    first += run.steps();
                }
                for window in numbered.chunks(WINDOW / RUN_STEPS) {
                    if cancelled.load(Ordering::Relaxed) {
                        break;
                    }
                    window.par_iter().for_each_with(sender.clone(), |sender, &(first, run)| {
                        run_steps(run, options, &mut |offset, step| {
                            if cancelled.load(Ordering::Relaxed) {
                                return false;
                            }
                            // The receiver is gone only when the run was stopped.
                            sender.send((first + offset, step)).is_ok()
                        });
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

/// A file or folder name as text: UTF-8 as it is; otherwise, with `\` doubled and each byte
/// that is not UTF-8 written `\xNN`, so that two names that differ only there stay apart
/// (replacing them with U+FFFD made them one). Only a UTF-8 name that spells such an escape
/// itself can still look like another.
fn display_name(name: &OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let mut shown = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        shown.push_str(&chunk.valid().replace('\\', "\\\\"));
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02X}"));
        }
    }
    shown
}

/// What an entry that is neither a file nor a folder is, for the line that skips it.
#[cfg_attr(not(unix), expect(unused_variables))]
fn special_kind(info: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = info.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// The entries of a folder that do not start with `.`, in natural order of their names.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(OsString, PathBuf)>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !name.as_encoded_bytes().starts_with(b".") {
            entries.push((name, entry.path()));
        }
    }
    entries.sort_by(|(a, _), (b, _)| natural_cmp(a.as_encoded_bytes(), b.as_encoded_bytes()));
    Ok(entries)
}

/// Natural order of names: runs of ASCII digits compare by their value (`2` before `10`, and
/// `02` beside `2`), everything else byte by byte; names equal so (`2` and `02`) fall back to
/// byte order, so the order is total and the same on every machine.
fn natural_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let run_end = |bytes: &[u8], from: usize| {
                from + bytes[from..].iter().take_while(|byte| byte.is_ascii_digit()).count()
            };
            let (end_a, end_b) = (run_end(a, i), run_end(b, j));
            let strip = |run: &'_ [u8]| -> usize { run.iter().take_while(|&&byte| byte == b'0').count() };
            let (digits_a, digits_b) = (&a[i + strip(&a[i..end_a])..end_a], &b[j + strip(&b[j..end_b])..end_b]);
            // Without leading zeros, a longer run is a larger number; equal lengths compare digit by digit.
            let order = digits_a.len().cmp(&digits_b.len()).then_with(|| digits_a.cmp(digits_b));
            if order != Ordering::Equal {
                return order;
            }
            (i, j) = (end_a, end_b);
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            (i, j) = (i + 1, j + 1);
        }
    }
    (a.len() - i).cmp(&(b.len() - j)).then_with(|| a.cmp(b))
}

/// Computes the steps of `run` in order, handing each to `send` with its offset in the run,
/// until `send` says to stop.
fn run_steps(run: &PlannedRun, options: &BatchOptions<'_>, send: &mut dyn FnMut(usize, BatchStep) -> bool) {
    let (article, versions) = match run {
        PlannedRun::Versions { article, versions } => (article, versions),
        PlannedRun::Unlisted { article, error } => {
            send(0, step(article, None, StepOutcome::Failed { error: error.clone() }));
            return;
        }
    };
    // A version that cannot be read fails the steps on either side of it.
    let loaded: Vec<std::result::Result<LoadedVersion, String>> = versions
        .iter()
        .map(|path| LoadedVersion::load(path, options.max_input_bytes, options.timeline).map_err(|err| err.to_string()))
        .collect();
    for (offset, (pair, paths)) in loaded.windows(2).zip(versions.windows(2)).enumerate() {
        let outcome = match (&pair[0], &pair[1]) {
            (Ok(old), Ok(new)) => {
                let report = old.diff_to(new, options.diff);
                let mut compared = step(article, Some(paths), StepOutcome::Compared(summary(&report)));
                for (version, document) in [(&mut compared.old, &report.old), (&mut compared.new, &report.new)] {
                    if let Some(version) = version {
                        version.source_format = Some(document.source_format);
                        version.paragraphs = Some(document.paragraphs);
                        version.words = Some(document.words);
                    }
                }
                compared
            }
            (Err(error), _) | (_, Err(error)) => {
                step(article, Some(paths), StepOutcome::Failed { error: error.clone() })
            }
        };
        if !send(offset, outcome) {
            return;
        }
    }
}

fn step(article: &str, paths: Option<&[PathBuf]>, outcome: StepOutcome) -> BatchStep {
    let name = |index: usize| {
        paths.map(|paths| StepVersion {
            path: display_name(paths[index].as_os_str()),
            source_format: None,
            paragraphs: None,
            words: None,
        })
    };
    BatchStep { schema_version: SCHEMA_VERSION, article: article.to_string(), old: name(0), new: name(1), outcome }
}

fn summary(report: &DiffReport) -> StepSummary {
    StepSummary {
        identical: report.identical,
        stats: report.stats.clone(),
        bounded: report.bounded,
        factual_edit_count: report.factual_edits.len(),
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

    fn file_name(version: &Option<StepVersion>) -> String {
        let path = Path::new(&version.as_ref().expect("a version").path);
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

    #[cfg(unix)]
    #[test]
    fn a_fifo_among_the_versions_is_skipped_with_a_warning_and_no_step() {
        let dir = tempfile::tempdir().expect("a temp dir");
        write(dir.path(), "a/1.txt", b"One.\n");
        write(dir.path(), "a/3.txt", b"Three.\n");
        let fifo = dir.path().join("a/2.fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        let archive = Archive::scan(dir.path()).expect("scan");
        assert_eq!(
            archive.skipped(),
            [format!("{}: skipped: a FIFO (named pipe), not a regular file", fifo.display())]
        );
        // Opening the FIFO would block until someone wrote to it: the run would never end.
        let (steps, totals) = lines(&archive);
        assert_eq!(steps.len(), 1, "{steps:?}");
        assert_eq!((file_name(&steps[0].old), file_name(&steps[0].new)), ("1.txt".into(), "3.txt".into()));
        assert_eq!(totals, BatchTotals { steps: 1, identical: 0, different: 1, failed: 0 });
    }

    #[test]
    fn names_sort_in_natural_order() {
        let mut names = ["10.txt", "2.txt", "1.txt", "v10", "v2", "v02", "a", "b1", "b01x", "20190501", "9"];
        names.sort_by(|a, b| natural_cmp(a.as_bytes(), b.as_bytes()));
        assert_eq!(names, ["1.txt", "2.txt", "9", "10.txt", "20190501", "a", "b1", "b01x", "v02", "v2", "v10"]);
        let dir = tempfile::tempdir().expect("a temp dir");
        for number in [1, 2, 10] {
            write(dir.path(), &format!("a/{number}.txt"), format!("Text {number}.\n").as_bytes());
        }
        let (steps, _) = lines(&Archive::scan(dir.path()).expect("scan"));
        let order: Vec<(String, String)> =
            steps.iter().map(|step| (file_name(&step.old), file_name(&step.new))).collect();
        assert_eq!(order, [("1.txt".into(), "2.txt".into()), ("2.txt".into(), "10.txt".into())]);
    }

    #[cfg(unix)]
    #[test]
    fn folders_whose_names_are_not_utf8_keep_distinct_names() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().expect("a temp dir");
        for name in [&b"caf\xe9"[..], b"caf\xe8", "café".as_bytes(), b"a\\b\xff"] {
            let folder = dir.path().join(OsStr::from_bytes(name));
            write(&folder, "1.txt", b"One.\n");
            write(&folder, "2.txt", b"Two.\n");
        }
        let (steps, _) = lines(&Archive::scan(dir.path()).expect("scan"));
        let articles: Vec<&str> = steps.iter().map(|step| step.article.as_str()).collect();
        // Sorted by bytes; U+FFFD for each bad byte made the last two one name.
        assert_eq!(articles, ["a\\\\b\\xFF", "café", "caf\\xE8", "caf\\xE9"]);
        assert!(steps[2].old.as_ref().expect("a version").path.ends_with("caf\\xE8/1.txt"), "{steps:?}");
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
    fn a_bad_version_where_two_runs_meet_fails_the_step_on_each_side() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for number in 0..=2 * RUN_STEPS {
            let text: &[u8] = if number == RUN_STEPS { b"bin\0ary" } else { b"Same.\n" };
            write(dir.path(), &format!("a/{number:02}.txt"), text);
        }
        let (steps, totals) = lines(&Archive::scan(dir.path()).expect("scan"));
        assert_eq!(steps.len(), 2 * RUN_STEPS);
        for (number, step) in steps.iter().enumerate() {
            assert_eq!(file_name(&step.old), format!("{number:02}.txt"));
            assert_eq!(file_name(&step.new), format!("{:02}.txt", number + 1));
            let touches_bad = number + 1 == RUN_STEPS || number == RUN_STEPS;
            assert_eq!(step.failed(), touches_bad, "step {number}");
        }
        assert_eq!(totals, BatchTotals { steps: 2 * RUN_STEPS, identical: 2 * RUN_STEPS - 2, different: 0, failed: 2 });
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
