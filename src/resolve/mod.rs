//! Stage 5, resolve: groups mentions into entities, within a document (surnames, titles,
//! pronouns, role descriptions) and across documents (full names, spelling variants).
//!
//! In: a [`MentionDoc`] ([`resolve_document`]: its own [`LocalEntity`]s), then every
//! document's local entities ([`merge`]: the corpus's entities and where each local one went);
//! or `Vec<MentionDoc>` ([`resolve`]: a [`Corpus`], one [`Entity`] per real-world entity and,
//! for every mention, the entity it refers to).

use crate::mentions::MentionDoc;
use crate::model::EntityKind;

/// Index of an entity in an entity table: [`Corpus::entities`], [`Merged::entities`], or a
/// document's [`LocalResolution::entities`].
pub type EntityIdx = usize;

/// One real-world entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable slug of the label.
    pub id: String,
    /// Canonical label: the fullest proper name seen.
    pub label: String,
    /// Entity type.
    pub kind: EntityKind,
    /// Every proper-name form seen (label included), sorted, each once (a list rather than a
    /// set: a corpus has one entity per person, and most are named once or twice).
    pub aliases: Vec<String>,
    /// Number of mentions, pronouns and descriptions included.
    pub mentions: usize,
    /// Documents it is mentioned in, sorted, each once (each id one allocation, shared by
    /// all its entities).
    pub docs: Vec<Arc<str>>,
}

/// A document whose mentions are linked to entities.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedDoc {
    /// The document with its mentions.
    pub doc: MentionDoc,
    /// For each mention (same index), the entity it refers to, or `None` (an unresolved pronoun).
    pub entity_of: Vec<Option<EntityIdx>>,
}

/// The resolved corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// Documents in input order.
    pub docs: Vec<ResolvedDoc>,
    /// Entities, sorted by id.
    pub entities: Vec<Entity>,
}

/// One entity as one document sees it: what merging across documents needs of a local
/// cluster. The per-document half of resolution ([`resolve_document`]) produces these, so
/// a document's text can be dropped before the corpus is merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalEntity {
    /// How the document names the entity. Documents that name an entity alike can share
    /// one copy ([`NameSharing`]), so a large corpus keeps each distinct name once.
    #[serde(flatten)]
    pub name: Arc<LocalName>,
    /// Number of mentions in the document.
    pub mentions: usize,
}

/// How one document names an entity: everything of a [`LocalEntity`] but its count.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LocalName {
    /// The best name in this document (the canonical one, else the fullest form).
    pub label: String,
    /// Entity type.
    pub kind: EntityKind,
    /// False when the kind was only guessed from the shape of an unknown single word.
    pub kind_certain: bool,
    /// Name parts, for people.
    pub person: Option<NameParts>,
    /// Every proper-name surface seen in the document, sorted, each once (a list rather
    /// than a set: extracts are kept for the whole build, and a list is a fraction of a
    /// set's size).
    pub aliases: Vec<String>,
}

/// Makes the [`LocalEntity`]s of many documents that name an entity alike share one
/// [`LocalName`]: the names seen so far, each once.
#[derive(Debug, Default)]
pub struct NameSharing {
    seen: HashSet<Arc<LocalName>>,
}

impl NameSharing {
    /// Points `entity` at the copy of its name seen before, or remembers its name.
    pub fn share(&mut self, entity: &mut LocalEntity) {
        match self.seen.get(&entity.name) {
            Some(kept) => entity.name = Arc::clone(kept),
            None => {
                self.seen.insert(Arc::clone(&entity.name));
            }
        }
    }
}

/// One document resolved on its own: `doc.entity_of` indexes `entities`, the document's
/// local entities.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalResolution {
    /// The document, its mentions linked to local entities.
    pub doc: ResolvedDoc,
    /// The document's entities.
    pub entities: Vec<LocalEntity>,
}

/// The entities of a merged corpus, and where each document's local entities went.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// Entities, sorted by id.
    pub entities: Vec<Entity>,
    /// Per document (in the order given), per local entity: its index in `entities`.
    pub maps: Vec<Vec<EntityIdx>>,
}

mod index;
pub mod names;
mod within;

use crate::model::slug;
use index::GroupIndex;
use names::NameParts;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use within::LocalCluster;

/// Resolves mentions to entities within each document, then merges the documents' entities
/// into one table.
pub fn resolve(docs: Vec<MentionDoc>) -> Corpus {
    let locals: Vec<LocalResolution> = docs.into_par_iter().map(resolve_document).collect();
    let tables: Vec<(&str, &[LocalEntity])> = locals
        .iter()
        .map(|l| (l.doc.doc.text.clean.doc.id.as_str(), l.entities.as_slice()))
        .collect();
    let Merged { entities, maps } = merge(&tables);
    let docs = locals
        .into_iter()
        .zip(&maps)
        .map(|(local, map)| ResolvedDoc {
            entity_of: local
                .doc
                .entity_of
                .iter()
                .map(|e| e.map(|e| map[e]))
                .collect(),
            doc: local.doc.doc,
        })
        .collect();
    Corpus { docs, entities }
}

