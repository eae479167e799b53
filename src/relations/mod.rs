//! Stage 6, relations: reads who did what to whom from each sentence.
//!
//! In: [`Corpus`]. Out: `Vec<RelationMention>`, one per relation per sentence, with status,
//! date and evidence.

use crate::model::{Evidence, PartialDate, Predicate, Status};
use crate::resolve::EntityIdx;

/// One relation read from one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationMention {
    /// Subject entity.
    pub subject: EntityIdx,
    /// Relation type.
    pub predicate: Predicate,
    /// Object entity.
    pub object: EntityIdx,
    /// How the text frames it.
    pub status: Status,
    /// When it happened, if the text says.
    pub date: Option<PartialDate>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// The role, for `HOLDS_ROLE_IN`.
    pub role: Option<String>,
    /// The verb lemma, for `RELATED` (and the trigger word for the others).
    pub verb: Option<String>,
    /// Where it was read.
    pub evidence: Evidence,
}

mod cues;
mod dating;
mod extract;
pub mod lexicon;
mod roles;

use crate::mentions::lexicon::countries;
use crate::model::EntityKind;
use crate::resolve::Corpus;
use rayon::prelude::*;
use std::collections::HashMap;

/// Confidence of a role read from the text, and of one filled in from an office's default.
const ROLE_CONFIDENCE: (f32, f32) = (0.9, 0.6);

/// Reads every relation in the corpus, documents in parallel, output in document order.
pub fn extract(corpus: &Corpus) -> Vec<RelationMention> {
    let capitals = country_of_capital(corpus);
    let mut out: Vec<RelationMention> = corpus
        .docs
        .par_iter()
        .map(|doc| from_document(doc, &capitals))
        .flatten()
        .collect();
    out.extend(holds_role(corpus));
    out
}

/// The evidence record of sentence `sentence` of `doc`.
fn evidence(doc: &crate::resolve::ResolvedDoc, sentence: usize) -> Evidence {
    let text = &doc.doc.text;
    let span = text.sentences[sentence].span;
    let raw = text.clean.alignment.to_raw(span);
    Evidence {
        doc: text.clean.doc.id.clone(),
        start: raw.start,
        end: raw.end,
        sentence: text.sentence_text(sentence).to_string(),
    }
}

/// Capital cities of the corpus whose country is in the corpus too: city -> country.
fn country_of_capital(corpus: &Corpus) -> HashMap<EntityIdx, EntityIdx> {
    let by_label: HashMap<&str, EntityIdx> = corpus
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Gpe)
        .map(|(i, e)| (e.label.as_str(), i))
        .collect();
    countries()
        .iter()
        .filter_map(|c| Some((*by_label.get(c.capital?)?, *by_label.get(c.name)?)))
        .collect()
}

fn from_document(
    doc: &crate::resolve::ResolvedDoc,
    capitals: &HashMap<EntityIdx, EntityIdx>,
) -> Vec<RelationMention> {
    let text = &doc.doc.text;
    let dates = dating::dates(text);
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); text.sentences.len()];
    for (i, m) in doc.doc.mentions.iter().enumerate() {
        by_sentence[m.sentence].push(i);
    }
    let mut out = Vec::new();
    for (s, mentions) in by_sentence.iter().enumerate() {
        if mentions.len() < 2 {
            continue;
        }
        let args = extract::SentenceArgs::new(doc, s, mentions, capitals);
        let lower: Vec<String> = args.words.iter().map(|w| w.to_lowercase()).collect();
        for found in args.relations() {
            let mut predicate = found.predicate;
            if predicate == Predicate::Told && cues::quotes_request(&lower) {
                predicate = Predicate::Asked;
            }
            let role = (predicate == Predicate::HoldsRoleIn).then(|| "member".to_string());
            out.push(RelationMention {
                subject: found.subject,
                predicate,
                object: found.object,
                status: cues::status(&lower, found.trigger, predicate),
                date: dates.for_trigger(s, text.sentences[s].tokens[found.trigger].span.start),
                confidence: found.confidence,
                role,
                verb: Some(found.verb),
                evidence: evidence(doc, s),
            });
        }
    }
    out
}

/// `HOLDS_ROLE_IN` edges from every title and role description.
fn holds_role(corpus: &Corpus) -> Vec<RelationMention> {
    roles::role_facts(corpus)
        .into_iter()
        .filter_map(|f| {
            let doc = &corpus.docs[f.doc];
            let sentence = doc.doc.mentions[f.mention].sentence;
            Some(RelationMention {
                subject: f.person,
                predicate: Predicate::HoldsRoleIn,
                object: f.body?,
                status: Status::Asserted,
                date: None,
                confidence: if f.defaulted {
                    ROLE_CONFIDENCE.1
                } else {
                    ROLE_CONFIDENCE.0
                },
                role: Some(f.role),
                verb: None,
                evidence: evidence(doc, sentence),
            })
        })
        .collect()
}
