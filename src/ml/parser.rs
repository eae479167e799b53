//! The dependency parser: greedy transition-based, arc-hybrid system (Kuhlmann, Gómez-Rodríguez
//! and Satta 2011), trained as an averaged perceptron with the dynamic oracle of Goldberg and
//! Nivre (2013), over hashed features in the style of Zhang and Nivre (2011).
//!
//! In: a tokenised sentence (one `&str` per word, tokenised as UD does) with one [`Upos`] and
//! one Penn Treebank tag ([`Xpos`]) per word (from [`PosTagger`]); for training, CoNLL-U
//! [`Sentence`]s with gold heads and relations, and tags either gold or, better, predicted by
//! taggers that did not see the sentence ([`jackknife_tags`]), so that training sees the
//! tagger's errors. Out: one
//! `(head, label)` per word, the head 1-based as in CoNLL-U (0 = root) and the label a full
//! UD relation ("nsubj:pass"); the model as bytes (magic `NGDP`, version, the label list,
//! then two [`Perceptron`] tables quantised to 16 bits).
//!
//! Decisions are factored in two linear models: a 3-class transition model (SHIFT, LEFT,
//! RIGHT) and a relation model that labels each arc when it is made, from the head, the
//! dependent, their children and context. The arc-hybrid system keeps every word on the
//! stack or the buffer headless, so the cost of a transition (gold arcs it makes
//! unreachable) is computed exactly from the stack and buffer; training follows the model's
//! own (possibly wrong) transitions after the first epoch, updating towards the best
//! zero-cost transition. Non-projective training trees are made projective by lifting
//! ([`projectivize`]). Besides words, tags, children, valency, label sets and distance,
//! features include suffixes and shapes, for rare words and wrong tags, and the Penn Treebank
//! tags of the stack and buffer words and of the arc's ends, which tell a past tense from a
//! participle and a gerund where UPOS says `VERB` (auxiliaries, passives, relative clauses). Three parsers are
//! trained side by side with different seeds and their weights averaged ([`ENSEMBLE`]): the
//! scores of the average are the mean of theirs, so it parses like an ensemble at the cost
//! of one parser. With a development set, training keeps the epoch whose average scores
//! best on it.
//! Parsing allocates nothing per token: a [`ParseBuffers`] is reused across sentences.

use crate::error::{Error, Result};
use crate::ml::bin::{Reader, Writer};
use crate::ml::conllu::Sentence;
use crate::ml::hash::{combine, mix, Fnv, SplitMix64};
use crate::ml::perceptron::{Perceptron, Precision, Trainer};
use crate::ml::pos::{PosTagger, TagBuffers, Upos, Xpos};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

const MAGIC: &[u8; 4] = b"NGDP";
const VERSION: u32 = 3;

/// Hash buckets of the transition table, as a power of two.
const ACTION_BITS: u32 = 21;
/// Hash buckets of the relation table, as a power of two.
const LABEL_BITS: u32 = 18;
/// The most relations a model may hold.
const MAX_LABELS: usize = 4096;
/// After the first epoch, the share of steps (in 1/1000) that follow the model's own guess
/// rather than the oracle.
const EXPLORE_PER_MILLE: usize = 900;
/// Parsers trained side by side (each with its own visiting order and exploration) whose
/// weights are averaged into the model (see [`Perceptron::average`]): an ensemble that
/// parses as fast as one parser. EWT dev UAS/LAS with predicted tags, 22 epochs: 84.57/81.27%
/// with one, 84.78/81.47% with three.
const ENSEMBLE: u64 = 3;

/// The seed of ensemble member `j` is the training seed plus `j` times this.
const MEMBER_SEED_STEP: u64 = 0x9e37_79b9;

/// Push the next buffer word onto the stack.
const SHIFT: usize = 0;
/// Attach the stack top to the next buffer word and pop it.
const LEFT: usize = 1;
/// Attach the stack top to the word below it and pop it.
const RIGHT: usize = 2;

/// "No such word" / "no label yet".
const NONE: u32 = u32::MAX;
/// The tag of the artificial root word.
const ROOT_TAG: u64 = 100;
/// The Penn Treebank tag of the artificial root word.
const ROOT_XPOS: u64 = 0x524f_4f54_5850;

/// One word (or the root, index 0) while parsing.
#[derive(Debug, Clone, Copy)]
struct Node {
    word: u64,
    tag: u64,
    /// The hashed Penn Treebank tag ([`Xpos::hash`]).
    xtag: u64,
    /// The word's last three characters, lowercased, and its shape (see [`word_parts`]).
    sfx: u64,
    shape: u64,

    /// `combine(word, tag)`.
    wt: u64,
    head: u32,
    label: u32,
    /// Leftmost and second leftmost left children.
    l1: u32,
    l2: u32,
    /// Rightmost and second rightmost right children.
    r1: u32,
    r2: u32,
    /// Left and right valency.
    nl: u32,
    nr: u32,
    /// Bit sets of the labels of the left and right children.
    lset: u64,
    rset: u64,
}

impl Node {
    fn new(word: u64, tag: u64, xtag: u64) -> Node {
        Node {
            word,
            tag,
            xtag,
            sfx: 0,
            shape: 0,
            wt: combine(word, tag),
            head: NONE,
            label: NONE,
            l1: NONE,
            l2: NONE,
            r1: NONE,
            r2: NONE,
            nl: 0,
            nr: 0,
            lset: 0,
            rset: 0,
        }
    }

    fn add_child(&mut self, me: u32, d: u32, label: u32) {
        let bit = 1u64 << (label % 64);
        if d < me {
            self.nl += 1;
            self.lset |= bit;
            if self.l1 == NONE || d < self.l1 {
                self.l2 = self.l1;
                self.l1 = d;
            } else if self.l2 == NONE || d < self.l2 {
                self.l2 = d;
            }
        } else {
            self.nr += 1;
            self.rset |= bit;
            if self.r1 == NONE || d > self.r1 {
                self.r2 = self.r1;
                self.r1 = d;
            } else if self.r2 == NONE || d > self.r2 {
                self.r2 = d;
            }
        }
    }
}

/// The hashed parts of a position of the configuration (a word or "none").
#[derive(Debug, Clone, Copy)]
struct Slot {
    w: u64,
    t: u64,
    x: u64,
    wt: u64,
    l: u64,
    sfx: u64,
    shape: u64,
}

const EMPTY: Slot = Slot {
    w: 0x4e4f_4e45_0001,
    t: 0x4e4f_4e45_0002,
    x: 0x4e4f_4e45_0007,
    wt: 0x4e4f_4e45_0003,
    l: 0x4e4f_4e45_0004,
    sfx: 0x4e4f_4e45_0005,
    shape: 0x4e4f_4e45_0006,
};

