//! The syntax tree of a label selector: [`Selector`], [`Matcher`], [`MatchOp`] and the [`Span`]s
//! that tie them to the query text.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use crate::names;

/// A byte range `start..end` of the query text.
///
/// Spans index the string given to [`parse`](crate::parse); [`Span::position`] turns the start into
/// the 1-based line and byte column Pyroscope prints in its errors.
///
/// ```
/// use pyroql::Span;
/// let input = r#"{env="prod"}"#;
/// let selector = pyroql::parse(input).unwrap();
/// let m = &selector.matchers()[0];
/// assert_eq!(m.spans.value, Span::new(5, 11));
/// assert_eq!(&input[m.spans.value.start..m.spans.value.end], r#""prod""#);
/// assert_eq!((m.spans.value.len(), m.spans.value.is_empty()), (6, false));
/// assert!(Span::empty(3).is_empty());
/// ```
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
/// `Display` writes `LINE:COLUMN`.
///
/// ```
/// use pyroql::Position;
/// let at = Position::of("{a=\n\"é\", b}", 11);
/// assert_eq!(at, Position { line: 2, column: 8 });
/// assert_eq!(at.to_string(), "2:8");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Byte column, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` of `input` (clamped to the input's length).
    ///
    /// ```
    /// use pyroql::Position;
    /// assert_eq!(Position::of("ab\ncd", 4), Position { line: 2, column: 2 });
    /// assert_eq!(Position::of("ab", 99), Position { line: 1, column: 3 });
    /// ```
    pub fn of(input: &str, offset: usize) -> Position {
        Position::of_bytes(input.as_bytes(), offset)
    }

    /// [`Position::of`] for a query given as bytes ([`parse_bytes`](crate::parse_bytes)).
    ///
    /// ```
    /// use pyroql::Position;
    /// assert_eq!(Position::of_bytes(b"\xff\n\xfe!", 3), Position { line: 2, column: 2 });
    /// ```
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

/// The label name a lone string in braces stands for.
///
/// ```
/// let s = pyroql::parse(r#"{"cpu"}"#).unwrap();
/// assert_eq!(s.matchers()[0].name, pyroql::METRIC_NAME);
/// ```
pub const METRIC_NAME: &str = "__name__";

/// One label matcher: `name op "value"`.
///
/// Equality, `Hash` and `Ord` look at the name, the operator and the value, in that order, and
/// not at the spans. (`Ord` compares the fields; [`Selector::sorted`] prints matchers in
/// Prometheus' order, which compares their printed text.) `Display` prints the matcher in
/// canonical form, and `FromStr` reads one matcher as Prometheus writes it inside braces.
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

/// The metric identifier written before the braces: in Pyroscope, the profile-type ID
/// (`process_cpu:cpu:nanoseconds:cpu:nanoseconds{…}`).
///
/// Equality, `Hash` and `Ord` look at the text, not the span.
///
/// ```
/// let s = pyroql::parse(r#"memory:alloc_space:bytes:space:bytes{service_name="api"}"#).unwrap();
/// let id = s.identifier().unwrap();
/// assert_eq!(id.as_str(), "memory:alloc_space:bytes:space:bytes");
/// assert_eq!(id.span, pyroql::Span::new(0, 36));
/// assert_eq!(*id, pyroql::Identifier::new("memory:alloc_space:bytes:space:bytes").unwrap());
/// ```
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
        if names::is_metric_identifier(&name) {
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
    ///
    /// ```
    /// let s = pyroql::parse("cpu{}").unwrap();
    /// assert_eq!(s.identifier().unwrap().as_str(), "cpu");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The same identifier, owning its text.
    ///
    /// ```
    /// let id: pyroql::Identifier<'static> = pyroql::parse(&String::from("cpu")).unwrap().identifier().unwrap().clone().into_owned();
    /// assert_eq!(id.as_str(), "cpu");
    /// ```
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

impl std::hash::Hash for Identifier<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl PartialOrd for Identifier<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Identifier<'_> {
    /// By text.
    fn cmp(&self, other: &Self) -> Ordering {
        self.name.cmp(&other.name)
    }
}

