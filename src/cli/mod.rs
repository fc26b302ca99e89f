//! The command line: clap definitions and one small function per command that loads,
//! analyses and picks a renderer. The only place that reads the environment or decides
//! colour and width.

mod align;
mod article;
mod brief;
mod completions;
mod diff;
pub mod exit;
mod history;
mod interchange;
mod output;
mod timeline;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(test)]
use clap::CommandFactory;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{Error, Result};
use crate::render::{Style, sanitize_terminal};

pub use output::Output;

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Align an article with a timeline of its events, check its dates, and diff its versions",
    propagate_version = true,
    args_override_self = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The timeline file [default: ./timeline.yaml]
    #[arg(long, global = true, value_name = "FILE", env = "DOSSIER_TIMELINE")]
    pub timeline: Option<PathBuf>,
    /// Use no timeline, even if ./timeline.yaml exists
    #[arg(long, global = true, conflicts_with = "timeline")]
    pub no_timeline: bool,
    /// When to colour terminal output (auto: on a terminal, unless NO_COLOR is set)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, env = "DOSSIER_COLOR")]
    pub color: ColorChoice,
    /// Output width in columns [default: COLUMNS, else the terminal's, else 100]
    #[arg(long, global = true, value_name = "N", env = "DOSSIER_WIDTH",
          value_parser = clap::value_parser!(u64).range(20..=10_000))]
    pub width: Option<u64>,
    /// Refuse input files larger than this many bytes
    #[arg(long, global = true, value_name = "BYTES", env = "DOSSIER_MAX_INPUT_BYTES",
          default_value_t = crate::article::DEFAULT_MAX_INPUT_BYTES,
          value_parser = clap::value_parser!(u64).range(1..=crate::diff::MAX_TEXT_BYTES))]
    pub max_input_bytes: u64,
    /// Let timelines name article files outside their own folder
    #[arg(long, global = true, env = "DOSSIER_ALLOW_OUTSIDE", value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_outside: bool,
    /// Start CSV output with a UTF-8 byte order mark, so Excel and LibreOffice read it as UTF-8
    #[arg(long, global = true, env = "DOSSIER_CSV_BOM", value_parser = clap::builder::BoolishValueParser::new())]
    pub bom: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

// Every line starting with `  dossier` below is run by the tests (tests/cli/conventions.rs), in
// a folder holding the sample timeline, samples/, and archive/ (one article folder of versions).
const EXAMPLES: &str = "\
Examples:
  dossier timeline show
  dossier align samples/china-russia-2018.txt
  dossier diff samples/china-russia-2018.txt samples/china-russia-2018-v2.txt
  dossier brief --format html -o brief.html

Every global option has an environment default: DOSSIER_TIMELINE, DOSSIER_COLOR, DOSSIER_WIDTH,
DOSSIER_MAX_INPUT_BYTES, DOSSIER_ALLOW_OUTSIDE, DOSSIER_CSV_BOM; a flag wins over its variable. NO_COLOR (set and not empty) turns
automatic colour off, and so do TERM=dumb and CLICOLOR=0; CLICOLOR_FORCE (not 0) turns it on in a pipe.";

const TIMELINE_EXAMPLES: &str = "\
Examples:
  dossier timeline show --from 2018-03
  dossier timeline check timeline.yaml
  dossier timeline export --format timelinejs-json -o events.json
  dossier timeline import events.json";

const DIFF_EXAMPLES: &str = "\
Examples:
  dossier diff samples/china-russia-2018.txt samples/china-russia-2018-v2.txt
  dossier diff --stat samples/china-russia-2018.txt samples/china-russia-2018-v3.txt
  dossier diff --side-by-side samples/china-russia-2018.txt samples/china-russia-2018-v2.txt
  # every step of an archive (one folder per article, versions in file-name order):
  dossier diff --batch archive --format json > steps.jsonl";

const ALIGN_EXAMPLES: &str = "\
Examples:
  dossier align samples/china-russia-2018.txt
  dossier align --format markdown -o alignment.md
  dossier align --suggest";

const HISTORY_EXAMPLES: &str = "\
Examples:
  dossier history
  dossier history samples/china-russia-2018.txt samples/china-russia-2018-v3.txt --format markdown";

const BRIEF_EXAMPLES: &str = "\
Examples:
  dossier brief -o brief.md
  dossier brief --format html -o brief.html";

