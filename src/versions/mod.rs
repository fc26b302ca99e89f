//! Event-aware diff and history across N versions.
