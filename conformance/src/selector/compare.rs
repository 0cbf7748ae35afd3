//! pyroql's answer in the oracle's shape, and the class of each difference.

use std::time::{Duration, Instant};

use pyroql::{ErrorKind, ParseError};

use crate::oracle::{Answer, MatcherAnswer, Text};

/// What pyroql answered, with what the classes need beyond the answer itself.
pub struct Ours {
    pub answer: Answer,
    /// The error, when there was one.
    pub error: Option<ParseError>,
    pub panicked: bool,
    pub took: Duration,
}

/// pyroql's answer for `input`, as the oracle would write it: the matchers in Prometheus' order
/// (the identifier last, as a `__name__` matcher) or the error line.
pub fn ours(input: &[u8]) -> Ours {
    let start = Instant::now();
    let result = std::panic::catch_unwind(|| pyroql::parse_bytes(input).map(|s| s.into_owned()));
    let took = start.elapsed();
    match result {
        Ok(Ok(selector)) => {
            let mut matchers: Vec<MatcherAnswer> = selector
                .iter()
                .map(|m| MatcherAnswer {
                    name: Text::from(m.name.as_ref()),
                    op: Text::from(m.op.as_str()),
                    value: Text::from(m.value.as_ref()),
                })
                .collect();
            if let Some(identifier) = selector.identifier() {
                matchers.push(MatcherAnswer {
                    name: Text::from("__name__"),
                    op: Text::from("="),
                    value: Text::from(identifier.as_str()),
                });
            }
            Ours {
                answer: Answer {
                    ok: true,
                    matchers,
                    error: None,
                },
                error: None,
                panicked: false,
                took,
            }
        }
        Ok(Err(error)) => Ours {
            answer: Answer {
                ok: false,
                matchers: Vec::new(),
                error: Some(Text::from(error.to_string().as_str())),
            },
            error: Some(error),
            panicked: false,
            took,
        },
        Err(_) => Ours {
            answer: Answer {
                ok: false,
                matchers: Vec::new(),
                error: None,
            },
            error: None,
            panicked: true,
            took,
        },
    }
}

/// How pyroql's answer relates to the oracle's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// The same answer, byte for byte.
    Agree,
    /// One accepts what the other refuses.
    AcceptReject,
    /// Both accept, with different matchers.
    Matchers,
    /// Both refuse at the same position, in other words.
    ErrorText,
    /// Both refuse, at different positions.
    Position,
    /// pyroql panicked.
    Crash,
    /// pyroql took far longer than its input's length warrants.
    Hang,
    /// pyroql's one deliberate difference: escapes that leave invalid UTF-8 are an error where
    /// Prometheus unquotes the string.
    Documented,
    /// A difference that Unicode tables of another version explain.
    Toolchain,
}

impl Class {
    pub const ALL: [Class; 9] = [
        Class::Agree,
        Class::AcceptReject,
        Class::Matchers,
        Class::ErrorText,
        Class::Position,
        Class::Crash,
        Class::Hang,
        Class::Documented,
        Class::Toolchain,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Agree => "agree",
            Class::AcceptReject => "accept/reject",
            Class::Matchers => "matchers",
            Class::ErrorText => "error text",
            Class::Position => "position",
            Class::Crash => "crash",
            Class::Hang => "hang",
            Class::Documented => "documented",
            Class::Toolchain => "toolchain",
        }
    }

    /// Whether the class is a divergence to close.
    pub fn diverges(self) -> bool {
        !matches!(self, Class::Agree | Class::Documented | Class::Toolchain)
    }
}

