//! Executing a query spec: the selector Pyroscope should run, and the requests that run it.
//!
//! pyroql's requests differ from the shipped plugin's on purpose in one way: names are quoted and
//! values escaped as the selector grammar needs ([`super::plugin`] builds the plugin's own text,
//! which pastes them in as they are). The rest follows the plugin: the render request's
//! parameters in its order (`query`, `from`, `until`, `maxNodes`), form-encoded as
//! `URLSearchParams` encodes them, `maxNodes` left out when it is 0 and written as JavaScript
//! writes numbers otherwise, and the time range as unix seconds, or `from=now-1h` alone when
//! there is none.

use std::borrow::Cow;

use serde_json::Number;

use super::model::{PyroscopeDatasourceSpec, PyroscopeProfileQuerySpec};
use crate::ast::{MatchOp, Matcher, Selector};
use crate::error::ParseError;
use crate::profile_type::{
    connect_query, render_query, resolve, Available, ProfileType, ResolveError,
};

/// The label the shipped plugin puts a query's `service` in.
///
/// ```
/// use pyroql::perses::{PyroscopeProfileQuerySpec, SERVICE_LABEL};
/// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), service: Some("api".into()), ..Default::default() };
/// assert_eq!(spec.execute(None).unwrap().selector.matchers()[0].name, SERVICE_LABEL);
/// ```
pub const SERVICE_LABEL: &str = "service_name";

/// What a query spec asks Pyroscope for; made by [`PyroscopeProfileQuerySpec::execute`] and
/// [`ValidatedQuery::execute`](super::ValidatedQuery::execute).
///
/// ```
/// use pyroql::perses::PyroscopeProfileQuerySpec;
/// let spec = PyroscopeProfileQuerySpec {
///     profile_type: "memory".into(),
///     query: Some(r#"{env="prod"}"#.into()),
///     service: Some("api".into()),
///     max_nodes: Some(1024.into()),
///     ..Default::default()
/// };
/// let q = spec.execute(None).unwrap();
/// assert_eq!(q.profile_type.id(), "memory:inuse_space:bytes:space:bytes");
/// assert_eq!(q.selector.to_string(), r#"{env="prod",service_name="api"}"#);
/// assert_eq!(q.render_query(), r#"memory:inuse_space:bytes:space:bytes{env="prod",service_name="api"}"#);
/// assert_eq!(q.max_nodes_parameter().as_deref(), Some("1024"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutedQuery {
    /// The profile type, resolved to a full ID.
    pub profile_type: ProfileType<'static>,
    /// The matchers: the spec's `query`, then `service_name="<service>"`, then each filter.
    pub selector: Selector<'static>,
    /// The `maxNodes` to ask for; `None` when the spec has none or 0 (Pyroscope's default).
    pub max_nodes: Option<Number>,
}

/// Why a query spec cannot be executed; returned by [`PyroscopeProfileQuerySpec::execute`].
///
/// ```
/// use pyroql::perses::{ExecuteError, Filter, PyroscopeProfileQuerySpec};
/// let spec = PyroscopeProfileQuerySpec {
///     profile_type: "cpu".into(),
///     filters: vec![Filter { label_name: "env".into(), label_value: "prod".into(), operator: "==".into() }],
///     ..Default::default()
/// };
/// let err = spec.execute(None).unwrap_err();
/// assert_eq!(err, ExecuteError::Operator { index: 0, operator: "==".into() });
/// assert_eq!(err.to_string(), r#"filter 0: unknown operator "=="; use =, !=, =~ or !~"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExecuteError {
    /// `query` does not parse.
    #[error("query does not parse: {0}")]
    Query(#[from] ParseError),
    /// `profileType` does not resolve.
    #[error("profileType: {0}")]
    ProfileType(#[from] ResolveError),
    /// A filter's operator is none of `=`, `!=`, `=~`, `!~`.
    #[error(
        "filter {index}: unknown operator {operator:?}; use {}",
        crate::names::MATCH_OPERATORS
    )]
    Operator {
        /// Which filter, from 0.
        index: usize,
        /// The operator given.
        operator: String,
    },
}

