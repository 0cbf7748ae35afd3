//! The matching lab: label matchers as Prometheus' `labels.NewMatcher(…).Matches(value)`
//! answers (the oracle's `match` mode, with plain RE2's answer beside each), against
//! `pyroql::matching::CompiledMatcher`.
//!
//! ```text
//! pyroql-conformance matching [--oracle PATH] [--count N] [--seed S|random] [--vectors PATH]
//!                             [--lower PATH] [--show K]
//! ```
//!
//! With `--count N`, a live differential: N fresh cases (an operator, a pattern and eight
//! values) of every family, each asked of the oracle and of pyroql; the compile errors and
//! every value's answer must agree. Differences are counted by class and shrunk to small
//! examples. Then a sweep of Prometheus' case-insensitive set key (`toNormalisedLower`: NFKD
//! and lowering) over every code point and over runs of combining marks, against
//! `pyroql::matching::normalised_lower`. With `--vectors PATH` (and `--lower PATH`), the
//! committed vectors are written from a fixed seed.

mod compare;
mod generate;
mod listed;
mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use self::compare::{classify, input, minimize, ours, Class, MatchAnswer};
use self::generate::{Case, Family};
use crate::command::{self, Options};
use crate::oracle::{Mode, Oracle, Text};
use crate::report::{in_batches, shorten, Counts};
use crate::rng::Rng;

/// The seed of the committed vectors.
const VECTOR_SEED: u64 = 20_261_515;

const USAGE: &str = "usage: pyroql-conformance matching [--oracle PATH] [--count N] [--seed S|random] [--vectors PATH] [--lower PATH] [--show K]";

pub fn run(args: &[String]) -> i32 {
    let mut lower = None;
    let options = command::options(args, &mut [("--lower", &mut lower)]);
    command::exit_status("matching", USAGE, options, |options| {
        lab(&options, lower.as_ref())
    })
}

fn lab(options: &Options, lower_vectors: Option<&PathBuf>) -> std::io::Result<bool> {
    let mut oracle = Oracle::start(&options.oracle, Mode::Match)?;
    let mut agreed = true;
    if let Some(path) = &options.vectors {
        agreed &= write_vectors(&mut oracle, options, path)?;
    }
    if let Some(path) = lower_vectors {
        agreed &= lower(options, Some(path), 0)?;
    }
    if options.count > 0 {
        agreed &= differential(&mut oracle, options)?;
        agreed &= lower(options, None, options.seed)?;
    }
    Ok(agreed)
}

/// Counts of a run.
#[derive(Default)]
struct Tally {
    counts: Counts,
    /// Values checked, values where Prometheus' shortcut is not RE2's answer, and values that
    /// stand for an absent label (the empty string).
    checks: usize,
    shortcut_checks: usize,
    empty_checks: usize,
    differences: Vec<(Class, Case, Option<usize>)>,
}

impl Tally {
    fn add(&mut self, case: &Case, theirs: &MatchAnswer) {
        let (answer, took) = ours(case.op, &case.pattern, &case.values);
        let (class, at) = classify(&case.pattern, &case.values, theirs, &answer);
        self.counts
            .add(case.family.name(), class.name(), class == Class::AGREE);
        if theirs.ok {
            self.checks += theirs.matches.len();
            self.shortcut_checks += theirs
                .matches
                .iter()
                .zip(&theirs.plain)
                .filter(|(a, b)| a != b)
                .count();
            self.empty_checks += case.values.iter().filter(|v| v.is_empty()).count();
        } else {
            self.counts.verdict(error_code(theirs));
        }
        self.counts.took(&case.pattern, took);
        if class != Class::AGREE && class != Class::UnicodeTables && self.differences.len() < 1000 {
            self.differences.push((class, case.clone(), at));
        }
    }

