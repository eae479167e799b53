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
//!
//! In memory, a table being trained (or read from an f32 file) is the dense f32 table. A
//! table read from an i16 file is kept read-only in a compact form instead, because the
//! dense tables (up to 53 MB for the parser's labeller) make nearly every lookup a cache
//! miss: a bitmap of the buckets whose row is not all zero, with a running count of set bits
//! per 64 buckets, maps a bucket to its rank among the stored rows; a row is then either
//! `classes` i16 weights (when most of its weights are non-zero, as in a 3-class table) or a
//! run of (class, i16) entries (when few are). A table of whole rows where most buckets have
//! a row (the parser's transitions: 55%) keeps every bucket's row instead, 12.6 MB, so a
//! lookup is one memory access rather than two. In a table of at most 64 classes, a row of
//! at least 12 entries is stored dense (every class, two weights per `u32`), which sums faster.
//! Scoring turns each i16 back into `f32::from(q) * scale` and adds in the same order as the
//! dense table, so the scores are bit-identical to those of the dense table decoded from the
//! same file (skipped zeros add nothing; a stored zero adds `+0.0` to a sum that is never
//! `-0.0`). On x86_64 CPUs with AVX2 and POPCNT, scoring is compiled for them (detected at
//! run time; the same operations in the same order, never fused).

use crate::error::{Error, Result};
use crate::ml::bin::{Reader, Writer};
use std::borrow::Cow;

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
#[derive(Debug, Clone)]
pub struct Perceptron {
    bits: u32,
    classes: usize,
    table: Table,
}

/// The weights: dense (trainable) or compact (read-only, see the module docs).
#[derive(Debug, Clone)]
enum Table {
    Dense(Vec<f32>),
    Compact(Compact),
}

/// A read-only table of i16 weights whose all-zero rows are left out.
#[derive(Debug, Clone)]
struct Compact {
    scale: f32,
    /// One per 64 buckets: which of them have a stored row, and how many rows come before.
    blocks: Vec<Block>,
    rows: Rows,
    /// Whether row `r` is bucket `r`'s, all-zero rows included (and `blocks` empty): for
    /// full rows when most buckets have one, which saves the block lookup.
    direct: bool,
    /// Whether [`Compact::add`] may use AVX2 and POPCNT (detected when the table is built).
    wide: bool,
}

/// How many features [`Compact::add`] looks up together.
const CHUNK: usize = 64;
/// The most classes a table may have for its long sparse rows to be stored dense.
const DENSE_CLASSES: usize = 64;
/// The length of a dense row, in entries: two i16 weights per `u32`, classes `k` and `k + 32`
/// in entry `k`.
const DENSE_WORDS: usize = DENSE_CLASSES / 2;
/// Sparse rows with at least this many weights are stored dense (fewer than [`DENSE_WORDS`],
/// so a row's length tells the two kinds apart).
const DENSE_MIN: usize = 12;

/// Asks the CPU to start loading `slice[i]` into the cache (a hint; nothing when `i` is out
/// of range or on other architectures).
#[inline(always)]
fn prefetch<T>(slice: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = slice.get(i) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: prefetching only hints the cache and never faults; `x` is a valid
        // reference and SSE is part of the x86_64 baseline.
        #[allow(unused_unsafe)]
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slice, i);
}

/// Whether the CPU has AVX2 and POPCNT, which [`Compact::add`] then uses.
fn wide_cpu() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

#[derive(Debug, Clone, Copy, Default)]
struct Block {
    mask: u64,
    base: u32,
}

#[derive(Debug, Clone)]
enum Rows {
    /// `classes` weights per stored row, then one all-zero row (read for buckets without a
    /// row).
    Full(Vec<i16>),
    /// Row `r` is `entries[starts[r]..starts[r + 1]]`, each `class << 16 | weight as u16`;
    /// a last, empty row is read for buckets without a row. With `dense`, a row of
    /// [`DENSE_WORDS`] entries holds every class instead (see [`DENSE_WORDS`]).
    Sparse {
        starts: Vec<u32>,
        entries: Vec<u32>,
        dense: bool,
    },
}

