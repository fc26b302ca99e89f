//! The one integration-test binary: drives the real `dossier` binary as a user runs it.

mod align;
mod article;
mod batch;
mod common;
mod control_chars;
mod conventions;
mod diff;
mod interchange;
mod pictures;
mod quality;
mod schemas;
mod security;
mod timeline;
mod versions;
