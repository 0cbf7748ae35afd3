//! Replays the matching vectors (`tests/vectors/matching.jsonl`): label matchers with what
//! Prometheus' own `labels.NewMatcher(op, "l", pattern).Matches(value)` answers (v0.311.3, run
//! by the lab in `conformance/`), each compared with `pyroql::matching::CompiledMatcher`; and
//! the key Prometheus' case-insensitive sets compare values by (`tests/vectors/matching_lower.txt`:
//! NFKD and lowering, from x/text and Go's tables), compared with
//! `pyroql::matching::normalised_lower`. Regenerate them with `scripts/conformance --write-vectors`.

#![cfg(all(feature = "serde", feature = "matching"))]

use std::collections::BTreeMap;

use pyroql::matching::{normalised_lower, CompiledMatcher};
use pyroql::{MatchOp, Matcher};
use serde_json::Value;

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
}

fn bools(value: &Value) -> Vec<bool> {
    value
        .as_array()
        .map(|a| a.iter().map(|b| b.as_bool().unwrap_or(false)).collect())
        .unwrap_or_default()
}

#[test]
fn matchers_answer_as_prometheus_answers() {
    let file = include_str!("vectors/matching.jsonl");
    let mut lines = file.split('\n').filter(|line| !line.is_empty());
    let header: Value = serde_json::from_str(lines.next().expect("a header")).unwrap();
    let prometheus = header["oracle"]["prometheus"].as_str().unwrap_or("");
    assert!(prometheus.starts_with("v0.311.3 "), "{header}");
    assert_eq!(header["match"]["norm"], "15.0.0", "{header}");

    let mut failures = Vec::new();
    let mut by_family: BTreeMap<String, usize> = BTreeMap::new();
    let (mut cases, mut values, mut shortcuts, mut errors, mut one_pass) = (0, 0, 0, 0, 0);
    for line in lines {
        let vector: Value = serde_json::from_str(line).unwrap();
        let op = MatchOp::from_text(text(&vector["op"])).expect("an operator");
        let pattern = text(&vector["pattern"]);
        let matcher = Matcher::new("l", op, pattern);
        *by_family
            .entry(text(&vector["family"]).to_owned())
            .or_default() += 1;
        cases += 1;
        let ours = CompiledMatcher::new(&matcher);
        if vector["ok"].as_bool() != Some(true) {
            errors += 1;
            let want = text(&vector["error"]);
            let got = ours
                .as_ref()
                .err()
                .map(|e| e.error.message(&e.matcher.value));
            if got.as_deref() != Some(want) {
                failures.push(format!("{matcher}: go {want:?}, pyroql {got:?}"));
            }
            continue;
        }
        let Ok(compiled) = ours else {
            failures.push(format!("{matcher}: go compiles it, pyroql: {ours:?}"));
            continue;
        };
        let (want, plain) = (bools(&vector["matches"]), bools(&vector["plain"]));
        for (i, v) in vector["values"]
            .as_array()
            .expect("values")
            .iter()
            .enumerate()
        {
            let value = text(v);
            values += 1;
            shortcuts += usize::from(plain.get(i).is_some_and(|p| Some(p) != want.get(i)));
            one_pass += usize::from(
                op == MatchOp::Regex
                    && pattern.contains("\\x{D")
                    && value.contains('\u{FFFD}')
                    && want.get(i) == Some(&true),
            );
            if Some(&compiled.matches(value)) != want.get(i) {
                failures.push(format!(
                    "{:.200} on {value:?}: go {:?}, pyroql {}",
                    matcher.to_string(),
                    want.get(i),
                    compiled.matches(value)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases differ:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
    // The file covers every family, the shortcuts' own answers, and Go's refusals.
    assert_eq!(by_family.len(), 10, "{by_family:?}");
    // Go's one-pass quirk among them: a surrogate escape matching U+FFFD.
    assert!(one_pass > 20, "{one_pass} one-pass surrogate matches");
    assert!(
        cases > 1500 && values > 10_000,
        "{cases} cases, {values} values"
    );
    assert!(
        shortcuts > 400,
        "{shortcuts} answers where a shortcut is not RE2"
    );
    assert!(errors > 30, "{errors} refusals");
}

#[test]
fn set_keys_are_prometheus_keys() {
    let file = include_str!("vectors/matching_lower.txt");
    let runes = |hex: &str| -> String {
        hex.split(' ')
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).expect("hex")).expect("a char"))
            .collect()
    };
    let mut failures = Vec::new();
    let mut count = 0;
    for line in file.lines().filter(|l| !l.starts_with('#')) {
        let (input, key) = line.split_once('\t').expect("input and key");
        let (input, key) = (runes(input), runes(key));
        if normalised_lower(&input) != key {
            failures.push(format!(
                "{input:?}: go {key:?}, pyroql {:?}",
                normalised_lower(&input)
            ));
        }
        count += 1;
    }
    assert!(
        failures.is_empty(),
        "{}",
        failures[..failures.len().min(30)].join("\n")
    );
    assert!(count > 18_000, "{count}");
}
