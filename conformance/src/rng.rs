//! A small seeded random generator (SplitMix64): every run of the lab is reproducible from its
//! seed, and the generators need nothing more than uniform choices.

/// A seeded source of random choices.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (not empty).
    pub fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    /// One of `items`, each drawn `weight(item)` times in a thousand; `None` for what the
    /// weights leave of the thousand.
    pub fn per_mille<T: Copy>(&mut self, items: &[T], weight: impl Fn(T) -> usize) -> Option<T> {
        let mut n = self.below(1000);
        for &item in items {
            if n < weight(item) {
                return Some(item);
            }
            n -= weight(item);
        }
        None
    }

    /// A generator for a sub-task, so that adding draws to one task does not shift another's.
    pub fn fork(&mut self) -> Rng {
        Rng(self.next_u64())
    }
}

/// One of `items`, as text.
pub fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    rng.pick::<&str>(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_reproducible_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            let x = a.below(10);
            assert_eq!(x, b.below(10));
            assert!(x < 10);
            let y = a.range(3, 5);
            assert_eq!(y, b.range(3, 5));
            assert!((3..=5).contains(&y));
        }
        let mut seen = [false; 10];
        for _ in 0..1000 {
            seen[a.below(10)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
