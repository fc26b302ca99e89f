//! One serializable report per command: what every renderer reads.

pub mod align;
pub mod article;
pub mod batch;
pub mod brief;
pub mod diff;
pub mod events;
pub mod history;
pub mod timeline;

/// Bumped when a JSON contract changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;
