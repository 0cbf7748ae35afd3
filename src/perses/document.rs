//! Reading Perses files: any resource, list or dashboard, in YAML (several documents too) or
//! JSON; finding every Pyroscope datasource and profile query in it; validating each; and
//! matching each query to the datasource it selects when the file holds it.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::execute::Scope;
use super::model::{
    DatasourceSelector, PyroscopeDatasourceSpec, PyroscopeProfileQuerySpec, DATASOURCE_KIND,
    QUERY_KIND,
};
use super::validate::{self, Diagnostic, Path, Report};

/// A Pyroscope datasource found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDatasource {
    /// Where its plugin stands.
    pub path: String,
    /// Its name, when a resource or dashboard names it.
    pub name: Option<String>,
    /// Where it is defined, when known.
    pub scope: Option<Scope>,
    /// Whether it is the default Pyroscope datasource of its scope.
    pub default: bool,
    /// The spec, when it is valid.
    pub spec: Option<PyroscopeDatasourceSpec>,
}

/// Which datasource a query found in a file uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasourceMatch {
    /// The datasource at this index of [`Lint::datasources`].
    Found(usize),
    /// A `$variable` picks it when the dashboard runs.
    Variable(String),
    /// The file does not hold it.
    NotInFile,
}

/// A Pyroscope profile query found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundQuery {
    /// Where its plugin stands.
    pub path: String,
    /// The spec, when it is valid.
    pub spec: Option<PyroscopeProfileQuerySpec>,
    /// The datasource it selects.
    pub datasource: DatasourceMatch,
    /// The dashboard it belongs to (project, name), if any.
    dashboard: Option<(String, String)>,
}

/// Everything found in one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lint {
    /// Pyroscope datasources, in document order.
    pub datasources: Vec<FoundDatasource>,
    /// Pyroscope profile queries, in document order.
    pub queries: Vec<FoundQuery>,
    /// Every problem, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Lint {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == validate::Severity::Error)
    }
}

/// A file that is neither JSON nor YAML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not JSON or YAML: {0}")]
pub struct ReadError(pub String);

/// Reads the documents of a file: JSON, or YAML with any number of `---`-separated documents.
pub fn read_documents(text: &str) -> Result<Vec<Value>, ReadError> {
    let looks_like_json = text.trim_start().starts_with(['{', '[']);
    if looks_like_json {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return Ok(vec![value]);
        }
    }
    serde_saphyr::from_multiple::<Value>(text).map_err(|e| {
        let text = e.to_string();
        ReadError(
            text.lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_owned(),
        )
    })
}

/// Finds, validates and matches every Pyroscope datasource and query in `text`.
///
/// ```
/// let lint = pyroql::perses::lint(r#"
/// kind: ProfileQuery
/// spec:
///   plugin:
///     kind: PyroscopeProfileQuery
///     spec: {profileType: "process_cpu:cpu:nanoseconds:cpu:nanoseconds", maxNodes: 0}
/// "#).unwrap();
/// assert_eq!(lint.diagnostics[0].to_string(), "spec.plugin.spec.maxNodes: error: maxNodes must be a positive integer, not 0");
/// ```
pub fn lint(text: &str) -> Result<Lint, ReadError> {
    let documents = read_documents(text)?;
    let mut lint = Lint::default();
    let mut report = Report::default();
    let several = documents.len() > 1;
    for (i, document) in documents.iter().enumerate() {
        let prefix = if several {
            format!("documents[{i}]")
        } else {
            String::new()
        };
        walk(document, Path::root(&prefix), &mut lint, &mut report);
    }
    lint.diagnostics = report.diagnostics;
    for i in 0..lint.queries.len() {
        lint.queries[i].datasource = match_datasource(&lint.queries[i], &lint.datasources);
    }
    Ok(lint)
}

/// A node to visit, with the dashboard it stands in.
struct Visit<'v> {
    value: &'v Value,
    path: Path,
    dashboard: Option<(String, String)>,
}

