//! The one error type of the library. Every error is reported with exit code 2; the
//! message names the file and, where there is one, the line and column.

use std::fmt;
use std::path::Path;

/// One problem found in an input file, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { path: path.into(), line: None, column: None, message: message.into() }
    }

    pub fn at(path: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Problem { path: path.into(), line: Some(line), column: Some(column), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{}:{}:{}: {}", self.path, line, column, self.message),
            (Some(line), None) => write!(f, "{}:{}: {}", self.path, line, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in input files (bad article, invalid timeline).
    #[error("{}", display_problems(.0))]
    Problems(Vec<Problem>),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
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
    pub fn problem(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Problems(vec![Problem::new(path, message)])
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io { path: path.display().to_string(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
