//! `dossier timeline` as a user runs it.