impl PyroscopeProfileQuerySpec {
    /// The query Pyroscope should run for this spec: the `query` selector's matchers, plus
    /// `service_name="<service>"`, plus each filter, names quoted and values escaped as needed
    /// (the shipped plugin pastes them in as they are and breaks on `"`, `\` and dotted names).
    /// Filters without a name or a value are left out, as the plugin leaves them out. The profile
    /// type is resolved, choosing by `available` when given; it replaces any identifier the
    /// `query` has before its braces.
    ///
    /// ```
    /// use pyroql::perses::{Filter, PyroscopeProfileQuerySpec};
    /// let spec = PyroscopeProfileQuerySpec {
    ///     profile_type: "cpu".into(),
    ///     service: Some("api".into()),
    ///     filters: vec![Filter { label_name: "service.version".into(), label_value: "v\"1\"".into(), operator: "=".into() }],
    ///     ..Default::default()
    /// };
    /// let q = spec.execute(None).unwrap();
    /// assert_eq!(q.render_query(), r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api","service.version"="v\"1\""}"#);
    /// ```
    pub fn execute(&self, available: Option<&Available>) -> Result<ExecutedQuery, ExecuteError> {
        let profile_type = resolve(&self.profile_type, available)?.id;
        let query = match &self.query {
            Some(query) => crate::parse(query)?.into_owned(),
            None => Selector::from_parts(None, Vec::new()),
        };
        executed(self, profile_type, &query)
    }
}

/// The executed query of `spec`, from its profile type already resolved and its `query` already
/// parsed: what validation hands on, so that nothing is parsed twice.
pub(crate) fn executed(
    spec: &PyroscopeProfileQuerySpec,
    profile_type: ProfileType<'static>,
    query: &Selector<'static>,
) -> Result<ExecutedQuery, ExecuteError> {
    let mut matchers: Vec<Matcher<'static>> = query.matchers().to_vec();
    matchers.extend(spec_matchers(spec)?);
    Ok(ExecutedQuery {
        profile_type,
        selector: Selector::from_parts(None, matchers),
        max_nodes: spec
            .max_nodes
            .clone()
            .filter(|n| n.as_f64().is_some_and(|f| f != 0.0)),
    })
}

/// The matchers of the shipped shape: `service_name="<service>"` when there is a service, then
/// each filter with a name and a value.
pub(crate) fn spec_matchers(
    spec: &PyroscopeProfileQuerySpec,
) -> Result<Vec<Matcher<'static>>, ExecuteError> {
    let mut matchers = Vec::new();
    if let Some(service) = spec.service.as_deref().filter(|s| !s.is_empty()) {
        matchers.push(Matcher::new(
            SERVICE_LABEL,
            MatchOp::Equal,
            service.to_owned(),
        ));
    }
    for (index, filter) in spec.filters.iter().enumerate() {
        if filter.label_name.is_empty() || filter.label_value.is_empty() {
            continue;
        }
        let op = MatchOp::from_text(&filter.operator).ok_or_else(|| ExecuteError::Operator {
            index,
            operator: filter.operator.clone(),
        })?;
        matchers.push(Matcher::new(
            Cow::Owned(filter.label_name.clone()),
            op,
            Cow::Owned(filter.label_value.clone()),
        ));
    }
    Ok(matchers)
}

/// Where a datasource is defined, which decides its Perses proxy path (see [`base_url`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A `GlobalDatasource`.
    Global,
    /// A `Datasource` of a project; `None` when the file leaves the project to
    /// `percli apply --project`.
    Project(Option<String>),
    /// A datasource in the `spec.datasources` of a dashboard (or an ephemeral one): its project,
    /// when the file says it, and its name.
    Dashboard(Option<String>, String),
}

/// Why no URL can be given for a datasource; returned by [`base_url`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// A proxied datasource whose name or project is not known.
    #[error("the datasource goes through the Perses proxy, whose path needs the datasource's name and project")]
    UnknownProxyPath,
    /// Neither `directUrl` nor `proxy`.
    #[error("the datasource has neither directUrl nor proxy")]
    Unreachable,
}

