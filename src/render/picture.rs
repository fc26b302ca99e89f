//! Pictures: the timeline on a time axis, and change maps for diffs and history (SVG).

use std::io::{self, Write};

use crate::report::timeline::TimelineReport;

/// The timeline drawn on a time axis as one self-contained SVG document.
pub fn timeline_svg(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    let _ = (report, out);
    todo!("timeline picture")
}

/// A self-contained HTML page: the timeline picture and the event table.
pub fn timeline_html(report: &TimelineReport, out: &mut dyn Write) -> io::Result<()> {
    let _ = (report, out);
    todo!("timeline page")
}
