//! The PromQL lexer's view of text outside the braces.
//!
//! Prometheus lexes a selector with its whole PromQL lexer, so a word before the braces may turn
//! out to be a keyword, and junk after the selector (`foo[5m]`, `1`, `a+b`) fails with PromQL's
//! wording. This module classifies those tokens the way `promql/parser/lex.go` does; the selector
//! grammar itself lives in the parent module.

use crate::ast::Span;
use crate::error::{ErrorKind, ParseError, Token, TokenKind};

use super::lexer;
use super::string::string_literal;

/// How Prometheus lexes a word (`[a-zA-Z_:][a-zA-Z0-9_:]*`), and whether it may name a metric.
pub(crate) struct WordClass {
    pub kind: TokenKind,
    pub is_metric_identifier: bool,
}

/// The words PromQL's lexer reserves, how it describes each, and whether it may still name a
/// metric before the braces (`metric_identifier` in `generated_parser.y`).
const RESERVED: &[(&str, TokenKind, bool)] = &[
    ("and", TokenKind::Operator, true),
    ("or", TokenKind::Operator, true),
    ("unless", TokenKind::Operator, true),
    ("atan2", TokenKind::Operator, false),
    ("avg", TokenKind::Aggregator, true),
    ("bottomk", TokenKind::Aggregator, true),
    ("count", TokenKind::Aggregator, true),
    ("count_values", TokenKind::Aggregator, true),
    ("group", TokenKind::Aggregator, true),
    ("max", TokenKind::Aggregator, true),
    ("min", TokenKind::Aggregator, true),
    ("quantile", TokenKind::Aggregator, true),
    ("stddev", TokenKind::Aggregator, true),
    ("stdvar", TokenKind::Aggregator, true),
    ("sum", TokenKind::Aggregator, true),
    ("topk", TokenKind::Aggregator, true),
    ("limitk", TokenKind::Aggregator, true),
    ("limit_ratio", TokenKind::Aggregator, true),
    ("by", TokenKind::Keyword, true),
    ("offset", TokenKind::Keyword, true),
    ("smoothed", TokenKind::Keyword, true),
    ("anchored", TokenKind::Keyword, true),
    ("without", TokenKind::Keyword, true),
    ("bool", TokenKind::Keyword, false),
    ("on", TokenKind::Keyword, false),
    ("ignoring", TokenKind::Keyword, false),
    ("group_left", TokenKind::Keyword, false),
    ("group_right", TokenKind::Keyword, false),
    ("start", TokenKind::Symbol, true),
    ("end", TokenKind::Symbol, true),
    ("step", TokenKind::Symbol, true),
    ("range", TokenKind::Symbol, true),
    ("inf", TokenKind::Number, false),
    ("nan", TokenKind::Number, false),
];

/// `fill`, `fill_left` and `fill_right` are keywords only when a `(` follows, and even then may
/// name a metric (`metric_identifier` lists them): `fill(` fails at the parenthesis.
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

const _: () = assert!(LONGEST_KEYWORD <= 16, "keywords must pack into a u128");

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

/// Whether `word` may name a metric before the braces (see [`classify_word`]); `rest` is the
/// text after it. Long words, such as every profile-type ID, are no keyword and need no lookup.
#[inline]
pub(crate) fn names_metric(word: &str, rest: &str) -> bool {
    word.len() > LONGEST_KEYWORD || classify_word(word, rest).is_metric_identifier
}

/// Classifies `word`; `rest` is the text after it (`fill` is a keyword only before a `(`).
pub(crate) fn classify_word(word: &str, rest: &str) -> WordClass {
    let class = |kind, is_metric_identifier| WordClass {
        kind,
        is_metric_identifier,
    };
    if word.bytes().any(|b| b == b':') {
        return class(TokenKind::MetricIdentifier, true);
    }
    // Keywords are short: a longer word is a plain identifier.
    if word.len() > LONGEST_KEYWORD {
        return class(TokenKind::Identifier, true);
    }
    let key = packed(word.as_bytes());
    if let Some(&(_, kind, ok)) = RESERVED_KEYS
        .iter()
        .position(|&k| k == key)
        .and_then(|i| RESERVED.get(i))
    {
        return class(kind, ok);
    }
    if FILL_KEYS.contains(&key) && followed_by_left_paren(rest) {
        return class(TokenKind::Keyword, true);
    }
    class(TokenKind::Identifier, true)
}

