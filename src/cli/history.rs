//! `dossier history V1 V2 ... VN`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::Result;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The versions, oldest first [default: the timeline's article and its versions]
    pub versions: Vec<PathBuf>,
}

pub fn run(args: HistoryArgs, context: &Context, out: &mut dyn Write) -> Result<u8> {
    let _ = (args, context, out);
    todo!("history command")
}
