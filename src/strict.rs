//! The opt-in checks of PromQL's `ParseExpr`, which `ParseMetricSelector` (and so Pyroscope)
//! skips: a selector must not select everything, and must not name its metric twice.

use crate::ast::{Selector, Span, METRIC_NAME};
use crate::error::{ErrorKind, ParseError};
use crate::prometheus::matcher_matches;

/// A selector that fails a strict check: the problem and where it is; returned by
/// [`Selector::strict_violation`].
///
/// ```
/// use pyroql::{ErrorKind, Span};
/// let input = r#"cpu{__name__="memory"}"#;
/// let violation = pyroql::parse(input).unwrap().strict_violation().unwrap();
/// assert!(matches!(&violation.kind, ErrorKind::MetricNameSetTwice { identifier, matcher } if identifier == "cpu" && matcher == "memory"));
/// assert_eq!(violation.span, Span::new(0, 22));
/// assert_eq!(
///     violation.into_parse_error(input).to_string(),
///     r#"1:1: parse error: metric name must not be set twice: "cpu" or "memory""#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictViolation {
    /// [`ErrorKind::NoNonEmptyMatcher`], [`ErrorKind::MetricNameSetTwice`] or
    /// [`ErrorKind::InvalidRegex`].
    pub kind: ErrorKind,
    /// The selector for the first two, as Prometheus points at it; the matcher for the third.
    pub span: Span,
}

impl StrictViolation {
    /// The violation as the error `ParseExpr` gives for `input`, the selector's query text.
    pub fn into_parse_error(self, input: &str) -> ParseError {
        ParseError::new(self.kind, self.span, input)
    }

    /// [`StrictViolation::into_parse_error`] for a query given as bytes.
    ///
    /// ```
    /// let input = b"  {a=\"\"} # \xff";
    /// let violation = pyroql::parse_bytes(input).unwrap().strict_violation().unwrap();
    /// assert_eq!(
    ///     violation.into_parse_error_bytes(input).to_string(),
    ///     "1:3: parse error: vector selector must contain at least one non-empty matcher"
    /// );
    /// ```
    pub fn into_parse_error_bytes(self, input: &[u8]) -> ParseError {
        ParseError::new(self.kind, Span::empty(0), "").moved_to(self.span, input)
    }
}

/// Parses `input` like [`parse`](crate::parse), then applies the checks of PromQL's `ParseExpr`:
///
/// - `metric name must not be set twice: "cpu" or "memory"` when an identifier stands before the
///   braces and a `__name__` matcher inside them;
/// - otherwise `vector selector must contain at least one non-empty matcher` when every matcher
///   matches the empty string (`{}`, `{a=""}`, `{a=~".*"}`).
///
/// ```
/// assert!(pyroql::parse_strict(r#"{service_name="api"}"#).is_ok());
/// let err = pyroql::parse_strict(r#"{env=~".*"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "1:1: parse error: vector selector must contain at least one non-empty matcher");
/// ```
pub fn parse_strict(input: &str) -> Result<Selector<'_>, ParseError> {
    let selector = crate::parse(input)?;
    match selector.strict_violation() {
        Some(violation) => Err(violation.into_parse_error(input)),
        None => Ok(selector),
    }
}

