//! The model as a reader's sink: each token read becomes the steps Go's parser takes for it.

use super::{Model, Op, DOT_NL, FOLD_CASE, NON_GREEDY, ONE_LINE, WAS_DOLLAR};
use crate::ast::Span;
use crate::regexp::ast::{Assertion, ClassItem, FlagSet, Flags, PerlClass, RepeatOp, UnicodeClass};
use crate::regexp::class;
use crate::regexp::grammar::Open;
use crate::regexp::read::{Sink, Step};

impl Model {
    fn fold(&self) -> bool {
        self.flags & FOLD_CASE != 0
    }

    /// The flags after a `(?flags)` or `(?flags:`.
    fn changed(&self, flags: Flags) -> super::Flags {
        let mut go = self.flags;
        for (set, on) in [(flags.enable, true), (flags.disable, false)] {
            if set.contains(FlagSet::CASE_INSENSITIVE) {
                go = if on { go | FOLD_CASE } else { go & !FOLD_CASE };
            }
            if set.contains(FlagSet::MULTI_LINE) {
                go = if on { go & !ONE_LINE } else { go | ONE_LINE };
            }
            if set.contains(FlagSet::DOT_MATCHES_NEWLINE) {
                go = if on { go | DOT_NL } else { go & !DOT_NL };
            }
            if set.contains(FlagSet::UNGREEDY) {
                go = if on {
                    go | NON_GREEDY
                } else {
                    go & !NON_GREEDY
                };
            }
        }
        go
    }
}

impl Sink for Model {
    fn literal(&mut self, code: u32, _: Span) -> Step {
        Model::literal(self, code)
    }

    fn dot(&mut self, _: Span) -> Step {
        let op = if self.flags & DOT_NL != 0 {
            Op::AnyChar
        } else {
            Op::AnyCharNotNl
        };
        self.push_op(op).map(drop)
    }

    fn assertion(&mut self, assertion: Assertion, _: Span) -> Step {
        let one_line = self.flags & ONE_LINE != 0;
        let op = match assertion {
            Assertion::Caret if one_line => Op::BeginText,
            Assertion::Caret => Op::BeginLine,
            Assertion::Dollar if one_line => Op::EndText,
            Assertion::Dollar => Op::EndLine,
            Assertion::TextStart => Op::BeginText,
            Assertion::TextEnd => Op::EndText,
            Assertion::WordBoundary => Op::WordBoundary,
            Assertion::NotWordBoundary => Op::NoWordBoundary,
        };
        let pushed = self.push_op(op)?;
        if let (Assertion::Dollar, true, Some(id)) = (assertion, one_line, pushed) {
            self.node_mut(id).flags |= WAS_DOLLAR;
        }
        Ok(())
    }

    fn perl(&mut self, perl: PerlClass, _: Span) -> Step {
        let mut ranges = Vec::new();
        class::append_perl(&mut ranges, perl, self.fold());
        self.push_class(&ranges)
    }

    fn unicode(&mut self, unicode: UnicodeClass, _: Span) -> Step {
        let mut ranges = Vec::new();
        class::append_unicode(&mut ranges, unicode, self.fold());
        self.push_class(&ranges)
    }

    fn class_item(&mut self, item: ClassItem) {
        let fold = self.fold();
        class::append_item(&mut self.class, item.kind, fold);
    }

    fn bracket(&mut self, negated: bool, _: Span) -> Step {
        let mut ranges = std::mem::take(&mut self.class);
        class::finish_bracket(&mut ranges, negated);
        self.push_class(&ranges)
    }

    fn repeat(&mut self, op: RepeatOp, lazy: bool, _: Span) -> Step {
        let (op, min, max) = match op {
            RepeatOp::ZeroOrMore => (Op::Star, 0, 0),
            RepeatOp::OneOrMore => (Op::Plus, 0, 0),
            RepeatOp::ZeroOrOne => (Op::Quest, 0, 0),
            RepeatOp::Counted { min, max } => {
                (Op::Repeat, i64::from(min), max.map_or(-1, i64::from))
            }
        };
        Model::repeat(self, op, min, max, lazy)
    }

    fn open(&mut self, open: Open<'_>, _: Span) -> Step {
        match open {
            Open::Capture | Open::Named(_) => {
                self.num_cap += 1;
                let cap = self.num_cap;
                if let Some(id) = self.push_op(Op::LeftParen)? {
                    let node = self.node_mut(id);
                    node.cap = cap;
                    if let Open::Named(name) = open {
                        node.name = Some(name.into());
                    }
                }
            }
            Open::NonCapturing(flags) => {
                self.push_op(Op::LeftParen)?;
                self.flags = self.changed(flags);
            }
        }
        Ok(())
    }

    fn flags(&mut self, flags: Flags, _: Span) -> Step {
        self.flags = self.changed(flags);
        Ok(())
    }

    fn bar(&mut self, _: Span) -> Step {
        self.vertical_bar()
    }

    fn end_alternatives(&mut self, _: usize) -> Step {
        Model::end_alternatives(self)
    }

    fn close(&mut self, _: Span) -> Step {
        self.close_group()
    }
}
