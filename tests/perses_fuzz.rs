//! Replays the `perses` fuzz target's seeds and minimized regressions through its checks
//! (`pyroql::fuzz_checks::perses`), and inputs built to stress the readers' budgets.
#![cfg(all(feature = "perses", feature = "fuzz-checks"))]

use std::path::Path;

fn replay(dir: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&path) else {
        return 0;
    };
    let mut replayed = 0;
    for entry in entries {
        let file = entry.expect("a readable directory").path();
        if file.file_name().is_some_and(|n| n == "README") {
            continue;
        }
        let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        pyroql::fuzz_checks::perses(&data);
        replayed += 1;
    }
    replayed
}

#[test]
fn seeds_and_regressions_pass_the_checks() {
    // The published package leaves the fuzz crate out; a checkout has it.
    if Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").is_dir() {
        assert!(replay("fuzz/seeds/perses") >= 12);
        replay("fuzz/regressions/perses");
    } else {
        eprintln!("skipped: the fuzz seeds (no fuzz/ directory in this copy)");
    }
    for name in [
        "clean.yaml",
        "dashboard-documented.yaml",
        "dashboard-shipped.json",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/perses")
            .join(name);
        pyroql::fuzz_checks::perses(&std::fs::read(path).unwrap());
    }
}

#[test]
fn huge_and_deep_documents_stay_within_budgets() {
    let inputs = [
        "[".repeat(200_000),
        "{\"a\":".repeat(100_000),
        format!("{}x{}", "[".repeat(64), "]".repeat(64)),
        "- ".repeat(10_000),
        "a: &a [*a]\n".to_owned(),
        format!("x: &x {}\ny: [{}]\n", "[1]", "*x, ".repeat(100_000)),
        "---\n".repeat(5_000),
        format!(
            "{{\"kind\":\"PyroscopeProfileQuery\",\"spec\":{{\"profileType\":\"{}\"}}}}",
            "a:".repeat(100_000)
        ),
        "\u{feff}kind: Dashboard\n".to_owned(),
        "kind: !!binary aGVsbG8=\n".to_owned(),
        "? [a, b]\n: c\n".to_owned(),
    ];
    for input in &inputs {
        pyroql::fuzz_checks::perses(input.as_bytes());
    }
    // Not UTF-8: read as the lossy text.
    pyroql::fuzz_checks::perses(
        b"kind: PyroscopeProfileQuery\nspec: {profileType: \"\xff\xfe\"}\n",
    );
}
