//! The tokens of a selector as nom parsers: trivia (whitespace and `#` comments), words, label
//! names, operators, strings, punctuation; and [`Fail`], the parsers' error, which carries
//! Prometheus' message and position.
//!
//! Each parser takes the rest of the query (`&str`) and gives the token and what follows it, or
//! fails softly ([`Fail::Backtrack`]: not this token, the grammar may try another) or with the
//! query's error (a token that does not lex, such as a string with a bad escape). The frequent
//! runs (names, words, plain string bodies) are measured by [`scan`], eight bytes at a time.
//!
//! What stands where the grammar wanted something else is named by [`unexpected_in_braces`],
//! which lexes it as Prometheus' lexer would inside braces.

use std::borrow::Cow;

use nom::{IResult, Parser};

use crate::ast::{MatchOp, Span};
use crate::error::{ErrorKind, Expected, ParseError, Token, TokenKind};
use crate::names;

use super::scan;
use super::string::{plain_string_len, string_literal, string_literal_from, StringLiteral};

/// The error of a token or grammar parser.
#[derive(Debug)]
pub(crate) enum Fail {
    /// Not this token: another reading may apply.
    Backtrack,
    /// The query fails, as Prometheus reports it.
    Query(Box<Located>),
}

/// A query's error, placed by how many bytes of the query stand from its start to the end, so
/// that a token parser, which sees only the rest of the query, can place it.
#[derive(Debug)]
pub(crate) struct Located {
    kind: ErrorKind,
    /// The bytes from the start of the error's span to the end of the query.
    left: usize,
    len: usize,
}

impl Fail {
    /// The error `kind` for the `len` bytes that start `rest`.
    #[cold]
    pub fn at(rest: &str, len: usize, kind: ErrorKind) -> Self {
        Fail::Query(Box::new(Located {
            kind,
            left: rest.len(),
            len,
        }))
    }

    /// The error `kind` at `span` of a query of `query_len` bytes.
    #[cold]
    pub fn spanning(query_len: usize, span: Span, kind: ErrorKind) -> Self {
        Fail::Query(Box::new(Located {
            kind,
            left: query_len.saturating_sub(span.start),
            len: span.len(),
        }))
    }

    /// The error as the parse of `input` reports it; `None` for a soft failure.
    pub fn into_error(self, input: &str) -> Option<ParseError> {
        match self {
            Fail::Backtrack => None,
            Fail::Query(located) => {
                let start = input.len().saturating_sub(located.left);
                let span = Span::new(start, start + located.len);
                Some(ParseError::new(located.kind, span, input))
            }
        }
    }
}

impl<'a> nom::error::ParseError<&'a str> for Fail {
    fn from_error_kind(_: &'a str, _: nom::error::ErrorKind) -> Self {
        Fail::Backtrack
    }

    fn append(_: &'a str, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two alternatives that both fail, the one with the query's error.
    fn or(self, other: Self) -> Self {
        match self {
            Fail::Query(_) => self,
            Fail::Backtrack => other,
        }
    }
}

/// A parser's result.
pub(crate) type PResult<'a, T> = IResult<&'a str, T, Fail>;

/// A soft failure: not this token.
#[inline(always)]
pub(crate) fn backtrack<T>() -> Result<T, nom::Err<Fail>> {
    Err(nom::Err::Error(Fail::Backtrack))
}

/// `rest` from byte `at` on; `at` ends an ASCII token, or the query.
#[inline(always)]
fn after(rest: &str, at: usize) -> &str {
    rest.get(at..).unwrap_or_default()
}

/// The token of `len` bytes that starts `input`, and what follows it.
#[inline(always)]
fn split(input: &str, len: usize) -> (&str, &str) {
    match (input.get(..len), input.get(len..)) {
        (Some(token), Some(rest)) => (rest, token),
        _ => ("", input),
    }
}

/// Whitespace and comments, which stand between any two tokens: what Prometheus' lexer skips.
#[inline(always)]
pub(crate) fn trivia(input: &str) -> PResult<'_, ()> {
    Ok((after(input, names::trivia_len(input)), ()))
}

/// The ASCII character `b`: nom's `char`, for the punctuation of the grammar.
#[inline(always)]
pub(crate) fn byte<'a>(b: u8) -> impl Fn(&'a str) -> PResult<'a, ()> {
    move |input: &'a str| match input.as_bytes().first() {
        Some(&c) if c == b => Ok((after(input, 1), ())),
        _ => backtrack(),
    }
}

/// The end of the query.
pub(crate) fn end_of_input(input: &str) -> PResult<'_, ()> {
    if input.is_empty() {
        Ok((input, ()))
    } else {
        backtrack()
    }
}

