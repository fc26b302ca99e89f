//! TimelineJS JSON and CSV, tilse.
