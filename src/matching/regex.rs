//! `=~`/`!~` patterns, answered as Prometheus' `labels.FastRegexMatcher` answers them.
//!
//! [`Pattern::compile`] takes Prometheus' steps (see `src/prometheus/fast_regex/`): a pattern of
//! `|`-separated literal text is a set; any other is checked by Go's rules
//! ([`crate::regexp::check`], which refuses what Prometheus refuses, in Go's words), parsed
//! into Go's tree, and looked over for Prometheus' shortcuts. Whatever those shortcuts answer,
//! quirks included, is the answer; only what they leave to Prometheus' regex goes to a regex
//! engine, which then gives RE2's answer:
//!
//! - `regex-automata`, running Go's tree built as its syntax tree (`automaton.rs`), built only
//!   when some value needs it;
//! - pyroql's own engine (`src/prometheus/vm.rs`) for the patterns Go accepts that `regex-automata` is not
//!   given (nested over 200 deep, or over its size limit once its classes are UTF-8
//!   automata): no pattern Go accepts is refused.
//!
//! The structure Prometheus ends with is then put in the fastest form that answers the same:
//! a set looked up by length, a prefix, a suffix, a substring, an ASCII prefix in either case,
//! a glob of literals and `.*` (for `10\.0\..*:4040`, which Prometheus leaves to its regex).

use super::automaton::Automaton;
use crate::prometheus::fast_regex::{Shortcuts, StringMatcher};
use crate::prometheus::gostr::contains_in_order;
use crate::prometheus::onepass::OnePass;
use crate::prometheus::{analyse, own_engine, vm};
use crate::regexp::{Error, GoOp as Op, GoTree};

/// A compiled `=~` pattern: whether Prometheus' matcher matches a value.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    test: Test,
}

#[derive(Debug, Clone)]
enum Test {
    /// Every value (`.*`).
    Any,
    /// The empty value only (`""`, `^$`).
    Empty,
    /// Every value but the empty one (`.+`).
    NonEmpty,
    /// One of a set of values (`prod|staging`, `api-(eu|us)`).
    Set(LiteralSet),
    /// Values starting with the bytes (`checkout-.*`).
    Prefix(Box<[u8]>),
    /// Values ending with the bytes (`.*-canary`).
    Suffix(Box<[u8]>),
    /// Values holding the bytes (`.*foo.*`).
    Contains(Box<memchr::memmem::Finder<'static>>),
    /// Values whose first bytes are these ASCII bytes, lower-cased, in either case
    /// (`(?i)checkout.*`).
    AsciiFoldPrefix(Box<[u8]>),
    /// Prometheus' own checks, nothing after them (`.*a.*b.*`).
    Checks(Box<Checks>),
    /// Literals with `.*` between them (`10\.0\..*:4040`).
    Glob(Box<Glob>),
    /// Anything else: Prometheus' structure as it is, and the engine for what it leaves over.
    General(Box<General>),
}

/// Prometheus' prefix, suffix and in-order checks.
#[derive(Debug, Clone)]
struct Checks {
    prefix: String,
    suffix: String,
    contains: Vec<String>,
}

impl Checks {
    fn matches(&self, s: &[u8]) -> bool {
        s.starts_with(self.prefix.as_bytes())
            && s.ends_with(self.suffix.as_bytes())
            && contains_in_order(s, &self.contains)
    }
}

#[derive(Debug, Clone)]
struct General {
    shortcuts: Shortcuts,
    engine: Option<Engine>,
}

/// What runs Prometheus' regex.
#[derive(Debug, Clone)]
pub(crate) enum Engine {
    Automaton(Box<Automaton>),
    Own(Box<vm::Program>),
    /// Go's one-pass matcher, where it answers otherwise than RE2 (see [`OnePass`]).
    OnePass(Box<OnePass>),
}

impl Engine {
    /// The engine for Go's tree: Go's one-pass matcher where its answer is not RE2's, else
    /// `regex-automata` when it takes the tree, else pyroql's own.
    pub fn new(tree: &GoTree, pattern: &str) -> Result<Engine, Error> {
        if let Some(one_pass) = OnePass::quirk(pattern, tree) {
            return Ok(Engine::OnePass(Box::new(one_pass)));
        }
        match Automaton::new(tree) {
            Some(automaton) => Ok(Engine::Automaton(Box::new(automaton))),
            None => own_engine(tree, pattern).map(Engine::Own),
        }
    }

