//! `-o`: a report written over whatever the fuzzer lays out in a scratch folder (regular files,
//! folders, FIFOs, symlinks to any of them, dangling, looping or chained links, the command's
//! own input) and then finished or abandoned. What must hold: a refusal or an abandoned write
//! leaves the folder exactly as it was; a finished one changes only the file the path resolves
//! to, which then holds the report, a symlink staying a symlink; no temporary file is ever left
//! behind, and no message names one. Devices are left out: a bug would replace the real one.
#![no_main]

use std::collections::BTreeMap;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::cli::Output;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Names the layout uses; links point only at these, so nothing outside the folder is touched.
const NAMES: [&str; 6] = ["a", "b", "c", "sub", "sub/d", "in.txt"];
const INPUT: &str = "in.txt";

/// What one entry of the folder is, as far as `-o` can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Folder,
    Fifo,
    Link(PathBuf),
}

/// The scratch folder, made once; the input in it is remembered once, as a command's would be.
fn folder() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("dossier-fuzz-output-{}", std::process::id()));
        std::fs::create_dir_all(&path).expect("a scratch folder");
        std::fs::write(path.join(INPUT), b"the input\n").expect("the input");
        dossier::article::remember_input(&path.join(INPUT));
        path
    })
}

/// Empties the folder but for the input, which is rewritten as it was.
fn reset(root: &Path) {
    for entry in std::fs::read_dir(root).expect("readable").flatten() {
        let path = entry.path();
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        let _ = if is_folder { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
    }
    std::fs::write(root.join(INPUT), b"the input\n").expect("the input");
}

/// Lays out each name (but the input) as the fuzzer says: missing, a file, a folder, a FIFO or
/// a relative symlink to another name (which may make chains, loops and dangling links).
fn lay_out(root: &Path, input: &mut Unstructured) -> Result<()> {
    for name in &NAMES[..NAMES.len() - 1] {
        let path = root.join(name);
        if path.parent().is_some_and(|parent| !parent.is_dir()) {
            continue;
        }
        match input.int_in_range(0..=4u8)? {
            0 => {}
            1 => {
                let length = input.int_in_range(0..=16usize)?;
                std::fs::write(&path, input.bytes(length)?).expect("a file");
            }
            2 => std::fs::create_dir(&path).expect("a folder"),
            3 => {
                let status = std::process::Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
                assert!(status.success());
            }
            _ => {
                let to = *input.choose(&NAMES)?;
                let depth = name.matches('/').count();
                let link = format!("{}{to}", "../".repeat(depth));
                std::os::unix::fs::symlink(link, &path).expect("a symlink");
            }
        }
    }
    Ok(())
}

/// Every entry under `root`, by relative path, symlinks not followed.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable").flatten() {
            let path = entry.path();
            let kind = entry.file_type().expect("a type");
            let relative = path.strip_prefix(root).expect("inside").to_path_buf();
            let value = if kind.is_symlink() {
                Entry::Link(std::fs::read_link(&path).expect("a link"))
            } else if kind.is_dir() {
                pending.push(path.clone());
                Entry::Folder
            } else if kind.is_fifo() {
                Entry::Fifo
            } else {
                Entry::File(std::fs::read(&path).expect("readable"))
            };
            entries.insert(relative, value);
        }
    }
    entries
}

fn no_temporary_file(entries: &BTreeMap<PathBuf, Entry>) {
    for path in entries.keys() {
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        assert!(!name.starts_with(".dossier-"), "left behind: {}", path.display());
    }
}

fn run(input: &mut Unstructured) -> Result<()> {
    let root = folder();
    reset(root);
    lay_out(root, input)?;
    let name = *input.choose(&["a", "b", "sub/d", "sub/new", "new", "sub", INPUT, "a/x"])?;
    let length = input.int_in_range(0..=64usize)?;
    let report = input.bytes(length)?.to_vec();
    let finish = input.arbitrary::<bool>()?;
    let before = snapshot(root);
    let path = root.join(name);
    let mut stdout = Vec::new();
    let opened = Output::new(Some(&path), &mut stdout);
    let mut output = match opened {
        Ok(output) => output,
        Err(err) => {
            let message = err.to_string();
            assert!(!message.contains(".dossier-"), "{message}");
            assert_eq!(snapshot(root), before, "a refused -o changed the folder ({message})");
            return Ok(());
        }
    };
    output.writer().write_all(&report).expect("writes to a temporary file");
    if !finish {
        drop(output);
        assert_eq!(snapshot(root), before, "an abandoned report changed the folder");
        return Ok(());
    }
    let finished = output.finish();
    let after = snapshot(root);
    no_temporary_file(&after);
    if let Err(err) = finished {
        let message = err.to_string();
        assert!(!message.contains(".dossier-"), "{message}");
        assert_eq!(after, before, "a failed -o changed the folder ({message})");
        return Ok(());
    }
    // Only the file the path resolves to changed, and it holds the report.
    let resolved = path.canonicalize().expect("the report exists");
    assert_eq!(std::fs::read(&resolved).expect("readable"), report);
    assert_ne!(resolved, root.canonicalize().expect("the folder").join(INPUT), "the input was replaced");
    let written = resolved.strip_prefix(root.canonicalize().expect("the folder")).expect("inside").to_path_buf();
    for (entry, value) in &before {
        if *entry != written {
            assert_eq!(after.get(entry), Some(value), "{} changed", entry.display());
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
