//! Comparing pyroql's matching with the oracle's, and shrinking a difference.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use pyroql::matching::CompiledMatcher;
use pyroql::{MatchOp, Matcher};
use serde::Deserialize;

use crate::oracle::{Oracle, Text};
use crate::verdict::{self, compare, Compared, Verdict};

/// The oracle's answer for one case.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct MatchAnswer {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<bool>,
    /// Plain RE2's answers (`=~`/`!~` only, when the wrapped pattern compiles).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plain: Vec<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bad_input: Option<String>,
}

/// pyroql's answer: each value's match, or the error line; `None` for a panic.
pub type Ours = Option<Result<Vec<bool>, String>>;

/// The oracle's input line for a case.
pub fn input(op: &str, pattern: &str, values: &[String]) -> Vec<u8> {
    serde_json::json!({"op": op, "pattern": pattern, "values": values})
        .to_string()
        .into_bytes()
}

fn match_op(op: &str) -> MatchOp {
    MatchOp::from_text(op).unwrap_or(MatchOp::Regex)
}

/// pyroql's answer for a case, and how long compiling and matching took.
pub fn ours(op: &str, pattern: &str, values: &[String]) -> (Ours, Duration) {
    let start = Instant::now();
    let answer = catch_unwind(AssertUnwindSafe(|| {
        let matcher = Matcher::new("l", match_op(op), pattern);
        match CompiledMatcher::new(&matcher) {
            Ok(compiled) => Ok(values.iter().map(|v| compiled.matches(v)).collect()),
            Err(e) => Err(e.error.message(&e.matcher.value)),
        }
    }))
    .ok();
    (answer, start.elapsed())
}

/// How a case's two answers compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The verdicts on the pattern ([`Class::AGREE`]: they agree, and so does every value).
    Pattern(Verdict),
    /// A value where Prometheus' shortcut decided (its answer is not plain RE2's) and pyroql
    /// answered otherwise.
    Shortcut,
    /// A value where Prometheus answered as RE2 does and pyroql did not.
    Regex,
    /// A difference on a pattern or value holding a code point Go's Unicode 15.0 tables do
    /// not assign (so newer tables may read it otherwise).
    UnicodeTables,
    /// pyroql panicked.
    Crash,
}

impl Class {
    pub const AGREE: Class = Class::Pattern(Verdict::Agree);

    /// The classes of a value's answer, and a panic: after the pattern's verdicts in a report.
    const AFTER_THE_PATTERN: [Class; 4] = [
        Class::Shortcut,
        Class::Regex,
        Class::UnicodeTables,
        Class::Crash,
    ];

    /// Every class, in a report's order.
    pub fn all() -> Vec<Class> {
        verdict::classes(Class::Pattern, Class::AFTER_THE_PATTERN)
    }

    pub fn name(self) -> &'static str {
        match self {
            Class::Pattern(verdict) => verdict.name(),
            Class::Shortcut => "a shortcut's answer differs",
            Class::Regex => "an RE2 answer differs",
            Class::UnicodeTables => "unicode tables (documented)",
            Class::Crash => "pyroql panics",
        }
    }
}

/// Whether Go's Unicode 15.0 tables leave a code point of `text` unassigned.
fn unassigned(text: &str) -> bool {
    thread_local! {
        static CN: CompiledMatcher = CompiledMatcher::new(&Matcher::new("c", MatchOp::Regex, "\\p{Cn}"))
            .expect("a valid pattern");
    }
    CN.with(|cn| text.chars().any(|c| cn.matches(c.encode_utf8(&mut [0; 4]))))
}

/// The class of a case, and the first value that differs.
pub fn classify(
    pattern: &str,
    values: &[String],
    theirs: &MatchAnswer,
    ours: &Ours,
) -> (Class, Option<usize>) {
    let Some(ours) = ours else {
        return (Class::Crash, None);
    };
    let class = match compare(theirs.ok, theirs.error.as_ref(), ours) {
        Compared::Decided(verdict) => (Class::Pattern(verdict), None),
        Compared::BothTake(matches) => {
            let differs = matches
                .iter()
                .zip(&theirs.matches)
                .position(|(a, b)| a != b)
                .or((matches.len() != theirs.matches.len()).then_some(0));
            match differs {
                None => (Class::AGREE, None),
                Some(i) => {
                    let shortcut = theirs
                        .plain
                        .get(i)
                        .zip(theirs.matches.get(i))
                        .is_some_and(|(plain, go)| plain != go);
                    let class = if shortcut {
                        Class::Shortcut
                    } else {
                        Class::Regex
                    };
                    (class, Some(i))
                }
            }
        }
    };
    if class.0 != Class::AGREE
        && (unassigned(pattern)
            || class
                .1
                .is_some_and(|i| values.get(i).is_some_and(|v| unassigned(v))))
    {
        return (Class::UnicodeTables, class.1);
    }
    class
}

/// The largest text worth shrinking a character at a time.
const FINE_LIMIT: usize = 2048;

/// A smaller (pattern, value) that still differs in the same class: characters dropped from
/// the pattern, then from the value, each round's candidates asked of the oracle at once.
pub fn minimize(
    oracle: &mut Oracle,
    op: &str,
    pattern: &str,
    value: &str,
    class: Class,
) -> std::io::Result<(String, String)> {
    let mut best = (pattern.to_owned(), value.to_owned());
    for part in [0, 1] {
        loop {
            let text: Vec<char> = if part == 0 { &best.0 } else { &best.1 }.chars().collect();
            if text.is_empty() || text.len() > FINE_LIMIT {
                break;
            }
            let candidates: Vec<(String, String)> = (0..text.len())
                .map(|at| {
                    let shorter: String = text[..at].iter().chain(&text[at + 1..]).collect();
                    if part == 0 {
                        (shorter, best.1.clone())
                    } else {
                        (best.0.clone(), shorter)
                    }
                })
                .collect();
            let inputs: Vec<Vec<u8>> = candidates
                .iter()
                .map(|(p, v)| input(op, p, std::slice::from_ref(v)))
                .collect();
            let answers: Vec<MatchAnswer> = oracle.ask_as(&inputs)?;
            let found = candidates
                .into_iter()
                .zip(answers)
                .find(|((p, v), theirs)| {
                    let values = std::slice::from_ref(v);
                    classify(p, values, theirs, &ours(op, p, values).0).0 == class
                });
            match found {
                Some((smaller, _)) => best = smaller,
                None => break,
            }
        }
    }
    Ok(best)
}
