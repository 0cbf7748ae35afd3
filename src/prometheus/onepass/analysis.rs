//! Go's one-pass analysis (`compileOnePass`): whether at every branch of a program the next
//! rune tells which way to go, and the dispatch tables (`Next`) that let a machine go that way
//! without keeping threads.

use super::prog::{Inst, InstOp, BEGIN_TEXT, END_TEXT, MAX_INSTS, MAX_RUNE};
use crate::regexp::unicode::orbit;

/// A one-pass program, as `compileOnePass` leaves it.
#[derive(Debug, Clone)]
pub(super) struct Prog {
    pub insts: Vec<Inst>,
    pub start: usize,
}

/// Go's `queueOnePass`, a sparse set in the order of insertion.
struct Queue {
    sparse: Vec<u32>,
    dense: Vec<u32>,
    size: u32,
    next_index: u32,
}

impl Queue {
    fn new(n: usize) -> Queue {
        Queue {
            sparse: vec![0; n],
            dense: vec![0; n],
            size: 0,
            next_index: 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.next_index >= self.size
    }

    fn next(&mut self) -> u32 {
        let n = self.dense[self.next_index as usize];
        self.next_index += 1;
        n
    }

    fn clear(&mut self) {
        self.size = 0;
        self.next_index = 0;
    }

    fn contains(&self, u: u32) -> bool {
        let Some(&slot) = self.sparse.get(u as usize) else {
            return false;
        };
        slot < self.size && self.dense[slot as usize] == u
    }

    fn insert(&mut self, u: u32) {
        if !self.contains(u) && (u as usize) < self.sparse.len() {
            self.sparse[u as usize] = self.size;
            self.dense[self.size as usize] = u;
            self.size += 1;
        }
    }
}

/// `mergeRuneSets`: the two legs' sorted ranges as one, with the leg each range leads to;
/// `None` where they overlap.
fn merge_rune_sets(
    left: &[u32],
    right: &[u32],
    left_pc: u32,
    right_pc: u32,
) -> Option<(Vec<u32>, Vec<u32>)> {
    let (mut lx, mut rx) = (0, 0);
    let mut merged: Vec<u32> = Vec::new();
    let mut next = Vec::new();
    while lx < left.len() || rx < right.len() {
        let take_right = lx >= left.len() || (rx < right.len() && right[rx] < left[lx]);
        let (runes, at, pc) = if take_right {
            (right, &mut rx, right_pc)
        } else {
            (left, &mut lx, left_pc)
        };
        if merged.last().is_some_and(|&last| runes[*at] <= last) {
            return None;
        }
        merged.extend_from_slice(&runes[*at..*at + 2]);
        *at += 2;
        next.push(pc);
    }
    Some((merged, next))
}

/// The runes `r0` folds to, with itself, sorted, as ranges of one.
fn folded(r0: u32) -> Vec<u32> {
    let mut runes = vec![r0, r0];
    runes.extend(orbit(r0).flat_map(|r| [r, r]));
    runes.sort_unstable();
    runes
}

/// `makeOnePass`'s walk from one instruction.
struct Check<'p> {
    insts: &'p mut [Inst],
    inst_queue: Queue,
    visit_queue: Queue,
    runes: Vec<Vec<u32>>,
    matches: Vec<bool>,
}

impl Check<'_> {
    /// `check(pc, m)`: whether every branch from `pc` is decided by the next rune. The program
    /// is under 1,000 instructions, which bounds the recursion.
    fn check(&mut self, pc: u32) -> bool {
        let pcu = pc as usize;
        if self.visit_queue.contains(pc) {
            return true;
        }
        self.visit_queue.insert(pc);
        let inst = self.insts[pcu].clone();
        let same_next = |runes: &[u32], out: u32| vec![out; runes.len() / 2 + 1];
        match inst.op {
            InstOp::Alt | InstOp::AltMatch => {
                let ok = self.check(inst.out) && self.check(inst.arg);
                let (mut out, mut arg) = (inst.out, inst.arg);
                let (mut match_out, match_arg) =
                    (self.matches[out as usize], self.matches[arg as usize]);
                if match_out && match_arg {
                    return false;
                }
                if match_arg {
                    std::mem::swap(&mut out, &mut arg);
                    match_out = true;
                }
                let slot = &mut self.insts[pcu];
                slot.out = out;
                slot.arg = arg;
                if match_out {
                    self.matches[pcu] = true;
                    slot.op = InstOp::AltMatch;
                }
                let merged = merge_rune_sets(
                    &self.runes[out as usize],
                    &self.runes[arg as usize],
                    out,
                    arg,
                );
                let Some((runes, next)) = merged else {
                    self.runes[pcu] = Vec::new();
                    return false;
                };
                self.runes[pcu] = runes;
                self.insts[pcu].next = next;
                ok
            }
            InstOp::Capture | InstOp::Nop | InstOp::EmptyWidth => {
                let ok = self.check(inst.out);
                self.matches[pcu] = self.matches[inst.out as usize];
                let runes = self.runes[inst.out as usize].clone();
                self.insts[pcu].next = same_next(&runes, inst.out);
                self.runes[pcu] = runes;
                ok
            }
            InstOp::Match | InstOp::Fail => {
                self.matches[pcu] = inst.op == InstOp::Match;
                true
            }
            InstOp::Rune | InstOp::Rune1 | InstOp::RuneAny | InstOp::RuneAnyNotNl => {
                self.matches[pcu] = false;
                if !inst.next.is_empty() {
                    return true;
                }
                self.inst_queue.insert(inst.out);
                let (runes, next) = match inst.op {
                    InstOp::Rune if inst.runes.is_empty() => (Vec::new(), vec![inst.out]),
                    InstOp::Rune if inst.runes.len() == 1 && inst.folds() => {
                        let runes = folded(inst.runes[0]);
                        let next = same_next(&runes, inst.out);
                        (runes, next)
                    }
                    InstOp::Rune => {
                        let runes = inst.runes.to_vec();
                        let next = same_next(&runes, inst.out);
                        (runes, next)
                    }
                    // A `Rune1` never folds (the compiler made it for a rune without).
                    InstOp::Rune1 => {
                        let runes = vec![inst.runes[0], inst.runes[0]];
                        let next = same_next(&runes, inst.out);
                        (runes, next)
                    }
                    InstOp::RuneAny => (vec![0, MAX_RUNE], vec![inst.out]),
                    _ => {
                        let runes = vec![0, 0x09, 0x0B, MAX_RUNE];
                        let next = same_next(&runes, inst.out);
                        (runes, next)
                    }
                };
                let slot = &mut self.insts[pcu];
                slot.next = next;
                if matches!(inst.op, InstOp::Rune | InstOp::Rune1) {
                    slot.op = InstOp::Rune;
                }
                self.runes[pcu] = runes;
                true
            }
        }
    }
}

