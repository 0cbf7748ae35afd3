//! Replays the conformance vectors (`tests/vectors/`): inputs with the answers of Prometheus'
//! own code (`ParseMetricSelector` of v0.311.3, run by the lab in `conformance/`), each checked
//! byte for byte against `pyroql::parse_bytes`. Regenerate them with `scripts/conformance
//! --write-vectors`.
//!
//! The vectors are JSON lines, read with serde_json, which the `serde` feature brings; the
//! parser is the same code with any features.
#![cfg(feature = "serde")]

use std::collections::BTreeMap;

use pyroql::ErrorKind;
use serde_json::Value;

/// Bytes as the vectors write them: a JSON string, or `{"hex": "…"}` when not UTF-8.
fn bytes(value: &Value) -> Vec<u8> {
    match value {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Object(o) => {
            let hex = o["hex"].as_str().expect("hex");
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
                .collect()
        }
        other => panic!("not text: {other}"),
    }
}

/// `LINE:COL` of an error line.
fn position(error: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(error.split(|&b| b == b' ').next()?).ok()?;
    let (line, col) = text.strip_suffix(':')?.split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

fn is_regexp_error(error: &[u8]) -> bool {
    let needle = b"parse error: error parsing regexp: ";
    error.windows(needle.len()).any(|w| w == needle)
}

/// pyroql's answer in the vectors' shape: the matchers in Prometheus' order (the identifier
/// last, as `__name__`), or the error line.
fn ours(input: &[u8]) -> Result<Vec<(String, String, String)>, pyroql::ParseError> {
    let selector = pyroql::parse_bytes(input)?;
    let mut matchers: Vec<_> = selector
        .iter()
        .map(|m| (m.name.to_string(), m.op.to_string(), m.value.to_string()))
        .collect();
    if let Some(id) = selector.identifier() {
        matchers.push(("__name__".into(), "=".into(), id.as_str().into()));
    }
    Ok(matchers)
}

#[test]
fn selectors_answer_as_prometheus_answers() {
    let text = include_str!("vectors/selector.jsonl");
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("a header")).unwrap();
    assert!(
        header["oracle"]["prometheus"]
            .as_str()
            .unwrap()
            .starts_with("v0.311.3 "),
        "{header}"
    );
    let mut classes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in lines {
        let vector: Value = serde_json::from_str(line).unwrap();
        let input = bytes(&vector["input"]);
        let class = match (ours(&input), vector["ok"].as_bool().unwrap()) {
            (Ok(matchers), true) => {
                let theirs: Vec<(String, String, String)> = vector["matchers"]
                    .as_array()
                    .map_or(&[][..], |a| a.as_slice())
                    .iter()
                    .map(|m| {
                        let text = |k: &str| String::from_utf8(bytes(&m[k])).expect("UTF-8");
                        (text("name"), text("op"), text("value"))
                    })
                    .collect();
                if matchers == theirs {
                    "agree"
                } else {
                    "matchers"
                }
            }
            (Err(error), ok) => {
                let their_error = vector.get("error").map(bytes).unwrap_or_default();
                let mine = error.to_string().into_bytes();
                if !ok && mine == their_error {
                    "agree"
                } else if matches!(error.kind(), ErrorKind::EscapedInvalidUtf8)
                    && (ok
                        || position(&their_error) >= position(&mine)
                        || is_regexp_error(&their_error))
                {
                    // The one deliberate difference: escapes that leave invalid UTF-8, where
                    // Prometheus unquotes the string.
                    "documented"
                } else {
                    "differs"
                }
            }
            (Ok(_), false) => "differs",
        };
        *classes.entry(class).or_default() += 1;
        if class != "agree" && class != "documented" {
            failures.push(format!(
                "{:?}: Prometheus {line}, pyroql {:?}",
                String::from_utf8_lossy(&input),
                ours(&input).map_err(|e| e.to_string())
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors differ ({classes:?}):\n{}",
        failures.len(),
        text.lines().count() - 1,
        failures[..failures.len().min(40)].join("\n")
    );
    assert!(classes["agree"] > 2000, "{classes:?}");
    assert!(classes["documented"] > 10, "{classes:?}");
}

/// Go quotes a rune in its messages as itself exactly when `strconv.IsPrint` says so; pyroql's
/// printer must agree for every code point (U+FFFD aside, which pyroql escapes on purpose).
#[test]
fn printable_runes_are_go_s() {
    let text = include_str!("vectors/printable.txt");
    let mut go = vec![false; 0x11_0000];
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.contains("unicode 15.0.0"), "{header}");
    for line in lines {
        let (lo, hi) = line.split_once(' ').unwrap();
        let (lo, hi) = (
            usize::from_str_radix(lo, 16).unwrap(),
            usize::from_str_radix(hi, 16).unwrap(),
        );
        go[lo..=hi].iter_mut().for_each(|p| *p = true);
    }
    let mut differ = Vec::new();
    let mut printed = String::new();
    for (code, &go_prints) in go.iter().enumerate() {
        let Some(c) = char::from_u32(code as u32) else {
            continue;
        };
        if c == '\u{fffd}' || c == '"' || c == '\\' {
            continue;
        }
        printed.clear();
        let matcher = pyroql::Matcher::new("a", pyroql::MatchOp::Equal, c.to_string());
        pyroql::print::write_matcher(&mut printed, &matcher).unwrap();
        let we_print = printed.len() == 4 + c.len_utf8();
        if we_print != go_prints {
            differ.push(format!("U+{code:04X}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(20)]
    );
    assert!(go.iter().filter(|&&p| p).count() > 140_000);
}