    pub fn is_match(&self, value: &str) -> bool {
        match self {
            Engine::Automaton(automaton) => automaton.is_match(value),
            Engine::Own(program) => program.is_match(value),
            Engine::OnePass(one_pass) => one_pass.is_match(value),
        }
    }
}

impl Pattern {
    /// Compiles a pattern as `labels.NewFastRegexMatcher` does. The error is Go's, as after
    /// Go's `error parsing regexp: ` (``CODE: `EXPR` ``).
    pub fn compile(pattern: &str) -> Result<Pattern, Error> {
        // `optimizeAlternatingLiterals`: literal text between `|`s is a set as it stands.
        if pattern.is_empty() {
            return Ok(Pattern { test: Test::Empty });
        }
        if crate::regexp::is_literal_alternation(pattern) {
            let test = Test::Set(LiteralSet::of_alternation(pattern));
            return Ok(Pattern { test });
        }
        let (shortcuts, tree) = analyse(pattern)?;
        let test = specialize(shortcuts, tree.as_ref(), pattern)?;
        Ok(Pattern { test })
    }

    /// Whether Prometheus' matcher matches the whole of `value`.
    #[inline]
    pub fn is_match(&self, value: &str) -> bool {
        let s = value.as_bytes();
        match &self.test {
            Test::Any => true,
            Test::Empty => s.is_empty(),
            Test::NonEmpty => !s.is_empty(),
            Test::Set(set) => set.contains(s),
            Test::Prefix(prefix) => s.starts_with(prefix),
            Test::Suffix(suffix) => s.ends_with(suffix),
            Test::Contains(finder) => holds(finder, s),
            Test::AsciiFoldPrefix(prefix) => {
                s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
            }
            Test::Checks(checks) => checks.matches(s),
            Test::Glob(glob) => glob.matches(s),
            Test::General(general) => general.shortcuts.matches(value, |v| {
                general.engine.as_ref().is_some_and(|e| e.is_match(v))
            }),
        }
    }
}

/// Whether `s` holds the finder's needle. Values shorter than 64 bytes are searched eight
/// starting places at a time for the needle's first and last bytes (in one word each), and
/// only the places where both are found are compared: less set-up than the finder's own search.
#[inline]
fn holds(finder: &memchr::memmem::Finder<'static>, s: &[u8]) -> bool {
    let needle = finder.needle();
    if s.len() >= 64 || needle.is_empty() {
        return finder.find(s).is_some();
    }
    if s.len() < needle.len() {
        return false;
    }
    let n = needle.len();
    let last = s.len() - n;
    let (first, end) = (needle[0], needle[n - 1]);
    if last < 7 {
        return (0..=last).any(|i| s[i] == first && same(&s[i..i + n], needle));
    }
    // Windows of eight places from the start, the last one ending at the last place (it may
    // overlap the one before it).
    let mut at = 0;
    loop {
        let starts = load64(s, at) ^ broadcast(first);
        let ends = load64(s, at + n - 1) ^ broadcast(end);
        // A high bit in each byte that may be zero (a borrow can mark a byte above a zero
        // one too, never miss one): each is checked.
        let both = starts | ends;
        let mut places = both.wrapping_sub(broadcast(1)) & !both & broadcast(0x80);
        while places != 0 {
            let i = at + (places.trailing_zeros() / 8) as usize;
            if same(&s[i..i + n], needle) {
                return true;
            }
            places &= places - 1;
        }
        if at + 7 == last {
            return false;
        }
        at = (at + 8).min(last - 7);
    }
}

/// The byte in every byte of a word.
#[inline]
fn broadcast(byte: u8) -> u64 {
    u64::from(byte) * 0x0101_0101_0101_0101
}

/// The test for values holding `needle`.
fn contains(needle: &str) -> Test {
    let finder = memchr::memmem::Finder::new(needle.as_bytes()).into_owned();
    Test::Contains(Box::new(finder))
}

/// The fastest test that answers as `shortcuts` do.
fn specialize(shortcuts: Shortcuts, tree: Option<&GoTree>, pattern: &str) -> Result<Test, Error> {
    if !shortcuts.set_matches.is_empty() {
        return Ok(Test::Set(LiteralSet::new(&shortcuts.set_matches)));
    }
    let unchecked =
        shortcuts.prefix.is_empty() && shortcuts.suffix.is_empty() && shortcuts.contains.is_empty();
    let Some(string_matcher) = &shortcuts.string_matcher else {
        // Prometheus runs its regex: RE2's answer, which a glob gives as well.
        // Only a literal alternation comes without a tree, and its shortcut always answers.
        let Some(tree) = tree else {
            return Ok(Test::General(Box::new(General {
                shortcuts,
                engine: None,
            })));
        };
        if let Some(glob) = Glob::new(tree) {
            return Ok(Test::Glob(Box::new(glob)));
        }
        let engine = Some(Engine::new(tree, pattern)?);
        return Ok(Test::General(Box::new(General { shortcuts, engine })));
    };
    let sole = |s: &String, check: &String| check.is_empty() || check == s;
    let test = match string_matcher {
        StringMatcher::True if unchecked => Some(Test::Any),
        StringMatcher::True => Some(match &shortcuts.contains[..] {
            [needle] if shortcuts.prefix.is_empty() && shortcuts.suffix.is_empty() => {
                contains(needle)
            }
            _ => Test::Checks(Box::new(Checks {
                prefix: shortcuts.prefix.clone(),
                suffix: shortcuts.suffix.clone(),
                contains: shortcuts.contains.clone(),
            })),
        }),
        StringMatcher::Empty if unchecked => Some(Test::Empty),
        StringMatcher::AnyNonEmpty { match_nl: true } if unchecked => Some(Test::NonEmpty),
        StringMatcher::PrefixSensitive { prefix, right }
            if **right == StringMatcher::True
                && sole(prefix, &shortcuts.prefix)
                && shortcuts.suffix.is_empty()
                && shortcuts.contains.is_empty() =>
        {
            Some(Test::Prefix(prefix.as_bytes().into()))
        }
        StringMatcher::PrefixInsensitive { prefix, right }
            if **right == StringMatcher::True && unchecked && prefix.is_ascii() =>
        {
            Some(Test::AsciiFoldPrefix(
                prefix.to_ascii_lowercase().into_bytes().into(),
            ))
        }
        StringMatcher::Suffix {
            left,
            suffix,
            case_sensitive: true,
        } if **left == StringMatcher::True
            && sole(suffix, &shortcuts.suffix)
            && shortcuts.prefix.is_empty()
            && shortcuts.contains.is_empty() =>
        {
            Some(Test::Suffix(suffix.as_bytes().into()))
        }
        StringMatcher::Contains {
            substrings,
            left: Some(left),
            right: Some(right),
        } if **left == StringMatcher::True
            && **right == StringMatcher::True
            && substrings.len() == 1
            && unchecked =>
        {
            Some(contains(&substrings[0]))
        }
        other => exact_values(other).map(|values| {
            let checks = Checks {
                prefix: shortcuts.prefix.clone(),
                suffix: shortcuts.suffix.clone(),
                contains: shortcuts.contains.clone(),
            };
            // A value that fails Prometheus' checks never matches.
            let values: Vec<String> = values
                .into_iter()
                .filter(|v| checks.matches(v.as_bytes()))
                .collect();
            Test::Set(LiteralSet::new(&values))
        }),
    };
    Ok(test.unwrap_or_else(|| {
        Test::General(Box::new(General {
            shortcuts,
            engine: None,
        }))
    }))
}

/// The values a string matcher matches, when it matches exactly a set of them.
fn exact_values(m: &StringMatcher) -> Option<Vec<String>> {
    match m {
        StringMatcher::Equal {
            s,
            case_sensitive: true,
        } => Some(vec![s.clone()]),
        StringMatcher::EqualSlice(values) => Some(values.clone()),
        StringMatcher::EqualMap(map) if map.case_sensitive && map.prefixes.is_empty() => map
            .values
            .iter()
            .map(|v| String::from_utf8(v.clone()).ok())
            .collect(),
        StringMatcher::Or(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                all.extend(exact_values(sub)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// A set of values, looked up by length first, held in one buffer.
#[derive(Debug, Clone)]
struct LiteralSet {
    /// The values, one after another.
    bytes: Box<[u8]>,
    /// Where each value is in `bytes`: sorted by length, then bytes; no duplicates.
    spans: Box<[(u32, u32)]>,
    /// Bit `n` set: a value has `n` bytes (bit 63: 63 or more). Most values that miss are
    /// refused by this alone.
    lengths: u64,
}

/// The bit of [`LiteralSet::lengths`] for a value of `len` bytes.
#[inline]
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// Sets up to this size are searched one value after another.
const LINEAR_SET: usize = 8;

impl LiteralSet {
    fn new<S: AsRef<str>>(values: &[S]) -> LiteralSet {
        let mut bytes = Vec::with_capacity(values.iter().map(|v| v.as_ref().len()).sum());
        let mut spans = Vec::with_capacity(values.len());
        for v in values {
            let start = bytes.len();
            bytes.extend_from_slice(v.as_ref().as_bytes());
            // Patterns are under 4 GiB: Prometheus' parser takes 16 MiB queries at most.
            spans.push((start as u32, bytes.len() as u32));
        }
        LiteralSet::sorted(bytes.into(), spans)
    }

    /// The set of the `|`-separated parts of `text`, held in one copy of it.
    fn of_alternation(text: &str) -> LiteralSet {
        let bytes: Box<[u8]> = text.as_bytes().into();
        let bars = memchr::memchr_iter(b'|', &bytes);
        let mut spans = Vec::with_capacity(bars.count() + 1);
        let mut start = 0;
        for end in memchr::memchr_iter(b'|', &bytes).chain([bytes.len()]) {
            spans.push((start as u32, end as u32));
            start = end + 1;
        }
        LiteralSet::sorted(bytes, spans)
    }

    /// The set of the values at `spans` in `bytes`: spans sorted by length, then bytes, with
    /// no value twice.
    fn sorted(bytes: Box<[u8]>, mut spans: Vec<(u32, u32)>) -> LiteralSet {
        let at = |(start, end): (u32, u32)| &bytes[start as usize..end as usize];
        spans.sort_unstable_by(|&a, &b| {
            let (a, b) = (at(a), at(b));
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        });
        spans.dedup_by(|a, b| at(*a) == at(*b));
        let lengths = spans
            .iter()
            .fold(0, |bits, &span| bits | length_bit(at(span).len()));
        LiteralSet {
            spans: spans.into_boxed_slice(),
            bytes,
            lengths,
        }
    }

    #[inline]
    fn value(&self, (start, end): (u32, u32)) -> &[u8] {
        &self.bytes[start as usize..end as usize]
    }

    #[inline]
    fn contains(&self, s: &[u8]) -> bool {
        if self.lengths & length_bit(s.len()) == 0 {
            return false;
        }
        if self.spans.len() <= LINEAR_SET {
            return self.spans.iter().any(|&span| same(self.value(span), s));
        }
        self.spans
            .binary_search_by(|&span| {
                let v = self.value(span);
                v.len().cmp(&s.len()).then_with(|| v.cmp(s))
            })
            .is_ok()
    }
}

/// Byte equality. Up to 16 bytes it compares two loads of fixed size that overlap, with no
/// call to `memcmp` (slow on short slices, and slower still on an empty one, whose dangling
/// pointer sends glibc's `memcmp` down a slow path).
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => load32(a, 0) == load32(b, 0) && load32(a, n - 4) == load32(b, n - 4),
        8..=16 => load64(a, 0) == load64(b, 0) && load64(a, n - 8) == load64(b, n - 8),
        _ => a == b,
    }
}

/// The four bytes at `at` (the caller has checked there are four).
#[inline]
fn load32(s: &[u8], at: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&s[at..at + 4]);
    u32::from_le_bytes(word)
}

/// The eight bytes at `at` (the caller has checked there are eight).
#[inline]
fn load64(s: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&s[at..at + 8]);
    u64::from_le_bytes(word)
}

/// A pattern of case-sensitive literals and `.*` (matching newlines), anchored at both ends:
/// `first`, then each of `middle` in order, then `last`, with anything between.
#[derive(Debug, Clone)]
struct Glob {
    first: Vec<u8>,
    middle: Vec<Vec<u8>>,
    last: Vec<u8>,
}

impl Glob {
    /// The glob Go's tree is, if it is one with at least one `.*`.
    fn new(tree: &GoTree) -> Option<Glob> {
        let unwrap = |mut id: usize| {
            while tree[id].op == Op::Capture {
                id = *tree[id].sub.first()?;
            }
            Some(id)
        };
        let root = unwrap(tree.root)?;
        let items: Vec<usize> = if tree[root].op == Op::Concat {
            tree[root].sub.to_vec()
        } else {
            vec![root]
        };
        let mut pieces: Vec<Vec<u8>> = vec![Vec::new()];
        let last_item = items.len().saturating_sub(1);
        for (i, &item) in items.iter().enumerate() {
            let item = unwrap(item)?;
            let node = &tree[item];
            match node.op {
                Op::Literal if !node.folds() => {
                    let piece = pieces.last_mut()?;
                    for &r in node.runes.iter() {
                        // A surrogate matches nothing: no glob.
                        let c = char::from_u32(r)?;
                        let mut buf = [0; 4];
                        piece.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                }
                Op::Star
                    if unwrap(*node.sub.first()?).is_some_and(|s| tree[s].op == Op::AnyChar) =>
                {
                    pieces.push(Vec::new());
                }
                Op::BeginText if i == 0 => {}
                Op::EndText if i == last_item => {}
                Op::EmptyMatch => {}
                _ => return None,
            }
        }
        if pieces.len() < 2 {
            return None;
        }
        let last = pieces.pop()?;
        let first = pieces.remove(0);
        let middle = pieces.into_iter().filter(|p| !p.is_empty()).collect();
        Some(Glob {
            first,
            middle,
            last,
        })
    }

    #[inline]
    fn matches(&self, s: &[u8]) -> bool {
        if s.len() < self.first.len() + self.last.len()
            || !s.starts_with(&self.first)
            || !s.ends_with(&self.last)
        {
            return false;
        }
        let mut rest = &s[self.first.len()..s.len() - self.last.len()];
        for piece in &self.middle {
            match crate::prometheus::gostr::index(rest, piece) {
                Some(at) => rest = &rest[at + piece.len()..],
                None => return false,
            }
        }
        true
    }
}

/// Prometheus' answer worked out the plain way, for checking [`Pattern`]: its structure as it
/// is ([`Semantics`]), and the regex run by `regex-automata` too where it takes the pattern.
#[cfg(feature = "fuzz-checks")]
#[derive(Debug)]
pub(crate) struct Reference {
    semantics: crate::prometheus::Semantics,
    automaton: Option<Automaton>,
}

#[cfg(feature = "fuzz-checks")]
impl Reference {
    pub fn compile(pattern: &str) -> Result<Reference, Error> {
        let (shortcuts, tree) = analyse(pattern)?;
        let automaton = tree.as_ref().and_then(Automaton::new);
        let semantics = crate::prometheus::Semantics::of(shortcuts, tree.as_ref(), pattern)?;
        Ok(Reference {
            semantics,
            automaton,
        })
    }

