//! The diff engine on the sample article against an edited copy, and on the corpus pairs when
//! ../shared/corpus exists (skipped otherwise). Run with `cargo bench --bench diff`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::diff::{DiffOptions, Text, diff_texts};

/// Paragraphs as blocks of lines separated by blank lines, or one per line when a text has no
/// blank line (the sample article).
fn paragraphs(text: &str) -> Vec<&str> {
    let has_blank_line = text.split('\n').any(|line| line.trim().is_empty());
    if !has_blank_line {
        return text.lines().filter(|line| !line.trim().is_empty()).collect();
    }
    let mut found = Vec::new();
    let (mut start, mut end, mut offset) = (None, 0, 0);
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(begin) = start.take() {
                found.push(&text[begin..end]);
            }
        } else {
            start.get_or_insert(offset);
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(begin) = start {
        found.push(&text[begin..end]);
    }
    found
}

fn bench_pair(c: &mut Criterion, name: &str, old: &str, new: &str) {
    let (old, new) = (paragraphs(old), paragraphs(new));
    let options = DiffOptions::default();
    c.bench_function(name, |b| {
        b.iter(|| {
            diff_texts(
                black_box(Text { path: "old", paragraphs: &old }),
                black_box(Text { path: "new", paragraphs: &new }),
                &options,
            )
        })
    });
}

fn sample(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(old) = std::fs::read_to_string(root.join("samples/china-russia-2018.txt")) else {
        return;
    };
    let new = old
        .replace("April 4-5", "April 5-6")
        .replace("Since 1992", "Since 1991")
        .replace("more than a symbolic", "more than symbolic");
    bench_pair(c, "sample article, three edits", &old, &new);
}

fn corpus(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.exists() {
        eprintln!("note: {} not found, corpus benchmarks skipped", corpus.display());
        return;
    }
    let pairs = [
        ("site-policy-tos-2017", "old.md", "new.md"),
        ("art-of-command-line-61362aa", "old.md", "new.md"),
        ("war-and-peace", "wrnpc11.txt", "wrnpc12.txt"),
        ("war-and-peace", "2600.txt", "2600-0.txt"),
    ];
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    drop(group);
    for (folder, old, new) in pairs {
        let read = |name: &str| {
            std::fs::read(corpus.join(folder).join(name)).ok().map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        };
        let (Some(old_text), Some(new_text)) = (read(old), read(new)) else {
            continue;
        };
        bench_pair(c, &format!("corpus {folder} {old} -> {new}"), &old_text, &new_text);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = sample, corpus
}
criterion_main!(benches);
