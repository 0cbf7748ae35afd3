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
//!
//! Here are the steps in order and [`Shortcuts`], what they end with; Go's tree is read and
//! changed through `tree.rs`, the set of strings found by `set.rs`, the string matcher built by
//! `build.rs`, and the string matchers answer in `string_matcher.rs`.

use std::collections::HashMap;

use super::gostr::{contains_in_order, go_string};

mod build;
mod set;
mod string_matcher;
mod tree;

pub(crate) use self::string_matcher::{EqualMap, StringMatcher};

use self::build::{optimize_equal_or_prefix, string_matcher};
use self::set::set_matches;
use self::string_matcher::MAP_THRESHOLD;
use self::tree::{
    clear_begin_end_text, clear_capture, is_case_sensitive_literal, is_simple_concatenation,
};
use crate::regexp::{GoOp as Op, GoTree};

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
