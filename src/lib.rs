//! pyroql understands Pyroscope profile queries: label selectors such as
//! `process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}`, which Pyroscope's server
//! takes as `labelSelector`, as the `query` of `/pyroscope/render`, and inside Perses dashboards.
//!
//! It parses them into a typed syntax tree that borrows from the text, accepting exactly what
//! Pyroscope's server accepts (Prometheus' `ParseMetricSelector`, with Go's regex rules) and
//! otherwise failing with the server's own message and position; it prints them back in
//! canonical form; and around that it resolves profile types, matches label sets, normalizes
//! and rewrites selectors, and checks Perses files.
//!
//! # Parsing, and errors as Pyroscope gives them
//!
//! [`parse`] gives a [`Selector`]: the [`Identifier`] before the braces (Pyroscope's profile
//! type) and the [`Matcher`]s inside, each with its [`Span`]s. A query that does not parse is a
//! [`ParseError`]: its [`ErrorKind`] to match on, its span, and as `Display` the line
//! Pyroscope's server answers with. [`ParseError::report`] draws it for people. [`Parser`] sets
//! the length limit or checks the syntax alone, [`parse_bytes`] takes bytes that need not be
//! UTF-8, and [`parse_strict`] adds the checks of PromQL's `ParseExpr`.
//!
//! ```
//! use pyroql::{ErrorKind, MatchOp};
//!
//! let selector = pyroql::parse(r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{ service_name = "api", env =~ 'prod|staging' }"#)?;
//! assert_eq!(selector.identifier().unwrap().as_str(), "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
//! let env = selector.find("env").unwrap();
//! assert_eq!((env.op, env.value.as_ref()), (MatchOp::Regex, "prod|staging"));
//!
//! let input = r#"{service.name="api"}"#;
//! let err = pyroql::parse(input).unwrap_err();
//! assert_eq!(err.to_string(), "1:9: parse error: unexpected character inside braces: '.'");
//! assert_eq!(err.kind(), &ErrorKind::CharacterInsideBraces('.'));
//! assert!(err.report(input).to_string().ends_with(
//!     "= hint: a label name with '.' in it must be quoted, as in {\"service.name\"=\"api\"}"
//! ));
//!
//! // Prometheus compiles every pattern while parsing, with Go's rules.
//! assert_eq!(
//!     pyroql::parse(r#"{a=~"("}"#).unwrap_err().to_string(),
//!     "1:2: parse error: error parsing regexp: missing closing ): `(`"
//! );
//! // PromQL's own checks, which Pyroscope does not apply.
//! assert!(pyroql::parse_strict("{}").is_err());
//! # Ok::<(), pyroql::ParseError>(())
//! ```
//!
//! # Printing
//!
//! `Display` writes the canonical form (source order, no spaces, names quoted only when needed,
//! Go's escaping), and parse → print → parse gives back an equal selector.
//! [`Selector::sorted`] prints in Prometheus' sorted order; [`print`](mod@print) writes into any
//! `fmt::Write`. A [`Matcher`] and a [`MatchOp`] print and parse on their own too.
//!
//! ```
//! let selector = pyroql::parse(r#"{ "service.name" = 'api', a !~ `v1\.*` }"#)?;
//! assert_eq!(selector.to_string(), r#"{"service.name"="api",a!~"v1\\.*"}"#);
//! assert_eq!(selector.sorted().to_string(), r#"{"service.name"="api",a!~"v1\\.*"}"#);
//!
//! let matcher: pyroql::Matcher = r#"env =~ "prod|staging""#.parse().unwrap();
//! assert_eq!(matcher.to_string(), r#"env=~"prod|staging""#);
//! # Ok::<(), pyroql::ParseError>(())
//! ```
//!
//! # Profile types
//!
//! [`profile_type`]: Pyroscope's profile-type IDs split into their parts, the one a selector
//! queries ([`Selector::profile_type`]), the [`catalog`](profile_type::catalog) of well-known
//! IDs, the names users write resolved to a full ID ([`profile_type::resolve()`]), and the queries
//! that run them.
//!
//! ```
//! use pyroql::profile_type::{render_query, resolve};
//!
//! let selector = pyroql::parse(r#"{__profile_type__="memory:alloc_space:bytes:space:bytes"}"#)?;
//! assert_eq!(selector.profile_type().unwrap().sample_type(), "alloc_space");
//!
//! let cpu = resolve("cpu", None).unwrap().id;
//! assert_eq!(cpu.id(), "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
//! let selector = pyroql::parse(r#"{service_name="api"}"#)?;
//! assert_eq!(render_query(&cpu, &selector), r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#);
//! # Ok::<(), pyroql::ParseError>(())
//! ```
//!
//! # Go's regex syntax
//!
//! [`regexp`]: Prometheus' verdict on a pattern (Go's `regexp/syntax` with the limits of the
//! grafana/regexp fork), with Go's message, and the pattern's syntax tree.
//!
//! ```
//! assert!(pyroql::regexp::check("prod|staging").is_ok());
//! let pattern = "x**";
//! let err = pyroql::regexp::check(pattern).unwrap_err();
//! assert_eq!(err.message(pattern), "error parsing regexp: invalid nested repetition operator: `**`");
//! ```
//!
//! # Matching label sets (feature `matching`)
//!
//! [`matching`]: a selector compiled once, then matched against label sets exactly as
//! Prometheus' `labels.Matcher` matches (an absent label is `""`; regexes are RE2 as Go reads
//! them, anchored, `.` matching newline, through the shortcuts of Prometheus'
//! `FastRegexMatcher`, quirks included).
//!
//! ```
//! # #[cfg(feature = "matching")] {
//! use pyroql::matching::{CompiledSelector, Labels};
//!
//! let selector = pyroql::parse(r#"{service_name="api", env=~"prod|staging", region!="eu"}"#).unwrap();
//! let compiled = CompiledSelector::new(&selector).unwrap();
//! assert!(compiled.matches(&[("service_name", "api"), ("env", "prod")]));
//! assert!(!compiled.matches(&[("service_name", "api"), ("env", "dev")]));
//! let labels: Labels = r#"{service_name="api", env="staging", region="us"}"#.parse().unwrap();
//! assert!(compiled.matches(&labels));
//! # }
//! ```
//!
//! # Normalizing and rewriting
//!
//! [`Selector::normalize`] gives one canonical form per meaning. [`Selector::with_matcher`],
//! [`Selector::remove_label`] and [`Selector::enforce`] rewrite a query as a proxy does; enforcing
//! a rule that the query contradicts is an [`EnforceError`].
//!
//! ```
//! use pyroql::{MatchOp, Matcher};
//!
//! let selector = pyroql::parse(r#"{env=~"prod", __name__="cpu", a=~".*", env="prod"}"#)?;
//! assert_eq!(selector.normalize().to_string(), r#"cpu{env="prod"}"#);
//!
//! let rule = Matcher::new("tenant", MatchOp::Equal, "a");
//! let query = pyroql::parse(r#"{service_name="api"}"#)?;
//! assert_eq!(query.enforce(rule.clone()).unwrap().to_string(), r#"{service_name="api",tenant="a"}"#);
//! assert!(pyroql::parse(r#"{tenant="b"}"#)?.enforce(rule).is_err());
//! # Ok::<(), pyroql::ParseError>(())
//! ```
//!
//! # Perses dashboards (feature `perses`)
//!
//! [`perses`]: the Pyroscope plugins' models, every problem of a Perses file found with its
//! position, as Perses and Pyroscope would object, and the requests each query makes.
//!
//! ```
//! # #[cfg(feature = "perses")] {
//! let lint = pyroql::perses::lint(r#"
//! kind: ProfileQuery
//! spec:
//!   plugin:
//!     kind: PyroscopeProfileQuery
//!     spec:
//!       profileType: process_cpu:cpu:nanoseconds:cpu:nanoseconds
//!       service: api
//!       filters: [{labelName: service.version, operator: "=", labelValue: "1.4"}]
//! "#).unwrap();
//! // The shipped plugin writes the dotted name bare, which Pyroscope refuses.
//! let problem = &lint.diagnostics[0];
//! assert_eq!((problem.line, problem.column), (9, 29));
//! assert_eq!(problem.path, "spec.plugin.spec.filters[0].labelName");
//! // pyroql quotes it.
//! let executed = lint.queries[0].validated.as_ref().unwrap().execute().unwrap();
//! assert_eq!(executed.render_query(), r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api","service.version"="1.4"}"#);
//! # }
//! ```
//!
//! # Serde (feature `serde`)
//!
//! Selectors, matchers, operators and profile types serialize and deserialize; a deserialized
//! selector has zero spans and prints and parses back.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! let selector = pyroql::parse(r#"cpu{service_name="api"}"#).unwrap();
//! let json = serde_json::to_string(&selector).unwrap();
//! assert_eq!(json, r#"{"profile_type":"cpu","matchers":[{"name":"service_name","op":"=","value":"api"}]}"#);
//! assert_eq!(serde_json::from_str::<pyroql::Selector>(&json).unwrap(), selector);
//! # }
//! ```
//!
//! # Features
//!
//! | feature | default | what it adds | dependencies it brings |
//! |---|---|---|---|
//! | `serde` | yes | `Serialize` and `Deserialize` for [`Selector`], [`Matcher`], [`MatchOp`] and [`profile_type::ProfileType`]; reading the server's profile types as JSON ([`Available::from_json`](profile_type::Available::from_json), [`Available::from_text`](profile_type::Available::from_text)) | serde, serde_json |
//! | `matching` | yes | [`matching`]: selectors compiled to match many label sets fast | regex-automata, regex-syntax |
//! | `perses` | yes | [`perses`] (turns on `serde` and `matching`) | serde-saphyr |
//! | `cli` | no | the `pyroql` command (turns on `perses`) | clap, clap_complete, clap_mangen |
//! | `fuzz-checks` | no | the fuzz targets' properties, for the fuzz crate and the tests that replay its corpora; hidden, not an API | none |
//!
//! With `default-features = false`, pyroql parses, prints, checks (Go's regex rules included),
//! resolves profile types, normalizes and rewrites (`parse_strict` and `enforce` ask
//! Prometheus' matcher semantics of pyroql's own code, which needs no dependency); compiled
//! matching, serde, YAML and the Perses models are left out, and it depends on nom (with
//! memchr), thiserror and unicode-width alone. On docs.rs,
//! each item that needs a feature says so.
//!
//! # Where `Selector`'s API lives
//!
//! [`Selector`] is one type whose methods each module adds where its concept lives; for readers
//! of the source:
//!
//! | methods | file |
//! |---|---|
//! | building and reading: [`new`](Selector::new), [`from_parts`](Selector::from_parts), [`span`](Selector::span), [`identifier`](Selector::identifier), [`identifier_matcher`](Selector::identifier_matcher), [`set_identifier`](Selector::set_identifier), [`matchers`](Selector::matchers), [`matchers_mut`](Selector::matchers_mut), [`iter`](Selector::iter), [`len`](Selector::len), [`is_empty`](Selector::is_empty), [`find`](Selector::find), [`find_all`](Selector::find_all), [`push`](Selector::push), [`into_owned`](Selector::into_owned); equality, hashing and order; `FromStr` | `src/ast/mod.rs` |
//! | parsing: [`parse`], [`parse_bytes`], [`Parser`] | `src/parse/` |
//! | printing: `Display`, [`sorted`](Selector::sorted) | `src/print.rs` |
//! | the profile type: [`profile_type`](Selector::profile_type) | `src/profile_type/mod.rs` |
//! | normalizing: [`normalize`](Selector::normalize) | `src/normalize.rs` |
//! | rewriting: [`with_matcher`](Selector::with_matcher), [`remove_label`](Selector::remove_label), [`enforce`](Selector::enforce) | `src/rewrite.rs` |
//! | PromQL's own checks: [`strict_violation`](Selector::strict_violation), [`parse_strict`] | `src/strict.rs` |
//! | matching label sets: [`CompiledSelector::new`](matching::CompiledSelector::new) | `src/matching/` |
//! | `Serialize` and `Deserialize` (feature `serde`) | `src/serde_impls.rs` |
//!
//! # Limits
//!
//! [`parse`] refuses queries over [`DEFAULT_MAX_LEN`] (16 MiB) before reading them. The parser is
//! a loop, not a recursion: no input deepens the stack, and time is linear in the input. No input
//! makes any function of the crate panic, and the crate has no `unsafe` code.
#![cfg_attr(docsrs, feature(doc_cfg))]
// These docs link to items of every feature; without them the links have nothing to point at.
#![cfg_attr(
    not(all(feature = "serde", feature = "perses", feature = "matching")),
    allow(rustdoc::broken_intra_doc_links)
)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ast;
mod error;
#[cfg(feature = "fuzz-checks")]
#[doc(hidden)]
pub mod fuzz_checks;
#[cfg(feature = "matching")]
#[cfg_attr(docsrs, doc(cfg(feature = "matching")))]
pub mod matching;
mod names;
mod normalize;
mod parse;
#[cfg(feature = "perses")]
pub mod perses;
pub mod print;
pub mod profile_type;
mod prometheus;
mod quote;
pub mod regexp;
pub mod report;
mod rewrite;
#[cfg(feature = "serde")]
mod serde_impls;
#[cfg(feature = "serde")]
mod sniff;
mod strict;

pub use ast::{
    Identifier, InvalidIdentifier, InvalidMatchOp, MatchOp, Matcher, MatcherSpans, Position,
    Selector, Span, METRIC_NAME,
};
pub use error::{ErrorKind, Expected, InvalidMatcher, ParseError, Token, TokenKind};
pub use parse::{parse, parse_bytes, Parser, DEFAULT_MAX_LEN};
pub use rewrite::EnforceError;
pub use strict::{parse_strict, StrictViolation};

/// The README's examples run as doctests, so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
