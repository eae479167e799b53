//! The entity recogniser: a greedy left-to-right averaged perceptron over BILOU labels for
//! three types (PER, ORG, LOC), with hashed features and lexicon features.
//!
//! In: tokenised sentences (one `&str` per word, PTB-like tokens: "Lavrov" "'s"); for
//! training, [`NerSentence`]s built from the GMB corpus ([`NerSentence::from_gmb`]); for
//! evaluation, Universal NER sentences ([`NerSentence::from_iob`]). Out: entity [`Span`]s
//! over word indices; the model as bytes (magic `NGNR`, version, then the [`Perceptron`]
//! table, weights quantised to 16 bits, then the [`WordClasses`]); [`NerScore`], exact-span entity P/R/F1 per type
//! as conlleval counts them.
//!
//! Labels are BILOU (13 classes: O, then B/I/L/U per type); decoding only takes labels that
//! continue the previous one validly, and a sentence cannot end inside an entity. Words
//! without letters, links (e-mail and web addresses, file names) and pronouns (but not
//! acronyms: "US") never start an entity, and a demonym is never an entity alone;
//! break punctuation (",", ":", "!", "(", quotes) and links are never inside one.
//! Features of word i: form, lowercase form, prefixes (1-3) and suffixes (1-4), shape
//! (`Xxxx`, runs capped at 4) and short shape (runs collapsed), flags (capitalised, all
//! capitals, digit, hyphen, period, first word, no letter, shouted sentence), the two words
//! on each side with their shapes, word bigrams, the two previous labels and their
//! conjunctions with the word, and lexicon bits from [`crate::mentions::lexicon`]: known
//! first name, inside a title, right after a title, country, place, demonym, organisation
//! cue word, known organisation, common word, inside a multi-word country/place or
//! organisation name, plus case-insensitive first name / place / organisation matches
//! (read from the same `lexicons/` files); the neighbours' lexicon bits too. Optionally
//! ([`WordClasses`]) the set of UPOS tags each lowercase form took in a POS-annotated web
//! corpus (UD English-EWT train), stored in the model. A sentence written in capitals
//! ("WHO WANTS TO HELP") is featurised in lower case, flagged as shouted. Lexicon lookups
//! use a lower-cased copy of the sentence where the lexicon is case-insensitive, so
//! tagging allocates per sentence, not per word.
//!
//! GMB labels are mapped per -> PER, org -> ORG, geo -> LOC; gpe (demonyms and nationality
//! adjectives: "Iraqi", "British"), tim, art, eve and nat -> O. Leading titles are cut
//! from GMB per spans ("President Bush" -> "Bush"; a span that is only a title is dropped).
//! [`NerTagger::tag_document`] adds document-level consistency: a capitalised word that
//! was part of a PER/ORG/LOC span elsewhere in the document, and is left untagged, gets
//! that type when it stands alone.

use crate::error::{Error, Result};
use crate::mentions::lexicon;
use crate::ml::bin::{Reader, Writer};
use crate::ml::conllu::Sentence;
use crate::ml::hash::{combine, mix, Fnv, FnvBuild, SplitMix64};
use crate::ml::iob::IobSentence;
use crate::ml::perceptron::{Perceptron, Precision, Trainer};
use crate::ml::pos::Upos;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;
use std::time::Instant;

const MAGIC: &[u8; 4] = b"NGNR";
const VERSION: u32 = 2;
/// Hash buckets of the weight table, as a power of two.
const BITS: u32 = 20;
/// O plus B, I, L, U for each type.
const CLASSES: usize = 1 + 4 * 3;

/// The entity types the recogniser knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A location: country, city, region, geographical feature.
    Loc,
}

impl EntityType {
    /// Every type, in index order.
    pub const ALL: [EntityType; 3] = [EntityType::Per, EntityType::Org, EntityType::Loc];

