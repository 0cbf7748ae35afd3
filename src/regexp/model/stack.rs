//! Go's parse stack: pushing nodes (with its literal concatenation and its rewriting of
//! one-rune classes), repetitions, `|`, `)`, and collapsing runs into concatenations and
//! alternations.

use super::{Flags, Id, Model, Op, FOLD_CASE, NON_GREEDY};
use crate::regexp::class;
use crate::regexp::error::Limit;
use crate::regexp::unicode::{min_fold_rune, simple_fold, MAX_RUNE};

impl Model {
    /// Go's `push`: counts the node's runes, turns a one-rune class into a literal (and merges
    /// it into the literal below when it can), and checks the limits. `None` when the rune
    /// went into an existing node.
    pub(super) fn push(&mut self, re: Id) -> Result<Option<Id>, Limit> {
        let flags = self.flags;
        self.num_runes += self.node(re).runes.len() as i64;
        let node = self.node(re);
        let runes = &node.runes;
        let is_class = node.op == Op::CharClass;
        if is_class && runes.len() == 2 && runes[0] == runes[1] {
            let r = runes[0];
            if self.maybe_concat(Some(r), flags & !FOLD_CASE) {
                return Ok(None);
            }
            self.make_literal(re, r, flags & !FOLD_CASE);
        } else if is_class && is_case_pair(runes) {
            let r = runes[0];
            if self.maybe_concat(Some(r), flags | FOLD_CASE) {
                return Ok(None);
            }
            self.make_literal(re, r, flags | FOLD_CASE);
        } else {
            self.maybe_concat(None, 0);
        }
        self.stack.push(re);
        self.check_limits(re)?;
        Ok(Some(re))
    }

    fn make_literal(&mut self, re: Id, r: u32, flags: Flags) {
        let node = self.node_mut(re);
        node.op = Op::Literal;
        node.runes.truncate(1);
        node.runes[0] = r;
        node.flags = flags;
    }

    /// Go's `maybeConcat`: when the two top nodes are literals of the same case sensitivity,
    /// the top one's runes join the one below. With `rune`, the freed top node then holds that
    /// rune (and `true` says so); without, it is freed.
    fn maybe_concat(&mut self, rune: Option<u32>, flags: Flags) -> bool {
        let n = self.stack.len();
        if n < 2 {
            return false;
        }
        let (re1, re2) = (self.stack[n - 1], self.stack[n - 2]);
        let (a, b) = (self.node(re1), self.node(re2));
        if a.op != Op::Literal || b.op != Op::Literal || a.flags & FOLD_CASE != b.flags & FOLD_CASE
        {
            return false;
        }
        let mut moved = std::mem::take(&mut self.node_mut(re1).runes);
        self.node_mut(re2).runes.extend_from_slice(&moved);
        moved.clear();
        if let Some(r) = rune {
            moved.push(r);
            let node = self.node_mut(re1);
            node.runes = moved;
            node.flags = flags;
            return true;
        }
        self.node_mut(re1).runes = moved;
        self.stack.pop();
        self.reuse(re1);
        false
    }

    /// Go's `literal`.
    pub(super) fn literal(&mut self, mut r: u32) -> Result<(), Limit> {
        let re = self.new_node(Op::Literal);
        let flags = self.flags;
        if flags & FOLD_CASE != 0 {
            r = min_fold_rune(r);
        }
        let node = self.node_mut(re);
        node.flags = flags;
        node.runes.push(r);
        self.push(re).map(drop)
    }

    /// Go's `op`: a node of `op` with the current flags, pushed.
    pub(super) fn push_op(&mut self, op: Op) -> Result<Option<Id>, Limit> {
        let re = self.new_node(op);
        self.node_mut(re).flags = self.flags;
        self.push(re)
    }

    /// A class node with `ranges`, pushed.
    pub(super) fn push_class(&mut self, ranges: &[(u32, u32)]) -> Result<(), Limit> {
        let re = self.new_node(Op::CharClass);
        self.node_mut(re).flags = self.flags;
        self.set_ranges(re, ranges);
        self.push(re).map(drop)
    }

