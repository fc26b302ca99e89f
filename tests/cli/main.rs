//! The one integration-test binary: drives the real `dossier` binary as a user runs it.

mod align;
mod article;
mod common;
mod diff;
mod interchange;
mod security;
mod timeline;
mod versions;
