//! Stage 6, relations: reads who did what to whom from each sentence.
//!
//! In: one [`ResolvedDoc`] at a time ([`read_document`], over the document's own entities),
//! then every document's [`DocRelations`] with the merged entities ([`assemble`]); or a whole
//! [`Corpus`] ([`extract`]). Out: `Vec<RelationMention>`, one per relation per sentence, with
//! status, date and evidence.

use crate::model::{Evidence, PartialDate, Predicate, Status};
use crate::resolve::EntityIdx;

/// One relation read from one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
mod parsed;
pub mod roles;

use crate::mentions::lexicon::countries;
use crate::model::EntityKind;
use crate::resolve::{Corpus, Entity, ResolvedDoc};
use crate::syntax::SyntaxBuffers;
use rayon::prelude::*;
use roles::{DocRoles, RoleContext};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Confidence of a role read from the text, and of one filled in from an office's default.
const ROLE_CONFIDENCE: (f32, f32) = (0.9, 0.6);

/// How relation arguments are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// From the dependency parse of each sentence with two arguments, falling back to word
    /// order where the tree gives no subject or object.
    Parse,
    /// From word order only: no sentence is parsed.
    Words,
}

/// What one document says, read before its entities are merged with other documents':
/// relations and roles over the document's own entity table. [`assemble`] maps them onto the
/// merged corpus.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocRelations {
    /// Relations read from the document's sentences; `subject` and `object` index the
    /// document's entity table.
    pub relations: Vec<RelationMention>,
    /// Roles given to people, for the corpus-wide `HOLDS_ROLE_IN` pass.
    pub roles: DocRoles,
}

impl DocRelations {
    /// Makes evidence records with the same document id or sentence text share one copy,
    /// as [`read_document`] makes them; for relations read back from JSON, where every
    /// record has its own.
    pub fn share_evidence_text(&mut self) {
        share_evidence_text(
            (self.relations.iter_mut().map(|r| &mut r.evidence))
                .chain(self.roles.mentions.iter_mut().map(|r| &mut r.evidence)),
        );
    }
}

/// Makes evidence records with the same document id or sentence text share one copy
/// ([`DocRelations::share_evidence_text`] over any records).
pub fn share_evidence_text<'e>(records: impl IntoIterator<Item = &'e mut Evidence>) {
    let mut seen: HashSet<Arc<str>> = HashSet::new();
    let mut share = |text: &mut Arc<str>| match seen.get(text) {
        Some(kept) => *text = Arc::clone(kept),
        None => {
            seen.insert(Arc::clone(text));
        }
    };
    for evidence in records {
        share(&mut evidence.doc);
        if let Some(text) = evidence.sentence.held() {
            let mut text = Arc::clone(text);
            share(&mut text);
            evidence.sentence = text.into();
        }
    }
}

/// Reads every relation in the corpus from parsed sentences ([`Reading::Parse`]).
pub fn extract(corpus: &Corpus) -> Vec<RelationMention> {
    extract_with(corpus, Reading::Parse)
}

/// Reads every relation in a resolved corpus, documents in parallel, output in document
/// order: [`read_document`] over the corpus's entity table, then [`assemble`].
pub fn extract_with(corpus: &Corpus, reading: Reading) -> Vec<RelationMention> {
    let table: Vec<(&str, EntityKind)> = corpus
        .entities
        .iter()
        .map(|e| (e.label.as_str(), e.kind))
        .collect();
    let read: Vec<DocRelations> = corpus
        .docs
        .par_iter()
        .map(|doc| read_document(doc, &table, reading))
        .collect();
    let identity: Vec<EntityIdx> = (0..corpus.entities.len()).collect();
    let docs: Vec<(&DocRelations, &[EntityIdx])> =
        read.iter().map(|r| (r, identity.as_slice())).collect();
    assemble(&docs, &corpus.entities).collect()
}

