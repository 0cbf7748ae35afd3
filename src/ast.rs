//! The syntax tree of a label selector: [`Selector`], [`Matcher`], [`MatchOp`] and the [`Span`]s
//! that tie them to the query text.

use std::borrow::Cow;
use std::fmt;

/// A byte range `start..end` of the query text.
///
/// Spans index the string given to [`parse`](crate::parse); [`Span::position`] turns the start into
/// the 1-based line and byte column Pyroscope prints in its errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at`.
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Its length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the span starts in `input`, as Prometheus counts it.
    ///
    /// ```
    /// use pyroql::{Position, Span};
    /// assert_eq!(Span::new(4, 5).position("{a=\n\"b\"}"), Position { line: 2, column: 1 });
    /// ```
    pub fn position(&self, input: &str) -> Position {
        Position::of(input, self.start)
    }
}

/// A 1-based line and column; the column counts bytes from the start of the line, as Prometheus does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Byte column, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` of `input` (clamped to the input's length).
    pub fn of(input: &str, offset: usize) -> Position {
        Position::of_bytes(input.as_bytes(), offset)
    }

    /// [`Position::of`] for a query given as bytes ([`parse_bytes`](crate::parse_bytes)).
    pub fn of_bytes(input: &[u8], offset: usize) -> Position {
        let before = &input[..offset.min(input.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Position {
            line,
            column: before.len() - line_start + 1,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// How a matcher compares a label's value.
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
    pub const fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }

    /// The operator written as `text`, if it is one.
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
    pub const fn is_regex(self) -> bool {
        matches!(self, MatchOp::Regex | MatchOp::NotRegex)
    }
}

impl fmt::Display for MatchOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where each part of a [`Matcher`] stands in the query text.
///
/// A lone string (`{"cpu"}`, short for `{__name__="cpu"}`) has no name or operator of its own:
/// both spans are empty, at the string's start. A matcher built in code has all spans at 0.
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
    /// From the first byte of the name to the last byte of the value.
    pub fn full(&self) -> Span {
        Span::new(self.name.start.min(self.value.start), self.value.end)
    }
}

/// The label name a lone string in braces stands for.
pub const METRIC_NAME: &str = "__name__";

/// One label matcher: `name op "value"`.
///
/// Equality compares name, operator and value, not spans.
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

/// The metric identifier written before the braces: in Pyroscope, the profile-type ID
/// (`process_cpu:cpu:nanoseconds:cpu:nanoseconds{…}`).
///
/// Equality compares the text, not the span.
#[derive(Debug, Clone, Eq)]
pub struct Identifier<'a> {
    name: Cow<'a, str>,
    /// Where it was written; zero when built in code.
    pub span: Span,
}

impl<'a> Identifier<'a> {
    /// An identifier built in code, if `name` may stand before the braces: it must match
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*` and not be a word PromQL reserves there
    /// (`bool`, `on`, `ignoring`, `group_left`, `group_right`, `atan2`, `inf`, `nan`).
    ///
    /// ```
    /// use pyroql::Identifier;
    /// assert!(Identifier::new("process_cpu:cpu:nanoseconds:cpu:nanoseconds").is_ok());
    /// assert!(Identifier::new("memory:alloc-space").is_err());
    /// assert!(Identifier::new("bool").is_err());
    /// ```
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, InvalidIdentifier> {
        let name = name.into();
        if crate::parse::is_metric_identifier(&name) {
            Ok(Identifier {
                name,
                span: Span::default(),
            })
        } else {
            Err(InvalidIdentifier {
                name: name.into_owned(),
            })
        }
    }

    pub(crate) fn parsed(name: &'a str, span: Span) -> Self {
        Identifier {
            name: Cow::Borrowed(name),
            span,
        }
    }

    /// Its text and span, for a parser that moves it to another input.
    pub(crate) fn into_parts(self) -> (Cow<'a, str>, Span) {
        (self.name, self.span)
    }

    /// An identifier the parser read (and so checked).
    pub(crate) fn from_parts(name: Cow<'a, str>, span: Span) -> Self {
        Identifier { name, span }
    }

    /// The identifier's text.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The same identifier, owning its text.
    pub fn into_owned(self) -> Identifier<'static> {
        Identifier {
            name: Cow::Owned(self.name.into_owned()),
            span: self.span,
        }
    }
}

impl PartialEq for Identifier<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl fmt::Display for Identifier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A name that cannot stand before the braces of a selector.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} cannot stand before the braces: an identifier matches [a-zA-Z_:][a-zA-Z0-9_:]* and is not a PromQL keyword")]
pub struct InvalidIdentifier {
    /// The rejected name.
    pub name: String,
}

