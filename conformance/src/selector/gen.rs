//! Generators of selector inputs, each a family of its own: grammar-aware random selectors,
//! every escape in every quote and place, token soups and pairs, byte mutations of real
//! queries, a sweep over Unicode, huge inputs, and regexes valid and broken.

use crate::rng::Rng;

/// The families, in the order a run cycles through them.
pub const FAMILIES: &[Family] = &[
    Family::Grammar,
    Family::Escapes,
    Family::Tokens,
    Family::Mutations,
    Family::Unicode,
    Family::Regex,
    Family::Grammar,
    Family::Mutations,
    Family::Tokens,
    Family::Regex,
];

/// A family of generated inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Grammar,
    Escapes,
    Tokens,
    Mutations,
    Unicode,
    Regex,
    Huge,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Grammar => "grammar",
            Family::Escapes => "escapes",
            Family::Tokens => "tokens",
            Family::Mutations => "mutations",
            Family::Unicode => "unicode",
            Family::Regex => "regex",
            Family::Huge => "huge",
        }
    }

    pub fn generate(self, rng: &mut Rng) -> Vec<u8> {
        match self {
            Family::Grammar => grammar(rng).into_bytes(),
            Family::Escapes => escapes(rng).into_bytes(),
            Family::Tokens => tokens(rng),
            Family::Mutations => mutation(rng),
            Family::Unicode => unicode(rng).into_bytes(),
            Family::Regex => regex_selector(rng).into_bytes(),
            Family::Huge => huge(rng),
        }
    }
}

/// Queries as Grafana, the Perses plugin and profilecli send them: the seeds of mutations.
pub const REALISTIC: &[&str] = &[
    r#"{service_name="api"}"#,
    r#"{service_name="checkout", environment="production"}"#,
    r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#,
    r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="ride-sharing-app", vehicle="car", region=~"eu-.*"}"#,
    r#"memory:inuse_space:bytes:space:bytes{service_name="frontend",namespace="shop",pod=~"frontend-7d9f.*"}"#,
    r#"{service_name="pyroscope-rideshare-go",__profile_type__="memory:alloc_objects:count:space:bytes"}"#,
    r#"{service_name=~"api|worker|scheduler", cluster!="dev", "service.version"="v1.4.2"}"#,
    r#"{"service.name"="checkout", "k8s.namespace.name"="prod", "host.name"!~"canary-.*"}"#,
    r#"{}"#,
    r#"goroutines:goroutine:count:goroutine:count{service_name="api",env="staging",team="core",pod!=""}"#,
    r#"wall:wall:nanoseconds:wall:nanoseconds{service_name="billing", span_name=~"POST /v1/charges.*", thread_name!~"GC .*"}"#,
    r#"{service_name="api", path=~"/users/[0-9]+\\.json", method="GET", status!~"5.."}"#,
    r#"{service_name="ingest", message="say \"hi\"\n", tenant='acme'}"#,
    r#"{"サービス"="決済", "région"="europe-ouest"}"#,
    "{service_name=\"api\", # the service\n env=`prod`,}",
    r#"cpu{pod=~"(?i)checkout-[a-z0-9]{5}", node!~"10\\.0\\..*:4040"}"#,
];

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

/// Escapes as written inside a string, valid and broken.
pub const ESCAPES: &[&str] = &[
    r"\a",
    r"\b",
    r"\f",
    r"\n",
    r"\r",
    r"\t",
    r"\v",
    r"\\",
    r#"\""#,
    r"\'",
    r"\`",
    r"\0",
    r"\7",
    r"\08",
    r"\077",
    r"\101",
    r"\377",
    r"\400",
    r"\777",
    r"\x",
    r"\x4",
    r"\x41",
    r"\xff",
    r"\xFF",
    r"\xc3\xa9",
    r"\xc3",
    r"\xe2\x82",
    r"\xg0",
    r"\u",
    r"\u00e9",
    r"\u00E9",
    r"\uD800",
    r"\uDFFF",
    r"\uffff",
    r"\ufffd",
    r"\u12",
    r"\u12345",
    r"\U0001F600",
    r"\U00110000",
    r"\UFFFFFFFF",
    r"\U0010FFFF",
    r"\U0000d800",
    r"\.",
    r"\q",
    r"\é",
    r"\ ",
    r"\-",
    r"\d",
    r"\N",
    r"\z",
    r"\e",
    r"\",
    r"\\\\",
    r"\\.",
    r"\\d",
    r"\x0",
    r"\u0",
];

