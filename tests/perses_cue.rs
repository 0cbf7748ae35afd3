//! `lint`'s schema class beside Perses' own verdict: every Pyroscope plugin of the test documents
//! (`tests/data/perses/cue-plugins.jsonl`, extracted here) validated by `peers/cue` as the Perses
//! server validates it, recorded in `tests/data/perses/cue-verdicts.jsonl`. A plugin has a
//! `schema` diagnostic exactly when Perses refuses it.
#![cfg(feature = "perses")]

use std::path::PathBuf;
use std::process::{Command, Stdio};

use pyroql::perses::{self, Class, Node, Path};
use serde_json::{json, Value};

const DOCUMENTS: &[&str] = &[
    "accepted-upstream.yaml",
    "clean.yaml",
    "dashboard-documented.yaml",
    "dashboard-shipped.json",
    "refused-upstream.json",
    "schema-probes.yaml",
    "seed-datasource-proxy.yaml",
    "seed-datasource-simple.yaml",
    "seed-profile-query.yaml",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every plugin (a map with a Pyroscope kind and a spec) below `node`, with its path.
fn collect(node: &Node, path: Path, out: &mut Vec<(String, Value)>) {
    match &node.value {
        perses::Value::Map(entries) => {
            let kind = node.get("kind").and_then(Node::as_str);
            if matches!(kind, Some("PyroscopeDatasource" | "PyroscopeProfileQuery"))
                && node.get("spec").is_some()
            {
                out.push((path.to_string(), node.to_json()));
            }
            for entry in entries {
                collect(&entry.value, path.key(&entry.key), out);
            }
        }
        perses::Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, path.index(i), out);
            }
        }
        _ => {}
    }
}

/// The plugins of the test documents, as `peers/cue` reads them.
fn plugins() -> Vec<Value> {
    let mut lines = Vec::new();
    for file in DOCUMENTS {
        let documents =
            perses::read_documents(&read(&format!("tests/data/perses/{file}"))).unwrap();
        for (i, document) in documents.iter().enumerate() {
            let mut found = Vec::new();
            collect(document, Path::document(i, documents.len()), &mut found);
            for (path, plugin) in found {
                lines.push(json!({"file": file, "path": path, "plugin": plugin}));
            }
        }
    }
    lines
}

fn jsonl(lines: &[Value]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Whether `lint` gives the plugin at `path` of `file` a `schema` diagnostic.
fn lint_refuses(file: &str, path: &str) -> bool {
    let lint = perses::lint(&read(&format!("tests/data/perses/{file}"))).unwrap();
    lint.diagnostics.iter().any(|d| {
        d.class == Class::Schema
            && (d.path == path
                || d.path.starts_with(&format!("{path}."))
                || d.path.starts_with(&format!("{path}[")))
    })
}

/// With `PYROQL_BLESS=1`, writes the list instead (then run `peers/cue/run.sh` on it).
#[test]
fn the_plugin_list_is_current() {
    let lines = jsonl(&plugins());
    if std::env::var("PYROQL_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(root().join("tests/data/perses/cue-plugins.jsonl"), &lines).unwrap();
    }
    assert_eq!(lines, read("tests/data/perses/cue-plugins.jsonl"));
}

#[test]
fn lints_schema_class_is_perses_verdict() {
    let text = read("tests/data/perses/cue-verdicts.jsonl");
    let mut lines = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap());
    let header = lines.next().unwrap();
    assert_eq!(header["spec"], "spec@v0.2.0");
    assert_eq!(header["shared"], "shared@v0.54.0");
    assert_eq!(header["cue"], "cuelang.org/go@v0.16.1");
    let verdicts: Vec<Value> = lines.collect();
    assert_eq!(verdicts.len(), plugins().len());
    let mut disagreements = Vec::new();
    let mut refused = 0;
    for verdict in &verdicts {
        let (file, path) = (
            verdict["file"].as_str().unwrap(),
            verdict["path"].as_str().unwrap(),
        );
        let perses_refuses = verdict["verdict"] == "refused";
        refused += usize::from(perses_refuses);
        if perses_refuses != lint_refuses(file, path) {
            disagreements.push(format!("{file} {path}: Perses {}", verdict));
        }
    }
    assert_eq!(disagreements, Vec::<String>::new());
    assert_eq!((verdicts.len(), refused), (66, 44));
}

fn go_works() -> bool {
    Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_recorded_verdicts_are_what_the_cue_schemas_say() {
    let required = std::env::var("PYROQL_PEERS").is_ok_and(|v| v == "require");
    let checkout = std::env::var("PYROQL_PERSES_PLUGINS").ok();
    let why = match (&checkout, go_works()) {
        (_, false) => Some("go is not installed"),
        (None, true) => Some("PYROQL_PERSES_PLUGINS does not name a perses/plugins checkout"),
        _ => None,
    };
    if let Some(why) = why {
        // The schemas are not on the Go module proxy, so a checkout is not required.
        assert!(
            !required || checkout.is_none(),
            "PYROQL_PEERS=require, but {why}"
        );
        eprintln!("skipped: the live CUE check: {why}");
        return;
    }
    let mut child = Command::new(root().join("peers/cue/run.sh"))
        .arg(checkout.unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        read("tests/data/perses/cue-plugins.jsonl").as_bytes(),
    )
    .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let fresh = String::from_utf8(output.stdout).unwrap();
    let recorded = read("tests/data/perses/cue-verdicts.jsonl");
    // The header names the checkout; the verdicts must be the same.
    assert_eq!(
        fresh.lines().skip(1).collect::<Vec<_>>(),
        recorded.lines().skip(1).collect::<Vec<_>>()
    );
}
