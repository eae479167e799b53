//! The rule-based recogniser: capitalisation, context and the general lexicons in the
//! `lexicon`.
//!
//! In: a [`TextDoc`]. Out: name mentions (with titles split off into roles), demonyms,
//! pronouns and role descriptions ("the Russian foreign minister"). Names are found as runs of
//! capitalised tokens, then typed by, in order: the title before them, the lexicons (known
//! organisations, countries, places, organisation and event cue words), a first name, and
//! finally the shape of the run.

use super::lexicon::{self, TitleClass};
use super::lower::Lower;
use super::{Mention, MentionForm, Recogniser};
use crate::ml::hash::FnvBuild;
use crate::model::{EntityKind, Span};
use crate::text::{verbs, TextDoc, Token, TokenKind};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

/// Finds mentions with capitalisation rules and lexicons; needs no model.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleRecogniser;

impl Recogniser for RuleRecogniser {
    fn name(&self) -> &'static str {
        "rules"
    }

    fn recognise(&self, doc: &TextDoc) -> Vec<Mention> {
        let sentences: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(|t| doc.token_text(t)).collect())
            .collect();
        // Whether each word is capitalised, decided once: the rules ask it many times a word.
        let capitals: Vec<Vec<bool>> = doc
            .sentences
            .iter()
            .zip(&sentences)
            .map(|(s, words)| {
                (s.tokens.iter().zip(words))
                    .map(|(t, w)| t.kind == TokenKind::Word && is_capitalised_word(w))
                    .collect()
            })
            .collect();
        // Words the document writes capitalised away from a sentence start more often than
        // in lower case: evidence that a sentence-initial occurrence is a name too ("Trump"
        // is a common word, but not in an article about him).
        let none = HashSet::default();
        let text = doc.clean.text.as_str();
        // Sized for the usual share of distinct words, so that they seldom grow.
        let words: usize = sentences.iter().map(Vec::len).sum();
        let mut capitalised: HashMap<&str, usize, FnvBuild> =
            HashMap::with_capacity_and_hasher(words / 8, FnvBuild::default());
        let mut lower: HashMap<&str, usize, FnvBuild> =
            HashMap::with_capacity_and_hasher(words / 4, FnvBuild::default());
        for (index, sentence) in doc.sentences.iter().enumerate() {
            let view = SentenceView {
                index,
                text,
                tokens: &sentence.tokens,
                words: &sentences[index],
                capitals: &capitals[index],
                mid_capitalised: &none,
                heads: OnceCell::new(),
            };
            for i in 0..view.len() {
                if view.is_capitalised(i) && !view.is_sentence_initial(i) {
                    *capitalised.entry(sentences[index][i]).or_default() += 1;
                } else if view.is_word(i) && !view.is_capitalised(i) {
                    *lower.entry(sentences[index][i]).or_default() += 1;
                }
            }
        }
        let mid_capitalised: HashSet<&str, FnvBuild> = capitalised
            .into_iter()
            .filter(|(w, n)| *n > lower.get(Lower::of(w).as_str()).copied().unwrap_or(0))
            .map(|(w, _)| w)
            .collect();
        let mut out = Vec::new();
        for (index, sentence) in doc.sentences.iter().enumerate() {
            let view = SentenceView {
                index,
                text,
                tokens: &sentence.tokens,
                words: &sentences[index],
                capitals: &capitals[index],
                mid_capitalised: &mid_capitalised,
                heads: OnceCell::new(),
            };
            view.recognise(&mut out);
        }
        adopt_known_kinds(&mut out, &doc.clean.text);
        out
    }
}

/// Words that may sit inside a person's name in lower case ("Bashar al-Assad", "Ludwig van
/// Beethoven").
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "ibn", "de", "da", "del", "della", "di", "van", "von", "der", "den", "le", "la",
    "du", "dos", "el",
];

/// Bytes in the longest of [`NAME_PARTICLES`].
const LONGEST_PARTICLE: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < NAME_PARTICLES.len() {
        if NAME_PARTICLES[i].len() > longest {
            longest = NAME_PARTICLES[i].len();
        }
        i += 1;
    }
    longest
};

/// A capitalised word: an upper-case first letter, or a lower-case prefix hyphenated to a
/// capitalised part ("al-Assad").
fn is_capitalised_word(w: &str) -> bool {
    match w.as_bytes().first() {
        None => return false,
        Some(b) if b.is_ascii_uppercase() => return true,
        Some(b) if b.is_ascii() => {}
        Some(_) => {
            if w.chars().next().is_some_and(char::is_uppercase) {
                return true;
            }
        }
    }
    // The first hyphen, if a particle can stand before it.
    let Some(at) = (w.bytes().take(LONGEST_PARTICLE + 1)).position(|b| b == b'-') else {
        return false;
    };
    NAME_PARTICLES.contains(&&w[..at]) && w[at + 1..].chars().next().is_some_and(char::is_uppercase)
}

/// Lower-case heads that turn a name before them into an organisation ("Trump
/// administration", "ISIS coalition"), with the head the organisation is named by: a
/// leader's "team" is taken to be their administration.
const ORG_HEADS_AFTER_NAME: &[(&str, &str)] = &[
    ("administration", "administration"),
    ("team", "administration"),
    ("government", "government"),
    ("campaign", "campaign"),
    ("coalition", "coalition"),
];

/// Units of an organisation that stand for the organisation itself.
const ORG_SUBUNITS: &[&str] = &["Press Service", "Press Office"];

/// Connectors allowed inside an organisation name when the name around them has an
/// organisation cue ("Endowment for International Peace", "Department of Justice").
const ORG_CONNECTORS: &[&str] = &["of", "for", "on", "and", "&"];

/// Determiners that make a title without a name a role description ("the president").
/// Also the words after which a bare title is a predicate or apposition ("is associate
/// editor", ", former Acting Attorney General").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "whose", "one", "another",
    ",", "is", "was", "as", "became", "becomes",
];

/// Adjectives of political affiliation: capitalised, but never names on their own.
const AFFILIATION_ADJECTIVES: &[&str] = &[
    "Republican",
    "Democratic",
    "Democrat",
    "Conservative",
    "Labour",
    "Liberal",
    "Socialist",
    "Communist",
    "Green",
    "Independent",
];

