//! The common matcher, `name op "value"` with a bare or plain quoted name, read without the
//! combinators: most matchers of real queries take this form, and reading it in one function
//! that writes the matcher straight into the list costs a fraction of what the rule does.
//! (Through the combinators, each matcher, 104 bytes, is moved through a result per layer; such
//! a copy reads with sixteen-byte loads what was written with eight-byte stores, which the
//! processor cannot forward: each copy stalls.)
//!
//! [`label_matchers`] is the grammar's `label_matchers` rule as a loop that tries
//! [`push_common_matcher`] first and hands any other matcher to
//! [`grammar::matcher`](super::grammar::matcher). It gives exactly what the grammar gives, spans
//! and errors included: the `parse` fuzz target and the vector tests compare every answer of
//! [`crate::parse`] with the grammar's alone (`parse_by_general_path`).

use std::borrow::Cow;

use nom::Parser;

use crate::ast::{MatchOp, Matcher, MatcherSpans, Span};
use crate::error::Expected;
use crate::names;

use super::grammar::{self, check_pattern, matcher_bound, push_matcher, Query};
use super::scan;
use super::string::plain_string_len;
use super::tokens::{byte, string, unexpected_in_braces, Fail, PResult};

/// `label_matchers = "{" [ matcher { "," matcher } [ "," ] ] "}"`, as the grammar reads it (see
/// [`grammar::label_matchers`]), the common matcher read by [`push_common_matcher`].
pub(crate) fn label_matchers<'a, const REGEXES: bool>(
    query: Query<'a>,
) -> impl Parser<&'a str, Output = Vec<Matcher<'a>>, Error = Fail> {
    move |input: &'a str| {
        let (input, ()) = byte(b'{')(input)?;
        let mut matchers = Vec::with_capacity(matcher_bound(input));
        let rest = read_matchers::<REGEXES>(query, query.offset(input), &mut matchers)?;
        Ok((rest, matchers))
    }
}

/// The matchers from byte `at` of the query on, through the closing `}`; what follows it.
///
/// A function of its own, so that the compiler inlines the matcher's reading and the list's
/// `push` into the loop (in a larger function it gives up on `push`, and each matcher is built
/// on the stack and copied into the list).
#[inline(never)]
fn read_matchers<'a, const REGEXES: bool>(
    query: Query<'a>,
    mut at: usize,
    matchers: &mut Vec<Matcher<'a>>,
) -> Result<&'a str, nom::Err<Fail>> {
    let bytes = query.input.as_bytes();
    loop {
        at = names::trivia_end(bytes, at);
        if bytes.get(at) == Some(&b'}') {
            return Ok(rest_at(query, at + 1));
        }
        at = match push_common_matcher(query, at, matchers)? {
            Some(end) => end,
            None => general_matcher(query, at, matchers)?,
        };
        if REGEXES {
            if let Some(last) = matchers.last() {
                check_pattern(query, last).map_err(nom::Err::Failure)?;
            }
        }
        at = names::trivia_end(bytes, at);
        match bytes.get(at) {
            Some(b',') => at += 1,
            Some(b'}') => return Ok(rest_at(query, at + 1)),
            _ => {
                let fail = unexpected_in_braces(rest_at(query, at), Expected::CommaOrClose);
                return Err(nom::Err::Failure(fail));
            }
        }
    }
}

/// The query from byte `at` on, which ends an ASCII token or the query.
#[inline(always)]
fn rest_at(query: Query<'_>, at: usize) -> &str {
    query.input.get(at..).unwrap_or_default()
}

/// A matcher to overwrite: the list's `push` (which the compiler does not inline here) copies a
/// constant from read-only data without delay, where a matcher just written on the stack would
/// be read back before its stores complete, a stall on each.
const BLANK: Matcher<'static> = Matcher {
    name: Cow::Borrowed(""),
    op: MatchOp::Equal,
    value: Cow::Borrowed(""),
    spans: MatcherSpans {
        name: Span::empty(0),
        op: Span::empty(0),
        value: Span::empty(0),
    },
};

