//! Word-at-a-time scanning of the runs the parser reads most: label names, words and the bodies
//! of plain strings.
//!
//! Each scanner reads eight bytes as one `u64` and computes, with a dozen integer operations, which
//! of them end the run (the "SIMD within a register" technique): no branch per byte. Every test
//! below finds the first byte that ends a run exactly, for all 256 byte values; the unit tests
//! compare each scanner with its byte-by-byte definition.

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte: where the tests below put their answers.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
const LOW7: u64 = !HIGH;

/// `b` in every byte.
const fn splat(b: u8) -> u64 {
    ONES * b as u64
}

/// For `y` whose bytes are all below 0x80: the high bit of each byte that is at least `c`
/// (the other bits are noise, for the caller to mask). Adding `0x80 - c` carries into the high
/// bit exactly then, and never out of the byte.
#[inline(always)]
fn at_least(y: u64, c: u8) -> u64 {
    y + splat(0x80 - c)
}

/// For `y` whose bytes are all below 0x80: the high bit of each byte in `lo..=hi` (noise below).
#[inline(always)]
fn in_range(y: u64, lo: u8, hi: u8) -> u64 {
    at_least(y, lo) & !at_least(y, hi + 1)
}

/// For `y` whose bytes are all below 0x80: the high bit of each byte equal to `c` (noise below).
/// The difference plus 0x7F reaches the high bit unless it is zero.
#[inline(always)]
fn equal_7bit(y: u64, c: u8) -> u64 {
    !((y ^ splat(c)) + LOW7)
}

/// The high bit of the first byte of `x` equal to `needle`, and maybe of some bytes after it:
/// subtracting one from every byte borrows only out of a zero byte, so the lowest flag is exact
/// and only flags above a true one can be false. Three operations, where an exact test takes
/// four; enough wherever only the first hit counts.
#[inline(always)]
fn first_equal(x: u64, needle: u8) -> u64 {
    let t = x ^ splat(needle);
    t.wrapping_sub(ONES) & !t & HIGH
}

/// The high bit of each byte of `x` in `[a-zA-Z0-9_]`, plus `:` when `colon` is set (noise
/// below the high bits).
#[inline(always)]
fn name_bytes(x: u64, colon: bool) -> u64 {
    let y = x & LOW7;
    // Setting bit 0x20 turns `A-Z` into `a-z` and moves no other byte into that range.
    let letters = in_range(y | splat(0x20), b'a', b'z');
    // `:` comes right after `9`.
    let digits = in_range(y, b'0', if colon { b':' } else { b'9' });
    // Bytes from 0x80 up are no ASCII character, whatever their low bits say.
    (letters | digits | equal_7bit(y, b'_')) & !x
}

/// The offset of the first byte at or after `from` whose high bit `stops` sets, for the words of
/// `bytes` from `from` on; `bytes.len()` if there is none. The last partial word is read as the
/// final eight bytes of `bytes`, shifted past the bytes already read (or, when the input is
/// shorter than a word, copied into a zeroed one); hits beyond the end are ignored.
#[inline(always)]
fn find(bytes: &[u8], from: usize, stops: impl Fn(u64) -> u64) -> usize {
    let mut at = from;
    while let Some(word) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let hits = stops(u64::from_le_bytes(*word));
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let Some(tail) = bytes.get(at..) else {
        return bytes.len();
    };
    if tail.is_empty() {
        return bytes.len();
    }
    let (word, skip) = match bytes.last_chunk::<8>() {
        Some(last) => (u64::from_le_bytes(*last), 8 - tail.len()),
        None => {
            let mut padded = [0u8; 8];
            padded[..tail.len()].copy_from_slice(tail);
            (u64::from_le_bytes(padded), 0)
        }
    };
    // Bytes before `at` were read already; shifting them out leaves zero bytes at the top.
    let hits = stops(word >> (8 * skip)) & (HIGH >> (8 * skip));
    (at + (hits.trailing_zeros() / 8) as usize).min(bytes.len())
}

/// The end of the run of label-name bytes `[a-zA-Z0-9_]` starting at `from`.
#[inline(always)]
pub(crate) fn label_run(bytes: &[u8], from: usize) -> usize {
    find(bytes, from, |x| !name_bytes(x, false) & HIGH)
}

/// The end of the run of word bytes `[a-zA-Z0-9_:]` starting at `from`.
#[inline]
pub(crate) fn word_run(bytes: &[u8], from: usize) -> usize {
    find(bytes, from, |x| !name_bytes(x, true) & HIGH)
}

