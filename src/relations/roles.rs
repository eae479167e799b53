//! `HOLDS_ROLE_IN` from titles and role descriptions: "Russian Foreign Minister Sergei
//! Lavrov", "Sean Spicer, the White House press secretary", "the General Director of X,
//! NAME", "NAME is associate editor ... for the Post", "Ukraine's foreign minister".
//!
//! The body is, in order: an "of/at/for" phrase after a description; the modifier inside the
//! title ("Russian", "FBI"); a possessor before a description ("Ukraine's"); the office's
//! default country (`role_defaults.tsv`); for heads of state, the document's home country.

use crate::mentions::MentionForm;
use crate::model::EntityKind;
use crate::resolve::{Corpus, EntityIdx, ResolvedDoc};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Where an office is held when the text does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Default {
    Country(String),
    Home,
}

static DEFAULTS: LazyLock<HashMap<String, Default>> = LazyLock::new(|| {
    include_str!("role_defaults.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(role, target)| {
            let d = if target == "*home" {
                Default::Home
            } else {
                Default::Country(target.to_string())
            };
            (role.to_lowercase(), d)
        })
        .collect()
});

/// One role a person was given in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RoleFact {
    /// Document index.
    pub doc: usize,
    /// The mention carrying the role.
    pub mention: usize,
    /// The person.
    pub person: EntityIdx,
    /// The role, as the title lexicon spells it.
    pub role: String,
    /// The body, when the text names it.
    pub body: Option<EntityIdx>,
    /// True when the body is the office's default, not read from the text.
    pub defaulted: bool,
}

/// Every role fact in the corpus, bodies filled in where the text or the defaults allow.
pub(super) fn role_facts(corpus: &Corpus) -> Vec<RoleFact> {
    let country_entity = |name: &str| {
        corpus
            .entities
            .iter()
            .position(|e| e.kind == EntityKind::Gpe && e.label == name)
    };
    let mut facts = Vec::new();
    let mut homes: Vec<Option<EntityIdx>> = Vec::new();
    for (d, doc) in corpus.docs.iter().enumerate() {
        let mut home_votes: HashMap<EntityIdx, usize> = HashMap::new();
        for (i, m) in doc.doc.mentions.iter().enumerate() {
            let (Some(role), Some(person)) = (&m.role, doc.entity_of[i]) else {
                continue;
            };
            if m.kind != EntityKind::Person || corpus.entities[person].kind != EntityKind::Person {
                continue;
            }
            let mut body = stated_body(doc, i);
            let mut defaulted = false;
            if body.is_none() {
                if let Some(Default::Country(c)) = DEFAULTS.get(&role.to_lowercase()) {
                    body = country_entity(c);
                    defaulted = body.is_some();
                    if let Some(b) = body {
                        *home_votes.entry(b).or_default() += 1;
                    }
                }
            }
            facts.push(RoleFact {
                doc: d,
                mention: i,
                person,
                role: role.clone(),
                body,
                defaulted,
            });
        }
        let home = home_votes
            .into_iter()
            .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))
            .map(|(e, _)| e);
        homes.push(home);
    }
    // Heads of state without a stated country: the home country of the document, unless the
    // corpus states a country for that person's same office elsewhere.
    let stated: HashSet<(EntityIdx, String)> = facts
        .iter()
        .filter(|f| f.body.is_some() && !f.defaulted)
        .map(|f| (f.person, f.role.to_lowercase()))
        .collect();
    for f in facts.iter_mut().filter(|f| f.body.is_none()) {
        if DEFAULTS.get(&f.role.to_lowercase()) == Some(&Default::Home)
            && !stated.contains(&(f.person, f.role.to_lowercase()))
        {
            f.body = homes[f.doc];
            f.defaulted = true;
        }
    }
    facts.retain(|f| f.body.is_some_and(|b| b != f.person));
    facts
}

/// The body the text itself names for mention `i`'s role.
fn stated_body(doc: &ResolvedDoc, i: usize) -> Option<EntityIdx> {
    let mentions = &doc.doc.mentions;
    let m = &mentions[i];
    let body_kind = |j: usize| matches!(mentions[j].kind, EntityKind::Org | EntityKind::Gpe);
    let same_sentence = |j: usize| mentions[j].sentence == m.sentence;
    let tokens = &doc.doc.text.sentences[m.sentence].tokens;
    let word = |t: usize| {
        tokens
            .get(t)
            .map(|tok| doc.doc.text.token_text(tok))
            .unwrap_or("")
    };
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
            let object = (i + 1..mentions.len())
                .take_while(|&j| same_sentence(j))
                .find(|&j| {
                    !doc.doc.is_nested(j)
                        && mentions[j].tokens.start > t
                        && mentions[j].tokens.start <= t + 2
                });
            if let Some(j) = object.filter(|&j| body_kind(j)) {
                // Skip a possessor: "of Russia's International Affairs Council".
                let possessed = (j + 1..mentions.len())
                    .take_while(|&k| same_sentence(k))
                    .find(|&k| {
                        mentions[k].tokens.start == mentions[j].tokens.end + 1 && body_kind(k)
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
    if m.role_of.is_some() {
        let nested = (i + 1..mentions.len())
            .take_while(|&j| m.span.contains(mentions[j].span))
            .find(|&j| body_kind(j));
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
    }
    None
}
