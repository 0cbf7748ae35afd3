//! The syntax tree of a pattern, as Go's `regexp/syntax` reads it, with the span of every node.
//!
//! The tree is syntax, not meaning: `(?i)` is a [`NodeKind::Flags`] node where it stands, `\d`
//! is a [`PerlClass`], and a repetition applies to the node Go applies it to (the last character
//! of `ab*`, the `a` of `a(?i)*`). Nodes live in one arena, [`Ast::nodes`], and refer to their
//! children by [`NodeId`], so that no depth of nesting makes dropping or walking a tree recurse.

use std::ops::Index;

use crate::ast::Span;

/// The index of a node in [`Ast::nodes`].
pub type NodeId = usize;

/// A parsed pattern.
///
/// ```
/// use pyroql::regexp::{self, NodeKind, RepeatOp};
/// let ast = regexp::parse("ab*")?;
/// let NodeKind::Concat(items) = &ast.root().kind else { panic!() };
/// let NodeKind::Repeat(star) = &ast[items[1]].kind else { panic!() };
/// assert_eq!(star.op, RepeatOp::ZeroOrMore);
/// assert_eq!(ast[star.sub].span, pyroql::Span::new(1, 2));
/// # Ok::<(), pyroql::regexp::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ast {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: NodeId,
}

impl Ast {
    /// The node the whole pattern is.
    pub fn root(&self) -> &Node {
        &self.nodes[self.root]
    }

    /// The id of [`Ast::root`].
    pub fn root_id(&self) -> NodeId {
        self.root
    }

    /// Every node, children before their parents.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node with this id, if there is one.
    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }
}

impl Index<NodeId> for Ast {
    type Output = Node;

    fn index(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
}

/// One node: what it is and where it stands in the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// The bytes of the pattern it was read from.
    pub span: Span,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// Nothing: an empty pattern, group or alternative.
    Empty,
    /// One character, written as itself or as an escape.
    Literal(Literal),
    /// `.`
    Dot,
    /// `^`, `$`, `\A`, `\z`, `\b`, `\B`.
    Assertion(Assertion),
    /// `\d`, `\D`, `\s`, `\S`, `\w`, `\W`.
    Perl(PerlClass),
    /// `\pL`, `\p{Greek}`, `\PL`, `\p{^Greek}`.
    Unicode(UnicodeClass),
    /// `[…]`.
    Bracket(BracketClass),
    /// `x*`, `x+`, `x?`, `x{n}`, `x{n,}`, `x{n,m}`, each possibly followed by `?`.
    Repeat(Repeat),
    /// `(…)`, `(?P<name>…)`, `(?<name>…)`, `(?flags:…)`.
    Group(Group),
    /// `(?flags)`: the flags change from here to the end of the enclosing group.
    Flags(Flags),
    /// Nodes one after another.
    Concat(Vec<NodeId>),
    /// `a|b|…`: each alternative a node.
    Alternation(Vec<NodeId>),
}

/// A character. Go's escapes can name a code point that is not a Rust `char`: `\x{D800}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Literal {
    /// The code point.
    pub code: u32,
}

impl Literal {
    /// The character, unless the code point is a surrogate.
    pub fn char(self) -> Option<char> {
        char::from_u32(self.code)
    }
}

/// A zero-width assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Assertion {
    /// `^`: the start of the text, or of a line under `(?m)`.
    Caret,
    /// `$`: the end of the text, or of a line under `(?m)`.
    Dollar,
    /// `\A`: the start of the text.
    TextStart,
    /// `\z`: the end of the text.
    TextEnd,
    /// `\b`: an ASCII word boundary.
    WordBoundary,
    /// `\B`: not an ASCII word boundary.
    NotWordBoundary,
}

/// `\d`, `\s` or `\w`, ASCII only as in Go, or their negations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PerlClass {
    /// Which class.
    pub kind: PerlKind,
    /// `\D`, `\S`, `\W`.
    pub negated: bool,
}

/// The Perl classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PerlKind {
    /// `\d`: `[0-9]`.
    Digit,
    /// `\s`: `[\t\n\f\r ]`.
    Space,
    /// `\w`: `[0-9A-Za-z_]`.
    Word,
}

/// `[:name:]` or `[:^name:]` inside brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PosixClass {
    /// Which class.
    pub kind: PosixKind,
    /// `[:^name:]`.
    pub negated: bool,
}

/// The POSIX classes Go knows, all ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum PosixKind {
    Alnum,
    Alpha,
    Ascii,
    Blank,
    Cntrl,
    Digit,
    Graph,
    Lower,
    Print,
    Punct,
    Space,
    Upper,
    Word,
    Xdigit,
}

