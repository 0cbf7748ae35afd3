//! Matching cases, by family: an operator, a pattern and the values it is tried on. Patterns
//! are what Pyroscope users write, the whole of Go's syntax (the regex lab's generators), case
//! folding look-alikes, sets of 16 to 300 alternatives, single-edit corruptions, and patterns
//! the `regex` crate cannot build (the hand-written ones are in `listed`); values are drawn
//! from the pattern itself (a sample of what it matches, then single edits, case and
//! look-alike swaps, cuts), so that they hit and nearly miss.

use pyroql::regexp::{self, NodeKind, RepeatOp};

use super::listed::LISTED;
use crate::regexp::generate::{quote_meta, Family as PatternFamily};
use crate::regexp::syntax::Syntax;
use crate::rng::pick;
use crate::rng::Rng;

/// A family of generated matching cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Hand-written cases, the same every run.
    Listed,
    /// What Pyroscope users write.
    Realistic,
    /// Go's whole syntax.
    Syntax,
    /// Case-insensitive literals, prefixes, suffixes and substrings with letters whose case
    /// partners are other bytes (`K`/`\u{212A}`, `s`/`ſ`, `σ`/`ς`), against look-alikes.
    Fold,
    /// Alternations of 16 to 300 strings or prefixes, either case.
    Sets,
    /// Single edits of valid patterns.
    Corrupt,
    /// Go's errors: soups of metacharacters, counts near 1,000.
    Errors,
    /// Nested 249 to 998 deep, or over the `regex` crate's size limit.
    Large,
    /// Surrogate escapes (`\x{D800}`) in leading literals and elsewhere, before tails Go's
    /// one-pass analysis takes and refuses.
    Surrogates,
    /// `=` and `!=`.
    Equality,
}

impl Family {
    pub const ALL: [Family; 10] = [
        Family::Listed,
        Family::Realistic,
        Family::Syntax,
        Family::Fold,
        Family::Sets,
        Family::Corrupt,
        Family::Errors,
        Family::Large,
        Family::Surrogates,
        Family::Equality,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Listed => "listed",
            Family::Realistic => "realistic",
            Family::Syntax => "syntax",
            Family::Fold => "fold look-alikes",
            Family::Sets => "sets of 16-300",
            Family::Corrupt => "corrupt",
            Family::Errors => "errors",
            Family::Large => "large or deep",
            Family::Surrogates => "surrogate escapes",
            Family::Equality => "= and !=",
        }
    }

    /// How many of every thousand fresh cases come from the family.
    fn per_mille(self) -> usize {
        match self {
            Family::Listed => 20,
            Family::Realistic => 220,
            Family::Syntax => 240,
            Family::Fold => 170,
            Family::Sets => 100,
            Family::Corrupt => 120,
            Family::Errors => 70,
            Family::Large => 4,
            Family::Surrogates => 10,
            Family::Equality => 46,
        }
    }

    pub fn draw(rng: &mut Rng) -> Family {
        rng.per_mille(&Family::ALL, Family::per_mille)
            .unwrap_or(Family::Syntax)
    }
}

/// One case: `l <op> pattern`, tried on each of `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub family: Family,
    pub op: &'static str,
    pub pattern: String,
    pub values: Vec<String>,
}

/// Values per case.
const VALUES: usize = 8;

pub fn generate(family: Family, rng: &mut Rng) -> Case {
    let pattern = match family {
        Family::Listed => (*rng.pick(LISTED)).to_owned(),
        Family::Realistic => realistic(rng),
        Family::Syntax => Syntax::new(rng, 4).regex(0),
        Family::Fold => fold(rng),
        Family::Sets => set(rng),
        Family::Corrupt => PatternFamily::Corrupt.generate(rng),
        Family::Errors => {
            if rng.percent(50) {
                PatternFamily::Soup.generate(rng)
            } else if rng.percent(50) {
                PatternFamily::Counts.generate(rng)
            } else {
                PatternFamily::Unicode.generate(rng)
            }
        }
        Family::Large => large(rng),
        Family::Surrogates => surrogates(rng),
        Family::Equality => word(rng),
    };
    let op = if family == Family::Equality {
        *rng.pick(&["=", "!="])
    } else if rng.percent(80) {
        "=~"
    } else {
        "!~"
    };
    let values = values(&pattern, rng, VALUES);
    Case {
        family,
        op,
        pattern,
        values,
    }
}

