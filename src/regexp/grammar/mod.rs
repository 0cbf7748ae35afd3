//! Go's RE2 syntax (`regexp/syntax` with `Perl` flags), one token at a time, as nom parsers.
//!
//! A pattern is a sequence of tokens: characters, escapes, classes, repetition operators,
//! group openers and closers, `|`. What a token means can depend on what came before (a
//! repetition needs something to repeat; `)` needs an open group): that is the reader's
//! business ([`super::read`]), not the grammar's. Each parser fails either softly (this is not
//! the token; try another reading) or with Go's error, whose span is the text Go quotes.

mod class;
mod escape;
mod group;

use std::cell::Cell;

use nom::combinator::{map, opt};
use nom::sequence::{delimited, pair, preceded};
use nom::{IResult, Parser};

use super::ast::{Assertion, ClassItem, Flags, PerlClass, RepeatOp, UnicodeClass};
use super::error::{Error, ErrorKind};
use crate::ast::Span;

/// A parser's failure: not this token, or Go's error (its code, and the span Go quotes).
#[derive(Debug)]
pub(crate) enum Fail {
    /// The input is not what the parser reads; another reading may apply.
    Backtrack,
    /// The pattern is wrong, as Go reports it.
    Go(ErrorKind, Span),
}

impl Fail {
    /// The error, for a pattern that starts `offset` bytes into what was read.
    pub(crate) fn into_error(self, offset: usize) -> Option<Error> {
        match self {
            Fail::Backtrack => None,
            Fail::Go(kind, span) => Some(Error::new(
                kind,
                Span::new(span.start + offset, span.end + offset),
            )),
        }
    }
}

/// A soft failure: not this reading.
pub(crate) fn backtrack<T>() -> Result<T, nom::Err<Fail>> {
    Err(nom::Err::Error(Fail::Backtrack))
}

/// The ASCII character `b`: nom's `char` for the single bytes this grammar is made of.
pub(crate) fn byte<'p>(b: u8) -> impl Fn(&'p str) -> PResult<'p, u8> {
    move |input: &'p str| match input.as_bytes().first() {
        Some(&c) if c == b => Ok((&input[1..], b)),
        _ => backtrack(),
    }
}

/// An ASCII character `accept` takes: nom's `satisfy`, for bytes.
pub(crate) fn byte_if<'p>(accept: impl Fn(u8) -> bool) -> impl Fn(&'p str) -> PResult<'p, u8> {
    move |input: &'p str| match input.as_bytes().first() {
        Some(&c) if c.is_ascii() && accept(c) => Ok((&input[1..], c)),
        _ => backtrack(),
    }
}

/// The literal text `text`: nom's `tag` for the short ASCII tags of this grammar.
pub(crate) fn lit<'p>(text: &'static str) -> impl Fn(&'p str) -> PResult<'p, &'p str> {
    move |input: &'p str| match input.strip_prefix(text) {
        Some(rest) => Ok((rest, &input[..text.len()])),
        None => backtrack(),
    }
}

/// One or more characters with no special meaning outside a class.
#[inline(always)]
fn plain(input: &str) -> PResult<'_, &str> {
    let len = input.bytes().position(is_special).unwrap_or(input.len());
    if len == 0 {
        return backtrack();
    }
    Ok((&input[len..], &input[..len]))
}

impl<'p> nom::error::ParseError<&'p str> for Fail {
    fn from_error_kind(_: &'p str, _: nom::error::ErrorKind) -> Self {
        Fail::Backtrack
    }

    fn append(_: &'p str, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        match self {
            Fail::Go(..) => self,
            Fail::Backtrack => other,
        }
    }
}

pub(crate) type PResult<'p, T> = IResult<&'p str, T, Fail>;

