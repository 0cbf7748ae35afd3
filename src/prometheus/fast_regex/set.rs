//! `findSetMatches`: the strings a pattern is one of, if they are few.

use super::super::gostr::go_string;
use super::tree::{case_sensitive, clear_capture};
use crate::regexp::{GoOp as Op, GoTree};

/// Prometheus' `maxSetMatches`.
pub(super) const MAX_SET_MATCHES: usize = 256;

/// A result of `findSetMatchesInternal`: the strings (`None` for Go's nil) and whether they
/// are case-sensitive.
pub(super) type Found = (Option<Vec<String>>, bool);

/// `findSetMatchesInternal`: the strings `base` followed by what `id` matches, if they are few.
pub(super) fn set_matches(tree: &mut GoTree, id: usize, base: &str) -> Found {
    match tree[id].op {
        Op::Literal => (
            Some(vec![format!("{base}{}", go_string(&tree[id].runes))]),
            case_sensitive(tree, id),
        ),
        Op::EmptyMatch if !base.is_empty() => {
            (Some(vec![base.to_owned()]), case_sensitive(tree, id))
        }
        Op::Alternate => set_matches_alternate(tree, id, base),
        Op::Capture => {
            clear_capture(tree, id);
            set_matches(tree, id, base)
        }
        Op::Concat => set_matches_concat(tree, id, base),
        Op::CharClass => {
            let runes = &tree[id].runes;
            if !runes.len().is_multiple_of(2) {
                return (None, false);
            }
            let total: u64 = runes
                .chunks_exact(2)
                .map(|p| u64::from(p[1].saturating_sub(p[0])) + 1)
                .sum();
            if total > MAX_SET_MATCHES as u64 {
                return (None, false);
            }
            let mut matches = Vec::new();
            for pair in runes.chunks_exact(2) {
                for c in pair[0]..=pair[1] {
                    matches.push(format!("{base}{}", go_string(&[c])));
                }
            }
            let found = (!matches.is_empty()).then_some(matches);
            (found, case_sensitive(tree, id))
        }
        _ => (None, false),
    }
}

fn set_matches_concat(tree: &mut GoTree, id: usize, base: &str) -> Found {
    let subs = tree[id].sub.clone();
    if subs.is_empty() {
        return (None, false);
    }
    for &sub in &subs {
        clear_capture(tree, sub);
    }
    let mut matches = vec![base.to_owned()];
    let mut sensitive = false;
    for (i, &sub) in subs.iter().enumerate() {
        let mut next: Vec<String> = Vec::new();
        for (j, b) in matches.iter().enumerate() {
            let (Some(found), cs) = set_matches(tree, sub, b) else {
                return (None, false);
            };
            if next.len() + found.len() > MAX_SET_MATCHES {
                return (None, false);
            }
            if i == 0 && j == 0 {
                sensitive = cs;
            }
            if sensitive != cs {
                return (None, false);
            }
            next.extend(found);
        }
        matches = next;
    }
    (Some(matches), sensitive)
}

fn set_matches_alternate(tree: &mut GoTree, id: usize, base: &str) -> Found {
    let subs = tree[id].sub.clone();
    let mut matches: Vec<String> = Vec::new();
    let mut sensitive = false;
    for (i, &sub) in subs.iter().enumerate() {
        let (Some(found), cs) = set_matches(tree, sub, base) else {
            return (None, false);
        };
        if matches.len() + found.len() > MAX_SET_MATCHES {
            return (None, false);
        }
        if i == 0 {
            sensitive = cs;
        }
        if sensitive != cs {
            return (None, false);
        }
        matches.extend(found);
    }
    ((!matches.is_empty()).then_some(matches), sensitive)
}
