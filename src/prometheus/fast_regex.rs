//! Prometheus' `FastRegexMatcher` (`model/labels/regexp.go` of v0.311.3), worked out on Go's
//! tree of the pattern: the shortcuts it takes instead of running the regex, with the answers
//! they give, quirks included.
//!
//! `NewFastRegexMatcher` first takes a pattern of `|`-separated literal text as it is. For any
//! other pattern it parses Go's tree (`syntax.Parse`), rewrites `.*a.*|.*b.*`, and then looks
//! the tree over, changing it as it goes (it drops captures, then leading `\A` and trailing
//! `\z`, and a concatenation loses the `.*` it started or ended with once looked at): a
//! required literal prefix, suffix and inner literals; a set of strings the whole pattern is
//! one of (case-sensitive only); and a "string matcher" tree that replaces the regex. This
//! module repeats those steps in Go's order on the same tree, so that it ends with the same
//! structure, and answers as that structure does:
//!
//! - case-insensitive prefixes and suffixes are compared with `strings.EqualFold` on as many
//!   bytes of the value as the literal has, so `(?i)K.*` does not match the three-byte Kelvin
//!   sign and `.*(?i)s` does not match `ſ`;
//! - a case-insensitive alternation of 16 or more strings (or literal prefixes) is looked up
//!   NFKD-normalised and lowered (`toNormalisedLower`), so `σ` and `ς` differ while fullwidth
//!   letters and ligatures match their ASCII forms;
//! - a literal that is a surrogate (`\x{D800}`) is `U+FFFD` in Go's `string(rune)`, so the
//!   set `{"\u{FFFD}"}` matches it where the regex matches nothing.
//!
//! Where no shortcut answers, the regex does ([`Engine`]), with RE2's meaning.

use std::collections::{HashMap, HashSet};

use super::gostr::{
    contains_in_order, equal_fold, go_string, go_to_lower, has_prefix_fold, has_suffix_fold, index,
    to_normalised_lower,
};
use crate::regexp::{GoOp as Op, GoTree};

/// Prometheus' `maxSetMatches`.
const MAX_SET_MATCHES: usize = 256;
/// Prometheus' `minEqualMultiStringMatcherMapThreshold`.
const MAP_THRESHOLD: usize = 16;

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
                let (r, size) = super::utf8::decode_rune(s);
                if r == super::utf8::RUNE_ERROR {
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

/// What `NewFastRegexMatcher` ends with: the checks its `MatchString` makes, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Shortcuts {
    /// The strings the pattern is one of (case-sensitive); when there are any, they alone
    /// answer.
    pub set_matches: Vec<String>,
    /// Required, case-sensitive.
    pub prefix: String,
    pub suffix: String,
    /// Required in this order, case-sensitive.
    pub contains: Vec<String>,
    /// What answers after those checks; `None`: the regex.
    pub string_matcher: Option<StringMatcher>,
}

impl Shortcuts {
    /// Prometheus' `MatchString`, `regex` answering what no shortcut does (called only when
    /// there is no set and no string matcher).
    pub fn matches(&self, s: &str, regex: impl FnOnce(&str) -> bool) -> bool {
        let bytes = s.as_bytes();
        if !self.set_matches.is_empty() {
            return self.set_matches.iter().any(|m| m.as_bytes() == bytes);
        }
        if !self.prefix.is_empty() && !bytes.starts_with(self.prefix.as_bytes()) {
            return false;
        }
        if !self.suffix.is_empty() && !bytes.ends_with(self.suffix.as_bytes()) {
            return false;
        }
        if !self.contains.is_empty() && !contains_in_order(bytes, &self.contains) {
            return false;
        }
        match &self.string_matcher {
            Some(m) => m.matches(bytes),
            None => regex(s),
        }
    }
}

