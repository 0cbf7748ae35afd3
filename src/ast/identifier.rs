//! The metric identifier before the braces: [`Identifier`], which Prometheus holds as a
//! matcher of [`METRIC_NAME`].

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use super::Span;
use crate::names;

/// The label name a lone string in braces stands for.
///
/// ```
/// let s = pyroql::parse(r#"{"cpu"}"#).unwrap();
/// assert_eq!(s.matchers()[0].name, pyroql::METRIC_NAME);
/// ```
pub const METRIC_NAME: &str = "__name__";

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