/// The `LINE:COL` an error line starts with, if it has one.
pub fn position(error: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(error.split(|&b| b == b' ').next()?).ok()?;
    let (line, col) = text.strip_suffix(':')?.split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// Whether an error line reports a regex Prometheus could not compile.
fn is_regexp_error(error: &[u8]) -> bool {
    let needle = b"parse error: error parsing regexp: ";
    error.windows(needle.len()).any(|w| w == needle)
}

/// The time pyroql may take for an input of `len` bytes before it counts as hanging: far above
/// what linear work takes on a loaded machine (Prometheus itself takes about a second for a
/// 1 MB pattern), so that only a blow-up shows.
fn time_limit(len: usize) -> Duration {
    Duration::from_secs(1) + Duration::from_nanos(3_000 * len as u64)
}

/// The class of pyroql's answer `ours` to `input`, against the oracle's `theirs`.
/// `toolchain` tells whether a character is one the Unicode tables disagree on.
pub fn classify(
    input: &[u8],
    ours: &Ours,
    theirs: &Answer,
    toolchain: &dyn Fn(char) -> bool,
) -> Class {
    if ours.panicked {
        return Class::Crash;
    }
    if ours.took > time_limit(input.len()) {
        return Class::Hang;
    }
    if ours.answer == *theirs {
        return Class::Agree;
    }
    let escaped_invalid = ours
        .error
        .as_ref()
        .is_some_and(|e| matches!(e.kind(), ErrorKind::EscapedInvalidUtf8));
    if escaped_invalid {
        let our_at = ours.answer.error.as_ref().and_then(|e| position(&e.0));
        let documented = match &theirs.error {
            None => true,
            Some(error) => {
                let their_at = position(&error.0);
                their_at >= our_at || (is_regexp_error(&error.0) && their_at <= our_at)
            }
        };
        if documented {
            return Class::Documented;
        }
    }
    if ours.answer.ok != theirs.ok {
        return Class::AcceptReject;
    }
    if ours.answer.ok {
        return Class::Matchers;
    }
    let ours_error = ours.answer.error.as_ref().map_or(&[][..], |t| &t.0[..]);
    let theirs_error = theirs.error.as_ref().map_or(&[][..], |t| &t.0[..]);
    if position(ours_error) != position(theirs_error) {
        return Class::Position;
    }
    let text = String::from_utf8_lossy(input);
    if text.chars().any(toolchain) {
        return Class::Toolchain;
    }
    Class::ErrorText
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go_error(text: &str) -> Answer {
        Answer {
            ok: false,
            matchers: Vec::new(),
            error: Some(Text::from(text)),
        }
    }

    #[test]
    fn positions_are_read_from_error_lines() {
        assert_eq!(position(b"1:9: parse error: x"), Some((1, 9)));
        assert_eq!(position(b"12:3: parse error: x"), Some((12, 3)));
        assert_eq!(position(b"unknown position: parse error: x"), None);
    }

    #[test]
    fn answers_are_classified() {
        let none = |_: char| false;
        let input = br#"{a="b"}"#;
        let mine = ours(input);
        let theirs = Answer {
            ok: true,
            matchers: vec![MatcherAnswer {
                name: "a".into(),
                op: "=".into(),
                value: "b".into(),
            }],
            error: None,
        };
        assert_eq!(classify(input, &mine, &theirs, &none), Class::Agree);
        assert_eq!(
            classify(input, &mine, &go_error("1:1: parse error: x"), &none),
            Class::AcceptReject
        );
        let bad = b"{a=b}";
        let mine = ours(bad);
        assert_eq!(
            classify(
                bad,
                &mine,
                &go_error("1:4: parse error: other words"),
                &none
            ),
            Class::ErrorText
        );
        assert_eq!(
            classify(
                bad,
                &mine,
                &go_error("1:3: parse error: other words"),
                &none
            ),
            Class::Position
        );
        let escaped = br#"{a="\xff"}"#;
        let mine = ours(escaped);
        let go_accepts = Answer {
            ok: true,
            matchers: Vec::new(),
            error: None,
        };
        assert_eq!(
            classify(escaped, &mine, &go_accepts, &none),
            Class::Documented
        );
    }
}