/// The base URL the plugin calls Pyroscope at: `directUrl` (without a trailing `/`), or else the
/// Perses proxy path the UI builds for the datasource (`/proxy/projects/<project>/datasources/<name>`,
/// `/proxy/globaldatasources/<name>`,
/// `/proxy/projects/<project>/dashboards/<dashboard>/datasources/<name>`, each part encoded as
/// `encodeURIComponent` does), relative to the Perses server.
///
/// ```
/// use pyroql::perses::{base_url, HttpProxy, HttpProxySpec, PyroscopeDatasourceSpec, Scope, UrlError};
/// let direct = PyroscopeDatasourceSpec { direct_url: Some("http://pyroscope:4040/".into()), proxy: None };
/// assert_eq!(base_url(&direct, None, None), Ok("http://pyroscope:4040".to_owned()));
///
/// let proxy = HttpProxy { kind: "HTTPProxy".into(), spec: HttpProxySpec { url: "http://pyroscope:4040".into(), ..Default::default() } };
/// let proxied = PyroscopeDatasourceSpec { direct_url: None, proxy: Some(proxy) };
/// let scope = Scope::Project(Some("my project".into()));
/// assert_eq!(base_url(&proxied, Some("pyro"), Some(&scope)), Ok("/proxy/projects/my%20project/datasources/pyro".to_owned()));
/// assert_eq!(base_url(&proxied, Some("pyro"), None), Err(UrlError::UnknownProxyPath));
/// ```
pub fn base_url(
    spec: &PyroscopeDatasourceSpec,
    name: Option<&str>,
    scope: Option<&Scope>,
) -> Result<String, UrlError> {
    if let Some(url) = &spec.direct_url {
        return Ok(url.trim_end_matches('/').to_owned());
    }
    if spec.proxy.is_none() {
        return Err(UrlError::Unreachable);
    }
    let (Some(name), Some(scope)) = (name, scope) else {
        return Err(UrlError::UnknownProxyPath);
    };
    let name = encode_uri_component(name);
    match scope {
        Scope::Global => Ok(format!("/proxy/globaldatasources/{name}")),
        Scope::Project(Some(project)) => Ok(format!(
            "/proxy/projects/{}/datasources/{name}",
            encode_uri_component(project)
        )),
        Scope::Dashboard(Some(project), dashboard) => Ok(format!(
            "/proxy/projects/{}/dashboards/{}/datasources/{name}",
            encode_uri_component(project),
            encode_uri_component(dashboard)
        )),
        Scope::Project(None) | Scope::Dashboard(None, _) => Err(UrlError::UnknownProxyPath),
    }
}

/// The time range of a render request.
///
/// ```
/// use pyroql::perses::TimeRange;
/// assert_eq!(TimeRange::Unset.parameters(), ("now-1h".to_owned(), None));
/// let range = TimeRange::Absolute { start_ms: 1_700_000_000_999, end_ms: 1_700_003_600_000 };
/// assert_eq!(range.parameters(), ("1700000000".to_owned(), Some("1700003600".to_owned())));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TimeRange {
    /// None: the plugin sends `from=now-1h` and no `until`.
    #[default]
    Unset,
    /// A dashboard's range, in unix milliseconds; the plugin sends whole seconds.
    Absolute {
        /// The start.
        start_ms: i64,
        /// The end.
        end_ms: i64,
    },
}

impl TimeRange {
    /// The `from` and `until` parameters, as the plugin writes them (see [`TimeRange`]).
    pub fn parameters(&self) -> (String, Option<String>) {
        match *self {
            TimeRange::Unset => ("now-1h".to_owned(), None),
            // `getUnixTime` truncates milliseconds to seconds, as `/` does.
            TimeRange::Absolute { start_ms, end_ms } => (
                (start_ms / 1000).to_string(),
                Some((end_ms / 1000).to_string()),
            ),
        }
    }
}

