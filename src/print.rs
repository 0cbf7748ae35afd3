//! The printer: writes a selector back as text, in Pyroscope's canonical form.
//!
//! - `{` + matchers joined by `,` with no spaces + `}`; `{}` when there are none;
//! - the identifier, if any, before the braces, and alone when there are no matchers;
//! - a label name bare when it matches `[a-zA-Z_][a-zA-Z0-9_]*`, else quoted;
//! - names and values quoted as Go's `strconv.Quote` does, with one exception: U+FFFD is written
//!   `\ufffd`, because Prometheus' lexer refuses the character itself and the output must parse.
//!
//! For every selector, parsing the printed text gives back an equal selector, and printing is
//! idempotent. [`Order::Source`] keeps the matchers in source order, as Pyroscope does;
//! [`Order::Sorted`] sorts them by their printed text, as Prometheus does.

use std::fmt::{self, Write};

use crate::ast::{Matcher, Selector};
use crate::names::is_bare_label_name;
use crate::quote::{write_quoted, Replacement};

/// The order matchers are printed in.
///
/// ```
/// use pyroql::print::{write_selector, Order};
/// let s = pyroql::parse(r#"{b="1",a="2"}"#).unwrap();
/// let (mut source, mut sorted) = (String::new(), String::new());
/// write_selector(&mut source, &s, Order::Source).unwrap();
/// write_selector(&mut sorted, &s, Order::Sorted).unwrap();
/// assert_eq!((source.as_str(), sorted.as_str()), (r#"{b="1",a="2"}"#, r#"{a="2",b="1"}"#));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Order {
    /// As written: Pyroscope's canonical form.
    #[default]
    Source,
    /// Sorted by their printed text, as Prometheus prints selectors.
    Sorted,
}

/// Writes `selector` into `out`.
///
/// ```
/// use pyroql::print::{write_selector, Order};
/// let s = pyroql::parse(r#"{ service_name = "api", "service.version" =~ 'v1.*' }"#).unwrap();
/// let mut out = String::new();
/// write_selector(&mut out, &s, Order::Sorted).unwrap();
/// assert_eq!(out, r#"{"service.version"=~"v1.*",service_name="api"}"#);
/// ```
pub fn write_selector<W: Write + ?Sized>(
    out: &mut W,
    selector: &Selector<'_>,
    order: Order,
) -> fmt::Result {
    if let Some(identifier) = selector.identifier() {
        out.write_str(identifier.as_str())?;
        if selector.is_empty() {
            return Ok(());
        }
    }
    out.write_char('{')?;
    match order {
        Order::Source => {
            for (i, matcher) in selector.iter().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                write_matcher(out, matcher)?;
            }
        }
        Order::Sorted => {
            let mut printed: Vec<String> = selector.iter().map(Matcher::to_string).collect();
            printed.sort_unstable();
            out.write_str(&printed.join(","))?;
        }
    }
    out.write_char('}')
}

/// Writes one matcher: `name op "value"`, the name quoted when it must be (as `Display` does).
///
/// ```
/// use pyroql::{MatchOp, Matcher};
/// let mut out = String::new();
/// pyroql::print::write_matcher(&mut out, &Matcher::new("service.name", MatchOp::NotEqual, "a\"b")).unwrap();
/// assert_eq!(out, r#""service.name"!="a\"b""#);
/// ```
pub fn write_matcher<W: Write + ?Sized>(out: &mut W, matcher: &Matcher<'_>) -> fmt::Result {
    if is_bare_label_name(&matcher.name) {
        out.write_str(&matcher.name)?;
    } else {
        write_quoted(out, &matcher.name, Replacement::Escaped)?;
    }
    out.write_str(matcher.op.as_str())?;
    write_quoted(out, &matcher.value, Replacement::Escaped)
}

impl fmt::Display for Selector<'_> {
    /// Pyroscope's canonical form, matchers in source order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_selector(f, self, Order::Source)
    }
}

impl fmt::Display for Matcher<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_matcher(f, self)
    }
}

/// A selector displayed with its matchers sorted; made by [`Selector::sorted`].
#[derive(Debug, Clone, Copy)]
pub struct Sorted<'s, 'a>(&'s Selector<'a>);

impl fmt::Display for Sorted<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_selector(f, self.0, Order::Sorted)
    }
}

impl<'a> Selector<'a> {
    /// Displays the selector with its matchers sorted by their printed text.
    ///
    /// ```
    /// let s = pyroql::parse(r#"{b="2",a="1"}"#).unwrap();
    /// assert_eq!(s.sorted().to_string(), r#"{a="1",b="2"}"#);
    /// assert_eq!(s.to_string(), r#"{b="2",a="1"}"#);
    /// ```
    pub fn sorted(&self) -> Sorted<'_, 'a> {
        Sorted(self)
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::{Identifier, MatchOp, Matcher, Selector};

    #[test]
    fn prints_the_canonical_form() {
        let cases = [
            ("{}", "{}"),
            ("  {  }  ", "{}"),
            (r#"{a="b",}"#, r#"{a="b"}"#),
            (r#"{ a = 'b' , c !~ `d\.` }"#, r#"{a="b",c!~"d\\."}"#),
            (r#"{"service.name"="x"}"#, r#"{"service.name"="x"}"#),
            (r#"{"plain"="x"}"#, r#"{plain="x"}"#),
            (r#"{""="x"}"#, r#"{""="x"}"#),
            (r#"{"cpu"}"#, r#"{__name__="cpu"}"#),
            ("cpu", "cpu"),
            ("cpu{}", "cpu"),
            (r#"a:b { c = "d" }"#, r#"a:b{c="d"}"#),
            (
                r#"{a="\u00e9\x41\n\x7f\u00ad\ufffd"}"#,
                r#"{a="éA\n\x7f\u00ad\ufffd"}"#,
            ),
        ];
        for (input, want) in cases {
            let selector = crate::parse(input).unwrap();
            assert_eq!(selector.to_string(), want, "printing {input}");
        }
    }

    #[test]
    fn prints_selectors_built_in_code() {
        let mut s = Selector::new();
        s.push(Matcher::new("a b", MatchOp::NotEqual, "\"q\""));
        assert_eq!(s.to_string(), r#"{"a b"!="\"q\""}"#);
        s.set_identifier(Some(Identifier::new("memory").unwrap()));
        assert_eq!(s.to_string(), r#"memory{"a b"!="\"q\""}"#);
    }
}
