//! The checks of a spec Perses stores: what Pyroscope does with its profile type, its documented
//! `query`, its `maxNodes` and its datasource's kind (the plugin's query text is [`super::shipped`]'s).

use super::shipped::plugin_request;
use super::{Places, ValidatedQuery};
use crate::ast::Selector;
use crate::perses::convert;
use crate::perses::diagnostic::{Class, Diagnostics, Endpoint, Path};
use crate::perses::js::js_number;
use crate::perses::model::{DatasourceSelector, PyroscopeProfileQuerySpec, DATASOURCE_KIND};
use crate::perses::node::Location;
use crate::perses::plugin::PluginQuery;
use crate::profile_type::{resolve, ProfileType, Resolution, ResolveError};

/// Pyroscope's default `querier.max-flamegraph-nodes-default`.
const DEFAULT_MAX_NODES: i64 = 8 << 10;
/// Pyroscope's default `querier.max-flamegraph-nodes-max`.
const MAX_MAX_NODES: i64 = 1 << 20;

/// The checks of a spec Perses stores: what Pyroscope and the plugin do with it.
pub(super) fn validate(
    spec: PyroscopeProfileQuerySpec,
    places: &Places,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> ValidatedQuery {
    let query = match &spec.query {
        Some(text) => crate::parse(text).map(Selector::into_owned),
        None => Ok(Selector::from_parts(None, Vec::new())),
    };
    if let (Err(error), Some(at)) = (&query, places.query) {
        diagnostics
            .error(
                Class::Runtime,
                &path.key("query"),
                at,
                // Pyroscope's query frontend wraps the parser's line:
                // `parsing label selector "<labelSelector>": <line>`.
                format!("query does not parse; the Connect API refuses this labelSelector with Pyroscope's parser line: {error}"),
            )
            .endpoint = Some(Endpoint::SelectMergeStacktraces);
    }
    let resolved = resolve(&spec.profile_type, None);
    profile_type_check(&spec, &resolved, places, path, diagnostics);
    let profile_type = resolved.map(|r| r.id);
    if let (Some(at), Ok(selector)) = (places.query, &query) {
        documented_shape(
            &spec,
            selector,
            profile_type.as_ref().ok(),
            at,
            path,
            diagnostics,
        );
    }
    let plugin = PluginQuery::of(&spec);
    plugin_request(&spec, &plugin, places, path, diagnostics);
    max_nodes_check(&spec, places, path, diagnostics);
    datasource_kind_check(&spec, places, path, diagnostics);
    ValidatedQuery {
        spec,
        query,
        profile_type,
        plugin_query: plugin.text,
    }
}

fn profile_type_check(
    spec: &PyroscopeProfileQuerySpec,
    resolved: &Result<Resolution, ResolveError>,
    places: &Places,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    let name = &spec.profile_type;
    let at = path.key("profileType");
    if ProfileType::parse(name).is_ok() {
        return;
    }
    let answer = "/pyroscope/render answers 400 to the shipped plugin: failed to parse \"query\"";
    let diagnostic = match resolved {
        Ok(resolution) if !name.contains(':') => {
            let others = resolution.candidates.len() - 1;
            let choice = if others == 0 {
                String::new()
            } else {
                format!(
                    " (of {} candidates; pyroql's default order chose it)",
                    others + 1
                )
            };
            diagnostics.warning(
                Class::Runtime,
                &at,
                places.profile_type,
                format!(
                    "Pyroscope refuses the short name {name:?} ({answer}); write the full ID: it stands for {}{choice}",
                    resolution.id
                ),
            )
        }
        Ok(_) => return,
        Err(error) => diagnostics.error(
            Class::Runtime,
            &at,
            places.profile_type,
            format!("Pyroscope refuses {name:?} ({answer}), and pyroql cannot resolve it: {error}"),
        ),
    };
    diagnostic.endpoint = Some(Endpoint::Render);
}

/// The `schema` warning for the documented `query`, with the shipped spec that means the same
/// when there is one.
fn documented_shape(
    spec: &PyroscopeProfileQuerySpec,
    query: &Selector<'static>,
    profile_type: Option<&ProfileType<'static>>,
    at: Location,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    let lead =
        "the shipped schema refuses query (field not allowed) and the shipped plugin ignores it";
    match convert::shipped(spec, query, profile_type) {
        Ok(shipped) => {
            let text = serde_json::to_string(&shipped).unwrap_or_default();
            let diagnostic = diagnostics.warning(
                Class::Schema,
                &path.key("query"),
                at,
                format!("{lead}; the shipped spec that selects the same is {text}"),
            );
            diagnostic.fix = Some(Box::new(shipped));
        }
        Err(reason) => {
            diagnostics.warning(
                Class::Schema,
                &path.key("query"),
                at,
                format!("{lead}; it cannot be written with service and filters: {reason}"),
            );
        }
    }
}

/// What Pyroscope's render handler does with the `maxNodes` the plugin sends (it reads it with
/// Go's `strconv.Atoi`, and its default limits refuse negative values and values over 2^20).
fn max_nodes_check(
    spec: &PyroscopeProfileQuerySpec,
    places: &Places,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    let (Some(number), Some(at)) = (&spec.max_nodes, places.max_nodes) else {
        return;
    };
    let sent = js_number(number);
    if sent == "0" {
        return;
    }
    let at_path = path.key("maxNodes");
    match sent.parse::<i64>() {
        Ok(n) if n < 0 => {
            diagnostics
                .error(
                    Class::Runtime,
                    &at_path,
                    at,
                    format!("Pyroscope, with its default limits, refuses maxNodes={sent}: max flamegraph nodes limit must be set (max allowed {MAX_MAX_NODES})"),
                )
                .endpoint = Some(Endpoint::Render);
        }
        Ok(n) if n > MAX_MAX_NODES => {
            diagnostics
                .error(
                    Class::Runtime,
                    &at_path,
                    at,
                    format!("Pyroscope, with its default limits, refuses maxNodes={sent}: max flamegraph nodes limit {n} is greater than allowed {MAX_MAX_NODES}"),
                )
                .endpoint = Some(Endpoint::Render);
        }
        Ok(_) => {}
        Err(_) => {
            diagnostics
                .warning(
                    Class::Runtime,
                    &at_path,
                    at,
                    format!("the plugin sends maxNodes={sent}, which is no integer: Pyroscope ignores it and uses its default ({DEFAULT_MAX_NODES} nodes unless configured)"),
                )
                .endpoint = Some(Endpoint::Render);
        }
    }
}

/// The schema's `kind` of a selector does not reach its definition's hidden `_kind` (the two are
/// in different CUE packages), so any kind is stored; the plugin then asks Perses for a
/// datasource of that kind.
fn datasource_kind_check(
    spec: &PyroscopeProfileQuerySpec,
    places: &Places,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    let Some(DatasourceSelector::Reference { kind, .. }) = &spec.datasource else {
        return;
    };
    if kind == DATASOURCE_KIND {
        return;
    }
    let at = places.datasource_kind.unwrap_or(places.spec);
    diagnostics.error(
        Class::Runtime,
        &path.key("datasource").key("kind"),
        at,
        format!("the plugin asks Perses for a {kind:?} datasource, whose client cannot run a Pyroscope query; use {DATASOURCE_KIND}"),
    );
}
