//! Executing a query spec: the selector Pyroscope should run, and the requests that run it.

use std::borrow::Cow;

use super::model::{PyroscopeDatasourceSpec, PyroscopeProfileQuerySpec};
use crate::ast::{MatchOp, Matcher, Selector};
use crate::profile_type::query::{connect_query, render_query};
use crate::profile_type::resolve::{resolve, Available, ResolveError};
use crate::{ParseError, ProfileType};

/// The label the shipped plugin puts a query's `service` in.
pub const SERVICE_LABEL: &str = "service_name";

/// What a query spec asks Pyroscope for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutedQuery {
    /// The profile type, resolved to a full ID.
    pub profile_type: ProfileType<'static>,
    /// The matchers: the spec's `query`, then `service_name="<service>"`, then each filter.
    pub selector: Selector<'static>,
    /// The `maxNodes` to ask for.
    pub max_nodes: Option<u64>,
}

/// Why a query spec cannot be executed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExecuteError {
    /// `query` does not parse.
    #[error("query does not parse: {0}")]
    Query(#[from] ParseError),
    /// `profileType` does not resolve.
    #[error("profileType: {0}")]
    ProfileType(#[from] ResolveError),
    /// A filter's operator is none of `=`, `!=`, `=~`, `!~`.
    #[error("filter {index}: unknown operator {operator:?}; use =, !=, =~ or !~")]
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
    /// Filters without a name or a value are left out, as Perses leaves them out. The profile
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
        let mut matchers: Vec<Matcher<'static>> = match &self.query {
            Some(query) => crate::parse(query)?.into_owned().matchers().to_vec(),
            None => Vec::new(),
        };
        if let Some(service) = self.service.as_deref().filter(|s| !s.is_empty()) {
            matchers.push(Matcher::new(
                SERVICE_LABEL,
                MatchOp::Equal,
                service.to_owned(),
            ));
        }
        for (index, filter) in self.filters.iter().enumerate() {
            if filter.label_name.is_empty() || filter.label_value.is_empty() {
                continue;
            }
            let op =
                MatchOp::from_text(&filter.operator).ok_or_else(|| ExecuteError::Operator {
                    index,
                    operator: filter.operator.clone(),
                })?;
            matchers.push(Matcher::new(
                Cow::Owned(filter.label_name.clone()),
                op,
                Cow::Owned(filter.label_value.clone()),
            ));
        }
        Ok(ExecutedQuery {
            profile_type,
            selector: Selector::from_parts(None, matchers),
            max_nodes: self.max_nodes,
        })
    }
}

/// Where a datasource is defined, which decides its Perses proxy path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A `GlobalDatasource`.
    Global,
    /// A `Datasource` of a project.
    Project(String),
    /// A datasource in a dashboard's `spec.datasources`: project and dashboard.
    Dashboard(String, String),
}

/// Why no URL can be given for a datasource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// A proxied datasource whose name or scope is not known.
    #[error("the datasource goes through the Perses proxy, whose path needs the datasource's name and project")]
    UnknownProxyPath,
    /// Neither `directUrl` nor `proxy`.
    #[error("the datasource has neither directUrl nor proxy")]
    Unreachable,
}

/// The base URL the plugin calls Pyroscope at: `directUrl`, or else the Perses proxy path for the
/// datasource (`/proxy/projects/<project>/datasources/<name>`, `/proxy/globaldatasources/<name>`,
/// `/proxy/projects/<project>/dashboards/<dashboard>/datasources/<name>`), relative to the Perses
/// server.
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
    let name = percent_encode(name);
    Ok(match scope {
        Scope::Global => format!("/proxy/globaldatasources/{name}"),
        Scope::Project(project) => format!(
            "/proxy/projects/{}/datasources/{name}",
            percent_encode(project)
        ),
        Scope::Dashboard(project, dashboard) => format!(
            "/proxy/projects/{}/dashboards/{}/datasources/{name}",
            percent_encode(project),
            percent_encode(dashboard)
        ),
    })
}

impl ExecutedQuery {
    /// The `query` parameter of `/pyroscope/render`.
    pub fn render_query(&self) -> String {
        render_query(&self.profile_type, &self.selector)
    }

    /// The `/pyroscope/render` request below `base` (see [`base_url`]). `from` and `until` are
    /// what Pyroscope takes: unix seconds, or expressions such as `now-1h`.
    ///
    /// ```
    /// use pyroql::perses::PyroscopeProfileQuerySpec;
    /// let spec = PyroscopeProfileQuerySpec { profile_type: "process_cpu:cpu:nanoseconds:cpu:nanoseconds".into(), max_nodes: Some(512), ..Default::default() };
    /// let url = spec.execute(None).unwrap().render_url("http://pyroscope:4040", "now-1h", "now");
    /// assert_eq!(url, "http://pyroscope:4040/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&from=now-1h&until=now&maxNodes=512");
    /// ```
    pub fn render_url(&self, base: &str, from: &str, until: &str) -> String {
        let mut url = format!(
            "{}/pyroscope/render?query={}&from={}&until={}",
            base.trim_end_matches('/'),
            percent_encode(&self.render_query()),
            percent_encode(from),
            percent_encode(until)
        );
        if let Some(max_nodes) = self.max_nodes {
            url.push_str(&format!("&maxNodes={max_nodes}"));
        }
        url
    }

    /// The JSON body of `POST /querier.v1.QuerierService/SelectMergeStacktraces`; `start` and `end`
    /// in unix milliseconds.
    pub fn select_merge_stacktraces(&self, start: i64, end: i64) -> serde_json::Value {
        let pair = connect_query(&self.profile_type, &self.selector);
        let mut body = serde_json::json!({
            "profileTypeID": pair.profile_type_id,
            "labelSelector": pair.label_selector,
            "start": start,
            "end": end,
        });
        if let Some(max_nodes) = self.max_nodes {
            body["maxNodes"] = max_nodes.into();
        }
        body
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        assert_eq!(
            base_url(
                &proxied,
                Some("main"),
                Some(&Scope::Project("profiling".into()))
            )
            .unwrap(),
            "/proxy/projects/profiling/datasources/main"
        );
        assert_eq!(
            base_url(&proxied, Some("main"), Some(&Scope::Global)).unwrap(),
            "/proxy/globaldatasources/main"
        );
        assert_eq!(
            base_url(
                &proxied,
                Some("ds"),
                Some(&Scope::Dashboard("p".into(), "d b".into()))
            )
            .unwrap(),
            "/proxy/projects/p/dashboards/d%20b/datasources/ds"
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
            max_nodes: Some(100),
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
            ..Default::default()
        };
        assert_eq!(
            bare.execute(None).unwrap().select_merge_stacktraces(0, 1)["labelSelector"],
            "{}"
        );
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
