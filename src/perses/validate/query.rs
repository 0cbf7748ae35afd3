//! The `PyroscopeProfileQuery` spec: what the shipped schema takes, what pyroql reads besides
//! (the documented `query`), and what Pyroscope answers to the request the shipped plugin
//! builds from it.

use super::{entries, is_variable, map, missing, string, unknown_field};
use crate::ast::{MatchOp, Matcher, Selector};
use crate::error::ParseError;
use crate::matching::regex::Pattern;
use crate::perses::convert;
use crate::perses::diagnostic::{Class, Endpoint, Path, Report};
use crate::perses::execute::{executed, js_number, spec_matchers, ExecuteError, ExecutedQuery};
use crate::perses::model::{
    fields, DatasourceSelector, Filter, PyroscopeProfileQuerySpec, DATASOURCE_KIND,
    DOCUMENTED_QUERY_FIELD,
};
use crate::perses::node::{typed, Entry, Location, Node, Value};
use crate::perses::plugin::{PluginQuery, Source};
use crate::profile_type::{resolve, ProfileType, Resolution, ResolveError};

/// Pyroscope's default `querier.max-flamegraph-nodes-default`.
const DEFAULT_MAX_NODES: i64 = 8 << 10;
/// Pyroscope's default `querier.max-flamegraph-nodes-max`.
const MAX_MAX_NODES: i64 = 1 << 20;

/// A query spec Perses would store, read once: the typed spec, its `query` parsed and its profile
/// type resolved (pyroql's default order), and the query text the shipped plugin sends. Running
/// it ([`ValidatedQuery::execute`]) parses nothing again. Found by [`lint`](crate::perses::lint()).
///
/// ```
/// let lint = pyroql::perses::lint(r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "cpu", "service": "api"}}"#).unwrap();
/// let validated = lint.queries[0].validated.as_ref().unwrap();
/// assert_eq!(validated.plugin_query, r#"cpu{service_name="api"}"#);
/// assert_eq!(validated.profile_type.as_ref().unwrap().id(), "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
/// assert_eq!(validated.execute().unwrap().render_query(), r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatedQuery {
    /// The spec.
    pub spec: PyroscopeProfileQuerySpec,
    /// The documented `query`, parsed (no matchers when there is none).
    pub query: Result<Selector<'static>, ParseError>,
    /// The profile type, resolved.
    pub profile_type: Result<ProfileType<'static>, ResolveError>,
    /// The `query` parameter the shipped plugin sends.
    pub plugin_query: String,
}

impl ValidatedQuery {
    /// What pyroql runs for the spec (see [`PyroscopeProfileQuerySpec::execute`] and the
    /// example on [`ValidatedQuery`]).
    pub fn execute(&self) -> Result<ExecutedQuery, ExecuteError> {
        let profile_type = self.profile_type.clone()?;
        let query = self
            .query
            .as_ref()
            .map_err(|e| ExecuteError::Query(e.clone()))?;
        executed(&self.spec, profile_type, query)
    }
}

/// Where each field of a query spec stands, for diagnostics after the spec is typed.
#[derive(Default)]
struct Places {
    spec: Location,
    profile_type: Location,
    query: Option<Location>,
    service: Option<Location>,
    max_nodes: Option<Location>,
    datasource_kind: Option<Location>,
    /// Each filter's item, name, operator and value.
    filters: Vec<[Location; 4]>,
}

/// Checks a `PyroscopeProfileQuery` spec; the validated query when Perses would store it.
pub(crate) fn query_spec(spec: &Node, path: &Path, report: &mut Report) -> Option<ValidatedQuery> {
    let before = report.errors_of(Class::Schema);
    let map = map(spec, path, "a PyroscopeProfileQuery spec", report)?;
    let mut places = Places {
        spec: spec.at,
        ..Places::default()
    };
    let mut profile_type = false;
    for entry in entries(map, path, report) {
        field(entry, path, &mut places, &mut profile_type, report);
    }
    if !profile_type {
        missing(
            "profileType",
            spec.at,
            path,
            "a PyroscopeProfileQuery spec",
            report,
        );
    }
    if report.errors_of(Class::Schema) > before {
        return None;
    }
    let typed_spec: PyroscopeProfileQuerySpec = match typed(spec) {
        Ok(typed_spec) => typed_spec,
        Err(error) => {
            report.error(
                Class::Schema,
                path,
                error.at.unwrap_or(spec.at),
                error.message,
            );
            return None;
        }
    };
    Some(runtime(typed_spec, &places, path, report))
}

