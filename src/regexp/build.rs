//! Building the syntax tree: the reader's sink that makes [`Ast`] nodes.

use super::ast::{
    Assertion, Ast, BracketClass, ClassItem, Flags, Group, GroupKind, Literal, Node, NodeId,
    NodeKind, PerlClass, Repeat, RepeatOp, UnicodeClass,
};
use super::error::Error;
use super::grammar::Open;
use super::read::{read, Sink, Step};
use crate::ast::Span;

/// Parses `pattern` into its syntax tree, or gives the error Prometheus would give for it:
/// exactly the patterns [`check`](super::check) accepts have a tree.
///
/// ```
/// use pyroql::regexp::{parse, GroupKind, NodeKind};
/// let ast = parse("(?P<env>prod|staging)-.*")?;
/// let NodeKind::Concat(items) = &ast.root().kind else { panic!() };
/// let NodeKind::Group(group) = &ast[items[0]].kind else { panic!() };
/// assert!(matches!(&group.kind, GroupKind::Named { name, .. } if &**name == "env"));
/// assert!(matches!(ast[group.sub].kind, NodeKind::Alternation(_)));
/// assert_eq!(ast[items[0]].span, pyroql::Span::new(0, 21));
///
/// assert!(parse("a{1001}").is_err());
/// # Ok::<(), pyroql::regexp::Error>(())
/// ```
pub fn parse(pattern: &str) -> Result<Ast, Error> {
    // The verdict first: only Go's model knows whether a limit comes before a syntax error.
    super::check(pattern)?;
    let mut builder = Builder::new();
    read(pattern, &mut builder)?;
    Ok(builder.finish())
}

/// A group being read.
#[derive(Debug)]
struct Frame {
    /// What opened it, and where; `None` for the whole pattern.
    open: Option<(GroupKind, usize)>,
    /// Its alternatives so far.
    alternatives: Vec<NodeId>,
    /// The items of the alternative being read.
    items: Vec<NodeId>,
    /// Where that alternative starts.
    alternative_start: usize,
    /// The group's content, once its alternatives are complete.
    content: Option<NodeId>,
}

impl Frame {
    fn new(open: Option<(GroupKind, usize)>, start: usize) -> Self {
        Frame {
            open,
            alternatives: Vec::new(),
            items: Vec::new(),
            alternative_start: start,
            content: None,
        }
    }
}

struct Builder {
    nodes: Vec<Node>,
    outer: Vec<Frame>,
    current: Frame,
    class: Vec<ClassItem>,
    captures: u32,
}

impl Builder {
    fn new() -> Self {
        Builder {
            nodes: Vec::new(),
            outer: Vec::new(),
            current: Frame::new(None, 0),
            class: Vec::new(),
            captures: 0,
        }
    }

    fn add(&mut self, kind: NodeKind, span: Span) -> NodeId {
        self.nodes.push(Node { kind, span });
        self.nodes.len() - 1
    }

    fn item(&mut self, kind: NodeKind, span: Span) -> Step {
        let id = self.add(kind, span);
        self.current.items.push(id);
        Ok(())
    }

    /// The alternative read so far, as one node.
    fn end_alternative(&mut self) -> NodeId {
        let items = std::mem::take(&mut self.current.items);
        let start = self.current.alternative_start;
        match items[..] {
            [] => self.add(NodeKind::Empty, Span::empty(start)),
            [only] => only,
            [first, .., last] => {
                let span = Span::new(self.nodes[first].span.start, self.nodes[last].span.end);
                self.add(NodeKind::Concat(items), span)
            }
        }
    }

    fn finish(mut self) -> Ast {
        let root = match self.current.content {
            Some(root) => root,
            None => self.end_alternative(),
        };
        Ast {
            nodes: self.nodes,
            root,
        }
    }
}

impl Sink for Builder {
    fn literal(&mut self, code: u32, span: Span) -> Step {
        self.item(NodeKind::Literal(Literal { code }), span)
    }

    fn dot(&mut self, span: Span) -> Step {
        self.item(NodeKind::Dot, span)
    }

    fn assertion(&mut self, assertion: Assertion, span: Span) -> Step {
        self.item(NodeKind::Assertion(assertion), span)
    }

    fn perl(&mut self, class: PerlClass, span: Span) -> Step {
        self.item(NodeKind::Perl(class), span)
    }

    fn unicode(&mut self, class: UnicodeClass, span: Span) -> Step {
        self.item(NodeKind::Unicode(class), span)
    }

    fn class_item(&mut self, item: ClassItem) {
        self.class.push(item);
    }

    fn bracket(&mut self, negated: bool, span: Span) -> Step {
        let items = std::mem::take(&mut self.class);
        self.item(NodeKind::Bracket(BracketClass { negated, items }), span)
    }

    fn repeat(&mut self, op: RepeatOp, lazy: bool, span: Span) -> Step {
        // Go repeats what it pushed last: `(?flags)` pushes nothing.
        let last = self
            .current
            .items
            .iter()
            .rposition(|&id| !matches!(self.nodes[id].kind, NodeKind::Flags(_)));
        let Some(at) = last else {
            return Ok(());
        };
        let sub = self.current.items[at];
        let span = Span::new(self.nodes[sub].span.start, span.end);
        let repeat = self.add(NodeKind::Repeat(Repeat { sub, op, lazy }), span);
        self.current.items[at] = repeat;
        Ok(())
    }

