//! The regex lab: Go RE2 patterns as Prometheus' `labels.NewFastRegexMatcher` reads them (the
//! oracle's `regexp` mode), against `pyroql::regexp::check`.
//!
//! ```text
//! pyroql-conformance regexp [--oracle PATH] [--count N] [--seed S|random] [--vectors PATH] [--show K]
//! ```
//!
//! With `--count N`, a live differential: N fresh patterns of every family, each asked of the
//! oracle and of pyroql; the verdicts and the exact error lines must agree. Differences are
//! counted by class and shrunk to small examples. With `--vectors PATH`, the committed vectors
//! are written (from a fixed seed, so that they are reproducible): a header line with the
//! oracle's versions, then one `{"pattern", "family", "ok", "error"}` line per case, a few
//! thousand covering every family and every error Go gives.

mod compare;
pub(crate) mod generate;
mod listed;
mod long;
pub(crate) mod syntax;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use self::compare::{classify, code, minimize, ours, Class};
use self::generate::Family;
use crate::command::{self, Options};
use crate::oracle::{Answer, Mode, Oracle, Text};
use crate::report::{in_batches, shorten, Counts};
use crate::rng::Rng;

/// The seed of the committed vectors.
const VECTOR_SEED: u64 = 20_261_201;

const USAGE: &str = "usage: pyroql-conformance regexp [--oracle PATH] [--count N] [--seed S|random] [--vectors PATH] [--show K]";

pub fn run(args: &[String]) -> i32 {
    command::exit_status(
        "regexp",
        USAGE,
        command::options(args, &mut []),
        |options| lab(&options),
    )
}

/// Runs what the options ask; `false` when pyroql and the oracle disagreed somewhere.
fn lab(options: &Options) -> std::io::Result<bool> {
    let mut oracle = Oracle::start(&options.oracle, Mode::Regexp)?;
    let mut agreed = true;
    if let Some(path) = &options.vectors {
        agreed &= write_vectors(&mut oracle, options, path)?;
    }
    if options.count > 0 {
        agreed &= differential(&mut oracle, options)?;
    }
    Ok(agreed)
}

/// Counts of a run.
#[derive(Default)]
struct Tally {
    counts: Counts,
    /// The first differences: family, class, pattern.
    differences: Vec<(Family, Class, String)>,
}

impl Tally {
    fn add(&mut self, family: Family, pattern: &str, theirs: &Answer) {
        let (verdict, took) = ours(pattern);
        let class = classify(theirs, &verdict);
        self.counts
            .add(family.name(), class.name(), class == Class::AGREE);
        self.counts.verdict(code(theirs));
        self.counts.took(pattern, took);
        if class != Class::AGREE && self.differences.len() < 1000 {
            self.differences.push((family, class, pattern.to_owned()));
        }
    }

    fn report(&self, oracle: &mut Oracle, show: usize) -> std::io::Result<bool> {
        println!("regexp: {} patterns", self.counts.total());
        let classes: Vec<&str> = Class::all().into_iter().map(Class::name).collect();
        let families = Family::ALL.map(Family::name);
        self.counts
            .print(28, &classes, &families, "by Go's verdict:", show);
        let mut shown = BTreeSet::new();
        for (family, class, pattern) in &self.differences {
            if shown.len() >= show {
                break;
            }
            let small = minimize(oracle, pattern)?;
            if !shown.insert(small.clone()) {
                continue;
            }
            let theirs_now = oracle.ask(&[small.as_bytes().to_vec()])?;
            let ours_now = ours(&small).0;
            println!(
                "difference ({}, {}): {}",
                family.name(),
                class.name(),
                shorten(pattern)
            );
            println!("  minimized: {:?}", shorten(&small));
            println!("  go:     {}", describe_theirs(&theirs_now[0]));
            println!("  pyroql: {}", describe_ours(&ours_now));
        }
        Ok(self.differences.is_empty() && self.counts.none_slow())
    }
}

fn describe_theirs(answer: &Answer) -> String {
    match &answer.error {
        None => "ok".to_owned(),
        Some(e) => shorten(&e.lossy()),
    }
}

fn describe_ours(verdict: &Option<Result<(), String>>) -> String {
    match verdict {
        None => "panic".to_owned(),
        Some(Ok(())) => "ok".to_owned(),
        Some(Err(e)) => shorten(e),
    }
}

/// The live differential.
fn differential(oracle: &mut Oracle, options: &Options) -> std::io::Result<bool> {
    println!(
        "regexp differential: {} patterns, seed {}",
        options.count, options.seed
    );
    let mut rng = Rng::new(options.seed);
    let mut tally = Tally::default();
    in_batches(options.count, 2000, "patterns", |batch| {
        let patterns: Vec<(Family, String)> = (0..batch)
            .map(|_| {
                let family = Family::draw(&mut rng);
                let mut sub = rng.fork();
                (family, family.generate(&mut sub))
            })
            .collect();
        let bytes: Vec<Vec<u8>> = patterns
            .iter()
            .map(|(_, p)| p.as_bytes().to_vec())
            .collect();
        let answers = oracle.ask(&bytes)?;
        for ((family, pattern), theirs) in patterns.iter().zip(&answers) {
            tally.add(*family, pattern, theirs);
        }
        Ok(())
    })?;
    tally.report(oracle, options.show)
}

