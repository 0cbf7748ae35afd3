//! The reader: runs the grammar over a pattern, applies the rules that depend on what came
//! before (a repetition needs something to repeat and may not follow another; `)` needs an open
//! group; nested counts may not multiply past 1,000), and tells a [`Sink`] what it read, in
//! Go's order. Checking, building the syntax tree and modelling Go's parser are three sinks of
//! this one reading.

use super::ast::{Assertion, ClassItem, Flags, PerlClass, RepeatOp, UnicodeClass};
use super::error::{Error, ErrorKind, Limit};
use super::gauge::{Gauge, GaugeFrame};
use super::grammar::{Grammar, Open, RepeatToken, Token, MAX_REPEAT};
use crate::ast::Span;

/// What a sink answers: nothing, or a limit of Go's parser that was passed.
pub(crate) type Step = Result<(), Limit>;

/// Receives what the reader reads, in Go's order. Every method but `class_item` may stop the
/// reading with a limit.
pub(crate) trait Sink {
    /// One character.
    fn literal(&mut self, code: u32, span: Span) -> Step;
    /// Characters with no special meaning, each a literal, the first at offset `start`.
    fn plain(&mut self, text: &str, start: usize) -> Step {
        for (i, c) in text.char_indices() {
            let at = start + i;
            self.literal(u32::from(c), Span::new(at, at + c.len_utf8()))?;
        }
        Ok(())
    }
    /// `.`
    fn dot(&mut self, span: Span) -> Step;
    /// `^`, `$`, `\A`, `\z`, `\b`, `\B`.
    fn assertion(&mut self, assertion: Assertion, span: Span) -> Step;
    /// `\d` and the like.
    fn perl(&mut self, class: PerlClass, span: Span) -> Step;
    /// `\pL` and the like.
    fn unicode(&mut self, class: UnicodeClass, span: Span) -> Step;
    /// An item of the bracketed class being read.
    fn class_item(&mut self, item: ClassItem);
    /// The end of a bracketed class, its items given.
    fn bracket(&mut self, negated: bool, span: Span) -> Step;
    /// A repetition of what was read last, which the reader has checked is there.
    fn repeat(&mut self, op: RepeatOp, lazy: bool, span: Span) -> Step;
    /// A group opens.
    fn open(&mut self, open: Open<'_>, span: Span) -> Step;
    /// `(?flags)`.
    fn flags(&mut self, flags: Flags, span: Span) -> Step;
    /// `|`
    fn bar(&mut self, span: Span) -> Step;
    /// The alternatives of the innermost group (or of the whole pattern) are complete: at
    /// `)` before the reader knows a group is open, and at the end of the pattern.
    fn end_alternatives(&mut self, at: usize) -> Step;
    /// The innermost group closes, at `)`.
    fn close(&mut self, span: Span) -> Step;
}

/// The sink that checks syntax and nothing else.
impl Sink for () {
    #[inline(always)]
    fn literal(&mut self, _: u32, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn plain(&mut self, _: &str, _: usize) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn dot(&mut self, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn assertion(&mut self, _: Assertion, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn perl(&mut self, _: PerlClass, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn unicode(&mut self, _: UnicodeClass, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn class_item(&mut self, _: ClassItem) {}
    #[inline(always)]
    fn bracket(&mut self, _: bool, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn repeat(&mut self, _: RepeatOp, _: bool, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn open(&mut self, _: Open<'_>, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn flags(&mut self, _: Flags, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn bar(&mut self, _: Span) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn end_alternatives(&mut self, _: usize) -> Step {
        Ok(())
    }
    #[inline(always)]
    fn close(&mut self, _: Span) -> Step {
        Ok(())
    }
}

/// Reads `pattern` into `sink`: `Ok` when Go's parser takes it, else Go's first error.
pub(crate) fn read<S: Sink>(pattern: &str, sink: &mut S) -> Result<(), Error> {
    let mut reader = Reader::<false>::new();
    reader.feed(pattern, sink)?;
    reader.finish(sink)
}

/// A reading in progress, which can take a pattern in pieces (each a whole number of tokens).
/// With `GAUGE`, it also keeps the bounds of [`Gauge`].
pub(crate) struct Reader<const GAUGE: bool> {
    groups: Groups,
    gauge: Gauge,
    /// Where the token before began, when it was a repetition.
    last_repeat: Option<usize>,
    /// The length of what was read before.
    offset: usize,
}

impl<const GAUGE: bool> Reader<GAUGE> {
    pub(crate) fn new() -> Self {
        Reader {
            groups: Groups::new(),
            gauge: Gauge::new(),
            last_repeat: None,
            offset: 0,
        }
    }

    /// Reads `text`, the next tokens of the pattern.
    pub(crate) fn feed<S: Sink>(&mut self, text: &str, sink: &mut S) -> Result<(), Error> {
        let offset = self.offset;
        let read = self.read(text, offset, sink);
        self.offset += text.len();
        read
    }

    /// Whether Go may track sizes for what was read (see [`Gauge`]); for a reader with the
    /// gauge.
    pub(crate) fn may_track_sizes(&self) -> bool {
        let top = self.groups.outer.first().unwrap_or(&self.groups.current);
        self.gauge.may_track_sizes(&top.gauge)
    }

    /// Ends the pattern: what is open must close.
    pub(crate) fn finish<S: Sink>(&mut self, sink: &mut S) -> Result<(), Error> {
        let whole = Span::new(0, self.offset);
        if GAUGE {
            self.gauge.end_alternatives();
        }
        sink.end_alternatives(self.offset)
            .map_err(|limit| Error::new(limit.kind(), whole))?;
        if self.groups.depth() > 0 {
            return Err(Error::new(ErrorKind::MissingParen, whole));
        }
        Ok(())
    }

    fn read<S: Sink>(&mut self, text: &str, offset: usize, sink: &mut S) -> Result<(), Error> {
        // Go quotes the whole pattern for these errors.
        let whole = Span::new(0, offset + text.len());
        let limit = |limit: Limit| Error::new(limit.kind(), whole);
        let grammar = Grammar::new(text);
        let groups = &mut self.groups;
        let gauge = &mut self.gauge;
        let mut rest = text;
        while !rest.is_empty() {
            let start = offset + grammar.at(rest);
            let (next, token) = match grammar.token(rest, &mut |item| sink.class_item(item)) {
                Ok(read) => read,
                Err(nom::Err::Failure(fail) | nom::Err::Error(fail)) => {
                    // Every byte starts some token: a soft failure would be the grammar's bug.
                    let internal = Error::new(ErrorKind::InternalError, Span::empty(start));
                    return Err(fail.into_error(offset).unwrap_or(internal));
                }
                Err(nom::Err::Incomplete(_)) => {
                    return Err(Error::new(ErrorKind::InternalError, Span::empty(start)))
                }
            };
            let span = Span::new(start, offset + grammar.at(next));
            let mut repeat_at = None;
            match token {
                Token::Plain(text) => {
                    groups.atom();
                    if GAUGE {
                        gauge.plain(&mut groups.current.gauge, text);
                    }
                    sink.plain(text, start).map_err(limit)?;
                }
                Token::Quote(text) => {
                    // Each character is an atom; the last is what a repetition would repeat.
                    if !text.is_empty() {
                        groups.atom();
                    }
                    if GAUGE {
                        gauge.plain(&mut groups.current.gauge, text);
                    }
                    // `\Q` is two bytes before the text.
                    sink.plain(text, start + 2).map_err(limit)?;
                }
                Token::Literal(code) => {
                    groups.atom();
                    if GAUGE {
                        gauge.literal(&mut groups.current.gauge, code);
                    }
                    sink.literal(code, span).map_err(limit)?;
                }
                Token::Dot => {
                    groups.atom();
                    if GAUGE {
                        gauge.dot(&mut groups.current.gauge);
                    }
                    sink.dot(span).map_err(limit)?;
                }
                Token::Assertion(assertion) => {
                    groups.atom();
                    if GAUGE {
                        gauge.assertion(&mut groups.current.gauge, assertion);
                    }
                    sink.assertion(assertion, span).map_err(limit)?;
                }
                Token::Perl(class) => {
                    groups.atom();
                    if GAUGE {
                        gauge.class(&mut groups.current.gauge);
                    }
                    sink.perl(class, span).map_err(limit)?;
                }
                Token::Unicode(class) => {
                    groups.atom();
                    if GAUGE {
                        gauge.class(&mut groups.current.gauge);
                    }
                    sink.unicode(class, span).map_err(limit)?;
                }
                Token::Bracket(negated) => {
                    groups.atom();
                    if GAUGE {
                        gauge.class(&mut groups.current.gauge);
                    }
                    sink.bracket(negated, span).map_err(limit)?;
                }
                Token::Repeat(RepeatToken { op, lazy }) => {
                    if let Some(previous) = self.last_repeat {
                        let nested = Span::new(previous, span.end);
                        return Err(Error::new(ErrorKind::InvalidRepeatOp, nested));
                    }
                    if !groups.has_atom() {
                        return Err(Error::new(ErrorKind::MissingRepeatArgument, span));
                    }
                    if GAUGE {
                        gauge.repeat(&mut groups.current.gauge, op);
                    }
                    sink.repeat(op, lazy, span).map_err(limit)?;
                    if !groups.repeat(op) {
                        return Err(Error::new(ErrorKind::InvalidRepeatSize, span));
                    }
                    repeat_at = Some(start);
                }
                Token::Open(open) => {
                    let inner = if GAUGE {
                        gauge.open(&groups.current.gauge, open)
                    } else {
                        GaugeFrame::TOP
                    };
                    sink.open(open, span).map_err(limit)?;
                    groups.open(inner);
                }
                Token::Flags(flags) => {
                    if GAUGE {
                        Gauge::flags(&mut groups.current.gauge, flags);
                    }
                    sink.flags(flags, span).map_err(limit)?;
                }
                Token::Bar => {
                    if GAUGE {
                        gauge.bar(&mut groups.current.gauge);
                    }
                    sink.bar(span).map_err(limit)?;
                    groups.bar();
                }
                Token::Close => {
                    if GAUGE {
                        gauge.end_alternatives();
                    }
                    sink.end_alternatives(start).map_err(limit)?;
                    if !groups.close(GAUGE.then_some(&mut *gauge)) {
                        return Err(Error::new(ErrorKind::UnexpectedParen, whole));
                    }
                    sink.close(span).map_err(limit)?;
                }
            }
            self.last_repeat = repeat_at;
            rest = next;
        }
        Ok(())
    }
}

/// What the reader remembers of a group: whether something was read since its last `|` (or
/// its start), and how many copies of their innermost parts its repetitions make.
///
/// Go refuses a count `{n,m}` (with `n` or `m` at least 2) when the counts nested in what it
/// repeats multiply past 1,000 on some path (`repeatIsValid`): each count weighs its maximum (its
/// minimum for `{n,}`, 1 for `{0,}`), and `{0}` stops the walk. That product is the largest
/// weight in what is repeated, and Go's rewriting of its tree (merging literals, factoring
/// alternatives) keeps every path's product, so a group needs only the largest weight of what it
/// holds and the weight of its last item, which a repetition would apply to.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// The largest weight of the group's items before the last.
    before_last: u32,
    /// The weight of the last item, `None` right after the group's start or a `|`.
    last: Option<u32>,
    /// What the gauge keeps for the group.
    gauge: GaugeFrame,
}

impl Frame {
    const fn new(gauge: GaugeFrame) -> Frame {
        Frame {
            before_last: 1,
            last: None,
            gauge,
        }
    }

    fn whole(self) -> u32 {
        self.before_last.max(self.last.unwrap_or(1))
    }
}

/// The open groups, the innermost in `current`.
struct Groups {
    current: Frame,
    outer: InlineStack<Frame>,
}

impl Groups {
    fn new() -> Self {
        Groups {
            current: Frame::new(GaugeFrame::TOP),
            outer: InlineStack::new(),
        }
    }

    fn depth(&self) -> usize {
        self.outer.len()
    }

    fn has_atom(&self) -> bool {
        self.current.last.is_some()
    }

    /// Something that a repetition may repeat was read (or several such things: only the
    /// last can be repeated, and each weighs 1).
    fn atom(&mut self) {
        self.push_item(1);
    }

    fn push_item(&mut self, weight: u32) {
        let current = &mut self.current;
        if let Some(last) = current.last {
            current.before_last = current.before_last.max(last);
        }
        current.last = Some(weight);
    }

    /// Applies `op` to the last item; `false` when Go refuses the count.
    fn repeat(&mut self, op: RepeatOp) -> bool {
        let RepeatOp::Counted { min, max } = op else {
            return true;
        };
        let last = self.current.last.unwrap_or(1);
        let weight = match max {
            Some(0) => 1,
            Some(max) => max.saturating_mul(last),
            None => min.max(1).saturating_mul(last),
        };
        self.current.last = Some(weight);
        let checked = min >= 2 || max.is_some_and(|max| max >= 2);
        !checked || weight <= MAX_REPEAT
    }

    fn bar(&mut self) {
        let current = &mut self.current;
        if let Some(last) = current.last.take() {
            current.before_last = current.before_last.max(last);
        }
    }

    fn open(&mut self, gauge: GaugeFrame) {
        self.outer.push(self.current);
        self.current = Frame::new(gauge);
    }

    /// Closes the innermost group; `false` when none is open.
    fn close(&mut self, gauge: Option<&mut Gauge>) -> bool {
        let Some(outer) = self.outer.pop() else {
            return false;
        };
        let inner = self.current;
        self.current = outer;
        if let Some(gauge) = gauge {
            gauge.close(&inner.gauge, &mut self.current.gauge);
        }
        self.push_item(inner.whole());
        true
    }
}

/// A stack that holds its first few items inline, and spills to the heap beyond.
#[derive(Debug)]
pub(crate) struct InlineStack<T: Copy> {
    inline: [Option<T>; 4],
    len: usize,
    spilled: Vec<T>,
}

impl<T: Copy> InlineStack<T> {
    pub(crate) fn new() -> Self {
        InlineStack {
            inline: [None; 4],
            len: 0,
            spilled: Vec::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len + self.spilled.len()
    }

    pub(crate) fn push(&mut self, item: T) {
        if self.len < self.inline.len() && self.spilled.is_empty() {
            self.inline[self.len] = Some(item);
            self.len += 1;
        } else {
            self.spilled.push(item);
        }
    }

    /// The first item pushed, if any.
    pub(crate) fn first(&self) -> Option<&T> {
        if self.len > 0 {
            self.inline[0].as_ref()
        } else {
            self.spilled.first()
        }
    }

    pub(crate) fn pop(&mut self) -> Option<T> {
        if let Some(item) = self.spilled.pop() {
            return Some(item);
        }
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        self.inline[self.len].take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(pattern: &str) -> Result<(), String> {
        read(pattern, &mut ()).map_err(|e| e.message(pattern))
    }

    #[test]
    fn context_rules_follow_go() {
        let cases = [
            ("a**", "invalid nested repetition operator: `**`"),
            ("a*?+?", "invalid nested repetition operator: `*?+?`"),
            ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
            ("*", "missing argument to repetition operator: `*`"),
            ("(*)", "missing argument to repetition operator: `*`"),
            ("a|*", "missing argument to repetition operator: `*`"),
            ("(?i)*", "missing argument to repetition operator: `*`"),
            ("\\Q\\E*", "missing argument to repetition operator: `*`"),
            ("a)", "unexpected ): `a)`"),
            ("(a", "missing closing ): `(a`"),
            ("(a{100}){20}", "invalid repeat count: `{20}`"),
            ("(a{100}|b){20}?", "invalid repeat count: `{20}?`"),
            ("((a{10})*){200}", "invalid repeat count: `{200}`"),
            ("((a{10}){0,1}){101}", "invalid repeat count: `{101}`"),
            ("((a{10}){1,}){101}", "invalid repeat count: `{101}`"),
            ("((a{10}){0,}){101}", "invalid repeat count: `{101}`"),
            (
                "a{0}{1000}",
                "invalid nested repetition operator: `{0}{1000}`",
            ),
        ];
        for (pattern, want) in cases {
            assert_eq!(
                verdict(pattern),
                Err(format!("error parsing regexp: {want}")),
                "{pattern}"
            );
        }
        for pattern in [
            "a(?i)*",
            "a*(?i)*",
            "a*\\Q\\E*",
            "(?:)*",
            "()+",
            "((a{10}){0,}){100}",
            "((a{1000}){0}){1000}",
            "(a{10}){100}",
            "((a{10}){1}){100}",
        ] {
            assert_eq!(verdict(pattern), Ok(()), "{pattern}");
        }
    }

    #[test]
    fn deep_nesting_spills_to_the_heap() {
        let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(verdict(&deep), Ok(()));
        let open = format!("{}a", "(".repeat(40));
        assert!(verdict(&open).is_err());
    }
}
