//! Shrinks an input on which pyroql and the oracle differ to a small one that still differs the
//! same way: delta debugging over bytes, each round's candidates asked of the oracle at once.

use crate::oracle::Oracle;

use super::compare::{classify, ours, Class};

/// The largest input worth shrinking byte by byte; longer ones are first cut by halves only.
const FINE_LIMIT: usize = 4096;

/// A smaller input that `oracle` and pyroql answer with the same class of difference as
/// `input`, and how many inputs were asked.
pub fn minimize(
    oracle: &mut Oracle,
    input: &[u8],
    class: Class,
    toolchain: &dyn Fn(char) -> bool,
) -> std::io::Result<(Vec<u8>, usize)> {
    let mut best = input.to_vec();
    let mut asked = 0;
    let mut chunk = best.len().div_ceil(2).max(1);
    loop {
        if best.len() > FINE_LIMIT && chunk < best.len() / 64 {
            break;
        }
        let candidates: Vec<Vec<u8>> = (0..best.len())
            .step_by(chunk)
            .map(|at| {
                let mut c = best.clone();
                c.drain(at..(at + chunk).min(best.len()));
                c
            })
            .collect();
        asked += candidates.len();
        let answers = oracle.ask(&candidates)?;
        let found = candidates
            .into_iter()
            .zip(answers)
            .find(|(candidate, theirs)| {
                classify(candidate, &ours(candidate), theirs, toolchain) == class
            });
        match found {
            Some((smaller, _)) => {
                best = smaller;
                chunk = chunk.min(best.len().div_ceil(2)).max(1);
            }
            None if chunk == 1 => break,
            None => chunk = chunk.div_ceil(2),
        }
        if best.is_empty() {
            break;
        }
    }
    Ok((best, asked))
}
