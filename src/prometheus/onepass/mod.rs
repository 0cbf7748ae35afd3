//! Go's one-pass matcher, for the one place its answer is not RE2's.
//!
//! Go's `regexp` runs an anchored pattern that never needs to choose between two branches
//! without looking at the next character (a "one-pass" program) on a machine of its own, which
//! first compares the pattern's leading literal runes with the value as a string
//! (`onePassPrefix`, `strings.HasPrefix`). That string is written with `WriteRune`, which
//! writes a surrogate (`\x{D800}`, no character of any text) as U+FFFD: so there, and only
//! there, `\x{D800}x` matches `"\u{FFFD}x"`, where RE2 and every other path of Go match
//! nothing. Prometheus anchors every pattern (`^(?s:…)$`), so its patterns take this path
//! whenever Go finds them one-pass.
//!
//! [`OnePass::quirk`] works out what Go's `regexp.Compile` does for such a pattern: the tree it
//! parses, simplified (`Regexp.Simplify`), compiled to Go's program (`syntax.Compile`), the
//! one-pass analysis (`compileOnePass`, which gives up at 1,000 instructions) and the literal
//! prefix. It answers only where the prefix holds a surrogate; everywhere else the one-pass
//! machine answers as RE2 does, and [`super::vm`] runs the pattern.

mod analysis;
mod prog;

use self::analysis::{compile_one_pass, Prog};
use self::prog::{
    Inst, InstOp, BEGIN_LINE, BEGIN_TEXT, END_LINE, END_TEXT, NO_WORD_BOUNDARY, RUNE_ERROR,
    WORD_BOUNDARY,
};
use crate::names;
use crate::regexp::{GoOp as Op, GoTree};

const SURROGATES: std::ops::RangeInclusive<u32> = 0xD800..=0xDFFF;

/// Go's one-pass machine for a pattern whose literal prefix holds a surrogate.
#[derive(Debug, Clone)]
pub(crate) struct OnePass {
    prog: Prog,
    /// The prefix as Go writes it, a surrogate as U+FFFD.
    prefix: String,
    /// The instruction after the prefix.
    prefix_end: usize,
}

impl OnePass {
    /// Go's one-pass machine for `pattern` (whose tree Prometheus holds is `parsed`), where its
    /// answer is not RE2's: the pattern is one-pass and its literal prefix holds a surrogate.
    pub fn quirk(pattern: &str, parsed: &GoTree) -> Option<OnePass> {
        // A surrogate is only ever written `\x{…}`; look at the tree only then.
        if !pattern.contains("\\x{")
            || !parsed
                .nodes
                .iter()
                .any(|n| n.op == Op::Literal && n.runes.iter().any(|r| SURROGATES.contains(r)))
        {
            return None;
        }
        // The prefix stops at a literal U+FFFD, so one there stands for a surrogate.
        OnePass::compile(pattern).filter(|one_pass| one_pass.prefix.contains('\u{FFFD}'))
    }

    /// Go's one-pass machine for `pattern` as Prometheus compiles it, if Go finds it one-pass.
    fn compile(pattern: &str) -> Option<OnePass> {
        let tree = crate::regexp::compiled_tree(pattern)?;
        let (insts, start) = prog::compile(&tree)?;
        let prog = compile_one_pass(&insts, start)?;
        let (prefix, prefix_end) = one_pass_prefix(&insts, start);
        Some(OnePass {
            prog,
            prefix,
            prefix_end,
        })
    }

    /// `MatchString(value)`: Go's `doOnePass` from the start of `value`.
    pub fn is_match(&self, value: &str) -> bool {
        let step = |pos: usize| -> (i64, usize) {
            match value.get(pos..).and_then(|rest| rest.chars().next()) {
                Some(c) => (i64::from(u32::from(c)), c.len_utf8()),
                None => (-1, 0),
            }
        };
        let insts = &self.prog.insts;
        let (mut r, mut width) = step(0);
        let (mut r1, mut width1) = step(width);
        let mut flag = (-1, r);
        let mut pos = 0;
        let mut pc = self.prog.start;
        if matches_empty(flag, insts[pc].arg) && !self.prefix.is_empty() {
            if !value.starts_with(&self.prefix) {
                return false;
            }
            pos += self.prefix.len();
            (r, width) = step(pos);
            (r1, width1) = step(pos + width);
            // The value holds the prefix, so the rune before is the prefix's last.
            let before = self.prefix.chars().next_back();
            flag = (before.map_or(-1, |c| i64::from(u32::from(c))), r);
            pc = self.prefix_end;
        }
        loop {
            let inst = &insts[pc];
            pc = inst.out as usize;
            match inst.op {
                InstOp::Match => return true,
                InstOp::Rune => {
                    if inst.match_rune_pos(r).is_none() {
                        return false;
                    }
                }
                InstOp::Rune1 => {
                    if r != i64::from(inst.runes[0]) {
                        return false;
                    }
                }
                InstOp::RuneAny => {}
                InstOp::RuneAnyNotNl => {
                    if r == i64::from(b'\n') {
                        return false;
                    }
                }
                InstOp::Alt | InstOp::AltMatch => {
                    pc = match inst.match_rune_pos(r) {
                        Some(i) => inst.next[i] as usize,
                        None if inst.op == InstOp::AltMatch => inst.out as usize,
                        None => 0,
                    };
                    continue;
                }
                InstOp::Fail => return false,
                InstOp::Nop | InstOp::Capture => continue,
                InstOp::EmptyWidth => {
                    if !matches_empty(flag, inst.arg) {
                        return false;
                    }
                    continue;
                }
            }
            if width == 0 {
                return false;
            }
            flag = (r, r1);
            pos += width;
            (r, width) = (r1, width1);
            (r1, width1) = step(pos + width);
        }
    }
}