impl Selector<'_> {
    /// The first strict check this selector fails (see [`parse_strict`]), if any.
    ///
    /// Deciding whether a regex matches the empty string compiles it (as RE2 would, anchored,
    /// `.` matching newline; see [`crate::matching`]); a pattern that Go's regex parser refuses
    /// (possible in a selector built in code or parsed with
    /// [`Parser::syntax_only`](crate::Parser::syntax_only)) is reported as
    /// [`ErrorKind::InvalidRegex`].
    ///
    /// ```
    /// assert!(pyroql::parse(r#"{a="x"}"#).unwrap().strict_violation().is_none());
    /// let violation = pyroql::parse(r#"{a=~".*"}"#).unwrap().strict_violation().unwrap();
    /// assert_eq!(violation.kind, pyroql::ErrorKind::NoNonEmptyMatcher);
    /// ```
    pub fn strict_violation(&self) -> Option<StrictViolation> {
        // Prometheus refuses a bad pattern while parsing, before any other check.
        for matcher in self.iter().filter(|m| m.op.is_regex()) {
            if let Err(error) = crate::regexp::check(&matcher.value) {
                return Some(StrictViolation {
                    kind: ErrorKind::InvalidRegex {
                        code: error.kind(),
                        expr: error.expr(&matcher.value).to_owned(),
                    },
                    span: matcher.spans.full(),
                });
            }
        }
        if let Some(identifier) = self.identifier() {
            let twice = self.iter().find(|m| m.name == METRIC_NAME)?;
            return Some(StrictViolation {
                kind: ErrorKind::MetricNameSetTwice {
                    identifier: identifier.as_str().to_owned(),
                    matcher: twice.value.clone().into_owned(),
                },
                span: self.span(),
            });
        }
        for matcher in self.iter() {
            match matcher_matches(matcher, "") {
                Ok(true) => {}
                // A refused pattern is reported by the regex check before this one.
                Ok(false) | Err(_) => return None,
            }
        }
        Some(StrictViolation {
            kind: ErrorKind::NoNonEmptyMatcher,
            span: self.span(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(input: &str) -> Result<(), String> {
        parse_strict(input).map(|_| ()).map_err(|e| e.to_string())
    }

    #[test]
    fn a_selector_must_not_select_everything() {
        let msg = "vector selector must contain at least one non-empty matcher";
        for input in [
            "{}",
            r#"{a=""}"#,
            r#"{a=~".*"}"#,
            r#"{a!~"x"}"#,
            r#"{a=~"|x"}"#,
        ] {
            assert_eq!(
                strict(input),
                Err(format!("1:1: parse error: {msg}")),
                "{input}"
            );
        }
        assert_eq!(
            strict(r#"  {a=""}"#),
            Err(format!("1:3: parse error: {msg}"))
        );
        for input in [
            r#"{a="x"}"#,
            r#"{a!=""}"#,
            r#"{a=~".+"}"#,
            r#"{a!~""}"#,
            r#"{a="",b=~"x"}"#,
            "cpu",
        ] {
            assert_eq!(strict(input), Ok(()), "{input}");
        }
    }

    #[test]
    fn the_metric_name_is_set_once() {
        assert_eq!(
            strict(r#"foo{__name__="bar"}"#),
            Err(r#"1:1: parse error: metric name must not be set twice: "foo" or "bar""#.into())
        );
        assert_eq!(
            strict(r#"foo{"bar"}"#),
            Err(r#"1:1: parse error: metric name must not be set twice: "foo" or "bar""#.into())
        );
        assert_eq!(strict(r#"foo{a=""}"#), Ok(()));
    }

    #[test]
    fn a_broken_regex_is_reported_where_it_stands() {
        // Parsing reports it already, at the matcher, as Prometheus does.
        let err = parse_strict(r#"{a=~"("}"#).unwrap_err();
        assert_eq!(err.span(), Span::new(1, 7));
        assert!(matches!(
            err.kind(),
            ErrorKind::InvalidRegex { code: crate::regexp::ErrorKind::MissingParen, expr } if expr == "("
        ));
        assert!(parse_strict(r#"{a=~"a)|(b"}"#).is_err());
        assert_eq!(
            parse_strict(r#"{a=~"x**"}"#).unwrap_err().to_string(),
            "1:2: parse error: error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert!(parse_strict(r#"{a=~"a{b}|x"}"#).is_ok());
        // A selector parsed for its syntax alone meets the check in the strict pass.
        let selector = crate::Parser::new()
            .syntax_only()
            .parse(r#"{b="x", a=~"("}"#)
            .unwrap();
        let violation = selector.strict_violation().unwrap();
        assert_eq!(violation.span, Span::new(8, 14));
        assert_eq!(
            violation.kind.to_string(),
            "error parsing regexp: missing closing ): `(`"
        );
    }
}