/// `compileOnePass`: the one-pass program, if Go finds `prog` one-pass.
pub(super) fn compile_one_pass(prog: &[Inst], start: usize) -> Option<Prog> {
    if start == 0 {
        return None;
    }
    let first = &prog[start];
    if first.op != InstOp::EmptyWidth || first.arg & BEGIN_TEXT != BEGIN_TEXT {
        return None;
    }
    let has_alt = prog
        .iter()
        .any(|i| matches!(i.op, InstOp::Alt | InstOp::AltMatch));
    for inst in prog {
        let op_out = prog[inst.out as usize].op;
        match inst.op {
            InstOp::Alt | InstOp::AltMatch => {
                if op_out == InstOp::Match || prog[inst.arg as usize].op == InstOp::Match {
                    return None;
                }
            }
            InstOp::EmptyWidth => {
                if op_out == InstOp::Match && inst.arg & END_TEXT != END_TEXT {
                    return None;
                }
            }
            _ => {
                if op_out == InstOp::Match && has_alt {
                    return None;
                }
            }
        }
    }
    let mut insts = one_pass_copy(prog);
    make_one_pass(&mut insts, start)?;
    // `cleanupOnePass`: the rune instructions Go keeps as compiled.
    for (inst, original) in insts.iter_mut().zip(prog) {
        match original.op {
            InstOp::Alt | InstOp::AltMatch | InstOp::Rune => {}
            InstOp::Rune1 | InstOp::RuneAny | InstOp::RuneAnyNotNl => *inst = original.clone(),
            _ => inst.next.clear(),
        }
    }
    Some(Prog { insts, start })
}

fn is_alt(inst: &Inst) -> bool {
    matches!(inst.op, InstOp::Alt | InstOp::AltMatch)
}

/// `onePassCopy`: the program with two idioms of empty loops rewritten, `A:BC + B:DA` as
/// `A:BC + B:DC` and `A:BC + B:DC` as `A:DC + B:DC` (an `Alt` at A leading to B and C).
fn one_pass_copy(prog: &[Inst]) -> Vec<Inst> {
    let mut p = prog.to_vec();
    for pc in 0..p.len() {
        if !is_alt(&p[pc]) {
            continue;
        }
        // Which of A's fields leads to another Alt (B), and which to the other target.
        let mut a_alt_is_arg = true;
        if !is_alt(&p[p[pc].arg as usize]) {
            a_alt_is_arg = false;
            if !is_alt(&p[p[pc].out as usize]) {
                continue;
            }
        }
        let field = |inst: &Inst, arg: bool| if arg { inst.arg } else { inst.out };
        let a_alt = field(&p[pc], a_alt_is_arg);
        let a_other = field(&p[pc], !a_alt_is_arg);
        if is_alt(&p[a_other as usize]) {
            continue;
        }
        let b = a_alt as usize;
        let instb = p[b].clone();
        // B's field that loops back to A (its `out` unless it is its `arg`).
        let mut b_alt_is_arg = false;
        let mut patch = false;
        if instb.out == pc as u32 {
            patch = true;
        } else if instb.arg == pc as u32 {
            patch = true;
            b_alt_is_arg = true;
        }
        if patch {
            if b_alt_is_arg {
                p[b].arg = a_other;
            } else {
                p[b].out = a_other;
            }
        }
        let b_alt = field(&p[b], b_alt_is_arg);
        let b_other = field(&p[b], !b_alt_is_arg);
        if a_other == b_alt {
            if a_alt_is_arg {
                p[pc].arg = b_other;
            } else {
                p[pc].out = b_other;
            }
        }
    }
    p
}

/// `makeOnePass`: `None` where some branch cannot be told by the next rune.
fn make_one_pass(insts: &mut [Inst], start: usize) -> Option<()> {
    if insts.len() >= MAX_INSTS {
        return None;
    }
    let n = insts.len();
    let mut check = Check {
        insts,
        inst_queue: Queue::new(n),
        visit_queue: Queue::new(n),
        runes: vec![Vec::new(); n],
        matches: vec![false; n],
    };
    check.inst_queue.insert(start as u32);
    while !check.inst_queue.is_empty() {
        check.visit_queue.clear();
        let pc = check.inst_queue.next();
        if !check.check(pc) {
            return None;
        }
    }
    let Check { insts, runes, .. } = check;
    for (inst, runes) in insts.iter_mut().zip(runes) {
        inst.runes = runes;
    }
    Some(())
}
