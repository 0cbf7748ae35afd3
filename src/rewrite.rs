//! Rewriting selectors as a proxy does: add a matcher, remove a label, enforce a rule on whatever
//! a user wrote (as prom-label-proxy does for Prometheus).

use crate::ast::{MatchOp, Matcher, Selector, METRIC_NAME};
use crate::prometheus::matcher_matches;
use crate::regexp;

/// Why a rule cannot be enforced on a selector; returned by [`Selector::enforce`].
///
/// ```
/// use pyroql::{EnforceError, MatchOp, Matcher};
/// let rule = Matcher::new("tenant", MatchOp::Equal, "a");
/// let err = pyroql::parse(r#"{tenant=~"b|c"}"#).unwrap().enforce(rule.clone()).unwrap_err();
/// let EnforceError::Contradiction { query, enforced } = &err else { panic!("{err:?}") };
/// assert_eq!((query.to_string(), enforced.as_ref()), (r#"tenant=~"b|c""#.to_owned(), &rule));
/// assert_eq!(err.to_string(), r#"the query's matcher tenant=~"b|c" contradicts the enforced tenant="a": together they match nothing"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnforceError {
    /// A matcher of the query rules out every value the enforced matcher allows.
    #[error("the query's matcher {query} contradicts the enforced {enforced}: together they match nothing")]
    Contradiction {
        /// The query's matcher (for an identifier before the braces, `__name__="…"`).
        query: Box<Matcher<'static>>,
        /// The enforced matcher.
        enforced: Box<Matcher<'static>>,
    },
    /// A pattern that Prometheus refuses, in the query or in the rule (a selector that
    /// [`parse`](crate::parse) gave has none; one built by hand may).
    #[error("invalid regex in matcher {matcher}: {}", .error.display(&.matcher.value))]
    Regex {
        /// The matcher whose pattern is refused.
        matcher: Box<Matcher<'static>>,
        /// Go's error for its pattern.
        error: regexp::Error,
    },
}

impl<'a> Selector<'a> {
    /// The selector with `matcher` added at the end.
    ///
    /// ```
    /// use pyroql::{MatchOp, Matcher};
    /// let s = pyroql::parse(r#"{a="1"}"#).unwrap().with_matcher(Matcher::new("b", MatchOp::NotEqual, "2"));
    /// assert_eq!(s.to_string(), r#"{a="1",b!="2"}"#);
    /// ```
    pub fn with_matcher(mut self, matcher: Matcher<'a>) -> Self {
        self.push(matcher);
        self
    }

    /// Removes every matcher on label `name` (for `__name__`, the identifier before the braces
    /// too); returns how many went.
    ///
    /// ```
    /// let mut s = pyroql::parse(r#"cpu{tenant="a", env="prod", tenant!="b"}"#).unwrap();
    /// assert_eq!(s.remove_label("tenant"), 2);
    /// assert_eq!(s.to_string(), r#"cpu{env="prod"}"#);
    /// ```
    pub fn remove_label(&mut self, name: &str) -> usize {
        let before = self.len();
        self.matchers_mut().retain(|m| m.name != name);
        let mut removed = before - self.len();
        if name == METRIC_NAME && self.identifier().is_some() {
            self.set_identifier(None);
            removed += 1;
        }
        removed
    }

