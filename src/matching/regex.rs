//! `=~`/`!~` patterns: RE2 syntax as Prometheus reads it ([`crate::regexp`]), run by the Rust
//! `regex` crate.
//!
//! A pattern is parsed once, by [`crate::regexp::parse`], which refuses what Prometheus refuses
//! with Go's message. The translation then walks that tree and writes a Rust pattern with the
//! same meaning, leaving nothing for the two engines to read differently:
//!
//! - every class is written as the ranges of runes Go's parser puts in it: `\d`, `\s`, `\w`
//!   and the POSIX classes are ASCII, `\p{Greek}` is Go's Unicode 15.0 table, `(?i)` adds what
//!   Go's case folding adds, `[^…]` holds `\n`;
//! - a case-insensitive character is the class of its case orbit (`(?i)k` is `[Kk\x{212A}]`);
//! - `.`, `^`, `$`, `\b` and `\B` are written for the flags in force where they stand, so that
//!   no flag is left for Rust to scope (Go keeps `(?i)` across a `|`; it restores flags at `)`);
//! - `\Q…\E`, octal escapes, `{` that starts no repetition (`a{b}`) are just characters by then.
//!
//! A pattern that is a plain literal or an alternation of literals (`prod|staging`) is matched
//! without a regex engine, as Prometheus does; so are `.*` and `.+`.

use std::fmt::Write;

use crate::regexp::class::{self, Ranges};
use crate::regexp::{Ast, FlagSet, GroupKind, NodeId, NodeKind, RepeatOp};

/// Compiled regexes larger than this many bytes are refused.
pub(crate) const SIZE_LIMIT: usize = 1 << 22;

/// A compiled pattern, anchored at both ends, `.` matching newline.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    /// `.*`: every string.
    Any,
    /// `.+`: every non-empty string.
    NonEmpty,
    /// A literal or an alternation of literals.
    Literals(Vec<String>),
    /// Anything else.
    Regex(regex::Regex),
}

impl Pattern {
    /// Compiles a pattern; the error is Go's (``CODE: `EXPR` ``, as after Go's
    /// `error parsing regexp: `), or says that the `regex` crate cannot run a pattern Go takes.
    pub fn compile(pattern: &str) -> Result<Pattern, String> {
        let ast = crate::regexp::parse(pattern).map_err(|e| e.detail(pattern))?;
        if let Some(literals) = literals(&ast) {
            return Ok(Pattern::Literals(literals));
        }
        if let Some(pattern) = match_all(&ast) {
            return Ok(pattern);
        }
        let translated = translate(&ast);
        regex::RegexBuilder::new(&format!("^(?:{translated})$"))
            .size_limit(SIZE_LIMIT)
            .build()
            .map(Pattern::Regex)
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(limit) => format!(
                    "valid RE2, but over {limit} bytes once compiled by pyroql's regex engine"
                ),
                // The translation is the regex crate's syntax, so what it can refuse is its
                // nesting, which it limits (to 250 levels) to keep its compiler's recursion
                // shallow; Go allows trees 1,000 high.
                _ => "valid RE2, but it nests deeper than pyroql's regex engine allows".to_owned(),
            })
    }

    /// Whether the whole of `value` matches.
    pub fn is_match(&self, value: &str) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::NonEmpty => !value.is_empty(),
            Pattern::Literals(literals) => literals.iter().any(|l| l == value),
            Pattern::Regex(regex) => regex.is_match(value),
        }
    }
}

/// The literals of `lit1|lit2|…`, if the pattern means nothing more: each alternative plain
/// characters (however escaped), with no flag, group or class.
pub(crate) fn literal_alternation(pattern: &str) -> Option<Vec<String>> {
    literals(&crate::regexp::parse(pattern).ok()?)
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

/// `.*` and `.+`, which need no engine.
fn match_all(ast: &Ast) -> Option<Pattern> {
    let NodeKind::Repeat(repeat) = &ast.root().kind else {
        return None;
    };
    if ast[repeat.sub].kind != NodeKind::Dot {
        return None;
    }
    match repeat.op {
        RepeatOp::ZeroOrMore => Some(Pattern::Any),
        RepeatOp::OneOrMore => Some(Pattern::NonEmpty),
        _ => None,
    }
}

/// How a node's translation binds: whether a repetition or concatenation around it needs it
/// in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binding {
    /// Writes nothing.
    Empty,
    /// One item a repetition may follow.
    Atom,
    /// A repetition, which another repetition may not follow.
    Repeated,
    /// Items one after another.
    Sequence,
    /// `a|b`.
    Choice,
}

