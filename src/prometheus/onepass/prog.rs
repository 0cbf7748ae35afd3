//! Go's program for a pattern: `syntax.Compile` of `Regexp.Simplify()`, instruction for
//! instruction, as far as the one-pass analysis needs it (it gives up at 1,000 instructions,
//! and so does this compiler).

use crate::regexp::unicode::simple_fold;
use crate::regexp::{GoOp as Op, GoTree};

/// Go's parse flags the compiler reads.
pub(super) const FOLD_CASE: u16 = 1;
pub(super) const NON_GREEDY: u16 = 32;

/// Go's `EmptyOp`.
pub(super) const BEGIN_LINE: u32 = 1;
pub(super) const END_LINE: u32 = 2;
pub(super) const BEGIN_TEXT: u32 = 4;
pub(super) const END_TEXT: u32 = 8;
pub(super) const WORD_BOUNDARY: u32 = 16;
pub(super) const NO_WORD_BOUNDARY: u32 = 32;

/// `makeOnePass` gives up on a program this long.
pub(super) const MAX_INSTS: usize = 1000;

pub(super) const MAX_RUNE: u32 = 0x10FFFF;
pub(super) const RUNE_ERROR: u32 = 0xFFFD;
/// Go's `InstOp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InstOp {
    Alt,
    AltMatch,
    Capture,
    EmptyWidth,
    Match,
    Fail,
    Nop,
    Rune,
    Rune1,
    RuneAny,
    RuneAnyNotNl,
}

/// Go's `Inst`, with the one-pass `Next` beside it.
#[derive(Debug, Clone)]
pub(super) struct Inst {
    pub op: InstOp,
    pub out: u32,
    pub arg: u32,
    pub runes: Vec<u32>,
    pub next: Vec<u32>,
}

impl Inst {
    fn new(op: InstOp) -> Inst {
        Inst {
            op,
            out: 0,
            arg: 0,
            runes: Vec::new(),
            next: Vec::new(),
        }
    }

    /// `iop`: the rune instructions as one.
    pub fn iop(&self) -> InstOp {
        match self.op {
            InstOp::Rune1 | InstOp::RuneAny | InstOp::RuneAnyNotNl => InstOp::Rune,
            op => op,
        }
    }

    pub fn folds(&self) -> bool {
        self.arg & u32::from(FOLD_CASE) != 0
    }

    /// `MatchRunePos` on the ranges the one-pass analysis leaves an instruction (pairs, sorted;
    /// Go's case of a lone folded rune is for other machines): the index of the range holding
    /// `r`, or `None`.
    pub fn match_rune_pos(&self, r: i64) -> Option<usize> {
        let r = u32::try_from(r).ok()?;
        let runes = &self.runes[..];
        let (mut lo, mut hi) = (0, runes.len() / 2);
        while lo < hi {
            let m = (lo + hi) / 2;
            if runes[2 * m] <= r {
                if r <= runes[2 * m + 1] {
                    return Some(m);
                }
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        None
    }
}

/// Go's `patchList`: instruction `n >> 1`'s `out` (`n & 1 == 0`) or `arg`, linked through the
/// fields themselves; 0 is the empty list (instruction 0 is `Fail`, never in a list).
#[derive(Debug, Clone, Copy, Default)]
struct PatchList {
    head: u32,
    tail: u32,
}

/// Go's `frag`.
#[derive(Debug, Clone, Copy, Default)]
struct Frag {
    i: u32,
    out: PatchList,
    nullable: bool,
}

/// What `simplify1(op, flags, sub, …)` gives.
enum Unary {
    /// The simplified `sub` itself.
    Sub,
    /// A new node of the operator over the simplified `sub`.
    New,
}

/// `syntax.Compile` of `Regexp.Simplify()`, the simplification worked out as the compiler
/// walks Go's tree (Go's simplified tree shares nodes; walking it whole would not be linear).
struct Compiler<'t> {
    tree: &'t GoTree,
    insts: Vec<Inst>,
}

impl Compiler<'_> {
    /// A new instruction; `None` once the program is too long to be one-pass.
    fn inst(&mut self, op: InstOp) -> Option<Frag> {
        if self.insts.len() >= MAX_INSTS {
            return None;
        }
        self.insts.push(Inst::new(op));
        Some(Frag {
            i: (self.insts.len() - 1) as u32,
            out: PatchList::default(),
            nullable: true,
        })
    }

