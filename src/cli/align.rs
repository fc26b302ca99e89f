//! `dossier align [ARTICLE]`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::Result;

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The article [default: article.path from the timeline]
    pub article: Option<PathBuf>,
}

pub fn run(args: AlignArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let _ = (args, context, out);
    todo!("align command")
}
