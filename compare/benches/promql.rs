//! pyroql and promql-parser 0.11 parsing the same selectors, in one run.
//!
//! `cargo bench -p pyroql-compare`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn parse(c: &mut Criterion) {
    let queries = pyroql_compare::common_queries();
    let bytes: u64 = queries.iter().map(|q| q.len() as u64).sum();
    let mut group = c.benchmark_group("selectors");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("pyroql", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(pyroql::parse(black_box(q)).expect("parses"));
            }
        })
    });
    group.bench_function("promql-parser", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(promql_parser::parser::parse(black_box(q)).expect("parses"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