    fn patch(&mut self, list: PatchList, value: u32) {
        let mut head = list.head;
        while head != 0 {
            let inst = &mut self.insts[(head >> 1) as usize];
            if head & 1 == 0 {
                head = inst.out;
                inst.out = value;
            } else {
                head = inst.arg;
                inst.arg = value;
            }
        }
    }

    fn append(&mut self, l1: PatchList, l2: PatchList) -> PatchList {
        if l1.head == 0 {
            return l2;
        }
        if l2.head == 0 {
            return l1;
        }
        let inst = &mut self.insts[(l1.tail >> 1) as usize];
        if l1.tail & 1 == 0 {
            inst.out = l2.head;
        } else {
            inst.arg = l2.head;
        }
        PatchList {
            head: l1.head,
            tail: l2.tail,
        }
    }

    fn list(n: u32) -> PatchList {
        PatchList { head: n, tail: n }
    }

    fn nop(&mut self) -> Option<Frag> {
        let mut f = self.inst(InstOp::Nop)?;
        f.out = Self::list(f.i << 1);
        Some(f)
    }

    fn cap(&mut self) -> Option<Frag> {
        let mut f = self.inst(InstOp::Capture)?;
        f.out = Self::list(f.i << 1);
        Some(f)
    }

    fn empty(&mut self, op: u32) -> Option<Frag> {
        let mut f = self.inst(InstOp::EmptyWidth)?;
        self.insts[f.i as usize].arg = op;
        f.out = Self::list(f.i << 1);
        Some(f)
    }

    fn cat(&mut self, f1: Frag, f2: Frag) -> Frag {
        if f1.i == 0 || f2.i == 0 {
            return Frag::default();
        }
        self.patch(f1.out, f2.i);
        Frag {
            i: f1.i,
            out: f2.out,
            nullable: f1.nullable && f2.nullable,
        }
    }

    fn alt(&mut self, f1: Frag, f2: Frag) -> Option<Frag> {
        if f1.i == 0 {
            return Some(f2);
        }
        if f2.i == 0 {
            return Some(f1);
        }
        let mut f = self.inst(InstOp::Alt)?;
        let inst = &mut self.insts[f.i as usize];
        inst.out = f1.i;
        inst.arg = f2.i;
        f.out = self.append(f1.out, f2.out);
        f.nullable = f1.nullable || f2.nullable;
        Some(f)
    }

    /// An `Alt` taking `f1` first (or, non-greedy, last), its other branch left to patch.
    fn branch(&mut self, f1: Frag, non_greedy: bool) -> Option<Frag> {
        let mut f = self.inst(InstOp::Alt)?;
        let inst = &mut self.insts[f.i as usize];
        if non_greedy {
            inst.arg = f1.i;
            f.out = Self::list(f.i << 1);
        } else {
            inst.out = f1.i;
            f.out = Self::list((f.i << 1) | 1);
        }
        Some(f)
    }

    fn quest(&mut self, f1: Frag, non_greedy: bool) -> Option<Frag> {
        let mut f = self.branch(f1, non_greedy)?;
        f.out = self.append(f.out, f1.out);
        Some(f)
    }

    fn repeat_loop(&mut self, f1: Frag, non_greedy: bool) -> Option<Frag> {
        let f = self.branch(f1, non_greedy)?;
        self.patch(f1.out, f.i);
        Some(f)
    }

    fn star(&mut self, f1: Frag, non_greedy: bool) -> Option<Frag> {
        if f1.nullable {
            // `(f1+)?`, for the order of priorities (golang.org/issue/46123).
            let plus = self.plus(f1, non_greedy)?;
            return self.quest(plus, non_greedy);
        }
        self.repeat_loop(f1, non_greedy)
    }

    fn plus(&mut self, f1: Frag, non_greedy: bool) -> Option<Frag> {
        let looped = self.repeat_loop(f1, non_greedy)?;
        Some(Frag {
            i: f1.i,
            out: looped.out,
            nullable: f1.nullable,
        })
    }

