//! The selector parser: query text in, [`Selector`] out, or the [`ParseError`] Pyroscope's server
//! would give.
//!
//! The grammar (`docs/selector.md`, after Prometheus' `ParseMetricSelector`):
//!
//! ```text
//! selector   = [ metric_identifier ] [ "{" [ matcher { "," matcher } [ "," ] ] "}" ]
//! matcher    = label_name op string | string
//! label_name = identifier | string
//! op         = "=" | "!=" | "=~" | "!~"
//! ```
//!
//! The parser reads the query once, left to right, with a loop rather than recursion, so time is
//! linear in the input and no input can deepen the stack. Names, values and the identifier
//! borrow from the input; only a string with an escape allocates.

use std::borrow::Cow;

use crate::ast::{Identifier, MatchOp, Matcher, MatcherSpans, Selector, Span, METRIC_NAME};
use crate::error::{ErrorKind, Expected, ParseError};

mod bytes;
pub(crate) use bytes::Repaired;
mod lexer;
mod promql;
mod scan;
mod string;

use lexer::{Cursor, Fail};

/// The longest query [`parse`] reads: 16 MiB. Use [`Parser::max_len`] for another limit.
///
/// ```
/// let query = format!("{{a=\"{}\"}}", "x".repeat(pyroql::DEFAULT_MAX_LEN));
/// let err = pyroql::parse(&query).unwrap_err();
/// assert!(matches!(err.kind(), pyroql::ErrorKind::TooLong { limit: pyroql::DEFAULT_MAX_LEN, .. }));
/// ```
pub const DEFAULT_MAX_LEN: usize = 16 << 20;

/// Parses a Pyroscope label selector, such as
/// `process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}`.
///
/// Accepts exactly what Pyroscope's server accepts (bar the one documented difference: escapes
/// that leave invalid UTF-8, see [`ErrorKind::EscapedInvalidUtf8`]) and fails with the server's
/// own message and position otherwise. Each `=~`/`!~` pattern is checked by Go's regex rules, as
/// Prometheus compiles it while parsing ([`Parser::syntax_only`] skips that); matching compiles
/// patterns for running ([`crate::matching`]).
///
/// ```
/// let s = pyroql::parse(r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#)?;
/// assert_eq!(s.identifier().map(|id| id.as_str()), Some("process_cpu:cpu:nanoseconds:cpu:nanoseconds"));
/// assert_eq!(s.matchers()[0].value, "api");
/// # Ok::<(), pyroql::ParseError>(())
/// ```
pub fn parse(input: &str) -> Result<Selector<'_>, ParseError> {
    Parser::new().parse(input)
}

/// Parses a selector given as bytes, which need not be UTF-8, with Prometheus' answers for bytes
/// that are not: what a proxy holds after URL-decoding (`%FF`).
///
/// Prometheus' lexer reads each such byte as U+FFFD: inside a string it answers
/// `invalid UTF-8 rune`, where a token would start `unexpected character: '�'`, and inside a
/// `#` comment it skips it. Spans and positions count the input's bytes; the selector borrows
/// from them.
///
/// ```
/// assert_eq!(
///     pyroql::parse_bytes(b"{a=\"\xff\"}").unwrap_err().to_string(),
///     "1:4: parse error: invalid UTF-8 rune"
/// );
/// let selector = pyroql::parse_bytes(b"{a=\"b\"} # \xff")?;
/// assert_eq!(selector.to_string(), r#"{a="b"}"#);
/// # Ok::<(), pyroql::ParseError>(())
/// ```
pub fn parse_bytes(input: &[u8]) -> Result<Selector<'_>, ParseError> {
    Parser::new().parse_bytes(input)
}

/// A parser with settings; [`parse`] uses the defaults.
///
/// ```
/// let parser = pyroql::Parser::new().max_len(1024).syntax_only();
/// let selector = parser.parse(r#"{a=~"("}"#)?;
/// assert_eq!(selector.len(), 1);
/// assert!(parser.parse(&"x".repeat(2000)).is_err());
/// # Ok::<(), pyroql::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parser {
    max_len: usize,
    regexes: bool,
}