impl ExecutedQuery {
    /// The `query` parameter of `/pyroscope/render` (see [`ExecutedQuery`]).
    pub fn render_query(&self) -> String {
        render_query(&self.profile_type, &self.selector)
    }

    /// The `maxNodes` parameter as the plugin writes it (JavaScript's number to string), when
    /// there is one (see [`ExecutedQuery`]).
    pub fn max_nodes_parameter(&self) -> Option<String> {
        self.max_nodes.as_ref().map(js_number)
    }

    /// The `/pyroscope/render` request below `base` (see [`base_url`]) with explicit `from` and
    /// `until` (unix seconds, or expressions such as `now-1h`).
    ///
    /// ```
    /// use pyroql::perses::PyroscopeProfileQuerySpec;
    /// let spec = PyroscopeProfileQuerySpec { profile_type: "process_cpu:cpu:nanoseconds:cpu:nanoseconds".into(), max_nodes: Some(512.into()), ..Default::default() };
    /// let url = spec.execute(None).unwrap().render_url("http://pyroscope:4040", "now-1h", "now");
    /// assert_eq!(url, "http://pyroscope:4040/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&from=now-1h&until=now&maxNodes=512");
    /// ```
    pub fn render_url(&self, base: &str, from: &str, until: &str) -> String {
        self.render_with(base, from, Some(until))
    }

    /// The `/pyroscope/render` request the plugin would make for this query below `base`, over
    /// `range`.
    ///
    /// ```
    /// use pyroql::perses::{PyroscopeProfileQuerySpec, TimeRange};
    /// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), service: Some("my api".into()), ..Default::default() };
    /// let q = spec.execute(None).unwrap();
    /// assert_eq!(q.render_request("", &TimeRange::Unset), "/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds%7Bservice_name%3D%22my+api%22%7D&from=now-1h");
    /// ```
    pub fn render_request(&self, base: &str, range: &TimeRange) -> String {
        let (from, until) = range.parameters();
        self.render_with(base, &from, until.as_deref())
    }

    fn render_with(&self, base: &str, from: &str, until: Option<&str>) -> String {
        let mut parameters = vec![("query", self.render_query()), ("from", from.to_owned())];
        if let Some(until) = until {
            parameters.push(("until", until.to_owned()));
        }
        if let Some(max_nodes) = self.max_nodes_parameter() {
            parameters.push(("maxNodes", max_nodes));
        }
        format!(
            "{}/pyroscope/render?{}",
            base.trim_end_matches('/'),
            form_encode(&parameters)
        )
    }

    /// The JSON body of `POST /querier.v1.QuerierService/SelectMergeStacktraces`; `start` and `end`
    /// in unix milliseconds. A `maxNodes` that is no integer is left out, as Pyroscope's render
    /// handler ignores it.
    ///
    /// ```
    /// use pyroql::perses::PyroscopeProfileQuerySpec;
    /// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), service: Some("api".into()), max_nodes: Some(512.into()), ..Default::default() };
    /// let body = spec.execute(None).unwrap().select_merge_stacktraces(1_700_000_000_000, 1_700_003_600_000);
    /// assert_eq!(
    ///     body.to_string(),
    ///     r#"{"end":1700003600000,"labelSelector":"{service_name=\"api\"}","maxNodes":512,"profileTypeID":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","start":1700000000000}"#
    /// );
    /// ```
    pub fn select_merge_stacktraces(&self, start: i64, end: i64) -> serde_json::Value {
        let pair = connect_query(&self.profile_type, &self.selector);
        let mut body = serde_json::json!({
            "profileTypeID": pair.profile_type_id,
            "labelSelector": pair.label_selector,
            "start": start,
            "end": end,
        });
        if let Some(max_nodes) = self.max_nodes.as_ref().and_then(Number::as_i64) {
            body["maxNodes"] = max_nodes.into();
        }
        body
    }
}

/// Parameters as `URLSearchParams` writes them (`application/x-www-form-urlencoded`).
pub(crate) fn form_encode(parameters: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in parameters.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode_into(name, &mut out);
        out.push('=');
        form_encode_into(value, &mut out);
    }
    out
}

