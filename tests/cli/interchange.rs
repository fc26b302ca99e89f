//! `dossier interchange` as a user runs it.
