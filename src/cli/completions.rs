//! `dossier completions SHELL` and `dossier man`, generated from the clap definition.

use std::io::Write;

use clap::{Args, CommandFactory};

use super::Cli;
use crate::error::Result;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

pub fn run_completions(args: CompletionsArgs, out: &mut dyn Write) -> Result<u8> {
    clap_complete::generate(args.shell, &mut Cli::command(), "dossier", out);
    Ok(0)
}

pub fn run_man(out: &mut dyn Write) -> Result<u8> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(0)
}