/// Resolves one document's mentions to its local entities (names, role descriptions,
/// pronouns), with no knowledge of other documents.
pub fn resolve_document(doc: MentionDoc) -> LocalResolution {
    let local = within::resolve_document(doc);
    let entities = local.clusters.iter().map(LocalEntity::of).collect();
    LocalResolution {
        doc: ResolvedDoc {
            doc: local.doc,
            entity_of: local.cluster_of,
        },
        entities,
    }
}

impl LocalEntity {
    fn of(c: &LocalCluster) -> LocalEntity {
        LocalEntity {
            name: Arc::new(LocalName {
                label: c.label(),
                kind: c.kind,
                kind_certain: c.kind_certain,
                person: c.person.clone(),
                aliases: c.aliases.iter().cloned().collect(),
            }),
            mentions: c.mentions,
        }
    }
}

/// Key under which entities of different documents are merged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum GlobalKey {
    /// Non-person entities: kind-independent folded name.
    Name(String),
    /// People: folded surname; compatibility of given names is checked separately.
    Surname(String),
}

fn global_key(e: &LocalEntity) -> GlobalKey {
    match (&e.name.person, e.name.kind) {
        (Some(parts), EntityKind::Person) => GlobalKey::Surname(parts.folded_surname.clone()),
        _ => GlobalKey::Name(within::fold_name(&e.name.label)),
    }
}

/// Merges documents' local entities into corpus entities. `docs` gives each document's id
/// and local entities; the result depends on their order only through tie-breaks, so
/// callers that need a canonical result pass documents in a canonical order.
pub fn merge(docs: &[(&str, &[LocalEntity])]) -> Merged {
    let entity = |(d, c): Member| &docs[d as usize].1[c as usize];
    // Global clusters: members as (doc, local entity).
    let mut groups: Vec<Vec<Member>> = Vec::new();
    let mut by_key: HashMap<GlobalKey, GroupIndex> = HashMap::new();
    // Full names first, so that a bare surname finds the person it belongs to.
    let mut order: Vec<Member> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, (_, l))| (0..l.len()).map(move |c| member(d, c)))
        .collect();
    order.sort_by_key(|&m| {
        let fullness = entity(m).name.person.as_ref().map_or(0, |p| p.fullness);
        (std::cmp::Reverse(fullness), m)
    });
    for m in order {
        let e = entity(m);
        let candidates = by_key.entry(global_key(e)).or_default();
        // The first group in creation order whose head the entity is compatible with.
        let found = candidates.first_joinable(e.name.person.as_ref(), |g| {
            match (&entity(groups[g][0]).name.person, &e.name.person) {
                (Some(a), Some(b)) => names::compatible(a, b),
                _ => true,
            }
        });
        match found {
            Some(g) => groups[g].push(m),
            None => {
                candidates.push(groups.len(), e.name.person.as_ref(), |g| {
                    entity(groups[g][0]).name.person.as_ref()
                });
                groups.push(vec![m]);
            }
        }
    }
    drop(by_key);

    // Sorted by id (the most mentioned first, then in creation order), in place; a repeated
    // id gets a numeric suffix.
    let ids: Vec<Arc<str>> = docs.iter().map(|(id, _)| Arc::from(*id)).collect();
    let mut entities: Vec<(Entity, usize)> = groups
        .iter()
        .enumerate()
        .map(|(g, members)| (entity_of_group(docs, &ids, members), g))
        .collect();
    entities.sort_by(|(a, ga), (b, gb)| {
        (a.id.cmp(&b.id))
            .then(b.mentions.cmp(&a.mentions))
            .then(ga.cmp(gb))
    });
    // How many entities before each one have its id (they are next to it).
    let mut earlier = vec![0u32; entities.len()];
    for rank in 1..entities.len() {
        if entities[rank].0.id == entities[rank - 1].0.id {
            earlier[rank] = earlier[rank - 1] + 1;
        }
    }
    let mut new_index = vec![0; entities.len()];
    for (rank, (e, g)) in entities.iter_mut().enumerate() {
        new_index[*g] = rank;
        if earlier[rank] > 0 {
            e.id = format!("{}-{}", e.id, earlier[rank] + 1);
        }
    }
    let entities: Vec<Entity> = entities.into_iter().map(|(e, _)| e).collect();

    let mut maps: Vec<Vec<EntityIdx>> = docs.iter().map(|(_, l)| vec![0; l.len()]).collect();
    for (g, members) in groups.iter().enumerate() {
        for &(d, c) in members {
            maps[d as usize][c as usize] = new_index[g];
        }
    }
    Merged { entities, maps }
}

