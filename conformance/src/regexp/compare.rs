//! Comparing pyroql's verdict with the oracle's, and shrinking a difference to a small example.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crate::oracle::{Answer, Oracle};
use crate::verdict::{self, compare, Compared, Verdict};

/// How a pattern's two verdicts compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Pattern(Verdict),
    /// pyroql panicked.
    Crash,
}

impl Class {
    pub const AGREE: Class = Class::Pattern(Verdict::Agree);

    /// Every class, in a report's order.
    pub fn all() -> Vec<Class> {
        verdict::classes(Class::Pattern, [Class::Crash])
    }

    pub fn name(self) -> &'static str {
        match self {
            Class::Pattern(verdict) => verdict.name(),
            Class::Crash => "pyroql panics",
        }
    }
}

/// pyroql's verdict: `Ok`, the error line, or `None` for a panic; and how long it took.
pub fn ours(pattern: &str) -> (Option<Result<(), String>>, Duration) {
    let start = Instant::now();
    let verdict = catch_unwind(AssertUnwindSafe(|| {
        pyroql::regexp::check(pattern).map_err(|e| e.message(pattern))
    }))
    .ok();
    (verdict, start.elapsed())
}

pub fn classify(theirs: &Answer, ours: &Option<Result<(), String>>) -> Class {
    let Some(ours) = ours else {
        return Class::Crash;
    };
    match compare(theirs.ok, theirs.error.as_ref(), ours) {
        Compared::Decided(verdict) => Class::Pattern(verdict),
        Compared::BothTake(()) => Class::AGREE,
    }
}

/// Go's error code in an error line (`invalid escape sequence`), or `ok`.
pub fn code(answer: &Answer) -> String {
    let Some(error) = answer.error.as_ref() else {
        return "ok".to_owned();
    };
    let text = error.lossy();
    let rest = text.strip_prefix("error parsing regexp: ").unwrap_or(&text);
    let code = rest.split(": `").next().unwrap_or(rest);
    let recompiled = rest.contains(": `^(?s:");
    if recompiled {
        format!("{code} (second compile)")
    } else {
        code.to_owned()
    }
}

/// A smaller pattern that still differs, found by removing runs of characters (delta
/// debugging), asking the oracle about each candidate.
pub fn minimize(oracle: &mut Oracle, pattern: &str) -> std::io::Result<String> {
    let mut current: Vec<char> = pattern.chars().collect();
    if current.len() > 3000 {
        // Too long to shrink one character at a time; shown as it is.
        return Ok(pattern.to_owned());
    }
    let mut parts = 2;
    while current.len() >= 2 {
        let chunk = current.len().div_ceil(parts);
        let candidates: Vec<String> = (0..parts)
            .map(|i| {
                let (from, to) = (i * chunk, ((i + 1) * chunk).min(current.len()));
                current[..from.min(current.len())]
                    .iter()
                    .chain(&current[to..])
                    .collect()
            })
            .collect();
        let bytes: Vec<Vec<u8>> = candidates.iter().map(|c| c.as_bytes().to_vec()).collect();
        let answers = oracle.ask(&bytes)?;
        let found = candidates
            .iter()
            .zip(&answers)
            .find(|(c, a)| classify(a, &ours(c).0) != Class::AGREE);
        match found {
            Some((smaller, _)) => {
                current = smaller.chars().collect();
                parts = (parts - 1).max(2);
            }
            None if parts >= current.len() => break,
            None => parts = (parts * 2).min(current.len()),
        }
    }
    Ok(current.into_iter().collect())
}
