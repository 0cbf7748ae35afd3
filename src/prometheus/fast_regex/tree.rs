//! What Prometheus asks of Go's tree, and the changes it makes to it before looking it over
//! (`clearCapture`, `clearBeginEndText`).

use crate::regexp::{GoOp as Op, GoTree};

/// `clearCapture`: a capture is replaced by what it holds, as often as it takes.
pub(super) fn clear_capture(tree: &mut GoTree, id: usize) {
    while tree[id].op == Op::Capture {
        let Some(&sub) = tree[id].sub.first() else {
            return;
        };
        let child = tree.nodes[sub].clone();
        tree.nodes[id] = child;
    }
}

/// `clearBeginEndText`: a leading `\A` and a trailing `\z` of any node but an alternation go;
/// a node that is nothing else becomes an empty match.
pub(super) fn clear_begin_end_text(tree: &mut GoTree, id: usize) {
    if tree[id].op == Op::Alternate || tree[id].sub.is_empty() {
        return;
    }
    let is_text_edge =
        |tree: &GoTree, sub: usize| matches!(tree[sub].op, Op::BeginText | Op::EndText);
    if tree[id].sub.len() == 1 && is_text_edge(tree, tree[id].sub[0]) {
        tree[id].op = Op::EmptyMatch;
        tree[id].sub.clear();
        return;
    }
    if tree[tree[id].sub[0]].op == Op::BeginText {
        tree[id].sub.remove_first();
    }
    if let Some(&last) = tree[id].sub.last() {
        if tree[last].op == Op::EndText {
            tree[id].sub.pop();
        }
    }
}

pub(super) fn case_sensitive(tree: &GoTree, id: usize) -> bool {
    !tree[id].folds()
}

pub(super) fn is_case_sensitive_literal(tree: &GoTree, id: usize) -> bool {
    tree[id].op == Op::Literal && case_sensitive(tree, id)
}

/// `isMatchAny`: `.*` matching newlines.
pub(super) fn is_match_any(tree: &GoTree, id: usize) -> bool {
    tree[id].op == Op::Star
        && tree[id]
            .sub
            .first()
            .is_some_and(|&s| tree[s].op == Op::AnyChar)
}

/// `isSimpleConcatenationPattern`: `.*`, then literals and `.*`s, then `.*`.
pub(super) fn is_simple_concatenation(tree: &GoTree, id: usize) -> bool {
    let node = &tree[id];
    if node.op != Op::Concat || node.sub.len() < 2 {
        return false;
    }
    let (first, last) = (node.sub[0], node.sub[node.sub.len() - 1]);
    is_match_any(tree, first)
        && is_match_any(tree, last)
        && node.sub[1..node.sub.len() - 1]
            .iter()
            .all(|&s| is_match_any(tree, s) || is_case_sensitive_literal(tree, s))
}

pub(super) fn is_any_repeat(op: Op) -> bool {
    matches!(op, Op::Plus | Op::Star | Op::Quest)
}
