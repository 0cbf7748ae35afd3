//! The rendering of a [`ParseError`] for people: the message, the query line with a `^` under the
//! span, and a hint where pyroql can say more than Prometheus does.
//!
//! The drawing is bounded and honest whatever the query holds:
//!
//! - the caret stands under the span by display width, as a terminal lays the line out: a CJK
//!   character takes two columns, a combining mark none;
//! - a long line is shortened around the span to about [`LINE_WIDTH`] columns, with `...` where
//!   text was left out, so that a 16 MiB query draws a line of a hundred columns;
//! - characters that Go's `strconv.IsPrint` does not call printable (control characters, NUL,
//!   the BOM, tabs, other invisible or spacing characters) are written as Go escapes them
//!   (`\x00`, `\t`, `\ufeff`), and underlined as wide as their escape;
//! - the hint is shortened and escaped in the same way.
//!
//! The first line is the error's `Display`, whole, unless [`Report::bounded`] asks for it to be
//! escaped and shortened as well (to at most [`MESSAGE_LIMIT`] bytes, plus the note saying how
//! much was left out).

use std::borrow::Cow;
use std::fmt::{self, Write};

use crate::ast::Span;
use crate::error::ParseError;
use crate::names::{floor_char_boundary, Repaired};

mod hint;
mod line;

use line::{shorten, write_bounded, Shortened, Style, Window};

/// About how many columns of the query line a report draws: the line is shortened around the
/// span beyond that.
///
/// ```
/// let query = format!("{{a=\"{}\" b}}", "x".repeat(10_000));
/// let report = pyroql::parse(&query).unwrap_err().report(&query).to_string();
/// let drawn = report.lines().nth(2).unwrap();
/// assert!(drawn.starts_with("1 | ...") && drawn.chars().count() < pyroql::report::LINE_WIDTH + 20, "{drawn}");
/// ```
pub const LINE_WIDTH: usize = 100;

/// The longest message or hint, in bytes, that a bounded report writes whole; a longer one keeps
/// its start and its end.
///
/// ```
/// use pyroql::report::{bounded, MESSAGE_LIMIT};
/// let text = "x".repeat(MESSAGE_LIMIT);
/// assert_eq!(bounded(&text), text);
/// assert_ne!(bounded(&format!("{text}y")), format!("{text}y"));
/// ```
pub const MESSAGE_LIMIT: usize = 1024;

/// A [`ParseError`] drawn against its query; made by [`ParseError::report`].
///
/// ```
/// let input = r#"{service.name="api"}"#;
/// let err = pyroql::parse(input).unwrap_err();
/// assert_eq!(
///     err.report(input).to_string(),
///     "1:9: parse error: unexpected character inside braces: '.'\n  \
///      |\n\
///      1 | {service.name=\"api\"}\n  \
///      |         ^\n  \
///      = hint: a label name with '.' in it must be quoted, as in {\"service.name\"=\"api\"}"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Report<'e> {
    error: &'e ParseError,
    /// The query as text; for a query of bytes that are not UTF-8, with each such byte shown as
    /// U+FFFD, as Prometheus' lexer reads it.
    input: Cow<'e, str>,
    /// The error's span in `input`.
    span: Span,
    /// The number of the query's first line.
    first_line: usize,
    /// Whether the message line is bounded too.
    bounded: bool,
    style: Style,
}

impl ParseError {
    /// A rendering for people: the message, the query line with `^` under the span, and a hint
    /// where there is a better one than Prometheus gives. `input` is the query that failed.
    ///
    /// ```
    /// let input = "{a=b}";
    /// let err = pyroql::parse(input).unwrap_err();
    /// assert_eq!(
    ///     err.report(input).to_string(),
    ///     "1:4: parse error: unexpected identifier \"b\" in label matching, expected string\n  |\n1 | {a=b}\n  |    ^\n  = hint: label values are quoted strings, as in \"b\""
    /// );
    /// ```
    pub fn report<'e>(&'e self, input: &'e str) -> Report<'e> {
        Report::new(self, input)
    }

