//! The regex engine for what Prometheus' shortcuts leave to RE2: Go's tree built directly as a
//! `regex-syntax` tree (`Hir`), compiled to a Thompson NFA by `regex-automata` and run as a
//! lazy DFA, anchored at both ends (a PikeVM takes over should the DFA give up).
//!
//! Go's parser has resolved everything the two syntaxes read differently: each class is the
//! list of runes Go put in it (`\d` ASCII, `\p{Greek}` from Go's Unicode 15.0 tables, `(?i)`
//! folded in, `[^…]` holding `\n`), every flag is applied to the node it concerns, and
//! `\Q…\E`, octal escapes and `a{b}` are characters. So the tree is built of explicit ranges
//! and flag-free operators, and nothing is left to `regex-syntax`'s own Unicode tables or case
//! folding (it is built without them):
//!
//! - a case-insensitive literal is the class of each rune's case orbit (`(?i)k` is
//!   `[Kk\x{212A}]`), as Go's compiler matches it;
//! - `.` is every character or every one but `\n`; `^`/`$` under `(?m)` are line anchors, else
//!   text anchors; `\b` and `\B` are ASCII, as in Go;
//! - a surrogate (`\x{D800}`), which no text holds, is a class no character is in.
//!
//! Nothing is parsed twice, and no text is written: building the tree keeps a stack of its
//! own. Trees higher than [`MAX_HEIGHT`] (the NFA compiler recurses on them) and programs over
//! [`SIZE_LIMIT`] are left to pyroql's own engine (`src/prometheus/vm.rs`).

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::pikevm::{Cache as PikeCache, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, Look, Repetition};

use crate::regexp::class::{self, Ranges};
use crate::regexp::{GoOp as Op, GoTree};

/// NFAs larger than this many bytes are left to pyroql's own engine.
pub(crate) const SIZE_LIMIT: usize = 1 << 22;

/// Go trees higher than this are left to pyroql's own engine: `regex-automata`'s NFA compiler
/// recurses on the tree (the `regex` crate refuses patterns nested over 250 deep for that).
pub(crate) const MAX_HEIGHT: usize = 200;

/// Trees whose classes hold more ranges than this, each counted as often as repetitions copy
/// it, are left to pyroql's own engine: `regex-automata` compiles each copy of a class to UTF-8
/// automata (`\pL{100}` is 65,900 ranges, tens of milliseconds to build), while Go, and
/// pyroql's engine, keep a class as one instruction.
pub(crate) const MAX_CLASS_WEIGHT: u64 = 4_000;

/// The lazy DFA's cache, per thread of use.
const DFA_CACHE: usize = 2 << 20;

type CachesFn = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

struct Caches {
    dfa: Option<DfaCache>,
    /// Made the first time the lazy DFA gives up.
    pikevm: Option<PikeCache>,
}

/// A compiled regex: whole values only.
pub(crate) struct Automaton {
    dfa: Option<DFA>,
    nfa: thompson::NFA,
    /// Built the first time the lazy DFA gives up (or when there is none).
    pikevm: OnceLock<Option<PikeVM>>,
    caches: Pool<Caches, CachesFn>,
}

impl std::fmt::Debug for Automaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Automaton")
            .field("lazy_dfa", &self.dfa.is_some())
            .finish_non_exhaustive()
    }
}

impl Clone for Automaton {
    fn clone(&self) -> Self {
        Automaton::from_parts(self.dfa.clone(), self.nfa.clone())
    }
}

impl Automaton {
    /// Builds Go's tree; `None` when it is too high or too large for `regex-automata`.
    pub fn new(tree: &GoTree) -> Option<Automaton> {
        if class_weight(tree) > MAX_CLASS_WEIGHT {
            return None;
        }
        let hir = hir(tree)?;
        let config = thompson::Config::new()
            .which_captures(WhichCaptures::None)
            .nfa_size_limit(Some(SIZE_LIMIT))
            .shrink(false);
        let nfa = thompson::Compiler::new()
            .configure(config)
            .build_from_hir(&hir)
            .ok()?;
        let dfa = DFA::builder()
            .configure(DFA::config().cache_capacity(DFA_CACHE))
            .build_from_nfa(nfa.clone())
            .ok();
        Some(Automaton::from_parts(dfa, nfa))
    }

