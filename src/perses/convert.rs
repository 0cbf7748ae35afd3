//! From the documented query shape (`profileType` + `query`) to the shipped one (`profileType`,
//! `service`, `filters`), which the shipped schema stores and the shipped plugin runs.

use super::execute::SERVICE_LABEL;
use super::model::{Filter, PyroscopeProfileQuerySpec};
use crate::ast::{MatchOp, Matcher, Selector, METRIC_NAME};
use crate::names::is_bare_label_name;
use crate::profile_type::ProfileType;

/// Why a documented spec has no shipped spec that selects the same; returned by [`shipped`].
///
/// ```
/// use pyroql::perses::{convert::{shipped, ConvertError}, PyroscopeProfileQuerySpec};
/// use pyroql::profile_type::ProfileType;
/// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), ..Default::default() };
/// let id = ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds").unwrap();
/// let err = shipped(&spec, &pyroql::parse(r#"{env=""}"#).unwrap(), Some(&id)).unwrap_err();
/// assert!(matches!(&err, ConvertError::EmptyValue(m) if m.name == "env"));
/// assert_eq!(err.to_string(), r#"the plugin drops filters without a value, and env="" has none"#);
/// assert_eq!(shipped(&spec, &pyroql::Selector::new(), None), Err(ConvertError::UnresolvedProfileType("cpu".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The profile type did not resolve to a full ID.
    #[error("pyroql cannot resolve the profile type {0:?}")]
    UnresolvedProfileType(String),
    /// A label name that must be quoted, which the plugin writes bare.
    #[error("the plugin writes label names bare, and {0:?} needs quotes")]
    NameNeedsQuotes(String),
    /// A value with `"` or `\`, which the plugin does not escape.
    #[error("the plugin does not escape values, and {0:?} holds \" or \\")]
    ValueNeedsEscapes(String),
    /// A matcher with an empty value, which the plugin drops as a filter.
    #[error("the plugin drops filters without a value, and {0} has none")]
    EmptyValue(Matcher<'static>),
    /// A `__name__` matcher: the profile type goes in `profileType`.
    #[error("the profile type goes in profileType, not in a __name__ filter")]
    MetricName,
}

/// The shipped spec that makes the shipped plugin select what `spec` (whose `query` parsed as
/// `query`) selects, or why there is none: the profile type as its full ID (`profile_type`, when
/// it resolved), the first `service_name="…"` of the query as `service` unless the spec has one,
/// every other matcher of the query as a filter before the spec's own filters, and `maxNodes`
/// and `datasource` as they are. A matcher the plugin would write differently from its meaning
/// (a name that needs quotes, a value with `"` or `\`, an empty value) cannot be converted.
///
/// ```
/// use pyroql::perses::convert::{self, ConvertError};
/// use pyroql::perses::PyroscopeProfileQuerySpec;
/// use pyroql::profile_type::ProfileType;
/// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), query: Some(r#"{service_name="api", env=~"prod|dev"}"#.into()), ..Default::default() };
/// let query = pyroql::parse(spec.query.as_deref().unwrap()).unwrap().into_owned();
/// let id = ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds").unwrap();
/// let shipped = convert::shipped(&spec, &query, Some(&id)).unwrap();
/// assert_eq!(serde_json::to_string(&shipped).unwrap(), r#"{"profileType":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","service":"api","filters":[{"labelName":"env","labelValue":"prod|dev","operator":"=~"}]}"#);
///
/// let dotted = pyroql::parse(r#"{"service.name"="api"}"#).unwrap();
/// assert_eq!(convert::shipped(&spec, &dotted, Some(&id)), Err(ConvertError::NameNeedsQuotes("service.name".into())));
/// ```
pub fn shipped(
    spec: &PyroscopeProfileQuerySpec,
    query: &Selector<'_>,
    profile_type: Option<&ProfileType<'_>>,
) -> Result<PyroscopeProfileQuerySpec, ConvertError> {
    let Some(profile_type) = profile_type else {
        return Err(ConvertError::UnresolvedProfileType(
            spec.profile_type.clone(),
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

/// Whether a matcher can be a filter that the plugin writes as it means: a bare name, and a
/// value without `"` or `\` that is not empty.
fn writable_as_filter(matcher: &Matcher<'_>) -> Result<(), ConvertError> {
    if !is_bare_label_name(&matcher.name) {
        return Err(ConvertError::NameNeedsQuotes(matcher.name.to_string()));
    }
    if matcher.value.contains(['"', '\\']) {
        return Err(ConvertError::ValueNeedsEscapes(matcher.value.to_string()));
    }
    if matcher.value.is_empty() {
        return Err(ConvertError::EmptyValue(matcher.clone().into_owned()));
    }
    if matcher.name == METRIC_NAME {
        return Err(ConvertError::MetricName);
    }
    Ok(())
}
