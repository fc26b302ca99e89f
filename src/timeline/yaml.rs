//! The one file that names the YAML crate: YAML text -> a tree of located `Node`s.
//!
//! serde_yaml's `Value` forgets positions, but its deserializer stamps the position of the
//! node being read onto any error a visitor returns. So the scalar visitor here hands its value
//! back through a side slot and returns a marker error; the collection visitor that asked for
//! the value catches that error, reads the position from it, and carries on: the scalar's event
//! has already been consumed, so the parser's state is intact. Every scalar gets the parser's
//! own line and column; a collection takes the position of its first entry. Real errors
//! (syntax, nesting, alias expansion) stop the walk and come back as one located `Fatal`.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::node::{Location, Node, NodeKind, Scalar};
use super::prescan::prescan;

/// A problem that stops reading the document: a syntax error, too deep a nesting, an alias
/// bomb, several documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fatal {
    pub location: Location,
    pub message: String,
}

/// How deep serde_yaml lets lists and mappings nest (its own fixed limit).
const MAX_DEPTH: usize = 128;

/// How the message on too deep a nesting starts.
const TOO_DEEP: &str = "lists and mappings nest too deeply";

/// The message of the marker error by which a scalar asks for its position. The NUL bytes keep
/// it from colliding with any message serde_yaml writes.
const LOCATE: &str = "\u{0}dossier-locate\u{0}";

/// Reads one YAML document. Aliases are expanded, and what they expand to is bounded: every
/// value costs one unit plus the bytes of its text, and a document may spend at most four units
/// per byte of its own text (a document without aliases spends at most three: a value takes at
/// least one byte of text, and its string never outgrows the text that spells it). An alias
/// bomb, of many values or of one long string repeated, so stops early with a clear message
/// instead of exhausting memory.
pub(super) fn read_document(text: &str) -> Result<Node, Fatal> {
    // Deep nesting is refused where it is reached, from a short prefix, before libyaml spends
    // superlinear time on the whole text.
    let found = prescan(text, MAX_DEPTH);
    if let Some((offset, tag)) = found.unsupported_tag {
        let message = format!(
            "unsupported YAML tag `{}`: a timeline holds text, dates and lists; write the value itself",
            crate::error::excerpt(&tag)
        );
        return Err(Fatal { location: location_of_offset(text, offset), message });
    }
    if let Some(prefix) = found.deep_prefix
        && let Err(fatal) = read_whole(&prefix)
        && fatal.message.starts_with(TOO_DEEP)
    {
        return Err(fatal);
    }
    read_whole(text)
}

fn read_whole(text: &str) -> Result<Node, Fatal> {
    let walk = RefCell::new(Walk {
        scalar: None,
        spent: 0,
        budget: text.len().saturating_mul(4).saturating_add(4096),
        last: Location::START,
        fatal: None,
    });
    let seed = NodeSeed { walk: &walk };
    let result = seed.deserialize(serde_yaml::Deserializer::from_str(text));
    match result.or_else(|err| recover(&walk, err)) {
        Ok(node) => Ok(node),
        Err(err) => Err(fatal(&walk.into_inner(), &err, text)),
    }
}

struct Walk {
    /// The scalar just read, waiting for the position that comes back on the marker error.
    scalar: Option<Scalar>,
    /// Units spent so far: one per value, plus the bytes of every string.
    spent: usize,
    budget: usize,
    /// The last position read: where a collection with no entries, or an error that carries
    /// no position, is reported.
    last: Location,
    /// Our own reason for stopping, when it was not serde_yaml's.
    fatal: Option<String>,
}

impl Walk {
    /// Charges one value of `bytes` bytes of text against the budget.
    fn spend<E: de::Error>(&mut self, bytes: usize) -> Result<(), E> {
        self.spent = self.spent.saturating_add(1).saturating_add(bytes);
        if self.spent > self.budget {
            let message = format!(
                "aliases expand to more than {} bytes of values, far more than the file holds (an alias bomb?)",
                self.budget
            );
            self.fatal = Some(message.clone());
            return Err(E::custom(message));
        }
        Ok(())
    }
}

