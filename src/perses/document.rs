//! Finding every Pyroscope datasource and profile query in a Perses file (resources, lists,
//! dashboards and ephemeral dashboards, several YAML documents), validating each, and matching
//! each query to the datasource the Perses UI would give it.
//!
//! A plugin is a map with a Pyroscope `kind` and a `spec`. Matching follows the UI: a
//! dashboard's own datasources first (by exact name, or the first default in the document's
//! order), then its project's, then global ones (names compared case-insensitively, as
//! `toLowerCase()` compares them).

use std::collections::HashSet;

use super::diagnostic::{Class, Diagnostic, Diagnostics, Path, Severity};
use super::execute::Scope;
use super::model::{
    DatasourceSelector, PyroscopeDatasourceSpec, PyroscopeProfileQuerySpec, DATASOURCE_KIND,
    QUERY_KIND,
};
use super::node::{Location, Node, Value};
use super::read::read_documents;
use super::read_error::ReadError;
use super::validate::{self, ValidatedQuery};

/// The kinds of Perses' resources, for telling a Perses file from any other.
const PERSES_KINDS: &[&str] = &[
    "Dashboard",
    "Datasource",
    "EphemeralDashboard",
    "Folder",
    "GlobalDatasource",
    "GlobalRole",
    "GlobalRoleBinding",
    "GlobalVariable",
    "GlobalSecret",
    "Project",
    "Role",
    "RoleBinding",
    "Secret",
    "User",
    "Variable",
];

/// A Pyroscope datasource found in a file.
///
/// ```
/// use pyroql::perses::Scope;
/// let lint = pyroql::perses::lint(r#"{"kind": "GlobalDatasource", "metadata": {"name": "pyro"},
///   "spec": {"default": true, "plugin": {"kind": "PyroscopeDatasource", "spec": {"directUrl": "http://p:4040"}}}}"#).unwrap();
/// let ds = &lint.datasources[0];
/// assert_eq!((ds.path.as_str(), ds.name.as_deref(), ds.scope.as_ref(), ds.default), ("spec.plugin", Some("pyro"), Some(&Scope::Global), true));
/// assert_eq!(ds.spec.as_ref().unwrap().direct_url.as_deref(), Some("http://p:4040"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDatasource {
    /// Where its plugin stands.
    pub path: String,
    /// Where its plugin starts.
    pub at: Location,
    /// Its name, when a resource or dashboard names it.
    pub name: Option<String>,
    /// Where it is defined, when known.
    pub scope: Option<Scope>,
    /// Whether it is marked as the default Pyroscope datasource of its scope.
    pub default: bool,
    /// The spec, when Perses would store it.
    pub spec: Option<PyroscopeDatasourceSpec>,
}

/// Which datasource a query found in a file uses.
///
/// ```
/// use pyroql::perses::DatasourceMatch;
/// let lint = pyroql::perses::lint(r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "cpu", "datasource": "$ds"}}"#).unwrap();
/// assert_eq!(lint.queries[0].datasource, DatasourceMatch::Variable("$ds".into()));
/// ```
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
///
/// ```
/// use pyroql::perses::{DatasourceMatch, Location};
/// let lint = pyroql::perses::lint("kind: PyroscopeProfileQuery\nspec: {profileType: cpu}\n").unwrap();
/// let query = &lint.queries[0];
/// assert_eq!((query.path.as_str(), query.at), ("(document)", Location { line: 1, column: 1 }));
/// assert_eq!(query.spec.as_ref().unwrap().profile_type, "cpu");
/// assert_eq!(query.datasource, DatasourceMatch::NotInFile);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FoundQuery {
    /// Where its plugin stands.
    pub path: String,
    /// Where its plugin starts.
    pub at: Location,
    /// The spec, when Perses would store it.
    pub spec: Option<PyroscopeProfileQuerySpec>,
    /// The spec with its query parsed and its profile type resolved, ready to run.
    pub validated: Option<ValidatedQuery>,
    /// The datasource it selects.
    pub datasource: DatasourceMatch,
    /// The dashboard it belongs to (project, name), if any.
    dashboard: Option<(Option<String>, String)>,
    /// Where its datasource selector's name stands.
    name_at: Option<(String, Location)>,
}

