//! The grammar family: selectors built by the grammar from word tables of names, values and
//! words before the braces, with the occasional mistake.

use super::tables::{junk, one, ESCAPES, REGEXES};
use crate::rng::Rng;

/// Profile types and other words that may stand before the braces, and some that may not.
const IDENTIFIERS: &[&str] = &[
    "cpu",
    "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
    "memory:alloc_space:bytes:space:bytes",
    "wall:wall:nanoseconds:wall:nanoseconds",
    ":a",
    "a:",
    "_",
    "a1",
    "sum",
    "by",
    "without",
    "offset",
    "start",
    "range",
    "anchored",
    "smoothed",
    "limitk",
    "and",
    "or",
    "unless",
    "bool",
    "on",
    "ON",
    "ignoring",
    "group_left",
    "group_right",
    "atan2",
    "inf",
    "NaN",
    "nan:x",
    "fill",
    "FILL",
    "fill_left",
    "Fill_Right",
    "fills",
    "count_values",
    "COUNT_VALUEs",
    "count_value",
];

const NAMES: &[&str] = &[
    "service_name",
    "a",
    "_",
    "__name__",
    "__profile_type__",
    "env",
    "on",
    "NaN",
    "bool",
    "by",
    "fill",
    "a1",
    "A_B",
];

const QUOTED_NAMES: &[&str] = &[
    "service.name",
    "k8s.pod.name",
    "",
    "a",
    "サービス",
    "a b",
    "a\"b",
    "__name__",
    "😀",
];

const VALUES: &[&str] = &[
    "api",
    "",
    "prod|staging",
    "eu-.*",
    "v1.4.2",
    "決済",
    "a b",
    "x\"y",
    "x'y",
    "x`y",
    "10.0.0.1:4040",
    "ü",
    "\u{feff}",
    "\u{7f}",
    "\u{ad}",
    "\u{fffd}",
    "\0",
    "\t",
];

fn space(rng: &mut Rng) -> String {
    match rng.below(12) {
        0..=5 => String::new(),
        6 | 7 => " ".into(),
        8 => rng.pick(&["\t", "\n", "\r", "\r\n", "  "]).to_string(),
        9 => "# comment\n".into(),
        10 => rng.pick(&["#\n", "# x\r", " #{}\n "]).to_string(),
        _ => rng
            .pick(&["\u{a0}", "\u{feff}", "\x0b", "\x0c", "#"])
            .to_string(),
    }
}

/// A string literal of `text` in quote `q`, its special characters escaped as Go would, or not.
fn quoted(rng: &mut Rng, text: &str, q: char) -> String {
    let mut out = String::new();
    out.push(q);
    for c in text.chars() {
        let needs = match q {
            '`' => c == '`',
            _ => c == q || c == '\\' || c == '\n',
        };
        if needs && rng.percent(90) {
            match q {
                '`' => {}
                _ if c == '\n' => out.push_str("\\n"),
                _ => {
                    out.push('\\');
                    out.push(c);
                }
            }
        } else {
            out.push(c);
        }
    }
    if rng.percent(97) {
        out.push(q);
    }
    out
}

fn value_text(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.range(0, 3) {
        match rng.below(10) {
            0..=5 => text.push_str(one(rng, VALUES)),
            6 | 7 => text.push_str(one(rng, ESCAPES)),
            8 => text.push(char::from_u32(rng.range(0x20, 0x7e) as u32).unwrap_or('x')),
            _ => text.push_str(one(rng, REGEXES)),
        }
    }
    text
}

fn quote(rng: &mut Rng) -> char {
    one(rng, &['"', '"', '"', '\'', '`'])
}

/// A string whose text may contain escapes, taken as written (escapes are not doubled).
fn raw_quoted(rng: &mut Rng, text: &str) -> String {
    let q = quote(rng);
    if q == '`' {
        return quoted(rng, text, q);
    }
    let mut out = String::new();
    out.push(q);
    out.push_str(text);
    if rng.percent(96) {
        out.push(q);
    }
    out
}

fn matcher(rng: &mut Rng) -> String {
    let mut out = String::new();
    let lone = rng.percent(8);
    if lone {
        let text = value_text(rng);
        return raw_quoted(rng, &text);
    }
    if rng.percent(75) {
        out.push_str(one(rng, NAMES));
    } else {
        let q = quote(rng);
        let name = one(rng, QUOTED_NAMES);
        out.push_str(&quoted(rng, name, q));
    }
    out.push_str(&space(rng));
    let op = one(
        rng,
        &[
            "=", "=", "!=", "=~", "=~", "!~", "==", "!", "=!", "~", ":", "<", "",
        ],
    );
    out.push_str(op);
    out.push_str(&space(rng));
    let value = if op.contains('~') && rng.percent(70) {
        rng.pick(REGEXES).to_string()
    } else {
        value_text(rng)
    };
    if rng.percent(97) {
        if rng.percent(50) {
            let q = quote(rng);
            out.push_str(&quoted(rng, &value, q));
        } else {
            out.push_str(&raw_quoted(rng, &value));
        }
    } else {
        out.push_str(one(rng, &["b", "1", "{", "}", ",", "("]));
    }
    out
}

/// A selector built by the grammar, with the occasional mistake.
pub fn grammar(rng: &mut Rng) -> String {
    let mut out = space(rng);
    let identifier = rng.percent(40);
    if identifier {
        out.push_str(one(rng, IDENTIFIERS));
        out.push_str(&space(rng));
    }
    if !identifier || rng.percent(80) {
        out.push('{');
        let n = rng.range(0, 5);
        for i in 0..n {
            out.push_str(&space(rng));
            if rng.percent(3) {
                out.push(',');
            } else {
                out.push_str(&matcher(rng));
            }
            out.push_str(&space(rng));
            if i + 1 < n || rng.percent(15) {
                out.push(if rng.percent(97) { ',' } else { ' ' });
            }
        }
        out.push_str(&space(rng));
        if rng.percent(95) {
            out.push('}');
        }
    }
    out.push_str(&space(rng));
    if rng.percent(10) {
        out.push_str(junk(rng));
    }
    if rng.percent(5) {
        let cut = rng.below(out.len() + 1);
        let cut = (0..=cut)
            .rev()
            .find(|&i| out.is_char_boundary(i))
            .unwrap_or(0);
        out.truncate(cut);
    }
    out
}
