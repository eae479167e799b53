//! `HOLDS_ROLE_IN` from titles and role descriptions: "Russian Foreign Minister Sergei
//! Lavrov", "Sean Spicer, the White House press secretary", "the General Director of X,
//! NAME", "NAME is associate editor ... for the Post", "Ukraine's foreign minister".
//!
//! The body is, in order: an "of/at/for" phrase after a description; the modifier inside the
//! title ("Russian", "FBI"); a possessor before a description ("Ukraine's"); the office's
//! default country (`role_defaults.tsv`); for other offices of state, the document's home
//! country (where most of its stated government offices are held).

use crate::mentions::lexicon::{self, TitleClass};
use crate::mentions::MentionForm;
use crate::model::{EntityKind, Evidence};
use crate::resolve::{Entity, EntityIdx, ResolvedDoc};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Offices that exist under that name in essentially one country (`role_defaults.tsv`):
/// lower-cased role -> country.
static DEFAULTS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    include_str!("role_defaults.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(role, country)| (role.to_lowercase(), country.to_string()))
        .collect()
});

/// Offices of an organisation (`org_offices.txt`), lower-cased: held in the document's home
/// organisation when the text names none.
static ORG_OFFICES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("org_offices.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Name mentions the home organisation needs at least, and more than any other has.
const HOME_ORG_MENTIONS: usize = 3;

/// The organisation a document is about: the one named most often, when it is named at
/// least [`HOME_ORG_MENTIONS`] times and more often than any other.
fn home_organisation(doc: &ResolvedDoc) -> Option<EntityIdx> {
    let mut counts: HashMap<EntityIdx, usize> = HashMap::new();
    for (m, e) in doc.doc.mentions.iter().zip(&doc.entity_of) {
        if let (EntityKind::Org, MentionForm::Name, Some(e)) = (m.kind, m.form, e) {
            *counts.entry(*e).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, EntityIdx)> = counts.into_iter().map(|(e, n)| (n, e)).collect();
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    let (n, e) = *ranked.first()?;
    let runner_up = ranked.get(1).map_or(0, |r| r.0);
    (n >= HOME_ORG_MENTIONS && n > runner_up).then_some(e)
}

/// One role a person was given in a sentence, read from one document: its entities index
/// the document's entity table, and the office's default country is kept by name until the
/// corpus is merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleMention {
    /// The person.
    pub person: EntityIdx,
    /// The role, as the title lexicon spells it.
    pub role: String,
    /// The body, when the text names it.
    pub body: Option<EntityIdx>,
    /// The office's default country (`role_defaults.tsv`), when the text names no body.
    pub default_country: Option<String>,
    /// True for an office of state (the lexicon's government class).
    pub government: bool,
    /// The person before a description's possessive ("his", "Trump's"), if any.
    pub possessor: Option<EntityIdx>,
    /// True when a possessive stands before the description at all ("the federation's
    /// president"): the office belongs to that owner, not to the home country.
    pub possessed: bool,
    /// The sentence the role is given in.
    pub evidence: Evidence,
}

/// The roles one document gives, and the country of its dateline.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocRoles {
    /// Every role given to a person mention, in mention order.
    pub mentions: Vec<RoleMention>,
    /// The country of the dateline's place ("LONDON, 15 May 2023 —"), if there is one.
    pub dateline_country: Option<String>,
}

/// One role of a person in the merged corpus, its body filled in where the text or the
/// defaults allow.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RoleFact {
    /// The person.
    pub person: EntityIdx,
    /// The role, as the title lexicon spells it.
    pub role: String,
    /// The body.
    pub body: Option<EntityIdx>,
    /// True when the body is the office's default, not read from the text.
    pub defaulted: bool,
    /// The sentence the role is given in.
    pub evidence: Evidence,
}

/// True when a possessive clitic stands right before description `i`.
fn possessive_before(doc: &ResolvedDoc, i: usize) -> bool {
    let m = &doc.doc.mentions[i];
    let tokens = &doc.doc.text.sentences[m.sentence].tokens;
    m.form == MentionForm::Nominal
        && m.tokens.start > 0
        && tokens[m.tokens.start - 1].kind == crate::text::TokenKind::Possessive
}

