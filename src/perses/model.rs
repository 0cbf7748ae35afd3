//! The Perses resources and plugin specs, with field names exactly as Perses writes them.
//!
//! Every model reads and writes JSON and YAML; writing then reading gives the same value. The
//! plugin specs are closed (unknown fields are refused), as the shipped CUE schema is; the
//! resources around them keep fields pyroql does not model (`display`, timestamps, …) as they are.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The plugin kind of a Pyroscope datasource.
pub const DATASOURCE_KIND: &str = "PyroscopeDatasource";
/// The plugin kind of a Pyroscope profile query.
pub const QUERY_KIND: &str = "PyroscopeProfileQuery";

/// `{kind, spec}`: a plugin and its spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plugin<S> {
    /// The plugin kind (`PyroscopeDatasource`, `PyroscopeProfileQuery`).
    pub kind: String,
    /// The plugin's own spec.
    pub spec: S,
}

/// The spec of a `PyroscopeDatasource` plugin: where Pyroscope is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PyroscopeDatasourceSpec {
    /// The URL the browser calls Pyroscope at.
    #[serde(rename = "directUrl", default, skip_serializing_if = "Option::is_none")]
    pub direct_url: Option<String>,
    /// The Perses server forwards the calls instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<HttpProxy>,
}

/// `{kind: "HTTPProxy", spec}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpProxy {
    /// `HTTPProxy`.
    pub kind: String,
    /// Where and how to forward.
    pub spec: HttpProxySpec,
}

/// The spec of an `HTTPProxy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpProxySpec {
    /// Pyroscope's URL, as the Perses server reaches it.
    pub url: String,
    /// The requests the proxy lets through; none listed means all.
    #[serde(
        rename = "allowedEndpoints",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allowed_endpoints: Vec<AllowedEndpoint>,
    /// Headers added to every forwarded request.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The name of a Perses secret holding credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// One request a proxy lets through: a path pattern (RE2) and an HTTP method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedEndpoint {
    /// A regular expression the whole path must match.
    #[serde(rename = "endpointPattern")]
    pub endpoint_pattern: String,
    /// `GET`, `POST`, …
    pub method: String,
}

/// `metadata` of a resource: its name, its project, and whatever else Perses keeps there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The resource's name.
    pub name: String,
    /// The project, for project-scoped resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Other fields (`createdAt`, `version`, …), kept as they are.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `spec` of a datasource resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasourceSpec {
    /// Whether it is the default datasource of its plugin kind.
    #[serde(default)]
    pub default: bool,
    /// The plugin.
    pub plugin: Plugin<PyroscopeDatasourceSpec>,
    /// Other fields (`display`, …), kept as they are.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// A `Datasource` (project-scoped) or `GlobalDatasource` resource holding a Pyroscope datasource.
///
/// ```
/// let yaml = r#"
/// kind: Datasource
/// metadata: {name: PyroscopeMain, project: profiling}
/// spec:
///   default: true
///   plugin:
///     kind: PyroscopeDatasource
///     spec: {directUrl: "http://pyroscope.example.com:4040"}
/// "#;
/// let ds: pyroql::perses::Datasource = serde_saphyr::from_str(yaml).unwrap();
/// assert_eq!(ds.spec.plugin.spec.direct_url.as_deref(), Some("http://pyroscope.example.com:4040"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Datasource {
    /// `Datasource` or `GlobalDatasource`.
    pub kind: String,
    /// Name and project.
    pub metadata: Metadata,
    /// The datasource itself.
    pub spec: DatasourceSpec,
}

/// The spec of a `PyroscopeProfileQuery` plugin, in both shapes users have: the documented one
/// (`profileType`, `query`) and the shipped one (`profileType`, `service`, `filters`,
/// `maxNodes`), or any mix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PyroscopeProfileQuerySpec {
    /// A full profile-type ID, or a short name such as `cpu`.
    #[serde(rename = "profileType")]
    pub profile_type: String,
    /// A label selector (documented shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The `service_name` to select (shipped shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// More label filters (shipped shape).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    /// The most flame-graph nodes to ask for.
    #[serde(rename = "maxNodes", default, skip_serializing_if = "Option::is_none")]
    pub max_nodes: Option<u64>,
    /// Which datasource to query; none means the default Pyroscope datasource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasource: Option<DatasourceSelector>,
}

/// One label filter of the shipped query editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// The label name.
    #[serde(rename = "labelName", default)]
    pub label_name: String,
    /// The value (for `=~`/`!~`, a pattern).
    #[serde(rename = "labelValue", default)]
    pub label_value: String,
    /// `=`, `!=`, `=~` or `!~`.
    #[serde(default)]
    pub operator: String,
}

/// Which datasource a query uses: `{kind, name}` (no name: the default one), or a variable
/// reference such as `"$datasource"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DatasourceSelector {
    /// `{kind: "PyroscopeDatasource", name: …}`.
    Reference {
        /// The datasource plugin kind.
        kind: String,
        /// The datasource's name; none means the default one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// `"$name"`: a dashboard variable holding the datasource.
    Variable(String),
}

/// `spec` of a `ProfileQuery`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileQuerySpec {
    /// The query plugin.
    pub plugin: Plugin<PyroscopeProfileQuerySpec>,
}

/// A `ProfileQuery`: the wrapper a dashboard panel holds its queries in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileQuery {
    /// `ProfileQuery`.
    pub kind: String,
    /// The plugin.
    pub spec: ProfileQuerySpec,
}
