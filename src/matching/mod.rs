//! Matching label sets against selectors, exactly as Prometheus' `labels.Matcher` does.
//!
//! [`CompiledSelector`] compiles a selector's matchers once; it is `Send + Sync` and answers
//! whether a label set matches. A label the set lacks counts as the empty string. Each
//! [`CompiledMatcher`] answers what `labels.NewMatcher(…).Matches(value)` answers in
//! Prometheus v3.11.3, the version Pyroscope uses: `=`/`!=` compare, and `=~`/`!~` patterns
//! are RE2 as Go reads them, fully anchored, `.` matching newline, through the shortcuts of
//! Prometheus' `FastRegexMatcher`, whose answers are sometimes not RE2's (a case-insensitive
//! prefix is compared byte for byte, so `(?i)K.*` does not match the Kelvin sign; a
//! case-insensitive set of 16 or more strings is looked up NFKD-normalised). What Go refuses
//! (`a**`, `a{1001}`, `(?x)`, `\e`) is an error in Go's words; every pattern Go accepts
//! compiles.
//!
//! Go's quirks are kept too. A surrogate escape (`\x{D800}`–`\x{DFFF}`) matches no text, as
//! RE2 means it, but for one path of Go's: when Go finds the pattern one-pass, its one-pass
//! matcher compares the leading run of literals as a string, in which Go writes a surrogate as
//! U+FFFD, so there `\x{D800}c.` matches `"\u{FFFD}c-"`, and so does pyroql.
//!
//! ```
//! use pyroql::matching::CompiledMatcher;
//! use pyroql::{MatchOp, Matcher};
//! let one_pass = CompiledMatcher::new(&Matcher::new("l", MatchOp::Regex, r"\x{D800}c.")).unwrap();
//! assert!(one_pass.matches("\u{FFFD}c-"));
//! // `a*a` is not one-pass: Go's other matchers match no text with a surrogate.
//! let other = CompiledMatcher::new(&Matcher::new("l", MatchOp::Regex, r"\x{D800}a*a")).unwrap();
//! assert!(!other.matches("\u{FFFD}aa"));
//! ```

use std::collections::{BTreeMap, HashMap};

use crate::ast::{MatchOp, Matcher, Selector, Span};

mod automaton;
pub(crate) mod regex;

use self::regex::{same, Pattern};

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
    matchers: Matchers,
}

/// A selector's matchers; one needs no list.
#[derive(Debug, Clone)]
enum Matchers {
    One(CompiledMatcher),
    List(Vec<CompiledMatcher>),
}

/// One matcher ready to match values: Prometheus' `labels.Matcher`.
///
/// ```
/// use pyroql::matching::CompiledMatcher;
/// use pyroql::{MatchOp, Matcher};
/// let m = CompiledMatcher::new(&Matcher::new("env", MatchOp::Regex, "(?i)prod.*")).unwrap();
/// assert!(m.matches("PROD-1"));
/// // Prometheus compares a case-insensitive prefix byte for byte: the Kelvin sign (three
/// // bytes) is no `k` here, though RE2 would match it.
/// let k = CompiledMatcher::new(&Matcher::new("a", MatchOp::Regex, "(?i)k.*")).unwrap();
/// assert!(k.matches("K1") && !k.matches("\u{212A}1"));
/// ```
#[derive(Debug, Clone)]
pub struct CompiledMatcher {
    name: Name,
    op: MatchOp,
    test: Test,
    /// `!=` and `!~`: the test's answer turned round.
    negated: bool,
}

#[derive(Debug, Clone)]
enum Test {
    /// `=`/`!=` a value of up to [`INLINE`] bytes, held inline (no allocation), packed in
    /// little-endian words (built and read a word at a time).
    Short {
        len: u8,
        words: [u64; 3],
    },
    /// `=`/`!=` a longer value.
    Long(Box<[u8]>),
    /// `=`/`!=` the empty value.
    Empty,
    Pattern(Box<Pattern>),
}

/// The form in which Prometheus compares values with a case-insensitive set of 16 or more
/// strings (its `toNormalisedLower`): ASCII lowered as it is, and anything else NFKD-normalised
/// (x/text's `norm.NFKD`, Unicode 15.0.0) and lowered rune by rune (Go's `unicode.ToLower`).
///
/// ```
/// use pyroql::matching::normalised_lower;
/// assert_eq!(normalised_lower("LOＣＡＬ"), "local");
/// assert_eq!(normalised_lower("ﬁ\u{212A}é"), "fike\u{301}");
/// assert_ne!(normalised_lower("Σ"), normalised_lower("ς"));
/// ```
pub fn normalised_lower(value: &str) -> String {
    let lowered = crate::prometheus::gostr::to_normalised_lower(value.as_bytes());
    String::from_utf8_lossy(&lowered).into_owned()
}

