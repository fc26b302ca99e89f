//! Loading a 1 MB saved web page: readability extraction, metadata, block writing and the
//! text loader, as every command pays it (the target is under 50 ms in release). The page is
//! the fact-sheet fixture with its story body repeated to 1 MB, chrome kept. Run with
//! `cargo bench --bench article`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::article::{Article, Segmentation};

const PAGE_BYTES: usize = 1_000_000;

/// The fixture page with its body's paragraphs repeated until the page is `PAGE_BYTES` long.
fn one_megabyte_page() -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/russia-costs-2021.html");
    let page = std::fs::read_to_string(&fixture).expect("the page fixture");
    let start = page.find("<div class=\"story-body\">").expect("a story body") + "<div class=\"story-body\">".len();
    let end = start + page[start..].find("\n  </div>").expect("the body's end");
    let body = &page[start..end];
    let mut bigger = String::with_capacity(PAGE_BYTES + body.len());
    bigger.push_str(&page[..start]);
    let chrome = page.len() - body.len();
    while bigger.len() + chrome < PAGE_BYTES {
        bigger.push_str(body);
    }
    bigger.push_str(&page[end..]);
    bigger
}

fn bench_page(c: &mut Criterion) {
    let page = one_megabyte_page();
    let mut group = c.benchmark_group("article");
    group.sample_size(20);
    group.bench_function("load 1 MB page, paragraphs", |b| {
        b.iter(|| Article::parse_with("page.html", black_box(page.as_bytes()), Segmentation::Paragraphs))
    });
    group.bench_function("load 1 MB page, sentences", |b| {
        b.iter(|| Article::parse_with("page.html", black_box(page.as_bytes()), Segmentation::Sentences))
    });
    group.finish();
}

criterion_group!(benches, bench_page);
criterion_main!(benches);
