//! The Perses plugin models through the public API: the seed page's examples, realistic files
//! with one of every problem (each diagnostic asserted exactly: position, severity, class, path,
//! message), what Perses accepts and refuses, round trips, and the requests built from specs.
#![cfg(feature = "perses")]

use pyroql::perses::{
    self, convert, plugin, Class, Datasource, DatasourceMatch, DatasourceSelector, Filter,
    ProfileQuery, PyroscopeProfileQuerySpec, Scope, Severity, TimeRange,
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
    assert_eq!(diagnostics("seed-datasource-simple.yaml"), SIMPLE);

    let proxied: Datasource = serde_saphyr::from_str(&data("seed-datasource-proxy.yaml")).unwrap();
    let proxy = proxied.spec.plugin.spec.proxy.as_ref().unwrap();
    assert_eq!(proxy.kind, "HTTPProxy");
    assert_eq!(proxy.spec.allowed_endpoints.len(), 3);
    assert_eq!(
        proxy.spec.secret.as_deref(),
        Some("pyroscope_secret_config")
    );
    // Perses finds `/render` anywhere in the path, so GET /pyroscope/render goes through; the
    // documented endpoints are Pyroscope 0.x's, and the query editor's calls are refused.
    assert_eq!(diagnostics("seed-datasource-proxy.yaml"), PROXY);

    let query: ProfileQuery = serde_saphyr::from_str(&data("seed-profile-query.yaml")).unwrap();
    assert_eq!(query.spec.plugin.spec.profile_type, "cpu");
    // Warnings only: the short name, and the documented shape with its shipped equivalent.
    assert_eq!(diagnostics("seed-profile-query.yaml"), QUERY);
    let executed = query.spec.plugin.spec.execute(None).unwrap();
    assert_eq!(
        executed.render_query(),
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api",environment="production"}"#
    );
}

const SIMPLE: Vec<String> = Vec::new();
const PROXY: [&str; 1] = [
        "15:13: warning: runtime: spec.plugin.spec.proxy.spec.allowedEndpoints: the proxy answers 403 to requests the Pyroscope plugin makes: POST /querier.v1.QuerierService/ProfileTypes (the query editor), POST /querier.v1.QuerierService/LabelNames (the query editor), POST /querier.v1.QuerierService/LabelValues (the query editor)",
    ];
const QUERY: [&str; 2] = [
        "6:20: warning: runtime: spec.plugin.spec.profileType: Pyroscope refuses the short name \"cpu\" (/pyroscope/render answers 400 to the shipped plugin: failed to parse \"query\"); write the full ID: it stands for process_cpu:cpu:nanoseconds:cpu:nanoseconds (of 5 candidates; pyroql's default order chose it)",
        "7:14: warning: schema: spec.plugin.spec.query: the shipped schema refuses query (field not allowed) and the shipped plugin ignores it; the shipped spec that selects the same is {\"profileType\":\"process_cpu:cpu:nanoseconds:cpu:nanoseconds\",\"service\":\"api\",\"filters\":[{\"labelName\":\"environment\",\"labelValue\":\"production\",\"operator\":\"=\"}]}",
    ];

#[test]
fn a_documented_dashboard_gives_exactly_the_expected_diagnostics() {
    assert_eq!(diagnostics("dashboard-documented.yaml"), [
        "10:7: error: schema: documents[0].spec.plugin.spec: both directUrl and proxy are set; the schema takes one or the other",
        "28:16: error: schema: documents[1].spec.plugin.spec.proxy.spec.url: url \"ftp://pyroscope.internal:4040\" is not a URL as Perses takes them: it must match ^https?://[^\\s/$.?#].[^\\s]*$",
        "30:32: error: schema: documents[1].spec.plugin.spec.proxy.spec.allowedEndpoints[0].endpointPattern: Perses refuses the endpointPattern: it is not a valid regular expression: missing closing ): `/pyroscope/(render`",
        "33:23: error: schema: documents[1].spec.plugin.spec.proxy.spec.allowedEndpoints[1].method: \"FETCH\" is not a method Perses' proxy takes; use one of POST, PUT, PATCH, GET, DELETE",
        "55:32: warning: runtime: documents[2].spec.panels.cpu.spec.queries[0].spec.plugin.spec.profileType: Pyroscope refuses the short name \"cpu\" (/pyroscope/render answers 400 to the shipped plugin: failed to parse \"query\"); write the full ID: it stands for process_cpu:cpu:nanoseconds:cpu:nanoseconds (of 5 candidates; pyroql's default order chose it)",
        "56:26: warning: schema: documents[2].spec.panels.cpu.spec.queries[0].spec.plugin.spec.query: the shipped schema refuses query (field not allowed) and the shipped plugin ignores it; the shipped spec that selects the same is {\"profileType\":\"process_cpu:cpu:nanoseconds:cpu:nanoseconds\",\"service\":\"checkout\",\"filters\":[{\"labelName\":\"environment\",\"labelValue\":\"production\",\"operator\":\"=\"}]}",
        "68:32: error: schema: documents[2].spec.panels.broken.spec.queries[0].spec.plugin.spec.profileType: profileType is empty; the schema requires at least one character: give a profile-type ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds",
        "80:19: error: schema: documents[2].spec.panels.broken.spec.queries[1].spec.plugin.spec.legend: field \"legend\" is not allowed: a PyroscopeProfileQuery spec has only profileType, service, filters, maxNodes and datasource",
    ]);
}