/// A `=~`/`!~` pattern that Prometheus refuses: the matcher, and Go's error for its pattern.
///
/// [`parse`](crate::parse) refuses such patterns already; this error comes from matchers built
/// by hand or parsed with [`syntax_only`](crate::Parser::syntax_only).
///
/// ```
/// use pyroql::matching::CompiledMatcher;
/// use pyroql::{MatchOp, Matcher};
/// let err = CompiledMatcher::new(&Matcher::new("env", MatchOp::Regex, "prod(")).unwrap_err();
/// assert_eq!(err.error.kind(), pyroql::regexp::ErrorKind::MissingParen);
/// assert_eq!(err.to_string(), "invalid regex in matcher env=~\"prod(\": error parsing regexp: missing closing ): `prod(`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid regex in matcher {matcher}: {}", .error.display(&.matcher.value))]
#[non_exhaustive]
pub struct MatchError {
    /// The matcher whose pattern is refused, with its spans in the query.
    pub matcher: Box<Matcher<'static>>,
    /// Go's error: its code and the part of the pattern it quotes.
    pub error: crate::regexp::Error,
}

impl MatchError {
    /// Where the matcher's value stands in the query.
    ///
    /// ```
    /// let query = r#"{ok="1", env=~"prod("}"#;
    /// let selector = pyroql::Parser::new().syntax_only().parse(query).unwrap();
    /// let err = pyroql::matching::CompiledSelector::new(&selector).unwrap_err();
    /// assert_eq!(&query[err.span().start..err.span().end], r#""prod(""#);
    /// ```
    pub fn span(&self) -> Span {
        self.matcher.spans.value
    }
}

impl CompiledMatcher {
    /// Compiles a matcher as `labels.NewMatcher` does; a pattern Go refuses is an error.
    ///
    /// ```
    /// use pyroql::matching::CompiledMatcher;
    /// use pyroql::{MatchOp, Matcher};
    /// // Go applies a repetition after a flag group to what precedes the group.
    /// let m = CompiledMatcher::new(&Matcher::new("a", MatchOp::Regex, "a(?i)*")).unwrap();
    /// assert!(m.matches("aaa") && m.matches(""));
    /// assert!(CompiledMatcher::new(&Matcher::new("a", MatchOp::Regex, r"\p{Letter}")).is_err());
    /// ```
    // Inlined into `CompiledSelector::new`, it builds the matcher in place: copying its result
    // out (loads wider than the stores that wrote it) stalls on store forwarding.
    #[inline(always)]
    pub fn new(matcher: &Matcher<'_>) -> Result<Self, MatchError> {
        let test = if matcher.op.is_regex() {
            Test::Pattern(Box::new(Pattern::compile(&matcher.value).map_err(
                |error| MatchError {
                    matcher: Box::new(matcher.clone().into_owned()),
                    error,
                },
            )?))
        } else if matcher.value.is_empty() {
            Test::Empty
        } else if matcher.value.len() <= INLINE {
            let mut bytes = [0u8; 24];
            bytes[..matcher.value.len()].copy_from_slice(matcher.value.as_bytes());
            let mut words = [0u64; 3];
            for (word, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
                let mut w = [0; 8];
                w.copy_from_slice(chunk);
                *word = u64::from_le_bytes(w);
            }
            Test::Short {
                len: matcher.value.len() as u8,
                words,
            }
        } else {
            Test::Long(matcher.value.as_bytes().into())
        };
        Ok(CompiledMatcher {
            name: Name::new(&matcher.name),
            op: matcher.op,
            test,
            negated: matches!(matcher.op, MatchOp::NotEqual | MatchOp::NotRegex),
        })
    }

    /// The label it matches.
    ///
    /// ```
    /// use pyroql::matching::CompiledMatcher;
    /// let m = CompiledMatcher::new(&"service_name!=\"api\"".parse().unwrap()).unwrap();
    /// assert_eq!((m.name(), m.op()), ("service_name", pyroql::MatchOp::NotEqual));
    /// ```
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// Its operator.
    pub fn op(&self) -> MatchOp {
        self.op
    }

    /// Whether `value` (the empty string for an absent label) satisfies the matcher:
    /// Prometheus' `Matches`.
    ///
    /// ```
    /// use pyroql::matching::CompiledMatcher;
    /// let m = CompiledMatcher::new(&r#"env!~"canary-.*""#.parse().unwrap()).unwrap();
    /// assert!(m.matches("prod") && m.matches("") && !m.matches("canary-1"));
    /// ```
    #[inline]
    pub fn matches(&self, value: &str) -> bool {
        let hit = match &self.test {
            Test::Short { len, words } => {
                let mut bytes = [0; 24];
                for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
                    chunk.copy_from_slice(&word.to_le_bytes());
                }
                short_eq(*len, &bytes, value.as_bytes())
            }
            Test::Long(text) => same(text, value.as_bytes()),
            Test::Empty => value.is_empty(),
            Test::Pattern(pattern) => pattern.is_match(value),
        };
        hit != self.negated
    }
}

