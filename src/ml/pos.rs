//! The UPOS and Penn Treebank tagger: a greedy left-to-right averaged perceptron in the manner
//! of Honnibal's "A good part-of-speech tagger in about 200 lines of Python" (2013), over
//! hashed features.
//!
//! In: tokenised sentences (one `&str` per word, tokenised as UD does: "do" "n't", "search"
//! "-" "engine"); for training, CoNLL-U [`Sentence`]s. Out: one [`Upos`] per word and, on
//! request, one Penn Treebank tag ([`Xpos`], CoNLL-U column 5) per word; the model as bytes
//! (magic `NGPS`, version, the tag dictionary, the tag sets, the Penn Treebank tags and their
//! dictionary, then the UPOS and the Penn Treebank [`Perceptron`] tables).
//!
//! Features of word i: its form and lowercase form, prefixes and suffixes of 1-4 characters,
//! its shape (`Xxxx`, `dd.d`, runs capped at 4), flags (capitalised, all capitals, digit,
//! hyphen, period, no letter or digit), the two previous and two next words, suffixes and
//! shapes of the neighbours, word bigrams, the two tags predicted before it, and the set of
//! tags each of the word and its neighbours took in training (jackknifed while training: a
//! sentence sees the sets counted on the other nine tenths). Frequent words that nearly
//! always take one tag in training (a "tag dictionary") are tagged from it directly.
//! The Penn Treebank tag is a second model run after the UPOS, with the same features (the
//! previous tags being Penn Treebank tags) plus the word's UPOS alone and with its form,
//! suffixes, neighbours and the previous tag, and its own dictionary; the UPOS model is the
//! same with or without it.
//! Feature strings are never built: every part is hashed once per word and parts are
//! combined with [`combine`], so tagging allocates nothing per token.

use crate::error::{Error, Result};
use crate::ml::bin::{Reader, Writer};
use crate::ml::conllu::Sentence;
use crate::ml::hash::{combine, mix, Fnv, FnvBuild, SplitMix64};
use crate::ml::perceptron::{Perceptron, Precision, Trainer};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

const MAGIC: &[u8; 4] = b"NGPS";
const VERSION: u32 = 2;
/// Hash buckets of the weight table, as a power of two.
const BITS: u32 = 18;
/// A word enters the tag dictionary when seen at least this often...
const DICT_MIN_COUNT: u32 = 20;
/// ...with its most frequent tag at least this share of the time.
const DICT_MIN_SHARE: f64 = 0.97;

/// The 17 universal part-of-speech tags of Universal Dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition.
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other.
    X,
}

impl Upos {
    /// Every tag, in class-index order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as UD writes it ("PROPN").
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// The tag UD spells `s`, if any.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// The class index of the tag.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The tag of a class index.
    pub fn from_index(i: usize) -> Option<Upos> {
        Upos::ALL.get(i).copied()
    }
}

/// A Penn Treebank tag (CoNLL-U column 5, "VBD", "NNP"), hashed: what the parser reads
/// beside the UPOS, since UPOS `VERB` does not tell "said", "seen", "seeing" and "sees" apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Xpos(u64);

impl Xpos {
    /// The tag of words the tagger has no Penn Treebank tag for (`_` in CoNLL-U).
    pub const UNKNOWN: Xpos = Xpos(0x584e_4f4e_4500);

    /// The tag spelt `tag`.
    pub fn new(tag: &str) -> Xpos {
        let mut h = Fnv::new();
        h.bytes(tag.as_bytes());
        Xpos(mix(h.value()))
    }

    /// The tag's hash, for features.
    pub fn hash(self) -> u64 {
        self.0
    }
}

/// The most Penn Treebank tags a model may hold (EWT has 49).
const MAX_XPOS: usize = 64;

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Hashed parts of one word, computed once per word.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    form: u64,
    lower: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
    shape: u64,
    flags: u64,
    /// The set of tags the lowercase form took in training, [`UNSEEN`] if rare.
    tags: u64,
}