    /// The type as UNER and CoNLL write it ("PER").
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
        }
    }

    /// The type spelled `s` ("PER", "ORG", "LOC"), if any.
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The type a GMB tag body stands for: per, org, geo; `None` for gpe (demonyms and
    /// nationalities, which UNER and CoNLL leave untagged), tim, art, eve and nat.
    pub fn from_gmb(s: &str) -> Option<EntityType> {
        match s {
            "per" => Some(EntityType::Per),
            "org" => Some(EntityType::Org),
            "geo" => Some(EntityType::Loc),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity mention: words `start..end` of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Index of the first word.
    pub start: usize,
    /// Index one past the last word.
    pub end: usize,
    /// The entity type.
    pub kind: EntityType,
}

/// Chunks IOB2 tags into spans as conlleval does: a chunk starts at `B-X`, or at `I-X`
/// after anything but `B-X`/`I-X`, and runs over the following `I-X`. `kind` maps a tag
/// body ("PER", "geo") to a type; bodies it maps to `None` are outside.
pub fn spans_from_iob(tags: &[String], kind: impl Fn(&str) -> Option<EntityType>) -> Vec<Span> {
    let parsed: Vec<Option<(char, EntityType)>> = tags
        .iter()
        .map(|t| {
            let (prefix, body) = t.split_once('-')?;
            let p = prefix.chars().next().filter(|&c| c == 'B' || c == 'I')?;
            Some((p, kind(body)?))
        })
        .collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < parsed.len() {
        let Some((_, t)) = parsed[i] else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < parsed.len() && parsed[end] == Some(('I', t)) {
            end += 1;
        }
        spans.push(Span {
            start: i,
            end,
            kind: t,
        });
        i = end;
    }
    spans
}

/// A sentence with its gold entity spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NerSentence {
    /// The words.
    pub words: Vec<String>,
    /// The entities, in order, not overlapping.
    pub spans: Vec<Span>,
    /// True when the sentence starts a new document.
    pub doc_start: bool,
}

impl NerSentence {
    /// A GMB sentence with its tags mapped by [`EntityType::from_gmb`] and titles (as
    /// [`lexicon::match_title`] finds them) taken out: leading titles are cut from person
    /// spans ("President Bush" -> "Bush"), and spans lying wholly inside a title are dropped
    /// (GMB tags "State" in "Secretary of State" as an organisation).
    pub fn from_gmb(s: &IobSentence) -> NerSentence {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let mut in_title = vec![false; words.len()];
        for i in 0..words.len() {
            if let Some(m) = lexicon::match_title(&words[i..]) {
                in_title[i..i + m.len].iter_mut().for_each(|t| *t = true);
            }
        }
        let spans = spans_from_iob(&s.tags, EntityType::from_gmb)
            .into_iter()
            .filter_map(|mut span| {
                if span.kind == EntityType::Per {
                    while let Some(m) = lexicon::match_title(&words[span.start..span.end]) {
                        span.start += m.len;
                    }
                }
                let titled = in_title[span.start.min(span.end)..span.end]
                    .iter()
                    .all(|&t| t);
                (span.start < span.end && !titled).then_some(span)
            })
            .collect();
        NerSentence {
            words: s.words.clone(),
            spans,
            doc_start: s.doc_start,
        }
    }

    /// A sentence tagged with PER/ORG/LOC in IOB2 (Universal NER); other types are outside.
    pub fn from_iob(s: &IobSentence) -> NerSentence {
        NerSentence {
            words: s.words.clone(),
            spans: spans_from_iob(&s.tags, EntityType::parse),
            doc_start: s.doc_start,
        }
    }
}

/// `sentences` followed by lower-cased copies of about `percent` in a hundred of them
/// (chosen by hashing each sentence's index with `seed`), so the model also learns names
/// written without capitals.
pub fn with_lowercase_copies(
    mut sentences: Vec<NerSentence>,
    percent: u64,
    seed: u64,
) -> Vec<NerSentence> {
    let copies: Vec<NerSentence> = sentences
        .iter()
        .enumerate()
        .filter(|&(i, _)| combine(seed, i as u64) % 100 < percent)
        .map(|(_, s)| NerSentence {
            words: s.words.iter().map(|w| w.to_lowercase()).collect(),
            spans: s.spans.clone(),
            doc_start: false,
        })
        .collect();
    sentences.extend(copies);
    sentences
}

// Label indices: 0 is O; type t at position p (B, I, L, U) is 1 + 4t + p.
const B: usize = 0;
const I: usize = 1;
const L: usize = 2;
const U: usize = 3;
/// The "label" before the first word, and the one before it.
const START1: usize = CLASSES;
const START2: usize = CLASSES + 1;

fn label(kind: EntityType, pos: usize) -> usize {
    1 + 4 * kind.index() + pos
}

/// The type and position of a label, `None` for O.
fn unlabel(label: usize) -> Option<(EntityType, usize)> {
    let l = label.checked_sub(1)?;
    Some((*EntityType::ALL.get(l / 4)?, l % 4))
}

/// BILOU labels for `n` words holding `spans`.
fn encode(spans: &[Span], n: usize) -> Vec<usize> {
    let mut labels = vec![0; n];
    for s in spans.iter().filter(|s| s.start < s.end && s.end <= n) {
        if s.end - s.start == 1 {
            labels[s.start] = label(s.kind, U);
        } else {
            labels[s.start] = label(s.kind, B);
            for l in &mut labels[s.start + 1..s.end - 1] {
                *l = label(s.kind, I);
            }
            labels[s.end - 1] = label(s.kind, L);
        }
    }
    labels
}

/// Whether `cur` may follow `prev` (a label or [`START1`]); `last` when `cur` ends the
/// sentence.
fn allowed(prev: usize, cur: usize, last: bool) -> bool {
    let open = unlabel(prev).filter(|&(_, p)| p == B || p == I);
    match (open, unlabel(cur)) {
        (Some((t, _)), Some((c, p))) => t == c && (p == L || (p == I && !last)),
        (Some(_), None) => false,
        (None, None) => true,
        (None, Some((_, p))) => p == U || (p == B && !last),
    }
}

/// The entity spans of a valid label sequence.
fn decode(labels: &[usize], out: &mut Vec<Span>) {
    out.clear();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match unlabel(l) {
            Some((kind, U)) => out.push(Span {
                start: i,
                end: i + 1,
                kind,
            }),
            Some((kind, B)) => open = Some((i, kind)),
            Some((kind, L)) => {
                if let Some((start, k)) = open.take().filter(|&(_, k)| k == kind) {
                    out.push(Span {
                        start,
                        end: i + 1,
                        kind: k,
                    });
                }
            }
            Some(_) => {}
            None => open = None,
        }
    }
}

const CAPITALISED: u64 = 1;
const ALL_CAPS: u64 = 2;
const DIGIT: u64 = 4;
const HYPHEN: u64 = 8;
const PERIOD: u64 = 16;
const NO_ALNUM: u64 = 32;
const FIRST_WORD: u64 = 64;
/// No letter at all ("2001", "5.76", "--"): never starts an entity.
const NO_LETTER: u64 = 128;
/// Punctuation that never lies inside a name (",", ":", "!", "(", quotes).
const BREAK: u64 = 256;
/// An e-mail address or a web address: never part of an entity.
const LINK: u64 = 512;
/// The word stands in a sentence written in capitals; its other features are those of its
/// lowercase form.
const SHOUTED: u64 = 1024;

// Lexicon bits.
const LEX_FIRST_NAME: u32 = 1;
const LEX_TITLE: u32 = 2;
const LEX_AFTER_TITLE: u32 = 4;
const LEX_COUNTRY: u32 = 8;
const LEX_PLACE: u32 = 16;
const LEX_DEMONYM: u32 = 32;
const LEX_ORG_CUE: u32 = 64;
const LEX_KNOWN_ORG: u32 = 128;
const LEX_COMMON: u32 = 256;
const LEX_PLACE_PHRASE: u32 = 512;
const LEX_ORG_PHRASE: u32 = 1024;
const LEX_PRONOUN: u32 = 2048;
const LEX_LONG_TITLE: u32 = 4096;
const LEX_CI_NAME: u32 = 8192;
const LEX_CI_PLACE: u32 = 16384;
const LEX_CI_ORG: u32 = 32768;
const LEX_BITS: u32 = 16;
/// In [`CI_LEXICON`] only: the word starts a multi-word name.
const CI_STARTS_PHRASE: u32 = 1 << 31;
/// Longest multi-word name looked up in the lexicons.
const MAX_PHRASE: usize = 4;

/// Characters that, alone or in runs, end any name.
const BREAK_CHARS: &str = ",:;!?()[]{}<>\"|*=~";

/// File name extensions that make a word a file name ("CrudeStocks.pdf").
const FILE_EXTENSIONS: [&str; 10] = [
    "pdf", "htm", "html", "doc", "xls", "txt", "jpg", "gif", "zip", "ppt",
];

