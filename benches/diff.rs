//! The diff engine on the sample article against an edited copy, and on the corpus pairs when
//! ../shared/corpus exists (skipped otherwise); loading and the JSON report of the book pairs
//! too. Run with `cargo bench --bench diff`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::article::{Article, Segmentation};
use dossier::diff::{DiffOptions, diff_articles};
use dossier::render::diff::json::json;

fn load(name: &str, bytes: &[u8]) -> Option<Article> {
    Article::parse_with(name, bytes, Segmentation::Paragraphs).ok()
}

/// The engine alone (loading is measured separately), on two texts as the program loads them.
fn bench_pair(c: &mut Criterion, name: &str, old: &[u8], new: &[u8]) {
    let (Some(old), Some(new)) = (load("old", old), load("new", new)) else {
        return;
    };
    let options = DiffOptions::default();
    c.bench_function(&format!("diff {name}"), |b| b.iter(|| diff_articles(black_box(&old), black_box(&new), &options)));
}

/// Writing the JSON report (every paragraph's text, escaped) to nowhere.
fn bench_json(c: &mut Criterion, name: &str, old: &[u8], new: &[u8]) {
    let (Some(old), Some(new)) = (load("old", old), load("new", new)) else {
        return;
    };
    let report = diff_articles(&old, &new, &DiffOptions::default());
    c.bench_function(&format!("json {name}"), |b| b.iter(|| json(black_box(&report), &mut std::io::sink())));
}

/// Loading both texts, paragraphs only: the other part of the whole process's cost.
fn bench_load(c: &mut Criterion, name: &str, old: &[u8], new: &[u8]) {
    c.bench_function(&format!("load {name}"), |b| {
        b.iter(|| (load("old", black_box(old)), load("new", black_box(new))))
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
    bench_pair(c, "sample article, three edits", old.as_bytes(), new.as_bytes());
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
    for (folder, old, new) in pairs {
        let read = |name: &str| std::fs::read(corpus.join(folder).join(name)).ok();
        let (Some(old_bytes), Some(new_bytes)) = (read(old), read(new)) else {
            continue;
        };
        let name = format!("{folder} {old} -> {new}");
        bench_pair(c, &name, &old_bytes, &new_bytes);
        if folder == "war-and-peace" {
            bench_load(c, &name, &old_bytes, &new_bytes);
            bench_json(c, &name, &old_bytes, &new_bytes);
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = sample, corpus
}
criterion_main!(benches);