impl Default for Parser {
    fn default() -> Self {
        Parser {
            max_len: DEFAULT_MAX_LEN,
            regexes: true,
        }
    }
}

impl Parser {
    /// A parser with the default settings: queries up to [`DEFAULT_MAX_LEN`], patterns checked.
    ///
    /// ```
    /// assert_eq!(pyroql::Parser::new(), pyroql::Parser::default());
    /// ```
    pub fn new() -> Self {
        Parser::default()
    }

    /// Refuse queries longer than `max_len` bytes with [`ErrorKind::TooLong`], before reading them.
    ///
    /// ```
    /// let parser = pyroql::Parser::new().max_len(8);
    /// assert!(parser.parse("{a=\"b\"}").is_ok());
    /// assert!(parser.parse("{a=\"bcd\"}").is_err());
    /// ```
    pub fn max_len(mut self, max_len: usize) -> Self {
        self.max_len = max_len;
        self
    }

    /// Check syntax alone: `=~` and `!~` patterns are not checked with Go's regex rules.
    ///
    /// Prometheus compiles every pattern while it parses, so by default a pattern Go refuses
    /// fails the query, as on Pyroscope's server. Skip that only where the patterns are checked
    /// elsewhere or do not matter: to print or rewrite a query whose regexes the server will judge
    /// anyway, or to find syntax errors first. The syntax is checked all the same.
    ///
    /// ```
    /// let query = r#"{a=~"("}"#;
    /// assert_eq!(
    ///     pyroql::parse(query).unwrap_err().to_string(),
    ///     "1:2: parse error: error parsing regexp: missing closing ): `(`"
    /// );
    /// let selector = pyroql::Parser::new().syntax_only().parse(query)?;
    /// assert_eq!(selector.matchers()[0].value, "(");
    /// # Ok::<(), pyroql::ParseError>(())
    /// ```
    pub fn syntax_only(mut self) -> Self {
        self.regexes = false;
        self
    }

    /// The same text parser, with or without the regex checks.
    fn read<'a>(&self, input: &'a str) -> Result<Selector<'a>, Fail> {
        if self.regexes {
            selector::<true, true>(input)
        } else {
            selector::<true, false>(input)
        }
    }

    /// Parses `input` (see [`parse`]).
    ///
    /// ```
    /// let parser = pyroql::Parser::new().max_len(4);
    /// assert_eq!(
    ///     parser.parse(r#"{a="b"}"#).unwrap_err().to_string(),
    ///     "1:5: parse error: query is 7 bytes long, more than the limit of 4"
    /// );
    /// ```
    pub fn parse<'a>(&self, input: &'a str) -> Result<Selector<'a>, ParseError> {
        if input.len() > self.max_len {
            let kind = ErrorKind::TooLong {
                len: input.len(),
                limit: self.max_len,
            };
            let at = floor_char_boundary(input, self.max_len);
            return Err(ParseError::new(kind, Span::empty(at), input));
        }
        self.read(input).map_err(|error| *error)
    }

    /// Parses `input`, which need not be UTF-8 (see [`parse_bytes`]).
    ///
    /// ```
    /// let parser = pyroql::Parser::new().syntax_only();
    /// let selector = parser.parse_bytes(b"{a=~\"(\"} # \xff")?;
    /// assert_eq!(selector.matchers()[0].value, "(");
    /// # Ok::<(), pyroql::ParseError>(())
    /// ```
    pub fn parse_bytes<'a>(&self, input: &'a [u8]) -> Result<Selector<'a>, ParseError> {
        if let Ok(text) = std::str::from_utf8(input) {
            return self.parse(text);
        }
        if input.len() > self.max_len {
            let kind = ErrorKind::TooLong {
                len: input.len(),
                limit: self.max_len,
            };
            let error = ParseError::new(kind, Span::empty(0), "");
            return Err(error.moved_to(Span::empty(self.max_len), input));
        }
        // The repaired text is longer than the input, which was measured against the limit.
        let repaired = bytes::Repaired::new(input);
        match self.read(repaired.text()) {
            Ok(selector) => Ok(repaired.selector(selector)),
            Err(error) => Err(repaired.error(*error)),
        }
    }
}