    fn report(&self, oracle: &mut Oracle, show: usize) -> std::io::Result<bool> {
        println!(
            "matching: {} cases, {} values checked ({} decided by a Prometheus shortcut whose answer is not RE2's, {} empty values: absent labels)",
            self.counts.total(), self.checks, self.shortcut_checks, self.empty_checks
        );
        let classes: Vec<&str> = Class::all().into_iter().map(Class::name).collect();
        let families = Family::ALL.map(Family::name);
        self.counts.print(
            36,
            &classes,
            &families,
            "patterns Go refuses, by error:",
            show,
        );
        let mut shown = BTreeSet::new();
        for (class, case, at) in &self.differences {
            if shown.len() >= show {
                break;
            }
            let value = at
                .and_then(|i| case.values.get(i))
                .cloned()
                .unwrap_or_default();
            let (pattern, value) = minimize(oracle, case.op, &case.pattern, &value, *class)?;
            if !shown.insert((pattern.clone(), value.clone())) {
                continue;
            }
            let values = [value.clone()];
            let theirs: Vec<MatchAnswer> = oracle.ask_as(&[input(case.op, &pattern, &values)])?;
            let mine = ours(case.op, &pattern, &values).0;
            println!(
                "difference ({}, {}): l{}{:?} on {:?}",
                case.family.name(),
                class.name(),
                case.op,
                shorten(&case.pattern),
                case.values
            );
            println!(
                "  minimized: l{}{:?} on {value:?}",
                case.op,
                shorten(&pattern)
            );
            println!("  go:     {}", describe_theirs(&theirs[0]));
            println!("  pyroql: {}", describe_ours(&mine));
        }
        Ok(self.differences.is_empty() && self.counts.none_slow())
    }
}

fn error_code(answer: &MatchAnswer) -> String {
    let text = answer.error.as_ref().map(Text::lossy).unwrap_or_default();
    let rest = text.strip_prefix("error parsing regexp: ").unwrap_or(&text);
    rest.split(": `").next().unwrap_or(rest).to_owned()
}

fn describe_theirs(answer: &MatchAnswer) -> String {
    match &answer.error {
        Some(e) => shorten(&e.lossy()),
        None => format!("matches {:?}, plain RE2 {:?}", answer.matches, answer.plain),
    }
}

fn describe_ours(answer: &compare::Ours) -> String {
    match answer {
        None => "panic".to_owned(),
        Some(Ok(matches)) => format!("matches {matches:?}"),
        Some(Err(e)) => shorten(e),
    }
}

fn fresh(rng: &mut Rng) -> Case {
    let family = Family::draw(rng);
    let mut sub = rng.fork();
    generate::generate(family, &mut sub)
}

fn ask(oracle: &mut Oracle, cases: &[Case]) -> std::io::Result<Vec<MatchAnswer>> {
    let inputs: Vec<Vec<u8>> = cases
        .iter()
        .map(|c| input(c.op, &c.pattern, &c.values))
        .collect();
    let answers: Vec<MatchAnswer> = oracle.ask_as(&inputs)?;
    if let Some(bad) = answers.iter().find_map(|a| a.bad_input.as_ref()) {
        return Err(std::io::Error::other(format!(
            "the oracle refused an input: {bad}"
        )));
    }
    Ok(answers)
}

/// The live differential.
fn differential(oracle: &mut Oracle, options: &Options) -> std::io::Result<bool> {
    println!(
        "matching differential: {} cases, seed {}",
        options.count, options.seed
    );
    let mut rng = Rng::new(options.seed);
    let mut tally = Tally::default();
    in_batches(options.count, 1000, "cases", |batch| {
        let cases: Vec<Case> = (0..batch).map(|_| fresh(&mut rng)).collect();
        let answers = ask(oracle, &cases)?;
        for (case, theirs) in cases.iter().zip(&answers) {
            tally.add(case, theirs);
        }
        Ok(())
    })?;
    tally.report(oracle, options.show)
}

/// One line of the vectors file.
#[derive(Serialize)]
struct Vector<'c> {
    family: &'static str,
    op: &'static str,
    pattern: &'c str,
    values: &'c [String],
    #[serde(flatten)]
    answer: &'c MatchAnswer,
}

