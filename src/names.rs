//! Text facts: what the characters and words of a selector are, as Prometheus' lexer sees them.
//!
//! The bottom layer of the crate: it imports nothing of ours, and everything above it (the
//! parser's tokens, the syntax tree, the printer, the normalizer, the error reports, the profile
//! types, the Perses checks) asks it rather than the parser whether a name needs quotes or may
//! stand before the braces.
//!
//! - Byte classes: whitespace, label-name and word characters, quotes.
//! - Names: [`is_bare_label_name`] (`[a-zA-Z_][a-zA-Z0-9_]*`) and [`is_metric_identifier`]
//!   (`[a-zA-Z_:][a-zA-Z0-9_:]*`, no reserved word).
//! - Reserved words: the words PromQL's lexer reserves ([`reserved_word`]) and the `fill` words.
//! - Offsets: [`floor_char_boundary`], [`trivia_len`] (whitespace and `#` comments), and
//!   [`Repaired`], the text Prometheus' lexer reads for bytes that are not UTF-8.

/// The four label matching operators, as messages list them.
pub(crate) const MATCH_OPERATORS: &str = "=, !=, =~ or !~";

/// The replacement for a byte that starts no UTF-8 character: U+FFFD, as Go decodes it.
pub(crate) const REPLACEMENT: &str = "\u{fffd}";

/// [`CLASS`]: `[a-zA-Z_]`, which starts a label name (and a word).
const LABEL_START: u8 = 1;
/// [`CLASS`]: `[a-zA-Z0-9_]`, which goes on a label name (Go's `isAlphaNumeric`, RE2's `\w`).
const LABEL_CHAR: u8 = 2;
/// [`CLASS`]: `[a-zA-Z_:]`, which starts a word (an identifier outside braces).
const WORD_START: u8 = 4;
/// [`CLASS`]: `[a-zA-Z0-9_:]`, which goes on a word.
const WORD_CHAR: u8 = 8;
/// [`CLASS`]: `"`, `'` or `` ` ``, which open a string.
const QUOTE: u8 = 16;
/// [`CLASS`]: space, `\t`, `\n`, `\r`: whitespace between tokens.
const SPACE: u8 = 32;

/// The classes of every byte, as bits: looked up rather than computed, since every token asks.
static CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = if c.is_ascii_alphabetic() || c == b'_' {
            LABEL_START | LABEL_CHAR | WORD_START | WORD_CHAR
        } else if c.is_ascii_digit() {
            LABEL_CHAR | WORD_CHAR
        } else if c == b':' {
            WORD_START | WORD_CHAR
        } else if c == b'"' || c == b'\'' || c == b'`' {
            QUOTE
        } else if c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    class
};

#[inline(always)]
fn is(b: u8, class: u8) -> bool {
    CLASS[usize::from(b)] & class != 0
}

/// Whitespace as Prometheus counts it between tokens: space, tab, newline, carriage return.
#[inline(always)]
pub(crate) fn is_space(b: u8) -> bool {
    is(b, SPACE)
}

/// Whether a label name may start with `b`: `[a-zA-Z_]`.
#[inline(always)]
pub(crate) fn is_label_start(b: u8) -> bool {
    is(b, LABEL_START)
}

/// Whether a label name may go on with `b`: `[a-zA-Z0-9_]` (Go's `isAlphaNumeric`, and the
/// ASCII `\w` of RE2).
#[inline(always)]
pub(crate) fn is_label_char(b: u8) -> bool {
    is(b, LABEL_CHAR)
}

/// Whether a word (an identifier outside braces) may start with `b`: `[a-zA-Z_:]`.
#[inline(always)]
pub(crate) fn is_word_start(b: u8) -> bool {
    is(b, WORD_START)
}

/// Whether a word may go on with `b`: `[a-zA-Z0-9_:]`.
#[inline(always)]
pub(crate) fn is_word_char(b: u8) -> bool {
    is(b, WORD_CHAR)
}