const ARTICLE_EXAMPLES: &str = "\
Examples:
  dossier article samples/china-russia-2018.txt
  dossier article --format json samples/china-russia-2018.txt";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  dossier completions bash > dossier.bash
  # then, in ~/.bashrc: source /path/to/dossier.bash
  dossier completions zsh > _dossier
  # then move _dossier to a folder of your $fpath";

const MAN_EXAMPLES: &str = "\
Examples:
  dossier man > dossier.1
  dossier man diff > dossier-diff.1
  dossier man --dir man
  # then: man ./dossier.1";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show, check, export or import the timeline
    #[command(subcommand, after_help = TIMELINE_EXAMPLES)]
    Timeline(timeline::TimelineCommand),
    /// Compare two versions of a text, paragraph by paragraph and word by word
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(diff::DiffArgs),
    /// Link every timeline event to the passages that mention it, and check the dates
    #[command(after_help = ALIGN_EXAMPLES)]
    Align(align::AlignArgs),
    /// Follow a text and its events through several versions
    #[command(after_help = HISTORY_EXAMPLES)]
    History(history::HistoryArgs),
    /// Write the briefing note: key events, date checks, what changed
    #[command(after_help = BRIEF_EXAMPLES)]
    Brief(brief::BriefArgs),
    /// Show what dossier reads from an article file: format, metadata and their sources, blocks
    #[command(after_help = ARTICLE_EXAMPLES)]
    Article(article::ArticleArgs),
    /// Print a shell completion script
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(completions::CompletionsArgs),
    /// Print the man page, dossier's or one command's
    #[command(after_help = MAN_EXAMPLES)]
    Man(completions::ManArgs),
}

/// Warnings on standard error: what a conversion could not keep, a header date that could
/// not be read.
fn warn(messages: &[String]) {
    let mut stderr = io::stderr().lock();
    for message in messages {
        let _ = writeln!(stderr, "dossier: warning: {}", sanitize_terminal(message));
    }
}

/// Says what a reader of the report should know about how an article file was read: a Word
/// document with tracked changes nobody accepted (its accepted text is what is compared), a
/// page whose article could not be told from its chrome.
fn warn_about_reading(article: &crate::article::Article) {
    let notes: Vec<String> = article.notes.iter().map(|note| format!("{}: {note}", article.path)).collect();
    warn(&notes);
}

/// Says when an article's `Date:` header could not be read and nothing else gives the
/// publication date: its dates without a year then stay unresolved.
fn warn_unread_date(timeline_article: Option<&crate::timeline::ArticleRef>, article: &crate::article::Article) {
    if timeline_article.is_some_and(|reference| reference.published.is_some()) {
        return;
    }
    if let Some(message) = crate::align::header_dates(article).unreadable {
        warn(&[message]);
    }
}

/// What every command is handed: settings decided here, from flags and environment.
#[derive(Debug)]
pub struct Context {
    timeline: TimelineChoice,
    /// Style for standard output; commands writing to a file turn colour off.
    pub style: Style,
    pub max_input_bytes: u64,
    /// The exit code a command decided before writing its output, kept when the reader
    /// closes the pipe early (`dossier diff ... | head -c1` still says whether the texts
    /// differ).
    pub decided_exit: std::sync::atomic::AtomicU8,
    /// `--bom`: CSV output starts with a UTF-8 byte order mark.
    pub csv_bom: bool,
}

#[derive(Debug, Clone)]
enum TimelineChoice {
    Explicit(PathBuf),
    Default,
    Disabled,
}

const DEFAULT_TIMELINE: &str = "timeline.yaml";

impl Context {
    /// Starts a CSV output: the byte order mark when `--bom` asks for it.
    pub fn start_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.csv_bom { out.write_all("\u{feff}".as_bytes()) } else { Ok(()) }
    }

    /// The timeline a command cannot work without.
    pub fn required_timeline(&self) -> Result<PathBuf> {
        match &self.timeline {
            TimelineChoice::Explicit(path) => Ok(path.clone()),
            TimelineChoice::Default => {
                let path = PathBuf::from(DEFAULT_TIMELINE);
                if path.exists() {
                    Ok(path)
                } else {
                    Err(Error::Usage(format!(
                        "no timeline: {DEFAULT_TIMELINE} does not exist here; name one with --timeline FILE"
                    )))
                }
            }
            TimelineChoice::Disabled => Err(Error::Usage("this command needs a timeline; drop --no-timeline".into())),
        }
    }

    /// The timeline a command uses when there is one.
    pub fn optional_timeline(&self) -> Option<PathBuf> {
        match &self.timeline {
            TimelineChoice::Explicit(path) => Some(path.clone()),
            TimelineChoice::Default => Some(PathBuf::from(DEFAULT_TIMELINE)).filter(|path| path.exists()),
            TimelineChoice::Disabled => None,
        }
    }
}