const REGEXES: &[&str] = &[
    "prod|staging",
    "checkout-.*",
    r"10\.0\..*:4040",
    ".*foo.*",
    "(?i)checkout.*",
    "[a-z-]+-[0-9a-f]{9,10}-[a-z0-9]{5}",
    "eu-.*",
    "api|worker|scheduler",
    r"/users/[0-9]+\.json",
    "5..",
    ".+",
    ".*",
    "",
    "(",
    ")",
    "[",
    "]",
    "*",
    "a**",
    "a{1001}",
    "a{1000}",
    "(a{10}){100}",
    "(a{10}){101}",
    "x{3,2}",
    "x{,3}",
    "a{b}",
    "(?<name>x)",
    "(?P<name>x)",
    "(?P<>x)",
    "(?<",
    "(?i-i)a",
    "(?ii)a",
    "a(?i)*",
    "(?x)a",
    "(?U)a+",
    r"\pL",
    r"\p{Greek}",
    r"\p{greek}",
    r"\p{Letter}",
    r"\p{^Greek}",
    r"\PL",
    r"\pe",
    r"\p{",
    r"\p{Lu",
    r"\x{41}",
    r"\x{110000}",
    r"\x{D800}",
    r"\x{",
    r"\x4",
    r"\Qa.b\E",
    r"\Qa.b",
    r"\1",
    r"\0",
    r"\8",
    r"[[:alpha:]]",
    r"[[:foo:]]",
    r"[^[:^space:]]",
    "[z-a]",
    "[a-]",
    "[]a]",
    "[^]",
    r"\d\s\w\D\S\W",
    r"\b\B\A\z",
    r"\Z",
    r"\C",
    "^a$",
    "a|",
    "|",
    "()",
    "(?:)",
    "(?s).",
    "(?m)^a$",
    r"\",
    "a\\",
    "x*?",
    "x+?+",
    "[a-z&&[^b]]",
];

/// One of `items`, copied.
fn one<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.below(items.len())]
}

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

fn junk(rng: &mut Rng) -> &'static str {
    one(
        rng,
        &[
            "[5m]",
            " offset 5m",
            " + 1",
            " or b",
            ")",
            "(",
            "1",
            "1.5e3",
            "0x1F",
            "5m",
            "1h30m",
            "1foo",
            "5mx",
            "1..2",
            ".5",
            "{}",
            "{a=\"b\"}",
            "}",
            "@ 123",
            " bool",
            "</",
            ">/ 1",
            "<=",
            "!",
            "!=",
            "=~",
            "==",
            "=",
            "[",
            "]",
            ",",
            "\"x\"",
            "'",
            "`",
            "?",
            "$",
            "sum",
            "by (a)",
            " fill(0)",
            " fill",
            " # c",
            "\n#",
            ";",
            "^",
            "%",
            "~",
            ":",
            ".",
            "-",
        ],
    )
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

/// Bytes that mutations like to put in.
const INTERESTING: &[u8] = &[
    b'{', b'}', b'"', b'\'', b'`', b'\\', b',', b'=', b'!', b'~', b'#', b'\n', b'\r', b' ', b'.',
    b':', b'(', b'[', b'0', b'x', b'u', 0, 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xef, 0xf0, 0xff,
];

/// A realistic query with a few bytes changed.
pub fn mutation(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = rng.pick(REALISTIC).as_bytes().to_vec();
    for _ in 0..rng.range(1, 3) {
        let at = rng.below(bytes.len() + 1);
        let byte = if rng.percent(70) {
            one(rng, INTERESTING)
        } else {
            rng.below(256) as u8
        };
        match rng.below(5) {
            0 | 1 => bytes.insert(at, byte),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 if at < bytes.len() => bytes[at] = byte,
            _ => {
                let end = rng.range(at, bytes.len());
                let piece = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, piece);
            }
        }
    }
    bytes
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_generate_and_are_reproducible() {
        for family in FAMILIES.iter().chain([&Family::Huge]) {
            let a: Vec<Vec<u8>> = {
                let mut rng = Rng::new(1);
                (0..20).map(|_| family.generate(&mut rng)).collect()
            };
            let b: Vec<Vec<u8>> = {
                let mut rng = Rng::new(1);
                (0..20).map(|_| family.generate(&mut rng)).collect()
            };
            assert_eq!(a, b, "{}", family.name());
            assert!(a.iter().any(|x| !x.is_empty()), "{}", family.name());
        }
    }

    #[test]
    fn enumerations_cover_their_products() {
        assert_eq!(all_escapes().len(), ESCAPES.len() * 3 * PLACES * 3);
        assert_eq!(all_token_pairs().len(), TOKENS.len() * (TOKENS.len() + 1));
        assert_eq!(escape_in("x", '"', 0), "{a=\"x\"}");
    }
}
