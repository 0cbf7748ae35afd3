//! Long and deep patterns: near Go's height limit (1,000 levels), its size limit (3,355,443
//! instructions), its rune limit (33,554,432 runes in classes), the second compilation of
//! `^(?s:…)$` that adds a level and two instructions, and shapes that would make a careless
//! reader slow (`\Q` without `\E`, thousands of `[:`).

use super::syntax::Syntax;
use crate::rng::{pick, Rng};

/// `\pL` holds 646 ranges, 1,292 runes.
const LETTER_RUNES: usize = 1292;
const MAX_RUNES: usize = 33_554_432;
const MAX_SIZE: usize = 3_355_443;

pub fn generate(rng: &mut Rng) -> String {
    let mut out = match rng.below(14) {
        0 => nested_captures(rng),
        1 => nested_alternations(rng),
        2 => nested_stars(rng),
        3 => nested_letters(rng),
        4 => letters(rng),
        5 => sized(rng),
        6 => sized_with_rest(rng),
        7 => tracked(rng),
        8 => literal_alternatives(rng),
        9 => slow_shapes(rng),
        10 => deep_open(rng),
        11 => many_flags(rng),
        12 => prefix_chain(rng),
        _ => tracked(rng),
    };
    // Something after the limit, to see which error comes first.
    if rng.percent(20) {
        out.push_str(pick(
            rng,
            &[")", "(", "[", "*", "\\", "a**", "{1001}", "|", "x"],
        ));
    }
    out
}

/// `((…(a)…))`: 999 levels pass the first parse and fail the second.
fn nested_captures(rng: &mut Rng) -> String {
    let depth = rng.range(990, 1003);
    let open = *rng.pick(&["(", "(?P<n>", "(?i:(", "(x"]);
    let core = *rng.pick(&["a", "", "[ab]", "a|b", ".*"]);
    let mut out = open.repeat(depth);
    out.push_str(core);
    out.push_str(&")".repeat(depth * open.matches('(').count()));
    out
}

/// `(a|(a|(…)))`, and an alternation at the top of a tree 1,000 high.
fn nested_alternations(rng: &mut Rng) -> String {
    let depth = rng.range(490, 505);
    if rng.percent(50) {
        let mut out = "(a|".repeat(depth);
        out.push('b');
        out.push_str(&")".repeat(depth));
        out
    } else {
        let depth = rng.range(995, 1000);
        format!("a|{}b{}", "(".repeat(depth), ")".repeat(depth))
    }
}

/// `(a(a(…)*)*)*` and `a*(?i)*(?i)*…`.
fn nested_stars(rng: &mut Rng) -> String {
    if rng.percent(50) {
        let depth = rng.range(325, 340);
        let mut out = "(a".repeat(depth);
        out.push_str(&")*".repeat(depth));
        out
    } else {
        let depth = rng.range(990, 1005);
        let mut out = String::from("a");
        for _ in 0..depth {
            out.push_str(pick(rng, &["*(?i)", "+(?-i)", "?\\Q\\E"]));
        }
        out.push('*');
        out
    }
}

/// `(?:(?:…\pL…))`: each level counts the class's runes three more times.
fn nested_letters(rng: &mut Rng) -> String {
    let threshold = MAX_RUNES / (3 * LETTER_RUNES);
    let depth = rng.range(threshold - 40, threshold + 20);
    format!("{}\\pL{}", "(?:".repeat(depth), ")".repeat(depth))
}

/// `\pL\pL…`: 1,292 runes each.
fn letters(rng: &mut Rng) -> String {
    let threshold = MAX_RUNES / LETTER_RUNES;
    let n = rng.range(threshold - 60, threshold + 30);
    let class = *rng.pick(&["\\pL", "[\\pL]", "\\PL", "\\p{L}"]);
    class.repeat(n)
}

