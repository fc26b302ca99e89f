//! The article loader as a user meets it.