/// How each node binds. The arena lists children before parents, so one pass in order does.
fn bindings(ast: &Ast) -> Vec<Binding> {
    let mut binding = Vec::with_capacity(ast.nodes().len());
    for node in ast.nodes() {
        let this = match &node.kind {
            NodeKind::Empty | NodeKind::Flags(_) => Binding::Empty,
            NodeKind::Repeat(_) => Binding::Repeated,
            NodeKind::Group(group) => binding[group.sub],
            NodeKind::Concat(items) => {
                let mut written = items.iter().filter(|&&i| binding[i] != Binding::Empty);
                match (written.next(), written.next()) {
                    (None, _) => Binding::Empty,
                    (Some(&only), None) => binding[only],
                    _ => Binding::Sequence,
                }
            }
            NodeKind::Alternation(_) => Binding::Choice,
            _ => Binding::Atom,
        };
        binding.push(this);
    }
    binding
}

/// One step of the walk.
enum Step {
    /// Write the node, grouped when the flag says so.
    Node(NodeId, bool),
    Text(&'static str),
    Owned(String),
    /// The flags in force again after a group.
    Restore(FlagSet),
}

/// The flags Prometheus parses with: `.` matches `\n`.
const INITIAL: FlagSet = FlagSet::DOT_MATCHES_NEWLINE;

/// Writes the Rust pattern for `ast`, walking it with a stack of its own, so that no nesting
/// makes the walk recurse.
fn translate(ast: &Ast) -> String {
    let binding = bindings(ast);
    let mut out = String::new();
    let mut flags = INITIAL;
    let mut steps = vec![Step::Node(ast.root, false)];
    while let Some(step) = steps.pop() {
        let (id, grouped) = match step {
            Step::Node(id, grouped) => (id, grouped),
            Step::Text(text) => {
                out.push_str(text);
                continue;
            }
            Step::Owned(text) => {
                out.push_str(&text);
                continue;
            }
            Step::Restore(saved) => {
                flags = saved;
                continue;
            }
        };
        if grouped {
            out.push_str("(?:");
            steps.push(Step::Text(")"));
        }
        match &ast[id].kind {
            NodeKind::Empty => {}
            NodeKind::Flags(change) => flags = change.apply(flags),
            NodeKind::Literal(literal) => write_literal(&mut out, literal.code, flags),
            NodeKind::Dot => out.push_str(if flags.contains(FlagSet::DOT_MATCHES_NEWLINE) {
                "(?s:.)"
            } else {
                "[^\\n]"
            }),
            NodeKind::Assertion(assertion) => out.push_str(assertion_text(*assertion, flags)),
            NodeKind::Perl(perl) => {
                let mut ranges = Vec::new();
                class::append_perl(&mut ranges, *perl, folds(flags));
                write_class(&mut out, ranges);
            }
            NodeKind::Unicode(unicode) => {
                let mut ranges = Vec::new();
                class::append_unicode(&mut ranges, *unicode, folds(flags));
                write_class(&mut out, ranges);
            }
            NodeKind::Bracket(bracket) => {
                let mut ranges = Vec::new();
                for item in &bracket.items {
                    class::append_item(&mut ranges, item.kind, folds(flags));
                }
                class::finish_bracket(&mut ranges, bracket.negated);
                write_class(&mut out, ranges);
            }
            NodeKind::Repeat(repeat) => {
                // Greediness cannot change whether a whole string matches.
                steps.push(Step::Owned(match repeat.op {
                    RepeatOp::ZeroOrMore => "*".to_owned(),
                    RepeatOp::OneOrMore => "+".to_owned(),
                    RepeatOp::ZeroOrOne => "?".to_owned(),
                    RepeatOp::Counted { min, max: None } => format!("{{{min},}}"),
                    RepeatOp::Counted {
                        min,
                        max: Some(max),
                    } if max == min => {
                        format!("{{{min}}}")
                    }
                    RepeatOp::Counted {
                        min,
                        max: Some(max),
                    } => format!("{{{min},{max}}}"),
                }));
                steps.push(Step::Node(repeat.sub, binding[repeat.sub] != Binding::Atom));
            }
            NodeKind::Group(group) => {
                steps.push(Step::Restore(flags));
                if let GroupKind::NonCapturing(change) = &group.kind {
                    flags = change.apply(flags);
                }
                steps.push(Step::Node(group.sub, false));
            }
            NodeKind::Concat(items) => {
                for &item in items.iter().rev() {
                    steps.push(Step::Node(item, binding[item] == Binding::Choice));
                }
            }
            NodeKind::Alternation(alternatives) => {
                for (i, &alternative) in alternatives.iter().enumerate().rev() {
                    steps.push(Step::Node(alternative, false));
                    if i > 0 {
                        steps.push(Step::Text("|"));
                    }
                }
            }
        }
    }
    out
}

fn folds(flags: FlagSet) -> bool {
    flags.contains(FlagSet::CASE_INSENSITIVE)
}

fn assertion_text(assertion: crate::regexp::Assertion, flags: FlagSet) -> &'static str {
    use crate::regexp::Assertion;
    let lines = flags.contains(FlagSet::MULTI_LINE);
    match assertion {
        Assertion::Caret if lines => "(?m:^)",
        Assertion::Dollar if lines => "(?m:$)",
        Assertion::Caret | Assertion::TextStart => "\\A",
        Assertion::Dollar | Assertion::TextEnd => "\\z",
        // Go's word boundaries are ASCII.
        Assertion::WordBoundary => "(?-u:\\b)",
        Assertion::NotWordBoundary => "(?-u:\\B)",
    }
}

