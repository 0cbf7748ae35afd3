//! Comparing pyroql's verdict with the oracle's, and shrinking a difference to a small example.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crate::oracle::{Answer, Oracle};

/// How a pattern's two verdicts compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Agree,
    /// Go refuses, pyroql accepts.
    WeAccept,
    /// Go accepts, pyroql refuses.
    WeReject,
    /// Both refuse, in other words.
    ErrorText,
    /// pyroql panicked.
    Crash,
}

impl Class {
    pub const ALL: [Class; 5] = [
        Class::Agree,
        Class::WeAccept,
        Class::WeReject,
        Class::ErrorText,
        Class::Crash,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Agree => "agree",
            Class::WeAccept => "go rejects, pyroql accepts",
            Class::WeReject => "go accepts, pyroql rejects",
            Class::ErrorText => "error text differs",
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
    match (theirs.ok, ours) {
        (true, Ok(())) => Class::Agree,
        (true, Err(_)) => Class::WeReject,
        (false, Ok(())) => Class::WeAccept,
        (false, Err(message)) => {
            let same = theirs
                .error
                .as_ref()
                .is_some_and(|e| e.0 == message.as_bytes());
            if same {
                Class::Agree
            } else {
                Class::ErrorText
            }
        }
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
            .find(|(c, a)| classify(a, &ours(c).0) != Class::Agree);
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
