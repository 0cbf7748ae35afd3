//! Backslash escapes: assertions, `\Q…\E`, Perl and Unicode classes, and single characters
//! (Go's `parseEscape`, `parsePerlClassEscape`, `parseUnicodeClass`).

use nom::branch::alt;
use nom::bytes::complete::{take_until, take_while_m_n};
use nom::character::complete::anychar;
use nom::combinator::{map, opt, rest};
use nom::sequence::preceded;
use nom::Parser;

use super::{byte, byte_if, lit, Grammar, PResult, Token};
use crate::regexp::ast::{Assertion, PerlClass, PerlKind, UnicodeClass};
use crate::regexp::error::ErrorKind;
use crate::regexp::unicode;

/// The largest code point.
const MAX_RUNE: u32 = 0x10_FFFF;

fn hex_value(c: char) -> Option<u32> {
    c.to_digit(16)
}

impl<'p> Grammar<'p> {
    /// An escape outside a class (`input` starts with `\`), read by what follows the
    /// backslash.
    pub(super) fn escape(&self, input: &'p str) -> PResult<'p, Token<'p>> {
        let assertion = |a| Ok((&input[2..], Token::Assertion(a)));
        match input.as_bytes().get(1) {
            Some(b'A') => assertion(Assertion::TextStart),
            Some(b'b') => assertion(Assertion::WordBoundary),
            Some(b'B') => assertion(Assertion::NotWordBoundary),
            Some(b'z') => assertion(Assertion::TextEnd),
            // Any byte: RE2 does not support it.
            Some(b'C') => self.fail(ErrorKind::InvalidEscape, input, &input[2..]),
            Some(b'Q') => map(quote, Token::Quote).parse(input),
            Some(b'p' | b'P') => match self.unicode_class(input)? {
                Some((after, class)) => Ok((after, Token::Unicode(class))),
                None => super::backtrack(),
            },
            Some(b'd' | b'D' | b's' | b'S' | b'w' | b'W') => {
                map(perl_class, Token::Perl).parse(input)
            }
            _ => map(|i| self.escaped_char(i), Token::Literal).parse(input),
        }
    }

    /// `\pN`, `\p{Name}`, `\PN`, `\P{^Name}` at the start of `input`; `None` when `input` does
    /// not start with `\p` or `\P`. Once it does, the name must be one Go knows.
    pub(super) fn unicode_class(
        &self,
        input: &'p str,
    ) -> Result<Option<(&'p str, UnicodeClass)>, nom::Err<super::Fail>> {
        let Ok((after_p, p)) =
            preceded(byte(b'\\'), byte_if(|c| c == b'p' || c == b'P')).parse(input)
        else {
            return Ok(None);
        };
        let braced = preceded(byte(b'{'), take_until::<_, _, super::Fail>("}")).parse(after_p);
        let (after, name) = match braced {
            Ok((close, name)) => (&close[1..], name),
            Err(_) if after_p.starts_with('{') => {
                // No closing brace: Go quotes the rest of the pattern.
                return Err(self.error(ErrorKind::InvalidCharRange, input, ""));
            }
            Err(_) => {
                // One character, or none at the end of the pattern.
                let len = after_p.chars().next().map_or(0, char::len_utf8);
                (&after_p[len..], &after_p[..len])
            }
        };
        let (bare, caret) = match name.strip_prefix('^') {
            Some(bare) => (bare, true),
            None => (name, false),
        };
        match unicode::lookup(bare) {
            Some(named) => Ok(Some((
                after,
                UnicodeClass {
                    name: named.name,
                    negated: (p == b'P') != caret,
                },
            ))),
            None => Err(self.error(ErrorKind::InvalidCharRange, input, after)),
        }
    }

    /// A character escape (Go's `parseEscape`): `input` starts with `\`.
    pub(super) fn escaped_char(&self, input: &'p str) -> PResult<'p, u32> {
        let after = &input[1..];
        let Ok((t, c)) = anychar::<_, super::Fail>(after) else {
            // Go quotes nothing here.
            return self.fail(ErrorKind::TrailingBackslash, input, input);
        };
        let invalid = |to: &'p str| self.fail::<u32>(ErrorKind::InvalidEscape, input, to);
        match c {
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((t, u32::from(c))),
            '0'..='7' => {
                // `\1`-`\7` alone would be backreferences, which RE2 lacks.
                let more = if c == '0' { 0 } else { 1 };
                let (t2, digits) = take_while_m_n(more, 2, |d: char| ('0'..='7').contains(&d))
                    .parse(t)
                    .map_err(|_: nom::Err<super::Fail>| {
                        self.error(ErrorKind::InvalidEscape, input, t)
                    })?;
                let value = digits.bytes().fold(c as u32 - u32::from(b'0'), |v, d| {
                    v * 8 + u32::from(d - b'0')
                });
                Ok((t2, value))
            }
            'x' => self.hex_escape(input, t),
            'a' => Ok((t, 0x07)),
            'f' => Ok((t, 0x0C)),
            'n' => Ok((t, 0x0A)),
            'r' => Ok((t, 0x0D)),
            't' => Ok((t, 0x09)),
            'v' => Ok((t, 0x0B)),
            _ => invalid(t),
        }
    }

    /// After `\x`: two hex digits, or any number of them in braces, at most U+10FFFF. An error
    /// quotes the escape up to the character that broke it.
    fn hex_escape(&self, input: &'p str, t: &'p str) -> PResult<'p, u32> {
        let invalid = |to: &'p str| self.fail::<u32>(ErrorKind::InvalidEscape, input, to);
        let Ok((mut t, c)) = anychar::<_, super::Fail>(t) else {
            return invalid(t);
        };
        if c != '{' {
            let x = hex_value(c);
            // Go reads the second character even when the first is no digit.
            let (t2, y) = opt(anychar).parse(t)?;
            return match (x, y.and_then(hex_value)) {
                (Some(x), Some(y)) => Ok((t2, x * 16 + y)),
                _ => invalid(t2),
            };
        }
        let mut value = 0u32;
        let mut digits = 0;
        loop {
            let Ok((next, c)) = anychar::<_, super::Fail>(t) else {
                return invalid(t);
            };
            t = next;
            if c == '}' {
                break;
            }
            let Some(v) = hex_value(c) else {
                return invalid(t);
            };
            value = value * 16 + v;
            if value > MAX_RUNE {
                return invalid(t);
            }
            digits += 1;
        }
        if digits == 0 {
            return invalid(t);
        }
        Ok((t, value))
    }
}

/// `\Q…\E`, or `\Q…` to the end of the pattern: the text between.
fn quote(input: &str) -> PResult<'_, &str> {
    let (after, _) = lit("\\Q")(input)?;
    alt((map((take_until("\\E"), lit("\\E")), |(text, _)| text), rest)).parse(after)
}

/// `\d`, `\D`, `\s`, `\S`, `\w`, `\W`.
pub(super) fn perl_class(input: &str) -> PResult<'_, PerlClass> {
    let letter = byte_if(|c| matches!(c, b'd' | b'D' | b's' | b'S' | b'w' | b'W'));
    map(preceded(byte(b'\\'), letter), |c| PerlClass {
        kind: match c.to_ascii_lowercase() {
            b'd' => PerlKind::Digit,
            b's' => PerlKind::Space,
            _ => PerlKind::Word,
        },
        negated: c.is_ascii_uppercase(),
    })
    .parse(input)
}
