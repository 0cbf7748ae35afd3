//! The command line as clap reads it: one variant per command, each with only its own options.
//! The help pages, the completions and the man page are all made from these definitions.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Parse, format and check Pyroscope profile queries (label selectors)";

const LONG_ABOUT: &str = "\
Parse, format and check Pyroscope profile queries (label selectors) exactly as Pyroscope's
server does, resolve profile-type names, match label sets and lint Perses dashboards.";

const AFTER_HELP: &str = "\
Queries come from the arguments, from files (--file PATH, repeatable) and from standard
input (-, or when none is given), one per line. Each problem is reported on standard error as
SOURCE:LINE:COL: MESSAGE, where SOURCE is the file, <stdin> or <argN>. For a query that does
not parse, MESSAGE is Pyroscope's own L:C: parse error: ... line, and a drawing of the query
with a caret under the problem follows. With --format json, results and problems are JSON
lines on standard output.

Exit status: 0 when every input passed, 1 when any failed (the others are still processed),
2 for a usage error or an input that cannot be read.

Examples:
  pyroql check '{service_name=\"api\"}'
  pyroql fmt --file queries.txt
  pyroql check --format json --file queries.txt
  pyroql fmt --help";

/// `pyroql`: the command and its options.
#[derive(Debug, Parser)]
#[command(
    name = "pyroql",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    subcommand_required = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the syntax tree of each query
    #[command(after_help = PARSE_HELP)]
    Parse(ParseArgs),
    /// Print each query in canonical form, or check that it is (--check)
    #[command(after_help = FMT_HELP)]
    Fmt(FmtArgs),
    /// Check each query as Pyroscope's server would; print nothing for good ones
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Print the full profile-type ID each name stands for
    #[command(after_help = RESOLVE_HELP)]
    Resolve(ResolveArgs),
    /// Print whether the selector matches each label set
    #[command(after_help = MATCH_HELP)]
    Match(MatchArgs),
    /// Check the Pyroscope datasources and queries of Perses files (YAML or JSON)
    #[command(after_help = LINT_HELP)]
    Lint(LintArgs),
    /// Print the completion script for a shell
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the man page, or write one per command into a directory
    #[command(after_help = MAN_HELP)]
    Man(ManArgs),
}

