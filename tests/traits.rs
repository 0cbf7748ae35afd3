//! The standard traits of the public types: `Hash` and `Ord` that agree with equality (spans
//! ignored), `FromStr` for operators and matchers with typed errors, and typed rewrite errors.

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};

use pyroql::{
    EnforceError, ErrorKind, InvalidMatchOp, InvalidMatcher, MatchOp, Matcher, Selector, Span,
};

fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn parse(query: &str) -> Selector<'static> {
    query.parse().unwrap()
}

#[test]
fn selectors_that_differ_only_in_spans_are_equal_hash_alike_and_order_equal() {
    let pairs = [
        (r#"{a="1"}"#, r#"  { a = '1' }  "#),
        (
            r#"cpu{a=~"x|y",b!="2"}"#,
            "cpu {\n a =~ `x|y` ,\n b != \"2\" , }",
        ),
        ("cpu", "cpu{}"),
        (r#"{"cpu"}"#, r#"{__name__="cpu"}"#),
    ];
    for (a, b) in pairs {
        let (a, b) = (parse(a), parse(b));
        assert_ne!(a.span(), b.span(), "{a}");
        assert_eq!(a, b);
        assert_eq!(hash_of(&a), hash_of(&b), "{a}");
        assert_eq!(a.cmp(&b), Ordering::Equal, "{a}");
        assert_eq!(a.partial_cmp(&b), Some(Ordering::Equal), "{a}");
    }
    let built = Selector::from_parts(None, vec![Matcher::new("a", MatchOp::Equal, "1")]);
    let parsed = parse(r#"{ a = "1" }"#);
    assert_eq!(hash_of(&built), hash_of(&parsed));
    assert_eq!(built.cmp(&parsed), Ordering::Equal);
}

#[test]
fn selectors_order_by_identifier_then_matchers_in_source_order() {
    let mut selectors: Vec<Selector<'static>> = [
        r#"mem{a="1"}"#,
        r#"cpu{a="1"}"#,
        "cpu",
        r#"{b="1"}"#,
        r#"{a="1",b="1"}"#,
        r#"{a="1"}"#,
        r#"{a!="1"}"#,
        r#"{a=~"1"}"#,
        r#"{a!~"1"}"#,
        r#"{a="0"}"#,
        "{}",
    ]
    .iter()
    .map(|q| parse(q))
    .collect();
    selectors.sort();
    let printed: Vec<String> = selectors.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            "{}",
            r#"{a="0"}"#,
            r#"{a="1"}"#,
            r#"{a="1",b="1"}"#,
            r#"{a!="1"}"#,
            r#"{a=~"1"}"#,
            r#"{a!~"1"}"#,
            r#"{b="1"}"#,
            "cpu",
            r#"cpu{a="1"}"#,
            r#"mem{a="1"}"#,
        ]
    );
}

