//! A linear pre-scan of YAML text for what must be refused before serde_yaml reads it: nesting
//! deeper than the limit, and core tags a timeline cannot hold (`!!binary`, which serde_yaml
//! would hand over as its base64 text, `!!set`, `!!timestamp`...).
//!
//! Nesting: serde_yaml checks the depth only after
//! libyaml has scanned the whole document, and libyaml slows down with the depth of flow
//! collections (80,000 nested `[` took 13 s before the check refused them). This scan counts,
//! in one pass, a lower bound of the depth: open flow collections (`[`, `{`) plus the block
//! collections opened on one line (`- - - x`, `? ? x`). When that bound passes the limit, the
//! text up to that point, with its open brackets closed, is deep enough for serde_yaml to refuse
//! it with its own message and position, and short enough to read at once.
//!
//! The scan knows only as much YAML as it needs: quoted scalars, comments and block scalars are
//! skipped so that their brackets do not count; a plain scalar in block context holds brackets
//! only where a node cannot start. It never decides anything alone: its prefix is read by
//! serde_yaml, and when that does not refuse the nesting, the whole text is read as usual.

/// What the scan found, up to the first place where nesting passes the limit.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Prescan {
    /// The text up to where lists and mappings first nest deeper than the limit, with its open
    /// flow collections closed.
    pub deep_prefix: Option<String>,
    /// The first core tag other than the plain types, and its byte offset.
    pub unsupported_tag: Option<(usize, String)>,
}

/// The core tags of plain values: harmless, serde_yaml reads them as the value they name.
const PLAIN_TAGS: &[&str] = &["!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map"];

pub(super) fn prescan(text: &str, limit: usize) -> Prescan {
    let mut found = Prescan::default();
    found.deep_prefix = deep_prefix(text, limit, &mut found.unsupported_tag);
    found
}

fn deep_prefix(text: &str, limit: usize, unsupported_tag: &mut Option<(usize, String)>) -> Option<String> {
    let mut scan = Scan { line_start: true, ..Scan::default() };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if scan.line_start {
            at = scan.start_line(bytes, at);
            continue;
        }
        let blank_after = bytes.get(at + 1).is_none_or(|next| is_blank(*next));
        let blank_before = at == 0 || is_blank(bytes[at - 1]);
        match byte {
            b'\n' | b'\r' => {
                scan.line_start = true;
                at += 1;
                continue;
            }
            b' ' | b'\t' => {}
            b'#' if blank_before => {
                at = line_end(bytes, at);
                continue;
            }
            b'\'' | b'"' if scan.node_start => {
                at = quoted_end(bytes, at);
                scan.node_start = false;
                continue;
            }
            b'[' | b'{' if scan.node_start || !scan.flow.is_empty() => {
                scan.flow.push(if byte == b'[' { b']' } else { b'}' });
                scan.node_start = true;
                if scan.depth() > limit {
                    return Some(closed(text, at + 1, &scan.flow));
                }
            }
            b']' | b'}' if !scan.flow.is_empty() => {
                scan.flow.pop();
                scan.node_start = false;
            }
            b',' if !scan.flow.is_empty() => scan.node_start = true,
            b'-' | b'?' if scan.node_start && scan.flow.is_empty() && blank_after => {
                scan.line_collections += 1;
                if scan.depth() > limit {
                    return Some(closed(text, at + 1, &scan.flow));
                }
            }
            b':' if blank_after || !scan.flow.is_empty() => scan.node_start = true,
            b'|' | b'>' if scan.node_start && scan.flow.is_empty() => {
                scan.block_scalar_indent = Some(scan.indent);
                at = line_end(bytes, at);
                continue;
            }
            b'&' | b'!' if scan.node_start => {
                // An anchor or a tag comes before its node: the node still starts after it.
                let start = at;
                while at < bytes.len() && !is_blank(bytes[at]) {
                    at += 1;
                }
                let property = &text[start..at];
                let core = property.starts_with("!!") || property.starts_with("!<tag:yaml.org,2002:");
                if core && unsupported_tag.is_none() && !PLAIN_TAGS.contains(&property) {
                    *unsupported_tag = Some((start, property.to_string()));
                }
                continue;
            }
            _ => scan.node_start = false,
        }
        at += 1;
    }
    None
}

#[derive(Default)]
struct Scan {
    /// The closers of the open flow collections, innermost last.
    flow: Vec<u8>,
    /// Block collections opened on this line (`- - -`): all but the first nest in another.
    line_collections: usize,
    /// A node may start here: a quote or a bracket begins one rather than being text.
    node_start: bool,
    line_start: bool,
    /// The current line's indentation.
    indent: usize,
    /// Inside a block scalar (`|`, `>`) started on a line of this indentation: more indented
    /// lines are its text.
    block_scalar_indent: Option<usize>,
}