/// `(?:a.a.…){1000}`: 2,000 instructions for each pair.
fn sized(rng: &mut Rng) -> String {
    let count = *rng.pick(&[1000, 999, 500]);
    let pairs = MAX_SIZE / (2 * count);
    let pairs = rng.range(pairs - 3, pairs + 3);
    let pair = *rng.pick(&["a.", ".a", "[a-c].", "a\\d"]);
    format!("(?:{}){{{count}}}", pair.repeat(pairs))
}

/// A sized repetition and just enough after it to be one or two instructions from the limit,
/// where the second compilation's `^` and `$` decide.
fn sized_with_rest(rng: &mut Rng) -> String {
    let body = format!("(?:{}){{1000}}", "a.".repeat(1677));
    let rest = rng.range(1430, 1450);
    body + &".".repeat(rest)
}

/// Counts first, so that Go tracks sizes from the start, then many nodes: Go's memoized
/// sizes, stale or not, decide.
fn tracked(rng: &mut Rng) -> String {
    let mut out = String::from(*rng.pick(&["a{1000}b{1000}c{1000}", "(?:x{1000}){1000}", ""]));
    let pieces = rng.range(200, 1500);
    let mut syntax = Syntax::new(rng, 2);
    for _ in 0..pieces {
        out.push_str(&syntax.regex(1));
        if syntax.rng().percent(30) {
            out.push_str(&syntax.repeat());
        }
    }
    out
}

/// Long alternations of literals sharing prefixes, which Go factors.
fn literal_alternatives(rng: &mut Rng) -> String {
    let n = rng.range(200, 3000);
    let mut out = String::from(*rng.pick(&["(", "(?:", "", "a{1000}|"]));
    for i in 0..n {
        if i > 0 {
            out.push('|');
        }
        let stem = *rng.pick(&["svc-", "svc-a", "api-", "a", "ab", ""]);
        out.push_str(stem);
        out.push_str(&format!("{:x}", rng.below(4096)));
        if rng.percent(5) {
            out.push_str(pick(rng, &[".*", "[0-9]", "x{1000}", "(?i)k"]));
        }
    }
    if out.starts_with('(') {
        out.push(')');
    }
    out.push_str(pick(rng, &["", ".*", "{2}", "+"]));
    out
}

/// Shapes a reader could spend quadratic time on.
fn slow_shapes(rng: &mut Rng) -> String {
    let n = rng.range(20_000, 120_000);
    match rng.below(6) {
        0 => format!("\\Q{}", "ab\\".repeat(n / 3)),
        1 => format!("[{}", "[:".repeat(n / 2)),
        2 => format!("[{}]", "[:a".repeat(n / 3)),
        3 => "(?P<a".repeat(n / 5),
        4 => "{1,".repeat(n / 3),
        _ => "\\p{".repeat(n / 3),
    }
}

/// `a|aa|aaa|…`: Go factors it into a tree as deep as it has alternatives.
fn prefix_chain(rng: &mut Rng) -> String {
    let n = rng.range(150, 600);
    let letter = *rng.pick(&["a", "ab", "(?i)k", "[ab]", "é"]);
    let mut alternatives: Vec<String> = (1..=n).map(|k| letter.repeat(k)).collect();
    if rng.percent(50) {
        alternatives.reverse();
    }
    alternatives.join("|") + *rng.pick(&[".", "", "$", "x*"])
}

/// Many groups left open.
fn deep_open(rng: &mut Rng) -> String {
    let n = rng.range(1000, 20_000);
    let open = *rng.pick(&["(", "(?:", "(?i:", "(a|"]);
    open.repeat(n)
}

/// Thousands of flag groups and case-insensitive classes.
fn many_flags(rng: &mut Rng) -> String {
    let n = rng.range(500, 5000);
    let piece = *rng.pick(&["(?i)[a-z]", "(?i:k)(?-i)", "(?i)\\w(?s).", "(?i)\\pL"]);
    piece.repeat(n)
}