fn text<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    map.get(key).and_then(Value::as_str)
}

/// The plugin spec inside `{kind, spec}` if `value` is a plugin of `kind`.
fn plugin_of<'v>(value: &'v Value, kind: &str) -> Option<&'v Map<String, Value>> {
    value
        .as_object()
        .filter(|m| text(m, "kind") == Some(kind) && m.contains_key("spec"))
}

fn walk(root: &Value, root_path: Path, lint: &mut Lint, report: &mut Report) {
    // Plugins already taken as part of a resource, by address.
    let mut claimed: HashSet<*const Value> = HashSet::new();
    let mut stack = vec![Visit {
        value: root,
        path: root_path,
        dashboard: None,
    }];
    while let Some(Visit {
        value,
        path,
        dashboard,
    }) = stack.pop()
    {
        match value {
            Value::Object(map) => {
                let dashboard = resource(map, &path, &mut claimed, lint, report).or(dashboard);
                if !claimed.contains(&std::ptr::from_ref(value)) {
                    if plugin_of(value, DATASOURCE_KIND).is_some() {
                        datasource(value, &path, None, None, false, lint, report);
                    } else if plugin_of(value, QUERY_KIND).is_some() {
                        query(value, &path, dashboard.clone(), lint, report);
                    }
                }
                for (key, child) in map.iter().rev() {
                    stack.push(Visit {
                        value: child,
                        path: path.key(key),
                        dashboard: dashboard.clone(),
                    });
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    stack.push(Visit {
                        value: child,
                        path: path.index(i),
                        dashboard: dashboard.clone(),
                    });
                }
            }
            _ => {}
        }
    }
}