/// Turns the marker error of a scalar into that scalar, located; passes real errors on.
fn recover<E: de::Error>(walk: &RefCell<Walk>, err: E) -> Result<Node, E> {
    let mut walk = walk.borrow_mut();
    let Some(scalar) = walk.scalar.take() else { return Err(err) };
    let location = marker_location(&err.to_string()).unwrap_or(Location::START);
    walk.last = location;
    Ok(Node { location, tag: None, kind: NodeKind::Scalar(scalar) })
}

/// The position serde_yaml appended to a marker error: `... <LOCATE> at line L column C`.
/// It writes none for line 1, column 1. Read from the end, a word at a time: this runs for
/// every scalar, and a substring search per scalar was a tenth of loading a long timeline.
fn marker_location(message: &str) -> Option<Location> {
    let (before, column) = message.rsplit_once(' ')?;
    let (before, line) = before.strip_suffix(" column")?.rsplit_once(' ')?;
    if !before.strip_suffix(" at line")?.ends_with(LOCATE) {
        return None;
    }
    Some(Location { line: line.parse().ok()?, column: column.parse().ok()? })
}

fn fatal(walk: &Walk, err: &serde_yaml::Error, text: &str) -> Fatal {
    let location = err.location().map(|at| Location { line: at.line(), column: at.column() });
    if let Some(message) = &walk.fatal {
        return Fatal { location: location.unwrap_or(walk.last), message: message.clone() };
    }
    let described = err.to_string();
    let message = if described.starts_with("recursion limit exceeded") {
        format!("{TOO_DEEP} (recursion limit exceeded: at most {MAX_DEPTH} levels)")
    } else if described.starts_with("repetition limit exceeded") {
        "aliases repeat too many times (repetition limit exceeded): an alias bomb?".to_string()
    } else if described.contains("more than one document") {
        let location = second_document(text, walk.last).unwrap_or(walk.last);
        return Fatal { location, message: "more than one YAML document: a timeline is a single document".into() };
    } else if described.starts_with("unknown anchor") {
        "unknown anchor: this alias names no anchor defined before it".to_string()
    } else if let Some((problem, offset)) = reader_problem(&described) {
        // The reader (below the parser) names a byte offset, not a line and column.
        let location = location_of_offset(text, offset);
        let found = text.get(offset..).and_then(|rest| rest.chars().next());
        let message = match found {
            Some(c) if problem.starts_with("control characters") => format!(
                "YAML syntax error: {problem} (U+{:04X} here); write it as an escape in a double-quoted string",
                c as u32
            ),
            _ => format!("YAML syntax error: {problem}"),
        };
        return Fatal { location, message };
    } else {
        // A syntax error: its own position goes in front, the parser's context stays.
        let own_position = location.map(|at| format!(" at line {} column {}", at.line, at.column));
        let detail = match own_position {
            Some(own_position) => described.replacen(&own_position, "", 1),
            None => described,
        };
        let hint = location.and_then(|at| quote_hint(text, at)).unwrap_or_default();
        format!("YAML syntax error: {detail}{hint}")
    };
    Fatal { location: location.unwrap_or(walk.last), message }
}

/// For a second `: ` on a `key: value` line (`title: Talks: the second round`), which YAML
/// reads as a mapping in the value: the line as it should be written, the value quoted.
fn quote_hint(text: &str, at: Location) -> Option<String> {
    let line = text.lines().nth(at.line.checked_sub(1)?)?;
    let before: String = line.chars().take(at.column.saturating_sub(1)).collect();
    let (key, _) = before.split_once(": ")?;
    let value = line.get(key.len() + 2..)?.trim();
    let key = key.trim().trim_start_matches("- ");
    if key.is_empty() || value.starts_with(['"', '\'']) {
        return None;
    }
    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("; a value with \": \" in it must be quoted: {key}: \"{quoted}\""))
}

/// A reader error, which serde_yaml words as `<problem> at position <byte offset>`.
fn reader_problem(described: &str) -> Option<(&str, usize)> {
    let (problem, offset) = described.rsplit_once(" at position ")?;
    Some((problem, offset.trim().parse().ok()?))
}

/// The 1-based line and column (in characters) of a byte offset, with LF, CRLF and lone CR as
/// line ends, as the YAML parser counts them.
fn location_of_offset(text: &str, offset: usize) -> Location {
    let mut location = Location::START;
    let mut chars = text.char_indices().take_while(|&(at, _)| at < offset).peekable();
    while let Some((_, c)) = chars.next() {
        let line_end = c == '\n' || (c == '\r' && chars.peek().is_none_or(|&(_, next)| next != '\n'));
        if line_end {
            location = Location { line: location.line + 1, column: 1 };
        } else if c != '\r' {
            location.column += 1;
        }
    }
    location
}

