//! Scores dossier's web-page reading on Mozilla Readability's test pages.
//!
//! Usage: `cargo run --release --example readability_pages -- DIR [--worst N]`, where DIR is
//! Readability's `test/test-pages` folder (one sub-folder per page, holding `source.html`,
//! `expected.html` and `expected-metadata.json`). DIR may also come from the environment
//! variable `DOSSIER_READABILITY_PAGES`; with neither, the example says so and exits 0. The
//! pages are third-party content and are not part of this repository: get them with
//! `git clone https://github.com/mozilla/readability` (they are under `test/test-pages`).
//!
//! Per page, the body's words (lowercased runs of letters and digits, so Markdown markers do
//! not count) are compared as multisets with the words of `expected.html`: precision over the
//! words dossier read, recall over the expected ones, F1 of the two; the averages are over the
//! pages. Titles and bylines count as right when they are equal after whitespace and case are
//! folded; a publication date when its day equals the day of `publishedTime`. Each share is
//! over the pages whose expected metadata has a value.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use dossier::article::{Article, DEFAULT_MAX_INPUT_BYTES};

struct PageScore {
    name: String,
    precision: f64,
    recall: f64,
    f1: f64,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut folder = std::env::var_os("DOSSIER_READABILITY_PAGES").map(PathBuf::from);
    let mut worst = 0usize;
    while let Some(arg) = args.next() {
        if arg == "--worst" {
            worst = args.next().and_then(|count| count.parse().ok()).unwrap_or(10);
        } else {
            folder = Some(PathBuf::from(arg));
        }
    }
    let Some(folder) = folder else {
        println!("skipped: name Readability's test/test-pages folder (or set DOSSIER_READABILITY_PAGES)");
        return;
    };
    let mut pages: Vec<PathBuf> = match fs::read_dir(&folder) {
        Ok(entries) => entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect(),
        Err(error) => {
            eprintln!("{}: {error}", folder.display());
            std::process::exit(2);
        }
    };
    pages.retain(|page| page.join("source.html").is_file() && page.join("expected.html").is_file());
    pages.sort();
    let mut scores = Vec::new();
    let (mut titles, mut titles_right) = (0, 0);
    let (mut bylines, mut bylines_right) = (0, 0);
    let (mut dates, mut dates_right) = (0, 0);
    let mut misses = Vec::new();
    for page in &pages {
        let name = page.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let article = match Article::load(&page.join("source.html"), DEFAULT_MAX_INPUT_BYTES) {
            Ok(article) => article,
            Err(error) => {
                misses.push(format!("{name}: not read: {error}"));
                scores.push(PageScore { name, precision: 0.0, recall: 0.0, f1: 0.0 });
                continue;
            }
        };
        let expected_html = fs::read_to_string(page.join("expected.html")).unwrap_or_default();
        let expected_text = dom_query::Document::from(expected_html.as_str()).root().text().to_string();
        let body: String =
            article.paragraphs.iter().map(|paragraph| article.text(&paragraph.span)).collect::<Vec<_>>().join("\n");
        let (precision, recall, f1) = overlap(&words(&body), &words(&expected_text));
        scores.push(PageScore { name: name.clone(), precision, recall, f1 });

        let metadata: serde_json::Value = fs::read_to_string(page.join("expected-metadata.json"))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let expected =
            |key: &str| metadata.get(key).and_then(|value| value.as_str()).filter(|value| !value.trim().is_empty());
        if let Some(title) = expected("title") {
            titles += 1;
            let ours = article.meta("title").unwrap_or_default();
            if fold(ours) == fold(title) {
                titles_right += 1;
            } else {
                misses.push(format!("{name}: title {ours:?}, expected {title:?}"));
            }
        }
        if let Some(byline) = expected("byline") {
            bylines += 1;
            let ours = article.meta("author").unwrap_or_default();
            let expected_byline = fold(byline);
            let expected_byline = expected_byline.strip_prefix("by ").unwrap_or(&expected_byline);
            if fold(ours) == expected_byline {
                bylines_right += 1;
            } else {
                misses.push(format!("{name}: byline {ours:?}, expected {byline:?}"));
            }
        }
        if let Some(published) = expected("publishedTime") {
            dates += 1;
            let ours = article.meta("published").unwrap_or_default();
            if published.get(..10).is_some_and(|day| day == ours) {
                dates_right += 1;
            } else {
                misses.push(format!("{name}: published {ours:?}, expected {published:?}"));
            }
        }
    }
    let count = scores.len().max(1) as f64;
    let mean = |value: fn(&PageScore) -> f64| scores.iter().map(value).sum::<f64>() / count;
    println!("{} pages", scores.len());
    println!(
        "body words: precision {:.3}, recall {:.3}, F1 {:.3} (averages over pages)",
        mean(|score| score.precision),
        mean(|score| score.recall),
        mean(|score| score.f1)
    );
    let share = |right: usize, of: usize| if of == 0 { 0.0 } else { 100.0 * right as f64 / of as f64 };
    println!("titles right: {titles_right}/{titles} ({:.1}%)", share(titles_right, titles));
    println!("bylines right: {bylines_right}/{bylines} ({:.1}%)", share(bylines_right, bylines));
    println!("publication dates right: {dates_right}/{dates} ({:.1}%)", share(dates_right, dates));
    if worst > 0 {
        scores.sort_by(|a, b| a.f1.total_cmp(&b.f1));
        println!("\nlowest F1:");
        for score in scores.iter().take(worst) {
            println!("  {:.3}  P {:.3} R {:.3}  {}", score.f1, score.precision, score.recall, score.name);
        }
        println!("\nmetadata misses:");
        for miss in &misses {
            println!("  {miss}");
        }
    }
}

/// Lowercased runs of letters and digits, counted.
fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()) {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// Precision, recall and F1 of `found` against `expected`, as multisets.
fn overlap(found: &HashMap<String, usize>, expected: &HashMap<String, usize>) -> (f64, f64, f64) {
    let found_total: usize = found.values().sum();
    let expected_total: usize = expected.values().sum();
    let common: usize = found.iter().map(|(word, count)| (*count).min(expected.get(word).copied().unwrap_or(0))).sum();
    if found_total == 0 || expected_total == 0 {
        let perfect = found_total == expected_total;
        return if perfect { (1.0, 1.0, 1.0) } else { (0.0, 0.0, 0.0) };
    }
    let precision = common as f64 / found_total as f64;
    let recall = common as f64 / expected_total as f64;
    let f1 = if common == 0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    (precision, recall, f1)
}

/// Whitespace collapsed, lowercased.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
