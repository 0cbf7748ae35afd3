//! The regex family: selectors with realistic or broken regexes.

use super::tables::{junk, one, REGEXES};
use crate::rng::Rng;

/// A selector with realistic or broken regexes.
pub fn regex_selector(rng: &mut Rng) -> String {
    let mut out = String::from("{");
    for i in 0..rng.range(1, 3) {
        if i > 0 {
            out.push_str(", ");
        }
        let name = rng.pick(&["a", "service_name", "\"service.name\""]);
        let op = rng.pick(&["=~", "!~", "="]);
        let pattern = if rng.percent(30) {
            let a = rng.pick(REGEXES);
            let b = rng.pick(REGEXES);
            format!("{a}{b}")
        } else {
            rng.pick(REGEXES).to_string()
        };
        let q = one(rng, &['"', '`', '\'']);
        let literal = match q {
            '`' if !pattern.contains('`') => format!("`{pattern}`"),
            _ => {
                let escaped: String = pattern
                    .chars()
                    .flat_map(|c| match c {
                        '\\' => vec!['\\', '\\'],
                        c if c == q => vec!['\\', c],
                        c => vec![c],
                    })
                    .collect();
                format!("{q}{escaped}{q}")
            }
        };
        out.push_str(&format!("{name}{op}{literal}"));
    }
    if rng.percent(90) {
        out.push('}');
    }
    if rng.percent(5) {
        out.push_str(junk(rng));
    }
    out
}
