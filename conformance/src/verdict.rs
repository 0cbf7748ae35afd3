//! How pyroql's verdict on a pattern (taken, or refused with an error line) compares with Go's:
//! the classes the regexp and matching labs share.

use crate::oracle::Text;

/// How the two verdicts on a pattern compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Agree,
    /// Go refuses the pattern, pyroql takes it.
    WeAccept,
    /// Go takes it, pyroql refuses it.
    WeReject,
    /// Both refuse it, in other words.
    ErrorText,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Agree,
        Verdict::WeAccept,
        Verdict::WeReject,
        Verdict::ErrorText,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::WeAccept => "go rejects, pyroql accepts",
            Verdict::WeReject => "go accepts, pyroql rejects",
            Verdict::ErrorText => "error text differs",
        }
    }
}

/// A lab's classes, in a report's order: each verdict as the lab's class `pattern` makes of
/// it, then the lab's `own` classes.
pub fn classes<C>(pattern: fn(Verdict) -> C, own: impl IntoIterator<Item = C>) -> Vec<C> {
    Verdict::ALL.map(pattern).into_iter().chain(own).collect()
}

/// The verdicts compared: decided, or both took the pattern (with what pyroql made of it, for
/// the lab to compare further).
pub enum Compared<'a, T> {
    Decided(Verdict),
    BothTake(&'a T),
}

/// Go's verdict (`ok`, and its error line) against pyroql's.
pub fn compare<'a, T>(
    go_ok: bool,
    go_error: Option<&Text>,
    ours: &'a Result<T, String>,
) -> Compared<'a, T> {
    match (go_ok, ours) {
        (true, Ok(taken)) => Compared::BothTake(taken),
        (true, Err(_)) => Compared::Decided(Verdict::WeReject),
        (false, Ok(_)) => Compared::Decided(Verdict::WeAccept),
        (false, Err(message)) => {
            let same = go_error.is_some_and(|e| e.0 == message.as_bytes());
            Compared::Decided(if same {
                Verdict::Agree
            } else {
                Verdict::ErrorText
            })
        }
    }
}
