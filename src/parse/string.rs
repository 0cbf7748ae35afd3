//! Quoted strings: `"…"` and `'…'` with Go's escapes, and raw `` `…` `` strings.
//!
//! A string borrows from the query until its first escape; only then does it build an owned
//! value. Errors follow Prometheus' lexer: the first problem met reading left to right wins.

use std::borrow::Cow;

use crate::error::ErrorKind;

use super::scan::{plain_text_end, raw_text_end};

/// A lexed string: its decoded value and its length in the query, quotes included.
pub(crate) struct StringLiteral<'a> {
    pub value: Cow<'a, str>,
    pub len: usize,
}

/// The bytes UTF-8 uses for U+FFFD, the rune Prometheus' lexer takes for broken input.
const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

/// The length, quotes included, of the string at `bytes[start]` when it is plain: closed on its
/// line, with no escape and no U+FFFD. Such a string is its own value; anything else takes
/// [`string_literal`]. `bytes` is the whole query, so that the scanner can read whole words
/// up to its end.
#[inline(always)]
pub(crate) fn plain_string_len(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = match bytes.get(start)? {
        &quote @ (b'"' | b'\'' | b'`') => quote,
        _ => return None,
    };
    let end = plain_text_end(bytes, start + 1, quote);
    (bytes.get(end) == Some(&quote)).then_some(end + 1 - start)
}

/// Reads the string at the start of `input`, whose first byte is `"`, `'` or `` ` ``.
#[inline]
pub(crate) fn string_literal(input: &str) -> Result<StringLiteral<'_>, ErrorKind> {
    match input.as_bytes().first() {
        Some(b'`') => raw_string(input),
        Some(&quote @ (b'"' | b'\'')) => quoted_string(input, quote),
        _ => Err(ErrorKind::UnterminatedString),
    }
}

fn raw_string(input: &str) -> Result<StringLiteral<'_>, ErrorKind> {
    let bytes = input.as_bytes();
    let mut from = 1;
    loop {
        let at = raw_text_end(bytes, from);
        match bytes.get(at) {
            None => return Err(ErrorKind::UnterminatedRawString),
            Some(b'`') => {
                return Ok(StringLiteral {
                    value: Cow::Borrowed(&input[1..at]),
                    len: at + 1,
                })
            }
            _ if bytes[at..].starts_with(REPLACEMENT) => return Err(ErrorKind::InvalidUtf8Rune),
            _ => from = at + 1,
        }
    }
}

#[inline]
fn quoted_string(input: &str, quote: u8) -> Result<StringLiteral<'_>, ErrorKind> {
    let bytes = input.as_bytes();
    // Bytes decoded so far, once an escape has forced a copy; `copied` is how much of `input` it covers.
    let mut decoded: Option<Vec<u8>> = None;
    let mut copied = 1;
    let mut from = 1;
    loop {
        // For `"` and `'` strings the plain-text stops are exactly the ones that matter here.
        let at = plain_text_end(bytes, from, quote);
        match bytes.get(at) {
            None | Some(b'\n') => return Err(ErrorKind::UnterminatedString),
            Some(b'\\') => {
                // Sized for the text so far, not for the rest of the query: a long query with
                // many escaped strings must not reserve its own length once per string.
                let buf = decoded.get_or_insert_with(|| Vec::with_capacity(2 * at + 16));
                buf.extend_from_slice(&bytes[copied..at]);
                from = decode_escape(input, at + 1, quote, buf)?;
                copied = from;
            }
            Some(&b) if b == quote => {
                let value = match decoded {
                    None => Cow::Borrowed(&input[1..at]),
                    Some(mut buf) => {
                        buf.extend_from_slice(&bytes[copied..at]);
                        Cow::Owned(
                            String::from_utf8(buf).map_err(|_| ErrorKind::EscapedInvalidUtf8)?,
                        )
                    }
                };
                return Ok(StringLiteral { value, len: at + 1 });
            }
            _ if bytes[at..].starts_with(REPLACEMENT) => return Err(ErrorKind::InvalidUtf8Rune),
            _ => from = at + 1,
        }
    }
}

