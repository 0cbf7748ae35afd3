//! The Perses resources and plugin specs, with field names exactly as Perses writes them.
//!
//! Every model reads and writes JSON and YAML; writing then reading gives the same value. The
//! serde derives here are the one list of the fields each model has: validation reads them back
//! with [`fields`] instead of keeping a copy. Where the shipped CUE schema is closed (the plugin
//! specs, the HTTP proxy, the datasource selector, a filter item), unknown fields are refused;
//! where Perses' Go types read a document and drop what they do not know (a plugin's own keys,
//! its `metadata`), they are ignored; the resources around them keep fields pyroql does not
//! model (`display`, timestamps, …) as they are. A field the schema makes optional but not
//! nullable refuses `null`, as the schema does.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Number, Value};

/// The plugin kind of a Pyroscope datasource.
///
/// ```
/// use pyroql::perses::{Plugin, PyroscopeDatasourceSpec, DATASOURCE_KIND};
/// let plugin: Plugin<PyroscopeDatasourceSpec> = serde_json::from_str(r#"{"kind": "PyroscopeDatasource", "spec": {}}"#).unwrap();
/// assert_eq!(plugin.kind, DATASOURCE_KIND);
/// ```
pub const DATASOURCE_KIND: &str = "PyroscopeDatasource";
/// The plugin kind of a Pyroscope profile query.
///
/// ```
/// let lint = pyroql::perses::lint(&format!(r#"{{"kind": "{}", "spec": {{"profileType": "cpu"}}}}"#, pyroql::perses::QUERY_KIND)).unwrap();
/// assert_eq!(lint.queries.len(), 1);
/// ```
pub const QUERY_KIND: &str = "PyroscopeProfileQuery";
/// The field of the documented query shape that the shipped schema does not have.
///
/// ```
/// use pyroql::perses::{fields, PyroscopeProfileQuerySpec, DOCUMENTED_QUERY_FIELD};
/// assert!(fields::<PyroscopeProfileQuerySpec>().contains(&DOCUMENTED_QUERY_FIELD));
/// ```
pub const DOCUMENTED_QUERY_FIELD: &str = "query";

/// An optional field that may be absent but not `null` (CUE's `field?: string`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// `{kind, metadata, spec}`: a plugin and its spec.
///
/// ```
/// use pyroql::perses::{Plugin, PyroscopeProfileQuerySpec};
/// let json = r#"{"kind":"PyroscopeProfileQuery","metadata":{"version":"0.4.0"},"spec":{"profileType":"cpu"}}"#;
/// let plugin: Plugin<PyroscopeProfileQuerySpec> = serde_json::from_str(json).unwrap();
/// assert_eq!(plugin.metadata.as_ref().and_then(|m| m.version.as_deref()), Some("0.4.0"));
/// assert_eq!(serde_json::to_string(&plugin).unwrap(), json);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plugin<S> {
    /// The plugin kind (`PyroscopeDatasource`, `PyroscopeProfileQuery`).
    pub kind: String,
    /// Which version of the plugin, from which registry; none means the latest installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<PluginMetadata>,
    /// The plugin's own spec.
    pub spec: S,
}

/// A plugin's `metadata`: `{version, registry}`, both optional (see [`Plugin`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginMetadata {
    /// A semantic version such as `0.4.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The registry; Perses' default is `perses.dev`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
}

/// The spec of a `PyroscopeDatasource` plugin: where Pyroscope is, one way or the other.
///
/// ```
/// use pyroql::perses::PyroscopeDatasourceSpec;
/// let spec: PyroscopeDatasourceSpec = serde_json::from_str(r#"{"proxy": {"kind": "HTTPProxy", "spec": {"url": "http://pyroscope:4040",
///     "allowedEndpoints": [{"endpointPattern": "/pyroscope/render", "method": "GET"}]}}}"#).unwrap();
/// let proxy = spec.proxy.unwrap();
/// assert_eq!((proxy.kind.as_str(), proxy.spec.url.as_str()), ("HTTPProxy", "http://pyroscope:4040"));
/// assert_eq!(proxy.spec.allowed_endpoints[0].method, "GET");
/// // The shipped schema is closed, and optional fields are not null.
/// assert!(serde_json::from_str::<PyroscopeDatasourceSpec>(r#"{"url": "http://p"}"#).is_err());
/// assert!(serde_json::from_str::<PyroscopeDatasourceSpec>(r#"{"directUrl": null}"#).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PyroscopeDatasourceSpec {
    /// The URL the browser calls Pyroscope at.
    #[serde(
        rename = "directUrl",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub direct_url: Option<String>,
    /// The Perses server forwards the calls instead.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub proxy: Option<HttpProxy>,
}