/// `optimizeAlternatingLiterals`: for a pattern whose `|`-separated parts are all literal text
/// (no byte `regexp.QuoteMeta` escapes), the matcher Prometheus uses without parsing it.
pub(crate) fn alternating_literals(pattern: &str) -> Option<StringMatcher> {
    if pattern.is_empty() {
        return Some(StringMatcher::Empty);
    }
    if !crate::regexp::is_literal_alternation(pattern) {
        return None;
    }
    let parts: Vec<String> = pattern.split('|').map(str::to_owned).collect();
    if parts.len() == 1 {
        return Some(StringMatcher::Equal {
            s: parts.into_iter().next().unwrap_or_default(),
            case_sensitive: true,
        });
    }
    if parts.len() < MAP_THRESHOLD {
        return Some(StringMatcher::EqualSlice(parts));
    }
    Some(StringMatcher::EqualMap(Box::new(EqualMap {
        values: parts.into_iter().map(String::into_bytes).collect(),
        prefixes: HashMap::new(),
        min_prefix_len: 0,
        case_sensitive: true,
    })))
}

/// The rest of `NewFastRegexMatcher`, on Go's tree of a pattern that is not a literal
/// alternation (after `optimizeAlternatingSimpleContains`, which [`crate::regexp::go_tree`]
/// applied). The tree is changed as Prometheus changes it.
pub(crate) fn shortcuts(tree: &mut GoTree) -> Shortcuts {
    let root = tree.root;
    let mut out = Shortcuts::default();
    clear_capture(tree, root);
    if tree[root].op == Op::Concat {
        optimize_concat(tree, root, &mut out);
    }
    clear_begin_end_text(tree, root);
    if let (Some(matches), true) = set_matches(tree, root, "") {
        out.set_matches = matches;
    }
    out.string_matcher = if is_simple_concatenation(tree, root) {
        Some(StringMatcher::True)
    } else {
        clear_begin_end_text(tree, root);
        let m = string_matcher(tree, root);
        optimize_equal_or_prefix(m)
    };
    out
}

/// `clearCapture`: a capture is replaced by what it holds, as often as it takes.
fn clear_capture(tree: &mut GoTree, id: usize) {
    while tree[id].op == Op::Capture {
        let Some(&sub) = tree[id].sub.first() else {
            return;
        };
        let child = tree.nodes[sub].clone();
        tree.nodes[id] = child;
    }
}

/// `clearBeginEndText`: a leading `\A` and a trailing `\z` of any node but an alternation go;
/// a node that is nothing else becomes an empty match.
fn clear_begin_end_text(tree: &mut GoTree, id: usize) {
    if tree[id].op == Op::Alternate || tree[id].sub.is_empty() {
        return;
    }
    let is_text_edge =
        |tree: &GoTree, sub: usize| matches!(tree[sub].op, Op::BeginText | Op::EndText);
    if tree[id].sub.len() == 1 && is_text_edge(tree, tree[id].sub[0]) {
        tree[id].op = Op::EmptyMatch;
        tree[id].sub.clear();
        return;
    }
    if tree[tree[id].sub[0]].op == Op::BeginText {
        tree[id].sub.remove_first();
    }
    if let Some(&last) = tree[id].sub.last() {
        if tree[last].op == Op::EndText {
            tree[id].sub.pop();
        }
    }
}

fn case_sensitive(tree: &GoTree, id: usize) -> bool {
    !tree[id].folds()
}

fn is_case_sensitive_literal(tree: &GoTree, id: usize) -> bool {
    tree[id].op == Op::Literal && case_sensitive(tree, id)
}

/// `isMatchAny`: `.*` matching newlines.
fn is_match_any(tree: &GoTree, id: usize) -> bool {
    tree[id].op == Op::Star
        && tree[id]
            .sub
            .first()
            .is_some_and(|&s| tree[s].op == Op::AnyChar)
}

