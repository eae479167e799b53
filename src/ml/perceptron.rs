//! A multi-class linear model over hashed features, trained as an averaged perceptron.
//!
//! In: for each instance, a list of feature hashes (any `u64`, see [`crate::ml::hash`]) and
//! for training its gold class. A feature's hash picks one of `2^bits` buckets; each bucket
//! holds one weight per class, stored side by side so scoring reads one contiguous row per
//! feature. Out: class scores and the best class; a compact binary encoding.
//!
//! [`Trainer`] keeps the running weights and averages them lazily with the trick of Daumé
//! (2006): besides the weights `w` it keeps `u`, the sum of every update times the step at
//! which it was made; the average over all steps is then `w - u / steps`, so an update costs
//! the same as in the plain perceptron and the training loop never walks the whole table.
//! Training is deterministic: the caller orders the instances (shuffled by a seeded
//! generator) and ties between classes go to the lowest index.
//!
//! The file format: magic `NGPW`, version (u32), `bits` (u8), classes (u32), precision (u8:
//! 0 = f32, 1 = i16 with an f32 scale), then the weight table as alternating varint runs of
//! zero and non-zero weights, the non-zero ones stored at that precision, little-endian.

use crate::error::{Error, Result};
use crate::ml::bin::{Reader, Writer};

const MAGIC: &[u8; 4] = b"NGPW";
const VERSION: u32 = 1;
/// The largest table accepted, in buckets times classes (1 GiB of f32).
const MAX_WEIGHTS: usize = 1 << 28;

/// How weights are stored by [`Perceptron::to_bytes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Exact 32-bit floats.
    F32,
    /// 16-bit integers times one scale for the whole table (relative error below 2^-15 of
    /// the largest weight); halves the file at no measurable cost in accuracy.
    I16,
}

/// A trained model: a table of `2^bits` buckets times `classes` weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Perceptron {
    bits: u32,
    classes: usize,
    weights: Vec<f32>,
}