    fn from_parts(dfa: Option<DFA>, nfa: thompson::NFA) -> Automaton {
        let for_dfa = dfa.clone();
        let create: CachesFn = Box::new(move || Caches {
            dfa: for_dfa.as_ref().map(DFA::create_cache),
            pikevm: None,
        });
        Automaton {
            dfa,
            nfa,
            pikevm: OnceLock::new(),
            caches: Pool::new(create),
        }
    }

    /// Whether the whole of `value` matches (the tree ends in `\z`; the search is anchored).
    pub fn is_match(&self, value: &str) -> bool {
        let mut caches = self.caches.get();
        let input = Input::new(value).anchored(Anchored::Yes).earliest(true);
        if let (Some(dfa), Some(cache)) = (&self.dfa, caches.dfa.as_mut()) {
            if let Ok(found) = dfa.try_search_fwd(cache, &input) {
                return found.is_some();
            }
        }
        let pikevm = self
            .pikevm
            .get_or_init(|| PikeVM::new_from_nfa(self.nfa.clone()).ok());
        let Some(pikevm) = pikevm else {
            return false;
        };
        let cache = caches.pikevm.get_or_insert_with(|| pikevm.create_cache());
        pikevm.is_match(cache, input)
    }
}

/// The ranges of the tree's classes and folded literals, each counted as often as the
/// repetitions around it copy it (saturating).
fn class_weight(tree: &GoTree) -> u64 {
    let mut total: u64 = 0;
    let mut pending = vec![(tree.root, 1u64)];
    while let Some((id, copies)) = pending.pop() {
        let node = &tree[id];
        let ranges = match node.op {
            Op::CharClass => (node.runes.len() / 2) as u64,
            Op::Literal if node.folds() => 3 * node.runes.len() as u64,
            _ => 0,
        };
        total = total.saturating_add(ranges.saturating_mul(copies));
        let times = match node.op {
            Op::Repeat if node.max >= 0 => u64::try_from(node.max).unwrap_or(1),
            Op::Repeat => u64::try_from(node.min).unwrap_or(0) + 1,
            _ => 1,
        };
        let copies = copies.saturating_mul(times.max(1));
        for &sub in &node.sub {
            pending.push((sub, copies));
        }
    }
    total
}

/// A class of Go's runes, without the surrogates Rust has no characters for.
fn class(mut ranges: Ranges) -> Hir {
    class::clean(&mut ranges);
    let mut out = Vec::with_capacity(ranges.len() + 1);
    for (lo, hi) in ranges {
        for (lo, hi) in [(lo, hi.min(0xD7FF)), (lo.max(0xE000), hi)] {
            if let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi)) {
                if lo <= hi {
                    out.push(ClassUnicodeRange::new(lo, hi));
                }
            }
        }
    }
    if out.is_empty() {
        return Hir::fail();
    }
    Hir::class(Class::Unicode(ClassUnicode::new(out)))
}

/// One rune, or under `(?i)` the class of its case orbit.
fn rune(r: u32, folds: bool) -> Hir {
    if folds {
        let mut ranges: Ranges = Vec::new();
        class::append_folded_range(&mut ranges, r, r);
        if ranges != [(r, r)] {
            return class(ranges);
        }
    }
    match char::from_u32(r) {
        Some(c) => Hir::literal(c.encode_utf8(&mut [0; 4]).as_bytes()),
        None => Hir::fail(),
    }
}

/// A literal's runes: one literal of their UTF-8 when none folds to others.
fn literal(runes: &[u32], folds: bool) -> Hir {
    let plain: Option<String> = runes
        .iter()
        .map(|&r| {
            let c = char::from_u32(r)?;
            (!folds || !crate::regexp::unicode::folds(r)).then_some(c)
        })
        .collect();
    match plain {
        Some(text) => Hir::literal(text.into_bytes()),
        None => Hir::concat(runes.iter().map(|&r| rune(r, folds)).collect()),
    }
}

