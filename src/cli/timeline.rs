//! `dossier timeline show|check|export|import`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{Context, Output};
use crate::dates::Date;
use crate::error::{Error, Result, excerpt};
use crate::render;
use crate::report::timeline::TimelineReport;
use crate::timeline::{Timeline, TimelineFilter};

#[derive(Debug, Subcommand)]
pub enum TimelineCommand {
    /// Show the events in chronological order
    Show(ShowArgs),
    /// Validate a timeline file and report every problem
    Check(CheckArgs),
    /// Export the timeline to TimelineJS JSON or CSV, or tilse
    Export(super::interchange::ExportArgs),
    /// Import a TimelineJS JSON or CSV, or tilse file as timeline YAML
    Import(super::interchange::ImportArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Keep events that overlap this date or later (any date form: 2018, 2018-03, ...)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Keep events that overlap this date or earlier (`--to -0044`: a negative year)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Keep events with this tag (repeatable; any of them)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Keep events with this actor (repeatable; any of them)
    #[arg(long = "actor", value_name = "ACTOR")]
    pub actors: Vec<String>,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Table,
    Markdown,
    Csv,
    Json,
    /// The timeline drawn on a time axis (self-contained SVG)
    Svg,
    /// A self-contained page with the drawing and the table
    Html,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The timeline to check (`-` for standard input) [default: the global --timeline, else
    /// ./timeline.yaml]
    pub file: Option<PathBuf>,
}

pub fn run(command: TimelineCommand, context: &Context, out: &mut dyn Write) -> Result<u8> {
    match command {
        TimelineCommand::Show(args) => show(args, context, out),
        TimelineCommand::Check(args) => check(args, context, out),
        TimelineCommand::Export(args) => super::interchange::run_export(args, context, out),
        TimelineCommand::Import(args) => super::interchange::run_import(args, context, out),
    }
}

fn show(args: ShowArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let from = flag_date("--from", args.from.as_deref())?;
    let to = flag_date("--to", args.to.as_deref())?;
    let filter = TimelineFilter::new(from.as_ref(), to.as_ref())
        .map_err(|_| Error::Usage("--to is earlier than --from: no event could match".into()))?
        .with_tags(&args.tags)
        .with_actors(&args.actors);
    let timeline = Timeline::load(&context.required_timeline()?)?;
    let events = filter.apply(timeline.sorted_events());
    let report = TimelineReport::new(timeline.title.clone(), &events);

    let mut output = Output::new(args.output.as_deref(), out)?;
    let style = output.style(context.style);
    let writer = output.writer();
    let written = match args.format {
        ShowFormat::Table => render::timeline::table(&report, &style, writer),
        ShowFormat::Markdown => render::timeline::markdown(&report, writer),
        ShowFormat::Csv => context.start_csv(writer).and_then(|()| render::timeline::csv(&report, writer)),
        ShowFormat::Json => render::timeline::json(&report, writer),
        ShowFormat::Svg => render::picture::timeline_svg(&report, writer),
        ShowFormat::Html => render::picture::timeline_html(&report, writer),
    };
    written.map_err(|source| output.write_error(source))?;
    output.finish()?;
    Ok(super::exit::SUCCESS)
}

/// A `--from`/`--to` value; a bad one is a usage error naming the flag.
fn flag_date(flag: &str, text: Option<&str>) -> Result<Option<Date>> {
    // The parser's reason quotes the date too: cut it there as well.
    let refused = |text: &str, err: String| {
        let shown = excerpt(text);
        Error::Usage(format!("{flag} {shown}: {}", err.replace(text, &shown)))
    };
    text.map(|text| Date::parse(text).map_err(|err| refused(text, err.to_string()))).transpose()
}

fn check(args: CheckArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let path = match args.file {
        Some(path) => path,
        None => context.required_timeline()?,
    };
    let timeline = Timeline::load(&path)?;
    let count = timeline.events.len();
    writeln!(out, "ok: {count} event{}", if count == 1 { "" } else { "s" })?;
    Ok(super::exit::SUCCESS)
}
