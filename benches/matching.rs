//! Matching speed, beside Prometheus' own (`scripts/conformance --bench` runs the Go side on
//! the very same inputs and prints the comparison):
//!
//! - `matching/<case>`: one matcher over 100,000 generated label values (service names, pod
//!   names, addresses, mixed case, absent labels as `""`), counting the matches: the loop
//!   Go's `m.Matches(v)` runs in the oracle's `bench` mode;
//! - `compile/<case>`: `CompiledSelector::new` of the one-matcher selector, and
//!   `compile_matcher/<case>`: `CompiledMatcher::new` of the matcher, beside Go's
//!   `labels.NewMatcher`.
//!
//! `cargo bench --bench matching`. With `PYROQL_MATCH_BENCH_SPEC=PATH` set, the inputs (cases
//! and values) are also written to PATH as the Go side's spec.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pyroql::matching::{CompiledMatcher, CompiledSelector};
use pyroql::{MatchOp, Matcher, Selector};

/// The selector classes of the comparison: (name, label, op, value).
pub const CASES: &[(&str, &str, MatchOp, &str)] = &[
    ("equal", "service_name", MatchOp::Equal, "api"),
    ("literal_alternation", "env", MatchOp::Regex, "prod|staging"),
    ("prefix", "pod", MatchOp::Regex, "checkout-.*"),
    ("not_prefix", "pod", MatchOp::NotRegex, "canary-.*"),
    (
        "prefix_and_suffix",
        "addr",
        MatchOp::Regex,
        "10\\.0\\..*:4040",
    ),
    ("not_empty", "env", MatchOp::NotEqual, ""),
    (
        "alternation_6",
        "service_name",
        MatchOp::Regex,
        "api|worker|scheduler|frontend|backend|db",
    ),
    (
        "case_insensitive_prefix",
        "pod",
        MatchOp::Regex,
        "(?i)checkout.*",
    ),
    ("contains", "path", MatchOp::Regex, ".*foo.*"),
    (
        "pod_hash",
        "pod",
        MatchOp::Regex,
        "[a-z-]+-[0-9a-f]{9,10}-[a-z0-9]{5}",
    ),
];

/// How many values each case runs over.
pub const VALUES: usize = 100_000;

/// A seeded SplitMix64, so that every run sees the same values.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

const SERVICES: &[&str] = &[
    "api",
    "worker",
    "scheduler",
    "frontend",
    "backend",
    "db",
    "checkout",
    "cart",
    "payment",
    "ingester",
    "querier",
    "distributor",
    "compactor",
    "canary",
    "api-gateway",
    "auth",
];
const ENVS: &[&str] = &[
    "prod",
    "staging",
    "dev",
    "qa",
    "production",
    "prod-eu",
    "Prod",
];
const HEX: &[u8] = b"0123456789abcdef";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn chars(rng: &mut Rng, from: &[u8], n: usize) -> String {
    (0..n)
        .map(|_| char::from(from[rng.below(from.len())]))
        .collect()
}

/// One realistic label value: what Pyroscope's series carry in `service_name`, `env`, `pod`,
/// `addr`, `path`, or nothing (an absent label, `""`).
fn value(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=1 => String::new(),
        2..=4 => rng.pick(SERVICES).to_owned(),
        5..=6 => rng.pick(ENVS).to_owned(),
        7..=10 => {
            // A pod: deployment-replicaset-hash, sometimes capitalised.
            let service = rng.pick(SERVICES);
            let len = 9 + rng.below(2);
            let hash = chars(rng, HEX, len);
            let suffix = chars(rng, ALNUM, 5);
            let pod = format!("{service}-{hash}-{suffix}");
            if rng.below(10) == 0 {
                pod.to_uppercase()
            } else {
                pod
            }
        }
        11..=13 => format!(
            "10.{}.{}.{}:{}",
            rng.below(3),
            rng.below(256),
            rng.below(256),
            ["4040", "8080", "4040", "9090"][rng.below(4)]
        ),
        14..=16 => {
            let parts = 1 + rng.below(4);
            let mut path = String::new();
            for _ in 0..parts {
                path.push('/');
                path.push_str(
                    rng.pick(&["api", "v1", "push", "foo", "render", "users", "bar", "food"]),
                );
            }
            path
        }
        17 => format!("canary-{}", chars(rng, ALNUM, 6)),
        18 => format!("checkout-{}", rng.pick(SERVICES)),
        _ => {
            let service = rng.pick(SERVICES);
            format!("{service}.{}.svc.cluster.local", rng.pick(ENVS))
        }
    }
}

/// The values every case runs over.
pub fn values() -> Vec<String> {
    let mut rng = Rng(20_261_515);
    (0..VALUES).map(|_| value(&mut rng)).collect()
}

fn matcher(
    &(_, label, op, value): &(&'static str, &'static str, MatchOp, &'static str),
) -> Matcher<'static> {
    Matcher::new(label, op, value)
}

/// Writes the Go side's spec, when asked to.
fn write_spec(values: &[String]) {
    let Some(path) = std::env::var_os("PYROQL_MATCH_BENCH_SPEC") else {
        return;
    };
    let cases: Vec<String> = CASES
        .iter()
        .map(|&(name, _, op, value)| {
            format!(
                r#"{{"name":{},"op":{},"pattern":{}}}"#,
                json(name),
                json(op.as_str()),
                json(value)
            )
        })
        .collect();
    let values: Vec<String> = values.iter().map(|v| json(v)).collect();
    let spec = format!(
        r#"{{"cases":[{}],"values":[{}],"rounds":25,"compiles":5000}}"#,
        cases.join(","),
        values.join(",")
    );
    std::fs::write(&path, spec).expect("the spec is written");
}

/// A JSON string.
fn json(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn bench(c: &mut Criterion) {
    let values = values();
    write_spec(&values);
    let mut group = c.benchmark_group("matching");
    group.throughput(Throughput::Elements(VALUES as u64));
    for case in CASES {
        let compiled = CompiledMatcher::new(&matcher(case)).expect("compiles");
        group.bench_function(case.0, |b| {
            b.iter(|| {
                black_box(&values)
                    .iter()
                    .filter(|v| compiled.matches(v))
                    .count()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("compile");
    for case in CASES {
        let selector = Selector::from_parts(None, vec![matcher(case)]);
        group.bench_function(case.0, |b| {
            b.iter(|| CompiledSelector::new(black_box(&selector)).expect("compiles"))
        });
    }
    group.finish();

    // `labels.NewMatcher`'s own counterpart: one matcher, no selector around it.
    let mut group = c.benchmark_group("compile_matcher");
    for case in CASES {
        let m = matcher(case);
        group.bench_function(case.0, |b| {
            b.iter(|| CompiledMatcher::new(black_box(&m)).expect("compiles"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
