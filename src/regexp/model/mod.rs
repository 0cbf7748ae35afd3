//! A model of Go's parser (`regexp/syntax`'s `parser`), for the limits Go checks as it builds
//! its tree: the height of the tree (`maxHeight`), the size of the program it would compile to
//! (`maxSize`) and the runes its character classes hold (`maxRunes`).
//!
//! Those limits are counted on Go's tree, which is not the syntax tree: Go concatenates
//! literals, merges classes, factors common prefixes out of alternations, recycles the nodes it
//! frees and remembers (sometimes stale) sizes of nodes by address. So the model keeps Go's
//! nodes in an arena, in Go's order of allocation and reuse, and repeats each of Go's steps on
//! them. It is only run for patterns long enough to reach a limit (see [`super::check`]).

mod factor;
mod limits;
mod print;
mod recompile;
mod sink;
mod stack;
mod tree;

pub(crate) use recompile::{compiled_tree, verdict};
pub(crate) use tree::{go_tree, GoTree};

/// A node's index in the arena: its identity, as its address is in Go.
type Id = usize;

/// Go's `syntax.Op`, pseudo-operators included, in Go's order (the parser compares them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Op {
    /// A node just reset, before its operator is set.
    #[default]
    Unset = 0,
    NoMatch = 1,
    EmptyMatch,
    Literal,
    CharClass,
    AnyCharNotNl,
    AnyChar,
    BeginLine,
    EndLine,
    BeginText,
    EndText,
    WordBoundary,
    NoWordBoundary,
    Capture,
    Star,
    Plus,
    Quest,
    Repeat,
    Concat,
    Alternate,
    LeftParen = 128,
    VerticalBar,
}

impl Op {
    fn is_pseudo(self) -> bool {
        self >= Op::LeftParen
    }
}

/// Go's parse flags.
type Flags = u16;
pub(crate) const FOLD_CASE: Flags = 1;
const CLASS_NL: Flags = 4;
const DOT_NL: Flags = 8;
pub(crate) const ONE_LINE: Flags = 16;
const NON_GREEDY: Flags = 32;
const PERL_X: Flags = 64;
const UNICODE_GROUPS: Flags = 128;
const WAS_DOLLAR: Flags = 256;
/// `syntax.Perl`.
const PERL: Flags = CLASS_NL | ONE_LINE | PERL_X | UNICODE_GROUPS;

/// Go's `maxHeight`, `maxSize` (128 MiB of 40-byte instructions) and `maxRunes` (128 MiB of
/// 4-byte runes).
const MAX_HEIGHT: i64 = 1000;
const MAX_SIZE: i64 = (128 << 20) / 40;
const MAX_RUNES: i64 = (128 << 20) / 4;

/// One of Go's `Regexp` nodes.
#[derive(Debug, Clone, Default)]
struct Node {
    op: Op,
    flags: Flags,
    sub: Vec<Id>,
    /// Literal runes, or class ranges as Go's flat `[lo, hi, lo, hi, …]`.
    runes: Vec<u32>,
    min: i64,
    max: i64,
    cap: u32,
    name: Option<Box<str>>,
}

/// Go's parser state, with its node arena.
#[derive(Debug)]
pub(crate) struct Model {
    nodes: Vec<Node>,
    /// Go's free list: freed nodes, the last freed taken first.
    free: Vec<Id>,
    stack: Vec<Id>,
    flags: Flags,
    num_cap: u32,
    /// Nodes allocated fresh, as Go counts them (`numRegexp`).
    num_regexp: i64,
    num_runes: i64,
    /// The product of the counts seen, until sizes are tracked.
    repeats: i64,
    /// Go's `size` map, once it exists; entries outlive the node's reuse, as in Go.
    size: Option<Vec<Option<i64>>>,
    /// Go's `height` map, once it exists; reusing a node forgets its entry.
    height: Option<Vec<Option<i64>>>,
    /// The ranges of the bracketed class being read.
    class: Vec<(u32, u32)>,
}

impl Model {
    /// A parser for `Parse(s, flags)`.
    fn new(flags: Flags) -> Self {
        Model {
            nodes: Vec::new(),
            free: Vec::new(),
            stack: Vec::new(),
            flags,
            num_cap: 0,
            num_regexp: 0,
            num_runes: 0,
            repeats: 0,
            size: None,
            height: None,
            class: Vec::new(),
        }
    }

    /// Go's `newRegexp`: a freed node if there is one, else a new one.
    fn new_node(&mut self, op: Op) -> Id {
        let id = match self.free.pop() {
            Some(id) => {
                // Reset as Go does, keeping the buffers for the node's next use.
                let node = &mut self.nodes[id];
                node.flags = 0;
                node.sub.clear();
                node.runes.clear();
                node.min = 0;
                node.max = 0;
                node.cap = 0;
                node.name = None;
                id
            }
            None => {
                self.num_regexp += 1;
                self.nodes.push(Node::default());
                self.nodes.len() - 1
            }
        };
        self.nodes[id].op = op;
        id
    }

