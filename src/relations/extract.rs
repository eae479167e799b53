//! Trigger-based extraction of verb and noun relations inside one sentence.
//!
//! For each trigger word of the [`lexicon`](super::lexicon) table the extractor finds the
//! object where the table says it stands, the subject to the left (skipping objects of
//! prepositions and appositions) or, for a fronted phrase, the first subject after it, and
//! expands both over coordination ("met with Lavrov and Kislyak"). Passive verbs take their
//! subject from the "by" phrase.

use super::lexicon::{self, Part, Slot, Trigger};
use super::parsed;
use crate::mentions::lexicon as lexicon_of_mentions;
use crate::mentions::lower::Lower;
use crate::mentions::MentionForm;
use crate::model::{EntityKind, Predicate};
use crate::resolve::{EntityIdx, ResolvedDoc};
use crate::syntax::{DepTree, Syntax, SyntaxBuffers};
use crate::text::{verbs, TokenKind};
use std::collections::HashMap;

/// A resolved, non-nested mention usable as an argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Arg {
    /// Index in the document's mentions.
    pub mention: usize,
    /// First token in the sentence.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entity it refers to.
    pub entity: EntityIdx,
    /// Entity type.
    pub kind: EntityKind,
    /// True when reached through a pronoun or description (lowers confidence).
    pub indirect: bool,
    /// True for a demonym ("Russian"): never a party itself, only what a claim is about
    /// ("allegations of Russian interference").
    pub demonym: bool,
}

/// A relation found in a sentence, before status, date and evidence are attached.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub subject: EntityIdx,
    pub predicate: Predicate,
    pub object: EntityIdx,
    /// Token of the trigger.
    pub trigger: usize,
    /// The trigger word, lower case.
    pub verb: String,
    pub confidence: f32,
}

/// Determiners and light words allowed between a verb and its direct object.
const OBJECT_GAP: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "former", "then", "also", "both",
    "newly", "[", "(",
];
/// Auxiliaries and adverbs allowed before the verb of a `RELATED` link.
const RELATED_AUX: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may",
    "might", "must", "should", "been", "be", "being", "did", "does", "do", "also", "then", "later",
];
/// Prepositions and determiners allowed after the verb of a `RELATED` link.
const RELATED_LINKS: &[&str] = &[
    "with", "to", "for", "by", "from", "on", "at", "in", "into", "of", "about", "against", "over",
    "the", "a", "an", "his", "her", "their", "its",
];
/// Verbs whose subject is the agent of the noun they take ("opened an investigation").
pub(super) const LIGHT_VERBS: &[&str] = &[
    "opened",
    "opens",
    "launched",
    "launches",
    "began",
    "begun",
    "started",
    "announced",
    "leading",
    "led",
    "leads",
    "conducting",
    "conducted",
    "ordered",
    "carried",
];
/// Subject pronouns: when one stands unresolved before a verb, the subject is unknown.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "you", "it"];
/// Object pronouns that an editor may gloss with a name in brackets.
const OBJECT_PRONOUNS: &[&str] = &["him", "her", "them", "us"];
/// Nouns that may stand between a preposition and its real object ("the investigation into
/// links between X", "ties to X").
pub(super) const LINK_NOUNS: &[&str] = &[
    "links",
    "ties",
    "contacts",
    "connections",
    "dealings",
    "relations",
];
/// Adverbs allowed between a verb and its preposition.
const ADVERB_GAP: &[&str] = &[
    "twice",
    "once",
    "privately",
    "publicly",
    "separately",
    "briefly",
    "directly",
    "secretly",
    "again",
    "also",
    "only",
    "personally",
    "repeatedly",
    "often",
    "regularly",
    "first",
    "later",
];
/// Tokens that end a clause when looking for a subject to the left.
const CLAUSE_BREAKS: &[&str] = &[
    ";", "because", "although", "while", "but", "whereas", "“", "”", "\"",
];

