//! Parse and print throughput on realistic queries (see `queries.txt`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

const QUERIES: &str = include_str!("queries.txt");

fn realistic() -> Vec<&'static str> {
    QUERIES.lines().filter(|l| !l.is_empty()).collect()
}

fn parse(c: &mut Criterion) {
    let queries = realistic();
    let bytes: usize = queries.iter().map(|q| q.len()).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("realistic", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(pyroql::parse(black_box(q)).expect("corpus parses"));
            }
        })
    });
    group.finish();
}

fn print(c: &mut Criterion) {
    let queries = realistic();
    let selectors: Vec<_> = queries
        .iter()
        .map(|q| pyroql::parse(q).expect("corpus parses"))
        .collect();
    let bytes: usize = selectors.iter().map(|s| s.to_string().len()).sum();
    let mut group = c.benchmark_group("print");
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut out = String::with_capacity(4096);
    group.bench_function("realistic", |b| {
        b.iter(|| {
            for s in &selectors {
                out.clear();
                pyroql::print::write_selector(&mut out, black_box(s), pyroql::print::Order::Source)
                    .expect("writing to a String");
                black_box(&out);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse, print);
criterion_main!(benches);
