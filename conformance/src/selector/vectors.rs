//! The committed vectors: a deterministic set of inputs with the oracle's answers, chosen to
//! cover every error template Prometheus uses and every family, replayed by `cargo test`.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::oracle::{Answer, Oracle, Text};
use crate::rng::Rng;

use super::gen::{self, Family};

/// One vector: an input and the oracle's answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct Vector {
    pub input: Text,
    pub family: String,
    #[serde(flatten)]
    pub answer: Answer,
}

/// The seed the vectors are drawn with: changing it changes the committed file.
const SEED: u64 = 20261201;
/// How many random inputs of each family the selection starts from.
const POOL: usize = 30_000;
/// The most vectors kept for one error template, and for one family's accepted inputs.
const PER_TEMPLATE: usize = 6;
const ACCEPTED_PER_FAMILY: usize = 150;
/// Longer inputs are left to the live run.
const MAX_LEN: usize = 2048;

/// An error line with what varies taken out: the position and quoted parts. Inputs are chosen
/// so that each template has a few examples.
pub fn template(error: &[u8]) -> String {
    let text = String::from_utf8_lossy(error);
    let message = text.split_once("parse error: ").map_or(&*text, |(_, m)| m);
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' | '`' => {
                // A quoted part, with Go's escapes: skipped to its closing quote.
                while let Some(d) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == c {
                        break;
                    }
                }
                out.push('Q');
            }
            'U' if chars.peek() == Some(&'+') => {
                chars.next();
                while chars.peek().is_some_and(|d| d.is_ascii_hexdigit()) {
                    chars.next();
                }
                out.push('U');
            }
            c => out.push(c),
        }
    }
    out
}

/// The inputs the vectors are chosen from, in a fixed order.
fn pool() -> Vec<(Family, Vec<u8>)> {
    let mut inputs: Vec<(Family, Vec<u8>)> = Vec::new();
    for s in gen::all_escapes_alone() {
        inputs.push((Family::Escapes, s.into_bytes()));
    }
    for s in gen::all_token_pairs() {
        inputs.push((Family::Tokens, s.into_bytes()));
    }
    for s in gen::REALISTIC {
        inputs.push((Family::Mutations, s.as_bytes().to_vec()));
    }
    for (i, c) in [
        '\u{ad}',
        '\u{378}',
        '\u{1f600}',
        '\u{e0001}',
        '\u{feff}',
        '\u{fffd}',
        '\u{7f}',
    ]
    .into_iter()
    .enumerate()
    {
        for place in 0..gen::UNICODE_PLACES {
            inputs.push((
                Family::Unicode,
                gen::unicode_in(c, (place + i) % gen::UNICODE_PLACES).into_bytes(),
            ));
        }
    }
    let mut rng = Rng::new(SEED);
    for family in [
        Family::Grammar,
        Family::Tokens,
        Family::Mutations,
        Family::Unicode,
        Family::Regex,
    ] {
        for _ in 0..POOL {
            let mut sub = rng.fork();
            inputs.push((family, family.generate(&mut sub)));
        }
    }
    for _ in 0..40 {
        let mut sub = rng.fork();
        let input = Family::Huge.generate(&mut sub);
        if input.len() <= 1 << 16 {
            inputs.push((Family::Huge, input));
        }
    }
    inputs
}

/// Asks the oracle about the pool and writes the chosen vectors to `path`, and each vector's
/// input as a fuzz seed into `seeds` (`vector-NNNN`, replacing the last ones); how many.
pub fn write(
    oracle: &mut Oracle,
    info: &serde_json::Value,
    path: &Path,
    seeds: Option<&Path>,
) -> std::io::Result<usize> {
    let pool = pool();
    let inputs: Vec<Vec<u8>> = pool.iter().map(|(_, i)| i.clone()).collect();
    let mut answers = Vec::with_capacity(inputs.len());
    for chunk in inputs.chunks(5_000) {
        answers.extend(oracle.ask(chunk)?);
    }
    let mut per_template: BTreeMap<String, usize> = BTreeMap::new();
    let mut accepted: BTreeMap<Family, usize> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut chosen = Vec::new();
    for ((family, input), answer) in pool.into_iter().zip(answers) {
        let huge = family == Family::Huge;
        if (input.len() > MAX_LEN && !huge) || !seen.insert(input.clone()) {
            continue;
        }
        let keep = huge
            || family == Family::Escapes
            || match &answer.error {
                Some(error) => {
                    let n = per_template.entry(template(&error.0)).or_default();
                    *n += 1;
                    *n <= PER_TEMPLATE
                }
                None => {
                    let n = accepted.entry(family).or_default();
                    *n += 1;
                    *n <= ACCEPTED_PER_FAMILY
                }
            };
        if keep {
            chosen.push(Vector {
                input: Text(input),
                family: family.name().to_owned(),
                answer,
            });
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let header = serde_json::json!({
        "oracle": info,
        "generator": "scripts/conformance --write-vectors (pyroql-conformance selector --vectors)",
        "seed": SEED,
        "templates": per_template.len(),
    });
    writeln!(out, "{header}")?;
    for vector in &chosen {
        writeln!(
            out,
            "{}",
            serde_json::to_string(vector).map_err(std::io::Error::other)?
        )?;
    }
    out.flush()?;
    if let Some(dir) = seeds {
        std::fs::create_dir_all(dir)?;
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("vector-"))
            {
                std::fs::remove_file(path)?;
            }
        }
        for (i, vector) in chosen.iter().enumerate() {
            std::fs::write(dir.join(format!("vector-{i:04}")), &vector.input.0)?;
        }
    }
    Ok(chosen.len())
}

/// Asks the oracle again about every vector in `path`: how many there are, and how many it now
/// answers differently (a new Prometheus, or a file edited by hand).
pub fn check(oracle: &mut Oracle, path: &Path) -> std::io::Result<(usize, usize)> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut vectors = Vec::new();
    for line in file.lines().skip(1) {
        let vector: Vector = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
        vectors.push(vector);
    }
    let inputs: Vec<Vec<u8>> = vectors.iter().map(|v| v.input.0.clone()).collect();
    let mut stale = 0;
    for (chunk, vectors) in inputs.chunks(5_000).zip(vectors.chunks(5_000)) {
        for (answer, vector) in oracle.ask(chunk)?.into_iter().zip(vectors) {
            if answer != vector.answer {
                stale += 1;
                eprintln!("stale vector: {:?}", vector.input.lossy());
            }
        }
    }
    Ok((vectors.len(), stale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_drop_positions_and_quoted_parts() {
        assert_eq!(
            template(br#"1:4: parse error: unexpected identifier "b" in label matching, expected string"#),
            "unexpected identifier Q in label matching, expected string"
        );
        assert_eq!(
            template(b"2:1: parse error: unknown escape sequence U+002E '.'"),
            "unknown escape sequence U Q"
        );
        assert_eq!(
            template(br#"1:1: parse error: unexpected string "\"x\\\"y"..."#),
            "unexpected string Q..."
        );
    }
}