/// A character, or under `(?i)` the class of its case orbit, as Go matches it.
fn write_literal(out: &mut String, code: u32, flags: FlagSet) {
    if folds(flags) {
        let mut ranges: Ranges = Vec::new();
        class::append_folded_range(&mut ranges, code, code);
        // `(?i)ǅ` is `[Ǆ-ǆ]`: one range, but more than the one rune.
        if ranges != [(code, code)] {
            write_class(out, ranges);
            return;
        }
    }
    match char::from_u32(code) {
        Some(c) => push_char(out, c),
        // A surrogate: no text holds one.
        None => out.push_str(NOTHING),
    }
}

/// A class no character is in.
const NOTHING: &str = "[^\\x{0}-\\x{10FFFF}]";

/// Writes `c` so that Rust reads it as that character, inside or outside a class.
fn push_char(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && !c.is_control()) {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", u32::from(c));
    }
}

/// A class of Go's runes, without the surrogates Rust has no characters for.
fn write_class(out: &mut String, mut ranges: Ranges) {
    class::clean(&mut ranges);
    let mut written = String::from("[");
    let mut any = false;
    for (lo, hi) in ranges {
        let lo = if (0xD800..=0xDFFF).contains(&lo) {
            0xE000
        } else {
            lo
        };
        let hi = if (0xD800..=0xDFFF).contains(&hi) {
            0xD7FF
        } else {
            hi
        };
        let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi)) else {
            continue;
        };
        if lo > hi {
            continue;
        }
        any = true;
        push_char(&mut written, lo);
        if hi != lo {
            written.push('-');
            push_char(&mut written, hi);
        }
    }
    if any {
        written.push(']');
        out.push_str(&written);
    } else {
        out.push_str(NOTHING);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        Pattern::compile(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .is_match(value)
    }

    #[test]
    fn patterns_are_anchored_and_dot_matches_newline() {
        assert!(matches("foo", "foo"));
        assert!(!matches("foo", "xfoo"));
        assert!(!matches("fo", "foo"));
        assert!(matches("a.c", "a\nc"));
        assert!(matches("a|b", "b"));
        assert!(!matches("a|b", "ab"));
        assert!(matches("(a|b)c", "bc"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
        assert!(matches(".*", ""));
        assert!(!matches(".+", ""));
    }

    #[test]
    fn go_only_forms_mean_what_go_means() {
        let cases = [
            ("a{b}", "a{b}", true),
            ("a{,3}", "a{,3}", true),
            ("x{01}", "x{01}", true),
            ("{", "{", true),
            ("a{2}", "aa", true),
            ("a{2,}", "aaaa", true),
            ("\\d+", "123", true),
            ("\\d", "٣", false),
            ("\\w+", "é", false),
            ("\\s", "\u{a0}", false),
            ("\\D", "é", true),
            ("[\\d]", "7", true),
            ("[^\\d]", "é", true),
            ("[\\W]", "é", true),
            ("[a&&b]", "&", true),
            ("[-a]", "-", true),
            ("[+--]", ",", true),
            ("[a~~b]", "~", true),
            ("[[a]", "[", true),
            ("[]a]", "]", true),
            ("[a-]", "-", true),
            ("\\<", "<", true),
            ("\\>", ">", true),
            ("\\Qa.b\\E+", "a.bb", true),
            ("\\Qa.b", "a.b", true),
            ("\\Qa.b", "axb", false),
            ("\\0", "\u{0}", true),
            ("\\101", "A", true),
            ("\\x41\\x{42}", "AB", true),
            ("\\p{Greek}+", "αβ", true),
            ("\\p{^Greek}", "a", true),
            ("\\PL", "1", true),
            ("\\pL", "é", true),
            ("[[:alpha:]]+", "abc", true),
            ("[[:^digit:]]", "a", true),
            ("(?i)abc", "ABC", true),
            ("(?i:a)b", "Ab", true),
            ("(?P<name>a)(?<other>b)", "ab", true),
            ("(?P<a>x)(?P<a>y)", "xy", true),
            ("(?P<1st>x)", "x", true),
            ("(?)a", "a", true),
            ("\\bfoo\\b", "foo", true),
            ("a*?", "aa", true),
            ("(?U)a+", "aaa", true),
            ("x]", "x]", true),
            ("x}", "x}", true),
            ("#", "#", true),
        ];
        for (pattern, value, want) in cases {
            assert_eq!(matches(pattern, value), want, "{pattern} against {value:?}");
        }
    }

    #[test]
    fn what_go_refuses_is_refused() {
        let cases = [
            ("a**", "invalid nested repetition operator: `**`"),
            ("a*+", "invalid nested repetition operator: `*+`"),
            ("a+*?", "invalid nested repetition operator: `+*?`"),
            ("a{2}*", "invalid nested repetition operator: `{2}*`"),
            ("a{1001}", "invalid repeat count: `{1001}`"),
            ("a{2,1}", "invalid repeat count: `{2,1}`"),
            ("(a{100}){20}", "invalid repeat count: `{20}`"),
            ("((a{10})*){200}", "invalid repeat count: `{200}`"),
            ("(a{100}|b){20}", "invalid repeat count: `{20}`"),
            ("(?x)a", "invalid or unsupported Perl syntax: `(?x`"),
            ("(?i-)a", "invalid or unsupported Perl syntax: `(?i-)`"),
            ("(?P=n)", "invalid or unsupported Perl syntax: `(?P`"),
            ("(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"),
            ("\\e", "invalid escape sequence: `\\e`"),
            ("\\u0041", "invalid escape sequence: `\\u`"),
            ("\\1", "invalid escape sequence: `\\1`"),
            ("\\C", "invalid escape sequence: `\\C`"),
            ("\\Z", "invalid escape sequence: `\\Z`"),
            ("\\p{greek}", "invalid character class range: `\\p{greek}`"),
            ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
            ("[z-a]", "invalid character class range: `z-a`"),
            ("[a--b]", "invalid character class range: `a--`"),
            ("*a", "missing argument to repetition operator: `*`"),
            ("[a", "missing closing ]: `[a`"),
            ("x[a-", "missing closing ]: `[a-`"),
            ("a)", "unexpected ): `a)`"),
            ("(a", "missing closing ): `(a`"),
            ("a\\", "trailing backslash at end of expression: ``"),
        ];
        for (pattern, want) in cases {
            assert_eq!(
                Pattern::compile(pattern).err().as_deref(),
                Some(want),
                "{pattern}"
            );
        }
    }

    #[test]
    fn classes_and_case_are_gos_exactly() {
        let cases = [
            // Case orbits, as Go's `unicode.SimpleFold` has them.
            ("(?i)k", "\u{212A}", true),
            ("(?i)ǅ", "Ǆ", true),
            ("(?i)ǅ", "ǆ", true),
            ("(?i)[ǅ]", "Ǆ", true),
            ("(?i)\\w", "ſ", true),
            ("(?i)[^k]", "K", false),
            ("(?i)a(?-i)b", "Ab", true),
            ("(?i)a(?-i)b", "AB", false),
            // Flags hold across `|` to the end of the group, as in Go.
            ("(?:a(?i)b|c)", "C", true),
            ("(?:(?i)a)b", "AB", false),
            // Unicode 15.0 tables: U+1C89 is unassigned there (Cn), a letter in Unicode 16.
            ("\\p{Cn}", "\u{1C89}", true),
            ("\\pL", "\u{1C89}", false),
            ("\\p{Any}", "\u{10FFFF}", true),
            ("\\p{^Any}", "a", false),
            ("[^a]", "\n", true),
            ("(?-s).", "\n", false),
            ("(?m)^b$", "a\nb", false),
            ("a(?m)$\\n^b", "a\nb", true),
            ("\\bé", "é", false),
            // A surrogate is no character of any text.
            ("\\x{D800}|x", "x", true),
            ("[\\x{D7FF}-\\x{E000}]", "\u{E000}", true),
        ];
        for (pattern, value, want) in cases {
            assert_eq!(matches(pattern, value), want, "{pattern} against {value:?}");
        }
    }

    #[test]
    fn literals_skip_the_regex_engine() {
        assert!(
            matches!(Pattern::compile("prod|staging"), Ok(Pattern::Literals(l)) if l == ["prod", "staging"])
        );
        assert!(matches!(Pattern::compile("v1\\.2"), Ok(Pattern::Literals(l)) if l == ["v1.2"]));
        assert!(matches!(Pattern::compile(""), Ok(Pattern::Literals(l)) if l == [""]));
        assert!(matches!(Pattern::compile("a|"), Ok(Pattern::Literals(l)) if l == ["a", ""]));
        assert!(matches!(Pattern::compile(".*"), Ok(Pattern::Any)));
        assert!(matches!(Pattern::compile("a.b"), Ok(Pattern::Regex(_))));
        assert!(matches!(Pattern::compile("\\d"), Ok(Pattern::Regex(_))));
    }
}