fn form_encode_into(text: &str, out: &mut String) {
    for b in text.bytes() {
        match b {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_') => {
                out.push(char::from(b))
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
}

/// `encodeURIComponent`: everything but letters, digits and `-_.!~*'()` percent-encoded.
pub(crate) fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A JSON number as JavaScript prints it after `JSON.parse` (`Number.prototype.toString`):
/// `4096`, `1.5`, `1e+21`, `1e-7`.
///
/// ```
/// use pyroql::perses::js_number;
/// let n = |x: f64| serde_json::Number::from_f64(x).unwrap();
/// assert_eq!(js_number(&4096.into()), "4096");
/// assert_eq!((js_number(&n(1.5)), js_number(&n(1e21)), js_number(&n(1e-7))), ("1.5".into(), "1e+21".into(), "1e-7".into()));
/// ```
pub fn js_number(number: &Number) -> String {
    let value = number.as_f64().unwrap_or(0.0);
    if value == 0.0 {
        return "0".to_owned();
    }
    // Rust's `{:e}` gives the shortest digits that read back as the same double, as JS's do.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let k = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let n = exponent + 1;
    let sign = if value < 0.0 { "-" } else { "" };
    let zeros = |count: i64| "0".repeat(usize::try_from(count).unwrap_or(0));
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", zeros(n - k))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(usize::try_from(n).unwrap_or(0));
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", zeros(-n))
    } else {
        let (first, rest) = digits.split_at(1);
        let e = n - 1;
        let e = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        if rest.is_empty() {
            format!("{first}e{e}")
        } else {
            format!("{first}.{rest}e{e}")
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perses::model::{Filter, HttpProxy, HttpProxySpec};

    fn filter(name: &str, op: &str, value: &str) -> Filter {
        Filter {
            label_name: name.into(),
            label_value: value.into(),
            operator: op.into(),
        }
    }

    #[test]
    fn quoting_cases_give_queries_the_parser_accepts() {
        let spec = PyroscopeProfileQuerySpec {
            profile_type: "memory:alloc_space:bytes:space:bytes".into(),
            query: Some(r#"{env=~"prod|staging"}"#.into()),
            service: Some("my \"api\"".into()),
            filters: vec![
                filter("service.name", "=", r"C:\path"),
                filter("k8s.pod", "!~", "canary-.*"),
                filter("empty", "=", ""),
                filter("", "=", "nameless"),
            ],
            ..Default::default()
        };
        let executed = spec.execute(None).unwrap();
        let query = executed.render_query();
        assert_eq!(
            query,
            r#"memory:alloc_space:bytes:space:bytes{env=~"prod|staging",service_name="my \"api\"","service.name"="C:\\path","k8s.pod"!~"canary-.*"}"#
        );
        let parsed = crate::parse(&query).unwrap();
        assert_eq!(parsed.find("service.name").unwrap().value, r"C:\path");
        assert_eq!(parsed.find("service_name").unwrap().value, "my \"api\"");
        assert!(parsed.find("empty").is_none());
        assert_eq!(parsed.profile_type().unwrap(), executed.profile_type);
    }

    #[test]
    fn requests_go_direct_or_through_the_proxy() {
        let direct = PyroscopeDatasourceSpec {
            direct_url: Some("http://pyroscope:4040/".into()),
            proxy: None,
        };
        assert_eq!(
            base_url(&direct, None, None).unwrap(),
            "http://pyroscope:4040"
        );
        let proxied = PyroscopeDatasourceSpec {
            direct_url: None,
            proxy: Some(HttpProxy {
                kind: "HTTPProxy".into(),
                spec: HttpProxySpec {
                    url: "http://pyroscope:4040".into(),
                    ..Default::default()
                },
            }),
        };
        let project = Scope::Project(Some("profiling".into()));
        assert_eq!(
            base_url(&proxied, Some("main"), Some(&project)).unwrap(),
            "/proxy/projects/profiling/datasources/main"
        );
        assert_eq!(
            base_url(&proxied, Some("main"), Some(&Scope::Global)).unwrap(),
            "/proxy/globaldatasources/main"
        );
        let dashboard = Scope::Dashboard(Some("p".into()), "d b(1)".into());
        assert_eq!(
            base_url(&proxied, Some("ds"), Some(&dashboard)).unwrap(),
            "/proxy/projects/p/dashboards/d%20b(1)/datasources/ds"
        );
        assert_eq!(
            base_url(&proxied, Some("ds"), Some(&Scope::Project(None))),
            Err(UrlError::UnknownProxyPath)
        );
        assert_eq!(
            base_url(&proxied, None, None),
            Err(UrlError::UnknownProxyPath)
        );
    }

    #[test]
    fn the_connect_body_carries_the_parts() {
        let spec = PyroscopeProfileQuerySpec {
            profile_type: "cpu".into(),
            service: Some("api".into()),
            max_nodes: Some(100.into()),
            ..Default::default()
        };
        let body = spec
            .execute(None)
            .unwrap()
            .select_merge_stacktraces(1_000, 2_000);
        assert_eq!(
            body,
            serde_json::json!({"profileTypeID": "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "labelSelector": "{service_name=\"api\"}", "start": 1000, "end": 2000, "maxNodes": 100})
        );
        let bare = PyroscopeProfileQuerySpec {
            profile_type: "cpu".into(),
            max_nodes: Some(0.into()),
            ..Default::default()
        };
        let executed = bare.execute(None).unwrap();
        assert_eq!(executed.max_nodes, None);
        assert_eq!(
            executed.select_merge_stacktraces(0, 1)["labelSelector"],
            "{}"
        );
    }

    #[test]
    fn render_requests_follow_the_plugin() {
        let spec = PyroscopeProfileQuerySpec {
            profile_type: "process_cpu:cpu:nanoseconds:cpu:nanoseconds".into(),
            service: Some("a b~*".into()),
            max_nodes: Number::from_f64(1.5),
            ..Default::default()
        };
        let q = spec.execute(None).unwrap();
        let range = TimeRange::Absolute {
            start_ms: 1_700_000_000_999,
            end_ms: 1_700_003_600_000,
        };
        assert_eq!(
            q.render_request("http://p/", &range),
            "http://p/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds%7Bservice_name%3D%22a+b%7E*%22%7D&from=1700000000&until=1700003600&maxNodes=1.5"
        );
        assert_eq!(q.select_merge_stacktraces(0, 1).get("maxNodes"), None);
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases: [(&str, &str); 10] = [
            ("0", "0"),
            ("4096", "4096"),
            ("-5", "-5"),
            ("1.5", "1.5"),
            ("1e21", "1e+21"),
            ("123456789012345678901", "123456789012345680000"),
            ("0.000001", "0.000001"),
            ("1e-7", "1e-7"),
            ("9007199254740993", "9007199254740992"),
            ("2.5e-10", "2.5e-10"),
        ];
        for (json, js) in cases {
            let node = crate::perses::json::read(json).unwrap();
            let crate::perses::node::Value::Number(n) = node.value else {
                panic!("{json}")
            };
            assert_eq!(js_number(&n), js, "{json}");
        }
    }

    #[test]
    fn bad_specs_do_not_execute() {
        let bad_query = PyroscopeProfileQuerySpec {
            profile_type: "cpu".into(),
            query: Some("{a=b}".into()),
            ..Default::default()
        };
        assert!(matches!(
            bad_query.execute(None),
            Err(ExecuteError::Query(_))
        ));
        let bad_type = PyroscopeProfileQuerySpec {
            profile_type: "nope".into(),
            ..Default::default()
        };
        assert!(matches!(
            bad_type.execute(None),
            Err(ExecuteError::ProfileType(_))
        ));
        let bad_op = PyroscopeProfileQuerySpec {
            profile_type: "cpu".into(),
            filters: vec![filter("a", "==", "b")],
            ..Default::default()
        };
        assert_eq!(
            bad_op.execute(None).unwrap_err().to_string(),
            "filter 0: unknown operator \"==\"; use =, !=, =~ or !~"
        );
    }
}
