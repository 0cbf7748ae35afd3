//! The huge family: inputs of a kibibyte to a mebibyte.

use super::tables::one;
use crate::rng::Rng;

/// A huge input: long values, many matchers, long names, many escapes or comments.
pub fn huge(rng: &mut Rng) -> Vec<u8> {
    let n = one(rng, &[1 << 10, 1 << 16, 1 << 20]);
    let s = match rng.below(8) {
        0 => format!("{{a=\"{}\"}}", "x".repeat(n)),
        1 => {
            let mut s = String::from("{");
            for i in 0..(n / 10).min(100_000) {
                s.push_str(&format!("a{i}=\"v\","));
            }
            s.push('}');
            s
        }
        2 => format!("{}{{}}", "a".repeat(n)),
        3 => format!("{{a=\"{}\"}}", "\\n\\x41".repeat(n / 6)),
        4 => format!("{{a=\"b\"}}{}", "# c\n".repeat(n / 4)),
        5 => format!("{{a=~\"{}\"}}", "(a|b)".repeat(n / 5)),
        6 => format!("{{a=\"{}", "x".repeat(n)),
        _ => format!("{{{}}}", "a=\"b\" ".repeat(n / 6)),
    };
    s.into_bytes()
}
