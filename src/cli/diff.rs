//! `dossier diff OLD NEW`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::Result;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version (`-` for standard input)
    pub old: PathBuf,
    /// The new version (`-` for standard input)
    pub new: PathBuf,
}

pub fn run(args: DiffArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let _ = (args, context, out);
    todo!("diff command")
}
