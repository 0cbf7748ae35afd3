//! The `pyroql` command: the arguments ([`args`]), their usage errors ([`usage`]), where queries
//! come from ([`input`]), how they are handled on every core and in order ([`workers`]), where
//! results and problems go ([`output`]), and one module for each kind of command.

mod args;
mod generate;
mod input;
mod labels;
mod lint;
mod names;
mod output;
mod queries;
mod usage;
mod workers;

use std::ffi::OsString;
use std::io::{self, Write};

use clap::Parser;

use args::{Cli, Command};

/// Runs the command line `args` (the program's name first); the exit status.
pub fn run(args: Vec<OsString>) -> u8 {
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // Help or the version, on standard output.
            let _ = error.print();
            return 0;
        }
        Err(error) => {
            let _ = writeln!(io::stderr(), "{}", usage::one_line(&error, &args));
            return 2;
        }
    };
    match cli.command {
        Command::Parse(args) => queries::parse(&args),
        Command::Fmt(args) => queries::fmt(&args),
        Command::Check(args) => queries::check(&args),
        Command::Resolve(args) => names::resolve(&args),
        Command::Match(args) => labels::matches(&args),
        Command::Lint(args) => lint::lint(&args),
        Command::Completions(args) => generate::completions(&args),
        Command::Man(args) => generate::man(&args),
    }
}
