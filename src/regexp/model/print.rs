//! Go's `Regexp.String`: the tree printed back as a pattern, with the flag groups Go's
//! `calcFlags` works out. The text goes out one token at a time, so that it can be read again
//! without being held whole (see `recompile.rs`).

use std::collections::HashMap;
use std::fmt::Write;

use super::{Id, Model, Op, FOLD_CASE, NON_GREEDY, WAS_DOLLAR};
use crate::regexp::class;
use crate::regexp::error::Error;
use crate::regexp::unicode::{self, MAX_FOLD, MAX_RUNE, MIN_FOLD};

/// Where printed tokens go. A token is never split across two calls.
pub(super) trait Out {
    fn put(&mut self, token: &str) -> Result<(), Error>;
}

impl Out for String {
    fn put(&mut self, token: &str) -> Result<(), Error> {
        self.push_str(token);
        Ok(())
    }
}

/// Go's `printFlags`.
type PrintFlags = u8;
const FLAG_I: PrintFlags = 1;
const FLAG_M: PrintFlags = 2;
const FLAG_S: PrintFlags = 4;
const FLAG_OFF: PrintFlags = 8;
const FLAG_PREC: PrintFlags = 16;
const NEG_SHIFT: u32 = 5;

/// The characters Go escapes in literals.
const META: &str = "\\.+*?()|[]{}^$";

struct Printer<'m> {
    model: &'m Model,
    flags: HashMap<Id, PrintFlags>,
    token: String,
}

impl Model {
    /// Writes `re` as Go's `String` does.
    pub(super) fn print<O: Out>(&self, re: Id, out: &mut O) -> Result<(), Error> {
        let mut printer = Printer {
            model: self,
            flags: HashMap::new(),
            token: String::new(),
        };
        let (mut must, cant) = printer.calc_flags(re);
        must |= (cant & !FLAG_I) << NEG_SHIFT;
        if must != 0 {
            must |= FLAG_OFF;
        }
        printer.write(re, must, out)
    }
}

