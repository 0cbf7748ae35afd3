//! pyroql beside the published Perses Pyroscope plugin: the requests its real `getProfileData`
//! makes for the specs of `tests/data/perses/plugin-cases.json`, recorded by
//! `peers/node/render-requests.cjs` in `tests/data/perses/plugin-requests.jsonl`.
//!
//! pyroql rebuilds the plugin's request byte for byte, and its own request decodes to the same
//! `query` and `maxNodes` except where a case says pyroql differs on purpose (quoting names,
//! escaping values, resolving short profile-type names, running the documented `query`).
#![cfg(feature = "perses")]

use std::path::PathBuf;
use std::process::Command;

use pyroql::perses::{plugin, PyroscopeDatasourceSpec, PyroscopeProfileQuerySpec, TimeRange};
use serde_json::Value;

const ORACLE: &str = "@perses-dev/pyroscope-plugin@0.4.0";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Case {
    name: String,
    spec: PyroscopeProfileQuerySpec,
    /// `directUrl`, or else the proxy URL the datasource store hands the plugin.
    datasource_url: String,
    range: TimeRange,
    /// pyroql's own `query` where it differs from the plugin's on purpose.
    pyroql_query: Option<String>,
}

fn cases() -> Vec<Case> {
    let cases: Vec<Value> =
        serde_json::from_str(&read("tests/data/perses/plugin-cases.json")).unwrap();
    cases
        .into_iter()
        .map(|case| {
            let datasource: PyroscopeDatasourceSpec =
                serde_json::from_value(case["datasource"].clone()).unwrap();
            let datasource_url = datasource
                .direct_url
                .clone()
                .or_else(|| case["proxyUrl"].as_str().map(str::to_owned))
                .unwrap();
            let range = match &case["range"] {
                Value::Null => TimeRange::Unset,
                range => TimeRange::Absolute {
                    start_ms: range["startMs"].as_i64().unwrap(),
                    end_ms: range["endMs"].as_i64().unwrap(),
                },
            };
            Case {
                name: case["name"].as_str().unwrap().to_owned(),
                spec: serde_json::from_value(case["spec"].clone()).unwrap(),
                datasource_url,
                range,
                pyroql_query: case["pyroql"]["query"].as_str().map(str::to_owned),
            }
        })
        .collect()
}

/// The recording: its header, and one line per case.
fn recording() -> (Value, Vec<Value>) {
    let text = read("tests/data/perses/plugin-requests.jsonl");
    let mut lines = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap());
    let header = lines.next().unwrap();
    (header, lines.collect())
}

/// The decoded parameters of a URL's query string, in order.
fn parameters(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name), form_decode(value))
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn parameter(url: &str, name: &str) -> Option<String> {
    parameters(url)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

#[test]
fn pyroql_rebuilds_the_plugins_requests_and_differs_only_on_purpose() {
    let (header, recorded) = recording();
    assert_eq!(header["oracle"], ORACLE);
    let cases = cases();
    assert_eq!(cases.len(), recorded.len());
    assert_eq!(cases.len(), 14);
    let mut differing = Vec::new();
    for (case, recorded) in cases.iter().zip(&recorded) {
        assert_eq!(recorded["case"], case.name.as_str());
        let requests = recorded["requests"].as_array().unwrap();
        assert_eq!(requests.len(), 1, "{}", case.name);
        assert_eq!(requests[0]["method"], "GET", "{}", case.name);
        let plugin_url = requests[0]["url"].as_str().unwrap();
        // The plugin's own request, rebuilt.
        assert_eq!(
            plugin::render_url(&case.spec, &case.datasource_url, &case.range),
            plugin_url,
            "{}",
            case.name
        );
        // The datasource it asks for: the spec's selector, or the default one.
        let selector = case.spec.datasource.as_ref().map_or_else(
            || serde_json::json!({"kind": "PyroscopeDatasource"}),
            |s| serde_json::to_value(s).unwrap(),
        );
        assert_eq!(
            recorded["selectors"],
            serde_json::json!([selector]),
            "{}",
            case.name
        );
        // pyroql's request.
        let executed = case.spec.execute(None).unwrap();
        let ours = executed.render_request(&case.datasource_url, &case.range);
        assert_eq!(
            parameter(&ours, "maxNodes"),
            parameter(plugin_url, "maxNodes"),
            "{}",
            case.name
        );
        assert_eq!(
            parameter(&ours, "from"),
            parameter(plugin_url, "from"),
            "{}",
            case.name
        );
        assert_eq!(
            parameter(&ours, "until"),
            parameter(plugin_url, "until"),
            "{}",
            case.name
        );
        let (our_query, their_query) = (
            parameter(&ours, "query").unwrap(),
            parameter(plugin_url, "query").unwrap(),
        );
        match &case.pyroql_query {
            Some(want) => {
                assert_eq!(&our_query, want, "{}", case.name);
                assert_ne!(our_query, their_query, "{}", case.name);
                differing.push(case.name.as_str());
            }
            None => {
                // Same query: byte for byte the same request.
                assert_eq!(ours, plugin_url, "{}", case.name);
            }
        }
    }
    assert_eq!(
        differing,
        [
            "a service whose filters are all dropped leaves a trailing comma",
            "a dotted label name",
            "a quote in a value",
            "a backslash in a value",
            "a short profile-type name",
            "the documented query"
        ]
    );
}

#[test]
fn the_recorded_plugin_queries_are_what_pyroscope_reads() {
    let (_, recorded) = recording();
    let queries: Vec<String> = recorded
        .iter()
        .map(|r| parameter(r["requests"][0]["url"].as_str().unwrap(), "query").unwrap())
        .collect();
    // Pyroscope refuses the dotted name and the quote; the backslash parses, as another value.
    assert_eq!(
        pyroql::parse(&queries[9]).unwrap_err().to_string(),
        "1:71: parse error: unexpected character inside braces: '.'"
    );
    assert_eq!(
        pyroql::parse(&queries[10]).unwrap_err().to_string(),
        r#"1:63: parse error: unexpected identifier "api" in label matching, expected "," or "}""#
    );
    assert_eq!(
        pyroql::parse(&queries[11])
            .unwrap()
            .find("path")
            .unwrap()
            .value,
        "C:\u{8}in"
    );
    // A trailing comma is allowed, and means what pyroql's canonical form says.
    let ours = pyroql::parse(r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#)
        .unwrap();
    assert_eq!(pyroql::parse(&queries[4]).unwrap(), ours);
}

fn node_works() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_recording_is_what_the_published_plugin_sends() {
    let installed =
        root().join("peers/node/node_modules/@perses-dev/pyroscope-plugin/package.json");
    let required = std::env::var("PYROQL_PEERS").is_ok_and(|v| v == "require");
    if !node_works() || !installed.exists() {
        let why = if node_works() {
            "the node peer is not installed (run peers/node/install.sh)"
        } else {
            "node is not installed"
        };
        assert!(!required, "PYROQL_PEERS=require, but {why}");
        eprintln!("skipped: the live plugin check: {why}");
        return;
    }
    let output = Command::new("node")
        .arg(root().join("peers/node/render-requests.cjs"))
        .arg(root().join("tests/data/perses/plugin-cases.json"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        read("tests/data/perses/plugin-requests.jsonl")
    );
}
