//! Whether Go could track sizes while parsing a short pattern: bounds the reader keeps as it
//! reads, so that only patterns that may reach Go's size limit pay for the model of Go's
//! parser.
//!
//! Go works out sizes only once the nodes it allocated (`numRegexp`) reach `maxSize` divided by
//! the product of the counts it met (`repeats`: each `{n,m}` node multiplies it by `m`, or `n`
//! for `{n,}`, every time Go checks it, which is when it is made and whenever Go pushes it
//! again). Until then no size is checked and none can be too large; both numbers only grow, so
//! bounds on their final values tell. When sizes may be tracked, only the model knows the
//! answer: a count can make a size too large before Go finds the count invalid, and sizes Go
//! remembered for nodes it recycled can be stale.
//!
//! A `{n,m}` node is pushed again when it is all of a group (twice: as the run and as the
//! alternation; three times for a non-capturing group, which then passes it on to the group
//! around it) or of the whole pattern. In the second parse it is all of the groups its printed
//! form puts around it: the groups it was all of, one flag group if it needs flags (a `.`, a
//! case-folded letter, a multi-line anchor) and, at the top, the two around the tree. With `|`,
//! Go's factoring checks alternatives again: counts and `|` together send a pattern to the
//! model.

use super::ast::{Assertion, FlagSet, Flags, RepeatOp};
use super::grammar::Open;
use super::unicode;

/// Go's `maxSize`.
const MAX_SIZE: u64 = (128 << 20) / 40;

/// The bounds for the whole pattern.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gauge {
    /// Nodes Go may allocate, in the first parse.
    nodes: u64,
    /// Bounds on `repeats` in the first and second parse.
    first: u64,
    second: u64,
    bars: bool,
    counts: bool,
}

/// What the gauge knows of a group.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GaugeFrame {
    capturing: bool,
    fold: bool,
    dot_nl: bool,
    multi_line: bool,
    /// Items in the current alternative, counted up to 2.
    items: u8,
    /// The count of the last item, when it is a `{n,m}` node.
    last_count: Option<u32>,
    /// Whether the last item needs flags printed around it.
    last_needs_flags: bool,
    /// Whether some item of the group needs flags.
    needs_flags: bool,
}

impl GaugeFrame {
    /// The whole pattern, read with Prometheus' flags.
    pub(crate) const TOP: GaugeFrame = GaugeFrame {
        capturing: false,
        fold: false,
        dot_nl: true,
        multi_line: false,
        items: 0,
        last_count: None,
        last_needs_flags: false,
        needs_flags: false,
    };

    fn apply(&mut self, flags: Flags) {
        let mut set = FlagSet::NONE;
        for (on, flag) in [
            (self.fold, FlagSet::CASE_INSENSITIVE),
            (self.dot_nl, FlagSet::DOT_MATCHES_NEWLINE),
            (self.multi_line, FlagSet::MULTI_LINE),
        ] {
            if on {
                set = set.union(flag);
            }
        }
        let set = flags.apply(set);
        self.fold = set.contains(FlagSet::CASE_INSENSITIVE);
        self.dot_nl = set.contains(FlagSet::DOT_MATCHES_NEWLINE);
        self.multi_line = set.contains(FlagSet::MULTI_LINE);
    }
}

/// `value * n^k`, saturating.
fn times(mut value: u64, n: u64, k: u32) -> u64 {
    for _ in 0..k {
        value = value.saturating_mul(n);
    }
    value
}

impl Gauge {
    pub(crate) const fn new() -> Self {
        Gauge {
            nodes: 0,
            first: 1,
            second: 1,
            bars: false,
            counts: false,
        }
    }

    #[inline]
    fn item(&mut self, frame: &mut GaugeFrame, needs_flags: bool) {
        self.nodes += 1;
        frame.items = (frame.items + 1).min(2);
        frame.last_count = None;
        frame.last_needs_flags = needs_flags;
        frame.needs_flags |= needs_flags;
    }

    /// A run of characters, each a literal node.
    #[inline]
    pub(crate) fn plain(&mut self, frame: &mut GaugeFrame, text: &str) {
        let Some(last) = text.chars().next_back() else {
            return;
        };
        let folds = frame.fold && text.chars().any(|c| unicode::folds(u32::from(c)));
        self.item(frame, folds);
        if text.len() > last.len_utf8() {
            // More than one character: bytes bound them.
            self.nodes += text.len() as u64;
            frame.items = 2;
        }
        frame.last_needs_flags = frame.fold && unicode::folds(u32::from(last));
    }