impl Printer<'_> {
    fn add_span(&mut self, start: Id, last: Id, f: PrintFlags) {
        self.flags.insert(start, f);
        *self.flags.entry(last).or_insert(0) |= FLAG_OFF;
    }

    /// Go's `calcFlags`: the flags that must and cannot be on around `re`, recording flag
    /// groups inside it where its parts disagree. Go recurses; this keeps a stack of the
    /// concatenations and alternations being gone through.
    fn calc_flags(&mut self, re: Id) -> (PrintFlags, PrintFlags) {
        let model = self.model;
        let mut open: Vec<SpanFlags> = Vec::new();
        let mut next = re;
        loop {
            // Captures and repetitions have the flags of what they hold.
            let mut id = next;
            while matches!(
                model.op(id),
                Op::Capture | Op::Star | Op::Plus | Op::Quest | Op::Repeat
            ) {
                id = model.node(id).sub[0];
            }
            let node = model.node(id);
            if matches!(node.op, Op::Concat | Op::Alternate) && !node.sub.is_empty() {
                open.push(SpanFlags::new(id));
                next = node.sub[0];
                continue;
            }
            // Hand the flags up, through every concatenation this part ends.
            let mut flags = self.leaf_flags(id);
            loop {
                let Some(frame) = open.last_mut() else {
                    return flags;
                };
                let subs = &model.node(frame.id).sub;
                if let Some((start, last, must)) = frame.take(flags) {
                    self.add_span(subs[start], subs[last], must);
                }
                if frame.i < subs.len() {
                    next = subs[frame.i];
                    break;
                }
                let done = *frame;
                open.pop();
                let (span, whole) = done.finish();
                if let Some((start, last, must)) = span {
                    self.add_span(subs[start], subs[last], must);
                }
                flags = whole;
            }
        }
    }

    /// What a node other than a concatenation, alternation, capture or repetition needs.
    fn leaf_flags(&self, re: Id) -> (PrintFlags, PrintFlags) {
        let node = self.model.node(re);
        match node.op {
            Op::Literal => {
                let folds = node
                    .runes
                    .iter()
                    .any(|&r| (MIN_FOLD..=MAX_FOLD).contains(&r) && unicode::simple_fold(r) != r);
                match (folds, node.flags & FOLD_CASE != 0) {
                    (false, _) => (0, 0),
                    (true, true) => (FLAG_I, 0),
                    (true, false) => (0, FLAG_I),
                }
            }
            Op::CharClass => {
                let ranges = self.model.ranges(re);
                for &(lo, hi) in &ranges {
                    let (lo, hi) = (lo.max(MIN_FOLD), hi.min(MAX_FOLD));
                    for r in unicode::folding_runes(lo, hi) {
                        for f in unicode::orbit(r) {
                            if !(lo..=hi).contains(&f) && !class::contains(&ranges, f) {
                                return (0, FLAG_I);
                            }
                        }
                    }
                }
                (0, 0)
            }
            Op::AnyCharNotNl => (0, FLAG_S),
            Op::AnyChar => (FLAG_S, 0),
            Op::BeginLine | Op::EndLine => (FLAG_M, 0),
            Op::EndText if node.flags & WAS_DOLLAR != 0 => (0, FLAG_M),
            _ => (0, 0),
        }
    }

    /// Go's `writeRegexp`, with a stack of what is left to write.
    fn write<O: Out>(&mut self, re: Id, f: PrintFlags, out: &mut O) -> Result<(), Error> {
        let model = self.model;
        let mut tasks = vec![Task::Node(re, f)];
        while let Some(task) = tasks.pop() {
            let (re, mut f) = match task {
                Task::Put(text) => {
                    out.put(text)?;
                    continue;
                }
                Task::Token(text) => {
                    out.put(&text)?;
                    continue;
                }
                Task::Node(re, f) => (re, f),
            };
            f |= self.flags.get(&re).copied().unwrap_or(0);
            if f & FLAG_PREC != 0 && f & !(FLAG_OFF | FLAG_PREC) != 0 && f & FLAG_OFF != 0 {
                f &= !FLAG_PREC;
            }
            if f & !(FLAG_OFF | FLAG_PREC) != 0 {
                out.put(&flag_group(f))?;
            }
            if f & FLAG_OFF != 0 {
                tasks.push(Task::Put(")"));
            }
            if f & FLAG_PREC != 0 {
                out.put("(?:")?;
                tasks.push(Task::Put(")"));
            }
            let node = model.node(re);
            match node.op {
                Op::Capture => {
                    match &node.name {
                        Some(name) => out.put(&format!("(?P<{name}>"))?,
                        None => out.put("(")?,
                    }
                    tasks.push(Task::Put(")"));
                    let sub = node.sub[0];
                    if model.op(sub) != Op::EmptyMatch {
                        let f = self.flags.get(&sub).copied().unwrap_or(0);
                        tasks.push(Task::Node(sub, f));
                    }
                }
                Op::Star | Op::Plus | Op::Quest | Op::Repeat => {
                    tasks.push(Task::Token(repetition(node)));
                    let sub = model.node(node.sub[0]);
                    let prec =
                        sub.op > Op::Capture || (sub.op == Op::Literal && sub.runes.len() > 1);
                    tasks.push(Task::Node(node.sub[0], if prec { FLAG_PREC } else { 0 }));
                }
                Op::Concat => {
                    for &sub in node.sub.iter().rev() {
                        let prec = model.op(sub) == Op::Alternate;
                        tasks.push(Task::Node(sub, if prec { FLAG_PREC } else { 0 }));
                    }
                }
                Op::Alternate => {
                    for (i, &sub) in node.sub.iter().enumerate().rev() {
                        tasks.push(Task::Node(sub, 0));
                        if i > 0 {
                            tasks.push(Task::Put("|"));
                        }
                    }
                }
                _ => self.write_leaf(re, out)?,
            }
        }
        Ok(())
    }

    fn write_leaf<O: Out>(&mut self, re: Id, out: &mut O) -> Result<(), Error> {
        let node = self.model.node(re);
        match node.op {
            Op::NoMatch => out.put(r"[^\x00-\x{10FFFF}]"),
            Op::EmptyMatch => out.put("(?:)"),
            Op::Literal => {
                for &r in &node.runes {
                    self.token.clear();
                    escape(&mut self.token, r, false);
                    out.put(&self.token)?;
                }
                Ok(())
            }
            Op::CharClass => {
                self.token.clear();
                write_class(&mut self.token, &node.runes);
                out.put(&self.token)
            }
            Op::AnyCharNotNl | Op::AnyChar => out.put("."),
            Op::BeginLine => out.put("^"),
            Op::EndLine => out.put("$"),
            Op::BeginText => out.put(r"\A"),
            Op::EndText if node.flags & WAS_DOLLAR != 0 => out.put("$"),
            Op::EndText => out.put(r"\z"),
            Op::WordBoundary => out.put(r"\b"),
            Op::NoWordBoundary => out.put(r"\B"),
            _ => out.put(&format!("<invalid op{}>", node.op as u8)),
        }
    }
}

/// What is left to write.
enum Task {
    Node(Id, PrintFlags),
    Put(&'static str),
    Token(String),
}

/// Parts `start..=last` of a concatenation, to print flags around.
type Span = (usize, usize, PrintFlags);

/// A concatenation or alternation `calcFlags` is going through.
#[derive(Debug, Clone, Copy)]
struct SpanFlags {
    id: Id,
    /// The next part to take.
    i: usize,
    must: PrintFlags,
    cant: PrintFlags,
    all_cant: PrintFlags,
    start: usize,
    last: usize,
    did: bool,
}

impl SpanFlags {
    fn new(id: Id) -> Self {
        SpanFlags {
            id,
            i: 0,
            must: 0,
            cant: 0,
            all_cant: 0,
            start: 0,
            last: 0,
            did: false,
        }
    }