/// What a predicate accepts as subject and object.
pub(super) fn accepts(predicate: Predicate, kind: EntityKind, as_subject: bool) -> bool {
    use EntityKind::*;
    match predicate {
        Predicate::MetWith => kind == Person,
        Predicate::SpokeWith => kind == Person || !as_subject && matches!(kind, Gpe | Org),
        Predicate::Fired => {
            if as_subject {
                matches!(kind, Person | Org)
            } else {
                kind == Person
            }
        }
        Predicate::Told => {
            if as_subject {
                kind == Person || kind == Org
            } else {
                kind != Loc && kind != Event
            }
        }
        Predicate::Investigated => !as_subject || matches!(kind, Person | Org),
        Predicate::AllyOf => matches!(kind, Gpe | Org | Person),
        Predicate::HoldsRoleIn => {
            if as_subject {
                kind == Person
            } else {
                matches!(kind, Org | Gpe)
            }
        }
        _ => kind != Loc && kind != Event,
    }
}

/// The arguments of one sentence and the words around them.
pub(super) struct SentenceArgs<'d> {
    pub doc: &'d ResolvedDoc,
    pub words: Vec<&'d str>,
    /// Every word in lower case, one after another; word `t` ends at `lower_ends[t]`.
    lowered: String,
    lower_ends: Vec<usize>,
    /// The trigger rows of each word.
    triggers: Vec<&'static [Trigger]>,
    pub args: Vec<Arg>,
    possessive: Vec<bool>,
    /// The sentence's dependency tree, when it has two arguments to relate.
    tree: Option<DepTree>,
}

