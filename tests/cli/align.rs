//! `dossier align` as a user runs it.