/// Everything found in one file; made by [`lint`].
///
/// ```
/// let lint = pyroql::perses::lint(r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "cpu", "maxNodes": "many"}}"#).unwrap();
/// assert_eq!((lint.datasources.len(), lint.queries.len()), (0, 1));
/// assert!(lint.has_errors());
/// // A short profile type is a warning: Pyroscope refuses it, pyroql resolves it.
/// let lint = pyroql::perses::lint(r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "cpu"}}"#).unwrap();
/// assert!(!lint.has_errors() && lint.has_warnings());
/// ```
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
            .any(|d| d.severity == Severity::Error)
    }

    /// Whether any problem is a warning.
    pub fn has_warnings(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning)
    }
}

/// Finds, validates and matches every Pyroscope datasource and query in `text`.
///
/// ```
/// let lint = pyroql::perses::lint(r#"
/// kind: ProfileQuery
/// spec:
///   plugin:
///     kind: PyroscopeProfileQuery
///     spec: {profileType: "process_cpu:cpu:nanoseconds:cpu:nanoseconds", maxNodes: "many"}
/// "#).unwrap();
/// assert_eq!(lint.diagnostics[0].to_string(), r#"6:82: error: schema: spec.plugin.spec.maxNodes: maxNodes must be a number, not "many""#);
/// ```
pub fn lint(text: &str) -> Result<Lint, ReadError> {
    let documents = read_documents(text)?;
    let mut walker = Walker::default();
    for (i, document) in documents.iter().enumerate() {
        walker.walk(document, Path::document(i, documents.len()));
    }
    let Walker {
        mut lint,
        mut diagnostics,
        perses,
        ..
    } = walker;
    for i in 0..lint.queries.len() {
        let found = match_datasource(&lint.queries[i], &lint.datasources, &mut diagnostics);
        lint.queries[i].datasource = found;
    }
    if !perses && lint.datasources.is_empty() && lint.queries.is_empty() {
        diagnostics.push(
            Severity::Note,
            Class::Advice,
            &Path::root(""),
            Location { line: 1, column: 1 },
            "no Perses resource here: no Dashboard, Datasource or other Perses kind, and no Pyroscope plugin",
        );
    }
    lint.diagnostics = diagnostics.in_document_order();
    Ok(lint)
}

#[derive(Default)]
struct Walker {
    lint: Lint,
    diagnostics: Diagnostics,
    /// Whether any Perses resource was seen.
    perses: bool,
    /// Plugins already taken as part of a resource, by address.
    claimed: HashSet<*const Node>,
    /// The default datasources of resources seen so far: (scope, name).
    defaults: Vec<(Scope, String)>,
}

/// A node to visit, with the dashboard it stands in.
struct Visit<'v> {
    node: &'v Node,
    path: Path,
    dashboard: Option<(Option<String>, String)>,
}

fn text<'v>(node: &'v Node, key: &str) -> Option<&'v str> {
    node.get(key).and_then(Node::as_str)
}

/// Whether `node` is a plugin of `kind`: `{kind, spec}`.
fn is_plugin(node: &Node, kind: &str) -> bool {
    text(node, "kind") == Some(kind) && node.get("spec").is_some()
}

impl Walker {
    fn walk(&mut self, root: &Node, root_path: Path) {
        let mut stack = vec![Visit {
            node: root,
            path: root_path,
            dashboard: None,
        }];
        while let Some(Visit {
            node,
            path,
            dashboard,
        }) = stack.pop()
        {
            match &node.value {
                Value::Map(entries) => {
                    let dashboard = self.resource(node, &path).or(dashboard);
                    if !self.claimed.contains(&std::ptr::from_ref(node)) {
                        if is_plugin(node, DATASOURCE_KIND) {
                            self.datasource(node, &path, None, None, false);
                        } else if is_plugin(node, QUERY_KIND) {
                            self.query(node, &path, dashboard.clone());
                        }
                    }
                    for entry in entries.iter().rev() {
                        stack.push(Visit {
                            node: &entry.value,
                            path: path.key(&entry.key),
                            dashboard: dashboard.clone(),
                        });
                    }
                }
                Value::List(items) => {
                    for (i, child) in items.iter().enumerate().rev() {
                        stack.push(Visit {
                            node: child,
                            path: path.index(i),
                            dashboard: dashboard.clone(),
                        });
                    }
                }
                _ => {}
            }
        }
    }

