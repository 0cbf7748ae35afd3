//! pyroql understands Pyroscope profile queries: label selectors such as
//! `process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}`.
//!
//! - [`parse`] turns query text into a [`Selector`] that borrows from it, accepting exactly what
//!   Pyroscope's server accepts and otherwise failing with the server's own message and position
//!   ([`ParseError`]);
//! - `Display` prints the canonical form back ([`print`](mod@print)), so that parse → print → parse is the
//!   identity and queries can be normalized;
//! - [`parse_strict`] adds the two checks PromQL's `ParseExpr` makes and selectors skip.
//!
//! ```
//! let selector = pyroql::parse(r#"{ service_name = "api", "service.version" =~ 'v1\\..*' }"#)?;
//! assert_eq!(selector.find("service_name").unwrap().value, "api");
//! assert_eq!(selector.to_string(), r#"{service_name="api","service.version"=~"v1\\..*"}"#);
//!
//! let err = pyroql::parse(r#"{service.name="api"}"#).unwrap_err();
//! assert_eq!(err.to_string(), "1:9: parse error: unexpected character inside braces: '.'");
//! # Ok::<(), pyroql::ParseError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ast;
mod error;
#[doc(hidden)]
pub mod fuzz_checks;
pub mod matching;
mod normalize;
mod parse;
#[cfg(feature = "perses")]
pub mod perses;
pub mod print;
pub mod profile_type;
mod quote;
pub mod regexp;
pub mod report;
mod rewrite;
#[cfg(feature = "serde")]
mod serde_impls;
mod strict;

pub use ast::{
    Identifier, InvalidIdentifier, MatchOp, Matcher, MatcherSpans, Position, Selector, Span,
    METRIC_NAME,
};
pub use error::{ErrorKind, Expected, ParseError, Token, TokenKind};
pub use parse::{parse, parse_bytes, Parser, DEFAULT_MAX_LEN};
pub use profile_type::resolve::{resolve, Available, Resolution, ResolveError};
pub use profile_type::{
    ProfileType, ProfileTypeError, ProfileTypeParts, SelectorProfileTypeError, PROFILE_TYPE_LABEL,
};
pub use rewrite::EnforceError;
pub use strict::{parse_strict, StrictViolation};

/// The README's examples run as doctests, so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
