//! Go's Unicode facts, from the tables in `tables.rs` (generated from Go's `unicode` package by
//! `scripts/gen_unicode_names`): the names `\p{…}` accepts, the runes of each, and case folding.

#[rustfmt::skip]
mod tables;

pub use tables::UNICODE_VERSION;

/// A range of Go's `unicode.RangeTable`: the runes `lo, lo + stride, …` up to `hi`.
pub(crate) type Range = (u32, u32, u32);

/// A run of Go's `unicode.SimpleFold`: for `r` in `lo..=hi` by `stride`, the fold is `r + delta`.
pub(crate) type Fold = (u32, u32, u32, i32);

/// Whether a name is a general category or a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamedKind {
    Category,
    Script,
}

/// A name `\p{…}` accepts, with its runes and the runes case folding adds to them.
#[derive(Debug)]
pub(crate) struct Named {
    pub name: &'static str,
    #[allow(dead_code)]
    pub kind: NamedKind,
    pub table: &'static [Range],
    pub fold: &'static [Range],
}

/// The greatest code point.
pub(crate) const MAX_RUNE: u32 = 0x10_FFFF;

/// The least and greatest runes that case folding changes (Go's `minFold`, `maxFold`).
pub(crate) const MIN_FOLD: u32 = 0x41;
pub(crate) const MAX_FOLD: u32 = 0x1_E943;

/// Go's `Any`: every code point, which is also its own fold table.
const ANY: &[Range] = &[(0, 0xFFFF, 1), (0x1_0000, MAX_RUNE, 1)];

static ANY_NAMED: Named = Named {
    name: "Any",
    kind: NamedKind::Category,
    table: ANY,
    fold: ANY,
};

/// What `\p{name}` names: a key of Go's `unicode.Categories` or `unicode.Scripts`, or `Any`,
/// spelled exactly (Prometheus' regexp fork knows no aliases and ignores no case).
pub(crate) fn lookup(name: &str) -> Option<&'static Named> {
    if name == "Any" {
        return Some(&ANY_NAMED);
    }
    tables::NAMED
        .binary_search_by(|named| named.name.cmp(name))
        .ok()
        .map(|i| &tables::NAMED[i])
}

/// Every name `\p{…}` and `\P{…}` accept, sorted bytewise: Go's general categories (`L`, `Lu`,
/// …), its scripts (`Greek`, `Old_Italic`, …) and `Any`.
///
/// ```
/// let names: Vec<&str> = pyroql::regexp::unicode_names().collect();
/// assert!(names.contains(&"Greek") && names.contains(&"Lu") && names.contains(&"Any"));
/// assert!(!names.contains(&"Letter") && !names.contains(&"greek"));
/// ```
pub fn unicode_names() -> impl Iterator<Item = &'static str> {
    let any_at = tables::NAMED.partition_point(|named| named.name < "Any");
    let before = tables::NAMED[..any_at].iter().map(|named| named.name);
    let after = tables::NAMED[any_at..].iter().map(|named| named.name);
    before.chain(std::iter::once("Any")).chain(after)
}

/// Whether case folding relates `r` to another rune.
pub(crate) fn folds(r: u32) -> bool {
    if r < 0x80 {
        return (r | 0x20).wrapping_sub(u32::from(b'a')) < 26;
    }
    simple_fold(r) != r
}

/// Go's `unicode.SimpleFold`: the next rune of `r`'s case orbit, or `r` itself.
pub(crate) fn simple_fold(r: u32) -> u32 {
    let runs = tables::SIMPLE_FOLD;
    let i = runs.partition_point(|&(_, hi, _, _)| hi < r);
    match runs.get(i) {
        Some(&(lo, _, stride, delta)) if lo <= r && (r - lo).is_multiple_of(stride) => {
            r.wrapping_add_signed(delta)
        }
        _ => r,
    }
}

/// The runes in `lo..=hi` whose case orbit has more than themselves, in order.
pub(crate) fn folding_runes(lo: u32, hi: u32) -> impl Iterator<Item = u32> {
    let runs = tables::SIMPLE_FOLD;
    let first = runs.partition_point(|&(_, run_hi, _, _)| run_hi < lo);
    runs[first..]
        .iter()
        .take_while(move |&&(run_lo, ..)| run_lo <= hi)
        .flat_map(move |&(run_lo, run_hi, stride, _)| {
            // The run's first rune at or after `lo`.
            let start = if run_lo >= lo {
                run_lo
            } else {
                run_lo + (lo - run_lo).div_ceil(stride) * stride
            };
            (start..=run_hi.min(hi)).step_by(stride as usize)
        })
}

/// Go's `minFoldRune`: the least rune of `r`'s case orbit.
pub(crate) fn min_fold_rune(r: u32) -> u32 {
    if !(MIN_FOLD..=MAX_FOLD).contains(&r) {
        return r;
    }
    let mut least = r;
    let mut f = simple_fold(r);
    while f != r {
        least = least.min(f);
        f = simple_fold(f);
    }
    least
}

/// The runes of `r`'s case orbit other than `r`, in orbit order.
pub(crate) fn orbit(r: u32) -> impl Iterator<Item = u32> {
    let mut f = simple_fold(r);
    std::iter::from_fn(move || {
        if f == r {
            return None;
        }
        let this = f;
        f = simple_fold(f);
        Some(this)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_gos_exactly() {
        assert!(lookup("L").is_some());
        assert!(lookup("Greek").is_some());
        assert!(lookup("Old_Italic").is_some());
        assert!(lookup("Cn").is_some());
        assert!(lookup("Any").is_some());
        assert!(lookup("greek").is_none());
        assert!(lookup("Letter").is_none());
        assert!(lookup("").is_none());
        let names: Vec<_> = unicode_names().collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(UNICODE_VERSION, "15.0.0");
    }

    #[test]
    fn folding_follows_go() {
        assert_eq!(simple_fold('A' as u32), 'a' as u32);
        assert_eq!(simple_fold('a' as u32), 'A' as u32);
        assert_eq!(simple_fold('k' as u32), 0x212A);
        assert_eq!(simple_fold(0x212A), 'K' as u32);
        assert_eq!(simple_fold('K' as u32), 'k' as u32);
        assert_eq!(simple_fold('1' as u32), '1' as u32);
        assert_eq!(min_fold_rune('k' as u32), 'K' as u32);
        assert_eq!(min_fold_rune(0x3C3), 0x3A3);
        assert_eq!(orbit('s' as u32).collect::<Vec<_>>(), [0x17F, 'S' as u32]);
        let some: Vec<u32> = folding_runes(0x40, 0x5B).collect();
        assert_eq!(some, (0x41..=0x5A).collect::<Vec<_>>());
        let stepped: Vec<u32> = folding_runes(0x101, 0x104).collect();
        assert_eq!(stepped, [0x101, 0x102, 0x103, 0x104]);
    }
}
