//! `dossier history V1 V2 ... VN`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::{Context, Output, warn_unread_date};
use crate::article::Article;
use crate::diff::{DiffOptions, diff_articles};
use crate::error::{Error, Result};
use crate::render::history as render;
use crate::report::align::AlignReport;
use crate::report::diff::DiffReport;
use crate::timeline::Timeline;
use crate::versions::align_version;
use crate::versions::history::{Version, history};

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
    let loaded = Loaded::new(&args.versions, timeline.as_ref(), context)?;
    let (report, _) = history(&loaded.versions(), &loaded.diffs());
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
    Ok(0)
}

/// The versions loaded, and aligned when there is a timeline.
pub(super) struct Loaded {
    pub articles: Vec<Article>,
    pub aligns: Vec<AlignReport>,
}

impl Loaded {
    /// `paths` oldest first; empty means the timeline's `article.path` and `article.versions`.
    pub fn new(paths: &[PathBuf], timeline: Option<&Timeline>, context: &Context) -> Result<Loaded> {
        let paths: Vec<PathBuf> = if paths.is_empty() { default_versions(timeline)? } else { paths.to_vec() };
        if paths.iter().filter(|path| path.as_path() == Path::new("-")).count() > 1 {
            return Err(Error::Usage("standard input (-) can be only one of the versions".into()));
        }
        // Versions are read and aligned on every core; the first version that fails is reported.
        let loaded: Vec<Result<Article>> =
            paths.par_iter().map(|path| Article::load(path, context.max_input_bytes)).collect();
        let articles = loaded.into_iter().collect::<Result<Vec<_>>>()?;
        if let Some(timeline) = timeline {
            for article in &articles {
                warn_unread_date(timeline.article.as_ref(), article);
            }
        }
        let aligns = match timeline {
            Some(timeline) => articles.par_iter().map(|article| align_version(article, timeline)).collect(),
            None => Vec::new(),
        };
        Ok(Loaded { articles, aligns })
    }

    /// Each version diffed against the one before it.
    pub fn diffs(&self) -> Vec<DiffReport<'_>> {
        let options = DiffOptions::default();
        self.articles.windows(2).map(|pair| diff_articles(&pair[0], &pair[1], &options)).collect()
    }

    pub fn versions(&self) -> Vec<Version<'_>> {
        self.articles
            .iter()
            .enumerate()
            .map(|(index, article)| Version { article, align: self.aligns.get(index) })
            .collect()
    }
}

fn default_versions(timeline: Option<&Timeline>) -> Result<Vec<PathBuf>> {
    let article = timeline.and_then(|timeline| timeline.article.as_ref()).ok_or_else(|| {
        Error::Usage("name the versions, oldest first, or use a timeline whose article: section lists them".into())
    })?;
    Ok(std::iter::once(article.path.clone()).chain(article.versions.iter().cloned()).collect())
}
