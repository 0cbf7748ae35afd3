//! Go's `factor`: common prefixes come out of runs of alternatives (`abc|abd` is `ab(?:c|d)`),
//! and runs of one-rune alternatives become classes. Each rewritten alternative is checked
//! against the limits, as in Go.

use super::{Flags, Id, Model, Op, FOLD_CASE, NON_GREEDY, WAS_DOLLAR};
use crate::regexp::error::Limit;

/// One alternation being factored, with where its first two rounds have got to.
#[derive(Debug)]
struct Factoring {
    /// The alternatives the current round reads.
    sub: Vec<Id>,
    /// What the current round has made of them so far.
    out: Vec<Id>,
    /// Round 1 (common literal prefixes) or 2 (common leading classes).
    round: u8,
    i: usize,
    start: usize,
    /// Round 1: the literal prefix of `sub[start..i]`, and its case sensitivity.
    prefix: Vec<u32>,
    prefix_flags: Flags,
    /// Round 2: the node `sub[start..i]` start with.
    first: Option<Id>,
    /// The run `sub[start..i]` whose suffixes are being factored.
    waiting: Option<Waiting>,
}

/// A run waiting for the alternation of its suffixes.
#[derive(Debug)]
struct Waiting {
    /// Its common prefix: a literal or a node.
    prefix: Id,
    /// The node Go's `collapse` made for the suffixes.
    alternation: Id,
    /// What the run's end read of `sub[i]`, for the next run.
    next_string: (Vec<u32>, Flags),
    next_first: Option<Id>,
}

/// What a factoring step leads to.
enum Step {
    /// The suffixes of a run, to factor first.
    Factor(Vec<Id>),
    /// The factored alternatives.
    Done(Vec<Id>),
}

impl Factoring {
    fn new(sub: Vec<Id>) -> Self {
        Factoring {
            out: Vec::with_capacity(sub.len()),
            sub,
            round: 1,
            i: 0,
            start: 0,
            prefix: Vec::new(),
            prefix_flags: 0,
            first: None,
            waiting: None,
        }
    }

    /// Ends the run `sub[start..i]`: a run of one alternative goes out as it is; `true` for a
    /// run of two or more, whose common prefix comes out.
    fn ends_run(&mut self, i: usize) -> bool {
        let start = self.start;
        if i == start + 1 {
            self.out.push(self.sub[start]);
        }
        i > start + 1
    }
}

impl Model {
    /// Factors the alternatives `sub` in Go's four rounds. Go's `factor` and `collapse` call
    /// each other as deep as prefixes nest (`a|aa|aaa|…` nests as many levels as it has
    /// alternatives); here the alternations being factored wait on a stack of their own.
    pub(super) fn factor(&mut self, sub: Vec<Id>) -> Result<Vec<Id>, Limit> {
        if sub.len() < 2 {
            return Ok(sub);
        }
        let mut stack = vec![Factoring::new(sub)];
        let mut factored: Option<Vec<Id>> = None;
        loop {
            let Some(frame) = stack.last_mut() else {
                return Ok(factored.unwrap_or_default());
            };
            if let Some(suffixes) = factored.take() {
                self.resume(frame, suffixes);
            }
            match self.advance(frame)? {
                Step::Done(result) => {
                    stack.pop();
                    if stack.is_empty() {
                        return Ok(result);
                    }
                    factored = Some(result);
                }
                Step::Factor(list) if list.len() < 2 => factored = Some(list),
                Step::Factor(list) => stack.push(Factoring::new(list)),
            }
        }
    }

    /// The end of Go's `collapse` for a run's suffixes, then of the run: `prefix(suffixes)`.
    fn resume(&mut self, frame: &mut Factoring, suffixes: Vec<Id>) {
        let Some(waiting) = frame.waiting.take() else {
            return;
        };
        let suffix = if let [only] = suffixes[..] {
            self.reuse(waiting.alternation);
            only
        } else {
            self.node_mut(waiting.alternation).sub = suffixes;
            waiting.alternation
        };
        let concat = self.new_node(Op::Concat);
        self.node_mut(concat).sub = vec![waiting.prefix, suffix];
        frame.out.push(concat);
        frame.start = frame.i;
        (frame.prefix, frame.prefix_flags) = waiting.next_string;
        frame.first = waiting.next_first;
        frame.i += 1;
    }

    /// The start of Go's `collapse` of the run `subs` into an alternation: a node, the nested
    /// alternations hoisted.
    fn start_collapse(&mut self, subs: &[Id]) -> (Id, Vec<Id>) {
        let alternation = self.new_node(Op::Alternate);
        let mut list = Vec::with_capacity(subs.len());
        for &sub in subs {
            if self.op(sub) == Op::Alternate {
                list.extend_from_slice(&self.node(sub).sub);
                self.reuse(sub);
            } else {
                list.push(sub);
            }
        }
        (alternation, list)
    }

