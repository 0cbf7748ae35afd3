//! Perses' Pyroscope plugins (feature `perses`): the `PyroscopeDatasource` and
//! `PyroscopeProfileQuery` specs and the resources around them, read from JSON or YAML with every
//! value's position, validated as Perses validates them, and run as Pyroscope queries.
//!
//! - **Models** ([`Datasource`], [`GlobalDatasource`](Datasource), [`ProfileQuery`], the plugin
//!   specs [`PyroscopeDatasourceSpec`] and [`PyroscopeProfileQuerySpec`], [`DatasourceSelector`]):
//!   serde models with field names exactly as Perses writes them. Every model reads and writes
//!   JSON and YAML, and writing then reading gives the same value. The serde derives are the one
//!   list of each model's fields: validation reads them back with [`fields`]. Where the shipped
//!   CUE schema is closed (the plugin specs, the HTTP proxy, the datasource selector, a filter),
//!   unknown fields are refused; where Perses' Go types drop what they do not know (a plugin's
//!   own keys, its `metadata`), they are ignored; the resources keep fields pyroql does not model
//!   (`display`, timestamps, …) as they are.
//! - **Reading** ([`read_documents`]): a file into [`Node`]s, each value with its [`Location`],
//!   maps in the document's key order; the typed models deserialize from a `&Node`, so the text
//!   is read once.
//! - **Linting** ([`lint()`]): every Pyroscope datasource and query of a file (resources, lists,
//!   dashboards, several YAML documents), each validated, each query matched to the datasource
//!   the Perses UI would give it (a dashboard's own datasources first, by exact name or the first
//!   default, then its project's, then global ones), and every problem as a [`Diagnostic`] with
//!   its [`Class`] (who objects: Perses' schema, Pyroscope at run time, or advice), [`Severity`],
//!   position and path. [`mod@lint`] writes them as `pyroql lint` does.
//! - **Running** ([`ValidatedQuery::execute`], [`PyroscopeProfileQuerySpec::execute`]): the
//!   selector Pyroscope should run ([`ExecutedQuery`]), with names quoted and values escaped
//!   (which the shipped plugin does not do), its `/pyroscope/render` URL and its Connect API
//!   body; [`base_url`] gives the datasource's URL, direct or through the Perses proxy.
//! - **The shipped plugin** ([`plugin`]): the requests `@perses-dev/pyroscope-plugin` really
//!   sends, field by field; [`convert`] turns the documented query shape (`profileType` +
//!   `query`) into the shipped one (`service` + `filters`).
//!
//! ```
//! let lint = pyroql::perses::lint(r#"
//! kind: Datasource
//! metadata: {name: pyroscope, project: demo}
//! spec:
//!   default: true
//!   plugin: {kind: PyroscopeDatasource, spec: {directUrl: "http://pyroscope:4040"}}
//! ---
//! kind: ProfileQuery
//! spec:
//!   plugin:
//!     kind: PyroscopeProfileQuery
//!     spec: {profileType: memory, service: api, filters: [{labelName: env, operator: "=~", labelValue: "prod|staging"}]}
//! "#).unwrap();
//!
//! // Pyroscope refuses the short name the plugin would send.
//! let problem = &lint.diagnostics[0];
//! assert_eq!(problem.to_string(), "12:25: warning: runtime: documents[1].spec.plugin.spec.profileType: \
//!     Pyroscope refuses the short name \"memory\" (/pyroscope/render answers 400 to the shipped plugin: \
//!     failed to parse \"query\"); write the full ID: it stands for memory:inuse_space:bytes:space:bytes \
//!     (of 23 candidates; pyroql's default order chose it)");
//!
//! // The query finds its datasource, and pyroql runs what it means.
//! let query = &lint.queries[0];
//! assert_eq!(query.datasource, pyroql::perses::DatasourceMatch::Found(0));
//! let executed = query.validated.as_ref().unwrap().execute().unwrap();
//! assert_eq!(executed.render_query(), r#"memory:inuse_space:bytes:space:bytes{service_name="api",env=~"prod|staging"}"#);
//! ```

pub mod convert;
mod diagnostic;
mod document;
mod execute;
mod js;
mod json;
pub mod lint;
mod model;
mod node;
pub mod plugin;
mod read;
mod read_error;
mod validate;

pub use diagnostic::{Class, Diagnostic, Endpoint, Path, Severity};
pub use document::{lint, DatasourceMatch, FoundDatasource, FoundQuery, Lint};
pub use execute::{
    base_url, ExecuteError, ExecutedQuery, Scope, TimeRange, UrlError, SERVICE_LABEL,
};
pub use js::js_number;
pub use model::{
    fields, AllowedEndpoint, Datasource, DatasourceSelector, DatasourceSpec, Filter, HttpProxy,
    HttpProxySpec, Metadata, Plugin, PluginMetadata, ProfileQuery, ProfileQuerySpec,
    PyroscopeDatasourceSpec, PyroscopeProfileQuerySpec, DATASOURCE_KIND, DOCUMENTED_QUERY_FIELD,
    QUERY_KIND,
};
pub use node::{Entry, Location, Node, TypedError, Value};
pub use read::read_documents;
pub use read_error::{JsonErrorKind, ReadError, ReadErrorKind, MAX_TEXT};
pub use validate::ValidatedQuery;