#[test]
fn a_shipped_dashboard_gives_exactly_the_expected_diagnostics() {
    // The plugin's query fails on the dotted name first; the `==` filter would fail too.
    assert_eq!(diagnostics("dashboard-shipped.json"), [
        "42:37: error: runtime: spec.panels.heap.spec.queries[0].spec.plugin.spec.filters[0].labelName: the shipped plugin sends query=memory:inuse_space:bytes:space:bytes{service_name=\"api\",service.version=\"1.4\",region==\"eu\"} and /pyroscope/render answers 400: failed to parse \"query\": 1:64: parse error: unexpected character inside braces: '.'; it writes label names bare, pyroql quotes them",
        "43:23: warning: runtime: spec.panels.heap.spec.queries[0].spec.plugin.spec.filters[1]: filter on \"env\" has no value: the plugin drops it, so it filters nothing",
        "44:79: error: runtime: spec.panels.heap.spec.queries[0].spec.plugin.spec.filters[2].operator: unknown operator \"==\": Pyroscope refuses the query and pyroql cannot run it; use =, !=, =~ or !~",
        "46:33: error: runtime: spec.panels.heap.spec.queries[0].spec.plugin.spec.maxNodes: Pyroscope, with its default limits, refuses maxNodes=-5: max flamegraph nodes limit must be set (max allowed 1048576)",
    ]);
}

#[test]
fn what_perses_stores_is_not_refused() {
    // maxNodes 0 and the editor's empty filter, plugin metadata, a project left to
    // `percli apply --project`, an ephemeral dashboard's own datasource, an unanchored endpoint
    // pattern: no schema error. What remains is what happens when the plugin runs.
    assert_eq!(diagnostics("accepted-upstream.yaml"), [
        "77:29: warning: runtime: documents[2].spec.panels.heap.spec.queries[0].spec.plugin.spec.maxNodes: the plugin sends maxNodes=1.5, which is no integer: Pyroscope ignores it and uses its default (8192 nodes unless configured)",
        "79:65: warning: advice: documents[2].spec.panels.heap.spec.queries[0].spec.plugin.spec.datasource.name: the UI finds the datasource \"Pyroscope\" for \"pyroscope\" because it compares names case-insensitively; write \"Pyroscope\"",
        "90:26: error: runtime: documents[3].spec.plugin.spec.datasource.kind: the plugin asks Perses for a \"PrometheusDatasource\" datasource, whose client cannot run a Pyroscope query; use PyroscopeDatasource",
    ]);
    let lint = perses::lint(&data("accepted-upstream.yaml")).unwrap();
    assert!(lint.diagnostics.iter().all(|d| d.class != Class::Schema));
    assert_eq!(lint.datasources.len(), 2);
    assert_eq!(lint.datasources[0].scope, Some(Scope::Project(None)));
    assert_eq!(
        lint.datasources[1].scope,
        Some(Scope::Dashboard(
            Some("shop".into()),
            "checkout-preview".into()
        ))
    );
    let found: Vec<&DatasourceMatch> = lint.queries.iter().map(|q| &q.datasource).collect();
    assert_eq!(
        found,
        [
            &DatasourceMatch::Found(1),
            &DatasourceMatch::Found(0),
            &DatasourceMatch::NotInFile
        ]
    );
}