/// Closed-class words: never the noun a capitalised modifier describes.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "as", "at", "before", "but",
    "by", "during", "for", "from", "he", "her", "his", "if", "in", "into", "is", "it", "its",
    "not", "of", "on", "or", "over", "she", "since", "so", "than", "that", "the", "their", "then",
    "there", "they", "this", "to", "under", "until", "was", "were", "when", "where", "which",
    "while", "who", "whom", "with", "without", "would", "will", "could", "can", "may", "might",
    "must", "should", "has", "had", "have", "been", "be", "being", "did", "does", "do", "who",
    "yet", "both", "either", "neither", "once", "later", "again",
];

/// Name suffixes kept inside a person's name.
const NAME_SUFFIXES: &[&str] = &["Jr.", "Sr.", "II", "III", "IV"];

/// One sentence's tokens and their texts.
struct SentenceView<'a> {
    index: usize,
    /// The document's clean text, which the tokens are spans of.
    text: &'a str,
    tokens: &'a [Token],
    words: &'a [&'a str],
    /// Per word, whether it is capitalised ([`is_capitalised_word`], for word tokens).
    capitals: &'a [bool],
    /// Words of the document seen capitalised away from a sentence start.
    mid_capitalised: &'a HashSet<&'a str, FnvBuild>,
    /// Per word, what it can be in a title: whether it is a one-word title of the lexicon
    /// or a role noun (the heads [`SentenceView::title_words`] looks for) and whether a
    /// title starts with it; computed on first use.
    heads: OnceCell<Vec<lexicon::TitleWord>>,
}

/// A title found before a name or as a description.
struct TitleHit {
    /// Token where the modifiers (if any) start.
    start: usize,
    /// Token after the title.
    end: usize,
    role: String,
    class: TitleClass,
    role_of: Option<String>,
    /// The modifier before the title ("Russian", "FBI"): tokens, kind and canonical name.
    modifier: Option<Modifier>,
    former: bool,
}

/// A title found by [`SentenceView::title_words`].
struct Title {
    /// Words covered.
    len: usize,
    /// The role, capitalised ("Natural Resources Minister").
    role: String,
    class: TitleClass,
}

/// Document-level consistency: a name typed only by default (PERSON) takes the type the
/// document gives the same name elsewhere, or the longer organisation name it starts
/// ("Meridian" after "Meridian Logistics, the freight company").
fn adopt_known_kinds(mentions: &mut [Mention], text: &str) {
    // Looked up by hash, not by a scan of every known name per mention (quadratic on a
    // long document): the kind of the first mention of each name, and every word-boundary
    // prefix of an organisation name ("Meridian" of "Meridian Logistics").
    let mut kind_of: HashMap<&str, EntityKind> = HashMap::new();
    let mut org_prefixes: HashSet<&str> = HashSet::new();
    for m in mentions
        .iter()
        .filter(|m| !m.kind_guessed && m.form == MentionForm::Name)
    {
        let name = m.name_span.slice(text);
        kind_of.entry(name).or_insert(m.kind);
        if m.kind == EntityKind::Org {
            org_prefixes.extend(name.match_indices(' ').map(|(at, _)| &name[..at]));
        }
    }
    for m in mentions.iter_mut().filter(|m| m.kind_guessed) {
        let name = m.name_span.slice(text);
        let kind = kind_of
            .get(name)
            .copied()
            .or_else(|| org_prefixes.contains(name).then_some(EntityKind::Org));
        if let Some(kind) = kind {
            m.kind = kind;
            m.kind_guessed = false;
        }
    }
}

/// True for a plural that names a group ("Democrats", "Republicans"): a capitalised word
/// ending in "s" whose singular is an ordinary word.
fn is_group_plural(word: &str) -> bool {
    // `strip_suffix`, not a cut one byte from the end: a word may end in any character.
    let Some(singular) = word.strip_suffix('s') else {
        return false;
    };
    word.len() > 3
        && !singular.ends_with('s')
        && (lexicon::is_common_word(singular) || AFFILIATION_ADJECTIVES.contains(&singular))
}

/// "minister" -> "Minister"; words with capitals inside are kept ("McMaster").
fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) if word.chars().all(|c| !c.is_uppercase()) => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => word.to_string(),
    }
}

/// A demonym, country or organisation in front of a title.
struct Modifier {
    from: usize,
    to: usize,
    kind: EntityKind,
    form: MentionForm,
    canonical: Option<String>,
}

impl<'a> SentenceView<'a> {
    fn len(&self) -> usize {
        self.words.len()
    }

    /// True if word `i` is a one-word title of the lexicon or a role noun.
    fn is_head(&self, i: usize) -> bool {
        self.title_word(i).head
    }

    /// What word `i` can be in a title, looked up for the whole sentence on first use.
    fn title_word(&self, i: usize) -> lexicon::TitleWord {
        let words = self
            .heads
            .get_or_init(|| self.words.iter().map(|w| lexicon::title_word(w)).collect());
        words[i]
    }

    fn word(&self, i: usize) -> &str {
        self.words.get(i).copied().unwrap_or("")
    }

