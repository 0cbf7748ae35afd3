//! Diagnostics as a CI linter reports them: a class (who refuses), a severity, the line and
//! column of the offending value, its path in the document, and a message.

use std::fmt;

use serde::Serialize;

use super::model::PyroscopeProfileQuerySpec;
use super::node::Location;

/// Who objects to a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

/// The Pyroscope endpoints whose answers diagnostics quote.
pub mod endpoint {
    /// The HTTP API the shipped plugin calls.
    pub const RENDER: &str = "/pyroscope/render";
    /// The Connect API that takes the profile type and the label selector apart.
    pub const SELECT_MERGE_STACKTRACES: &str = "/querier.v1.QuerierService/SelectMergeStacktraces";
}

/// One problem, at a value of the document.
///
/// `Display` writes `LINE:COL: SEVERITY: CLASS: PATH: MESSAGE`; the serde form (what
/// `lint --format json` prints, with `file` added) has the fields `line`, `column`, `path`,
/// `severity`, `class`, `message`, and, when they apply, `endpoint` (the Pyroscope path whose
/// answer the message quotes) and `fix` (the shipped spec that replaces a documented one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<&'static str>,
    /// For the documented `query`: the shipped spec that replaces the plugin spec holding it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<PyroscopeProfileQuerySpec>>,
}

impl Diagnostic {
    /// Where the offending value starts.
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
            self.line, self.column, self.severity, self.class, self.path, self.message
        )
    }
}

/// A path in a document: `spec.plugin.spec.filters[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(String);

impl Path {
    /// The path of a document's root, with an optional prefix (`documents[1]`).
    pub fn root(prefix: &str) -> Path {
        Path(prefix.to_owned())
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

/// Collects diagnostics.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(
        &mut self,
        severity: Severity,
        class: Class,
        path: &Path,
        at: Location,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            line: at.line,
            column: at.column,
            path: path.to_string(),
            severity,
            class,
            message: message.into(),
            endpoint: None,
            fix: None,
        });
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
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
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.class == class)
            .count()
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
    fn diagnostics_print_as_text_and_json() {
        let mut report = Report::default();
        report
            .error(
                Class::Runtime,
                &Path::root("").key("spec"),
                Location { line: 3, column: 7 },
                "no",
            )
            .endpoint = Some(endpoint::RENDER);
        let d = &report.diagnostics[0];
        assert_eq!(d.to_string(), "3:7: error: runtime: spec: no");
        assert_eq!(
            serde_json::to_string(d).unwrap(),
            r#"{"line":3,"column":7,"path":"spec","severity":"error","class":"runtime","message":"no","endpoint":"/pyroscope/render"}"#
        );
    }
}