    /// Handles a resource that defines Pyroscope datasources (`Datasource`, `GlobalDatasource`,
    /// or a `Dashboard` or `EphemeralDashboard` with `spec.datasources`); returns the
    /// dashboard's (project, name) for a dashboard.
    fn resource(&mut self, node: &Node, path: &Path) -> Option<(Option<String>, String)> {
        let kind = text(node, "kind")?;
        if !PERSES_KINDS.contains(&kind) {
            return None;
        }
        self.perses = true;
        let metadata = node.get("metadata");
        let name = metadata.and_then(|m| text(m, "name")).map(str::to_owned);
        let project = metadata
            .and_then(|m| text(m, "project"))
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        let spec = node.get("spec");
        match kind {
            "Datasource" | "GlobalDatasource" => {
                let plugin = spec.and_then(|s| s.get("plugin"))?;
                if !is_plugin(plugin, DATASOURCE_KIND) {
                    return None;
                }
                self.claimed.insert(std::ptr::from_ref(plugin));
                self.resource_name(node, metadata, path, kind);
                let scope = if kind == "GlobalDatasource" {
                    Scope::Global
                } else {
                    Scope::Project(project)
                };
                let spec_path = path.key("spec");
                let default = spec.is_some_and(|s| self.default_flag(s, &spec_path));
                if default {
                    self.second_default(&scope, name.as_deref(), spec, &spec_path, kind);
                }
                let plugin_path = spec_path.key("plugin");
                self.datasource(plugin, &plugin_path, name, Some(scope), default);
                None
            }
            "Dashboard" | "EphemeralDashboard" => {
                let dashboard = name.unwrap_or_default();
                let local = spec.and_then(|s| s.get("datasources"));
                let mut defaulted = false;
                for entry in local.and_then(Node::entries).unwrap_or_default() {
                    let Some(plugin) = entry
                        .value
                        .get("plugin")
                        .filter(|p| is_plugin(p, DATASOURCE_KIND))
                    else {
                        continue;
                    };
                    self.claimed.insert(std::ptr::from_ref(plugin));
                    let entry_path = path.key("spec").key("datasources").key(&entry.key);
                    let default = self.default_flag(&entry.value, &entry_path);
                    if default && defaulted {
                        let at = entry.value.get("default").map_or(entry.value.at, |d| d.at);
                        self.diagnostics.error(
                            Class::Schema,
                            &entry_path.key("default"),
                            at,
                            format!("Perses refuses the dashboard: {} can not be defined as default datasource: there is already a default defined for kind \"{DATASOURCE_KIND}\" (the UI takes the first)", entry.key),
                        );
                    }
                    defaulted |= default;
                    let scope = Scope::Dashboard(project.clone(), dashboard.clone());
                    self.datasource(
                        plugin,
                        &entry_path.key("plugin"),
                        Some(entry.key.clone()),
                        Some(scope),
                        default,
                    );
                }
                Some((project, dashboard))
            }
            _ => None,
        }
    }

    /// `default`, which Perses reads as a boolean.
    fn default_flag(&mut self, spec: &Node, path: &Path) -> bool {
        match spec.get("default").map(|d| (d, &d.value)) {
            Some((_, Value::Bool(b))) => *b,
            None | Some((_, Value::Null)) => false,
            Some((node, _)) => {
                self.diagnostics.error(
                    Class::Schema,
                    &path.key("default"),
                    node.at,
                    format!("default must be true or false, not {}", node.describe()),
                );
                false
            }
        }
    }

    fn resource_name(&mut self, node: &Node, metadata: Option<&Node>, path: &Path, kind: &str) {
        let at = path.key("metadata").key("name");
        match metadata.and_then(|m| m.get("name")) {
            None => {
                let place = metadata.map_or(node.at, |m| m.at);
                self.diagnostics.error(
                    Class::Schema,
                    &path.key("metadata"),
                    place,
                    format!("a {kind} needs metadata.name"),
                );
            }
            Some(name) => match name.as_str() {
                Some(text) if is_perses_name(text) => {}
                Some(text) => {
                    self.diagnostics.error(
                        Class::Schema,
                        &at,
                        name.at,
                        format!("{text:?} is not a name Perses takes: it must match ^[a-zA-Z0-9_.-]+$ and have at most 75 characters"),
                    );
                }
                None => {
                    self.diagnostics.error(
                        Class::Schema,
                        &at,
                        name.at,
                        format!("metadata.name must be a string, not {}", name.describe()),
                    );
                }
            },
        }
    }

