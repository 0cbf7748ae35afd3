//! `pyroql`: parse, format and check Pyroscope label selectors from the command line.

use std::ffi::OsString;
use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use pyroql::{ParseError, Position, Selector};

const USAGE: &str = "\
pyroql: parse, format and check Pyroscope profile queries (label selectors)

Usage:
  pyroql parse [--json] [--strict] [QUERY]...   print each query's syntax tree
  pyroql fmt [--sort|--normalize] [--strict] [QUERY]...
                                                print each query in canonical form
  pyroql check [--strict] [QUERY]...            print nothing for good queries
  pyroql resolve [--available FILE] [--explain] NAME...
                                                print the full profile-type ID each name stands for
  pyroql match SELECTOR [LABELS]...             print true or false for each label set
  pyroql lint [--explain] FILE...               check the Pyroscope datasources and queries of
                                                Perses files (YAML or JSON; - for stdin)

With no QUERY (NAME, LABELS), each command reads one per line from standard input.

Options:
  --json     parse: one JSON object per query, one per line
  --sort     fmt: sort the matchers (Prometheus' order) instead of keeping source order
  --normalize
             fmt: the normalized form: literal regexes as =, match-all matchers dropped,
             duplicates dropped, matchers sorted, the profile type before the braces
  --strict   also apply PromQL's ParseExpr checks (a non-empty matcher; the metric name set once)
  --available FILE
             resolve: the profile types the server reports, to choose among candidates: the
             JSON answer of /querier.v1.QuerierService/ProfileTypes, or one ID per line
  --explain  resolve: say what each name matched, its candidates and why one was chosen;
             lint: print each query's normalized selector and the render request it makes
  -h, --help     print this help
  -V, --version  print the version

Errors go to standard error: Pyroscope's own error line, then the query with a caret under the
problem. Exit status: 0 when every query parsed (every label set matched), 1 when any did not,
2 on a usage error. A label set is written like a selector with = only: {service_name=\"api\"}.
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Command {
    Parse,
    Fmt,
    Check,
    Resolve,
    Match,
    Lint,
}

struct Options {
    command: Command,
    json: bool,
    sort: bool,
    normalize: bool,
    strict: bool,
    explain: bool,
    available: Option<pyroql::Available>,
    /// Queries, names, label sets or files: bytes, as the shell gave them.
    queries: Vec<OsString>,
}

fn main() -> ExitCode {
    // Arguments are bytes, which need not be UTF-8: a query that is not fails as Prometheus
    // fails it.
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(Some(options)) => options,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pyroql: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A closed stdout (`pyroql fmt | head`) ends the run quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pyroql: {e}");
            ExitCode::from(2)
        }
    }
}

/// The options, or `None` when help or the version was printed.
fn parse_args(args: &[OsString]) -> Result<Option<Options>, String> {
    let Some(first) = args.first() else {
        return Err("no command given".into());
    };
    let first = first.to_string_lossy();
    let command = match &*first {
        "parse" => Command::Parse,
        "fmt" => Command::Fmt,
        "check" => Command::Check,
        "resolve" => Command::Resolve,
        "match" => Command::Match,
        "lint" => Command::Lint,
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            return Ok(None);
        }
        "-V" | "--version" => {
            println!("pyroql {}", env!("CARGO_PKG_VERSION"));
            return Ok(None);
        }
        other => return Err(format!("unknown command {other:?}")),
    };
    let mut options = Options {
        command,
        json: false,
        sort: false,
        normalize: false,
        strict: false,
        explain: false,
        available: None,
        queries: Vec::new(),
    };
    let mut rest = args[1..].iter();
    while let Some(os_arg) = rest.next() {
        let arg = os_arg.to_string_lossy();
        match &*arg {
            "--json" if command == Command::Parse => options.json = true,
            "--sort" if command == Command::Fmt => options.sort = true,
            "--normalize" if command == Command::Fmt => options.normalize = true,
            "--strict" if !matches!(command, Command::Resolve | Command::Lint) => {
                options.strict = true
            }
            "--explain" if matches!(command, Command::Resolve | Command::Lint) => {
                options.explain = true
            }
            "--available" if command == Command::Resolve => {
                let path = rest
                    .next()
                    .ok_or_else(|| "--available needs a FILE".to_owned())?;
                options.available = Some(read_available(std::path::Path::new(path))?);
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "--" => {
                options.queries.extend(rest.by_ref().cloned());
            }
            "-" if command == Command::Lint => options.queries.push(os_arg.clone()),
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option {flag:?} for {first}"));
            }
            _ => options.queries.push(os_arg.clone()),
        }
    }
    if options.sort && options.normalize {
        return Err("--sort and --normalize do not go together: --normalize sorts".into());
    }
    if command == Command::Match && options.queries.is_empty() {
        return Err("match needs a SELECTOR".into());
    }
    if command == Command::Lint && options.queries.is_empty() {
        return Err("lint needs a FILE (- for standard input)".into());
    }
    Ok(Some(options))
}