/// Where the second document starts: the first `---` or `...` line after `after`.
fn second_document(text: &str, after: Location) -> Option<Location> {
    text.lines()
        .enumerate()
        .skip(after.line)
        .find(|(_, line)| line.starts_with("---") || line.starts_with("..."))
        .map(|(index, _)| Location { line: index + 1, column: 1 })
}

#[derive(Clone, Copy)]
struct NodeSeed<'a> {
    walk: &'a RefCell<Walk>,
}

impl NodeSeed<'_> {
    fn scalar<E: de::Error>(self, scalar: Scalar) -> Result<Node, E> {
        let mut walk = self.walk.borrow_mut();
        walk.spend(0)?;
        walk.scalar = Some(scalar);
        Err(E::custom(LOCATE))
    }

    fn collection<E: de::Error>(self, first: Option<Location>, kind: NodeKind) -> Result<Node, E> {
        let mut walk = self.walk.borrow_mut();
        walk.spend(0)?;
        Ok(Node { location: first.unwrap_or(walk.last), tag: None, kind })
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
        self.scalar(Scalar::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
        self.scalar(Scalar::Int(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
        self.scalar(Scalar::Int(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Node, E> {
        self.scalar(Scalar::Int(value))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Node, E> {
        match i128::try_from(value) {
            Ok(value) => self.scalar(Scalar::Int(value)),
            Err(_) => self.scalar(Scalar::Float(value as f64)),
        }
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
        self.scalar(Scalar::Float(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
        // Charged before the copy, so that a long string aliased many times is never copied
        // past the budget.
        self.walk.borrow_mut().spend(value.len())?;
        self.scalar(Scalar::String(value.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.scalar(Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.scalar(Scalar::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items: Vec<Node> = Vec::new();
        loop {
            let item = match seq.next_element_seed(self) {
                Ok(Some(item)) => item,
                Ok(None) => break,
                Err(err) => recover(self.walk, err)?,
            };
            items.push(item);
        }
        let first = items.first().map(|item| item.location);
        self.collection(first, NodeKind::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        loop {
            let key = match map.next_key_seed(self) {
                Ok(Some(key)) => key,
                Ok(None) => break,
                Err(err) => recover(self.walk, err)?,
            };
            let value = map.next_value_seed(self).or_else(|err| recover(self.walk, err))?;
            entries.push((key, value));
        }
        let first = entries.first().map(|(key, _)| key.location);
        self.collection(first, NodeKind::Mapping(entries))
    }

    /// serde_yaml hands a node with a local tag (`!name value`) over as an enum.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (tag, content): (String, _) = data.variant()?;
        let mut node = content.newtype_variant_seed(self).or_else(|err| recover(self.walk, err))?;
        node.tag = Some(tag);
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    fn string(text: &str) -> NodeKind {
        NodeKind::Scalar(Scalar::String(text.to_string()))
    }

    fn read(text: &str) -> Node {
        read_document(text).unwrap_or_else(|fatal| panic!("{fatal:?}"))
    }

    fn fatal_of(text: &str) -> Fatal {
        read_document(text).expect_err("a fatal error")
    }

    #[test]
    fn a_raw_control_character_is_located_by_line_and_column() {
        let fatal = fatal_of("events:\r\n  - notes: |\n      a\n      b\u{1b}[31m\n");
        assert_eq!(fatal.location, at(4, 8));
        assert_eq!(
            fatal.message,
            "YAML syntax error: control characters are not allowed (U+001B here); write it as an escape in a \
             double-quoted string"
        );
        assert_eq!(fatal_of("title: \"北京\u{7f}\"\nevents: []\n").location, at(1, 11));
    }

    #[test]
    fn every_scalar_carries_the_parsers_position() {
        let node = read("title: T\nevents:\n  - id: a\n    date: 1992\n  - {id: b, tags: [x, 'y']}\n");
        let NodeKind::Mapping(entries) = &node.kind else { panic!("{node:?}") };
        assert_eq!(node.location, at(1, 1));
        assert_eq!((entries[0].0.location, entries[0].1.location), (at(1, 1), at(1, 8)));
        assert_eq!(entries[0].1.kind, string("T"));
        let NodeKind::Sequence(events) = &entries[1].1.kind else { panic!() };
        assert_eq!(entries[1].1.location, at(3, 5));
        let NodeKind::Mapping(first) = &events[0].kind else { panic!() };
        assert_eq!(first[1].1.location, at(4, 11));
        assert_eq!(first[1].1.kind, NodeKind::Scalar(Scalar::Int(1992)));
        let NodeKind::Mapping(second) = &events[1].kind else { panic!() };
        assert_eq!(events[1].location, at(5, 6));
        let NodeKind::Sequence(tags) = &second[1].1.kind else { panic!() };
        assert_eq!(tags.iter().map(|tag| tag.location).collect::<Vec<_>>(), [at(5, 20), at(5, 23)]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let node = read("é: ü\nb: c\n");
        let NodeKind::Mapping(entries) = &node.kind else { panic!() };
        assert_eq!(entries[0].1.location, at(1, 4));
        assert_eq!(entries[1].0.location, at(2, 1));
    }

    #[test]
    fn empty_collections_take_their_keys_position() {
        let node = read("a: 1\nb: []\nc: {}\n");
        let NodeKind::Mapping(entries) = &node.kind else { panic!() };
        assert_eq!(entries[1].1.location, at(2, 1));
        assert_eq!(entries[2].1.location, at(3, 1));
    }

    #[test]
    fn duplicate_keys_are_kept_for_validation() {
        let node = read("a: 1\na: 2\n");
        let NodeKind::Mapping(entries) = &node.kind else { panic!() };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].0.location, at(2, 1));
    }

    #[test]
    fn scalar_types_are_kept() {
        let node = read("[~, true, -12, 1.5, '1992', 0500, 18446744073709551616]");
        let NodeKind::Sequence(items) = node.kind else { panic!() };
        let kinds: Vec<NodeKind> = items.into_iter().map(|item| item.kind).collect();
        assert_eq!(
            kinds,
            [
                NodeKind::Scalar(Scalar::Null),
                NodeKind::Scalar(Scalar::Bool(true)),
                NodeKind::Scalar(Scalar::Int(-12)),
                NodeKind::Scalar(Scalar::Float(1.5)),
                string("1992"),
                string("0500"),
                NodeKind::Scalar(Scalar::Int(18_446_744_073_709_551_616)),
            ]
        );
    }

    #[test]
    fn local_tags_are_reported_on_the_node() {
        let node = read("a: !when 1992\nb: !list [x]\n");
        let NodeKind::Mapping(entries) = &node.kind else { panic!() };
        assert_eq!(entries[0].1.tag.as_deref(), Some("when"));
        assert_eq!(entries[0].1.kind, NodeKind::Scalar(Scalar::Int(1992)));
        assert_eq!(entries[1].1.tag.as_deref(), Some("list"));
        assert_eq!(entries[1].0.location, at(2, 1));
    }

    #[test]
    fn aliases_are_expanded() {
        let node = read("a: &who [Putin]\nb: *who\n");
        let NodeKind::Mapping(entries) = &node.kind else { panic!() };
        assert_eq!(entries[1].1.kind, entries[0].1.kind);
    }

    #[test]
    fn an_empty_document_is_null() {
        assert!(read("").is_null());
        assert!(read("# only a comment\n").is_null());
    }

    #[test]
    fn syntax_errors_are_located() {
        let fatal = fatal_of("title: a\nevents:\n  - id: x\n   bad: [\n");
        assert_eq!(
            fatal,
            Fatal {
                location: at(4, 4),
                message: "YAML syntax error: did not find expected '-' indicator, while parsing a block collection \
                      at line 3 column 3"
                    .into()
            }
        );
        let fatal = fatal_of("events:\n  - id: a\n    title: Talks: the \"second\" round\n");
        assert_eq!(
            fatal.message,
            "YAML syntax error: mapping values are not allowed in this context; a value with \": \" in it must be \
             quoted: title: \"Talks: the \\\"second\\\" round\""
        );
        let fatal = fatal_of("a: b\n c: d\n");
        assert_eq!(
            fatal,
            Fatal {
                location: at(2, 3),
                message: "YAML syntax error: mapping values are not allowed in this context".into()
            }
        );
    }

    #[test]
    fn deep_nesting_is_refused_with_its_position() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let fatal = fatal_of(&text);
        assert_eq!(fatal.location, at(1, MAX_DEPTH + 1), "{fatal:?}");
        assert!(fatal.message.contains("recursion limit exceeded"), "{fatal:?}");
        // Block style: `- - - x` opens one list inside another at each dash.
        let block = format!("{}x\n", "- ".repeat(10_000));
        let fatal = fatal_of(&block);
        assert_eq!(fatal.location, at(1, 2 * MAX_DEPTH + 1), "{fatal:?}");
        assert!(fatal.message.contains("nest too deeply"), "{fatal:?}");
    }

    #[test]
    fn very_deep_nesting_is_refused_where_it_passes_the_limit_at_once() {
        let started = std::time::Instant::now();
        for (text, location) in [
            ("[".repeat(400_000), at(1, MAX_DEPTH + 1)),
            (format!("events:\n  - tags: {}", "{a: ".repeat(200_000)), at(2, 11 + 4 * (MAX_DEPTH - 3))),
            (format!("{}x\n", "- ".repeat(400_000)), at(1, 2 * MAX_DEPTH + 1)),
        ] {
            let fatal = fatal_of(&text);
            assert_eq!(fatal.location, location, "{fatal:?}");
            assert!(fatal.message.starts_with(TOO_DEEP), "{fatal:?}");
        }
        // Read whole, the first of these took minutes: libyaml's time grows with the square of the depth.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn alias_bombs_stop_with_a_located_message() {
        let mut bomb =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (name, previous) in
            ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            bomb.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
        }
        let fatal = fatal_of(&bomb);
        assert!(fatal.message.contains("alias"), "{fatal:?}");
        assert!(fatal.location.line >= 1 && fatal.location.line <= 9, "{fatal:?}");
    }

    #[test]
    fn a_long_string_aliased_many_times_stops_at_the_byte_budget() {
        // 100 KB anchored once and aliased 50,000 times: 400 KB of text, 5 GB expanded.
        let long = "x".repeat(100_000);
        let aliases = "*s,".repeat(50_000);
        let started = std::time::Instant::now();
        let fatal = fatal_of(&format!("a: &s {long}\nb: [{aliases}]\n"));
        assert!(fatal.message.contains("an alias bomb?"), "{fatal:?}");
        // serde_yaml places an alias's values where the anchor defined them.
        assert_eq!(fatal.location, at(1, 4), "{fatal:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn a_few_aliases_of_a_long_string_are_read() {
        let long = "x".repeat(10_000);
        let node = read(&format!("a: &s {long}\nb: [*s, *s]\n"));
        let NodeKind::Mapping(entries) = &node.kind else { panic!() };
        let NodeKind::Sequence(items) = &entries[1].1.kind else { panic!() };
        assert_eq!(items[1].kind, string(&long));
    }

    #[test]
    fn wide_alias_fans_stop_at_the_node_budget() {
        let list: String = (0..2_000).map(|index| format!("x{index},")).collect();
        let aliases: String = (0..2_000).map(|_| "*a,").collect();
        let fatal = fatal_of(&format!("a: &a [{list}]\nb: [{aliases}]\n"));
        assert!(fatal.message.contains("an alias bomb?"), "{fatal:?}");
        assert_eq!(fatal.location.line, 1, "{fatal:?}");
    }

    #[test]
    fn several_documents_are_refused_at_the_second() {
        let fatal = fatal_of("a: 1\n---\nb: 2\n");
        assert_eq!(fatal.location, at(2, 1), "{fatal:?}");
        assert!(fatal.message.contains("more than one YAML document"));
    }

    #[test]
    fn unknown_anchors_are_located() {
        let fatal = fatal_of("a: 1\nb: *nowhere\n");
        assert_eq!(fatal.location.line, 2, "{fatal:?}");
        assert!(fatal.message.starts_with("unknown anchor"), "{fatal:?}");
    }

    #[test]
    fn marker_positions_are_read_back() {
        assert_eq!(marker_location(&format!("events[0].id: {LOCATE} at line 3 column 9")), Some(at(3, 9)));
        assert_eq!(marker_location(LOCATE), None);
        assert_eq!(marker_location("unrelated at line 3 column 9"), None);
    }
}