#[test]
fn sets_of_selectors_deduplicate_by_meaning_of_the_text() {
    let queries = [r#"{a="1"}"#, r#"{ a = '1' }"#, r#"{a="1",}"#, r#"{a="2"}"#];
    let hashed: HashSet<Selector<'static>> = queries.iter().map(|q| parse(q)).collect();
    let ordered: BTreeSet<Selector<'static>> = queries.iter().map(|q| parse(q)).collect();
    assert_eq!(hashed.len(), 2);
    let printed: Vec<String> = ordered.iter().map(ToString::to_string).collect();
    assert_eq!(printed, [r#"{a="1"}"#, r#"{a="2"}"#]);
}

#[test]
fn matchers_order_by_name_then_operator_then_value() {
    let mut matchers = [
        Matcher::new("b", MatchOp::Equal, "a"),
        Matcher::new("a", MatchOp::NotRegex, "a"),
        Matcher::new("a", MatchOp::Equal, "b"),
        Matcher::new("a", MatchOp::Equal, "a"),
        Matcher::new("a", MatchOp::Regex, "a"),
        Matcher::new("a", MatchOp::NotEqual, "a"),
    ];
    matchers.sort();
    let printed: Vec<String> = matchers.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            r#"a="a""#,
            r#"a="b""#,
            r#"a!="a""#,
            r#"a=~"a""#,
            r#"a!~"a""#,
            r#"b="a""#
        ]
    );
    let spanned = "a = 'x'".parse::<Matcher>().unwrap();
    let built = Matcher::new("a", MatchOp::Equal, "x");
    assert_ne!(spanned.spans, built.spans);
    assert_eq!(
        (spanned.cmp(&built), hash_of(&spanned)),
        (Ordering::Equal, hash_of(&built))
    );
}

#[test]
fn identifiers_hash_and_order_by_text() {
    let a = parse("cpu").identifier().unwrap().clone();
    let b = pyroql::Identifier::new("cpu").unwrap();
    assert_ne!(a.span, b.span);
    assert_eq!((a.cmp(&b), hash_of(&a)), (Ordering::Equal, hash_of(&b)));
    assert!(pyroql::Identifier::new("a:b").unwrap() < b);
}

#[test]
fn operators_parse_from_their_text() {
    for op in [
        MatchOp::Equal,
        MatchOp::NotEqual,
        MatchOp::Regex,
        MatchOp::NotRegex,
    ] {
        assert_eq!(op.as_str().parse::<MatchOp>(), Ok(op));
    }
    for text in ["", "==", " =", "~", "=!", "!=~"] {
        let err = text.parse::<MatchOp>().unwrap_err();
        assert_eq!(err.text, text);
        assert_eq!(
            err.to_string(),
            format!("unknown matching operator {text:?}: expected =, !=, =~ or !~")
        );
    }
    let err: InvalidMatchOp = "?".parse::<MatchOp>().unwrap_err();
    let _: &dyn std::error::Error = &err;
}

#[test]
fn a_matcher_parses_as_prometheus_writes_it() {
    // (text, name, op, value, spans of name, op and value)
    let cases = [
        (
            r#"a="b""#,
            "a",
            MatchOp::Equal,
            "b",
            [(0, 1), (1, 2), (2, 5)],
        ),
        (
            r#"  "service.name" != 'a\'b'  "#,
            "service.name",
            MatchOp::NotEqual,
            "a'b",
            [(2, 16), (17, 19), (20, 26)],
        ),
        (
            "env=~`prod|dev`",
            "env",
            MatchOp::Regex,
            "prod|dev",
            [(0, 3), (3, 5), (5, 15)],
        ),
        (
            "\tx !~ \"\\u00e9\"\n",
            "x",
            MatchOp::NotRegex,
            "é",
            [(1, 2), (3, 5), (6, 14)],
        ),
    ];
    for (text, name, op, value, spans) in cases {
        let m: Matcher<'static> = text.parse().unwrap();
        assert_eq!(
            (m.name.as_ref(), m.op, m.value.as_ref()),
            (name, op, value),
            "{text:?}"
        );
        let got = [m.spans.name, m.spans.op, m.spans.value].map(|s| (s.start, s.end));
        assert_eq!(got, spans, "{text:?}");
    }
}

#[test]
fn anything_but_one_matcher_is_refused_with_its_reason() {
    let cases = [
        ("", InvalidMatcher::NotOne { found: 0 }),
        ("   ", InvalidMatcher::NotOne { found: 0 }),
        (r#"a="1", b="2""#, InvalidMatcher::NotOne { found: 2 }),
        (r#""cpu""#, InvalidMatcher::LoneString),
        (r#"a="1","#, InvalidMatcher::ExtraText { at: 5 }),
        ("a=\"1\" , \n", InvalidMatcher::ExtraText { at: 6 }),
        ("a=\"1\" # note\n", InvalidMatcher::ExtraText { at: 6 }),
        ("# note\na=\"1\"", InvalidMatcher::ExtraText { at: 0 }),
    ];
    for (text, want) in cases {
        assert_eq!(text.parse::<Matcher>(), Err(want), "{text:?}");
    }
}

#[test]
fn a_matcher_that_does_not_parse_says_where_in_its_own_text() {
    // (text, message, span)
    let cases = [
        (
            "a=b",
            r#"1:3: parse error: unexpected identifier "b" in label matching, expected string"#,
            (2, 3),
        ),
        (
            r#"service.name="x""#,
            "1:8: parse error: unexpected character inside braces: '.'",
            (7, 8),
        ),
        (
            r#"a=~"(""#,
            "1:1: parse error: error parsing regexp: missing closing ): `(`",
            (0, 6),
        ),
        (
            r#"a="x"} or {b="y""#,
            "1:8: parse error: unexpected <op:or>",
            (7, 9),
        ),
        (
            "a=",
            "1:3: parse error: unexpected \"}\" in label matching, expected string",
            (2, 2),
        ),
    ];
    for (text, message, (start, end)) in cases {
        let err = text.parse::<Matcher>().unwrap_err();
        let InvalidMatcher::Parse(parse) = &err else {
            panic!("{text:?}: {err:?}")
        };
        assert_eq!(err.to_string(), message, "{text:?}");
        assert_eq!(parse.span(), Span::new(start, end), "{text:?}");
    }
    let err = "a=~\"x**\"".parse::<Matcher>().unwrap_err();
    assert!(matches!(
        err,
        InvalidMatcher::Parse(ref e) if matches!(e.kind(), ErrorKind::InvalidRegex { expr, .. } if expr == "**")
    ));
}

#[test]
fn matchers_and_selectors_print_and_parse_back_equal() {
    for text in [
        r#"a="b""#,
        r#""service.name"=~"v1\\..*""#,
        r#"x!="\n\"\\""#,
        r#""é"!~"""#,
    ] {
        let m: Matcher = text.parse().unwrap();
        assert_eq!(m.to_string(), text);
        assert_eq!(m.to_string().parse::<Matcher>().unwrap(), m);
        let s = Selector::from_parts(None, vec![m.clone()]);
        assert_eq!(s.to_string().parse::<Selector>().unwrap(), s);
    }
}

#[test]
fn enforcing_a_contradicted_rule_names_both_matchers() {
    let rule = Matcher::new("tenant", MatchOp::Equal, "a");
    let err = parse("tenant:x:y:z:w")
        .with_matcher(Matcher::new("tenant", MatchOp::NotEqual, "a"))
        .enforce(rule.clone())
        .unwrap_err();
    let EnforceError::Contradiction { query, enforced } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (query.as_ref(), enforced.as_ref()),
        (&Matcher::new("tenant", MatchOp::NotEqual, "a"), &rule)
    );
    // The identifier before the braces stands for `__name__`, which a rule may name too.
    let err = parse("cpu")
        .enforce(Matcher::new("__name__", MatchOp::Equal, "memory"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"the query's matcher __name__="cpu" contradicts the enforced __name__="memory": together they match nothing"#
    );
}
