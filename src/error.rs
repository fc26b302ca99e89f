//! The one error type of the library. Every error is reported with exit code 2; the
//! message names the file and, where there is one, the line and column.

use std::fmt;
use std::path::Path;

/// One problem found in an input file, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named it.
    pub path: String,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What is wrong, and where it helps, how to put it right.
    pub message: String,
}

impl Problem {
    /// A problem with the file as a whole.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { path: path.into(), line: None, column: None, message: message.into() }
    }

    /// A problem at a line and column of the file.
    pub fn at(path: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Problem { path: path.into(), line: Some(line), column: Some(column), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{}:{}:{}: {}", one_line(&self.path), line, column, self.message),
            (Some(line), None) => write!(f, "{}:{}: {}", one_line(&self.path), line, self.message),
            _ => write!(f, "{}: {}", one_line(&self.path), self.message),
        }
    }
}

/// A file name on one line: a line break in a name would otherwise forge a whole error line
/// (`a\ndossier: all clear`).
fn one_line(path: &str) -> String {
    path.replace('\n', "\\n").replace('\r', "\\r")
}

/// Characters of an input kept when a message quotes it.
const EXCERPT_CHARS: usize = 60;

/// `text` as a message quotes it: whole when short, else its start and how much was left out
/// (a 1 MB date once gave 2 MB of standard error).
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => {
            let left_out = text[cut..].chars().count();
            format!("{}… ({left_out} more characters)", &text[..cut])
        }
    }
}

/// Everything that can go wrong in the library; the CLI prints it and exits with 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in input files (bad article, invalid timeline).
    #[error("{}", display_problems(.0))]
    Problems(Vec<Problem>),
    /// Reading or writing a file failed.
    #[error("{}: {source}", one_line(path))]
    Io {
        /// The file, as the user named it.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// Bad arguments that clap could not catch (a bad `--from` date, two inputs on stdin, ...).
    #[error("{0}")]
    Usage(String),
    /// Writing the report failed (a closed pipe is handled by the caller, not reported).
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
}

fn display_problems(problems: &[Problem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

impl Error {
    /// One problem with a file as a whole.
    pub fn problem(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Problems(vec![Problem::new(path, message)])
    }

    /// Reading or writing `path` failed.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io { path: path.display().to_string(), source }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_with_line_breaks_stay_on_their_line() {
        let problem = Problem::at("a\ndossier: b.txt\r", 1, 2, "bad");
        assert_eq!(problem.to_string(), "a\\ndossier: b.txt\\r:1:2: bad");
        let io = Error::io(Path::new("x\ny"), std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(io.to_string(), "x\\ny: entity not found");
    }

    #[test]
    fn excerpts_keep_short_text_and_cut_long_text() {
        assert_eq!(excerpt("2018-13"), "2018-13");
        assert_eq!(excerpt(&"é".repeat(EXCERPT_CHARS)), "é".repeat(EXCERPT_CHARS));
        assert_eq!(excerpt(&"é".repeat(1_000_000)), format!("{}… (999940 more characters)", "é".repeat(60)));
    }
}