impl Scan {
    fn depth(&self) -> usize {
        self.flow.len() + self.line_collections.saturating_sub(1)
    }

    /// Reads a line's indentation at `at`; returns where the scan goes on.
    fn start_line(&mut self, bytes: &[u8], at: usize) -> usize {
        self.line_start = false;
        let indent = bytes[at..].iter().take_while(|&&byte| byte == b' ').count();
        let content = at + indent;
        let blank = bytes.get(content).is_none_or(|&byte| matches!(byte, b'\n' | b'\r'));
        if let Some(scalar_indent) = self.block_scalar_indent {
            if blank || indent > scalar_indent {
                return line_end(bytes, content);
            }
            self.block_scalar_indent = None;
        }
        if self.flow.is_empty() {
            self.indent = indent;
            self.line_collections = 0;
            self.node_start = true;
        }
        content
    }
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// The line break ending the line that holds `at` (or the end of the text).
fn line_end(bytes: &[u8], at: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |offset| at + offset)
}

/// Just past the quoted scalar that starts at `at` (`''` is a quote in single quotes, `\`
/// escapes in double quotes); the end of the text when it is not closed.
fn quoted_end(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let mut index = at + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' if quote == b'"' => index += 2,
            byte if byte == quote => {
                if quote == b'\'' && bytes.get(index + 1) == Some(&b'\'') {
                    index += 2;
                } else {
                    return index + 1;
                }
            }
            _ => index += 1,
        }
    }
    bytes.len()
}

/// `text[..end]` with the open flow collections closed, ending a line.
fn closed(text: &str, end: usize, flow: &[u8]) -> String {
    let mut prefix = String::with_capacity(end + flow.len() + 1);
    prefix.push_str(&text[..end]);
    prefix.extend(flow.iter().rev().map(|&closer| char::from(closer)));
    prefix.push('\n');
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_nesting_is_cut_just_past_the_limit() {
        let text = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert_eq!(prescan(&text, 128).deep_prefix, Some(format!("{}{}\n", "[".repeat(129), "]".repeat(129))));
        let mappings = format!("a: {}", "{k: ".repeat(1000));
        let prefix = prescan(&mappings, 128).deep_prefix.unwrap();
        assert_eq!(prefix, format!("a: {}{}\n", "{k: ".repeat(128) + "{", "}".repeat(129)));
    }

    #[test]
    fn compact_block_nesting_is_cut_just_past_the_limit() {
        let text = format!("{}x\n", "- ".repeat(1000));
        assert_eq!(prescan(&text, 128).deep_prefix, Some(format!("{}-\n", "- ".repeat(129))));
        let keys = format!("{}x\n", "? ".repeat(1000));
        assert!(prescan(&keys, 128).deep_prefix.is_some());
    }

    #[test]
    fn shallow_documents_and_brackets_in_text_are_not_cut() {
        let brackets = "[".repeat(500);
        for text in [
            format!("title: a {brackets}\n"),
            format!("title: '{brackets}'\nnotes: \"{brackets}\\\" {brackets}\"\n"),
            format!("title: Xi's envoy\nnotes: a {brackets}\n"),
            format!("# {brackets}\nevents: []\n"),
            format!("notes: >\r\n  {brackets}\r\n\r\nevents: []\r\n"),
            format!("notes: |\n  {brackets}\n   {brackets}\n\n  x\nevents: [a, [b], {{c: d}}]\n"),
            format!("a:\n{}", (0..100).map(|depth| format!("{}- - x\n", "  ".repeat(depth))).collect::<String>()),
        ] {
            assert_eq!(prescan(&text, 128).deep_prefix, None, "{text}");
        }
    }

    #[test]
    fn brackets_inside_quotes_and_after_anchors_are_told_apart() {
        let quoted = format!("a: [{}]\n", "'[', ".repeat(500));
        assert_eq!(prescan(&quoted, 128).deep_prefix, None);
        let anchored = format!("a: &x {}", "[".repeat(200));
        assert!(prescan(&anchored, 128).deep_prefix.is_some());
    }

    #[test]
    fn core_tags_but_the_plain_types_are_found() {
        let text = "a: !!str x\nb: '!!binary x'\nc: !!binary aGk=\nd: !!set {x}\n";
        assert_eq!(prescan(text, 128).unsupported_tag, Some((text.find("!!binary a").unwrap(), "!!binary".into())));
        let verbatim = "a: !<tag:yaml.org,2002:binary> aGk=\n";
        assert_eq!(prescan(verbatim, 128).unsupported_tag, Some((3, "!<tag:yaml.org,2002:binary>".into())));
        assert_eq!(prescan("a: !!int 3\nb: !local x # !!binary\n", 128).unsupported_tag, None);
    }
}
