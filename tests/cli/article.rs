//! The article loader as a user meets it: saved web pages and Word documents read like text
//! by every command, `dossier article` showing what was read, and clear refusals.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;

use crate::common::{fixture, run, stderr, stdout};

const PAGE: &str = "tests/fixtures/pages/garissa-verdict.html";
const UPDATED_PAGE: &str = "tests/fixtures/pages/garissa-verdict-updated.html";
const FACT_SHEET: &str = "tests/fixtures/pages/russia-costs-2021.html";
const PAGE_TEXT: &str = "tests/fixtures/news/garissa-verdict/article.txt";

/// Words of the pages' chrome (navigation, share buttons, related stories, newsletter box,
/// caption, footer) and markup: none may reach any output.
const CHROME: &[&str] = &[
    "Subscribe",
    "Middle East",
    "Share on",
    "Email this story",
    "Print",
    "Related stories",
    "Read more",
    "Floods displace",
    "morning briefing",
    "Sign up",
    "Privacy policy",
    "Terms of use",
    "All rights reserved",
    "File photo",
    "World Desk",
    "analytics",
];

/// The pages' markup, which no text output may show.
const MARKUP: &[&str] = &["</", "<p", "&amp;", "&middot;"];

fn assert_no_chrome(output: &str) {
    for word in CHROME.iter().chain(MARKUP) {
        assert!(!output.contains(word), "{word:?} in:\n{output}");
    }
}

#[test]
fn article_json_has_the_documented_shape_and_sources() {
    let output = run(&["article", "--format", "json", PAGE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected =
        ["schema_version", "path", "source_format", "title", "byline", "published", "modified", "blocks"];
    expected.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(json["source_format"], "html");
    assert_eq!(json["title"]["value"], "Court Convicts Three in 2015 Garissa Terror Attack");
    assert_eq!(json["title"]["source"], "<meta property=\"og:title\">");
    assert_eq!(json["byline"]["value"], "VOA News");
    assert_eq!(json["published"]["value"], "2019-06-19");
    assert_eq!(json["published"]["source"], "<meta property=\"article:published_time\">");
    assert!(json["modified"].is_null());
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 6);
    assert!(blocks.iter().all(|block| block["kind"] == "paragraph"));
    assert!(blocks[0]["text"].as_str().unwrap().starts_with("A Kenyan court has found three terror suspects"));
    assert_no_chrome(&stdout(&output));
}

#[test]
fn article_text_and_markdown_show_headings_and_sources() {
    let text = stdout(&run(&["article", FACT_SHEET]));
    assert!(text.contains("read as html"), "{text}");
    assert!(text.contains("published  2021-04-15  (from JSON-LD datePublished)"), "{text}");
    assert!(text.contains("byline     The White House  (from JSON-LD author)"), "{text}");
    assert!(text.contains("heading\n  ## Imposing Additional Sanctions"), "{text}");
    assert_no_chrome(&text);
    let markdown = stdout(&run(&["article", "--format", "markdown", FACT_SHEET]));
    assert!(markdown.contains("| published | 2021-04-15 | JSON-LD datePublished |"), "{markdown}");
    assert!(markdown.contains("| heading | ## Imposing Additional Sanctions |"), "{markdown}");
}

#[test]
fn a_text_file_says_which_header_line_gave_each_field() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["article", "--format", "json", PAGE_TEXT]))).unwrap();
    assert_eq!(json["source_format"], "text");
    assert_eq!(json["published"]["value"], "2019-06-19");
    assert_eq!(json["published"]["source"], "the `Date:` line (line 2)");
    assert!(json["byline"].is_null());
}