/// A word, `[a-zA-Z_:][a-zA-Z0-9_:]*`: an identifier outside braces.
#[inline(always)]
pub(crate) fn word(input: &str) -> PResult<'_, &str> {
    match input.as_bytes().first() {
        Some(&b) if names::is_word_start(b) => {
            Ok(split(input, scan::word_run(input.as_bytes(), 1)))
        }
        _ => backtrack(),
    }
}

/// A bare label name, `[a-zA-Z_][a-zA-Z0-9_]*`.
#[inline(always)]
pub(crate) fn bare_label_name(input: &str) -> PResult<'_, &str> {
    match input.as_bytes().first() {
        Some(&b) if names::is_label_start(b) => {
            Ok(split(input, scan::label_run(input.as_bytes(), 1)))
        }
        _ => backtrack(),
    }
}

/// A label matching operator, `=`, `!=`, `=~` or `!~`, the longest that stands here.
#[inline(always)]
pub(crate) fn match_op(input: &str) -> PResult<'_, MatchOp> {
    let (op, len) = match input.as_bytes() {
        [b'=', b'~', ..] => (MatchOp::Regex, 2),
        [b'=', ..] => (MatchOp::Equal, 1),
        [b'!', b'~', ..] => (MatchOp::NotRegex, 2),
        [b'!', b'=', ..] => (MatchOp::NotEqual, 2),
        _ => return backtrack(),
    };
    Ok((after(input, len), op))
}

/// A string, `"…"`, `'…'` or `` `…` ``, and its value: borrowed from the query unless an escape
/// forces a copy. A string that does not lex fails the query, as Prometheus' lexer does, at its
/// opening quote; so does one whose escapes leave invalid UTF-8 (see
/// [`ErrorKind::EscapedInvalidUtf8`]).
#[inline(always)]
pub(crate) fn string(input: &str) -> PResult<'_, Cow<'_, str>> {
    match input.as_bytes().first() {
        Some(&quote) if names::is_quote(quote) => {
            match plain_string_len(input.as_bytes(), 0, quote) {
                Ok(len) => Ok(plain(input, len)),
                Err(plain) => decoded_string(input, plain),
            }
        }
        _ => backtrack(),
    }
}

/// The plain string of `len` bytes, quotes included, that starts `input`: its text.
#[inline(always)]
fn plain<'a, T: From<&'a str>>(input: &'a str, len: usize) -> (&'a str, T) {
    let text = input.get(1..len.saturating_sub(1)).unwrap_or_default();
    (after(input, len), T::from(text))
}

/// A string with escapes, or one that fails, whose text is plain up to `plain` bytes from its
/// quote.
#[inline(never)]
fn decoded_string(input: &str, plain: usize) -> PResult<'_, Cow<'_, str>> {
    match string_literal_from(input, plain) {
        Ok(StringLiteral {
            value: Some(value),
            len,
        }) => Ok((after(input, len), value)),
        Ok(StringLiteral { value: None, .. }) => Err(nom::Err::Failure(Fail::at(
            input,
            1,
            ErrorKind::EscapedInvalidUtf8,
        ))),
        Err(kind) => Err(nom::Err::Failure(Fail::at(input, 1, kind))),
    }
}

/// The length of the string token that starts `input` (with a quote), whatever its value, or
/// the lexer's error for it: how an error message names a string.
pub(crate) fn string_token_len(input: &str) -> Result<usize, Fail> {
    string_literal(input)
        .map(|literal| literal.len)
        .map_err(|kind| Fail::at(input, 1, kind))
}

/// The error for what stands at `input` (after trivia) where the label-matching grammar wanted
/// `expected`: Prometheus' lexer error if it does not lex inside braces, else
/// `unexpected <token> in label matching, expected …`.
#[cold]
#[inline(never)]
pub(crate) fn unexpected_in_braces(input: &str, expected: Expected) -> Fail {
    let input = after(input, names::trivia_len(input));
    let bytes = input.as_bytes();
    let (kind, len) = match bytes.first() {
        None => return Fail::at(input, 0, ErrorKind::EndOfInputInsideBraces),
        Some(b',' | b'}') => (TokenKind::Symbol, 1),
        Some(&quote) if names::is_quote(quote) => match string_token_len(input) {
            Ok(len) => (TokenKind::String, len),
            Err(fail) => return fail,
        },
        Some(b'=' | b'!') => match match_op(input) {
            Ok((rest, MatchOp::Equal)) => (TokenKind::Symbol, input.len() - rest.len()),
            Ok((rest, _)) => (TokenKind::Operator, input.len() - rest.len()),
            Err(_) => return bad_character_in_braces(input),
        },
        Some(_) => match bare_label_name(input) {
            Ok((rest, _)) => (TokenKind::Identifier, input.len() - rest.len()),
            Err(_) => return bad_character_in_braces(input),
        },
    };
    let found = Token::new(kind, input.get(..len).unwrap_or_default());
    let kind = ErrorKind::Unexpected {
        found,
        expected: Some(expected),
    };
    Fail::at(input, len, kind)
}