fn shipped_fields() -> Vec<&'static str> {
    fields::<PyroscopeProfileQuerySpec>()
        .iter()
        .copied()
        .filter(|f| *f != DOCUMENTED_QUERY_FIELD)
        .collect()
}

fn field(
    entry: &Entry,
    path: &Path,
    places: &mut Places,
    profile_type: &mut bool,
    report: &mut Report,
) {
    let at = path.key(&entry.key);
    let value = &entry.value;
    match entry.key.as_str() {
        "profileType" => {
            *profile_type = true;
            places.profile_type = value.at;
            if string(value, &at, "profileType", report) == Some("") {
                report.error(
                    Class::Schema,
                    &at,
                    value.at,
                    "profileType is empty; the schema requires at least one character: give a profile-type ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                );
            }
        }
        "query" => {
            places.query = Some(value.at);
            string(value, &at, "query", report);
        }
        "service" => {
            places.service = Some(value.at);
            string(value, &at, "service", report);
        }
        "maxNodes" => {
            places.max_nodes = Some(value.at);
            if !matches!(value.value, Value::Number(_)) {
                report.error(
                    Class::Schema,
                    &at,
                    value.at,
                    format!("maxNodes must be a number, not {}", value.describe()),
                );
            }
        }
        "filters" => filters(value, &at, places, report),
        "datasource" => datasource_selector(value, &at, places, report),
        _ => {
            let allowed = shipped_fields();
            unknown_field(
                entry,
                path,
                "a PyroscopeProfileQuery spec",
                &allowed,
                report,
            );
        }
    }
}

fn filters(node: &Node, path: &Path, places: &mut Places, report: &mut Report) {
    let Value::List(items) = &node.value else {
        report.error(
            Class::Schema,
            path,
            node.at,
            format!("filters must be a list, not {}", node.describe()),
        );
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let mut place = [item.at; 4];
        if let Some(map) = map(item, &at, "a filter", report) {
            let mut seen = [false; 3];
            for entry in entries(map, &at, report) {
                let slot = match entry.key.as_str() {
                    "labelName" => 0,
                    "operator" => 1,
                    "labelValue" => 2,
                    _ => {
                        unknown_field(entry, &at, "a filter", fields::<Filter>(), report);
                        continue;
                    }
                };
                seen[slot] = true;
                place[slot + 1] = entry.value.at;
                string(&entry.value, &at.key(&entry.key), &entry.key, report);
            }
            for (slot, name) in ["labelName", "operator", "labelValue"].iter().enumerate() {
                if !seen[slot] {
                    missing(name, item.at, &at, "a filter", report);
                }
            }
        }
        places.filters.push(place);
    }
}

fn datasource_selector(node: &Node, path: &Path, places: &mut Places, report: &mut Report) {
    match &node.value {
        Value::String(text) if is_variable(text) => {}
        Value::String(text) => {
            report.error(
                Class::Schema,
                path,
                node.at,
                format!("{text:?} is no datasource variable: the schema takes a selector {{kind, name}} or $name"),
            );
        }
        Value::Map(map) => {
            let mut kind = false;
            for entry in entries(map, path, report) {
                let at = path.key(&entry.key);
                match entry.key.as_str() {
                    "kind" => {
                        kind = true;
                        places.datasource_kind = Some(entry.value.at);
                        string(&entry.value, &at, "the datasource's kind", report);
                    }
                    "name" => {
                        string(&entry.value, &at, "the datasource's name", report);
                    }
                    _ => unknown_field(
                        entry,
                        path,
                        "a datasource selector",
                        &["kind", "name"],
                        report,
                    ),
                }
            }
            if !kind {
                missing("kind", node.at, path, "a datasource selector", report);
            }
        }
        _ => {
            report.error(
                Class::Schema,
                path,
                node.at,
                format!(
                    "datasource must be a selector {{kind, name}} or a $variable, not {}",
                    node.describe()
                ),
            );
        }
    }
}

/// The checks of a spec Perses stores: what Pyroscope and the plugin do with it.
fn runtime(
    spec: PyroscopeProfileQuerySpec,
    places: &Places,
    path: &Path,
    report: &mut Report,
) -> ValidatedQuery {
    let query = match &spec.query {
        Some(text) => crate::parse(text).map(Selector::into_owned),
        None => Ok(Selector::from_parts(None, Vec::new())),
    };
    if let (Err(error), Some(at)) = (&query, places.query) {
        report
            .error(
                Class::Runtime,
                &path.key("query"),
                at,
                // Pyroscope's query frontend wraps the parser's line:
                // `parsing label selector "<labelSelector>": <line>`.
                format!("query does not parse; the Connect API refuses this labelSelector with Pyroscope's parser line: {error}"),
            )
            .endpoint = Some(Endpoint::SelectMergeStacktraces);
    }
    let resolved = resolve(&spec.profile_type, None);
    profile_type_check(&spec, &resolved, places, path, report);
    let profile_type = resolved.map(|r| r.id);
    if let (Some(at), Ok(selector)) = (places.query, &query) {
        documented_shape(
            &spec,
            selector,
            profile_type.as_ref().ok(),
            at,
            path,
            report,
        );
    }
    let plugin = PluginQuery::of(&spec);
    plugin_request(&spec, &plugin, places, path, report);
    max_nodes_check(&spec, places, path, report);
    datasource_kind_check(&spec, places, path, report);
    ValidatedQuery {
        spec,
        query,
        profile_type,
        plugin_query: plugin.text,
    }
}

fn profile_type_check(
    spec: &PyroscopeProfileQuerySpec,
    resolved: &Result<Resolution, ResolveError>,
    places: &Places,
    path: &Path,
    report: &mut Report,
) {
    let name = &spec.profile_type;
    let at = path.key("profileType");
    if ProfileType::parse(name).is_ok() {
        return;
    }
    let answer = "/pyroscope/render answers 400 to the shipped plugin: failed to parse \"query\"";
    let diagnostic = match resolved {
        Ok(resolution) if !name.contains(':') => {
            let others = resolution.candidates.len() - 1;
            let choice = if others == 0 {
                String::new()
            } else {
                format!(
                    " (of {} candidates; pyroql's default order chose it)",
                    others + 1
                )
            };
            report.warning(
                Class::Runtime,
                &at,
                places.profile_type,
                format!(
                    "Pyroscope refuses the short name {name:?} ({answer}); write the full ID: it stands for {}{choice}",
                    resolution.id
                ),
            )
        }
        Ok(_) => return,
        Err(error) => report.error(
            Class::Runtime,
            &at,
            places.profile_type,
            format!("Pyroscope refuses {name:?} ({answer}), and pyroql cannot resolve it: {error}"),
        ),
    };
    diagnostic.endpoint = Some(Endpoint::Render);
}

/// The `schema` warning for the documented `query`, with the shipped spec that means the same
/// when there is one.
fn documented_shape(
    spec: &PyroscopeProfileQuerySpec,
    query: &Selector<'static>,
    profile_type: Option<&ProfileType<'static>>,
    at: Location,
    path: &Path,
    report: &mut Report,
) {
    let lead =
        "the shipped schema refuses query (field not allowed) and the shipped plugin ignores it";
    match convert::shipped(spec, query, profile_type) {
        Ok(shipped) => {
            let text = serde_json::to_string(&shipped).unwrap_or_default();
            let diagnostic = report.warning(
                Class::Schema,
                &path.key("query"),
                at,
                format!("{lead}; the shipped spec that selects the same is {text}"),
            );
            diagnostic.fix = Some(Box::new(shipped));
        }
        Err(reason) => {
            report.warning(
                Class::Schema,
                &path.key("query"),
                at,
                format!("{lead}; it cannot be written with service and filters: {reason}"),
            );
        }
    }
}

fn source_place(places: &Places, source: Source) -> (Location, String) {
    let filter = |i: usize, slot: usize, name: &str| {
        let at = places.filters.get(i).map_or(places.spec, |p| p[slot]);
        (at, format!("filters[{i}].{name}"))
    };
    match source {
        Source::ProfileType => (places.profile_type, "profileType".to_owned()),
        Source::Service => (places.service.unwrap_or(places.spec), "service".to_owned()),
        Source::FilterName(i) => filter(i, 1, "labelName"),
        Source::FilterOperator(i) => filter(i, 2, "operator"),
        Source::FilterValue(i) => filter(i, 3, "labelValue"),
    }
}

fn at_path(path: &Path, relative: &str) -> Path {
    let mut out = path.clone();
    for part in relative.split('.') {
        match part.split_once('[') {
            Some((key, index)) => {
                out = out.key(key);
                if let Ok(i) = index.trim_end_matches(']').parse() {
                    out = out.index(i);
                }
            }
            None => out = out.key(part),
        }
    }
    out
}

/// What Pyroscope does with the query the shipped plugin sends, and the filters it drops.
fn plugin_request(
    spec: &PyroscopeProfileQuerySpec,
    plugin: &PluginQuery,
    places: &Places,
    path: &Path,
    report: &mut Report,
) {
    for (i, filter) in spec.filters.iter().enumerate() {
        let item = places.filters.get(i).map_or(places.spec, |p| p[0]);
        let message = match (filter.label_name.is_empty(), filter.label_value.is_empty()) {
            (false, true) => format!(
                "filter on {:?} has no value: the plugin drops it, so it filters nothing",
                filter.label_name
            ),
            (true, false) => format!(
                "filter with value {:?} has no label name: the plugin drops it",
                filter.label_value
            ),
            // The query editor's untouched default: nothing meant, nothing lost.
            (true, true) | (false, false) => continue,
        };
        report.warning(Class::Runtime, &path.key("filters").index(i), item, message);
    }
    let blamed = match crate::parse(&plugin.text) {
        Err(error) => {
            let source = plugin.source_at(error.span().start);
            let (at, field) = source_place(places, source);
            let hint = match source {
                Source::FilterName(_) => "; it writes label names bare, pyroql quotes them",
                Source::FilterValue(_) | Source::Service => {
                    "; it does not escape \" or \\, pyroql does"
                }
                Source::FilterOperator(_) => "; an operator is one of =, !=, =~ and !~",
                Source::ProfileType => "",
            };
            report
                .error(
                    Class::Runtime,
                    &at_path(path, &field),
                    at,
                    format!(
                        "the shipped plugin sends query={} and /pyroscope/render answers 400: failed to parse \"query\": {error}{hint}",
                        plugin.text
                    ),
                )
                .endpoint = Some(Endpoint::Render);
            Some(source)
        }
        Ok(parsed) => {
            meaning_check(spec, &parsed, places, path, report);
            None
        }
    };
    operator_check(spec, blamed, places, path, report);
    regex_check(spec, blamed, places, path, report);
}

/// A `runtime` error for each kept filter whose operator is none of the four (unless the plugin's
/// query already failed on it): pyroql cannot run it either.
fn operator_check(
    spec: &PyroscopeProfileQuerySpec,
    blamed: Option<Source>,
    places: &Places,
    path: &Path,
    report: &mut Report,
) {
    for (i, filter) in spec.filters.iter().enumerate() {
        let kept = !filter.label_name.is_empty() && !filter.label_value.is_empty();
        if !kept
            || MatchOp::from_text(&filter.operator).is_some()
            || blamed == Some(Source::FilterOperator(i))
        {
            continue;
        }
        let (at, field) = source_place(places, Source::FilterOperator(i));
        report.error(
            Class::Runtime,
            &at_path(path, &field),
            at,
            format!("unknown operator {:?}: Pyroscope refuses the query and pyroql cannot run it; use {}", filter.operator, crate::names::MATCH_OPERATORS),
        );
    }
}

/// A `runtime` warning when the plugin's query parses but selects something else than the spec
/// says (a `\` it does not escape), and an error for an operator pyroql cannot run.
fn meaning_check(
    spec: &PyroscopeProfileQuerySpec,
    parsed: &Selector<'_>,
    places: &Places,
    path: &Path,
    report: &mut Report,
) {
    let Ok(meant) = spec_matchers(spec) else {
        return;
    };
    let sent: Vec<&Matcher<'_>> = parsed.iter().filter(|m| m.name != "__name__").collect();
    let sources = meant_sources(spec);
    for (i, want) in meant.iter().enumerate() {
        let got = sent.get(i).copied();
        if got.is_some_and(|got| {
            got.name == want.name && got.op == want.op && got.value == want.value
        }) {
            continue;
        }
        let source = sources.get(i).copied().unwrap_or(Source::Service);
        let (at, field) = source_place(places, source);
        let reads = got.map_or_else(|| "nothing".to_owned(), ToString::to_string);
        report.warning(
            Class::Runtime,
            &at_path(path, &field),
            at,
            format!(
                "the shipped plugin sends query={} and Pyroscope reads {reads} where {want} is meant: the plugin does not escape \\; pyroql does",
                PluginQuery::of(spec).text
            ),
        );
        return;
    }
}

/// Which field each matcher of [`spec_matchers`] comes from.
fn meant_sources(spec: &PyroscopeProfileQuerySpec) -> Vec<Source> {
    let mut sources = Vec::new();
    if spec.service.as_deref().is_some_and(|s| !s.is_empty()) {
        sources.push(Source::Service);
    }
    for (i, f) in spec.filters.iter().enumerate() {
        if !f.label_name.is_empty() && !f.label_value.is_empty() {
            sources.push(Source::FilterValue(i));
        }
    }
    sources
}

/// `=~`/`!~` filters whose pattern Go's RE2 refuses (unless the plugin's query already failed
/// on that filter).
fn regex_check(
    spec: &PyroscopeProfileQuerySpec,
    blamed: Option<Source>,
    places: &Places,
    path: &Path,
    report: &mut Report,
) {
    for (i, filter) in spec.filters.iter().enumerate() {
        let regex = MatchOp::from_text(&filter.operator).is_some_and(MatchOp::is_regex);
        let blamed_here = matches!(
            blamed,
            Some(Source::FilterName(j) | Source::FilterOperator(j) | Source::FilterValue(j)) if j == i
        );
        if !regex || filter.label_value.is_empty() || filter.label_name.is_empty() || blamed_here {
            continue;
        }
        if let Err(message) = Pattern::compile(&filter.label_value) {
            let (at, field) = source_place(places, Source::FilterValue(i));
            report.error(
                Class::Runtime,
                &at_path(path, &field),
                at,
                format!("not a valid RE2 pattern, so Pyroscope refuses the query: {message}"),
            );
        }
    }
}

/// What Pyroscope's render handler does with the `maxNodes` the plugin sends (it reads it with
/// Go's `strconv.Atoi`, and its default limits refuse negative values and values over 2^20).
fn max_nodes_check(
    spec: &PyroscopeProfileQuerySpec,
    places: &Places,
    path: &Path,
    report: &mut Report,
) {
    let (Some(number), Some(at)) = (&spec.max_nodes, places.max_nodes) else {
        return;
    };
    let sent = js_number(number);
    if sent == "0" {
        return;
    }
    let at_path = path.key("maxNodes");
    match sent.parse::<i64>() {
        Ok(n) if n < 0 => {
            report
                .error(
                    Class::Runtime,
                    &at_path,
                    at,
                    format!("Pyroscope, with its default limits, refuses maxNodes={sent}: max flamegraph nodes limit must be set (max allowed {MAX_MAX_NODES})"),
                )
                .endpoint = Some(Endpoint::Render);
        }
        Ok(n) if n > MAX_MAX_NODES => {
            report
                .error(
                    Class::Runtime,
                    &at_path,
                    at,
                    format!("Pyroscope, with its default limits, refuses maxNodes={sent}: max flamegraph nodes limit {n} is greater than allowed {MAX_MAX_NODES}"),
                )
                .endpoint = Some(Endpoint::Render);
        }
        Ok(_) => {}
        Err(_) => {
            report
                .warning(
                    Class::Runtime,
                    &at_path,
                    at,
                    format!("the plugin sends maxNodes={sent}, which is no integer: Pyroscope ignores it and uses its default ({DEFAULT_MAX_NODES} nodes unless configured)"),
                )
                .endpoint = Some(Endpoint::Render);
        }
    }
}

/// The schema's `kind` of a selector does not reach its definition's hidden `_kind` (the two are
/// in different CUE packages), so any kind is stored; the plugin then asks Perses for a
/// datasource of that kind.
fn datasource_kind_check(
    spec: &PyroscopeProfileQuerySpec,
    places: &Places,
    path: &Path,
    report: &mut Report,
) {
    let Some(DatasourceSelector::Reference { kind, .. }) = &spec.datasource else {
        return;
    };
    if kind == DATASOURCE_KIND {
        return;
    }
    let at = places.datasource_kind.unwrap_or(places.spec);
    report.error(
        Class::Runtime,
        &path.key("datasource").key("kind"),
        at,
        format!("the plugin asks Perses for a {kind:?} datasource, whose client cannot run a Pyroscope query; use {DATASOURCE_KIND}"),
    );
}