/// `optimizeConcatRegex`: the case-sensitive literals a concatenation starts with, ends with
/// and holds.
fn optimize_concat(tree: &mut GoTree, root: usize, out: &mut Shortcuts) {
    let subs = tree[root].sub.clone();
    for &sub in &subs {
        clear_capture(tree, sub);
    }
    let mut sub = &subs[..];
    if let [first, rest @ ..] = sub {
        if tree[*first].op == Op::BeginText {
            sub = rest;
        }
    }
    if let [rest @ .., last] = sub {
        if tree[*last].op == Op::EndText {
            sub = rest;
        }
    }
    let (Some(&first), Some(&last)) = (sub.first(), sub.last()) else {
        return;
    };
    if is_case_sensitive_literal(tree, first) {
        out.prefix = go_string(&tree[first].runes);
    }
    if is_case_sensitive_literal(tree, last) {
        out.suffix = go_string(&tree[last].runes);
    }
    for &inner in sub.iter().skip(1).take(sub.len().saturating_sub(2)) {
        if is_case_sensitive_literal(tree, inner) {
            out.contains.push(go_string(&tree[inner].runes));
        }
    }
}

/// A result of `findSetMatchesInternal`: the strings (`None` for Go's nil) and whether they
/// are case-sensitive.
type Found = (Option<Vec<String>>, bool);

/// `findSetMatchesInternal`: the strings `base` followed by what `id` matches, if they are few.
fn set_matches(tree: &mut GoTree, id: usize, base: &str) -> Found {
    match tree[id].op {
        Op::Literal => (
            Some(vec![format!("{base}{}", go_string(&tree[id].runes))]),
            case_sensitive(tree, id),
        ),
        Op::EmptyMatch if !base.is_empty() => {
            (Some(vec![base.to_owned()]), case_sensitive(tree, id))
        }
        Op::Alternate => set_matches_alternate(tree, id, base),
        Op::Capture => {
            clear_capture(tree, id);
            set_matches(tree, id, base)
        }
        Op::Concat => set_matches_concat(tree, id, base),
        Op::CharClass => {
            let runes = &tree[id].runes;
            if !runes.len().is_multiple_of(2) {
                return (None, false);
            }
            let total: u64 = runes
                .chunks_exact(2)
                .map(|p| u64::from(p[1].saturating_sub(p[0])) + 1)
                .sum();
            if total > MAX_SET_MATCHES as u64 {
                return (None, false);
            }
            let mut matches = Vec::new();
            for pair in runes.chunks_exact(2) {
                for c in pair[0]..=pair[1] {
                    matches.push(format!("{base}{}", go_string(&[c])));
                }
            }
            let found = (!matches.is_empty()).then_some(matches);
            (found, case_sensitive(tree, id))
        }
        _ => (None, false),
    }
}

fn set_matches_concat(tree: &mut GoTree, id: usize, base: &str) -> Found {
    let subs = tree[id].sub.clone();
    if subs.is_empty() {
        return (None, false);
    }
    for &sub in &subs {
        clear_capture(tree, sub);
    }
    let mut matches = vec![base.to_owned()];
    let mut sensitive = false;
    for (i, &sub) in subs.iter().enumerate() {
        let mut next: Vec<String> = Vec::new();
        for (j, b) in matches.iter().enumerate() {
            let (Some(found), cs) = set_matches(tree, sub, b) else {
                return (None, false);
            };
            if next.len() + found.len() > MAX_SET_MATCHES {
                return (None, false);
            }
            if i == 0 && j == 0 {
                sensitive = cs;
            }
            if sensitive != cs {
                return (None, false);
            }
            next.extend(found);
        }
        matches = next;
    }
    (Some(matches), sensitive)
}

fn set_matches_alternate(tree: &mut GoTree, id: usize, base: &str) -> Found {
    let subs = tree[id].sub.clone();
    let mut matches: Vec<String> = Vec::new();
    let mut sensitive = false;
    for (i, &sub) in subs.iter().enumerate() {
        let (Some(found), cs) = set_matches(tree, sub, base) else {
            return (None, false);
        };
        if matches.len() + found.len() > MAX_SET_MATCHES {
            return (None, false);
        }
        if i == 0 {
            sensitive = cs;
        }
        if sensitive != cs {
            return (None, false);
        }
        matches.extend(found);
    }
    ((!matches.is_empty()).then_some(matches), sensitive)
}

