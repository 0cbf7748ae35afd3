//! Go's string functions that Prometheus' shortcuts call, on bytes as Go's strings are: a value
//! cut at a byte offset (`s[:len(prefix)]`) need not be UTF-8, and Go reads each byte that
//! starts no character as `U+FFFD` (`utf8.DecodeRuneInString`).

use std::borrow::Cow;

use super::tables::TO_LOWER;
use super::utf8::decode_rune;
use crate::regexp::unicode::simple_fold;

/// Go's `string(runes)`: each rune's UTF-8, and `U+FFFD` for one that is no character (a
/// surrogate).
pub(crate) fn go_string(runes: &[u32]) -> String {
    runes
        .iter()
        .map(|&r| char::from_u32(r).unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Go's `strings.EqualFold`: equal under simple Unicode case folding, rune by rune.
pub(crate) fn equal_fold(s: &[u8], t: &[u8]) -> bool {
    // ASCII, as long as both are.
    let mut i = 0;
    let n = s.len().min(t.len());
    while i < n {
        let (a, b) = (s[i], t[i]);
        if (a | b) >= 0x80 {
            return equal_fold_unicode(&s[i..], &t[i..]);
        }
        if a != b && !(a.is_ascii_alphabetic() && a ^ 0x20 == b) {
            return false;
        }
        i += 1;
    }
    s.len() == t.len()
}

fn equal_fold_unicode(mut s: &[u8], mut t: &[u8]) -> bool {
    while !s.is_empty() {
        let (sr, width) = decode_rune(s);
        s = &s[width..];
        if t.is_empty() {
            return false;
        }
        let (tr, width) = decode_rune(t);
        t = &t[width..];
        if sr == tr {
            continue;
        }
        let (lo, hi) = if tr < sr { (tr, sr) } else { (sr, tr) };
        if hi < 0x80 {
            if lo.wrapping_sub(u32::from(b'A')) < 26 && hi == lo + 32 {
                continue;
            }
            return false;
        }
        // The case orbit is sorted, wrapping round: from the lesser rune it reaches the
        // greater one before it wraps, if the greater one is in it.
        let mut r = simple_fold(lo);
        while r != lo && r < hi {
            r = simple_fold(r);
        }
        if r != hi {
            return false;
        }
    }
    t.is_empty()
}

/// Prometheus' `hasPrefixCaseInsensitive`: `EqualFold` of the value's first `len(prefix)`
/// bytes, whatever characters they cut.
pub(crate) fn has_prefix_fold(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && equal_fold(&s[..prefix.len()], prefix)
}

/// Prometheus' `hasSuffixCaseInsensitive`, likewise with the last bytes.
pub(crate) fn has_suffix_fold(s: &[u8], suffix: &[u8]) -> bool {
    s.len() >= suffix.len() && equal_fold(&s[s.len() - suffix.len()..], suffix)
}

/// Go's `unicode.ToLower`.
pub(crate) fn to_lower(r: u32) -> u32 {
    if r < 0x80 {
        return if r.wrapping_sub(u32::from(b'A')) < 26 {
            r + 32
        } else {
            r
        };
    }
    let i = TO_LOWER.partition_point(|&(_, hi, _, _)| hi < r);
    match TO_LOWER.get(i) {
        Some(&(lo, _, stride, delta)) if lo <= r && (r - lo).is_multiple_of(stride) => {
            r.wrapping_add_signed(delta)
        }
        _ => r,
    }
}

/// Go's `strings.Map(unicode.ToLower, s)`: every rune lowered, and every byte that starts no
/// character replaced by `U+FFFD`.
pub(crate) fn map_lower(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let (r, width) = decode_rune(rest);
        rest = &rest[width..];
        let lowered = to_lower(r);
        let c = char::from_u32(lowered).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    out
}

/// Go's `strings.ToLower`.
pub(crate) fn go_to_lower(s: &[u8]) -> Cow<'_, [u8]> {
    if s.is_ascii() {
        if !s.iter().any(u8::is_ascii_uppercase) {
            return Cow::Borrowed(s);
        }
        return Cow::Owned(s.to_ascii_lowercase());
    }
    Cow::Owned(map_lower(s))
}

/// Prometheus' `toNormalisedLower`: ASCII lowered as it is; anything else NFKD-normalised
/// (x/text's `norm.NFKD`), then lowered rune by rune.
pub(crate) fn to_normalised_lower(s: &[u8]) -> Cow<'_, [u8]> {
    if s.is_ascii() {
        if !s.iter().any(u8::is_ascii_uppercase) {
            return Cow::Borrowed(s);
        }
        return Cow::Owned(s.to_ascii_lowercase());
    }
    Cow::Owned(map_lower(&super::nfkd::nfkd(s)))
}