/// A word's hashed parts: its lowercase form, its last three characters lowercased, and a
/// shape class (first letter capitalised, all capitals, holds a digit, holds no letter or
/// digit), which generalise over rare words.
fn word_parts(s: &str) -> (u64, u64, u64) {
    let mut h = Fnv::new();
    s.chars().for_each(|c| h.char_lower(c));
    let mut sfx = Fnv::new();
    let n = s.chars().count();
    s.chars()
        .skip(n.saturating_sub(3))
        .for_each(|c| sfx.char_lower(c));
    let (mut upper, mut letters, mut digit, mut alnum) = (0, 0, false, false);
    for c in s.chars() {
        letters += usize::from(c.is_alphabetic());
        upper += usize::from(c.is_uppercase());
        digit |= c.is_numeric();
        alnum |= c.is_alphanumeric();
    }
    let first_upper = s.chars().next().is_some_and(char::is_uppercase);
    let shape = u64::from(first_upper)
        | u64::from(letters > 1 && upper == letters) << 1
        | u64::from(digit) << 2
        | u64::from(!alnum) << 3;
    (h.value(), sfx.value(), shape)
}

/// Distance between two positions, binned: 1, 2, 3, 4, 5-9, 10+.
fn distance(a: u32, b: u32) -> u64 {
    match a.abs_diff(b) {
        d @ 0..=4 => u64::from(d),
        5..=9 => 5,
        _ => 6,
    }
}

/// Reusable state and scratch space for [`DependencyParser::parse_into`].
#[derive(Debug, Default, Clone)]
pub struct ParseBuffers {
    nodes: Vec<Node>,
    stack: Vec<u32>,
    /// Index of the first buffer word; the buffer is `next..nodes.len()`.
    next: usize,
    features: Vec<u64>,
    scores: Vec<f32>,
    tag_buffers: TagBuffers,
}

