//! The selector grammar of `docs/selector.md`, one function per rule, composed with nom's
//! combinators from the token parsers of [`super::tokens`]:
//!
//! ```text
//! selector          = [ metric_identifier ] [ label_matchers ]   (at least one of the two)
//! label_matchers    = "{" [ matcher { "," matcher } [ "," ] ] "}"
//! matcher           = label_name op string | string
//! label_name        = identifier | string
//! op                = "=" | "!=" | "=~" | "!~"
//! metric_identifier = word, not a reserved word
//! ```
//!
//! Trivia (whitespace, comments) may stand between any two tokens. Errors come in the order
//! Prometheus' parser meets them: a token that does not lex, a token the grammar does not take
//! (`unexpected … in label matching, expected …`), and a `=~`/`!~` pattern Go refuses, checked
//! as each matcher is read, before the parser reads on.
//!
//! Every rule reads forward, and repetition is nom's `fold`, a loop: time is linear in the input
//! and no input deepens the stack.

use std::borrow::Cow;

use nom::branch::alt;
use nom::combinator::opt;
use nom::sequence::preceded;
use nom::Parser;

use crate::ast::{Identifier, MatchOp, Matcher, MatcherSpans, Selector, Span, METRIC_NAME};
use crate::error::{ErrorKind, Expected};
use crate::names;

use super::promql::unexpected_token;
use super::tokens::{
    bare_label_name, end_of_input, expect, match_op, string, trivia, word, Fail, PResult,
};

/// The query being read: what turns the rest of it, which the parsers see, into offsets.
#[derive(Clone, Copy)]
pub(crate) struct Query<'a> {
    pub input: &'a str,
}

impl<'a> Query<'a> {
    pub fn new(input: &'a str) -> Self {
        Query { input }
    }

    /// The offset of `rest`, a tail of the query.
    #[inline(always)]
    pub fn offset(self, rest: &str) -> usize {
        self.input.len() - rest.len()
    }

    /// The span from `from` to `to`, tails of the query.
    #[inline(always)]
    pub fn span(self, from: &str, to: &str) -> Span {
        Span::new(self.offset(from), self.offset(to))
    }

    /// `parser` with the span of what it read.
    #[inline(always)]
    pub fn spanned<O>(
        self,
        mut parser: impl Parser<&'a str, Output = O, Error = Fail>,
    ) -> impl Parser<&'a str, Output = (O, Span), Error = Fail> {
        move |input: &'a str| {
            let (rest, output) = parser.parse(input)?;
            Ok((rest, (output, self.span(input, rest))))
        }
    }
}

/// `selector = [ metric_identifier ] [ label_matchers ]`, at least one of the two, with nothing
/// but trivia around it; `label_matchers` reads the braces ([`label_matchers`]).
pub(crate) fn selector<'a>(
    query: Query<'a>,
    label_matchers: impl Parser<&'a str, Output = Vec<Matcher<'a>>, Error = Fail>,
) -> impl Parser<&'a str, Output = Selector<'a>, Error = Fail> {
    let mut label_matchers = query.spanned(label_matchers);
    // Inlined into the caller, so that the selector is not built here and copied out there.
    #[inline(always)]
    move |input: &'a str| {
        let (input, ()) = trivia(input)?;
        let (rest, identifier) = opt(query.spanned(metric_identifier)).parse(input)?;
        let (rest, matchers) = opt(preceded(trivia, |i| label_matchers.parse(i))).parse(rest)?;
        let end = match (&identifier, &matchers) {
            (_, Some((_, span))) | (Some((_, span)), None) => span.end,
            (None, None) => return Err(nom::Err::Failure(unexpected_token(input))),
        };
        let (rest, ()) = preceded(trivia, nothing_more).parse(rest)?;
        let identifier = identifier.map(|(name, span)| Identifier::parsed(name, span));
        let matchers = matchers.map(|(list, _)| list).unwrap_or_default();
        let span = Span::new(query.offset(input), end);
        Ok((
            rest,
            Selector::from_parts(identifier, matchers).with_span(span),
        ))
    }
}