/// `{kind: "HTTPProxy", spec}` (see [`PyroscopeDatasourceSpec`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpProxy {
    /// `HTTPProxy`.
    pub kind: String,
    /// Where and how to forward.
    pub spec: HttpProxySpec,
}

/// The spec of an `HTTPProxy` (see [`PyroscopeDatasourceSpec`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpProxySpec {
    /// Pyroscope's URL, as the Perses server reaches it.
    pub url: String,
    /// The requests the proxy lets through; none listed means all.
    #[serde(
        rename = "allowedEndpoints",
        default,
        deserialize_with = "list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub allowed_endpoints: Vec<AllowedEndpoint>,
    /// Headers added to every forwarded request.
    #[serde(
        default,
        deserialize_with = "headers",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub headers: BTreeMap<String, String>,
    /// The name of a Perses secret holding credentials.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub secret: Option<String>,
}

fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Vec::deserialize(deserializer)
}

fn headers<'de, D>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error>
where
    D: Deserializer<'de>,
{
    BTreeMap::deserialize(deserializer)
}

/// One request a proxy lets through: a path pattern (Go RE2, found anywhere in the path, as
/// Perses matches it) and an HTTP method (see [`PyroscopeDatasourceSpec`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedEndpoint {
    /// A regular expression some part of the path must match.
    #[serde(rename = "endpointPattern")]
    pub endpoint_pattern: String,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
}

/// `metadata` of a resource: its name, its project, and whatever else Perses keeps there.
///
/// ```
/// let json = r#"{"name":"pyro","project":"demo","createdAt":"2026-01-01T00:00:00Z"}"#;
/// let metadata: pyroql::perses::Metadata = serde_json::from_str(json).unwrap();
/// assert_eq!((metadata.name.as_str(), metadata.project.as_deref()), ("pyro", Some("demo")));
/// assert_eq!(serde_json::to_string(&metadata).unwrap(), json);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The resource's name.
    pub name: String,
    /// The project, for project-scoped resources; a file meant for `percli apply --project`
    /// leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Other fields (`createdAt`, `version`, …), kept as they are.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// `spec` of a datasource resource (see [`Datasource`]).
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
/// `maxNodes`), or any mix. The shipped schema refuses `query`; pyroql reads it, because the
/// documentation writes it.
///
/// ```
/// use pyroql::perses::PyroscopeProfileQuerySpec;
/// let documented: PyroscopeProfileQuerySpec = serde_json::from_str(r#"{"profileType": "cpu", "query": "{service_name=\"api\"}"}"#).unwrap();
/// let shipped: PyroscopeProfileQuerySpec = serde_json::from_str(r#"{"profileType": "cpu", "service": "api", "maxNodes": 0}"#).unwrap();
/// assert_eq!(documented.execute(None).unwrap().render_query(), shipped.execute(None).unwrap().render_query());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PyroscopeProfileQuerySpec {
    /// A full profile-type ID, or a short name such as `cpu`.
    #[serde(rename = "profileType")]
    pub profile_type: String,
    /// A label selector (documented shape).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub query: Option<String>,
    /// The `service_name` to select (shipped shape).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub service: Option<String>,
    /// More label filters (shipped shape).
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub filters: Vec<Filter>,
    /// The most flame-graph nodes to ask for: any number, as the schema says; `0` (the query
    /// editor's default) asks for Pyroscope's default.
    #[serde(
        rename = "maxNodes",
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_nodes: Option<Number>,
    /// Which datasource to query; none means the default Pyroscope datasource.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub datasource: Option<DatasourceSelector>,
}

/// One label filter of the shipped query editor; the schema requires all three fields.
///
/// ```
/// use pyroql::perses::Filter;
/// let filter: Filter = serde_json::from_str(r#"{"labelName": "env", "labelValue": "prod|dev", "operator": "=~"}"#).unwrap();
/// assert_eq!(filter, Filter { label_name: "env".into(), label_value: "prod|dev".into(), operator: "=~".into() });
/// assert!(serde_json::from_str::<Filter>(r#"{"labelName": "env", "labelValue": "prod"}"#).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// The label name.
    #[serde(rename = "labelName")]
    pub label_name: String,
    /// The value (for `=~`/`!~`, a pattern).
    #[serde(rename = "labelValue")]
    pub label_value: String,
    /// `=`, `!=`, `=~` or `!~` in practice; the schema takes any string.
    pub operator: String,
}

