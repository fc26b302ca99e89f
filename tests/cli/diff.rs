//! `dossier diff` as a user runs it.
