//! Parse errors: what went wrong ([`ErrorKind`]), where ([`Span`]), and the line Pyroscope's
//! server would answer with (`Display`).

use std::fmt;

use crate::ast::{Position, Span};
use crate::quote::{go_quote, go_quote_rune, go_unicode};

/// A query that does not parse.
///
/// `Display` writes what Pyroscope's server answers for the same query, position included:
///
/// ```
/// let err = pyroql::parse(r#"{service.name="api"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "1:9: parse error: unexpected character inside braces: '.'");
/// assert_eq!(err.span().start, 8);
/// ```
///
/// For people, [`ParseError::report`] draws the query with a caret under the problem
/// ([`crate::report`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: parse error: {kind}", PositionText(*.position))]
pub struct ParseError {
    kind: ErrorKind,
    span: Span,
    position: Option<Position>,
}

struct PositionText(Option<Position>);

impl fmt::Display for PositionText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(position) => position.fmt(f),
            None => f.write_str("unknown position"),
        }
    }
}

impl ParseError {
    /// An error of `kind` at `span` of `input`: for a front end that reports its own findings as
    /// Pyroscope reports parse errors.
    ///
    /// ```
    /// use pyroql::{ErrorKind, ParseError, Span};
    /// let err = ParseError::new(ErrorKind::NoNonEmptyMatcher, Span::new(2, 4), "\n {}");
    /// assert_eq!(err.to_string(), "2:2: parse error: vector selector must contain at least one non-empty matcher");
    /// ```
    pub fn new(kind: ErrorKind, span: Span, input: &str) -> Self {
        // Prometheus has no position to give for an empty query.
        let position = (!input.is_empty()).then(|| span.position(input));
        ParseError {
            kind,
            span,
            position,
        }
    }

    /// The same error, for the bytes `input` that the parsed text stood for: at `span` of them.
    pub(crate) fn moved_to(self, span: Span, input: &[u8]) -> Self {
        let position = (!input.is_empty()).then(|| Position::of_bytes(input, span.start));
        ParseError {
            kind: self.kind,
            span,
            position,
        }
    }

    /// What went wrong.
    ///
    /// ```
    /// use pyroql::{ErrorKind, Expected, TokenKind};
    /// let err = pyroql::parse("{a=b}").unwrap_err();
    /// let ErrorKind::Unexpected { found, expected } = err.kind() else { panic!("{err:?}") };
    /// assert_eq!((found.kind, found.text.as_str(), *expected), (TokenKind::Identifier, "b", Some(Expected::String)));
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The bytes of the query at fault: the token Prometheus points at.
    ///
    /// ```
    /// let err = pyroql::parse(r#"{a="b" c}"#).unwrap_err();
    /// assert_eq!(err.span(), pyroql::Span::new(7, 8));
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }

    /// Line and byte column of the span's start, or `None` for an empty query (Prometheus then
    /// says `unknown position`).
    ///
    /// ```
    /// use pyroql::Position;
    /// assert_eq!(pyroql::parse("{\n a=b}").unwrap_err().position(), Some(Position { line: 2, column: 4 }));
    /// let empty = pyroql::parse("").unwrap_err();
    /// assert_eq!((empty.position(), empty.to_string()), (None, "unknown position: parse error: unexpected end of input".to_owned()));
    /// ```
    pub fn position(&self) -> Option<Position> {
        self.position
    }
}