impl ParseBuffers {
    fn load<'a>(&mut self, words: impl Iterator<Item = (&'a str, Upos, Xpos)>) {
        self.nodes.clear();
        self.nodes
            .push(Node::new(mix(0x524f_4f54), ROOT_TAG, ROOT_XPOS));
        self.nodes.extend(words.map(|(w, t, x)| {
            let (word, sfx, shape) = word_parts(w);
            Node {
                sfx,
                shape,
                ..Node::new(word, t.index() as u64, x.hash())
            }
        }));
        self.stack.clear();
        self.stack.push(0);
        self.next = 1;
    }

    fn buffer_len(&self) -> usize {
        self.nodes.len() - self.next
    }

    fn terminal(&self) -> bool {
        self.buffer_len() == 0 && self.stack.len() == 1
    }

    fn valid(&self) -> [bool; 3] {
        let buffer = self.buffer_len() > 0;
        let two = self.stack.len() >= 2;
        [buffer, buffer && two, two]
    }

    fn slot(&self, i: u32) -> Slot {
        match self.nodes.get(i as usize) {
            Some(n) if i != NONE => Slot {
                w: n.word,
                t: n.tag,
                x: n.xtag,
                wt: n.wt,
                l: u64::from(n.label),
                sfx: n.sfx,
                shape: n.shape,
            },
            _ => EMPTY,
        }
    }

    fn node(&self, i: u32) -> Option<&Node> {
        if i == NONE {
            None
        } else {
            self.nodes.get(i as usize)
        }
    }

    fn stack_at(&self, depth: usize) -> u32 {
        let n = self.stack.len();
        if depth < n {
            self.stack[n - 1 - depth]
        } else {
            NONE
        }
    }

    fn buffer_at(&self, k: usize) -> u32 {
        let i = self.next + k;
        if i < self.nodes.len() {
            i as u32
        } else {
            NONE
        }
    }

    /// The (head, dependent) of an arc transition, if it is one and is valid.
    fn arc(&self, action: usize) -> Option<(u32, u32)> {
        let s0 = self.stack_at(0);
        match action {
            LEFT if self.stack.len() >= 2 && self.buffer_len() > 0 => Some((self.next as u32, s0)),
            RIGHT if self.stack.len() >= 2 => Some((self.stack_at(1), s0)),
            _ => None,
        }
    }

    /// Applies a valid transition (invalid ones are ignored); arcs get `label`.
    fn apply(&mut self, action: usize, label: u32) {
        if action == SHIFT {
            if self.buffer_len() > 0 {
                self.stack.push(self.next as u32);
                self.next += 1;
            }
            return;
        }
        if let Some((h, d)) = self.arc(action) {
            self.stack.pop();
            self.nodes[d as usize].head = h;
            self.nodes[d as usize].label = label;
            self.nodes[h as usize].add_child(h, d, label);
        }
    }

    /// The cost of each transition: how many gold arcs it makes unreachable (`gold[i]` is
    /// the gold head of word `i`, `gold[0]` is [`NONE`]); `u32::MAX` for invalid ones.
    fn costs(&self, gold: &[u32]) -> [u32; 3] {
        let valid = self.valid();
        let head = |i: u32| gold.get(i as usize).copied().unwrap_or(NONE);
        let buffer = self.next as u32..self.nodes.len() as u32;
        let s0 = self.stack_at(0);
        let mut costs = [u32::MAX; 3];
        if valid[SHIFT] {
            let b = self.next as u32;
            let lost = self
                .stack
                .iter()
                .filter(|&&k| (head(b) == k && k != s0) || head(k) == b)
                .count();
            costs[SHIFT] = lost as u32;
        }
        // Arcs between s0 and the buffer that popping s0 loses (`skip` is a head kept).
        let popped = |skip: u32| {
            buffer
                .clone()
                .filter(|&k| (head(s0) == k && k != skip) || head(k) == s0)
                .count() as u32
        };
        if valid[LEFT] {
            let s1 = self.stack_at(1);
            costs[LEFT] = popped(self.next as u32) + u32::from(head(s0) == s1);
        }
        if valid[RIGHT] {
            costs[RIGHT] = popped(NONE);
        }
        costs
    }

    /// Fills `features` with the transition features of the configuration.
    fn action_features(&mut self) {
        let (s0i, s1i, s2i) = (self.stack_at(0), self.stack_at(1), self.stack_at(2));
        let (b0i, b1i, b2i) = (self.buffer_at(0), self.buffer_at(1), self.buffer_at(2));
        let (s0, s1, s2) = (self.slot(s0i), self.slot(s1i), self.slot(s2i));
        let (b0, b1, b2) = (self.slot(b0i), self.slot(b1i), self.slot(b2i));
        let none = Node::new(0, 0, 0);
        let n_s0 = *self.node(s0i).unwrap_or(&none);
        let n_s1 = *self.node(s1i).unwrap_or(&none);
        let n_b0 = *self.node(b0i).unwrap_or(&none);
        let (s0l1, s0l2) = (self.slot(n_s0.l1), self.slot(n_s0.l2));
        let (s0r1, s0r2) = (self.slot(n_s0.r1), self.slot(n_s0.r2));
        let (s1l1, s1r1, s1r2) = (self.slot(n_s1.l1), self.slot(n_s1.r1), self.slot(n_s1.r2));
        let (b0l1, b0l2) = (self.slot(n_b0.l1), self.slot(n_b0.l2));
        let d = if b0i == NONE || s0i == NONE {
            7
        } else {
            distance(s0i, b0i)
        };
        let d1 = if s1i == NONE { 7 } else { distance(s1i, s0i) };
        let c = combine;
        let out = &mut self.features;
        out.clear();
        let mut k = 0u64;
        let mut f = |v: u64| {
            out.push(combine(k, v));
            k += 1;
        };
        f(0);
        // Single words.
        // Single words (the form, the Penn Treebank tag, the form with the UPOS), then Penn
        // Treebank tag pairs; the UPOS pairs and triples follow.
        for s in [s0, s1, b0, b1] {
            f(s.w);
            f(s.x);
            f(s.wt);
        }
        f(c(s0.x, b0.x));
        f(c(s1.x, s0.x));
        f(c(c(s0.x, b0.x), b1.x));
        f(b2.w);
        f(b2.t);
        f(s2.t);
        f(s2.wt);
        // Word pairs.
        f(c(s0.wt, b0.wt));
        f(c(s0.wt, b0.w));
        f(c(s0.w, b0.wt));
        f(c(s0.wt, b0.t));
        f(c(s0.t, b0.wt));
        f(c(s0.w, b0.w));
        f(c(s0.t, b0.t));
        f(c(b0.t, b1.t));
        f(c(s1.wt, s0.wt));
        f(c(s1.wt, s0.t));
        f(c(s1.t, s0.wt));
        f(c(s1.w, s0.w));
        f(c(s1.t, s0.t));
        f(c(s1.t, b0.t));
        f(c(s1.w, b0.w));
        // Three tags.
        f(c(c(b0.t, b1.t), b2.t));
        f(c(c(s0.t, b0.t), b1.t));
        f(c(c(s1.t, s0.t), b0.t));
        f(c(c(s2.t, s1.t), s0.t));
        f(c(c(s0.t, s0l1.t), b0.t));
        f(c(c(s0.t, s0r1.t), b0.t));
        f(c(c(s0.t, b0.t), b0l1.t));
        f(c(c(s1.t, s1r1.t), s0.t));
        f(c(c(s1.t, s0.t), s0l1.t));
        f(c(c(s1.t, s0.t), s0r1.t));
        f(c(c(s1.t, s1l1.t), s0.t));
        // Distance.
        f(c(s0.w, d));
        f(c(s0.t, d));
        f(c(b0.w, d));
        f(c(b0.t, d));
        f(c(c(s0.w, b0.w), d));
        f(c(c(s0.t, b0.t), d));
        f(c(c(s1.t, s0.t), d1));
        f(c(c(s1.w, s0.w), d1));
        f(c(c(s1.t, s0.t), c(d1, d)));
        // Valency.
        let (s0l, s0r, s1r, b0l) = (
            u64::from(n_s0.nl),
            u64::from(n_s0.nr),
            u64::from(n_s1.nr),
            u64::from(n_b0.nl),
        );
        f(c(s0.w, s0r));
        f(c(s0.t, s0r));
        f(c(s0.w, s0l));
        f(c(s0.t, s0l));
        f(c(b0.w, b0l));
        f(c(b0.t, b0l));
        f(c(s1.t, s1r));
        f(c(s1.w, s1r));
        // Children.
        for s in [s0l1, s0r1, b0l1, s1r1] {
            f(s.w);
            f(s.t);
            f(s.l);
        }
        for s in [s0l2, s0r2, b0l2, s1r2] {
            f(s.t);
            f(s.l);
        }
        f(s1l1.t);
        f(s1l1.l);
        f(c(c(s0.t, s0l1.t), s0l2.t));
        f(c(c(s0.t, s0r1.t), s0r2.t));
        f(c(c(b0.t, b0l1.t), b0l2.t));
        f(c(c(s1.t, s1r1.t), s1r2.t));
        f(c(s0.t, s0r1.l));
        f(c(s0.t, s0l1.l));
        f(c(b0.t, b0l1.l));
        f(c(c(s0.t, s0l1.l), b0.t));
        f(c(c(s1.t, s1r1.l), s0.t));
        // Label sets.
        f(c(s0.w, n_s0.rset));
        f(c(s0.t, n_s0.rset));
        f(c(s0.w, n_s0.lset));
        f(c(s0.t, n_s0.lset));
        f(c(b0.w, n_b0.lset));
        f(c(b0.t, n_b0.lset));
        f(c(s1.t, n_s1.rset));
        f(c(c(s0.t, n_s0.lset), c(b0.t, n_b0.lset)));
        // Suffixes and shapes, for rare words and wrong tags.
        for s in [s0, b0, b1] {
            f(c(s.sfx, s.t));
            f(c(s.shape, s.t));
        }
        f(c(s1.sfx, s1.t));
        f(c(s0.sfx, b0.sfx));
        f(c(c(s0.t, b0.t), c(s0.shape, b0.shape)));
        f(c(b0.w, b1.w));
        f(c(b0.wt, b1.t));
        // Third-order words.
        f(s0l2.w);
        f(s0r2.w);
        f(b0l2.w);
        // Valency with the pair.
        f(c(c(s0.t, b0.t), c(s0l, s0r)));
        f(c(c(s0.t, b0.t), b0l));
        f(c(s1.t, u64::from(n_s1.nl)));
        // Distance with a word.
        f(c(c(s0.wt, b0.t), d));
        f(c(c(s0.t, b0.wt), d));
    }

    /// Fills `features` with the relation features of an arc from `h` to `d`.
    fn label_features(&mut self, h: u32, d: u32) {
        let (hs, ds) = (self.slot(h), self.slot(d));
        let none = Node::new(0, 0, 0);
        let hn = *self.node(h).unwrap_or(&none);
        let dn = *self.node(d).unwrap_or(&none);
        let dir = u64::from(d < h);
        let dist = distance(h, d);
        let (dl1, dl2, dr1, dr2) = (
            self.slot(dn.l1),
            self.slot(dn.l2),
            self.slot(dn.r1),
            self.slot(dn.r2),
        );
        // The head's child nearest to the dependent, on the dependent's side.
        let (hnear, hset) = if d < h {
            (self.slot(hn.l1), hn.lset)
        } else {
            (self.slot(hn.r1), hn.rset)
        };
        let before = |i: u32| i.checked_sub(1).map_or(EMPTY, |j| self.slot(j));
        let (dprev, dnext, hprev, hnext) = (
            before(d),
            self.slot(d.saturating_add(1)),
            before(h),
            self.slot(h.saturating_add(1)),
        );
        let c = combine;
        let out = &mut self.features;
        out.clear();
        let mut k = 1000u64;
        let mut f = |v: u64| {
            out.push(combine(k, c(dir, v)));
            k += 1;
        };
        f(0);
        f(ds.w);
        f(ds.x);
        f(ds.wt);
        f(hs.w);
        f(hs.x);
        f(hs.wt);
        f(c(ds.x, hs.x));
        f(c(ds.w, hs.x));
        f(c(ds.x, hs.w));
        f(c(ds.t, hs.t));
        f(c(ds.wt, hs.t));
        f(c(ds.t, hs.wt));
        f(c(ds.w, hs.w));
        f(c(ds.wt, hs.wt));
        f(c(c(ds.t, hs.t), dist));
        f(c(ds.w, dist));
        for s in [dl1, dr1] {
            f(c(ds.t, s.w));
            f(c(ds.t, s.t));
            f(c(ds.t, s.l));
            f(c(c(ds.t, s.w), hs.t));
            f(c(s.l, hs.t));
        }
        f(c(ds.t, dl2.l));
        f(c(ds.t, dr2.l));
        f(c(ds.t, dn.lset));
        f(c(ds.t, dn.rset));
        f(c(c(ds.t, dn.lset), hs.t));
        f(c(c(ds.t, dn.rset), hs.t));
        f(c(dn.lset, dn.rset));
        f(c(hs.t, hset));
        f(c(c(hs.t, hset), ds.t));
        f(c(hs.w, hset));
        f(c(c(hs.t, ds.t), hnear.l));
        f(c(hnear.l, hnear.w));
        f(c(hs.t, hn.lset | hn.rset));
        f(c(c(hs.t, hn.lset | hn.rset), ds.t));
        f(c(ds.t, dprev.t));
        f(c(ds.t, dnext.t));
        f(c(hs.t, hprev.t));
        f(c(hs.t, hnext.t));
        f(c(c(ds.t, dprev.t), hs.t));
        f(c(c(ds.t, dnext.t), hs.t));
        f(c(ds.wt, dnext.w));
        f(c(ds.wt, dprev.w));
        f(c(hs.wt, hnext.w));
        f(c(hs.wt, hprev.w));
        f(c(u64::from(d == 1), ds.t));
        f(c(u64::from(d as usize + 1 == self.nodes.len()), ds.t));
        f(c(ds.sfx, ds.t));
        f(c(c(ds.sfx, ds.t), hs.t));
        f(c(ds.shape, ds.t));
        f(c(c(ds.shape, hs.shape), c(ds.t, hs.t)));
        f(c(hs.sfx, hs.t));
        f(c(c(ds.w, hs.t), dist));
    }
}

