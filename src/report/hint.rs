//! Hints: what pyroql can say about a mistake beyond Prometheus' message.

use crate::ast::Span;
use crate::error::{ErrorKind, Expected, ParseError, TokenKind};
use crate::names;

pub(super) fn hint(error: &ParseError, input: &str, span: Span) -> Option<String> {
    if span.end > input.len() || !input.is_char_boundary(span.start) {
        return None;
    }
    match error.kind() {
        ErrorKind::CharacterInsideBraces(c) if matches!(c, '.' | '-' | ':' | '/') => {
            let name = dotted_name(input, span.start)?;
            let rest = &input[span.start..];
            let example = format!("{{{}{}", crate::quote::go_quote(&name), after_name(rest));
            Some(format!(
                "a label name with '{c}' in it must be quoted, as in {example}"
            ))
        }
        ErrorKind::CharacterInsideBraces(c) if c.is_ascii_digit() => Some(
            "a bare label name starts with a letter or '_'; quote any other name, as in {\"1st\"=\"x\"}"
                .to_owned(),
        ),
        ErrorKind::UnknownEscape(c) => Some(format!(
            "in \"…\" and '…' strings a backslash starts an escape; write \\\\{c} for a backslash \
             and '{c}' (a regex \\{c} is \"\\\\{c}\"), or use a raw `…` string"
        )),
        ErrorKind::EscapedInvalidUtf8 => Some(
            "write the character itself or a \\u escape: \\xNN and \\NNN stand for single bytes"
                .to_owned(),
        ),
        ErrorKind::Unexpected { found, expected } => match (found.kind, expected) {
            (TokenKind::EndOfInput, None) if input.trim().is_empty() => {
                Some("an empty query is not valid; {} selects every profile".to_owned())
            }
            (TokenKind::Identifier, Some(Expected::String)) => Some(format!(
                "label values are quoted strings, as in {}",
                crate::quote::go_quote(&found.text)
            )),
            (TokenKind::Symbol, Some(Expected::String)) if found.text == "=" => {
                Some("the equality operator is a single '='".to_owned())
            }
            // Words that PromQL reads as keywords, operators (`and`) or numbers (`inf`).
            (TokenKind::Keyword | TokenKind::Operator | TokenKind::Number, None)
                if span.start == names::trivia_len(input)
                    && found.text.bytes().all(|b| b.is_ascii_alphabetic()) =>
            {
                Some(format!(
                    "'{}' is a PromQL keyword and cannot stand before the braces; write {{__name__=\"{}\"}}",
                    found.text, found.text
                ))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The dotted label name around `at` (`service.name` in `{service.name="x"}`), if one stands there.
fn dotted_name(input: &str, at: usize) -> Option<String> {
    let bytes = input.as_bytes();
    let start = bytes[..at]
        .iter()
        .rposition(|&b| !names::is_label_char(b))
        .map_or(0, |i| i + 1);
    if start == at {
        return None;
    }
    let end = bytes[at..]
        .iter()
        .position(|&b| !is_dotted_name_char(b))
        .map_or(bytes.len(), |i| at + i);
    Some(input[start..end].to_owned())
}

/// What follows the dotted name, up to the end of its matcher, for the example in the hint.
fn after_name(rest: &str) -> &str {
    let skip = rest
        .bytes()
        .position(|b| !is_dotted_name_char(b))
        .unwrap_or(rest.len());
    let tail = &rest[skip..];
    let end = tail.find(['}', ',']).map_or(tail.len(), |i| i + 1);
    let matcher = &tail[..end];
    // Keep the example to one matcher.
    matcher.strip_suffix(',').unwrap_or(matcher)
}

/// A byte of a dotted label name as people write one: a label-name byte, or `.`, `-`, `:`, `/`.
fn is_dotted_name_char(b: u8) -> bool {
    names::is_label_char(b) || matches!(b, b'.' | b'-' | b':' | b'/')
}