#[test]
fn what_perses_refuses_is_a_schema_error() {
    assert_eq!(diagnostics("refused-upstream.json"), [
        "7:29: error: schema: spec.datasources.second.default: Perses refuses the dashboard: second can not be defined as default datasource: there is already a default defined for kind \"PyroscopeDatasource\" (the UI takes the first)",
        "7:99: error: schema: spec.datasources.second.plugin.spec.directUrl: directUrl \"http://x\" is not a URL as Perses takes them: it must match ^https?://[^\\s/$.?#].[^\\s]*$",
        "8:214: error: schema: spec.datasources.proxied.plugin.spec.proxy.spec.allowedEndpoints[0].method: \"HEAD\" is not a method Perses' proxy takes; use one of POST, PUT, PATCH, GET, DELETE",
        "16:173: error: schema: spec.panels.nulls.spec.queries[0].spec.plugin.spec.service: service is null; leave it out, or give a string",
        "16:191: error: schema: spec.panels.nulls.spec.queries[0].spec.plugin.spec.maxNodes: maxNodes must be a number, not null",
        "16:208: error: schema: spec.panels.nulls.spec.queries[0].spec.plugin.spec.filters: filters must be a list, not null",
        "16:228: error: schema: spec.panels.nulls.spec.queries[0].spec.plugin.spec.datasource: datasource must be a selector {kind, name} or a $variable, not null",
        "17:174: error: schema: spec.panels.nulls.spec.queries[1].spec.plugin.spec.filters[0]: a filter has no operator; the schema requires it",
        "17:275: error: schema: spec.panels.nulls.spec.queries[1].spec.plugin.spec.filters[1].note: field \"note\" is not allowed: a filter has only labelName, labelValue and operator",
        "17:304: error: schema: spec.panels.nulls.spec.queries[1].spec.plugin.spec.datasource: a datasource selector has no kind; the schema requires it",
    ]);
    // Two default local datasources: Perses refuses the dashboard; the UI takes the first in the
    // document's order.
    let lint = perses::lint(&data("refused-upstream.json")).unwrap();
    let names: Vec<Option<&str>> = lint.datasources.iter().map(|d| d.name.as_deref()).collect();
    assert_eq!(names, [Some("first"), Some("second"), Some("proxied")]);
    assert!(lint.datasources[0].default && lint.datasources[1].default);
}

