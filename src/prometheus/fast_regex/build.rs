//! `stringMatcherFromRegexp`: the string matcher that replaces the regex, built from Go's tree.

use std::collections::{HashMap, HashSet};

use super::super::gostr::{go_string, go_to_lower, to_normalised_lower};
use super::set::set_matches;
use super::string_matcher::{EqualMap, StringMatcher, MAP_THRESHOLD};
use super::tree::{case_sensitive, clear_capture, is_any_repeat};
use crate::regexp::{GoOp as Op, GoTree};

/// `stringMatcherFromRegexpInternal`.
pub(super) fn string_matcher(tree: &mut GoTree, id: usize) -> Option<StringMatcher> {
    clear_capture(tree, id);
    let any_sub = |tree: &GoTree, id: usize| -> Option<bool> {
        let &sub = tree[id].sub.first()?;
        match tree[sub].op {
            Op::AnyChar => Some(true),
            Op::AnyCharNotNl => Some(false),
            _ => None,
        }
    };
    match tree[id].op {
        Op::Plus => any_sub(tree, id).map(|match_nl| StringMatcher::AnyNonEmpty { match_nl }),
        Op::Star => any_sub(tree, id).map(|match_nl| {
            if match_nl {
                StringMatcher::True
            } else {
                StringMatcher::AnyWithoutNewline
            }
        }),
        Op::Quest if tree[id].sub.len() == 1 => {
            any_sub(tree, id).map(|match_nl| StringMatcher::ZeroOrOne { match_nl })
        }
        Op::EmptyMatch => Some(StringMatcher::Empty),
        Op::Literal => Some(StringMatcher::Equal {
            s: go_string(&tree[id].runes),
            case_sensitive: case_sensitive(tree, id),
        }),
        Op::Alternate => {
            let subs = tree[id].sub.clone();
            let mut or = Vec::with_capacity(subs.len());
            for &sub in subs.iter() {
                or.push(string_matcher(tree, sub)?);
            }
            Some(StringMatcher::Or(or))
        }
        Op::Concat => string_matcher_concat(tree, id),
        _ => None,
    }
}

fn string_matcher_concat(tree: &mut GoTree, id: usize) -> Option<StringMatcher> {
    let subs = tree[id].sub.clone();
    for &sub in &subs {
        clear_capture(tree, sub);
    }
    match subs[..] {
        [] => return Some(StringMatcher::Empty),
        [only] => return string_matcher(tree, only),
        _ => {}
    }
    let mut left = None;
    let mut right = None;
    if is_any_repeat(tree[subs[0]].op) {
        left = Some(string_matcher(tree, subs[0])?);
        tree[id].sub.remove_first();
    }
    if let Some(&last) = tree[id].sub.last() {
        if is_any_repeat(tree[last].op) {
            right = Some(string_matcher(tree, last)?);
            tree[id].sub.pop();
        }
    }
    let (found, mut sensitive) = set_matches(tree, id, "");
    let mut matches = found.unwrap_or_default();
    if let (&[first, second], true) = (&tree[id].sub[..], matches.is_empty()) {
        if right.is_none() && tree[first].op == Op::Literal {
            right = string_matcher(tree, second);
            if right.is_some() {
                matches = vec![go_string(&tree[first].runes)];
                sensitive = case_sensitive(tree, first);
            }
        } else if left.is_none() && tree[second].op == Op::Literal {
            left = string_matcher(tree, first);
            if left.is_some() {
                matches = vec![go_string(&tree[second].runes)];
                sensitive = case_sensitive(tree, second);
            }
        }
    }
    if matches.is_empty() {
        return None;
    }
    match (left, right) {
        (None, None) => Some(StringMatcher::Or(
            matches
                .into_iter()
                .map(|s| StringMatcher::Equal {
                    s,
                    case_sensitive: sensitive,
                })
                .collect(),
        )),
        (None, Some(right)) if matches.len() == 1 => {
            let prefix = matches.remove(0);
            let right = Box::new(right);
            Some(if sensitive {
                StringMatcher::PrefixSensitive { prefix, right }
            } else {
                StringMatcher::PrefixInsensitive { prefix, right }
            })
        }
        (Some(left), None) if matches.len() == 1 => Some(StringMatcher::Suffix {
            left: Box::new(left),
            suffix: matches.remove(0),
            case_sensitive: sensitive,
        }),
        (left, right) if sensitive => Some(StringMatcher::Contains {
            substrings: matches,
            left: left.map(Box::new),
            right: right.map(Box::new),
        }),
        _ => None,
    }
}