    /// A `schema` error when a resource is the second default Pyroscope datasource of its
    /// scope in the file: Perses refuses it when it is applied after the first.
    fn second_default(
        &mut self,
        scope: &Scope,
        name: Option<&str>,
        spec: Option<&Node>,
        path: &Path,
        kind: &str,
    ) {
        let name = name.unwrap_or_default();
        let same = |other: &Scope| match (scope, other) {
            (Scope::Global, Scope::Global) => true,
            (Scope::Project(a), Scope::Project(b)) => a.is_none() || b.is_none() || a == b,
            _ => false,
        };
        if let Some((_, first)) = self.defaults.iter().find(|(s, n)| same(s) && n != name) {
            let at = spec
                .and_then(|s| s.get("default"))
                .map_or(Location::default(), |d| d.at);
            self.diagnostics.error(
                Class::Schema,
                &path.key("default"),
                at,
                format!("Perses refuses this {kind} after the first: datasource {name:?} cannot be a default \"{DATASOURCE_KIND}\" because there is already one defined named {first:?}"),
            );
        } else {
            self.defaults.push((scope.clone(), name.to_owned()));
        }
    }

    fn datasource(
        &mut self,
        plugin: &Node,
        path: &Path,
        name: Option<String>,
        scope: Option<Scope>,
        default: bool,
    ) {
        let spec = validate::plugin_spec(plugin, path, &mut self.diagnostics);
        let spec = validate::datasource_spec(&spec, &path.key("spec"), &mut self.diagnostics);
        self.lint.datasources.push(FoundDatasource {
            path: path.to_string(),
            at: plugin.at,
            name,
            scope,
            default,
            spec,
        });
    }

    fn query(&mut self, plugin: &Node, path: &Path, dashboard: Option<(Option<String>, String)>) {
        let spec = validate::plugin_spec(plugin, path, &mut self.diagnostics);
        let name_at = spec.get("datasource").and_then(|d| d.get("name")).map(|n| {
            (
                path.key("spec").key("datasource").key("name").to_string(),
                n.at,
            )
        });
        let validated = validate::query_spec(&spec, &path.key("spec"), &mut self.diagnostics);
        self.lint.queries.push(FoundQuery {
            path: path.to_string(),
            at: plugin.at,
            spec: validated.as_ref().map(|v| v.spec.clone()),
            validated,
            datasource: DatasourceMatch::NotInFile,
            dashboard,
            name_at,
        });
    }
}

/// Perses' rule for names (`common.ValidateID`).
fn is_perses_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 75
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// The datasource the UI gives a query, among those of the file.
fn match_datasource(
    query: &FoundQuery,
    datasources: &[FoundDatasource],
    diagnostics: &mut Diagnostics,
) -> DatasourceMatch {
    let name = match query.spec.as_ref().and_then(|s| s.datasource.as_ref()) {
        Some(DatasourceSelector::Variable(variable)) => {
            return DatasourceMatch::Variable(variable.clone())
        }
        Some(DatasourceSelector::Reference { kind, .. }) if kind != DATASOURCE_KIND => {
            return DatasourceMatch::NotInFile
        }
        Some(DatasourceSelector::Reference { name, .. }) => name.as_deref(),
        None => None,
    };
    let picks = |ds: &FoundDatasource, exact: bool| match name {
        Some(name) if exact => ds.name.as_deref() == Some(name),
        Some(name) => ds
            .name
            .as_deref()
            .is_some_and(|n| n.to_lowercase() == name.to_lowercase()),
        None => ds.default,
    };
    let (project, dashboard) = match &query.dashboard {
        Some((project, dashboard)) => (project.as_ref(), Some(dashboard)),
        None => (None, None),
    };
    // A dashboard's own datasources, by exact name (they are its spec's keys).
    let local = datasources.iter().position(|ds| match &ds.scope {
        Some(Scope::Dashboard(p, d)) => {
            Some(d) == dashboard && p.as_ref() == project && picks(ds, true)
        }
        _ => false,
    });
    if let Some(i) = local {
        return DatasourceMatch::Found(i);
    }
    let in_project = |ds: &FoundDatasource| match &ds.scope {
        Some(Scope::Project(p)) => p.is_none() || project.is_none() || p.as_ref() == project,
        None => true,
        _ => false,
    };
    let global = |ds: &FoundDatasource| matches!(ds.scope, Some(Scope::Global));
    let found = datasources
        .iter()
        .position(|ds| in_project(ds) && picks(ds, false))
        .or_else(|| {
            datasources
                .iter()
                .position(|ds| global(ds) && picks(ds, false))
        });
    let Some(i) = found else {
        return DatasourceMatch::NotInFile;
    };
    if let (Some(name), Some(actual), Some((path, at))) =
        (name, datasources[i].name.as_deref(), &query.name_at)
    {
        if name != actual {
            diagnostics.warning(
                Class::Advice,
                &Path::root(path),
                *at,
                format!("the UI finds the datasource {actual:?} for {name:?} because it compares names case-insensitively; write {actual:?}"),
            );
        }
    }
    DatasourceMatch::Found(i)
}