#[test]
fn a_file_without_perses_resources_gets_a_note() {
    assert_eq!(diagnostics("not-perses.yaml"), [
        "1:1: note: advice: (document): no Perses resource here: no Dashboard, Datasource or other Perses kind, and no Pyroscope plugin",
    ]);
    let lint = perses::lint(&data("not-perses.yaml")).unwrap();
    assert!(!lint.has_errors() && !lint.has_warnings());
    assert_eq!(lint.diagnostics[0].severity, Severity::Note);
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
    // Validation hands on the parsed query and the resolved profile type.
    let validated = lint.queries[0].validated.as_ref().unwrap();
    assert_eq!(
        validated.profile_type.as_ref().unwrap().id(),
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds"
    );
    assert_eq!(
        validated.plugin_query,
        r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="checkout",pod=~"checkout-.*"}"#
    );
    let executed = validated.execute().unwrap();
    let range = TimeRange::Absolute {
        start_ms: 1_700_000_000_000,
        end_ms: 1_700_003_600_000,
    };
    assert_eq!(
        executed.render_request(&base, &range),
        "/proxy/projects/shop/datasources/pyroscope/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds%7Bservice_name%3D%22checkout%22%2Cpod%3D%7E%22checkout-.*%22%7D&from=1700000000&until=1700003600&maxNodes=2048"
    );
    assert_eq!(
        plugin::render_url(&validated.spec, &base, &range),
        executed.render_request(&base, &range)
    );

    let shipped = perses::lint(&data("dashboard-shipped.json")).unwrap();
    assert_eq!(shipped.datasources[0].name.as_deref(), Some("pyro"));
    assert_eq!(
        shipped.datasources[0].scope,
        Some(Scope::Dashboard(
            Some("platform".into()),
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
        max_nodes: Some(4096.into()),
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
        max_nodes: serde_json::Number::from_f64(1.5),
        ..spec.clone()
    });

    let query: ProfileQuery = serde_saphyr::from_str(&data("seed-profile-query.yaml")).unwrap();
    round_trips(&query);
    // The spec is closed, refuses null, and a filter needs all three fields.
    for bad in [
        r#"{"profileType":"x","legend":"y"}"#,
        r#"{"profileType":"x","service":null}"#,
        r#"{"profileType":"x","filters":[{"labelName":"a","labelValue":"b"}]}"#,
    ] {
        assert!(
            serde_json::from_str::<PyroscopeProfileQuerySpec>(bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn the_shipped_equivalent_selects_what_the_documented_spec_selects() {
    let lint = perses::lint(&data("seed-profile-query.yaml")).unwrap();
    let fix = lint.diagnostics[1].fix.as_deref().unwrap();
    let documented = lint.queries[0]
        .validated
        .as_ref()
        .unwrap()
        .execute()
        .unwrap();
    // The shipped plugin, given the fix, sends a query that parses to pyroql's selector.
    let text = plugin::PluginQuery::of(fix).text;
    let sent = pyroql::parse(&text).unwrap();
    let mut sent: Vec<String> = sent.iter().map(ToString::to_string).collect();
    let mut meant: Vec<String> = documented
        .selector
        .iter()
        .map(ToString::to_string)
        .collect();
    sent.sort();
    meant.sort();
    assert_eq!(sent, meant);
    // What cannot be written so says why.
    let spec = PyroscopeProfileQuerySpec {
        profile_type: "cpu".into(),
        query: Some(r#"{"service.name"="api"}"#.into()),
        ..Default::default()
    };
    let query = pyroql::parse(spec.query.as_deref().unwrap()).unwrap();
    let id =
        pyroql::profile_type::ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds")
            .unwrap();
    let err = convert::shipped(&spec, &query, Some(&id)).unwrap_err();
    assert_eq!(
        err,
        convert::ConvertError::NameNeedsQuotes("service.name".to_owned())
    );
    assert_eq!(
        err.to_string(),
        r#"the plugin writes label names bare, and "service.name" needs quotes"#
    );
}

#[test]
fn quoting_cases_produce_queries_the_parser_accepts() {
    let lint = perses::lint(
        r#"{"kind":"PyroscopeProfileQuery","spec":{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","service":"a\\b","filters":[
            {"labelName":"service.name","labelValue":"C:\\dir\\\"x\"","operator":"="},
            {"labelName":"empty","labelValue":"","operator":"="}]}}"#,
    )
    .unwrap();
    let found: Vec<String> = lint.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            r#"2:26: error: runtime: spec.filters[0].labelName: the shipped plugin sends query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="a\b",service.name="C:\dir\"x""} and /pyroscope/render answers 400: failed to parse "query": 1:71: parse error: unexpected character inside braces: '.'; it writes label names bare, pyroql quotes them"#,
            r#"3:13: warning: runtime: spec.filters[1]: filter on "empty" has no value: the plugin drops it, so it filters nothing"#,
        ]
    );
    let executed = lint.queries[0]
        .validated
        .as_ref()
        .unwrap()
        .execute()
        .unwrap();
    let printed = executed.render_query();
    let parsed = pyroql::parse(&printed).unwrap();
    let got: Vec<(&str, &str)> = parsed
        .iter()
        .map(|m| (m.name.as_ref(), m.value.as_ref()))
        .collect();
    assert_eq!(
        got,
        [("service_name", "a\\b"), ("service.name", "C:\\dir\\\"x\"")]
    );
}

#[test]
fn a_backslash_the_plugin_does_not_escape_changes_the_value() {
    let lint = perses::lint(
        "kind: PyroscopeProfileQuery\nspec:\n  profileType: process_cpu:cpu:nanoseconds:cpu:nanoseconds\n  service: 'C:\\bin'\n",
    )
    .unwrap();
    let found: Vec<String> = lint.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            r#"4:12: warning: runtime: spec.service: the shipped plugin sends query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="C:\bin"} and Pyroscope reads service_name="C:\bin" where service_name="C:\\bin" is meant: the plugin does not escape \; pyroql does"#
        ]
    );
}