    /// Runs rounds 1 and 2 on until a run needs its suffixes factored, then rounds 3 and 4.
    fn advance(&mut self, frame: &mut Factoring) -> Result<Step, Limit> {
        while frame.round == 1 {
            if let Some(list) = self.factor_strings(frame)? {
                return Ok(Step::Factor(list));
            }
        }
        if frame.round == 2 {
            if let Some(list) = self.factor_leading_classes(frame)? {
                return Ok(Step::Factor(list));
            }
        }
        let sub = self.merge_classes(std::mem::take(&mut frame.sub));
        Ok(Step::Done(self.merge_empties(sub)))
    }

    /// Round 1: runs of alternatives that start with the same literal text. `Some` with a
    /// run's suffixes to factor first; `None` at the round's end.
    fn factor_strings(&mut self, frame: &mut Factoring) -> Result<Option<Vec<Id>>, Limit> {
        while frame.i <= frame.sub.len() {
            let i = frame.i;
            let mut next = (Vec::new(), 0);
            if i < frame.sub.len() {
                next = self.leading_string(frame.sub[i]);
                if next.1 == frame.prefix_flags {
                    let same = frame
                        .prefix
                        .iter()
                        .zip(&next.0)
                        .take_while(|(a, b)| a == b)
                        .count();
                    if same > 0 {
                        frame.prefix.truncate(same);
                        frame.i += 1;
                        continue;
                    }
                }
            }
            if frame.ends_run(i) {
                let start = frame.start;
                let literal = self.new_node(Op::Literal);
                let node = self.node_mut(literal);
                node.flags = frame.prefix_flags;
                node.runes = frame.prefix.clone();
                for j in start..i {
                    frame.sub[j] = self.remove_leading_string(frame.sub[j], frame.prefix.len());
                    self.check_limits(frame.sub[j])?;
                }
                let (alternation, list) = self.start_collapse(&frame.sub[start..i]);
                frame.waiting = Some(Waiting {
                    prefix: literal,
                    alternation,
                    next_string: next,
                    next_first: None,
                });
                return Ok(Some(list));
            }
            frame.start = i;
            (frame.prefix, frame.prefix_flags) = next;
            frame.i += 1;
        }
        frame.sub = std::mem::take(&mut frame.out);
        frame.out = Vec::with_capacity(frame.sub.len());
        frame.round = 2;
        frame.i = 0;
        frame.start = 0;
        frame.first = None;
        Ok(None)
    }

    /// Round 2: runs of alternatives that start with the same class, or the same fixed
    /// repetition of a class.
    fn factor_leading_classes(&mut self, frame: &mut Factoring) -> Result<Option<Vec<Id>>, Limit> {
        while frame.i <= frame.sub.len() {
            let i = frame.i;
            let mut next = None;
            if i < frame.sub.len() {
                next = self.leading_regexp(frame.sub[i]);
                if let (Some(f), Some(n)) = (frame.first, next) {
                    if self.equal(f, n) && self.factorable(f) {
                        frame.i += 1;
                        continue;
                    }
                }
            }
            if frame.ends_run(i) {
                let start = frame.start;
                // A run of two or more always has its common first node.
                let Some(prefix) = frame.first else {
                    break;
                };
                for j in start..i {
                    frame.sub[j] = self.remove_leading_regexp(frame.sub[j], j != start);
                    self.check_limits(frame.sub[j])?;
                }
                let (alternation, list) = self.start_collapse(&frame.sub[start..i]);
                frame.waiting = Some(Waiting {
                    prefix,
                    alternation,
                    next_string: (Vec::new(), 0),
                    next_first: next,
                });
                return Ok(Some(list));
            }
            frame.start = i;
            frame.first = next;
            frame.i += 1;
        }
        frame.sub = std::mem::take(&mut frame.out);
        frame.round = 3;
        Ok(None)
    }

    /// Whether a common first node may come out: a class, or a class repeated a fixed number
    /// of times.
    fn factorable(&self, re: Id) -> bool {
        let node = self.node(re);
        self.is_char_class(re)
            || (node.op == Op::Repeat && node.min == node.max && self.is_char_class(node.sub[0]))
    }

    /// Round 3: runs of one-rune literals and classes become one class.
    fn merge_classes(&mut self, mut sub: Vec<Id>) -> Vec<Id> {
        let mut out = Vec::with_capacity(sub.len());
        let mut start = 0;
        for i in 0..=sub.len() {
            if i < sub.len() && self.is_char_class(sub[i]) {
                continue;
            }
            if i == start + 1 {
                out.push(sub[start]);
            } else if i > start + 1 {
                // Merge into the most complex of the run.
                let mut most = start;
                for j in start + 1..i {
                    let (a, b) = (self.node(sub[most]), self.node(sub[j]));
                    if a.op < b.op || (a.op == b.op && a.runes.len() < b.runes.len()) {
                        most = j;
                    }
                }
                sub.swap(start, most);
                for j in start + 1..i {
                    self.merge_char_class(sub[start], sub[j]);
                    self.reuse(sub[j]);
                }
                self.clean_alt(sub[start]);
                out.push(sub[start]);
            }
            if i < sub.len() {
                out.push(sub[i]);
            }
            start = i + 1;
        }
        out
    }

