//! Properties over random input: selectors print and parse back equal, printing is idempotent,
//! and no string makes the parser panic.

use proptest::prelude::*;
use pyroql::profile_type::{connect_query, render_query, ProfileType};
use pyroql::{parse, Identifier, MatchOp, Matcher, Parser, Selector};

const CASES: u32 = 2048;

fn op() -> impl Strategy<Value = MatchOp> {
    prop_oneof![
        Just(MatchOp::Equal),
        Just(MatchOp::NotEqual),
        Just(MatchOp::Regex),
        Just(MatchOp::NotRegex),
    ]
}

/// Label names and values: plain names, names that need quotes, and any text at all (control
/// characters, quotes, backslashes, U+FFFD and unassigned code points included).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_]{0,12}",
        "[a-z.:/ -]{0,8}",
        "[\"'`\\\\\n\t\u{0}\u{7f}\u{ad}\u{fffd}\u{2028}é台]{0,6}",
        any::<String>(),
    ]
}

fn identifier() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[a-zA-Z_:][a-zA-Z0-9_:]{0,40}")
}

fn selector() -> impl Strategy<Value = Selector<'static>> {
    (
        identifier(),
        prop::collection::vec((text(), op(), text()), 0..8),
    )
        .prop_map(|(identifier, matchers)| {
            // A random word may be a reserved keyword; those cannot stand before the braces.
            let identifier = identifier.and_then(|name| Identifier::new(name).ok());
            let matchers = matchers
                .into_iter()
                .map(|(name, op, value)| Matcher::new(name, op, value))
                .collect();
            Selector::from_parts(identifier, matchers)
        })
}

/// Text made of selector tokens and near misses, to reach deep into the grammar.
#[cfg(feature = "fuzz-checks")]
fn selector_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{"),
        Just("}"),
        Just(","),
        Just("="),
        Just("!="),
        Just("=~"),
        Just("!~"),
        Just("!"),
        Just("a"),
        Just("service_name"),
        Just("cpu:x"),
        Just("bool"),
        Just("\"v\""),
        Just("'v'"),
        Just("`v`"),
        Just("\"\\x41\""),
        Just("\"\\"),
        Just("\""),
        Just(" "),
        Just("\n"),
        Just("# c\n"),
        Just("1"),
        Just("."),
        Just("("),
        Just(")"),
        Just("["),
        Just("é"),
        Just("\u{fffd}"),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Printing keeps the syntax, read back by a syntax-only parser (random patterns are seldom
    /// ones Go accepts); the full verdict fails exactly when a pattern is one Go refuses.
    #[test]
    fn printed_selectors_parse_back_equal(s in selector()) {
        let syntax = Parser::new().syntax_only();
        let printed = s.to_string();
        let parsed = syntax.parse(&printed).map_err(|e| TestCaseError::fail(format!("{printed:?}: {e}")))?;
        prop_assert_eq!(&parsed, &s);
        prop_assert_eq!(&parsed.to_string(), &printed);
        let sorted = s.sorted().to_string();
        let parsed_sorted = syntax.parse(&sorted).map_err(|e| TestCaseError::fail(format!("{sorted:?}: {e}")))?;
        prop_assert_eq!(parsed_sorted.sorted().to_string(), sorted);
        let refused = s.iter().find(|m| m.op.is_regex() && pyroql::regexp::check(&m.value).is_err());
        match (parse(&printed), refused) {
            (Ok(full), None) => prop_assert_eq!(full, s),
            (Err(error), Some(m)) => prop_assert!(
                matches!(error.kind(), pyroql::ErrorKind::InvalidRegex { code, .. }
                    if Some(*code) == pyroql::regexp::check(&m.value).err().map(|e| e.kind())),
                "{printed:?}: {error}"
            ),
            (full, refused) => prop_assert!(false, "{printed:?}: {full:?}, refused {refused:?}"),
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_reads_back_equal(s in selector()) {
        let json = serde_json::to_string(&s).unwrap();
        let back: Selector<'_> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, s);
    }

    #[test]
    fn profile_type_ids_have_five_or_six_parts(id in "[a-z_:.-]{0,30}") {
        let colons = id.matches(':').count();
        match ProfileType::parse(&id) {
            Ok(pt) => {
                prop_assert!(colons == 4 || colons == 5);
                prop_assert_eq!(pt.to_string(), id.clone());
                let rejoined = [pt.name(), pt.sample_type(), pt.sample_unit(), pt.period_type(), pt.period_unit()]
                    .join(":") + &pt.delta().map(|d| format!(":{d}")).unwrap_or_default();
                prop_assert_eq!(rejoined, id);
            }
            Err(e) => prop_assert_eq!(e.parts, colons + 1),
        }
    }

    #[test]
    fn built_queries_parse_back(s in selector(), id in "[a-zA-Z0-9_.-]{0,8}(:[a-zA-Z0-9_.-]{0,8}){4,5}") {
        let pt = ProfileType::parse(&id).unwrap();
        // A selector naming its own profile type would disagree with `pt`.
        let mut s = s;
        s.matchers_mut().retain(|m| m.name != "__name__" && m.name != "__profile_type__");
        let syntax = Parser::new().syntax_only();
        let query = render_query(&pt, &s);
        let parsed = syntax.parse(&query).map_err(|e| TestCaseError::fail(format!("{query:?}: {e}")))?;
        prop_assert_eq!(parsed.profile_type().unwrap(), pt.clone());
        let rest: Vec<_> = parsed.iter().filter(|m| m.name != "__name__").cloned().collect();
        prop_assert_eq!(rest.as_slice(), s.matchers());
        let connect = connect_query(&pt, &s);
        let label_selector = syntax.parse(&connect.label_selector).unwrap();
        prop_assert_eq!(label_selector.matchers(), s.matchers());
    }

    #[cfg(feature = "fuzz-checks")]
    #[test]
    fn any_string_parses_or_fails_cleanly(input in any::<String>()) {
        pyroql::fuzz_checks::parse_text(&input);
    }

    #[cfg(feature = "fuzz-checks")]
    #[test]
    fn selector_like_strings_parse_or_fail_cleanly(input in selector_like()) {
        pyroql::fuzz_checks::parse_text(&input);
    }
}
