//! The values a pattern is tried on, drawn from the pattern itself (a sample of what it
//! matches, then single edits, case and look-alike swaps, cuts), so that they hit and nearly
//! miss.

use pyroql::regexp::{self, NodeKind, RepeatOp};

use crate::rng::pick;
use crate::rng::Rng;

/// Characters values are made of, besides the pattern's own.
const VALUE_CHARS: &[&str] = &[
    "a",
    "b",
    "x",
    "z",
    "A",
    "Z",
    "0",
    "9",
    "-",
    "_",
    ".",
    ":",
    "/",
    " ",
    "\n",
    "é",
    "e\u{301}",
    "k",
    "K",
    "\u{212A}",
    "s",
    "S",
    "ſ",
    "σ",
    "ς",
    "Σ",
    "ß",
    "ẞ",
    "Ｌ",
    "ﬁ",
    "日",
    "☺",
    "\u{FFFD}",
    "\u{0}",
    "\u{10FFFF}",
    "\u{1C89}",
    "\u{2028}",
    "ǅ",
    "İ",
    "ı",
];

/// Values for `pattern`: samples of what it matches, and near misses.
pub fn values(pattern: &str, rng: &mut Rng, n: usize) -> Vec<String> {
    let sample = sampler(pattern);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let base = match &sample {
            Some(ast) if i % 4 != 3 => sample_ast(ast, rng),
            _ if i == 0 => String::new(),
            _ if rng.percent(50) => pattern.to_owned(),
            _ => (0..rng.range(0, 6))
                .map(|_| pick(rng, VALUE_CHARS))
                .collect(),
        };
        let value = if i % 2 == 1 || rng.percent(20) {
            mutate(&base, rng)
        } else {
            base
        };
        out.push(value);
    }
    out
}

fn sampler(pattern: &str) -> Option<regexp::Ast> {
    if pattern.len() > 20_000 {
        return None;
    }
    regexp::parse(pattern).ok()
}

/// One edit: a character inserted, dropped or replaced, a case or look-alike swap, a cut.
fn mutate(value: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let at = rng.below(chars.len() + 1);
    match rng.below(8) {
        0 => {
            let c = pick(rng, VALUE_CHARS);
            chars.splice(at..at, c.chars());
        }
        1 if at < chars.len() => {
            chars.remove(at);
        }
        2 if at < chars.len() => {
            let c: Vec<char> = rng.pick(VALUE_CHARS).chars().collect();
            chars.splice(at..at + 1, c);
        }
        3 => {
            // Case swaps, everywhere.
            return value
                .chars()
                .map(|c| {
                    if c.is_lowercase() {
                        c.to_uppercase().next().unwrap_or(c)
                    } else {
                        c.to_lowercase().next().unwrap_or(c)
                    }
                })
                .collect();
        }
        4 => {
            // Look-alikes: folds and compatibility forms of the same letter.
            const SWAPS: &[(&str, &str)] = &[
                ("k", "\u{212A}"),
                ("K", "\u{212A}"),
                ("s", "ſ"),
                ("S", "ſ"),
                ("σ", "ς"),
                ("Σ", "ς"),
                ("a", "ａ"),
                ("l", "Ｌ"),
                ("fi", "ﬁ"),
                ("é", "e\u{301}"),
                ("e\u{301}", "é"),
                ("ß", "ẞ"),
                ("Å", "\u{212B}"),
                ("i", "İ"),
                ("c", "Ｃ"),
            ];
            let (from, to) = *rng.pick(SWAPS);
            return value.replacen(from, to, 1 + rng.below(3));
        }
        5 => {
            chars.truncate(at);
        }
        6 => {
            let extra = pick(rng, VALUE_CHARS);
            return format!("{value}{extra}");
        }
        _ => {
            let extra = pick(rng, VALUE_CHARS);
            return format!("{extra}{value}");
        }
    }
    chars.into_iter().collect()
}

/// A value the pattern (read through its syntax tree) likely matches. Flags are followed
/// roughly: under `(?i)` a letter may change case.
fn sample_ast(ast: &regexp::Ast, rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut stack = vec![ast.root_id()];
    let mut fold = false;
    let mut budget = 4000;
    while let Some(id) = stack.pop() {
        budget -= 1;
        if budget == 0 || out.len() > 4000 {
            break;
        }
        let Some(node) = ast.get(id) else { break };
        match &node.kind {
            NodeKind::Empty | NodeKind::Assertion(_) => {}
            NodeKind::Flags(flags) => {
                fold = flags
                    .apply(if fold {
                        regexp::FlagSet::CASE_INSENSITIVE
                    } else {
                        regexp::FlagSet::NONE
                    })
                    .contains(regexp::FlagSet::CASE_INSENSITIVE);
            }
            NodeKind::Literal(literal) => {
                let c = literal.char().unwrap_or('\u{FFFD}');
                if fold && rng.percent(40) {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
            }
            NodeKind::Dot => out.push_str(pick(rng, VALUE_CHARS)),
            NodeKind::Perl(_) | NodeKind::Unicode(_) => out.push_str(pick(rng, VALUE_CHARS)),
            NodeKind::Bracket(bracket) => {
                let ranges: Vec<(u32, u32)> = bracket
                    .items
                    .iter()
                    .filter_map(|item| match item.kind {
                        regexp::ClassItemKind::Range { lo, hi } => Some((lo, hi)),
                        _ => None,
                    })
                    .collect();
                match (bracket.negated, ranges.is_empty()) {
                    (false, false) => {
                        let (lo, hi) = *rng.pick(&ranges);
                        let c = lo + rng.below((hi.saturating_sub(lo) as usize).min(64) + 1) as u32;
                        out.push(char::from_u32(c).unwrap_or('a'));
                    }
                    _ => out.push_str(pick(rng, VALUE_CHARS)),
                }
            }
            NodeKind::Repeat(repeat) => {
                let (min, max) = match repeat.op {
                    RepeatOp::ZeroOrMore => (0, 3),
                    RepeatOp::OneOrMore => (1, 3),
                    RepeatOp::ZeroOrOne => (0, 1),
                    RepeatOp::Counted { min, max } => {
                        (min as usize, max.map_or(min as usize + 2, |m| m as usize))
                    }
                };
                let times = rng.range(min, max.min(min + 3));
                for _ in 0..times.min(1000) {
                    stack.push(repeat.sub);
                }
            }
            NodeKind::Group(group) => stack.push(group.sub),
            NodeKind::Concat(items) => stack.extend(items.iter().rev()),
            NodeKind::Alternation(alternatives) => stack.push(*rng.pick(alternatives)),
        }
    }
    out
}