    /// Round 4: runs of empty alternatives become one.
    fn merge_empties(&self, sub: Vec<Id>) -> Vec<Id> {
        let mut out = Vec::with_capacity(sub.len());
        for (i, &id) in sub.iter().enumerate() {
            let empty = |id: Id| self.op(id) == Op::EmptyMatch;
            if i + 1 < sub.len() && empty(id) && empty(sub[i + 1]) {
                continue;
            }
            out.push(id);
        }
        out
    }

    /// Go's `leadingString`: the literal text `re` starts with, and its case sensitivity.
    fn leading_string(&self, re: Id) -> (Vec<u32>, Flags) {
        let mut node = self.node(re);
        if node.op == Op::Concat && !node.sub.is_empty() {
            node = self.node(node.sub[0]);
        }
        if node.op != Op::Literal {
            return (Vec::new(), 0);
        }
        (node.runes.clone(), node.flags & FOLD_CASE)
    }

    /// Go's `removeLeadingString`: `re` without its first `n` runes.
    fn remove_leading_string(&mut self, re: Id, n: usize) -> Id {
        let node = self.node(re);
        if node.op == Op::Concat && !node.sub.is_empty() {
            let first = self.remove_leading_string(node.sub[0], n);
            self.node_mut(re).sub[0] = first;
            if self.op(first) == Op::EmptyMatch {
                self.reuse(first);
                let subs = self.node(re).sub.len();
                match subs {
                    0 | 1 => {
                        let node = self.node_mut(re);
                        node.op = Op::EmptyMatch;
                        node.sub.clear();
                    }
                    2 => {
                        let second = self.node(re).sub[1];
                        self.reuse(re);
                        return second;
                    }
                    _ => {
                        self.node_mut(re).sub.remove(0);
                    }
                }
            }
            return re;
        }
        if node.op == Op::Literal {
            let node = self.node_mut(re);
            node.runes.drain(..n.min(node.runes.len()));
            if node.runes.is_empty() {
                node.op = Op::EmptyMatch;
            }
        }
        re
    }

    /// Go's `leadingRegexp`: the node `re` starts with.
    fn leading_regexp(&self, re: Id) -> Option<Id> {
        let node = self.node(re);
        match node.op {
            Op::EmptyMatch => None,
            Op::Concat if !node.sub.is_empty() => {
                let first = node.sub[0];
                (self.op(first) != Op::EmptyMatch).then_some(first)
            }
            _ => Some(re),
        }
    }

    /// Go's `removeLeadingRegexp`: `re` without its first node, which is freed when `reuse`.
    fn remove_leading_regexp(&mut self, re: Id, reuse: bool) -> Id {
        let node = self.node(re);
        if node.op == Op::Concat && !node.sub.is_empty() {
            if reuse {
                self.reuse(node.sub[0]);
            }
            let node = self.node_mut(re);
            node.sub.remove(0);
            match node.sub.len() {
                0 => {
                    node.op = Op::EmptyMatch;
                    node.sub.clear();
                }
                1 => {
                    let only = node.sub[0];
                    self.reuse(re);
                    return only;
                }
                _ => {}
            }
            return re;
        }
        if reuse {
            self.reuse(re);
        }
        self.new_node(Op::EmptyMatch)
    }

    /// Go's `Regexp.Equal`, comparing pairs from a stack of its own.
    pub(super) fn equal(&self, x: Id, y: Id) -> bool {
        let mut pairs = vec![(x, y)];
        while let Some((x, y)) = pairs.pop() {
            let (a, b) = (self.node(x), self.node(y));
            if a.op != b.op {
                return false;
            }
            let greedy_same = a.flags & NON_GREEDY == b.flags & NON_GREEDY;
            let same = match a.op {
                Op::EndText => a.flags & WAS_DOLLAR == b.flags & WAS_DOLLAR,
                Op::Literal | Op::CharClass => a.runes == b.runes,
                Op::Alternate | Op::Concat => a.sub.len() == b.sub.len(),
                Op::Star | Op::Plus | Op::Quest => greedy_same,
                Op::Repeat => greedy_same && a.min == b.min && a.max == b.max,
                Op::Capture => a.cap == b.cap && a.name == b.name,
                _ => true,
            };
            if !same {
                return false;
            }
            if matches!(
                a.op,
                Op::Alternate
                    | Op::Concat
                    | Op::Star
                    | Op::Plus
                    | Op::Quest
                    | Op::Repeat
                    | Op::Capture
            ) {
                pairs.extend(a.sub.iter().copied().zip(b.sub.iter().copied()));
            }
        }
        true
    }
}