    /// Go's `reuse`: the node goes to the free list and out of the height map.
    fn reuse(&mut self, id: Id) {
        if let Some(height) = &mut self.height {
            if let Some(entry) = height.get_mut(id) {
                *entry = None;
            }
        }
        self.free.push(id);
    }

    fn node(&self, id: Id) -> &Node {
        &self.nodes[id]
    }

    fn node_mut(&mut self, id: Id) -> &mut Node {
        &mut self.nodes[id]
    }

    fn op(&self, id: Id) -> Op {
        self.nodes[id].op
    }

    /// The ranges of a class node's runes.
    fn ranges(&self, id: Id) -> Vec<(u32, u32)> {
        pairs(&self.nodes[id].runes)
    }

    fn set_ranges(&mut self, id: Id, ranges: &[(u32, u32)]) {
        let runes = &mut self.nodes[id].runes;
        runes.clear();
        runes.reserve(ranges.len() * 2);
        for &(lo, hi) in ranges {
            runes.push(lo);
            runes.push(hi);
        }
    }
}

/// Go's flat class runes as ranges.
fn pairs(runes: &[u32]) -> Vec<(u32, u32)> {
    runes.chunks_exact(2).map(|p| (p[0], p[1])).collect()
}

/// A memo entry of a map kept by node.
fn memo(map: &[Option<i64>], id: Id) -> Option<i64> {
    map.get(id).copied().flatten()
}

fn remember(map: &mut Vec<Option<i64>>, id: Id, value: i64) {
    if map.len() <= id {
        map.resize(id + 1, None);
    }
    map[id] = Some(value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regexp::error::ErrorKind;

    fn kind(pattern: &str) -> Result<(), ErrorKind> {
        verdict(pattern).map_err(|e| e.kind())
    }

    #[test]
    fn trees_over_a_thousand_high_are_refused() {
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(kind(&nested(998)), Ok(()));
        assert_eq!(kind(&nested(1000)), Err(ErrorKind::NestingDepth));
        // 999 levels pass Go's parse, but not once Prometheus wraps them in `^(?s:…)$`.
        let pattern = nested(999);
        let err = verdict(&pattern).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NestingDepth);
        assert!(err.is_recompiled());
        assert_eq!(err.expr(&pattern), format!("^(?s:{pattern})$"));
        assert_eq!(err.span(), crate::ast::Span::new(0, pattern.len()));
    }

    #[test]
    fn sizes_are_counted_as_go_counts_them() {
        // Go checks the size of a count before it finds the count invalid.
        assert_eq!(kind("((){7,1000}){999}"), Err(ErrorKind::Large));
        assert_eq!(kind("(a{100}){20}"), Err(ErrorKind::InvalidRepeatSize));
        // 2,000 instructions a pair, 3,354,000 in all, then one for each `.`: the limit is
        // 3,355,443, and the second compilation adds `^` and `$`.
        let sized = |dots: usize| format!("(?:{}){{1000}}{}", "a.".repeat(1677), ".".repeat(dots));
        assert_eq!(kind(&sized(1441)), Ok(()));
        let err = verdict(&sized(1442)).unwrap_err();
        assert!(err.is_recompiled() && err.kind() == ErrorKind::Large);
        assert_eq!(kind(&sized(1444)), Err(ErrorKind::Large));
        assert!(!verdict(&sized(1444)).unwrap_err().is_recompiled());
    }

    #[test]
    fn runes_are_counted_each_time_go_pushes_them() {
        // `\pL` is 1,292 runes, counted three more times for each group around it.
        let nested = |n: usize| format!("{}\\pL{}", "(?:".repeat(n), ")".repeat(n));
        assert_eq!(kind(&nested(5000)), Ok(()));
        assert_eq!(kind(&nested(9000)), Err(ErrorKind::Large));
    }

    #[test]
    fn printing_follows_go() {
        let printed = |pattern: &str| {
            let mut model = Model::new(PERL | DOT_NL);
            crate::regexp::read::read(pattern, &mut model).unwrap();
            let root = model.stack[0];
            let root = model.contains_rewrite(root);
            let mut text = String::new();
            model.print(root, &mut text).unwrap();
            text
        };
        assert_eq!(printed("abc|abd"), "ab[cd]");
        assert_eq!(printed("(?i)k"), "(?i:K)");
        assert_eq!(printed("a.b"), "(?s:a.b)");
        assert_eq!(printed(".*foo.*|.*bar.*"), "(?s:.*(?:foo|bar).*)");
        assert_eq!(printed("[^a]"), "[^a]");
        assert_eq!(printed(r"\x{263a}\n\{"), r"☺\n\{");
        assert_eq!(printed("(?P<n>x){2,}?"), "(?P<n>x){2,}?");
    }
}