/// The best valid transition by score.
fn best_action(scores: &[f32], ok: impl Fn(usize) -> bool) -> Option<usize> {
    (0..3)
        .filter(|&a| ok(a))
        .fold(None, |best: Option<usize>, a| match best {
            Some(b) if scores[b] >= scores[a] => Some(b),
            _ => Some(a),
        })
}

/// Attachment scores and speed of a parser on a test set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParseScore {
    /// Words scored (punctuation included).
    pub tokens: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and the right relation (full UD label).
    pub labelled: usize,
    /// Time spent parsing (tagging excluded), in seconds.
    pub seconds: f64,
}

impl ParseScore {
    fn share(&self, n: usize) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            n as f64 / self.tokens as f64
        }
    }

    /// Unlabelled attachment score.
    pub fn uas(&self) -> f64 {
        self.share(self.heads)
    }

    /// Labelled attachment score.
    pub fn las(&self) -> f64 {
        self.share(self.labelled)
    }

    /// Parsing speed.
    pub fn tokens_per_second(&self) -> f64 {
        self.tokens as f64 / self.seconds.max(1e-9)
    }
}

/// Whether a sentence's gold tree is projective (no two arcs cross; the root arc counts).
pub fn is_projective(sentence: &Sentence) -> bool {
    let arcs: Vec<(usize, usize)> = sentence
        .tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.head.min(i + 1), t.head.max(i + 1)))
        .collect();
    arcs.iter().all(|&(a, b)| {
        arcs.iter()
            .all(|&(c, d)| !((a < c && c < b && b < d) || (c < a && a < d && d < b)))
    })
}

/// The tags the parser reads for one sentence: a UPOS and a Penn Treebank tag per word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceTags {
    /// One UPOS per word.
    pub upos: Vec<Upos>,
    /// One Penn Treebank tag per word.
    pub xpos: Vec<Xpos>,
}

impl SentenceTags {
    /// Whether there is one tag of each kind for each of `n` words.
    fn fits(&self, n: usize) -> bool {
        self.upos.len() == n && self.xpos.len() == n
    }
}

/// The gold tags of a sentence (`X` for tags that are not UPOS).
fn gold_tags(s: &Sentence) -> SentenceTags {
    SentenceTags {
        upos: s
            .tokens
            .iter()
            .map(|t| Upos::parse(&t.upos).unwrap_or(Upos::X))
            .collect(),
        xpos: s.tokens.iter().map(|t| Xpos::new(&t.xpos)).collect(),
    }
}

/// Makes a tree projective by lifting (Nivre and Nilsson 2005): while some arc is not
/// projective, the shortest such arc's dependent is reattached to its head's head. Labels
/// are kept. `heads[i]` is the head of word `i` (1-based, 0 = root, `heads[0]` unused);
/// heads out of range or cycles leave the tree as it is.
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len();
    let head = |heads: &[u32], i: usize| heads.get(i).map(|&h| h as usize).filter(|&h| h < n);
    // Whether `h` dominates `k`, following at most `n` heads.
    let dominates = |heads: &[u32], h: usize, mut k: usize| {
        for _ in 0..n {
            if k == h {
                return true;
            }
            match head(heads, k) {
                Some(next) if k != 0 => k = next,
                _ => return false,
            }
        }
        false
    };
    // Each lift moves a dependent one step up a finite tree: at most n * n of them.
    for _ in 0..n * n {
        let mut shortest: Option<(usize, usize)> = None;
        for d in 1..n {
            let Some(h) = head(heads, d) else {
                return;
            };
            let (a, b) = (h.min(d), h.max(d));
            let crossed = (a + 1..b).any(|k| !dominates(heads, h, k));
            if crossed && shortest.map_or(true, |(len, _)| b - a < len) {
                shortest = Some((b - a, d));
            }
        }
        let Some((_, d)) = shortest else {
            return;
        };
        match head(heads, heads[d] as usize) {
            Some(up) if heads[d] != 0 => heads[d] = up as u32,
            _ => return,
        }
    }
}

/// Where the tags of the sentences scored come from.
#[derive(Debug, Clone, Copy)]
enum Tags<'a> {
    Gold,
    Tagger(&'a PosTagger),
    Given(&'a [SentenceTags]),
}

/// How [`DependencyParser::train_with`] trains, besides the sentences.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions<'a> {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the visiting order and of the exploration.
    pub seed: u64,
    /// The tags to train with, one per training sentence (e.g. jackknifed tagger output,
    /// see [`jackknife_tags`]); gold tags when `None` or where tags are missing or of the
    /// wrong length.
    pub tags: Option<&'a [SentenceTags]>,
    /// A development set and the tags to parse it with, to pick the best epoch.
    pub dev: Option<(&'a [Sentence], &'a [SentenceTags])>,
}

/// What [`DependencyParser::train_with`] returns.
#[derive(Debug, Clone)]
pub struct TrainedParser {
    /// The model kept.
    pub parser: DependencyParser,
    /// The development-set score after each epoch (empty without a development set).
    pub dev_scores: Vec<ParseScore>,
    /// The epoch (1-based) whose model was kept.
    pub best_epoch: usize,
}

