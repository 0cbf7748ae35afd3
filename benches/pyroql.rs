//! pyroql's hot paths, each reporting throughput in bytes per second:
//!
//! - `parse`: the realistic corpus (`queries.txt`), with Prometheus' full verdict (regexes
//!   checked, as `pyroql::parse` does) and with syntax alone, beside a loop that merely reads and classifies
//!   every byte once (the floor any parser stands on), beside the cost of building the output
//!   alone, beside the least reader (below), and generated queries of 1 KB, 64 KB and 1 MB, whose cost per byte should stay flat;
//! - `print`, `normalize`: the realistic corpus;
//! - `resolve`: the profile-type names users write;
//! - `perses`: query specs to `/pyroscope/render` requests.
//!
//! `cargo bench --bench pyroql`; promql-parser runs beside pyroql in `compare/`.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const QUERIES: &str = include_str!("queries.txt");

fn realistic() -> Vec<&'static str> {
    QUERIES.lines().filter(|l| !l.is_empty()).collect()
}

/// The corpus, parsed.
fn parsed(queries: &[&'static str]) -> Vec<pyroql::Selector<'static>> {
    queries
        .iter()
        .map(|q| pyroql::parse(q).expect("corpus parses"))
        .collect()
}

fn total_len<S: AsRef<str>>(texts: &[S]) -> u64 {
    texts.iter().map(|t| t.as_ref().len() as u64).sum()
}

/// The class of each byte for the baseline loop.
static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => 1,
            b'0'..=b'9' => 2,
            b'"' | b'\'' | b'`' => 3,
            b'{' | b'}' | b',' | b'=' | b'!' | b'~' => 4,
            b' ' | b'\t' | b'\n' | b'\r' => 5,
            b'\\' => 6,
            _ => 7,
        };
        b += 1;
    }
    class
};

/// Reads every byte once and classifies it: the least any parser must do.
fn classify(text: &str) -> u64 {
    text.bytes().fold(0u64, |acc, b| {
        acc.rotate_left(3) ^ u64::from(CLASS[usize::from(b)])
    })
}

/// The selector `parsed` already is, built anew from borrowed parts: what any parser producing
/// this AST pays for its output alone (the matcher list allocated, filled and freed), with no
/// byte of the query read.
fn rebuild<'a>(parsed: &'a pyroql::Selector<'_>) -> pyroql::Selector<'a> {
    let matchers = Vec::from_iter(parsed.matchers().iter().map(|m| pyroql::Matcher {
        name: Cow::Borrowed(&m.name),
        op: m.op,
        value: Cow::Borrowed(&m.value),
        spans: m.spans,
    }));
    pyroql::Selector::from_parts(parsed.identifier().cloned(), matchers)
}

