//! A YAML document as a tree of nodes that know where they are in the source text, so that
//! validation can point at the exact line and column of every problem.

/// A place in the source text: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub const START: Location = Location { line: 1, column: 1 };
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    String(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// A scalar's own position; a collection's first entry (or, when empty, its key's).
    pub location: Location,
    /// A local tag (`!name`), which a timeline never uses.
    pub tag: Option<String>,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    /// Entries in document order; duplicate keys are kept so that validation can report them.
    Mapping(Vec<(Node, Node)>),
}

impl Node {
    /// What the node is, for messages: "a string", "a list", ...
    pub fn describe(&self) -> String {
        match &self.kind {
            NodeKind::Scalar(Scalar::Null) => "nothing".to_string(),
            NodeKind::Scalar(Scalar::Bool(value)) => format!("the boolean {value}"),
            NodeKind::Scalar(Scalar::Int(value)) => format!("the number {value}"),
            NodeKind::Scalar(Scalar::Float(value)) => format!("the number {value}"),
            NodeKind::Scalar(Scalar::String(_)) => "a string".to_string(),
            NodeKind::Sequence(_) => "a list".to_string(),
            NodeKind::Mapping(_) => "a mapping".to_string(),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Scalar(Scalar::Null))
    }
}
