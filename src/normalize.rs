//! Normalizing: one canonical form per meaning, so that two queries can be compared.

use std::borrow::Cow;

use crate::ast::{Identifier, MatchOp, Matcher, Selector, METRIC_NAME};
use crate::names::is_metric_identifier;
use crate::regexp::literal_alternation;

impl<'a> Selector<'a> {
    /// Rewrites the selector into its canonical form, without changing which series it matches:
    ///
    /// - a regex that is a plain literal becomes `=` or `!=` (`env=~"prod"` is `env="prod"`);
    /// - matchers that match everything are dropped (`x=~".*"`; `x!=""` is not one: it excludes
    ///   series without `x`);
    /// - exact duplicates are dropped, and the rest sorted by their printed text;
    /// - the profile type is written once, before the braces: `__name__="…"` matchers that agree
    ///   and could stand there move there (the identifier before the braces is `__name__="…"`).
    ///
    /// Normalizing twice changes nothing.
    ///
    /// ```
    /// let s = pyroql::parse(r#"{env=~"prod", __name__="cpu", a=~".*", env="prod", b!=""}"#).unwrap();
    /// assert_eq!(s.normalize().to_string(), r#"cpu{b!="",env="prod"}"#);
    /// ```
    pub fn normalize(&self) -> Selector<'a> {
        let identifier = self.identifier().map(|id| {
            Matcher::new(
                METRIC_NAME,
                MatchOp::Equal,
                Cow::Owned(id.as_str().to_owned()),
            )
        });
        let mut matchers: Vec<(String, Matcher<'a>)> = self
            .iter()
            .cloned()
            .chain(identifier)
            .filter_map(simplify)
            .map(|m| (m.to_string(), m))
            .collect();
        matchers.sort_by(|a, b| a.0.cmp(&b.0));
        matchers.dedup_by(|a, b| a.0 == b.0);
        let mut matchers: Vec<Matcher<'a>> = matchers.into_iter().map(|(_, m)| m).collect();

        let is_name = |m: &Matcher<'_>| m.name == METRIC_NAME && m.op == MatchOp::Equal;
        let mut names = matchers.iter().filter(|m| is_name(m));
        let identifier = match (names.next(), names.next()) {
            (Some(name), None) if is_metric_identifier(&name.value) => {
                Identifier::new(name.value.clone()).ok()
            }
            _ => None,
        };
        if identifier.is_some() {
            matchers.retain(|m| !is_name(m));
        }
        Selector::from_parts(identifier, matchers)
    }
}

/// The matcher in its simplest form, or `None` when it matches every series.
fn simplify(matcher: Matcher<'_>) -> Option<Matcher<'_>> {
    if !matcher.op.is_regex() {
        return Some(matcher);
    }
    if matcher.value == ".*" {
        return (matcher.op == MatchOp::NotRegex).then_some(matcher);
    }
    match literal_alternation(&matcher.value).as_deref() {
        Some([literal]) => {
            let op = if matcher.op == MatchOp::Regex {
                MatchOp::Equal
            } else {
                MatchOp::NotEqual
            };
            Some(Matcher {
                op,
                value: Cow::Owned(literal.clone()),
                ..matcher
            })
        }
        _ => Some(matcher),
    }
}

#[cfg(test)]
mod tests {
    fn normalized(query: &str) -> String {
        crate::parse(query).unwrap().normalize().to_string()
    }

    #[test]
    fn normalizes_as_documented() {
        let cases = [
            ("{}", "{}"),
            (r#"{b="2",a="1"}"#, r#"{a="1",b="2"}"#),
            (r#"{a="1",a="1"}"#, r#"{a="1"}"#),
            (r#"{a=~".*"}"#, "{}"),
            (r#"{a!~".*"}"#, r#"{a!~".*"}"#),
            (r#"{a!=""}"#, r#"{a!=""}"#),
            (r#"{a=~"x"}"#, r#"{a="x"}"#),
            (r#"{a!~"v1\\.2"}"#, r#"{a!="v1.2"}"#),
            (r#"{a=~""}"#, r#"{a=""}"#),
            (r#"{a=~"x|y"}"#, r#"{a=~"x|y"}"#),
            (r#"{__name__="cpu"}"#, "cpu"),
            (r#"{"cpu", a="b"}"#, r#"cpu{a="b"}"#),
            (r#"cpu{__name__="cpu"}"#, "cpu"),
            (
                r#"cpu{__name__="mem"}"#,
                r#"{__name__="cpu",__name__="mem"}"#,
            ),
            (r#"{__name__="not-an-id"}"#, r#"{__name__="not-an-id"}"#),
            (r#"{__name__="bool"}"#, r#"{__name__="bool"}"#),
            (r#"{__name__=~"cpu"}"#, "cpu"),
        ];
        for (input, want) in cases {
            assert_eq!(normalized(input), want, "{input}");
            assert_eq!(normalized(want), want, "normalizing {want} again");
        }
    }
}