fn followed_by_left_paren(rest: &str) -> bool {
    rest.trim_start_matches(super::lexer::is_space)
        .starts_with('(')
}

/// The error Prometheus gives for the token at `pos`, where a selector can neither start nor go
/// on: a lexer error if the token does not lex, else `unexpected <token>`.
pub(crate) fn unexpected_token(input: &str, pos: usize) -> ParseError {
    let rest = &input[pos..];
    let unexpected = |kind: TokenKind, len: usize| {
        ParseError::new(
            ErrorKind::Unexpected {
                found: Token::new(kind, &rest[..len]),
                expected: None,
            },
            Span::new(pos, pos + len),
            input,
        )
    };
    let lex_error = |kind: ErrorKind, span: Span| ParseError::new(kind, span, input);
    let bytes = rest.as_bytes();
    let second = bytes.get(1).copied();
    let Some(first) = rest.chars().next() else {
        return unexpected(TokenKind::EndOfInput, 0);
    };
    let one = Span::new(pos, pos + first.len_utf8());
    match first {
        ',' | '(' | '{' | '[' => unexpected(TokenKind::Symbol, 1),
        '*' | '/' | '%' | '+' | '-' | '^' | '@' => unexpected(TokenKind::Operator, 1),
        '=' => match second {
            Some(b'=') => unexpected(TokenKind::Operator, 2),
            Some(b'~') => lex_error(ErrorKind::CharacterAfterEquals('~'), one),
            _ => unexpected(TokenKind::Symbol, 1),
        },
        '!' => match second {
            Some(b'=') => unexpected(TokenKind::Operator, 2),
            _ => lex_error(ErrorKind::CharacterAfterBang(rest[1..].chars().next()), one),
        },
        // `<=`, `>=`, and since Prometheus 3.11 `</` and `>/` (trim operators).
        '<' | '>' => unexpected(
            TokenKind::Operator,
            if matches!(second, Some(b'=' | b'/')) {
                2
            } else {
                1
            },
        ),
        '0'..='9' => number_or_duration(input, pos),
        '.' if second.is_some_and(|b| b.is_ascii_digit()) => number_or_duration(input, pos),
        '"' | '\'' | '`' => match string_literal(rest) {
            Ok(literal) => unexpected(TokenKind::String, literal.len),
            Err(kind) => lex_error(kind, one),
        },
        c if c.is_ascii() && lexer::starts_word(c as u8) => {
            let len = super::scan::word_run(bytes, 1);
            let class = classify_word(&rest[..len], &rest[len..]);
            unexpected(class.kind, len)
        }
        // Prometheus reports a stray `)` just after it: it has already emitted the token.
        ')' => lex_error(ErrorKind::RightParenthesis, Span::empty(pos + 1)),
        ']' => lex_error(ErrorKind::RightBracket, one),
        c => lex_error(ErrorKind::Character(c), one),
    }
}

/// Lexes a number or duration at `pos` as `lexNumberOrDuration` does, quirks included, and
/// reports it as unexpected (or as bad syntax when it is neither).
fn number_or_duration(input: &str, pos: usize) -> ParseError {
    let mut scan = Scanner {
        text: &input[pos..],
        pos: 0,
        width: 0,
    };
    let kind = if scan.number() {
        Some(TokenKind::Number)
    } else if scan.remaining_duration() {
        scan.backup();
        Some(TokenKind::Duration)
    } else {
        None
    };
    let text = &scan.text[..scan.pos];
    let span = Span::new(pos, pos + scan.pos);
    let kind = match kind {
        Some(kind) => ErrorKind::Unexpected {
            found: Token::new(kind, text),
            expected: None,
        },
        None => ErrorKind::BadNumberOrDuration(text.to_owned()),
    };
    ParseError::new(kind, span, input)
}

