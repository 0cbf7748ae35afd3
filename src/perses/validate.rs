//! Validation: every problem of a plugin spec, each with its path in the document and a message
//! that says what is wrong and what is allowed. Errors are what Perses or Pyroscope would refuse;
//! warnings are what works differently from what the author likely meant.

use std::fmt;

use serde_json::{Map, Value};

use super::model::{DATASOURCE_KIND, QUERY_KIND};
use crate::ast::MatchOp;
use crate::matching::regex::Pattern;
use crate::parse::is_bare_label_name;
use crate::profile_type::resolve::resolve;
use crate::ProfileType;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Perses or Pyroscope refuses it.
    Error,
    /// It works, but not as the author likely meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem, at a path such as `spec.plugin.spec.filters[1].operator`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the document.
    pub path: String,
    /// What is wrong, and what is allowed.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.path, self.severity, self.message)
    }
}

/// A path in a document: `spec.plugin.spec.filters[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(String);

impl Path {
    /// The path of a document's root, with an optional prefix (`documents[1]`).
    pub fn root(prefix: &str) -> Path {
        Path(prefix.to_owned())
    }

    /// The path of `key` below this one.
    pub fn key(&self, key: &str) -> Path {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let mut path = self.0.clone();
        if plain {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        } else {
            path.push_str(&format!("[{key:?}]"));
        }
        Path(path)
    }

    /// The path of item `index` below this one.
    pub fn index(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(document)")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// Collects diagnostics.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn error(&mut self, path: &Path, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into());
    }

    pub fn warning(&mut self, path: &Path, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into());
    }

    fn push(&mut self, severity: Severity, path: &Path, message: String) {
        self.diagnostics.push(Diagnostic {
            severity,
            path: path.to_string(),
            message,
        });
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// The requests the shipped Pyroscope plugin makes, which a proxy must let through.
pub const PLUGIN_ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/pyroscope/render"),
    ("POST", "/querier.v1.QuerierService/ProfileTypes"),
    ("POST", "/querier.v1.QuerierService/LabelNames"),
    ("POST", "/querier.v1.QuerierService/LabelValues"),
];

/// The warning for a value the shipped plugin pastes into its query unescaped.
const UNESCAPED: &str = "the value holds \" or \\, which the shipped plugin does not escape, so Pyroscope refuses its query (pyroql escapes it)";

const HTTP_METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE",
];

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// The object at `path`, or an error saying it must be one.
fn object<'v>(
    value: &'v Value,
    path: &Path,
    what: &str,
    report: &mut Report,
) -> Option<&'v Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        other => {
            report.error(
                path,
                format!("{what} must be an object, not {}", describe(other)),
            );
            None
        }
    }
}

/// A string field, or an error when it is something else; `None` when absent.
fn string<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    path: &Path,
    report: &mut Report,
) -> Option<&'v str> {
    match map.get(key)? {
        Value::String(s) => Some(s),
        Value::Null => None,
        other => {
            report.error(
                &path.key(key),
                format!("{key} must be a string, not {}", describe(other)),
            );
            None
        }
    }
}

fn unknown_fields(
    map: &Map<String, Value>,
    allowed: &[&str],
    path: &Path,
    what: &str,
    report: &mut Report,
) {
    for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
        report.error(
            &path.key(key),
            format!(
                "unknown field {key:?}: {what} has only {}",
                allowed.join(", ")
            ),
        );
    }
}

/// Whether `url` is an absolute http(s) URL with a host.
fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.contains(char::is_whitespace)
    })
}