/// Tags every sentence with a tagger that did not see it: the sentences are dealt into
/// `folds` folds (sentence `i` into fold `i % folds`), a [`PosTagger`] is trained on all
/// folds but one with `epochs` and `seed`, and tags the fold left out. With fewer than two
/// folds (or sentences), the gold tags are returned. Deterministic.
pub fn jackknife_tags(
    sentences: &[Sentence],
    folds: usize,
    epochs: usize,
    seed: u64,
) -> Vec<SentenceTags> {
    let mut out: Vec<SentenceTags> = sentences.iter().map(gold_tags).collect();
    if folds < 2 || sentences.len() < 2 {
        return out;
    }
    let mut words = Vec::new();
    let mut buffers = TagBuffers::default();
    for fold in 0..folds {
        let train: Vec<Sentence> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let tagger = PosTagger::train(&train, epochs, seed);
        for (i, s) in sentences.iter().enumerate().skip(fold).step_by(folds) {
            words.clear();
            words.extend(s.tokens.iter().map(|t| t.form.as_str()));
            let tags = &mut out[i];
            tagger.tag_both_into(&words, &mut buffers, &mut tags.upos, &mut tags.xpos);
        }
    }
    out
}

/// A training sentence: its index, tags, gold heads (lifted) and relation classes.
type TrainSentence = (usize, SentenceTags, Vec<u32>, Vec<u32>);

/// One member of the ensemble being trained: its tables, visiting order and generator.
struct Member {
    actions: Trainer,
    labeller: Trainer,
    order: Vec<usize>,
    rng: SplitMix64,
    buf: ParseBuffers,
}

impl Member {
    /// Member `j` of an ensemble trained on `sentences` sentences with `labels` relations.
    fn new(sentences: usize, labels: usize, seed: u64, j: u64) -> Member {
        // The bit counts are constants and the label count is capped: within the limits.
        let (Ok(actions), Ok(labeller)) = (
            Trainer::new(ACTION_BITS, 3),
            Trainer::new(LABEL_BITS, labels.max(1)),
        ) else {
            unreachable!("constant table sizes are valid")
        };
        Member {
            actions,
            labeller,
            order: (0..sentences).collect(),
            rng: SplitMix64::new(seed.wrapping_add(j.wrapping_mul(MEMBER_SEED_STEP))),
            buf: ParseBuffers::default(),
        }
    }

    /// One pass over `data` (sentence texts in `sentences`) in a freshly shuffled order,
    /// exploring from the second epoch (`epoch` counts from 0).
    fn epoch(&mut self, sentences: &[Sentence], data: &[TrainSentence], root: u32, epoch: usize) {
        let Member {
            actions,
            labeller,
            order,
            rng,
            buf,
        } = self;
        rng.shuffle(order);
        for &s in order.iter() {
            let (i, tags, gold, rels) = &data[s];
            let words = sentences[*i].tokens.iter().map(|t| t.form.as_str());
            let both = tags.upos.iter().zip(&tags.xpos);
            buf.load(words.zip(both).map(|(w, (&u, &x))| (w, u, x)));
            while !buf.terminal() {
                let costs = buf.costs(gold);
                buf.action_features();
                actions.model().scores(&buf.features, &mut buf.scores);
                let valid = |a: usize| costs[a] != u32::MAX;
                let Some(guess) = best_action(&buf.scores, valid) else {
                    break;
                };
                let min = costs.iter().copied().min().unwrap_or(0);
                let truth = best_action(&buf.scores, |a| costs[a] == min).unwrap_or(guess);
                actions.learn(&buf.features, truth, guess);
                let explore = epoch > 0 && rng.below(1000) < EXPLORE_PER_MILLE;
                let action = if explore { guess } else { truth };
                let mut label = NONE;
                if let Some((h, d)) = buf.arc(action) {
                    buf.label_features(h, d);
                    label = pick_label(labeller.model(), root, h, &buf.features, &mut buf.scores);
                    if gold[d as usize] == h {
                        let want = rels[d as usize];
                        labeller.learn(&buf.features, want as usize, label as usize);
                    }
                }
                buf.apply(action, label);
            }
        }
    }
}

/// A trained dependency parser.
#[derive(Debug, Clone)]
pub struct DependencyParser {
    actions: Perceptron,
    labeller: Perceptron,
    /// The relations, sorted; class `i` of the labeller is `labels[i]`.
    labels: Vec<Box<str>>,
    /// The class of "root", [`NONE`] if absent.
    root: u32,
}

impl DependencyParser {
    /// Trains with gold UPOS for `epochs` passes (see [`train_with`](Self::train_with));
    /// the same inputs give the same bytes.
    pub fn train(sentences: &[Sentence], epochs: usize, seed: u64) -> DependencyParser {
        DependencyParser::train_with(
            sentences,
            &TrainOptions {
                epochs,
                seed,
                tags: None,
                dev: None,
            },
        )
        .parser
    }