impl PartialEq for Perceptron {
    fn eq(&self, other: &Perceptron) -> bool {
        self.bits == other.bits
            && self.classes == other.classes
            && self.dense_weights() == other.dense_weights()
    }
}

/// The number of weights of a `2^bits` x `classes` table, if within the limits.
fn table_size(bits: u32, classes: usize) -> Result<usize> {
    1usize
        .checked_shl(bits)
        .filter(|_| (1..=24).contains(&bits) && classes > 0)
        .and_then(|b| b.checked_mul(classes))
        .filter(|&n| n <= MAX_WEIGHTS)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "perceptron of 2^{bits} buckets x {classes} classes"
            ))
        })
}

/// The weight in the low 16 bits of an entry.
#[inline(always)]
fn low(e: u32) -> f32 {
    f32::from(e as u16 as i16)
}

/// The weight in the high 16 bits of an entry.
#[inline(always)]
fn high(e: u32) -> f32 {
    f32::from((e >> 16) as u16 as i16)
}

impl Compact {
    /// Builds the table from its non-zero weights `(bucket * classes + class, weight)`, in
    /// increasing position order.
    fn new(bits: u32, classes: usize, scale: f32, live: &[(u32, i16)]) -> Compact {
        // The non-zero weights of each stored row, as (bucket, first, end) into `live`.
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        for (i, &(p, _)) in live.iter().enumerate() {
            let bucket = p as usize / classes;
            match spans.last_mut() {
                Some(last) if last.0 == bucket => last.2 = i + 1,
                _ => spans.push((bucket, i, i + 1)),
            }
        }
        let rows = spans.len();
        // Entries carry the class in 16 bits; beyond that, or when most weights of a row
        // are set, whole rows are smaller.
        let full_bytes = rows * classes * 2;
        let sparse_bytes = live.len() * 4 + (rows + 1) * 4;
        let sparse = classes <= 1 << 16 && sparse_bytes < full_bytes;
        let direct = !sparse && rows * 2 > 1 << bits;
        if direct {
            let mut full = vec![0; (classes << bits) + classes];
            for &(p, q) in live {
                full[p as usize] = q;
            }
            return Compact {
                scale,
                blocks: Vec::new(),
                rows: Rows::Full(full),
                direct,
                wide: wide_cpu(),
            };
        }
        let dense = classes <= DENSE_CLASSES;
        let mut blocks = vec![Block::default(); (1usize << bits).div_ceil(64)];
        let mut full = Vec::new();
        let (mut starts, mut entries) = (Vec::new(), Vec::new());
        for &(bucket, a, b) in &spans {
            blocks[bucket / 64].mask |= 1 << (bucket % 64);
            let weights = live[a..b].iter().map(|&(p, q)| (p as usize % classes, q));
            if !sparse {
                full.resize(full.len() + classes, 0);
                let at = full.len() - classes;
                for (class, q) in weights {
                    full[at + class] = q;
                }
            } else if dense && b - a >= DENSE_MIN {
                starts.push(entries.len() as u32);
                let at = entries.len();
                entries.resize(at + DENSE_WORDS, 0);
                for (class, q) in weights {
                    let shift = if class < DENSE_WORDS { 0 } else { 16 };
                    entries[at + class % DENSE_WORDS] |= u32::from(q as u16) << shift;
                }
            } else {
                starts.push(entries.len() as u32);
                entries
                    .extend(weights.map(|(class, q)| (class as u32) << 16 | u32::from(q as u16)));
            }
        }
        let mut base = 0u32;
        for b in &mut blocks {
            b.base = base;
            base += b.mask.count_ones();
        }
        let rows = if sparse {
            // The end of the last row, and the empty row after it.
            starts.extend([entries.len() as u32; 2]);
            Rows::Sparse {
                starts,
                entries,
                dense,
            }
        } else {
            full.resize(full.len() + classes, 0);
            Rows::Full(full)
        };
        Compact {
            scale,
            blocks,
            rows,
            direct,
            wide: wide_cpu(),
        }
    }