/// A shape of pattern, made at any size, and a size by which its verdict has changed.
type Shape = (&'static str, fn(usize) -> String, usize);

/// Shapes whose verdict changes as they grow.
fn shapes() -> Vec<Shape> {
    vec![
        (
            "nested captures",
            |n| format!("{}a{}", "(".repeat(n), ")".repeat(n)),
            1200,
        ),
        (
            "nested letters",
            |n| format!("{}\\pL{}", "(?:".repeat(n), ")".repeat(n)),
            9000,
        ),
        (
            "nested letters, then )",
            |n| format!("{}\\pL{})", "(?:".repeat(n), ")".repeat(n)),
            9000,
        ),
        (
            "sized, then more",
            |n| format!("(?:{}){{1000}}{}", "a.".repeat(1677), ".".repeat(n)),
            1500,
        ),
        ("nested stars", |n| "(a".repeat(n) + &")*".repeat(n), 400),
    ]
}

/// For each shape, the sizes on both sides of every change of Go's verdict, found by asking
/// the oracle: Go's limits to the unit.
fn boundaries(oracle: &mut Oracle) -> std::io::Result<Vec<(String, Answer)>> {
    let mut cases = Vec::new();
    for (_, shape, most) in shapes() {
        let ask = |oracle: &mut Oracle, n: usize| -> std::io::Result<Answer> {
            Ok(oracle.ask(&[shape(n).into_bytes()])?.remove(0))
        };
        let mut from = 0;
        let mut verdict = code(&ask(oracle, from)?);
        // Each change in turn: the least size past `from` with another verdict.
        while code(&ask(oracle, most)?) != verdict {
            let (mut lo, mut hi) = (from, most);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if code(&ask(oracle, mid)?) == verdict {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            for n in [lo, hi] {
                cases.push((shape(n), ask(oracle, n)?));
            }
            from = hi;
            verdict = code(&ask(oracle, hi)?);
        }
    }
    Ok(cases)
}

/// One line of the vectors file.
#[derive(Serialize)]
struct Vector {
    pattern: Text,
    family: &'static str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Text>,
}

/// Writes the committed vectors: generated from [`VECTOR_SEED`], each family's candidates
/// grouped by Go's verdict, and a few of each group kept: the shortest and some from the
/// middle, which are more varied. Of the long patterns, only the shortest of each verdict.
fn write_vectors(oracle: &mut Oracle, options: &Options, path: &PathBuf) -> std::io::Result<bool> {
    let mut rng = Rng::new(VECTOR_SEED);
    let mut kept: Vec<(Family, String, Answer)> = Vec::new();
    let mut seen = BTreeSet::new();
    for family in Family::ALL {
        let (candidates, shortest, middle) = match family {
            Family::Listed => (listed::LISTED.len(), usize::MAX, 0),
            Family::Long => (400, 2, 0),
            Family::Realistic => (6000, 100, 100),
            _ => (6000, 40, 40),
        };
        let mut sub = rng.fork();
        let patterns: Vec<String> = if family == Family::Listed {
            listed::LISTED.iter().map(|p| (*p).to_owned()).collect()
        } else {
            (0..candidates)
                .map(|_| family.generate(&mut sub.fork()))
                .collect()
        };
        let patterns: Vec<String> = patterns
            .into_iter()
            .filter(|p| seen.insert(p.clone()))
            .collect();
        let bytes: Vec<Vec<u8>> = patterns.iter().map(|p| p.as_bytes().to_vec()).collect();
        let answers = oracle.ask(&bytes)?;
        let mut groups: BTreeMap<String, Vec<(String, Answer)>> = BTreeMap::new();
        for (pattern, answer) in patterns.into_iter().zip(answers) {
            groups
                .entry(code(&answer))
                .or_default()
                .push((pattern, answer));
        }
        for (_, mut group) in groups {
            group.sort_by(|a, b| (a.0.len(), &a.0).cmp(&(b.0.len(), &b.0)));
            let half = group.len() / 2;
            let picks: BTreeSet<usize> = (0..shortest.min(group.len()))
                .chain(half..(half + middle).min(group.len()))
                .collect();
            for i in picks {
                let (pattern, answer) = group[i].clone();
                kept.push((family, pattern, answer));
            }
        }
    }
    for (pattern, answer) in boundaries(oracle)? {
        if seen.insert(pattern.clone()) {
            kept.push((Family::Long, pattern, answer));
        }
    }
    let info = Oracle::info(&options.oracle)?;
    let header = serde_json::json!({
        "generator": "scripts/conformance --write-vectors (pyroql-conformance regexp --vectors)",
        "oracle": info,
        "seed": VECTOR_SEED,
        "call": "labels.NewFastRegexMatcher",
    });
    let mut out = serde_json::to_string(&header).map_err(std::io::Error::other)?;
    out.push('\n');
    let mut tally = Tally::default();
    for (family, pattern, answer) in &kept {
        let vector = Vector {
            pattern: Text::from(pattern.as_str()),
            family: family.name(),
            ok: answer.ok,
            error: answer.error.clone(),
        };
        out.push_str(&serde_json::to_string(&vector).map_err(std::io::Error::other)?);
        out.push('\n');
        tally.add(*family, pattern, answer);
    }
    std::fs::write(path, &out)?;
    println!(
        "regexp vectors: {} cases, {} bytes, in {}",
        kept.len(),
        out.len(),
        path.display()
    );
    tally.report(oracle, options.show)
}