/// Reads the relations and roles of one document. `doc.entity_of` indexes `entities`, given
/// as (label, kind): the document's own entities, or a whole corpus's.
pub fn read_document(
    doc: &ResolvedDoc,
    entities: &[(&str, EntityKind)],
    reading: Reading,
) -> DocRelations {
    let capitals = country_of_capital(entities);
    let evidence = EvidenceOf::new(doc);
    DocRelations {
        relations: from_document(doc, &capitals, reading, &evidence),
        roles: roles::doc_roles(doc, |s| evidence.of(s)),
    }
}

/// Maps each document's relations onto the merged entities (`docs[d].1` maps document `d`'s
/// entity table onto `entities`) and adds `HOLDS_ROLE_IN` from their roles. Output: each
/// document's relations, then the relations of its roles, in document order. The roles of
/// all documents are read first, into a [`RoleContext`]; then each document's relations and
/// roles are mapped as the iterator is read ([`map_relations`], [`role_relations`]), so a
/// consumer that folds them (`graph::build`) never holds them all.
pub fn assemble<'a>(
    docs: &'a [(&'a DocRelations, &'a [EntityIdx])],
    entities: &[Entity],
) -> impl Iterator<Item = RelationMention> + 'a {
    let context = RoleContext::gather(docs.iter().map(|(r, map)| (&r.roles, *map)), entities);
    docs.iter().enumerate().flat_map(move |(d, (read, map))| {
        map_relations(Cow::Borrowed(&read.relations), map).chain(role_relations(
            &context,
            d,
            &read.roles,
            map,
        ))
    })
}

/// `HOLDS_ROLE_IN` from document `doc`'s roles, over the merged entities: `context` was
/// gathered from every document's roles ([`RoleContext::gather`]), `doc` is the document's
/// index there, and `map` maps its entity table onto the merged entities.
pub fn role_relations(
    context: &RoleContext,
    doc: usize,
    roles: &DocRoles,
    map: &[EntityIdx],
) -> Vec<RelationMention> {
    context
        .facts(doc, roles, map)
        .into_iter()
        .filter_map(|f| {
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
                evidence: f.evidence,
            })
        })
        .collect()
}

/// One document's relations over the merged entities: `map` maps the document's entity
/// table onto them.
pub fn map_relations<'r>(
    relations: Cow<'r, [RelationMention]>,
    map: &'r [EntityIdx],
) -> impl Iterator<Item = RelationMention> + 'r {
    relations
        .into_owned()
        .into_iter()
        .map(move |r| RelationMention {
            subject: map[r.subject],
            object: map[r.object],
            ..r
        })
}

/// The evidence records of one document's sentences, each made once on first use: every
/// relation and role read from a sentence shares its text and the document id.
struct EvidenceOf<'d> {
    doc: &'d ResolvedDoc,
    id: Arc<str>,
    made: Vec<OnceCell<Evidence>>,
}

