//! The `PyroscopeDatasource` spec: `{directUrl}` or `{proxy}` (a closed disjunction in the
//! schema), the HTTP proxy, and whether the proxy lets the plugin's requests through.

use super::{entries, is_perses_url, list, map, missing, string, typed_spec, unknown_field};
use crate::matching::regex::Pattern;
use crate::perses::diagnostic::{Class, Diagnostics, Path};
use crate::perses::model::{
    fields, AllowedEndpoint, HttpProxy, HttpProxySpec, PyroscopeDatasourceSpec,
};
use crate::perses::node::Node;

/// The requests the shipped plugin makes, which a proxy must let through, and what needs them.
pub const PLUGIN_ENDPOINTS: &[(&str, &str, &str)] = &[
    ("GET", "/pyroscope/render", "panels"),
    (
        "POST",
        "/querier.v1.QuerierService/ProfileTypes",
        "the query editor",
    ),
    (
        "POST",
        "/querier.v1.QuerierService/LabelNames",
        "the query editor",
    ),
    (
        "POST",
        "/querier.v1.QuerierService/LabelValues",
        "the query editor",
    ),
];

/// The methods Perses' proxy takes (`#AllowedEndpoint.method`).
const METHODS: &[&str] = &["POST", "PUT", "PATCH", "GET", "DELETE"];

const URL_PATTERN: &str = r"^https?://[^\s/$.?#].[^\s]*$";