/// Checks a `PyroscopeDatasource` plugin spec at `path`.
pub(crate) fn datasource_spec(spec: &Value, path: &Path, report: &mut Report) {
    let Some(map) = object(spec, path, "a PyroscopeDatasource spec", report) else {
        return;
    };
    unknown_fields(
        map,
        &["directUrl", "proxy"],
        path,
        "a PyroscopeDatasource spec",
        report,
    );
    let direct = string(map, "directUrl", path, report);
    if let Some(url) = direct {
        if !is_http_url(url) {
            report.error(
                &path.key("directUrl"),
                format!("directUrl must be an http:// or https:// URL, not {url:?}"),
            );
        }
    }
    let proxy = map.get("proxy").filter(|v| !v.is_null());
    match (
        map.contains_key("directUrl") && !map["directUrl"].is_null(),
        proxy,
    ) {
        (true, Some(_)) => report.error(
            path,
            "both directUrl and proxy are set; a datasource has one or the other",
        ),
        (false, None) => report.error(
            path,
            "neither directUrl nor proxy is set; give one, so that Pyroscope can be reached",
        ),
        _ => {}
    }
    if let Some(proxy) = proxy {
        proxy_spec(proxy, &path.key("proxy"), report);
    }
}

fn proxy_spec(proxy: &Value, path: &Path, report: &mut Report) {
    let Some(map) = object(proxy, path, "proxy", report) else {
        return;
    };
    unknown_fields(map, &["kind", "spec"], path, "proxy", report);
    match string(map, "kind", path, report) {
        Some("HTTPProxy") => {}
        Some(other) => report.error(
            &path.key("kind"),
            format!("proxy kind {other:?} is not HTTPProxy"),
        ),
        None => report.error(path, "proxy has no kind; it is HTTPProxy"),
    }
    let spec_path = path.key("spec");
    let Some(spec) = map.get("spec") else {
        report.error(path, "proxy has no spec");
        return;
    };
    let Some(spec) = object(spec, &spec_path, "proxy spec", report) else {
        return;
    };
    unknown_fields(
        spec,
        &["url", "allowedEndpoints", "headers", "secret"],
        &spec_path,
        "an HTTPProxy spec",
        report,
    );
    match string(spec, "url", &spec_path, report) {
        Some(url) if is_http_url(url) => {}
        Some(url) => report.error(
            &spec_path.key("url"),
            format!("url must be an http:// or https:// URL, not {url:?}"),
        ),
        None => report.error(&spec_path, "proxy spec has no url"),
    }
    string(spec, "secret", &spec_path, report);
    if let Some(headers) = spec.get("headers") {
        let headers_path = spec_path.key("headers");
        if let Some(headers) = object(headers, &headers_path, "headers", report) {
            for (name, value) in headers {
                if !value.is_string() {
                    report.error(
                        &headers_path.key(name),
                        format!("header values are strings, not {}", describe(value)),
                    );
                }
            }
        }
    }
    let Some(endpoints) = spec.get("allowedEndpoints") else {
        return;
    };
    let endpoints_path = spec_path.key("allowedEndpoints");
    let Value::Array(endpoints) = endpoints else {
        report.error(
            &endpoints_path,
            format!(
                "allowedEndpoints must be a list, not {}",
                describe(endpoints)
            ),
        );
        return;
    };
    let mut allowed = Vec::new();
    for (i, endpoint) in endpoints.iter().enumerate() {
        let path = endpoints_path.index(i);
        let Some(endpoint) = object(endpoint, &path, "an allowed endpoint", report) else {
            continue;
        };
        let errors_before = report.error_count();
        unknown_fields(
            endpoint,
            &["endpointPattern", "method"],
            &path,
            "an allowed endpoint",
            report,
        );
        let pattern = match string(endpoint, "endpointPattern", &path, report) {
            Some(text) => match Pattern::compile(text) {
                Ok(pattern) => Some(pattern),
                Err(message) => {
                    report.error(
                        &path.key("endpointPattern"),
                        format!("endpointPattern is not a valid regular expression: {message}"),
                    );
                    None
                }
            },
            None => {
                report.error(&path, "allowed endpoint has no endpointPattern");
                None
            }
        };
        let method = match string(endpoint, "method", &path, report) {
            Some(method) if HTTP_METHODS.contains(&method) => Some(method),
            Some(method) => {
                report.error(
                    &path.key("method"),
                    format!(
                        "{method:?} is not an HTTP method; use one of {}",
                        HTTP_METHODS.join(", ")
                    ),
                );
                None
            }
            None => {
                report.error(&path, "allowed endpoint has no method");
                None
            }
        };
        if let (Some(pattern), Some(method)) = (pattern, method) {
            if report.error_count() == errors_before {
                allowed.push((method, pattern));
            }
        }
    }
    // Judge what the proxy lets through only when every entry could be read.
    if !endpoints.is_empty() && allowed.len() == endpoints.len() {
        let refused: Vec<String> = PLUGIN_ENDPOINTS
            .iter()
            .filter(|(method, endpoint)| {
                !allowed
                    .iter()
                    .any(|(m, p)| m == method && p.is_match(endpoint))
            })
            .map(|(method, endpoint)| format!("{method} {endpoint}"))
            .collect();
        if !refused.is_empty() {
            report.warning(
                &endpoints_path,
                format!(
                    "the proxy refuses requests the Pyroscope plugin makes: {}",
                    refused.join(", ")
                ),
            );
        }
    }
}