/// `onePassPrefix`: the literal runes after the leading `^`, written as Go writes them, and the
/// instruction after them.
fn one_pass_prefix(prog: &[Inst], start: usize) -> (String, usize) {
    let first = &prog[start];
    if first.op != InstOp::EmptyWidth || first.arg & BEGIN_TEXT == 0 {
        return (String::new(), start);
    }
    let mut pc = first.out as usize;
    while prog[pc].op == InstOp::Nop {
        pc = prog[pc].out as usize;
    }
    if prog[pc].iop() != InstOp::Rune || prog[pc].runes.len() != 1 {
        return (String::new(), start);
    }
    let mut prefix = String::new();
    loop {
        let inst = &prog[pc];
        if inst.iop() != InstOp::Rune
            || inst.runes.len() != 1
            || inst.folds()
            || inst.runes[0] == RUNE_ERROR
        {
            break;
        }
        // `WriteRune`: a surrogate (no `char`) is written as U+FFFD.
        prefix.push(char::from_u32(inst.runes[0]).unwrap_or('\u{FFFD}'));
        pc = inst.out as usize;
    }
    (prefix, pc)
}

/// `lazyFlag.match`: whether the empty-width conditions `op` hold between the runes `before`
/// and `after` (-1 at either end of the text); each condition is checked on its own.
fn matches_empty((before, after): (i64, i64), op: u32) -> bool {
    let newline = i64::from(b'\n');
    let word = |r: i64| u8::try_from(r).is_ok_and(names::is_label_char);
    let holds = |bit: u32, condition: bool| op & bit == 0 || condition;
    holds(BEGIN_LINE, before < 0 || before == newline)
        && holds(BEGIN_TEXT, before < 0)
        && holds(END_LINE, after < 0 || after == newline)
        && holds(END_TEXT, after < 0)
        && holds(WORD_BOUNDARY, word(before) != word(after))
        && holds(NO_WORD_BOUNDARY, word(before) == word(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quirk(pattern: &str) -> Option<OnePass> {
        OnePass::quirk(pattern, &crate::regexp::go_tree(pattern).expect("valid"))
    }

    #[test]
    fn a_surrogate_in_a_one_pass_prefix_is_written_as_the_replacement_character() {
        let one_pass = quirk(r"\x{D800}c.").expect("one-pass, surrogate prefix");
        assert!(one_pass.is_match("\u{FFFD}c-"));
        assert!(!one_pass.is_match("\u{FFFD}c"));
        assert!(!one_pass.is_match("\u{FFFD}d-"));
        let one_pass = quirk(r"a\x{DFFF}(b|c)+").expect("one-pass");
        assert!(one_pass.is_match("a\u{FFFD}bcb"));
        assert!(!one_pass.is_match("a\u{FFFD}bcd"));
    }

    #[test]
    fn the_one_pass_machine_answers_as_re2_elsewhere() {
        let one_pass = [
            "abc",
            "a(b|c)*d",
            "x{2,5}y",
            "(?i)k+",
            "a|b",
            "a*?b",
            "(a)(b)?",
            "[a-c]+d",
            "(?m)^a$\\n?",
            "a\\bb|a\\B ",
            "(?:ab)*c",
            "\\pL+ ",
            "k.?",
            "(?-s:.)+\\n",
            "\\Aab\\z",
        ];
        let not_one_pass = ["a*a", "(a|b)*a", ".*x", "a?a"];
        for pattern in not_one_pass {
            assert!(OnePass::compile(pattern).is_none(), "{pattern}");
        }
        let alphabet = [
            'a', 'b', 'c', 'd', 'x', 'y', 'k', 'K', '\u{212A}', '\n', ' ',
        ];
        let mut values = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = values
                .iter()
                .filter(|v| v.chars().count() == values.last().map_or(0, |l| l.chars().count()))
                .flat_map(|v| alphabet.iter().map(move |c| format!("{v}{c}")))
                .collect();
            values.extend(longer);
        }
        for pattern in one_pass {
            let machine = OnePass::compile(pattern).unwrap_or_else(|| panic!("{pattern}"));
            let tree = crate::regexp::go_tree(pattern).expect("valid");
            let nfa = super::super::vm::Program::new(&tree).expect("compiles");
            for value in &values {
                assert_eq!(
                    machine.is_match(value),
                    nfa.is_match(value),
                    "{pattern} on {value:?}"
                );
            }
        }
    }

    #[test]
    fn deep_and_long_patterns_are_bounded() {
        // Go's height limit allows 998 groups; the program stays short.
        let deep = format!("{}\\x{{D800}}a{}", "(?:".repeat(990), ")".repeat(990));
        assert!(quirk(&deep).is_some_and(|one_pass| one_pass.is_match("\u{FFFD}a")));
        // A thousand instructions or more: never one-pass.
        assert!(quirk(&format!("\\x{{D800}}{}", "(a)".repeat(400))).is_none());
        assert!(quirk(r"\x{D800}b{999}").is_none());
        assert!(quirk(r"\x{D800}b{99}").is_some());
    }

    #[test]
    fn other_patterns_take_the_nfa() {
        // No surrogate; a surrogate past the prefix; not one-pass; a folded literal first.
        for pattern in [
            "abc",
            r"a*\x{D800}",
            r"(a|ab)\x{D800}",
            r"(?i)k\x{D800}",
            r"\x{D7FF}",
        ] {
            assert!(quirk(pattern).is_none(), "{pattern}");
        }
    }
}
