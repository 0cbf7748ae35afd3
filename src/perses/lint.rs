//! The `pyroql lint` report: diagnostics as text or JSON lines, the explanation of each query,
//! and the exit decision, for any front end to call.
//!
//! Text: `FILE:LINE:COL: SEVERITY: CLASS: PATH: MESSAGE`, one line per diagnostic, so that
//! editors and CI annotations jump to the value. JSON (`--format json`): one object per line with
//! `file`, `line`, `column`, `path`, `severity` (`error`, `warning`, `note`), `class` (`schema`,
//! `runtime`, `advice`), `message`, and when they apply `endpoint` and `fix` (see
//! [`Diagnostic`]). Files that cannot be read are reported on standard error as
//! `FILE[:LINE:COL]: error: MESSAGE`, standard input as `<stdin>`.
//!
//! ```
//! use pyroql::perses::lint::{report, Format, Options};
//! let text = r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "cpu", "maxNodes": "many"}}"#;
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! let options = Options { format: Format::Text, ..Options::default() };
//! assert!(!report("panel.json", text, &options, &mut out, &mut err).unwrap());
//! let out = String::from_utf8(out).unwrap();
//! assert!(out.starts_with("panel.json:1:78: error: schema: spec.maxNodes: maxNodes must be a number, not \"many\"\n"), "{out}");
//! assert!(err.is_empty());
//! ```

use std::io::{self, Read, Write};

use serde::Serialize;

use super::diagnostic::{Diagnostic, Severity};
use super::document::{lint, DatasourceMatch, Lint};
use super::execute::{base_url, TimeRange};
use super::plugin;

/// How diagnostics are written (see [`render`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// `FILE:LINE:COL: SEVERITY: CLASS: PATH: MESSAGE`.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// What `lint` does (see [`fails`] and the module's example).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Text or JSON.
    pub format: Format,
    /// Warnings fail the run too.
    pub deny_warnings: bool,
    /// Also print each query's normalized selector and the requests pyroql and the shipped
    /// plugin make for it (no time range: `from=now-1h`).
    pub explain: bool,
}

/// The name a file is reported by: `<stdin>` for `-`.
///
/// ```
/// use pyroql::perses::lint::display_name;
/// assert_eq!((display_name("-"), display_name("a.yaml")), ("<stdin>", "a.yaml"));
/// ```
pub fn display_name(file: &str) -> &str {
    if file == "-" {
        "<stdin>"
    } else {
        file
    }
}

/// Lints each file (`-`: standard input) and reports on `out` (diagnostics) and `err` (files
/// that cannot be read); `Ok(true)` when every file passes.
///
/// ```
/// use pyroql::perses::lint::{run, Options};
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let passed = run(&["no/such/file.yaml"], &Options::default(), &mut out, &mut err).unwrap();
/// assert!(!passed);
/// assert!(String::from_utf8(err).unwrap().starts_with("no/such/file.yaml: error: cannot read: "));
/// ```
pub fn run<P: AsRef<std::path::Path>>(
    files: &[P],
    options: &Options,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<bool> {
    let mut passed = true;
    for file in files {
        let file = file.as_ref();
        let shown = file.display().to_string();
        let name = display_name(&shown);
        let text = if file == std::path::Path::new("-") {
            let mut text = String::new();
            io::stdin().read_to_string(&mut text).map(|_| text)
        } else {
            std::fs::read_to_string(file)
        };
        match text {
            Ok(text) => passed &= report(name, &text, options, out, err)?,
            Err(e) => {
                out.flush()?;
                writeln!(err, "{name}: error: cannot read: {e}")?;
                passed = false;
            }
        }
    }
    Ok(passed)
}

/// Lints the text of one file, `name` being how reports name it; `Ok(true)` when it passes
/// (see the module's example).
pub fn report(
    name: &str,
    text: &str,
    options: &Options,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<bool> {
    let found = match lint(text) {
        Ok(found) => found,
        Err(e) => {
            out.flush()?;
            let message = e.kind().to_string();
            let message = crate::report::one_line(&message);
            match e.location() {
                Some(at) => writeln!(err, "{name}:{at}: error: not JSON or YAML: {message}")?,
                None => writeln!(err, "{name}: error: {message}")?,
            }
            return Ok(false);
        }
    };
    for diagnostic in &found.diagnostics {
        writeln!(out, "{}", render(diagnostic, name, options.format))?;
    }
    if options.explain {
        explain(&found, name, options.format, out)?;
    }
    Ok(!found.diagnostics.iter().any(|d| fails(d, options)))
}

#[derive(Serialize)]
struct Record<'a, T: Serialize> {
    file: &'a str,
    #[serde(flatten)]
    item: &'a T,
}

/// One diagnostic as `lint` prints it.
///
/// ```
/// use pyroql::perses::lint::{render, Format};
/// let lint = pyroql::perses::lint("hello: world\n").unwrap();
/// let note = &lint.diagnostics[0];
/// assert!(render(note, "a.yaml", Format::Text).starts_with("a.yaml:1:1: note: advice: (document): no Perses resource here"));
/// assert!(render(note, "a.yaml", Format::Json).starts_with(r#"{"file":"a.yaml","line":1,"column":1,"path":"(document)","severity":"note","class":"advice","message":"#));
/// ```
pub fn render(diagnostic: &Diagnostic, file: &str, format: Format) -> String {
    match format {
        Format::Text => format!("{file}:{diagnostic}"),
        Format::Json => serde_json::to_string(&Record {
            file,
            item: diagnostic,
        })
        .unwrap_or_default(),
    }
}

/// The explanation of one query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Explained {
    line: u32,
    column: u32,
    path: String,
    /// The normalized selector pyroql runs, or why it cannot run.
    query: String,
    /// pyroql's render request, or why there is none.
    render: String,
    /// The shipped plugin's render request, or why there is none.
    plugin: String,
}

