//! Quoted strings: `"…"` and `'…'` with Go's escapes, and raw `` `…` `` strings.
//!
//! A string borrows from the query until its first escape; only then does it build an owned
//! value. Errors follow Prometheus' lexer: the first problem met reading left to right wins.

use std::borrow::Cow;

use crate::error::ErrorKind;

use super::scan::{plain_text_end, raw_text_end};

/// A lexed string: its decoded value and its length in the query, quotes included.
pub(crate) struct StringLiteral<'a> {
    /// `None` when escapes leave invalid UTF-8 (see [`ErrorKind::EscapedInvalidUtf8`]): the
    /// string lexes, as in Prometheus, but has no value here. Only where the grammar takes its
    /// value is that an error, so that a syntax error Prometheus reports at the string wins.
    pub value: Option<Cow<'a, str>>,
    pub len: usize,
}

/// The bytes UTF-8 uses for U+FFFD, the rune Prometheus' lexer takes for broken input.
const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

/// The string opened by `quote` at `bytes[start]`, read as far as the fast path goes: `Ok` with
/// its length, quotes included, when it is plain (closed on its line, with no escape and no
/// U+FFFD), so that it is its own value; else `Err` with the offset from `start` of the first
/// byte that needs a closer look, for [`string_literal_from`] to read on from. `bytes` is the
/// whole query, so that the scanner can read whole words up to its end.
#[inline(always)]
pub(crate) fn plain_string_len(bytes: &[u8], start: usize, quote: u8) -> Result<usize, usize> {
    let end = plain_text_end(bytes, start + 1, quote);
    if bytes.get(end) == Some(&quote) {
        Ok(end + 1 - start)
    } else {
        Err(end - start)
    }
}

/// Reads the string at the start of `input`, whose first byte is `"`, `'` or `` ` ``.
#[inline]
pub(crate) fn string_literal(input: &str) -> Result<StringLiteral<'_>, ErrorKind> {
    string_literal_from(input, 1)
}

/// [`string_literal`] for a string whose text up to `input[plain]` (`plain >= 1`) is known to be
/// plain: the reading goes on from there.
pub(crate) fn string_literal_from(
    input: &str,
    plain: usize,
) -> Result<StringLiteral<'_>, ErrorKind> {
    match input.as_bytes().first() {
        Some(b'`') => raw_string(input, plain),
        Some(&quote @ (b'"' | b'\'')) => quoted_string(input, quote, plain),
        _ => Err(ErrorKind::UnterminatedString),
    }
}

fn raw_string(input: &str, from: usize) -> Result<StringLiteral<'_>, ErrorKind> {
    let bytes = input.as_bytes();
    let mut at = from;
    loop {
        match bytes.get(at) {
            None => return Err(ErrorKind::UnterminatedRawString),
            Some(b'`') => {
                return Ok(StringLiteral {
                    value: Some(Cow::Borrowed(&input[1..at])),
                    len: at + 1,
                })
            }
            _ if bytes[at..].starts_with(REPLACEMENT) => return Err(ErrorKind::InvalidUtf8Rune),
            _ => at = raw_text_end(bytes, at + 1),
        }
    }
}

fn quoted_string(input: &str, quote: u8, from: usize) -> Result<StringLiteral<'_>, ErrorKind> {
    let bytes = input.as_bytes();
    // The value so far, once an escape has forced a copy; `copied`: how much of `input` it covers.
    let mut decoded: Option<Decoded> = None;
    let mut copied = 1;
    let mut at = from;
    loop {
        // For `"` and `'` strings the plain-text stops are exactly the ones that matter here.
        match bytes.get(at) {
            None | Some(b'\n') => return Err(ErrorKind::UnterminatedString),
            Some(b'\\') => {
                // Sized for the text so far, not for the rest of the query: a long query with
                // many escaped strings must not reserve its own length once per string.
                let value = decoded.get_or_insert_with(|| Decoded::with_capacity(2 * at + 16));
                value.push_text(&input[copied..at]);
                at = decode_escape(input, at + 1, quote, value)?;
                copied = at;
            }
            Some(&b) if b == quote => {
                let value = match decoded {
                    None => Some(Cow::Borrowed(&input[1..at])),
                    Some(mut value) => {
                        value.push_text(&input[copied..at]);
                        value.finish().map(Cow::Owned)
                    }
                };
                return Ok(StringLiteral { value, len: at + 1 });
            }
            _ if bytes[at..].starts_with(REPLACEMENT) => return Err(ErrorKind::InvalidUtf8Rune),
            _ => at += 1,
        }
        at = plain_text_end(bytes, at, quote);
    }
}

