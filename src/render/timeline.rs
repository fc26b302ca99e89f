//! `timeline show` renderers: table, markdown, csv, json.