/// The byte a one-character escape `\c` stands for, in a string opened by `quote`.
#[inline]
fn simple_escape(c: u8, quote: u8) -> Option<u8> {
    match c {
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(0x0b),
        b'\\' => Some(b'\\'),
        c if c == quote => Some(quote),
        _ => None,
    }
}

/// Decodes the escape whose backslash stands just before `text[start]`, appending its bytes to
/// `out`; returns the offset just past it. Mirrors Prometheus' `lexEscape`.
#[inline(never)]
fn decode_escape(
    text: &str,
    start: usize,
    quote: u8,
    out: &mut Vec<u8>,
) -> Result<usize, ErrorKind> {
    // The common escapes (`\"`, `\\`, `\n`, …) are one ASCII byte: read them without decoding.
    if let Some(byte) = text
        .as_bytes()
        .get(start)
        .and_then(|&c| simple_escape(c, quote))
    {
        out.push(byte);
        return Ok(start + 1);
    }
    let mut chars = text[start..].chars();
    let mut read = start;
    let mut next = |chars: &mut std::str::Chars<'_>| {
        let c = chars.next();
        read += c.map_or(0, char::len_utf8);
        c
    };
    let Some(first) = next(&mut chars) else {
        return Err(ErrorKind::EscapeNotTerminated);
    };
    let (digits, base, max, mut c) = match first {
        '0'..='7' => (3, 8, 255, Some(first)),
        'x' => (2, 16, 255, next(&mut chars)),
        'u' => (4, 16, 0x10_FFFF, next(&mut chars)),
        'U' => (8, 16, 0x10_FFFF, next(&mut chars)),
        other => return Err(ErrorKind::UnknownEscape(other)),
    };
    let mut value: u32 = 0;
    for left in (0..digits).rev() {
        let digit = c.and_then(|c| c.to_digit(16)).filter(|&d| d < base);
        match (digit, c) {
            (Some(d), _) => value = value * base + d,
            (None, None) => return Err(ErrorKind::EscapeNotTerminated),
            (None, Some(other)) => return Err(ErrorKind::IllegalEscapeCharacter(other)),
        }
        if left > 0 {
            c = next(&mut chars);
        }
    }
    if value > max || (0xD800..0xE000).contains(&value) {
        return Err(ErrorKind::InvalidCodePoint);
    }
    if max == 255 {
        // `\NNN` and `\xNN` stand for one byte each, not for a character.
        out.push(value as u8);
    } else {
        // In range and not a surrogate, as checked above.
        let c = char::from_u32(value).ok_or(ErrorKind::InvalidCodePoint)?;
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(input: &str) -> Result<(String, usize, bool), ErrorKind> {
        string_literal(input).map(|s| {
            let borrowed = matches!(s.value, Cow::Borrowed(_));
            (s.value.into_owned(), s.len, borrowed)
        })
    }

    #[test]
    fn plain_strings_are_measured_without_decoding() {
        assert_eq!(plain_string_len(b"\"api\" rest", 0), Some(5));
        assert_eq!(plain_string_len(b"'a\"b'", 0), Some(5));
        assert_eq!(plain_string_len(b"`a.b`", 0), Some(5));
        // The fast path stops raw strings where it stops the others; the slow path reads them.
        assert_eq!(plain_string_len(b"`a\\.\nb`", 0), None);
        assert_eq!(plain_string_len(b"\"\"", 0), Some(2));
        assert_eq!(plain_string_len(b"\"a\\nb\"", 0), None);
        assert_eq!(plain_string_len(b"\"a\nb\"", 0), None);
        assert_eq!(plain_string_len(b"\"abc", 0), None);
        assert_eq!(plain_string_len("\"\u{fffd}\"".as_bytes(), 0), None);
        assert_eq!(plain_string_len("\"\u{e9}\"".as_bytes(), 0), Some(4));
        // Other characters whose UTF-8 starts like U+FFFD's take the slow path, which reads them.
        assert_eq!(plain_string_len("\"\u{FF01}\"".as_bytes(), 0), None);
        assert_eq!(value("\"\u{FF01}\""), Ok(("\u{FF01}".into(), 5, true)));
    }

    #[test]
    fn plain_strings_are_measured_where_they_start() {
        let query = br#"{a="api", b='x'}"#;
        assert_eq!(plain_string_len(query, 3), Some(5));
        assert_eq!(plain_string_len(query, 12), Some(3));
        assert_eq!(plain_string_len(query, 2), None);
        // Not a string at all, though the same byte comes again.
        assert_eq!(plain_string_len(b"axa", 0), None);
        assert_eq!(plain_string_len(query, 99), None);
    }

    #[test]
    fn plain_strings_borrow() {
        assert_eq!(value(r#""api" rest"#), Ok(("api".into(), 5, true)));
        assert_eq!(value("'a\"b'"), Ok(("a\"b".into(), 5, true)));
        assert_eq!(value("`a\\.\nb`"), Ok(("a\\.\nb".into(), 7, true)));
        assert_eq!(value("\"\""), Ok((String::new(), 2, true)));
    }

    #[test]
    fn escapes_decode() {
        let cases = [
            (r#""\a\b\f\n\r\t\v\\\"""#, "\u{7}\u{8}\u{c}\n\r\t\u{b}\\\""),
            (r"'\''", "'"),
            (r#""\101\x41\u0041\U00000041""#, "AAAA"),
            (r#""\xc3\xa9""#, "é"),
            (r#""\303\251""#, "é"),
            (r#""\u00e9\U0001F600""#, "é\u{1F600}"),
            (r#""a\\.b""#, "a\\.b"),
            (r#""\ufffd""#, "\u{fffd}"),
        ];
        for (input, want) in cases {
            let (got, len, borrowed) = value(input).unwrap();
            assert_eq!(got, want, "decoding {input}");
            assert_eq!(len, input.len());
            assert!(!borrowed);
        }
    }

    #[test]
    fn bad_strings_fail_like_prometheus() {
        let cases = [
            ("\"abc", ErrorKind::UnterminatedString),
            ("\"a\nb\"", ErrorKind::UnterminatedString),
            ("'abc\"", ErrorKind::UnterminatedString),
            ("`abc", ErrorKind::UnterminatedRawString),
            ("\"a\u{fffd}\"", ErrorKind::InvalidUtf8Rune),
            ("`a\u{fffd}`", ErrorKind::InvalidUtf8Rune),
            ("\"\\", ErrorKind::EscapeNotTerminated),
            ("\"\\x4", ErrorKind::EscapeNotTerminated),
            ("\"\\.\"", ErrorKind::UnknownEscape('.')),
            ("\"\\'\"", ErrorKind::UnknownEscape('\'')),
            ("'\\\"'", ErrorKind::UnknownEscape('"')),
            ("\"\\x.\"", ErrorKind::IllegalEscapeCharacter('.')),
            ("\"\\08\"", ErrorKind::IllegalEscapeCharacter('8')),
            ("\"\\u12\"", ErrorKind::IllegalEscapeCharacter('"')),
            ("\"\\400\"", ErrorKind::InvalidCodePoint),
            ("\"\\uD800\"", ErrorKind::InvalidCodePoint),
            ("\"\\U00110000\"", ErrorKind::InvalidCodePoint),
            ("\"\\xff\"", ErrorKind::EscapedInvalidUtf8),
            ("\"\\é\"", ErrorKind::UnknownEscape('é')),
        ];
        for (input, want) in cases {
            assert_eq!(value(input).map(|v| v.0), Err(want), "lexing {input:?}");
        }
    }
}