#[test]
fn a_saved_page_and_its_update_diff_cleanly() {
    for format in ["terminal", "unified", "markdown", "html", "json"] {
        let output = run(&["--no-timeline", "diff", "--format", format, PAGE, UPDATED_PAGE]);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", stderr(&output));
        let text = stdout(&output);
        if format == "html" {
            // The report is a page itself: only the chrome's words are looked for.
            for word in CHROME {
                assert!(!text.contains(word), "{word:?} in the HTML report");
            }
        } else {
            assert_no_chrome(&text);
        }
        assert!(text.contains("148"), "{format}: {text}");
    }
    let text = stdout(&run(&["--no-timeline", "diff", PAGE, UPDATED_PAGE]));
    assert!(text.contains("1 changed, 1 inserted, 1 deleted, 4 unchanged paragraphs"), "{text}");
    assert!(text.contains("Updated: {+2019-06-20+}"), "{text}");
}

#[test]
fn a_text_file_and_its_saved_page_hold_the_same_paragraphs() {
    let text = stdout(&run(&["--no-timeline", "diff", PAGE_TEXT, PAGE]));
    assert!(text.contains("6 unchanged paragraphs; 0 words deleted, 0 inserted"), "{text}");
    assert_no_chrome(&text);
}

#[test]
fn align_history_brief_and_batch_read_pages() {
    let timeline = fixture("news/garissa-verdict/timeline.yaml");
    let timeline = timeline.to_str().unwrap();
    let align = run(&["--timeline", timeline, "align", "--format", "json", PAGE]);
    assert_eq!(align.status.code(), Some(0), "{}", stderr(&align));
    let align_text = stdout(&align);
    assert!(align_text.contains("garissa-attack"), "{align_text}");
    assert_no_chrome(&align_text);

    let history = run(&["--timeline", timeline, "history", "--format", "markdown", PAGE, UPDATED_PAGE]);
    assert_eq!(history.status.code(), Some(0), "{}", stderr(&history));
    assert_no_chrome(&stdout(&history));

    let brief = run(&["--timeline", timeline, "brief", PAGE, UPDATED_PAGE]);
    assert_eq!(brief.status.code(), Some(0), "{}", stderr(&brief));
    let brief_text = stdout(&brief);
    assert!(brief_text.contains("148"), "{brief_text}");
    assert_no_chrome(&brief_text);

    let archive = tempfile::tempdir().unwrap();
    let story = archive.path().join("garissa");
    std::fs::create_dir(&story).unwrap();
    std::fs::copy(fixture("pages/garissa-verdict.html"), story.join("1.html")).unwrap();
    std::fs::copy(fixture("pages/garissa-verdict-updated.html"), story.join("2.html")).unwrap();
    let batch = run(&["--no-timeline", "diff", "--batch", archive.path().to_str().unwrap(), "--format", "json"]);
    assert!(matches!(batch.status.code(), Some(0 | 1)), "{}", stderr(&batch));
    let batch_text = stdout(&batch);
    assert!(
        batch_text.contains("\"paragraphs_changed\":1,") && batch_text.contains("\"paragraphs_inserted\":1,"),
        "{batch_text}"
    );
    assert_no_chrome(&batch_text);
}

/// One Word document part: its name and XML.
type Part<'a> = (&'a str, String);

const WORD_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

fn paragraph(style: Option<&str>, numbering: Option<u32>, runs: &str) -> String {
    let style = style.map(|style| format!("<w:pStyle w:val=\"{style}\"/>")).unwrap_or_default();
    let numbering = numbering
        .map(|id| format!("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{id}\"/></w:numPr>"))
        .unwrap_or_default();
    format!("<w:p><w:pPr>{style}{numbering}</w:pPr>{runs}</w:p>")
}

fn text_run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

