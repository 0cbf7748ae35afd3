//! Queries given as bytes, which need not be UTF-8: what a proxy holds after URL-decoding.
//!
//! Go strings hold any bytes, and Prometheus' lexer reads each byte that starts no UTF-8
//! character as U+FFFD, one byte wide (`utf8.DecodeRuneInString`). So it answers
//! `invalid UTF-8 rune` inside a string, `unexpected character: '�'` where a token would start,
//! and skips such bytes in a `#` comment, exactly as it treats a U+FFFD typed in the query,
//! which the text parser already follows. A query that is not UTF-8 is therefore parsed as a
//! copy with each such byte replaced by U+FFFD, and the answer is moved back onto the bytes:
//! spans and positions shrink by two bytes for each replacement before them, and the
//! selector's text (never inside a comment, so never replaced) borrows from the input again.

use std::borrow::Cow;

use crate::ast::{Identifier, Matcher, MatcherSpans, Selector, Span, METRIC_NAME};
use crate::error::ParseError;
use crate::names::Repaired;

/// A query that is not UTF-8, with the text Prometheus' lexer reads for it.
pub(crate) struct BytesQuery<'a> {
    original: &'a [u8],
    repaired: Repaired,
}

impl<'a> BytesQuery<'a> {
    pub fn new(original: &'a [u8]) -> Self {
        BytesQuery {
            original,
            repaired: Repaired::new(original),
        }
    }

    pub fn text(&self) -> &str {
        self.repaired.text()
    }

    /// The error `error` on the text, moved onto the original bytes.
    pub fn error(&self, error: ParseError) -> ParseError {
        let span = Mapper::new(self).span(error.span());
        error.moved_to(span, self.original)
    }

    /// The selector `selector` parsed from the text, moved onto the original bytes.
    pub fn selector(&self, selector: Selector<'_>) -> Selector<'a> {
        let mut map = Mapper::new(self);
        let (identifier, matchers, span) = selector.into_parts();
        let identifier = identifier.map(|identifier| {
            let (name, span) = identifier.into_parts();
            Identifier::from_parts(map.text(name), map.span(span))
        });
        let matchers = matchers
            .into_iter()
            .map(|m| {
                let spans = MatcherSpans {
                    name: map.span(m.spans.name),
                    op: map.span(m.spans.op),
                    value: map.span(m.spans.value),
                };
                Matcher {
                    name: map.text(m.name),
                    op: m.op,
                    value: map.text(m.value),
                    spans,
                }
            })
            .collect();
        Selector::from_parts(identifier, matchers).with_span(map.span(span))
    }
}

/// Moves offsets of the text onto the original bytes. Offsets asked for in increasing order
/// cost O(1) each, which the parts of a selector mostly are; others a binary search.
struct Mapper<'r, 'a> {
    query: &'r BytesQuery<'a>,
    /// How many replacements stand before the last offset asked for.
    before: usize,
    last: usize,
}

impl<'r, 'a> Mapper<'r, 'a> {
    fn new(query: &'r BytesQuery<'a>) -> Self {
        Mapper {
            query,
            before: 0,
            last: 0,
        }
    }

    /// The original offset of `at`, a character boundary of the text.
    fn offset(&mut self, at: usize) -> usize {
        let replaced = self.query.repaired.replaced();
        if at < self.last {
            self.before = replaced.partition_point(|&r| r < at);
        } else {
            while replaced.get(self.before).is_some_and(|&r| r < at) {
                self.before += 1;
            }
        }
        self.last = at;
        // Each replacement is three bytes of text for one of the original.
        at - 2 * self.before
    }

    fn span(&mut self, span: Span) -> Span {
        let start = self.offset(span.start);
        Span::new(start, self.offset(span.end))
    }

    /// `text`, borrowed from the original bytes again if it was borrowed from the repaired text.
    fn text(&mut self, text: Cow<'_, str>) -> Cow<'a, str> {
        let Cow::Borrowed(slice) = text else {
            return Cow::Owned(text.into_owned());
        };
        let text = self.query.text();
        let base = text.as_ptr() as usize;
        let at = (slice.as_ptr() as usize).wrapping_sub(base);
        if at > text.len() {
            // Not text of the query: the name a lone string stands for.
            return match slice {
                METRIC_NAME => Cow::Borrowed(METRIC_NAME),
                _ => Cow::Owned(slice.to_owned()),
            };
        }
        let start = self.offset(at);
        let original = self.query.original.get(start..start + slice.len());
        match original.map(std::str::from_utf8) {
            Some(Ok(moved)) if moved == slice => Cow::Borrowed(moved),
            // Text with a replacement in it: the parser never gives such a borrow back.
            _ => Cow::Owned(slice.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_move_back_onto_the_bytes() {
        let query = BytesQuery::new(b"a\xffb\xe2\x82c\xf0");
        let mut map = Mapper::new(&query);
        assert_eq!(map.offset(0), 0);
        assert_eq!(map.offset(1), 1);
        assert_eq!(map.offset(4), 2);
        assert_eq!(map.offset(11), 5);
        assert_eq!(map.offset(15), 7);
        // Out of order too.
        assert_eq!(map.offset(5), 3);
    }
}