/// The end of the query, or the error for what stands there.
fn nothing_more(input: &str) -> PResult<'_, ()> {
    end_of_input(input).map_err(|_| nom::Err::Failure(unexpected_token(input)))
}

/// `metric_identifier`: a word that is not one of the words PromQL reserves before the braces
/// (`bool`, `on`, `inf`, …; see [`names::word_names_metric`]), which fails the query.
#[inline(always)]
fn metric_identifier(input: &str) -> PResult<'_, &str> {
    let (rest, name) = word(input)?;
    if !names::word_names_metric(name) {
        return Err(nom::Err::Failure(unexpected_token(input)));
    }
    Ok((rest, name))
}

/// `label_matchers = "{" [ matcher { "," matcher } [ "," ] ] "}"`, read as `{`, then matchers
/// each followed by `,` or by the `}` that closes the list, then `}`. The pattern of each
/// `=~`/`!~` matcher is checked (`REGEXES`) before what follows it is read.
// The reference the shortcut is held to (`parse_by_general_path`).
#[cfg(any(test, feature = "fuzz-checks"))]
pub(crate) fn label_matchers<'a, const REGEXES: bool>(
    query: Query<'a>,
) -> impl Parser<&'a str, Output = Vec<Matcher<'a>>, Error = Fail> {
    label_matchers_of::<REGEXES, _>(query, matcher(query))
}

/// [`label_matchers`], each matcher read by `matcher`: [`matcher`], or a parser that gives
/// exactly what it gives (see [`super::shortcut`]).
// The reference the shortcut is held to (`parse_by_general_path`).
#[cfg(any(test, feature = "fuzz-checks"))]
pub(crate) fn label_matchers_of<'a, const REGEXES: bool, M>(
    query: Query<'a>,
    matcher: M,
) -> impl Parser<&'a str, Output = Vec<Matcher<'a>>, Error = Fail>
where
    M: Parser<&'a str, Output = Matcher<'a>, Error = Fail> + Clone,
{
    use nom::combinator::peek;
    use nom::multi::fold;
    use nom::sequence::delimited;

    use super::tokens::byte;

    move |input: &'a str| {
        let (input, ()) = byte(b'{')(input)?;
        let capacity = matcher_bound(input);
        let separator = alt((byte(b','), peek(byte(b'}'))));
        let element = delimited(
            trivia,
            checked::<REGEXES>(query, matcher.clone()),
            preceded(trivia, expect(separator, Expected::CommaOrClose)),
        );
        let (rest, matchers) = fold(
            0..,
            element,
            || Vec::with_capacity(capacity),
            |mut list, matcher| {
                push_matcher(&mut list, matcher);
                list
            },
        )
        .parse(input)?;
        let (rest, ()) =
            preceded(trivia, expect(byte(b'}'), Expected::IdentifierOrClose)).parse(rest)?;
        Ok((rest, matchers))
    }
}

/// `matcher`, and when `REGEXES`, its pattern checked as `labels.NewFastRegexMatcher` does: a
/// pattern Go refuses fails the query at the matcher, with Go's message.
#[inline(always)]
// The reference the shortcut is held to (`parse_by_general_path`).
#[cfg(any(test, feature = "fuzz-checks"))]
fn checked<'a, const REGEXES: bool>(
    query: Query<'a>,
    mut matcher: impl Parser<&'a str, Output = Matcher<'a>, Error = Fail>,
) -> impl Parser<&'a str, Output = Matcher<'a>, Error = Fail> {
    move |input: &'a str| {
        let (rest, matcher) = matcher.parse(input)?;
        if REGEXES {
            check_pattern(query, &matcher).map_err(nom::Err::Failure)?;
        }
        Ok((rest, matcher))
    }
}

/// Checks the pattern of `matcher` if it is `=~` or `!~`.
#[inline(always)]
pub(crate) fn check_pattern(query: Query<'_>, matcher: &Matcher<'_>) -> Result<(), Fail> {
    if !matcher.op.is_regex() {
        return Ok(());
    }
    match crate::regexp::check(&matcher.value) {
        Ok(()) => Ok(()),
        Err(error) => Err(pattern_failure(query, matcher, &error)),
    }
}