impl<'d> EvidenceOf<'d> {
    fn new(doc: &'d ResolvedDoc) -> EvidenceOf<'d> {
        let text = &doc.doc.text;
        EvidenceOf {
            doc,
            id: Arc::from(text.clean.doc.id.as_str()),
            made: text.sentences.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The evidence record of sentence `sentence`.
    fn of(&self, sentence: usize) -> Evidence {
        self.made[sentence]
            .get_or_init(|| {
                let text = &self.doc.doc.text;
                let span = text.sentences[sentence].span;
                let raw = text.clean.alignment.to_raw(span);
                Evidence {
                    doc: Arc::clone(&self.id),
                    start: raw.start,
                    end: raw.end,
                    sentence: text.sentence_text(sentence).into(),
                }
            })
            .clone()
    }
}

/// Capital cities of an entity table whose country is in the table too: city -> country.
fn country_of_capital(entities: &[(&str, EntityKind)]) -> HashMap<EntityIdx, EntityIdx> {
    let by_label: HashMap<&str, EntityIdx> = entities
        .iter()
        .enumerate()
        .filter(|(_, (_, kind))| *kind == EntityKind::Gpe)
        .map(|(i, (label, _))| (*label, i))
        .collect();
    countries()
        .iter()
        .filter_map(|c| Some((*by_label.get(c.capital?)?, *by_label.get(c.name)?)))
        .collect()
}

fn from_document(
    doc: &ResolvedDoc,
    capitals: &HashMap<EntityIdx, EntityIdx>,
    reading: Reading,
    evidence: &EvidenceOf<'_>,
) -> Vec<RelationMention> {
    let text = &doc.doc.text;
    let dates = dating::dates(text);
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); text.sentences.len()];
    for (i, m) in doc.doc.mentions.iter().enumerate() {
        by_sentence[m.sentence].push(i);
    }
    let mut out = Vec::new();
    let mut buffers = SyntaxBuffers::default();
    for (s, mentions) in by_sentence.iter().enumerate() {
        if mentions.len() < 2 {
            continue;
        }
        let parse = (reading == Reading::Parse).then_some(&mut buffers);
        let args = extract::SentenceArgs::new(doc, s, mentions, capitals, parse);
        let lower = args.lower_words();
        if let Some(tree) = args.tree() {
            for role in parsed::roles(&args, tree) {
                out.push(RelationMention {
                    subject: args.args[role.person].entity,
                    predicate: Predicate::HoldsRoleIn,
                    object: args.args[role.body].entity,
                    status: cues::status_in_tree(&lower, tree, role.word, Predicate::HoldsRoleIn),
                    date: None,
                    confidence: ROLE_CONFIDENCE.0,
                    role: Some(role.role),
                    verb: None,
                    evidence: evidence.of(s),
                });
            }
        }
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
                status: match args.tree() {
                    Some(tree) => cues::status_in_tree(&lower, tree, found.trigger, predicate),
                    None => cues::status(&lower, found.trigger, predicate),
                },
                date: dates.for_trigger(s, text.sentences[s].tokens[found.trigger].span.start),
                confidence: found.confidence,
                role,
                verb: Some(found.verb),
                evidence: evidence.of(s),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::{clean, mentions, resolve, text};

    /// The relations read from `text`, as (subject label, predicate, object label, status).
    fn read(text: &str) -> Vec<(String, Predicate, String, Status)> {
        read_with(text, Reading::Parse)
    }

    /// [`read`] with the given way of reading arguments.
    fn read_with(text: &str, reading: Reading) -> Vec<(String, Predicate, String, Status)> {
        let doc = mentions::find_mentions(
            text::segment(clean::clean(Document::from_text("t.txt", text))),
            &mentions::RuleRecogniser,
        );
        let corpus = resolve::resolve(vec![doc]);
        let label = |e: EntityIdx| corpus.entities[e].label.clone();
        extract_with(&corpus, reading)
            .into_iter()
            .map(|r| (label(r.subject), r.predicate, label(r.object), r.status))
            .collect()
    }

    #[test]
    fn a_person_in_apposition_after_and_is_met_too() {
        let found = read(
            "Helen Park met with Omar Reyes and the finance minister, Lena Vogel, at the \
             palace on Friday evening.",
        );
        for other in ["Omar Reyes", "Lena Vogel"] {
            assert!(
                found.iter().any(|(s, p, o, _)| s == "Helen Park"
                    && *p == Predicate::MetWith
                    && o == other),
                "{other}: {found:?}"
            );
        }
    }

    #[test]
    fn the_last_of_an_investigated_list_is_not_the_investigator() {
        let found = read(
            "He fired Director Anna Kroll, the woman leading the investigation into links \
             between Victor Hale, his company, and the Tavern Group.",
        );
        assert!(
            !found
                .iter()
                .any(|(s, p, _, _)| s == "Tavern Group" && *p == Predicate::Investigated),
            "{found:?}"
        );
    }

    #[test]
    fn evidence_of_one_sentence_is_stored_once_and_shared_again_after_json() {
        let text = "Jane Smith, the foreign minister of France, met with John Brown and \
                    Mary Jones in Paris on Monday.";
        let extract = crate::pipeline::extract_document(
            Document::from_text("t.txt", text),
            &crate::pipeline::BuildConfig::quiet(),
        );
        let records = |read: &DocRelations| -> Vec<Evidence> {
            (read.relations.iter().map(|r| r.evidence.clone()))
                .chain(read.roles.mentions.iter().map(|r| r.evidence.clone()))
                .collect()
        };
        let all_shared = |records: &[Evidence]| {
            records
                .windows(2)
                .all(|w| w[0].sentence.shares(&w[1].sentence) && Arc::ptr_eq(&w[0].doc, &w[1].doc))
        };
        let read = records(&extract.read);
        assert!(read.len() >= 3, "two relations and a role: {read:?}");
        assert!(all_shared(&read));
        let json = serde_json::to_string(&extract.read).unwrap();
        let mut back: DocRelations = serde_json::from_str(&json).unwrap();
        assert!(
            !all_shared(&records(&back)),
            "JSON gives each record its own copy"
        );
        back.share_evidence_text();
        assert_eq!(back, extract.read);
        assert!(all_shared(&records(&back)));
    }

    /// Asserts that reading `text` gives the relation `subject -[predicate]-> object`.
    fn check(text: &str, subject: &str, predicate: Predicate, object: &str) {
        let found = read(text);
        let hit = found.iter().any(|(s, p, o, _)| {
            *p == predicate
                && (s == subject && o == object
                    || predicate.is_symmetric() && s == object && o == subject)
        });
        assert!(
            hit,
            "{subject} -[{predicate}]-> {object} not read from {text:?}; read {found:?}"
        );
    }

    /// Asserts that no closed-set relation between the two is read.
    fn check_none(text: &str, a: &str, b: &str) {
        let found = read(text);
        let hit = found
            .iter()
            .find(|(s, p, o, _)| p.is_closed() && (s == a && o == b || s == b && o == a));
        assert!(hit.is_none(), "unexpected {hit:?} from {text:?}");
    }

    fn status_of(text: &str, predicate: Predicate) -> Status {
        read(text)
            .into_iter()
            .find(|r| r.1 == predicate)
            .map(|r| r.3)
            .expect("relation read")
    }

    #[test]
    fn active_verbs_with_objects_and_prepositions() {
        check(
            "Mary Smith met with John Jones in Paris.",
            "Mary Smith",
            Predicate::MetWith,
            "John Jones",
        );
        check(
            "Mary Smith fired John Jones on Monday.",
            "Mary Smith",
            Predicate::Fired,
            "John Jones",
        );
        check(
            "Mary Smith praised John Jones.",
            "Mary Smith",
            Predicate::Praised,
            "John Jones",
        );
        check(
            "Mary Smith had spoken twice to John Jones.",
            "Mary Smith",
            Predicate::SpokeWith,
            "John Jones",
        );
        check(
            "Mary Smith privately discussed sanctions with John Jones.",
            "Mary Smith",
            Predicate::SpokeWith,
            "John Jones",
        );
        check(
            "Mary Smith shared classified information with John Jones.",
            "Mary Smith",
            Predicate::SharedIntelligence,
            "John Jones",
        );
    }

    #[test]
    fn passive_voice_takes_the_by_agent() {
        check(
            "John Jones was fired by Mary Smith.",
            "Mary Smith",
            Predicate::Fired,
            "John Jones",
        );
        check(
            "John Jones, a former minister dismissed by Mary Smith, spoke.",
            "Mary Smith",
            Predicate::Fired,
            "John Jones",
        );
        check_none(
            "John Jones was dismissed after the vote, Mary Smith said.",
            "John Jones",
            "Mary Smith",
        );
    }

    #[test]
    fn coordination_expands_both_sides() {
        let text = "Mary Smith met with John Jones and Peter Brown.";
        check(text, "Mary Smith", Predicate::MetWith, "John Jones");
        check(text, "Mary Smith", Predicate::MetWith, "Peter Brown");
        check(
            "John Jones and Mary Smith would be meeting in July.",
            "Mary Smith",
            Predicate::MetWith,
            "John Jones",
        );
        check(
            "Mary Smith criticized Peter Brown and accused John Jones of lying.",
            "Mary Smith",
            Predicate::Accused,
            "John Jones",
        );
    }

    #[test]
    fn nominalisations_and_appositions() {
        check(
            "Mary Smith said her meeting with John Jones went well.",
            "Mary Smith",
            Predicate::MetWith,
            "John Jones",
        );
        check(
            "During the talks with John Jones, Mary Smith smiled.",
            "Mary Smith",
            Predicate::SpokeWith,
            "John Jones",
        );
        check(
            "Iran, a close ally of Syria, protested.",
            "Iran",
            Predicate::AllyOf,
            "Syria",
        );
        check(
            "Israel has long been one of the United States’ most important allies.",
            "Israel",
            Predicate::AllyOf,
            "United States",
        );
        check_none(
            "Reporters asked Mary Smith about the dismissal of John Jones.",
            "Mary Smith",
            "John Jones",
        );
    }

    #[test]
    fn roles_from_titles_appositions_and_copulas() {
        check(
            "Russian Foreign Minister Ivan Petrov arrived.",
            "Ivan Petrov",
            Predicate::HoldsRoleIn,
            "Russia",
        );
        check(
            "Anna Kowalski, the Polish ambassador to Spain, spoke.",
            "Anna Kowalski",
            Predicate::HoldsRoleIn,
            "Poland",
        );
        check(
            "Mary Smith is associate editor for the Boston Herald.",
            "Mary Smith",
            Predicate::HoldsRoleIn,
            "Boston Herald",
        );
        check(
            "The director of the National Science Foundation, Paul Green, resigned.",
            "Paul Green",
            Predicate::HoldsRoleIn,
            "National Science Foundation",
        );
        check(
            "Pressure came from Tom Berg, the founder of the activist fund Greyline Partners, which owns 8 percent of Halden's shares.",
            "Tom Berg",
            Predicate::HoldsRoleIn,
            "Greyline Partners",
        );
        check(
            "Lena Holt, a Dutch member of the European Parliament, spoke.",
            "Lena Holt",
            Predicate::HoldsRoleIn,
            "European Parliament",
        );
        // A demonym before a sports or company title is a nationality.
        check_none(
            "Italian coach Marco Rossi was fired.",
            "Marco Rossi",
            "Italy",
        );
    }

    #[test]
    fn offices_of_the_article_s_organisation() {
        let text = "Halden Shipping cut jobs. Halden Shipping said losses grew. Board chair Tove Raaks resigned. Halden Shipping shares fell.";
        check(
            text,
            "Tove Raaks",
            Predicate::HoldsRoleIn,
            "Halden Shipping",
        );
        // A club's president is not an office of state, nor is "the president" who repeats it.
        let text = "MADRID (Reuters) - Club president Juan Ortiz sacked the coach. Rivals accused the president of lying.";
        check_none(text, "Juan Ortiz", "Spain");
    }

    #[test]
    fn statements_to_outlets_are_told() {
        check(
            "In a statement emailed to The New York Times, Mary Smith apologised.",
            "Mary Smith",
            Predicate::Told,
            "The New York Times",
        );
        check(
            "John Jones spoke on CNN about the deal.",
            "John Jones",
            Predicate::Told,
            "CNN",
        );
        check(
            "“I hope you can let this go,” Mary Smith told John Jones.",
            "Mary Smith",
            Predicate::Asked,
            "John Jones",
        );
    }

    #[test]
    fn status_cues() {
        assert_eq!(
            status_of("Mary Smith met with John Jones.", Predicate::MetWith),
            Status::Asserted
        );
        assert_eq!(
            status_of(
                "According to the Post, Mary Smith met with John Jones.",
                Predicate::MetWith
            ),
            Status::Reported
        );
        assert_eq!(
            status_of(
                "Mary Smith allegedly met with John Jones.",
                Predicate::MetWith
            ),
            Status::Alleged
        );
        assert_eq!(
            status_of(
                "Mary Smith denied that she met with John Jones.",
                Predicate::MetWith
            ),
            Status::Denied
        );
    }

    #[test]
    fn negated_relations_are_not_read() {
        check_none(
            "Mary Smith did not meet with John Jones.",
            "Mary Smith",
            "John Jones",
        );
    }

    #[test]
    fn other_verbs_are_kept_as_related() {
        let found = read("Russia annexed Crimea in 2014.");
        assert!(
            found
                .iter()
                .any(|(s, p, o, _)| s == "Russia" && *p == Predicate::Related && o == "Crimea"),
            "{found:?}"
        );
    }

    #[test]
    fn dates_come_from_the_sentence() {
        let doc = mentions::find_mentions(
            text::segment(clean::clean(Document::from_text("t.txt", "On the 10th of May 2017, Mary Smith met with John Jones. In March 2017 it was reported Mary Smith had spoken to Peter Brown once in July 2016."))),
            &mentions::RuleRecogniser,
        );
        let corpus = resolve::resolve(vec![doc]);
        let dates: Vec<(Predicate, String)> = extract(&corpus)
            .iter()
            .filter_map(|r| Some((r.predicate, r.date?.to_string())))
            .collect();
        assert!(
            dates.contains(&(Predicate::MetWith, "2017-05-10".into())),
            "{dates:?}"
        );
        assert!(
            dates.contains(&(Predicate::SpokeWith, "2016-07".into())),
            "{dates:?}"
        );
    }

    /// Asserts that `text` gives the relation when parsed, and not from word order alone.
    fn check_parse_only(text: &str, subject: &str, predicate: Predicate, object: &str) {
        check(text, subject, predicate, object);
        let words = read_with(text, Reading::Words);
        let hit = words
            .iter()
            .any(|(s, p, o, _)| *p == predicate && s == subject && o == object);
        assert!(!hit, "word order alone already reads it from {text:?}");
    }

    #[test]
    fn a_reported_wrongdoing_is_an_accusation_by_the_speaker() {
        check_parse_only(
            "Mary Smith told reporters that the Acme Corporation misled investors.",
            "Mary Smith",
            Predicate::Accused,
            "Acme Corporation",
        );
    }

    #[test]
    fn relative_clauses_take_the_noun_they_modify_as_subject() {
        check(
            "John Brown, who later met with Mary Smith in Paris, resigned on Monday.",
            "John Brown",
            Predicate::MetWith,
            "Mary Smith",
        );
    }

    #[test]
    fn coordinated_verbs_share_their_subject() {
        check(
            "Mary Smith arrived in Paris on Monday and immediately fired John Brown.",
            "Mary Smith",
            Predicate::Fired,
            "John Brown",
        );
    }

    #[test]
    fn leading_an_organisation_is_a_role_in_it() {
        check(
            "Ana Ruiz heads the National Farmers Union.",
            "Ana Ruiz",
            Predicate::HoldsRoleIn,
            "National Farmers Union",
        );
    }

    #[test]
    fn a_role_noun_in_apposition_names_its_body() {
        check(
            "The board of Halvard Logistics met on Monday. Its chief financial officer, Nadia Berg, spoke first. Nadia Berg, the company's founder and a director of Halvard Logistics, resigned.",
            "Nadia Berg",
            Predicate::HoldsRoleIn,
            "Halvard Logistics",
        );
    }
}