impl fmt::Display for Identifier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A name that cannot stand before the braces of a selector; returned by [`Identifier::new`].
///
/// ```
/// let err = pyroql::Identifier::new("memory:alloc-space").unwrap_err();
/// assert_eq!(err.name, "memory:alloc-space");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("{name:?} cannot stand before the braces: an identifier matches [a-zA-Z_:][a-zA-Z0-9_:]* and is not a PromQL keyword")]
pub struct InvalidIdentifier {
    /// The rejected name.
    pub name: String,
}

/// A parsed label selector: an optional [`Identifier`] before the braces and the matchers inside
/// them, in source order.
///
/// `Display` prints Pyroscope's canonical form (see [`crate::print`]); `FromStr` parses into an
/// owned selector. Equality, `Hash` and `Ord` ignore spans: `Ord` compares the identifier (a
/// selector without one first), then the matchers in source order, each by name, operator and
/// value, so that selectors can key a `BTreeMap` or be sorted and deduplicated.
///
/// ```
/// use std::collections::BTreeSet;
/// let s: pyroql::Selector = r#"cpu{ service_name = "api" }"#.parse()?;
/// assert_eq!(s.identifier().map(|id| id.as_str()), Some("cpu"));
/// assert_eq!(s.len(), 1);
/// assert_eq!(s.to_string(), r#"cpu{service_name="api"}"#);
///
/// let set: BTreeSet<pyroql::Selector> = ["{b=\"1\"}", "cpu", "{a=\"1\"}", "{ a = '1' }"]
///     .iter()
///     .map(|q| q.parse())
///     .collect::<Result<_, _>>()?;
/// let sorted: Vec<String> = set.iter().map(ToString::to_string).collect();
/// assert_eq!(sorted, [r#"{a="1"}"#, r#"{b="1"}"#, "cpu"]);
/// # Ok::<(), pyroql::ParseError>(())
/// ```
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

impl std::hash::Hash for Selector<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.identifier.hash(state);
        self.matchers.hash(state);
    }
}

impl PartialOrd for Selector<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Selector<'_> {
    /// By identifier (none first), then by the matchers in source order; spans are not compared.
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.identifier, &self.matchers).cmp(&(&other.identifier, &other.matchers))
    }
}