/// Where the queries (names, label sets) come from.
#[derive(Debug, Clone, Args)]
pub struct Files {
    /// Read from PATH, one per line (repeatable; - for standard input)
    #[arg(verbatim_doc_comment, short = 'f', long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

/// Where the selectors of `parse`, `fmt` and `check` come from: the arguments, and files.
#[derive(Debug, Clone, Args)]
pub struct Queries {
    /// The queries (- for standard input)
    #[arg(verbatim_doc_comment, value_name = "QUERY")]
    pub queries: Vec<OsString>,
    #[command(flatten)]
    pub files: Files,
}

/// How results and problems are written: every command but the generators takes these.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Output")]
pub struct FormatArgs {
    /// Write text, or one JSON object per line (problems too)
    #[arg(verbatim_doc_comment, long, value_enum, value_name = "FORMAT", default_value_t = Format::Text)]
    pub format: Format,
    /// Report no problems; the exit status alone tells
    #[arg(verbatim_doc_comment, short, long)]
    pub quiet: bool,
}

/// The output options of the commands that draw their own reports: those of [`FormatArgs`],
/// and colour.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    #[command(flatten)]
    pub written: FormatArgs,
    /// When to colour reports: auto, always or never
    ///
    /// auto: when standard error is a terminal, NO_COLOR is unset or empty, and TERM is not
    /// dumb.
    #[arg(verbatim_doc_comment, long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct ParseArgs {
    #[command(flatten)]
    pub input: Queries,
    /// Also apply PromQL's ParseExpr checks
    ///
    /// Pyroscope does not apply them: a non-empty matcher; the metric name set once.
    #[arg(verbatim_doc_comment, long)]
    pub strict: bool,
    /// The same as --format json
    #[arg(verbatim_doc_comment, long, conflicts_with = "format")]
    pub json: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

const PARSE_HELP: &str = "\
Text output names each part with its line and column in the query; JSON output is the
selector as serde writes it, plus profile_type_parts when it names a valid profile type.

Examples:
  pyroql parse 'cpu{service_name=\"api\", env=~\"prod|staging\"}'
  pyroql parse --format json --file queries.txt";

#[derive(Debug, Clone, Args)]
pub struct FmtArgs {
    #[command(flatten)]
    pub input: Queries,
    /// Sort the matchers in Prometheus' order
    ///
    /// Rather than keeping them in source order.
    #[arg(verbatim_doc_comment, long, conflicts_with = "normalize")]
    pub sort: bool,
    /// Write the normalized form: one per meaning
    ///
    /// Literal regexes as =, match-all matchers and duplicates dropped, matchers sorted,
    /// the profile type before the braces.
    #[arg(verbatim_doc_comment, long)]
    pub normalize: bool,
    /// List the queries not in that form, on standard output (exit status 1)
    ///
    /// Nothing for a query already in that form; for each other one,
    /// SOURCE:LINE:1: not canonical; fmt writes QUERY
    #[arg(verbatim_doc_comment, long)]
    pub check: bool,
    /// Also apply PromQL's ParseExpr checks
    ///
    /// Pyroscope does not apply them: a non-empty matcher; the metric name set once.
    #[arg(verbatim_doc_comment, long)]
    pub strict: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

const FMT_HELP: &str = "\
The canonical form is what Pyroscope prints: source order, no spaces, names quoted only when
needed, values in Go's quoting. Queries that do not parse are reported and skipped.

Examples:
  pyroql fmt '{ service_name = \"api\", env =~ \"prod|staging\" }'
  pyroql fmt --normalize '{env=~\"prod\", __name__=\"cpu\"}'
  pyroql fmt --check --file queries.txt";

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: Queries,
    /// Also apply PromQL's ParseExpr checks
    ///
    /// Pyroscope does not apply them: a non-empty matcher; the metric name set once.
    #[arg(verbatim_doc_comment, long)]
    pub strict: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

const CHECK_HELP: &str = "\
Regular expressions are checked with Go's rules, as Prometheus compiles them while it parses.

Examples:
  pyroql check '{service.name=\"api\"}'
  pyroql check --file queries.txt --file more.txt
  generate-queries | pyroql check --format json";

#[derive(Debug, Clone, Args)]
pub struct ResolveArgs {
    /// The names (- for standard input)
    ///
    /// Full IDs, picker labels (memory/alloc_space), legacy names (alloc_space) or group
    /// words (cpu).
    #[arg(verbatim_doc_comment, value_name = "NAME")]
    pub names: Vec<OsString>,
    #[command(flatten)]
    pub files: Files,
    /// The profile types the server reports, to choose among candidates
    ///
    /// FILE holds the JSON answer of /querier.v1.QuerierService/ProfileTypes, or one ID per
    /// line.
    #[arg(verbatim_doc_comment, long, value_name = "FILE", value_parser = read_available)]
    pub available: Option<pyroql::profile_type::Available>,
    /// Say what each name matched, its candidates and why one was chosen
    ///
    /// With --format json: the fields candidates and explanation.
    #[arg(verbatim_doc_comment, long)]
    pub explain: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

const RESOLVE_HELP: &str = "\
Examples:
  pyroql resolve cpu memory/alloc_space goroutines
  pyroql resolve --available profile-types.json --explain memory";

/// The longest `--available` file read: 64 MiB, far more than any server's list of profile
/// types.
const AVAILABLE_LIMIT: usize = 64 << 20;

/// Reads the server's profile types from the file `path`.
fn read_available(path: &str) -> Result<pyroql::profile_type::Available, String> {
    let bytes = std::fs::File::open(path)
        .and_then(|file| super::input::read_at_most(file, AVAILABLE_LIMIT))
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() > AVAILABLE_LIMIT {
        let limit = AVAILABLE_LIMIT >> 20;
        return Err(format!("cannot read it: it is larger than {limit} MiB"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!(
            "cannot read it: byte {at} (0x{:02X}) is not UTF-8",
            e.as_bytes()[at]
        )
    })?;
    pyroql::profile_type::Available::from_text(&text).map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Args)]
pub struct MatchArgs {
    /// The selector
    #[arg(verbatim_doc_comment, value_name = "SELECTOR")]
    pub selector: OsString,
    /// The label sets (- for standard input)
    ///
    /// Written like selectors with = only: {service_name="api"}.
    #[arg(verbatim_doc_comment, value_name = "LABELS")]
    pub labels: Vec<OsString>,
    #[command(flatten)]
    pub files: Files,
    #[command(flatten)]
    pub output: OutputArgs,
}

const MATCH_HELP: &str = "\
Prints true or false for each label set, with Prometheus' semantics: an absent label is \"\",
regexes are RE2, anchored. The exit status is 1 when any label set does not match.

Examples:
  pyroql match '{service_name=\"api\", env=~\"prod|staging\"}' '{service_name=\"api\",env=\"prod\"}'
  pyroql match '{env!=\"dev\"}' --file label-sets.txt";

#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// The Perses files (- for standard input)
    ///
    /// Dashboards, datasources, lists of resources, several YAML documents.
    #[arg(verbatim_doc_comment, value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Print each query's selector and the render requests made for it
    ///
    /// The normalized selector pyroql runs, pyroql's render request and the shipped
    /// plugin's (with no time range: from=now-1h).
    #[arg(verbatim_doc_comment, long)]
    pub explain: bool,
    /// Warnings fail the run too (exit status 1)
    #[arg(verbatim_doc_comment, long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

const LINT_HELP: &str = "\
Each problem is one line, FILE:LINE:COL: SEVERITY: CLASS: PATH: MESSAGE, or with --format
json one object with file, line, column, path, severity, class, message, and endpoint and fix
when they apply. The exit status is 1 when any file has an error or cannot be read (with
--deny-warnings, a warning too).

Examples:
  pyroql lint dashboards/*.yaml
  pyroql lint --format json --deny-warnings dashboard.json";

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(verbatim_doc_comment, value_enum)]
    pub shell: clap_complete::Shell,
}

const COMPLETIONS_HELP: &str = "\
Examples:
  pyroql completions bash > ~/.local/share/bash-completion/completions/pyroql
  pyroql completions zsh > ~/.zfunc/_pyroql
  pyroql completions fish > ~/.config/fish/completions/pyroql.fish";

#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write pyroql.1 and pyroql-COMMAND.1 for each command into DIR instead
    #[arg(verbatim_doc_comment, long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

const MAN_HELP: &str = "\
Examples:
  pyroql man > pyroql.1
  pyroql man --dir ~/.local/share/man/man1";
