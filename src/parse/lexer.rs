//! The tokens of a selector: trivia (whitespace and `#` comments), words, strings, and what may
//! stand inside braces. Small nom parsers recognize them; [`Cursor`] walks the query with them.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_while, take_while1};
use nom::character::complete::{char, satisfy};
use nom::combinator::{recognize, value};
use nom::multi::many0_count;
use nom::sequence::{pair, preceded};
use nom::{IResult, Parser};

use crate::ast::{MatchOp, Span};
use crate::error::{ErrorKind, ParseError, Token, TokenKind};

use super::promql::{continues_word, starts_word};
use super::string::string_literal;

/// Whitespace as Prometheus counts it: space, tab, newline, carriage return.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_label_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whitespace and comments; a comment runs from `#` to the end of its line.
fn trivia(input: &str) -> IResult<&str, usize> {
    let space = take_while1(is_space);
    let comment = recognize(preceded(char('#'), take_till(|c| c == '\n' || c == '\r')));
    many0_count(alt((space, comment))).parse(input)
}

/// A label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
fn label_name(input: &str) -> IResult<&str, &str> {
    recognize(pair(satisfy(is_label_start), take_while(is_label_char))).parse(input)
}

/// A word outside braces: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
fn word(input: &str) -> IResult<&str, &str> {
    recognize(pair(
        satisfy(|c| c.is_ascii() && starts_word(c as u8)),
        take_while(|c: char| c.is_ascii() && continues_word(c as u8)),
    ))
    .parse(input)
}

/// A label matching operator.
fn match_op(input: &str) -> IResult<&str, MatchOp> {
    alt((
        value(MatchOp::Regex, tag("=~")),
        value(MatchOp::Equal, tag("=")),
        value(MatchOp::NotRegex, tag("!~")),
        value(MatchOp::NotEqual, tag("!=")),
    ))
    .parse(input)
}

/// What may stand inside braces.
pub(crate) enum BraceToken<'a> {
    /// A bare label name.
    Name(&'a str),
    /// A quoted string, decoded.
    String(Cow<'a, str>),
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
pub(crate) struct Cursor<'a> {
    input: &'a str,
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    pub fn new(input: &'a str) -> Self {
        Cursor { input, rest: input }
    }

    pub fn input(&self) -> &'a str {
        self.input
    }

    /// The byte offset of the cursor.
    pub fn pos(&self) -> usize {
        self.input.len() - self.rest.len()
    }

    pub fn rest(&self) -> &'a str {
        self.rest
    }

    pub fn at_end(&self) -> bool {
        self.rest.is_empty()
    }

    pub fn peek_byte(&self) -> Option<u8> {
        self.rest.as_bytes().first().copied()
    }

    pub fn bump(&mut self, len: usize) {
        self.rest = &self.rest[len..];
    }

    /// Skips whitespace and comments.
    pub fn skip_trivia(&mut self) {
        // `trivia` matches the empty string, so it cannot fail.
        if let Ok((rest, _)) = trivia(self.rest) {
            self.rest = rest;
        }
    }

    /// Reads a word outside braces, if one starts here.
    pub fn word(&mut self) -> Option<Spanned<&'a str>> {
        let start = self.pos();
        let (rest, text) = word(self.rest).ok()?;
        self.rest = rest;
        Some(Spanned {
            token: text,
            span: Span::new(start, self.pos()),
        })
    }

    /// Skips trivia and reads the next token inside braces, failing as Prometheus' lexer fails.
    pub fn brace_token(&mut self) -> Result<Spanned<BraceToken<'a>>, ParseError> {
        self.skip_trivia();
        let start = self.pos();
        let token = match self.peek_byte() {
            None => return Err(self.error(ErrorKind::EndOfInputInsideBraces, Span::empty(start))),
            Some(b',') => {
                self.bump(1);
                BraceToken::Comma
            }
            Some(b'}') => {
                self.bump(1);
                BraceToken::Close
            }
            Some(b'"' | b'\'' | b'`') => match string_literal(self.rest) {
                Ok(literal) => {
                    self.bump(literal.len);
                    BraceToken::String(literal.value)
                }
                Err(kind) => return Err(self.error(kind, Span::new(start, start + 1))),
            },
            Some(_) => {
                if let Ok((rest, name)) = label_name(self.rest) {
                    self.rest = rest;
                    BraceToken::Name(name)
                } else if let Ok((rest, op)) = match_op(self.rest) {
                    self.rest = rest;
                    BraceToken::Op(op)
                } else {
                    return Err(self.bad_character(start));
                }
            }
        };
        Ok(Spanned {
            token,
            span: Span::new(start, self.pos()),
        })
    }

    /// The lexer error for a character that starts no token inside braces.
    fn bad_character(&self, start: usize) -> ParseError {
        let mut chars = self.rest.chars();
        let c = chars.next().unwrap_or(char::REPLACEMENT_CHARACTER);
        let kind = match c {
            '!' => ErrorKind::CharacterAfterBangInsideBraces(chars.next()),
            '{' => ErrorKind::LeftBraceInsideBraces,
            c => ErrorKind::CharacterInsideBraces(c),
        };
        self.error(kind, Span::new(start, start + c.len_utf8()))
    }

    pub fn error(&self, kind: ErrorKind, span: Span) -> ParseError {
        ParseError::new(kind, span, self.input)
    }

    /// `unexpected <token>` for a token inside braces, in label-matching context.
    pub fn unexpected(
        &self,
        token: &Spanned<BraceToken<'a>>,
        expected: crate::error::Expected,
    ) -> ParseError {
        let text = &self.input[token.span.start..token.span.end];
        let kind = match token.token {
            BraceToken::Name(_) => TokenKind::Identifier,
            BraceToken::String(_) => TokenKind::String,
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
        assert_eq!(
            word("process_cpu:cpu:x{").unwrap(),
            ("{", "process_cpu:cpu:x")
        );
        assert_eq!(word(":a").unwrap(), ("", ":a"));
        assert!(word("1a").is_err());
        assert_eq!(label_name("a1_b:c").unwrap(), (":c", "a1_b"));
        assert!(label_name(":a").is_err());
    }

    #[test]
    fn operators_take_the_longest_match() {
        assert_eq!(match_op("=~\"a\"").unwrap(), ("\"a\"", MatchOp::Regex));
        assert_eq!(match_op("==").unwrap(), ("=", MatchOp::Equal));
        assert_eq!(match_op("!~").unwrap(), ("", MatchOp::NotRegex));
        assert_eq!(match_op("!=").unwrap(), ("", MatchOp::NotEqual));
        assert!(match_op("!x").is_err());
    }
}
