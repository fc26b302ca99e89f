//! `align::align` on the sample article with its timeline, and on War and Peace with
//! generated timelines of 100 to 10,000 events when ../shared/corpus is here (skipped
//! otherwise). Run: `cargo bench --bench align`.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dossier::align::{AlignOptions, align};
use dossier::article::Article;
use dossier::dates::Date;
use dossier::timeline::{Event, Timeline};

const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

fn sample(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = Article::load(&root.join("tests/fixtures/align/china-russia/article.txt"), MAX_ARTICLE_BYTES)
        .expect("the sample article loads");
    let timeline =
        Timeline::load(&root.join("tests/fixtures/align/china-russia/timeline.yaml")).expect("its timeline loads");
    let reference = Date::parse("2018-04").ok();
    c.bench_function("align/sample", |b| {
        b.iter(|| align(black_box(&article), &timeline.events, reference.as_ref(), &AlignOptions::default()))
    });
}

/// `count` events whose titles, actors and places are the novel's own words, from a fixed
/// pseudo-random sequence: the same events on every run.
fn generated_events(text: &str, count: usize) -> Vec<Event> {
    let mut names: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 4 && word.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 5 && word.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    words.sort_unstable();
    words.dedup();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |limit: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % limit.max(1)
    };
    (0..count)
        .map(|index| {
            let mut pick = |list: &[&str]| list[next(list.len())].to_string();
            let title = format!("{} {} {} {}", pick(&names), pick(&words), pick(&words), pick(&words));
            let date = format!("{}-{:02}-{:02}", 1800 + next(16), 1 + next(12), 1 + next(28));
            let mut pick = |list: &[&str]| list[next(list.len())].to_string();
            let actors = vec![format!("{} {}", pick(&names), pick(&names)), pick(&names)];
            let places = vec![pick(&names)];
            let date = Date::parse(&date).expect("a valid generated date");
            Event { actors, places, ..Event::new(format!("e{index}"), title, date) }
        })
        .collect()
}

fn war_and_peace(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/war-and-peace/wrnpc12.txt");
    if !path.exists() {
        eprintln!("align/war-and-peace skipped: {} is not here", path.display());
        return;
    }
    let article = Article::load(&path, MAX_ARTICLE_BYTES).expect("War and Peace loads");
    let mut group = c.benchmark_group("align/war-and-peace");
    group.sample_size(10);
    for count in [100, 1_000, 10_000] {
        let events = generated_events(&article.source, count);
        group.bench_with_input(BenchmarkId::from_parameter(count), &events, |b, events| {
            b.iter(|| align(black_box(&article), events, None, &AlignOptions::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, sample, war_and_peace);
criterion_main!(benches);
