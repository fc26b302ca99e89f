//! dossier: align an article with a timeline of the events it refers to, check its dates,
//! and diff its versions the way an editor reads them.
//!
//! Data flows one way: files -> model -> analysis -> report -> render.
//!
//! - model: `article` (a text read into paragraphs and sentences), `timeline` (the YAML file,
//!   validated), `dates` (calendar dates and the dates written in prose);
//! - analysis: `align` (events linked to passages, dates checked), `diff` (the prose diff, its
//!   factual edits, and what it did to each event), `versions` (versions read and aligned in one
//!   place, followed through a history, briefed, run over archives);
//! - `report`: one serializable report per command, every figure computed once by the
//!   analysis, which every renderer only reads;
//! - `render`: terminal, Markdown, CSV, JSON, HTML and SVG writers of the reports; they import
//!   no analysis module;
//! - `interchange`: the timeline to and from TimelineJS and tilse (model in, model out);
//! - `safe_text`: escaping that keeps hostile text from acting on a terminal, spreadsheet or
//!   browser, shared by `render` and `interchange` (a leaf: it imports nothing);
//! - `cli`: parses arguments, reads the environment, and dispatches.

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
