//! `lint`: Perses files, each read here and reported by `pyroql::perses::lint::report`. A file
//! that cannot be read, or is not JSON or YAML, is reported as other problems are (a JSON record
//! with `--format json`), and in text a file's name is escaped as reports escape text.

use std::io;
use std::path::Path;

use pyroql::perses::lint::{self as perses_lint, display_name};
use pyroql::perses::{ReadErrorKind, MAX_TEXT};

use super::args::{ColorWhen, Format, LintArgs};
use super::input::read_at_most;
use super::output::{Output, Place, Settings, Streams};

pub fn lint(args: &LintArgs) -> u8 {
    let options = perses_lint::Options {
        format: match args.output.format {
            Format::Text => perses_lint::Format::Text,
            Format::Json => perses_lint::Format::Json,
        },
        deny_warnings: args.deny_warnings,
        explain: args.explain,
    };
    let settings = Settings::with_color(&args.output, ColorWhen::Never);
    let mut streams = Streams::new();
    let result = args.files.iter().try_for_each(|file| {
        let mut out = Output::new(&settings);
        lint_file(&mut out, file, &options);
        streams.write(out.into_transcript())
    });
    streams.finish(result)
}

fn lint_file(out: &mut Output<'_>, file: &Path, options: &perses_lint::Options) {
    let shown = file.to_string_lossy();
    let name = match options.format {
        perses_lint::Format::Text => pyroql::report::one_line(display_name(&shown)).to_string(),
        perses_lint::Format::Json => display_name(&shown).to_owned(),
    };
    let place = Place {
        source: &name,
        at: None,
    };
    let bytes = match read(file) {
        Ok(bytes) => bytes,
        Err(error) => return out.lint_error(place, &format!("cannot read: {error}")),
    };
    if bytes.len() > MAX_TEXT {
        let message = ReadErrorKind::TooLarge { len: bytes.len() }.to_string();
        return out.lint_error(place, &format!("cannot read: {message}"));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let bytes = error.as_bytes();
            let at = error.utf8_error().valid_up_to();
            let place = Place::in_query(&name, 1, bytes, at);
            let message = format!("cannot read: byte 0x{:02X} is not UTF-8", bytes[at]);
            return out.lint_error(place, &message);
        }
    };
    // `report` writes on `unread` only for a text that is not JSON or YAML, which is read again
    // here for the position and the message as data.
    let mut unread = Vec::new();
    let passed = if out.quiet() {
        perses_lint::report(&name, &text, options, &mut io::sink(), &mut unread)
    } else {
        perses_lint::report(&name, &text, options, out.out(), &mut unread)
    };
    if !matches!(passed, Ok(true)) {
        out.fail();
    }
    if !unread.is_empty() {
        if let Err(error) = pyroql::perses::lint(&text) {
            let at = error
                .location()
                .map(|at| (at.line as usize, at.column as usize));
            let message = format!("not JSON or YAML: {}", error.kind());
            out.lint_error(Place { source: &name, at }, &message);
        }
    }
}

/// The bytes of `file`, `-` standard input, up to one byte more than [`MAX_TEXT`].
fn read(file: &Path) -> io::Result<Vec<u8>> {
    if file == Path::new("-") {
        read_at_most(io::stdin(), MAX_TEXT)
    } else {
        read_at_most(std::fs::File::open(file)?, MAX_TEXT)
    }
}
