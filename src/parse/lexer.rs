//! The tokens of a selector: trivia (whitespace and `#` comments), words, strings, and what may
//! stand inside braces. Recognizers in nom's form (`&[u8]` in, `IResult` out) name them, nom's
//! combinators building the rare ones (comments); the frequent runs (names, words, plain string
//! bodies) are measured by [`scan`], eight bytes at a time. [`Cursor`] walks the query with them.

use std::borrow::Cow;

use nom::bytes::complete::{tag, take_till};
use nom::combinator::recognize;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::ast::{MatchOp, Span};
use crate::error::{ErrorKind, ParseError, Token, TokenKind};

use super::scan;
use super::string::{plain_string_len, string_literal, string_literal_from, StringLiteral};

/// Whitespace as Prometheus counts it: space, tab, newline, carriage return.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// What a byte may start, as bits: looked up rather than computed, since every token asks.
static STARTS: [u8; 256] = {
    let mut starts = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' {
            starts[b] = WORD | LABEL_NAME;
        } else if c == b':' {
            starts[b] = WORD;
        } else if c == b'"' || c == b'\'' || c == b'`' {
            starts[b] = STRING;
        }
        b += 1;
    }
    starts
};

/// [`STARTS`]: the byte starts a word, `[a-zA-Z_:]`.
const WORD: u8 = 1;
/// [`STARTS`]: the byte starts a label name, `[a-zA-Z_]`.
const LABEL_NAME: u8 = 2;
/// [`STARTS`]: the byte opens a string, `"`, `'` or `` ` ``.
const STRING: u8 = 4;

/// Whether Prometheus starts a word at `b`: `[a-zA-Z_:]`.
#[inline(always)]
pub(crate) fn starts_word(b: u8) -> bool {
    STARTS[usize::from(b)] & WORD != 0
}

fn is_label_start(b: u8) -> bool {
    STARTS[usize::from(b)] & LABEL_NAME != 0
}

/// A comment: from `#` to the end of its line (the line break is not part of it).
fn comment(input: &[u8]) -> IResult<&[u8], &[u8]> {
    recognize(preceded(
        tag(&b"#"[..]),
        take_till(|b| b == b'\n' || b == b'\r'),
    ))
    .parse(input)
}

/// A label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
fn label_name(input: &[u8]) -> IResult<&[u8], &[u8]> {
    recognized(input, label_name_end(input, 0))
}

/// Where the label name starting at `bytes[at]` ends, if one starts there.
#[inline(always)]
pub(crate) fn label_name_end(bytes: &[u8], at: usize) -> Option<usize> {
    is_label_start(*bytes.get(at)?).then(|| scan::label_run(bytes, at + 1))
}

/// Where the word (`[a-zA-Z_:][a-zA-Z0-9_:]*`) starting at `bytes[at]` ends, if one starts there.
#[inline(always)]
pub(crate) fn word_end(bytes: &[u8], at: usize) -> Option<usize> {
    starts_word(*bytes.get(at)?).then(|| scan::word_run(bytes, at + 1))
}

/// The nom result for a token of `input` that ends at `end`, or no token.
fn recognized(input: &[u8], end: Option<usize>) -> IResult<&[u8], &[u8]> {
    match end {
        Some(end) => {
            let (token, rest) = input.split_at(end);
            Ok((rest, token))
        }
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TakeWhile1,
        ))),
    }
}

/// A label matching operator and its length, if one starts `input`.
fn match_op(input: &[u8]) -> Option<(MatchOp, usize)> {
    match input {
        [b'=', b'~', ..] => Some((MatchOp::Regex, 2)),
        [b'=', ..] => Some((MatchOp::Equal, 1)),
        [b'!', b'~', ..] => Some((MatchOp::NotRegex, 2)),
        [b'!', b'=', ..] => Some((MatchOp::NotEqual, 2)),
        _ => None,
    }
}

/// The length of the comment at the start of `input`, which starts with `#`.
#[inline(never)]
fn comment_len(input: &[u8]) -> usize {
    comment(input).map_or(input.len(), |(rest, _)| input.len() - rest.len())
}

/// A string with escapes, or one that fails, whose text is plain up to `plain` bytes from its
/// quote: its value and its length in the query.
#[inline(never)]
fn decoded_string(cursor: Cursor<'_>, plain: usize) -> Result<(Cow<'_, str>, usize), Fail> {
    let quote = Span::new(cursor.pos, cursor.pos + 1);
    match string_literal_from(cursor.rest(), plain) {
        Ok(StringLiteral {
            value: Some(value),
            len,
        }) => Ok((value, len)),
        Ok(StringLiteral { value: None, .. }) => {
            Err(Box::new(cursor.error(ErrorKind::EscapedInvalidUtf8, quote)))
        }
        Err(kind) => Err(Box::new(cursor.error(kind, quote))),
    }
}

