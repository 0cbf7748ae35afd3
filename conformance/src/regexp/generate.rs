//! Pattern generators, by family: what Pyroscope users write, the whole of Go's syntax, single
//! edits of valid patterns, soups of metacharacters, Unicode, counts near Go's limit of 1,000,
//! and long or deep patterns near Go's tree limits (`long.rs`).

use super::listed::LISTED;
use super::long;
use super::syntax::Syntax;
use crate::rng::{pick, Rng};

/// A family of generated patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Hand-written edge cases, the same every run.
    Listed,
    Realistic,
    Syntax,
    Corrupt,
    Soup,
    Unicode,
    Counts,
    Long,
}

impl Family {
    pub const ALL: [Family; 8] = [
        Family::Listed,
        Family::Realistic,
        Family::Syntax,
        Family::Corrupt,
        Family::Soup,
        Family::Unicode,
        Family::Counts,
        Family::Long,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Listed => "listed",
            Family::Realistic => "realistic",
            Family::Syntax => "syntax",
            Family::Corrupt => "corrupt",
            Family::Soup => "soup",
            Family::Unicode => "unicode",
            Family::Counts => "counts",
            Family::Long => "long",
        }
    }

    /// How many of every thousand fresh patterns come from the family. Long patterns are few:
    /// each costs both sides far more than a short one.
    pub fn per_mille(self) -> usize {
        match self {
            Family::Listed => 0,
            Family::Realistic => 150,
            Family::Syntax => 300,
            Family::Corrupt => 220,
            Family::Soup => 150,
            Family::Unicode => 90,
            Family::Counts => 87,
            Family::Long => 3,
        }
    }

    /// A family drawn by [`Family::per_mille`].
    pub fn draw(rng: &mut Rng) -> Family {
        rng.per_mille(&Family::ALL, Family::per_mille)
            .unwrap_or(Family::Syntax)
    }

    pub fn generate(self, rng: &mut Rng) -> String {
        match self {
            Family::Listed => (*rng.pick(LISTED)).to_owned(),
            Family::Realistic => realistic(rng),
            Family::Syntax => Syntax::new(rng, 4).regex(0),
            Family::Corrupt => corrupt(rng),
            Family::Soup => soup(rng),
            Family::Unicode => unicode(rng),
            Family::Counts => counts(rng),
            Family::Long => long::generate(rng),
        }
    }
}

const WORDS: &[&str] = &[
    "prod",
    "staging",
    "dev",
    "api",
    "worker",
    "scheduler",
    "checkout",
    "cart",
    "payment",
    "frontend",
    "backend",
    "eu-west-1",
    "us-east-1",
    "ap-south-1",
    "ingester",
    "querier",
    "pyroscope",
    "grafana",
    "cpu",
    "alloc_space",
    "web",
    "db",
    "canary",
    "v1",
    "v2",
    "main",
    "service.name",
    "node-7",
    "10.0.3.4:4040",
    "/api/v1/push",
    "GET",
    "foo",
    "bar",
];

/// A word, with its regex metacharacters escaped or not.
fn word(rng: &mut Rng) -> String {
    let w = *rng.pick(WORDS);
    if rng.percent(70) {
        quote_meta(w)
    } else {
        w.to_owned()
    }
}

