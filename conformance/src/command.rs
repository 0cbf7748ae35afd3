//! A lab's command line: the options the regexp and matching labs share, and the exit status
//! every lab ends with.

use std::path::PathBuf;

use crate::oracle;

/// The options of the regexp and matching labs.
pub struct Options {
    pub oracle: PathBuf,
    pub count: usize,
    pub seed: u64,
    pub vectors: Option<PathBuf>,
    pub show: usize,
}

/// The options in `args`; each of `paths` is a lab's own option that takes a path, and the slot
/// its value goes into.
pub fn options(
    args: &[String],
    paths: &mut [(&str, &mut Option<PathBuf>)],
) -> Result<Options, String> {
    let mut options = Options {
        oracle: oracle::default_path(),
        count: 100_000,
        seed: random_seed(),
        vectors: None,
        show: 10,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--oracle" => options.oracle = PathBuf::from(value()?),
            "--count" => options.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            "--seed" => {
                let seed = value()?;
                if seed != "random" {
                    options.seed = seed.parse().map_err(|e| format!("--seed: {e}"))?;
                }
            }
            "--vectors" => options.vectors = Some(PathBuf::from(value()?)),
            "--show" => options.show = value()?.parse().map_err(|e| format!("--show: {e}"))?,
            other => match paths.iter_mut().find(|(name, _)| *name == other) {
                Some((_, slot)) => **slot = Some(PathBuf::from(value()?)),
                None => return Err(format!("unknown option {other}")),
            },
        }
    }
    Ok(options)
}

fn random_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// The exit status of the lab `name`: 2 when its options are wrong (said with `usage`) or it
/// failed, 1 when pyroql and the oracle disagreed (`run` answers `false`), else 0.
pub fn exit_status<O>(
    name: &str,
    usage: &str,
    options: Result<O, String>,
    run: impl FnOnce(O) -> std::io::Result<bool>,
) -> i32 {
    let options = match options {
        Ok(options) => options,
        Err(message) => {
            eprintln!("pyroql-conformance {name}: {message}");
            eprintln!("{usage}");
            return 2;
        }
    };
    match run(options) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            eprintln!("pyroql-conformance {name}: {e}");
            2
        }
    }
}
