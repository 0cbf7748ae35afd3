//! Prometheus' verdict on a pattern, as `labels.NewFastRegexMatcher` gives it.
//!
//! 1. A pattern whose `|`-separated parts are all literal text (`prod|staging`; no byte of
//!    `\.+*?()[]{}^$`) is taken without being parsed (`optimizeAlternatingLiterals`).
//! 2. Otherwise Go parses it (`syntax.Parse` with `Perl|DotNL`) and then compiles
//!    `^(?s:<tree>)$`, the tree printed back; either can fail.
//!
//! Go's syntax errors are found by one reading of the pattern with no sink: no allocation, time
//! linear in the pattern. Go's limits (a tree over 1,000 high, a program over 3,355,443
//! instructions, classes over 33,554,432 runes) need far longer patterns than
//! [`LIMIT_FREE_LEN`]; only longer patterns pay for the model of Go's parser that finds them.

use super::error::Error;
use super::model;
use super::read::{read, Reader};

/// Patterns up to this many bytes reach neither Go's height limit nor its rune limit, in
/// either parse.
///
/// Every node of Go's tree comes from at least one byte of the pattern except the
/// concatenations and alternations its rewriting makes, and a path down the tree gains at most
/// three levels for every four bytes (`(a(a(…)*)*)*`): 1,000 bytes make a tree at most 750
/// high, 751 once wrapped by the second compilation. A class token holds at most 1,426 runes
/// (`\pC`, of Go's tables), counted again three times for every four bytes of group around it
/// (`(?:\pC)`): 1,000 bytes count about a million runes of the 33,554,432 allowed. Go's size
/// limit is another matter: see [`Gauge`](super::gauge::Gauge).
pub(crate) const LIMIT_FREE_LEN: usize = 1000;

/// Whether Prometheus takes `pattern` as a list of literals without parsing it: no part
/// between `|`s holds a byte `regexp.QuoteMeta` would escape (`\.+*?()[]{}^$`).
pub(crate) fn is_literal_alternation(pattern: &str) -> bool {
    static QUOTED: [bool; 256] = super::grammar::table(b"\\.+*?()[]{}^$");
    !pattern.bytes().any(|b| QUOTED[usize::from(b)])
}

/// Whether Prometheus accepts `pattern` as an `=~`/`!~` value: `Ok`, or the error it gives,
/// exactly as Go words it ([`Error::message`]).
///
/// This is what `labels.NewFastRegexMatcher` answers, which Prometheus' parser (and so
/// Pyroscope's server) calls for every regex matcher of a query: literal alternations
/// (`prod|staging`) taken as they are, every other pattern parsed by Go's `regexp/syntax` with
/// its limits, and compiled again wrapped as `^(?s:…)$`. Checking builds nothing and, for
/// patterns under 1,000 bytes, allocates nothing.
///
/// ```
/// use pyroql::regexp::{check, ErrorKind};
/// assert!(check("checkout-.*").is_ok());
/// assert!(check(r"(?i)\p{Greek}+|[[:alpha:]]{2,3}").is_ok());
///
/// let err = check("eu-(west|east").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::MissingParen);
/// assert_eq!(err.message("eu-(west|east"), "error parsing regexp: missing closing ): `eu-(west|east`");
///
/// let err = check(r"\p{Letter}").unwrap_err();
/// assert_eq!(err.message(r"\p{Letter}"), r"error parsing regexp: invalid character class range: `\p{Letter}`");
/// ```
pub fn check(pattern: &str) -> Result<(), Error> {
    if pattern.len() <= LIMIT_FREE_LEN {
        // The commonest patterns, literal alternations among them, in one pass.
        if super::plain::is_plainly_valid(pattern) {
            return Ok(());
        }
        // Without `{` there is no count, and Go tracks no size: the reading alone tells.
        if !pattern.as_bytes().contains(&b'{') {
            return read(pattern, &mut ());
        }
        let mut reader = Reader::<true>::new();
        let verdict = reader
            .feed(pattern, &mut ())
            .and_then(|()| reader.finish(&mut ()));
        if !reader.may_track_sizes() {
            return verdict;
        }
    } else if is_literal_alternation(pattern) {
        return Ok(());
    }
    model::verdict(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_alternations_skip_parsing() {
        assert!(is_literal_alternation(""));
        assert!(is_literal_alternation("prod|staging|"));
        assert!(is_literal_alternation("a b-c/d:é"));
        assert!(!is_literal_alternation("a]"));
        assert!(!is_literal_alternation("v1\\.2"));
        assert!(check("||").is_ok());
        assert!(check("a]").is_ok());
    }
}
