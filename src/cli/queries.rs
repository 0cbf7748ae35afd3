//! `parse`, `fmt` and `check`: each query read with Prometheus' full verdict (regexes checked
//! with Go's rules), and `--strict` adding PromQL's `ParseExpr` checks.

use std::io::{self, Write};

use pyroql::print::{write_selector, Order};
use pyroql::{ParseError, Position, Selector};

use super::args::{CheckArgs, FmtArgs, Format, ParseArgs, Queries};
use super::input::{sources, Line};
use super::output::{Output, Place, Settings};

/// The selector of `query`, or why it is not one.
fn read(query: Line<'_>, strict: bool) -> Result<Selector<'_>, ParseError> {
    let selector = match query.text {
        Some(text) => pyroql::parse(text)?,
        None => pyroql::parse_bytes(query.bytes)?,
    };
    if strict {
        // The strict checks look at the selector only; the text matters for the position.
        if let Some(violation) = selector.strict_violation() {
            return Err(violation.into_parse_error_bytes(query.bytes));
        }
    }
    Ok(selector)
}

/// Runs `handle` on the selector of each query of `input`, with the source's name and the
/// query's line number; a query that is not one is reported as a parse error.
fn each_selector(
    settings: &Settings,
    input: &Queries,
    strict: bool,
    handle: &(impl Fn(&mut Output<'_>, &str, usize, Line<'_>, Selector<'_>) + Sync),
) -> u8 {
    let sources = sources(&input.queries, 1, &input.files.files);
    super::workers::run_inputs(
        settings,
        &sources,
        &|out: &mut Output<'_>, source: &str, line, query: Line<'_>| match read(query, strict) {
            Ok(selector) => handle(out, source, line, query, selector),
            Err(error) => out.parse_error(source, line, query.bytes, &error),
        },
    )
}

pub fn check(args: &CheckArgs) -> u8 {
    let settings = Settings::new(&args.output);
    each_selector(&settings, &args.input, args.strict, &|_, _, _, _, _| {})
}

/// The form `fmt` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Canonical,
    Sorted,
    Normalized,
}

impl Form {
    /// Writes `selector` in this form.
    fn write(self, selector: &Selector<'_>, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        match self {
            Form::Canonical => write_selector(out, selector, Order::Source),
            Form::Sorted => write_selector(out, selector, Order::Sorted),
            Form::Normalized => write_selector(out, &selector.normalize(), Order::Source),
        }
    }

    /// What `fmt --check` says of a query not in this form, and the command that writes it.
    fn complaint(self) -> (&'static str, &'static str) {
        match self {
            Form::Canonical => ("not canonical", "fmt"),
            Form::Sorted => ("not sorted", "fmt --sort"),
            Form::Normalized => ("not normalized", "fmt --normalize"),
        }
    }
}

/// Text written into bytes, as `fmt::Write`: the printer calls it directly, not through
/// `Display`, so that its many small writes are not dynamic calls.
struct Utf8Sink<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Utf8Sink<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }

    fn write_char(&mut self, c: char) -> std::fmt::Result {
        // The printer writes quotes, braces and commas one by one.
        if c.is_ascii() {
            self.0.push(c as u8);
        } else {
            self.0
                .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
        Ok(())
    }
}

#[derive(serde::Serialize)]
struct Formatted<'a> {
    formatted: &'a str,
}

pub fn fmt(args: &FmtArgs) -> u8 {
    let form = if args.normalize {
        Form::Normalized
    } else if args.sort {
        Form::Sorted
    } else {
        Form::Canonical
    };
    let settings = Settings::new(&args.output);
    each_selector(
        &settings,
        &args.input,
        args.strict,
        &|out: &mut Output<'_>, source: &str, line, query: Line<'_>, selector: Selector<'_>| {
            if !args.check && !out.json() {
                // Printed straight into standard output's bytes.
                let mut sink = Utf8Sink(out.out());
                let _ = form.write(&selector, &mut sink);
                sink.0.push(b'\n');
                return;
            }
            let mut text = std::mem::take(&mut out.text);
            text.clear();
            let _ = form.write(&selector, &mut text);
            if !args.check {
                out.json_line(&Formatted { formatted: &text });
            } else if text.as_bytes() != query.bytes {
                let (message, command) = form.complaint();
                out.not_formatted(Place::at(source, line, 1), message, command, &text);
            }
            out.text = text;
        },
    )
}

/// What `parse --format json` prints for a query: the selector, plus the parts of its profile
/// type when it names a valid one.
#[derive(serde::Serialize)]
struct ParseOutput<'s, 'a> {
    #[serde(flatten)]
    selector: &'s Selector<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile_type_parts: Option<pyroql::profile_type::ProfileTypeParts<'s>>,
}

pub fn parse(args: &ParseArgs) -> u8 {
    let mut options = args.output.clone();
    if args.json {
        options.written.format = Format::Json;
    }
    let settings = Settings::new(&options);
    each_selector(
        &settings,
        &args.input,
        args.strict,
        &|out: &mut Output<'_>, _: &str, _, query: Line<'_>, selector: Selector<'_>| {
            if out.json() {
                let profile_type = selector.profile_type().ok();
                out.json_line(&ParseOutput {
                    selector: &selector,
                    profile_type_parts: profile_type.as_ref().map(|pt| pt.parts()),
                });
            } else {
                // Writing into memory cannot fail.
                let _ = write_tree(out.out(), query.bytes, &selector);
            }
        },
    )
}

/// The syntax tree as indented text, with each part's line and column in the query.
fn write_tree(out: &mut impl Write, query: &[u8], selector: &Selector<'_>) -> io::Result<()> {
    let mut positions = Positions::new(query);
    writeln!(out, "selector {selector}")?;
    match selector.identifier() {
        Some(id) => writeln!(
            out,
            "  profile_type {:?} ({})",
            id.as_str(),
            positions.of(id.span.start)
        )?,
        None => writeln!(out, "  profile_type none")?,
    }
    for matcher in selector {
        writeln!(
            out,
            "  matcher name={:?} op=\"{}\" value={:?} ({})",
            matcher.name,
            matcher.op,
            matcher.value,
            positions.of(matcher.spans.full().start)
        )?;
    }
    Ok(())
}

/// The positions of offsets in a query, as [`Position::of_bytes`] gives them, worked out from
/// the last one asked for: the parts of a selector come in the order of the text, so the query
/// is read once, where asking [`Position::of_bytes`] for each would read it once per part.
struct Positions<'q> {
    query: &'q [u8],
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'q> Positions<'q> {
    fn new(query: &'q [u8]) -> Self {
        Positions {
            query,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn of(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.query.len());
        if offset < self.offset {
            *self = Positions::new(self.query);
        }
        let query = self.query;
        for (i, &b) in query[self.offset..offset].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        Position {
            line: self.line,
            column: offset - self.line_start + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_those_of_bytes_in_any_order() {
        let query = b"a\n\xffbc\n\nd{e}";
        let mut positions = Positions::new(query);
        for offset in [0, 1, 2, 3, 5, 6, 7, 8, 12, 40, 4, 0, 9] {
            assert_eq!(
                positions.of(offset),
                Position::of_bytes(query, offset),
                "{offset}"
            );
        }
    }
}