impl<'a> Selector<'a> {
    /// The empty selector `{}`, which selects every profile.
    ///
    /// ```
    /// let s = pyroql::Selector::new();
    /// assert_eq!((s.to_string(), s.len(), s.is_empty()), ("{}".to_owned(), 0, true));
    /// assert_eq!(s, pyroql::parse("{}").unwrap());
    /// ```
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
    ///
    /// ```
    /// let s = pyroql::parse(r#"  cpu{a="b"}  "#).unwrap();
    /// assert_eq!(s.span(), pyroql::Span::new(2, 12));
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }

    /// The identifier written before the braces, if any.
    ///
    /// ```
    /// let s = pyroql::parse(r#"cpu{a="b"}"#).unwrap();
    /// assert_eq!(s.identifier().map(|id| id.as_str()), Some("cpu"));
    /// assert!(pyroql::parse(r#"{a="b"}"#).unwrap().identifier().is_none());
    /// ```
    pub fn identifier(&self) -> Option<&Identifier<'a>> {
        self.identifier.as_ref()
    }

    /// The identifier as the matcher it stands for, `__name__="…"`, which is how Prometheus
    /// reads it.
    ///
    /// ```
    /// let s = pyroql::parse("cpu").unwrap();
    /// assert_eq!(s.identifier_matcher().unwrap().to_string(), r#"__name__="cpu""#);
    /// ```
    pub fn identifier_matcher(&self) -> Option<Matcher<'_>> {
        self.identifier
            .as_ref()
            .map(|id| Matcher::new(METRIC_NAME, MatchOp::Equal, id.as_str()))
    }

    /// Replaces the identifier before the braces.
    ///
    /// ```
    /// let mut s = pyroql::parse(r#"cpu{a="b"}"#).unwrap();
    /// s.set_identifier(Some(pyroql::Identifier::new("memory").unwrap()));
    /// assert_eq!(s.to_string(), r#"memory{a="b"}"#);
    /// s.set_identifier(None);
    /// assert_eq!(s.to_string(), r#"{a="b"}"#);
    /// ```
    pub fn set_identifier(&mut self, identifier: Option<Identifier<'a>>) {
        self.identifier = identifier;
    }

    /// The matchers in source order.
    ///
    /// ```
    /// let s = pyroql::parse(r#"{b="2", a="1"}"#).unwrap();
    /// let names: Vec<&str> = s.matchers().iter().map(|m| m.name.as_ref()).collect();
    /// assert_eq!(names, ["b", "a"]);
    /// ```
    pub fn matchers(&self) -> &[Matcher<'a>] {
        &self.matchers
    }

    /// The matchers, to add, remove or change some.
    ///
    /// ```
    /// let mut s = pyroql::parse(r#"{env="prod", debug="1"}"#).unwrap();
    /// s.matchers_mut().retain(|m| m.name != "debug");
    /// s.matchers_mut()[0].value = "staging".into();
    /// assert_eq!(s.to_string(), r#"{env="staging"}"#);
    /// ```
    pub fn matchers_mut(&mut self) -> &mut Vec<Matcher<'a>> {
        &mut self.matchers
    }

    /// Iterates over the matchers in source order (as does `&Selector` in a `for` loop).
    ///
    /// ```
    /// let s = pyroql::parse(r#"{a="1", b=~"2"}"#).unwrap();
    /// assert_eq!(s.iter().filter(|m| m.op.is_regex()).count(), 1);
    /// for matcher in &s {
    ///     assert!(!matcher.value.is_empty());
    /// }
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Matcher<'a>> {
        self.matchers.iter()
    }

    /// How many matchers stand in the braces.
    ///
    /// ```
    /// assert_eq!(pyroql::parse(r#"cpu{a="1", b="2"}"#).unwrap().len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.matchers.len()
    }

    /// Whether the braces hold no matcher (`{}`, or an identifier alone).
    ///
    /// ```
    /// assert!(pyroql::parse("cpu").unwrap().is_empty());
    /// ```
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
    ///
    /// ```
    /// let s = pyroql::parse(r#"{env!="dev", region="eu", env!="test"}"#).unwrap();
    /// let values: Vec<&str> = s.find_all("env").map(|m| m.value.as_ref()).collect();
    /// assert_eq!(values, ["dev", "test"]);
    /// ```
    pub fn find_all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Matcher<'a>> + 's {
        self.matchers.iter().filter(move |m| m.name == name)
    }

    /// Appends a matcher.
    ///
    /// ```
    /// use pyroql::{MatchOp, Matcher};
    /// let mut s = pyroql::parse("cpu").unwrap();
    /// s.push(Matcher::new("service_name", MatchOp::Equal, "api"));
    /// assert_eq!(s.to_string(), r#"cpu{service_name="api"}"#);
    /// ```
    pub fn push(&mut self, matcher: Matcher<'a>) {
        self.matchers.push(matcher);
    }

    /// The same selector, owning all its strings, free of the input's lifetime.
    ///
    /// ```
    /// fn parse_owned(text: String) -> pyroql::Selector<'static> {
    ///     pyroql::parse(&text).unwrap().into_owned()
    /// }
    /// assert_eq!(parse_owned(r#"{a="b"}"#.into()).to_string(), r#"{a="b"}"#);
    /// ```
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