/// `isSimpleConcatenationPattern`: `.*`, then literals and `.*`s, then `.*`.
fn is_simple_concatenation(tree: &GoTree, id: usize) -> bool {
    let node = &tree[id];
    if node.op != Op::Concat || node.sub.len() < 2 {
        return false;
    }
    let (first, last) = (node.sub[0], node.sub[node.sub.len() - 1]);
    is_match_any(tree, first)
        && is_match_any(tree, last)
        && node.sub[1..node.sub.len() - 1]
            .iter()
            .all(|&s| is_match_any(tree, s) || is_case_sensitive_literal(tree, s))
}

fn is_any_repeat(op: Op) -> bool {
    matches!(op, Op::Plus | Op::Star | Op::Quest)
}

/// `stringMatcherFromRegexpInternal`.
fn string_matcher(tree: &mut GoTree, id: usize) -> Option<StringMatcher> {
    clear_capture(tree, id);
    let any_sub = |tree: &GoTree, id: usize| -> Option<bool> {
        let &sub = tree[id].sub.first()?;
        match tree[sub].op {
            Op::AnyChar => Some(true),
            Op::AnyCharNotNl => Some(false),
            _ => None,
        }
    };
    match tree[id].op {
        Op::Plus => any_sub(tree, id).map(|match_nl| StringMatcher::AnyNonEmpty { match_nl }),
        Op::Star => any_sub(tree, id).map(|match_nl| {
            if match_nl {
                StringMatcher::True
            } else {
                StringMatcher::AnyWithoutNewline
            }
        }),
        Op::Quest if tree[id].sub.len() == 1 => {
            any_sub(tree, id).map(|match_nl| StringMatcher::ZeroOrOne { match_nl })
        }
        Op::EmptyMatch => Some(StringMatcher::Empty),
        Op::Literal => Some(StringMatcher::Equal {
            s: go_string(&tree[id].runes),
            case_sensitive: case_sensitive(tree, id),
        }),
        Op::Alternate => {
            let subs = tree[id].sub.clone();
            let mut or = Vec::with_capacity(subs.len());
            for &sub in subs.iter() {
                or.push(string_matcher(tree, sub)?);
            }
            Some(StringMatcher::Or(or))
        }
        Op::Concat => string_matcher_concat(tree, id),
        _ => None,
    }
}

fn string_matcher_concat(tree: &mut GoTree, id: usize) -> Option<StringMatcher> {
    let subs = tree[id].sub.clone();
    for &sub in &subs {
        clear_capture(tree, sub);
    }
    match subs[..] {
        [] => return Some(StringMatcher::Empty),
        [only] => return string_matcher(tree, only),
        _ => {}
    }
    let mut left = None;
    let mut right = None;
    if is_any_repeat(tree[subs[0]].op) {
        left = Some(string_matcher(tree, subs[0])?);
        tree[id].sub.remove_first();
    }
    if let Some(&last) = tree[id].sub.last() {
        if is_any_repeat(tree[last].op) {
            right = Some(string_matcher(tree, last)?);
            tree[id].sub.pop();
        }
    }
    let (found, mut sensitive) = set_matches(tree, id, "");
    let mut matches = found.unwrap_or_default();
    if let (&[first, second], true) = (&tree[id].sub[..], matches.is_empty()) {
        if right.is_none() && tree[first].op == Op::Literal {
            right = string_matcher(tree, second);
            if right.is_some() {
                matches = vec![go_string(&tree[first].runes)];
                sensitive = case_sensitive(tree, first);
            }
        } else if left.is_none() && tree[second].op == Op::Literal {
            left = string_matcher(tree, first);
            if left.is_some() {
                matches = vec![go_string(&tree[second].runes)];
                sensitive = case_sensitive(tree, second);
            }
        }
    }
    if matches.is_empty() {
        return None;
    }
    match (left, right) {
        (None, None) => Some(StringMatcher::Or(
            matches
                .into_iter()
                .map(|s| StringMatcher::Equal {
                    s,
                    case_sensitive: sensitive,
                })
                .collect(),
        )),
        (None, Some(right)) if matches.len() == 1 => {
            let prefix = matches.remove(0);
            let right = Box::new(right);
            Some(if sensitive {
                StringMatcher::PrefixSensitive { prefix, right }
            } else {
                StringMatcher::PrefixInsensitive { prefix, right }
            })
        }
        (Some(left), None) if matches.len() == 1 => Some(StringMatcher::Suffix {
            left: Box::new(left),
            suffix: matches.remove(0),
            case_sensitive: sensitive,
        }),
        (left, right) if sensitive => Some(StringMatcher::Contains {
            substrings: matches,
            left: left.map(Box::new),
            right: right.map(Box::new),
        }),
        _ => None,
    }
}

