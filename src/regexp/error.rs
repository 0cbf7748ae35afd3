//! What Go's `regexp/syntax` refuses, as data: Go's error code and the byte range of the pattern
//! that Go quotes.

use std::fmt;

use crate::ast::Span;

/// Go's `syntax.ErrorCode`: what is wrong with a pattern. `Display` is Go's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `regexp/syntax: internal error`; Go never reports it for a pattern.
    InternalError,
    /// `invalid character class`; defined by Go, reported by none of its parsers.
    InvalidCharClass,
    /// `invalid character class range`: `[z-a]`, `[[:foo:]]`, `\p{Foo}`.
    InvalidCharRange,
    /// `invalid escape sequence`: `\e`, `\1`, `\x{110000}`.
    InvalidEscape,
    /// `invalid named capture`: `(?P<a-b>x)`, `(?<>x)`.
    InvalidNamedCapture,
    /// `invalid or unsupported Perl syntax`: `(?x)`, `(?P=a)`, `(?'a'x)`.
    InvalidPerlOp,
    /// `invalid nested repetition operator`: `a**`, `a{2}{3}`.
    InvalidRepeatOp,
    /// `invalid repeat count`: `a{1001}`, `a{2,1}`, `(a{100}){20}`.
    InvalidRepeatSize,
    /// `invalid UTF-8`; a `&str` pattern cannot have it.
    InvalidUtf8,
    /// `missing closing ]`.
    MissingBracket,
    /// `missing closing )`.
    MissingParen,
    /// `missing argument to repetition operator`: `*a`, `(|+)`.
    MissingRepeatArgument,
    /// `trailing backslash at end of expression`.
    TrailingBackslash,
    /// `unexpected )`.
    UnexpectedParen,
    /// `expression nests too deeply`: Go's syntax tree would be over 1,000 levels high.
    NestingDepth,
    /// `expression too large`: Go's compiled program or its character classes would be too big.
    Large,
}

impl ErrorKind {
    /// Go's text for the code, as in `error parsing regexp: <code>: …`.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::InternalError => "regexp/syntax: internal error",
            ErrorKind::InvalidCharClass => "invalid character class",
            ErrorKind::InvalidCharRange => "invalid character class range",
            ErrorKind::InvalidEscape => "invalid escape sequence",
            ErrorKind::InvalidNamedCapture => "invalid named capture",
            ErrorKind::InvalidPerlOp => "invalid or unsupported Perl syntax",
            ErrorKind::InvalidRepeatOp => "invalid nested repetition operator",
            ErrorKind::InvalidRepeatSize => "invalid repeat count",
            ErrorKind::InvalidUtf8 => "invalid UTF-8",
            ErrorKind::MissingBracket => "missing closing ]",
            ErrorKind::MissingParen => "missing closing )",
            ErrorKind::MissingRepeatArgument => "missing argument to repetition operator",
            ErrorKind::TrailingBackslash => "trailing backslash at end of expression",
            ErrorKind::UnexpectedParen => "unexpected )",
            ErrorKind::NestingDepth => "expression nests too deeply",
            ErrorKind::Large => "expression too large",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A pattern Prometheus refuses: Go's error code, and the part of the pattern Go's message
/// quotes (its `Expr`).
///
/// Go's message is ``error parsing regexp: CODE: `EXPR` ``; [`Error::message`] writes it. The
/// expression is nearly always a slice of the pattern, given by [`Error::span`]. The exception is
/// a limit that only Prometheus' second compilation meets (it compiles `^(?s:<tree>)$`, the tree
/// printed back by Go): there Go quotes that text, which [`Error::expr`] gives, and the span
/// covers the whole pattern.
///
/// ```
/// let pattern = "a{2,1}";
/// let err = pyroql::regexp::check(pattern).unwrap_err();
/// assert_eq!(err.kind(), pyroql::regexp::ErrorKind::InvalidRepeatSize);
/// assert_eq!(err.span(), pyroql::Span::new(1, 6));
/// assert_eq!(err.message(pattern), "error parsing regexp: invalid repeat count: `{2,1}`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    span: Span,
    /// Go's `Expr` when it is not a slice of the pattern.
    recompiled: Option<Box<str>>,
}

impl Error {
    pub(crate) const fn new(kind: ErrorKind, span: Span) -> Self {
        Error {
            kind,
            span,
            recompiled: None,
        }
    }

    /// An error of Prometheus' second compilation, which quotes the text it compiled.
    pub(crate) fn recompiled(kind: ErrorKind, pattern_len: usize, expr: String) -> Self {
        Error {
            kind,
            span: Span::new(0, pattern_len),
            recompiled: Some(expr.into_boxed_str()),
        }
    }

    /// Go's error code.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The bytes of the pattern Go quotes (for a second-compilation error, the whole pattern).
    pub const fn span(&self) -> Span {
        self.span
    }

    /// Whether the error comes from Prometheus' second compilation, of `^(?s:<tree>)$`: the
    /// pattern itself parsed, but its printed tree is over a limit once wrapped.
    pub fn is_recompiled(&self) -> bool {
        self.recompiled.is_some()
    }

    /// The text Go quotes: a slice of `pattern` (the pattern this error is about), or for a
    /// second-compilation error the text Prometheus compiled.
    pub fn expr<'a>(&'a self, pattern: &'a str) -> &'a str {
        match &self.recompiled {
            Some(text) => text,
            None => pattern.get(self.span.start..self.span.end).unwrap_or(""),
        }
    }

    /// Go's message, byte for byte: ``error parsing regexp: CODE: `EXPR` ``.
    pub fn message(&self, pattern: &str) -> String {
        self.display(pattern).to_string()
    }

    /// Go's message without its `error parsing regexp: ` prefix: ``CODE: `EXPR` ``.
    pub fn detail(&self, pattern: &str) -> String {
        format!("{}: `{}`", self.kind, self.expr(pattern))
    }

    /// Go's message as a `Display` value, written without building a string first.
    pub fn display<'a>(&'a self, pattern: &'a str) -> impl fmt::Display + 'a {
        GoMessage {
            error: self,
            pattern,
        }
    }
}

struct GoMessage<'a> {
    error: &'a Error,
    pattern: &'a str,
}

impl fmt::Display for GoMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error parsing regexp: {}: `{}`",
            self.error.kind,
            self.error.expr(self.pattern)
        )
    }
}

/// Without the pattern at hand, the code and where it applies.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at bytes {}..{}",
            self.kind, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for Error {}

/// A limit of Go's parser that its model met: the whole pattern is then Go's `Expr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    /// `maxSize` or `maxRunes`.
    Large,
    /// `maxHeight`.
    Deep,
}

impl Limit {
    pub(crate) const fn kind(self) -> ErrorKind {
        match self {
            Limit::Large => ErrorKind::Large,
            Limit::Deep => ErrorKind::NestingDepth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_gos() {
        let pattern = "ab\\";
        let err = crate::regexp::check(pattern).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TrailingBackslash);
        assert_eq!(err.expr(pattern), "");
        assert_eq!(
            err.message(pattern),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
        assert_eq!(
            err.detail(pattern),
            "trailing backslash at end of expression: ``"
        );
        assert!(!err.is_recompiled());
        assert_eq!(
            err.to_string(),
            "trailing backslash at end of expression at bytes 2..2"
        );
        assert_eq!(ErrorKind::UnexpectedParen.to_string(), "unexpected )");
    }
}
