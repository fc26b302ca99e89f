//! `-o FILE`: reports are written atomically (a temporary file in the target's folder, renamed
//! into place), so a failed run never leaves half a report or clobbers the old one. A symlink
//! is written through to its target; anything but a regular file (a FIFO, a device, a folder)
//! and the command's own inputs are refused and left as they were. SIGINT, SIGTERM and SIGHUP
//! during a write remove the temporary file (kill -9 cannot be caught). Messages name the
//! report, never the temporary file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::{Error, Result};
use crate::render::Style;

/// Where a command's report goes: standard output, or a file written atomically.
pub enum Output<'a> {
    Stdout(&'a mut dyn Write),
    File(Box<ReportFile>),
}

/// A report on its way to a file.
pub struct ReportFile {
    /// As the user named it, for messages.
    path: PathBuf,
    /// Where it is written: `path` with its symlinks followed.
    target: PathBuf,
    file: tempfile::NamedTempFile,
    /// Forgets the temporary file once it is renamed or removed.
    _pending: Pending,
}

/// Symlinks followed before `-o` gives up (the kernel's own limit is 40).
const MAX_SYMLINKS: usize = 40;

impl<'a> Output<'a> {
    pub fn new(target: Option<&Path>, stdout: &'a mut dyn Write) -> Result<Output<'a>> {
        let Some(path) = target else { return Ok(Output::Stdout(stdout)) };
        if path == Path::new("-") {
            return Ok(Output::Stdout(stdout));
        }
        let resolved = writable_target(path)?;
        let folder = match resolved.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        watch_signals();
        // Registered while the lock is held, so a signal never finds a file it does not know.
        let mut pending = lock_pending();
        let file = tempfile::Builder::new()
            .prefix(".dossier-")
            .tempfile_in(folder)
            .map_err(|source| Error::io(path, without_temp_path(source)))?;
        pending.push(file.path().to_path_buf());
        drop(pending);
        let _pending = Pending(file.path().to_path_buf());
        Ok(Output::File(Box::new(ReportFile { path: path.to_path_buf(), target: resolved, file, _pending })))
    }

    /// True when the report goes to standard output (so terminal styling may apply).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout(_))
    }

    /// The style to render with: a file never gets colour.
    pub fn style(&self, style: Style) -> Style {
        Style { color: style.color && self.is_stdout(), ..style }
    }

    /// A renderer's write error, naming the file when the report goes to one.
    pub fn write_error(&self, source: io::Error) -> Error {
        match self {
            Output::Stdout(_) => Error::Output(source),
            Output::File(report) => Error::io(&report.path, without_temp_path(source)),
        }
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(out) => *out,
            Output::File(report) => report.file.as_file_mut(),
        }
    }

    /// Renames the finished file into place. Dropping an unfinished `Output` removes the
    /// temporary file and leaves any old report untouched.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(out) => out.flush().map_err(Error::from),
            Output::File(report) => {
                let ReportFile { path, target, mut file, _pending } = *report;
                let failed = |source: io::Error| Error::io(&path, without_temp_path(source));
                // Inputs read after the file was opened count too.
                refuse_inputs(&path, &target)?;
                file.as_file_mut().flush().map_err(failed)?;
                set_report_permissions(&target, file.as_file()).map_err(failed)?;
                file.as_file().sync_all().map_err(failed)?;
                // Under the lock: a signal now waits until the name is the report's.
                let mut pending = lock_pending();
                let temporary = file.path().to_path_buf();
                let persisted = file.persist(&target).map_err(|err| failed(err.error));
                pending.retain(|path| *path != temporary);
                persisted.map(drop)
            }
        }
    }
}