    /// Go's `repeat`, once its checks passed: the top node, repeated.
    pub(super) fn repeat(&mut self, op: Op, min: i64, max: i64, lazy: bool) -> Result<(), Limit> {
        let mut flags = self.flags;
        if lazy {
            flags ^= NON_GREEDY;
        }
        let Some(&sub) = self.stack.last() else {
            return Ok(());
        };
        let re = self.new_node(op);
        let node = self.node_mut(re);
        node.flags = flags;
        node.sub.push(sub);
        node.min = min;
        node.max = max;
        let top = self.stack.len() - 1;
        self.stack[top] = re;
        self.check_limits(re)
    }

    /// Where the run above the topmost `(` or `|` starts.
    fn run_start(&self) -> usize {
        self.stack
            .iter()
            .rposition(|&id| self.op(id).is_pseudo())
            .map_or(0, |i| i + 1)
    }

    /// Go's `concat`: the run above the topmost `(` or `|` becomes one node.
    pub(super) fn concat(&mut self) -> Result<(), Limit> {
        self.maybe_concat(None, 0);
        let subs = self.stack.split_off(self.run_start());
        if subs.is_empty() {
            let empty = self.new_node(Op::EmptyMatch);
            return self.push(empty).map(drop);
        }
        let re = self.collapse(subs, Op::Concat)?;
        self.push(re).map(drop)
    }

    /// Go's `alternate`: the alternatives above the topmost `(` become one node.
    pub(super) fn alternate(&mut self) -> Result<(), Limit> {
        let subs = self.stack.split_off(self.run_start());
        if let Some(&last) = subs.last() {
            self.clean_alt(last);
        }
        if subs.is_empty() {
            let none = self.new_node(Op::NoMatch);
            return self.push(none).map(drop);
        }
        let re = self.collapse(subs, Op::Alternate)?;
        self.push(re).map(drop)
    }

    /// Go's `collapse`: `subs` under one `op` node, with nested nodes of the same `op` hoisted
    /// and alternatives factored.
    pub(super) fn collapse(&mut self, subs: Vec<Id>, op: Op) -> Result<Id, Limit> {
        if subs.len() == 1 {
            return Ok(subs[0]);
        }
        let re = self.new_node(op);
        let mut list = Vec::with_capacity(subs.len());
        for sub in subs {
            if self.op(sub) == op {
                list.extend_from_slice(&self.node(sub).sub);
                self.reuse(sub);
            } else {
                list.push(sub);
            }
        }
        if op == Op::Alternate {
            list = self.factor(list)?;
            if list.len() == 1 {
                let only = list[0];
                self.node_mut(re).sub = list;
                self.reuse(re);
                return Ok(only);
            }
        }
        self.node_mut(re).sub = list;
        Ok(re)
    }

    /// Go's `cleanAlt`: a class about to be an alternative is cleaned, and becomes `.` when it
    /// holds every rune (or every rune but `\n`).
    pub(super) fn clean_alt(&mut self, re: Id) {
        if self.op(re) != Op::CharClass {
            return;
        }
        let mut ranges = self.ranges(re);
        class::clean(&mut ranges);
        let node = self.node_mut(re);
        if ranges == [(0, MAX_RUNE)] {
            node.op = Op::AnyChar;
            node.runes.clear();
        } else if ranges == [(0, 0x09), (0x0B, MAX_RUNE)] {
            node.op = Op::AnyCharNotNl;
            node.runes.clear();
        } else {
            self.set_ranges(re, &ranges);
        }
    }

    /// Go's `parseVerticalBar`.
    pub(super) fn vertical_bar(&mut self) -> Result<(), Limit> {
        self.concat()?;
        if !self.swap_vertical_bar() {
            self.push_op(Op::VerticalBar)?;
        }
        Ok(())
    }

    /// What Go does at `)` and at the end before it checks the parentheses.
    pub(super) fn end_alternatives(&mut self) -> Result<(), Limit> {
        self.concat()?;
        if self.swap_vertical_bar() {
            self.stack.pop();
        }
        self.alternate()
    }

    /// The rest of Go's `parseRightParen`, the group being open.
    pub(super) fn close_group(&mut self) -> Result<(), Limit> {
        let n = self.stack.len();
        if n < 2 {
            return Ok(());
        }
        let (re1, re2) = (self.stack[n - 1], self.stack[n - 2]);
        self.stack.truncate(n - 2);
        self.flags = self.node(re2).flags;
        if self.node(re2).cap == 0 {
            return self.push(re1).map(drop);
        }
        let node = self.node_mut(re2);
        node.op = Op::Capture;
        node.sub = vec![re1];
        self.push(re2).map(drop)
    }