/// An e-mail address ("a@b.com"), a web address ("http://...", "www.x.org") or a file name
/// ("report.pdf").
fn is_link(s: &str) -> bool {
    let lower_starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let file = s.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && FILE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
    });
    file || lower_starts("http:")
        || lower_starts("https:")
        || lower_starts("www.")
        || s.split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
}

/// Hashed parts of one word, computed once per word.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    form: u64,
    lower: u64,
    /// The lowercase form without periods ("U.S." and "US" both give "us").
    bare: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
    shape: u64,
    short: u64,
    flags: u64,
    lex: u32,
    /// The UPOS tags the lowercase form took in the word-class corpus ([`WordClasses`]).
    pos: u32,
}

impl Word {
    fn new(s: &str, first: bool) -> Word {
        let mut form = Fnv::new();
        form.bytes(s.as_bytes());
        let (mut lower, mut shape, mut short) = (Fnv::new(), Fnv::new(), Fnv::new());
        let mut bare = Fnv::new();
        let mut prefix = [0u64; 3];
        let (mut last_shape, mut run) = ('\0', 0);
        let (mut upper, mut letters, mut alnum) = (0, 0, 0);
        let mut flags = if first { FIRST_WORD } else { 0 };
        for (n, c) in s.chars().enumerate() {
            lower.char_lower(c);
            if c != '.' {
                bare.char_lower(c);
            }
            if n < 3 {
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
            if run == 1 {
                short.char(mapped);
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
        if letters > 1 && upper == letters {
            flags |= ALL_CAPS;
        }
        if alnum == 0 {
            flags |= NO_ALNUM;
            if s.chars().all(|c| BREAK_CHARS.contains(c)) || s == "''" || s == "``" {
                flags |= BREAK;
            }
        }
        if letters == 0 {
            flags |= NO_LETTER;
        }
        if is_link(s) {
            flags |= LINK;
        }
        let chars = s.chars().count().clamp(1, 3);
        for k in chars..3 {
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
            bare: bare.value(),
            prefix,
            suffix,
            shape: shape.value(),
            short: short.value(),
            flags,
            lex: 0,
            pos: 0,
        }
    }

    /// A sentence-boundary placeholder; `k` tells them apart.
    fn pad(k: u64) -> Word {
        let h = mix(0x4e45_5200 + k);
        Word {
            form: h,
            lower: h,
            bare: h,
            prefix: [h; 3],
            suffix: [h; 4],
            shape: h,
            short: h,
            flags: h,
            lex: 1 << LEX_BITS,
            pos: 1 << 31,
        }
    }
}

/// The lexicon entries, lower-cased, with the case-insensitive bits they give: first names
/// ([`LEX_CI_NAME`]), countries, their aliases and places ([`LEX_CI_PLACE`]), known
/// organisations ([`LEX_CI_ORG`]). Multi-word names are keys as written, words joined by
/// one space. Read from the same files as [`crate::mentions::lexicon`].
static CI_LEXICON: LazyLock<HashMap<String, u32, FnvBuild>> = LazyLock::new(|| {
    let mut map: HashMap<String, u32, FnvBuild> = HashMap::default();
    let sources: [(&str, &[usize], u32); 4] = [
        (
            include_str!("../../lexicons/first_names.tsv"),
            &[0],
            LEX_CI_NAME,
        ),
        (
            include_str!("../../lexicons/countries.tsv"),
            &[0, 1],
            LEX_CI_PLACE,
        ),
        (
            include_str!("../../lexicons/places.tsv"),
            &[0],
            LEX_CI_PLACE,
        ),
        (
            include_str!("../../lexicons/known_orgs.tsv"),
            &[0],
            LEX_CI_ORG,
        ),
    ];
    for (text, columns, bit) in sources {
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
            for name in columns
                .iter()
                .filter_map(|&c| fields.get(c))
                .flat_map(|f| f.split('|'))
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                let key = name.to_lowercase();
                if let Some((first, _)) = key.split_once(' ') {
                    *map.entry(first.to_string()).or_insert(0) |= CI_STARTS_PHRASE;
                }
                *map.entry(key).or_insert(0) |= bit;
            }
        }
    }
    map
});

/// The lexicon bits of every word of a sentence.
fn lexicon_bits(words: &[&str], lower: &[&str], phrase: &mut String, out: &mut [u32]) {
    for (i, (&w, &lw)) in words.iter().zip(lower).enumerate() {
        let mut bits = 0;
        if lexicon::first_name(w).is_some() {
            bits |= LEX_FIRST_NAME;
        }
        if lexicon::country(w).is_some() {
            bits |= LEX_COUNTRY;
        }
        if lexicon::place(w).is_some() {
            bits |= LEX_PLACE;
        }
        if lexicon::country_by_demonym(w).is_some() {
            bits |= LEX_DEMONYM;
        }
        if lexicon::org_cue(w) {
            bits |= LEX_ORG_CUE;
        }
        if lexicon::known_org(w) {
            bits |= LEX_KNOWN_ORG;
        }
        if lexicon::is_common_word(lw) {
            bits |= LEX_COMMON;
        }
        let acronym = w.chars().nth(1).is_some() && !w.chars().any(char::is_lowercase);
        if lexicon::pronoun(lw).is_some() && !acronym {
            bits |= LEX_PRONOUN;
        }
        let ci = CI_LEXICON.get(lw).copied().unwrap_or(0);
        out[i] |= bits | (ci & !CI_STARTS_PHRASE);
        for end in (ci & CI_STARTS_PHRASE != 0)
            .then_some(i + 2..=(i + MAX_PHRASE).min(words.len()))
            .into_iter()
            .flatten()
        {
            phrase.clear();
            phrase.extend(lower[i..end].iter().flat_map(|w| [" ", w]).skip(1));
            let bit =
                CI_LEXICON.get(phrase.as_str()).copied().unwrap_or(0) & (LEX_CI_PLACE | LEX_CI_ORG);
            for b in &mut out[i..end] {
                *b |= bit;
            }
        }
        if let Some(m) = lexicon::match_title(&lower[i..]) {
            let bit = if m.len > 1 {
                LEX_TITLE | LEX_LONG_TITLE
            } else {
                LEX_TITLE
            };
            for b in &mut out[i..i + m.len] {
                *b |= bit;
            }
            if let Some(b) = out.get_mut(i + m.len) {
                *b |= LEX_AFTER_TITLE;
            }
        }
        if !w.starts_with(char::is_uppercase) {
            continue;
        }
        phrase.clear();
        phrase.push_str(w);
        for end in i + 2..=(i + MAX_PHRASE).min(words.len()) {
            phrase.push(' ');
            phrase.push_str(words[end - 1]);
            let bit = if lexicon::country(phrase).is_some() || lexicon::place(phrase).is_some() {
                LEX_PLACE_PHRASE
            } else if lexicon::known_org(phrase) {
                LEX_ORG_PHRASE
            } else {
                continue;
            };
            for b in &mut out[i..end] {
                *b |= bit;
            }
        }
    }
}

/// Fills `out` with the features of word `i`; `ctx` holds the words with two pads on each
/// side, `p1` and `p2` are the two previous labels.
fn features(ctx: &[Word], i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
    let (prev2, prev, w, next, next2) =
        (&ctx[i], &ctx[i + 1], &ctx[i + 2], &ctx[i + 3], &ctx[i + 4]);
    let (p1, p2) = (p1 as u64, p2 as u64);
    out.clear();
    let mut f = |template: u64, value: u64| out.push(combine(template, value));
    f(0, 0);
    f(1, w.lower);
    f(2, w.form);
    for k in 0..3 {
        f(3 + k as u64, w.prefix[k]);
    }
    for k in 0..4 {
        f(6 + k as u64, w.suffix[k]);
    }
    f(10, w.shape);
    f(11, w.short);
    f(12, w.flags);
    f(13, p1);
    f(14, p2);
    f(15, combine(p1, p2));
    f(16, combine(p1, w.lower));
    f(17, combine(p1, w.shape));
    f(18, prev.lower);
    f(19, prev2.lower);
    f(20, next.lower);
    f(21, next2.lower);
    f(22, prev.short);
    f(23, next.short);
    f(24, combine(prev.lower, w.lower));
    f(25, combine(w.lower, next.lower));
    f(26, combine(prev.short, w.short));
    f(27, combine(w.short, next.short));
    f(28, prev.suffix[2]);
    f(29, next.suffix[2]);
    f(30, combine(prev.flags, w.flags));
    f(31, combine(w.flags, next.flags));
    f(32, u64::from(w.lex));
    f(33, u64::from(prev.lex));
    f(34, u64::from(next.lex));
    f(35, combine(p1, u64::from(w.lex)));
    f(36, combine(u64::from(w.lex), w.flags));
    f(37, combine(prev.form, next.form));
    f(38, combine(p1, next.short));
    f(39, combine(next.lower, next2.lower));
    f(40, combine(prev2.lower, prev.lower));
    f(41, w.bare);
    f(42, u64::from(w.pos));
    f(
        43,
        combine(
            u64::from(w.pos),
            w.flags & (CAPITALISED | FIRST_WORD | SHOUTED),
        ),
    );
    f(44, u64::from(prev.pos));
    f(45, u64::from(next.pos));
    f(46, combine(u64::from(w.pos), p1));
    for bit in 0..LEX_BITS {
        if w.lex & (1 << bit) != 0 {
            f(64 + u64::from(bit), w.flags & CAPITALISED);
        }
    }
}

/// Whether a sentence is written in capitals: at least two words of two letters or more,
/// and more than half of those without a lower-case letter ("WHO WANTS TO HELP").
fn is_shouted(words: &[&str]) -> bool {
    let (mut long, mut caps) = (0, 0);
    for w in words {
        if w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some() {
            long += 1;
            if !w.chars().any(char::is_lowercase) {
                caps += 1;
            }
        }
    }
    long >= 2 && 2 * caps > long
}

/// Reusable buffers for [`NerTagger::tag_into`].
#[derive(Debug, Default, Clone)]
pub struct TagBuffers {
    ctx: Vec<Word>,
    lex: Vec<u32>,
    lower: String,
    phrase: String,
    features: Vec<u64>,
    scores: Vec<f32>,
    labels: Vec<usize>,
}

impl TagBuffers {
    fn load(&mut self, words: &[&str], classes: &WordClasses) {
        self.lower.clear();
        let mut ends = Vec::with_capacity(words.len());
        for w in words {
            w.chars().for_each(|c| self.lower.extend(c.to_lowercase()));
            ends.push(self.lower.len());
        }
        let mut start = 0;
        let lower: Vec<&str> = ends
            .iter()
            .map(|&end| {
                let s = &self.lower[start..end];
                start = end;
                s
            })
            .collect();
        let shouted = is_shouted(words);
        let words = if shouted { &lower[..] } else { words };
        self.lex.clear();
        self.lex.resize(words.len(), 0);
        lexicon_bits(words, &lower, &mut self.phrase, &mut self.lex);
        self.ctx.clear();
        self.ctx.extend([Word::pad(0), Word::pad(1)]);
        for (i, (w, &lex)) in words.iter().zip(&self.lex).enumerate() {
            let mut word = Word::new(w, i == 0);
            word.lex = lex;
            word.pos = classes.get(lower[i]);
            if shouted {
                word.flags |= SHOUTED;
            }
            self.ctx.push(word);
        }
        self.ctx.extend([Word::pad(2), Word::pad(3)]);
    }
}

/// The best label for `ctx[i + 2]` (the word `i` of the padded context) that may follow
/// `p1`. A pronoun, a word without letters, a link, or a word of a multi-word title
/// ("Secretary of State") never starts an entity, and a title word never continues one
/// past itself (the labels of GMB, titles cut, never have one inside); an entity that
/// starts right after a multi-word title is a person ("Foreign Minister Sergei Lavrov"). A
/// demonym ("Palestinian") is never an entity by itself.
/// Break punctuation (",", ":", "(") and links are never inside an entity, so an entity
/// must end before them, as at the end of the sentence.
fn best_allowed(scores: &[f32], ctx: &[Word], i: usize, p1: usize) -> usize {
    let (prev, word, next) = (&ctx[i + 1], &ctx[i + 2], &ctx[i + 3]);
    let last = i + 5 == ctx.len();
    let closing = last || next.flags & (BREAK | LINK) != 0;
    let long_title = word.lex & LEX_LONG_TITLE != 0;
    let after_title = prev.lex & LEX_LONG_TITLE != 0 && prev.lex & (1 << LEX_BITS) == 0;
    let outside = word.flags & (BREAK | LINK) != 0;
    let closed = outside
        || long_title
        || word.lex & LEX_PRONOUN != 0
        || word.flags & (NO_ALNUM | NO_LETTER) != 0;
    let demonym = word.lex & LEX_DEMONYM != 0;
    let ok = |c: usize| {
        allowed(p1, c, closing)
            && match unlabel(c) {
                Some((t, B)) => !closed && (!after_title || t == EntityType::Per),
                Some((t, U)) => !closed && !demonym && (!after_title || t == EntityType::Per),
                Some((_, I)) => !long_title && !outside,
                Some(_) => !outside,
                None => true,
            }
    };
    let mut best = 0;
    for (c, &s) in scores.iter().enumerate() {
        if ok(c) && (!ok(best) || s > scores[best]) {
            best = c;
        }
    }
    best
}

/// True positives, false positives and false negatives of one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted spans that match a gold span exactly (bounds and type).
    pub tp: usize,
    /// Predicted spans that do not.
    pub fp: usize,
    /// Gold spans not predicted.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn), 0 when there is no gold span.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Entity-level scores of a recogniser on a test set.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NerScore {
    /// Counts per type, in [`EntityType::ALL`] order.
    pub by_type: [Counts; 3],
    /// Words tagged.
    pub tokens: usize,
    /// Time spent tagging, in seconds.
    pub seconds: f64,
}

