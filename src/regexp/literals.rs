//! The literals of a pattern that means nothing more than a choice among them
//! (`prod|staging`, `a\.b`), read from its syntax tree.

use super::{Ast, NodeKind};

/// The literals of `lit1|lit2|…`, if the pattern means nothing more: each alternative plain
/// characters (however escaped), with no flag, group or class.
pub(crate) fn literal_alternation(pattern: &str) -> Option<Vec<String>> {
    literals(&super::parse(pattern).ok()?)
}

fn literals(ast: &Ast) -> Option<Vec<String>> {
    let alternatives = match &ast.root().kind {
        NodeKind::Alternation(alternatives) => &alternatives[..],
        _ => std::slice::from_ref(&ast.root),
    };
    alternatives
        .iter()
        .map(|&id| {
            let items = match &ast[id].kind {
                NodeKind::Concat(items) => &items[..],
                NodeKind::Empty => &[],
                _ => std::slice::from_ref(&id),
            };
            items
                .iter()
                .map(|&item| match ast[item].kind {
                    NodeKind::Literal(literal) => literal.char(),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_alternations_have_literals() {
        let cases: [(&str, Option<&[&str]>); 7] = [
            ("prod|staging", Some(&["prod", "staging"])),
            (r"a\.b", Some(&["a.b"])),
            ("a|", Some(&["a", ""])),
            ("", Some(&[""])),
            ("a.b", None),
            ("(a)", None),
            ("(?i)a", None),
        ];
        for (pattern, want) in cases {
            let got = literal_alternation(pattern);
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{pattern}");
        }
    }
}
