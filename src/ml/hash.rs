//! Deterministic hashing and pseudo-random numbers for the models: FNV-1a over bytes with a
//! SplitMix64 finaliser for feature hashing, [`combine`] to build conjoined features from
//! hashes without building strings, a [`BuildHasher`](std::hash::BuildHasher) for hash maps
//! whose behaviour must not depend on the process, and a seeded [`SplitMix64`] generator for
//! shuffling. Nothing here uses the randomly seeded std hasher.

use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The SplitMix64 finaliser: spreads every input bit over every output bit.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of a feature made of `a` then `b` (order matters).
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// An incremental FNV-1a hasher; [`Fnv::finish`] applies [`mix`] so low bits are usable as
/// bucket indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(FNV_OFFSET)
    }
}

impl Fnv {
    /// A hasher in its initial state.
    pub fn new() -> Fnv {
        Fnv::default()
    }

    /// Feeds bytes.
    #[inline]
    pub fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }

    /// Feeds one character as UTF-8.
    #[inline]
    pub fn char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.bytes(c.encode_utf8(&mut buf).as_bytes());
    }

    /// Feeds the lowercase form of one character.
    #[inline]
    pub fn char_lower(&mut self, c: char) {
        if c.is_ascii() {
            self.bytes(&[c.to_ascii_lowercase() as u8]);
        } else {
            for l in c.to_lowercase() {
                self.char(l);
            }
        }
    }

    /// The mixed hash of everything fed so far.
    #[inline]
    pub fn value(&self) -> u64 {
        mix(self.0)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.value()
    }

    fn write(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
    }
}

/// A deterministic `BuildHasher` for `HashMap`s.
pub type FnvBuild = BuildHasherDefault<Fnv>;

/// The hash of a string's bytes.
pub fn hash_str(s: &str) -> u64 {
    let mut h = Fnv::new();
    h.bytes(s.as_bytes());
    h.value()
}

/// The SplitMix64 pseudo-random generator (Steele, Lea and Flood 2014): tiny, fast, and the
/// same sequence for the same seed on every platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number in `0..n` (`0` when `n` is 0), by multiply-shift (bias below 2^-32 for the
    /// sizes used here).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Shuffles `items` in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_before_mixing() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        let mut h = Fnv::new();
        h.bytes(b"a");
        assert_eq!(h.value(), mix(0xaf63_dc4c_8601_ec8c));
    }

    #[test]
    fn lowercase_hashing_equals_hashing_the_lowercase_string() {
        for (s, lower) in [("Lavrov", "lavrov"), ("ÉCOLE", "école"), ("U.S.", "u.s.")] {
            let mut h = Fnv::new();
            s.chars().for_each(|c| h.char_lower(c));
            assert_eq!(h.value(), hash_str(lower), "{s}");
        }
    }

    #[test]
    fn combine_is_ordered() {
        assert_ne!(combine(1, 2), combine(2, 1));
        assert_eq!(combine(1, 2), combine(1, 2));
    }

    #[test]
    fn generator_is_seeded_and_shuffles_a_permutation() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut v: Vec<usize> = (0..50).collect();
        a.shuffle(&mut v);
        let mut w: Vec<usize> = (0..50).collect();
        b.shuffle(&mut w);
        assert_eq!(v, w);
        assert_ne!(v, (0..50).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..50).collect::<Vec<_>>());
        assert!((0..1000).all(|_| a.below(3) < 3));
        assert_eq!(a.below(0), 0);
    }
}