    /// The rank of `bucket`'s row among the stored rows, `missing` for an all-zero row.
    #[inline(always)]
    fn rank(&self, bucket: usize, missing: u32) -> u32 {
        if self.direct {
            return bucket as u32;
        }
        match self.blocks.get(bucket / 64) {
            Some(b) => {
                let bit = 1u64 << (bucket % 64);
                let rank = b.base + (b.mask & (bit - 1)).count_ones();
                if b.mask & bit != 0 {
                    rank
                } else {
                    missing
                }
            }
            None => missing,
        }
    }

    /// The rank of `bucket`'s row among the stored rows, `None` for an all-zero row.
    fn row(&self, bucket: usize) -> Option<usize> {
        let r = self.rank(bucket, u32::MAX);
        (r != u32::MAX).then_some(r as usize)
    }

    /// Adds the weights of `features` to `sums` (one per class).
    ///
    /// The lookups run in stages over up to [`CHUNK`] features at a time, each stage
    /// prefetching what the next one reads (block, then row start for sparse rows, then
    /// row), so the cache misses of all features overlap instead of queueing behind one
    /// another. A bucket without a row reads an all-zero (full) or
    /// empty (sparse) row; a dense row holds zeros for the classes it lacks. Each class
    /// still sums its weights in feature order, and adding `+0.0` to a sum that started at
    /// `+0.0` changes nothing, so the sums are those of the dense table.
    #[inline]
    fn add(&self, mask: u64, features: &[u64], sums: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if self.wide {
            // SAFETY: `wide` is set only when the CPU has AVX2 and POPCNT.
            return unsafe { self.add_wide(mask, features, sums) };
        }
        self.add_any(mask, features, sums);
    }

