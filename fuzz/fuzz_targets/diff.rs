//! The diff engine on two texts cut from one byte string: never a panic, and the ops of each
//! block rebuild both paragraphs byte for byte (`old_part`s give the old paragraph,
//! `new_part`s the new one), whatever the comparison options. The JSON report, whose blocks
//! are written by hand, is the bytes `write_json` gives for the whole report.
#![no_main]

use dossier::article::Article;
use dossier::diff::{DiffOptions, diff_articles};
use dossier::render::diff::json::json;
use dossier::render::write_json;
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
    for block in &report.blocks {
        if let Some(number) = block.old_paragraph {
            let paragraph = old.paragraph(number).expect("an old paragraph number exists");
            let rebuilt: String = block.ops.iter().filter_map(|op| op.old_part()).collect();
            assert_eq!(rebuilt, old.text(&paragraph.span), "old paragraph {number}");
        }
        if let Some(number) = block.new_paragraph {
            let paragraph = new.paragraph(number).expect("a new paragraph number exists");
            let rebuilt: String = block.ops.iter().filter_map(|op| op.new_part()).collect();
            assert_eq!(rebuilt, new.text(&paragraph.span), "new paragraph {number}");
        }
        assert!((0.0..=1.0).contains(&block.similarity), "{}", block.similarity);
    }
    assert!((0.0..=1.0).contains(&report.stats.similarity), "{}", report.stats.similarity);
    if old.source == new.source {
        assert!(report.identical, "a text is identical to itself");
    }
    let (mut by_hand, mut whole) = (Vec::new(), Vec::new());
    json(&report, &mut by_hand).expect("writes to memory");
    write_json(&report, &mut whole).expect("writes to memory");
    assert!(by_hand == whole, "the hand-written JSON differs from write_json's");
});