/// Checks a `PyroscopeDatasource` spec; its typed form when Perses would store it.
pub(crate) fn datasource_spec(
    spec: &Node,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<PyroscopeDatasourceSpec> {
    let before = diagnostics.errors_of(Class::Schema);
    let map = map(spec, path, "a PyroscopeDatasource spec", diagnostics)?;
    let allowed = fields::<PyroscopeDatasourceSpec>();
    let (mut direct, mut proxy) = (false, false);
    for (entry, at) in entries(map, path, diagnostics) {
        match entry.key.as_str() {
            "directUrl" => {
                direct = true;
                if let Some(url) = string(&entry.value, &at, "directUrl", diagnostics) {
                    url_check(url, &entry.value, &at, "directUrl", diagnostics);
                }
            }
            "proxy" => {
                proxy = true;
                proxy_check(&entry.value, &at, diagnostics);
            }
            _ => unknown_field(
                entry,
                path,
                "a PyroscopeDatasource spec",
                allowed,
                diagnostics,
            ),
        }
    }
    match (direct, proxy) {
        (true, true) => {
            diagnostics.error(
                Class::Schema,
                path,
                spec.at,
                "both directUrl and proxy are set; the schema takes one or the other",
            );
        }
        (false, false) => {
            diagnostics.error(
                Class::Schema,
                path,
                spec.at,
                "neither directUrl nor proxy is set; the schema requires one, so that Pyroscope can be reached",
            );
        }
        _ => {}
    }
    typed_spec(spec, path, before, diagnostics)
}

fn url_check(url: &str, node: &Node, path: &Path, name: &str, diagnostics: &mut Diagnostics) {
    if !is_perses_url(url) {
        diagnostics.error(
            Class::Schema,
            path,
            node.at,
            format!(
                "{name} {url:?} is not a URL as Perses takes them: it must match {URL_PATTERN}"
            ),
        );
    }
}

fn proxy_check(node: &Node, path: &Path, diagnostics: &mut Diagnostics) {
    let Some(map) = map(node, path, "proxy", diagnostics) else {
        return;
    };
    let mut spec = None;
    let mut kind = false;
    for (entry, at) in entries(map, path, diagnostics) {
        match entry.key.as_str() {
            "kind" => {
                kind = true;
                match string(&entry.value, &at, "the proxy's kind", diagnostics) {
                    Some("HTTPProxy") | None => {}
                    Some(other) => {
                        diagnostics.error(
                            Class::Schema,
                            &at,
                            entry.value.at,
                            format!("proxy kind {other:?} is not HTTPProxy"),
                        );
                    }
                }
            }
            "spec" => spec = Some(entry),
            _ => unknown_field(entry, path, "proxy", fields::<HttpProxy>(), diagnostics),
        }
    }
    if !kind {
        missing("kind (HTTPProxy)", node.at, path, "proxy", diagnostics);
    }
    match spec {
        Some(entry) => proxy_spec(&entry.value, &path.key("spec"), diagnostics),
        None => missing("spec", node.at, path, "proxy", diagnostics),
    }
}

fn proxy_spec(node: &Node, path: &Path, diagnostics: &mut Diagnostics) {
    let Some(map) = map(node, path, "the proxy's spec", diagnostics) else {
        return;
    };
    let mut url = false;
    let mut endpoints = None;
    for (entry, at) in entries(map, path, diagnostics) {
        match entry.key.as_str() {
            "url" => {
                url = true;
                if let Some(text) = string(&entry.value, &at, "url", diagnostics) {
                    url_check(text, &entry.value, &at, "url", diagnostics);
                }
            }
            "secret" => {
                string(&entry.value, &at, "secret", diagnostics);
            }
            "headers" => headers(&entry.value, &at, diagnostics),
            "allowedEndpoints" => endpoints = allowed_endpoints(&entry.value, &at, diagnostics),
            _ => unknown_field(
                entry,
                path,
                "an HTTPProxy spec",
                fields::<HttpProxySpec>(),
                diagnostics,
            ),
        }
    }
    if !url {
        missing("url", node.at, path, "the proxy's spec", diagnostics);
    }
    if let Some((endpoints, allowed)) = endpoints {
        coverage(&endpoints, &allowed, path, diagnostics);
    }
}

fn headers(node: &Node, path: &Path, diagnostics: &mut Diagnostics) {
    let Some(map) = map(node, path, "headers", diagnostics) else {
        return;
    };
    for (entry, at) in entries(map, path, diagnostics) {
        string(&entry.value, &at, "a header value", diagnostics);
    }
}

/// The allowed endpoints, each compiled, when every one of them could be read.
fn allowed_endpoints(
    node: &Node,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(Node, Vec<(String, Pattern)>)> {
    let items = list(node, path, "allowedEndpoints", diagnostics)?;
    let mut allowed = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        if let Some(endpoint) = allowed_endpoint(item, &at, diagnostics) {
            allowed.push(endpoint);
        }
    }
    (allowed.len() == items.len()).then(|| (node.clone(), allowed))
}

fn allowed_endpoint(
    node: &Node,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(String, Pattern)> {
    let map = map(node, path, "an allowed endpoint", diagnostics)?;
    let (mut pattern, mut method) = (None, None);
    let mut ok = true;
    for (entry, at) in entries(map, path, diagnostics) {
        match entry.key.as_str() {
            "endpointPattern" => {
                let Some(text) = string(&entry.value, &at, "endpointPattern", diagnostics) else {
                    ok = false;
                    continue;
                };
                match Pattern::compile(text) {
                    Ok(_) => pattern = Some(text.to_owned()),
                    Err(error) => {
                        let message = error.detail(text);
                        ok = false;
                        diagnostics.error(
                            Class::Schema,
                            &at,
                            entry.value.at,
                            format!("Perses refuses the endpointPattern: it is not a valid regular expression: {message}"),
                        );
                    }
                }
            }
            "method" => match string(&entry.value, &at, "method", diagnostics) {
                Some(m) if METHODS.contains(&m) => method = Some(m.to_owned()),
                Some(m) => {
                    ok = false;
                    diagnostics.error(
                        Class::Schema,
                        &at,
                        entry.value.at,
                        format!(
                            "{m:?} is not a method Perses' proxy takes; use one of {}",
                            METHODS.join(", ")
                        ),
                    );
                }
                None => ok = false,
            },
            _ => {
                ok = false;
                unknown_field(
                    entry,
                    path,
                    "an allowed endpoint",
                    fields::<AllowedEndpoint>(),
                    diagnostics,
                );
            }
        }
    }
    if pattern.is_none() && ok {
        missing(
            "endpointPattern",
            node.at,
            path,
            "an allowed endpoint",
            diagnostics,
        );
    }
    if method.is_none() && ok {
        missing("method", node.at, path, "an allowed endpoint", diagnostics);
    }
    let (pattern, method) = (pattern?, method?);
    // Perses lets a request through when the pattern is found anywhere in its path
    // (`FindAllString`), so the pattern is matched unanchored.
    let found_anywhere = Pattern::compile(&format!("(?s:.*)(?:{pattern})(?s:.*)")).ok()?;
    ok.then_some((method, found_anywhere))
}

/// A `runtime` warning when the proxy refuses requests the plugin makes.
fn coverage(
    endpoints: &Node,
    allowed: &[(String, Pattern)],
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    if allowed.is_empty() {
        // An empty list lets everything through.
        return;
    }
    let refused: Vec<String> = PLUGIN_ENDPOINTS
        .iter()
        .filter(|(method, endpoint, _)| {
            !allowed
                .iter()
                .any(|(m, pattern)| m == method && pattern.is_match(endpoint))
        })
        .map(|(method, endpoint, needs)| format!("{method} {endpoint} ({needs})"))
        .collect();
    if !refused.is_empty() {
        diagnostics.warning(
            Class::Runtime,
            &path.key("allowedEndpoints"),
            endpoints.at,
            format!(
                "the proxy answers 403 to requests the Pyroscope plugin makes: {}",
                refused.join(", ")
            ),
        );
    }
}