/// A string's value, built once an escape has forced a copy.
///
/// `\xNN` and `\NNN` escapes stand for single bytes, which must add up to UTF-8 (our one
/// difference from Prometheus, see [`ErrorKind::EscapedInvalidUtf8`]). Everything else that goes
/// in is whole characters, so a character can only be split across a run of such escapes: each
/// run is checked as it comes, and the value needs no check of its own at the end.
struct Decoded {
    text: String,
    /// Escaped bytes from 0x80 up that start a character and do not finish it yet.
    pending: [u8; 4],
    pending_len: usize,
    /// Some escaped bytes make no UTF-8. The string fails with that only once it has been read
    /// to its closing quote, as a check of the whole value would: a lexer error after this
    /// point wins.
    invalid: bool,
}

impl Decoded {
    fn with_capacity(capacity: usize) -> Self {
        Decoded {
            text: String::with_capacity(capacity),
            pending: [0; 4],
            pending_len: 0,
            invalid: false,
        }
    }

    /// Appends text of the query: whole characters.
    fn push_text(&mut self, text: &str) {
        if !text.is_empty() {
            self.end_run();
            self.text.push_str(text);
        }
    }

    fn push_char(&mut self, c: char) {
        self.end_run();
        self.text.push(c);
    }

    /// Appends the byte a `\xNN` or `\NNN` escape stands for.
    fn push_byte(&mut self, byte: u8) {
        if byte.is_ascii() {
            return self.push_char(char::from(byte));
        }
        let Some(slot) = self.pending.get_mut(self.pending_len) else {
            // Four bytes make a whole character or none, so this does not happen.
            self.invalid = true;
            self.pending_len = 0;
            return;
        };
        *slot = byte;
        self.pending_len += 1;
        match std::str::from_utf8(&self.pending[..self.pending_len]) {
            Ok(c) => {
                self.text.push_str(c);
                self.pending_len = 0;
            }
            // The start of a character: the next bytes may finish it.
            Err(e) if e.error_len().is_none() => {}
            Err(_) => {
                self.invalid = true;
                self.pending_len = 0;
            }
        }
    }

    /// Something other than an escaped byte comes: a character begun by escaped bytes stays
    /// unfinished.
    fn end_run(&mut self) {
        if self.pending_len != 0 {
            self.invalid = true;
            self.pending_len = 0;
        }
    }

