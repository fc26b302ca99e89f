//! `dossier completions SHELL` and `dossier man`, generated from the clap definition.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory};

use super::Cli;
use super::output::Output;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

pub fn run_completions(args: CompletionsArgs, out: &mut dyn Write) -> Result<u8> {
    clap_complete::generate(args.shell, &mut Cli::command(), "dossier", out);
    Ok(super::exit::SUCCESS)
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, as typed after `dossier` (`diff`, `timeline show`)
    /// [default: dossier's own page, which lists every command]
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
    /// Write every page (dossier.1, dossier-diff.1, dossier-timeline-show.1, ...) into this
    /// folder, and print their paths
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

pub fn run_man(args: ManArgs, out: &mut dyn Write) -> Result<u8> {
    let mut root = Cli::command().disable_help_subcommand(true);
    // Built, every command knows its full name ("dossier-timeline-show"): the page's title.
    root.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).map_err(|source| Error::io(dir, source))?;
        let mut commands = vec![root];
        while let Some(command) = commands.pop() {
            commands.extend(command.get_subcommands().filter(|sub| !sub.is_hide_set()).cloned());
            let page = man_page(command);
            let path = dir.join(page.get_filename());
            let mut output = Output::new(Some(&path), out)?;
            page.render(output.writer()).map_err(|source| output.write_error(source))?;
            output.finish()?;
            writeln!(out, "{}", path.display())?;
        }
        return Ok(super::exit::SUCCESS);
    }
    let mut command = &root;
    for (depth, name) in args.command.iter().enumerate() {
        command = command.find_subcommand(name).ok_or_else(|| {
            let typed = args.command[..=depth].join(" ");
            let known: Vec<&str> = command.get_subcommands().map(clap::Command::get_name).collect();
            Error::Usage(format!("dossier man {typed}: no such command (known here: {})", known.join(", ")))
        })?;
    }
    man_page(command.clone()).render(out)?;
    Ok(super::exit::SUCCESS)
}

/// A command's page, its footer naming dossier and its version (not the subcommand's name).
fn man_page(command: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command).source(format!("dossier {}", env!("CARGO_PKG_VERSION")))
}
