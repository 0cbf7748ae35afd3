//! `pyroql`: parse, format and check Pyroscope label selectors from the command line. The
//! command lives in `cli/`; this file only hands it the arguments, as bytes (they need not be
//! UTF-8), and returns its status.

#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(cli::run(std::env::args_os().collect()))
}