    /// `self.words[from..to].join(" ")`, borrowed from the text when the words are
    /// separated by single spaces there (the usual case), so that no string is built.
    fn joined(&self, from: usize, to: usize) -> Cow<'a, str> {
        let tokens = &self.tokens[from..to];
        let single_spaced = tokens.windows(2).all(|w| {
            w[1].span.start == w[0].span.end + 1
                && self.text.as_bytes().get(w[0].span.end) == Some(&b' ')
        });
        match (tokens.first(), tokens.last()) {
            (Some(first), Some(last)) if single_spaced => {
                Cow::Borrowed(&self.text[first.span.start..last.span.end])
            }
            _ => Cow::Owned(self.words[from..to].join(" ")),
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.tokens[from].span.start, self.tokens[to - 1].span.end)
    }

    /// Capitalised word: an upper-case first letter, or a lower-case prefix hyphenated to a
    /// capitalised part ("al-Assad").
    fn is_capitalised(&self, i: usize) -> bool {
        self.capitals.get(i).copied().unwrap_or(false)
    }

    /// True where a capitalised word is capitalised only by position: the sentence start,
    /// after an opening quote or bracket, a colon or a dash.
    fn is_sentence_initial(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 {
            j -= 1;
            match self.word(j) {
                "“" | "\"" | "‘" | "'" | "(" | "[" | "—" | "–" | ":" | "-" | "*" => {
                    // A colon, a dash or an opening quote starts a new utterance.
                    if matches!(self.word(j), ":" | "—" | "–" | "“" | "‘") {
                        return true;
                    }
                    continue;
                }
                _ => return false,
            }
        }
        true
    }

    /// True when token `i` follows `#` or `@` (a hashtag or handle).
    fn is_tag(&self, i: usize) -> bool {
        i > 0
            && matches!(self.word(i - 1), "#" | "@")
            && self.tokens[i - 1].span.end == self.tokens[i].span.start
    }

    fn recognise(&self, out: &mut Vec<Mention>) {
        let mut i = 0;
        while i < self.len() {
            if let Some(next) = self.titled(i, out) {
                i = next;
                continue;
            }
            if let Some(p) = lexicon::pronoun(self.word(i)).filter(|_| self.is_word(i)) {
                // He, she and their forms; "its", and "it" as an object ("asked it to"), for
                // organisations; expletive "it is", and "they", are left alone.
                if !p.plural && p.person == 3 && !p.neuter {
                    out.push(self.mention(i, i + 1, i, EntityKind::Person, MentionForm::Pronoun));
                } else if p.neuter && self.refers_to_thing(i) {
                    out.push(self.mention(i, i + 1, i, EntityKind::Org, MentionForm::Pronoun));
                }
                i += 1;
                continue;
            }
            if let Some(m) = self.org_description(i) {
                out.push(m);
                i += 2;
                continue;
            }
            if self.is_capitalised(i) && !self.is_tag(i) {
                let end = self.name_run(i);
                self.classify_run(i, end, out);
                i = end;
                continue;
            }
            i += 1;
        }
    }

    fn mention(
        &self,
        from: usize,
        to: usize,
        name_from: usize,
        kind: EntityKind,
        form: MentionForm,
    ) -> Mention {
        Mention {
            span: self.span(from, to),
            name_span: self.span(name_from, to),
            sentence: self.index,
            tokens: from..to,
            kind,
            form,
            canonical: None,
            role: None,
            role_of: None,
            role_class: None,
            former: false,
            indefinite: false,
            kind_guessed: false,
        }
    }

    /// Modifiers before a title: demonyms, countries and known organisations ("Russian",
    /// "U.S.", "FBI", "White House"). Returns the token after them and their text.
    fn modifier(&self, i: usize) -> Option<Modifier> {
        let w = self.word(i);
        if !self.is_word(i) {
            return None;
        }
        if let Some(c) = lexicon::country_by_demonym(w).or_else(|| lexicon::country(w)) {
            let form = if lexicon::country(w).is_some() {
                MentionForm::Name
            } else {
                MentionForm::Demonym
            };
            return Some(Modifier {
                from: i,
                to: i + 1,
                kind: EntityKind::Gpe,
                form,
                canonical: Some(c.name.to_string()),
            });
        }
        // Known organisations of up to three words.
        for len in (1..=3).rev() {
            if i + len > self.len() || !(i..i + len).all(|j| self.is_capitalised(j)) {
                continue;
            }
            let text = self.joined(i, i + len);
            if lexicon::known_org(&text) {
                return Some(Modifier {
                    from: i,
                    to: i + len,
                    kind: EntityKind::Org,
                    form: MentionForm::Name,
                    canonical: None,
                });
            }
        }
        None
    }

    /// A title (with its modifiers) at `i`: followed by a name it makes a titled person
    /// mention; after a determiner it makes a role description. Returns the token after what
    /// it consumed.
    fn titled(&self, i: usize, out: &mut Vec<Mention>) -> Option<usize> {
        let hit = self.title_at(i)?;
        // "the National Economic Prosecutor's Office": a title owning something is part of a name.
        if self
            .tokens
            .get(hit.end)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
            && self.is_capitalised(hit.start)
            && self.is_capitalised(hit.end + 1)
        {
            return None;
        }
        // "the best player I have seen": the pronoun "I" is never a name.
        let name_end = if self.is_capitalised(hit.end)
            && self.word(hit.end) != "I"
            && lexicon::match_title(&self.words[hit.end..]).is_none()
        {
            Some(self.name_run(hit.end))
        } else {
            None
        };
        match name_end {
            Some(end) => {
                // A title before a place or organisation is not a person's ("an official
                // White House statement").
                let name = self.joined(hit.end, end);
                if self
                    .typed(hit.end, end, &name)
                    .is_some_and(|m| m.kind != EntityKind::Person)
                {
                    return None;
                }
                self.push_modifier(&hit, out);
                let mut m = self.mention(
                    hit.start,
                    end,
                    hit.end,
                    EntityKind::Person,
                    MentionForm::Name,
                );
                m.role = Some(hit.role);
                m.role_of = hit.role_of;
                m.role_class = Some(hit.class);
                m.former = hit.former;
                out.push(m);
                Some(end)
            }
            None => {
                // "the president", "Ukraine's foreign minister", ", Republican chairman of".
                let mut before = hit.start;
                if before > 0 && AFFILIATION_ADJECTIVES.contains(&self.word(before - 1)) {
                    before -= 1;
                }
                let determined = before > 0 && {
                    let word = Lower::of(self.word(before - 1));
                    DETERMINERS.contains(&word.as_str())
                        || self.tokens[before - 1].kind == TokenKind::Possessive
                };
                // "a private audience", "a major opportunity": a one-word rank in lower case
                // is an adjective.
                let rank_adjective = hit.class == TitleClass::Military
                    && hit.end - hit.start == 1
                    && !self.is_capitalised(hit.start);
                if !determined || hit.class == TitleClass::Honorific || rank_adjective {
                    return None;
                }
                self.push_modifier(&hit, out);
                let mut m = self.mention(
                    hit.start,
                    hit.end,
                    hit.start,
                    EntityKind::Person,
                    MentionForm::Nominal,
                );
                m.role = Some(hit.role);
                m.role_of = hit.role_of;
                m.role_class = Some(hit.class);
                m.former = hit.former;
                m.indefinite = matches!(
                    Lower::of(self.word(before - 1)).as_str(),
                    "a" | "an" | "one" | "another"
                );
                out.push(m);
                Some(hit.end)
            }
        }
    }

    /// Emits the modifier in front of a title ("Russian", "FBI") as a mention of its own.
    fn push_modifier(&self, hit: &TitleHit, out: &mut Vec<Mention>) {
        if let Some(m) = &hit.modifier {
            let mut mention = self.mention(m.from, m.to, m.from, m.kind, m.form);
            mention.canonical = m.canonical.clone();
            out.push(mention);
        }
    }

    fn title_at(&self, i: usize) -> Option<TitleHit> {
        if !self.is_word(i) {
            return None;
        }
        let mut former = false;
        let mut j = i;
        if self.word(j).eq_ignore_ascii_case("former") {
            former = true;
            j += 1;
        }
        let modifier = self.modifier(j);
        let after_mod = modifier.as_ref().map_or(j, |m| m.to);
        let t = self.title_words(after_mod)?;
        // A country's name before a lower-case non-government title gives its subject, not
        // where it is held: "a Russia specialist" (but "a Russian general", "a U.S. senator").
        let subject_matter = modifier
            .as_ref()
            .is_some_and(|m| m.kind == EntityKind::Gpe && m.form == MentionForm::Name)
            && t.class != TitleClass::Government
            && !self.is_capitalised(after_mod);
        let role_of = modifier.as_ref().filter(|_| !subject_matter).map(|m| {
            m.canonical
                .clone()
                .unwrap_or_else(|| self.joined(m.from, m.to).into_owned())
        });
        Some(TitleHit {
            start: i,
            end: after_mod + t.len,
            role: t.role,
            class: t.class,
            role_of,
            modifier,
            former,
        })
    }

    /// A title at `at`: one from the lexicon, or one built from up to three modifier words
    /// and a head the lexicon knows ("natural resources minister", "Foreign Affairs
    /// Minister", "home secretary"), or a bare role noun ("leader").
    fn title_words(&self, at: usize) -> Option<Title> {
        // Most words start no title: then the lexicon is not asked.
        let listed = if at < self.len() && !self.title_word(at).starts {
            None
        } else {
            lexicon::match_title(&self.words[at.min(self.len())..])
        };
        for extra in (1..=3).rev() {
            let head = at + extra;
            if head >= self.len() || listed.is_some_and(|t| t.len > extra) {
                continue;
            }
            if !self.is_head(head) {
                continue;
            }
            let head_word = self.word(head);
            let modifiers = &self.words[at..head];
            // The first word of a sentence is capitalised whatever it is: "Club president X".
            let capitalised = self.is_capitalised(if at == 0 { head } else { at });
            // The cheap test first: the lookups below are only needed when it holds.
            if self.is_capitalised(head) != capitalised {
                continue;
            }
            let plain = (at..head).all(|k| {
                let w = self.word(k);
                self.is_word(k)
                    && (self.is_capitalised(k) == capitalised || k == 0)
                    && w.chars().all(char::is_alphabetic)
                    && !FUNCTION_WORDS.contains(&Lower::of(w).as_str())
                    && !verbs::is_verb(w)
                    && lexicon::first_name(w).is_none()
                    && lexicon::country(w).is_none()
                    && lexicon::country_by_demonym(w).is_none()
                    && !lexicon::known_org(w)
            });
            if !plain {
                continue;
            }
            let head_title = lexicon::match_title(&[head_word])
                .filter(|t| t.class != TitleClass::Honorific && t.class != TitleClass::Military);
            if head_title.is_some() || lexicon::role_noun(head_word) {
                let role = modifiers
                    .iter()
                    .chain([&head_word])
                    .map(|w| title_case(w))
                    .collect::<Vec<_>>()
                    .join(" ");
                // "Club president", "Board chair": an organisation's office, not the state's.
                let of_organisation = modifiers
                    .iter()
                    .any(|w| lexicon::context_noun(w) == Some(EntityKind::Org));
                let class = head_title
                    .filter(|_| !of_organisation)
                    .map_or(TitleClass::Corporate, |t| t.class);
                return Some(Title {
                    len: extra + 1,
                    role,
                    class,
                });
            }
        }
        if let Some(t) = listed {
            return Some(Title {
                len: t.len,
                role: t.role.to_string(),
                class: t.class,
            });
        }
        let w = self.word(at);
        // A role noun is a head ([`lexicon::TitleWord`]), known for the sentence already.
        (self.is_word(at)
            && self.is_head(at)
            && w.chars().all(char::is_lowercase)
            && lexicon::role_noun(w))
        .then(|| Title {
            len: 1,
            role: title_case(w),
            class: TitleClass::Corporate,
        })
    }

    /// The end of the run of name tokens starting at `i`.
    fn name_run(&self, i: usize) -> usize {
        let mut end = i;
        loop {
            while end < self.len()
                && (self.is_capitalised(end) || self.is_particle_in_name(end))
                && !self.is_tag(end)
            {
                end += 1;
            }
            // Organisation names may span "of"/"for"/"and": "Endowment for International Peace";
            // never onto a date ("Acme Corp on Friday").
            if end + 1 < self.len()
                && ORG_CONNECTORS.contains(&self.word(end))
                && self.is_capitalised(end + 1)
                && !crate::text::dates::is_calendar_name(self.word(end + 1))
            {
                let next_end = {
                    let mut k = end + 1;
                    while k < self.len() && self.is_capitalised(k) {
                        k += 1;
                    }
                    k
                };
                let has_of = self.words[i..end]
                    .iter()
                    .any(|w| matches!(*w, "of" | "for"));
                let first_part = self.joined(i, end);
                let first_is_name = lexicon::known_org(&first_part)
                    || lexicon::country(&first_part).is_some()
                    || lexicon::place(&first_part).is_some()
                    || lexicon::first_name(self.word(i)).is_some()
                    || lexicon::org_cue(self.word(end - 1));
                let joins = if self.word(end) == "and" || self.word(end) == "&" {
                    // "Department of Health and Human Services", "Securities and Exchange
                    // Commission" (but not "Senate and House" or "Smith and Jones Ltd").
                    lexicon::org_cue(self.word(next_end - 1)) && (has_of || !first_is_name)
                } else {
                    self.words[i..end].iter().any(|w| lexicon::org_cue(w))
                        || lexicon::org_cue(self.word(next_end - 1))
                            && end - i >= 1
                            && lexicon::country(&self.joined(end + 1, next_end)).is_none()
                            && self.word(end) != "of"
                };
                if joins {
                    end = next_end;
                    continue;
                }
            }
            // "National Economic Prosecutor's Office", "People's Party": a possessive inside an
            // organisation's name, when what owns it is not itself a known name.
            if end > i
                && end + 1 < self.len()
                && self.tokens[end].kind == TokenKind::Possessive
                && self.is_capitalised(end + 1)
            {
                let mut k = end + 1;
                while k < self.len() && k < end + 3 && self.is_capitalised(k) {
                    k += 1;
                }
                let owner = self.joined(i, end);
                let owner_known = self.typed(i, end, &owner).is_some()
                    || lexicon::first_name(self.word(i)).is_some();
                if lexicon::org_cue(self.word(k - 1))
                    && !owner_known
                    && (k == self.len() || !self.is_capitalised(k))
                {
                    end = k;
                }
            }
            break;
        }
        // Keep name suffixes; stop before a trailing month + day ("DeYoung May 16").
        if end < self.len() && NAME_SUFFIXES.contains(&self.word(end)) {
            end += 1;
        }
        while end > i + 1 && lexicon::is_weekday_or_month(self.word(end - 1)) {
            end -= 1;
        }
        end.max(i + 1)
    }

    fn is_particle_in_name(&self, i: usize) -> bool {
        NAME_PARTICLES.contains(&self.word(i))
            && i > 0
            && self.is_capitalised(i - 1)
            && self.is_capitalised(i + 1)
    }

    /// A dateline place: an all-capitals run opening a sentence before a comma or dash
    /// ("NEW YORK, March 4", "LONDON —"), typed as the place it names.
    fn dateline(&self, from: usize, to: usize) -> Option<Mention> {
        let words = &self.words[from..to];
        let all_caps = words
            .iter()
            .all(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.'));
        if from != 0 || !all_caps || !matches!(self.word(to), "," | "—" | "–" | "(" | "-") {
            return None;
        }
        let name = words
            .iter()
            .map(|w| {
                let lower = w.to_lowercase();
                title_case(&lower)
            })
            .collect::<Vec<_>>()
            .join(" ");
        let canonical = lexicon::country(&name)
            .map(|c| c.name)
            .or_else(|| lexicon::place(&name).map(|p| p.name));
        let mut m = self.mention(from, to, from, EntityKind::Gpe, MentionForm::Dateline);
        m.canonical = Some(canonical.map_or(name, str::to_string));
        Some(m)
    }

    /// True for a neuter pronoun that can stand for an organisation: "its", or "it" after a
    /// verb and not before a form of be or a modal ("asked it to", not "it is feared").
    fn refers_to_thing(&self, i: usize) -> bool {
        let w = Lower::of(self.word(i));
        let next = Lower::of(self.word(i + 1));
        let expletive_next = matches!(
            next.as_str(),
            "is" | "was"
                | "has"
                | "had"
                | "would"
                | "could"
                | "will"
                | "may"
                | "might"
                | "seems"
                | "appears"
                | "’s"
                | "'s"
        );
        w.as_str() == "its"
            || w.as_str() == "it"
                && i > 0
                && self.word(i - 1).chars().all(char::is_lowercase)
                && !expletive_next
                && !FUNCTION_WORDS.contains(&self.word(i - 1))
    }

    /// "the board", "the federation", "the company": a definite description of an
    /// organisation (the noun's token only; resolution finds which one).
    fn org_description(&self, i: usize) -> Option<Mention> {
        if self.word(i) != "the" && self.word(i) != "The" {
            return None;
        }
        let noun = self.word(i + 1);
        let org_noun = noun.chars().all(char::is_lowercase)
            && lexicon::context_noun(noun) == Some(EntityKind::Org)
            && lexicon::org_cue(&title_case(noun));
        // Not a modifier: "the company founder".
        let head = self.before_lowercase_noun(i + 2);
        (org_noun && !head)
            .then(|| self.mention(i + 1, i + 2, i + 1, EntityKind::Org, MentionForm::Nominal))
    }

    /// True when the word after a capitalised run makes it read as a name: a verb ("Smith
    /// said"), a possessive or a comma.
    fn reads_as_subject(&self, after: usize) -> bool {
        after < self.len()
            && (verbs::is_verb(self.word(after))
                || self.word(after).ends_with("ed")
                    && self.word(after).chars().all(char::is_lowercase)
                || self.tokens[after].kind == TokenKind::Possessive
                || self.word(after) == ",")
    }

    /// Types the run `from..to` and emits its mention(s).
    fn classify_run(&self, mut from: usize, to: usize, out: &mut Vec<Mention>) {
        if let Some(m) = self.dateline(from, to) {
            out.push(m);
            return;
        }
        // Position-capitalised common words at the start are not names ("Initial reports",
        // "Other US officials"); neither is a leading "The".
        while from < to {
            let w = self.word(from);
            let known = lexicon::country(w).is_some()
                || lexicon::country_by_demonym(w).is_some()
                || lexicon::known_org(w)
                || lexicon::place(w).is_some()
                || lexicon::first_name(w).is_some();
            // Capitalised only by position: a common word or verb ("Initial", "Addressing"),
            // or a lone word the document never capitalises elsewhere ("Broad smiles").
            let by_position = self.is_sentence_initial(from)
                && !known
                && !self.mid_capitalised.contains(w)
                && !(to - from >= 2 && lexicon::org_cue(self.word(to - 1)))
                && (lexicon::is_common_word(w)
                    || verbs::is_verb(w)
                    || w.ends_with("ing") && w.len() > 5
                    || to - from == 1 && !self.reads_as_subject(to));
            let strip = w == "The" || by_position;
            if !strip {
                break;
            }
            from += 1;
        }
        if from >= to {
            return;
        }
        let words = &self.words[from..to];
        let not_name = |w: &&str| {
            lexicon::is_weekday_or_month(w)
                || AFFILIATION_ADJECTIVES.contains(w)
                || lexicon::is_adjective(w)
                || lexicon::is_common_word(w)
                    && words.len() == 1
                    && self.is_sentence_initial(from)
                    && !self.mid_capitalised.contains(*w)
        };
        if words.iter().all(not_name) {
            return;
        }
        let text = self.joined(from, to);
        // Split a leading demonym or country off an organisation-less run ("Russian Syria"? no:
        // "Russian officials" never reaches here: lower case ends the run).
        // A run ending in a known organisation after other names ("Obama White House"):
        // emit both parts.
        for cut in from + 1..to {
            let tail = self.joined(cut, to);
            if to - cut >= 2 && lexicon::known_org(&tail) {
                self.classify_run(from, cut, out);
                self.classify_run(cut, to, out);
                return;
            }
        }
        if let Some(m) = self.typed(from, to, &text) {
            out.push(m);
            return;
        }
        // A demonym or country followed by more names: emit both parts.
        if words.len() >= 2 {
            if let Some(c) =
                lexicon::country_by_demonym(words[0]).or_else(|| lexicon::country(words[0]))
            {
                let mut m = self.mention(
                    from,
                    from + 1,
                    from,
                    EntityKind::Gpe,
                    self.country_form(words[0]),
                );
                m.canonical = Some(c.name.to_string());
                out.push(m);
                // "US Intelligence relations": a lone capitalised modifier is not a name.
                if !(to - from == 2 && self.before_lowercase_noun(to)) {
                    self.classify_run(from + 1, to, out);
                }
                return;
            }
        }
        // "Intelligence officials said": a lone unknown word opening a sentence before a noun.
        if words.len() == 1
            && self.is_sentence_initial(from)
            && !self.mid_capitalised.contains(words[0])
            && self.before_lowercase_noun(to)
        {
            return;
        }
        out.extend(self.fallback(from, to, &text));
    }

    /// True when token `at` is a lower-case word that is neither a function word nor a verb:
    /// the noun a capitalised modifier before it describes.
    fn before_lowercase_noun(&self, at: usize) -> bool {
        let w = self.word(at);
        self.is_word(at)
            && w.chars().all(char::is_lowercase)
            && !FUNCTION_WORDS.contains(&w)
            && !verbs::is_verb(w)
            && !w.ends_with("ed")
            && !w.ends_with("ing")
    }

    fn country_form(&self, word: &str) -> MentionForm {
        match lexicon::country_by_demonym(word) {
            // Plural nouns ("Russians") stand for the country; adjectives only point to it.
            Some(_) if word.ends_with('s') && lexicon::country(word).is_none() => MentionForm::Name,
            Some(_) => MentionForm::Demonym,
            None => MentionForm::Name,
        }
    }

    /// Lexicon-based typing of a whole run.
    fn typed(&self, from: usize, to: usize, text: &str) -> Option<Mention> {
        let words = &self.words[from..to];
        // "Trump administration": a name and a lower-case organisation head.
        if let Some(&(_, head)) = ORG_HEADS_AFTER_NAME
            .iter()
            .find(|(w, _)| to < self.len() && self.word(to) == *w)
        {
            if lexicon::country(text).is_none() && lexicon::country_by_demonym(text).is_none() {
                let mut m = self.mention(from, to + 1, from, EntityKind::Org, MentionForm::Name);
                let owner = if lexicon::known_org(text) {
                    text
                } else {
                    words[words.len() - 1]
                };
                m.canonical = Some(format!("{owner} {head}"));
                return Some(m);
            }
        }
        let event_after = to < self.len()
            && lexicon::event_cue(self.word(to))
            && self.word(to).chars().next().is_some_and(char::is_lowercase);
        if event_after && words.len() == 1 && words[0].chars().any(|c| c.is_ascii_digit()) {
            return Some(self.mention(from, to + 1, from, EntityKind::Event, MentionForm::Name));
        }
        // Without its dots only when it has any: else it is the text already looked up.
        let undotted = || {
            text.contains('.')
                .then(|| lexicon::org_canonical(&text.replace('.', "")))
                .flatten()
        };
        if let Some(canonical) = lexicon::org_canonical(text).or_else(undotted) {
            let mut m = self.mention(from, to, from, EntityKind::Org, MentionForm::Name);
            m.canonical = Some(canonical.to_string());
            return Some(m);
        }
        // A known organisation's press office or similar unit stands for it ("White House
        // Press Service").
        for cut in (from + 1..to).rev() {
            let head = self.joined(from, cut);
            let unit = self.joined(cut, to);
            if let (Some(canonical), true) = (
                lexicon::org_canonical(&head),
                ORG_SUBUNITS.contains(&unit.as_ref()),
            ) {
                let mut m = self.mention(from, to, from, EntityKind::Org, MentionForm::Name);
                m.canonical = Some(canonical.to_string());
                return Some(m);
            }
        }
        if let Some(c) = lexicon::country(text) {
            let mut m = self.mention(from, to, from, EntityKind::Gpe, MentionForm::Name);
            m.canonical = Some(c.name.to_string());
            return Some(m);
        }
        if words.len() == 1 {
            if let Some(c) = lexicon::country_by_demonym(text) {
                let mut m = self.mention(from, to, from, EntityKind::Gpe, self.country_form(text));
                m.canonical = Some(c.name.to_string());
                return Some(m);
            }
        }
        if let Some(p) = lexicon::place(text) {
            return Some(self.mention(from, to, from, p.kind, MentionForm::Name));
        }
        let last = words[words.len() - 1];
        if words.len() >= 2 && (lexicon::org_cue(last) || lexicon::org_prefix(words[0])) {
            return Some(self.mention(from, to, from, EntityKind::Org, MentionForm::Name));
        }
        if let Some(kind) = lexicon::place_cue(last).filter(|_| words.len() >= 2) {
            return Some(self.mention(from, to, from, kind, MentionForm::Name));
        }
        if lexicon::event_cue(last) && words.len() >= 2 {
            return Some(self.mention(from, to, from, EntityKind::Event, MentionForm::Name));
        }
        if to < self.len()
            && lexicon::event_cue(self.word(to))
            && self.word(to).chars().next().is_some_and(char::is_lowercase)
            && words.len() == 1
            && words[0].chars().any(|c| c.is_ascii_digit())
        {
            return Some(self.mention(from, to + 1, from, EntityKind::Event, MentionForm::Name));
        }
        if words.len() >= 2
            && lexicon::first_name(words[0]).is_some()
            && !words.iter().any(|w| lexicon::org_cue(w))
        {
            return Some(self.mention(from, to, from, EntityKind::Person, MentionForm::Name));
        }
        None
    }

    /// Typing by shape and context when no lexicon knows the run.
    fn fallback(&self, from: usize, to: usize, text: &str) -> Option<Mention> {
        let words = &self.words[from..to];
        let last = words[words.len() - 1];
        let acronym = words.len() == 1
            && text.len() >= 2
            && text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        // "Fairbanks, Alaska": a place before a comma and a known region or state.
        let before_place = self.word(to) == ","
            && lexicon::place(self.word(to + 1)).is_some_and(|p| p.kind == EntityKind::Gpe);
        let kind = if acronym {
            EntityKind::Org
        } else if before_place {
            EntityKind::Gpe
        } else if let Some(kind) = self.context_kind(from, to) {
            kind
        } else if words.iter().any(|w| lexicon::org_cue(w)) {
            EntityKind::Org
        } else if words.len() >= 2 && (lexicon::country(last).is_some() || is_group_plural(last)) {
            // "Sport Integrity Australia", "Liberal Democrats".
            EntityKind::Org
        } else if words.len() >= 2 && lexicon::is_common_word(last) {
            // "Resolute Desk": a capitalised common noun is a thing, not a surname.
            return None;
        } else {
            let mut m = self.mention(from, to, from, EntityKind::Person, MentionForm::Name);
            m.kind_guessed = true;
            return Some(m);
        };
        Some(self.mention(from, to, from, kind, MentionForm::Name))
    }

    /// The type the words around an unknown name suggest: a noun before it ("the newspaper
    /// X", "the city of X"), an apposition after it ("X, the state-owned company"), a
    /// possessed noun ("X's shares"), or a place preposition ("in X").
    fn context_kind(&self, from: usize, to: usize) -> Option<EntityKind> {
        let lower = |k: usize| Lower::of(self.word(k));
        let mut before = from;
        if before > 0 && lower(before - 1).as_str() == "of" {
            before -= 1;
        }
        if before > 0 {
            if let Some(kind) = lexicon::context_noun(self.word(before - 1))
                .filter(|_| !self.is_capitalised(before - 1))
            {
                return Some(kind);
            }
        }
        if self.word(to) == "," && matches!(lower(to + 1).as_str(), "the" | "a" | "an") {
            // The head comes before any preposition ("X, the founder of the fund Y" is a
            // person), and a role noun there makes X a person.
            let head = (to + 2..(to + 7).min(self.len()))
                .take_while(|&k| {
                    !matches!(self.word(k), "," | "." | ";")
                        && !matches!(
                            lower(k).as_str(),
                            "of" | "at" | "for" | "in" | "from" | "with"
                        )
                })
                .find_map(|k| {
                    let possessed = self
                        .tokens
                        .get(k + 1)
                        .is_some_and(|t| t.kind == TokenKind::Possessive);
                    if lexicon::role_noun(self.word(k)) && !possessed {
                        Some(EntityKind::Person)
                    } else {
                        lexicon::context_noun(self.word(k))
                    }
                });
            if head.is_some() {
                return head;
            }
        }
        if to < self.len() && self.tokens[to].kind == TokenKind::Possessive {
            if let Some(kind) =
                lexicon::context_noun(self.word(to + 1)).filter(|k| *k == EntityKind::Org)
            {
                return Some(kind);
            }
        }
        let mut p = from;
        if p > 0 && lower(p - 1).as_str() == "the" {
            p -= 1;
        }
        let locative = p > 0
            && matches!(
                lower(p - 1).as_str(),
                "in" | "near" | "outside" | "across" | "throughout" | "around"
            );
        // Not "in the Obama era": a name used as a modifier.
        if locative
            && lexicon::first_name(self.word(from)).is_none()
            && !self.before_lowercase_noun(to)
        {
            return Some(EntityKind::Gpe);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean, ingest::Document, text};

    fn mentions(
        text: &str,
    ) -> Vec<(
        String,
        EntityKind,
        MentionForm,
        Option<String>,
        Option<String>,
    )> {
        let doc = text::segment(clean::clean(Document::from_text("t", text)));
        let found = RuleRecogniser.recognise(&doc);
        found
            .into_iter()
            .map(|m| {
                (
                    m.name_span.slice(&doc.clean.text).to_string(),
                    m.kind,
                    m.form,
                    m.role,
                    m.role_of,
                )
            })
            .collect()
    }

    fn names(text: &str) -> Vec<(String, EntityKind)> {
        mentions(text)
            .into_iter()
            .filter(|m| m.2 == MentionForm::Name)
            .map(|m| (m.0, m.1))
            .collect()
    }

    fn n(s: &str, k: EntityKind) -> (String, EntityKind) {
        (s.to_string(), k)
    }

    #[test]
    fn group_plurals_and_words_ending_in_any_character() {
        assert!(is_group_plural("Democrats"));
        assert!(!is_group_plural("Boss"));
        assert!(!is_group_plural("Mis"));
        // Found by the `extract` fuzz target: a cut one byte from the end panicked.
        assert!(!is_group_plural("Misҍ"));
        assert!(!is_group_plural("Ҍ"));
    }

    #[test]
    fn guessed_kinds_come_from_the_same_name_or_a_longer_organisation() {
        let text = "Meridian Logistics hired Lea. Meridian grew. Lea left. Meri and Lea Grant.";
        let at = |name: &str, nth: usize| {
            let start = text.match_indices(name).nth(nth).unwrap().0;
            Span::new(start, start + name.len())
        };
        let mention = |span: Span, kind: EntityKind, kind_guessed: bool| Mention {
            span,
            name_span: span,
            sentence: 0,
            tokens: 0..1,
            kind,
            form: MentionForm::Name,
            canonical: None,
            role: None,
            role_of: None,
            role_class: None,
            former: false,
            kind_guessed,
            indefinite: false,
        };
        let mut found = vec![
            mention(at("Meridian Logistics", 0), EntityKind::Org, false),
            mention(at("Lea", 0), EntityKind::Gpe, false),
            mention(at("Meridian", 1), EntityKind::Person, true),
            mention(at("Lea", 1), EntityKind::Person, true),
            mention(at("Meri", 2), EntityKind::Person, true),
            mention(at("Lea", 2), EntityKind::Org, false),
        ];
        adopt_known_kinds(&mut found, text);
        let kinds: Vec<(EntityKind, bool)> =
            found.iter().map(|m| (m.kind, m.kind_guessed)).collect();
        assert_eq!(
            kinds,
            [
                (EntityKind::Org, false),
                (EntityKind::Gpe, false),
                // The start of "Meridian Logistics".
                (EntityKind::Org, false),
                // The first known "Lea" decides.
                (EntityKind::Gpe, false),
                // "Meri" starts "Meridian" but not at a word boundary.
                (EntityKind::Person, true),
                (EntityKind::Org, false),
            ]
        );
    }

    #[test]
    fn titles_become_roles() {
        let found = mentions("Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of State Rex Tillerson.");
        let lavrov = found
            .iter()
            .find(|m| m.0 == "Sergei Lavrov")
            .expect("Lavrov found");
        assert_eq!(
            (lavrov.1, lavrov.3.as_deref(), lavrov.4.as_deref()),
            (EntityKind::Person, Some("Foreign Minister"), Some("Russia"))
        );
        let tillerson = found
            .iter()
            .find(|m| m.0 == "Rex Tillerson")
            .expect("Tillerson found");
        assert_eq!(
            (tillerson.3.as_deref(), tillerson.4.as_deref()),
            (Some("Secretary of State"), Some("United States"))
        );
    }

    #[test]
    fn club_prefixes_and_place_heads_type_unknown_names() {
        use EntityKind::*;
        assert_eq!(
            names("Fans of FC Vardenbrook cheered. The Kelby Ledger reported it."),
            vec![n("FC Vardenbrook", Org), n("Kelby Ledger", Org)]
        );
        assert_eq!(
            names("They patrolled Marlow County near the Tessen River."),
            vec![n("Marlow County", Gpe), n("Tessen River", Loc)]
        );
    }

    #[test]
    fn an_apposition_is_typed_by_its_head_not_by_a_noun_after_of() {
        use EntityKind::*;
        let found =
            names("It came from Tove Raaks, the founder of the activist fund Greyline Partners.");
        assert_eq!(found[0], n("Tove Raaks", Person), "{found:?}");
        let found = mentions("He is the best player I have coached.");
        assert!(found.iter().all(|m| m.0 != "I"), "{found:?}");
    }

    #[test]
    fn lower_case_titles_before_names() {
        let found = mentions("He spoke with national security adviser H.R. McMaster and the F.B.I. director James Comey.");
        let names: Vec<_> = found
            .iter()
            .filter(|m| m.2 == MentionForm::Name)
            .map(|m| (m.0.as_str(), m.3.as_deref()))
            .collect();
        assert!(
            names.contains(&("H.R. McMaster", Some("National Security Adviser"))),
            "{names:?}"
        );
        assert!(
            names.contains(&("James Comey", Some("Director"))),
            "{names:?}"
        );
    }

    #[test]
    fn organisations_places_and_countries() {
        assert_eq!(
            names(
                "He works at the Carnegie Endowment for International Peace in Fairbanks, Alaska."
            ),
            vec![
                n(
                    "Carnegie Endowment for International Peace",
                    EntityKind::Org
                ),
                n("Fairbanks", EntityKind::Gpe),
                n("Alaska", EntityKind::Gpe)
            ]
        );
        assert_eq!(
            names("Officials of the House Oversight Committee met."),
            vec![n("House Oversight Committee", EntityKind::Org)]
        );
        assert_eq!(
            names("Israel and Iran are not allies."),
            vec![n("Israel", EntityKind::Gpe), n("Iran", EntityKind::Gpe)]
        );
        // A connector before a weekday or month is not part of the name.
        assert_eq!(
            names("The Senate Committee on Foreign Relations heard Acme Corp on Friday."),
            vec![
                n("Senate Committee on Foreign Relations", EntityKind::Org),
                n("Acme Corp", EntityKind::Org)
            ]
        );
    }

    #[test]
    fn sentence_initial_common_words_are_not_names() {
        assert_eq!(names("Initial reports stated nothing."), vec![]);
        assert_eq!(
            names("Journalists at the conference pressed Mary Smith."),
            vec![n("Mary Smith", EntityKind::Person)]
        );
        assert_eq!(
            names("Other US officials agreed."),
            vec![n("US", EntityKind::Gpe)]
        );
    }

    #[test]
    fn descriptions_and_pronouns() {
        let found = mentions("The president met the Russian foreign minister. He smiled.");
        let forms: Vec<_> = found
            .iter()
            .map(|m| (m.0.as_str(), m.2, m.3.as_deref()))
            .collect();
        assert!(
            forms.contains(&("president", MentionForm::Nominal, Some("President"))),
            "{forms:?}"
        );
        assert!(
            forms.contains(&(
                "Russian foreign minister",
                MentionForm::Nominal,
                Some("Foreign Minister")
            )),
            "{forms:?}"
        );
        assert!(
            forms.contains(&("He", MentionForm::Pronoun, None)),
            "{forms:?}"
        );
    }

    #[test]
    fn administrations_and_demonyms() {
        let found = mentions("Officials in the Obama administration met Russian diplomats.");
        let forms: Vec<_> = found.iter().map(|m| (m.0.as_str(), m.1, m.2)).collect();
        assert!(
            forms.contains(&("Obama administration", EntityKind::Org, MentionForm::Name)),
            "{forms:?}"
        );
        assert!(
            forms.contains(&("Russian", EntityKind::Gpe, MentionForm::Demonym)),
            "{forms:?}"
        );
    }

    #[test]
    fn hashtags_and_bylines() {
        assert_eq!(
            names("Trump used a hashtag: #LetsMakePeace!"),
            vec![n("Trump", EntityKind::Person)]
        );
        assert_eq!(
            names("By Mary Jones and Karen Smith May 16"),
            vec![
                n("Mary Jones", EntityKind::Person),
                n("Karen Smith", EntityKind::Person)
            ]
        );
    }
}
