//! Matching as Prometheus' `labels.Matcher` does it, through the public API: the answers of
//! `FastRegexMatcher`'s shortcuts where they are not RE2's, the patterns Go takes that other
//! engines refuse, and Go's words for the ones it refuses. Every expected value here is what
//! Prometheus v3.11.3 answers (the lab in `conformance/` asks it; `tests/vectors/matching.jsonl`
//! holds thousands more).
#![cfg(feature = "matching")]

use pyroql::matching::{normalised_lower, CompiledMatcher, CompiledSelector};
use pyroql::{MatchOp, Matcher};

fn matcher(op: MatchOp, pattern: &str) -> CompiledMatcher {
    CompiledMatcher::new(&Matcher::new("l", op, pattern))
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

fn answers(pattern: &str, values: &[&str]) -> Vec<bool> {
    let m = matcher(MatchOp::Regex, pattern);
    values.iter().map(|v| m.matches(v)).collect()
}

#[test]
fn case_insensitive_prefixes_and_suffixes_compare_bytes() {
    // `(?i)K.*` is a prefix of one byte compared with strings.EqualFold: the Kelvin sign is
    // three bytes, so it is no `k` here (RE2 would match it).
    assert_eq!(
        answers("(?i)K.*", &["K1", "k", "\u{212A}1", "\u{212A}", ""]),
        [true, true, false, false, false]
    );
    // Likewise `ſ` (two bytes) is no `s` at the end of a value.
    assert_eq!(
        answers(".*(?i)s", &["xs", "S", "ſ", "xſ"]),
        [true, true, false, false]
    );
    // Where the bytes line up, folding holds: `ς` and `Σ` are both two bytes.
    assert_eq!(
        answers("(?i)σ.*", &["ςx", "Σ", "σ", "s"]),
        [true, true, true, false]
    );
    assert_eq!(
        answers(
            "(?i)checkout.*",
            &["CheckOut-1", "checkou", "chec\u{212A}out"]
        ),
        [true, false, false]
    );
}

#[test]
fn large_case_insensitive_sets_compare_normalised_lower_case() {
    // Sixteen or more alternatives: a map keyed by NFKD, then lower case.
    let set = "(?i)(local|remote|σ|ﬁle|a1|a2|a3|a4|a5|a6|a7|a8|a9|b1|b2|b3)";
    assert_eq!(
        answers(
            set,
            &[
                "LOＣＡＬ",
                "LOCAL",
                "Σ",
                "ς",
                "FILE",
                "ﬁle",
                "file",
                "remote\u{301}"
            ]
        ),
        [true, true, true, false, true, true, true, false]
    );
    // Fifteen are compared one by one with strings.EqualFold: `ς` matches `σ`, fullwidth
    // letters do not match ASCII ones.
    let small = "(?i)(local|remote|σ|ﬁle|a1|a2|a3|a4|a5|a6|a7|a8|a9|b1|b2)";
    assert_eq!(
        answers(small, &["LOＣＡＬ", "LOCAL", "ς", "file"]),
        [false, true, true, false]
    );
    assert_eq!(normalised_lower("LOＣＡＬ"), "local");
    assert_eq!(normalised_lower("ς"), "ς");
}

#[test]
fn surrogate_escapes_are_go_strings() {
    // Go's string(rune) of a surrogate is U+FFFD: the set Prometheus builds matches it.
    assert_eq!(
        answers("\\x{D800}", &["\u{FFFD}", "", "x"]),
        [true, false, false]
    );
    assert_eq!(answers("[\\x{D800}-\\x{D80F}]", &["\u{FFFD}"]), [true]);
    // Left to the regex, a surrogate matches nothing.
    assert_eq!(
        answers("(?:\\x{D800}|x)+", &["\u{FFFD}", "xx"]),
        [false, true]
    );
}

#[test]
fn what_go_takes_compiles() {
    for (pattern, value, want) in [
        ("(?i-i)a", "A", false),
        ("(?ii)a", "A", true),
        ("a(?i)*", "aaa", true),
        ("a(?i)*", "A", false),
        ("\\p{Cs}", "\u{FFFD}", false),
        ("\\p{^Cs}", "a", true),
        ("\\P{^Greek}", "α", true),
    ] {
        assert_eq!(answers(pattern, &[value]), [want], "{pattern} on {value:?}");
    }
    // Nested 249 to 998 deep, and repetitions of large classes: run by pyroql's own engine.
    for depth in [249, 500, 998] {
        let deep = format!("{}a{}", "(".repeat(depth), ")".repeat(depth));
        assert_eq!(answers(&deep, &["a", "aa"]), [true, false], "{depth} deep");
    }
    let letters = "é".repeat(100);
    assert_eq!(
        answers("\\pL{100}", &[&letters, &letters[2..], "1"]),
        [true, false, false]
    );
    assert_eq!(answers("(\\pL{50}){4}", &[&"ж".repeat(200)]), [true]);
}

#[test]
fn what_go_refuses_is_refused_in_its_words() {
    for (pattern, message) in [
        ("\\pe", "invalid character class range: `\\pe`"),
        ("\\p{e}", "invalid character class range: `\\p{e}`"),
        ("\\p{Lc}", "invalid character class range: `\\p{Lc}`"),
        ("\\p{Grek}", "invalid character class range: `\\p{Grek}`"),
        (
            "\\p{Letter}",
            "invalid character class range: `\\p{Letter}`",
        ),
        ("\\p{ANY}", "invalid character class range: `\\p{ANY}`"),
        ("\\x{110000}", "invalid escape sequence: `\\x{110000`"),
        ("\\x{12", "invalid escape sequence: `\\x{12`"),
        ("\\x{zz}", "invalid escape sequence: `\\x{z`"),
        ("\\p{Greek", "invalid character class range: `\\p{Greek`"),
        ("a{3,2}", "invalid repeat count: `{3,2}`"),
        ("(?<", "invalid or unsupported Perl syntax: `(?<`"),
        ("(?<a", "invalid named capture: `(?<a`"),
    ] {
        for op in [MatchOp::Regex, MatchOp::NotRegex] {
            let err = CompiledMatcher::new(&Matcher::new("l", op, pattern)).unwrap_err();
            assert_eq!(err.error.detail(pattern), message, "{pattern}");
        }
    }
    let deep = format!("{}{}", "(".repeat(1000), ")".repeat(1000));
    let err = CompiledMatcher::new(&Matcher::new("l", MatchOp::Regex, &*deep)).unwrap_err();
    assert_eq!(
        err.error.detail(&deep),
        format!("expression nests too deeply: `{deep}`")
    );
}

#[test]
fn the_fast_forms_answer_as_prometheus() {
    type Case<'a> = (MatchOp, &'a str, &'a [(&'a str, bool)]);
    let cases: &[Case<'_>] = &[
        (
            MatchOp::Equal,
            "api",
            &[("api", true), ("", false), ("apis", false)],
        ),
        (MatchOp::NotEqual, "", &[("", false), ("x", true)]),
        (
            MatchOp::Regex,
            "prod|staging",
            &[
                ("prod", true),
                ("staging", true),
                ("Prod", false),
                ("", false),
            ],
        ),
        (
            MatchOp::Regex,
            "a||b",
            &[("", true), ("a", true), ("ab", false)],
        ),
        (
            MatchOp::Regex,
            "checkout-.*",
            &[
                ("checkout-", true),
                ("checkout-x\ny", true),
                ("checkout", false),
            ],
        ),
        (
            MatchOp::NotRegex,
            "canary-.*",
            &[("canary-1", false), ("canary", true), ("", true)],
        ),
        (
            MatchOp::Regex,
            "10\\.0\\..*:4040",
            &[
                ("10.0.:4040", true),
                ("10.0.3.4:4040", true),
                ("10.0:4040", false),
                ("10.0.4040", false),
            ],
        ),
        (
            MatchOp::Regex,
            ".*foo.*",
            &[("foo", true), ("xfooy", true), ("fo", false)],
        ),
        (
            MatchOp::Regex,
            ".*-.*-.*",
            &[("--", true), ("a-b-c", true), ("a-b", false)],
        ),
        (
            MatchOp::Regex,
            "(?i)checkout.*",
            &[("CHECKOUT", true), ("Checkout-x", true), ("checkou", false)],
        ),
        (
            MatchOp::Regex,
            "[a-z-]+-[0-9a-f]{9,10}-[a-z0-9]{5}",
            &[
                ("checkout-5d8c7f9b6d-x2x7q", true),
                ("checkout-5d8c7f9b6-x2x7", false),
            ],
        ),
        (MatchOp::Regex, ".+", &[("", false), ("\n", true)]),
        (MatchOp::Regex, "(?-s).+", &[("a", true), ("a\n", false)]),
        (
            MatchOp::Regex,
            ".?",
            &[("", true), ("é", true), ("ab", false)],
        ),
    ];
    for (op, pattern, values) in cases {
        let m = matcher(*op, pattern);
        for (value, want) in *values {
            assert_eq!(m.matches(value), *want, "l{op}{pattern:?} on {value:?}");
        }
    }
    // A selector's matchers, an absent label counting as "".
    let selector = pyroql::parse(r#"{service_name="api", env!=""}"#).unwrap();
    let compiled = CompiledSelector::new(&selector).unwrap();
    assert_eq!(compiled.matchers().len(), 2);
    assert_eq!(compiled.matchers()[1].name(), "env");
    assert!(compiled.matches(&[("service_name", "api"), ("env", "prod")]));
    assert!(!compiled.matches(&[("service_name", "api")]));
}