impl CompiledSelector {
    /// Compiles `selector`: the identifier before the braces counts as `__name__="…"`.
    ///
    /// ```
    /// use pyroql::matching::CompiledSelector;
    /// let compiled = CompiledSelector::new(&pyroql::parse(r#"cpu{env="prod"}"#).unwrap()).unwrap();
    /// assert!(compiled.matches(&[("__name__", "cpu"), ("env", "prod")]));
    /// assert!(!compiled.matches(&[("env", "prod")]));
    /// ```
    pub fn new(selector: &Selector<'_>) -> Result<Self, MatchError> {
        if let ([only], None) = (selector.matchers(), selector.identifier()) {
            let matchers = Matchers::One(CompiledMatcher::new(only)?);
            return Ok(CompiledSelector { matchers });
        }
        let identifier = selector.identifier_matcher();
        let mut all = selector.iter().chain(identifier.as_ref());
        let matchers = match (all.next(), all.next()) {
            (Some(only), None) => Matchers::One(CompiledMatcher::new(only)?),
            (first, second) => Matchers::List(
                first
                    .into_iter()
                    .chain(second)
                    .chain(all)
                    .map(CompiledMatcher::new)
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(CompiledSelector { matchers })
    }

    /// Its matchers, in the selector's order (the identifier's `__name__` last).
    ///
    /// ```
    /// use pyroql::matching::CompiledSelector;
    /// let compiled = CompiledSelector::new(&pyroql::parse(r#"cpu{env="prod"}"#).unwrap()).unwrap();
    /// let names: Vec<&str> = compiled.matchers().iter().map(|m| m.name()).collect();
    /// assert_eq!(names, ["env", "__name__"]);
    /// ```
    pub fn matchers(&self) -> &[CompiledMatcher] {
        match &self.matchers {
            Matchers::One(only) => std::slice::from_ref(only),
            Matchers::List(list) => list,
        }
    }

    /// Whether the label set matches every matcher.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use pyroql::matching::CompiledSelector;
    /// let compiled = CompiledSelector::new(&pyroql::parse(r#"{env=~"prod|staging"}"#).unwrap()).unwrap();
    /// let labels: HashMap<&str, &str> = [("env", "staging"), ("pod", "api-1")].into();
    /// assert!(compiled.matches(&labels));
    /// ```
    pub fn matches<L: LabelSet + ?Sized>(&self, labels: &L) -> bool {
        self.matchers()
            .iter()
            .all(|m| m.matches(labels.get(m.name()).unwrap_or("")))
    }

    /// Whether the label set given as name/value pairs matches.
    ///
    /// ```
    /// use pyroql::matching::CompiledSelector;
    /// let compiled = CompiledSelector::new(&pyroql::parse(r#"{env="prod"}"#).unwrap()).unwrap();
    /// let pairs = vec![("env".to_owned(), "prod".to_owned())];
    /// assert!(compiled.matches_pairs(pairs));
    /// ```
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

/// A label name: up to [`INLINE_NAME`] bytes held inline, so that compiling a matcher on a
/// short name allocates nothing.
#[derive(Debug, Clone)]
enum Name {
    Inline { len: u8, bytes: [u8; INLINE_NAME] },
    Heap(Box<str>),
}

/// The longest label name held inline.
const INLINE_NAME: usize = 30;

impl Name {
    #[inline]
    fn new(name: &str) -> Name {
        if name.len() > INLINE_NAME {
            return Name::Heap(name.into());
        }
        let mut bytes = [0; INLINE_NAME];
        bytes[..name.len()].copy_from_slice(name.as_bytes());
        Name::Inline {
            len: name.len() as u8,
            bytes,
        }
    }

    #[inline]
    fn as_str(&self) -> &str {
        match self {
            // The bytes are a `&str`'s, so they are UTF-8: the check always passes.
            Name::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Name::Heap(name) => name,
        }
    }
}

/// The longest `=`/`!=` value held inline.
const INLINE: usize = 22;

/// Whether `value` is the `len` bytes of `text`, compared in loads of fixed size that overlap
/// (no call to `memcmp`, which is slow on short and empty slices).
#[inline]
fn short_eq(len: u8, text: &[u8; 24], value: &[u8]) -> bool {
    let n = usize::from(len);
    if value.len() != n {
        return false;
    }
    let word = |bytes: &[u8], at: usize| -> u64 {
        let mut w = [0; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let half = |bytes: &[u8], at: usize| -> u32 {
        let mut w = [0; 4];
        w.copy_from_slice(&bytes[at..at + 4]);
        u32::from_le_bytes(w)
    };
    match n {
        0 => true,
        1..=3 => value[0] == text[0] && value[n / 2] == text[n / 2] && value[n - 1] == text[n - 1],
        4..=7 => half(value, 0) == half(text, 0) && half(value, n - 4) == half(text, n - 4),
        8..=16 => word(value, 0) == word(text, 0) && word(value, n - 8) == word(text, n - 8),
        _ => value == &text[..n.min(INLINE)],
    }
}

/// A set of labels to match: anything that can look a label up by name.
///
/// ```
/// use pyroql::matching::{CompiledSelector, LabelSet};
/// struct Pod;
/// impl LabelSet for Pod {
///     fn get(&self, name: &str) -> Option<&str> {
///         (name == "pod").then_some("api-7d9f")
///     }
/// }
/// let compiled = CompiledSelector::new(&pyroql::parse(r#"{pod=~"api-.*"}"#).unwrap()).unwrap();
/// assert!(compiled.matches(&Pod));
/// ```
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
///
/// ```
/// use pyroql::matching::{Labels, LabelsError};
/// let err = Labels::parse(r#"{a="1", a="2"}"#).unwrap_err();
/// assert_eq!(err, LabelsError::Duplicate("a".to_owned()));
/// assert_eq!(err.to_string(), r#"label "a" is given twice"#);
/// ```
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
    ///
    /// ```
    /// let labels = pyroql::matching::Labels::parse(r#"{b="2", a="1"}"#).unwrap();
    /// assert_eq!(labels.iter().collect::<Vec<_>>(), [("a", "1"), ("b", "2")]);
    /// ```
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

/// The label set as a selector of `=` matchers, sorted by name, in the printer's canonical form
/// (it reads back with [`Labels::parse`]).
///
/// ```
/// use pyroql::matching::Labels;
/// let labels: Labels = r#"cpu{service_name = "api", "service.name"='x'}"#.parse().unwrap();
/// assert_eq!(labels.to_string(), r#"{__name__="cpu","service.name"="x",service_name="api"}"#);
/// assert_eq!(labels.to_string().parse::<Labels>().unwrap(), labels);
/// ```
impl std::fmt::Display for Labels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("{")?;
        for (i, (name, value)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", Matcher::new(name, MatchOp::Equal, value))?;
        }
        f.write_str("}")
    }
}

/// A label set is a JSON object of names to values, as Pyroscope's API writes labels; a name
/// given twice is an error, not a value dropped.
///
/// ```
/// use pyroql::matching::Labels;
/// let labels: Labels = serde_json::from_str(r#"{"service_name":"api","env":"prod"}"#).unwrap();
/// assert_eq!(labels.to_string(), r#"{env="prod",service_name="api"}"#);
/// assert_eq!(serde_json::to_string(&labels).unwrap(), r#"{"env":"prod","service_name":"api"}"#);
/// let twice = serde_json::from_str::<Labels>(r#"{"a":"1","a":"2"}"#).unwrap_err();
/// assert!(twice.to_string().starts_with(r#"label "a" is given twice"#), "{twice}");
/// ```
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Labels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for Labels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Labels;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of label names to values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Labels, A::Error> {
                let mut pairs = BTreeMap::new();
                while let Some((name, value)) = map.next_entry::<String, String>()? {
                    if pairs.contains_key(&name) {
                        return Err(serde::de::Error::custom(LabelsError::Duplicate(name)));
                    }
                    pairs.insert(name, value);
                }
                Ok(Labels { pairs })
            }
        }
        deserializer.deserialize_map(Visitor)
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
        assert_eq!(err.span(), Span::new(14, 21));
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
    fn short_values_compare_as_slices() {
        let text = "abcdefghijklmnopqrstuv";
        for n in 0..=INLINE {
            let mut bytes = [0; 24];
            bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
            let same = &text[..n];
            assert!(short_eq(n as u8, &bytes, same.as_bytes()), "{n}");
            for at in 0..n {
                let mut other = same.as_bytes().to_vec();
                other[at] = b'_';
                assert!(!short_eq(n as u8, &bytes, &other), "{n} at {at}");
            }
            assert!(!short_eq(n as u8, &bytes, &text.as_bytes()[..n.saturating_sub(1)]) || n == 0);
        }
    }

    #[test]
    fn compiled_selectors_are_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<CompiledSelector>();
    }
}
