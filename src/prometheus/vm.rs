//! pyroql's own regex engine, for the patterns Go accepts that the `regex` crate cannot build
//! (it refuses trees nested more than 250 deep and programs over its size limit, such as
//! `\pL{100}`, whose classes it compiles to UTF-8 automata), and the reference the `matching`
//! fuzz target holds the `regex` crate to.
//!
//! It compiles Go's tree as Go's own compiler does, one instruction per class (a list of rune
//! ranges, searched), and runs it as a Thompson NFA over the value's characters: every thread
//! advances in step, a set keeping one of each instruction, so time is the value's length times
//! the program's size and nothing backtracks. Whole values only, as Prometheus anchors them.

use crate::names;
use crate::regexp::class::{self, Ranges};
use crate::regexp::{GoOp as Op, GoTree};

/// A zero-width assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    BeginLine,
    EndLine,
    BeginText,
    EndText,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inst {
    /// One character in class `class`.
    Class {
        class: u32,
        next: u32,
    },
    /// Any character; `nl`: `\n` too.
    Any {
        nl: bool,
        next: u32,
    },
    Split(u32, u32),
    Look {
        look: Look,
        next: u32,
    },
    Match,
    Fail,
}

/// A compiled program.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    insts: Vec<Inst>,
    classes: Vec<Ranges>,
    start: u32,
}

/// Go's limit on a program (`maxSize` counts far more pessimistically than this compiler, so
/// it is never reached by a pattern Go accepts); a guard against memory, not a rule.
const MAX_INSTS: usize = 1 << 26;

struct Compiler<'t> {
    tree: &'t GoTree,
    insts: Vec<Inst>,
    classes: Vec<Ranges>,
    /// The class of each class node and folded literal rune, made once however often a
    /// repetition copies the node.
    class_of: std::collections::HashMap<(usize, u32), u32>,
}

impl Compiler<'_> {
    fn emit(&mut self, inst: Inst) -> Option<u32> {
        if self.insts.len() >= MAX_INSTS {
            return None;
        }
        self.insts.push(inst);
        u32::try_from(self.insts.len() - 1).ok()
    }

    fn class(&mut self, key: (usize, u32), make: impl FnOnce() -> Ranges) -> u32 {
        if let Some(&class) = self.class_of.get(&key) {
            return class;
        }
        let class = self.classes.len() as u32;
        self.classes.push(make());
        self.class_of.insert(key, class);
        class
    }

    /// The code for node `id` followed by `next`; its first instruction. The tree is at most
    /// 1,000 high (Go's limit), which bounds the recursion.
    fn compile(&mut self, id: usize, next: u32) -> Option<u32> {
        let node = &self.tree[id];
        let sub = node.sub.first().copied();
        match node.op {
            Op::EmptyMatch | Op::Unset => Some(next),
            Op::NoMatch | Op::LeftParen | Op::VerticalBar => self.emit(Inst::Fail),
            Op::Literal => {
                let (runes, folds) = (node.runes.clone(), node.folds());
                let mut next = next;
                for &r in runes.iter().rev() {
                    let class = self.class((id, r), || {
                        let mut ranges = Vec::new();
                        if folds {
                            class::append_folded_range(&mut ranges, r, r);
                        } else {
                            ranges.push((r, r));
                        }
                        class::clean(&mut ranges);
                        ranges
                    });
                    next = self.emit(Inst::Class { class, next })?;
                }
                Some(next)
            }
            Op::CharClass => {
                let runes = node.runes.clone();
                let class = self.class((id, u32::MAX), || {
                    let mut ranges: Ranges = runes.chunks_exact(2).map(|p| (p[0], p[1])).collect();
                    class::clean(&mut ranges);
                    ranges
                });
                self.emit(Inst::Class { class, next })
            }
            Op::AnyCharNotNl => self.emit(Inst::Any { nl: false, next }),
            Op::AnyChar => self.emit(Inst::Any { nl: true, next }),
            Op::BeginLine => self.look(Look::BeginLine, next),
            Op::EndLine => self.look(Look::EndLine, next),
            Op::BeginText => self.look(Look::BeginText, next),
            Op::EndText => self.look(Look::EndText, next),
            Op::WordBoundary => self.look(Look::WordBoundary, next),
            Op::NoWordBoundary => self.look(Look::NotWordBoundary, next),
            Op::Capture => self.compile(sub?, next),
            Op::Star => self.star(sub?, next),
            Op::Plus => {
                let split = self.emit(Inst::Fail)?;
                let body = self.compile(sub?, split)?;
                self.insts[split as usize] = Inst::Split(body, next);
                Some(body)
            }
            Op::Quest => {
                let body = self.compile(sub?, next)?;
                self.emit(Inst::Split(body, next))
            }
            Op::Repeat => {
                let (min, max, sub) = (node.min, node.max, sub?);
                let mut cont = next;
                if max < 0 {
                    cont = self.star(sub, next)?;
                } else {
                    for _ in min..max {
                        let body = self.compile(sub, cont)?;
                        cont = self.emit(Inst::Split(body, next))?;
                    }
                }
                for _ in 0..min {
                    cont = self.compile(sub, cont)?;
                }
                Some(cont)
            }
            Op::Concat => {
                let subs = node.sub.clone();
                let mut next = next;
                for &s in subs.iter().rev() {
                    next = self.compile(s, next)?;
                }
                Some(next)
            }
            Op::Alternate => {
                let subs = node.sub.clone();
                let mut starts = Vec::with_capacity(subs.len());
                for &s in &subs {
                    starts.push(self.compile(s, next)?);
                }
                let mut chain = *starts.last()?;
                for &start in starts.iter().rev().skip(1) {
                    chain = self.emit(Inst::Split(start, chain))?;
                }
                Some(chain)
            }
        }
    }

    fn star(&mut self, sub: usize, next: u32) -> Option<u32> {
        let split = self.emit(Inst::Fail)?;
        let body = self.compile(sub, split)?;
        self.insts[split as usize] = Inst::Split(body, next);
        Some(split)
    }

    fn look(&mut self, look: Look, next: u32) -> Option<u32> {
        self.emit(Inst::Look { look, next })
    }
}

