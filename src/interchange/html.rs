//! TimelineJS text fields are HTML: notes and sources written as escaped HTML, and HTML read
//! back as plain text and links.

use std::collections::HashSet;

use crate::safe_text::{safe_link, sanitize_terminal};

/// The class of the list that holds an event's sources, so an import can tell it from notes.
const SOURCES_CLASS: &str = "dossier-sources";

/// Notes as paragraphs (a blank line between paragraphs, `<br>` for single line breaks),
/// then the sources as a list of links.
pub(crate) fn notes_and_sources(notes: Option<&str>, sources: &[String]) -> String {
    let mut html = String::new();
    if let Some(notes) = notes {
        let notes = notes.replace("\r\n", "\n");
        for paragraph in notes.split("\n\n").map(str::trim).filter(|paragraph| !paragraph.is_empty()) {
            html.push_str("<p>");
            html.push_str(&escape_text(paragraph).replace('\n', "<br>"));
            html.push_str("</p>");
        }
    }
    if !sources.is_empty() {
        html.push_str(&format!("<ul class=\"{SOURCES_CLASS}\">"));
        for source in sources {
            let text = escape_text(source);
            match safe_link(source) {
                Some(url) => {
                    let href = html_escape::encode_double_quoted_attribute(&sanitize_terminal(url)).into_owned();
                    html.push_str(&format!("<li><a href=\"{href}\">{text}</a></li>"));
                }
                None => html.push_str(&format!("<li>{text}</li>")),
            }
        }
        html.push_str("</ul>");
    }
    html
}

/// HTML read as plain text: what a reader sees, and the links.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct PlainText {
    /// Paragraphs separated by a blank line, `<br>` as a line break, spaces collapsed.
    pub text: String,
    /// The items of a `dossier-sources` list, in order.
    pub sources: Vec<String>,
    /// Other http and https link targets, in order, without repeats.
    pub links: Vec<String>,
}

/// Reads HTML leniently (TimelineJS text is hand-written): tags are dropped, block tags and
/// `<br>` become line breaks, entities are decoded, script and style content is skipped.
pub(crate) fn to_plain_text(html: &str) -> PlainText {
    let mut reader = Reader::default();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                // No tag is closed from here on: the rest is text, read at once.
                reader.text(&decode_entities(rest));
                break;
            };
            reader.tag(&rest[1..end]);
            rest = &rest[end + 1..];
            continue;
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let end = rest[first..].find('<').map_or(rest.len(), |at| at + first);
        reader.text(&decode_entities(&rest[..end]));
        rest = &rest[end..];
    }
    reader.finish()
}

#[derive(Default)]
struct Reader {
    paragraphs: Vec<String>,
    current: String,
    in_sources: bool,
    source_item: Option<String>,
    skipping: Option<String>,
    sources: Vec<String>,
    links: Vec<String>,
    /// The links so far, to keep them without repeats in linear time.
    seen_links: HashSet<String>,
}

impl Reader {
    fn tag(&mut self, inside: &str) {
        let closing = inside.starts_with('/');
        let inside = inside.trim_start_matches('/');
        let name: String =
            inside.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if let Some(skipped) = &self.skipping {
            if closing && *skipped == name {
                self.skipping = None;
            }
            return;
        }
        match (name.as_str(), closing) {
            ("script" | "style", false) => self.skipping = Some(name),
            ("br", _) => self.push_break(),
            ("ul" | "ol", false) if attribute(inside, "class").is_some_and(|class| class.contains(SOURCES_CLASS)) => {
                self.end_paragraph();
                self.in_sources = true;
            }
            ("ul" | "ol", true) if self.in_sources => {
                self.end_source_item();
                self.in_sources = false;
            }
            ("li", false) if self.in_sources => {
                self.end_source_item();
                self.source_item = Some(String::new());
            }
            ("li", true) if self.in_sources => self.end_source_item(),
            ("a", false) => {
                if let Some(url) = attribute(inside, "href").map(|href| decode_entities(&href))
                    && let Some(url) = safe_link(&url)
                    && !self.in_sources
                    && self.seen_links.insert(url.to_string())
                {
                    self.links.push(url.to_string());
                }
            }
            ("p" | "div" | "li" | "ul" | "ol" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr", _) => {
                self.end_paragraph()
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skipping.is_some() {
            return;
        }
        let target = match &mut self.source_item {
            Some(item) => item,
            None if self.in_sources => return,
            None => &mut self.current,
        };
        for (index, word) in text.split(char::is_whitespace).enumerate() {
            let ends_with_space = target.ends_with(' ') || target.ends_with('\n') || target.is_empty();
            if index > 0 && !ends_with_space {
                target.push(' ');
            }
            target.push_str(word);
        }
    }

    fn push_break(&mut self) {
        if self.source_item.is_none() {
            let trimmed = self.current.trim_end_matches(' ').len();
            self.current.truncate(trimmed);
            self.current.push('\n');
        }
    }

    fn end_paragraph(&mut self) {
        let paragraph = self.current.lines().map(str::trim).collect::<Vec<_>>().join("\n").trim().to_string();
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph);
        }
        self.current.clear();
    }