    /// The selector restricted to series that `enforced` allows, whatever the query says.
    ///
    /// The query's own matchers on the same label stay when they are consistent with the rule;
    /// one that rules out everything the rule allows (`tenant!="a"` against `tenant="a"`) is an
    /// error rather than a query silently widened or emptied. `enforced` is added unless the query
    /// already has it exactly.
    ///
    /// ```
    /// use pyroql::{MatchOp, Matcher};
    /// let rule = Matcher::new("tenant", MatchOp::Equal, "a");
    /// let s = pyroql::parse(r#"{service_name="api"}"#).unwrap();
    /// assert_eq!(s.enforce(rule.clone()).unwrap().to_string(), r#"{service_name="api",tenant="a"}"#);
    /// let s = pyroql::parse(r#"{tenant!="a"}"#).unwrap();
    /// assert!(s.enforce(rule).is_err());
    /// ```
    pub fn enforce(&self, enforced: Matcher<'a>) -> Result<Selector<'a>, EnforceError> {
        let identifier = self.identifier_matcher();
        let same_label = self
            .iter()
            .chain(identifier.as_ref())
            .filter(|m| m.name == enforced.name);
        for query in same_label {
            if contradicts(query, &enforced)? {
                return Err(EnforceError::Contradiction {
                    query: Box::new(query.clone().into_owned()),
                    enforced: Box::new(enforced.clone().into_owned()),
                });
            }
        }
        // Check the rule's own pattern even when no matcher of the query meets it.
        checked(&enforced, "")?;
        let mut result = self.clone();
        if !self.iter().any(|m| *m == enforced) {
            result.push(enforced);
        }
        Ok(result)
    }
}

/// Whether two matchers on one label provably match no value together: one is `=` and the other
/// does not match its value. (Between two regexes or `!=`s, the intersection is kept.)
fn contradicts(query: &Matcher<'_>, enforced: &Matcher<'_>) -> Result<bool, EnforceError> {
    if enforced.op == MatchOp::Equal {
        return Ok(!checked(query, &enforced.value)?);
    }
    if query.op == MatchOp::Equal {
        return Ok(!checked(enforced, &query.value)?);
    }
    Ok(false)
}

/// Whether `matcher` matches `value`, its refused pattern an error naming it.
fn checked(matcher: &Matcher<'_>, value: &str) -> Result<bool, EnforceError> {
    matcher_matches(matcher, value).map_err(|error| EnforceError::Regex {
        matcher: Box::new(matcher.clone().into_owned()),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enforce(query: &str, op: MatchOp, value: &str) -> Result<String, String> {
        crate::parse(query)
            .unwrap()
            .enforce(Matcher::new("tenant", op, value))
            .map(|s| s.to_string())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn enforcing_keeps_consistent_matchers() {
        let cases = [
            (r#"{a="1"}"#, MatchOp::Equal, "x", r#"{a="1",tenant="x"}"#),
            (r#"{tenant="x"}"#, MatchOp::Equal, "x", r#"{tenant="x"}"#),
            (
                r#"{tenant=~"x|y"}"#,
                MatchOp::Equal,
                "x",
                r#"{tenant=~"x|y",tenant="x"}"#,
            ),
            (
                r#"{tenant!="y"}"#,
                MatchOp::Equal,
                "x",
                r#"{tenant!="y",tenant="x"}"#,
            ),
            (
                r#"{tenant="x"}"#,
                MatchOp::Regex,
                "x|y",
                r#"{tenant="x",tenant=~"x|y"}"#,
            ),
            (
                r#"{tenant=~"a.*"}"#,
                MatchOp::Regex,
                "x|y",
                r#"{tenant=~"a.*",tenant=~"x|y"}"#,
            ),
            ("cpu", MatchOp::NotEqual, "x", r#"cpu{tenant!="x"}"#),
        ];
        for (query, op, value, want) in cases {
            assert_eq!(enforce(query, op, value), Ok(want.to_owned()), "{query}");
        }
    }

    #[test]
    fn enforcing_reports_contradictions() {
        let cases = [
            (
                r#"{tenant!="a"}"#,
                MatchOp::Equal,
                "a",
                r#"the query's matcher tenant!="a" contradicts the enforced tenant="a": together they match nothing"#,
            ),
            (
                r#"{tenant="b"}"#,
                MatchOp::Equal,
                "a",
                r#"the query's matcher tenant="b" contradicts the enforced tenant="a": together they match nothing"#,
            ),
            (
                r#"{tenant=~"b|c"}"#,
                MatchOp::Equal,
                "a",
                r#"the query's matcher tenant=~"b|c" contradicts the enforced tenant="a": together they match nothing"#,
            ),
            (
                r#"{tenant="b"}"#,
                MatchOp::Regex,
                "a|c",
                r#"the query's matcher tenant="b" contradicts the enforced tenant=~"a|c": together they match nothing"#,
            ),
            (
                r#"{tenant="a"}"#,
                MatchOp::NotEqual,
                "a",
                r#"the query's matcher tenant="a" contradicts the enforced tenant!="a": together they match nothing"#,
            ),
        ];
        for (query, op, value, want) in cases {
            assert_eq!(enforce(query, op, value), Err(want.to_owned()), "{query}");
        }
        assert!(enforce("{}", MatchOp::Regex, "(").is_err());
    }

    #[test]
    fn removing_a_label_removes_every_matcher_on_it() {
        let mut s = crate::parse(r#"cpu{a="1",b="2",a=~"3"}"#).unwrap();
        assert_eq!(s.remove_label("a"), 2);
        assert_eq!(s.to_string(), r#"cpu{b="2"}"#);
        assert_eq!(s.remove_label("__name__"), 1);
        assert_eq!(s.to_string(), r#"{b="2"}"#);
        assert_eq!(s.remove_label("zzz"), 0);
    }
}