/// What `findEqualOrPrefixStringMatchers` finds in an alternation of equal and
/// literal-prefix matchers.
#[derive(Default)]
struct Census {
    case_sensitive: Option<bool>,
    values: usize,
    prefixes: usize,
    min_prefix_len: usize,
}

impl Census {
    fn same_case(&mut self, sensitive: bool) -> bool {
        match self.case_sensitive {
            Some(cs) => cs == sensitive,
            None => {
                self.case_sensitive = Some(sensitive);
                true
            }
        }
    }

    /// Walks `m`; `false` when it is not made of those matchers alone (or mixes cases).
    fn walk(&mut self, m: &StringMatcher) -> bool {
        let StringMatcher::Or(subs) = m else {
            return false;
        };
        for sub in subs {
            let ok = match sub {
                StringMatcher::Or(_) => self.walk(sub),
                StringMatcher::Equal { case_sensitive, .. } => {
                    let ok = self.same_case(*case_sensitive);
                    self.values += 1;
                    ok
                }
                StringMatcher::PrefixSensitive { prefix, .. }
                | StringMatcher::PrefixInsensitive { prefix, .. } => {
                    let sensitive = matches!(sub, StringMatcher::PrefixSensitive { .. });
                    if !self.same_case(sensitive) {
                        false
                    } else {
                        if self.prefixes == 0 || prefix.len() < self.min_prefix_len {
                            self.min_prefix_len = prefix.len();
                        }
                        self.prefixes += 1;
                        true
                    }
                }
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        true
    }
}

/// `optimizeEqualOrPrefixStringMatchers`: 16 or more equal and literal-prefix matchers become
/// one map.
fn optimize_equal_or_prefix(input: Option<StringMatcher>) -> Option<StringMatcher> {
    let m = input?;
    let mut census = Census::default();
    if !census.walk(&m) || census.values + census.prefixes < MAP_THRESHOLD {
        return Some(m);
    }
    let case_sensitive = census.case_sensitive.unwrap_or(false);
    let mut map = EqualMap {
        values: HashSet::with_capacity(census.values),
        prefixes: HashMap::with_capacity(census.prefixes),
        min_prefix_len: census.min_prefix_len,
        case_sensitive,
    };
    fill(&mut map, m);
    Some(StringMatcher::EqualMap(Box::new(map)))
}

fn fill(map: &mut EqualMap, m: StringMatcher) {
    match m {
        StringMatcher::Or(subs) => {
            for sub in subs {
                fill(map, sub);
            }
        }
        StringMatcher::Equal { s, .. } => {
            let value = if map.case_sensitive {
                s.into_bytes()
            } else {
                to_normalised_lower(s.as_bytes()).into_owned()
            };
            map.values.insert(value);
        }
        StringMatcher::PrefixSensitive { ref prefix, .. }
        | StringMatcher::PrefixInsensitive { ref prefix, .. } => {
            let cut = &prefix.as_bytes()[..map.min_prefix_len.min(prefix.len())];
            let key = if map.case_sensitive {
                cut.to_vec()
            } else {
                go_to_lower(cut).into_owned()
            };
            map.prefixes.entry(key).or_default().push(m);
        }
        _ => {}
    }
}
