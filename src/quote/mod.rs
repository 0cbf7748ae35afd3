//! Go's quoting rules, which Pyroscope's printer and Prometheus' error messages follow:
//! `strconv.Quote` for strings, `strconv.QuoteRune` for runes (`%q`) and `%#U`.

use std::fmt::{self, Write};

mod printable;

/// Whether Go's `strconv.IsPrint` calls `c` printable: a letter, mark, number, punctuation or
/// symbol (Unicode 15.0), or the ASCII space.
pub fn is_print(c: char) -> bool {
    let cp = u32::from(c);
    if cp < 0x80 {
        return (0x20..0x7f).contains(&cp);
    }
    printable::PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// What to do with U+FFFD, which Go prints as itself but Prometheus' lexer refuses to read back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replacement {
    /// As Go does: the character itself (for messages that quote what the user wrote).
    Literal,
    /// As `\ufffd` (for text that must parse again).
    Escaped,
}

/// ASCII bytes that `strconv.Quote` writes as themselves inside `"…"`.
static PLAIN_ASCII: [bool; 128] = {
    let mut plain = [false; 128];
    let mut b = 0x20;
    while b < 0x7f {
        plain[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    plain
};

/// Writes `s` the way Go's `strconv.Quote` does.
pub(crate) fn write_quoted<W: Write + ?Sized>(
    out: &mut W,
    s: &str,
    replacement: Replacement,
) -> fmt::Result {
    out.write_char('"')?;
    let bytes = s.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Plain ASCII is the common case: look it up rather than decode it.
        if b < 0x80 && PLAIN_ASCII[usize::from(b)] {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        if needs_escape(c, '"', replacement) {
            out.write_str(&s[run_start..i])?;
            write_escaped(out, c, '"')?;
            run_start = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.write_str(&s[run_start..])?;
    out.write_char('"')
}

/// `s` quoted as Go's `%q` verb does.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    // Writing into a String cannot fail.
    let _ = write_quoted(&mut out, s, Replacement::Literal);
    out
}

/// `c` quoted as Go's `%q` verb quotes a rune; `None` stands for Go's end-of-input rune (-1),
/// which prints as `'�'`.
pub(crate) fn go_quote_rune(c: Option<char>) -> String {
    let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut out = String::with_capacity(8);
    out.push('\'');
    if needs_escape(c, '\'', Replacement::Literal) {
        let _ = write_escaped(&mut out, c, '\'');
    } else {
        out.push(c);
    }
    out.push('\'');
    out
}

/// `c` as Go's `%#U` verb prints it: `U+0063 'c'`, or just `U+0007` when it is not printable.
pub(crate) fn go_unicode(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{}'", u32::from(c), c)
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

fn needs_escape(c: char, quote: char, replacement: Replacement) -> bool {
    c == quote
        || c == '\\'
        || !is_print(c)
        || (c == char::REPLACEMENT_CHARACTER && replacement == Replacement::Escaped)
}

fn write_escaped<W: Write + ?Sized>(out: &mut W, c: char, quote: char) -> fmt::Result {
    match c {
        _ if c == quote || c == '\\' => {
            out.write_char('\\')?;
            out.write_char(c)
        }
        '\u{7}' => out.write_str("\\a"),
        '\u{8}' => out.write_str("\\b"),
        '\u{c}' => out.write_str("\\f"),
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        '\t' => out.write_str("\\t"),
        '\u{b}' => out.write_str("\\v"),
        _ if c < ' ' || c == '\u{7f}' => write!(out, "\\x{:02x}", u32::from(c)),
        _ if u32::from(c) < 0x10000 => write!(out, "\\u{:04x}", u32::from(c)),
        _ => write!(out, "\\U{:08x}", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_strings_like_go() {
        let cases = [
            ("", r#""""#),
            ("api", r#""api""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\u{7}\u{8}\u{c}\n\r\t\u{b}", r#""\a\b\f\n\r\t\v""#),
            ("\u{0}\u{1f}\u{7f}", r#""\x00\x1f\x7f""#),
            ("ü台", "\"ü台\""),
            ("\u{ad}", r#""\u00ad""#),
            ("\u{a0}", r#""\u00a0""#),
            ("\u{e0001}", r#""\U000e0001""#),
            ("\u{1F600}", "\"\u{1F600}\""),
            ("'", r#""'""#),
            ("\u{fffd}", "\"\u{fffd}\""),
        ];
        for (input, want) in cases {
            assert_eq!(go_quote(input), want, "quoting {input:?}");
        }
    }

    #[test]
    fn escapes_the_replacement_character_when_asked() {
        let mut out = String::new();
        write_quoted(&mut out, "a\u{fffd}b", Replacement::Escaped).unwrap();
        assert_eq!(out, r#""a\ufffdb""#);
    }

    #[test]
    fn quotes_runes_like_go() {
        assert_eq!(go_quote_rune(Some('.')), "'.'");
        assert_eq!(go_quote_rune(Some('\'')), r"'\''");
        assert_eq!(go_quote_rune(Some('"')), "'\"'");
        assert_eq!(go_quote_rune(Some('\n')), r"'\n'");
        assert_eq!(go_quote_rune(Some('\u{0}')), r"'\x00'");
        assert_eq!(go_quote_rune(Some('\u{2028}')), r"'\u2028'");
        assert_eq!(go_quote_rune(None), "'\u{fffd}'");
    }

    #[test]
    fn prints_unicode_like_go() {
        assert_eq!(go_unicode('.'), "U+002E '.'");
        assert_eq!(go_unicode('c'), "U+0063 'c'");
        assert_eq!(go_unicode('\n'), "U+000A");
        assert_eq!(go_unicode('é'), "U+00E9 'é'");
        assert_eq!(go_unicode('\u{1F600}'), "U+1F600 '\u{1F600}'");
    }

    #[test]
    fn knows_what_go_calls_printable() {
        for c in [
            ' ',
            'a',
            '~',
            'é',
            '台',
            '\u{1F600}',
            '\u{fffd}',
            '\u{0301}',
        ] {
            assert!(is_print(c), "{c:?} is printable");
        }
        for c in [
            '\u{0}',
            '\u{7f}',
            '\u{85}',
            '\u{a0}',
            '\u{ad}',
            '\u{2028}',
            '\u{3000}',
            '\u{e000}',
            '\u{e0001}',
            '\u{10ffff}',
        ] {
            assert!(!is_print(c), "{c:?} is not printable");
        }
    }
}
