//! Replays every fuzz seed and every minimized regression through the fuzz targets' own checks
//! (`pyroql::fuzz_checks`), so that CI guards what fuzzing found.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable directory").path();
            if path.file_name().is_some_and(|n| n == "README") {
                continue;
            }
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            check(&data);
            replayed += 1;
        }
    }
    replayed
}

#[test]
fn parse_corpus() {
    assert!(replay("parse", pyroql::fuzz_checks::parse_bytes) >= 200);
}

#[test]
fn roundtrip_corpus() {
    assert!(replay("roundtrip", pyroql::fuzz_checks::roundtrip) >= 10);
}

#[test]
fn profile_type_corpus() {
    assert!(replay("profile_type", pyroql::fuzz_checks::profile_type) >= 5);
}

#[test]
fn normalize_corpus() {
    assert!(replay("normalize", pyroql::fuzz_checks::normalize) >= 3);
}

#[test]
fn matching_corpus() {
    assert!(replay("matching", pyroql::fuzz_checks::matching) >= 20);
}

#[test]
fn perses_corpus() {
    assert!(replay("perses", pyroql::fuzz_checks::perses) >= 5);
}
