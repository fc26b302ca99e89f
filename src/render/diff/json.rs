//! `--format json`: the report as pretty JSON, the contract in `report::diff`. Paragraphs are
//! located by their 1-based numbers and ops carry byte-exact texts (an `equal` op's old text in
//! `old_text` when it differs); no byte offsets are given.

use std::io::{self, BufWriter, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::render::{json_bytes, push_json_string, write_json};
use crate::report::diff::{Block, DiffReport};

/// Blocks rendered per parallel batch: enough to keep both cores busy, few enough that the
/// rendered batch stays small next to the report.
const BLOCKS_PER_BATCH: usize = 2048;

/// The report without its blocks is written by serde_json; the blocks, most of the output on
/// a long text, are written by `push_block` in parallel batches and spliced in where the empty
/// list stands. The bytes are those `write_json` writes for the whole report (a test holds
/// the two to it).
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
        metadata_changes: report.metadata_changes.clone(),
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
    let first = &report.blocks[0];
    // A few batches at a time, so the rendered text never holds much of the report.
    for group in report.blocks.chunks(BLOCKS_PER_BATCH * rayon::current_num_threads().max(1)) {
        let rendered: Vec<Vec<u8>> = group
            .par_chunks(BLOCKS_PER_BATCH)
            .map(|batch| {
                let mut out = Vec::with_capacity(batch.iter().map(rendered_size).sum());
                for block in batch {
                    out.extend_from_slice(if std::ptr::eq(block, first) { b"\n    " } else { b",\n    " });
                    push_block(&mut out, block);
                }
                out
            })
            .collect();
        for batch in rendered {
            buffered.write_all(&batch)?;
        }
    }
    buffered.write_all(b"\n  ]")?;
    buffered.write_all(&frame[at + EMPTY_BLOCKS.len()..])?;
    writeln!(buffered)?;
    buffered.flush()
}

/// About the size of a block's JSON, to size its buffer once.
fn rendered_size(block: &Block) -> usize {
    160 + block
        .ops
        .iter()
        .map(|op| 64 + op.text.len() + op.old_text.as_ref().map_or(0, |text| 24 + text.len()))
        .sum::<usize>()
}

/// Appends `block` as pretty JSON at the depth of the report's block list.
fn push_block(out: &mut Vec<u8>, block: &Block) {
    out.extend_from_slice(b"{\n      \"kind\": ");
    push_scalar(out, &block.kind);
    out.extend_from_slice(b",\n      \"old_paragraph\": ");
    push_scalar(out, &block.old_paragraph);
    out.extend_from_slice(b",\n      \"new_paragraph\": ");
    push_scalar(out, &block.new_paragraph);
    for (name, numbers) in [(&b"old_paragraphs"[..], &block.old_paragraphs), (b"new_paragraphs", &block.new_paragraphs)]
    {
        if !numbers.is_empty() {
            out.extend_from_slice(b",\n      \"");
            out.extend_from_slice(name);
            out.extend_from_slice(b"\": [");
            for (index, number) in numbers.iter().enumerate() {
                out.extend_from_slice(if index == 0 { b"\n        " } else { b",\n        " });
                push_scalar(out, number);
            }
            out.extend_from_slice(b"\n      ]");
        }
    }
    out.extend_from_slice(b",\n      \"similarity\": ");
    push_scalar(out, &block.similarity);
    out.extend_from_slice(b",\n      \"ops\": [");
    for (index, op) in block.ops.iter().enumerate() {
        out.extend_from_slice(if index == 0 {
            b"\n        {\n          \"op\": "
        } else {
            b",\n        {\n          \"op\": "
        });
        push_scalar(out, &op.op);
        out.extend_from_slice(b",\n          \"text\": ");
        push_json_string(out, &op.text);
        if let Some(old_text) = &op.old_text {
            out.extend_from_slice(b",\n          \"old_text\": ");
            push_json_string(out, old_text);
        }
        if op.paragraph_break {
            out.extend_from_slice(b",\n          \"paragraph_break\": true");
        }
        if op.moved {
            out.extend_from_slice(b",\n          \"moved\": true");
        }
        out.extend_from_slice(b"\n        }");
    }
    out.extend_from_slice(if block.ops.is_empty() { b"]\n    }" } else { b"\n      ]\n    }" });
}

/// A number, a name or `null`, spelled by serde_json as the derived `Serialize` has it.
fn push_scalar(out: &mut Vec<u8>, value: &impl Serialize) {
    // Writing to a vector cannot fail, and these values always serialize.
    let _ = serde_json::to_writer(out, value);
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

    /// The whole report as `write_json` writes it: the bytes `json` must give.
    fn written_whole(report: &DiffReport) -> Vec<u8> {
        let mut whole = Vec::new();
        write_json(report, &mut whole).expect("writes to memory");
        whole
    }

    #[test]
    fn blocks_written_by_hand_are_the_bytes_of_the_whole_report() {
        let mut report = small();
        // More than one batch; texts that need escaping, an `old_text`, an empty op list, and
        // the empty list's key in a text.
        let template = report.blocks.clone();
        for round in 0..(2 * BLOCKS_PER_BATCH / template.len() + 1) {
            for mut block in template.clone() {
                for op in &mut block.ops {
                    op.text =
                        format!("{}\n\"blocks\": [] \\ {round}\t\u{1}\u{7f}\u{85}\u{61c}\u{202e}’", op.text).into();
                }
                if round % 7 == 3 {
                    block.ops.clear();
                }
                if round % 3 == 2 {
                    // A split block: its paragraph lists and a break op.
                    block.old_paragraphs = vec![round, round + 1];
                    block.new_paragraphs = vec![round];
                    block.ops.push(crate::report::diff::Op::paragraph_break(crate::report::diff::OpKind::Delete));
                    if let Some(op) = block.ops.first_mut() {
                        op.moved = true;
                    }
                }
                if round % 5 == 1
                    && let Some(op) = block.ops.first_mut()
                {
                    op.old_text = Some(format!("{}\r\n\u{8}\u{c}", op.text).into());
                }
                report.blocks.push(block);
            }
        }
        let mut out = Vec::new();
        json(&report, &mut out).expect("writes to memory");
        assert_eq!(String::from_utf8(out).expect("utf-8"), String::from_utf8(written_whole(&report)).expect("utf-8"));

        report.blocks.clear();
        let mut out = Vec::new();
        json(&report, &mut out).expect("writes to memory");
        assert_eq!(out, written_whole(&report));
    }

    proptest::proptest! {
        /// Any text, any characters: the hand-written string is the one `write_json` writes.
        #[test]
        fn any_text_is_escaped_as_write_json_escapes_it(text in proptest::prelude::any::<String>(), old in "[ -~\u{0}-\u{1f}\u{7f}-\u{9f}\u{2066}-\u{2069}]{0,40}") {
            let mut report = small();
            report.blocks[0].ops[0].text = text.into();
            report.blocks[0].ops[0].old_text = Some(old.into());
            let mut out = Vec::new();
            json(&report, &mut out).expect("writes to memory");
            proptest::prop_assert_eq!(out, written_whole(&report));
        }
    }
}
