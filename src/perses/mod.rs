//! Perses' Pyroscope plugins: the `PyroscopeDatasource` and `PyroscopeProfileQuery` specs and the
//! resources around them ([`model`]), their validation ([`validate`]), what a query spec asks
//! Pyroscope for ([`execute`]), and finding all of them in real files ([`document`]).

pub mod document;
pub mod execute;
pub mod model;
pub mod validate;

pub use document::{lint, read_documents, DatasourceMatch, FoundDatasource, FoundQuery, Lint};
pub use execute::{base_url, ExecuteError, ExecutedQuery, Scope};
pub use model::{
    AllowedEndpoint, Datasource, DatasourceSelector, DatasourceSpec, Filter, HttpProxy,
    HttpProxySpec, Metadata, Plugin, ProfileQuery, ProfileQuerySpec, PyroscopeDatasourceSpec,
    PyroscopeProfileQuerySpec,
};
pub use validate::{Diagnostic, Severity};