    /// Trains [`ENSEMBLE`] parsers on `sentences` for `options.epochs` passes, each visiting
    /// sentences in an order shuffled by a generator seeded from `options.seed`, which also
    /// picks when to explore, and averages their weights.
    /// Non-projective trees are made projective first ([`projectivize`]). With a
    /// development set, the averaged model is scored on it after every epoch and the epoch
    /// with the best LAS is kept. The same inputs give the same bytes.
    pub fn train_with(sentences: &[Sentence], options: &TrainOptions<'_>) -> TrainedParser {
        let names: BTreeMap<&str, u32> = sentences
            .iter()
            .flat_map(|s| s.tokens.iter().map(|t| t.deprel.as_str()))
            .map(|l| (l, 0))
            .collect();
        let labels: Vec<Box<str>> = names.keys().take(MAX_LABELS).map(|&l| l.into()).collect();
        let index = |l: &str| {
            labels
                .binary_search_by(|x| (**x).cmp(l))
                .map_or(NONE, |i| i as u32)
        };
        let root = index("root");
        let given = |i: usize| {
            options
                .tags
                .and_then(|t| t.get(i))
                .filter(|t| t.fits(sentences[i].tokens.len()))
        };
        let data: Vec<TrainSentence> = sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.tokens.is_empty())
            .map(|(i, s)| {
                let tags = match given(i) {
                    Some(t) => t.clone(),
                    None => gold_tags(s),
                };
                let mut heads: Vec<u32> = std::iter::once(NONE)
                    .chain(s.tokens.iter().map(|t| t.head as u32))
                    .collect();
                projectivize(&mut heads);
                let rels = std::iter::once(NONE)
                    .chain(s.tokens.iter().map(|t| index(&t.deprel)))
                    .collect();
                (i, tags, heads, rels)
            })
            .collect();
        let mut members: Vec<Member> = (0..ENSEMBLE)
            .map(|j| Member::new(data.len(), labels.len(), options.seed, j))
            .collect();
        // The average of the members' averaged tables (all of one shape, so never `None`).
        let average = |members: &[Member]| -> DependencyParser {
            let average = |table: fn(&Member) -> &Trainer| {
                let models: Vec<Perceptron> =
                    members.iter().map(|m| table(m).clone().finish()).collect();
                let Some(model) = Perceptron::average(&models) else {
                    unreachable!("members share their table shapes")
                };
                model
            };
            DependencyParser {
                actions: average(|m| &m.actions),
                labeller: average(|m| &m.labeller),
                labels: labels.clone(),
                root,
            }
        };
        let mut dev_scores = Vec::new();
        let mut best: Option<(f64, usize, DependencyParser)> = None;
        for epoch in 0..options.epochs {
            // Members are independent: trained in parallel, the result is the same.
            std::thread::scope(|scope| {
                for member in &mut members {
                    let data = &data;
                    scope.spawn(move || member.epoch(sentences, data, root, epoch));
                }
            });
            if let Some((dev, dev_tags)) = options.dev {
                let parser = average(&members);
                let score = parser.score(dev, Tags::Given(dev_tags));
                dev_scores.push(score);
                if best.as_ref().map_or(true, |b| score.las() > b.0) {
                    best = Some((score.las(), epoch + 1, parser));
                }
            }
        }
        match best {
            Some((_, best_epoch, parser)) => TrainedParser {
                parser,
                dev_scores,
                best_epoch,
            },
            None => TrainedParser {
                parser: average(&members),
                dev_scores,
                best_epoch: options.epochs,
            },
        }
    }

    /// The relations the parser can assign, sorted.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| &**l)
    }

    /// Parses one sentence with its UPOS `tags` and Penn Treebank tags `xpos`: for word
    /// `i`, its head (1-based, 0 = root) and relation. Words without a tag (when `tags` or
    /// `xpos` is shorter) are read as `X` and [`Xpos::UNKNOWN`].
    pub fn parse(&self, words: &[&str], tags: &[Upos], xpos: &[Xpos]) -> Vec<(usize, &str)> {
        let mut out = Vec::with_capacity(words.len());
        self.parse_into(words, tags, xpos, &mut ParseBuffers::default(), &mut out);
        out
    }

    /// [`parse`](Self::parse) into `out` (cleared first), reusing `buffers`.
    pub fn parse_into<'a>(
        &'a self,
        words: &[&str],
        tags: &[Upos],
        xpos: &[Xpos],
        buffers: &mut ParseBuffers,
        out: &mut Vec<(usize, &'a str)>,
    ) {
        out.clear();
        buffers.load(words.iter().enumerate().map(|(i, w)| {
            let tag = tags.get(i).copied().unwrap_or(Upos::X);
            (*w, tag, xpos.get(i).copied().unwrap_or(Xpos::UNKNOWN))
        }));
        let buf = buffers;
        while !buf.terminal() {
            let valid = buf.valid();
            let action = match valid {
                // One valid transition: no score can change the choice, so none is computed.
                [true, false, false] => SHIFT,
                [false, false, true] => RIGHT,
                _ => {
                    buf.action_features();
                    self.actions.scores(&buf.features, &mut buf.scores);
                    let Some(action) = best_action(&buf.scores, |a| valid[a]) else {
                        break;
                    };
                    action
                }
            };
            let mut label = NONE;
            if let Some((h, d)) = buf.arc(action) {
                // An arc from the root is "root" whatever its features (see `pick_label`).
                label = if h == 0 && self.root != NONE {
                    self.root
                } else {
                    buf.label_features(h, d);
                    pick_label(&self.labeller, self.root, h, &buf.features, &mut buf.scores)
                };
            }
            buf.apply(action, label);
        }
        out.extend(buf.nodes.iter().skip(1).map(|n| {
            let label = self.labels.get(n.label as usize).map_or("dep", |l| &**l);
            (if n.head == NONE { 0 } else { n.head as usize }, label)
        }));
    }

    /// Tags every sentence with `tagger`, parses it with the predicted tags and compares
    /// with the gold tree.
    pub fn evaluate(&self, sentences: &[Sentence], tagger: &PosTagger) -> ParseScore {
        self.score(sentences, Tags::Tagger(tagger))
    }

    /// Parses every sentence with the given tags (`tags[i]` for sentence `i`; gold tags
    /// where they are missing or of the wrong length) and compares with the gold tree.
    pub fn evaluate_with_tags(&self, sentences: &[Sentence], tags: &[SentenceTags]) -> ParseScore {
        self.score(sentences, Tags::Given(tags))
    }

    /// Parses every sentence with its gold tags and compares with the gold tree.
    pub fn evaluate_gold_tags(&self, sentences: &[Sentence]) -> ParseScore {
        self.score(sentences, Tags::Gold)
    }

    fn score(&self, sentences: &[Sentence], source: Tags<'_>) -> ParseScore {
        let mut buffers = ParseBuffers::default();
        let (mut words, mut tags, mut out) = (Vec::new(), SentenceTags::default(), Vec::new());
        let mut score = ParseScore {
            tokens: 0,
            heads: 0,
            labelled: 0,
            seconds: 0.0,
        };
        for (i, s) in sentences.iter().enumerate() {
            words.clear();
            words.extend(s.tokens.iter().map(|t| t.form.as_str()));
            match source {
                Tags::Tagger(t) => {
                    let tag_buffers = &mut buffers.tag_buffers;
                    t.tag_both_into(&words, tag_buffers, &mut tags.upos, &mut tags.xpos);
                }
                Tags::Given(given) if given.get(i).is_some_and(|t| t.fits(words.len())) => {
                    tags.clone_from(&given[i]);
                }
                _ => tags = gold_tags(s),
            }
            let start = Instant::now();
            self.parse_into(&words, &tags.upos, &tags.xpos, &mut buffers, &mut out);
            score.seconds += start.elapsed().as_secs_f64();
            for ((head, label), t) in out.iter().zip(&s.tokens) {
                score.tokens += 1;
                if *head == t.head {
                    score.heads += 1;
                    score.labelled += usize::from(*label == t.deprel);
                }
            }
        }
        score
    }

    /// The model as bytes (weights quantised to 16 bits).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.bytes(MAGIC);
        w.u32(VERSION);
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        w.bytes(&self.actions.to_bytes(Precision::I16));
        w.bytes(&self.labeller.to_bytes(Precision::I16));
        w.buf
    }

    /// Reads a model written by [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<DependencyParser> {
        let mut r = Reader::new(bytes, "<parser model>");
        if r.bytes(4)? != MAGIC {
            return Err(r.error("not a parser model"));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(r.error(format!(
                "version {version}, expected {VERSION} (retrain with `newsgraph train parser`)"
            )));
        }
        let n = r.len(MAX_LABELS)?;
        let mut labels: Vec<Box<str>> = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(r.str()?.into());
        }
        if labels.windows(2).any(|p| p[0] >= p[1]) {
            return Err(r.error("labels not sorted"));
        }
        let actions = Perceptron::read(&mut r)?;
        let labeller = Perceptron::read(&mut r)?;
        if actions.classes() != 3 || labeller.classes() != n.max(1) || !r.is_empty() {
            return Err(r.error("tables do not fit the transitions and labels"));
        }
        let root = labels
            .binary_search_by(|x| (**x).cmp("root"))
            .map_or(NONE, |i| i as u32);
        Ok(DependencyParser {
            actions,
            labeller,
            labels,
            root,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<DependencyParser> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        DependencyParser::from_bytes(&bytes).map_err(|e| match e {
            Error::Format { message, .. } => Error::Format {
                path: path.to_path_buf(),
                message,
            },
            other => other,
        })
    }
}