/// Checks a `PyroscopeProfileQuery` plugin spec at `path`.
pub(crate) fn query_spec(spec: &Value, path: &Path, report: &mut Report) {
    let Some(map) = object(spec, path, "a PyroscopeProfileQuery spec", report) else {
        return;
    };
    unknown_fields(
        map,
        &[
            "profileType",
            "query",
            "service",
            "filters",
            "maxNodes",
            "datasource",
        ],
        path,
        "a PyroscopeProfileQuery spec",
        report,
    );
    profile_type(map, path, report);
    if let Some(query) = string(map, "query", path, report) {
        if let Err(error) = crate::parse(query) {
            report.error(&path.key("query"), format!("query does not parse: {error}"));
        }
    }
    if string(map, "service", path, report).is_some_and(|service| service.contains(['"', '\\'])) {
        report.warning(&path.key("service"), UNESCAPED);
    }
    if let Some(filters) = map.get("filters") {
        match filters {
            Value::Array(filters) => {
                for (i, filter) in filters.iter().enumerate() {
                    filter_spec(filter, &path.key("filters").index(i), report);
                }
            }
            Value::Null => {}
            other => report.error(
                &path.key("filters"),
                format!("filters must be a list, not {}", describe(other)),
            ),
        }
    }
    if let Some(max_nodes) = map.get("maxNodes") {
        if !max_nodes.as_u64().is_some_and(|n| n > 0) && !max_nodes.is_null() {
            report.error(
                &path.key("maxNodes"),
                format!(
                    "maxNodes must be a positive integer, not {}",
                    describe(max_nodes)
                ),
            );
        }
    }
    if let Some(selector) = map.get("datasource") {
        datasource_selector(selector, &path.key("datasource"), report);
    }
}

fn profile_type(map: &Map<String, Value>, path: &Path, report: &mut Report) {
    let at = path.key("profileType");
    let name = match map.get("profileType") {
        None | Some(Value::Null) => "",
        Some(Value::String(name)) => name.as_str(),
        Some(other) => {
            report.error(
                &at,
                format!("profileType must be a string, not {}", describe(other)),
            );
            return;
        }
    };
    if name.is_empty() {
        report.error(&at, "profileType is empty; give a profile-type ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        return;
    }
    if name.contains(':') {
        if let Err(error) = ProfileType::parse(name) {
            report.error(&at, format!("Pyroscope refuses it: {error}"));
        }
        return;
    }
    match resolve(name, None) {
        Ok(resolution) => {
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
                &at,
                format!(
                    "Pyroscope refuses the short name {name:?}; write the full ID: it stands for {}{choice}",
                    resolution.id
                ),
            );
        }
        Err(error) => report.error(
            &at,
            format!("Pyroscope refuses {name:?} and pyroql cannot resolve it: {error}"),
        ),
    }
}