/// Parses `input` reading every matcher through the general path, without the fast path for the
/// common matcher: the reference the fuzz target and the tests hold [`parse`] to, spans and
/// errors included.
pub(crate) fn parse_by_general_path(input: &str) -> Result<Selector<'_>, ParseError> {
    selector::<false, true>(input).map_err(|error| *error)
}

/// The largest offset `<= at` (and `<= input.len()`) that starts a character of `input`.
pub(crate) fn floor_char_boundary(input: &str, at: usize) -> usize {
    let mut at = at.min(input.len());
    while !input.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether `name` may stand before the braces: `[a-zA-Z_:][a-zA-Z0-9_:]*`, not a reserved word.
pub(crate) fn is_metric_identifier(name: &str) -> bool {
    lexer::word_end(name.as_bytes(), 0) == Some(name.len()) && promql::names_metric(name, "")
}

/// Whether `name` can be written without quotes as a label name.
pub(crate) fn is_bare_label_name(name: &str) -> bool {
    lexer::label_name_end(name.as_bytes(), 0) == Some(name.len())
}

/// The selector of `input`; `FAST`: read the common matcher directly; `REGEXES`: check each
/// pattern as Prometheus does while parsing.
fn selector<const FAST: bool, const REGEXES: bool>(input: &str) -> Result<Selector<'_>, Fail> {
    let cursor = &mut Cursor::new(input);
    cursor.skip_trivia();
    let start = cursor.pos();
    let mut end = start;
    let mut identifier = None;
    if let Some(word) = cursor.word() {
        if !promql::names_metric(word.token, cursor.rest()) {
            return Err(Box::new(promql::unexpected_token(input, word.span.start)));
        }
        end = word.span.end;
        identifier = Some(Identifier::parsed(word.token, word.span));
        cursor.skip_trivia();
    }
    let mut matchers = Vec::new();
    if cursor.peek_byte() == Some(b'{') {
        cursor.bump(1);
        matchers = Vec::with_capacity(matcher_bound(cursor.rest()));
        label_matchers::<FAST, REGEXES>(cursor, &mut matchers)?;
        end = cursor.pos();
        cursor.skip_trivia();
    } else if identifier.is_none() {
        return Err(Box::new(promql::unexpected_token(input, cursor.pos())));
    }
    if !cursor.at_end() {
        return Err(Box::new(promql::unexpected_token(input, cursor.pos())));
    }
    Ok(Selector::from_parts(identifier, matchers).with_span(Span::new(start, end)))
}

/// How many bytes of whitespace and comments start `input`.
pub(crate) fn trivia_len(input: &str) -> usize {
    let mut cursor = Cursor::new(input);
    cursor.skip_trivia();
    cursor.pos()
}

/// The parser reserves room for at most this many matchers before reading them (416 KiB), or one
/// for every 16 bytes of the query if that is more: what a query of 16-byte matchers would fill.
///
/// [`matcher_bound`] counts commas, which may also stand inside strings: a crafted query
/// (`{a=",,,…"}`) would otherwise reserve a third of its length in 104-byte matchers, 35 times
/// the query's size. Past the cap the list grows as matchers are read, so only a query denser
/// than one matcher in 16 bytes, with thousands of them, allocates more than once.
const RESERVED_MATCHERS: usize = 4096;

/// An upper bound on the matchers in `rest`, the text after `{`, so that the matcher list is
/// allocated once: all matchers but the last are followed by a comma, and each takes three bytes
/// at least (a string and a comma or the closing brace). Capped by [`RESERVED_MATCHERS`]: past the
/// cap, the list grows.
fn matcher_bound(rest: &str) -> usize {
    // Counted in chunks with a small counter, which the compiler turns into vector code. Commas
    // alone: counting quotes too (a tighter bound for a crafted query) took 6% more instructions
    // for the whole parse.
    let mut commas = 0usize;
    for chunk in rest.as_bytes().chunks(255) {
        let mut in_chunk = 0u8;
        for &b in chunk {
            in_chunk += u8::from(b == b',');
        }
        commas += usize::from(in_chunk);
    }
    let bound = (commas + 1).min(rest.len() / 3);
    if bound <= RESERVED_MATCHERS {
        return bound;
    }
    bound.min(RESERVED_MATCHERS.max(rest.len() / 16))
}

