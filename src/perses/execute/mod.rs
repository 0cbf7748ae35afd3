//! Executing a query spec: the selector Pyroscope should run, and the requests that run it.
//!
//! pyroql's requests differ from the shipped plugin's on purpose in one way: names are quoted and
//! values escaped as the selector grammar needs ([`super::plugin`] builds the plugin's own text,
//! which pastes them in as they are). The rest follows the plugin: the render request's
//! parameters in its order (`query`, `from`, `until`, `maxNodes`), form-encoded as
//! `URLSearchParams` encodes them, `maxNodes` left out when it is 0 and written as JavaScript
//! writes numbers otherwise, and the time range as unix seconds, or `from=now-1h` alone when
//! there is none.
//!
//! Here the executed query ([`ExecutedQuery`]) and its selector; in [`request`] the requests
//! that run it; in [`url`] the base URL they go to.

mod request;
mod url;

pub use request::TimeRange;
pub use url::{base_url, Scope, UrlError};

use std::borrow::Cow;

use serde_json::Number;

use super::model::PyroscopeProfileQuerySpec;
use crate::ast::{MatchOp, Matcher, Selector};
use crate::error::ParseError;
use crate::profile_type::{resolve, Available, ProfileType, ResolveError};

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
        if !filter.is_complete() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perses::model::Filter;

    #[test]
    fn quoting_cases_give_queries_the_parser_accepts() {
        let spec = PyroscopeProfileQuerySpec {
            profile_type: "memory:alloc_space:bytes:space:bytes".into(),
            query: Some(r#"{env=~"prod|staging"}"#.into()),
            service: Some("my \"api\"".into()),
            filters: vec![
                Filter::of("service.name", "=", r"C:\path"),
                Filter::of("k8s.pod", "!~", "canary-.*"),
                Filter::of("empty", "=", ""),
                Filter::of("", "=", "nameless"),
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
            filters: vec![Filter::of("a", "==", "b")],
            ..Default::default()
        };
        assert_eq!(
            bad_op.execute(None).unwrap_err().to_string(),
            "filter 0: unknown operator \"==\"; use =, !=, =~ or !~"
        );
    }
}
