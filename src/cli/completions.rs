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
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "dossier", &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    let script = match args.shell {
        clap_complete::Shell::Fish => fish_completes_global_values(script),
        clap_complete::Shell::Bash => bash_completes_folders_without_space(script),
        _ => script,
    };
    out.write_all(script.as_bytes())?;
    Ok(super::exit::SUCCESS)
}

/// clap's fish script decides whether a command is typed yet by parsing the line with
/// `argparse`, which fails while a global option waits for its value (`dossier --color
/// <TAB>`); the script then offered files. A line that does not parse has no command yet.
fn fish_completes_global_values(script: String) -> String {
    const PARSE: &str = "    argparse -s (__fish_dossier_global_optspecs) -- $cmd 2>/dev/null\n    or return\n";
    script.replace(PARSE, &PARSE.replace("or return\n", "or return 0\n"))
}

/// clap's bash script completes a folder (`diff --batch DIR`) with `compopt -o plusdirs`, which
/// ends the word with a space, so the user cannot go on into the folder. Folders are completed
/// as file names instead: a slash at the end and no space.
fn bash_completes_folders_without_space(script: String) -> String {
    let mut lines: Vec<String> = script.lines().map(str::to_string).collect();
    for at in 0..lines.len() {
        if lines[at].trim() != "compopt -o plusdirs" {
            continue;
        }
        lines[at] = lines[at].replace("compopt -o plusdirs", "compopt -o filenames -o nospace");
        if let Some(reply) = lines[at.saturating_sub(3)..at].iter_mut().rev().find(|line| line.trim() == "COMPREPLY=()")
        {
            *reply = reply.replace("COMPREPLY=()", "COMPREPLY=($(compgen -d -- \"${cur}\"))");
        }
    }
    let mut script = lines.join("\n");
    script.push('\n');
    script
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
            let path = dir.join(man_page(command.clone()).get_filename());
            let mut output = Output::new(Some(&path), out)?;
            let page = render_man_page(command);
            output.writer().write_all(page.as_bytes()).map_err(|source| output.write_error(source))?;
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
    out.write_all(render_man_page(command.clone()).as_bytes())?;
    Ok(super::exit::SUCCESS)
}

/// A command's whole page: clap_mangen's sections, then EXIT STATUS, ENVIRONMENT and
/// EXAMPLES (before VERSION). The examples come from the command's help, in no-fill mode and
/// unhyphenated, each `-` a hyphen-minus (`\-`), so a line pasted from `man` runs as shown.
fn render_man_page(command: clap::Command) -> String {
    let name = command.get_display_name().unwrap_or(command.get_name()).to_string();
    let help = command.get_after_help().map(ToString::to_string).unwrap_or_default();
    let environment = environment_entries();
    let mut roff = Vec::new();
    // Writing into memory cannot fail.
    let _ = man_page(command.after_help(None::<&str>)).render(&mut roff);
    let page = String::from_utf8_lossy(&roff).into_owned();
    let (head, tail) = page.split_at(page.find(".SH VERSION").unwrap_or(page.len()));
    let mut sections = String::new();
    sections.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in exit_statuses(&name) {
        sections.push_str(&format!(".TP\n{code}\n{}\n", roff_text(meaning)));
    }
    sections.push_str(&format!(
        ".PP\n{}\n",
        roff_text("A closed pipe (dossier ... | head -1) ends quietly with the status the command had decided.")
    ));
    sections.push_str(".SH ENVIRONMENT\n");
    for (variable, meaning) in environment {
        sections.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff_text(&variable), roff_text(&meaning)));
    }
    let examples: Vec<&str> =
        help.lines().map(str::trim).filter(|line| line.starts_with("dossier ") || line.starts_with('#')).collect();
    if !examples.is_empty() {
        sections.push_str(".SH EXAMPLES\n.nh\n.nf\n.RS 4\n");
        for line in examples {
            sections.push_str(&roff_text(line));
            sections.push('\n');
        }
        sections.push_str(".RE\n.fi\n.hy\n");
    }
    format!("{head}{sections}{tail}")
}

/// What each exit status means for the command named `name` (`dossier-diff`).
fn exit_statuses(name: &str) -> Vec<(u8, &'static str)> {
    match name {
        "dossier-diff" => vec![
            (0, "The texts say the same thing under the chosen comparison (with --batch: every step does)."),
            (1, "The texts differ (with --batch: some step differs)."),
            (
                2,
                "An error: a file that cannot be read, bad arguments (with --batch: a step failed; its line says why).",
            ),
        ],
        "dossier-timeline-import" => vec![
            (0, "Every event was imported."),
            (1, "The timeline was written without the events named on standard error, which could not be read."),
            (
                2,
                "An error, and nothing written: a file that cannot be read, no event that can (with --strict: any event that cannot).",
            ),
        ],
        "dossier" => vec![
            (0, "Success."),
            (1, "diff found differences; timeline import left out events it could not read."),
            (2, "Any error: bad input (the message names the file, line and column), a missing file, bad arguments."),
        ],
        _ => vec![
            (0, "Success."),
            (2, "Any error: bad input (the message names the file, line and column), a missing file, bad arguments."),
        ],
    }
}

/// The variables dossier reads, on every page (the global options apply to every command):
/// each global option's default, then the conventions it follows.
fn environment_entries() -> Vec<(String, String)> {
    let root = Cli::command();
    let mut entries: Vec<(String, String)> = root
        .get_arguments()
        .filter_map(|arg| {
            let variable = arg.get_env()?.to_string_lossy().into_owned();
            let flag = arg.get_long().unwrap_or_default();
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            Some((variable, format!("The default of --{flag}: {help}. The flag wins.")))
        })
        .collect();
    for (variable, meaning) in [
        ("NO_COLOR", "Set and not empty: no automatic colour (no-color.org)."),
        ("CLICOLOR_FORCE", "Set and not 0: automatic colour even in a pipe, unless NO_COLOR is set."),
        ("CLICOLOR", "0: no automatic colour."),
        ("TERM", "dumb: no automatic colour."),
        ("COLUMNS", "The width when neither --width nor DOSSIER_WIDTH is given."),
    ] {
        entries.push((variable.to_string(), meaning.to_string()));
    }
    entries
}

/// Text for a roff line: backslashes and dashes escaped (`\-` is a hyphen-minus that pastes
/// as one), a leading dot or quote kept from reading as a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
}

/// A command's page, its footer naming dossier and its version (not the subcommand's name).
fn man_page(command: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command).source(format!("dossier {}", env!("CARGO_PKG_VERSION")))
}