/// A Word document as Word writes one: styles, numbering, core properties, a table.
fn word_document(body_paragraphs: &[String], tracked: bool) -> Vec<Part<'static>> {
    let mut body = String::new();
    body.push_str(&paragraph(Some("Heading1"), None, &text_run("Court convicts three")));
    for text in body_paragraphs {
        body.push_str(&paragraph(None, None, text));
    }
    body.push_str(&paragraph(None, Some(1), &text_run("Mohamed Ali Abikar")));
    body.push_str(&paragraph(None, Some(1), &text_run("Hassan Edin Hassan")));
    body.push_str(&paragraph(None, Some(2), &text_run("The verdict")));
    body.push_str(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Event</w:t></w:r></w:p></w:tc></w:tr>\
         <w:tr><w:tc><w:p><w:r><w:t>2015-04-02</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Attack &amp; siege</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    );
    if tracked {
        body.push_str(&paragraph(
            None,
            None,
            &format!(
                "{}<w:ins w:id=\"1\" w:author=\"Editor\">{}</w:ins><w:del w:id=\"2\" w:author=\"Editor\"><w:r><w:delText>in July</w:delText></w:r></w:del>",
                text_run("Sentencing is set "),
                text_run("for July 3.")
            ),
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {WORD_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let styles = format!(
        "<?xml version=\"1.0\"?><w:styles {WORD_NS}><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style></w:styles>"
    );
    let numbering = format!(
        "<?xml version=\"1.0\"?><w:numbering {WORD_NS}>\
         <w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/></w:lvl></w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"
    );
    let core = "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">\
         <dc:title>Court Convicts Three in 2015 Garissa Terror Attack</dc:title><dc:creator>VOA News</dc:creator>\
         <dcterms:created>2019-06-19T09:00:00Z</dcterms:created><dcterms:modified>2019-06-20T08:30:00Z</dcterms:modified></cp:coreProperties>"
        .to_string();
    vec![
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>".to_string()),
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("docProps/core.xml", core),
    ]
}

fn write_zip(path: &Path, parts: &[Part]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    for (name, content) in parts {
        zip.start_file(*name, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated))
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

const FIRST: &str = "A Kenyan court has found three terror suspects guilty of the April 2015 Garissa University terror attack in which nearly 150 people, mainly students, were killed.";
const SECOND: &str = "Nairobi Chief Magistrate Francis Andayi entered a full courtroom, where relatives of the victims waited for six hours to hear the verdict.";

fn docx_pair(folder: &Path) -> (PathBuf, PathBuf) {
    let old = folder.join("draft.docx");
    let new = folder.join("draft-revised.docx");
    write_zip(&old, &word_document(&[text_run(FIRST), text_run(SECOND)], false));
    // The revision splits the first paragraph's text across runs, as Word does after an edit.
    let revised_first = FIRST.replace("nearly 150", "148");
    let (head, tail) = revised_first.split_at(40);
    write_zip(&new, &word_document(&[format!("{}{}", text_run(head), text_run(tail)), text_run(SECOND)], true));
    (old, new)
}

#[test]
fn a_word_document_reads_as_headings_lists_tables_and_core_properties() {
    let folder = tempfile::tempdir().unwrap();
    let (_, revised) = docx_pair(folder.path());
    let output = run(&["article", "--format", "json", revised.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["source_format"], "docx");
    assert_eq!(json["title"]["value"], "Court Convicts Three in 2015 Garissa Terror Attack");
    assert_eq!(json["title"]["source"], "the document's core properties (dc:title)");
    assert_eq!(json["byline"]["value"], "VOA News");
    assert_eq!(json["published"]["value"], "2019-06-19");
    assert_eq!(json["modified"]["value"], "2019-06-20");
    let blocks: Vec<(String, String)> = json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|block| (block["kind"].as_str().unwrap().to_string(), block["text"].as_str().unwrap().to_string()))
        .collect();
    let expected = [
        ("heading", "# Court convicts three".to_string()),
        ("paragraph", FIRST.replace("nearly 150", "148")),
        ("paragraph", SECOND.to_string()),
        ("list_item", "- Mohamed Ali Abikar".to_string()),
        ("list_item", "- Hassan Edin Hassan".to_string()),
        ("list_item", "1. The verdict".to_string()),
        ("table", "| Date | Event |\n| --- | --- |\n| 2015-04-02 | Attack & siege |".to_string()),
        ("paragraph", "Sentencing is set for July 3.".to_string()),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(kind, text)| (kind.to_string(), text.clone())).collect();
    assert_eq!(blocks, expected);
    let warnings = stderr(&output);
    assert!(warnings.contains("2 tracked changes nobody accepted"), "{warnings}");
}

#[test]
fn a_word_document_and_its_revision_diff_like_their_text() {
    let folder = tempfile::tempdir().unwrap();
    let (old, new) = docx_pair(folder.path());
    // The same texts, as a user would save them from Word.
    let as_text = |path: &Path| {
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&run(&["article", "--format", "json", path.to_str().unwrap()]))).unwrap();
        let header = "Title: Court Convicts Three in 2015 Garissa Terror Attack\nAuthor: VOA News\n";
        let dates = "Published: 2019-06-19\nUpdated: 2019-06-20\n";
        let blocks: Vec<&str> =
            json["blocks"].as_array().unwrap().iter().map(|block| block["text"].as_str().unwrap()).collect();
        format!("{header}{dates}\n{}\n", blocks.join("\n\n"))
    };
    let old_text = folder.path().join("draft.txt");
    let new_text = folder.path().join("draft-revised.txt");
    std::fs::write(&old_text, as_text(&old)).unwrap();
    std::fs::write(&new_text, as_text(&new)).unwrap();
    let diff = |a: &Path, b: &Path| {
        let output = run(&["--no-timeline", "diff", "--format", "json", a.to_str().unwrap(), b.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        serde_json::from_str::<serde_json::Value>(&stdout(&output)).unwrap()
    };
    let from_word = diff(&old, &new);
    let from_text = diff(&old_text, &new_text);
    assert_eq!(from_word["blocks"], from_text["blocks"]);
    assert_eq!(from_word["stats"], from_text["stats"]);
    let rendered = stdout(&run(&["--no-timeline", "diff", old.to_str().unwrap(), new.to_str().unwrap()]));
    assert!(rendered.contains("[-nearly 150-]{+148+}"), "{rendered}");
    assert!(!rendered.contains("w:t") && !rendered.contains("in July"), "{rendered}");
}

fn refused(path: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["article", path.to_str().unwrap()]);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(message.contains(path.to_str().unwrap()), "{message}");
    message
}

#[test]
fn pdfs_other_zips_broken_zips_and_zip_bombs_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    let pdf = folder.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n").unwrap();
    assert!(refused(&pdf, &[]).contains("pdftotext -layout"));

    let other_zip = folder.path().join("photos.zip");
    write_zip(&other_zip, &[("photo.txt", "not a document".to_string())]);
    assert!(refused(&other_zip, &[]).contains("not a Word document"));

    let broken = folder.path().join("broken.docx");
    std::fs::write(&broken, b"PK\x03\x04 this is no zip at all").unwrap();
    assert!(refused(&broken, &[]).contains("not a readable zip archive"));

    // 20 MB of text that deflates to a few kilobytes, read with a 1 MB limit.
    let bomb = folder.path().join("bomb.docx");
    let huge = format!(
        "<w:document {WORD_NS}><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        "a".repeat(20_000_000)
    );
    write_zip(&bomb, &[("word/document.xml", huge)]);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1_000_000);
    let message = refused(&bomb, &["--max-input-bytes", "1000000"]);
    assert!(
        message.contains("decompresses to more than the limit of 1000000 bytes")
            && message.contains("--max-input-bytes"),
        "{message}"
    );
}

#[test]
fn diff_and_align_say_how_each_file_was_read() {
    let folder = tempfile::tempdir().unwrap();
    let (old, new) = docx_pair(folder.path());
    let output = run(&["--no-timeline", "diff", "--format", "json", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!((&json["old"]["source_format"], &json["new"]["source_format"]), (&"docx".into(), &"docx".into()));
    let warnings = stderr(&output);
    let revised = new.display().to_string();
    assert!(warnings.contains(&revised) && warnings.contains("tracked changes nobody accepted"), "{warnings}");
    assert!(!warnings.contains(&format!("{}:", old.display())), "the draft has no tracked changes: {warnings}");

    let page = fixture("pages/garissa-verdict.html");
    let output = run(&[
        "--timeline",
        fixture("news/garissa-verdict/timeline.yaml").to_str().unwrap(),
        "align",
        "--format",
        "json",
        page.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["article"]["source_format"], "html");
}
