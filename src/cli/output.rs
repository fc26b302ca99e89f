//! `-o FILE`: reports are written atomically (a temporary file in the same folder, renamed
//! into place), so a failed run never leaves half a report or clobbers the old one.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::Style;

/// Where a command's report goes: standard output, or a file written atomically.
pub enum Output<'a> {
    Stdout(&'a mut dyn Write),
    File { path: PathBuf, file: tempfile::NamedTempFile },
}

impl<'a> Output<'a> {
    pub fn new(target: Option<&Path>, stdout: &'a mut dyn Write) -> Result<Output<'a>> {
        let Some(path) = target else { return Ok(Output::Stdout(stdout)) };
        if path == Path::new("-") {
            return Ok(Output::Stdout(stdout));
        }
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let file = tempfile::Builder::new()
            .prefix(".dossier-")
            .tempfile_in(folder)
            .map_err(|source| Error::io(path, source))?;
        Ok(Output::File { path: path.to_path_buf(), file })
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
            Output::File { path, .. } => Error::io(path, source),
        }
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(out) => *out,
            Output::File { file, .. } => file.as_file_mut(),
        }
    }

    /// Renames the finished file into place. Dropping an unfinished `Output` removes the
    /// temporary file and leaves any old report untouched.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(out) => out.flush().map_err(Error::from),
            Output::File { path, mut file } => {
                file.flush().map_err(|source| Error::io(&path, source))?;
                set_report_permissions(&path, file.as_file()).map_err(|source| Error::io(&path, source))?;
                file.as_file().sync_all().map_err(|source| Error::io(&path, source))?;
                file.persist(&path).map_err(|err| Error::io(&path, err.error))?;
                Ok(())
            }
        }
    }
}

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
}