/// What a case's answer shows, to group candidates by: Go's error, or whether a shortcut
/// decided some value.
fn kind(answer: &MatchAnswer) -> String {
    if !answer.ok {
        return format!("error: {}", error_code(answer));
    }
    let shortcut = answer
        .matches
        .iter()
        .zip(&answer.plain)
        .any(|(a, b)| a != b);
    if shortcut {
        "shortcut".to_owned()
    } else if answer.matches.iter().any(|&m| m) {
        "some match".to_owned()
    } else {
        "none match".to_owned()
    }
}

/// Writes the committed vectors: from [`VECTOR_SEED`], each family's candidates grouped by
/// what their answers show, a few of each group kept (the shortest, and some from the middle).
fn write_vectors(oracle: &mut Oracle, options: &Options, path: &PathBuf) -> std::io::Result<bool> {
    let mut rng = Rng::new(VECTOR_SEED);
    let mut kept: Vec<(Case, MatchAnswer)> = Vec::new();
    let mut seen = BTreeSet::new();
    for family in Family::ALL {
        let mut sub = rng.fork();
        // Go's errors are the regex vectors' business: a few of each here.
        let (candidates, shortest, middle, errors) = match family {
            Family::Listed => (listed::LISTED.len() * 3, usize::MAX, 0, usize::MAX),
            Family::Large => (60, 6, 6, 2),
            Family::Sets => (3000, 40, 40, 4),
            _ => (5000, 60, 60, 4),
        };
        let cases: Vec<Case> = if family == Family::Listed {
            listed::LISTED
                .iter()
                .flat_map(|p| ["=~", "!~"].map(|op| (op, *p)))
                .map(|(op, p)| Case {
                    family,
                    op,
                    pattern: p.to_owned(),
                    values: values::values(p, &mut sub, 8),
                })
                .collect()
        } else {
            (0..candidates)
                .map(|_| generate::generate(family, &mut sub.fork()))
                .collect()
        };
        let cases: Vec<Case> = cases
            .into_iter()
            .filter(|c| seen.insert((c.op, c.pattern.clone())))
            .collect();
        let answers = ask(oracle, &cases)?;
        let mut groups: BTreeMap<String, Vec<(Case, MatchAnswer)>> = BTreeMap::new();
        for (case, answer) in cases.into_iter().zip(answers) {
            groups
                .entry(kind(&answer))
                .or_default()
                .push((case, answer));
        }
        for (kind, mut group) in groups {
            group.sort_by(|a, b| {
                (a.0.pattern.len(), &a.0.pattern).cmp(&(b.0.pattern.len(), &b.0.pattern))
            });
            let half = group.len() / 2;
            let (shortest, middle) = if kind.starts_with("error") {
                (errors.min(shortest), errors.min(middle))
            } else {
                (shortest, middle)
            };
            let picks: BTreeSet<usize> = (0..shortest.min(group.len()))
                .chain(half..(half + middle).min(group.len()))
                .collect();
            for i in picks {
                kept.push(group[i].clone());
            }
        }
    }
    let header = serde_json::json!({
        "generator": "scripts/conformance --write-vectors (pyroql-conformance matching --vectors)",
        "oracle": Oracle::info(&options.oracle)?,
        "match": Oracle::match_info(&options.oracle)?,
        "seed": VECTOR_SEED,
        "call": "labels.NewMatcher(op, \"l\", pattern).Matches(value)",
    });
    let mut out = serde_json::to_string(&header).map_err(std::io::Error::other)?;
    out.push('\n');
    let mut tally = Tally::default();
    for (case, answer) in &kept {
        let vector = Vector {
            family: case.family.name(),
            op: case.op,
            pattern: &case.pattern,
            values: &case.values,
            answer,
        };
        out.push_str(&serde_json::to_string(&vector).map_err(std::io::Error::other)?);
        out.push('\n');
        tally.add(case, answer);
    }
    std::fs::write(path, &out)?;
    println!(
        "matching vectors: {} cases, {} bytes, in {}",
        kept.len(),
        out.len(),
        path.display()
    );
    tally.report(oracle, options.show)
}