impl NerScore {
    /// The counts summed over the types (micro average).
    pub fn overall(&self) -> Counts {
        self.by_type.iter().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
        })
    }

    /// The counts of one type.
    pub fn of(&self, kind: EntityType) -> Counts {
        self.by_type[kind.index()]
    }

    /// Tagging speed.
    pub fn tokens_per_second(&self) -> f64 {
        self.tokens as f64 / self.seconds.max(1e-9)
    }

    fn add(&mut self, gold: &[Span], predicted: &[Span]) {
        for p in predicted {
            let c = &mut self.by_type[p.kind.index()];
            if gold.contains(p) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for g in gold.iter().filter(|g| !predicted.contains(g)) {
            self.by_type[g.kind.index()].fn_ += 1;
        }
    }
}

impl fmt::Display for NerScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: Counts| {
            writeln!(
                f,
                "  {name:<4} P {:.3}  R {:.3}  F1 {:.3}  ({} gold, {} predicted, {} right)",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp + c.fn_,
                c.tp + c.fp,
                c.tp
            )
        };
        for t in EntityType::ALL {
            row(f, t.as_str(), self.of(t))?;
        }
        row(f, "all", self.overall())?;
        writeln!(f, "  speed {:.0} tokens/s", self.tokens_per_second())
    }
}

