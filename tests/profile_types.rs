//! Profile types through the public API: IDs, the catalog, resolving what users write, and the
//! queries built for Pyroscope.

use pyroql::profile_type::catalog::{Group, CATALOG};
use pyroql::profile_type::{
    connect_query, render_query, resolve, Available, Choice, ProfileType, ResolveError, Rule,
};

#[test]
fn every_catalog_entry_parses_and_resolves_to_itself() {
    for known in CATALOG {
        let pt = ProfileType::parse(known.id).unwrap();
        assert_eq!(pt.to_string(), known.id);
        assert_eq!(resolve(known.id, None).unwrap().id, pt);
    }
    assert_eq!(CATALOG.len(), 50);
}

#[test]
fn every_alias_in_the_spec_resolves() {
    let cases = [
        // Legacy suffixes.
        ("cpu", "process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
        ("wall", "wall:wall:nanoseconds:wall:nanoseconds"),
        ("itimer", "process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
        ("alloc_objects", "memory:alloc_objects:count:space:bytes"),
        ("alloc_space", "memory:alloc_space:bytes:space:bytes"),
        ("inuse_objects", "memory:inuse_objects:count:space:bytes"),
        ("inuse_space", "memory:inuse_space:bytes:space:bytes"),
        ("goroutines", "goroutines:goroutine:count:goroutine:count"),
        ("mutex_count", "mutex:contentions:count:contentions:count"),
        (
            "mutex_duration",
            "mutex:delay:nanoseconds:contentions:count",
        ),
        ("block_count", "block:contentions:count:contentions:count"),
        (
            "block_duration",
            "block:delay:nanoseconds:contentions:count",
        ),
        ("lock_count", "mutex:contentions:count:mutex:count"),
        ("lock_duration", "mutex:delay:nanoseconds:mutex:count"),
        (
            "alloc_in_new_tlab_objects",
            "memory:alloc_in_new_tlab_objects:count:space:bytes",
        ),
        (
            "alloc_in_new_tlab_bytes",
            "memory:alloc_in_new_tlab_bytes:bytes:space:bytes",
        ),
        (
            "alloc_outside_tlab_objects",
            "memory:alloc_outside_tlab_objects:count:space:bytes",
        ),
        (
            "alloc_outside_tlab_bytes",
            "memory:alloc_outside_tlab_bytes:bytes:space:bytes",
        ),
        ("live", "memory:live:count:objects:count"),
        ("exceptions", "exception:exception:count:cpu:nanoseconds"),
        // Perses picker labels.
        (
            "process_cpu/cpu",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
        ),
        ("memory/alloc_space", "memory:alloc_space:bytes:space:bytes"),
        (
            "process_cpu/samples",
            "process_cpu:samples:count:cpu:nanoseconds",
        ),
        (
            "goroutine/goroutine",
            "goroutine:goroutine:count:goroutine:count",
        ),
        ("off_cpu/off_cpu", "off_cpu:off_cpu:nanoseconds::"),
        // Group words, any case.
        ("CPU", "process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
        ("Memory", "memory:inuse_space:bytes:space:bytes"),
        ("goroutine", "goroutines:goroutine:count:goroutine:count"),
        ("mutex", "mutex:delay:nanoseconds:contentions:count"),
        ("block", "block:delay:nanoseconds:contentions:count"),
        ("lock", "lock:lock_time:nanoseconds:cpu:nanoseconds"),
        ("locks", "lock:lock_time:nanoseconds:cpu:nanoseconds"),
        ("exception", "exception:exception:count:cpu:nanoseconds"),
        ("off-cpu", "off_cpu:off_cpu:nanoseconds::"),
    ];
    for (name, id) in cases {
        let r = resolve(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.id.id(), id, "{name}");
    }
}

#[test]
fn the_server_list_decides_ambiguous_names() {
    let java = Available::from_ids([
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
        "memory:alloc_in_new_tlab_bytes:bytes:space:bytes",
        "memory:alloc_in_new_tlab_objects:count:space:bytes",
    ])
    .unwrap();
    let r = resolve("memory", Some(&java)).unwrap();
    assert_eq!(
        r.id.id(),
        "memory:alloc_in_new_tlab_bytes:bytes:space:bytes"
    );
    assert_eq!(
        (r.rule, r.choice),
        (Rule::Group(Group::Memory), Choice::Server)
    );
    assert_eq!(r.candidates.len(), 23);

    let scrape = Available::from_ids(["goroutine:goroutine:count:goroutine:count"]).unwrap();
    assert_eq!(
        resolve("goroutines", Some(&scrape)).unwrap().id.id(),
        "goroutine:goroutine:count:goroutine:count"
    );
    let r = resolve("goroutines", None).unwrap();
    assert_eq!(r.id.id(), "goroutines:goroutine:count:goroutine:count");
    assert_eq!(r.choice, Choice::DefaultOrder);
    assert_eq!(resolve("alloc_space", None).unwrap().choice, Choice::Only);
}

#[test]
fn a_picker_label_finds_ids_only_the_server_knows() {
    let server = Available::from_ids(["custom:thing:count:events:count"]).unwrap();
    let r = resolve("custom/thing", Some(&server)).unwrap();
    assert_eq!(
        (r.id.id(), r.rule),
        ("custom:thing:count:events:count", Rule::PickerLabel)
    );
    assert!(matches!(
        resolve("custom/thing", None),
        Err(ResolveError::Unknown { .. })
    ));
}

#[test]
fn full_ids_pass_through() {
    let server = Available::from_ids(["process_cpu:cpu:nanoseconds:cpu:nanoseconds"]).unwrap();
    let r = resolve("my:own:type:of:profile", Some(&server)).unwrap();
    assert_eq!(
        (r.id.id(), r.choice),
        ("my:own:type:of:profile", Choice::NotOnServer)
    );
    assert_eq!(
        resolve("a:b:c:d:e:delta", None).unwrap().id.delta(),
        Some("delta")
    );
}

#[test]
fn errors_say_what_to_do() {
    let cases = [
        (
            "alloc_spce",
            r#"unknown profile type "alloc_spce"; did you mean alloc_space?"#,
        ),
        (
            "memroy",
            r#"unknown profile type "memroy"; did you mean memory?"#,
        ),
        (
            "gorutines",
            r#"unknown profile type "gorutines"; did you mean goroutines?"#,
        ),
        (
            "heap",
            r#"unknown profile type "heap"; did you mean heap/inuse_space, heap/inuse_objects?"#,
        ),
        (
            "frobnicate",
            r#"unknown profile type "frobnicate"; give a full ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds"#,
        ),
        (
            "a:b:c",
            r#"profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got(3): "a:b:c""#,
        ),
        (
            "",
            r#"unknown profile type ""; give a full ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds"#,
        ),
    ];
    for (name, want) in cases {
        assert_eq!(resolve(name, None).unwrap_err().to_string(), want, "{name}");
    }
    let go = Available::from_ids(["process_cpu:cpu:nanoseconds:cpu:nanoseconds"]).unwrap();
    assert_eq!(
        resolve("wall", Some(&go)).unwrap_err().to_string(),
        "\"wall\" stands for wall:wall:nanoseconds:wall:nanoseconds or wall:wall:microseconds:wall:microseconds or wall:samples:count:wall:microseconds or wall:sample:count:wall:microseconds, but the server reports none of them; it has process_cpu:cpu:nanoseconds:cpu:nanoseconds"
    );
    let long = "x".repeat(100_000);
    assert!(
        matches!(resolve(&long, None), Err(ResolveError::Unknown { suggestions, .. }) if suggestions.is_empty())
    );
}

#[cfg(feature = "serde")]
#[test]
fn the_server_answer_reads_as_json_or_lines() {
    use pyroql::profile_type::AvailableError;
    let answer = r#"{"profileTypes":[
        {"ID":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","name":"process_cpu","sampleType":"cpu","sampleUnit":"nanoseconds","periodType":"cpu","periodUnit":"nanoseconds"},
        {"name":"memory","sampleType":"alloc_space","sampleUnit":"bytes","periodType":"space","periodUnit":"bytes"}
    ]}"#;
    let ids: Vec<String> = Available::from_text(answer)
        .unwrap()
        .ids()
        .iter()
        .map(|pt| pt.to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "memory:alloc_space:bytes:space:bytes"
        ]
    );
    assert!(Available::from_text("{}").unwrap().ids().is_empty());
    let lines = "# from the server\nprocess_cpu:cpu:nanoseconds:cpu:nanoseconds\n\n  wall:wall:nanoseconds:wall:nanoseconds  \n";
    assert_eq!(Available::from_text(lines).unwrap().ids().len(), 2);
    assert_eq!(
        Available::from_text(r#"["a:b:c:d:e"]"#)
            .unwrap()
            .ids()
            .len(),
        1
    );
    assert_eq!(
        Available::from_text("ok:a:b:c:d\ncpu\n").unwrap_err().to_string(),
        "entry 2 of the server's profile types: profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got(1): \"cpu\""
    );
    assert_eq!(
        Available::from_text(r#"{"profileTypes":[{"name":"x"}]}"#),
        Err(AvailableError::EntryWithoutId { index: 1 })
    );
    assert_eq!(
        Available::from_text(r#"{"profileTypes":{}}"#),
        Err(AvailableError::ProfileTypesNotList)
    );
    assert_eq!(
        Available::from_text(r#"["a:b:c:d:e", 5]"#),
        Err(AvailableError::EntryNotIdOrObject { index: 2 })
    );
    assert_eq!(
        Available::from_text("[").unwrap_err().to_string(),
        "not a ProfileTypes answer or a list of IDs: not JSON, from line 1 column 1"
    );
    assert_eq!(
        Available::from_text("{not json"),
        Err(AvailableError::NotJson { line: 1, column: 2 })
    );
}

#[test]
fn built_queries_round_trip_through_the_parser() {
    let selector =
        pyroql::parse(r#"{service_name="api", "service.name"=~"v1\\..*", msg="say \"hi\""}"#)
            .unwrap();
    for name in [
        "cpu",
        "memory",
        "goroutines",
        "memory/alloc_space",
        "off_cpu",
    ] {
        let pt = resolve(name, None).unwrap().id;
        let query = render_query(&pt, &selector);
        let parsed = pyroql::parse(&query).unwrap();
        assert_eq!(parsed.profile_type().unwrap(), pt, "{query}");
        assert_eq!(parsed.matchers(), selector.matchers(), "{query}");
        let connect = connect_query(&pt, &selector);
        assert_eq!(connect.profile_type_id, pt.id());
        assert_eq!(pyroql::parse(&connect.label_selector).unwrap(), selector);
    }
}