/// The tag set of words seen fewer than [`AMBIGUITY_MIN_COUNT`] times in training.
const UNSEEN: u64 = 0x554e_5345_454e;
/// Words seen at least this often get their tag set as a feature.
const AMBIGUITY_MIN_COUNT: u32 = 2;
/// While training, a sentence's words get the tag sets counted on the other folds (sentence
/// index modulo this), so the feature is as unreliable in training as on unseen text: with
/// tag sets from all the training data, a rare word's set is exactly its gold tag, the model
/// learns to trust it, and dev accuracy drops (EWT dev 94.87% without folds, 95.27% with 10).
const TAG_SET_FOLDS: usize = 10;

const CAPITALISED: u64 = 1;
const ALL_CAPS: u64 = 2;
const DIGIT: u64 = 4;
const HYPHEN: u64 = 8;
const PERIOD: u64 = 16;
const NO_ALNUM: u64 = 32;

impl Word {
    fn new(s: &str, tag_sets: &HashMap<u64, u32, FnvBuild>) -> Word {
        let mut form = Fnv::new();
        form.bytes(s.as_bytes());
        let mut lower = Fnv::new();
        let mut shape = Fnv::new();
        let mut prefix = [0u64; 4];
        let (mut last_shape, mut run) = ('\0', 0);
        let (mut upper, mut letters, mut alnum, mut flags) = (0, 0, 0, 0);
        for (n, c) in s.chars().enumerate() {
            lower.char_lower(c);
            if n < 4 {
                prefix[n] = lower.value();
            }
            let mapped = if c.is_uppercase() {
                'X'
            } else if c.is_alphabetic() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else {
                c
            };
            run = if mapped == last_shape { run + 1 } else { 1 };
            last_shape = mapped;
            if run <= 4 {
                shape.char(mapped);
            }
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                    if n == 0 {
                        flags |= CAPITALISED;
                    }
                }
            }
            if c.is_alphanumeric() {
                alnum += 1;
            }
            if c.is_numeric() {
                flags |= DIGIT;
            }
            match c {
                '-' => flags |= HYPHEN,
                '.' => flags |= PERIOD,
                _ => {}
            }
        }
        if letters > 0 && upper == letters {
            flags |= ALL_CAPS;
        }
        if alnum == 0 {
            flags |= NO_ALNUM;
        }
        let chars = s.chars().count().clamp(1, 4);
        for k in chars..4 {
            prefix[k] = prefix[chars - 1];
        }
        let mut starts = [0usize; 4];
        let mut found = 0;
        for (i, _) in s.char_indices().rev().take(4) {
            starts[found] = i;
            found += 1;
        }
        let mut suffix = [0u64; 4];
        for (k, slot) in suffix.iter_mut().enumerate() {
            let start = starts[k.min(found.saturating_sub(1))];
            let mut h = Fnv::new();
            s[start..].chars().for_each(|c| h.char_lower(c));
            *slot = h.value();
        }
        Word {
            form: form.value(),
            lower: lower.value(),
            prefix,
            suffix,
            shape: shape.value(),
            flags,
            tags: tag_sets
                .get(&lower.value())
                .map_or(UNSEEN, |&set| u64::from(set)),
        }
    }

    /// A sentence-boundary placeholder; `k` tells them apart.
    fn pad(k: u64) -> Word {
        let h = mix(0x5041_4400 + k);
        Word {
            form: h,
            lower: h,
            prefix: [h; 4],
            suffix: [h; 4],
            shape: h,
            flags: h,
            tags: h,
        }
    }
}

/// The "tag" before the first word (and the one before it).
const START1: u64 = 1000;
const START2: u64 = 1001;

