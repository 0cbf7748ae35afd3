//! From the documented query shape (`profileType` + `query`) to the shipped one (`profileType`,
//! `service`, `filters`), which the shipped schema stores and the shipped plugin runs.

use super::execute::SERVICE_LABEL;
use super::model::{Filter, PyroscopeProfileQuerySpec};
use super::validate::writable_as_filter;
use crate::ast::{MatchOp, Selector};
use crate::ProfileType;

/// The shipped spec that makes the shipped plugin select what `spec` (whose `query` parsed as
/// `query`) selects, or why there is none: the profile type as its full ID (`profile_type`, when
/// it resolved), the first `service_name="…"` of the query as `service` unless the spec has one,
/// every other matcher of the query as a filter before the spec's own filters, and `maxNodes`
/// and `datasource` as they are. A matcher the plugin would write differently from its meaning
/// (a name that needs quotes, a value with `"` or `\`, an empty value) cannot be converted.
///
/// ```
/// use pyroql::perses::{convert, PyroscopeProfileQuerySpec};
/// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), query: Some(r#"{service_name="api", env=~"prod|dev"}"#.into()), ..Default::default() };
/// let query = pyroql::parse(spec.query.as_deref().unwrap()).unwrap().into_owned();
/// let id = pyroql::ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds").unwrap();
/// let shipped = convert::shipped(&spec, &query, Some(&id)).unwrap();
/// assert_eq!(serde_json::to_string(&shipped).unwrap(), r#"{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","service":"api","filters":[{"labelName":"env","labelValue":"prod|dev","operator":"=~"}]}"#);
/// ```
pub fn shipped(
    spec: &PyroscopeProfileQuerySpec,
    query: &Selector<'_>,
    profile_type: Option<&ProfileType<'_>>,
) -> Result<PyroscopeProfileQuerySpec, String> {
    let Some(profile_type) = profile_type else {
        return Err(format!(
            "pyroql cannot resolve the profile type {:?}",
            spec.profile_type
        ));
    };
    let mut service = spec.service.clone().filter(|s| !s.is_empty());
    let mut filters = Vec::new();
    for matcher in query {
        writable_as_filter(matcher)?;
        if service.is_none() && matcher.name == SERVICE_LABEL && matcher.op == MatchOp::Equal {
            service = Some(matcher.value.to_string());
            continue;
        }
        filters.push(Filter {
            label_name: matcher.name.to_string(),
            label_value: matcher.value.to_string(),
            operator: matcher.op.to_string(),
        });
    }
    filters.extend(spec.filters.iter().cloned());
    Ok(PyroscopeProfileQuerySpec {
        profile_type: profile_type.to_string(),
        query: None,
        service,
        filters,
        max_nodes: spec.max_nodes.clone(),
        datasource: spec.datasource.clone(),
    })
}