    /// [`add`](Self::add) compiled for AVX2 and POPCNT (same operations, same results).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    unsafe fn add_wide(&self, mask: u64, features: &[u64], sums: &mut [f32]) {
        self.add_any(mask, features, sums);
    }

    /// [`add`](Self::add) for whichever CPU features the caller was compiled with.
    #[inline(always)]
    fn add_any(&self, mask: u64, features: &[u64], sums: &mut [f32]) {
        match &self.rows {
            Rows::Full(weights) if sums.len() == 3 => {
                self.add_full(weights, 3, mask, features, sums)
            }
            Rows::Full(weights) => self.add_full(weights, sums.len(), mask, features, sums),
            Rows::Sparse {
                starts,
                entries,
                dense: true,
            } if sums.len() <= DENSE_CLASSES => {
                let scale = self.scale;
                let mut acc = [0.0f32; DENSE_CLASSES];
                acc[..sums.len()].copy_from_slice(sums);
                self.add_sparse(starts, entries, mask, features, |row| {
                    if row.len() == DENSE_WORDS {
                        let (lo, hi) = acc.split_at_mut(DENSE_WORDS);
                        for ((a, b), &e) in lo.iter_mut().zip(hi.iter_mut()).zip(row) {
                            *a += low(e) * scale;
                            *b += high(e) * scale;
                        }
                    } else {
                        for &e in row {
                            acc[(e >> 16) as usize % DENSE_CLASSES] += low(e) * scale;
                        }
                    }
                });
                sums.copy_from_slice(&acc[..sums.len()]);
            }
            Rows::Sparse {
                starts, entries, ..
            } => {
                let scale = self.scale;
                self.add_sparse(starts, entries, mask, features, |row| {
                    for &e in row {
                        if let Some(s) = sums.get_mut((e >> 16) as usize) {
                            *s += low(e) * scale;
                        }
                    }
                });
            }
        }
    }

    /// [`add`](Self::add) over full rows of `n` weights.
    #[inline(always)]
    fn add_full(&self, weights: &[i16], n: usize, mask: u64, features: &[u64], sums: &mut [f32]) {
        let scale = self.scale;
        let missing = (weights.len() / n.max(1)).saturating_sub(1) as u32;
        let mut ranks = [0u32; CHUNK];
        for chunk in features.chunks(CHUNK) {
            for &f in chunk {
                prefetch(&self.blocks, (f & mask) as usize / 64);
            }
            for (r, &f) in ranks.iter_mut().zip(chunk) {
                *r = self.rank((f & mask) as usize, missing);
                prefetch(weights, *r as usize * n);
            }
            for &r in &ranks[..chunk.len()] {
                let at = r as usize * n;
                if let Some(w) = weights.get(at..at + n) {
                    for (s, &q) in sums.iter_mut().zip(w) {
                        *s += f32::from(q) * scale;
                    }
                }
            }
        }
    }

    /// [`add`](Self::add) over sparse rows: `row` gets each feature's row in turn.
    #[inline(always)]
    fn add_sparse(
        &self,
        starts: &[u32],
        entries: &[u32],
        mask: u64,
        features: &[u64],
        mut row: impl FnMut(&[u32]),
    ) {
        let missing = starts.len().saturating_sub(2) as u32;
        let mut ranks = [0u32; CHUNK];
        let mut spans = [(0u32, 0u32); CHUNK];
        for chunk in features.chunks(CHUNK) {
            for &f in chunk {
                prefetch(&self.blocks, (f & mask) as usize / 64);
            }
            for (r, &f) in ranks.iter_mut().zip(chunk) {
                *r = self.rank((f & mask) as usize, missing);
                prefetch(starts, *r as usize);
            }
            for (span, &r) in spans.iter_mut().zip(&ranks[..chunk.len()]) {
                let r = r as usize;
                let (a, b) = match starts.get(r..r + 2) {
                    Some(&[a, b]) => (a, b),
                    _ => (0, 0),
                };
                *span = (a, b);
                prefetch(entries, a as usize);
                if b - a > 16 {
                    prefetch(entries, a as usize + 16);
                    prefetch(entries, b as usize - 1);
                }
            }
            for &(a, b) in &spans[..chunk.len()] {
                if let Some(r) = entries.get(a as usize..b as usize) {
                    row(r);
                }
            }
        }
    }

    /// Every weight of the table, dense, exactly as scoring sees it.
    fn dense(&self, bits: u32, classes: usize) -> Vec<f32> {
        let mut out = vec![0.0; classes << bits];
        for bucket in 0..1usize << bits {
            let Some(r) = self.row(bucket) else { continue };
            let row = &mut out[bucket * classes..(bucket + 1) * classes];
            match &self.rows {
                Rows::Full(w) => {
                    for (o, &q) in row.iter_mut().zip(&w[r * classes..(r + 1) * classes]) {
                        *o = f32::from(q) * self.scale;
                    }
                }
                Rows::Sparse {
                    starts,
                    entries,
                    dense,
                } => {
                    let stored = &entries[starts[r] as usize..starts[r + 1] as usize];
                    if *dense && stored.len() == DENSE_WORDS {
                        for (k, &e) in stored.iter().enumerate() {
                            for (class, q) in [(k, low(e)), (k + DENSE_WORDS, high(e))] {
                                if let Some(o) = row.get_mut(class) {
                                    *o = q * self.scale;
                                }
                            }
                        }
                    } else {
                        for &e in stored {
                            row[(e >> 16) as usize] = low(e) * self.scale;
                        }
                    }
                }
            }
        }
        out
    }
}