/// Text that is not one matcher, `name op "value"`; returned by `Matcher::from_str`.
///
/// ```
/// use pyroql::{ErrorKind, InvalidMatcher, Matcher, Span};
/// let err = "service.name = \"api\"".parse::<Matcher>().unwrap_err();
/// let InvalidMatcher::Parse(parse) = &err else { panic!("{err:?}") };
/// assert_eq!(parse.kind(), &ErrorKind::CharacterInsideBraces('.'));
/// assert_eq!(parse.span(), Span::new(7, 8));
/// assert_eq!(err.to_string(), "1:8: parse error: unexpected character inside braces: '.'");
///
/// assert_eq!(r#"a="1", b="2""#.parse::<Matcher>(), Err(InvalidMatcher::NotOne { found: 2 }));
/// assert_eq!(r#""cpu""#.parse::<Matcher>(), Err(InvalidMatcher::LoneString));
/// assert_eq!(r#"a="1","#.parse::<Matcher>(), Err(InvalidMatcher::ExtraText { at: 5 }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidMatcher {
    /// The text does not parse as a matcher; the error's span and position count from the start
    /// of the text.
    #[error(transparent)]
    Parse(ParseError),
    /// The text holds no matcher or more than one (`a="1", b="2"`).
    #[error("expected one matcher, name op \"value\", but the text holds {found}")]
    NotOne {
        /// How many matchers it holds.
        found: usize,
    },
    /// A lone string (`"cpu"`), which stands for `__name__="cpu"` only in a selector.
    #[error("a lone string stands for __name__=\"…\" only in a selector; write name op \"value\"")]
    LoneString,
    /// Text other than spaces around the matcher: a trailing `,` or a `#` comment, which a
    /// selector allows and a matcher does not.
    #[error("unexpected text around the matcher, at byte {at}")]
    ExtraText {
        /// The offset of its first byte in the text.
        at: usize,
    },
}

/// What went wrong, as data; `Display` gives Prometheus' wording.
///
/// ```
/// use pyroql::ErrorKind;
/// let err = pyroql::parse(r#"{a="\."}"#).unwrap_err();
/// assert_eq!(err.kind(), &ErrorKind::UnknownEscape('.'));
/// assert_eq!(err.kind().to_string(), r"unknown escape sequence U+002E '.'");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A token the grammar does not allow here: `unexpected identifier "b" in label matching,
    /// expected string`. Without `expected`, the token follows a complete selector or starts
    /// none: `unexpected "("`.
    #[error("unexpected {found}{}", ExpectedText(*.expected))]
    Unexpected {
        /// The token found.
        found: Token,
        /// What the label-matching grammar wanted instead, inside braces.
        expected: Option<Expected>,
    },
    /// The query ends inside `{…}`.
    #[error("unexpected end of input inside braces")]
    EndOfInputInsideBraces,
    /// A character that starts no token inside braces (`{service.name="x"}`).
    #[error("unexpected character inside braces: {}", go_quote_rune(Some(*.0)))]
    CharacterInsideBraces(char),
    /// `!` inside braces not followed by `=` or `~`; `None` when the query ends there.
    #[error("unexpected character after '!' inside braces: {}", go_quote_rune(*.0))]
    CharacterAfterBangInsideBraces(Option<char>),
    /// A `{` inside braces.
    #[error("unexpected left brace '{{'")]
    LeftBraceInsideBraces,
    /// A character that starts no PromQL token (`}` outside braces, `?`, `$`, …).
    #[error("unexpected character: {}", go_quote_rune(Some(*.0)))]
    Character(char),
    /// `=~` outside braces.
    #[error("unexpected character after '=': {}", go_quote_rune(Some(*.0)))]
    CharacterAfterEquals(char),
    /// `!` outside braces not followed by `=`; `None` when the query ends there.
    #[error("unexpected character after '!': {}", go_quote_rune(*.0))]
    CharacterAfterBang(Option<char>),
    /// A `)` with no `(` before it.
    #[error("unexpected right parenthesis ')'")]
    RightParenthesis,
    /// A `]` with no `[` before it.
    #[error("unexpected right bracket ']'")]
    RightBracket,
    /// Text that starts like a number but is neither a number nor a duration (`1foo`).
    #[error("bad number or duration syntax: {}", go_quote(.0))]
    BadNumberOrDuration(String),
    /// A `"…"` or `'…'` string with no closing quote on its line.
    #[error("unterminated quoted string")]
    UnterminatedString,
    /// A `` `…` `` string with no closing backtick.
    #[error("unterminated raw string")]
    UnterminatedRawString,
    /// A literal U+FFFD inside a string, which Prometheus takes for broken UTF-8.
    #[error("invalid UTF-8 rune")]
    InvalidUtf8Rune,
    /// The query ends in the middle of an escape sequence.
    #[error("escape sequence not terminated")]
    EscapeNotTerminated,
    /// A backslash followed by a character that starts no escape (`"\."`).
    #[error("unknown escape sequence {}", go_unicode(*.0))]
    UnknownEscape(char),
    /// A character that is not a digit of the escape (`"\x.."`).
    #[error("illegal character {} in escape sequence", go_unicode(*.0))]
    IllegalEscapeCharacter(char),
    /// An escape naming a value past 255 (`\NNN`), a surrogate or a value past U+10FFFF.
    #[error("escape sequence is an invalid Unicode code point")]
    InvalidCodePoint,
    /// Byte escapes (`\xNN`, `\NNN`) that leave the string invalid UTF-8, such as `"\xff"`.
    ///
    /// Prometheus accepts these; pyroql keeps values as Rust strings and refuses them. Such a value
    /// could never equal a label Pyroscope stores, since those are UTF-8.
    #[error("escape sequences leave invalid UTF-8 in the string (pyroql reads label values as UTF-8 text)")]
    EscapedInvalidUtf8,
    /// The query is longer than the parser was allowed to read.
    #[error("query is {len} bytes long, more than the limit of {limit}")]
    TooLong {
        /// The query's length in bytes.
        len: usize,
        /// The configured maximum.
        limit: usize,
    },
    /// Strict check: every matcher matches the empty string (`{a=""}`, `{}`), so the selector would
    /// select every series.
    #[error("vector selector must contain at least one non-empty matcher")]
    NoNonEmptyMatcher,
    /// Strict check: the identifier before the braces and a `__name__` matcher inside both name
    /// the metric.
    #[error("metric name must not be set twice: {} or {}", go_quote(.identifier), go_quote(.matcher))]
    MetricNameSetTwice {
        /// The identifier before the braces.
        identifier: String,
        /// The value of the `__name__` matcher.
        matcher: String,
    },
    /// A `=~`/`!~` pattern that Go's regex parser refuses, which Prometheus compiles while it
    /// parses: `error parsing regexp: missing closing ): `(``, at the matcher's start.
    #[error("error parsing regexp: {code}: `{expr}`")]
    InvalidRegex {
        /// Go's error code.
        code: crate::regexp::ErrorKind,
        /// The text Go quotes: part of the pattern, or all of it.
        expr: String,
    },
}

