//! Matching cases, by family: an operator, a pattern and the values it is tried on. Patterns
//! are what Pyroscope users write, the whole of Go's syntax (the regex lab's generators), case
//! folding look-alikes, sets of 16 to 300 alternatives, single-edit corruptions, and patterns
//! the `regex` crate cannot build; the hand-written ones are in `listed`, and the values come
//! from `values`.

use super::listed::LISTED;
use super::values::values;
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
