//! Parses the benchmark corpus in a loop, for profilers (`perf record`, `valgrind --tool=callgrind`).
//!
//! `cargo run --release --example parse_loop -- 100000`

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let corpus = include_str!("../benches/queries.txt");
    let queries: Vec<&str> = corpus.lines().filter(|l| !l.is_empty()).collect();
    let mut matchers = 0;
    for _ in 0..rounds {
        for query in &queries {
            matchers += pyroql::parse(std::hint::black_box(query))
                .map(|s| s.len())
                .unwrap_or(0);
        }
    }
    println!("{matchers} matchers parsed");
}
