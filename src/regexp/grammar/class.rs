//! Bracketed classes, `[…]` and `[^…]` (Go's `parseClass`): each item is a POSIX class, a
//! Unicode class, a Perl class, a character or a range of characters.

use nom::character::complete::anychar;
use nom::combinator::opt;
use nom::sequence::pair;
use nom::Parser;

use super::escape::perl_class;
use super::{byte, Fail, Grammar, PResult, Token};
use crate::regexp::ast::{ClassItem, ClassItemKind, PosixClass, PosixKind};
use crate::regexp::error::ErrorKind;

impl<'p> Grammar<'p> {
    /// A bracketed class (`input` starts with `[`); its items go to `items` in order.
    pub(super) fn bracket<F: FnMut(ClassItem)>(
        &self,
        input: &'p str,
        items: &mut F,
    ) -> PResult<'p, Token<'p>> {
        let (mut t, negated) = pair(byte(b'['), opt(byte(b'^')))
            .map(|(_, caret)| caret.is_some())
            .parse(input)?;
        // `]` first is a character, not the end.
        let mut first = true;
        while first || !t.starts_with(']') {
            first = false;
            let (next, kind) = self.class_item(t, input)?;
            items(ClassItem {
                kind,
                span: self.span(t, next),
            });
            t = next;
        }
        Ok((&t[1..], Token::Bracket(negated)))
    }

    /// One item of the class that starts at suffix `class`.
    fn class_item(&self, t: &'p str, class: &'p str) -> PResult<'p, ClassItemKind> {
        let bytes = t.as_bytes();
        if bytes.len() > 2 && bytes[0] == b'[' && bytes[1] == b':' {
            if let Some(item) = self.posix_class(t)? {
                return Ok(item);
            }
        }
        if bytes.first() == Some(&b'\\') {
            if let Some((next, unicode)) = self.unicode_class(t)? {
                return Ok((next, ClassItemKind::Unicode(unicode)));
            }
            if let Ok((next, perl)) = perl_class(t) {
                return Ok((next, ClassItemKind::Perl(perl)));
            }
        }
        let (after_lo, lo) = self.class_char(t, class)?;
        // `[a-]` holds `-`: a range needs something other than `]` after its dash.
        let bytes = after_lo.as_bytes();
        if bytes.len() < 2 || bytes[0] != b'-' || bytes[1] == b']' {
            return Ok((after_lo, ClassItemKind::Range { lo, hi: lo }));
        }
        let (after_hi, hi) = self.class_char(&after_lo[1..], class)?;
        if hi < lo {
            return self.fail(ErrorKind::InvalidCharRange, t, after_hi);
        }
        Ok((after_hi, ClassItemKind::Range { lo, hi }))
    }

    /// `[:name:]` or `[:^name:]`; `None` when no `:]` follows anywhere in the pattern. Go looks
    /// for the first `:]` after the `[:`, even past the end of the class, and refuses any
    /// name between that it does not know.
    fn posix_class(&self, t: &'p str) -> Result<Option<(&'p str, ClassItemKind)>, nom::Err<Fail>> {
        let Some(close) = self.next_posix_end(self.at(t) + 2) else {
            return Ok(None);
        };
        let len = close - self.at(t) + 2;
        let (text, next) = t.split_at(len);
        let name = &text[2..len - 2];
        let class = match name.strip_prefix('^') {
            Some(bare) => PosixKind::from_name(bare).map(|kind| (kind, true)),
            None => PosixKind::from_name(name).map(|kind| (kind, false)),
        }
        .map(|(kind, negated)| PosixClass { kind, negated });
        match class {
            Some(class) => Ok(Some((next, ClassItemKind::Posix(class)))),
            None => Err(self.error(ErrorKind::InvalidCharRange, t, next)),
        }
    }

    /// Where the first `:]` at or after offset `from` starts. Searches only move forward, so
    /// one answer serves every later question it still answers: the search stays linear.
    fn next_posix_end(&self, from: usize) -> Option<usize> {
        let (searched_from, found) = self.posix_end.get();
        if searched_from != usize::MAX && from >= searched_from {
            match found {
                None => return None,
                Some(at) if at >= from => return Some(at),
                Some(_) => {}
            }
        }
        let found = self
            .pattern
            .get(from..)
            .and_then(|rest| rest.find(":]"))
            .map(|i| from + i);
        self.posix_end.set((from, found));
        found
    }

    /// A character of a class, itself or escaped (Go's `parseClassChar`). The class running to
    /// the end of the pattern is an error quoting it from its `[`.
    fn class_char(&self, t: &'p str, class: &'p str) -> PResult<'p, u32> {
        if t.starts_with('\\') {
            return self.escaped_char(t);
        }
        match anychar::<_, Fail>(t) {
            Ok((next, c)) => Ok((next, u32::from(c))),
            Err(_) => self.fail(ErrorKind::MissingBracket, class, ""),
        }
    }
}