/// The matchers after `{`, through the closing `}`; errors as Prometheus' grammar reports them.
///
/// The loop reads the common matcher, `name op "string"` (the name bare or a plain string),
/// directly; anything else goes to [`matcher`], which reads every form and, where the text goes
/// wrong, asks the cursor to lex what stands there, which yields Prometheus' lexer error or the
/// token to name in an `unexpected …` error.
fn label_matchers<'a, const FAST: bool, const REGEXES: bool>(
    cursor: &mut Cursor<'a>,
    matchers: &mut Vec<Matcher<'a>>,
) -> Result<(), Fail> {
    loop {
        cursor.skip_trivia();
        if cursor.peek_byte() == Some(b'}') {
            cursor.bump(1);
            return Ok(());
        }
        let start = cursor.pos();
        let plain = 'plain: {
            if !FAST {
                break 'plain false;
            }
            let name_start = cursor.pos();
            let name = match cursor.quote() {
                Some(quote) => cursor.plain_string(quote),
                None => cursor.label_name(),
            };
            let Some(name) = name else {
                break 'plain false;
            };
            let name_end = cursor.pos();
            cursor.skip_trivia();
            let op_start = cursor.pos();
            let Some(op) = cursor.match_op() else {
                break 'plain false;
            };
            let op_end = cursor.pos();
            cursor.skip_trivia();
            let value_start = cursor.pos();
            let Some(quote) = cursor.quote() else {
                break 'plain false;
            };
            // Escapes are decoded here; a lexer error is what the general path would meet too.
            let value = cursor.string(quote)?;
            push_matcher(
                matchers,
                Matcher {
                    name: Cow::Borrowed(name),
                    op,
                    value,
                    spans: MatcherSpans {
                        name: Span::new(name_start, name_end),
                        op: Span::new(op_start, op_end),
                        value: Span::new(value_start, cursor.pos()),
                    },
                },
            );
            true
        };
        if !plain {
            cursor.rewind(start);
            push_matcher(matchers, matcher(cursor)?);
        }
        // Prometheus compiles the pattern as it reduces the matcher, before it reads on.
        if REGEXES {
            if let Some(last) = matchers.last().filter(|m| m.op.is_regex()) {
                check_pattern(cursor, last)?;
            }
        }
        cursor.skip_trivia();
        match cursor.peek_byte() {
            Some(b',') => cursor.bump(1),
            Some(b'}') => {
                cursor.bump(1);
                return Ok(());
            }
            _ => return Err(cursor.unexpected_here(Expected::CommaOrClose)),
        }
    }
}

/// Checks the pattern of `matcher` (`=~` or `!~`) as `labels.NewFastRegexMatcher` does; a
/// pattern Go refuses fails the query at the matcher, with Go's message.
#[inline]
fn check_pattern(cursor: &Cursor<'_>, matcher: &Matcher<'_>) -> Result<(), Fail> {
    match crate::regexp::check(&matcher.value) {
        Ok(()) => Ok(()),
        Err(error) => Err(pattern_failure(cursor, matcher, &error)),
    }
}

#[cold]
#[inline(never)]
fn pattern_failure(
    cursor: &Cursor<'_>,
    matcher: &Matcher<'_>,
    error: &crate::regexp::Error,
) -> Fail {
    let kind = ErrorKind::InvalidRegex {
        code: error.kind(),
        expr: error.expr(&matcher.value).to_owned(),
    };
    Box::new(cursor.error(kind, matcher.spans.full()))
}