    #[inline]
    pub(crate) fn literal(&mut self, frame: &mut GaugeFrame, code: u32) {
        let folds = frame.fold && unicode::folds(code);
        self.item(frame, folds);
    }

    #[inline]
    pub(crate) fn dot(&mut self, frame: &mut GaugeFrame) {
        let needs = frame.dot_nl;
        self.item(frame, needs);
    }

    #[inline]
    pub(crate) fn assertion(&mut self, frame: &mut GaugeFrame, assertion: Assertion) {
        let line = matches!(assertion, Assertion::Caret | Assertion::Dollar);
        let needs = line && frame.multi_line;
        self.item(frame, needs);
    }

    /// A class of any kind.
    #[inline]
    pub(crate) fn class(&mut self, frame: &mut GaugeFrame) {
        self.item(frame, false);
    }

    #[inline]
    pub(crate) fn repeat(&mut self, frame: &mut GaugeFrame, op: RepeatOp) {
        self.nodes += 1;
        let RepeatOp::Counted { min, max } = op else {
            frame.last_count = None;
            return;
        };
        let n = max.unwrap_or(min).max(1);
        self.counts |= n >= 2;
        self.first = self.first.saturating_mul(u64::from(n));
        self.second = self.second.saturating_mul(u64::from(n));
        if frame.last_needs_flags {
            // Perhaps a flag group of its own in the second parse.
            self.second = times(self.second, u64::from(n), 3);
        }
        frame.last_count = Some(n);
    }

    /// A group opens inside `frame`: the frame for its content.
    #[inline]
    pub(crate) fn open(&mut self, frame: &GaugeFrame, open: Open<'_>) -> GaugeFrame {
        self.nodes += 1;
        let mut inner = GaugeFrame {
            capturing: !matches!(open, Open::NonCapturing(_)),
            items: 0,
            last_count: None,
            last_needs_flags: false,
            needs_flags: false,
            ..*frame
        };
        if let Open::NonCapturing(flags) = open {
            inner.apply(flags);
        }
        inner
    }

    #[inline]
    pub(crate) fn flags(frame: &mut GaugeFrame, flags: Flags) {
        frame.apply(flags);
    }

    #[inline]
    pub(crate) fn bar(&mut self, frame: &mut GaugeFrame) {
        self.bars = true;
        frame.items = 0;
        frame.last_count = None;
    }

    /// A run and an alternation, each perhaps a new node.
    #[inline]
    pub(crate) fn end_alternatives(&mut self) {
        self.nodes += 2;
    }

    /// The node that is all of the group in `frame` is pushed again.
    fn sole(&mut self, frame: &GaugeFrame, first_times: u32, second_times: u32) {
        if let (1, Some(n)) = (frame.items, frame.last_count) {
            self.first = times(self.first, u64::from(n), first_times);
            self.second = times(self.second, u64::from(n), second_times);
        }
    }

    /// The group read in `inner` closes, in `outer`.
    #[inline]
    pub(crate) fn close(&mut self, inner: &GaugeFrame, outer: &mut GaugeFrame) {
        let pushes = if inner.capturing { 2 } else { 3 };
        self.sole(inner, pushes, pushes);
        self.item(outer, inner.needs_flags);
        // The group is no new node (a capture reuses its `(`).
        self.nodes -= 1;
        if !inner.capturing && inner.items == 1 {
            outer.last_count = inner.last_count;
        }
    }

    /// Whether Go may track sizes, the whole pattern read with `top` its outermost frame.
    pub(crate) fn may_track_sizes(&self, top: &GaugeFrame) -> bool {
        if !self.counts {
            return false;
        }
        if self.bars {
            return true;
        }
        let mut all = *self;
        // The whole pattern, once read: pushed twice more by the first parse; in the second,
        // all of the group Prometheus wraps the printed tree in, and of the flag group Go
        // prints around a tree that needs flags.
        let second = if top.last_needs_flags { 6 } else { 3 };
        all.sole(top, 2, second);
        let second_nodes = all.nodes.saturating_mul(3).saturating_add(10);
        let tracked =
            |nodes: u64, repeats: u64| nodes.saturating_add(1).saturating_mul(repeats) > MAX_SIZE;
        tracked(all.nodes, all.first) || tracked(second_nodes, all.second)
    }
}
