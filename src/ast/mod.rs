//! The syntax tree of a label selector: [`Selector`], [`Matcher`], [`MatchOp`] and the [`Span`]s
//! that tie them to the query text.

use std::cmp::Ordering;

mod identifier;
mod matcher;
mod span;

pub use identifier::{Identifier, InvalidIdentifier, METRIC_NAME};
pub use matcher::{InvalidMatchOp, MatchOp, Matcher, MatcherSpans};
pub use span::{Position, Span};

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