    /// The value, or `None` if its escaped bytes make no UTF-8.
    fn finish(mut self) -> Option<String> {
        self.end_run();
        (!self.invalid).then_some(self.text)
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
    out: &mut Decoded,
) -> Result<usize, ErrorKind> {
    // The common escapes (`\"`, `\\`, `\n`, …) are one ASCII byte: read them without decoding.
    if let Some(byte) = text
        .as_bytes()
        .get(start)
        .and_then(|&c| simple_escape(c, quote))
    {
        out.push_char(char::from(byte));
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
        out.push_byte(value as u8);
    } else {
        // In range and not a surrogate, as checked above.
        out.push_char(char::from_u32(value).ok_or(ErrorKind::InvalidCodePoint)?);
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value(input: &str) -> Result<(String, usize, bool), ErrorKind> {
        let s = string_literal(input)?;
        let value = s.value.ok_or(ErrorKind::EscapedInvalidUtf8)?;
        let borrowed = matches!(value, Cow::Borrowed(_));
        Ok((value.into_owned(), s.len, borrowed))
    }

    /// [`plain_string_len`] for the string at `bytes[start]`, opened by that byte.
    fn plain(bytes: &[u8], start: usize) -> Result<usize, usize> {
        plain_string_len(bytes, start, bytes[start])
    }

    #[test]
    fn plain_strings_are_measured_without_decoding() {
        assert_eq!(plain(b"\"api\" rest", 0), Ok(5));
        assert_eq!(plain(b"'a\"b'", 0), Ok(5));
        assert_eq!(plain(b"`a.b`", 0), Ok(5));
        // The fast path stops raw strings where it stops the others; the slow path reads them.
        assert_eq!(plain(b"`a\\.\nb`", 0), Err(2));
        assert_eq!(plain(b"\"\"", 0), Ok(2));
        assert_eq!(plain(b"\"a\\nb\"", 0), Err(2));
        assert_eq!(plain(b"\"a\nb\"", 0), Err(2));
        assert_eq!(plain(b"\"abc", 0), Err(4));
        assert_eq!(plain("\"\u{fffd}\"".as_bytes(), 0), Err(1));
        assert_eq!(plain("\"\u{e9}\"".as_bytes(), 0), Ok(4));
        // Other characters whose UTF-8 starts like U+FFFD's take the slow path, which reads them.
        assert_eq!(plain("\"\u{FF01}\"".as_bytes(), 0), Err(1));
        assert_eq!(value("\"\u{FF01}\""), Ok(("\u{FF01}".into(), 5, true)));
    }

    #[test]
    fn plain_strings_are_measured_where_they_start() {
        let query = br#"{a="api", b='x'}"#;
        assert_eq!(plain(query, 3), Ok(5));
        assert_eq!(plain(query, 12), Ok(3));
        assert_eq!(plain(br#"{a="x\ny"}"#, 3), Err(2));
    }

    #[test]
    fn decoding_goes_on_where_the_plain_text_stops() {
        for input in [
            r#""say \"hi\"\n" rest"#,
            r#""/users/[0-9]+\\.json""#,
            "`a\\b\nc` rest",
            "'it\\'s'",
            "\"\u{FF01}\u{FF01}\"",
            "\"unterminated\\",
            "\"a\u{fffd}\"",
        ] {
            let stop = plain(input.as_bytes(), 0).unwrap_err();
            let from_stop = string_literal_from(input, stop).map(|s| (s.value, s.len));
            let from_start = string_literal(input).map(|s| (s.value, s.len));
            assert_eq!(from_stop, from_start, "{input:?}");
        }
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
            // Escaped bytes make characters together, also after other text and escapes.
            (
                r#""a\xf0\x9f\x98\x80b\u00e9\xc3\xa9\n""#,
                "a\u{1F600}b\u{e9}\u{e9}\n",
            ),
            (r#""\360\237\230\200""#, "\u{1F600}"),
            (r#""\xc3\xa9\xc3\xa9""#, "\u{e9}\u{e9}"),
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
            // A character begun by escaped bytes and not finished by them.
            ("\"\\xc3a\"", ErrorKind::EscapedInvalidUtf8),
            ("\"\\xc3\\n\"", ErrorKind::EscapedInvalidUtf8),
            ("\"\\xc3\\u00e9\"", ErrorKind::EscapedInvalidUtf8),
            ("\"\\xc3\"", ErrorKind::EscapedInvalidUtf8),
            ("\"\\xf0\\x9f\\x98\"", ErrorKind::EscapedInvalidUtf8),
            // A continuation byte with nothing to continue, a surrogate, an overlong form.
            ("\"\\xa9\"", ErrorKind::EscapedInvalidUtf8),
            ("\"\\xed\\xa0\\x80\"", ErrorKind::EscapedInvalidUtf8),
            ("\"\\xc0\\x80\"", ErrorKind::EscapedInvalidUtf8),
            // Five escaped bytes, the last of which starts no character.
            (
                "\"\\xf0\\x9f\\x98\\x80\\x80\"",
                ErrorKind::EscapedInvalidUtf8,
            ),
            // Bad UTF-8 is reported only once the string has been read: a later lexer error wins.
            ("\"\\xff\\q\"", ErrorKind::UnknownEscape('q')),
            ("\"\\xc3", ErrorKind::UnterminatedString),
            ("\"\\é\"", ErrorKind::UnknownEscape('é')),
        ];
        for (input, want) in cases {
            assert_eq!(value(input).map(|v| v.0), Err(want), "lexing {input:?}");
        }
    }

    /// A piece of a generated string: its text in the query and the bytes it stands for.
    fn piece() -> impl Strategy<Value = (String, Vec<u8>)> {
        prop_oneof![
            proptest::sample::select(vec!["a", "é", "😀", " ", "\u{FF01}"])
                .prop_map(|t| (t.to_string(), t.as_bytes().to_vec())),
            any::<u8>().prop_map(|b| (format!("\\x{b:02x}"), vec![b])),
            any::<u8>().prop_map(|b| (format!("\\{b:03o}"), vec![b])),
            proptest::sample::select(vec!['\u{e9}', '\u{1F600}', 'A', '\u{7f}']).prop_map(|c| (
                format!("\\U{:08x}", u32::from(c)),
                c.to_string().into_bytes()
            )),
            Just(("\\n".to_string(), b"\n".to_vec())),
            // The UTF-8 of 😀 and é, byte by byte, in escapes or whole.
            proptest::sample::select(vec![0xF0u8, 0x9F, 0x98, 0x80, 0xC3, 0xA9])
                .prop_map(|b| (format!("\\x{b:02x}"), vec![b])),
        ]
    }

    proptest! {
        /// The value is the bytes the pieces stand for, which must make UTF-8: the decoder, which
        /// checks escaped bytes run by run, agrees with one check of the whole value.
        #[test]
        fn escaped_bytes_are_checked_as_one_value(
            pieces in proptest::collection::vec(piece(), 0..12),
        ) {
            let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
            let bytes: Vec<u8> = pieces.iter().flat_map(|(_, b)| b.iter().copied()).collect();
            let input = format!("\"{text}\"");
            let want = String::from_utf8(bytes).ok();
            let got = string_literal(&input).map(|s| s.value.map(Cow::into_owned));
            prop_assert_eq!(got, Ok(want), "{}", input);
        }
    }
}