/// Fills `out` with the features of word `i`; `ctx` holds the words with two pads on each
/// side, `p1` and `p2` are the two previous tags.
fn features(ctx: &[Word], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let (prev2, prev, w, next, next2) =
        (&ctx[i], &ctx[i + 1], &ctx[i + 2], &ctx[i + 3], &ctx[i + 4]);
    out.clear();
    let mut f = |template: u64, value: u64| out.push(combine(template, value));
    f(0, 0);
    f(1, w.lower);
    f(2, w.form);
    for k in 0..4 {
        f(3 + k as u64, w.prefix[k]);
        f(7 + k as u64, w.suffix[k]);
    }
    f(11, w.shape);
    f(12, w.flags);
    f(13, p1);
    f(14, p2);
    f(15, combine(p1, p2));
    f(16, combine(p1, w.lower));
    f(17, prev.lower);
    f(18, prev.suffix[2]);
    f(19, prev2.lower);
    f(20, next.lower);
    f(21, next.suffix[2]);
    f(22, next2.lower);
    f(23, next.shape);
    f(24, prev.shape);
    f(25, combine(prev.lower, w.lower));
    f(26, combine(w.lower, next.lower));
    f(27, combine(p1, w.suffix[2]));
    f(28, next.flags);
    f(29, combine(p1, w.flags));
    f(30, combine(w.shape, next.shape));
    f(31, w.tags);
    f(32, next.tags);
    f(33, next2.tags);
    f(34, prev.tags);
    f(35, combine(p1, next.tags));
    f(36, combine(w.tags, next.tags));
    f(37, combine(combine(p1, w.tags), next.tags));
}

/// Fills `out` with the features of word `i` for the Penn Treebank tag: those of
/// [`features`] with the two previous Penn Treebank tags `x1`, `x2`, and the word's UPOS
/// `upos` alone and with its form, suffix and neighbours.
fn xpos_features(ctx: &[Word], i: usize, x1: u64, x2: u64, upos: u64, out: &mut Vec<u64>) {
    features(ctx, i, x1, x2, out);
    let (prev, w, next) = (&ctx[i + 1], &ctx[i + 2], &ctx[i + 3]);
    let mut f = |template: u64, value: u64| out.push(combine(template, value));
    f(38, upos);
    f(39, combine(upos, w.lower));
    f(40, combine(upos, w.suffix[1]));
    f(41, combine(upos, w.suffix[2]));
    f(42, combine(upos, x1));
    f(43, combine(upos, next.lower));
    f(44, combine(upos, prev.lower));
}

/// Reusable buffers for [`PosTagger::tag_into`].
#[derive(Debug, Default, Clone)]
pub struct TagBuffers {
    ctx: Vec<Word>,
    features: Vec<u64>,
    scores: Vec<f32>,
}

impl TagBuffers {
    fn load<'a>(
        &mut self,
        words: impl Iterator<Item = &'a str>,
        tag_sets: &HashMap<u64, u32, FnvBuild>,
    ) {
        self.ctx.clear();
        self.ctx.extend([Word::pad(0), Word::pad(1)]);
        self.ctx.extend(words.map(|w| Word::new(w, tag_sets)));
        self.ctx.extend([Word::pad(2), Word::pad(3)]);
    }
}

/// Accuracy and speed of a tagger on a test set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PosScore {
    /// Words scored.
    pub tokens: usize,
    /// Words whose UPOS was right.
    pub correct: usize,
    /// Words whose Penn Treebank tag was right.
    pub xpos_correct: usize,
    /// Time spent tagging, in seconds.
    pub seconds: f64,
}

impl PosScore {
    /// The share of words tagged right (0 when there are none).
    pub fn accuracy(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.correct as f64 / self.tokens as f64
        }
    }

    /// The share of words whose Penn Treebank tag was right (0 when there are none).
    pub fn xpos_accuracy(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.xpos_correct as f64 / self.tokens as f64
        }
    }

    /// Tagging speed.
    pub fn tokens_per_second(&self) -> f64 {
        self.tokens as f64 / self.seconds.max(1e-9)
    }
}