/// One token of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'p> {
    /// Characters with no special meaning, each its own literal.
    Plain(&'p str),
    /// One character given by an escape (or a `{` that starts no repetition).
    Literal(u32),
    /// The text of `\Q…\E` (or `\Q…` to the end), each character a literal.
    Quote(&'p str),
    Dot,
    Assertion(Assertion),
    Perl(PerlClass),
    Unicode(UnicodeClass),
    /// A bracketed class, `[^…]` when `true`; its items went to the parser's item callback.
    Bracket(bool),
    Repeat(RepeatToken),
    Open(Open<'p>),
    /// `(?flags)`.
    Flags(Flags),
    Bar,
    Close,
}

/// A repetition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RepeatToken {
    pub op: RepeatOp,
    /// Followed by `?`.
    pub lazy: bool,
}

/// What opens a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open<'p> {
    /// `(`
    Capture,
    /// `(?P<name>` or `(?<name>`.
    Named(&'p str),
    /// `(?:` or `(?flags:`.
    NonCapturing(Flags),
}

/// The largest count Go takes in `{n,m}`.
pub(crate) const MAX_REPEAT: u32 = 1000;

/// The characters that mean something outside a class: everything else is itself.
#[inline(always)]
pub(crate) fn is_special(b: u8) -> bool {
    static SPECIAL: [bool; 256] = table(b"\\.+*?()|[{^$");
    SPECIAL[usize::from(b)]
}

/// The bytes of `bytes` as a table, for one load a byte.
pub(crate) const fn table(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The grammar of one pattern: it knows the whole pattern, to turn the rest of it into
/// offsets, and remembers where the next `:]` is, so that looking for POSIX class ends stays
/// linear.
pub(crate) struct Grammar<'p> {
    pattern: &'p str,
    /// The last search for `:]`: where it started, and what it found.
    posix_end: Cell<(usize, Option<usize>)>,
}

impl<'p> Grammar<'p> {
    pub(crate) fn new(pattern: &'p str) -> Self {
        Grammar {
            pattern,
            posix_end: Cell::new((usize::MAX, None)),
        }
    }

    /// The offset of `rest`, a suffix of the pattern.
    pub(crate) fn at(&self, rest: &str) -> usize {
        self.pattern.len() - rest.len()
    }

    /// The span from suffix `from` to suffix `to`.
    fn span(&self, from: &str, to: &str) -> Span {
        Span::new(self.at(from), self.at(to))
    }

    /// Go's error `kind`, quoting the text from suffix `from` to suffix `to`.
    fn error(&self, kind: ErrorKind, from: &str, to: &str) -> nom::Err<Fail> {
        nom::Err::Failure(Fail::Go(kind, self.span(from, to)))
    }

    /// [`Grammar::error`] as a parser's result.
    fn fail<T>(&self, kind: ErrorKind, from: &str, to: &str) -> PResult<'p, T> {
        Err(self.error(kind, from, to))
    }

    /// The next token of `input` (not empty). The items of a bracketed class go to `items`
    /// as they are read.
    #[inline(always)]
    pub(crate) fn token<F: FnMut(ClassItem)>(
        &self,
        input: &'p str,
        items: &mut F,
    ) -> PResult<'p, Token<'p>> {
        let Some(&first) = input.as_bytes().first() else {
            return backtrack();
        };
        // One-byte tokens need no parser: the byte is the token.
        let byte = |token| Ok((&input[1..], token));
        match first {
            b'(' => self.group(input),
            b'|' => byte(Token::Bar),
            b')' => byte(Token::Close),
            b'^' => byte(Token::Assertion(Assertion::Caret)),
            b'$' => byte(Token::Assertion(Assertion::Dollar)),
            b'.' => byte(Token::Dot),
            b'[' => self.bracket(input, items),
            b'*' | b'+' | b'?' => self.repeat_operator(input),
            b'{' => self.counted_or_brace(input),
            b'\\' => self.escape(input),
            // Special bytes are ASCII: no byte of a multi-byte character is one.
            _ => plain(input).map(|(rest, text)| (rest, Token::Plain(text))),
        }
    }

    /// `*`, `+` or `?`, then perhaps `?`: single bytes, read as such.
    #[inline(always)]
    fn repeat_operator(&self, input: &'p str) -> PResult<'p, Token<'p>> {
        let op = match input.as_bytes()[0] {
            b'*' => RepeatOp::ZeroOrMore,
            b'+' => RepeatOp::OneOrMore,
            _ => RepeatOp::ZeroOrOne,
        };
        let lazy = input.as_bytes().get(1) == Some(&b'?');
        let rest = &input[1 + usize::from(lazy)..];
        Ok((rest, Token::Repeat(RepeatToken { op, lazy })))
    }

    /// `{n}`, `{n,}` or `{n,m}`, then perhaps `?`; any other `{` is a literal (Go's
    /// `parseRepeat` failing). A count Go cannot take is an error that quotes the braces.
    fn counted_or_brace(&self, input: &'p str) -> PResult<'p, Token<'p>> {
        let Ok((after, (min, max))) = counts(input) else {
            return Ok((&input[1..], Token::Literal(u32::from('{'))));
        };
        let valid_max = match max {
            Count::Unbounded => true,
            Count::Exactly(m) | Count::Bounded(m) => m.is_some_and(|m| m <= MAX_REPEAT),
        };
        let (min, max) = match (min, max) {
            (Some(min), Count::Unbounded) if min <= MAX_REPEAT => (min, None),
            (Some(min), Count::Exactly(Some(m)) | Count::Bounded(Some(m)))
                if valid_max && min <= MAX_REPEAT && min <= m =>
            {
                (min, Some(m))
            }
            _ => return self.fail(ErrorKind::InvalidRepeatSize, input, after),
        };
        let (rest, lazy) = opt(byte(b'?')).parse(after)?;
        Ok((
            rest,
            Token::Repeat(RepeatToken {
                op: RepeatOp::Counted { min, max },
                lazy: lazy.is_some(),
            }),
        ))
    }
}