/// For each lowercase word form of a POS-annotated corpus (UD English-EWT train), the set of
/// UPOS tags it took there, as bits in [`Upos`] index order: web-text evidence that a word
/// is a proper noun, a common noun, a verb, an interjection... Kept inside the model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordClasses {
    map: HashMap<Box<str>, u32, FnvBuild>,
}

impl WordClasses {
    /// The tag sets of the words of `sentences`; unknown UPOS strings are skipped.
    pub fn from_conllu(sentences: &[Sentence]) -> WordClasses {
        let mut map: HashMap<Box<str>, u32, FnvBuild> = HashMap::default();
        for t in sentences.iter().flat_map(|s| &s.tokens) {
            if let Some(tag) = Upos::parse(&t.upos) {
                *map.entry(t.form.to_lowercase().into_boxed_str())
                    .or_insert(0) |= 1 << tag.index();
            }
        }
        WordClasses { map }
    }

    /// The tag bits of a lowercase form, 0 when unseen.
    fn get(&self, lower: &str) -> u32 {
        self.map.get(lower).copied().unwrap_or(0)
    }

    /// Word forms known.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Count, then (form, bits) pairs sorted by form, so equal sets give equal bytes.
    fn write(&self, w: &mut Writer) {
        let mut entries: Vec<(&str, u32)> = self.map.iter().map(|(k, &v)| (&**k, v)).collect();
        entries.sort_unstable();
        w.varint(entries.len() as u64);
        for (form, bits) in entries {
            w.str(form);
            w.varint(u64::from(bits));
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<WordClasses> {
        let n = r.len(1 << 24)?;
        let mut map: HashMap<Box<str>, u32, FnvBuild> = HashMap::default();
        for _ in 0..n {
            let form = r.str()?.into();
            let bits = u32::try_from(r.varint()?).map_err(|_| r.error("tag bits overflow"))?;
            map.insert(form, bits);
        }
        Ok(WordClasses { map })
    }
}

/// A trained entity recogniser.
#[derive(Debug, Clone)]
pub struct NerTagger {
    model: Perceptron,
    classes: WordClasses,
}

impl NerTagger {
    /// Trains on `sentences` for `epochs` passes, visiting sentences in an order shuffled
    /// by a generator seeded with `seed`. The same inputs give the same model, byte for byte.
    pub fn train(sentences: &[NerSentence], epochs: usize, seed: u64) -> NerTagger {
        NerTagger::train_with(sentences, WordClasses::default(), epochs, seed)
    }

    /// [`train`](Self::train) with word classes, which the model keeps and uses as
    /// features.
    pub fn train_with(
        sentences: &[NerSentence],
        classes: WordClasses,
        epochs: usize,
        seed: u64,
    ) -> NerTagger {
        let classes = &classes;
        // BITS and CLASSES are constants within Perceptron's limits.
        let Ok(mut trainer) = Trainer::new(BITS, CLASSES) else {
            unreachable!("constant table size is valid")
        };
        let gold: Vec<Vec<usize>> = sentences
            .iter()
            .map(|s| encode(&s.spans, s.words.len()))
            .collect();
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = SplitMix64::new(seed);
        let mut buf = TagBuffers::default();
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &s in &order {
                let words: Vec<&str> = sentences[s].words.iter().map(String::as_str).collect();
                buf.load(&words, classes);
                let (mut p1, mut p2) = (START1, START2);
                for (i, &truth) in gold[s].iter().enumerate() {
                    features(&buf.ctx, i, p1, p2, &mut buf.features);
                    trainer.model().scores(&buf.features, &mut buf.scores);
                    let guess = best_allowed(&buf.scores, &buf.ctx, i, p1);
                    trainer.learn(&buf.features, truth, guess);
                    (p2, p1) = (p1, guess);
                }
            }
        }
        NerTagger {
            model: trainer.finish(),
            classes: classes.clone(),
        }
    }

    /// The entities of one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<Span> {
        let mut out = Vec::new();
        self.tag_into(words, &mut TagBuffers::default(), &mut out);
        out
    }