/// The first byte at or after `from` that ends plain text in a string opened by `quote`: the
/// quote itself, a backslash, a line break, or the lead byte 0xEF of U+FFFD (and of some other
/// characters, which the caller then looks at); `bytes.len()` if none. A backslash or a line
/// break is plain text in a raw string: the caller takes the slow path there.
#[inline(always)]
pub(crate) fn plain_text_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    find(bytes, from, |x| {
        first_equal(x, quote) | first_equal(x, b'\\') | first_equal(x, b'\n') | first_equal(x, 0xEF)
    })
}

/// The first byte at or after `from` that ends plain text in a raw string: `` ` `` or 0xEF
/// (see [`plain_text_end`]); `bytes.len()` if none.
#[inline]
pub(crate) fn raw_text_end(bytes: &[u8], from: usize) -> usize {
    find(bytes, from, |x| first_equal(x, b'`') | first_equal(x, 0xEF))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn label_run_bytewise(bytes: &[u8], from: usize) -> usize {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count()
    }

    fn word_run_bytewise(bytes: &[u8], from: usize) -> usize {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b':')
            .count()
    }

    fn raw_text_end_bytewise(bytes: &[u8], from: usize) -> usize {
        from + bytes[from..]
            .iter()
            .take_while(|b| !b"`\xEF".contains(b))
            .count()
    }

    fn plain_text_end_bytewise(bytes: &[u8], from: usize, quote: u8) -> usize {
        from + bytes[from..]
            .iter()
            .take_while(|&&b| b != quote && !b"\\\n\xEF".contains(&b))
            .count()
    }

    #[test]
    fn every_byte_value_is_classified_exactly() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = *b"aaaaaaaaaaaaaaaa";
                word[at] = b;
                let expected = label_run_bytewise(&word, 0);
                assert_eq!(label_run(&word, 0), expected, "byte {b:#x} at {at}");
                assert_eq!(word_run(&word, 0), word_run_bytewise(&word, 0));
                assert_eq!(raw_text_end(&word, 0), raw_text_end_bytewise(&word, 0));
                for quote in [b'"', b'\'', b'`'] {
                    assert_eq!(
                        plain_text_end(&word, 0, quote),
                        plain_text_end_bytewise(&word, 0, quote),
                        "byte {b:#x} at {at}, quote {quote}"
                    );
                }
            }
        }
    }

    #[test]
    fn runs_end_at_the_input_end() {
        assert_eq!(label_run(b"", 0), 0);
        assert_eq!(label_run(b"abc", 0), 3);
        assert_eq!(label_run(b"abc", 3), 3);
        assert_eq!(label_run(b"service_name", 0), 12);
        assert_eq!(label_run(b"service_name=", 0), 12);
        assert_eq!(
            word_run(b"process_cpu:cpu:nanoseconds:cpu:nanoseconds{", 0),
            43
        );
        assert_eq!(plain_text_end(b"api\"}", 0, b'"'), 3);
        assert_eq!(plain_text_end(b"a\0b\0c\0d\0e\0f'", 0, b'\''), 11);
        assert_eq!(plain_text_end(b"unterminated", 2, b'"'), 12);
        assert_eq!(raw_text_end(b"a\\b\n`", 0), 4);
        // Flags after a first hit may be false; the first one is not.
        assert_eq!(plain_text_end(b"ab\"#\"#", 0, b'"'), 2);
        assert_eq!(raw_text_end(b"0123456`a`a", 0), 7);
    }

    proptest! {
        #[test]
        fn scanners_agree_with_their_definitions(
            bytes in proptest::collection::vec(
                prop_oneof![
                    Just(b'a'), Just(b'Z'), Just(b'0'), Just(b'_'), Just(b':'), Just(b'"'),
                    Just(b'\''), Just(b'`'), Just(b'\\'), Just(b'\n'), Just(0u8), Just(0xEFu8),
                    any::<u8>(),
                ],
                0..40,
            ),
            from in 0usize..40,
        ) {
            let from = from.min(bytes.len());
            prop_assert_eq!(label_run(&bytes, from), label_run_bytewise(&bytes, from));
            prop_assert_eq!(word_run(&bytes, from), word_run_bytewise(&bytes, from));
            prop_assert_eq!(raw_text_end(&bytes, from), raw_text_end_bytewise(&bytes, from));
            for quote in [b'"', b'\'', b'`'] {
                prop_assert_eq!(
                    plain_text_end(&bytes, from, quote),
                    plain_text_end_bytewise(&bytes, from, quote)
                );
            }
        }
    }
}