#[test]
fn unreadable_text_is_an_error_with_a_position_not_a_panic() {
    let error = perses::lint("kind: [unclosed").unwrap_err();
    assert_eq!(
        error.location(),
        Some(perses::Location { line: 1, column: 7 })
    );
    assert_eq!(
        perses::lint(r#"{"kind": "a" "b"}"#)
            .unwrap_err()
            .to_string(),
        "1:14: expected ',' or '}' in the map"
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        perses::lint(&deep).unwrap_err().to_string(),
        "1:129: lists and maps nest more than 128 levels deep"
    );
    let deep_yaml = format!("{}x{}", "[".repeat(100), "]".repeat(100));
    assert!(perses::lint(&deep_yaml).is_err());
    // The YAML reader's budgets, in words.
    let nested: String = (0..100)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    assert_eq!(
        perses::lint(&nested).unwrap_err().to_string(),
        "65:129: lists and maps nest more than 64 levels deep"
    );
    let documents = "---\nkind: x\n".repeat(1025);
    assert_eq!(
        perses::lint(&documents).unwrap_err().to_string(),
        "2049:1: more than 1024 YAML documents"
    );
    let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f"])
    {
        let items = vec![format!("*{previous}"); 10].join(", ");
        laughs.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    let error = perses::lint(&laughs).unwrap_err().to_string();
    assert!(
        error.ends_with(": more than 250000 values (lists, maps and scalars)"),
        "{error}"
    );
    let empty = perses::lint("").unwrap();
    assert_eq!(empty.diagnostics.len(), 1);
    assert_eq!(empty.diagnostics[0].severity, Severity::Note);
}

#[test]
fn lists_of_resources_are_read_too() {
    let list = r#"[
        {"kind":"GlobalDatasource","metadata":{"name":"pyro"},"spec":{"default":true,"plugin":{"kind":"PyroscopeDatasource","spec":{"directUrl":"https://pyroscope.example.com"}}}},
        {"kind":"ProfileQuery","spec":{"plugin":{"kind":"PyroscopeProfileQuery","spec":{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","datasource":{"kind":"PyroscopeDatasource","name":"PYRO"}}}}},
        {"kind":"ProfileQuery","spec":{"plugin":{"kind":"PyroscopeProfileQuery","spec":{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","datasource":"ds-name"}}}}
    ]"#;
    let lint = perses::lint(list).unwrap();
    assert_eq!(lint.datasources.len(), 1);
    assert_eq!(lint.datasources[0].scope, Some(Scope::Global));
    assert_eq!(lint.queries[0].datasource, DatasourceMatch::Found(0));
    let messages: Vec<String> = lint.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            r#"3:199: warning: advice: [1].spec.plugin.spec.datasource.name: the UI finds the datasource "pyro" for "PYRO" because it compares names case-insensitively; write "pyro""#,
            r#"4:162: error: schema: [2].spec.plugin.spec.datasource: "ds-name" is no datasource variable: the schema takes a selector {kind, name} or $name"#,
        ]
    );
}

#[test]
fn reports_escape_control_characters_and_stay_bounded() {
    let text = "kind: PyroscopeProfileQuery\nspec:\n  profileType: \"process_cpu:cpu:nanoseconds:cpu:nanoseconds\"\n  service: \"a\\rb\"\n  filters: [{labelName: \"x\\u001b[31m\", labelValue: v, operator: \"=\"}]\n";
    let mut out = Vec::new();
    let options = perses::lint::Options {
        format: perses::lint::Format::Text,
        deny_warnings: false,
        explain: false,
    };
    let passed = perses::lint::report("q.yaml", text, &options, &mut out, &mut Vec::new());
    assert!(!passed.unwrap());
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains(r#"x\x1b[31m="v""#), "{out}");
    assert!(out.contains(r#"service_name="a\rb""#), "{out}");
    assert!(!out.contains(['\u{1b}', '\r']), "{out:?}");
    assert_eq!(out.lines().count(), 1, "{out}");
    // A value of a megabyte, quoted in the message, is shortened there.
    let long = format!(
        "kind: PyroscopeProfileQuery\nspec:\n  profileType: \"{}\"\n",
        "x".repeat(1 << 20)
    );
    let found = perses::lint(&long).unwrap();
    assert!(!found.diagnostics.is_empty());
    for diagnostic in &found.diagnostics {
        assert!(
            diagnostic.message.len() < 4096,
            "{}",
            diagnostic.message.len()
        );
        assert!(diagnostic.message.contains("bytes left out"));
    }
}

#[test]
fn errors_about_a_value_are_blamed_on_the_value() {
    let spec = |value: &str, operator: &str| {
        format!(
            r#"{{"kind":"PyroscopeProfileQuery","spec":{{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","service":"a","filters":[{{"labelName":"a","labelValue":{value},"operator":"{operator}"}}]}}}}"#
        )
    };
    for (value, operator, hint) in [
        (r#""\\q""#, "=", "it does not escape \" or \\, pyroql does"),
        (
            r#""(""#,
            "=~",
            "the pattern is no valid RE2, whoever sends it",
        ),
        (r#""\n""#, "=", "it does not escape \" or \\, pyroql does"),
    ] {
        let text = spec(value, operator);
        let found = perses::lint(&text).unwrap();
        let errors: Vec<_> = found
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{text}: {errors:?}");
        assert_eq!(errors[0].path, "spec.filters[0].labelValue", "{text}");
        assert!(errors[0].message.ends_with(hint), "{}", errors[0].message);
        let at = text.find(r#""labelValue""#).unwrap() + 14;
        assert_eq!(errors[0].column as usize, at, "{text}");
    }
}
