//! A shortcut for the patterns users write most (`eu-.*`, `canary-.*`, `5..`,
//! `/users/[0-9]+\.json`, `(api|web)-.*`): one pass over the bytes that recognizes a small part
//! of Go's syntax and says whether a pattern is certainly one Go accepts. It never refuses:
//! anything it does not know (counts, flags, named groups, escapes other than punctuation and
//! Perl classes, classes beyond plain characters and ranges) goes to the reader
//! ([`super::read`]), which alone reports errors.
//!
//! It must accept only what the reader accepts; the property test below and the `parse` fuzz
//! target (`fuzz_checks`) hold it to that, and every vector runs through both.

/// What the last token leaves for a repetition operator to apply to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// The start, `|` or `(`: nothing to repeat.
    Nothing,
    /// A character, `.`, a class or a group: something to repeat.
    Atom,
    /// `^` or `$`: left to the reader.
    Anchor,
    /// A repetition operator, which takes one `?` to make it lazy and nothing more.
    Repeat,
    /// A lazy repetition.
    Lazy,
}

/// The bytes that are more than a character to the shortcut.
static SPECIAL: [bool; 256] = super::grammar::table(b"\\*+?|()[]^${}");

/// The deepest group nesting the shortcut follows.
const MAX_DEPTH: u32 = 64;

/// Whether `pattern` is certainly one Go accepts, by the shortcut's rules alone. `false` says
/// nothing: ask the reader. Patterns must be short enough that no limit of Go's applies
/// (the caller's business), and hold no `{`.
pub(crate) fn is_plainly_valid(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    let mut last = Last::Nothing;
    let mut depth = 0u32;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        at += 1;
        if !SPECIAL[usize::from(b)] {
            // A character (or a byte of one), `.` included: the commonest case first.
            last = Last::Atom;
            continue;
        }
        last = match b {
            b'\\' => match bytes.get(at) {
                // Go takes any ASCII punctuation (any ASCII but letters and digits) escaped as
                // itself, and `\d\D\s\S\w\W` as classes.
                Some(&c)
                    if (c.is_ascii() && !c.is_ascii_alphanumeric())
                        || matches!(c, b'd' | b'D' | b's' | b'S' | b'w' | b'W') =>
                {
                    at += 1;
                    Last::Atom
                }
                _ => return false,
            },
            b'*' | b'+' | b'?' => match last {
                Last::Atom => Last::Repeat,
                Last::Repeat if b == b'?' => Last::Lazy,
                _ => return false,
            },
            b'|' => Last::Nothing,
            b'(' => {
                if bytes.get(at) == Some(&b'?') || depth == MAX_DEPTH {
                    return false;
                }
                depth += 1;
                Last::Nothing
            }
            b')' => {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
                Last::Atom
            }
            b'[' => match class_end(bytes, at) {
                Some(end) => {
                    at = end;
                    Last::Atom
                }
                None => return false,
            },
            b'^' | b'$' => Last::Anchor,
            // `]`, `{`, `}`.
            _ => return false,
        };
    }
    depth == 0
}

/// Where a plain bracketed class that opened just before `bytes[at]` ends (just past its `]`):
/// an optional `^`, then ASCII characters, punctuation escapes and ranges whose ends are in
/// order, at least one of them. `None` for anything else.
fn class_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    if bytes.get(at) == Some(&b'^') {
        at += 1;
    }
    let mut first = true;
    loop {
        let lo = match *bytes.get(at)? {
            b']' if !first => return Some(at + 1),
            b'\\' => {
                let c = *bytes.get(at + 1)?;
                if !c.is_ascii() || c.is_ascii_alphanumeric() {
                    return None;
                }
                at += 2;
                c
            }
            // `]` first, `[` (POSIX classes), `-` first and bytes of other characters: the
            // reader's.
            b']' | b'[' | b'-' => return None,
            c if !c.is_ascii() => return None,
            c => {
                at += 1;
                c
            }
        };
        first = false;
        if bytes.get(at) == Some(&b'-') && bytes.get(at + 1).is_some_and(|&c| c != b']') {
            let hi = *bytes.get(at + 1)?;
            if !hi.is_ascii() || matches!(hi, b'\\' | b'[' | b'-') || hi < lo {
                return None;
            }
            at += 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_patterns_users_write_are_plain() {
        for pattern in [
            "eu-.*",
            "frontend-7d9f.*",
            "canary-.*",
            "POST /v1/charges.*",
            "GC .*",
            r"/users/[0-9]+\.json",
            "5..",
            "api-.*",
            ".*foo.*",
            r"10\.0\..*:4040",
            "(api|web)-.*",
            r"\d+\s*\w",
            "[^a-z_]+?",
            "a|",
            "()",
            "é.+",
        ] {
            assert!(is_plainly_valid(pattern), "{pattern}");
            assert_eq!(super::super::read::read(pattern, &mut ()), Ok(()));
        }
    }

    #[test]
    fn anything_else_is_left_to_the_reader() {
        for pattern in [
            "a{2}",
            "(?i)a",
            "*",
            "a**",
            "a*+",
            "(",
            ")",
            "[",
            "[]a]",
            "[a-]",
            "[z-a]",
            "[[:alpha:]]",
            r"\pL",
            r"\Q.\E",
            r"\1",
            r"\x41",
            "^*",
            "[é]",
            "a]",
            r"\",
            "a*??",
        ] {
            assert!(!is_plainly_valid(pattern), "{pattern}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The shortcut accepts only what the reader accepts.
        #[test]
        fn plain_patterns_are_valid(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "-", ".", "*", "+", "?", "|", "(", ")", "[", "]", "^", "$", "\\", "\\.",
                "\\d", "\\w", "\\-", "\\ ", "[a-z]", "[^0-9]", "[a-]", "[z-a]", "[\\.-]", "é",
                "[]", "[^]", "[a-b-c]", "[-a]", " ", "x", "()", "(|)", "[\\]]",
            ]),
            0..12,
        )) {
            let pattern = pieces.concat();
            if is_plainly_valid(&pattern) {
                prop_assert_eq!(super::super::read::read(&pattern, &mut ()), Ok(()), "{}", pattern);
            }
        }
    }
}
