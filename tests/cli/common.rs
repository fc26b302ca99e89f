//! Runs the real binary with a clean, repeatable environment.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// `dossier` with no colour, a fixed width, and none of the environment that changes output.
pub fn dossier() -> Command {
    let mut command = Command::cargo_bin("dossier").expect("the dossier binary is built");
    for var in [
        "NO_COLOR",
        "COLUMNS",
        "DOSSIER_TIMELINE",
        "DOSSIER_COLOR",
        "DOSSIER_WIDTH",
        "DOSSIER_MAX_INPUT_BYTES",
        "DOSSIER_ALLOW_OUTSIDE",
    ] {
        command.env_remove(var);
    }
    command.current_dir(project_root()).args(["--color", "never", "--width", "100"]);
    command
}

/// The checkout's root, where `timeline.yaml` and `samples/` live.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(relative: &str) -> PathBuf {
    project_root().join("tests/fixtures").join(relative)
}

/// `../shared/corpus` beside the checkout, when it exists (a fresh clone has none). When it
/// does not, says so on the real standard error (the harness captures `eprintln!`), so a test
/// that checks nothing without it is never mistaken for a pass.
pub fn corpus() -> Option<PathBuf> {
    let path = project_root().join("../shared/corpus");
    if !path.is_dir() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "note: {} not found: corpus test skipped", path.display());
        return None;
    }
    Some(path)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// `dossier ARGS`, whatever its exit code.
pub fn run(args: &[&str]) -> Output {
    dossier().args(args).output().expect("dossier runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 errors")
}
