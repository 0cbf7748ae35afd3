//! Go's character classes as rune ranges, built the way Go's `regexp/syntax` builds them: the
//! same appending, folding, negating and cleaning, so that a class has Go's runes and, where it
//! matters (the lengths Go counts against its limits), Go's layout of them.

use super::ast::{ClassItemKind, PerlClass, PerlKind, PosixClass, PosixKind, UnicodeClass};
use super::unicode::{self, Named, MAX_FOLD, MAX_RUNE, MIN_FOLD};

/// Inclusive rune ranges, in Go's order (which is sorted only once cleaned).
pub(crate) type Ranges = Vec<(u32, u32)>;

/// Adds `lo..=hi`, widening the last or next-to-last range when it overlaps or abuts (Go's
/// `appendRange`).
pub(crate) fn append_range(r: &mut Ranges, lo: u32, hi: u32) {
    let n = r.len();
    for back in [1, 2] {
        if n >= back {
            let (rlo, rhi) = r[n - back];
            if lo <= rhi.saturating_add(1) && rlo <= hi.saturating_add(1) {
                r[n - back] = (rlo.min(lo), rhi.max(hi));
                return;
            }
        }
    }
    r.push((lo, hi));
}

/// Adds `lo..=hi` and every rune case folding relates to one of them (Go's
/// `appendFoldedRange`). For one rune the layout is Go's; for more, the runes are, and every
/// caller cleans the class before its layout counts.
pub(crate) fn append_folded_range(r: &mut Ranges, mut lo: u32, mut hi: u32) {
    if (lo <= MIN_FOLD && hi >= MAX_FOLD) || hi < MIN_FOLD || lo > MAX_FOLD {
        append_range(r, lo, hi);
        return;
    }
    if lo < MIN_FOLD {
        append_range(r, lo, MIN_FOLD - 1);
        lo = MIN_FOLD;
    }
    if hi > MAX_FOLD {
        append_range(r, MAX_FOLD + 1, hi);
        hi = MAX_FOLD;
    }
    append_range(r, lo, hi);
    for c in unicode::folding_runes(lo, hi) {
        for f in unicode::orbit(c) {
            append_range(r, f, f);
        }
    }
}

/// Adds the clean class `x`.
pub(crate) fn append_class(r: &mut Ranges, x: &[(u32, u32)]) {
    for &(lo, hi) in x {
        append_range(r, lo, hi);
    }
}

fn append_folded_class(r: &mut Ranges, x: &[(u32, u32)]) {
    for &(lo, hi) in x {
        append_folded_range(r, lo, hi);
    }
}

/// Adds the runes the clean class `x` lacks.
pub(crate) fn append_negated_class(r: &mut Ranges, x: &[(u32, u32)]) {
    let mut next = 0u32;
    for &(lo, hi) in x {
        if lo > next {
            append_range(r, next, lo - 1);
        }
        next = hi + 1;
    }
    if next <= MAX_RUNE {
        append_range(r, next, MAX_RUNE);
    }
}

/// The runes of a Go range table, one rune at a time where its stride is not 1.
fn table_runs(table: &[unicode::Range]) -> impl Iterator<Item = (u32, u32)> + '_ {
    table.iter().flat_map(|&(lo, hi, stride)| {
        let step = if stride == 1 { hi - lo + 1 } else { stride };
        (lo..=hi)
            .step_by(step as usize)
            .map(move |c| if stride == 1 { (lo, hi) } else { (c, c) })
    })
}

fn append_table(r: &mut Ranges, table: &[unicode::Range]) {
    for (lo, hi) in table_runs(table) {
        append_range(r, lo, hi);
    }
}

fn append_negated_table(r: &mut Ranges, table: &[unicode::Range]) {
    let mut next = 0u32;
    for (lo, hi) in table_runs(table) {
        if lo > next {
            append_range(r, next, lo - 1);
        }
        next = hi + 1;
    }
    if next <= MAX_RUNE {
        append_range(r, next, MAX_RUNE);
    }
}

/// Sorts the ranges (by start, longer first) and merges those that overlap or abut (Go's
/// `cleanClass`).
pub(crate) fn clean(r: &mut Ranges) {
    r.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut w = 0;
    for i in 0..r.len() {
        let (lo, hi) = r[i];
        if w > 0 && lo <= r[w - 1].1.saturating_add(1) {
            if hi > r[w - 1].1 {
                r[w - 1].1 = hi;
            }
            continue;
        }
        r[w] = (lo, hi);
        w += 1;
    }
    r.truncate(w);
}

/// The runes the clean class lacks (Go's `negateClass`).
pub(crate) fn negate(r: &mut Ranges) {
    let mut out = Vec::with_capacity(r.len() + 1);
    append_negated_class(&mut out, r);
    *r = out;
}

/// Whether `c` is in the class, found by Go's binary search (`inCharClass`), which assumes the
/// class is clean.
pub(crate) fn contains(class: &[(u32, u32)], c: u32) -> bool {
    // sort.Find: the first range whose end is not before `c`.
    let i = class.partition_point(|&(_, hi)| c > hi);
    class.get(i).is_some_and(|&(lo, _)| c >= lo)
}

const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
const SPACE: &[(u32, u32)] = &[(0x9, 0xA), (0xC, 0xD), (0x20, 0x20)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];

/// The ASCII runes of a Perl class, before any negation.
pub(crate) fn perl_ranges(kind: PerlKind) -> &'static [(u32, u32)] {
    match kind {
        PerlKind::Digit => DIGIT,
        PerlKind::Space => SPACE,
        PerlKind::Word => WORD,
    }
}