impl Perceptron {
    /// An all-zero model; fails when `bits` is not in 1..=24, `classes` is 0, or the table
    /// would exceed 2^28 weights.
    pub fn new(bits: u32, classes: usize) -> Result<Perceptron> {
        let size = table_size(bits, classes)?;
        Ok(Perceptron {
            bits,
            classes,
            table: Table::Dense(vec![0.0; size]),
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
    fn mask(&self) -> u64 {
        (1u64 << self.bits) - 1
    }

    #[inline]
    fn row(&self, feature: u64) -> usize {
        (feature & self.mask()) as usize * self.classes
    }

    /// Every weight, bucket by bucket (borrowed when the table is dense).
    fn dense_weights(&self) -> Cow<'_, [f32]> {
        match &self.table {
            Table::Dense(w) => Cow::Borrowed(w),
            Table::Compact(c) => Cow::Owned(c.dense(self.bits, self.classes)),
        }
    }

    /// The weight-by-weight mean of `models` (all of this shape; `None` when there are none
    /// or their shapes differ). A linear model's scores are linear in its weights, so the
    /// mean scores every instance with the mean of the models' scores: an ensemble that
    /// costs no more to run than one model.
    pub fn average(models: &[Perceptron]) -> Option<Perceptron> {
        let first = models.first()?;
        if models
            .iter()
            .any(|m| m.bits != first.bits || m.classes != first.classes)
        {
            return None;
        }
        let mut sum = vec![0.0f64; first.dense_weights().len()];
        for m in models {
            for (s, w) in sum.iter_mut().zip(m.dense_weights().iter()) {
                *s += f64::from(*w);
            }
        }
        let n = models.len() as f64;
        Some(Perceptron {
            bits: first.bits,
            classes: first.classes,
            table: Table::Dense(sum.into_iter().map(|s| (s / n) as f32).collect()),
        })
    }

    /// The dense weights, for training (a compact table is expanded first; the trainer's
    /// tables are dense from the start).
    fn dense_mut(&mut self) -> &mut Vec<f32> {
        if let Table::Compact(c) = &self.table {
            self.table = Table::Dense(c.dense(self.bits, self.classes));
        }
        match &mut self.table {
            Table::Dense(w) => w,
            Table::Compact(_) => unreachable!("expanded above"),
        }
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
        match &self.table {
            Table::Dense(weights) => {
                for &f in features {
                    let row = self.row(f);
                    let w = &weights[row..row + self.classes];
                    for (s, w) in scores.iter_mut().zip(w) {
                        *s += w;
                    }
                }
            }
            Table::Compact(c) => c.add(self.mask(), features, scores),
        }
    }

    /// [`scores`](Self::scores) for a table of exactly `N` classes.
    #[inline]
    fn scores_fixed<const N: usize>(&self, features: &[u64], scores: &mut Vec<f32>) {
        let mut sum = [0.0f32; N];
        match &self.table {
            Table::Dense(weights) => {
                for &f in features {
                    let row = self.row(f);
                    if let Some(w) = weights.get(row..row + N) {
                        for (s, w) in sum.iter_mut().zip(w) {
                            *s += w;
                        }
                    }
                }
            }
            Table::Compact(c) => c.add(self.mask(), features, &mut sum),
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
        let weights = self.dense_weights();
        let mut w = Writer::new();
        w.bytes(MAGIC);
        w.u32(VERSION);
        w.u8(self.bits as u8);
        w.u32(self.classes as u32);
        let max = weights.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let stored: Vec<f32> = match precision {
            Precision::F32 => {
                w.u8(0);
                weights.to_vec()
            }
            Precision::I16 => {
                w.u8(1);
                w.f32(scale);
                weights
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

    /// Decodes [`to_bytes`](Self::to_bytes) output, reading from `r`. An f32 table is read
    /// dense, an i16 table compact (see the module docs).
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
        let n = table_size(bits, classes).map_err(|e| r.error(e))?;
        let (precision, scale) = match r.u8()? {
            0 => (Precision::F32, 1.0),
            1 => (Precision::I16, r.f32()?),
            p => return Err(r.error(format!("unknown precision {p}"))),
        };
        let mut dense = match precision {
            Precision::F32 => vec![0.0; n],
            Precision::I16 => Vec::new(),
        };
        let mut live = Vec::new();
        let mut i = 0;
        while i < n {
            let zeros = r.len(n - i)?;
            i += zeros;
            let run = r.len(n - i)?;
            if zeros + run == 0 {
                return Err(r.error("empty run"));
            }
            match precision {
                Precision::F32 => {
                    for slot in &mut dense[i..i + run] {
                        *slot = r.f32()?;
                    }
                }
                Precision::I16 => {
                    let b = r.bytes(2 * run)?;
                    for (k, q) in b.chunks_exact(2).enumerate() {
                        let q = i16::from_le_bytes([q[0], q[1]]);
                        if q != 0 {
                            // n <= MAX_WEIGHTS = 2^28, so every position fits in u32.
                            live.push(((i + k) as u32, q));
                        }
                    }
                }
            }
            i += run;
        }
        let table = match precision {
            Precision::F32 => Table::Dense(dense),
            Precision::I16 => Table::Compact(Compact::new(bits, classes, scale, &live)),
        };
        Ok(Perceptron {
            bits,
            classes,
            table,
        })
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
            stamped: vec![0.0; table_size(bits, classes)?],
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
            let mask = self.model.mask();
            let weights = self.model.dense_mut();
            for &f in features {
                let row = (f & mask) as usize * classes;
                for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                    weights[row + class] += delta;
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
        for (w, u) in model.dense_mut().iter_mut().zip(&self.stamped) {
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

    /// A `classes`-class model trained on random feature lists, and a test set.
    fn random_model(bits: u32, classes: usize) -> (Perceptron, Vec<Vec<u64>>) {
        let mut rng = SplitMix64::new(9);
        let mut t = Trainer::new(bits, classes).unwrap();
        let mut scores = Vec::new();
        let data: Vec<(Vec<u64>, usize)> = (0..400)
            .map(|_| {
                let f = (0..6).map(|_| rng.next_u64() % 700).collect();
                (f, rng.below(classes))
            })
            .collect();
        for (f, y) in &data {
            let guess = t.model().predict(f, &mut scores);
            t.learn(f, *y, guess);
        }
        (t.finish(), data.into_iter().map(|(f, _)| f).collect())
    }

    #[test]
    fn compact_tables_score_like_dense_ones() {
        // 3 classes: whole rows; 40 classes: (class, weight) entries.
        for (bits, classes, sparse) in [(12, 3, false), (9, 40, true)] {
            let (m, test) = random_model(bits, classes);
            let bytes = m.to_bytes(Precision::I16);
            let compact = Perceptron::from_bytes(&bytes).unwrap();
            let Table::Compact(c) = &compact.table else {
                panic!("an i16 table reads compact");
            };
            assert_eq!(matches!(c.rows, Rows::Sparse { .. }), sparse);
            assert_eq!(compact.to_bytes(Precision::I16), bytes);
            let dense = Perceptron::from_bytes(&compact.to_bytes(Precision::F32)).unwrap();
            assert!(matches!(dense.table, Table::Dense(_)));
            assert_eq!(dense, compact);
            // The code path for CPUs without AVX2/POPCNT must score the same.
            let mut portable = compact.clone();
            if let Table::Compact(c) = &mut portable.table {
                c.wide = false;
            }
            let (mut a, mut b, mut p) = (Vec::new(), Vec::new(), Vec::new());
            for f in &test {
                compact.scores(f, &mut a);
                dense.scores(f, &mut b);
                portable.scores(f, &mut p);
                assert_eq!(a.len(), classes);
                assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
                assert!(a.iter().zip(&p).all(|(x, y)| x.to_bits() == y.to_bits()));
                assert!(a.iter().any(|&x| x != 0.0));
            }
        }
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
    fn an_average_scores_the_mean_of_the_scores() {
        let (a, b) = (train(1), train(2));
        let mean = Perceptron::average(&[a.clone(), b.clone()]).unwrap();
        let (mut sa, mut sb, mut sm) = (Vec::new(), Vec::new(), Vec::new());
        for (features, _) in toy(50, 9) {
            a.scores(&features, &mut sa);
            b.scores(&features, &mut sb);
            mean.scores(&features, &mut sm);
            for ((x, y), m) in sa.iter().zip(&sb).zip(&sm) {
                assert!((m - (x + y) / 2.0).abs() < 1e-3, "{m} vs {x} {y}");
            }
        }
        assert_eq!(Perceptron::average(&[a.clone()]), Some(a));
        assert!(Perceptron::average(&[]).is_none());
        let other = Perceptron::new(4, 3).unwrap();
        assert!(Perceptron::average(&[b, other]).is_none());
    }

    #[test]
    fn argmax_prefers_the_lowest_tie() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0]), 1);
        assert_eq!(argmax(&[]), 0);
    }
}