    /// Takes the flags of part `i`; a span of parts to print flags around when they conflict
    /// with what came before.
    fn take(
        &mut self,
        (sub_must, sub_cant): (PrintFlags, PrintFlags),
    ) -> Option<(usize, usize, PrintFlags)> {
        let i = self.i;
        self.i += 1;
        let mut span = None;
        if self.must & sub_cant != 0 || sub_must & self.cant != 0 {
            if self.must != 0 {
                span = Some((self.start, self.last, self.must));
            }
            self.must = 0;
            self.cant = 0;
            self.start = i;
            self.did = true;
        }
        self.must |= sub_must;
        self.cant |= sub_cant;
        self.all_cant |= sub_cant;
        if sub_must != 0 {
            self.last = i;
        }
        if self.must == 0 && self.start == i {
            self.start += 1;
        }
        span
    }

    /// The last span, if any, and the flags the whole needs and cannot have.
    fn finish(self) -> (Option<Span>, (PrintFlags, PrintFlags)) {
        if !self.did {
            return (None, (self.must, self.cant));
        }
        let span = (self.must != 0).then_some((self.start, self.last, self.must));
        (span, (0, self.all_cant))
    }
}

/// The opening of a flag group: `(?i:`, `(?s-m:`.
fn flag_group(f: PrintFlags) -> String {
    let mut open = String::from("(?");
    for (flag, c) in [(FLAG_I, 'i'), (FLAG_M, 'm'), (FLAG_S, 's')] {
        if f & flag != 0 {
            open.push(c);
        }
    }
    if f & ((FLAG_M | FLAG_S) << NEG_SHIFT) != 0 {
        open.push('-');
        for (flag, c) in [(FLAG_M, 'm'), (FLAG_S, 's')] {
            if f & (flag << NEG_SHIFT) != 0 {
                open.push(c);
            }
        }
    }
    open.push(':');
    open
}

/// A repetition's operator, `*` to `{n,m}?`.
fn repetition(node: &super::Node) -> String {
    let mut token = String::new();
    match node.op {
        Op::Star => token.push('*'),
        Op::Plus => token.push('+'),
        Op::Quest => token.push('?'),
        _ => {
            let _ = write!(token, "{{{}", node.min);
            if node.max != node.min {
                token.push(',');
                if node.max >= 0 {
                    let _ = write!(token, "{}", node.max);
                }
            }
            token.push('}');
        }
    }
    if node.flags & NON_GREEDY != 0 {
        token.push('?');
    }
    token
}

/// A class as Go prints it: its ranges, or the gaps between them after `^` when it holds both
/// U+0000 and U+10FFFF.
fn write_class(out: &mut String, runes: &[u32]) {
    out.push('[');
    let range = |out: &mut String, lo: u32, hi: u32| {
        escape(out, lo, lo == u32::from(b'-'));
        if lo != hi {
            if hi != lo + 1 {
                out.push('-');
            }
            escape(out, hi, hi == u32::from(b'-'));
        }
    };
    if runes.is_empty() {
        out.push_str(r"^\x00-\x{10FFFF}");
    } else if runes[0] == 0 && runes[runes.len() - 1] == MAX_RUNE && runes.len() > 2 {
        out.push('^');
        for gap in runes[1..runes.len() - 1].chunks_exact(2) {
            range(out, gap[0] + 1, gap[1] - 1);
        }
    } else {
        for pair in runes.chunks_exact(2) {
            range(out, pair[0], pair[1]);
        }
    }
    out.push(']');
}

/// A rune as Go's `escape` writes it.
fn escape(out: &mut String, r: u32, force: bool) {
    if let Some(c) = char::from_u32(r).filter(|&c| crate::quote::is_print(c)) {
        // META is ASCII: a wider character is never in it (and a `str` search for its bytes,
        // which `contains` would make, costs more than all the rest of printing it).
        if force || (c.is_ascii() && META.as_bytes().contains(&(c as u8))) {
            out.push('\\');
        }
        out.push(c);
        return;
    }
    match r {
        0x07 => out.push_str(r"\a"),
        0x0C => out.push_str(r"\f"),
        0x0A => out.push_str(r"\n"),
        0x0D => out.push_str(r"\r"),
        0x09 => out.push_str(r"\t"),
        0x0B => out.push_str(r"\v"),
        r if r < 0x100 => {
            let _ = write!(out, r"\x{r:02x}");
        }
        r => {
            let _ = write!(out, r"\x{{{r:x}}}");
        }
    }
}