/// One of `items`, as a string slice.
pub fn quote_meta(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

const TEMPLATES: &[&str] = &[
    "W",
    "W|W",
    "W|W|W",
    "(W|W)",
    "(W|W|W|W)",
    "W-.*",
    ".*W.*",
    ".*W",
    "W.*",
    "(?i)W.*",
    "(?i)W",
    "W-[0-9a-f]{9,10}-[a-z0-9]{5}",
    "[a-z-]+-[0-9a-f]{9,10}-[a-z0-9]{5}",
    "/users/[0-9]+\\.json",
    "5..",
    "[45]..",
    "(W|W)-v[0-9]+",
    "^W$",
    "W(-canary)?",
    ".+",
    ".*",
    "",
    "v1\\.2\\.[0-9]+",
    "(?:W|W)/.*",
    "\\d{3}",
    "W\\b",
    ".*(W|W).*",
    ".*W.*|.*W.*",
    ".*W.*|.*W.*|.*W.*",
    "10\\.0\\..*:4040",
    "W|",
    "|W",
    "(?i)(W|W)",
    "W[0-9]*",
    "W\\d+",
    "[^/]+/W",
    "(W)?W",
    "W{2}",
    "(?s)W.W",
    "(?-s)W.W",
    "W_[a-z]+_total",
    "\\QW\\E.*",
    "W|W.*",
    "(W|.*W)",
    "[[:alpha:]]+-W",
    "\\w+@W",
    "W\\.(W|W)",
    "(?P<name>W)-.*",
];

fn realistic(rng: &mut Rng) -> String {
    let template = *rng.pick(TEMPLATES);
    let mut out = String::new();
    for c in template.chars() {
        if c == 'W' {
            out.push_str(&word(rng));
        } else {
            out.push(c);
        }
    }
    out
}

/// One insertion, deletion or replacement in a valid pattern.
fn corrupt(rng: &mut Rng) -> String {
    let base = if rng.percent(40) {
        realistic(rng)
    } else {
        Syntax::new(rng, 3).regex(0)
    };
    let mut chars: Vec<char> = base.chars().collect();
    let metas = [
        '(', ')', '[', ']', '{', '}', '|', '*', '+', '?', '\\', '^', '$', '.', '-', ':', '<', '>',
        'P', 'Q', 'E', 'p', 'x', '0', ',', '^',
    ];
    let edits = if rng.percent(85) { 1 } else { 2 };
    for _ in 0..edits {
        let at = rng.below(chars.len() + 1);
        let c = if rng.percent(80) {
            *rng.pick(&metas)
        } else {
            char::from(rng.range(0x20, 0x7e) as u8)
        };
        match rng.below(3) {
            0 => chars.insert(at, c),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ if at < chars.len() => chars[at] = c,
            _ => chars.push(c),
        }
    }
    chars.into_iter().collect()
}

const SOUP: &[&str] = &[
    "(", ")", "(?", "(?:", "(?P<", "(?<", ">", "|", "[", "]", "[^", "[:", ":]", "^", "$", ".", "*",
    "+", "?", "*?", "{2}", "{2,", "{,3}", "{", "}", "{1000}", "{1001}", "\\", "\\Q", "\\E", "\\p",
    "\\P", "{L}", "\\x", "\\x{", "a", "b", "0", "1", "9", "-", ":", "=", "!", "<", "'", "_", "é",
    "☺", "\u{FFFD}", "i", "m", "s", "U", "x", "P", "\\d", "\\b", "\\z", "\\8", "\\1", ",", "&&",
];

fn soup(rng: &mut Rng) -> String {
    let n = rng.range(1, 12);
    (0..n).map(|_| *rng.pick(SOUP)).collect()
}

fn unicode(rng: &mut Rng) -> String {
    const CHARS: &[&str] = &[
        "é",
        "ß",
        "ẞ",
        "☺",
        "日本",
        "𝔘",
        "\u{FFFD}",
        "e\u{301}",
        "שלום",
        "Ω",
        "ω",
        "Ǆ",
        "ǅ",
        "ǆ",
        "K",
        "k",
        "\u{212A}",
        "ſ",
        "İ",
        "ı",
        "Σ",
        "σ",
        "ς",
        "θ",
        "ϑ",
        "\u{10400}",
        "\u{1E943}",
        "\u{1E900}",
        "\u{10FFFF}",
        "\u{0}",
        "\u{7f}",
        "\u{85}",
        "\u{2028}",
    ];
    let mut syntax = Syntax::new(rng, 2);
    let mut out = String::new();
    let n = syntax.rng().range(1, 5);
    for _ in 0..n {
        match syntax.rng().below(8) {
            0 => out.push_str("(?i)"),
            1 => out.push_str(&syntax.unicode_class()),
            2 => {
                let lo = *syntax.rng().pick(CHARS);
                let hi = *syntax.rng().pick(CHARS);
                let caret = if syntax.rng().percent(30) { "^" } else { "" };
                let (lo, hi) = (
                    lo.chars().next().unwrap_or('a'),
                    hi.chars().next().unwrap_or('a'),
                );
                out.push_str(&format!("[{caret}{lo}-{hi}]"));
            }
            3 => out.push_str(&syntax.class()),
            4 => out.push_str(&syntax.repeat()),
            _ => out.push_str(pick(syntax.rng(), CHARS)),
        }
    }
    out
}

/// Counts and nested counts near Go's limit of 1,000 copies.
fn counts(rng: &mut Rng) -> String {
    let atom = *rng.pick(&[
        "a", "[ab]", ".", "(?:ab)", "(a|b)", "\\pL", "(?i)k", "()", "(?:)",
    ]);
    let near = |rng: &mut Rng| -> usize {
        match rng.below(4) {
            0 => rng.range(995, 1005),
            1 => rng.range(0, 3),
            _ => [
                2, 3, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 333, 500,
            ][rng.below(16)],
        }
    };
    let count = |rng: &mut Rng| -> String {
        let n = near(rng);
        match rng.below(5) {
            0 => format!("{{{n},}}"),
            1 => format!("{{0,{n}}}"),
            2 => format!("{{{},{n}}}", rng.below(n + 1)),
            _ => format!("{{{n}}}"),
        }
    };
    let mut out = atom.to_owned();
    let levels = rng.range(1, 4);
    for _ in 0..levels {
        out.push_str(&count(rng));
        if rng.percent(30) {
            out.push_str(pick(rng, &["*", "+", "?", "", "|b", "b"]));
        }
        out = match rng.below(4) {
            0 => format!("({out})"),
            1 => format!("(?:{out}|c)"),
            2 => format!("(?:x{out})"),
            _ => format!("(?:{out})"),
        };
    }
    out.push_str(&count(rng));
    out
}
