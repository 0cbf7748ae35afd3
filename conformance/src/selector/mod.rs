//! The selector lab: generated inputs through `ParseMetricSelector` and `pyroql::parse_bytes`,
//! compared byte for byte, differences classified and minimized; and the committed vectors.

pub mod compare;
pub mod gen;
pub mod minimize;
pub mod vectors;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use crate::oracle::{self, show_bytes, Mode, Oracle};
use crate::rng::Rng;

use compare::{classify, ours, Class};
use gen::Family;

/// Options of `pyroql-conformance selector`.
struct Options {
    count: usize,
    seed: u64,
    oracle: PathBuf,
    vectors: Option<PathBuf>,
    seeds: Option<PathBuf>,
    check_vectors: Option<PathBuf>,
    printable: Option<PathBuf>,
    examples: usize,
    family: Option<Family>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        count: 200_000,
        seed: 1,
        oracle: oracle::default_path(),
        vectors: None,
        seeds: None,
        check_vectors: None,
        printable: None,
        examples: 10,
        family: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--count" => options.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            "--seed" => {
                let v = value()?;
                options.seed = if v == "random" {
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos() as u64)
                } else {
                    v.parse().map_err(|e| format!("--seed: {e}"))?
                }
            }
            "--oracle" => options.oracle = PathBuf::from(value()?),
            "--vectors" => options.vectors = Some(PathBuf::from(value()?)),
            "--seeds" => options.seeds = Some(PathBuf::from(value()?)),
            "--check-vectors" => options.check_vectors = Some(PathBuf::from(value()?)),
            "--printable" => options.printable = Some(PathBuf::from(value()?)),
            "--examples" => {
                options.examples = value()?.parse().map_err(|e| format!("--examples: {e}"))?
            }
            "--family" => {
                let name = value()?;
                let family = gen::FAMILIES
                    .iter()
                    .chain([&Family::Huge])
                    .find(|f| f.name() == name)
                    .ok_or(format!("no family {name}"))?;
                options.family = Some(*family);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

const USAGE: &str = "usage: pyroql-conformance selector [--count N] [--seed N|random] [--oracle PATH] [--vectors OUT [--seeds DIR]] [--check-vectors FILE] [--printable OUT] [--examples N]";

pub fn run(args: &[String]) -> i32 {
    crate::command::exit_status("selector", USAGE, options(args), |options| {
        run_with(&options)
    })
}

fn run_with(options: &Options) -> std::io::Result<bool> {
    let info = Oracle::info(&options.oracle)?;
    println!("oracle: {info}");
    let mut oracle = Oracle::start(&options.oracle, Mode::Selector)?;
    let toolchain = toolchain_set(&options.oracle)?;
    println!(
        "unicode: {} code points printable in one table and not the other",
        toolchain.len()
    );
    let in_toolchain = |c: char| toolchain.contains(&c);
    let mut clean = true;
    if let Some(path) = &options.vectors {
        let written = vectors::write(&mut oracle, &info, path, options.seeds.as_deref())?;
        println!("vectors: wrote {written} cases to {}", path.display());
    }
    if let Some(path) = &options.printable {
        let out = std::process::Command::new(&options.oracle)
            .arg("printable")
            .output()?;
        let mut text = format!(
            "# The runes Go's strconv.IsPrint accepts, as hex ranges: {} (unicode {}). Written by scripts/conformance --write-vectors.\n",
            info["go"].as_str().unwrap_or("?"),
            info["unicode"].as_str().unwrap_or("?")
        );
        text.push_str(&String::from_utf8_lossy(&out.stdout));
        std::fs::write(path, text)?;
        println!("vectors: wrote Go's printable runes to {}", path.display());
    }
    if let Some(path) = &options.check_vectors {
        let (checked, stale) = vectors::check(&mut oracle, path)?;
        println!(
            "vectors: {checked} cases in {}, {stale} answered differently by the oracle now",
            path.display()
        );
        clean &= stale == 0;
    }
    if options.count > 0 {
        clean &= differential(&mut oracle, options, &in_toolchain)?;
    }
    Ok(clean)
}

/// The code points that Go's `strconv.IsPrint` and pyroql's printer disagree on, which only
/// Unicode tables of different versions explain.
fn toolchain_set(oracle_path: &std::path::Path) -> std::io::Result<HashSet<char>> {
    let out = std::process::Command::new(oracle_path)
        .arg("printable")
        .output()?;
    let mut go = vec![false; 0x11_0000];
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut parts = line.split(' ');
        let (Some(lo), Some(hi)) = (parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(lo), Ok(hi)) = (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
        else {
            continue;
        };
        for slot in go.iter_mut().take(hi + 1).skip(lo) {
            *slot = true;
        }
    }
    let mut differ = HashSet::new();
    for (code, &go_prints) in go.iter().enumerate() {
        let Some(c) = char::from_u32(code as u32) else {
            continue;
        };
        if c == '\u{fffd}' {
            // pyroql writes U+FFFD escaped on purpose (the lexer refuses it literally).
            continue;
        }
        let matcher = pyroql::Matcher::new("a", pyroql::MatchOp::Equal, c.to_string());
        let printed = matcher.to_string();
        // `"` and `\` are printable, and escaped because they quote.
        let we_print = printed == format!("a=\"{c}\"") || c == '"' || c == '\\';
        if we_print != go_prints {
            differ.insert(c);
        }
    }
    Ok(differ)
}

/// How many inputs go to the oracle at once.
const BATCH: usize = 5_000;

/// Tallies of a differential run.
#[derive(Default)]
struct Tally {
    by_class: BTreeMap<Class, usize>,
    by_family: BTreeMap<(Family, Class), usize>,
    examples: BTreeMap<Class, Vec<Vec<u8>>>,
    ok: usize,
}

fn differential(
    oracle: &mut Oracle,
    options: &Options,
    toolchain: &dyn Fn(char) -> bool,
) -> std::io::Result<bool> {
    let started = Instant::now();
    let mut rng = Rng::new(options.seed);
    let mut tally = Tally::default();
    let mut done = 0;
    // A count that goes up is for people watching, not for logs.
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // The enumerations first, then the random families; a few huge inputs throughout.
    let mut fixed: Vec<(Family, Vec<u8>)> = gen::all_escapes()
        .into_iter()
        .map(|s| (Family::Escapes, s.into_bytes()))
        .chain(
            gen::all_token_pairs()
                .into_iter()
                .map(|s| (Family::Tokens, s.into_bytes())),
        )
        .collect();
    fixed.retain(|(f, _)| options.family.is_none_or(|only| only == *f));
    fixed.truncate(options.count / 2);
    let mut fixed = fixed.into_iter();
    while done < options.count {
        let n = BATCH.min(options.count - done);
        let mut batch: Vec<(Family, Vec<u8>)> = fixed.by_ref().take(n).collect();
        while batch.len() < n {
            let family = match options.family {
                Some(family) => family,
                None if batch.len() % 1000 == 999 => Family::Huge,
                None => *rng.pick(gen::FAMILIES),
            };
            let mut sub = rng.fork();
            batch.push((family, family.generate(&mut sub)));
        }
        let inputs: Vec<Vec<u8>> = batch.iter().map(|(_, b)| b.clone()).collect();
        let answers = oracle.ask(&inputs)?;
        for ((family, input), theirs) in batch.into_iter().zip(answers) {
            let mine = ours(&input);
            let class = classify(&input, &mine, &theirs, toolchain);
            tally.ok += usize::from(theirs.ok);
            *tally.by_class.entry(class).or_default() += 1;
            *tally.by_family.entry((family, class)).or_default() += 1;
            if class != Class::Agree {
                let examples = tally.examples.entry(class).or_default();
                if examples.len() < options.examples.max(1) * 20 {
                    examples.push(input);
                }
            }
        }
        done += n;
        if progress {
            eprint!("\r{done} inputs");
        }
    }
    if progress {
        eprintln!();
    }
    println!(
        "seed {}: {} inputs in {:.1} s ({} accepted by Prometheus)",
        options.seed,
        done,
        started.elapsed().as_secs_f64(),
        tally.ok
    );
    for class in Class::ALL {
        let n = tally.by_class.get(&class).copied().unwrap_or(0);
        println!("  {:<14} {n}", class.name());
    }
    println!("by family:");
    let families: std::collections::BTreeSet<Family> =
        tally.by_family.keys().map(|(f, _)| *f).collect();
    for family in families {
        let counts: Vec<String> = Class::ALL
            .iter()
            .filter_map(|&c| {
                let n = tally.by_family.get(&(family, c)).copied()?;
                Some(format!("{} {n}", c.name()))
            })
            .collect();
        println!("  {:<10} {}", family.name(), counts.join(", "));
    }
    let mut clean = true;
    for (class, inputs) in &tally.examples {
        if !class.diverges() {
            continue;
        }
        clean = false;
        println!("{}: minimized examples", class.name());
        let mut seen = HashSet::new();
        for input in inputs {
            if seen.len() >= options.examples {
                break;
            }
            let (small, _) = minimize::minimize(oracle, input, *class, toolchain)?;
            if !seen.insert(small.clone()) {
                continue;
            }
            let theirs = oracle.ask(std::slice::from_ref(&small))?.remove(0);
            let mine = ours(&small);
            let json = |a: &crate::oracle::Answer| serde_json::to_string(a).unwrap_or_default();
            println!("  input  {}", shorten(&format!("{:?}", show_bytes(&small))));
            println!("  go     {}", shorten(&json(&theirs)));
            println!("  pyroql {}", shorten(&json(&mine.answer)));
            if *class == Class::Hang {
                println!("  took   {:?} for {} bytes", mine.took, small.len());
            }
        }
    }
    Ok(clean)
}

/// `text`, cut to a few hundred characters so that a huge input makes no huge report.
fn shorten(text: &str) -> String {
    const KEEP: usize = 240;
    if text.chars().count() <= KEEP {
        return text.to_owned();
    }
    let head: String = text.chars().take(KEEP).collect();
    format!("{head}… ({} bytes in all)", text.len())
}
