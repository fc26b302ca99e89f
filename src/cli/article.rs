//! `dossier article FILE`: what dossier read from an article file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Context, Output, warn};
use crate::article::{Article, Segmentation};
use crate::error::Result;
use crate::render::article as render;
use crate::report::article::ArticleReport;

#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The article: text or Markdown, a saved web page (.html), or a Word document (.docx)
    pub file: PathBuf,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = ArticleFormat::Text)]
    pub format: ArticleFormat,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArticleFormat {
    Text,
    Markdown,
    Json,
}

pub fn run(args: ArticleArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let (article, reading) = Article::load_reading(&args.file, context.max_input_bytes, Segmentation::Paragraphs)?;
    let report = ArticleReport::new(&article, &reading);
    warn(&report.notes);
    let mut output = Output::new(args.output.as_deref(), out)?;
    let style = output.style(context.style);
    let writer = output.writer();
    match args.format {
        ArticleFormat::Text => render::write_text(writer, &report, &style),
        ArticleFormat::Markdown => render::write_markdown(writer, &report),
        ArticleFormat::Json => crate::render::write_json(&report, writer),
    }?;
    output.finish()?;
    Ok(0)
}
