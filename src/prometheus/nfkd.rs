//! NFKD as golang.org/x/text/unicode/norm computes it (`norm.NFKD.String`), for the
//! case-insensitive sets of Prometheus' shortcuts: each rune's full compatibility
//! decomposition (Hangul syllables by the Unicode algorithm), combining marks put in canonical
//! order, and x/text's stream-safe limit: after 30 non-starters in a row it inserts U+034F
//! COMBINING GRAPHEME JOINER and starts anew. Bytes that start no character (a value cut in
//! the middle of one) are copied as they are, as x/text copies them. The tables are x/text's
//! (Unicode 15.0.0), generated into `tables.rs`.

use super::tables::{BACKWARD, CCC, DECOMPOSED, DECOMPOSITION};
use super::utf8::decode_rune;

/// x/text's `maxNonStarters`.
const MAX_NON_STARTERS: usize = 30;
/// U+034F COMBINING GRAPHEME JOINER.
const CGJ: u32 = 0x034F;

const HANGUL_BASE: u32 = 0xAC00;
const HANGUL_COUNT: u32 = 19 * 21 * 28;
const JAMO_L: u32 = 0x1100;
const JAMO_V: u32 = 0x1161;
const JAMO_T: u32 = 0x11A7;

/// The canonical combining class of a rune without a decomposition.
fn ccc(r: u32) -> u8 {
    let i = CCC.partition_point(|&(_, hi, _)| hi < r);
    match CCC.get(i) {
        Some(&(lo, _, class)) if lo <= r => class,
        _ => 0,
    }
}

/// Whether x/text counts a rune without a decomposition as a non-starter: a combining class,
/// or class 0 but combining backwards.
fn non_starter(r: u32) -> bool {
    if ccc(r) != 0 {
        return true;
    }
    let i = BACKWARD.partition_point(|&(_, hi)| hi < r);
    BACKWARD.get(i).is_some_and(|&(lo, _)| lo <= r)
}

/// A rune's full NFKD decomposition, if it has one.
fn decomposition(r: u32, buf: &mut [u32; 3]) -> Option<&[u32]> {
    if (HANGUL_BASE..HANGUL_BASE + HANGUL_COUNT).contains(&r) {
        let s = r - HANGUL_BASE;
        buf[0] = JAMO_L + s / (21 * 28);
        buf[1] = JAMO_V + s % (21 * 28) / 28;
        let t = s % 28;
        if t == 0 {
            return Some(&buf[..2]);
        }
        buf[2] = JAMO_T + t;
        return Some(&buf[..3]);
    }
    let i = DECOMPOSITION
        .binary_search_by_key(&r, |&(code, _, _)| code)
        .ok()?;
    let (_, start, len) = DECOMPOSITION[i];
    let start = usize::from(start);
    Some(&DECOMPOSED[start..start + usize::from(len)])
}

/// What NFKD writes so far: runes waiting in canonical order, and the bytes already out.
struct Writer {
    out: Vec<u8>,
    /// Runes of the current segment with their classes, kept in canonical order.
    segment: Vec<(u32, u8)>,
}

impl Writer {
    /// Inserts a rune after every rune of a class not above its own (a starter goes last).
    fn insert(&mut self, r: u32) {
        let class = ccc(r);
        let mut at = self.segment.len();
        if class > 0 {
            while at > 0 && self.segment[at - 1].1 > class {
                at -= 1;
            }
        }
        self.segment.insert(at, (r, class));
    }

    fn flush(&mut self) {
        for &(r, _) in &self.segment {
            let c = char::from_u32(r).unwrap_or(char::REPLACEMENT_CHARACTER);
            let mut buf = [0; 4];
            self.out
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        self.segment.clear();
    }
}

/// `norm.NFKD.String(s)`, on bytes.
pub(crate) fn nfkd(s: &[u8]) -> Vec<u8> {
    let mut writer = Writer {
        out: Vec::with_capacity(s.len() + s.len() / 2),
        segment: Vec::new(),
    };
    // Non-starters in a row so far, as x/text counts them.
    let mut run = 0;
    let mut rest = s;
    let mut buf = [0; 3];
    while !rest.is_empty() {
        let (r, width) = decode_rune(rest);
        if width == 1 && rest[0] >= 0x80 {
            // A byte that starts no character: copied, and a boundary. A cut character at the
            // very end is the rest of the text, copied whole.
            writer.flush();
            run = 0;
            let cut = expected_width(rest[0]).is_some_and(|n| rest.len() < n);
            let take = if cut { rest.len() } else { 1 };
            writer.out.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            continue;
        }
        rest = &rest[width..];
        let decomposed = decomposition(r, &mut buf);
        let runes: &[u32] = decomposed.unwrap_or(std::slice::from_ref(&r));
        let lead = runes.iter().take_while(|&&x| non_starter(x)).count();
        let trail = runes.iter().rev().take_while(|&&x| non_starter(x)).count();
        if run + lead > MAX_NON_STARTERS {
            writer.segment.push((CGJ, 0));
            writer.flush();
            run = 0;
        }
        if lead == 0 {
            writer.flush();
            run = trail;
        } else {
            run += lead;
        }
        for &x in runes {
            writer.insert(x);
        }
    }
    writer.flush();
    writer.out
}

/// How many bytes a lead byte announces; `None` for a byte that starts nothing.
fn expected_width(b: u8) -> Option<usize> {
    match b {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfkd_str(s: &str) -> String {
        String::from_utf8(nfkd(s.as_bytes())).unwrap()
    }

    #[test]
    fn decompositions_are_full_and_ordered() {
        assert_eq!(nfkd_str("abc"), "abc");
        assert_eq!(nfkd_str("é"), "e\u{301}");
        assert_eq!(nfkd_str("ﬁ"), "fi");
        assert_eq!(nfkd_str("Ｌ"), "L");
        assert_eq!(nfkd_str("\u{212A}"), "K");
        assert_eq!(nfkd_str("ſ"), "s");
        assert_eq!(nfkd_str("ǖ"), "u\u{308}\u{304}");
        // Marks sorted by class, stably: ogonek (202) before acute (230).
        assert_eq!(nfkd_str("a\u{301}\u{328}"), "a\u{328}\u{301}");
        assert_eq!(nfkd_str("한"), "\u{1112}\u{1161}\u{11AB}");
        assert_eq!(nfkd_str("가"), "\u{1100}\u{1161}");
    }

    #[test]
    fn long_runs_of_marks_get_a_grapheme_joiner() {
        let marks = "\u{301}".repeat(35);
        let want = format!("a{}\u{34F}{}", "\u{301}".repeat(30), "\u{301}".repeat(5));
        assert_eq!(nfkd_str(&format!("a{marks}")), want);
    }

    #[test]
    fn the_tables_are_unicode_15() {
        assert_eq!(super::super::tables::UNICODE_VERSION, "15.0.0");
        assert_eq!(super::super::tables::NORM_VERSION, "15.0.0");
    }

    #[test]
    fn cut_characters_are_copied() {
        assert_eq!(nfkd(b"\xC3\xA9\xE2\x84"), b"e\xCC\x81\xE2\x84");
    }
}