const WORDS: &[&str] = &[
    "prod",
    "staging",
    "dev",
    "api",
    "worker",
    "checkout",
    "cart",
    "payment",
    "frontend",
    "eu-west-1",
    "us-east-1",
    "ingester",
    "querier",
    "pyroscope",
    "cpu",
    "alloc_space",
    "web",
    "canary",
    "v1",
    "main",
    "node-7",
    "10.0.3.4:4040",
    "/api/v1/push",
    "foo",
    "bar",
    "Kube",
    "SSO",
    "σίσυφος",
    "ΣΊΣΥΦΟΣ",
    "straße",
    "local",
    "LOＣＡＬ",
    "ﬁle",
    "café",
    "cafe\u{301}",
    "日本",
    "Å",
    "\u{212B}ngström",
    "ǅemal",
    "İstanbul",
    "ıi",
    "\u{212A}elvin",
    "ſtar",
];

fn word(rng: &mut Rng) -> String {
    (*rng.pick(WORDS)).to_owned()
}

/// What users write, from the regex lab and these templates.
fn realistic(rng: &mut Rng) -> String {
    const TEMPLATES: &[&str] = &[
        "W|W",
        "W|W|W|W|W|W",
        "W-.*",
        "W.*",
        ".*W",
        ".*W.*",
        "(?i)W.*",
        "(?i).*W",
        "(?i).*W.*",
        "(?i)W",
        "(?i)W|W",
        "10\\.0\\..*:4040",
        "W.*W",
        "W.+",
        ".+W",
        ".*W.*W.*",
        "(W|W)-.*",
        "W-(W|W)",
        "^W$",
        "W\\d+",
        "[a-z-]+-[0-9a-f]{9,10}-[a-z0-9]{5}",
        "W-[0-9a-f]{9,10}-[a-z0-9]{5}",
        "(?i)(W|W|W)-.*",
        "W(-canary)?",
        ".*(W|W).*",
        ".*W.*|.*W.*",
        "W|.*W",
        "(W)?W",
        "W.?",
    ];
    if rng.percent(35) {
        return PatternFamily::Realistic.generate(rng);
    }
    let template = *rng.pick(TEMPLATES);
    let mut out = String::new();
    for c in template.chars() {
        if c == 'W' {
            let w = word(rng);
            out.push_str(&if rng.percent(80) { quote_meta(&w) } else { w });
        } else {
            out.push(c);
        }
    }
    out
}

/// Leading literals holding surrogate escapes, inside or outside a group, before a tail that
/// Go's one-pass analysis takes or refuses; the values (sampled with U+FFFD for a surrogate)
/// then tell whether the prefix was compared as Go writes it.
fn surrogates(rng: &mut Rng) -> String {
    const SURROGATES: &[&str] = &[
        "\\x{D800}",
        "\\x{dbff}",
        "\\x{DC00}",
        "\\x{DFFF}",
        "\\x{0000d912}",
        "[\\x{D800}]",
    ];
    const LITERALS: &[&str] = &["a", "b", "-", "é", "\\.", "\\x{FFFD}", "\\n"];
    const TAILS: &[&str] = &[
        "",
        "c.",
        "(b|c)+",
        "a*",
        "(a|ab)",
        "[a-z]+\\d",
        "(?i)k",
        "$",
        "\\b",
        "x{2,5}",
        "(?:ab)*c",
        "|other",
        "(x)",
        "a*?b",
        ".*",
        "(?-s:.)",
        "\\pL+",
        "(?m)$",
        "a{0,3}",
        "(a|b)*c",
        ".+x",
        "[^\\n]*",
        "(?:)",
        "\\x{D800}",
        "b|c",
        "(?i)\\x{D800}",
        "[\\x{D800}-\\x{DFFF}]",
        "\\B",
        "a+a",
        "(a+)+",
        "\\z",
    ];
    let mut lead = String::new();
    if rng.percent(15) {
        lead.push('^');
    }
    for _ in 0..rng.range(1, 5) {
        let piece = if rng.percent(50) {
            pick(rng, SURROGATES)
        } else {
            pick(rng, LITERALS)
        };
        lead.push_str(piece);
    }
    let tail = pick(rng, TAILS);
    match rng.below(6) {
        0 => format!("({lead}){tail}"),
        1 => format!("(?:{lead}){tail}"),
        2 => format!("{lead}{tail}|{}", pick(rng, TAILS)),
        3 => format!("(?i){lead}{tail}"),
        _ => format!("{lead}{tail}"),
    }
}