/// A trained UPOS and Penn Treebank tagger.
#[derive(Debug, Clone)]
pub struct PosTagger {
    model: Perceptron,
    dict: HashMap<Box<str>, Upos, FnvBuild>,
    /// Hash of a lowercase form -> bit set of the tags it took in training.
    tag_sets: HashMap<u64, u32, FnvBuild>,
    /// The Penn Treebank tags, sorted: class `i` of `xmodel` is `xtags[i]`.
    xtags: Vec<Box<str>>,
    /// `Xpos::new` of each of `xtags`.
    xhashes: Vec<Xpos>,
    /// Frequent words that nearly always take one Penn Treebank tag, to its class.
    xdict: HashMap<Box<str>, u8, FnvBuild>,
    /// The Penn Treebank tag model, run after the UPOS of the word is known.
    xmodel: Perceptron,
}

/// The Penn Treebank tags of `sentences`, sorted (at most [`MAX_XPOS`]), and each word's
/// class among them (`usize::MAX` for a tag left out).
fn xpos_classes(sentences: &[Sentence]) -> (Vec<Box<str>>, Vec<Vec<usize>>) {
    let names: std::collections::BTreeSet<&str> = sentences
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| t.xpos.as_str()))
        .collect();
    let xtags: Vec<Box<str>> = names.into_iter().take(MAX_XPOS).map(Box::from).collect();
    let gold = sentences
        .iter()
        .map(|s| {
            s.tokens
                .iter()
                .map(|t| {
                    xtags
                        .binary_search_by(|x| (**x).cmp(t.xpos.as_str()))
                        .unwrap_or(usize::MAX)
                })
                .collect()
        })
        .collect();
    (xtags, gold)
}