/// A local entity of the corpus: (document, index in its table). 32 bits each hold any
/// corpus that fits in memory, at half the size of two `usize`s.
type Member = (u32, u32);

/// The [`Member`] of local entity `c` of document `d`.
fn member(d: usize, c: usize) -> Member {
    let narrow = |i: usize| u32::try_from(i).expect("fewer than 2^32 documents and entities");
    (narrow(d), narrow(c))
}

fn entity_of_group(
    docs: &[(&str, &[LocalEntity])],
    ids: &[Arc<str>],
    members: &[Member],
) -> Entity {
    let mut aliases: Vec<String> = Vec::new();
    let mut in_docs: Vec<Arc<str>> = Vec::with_capacity(members.len());
    let mut mentions = 0;
    let mut kind_votes: HashMap<EntityKind, usize> = HashMap::new();
    for &(d, c) in members {
        let (d, c) = (d as usize, c as usize);
        let e = &docs[d].1[c];
        aliases.extend(e.name.aliases.iter().cloned());
        in_docs.push(Arc::clone(&ids[d]));
        mentions += e.mentions;
        *kind_votes.entry(e.name.kind).or_default() +=
            e.mentions.max(1) * if e.name.kind_certain { 10 } else { 1 };
    }
    let kind = kind_votes
        .into_iter()
        .max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))
        .map_or(EntityKind::Person, |(k, _)| k);
    let label = members
        .iter()
        .map(|&(d, c)| docs[d as usize].1[c as usize].name.label.as_str())
        .max_by(|a, b| {
            label_rank(a, kind)
                .cmp(&label_rank(b, kind))
                .then_with(|| b.cmp(a))
        })
        .unwrap_or_default()
        .to_string();
    aliases.push(label.clone());
    Entity {
        id: slug(&label),
        label,
        kind,
        aliases: sorted_once(aliases),
        mentions,
        docs: sorted_once(in_docs),
    }
}

/// `items` sorted, each once, with no spare capacity.
fn sorted_once<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort_unstable();
    items.dedup();
    items.shrink_to_fit();
    items
}

/// Orders candidate labels: for people by [`names::label_rank`], for the rest the name with
/// most words, then the longest.
fn label_rank(label: &str, kind: EntityKind) -> (usize, bool, std::cmp::Reverse<usize>, usize) {
    match kind {
        EntityKind::Person => {
            let (full, given, initials) = names::label_rank(label);
            (full, given, initials, 0)
        }
        _ => (
            label.split(' ').count(),
            true,
            std::cmp::Reverse(0),
            label.len(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A local entity named `label`, with person parts when `kind` is a person.
    fn local(label: &str, kind: EntityKind, aliases: &[&str], mentions: usize) -> LocalEntity {
        let words: Vec<&str> = label.split(' ').collect();
        LocalEntity {
            name: Arc::new(LocalName {
                label: label.to_string(),
                kind,
                kind_certain: true,
                person: (kind == EntityKind::Person)
                    .then(|| names::parts(&words))
                    .flatten(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
            }),
            mentions,
        }
    }

    #[test]
    fn one_person_in_two_documents_is_one_entity_with_sorted_names_and_documents() {
        let b = [local("Ann Ray", EntityKind::Person, &["Ray", "Ann Ray"], 2)];
        let a = [
            local("Ray", EntityKind::Person, &["Ray"], 1),
            local("Oslo", EntityKind::Gpe, &["Oslo"], 1),
        ];
        let Merged { entities, maps } = merge(&[("b.txt", &b), ("a.txt", &a)]);
        let labels: Vec<&str> = entities.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["Ann Ray", "Oslo"], "sorted by id");
        let ray = &entities[0];
        assert_eq!(ray.aliases, ["Ann Ray", "Ray"]);
        let docs: Vec<&str> = ray.docs.iter().map(|d| &**d).collect();
        assert_eq!(docs, ["a.txt", "b.txt"]);
        assert_eq!(ray.mentions, 3);
        assert_eq!(maps, [vec![0], vec![0, 1]]);
    }

    #[test]
    fn entities_of_one_id_are_numbered_the_most_mentioned_first() {
        // A person and a country named alike are not merged.
        let a = [
            local("Jordan", EntityKind::Gpe, &["Jordan"], 1),
            local("Jordan", EntityKind::Person, &["Jordan"], 5),
        ];
        let b = [local("Jordan", EntityKind::Gpe, &["Jordan"], 3)];
        let Merged { entities, maps } = merge(&[("a.txt", &a), ("b.txt", &b)]);
        let ids: Vec<(&str, EntityKind, usize)> = entities
            .iter()
            .map(|e| (e.id.as_str(), e.kind, e.mentions))
            .collect();
        assert_eq!(
            ids,
            [
                ("jordan", EntityKind::Person, 5),
                ("jordan-2", EntityKind::Gpe, 4),
            ]
        );
        assert_eq!(maps, [vec![1, 0], vec![1]]);
    }
}