/// The least reader of the corpus: what a parser that builds this AST costs when it checks
/// nothing. It reads only the form most matchers take (`name op "value"`, the name bare or
/// plainly quoted, spaces between tokens) and gives up (`None`) on anything else: comments,
/// escapes, reserved words, bytes that end a plain string. It finds the ends of names and
/// strings eight bytes at a time, as pyroql's scanners do, and allocates the matcher list once.
/// It reads the metric identifier but keeps only the matchers, which it builds as the parser
/// does.
/// It is no parser of Prometheus' grammar: it measures how far below it the speed bars stand.
fn least_reader(query: &str) -> Option<pyroql::Selector<'_>> {
    use pyroql::{MatchOp, Matcher, MatcherSpans, Selector, Span};
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // For bytes below 0x80, the high bit of each byte equal to `c`, or in `lo..=hi` (noise below).
    fn equal(y: u64, c: u8) -> u64 {
        !((y ^ (ONES * u64::from(c))) + !HIGH)
    }
    fn range(y: u64, lo: u8, hi: u8) -> u64 {
        let at_least = |c: u8| y + ONES * u64::from(0x80 - c);
        at_least(lo) & !at_least(hi + 1)
    }
    // The first byte at or after `at` whose high bit `stops` sets; the end if none.
    #[inline(always)]
    fn find(bytes: &[u8], mut at: usize, stops: impl Fn(u64) -> u64) -> usize {
        while let Some(word) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
            let hits = stops(u64::from_le_bytes(*word)) & HIGH;
            if hits != 0 {
                return at + (hits.trailing_zeros() / 8) as usize;
            }
            at += 8;
        }
        while bytes
            .get(at)
            .is_some_and(|&b| stops(u64::from(b)) & 0x80 == 0)
        {
            at += 1;
        }
        at
    }
    let name_end = |bytes: &[u8], at: usize, colon: bool| {
        find(bytes, at, |x| {
            let y = x & !HIGH;
            let letters = range(y | (ONES * 0x20), b'a', b'z');
            let digits = range(y, b'0', if colon { b':' } else { b'9' });
            !((letters | digits | equal(y, b'_')) & !x)
        })
    };
    let text_end = |bytes: &[u8], at: usize, quote: u8| {
        find(bytes, at, |x| {
            let y = x & !HIGH;
            (equal(y, quote) | equal(y, b'\\') | equal(y, b'\n')) & !x
        })
    };
    let spaces = |bytes: &[u8], mut at: usize| {
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        at
    };
    let word = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let bytes = query.as_bytes();
    let mut at = 0;
    if bytes.first().is_some_and(|&b| word(b) || b == b':') {
        // Read, not kept: `Identifier::new` would check it again.
        at = name_end(bytes, 1, true);
    }
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let commas: usize = bytes[at..]
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b','))))
        .sum();
    let mut matchers = Vec::with_capacity(commas + 1);
    at = spaces(bytes, at + 1);
    while bytes.get(at) != Some(&b'}') {
        let start = at;
        let (name, end) = match *bytes.get(at)? {
            b'"' => {
                let end = text_end(bytes, at + 1, b'"');
                (query.get(at + 1..end)?, end + 1)
            }
            b if word(b) => {
                let end = name_end(bytes, at + 1, false);
                (query.get(at..end)?, end)
            }
            _ => return None,
        };
        let name_span = Span::new(start, end);
        let op_at = spaces(bytes, end);
        let (op, op_end) = match (bytes.get(op_at)?, bytes.get(op_at + 1)) {
            (b'=', Some(b'~')) => (MatchOp::Regex, op_at + 2),
            (b'=', _) => (MatchOp::Equal, op_at + 1),
            (b'!', Some(b'~')) => (MatchOp::NotRegex, op_at + 2),
            (b'!', Some(b'=')) => (MatchOp::NotEqual, op_at + 2),
            _ => return None,
        };
        let value_at = spaces(bytes, op_end);
        let quote = *bytes.get(value_at).filter(|&&b| b == b'"' || b == b'\'')?;
        let end = text_end(bytes, value_at + 1, quote);
        if bytes.get(end) != Some(&quote) {
            return None;
        }
        matchers.push(Matcher {
            name: Cow::Borrowed(name),
            op,
            value: Cow::Borrowed(query.get(value_at + 1..end)?),
            spans: MatcherSpans {
                name: name_span,
                op: Span::new(op_at, op_end),
                value: Span::new(value_at, end + 1),
            },
        });
        at = spaces(bytes, end + 1);
        match bytes.get(at)? {
            b',' => at = spaces(bytes, at + 1),
            b'}' => {}
            _ => return None,
        }
    }
    (at + 1 == bytes.len()).then(|| Selector::from_parts(None, matchers))
}

/// A selector of at least `len` bytes: the realistic mix of operators, quoted names and escapes.
fn long_query(len: usize) -> String {
    let mut query = String::from("process_cpu:cpu:nanoseconds:cpu:nanoseconds{");
    let mut i = 0;
    while query.len() < len {
        let matcher = match i % 5 {
            0 => format!("service_name_{i}=\"api-{i}\", "),
            1 => format!("env_{i}=~\"prod|staging|dev-{i}\", "),
            2 => format!("\"k8s.pod.name.{i}\"!~\"canary-.*\", "),
            3 => format!("region_{i}!=\"eu-west-{i}\", "),
            _ => format!("message_{i}=\"say \\\"hi\\\"\\n{i}\", "),
        };
        query.push_str(&matcher);
        i += 1;
    }
    query.push('}');
    query
}

