//! What Prometheus' `labels.Matcher` answers, worked out plainly in pyroql's own code (no
//! dependency): Go's string functions (`gostr.rs`, with Go's lowering and NFKD tables in
//! `tables.rs` and `nfkd.rs`), the shortcuts of `FastRegexMatcher` (`fast_regex/`) and an
//! RE2 engine for what they leave over (`vm.rs`), all on Go's syntax tree of the pattern; and
//! Go's one-pass matcher (`onepass.rs`) for the patterns where it answers otherwise than RE2.
//!
//! [`Semantics`] is the reference answer. The rest of the crate uses it where a matcher is
//! asked once (strict checks, enforcing a rule); [`crate::matching`] (feature `matching`)
//! compiles the same structure into faster tests for matching many values, and its fuzz target
//! holds it to this one.

pub(crate) mod fast_regex;
pub(crate) mod gostr;
mod nfkd;
pub(crate) mod onepass;
#[rustfmt::skip]
mod tables;
mod utf8;
pub(crate) mod vm;

use self::fast_regex::Shortcuts;
use self::onepass::OnePass;
use crate::ast::{MatchOp, Matcher, Span};
use crate::regexp::{Error, ErrorKind, GoTree};

/// Prometheus' structure for a pattern, and Go's tree as parsed (before Prometheus changed
/// it) when there is one; or Go's error.
pub(crate) fn analyse(pattern: &str) -> Result<(Shortcuts, Option<GoTree>), Error> {
    if let Some(string_matcher) = fast_regex::alternating_literals(pattern) {
        let shortcuts = Shortcuts {
            string_matcher: Some(string_matcher),
            ..Shortcuts::default()
        };
        return Ok((shortcuts, None));
    }
    crate::regexp::check(pattern)?;
    let whole = Span::new(0, pattern.len());
    // `check` has accepted the pattern, so Go's parser builds its tree.
    let parsed =
        crate::regexp::go_tree(pattern).ok_or(Error::new(ErrorKind::InternalError, whole))?;
    let mut tree = parsed.clone();
    Ok((fast_regex::shortcuts(&mut tree), Some(parsed)))
}

/// pyroql's own engine for Go's tree of `pattern`. Go's limits (which `check` applies) keep
/// every accepted program far below the engine's own guard; past it, the pattern is what Go
/// would call too large.
pub(crate) fn own_engine(tree: &GoTree, pattern: &str) -> Result<Box<vm::Program>, Error> {
    vm::Program::new(tree)
        .map(Box::new)
        .ok_or(Error::new(ErrorKind::Large, Span::new(0, pattern.len())))
}

/// A `=~` pattern as Prometheus matches it: its shortcuts, and the regex run by pyroql's own
/// engine where they leave the answer to it.
#[derive(Debug, Clone)]
pub(crate) struct Semantics {
    shortcuts: Shortcuts,
    program: Option<Box<vm::Program>>,
    one_pass: Option<Box<OnePass>>,
}

impl Semantics {
    /// `labels.NewFastRegexMatcher(pattern)`; a pattern Go refuses is Go's error.
    pub fn compile(pattern: &str) -> Result<Semantics, Error> {
        let (shortcuts, tree) = analyse(pattern)?;
        Semantics::of(shortcuts, tree.as_ref(), pattern)
    }

    /// The matcher for what [`analyse`] gave for `pattern`.
    pub fn of(
        shortcuts: Shortcuts,
        tree: Option<&GoTree>,
        pattern: &str,
    ) -> Result<Semantics, Error> {
        let program = match tree {
            Some(tree) => Some(own_engine(tree, pattern)?),
            None => None,
        };
        let one_pass = tree.and_then(|tree| OnePass::quirk(pattern, tree).map(Box::new));
        Ok(Semantics {
            shortcuts,
            program,
            one_pass,
        })
    }

    /// `MatchString(value)`.
    pub fn matches(&self, value: &str) -> bool {
        self.shortcuts.matches(value, |v| match &self.one_pass {
            Some(one_pass) => one_pass.is_match(v),
            None => self.program.as_ref().is_some_and(|p| p.is_match(v)),
        })
    }

    /// RE2's own answer, without Prometheus' shortcuts; `None` for a literal alternation,
    /// which Prometheus never hands to the regex. (The `matching` fuzz target compares the
    /// engines with it.)
    #[cfg(all(feature = "matching", feature = "fuzz-checks"))]
    pub fn regex_matches(&self, value: &str) -> Option<bool> {
        self.program.as_ref().map(|p| p.is_match(value))
    }
}

/// Whether `value` (the empty string for an absent label) satisfies `matcher`, as
/// `labels.NewMatcher(…).Matches(value)` answers; a pattern Go refuses is Go's error.
pub(crate) fn matcher_matches(matcher: &Matcher<'_>, value: &str) -> Result<bool, Error> {
    let hit = match matcher.op {
        MatchOp::Equal | MatchOp::NotEqual => matcher.value == value,
        MatchOp::Regex | MatchOp::NotRegex => Semantics::compile(&matcher.value)?.matches(value),
    };
    Ok(hit != matches!(matcher.op, MatchOp::NotEqual | MatchOp::NotRegex))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(op: MatchOp, pattern: &str, value: &str) -> bool {
        matcher_matches(&Matcher::new("l", op, pattern), value).unwrap()
    }

    #[test]
    fn matchers_answer_as_prometheus_does() {
        assert!(answer(MatchOp::Equal, "a", "a"));
        assert!(!answer(MatchOp::NotEqual, "a", "a"));
        assert!(answer(MatchOp::Regex, "prod|staging", "staging"));
        assert!(!answer(MatchOp::Regex, "prod", "production"));
        assert!(answer(MatchOp::NotRegex, "canary-.*", "stable-1"));
        assert!(answer(MatchOp::Regex, "(?i)checkout.*", "CHECKOUT-1"));
        assert!(answer(MatchOp::Regex, "a.b", "a\nb"));
        // The byte-wise case-insensitive prefix: no Kelvin sign for `k`.
        assert!(!answer(MatchOp::Regex, "(?i)k.*", "\u{212A}"));
        assert!(answer(MatchOp::Regex, "(a|b)+c", "abac"));
        assert!(answer(MatchOp::Regex, "x*", ""));
    }

    #[test]
    fn refused_patterns_are_gos_errors() {
        let err = matcher_matches(&Matcher::new("l", MatchOp::Regex, "a**"), "").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRepeatOp);
        assert_eq!(
            err.message("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
    }
}