/// Whether `b` opens a string: `"`, `'` or `` ` ``.
#[inline(always)]
pub(crate) fn is_quote(b: u8) -> bool {
    is(b, QUOTE)
}

/// Whether `name` can be written without quotes as a label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
#[inline]
pub(crate) fn is_bare_label_name(name: &str) -> bool {
    match name.as_bytes() {
        [first, rest @ ..] => is_label_start(*first) && rest.iter().all(|&b| is_label_char(b)),
        [] => false,
    }
}

/// Whether `word` is a word as PromQL's lexer reads one: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
pub(crate) fn is_word(word: &str) -> bool {
    match word.as_bytes() {
        [first, rest @ ..] => is_word_start(*first) && rest.iter().all(|&b| is_word_char(b)),
        [] => false,
    }
}

/// Whether `name` may stand before the braces: a word ([`is_word`]) that is not one of the words
/// PromQL reserves there (see [`reserved_word`]; the `fill` words may).
pub(crate) fn is_metric_identifier(name: &str) -> bool {
    is_word(name) && word_names_metric(name)
}

/// Whether the word `word` may name a metric before the braces: it is no reserved word, or one
/// that `metric_identifier` in Prometheus' grammar lists. Long words, such as every
/// profile-type ID, are no keyword and need no lookup.
#[inline]
pub(crate) fn word_names_metric(word: &str) -> bool {
    word.len() > LONGEST_KEYWORD || reserved_word(word).is_none_or(|r| r.names_metric)
}

/// How PromQL's lexer describes a reserved word in an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordKind {
    /// `<op:and>`.
    Operator,
    /// `<aggr:sum>`.
    Aggregator,
    /// `<by>`.
    Keyword,
    /// `"start"`.
    Symbol,
    /// `number "inf"`.
    Number,
}

/// A word PromQL's lexer reserves: how it describes it, and whether it may still name a metric
/// before the braces (`metric_identifier` in `generated_parser.y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reserved {
    pub kind: WordKind,
    pub names_metric: bool,
}

/// The words PromQL's lexer reserves (matched in any letter case).
const RESERVED: &[(&str, WordKind, bool)] = &[
    ("and", WordKind::Operator, true),
    ("or", WordKind::Operator, true),
    ("unless", WordKind::Operator, true),
    ("atan2", WordKind::Operator, false),
    ("avg", WordKind::Aggregator, true),
    ("bottomk", WordKind::Aggregator, true),
    ("count", WordKind::Aggregator, true),
    ("count_values", WordKind::Aggregator, true),
    ("group", WordKind::Aggregator, true),
    ("max", WordKind::Aggregator, true),
    ("min", WordKind::Aggregator, true),
    ("quantile", WordKind::Aggregator, true),
    ("stddev", WordKind::Aggregator, true),
    ("stdvar", WordKind::Aggregator, true),
    ("sum", WordKind::Aggregator, true),
    ("topk", WordKind::Aggregator, true),
    ("limitk", WordKind::Aggregator, true),
    ("limit_ratio", WordKind::Aggregator, true),
    ("by", WordKind::Keyword, true),
    ("offset", WordKind::Keyword, true),
    ("smoothed", WordKind::Keyword, true),
    ("anchored", WordKind::Keyword, true),
    ("without", WordKind::Keyword, true),
    ("bool", WordKind::Keyword, false),
    ("on", WordKind::Keyword, false),
    ("ignoring", WordKind::Keyword, false),
    ("group_left", WordKind::Keyword, false),
    ("group_right", WordKind::Keyword, false),
    ("start", WordKind::Symbol, true),
    ("end", WordKind::Symbol, true),
    ("step", WordKind::Symbol, true),
    ("range", WordKind::Symbol, true),
    ("inf", WordKind::Number, false),
    ("nan", WordKind::Number, false),
];

/// `fill`, `fill_left` and `fill_right` are keywords only when a `(` follows, and even then may
/// name a metric (`metric_identifier` lists them).
const FILL: &[&str] = &["fill", "fill_left", "fill_right"];