    /// [`ParseError::report`] for a query given as bytes ([`crate::parse_bytes`]): bytes that
    /// are not UTF-8 are drawn as U+FFFD, as Prometheus' lexer reads them.
    ///
    /// ```
    /// let input = b"{a=\"\xff\"}";
    /// let err = pyroql::parse_bytes(input).unwrap_err();
    /// assert!(err.report_bytes(input).to_string().contains("1 | {a=\"\u{fffd}\"}"));
    /// ```
    pub fn report_bytes<'e>(&'e self, input: &'e [u8]) -> Report<'e> {
        Report::for_bytes(self, input)
    }
}

impl<'e> Report<'e> {
    fn new(error: &'e ParseError, input: &'e str) -> Self {
        Report {
            error,
            input: Cow::Borrowed(input),
            span: error.span(),
            first_line: 1,
            bounded: false,
            style: Style { color: false },
        }
    }

    /// The report for a query given as bytes ([`crate::parse_bytes`]).
    fn for_bytes(error: &'e ParseError, input: &'e [u8]) -> Self {
        if let Ok(text) = std::str::from_utf8(input) {
            return Report::new(error, text);
        }
        let repaired = Repaired::new(input);
        let span = Span::new(
            repaired.offset_in_text(error.span().start),
            repaired.offset_in_text(error.span().end),
        );
        Report {
            input: Cow::Owned(repaired.into_text()),
            span,
            ..Report::new(error, "")
        }
    }

    /// Numbers the query's lines from `line` rather than 1: the query's place in a file.
    ///
    /// ```
    /// let err = pyroql::parse("{a=b}").unwrap_err();
    /// let text = err.report("{a=b}").first_line(12).to_string();
    /// assert!(text.contains("\n12 | {a=b}\n   |    ^\n"), "{text}");
    /// ```
    pub fn first_line(mut self, line: usize) -> Self {
        self.first_line = line;
        self
    }

    /// Colours the drawing for a terminal with ANSI escapes: the gutter, the carets, escaped
    /// characters and the hint's label. The message line stays plain.
    ///
    /// ```
    /// let err = pyroql::parse("{a=b}").unwrap_err();
    /// let plain = err.report("{a=b}").to_string();
    /// let colored = err.report("{a=b}").color(true).to_string();
    /// assert!(colored.contains('\u{1b}') && !plain.contains('\u{1b}'));
    /// assert_eq!(colored.lines().next(), plain.lines().next());
    /// ```
    pub fn color(mut self, on: bool) -> Self {
        self.style = Style { color: on };
        self
    }

    /// Bounds the message line as well: characters that are not printable escaped, and the middle
    /// of a message over [`MESSAGE_LIMIT`] bytes left out. Messages of Prometheus are short and
    /// printable, so this changes only those that quote a huge token or a raw control character.
    ///
    /// ```
    /// let query = format!("{{a={}}}", "b".repeat(1 << 20));
    /// let err = pyroql::parse(&query).unwrap_err();
    /// assert!(err.to_string().len() > 1 << 20);
    /// assert!(err.report(&query).bounded().to_string().len() < 2048);
    /// ```
    pub fn bounded(mut self) -> Self {
        self.bounded = true;
        self
    }

    /// A suggestion for fixing the query, when pyroql has one.
    ///
    /// ```
    /// let input = r#"{service.name="api"}"#;
    /// let err = pyroql::parse(input).unwrap_err();
    /// assert_eq!(
    ///     err.report(input).hint().as_deref(),
    ///     Some(r#"a label name with '.' in it must be quoted, as in {"service.name"="api"}"#)
    /// );
    /// assert_eq!(pyroql::parse("{").unwrap_err().report("{").hint(), None);
    /// ```
    pub fn hint(&self) -> Option<String> {
        hint::hint(self.error, &self.input, self.span)
    }
}