/// The upper bound of a count.
#[derive(Debug, Clone, Copy)]
enum Count {
    /// `{n}`: the minimum again.
    Exactly(Option<u32>),
    /// `{n,}`.
    Unbounded,
    /// `{n,m}`.
    Bounded(Option<u32>),
}

/// The braces of a repetition count as Go's `parseRepeat` reads them: decimal numbers without
/// leading zeros; `None` for a number too big to read (Go's `-1`).
fn counts(input: &str) -> PResult<'_, (Option<u32>, Count)> {
    let upper = map(
        opt(preceded(byte(b','), opt(number))),
        |bound| match bound {
            None => None,
            Some(None) => Some(Count::Unbounded),
            Some(Some(m)) => Some(Count::Bounded(m)),
        },
    );
    map(
        delimited(byte(b'{'), pair(number, upper), byte(b'}')),
        |(min, upper)| (min, upper.unwrap_or(Count::Exactly(min))),
    )
    .parse(input)
}

/// A decimal number, `0` or without a leading zero (Go's `parseInt`); `None` when it reaches
/// 10⁸, where Go stops reading it as a number.
fn number(input: &str) -> PResult<'_, Option<u32>> {
    let len = input
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(input.len());
    let (digits, rest) = input.split_at(len);
    if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
        return backtrack();
    }
    let mut n: u32 = 0;
    for d in digits.bytes() {
        if n >= 100_000_000 {
            return Ok((rest, None));
        }
        n = n * 10 + u32::from(d - b'0');
    }
    Ok((rest, Some(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(pattern: &str) -> Result<Vec<Token<'_>>, Error> {
        let g = Grammar::new(pattern);
        let mut rest = pattern;
        let mut out = Vec::new();
        while !rest.is_empty() {
            match g.token(rest, &mut |_| {}) {
                Ok((next, token)) => {
                    out.push(token);
                    rest = next;
                }
                Err(nom::Err::Failure(fail)) => return Err(fail.into_error(0).unwrap()),
                Err(_) => panic!("no token at {rest:?}"),
            }
        }
        Ok(out)
    }

    #[test]
    fn counts_follow_go() {
        let counted = |min, max| {
            Token::Repeat(RepeatToken {
                op: RepeatOp::Counted { min, max },
                lazy: false,
            })
        };
        assert_eq!(tokens("{2}").unwrap(), [counted(2, Some(2))]);
        assert_eq!(tokens("{2,}").unwrap(), [counted(2, None)]);
        assert_eq!(tokens("{0,1000}").unwrap(), [counted(0, Some(1000))]);
        let brace = Token::Literal(u32::from('{'));
        assert_eq!(tokens("{,3}").unwrap()[0], brace);
        assert_eq!(tokens("{01}").unwrap()[0], brace);
        assert_eq!(tokens("{1").unwrap()[0], brace);
        for (pattern, expr) in [
            ("{1001}", "{1001}"),
            ("{2,1}", "{2,1}"),
            ("{99999999999}?", "{99999999999}"),
            ("{1,1001}", "{1,1001}"),
        ] {
            let err = tokens(pattern).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidRepeatSize);
            assert_eq!(err.expr(pattern), expr);
        }
    }

    #[test]
    fn plain_text_stops_at_metacharacters() {
        assert_eq!(
            tokens("ab]}é.").unwrap(),
            [Token::Plain("ab]}é"), Token::Dot]
        );
    }
}
