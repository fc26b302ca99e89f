//! Events -> passages: phrase matching over all events in one pass, date overlap, scores
//! and evidence; date checks against the timeline.
