//! Go's parsed tree, as Prometheus holds it: what `syntax.Parse(pattern, Perl|DotNL)` returns,
//! after Prometheus' rewriting of `.*a.*|.*b.*` as `.*(?:a|b).*`. Prometheus' shortcuts
//! (`matching`) are worked out on it, and pyroql's own engine runs it.

use std::rc::Rc;

use super::{Model, Op, DOT_NL, FOLD_CASE, PERL};
use crate::regexp::read::read;

/// One of Go's `Regexp` nodes, taken out of the model. Copying a node (as Prometheus'
/// `*re = *re.Sub[0]` does, and as keeping the tree as parsed beside the one Prometheus
/// changes does) allocates only for more than [`INLINE_SUBS`] children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GoNode {
    pub op: Op,
    /// Go's parse flags (`FOLD_CASE` is the one Prometheus reads).
    pub flags: u16,
    /// Literal runes, or class ranges as Go's flat `[lo, hi, lo, hi, …]`; never changed.
    pub runes: Rc<[u32]>,
    pub sub: Subs,
    pub min: i64,
    pub max: i64,
}

/// Children held inline up to this many.
pub(crate) const INLINE_SUBS: usize = 6;

/// A node's children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subs {
    Inline { len: u8, ids: [usize; INLINE_SUBS] },
    Heap(Vec<usize>),
}

impl Subs {
    fn from_vec(ids: Vec<usize>) -> Subs {
        if ids.len() > INLINE_SUBS {
            return Subs::Heap(ids);
        }
        let mut inline = [0; INLINE_SUBS];
        inline[..ids.len()].copy_from_slice(&ids);
        Subs::Inline {
            len: ids.len() as u8,
            ids: inline,
        }
    }

    /// Drops the first child, if any.
    pub fn remove_first(&mut self) {
        match self {
            Subs::Inline { len, ids } if *len > 0 => {
                ids.copy_within(1.., 0);
                *len -= 1;
            }
            Subs::Inline { .. } => {}
            Subs::Heap(ids) if !ids.is_empty() => {
                ids.remove(0);
            }
            Subs::Heap(_) => {}
        }
    }

    /// Drops the last child, if any.
    pub fn pop(&mut self) {
        match self {
            Subs::Inline { len, .. } => *len = len.saturating_sub(1),
            Subs::Heap(ids) => {
                ids.pop();
            }
        }
    }

    pub fn clear(&mut self) {
        *self = Subs::Inline {
            len: 0,
            ids: [0; INLINE_SUBS],
        };
    }
}

impl<'a> IntoIterator for &'a Subs {
    type Item = &'a usize;
    type IntoIter = std::slice::Iter<'a, usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::ops::Deref for Subs {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        match self {
            Subs::Inline { len, ids } => &ids[..usize::from(*len).min(INLINE_SUBS)],
            Subs::Heap(ids) => ids,
        }
    }
}

impl GoNode {
    /// Whether the node is case-insensitive (Go's `FoldCase` flag).
    pub fn folds(&self) -> bool {
        self.flags & FOLD_CASE != 0
    }
}

/// Go's tree, its nodes in an arena (with the nodes Go's parser freed, which nothing reaches);
/// each node is reached from `root` by one path only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GoTree {
    pub nodes: Vec<GoNode>,
    pub root: usize,
}

impl std::ops::Index<usize> for GoTree {
    type Output = GoNode;

    fn index(&self, id: usize) -> &GoNode {
        &self.nodes[id]
    }
}

impl std::ops::IndexMut<usize> for GoTree {
    fn index_mut(&mut self, id: usize) -> &mut GoNode {
        &mut self.nodes[id]
    }
}

/// The tree Prometheus holds for `pattern` (after `optimizeAlternatingSimpleContains`), for a
/// pattern [`check`](crate::regexp::check) accepts; `None` for any other.
pub(crate) fn go_tree(pattern: &str) -> Option<GoTree> {
    let mut model = Model::new(PERL | DOT_NL);
    model.nodes.reserve(pattern.len() + 4);
    model.stack.reserve(16);
    read(pattern, &mut model).ok()?;
    let root = *model.stack.first()?;
    let root = model.contains_rewrite(root);
    Some(take(model, root))
}

/// The tree of `model` under `root`, taken out as it is (the nodes the root no longer reaches
/// stay, unreachable).
pub(super) fn take(mut model: Model, root: usize) -> GoTree {
    let nodes = std::mem::take(&mut model.nodes)
        .into_iter()
        .map(|node| GoNode {
            op: node.op,
            flags: node.flags,
            runes: node.runes.into(),
            sub: Subs::from_vec(node.sub),
            min: node.min,
            max: node.max,
        })
        .collect();
    GoTree { nodes, root }
}
