//! What a command says and where it goes. An [`Output`] formats results and problems into
//! memory, as text (results on standard output, problems on standard error as
//! `SOURCE:LINE:COL: MESSAGE`) or JSON lines (all on standard output); [`Streams`] writes what
//! it collected, in order, on the real streams, and keeps the failure status whatever happens
//! to the pipes.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use super::args::{ColorWhen, Format, FormatArgs, OutputArgs};

/// How a command writes: the `--format`, `--quiet` and `--color` options, the colour decided.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub format: Format,
    pub quiet: bool,
    pub color: bool,
}

impl Settings {
    pub fn new(options: &OutputArgs) -> Self {
        Settings::with_color(&options.written, options.color)
    }

    /// Settings from the format options and a colour choice.
    pub fn with_color(options: &FormatArgs, color: ColorWhen) -> Self {
        let color = match color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        };
        Settings {
            format: options.format,
            quiet: options.quiet,
            color,
        }
    }
}

/// Where in its source a problem is: its line and column (in characters, from 1), when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub source: &'a str,
    pub at: Option<(usize, usize)>,
}

impl<'a> Place<'a> {
    pub fn at(source: &'a str, line: usize, column: usize) -> Self {
        Place {
            source,
            at: Some((line, column)),
        }
    }

    /// The place of byte `offset` of `query`, a query whose first line is line `line` of
    /// `source`. Columns count characters; each byte that is not UTF-8 counts as one.
    pub fn in_query(source: &'a str, line: usize, query: &[u8], offset: usize) -> Self {
        let before = &query[..offset.min(query.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let newlines = before.iter().filter(|&&b| b == b'\n').count();
        let column = before[line_start..]
            .utf8_chunks()
            .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
            .sum::<usize>()
            + 1;
        Place::at(source, line + newlines, column)
    }
}

/// A problem as `--format json` writes it.
#[derive(Debug, Serialize)]
struct Record<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    severity: &'static str,
    message: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    formatted: Option<Cow<'a, str>>,
}

fn record<'a>(place: Place<'a>, message: &'a str) -> Record<'a> {
    Record {
        file: place.source,
        line: place.at.map(|(line, _)| line),
        column: place.at.map(|(_, column)| column),
        severity: "error",
        message: pyroql::report::bounded(message),
        hint: None,
        formatted: None,
    }
}

/// Bytes for one stream.
#[derive(Debug)]
pub enum Piece {
    Out(Vec<u8>),
    Err(Vec<u8>),
}

/// What an [`Output`] collected, to write in order.
#[derive(Debug, Default)]
pub struct Transcript {
    pieces: Vec<Piece>,
    failed: bool,
    trouble: bool,
}

/// Results and problems of a run of inputs, formatted into memory.
pub struct Output<'s> {
    settings: &'s Settings,
    /// Standard output since the last problem written on standard error.
    out: Vec<u8>,
    pieces: Vec<Piece>,
    failed: bool,
    trouble: bool,
    /// A string for commands to print into.
    pub text: String,
}

impl<'s> Output<'s> {
    pub fn new(settings: &'s Settings) -> Self {
        Output {
            settings,
            out: Vec::new(),
            pieces: Vec::new(),
            failed: false,
            trouble: false,
            text: String::new(),
        }
    }

    pub fn json(&self) -> bool {
        self.settings.format == Format::Json
    }

    pub fn quiet(&self) -> bool {
        self.settings.quiet
    }

    /// Standard output, for results.
    pub fn out(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }

    /// Marks the run failed, with no report: a label set that does not match.
    pub fn fail(&mut self) {
        self.failed = true;
    }

    /// Writes one JSON value and a newline on standard output.
    pub fn json_line(&mut self, value: &impl Serialize) {
        // Serializing these types into memory cannot fail.
        let _ = serde_json::to_writer(&mut self.out, value);
        self.out.push(b'\n');
    }