impl Program {
    /// Compiles Go's tree; `None` only past [`MAX_INSTS`].
    pub fn new(tree: &GoTree) -> Option<Program> {
        let mut compiler = Compiler {
            tree,
            insts: Vec::new(),
            classes: Vec::new(),
            class_of: std::collections::HashMap::new(),
        };
        let matched = compiler.emit(Inst::Match)?;
        let start = compiler.compile(tree.root, matched)?;
        Some(Program {
            insts: compiler.insts,
            classes: compiler.classes,
            start,
        })
    }

    /// Whether the whole of `value` matches.
    pub fn is_match(&self, value: &str) -> bool {
        let n = self.insts.len();
        let mut current = Threads::new(n);
        let mut next = Threads::new(n);
        let mut stack = Vec::new();
        let mut chars = value.char_indices();
        self.add(
            &mut current,
            &mut stack,
            self.start,
            Context::new(value, 0, None),
        );
        loop {
            let Some((at, c)) = chars.next() else {
                return current
                    .dense
                    .iter()
                    .any(|&pc| self.insts[pc as usize] == Inst::Match);
            };
            if current.dense.is_empty() {
                return false;
            }
            let after = at + c.len_utf8();
            let context = Context::new(value, after, Some(c));
            next.clear();
            for i in 0..current.dense.len() {
                let pc = current.dense[i];
                let to = match self.insts[pc as usize] {
                    Inst::Class { class, next } => {
                        class::contains(&self.classes[class as usize], u32::from(c)).then_some(next)
                    }
                    Inst::Any { nl, next } => (nl || c != '\n').then_some(next),
                    _ => None,
                };
                if let Some(to) = to {
                    self.add(&mut next, &mut stack, to, context);
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
    }

    /// Adds `pc` and everything reachable from it without reading a character.
    fn add(&self, threads: &mut Threads, stack: &mut Vec<u32>, pc: u32, context: Context) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if !threads.insert(pc) {
                continue;
            }
            match self.insts[pc as usize] {
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Look { look, next } if context.holds(look) => stack.push(next),
                _ => {}
            }
        }
    }
}

/// Where a position stands: the characters on either side.
#[derive(Debug, Clone, Copy)]
struct Context {
    before: Option<char>,
    after: Option<char>,
}

impl Context {
    fn new(value: &str, at: usize, before: Option<char>) -> Context {
        let after = value.get(at..).and_then(|rest| rest.chars().next());
        Context { before, after }
    }

    fn holds(self, look: Look) -> bool {
        let word =
            |c: Option<char>| c.is_some_and(|c| u8::try_from(c).is_ok_and(names::is_label_char));
        match look {
            Look::BeginText => self.before.is_none(),
            Look::EndText => self.after.is_none(),
            Look::BeginLine => self.before.is_none_or(|c| c == '\n'),
            Look::EndLine => self.after.is_none_or(|c| c == '\n'),
            Look::WordBoundary => word(self.before) != word(self.after),
            Look::NotWordBoundary => word(self.before) == word(self.after),
        }
    }
}

/// A set of instructions, in the order they were added.
struct Threads {
    dense: Vec<u32>,
    sparse: Vec<u32>,
}

impl Threads {
    fn new(n: usize) -> Threads {
        Threads {
            dense: Vec::with_capacity(n.min(1024)),
            sparse: vec![0; n],
        }
    }

    fn insert(&mut self, pc: u32) -> bool {
        let slot = self.sparse[pc as usize] as usize;
        if self.dense.get(slot) == Some(&pc) {
            return false;
        }
        self.sparse[pc as usize] = self.dense.len() as u32;
        self.dense.push(pc);
        true
    }

    fn clear(&mut self) {
        self.dense.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        let tree = crate::regexp::go_tree(pattern).expect("valid");
        Program::new(&tree).expect("compiles").is_match(value)
    }

    #[test]
    fn programs_match_whole_values() {
        let cases = [
            ("abc", "abc", true),
            ("abc", "abcd", false),
            ("a*", "", true),
            ("a+", "", false),
            ("(a|bc)+d", "abcad", true),
            ("a{2,3}", "aaaa", false),
            ("a{2,3}", "aaa", true),
            ("a{2,}", "aaaaa", true),
            ("(?i)k", "\u{212A}", true),
            ("[^a]", "\n", true),
            ("(?-s).", "\n", false),
            (".", "\n", true),
            ("(?m)a$\\n^b", "a\nb", true),
            ("\\bfoo\\b", "foo", true),
            ("a\\bb", "ab", false),
            ("(?:^)*a", "a", true),
            ("\\x{D800}", "\u{FFFD}", false),
            ("\\pL{3}", "aéb", true),
            ("(a*)*", "aaa", true),
            ("x\\Bé", "xé", false),
            ("é\\Bé", "éé", true),
        ];
        for (pattern, value, want) in cases {
            assert_eq!(matches(pattern, value), want, "{pattern} against {value:?}");
        }
    }

    #[test]
    fn deep_and_large_patterns_run() {
        let deep = format!("{}a{}", "(".repeat(900), ")".repeat(900));
        assert!(matches(&deep, "a"));
        assert!(matches("\\pL{100}", &"é".repeat(100)));
        assert!(!matches("\\pL{100}", &"é".repeat(99)));
    }
}
