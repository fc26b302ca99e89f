//! `dossier align [ARTICLE]`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Context, Output, warn_about_reading, warn_unread_date};
use crate::align::{AlignOptions, DEFAULT_MIN_SCORE, align, reference_date};
use crate::article::Article;
use crate::dates::Date;
use crate::error::{Error, Result};
use crate::render;
use crate::timeline::Timeline;
use crate::versions::load_timeline_and_article;

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The article [default: article.path from the timeline]
    pub article: Option<PathBuf>,
    /// The publication date, for dates written without a year [default: article.published
    /// from the timeline, else a Date: or Published: line in the article]
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The score a sentence needs to be linked to an event
    #[arg(long, value_name = "X", default_value_t = DEFAULT_MIN_SCORE)]
    pub min_score: f64,
    /// Also list the sentences that had evidence for an event but were not linked, and why
    #[arg(long)]
    pub explain: bool,
    /// Print the dates no event accounts for as YAML event stubs instead of the report
    #[arg(long, conflicts_with = "format")]
    pub suggest: bool,
    #[arg(long, value_enum, default_value_t = AlignFormat::Table)]
    pub format: AlignFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlignFormat {
    Table,
    Markdown,
    Csv,
    Json,
}

pub fn run(args: AlignArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    if !args.min_score.is_finite() || args.min_score < 0.0 {
        return Err(Error::Usage(format!("--min-score {}: expected a number of 0 or more", args.min_score)));
    }
    // Suggesting events needs no timeline: without one, every date of the article is a stub.
    let timeline_path = match context.optional_timeline() {
        None if args.suggest => return suggest_without_timeline(&args, context, out),
        _ => context.required_timeline()?,
    };
    let (timeline, article) = match &args.article {
        // Both files named: read them at once (a long timeline takes as long as a book).
        Some(path) => load_timeline_and_article(&timeline_path, path, context.max_input_bytes)?,
        None => {
            let timeline = Timeline::load(&timeline_path)?;
            let Some(path) = timeline.article.as_ref().map(|article| article.path.clone()) else {
                return Err(Error::Usage(format!(
                    "no article: name one, or set article.path in {}",
                    timeline.path.display()
                )));
            };
            let article = Article::load(&path, context.max_input_bytes)?;
            (timeline, article)
        }
    };
    warn_about_reading(&article);
    let timeline_article = timeline.article.as_ref();
    let reference = match &args.published {
        Some(text) => Some(Date::parse(text).map_err(|err| Error::Usage(format!("--published {text}: {err}")))?),
        None => {
            warn_unread_date(timeline_article, &article);
            reference_date(timeline_article, &article)
        }
    };

    let mut report = align(
        &article,
        &timeline.events,
        reference.as_ref(),
        &AlignOptions { min_score: args.min_score, explain: args.explain },
    );
    if report.article.title.is_none() {
        report.article.title = timeline_article.and_then(|article| article.title.clone());
    }

    let mut output = Output::new(args.output.as_deref(), out)?;
    let style = output.style(context.style);
    let writer = output.writer();
    let written = if args.suggest {
        render::align::suggestions(&report, writer)
    } else {
        match args.format {
            AlignFormat::Table => render::align::table(&report, &style, writer),
            AlignFormat::Markdown => render::align::markdown(&report, writer),
            AlignFormat::Csv => context.start_csv(writer).and_then(|()| render::align::csv(&report, writer)),
            AlignFormat::Json => render::align::json(&report, writer),
        }
    };
    written.map_err(|source| output.write_error(source))?;
    output.finish()?;
    Ok(super::exit::SUCCESS)
}

/// `align --suggest` with no timeline: the article's dates, each as an event stub.
fn suggest_without_timeline(args: &AlignArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let Some(path) = &args.article else {
        return Err(Error::Usage("name the article: with no timeline, there is no article.path to read".into()));
    };
    let article = Article::load(path, context.max_input_bytes)?;
    warn_about_reading(&article);
    let reference = match &args.published {
        Some(text) => Some(Date::parse(text).map_err(|err| Error::Usage(format!("--published {text}: {err}")))?),
        None => {
            warn_unread_date(None, &article);
            reference_date(None, &article)
        }
    };
    let report = align(&article, &[], reference.as_ref(), &AlignOptions { min_score: args.min_score, explain: false });
    let mut output = Output::new(args.output.as_deref(), out)?;
    render::align::suggestions(&report, output.writer()).map_err(|source| output.write_error(source))?;
    output.finish()?;
    Ok(0)
}