    /// Prometheus' answer, its regex run by pyroql's own engine.
    pub fn matches(&self, value: &str) -> bool {
        self.semantics.matches(value)
    }

    /// RE2's answer by each engine (`regex-automata`'s when it built the pattern), for a
    /// pattern that is not a literal alternation.
    pub fn engines(&self, value: &str) -> Option<(bool, Option<bool>)> {
        let own = self.semantics.regex_matches(value)?;
        Some((own, self.automaton.as_ref().map(|a| a.is_match(value))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        Pattern::compile(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {}", e.display(pattern)))
            .is_match(value)
    }

    #[test]
    fn short_comparisons_and_searches_agree_with_slices() {
        let text = b"abcabdabcabcxyzabcabdabcabcxyzabcabdabcabcxyzabcabdabcabcxyzabcabdxyzq";
        for n in 0..=20 {
            for at in 0..n {
                let mut other = text[..n].to_vec();
                other[at] = b'_';
                assert!(!same(&text[..n], &other), "{n} at {at}");
            }
            assert!(same(&text[..n], &text[..n]));
        }
        for needle in [
            "a", "ab", "abc", "abd", "cxyz", "xyzq", "bcabcx", "zz", "q", "_",
        ] {
            let finder = memchr::memmem::Finder::new(needle.as_bytes()).into_owned();
            for start in 0..12 {
                for end in start..text.len() {
                    let s = &text[start..end];
                    let want = s.windows(needle.len()).any(|w| w == needle.as_bytes());
                    assert_eq!(holds(&finder, s), want, "{needle} in {start}..{end}");
                }
            }
        }
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
                Pattern::compile(pattern)
                    .err()
                    .map(|e| e.detail(pattern))
                    .as_deref(),
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
    fn shortcuts_take_the_fastest_form() {
        let test = |p: &str| format!("{:?}", Pattern::compile(p).unwrap().test);
        assert!(test("prod|staging").starts_with("Set("));
        assert!(test("v1\\.2").starts_with("Set("));
        assert_eq!(test(""), "Empty");
        assert_eq!(test(".*"), "Any");
        assert_eq!(test(".+"), "NonEmpty");
        assert!(test("checkout-.*").starts_with("Prefix("));
        assert!(test(".*-canary").starts_with("Suffix("));
        assert!(test(".*foo.*").starts_with("Contains("));
        assert!(test("(?i)checkout.*").starts_with("AsciiFoldPrefix("));
        assert!(test("10\\.0\\..*:4040").starts_with("Glob("));
        assert!(test("a.b").starts_with("General("));
    }
}
