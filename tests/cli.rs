//! The `pyroql` command, run as a user runs it.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn pyroql(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyroql"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pyroql runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("stdin takes the input");
    drop(input);
    child.wait_with_output().expect("pyroql finishes")
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("output is UTF-8")
}

#[test]
fn fmt_prints_the_canonical_form() {
    let out = pyroql(
        &[
            "fmt",
            r#"{ service_name = "api" , "service.name"=~'v1.*' }"#,
            "cpu",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "{service_name=\"api\",\"service.name\"=~\"v1.*\"}\ncpu\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn fmt_sorts_on_request() {
    let out = pyroql(&["fmt", "--sort", r#"{b="2",a="1"}"#], None);
    assert_eq!(text(&out.stdout), "{a=\"1\",b=\"2\"}\n");
}

#[test]
fn parse_prints_json_one_line_per_query() {
    let out = pyroql(
        &[
            "parse",
            "--json",
            r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#,
            "{}",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        concat!(
            r#"{"profile_type":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","matchers":[{"name":"service_name","op":"=","value":"api"}],"profile_type_parts":{"name":"process_cpu","sample_type":"cpu","sample_unit":"nanoseconds","period_type":"cpu","period_unit":"nanoseconds"}}"#,
            "\n",
            r#"{"profile_type":null,"matchers":[]}"#,
            "\n"
        )
    );
}

#[test]
fn parse_prints_a_readable_tree() {
    let out = pyroql(&["parse", r#"cpu{a=~"b"}"#], None);
    assert_eq!(
        text(&out.stdout),
        "selector cpu{a=~\"b\"}\n  profile_type \"cpu\" (1:1)\n  matcher name=\"a\" op=\"=~\" value=\"b\" (1:5)\n"
    );
}

#[test]
fn check_reports_each_failure_and_goes_on() {
    let out = pyroql(
        &["check", r#"{a="b"}"#, r#"{service.name="x"}"#, "{a=b}"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "<arg2>:1:9: 1:9: parse error: unexpected character inside braces: '.'\n  \
         |\n\
         1 | {service.name=\"x\"}\n  \
         |         ^\n  \
         = hint: a label name with '.' in it must be quoted, as in {\"service.name\"=\"x\"}\n\
         <arg3>:1:4: 1:4: parse error: unexpected identifier \"b\" in label matching, expected string\n  \
         |\n\
         1 | {a=b}\n  \
         |    ^\n  \
         = hint: label values are quoted strings, as in \"b\"\n"
    );
}

#[test]
fn check_is_silent_on_success() {
    let out = pyroql(&["check", "{}", "cpu"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn strict_checks_are_opt_in() {
    assert_eq!(pyroql(&["check", r#"{a=""}"#], None).status.code(), Some(0));
    let out = pyroql(&["check", "--strict", r#"{a=""}"#], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr)
        .contains("1:1: parse error: vector selector must contain at least one non-empty matcher"));
}

#[test]
fn queries_come_from_stdin_one_per_line() {
    let out = pyroql(&["fmt"], Some("{ b = \"1\" }\r\nfoo bar\n{}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "{b=\"1\"}\n{}\n");
    assert!(text(&out.stderr).starts_with(
        "<stdin>:2:5: 1:5: parse error: unexpected identifier \"bar\"\n  |\n2 | foo bar\n"
    ));
}

#[test]
fn an_empty_line_is_an_empty_query() {
    let out = pyroql(&["check"], Some("{}\n\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr)
        .starts_with("<stdin>:2:1: unknown position: parse error: unexpected end of input\n"));
}

#[test]
fn usage_errors_exit_2_on_one_line() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "pyroql: no command given; the commands are parse, fmt, check, resolve, match, lint, completions, man (see 'pyroql --help')\n"),
        (&["frobnicate"], "pyroql: unknown command 'frobnicate' (see 'pyroql --help')\n"),
        (&["fmt", "--json"], "pyroql fmt: unexpected argument '--json'; to pass '--json' as a value, use '-- --json' (see 'pyroql fmt --help')\n"),
        (&["parse", "--jsno"], "pyroql parse: unexpected argument '--jsno'; did you mean '--json'? (see 'pyroql parse --help')\n"),
    ];
    for (args, want) in cases {
        let out = pyroql(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr), *want, "{args:?}");
        assert_eq!(text(&out.stdout), "", "{args:?}");
    }
}

#[test]
fn help_and_version() {
    let out = pyroql(&["--help"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("\n  fmt          Print each query in canonical form"));
    // Each command has its own page, with examples.
    let out = pyroql(&["fmt", "--help"], None);
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.starts_with("Print each query in canonical form, or check that it is (--check)\n\nUsage: pyroql fmt [OPTIONS] [QUERY]...\n"), "{page}");
    assert!(
        page.contains("\nExamples:\n  pyroql fmt '{ service_name"),
        "{page}"
    );
    assert!(!page.contains("--available"), "{page}");
    let out = pyroql(&["--version"], None);
    assert_eq!(
        text(&out.stdout),
        format!("pyroql {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_double_dash_ends_the_options() {
    let out = pyroql(&["check", "--", "--strict"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("1:1: parse error: unexpected <op:->"));
}

#[test]
fn resolve_prints_one_id_per_name() {
    let out = pyroql(&["resolve", "cpu", "memory/alloc_space", "Goroutine"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds\nmemory:alloc_space:bytes:space:bytes\ngoroutines:goroutine:count:goroutine:count\n"
    );
}

#[test]
fn resolve_chooses_by_the_servers_list_and_explains() {
    let dir = std::env::temp_dir().join(format!("pyroql-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("profile-types.json");
    std::fs::write(
        &file,
        r#"{"profileTypes":[{"ID":"memory:alloc_in_new_tlab_bytes:bytes:space:bytes"}]}"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = pyroql(&["resolve", "--available", path, "memory"], None);
    assert_eq!(
        text(&out.stdout),
        "memory:alloc_in_new_tlab_bytes:bytes:space:bytes\n"
    );
    let out = pyroql(
        &["resolve", "--available", path, "--explain", "memory"],
        None,
    );
    let explained = text(&out.stdout);
    assert!(explained.starts_with("memory -> memory:alloc_in_new_tlab_bytes:bytes:space:bytes\n  matched: the group word for memory profiles\n"), "{explained}");
    assert!(
        explained.contains("  chosen: the first candidate the server reports\n"),
        "{explained}"
    );
    let out = pyroql(&["resolve", "--available", path, "cpu"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("but the server reports none of them; it has memory:alloc_in_new_tlab_bytes:bytes:space:bytes"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn resolve_fails_on_unknown_names_and_goes_on() {
    let out = pyroql(&["resolve"], Some("alloc_spce\nwall\n"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "wall:wall:nanoseconds:wall:nanoseconds\n"
    );
    assert_eq!(
        text(&out.stderr),
        "<stdin>:1:1: unknown profile type \"alloc_spce\"; did you mean alloc_space?\n"
    );
    let out = pyroql(
        &["resolve", "--available", "/nonexistent/file", "cpu"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn parse_json_names_the_parts_of_a_valid_profile_type() {
    let out = pyroql(
        &[
            "parse",
            "--json",
            r#"{__profile_type__="memory:alloc_space:bytes:space:bytes:delta"}"#,
            "cpu{}",
        ],
        None,
    );
    assert_eq!(
        text(&out.stdout),
        concat!(
            r#"{"profile_type":null,"matchers":[{"name":"__profile_type__","op":"=","value":"memory:alloc_space:bytes:space:bytes:delta"}],"profile_type_parts":{"name":"memory","sample_type":"alloc_space","sample_unit":"bytes","period_type":"space","period_unit":"bytes","delta":"delta"}}"#,
            "\n",
            r#"{"profile_type":"cpu","matchers":[]}"#,
            "\n"
        )
    );
}

#[test]
fn match_prints_true_or_false_per_label_set() {
    let selector = r#"{service_name="api", env=~"prod|staging"}"#;
    let out = pyroql(
        &[
            "match",
            selector,
            r#"{service_name="api",env="prod"}"#,
            r#"{service_name="api"}"#,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "true\nfalse\n");
    let out = pyroql(
        &["match", selector],
        Some("{service_name=\"api\",env=\"staging\"}\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "true\n");
}

#[test]
fn match_reports_bad_selectors_and_label_sets() {
    let out = pyroql(&["match", r#"{a=~"x**"}"#, r#"{a="x"}"#], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("invalid nested repetition operator: `**`"));
    let out = pyroql(&["match", "{a", r#"{a="x"}"#], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr)
        .starts_with("<arg1>:1:3: 1:3: parse error: unexpected end of input inside braces\n"));
    let out = pyroql(&["match", "{}", r#"{a!="x"}"#], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("a label set is written with = only"));
    assert_eq!(pyroql(&["match"], None).status.code(), Some(2));
}

#[test]
fn fmt_normalizes_on_request() {
    let out = pyroql(
        &[
            "fmt",
            "--normalize",
            r#"{env=~"prod", __name__="cpu", a=~".*", env="prod"}"#,
        ],
        None,
    );
    assert_eq!(text(&out.stdout), "cpu{env=\"prod\"}\n");
    assert_eq!(
        pyroql(&["fmt", "--normalize", "--sort", "{}"], None)
            .status
            .code(),
        Some(2)
    );
}

fn perses_file(name: &str) -> String {
    format!("{}/tests/data/perses/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn lint_prints_one_line_per_problem_and_fails_on_errors() {
    let file = perses_file("dashboard-shipped.json");
    let out = pyroql(&["lint", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert!(stdout.contains(&format!(
        "{file}:46:33: error: runtime: spec.panels.heap.spec.queries[0].spec.plugin.spec.maxNodes: Pyroscope, with its default limits, refuses maxNodes=-5: max flamegraph nodes limit must be set (max allowed 1048576)\n"
    )));
    // Warnings alone do not fail, unless they are denied.
    let files = [
        perses_file("seed-profile-query.yaml"),
        perses_file("seed-datasource-simple.yaml"),
    ];
    let out = pyroql(&["lint", &files[0], &files[1]], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).lines().count(), 2);
    let out = pyroql(&["lint", "--deny-warnings", &files[0], &files[1]], None);
    assert_eq!(out.status.code(), Some(1));
    // A file with nothing of Perses in it gets a note, which never fails.
    let other = perses_file("not-perses.yaml");
    let out = pyroql(&["lint", "--deny-warnings", &other], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!("{other}:1:1: note: advice: (document): no Perses resource here: no Dashboard, Datasource or other Perses kind, and no Pyroscope plugin\n")
    );
}

#[test]
fn lint_writes_json_lines() {
    let file = perses_file("seed-datasource-proxy.yaml");
    let out = pyroql(&["lint", "--format", "json", &file], None);
    assert_eq!(out.status.code(), Some(0));
    let line: serde_json::Value = serde_json::from_str(text(&out.stdout).trim_end()).unwrap();
    assert_eq!(
        line,
        serde_json::json!({
            "file": file,
            "line": 15,
            "column": 13,
            "path": "spec.plugin.spec.proxy.spec.allowedEndpoints",
            "severity": "warning",
            "class": "runtime",
            "message": "the proxy answers 403 to requests the Pyroscope plugin makes: POST /querier.v1.QuerierService/ProfileTypes (the query editor), POST /querier.v1.QuerierService/LabelNames (the query editor), POST /querier.v1.QuerierService/LabelValues (the query editor)"
        })
    );
    assert_eq!(
        pyroql(&["lint", "--format", "xml", &file], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn lint_explains_queries_and_reads_stdin() {
    let yaml = std::fs::read_to_string(perses_file("clean.yaml")).unwrap();
    let out = pyroql(&["lint", "--explain", "-"], Some(&yaml));
    assert_eq!(out.status.code(), Some(0));
    let lead = "<stdin>:36:17: documents[1].spec.panels.cpu.spec.queries[0].spec.plugin";
    let request = "GET /proxy/projects/shop/datasources/pyroscope/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds%7Bservice_name%3D%22checkout%22%2Cpod%3D%7E%22checkout-.*%22%7D&from=now-1h&maxNodes=2048";
    assert_eq!(
        text(&out.stdout),
        format!(
            "{lead}: query: process_cpu:cpu:nanoseconds:cpu:nanoseconds{{pod=~\"checkout-.*\",service_name=\"checkout\"}}\n\
             {lead}: render: {request}\n\
             {lead}: plugin: {request}\n"
        )
    );
}

#[test]
fn lint_reports_unreadable_files_on_stderr() {
    let out = pyroql(&["lint", "/nonexistent/dashboard.yaml"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).starts_with("/nonexistent/dashboard.yaml: error: cannot read: "));
    let out = pyroql(&["lint", "-"], Some("{\"kind\": \"a\" \"b\"}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "<stdin>:1:14: error: not JSON or YAML: expected ',' or '}' in the map\n"
    );
    assert_eq!(pyroql(&["lint"], None).status.code(), Some(2));
    if cfg!(unix) {
        // Read up to one byte past the limit, not to the end.
        let out = pyroql(&["lint", "/dev/zero"], None);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stderr),
            "/dev/zero: error: cannot read: the file is larger than 64 MiB\n"
        );
    }
}
