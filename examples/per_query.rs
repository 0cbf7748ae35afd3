//! Times each query of the benchmark corpus on its own, for finding the expensive ones.
//!
//! `cargo run --release --example per_query`

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let corpus = include_str!("../benches/queries.txt");
    for query in corpus.lines().filter(|l| !l.is_empty()) {
        let rounds = 2_000_000;
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(pyroql::parse(black_box(query)).ok());
        }
        let ns = start.elapsed().as_nanos() as f64 / f64::from(rounds);
        println!("{ns:6.1} ns {:4} B  {query}", query.len());
    }
}
