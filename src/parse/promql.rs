//! The PromQL lexer's view of text outside the braces.
//!
//! Prometheus lexes a selector with its whole PromQL lexer, so a word before the braces may turn
//! out to be a keyword, and junk after the selector (`foo[5m]`, `1`, `a+b`) fails with PromQL's
//! wording. This module names those tokens the way `promql/parser/lex.go` does, on the token
//! parsers of [`super::tokens`]; the selector grammar itself lives in [`super::grammar`].

use crate::error::{ErrorKind, Token, TokenKind};
use crate::names::{self, WordKind};

use super::tokens::{string_token_len, word, Fail};

/// How Prometheus' lexer describes `word` (`[a-zA-Z_:][a-zA-Z0-9_:]*`) in an error; `rest` is
/// the text after it (`fill` is a keyword only before a `(`).
pub(crate) fn word_kind(word: &str, rest: &str) -> TokenKind {
    if word.bytes().any(|b| b == b':') {
        return TokenKind::MetricIdentifier;
    }
    if let Some(reserved) = names::reserved_word(word) {
        return match reserved.kind {
            WordKind::Operator => TokenKind::Operator,
            WordKind::Aggregator => TokenKind::Aggregator,
            WordKind::Keyword => TokenKind::Keyword,
            WordKind::Symbol => TokenKind::Symbol,
            WordKind::Number => TokenKind::Number,
        };
    }
    if names::is_fill_word(word) && followed_by_left_paren(rest) {
        return TokenKind::Keyword;
    }
    TokenKind::Identifier
}

fn followed_by_left_paren(rest: &str) -> bool {
    rest.trim_start_matches(|c: char| c.is_ascii() && names::is_space(c as u8))
        .starts_with('(')
}

/// The error Prometheus gives for the token that starts `rest`, where a selector can neither
/// start nor go on: a lexer error if the token does not lex, else `unexpected <token>`.
#[cold]
#[inline(never)]
pub(crate) fn unexpected_token(rest: &str) -> Fail {
    let unexpected = |kind: TokenKind, len: usize| {
        let found = Token::new(kind, rest.get(..len).unwrap_or_default());
        let kind = ErrorKind::Unexpected {
            found,
            expected: None,
        };
        Fail::at(rest, len, kind)
    };
    let bytes = rest.as_bytes();
    let second = bytes.get(1).copied();
    let Some(first) = rest.chars().next() else {
        return unexpected(TokenKind::EndOfInput, 0);
    };
    let one = |kind: ErrorKind| Fail::at(rest, first.len_utf8(), kind);
    match first {
        ',' | '(' | '{' | '[' => unexpected(TokenKind::Symbol, 1),
        '*' | '/' | '%' | '+' | '-' | '^' | '@' => unexpected(TokenKind::Operator, 1),
        '=' => match second {
            Some(b'=') => unexpected(TokenKind::Operator, 2),
            Some(b'~') => one(ErrorKind::CharacterAfterEquals('~')),
            _ => unexpected(TokenKind::Symbol, 1),
        },
        '!' => match second {
            Some(b'=') => unexpected(TokenKind::Operator, 2),
            _ => one(ErrorKind::CharacterAfterBang(rest[1..].chars().next())),
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
        '0'..='9' => number_or_duration(rest),
        '.' if second.is_some_and(|b| b.is_ascii_digit()) => number_or_duration(rest),
        '"' | '\'' | '`' => match string_token_len(rest) {
            Ok(len) => unexpected(TokenKind::String, len),
            Err(fail) => fail,
        },
        // Prometheus reports a stray `)` just after it: it has already emitted the token.
        ')' => Fail::at(&rest[1..], 0, ErrorKind::RightParenthesis),
        ']' => one(ErrorKind::RightBracket),
        _ => match word(rest) {
            Ok((after, text)) => unexpected(word_kind(text, after), text.len()),
            Err(_) => one(ErrorKind::Character(first)),
        },
    }
}

/// Lexes the number or duration that starts `rest` as `lexNumberOrDuration` does, quirks
/// included, and reports it as unexpected (or as bad syntax when it is neither).
fn number_or_duration(rest: &str) -> Fail {
    let mut scan = Scanner {
        text: rest,
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
    let kind = match kind {
        Some(kind) => ErrorKind::Unexpected {
            found: Token::new(kind, text),
            expected: None,
        },
        None => ErrorKind::BadNumberOrDuration(text.to_owned()),
    };
    Fail::at(rest, scan.pos, kind)
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

/// Go's `isAlphaNumeric`: a label-name character.
fn is_alphanumeric(c: char) -> bool {
    c.is_ascii() && names::is_label_char(c as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(input: &str, pos: usize) -> String {
        let error = unexpected_token(&input[pos..]).into_error(input);
        error.map(|e| e.to_string()).unwrap_or_default()
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
            assert_eq!(
                (word_kind(word, "{}"), names::is_metric_identifier(word)),
                (kind, ok),
                "word {word}"
            );
        }
        assert_eq!(word_kind("fill", " (x)"), TokenKind::Keyword);
        assert!(names::is_metric_identifier("fill"));
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
