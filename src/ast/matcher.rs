//! One label matcher: [`Matcher`], its operator ([`MatchOp`]) and the spans of its parts
//! ([`MatcherSpans`]).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use super::Span;
use crate::names;

/// How a matcher compares a label's value.
///
/// `Display` and [`MatchOp::as_str`] write the operator, `FromStr` reads it back; the order is
/// the declaration order (`=`, `!=`, `=~`, `!~`).
///
/// ```
/// use pyroql::MatchOp;
/// let op: MatchOp = "=~".parse()?;
/// assert_eq!(op, MatchOp::Regex);
/// assert!(op.is_regex());
/// assert_eq!(op.to_string(), "=~");
/// assert_eq!("==".parse::<MatchOp>().unwrap_err().to_string(), r#"unknown matching operator "==": expected =, !=, =~ or !~"#);
/// # Ok::<(), pyroql::InvalidMatchOp>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchOp {
    /// `=`: the value equals the string.
    Equal,
    /// `!=`: the value differs from the string.
    NotEqual,
    /// `=~`: the value matches the RE2 pattern, anchored at both ends.
    Regex,
    /// `!~`: the value does not match the RE2 pattern, anchored at both ends.
    NotRegex,
}

impl MatchOp {
    /// The operator as written: `=`, `!=`, `=~` or `!~`.
    ///
    /// ```
    /// assert_eq!(pyroql::MatchOp::NotEqual.as_str(), "!=");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }

    /// The operator written as `text`, if it is one; `FromStr` is the same with an error.
    ///
    /// ```
    /// use pyroql::MatchOp;
    /// assert_eq!(MatchOp::from_text("!~"), Some(MatchOp::NotRegex));
    /// assert_eq!(MatchOp::from_text("~"), None);
    /// ```
    pub fn from_text(text: &str) -> Option<MatchOp> {
        match text {
            "=" => Some(MatchOp::Equal),
            "!=" => Some(MatchOp::NotEqual),
            "=~" => Some(MatchOp::Regex),
            "!~" => Some(MatchOp::NotRegex),
            _ => None,
        }
    }

    /// Whether it is `=~` or `!~`.
    ///
    /// ```
    /// use pyroql::MatchOp;
    /// assert!(MatchOp::NotRegex.is_regex() && !MatchOp::Equal.is_regex());
    /// ```
    pub const fn is_regex(self) -> bool {
        matches!(self, MatchOp::Regex | MatchOp::NotRegex)
    }
}

impl fmt::Display for MatchOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for MatchOp {
    type Err = InvalidMatchOp;

    /// Reads `=`, `!=`, `=~` or `!~`, exactly (no spaces).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MatchOp::from_text(s).ok_or_else(|| InvalidMatchOp { text: s.to_owned() })
    }
}

/// Text that is not one of the four matching operators; returned by `MatchOp::from_str`.
///
/// ```
/// let err = "==".parse::<pyroql::MatchOp>().unwrap_err();
/// assert_eq!(err.text, "==");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error(
    "unknown matching operator {text:?}: expected {}",
    names::MATCH_OPERATORS
)]
#[non_exhaustive]
pub struct InvalidMatchOp {
    /// The text given.
    pub text: String,
}

/// Where each part of a [`Matcher`] stands in the query text.
///
/// A lone string (`{"cpu"}`, short for `{__name__="cpu"}`) has no name or operator of its own:
/// both spans are empty, at the string's start. A matcher built in code has all spans at 0.
///
/// ```
/// use pyroql::Span;
/// let s = pyroql::parse(r#"{ "service.name" != 'api' }"#).unwrap();
/// let spans = s.matchers()[0].spans;
/// assert_eq!((spans.name, spans.op, spans.value), (Span::new(2, 16), Span::new(17, 19), Span::new(20, 25)));
/// assert_eq!(spans.full(), Span::new(2, 25));
///
/// let lone = pyroql::parse(r#"{"cpu"}"#).unwrap().matchers()[0].spans;
/// assert_eq!((lone.name, lone.op), (Span::empty(1), Span::empty(1)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MatcherSpans {
    /// The label name, quotes included when it was quoted.
    pub name: Span,
    /// The operator.
    pub op: Span,
    /// The value, quotes included.
    pub value: Span,
}

impl MatcherSpans {
    /// From the first byte of the name to the last byte of the value (see the example on
    /// [`MatcherSpans`]).
    pub fn full(&self) -> Span {
        Span::new(self.name.start.min(self.value.start), self.value.end)
    }
}

/// One label matcher: `name op "value"`.
///
/// Equality, `Hash` and `Ord` look at the name, the operator and the value, in that order, and
/// not at the spans. (`Ord` compares the fields; [`Selector::sorted`](crate::Selector::sorted)
/// prints matchers in Prometheus' order, which compares their printed text.) `Display` prints
/// the matcher in canonical form, and `FromStr` reads one matcher as Prometheus writes it
/// inside braces.
///
/// ```
/// use pyroql::{MatchOp, Matcher};
/// let m: Matcher = r#""service.name" =~ 'api|web'"#.parse()?;
/// assert_eq!((m.name.as_ref(), m.op, m.value.as_ref()), ("service.name", MatchOp::Regex, "api|web"));
/// assert_eq!(m.to_string(), r#""service.name"=~"api|web""#);
/// assert_eq!(m, Matcher::new("service.name", MatchOp::Regex, "api|web"));
/// assert!(Matcher::new("a", MatchOp::Equal, "z") < Matcher::new("b", MatchOp::Equal, "a"));
/// # Ok::<(), pyroql::InvalidMatcher>(())
/// ```
#[derive(Debug, Clone, Eq)]
pub struct Matcher<'a> {
    /// The label name, unquoted.
    pub name: Cow<'a, str>,
    /// The comparison.
    pub op: MatchOp,
    /// The value (for `=~`/`!~` a pattern), with escapes decoded.
    pub value: Cow<'a, str>,
    /// Where it was written; all zero for a matcher built in code.
    pub spans: MatcherSpans,
}

impl<'a> Matcher<'a> {
    /// A matcher built in code (its spans are zero).
    ///
    /// ```
    /// use pyroql::{MatchOp, Matcher};
    /// let m = Matcher::new("service_name", MatchOp::Equal, "api");
    /// assert_eq!(m.to_string(), r#"service_name="api""#);
    /// ```
    pub fn new(name: impl Into<Cow<'a, str>>, op: MatchOp, value: impl Into<Cow<'a, str>>) -> Self {
        Matcher {
            name: name.into(),
            op,
            value: value.into(),
            spans: MatcherSpans::default(),
        }
    }

    /// The same matcher, owning its strings.
    ///
    /// ```
    /// let text = String::from(r#"{env="prod"}"#);
    /// let owned = pyroql::parse(&text).unwrap().matchers()[0].clone().into_owned();
    /// drop(text);
    /// assert_eq!(owned.value, "prod");
    /// ```
    pub fn into_owned(self) -> Matcher<'static> {
        Matcher {
            name: Cow::Owned(self.name.into_owned()),
            op: self.op,
            value: Cow::Owned(self.value.into_owned()),
            spans: self.spans,
        }
    }
}

impl PartialEq for Matcher<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.op == other.op && self.name == other.name && self.value == other.value
    }
}

impl std::hash::Hash for Matcher<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.op.hash(state);
        self.value.hash(state);
    }
}

impl PartialOrd for Matcher<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Matcher<'_> {
    /// By name, then operator, then value; spans are not compared.
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.name, self.op, &self.value).cmp(&(&other.name, other.op, &other.value))
    }
}