impl fmt::Display for Report<'_> {
    /// The error line Pyroscope would give, then the query line with carets, then the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bounded {
            write_bounded(f, &self.error.to_string(), Style { color: false })?;
            f.write_char('\n')?;
        } else {
            writeln!(f, "{}", self.error)?;
        }
        let input: &str = &self.input;
        // The span may come from another query than `input`: keep every slice in bounds.
        let start = floor_char_boundary(input, self.span.start);
        let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = input[start..].find('\n').map_or(input.len(), |i| start + i);
        let end = floor_char_boundary(input, self.span.end.clamp(start, line_end));
        let number = self.first_line + input[..start].matches('\n').count();
        let window = Window::around(input, line_start..line_end, start, end);

        let gutter = " ".repeat(number.to_string().len());
        let style = self.style;
        style.gutter(f, format_args!("{gutter} |"))?;
        f.write_char('\n')?;
        style.gutter(f, format_args!("{number} |"))?;
        f.write_char(' ')?;
        window.write_line(f, style)?;
        f.write_char('\n')?;
        style.gutter(f, format_args!("{gutter} |"))?;
        write!(f, " {:pad$}", "", pad = window.caret_column())?;
        let carets = "^".repeat(window.caret_width());
        style.caret(f, &carets)?;
        if let Some(hint) = self.hint() {
            f.write_char('\n')?;
            style.gutter(f, format_args!("{gutter} ="))?;
            f.write_char(' ')?;
            style.label(f, "hint:")?;
            f.write_char(' ')?;
            write_bounded(f, &hint, style)?;
        }
        Ok(())
    }
}
/// `text` bounded to about [`MESSAGE_LIMIT`] bytes: over that, its middle is replaced by
/// `...(N bytes left out)...`. For front ends that write messages in their own format (JSON).
///
/// ```
/// assert_eq!(pyroql::report::bounded("short"), "short");
/// let long = "x".repeat(100_000);
/// let text = pyroql::report::bounded(&long);
/// assert!(text.len() < 1100 && text.contains("...(99232 bytes left out)..."), "{text}");
/// ```
pub fn bounded(text: &str) -> Cow<'_, str> {
    match shorten(text) {
        Shortened::Whole(text) => Cow::Borrowed(text),
        Shortened::Cut {
            head,
            left_out,
            tail,
        } => Cow::Owned(format!("{head}...({left_out} bytes left out)...{tail}")),
    }
}

/// `text` on one bounded line, as a bounded report writes its message: characters that are not
/// printable escaped as Go escapes them, and the middle of a text over [`MESSAGE_LIMIT`] bytes
/// left out.
///
/// ```
/// assert_eq!(pyroql::report::one_line("a\u{1b}[2J\nb").to_string(), r"a\x1b[2J\nb");
/// ```
pub fn one_line(text: &str) -> OneLine<'_> {
    OneLine(text)
}

/// `text` displayed on one bounded line; made by [`one_line`].
#[derive(Debug, Clone, Copy)]
pub struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bounded(f, self.0, Style { color: false })
    }
}

#[cfg(test)]
mod tests {
    fn report(input: &str) -> String {
        crate::parse(input).unwrap_err().report(input).to_string()
    }

