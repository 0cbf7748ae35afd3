//! What each feature set gives: the core (parse, print, check, profile types, normalize,
//! rewrite) with any features, as `--no-default-features` builds it; serde forms with `serde`;
//! Perses diagnostics that read back as they were written with `perses`.

#[cfg(all(feature = "perses", not(feature = "serde")))]
compile_error!("the perses feature turns on serde");

#[test]
fn the_core_works_with_any_features() {
    let input = r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{ env =~ "prod", b = "1" }"#;
    let selector = pyroql::parse(input).unwrap();
    assert_eq!(
        selector.to_string(),
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{env=~"prod",b="1"}"#
    );
    assert_eq!(
        selector.sorted().to_string(),
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{b="1",env=~"prod"}"#
    );
    assert_eq!(
        selector.normalize().to_string(),
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{b="1",env="prod"}"#
    );
    assert_eq!(selector.profile_type().unwrap().sample_type(), "cpu");
    assert_eq!(pyroql::parse_strict(input).unwrap(), selector);
    assert_eq!(
        pyroql::profile_type::resolve("memory/alloc_space", None)
            .unwrap()
            .id
            .id(),
        "memory:alloc_space:bytes:space:bytes"
    );
    let rule = pyroql::Matcher::new("tenant", pyroql::MatchOp::Equal, "a");
    assert_eq!(
        selector.enforce(rule).unwrap().to_string(),
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{env=~"prod",b="1",tenant="a"}"#
    );
    let bad = r#"{service.name="api"}"#;
    assert_eq!(
        pyroql::parse(bad).unwrap_err().report(bad).to_string(),
        "1:9: parse error: unexpected character inside braces: '.'\n  |\n1 | {service.name=\"api\"}\n  |         ^\n  = hint: a label name with '.' in it must be quoted, as in {\"service.name\"=\"api\"}"
    );
}

#[test]
fn server_profile_types_read_from_lines_with_any_features() {
    let server = pyroql::profile_type::Available::from_ids([
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
        "memory:alloc_space:bytes:space:bytes",
    ])
    .unwrap();
    let resolved = pyroql::profile_type::resolve("memory", Some(&server)).unwrap();
    assert_eq!(resolved.id.id(), "memory:alloc_space:bytes:space:bytes");
}

#[cfg(feature = "serde")]
#[test]
fn serde_gives_the_json_form_and_reads_it_back() {
    let selector = pyroql::parse(r#"cpu{"service.name"!~"a|b"}"#).unwrap();
    let json = serde_json::to_string(&selector).unwrap();
    assert_eq!(
        json,
        r#"{"profile_type":"cpu","matchers":[{"name":"service.name","op":"!~","value":"a|b"}]}"#
    );
    let back: pyroql::Selector = serde_json::from_str(&json).unwrap();
    assert_eq!(back, selector);
    let server = pyroql::profile_type::Available::from_json(
        r#"["process_cpu:cpu:nanoseconds:cpu:nanoseconds"]"#,
    )
    .unwrap();
    assert_eq!(server.ids().len(), 1);
}

#[cfg(feature = "perses")]
#[test]
fn perses_diagnostics_read_back_as_written() {
    use pyroql::perses::{Class, Diagnostic, Endpoint, Severity};
    let lint = pyroql::perses::lint(
        r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "cpu", "query": "{a=\"b\"}"}}"#,
    )
    .unwrap();
    let found: Vec<(Severity, Class, Option<Endpoint>, &str)> = lint
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.class, d.endpoint, d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Severity::Warning,
                Class::Runtime,
                Some(Endpoint::Render),
                "spec.profileType"
            ),
            (Severity::Warning, Class::Schema, None, "spec.query"),
        ]
    );
    for diagnostic in &lint.diagnostics {
        let json = serde_json::to_string(diagnostic).unwrap();
        assert_eq!(
            &serde_json::from_str::<Diagnostic>(&json).unwrap(),
            diagnostic,
            "{json}"
        );
        let yaml = serde_saphyr::to_string(diagnostic).unwrap();
        assert_eq!(
            &serde_saphyr::from_str::<Diagnostic>(&yaml).unwrap(),
            diagnostic,
            "{yaml}"
        );
    }
    let fix = lint.diagnostics[1].fix.as_ref().unwrap();
    assert_eq!(
        serde_json::to_string(fix).unwrap(),
        r#"{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","filters":[{"labelName":"a","labelValue":"b","operator":"="}]}"#
    );
}