/// Parses the arguments, runs the command, and turns the outcome into an exit code:
/// 0 success, 1 differences found, 2 any error. A closed pipe exits quietly with the code the
/// command had decided (0 but for a diff that found differences).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            if err.kind() == clap::error::ErrorKind::DisplayVersion {
                // clap names a subcommand's version `dossier-diff`: the program is `dossier`.
                let _ = writeln!(io::stdout(), "dossier {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            if !err.use_stderr() {
                // --help: our own text, printed as clap styles it.
                let _ = err.print();
                return ExitCode::SUCCESS;
            }
            // A usage error quotes the argument it rejects, which may carry escape sequences.
            let _ = write!(io::stderr(), "{}", sanitize_terminal(&err.render().to_string()));
            return ExitCode::from(exit::ERROR);
        }
    };
    let context = context_from(&cli.global);
    // Standard output is line-buffered; a report of many lines would cost a system call each.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match run(cli.command, &context, &mut out).and_then(|code| out.flush().map(|()| code).map_err(Error::from)) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => {
            ExitCode::from(context.decided_exit.load(std::sync::atomic::Ordering::Relaxed))
        }
        Err(err) => {
            let _ = writeln!(io::stderr(), "dossier: {}", sanitize_terminal(&err.to_string()));
            ExitCode::from(exit::ERROR)
        }
    }
}

/// Runs one command, writing its standard output to `out`. Returns the exit code.
pub fn run(command: Command, context: &Context, out: &mut dyn Write) -> Result<u8> {
    match command {
        Command::Timeline(command) => timeline::run(command, context, out),
        Command::Diff(args) => diff::run(args, context, out),
        Command::Align(args) => align::run(args, context, out),
        Command::History(args) => history::run(args, context, out),
        Command::Brief(args) => brief::run(args, context, out),
        Command::Article(args) => article::run(args, context, out),
        Command::Completions(args) => completions::run_completions(args, out),
        Command::Man(args) => completions::run_man(args, out),
    }
}

fn context_from(global: &GlobalArgs) -> Context {
    if global.allow_outside {
        crate::timeline::allow_files_outside_folder();
    }
    let timeline = if global.no_timeline {
        TimelineChoice::Disabled
    } else if let Some(path) = &global.timeline {
        TimelineChoice::Explicit(path.clone())
    } else {
        TimelineChoice::Default
    };
    let color = use_color(global.color, io::stdout().is_terminal(), &ColorEnvironment::read());
    let width = global
        .width
        .map(|width| width as usize)
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|columns| columns.trim().parse().ok()))
        .filter(|&width| (20..=10_000).contains(&width))
        .or_else(|| terminal_size::terminal_size().map(|(width, _)| width.0 as usize))
        .unwrap_or(100);
    Context {
        timeline,
        style: Style { color, width },
        max_input_bytes: global.max_input_bytes,
        decided_exit: std::sync::atomic::AtomicU8::new(0),
        csv_bom: global.bom,
    }
}

/// The variables that decide `--color auto`, read once.
#[derive(Debug, Default)]
struct ColorEnvironment {
    no_color: Option<std::ffi::OsString>,
    clicolor: Option<std::ffi::OsString>,
    clicolor_force: Option<std::ffi::OsString>,
    term: Option<std::ffi::OsString>,
}

impl ColorEnvironment {
    fn read() -> Self {
        ColorEnvironment {
            no_color: std::env::var_os("NO_COLOR"),
            clicolor: std::env::var_os("CLICOLOR"),
            clicolor_force: std::env::var_os("CLICOLOR_FORCE"),
            term: std::env::var_os("TERM"),
        }
    }
}