/// What the label-matching grammar expected when it met an unexpected token; `Display` is
/// Prometheus' wording.
///
/// ```
/// use pyroql::{ErrorKind, Expected};
/// let err = pyroql::parse(r#"{a "b"}"#).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Unexpected { expected: Some(Expected::MatchOp), .. }));
/// assert_eq!(Expected::MatchOp.to_string(), "label matching operator");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expected {
    /// A quoted value after the operator.
    String,
    /// `=`, `!=`, `=~` or `!~` after a label name.
    MatchOp,
    /// A label name, or `}` to close the braces.
    IdentifierOrClose,
    /// `,` or `}` after a matcher.
    CommaOrClose,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::String => "string",
            Expected::MatchOp => "label matching operator",
            Expected::IdentifierOrClose => r#"identifier or "}""#,
            Expected::CommaOrClose => r#""," or "}""#,
        })
    }
}

struct ExpectedText(Option<Expected>);

impl fmt::Display for ExpectedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(expected) => write!(f, " in label matching, expected {expected}"),
            None => Ok(()),
        }
    }
}

/// A PromQL token as an error message names it.
///
/// ```
/// use pyroql::{ErrorKind, TokenKind};
/// let err = pyroql::parse(r#"{a="b"} or {c="d"}"#).unwrap_err();
/// let ErrorKind::Unexpected { found, .. } = err.kind() else { panic!("{err:?}") };
/// assert_eq!((found.kind, found.to_string()), (TokenKind::Operator, "<op:or>".to_owned()));
/// assert_eq!(err.to_string(), "1:9: parse error: unexpected <op:or>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    /// Its class.
    pub kind: TokenKind,
    /// Its text as written (quotes included for strings); empty at the end of input.
    pub text: String,
}

