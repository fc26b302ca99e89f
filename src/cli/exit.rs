//! The exit codes, named once (the README's "Exit codes" table lists them).

/// Success; for `diff`, the texts say the same thing under the chosen comparison.
pub const SUCCESS: u8 = 0;
/// `diff` only: the texts differ.
pub const DIFFERENT: u8 = 1;
/// `timeline import` only: the timeline was written, but events that could not be read were
/// left out (each named on standard error).
pub const PARTIAL: u8 = 1;
/// Any error: bad input, a missing file, bad arguments.
pub const ERROR: u8 = 2;
