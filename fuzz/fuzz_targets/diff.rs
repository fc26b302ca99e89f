//! The diff engine on two texts cut from one byte string: never a panic, and the blocks
//! rebuild both texts (`equal` + `delete` ops give the old paragraph, `equal` + `insert`
//! the new one, up to whitespace).
#![no_main]

use dossier::article::{Article, collapse_whitespace};
use dossier::diff::{DiffOptions, diff_articles};
use dossier::report::diff::OpKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options; the rest is cut at the first 0xFF byte (never in UTF-8).
    let Some((&flags, rest)) = data.split_first() else { return };
    let cut = rest.iter().position(|&byte| byte == 0xff).unwrap_or(rest.len());
    let (old, new) = (&rest[..cut], rest.get(cut + 1..).unwrap_or_default());
    let (Ok(old), Ok(new)) = (Article::parse("old.txt", old), Article::parse("new.txt", new)) else { return };
    let options = DiffOptions {
        ignore_case: flags & 1 != 0,
        ignore_punctuation: flags & 2 != 0,
        ignore_quotes: flags & 4 != 0,
        ..DiffOptions::default()
    };
    let report = diff_articles(&old, &new, &options);
    let plain = !(options.ignore_case || options.ignore_punctuation || options.ignore_quotes);
    for block in &report.blocks {
        let side = |keep: OpKind| -> String {
            let text: String = block.ops.iter().filter(|op| op.op == OpKind::Equal || op.op == keep).map(|op| op.text.as_str()).collect();
            collapse_whitespace(&text)
        };
        if plain {
            if let Some(number) = block.old_paragraph {
                let paragraph = old.paragraph(number).expect("an old paragraph number exists");
                assert_eq!(side(OpKind::Delete), old.normalized_text(&paragraph.span), "old paragraph {number}");
            }
            if let Some(number) = block.new_paragraph {
                let paragraph = new.paragraph(number).expect("a new paragraph number exists");
                assert_eq!(side(OpKind::Insert), new.normalized_text(&paragraph.span), "new paragraph {number}");
            }
        }
    }
    assert!((0.0..=1.0).contains(&report.stats.similarity), "{}", report.stats.similarity);
});