/// Go's `strings.Index`: where `needle` first occurs in `s`.
#[inline]
pub(crate) fn index(s: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(s, needle)
}

/// Prometheus' `containsInOrder`: each of `parts` found after the end of the one before.
pub(crate) fn contains_in_order(s: &[u8], parts: &[String]) -> bool {
    let mut offset = 0;
    for part in parts {
        match index(&s[offset..], part.as_bytes()) {
            Some(at) => offset += at + part.len(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runes_become_strings_as_in_go() {
        assert_eq!(go_string(&[0x61, 0xD800, 0x10FFFF]), "a\u{FFFD}\u{10FFFF}");
    }

    #[test]
    fn equal_fold_is_gos() {
        assert!(equal_fold(b"Checkout", b"CHECKOUT"));
        assert!(!equal_fold(b"checkout", b"checkou"));
        assert!(!equal_fold(b"a[", b"A{"));
        assert!(equal_fold("\u{212A}".as_bytes(), b"k"));
        assert!(equal_fold("ſ".as_bytes(), b"S"));
        assert!(equal_fold("ς".as_bytes(), "Σ".as_bytes()));
        assert!(!equal_fold("ß".as_bytes(), b"ss"));
        // A cut character reads as U+FFFD, which a real U+FFFD equals.
        assert!(equal_fold(b"\xE2\x84", "\u{FFFD}\u{FFFD}".as_bytes()));
        // The Kelvin sign is three bytes: the first eight bytes of "chec\u{212A}out" are not
        // "CHECKOUT".
        assert!(!has_prefix_fold("chec\u{212A}out".as_bytes(), b"CHECKOUT"));
        assert!(has_prefix_fold(
            "chec\u{212A}".as_bytes(),
            "CHEC\u{212A}".as_bytes()
        ));
        assert!(!has_suffix_fold("ſ".as_bytes(), b"S"));
        assert!(has_suffix_fold(b"xS", b"s"));
    }

    #[test]
    fn lowering_is_gos() {
        assert_eq!(to_lower('A' as u32), 'a' as u32);
        assert_eq!(to_lower(0x130), 'i' as u32);
        assert_eq!(to_lower(0x212A), 'k' as u32);
        assert_eq!(to_lower('Σ' as u32), 'σ' as u32);
        assert_eq!(to_lower('ς' as u32), 'ς' as u32);
        assert_eq!(to_lower(0x1E9E), 0xDF);
        assert_eq!(map_lower(b"A\xE2\x84"), "a\u{FFFD}\u{FFFD}".as_bytes());
        assert_eq!(go_to_lower(b"ABc"), &b"abc"[..]);
        assert_eq!(&*to_normalised_lower("LOＣＡＬ".as_bytes()), b"local");
        assert_eq!(&*to_normalised_lower("ﬁ\u{212A}".as_bytes()), b"fik");
        assert_eq!(&*to_normalised_lower("Σς".as_bytes()), "σς".as_bytes());
    }

    #[test]
    fn index_finds_the_first() {
        assert_eq!(index(b"abcabc", b"ca"), Some(2));
        assert_eq!(index(b"abc", b""), Some(0));
        assert_eq!(index(b"ab", b"abc"), None);
        assert_eq!(index(b"aab", b"ab"), Some(1));
        assert!(contains_in_order(b"a-b-c", &["-".into(), "-".into()]));
        assert!(!contains_in_order(b"a-b", &["-".into(), "-".into()]));
    }
}
