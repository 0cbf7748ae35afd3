//! Matching label sets against selectors, with Prometheus' semantics.
//!
//! [`CompiledSelector`] compiles a selector's regexes once; it is `Send + Sync` and answers whether
//! a label set matches. A label the set lacks counts as the empty string; `=~`/`!~` patterns are
//! RE2, fully anchored, `.` matching newline. Patterns are read as Go's `regexp/syntax` reads
//! them and rewritten for the `regex` crate where the two differ (`a{b}` is literal text, `\d` is
//! ASCII, `[a&&b]` holds `&`, `\<` is `<`); what Go refuses (`a**`, `a{1001}`, `(?x)`, `\e`) is
//! refused.

use std::collections::{BTreeMap, HashMap};

use crate::ast::{MatchOp, Matcher, Selector, Span};

pub(crate) mod regex;

use self::regex::Pattern;

/// A selector ready to match label sets.
///
/// ```
/// use pyroql::matching::CompiledSelector;
/// let selector = pyroql::parse(r#"{service_name="api", env=~"prod|staging", region!~"eu-.*"}"#).unwrap();
/// let compiled = CompiledSelector::new(&selector).unwrap();
/// assert!(compiled.matches(&[("service_name", "api"), ("env", "prod")]));
/// assert!(!compiled.matches(&[("service_name", "api"), ("env", "prod"), ("region", "eu-west")]));
/// assert!(!compiled.matches(&[("service_name", "api")])); // env is absent, so ""
/// ```
#[derive(Debug, Clone)]
pub struct CompiledSelector {
    matchers: Vec<CompiledMatcher>,
}

#[derive(Debug, Clone)]
struct CompiledMatcher {
    name: String,
    op: MatchOp,
    value: Value,
}

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Pattern(Pattern),
}

/// A `=~`/`!~` pattern that Go's RE2 refuses too.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid regex in matcher {matcher}: error parsing regexp: {message}")]
pub struct MatchError {
    /// The matcher, printed.
    pub matcher: String,
    /// Where its value stands in the query.
    pub span: Span,
    /// What is wrong with the pattern.
    pub message: String,
}

impl CompiledMatcher {
    fn new(matcher: &Matcher<'_>) -> Result<Self, MatchError> {
        let value = if matcher.op.is_regex() {
            Value::Pattern(
                Pattern::compile(&matcher.value).map_err(|message| MatchError {
                    matcher: matcher.to_string(),
                    span: matcher.spans.value,
                    message,
                })?,
            )
        } else {
            Value::Text(matcher.value.to_string())
        };
        Ok(CompiledMatcher {
            name: matcher.name.to_string(),
            op: matcher.op,
            value,
        })
    }

    fn matches(&self, value: &str) -> bool {
        match (&self.value, self.op) {
            (Value::Text(text), MatchOp::Equal) => text == value,
            (Value::Text(text), _) => text != value,
            (Value::Pattern(pattern), MatchOp::Regex) => pattern.is_match(value),
            (Value::Pattern(pattern), _) => !pattern.is_match(value),
        }
    }
}

impl CompiledSelector {
    /// Compiles `selector`: the identifier before the braces counts as `__name__="…"`.
    pub fn new(selector: &Selector<'_>) -> Result<Self, MatchError> {
        let identifier = selector.identifier_matcher();
        let matchers = selector
            .iter()
            .chain(identifier.as_ref())
            .map(CompiledMatcher::new)
            .collect::<Result<_, _>>()?;
        Ok(CompiledSelector { matchers })
    }

    /// Whether the label set matches every matcher.
    pub fn matches<L: LabelSet + ?Sized>(&self, labels: &L) -> bool {
        self.matchers
            .iter()
            .all(|m| m.matches(labels.get(&m.name).unwrap_or("")))
    }

    /// Whether the label set given as name/value pairs matches.
    pub fn matches_pairs<I, N, V>(&self, pairs: I) -> bool
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let pairs: Vec<(N, V)> = pairs.into_iter().collect();
        self.matches(pairs.as_slice())
    }
}

/// Whether `value` (the empty string for an absent label) satisfies `matcher`.
pub(crate) fn matcher_matches(matcher: &Matcher<'_>, value: &str) -> Result<bool, MatchError> {
    Ok(CompiledMatcher::new(matcher)?.matches(value))
}

/// A set of labels to match: anything that can look a label up by name.
pub trait LabelSet {
    /// The value of label `name`, if the set has it.
    fn get(&self, name: &str) -> Option<&str>;
}

impl<N: AsRef<str>, V: AsRef<str>> LabelSet for [(N, V)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(n, _)| n.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl<N: AsRef<str>, V: AsRef<str>, const K: usize> LabelSet for [(N, V); K] {
    fn get(&self, name: &str) -> Option<&str> {
        LabelSet::get(self.as_slice(), name)
    }
}

impl<N: AsRef<str>, V: AsRef<str>> LabelSet for Vec<(N, V)> {
    fn get(&self, name: &str) -> Option<&str> {
        LabelSet::get(self.as_slice(), name)
    }
}

impl<
        K: std::borrow::Borrow<str> + std::hash::Hash + Eq,
        V: AsRef<str>,
        S: std::hash::BuildHasher,
    > LabelSet for HashMap<K, V, S>
{
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(AsRef::as_ref)
    }
}