    fn rune(&mut self, runes: Vec<u32>, flags: u16) -> Option<Frag> {
        let mut f = self.inst(InstOp::Rune)?;
        f.nullable = false;
        let mut flags = flags & FOLD_CASE;
        if runes.len() != 1 || simple_fold(runes[0]) == runes[0] {
            flags &= !FOLD_CASE;
        }
        let op = match runes[..] {
            _ if flags & FOLD_CASE == 0
                && (runes.len() == 1 || runes.len() == 2 && runes[0] == runes[1]) =>
            {
                InstOp::Rune1
            }
            [0, MAX_RUNE] => InstOp::RuneAny,
            [0, 0x09, 0x0B, MAX_RUNE] => InstOp::RuneAnyNotNl,
            _ => InstOp::Rune,
        };
        let inst = &mut self.insts[f.i as usize];
        inst.op = op;
        inst.runes = runes;
        inst.arg = u32::from(flags);
        f.out = Self::list(f.i << 1);
        Some(f)
    }

    /// `simplify1(op, flags, sub, re)`: whether the simplified `sub` stands for the node.
    fn unary(&self, op: Op, flags: u16, sub: usize) -> Unary {
        match self.head(sub) {
            None => Unary::Sub,
            Some((sub_op, sub_flags))
                if sub_op == op && flags & NON_GREEDY == sub_flags & NON_GREEDY =>
            {
                Unary::Sub
            }
            Some(_) => Unary::New,
        }
    }

    /// The operator and flags at the top of node `id` simplified; `None` for `EmptyMatch`.
    fn head(&self, id: usize) -> Option<(Op, u16)> {
        let node = &self.tree[id];
        match node.op {
            Op::EmptyMatch => None,
            Op::Star | Op::Plus | Op::Quest => match self.unary(node.op, node.flags, node.sub[0]) {
                Unary::Sub => self.head(node.sub[0]),
                Unary::New => Some((node.op, node.flags)),
            },
            Op::Repeat => {
                let (min, max, sub, flags) = (node.min, node.max, node.sub[0], node.flags);
                let unary = |op| match self.unary(op, flags, sub) {
                    Unary::Sub => self.head(sub),
                    Unary::New => Some((op, flags)),
                };
                match (min, max) {
                    (0, 0) => None,
                    (0, -1) => unary(Op::Star),
                    (1, -1) => unary(Op::Plus),
                    (_, -1) => Some((Op::Concat, 0)),
                    (1, 1) => self.head(sub),
                    (0, 1) => unary(Op::Quest),
                    (0, _) => Some((Op::Quest, flags)),
                    _ => Some((Op::Concat, 0)),
                }
            }
            op => Some((op, node.flags)),
        }
    }

    /// Node `id`, simplified and compiled.
    fn compile(&mut self, id: usize) -> Option<Frag> {
        let tree = self.tree;
        let node = &tree[id];
        match node.op {
            Op::NoMatch | Op::Unset | Op::LeftParen | Op::VerticalBar => Some(Frag::default()),
            Op::EmptyMatch => self.nop(),
            Op::Literal => {
                if node.runes.is_empty() {
                    return self.nop();
                }
                let mut f = Frag::default();
                for (j, &r) in node.runes.iter().enumerate() {
                    let f1 = self.rune(vec![r], node.flags)?;
                    f = if j == 0 { f1 } else { self.cat(f, f1) };
                }
                Some(f)
            }
            Op::CharClass => self.rune(node.runes.to_vec(), node.flags),
            Op::AnyCharNotNl => self.rune(vec![0, 0x09, 0x0B, MAX_RUNE], 0),
            Op::AnyChar => self.rune(vec![0, MAX_RUNE], 0),
            Op::BeginLine => self.empty(BEGIN_LINE),
            Op::EndLine => self.empty(END_LINE),
            Op::BeginText => self.empty(BEGIN_TEXT),
            Op::EndText => self.empty(END_TEXT),
            Op::WordBoundary => self.empty(WORD_BOUNDARY),
            Op::NoWordBoundary => self.empty(NO_WORD_BOUNDARY),
            Op::Capture => {
                let bra = self.cap()?;
                let sub = self.compile(node.sub[0])?;
                let ket = self.cap()?;
                let f = self.cat(bra, sub);
                Some(self.cat(f, ket))
            }
            Op::Star | Op::Plus | Op::Quest => self.unary_op(node.op, node.flags, node.sub[0]),
            Op::Repeat => self.repeat(id),
            Op::Concat => {
                if node.sub.is_empty() {
                    return self.nop();
                }
                let mut f = Frag::default();
                for (i, &sub) in node.sub.iter().enumerate() {
                    let f1 = self.compile(sub)?;
                    f = if i == 0 { f1 } else { self.cat(f, f1) };
                }
                Some(f)
            }
            Op::Alternate => {
                let mut f = Frag::default();
                for &sub in &node.sub {
                    let f1 = self.compile(sub)?;
                    f = self.alt(f, f1)?;
                }
                Some(f)
            }
        }
    }