impl PosTagger {
    /// Trains on `sentences` for `epochs` passes, visiting sentences in an order shuffled
    /// by a generator seeded with `seed`. The same inputs give the same model, byte for byte.
    /// Tags that are not UPOS are read as `X`.
    pub fn train(sentences: &[Sentence], epochs: usize, seed: u64) -> PosTagger {
        let gold: Vec<Vec<Upos>> = sentences
            .iter()
            .map(|s| {
                s.tokens
                    .iter()
                    .map(|t| Upos::parse(&t.upos).unwrap_or(Upos::X))
                    .collect()
            })
            .collect();
        let dict: HashMap<Box<str>, Upos, FnvBuild> = {
            let classes: Vec<Vec<usize>> = gold
                .iter()
                .map(|s| s.iter().map(|t| t.index()).collect())
                .collect();
            tag_dictionary(sentences, &classes, Upos::ALL.len())
                .into_iter()
                .map(|(w, c)| (w, Upos::ALL[c]))
                .collect()
        };
        let (xtags, xgold) = xpos_classes(sentences);
        let xdict: HashMap<Box<str>, u8, FnvBuild> = tag_dictionary(sentences, &xgold, xtags.len())
            .into_iter()
            .map(|(w, c)| (w, c as u8))
            .collect();
        let tag_sets = tag_sets(sentences, &gold);
        let fold_sets: Vec<HashMap<u64, u32, FnvBuild>> = (0..TAG_SET_FOLDS)
            .map(|k| tag_sets_without(sentences, &gold, Some(k)))
            .collect();
        // BITS and the class count are constants within Perceptron's limits.
        let (Ok(mut trainer), Ok(mut xtrainer)) = (
            Trainer::new(BITS, Upos::ALL.len()),
            Trainer::new(BITS, xtags.len().max(1)),
        ) else {
            unreachable!("constant table sizes are valid")
        };
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = SplitMix64::new(seed);
        let mut buf = TagBuffers::default();
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &s in &order {
                let tokens = &sentences[s].tokens;
                let sets = fold_sets.get(s % TAG_SET_FOLDS).unwrap_or(&tag_sets);
                buf.load(tokens.iter().map(|t| t.form.as_str()), sets);
                let (mut p1, mut p2) = (START1, START2);
                let (mut x1, mut x2) = (START1, START2);
                for (i, t) in tokens.iter().enumerate() {
                    let guess = match dict.get(t.form.as_str()) {
                        Some(&tag) => tag.index(),
                        None => {
                            features(&buf.ctx, i, p1, p2, &mut buf.features);
                            let guess = trainer.model().predict(&buf.features, &mut buf.scores);
                            trainer.learn(&buf.features, gold[s][i].index(), guess);
                            guess
                        }
                    };
                    (p2, p1) = (p1, guess as u64);
                    let xguess = match xdict.get(t.form.as_str()) {
                        Some(&x) => usize::from(x),
                        None => {
                            let upos = guess as u64;
                            xpos_features(&buf.ctx, i, x1, x2, upos, &mut buf.features);
                            let xguess = xtrainer.model().predict(&buf.features, &mut buf.scores);
                            if xgold[s][i] < xtags.len() {
                                xtrainer.learn(&buf.features, xgold[s][i], xguess);
                            }
                            xguess
                        }
                    };
                    (x2, x1) = (x1, xguess as u64);
                }
            }
        }
        PosTagger {
            model: trainer.finish(),
            dict,
            tag_sets,
            xhashes: xtags.iter().map(|x| Xpos::new(x)).collect(),
            xtags,
            xdict,
            xmodel: xtrainer.finish(),
        }
    }

    /// Tags one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<Upos> {
        let mut out = Vec::with_capacity(words.len());
        self.tag_into(words, &mut TagBuffers::default(), &mut out);
        out
    }

    /// Tags one sentence into `out` (cleared first), reusing `buffers` across calls.
    pub fn tag_into(&self, words: &[&str], buffers: &mut TagBuffers, out: &mut Vec<Upos>) {
        self.run(words, buffers, out, None);
    }

    /// [`tag_into`](Self::tag_into), with the Penn Treebank tags into `xpos` (cleared
    /// first).
    pub fn tag_both_into(
        &self,
        words: &[&str],
        buffers: &mut TagBuffers,
        out: &mut Vec<Upos>,
        xpos: &mut Vec<Xpos>,
    ) {
        xpos.clear();
        self.run(words, buffers, out, Some(xpos));
    }

    /// The Penn Treebank tags of one sentence, beside its UPOS.
    pub fn tag_xpos(&self, words: &[&str]) -> Vec<Xpos> {
        let mut xpos = Vec::with_capacity(words.len());
        self.tag_both_into(
            words,
            &mut TagBuffers::default(),
            &mut Vec::new(),
            &mut xpos,
        );
        xpos
    }

    /// Tags `words` with UPOS into `out` and, when `xpos` is given, Penn Treebank tags.
    fn run(
        &self,
        words: &[&str],
        buffers: &mut TagBuffers,
        out: &mut Vec<Upos>,
        mut xpos: Option<&mut Vec<Xpos>>,
    ) {
        out.clear();
        buffers.load(words.iter().copied(), &self.tag_sets);
        let (mut p1, mut p2) = (START1, START2);
        let (mut x1, mut x2) = (START1, START2);
        for (i, w) in words.iter().enumerate() {
            let tag = match self.dict.get(*w) {
                Some(&tag) => tag,
                None => {
                    features(&buffers.ctx, i, p1, p2, &mut buffers.features);
                    let class = self.model.predict(&buffers.features, &mut buffers.scores);
                    Upos::from_index(class).unwrap_or(Upos::X)
                }
            };
            out.push(tag);
            (p2, p1) = (p1, tag.index() as u64);
            let Some(xpos) = xpos.as_deref_mut() else {
                continue;
            };
            let class = match self.xdict.get(*w) {
                Some(&x) => usize::from(x),
                None => {
                    let upos = tag.index() as u64;
                    xpos_features(&buffers.ctx, i, x1, x2, upos, &mut buffers.features);
                    self.xmodel.predict(&buffers.features, &mut buffers.scores)
                }
            };
            xpos.push(self.xhashes.get(class).copied().unwrap_or(Xpos::UNKNOWN));
            (x2, x1) = (x1, class as u64);
        }
    }

    /// Tags every sentence and compares with the gold UPOS.
    pub fn evaluate(&self, sentences: &[Sentence]) -> PosScore {
        let mut buffers = TagBuffers::default();
        let (mut out, mut words, mut xpos) = (Vec::new(), Vec::new(), Vec::new());
        let mut score = PosScore {
            tokens: 0,
            correct: 0,
            xpos_correct: 0,
            seconds: 0.0,
        };
        for s in sentences {
            words.clear();
            words.extend(s.tokens.iter().map(|t| t.form.as_str()));
            let start = Instant::now();
            self.tag_both_into(&words, &mut buffers, &mut out, &mut xpos);
            score.seconds += start.elapsed().as_secs_f64();
            score.xpos_correct += xpos
                .iter()
                .zip(&s.tokens)
                .filter(|(p, t)| **p == Xpos::new(&t.xpos))
                .count();
            score.tokens += out.len();
            score.correct += out
                .iter()
                .zip(&s.tokens)
                .filter(|(p, t)| p.as_str() == t.upos)
                .count();
        }
        score
    }

    /// The model as bytes (weights quantised to 16 bits).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.bytes(MAGIC);
        w.u32(VERSION);
        let mut entries: Vec<(&str, Upos)> = self.dict.iter().map(|(k, v)| (&**k, *v)).collect();
        entries.sort_unstable();
        w.varint(entries.len() as u64);
        for (word, tag) in entries {
            w.str(word);
            w.u8(tag.index() as u8);
        }
        let mut sets: Vec<(u64, u32)> = self.tag_sets.iter().map(|(k, v)| (*k, *v)).collect();
        sets.sort_unstable();
        w.varint(sets.len() as u64);
        for (hash, set) in sets {
            w.bytes(&hash.to_le_bytes());
            w.varint(u64::from(set));
        }
        w.varint(self.xtags.len() as u64);
        self.xtags.iter().for_each(|x| w.str(x));
        let mut entries: Vec<(&str, u8)> = self.xdict.iter().map(|(k, v)| (&**k, *v)).collect();
        entries.sort_unstable();
        w.varint(entries.len() as u64);
        for (word, class) in entries {
            w.str(word);
            w.u8(class);
        }
        w.bytes(&self.model.to_bytes(Precision::I16));
        w.bytes(&self.xmodel.to_bytes(Precision::I16));
        w.buf
    }

    /// Reads a model written by [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<PosTagger> {
        let mut r = Reader::new(bytes, "<pos model>");
        if r.bytes(4)? != MAGIC {
            return Err(r.error("not a POS model"));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(r.error(format!(
                "version {version}, expected {VERSION} (retrain with `newsgraph train pos`)"
            )));
        }
        let n = r.len(bytes.len())?;
        let mut dict = HashMap::with_capacity_and_hasher(n, FnvBuild::default());
        for _ in 0..n {
            let word = r.str()?;
            let tag = Upos::from_index(usize::from(r.u8()?)).ok_or_else(|| r.error("bad tag"))?;
            dict.insert(word.into(), tag);
        }
        let n = r.len(bytes.len())?;
        let mut tag_sets = HashMap::with_capacity_and_hasher(n, FnvBuild::default());
        for _ in 0..n {
            let mut hash = [0u8; 8];
            hash.copy_from_slice(r.bytes(8)?);
            let set = u32::try_from(r.varint()?).map_err(|_| r.error("bad tag set"))?;
            tag_sets.insert(u64::from_le_bytes(hash), set);
        }
        let n = r.len(MAX_XPOS)?;
        let mut xtags: Vec<Box<str>> = Vec::with_capacity(n);
        for _ in 0..n {
            xtags.push(r.str()?.into());
        }
        if xtags.windows(2).any(|p| p[0] >= p[1]) {
            return Err(r.error("Penn Treebank tags not sorted"));
        }
        let m = r.len(bytes.len())?;
        let mut xdict = HashMap::with_capacity_and_hasher(m, FnvBuild::default());
        for _ in 0..m {
            let word = r.str()?;
            let class = r.u8()?;
            if usize::from(class) >= n {
                return Err(r.error("bad Penn Treebank tag"));
            }
            xdict.insert(word.into(), class);
        }
        let model = Perceptron::read(&mut r)?;
        let xmodel = Perceptron::read(&mut r)?;
        if model.classes() != Upos::ALL.len() || xmodel.classes() != n.max(1) || !r.is_empty() {
            return Err(r.error("table does not fit the tag set"));
        }
        Ok(PosTagger {
            model,
            dict,
            tag_sets,
            xhashes: xtags.iter().map(|x| Xpos::new(x)).collect(),
            xtags,
            xdict,
            xmodel,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<PosTagger> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        PosTagger::from_bytes(&bytes).map_err(|e| match e {
            Error::Format { message, .. } => Error::Format {
                path: path.to_path_buf(),
                message,
            },
            other => other,
        })
    }
}

