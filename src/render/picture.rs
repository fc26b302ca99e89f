//! Pictures: the timeline on a time axis, and change maps for diffs and history (SVG).