/// Appends the matcher of these parts: [`BLANK`], overwritten in place.
#[inline(always)]
fn push_parts<'a>(
    matchers: &mut Vec<Matcher<'a>>,
    name: &'a str,
    op: MatchOp,
    value: Cow<'a, str>,
    spans: MatcherSpans,
) {
    push_matcher(matchers, BLANK);
    if let Some(slot) = matchers.last_mut() {
        slot.name = Cow::Borrowed(name);
        slot.op = op;
        slot.value = value;
        slot.spans = spans;
    }
}

/// The value at byte `at` of the query, a string that is not plain, and where it ends.
#[inline(never)]
fn decoded_value(query: Query<'_>, at: usize) -> Result<(Cow<'_, str>, usize), nom::Err<Fail>> {
    let (rest, value) = string(rest_at(query, at))?;
    Ok((value, query.offset(rest)))
}

/// A matcher of another form than the common one, read by the grammar's rule; where it ends.
#[inline(never)]
fn general_matcher<'a>(
    query: Query<'a>,
    at: usize,
    matchers: &mut Vec<Matcher<'a>>,
) -> Result<usize, nom::Err<Fail>> {
    let input = rest_at(query, at);
    let result: PResult<'a, Matcher<'a>> = grammar::matcher(query).parse(input);
    match result {
        Ok((rest, matcher)) => {
            push_matcher(matchers, matcher);
            Ok(query.offset(rest))
        }
        Err(nom::Err::Error(_)) => Err(nom::Err::Failure(unexpected_in_braces(
            input,
            Expected::IdentifierOrClose,
        ))),
        Err(error) => Err(error),
    }
}

/// Reads `name op "value"` at byte `at` of the query, the name bare or a string with no escape,
/// the value any string, and appends it to `matchers`: where it ends, or `None` (and nothing
/// read) where the text takes another form.
#[inline(always)]
fn push_common_matcher<'a>(
    query: Query<'a>,
    at: usize,
    matchers: &mut Vec<Matcher<'a>>,
) -> Result<Option<usize>, nom::Err<Fail>> {
    let input = query.input;
    let bytes = input.as_bytes();
    let (name, name_end) = match bytes.get(at) {
        Some(&b) if names::is_label_start(b) => {
            let end = scan::label_run(bytes, at + 1);
            (input.get(at..end), end)
        }
        Some(&quote) if names::is_quote(quote) => match plain_string_len(bytes, at, quote) {
            Ok(len) => (input.get(at + 1..at + len - 1), at + len),
            Err(_) => return Ok(None),
        },
        _ => return Ok(None),
    };
    let Some(name) = name else {
        return Ok(None);
    };
    let op_at = names::trivia_end(bytes, name_end);
    let (op, op_end) = match (bytes.get(op_at), bytes.get(op_at + 1)) {
        (Some(b'='), Some(b'~')) => (MatchOp::Regex, op_at + 2),
        (Some(b'='), _) => (MatchOp::Equal, op_at + 1),
        (Some(b'!'), Some(b'~')) => (MatchOp::NotRegex, op_at + 2),
        (Some(b'!'), Some(b'=')) => (MatchOp::NotEqual, op_at + 2),
        _ => return Ok(None),
    };
    let value_at = names::trivia_end(bytes, op_end);
    let Some(&quote) = bytes.get(value_at).filter(|&&b| names::is_quote(b)) else {
        return Ok(None);
    };
    // A plain value is its text; any other is read by the string token, whose lexer error is
    // the one the grammar meets too.
    let (value, end) = match plain_string_len(bytes, value_at, quote) {
        Ok(len) => {
            let text = input
                .get(value_at + 1..value_at + len - 1)
                .unwrap_or_default();
            (Cow::Borrowed(text), value_at + len)
        }
        Err(_) => decoded_value(query, value_at)?,
    };
    let spans = MatcherSpans {
        name: Span::new(at, name_end),
        op: Span::new(op_at, op_end),
        value: Span::new(value_at, end),
    };
    push_parts(matchers, name, op, value, spans);
    Ok(Some(end))
}