    fn end_source_item(&mut self) {
        if let Some(item) = self.source_item.take() {
            let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
            if !item.is_empty() {
                self.sources.push(item);
            }
        }
    }

    fn finish(mut self) -> PlainText {
        self.end_source_item();
        self.end_paragraph();
        PlainText { text: self.paragraphs.join("\n\n"), sources: self.sources, links: self.links }
    }
}

/// The value of `name="..."` (or single-quoted, or bare) in a tag's inside.
fn attribute(inside: &str, name: &str) -> Option<String> {
    let lower = inside.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower[..at].ends_with(|c: char| c.is_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        // Same byte offsets in `inside`: ASCII lowercasing keeps lengths.
        let value = inside[inside.len() - after.len() + 1..].trim_start();
        return Some(match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &value[1..];
                body[..body.find(quote).unwrap_or(body.len())].to_string()
            }
            _ => value.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default().to_string(),
        });
    }
    None
}

/// Decodes every HTML5 character reference (`Gen&egrave;ve`, `&#39;`, `&#x41;`); unknown or
/// unterminated ones stay as written.
pub(crate) fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// Text as HTML element content with as few entities as HTML needs: `<` and `>` always, `&`
/// only before a letter, a digit or `#` (where a browser could read a character reference);
/// an apostrophe or a quote stays itself (`North Korea's`, never `&#39;`), so a spreadsheet
/// cell shows the text as typed. Characters that act on a terminal become visible escapes.
pub(crate) fn escape_text(text: &str) -> String {
    let text = sanitize_terminal(text);
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if text[at + 1..].starts_with(|next: char| next.is_ascii_alphanumeric() || next == '#') => {
                out.push_str("&amp;")
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_sources_round_trip() {
        let sources = vec!["https://example.org/a?x=1&y=2".to_string(), "Interview, 3 May".to_string()];
        let notes = "First <b>line</b> & more.\nSecond line.\n\nNew paragraph.";
        let html = notes_and_sources(Some(notes), &sources);
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("href=\"https://example.org/a?x=1&amp;y=2\""), "{html}");
        let plain = to_plain_text(&html);
        assert_eq!(plain.text, notes);
        assert_eq!(plain.sources, sources);
        assert!(plain.links.is_empty());
    }

    #[test]
    fn unsafe_links_stay_text() {
        let html = notes_and_sources(None, &["javascript:alert(1)".to_string()]);
        assert!(!html.contains("href"), "{html}");
        assert_eq!(to_plain_text(&html).sources, ["javascript:alert(1)"]);
    }

    #[test]
    fn hand_written_html_is_read_leniently() {
        let plain = to_plain_text(
            "<p>Talks  with <a href='https://a.example/x'>Lavrov</a>&nbsp;&amp; Putin<script>bad()</script></p>\
             <!-- note --><div>Second &#8212; &#x41;&unknown; <a href=javascript:x>no</a></div><p>unclosed <",
        );
        assert_eq!(plain.text, "Talks with Lavrov & Putin\n\nSecond — A&unknown; no\n\nunclosed <");
        assert_eq!(plain.links, ["https://a.example/x"]);
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in ["<", "<a href=\"", "&#xFFFFFFFF;", "&#0;", "é<ü>ß", "<ul class=dossier-sources><li>x", "<!--"] {
            let _ = to_plain_text(html);
        }
        assert_eq!(to_plain_text("<ul class=dossier-sources><li>x").sources, ["x"]);
    }

    #[test]
    fn runs_of_ampersands_and_angle_brackets_read_in_linear_time() {
        let started = std::time::Instant::now();
        let ampersands = "&".repeat(300_000);
        assert_eq!(to_plain_text(&ampersands).text, ampersands);
        let brackets = "<".repeat(300_000);
        assert_eq!(to_plain_text(&brackets).text, brackets);
        assert_eq!(decode_entities(&format!("{ampersands}amp;")), format!("{}&", &ampersands[1..]));
        // Quadratic, each run is 45 billion bytes searched.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn many_links_are_kept_once_each_in_linear_time() {
        let links: String = (0..20_000).map(|n| format!("<a href='https://a.example/{}'>x</a>", n % 10_000)).collect();
        let plain = to_plain_text(&links);
        assert_eq!(plain.links.len(), 10_000);
        assert_eq!(plain.links[9_999], "https://a.example/9999");
    }

    #[test]
    fn named_entities_decode_and_apostrophes_stay_plain() {
        assert_eq!(
            to_plain_text("Gen&egrave;ve, North Korea&#39;s &Uuml;ber &rarr;").text,
            "Genève, North Korea's Über →"
        );
        assert_eq!(escape_text("North Korea's \"test\" <b> & co"), "North Korea's \"test\" &lt;b&gt; & co");
        assert_eq!(escape_text("AT&T, &amp; &#39;"), "AT&amp;T, &amp;amp; &amp;#39;");
        for text in ["AT&T & co", "a &notice", "<&>&;&#x41;", "North Korea's"] {
            assert_eq!(to_plain_text(&escape_text(text)).text, text, "{text}");
        }
    }
}