/// A parsed label selector: an optional [`Identifier`] before the braces and the matchers inside
/// them, in source order.
///
/// Equality ignores spans. `Display` prints Pyroscope's canonical form (see [`crate::print`]).
#[derive(Debug, Clone, Default)]
pub struct Selector<'a> {
    identifier: Option<Identifier<'a>>,
    matchers: Vec<Matcher<'a>>,
    span: Span,
}

impl PartialEq for Selector<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.identifier == other.identifier && self.matchers == other.matchers
    }
}

impl Eq for Selector<'_> {}

impl<'a> Selector<'a> {
    /// The empty selector `{}`, which selects every profile.
    pub fn new() -> Self {
        Selector::default()
    }

    /// A selector from its parts.
    ///
    /// ```
    /// use pyroql::{Identifier, MatchOp, Matcher, Selector};
    /// let id = Identifier::new("process_cpu:cpu:nanoseconds:cpu:nanoseconds").unwrap();
    /// let s = Selector::from_parts(Some(id), vec![Matcher::new("service_name", MatchOp::Equal, "api")]);
    /// assert_eq!(s.to_string(), r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#);
    /// ```
    pub fn from_parts(identifier: Option<Identifier<'a>>, matchers: Vec<Matcher<'a>>) -> Self {
        Selector {
            identifier,
            matchers,
            span: Span::default(),
        }
    }

    /// Its parts: the identifier, the matchers and the span.
    pub(crate) fn into_parts(self) -> (Option<Identifier<'a>>, Vec<Matcher<'a>>, Span) {
        (self.identifier, self.matchers, self.span)
    }

    pub(crate) fn with_span(mut self, span: Span) -> Self {
        self.span = span;
        self
    }

    /// Where the selector stands in the query: from the identifier (or the `{`) through the `}`.
    /// Zero for a selector built in code.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The identifier written before the braces, if any.
    pub fn identifier(&self) -> Option<&Identifier<'a>> {
        self.identifier.as_ref()
    }

    /// The identifier as the matcher it stands for, `__name__="…"`, which is how Prometheus
    /// reads it.
    pub fn identifier_matcher(&self) -> Option<Matcher<'_>> {
        self.identifier
            .as_ref()
            .map(|id| Matcher::new(METRIC_NAME, MatchOp::Equal, id.as_str()))
    }

    /// Replaces the identifier before the braces.
    pub fn set_identifier(&mut self, identifier: Option<Identifier<'a>>) {
        self.identifier = identifier;
    }

    /// The matchers in source order.
    pub fn matchers(&self) -> &[Matcher<'a>] {
        &self.matchers
    }

    /// The matchers, to add, remove or change some.
    pub fn matchers_mut(&mut self) -> &mut Vec<Matcher<'a>> {
        &mut self.matchers
    }

    /// Iterates over the matchers in source order.
    pub fn iter(&self) -> std::slice::Iter<'_, Matcher<'a>> {
        self.matchers.iter()
    }

    /// How many matchers stand in the braces.
    pub fn len(&self) -> usize {
        self.matchers.len()
    }

    /// Whether the braces hold no matcher (`{}`, or an identifier alone).
    pub fn is_empty(&self) -> bool {
        self.matchers.is_empty()
    }

    /// The first matcher on label `name`.
    ///
    /// ```
    /// let s = pyroql::parse(r#"{service_name="api", env=~"prod|staging"}"#).unwrap();
    /// assert_eq!(s.find("env").map(|m| m.value.as_ref()), Some("prod|staging"));
    /// assert!(s.find("region").is_none());
    /// ```
    pub fn find(&self, name: &str) -> Option<&Matcher<'a>> {
        self.matchers.iter().find(|m| m.name == name)
    }

    /// Every matcher on label `name`, in source order.
    pub fn find_all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Matcher<'a>> + 's {
        self.matchers.iter().filter(move |m| m.name == name)
    }

    /// Appends a matcher.
    pub fn push(&mut self, matcher: Matcher<'a>) {
        self.matchers.push(matcher);
    }

    /// The same selector, owning all its strings, free of the input's lifetime.
    pub fn into_owned(self) -> Selector<'static> {
        Selector {
            identifier: self.identifier.map(Identifier::into_owned),
            matchers: self.matchers.into_iter().map(Matcher::into_owned).collect(),
            span: self.span,
        }
    }
}

impl<'s, 'a> IntoIterator for &'s Selector<'a> {
    type Item = &'s Matcher<'a>;
    type IntoIter = std::slice::Iter<'s, Matcher<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.matchers.iter()
    }
}

impl std::str::FromStr for Selector<'static> {
    type Err = crate::ParseError;

    /// Parses `s` and owns the result.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::parse(s).map(Selector::into_owned)
    }
}
