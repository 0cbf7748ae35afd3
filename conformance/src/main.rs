//! pyroql's conformance lab. See `conformance/README.md`.

mod command;
mod matching;
mod oracle;
mod regexp;
mod report;
mod rng;
mod selector;
mod verdict;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let status = match args.first().map(String::as_str) {
        Some("regexp") => regexp::run(&args[1..]),
        Some("selector") => selector::run(&args[1..]),
        Some("matching") => matching::run(&args[1..]),
        _ => {
            eprintln!("usage: pyroql-conformance selector|regexp|matching [OPTIONS]");
            2
        }
    };
    std::process::exit(status);
}