    /// Reports that `query`, at line `line` of `source`, does not parse.
    pub fn parse_error(
        &mut self,
        source: &str,
        line: usize,
        query: &[u8],
        error: &pyroql::ParseError,
    ) {
        self.failed = true;
        if self.quiet() {
            return;
        }
        let place = Place::in_query(source, line, query, error.span().start);
        let report = error.report_bytes(query).first_line(line).bounded();
        if self.json() {
            let message = error.to_string();
            let hint = report.hint();
            return self.json_line(&Record {
                hint: hint.map(|hint| pyroql::report::bounded(&hint).into_owned()),
                ..record(place, &message)
            });
        }
        let report = report.color(self.settings.color);
        let color = self.settings.color;
        self.on_stderr(|w| {
            write_place(w, place, color);
            let _ = writeln!(w, " {report}");
        });
    }

    /// Reports a problem that is no parse error: a name that does not resolve, a label set that
    /// is not one. `message` may quote the input, so it is bounded.
    pub fn problem(&mut self, place: Place<'_>, message: &str) {
        self.problem_as(place, "", message);
    }

    /// A problem in `lint`'s words, `FILE[:LINE:COL]: error: MESSAGE`, which its report uses.
    pub fn lint_error(&mut self, place: Place<'_>, message: &str) {
        self.problem_as(place, "error: ", message);
    }

    fn problem_as(&mut self, place: Place<'_>, severity: &str, message: &str) {
        self.failed = true;
        if self.quiet() {
            return;
        }
        if self.json() {
            return self.json_line(&record(place, message));
        }
        let color = self.settings.color;
        self.on_stderr(|w| {
            write_place(w, place, color);
            let _ = writeln!(w, " {severity}{}", pyroql::report::one_line(message));
        });
    }

    /// Reports a query that is not in the form `fmt` writes (`fmt --check`): on standard output,
    /// as `rustfmt --check` lists what it would change: `SOURCE:LINE:1: not canonical; fmt
    /// writes {a="b"}`.
    pub fn not_formatted(
        &mut self,
        place: Place<'_>,
        message: &str,
        command: &str,
        formatted: &str,
    ) {
        self.failed = true;
        if self.quiet() {
            return;
        }
        if self.json() {
            return self.json_line(&Record {
                formatted: Some(pyroql::report::bounded(formatted)),
                ..record(place, message)
            });
        }
        write_place(&mut self.out, place, false);
        let formatted = pyroql::report::one_line(formatted);
        let _ = writeln!(self.out, " {message}; {command} writes {formatted}");
    }

    /// Reports an input that cannot be read: `FILE: error: cannot read: …`.
    pub fn unreadable(&mut self, source: &str, error: &io::Error) {
        let message = format!("cannot read: {error}");
        self.cannot_read(Place { source, at: None }, &message);
    }

    /// Reports a line too long to read ([`LINE_LIMIT`](super::input::LINE_LIMIT)), skipped:
    /// `SOURCE:LINE:1: error: cannot read: …`.
    pub fn skipped_line(&mut self, source: &str, line: usize, len: usize) {
        let limit = super::input::LINE_LIMIT >> 20;
        let message =
            format!("cannot read: the line is {len} bytes long, more than the {limit} MiB read");
        self.cannot_read(Place::at(source, line, 1), &message);
    }

    /// An input that could not be read (exit status 2), reported at `place`.
    fn cannot_read(&mut self, place: Place<'_>, message: &str) {
        self.trouble = true;
        if self.quiet() {
            return;
        }
        if self.json() {
            return self.json_line(&record(place, message));
        }
        self.on_stderr(|w| {
            write_place(w, place, false);
            let _ = writeln!(w, " error: {}", pyroql::report::one_line(message));
        });
    }

    /// One report on standard error, after what standard output holds so far.
    fn on_stderr(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        if !self.out.is_empty() {
            self.pieces.push(Piece::Out(std::mem::take(&mut self.out)));
        }
        let mut report = Vec::new();
        write(&mut report);
        self.pieces.push(Piece::Err(report));
    }