/// Letters whose case partners (or NFKD forms) are other bytes than themselves.
const FOLDING: &[&str] = &[
    "k", "K", "\u{212A}", "s", "S", "ſ", "σ", "ς", "Σ", "µ", "μ", "Μ", "ß", "ẞ", "å", "Å",
    "\u{212B}", "i", "I", "İ", "ı", "ω", "Ω", "\u{2126}", "ǅ", "Ǆ", "ǆ", "θ", "ϑ", "Θ", "ﬁ", "Ｌ",
    "ｌ", "é", "e\u{301}", "É", "ǰ", "ﬀ", "ﬆ", "ᾳ", "ι", "\u{345}", "a", "A", "1", "-",
];

/// A case-insensitive literal, prefix, suffix, substring or short set.
fn fold(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.range(1, 4) {
        text.push_str(pick(rng, FOLDING));
    }
    if rng.percent(30) {
        text.push_str(&word(rng));
    }
    let text = quote_meta(&text);
    let flag = if rng.percent(85) { "(?i)" } else { "" };
    match rng.below(9) {
        0 => format!("{flag}{text}"),
        1 => format!("{flag}{text}.*"),
        2 => format!(".*{flag}{text}"),
        3 => format!(".*{flag}{text}.*"),
        4 => format!("{flag}({text}|{})", quote_meta(pick(rng, FOLDING))),
        5 => format!("{flag}{text}.+"),
        6 => format!("(?-s){flag}.*{text}"),
        7 => format!("{flag}{text}.?"),
        _ => format!("{flag}(?:{text}.*|{}.*)", quote_meta(pick(rng, FOLDING))),
    }
}

/// An alternation of 16 to 300 strings, or of prefixes (`ab.*`), either case.
fn set(rng: &mut Rng) -> String {
    let n = if rng.percent(70) {
        rng.range(14, 40)
    } else {
        rng.range(40, 300)
    };
    let prefixes = rng.percent(30);
    let mut parts = Vec::with_capacity(n);
    for i in 0..n {
        let mut part = match rng.below(4) {
            0 => format!("{}{i}", word(rng)),
            1 => format!("{}-{}", word(rng), pick(rng, FOLDING)),
            2 => format!("{}{}", pick(rng, FOLDING), pick(rng, FOLDING)),
            _ => word(rng),
        };
        part = quote_meta(&part);
        if prefixes && rng.percent(80) {
            part.push_str(pick(rng, &[".*", ".+", ".?", "(?-s).*"]));
        }
        parts.push(part);
    }
    let body = parts.join("|");
    match rng.below(4) {
        0 => format!("(?i){body}"),
        1 => format!("(?i)({body})"),
        2 => format!("({body})"),
        _ => body,
    }
}

/// Patterns the `regex` crate cannot build, and their neighbours.
fn large(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => {
            let n = rng.range(240, 998);
            let open = if rng.percent(50) { "(" } else { "(?:" };
            format!("{}a{}", open.repeat(n), ")".repeat(n))
        }
        1 => format!("\\pL{{{}}}", rng.range(50, 400)),
        2 => format!("(\\pL{{{}}}){{{}}}", rng.range(10, 100), rng.range(2, 10)),
        3 => format!(
            "(?i)[\\p{{Greek}}\\p{{Cyrillic}}]{{{}}}",
            rng.range(50, 300)
        ),
        _ => {
            let n = rng.range(240, 600);
            format!("{}x{}", "(?:a|".repeat(n), ")".repeat(n))
        }
    }
}

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
