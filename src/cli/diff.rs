//! `dossier diff OLD NEW`: loads both texts, diffs them, and hands the report to the renderer
//! the flags pick. Exits 0 when the texts are identical, 1 when they differ, 2 on error.
//! `dossier diff --batch DIR`: every step of an archive, one JSON line each; exits 0 when every
//! step is identical, 1 when some differ, 2 when any failed.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Context, Output, exit, warn_about_reading, warn_unread_date};
use crate::diff::DiffOptions;
use crate::error::{Error, Result};
use crate::render::diff::{DiffView, html, json, markdown, side_by_side, stat, table, terminal, unified};
use crate::render::{Style, picture};
use crate::report::batch::BatchTotals;
use crate::report::diff::DiffReport;
use crate::timeline::Timeline;
use crate::versions::batch::{Archive, BatchOptions};
use crate::versions::load_pair;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version (`-` for standard input)
    pub old: Option<PathBuf>,
    /// The new version (`-` for standard input)
    pub new: Option<PathBuf>,
    /// Diff every consecutive pair of versions in each folder of DIR (one folder per article,
    /// versions in file-name order), on every core, one JSON line per step; exit 0 when every
    /// step is identical, 1 when some differ, 2 when any failed (its line says why)
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath, conflicts_with_all = ["stat", "side_by_side", "context"])]
    pub batch: Option<PathBuf>,
    /// Letter case is not a change
    #[arg(long)]
    pub ignore_case: bool,
    /// Punctuation is not a change
    #[arg(long)]
    pub ignore_punctuation: bool,
    /// Curly and straight quotes, and dash styles, are not a change
    #[arg(long)]
    pub ignore_quotes: bool,
    /// Similarity (0..1) above which two paragraphs of one changed region are shown as an edit
    #[arg(long, value_name = "X", value_parser = parse_share, default_value_t = DiffOptions::default().pair_threshold)]
    pub pair_threshold: f64,
    /// Similarity (0..1) above which a deleted and an inserted paragraph are shown as a move
    #[arg(long, value_name = "X", value_parser = parse_share, default_value_t = DiffOptions::default().move_threshold)]
    pub move_threshold: f64,
    /// Share of words (0..1) an edited paragraph must keep, else it is shown replaced whole
    #[arg(long, value_name = "X", value_parser = parse_share, default_value_t = DiffOptions::default().replace_threshold)]
    pub replace_threshold: f64,
    /// How to write the report [default: terminal; json (JSON lines) with --batch]
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Only the statistics, like `wdiff -s` (terminal or json format)
    #[arg(long, conflicts_with = "side_by_side")]
    pub stat: bool,
    /// The old and new text in two columns (terminal format)
    #[arg(long)]
    pub side_by_side: bool,
    /// Unchanged paragraphs shown around each change; the others are folded
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub context: usize,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Inline redline: deleted red and struck, inserted green; `[-old-]{+new+}` without colour
    Terminal,
    /// Unified-diff-like text: one line per paragraph, word changes marked inside
    Unified,
    /// A redline and the change table for a briefing note
    Markdown,
    /// A self-contained page: redline, change table, statistics
    Html,
    /// The whole report as JSON
    Json,
    /// The change table: one row per change, with its redlined excerpt
    Table,
    /// The change map on its own, old and new side by side, as a self-contained SVG picture
    Svg,
}

pub fn run(args: DiffArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let (old, new) = match (&args.batch, &args.old, &args.new) {
        (Some(dir), None, None) => return run_batch(dir, &args, context, out),
        (Some(_), _, _) => return Err(Error::Usage("--batch DIR takes no OLD or NEW: the versions are in DIR".into())),
        (None, Some(old), Some(new)) => (old, new),
        (None, _, _) => return Err(Error::Usage("diff needs OLD and NEW, or --batch DIR".into())),
    };
    let format = args.format.unwrap_or(DiffFormat::Terminal);
    check_flags(old, new, format, &args)?;
    let timeline_path = context.optional_timeline();
    let (timeline, old, new) = load_pair(timeline_path.as_deref(), old, new, context.max_input_bytes)?;
    warn_about_reading(&old.article);
    warn_about_reading(&new.article);
    if let Some(timeline) = &timeline {
        warn_unread_date(timeline.article.as_ref(), &old.article);
        warn_unread_date(timeline.article.as_ref(), &new.article);
    }
    let report = old.diff_to(&new, &options(&args));

    let status = if report.identical { exit::SUCCESS } else { exit::DIFFERENT };
    context.decided_exit.store(status, std::sync::atomic::Ordering::Relaxed);
    let mut output = Output::new(args.output.as_deref(), out)?;
    let style = output.style(context.style);
    let written = render(&report, format, &args, &style, output.writer());
    written.map_err(|source| output.write_error(source))?;
    output.finish()?;
    Ok(status)
}