/// The ASCII runes of a POSIX class, before any negation.
pub(crate) fn posix_ranges(kind: PosixKind) -> &'static [(u32, u32)] {
    match kind {
        PosixKind::Alnum => &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
        PosixKind::Alpha => &[(0x41, 0x5A), (0x61, 0x7A)],
        PosixKind::Ascii => &[(0x0, 0x7F)],
        PosixKind::Blank => &[(0x9, 0x9), (0x20, 0x20)],
        PosixKind::Cntrl => &[(0x0, 0x1F), (0x7F, 0x7F)],
        PosixKind::Digit => DIGIT,
        PosixKind::Graph => &[(0x21, 0x7E)],
        PosixKind::Lower => &[(0x61, 0x7A)],
        PosixKind::Print => &[(0x20, 0x7E)],
        PosixKind::Punct => &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
        PosixKind::Space => &[(0x9, 0xD), (0x20, 0x20)],
        PosixKind::Upper => &[(0x41, 0x5A)],
        PosixKind::Word => WORD,
        PosixKind::Xdigit => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
    }
}

/// Adds a Perl or POSIX class (Go's `appendGroup`).
fn append_group(r: &mut Ranges, group: &[(u32, u32)], negated: bool, fold: bool) {
    if !fold {
        if negated {
            append_negated_class(r, group);
        } else {
            append_class(r, group);
        }
        return;
    }
    let mut folded = Vec::with_capacity(group.len() * 2);
    append_folded_class(&mut folded, group);
    clean(&mut folded);
    if negated {
        append_negated_class(r, &folded);
    } else {
        append_class(r, &folded);
    }
}

/// Adds a Perl class.
pub(crate) fn append_perl(r: &mut Ranges, class: PerlClass, fold: bool) {
    append_group(r, perl_ranges(class.kind), class.negated, fold);
}

/// Adds a POSIX class.
pub(crate) fn append_posix(r: &mut Ranges, class: PosixClass, fold: bool) {
    append_group(r, posix_ranges(class.kind), class.negated, fold);
}

/// Adds a Unicode class (the appending half of Go's `parseUnicodeClass`).
pub(crate) fn append_unicode(r: &mut Ranges, class: UnicodeClass, fold: bool) {
    let Some(named) = unicode::lookup(class.name) else {
        return;
    };
    append_named(r, named, class.negated, fold);
}

fn append_named(r: &mut Ranges, named: &Named, negated: bool, fold: bool) {
    if !fold || named.fold.is_empty() {
        if negated {
            append_negated_table(r, named.table);
        } else {
            append_table(r, named.table);
        }
        return;
    }
    let mut both = Vec::new();
    append_table(&mut both, named.table);
    append_table(&mut both, named.fold);
    clean(&mut both);
    if negated {
        append_negated_class(r, &both);
    } else {
        append_class(r, &both);
    }
}

/// Adds one item of a bracketed class, as Go's `parseClass` does.
pub(crate) fn append_item(r: &mut Ranges, item: ClassItemKind, fold: bool) {
    match item {
        ClassItemKind::Range { lo, hi } => {
            if fold {
                append_folded_range(r, lo, hi);
            } else {
                append_range(r, lo, hi);
            }
        }
        ClassItemKind::Perl(class) => append_perl(r, class, fold),
        ClassItemKind::Posix(class) => append_posix(r, class, fold),
        ClassItemKind::Unicode(class) => append_unicode(r, class, fold),
    }
}

/// The runes of a bracketed class, clean, as Go's `parseClass` ends it.
pub(crate) fn finish_bracket(r: &mut Ranges, negated: bool) {
    clean(r);
    if negated {
        negate(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_as_in_go() {
        let mut r = Vec::new();
        append_range(&mut r, 'a' as u32, 'c' as u32);
        append_range(&mut r, 'x' as u32, 'z' as u32);
        append_range(&mut r, 'd' as u32, 'd' as u32);
        assert_eq!(r, [(0x61, 0x64), (0x78, 0x7A)]);
        append_range(&mut r, '0' as u32, '0' as u32);
        append_range(&mut r, 'e' as u32, 'e' as u32);
        assert_eq!(r, [(0x61, 0x64), (0x78, 0x7A), (0x30, 0x30), (0x65, 0x65)]);
        clean(&mut r);
        assert_eq!(r, [(0x30, 0x30), (0x61, 0x65), (0x78, 0x7A)]);
        negate(&mut r);
        assert_eq!(r, [(0, 0x2F), (0x31, 0x60), (0x66, 0x77), (0x7B, MAX_RUNE)]);
        assert!(contains(&r, 0x40) && !contains(&r, 0x30) && contains(&r, MAX_RUNE));
    }

    #[test]
    fn folding_adds_the_orbit() {
        let mut r = Vec::new();
        append_folded_range(&mut r, 'k' as u32, 'k' as u32);
        assert_eq!(r, [(0x6B, 0x6B), (0x212A, 0x212A), (0x4B, 0x4B)]);
        let mut w = Vec::new();
        append_perl(
            &mut w,
            PerlClass {
                kind: PerlKind::Word,
                negated: false,
            },
            true,
        );
        assert!(contains(&w, 0x17F) && contains(&w, 0x212A));
    }

    #[test]
    fn unicode_tables_expand() {
        let mut l = Vec::new();
        append_unicode(
            &mut l,
            UnicodeClass {
                name: "L",
                negated: false,
            },
            false,
        );
        let mut cleaned = l.clone();
        clean(&mut cleaned);
        assert_eq!(l, cleaned);
        assert!(contains(&l, 'é' as u32) && !contains(&l, '1' as u32));
    }
}