/// The person who possesses description `i` ("his top diplomat", "Trump's adviser").
fn possessor_person(doc: &ResolvedDoc, i: usize) -> Option<EntityIdx> {
    let mentions = &doc.doc.mentions;
    let m = &mentions[i];
    if m.form != MentionForm::Nominal || m.tokens.start == 0 {
        return None;
    }
    let tokens = &doc.doc.text.sentences[m.sentence].tokens;
    let before = m.tokens.start - 1;
    let owner = |end: usize| {
        (0..i)
            .rev()
            .take_while(|&j| mentions[j].sentence == m.sentence)
            .find(|&j| mentions[j].tokens.end == end)
    };
    let j = if tokens[before].kind == crate::text::TokenKind::Possessive {
        owner(before)?
    } else {
        owner(m.tokens.start)?
    };
    let possessive_pronoun = mentions[j].form == MentionForm::Pronoun
        && tokens[before].kind != crate::text::TokenKind::Possessive;
    let by_clitic = tokens[before].kind == crate::text::TokenKind::Possessive;
    (mentions[j].kind == EntityKind::Person && (possessive_pronoun || by_clitic))
        .then(|| doc.entity_of[j])
        .flatten()
}

/// The roles document `doc` gives to people, over its own entity table; `evidence` gives the
/// evidence record of a sentence.
pub(super) fn doc_roles(doc: &ResolvedDoc, evidence: impl Fn(usize) -> Evidence) -> DocRoles {
    let mut mentions: Vec<RoleMention> = Vec::new();
    let home_org = home_organisation(doc);
    for (i, m) in doc.doc.mentions.iter().enumerate() {
        let (Some(role), Some(person)) = (&m.role, doc.entity_of[i]) else {
            continue;
        };
        if m.kind != EntityKind::Person {
            continue;
        }
        let lowered = role.to_lowercase();
        // "the president" after "Club president Julian Ortega" refers back to that role: it
        // is more evidence for it, with the same body.
        let repeated = (m.form == MentionForm::Nominal)
            .then(|| {
                mentions.iter().find(|r| {
                    r.person == person && ends_with_words(&r.role.to_lowercase(), &lowered)
                })
            })
            .flatten();
        if let Some(earlier) = repeated {
            let again = RoleMention {
                evidence: evidence(m.sentence),
                ..earlier.clone()
            };
            mentions.push(again);
            continue;
        }
        let office_of_organisation = m.role_class == Some(TitleClass::Corporate)
            && ORG_OFFICES.iter().any(|o| ends_with_words(&lowered, o));
        let possessor = possessor_person(doc, i);
        let body = stated_body(doc, i).or_else(|| {
            // "Board chair Jane Doe": the article's company; not "the council's chief
            // executive", whose owner is named but not resolved.
            if office_of_organisation && possessor.is_none() && !possessive_before(doc, i) {
                home_org
            } else {
                None
            }
        });
        let default_country = body
            .is_none()
            .then(|| DEFAULTS.get(&lowered).cloned())
            .flatten();
        mentions.push(RoleMention {
            person,
            role: role.clone(),
            body,
            default_country,
            government: m.role_class == Some(TitleClass::Government),
            possessor,
            possessed: possessor.is_some() || possessive_before(doc, i),
            evidence: evidence(m.sentence),
        });
    }
    DocRoles {
        mentions,
        dateline_country: dateline_country(doc).map(str::to_string),
    }
}

/// True if `role` ends with the whole words of `tail` ("club president", "president").
fn ends_with_words(role: &str, tail: &str) -> bool {
    role == tail
        || role
            .strip_suffix(tail)
            .is_some_and(|head| head.ends_with(' '))
}

/// What the whole corpus says about roles, gathered in a first pass over every document's
/// roles ([`RoleContext::gather`]) so that each document's role facts can then be worked out
/// on their own (`RoleContext::facts`, through `relations::role_relations`): a country named
/// in one document gives a body to an office in another. It keeps no role mention, only a
/// few facts per person and document.
pub struct RoleContext {
    /// Each merged entity's kind.
    kinds: Vec<EntityKind>,
    /// The first GPE entity of each label, looked up for every defaulted office and dateline.
    countries: HashMap<String, EntityIdx>,
    /// Each document's home country: the one its government offices are held in most often
    /// (each person counted once), its dateline counting [`DATELINE_VOTES`].
    homes: Vec<Option<EntityIdx>>,
    /// (person, lower-case role) of every office whose body the text states.
    stated: HashSet<(EntityIdx, String)>,
    /// Each person's government, from the offices of state the text gives them.
    government_of: HashMap<EntityIdx, EntityIdx>,
}

