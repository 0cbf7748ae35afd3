//! `lint`: Perses files, each read here and reported by `pyroql::perses::lint::report`. A file
//! that cannot be read, or is not JSON or YAML, is reported as other problems are (a JSON record
//! with `--format json`), and in text a file's name is escaped as reports escape text.

use std::io::{self, Read};
use std::path::Path;

use pyroql::perses::lint::{self as perses_lint, display_name};

use super::args::{ColorWhen, Format, LintArgs};
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
    let text = match read(file) {
        Ok(text) => text,
        Err(error) => {
            let place = Place {
                source: &name,
                at: None,
            };
            return out.lint_error(place, &format!("cannot read: {error}"));
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

/// The text of `file`, `-` standard input.
fn read(file: &Path) -> io::Result<String> {
    if file == Path::new("-") {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(file)
    }
}
