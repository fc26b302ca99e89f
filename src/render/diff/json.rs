//! `--format json`: the report as pretty JSON, the contract in `report::diff`. Paragraphs are
//! located by their 1-based numbers and ops carry byte-exact texts (an `equal` op's old text in
//! `old_text` when it differs); no byte offsets are given.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

use crate::report::diff::DiffReport;

pub fn json(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    write_pretty(report, out)
}

/// Any serializable value as pretty JSON with a final newline. The serializer makes many
/// writes of a few bytes each; a buffer of a concrete type takes them inline, where each one
/// through `dyn Write` is a call (a tenth of the time on a book-length report).
pub(super) fn write_pretty(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    let mut buffered = BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, value).map_err(io::Error::other)?;
    writeln!(buffered)?;
    buffered.flush()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    #[test]
    fn the_report_round_trips_as_json() {
        let mut out = Vec::new();
        json(&small(), &mut out).expect("writes to memory");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.ends_with("}\n"));
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(value["blocks"][1]["kind"], "changed");
        assert_eq!(value["blocks"][1]["ops"][1], serde_json::json!({"op": "delete", "text": "Moscow"}));
        assert_eq!(value["stats"]["paragraphs_moved"], 1);
        insta::assert_snapshot!("json", text);
    }
}
