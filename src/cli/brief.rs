//! `dossier brief [VERSIONS...]`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::history::load_versions;
use super::{Context, Output};
use crate::error::{Error, Result};
use crate::render::brief::{self as render, BriefTable};
use crate::timeline::Timeline;
use crate::versions::brief::brief;
use crate::versions::history::history;

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The versions, oldest first [default: the timeline's article and its versions]
    pub versions: Vec<PathBuf>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = BriefFormat::Markdown)]
    pub format: BriefFormat,
    /// Only one table (Markdown and CSV): the key events, the latest changes, or every event
    /// across versions. A CSV file holds one table [default for CSV: events]
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<TableChoice>,
    /// Write the brief to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    Markdown,
    Html,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableChoice {
    Events,
    Changes,
    Status,
}

pub fn run(args: BriefArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let table = args.table.map(|choice| match choice {
        TableChoice::Events => BriefTable::Events,
        TableChoice::Changes => BriefTable::Changes,
        TableChoice::Status => BriefTable::Status,
    });
    if table.is_some() && matches!(args.format, BriefFormat::Html | BriefFormat::Json) {
        return Err(Error::Usage("--table selects one table of the Markdown or CSV brief".into()));
    }
    let timeline = Timeline::load(&context.required_timeline()?)?;
    let set = load_versions(&args.versions, Some(&timeline), context)?;
    let (versions, diffs) = (set.views(), set.diffs());
    let history = history(&versions, &diffs);
    let report = brief(&timeline, &versions, &diffs, &history);
    let mut output = Output::new(args.output.as_deref(), out)?;
    let writer = output.writer();
    match args.format {
        BriefFormat::Markdown => render::write_markdown(writer, &report, table),
        // The page draws the change map of every version from the history.
        BriefFormat::Html => render::write_html(writer, &report, Some(&history)),
        BriefFormat::Csv => context
            .start_csv(writer)
            .and_then(|()| render::write_csv(writer, &report, table.unwrap_or(BriefTable::Events))),
        BriefFormat::Json => crate::render::write_json(&report, writer),
    }?;
    output.finish()?;
    Ok(super::exit::SUCCESS)
}