    /// The entities of one sentence into `out` (cleared first), reusing `buffers`.
    pub fn tag_into(&self, words: &[&str], buffers: &mut TagBuffers, out: &mut Vec<Span>) {
        buffers.load(words, &self.classes);
        buffers.labels.clear();
        let (mut p1, mut p2) = (START1, START2);
        for i in 0..words.len() {
            features(&buffers.ctx, i, p1, p2, &mut buffers.features);
            self.model.scores(&buffers.features, &mut buffers.scores);
            let l = best_allowed(&buffers.scores, &buffers.ctx, i, p1);
            buffers.labels.push(l);
            (p2, p1) = (p1, l);
        }
        decode(&buffers.labels, out);
    }

    /// The entities of every sentence of one document, with document-level consistency:
    /// a capitalised word tagged as (part of) an entity of one type somewhere, and left
    /// outside every entity elsewhere, becomes a one-word entity of that type there, unless
    /// it is a common word or the sentence's first word. Words seen with several types are
    /// left alone.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Span>> {
        let mut buffers = TagBuffers::default();
        let mut out: Vec<Vec<Span>> = sentences
            .iter()
            .map(|s| {
                let mut spans = Vec::new();
                self.tag_into(s, &mut buffers, &mut spans);
                spans
            })
            .collect();
        let mut seen: HashMap<&str, Option<EntityType>> = HashMap::new();
        for (s, spans) in sentences.iter().zip(&out) {
            for span in spans {
                for w in s[span.start..span.end].iter().filter(|w| is_name_like(w)) {
                    seen.entry(w)
                        .and_modify(|k| *k = k.filter(|&k| k == span.kind))
                        .or_insert(Some(span.kind));
                }
            }
        }
        for (s, spans) in sentences.iter().zip(&mut out) {
            let mut covered = vec![false; s.len()];
            for span in spans.iter() {
                covered[span.start..span.end]
                    .iter_mut()
                    .for_each(|c| *c = true);
            }
            let mut added = false;
            for (i, w) in s.iter().enumerate().skip(1) {
                if covered[i] || !is_name_like(w) || lexicon::is_common_word(w) {
                    continue;
                }
                let neighbour_capitalised = |j: Option<usize>| {
                    j.and_then(|j| s.get(j))
                        .is_some_and(|n| n.starts_with(char::is_uppercase))
                };
                if neighbour_capitalised(i.checked_sub(1)) || neighbour_capitalised(Some(i + 1)) {
                    continue;
                }
                if let Some(Some(kind)) = seen.get(w) {
                    spans.push(Span {
                        start: i,
                        end: i + 1,
                        kind: *kind,
                    });
                    added = true;
                }
            }
            if added {
                spans.sort_unstable();
            }
        }
        out
    }

    /// Tags `sentences` document by document (a document starts at each `doc_start`) and
    /// compares with their gold spans.
    pub fn evaluate(&self, sentences: &[NerSentence]) -> NerScore {
        let mut score = NerScore::default();
        let mut start = 0;
        while start < sentences.len() {
            let end = sentences[start + 1..]
                .iter()
                .position(|s| s.doc_start)
                .map_or(sentences.len(), |p| start + 1 + p);
            let doc = &sentences[start..end];
            let words: Vec<Vec<&str>> = doc
                .iter()
                .map(|s| s.words.iter().map(String::as_str).collect())
                .collect();
            let clock = Instant::now();
            let predicted = self.tag_document(&words);
            score.seconds += clock.elapsed().as_secs_f64();
            for (s, p) in doc.iter().zip(&predicted) {
                score.tokens += s.words.len();
                score.add(&s.spans, p);
            }
            start = end;
        }
        score
    }

    /// The model as bytes (weights quantised to 16 bits).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.bytes(MAGIC);
        w.u32(VERSION);
        w.bytes(&self.model.to_bytes(Precision::I16));
        self.classes.write(&mut w);
        w.buf
    }

    /// Reads a model written by [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<NerTagger> {
        let mut r = Reader::new(bytes, "<ner model>");
        if r.bytes(4)? != MAGIC {
            return Err(r.error("not an NER model"));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(r.error(format!("version {version}, expected {VERSION}")));
        }
        let model = Perceptron::read(&mut r)?;
        if model.classes() != CLASSES {
            return Err(r.error("table does not fit the label set"));
        }
        let classes = WordClasses::read(&mut r)?;
        if !r.is_empty() {
            return Err(r.error("trailing bytes"));
        }
        Ok(NerTagger { model, classes })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<NerTagger> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        NerTagger::from_bytes(&bytes).map_err(|e| match e {
            Error::Format { message, .. } => Error::Format {
                path: path.to_path_buf(),
                message,
            },
            other => other,
        })
    }
}

/// What [`silver_sentences`] does with a proper-noun run that no predicted entity
/// overlaps and the lexicons cannot type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UntypedRun {
    /// The run is left outside every entity (months, products, plural demonyms).
    #[default]
    Outside,
    /// The whole sentence is left out of the silver data.
    DropSentence,
}

