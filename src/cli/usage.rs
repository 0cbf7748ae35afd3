//! Usage errors on one line, from the facts clap gathers (what was wrong, what it suggests), not
//! from its wording: `pyroql fmt: unexpected argument '--jsn'; did you mean '--json'? (see
//! 'pyroql fmt --help')`.

use std::ffi::OsString;
use std::fmt::Write;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The one line that reports `error`, a usage error, for the command line `args`: what it
/// quotes of them is escaped and bounded as reports are, so that it stays one line.
pub fn one_line(error: &clap::Error, args: &[OsString]) -> String {
    let command = command_path(args);
    let mut line = format!("{command}: {}", what(error));
    for suggestion in suggestions(error) {
        let _ = write!(line, "; {suggestion}");
    }
    let _ = write!(line, " (see '{command} --help')");
    pyroql::report::one_line(&line).to_string()
}

/// `pyroql`, or `pyroql fmt` when the command line names a command.
fn command_path(args: &[OsString]) -> String {
    let cli = <super::args::Cli as clap::CommandFactory>::command();
    let named = args
        .get(1)
        .and_then(|arg| arg.to_str())
        .filter(|name| cli.find_subcommand(name).is_some());
    match named {
        Some(name) => format!("pyroql {name}"),
        None => "pyroql".to_owned(),
    }
}

fn string(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) if !list.is_empty() => Some(list.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What is wrong.
fn what(error: &clap::Error) -> String {
    let arg = string(error, ContextKind::InvalidArg);
    let value = string(error, ContextKind::InvalidValue);
    match (error.kind(), arg, value) {
        (ErrorKind::InvalidSubcommand, _, _) => {
            let name = string(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("unknown command '{name}'")
        }
        (ErrorKind::UnknownArgument, Some(arg), _) => format!("unexpected argument '{arg}'"),
        (ErrorKind::InvalidValue, Some(arg), Some(value)) if value.is_empty() => {
            format!("'{arg}' needs a value")
        }
        (ErrorKind::InvalidValue, Some(arg), Some(value)) => {
            let mut what = format!("invalid value '{value}' for '{arg}'");
            if let Some(valid) = string(error, ContextKind::ValidValue) {
                let _ = write!(what, "; it takes {valid}");
            }
            what
        }
        (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
            let mut what = format!("invalid value '{value}' for '{arg}'");
            if let Some(source) = std::error::Error::source(error) {
                let _ = write!(what, ": {source}");
            }
            what
        }
        (ErrorKind::ArgumentConflict, Some(arg), _) => match string(error, ContextKind::PriorArg) {
            Some(prior) => format!("'{arg}' cannot be used with '{prior}'"),
            None => format!("'{arg}' cannot be used with the other arguments"),
        },
        (ErrorKind::MissingRequiredArgument, Some(missing), _) => format!("missing {missing}"),
        (
            ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
            ..,
        ) => {
            let cli = <super::args::Cli as clap::CommandFactory>::command();
            let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
            format!("no command given; the commands are {}", names.join(", "))
        }
        (ErrorKind::TooManyValues, Some(arg), Some(value)) => {
            format!("unexpected value '{value}' for '{arg}'")
        }
        (ErrorKind::NoEquals, Some(arg), _) => format!("'{arg}' takes its value after '='"),
        (ErrorKind::InvalidUtf8, ..) => "an option or command name is not UTF-8".to_owned(),
        (kind, arg, _) => {
            let what = kind.as_str().unwrap_or("invalid usage").to_owned();
            match arg {
                Some(arg) => format!("{what}: '{arg}'"),
                None => what,
            }
        }
    }
}

/// What clap suggests instead.
fn suggestions(error: &clap::Error) -> Vec<String> {
    let mut out = Vec::new();
    for kind in [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ] {
        if let Some(ContextValue::String(s)) = error.get(kind) {
            out.push(format!("did you mean '{s}'?"));
        }
        if let Some(ContextValue::Strings(list)) = error.get(kind) {
            if let Some(first) = list.first() {
                out.push(format!("did you mean '{first}'?"));
            }
        }
    }
    if let Some(ContextValue::StyledStrs(list)) = error.get(ContextKind::Suggested) {
        out.extend(list.iter().map(|s| s.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn usage_error(args: &[&str]) -> String {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let error = super::super::args::Cli::try_parse_from(&args).unwrap_err();
        one_line(&error, &args)
    }

    #[test]
    fn says_what_is_wrong_on_one_line() {
        let cases: &[(&[&str], &str)] = &[
            (&["pyroql"], "pyroql: no command given; the commands are parse, fmt, check, resolve, match, lint, completions, man (see 'pyroql --help')"),
            (&["pyroql", "fmtt"], "pyroql: unknown command 'fmtt'; did you mean 'fmt'? (see 'pyroql --help')"),
            (&["pyroql", "fmt", "--sortt"], "pyroql fmt: unexpected argument '--sortt'; did you mean '--sort'? (see 'pyroql fmt --help')"),
            (&["pyroql", "fmt", "--json"], "pyroql fmt: unexpected argument '--json'; to pass '--json' as a value, use '-- --json' (see 'pyroql fmt --help')"),
            (&["pyroql", "match", "--strict", "{}"], "pyroql match: unexpected argument '--strict'; to pass '--strict' as a value, use '-- --strict' (see 'pyroql match --help')"),
            (&["pyroql", "check", "--format", "xml"], "pyroql check: invalid value 'xml' for '--format <FORMAT>'; it takes text, json (see 'pyroql check --help')"),
            (&["pyroql", "check", "--format=jsn"], "pyroql check: invalid value 'jsn' for '--format <FORMAT>'; it takes text, json; did you mean 'json'? (see 'pyroql check --help')"),
            (&["pyroql", "fmt", "--sort", "--normalize"], "pyroql fmt: '--sort' cannot be used with '--normalize' (see 'pyroql fmt --help')"),
            (&["pyroql", "match"], "pyroql match: missing <SELECTOR> (see 'pyroql match --help')"),
            (&["pyroql", "lint"], "pyroql lint: missing <FILE>... (see 'pyroql lint --help')"),
            (&["pyroql", "check", "--file"], "pyroql check: '--file <PATH>' needs a value (see 'pyroql check --help')"),
            (&["pyroql", "a\nb\u{1b}[2J"], "pyroql: unknown command 'a\\nb\\x1b[2J' (see 'pyroql --help')"),
        ];
        for (args, want) in cases {
            assert_eq!(usage_error(args), *want, "{args:?}");
        }
    }

    #[test]
    fn explains_an_unreadable_file_of_profile_types() {
        let line = usage_error(&[
            "pyroql",
            "resolve",
            "--available",
            "/nonexistent/types",
            "cpu",
        ]);
        assert!(
            line.starts_with("pyroql resolve: invalid value '/nonexistent/types' for '--available <FILE>': cannot read it: "),
            "{line}"
        );
    }
}
