//! Versions of one text: read and aligned with the timeline in one place (`load`), followed
//! through every step (`history`), briefed (`brief`), and run over whole archives (`batch`).

pub mod batch;
pub mod brief;
pub mod history;
mod load;

pub use load::{LoadedVersion, VersionSet, align_version, load_pair, load_timeline_and_article};
