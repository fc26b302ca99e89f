//! `dossier brief [VERSIONS...]`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::Result;

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The versions, oldest first [default: the timeline's article and its versions]
    pub versions: Vec<PathBuf>,
}

pub fn run(args: BriefArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let _ = (args, context, out);
    todo!("brief command")
}