/// Where `-o PATH` writes: `path` with its symlinks followed, refused when it is not a regular
/// file (replacing a FIFO or a device with a report breaks whatever uses it) or is an input.
fn writable_target(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..MAX_SYMLINKS {
        match std::fs::symlink_metadata(&target) {
            Ok(info) if info.file_type().is_symlink() => {
                let link = std::fs::read_link(&target).map_err(|source| Error::io(path, source))?;
                target = target.parent().map_or(link.clone(), |folder| folder.join(&link));
            }
            Ok(info) if info.is_file() => {
                refuse_inputs(path, &target)?;
                return Ok(target);
            }
            Ok(info) => {
                let what = file_kind(&info);
                return Err(Error::problem(
                    path.display().to_string(),
                    format!("is {what}, not a regular file: -o writes a report only to a regular file, or a new one"),
                ));
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(target),
            Err(source) => return Err(Error::io(path, source)),
        }
    }
    Err(Error::problem(path.display().to_string(), "too many levels of symbolic links"))
}

fn refuse_inputs(path: &Path, target: &Path) -> Result<()> {
    if crate::article::was_read(target) {
        return Err(Error::problem(
            path.display().to_string(),
            "is one of this command's inputs: -o would replace it; write the report to another file",
        ));
    }
    Ok(())
}

/// What a file that is not a regular file is, for messages.
fn file_kind(info: &std::fs::Metadata) -> &'static str {
    if info.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = info.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// The operating system's reason alone: tempfile adds the temporary file's name to its errors,
/// which would send the reader looking for a file that no longer exists.
fn without_temp_path(err: io::Error) -> io::Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&err);
    while let Some(current) = cause {
        if let Some(code) = current.downcast_ref::<io::Error>().and_then(io::Error::raw_os_error) {
            return io::Error::from_raw_os_error(code);
        }
        cause = current.source();
    }
    io::Error::from(err.kind())
}

/// The temporary files being written, for the signal handler to remove.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn lock_pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes its temporary file from `PENDING` when the report is dropped unfinished (tempfile
/// then deletes the file itself).
struct Pending(PathBuf);

impl Drop for Pending {
    fn drop(&mut self) {
        lock_pending().retain(|path| *path != self.0);
    }
}

/// On SIGINT, SIGTERM or SIGHUP, removes the temporary files being written, then dies of the
/// signal as if it had not been caught (so the shell sees 130, 143, 129). Installed once, when
/// the first report file is opened.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // Without a handler, the default action still ends the run; only the cleanup is lost.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                for path in lock_pending().drain(..) {
                    let _ = std::fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn watch_signals() {}

/// The temporary file is private (0600): the report takes the permissions of the file it
/// replaces, or those of an ordinary new file (0644).
#[cfg(unix)]
fn set_report_permissions(path: &Path, file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map(|old| old.permissions().mode()).unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_report_permissions(_: &Path, _: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn write_report(path: &Path) {
        let mut stdout = Vec::new();
        let mut output = Output::new(Some(path), &mut stdout).unwrap();
        output.writer().write_all(b"report\n").unwrap();
        output.finish().unwrap();
    }

    #[test]
    fn a_new_report_is_readable_and_a_replaced_one_keeps_its_permissions() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("report.md");
        write_report(&path);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_report(&path);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "report\n");
    }

    #[test]
    fn a_symlink_is_written_through_and_stays_a_symlink() {
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().join("real.md");
        std::fs::write(&real, "old\n").unwrap();
        let link = folder.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_report(&link);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "report\n");
        // A dangling link makes its target.
        let dangling = folder.path().join("dangling.md");
        std::os::unix::fs::symlink("new.md", &dangling).unwrap();
        write_report(&dangling);
        assert_eq!(std::fs::read_to_string(folder.path().join("new.md")).unwrap(), "report\n");
    }

    #[test]
    fn errors_name_the_report_not_the_temporary_file() {
        let mut stdout = Vec::new();
        let Err(err) = Output::new(Some(Path::new("/no/such/folder/report.md")), &mut stdout) else { panic!() };
        let message = err.to_string();
        assert!(message.starts_with("/no/such/folder/report.md: "), "{message}");
        assert!(!message.contains(".dossier-"), "{message}");
    }

    #[test]
    fn an_unfinished_report_is_forgotten_by_the_signal_handler() {
        let folder = tempfile::tempdir().unwrap();
        let mut stdout = Vec::new();
        let output = Output::new(Some(&folder.path().join("report.md")), &mut stdout).unwrap();
        let Output::File(report) = &output else { panic!() };
        let temporary = report.file.path().to_path_buf();
        assert!(lock_pending().contains(&temporary));
        drop(output);
        assert!(!lock_pending().contains(&temporary) && !temporary.exists());
    }
}