    /// `simplify1(op, flags, sub)` compiled.
    fn unary_op(&mut self, op: Op, flags: u16, sub: usize) -> Option<Frag> {
        if let Unary::Sub = self.unary(op, flags, sub) {
            return self.compile(sub);
        }
        let f = self.compile(sub)?;
        self.apply(op, flags, f)
    }

    fn apply(&mut self, op: Op, flags: u16, f: Frag) -> Option<Frag> {
        let non_greedy = flags & NON_GREEDY != 0;
        match op {
            Op::Star => self.star(f, non_greedy),
            Op::Plus => self.plus(f, non_greedy),
            _ => self.quest(f, non_greedy),
        }
    }

    /// A counted repetition as `Simplify` writes it out: `x{2,5}` is `xx(x(x(x)?)?)?`.
    fn repeat(&mut self, id: usize) -> Option<Frag> {
        let node = &self.tree[id];
        let (min, max, sub, flags) = (node.min, node.max, node.sub[0], node.flags);
        if min == 0 && max == 0 {
            return self.nop();
        }
        if max == -1 {
            if min <= 1 {
                let op = if min == 0 { Op::Star } else { Op::Plus };
                return self.unary_op(op, flags, sub);
            }
            let mut f = self.compile(sub)?;
            for _ in 1..min - 1 {
                let f1 = self.compile(sub)?;
                f = self.cat(f, f1);
            }
            let plus = self.unary_op(Op::Plus, flags, sub)?;
            return Some(self.cat(f, plus));
        }
        if min == 1 && max == 1 {
            return self.compile(sub);
        }
        // The prefix, compiled first as Go's concatenation is.
        let mut prefix = None;
        for _ in 0..min {
            let f1 = self.compile(sub)?;
            prefix = Some(match prefix {
                None => f1,
                Some(f) => self.cat(f, f1),
            });
        }
        if max > min {
            let suffix = self.suffix(sub, flags, max - min)?;
            return Some(match prefix {
                None => suffix,
                Some(f) => self.cat(f, suffix),
            });
        }
        Some(prefix.unwrap_or_default())
    }

    /// `(x(x(x)?)?)?` with `count` optional copies of `sub`: `simplify1(Quest, x)` innermost,
    /// then `Quest(Concat(x, inner))` around it.
    fn suffix(&mut self, sub: usize, flags: u16, count: i64) -> Option<Frag> {
        if count == 1 {
            return self.unary_op(Op::Quest, flags, sub);
        }
        let x = self.compile(sub)?;
        let inner = self.suffix(sub, flags, count - 1)?;
        let body = self.cat(x, inner);
        self.apply(Op::Quest, flags, body)
    }
}

/// Go's program for `tree`: its instructions and the first; `None` at 1,000 instructions or
/// more, a program Go never runs one-pass.
pub(super) fn compile(tree: &GoTree) -> Option<(Vec<Inst>, usize)> {
    let mut compiler = Compiler {
        tree,
        insts: Vec::new(),
    };
    compiler.inst(InstOp::Fail)?;
    let f = compiler.compile(tree.root)?;
    let matched = compiler.inst(InstOp::Match)?;
    compiler.patch(f.out, matched.i);
    Some((compiler.insts, f.i as usize))
}