/// Texts for the set-key sweep: every code point, then `runs` runs of combining marks and
/// other characters that decompose.
fn lower_inputs(seed: u64, runs: usize) -> Vec<String> {
    let mut inputs: Vec<String> = (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .map(String::from)
        .collect();
    const PARTS: &[&str] = &[
        "a",
        "A",
        "e\u{301}",
        "\u{301}",
        "\u{328}",
        "\u{308}",
        "\u{344}",
        "\u{F73}",
        "\u{F75}",
        "\u{345}",
        "\u{1161}",
        "\u{11A8}",
        "\u{1100}",
        "한",
        "가",
        "ǖ",
        "ᾷ",
        "ﬁ",
        "Ｌ",
        "\u{212A}",
        "ſ",
        "Σ",
        "ς",
        "İ",
        "\u{FDFA}",
        "\u{1D160}",
        "\u{0B3E}",
        "\u{0CC2}",
        "\u{300}",
        "\u{316}",
        "\u{5B0}",
        "\u{93C}",
        "\u{34F}",
    ];
    let mut rng = Rng::new(seed ^ 0x5EED);
    for _ in 0..runs {
        let n = rng.range(1, 45);
        let mut text = String::new();
        let heavy = rng.percent(50);
        for _ in 0..n {
            let part = if heavy && rng.percent(80) {
                *rng.pick(&[
                    "\u{301}", "\u{328}", "\u{344}", "\u{F73}", "\u{316}", "\u{345}", "\u{1161}",
                ])
            } else {
                *rng.pick(PARTS)
            };
            text.push_str(part);
        }
        inputs.push(text);
    }
    inputs
}

#[derive(serde::Deserialize)]
struct LowerAnswer {
    lower: Text,
}

/// The sweep of Prometheus' set key; with `path`, the inputs whose key is not themselves are
/// written there as vectors (code points in hex, `input<TAB>key`).
fn lower(options: &Options, path: Option<&PathBuf>, seed: u64) -> std::io::Result<bool> {
    let mut oracle = Oracle::start(&options.oracle, Mode::Lower)?;
    let inputs = lower_inputs(seed, if path.is_some() { 400 } else { 20_000 });
    let mut differ = Vec::new();
    let mut changed = 0;
    let mut lines = String::new();
    for chunk in inputs.chunks(50_000) {
        let bytes: Vec<Vec<u8>> = chunk.iter().map(|s| s.as_bytes().to_vec()).collect();
        let answers: Vec<LowerAnswer> = oracle.ask_as(&bytes)?;
        for (text, answer) in chunk.iter().zip(answers) {
            let theirs = answer.lower.lossy();
            let mine = pyroql::matching::normalised_lower(text);
            if mine != theirs {
                differ.push((text.clone(), theirs.clone(), mine));
            }
            if theirs != *text {
                changed += 1;
                let hex = |s: &str| {
                    s.chars()
                        .map(|c| format!("{:X}", u32::from(c)))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                lines.push_str(&format!("{}\t{}\n", hex(text), hex(&theirs)));
            }
        }
    }
    println!(
        "set keys (toNormalisedLower): {} texts, {} changed by it, {} differ",
        inputs.len(),
        changed,
        differ.len()
    );
    for (text, theirs, mine) in differ.iter().take(options.show) {
        println!("  {text:?}: go {theirs:?}, pyroql {mine:?}");
    }
    if let Some(path) = path {
        let info = Oracle::match_info(&options.oracle)?;
        let header = format!(
            "# Prometheus' case-insensitive set key (strings.Map(unicode.ToLower, norm.NFKD.String(s))) of every code point it changes and of runs of combining marks, from the oracle: {info}\n"
        );
        std::fs::write(path, header + &lines)?;
        println!("set-key vectors: {changed} lines in {}", path.display());
    }
    Ok(differ.is_empty())
}
