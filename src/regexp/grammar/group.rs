//! What follows `(`: a capturing group, or after `(?` a named group, a non-capturing group or a
//! change of flags (Go's `parsePerlFlags`).

use nom::branch::alt;
use nom::bytes::complete::take_until;
use nom::character::complete::anychar;
use nom::combinator::{map, opt, peek};
use nom::multi::fold_many0;
use nom::sequence::{preceded, terminated};
use nom::Parser;

use super::{byte, byte_if, lit, Fail, Grammar, Open, PResult, Token};
use crate::regexp::ast::{FlagSet, Flags};
use crate::regexp::error::ErrorKind;

impl<'p> Grammar<'p> {
    /// A group opener or a flag change (`input` starts with `(`).
    pub(super) fn group(&self, input: &'p str) -> PResult<'p, Token<'p>> {
        if !input.starts_with("(?") {
            return Ok((&input[1..], Token::Open(Open::Capture)));
        }
        if matches!(input.as_bytes().get(2), Some(b'P' | b'<')) {
            if let Some(named) = self.named_group(input)? {
                return Ok(named);
            }
        }
        self.flag_group(input)
    }

    /// `(?P<name>` or `(?<name>`; `None` unless `input` starts so, with something after the
    /// `<`. The name runs to the first `>`, and must be ASCII letters, digits or `_`.
    fn named_group(&self, input: &'p str) -> Result<Option<(&'p str, Token<'p>)>, nom::Err<Fail>> {
        let mut opener = terminated(alt((lit("(?P<"), lit("(?<"))), peek(anychar::<_, Fail>));
        let Ok((name_start, _)) = opener.parse(input) else {
            return Ok(None);
        };
        let Ok((close, name)) = take_until::<_, _, Fail>(">").parse(name_start) else {
            return Err(self.error(ErrorKind::InvalidNamedCapture, input, ""));
        };
        let after = &close[1..];
        let valid = !name.is_empty() && name.bytes().all(crate::names::is_label_char);
        if !valid {
            return Err(self.error(ErrorKind::InvalidNamedCapture, input, after));
        }
        Ok(Some((after, Token::Open(Open::Named(name)))))
    }

    /// `(?flags)`, `(?flags:`, `(?:`, with flags `imsU` and perhaps `-` and more of them. An
    /// error quotes the text up to the first character Go does not take, that one included.
    fn flag_group(&self, input: &'p str) -> PResult<'p, Token<'p>> {
        let flags = || {
            fold_many0(
                map(byte_if(|c| matches!(c, b'i' | b'm' | b's' | b'U')), |c| {
                    FlagSet::from_char(char::from(c)).unwrap_or_default()
                }),
                FlagSet::default,
                FlagSet::union,
            )
        };
        let (t, (enable, disable)) =
            preceded(lit("(?"), (flags(), opt(preceded(byte(b'-'), flags())))).parse(input)?;
        let end = byte_if(|c| c == b':' || c == b')')(t);
        match (end, disable) {
            // `(?-)` and `(?i-:` turn nothing off, which Go refuses.
            (Ok(_), Some(off)) if off.is_empty() => {}
            (Ok((after, c)), _) => {
                let flags = Flags {
                    enable,
                    disable: disable.unwrap_or_default(),
                };
                let token = if c == b':' {
                    Token::Open(Open::NonCapturing(flags))
                } else {
                    Token::Flags(flags)
                };
                return Ok((after, token));
            }
            (Err(_), _) => {}
        }
        let len = t.chars().next().map_or(0, char::len_utf8);
        self.fail(ErrorKind::InvalidPerlOp, input, &t[len..])
    }
}