    /// Everything collected, in order.
    pub fn into_transcript(mut self) -> Transcript {
        if !self.out.is_empty() {
            self.pieces.push(Piece::Out(self.out));
        }
        Transcript {
            pieces: self.pieces,
            failed: self.failed,
            trouble: self.trouble,
        }
    }
}

/// `SOURCE:LINE:COL:`, in bold on a terminal; a file name is escaped as reports are.
fn write_place(w: &mut Vec<u8>, place: Place<'_>, color: bool) {
    let (bold, reset) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let source = pyroql::report::one_line(place.source);
    let _ = match place.at {
        Some((line, column)) => write!(w, "{bold}{source}:{line}:{column}:{reset}"),
        None => write!(w, "{bold}{source}:{reset}"),
    };
}

/// Why a command stops before the end of its input.
#[derive(Debug)]
pub enum Stop {
    /// A reader closed standard output or standard error (`pyroql fmt | head`).
    BrokenPipe,
    /// Writing failed otherwise.
    Write(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Stop::BrokenPipe
        } else {
            Stop::Write(error)
        }
    }
}

/// Standard output and standard error, and the status of what was written on them.
pub struct Streams {
    out: io::StdoutLock<'static>,
    err: io::StderrLock<'static>,
    failed: bool,
    trouble: bool,
}

impl Streams {
    pub fn new() -> Self {
        Streams {
            out: io::stdout().lock(),
            err: io::stderr().lock(),
            failed: false,
            trouble: false,
        }
    }

    /// Writes what `transcript` holds, in order, and takes in its status.
    pub fn write(&mut self, transcript: Transcript) -> Result<(), Stop> {
        self.failed |= transcript.failed;
        self.trouble |= transcript.trouble;
        for piece in transcript.pieces {
            match piece {
                Piece::Out(bytes) => self.out.write_all(&bytes)?,
                Piece::Err(bytes) => {
                    self.out.flush()?;
                    self.err.write_all(&bytes)?;
                }
            }
        }
        Ok(())
    }

    /// Ends the run: the exit status, 2 when an input could not be read or writing failed, 1
    /// when an input failed, 0 otherwise; a closed pipe is the reader's choice, not a failure.
    pub fn finish(mut self, result: Result<(), Stop>) -> u8 {
        let result = result.and_then(|()| self.out.flush().map_err(Stop::from));
        match result {
            Ok(()) | Err(Stop::BrokenPipe) => {
                if self.trouble {
                    2
                } else {
                    u8::from(self.failed)
                }
            }
            Err(Stop::Write(error)) => {
                let _ = writeln!(self.err, "pyroql: cannot write: {error}");
                2
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_count_characters_and_lines() {
        let query = "{\"サービス\"=\"x\",\n é.a=\"b\"}".as_bytes();
        let at = query.iter().position(|&b| b == b'.').unwrap();
        assert_eq!(Place::in_query("q", 12, query, at), Place::at("q", 13, 3));
        assert_eq!(
            Place::in_query("q", 1, b"\xff\xfe.", 2),
            Place::at("q", 1, 3)
        );
        assert_eq!(Place::in_query("q", 4, b"", 0), Place::at("q", 4, 1));
    }

    #[test]
    fn keeps_standard_output_and_error_in_order() {
        let settings = Settings {
            format: Format::Text,
            quiet: false,
            color: false,
        };
        let mut out = Output::new(&settings);
        out.out().extend_from_slice(b"one\n");
        out.problem(Place::at("q.txt", 2, 1), "bad\u{1b}[2J");
        out.out().extend_from_slice(b"three\n");
        let transcript = out.into_transcript();
        assert!(transcript.failed && !transcript.trouble);
        let pieces: Vec<String> = transcript
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Out(bytes) => format!("out {}", String::from_utf8_lossy(bytes)),
                Piece::Err(bytes) => format!("err {}", String::from_utf8_lossy(bytes)),
            })
            .collect();
        assert_eq!(
            pieces,
            ["out one\n", "err q.txt:2:1: bad\\x1b[2J\n", "out three\n"]
        );
    }
}