/// Reads the server's profile types from `path`.
fn read_available(path: &std::path::Path) -> Result<pyroql::Available, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    pyroql::Available::from_text(&text).map_err(|e| format!("{shown}: {e}"))
}

/// Runs the command over every query; `Ok(true)` when all of them parsed.
fn run(options: &Options) -> io::Result<bool> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if options.command == Command::Lint {
        let mut all_ok = true;
        for file in &options.queries {
            all_ok &= lint(std::path::Path::new(file), options.explain, &mut out)?;
        }
        out.flush()?;
        return Ok(all_ok);
    }
    let mut all_ok = true;
    let arguments: Vec<Vec<u8>> = options
        .queries
        .iter()
        .map(|q| q.clone().into_encoded_bytes())
        .collect();
    let mut inputs = arguments.as_slice();
    let mut matcher = None;
    if options.command == Command::Match {
        let query = &inputs[0];
        inputs = &inputs[1..];
        match compile(query) {
            Some(compiled) => matcher = Some(compiled),
            None => return Ok(false),
        }
    }
    let each = |input: &[u8], label: Option<&str>, out: &mut io::BufWriter<io::StdoutLock<'_>>| {
        match &matcher {
            Some(compiled) => match_labels(compiled, input, label, out),
            None => handle(options, input, label, out),
        }
    };
    if inputs.is_empty() {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut line = Vec::new();
        let mut number = 0;
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            number += 1;
            let label = format!("stdin line {number}");
            all_ok &= each(trim_line_end(&line), Some(&label), &mut out)?;
        }
    } else {
        let several = inputs.len() > 1;
        for (i, query) in inputs.iter().enumerate() {
            let label = several.then(|| format!("query {}", i + 1));
            all_ok &= each(query, label.as_deref(), &mut out)?;
        }
    }
    out.flush()?;
    Ok(all_ok)
}

/// Lints one file (`-`: standard input); `Ok(false)` when it has errors or cannot be read.
fn lint(path: &std::path::Path, explain: bool, out: &mut impl Write) -> io::Result<bool> {
    use pyroql::perses::{base_url, DatasourceMatch};
    let file = path.display();
    let text = if path == std::path::Path::new("-") {
        let mut text = String::new();
        io::Read::read_to_string(&mut io::stdin(), &mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            writeln!(out, "{file}: error: cannot read: {e}")?;
            return Ok(false);
        }
    };
    let lint = match pyroql::perses::lint(&text) {
        Ok(lint) => lint,
        Err(e) => {
            writeln!(out, "{file}: error: {e}")?;
            return Ok(false);
        }
    };
    for diagnostic in &lint.diagnostics {
        writeln!(out, "{file}:{diagnostic}")?;
    }
    if explain {
        for query in &lint.queries {
            let Some(spec) = &query.spec else { continue };
            let executed = match spec.execute(None) {
                Ok(executed) => executed,
                Err(e) => {
                    writeln!(out, "{file}:{}: cannot run: {e}", query.path)?;
                    continue;
                }
            };
            let normal = pyroql::profile_type::query::render_query(
                &executed.profile_type,
                &executed.selector.normalize(),
            );
            writeln!(out, "{file}:{}: query: {normal}", query.path)?;
            let request = match &query.datasource {
                DatasourceMatch::Found(i) => {
                    let ds = &lint.datasources[*i];
                    match ds
                        .spec
                        .as_ref()
                        .map(|spec| base_url(spec, ds.name.as_deref(), ds.scope.as_ref()))
                    {
                        Some(Ok(base)) => {
                            format!("GET {}", executed.render_url(&base, "now-1h", "now"))
                        }
                        Some(Err(e)) => format!("none: {e}"),
                        None => format!("none: the datasource at {} is not valid", ds.path),
                    }
                }
                DatasourceMatch::Variable(variable) => format!(
                    "none: the datasource is the variable {variable}, set when the dashboard runs"
                ),
                DatasourceMatch::NotInFile => {
                    "none: the file does not hold the datasource it selects".to_owned()
                }
            };
            writeln!(out, "{file}:{}: render: {request}", query.path)?;
        }
    }
    Ok(!lint.has_errors())
}

/// Parses and compiles the selector of `match`; `None` after reporting why it cannot be.
fn compile(query: &[u8]) -> Option<pyroql::matching::CompiledSelector> {
    let selector = match pyroql::parse_bytes(query) {
        Ok(selector) => selector,
        Err(error) => {
            report(query, Some("selector"), &error);
            return None;
        }
    };
    match pyroql::matching::CompiledSelector::new(&selector) {
        Ok(compiled) => Some(compiled),
        Err(error) => {
            eprintln!("pyroql: {error}");
            None
        }
    }
}

