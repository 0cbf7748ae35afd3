//! Every error of `spec/selector.md`, with Prometheus' wording and position, and the kinds a
//! caller matches on.

use pyroql::{parse, ErrorKind, Expected, TokenKind};

/// `(query, the line Pyroscope's server answers with)`.
const REJECTED: &[(&str, &str)] = &[
    // The spec's table.
    ("{", "1:2: parse error: unexpected end of input inside braces"),
    ("some{", "1:6: parse error: unexpected end of input inside braces"),
    (r#"{service.name="x"}"#, "1:9: parse error: unexpected character inside braces: '.'"),
    ("foo{1}", "1:5: parse error: unexpected character inside braces: '1'"),
    (r#"{alert!#"bar"}"#, "1:7: parse error: unexpected character after '!' inside braces: '#'"),
    ("{{", "1:2: parse error: unexpected left brace '{'"),
    ("}", "1:1: parse error: unexpected character: '}'"),
    ("????", "1:1: parse error: unexpected character: '?'"),
    (r#"{a="x}"#, "1:4: parse error: unterminated quoted string"),
    ("{a=`x}", "1:4: parse error: unterminated raw string"),
    (r#"{a="\"#, "1:4: parse error: escape sequence not terminated"),
    (r#"{a="\."}"#, "1:4: parse error: unknown escape sequence U+002E '.'"),
    (r#"{a="\x."}"#, "1:4: parse error: illegal character U+002E '.' in escape sequence"),
    (r#"{a="\uD800"}"#, "1:4: parse error: escape sequence is an invalid Unicode code point"),
    (
        "some_metric{a=b}",
        r#"1:15: parse error: unexpected identifier "b" in label matching, expected string"#,
    ),
    (
        "foo{gibberish}",
        r#"1:14: parse error: unexpected "}" in label matching, expected label matching operator"#,
    ),
    (
        "foo{,}",
        r#"1:5: parse error: unexpected "," in label matching, expected identifier or "}""#,
    ),
    (
        r#"foo{a="b" lol}"#,
        r#"1:11: parse error: unexpected identifier "lol" in label matching, expected "," or "}""#,
    ),
    (
        r#"foo{a == "b"}"#,
        r#"1:8: parse error: unexpected "=" in label matching, expected string"#,
    ),
    ("", "unknown position: parse error: unexpected end of input"),
    (
        r#"{a=!="b"}"#,
        r#"1:4: parse error: unexpected <op:!=> in label matching, expected string"#,
    ),
    // The end of input, wherever it comes.
    ("   ", "1:4: parse error: unexpected end of input"),
    ("# only a comment", "1:17: parse error: unexpected end of input"),
    (r#"{a="b""#, "1:7: parse error: unexpected end of input inside braces"),
    (r#"{a="b","#, "1:8: parse error: unexpected end of input inside braces"),
    ("{a", "1:3: parse error: unexpected end of input inside braces"),
    ("{a=", "1:4: parse error: unexpected end of input inside braces"),
    ("{ # open\n", "2:1: parse error: unexpected end of input inside braces"),
    ("\n\n{", "3:2: parse error: unexpected end of input inside braces"),
    // Each place in a matcher.
    ("{a}", r#"1:3: parse error: unexpected "}" in label matching, expected label matching operator"#),
    (r#"{a "b"}"#, r#"1:4: parse error: unexpected string "\"b\"" in label matching, expected label matching operator"#),
    ("{a=}", r#"1:4: parse error: unexpected "}" in label matching, expected string"#),
    // A word after the selector is an identifier, however long; with a colon, a metric identifier.
    (
        r#"{a="b"} service_name_long"#,
        r#"1:9: parse error: unexpected identifier "service_name_long""#,
    ),
    (r#"{a="b"} a:b"#, r#"1:9: parse error: unexpected metric identifier "a:b""#),
    // A value that is no string, even where a byte of it comes again, as a closing quote would.
    ("{a=bxb}", r#"1:4: parse error: unexpected identifier "bxb" in label matching, expected string"#),
    ("{a=,b='x'}", r#"1:4: parse error: unexpected "," in label matching, expected string"#),
    (r#"{"a"=}"#, r#"1:6: parse error: unexpected "}" in label matching, expected string"#),
    (r#"{"a"=b}"#, r#"1:6: parse error: unexpected identifier "b" in label matching, expected string"#),
    (r#"{a=,}"#, r#"1:4: parse error: unexpected "," in label matching, expected string"#),
    (r#"{"a" "b"}"#, r#"1:6: parse error: unexpected string "\"b\"" in label matching, expected "," or "}""#),
    (r#"{a="b" "c"}"#, r#"1:8: parse error: unexpected string "\"c\"" in label matching, expected "," or "}""#),
    (
        r#"{a="b" "abcdefghijk"}"#,
        r#"1:8: parse error: unexpected string "\"abcdefghi"... in label matching, expected "," or "}""#,
    ),
    (r#"{a=~"b"=~"c"}"#, r#"1:8: parse error: unexpected <op:=~> in label matching, expected "," or "}""#),
    (r#"{"a"="b"="c"}"#, r#"1:9: parse error: unexpected "=" in label matching, expected "," or "}""#),
    (r#"{a="b",,}"#, r#"1:8: parse error: unexpected "," in label matching, expected identifier or "}""#),
    (r#"{=}"#, r#"1:2: parse error: unexpected "=" in label matching, expected identifier or "}""#),
    (r#"{!~"a"}"#, r#"1:2: parse error: unexpected <op:!~> in label matching, expected identifier or "}""#),
    (r#"{a!="b"!="c"}"#, r#"1:8: parse error: unexpected <op:!=> in label matching, expected "," or "}""#),
    // Characters no token starts with, inside braces.
    ("{!}", "1:2: parse error: unexpected character after '!' inside braces: '}'"),
    ("{a!", "1:3: parse error: unexpected character after '!' inside braces: '\u{fffd}'"),
    (r#"{a:b="c"}"#, "1:3: parse error: unexpected character inside braces: ':'"),
    (r#"{a-b="c"}"#, "1:3: parse error: unexpected character inside braces: '-'"),
    (r#"{a="b"]"#, "1:7: parse error: unexpected character inside braces: ']'"),
    ("{é}", "1:2: parse error: unexpected character inside braces: 'é'"),
    ("{\u{a0}}", "1:2: parse error: unexpected character inside braces: '\\u00a0'"),
    ("{\u{b}}", "1:2: parse error: unexpected character inside braces: '\\v'"),
    ("{'a'='b'}{", "1:10: parse error: unexpected \"{\""),
    ("{a={", "1:4: parse error: unexpected left brace '{'"),
    // Strings.
    ("{a=\"x\ny\"}", "1:4: parse error: unterminated quoted string"),
    ("{a='x\"}", "1:4: parse error: unterminated quoted string"),
    ("{a=\"x\u{fffd}\"}", "1:4: parse error: invalid UTF-8 rune"),
    ("{a=`x\u{fffd}`}", "1:4: parse error: invalid UTF-8 rune"),
    ("{\"\u{fffd}\"}", "1:2: parse error: invalid UTF-8 rune"),
    (r#"{a='\"'}"#, "1:4: parse error: unknown escape sequence U+0022 '\"'"),
    (r#"{a="\'"}"#, "1:4: parse error: unknown escape sequence U+0027 '''"),
    (r#"{a="\d"}"#, "1:4: parse error: unknown escape sequence U+0064 'd'"),
    (r#"{a="\é"}"#, "1:4: parse error: unknown escape sequence U+00E9 'é'"),
    (r#"{a="\x4"}"#, "1:4: parse error: illegal character U+0022 '\"' in escape sequence"),
    (r#"{a="\08"}"#, "1:4: parse error: illegal character U+0038 '8' in escape sequence"),
    ("{a=\"\\u00\n\"}", "1:4: parse error: illegal character U+000A in escape sequence"),
    (r#"{a="\x"#, "1:4: parse error: escape sequence not terminated"),
    (r#"{a="\U0000"#, "1:4: parse error: escape sequence not terminated"),
    (r#"{a="\400"}"#, "1:4: parse error: escape sequence is an invalid Unicode code point"),
    (r#"{a="\U00110000"}"#, "1:4: parse error: escape sequence is an invalid Unicode code point"),
    (r#"{a="\uDFFF"}"#, "1:4: parse error: escape sequence is an invalid Unicode code point"),
    (r#"{a="ok" b="\."}"#, r#"1:9: parse error: unexpected identifier "b" in label matching, expected "," or "}""#),
    // Positions count lines, and bytes within a line.
    ("{a=\"b\",\n  c=d}", r#"2:5: parse error: unexpected identifier "d" in label matching, expected string"#),
    (r#"{a="é" b}"#, r#"1:9: parse error: unexpected identifier "b" in label matching, expected "," or "}""#),
    ("\r\n{\r\n\t.", "3:2: parse error: unexpected character inside braces: '.'"),
    // Keywords cannot name a metric.
    ("bool{}", "1:1: parse error: unexpected <bool>"),
    ("Bool", "1:1: parse error: unexpected <Bool>"),
    ("on{}", "1:1: parse error: unexpected <on>"),
    ("ignoring", "1:1: parse error: unexpected <ignoring>"),
    ("group_left{a=\"b\"}", "1:1: parse error: unexpected <group_left>"),
    ("group_right", "1:1: parse error: unexpected <group_right>"),
    ("atan2{}", "1:1: parse error: unexpected <op:atan2>"),
    ("inf{}", r#"1:1: parse error: unexpected number "inf""#),
    ("NaN", r#"1:1: parse error: unexpected number "NaN""#),
    // `fill`, `fill_left` and `fill_right` are keywords before `(` (Prometheus 3.10), and still
    // name a metric there: the parenthesis fails.
    ("fill(x)", r#"1:5: parse error: unexpected "(""#),
    ("fill\n(", r#"2:1: parse error: unexpected "(""#),
    ("FILL_left (", r#"1:11: parse error: unexpected "(""#),
    ("Fill_Right#c\n(", r#"2:1: parse error: unexpected "(""#),
    // `</` and `>/` are operators (Prometheus 3.11).
    ("</", "1:1: parse error: unexpected <op:</>"),
    (r#"{a="b"} </ 1"#, "1:9: parse error: unexpected <op:</>"),
    ("stdvar>/", "1:7: parse error: unexpected <op:>/>"),
    // A string whose escapes leave invalid UTF-8 lexes: where Prometheus fails at it as a
    // token, so does pyroql.
    (r#""\xff"{}"#, r#"1:1: parse error: unexpected string "\"\\xff\"""#),
    (
        r#"{"a" "\377"}"#,
        r#"1:6: parse error: unexpected string "\"\\377\"" in label matching, expected "," or "}""#,
    ),
    ("  bool", "1:3: parse error: unexpected <bool>"),
    // PromQL that is not a selector.
    (r#"{a="b"}{c="d"}"#, r#"1:8: parse error: unexpected "{""#),
    ("foo bar", r#"1:5: parse error: unexpected identifier "bar""#),
    ("foo{}bar", r#"1:6: parse error: unexpected identifier "bar""#),
    ("foo a:b", r#"1:5: parse error: unexpected metric identifier "a:b""#),
    ("foo{},", r#"1:6: parse error: unexpected ",""#),
    ("foo[5m]", r#"1:4: parse error: unexpected "[""#),
    ("(foo)", r#"1:1: parse error: unexpected "(""#),
    ("foo)", "1:5: parse error: unexpected right parenthesis ')'"),
    ("foo]", "1:4: parse error: unexpected right bracket ']'"),
    (r#"{a="b"}}"#, "1:8: parse error: unexpected character: '}'"),
    ("foo.bar", "1:4: parse error: unexpected character: '.'"),
    ("a+b", "1:2: parse error: unexpected <op:+>"),
    ("a - b", "1:3: parse error: unexpected <op:->"),
    ("foo == bar", "1:5: parse error: unexpected <op:==>"),
    ("foo != bar", "1:5: parse error: unexpected <op:!=>"),
    ("foo >= 1", "1:5: parse error: unexpected <op:>=>"),
    ("foo @ 1", "1:5: parse error: unexpected <op:@>"),
    ("foo=~\"x\"", "1:4: parse error: unexpected character after '=': '~'"),
    ("foo = \"x\"", r#"1:5: parse error: unexpected "=""#),
    ("foo !x", "1:5: parse error: unexpected character after '!': 'x'"),
    ("foo and bar", "1:5: parse error: unexpected <op:and>"),
    ("foo{} sum", "1:7: parse error: unexpected <aggr:sum>"),
    ("foo by", "1:5: parse error: unexpected <by>"),
    ("foo offset 5m", "1:5: parse error: unexpected <offset>"),
    ("foo start", r#"1:5: parse error: unexpected "start""#),
    ("1", r#"1:1: parse error: unexpected number "1""#),
    ("foo 0x1F", r#"1:5: parse error: unexpected number "0x1F""#),
    ("foo .5", r#"1:5: parse error: unexpected number ".5""#),
    ("foo 5m", r#"1:5: parse error: unexpected duration "5m""#),
    ("foo 1x", r#"1:5: parse error: bad number or duration syntax: "1""#),
    ("\"foo\"", r#"1:1: parse error: unexpected string "\"foo\"""#),
    ("foo \"x", "1:5: parse error: unterminated quoted string"),
    ("$x", "1:1: parse error: unexpected character: '$'"),
    ("ü", "1:1: parse error: unexpected character: 'ü'"),
    // pyroql's own error: escapes that leave invalid UTF-8.
    (
        r#"{a="\xff"}"#,
        "1:4: parse error: escape sequences leave invalid UTF-8 in the string (pyroql reads label values as UTF-8 text)",
    ),
    (
        r#"{'\303'="x"}"#,
        "1:2: parse error: escape sequences leave invalid UTF-8 in the string (pyroql reads label values as UTF-8 text)",
    ),
];

#[test]
fn every_error_reads_as_pyroscope_writes_it() {
    for (input, want) in REJECTED {
        match parse(input) {
            Ok(s) => panic!("{input:?} parsed as {s}, want {want}"),
            Err(e) => assert_eq!(e.to_string(), *want, "for {input:?}"),
        }
    }
}

#[test]
fn error_positions_agree_with_spans() {
    for (input, _) in REJECTED {
        let err = parse(input).unwrap_err();
        let span = err.span();
        assert!(
            span.start <= span.end && span.end <= input.len(),
            "{input:?}: {span:?}"
        );
        if !input.is_empty() {
            assert_eq!(err.position(), Some(span.position(input)), "{input:?}");
        }
        // The report always names the error line first.
        let report = err.report(input).to_string();
        assert!(report.starts_with(&err.to_string()), "{report}");
    }
}

#[test]
fn callers_can_match_on_the_kind() {
    let err = parse("some_metric{a=b}").unwrap_err();
    match err.kind() {
        ErrorKind::Unexpected {
            found,
            expected: Some(Expected::String),
        } => {
            assert_eq!(found.kind, TokenKind::Identifier);
            assert_eq!(found.text, "b");
        }
        other => panic!("unexpected kind {other:?}"),
    }
    assert_eq!(
        parse(r#"{service.name="x"}"#).unwrap_err().kind(),
        &ErrorKind::CharacterInsideBraces('.')
    );
    assert_eq!(
        parse(r#"{a="\."}"#).unwrap_err().kind(),
        &ErrorKind::UnknownEscape('.')
    );
    assert_eq!(parse("{a=\"").unwrap_err().span(), pyroql::Span::new(3, 4));
}
