//! The rendering of a [`ParseError`] for people: the message, the query line with a `^` under the
//! span, and a hint where pyroql can say more than Prometheus does.

use std::borrow::Cow;
use std::fmt;

use crate::ast::Span;
use crate::error::{ErrorKind, Expected, ParseError, TokenKind};
use crate::parse::floor_char_boundary;

/// A [`ParseError`] drawn against its query; made by [`ParseError::report`].
///
/// ```
/// let input = r#"{service.name="api"}"#;
/// let err = pyroql::parse(input).unwrap_err();
/// let text = err.report(input).to_string();
/// assert!(text.contains("{service.name=\"api\"}\n"));
/// assert!(text.contains("        ^"));
/// assert!(text.contains(r#"{"service.name"="api"}"#));
/// ```
#[derive(Debug, Clone)]
pub struct Report<'e> {
    error: &'e ParseError,
    /// The query as text; for a query of bytes that are not UTF-8, with each such byte shown as
    /// U+FFFD, as Prometheus' lexer reads it.
    input: Cow<'e, str>,
    /// The error's span in `input`.
    span: Span,
}

impl<'e> Report<'e> {
    pub(crate) fn new(error: &'e ParseError, input: &'e str) -> Self {
        Report {
            error,
            input: Cow::Borrowed(input),
            span: error.span(),
        }
    }

    /// The report for a query given as bytes ([`crate::parse_bytes`]).
    pub(crate) fn for_bytes(error: &'e ParseError, input: &'e [u8]) -> Self {
        if let Ok(text) = std::str::from_utf8(input) {
            return Report::new(error, text);
        }
        let repaired = crate::parse::Repaired::new(input);
        let span = repaired.span_in_text(error.span());
        Report {
            error,
            input: Cow::Owned(repaired.into_text()),
            span,
        }
    }

    /// A suggestion for fixing the query, when pyroql has one.
    pub fn hint(&self) -> Option<String> {
        hint(self.error, &self.input, self.span)
    }
}

impl fmt::Display for Report<'_> {
    /// The error line Pyroscope would give, then the query line with carets, then the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.error)?;
        let input: &str = &self.input;
        // The span may come from another query than `input`: keep every slice in bounds.
        let span = self.span;
        let start = floor_char_boundary(input, span.start);
        let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = input[start..].find('\n').map_or(input.len(), |i| start + i);
        let line = &input[line_start..line_end];
        let number = input[..start].matches('\n').count() + 1;
        let gutter = " ".repeat(number.to_string().len());
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{number} | {line}")?;
        // Keep tabs so that the caret lines up under the query as a terminal shows it.
        let pad: String = input[line_start..start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let underlined_end = floor_char_boundary(input, span.end.clamp(start, line_end));
        let width = input[start..underlined_end].chars().count().max(1);
        write!(f, "{gutter} | {pad}{}", "^".repeat(width))?;
        if let Some(hint) = self.hint() {
            write!(f, "\n{gutter} = hint: {hint}")?;
        }
        Ok(())
    }
}

fn hint(error: &ParseError, input: &str, span: Span) -> Option<String> {
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
            (TokenKind::Keyword | TokenKind::Operator | TokenKind::Number, None)
                if span.start == crate::parse::trivia_len(input) =>
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
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = input.as_bytes();
    let start = bytes[..at]
        .iter()
        .rposition(|&b| !is_name(b))
        .map_or(0, |i| i + 1);
    if start == at {
        return None;
    }
    let end = bytes[at..]
        .iter()
        .position(|&b| !(is_name(b) || matches!(b, b'.' | b'-' | b':' | b'/')))
        .map_or(bytes.len(), |i| at + i);
    Some(input[start..end].to_owned())
}

/// What follows the dotted name, up to the end of its matcher, for the example in the hint.
fn after_name(rest: &str) -> &str {
    let is_name =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b':' | b'/');
    let skip = rest.bytes().position(|b| !is_name(b)).unwrap_or(rest.len());
    let tail = &rest[skip..];
    let end = tail.find(['}', ',']).map_or(tail.len(), |i| i + 1);
    let matcher = &tail[..end];
    // Keep the example to one matcher.
    matcher.strip_suffix(',').unwrap_or(matcher)
}

#[cfg(test)]
mod tests {
    fn report(input: &str) -> String {
        crate::parse(input).unwrap_err().report(input).to_string()
    }

    #[test]
    fn draws_a_caret_under_the_span() {
        assert_eq!(
            report(r#"{a="b" lol}"#),
            "1:8: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"\n  \
             |\n1 | {a=\"b\" lol}\n  |        ^^^"
        );
    }

    #[test]
    fn points_into_the_right_line() {
        let text = report("{a=\"b\",\n c=d}");
        assert!(text.contains("2 |  c=d}\n  |    ^"), "{text}");
        assert!(text.starts_with("2:4: parse error: "), "{text}");
    }

    #[test]
    fn suggests_quoting_a_dotted_name() {
        let text = report(r#"{service.name="api", env="prod"}"#);
        assert!(
            text.ends_with(
                r#"hint: a label name with '.' in it must be quoted, as in {"service.name"="api""#
            ),
            "{text}"
        );
    }

    #[test]
    fn a_report_against_another_query_does_not_panic() {
        let err = crate::parse("{ab.c=\"é\"").unwrap_err();
        for other in ["", "é", "{", "ééééé"] {
            let text = err.report(other).to_string();
            assert!(text.starts_with(&err.to_string()), "{text}");
        }
        let long = crate::Parser::new().max_len(3).parse("éé").unwrap_err();
        assert_eq!(long.span(), crate::Span::empty(2));
        assert!(long.report("éé").to_string().contains("1 | éé"));
    }

    #[test]
    fn hints_for_common_mistakes() {
        assert!(report("").contains("{} selects every profile"));
        assert!(report("{a=b}").contains(r#"label values are quoted strings, as in "b""#));
        assert!(report(r#"{a=="b"}"#).contains("single '='"));
        assert!(report(r#"bool{a="b"}"#).contains(r#"write {__name__="bool"}"#));
        assert!(report(r#"{a=~"\."}"#).contains(r#"a regex \. is "\\.""#));
    }
}