/// Reads one matcher of any form, or fails where it goes wrong.
#[inline(never)]
fn matcher<'a>(cursor: &mut Cursor<'a>) -> Result<Matcher<'a>, Fail> {
    let name_start = cursor.pos();
    let quoted = cursor.quote();
    let name = match quoted {
        Some(quote) => cursor.string(quote)?,
        None => match cursor.label_name() {
            Some(name) => Cow::Borrowed(name),
            None => return Err(cursor.unexpected_here(Expected::IdentifierOrClose)),
        },
    };
    let name_span = Span::new(name_start, cursor.pos());
    cursor.skip_trivia();
    let op_start = cursor.pos();
    match cursor.match_op() {
        Some(op) => {
            let op_span = Span::new(op_start, cursor.pos());
            cursor.skip_trivia();
            let value_start = cursor.pos();
            let Some(quote) = cursor.quote() else {
                return Err(cursor.unexpected_here(Expected::String));
            };
            let value = cursor.string(quote)?;
            Ok(Matcher {
                name,
                op,
                value,
                spans: MatcherSpans {
                    name: name_span,
                    op: op_span,
                    value: Span::new(value_start, cursor.pos()),
                },
            })
        }
        // A lone string names the metric: `{"cpu"}` is `{__name__="cpu"}`.
        None if quoted.is_some() => Ok(Matcher {
            name: Cow::Borrowed(METRIC_NAME),
            op: MatchOp::Equal,
            value: name,
            spans: MatcherSpans {
                name: Span::empty(name_start),
                op: Span::empty(name_start),
                value: name_span,
            },
        }),
        None => Err(cursor.unexpected_here(Expected::MatchOp)),
    }
}

/// Appends `matcher` to `matchers`, which usually has room for it (see [`matcher_bound`]).
///
/// Testing for room first lets the compiler drop `push`'s call to grow the list from this path,
/// and with it the need to build the 104-byte matcher on the stack before the call and copy it
/// after: it writes the fields straight into the list. (Such a copy reads with sixteen-byte loads
/// what was written with eight-byte stores, which the processor cannot forward: each copy stalls.)
#[inline(always)]
fn push_matcher<'a>(matchers: &mut Vec<Matcher<'a>>, matcher: Matcher<'a>) {
    if matchers.len() < matchers.capacity() {
        matchers.push(matcher);
    } else {
        push_growing(matchers, matcher);
    }
}

/// [`push_matcher`] when the list is full: past [`RESERVED_MATCHERS`].
#[cold]
#[inline(never)]
fn push_growing<'a>(matchers: &mut Vec<Matcher<'a>>, matcher: Matcher<'a>) {
    matchers.push(matcher);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_covers_every_matcher() {
        for input in [
            r#"a="b"}"#,
            r#"a="b",c='d',"e"}"#,
            r#""",""}"#,
            r#""","",}"#,
            "}",
            ",,,}",
        ] {
            let query = format!("{{{input}");
            let count = parse(&query).map_or(0, |s| s.len());
            assert!(matcher_bound(input) >= count, "{input}");
        }
        assert_eq!(matcher_bound("}"), 0);
        assert_eq!(matcher_bound(" }"), 0);
        assert_eq!(matcher_bound(r#"a="b"}"#), 1);
        assert_eq!(matcher_bound(r#"a="b", c="d"}"#), 2);
        // Commas inside a string count, up to one matcher in three bytes.
        assert_eq!(matcher_bound(r#"a=",,,,,,,,,,,,"}"#), 5);
    }

    #[test]
    fn identifiers_follow_prometheus() {
        for ok in [
            "cpu",
            "_x",
            ":a",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "sum",
            "by",
            "fill",
            "nan:x",
        ] {
            assert!(is_metric_identifier(ok), "{ok}");
        }
        for bad in [
            "", "1a", "a-b", "a.b", "bool", "On", "atan2", "inf", "NaN", "é",
        ] {
            assert!(!is_metric_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn bare_label_names() {
        assert!(is_bare_label_name("service_name"));
        assert!(is_bare_label_name("_a1"));
        assert!(!is_bare_label_name(""));
        assert!(!is_bare_label_name("1a"));
        assert!(!is_bare_label_name("service.name"));
        assert!(!is_bare_label_name("a:b"));
    }
}