#[cold]
#[inline(never)]
fn pattern_failure(query: Query<'_>, matcher: &Matcher<'_>, error: &crate::regexp::Error) -> Fail {
    let kind = ErrorKind::InvalidRegex {
        code: error.kind(),
        expr: error.expr(&matcher.value).to_owned(),
    };
    Fail::spanning(query.input.len(), matcher.spans.full(), kind)
}

/// `matcher = label_name op string | string`. A lone string names the metric: `{"cpu"}` is
/// `{__name__="cpu"}`. Fails softly only where no matcher starts.
pub(crate) fn matcher<'a>(
    query: Query<'a>,
) -> impl Parser<&'a str, Output = Matcher<'a>, Error = Fail> + Clone {
    move |input: &'a str| {
        let (after_name, ((name, quoted), name_span)) = query.spanned(label_name).parse(input)?;
        let (rest, op) = opt(preceded(trivia, query.spanned(op))).parse(after_name)?;
        match op {
            Some((op, op_span)) => {
                let (rest, (value, value_span)) =
                    preceded(trivia, expect(query.spanned(string), Expected::String))
                        .parse(rest)?;
                let spans = MatcherSpans {
                    name: name_span,
                    op: op_span,
                    value: value_span,
                };
                Ok((
                    rest,
                    Matcher {
                        name,
                        op,
                        value,
                        spans,
                    },
                ))
            }
            None if quoted => Ok((after_name, lone_string(name, name_span))),
            None => Err(nom::Err::Failure(super::tokens::unexpected_in_braces(
                after_name,
                Expected::MatchOp,
            ))),
        }
    }
}

/// The matcher a lone string stands for, `__name__="…"`.
fn lone_string<'a>(value: Cow<'a, str>, span: Span) -> Matcher<'a> {
    Matcher {
        name: Cow::Borrowed(METRIC_NAME),
        op: MatchOp::Equal,
        value,
        spans: MatcherSpans {
            name: Span::empty(span.start),
            op: Span::empty(span.start),
            value: span,
        },
    }
}

/// `label_name = identifier | string`: the name, and whether it was quoted.
fn label_name(input: &str) -> PResult<'_, (Cow<'_, str>, bool)> {
    alt((
        bare_label_name.map(|name| (Cow::Borrowed(name), false)),
        string.map(|name| (name, true)),
    ))
    .parse(input)
}

/// `op = "=" | "!=" | "=~" | "!~"`.
fn op(input: &str) -> PResult<'_, MatchOp> {
    match_op(input)
}

/// The parser reserves room for at most this many matchers before reading them (416 KiB), or one
/// for every 16 bytes of the query if that is more: what a query of 16-byte matchers would fill.
///
/// [`matcher_bound`] counts commas, which may also stand inside strings: a crafted query
/// (`{a=",,,…"}`) would otherwise reserve a third of its length in 104-byte matchers, 35 times
/// the query's size. Past the cap the list grows as matchers are read, so only a query denser
/// than one matcher in 16 bytes, with thousands of them, allocates more than once.
const RESERVED_MATCHERS: usize = 4096;

/// An upper bound on the matchers in `rest`, the text after `{`, so that the matcher list is
/// allocated once: all matchers but the last are followed by a comma, and each takes three bytes
/// at least (a string and a comma or the closing brace). Capped by [`RESERVED_MATCHERS`]: past the
/// cap, the list grows.
pub(crate) fn matcher_bound(rest: &str) -> usize {
    // Counted in chunks with a small counter, which the compiler turns into vector code.
    let mut commas = 0usize;
    for chunk in rest.as_bytes().chunks(255) {
        let mut in_chunk = 0u8;
        for &b in chunk {
            in_chunk += u8::from(b == b',');
        }
        commas += usize::from(in_chunk);
    }
    let bound = (commas + 1).min(rest.len() / 3);
    if bound <= RESERVED_MATCHERS {
        return bound;
    }
    bound.min(RESERVED_MATCHERS.max(rest.len() / 16))
}

