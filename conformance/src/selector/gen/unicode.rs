//! The unicode family: code points from all of Unicode, where Prometheus' messages quote them.

use crate::rng::Rng;

/// A code point somewhere in Unicode, weighted towards the planes in use.
fn code_point(rng: &mut Rng) -> char {
    loop {
        let c = match rng.below(10) {
            0..=3 => rng.range(0x80, 0xFFFF),
            4 => rng.range(0, 0x7f),
            5..=7 => rng.range(0x1_0000, 0x3_FFFF),
            _ => rng.range(0x4_0000, 0x10_FFFF),
        };
        if let Some(c) = char::from_u32(c as u32) {
            return c;
        }
    }
}

/// How many places [`unicode_in`] knows.
pub const UNICODE_PLACES: usize = 8;

/// `c` where Prometheus' messages quote it.
pub fn unicode_in(c: char, place: usize) -> String {
    match place {
        0 => format!("{{{c}}}"),
        1 => format!("{c}"),
        2 => format!("{{a=\"b\"}} {c}"),
        3 => format!("{{a=\"\\{c}\"}}"),
        4 => format!("{{a!{c}\"b\"}}"),
        5 => format!("\"{c}\"{{}}"),
        6 => format!("{{a=\"{c}\"}}"),
        _ => format!("{{a=~\"{c}[\"}}"),
    }
}

/// A code point in a place where a message quotes it.
pub fn unicode(rng: &mut Rng) -> String {
    let c = code_point(rng);
    unicode_in(c, rng.below(UNICODE_PLACES))
}