/// The classes of PromQL tokens, which Prometheus describes differently (see [`Token`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// The end of the query: `end of input`.
    EndOfInput,
    /// A name without colons: `identifier "foo"`.
    Identifier,
    /// A name with a colon: `metric identifier "a:b"`.
    MetricIdentifier,
    /// A quoted string: `string "\"x\""`.
    String,
    /// A number, `inf` and `nan` included: `number "1"`.
    Number,
    /// A duration: `duration "5m"`.
    Duration,
    /// A keyword: `<bool>`.
    Keyword,
    /// An operator: `<op:!=>`.
    Operator,
    /// An aggregation: `<aggr:sum>`.
    Aggregator,
    /// Punctuation and other fixed words, quoted: `"}"`, `"="`, `"start"`.
    Symbol,
}

impl Token {
    pub(crate) fn new(kind: TokenKind, text: &str) -> Self {
        Token {
            kind,
            text: text.to_owned(),
        }
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = &self.text;
        match self.kind {
            TokenKind::EndOfInput => f.write_str("end of input"),
            TokenKind::Identifier => write!(f, "identifier {}", go_quote(text)),
            TokenKind::MetricIdentifier => write!(f, "metric identifier {}", go_quote(text)),
            TokenKind::String => write!(f, "string {}", ItemText(text)),
            TokenKind::Number => write!(f, "number {}", ItemText(text)),
            TokenKind::Duration => write!(f, "duration {}", ItemText(text)),
            TokenKind::Keyword => write!(f, "<{text}>"),
            TokenKind::Operator => write!(f, "<op:{text}>"),
            TokenKind::Aggregator => write!(f, "<aggr:{text}>"),
            TokenKind::Symbol => ItemText(text).fmt(f),
        }
    }
}

/// Prometheus' `Item.String` for plain items: `%q`, or past 10 bytes `%.10q...` (the first ten
/// characters, quoted, then `...`).
struct ItemText<'t>(&'t str);

impl fmt::Display for ItemText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() > 10 {
            let cut = self
                .0
                .char_indices()
                .nth(10)
                .map_or(self.0.len(), |(i, _)| i);
            write!(f, "{}...", go_quote(&self.0[..cut]))
        } else {
            f.write_str(&go_quote(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_tokens_like_prometheus() {
        let cases = [
            (TokenKind::EndOfInput, "", "end of input"),
            (TokenKind::Identifier, "lol", r#"identifier "lol""#),
            (
                TokenKind::MetricIdentifier,
                "a:b",
                r#"metric identifier "a:b""#,
            ),
            (TokenKind::String, "\"x\"", r#"string "\"x\"""#),
            (
                TokenKind::String,
                "\"abcdefghijk\"",
                r#"string "\"abcdefghi"..."#,
            ),
            (TokenKind::String, "\"ééééé\"", r#"string "\"ééééé\""..."#),
            (TokenKind::Number, "1", r#"number "1""#),
            (TokenKind::Duration, "5m", r#"duration "5m""#),
            (TokenKind::Keyword, "bool", "<bool>"),
            (TokenKind::Operator, "!=", "<op:!=>"),
            (TokenKind::Aggregator, "sum", "<aggr:sum>"),
            (TokenKind::Symbol, "}", r#""}""#),
        ];
        for (kind, text, want) in cases {
            assert_eq!(Token::new(kind, text).to_string(), want);
        }
    }

    #[test]
    fn an_empty_query_has_no_position() {
        let err = ParseError::new(
            ErrorKind::Unexpected {
                found: Token::new(TokenKind::EndOfInput, ""),
                expected: None,
            },
            Span::empty(0),
            "",
        );
        assert_eq!(
            err.to_string(),
            "unknown position: parse error: unexpected end of input"
        );
        assert_eq!(err.position(), None);
    }
}
