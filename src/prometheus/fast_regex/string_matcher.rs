//! Prometheus' `StringMatcher` implementations, the tests that replace the regex, and the
//! answers they give ([`StringMatcher::matches`]).

use std::collections::{HashMap, HashSet};

use super::super::gostr::{
    equal_fold, has_prefix_fold, has_suffix_fold, index, to_normalised_lower,
};

/// Prometheus' `minEqualMultiStringMatcherMapThreshold`.
pub(super) const MAP_THRESHOLD: usize = 16;

/// Prometheus' `StringMatcher` implementations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StringMatcher {
    /// `containsStringMatcher`: one of `substrings`, with what `left` and `right` match
    /// around it (at least one of them given).
    Contains {
        substrings: Vec<String>,
        left: Option<Box<StringMatcher>>,
        right: Option<Box<StringMatcher>>,
    },
    /// `literalPrefixSensitiveStringMatcher`.
    PrefixSensitive {
        prefix: String,
        right: Box<StringMatcher>,
    },
    /// `literalPrefixInsensitiveStringMatcher`.
    PrefixInsensitive {
        prefix: String,
        right: Box<StringMatcher>,
    },
    /// `literalSuffixStringMatcher`.
    Suffix {
        left: Box<StringMatcher>,
        suffix: String,
        case_sensitive: bool,
    },
    /// `emptyStringMatcher`.
    Empty,
    /// `orStringMatcher`.
    Or(Vec<StringMatcher>),
    /// `equalStringMatcher`.
    Equal { s: String, case_sensitive: bool },
    /// `equalMultiStringSliceMatcher` (only ever case-sensitive here).
    EqualSlice(Vec<String>),
    /// `equalMultiStringMapMatcher`.
    EqualMap(Box<EqualMap>),
    /// `anyStringWithoutNewlineMatcher`.
    AnyWithoutNewline,
    /// `anyNonEmptyStringMatcher`.
    AnyNonEmpty { match_nl: bool },
    /// `zeroOrOneCharacterStringMatcher`.
    ZeroOrOne { match_nl: bool },
    /// `trueMatcher`.
    True,
}

/// `equalMultiStringMapMatcher`: values (lowered and normalised when case-insensitive), and
/// matchers filed under the first `min_prefix_len` bytes of their literal prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EqualMap {
    pub values: HashSet<Vec<u8>>,
    pub prefixes: HashMap<Vec<u8>, Vec<StringMatcher>>,
    pub min_prefix_len: usize,
    pub case_sensitive: bool,
}

impl StringMatcher {
    /// What the Go matcher answers for the value `s` (Go strings are bytes: the value may have
    /// been cut in the middle of a character).
    pub fn matches(&self, s: &[u8]) -> bool {
        match self {
            StringMatcher::Contains {
                substrings,
                left,
                right,
            } => substrings.iter().any(|sub| {
                let sub = sub.as_bytes();
                match (left, right) {
                    (Some(left), Some(right)) => {
                        let mut from = 0;
                        while let Some(at) = index(&s[from..], sub) {
                            let pos = from + at;
                            if left.matches(&s[..pos]) && right.matches(&s[pos + sub.len()..]) {
                                return true;
                            }
                            from = pos + 1;
                        }
                        false
                    }
                    (Some(left), None) => {
                        s.ends_with(sub) && left.matches(&s[..s.len() - sub.len()])
                    }
                    (None, Some(right)) => s.starts_with(sub) && right.matches(&s[sub.len()..]),
                    (None, None) => false,
                }
            }),
            StringMatcher::PrefixSensitive { prefix, right } => {
                s.starts_with(prefix.as_bytes()) && right.matches(&s[prefix.len()..])
            }
            StringMatcher::PrefixInsensitive { prefix, right } => {
                has_prefix_fold(s, prefix.as_bytes()) && right.matches(&s[prefix.len()..])
            }
            StringMatcher::Suffix {
                left,
                suffix,
                case_sensitive,
            } => {
                let suffix = suffix.as_bytes();
                let found = if *case_sensitive {
                    s.ends_with(suffix)
                } else {
                    has_suffix_fold(s, suffix)
                };
                found && left.matches(&s[..s.len() - suffix.len()])
            }
            StringMatcher::Empty => s.is_empty(),
            StringMatcher::Or(matchers) => matchers.iter().any(|m| m.matches(s)),
            StringMatcher::Equal {
                s: text,
                case_sensitive,
            } => {
                if *case_sensitive {
                    text.as_bytes() == s
                } else {
                    equal_fold(text.as_bytes(), s)
                }
            }
            StringMatcher::EqualSlice(values) => values.iter().any(|v| v.as_bytes() == s),
            StringMatcher::EqualMap(map) => map.matches(s),
            StringMatcher::AnyWithoutNewline => !s.contains(&b'\n'),
            StringMatcher::AnyNonEmpty { match_nl } => {
                !s.is_empty() && (*match_nl || !s.contains(&b'\n'))
            }
            StringMatcher::ZeroOrOne { match_nl } => {
                let (r, size) = super::super::utf8::decode_rune(s);
                if r == super::super::utf8::RUNE_ERROR {
                    // The empty string, or a byte that starts no character, or U+FFFD: a
                    // match when it is all there is.
                    return size == s.len();
                }
                if size < s.len() {
                    return false;
                }
                *match_nl || s.first() != Some(&b'\n')
            }
            StringMatcher::True => true,
        }
    }
}

impl EqualMap {
    fn matches(&self, s: &[u8]) -> bool {
        if !self.values.is_empty() {
            let key = if self.case_sensitive {
                std::borrow::Cow::Borrowed(s)
            } else {
                to_normalised_lower(s)
            };
            if self.values.contains(key.as_ref()) {
                return true;
            }
        }
        if self.min_prefix_len > 0 && s.len() >= self.min_prefix_len {
            let prefix = &s[..self.min_prefix_len];
            let key = if self.case_sensitive {
                std::borrow::Cow::Borrowed(prefix)
            } else {
                to_normalised_lower(prefix)
            };
            if let Some(matchers) = self.prefixes.get(key.as_ref()) {
                return matchers.iter().any(|m| m.matches(s));
            }
        }
        false
    }
}
