//! Queries as bytes (`parse_bytes`): what Prometheus answers for bytes that are not UTF-8, with
//! spans and positions counted in the input's bytes.

use std::borrow::Cow;

use pyroql::{parse_bytes, ErrorKind, Parser, Span};

#[test]
fn bad_bytes_fail_as_prometheus_fails_them() {
    let cases: &[(&[u8], &str)] = &[
        (b"{a=\"\xff\"}", "1:4: parse error: invalid UTF-8 rune"),
        (b"\"\xff\"{}", "1:1: parse error: invalid UTF-8 rune"),
        (b"{`\xff`}", "1:2: parse error: invalid UTF-8 rune"),
        (
            b"\xff",
            "1:1: parse error: unexpected character: '\u{fffd}'",
        ),
        (
            b"{\xff}",
            "1:2: parse error: unexpected character inside braces: '\u{fffd}'",
        ),
        (
            b"{a!\xff}",
            "1:3: parse error: unexpected character after '!' inside braces: '\u{fffd}'",
        ),
        (
            b"cpu\xff{}",
            "1:4: parse error: unexpected character: '\u{fffd}'",
        ),
        (
            b"{a=\"b\"}\xff",
            "1:8: parse error: unexpected character: '\u{fffd}'",
        ),
        (b"1\xff", r#"1:1: parse error: unexpected number "1""#),
        (
            b"{a=\"b\"} 5m\xff",
            r#"1:9: parse error: unexpected duration "5m""#,
        ),
        // Each byte of a broken sequence counts one: the position after two of them.
        (
            b"{#\xe2\x82\n\xe2\x82}",
            "2:1: parse error: unexpected character inside braces: '\u{fffd}'",
        ),
        (
            b"\xe2\x82 {a=b}",
            "1:1: parse error: unexpected character: '\u{fffd}'",
        ),
        (
            b"# \xe2\x82\n{a=b}",
            r#"2:4: parse error: unexpected identifier "b" in label matching, expected string"#,
        ),
    ];
    for (input, want) in cases {
        let error = parse_bytes(input).unwrap_err();
        assert_eq!(error.to_string(), *want, "{input:?}");
    }
}

#[test]
fn bad_bytes_in_comments_are_skipped_and_spans_count_bytes() {
    let input = b"{#\xff\xfe\n a=\"b\", \"c\"=~'d'} # \xff";
    let selector = parse_bytes(input).unwrap();
    assert_eq!(selector.to_string(), r#"{a="b",c=~"d"}"#);
    let a = &selector.matchers()[0];
    assert_eq!(a.spans.name, Span::new(6, 7));
    assert_eq!(a.spans.value, Span::new(8, 11));
    let c = &selector.matchers()[1];
    assert_eq!(c.spans.name, Span::new(13, 16));
    assert_eq!(c.spans.op, Span::new(16, 18));
    assert_eq!(&input[c.spans.value.start..c.spans.value.end], b"'d'");
    assert_eq!(selector.span(), Span::new(0, 22));
    // The text borrows from the input.
    assert!(matches!(a.value, Cow::Borrowed("b")));
    assert!(matches!(c.name, Cow::Borrowed("c")));
    let with_identifier = parse_bytes(b"# \xff\ncpu{\"x\"} # \xff").unwrap();
    assert_eq!(with_identifier.identifier().unwrap().span, Span::new(4, 7));
    assert_eq!(with_identifier.identifier().unwrap().as_str(), "cpu");
    assert_eq!(with_identifier.matchers()[0].name, "__name__");
    assert_eq!(with_identifier.matchers()[0].value, "x");
}

#[test]
fn valid_text_parses_as_text() {
    for input in [r#"{a="b"}"#, "cpu", "{", "{a=\"\u{fffd}\"}", ""] {
        assert_eq!(
            parse_bytes(input.as_bytes()),
            pyroql::parse(input),
            "{input:?}"
        );
    }
}

#[test]
fn the_limit_counts_bytes() {
    let input = b"{a=\"\xff\xff\xff\"}";
    let error = Parser::new().max_len(8).parse_bytes(input).unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::TooLong { len: 9, limit: 8 }
    ));
    assert_eq!(error.span(), Span::empty(8));
    // Within the limit, though the repaired text (each bad byte three bytes) is not.
    let error = Parser::new().max_len(9).parse_bytes(input).unwrap_err();
    assert_eq!(error.to_string(), "1:4: parse error: invalid UTF-8 rune");
}

#[test]
fn reports_draw_bad_bytes_as_replacement_characters() {
    let input = b"{\xff\xfe a}";
    let error = parse_bytes(input).unwrap_err();
    let report = error.report_bytes(input).to_string();
    assert_eq!(
        report,
        "1:2: parse error: unexpected character inside braces: '\u{fffd}'\n  |\n1 | {\u{fffd}\u{fffd} a}\n  |  ^"
    );
}