fn explain(found: &Lint, name: &str, format: Format, out: &mut impl Write) -> io::Result<()> {
    for query in &found.queries {
        let Some(validated) = &query.validated else {
            continue;
        };
        let base = match &query.datasource {
            DatasourceMatch::Found(i) => {
                let ds = &found.datasources[*i];
                match &ds.spec {
                    Some(spec) => base_url(spec, ds.name.as_deref(), ds.scope.as_ref())
                        .map_err(|e| e.to_string()),
                    None => Err(format!("the datasource at {} is not valid", ds.path)),
                }
            }
            DatasourceMatch::Variable(variable) => Err(format!(
                "the datasource is the variable {variable}, set when the dashboard runs"
            )),
            DatasourceMatch::NotInFile => {
                Err("the file does not hold the datasource it selects".to_owned())
            }
        };
        let range = TimeRange::Unset;
        let (query_text, render) = match validated.execute() {
            Ok(executed) => {
                let normal = crate::profile_type::render_query(
                    &executed.profile_type,
                    &executed.selector.normalize(),
                );
                let render = match &base {
                    Ok(base) => format!("GET {}", executed.render_request(base, &range)),
                    Err(why) => format!("none: {why}"),
                };
                (normal, render)
            }
            Err(e) => (format!("none: {e}"), format!("none: {e}")),
        };
        let plugin = match &base {
            Ok(base) => format!("GET {}", plugin::render_url(&validated.spec, base, &range)),
            Err(why) => format!("none: {why}"),
        };
        let explained = Explained {
            line: query.at.line,
            column: query.at.column,
            path: query.path.clone(),
            query: query_text,
            render,
            plugin,
        };
        match format {
            Format::Text => {
                let lead = format!(
                    "{name}:{}:{}: {}",
                    explained.line, explained.column, explained.path
                );
                writeln!(out, "{lead}: query: {}", explained.query)?;
                writeln!(out, "{lead}: render: {}", explained.render)?;
                writeln!(out, "{lead}: plugin: {}", explained.plugin)?;
            }
            Format::Json => {
                let record = Record {
                    file: name,
                    item: &explained,
                };
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&record).unwrap_or_default()
                )?;
            }
        }
    }
    Ok(())
}

/// Whether a diagnostic fails a run under `options`: errors always, warnings with
/// `deny_warnings`, notes never.
///
/// ```
/// use pyroql::perses::lint::{fails, Options};
/// let lint = pyroql::perses::lint(r#"{"kind": "PyroscopeProfileQuery", "spec": {"profileType": "cpu"}}"#).unwrap();
/// let warning = &lint.diagnostics[0];
/// assert_eq!(warning.severity, pyroql::perses::Severity::Warning);
/// assert!(!fails(warning, &Options::default()));
/// assert!(fails(warning, &Options { deny_warnings: true, ..Options::default() }));
/// ```
pub fn fails(diagnostic: &Diagnostic, options: &Options) -> bool {
    match diagnostic.severity {
        Severity::Error => true,
        Severity::Warning => options.deny_warnings,
        Severity::Note => false,
    }
}
