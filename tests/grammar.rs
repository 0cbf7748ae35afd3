//! Every grammar rule of `spec/selector.md`, through the public API: what parses, into what.

use pyroql::{parse, Selector};

/// `(query, identifier, matchers as (name, op, value))`.
type Case = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str, &'static str)],
);

const ACCEPTED: &[Case] = &[
    // Braces, the empty selector, trailing commas.
    ("{}", None, &[]),
    ("  {  }  ", None, &[]),
    (r#"{a="b"}"#, None, &[("a", "=", "b")]),
    (r#"{a="b",}"#, None, &[("a", "=", "b")]),
    (r#"{a="b" , }"#, None, &[("a", "=", "b")]),
    // The four operators, with and without spaces.
    (
        r#"{a="1",b!="2",c=~"3",d!~"4"}"#,
        None,
        &[
            ("a", "=", "1"),
            ("b", "!=", "2"),
            ("c", "=~", "3"),
            ("d", "!~", "4"),
        ],
    ),
    (
        "{ a = \"1\" , b != \"2\" , c =~ \"3\" , d !~ \"4\" }",
        None,
        &[
            ("a", "=", "1"),
            ("b", "!=", "2"),
            ("c", "=~", "3"),
            ("d", "!~", "4"),
        ],
    ),
    // Source order, duplicates kept.
    (
        r#"{b="2",a="1",b="3"}"#,
        None,
        &[("b", "=", "2"), ("a", "=", "1"), ("b", "=", "3")],
    ),
    (
        r#"{__name__="x",__name__="y"}"#,
        None,
        &[("__name__", "=", "x"), ("__name__", "=", "y")],
    ),
    // The metric identifier: Pyroscope's profile-type slot.
    ("cpu", Some("cpu"), &[]),
    ("cpu{}", Some("cpu"), &[]),
    (" cpu { } ", Some("cpu"), &[]),
    (
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#,
        Some("process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
        &[("service_name", "=", "api")],
    ),
    (
        "memory:alloc_in_new_tlab_bytes:bytes::",
        Some("memory:alloc_in_new_tlab_bytes:bytes::"),
        &[],
    ),
    (":a{}", Some(":a"), &[]),
    ("_x", Some("_x"), &[]),
    ("a1:B2_", Some("a1:B2_"), &[]),
    // PromQL words that may still name a metric.
    ("sum{}", Some("sum"), &[]),
    ("SUM", Some("SUM"), &[]),
    ("by", Some("by"), &[]),
    ("and{}", Some("and"), &[]),
    ("offset", Some("offset"), &[]),
    ("without", Some("without"), &[]),
    ("start", Some("start"), &[]),
    ("range{}", Some("range"), &[]),
    ("limitk", Some("limitk"), &[]),
    ("fill{}", Some("fill"), &[]),
    ("nan:x", Some("nan:x"), &[]),
    ("info", Some("info"), &[]),
    // Inside braces every word is a plain label name.
    (r#"{on="x"}"#, None, &[("on", "=", "x")]),
    (r#"{NaN="x"}"#, None, &[("NaN", "=", "x")]),
    (
        r#"{bool="x",by="y"}"#,
        None,
        &[("bool", "=", "x"), ("by", "=", "y")],
    ),
    // Quoted label names.
    (
        r#"{"service.name"="api"}"#,
        None,
        &[("service.name", "=", "api")],
    ),
    (r#"{'a-b'!="x"}"#, None, &[("a-b", "!=", "x")]),
    ("{`k8s/pod`=~\"x\"}", None, &[("k8s/pod", "=~", "x")]),
    (r#"{""="x"}"#, None, &[("", "=", "x")]),
    (r#"{"ü"="台北"}"#, None, &[("ü", "=", "台北")]),
    // A lone string is the metric name.
    (r#"{"cpu"}"#, None, &[("__name__", "=", "cpu")]),
    (r#"{"cpu",}"#, None, &[("__name__", "=", "cpu")]),
    ("{'cpu'}", None, &[("__name__", "=", "cpu")]),
    ("{`cpu`}", None, &[("__name__", "=", "cpu")]),
    (r#"{""}"#, None, &[("__name__", "=", "")]),
    (
        r#"{"cpu", a="b"}"#,
        None,
        &[("__name__", "=", "cpu"), ("a", "=", "b")],
    ),
    (r#"foo{"bar"}"#, Some("foo"), &[("__name__", "=", "bar")]),
    // Whitespace: space, tab, newline, carriage return.
    ("\t{\r\na\t=\n\"b\"\r}\n", None, &[("a", "=", "b")]),
    ("foo\n{}", Some("foo"), &[]),
    // Comments, wherever a token may start.
    ("# leading\n{}", None, &[]),
    (
        "foo # name\n{a=\"b\" # value\n, c=\"d\"} # end",
        Some("foo"),
        &[("a", "=", "b"), ("c", "=", "d")],
    ),
    ("{ # comment\n}", None, &[]),
    ("{a=\"b\"}#", None, &[("a", "=", "b")]),
    ("{a=\"b\"}# comment\r", None, &[("a", "=", "b")]),
    // Strings: the three quotes.
    ("{a='b'}", None, &[("a", "=", "b")]),
    ("{a=`b`}", None, &[("a", "=", "b")]),
    (r#"{a='say "hi"'}"#, None, &[("a", "=", r#"say "hi""#)]),
    (r#"{a="it's"}"#, None, &[("a", "=", "it's")]),
    ("{a=`x\ny`}", None, &[("a", "=", "x\ny")]),
    ("{a=`\\d+\\.`}", None, &[("a", "=", "\\d+\\.")]),
    // Every escape.
    (
        r#"{a="\a\b\f\n\r\t\v"}"#,
        None,
        &[("a", "=", "\u{7}\u{8}\u{c}\n\r\t\u{b}")],
    ),
    (r#"{a="\\\""}"#, None, &[("a", "=", "\\\"")]),
    (r"{a='\''}", None, &[("a", "=", "'")]),
    (
        r#"{a="\101\x41\u0041\U00000041"}"#,
        None,
        &[("a", "=", "AAAA")],
    ),
    (r#"{a="\xc3\xa9\303\251"}"#, None, &[("a", "=", "éé")]),
    (
        r#"{a="\u00e9\U0001F600"}"#,
        None,
        &[("a", "=", "é\u{1F600}")],
    ),
    (
        r#"{a="\uFFFD\xEF\xBF\xBD"}"#,
        None,
        &[("a", "=", "\u{fffd}\u{fffd}")],
    ),
    (r#"{a="\303\277\177"}"#, None, &[("a", "=", "ÿ\u{7f}")]),
    (r#"{a=~"v1\\..*"}"#, None, &[("a", "=~", "v1\\..*")]),
    (r#"{"a\"b"="c"}"#, None, &[("a\"b", "=", "c")]),
    // Characters that are not printable stay as written.
    (
        "{a=\"\u{0}\u{7f}\u{ad}\r\"}",
        None,
        &[("a", "=", "\u{0}\u{7f}\u{ad}\r")],
    ),
];

fn check(selector: &Selector<'_>, case: &Case) {
    let (input, identifier, matchers) = case;
    assert_eq!(
        selector.identifier().map(|id| id.as_str()),
        *identifier,
        "identifier of {input:?}"
    );
    let got: Vec<(&str, &str, &str)> = selector
        .iter()
        .map(|m| (m.name.as_ref(), m.op.as_str(), m.value.as_ref()))
        .collect();
    assert_eq!(&got, matchers, "matchers of {input:?}");
}

#[test]
fn every_grammar_rule_parses() {
    for case in ACCEPTED {
        let selector = parse(case.0).unwrap_or_else(|e| panic!("{:?} fails: {e}", case.0));
        check(&selector, case);
    }
}

#[test]
fn every_accepted_query_prints_and_parses_back() {
    for (input, ..) in ACCEPTED {
        let selector = parse(input).unwrap();
        let printed = selector.to_string();
        let again = parse(&printed).unwrap_or_else(|e| panic!("{printed:?} fails: {e}"));
        assert_eq!(again, selector, "{input:?} printed as {printed:?}");
        assert_eq!(
            again.to_string(),
            printed,
            "printing {input:?} is idempotent"
        );
        let sorted = selector.sorted().to_string();
        assert_eq!(parse(&sorted).unwrap().sorted().to_string(), sorted);
    }
}

#[test]
fn plain_values_borrow_from_the_query() {
    let input = r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api",'k'=~`v`}"#;
    let selector = parse(input).unwrap();
    for m in &selector {
        assert!(matches!(m.name, std::borrow::Cow::Borrowed(_)), "{m:?}");
        assert!(matches!(m.value, std::borrow::Cow::Borrowed(_)), "{m:?}");
    }
    let escaped = parse(r#"{a="x\ny"}"#).unwrap();
    assert!(matches!(
        escaped.matchers()[0].value,
        std::borrow::Cow::Owned(_)
    ));
}

#[test]
fn spans_point_into_the_query() {
    let input = "cpu{ a = \"b\", \"c\" }";
    let selector = parse(input).unwrap();
    let id = selector.identifier().unwrap();
    assert_eq!(&input[id.span.start..id.span.end], "cpu");
    let a = &selector.matchers()[0];
    assert_eq!(&input[a.spans.name.start..a.spans.name.end], "a");
    assert_eq!(&input[a.spans.op.start..a.spans.op.end], "=");
    assert_eq!(&input[a.spans.value.start..a.spans.value.end], "\"b\"");
    assert_eq!(
        &input[a.spans.full().start..a.spans.full().end],
        "a = \"b\""
    );
    let lone = &selector.matchers()[1];
    assert!(lone.spans.name.is_empty() && lone.spans.op.is_empty());
    assert_eq!(
        &input[lone.spans.value.start..lone.spans.value.end],
        "\"c\""
    );
    assert_eq!(&input[selector.span().start..selector.span().end], input);
    let bare = parse("  cpu  ").unwrap();
    assert_eq!(bare.span(), pyroql::Span::new(2, 5));
}

#[test]
fn selectors_compare_without_spans() {
    assert_eq!(
        parse(r#"{a="b"}"#).unwrap(),
        parse(r#"{ a = 'b' }"#).unwrap()
    );
    assert_eq!(
        parse(r#"{"x"}"#).unwrap(),
        parse(r#"{__name__="x"}"#).unwrap()
    );
    assert_ne!(parse("x").unwrap(), parse(r#"{__name__="x"}"#).unwrap());
    assert_ne!(
        parse(r#"{a="b",c="d"}"#).unwrap(),
        parse(r#"{c="d",a="b"}"#).unwrap()
    );
}

#[test]
fn owned_selectors_outlive_the_query() {
    let owned: Selector<'static> = {
        let text = String::from(r#"cpu{a="b"}"#);
        parse(&text).unwrap().into_owned()
    };
    assert_eq!(owned.to_string(), r#"cpu{a="b"}"#);
    let from_str: Selector<'static> = r#"{ a = "b" }"#.parse().unwrap();
    assert_eq!(from_str.find("a").unwrap().value, "b");
    assert!("{".parse::<Selector<'static>>().is_err());
}

#[test]
fn the_length_limit_refuses_long_queries() {
    let parser = pyroql::Parser::new().max_len(7);
    assert!(parser.parse(r#"{a="b"}"#).is_ok());
    let err = parser.parse(r#"{a="bc"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1:8: parse error: query is 8 bytes long, more than the limit of 7"
    );
    assert_eq!(pyroql::DEFAULT_MAX_LEN, 16 << 20);
    let big = format!("{{a=\"{}\"}}", "x".repeat(pyroql::DEFAULT_MAX_LEN));
    assert!(matches!(
        parse(&big).unwrap_err().kind(),
        pyroql::ErrorKind::TooLong { .. }
    ));
}