/// What `findEqualOrPrefixStringMatchers` finds in an alternation of equal and
/// literal-prefix matchers.
#[derive(Default)]
struct Census {
    case_sensitive: Option<bool>,
    values: usize,
    prefixes: usize,
    min_prefix_len: usize,
}

impl Census {
    fn same_case(&mut self, sensitive: bool) -> bool {
        match self.case_sensitive {
            Some(cs) => cs == sensitive,
            None => {
                self.case_sensitive = Some(sensitive);
                true
            }
        }
    }

    /// Walks `m`; `false` when it is not made of those matchers alone (or mixes cases).
    fn walk(&mut self, m: &StringMatcher) -> bool {
        let StringMatcher::Or(subs) = m else {
            return false;
        };
        for sub in subs {
            let ok = match sub {
                StringMatcher::Or(_) => self.walk(sub),
                StringMatcher::Equal { case_sensitive, .. } => {
                    let ok = self.same_case(*case_sensitive);
                    self.values += 1;
                    ok
                }
                StringMatcher::PrefixSensitive { prefix, .. }
                | StringMatcher::PrefixInsensitive { prefix, .. } => {
                    let sensitive = matches!(sub, StringMatcher::PrefixSensitive { .. });
                    if !self.same_case(sensitive) {
                        false
                    } else {
                        if self.prefixes == 0 || prefix.len() < self.min_prefix_len {
                            self.min_prefix_len = prefix.len();
                        }
                        self.prefixes += 1;
                        true
                    }
                }
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        true
    }
}

/// `optimizeEqualOrPrefixStringMatchers`: 16 or more equal and literal-prefix matchers become
/// one map.
pub(super) fn optimize_equal_or_prefix(input: Option<StringMatcher>) -> Option<StringMatcher> {
    let m = input?;
    let mut census = Census::default();
    if !census.walk(&m) || census.values + census.prefixes < MAP_THRESHOLD {
        return Some(m);
    }
    let case_sensitive = census.case_sensitive.unwrap_or(false);
    let mut map = EqualMap {
        values: HashSet::with_capacity(census.values),
        prefixes: HashMap::with_capacity(census.prefixes),
        min_prefix_len: census.min_prefix_len,
        case_sensitive,
    };
    fill(&mut map, m);
    Some(StringMatcher::EqualMap(Box::new(map)))
}

fn fill(map: &mut EqualMap, m: StringMatcher) {
    match m {
        StringMatcher::Or(subs) => {
            for sub in subs {
                fill(map, sub);
            }
        }
        StringMatcher::Equal { s, .. } => {
            let value = if map.case_sensitive {
                s.into_bytes()
            } else {
                to_normalised_lower(s.as_bytes()).into_owned()
            };
            map.values.insert(value);
        }
        StringMatcher::PrefixSensitive { ref prefix, .. }
        | StringMatcher::PrefixInsensitive { ref prefix, .. } => {
            let cut = &prefix.as_bytes()[..map.min_prefix_len.min(prefix.len())];
            let key = if map.case_sensitive {
                cut.to_vec()
            } else {
                go_to_lower(cut).into_owned()
            };
            map.prefixes.entry(key).or_default().push(m);
        }
        _ => {}
    }
}