fn parse(c: &mut Criterion) {
    let queries = realistic();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(total_len(&queries)));
    group.bench_function("realistic", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(pyroql::parse(black_box(q)).expect("corpus parses"));
            }
        })
    });
    let syntax_only = pyroql::Parser::new().syntax_only();
    group.bench_function("realistic/syntax-only", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(syntax_only.parse(black_box(q)).expect("corpus parses"));
            }
        })
    });
    group.bench_function("realistic/byte-loop-baseline", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(classify(black_box(q)));
            }
        })
    });
    let parsed = parsed(&queries);
    for s in &parsed {
        assert_eq!(rebuild(s), *s, "the floor builds the parser's output");
    }
    let read = queries
        .iter()
        .zip(&parsed)
        .filter(|(q, s)| match least_reader(q) {
            Some(least) => {
                assert_eq!(
                    least.matchers(),
                    s.matchers(),
                    "the least reader's matchers: {q}"
                );
                true
            }
            None => false,
        });
    assert!(
        read.count() + 2 >= queries.len(),
        "the least reader reads the corpus"
    );
    group.bench_function("realistic/least-reader", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(least_reader(black_box(q)));
            }
        })
    });
    group.bench_function("realistic/output-floor", |b| {
        b.iter(|| {
            for s in &parsed {
                black_box(rebuild(black_box(s)));
            }
        })
    });
    for (name, len) in [("1KB", 1 << 10), ("64KB", 64 << 10), ("1MB", 1 << 20)] {
        let query = long_query(len);
        group.throughput(Throughput::Bytes(query.len() as u64));
        group.bench_with_input(BenchmarkId::new("long", name), &query, |b, q| {
            b.iter(|| black_box(pyroql::parse(black_box(q)).expect("long query parses")))
        });
        group.bench_with_input(
            BenchmarkId::new("long/byte-loop-baseline", name),
            &query,
            |b, q| b.iter(|| black_box(classify(black_box(q)))),
        );
    }
    group.finish();
}

fn print(c: &mut Criterion) {
    let selectors = parsed(&realistic());
    let printed: Vec<String> = selectors.iter().map(ToString::to_string).collect();
    let mut group = c.benchmark_group("print");
    group.throughput(Throughput::Bytes(total_len(&printed)));
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

fn normalize(c: &mut Criterion) {
    let queries = realistic();
    let selectors = parsed(&queries);
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(total_len(&queries)));
    group.bench_function("realistic", |b| {
        b.iter(|| {
            for s in &selectors {
                black_box(black_box(s).normalize());
            }
        })
    });
    group.finish();
}

fn resolve(c: &mut Criterion) {
    let names = [
        "cpu",
        "memory",
        "goroutines",
        "alloc_space",
        "memory/alloc_space",
        "process_cpu/cpu",
        "mutex",
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
        "memory:alloc_in_new_tlab_bytes:bytes:space:bytes",
    ];
    let available = pyroql::profile_type::Available::from_ids([
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
        "memory:alloc_in_new_tlab_bytes:bytes:space:bytes",
        "memory:alloc_space:bytes:space:bytes",
        "goroutine:goroutine:count:goroutine:count",
        "mutex:delay:nanoseconds:mutex:count",
    ])
    .expect("valid IDs");
    let mut group = c.benchmark_group("resolve");
    group.throughput(Throughput::Bytes(total_len(&names)));
    group.bench_function("names", |b| {
        b.iter(|| {
            for name in &names {
                black_box(pyroql::profile_type::resolve(black_box(name), None).expect("resolves"));
            }
        })
    });
    group.bench_function("names/with-server-list", |b| {
        b.iter(|| {
            for name in &names {
                black_box(
                    pyroql::profile_type::resolve(black_box(name), Some(&available))
                        .expect("resolves"),
                );
            }
        })
    });
    group.finish();
}

fn perses(c: &mut Criterion) {
    let specs: Vec<String> = [
        r#"{"profileType":"cpu","query":"{service_name=\"api\", environment=\"production\"}"}"#,
        r#"{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","service":"checkout","filters":[{"labelName":"service.version","labelValue":"1.4","operator":"="},{"labelName":"pod","labelValue":"checkout-.*","operator":"=~"}],"maxNodes":2048}"#,
        r#"{"profileType":"memory/alloc_space","service":"frontend","filters":[{"labelName":"region","labelValue":"eu \"west\"","operator":"!="}]}"#,
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let parsed: Vec<pyroql::perses::PyroscopeProfileQuerySpec> = specs
        .iter()
        .map(|s| serde_json::from_str(s).expect("valid spec"))
        .collect();
    let mut group = c.benchmark_group("perses");
    group.throughput(Throughput::Bytes(total_len(&specs)));
    group.bench_function("spec-to-render-request", |b| {
        b.iter(|| {
            for spec in &parsed {
                let executed = black_box(spec).execute(None).expect("executes");
                black_box(executed.render_url("http://pyroscope:4040", "now-1h", "now"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse, print, normalize, resolve, perses);
criterion_main!(benches);