/// The `Hir` of Go's tree followed by `\z` (searches are anchored at the start); `None` past
/// [`MAX_HEIGHT`].
pub(crate) fn hir(tree: &GoTree) -> Option<Hir> {
    // Post-order: a node is built once its children are, from the stack of built trees.
    let mut built: Vec<Hir> = Vec::new();
    let mut pending = vec![(tree.root, false, 1usize)];
    while let Some((id, ready, height)) = pending.pop() {
        if height > MAX_HEIGHT {
            return None;
        }
        let node = &tree[id];
        if !ready && !node.sub.is_empty() {
            pending.push((id, true, height));
            for &sub in node.sub.iter().rev() {
                pending.push((sub, false, height + 1));
            }
            continue;
        }
        let mut subs = built.split_off(built.len() - node.sub.len());
        let root = id == tree.root;
        if root && node.op == Op::Concat {
            subs.push(Hir::look(Look::End));
        }
        let repeat = |min: u32, max: Option<u32>, subs: Vec<Hir>| {
            let sub = subs.into_iter().next().unwrap_or_else(Hir::empty);
            Hir::repetition(Repetition {
                min,
                max,
                greedy: true,
                sub: Box::new(sub),
            })
        };
        let hir = match node.op {
            Op::EmptyMatch | Op::Unset => Hir::empty(),
            Op::NoMatch | Op::LeftParen | Op::VerticalBar => Hir::fail(),
            Op::Literal => literal(&node.runes, node.folds()),
            Op::CharClass => class(node.runes.chunks_exact(2).map(|p| (p[0], p[1])).collect()),
            Op::AnyCharNotNl => class(vec![(0, 0x09), (0x0B, 0x10_FFFF)]),
            Op::AnyChar => class(vec![(0, 0x10_FFFF)]),
            Op::BeginLine => Hir::look(Look::StartLF),
            Op::EndLine => Hir::look(Look::EndLF),
            Op::BeginText => Hir::look(Look::Start),
            Op::EndText => Hir::look(Look::End),
            Op::WordBoundary => Hir::look(Look::WordAscii),
            Op::NoWordBoundary => Hir::look(Look::WordAsciiNegate),
            Op::Capture => subs.into_iter().next().unwrap_or_else(Hir::empty),
            // Greediness cannot change whether a whole value matches.
            Op::Star => repeat(0, None, subs),
            Op::Plus => repeat(1, None, subs),
            Op::Quest => repeat(0, Some(1), subs),
            Op::Repeat => {
                let min = u32::try_from(node.min).unwrap_or(0);
                repeat(min, u32::try_from(node.max).ok(), subs)
            }
            Op::Concat => Hir::concat(subs),
            Op::Alternate => Hir::alternation(subs),
        };
        built.push(hir);
    }
    let root = built.pop()?;
    if tree[tree.root].op == Op::Concat {
        return Some(root);
    }
    Some(Hir::concat(vec![root, Hir::look(Look::End)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn automaton(pattern: &str) -> Option<Automaton> {
        Automaton::new(&crate::regexp::go_tree(pattern).expect("valid"))
    }

    #[test]
    fn whole_values_match() {
        let a = automaton("[a-z-]+-[0-9a-f]{9,10}-[a-z0-9]{5}").expect("builds");
        assert!(a.is_match("checkout-5d8c7f9b6d-x2x7q"));
        assert!(!a.is_match("checkout-5d8c7f9b6d-x2x7q-"));
        assert!(!a.is_match("xcheckout"));
        let k = automaton("(?i)k|\\x{D800}|(?m)^a$").expect("builds");
        assert!(k.is_match("\u{212A}") && k.is_match("a") && !k.is_match("\u{FFFD}"));
        let empty = automaton("(?:^)*a?").expect("builds");
        assert!(empty.is_match("") && empty.is_match("a"));
    }

    #[test]
    fn deep_or_huge_trees_are_left_to_pyroql() {
        let deep = format!("{}a{}", "(".repeat(300), ")".repeat(300));
        assert!(automaton(&deep).is_none());
        assert!(automaton("\\pL{1000}").is_none());
        assert!(automaton("\\pL{100}").is_none());
        // `\pL` is 659 ranges.
        assert!(automaton("\\pL{7}").is_none());
        assert!(automaton("\\pL{6}").is_some());
        assert!(automaton("\\p{Greek}{10}").is_some());
    }
}