impl PosixKind {
    /// Every kind with its name, sorted by name.
    pub const ALL: [(&'static str, PosixKind); 14] = [
        ("alnum", PosixKind::Alnum),
        ("alpha", PosixKind::Alpha),
        ("ascii", PosixKind::Ascii),
        ("blank", PosixKind::Blank),
        ("cntrl", PosixKind::Cntrl),
        ("digit", PosixKind::Digit),
        ("graph", PosixKind::Graph),
        ("lower", PosixKind::Lower),
        ("print", PosixKind::Print),
        ("punct", PosixKind::Punct),
        ("space", PosixKind::Space),
        ("upper", PosixKind::Upper),
        ("word", PosixKind::Word),
        ("xdigit", PosixKind::Xdigit),
    ];

    /// The kind named `name` (`alpha`, not `[:alpha:]`).
    pub fn from_name(name: &str) -> Option<PosixKind> {
        PosixKind::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, kind)| kind)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        PosixKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }
}

/// A Unicode category or script, `Any`, or a negation: `\pL`, `\p{Greek}`, `\P{^Han}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnicodeClass {
    /// The name, one of [`unicode_names`](super::unicode_names) or `Any`.
    pub name: &'static str,
    /// Whether the class is negated: by `\P` or by `^`, not by both.
    pub negated: bool,
}

/// `[…]` or `[^…]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BracketClass {
    /// `[^…]`.
    pub negated: bool,
    /// What it holds, in order.
    pub items: Vec<ClassItem>,
}

/// One part of a bracketed class, with its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassItem {
    /// What the part is.
    pub kind: ClassItemKind,
    /// Where it stands.
    pub span: Span,
}

/// The parts a bracketed class is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassItemKind {
    /// A character (`lo == hi`) or a range `lo-hi`.
    Range {
        /// The first code point.
        lo: u32,
        /// The last code point.
        hi: u32,
    },
    /// `\d` and the like.
    Perl(PerlClass),
    /// `[:alpha:]` and the like.
    Posix(PosixClass),
    /// `\pL` and the like.
    Unicode(UnicodeClass),
}

/// A repetition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat {
    /// What is repeated.
    pub sub: NodeId,
    /// How often.
    pub op: RepeatOp,
    /// Followed by `?`, which swaps greediness.
    pub lazy: bool,
}

/// How often a repetition repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepeatOp {
    /// `*`
    ZeroOrMore,
    /// `+`
    OneOrMore,
    /// `?`
    ZeroOrOne,
    /// `{min}`, `{min,}` (`max` is `None`), `{min,max}`.
    Counted {
        /// At least this often.
        min: u32,
        /// At most this often; `None` for no limit.
        max: Option<u32>,
    },
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// What kind of group.
    pub kind: GroupKind,
    /// What it holds.
    pub sub: NodeId,
}

/// The kinds of group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupKind {
    /// `(…)`, the `index`th capturing group (from 1).
    Capture {
        /// Its number.
        index: u32,
    },
    /// `(?P<name>…)` or `(?<name>…)`.
    Named {
        /// Its number among the capturing groups.
        index: u32,
        /// Its name: ASCII letters, digits and `_`.
        name: Box<str>,
    },
    /// `(?:…)` or `(?flags:…)`.
    NonCapturing(Flags),
}

/// The flags a `(?flags)` or `(?flags:…)` turns on and off; for `(?:…)`, none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    /// Flags written before any `-`.
    pub enable: FlagSet,
    /// Flags written after `-`.
    pub disable: FlagSet,
}

/// A set of Go's flags: `i`, `m`, `s`, `U`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FlagSet(u8);

impl FlagSet {
    /// No flag.
    pub const NONE: FlagSet = FlagSet(0);
    /// `i`: letters match either case.
    pub const CASE_INSENSITIVE: FlagSet = FlagSet(1);
    /// `m`: `^` and `$` match at line ends too.
    pub const MULTI_LINE: FlagSet = FlagSet(2);
    /// `s`: `.` matches `\n`.
    pub const DOT_MATCHES_NEWLINE: FlagSet = FlagSet(4);
    /// `U`: repetitions are lazy unless followed by `?`.
    pub const UNGREEDY: FlagSet = FlagSet(8);

    /// The flag written `c`.
    pub fn from_char(c: char) -> Option<FlagSet> {
        match c {
            'i' => Some(FlagSet::CASE_INSENSITIVE),
            'm' => Some(FlagSet::MULTI_LINE),
            's' => Some(FlagSet::DOT_MATCHES_NEWLINE),
            'U' => Some(FlagSet::UNGREEDY),
            _ => None,
        }
    }

    /// Whether every flag of `other` is in the set.
    pub const fn contains(self, other: FlagSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Both sets' flags.
    #[must_use]
    pub const fn union(self, other: FlagSet) -> FlagSet {
        FlagSet(self.0 | other.0)
    }

    /// The set's flags but those of `other`.
    #[must_use]
    pub const fn difference(self, other: FlagSet) -> FlagSet {
        FlagSet(self.0 & !other.0)
    }
}

impl Flags {
    /// `flags` with these changes made.
    #[must_use]
    pub const fn apply(self, flags: FlagSet) -> FlagSet {
        flags.union(self.enable).difference(self.disable)
    }
}
