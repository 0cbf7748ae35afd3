//! Go's `checkLimits`: runes, then size, then height, each checked as Go checks it, with Go's
//! memos (a size, once worked out for a node, is reused even after the node changed or was
//! recycled; a height is forgotten when its node is recycled).

use super::{memo, remember, Id, Model, Op, MAX_HEIGHT, MAX_RUNES, MAX_SIZE};
use crate::regexp::error::Limit;

impl Model {
    pub(super) fn check_limits(&mut self, re: Id) -> Result<(), Limit> {
        if self.num_runes > MAX_RUNES {
            return Err(Limit::Large);
        }
        self.check_size(re)?;
        self.check_height(re)
    }

    /// Go's `checkSize`: sizes are tracked only once the nodes made, times the counts seen,
    /// could reach the limit.
    fn check_size(&mut self, re: Id) -> Result<(), Limit> {
        if self.size.is_none() {
            if self.repeats == 0 {
                self.repeats = 1;
            }
            let node = self.node(re);
            if node.op == Op::Repeat {
                let mut n = if node.max == -1 { node.min } else { node.max };
                if n <= 0 {
                    n = 1;
                }
                if n > MAX_SIZE / self.repeats {
                    self.repeats = MAX_SIZE;
                } else {
                    self.repeats *= n;
                }
            }
            if self.num_regexp < MAX_SIZE / self.repeats {
                return Ok(());
            }
            self.size = Some(Vec::new());
            for id in self.stack.clone() {
                self.check_size(id)?;
            }
        }
        if self.calc_size(re, true) > MAX_SIZE {
            return Err(Limit::Large);
        }
        Ok(())
    }

    /// Go's `calcSize`: the instructions `re` compiles to, pessimistically. A node with a
    /// remembered size is not looked into (unless it is `re` and `force` is set), as in Go;
    /// the walk keeps its own stack, so that deep trees do not deepen the thread's.
    fn calc_size(&mut self, re: Id, force: bool) -> i64 {
        let remembered = |model: &Model, id: Id| model.size.as_deref().and_then(|m| memo(m, id));
        if !force {
            if let Some(size) = remembered(self, re) {
                return size;
            }
        }
        let order = self.unworked(re, self.size.as_deref());
        let mut size = 1;
        for &id in order.iter().rev() {
            size = self.size_of(id);
            if let Some(map) = &mut self.size {
                remember(map, id, size);
            }
        }
        size
    }

    /// One node's size, its children's sizes being remembered.
    fn size_of(&self, re: Id) -> i64 {
        let node = self.node(re);
        let sub = |i: usize| {
            node.sub
                .get(i)
                .and_then(|&s| self.size.as_deref().and_then(|m| memo(m, s)))
                .unwrap_or(1)
        };
        let size = match node.op {
            Op::Literal => node.runes.len() as i64,
            Op::Capture | Op::Star => 2 + sub(0),
            Op::Plus | Op::Quest => 1 + sub(0),
            Op::Concat | Op::Alternate => {
                let mut size: i64 = (0..node.sub.len()).map(sub).sum();
                if node.op == Op::Alternate && node.sub.len() > 1 {
                    size += node.sub.len() as i64 - 1;
                }
                size
            }
            Op::Repeat => match (node.max, node.min) {
                (-1, 0) => 2 + sub(0),
                (-1, min) => 1 + min * sub(0),
                (max, min) => max * sub(0) + (max - min),
            },
            _ => 0,
        };
        size.max(1)
    }

    /// Go's `checkHeight`: heights are tracked once a thousand nodes were made.
    fn check_height(&mut self, re: Id) -> Result<(), Limit> {
        if self.num_regexp < MAX_HEIGHT {
            return Ok(());
        }
        if self.height.is_none() {
            self.height = Some(Vec::new());
            for id in self.stack.clone() {
                self.check_height(id)?;
            }
        }
        if self.calc_height(re, true) > MAX_HEIGHT {
            return Err(Limit::Deep);
        }
        Ok(())
    }

    /// Go's `calcHeight`, walked with a stack of its own like [`Model::calc_size`].
    fn calc_height(&mut self, re: Id, force: bool) -> i64 {
        let remembered = |model: &Model, id: Id| model.height.as_deref().and_then(|m| memo(m, id));
        if !force {
            if let Some(height) = remembered(self, re) {
                return height;
            }
        }
        let order = self.unworked(re, self.height.as_deref());
        let mut height = 1;
        for &id in order.iter().rev() {
            height = 1 + self
                .node(id)
                .sub
                .iter()
                .map(|&s| remembered(self, s).unwrap_or(1))
                .max()
                .unwrap_or(0);
            if let Some(map) = &mut self.height {
                remember(map, id, height);
            }
        }
        height
    }

    /// The nodes to work out for `re`: `re` and every node below it that `map` does not
    /// remember (what it remembers is not looked into), each after its parent, so that worked
    /// out in reverse, children come first.
    fn unworked(&self, re: Id, map: Option<&[Option<i64>]>) -> Vec<Id> {
        let mut order = Vec::new();
        let mut pending = vec![re];
        while let Some(id) = pending.pop() {
            order.push(id);
            for &sub in &self.node(id).sub {
                if map.and_then(|m| memo(m, sub)).is_none() {
                    pending.push(sub);
                }
            }
        }
        order
    }
}
