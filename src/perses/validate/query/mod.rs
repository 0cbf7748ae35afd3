//! The `PyroscopeProfileQuery` spec: what the shipped schema takes, what pyroql reads besides
//! (the documented `query`), and what Pyroscope answers to the request the shipped plugin
//! builds from it.
//!
//! [`query_spec`] walks the spec once: the fields Perses' schema checks ([`schema`]), then, for a
//! spec Perses would store, what Pyroscope does with its fields ([`runtime`]) and with the query
//! text the shipped plugin pastes together from them ([`shipped`]).

mod runtime;
mod schema;
mod shipped;

use super::{entries, map, missing, typed_spec};
use crate::ast::Selector;
use crate::error::ParseError;
use crate::perses::diagnostic::{Class, Diagnostics, Path};
use crate::perses::execute::{executed, ExecuteError, ExecutedQuery};
use crate::perses::model::PyroscopeProfileQuerySpec;
use crate::perses::node::{Location, Node};
use crate::profile_type::{ProfileType, ResolveError};

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
pub(crate) fn query_spec(
    spec: &Node,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<ValidatedQuery> {
    let before = diagnostics.errors_of(Class::Schema);
    let map = map(spec, path, "a PyroscopeProfileQuery spec", diagnostics)?;
    let mut places = Places {
        spec: spec.at,
        ..Places::default()
    };
    let mut profile_type = false;
    for (entry, _) in entries(map, path, diagnostics) {
        schema::field(entry, path, &mut places, &mut profile_type, diagnostics);
    }
    if !profile_type {
        missing(
            "profileType",
            spec.at,
            path,
            "a PyroscopeProfileQuery spec",
            diagnostics,
        );
    }
    let typed_spec = typed_spec(spec, path, before, diagnostics)?;
    Some(runtime::validate(typed_spec, &places, path, diagnostics))
}
