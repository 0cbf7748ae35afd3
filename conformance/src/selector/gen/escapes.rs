//! The escapes family: every escape in every quote and every place a string may stand.

use super::tables::{one, ESCAPES};
use crate::rng::Rng;

/// Every escape in every quote, in each place a string may stand (chosen at random here;
/// [`all_escapes`] enumerates them).
pub fn escapes(rng: &mut Rng) -> String {
    let escape = rng.pick(ESCAPES);
    let q = one(rng, &['"', '\'', '`']);
    let place = rng.below(PLACES);
    let before = rng.pick(&["", "a", "é"]);
    let after = rng.pick(&["", "b", "\"", "'", "\n"]);
    escape_in(&format!("{before}{escape}{after}"), q, place)
}

/// How many places [`escape_in`] knows.
pub const PLACES: usize = 7;

/// `text` quoted with `q`, in place `place`.
pub fn escape_in(text: &str, q: char, place: usize) -> String {
    let s = format!("{q}{text}{q}");
    match place {
        0 => format!("{{a={s}}}"),
        1 => format!("{{a=~{s}}}"),
        2 => format!("{{{s}=\"v\"}}"),
        3 => format!("{{{s}}}"),
        4 => format!("{s}{{}}"),
        5 => format!("{{a=\"b\"}} {s}"),
        _ => format!("{{a=\"b\" {s}}}"),
    }
}

/// The whole product of escapes × quotes × places, with a few surroundings.
pub fn all_escapes() -> Vec<String> {
    escapes_around(&[("", ""), ("a", "b"), ("", "\"")])
}

/// The product of escapes × quotes × places, each escape alone in its string.
pub fn all_escapes_alone() -> Vec<String> {
    escapes_around(&[("", "")])
}

fn escapes_around(surroundings: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for escape in ESCAPES {
        for q in ['"', '\'', '`'] {
            for place in 0..PLACES {
                for (before, after) in surroundings {
                    out.push(escape_in(&format!("{before}{escape}{after}"), q, place));
                }
            }
        }
    }
    out
}