    fn open(&mut self, open: Open<'_>, span: Span) -> Step {
        let kind = match open {
            Open::Capture => {
                self.captures += 1;
                GroupKind::Capture {
                    index: self.captures,
                }
            }
            Open::Named(name) => {
                self.captures += 1;
                GroupKind::Named {
                    index: self.captures,
                    name: name.into(),
                }
            }
            Open::NonCapturing(flags) => GroupKind::NonCapturing(flags),
        };
        let inner = Frame::new(Some((kind, span.start)), span.end);
        self.outer.push(std::mem::replace(&mut self.current, inner));
        Ok(())
    }

    fn flags(&mut self, flags: Flags, span: Span) -> Step {
        self.item(NodeKind::Flags(flags), span)
    }

    fn bar(&mut self, span: Span) -> Step {
        let alternative = self.end_alternative();
        self.current.alternatives.push(alternative);
        self.current.alternative_start = span.end;
        Ok(())
    }

    fn end_alternatives(&mut self, at: usize) -> Step {
        let last = self.end_alternative();
        let mut alternatives = std::mem::take(&mut self.current.alternatives);
        let content = if alternatives.is_empty() {
            last
        } else {
            alternatives.push(last);
            let start = self.nodes[alternatives[0]].span.start;
            self.add(NodeKind::Alternation(alternatives), Span::new(start, at))
        };
        self.current.content = Some(content);
        Ok(())
    }

    fn close(&mut self, span: Span) -> Step {
        let Some(outer) = self.outer.pop() else {
            return Ok(());
        };
        let group = std::mem::replace(&mut self.current, outer);
        if let (Some((kind, start)), Some(sub)) = (group.open, group.content) {
            self.item(
                NodeKind::Group(Group { kind, sub }),
                Span::new(start, span.end),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regexp::ast::{FlagSet, RepeatOp};

    fn kinds(ast: &Ast, ids: &[NodeId]) -> Vec<NodeKind> {
        ids.iter().map(|&id| ast[id].kind.clone()).collect()
    }

    #[test]
    fn repetitions_apply_to_what_go_repeats() {
        let ast = parse("ab*").unwrap();
        let NodeKind::Concat(items) = &ast.root().kind else {
            panic!("{ast:?}")
        };
        assert_eq!(
            ast[items[0]].kind,
            NodeKind::Literal(Literal { code: 'a' as u32 })
        );
        let NodeKind::Repeat(star) = &ast[items[1]].kind else {
            panic!("{ast:?}")
        };
        assert_eq!(
            (star.op, ast[star.sub].span),
            (RepeatOp::ZeroOrMore, Span::new(1, 2))
        );
        assert_eq!(ast[items[1]].span, Span::new(1, 3));

        // `(?i)` pushes nothing: the star repeats the `a` before it.
        let ast = parse("a(?i)*").unwrap();
        let NodeKind::Concat(items) = &ast.root().kind else {
            panic!("{ast:?}")
        };
        let NodeKind::Repeat(star) = &ast[items[0]].kind else {
            panic!("{ast:?}")
        };
        assert_eq!(ast[star.sub].span, Span::new(0, 1));
        assert!(
            matches!(ast[items[1]].kind, NodeKind::Flags(f) if f.enable == FlagSet::CASE_INSENSITIVE)
        );

        // `\Q…\E` is characters: a repetition takes the last.
        let ast = parse(r"\Qab\E+").unwrap();
        let NodeKind::Concat(items) = &ast.root().kind else {
            panic!("{ast:?}")
        };
        assert_eq!(ast[items[0]].span, Span::new(2, 3));
        assert!(matches!(ast[items[1]].kind, NodeKind::Repeat(_)));
    }

    #[test]
    fn groups_and_alternatives_have_their_spans() {
        let ast = parse("(?P<x>a|)|(b)").unwrap();
        let NodeKind::Alternation(alternatives) = &ast.root().kind else {
            panic!("{ast:?}")
        };
        assert_eq!(ast.root().span, Span::new(0, 13));
        let NodeKind::Group(named) = &ast[alternatives[0]].kind else {
            panic!("{ast:?}")
        };
        assert_eq!(
            named.kind,
            GroupKind::Named {
                index: 1,
                name: "x".into()
            }
        );
        assert_eq!(ast[alternatives[0]].span, Span::new(0, 9));
        let NodeKind::Alternation(inner) = &ast[named.sub].kind else {
            panic!("{ast:?}")
        };
        assert_eq!(
            kinds(&ast, inner),
            [
                NodeKind::Literal(Literal { code: 'a' as u32 }),
                NodeKind::Empty
            ]
        );
        assert_eq!(ast[inner[1]].span, Span::empty(8));
        let NodeKind::Group(capture) = &ast[alternatives[1]].kind else {
            panic!("{ast:?}")
        };
        assert_eq!(capture.kind, GroupKind::Capture { index: 2 });
    }

    #[test]
    fn classes_keep_their_items() {
        let ast = parse(r"[^a-c\d[:^space:]\p{Greek}-]").unwrap();
        let NodeKind::Bracket(class) = &ast.root().kind else {
            panic!("{ast:?}")
        };
        assert!(class.negated);
        let spans: Vec<Span> = class.items.iter().map(|i| i.span).collect();
        assert_eq!(
            spans,
            [
                Span::new(2, 5),
                Span::new(5, 7),
                Span::new(7, 17),
                Span::new(17, 26),
                Span::new(26, 27)
            ]
        );
        assert_eq!(parse("").unwrap().root().kind, NodeKind::Empty);
    }

    #[test]
    fn refused_patterns_have_no_tree() {
        assert_eq!(
            parse("a{2}{3}").unwrap_err().message("a{2}{3}"),
            "error parsing regexp: invalid nested repetition operator: `{2}{3}`"
        );
        // Literal alternations are taken as they are, however long.
        assert!(parse(&"a|".repeat(100_000)).is_ok());
    }
}
