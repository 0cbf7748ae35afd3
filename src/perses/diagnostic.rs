//! Diagnostics as a CI linter reports them: a class (who refuses), a severity, the line and
//! column of the offending value, its path in the document, and a message.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::PyroscopeProfileQuerySpec;
use super::node::Location;

/// Who objects to a problem; serializes as `schema`, `runtime` or `advice`.
///
/// ```
/// use pyroql::perses::Class;
/// assert_eq!((Class::Schema.as_str(), Class::Runtime.to_string()), ("schema", "runtime".to_owned()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Perses refuses to store the resource (its CUE schema or its Go types).
    Schema,
    /// Perses stores it, but Pyroscope refuses the query, the proxy refuses the request, or the
    /// plugin drops part of the spec.
    Runtime,
    /// It works, but could be better.
    Advice,
}

impl Class {
    /// `schema`, `runtime` or `advice`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Class::Schema => "schema",
            Class::Runtime => "runtime",
            Class::Advice => "advice",
        }
    }

    /// Its place among the classes, for tables of them.
    const fn index(self) -> usize {
        match self {
            Class::Schema => 0,
            Class::Runtime => 1,
            Class::Advice => 2,
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a problem is; serializes as `error`, `warning` or `note`.
///
/// ```
/// use pyroql::perses::Severity;
/// assert!(Severity::Error < Severity::Warning);
/// assert_eq!(Severity::Note.to_string(), "note");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// It fails: `lint` exits 1.
    Error,
    /// It works, but not as the author likely meant; `lint --deny-warnings` exits 1.
    Warning,
    /// Information that never fails a run.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// A Pyroscope endpoint whose answer a diagnostic quotes; `Display` and the serde form are its
/// path.
///
/// ```
/// use pyroql::perses::Endpoint;
/// assert_eq!(Endpoint::SelectMergeStacktraces.to_string(), "/querier.v1.QuerierService/SelectMergeStacktraces");
/// # #[cfg(feature = "serde")]
/// assert_eq!(serde_json::to_string(&Endpoint::Render).unwrap(), r#""/pyroscope/render""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Endpoint {
    /// `/pyroscope/render`: the HTTP API the shipped plugin calls.
    #[serde(rename = "/pyroscope/render")]
    Render,
    /// `/querier.v1.QuerierService/SelectMergeStacktraces`: the Connect API, which takes the
    /// profile type and the label selector apart.
    #[serde(rename = "/querier.v1.QuerierService/SelectMergeStacktraces")]
    SelectMergeStacktraces,
}

impl Endpoint {
    /// The endpoint's path.
    ///
    /// ```
    /// assert_eq!(pyroql::perses::Endpoint::Render.path(), "/pyroscope/render");
    /// ```
    pub const fn path(self) -> &'static str {
        match self {
            Endpoint::Render => "/pyroscope/render",
            Endpoint::SelectMergeStacktraces => "/querier.v1.QuerierService/SelectMergeStacktraces",
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// One problem, at a value of the document.
///
/// `Display` writes `LINE:COL: SEVERITY: CLASS: PATH: MESSAGE`; the serde form (what
/// `lint --format json` prints, with `file` added) has the fields `line`, `column`, `path`,
/// `severity`, `class`, `message`, and, when they apply, `endpoint` (the Pyroscope path whose
/// answer the message quotes) and `fix` (the shipped spec that replaces a documented one). It
/// reads back as it was written.
///
/// ```
/// use pyroql::perses::{Class, Diagnostic, Endpoint, Severity};
/// let lint = pyroql::perses::lint(r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "service": "api", "filters": [{"labelName": "service.version", "operator": "=", "labelValue": "1"}]}}"#).unwrap();
/// let d = &lint.diagnostics[0];
/// assert_eq!((d.severity, d.class, d.endpoint), (Severity::Error, Class::Runtime, Some(Endpoint::Render)));
/// assert_eq!(d.path, "spec.filters[0].labelName");
/// let json = serde_json::to_string(d).unwrap();
/// assert!(json.starts_with(r#"{"line":1,"column":150,"path":"spec.filters[0].labelName","severity":"error","class":"runtime","message":"#), "{json}");
/// assert_eq!(&serde_json::from_str::<Diagnostic>(&json).unwrap(), d);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The line of the offending value, from 1.
    pub line: u32,
    /// Its column, from 1, in characters.
    pub column: u32,
    /// Its path in the document, such as `spec.plugin.spec.filters[1].operator`.
    pub path: String,
    /// Error, warning or note.
    pub severity: Severity,
    /// Who objects.
    pub class: Class,
    /// What is wrong, and what is allowed.
    pub message: String,
    /// The Pyroscope endpoint whose answer the message quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// For the documented `query`: the shipped spec that replaces the plugin spec holding it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<PyroscopeProfileQuerySpec>>,
}

impl Diagnostic {
    /// Where the offending value starts.
    ///
    /// ```
    /// let lint = pyroql::perses::lint("kind: Dashboard\nspec: {}\n").unwrap();
    /// assert_eq!(lint.diagnostics.len(), 0);
    /// let lint = pyroql::perses::lint("hello: world\n").unwrap();
    /// assert_eq!(lint.diagnostics[0].location(), pyroql::perses::Location { line: 1, column: 1 });
    /// ```
    pub fn location(&self) -> Location {
        Location {
            line: self.line,
            column: self.column,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}: {}: {}",
            self.line,
            self.column,
            self.severity,
            self.class,
            crate::report::one_line(&self.path),
            crate::report::one_line(&self.message)
        )
    }
}

/// A path in a document: `spec.plugin.spec.filters[1]`; `Display` writes it, `(document)` for
/// the root.
///
/// ```
/// use pyroql::perses::Path;
/// let path = Path::root("documents[1]").key("spec").key("filters").index(0).key("label name");
/// assert_eq!(path.to_string(), r#"documents[1].spec.filters[0]["label name"]"#);
/// assert_eq!(Path::root("").to_string(), "(document)");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(String);

impl Path {
    /// The path of a document's root, with an optional prefix (`documents[1]`).
    pub fn root(prefix: &str) -> Path {
        Path(prefix.to_owned())
    }

    /// The root of document `index` of `count` read from one text, as [`lint`](super::lint())
    /// names it: `documents[1]`, or no prefix for a text of one document.
    ///
    /// ```
    /// use pyroql::perses::Path;
    /// assert_eq!(Path::document(1, 3).key("spec").to_string(), "documents[1].spec");
    /// assert_eq!(Path::document(0, 1).key("spec").to_string(), "spec");
    /// ```
    pub fn document(index: usize, count: usize) -> Path {
        if count > 1 {
            Path(format!("documents[{index}]"))
        } else {
            Path::default()
        }
    }

    /// The path of `key` below this one.
    pub fn key(&self, key: &str) -> Path {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let mut path = self.0.clone();
        if plain {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        } else {
            path.push_str(&format!("[{key:?}]"));
        }
        Path(path)
    }

    /// The path of item `index` below this one.
    pub fn index(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(document)")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// `text`, shortened as [`crate::report::bounded`] shortens it: kept as it is when short enough.
fn bounded(text: String) -> String {
    match crate::report::bounded(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(shortened) => shortened,
    }
}

/// The problems found so far in a file, in the order the walk found them; validation adds to
/// them, [`lint`](super::lint()) hands them on sorted.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    list: Vec<Diagnostic>,
    /// The errors of each class so far, by [`Class::index`]: asked for before and after each
    /// resource, so that counting the list instead would take time quadratic in the resources.
    errors: [usize; 3],
}

impl Diagnostics {
    pub fn push(
        &mut self,
        severity: Severity,
        class: Class,
        path: &Path,
        at: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        if severity == Severity::Error {
            self.errors[class.index()] += 1;
        }
        // A message or a path may quote the document, whose values may be megabytes long.
        self.list.push(Diagnostic {
            line: at.line,
            column: at.column,
            path: bounded(path.to_string()),
            severity,
            class,
            message: bounded(message.into()),
            endpoint: None,
            fix: None,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    pub fn error(
        &mut self,
        class: Class,
        path: &Path,
        at: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Error, class, path, at, message)
    }

    pub fn warning(
        &mut self,
        class: Class,
        path: &Path,
        at: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Warning, class, path, at, message)
    }

    /// How many errors of `class` there are so far.
    pub fn errors_of(&self, class: Class) -> usize {
        self.errors[class.index()]
    }

    /// All of them, by line and column (a stable sort: at one place, in the order found).
    pub fn in_document_order(mut self) -> Vec<Diagnostic> {
        self.list.sort_by_key(|d| (d.line, d.column));
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_document() {
        let p = Path::root("")
            .key("spec")
            .key("filters")
            .index(1)
            .key("operator");
        assert_eq!(p.to_string(), "spec.filters[1].operator");
        assert_eq!(Path::root("").key("a b").to_string(), "[\"a b\"]");
        assert_eq!(Path::root("").to_string(), "(document)");
    }

    #[test]
    fn errors_are_counted_by_class() {
        let mut diagnostics = Diagnostics::default();
        let at = Location { line: 1, column: 1 };
        let path = Path::root("");
        diagnostics.error(Class::Schema, &path, at, "a");
        diagnostics.warning(Class::Schema, &path, at, "b");
        diagnostics.error(Class::Runtime, &path, at, "c");
        diagnostics.error(Class::Schema, &path, at, "d");
        diagnostics.push(Severity::Note, Class::Advice, &path, at, "e");
        assert_eq!(diagnostics.errors_of(Class::Schema), 2);
        assert_eq!(diagnostics.errors_of(Class::Runtime), 1);
        assert_eq!(diagnostics.errors_of(Class::Advice), 0);
        assert_eq!(diagnostics.in_document_order().len(), 5);
    }

    #[test]
    fn diagnostics_print_as_text_and_json() {
        let mut diagnostics = Diagnostics::default();
        diagnostics
            .error(
                Class::Runtime,
                &Path::root("").key("spec"),
                Location { line: 3, column: 7 },
                "no",
            )
            .endpoint = Some(Endpoint::Render);
        let d = &diagnostics.list[0];
        assert_eq!(d.to_string(), "3:7: error: runtime: spec: no");
        let json = serde_json::to_string(d).unwrap();
        assert_eq!(
            json,
            r#"{"line":3,"column":7,"path":"spec","severity":"error","class":"runtime","message":"no","endpoint":"/pyroscope/render"}"#
        );
        assert_eq!(&serde_json::from_str::<Diagnostic>(&json).unwrap(), d);
        let bare =
            r#"{"line":1,"column":1,"path":"","severity":"note","class":"advice","message":"m"}"#;
        let read: Diagnostic = serde_json::from_str(bare).unwrap();
        assert_eq!((read.endpoint, &read.fix), (None, &None));
        assert_eq!(serde_json::to_string(&read).unwrap(), bare);
    }
}