/// Words seen at least [`DICT_MIN_COUNT`] times with one tag class (below `classes`; other
/// classes are not counted) at least [`DICT_MIN_SHARE`] of the time, mapped to that class.
fn tag_dictionary(
    sentences: &[Sentence],
    gold: &[Vec<usize>],
    classes: usize,
) -> HashMap<Box<str>, usize, FnvBuild> {
    let mut counts: HashMap<&str, Vec<u32>, FnvBuild> = HashMap::default();
    for (s, tags) in sentences.iter().zip(gold) {
        for (t, &tag) in s.tokens.iter().zip(tags).filter(|(_, &c)| c < classes) {
            counts
                .entry(t.form.as_str())
                .or_insert_with(|| vec![0; classes])[tag] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(word, c)| {
            let total: u32 = c.iter().sum();
            let (best, &n) = c
                .iter()
                .enumerate()
                .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
            let keep = total >= DICT_MIN_COUNT && f64::from(n) / f64::from(total) >= DICT_MIN_SHARE;
            keep.then(|| (word.into(), best))
        })
        .collect()
}

/// For every lowercase form seen at least [`AMBIGUITY_MIN_COUNT`] times, the bit set of the
/// tags it took at least 5% of the time, keyed by the form's hash.
fn tag_sets(sentences: &[Sentence], gold: &[Vec<Upos>]) -> HashMap<u64, u32, FnvBuild> {
    tag_sets_without(sentences, gold, None)
}

/// The tag sets of [`tag_sets`], counted without the sentences whose index is `fold` modulo
/// [`TAG_SET_FOLDS`] when `fold` is given.
fn tag_sets_without(
    sentences: &[Sentence],
    gold: &[Vec<Upos>],
    fold: Option<usize>,
) -> HashMap<u64, u32, FnvBuild> {
    let mut counts: HashMap<u64, [u32; 17], FnvBuild> = HashMap::default();
    for (i, (s, tags)) in sentences.iter().zip(gold).enumerate() {
        if fold == Some(i % TAG_SET_FOLDS) {
            continue;
        }
        for (t, tag) in s.tokens.iter().zip(tags) {
            let mut h = Fnv::new();
            t.form.chars().for_each(|c| h.char_lower(c));
            counts.entry(h.value()).or_insert([0; 17])[tag.index()] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(hash, c)| {
            let total: u32 = c.iter().sum();
            let set = c
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0 && n * 20 >= total)
                .fold(0u32, |set, (i, _)| set | 1 << i);
            (total >= AMBIGUITY_MIN_COUNT).then_some((hash, set))
        })
        .collect()
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
        let path = root().join("tests/data/ewt-slice.conllu");
        conllu::read_file(&path).unwrap()
    }

    #[test]
    fn upos_names_roundtrip() {
        for (i, u) in Upos::ALL.into_iter().enumerate() {
            assert_eq!(Upos::parse(u.as_str()), Some(u));
            assert_eq!(Upos::from_index(i), Some(u));
        }
        assert_eq!(Upos::parse("NNP"), None);
    }

    #[test]
    fn word_parts_ignore_case_where_meant_to() {
        let none = HashMap::default();
        let word = |s| Word::new(s, &none);
        let (a, b) = (word("Lavrov"), word("LAVROV"));
        assert_eq!(a.lower, b.lower);
        assert_ne!(a.form, b.form);
        assert_eq!(a.suffix, b.suffix);
        assert_ne!(a.shape, b.shape);
        assert_eq!(a.flags, CAPITALISED);
        assert_eq!(b.flags, CAPITALISED | ALL_CAPS);
        assert_eq!(word("1999").shape, word("2017").shape);
        assert_eq!(word("e-mail").flags, HYPHEN);
        assert_eq!(word(",").flags, NO_ALNUM);
        assert_eq!(a.tags, UNSEEN);
        // Short and non-ASCII words do not panic, suffixes fall back to the whole word.
        let x = word("é");
        assert_eq!(x.suffix, [x.lower; 4]);
        let _ = word("");
    }

    #[test]
    fn training_twice_gives_the_same_bytes() {
        let data = slice();
        let a = PosTagger::train(&data, 2, 7).to_bytes();
        let b = PosTagger::train(&data, 2, 7).to_bytes();
        assert_eq!(a, b);
        let c = PosTagger::train(&data, 2, 8).to_bytes();
        assert_ne!(a, c, "the seed changes the visiting order");
        let loaded = PosTagger::from_bytes(&a).unwrap();
        assert_eq!(loaded.to_bytes(), a);
    }

    #[test]
    fn a_tiny_model_learns_its_training_data() {
        let data = slice();
        let tagger = PosTagger::train(&data, 5, 1);
        let score = tagger.evaluate(&data);
        assert!(score.accuracy() > 0.95, "{score:?}");
        assert!(score.xpos_accuracy() > 0.95, "{score:?}");
        // The Penn Treebank tags come beside the same UPOS, one per word.
        let words: Vec<&str> = data[0].tokens.iter().map(|t| t.form.as_str()).collect();
        let (mut upos, mut xpos) = (Vec::new(), Vec::new());
        tagger.tag_both_into(&words, &mut TagBuffers::default(), &mut upos, &mut xpos);
        assert_eq!(upos, tagger.tag(&words));
        assert_eq!(xpos, tagger.tag_xpos(&words));
        assert_eq!(xpos.len(), words.len());
        assert!(tagger.tag_xpos(&[]).is_empty());
    }

    #[test]
    fn xpos_hashes_tell_tags_apart() {
        assert_eq!(Xpos::new("VBD"), Xpos::new("VBD"));
        assert_ne!(Xpos::new("VBD"), Xpos::new("VBN"));
        assert_ne!(Xpos::new("_"), Xpos::UNKNOWN);
    }

    #[test]
    fn bad_model_bytes_are_errors() {
        assert!(PosTagger::from_bytes(b"").is_err());
        assert!(PosTagger::from_bytes(b"NGPS\x02\0\0\0").is_err());
        let e = PosTagger::load(&root().join("Cargo.toml")).unwrap_err();
        assert!(e.to_string().contains("Cargo.toml"), "{e}");
    }

    fn check(sentence: &str, expected: &[(&str, Upos)]) {
        let tagger = PosTagger::load(&root().join("models").join(crate::ml::POS_MODEL_FILE))
            .expect("models/pos.bin: run `newsgraph train pos`");
        let words: Vec<&str> = sentence.split(' ').collect();
        let tags = tagger.tag(&words);
        assert_eq!(tags.len(), words.len());
        for (word, tag) in expected {
            let i = words.iter().position(|w| w == word).unwrap();
            assert_eq!(tags[i], *tag, "{word} in {sentence:?}: {tags:?}");
        }
    }

    #[test]
    fn committed_model_tags_news() {
        use Upos::*;
        check(
            "Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of State Rex Tillerson .",
            &[
                ("Sergei", Propn),
                ("Lavrov", Propn),
                ("met", Verb),
                ("U.S.", Propn),
                ("Rex", Propn),
                ("Tillerson", Propn),
                (".", Punct),
            ],
        );
    }
}
