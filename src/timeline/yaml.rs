//! The one file that names the YAML crate.

use std::path::Path;

use super::Timeline;
use crate::error::Result;

pub(super) fn parse(path: &Path, text: &str) -> Result<Timeline> {
    let _ = (path, text);
    todo!("YAML loader with line and column for every problem")
}