/// Appends `matcher` to `matchers`, which usually has room for it (see [`matcher_bound`]).
///
/// Testing for room first lets the compiler drop `push`'s call to grow the list from this path,
/// and with it the need to build the 104-byte matcher on the stack before the call and copy it
/// after.
#[inline(always)]
pub(crate) fn push_matcher<'a>(matchers: &mut Vec<Matcher<'a>>, matcher: Matcher<'a>) {
    if matchers.len() < matchers.capacity() {
        matchers.push(matcher);
    } else {
        push_growing(matchers, matcher);
    }
}

/// [`push_matcher`] when the list is full: past [`RESERVED_MATCHERS`].
#[cold]
#[inline(never)]
fn push_growing<'a>(matchers: &mut Vec<Matcher<'a>>, matcher: Matcher<'a>) {
    matchers.push(matcher);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Result<Selector<'_>, String> {
        let query = Query::new(input);
        match selector(query, label_matchers::<true>(query)).parse(input) {
            Ok((_, selector)) => Ok(selector),
            Err(nom::Err::Error(fail) | nom::Err::Failure(fail)) => Err(fail
                .into_error(input)
                .map(|e| e.to_string())
                .unwrap_or_default()),
            Err(nom::Err::Incomplete(_)) => Err("incomplete".into()),
        }
    }

    #[test]
    fn the_bound_covers_every_matcher() {
        for input in [
            r#"a="b"}"#,
            r#"a="b",c='d',"e"}"#,
            r#""",""}"#,
            r#""","",}"#,
            "}",
            ",,,}",
        ] {
            let query = format!("{{{input}");
            let count = read(&query).map_or(0, |s| s.len());
            assert!(matcher_bound(input) >= count, "{input}");
        }
        assert_eq!(matcher_bound("}"), 0);
        assert_eq!(matcher_bound(" }"), 0);
        assert_eq!(matcher_bound(r#"a="b"}"#), 1);
        assert_eq!(matcher_bound(r#"a="b", c="d"}"#), 2);
        // Commas inside a string count, up to one matcher in three bytes.
        assert_eq!(matcher_bound(r#"a=",,,,,,,,,,,,"}"#), 5);
    }

    #[test]
    fn each_rule_reads_its_part() {
        let input = r#" cpu { a = "b" , "c.d" !~ 'e' , "f" , } # end"#;
        let s = read(input).unwrap();
        assert_eq!(s.to_string(), r#"cpu{a="b","c.d"!~"e",__name__="f"}"#);
        assert_eq!(s.span(), Span::new(1, 39));
        let spans = s.matchers()[1].spans;
        assert_eq!(
            (spans.name, spans.op, spans.value),
            (Span::new(17, 22), Span::new(23, 25), Span::new(26, 29))
        );
        assert_eq!(
            read("{a=~\"(\"").unwrap_err(),
            "1:2: parse error: error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            read("{,}").unwrap_err(),
            r#"1:2: parse error: unexpected "," in label matching, expected identifier or "}""#
        );
        assert_eq!(
            read("{a}").unwrap_err(),
            r#"1:3: parse error: unexpected "}" in label matching, expected label matching operator"#
        );
        assert_eq!(
            read("{a=b}").unwrap_err(),
            r#"1:4: parse error: unexpected identifier "b" in label matching, expected string"#
        );
        assert_eq!(
            read("{a=\"b\" c}").unwrap_err(),
            r#"1:8: parse error: unexpected identifier "c" in label matching, expected "," or "}""#
        );
        assert_eq!(
            read("bool{}").unwrap_err(),
            "1:1: parse error: unexpected <bool>"
        );
        assert_eq!(
            read("cpu x").unwrap_err(),
            r#"1:5: parse error: unexpected identifier "x""#
        );
        assert_eq!(
            read("").unwrap_err(),
            "unknown position: parse error: unexpected end of input"
        );
    }
}