/// Handles a resource that defines Pyroscope datasources (`Datasource`, `GlobalDatasource`, or a
/// `Dashboard` with `spec.datasources`); returns the dashboard's (project, name) for a dashboard.
fn resource(
    map: &Map<String, Value>,
    path: &Path,
    claimed: &mut HashSet<*const Value>,
    lint: &mut Lint,
    report: &mut Report,
) -> Option<(String, String)> {
    let kind = text(map, "kind")?;
    let metadata = map.get("metadata").and_then(Value::as_object);
    let name = metadata.and_then(|m| text(m, "name")).map(str::to_owned);
    let project = metadata.and_then(|m| text(m, "project")).map(str::to_owned);
    let spec = map.get("spec").and_then(Value::as_object);
    match kind {
        "Datasource" | "GlobalDatasource" => {
            let plugin = spec.and_then(|s| s.get("plugin"))?;
            plugin_of(plugin, DATASOURCE_KIND)?;
            claimed.insert(std::ptr::from_ref(plugin));
            if name.is_none() {
                report.error(
                    &path.key("metadata"),
                    format!("a {kind} needs metadata.name"),
                );
            }
            let scope = if kind == "GlobalDatasource" {
                Some(Scope::Global)
            } else if let Some(project) = project {
                Some(Scope::Project(project))
            } else {
                report.error(
                    &path.key("metadata"),
                    "a Datasource needs metadata.project (a GlobalDatasource does not)",
                );
                None
            };
            let default = spec
                .and_then(|s| s.get("default"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let plugin_path = path.key("spec").key("plugin");
            datasource(plugin, &plugin_path, name, scope, default, lint, report);
            None
        }
        "Dashboard" => {
            let project = project.unwrap_or_default();
            let dashboard = name.unwrap_or_default();
            let local = spec
                .and_then(|s| s.get("datasources"))
                .and_then(Value::as_object);
            for (key, entry) in local.into_iter().flatten() {
                let Some(plugin) = entry
                    .get("plugin")
                    .filter(|p| plugin_of(p, DATASOURCE_KIND).is_some())
                else {
                    continue;
                };
                claimed.insert(std::ptr::from_ref(plugin));
                let default = entry
                    .get("default")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let plugin_path = path.key("spec").key("datasources").key(key).key("plugin");
                let scope = Scope::Dashboard(project.clone(), dashboard.clone());
                datasource(
                    plugin,
                    &plugin_path,
                    Some(key.clone()),
                    Some(scope),
                    default,
                    lint,
                    report,
                );
            }
            Some((project, dashboard))
        }
        _ => None,
    }
}

fn plugin_fields(plugin: &Map<String, Value>, path: &Path, report: &mut Report) {
    for key in plugin.keys().filter(|k| *k != "kind" && *k != "spec") {
        report.error(
            &path.key(key),
            format!("unknown field {key:?}: a plugin has only kind and spec"),
        );
    }
}

/// Checks a plugin and its spec with `check`; the spec read as `T` when it has no error.
fn checked_spec<T: serde::de::DeserializeOwned>(
    plugin: &Map<String, Value>,
    path: &Path,
    check: fn(&Value, &Path, &mut Report),
    report: &mut Report,
) -> Option<T> {
    plugin_fields(plugin, path, report);
    let spec = plugin.get("spec").unwrap_or(&Value::Null);
    let before = report.error_count();
    check(spec, &path.key("spec"), report);
    (report.error_count() == before)
        .then(|| serde_json::from_value(spec.clone()).ok())
        .flatten()
}

#[allow(clippy::too_many_arguments)]
fn datasource(
    plugin: &Value,
    path: &Path,
    name: Option<String>,
    scope: Option<Scope>,
    default: bool,
    lint: &mut Lint,
    report: &mut Report,
) {
    let Some(map) = plugin.as_object() else {
        return;
    };
    let spec = checked_spec(map, path, validate::datasource_spec, report);
    lint.datasources.push(FoundDatasource {
        path: path.to_string(),
        name,
        scope,
        default,
        spec,
    });
}

fn query(
    plugin: &Value,
    path: &Path,
    dashboard: Option<(String, String)>,
    lint: &mut Lint,
    report: &mut Report,
) {
    let Some(map) = plugin.as_object() else {
        return;
    };
    let spec = checked_spec(map, path, validate::query_spec, report);
    lint.queries.push(FoundQuery {
        path: path.to_string(),
        spec,
        datasource: DatasourceMatch::NotInFile,
        dashboard,
    });
}

/// The datasource a query selects, among those of the file: by name, or the default one; a
/// dashboard's own datasources first, then the project's, then global ones.
fn match_datasource(query: &FoundQuery, datasources: &[FoundDatasource]) -> DatasourceMatch {
    let name = match query.spec.as_ref().and_then(|s| s.datasource.as_ref()) {
        Some(DatasourceSelector::Variable(variable)) => {
            return DatasourceMatch::Variable(variable.clone())
        }
        Some(DatasourceSelector::Reference { name, .. }) => name.as_deref(),
        None => None,
    };
    // A dashboard's own datasources first, then its project's, then global ones; another
    // dashboard's or another project's are out of reach.
    let rank = |ds: &FoundDatasource| match (&ds.scope, &query.dashboard) {
        (Some(Scope::Dashboard(p, d)), Some((qp, qd))) if p == qp && d == qd => Some(0),
        (Some(Scope::Dashboard(..)), _) => None,
        (Some(Scope::Project(p)), Some((qp, _))) if !qp.is_empty() && p != qp => None,
        (Some(Scope::Project(_)), _) => Some(1),
        (Some(Scope::Global), _) => Some(2),
        (None, _) => Some(3),
    };
    datasources
        .iter()
        .enumerate()
        .filter(|(_, ds)| match name {
            Some(name) => ds.name.as_deref() == Some(name),
            None => ds.default,
        })
        .filter_map(|(i, ds)| rank(ds).map(|r| (r, i)))
        .min()
        .map_or(DatasourceMatch::NotInFile, |(_, i)| {
            DatasourceMatch::Found(i)
        })
}