    /// The drawing alone: the report's lines after the message.
    fn drawing(input: &str) -> String {
        let text = report(input);
        text.split_once('\n')
            .map(|(_, rest)| rest.to_owned())
            .unwrap()
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
        assert!(report(r#"inf{a="b"}"#).contains(r#"write {__name__="inf"}"#));
        assert!(!report("/{}").contains("hint"));
        assert!(report(r#"{a=~"\."}"#).contains(r#"a regex \. is "\\.""#));
    }

    #[test]
    fn places_the_caret_by_display_width() {
        // Each CJK character takes two columns, the combining acute accent none: 27 columns
        // stand before the '.'.
        let input = "{\"サービス\"=\"決\u{301}済\", service.name=\"y\"}";
        assert_eq!(
            drawing(input),
            format!(
                "  |\n1 | {input}\n  | {}^\n  \
                 = hint: a label name with '.' in it must be quoted, as in {{\"service.name\"=\"y\"}}",
                " ".repeat(27)
            )
        );
    }

    #[test]
    fn escapes_what_a_terminal_would_not_show() {
        assert_eq!(
            drawing("{a=\"\t\"\u{0}}"),
            "  |\n1 | {a=\"\\t\"\\x00}\n  |        ^^^^"
        );
        assert_eq!(drawing("\u{feff}{}"), "  |\n1 | \\ufeff{}\n  | ^^^^^^");
        // The escape is as wide as it is written.
        assert_eq!(
            drawing("{a=\"\u{1b}[31m\", b}"),
            "  |\n1 | {a=\"\\x1b[31m\", b}\n  |                 ^"
        );
    }

    #[test]
    fn shortens_a_long_line_around_the_span() {
        let input = format!(
            "{{{}b.c=\"d\", {}}}",
            "a=\"x\", ".repeat(1000),
            "e=\"f\", ".repeat(1000)
        );
        let text = drawing(&input);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        // 37 columns before the span, then the rest of the 100 less the two ellipses.
        let before = "a=\"x\", ".repeat(1000);
        let after = format!("b.c=\"d\", {}", "e=\"f\", ".repeat(1000));
        assert_eq!(
            lines[1],
            format!("1 | ...{}{}...", &before[before.len() - 36..], &after[..58])
        );
        assert_eq!(lines[2], format!("  | {}^", " ".repeat(40)));
        assert_eq!(
            lines[3],
            "  = hint: a label name with '.' in it must be quoted, as in {\"b.c\"=\"d\""
        );
    }

    #[test]
    fn a_huge_query_draws_a_bounded_report() {
        // 4 MiB of characters that take no column, then an 8 MiB identifier the message quotes.
        let marks = "\u{301}".repeat(2 << 20);
        let input = format!("{{a=\"{marks}\" {}}}", "b".repeat(8 << 20));
        let err = crate::parse(&input).unwrap_err();
        assert_eq!(err.span().start, 4 + marks.len() + 2);
        let text = err.report(&input).bounded().to_string();
        assert!(text.len() < 4 * 1024, "{} bytes", text.len());
        let message = err.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!(
                "{}...({} bytes left out)...{}",
                &message[..512],
                message.len() - 512 - 256,
                &message[message.len() - 256..]
            )
        );
        // What stands before the span takes no column: the context is bounded by bytes.
        assert_eq!(
            lines[2],
            format!("1 | ...{}\" {}...", &marks[..398], "b".repeat(92))
        );
        assert_eq!(lines[3], format!("  |      {}", "^".repeat(92)));
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn numbers_lines_from_the_first_given() {
        let err = crate::parse("{a=\"b\",\n c=d}").unwrap_err();
        let text = err.report("{a=\"b\",\n c=d}").first_line(99).to_string();
        assert!(text.ends_with("\n    |\n100 |  c=d}\n    |    ^\n    = hint: label values are quoted strings, as in \"d\""), "{text}");
    }

    #[test]
    fn colours_on_request() {
        let err = crate::parse("{a=b}").unwrap_err();
        assert_eq!(
            err.report("{a=b}").color(true).to_string(),
            "1:4: parse error: unexpected identifier \"b\" in label matching, expected string\n\
             \x1b[1;34m  |\x1b[0m\n\x1b[1;34m1 |\x1b[0m {a=b}\n\x1b[1;34m  |\x1b[0m    \x1b[1;31m^\x1b[0m\n\
             \x1b[1;34m  =\x1b[0m \x1b[1mhint:\x1b[0m label values are quoted strings, as in \"b\""
        );
    }
}