impl<'d> SentenceArgs<'d> {
    /// Collects the arguments of sentence `sentence`.
    ///
    /// `country_of_capital` maps a capital city's entity to its country's: a capital as the
    /// party of a relation stands for its government ("accused Moscow of"). With `parse`
    /// (scratch buffers), a sentence with two arguments is parsed; without, it is not.
    pub fn new(
        doc: &'d ResolvedDoc,
        sentence: usize,
        mentions: &[usize],
        country_of_capital: &HashMap<EntityIdx, EntityIdx>,
        parse: Option<&mut SyntaxBuffers>,
    ) -> SentenceArgs<'d> {
        let text = &doc.doc.text;
        let tokens = &text.sentences[sentence].tokens;
        let possessive = tokens
            .iter()
            .map(|t| t.kind == TokenKind::Possessive)
            .collect();
        let args: Vec<Arg> = mentions
            .iter()
            .filter(|&&i| {
                !doc.doc.is_nested(i) && doc.doc.mentions[i].form != MentionForm::Dateline
            })
            .filter_map(|&i| {
                let m = &doc.doc.mentions[i];
                let entity = doc.entity_of[i]?;
                let entity = country_of_capital.get(&entity).copied().unwrap_or(entity);
                let indirect = matches!(m.form, MentionForm::Pronoun | MentionForm::Nominal);
                Some(Arg {
                    mention: i,
                    start: m.tokens.start,
                    end: m.tokens.end,
                    entity,
                    kind: m.kind,
                    indirect,
                    demonym: m.form == MentionForm::Demonym,
                })
            })
            .collect();
        let words: Vec<&'d str> = tokens.iter().map(|t| text.token_text(t)).collect();
        // Each word lower-cased once, into one buffer, and its triggers looked up once.
        let mut lowered = String::with_capacity(text.sentences[sentence].span.len());
        let mut lower_ends = Vec::with_capacity(words.len());
        let mut triggers = Vec::with_capacity(words.len());
        for w in &words {
            let start = lowered.len();
            lowered.push_str(&Lower::of(w));
            lower_ends.push(lowered.len());
            triggers.push(lexicon::triggers_of_lower(&lowered[start..]));
        }
        // Only a sentence where the tree can be read needs it: two arguments, and a trigger
        // or a role noun among its words.
        let readable = || {
            args.len() >= 2
                && words
                    .iter()
                    .zip(&triggers)
                    .any(|(w, t)| !t.is_empty() || lexicon_of_mentions::role_noun(w))
        };
        let tree = match parse {
            Some(buffers) if readable() => Syntax::embedded()
                .ok()
                .map(|syntax| syntax.parse(&words, buffers)),
            _ => None,
        };
        SentenceArgs {
            doc,
            words,
            lowered,
            lower_ends,
            triggers,
            args,
            possessive,
            tree,
        }
    }

    /// Word `t` in lower case ("" out of range).
    pub(super) fn lower(&self, t: usize) -> &str {
        match self.lower_ends.get(t) {
            Some(&end) => {
                let start = if t == 0 { 0 } else { self.lower_ends[t - 1] };
                &self.lowered[start..end]
            }
            None => "",
        }
    }

    /// Every word in lower case.
    pub(super) fn lower_words(&self) -> Vec<&str> {
        (0..self.words.len()).map(|t| self.lower(t)).collect()
    }

    fn arg_starting(&self, t: usize) -> Option<usize> {
        self.args.iter().position(|a| a.start == t)
    }

    /// The sentence's dependency tree, if it was parsed.
    pub fn tree(&self) -> Option<&DepTree> {
        self.tree.as_ref()
    }

    /// The argument whose tokens cover token `t`.
    pub(super) fn arg_covering(&self, t: usize) -> Option<usize> {
        self.args.iter().position(|a| a.start <= t && t < a.end)
    }

    /// Arguments coordinated after `first` ("X and Y", "X, Y and Z", "X and another
    /// adviser, Y"), `first` included, all of `first`'s kind group.
    fn coordinated_after(&self, first: usize) -> Vec<usize> {
        let mut out = vec![first];
        // How many of `out` a conjunction has closed: "A, B and C" is a list, but in "A, B
        // smiled" the comma ends a phrase and B is not coordinated.
        let mut closed = 1;
        let mut cur = first;
        loop {
            let mut t = self.args[cur].end;
            let mut conjunction = false;
            let mut saw_link = false;
            while t < self.words.len()
                && matches!(self.lower(t), "and" | "," | "as" | "well" | "or")
            {
                saw_link = true;
                conjunction |= matches!(self.lower(t), "and" | "or");
                t += 1;
            }
            if !saw_link {
                break;
            }
            // "and another Trump team member, Jared Kushner": a short description, then a name.
            let mut next = self
                .arg_starting(t)
                .filter(|&a| self.args[a].kind == self.args[first].kind);
            if next.is_none() && conjunction {
                let limit = (t + 6).min(self.words.len());
                let comma = (t..limit).find(|&k| self.words[k] == ",");
                if let Some(c) = comma {
                    let plain = (t..c).all(|k| {
                        self.arg_covering(k).is_some()
                            || self.words[k].chars().all(char::is_lowercase)
                    });
                    if plain {
                        next = self.arg_starting(c + 1).filter(|&a| {
                            self.args[a].kind == self.args[first].kind
                                && self.doc.doc.mentions[self.args[a].mention].form
                                    == MentionForm::Name
                        });
                    }
                }
            }
            match next {
                Some(a) => {
                    out.push(a);
                    cur = a;
                    if conjunction {
                        closed = out.len();
                    }
                }
                None => break,
            }
        }
        out.truncate(closed);
        out
    }

    /// Arguments coordinated before `last` ("X and Y" seen from Y), `last` included.
    fn coordinated_before(&self, last: usize) -> Vec<usize> {
        let mut out = vec![last];
        let mut cur = last;
        while self.args[cur].start >= 2 {
            let link = self.lower(self.args[cur].start - 1);
            if link != "and" {
                break;
            }
            match self
                .args
                .iter()
                .position(|a| a.end == self.args[cur].start - 1 && a.kind == self.args[last].kind)
            {
                Some(a) => {
                    out.push(a);
                    cur = a;
                }
                None => break,
            }
        }
        out
    }

    /// The first argument starting within the allowed gap after `t`.
    fn object_at(
        &self,
        mut t: usize,
        gap_words: &[&str],
        needs: &[String],
        predicate: Predicate,
    ) -> Option<usize> {
        let mut met_need = needs.is_empty();
        let limit = t + if needs.is_empty() { 4 } else { 6 };
        while t < self.words.len() && t <= limit {
            if let Some(a) = self.arg_starting(t) {
                // "sacked her home secretary": a possessive determiner owns the object.
                let determiner = matches!(self.lower(t), "his" | "her" | "its" | "their")
                    && self.arg_starting(t + 1).is_some();
                if determiner {
                    t += 1;
                    continue;
                }
                let party = !self.args[a].demonym || !needs.is_empty();
                if accepts(predicate, self.args[a].kind, false) && met_need && party {
                    return Some(a);
                }
                if !needs.is_empty() {
                    t = self.args[a].end;
                    continue;
                }
                return None;
            }
            let w = self.lower(t);
            // "told them [the White House]": an editor's gloss after a pronoun.
            // "telling the newspaper La Razón": a type noun in front of the name.
            let type_noun = lexicon_of_mentions::context_noun(w).is_some();
            let glossed_pronoun =
                OBJECT_PRONOUNS.contains(&w) && matches!(self.lower(t + 1), "[" | "(");
            if needs.iter().any(|n| n == w) {
                met_need = true;
            } else if !gap_words.contains(&w)
                && !type_noun
                && !glossed_pronoun
                && !(!needs.is_empty() && w.chars().all(char::is_alphabetic))
            {
                return None;
            }
            t += 1;
        }
        None
    }

    /// Objects of `trigger` at token `t`, coordination included.
    fn objects(&self, t: usize, trigger: &Trigger) -> Vec<usize> {
        let first = match &trigger.slot {
            Slot::Object => self.object_at(t + 1, OBJECT_GAP, &trigger.needs, trigger.predicate),
            Slot::Prep(p) => {
                let mut k = t + 1;
                while k < self.words.len() && ADVERB_GAP.contains(&self.lower(k)) {
                    k += 1;
                }
                if self.lower(k) != *p {
                    return Vec::new();
                }
                // "into links between X": a link noun and a second preposition first.
                if LINK_NOUNS.contains(&self.lower(k + 1))
                    && matches!(self.lower(k + 2), "between" | "to" | "with")
                {
                    k += 2;
                }
                self.object_at(k + 1, OBJECT_GAP, &[], trigger.predicate)
            }
            Slot::GapPrep(p) => {
                let limit = (t + 14).min(self.words.len());
                let mut found = None;
                let mut met_need = trigger.needs.is_empty();
                for k in t + 1..limit {
                    let w = self.lower(k);
                    if trigger.needs.iter().any(|n| n == w) {
                        met_need = true;
                    }
                    if matches!(w, "." | ";" | "“" | "”") {
                        break;
                    }
                    if w == *p && met_need {
                        found = self.object_at(k + 1, OBJECT_GAP, &[], trigger.predicate);
                        break;
                    }
                }
                found
            }
            Slot::Subject | Slot::Clause => None,
            Slot::Possessor => self
                .possessor(t)
                .filter(|&a| accepts(trigger.predicate, self.args[a].kind, false)),
        };
        first.map(|a| self.coordinated_after(a)).unwrap_or_default()
    }

    /// The possessor of the noun at `t`: "his meeting", "Trump's meeting", "the United States’
    /// most important allies" (up to five modifier tokens between).
    fn possessor(&self, t: usize) -> Option<usize> {
        let from = t.saturating_sub(7);
        for k in (from..t).rev() {
            let w = self.lower(k);
            if matches!(w, "," | "." | ";" | "the" | "a" | "an") {
                return None;
            }
            if self.possessive[k] {
                return self.args.iter().position(|a| a.end == k);
            }
            if let Some(a) = self.arg_starting(k) {
                let m = &self.doc.doc.mentions[self.args[a].mention];
                if m.form == MentionForm::Pronoun && matches!(w, "his" | "her" | "their" | "its") {
                    return Some(a);
                }
            }
        }
        None
    }

    /// True when the noun at `t` is the object of a light verb that makes the clause's
    /// subject its agent ("opened an investigation into", "leading the probe").
    fn after_light_verb(&self, t: usize) -> bool {
        (t.saturating_sub(3)..t).any(|k| LIGHT_VERBS.contains(&self.lower(k)))
    }

    /// The argument a noun at `t` stands in apposition to: "ARG, a close ally of",
    /// "ARG, the man leading the investigation".
    fn apposition_head(&self, t: usize) -> Option<usize> {
        let mut k = t;
        let mut words = 0;
        while k > 0 && words <= 5 {
            k -= 1;
            let w = &self.words[k];
            if *w == "," {
                return self.args.iter().position(|a| a.end == k);
            }
            if !w.chars().all(|c| c.is_lowercase() || c == '-') || self.arg_covering(k).is_some() {
                return None;
            }
            words += 1;
        }
        None
    }

    /// Names used as modifiers right before a noun trigger ("the Lavrov meeting",
    /// "Trump-Lavrov meeting").
    fn compound_modifiers(&self, t: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = t;
        while k > 0 {
            let prev = k - 1;
            if self.words[prev] == "-" {
                k = prev;
                continue;
            }
            match self.args.iter().position(|a| {
                a.end == k
                    && a.kind == EntityKind::Person
                    && !self.possessive.get(a.end).copied().unwrap_or(false)
            }) {
                Some(a) => {
                    out.push(a);
                    k = self.args[a].start;
                }
                None => break,
            }
        }
        out
    }

    /// The subject to the left of token `t`: the nearest argument that is not the object of a
    /// preposition, inside the same clause; with the arguments coordinated before it.
    fn subject_before(&self, t: usize, predicate: Predicate, exclude: &[usize]) -> Vec<usize> {
        // "X criticized Y ... and accused Z": a coordinated verb shares the first one's subject.
        let mut b = t;
        while b > 0
            && (ADVERB_GAP.contains(&self.lower(b - 1)) || self.lower(b - 1).ends_with("ly"))
        {
            b -= 1;
        }
        if b > 1 && self.lower(b - 1) == "and" {
            let verb = (0..b - 1).rev().find(|&k| {
                self.arg_covering(k).is_none()
                    && self.words[k].chars().all(char::is_lowercase)
                    && (verbs::is_verb(self.words[k]) || !self.triggers[k].is_empty())
            });
            if let Some(v) = verb {
                let shared = self.subject_before(v, predicate, exclude);
                if !shared.is_empty() {
                    return shared;
                }
            }
        }
        let mut k = t;
        while k > 0 {
            k -= 1;
            let w = self.lower(k);
            // Step over a quotation that closes before the trigger ("X praised the board for
            // acting "decisively," in a statement emailed to Y").
            if matches!(w, "”" | "\"") {
                let opener = (0..k).rev().find(|&q| matches!(self.words[q], "“" | "\""));
                match opener {
                    Some(q) => {
                        k = q;
                        continue;
                    }
                    None => break,
                }
            }
            // An unresolved pronoun in the way is the subject we cannot name.
            if CLAUSE_BREAKS.contains(&w)
                || SUBJECT_PRONOUNS.contains(&w) && self.arg_covering(k).is_none()
            {
                break;
            }
            let Some(a) = self.args.iter().position(|a| a.end == k + 1) else {
                continue;
            };
            k = self.args[a].start;
            let arg = self.args[a];
            if exclude.contains(&a)
                || arg.demonym
                || self.possessive.get(arg.end).copied().unwrap_or(false)
            {
                continue;
            }
            if self.doc.doc.is_oblique(arg.mention) || !accepts(predicate, arg.kind, true) {
                continue;
            }
            return self.coordinated_before(a);
        }
        Vec::new()
    }

    /// For a trigger inside a fronted phrase ("In a statement emailed to X, NAME ..."), the
    /// main-clause subject: the first suitable argument after the phrase's comma.
    fn subject_after(&self, from: usize, predicate: Predicate, exclude: &[usize]) -> Vec<usize> {
        let comma = (from..self.words.len()).find(|&k| self.words[k] == ",");
        let Some(c) = comma else { return Vec::new() };
        let start = c + 1;
        self.args
            .iter()
            .position(|a| {
                a.start >= start
                    && a.start <= start + 2
                    && !exclude
                        .contains(&self.args.iter().position(|b| b == a).unwrap_or(usize::MAX))
                    && accepts(predicate, a.kind, true)
            })
            .map(|a| self.coordinated_after(a))
            .unwrap_or_default()
    }

    /// True when a negation stands just before token `t` in its clause.
    fn negated(&self, t: usize) -> bool {
        (t.saturating_sub(3)..t).any(|k| lexicon::NEGATIONS.contains(&self.lower(k)))
    }

    /// True when the verb at `t` is passive: a be-form before it (adverbs between) and "by" after.
    fn passive_agent(&self, t: usize, predicate: Predicate) -> Option<Vec<usize>> {
        if self.lower(t + 1) != "by" {
            return None;
        }
        let agent = self.arg_starting(t + 2).or_else(|| {
            self.arg_starting(t + 3)
                .filter(|_| OBJECT_GAP.contains(&self.lower(t + 2)))
        })?;
        accepts(predicate, self.args[agent].kind, true).then(|| self.coordinated_after(agent))
    }

    fn is_passive_without_agent(&self, t: usize) -> bool {
        // "would be firing" is progressive, not passive.
        if self.lower(t).ends_with("ing") {
            return false;
        }
        let mut k = t;
        while k > 0 {
            k -= 1;
            let w = self.lower(k);
            if lexicon::BE_FORMS.contains(&w) {
                return true;
            }
            if !(w.ends_with("ly") || ADVERB_GAP.contains(&w)) {
                return false;
            }
        }
        false
    }

    /// Every relation triggered in this sentence.
    pub fn relations(&self) -> Vec<Found> {
        let mut out = Vec::new();
        for t in 0..self.words.len() {
            if self.triggers[t].is_empty() || self.arg_covering(t).is_some() || self.negated(t) {
                continue;
            }
            for trigger in self.triggers[t] {
                self.apply(t, trigger, &mut out);
            }
        }
        self.other_verbs(&mut out);
        out.dedup();
        out
    }

    /// `RELATED` links: two neighbouring arguments joined by one verb that is no trigger
    /// ("Russia annexed Crimea", "Kislyak is pictured with Trump"), so that no link is lost;
    /// a passive with "by" is turned around.
    fn other_verbs(&self, out: &mut Vec<Found>) {
        for pair in self.args.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.demonym
                || b.demonym
                || a.entity == b.entity
                || b.start <= a.end
                || b.start - a.end > 6
            {
                continue;
            }
            if out.iter().any(|f| {
                [f.subject, f.object] == [a.entity, b.entity]
                    || [f.subject, f.object] == [b.entity, a.entity]
            }) {
                continue;
            }
            let between: Vec<&str> = (a.end..b.start).map(|k| self.lower(k)).collect();
            let verbs_at: Vec<usize> = (0..between.len())
                .filter(|&k| verbs::lemma(between[k]).is_some())
                .collect();
            let [v] = verbs_at[..] else { continue };
            let before_ok = between[..v]
                .iter()
                .all(|w| RELATED_AUX.contains(w) || w.ends_with("ly"));
            let after_ok = between[v + 1..].iter().all(|w| RELATED_LINKS.contains(w));
            let trigger = !lexicon::triggers_of_lower(between[v]).is_empty();
            let negated = between[..v].iter().any(|w| lexicon::NEGATIONS.contains(w));
            if !before_ok || !after_ok || trigger || negated || self.doc.doc.is_oblique(a.mention) {
                continue;
            }
            let Some(lemma) = verbs::lemma(between[v]) else {
                continue;
            };
            let passive = between.get(v + 1).is_some_and(|w| *w == "by")
                && between[..v].iter().any(|w| lexicon::BE_FORMS.contains(w));
            let (subject, object) = if passive { (b, a) } else { (a, b) };
            let confidence = if subject.indirect || object.indirect {
                0.5
            } else {
                0.6
            };
            out.push(Found {
                subject: subject.entity,
                predicate: Predicate::Related,
                object: object.entity,
                trigger: a.end + v,
                verb: lemma.to_string(),
                confidence,
            });
        }
    }

    fn apply(&self, t: usize, trigger: &Trigger, out: &mut Vec<Found>) {
        let predicate = trigger.predicate;
        let verb = self.lower(t);
        if let Some(parties) = self
            .tree
            .as_ref()
            .and_then(|tree| parsed::parties(self, tree, t, trigger))
        {
            let confidence = match trigger.part {
                Part::Verb => 0.85,
                _ => 0.75,
            };
            self.push_all(
                &parties.subjects,
                predicate,
                &parties.objects,
                t,
                verb,
                confidence,
                out,
            );
            return;
        }

        let objects = self.objects(t, trigger);
        let mut confidence = match (trigger.part, &trigger.slot) {
            (Part::Verb, Slot::Object | Slot::Prep(_)) => 0.85,
            _ => 0.7,
        };
        let subjects: Vec<usize>;
        let mut objects = objects;
        match trigger.part {
            // Read from the tree only (above).
            Part::Claim => return,
            Part::Verb => {
                if let Some(agents) = self
                    .passive_agent(t, predicate)
                    .filter(|_| trigger.needs.is_empty())
                {
                    // "X was fired by Y" / "X, dismissed by Y": the left side is the object.
                    if trigger.slot != Slot::Object {
                        return;
                    }
                    objects = self.subject_before(t, predicate, &[]);
                    subjects = agents;
                } else if self.is_passive_without_agent(t) && trigger.slot == Slot::Object {
                    return;
                } else {
                    let mut s = self.subject_before(t, predicate, &objects);
                    if s.is_empty() && !objects.is_empty() {
                        s = self.subject_after(
                            self.args[*objects.last().unwrap_or(&0)].end,
                            predicate,
                            &objects,
                        );
                    }
                    subjects = s;
                }
            }
            Part::Noun | Part::AgentNoun => {
                let possessor = if trigger.slot == Slot::Possessor {
                    None
                } else {
                    self.possessor(t)
                };
                let modifiers = self.compound_modifiers(t);
                if predicate == Predicate::MetWith && !modifiers.is_empty() && objects.is_empty() {
                    // "during the Lavrov meeting: Trump, Tillerson and ..." — participants.
                    objects = modifiers;
                    if self.words.get(t + 1).is_some_and(|w| *w == ":") {
                        subjects = self
                            .arg_starting(t + 2)
                            .map(|a| self.coordinated_after(a))
                            .unwrap_or_default();
                    } else {
                        subjects = self.subject_before(
                            self.args[objects[objects.len() - 1]].start,
                            predicate,
                            &objects,
                        );
                    }
                } else if let Some(p) = possessor {
                    subjects = vec![p];
                } else if let Some(head) = self
                    .apposition_head(t)
                    .filter(|&a| accepts(predicate, self.args[a].kind, true))
                {
                    // "Iran, a close ally of Russia"; "Comey, the man leading the investigation".
                    subjects = vec![head];
                } else if trigger.part == Part::AgentNoun && !self.after_light_verb(t)
                    || objects.is_empty() && !predicate.is_symmetric()
                {
                    // Symmetric nouns without an object may pair a coordinated subject
                    // ("Chile and Argentina have been allies").
                    return;
                } else {
                    let mut s = self.subject_before(t, predicate, &objects);
                    if s.is_empty() {
                        let end = objects.iter().map(|&o| self.args[o].end).max().unwrap_or(t);
                        s = self.subject_after(end, predicate, &objects);
                        if s.is_empty() {
                            s = self
                                .args
                                .iter()
                                .position(|a| {
                                    a.start >= end
                                        && a.start <= end + 1
                                        && accepts(predicate, a.kind, true)
                                })
                                .into_iter()
                                .collect();
                        }
                    }
                    subjects = s;
                    confidence -= 0.1;
                }
            }
        }
        self.push_all(&subjects, predicate, &objects, t, verb, confidence, out);
    }

    /// Pushes every subject-object pair; symmetric predicates without an object pair up a
    /// coordinated subject ("Trump and Putin would be meeting").
    #[allow(clippy::too_many_arguments)]
    fn push_all(
        &self,
        subjects: &[usize],
        predicate: Predicate,
        objects: &[usize],
        t: usize,
        verb: &str,
        confidence: f32,
        out: &mut Vec<Found>,
    ) {
        if objects.is_empty() && predicate.is_symmetric() && subjects.len() >= 2 {
            let first = subjects[subjects.len() - 1];
            for &other in &subjects[..subjects.len() - 1] {
                self.push(first, predicate, other, t, verb, confidence * 0.9, out);
            }
            return;
        }
        for &s in subjects {
            for &o in objects {
                self.push(s, predicate, o, t, verb, confidence, out);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        s: usize,
        predicate: Predicate,
        o: usize,
        trigger: usize,
        verb: &str,
        confidence: f32,
        out: &mut Vec<Found>,
    ) {
        let (subject, object) = (self.args[s], self.args[o]);
        if subject.entity == object.entity {
            return;
        }
        let indirect = subject.indirect || object.indirect;
        let confidence = if indirect {
            confidence * 0.85
        } else {
            confidence
        };
        out.push(Found {
            subject: subject.entity,
            predicate,
            object: object.entity,
            trigger,
            verb: verb.to_string(),
            confidence,
        });
    }
}
