//! Perses' Pyroscope plugins: the `PyroscopeDatasource` and `PyroscopeProfileQuery` specs and the
//! resources around them ([`model`]), reading files with every value's position ([`read`],
//! [`node`]), their validation ([`validate`]) and its diagnostics ([`diagnostic`]), what a query
//! spec asks Pyroscope for ([`execute`]) and what the shipped plugin sends instead ([`plugin`]),
//! the documented shape converted to the shipped one ([`convert`]), finding all of them in real
//! files ([`document`]), and the `pyroql lint` report ([`mod@lint`]).

pub mod convert;
pub mod diagnostic;
pub mod document;
pub mod execute;
mod json;
pub mod lint;
pub mod model;
pub mod node;
pub mod plugin;
pub mod read;
pub mod validate;

pub use diagnostic::{Class, Diagnostic, Path, Severity};
pub use document::{lint, DatasourceMatch, FoundDatasource, FoundQuery, Lint};
pub use execute::{base_url, js_number, ExecuteError, ExecutedQuery, Scope, TimeRange, UrlError};
pub use model::{
    fields, AllowedEndpoint, Datasource, DatasourceSelector, DatasourceSpec, Filter, HttpProxy,
    HttpProxySpec, Metadata, Plugin, PluginMetadata, ProfileQuery, ProfileQuerySpec,
    PyroscopeDatasourceSpec, PyroscopeProfileQuerySpec,
};
pub use node::{Location, Node};
pub use read::{read_documents, ReadError};
pub use validate::ValidatedQuery;

/// `perses` fuzz target: any bytes are read, validated and executed without panicking; every
/// diagnostic has a position inside the text, a path and a message; every query Perses would
/// store runs from its validation as it runs from its spec, and what it runs prints and parses
/// back equal.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(found) = lint(&text) else {
        return;
    };
    // YAML breaks lines at `\r` too.
    let breaks = text.bytes().filter(|b| matches!(b, b'\n' | b'\r')).count();
    let lines = u32::try_from(breaks + 1).unwrap_or(u32::MAX);
    for d in &found.diagnostics {
        assert!(!d.path.is_empty() && !d.message.is_empty(), "{d:?}");
        assert!(
            d.line >= 1 && d.line <= lines.saturating_add(1) && d.column >= 1,
            "{d:?}"
        );
        let _ = lint::render(d, "fuzz", lint::Format::Json);
    }
    for query in &found.queries {
        let Some(validated) = &query.validated else {
            continue;
        };
        let executed = validated.execute();
        assert_eq!(executed, validated.spec.execute(None), "{validated:?}");
        if let Ok(executed) = executed {
            let url = executed.render_request("http://pyroscope:4040", &TimeRange::Unset);
            assert!(url.starts_with("http://pyroscope:4040/pyroscope/render?query="));
            let printed = executed.render_query();
            // It parses back, unless a pattern Go's RE2 refuses makes it fail (validation says
            // so), whichever of parsing and matching checks patterns.
            let parsed = crate::parse(&printed).map(crate::Selector::into_owned);
            let bad_pattern = executed.selector.iter().any(|m| {
                m.op.is_regex() && crate::matching::regex::Pattern::compile(&m.value).is_err()
            });
            assert!(
                parsed.is_ok() || bad_pattern,
                "{printed:?} does not parse: {parsed:?}"
            );
            let _ = plugin::render_url(&validated.spec, "http://p", &TimeRange::Unset);
        }
    }
}