/// A cursor with the `next`/`backup`/`accept` moves of Prometheus' lexer, whose number scanning
/// depends on them step by step.
struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    width: usize,
}

const DIGITS: &str = "0123456789";
const HEX_DIGITS: &str = "0123456789abcdefABCDEF";

impl Scanner<'_> {
    fn next(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next();
        self.width = c.map_or(0, char::len_utf8);
        self.pos += self.width;
        c
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    fn peek(&mut self) -> Option<char> {
        let c = self.next();
        self.backup();
        c
    }

    fn accept(&mut self, valid: &str) -> bool {
        if self.next().is_some_and(|c| valid.contains(c)) {
            return true;
        }
        self.backup();
        false
    }

    fn is(&mut self, valid: &str) -> bool {
        self.peek().is_some_and(|c| valid.contains(c))
    }

    fn accept_run(&mut self, valid: &str) {
        while self.next().is_some_and(|c| valid.contains(c)) {}
        self.backup();
    }

    /// `scanNumber`: decimal, hex or float, with `_` separators; the text need not be a valid
    /// number, only shaped like one.
    fn number(&mut self) -> bool {
        let initial = self.pos;
        let mut digits = DIGITS;
        if self.accept("0") && self.accept("xX") {
            self.accept("_");
            digits = HEX_DIGITS;
        }
        let any = match digits {
            DIGITS => "0123456789._eE",
            _ => "0123456789abcdefABCDEF._eE",
        };
        self.accept(".");
        self.accept(digits);
        let mut dot_seen = false;
        let mut exponent_seen = false;
        while self.is(any) {
            if self.is(".") && dot_seen {
                self.accept(".");
                return false;
            }
            if self.is("eE") && exponent_seen {
                self.accept("eE");
                return false;
            }
            if self.accept(".") {
                dot_seen = true;
                if self.accept("_.") || digits.len() > 10 {
                    return false;
                }
                continue;
            }
            if self.accept("eE") {
                exponent_seen = true;
                self.accept("+-");
                if self.accept("._eE") || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            if self.accept("_") {
                if self.accept("._eE") || self.peek().is_none() {
                    return false;
                }
                continue;
            }
            self.accept_run(digits);
        }
        if self.pos == initial {
            return false;
        }
        !self.peek().is_some_and(is_alphanumeric)
    }

    /// `acceptRemainingDuration`: a unit, then more number-unit pairs, then no word character.
    fn remaining_duration(&mut self) -> bool {
        if !self.accept("smhdwy") {
            return false;
        }
        self.accept("s");
        while self.accept(DIGITS) {
            self.accept_run(DIGITS);
            if !self.accept("smhdw") {
                return false;
            }
            self.accept("s");
        }
        !self.next().is_some_and(is_alphanumeric)
    }
}

fn is_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(input: &str, pos: usize) -> String {
        unexpected_token(input, pos).to_string()
    }

    #[test]
    fn numbers_and_durations_lex_like_prometheus() {
        let cases = [
            ("1", r#"1:1: parse error: unexpected number "1""#),
            ("1.5e3", r#"1:1: parse error: unexpected number "1.5e3""#),
            (".5", r#"1:1: parse error: unexpected number ".5""#),
            ("0x1F", r#"1:1: parse error: unexpected number "0x1F""#),
            ("1_000", r#"1:1: parse error: unexpected number "1_000""#),
            ("5m", r#"1:1: parse error: unexpected duration "5m""#),
            ("1h30m", r#"1:1: parse error: unexpected duration "1h30m""#),
            ("5ms", r#"1:1: parse error: unexpected duration "5ms""#),
            (
                "1foo",
                r#"1:1: parse error: bad number or duration syntax: "1""#,
            ),
            (
                "5mx",
                r#"1:1: parse error: bad number or duration syntax: "5mx""#,
            ),
            (
                "1e",
                r#"1:1: parse error: bad number or duration syntax: "1e""#,
            ),
            (
                "1..2",
                r#"1:1: parse error: bad number or duration syntax: "1..""#,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(message(input, 0), want, "lexing {input:?}");
        }
    }

    #[test]
    fn the_longest_keyword_is_count_values() {
        assert_eq!(LONGEST_KEYWORD, "count_values".len());
    }

    #[test]
    fn words_are_classified_like_prometheus() {
        let cases = [
            ("bool", TokenKind::Keyword, false),
            ("ON", TokenKind::Keyword, false),
            ("atan2", TokenKind::Operator, false),
            ("and", TokenKind::Operator, true),
            ("sum", TokenKind::Aggregator, true),
            ("by", TokenKind::Keyword, true),
            ("range", TokenKind::Symbol, true),
            ("Inf", TokenKind::Number, false),
            ("fill", TokenKind::Identifier, true),
            ("cpu", TokenKind::Identifier, true),
            ("count_values", TokenKind::Aggregator, true),
            ("COUNT_VALUEs", TokenKind::Aggregator, true),
            ("count_value", TokenKind::Identifier, true),
            ("count_valuesx", TokenKind::Identifier, true),
            ("an", TokenKind::Identifier, true),
            ("_", TokenKind::Identifier, true),
            ("a:b", TokenKind::MetricIdentifier, true),
            ("nan:x", TokenKind::MetricIdentifier, true),
        ];
        for (word, kind, ok) in cases {
            let class = classify_word(word, "{}");
            assert_eq!(
                (class.kind, class.is_metric_identifier),
                (kind, ok),
                "word {word}"
            );
        }
        let fill = classify_word("fill", " (x)");
        assert_eq!(
            (fill.kind, fill.is_metric_identifier),
            (TokenKind::Keyword, true)
        );
    }

    #[test]
    fn other_tokens_fail_like_prometheus() {
        let cases = [
            ("(", r#"1:1: parse error: unexpected "(""#),
            ("[5m]", r#"1:1: parse error: unexpected "[""#),
            ("+b", "1:1: parse error: unexpected <op:+>"),
            ("==", "1:1: parse error: unexpected <op:==>"),
            (
                "=~",
                "1:1: parse error: unexpected character after '=': '~'",
            ),
            (
                "!x",
                "1:1: parse error: unexpected character after '!': 'x'",
            ),
            (
                "!",
                "1:1: parse error: unexpected character after '!': '\u{fffd}'",
            ),
            ("<=", "1:1: parse error: unexpected <op:<=>"),
            ("</", "1:1: parse error: unexpected <op:</>"),
            (">/ 1", "1:1: parse error: unexpected <op:>/>"),
            ("<", "1:1: parse error: unexpected <op:<>"),
            (")", "1:2: parse error: unexpected right parenthesis ')'"),
            ("]", "1:1: parse error: unexpected right bracket ']'"),
            ("}", "1:1: parse error: unexpected character: '}'"),
            ("?", "1:1: parse error: unexpected character: '?'"),
            ("\"x\"", r#"1:1: parse error: unexpected string "\"x\"""#),
            ("\"x", "1:1: parse error: unterminated quoted string"),
            ("sum", "1:1: parse error: unexpected <aggr:sum>"),
            ("offset", "1:1: parse error: unexpected <offset>"),
            ("start", r#"1:1: parse error: unexpected "start""#),
            ("lol", r#"1:1: parse error: unexpected identifier "lol""#),
        ];
        for (input, want) in cases {
            assert_eq!(message(input, 0), want, "lexing {input:?}");
        }
    }
}
