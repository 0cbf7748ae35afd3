//! Prometheus' verdict on a long pattern, limits included: Go's `syntax.Parse` of the pattern,
//! then `regexp.Compile` of `^(?s:<tree>)$`, the tree printed back after Prometheus rewrote
//! `.*a.*|.*b.*` as `.*(?:a|b).*`. That second parse reads other text than the first, and can
//! pass a limit the first did not: a tree exactly 1,000 high, once wrapped, is 1,001.

use super::print::Out;
use super::tree::{take, GoTree};
use super::{Id, Model, Node, Op, DOT_NL, FOLD_CASE, PERL};
use crate::regexp::error::Error;
use crate::regexp::read::{read, Reader};

/// Go's and then Prometheus' verdict on `pattern`, every limit modelled.
pub(crate) fn verdict(pattern: &str) -> Result<(), Error> {
    let Some((first, root, Err(error))) = parse_twice(pattern)? else {
        return Ok(());
    };
    let mut text = String::new();
    wrapped(&first, root, &mut text)?;
    Err(Error::recompiled(
        error.kind(),
        pattern.len(),
        error.expr(&text).to_owned(),
    ))
}

/// The tree `regexp.Compile` builds for what Prometheus hands it, `^(?s:<tree>)$` with the
/// tree of `pattern` printed; `None` where that is refused (or `pattern` is).
pub(crate) fn compiled_tree(pattern: &str) -> Option<GoTree> {
    let (_, _, second) = parse_twice(pattern).ok()??;
    let model = second.ok()?;
    let root = *model.stack.first()?;
    Some(take(model, root))
}

/// Go's parse of a pattern, with the root Prometheus rewrote; and the second parse, of
/// `^(?s:<tree>)$`: its model, or the error it meets.
type Parses = (Model, Id, Result<Model, Error>);

/// The [`Parses`] of `pattern`: Go's error, or `None` for an empty tree.
fn parse_twice(pattern: &str) -> Result<Option<Parses>, Error> {
    let mut first = Model::new(PERL | DOT_NL);
    read(pattern, &mut first)?;
    let Some(&root) = first.stack.first() else {
        return Ok(None);
    };
    let root = first.contains_rewrite(root);
    let mut second = Recompile {
        reader: Reader::<false>::new(),
        model: Model::new(PERL),
    };
    let read_again = wrapped(&first, root, &mut second).and_then(|()| {
        let Recompile { reader, model } = &mut second;
        reader.finish(model)
    });
    Ok(Some((first, root, read_again.map(|()| second.model))))
}

/// `^(?s:<tree>)$`, as Prometheus writes it.
fn wrapped<O: Out>(model: &Model, root: Id, out: &mut O) -> Result<(), Error> {
    out.put("^")?;
    out.put("(?s:")?;
    model.print(root, out)?;
    out.put(")")?;
    out.put("$")
}

/// The second parse, fed the printed tree token by token.
struct Recompile {
    reader: Reader<false>,
    model: Model,
}

impl Out for Recompile {
    fn put(&mut self, token: &str) -> Result<(), Error> {
        self.reader.feed(token, &mut self.model)
    }
}

impl Model {
    /// Prometheus' `optimizeAlternatingSimpleContains`: an alternation of two or more
    /// `.*literal.*` (case-sensitive literals) becomes `.*(?:literal|…).*`.
    pub(super) fn contains_rewrite(&mut self, root: Id) -> Id {
        if self.op(root) != Op::Alternate {
            return root;
        }
        let mut literals = Vec::new();
        for &sub in &self.node(root).sub {
            let node = self.node(sub);
            let [before, literal, after] = node.sub[..] else {
                return root;
            };
            let literal_node = self.node(literal);
            if node.op != Op::Concat
                || literal_node.op != Op::Literal
                || literal_node.flags & FOLD_CASE != 0
                || !self.is_match_any(before)
                || !self.is_match_any(after)
            {
                return root;
            }
            literals.push(literal);
        }
        if literals.len() < 2 {
            return root;
        }
        let any_star = |model: &mut Model| {
            let any = model.add(Node {
                op: Op::AnyChar,
                ..Node::default()
            });
            model.add(Node {
                op: Op::Star,
                flags: PERL | DOT_NL,
                sub: vec![any],
                ..Node::default()
            })
        };
        let prefix = any_star(self);
        let alternation = self.add(Node {
            op: Op::Alternate,
            sub: literals,
            ..Node::default()
        });
        let suffix = any_star(self);
        self.add(Node {
            op: Op::Concat,
            sub: vec![prefix, alternation, suffix],
            ..Node::default()
        })
    }

    /// Prometheus' `isMatchAny`: `.*` matching newlines.
    fn is_match_any(&self, re: Id) -> bool {
        let node = self.node(re);
        node.op == Op::Star && self.op(node.sub[0]) == Op::AnyChar
    }

    /// A node made outside Go's parser.
    fn add(&mut self, node: Node) -> Id {
        self.nodes.push(node);
        self.nodes.len() - 1
    }
}