/// The length of the longest word in [`RESERVED`] and [`FILL`].
const LONGEST_KEYWORD: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < RESERVED.len() {
        if RESERVED[i].0.len() > longest {
            longest = RESERVED[i].0.len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < FILL.len() {
        if FILL[i].len() > longest {
            longest = FILL[i].len();
        }
        i += 1;
    }
    longest
};

const _: () = assert!(LONGEST_KEYWORD <= 16, "keywords must pack into a u128");

/// `word` (at most 16 bytes, none of them zero) lowercased and packed into one integer, so that
/// a keyword lookup compares integers, not strings: distinct words pack differently.
const fn packed(word: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i].to_ascii_lowercase() as u128) << (8 * i);
        i += 1;
    }
    key
}

/// [`RESERVED`]'s words, packed.
static RESERVED_KEYS: [u128; RESERVED.len()] = {
    let mut keys = [0; RESERVED.len()];
    let mut i = 0;
    while i < RESERVED.len() {
        keys[i] = packed(RESERVED[i].0.as_bytes());
        i += 1;
    }
    keys
};

/// [`FILL`]'s words, packed.
static FILL_KEYS: [u128; FILL.len()] = {
    let mut keys = [0; FILL.len()];
    let mut i = 0;
    while i < FILL.len() {
        keys[i] = packed(FILL[i].as_bytes());
        i += 1;
    }
    keys
};

/// The reserved word `word` is, in any letter case (`On`, `NaN`), if it is one.
pub(crate) fn reserved_word(word: &str) -> Option<Reserved> {
    if word.len() > LONGEST_KEYWORD {
        return None;
    }
    let key = packed(word.as_bytes());
    let i = RESERVED_KEYS.iter().position(|&k| k == key)?;
    RESERVED
        .get(i)
        .map(|&(_, kind, names_metric)| Reserved { kind, names_metric })
}

/// Whether `word` is `fill`, `fill_left` or `fill_right`, in any letter case.
pub(crate) fn is_fill_word(word: &str) -> bool {
    word.len() <= LONGEST_KEYWORD && FILL_KEYS.contains(&packed(word.as_bytes()))
}

/// The largest offset `<= at` (and `<= input.len()`) that starts a character of `input`.
pub(crate) fn floor_char_boundary(input: &str, at: usize) -> usize {
    let mut at = at.min(input.len());
    while !input.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// How many bytes of whitespace and `#` comments (each to the end of its line, `\n` or `\r`)
/// start `input`: what Prometheus' lexer skips between tokens.
#[inline]
pub(crate) fn trivia_len(input: &str) -> usize {
    trivia_end(input.as_bytes(), 0)
}

/// Where the whitespace and comments starting at `bytes[at]` end (see [`trivia_len`]).
#[inline(always)]
pub(crate) fn trivia_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&b) = bytes.get(at) {
        if is_space(b) {
            at += 1;
        } else if b == b'#' {
            at = comment_end(bytes, at);
        } else {
            break;
        }
    }
    at
}

/// Where the comment starting at `bytes[at]` ends: at its line break, which is not part of it.
#[inline(never)]
fn comment_end(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
        .map_or(bytes.len(), |len| at + len)
}

/// A query of bytes that are not UTF-8, as the text Prometheus' lexer reads: each byte that
/// starts no UTF-8 character replaced by U+FFFD (Go's `utf8.DecodeRuneInString` takes each for a
/// rune of its own), with the map between offsets of the bytes and of the text.
pub(crate) struct Repaired {
    text: String,
    /// The offsets in `text` of the replacements, in order.
    replaced: Vec<usize>,
}