impl Perceptron {
    /// An all-zero model; fails when `bits` is not in 1..=24, `classes` is 0, or the table
    /// would exceed 2^28 weights.
    pub fn new(bits: u32, classes: usize) -> Result<Perceptron> {
        let size = 1usize
            .checked_shl(bits)
            .filter(|_| (1..=24).contains(&bits) && classes > 0)
            .and_then(|b| b.checked_mul(classes))
            .filter(|&n| n <= MAX_WEIGHTS)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "perceptron of 2^{bits} buckets x {classes} classes"
                ))
            })?;
        Ok(Perceptron {
            bits,
            classes,
            weights: vec![0.0; size],
        })
    }

    /// The number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The number of hash buckets, as a power of two.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    #[inline]
    fn row(&self, feature: u64) -> usize {
        (feature & ((1u64 << self.bits) - 1)) as usize * self.classes
    }

    /// Writes the score of every class for `features` into `scores` (resized to
    /// [`classes`](Self::classes)).
    #[inline]
    pub fn scores(&self, features: &[u64], scores: &mut Vec<f32>) {
        scores.clear();
        // Small tables (the parser's transitions, the entity tags) sum in registers: the
        // weight loads, mostly cache misses, then overlap instead of waiting on stores.
        match self.classes {
            3 => return self.scores_fixed::<3>(features, scores),
            13 => return self.scores_fixed::<13>(features, scores),
            17 => return self.scores_fixed::<17>(features, scores),
            _ => {}
        }
        scores.resize(self.classes, 0.0);
        for &f in features {
            let row = self.row(f);
            let w = &self.weights[row..row + self.classes];
            for (s, w) in scores.iter_mut().zip(w) {
                *s += w;
            }
        }
    }

    /// [`scores`](Self::scores) for a table of exactly `N` classes.
    #[inline]
    fn scores_fixed<const N: usize>(&self, features: &[u64], scores: &mut Vec<f32>) {
        let mut sum = [0.0f32; N];
        for &f in features {
            let row = self.row(f);
            if let Some(w) = self.weights.get(row..row + N) {
                for (s, w) in sum.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
        scores.extend_from_slice(&sum);
    }

    /// The best class for `features`, using `scores` as scratch.
    #[inline]
    pub fn predict(&self, features: &[u64], scores: &mut Vec<f32>) -> usize {
        self.scores(features, scores);
        argmax(scores)
    }

    /// The binary encoding (see the module docs).
    pub fn to_bytes(&self, precision: Precision) -> Vec<u8> {
        let mut w = Writer::new();
        w.bytes(MAGIC);
        w.u32(VERSION);
        w.u8(self.bits as u8);
        w.u32(self.classes as u32);
        let max = self.weights.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let stored: Vec<f32> = match precision {
            Precision::F32 => {
                w.u8(0);
                self.weights.clone()
            }
            Precision::I16 => {
                w.u8(1);
                w.f32(scale);
                self.weights
                    .iter()
                    .map(|x| (x / scale).round().clamp(-32767.0, 32767.0))
                    .collect()
            }
        };
        let mut i = 0;
        while i < stored.len() {
            let zeros = stored[i..].iter().take_while(|x| **x == 0.0).count();
            i += zeros;
            let live = stored[i..].iter().take_while(|x| **x != 0.0).count();
            w.varint(zeros as u64);
            w.varint(live as u64);
            for &x in &stored[i..i + live] {
                match precision {
                    Precision::F32 => w.f32(x),
                    Precision::I16 => w.bytes(&(x as i16).to_le_bytes()),
                }
            }
            i += live;
        }
        w.buf
    }

    /// Decodes [`to_bytes`](Self::to_bytes) output, reading from `r`.
    pub fn read(r: &mut Reader<'_>) -> Result<Perceptron> {
        if r.bytes(4)? != MAGIC {
            return Err(r.error("not a perceptron table"));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(r.error(format!("version {version}, expected {VERSION}")));
        }
        let bits = u32::from(r.u8()?);
        let classes = r.u32()? as usize;
        let mut model = Perceptron::new(bits, classes).map_err(|e| r.error(e))?;
        let (precision, scale) = match r.u8()? {
            0 => (Precision::F32, 1.0),
            1 => (Precision::I16, r.f32()?),
            p => return Err(r.error(format!("unknown precision {p}"))),
        };
        let n = model.weights.len();
        let mut i = 0;
        while i < n {
            let zeros = r.len(n - i)?;
            i += zeros;
            let live = r.len(n - i)?;
            if zeros + live == 0 {
                return Err(r.error("empty run"));
            }
            for slot in &mut model.weights[i..i + live] {
                *slot = match precision {
                    Precision::F32 => r.f32()?,
                    Precision::I16 => {
                        let b = r.bytes(2)?;
                        f32::from(i16::from_le_bytes([b[0], b[1]])) * scale
                    }
                };
            }
            i += live;
        }
        Ok(model)
    }

    /// Decodes a buffer holding exactly one table.
    pub fn from_bytes(bytes: &[u8]) -> Result<Perceptron> {
        let mut r = Reader::new(bytes, "<perceptron>");
        let model = Perceptron::read(&mut r)?;
        if !r.is_empty() {
            return Err(r.error("trailing bytes"));
        }
        Ok(model)
    }
}

/// The index of the highest score, the lowest index among ties (0 for an empty slice).
#[inline]
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// Trains a [`Perceptron`] and averages its weights over every step.
#[derive(Debug, Clone)]
pub struct Trainer {
    model: Perceptron,
    /// Sum of update * step, per weight.
    stamped: Vec<f64>,
    /// Instances seen plus one.
    step: u64,
}

impl Trainer {
    /// A trainer for an all-zero model (see [`Perceptron::new`] for the limits).
    pub fn new(bits: u32, classes: usize) -> Result<Trainer> {
        let model = Perceptron::new(bits, classes)?;
        Ok(Trainer {
            stamped: vec![0.0; model.weights.len()],
            model,
            step: 1,
        })
    }

    /// The current (not averaged) model, to predict with during training.
    pub fn model(&self) -> &Perceptron {
        &self.model
    }

    /// Counts one training instance: if `guess` differs from `truth`, moves the weights of
    /// `features` towards `truth` and away from `guess`. Classes out of range are ignored.
    pub fn learn(&mut self, features: &[u64], truth: usize, guess: usize) {
        let classes = self.model.classes;
        if truth != guess && truth < classes && guess < classes {
            let step = self.step as f64;
            for &f in features {
                let row = self.model.row(f);
                for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                    self.model.weights[row + class] += delta;
                    self.stamped[row + class] += step * f64::from(delta);
                }
            }
        }
        self.step += 1;
    }

    /// The averaged model.
    pub fn finish(self) -> Perceptron {
        let steps = self.step as f64;
        let mut model = self.model;
        for (w, u) in model.weights.iter_mut().zip(&self.stamped) {
            *w = (f64::from(*w) - u / steps) as f32;
        }
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::hash::{hash_str, SplitMix64};

    /// A toy problem: class = which of three words occurs, plus noise features.
    fn toy(n: usize, seed: u64) -> Vec<(Vec<u64>, usize)> {
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|_| {
                let class = rng.below(3);
                let key = ["red", "green", "blue"][class];
                let noise = format!("noise{}", rng.below(20));
                (
                    vec![hash_str(key), hash_str(&noise), hash_str("bias")],
                    class,
                )
            })
            .collect()
    }

    fn train(seed: u64) -> Perceptron {
        let mut t = Trainer::new(10, 3).unwrap();
        let data = toy(300, 1);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = SplitMix64::new(seed);
        let mut scores = Vec::new();
        for _ in 0..3 {
            rng.shuffle(&mut order);
            for &i in &order {
                let (f, y) = &data[i];
                let guess = t.model().predict(f, &mut scores);
                t.learn(f, *y, guess);
            }
        }
        t.finish()
    }

    fn predictions(m: &Perceptron, data: &[(Vec<u64>, usize)]) -> Vec<usize> {
        let mut scores = Vec::new();
        data.iter()
            .map(|(f, _)| m.predict(f, &mut scores))
            .collect()
    }

    #[test]
    fn learns_a_separable_problem() {
        let m = train(42);
        let test = toy(200, 2);
        let gold: Vec<usize> = test.iter().map(|(_, y)| *y).collect();
        assert_eq!(predictions(&m, &test), gold);
    }

    #[test]
    fn roundtrip_keeps_predictions() {
        let m = train(42);
        let test = toy(200, 3);
        let exact = Perceptron::from_bytes(&m.to_bytes(Precision::F32)).unwrap();
        assert_eq!(exact, m);
        let small = Perceptron::from_bytes(&m.to_bytes(Precision::I16)).unwrap();
        assert_eq!(predictions(&small, &test), predictions(&m, &test));
        assert!(m.to_bytes(Precision::I16).len() < m.to_bytes(Precision::F32).len());
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(
            train(5).to_bytes(Precision::F32),
            train(5).to_bytes(Precision::F32)
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        let bytes = train(1).to_bytes(Precision::I16);
        assert!(Perceptron::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Perceptron::from_bytes(b"NGPX").is_err());
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(Perceptron::from_bytes(&extra).is_err());
        assert!(Perceptron::new(0, 3).is_err());
        assert!(Perceptron::new(10, 0).is_err());
    }

    #[test]
    fn argmax_prefers_the_lowest_tie() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0]), 1);
        assert_eq!(argmax(&[]), 0);
    }
}