fn filter_spec(filter: &Value, path: &Path, report: &mut Report) {
    let Some(map) = object(filter, path, "a filter", report) else {
        return;
    };
    unknown_fields(
        map,
        &["labelName", "labelValue", "operator"],
        path,
        "a filter",
        report,
    );
    let name = string(map, "labelName", path, report).unwrap_or("");
    let value = string(map, "labelValue", path, report).unwrap_or("");
    let op = match string(map, "operator", path, report) {
        Some(text) => match MatchOp::from_text(text) {
            Some(op) => Some(op),
            None => {
                report.error(
                    &path.key("operator"),
                    format!("unknown operator {text:?}; use =, !=, =~ or !~"),
                );
                None
            }
        },
        None => {
            report.error(path, "filter has no operator; use =, !=, =~ or !~");
            None
        }
    };
    match (name.is_empty(), value.is_empty()) {
        (false, true) => report.warning(
            path,
            format!("filter on {name:?} has no value: Perses drops it, so it filters nothing"),
        ),
        (true, false) => report.warning(
            path,
            format!("filter with value {value:?} has no label name: Perses drops it"),
        ),
        (true, true) => report.warning(path, "empty filter: Perses drops it"),
        (false, false) => {}
    }
    if !name.is_empty() && !is_bare_label_name(name) {
        report.warning(
            &path.key("labelName"),
            format!("label name {name:?} must be quoted in a selector; the shipped plugin writes it bare and Pyroscope refuses the query (pyroql quotes it)"),
        );
    }
    if value.contains(['"', '\\']) {
        report.warning(&path.key("labelValue"), UNESCAPED);
    }
    if let (Some(op), false) = (op, value.is_empty()) {
        if op.is_regex() {
            if let Err(message) = Pattern::compile(value) {
                report.error(
                    &path.key("labelValue"),
                    format!("not a valid RE2 pattern, so Pyroscope refuses the query: {message}"),
                );
            }
        }
    }
}

fn datasource_selector(selector: &Value, path: &Path, report: &mut Report) {
    match selector {
        Value::String(variable) => {
            let name = variable.strip_prefix('$').unwrap_or("");
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                report.error(
                    path,
                    format!("{variable:?} is no datasource variable; write $name"),
                );
            }
        }
        Value::Object(map) => {
            unknown_fields(
                map,
                &["kind", "name"],
                path,
                "a datasource selector",
                report,
            );
            match string(map, "kind", path, report) {
                Some(DATASOURCE_KIND) => {}
                Some(other) => report.error(
                    &path.key("kind"),
                    format!("selects a datasource of kind {other:?}; a {QUERY_KIND} needs a {DATASOURCE_KIND}"),
                ),
                None => report.error(path, format!("datasource selector has no kind; it is {DATASOURCE_KIND}")),
            }
            string(map, "name", path, report);
        }
        Value::Null => {}
        other => report.error(
            path,
            format!(
                "datasource must be a selector {{kind, name}} or a $variable, not {}",
                describe(other)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(spec: &str, datasource: bool) -> Vec<String> {
        let value: Value = serde_json::from_str(spec).unwrap();
        let mut report = Report::default();
        let path = Path::root("spec");
        if datasource {
            datasource_spec(&value, &path, &mut report);
        } else {
            query_spec(&value, &path, &mut report);
        }
        report.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn paths_read_like_the_document() {
        let p = Path::root("")
            .key("spec")
            .key("filters")
            .index(1)
            .key("operator");
        assert_eq!(p.to_string(), "spec.filters[1].operator");
        assert_eq!(Path::root("").key("a b").to_string(), "[\"a b\"]");
        assert_eq!(Path::root("").to_string(), "(document)");
    }

    #[test]
    fn a_clean_query_has_nothing_to_say() {
        let spec = r#"{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","service":"api","filters":[{"labelName":"env","labelValue":"prod","operator":"="}],"maxNodes":1024,"datasource":{"kind":"PyroscopeDatasource","name":"main"}}"#;
        assert_eq!(check(spec, false), Vec::<String>::new());
    }

    #[test]
    fn urls_must_be_http() {
        assert!(is_http_url("http://pyroscope:4040"));
        assert!(is_http_url("https://p.example.com/base?x"));
        assert!(!is_http_url("ftp://p"));
        assert!(!is_http_url("http://"));
        assert!(!is_http_url("pyroscope:4040"));
        assert_eq!(
            check(r#"{"directUrl":"ftp://x"}"#, true),
            [
                r#"spec.directUrl: error: directUrl must be an http:// or https:// URL, not "ftp://x""#
            ]
        );
    }
}
