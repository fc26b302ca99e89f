//! dossier: align an article with a timeline of the events it refers to, check its dates,
//! and diff its versions the way an editor reads them.
//!
//! Data flows one way: files -> model (`article`, `timeline`, `dates`) -> analysis
//! (`align`, `diff`, `versions`) -> `report` -> `render`. The `cli` module only parses
//! arguments and dispatches.

pub mod align;
pub mod article;
pub mod cli;
pub mod dates;
pub mod diff;
pub mod error;
pub mod interchange;
pub mod render;
pub mod report;
pub mod safe_text;
pub mod timeline;
pub mod versions;

pub use error::{Error, Problem, Result};