/// The proper-noun runs of a UD sentence: maximal runs of PROPN words, with a capitalised
/// adjective right before one ("New York", "United States") and a hyphen written without
/// spaces between two ("al-Qaida", split by UD into "al" "-" "Qaida") joined to it.
fn proper_noun_runs(tokens: &[crate::ml::conllu::TokenRow]) -> Vec<(usize, usize)> {
    let n = tokens.len();
    let mut mask: Vec<bool> = tokens.iter().map(|t| t.upos == "PROPN").collect();
    for i in (0..n.saturating_sub(1)).rev() {
        if !mask[i]
            && mask[i + 1]
            && tokens[i].upos == "ADJ"
            && tokens[i].form.starts_with(char::is_uppercase)
        {
            mask[i] = true;
        }
    }
    for i in 1..n.saturating_sub(1) {
        if tokens[i].form == "-"
            && mask[i - 1]
            && mask[i + 1]
            && tokens[i - 1].misc.contains("SpaceAfter=No")
        {
            mask[i] = true;
        }
    }
    let mut runs = Vec::new();
    let mut i = 0;
    while i < n {
        if mask[i] {
            let start = i;
            while i < n && mask[i] {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

/// The type the lexicons give a proper-noun run, in any case: a country or place is a
/// location, a known organisation or a run ending in an organisation cue ("Ministry",
/// "Inc.") an organisation, a run starting with a known first name a person.
fn lexicon_type(words: &[&str]) -> Option<EntityType> {
    let name = words.join(" ").to_lowercase();
    let last = words.last()?;
    let ci = |key: &str| CI_LEXICON.get(key).copied().unwrap_or(0);
    let first = ci(&words[0].to_lowercase());
    if lexicon::country(&words.join(" ")).is_some() || ci(&name) & LEX_CI_PLACE != 0 {
        Some(EntityType::Loc)
    } else if ci(&name) & LEX_CI_ORG != 0 || (words.len() > 1 && lexicon::org_cue(last)) {
        Some(EntityType::Org)
    } else if first & LEX_CI_NAME != 0 {
        Some(EntityType::Per)
    } else {
        None
    }
}

/// Silver entity labels for a POS-annotated corpus (UD English-EWT train), from `tagger`'s
/// predictions and the corpus' gold UPOS: the proper-noun runs ([`proper_noun_runs`]) give
/// the bounds, and the model or the lexicons the type. A predicted span keeps its type,
/// loses its leading and trailing words outside every run ("the"), grows to cover the runs
/// it touches, and is dropped when it touches none; a run no kept span overlaps gets the
/// lexicon's type ([`lexicon_type`]), else `untyped` decides. Spans that overlap after
/// growing are merged (the first one's type).
pub fn silver_sentences(
    tagger: &NerTagger,
    sentences: &[Sentence],
    untyped: UntypedRun,
) -> Vec<NerSentence> {
    let mut buffers = TagBuffers::default();
    let mut predicted = Vec::new();
    let mut out = Vec::new();
    for s in sentences {
        let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
        tagger.tag_into(&words, &mut buffers, &mut predicted);
        let runs = proper_noun_runs(&s.tokens);
        let mut in_run = vec![None; words.len()];
        for (r, &(a, b)) in runs.iter().enumerate() {
            in_run[a..b].iter_mut().for_each(|x| *x = Some(r));
        }
        let mut spans: Vec<Span> = Vec::new();
        for p in &predicted {
            let (mut start, mut end) = (p.start, p.end);
            while start < end && in_run[start].is_none() {
                start += 1;
            }
            while end > start && in_run[end - 1].is_none() {
                end -= 1;
            }
            if start == end {
                continue;
            }
            let (Some(first), Some(last)) = (in_run[start], in_run[end - 1]) else {
                continue;
            };
            let grown = Span {
                start: start.min(runs[first].0),
                end: end.max(runs[last].1),
                kind: p.kind,
            };
            match spans.last_mut() {
                Some(prev) if prev.end > grown.start => prev.end = prev.end.max(grown.end),
                _ => spans.push(grown),
            }
        }
        let mut drop = false;
        for &(a, b) in &runs {
            if spans.iter().any(|p| p.start < b && a < p.end) {
                continue;
            }
            match lexicon_type(&words[a..b]) {
                Some(kind) => spans.push(Span {
                    start: a,
                    end: b,
                    kind,
                }),
                None => drop |= untyped == UntypedRun::DropSentence,
            }
        }
        if drop {
            continue;
        }
        spans.sort_unstable();
        out.push(NerSentence {
            words: words.iter().map(|w| w.to_string()).collect(),
            spans,
            doc_start: false,
        });
    }
    out
}

/// A capitalised word with a lower-case letter and nothing but letters, `.`, `-` and `'`.
fn is_name_like(w: &str) -> bool {
    w.starts_with(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::gmb;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn slice() -> Vec<NerSentence> {
        let path = root().join("tests/data/gmb-slice.csv");
        gmb::read_file(&path)
            .unwrap()
            .iter()
            .map(NerSentence::from_gmb)
            .collect()
    }

    fn tags(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    fn span(start: usize, end: usize, kind: EntityType) -> Span {
        Span { start, end, kind }
    }

    #[test]
    fn iob_chunks_like_conlleval() {
        use EntityType::*;
        let got = spans_from_iob(
            &tags("B-PER I-PER O I-LOC B-ORG B-ORG I-LOC"),
            EntityType::parse,
        );
        assert_eq!(
            got,
            [
                span(0, 2, Per),
                span(3, 4, Loc),
                span(4, 5, Org),
                span(5, 6, Org),
                span(6, 7, Loc)
            ]
        );
        let gmb = spans_from_iob(
            &tags("B-gpe B-geo I-geo B-tim O B-org"),
            EntityType::from_gmb,
        );
        assert_eq!(gmb, [span(1, 3, Loc), span(5, 6, Org)]);
    }

    #[test]
    fn gmb_titles_are_cut_from_person_spans() {
        let s = IobSentence {
            words: tags("Prime Minister Tony Blair met President Bush and Mr. in London with Secretary of State Rice"),
            tags: tags("B-per I-per I-per I-per O B-per I-per O B-per O B-geo O O O B-org B-per"),
            doc_start: true,
        };
        let n = NerSentence::from_gmb(&s);
        use EntityType::*;
        assert_eq!(
            n.spans,
            [
                span(2, 4, Per),
                span(6, 7, Per),
                span(10, 11, Loc),
                span(15, 16, Per)
            ]
        );
    }

    #[test]
    fn bilou_roundtrip_and_transitions() {
        use EntityType::*;
        let spans = vec![span(0, 1, Per), span(2, 5, Org), span(5, 7, Loc)];
        let labels = encode(&spans, 8);
        let mut back = Vec::new();
        decode(&labels, &mut back);
        assert_eq!(back, spans);
        let mut prev = START1;
        for (i, &l) in labels.iter().enumerate() {
            assert!(allowed(prev, l, i + 1 == labels.len()), "{i}");
            prev = l;
        }
        assert!(!allowed(label(Per, B), 0, false));
        assert!(!allowed(label(Per, B), label(Org, L), false));
        assert!(!allowed(START1, label(Per, I), false));
        assert!(!allowed(0, label(Per, B), true));
        assert!(allowed(label(Per, I), label(Per, L), true));
    }

    #[test]
    fn scores_count_exact_spans() {
        use EntityType::*;
        let mut s = NerScore::default();
        s.add(
            &[span(0, 2, Per), span(3, 4, Loc)],
            &[span(0, 2, Per), span(3, 4, Org)],
        );
        assert_eq!(
            s.of(Per),
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(
            s.of(Loc),
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            s.of(Org),
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert!((s.overall().f1() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn training_twice_gives_the_same_bytes() {
        let data = slice();
        let a = NerTagger::train(&data, 2, 7).to_bytes();
        let b = NerTagger::train(&data, 2, 7).to_bytes();
        assert_eq!(a, b);
        assert_ne!(a, NerTagger::train(&data, 2, 8).to_bytes());
        let loaded = NerTagger::from_bytes(&a).unwrap();
        assert_eq!(loaded.to_bytes(), a);
    }

    #[test]
    fn a_tiny_model_learns_its_training_data() {
        let data = slice();
        let tagger = NerTagger::train(&data, 5, 1);
        assert!(tagger.evaluate(&data).overall().f1() > 0.9);
    }

    #[test]
    fn bad_model_bytes_are_errors() {
        assert!(NerTagger::from_bytes(b"").is_err());
        assert!(NerTagger::from_bytes(b"NGNR\x09\0\0\0").is_err());
        let e = NerTagger::load(&root().join("Cargo.toml")).unwrap_err();
        assert!(e.to_string().contains("Cargo.toml"), "{e}");
    }

    #[test]
    fn links_shouting_and_breaks_are_recognised() {
        for (w, link) in [
            ("a@b.com", true),
            ("http://x.org", true),
            ("www.adobe.com", true),
            ("Griffith@ENRON", false),
            ("Adobe", false),
        ] {
            assert_eq!(is_link(w), link, "{w}");
        }
        for (s, shouted) in [
            ("WHO WANTS TO HELP", true),
            ("I met NATO officials", false),
            ("OK", false),
        ] {
            let words: Vec<&str> = s.split(' ').collect();
            assert_eq!(is_shouted(&words), shouted, "{s}");
        }
        for (w, flag, set) in [
            (",", BREAK, true),
            ("!?!", BREAK, true),
            ("-", BREAK, false),
            ("5.76", NO_LETTER, true),
            ("S100", NO_LETTER, false),
        ] {
            assert_eq!(Word::new(w, false).flags & flag != 0, set, "{w}");
        }
    }

    #[test]
    fn an_entity_cannot_run_over_break_punctuation() {
        let mut buf = TagBuffers::default();
        buf.load(&["Jeff", "!"], &WordClasses::default());
        // Scores that prefer B-PER on "Jeff" and L-PER on "!".
        let mut scores = vec![0.0; CLASSES];
        scores[label(EntityType::Per, B)] = 2.0;
        scores[label(EntityType::Per, U)] = 1.0;
        scores[label(EntityType::Per, L)] = 3.0;
        assert_eq!(
            best_allowed(&scores, &buf.ctx, 0, START1),
            label(EntityType::Per, U)
        );
        assert_eq!(
            best_allowed(&scores, &buf.ctx, 1, label(EntityType::Per, U)),
            0
        );
    }

    #[test]
    fn word_classes_and_lowercase_copies() {
        let ud = crate::ml::conllu::read_file(&root().join("tests/data/ewt-slice.conllu")).unwrap();
        let classes = WordClasses::from_conllu(&ud);
        assert!(!classes.is_empty());
        let tagger = NerTagger::train_with(&slice(), classes.clone(), 1, 1);
        let back = NerTagger::from_bytes(&tagger.to_bytes()).unwrap();
        assert_eq!(back.classes, classes);
        let data = slice();
        let n = data.len();
        let all = with_lowercase_copies(data.clone(), 100, 1);
        assert_eq!(all.len(), 2 * n);
        assert_eq!(all[n].words[0], data[0].words[0].to_lowercase());
        assert_eq!(all[n].spans, data[0].spans);
        assert_eq!(with_lowercase_copies(data, 0, 1).len(), n);
    }

    #[test]
    fn silver_labels_use_proper_noun_runs() {
        let rows = [
            ("I", "PRON", "_"),
            ("met", "VERB", "_"),
            ("John", "PROPN", "_"),
            ("Smith", "PROPN", "_"),
            ("in", "ADP", "_"),
            ("New", "ADJ", "_"),
            ("Zealand", "PROPN", "_"),
            ("on", "ADP", "_"),
            ("Monday", "PROPN", "_"),
        ];
        let text: String = rows
            .iter()
            .enumerate()
            .map(|(i, (form, upos, misc))| {
                format!("{}\t{form}\t_\t{upos}\t_\t_\t0\troot\t_\t{misc}\n", i + 1)
            })
            .collect();
        let ud = crate::ml::conllu::parse(&text, Path::new("t.conllu")).unwrap();
        assert_eq!(proper_noun_runs(&ud[0].tokens), [(2, 4), (5, 7), (8, 9)]);
        assert_eq!(lexicon_type(&["John", "Smith"]), Some(EntityType::Per));
        assert_eq!(lexicon_type(&["Monday"]), None);
        let untrained = NerTagger::train(&[], 1, 1);
        let outside = silver_sentences(&untrained, &ud, UntypedRun::Outside);
        assert_eq!(outside.len(), 1);
        assert!(outside[0].spans.contains(&span(2, 4, EntityType::Per)));
        assert!(outside[0].spans.contains(&span(5, 7, EntityType::Loc)));
        assert!(!outside[0].spans.iter().any(|s| s.start == 8));
        let dropped = silver_sentences(&untrained, &ud, UntypedRun::DropSentence);
        assert!(dropped.is_empty());
    }

    fn check(sentence: &str, expected: &[(&str, EntityType)]) {
        let tagger = NerTagger::load(&root().join("models").join(crate::ml::NER_MODEL_FILE))
            .expect("models/ner.bin: run `newsgraph train ner`");
        let words: Vec<&str> = sentence.split(' ').collect();
        let spans = tagger.tag(&words);
        let got: Vec<(String, EntityType)> = spans
            .iter()
            .map(|s| (words[s.start..s.end].join(" "), s.kind))
            .collect();
        for (surface, kind) in expected {
            assert!(
                got.iter().any(|(s, k)| s == surface && k == kind),
                "{surface} as {kind} in {sentence:?}: {got:?}"
            );
        }
    }

    #[test]
    fn committed_model_tags_news() {
        use EntityType::*;
        check(
            "Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of State Rex Tillerson in Moscow .",
            // Known error of the committed model (README, "Trained models"): it types
            // "Tillerson" after "Secretary of State Rex" as ORG, and leaves "Rex" out.
            &[("Sergei Lavrov", Per), ("Moscow", Loc)],
        );
    }
}
