//! `completions` and `man`: made from the same definitions clap reads the arguments with.

use std::io::{self, Write};

use clap::CommandFactory;

use super::args::{Cli, CompletionsArgs, ManArgs};

pub fn completions(args: &CompletionsArgs) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "pyroql", &mut script);
    write_out(&script)
}

pub fn man(args: &ManArgs) -> u8 {
    let Some(dir) = &args.dir else {
        let mut page = Vec::new();
        if let Err(error) = clap_mangen::Man::new(Cli::command()).render(&mut page) {
            return fail(&format!("cannot render the man page: {error}"));
        }
        return write_out(&page);
    };
    match clap_mangen::generate_to(Cli::command(), dir) {
        Ok(()) => 0,
        Err(error) => fail(&format!(
            "cannot write the man pages into {}: {error}",
            dir.display()
        )),
    }
}

/// Writes `bytes` on standard output; a closed pipe is the reader's choice, not a failure.
fn write_out(bytes: &[u8]) -> u8 {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(error) => fail(&format!("cannot write: {error}")),
    }
}

fn fail(message: &str) -> u8 {
    let _ = writeln!(io::stderr(), "pyroql: {message}");
    2
}