/// A parse error, boxed so that the results on the hot path stay small.
pub(crate) type Fail = Box<ParseError>;

/// What may stand inside braces, as an error message names it.
pub(crate) enum BraceToken {
    /// A bare label name.
    Name,
    /// A quoted string.
    String,
    /// A match operator.
    Op(MatchOp),
    /// `,`
    Comma,
    /// `}`
    Close,
}

/// A token with its place in the query.
pub(crate) struct Spanned<T> {
    pub token: T,
    pub span: Span,
}

/// A position in the query and the moves the grammar makes from it.
///
/// The recognizers above work on bytes; every token boundary they find is an ASCII byte, so the
/// cursor can always slice the query's `str` there. It is `Copy` and the slow paths take it by
/// value, so that on the hot path the compiler keeps it in registers.
#[derive(Clone, Copy)]
pub(crate) struct Cursor<'a> {
    input: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(input: &'a str) -> Self {
        Cursor { input, pos: 0 }
    }

    /// The byte offset of the cursor.
    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn bytes(&self) -> &'a [u8] {
        &self.input.as_bytes()[self.pos..]
    }

    pub fn at_end(&self) -> bool {
        self.pos == self.input.len()
    }

    pub fn peek_byte(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    /// Moves back to `pos`, where the cursor stood before.
    pub fn rewind(&mut self, pos: usize) {
        self.pos = pos;
    }

    pub fn bump(&mut self, len: usize) {
        self.pos += len;
    }

    /// Moves past what a recognizer consumed, given the rest it left.
    fn advance_to(&mut self, rest: &[u8]) {
        self.pos = self.input.len() - rest.len();
    }

    /// Skips whitespace and comments.
    #[inline]
    pub fn skip_trivia(&mut self) {
        while let Some(b) = self.peek_byte() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'#' => self.pos += comment_len(self.bytes()),
                _ => return,
            }
        }
    }

    /// Reads a word outside braces, if one starts here.
    #[inline(always)]
    pub fn word(&mut self) -> Option<Spanned<&'a str>> {
        let start = self.pos;
        self.pos = word_end(self.input.as_bytes(), start)?;
        Some(Spanned {
            token: &self.input[start..self.pos],
            span: Span::new(start, self.pos),
        })
    }

    /// Reads a label name, if one starts here.
    #[inline(always)]
    pub fn label_name(&mut self) -> Option<&'a str> {
        let start = self.pos;
        self.pos = label_name_end(self.input.as_bytes(), start)?;
        Some(&self.input[start..self.pos])
    }

    /// Reads a match operator, if one starts here.
    #[inline]
    pub fn match_op(&mut self) -> Option<MatchOp> {
        let (op, len) = match_op(self.bytes())?;
        self.pos += len;
        Some(op)
    }

    /// The quote (`"`, `'` or `` ` ``) that stands here, if one does.
    pub fn quote(&self) -> Option<u8> {
        self.peek_byte()
            .filter(|&b| STARTS[usize::from(b)] & STRING != 0)
    }

    /// Reads the string opened by `quote` here if it is plain (see [`plain_string_len`]): its
    /// value is its text.
    #[inline(always)]
    pub fn plain_string(&mut self, quote: u8) -> Option<&'a str> {
        let len = plain_string_len(self.input.as_bytes(), self.pos, quote).ok()?;
        Some(self.take_plain(len))
    }

    /// Reads the string opened by `quote` here, failing as Prometheus' lexer fails. A string
    /// that is not plain is decoded from where the plain text stops.
    #[inline(always)]
    pub fn string(&mut self, quote: u8) -> Result<Cow<'a, str>, Fail> {
        match plain_string_len(self.input.as_bytes(), self.pos, quote) {
            Ok(len) => Ok(Cow::Borrowed(self.take_plain(len))),
            Err(plain) => {
                let (value, len) = decoded_string(*self, plain)?;
                self.pos += len;
                Ok(value)
            }
        }
    }

    /// Moves past the plain string of `len` bytes, quotes included, that starts here; its text.
    #[inline(always)]
    fn take_plain(&mut self, len: usize) -> &'a str {
        let start = self.pos;
        self.pos += len;
        &self.input[start + 1..start + len - 1]
    }

    /// The error for what stands here where the grammar wanted `expected`: Prometheus' lexer
    /// error if it does not lex, else `unexpected <token> in label matching, expected …`.
    #[cold]
    pub fn unexpected_here(mut self, expected: crate::error::Expected) -> Fail {
        Box::new(match self.brace_token() {
            Ok(token) => self.unexpected(&token, expected),
            Err(error) => error,
        })
    }

    /// Skips trivia and reads the next token inside braces, failing as Prometheus' lexer fails.
    fn brace_token(&mut self) -> Result<Spanned<BraceToken>, ParseError> {
        self.skip_trivia();
        let start = self.pos;
        let token = match self.peek_byte() {
            None => return Err(self.error(ErrorKind::EndOfInputInsideBraces, Span::empty(start))),
            Some(b',') => {
                self.pos += 1;
                BraceToken::Comma
            }
            Some(b'}') => {
                self.pos += 1;
                BraceToken::Close
            }
            Some(b'"' | b'\'' | b'`') => match string_literal(self.rest()) {
                Ok(literal) => {
                    self.pos += literal.len;
                    BraceToken::String
                }
                Err(kind) => return Err(self.error(kind, Span::new(start, start + 1))),
            },
            Some(b'=' | b'!') => match match_op(self.bytes()) {
                Some((op, len)) => {
                    self.pos += len;
                    BraceToken::Op(op)
                }
                None => return Err(self.bad_character(start)),
            },
            Some(_) => match label_name(self.bytes()) {
                Ok((rest, _)) => {
                    self.advance_to(rest);
                    BraceToken::Name
                }
                Err(_) => return Err(self.bad_character(start)),
            },
        };
        Ok(Spanned {
            token,
            span: Span::new(start, self.pos),
        })
    }

    /// The lexer error for a character that starts no token inside braces.
    #[cold]
    fn bad_character(&self, start: usize) -> ParseError {
        let mut chars = self.rest().chars();
        let c = chars.next().unwrap_or(char::REPLACEMENT_CHARACTER);
        let kind = match c {
            '!' => ErrorKind::CharacterAfterBangInsideBraces(chars.next()),
            '{' => ErrorKind::LeftBraceInsideBraces,
            c => ErrorKind::CharacterInsideBraces(c),
        };
        self.error(kind, Span::new(start, start + c.len_utf8()))
    }

    #[cold]
    pub fn error(&self, kind: ErrorKind, span: Span) -> ParseError {
        ParseError::new(kind, span, self.input)
    }

    /// `unexpected <token>` for a token inside braces, in label-matching context.
    #[cold]
    fn unexpected(
        &self,
        token: &Spanned<BraceToken>,
        expected: crate::error::Expected,
    ) -> ParseError {
        let text = &self.input[token.span.start..token.span.end];
        let kind = match token.token {
            BraceToken::Name => TokenKind::Identifier,
            BraceToken::String => TokenKind::String,
            BraceToken::Op(MatchOp::Equal) | BraceToken::Comma | BraceToken::Close => {
                TokenKind::Symbol
            }
            BraceToken::Op(_) => TokenKind::Operator,
        };
        self.error(
            ErrorKind::Unexpected {
                found: Token::new(kind, text),
                expected: Some(expected),
            },
            token.span,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivia_covers_spaces_and_comments() {
        let mut cursor = Cursor::new(" \t# a comment\r\n  # another\n{");
        cursor.skip_trivia();
        assert_eq!(cursor.rest(), "{");
        let mut cursor = Cursor::new("#only");
        cursor.skip_trivia();
        assert!(cursor.at_end());
    }

    #[test]
    fn words_take_colons_but_names_do_not() {
        assert_eq!(word_end(b"cpu:x{", 0), Some(5));
        assert_eq!(word_end(b"{:a", 1), Some(3));
        assert_eq!(word_end(b"1a", 0), None);
        assert_eq!(label_name(b"a1_b:c").unwrap(), (&b":c"[..], &b"a1_b"[..]));
        assert!(label_name(b":a").is_err());
        assert!(label_name("é".as_bytes()).is_err());
    }

    #[test]
    fn operators_take_the_longest_match() {
        assert_eq!(match_op(b"=~'a'"), Some((MatchOp::Regex, 2)));
        assert_eq!(match_op(b"=="), Some((MatchOp::Equal, 1)));
        assert_eq!(match_op(b"!~"), Some((MatchOp::NotRegex, 2)));
        assert_eq!(match_op(b"!="), Some((MatchOp::NotEqual, 2)));
        assert_eq!(match_op(b"!x"), None);
        assert_eq!(match_op(b"!"), None);
    }

    #[test]
    fn comments_stop_at_either_line_break() {
        assert_eq!(comment(b"# a\rb").unwrap(), (&b"\rb"[..], &b"# a"[..]));
        assert_eq!(comment(b"#").unwrap(), (&b""[..], &b"#"[..]));
    }
}
