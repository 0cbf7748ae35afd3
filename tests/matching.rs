//! Matching, normalizing and rewriting, through the public API: Prometheus' documented
//! behaviour, and properties over random selectors and label sets.
#![cfg(feature = "matching")]

use proptest::prelude::*;
use pyroql::matching::{CompiledSelector, Labels};
use pyroql::{parse, Identifier, MatchOp, Matcher, Selector};

fn matches(selector: &str, labels: &str) -> bool {
    let compiled = CompiledSelector::new(&parse(selector).unwrap()).unwrap();
    compiled.matches(&Labels::parse(labels).unwrap())
}

#[test]
fn matching_follows_prometheus() {
    let cases = [
        // Equality and its negation; an absent label is the empty string.
        (r#"{job="api"}"#, r#"{job="api"}"#, true),
        (r#"{job="api"}"#, r#"{job="api2"}"#, false),
        (r#"{job!="api"}"#, "{}", true),
        (r#"{job=""}"#, "{}", true),
        (r#"{job=""}"#, r#"{job="x"}"#, false),
        (r#"{job!=""}"#, "{}", false),
        (r#"{job!=""}"#, r#"{job="x"}"#, true),
        // Regexes are anchored at both ends.
        (r#"{job=~"api"}"#, r#"{job="api-2"}"#, false),
        (r#"{job=~"api.*"}"#, r#"{job="api-2"}"#, true),
        (r#"{job=~".*api"}"#, r#"{job="my-api"}"#, true),
        (r#"{job=~"a|b"}"#, r#"{job="ab"}"#, false),
        (r#"{job!~"a|b"}"#, r#"{job="ab"}"#, true),
        (r#"{job=~".*"}"#, "{}", true),
        (r#"{job=~".+"}"#, "{}", false),
        (r#"{job!~".+"}"#, "{}", true),
        (r#"{job=~"x?"}"#, "{}", true),
        // `.` matches a newline.
        (r#"{msg=~"a.b"}"#, "{msg=\"a\\nb\"}", true),
        (r#"{msg=~"(?-s)a.b"}"#, "{msg=\"a\\nb\"}", false),
        // Literal fast paths.
        (r#"{env=~"prod|staging"}"#, r#"{env="staging"}"#, true),
        (r#"{env=~"prod|staging"}"#, r#"{env="dev"}"#, false),
        (r#"{env=~"v1\\.2"}"#, r#"{env="v1.2"}"#, true),
        (r#"{env=~"v1\\.2"}"#, r#"{env="v1x2"}"#, false),
        // Go-only syntax means what Go means.
        (r#"{a=~"x{y}"}"#, r#"{a="x{y}"}"#, true),
        (r#"{a=~"\\d+"}"#, r#"{a="١٢"}"#, false),
        (r#"{a=~"[a&&b]"}"#, r#"{a="&"}"#, true),
        (r#"{a=~"(?i)API"}"#, r#"{a="api"}"#, true),
        // Every matcher must hold, the identifier being __name__.
        (r#"cpu{a="1"}"#, r#"cpu{a="1"}"#, true),
        (r#"cpu{a="1"}"#, r#"{a="1"}"#, false),
        (
            r#"{"service.name"="x", a!="1"}"#,
            r#"{"service.name"="x"}"#,
            true,
        ),
    ];
    for (selector, labels, want) in cases {
        assert_eq!(
            matches(selector, labels),
            want,
            "{selector} against {labels}"
        );
    }
}

#[test]
fn invalid_patterns_are_errors_naming_the_matcher() {
    for (query, message) in [
        (
            r#"{a="1", b=~"x**"}"#,
            "invalid nested repetition operator: `**`",
        ),
        (r#"{b=~"a{1001}"}"#, "invalid repeat count: `{1001}`"),
        (
            r#"{b!~"(?x)a"}"#,
            "invalid or unsupported Perl syntax: `(?x`",
        ),
        (r#"{b=~"\\e"}"#, "invalid escape sequence: `\\e`"),
    ] {
        let selector = pyroql::Parser::new().syntax_only().parse(query).unwrap();
        let err = CompiledSelector::new(&selector).unwrap_err();
        assert_eq!(err.error.detail(&err.matcher.value), message, "{query}");
        assert!(err.to_string().contains("matcher b"), "{err}");
        assert_eq!(&query[err.span().start..err.span().start + 1], "\"");
    }
}

fn name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["a", "b", "__name__"])
}

fn value() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "x", "y", "xy", "cpu"])
}

fn pattern() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        ".*", ".+", "x", "x|y", "x.*", "", "y+", "(x|y)*", "[xy]", "cpu", "x\\.y", "x|",
    ])
}

fn matcher() -> impl Strategy<Value = Matcher<'static>> {
    prop_oneof![
        (name(), value()).prop_map(|(n, v)| Matcher::new(n, MatchOp::Equal, v)),
        (name(), value()).prop_map(|(n, v)| Matcher::new(n, MatchOp::NotEqual, v)),
        (name(), pattern()).prop_map(|(n, v)| Matcher::new(n, MatchOp::Regex, v)),
        (name(), pattern()).prop_map(|(n, v)| Matcher::new(n, MatchOp::NotRegex, v)),
    ]
}

fn selector() -> impl Strategy<Value = Selector<'static>> {
    (
        prop::option::of(prop::sample::select(vec!["cpu", "x"])),
        prop::collection::vec(matcher(), 0..6),
    )
        .prop_map(|(id, matchers)| {
            Selector::from_parts(id.map(|id| Identifier::new(id).unwrap()), matchers)
        })
}

fn label_set() -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
    prop::collection::btree_map(name(), value(), 0..3).prop_map(|m| m.into_iter().collect())
}

fn compiled(s: &Selector<'_>) -> CompiledSelector {
    CompiledSelector::new(s).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn normalizing_keeps_what_matches(s in selector(), sets in prop::collection::vec(label_set(), 8)) {
        let normal = s.normalize();
        let (before, after) = (compiled(&s), compiled(&normal));
        for labels in &sets {
            prop_assert_eq!(before.matches(labels), after.matches(labels), "{} vs {} on {:?}", s, normal, labels);
        }
        prop_assert_eq!(normal.normalize().to_string(), normal.to_string());
        let printed = normal.to_string();
        prop_assert_eq!(parse(&printed).unwrap(), normal);
    }

    #[test]
    fn equal_normal_forms_match_the_same(a in selector(), b in selector(), sets in prop::collection::vec(label_set(), 8)) {
        if a.normalize() == b.normalize() {
            for labels in &sets {
                prop_assert_eq!(compiled(&a).matches(labels), compiled(&b).matches(labels));
            }
        }
    }

    #[test]
    fn enforcing_matches_exactly_the_allowed_part(s in selector(), rule in matcher(), sets in prop::collection::vec(label_set(), 8)) {
        let allowed = compiled(&Selector::from_parts(None, vec![rule.clone()]));
        let original = compiled(&s);
        match s.enforce(rule) {
            Ok(enforced) => {
                let result = compiled(&enforced);
                for labels in &sets {
                    let want = original.matches(labels) && allowed.matches(labels);
                    prop_assert_eq!(result.matches(labels), want, "{} on {:?}", enforced, labels);
                }
                let printed = enforced.to_string();
                prop_assert_eq!(parse(&printed).unwrap(), enforced);
            }
            // A reported contradiction is real: nothing matches both.
            Err(_) => {
                for labels in &sets {
                    prop_assert!(!(original.matches(labels) && allowed.matches(labels)), "{} on {:?}", s, labels);
                }
            }
        }
    }
}

#[test]
fn normal_forms_compare_queries() {
    let a = parse(r#"{env=~"prod", service_name="api", x=~".*"}"#).unwrap();
    let b = parse(r#"{ service_name = 'api', env = "prod", env="prod" }"#).unwrap();
    assert_eq!(a.normalize(), b.normalize());
    assert_eq!(
        a.normalize().to_string(),
        r#"{env="prod",service_name="api"}"#
    );
}
