//! The Perses plugin models through the public API: the seed page's examples, realistic
//! dashboards with one of every problem, round trips, and the requests built from query specs.

use pyroql::perses::{
    self, Datasource, DatasourceMatch, DatasourceSelector, Filter, ProfileQuery,
    PyroscopeProfileQuerySpec, Severity,
};

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/perses/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn diagnostics(name: &str) -> Vec<String> {
    perses::lint(&data(name))
        .unwrap()
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_seed_examples_read_and_validate_without_errors() {
    let simple: Datasource = serde_saphyr::from_str(&data("seed-datasource-simple.yaml")).unwrap();
    assert_eq!(simple.metadata.name, "PyroscopeMain");
    assert_eq!(simple.metadata.project.as_deref(), Some("profiling"));
    assert!(simple.spec.default);
    assert_eq!(
        simple.spec.plugin.spec.direct_url.as_deref(),
        Some("http://pyroscope.example.com:4040")
    );
    assert_eq!(
        diagnostics("seed-datasource-simple.yaml"),
        Vec::<String>::new()
    );

    let proxied: Datasource = serde_saphyr::from_str(&data("seed-datasource-proxy.yaml")).unwrap();
    let proxy = proxied.spec.plugin.spec.proxy.as_ref().unwrap();
    assert_eq!(proxy.kind, "HTTPProxy");
    assert_eq!(proxy.spec.allowed_endpoints.len(), 3);
    assert_eq!(
        proxy.spec.secret.as_deref(),
        Some("pyroscope_secret_config")
    );
    // The documented endpoints are Pyroscope 0.x's; the shipped plugin calls others.
    assert_eq!(
        diagnostics("seed-datasource-proxy.yaml"),
        ["spec.plugin.spec.proxy.spec.allowedEndpoints: warning: the proxy refuses requests the Pyroscope plugin makes: GET /pyroscope/render, POST /querier.v1.QuerierService/ProfileTypes, POST /querier.v1.QuerierService/LabelNames, POST /querier.v1.QuerierService/LabelValues"]
    );

    let query: ProfileQuery = serde_saphyr::from_str(&data("seed-profile-query.yaml")).unwrap();
    assert_eq!(query.spec.plugin.spec.profile_type, "cpu");
    assert_eq!(
        diagnostics("seed-profile-query.yaml"),
        [
            r#"spec.plugin.spec.profileType: warning: Pyroscope refuses the short name "cpu"; write the full ID: it stands for process_cpu:cpu:nanoseconds:cpu:nanoseconds (of 4 candidates; pyroql's default order chose it)"#
        ]
    );
    let executed = query.spec.plugin.spec.execute(None).unwrap();
    assert_eq!(
        executed.render_query(),
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api",environment="production"}"#
    );
}

#[test]
fn a_documented_dashboard_gives_exactly_the_expected_diagnostics() {
    let d = "documents[2].spec.panels";
    let want = [
        "documents[0].spec.plugin.spec: error: both directUrl and proxy are set; a datasource has one or the other".to_owned(),
        r#"documents[1].spec.plugin.spec.proxy.spec.url: error: url must be an http:// or https:// URL, not "ftp://pyroscope.internal:4040""#.to_owned(),
        "documents[1].spec.plugin.spec.proxy.spec.allowedEndpoints[0].endpointPattern: error: endpointPattern is not a valid regular expression: missing closing ): `/pyroscope/(render`".to_owned(),
        r#"documents[1].spec.plugin.spec.proxy.spec.allowedEndpoints[1].method: error: "FETCH" is not an HTTP method; use one of GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE"#.to_owned(),
        format!("{d}.broken.spec.queries[0].spec.plugin.spec.profileType: error: profileType is empty; give a profile-type ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
        format!("{d}.broken.spec.queries[0].spec.plugin.spec.query: error: query does not parse: 1:9: parse error: unexpected character inside braces: '.'"),
        format!(r#"{d}.broken.spec.queries[1].spec.plugin.spec.legend: error: unknown field "legend": a PyroscopeProfileQuery spec has only profileType, query, service, filters, maxNodes, datasource"#),
        format!(r#"{d}.broken.spec.queries[1].spec.plugin.spec.datasource.kind: error: selects a datasource of kind "PrometheusDatasource"; a PyroscopeProfileQuery needs a PyroscopeDatasource"#),
        format!(r#"{d}.cpu.spec.queries[0].spec.plugin.spec.profileType: warning: Pyroscope refuses the short name "cpu"; write the full ID: it stands for process_cpu:cpu:nanoseconds:cpu:nanoseconds (of 4 candidates; pyroql's default order chose it)"#),
    ];
    assert_eq!(diagnostics("dashboard-documented.yaml"), want);
}

#[test]
fn a_shipped_dashboard_gives_exactly_the_expected_diagnostics() {
    let q = "spec.panels.heap.spec.queries[0].spec.plugin.spec";
    let want = [
        "spec.datasources.pyro.plugin.spec.proxy.spec.allowedEndpoints: warning: the proxy refuses requests the Pyroscope plugin makes: GET /pyroscope/render".to_owned(),
        format!(r#"{q}.filters[0].labelName: warning: label name "service.version" must be quoted in a selector; the shipped plugin writes it bare and Pyroscope refuses the query (pyroql quotes it)"#),
        format!(r#"{q}.filters[1]: warning: filter on "env" has no value: Perses drops it, so it filters nothing"#),
        format!(r#"{q}.filters[2].operator: error: unknown operator "=="; use =, !=, =~ or !~"#),
        format!("{q}.maxNodes: error: maxNodes must be a positive integer, not -5"),
    ];
    assert_eq!(diagnostics("dashboard-shipped.json"), want);
}

#[test]
fn queries_find_their_datasources() {
    let lint = perses::lint(&data("clean.yaml")).unwrap();
    assert!(lint.diagnostics.is_empty(), "{:?}", lint.diagnostics);
    assert_eq!(lint.datasources.len(), 1);
    assert_eq!(lint.queries.len(), 1);
    assert_eq!(lint.queries[0].datasource, DatasourceMatch::Found(0));
    let ds = &lint.datasources[0];
    let base = perses::base_url(
        ds.spec.as_ref().unwrap(),
        ds.name.as_deref(),
        ds.scope.as_ref(),
    )
    .unwrap();
    assert_eq!(base, "/proxy/projects/shop/datasources/pyroscope");
    let executed = lint.queries[0]
        .spec
        .as_ref()
        .unwrap()
        .execute(None)
        .unwrap();
    assert_eq!(
        executed.render_url(&base, "1700000000", "1700003600"),
        "/proxy/projects/shop/datasources/pyroscope/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds%7Bservice_name%3D%22checkout%22%2Cpod%3D~%22checkout-.%2A%22%7D&from=1700000000&until=1700003600&maxNodes=2048"
    );

    let shipped = perses::lint(&data("dashboard-shipped.json")).unwrap();
    // The query's spec is invalid, so it is not matched; the datasource is the dashboard's own.
    assert_eq!(shipped.datasources[0].name.as_deref(), Some("pyro"));
    assert_eq!(
        shipped.datasources[0].scope,
        Some(perses::Scope::Dashboard(
            "platform".into(),
            "api-profiles".into()
        ))
    );

    let variable = perses::lint(
        "kind: PyroscopeProfileQuery\nspec: {profileType: \"process_cpu:cpu:nanoseconds:cpu:nanoseconds\", datasource: $pyro}\n",
    )
    .unwrap();
    assert_eq!(
        variable.queries[0].datasource,
        DatasourceMatch::Variable("$pyro".into())
    );
}

/// Writing `value` as JSON and as YAML, then reading it back, gives `value`.
fn round_trips<T>(value: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
    let yaml = serde_saphyr::to_string(value).unwrap();
    assert_eq!(
        &serde_saphyr::from_str::<T>(&yaml).unwrap(),
        value,
        "{yaml}"
    );
}

#[test]
fn every_model_round_trips_through_json_and_yaml() {
    let datasource: Datasource =
        serde_saphyr::from_str(&data("seed-datasource-proxy.yaml")).unwrap();
    round_trips(&datasource);
    let simple: Datasource = serde_saphyr::from_str(&data("seed-datasource-simple.yaml")).unwrap();
    round_trips(&simple);

    let spec = PyroscopeProfileQuerySpec {
        profile_type: "memory:alloc_space:bytes:space:bytes".into(),
        query: Some(r#"{env=~"prod|staging"}"#.into()),
        service: Some("api".into()),
        filters: vec![Filter {
            label_name: "a.b".into(),
            label_value: "x\"y".into(),
            operator: "!~".into(),
        }],
        max_nodes: Some(4096),
        datasource: Some(DatasourceSelector::Reference {
            kind: "PyroscopeDatasource".into(),
            name: Some("main".into()),
        }),
    };
    assert_eq!(
        serde_json::to_string(&spec).unwrap(),
        r#"{"profileType":"memory:alloc_space:bytes:space:bytes","query":"{env=~\"prod|staging\"}","service":"api","filters":[{"labelName":"a.b","labelValue":"x\"y","operator":"!~"}],"maxNodes":4096,"datasource":{"kind":"PyroscopeDatasource","name":"main"}}"#
    );
    round_trips(&spec);
    round_trips(&PyroscopeProfileQuerySpec {
        datasource: Some(DatasourceSelector::Variable("$ds".into())),
        ..spec.clone()
    });

    let query: ProfileQuery = serde_saphyr::from_str(&data("seed-profile-query.yaml")).unwrap();
    round_trips(&query);
    // The shipped schema is closed.
    assert!(serde_json::from_str::<PyroscopeProfileQuerySpec>(
        r#"{"profileType":"x","legend":"y"}"#
    )
    .is_err());
}

#[test]
fn quoting_cases_produce_queries_the_parser_accepts() {
    let lint = perses::lint(
        r#"{"kind":"PyroscopeProfileQuery","spec":{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","service":"a\"b","filters":[
            {"labelName":"service.name","labelValue":"C:\\dir\\\"x\"","operator":"="},
            {"labelName":"empty","labelValue":"","operator":"="}]}}"#,
    )
    .unwrap();
    let warnings: Vec<String> = lint
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| format!("{}: {}", d.path, d.message.split(',').next().unwrap_or("")))
        .collect();
    assert_eq!(
        warnings,
        [
            r#"spec.service: the value holds " or \"#,
            r#"spec.filters[0].labelName: label name "service.name" must be quoted in a selector; the shipped plugin writes it bare and Pyroscope refuses the query (pyroql quotes it)"#,
            r#"spec.filters[0].labelValue: the value holds " or \"#,
            r#"spec.filters[1]: filter on "empty" has no value: Perses drops it"#,
        ]
    );
    let executed = lint.queries[0]
        .spec
        .as_ref()
        .unwrap()
        .execute(None)
        .unwrap();
    let query = executed.render_query();
    let parsed = pyroql::parse(&query).unwrap();
    let got: Vec<(&str, &str)> = parsed
        .iter()
        .map(|m| (m.name.as_ref(), m.value.as_ref()))
        .collect();
    assert_eq!(
        got,
        [("service_name", "a\"b"), ("service.name", "C:\\dir\\\"x\"")]
    );
}

#[test]
fn unreadable_text_is_an_error_not_a_panic() {
    assert!(perses::lint("kind: [unclosed").is_err());
    assert_eq!(perses::lint("").unwrap(), perses::Lint::default());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(perses::lint(&deep).is_err());
}

#[test]
fn lists_of_resources_are_read_too() {
    let list = r#"[
        {"kind":"GlobalDatasource","metadata":{"name":"pyro"},"spec":{"default":true,"plugin":{"kind":"PyroscopeDatasource","spec":{"directUrl":"https://pyroscope.example.com"}}}},
        {"kind":"ProfileQuery","spec":{"plugin":{"kind":"PyroscopeProfileQuery","spec":{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","datasource":{"kind":"PyroscopeDatasource","name":"pyro"}}}}},
        {"kind":"ProfileQuery","spec":{"plugin":{"kind":"PyroscopeProfileQuery","spec":{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","datasource":"ds-name"}}}}
    ]"#;
    let lint = perses::lint(list).unwrap();
    assert_eq!(lint.datasources.len(), 1);
    assert_eq!(lint.datasources[0].scope, Some(perses::Scope::Global));
    assert_eq!(lint.queries[0].datasource, DatasourceMatch::Found(0));
    let messages: Vec<String> = lint.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            r#"[2].spec.plugin.spec.datasource: error: "ds-name" is no datasource variable; write $name"#
        ]
    );
}
