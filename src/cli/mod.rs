//! The command line: clap definitions and one small function per command that loads,
//! analyses and picks a renderer. The only place that reads the environment or decides
//! colour and width.

mod align;
mod brief;
mod completions;
mod diff;
mod history;
mod interchange;
mod output;
mod timeline;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

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
    args_override_self = true
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
          default_value_t = crate::article::DEFAULT_MAX_INPUT_BYTES)]
    pub max_input_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show, check, export or import the timeline
    #[command(subcommand)]
    Timeline(timeline::TimelineCommand),
    /// Compare two versions of a text, paragraph by paragraph and word by word
    Diff(diff::DiffArgs),
    /// Link every timeline event to the passages that mention it, and check the dates
    Align(align::AlignArgs),
    /// Follow a text and its events through several versions
    History(history::HistoryArgs),
    /// Write the briefing note: key events, date checks, what changed
    Brief(brief::BriefArgs),
    /// Print a shell completion script
    Completions(completions::CompletionsArgs),
    /// Print the man page
    Man,
}

/// What every command is handed: settings decided here, from flags and environment.
#[derive(Debug, Clone)]
pub struct Context {
    timeline: TimelineChoice,
    /// Style for standard output; commands writing to a file turn colour off.
    pub style: Style,
    pub max_input_bytes: u64,
}

#[derive(Debug, Clone)]
enum TimelineChoice {
    Explicit(PathBuf),
    Default,
    Disabled,
}

const DEFAULT_TIMELINE: &str = "timeline.yaml";

impl Context {
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
/// 0 success, 1 differences found, 2 any error. A closed pipe exits quietly with 0.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let context = context_from(&cli.global);
    // Standard output is line-buffered; a report of many lines would cost a system call each.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match run(cli.command, &context, &mut out).and_then(|code| out.flush().map(|()| code).map_err(Error::from)) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "dossier: {}", sanitize_terminal(&err.to_string()));
            ExitCode::from(2)
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
        Command::Completions(args) => completions::run_completions(args, out),
        Command::Man => completions::run_man(out),
    }
}

fn context_from(global: &GlobalArgs) -> Context {
    let timeline = if global.no_timeline {
        TimelineChoice::Disabled
    } else if let Some(path) = &global.timeline {
        TimelineChoice::Explicit(path.clone())
    } else {
        TimelineChoice::Default
    };
    let on_terminal = io::stdout().is_terminal();
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => on_terminal && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
    };
    let width = global
        .width
        .map(|width| width as usize)
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|columns| columns.trim().parse().ok()))
        .filter(|&width| (20..=10_000).contains(&width))
        .or_else(|| terminal_size::terminal_size().map(|(width, _)| width.0 as usize))
        .unwrap_or(100);
    Context { timeline, style: Style { color, width }, max_input_bytes: global.max_input_bytes }
}

fn is_broken_pipe(err: &Error) -> bool {
    match err {
        Error::Output(source) | Error::Io { source, .. } => source.kind() == io::ErrorKind::BrokenPipe,
        _ => false,
    }
}