    /// Go's `swapVerticalBar`: moves the node above a `|` below it, merging the two when both
    /// are classes; `true` when there was such a `|`.
    fn swap_vertical_bar(&mut self) -> bool {
        let n = self.stack.len();
        if n >= 3
            && self.op(self.stack[n - 2]) == Op::VerticalBar
            && self.is_char_class(self.stack[n - 1])
            && self.is_char_class(self.stack[n - 3])
        {
            let (mut re1, mut re3) = (self.stack[n - 1], self.stack[n - 3]);
            if self.op(re1) > self.op(re3) {
                std::mem::swap(&mut re1, &mut re3);
                self.stack[n - 3] = re3;
            }
            self.merge_char_class(re3, re1);
            self.reuse(re1);
            self.stack.truncate(n - 1);
            return true;
        }
        if n >= 2 && self.op(self.stack[n - 2]) == Op::VerticalBar {
            if n >= 3 {
                self.clean_alt(self.stack[n - 3]);
            }
            self.stack.swap(n - 2, n - 1);
            return true;
        }
        false
    }

    /// Go's `isCharClass`: a one-rune literal, a class, or `.`.
    pub(super) fn is_char_class(&self, re: Id) -> bool {
        let node = self.node(re);
        match node.op {
            Op::Literal => node.runes.len() == 1,
            Op::CharClass | Op::AnyCharNotNl | Op::AnyChar => true,
            _ => false,
        }
    }

    /// Go's `mergeCharClass`: `dst` also matches what `src` does (`dst` the more complex).
    pub(super) fn merge_char_class(&mut self, dst: Id, src: Id) {
        let (src_op, src_flags) = (self.op(src), self.node(src).flags);
        let src_first = self.node(src).runes.first().copied().unwrap_or(0);
        match self.op(dst) {
            Op::AnyCharNotNl if self.matches_rune(src, u32::from(b'\n')) => {
                self.node_mut(dst).op = Op::AnyChar;
            }
            Op::CharClass => {
                let mut ranges = self.ranges(dst);
                if src_op == Op::Literal {
                    append_literal(&mut ranges, src_first, src_flags);
                } else {
                    class::append_class(&mut ranges, &self.ranges(src));
                }
                self.set_ranges(dst, &ranges);
            }
            Op::Literal => {
                let (dst_first, dst_flags) = (self.node(dst).runes[0], self.node(dst).flags);
                if src_first == dst_first && src_flags == dst_flags {
                    return;
                }
                let mut ranges = Vec::new();
                append_literal(&mut ranges, dst_first, dst_flags);
                append_literal(&mut ranges, src_first, src_flags);
                self.node_mut(dst).op = Op::CharClass;
                self.set_ranges(dst, &ranges);
            }
            _ => {}
        }
    }

    /// Go's `matchRune`.
    fn matches_rune(&self, re: Id, r: u32) -> bool {
        let node = self.node(re);
        match node.op {
            Op::Literal => node.runes.len() == 1 && node.runes[0] == r,
            Op::CharClass => node.runes.chunks_exact(2).any(|p| p[0] <= r && r <= p[1]),
            Op::AnyCharNotNl => r != u32::from(b'\n'),
            Op::AnyChar => true,
            _ => false,
        }
    }
}

/// Go's `appendLiteral`.
fn append_literal(ranges: &mut Vec<(u32, u32)>, r: u32, flags: Flags) {
    if flags & FOLD_CASE != 0 {
        class::append_folded_range(ranges, r, r);
    } else {
        class::append_range(ranges, r, r);
    }
}

/// Whether a class is one letter in both cases, as `[Aa]` or `[Δδ]`, which Go pushes as a
/// case-insensitive literal.
fn is_case_pair(runes: &[u32]) -> bool {
    match *runes {
        [a, a2, b, b2] => a == a2 && b == b2 && simple_fold(a) == b && simple_fold(b) == a,
        [a, b] => a + 1 == b && simple_fold(a) == b && simple_fold(b) == a,
        _ => false,
    }
}