/// Matches one label set; `Ok(false)` when it does not match or does not parse.
fn match_labels(
    compiled: &pyroql::matching::CompiledSelector,
    text: &[u8],
    label: Option<&str>,
    out: &mut impl Write,
) -> io::Result<bool> {
    let Ok(text) = std::str::from_utf8(text) else {
        out.flush()?;
        eprintln!(
            "{}: a label set must be UTF-8 text",
            label.unwrap_or("pyroql")
        );
        return Ok(false);
    };
    match pyroql::matching::Labels::parse(text) {
        Ok(labels) => {
            let matched = compiled.matches(&labels);
            writeln!(out, "{matched}")?;
            Ok(matched)
        }
        Err(error) => {
            out.flush()?;
            match (label, &error) {
                (_, pyroql::matching::LabelsError::Parse(parse)) => {
                    report(text.as_bytes(), label, parse)
                }
                (Some(label), _) => eprintln!("{label}: {error}"),
                (None, _) => eprintln!("pyroql: {error}"),
            }
            Ok(false)
        }
    }
}

/// The line without its `\n` or `\r\n` ending.
fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Processes one query; `Ok(false)` when it did not parse (the error is on stderr).
fn handle(
    options: &Options,
    query: &[u8],
    label: Option<&str>,
    out: &mut impl Write,
) -> io::Result<bool> {
    if options.command == Command::Resolve {
        let Ok(name) = std::str::from_utf8(query) else {
            out.flush()?;
            eprintln!("pyroql: a profile-type name must be UTF-8 text");
            return Ok(false);
        };
        return resolve(options, name, out);
    }
    let parsed = pyroql::parse_bytes(query).and_then(|selector| {
        if !options.strict {
            return Ok(selector);
        }
        // The strict checks look at the selector only; the text matters for the position.
        match selector.strict_violation() {
            Some(violation) => Err(violation.into_parse_error_bytes(query)),
            None => Ok(selector),
        }
    });
    match parsed {
        Ok(selector) => {
            write_result(options, query, &selector, out)?;
            Ok(true)
        }
        Err(error) => {
            // Keep stdout and stderr in step for a reader of both.
            out.flush()?;
            report(query, label, &error);
            Ok(false)
        }
    }
}

/// Resolves one name; `Ok(false)` when it does not resolve (the error, which names it, is on
/// stderr).
fn resolve(options: &Options, name: &str, out: &mut impl Write) -> io::Result<bool> {
    match pyroql::resolve(name, options.available.as_ref()) {
        Ok(resolution) if options.explain => {
            writeln!(out, "{resolution}")?;
            Ok(true)
        }
        Ok(resolution) => {
            writeln!(out, "{}", resolution.id)?;
            Ok(true)
        }
        Err(error) => {
            out.flush()?;
            eprintln!("pyroql: {error}");
            Ok(false)
        }
    }
}

/// What `parse --json` prints for a query: the selector, plus the parts of its profile type when
/// it names a valid one.
#[derive(serde::Serialize)]
struct ParseOutput<'s, 'a> {
    #[serde(flatten)]
    selector: &'s Selector<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile_type_parts: Option<pyroql::ProfileTypeParts<'s>>,
}

fn write_result(
    options: &Options,
    query: &[u8],
    selector: &Selector<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    match options.command {
        Command::Check | Command::Resolve | Command::Match | Command::Lint => Ok(()),
        Command::Fmt if options.sort => writeln!(out, "{}", selector.sorted()),
        Command::Fmt if options.normalize => writeln!(out, "{}", selector.normalize()),
        Command::Fmt => writeln!(out, "{selector}"),
        Command::Parse if options.json => {
            let profile_type = selector.profile_type().ok();
            let output = ParseOutput {
                selector,
                profile_type_parts: profile_type.as_ref().map(|pt| pt.parts()),
            };
            serde_json::to_writer(&mut *out, &output)?;
            writeln!(out)
        }
        Command::Parse => write_tree(query, selector, out),
    }
}

/// The syntax tree as indented text, with each part's line and column.
fn write_tree(query: &[u8], selector: &Selector<'_>, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "selector {selector}")?;
    match selector.identifier() {
        Some(id) => writeln!(
            out,
            "  profile_type {:?} ({})",
            id.as_str(),
            Position::of_bytes(query, id.span.start)
        )?,
        None => writeln!(out, "  profile_type none")?,
    }
    for matcher in selector {
        writeln!(
            out,
            "  matcher name={:?} op=\"{}\" value={:?} ({})",
            matcher.name,
            matcher.op,
            matcher.value,
            Position::of_bytes(query, matcher.spans.full().start)
        )?;
    }
    Ok(())
}

fn report(query: &[u8], label: Option<&str>, error: &ParseError) {
    let mut err = io::stderr().lock();
    // Nothing sensible is left to do when stderr itself fails.
    if let Some(label) = label {
        let _ = writeln!(err, "{label}:");
    }
    let _ = writeln!(err, "{}", error.report_bytes(query));
}
