//! `--format json`: the report as pretty JSON, the contract in `report::diff`. Paragraphs are
//! located by their 1-based numbers and ops carry byte-exact texts (an `equal` op's old text in
//! `old_text` when it differs); no byte offsets are given.

use std::io::{self, BufWriter, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::render::{json_bytes, write_json};
use crate::report::diff::DiffReport;

/// Blocks rendered per parallel batch: enough to keep both cores busy, few enough that the
/// rendered batch stays small next to the report.
const BLOCKS_PER_BATCH: usize = 2048;

/// The report without its blocks is written as a whole; the blocks, most of the output on a
/// long text, are rendered in parallel batches and spliced in where the empty list stands, each
/// one indented to its depth. The bytes are those `serde_json` writes for the whole report:
/// pretty output is the same at any depth but for the indentation, and JSON strings hold no
/// raw line break, so indenting after every line break is exact.
pub fn json(report: &DiffReport, out: &mut dyn Write) -> io::Result<()> {
    if report.blocks.is_empty() {
        return write_pretty(report, out);
    }
    let frame = DiffReport {
        schema_version: report.schema_version,
        old: report.old.clone(),
        new: report.new.clone(),
        identical: report.identical,
        stats: report.stats.clone(),
        bounded: report.bounded,
        bound_notes: report.bound_notes.clone(),
        blocks: Vec::new(),
        factual_edits: report.factual_edits.clone(),
        events: report.events.clone(),
    };
    let frame = json_bytes(&frame)?;
    const EMPTY_BLOCKS: &[u8] = b"\n  \"blocks\": []";
    let Some(at) = frame.windows(EMPTY_BLOCKS.len()).position(|window| window == EMPTY_BLOCKS) else {
        return Err(io::Error::other("the report's JSON has no top-level block list"));
    };
    let mut buffered = BufWriter::with_capacity(1 << 16, out);
    buffered.write_all(&frame[..at + EMPTY_BLOCKS.len() - 1])?;
    for (batch_index, batch) in report.blocks.chunks(BLOCKS_PER_BATCH).enumerate() {
        let rendered: Vec<Vec<u8>> = batch.par_iter().map(json_bytes).collect::<io::Result<_>>()?;
        for (index, block) in rendered.iter().enumerate() {
            buffered.write_all(if batch_index == 0 && index == 0 { b"\n    " } else { b",\n    " })?;
            write_indented(&block[..], &mut buffered)?;
        }
    }
    buffered.write_all(b"\n  ]")?;
    buffered.write_all(&frame[at + EMPTY_BLOCKS.len()..])?;
    writeln!(buffered)?;
    buffered.flush()
}

/// Writes pretty JSON rendered at depth 0 as it reads at depth 2 (four more spaces a line).
fn write_indented(rendered: &[u8], out: &mut impl Write) -> io::Result<()> {
    let mut line_start = 0;
    for line_end in memchr::memchr_iter(b'\n', rendered) {
        out.write_all(&rendered[line_start..line_end])?;
        out.write_all(b"\n    ")?;
        line_start = line_end + 1;
    }
    out.write_all(&rendered[line_start..])
}

/// Any serializable value as pretty JSON with a final newline. The serializer makes many
/// writes of a few bytes each; a buffer of a concrete type takes them inline, where each one
/// through `dyn Write` is a call (a tenth of the time on a book-length report).
pub(super) fn write_pretty(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    let mut buffered = BufWriter::with_capacity(1 << 16, out);
    write_json(value, &mut buffered)?;
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

    #[test]
    fn blocks_rendered_apart_are_the_bytes_of_the_whole_report() {
        let mut report = small();
        // More than one batch, with texts that need escaping and the empty list's key in a text.
        let template = report.blocks.clone();
        for round in 0..(2 * BLOCKS_PER_BATCH / template.len() + 1) {
            for mut block in template.clone() {
                for op in &mut block.ops {
                    op.text = format!("{}\n\"blocks\": [] \\ {round}\t\u{1}", op.text).into();
                }
                report.blocks.push(block);
            }
        }
        let mut out = Vec::new();
        json(&report, &mut out).expect("writes to memory");
        let mut whole = serde_json::to_vec_pretty(&report).expect("serializes");
        whole.push(b'\n');
        assert_eq!(String::from_utf8(out).expect("utf-8"), String::from_utf8(whole).expect("utf-8"));

        report.blocks.clear();
        let mut out = Vec::new();
        json(&report, &mut out).expect("writes to memory");
        let mut whole = serde_json::to_vec_pretty(&report).expect("serializes");
        whole.push(b'\n');
        assert_eq!(out, whole);
    }
}
