//! `dossier history V1 V2 ... VN`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Context, Output, warn_about_reading, warn_unread_date};
use crate::error::{Error, Result};
use crate::render::history as render;
use crate::timeline::Timeline;
use crate::versions::VersionSet;
use crate::versions::history::history;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The versions, oldest first [default: the timeline's article and its versions]
    pub versions: Vec<PathBuf>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
    /// The one table a CSV file holds [default: passages]
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<HistoryTableChoice>,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Table,
    Markdown,
    Csv,
    Json,
    Html,
    /// The change map picture: one strip of paragraphs per version
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryTableChoice {
    Versions,
    Passages,
    /// Needs a timeline
    Events,
    Steps,
}

pub fn run(args: HistoryArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    if args.table.is_some() && args.format != HistoryFormat::Csv {
        return Err(Error::Usage("--table picks the one table of a CSV history: add --format csv".into()));
    }
    let timeline = match context.optional_timeline() {
        Some(path) => Some(Timeline::load(&path)?),
        None => None,
    };
    let table = match args.table.unwrap_or(HistoryTableChoice::Passages) {
        HistoryTableChoice::Versions => render::HistoryTable::Versions,
        HistoryTableChoice::Passages => render::HistoryTable::Passages,
        HistoryTableChoice::Events if timeline.is_none() => {
            return Err(Error::Usage("--table events follows the timeline's events: this run has no timeline".into()));
        }
        HistoryTableChoice::Events => render::HistoryTable::Events,
        HistoryTableChoice::Steps => render::HistoryTable::Steps,
    };
    let set = load_versions(&args.versions, timeline.as_ref(), context)?;
    let report = history(&set.views(), &set.diffs());
    let mut output = Output::new(args.output.as_deref(), out)?;
    let style = output.style(context.style);
    let writer = output.writer();
    match args.format {
        HistoryFormat::Table => render::write_table(writer, &report, &style),
        HistoryFormat::Markdown => render::write_markdown(writer, &report),
        HistoryFormat::Csv => context.start_csv(writer).and_then(|()| render::write_csv(writer, &report, table)),
        HistoryFormat::Json => crate::render::write_json(&report, writer),
        HistoryFormat::Html => render::write_html(writer, &report),
        HistoryFormat::Svg => crate::render::picture::history_change_map_svg(&report, writer),
    }?;
    output.finish()?;
    Ok(super::exit::SUCCESS)
}

/// The versions read and aligned, with a warning for each whose date could not be read.
pub(super) fn load_versions(
    paths: &[std::path::PathBuf],
    timeline: Option<&Timeline>,
    context: &Context,
) -> Result<VersionSet> {
    let set = VersionSet::load(paths, context.max_input_bytes, timeline)?;
    for version in &set.versions {
        warn_about_reading(&version.article);
    }
    if let Some(timeline) = timeline {
        for version in &set.versions {
            warn_unread_date(timeline.article.as_ref(), &version.article);
        }
    }
    Ok(set)
}