impl RoleContext {
    /// Reads every document's roles: `docs` gives them in document order, each read over its
    /// own entity table, with the map of that table onto `entities`.
    pub fn gather<'m, R: Borrow<DocRoles>>(
        docs: impl IntoIterator<Item = (R, &'m [EntityIdx])>,
        entities: &[Entity],
    ) -> RoleContext {
        let mut countries: HashMap<String, EntityIdx> = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            if e.kind == EntityKind::Gpe && !countries.contains_key(&e.label) {
                countries.insert(e.label.clone(), i);
            }
        }
        let mut context = RoleContext {
            kinds: entities.iter().map(|e| e.kind).collect(),
            countries,
            homes: Vec::new(),
            stated: HashSet::new(),
            government_of: HashMap::new(),
        };
        for (roles, map) in docs {
            let roles = roles.borrow();
            // Votes for the document's home country: the countries its government offices
            // are held in, each (person, country) pair counted once.
            let mut voters: HashSet<(EntityIdx, EntityIdx)> = HashSet::new();
            for r in &roles.mentions {
                let Some((person, body, defaulted)) = context.read(r, map) else {
                    continue;
                };
                let Some(b) = body else { continue };
                let of_state = r.government && context.kinds[b] == EntityKind::Gpe;
                if of_state {
                    voters.insert((person, b));
                }
                if !defaulted {
                    context.stated.insert((person, r.role.to_lowercase()));
                    if of_state {
                        context.government_of.insert(person, b);
                    }
                }
            }
            let mut votes: HashMap<EntityIdx, usize> = HashMap::new();
            for (_, country) in voters {
                *votes.entry(country).or_default() += 1;
            }
            // A dateline ("LONDON, 15 May 2023 —") says where the story is written from.
            let dateline = roles.dateline_country.as_deref();
            if let Some(country) = dateline.and_then(|c| context.country(c)) {
                *votes.entry(country).or_default() += DATELINE_VOTES;
            }
            context.homes.push(
                votes
                    .into_iter()
                    .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))
                    .map(|(e, _)| e),
            );
        }
        context
    }

    /// The entity of a country's name, if the corpus names it.
    fn country(&self, name: &str) -> Option<EntityIdx> {
        self.countries.get(name).copied()
    }

    /// A role mention over the merged entities: (person, body, defaulted), the body being
    /// the office's default country when the text names none. None unless a person holds it.
    fn read(
        &self,
        r: &RoleMention,
        map: &[EntityIdx],
    ) -> Option<(EntityIdx, Option<EntityIdx>, bool)> {
        let person = map[r.person];
        if self.kinds[person] != EntityKind::Person {
            return None;
        }
        let body = r.body.map(|b| map[b]);
        if body.is_some() {
            return Some((person, body, false));
        }
        let default = r.default_country.as_deref().and_then(|c| self.country(c));
        Some((person, default, default.is_some()))
    }

    /// The role facts of document `doc` (its index in [`RoleContext::gather`]'s order), with
    /// bodies filled in where the text or the defaults allow; facts without a body are left
    /// out. `roles` and `map` are the document's, as given to `gather`.
    pub(super) fn facts(&self, doc: usize, roles: &DocRoles, map: &[EntityIdx]) -> Vec<RoleFact> {
        let mut facts = Vec::new();
        for r in &roles.mentions {
            let Some((person, mut body, mut defaulted)) = self.read(r, map) else {
                continue;
            };
            let possessor = r.possessor.map(|p| map[p]);
            // "his top diplomat", "Trump's national security adviser": an office of the
            // possessor's government.
            if body.is_none() {
                if let Some(&b) = possessor.and_then(|p| self.government_of.get(&p)) {
                    body = Some(b);
                    defaulted = true;
                }
            }
            // Government offices with no stated country ("Prime Minister Jane Doe"): the home
            // country of the document, unless the corpus states a country for that person's
            // office elsewhere, and except for offices held abroad (ambassadors, envoys).
            if body.is_none() && r.government && !r.possessed {
                let role = r.role.to_lowercase();
                let national = NATIONAL_OFFICES.iter().any(|p| role.contains(p));
                if national && !self.stated.contains(&(person, role)) {
                    body = self.homes[doc];
                    defaulted = true;
                }
            }
            if body.is_some_and(|b| b != person) {
                facts.push(RoleFact {
                    person,
                    role: r.role.clone(),
                    body,
                    defaulted,
                    evidence: r.evidence.clone(),
                });
            }
        }
        facts
    }
}

/// How many stated offices a dateline's country counts for when choosing a home country.
const DATELINE_VOTES: usize = 3;

/// The country of the document's dateline place, if it has one.
fn dateline_country(doc: &ResolvedDoc) -> Option<&'static str> {
    let m = doc
        .doc
        .mentions
        .iter()
        .find(|m| m.form == MentionForm::Dateline)?;
    let name = m.canonical.as_deref()?;
    lexicon::country(name)
        .map(|c| c.name)
        .or_else(|| lexicon::place(name).and_then(|p| p.country))
}

/// Words of the national offices that default to the document's home country when no
/// country is stated (chairs, judges, party leaders and ambassadors do not: they may serve
/// any body or country).
const NATIONAL_OFFICES: &[&str] = &[
    "minister",
    "secretary",
    "president",
    "chancellor",
    "premier",
    "senator",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "attorney general",
    "adviser",
];