/// One JSON line per step, written as the steps complete, in archive order; a progress bar on
/// standard error when it is a terminal.
fn run_batch(dir: &Path, args: &DiffArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    if args.format.is_some_and(|format| format != DiffFormat::Json) {
        return Err(Error::Usage("--batch writes JSON lines: only --format json goes with it".into()));
    }
    let timeline = context.optional_timeline().map(|path| Timeline::load(&path)).transpose()?;
    let archive = Archive::scan(dir)?;
    super::warn(archive.skipped());
    let diff_options = options(args);
    let options =
        BatchOptions { diff: &diff_options, max_input_bytes: context.max_input_bytes, timeline: timeline.as_ref() };
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(archive.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} steps, {per_sec}, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut output = Output::new(args.output.as_deref(), out)?;
    let writer = output.writer();
    let totals = archive.run(&options, |step| {
        progress.inc(1);
        crate::render::write_json_line(&step, &mut *writer)
    });
    progress.finish_and_clear();
    let totals = totals.map_err(|err| write_error(args, err))?;
    output.finish()?;
    Ok(batch_exit_code(&totals))
}

fn batch_exit_code(totals: &BatchTotals) -> u8 {
    if totals.failed > 0 {
        exit::ERROR
    } else if totals.different > 0 {
        exit::DIFFERENT
    } else {
        exit::SUCCESS
    }
}

fn write_error(args: &DiffArgs, err: std::io::Error) -> Error {
    match written_file(args) {
        Some(path) => Error::io(path, err),
        None => Error::Output(err),
    }
}

/// Combinations clap cannot express: both texts on standard input, and a flag that only one
/// format understands.
fn check_flags(old: &Path, new: &Path, format: DiffFormat, args: &DiffArgs) -> Result<()> {
    let stdin = Path::new("-");
    if old == stdin && new == stdin {
        return Err(Error::Usage("OLD and NEW cannot both be standard input (-)".into()));
    }
    if args.side_by_side && format != DiffFormat::Terminal {
        return Err(Error::Usage("--side-by-side works with the terminal format only".into()));
    }
    if args.stat && !matches!(format, DiffFormat::Terminal | DiffFormat::Json) {
        return Err(Error::Usage("--stat works with the terminal and json formats only".into()));
    }
    Ok(())
}

fn options(args: &DiffArgs) -> DiffOptions {
    DiffOptions {
        ignore_case: args.ignore_case,
        ignore_punctuation: args.ignore_punctuation,
        ignore_quotes: args.ignore_quotes,
        pair_threshold: args.pair_threshold,
        move_threshold: args.move_threshold,
        replace_threshold: args.replace_threshold,
    }
}

fn render(
    report: &DiffReport,
    format: DiffFormat,
    args: &DiffArgs,
    style: &Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let view = DiffView { context: args.context };
    match format {
        DiffFormat::Terminal if args.stat => stat::stat_text(report, out),
        DiffFormat::Json if args.stat => stat::stat_json(report, out),
        DiffFormat::Terminal if args.side_by_side => side_by_side::side_by_side(report, style, &view, out),
        DiffFormat::Terminal => terminal::redline(report, style, &view, out),
        DiffFormat::Unified => unified::unified(report, &view, out),
        DiffFormat::Markdown => markdown::markdown(report, &view, out),
        DiffFormat::Html => html::html(report, &view, out),
        DiffFormat::Json => json::json(report, out),
        DiffFormat::Table => table::change_table(report, style, out),
        DiffFormat::Svg => picture::diff_change_map_svg(report, out),
    }
}

/// The file `-o` names, when the report goes to one (`-o -` is standard output).
fn written_file(args: &DiffArgs) -> Option<&Path> {
    args.output.as_deref().filter(|path| *path != Path::new("-"))
}

/// A share between 0 and 1.
fn parse_share(text: &str) -> std::result::Result<f64, String> {
    let value: f64 = text.trim().parse().map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&value) { Ok(value) } else { Err(format!("{value} is not between 0 and 1")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_numbers_from_0_to_1() {
        assert_eq!(parse_share("0.35"), Ok(0.35));
        assert_eq!(parse_share("1"), Ok(1.0));
        assert!(parse_share("1.5").is_err());
        assert!(parse_share("-0.1").is_err());
        assert!(parse_share("NaN").is_err());
        assert!(parse_share("half").is_err());
    }
}