/// The best relation for an arc headed by `h`: "root" exactly when `h` is the root.
fn pick_label(
    model: &Perceptron,
    root: u32,
    h: u32,
    features: &[u64],
    scores: &mut Vec<f32>,
) -> u32 {
    if h == 0 && root != NONE {
        return root;
    }
    model.scores(features, scores);
    let mut best = NONE;
    for (i, &s) in scores.iter().enumerate() {
        let i = i as u32;
        if i != root && (best == NONE || s > scores[best as usize]) {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::conllu;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn slice() -> Vec<Sentence> {
        conllu::read_file(&root().join("tests/data/ewt-slice.conllu")).unwrap()
    }

    /// A configuration over `n` words with no tags that matter.
    fn start(n: usize) -> ParseBuffers {
        let mut b = ParseBuffers::default();
        b.load((0..n).map(|_| ("w", Upos::Noun, Xpos::UNKNOWN)));
        b
    }

    fn gold_heads(heads: &[u32]) -> Vec<u32> {
        std::iter::once(NONE).chain(heads.iter().copied()).collect()
    }

    fn correct(b: &ParseBuffers, gold: &[u32]) -> u32 {
        (1..b.nodes.len())
            .filter(|&i| b.nodes[i].head != NONE && b.nodes[i].head == gold[i])
            .count() as u32
    }

    type Memo = std::collections::HashMap<(Vec<u32>, usize, Vec<u32>), u32>;

    /// The most gold arcs any transition sequence from `b` ends with (exhaustive search).
    fn best(b: &ParseBuffers, gold: &[u32], memo: &mut Memo) -> u32 {
        if b.terminal() {
            return correct(b, gold);
        }
        let key = (
            b.stack.clone(),
            b.next,
            b.nodes.iter().map(|n| n.head).collect(),
        );
        if let Some(&v) = memo.get(&key) {
            return v;
        }
        let valid = b.valid();
        let v = (0..3)
            .filter(|&a| valid[a])
            .map(|a| {
                let mut next = b.clone();
                next.apply(a, 0);
                best(&next, gold, memo)
            })
            .max()
            .unwrap_or(0);
        memo.insert(key, v);
        v
    }

    /// Checks the oracle's costs against exhaustive search in every configuration reachable
    /// from the start, for the tree `heads` (1-based, 0 = root).
    fn check_oracle(heads: &[u32]) {
        let gold = gold_heads(heads);
        let mut pending = vec![start(heads.len())];
        let mut seen = 0;
        let memo = &mut Memo::new();
        let mut visited = std::collections::HashSet::new();
        while let Some(b) = pending.pop() {
            let key = (
                b.stack.clone(),
                b.next,
                b.nodes.iter().map(|n| n.head).collect::<Vec<_>>(),
            );
            if b.terminal() || !visited.insert(key) {
                continue;
            }
            seen += 1;
            let here = best(&b, &gold, memo);
            let costs = b.costs(&gold);
            let valid = b.valid();
            assert!(costs.contains(&0), "no zero-cost transition for {heads:?}");
            for a in 0..3 {
                if !valid[a] {
                    assert_eq!(costs[a], u32::MAX);
                    continue;
                }
                let mut next = b.clone();
                next.apply(a, 0);
                let after = best(&next, &gold, memo);
                assert_eq!(costs[a], here - after, "transition {a} in {heads:?}");
                pending.push(next);
            }
            // Following zero-cost transitions loses nothing more than what is already lost.
            let mut follow = b.clone();
            while !follow.terminal() {
                let c = follow.costs(&gold);
                let a = (0..3).find(|&a| c[a] == 0).unwrap();
                follow.apply(a, 0);
            }
            assert_eq!(correct(&follow, &gold), here);
        }
        assert!(seen > 10);
    }

    #[test]
    fn oracle_costs_match_exhaustive_search() {
        // "The cat sat on the mat ." and other small projective shapes.
        check_oracle(&[2, 3, 0, 6, 6, 3, 3]);
        check_oracle(&[0, 1, 2, 3, 4]);
        check_oracle(&[5, 5, 5, 5, 0]);
        check_oracle(&[2, 0, 4, 2, 4, 2]);
    }

    /// The static arc-hybrid oracle, to replay a gold tree.
    fn static_oracle(b: &ParseBuffers, gold: &[u32]) -> usize {
        let s0 = b.stack_at(0);
        let done = |d: u32| (b.next..b.nodes.len()).all(|k| gold[k] != d);
        if b.stack.len() >= 2 && b.buffer_len() > 0 && gold[s0 as usize] == b.next as u32 {
            LEFT
        } else if b.stack.len() >= 2 && gold[s0 as usize] == b.stack_at(1) && done(s0) {
            RIGHT
        } else {
            SHIFT
        }
    }

    #[test]
    fn gold_sequences_cost_nothing() {
        let mut trees = 0;
        for s in slice().iter().filter(|s| is_projective(s)) {
            let heads: Vec<u32> = s.tokens.iter().map(|t| t.head as u32).collect();
            let gold = gold_heads(&heads);
            let mut b = start(heads.len());
            while !b.terminal() {
                let a = static_oracle(&b, &gold);
                assert_eq!(b.costs(&gold)[a], 0);
                b.apply(a, 0);
            }
            assert_eq!(correct(&b, &gold) as usize, heads.len());
            trees += 1;
        }
        assert!(trees > 50);
    }

    fn sentence(heads: &[usize]) -> Sentence {
        let text: String = heads
            .iter()
            .enumerate()
            .map(|(i, h)| format!("{}\tw\tw\tX\tX\t_\t{h}\tdep\t_\t_\n", i + 1))
            .collect();
        conllu::parse(&text, Path::new("t")).unwrap().remove(0)
    }

    #[test]
    fn projectivity() {
        assert!(is_projective(&sentence(&[2, 0, 2])));
        assert!(!is_projective(&sentence(&[3, 4, 0, 3])));
        // The root arc counts: word 1 headed by 3 spans over the root word 2.
        assert!(!is_projective(&sentence(&[3, 0, 2])));
    }

    /// Lifts the tree `heads` (1-based, 0 = root) and compares with `expected`.
    fn check_lift(heads: &[u32], expected: &[u32]) {
        let mut all = gold_heads(heads);
        projectivize(&mut all);
        assert_eq!(&all[1..], expected, "lifting {heads:?}");
        let lifted: Vec<usize> = expected.iter().map(|&h| h as usize).collect();
        assert!(is_projective(&sentence(&lifted)), "{expected:?}");
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // Already projective: unchanged.
        check_lift(&[2, 0, 2], &[2, 0, 2]);
        check_lift(&[2, 3, 0, 6, 6, 3, 3], &[2, 3, 0, 6, 6, 3, 3]);
        // 1 <- 3 crosses 2 -> 4: the shorter arc (2 -> 4 spans 3, not its descendant)
        // is lifted onto 2's head.
        check_lift(&[3, 4, 0, 3], &[3, 3, 0, 3]);
        // Word 1 headed by 3 spans the root word 2: lifted onto the root word.
        check_lift(&[3, 0, 2], &[2, 0, 2]);
        // Bad heads leave the tree as it is.
        let mut bad = gold_heads(&[9, 0]);
        projectivize(&mut bad);
        assert_eq!(bad, gold_heads(&[9, 0]));
    }

    #[test]
    fn jackknifed_tags_come_from_other_folds() {
        let data = slice();
        let tags = jackknife_tags(&data, 3, 2, 1);
        assert_eq!(tags, jackknife_tags(&data, 3, 2, 1));
        assert_eq!(tags.len(), data.len());
        assert!(tags.iter().zip(&data).all(|(t, s)| t.fits(s.tokens.len())));
        let gold: Vec<SentenceTags> = data.iter().map(gold_tags).collect();
        assert_ne!(tags, gold);
        // Most tags are still right, and sentence 0 gets what a tagger trained without
        // fold 0 says.
        let (right, all) = tags
            .iter()
            .flat_map(|t| &t.upos)
            .zip(gold.iter().flat_map(|t| &t.upos))
            .fold((0, 0), |(r, a), (t, g)| (r + usize::from(t == g), a + 1));
        assert!(right * 10 > all * 7, "{right} / {all}");
        let others: Vec<Sentence> = (data.iter().enumerate())
            .filter(|(i, _)| i % 3 != 0)
            .map(|(_, s)| s.clone())
            .collect();
        let words: Vec<&str> = data[0].tokens.iter().map(|t| t.form.as_str()).collect();
        let tagger = PosTagger::train(&others, 2, 1);
        assert_eq!(tags[0].upos, tagger.tag(&words));
        assert_eq!(tags[0].xpos, tagger.tag_xpos(&words));
        // Fewer than two folds: gold.
        assert_eq!(jackknife_tags(&data, 1, 2, 1), gold);
    }

    #[test]
    fn the_best_epoch_on_dev_is_kept() {
        let data = slice();
        let (train, dev) = data.split_at(data.len() * 3 / 4);
        let dev_tags: Vec<SentenceTags> = dev.iter().map(gold_tags).collect();
        let options = TrainOptions {
            epochs: 4,
            seed: 3,
            tags: None,
            dev: Some((dev, &dev_tags)),
        };
        let trained = DependencyParser::train_with(train, &options);
        assert_eq!(trained.dev_scores.len(), 4);
        let best = trained.dev_scores[trained.best_epoch - 1];
        assert!(trained.dev_scores.iter().all(|s| s.las() <= best.las()));
        let again = trained.parser.evaluate_with_tags(dev, &dev_tags);
        assert_eq!((again.heads, again.labelled), (best.heads, best.labelled));
        // Without a development set, the last epoch's model.
        let last = DependencyParser::train_with(
            train,
            &TrainOptions {
                dev: None,
                ..options
            },
        );
        assert_eq!(last.best_epoch, 4);
        assert!(last.dev_scores.is_empty());
    }

    #[test]
    fn training_twice_gives_the_same_bytes() {
        let data = slice();
        let a = DependencyParser::train(&data, 2, 7).to_bytes();
        let b = DependencyParser::train(&data, 2, 7).to_bytes();
        assert_eq!(a, b);
        assert_ne!(a, DependencyParser::train(&data, 2, 8).to_bytes());
        let loaded = DependencyParser::from_bytes(&a).unwrap();
        assert_eq!(loaded.to_bytes(), a);
    }

    #[test]
    fn a_tiny_model_learns_its_training_data() {
        let data = slice();
        let parser = DependencyParser::train(&data, 8, 1);
        let score = parser.evaluate_gold_tags(&data);
        assert!(score.uas() > 0.9, "{score:?}");
        assert!(score.las() > 0.85, "{score:?}");
        // Every word gets a head inside the sentence.
        let words = ["a", "b", "c"];
        let arcs = parser.parse(&words, &[Upos::Det], &[]);
        assert_eq!(arcs.len(), 3);
        assert!(arcs.iter().all(|&(h, _)| h <= 3));
        assert!(parser.parse(&[], &[], &[]).is_empty());
    }

    #[test]
    fn bad_model_bytes_are_errors() {
        assert!(DependencyParser::from_bytes(b"").is_err());
        assert!(DependencyParser::from_bytes(b"NGDP\x03\0\0\0").is_err());
        let e = DependencyParser::load(&root().join("Cargo.toml")).unwrap_err();
        assert!(e.to_string().contains("Cargo.toml"), "{e}");
    }

    /// Parses `sentence` (words split on spaces) with the committed tagger and parser.
    fn parse_with_committed_models(sentence: &str) -> (Vec<&str>, Vec<(usize, String)>) {
        let models = root().join("models");
        let tagger = PosTagger::load(&models.join(crate::ml::POS_MODEL_FILE)).unwrap();
        let parser = DependencyParser::load(&models.join(crate::ml::PARSER_MODEL_FILE))
            .expect("models/parser.bin: run `newsgraph train parser`");
        let words: Vec<&str> = sentence.split(' ').collect();
        let arcs = parser.parse(&words, &tagger.tag(&words), &tagger.tag_xpos(&words));
        let arcs = arcs.into_iter().map(|(h, l)| (h, l.to_string())).collect();
        (words, arcs)
    }

    #[test]
    fn committed_model_parses_news() {
        let (words, arcs) = parse_with_committed_models(
            "Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of State Rex Tillerson .",
        );
        let at = |w: &str| words.iter().position(|x| *x == w).unwrap() + 1;
        let arc = |w: &str| (arcs[at(w) - 1].0, arcs[at(w) - 1].1.as_str());
        assert_eq!(arc("met"), (0, "root"), "{arcs:?}");
        // EWT heads a multiword name on its first word ("Sergei", "Lavrov" as flat) or, in
        // older releases, on its last: the nsubj of "met" is one of the two, and "Lavrov"
        // is inside it.
        let nsubj = (1..=words.len())
            .find(|&i| arcs[i - 1] == (at("met"), "nsubj".to_string()))
            .expect("an nsubj of met");
        assert!([at("Sergei"), at("Lavrov")].contains(&nsubj), "{arcs:?}");
        assert!(
            nsubj == at("Lavrov") || arc("Lavrov") == (nsubj, "flat"),
            "{arcs:?}"
        );
        // EWT heads "Secretary of State Rex Tillerson" either on the title (name as appos or
        // nmod) or on the name: the obl of "met" must be the phrase holding "Tillerson".
        let obl = (1..=words.len())
            .find(|&i| arcs[i - 1] == (at("met"), "obl".to_string()))
            .expect("an obl of met");
        assert_eq!(arc("with"), (obl, "case"), "{arcs:?}");
        let mut i = at("Tillerson");
        while i != obl && i != 0 {
            i = arcs[i - 1].0;
        }
        assert_eq!(i, obl, "Tillerson outside the obl of met: {arcs:?}");
    }
}
