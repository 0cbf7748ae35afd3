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

use nom::Parser as _;

use crate::ast::{Matcher, MatcherSpans, Selector, Span};
use crate::error::{ErrorKind, InvalidMatcher, ParseError};
use crate::names::floor_char_boundary;

mod bytes;
mod grammar;
mod promql;
mod scan;
mod shortcut;
mod string;
mod tokens;

use grammar::Query;
use tokens::Fail;

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
    fn read<'a>(&self, input: &'a str) -> Result<Selector<'a>, ParseError> {
        if self.regexes {
            read::<true>(input)
        } else {
            read::<false>(input)
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
        self.read(input)
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
        let query = bytes::BytesQuery::new(input);
        match self.read(query.text()) {
            Ok(selector) => Ok(query.selector(selector)),
            Err(error) => Err(query.error(error)),
        }
    }
}

/// Parses `input` reading every matcher through the general path, without the fast path for the
/// common matcher: the reference the fuzz target and the tests hold [`parse`] to, spans and
/// errors included.
#[cfg(feature = "fuzz-checks")]
pub(crate) fn parse_by_general_path(input: &str) -> Result<Selector<'_>, ParseError> {
    let query = Query::new(input);
    finish(
        grammar::selector(query, grammar::label_matchers::<true>(query)).parse(input),
        input,
    )
}

/// The selector of `input`, the common matcher read by the shortcut; `REGEXES`: check each
/// pattern as Prometheus does while parsing.
fn read<const REGEXES: bool>(input: &str) -> Result<Selector<'_>, ParseError> {
    let query = Query::new(input);
    finish(
        grammar::selector(query, shortcut::label_matchers::<REGEXES>(query)).parse(input),
        input,
    )
}

/// The answer of a parse of `input`.
fn finish<'a>(
    result: nom::IResult<&'a str, Selector<'a>, Fail>,
    input: &'a str,
) -> Result<Selector<'a>, ParseError> {
    match result {
        Ok((_, selector)) => Ok(selector),
        Err(nom::Err::Error(fail) | nom::Err::Failure(fail)) => Err(into_error(fail, input)),
        // The parsers read complete input, which nom never finds too short.
        Err(nom::Err::Incomplete(_)) => Err(into_error(promql::unexpected_token(input), input)),
    }
}

/// The error `fail` reports for `input`. The grammar fails softly only where it has named what
/// stands instead, so a soft failure here is the first token, unexpected.
#[cold]
fn into_error(fail: Fail, input: &str) -> ParseError {
    fail.into_error(input)
        .or_else(|| promql::unexpected_token(input).into_error(input))
        .unwrap_or_else(|| {
            ParseError::new(ErrorKind::EndOfInputInsideBraces, Span::empty(0), input)
        })
}

impl std::str::FromStr for Selector<'static> {
    type Err = ParseError;

    /// Parses `s` and owns the result.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s).map(Selector::into_owned)
    }
}

impl std::str::FromStr for Matcher<'static> {
    type Err = InvalidMatcher;

    /// Reads one matcher, `name op "value"`, as Prometheus reads it between braces: the name bare
    /// or quoted, any quotes and escapes for the value, spaces around the parts, and the
    /// pattern of `=~`/`!~` checked by Go's rules. Spans and error positions count from the start
    /// of `s`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // The parser reads selectors; in braces, the text must come out as exactly one matcher
        // that covers it.
        let braced = format!("{{{s}}}");
        let selector = parse(&braced).map_err(|error| {
            let start = error.span().start.saturating_sub(1).min(s.len());
            let end = error.span().end.saturating_sub(1).clamp(start, s.len());
            InvalidMatcher::Parse(ParseError::new(
                error.kind().clone(),
                Span::new(start, end),
                s,
            ))
        })?;
        let mut matchers = selector.into_parts().1;
        if matchers.len() != 1 {
            return Err(InvalidMatcher::NotOne {
                found: matchers.len(),
            });
        }
        let mut matcher = matchers.remove(0).into_owned();
        if matcher.spans.op.is_empty() {
            return Err(InvalidMatcher::LoneString);
        }
        let back = |span: Span| Span::new(span.start.saturating_sub(1), span.end.saturating_sub(1));
        matcher.spans = MatcherSpans {
            name: back(matcher.spans.name),
            op: back(matcher.spans.op),
            value: back(matcher.spans.value),
        };
        let full = matcher.spans.full();
        let before = s.get(..full.start).unwrap_or_default();
        let after = s.get(full.end..).unwrap_or_default();
        if !before.trim().is_empty() {
            let at = before.len() - before.trim_start().len();
            return Err(InvalidMatcher::ExtraText { at });
        }
        if !after.trim().is_empty() {
            let at = full.end + (after.len() - after.trim_start().len());
            return Err(InvalidMatcher::ExtraText { at });
        }
        Ok(matcher)
    }
}