/// The body the text itself names for mention `i`'s role.
fn stated_body(doc: &ResolvedDoc, i: usize) -> Option<EntityIdx> {
    let mentions = &doc.doc.mentions;
    let m = &mentions[i];
    let body_kind = |j: usize| matches!(mentions[j].kind, EntityKind::Org | EntityKind::Gpe);
    let same_sentence = |j: usize| mentions[j].sentence == m.sentence;
    let tokens = &doc.doc.text.sentences[m.sentence].tokens;
    let word = |t: usize| doc.doc.text.word(m.sentence, t);
    // "the General Director of Russia's International Affairs Council", "correspondent for the Post".
    if m.form == MentionForm::Nominal {
        let mut t = m.tokens.end;
        // "associate editor and senior national security correspondent for the Post".
        if word(t) == "and" {
            t += 1;
            while t < tokens.len()
                && t < m.tokens.end + 6
                && word(t).chars().all(char::is_lowercase)
                && !matches!(word(t), "of" | "at" | "for")
            {
                t += 1;
            }
        }
        // "vice president for studies at the Carnegie Endowment": one noun between prepositions.
        while matches!(word(t), "of" | "at" | "for") {
            // The body follows the preposition, after a determiner and perhaps a type noun:
            // "founder of the hedge fund Greyline Capital".
            let mut k = t + 1;
            if matches!(word(k), "the" | "a" | "an") {
                k += 1;
            }
            let lower_run = (k..k + 3)
                .take_while(|&q| !word(q).is_empty() && word(q).chars().all(char::is_lowercase))
                .count();
            let typed = lower_run > 0 && lexicon::context_noun(word(k + lower_run - 1)).is_some();
            // The body starts after the type noun: "activist" in "the activist fund X" is
            // part of the type, not the body.
            let (first, reach) = if typed {
                (k + lower_run, k + lower_run)
            } else {
                (t + 1, t + 2)
            };
            let object = (i + 1..mentions.len())
                .take_while(|&j| same_sentence(j))
                .find(|&j| {
                    !doc.doc.is_nested(j)
                        && mentions[j].tokens.start >= first
                        && mentions[j].tokens.start <= reach
                });
            if let Some(j) = object.filter(|&j| body_kind(j)) {
                // Skip a possessor: "of Russia's International Affairs Council".
                let clitic = tokens
                    .get(mentions[j].tokens.end)
                    .is_some_and(|t| t.kind == crate::text::TokenKind::Possessive);
                let possessed = (j + 1..mentions.len())
                    .take_while(|&k| same_sentence(k))
                    .find(|&k| {
                        clitic
                            && mentions[k].tokens.start == mentions[j].tokens.end + 1
                            && body_kind(k)
                    });
                return doc.entity_of[possessed.unwrap_or(j)];
            }
            if word(t + 1).chars().all(char::is_lowercase)
                && matches!(word(t + 2), "of" | "at" | "for")
            {
                t += 2;
            } else {
                break;
            }
        }
    }
    // The modifier inside the title: "Russian" in "Russian Foreign Minister Sergei Lavrov".
    // Before a company, media or sports title a demonym is a nationality, not the body:
    // "Italian coach", "Ghanaian striker".
    if m.role_of.is_some() {
        let nationality_only = m.role_class == Some(TitleClass::Corporate);
        let nested = (i + 1..mentions.len())
            .take_while(|&j| m.span.contains(mentions[j].span))
            .find(|&j| {
                body_kind(j) && !(nationality_only && mentions[j].form == MentionForm::Demonym)
            });
        if let Some(e) = nested.and_then(|j| doc.entity_of[j]) {
            return Some(e);
        }
    }
    // A possessor before a description: "Ukraine's foreign minister".
    if m.form == MentionForm::Nominal && m.tokens.start >= 1 {
        let possessive = tokens
            .get(m.tokens.start - 1)
            .is_some_and(|t| t.kind == crate::text::TokenKind::Possessive);
        if possessive {
            let owner = (0..i)
                .rev()
                .take_while(|&j| same_sentence(j))
                .find(|&j| mentions[j].tokens.end == m.tokens.start - 1 && !doc.doc.is_nested(j));
            if let Some(j) = owner.filter(|&j| body_kind(j)) {
                return doc.entity_of[j];
            }
        }
        // "its chief financial officer": a possessive pronoun resolved to the body.
        let pronoun = (0..i).rev().take_while(|&j| same_sentence(j)).find(|&j| {
            mentions[j].tokens.end == m.tokens.start && mentions[j].form == MentionForm::Pronoun
        });
        if let Some(j) = pronoun.filter(|&j| {
            body_kind(j)
                && matches!(
                    word(mentions[j].tokens.start).to_lowercase().as_str(),
                    "its" | "their"
                )
        }) {
            return doc.entity_of[j];
        }
    }
    None
}