impl<K: std::borrow::Borrow<str> + Ord, V: AsRef<str>> LabelSet for BTreeMap<K, V> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(AsRef::as_ref)
    }
}

/// A label set read from text such as `{service_name="api", env="prod"}`.
///
/// ```
/// use pyroql::matching::Labels;
/// let labels = Labels::parse(r#"{service_name="api", "service.name"='x'}"#).unwrap();
/// assert_eq!(labels.iter().count(), 2);
/// assert!(Labels::parse(r#"{a=~"b"}"#).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    pairs: BTreeMap<String, String>,
}

/// Text that is not a label set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelsError {
    /// It does not parse.
    #[error(transparent)]
    Parse(#[from] crate::ParseError),
    /// A matcher other than `=`.
    #[error("a label set is written with = only, not {op} (in {matcher})")]
    NotEquality {
        /// The operator used.
        op: MatchOp,
        /// The matcher, printed.
        matcher: String,
    },
    /// A label given twice.
    #[error("label {0:?} is given twice")]
    Duplicate(String),
}

impl Labels {
    /// Reads `{name="value", …}`; a name before the braces is the `__name__` label.
    pub fn parse(text: &str) -> Result<Labels, LabelsError> {
        let selector = crate::parse(text)?;
        let mut pairs = BTreeMap::new();
        let identifier = selector.identifier_matcher();
        for matcher in selector.iter().chain(identifier.as_ref()) {
            if matcher.op != MatchOp::Equal {
                return Err(LabelsError::NotEquality {
                    op: matcher.op,
                    matcher: matcher.to_string(),
                });
            }
            if pairs
                .insert(matcher.name.to_string(), matcher.value.to_string())
                .is_some()
            {
                return Err(LabelsError::Duplicate(matcher.name.to_string()));
            }
        }
        Ok(Labels { pairs })
    }

    /// The labels, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl LabelSet for Labels {
    fn get(&self, name: &str) -> Option<&str> {
        self.pairs.get(name).map(String::as_str)
    }
}

impl std::str::FromStr for Labels {
    type Err = LabelsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Labels::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(query: &str) -> CompiledSelector {
        CompiledSelector::new(&crate::parse(query).unwrap()).unwrap()
    }

    #[test]
    fn absent_labels_count_as_empty() {
        assert!(compiled(r#"{a=""}"#).matches(&[("b", "x")]));
        assert!(!compiled(r#"{a!=""}"#).matches(&[("b", "x")]));
        assert!(compiled(r#"{a=~"x|"}"#).matches(&[("b", "x")]));
        assert!(compiled(r#"{a!~"x"}"#).matches(&[("b", "x")]));
        assert!(!compiled(r#"{a=~".+"}"#).matches(&[("b", "x")]));
        assert!(compiled("{}").matches(&[("b", "x")]));
    }

    #[test]
    fn the_identifier_is_the_metric_name() {
        let c = compiled(r#"cpu{a="b"}"#);
        assert!(c.matches(&[("__name__", "cpu"), ("a", "b")]));
        assert!(!c.matches(&[("a", "b")]));
    }

    #[test]
    fn every_kind_of_label_set_works() {
        let c = compiled(r#"{a="1", b=~"2|3"}"#);
        let map: HashMap<&str, String> = [("a", "1".to_owned()), ("b", "3".to_owned())].into();
        assert!(c.matches(&map));
        let tree: BTreeMap<String, &str> = [("a".to_owned(), "1"), ("b".to_owned(), "4")].into();
        assert!(!c.matches(&tree));
        assert!(c.matches_pairs(vec![("a".to_owned(), "1"), ("b".to_owned(), "2")]));
        assert!(c.matches(&Labels::parse(r#"{a="1",b="2"}"#).unwrap()));
    }

    #[test]
    fn bad_patterns_name_their_matcher() {
        // `parse` refuses the pattern as Prometheus does; a selector built without that check
        // still cannot be compiled.
        let s = crate::Parser::new()
            .syntax_only()
            .parse(r#"{ok="1", env=~"prod("}"#)
            .unwrap();
        let err = CompiledSelector::new(&s).unwrap_err();
        assert_eq!(err.span, Span::new(14, 21));
        assert_eq!(
            err.to_string(),
            r#"invalid regex in matcher env=~"prod(": error parsing regexp: missing closing ): `prod(`"#
        );
    }

    #[test]
    fn label_sets_refuse_what_is_no_label_set() {
        assert!(matches!(
            Labels::parse(r#"{a!="b"}"#),
            Err(LabelsError::NotEquality { .. })
        ));
        assert!(matches!(
            Labels::parse(r#"{a="b",a="c"}"#),
            Err(LabelsError::Duplicate(_))
        ));
        assert!(matches!(Labels::parse("{a=b}"), Err(LabelsError::Parse(_))));
        let labels = Labels::parse(r#"cpu{a="b"}"#).unwrap();
        assert_eq!(labels.get("__name__"), Some("cpu"));
    }

    #[test]
    fn compiled_selectors_are_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<CompiledSelector>();
    }
}
