//! Go's `utf8.DecodeRune`: how Go's string functions read text a rune at a time.

/// Go's `utf8.RuneError`.
pub(crate) const RUNE_ERROR: u32 = 0xFFFD;

/// Go's `utf8.DecodeRune`: the first rune of `s` and its width; `(RUNE_ERROR, 1)` for a byte
/// that starts no valid encoding, `(RUNE_ERROR, 0)` for an empty `s`.
pub(crate) fn decode_rune(s: &[u8]) -> (u32, usize) {
    let Some(&b0) = s.first() else {
        return (RUNE_ERROR, 0);
    };
    if b0 < 0x80 {
        return (u32::from(b0), 1);
    }
    // The width the lead byte announces, and the range its second byte must be in (which
    // rules out overlong encodings, surrogates and runes past U+10FFFF).
    let (width, lo, hi) = match b0 {
        0xC2..=0xDF => (2, 0x80, 0xBF),
        0xE0 => (3, 0xA0, 0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF),
        0xED => (3, 0x80, 0x9F),
        0xF0 => (4, 0x90, 0xBF),
        0xF1..=0xF3 => (4, 0x80, 0xBF),
        0xF4 => (4, 0x80, 0x8F),
        _ => return (RUNE_ERROR, 1),
    };
    if s.len() < width || !(lo..=hi).contains(&s[1]) {
        return (RUNE_ERROR, 1);
    }
    if s[2..width].iter().any(|&b| !(0x80..=0xBF).contains(&b)) {
        return (RUNE_ERROR, 1);
    }
    let mut r = u32::from(b0) & (0x7F >> width);
    for &b in &s[1..width] {
        r = r << 6 | u32::from(b & 0x3F);
    }
    (r, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runes_decode_as_go_decodes_them() {
        assert_eq!(decode_rune(b""), (RUNE_ERROR, 0));
        assert_eq!(decode_rune(b"a"), (0x61, 1));
        assert_eq!(decode_rune("é".as_bytes()), (0xE9, 2));
        assert_eq!(decode_rune("\u{212A}x".as_bytes()), (0x212A, 3));
        assert_eq!(decode_rune("😀".as_bytes()), (0x1F600, 4));
        // Cut, stray and overlong bytes, surrogates, past U+10FFFF: one byte each.
        assert_eq!(decode_rune(b"\xE2\x84"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\x84\xAA"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xC0\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xED\xA0\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xF4\x90\x80\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune("\u{FFFD}".as_bytes()), (RUNE_ERROR, 3));
    }
}
