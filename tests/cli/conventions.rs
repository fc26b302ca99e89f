//! Command-line conventions: help examples that work, --version, completions, the man page,
//! environment defaults for the global options (flags win), NO_COLOR.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::common::{fixture, project_root};

const SUBCOMMANDS: [&str; 8] = ["timeline", "diff", "align", "history", "brief", "article", "completions", "man"];
const SAMPLE: &str = "samples/china-russia-2018.txt";
const EDITED: &str = "tests/fixtures/diff-render/china-russia-2018-edited.txt";

/// The binary with a clean environment and no flags at all (`common::dossier` sets colour and
/// width, which these tests are about).
fn bare() -> Command {
    let mut command = Command::cargo_bin("dossier").expect("the dossier binary is built");
    command.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default()).current_dir(project_root());
    command
}

fn stdout(command: &mut Command) -> String {
    let output = command.output().expect("dossier runs");
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn help(subcommand: &str) -> String {
    stdout(bare().args([subcommand, "--help"]))
}

/// The `  dossier ...` lines of a help text's examples (the section ends at a blank line).
fn examples(help: &str) -> Vec<String> {
    let section = help.split_once("Examples:\n").map_or("", |(_, after)| after);
    let lines: Vec<&str> = section.lines().map(str::trim).take_while(|line| !line.is_empty()).collect();
    for line in &lines {
        assert!(line.starts_with("dossier ") || line.starts_with('#'), "a wrapped or stray example line: {line}");
    }
    lines.into_iter().filter(|line| line.starts_with("dossier ")).map(str::to_string).collect()
}

#[test]
fn every_command_has_examples_and_they_work() {
    let bin = bare().get_program().to_owned();
    let bin_dir = Path::new(&bin).parent().expect("the binary's folder").to_owned();
    // A working folder like the user's: the sample timeline, its article and versions, and an
    // archive with one article folder.
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::copy(project_root().join("timeline.yaml"), dir.path().join("timeline.yaml")).expect("copy timeline");
    std::fs::create_dir_all(dir.path().join("samples")).expect("samples folder");
    std::fs::create_dir_all(dir.path().join("archive/china-russia")).expect("archive folder");
    for (number, name) in
        ["china-russia-2018.txt", "china-russia-2018-v2.txt", "china-russia-2018-v3.txt"].into_iter().enumerate()
    {
        let sample = project_root().join("samples").join(name);
        std::fs::copy(&sample, dir.path().join("samples").join(name)).expect("copy a sample");
        std::fs::copy(&sample, dir.path().join(format!("archive/china-russia/{}.txt", number + 1)))
            .expect("copy a version");
    }
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("a PATH");
    let mut all = examples(&stdout(bare().arg("--help")));
    assert!(!all.is_empty(), "dossier --help has examples");
    for subcommand in SUBCOMMANDS {
        let found = examples(&help(subcommand));
        assert!(found.iter().all(|line| line.starts_with(&format!("dossier {subcommand}"))), "{found:?}");
        assert!(!found.is_empty(), "dossier {subcommand} --help has examples");
        all.extend(found);
    }
    // Examples run in order: `timeline import events.json` reads what `timeline export` wrote.
    for example in all {
        let output = Process::new("sh")
            .args(["-c", &example])
            .env_clear()
            .env("PATH", &path)
            .current_dir(dir.path())
            .output()
            .expect("sh runs");
        let code = output.status.code();
        // 1 is `diff` finding differences, not a failure.
        assert!(
            matches!(code, Some(0 | 1)),
            "`{example}` exited {code:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for written in ["brief.html", "brief.md", "events.json", "alignment.md", "steps.jsonl", "dossier.bash", "dossier.1"]
    {
        let size = std::fs::metadata(dir.path().join(written)).map(|info| info.len()).unwrap_or(0);
        assert!(size > 0, "an example wrote {written}");
    }
}

#[test]
fn version_is_the_package_version() {
    bare().arg("--version").assert().success().stdout(format!("dossier {}\n", env!("CARGO_PKG_VERSION")));
    for subcommand in [&["diff"][..], &["timeline", "show"], &["brief"]] {
        bare()
            .args(subcommand)
            .arg("--version")
            .assert()
            .success()
            .stdout(format!("dossier {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(bare().args(["completions", shell]));
        assert!(script.contains("dossier"), "{shell}: {script}");
        for subcommand in SUBCOMMANDS {
            assert!(script.contains(subcommand), "{shell} completion lacks {subcommand}");
        }
        // Options of a subcommand are completed too.
        assert!(script.contains("batch"), "{shell} completion lacks diff --batch");
    }
    bare().args(["completions", "tcsh"]).assert().code(2).stderr(predicate::str::contains("tcsh"));
}

#[test]
fn fish_completes_the_values_of_global_options() {
    if Process::new("fish").arg("--version").output().is_err() {
        eprintln!("note: fish is not installed; skipping the fish completion check");
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let script = dir.path().join("dossier.fish");
    std::fs::write(&script, stdout(bare().args(["completions", "fish"]))).expect("write the script");
    let complete = |line: &str| {
        let command = format!("source '{}'; complete -C '{line}'", script.display());
        let output = Process::new("fish").args(["--no-config", "-c", &command]).output().expect("fish runs");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| line.split('\t').next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    for line in ["dossier --color ", "dossier --width 80 --color ", "dossier diff --color "] {
        assert_eq!(complete(line), ["always", "auto", "never"], "{line}");
    }
    assert!(complete("dossier --color never ti").contains(&"timeline".to_string()));
}

#[test]
fn bash_completes_batch_folders_without_a_trailing_space() {
    let script = stdout(bare().args(["completions", "bash"]));
    let case = script.split_once("                --batch)\n").map(|(_, after)| after).expect("a --batch case");
    let case = &case[..case.find(";;").expect("the case ends")];
    assert!(case.contains("compgen -d") && case.contains("compopt -o filenames -o nospace"), "{case}");
    assert!(!script.contains("plusdirs"), "plusdirs ends a folder name with a space");
    // Only folders are offered.
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir(dir.path().join("archive")).expect("a folder");
    std::fs::write(dir.path().join("archive.txt"), "").expect("a file");
    std::fs::write(dir.path().join("dossier.bash"), &script).expect("write the script");
    let output = Process::new("bash")
        .args(["-c", "source ./dossier.bash; COMP_WORDS=(dossier diff --batch arc); COMP_CWORD=3; _dossier dossier arc --batch 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\""])
        .current_dir(dir.path())
        .output()
        .expect("bash runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "archive\n");
}

#[test]
fn the_man_page_is_roff() {
    let page = stdout(bare().arg("man"));
    // clap_mangen opens with the groff/troff quote definition (`.ie`/`.el`), then the title.
    let title = page.lines().position(|line| line.starts_with(".TH dossier 1")).expect("a .TH title line");
    assert!(page.lines().take(title).all(|line| line.starts_with('.')), "only requests before .TH: {page}");
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"), "{page}");
    for subcommand in SUBCOMMANDS {
        assert!(page.contains(subcommand), "the man page lacks {subcommand}");
    }
    assert!(page.contains("DOSSIER_TIMELINE"), "the man page names the environment defaults");
}

#[test]
fn every_command_has_a_man_page_with_its_examples() {
    let page = stdout(bare().args(["man", "timeline", "show"]));
    assert!(page.contains(".TH dossier-timeline-show 1"), "{page}");
    assert!(page.contains("\\fB\\-\\-from\\fR \\fI<DATE>\\fR"), "{page}");
    bare()
        .args(["man", "timeline", "shwo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such command").and(predicate::str::contains("show, check")));

    let dir = tempfile::tempdir().expect("a temp dir");
    let listed = stdout(bare().args(["man", "--dir"]).arg(dir.path().join("pages")));
    assert_eq!(listed.lines().count(), 13, "{listed}");
    for subcommand in SUBCOMMANDS {
        let page = std::fs::read_to_string(dir.path().join(format!("pages/dossier-{subcommand}.1")))
            .unwrap_or_else(|err| panic!("dossier-{subcommand}.1: {err}"));
        assert!(page.contains(&format!(".TH dossier-{subcommand} 1")), "{page}");
        for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH EXAMPLES\n.nh\n.nf\n"] {
            assert!(page.contains(section), "dossier-{subcommand}.1 has no {section}");
        }
    }
}

#[test]
fn man_page_examples_read_whole_and_paste_as_typed() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (command, page_name) in
        [(&["diff"][..], "dossier-diff.1"), (&["timeline", "import"], "x.1"), (&[], "dossier.1")]
    {
        let page = stdout(bare().arg("man").args(command));
        let statuses = page.split_once(".SH \"EXIT STATUS\"\n").expect("EXIT STATUS").1;
        assert!(statuses.starts_with(".TP\n0\n"), "{statuses}");
        let environment = page.split_once(".SH ENVIRONMENT\n").expect("ENVIRONMENT").1;
        for variable in ["DOSSIER_TIMELINE", "DOSSIER_COLOR", "DOSSIER_CSV_BOM", "NO_COLOR", "CLICOLOR_FORCE", "TERM"] {
            assert!(environment.contains(&format!("\\fB{variable}\\fR")), "{variable}: {environment}");
        }
        let file = dir.path().join(page_name);
        std::fs::write(&file, &page).expect("write the page");
        // Rendered narrow by man, each example is one line, as `--help` shows it.
        let Ok(rendered) =
            Process::new("man").arg("-l").arg(&file).env("MANWIDTH", "40").env("LANG", "C.UTF-8").output()
        else {
            eprintln!("note: no man to render the page; skipping the rendering check");
            continue;
        };
        let rendered = String::from_utf8_lossy(&rendered.stdout).into_owned();
        let mut help_args = command.to_vec();
        help_args.push("--help");
        for example in examples(&stdout(bare().args(&help_args))) {
            assert!(rendered.lines().any(|line| line.trim() == example), "`{example}` not whole in:\n{rendered}");
        }
    }
    let import = stdout(bare().args(["man", "timeline", "import"]));
    assert!(import.contains(".TP\n1\nThe timeline was written without the events"), "{import}");
}

#[test]
fn dossier_timeline_is_the_default_timeline_and_the_flag_wins() {
    let timeline = project_root().join("timeline.yaml");
    let elsewhere = tempfile::tempdir().expect("a temp dir");
    // Without a timeline here, `timeline show` has nothing to show.
    bare().current_dir(elsewhere.path()).args(["timeline", "show"]).assert().code(2);
    bare()
        .current_dir(elsewhere.path())
        .env("DOSSIER_TIMELINE", &timeline)
        .args(["timeline", "show", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("soviet-union-dissolved"));
    bare()
        .current_dir(elsewhere.path())
        .env("DOSSIER_TIMELINE", elsewhere.path().join("no-such-timeline.yaml"))
        .arg("--timeline")
        .arg(&timeline)
        .args(["timeline", "show", "--format", "json"])
        .assert()
        .success();
    bare()
        .current_dir(elsewhere.path())
        .env("DOSSIER_TIMELINE", elsewhere.path().join("no-such-timeline.yaml"))
        .args(["timeline", "show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-timeline.yaml"));
}

fn has_colour(command: &mut Command) -> bool {
    stdout(command.args(["--no-timeline", "diff", SAMPLE, EDITED])).contains('\x1b')
}

#[test]
fn dossier_color_is_the_default_colour_and_the_flag_wins() {
    assert!(!has_colour(&mut bare()), "auto: no colour in a pipe");
    assert!(has_colour(bare().env("DOSSIER_COLOR", "always")));
    assert!(!has_colour(bare().env("DOSSIER_COLOR", "always").args(["--color", "never"])));
    assert!(has_colour(bare().env("DOSSIER_COLOR", "never").args(["--color", "always"])));
    assert!(has_colour(bare().env("NO_COLOR", "1").args(["--color", "always"])), "--color always beats NO_COLOR");
    bare().env("DOSSIER_COLOR", "sometimes").args(["timeline", "show"]).assert().code(2);
}

/// The widest line of `timeline show` (a table that fills the width it is given).
fn widest_line(command: &mut Command) -> usize {
    let text = stdout(command.args(["timeline", "show"]));
    text.lines().map(|line| line.chars().count()).max().unwrap_or(0)
}

#[test]
fn dossier_width_is_the_default_width_and_the_flag_wins() {
    let narrow = widest_line(bare().env("DOSSIER_WIDTH", "60"));
    let wide = widest_line(bare().env("DOSSIER_WIDTH", "160"));
    assert!(narrow <= 60 && wide > 60, "{narrow} {wide}");
    assert_eq!(widest_line(bare().env("DOSSIER_WIDTH", "160").args(["--width", "60"])), narrow);
    assert_eq!(
        widest_line(bare().env("COLUMNS", "160").env("DOSSIER_WIDTH", "60")),
        narrow,
        "DOSSIER_WIDTH beats COLUMNS"
    );
    bare().env("DOSSIER_WIDTH", "5").args(["timeline", "show"]).assert().code(2);
}

#[test]
fn dossier_max_input_bytes_is_the_default_limit_and_the_flag_wins() {
    let diff = ["--no-timeline", "diff", SAMPLE, EDITED];
    bare()
        .env("DOSSIER_MAX_INPUT_BYTES", "1000")
        .args(diff)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(SAMPLE).and(predicate::str::contains("1000")));
    bare().env("DOSSIER_MAX_INPUT_BYTES", "1000").args(["--max-input-bytes", "100000"]).args(diff).assert().code(1);
    bare().env("DOSSIER_MAX_INPUT_BYTES", "lots").args(diff).assert().code(2);
}

/// Runs `shell_command` on a pseudo-terminal (util-linux `script`) and returns what the
/// terminal received; `None` when `script` is not there.
fn on_terminal(shell_command: &str, env: &[(&str, &str)]) -> Option<String> {
    let mut script = Process::new("script");
    script.args(["-qec", shell_command, "/dev/null"]).current_dir(project_root()).env_remove("NO_COLOR");
    for var in ["DOSSIER_TIMELINE", "DOSSIER_COLOR", "DOSSIER_WIDTH", "DOSSIER_MAX_INPUT_BYTES", "COLUMNS"] {
        script.env_remove(var);
    }
    script.envs(env.iter().copied());
    match script.output() {
        Ok(output) if output.status.code().is_some() => Some(String::from_utf8_lossy(&output.stdout).into_owned()),
        _ => {
            eprintln!("note: no `script` to make a terminal; skipping");
            None
        }
    }
}

#[test]
fn no_color_turns_automatic_colour_off_on_a_terminal() {
    let bin = bare().get_program().to_string_lossy().into_owned();
    let command = format!("'{bin}' --no-timeline diff {SAMPLE} {EDITED}");
    let Some(coloured) = on_terminal(&command, &[]) else { return };
    assert!(coloured.contains('\x1b'), "auto colours a terminal: {coloured}");
    let Some(plain) = on_terminal(&command, &[("NO_COLOR", "1")]) else { return };
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain}");
    let Some(empty) = on_terminal(&command, &[("NO_COLOR", "")]) else { return };
    assert!(empty.contains('\x1b'), "an empty NO_COLOR is unset");
    let Some(forced) =
        on_terminal(&format!("'{bin}' --color always --no-timeline diff {SAMPLE} {EDITED}"), &[("NO_COLOR", "1")])
    else {
        return;
    };
    assert!(forced.contains('\x1b'), "--color always wins over NO_COLOR");
}

#[test]
fn term_dumb_and_clicolor_turn_automatic_colour_off_on_a_terminal() {
    let bin = bare().get_program().to_string_lossy().into_owned();
    let command = format!("'{bin}' --no-timeline diff {SAMPLE} {EDITED}");
    let Some(dumb) = on_terminal(&command, &[("TERM", "dumb")]) else { return };
    assert!(!dumb.contains('\x1b'), "TERM=dumb: {dumb}");
    let Some(off) = on_terminal(&command, &[("TERM", "xterm"), ("CLICOLOR", "0")]) else { return };
    assert!(!off.contains('\x1b'), "CLICOLOR=0: {off}");
    let Some(on) = on_terminal(&command, &[("TERM", "xterm"), ("CLICOLOR", "1")]) else { return };
    assert!(on.contains('\x1b'), "CLICOLOR=1 on a terminal: {on}");
}

#[test]
fn clicolor_force_colours_a_pipe_unless_no_color() {
    assert!(has_colour(bare().env("CLICOLOR_FORCE", "1")));
    assert!(!has_colour(bare().env("CLICOLOR_FORCE", "0")));
    assert!(!has_colour(bare().env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1")), "NO_COLOR wins");
    assert!(!has_colour(bare().env("CLICOLOR_FORCE", "1").args(["--color", "never"])), "the flag wins");
}

/// `dossier ARGS | head -c 10` in bash, in the project folder: dossier's exit code and errors.
fn into_closed_pipe(args: &str) -> (Option<i32>, String) {
    let bin = bare().get_program().to_string_lossy().into_owned();
    let script = format!("'{bin}' --color never {args} | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}");
    let output = Process::new("bash").args(["-c", &script]).current_dir(project_root()).output().expect("bash runs");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn csv_into_a_closed_pipe_exits_0_like_every_format() {
    // A report larger than any pipe buffer, so the write does meet the closed pipe.
    let dir = tempfile::tempdir().expect("a temp dir");
    let timeline = dir.path().join("many.yaml");
    let mut yaml = String::from("events:\n");
    for index in 0..5_000 {
        yaml.push_str(&format!("  - id: event-{index}\n    title: Event number {index}\n    date: 2018-01-01\n"));
    }
    std::fs::write(&timeline, yaml).expect("write the timeline");
    let timeline = timeline.display();
    for format in ["csv", "json", "markdown", "table"] {
        let command = format!("--timeline '{timeline}' timeline show --format {format}");
        assert_eq!(into_closed_pipe(&command), (Some(0), String::new()), "{command}");
    }
    let command = format!("--timeline '{timeline}' timeline export --format timelinejs-csv");
    assert_eq!(into_closed_pipe(&command), (Some(0), String::new()), "{command}");
}

#[test]
fn a_dash_reads_standard_input_wherever_a_file_is_read() {
    let timeline = std::fs::read(project_root().join("timeline.yaml")).expect("the sample timeline");
    bare().args(["timeline", "check", "-"]).write_stdin(timeline.clone()).assert().success().stdout("ok: 12 events\n");
    bare()
        .args(["--timeline", "-", "timeline", "show", "--format", "json"])
        .write_stdin(timeline.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains("soviet-union-dissolved"));
    bare()
        .args(["timeline", "check", "-"])
        .write_stdin("events:\n  - id: x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>:"));
    let exported = bare().args(["timeline", "export", "--format", "timelinejs-json"]).output().expect("runs").stdout;
    bare()
        .args(["timeline", "import", "-"])
        .write_stdin(exported)
        .assert()
        .success()
        .stdout(predicate::str::contains("id: \"soviet-union-dissolved\""));
    bare()
        .args(["timeline", "import", "-"])
        .write_stdin("not a timeline at all")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>: cannot tell its format"));
}

#[test]
fn batch_progress_shows_on_a_terminal_and_never_in_a_pipe() {
    let bin = bare().get_program().to_string_lossy().into_owned();
    let archive = fixture("batch/archive");
    let archive = archive.to_string_lossy();
    let out = tempfile::tempdir().expect("a temp dir");
    let lines = out.path().join("steps.jsonl");
    let command = format!("'{bin}' --no-timeline diff --batch '{archive}' > '{}'", lines.display());
    let Some(terminal) = on_terminal(&command, &[]) else { return };
    assert!(terminal.contains("steps"), "a progress bar on the terminal: {terminal:?}");
    let written = std::fs::read_to_string(&lines).expect("the JSON lines");
    assert_eq!(written.lines().count(), 5);
    assert!(!written.contains("steps,"), "progress never goes to standard output");
}

// ---------------------------------------------------------------- small words

#[test]
fn a_colon_in_an_unquoted_title_gets_the_line_to_write() {
    bare()
        .args(["timeline", "check", "-"])
        .write_stdin("events:\n  - id: a\n    title: Talks: the second round\n    date: 2018-04\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<stdin>:3:17: YAML syntax error: mapping values are not allowed in this context; a value with \": \" in it \
             must be quoted: title: \"Talks: the second round\"",
        ));
}

#[test]
fn a_date_in_words_is_refused_with_its_numeric_form() {
    bare()
        .args(["timeline", "check", "-"])
        .write_stdin("events:\n  - id: a\n    title: Talks\n    date: April 2018\n")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("`April 2018` is not a date").and(predicate::str::contains("write it as 2018-04")),
        );
}

#[test]
fn align_suggest_works_without_a_timeline() {
    let output = bare().args(["--no-timeline", "align", "--suggest", SAMPLE]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stubs = String::from_utf8(output.stdout).expect("utf-8");
    assert!(stubs.contains("- id: ") && stubs.contains("  date: \"1992\""), "{stubs}");
    bare()
        .args(["--no-timeline", "align", "--suggest"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name the article"));
}

#[test]
fn counts_agree_with_their_nouns() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let one = dir.path().join("one.txt");
    std::fs::write(&one, "A single paragraph.\n").expect("write");
    let same = stdout(bare().arg("--no-timeline").arg("diff").arg(&one).arg(&one));
    assert!(same.contains("no differences (1 paragraph, 3 words)"), "{same}");
    let edited = dir.path().join("edited.txt");
    std::fs::write(&edited, "A single paragraph of 2019.\n").expect("write");
    let diff = stdout(bare().arg("--no-timeline").arg("diff").arg(&one).arg(&edited));
    assert!(diff.contains("1 changed run touches numbers or dates"), "{diff}");
    assert!(!diff.contains("(s)") && !diff.contains(" 1 paragraphs") && !diff.contains(" 1 words"), "{diff}");
}
