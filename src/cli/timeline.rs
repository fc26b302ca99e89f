//! `dossier timeline show|check|export|import`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::Context;
use crate::error::Result;

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
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Keep events that overlap this date or earlier
    #[arg(long, value_name = "DATE")]
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
    /// The timeline to check [default: the global --timeline, else ./timeline.yaml]
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
    let _ = (args, context, out);
    todo!("timeline show")
}

fn check(args: CheckArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let _ = (args, context, out);
    todo!("timeline check")
}