/// The lexer error for a character that starts no token inside braces.
#[cold]
fn bad_character_in_braces(input: &str) -> Fail {
    let mut chars = input.chars();
    let c = chars.next().unwrap_or(char::REPLACEMENT_CHARACTER);
    let kind = match c {
        '!' => ErrorKind::CharacterAfterBangInsideBraces(chars.next()),
        '{' => ErrorKind::LeftBraceInsideBraces,
        c => ErrorKind::CharacterInsideBraces(c),
    };
    Fail::at(input, c.len_utf8(), kind)
}

/// `parser`, or where it does not apply, the error that names what stands there instead
/// (see [`unexpected_in_braces`]): nom's `cut`, with Prometheus' message.
#[inline(always)]
pub(crate) fn expect<'a, O>(
    mut parser: impl Parser<&'a str, Output = O, Error = Fail>,
    expected: Expected,
) -> impl Parser<&'a str, Output = O, Error = Fail> {
    move |input: &'a str| match parser.parse(input) {
        Err(nom::Err::Error(_)) => Err(nom::Err::Failure(unexpected_in_braces(input, expected))),
        result => result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(input: &str, expected: Expected) -> String {
        unexpected_in_braces(input, expected)
            .into_error(input)
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn words_take_colons_but_names_do_not() {
        assert_eq!(word("cpu:x{").unwrap(), ("{", "cpu:x"));
        assert!(word("1a").is_err());
        assert_eq!(bare_label_name("a1_b:c").unwrap(), (":c", "a1_b"));
        assert!(bare_label_name(":a").is_err());
        assert!(bare_label_name("é").is_err());
    }

    #[test]
    fn operators_take_the_longest_match() {
        assert_eq!(match_op("=~'a'").unwrap(), ("'a'", MatchOp::Regex));
        assert_eq!(match_op("==").unwrap(), ("=", MatchOp::Equal));
        assert_eq!(match_op("!~").unwrap(), ("", MatchOp::NotRegex));
        assert_eq!(match_op("!=").unwrap(), ("", MatchOp::NotEqual));
        assert!(match_op("!x").is_err());
        assert!(match_op("!").is_err());
    }

    #[test]
    fn strings_borrow_until_an_escape() {
        assert_eq!(string(r#""api" x"#).unwrap(), (" x", Cow::Borrowed("api")));
        let (rest, value) = string(r#""a\nb"}"#).unwrap();
        assert_eq!((rest, value.as_ref()), ("}", "a\nb"));
        assert!(matches!(value, Cow::Owned(_)));
        assert!(matches!(string(r#""\q""#), Err(nom::Err::Failure(_))));
        assert!(matches!(string("x"), Err(nom::Err::Error(_))));
    }

    #[test]
    fn trivia_is_skipped() {
        assert_eq!(trivia(" # c\n\t{").unwrap(), ("{", ()));
    }

    #[test]
    fn what_stands_instead_is_named_as_prometheus_names_it() {
        let cases = [
            (
                "",
                Expected::String,
                "unexpected end of input inside braces",
            ),
            (
                " lol}",
                Expected::CommaOrClose,
                r#"unexpected identifier "lol" in label matching, expected "," or "}""#,
            ),
            (
                "=\"b\"",
                Expected::String,
                r#"unexpected "=" in label matching, expected string"#,
            ),
            (
                "!~",
                Expected::String,
                "unexpected <op:!~> in label matching, expected string",
            ),
            (
                "'x'",
                Expected::MatchOp,
                r#"unexpected string "'x'" in label matching, expected label matching operator"#,
            ),
            ("\"x", Expected::MatchOp, "unterminated quoted string"),
            (
                ".",
                Expected::MatchOp,
                "unexpected character inside braces: '.'",
            ),
            (
                "!#",
                Expected::MatchOp,
                "unexpected character after '!' inside braces: '#'",
            ),
            ("{", Expected::MatchOp, "unexpected left brace '{'"),
        ];
        for (input, expected, want) in cases {
            let got = message(input, expected);
            assert_eq!(
                got.split_once(": parse error: ").map(|p| p.1),
                Some(want),
                "{input:?}"
            );
        }
    }
}