impl Repaired {
    pub fn new(original: &[u8]) -> Self {
        let mut text = String::with_capacity(original.len() + 16);
        let mut replaced = Vec::new();
        for chunk in original.utf8_chunks() {
            text.push_str(chunk.valid());
            for _ in chunk.invalid() {
                replaced.push(text.len());
                text.push_str(REPLACEMENT);
            }
        }
        Repaired { text, replaced }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    /// The offsets in the text of the replacements, in order.
    pub fn replaced(&self) -> &[usize] {
        &self.replaced
    }

    /// The offset in the text of `offset` of the original bytes.
    pub fn offset_in_text(&self, offset: usize) -> usize {
        // Replacement `i` stands at `replaced[i] - 2 * i` of the original, each two bytes
        // longer in the text: count those before `offset`.
        let (mut lo, mut hi) = (0, self.replaced.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.replaced[mid] - 2 * mid < offset {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        offset + 2 * lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_classes_are_the_lexers() {
        for b in 0..=255u8 {
            let label_char = b.is_ascii_alphanumeric() || b == b'_';
            assert_eq!(is_label_char(b), label_char, "{b:#x}");
            assert_eq!(is_label_start(b), label_char && !b.is_ascii_digit());
            assert_eq!(is_word_char(b), label_char || b == b':');
            assert_eq!(is_word_start(b), is_label_start(b) || b == b':');
            assert_eq!(is_quote(b), b"\"'`".contains(&b));
            assert_eq!(is_space(b), b" \t\n\r".contains(&b));
        }
    }

    #[test]
    fn identifiers_follow_prometheus() {
        for ok in [
            "cpu",
            "_x",
            ":a",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "sum",
            "by",
            "fill",
            "FILL_left",
            "nan:x",
        ] {
            assert!(is_metric_identifier(ok), "{ok}");
        }
        for bad in [
            "", "1a", "a-b", "a.b", "bool", "On", "atan2", "inf", "NaN", "é",
        ] {
            assert!(!is_metric_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn bare_label_names() {
        assert!(is_bare_label_name("service_name"));
        assert!(is_bare_label_name("_a1"));
        assert!(!is_bare_label_name(""));
        assert!(!is_bare_label_name("1a"));
        assert!(!is_bare_label_name("service.name"));
        assert!(!is_bare_label_name("a:b"));
    }

    #[test]
    fn reserved_words_in_any_case() {
        assert_eq!(LONGEST_KEYWORD, "count_values".len());
        let word = |w| reserved_word(w).map(|r| (r.kind, r.names_metric));
        assert_eq!(word("COUNT_VALUEs"), Some((WordKind::Aggregator, true)));
        assert_eq!(word("ON"), Some((WordKind::Keyword, false)));
        assert_eq!(word("Inf"), Some((WordKind::Number, false)));
        assert_eq!(word("count_value"), None);
        assert_eq!(word("count_valuesx"), None);
        assert_eq!(word("fill"), None);
        assert!(is_fill_word("Fill_Right") && !is_fill_word("fil"));
    }

    #[test]
    fn trivia_covers_spaces_and_comments() {
        assert_eq!(trivia_len(" \t# a comment\r\n  # another\n{"), 27);
        assert_eq!(trivia_len("#only"), 5);
        assert_eq!(trivia_len("# a\rb"), 4);
        assert_eq!(trivia_len("{ "), 0);
    }

    #[test]
    fn char_boundaries_round_down() {
        assert_eq!(floor_char_boundary("aé", 2), 1);
        assert_eq!(floor_char_boundary("aé", 3), 3);
        assert_eq!(floor_char_boundary("aé", 99), 3);
    }

    #[test]
    fn each_bad_byte_is_one_replacement() {
        let repaired = Repaired::new(b"a\xffb\xe2\x82c\xf0");
        assert_eq!(repaired.text(), "a\u{fffd}b\u{fffd}\u{fffd}c\u{fffd}");
        assert_eq!(repaired.replaced(), [1, 5, 8, 12]);
        for (original, text) in [
            (0, 0),
            (1, 1),
            (2, 4),
            (3, 5),
            (4, 8),
            (5, 11),
            (6, 12),
            (7, 15),
        ] {
            assert_eq!(repaired.offset_in_text(original), text);
        }
    }
}
