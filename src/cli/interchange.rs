//! `dossier timeline export` and `dossier timeline import`: TimelineJS JSON and CSV, tilse.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Context;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InterchangeFormat {
    TimelinejsJson,
    TimelinejsCsv,
    Tilse,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: InterchangeFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import
    pub file: PathBuf,
    /// Its format [default: guessed from the file name and content]
    #[arg(long, value_enum)]
    pub from: Option<InterchangeFormat>,
    /// Write the timeline YAML to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run_export(args: ExportArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let _ = (args, context, out);
    todo!("timeline export")
}

pub fn run_import(args: ImportArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let _ = (args, context, out);
    todo!("timeline import")
}
