//! Replays the regex vectors (`tests/vectors/regexp.jsonl`): patterns with the verdict of
//! Prometheus' own `labels.NewFastRegexMatcher` (v0.311.3, run by the lab in `conformance/`),
//! each checked byte for byte against `pyroql::regexp::check`, and against `parse`, which must
//! agree with it. Regenerate them with `scripts/conformance --write-vectors`.
//!
//! The vectors are JSON lines, read with serde_json, which the `serde` feature brings; the
//! regex checks are the same code with any features.
#![cfg(feature = "serde")]

use std::collections::BTreeMap;

use serde_json::Value;

/// Text as the vectors write it: a JSON string (every pattern here is UTF-8).
fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
}

/// Go's error code in an error line.
fn code(error: &str) -> &str {
    let rest = error
        .strip_prefix("error parsing regexp: ")
        .unwrap_or(error);
    rest.split(": `").next().unwrap_or(rest)
}

#[test]
fn patterns_answer_as_prometheus_answers() {
    let file = include_str!("vectors/regexp.jsonl");
    // Lines end at `\n` only: patterns may hold U+2028 and the like.
    let mut lines = file.split('\n').filter(|line| !line.is_empty());
    let header: Value = serde_json::from_str(lines.next().expect("a header")).unwrap();
    let prometheus = header["oracle"]["prometheus"].as_str().unwrap_or("");
    assert!(prometheus.starts_with("v0.311.3 "), "{header}");
    assert_eq!(header["call"], "labels.NewFastRegexMatcher", "{header}");

    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in lines {
        let vector: Value = serde_json::from_str(line).unwrap();
        let pattern = text(&vector["pattern"]);
        let want = match vector["ok"].as_bool() {
            Some(true) => None,
            _ => Some(text(&vector["error"]).to_owned()),
        };
        let got = pyroql::regexp::check(pattern)
            .err()
            .map(|e| e.message(pattern));
        let parsed = pyroql::regexp::parse(pattern)
            .err()
            .map(|e| e.message(pattern));
        if got != want || parsed != want {
            failures.push(format!(
                "{:.200}\n    go:    {want:.200?}\n    check: {got:.200?}\n    parse: {parsed:.200?}",
                format!("{pattern:?}")
            ));
        }
        let class = want.as_deref().map_or("ok", code).to_owned();
        *codes.entry(class).or_default() += 1;
        count += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {count} vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every error Go gives for a pattern is among them.
    for code in [
        "ok",
        "invalid character class range",
        "invalid escape sequence",
        "invalid named capture",
        "invalid or unsupported Perl syntax",
        "invalid nested repetition operator",
        "invalid repeat count",
        "missing closing ]",
        "missing closing )",
        "missing argument to repetition operator",
        "trailing backslash at end of expression",
        "unexpected )",
        "expression nests too deeply",
        "expression too large",
    ] {
        assert!(codes.contains_key(code), "no vector of {code}: {codes:?}");
    }
    assert!(count > 3000, "{count} vectors");
}