/// `always` and `never` are obeyed. `auto`, in this order: NO_COLOR set and not empty turns
/// colour off (no-color.org); CLICOLOR_FORCE set and not `0` turns it on even in a pipe;
/// CLICOLOR=0 turns it off; TERM=dumb turns it off; else a terminal gets colour
/// (bixense.com/clicolors).
fn use_color(choice: ColorChoice, on_terminal: bool, env: &ColorEnvironment) -> bool {
    let set = |value: &Option<std::ffi::OsString>| value.as_ref().is_some_and(|value| !value.is_empty());
    let is = |value: &Option<std::ffi::OsString>, wanted: &str| value.as_deref() == Some(std::ffi::OsStr::new(wanted));
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set(&env.no_color) => false,
        ColorChoice::Auto if set(&env.clicolor_force) && !is(&env.clicolor_force, "0") => true,
        ColorChoice::Auto => on_terminal && !is(&env.clicolor, "0") && !is(&env.term, "dumb"),
    }
}

/// A closed pipe, however the writer wrapped it (the csv crate wraps its I/O errors).
fn is_broken_pipe(err: &Error) -> bool {
    match err {
        Error::Output(source) | Error::Io { source, .. } => io_error_is_broken_pipe(source),
        _ => false,
    }
}

fn io_error_is_broken_pipe(err: &io::Error) -> bool {
    if err.kind() == io::ErrorKind::BrokenPipe {
        return true;
    }
    match err.get_ref() {
        Some(inner) => match inner.downcast_ref::<csv::Error>().map(csv::Error::kind) {
            Some(csv::ErrorKind::Io(inner)) => io_error_is_broken_pipe(inner),
            _ => inner.downcast_ref::<io::Error>().is_some_and(io_error_is_broken_pipe),
        },
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::*;

    fn no_color(value: &str) -> ColorEnvironment {
        ColorEnvironment { no_color: Some(value.into()), ..ColorEnvironment::default() }
    }

    #[test]
    fn auto_colour_is_for_terminals_without_no_color() {
        let none = ColorEnvironment::default();
        assert!(use_color(ColorChoice::Auto, true, &none));
        assert!(use_color(ColorChoice::Auto, true, &no_color("")), "an empty NO_COLOR is unset");
        assert!(!use_color(ColorChoice::Auto, true, &no_color("1")));
        assert!(!use_color(ColorChoice::Auto, false, &none));
        assert!(use_color(ColorChoice::Always, false, &no_color("1")), "--color always wins");
        assert!(!use_color(ColorChoice::Never, true, &none));
    }

    #[test]
    fn auto_colour_follows_term_and_clicolor() {
        let env = |term: Option<&str>, clicolor: Option<&str>, force: Option<&str>| ColorEnvironment {
            term: term.map(OsString::from),
            clicolor: clicolor.map(OsString::from),
            clicolor_force: force.map(OsString::from),
            no_color: None,
        };
        assert!(!use_color(ColorChoice::Auto, true, &env(Some("dumb"), None, None)), "TERM=dumb");
        assert!(use_color(ColorChoice::Auto, true, &env(Some("xterm-256color"), None, None)));
        assert!(!use_color(ColorChoice::Auto, true, &env(None, Some("0"), None)), "CLICOLOR=0");
        assert!(use_color(ColorChoice::Auto, true, &env(None, Some("1"), None)));
        assert!(use_color(ColorChoice::Auto, false, &env(Some("dumb"), Some("0"), Some("1"))), "CLICOLOR_FORCE");
        assert!(!use_color(ColorChoice::Auto, false, &env(None, None, Some("0"))), "CLICOLOR_FORCE=0");
        let forced_but_no_color = ColorEnvironment { clicolor_force: Some("1".into()), ..no_color("1") };
        assert!(!use_color(ColorChoice::Auto, true, &forced_but_no_color), "NO_COLOR beats CLICOLOR_FORCE");
        assert!(!use_color(ColorChoice::Never, true, &env(None, None, Some("1"))), "--color never wins");
    }

    #[test]
    fn a_closed_pipe_is_seen_through_a_csv_error() {
        let closed = || io::Error::from(io::ErrorKind::BrokenPipe);
        let through_csv = io::Error::from(csv::Error::from(closed()));
        assert!(is_broken_pipe(&Error::Output(through_csv)));
        assert!(is_broken_pipe(&Error::Output(closed())));
        assert!(!is_broken_pipe(&Error::Output(io::Error::from(csv::Error::from(io::Error::other("disk full"))))));
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