impl Filter {
    /// Whether it has both a label name and a value: the shipped plugin drops a filter
    /// without them, and so does pyroql.
    pub(crate) fn is_complete(&self) -> bool {
        !self.label_name.is_empty() && !self.label_value.is_empty()
    }
}

#[cfg(test)]
impl Filter {
    /// The filter `name op value`, for tests.
    pub(crate) fn of(name: &str, op: &str, value: &str) -> Filter {
        Filter {
            label_name: name.into(),
            label_value: value.into(),
            operator: op.into(),
        }
    }
}

/// Which datasource a query uses: `{kind, name}` (no name: the default one), or a variable
/// reference such as `"$datasource"`.
///
/// ```
/// use pyroql::perses::DatasourceSelector;
/// let by_name: DatasourceSelector = serde_json::from_str(r#"{"kind": "PyroscopeDatasource", "name": "pyro"}"#).unwrap();
/// assert_eq!(by_name, DatasourceSelector::Reference { kind: "PyroscopeDatasource".into(), name: Some("pyro".into()) });
/// let variable: DatasourceSelector = serde_json::from_str(r#""$datasource""#).unwrap();
/// assert_eq!(variable, DatasourceSelector::Variable("$datasource".into()));
/// ```
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

/// `spec` of a `ProfileQuery` (see [`ProfileQuery`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileQuerySpec {
    /// The query plugin.
    pub plugin: Plugin<PyroscopeProfileQuerySpec>,
}

/// A `ProfileQuery`: the wrapper a dashboard panel holds its queries in.
///
/// ```
/// let yaml = "kind: ProfileQuery\nspec:\n  plugin:\n    kind: PyroscopeProfileQuery\n    spec: {profileType: cpu, service: api}\n";
/// let query: pyroql::perses::ProfileQuery = serde_saphyr::from_str(yaml).unwrap();
/// assert_eq!(query.spec.plugin.spec.service.as_deref(), Some("api"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileQuery {
    /// `ProfileQuery`.
    pub kind: String,
    /// The plugin.
    pub spec: ProfileQuerySpec,
}

/// The field names a model's serde derive reads, in declaration order: the one list validation
/// checks documents against.
///
/// ```
/// use pyroql::perses::{fields, Filter};
/// assert_eq!(fields::<Filter>(), ["labelName", "labelValue", "operator"]);
/// ```
pub fn fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    // The derive hands its list to `deserialize_struct` before reading anything.
    let _ = T::deserialize(FieldNames(&mut names));
    names
}

struct FieldNames<'a>(&'a mut &'static [&'static str]);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names read")
    }
}

impl std::error::Error for Stop {}

impl serde::de::Error for Stop {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = Stop;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = fields;
        Err(Stop)
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lists_come_from_the_derives() {
        assert_eq!(
            fields::<PyroscopeProfileQuerySpec>(),
            [
                "profileType",
                "query",
                "service",
                "filters",
                "maxNodes",
                "datasource"
            ]
        );
        assert_eq!(fields::<PyroscopeDatasourceSpec>(), ["directUrl", "proxy"]);
        assert_eq!(
            fields::<HttpProxySpec>(),
            ["url", "allowedEndpoints", "headers", "secret"]
        );
        assert_eq!(fields::<AllowedEndpoint>(), ["endpointPattern", "method"]);
        assert_eq!(fields::<HttpProxy>(), ["kind", "spec"]);
        assert_eq!(fields::<PluginMetadata>(), ["version", "registry"]);
        assert_eq!(
            fields::<Plugin<PyroscopeProfileQuerySpec>>(),
            ["kind", "metadata", "spec"]
        );
    }

    #[test]
    fn null_is_refused_where_the_schema_refuses_it() {
        let spec = r#"{"profileType":"x","service":null}"#;
        assert!(serde_json::from_str::<PyroscopeProfileQuerySpec>(spec).is_err());
        let spec = r#"{"profileType":"x","maxNodes":1.5,"filters":[]}"#;
        let read: PyroscopeProfileQuerySpec = serde_json::from_str(spec).unwrap();
        assert_eq!(read.max_nodes.unwrap().as_f64(), Some(1.5));
    }
}
