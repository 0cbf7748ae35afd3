//! The tokens family: PromQL's tokens and near-tokens, in soups and in pairs.

use super::tables::one;
use crate::rng::Rng;

/// PromQL's tokens and near-tokens, as soups and pairs are made of.
pub const TOKENS: &[&str] = &[
    "{",
    "}",
    ",",
    "=",
    "!=",
    "=~",
    "!~",
    "==",
    "<",
    "</",
    ">/",
    "<=",
    ">=",
    ">",
    "!",
    "(",
    ")",
    "[",
    "]",
    "@",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    ":",
    ";",
    "?",
    "$",
    ".",
    "~",
    "#",
    "1",
    "1.5",
    "0x1F",
    "1e",
    ".5",
    "5m",
    "1h30m",
    "1foo",
    "a",
    "a:b",
    "service_name",
    "sum",
    "by",
    "bool",
    "on",
    "inf",
    "nan",
    "fill",
    "fill_left",
    "start",
    "offset",
    "\"x\"",
    "'x'",
    "`x`",
    "\"",
    "'",
    "`",
    "\"\\xff\"",
    "\"\\q\"",
    "# c\n",
    " ",
    "\t",
    "\n",
    "\r",
    "\0",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "\u{a0}",
    "\x7f",
];

/// A soup of tokens, or now and then a byte that is not UTF-8.
pub fn tokens(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.range(1, 8) {
        if rng.percent(4) {
            out.push(one(rng, &[0xff, 0x80, 0xc3, 0xe2, 0xf0, 0xed]));
        } else {
            out.extend_from_slice(rng.pick(TOKENS).as_bytes());
        }
    }
    out
}

/// Every pair of tokens, and every token alone.
pub fn all_token_pairs() -> Vec<String> {
    let mut out: Vec<String> = TOKENS.iter().map(|t| t.to_string()).collect();
    for a in TOKENS {
        for b in TOKENS {
            out.push(format!("{a}{b}"));
        }
    }
    out
}
