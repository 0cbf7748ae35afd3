//! Regex patterns as Prometheus reads them: Go's RE2 syntax (`regexp/syntax` with `Perl` flags,
//! in the `github.com/grafana/regexp` fork Prometheus v3.11.3 uses), Go's limits, and
//! Prometheus' own handling of `=~`/`!~` values (`labels.NewFastRegexMatcher`).
//!
//! - [`check`] answers what Prometheus answers for a pattern: accepted, or Go's error, with
//!   Go's exact message ([`Error::message`]). It builds nothing and, for patterns under 1,000
//!   bytes, allocates nothing.
//! - [`parse`] gives the syntax tree ([`Ast`]) of the patterns [`check`] accepts, each node with
//!   its span.
//!
//! Both are one reading of the pattern by one grammar (nom parsers, one token at a time), which
//! tells what it read to a sink: nothing for `check`, a tree builder for `parse`, and for long
//! patterns a model of Go's parser, which alone can tell when Go's limits on its tree are
//! passed (its height, the size of its compiled program, the runes of its classes).
//!
//! ```
//! use pyroql::regexp;
//! assert!(regexp::check("api|worker|scheduler").is_ok());
//! assert!(regexp::check(r"/users/[0-9]+\.json").is_ok());
//! let err = regexp::check("a**").unwrap_err();
//! assert_eq!(err.message("a**"), "error parsing regexp: invalid nested repetition operator: `**`");
//! ```

mod ast;
mod build;
mod check;
pub(crate) mod class;
mod error;
mod gauge;
mod grammar;
mod literals;
mod model;
mod plain;
mod read;
pub(crate) mod unicode;

pub use ast::{
    Assertion, Ast, BracketClass, ClassItem, ClassItemKind, FlagSet, Flags, Group, GroupKind,
    Literal, Node, NodeId, NodeKind, PerlClass, PerlKind, PosixClass, PosixKind, Repeat, RepeatOp,
    UnicodeClass,
};
pub use build::parse;
pub use check::check;
pub(crate) use check::is_literal_alternation;
pub use error::{Error, ErrorKind};
pub(crate) use literals::literal_alternation;
pub use unicode::{unicode_names, UNICODE_VERSION};

pub(crate) use model::{compiled_tree, go_tree, GoTree, Op as GoOp};
