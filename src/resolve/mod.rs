//! Stage 5, resolve: groups mentions into entities, within a document (surnames, titles,
//! pronouns, role descriptions) and across documents (full names, spelling variants).
//!
//! In: a [`MentionDoc`] ([`resolve_document`]: its own [`LocalEntity`]s), then every
//! document's local entities ([`merge`]: the corpus's entities and where each local one went);
//! or `Vec<MentionDoc>` ([`resolve`]: a [`Corpus`], one [`Entity`] per real-world entity and,
//! for every mention, the entity it refers to).

use crate::mentions::MentionDoc;
use crate::model::EntityKind;
use std::collections::BTreeSet;

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
    /// Every proper-name form seen (label included).
    pub aliases: BTreeSet<String>,
    /// Number of mentions, pronouns and descriptions included.
    pub mentions: usize,
    /// Documents it is mentioned in (each id one allocation, shared by all its entities).
    pub docs: BTreeSet<Arc<str>>,
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
    // Global clusters: (key, members as (doc, local entity)).
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut by_key: HashMap<GlobalKey, GroupIndex> = HashMap::new();
    // Full names first, so that a bare surname finds the person it belongs to.
    let mut order: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, (_, l))| (0..l.len()).map(move |c| (d, c)))
        .collect();
    order.sort_by_key(|&(d, c)| {
        let e = &docs[d].1[c];
        (
            std::cmp::Reverse(e.name.person.as_ref().map_or(0, |p| p.fullness)),
            d,
            c,
        )
    });
    for (d, c) in order {
        let entity = &docs[d].1[c];
        let key = global_key(entity);
        let candidates = by_key.entry(key).or_default();
        // The first group in creation order whose head the entity is compatible with.
        let found = candidates.first_joinable(entity.name.person.as_ref(), |g| {
            let (gd, gc) = groups[g][0];
            let head = &docs[gd].1[gc];
            match (&head.name.person, &entity.name.person) {
                (Some(a), Some(b)) => names::compatible(a, b),
                _ => true,
            }
        });
        match found {
            Some(g) => groups[g].push((d, c)),
            None => {
                candidates.push(groups.len(), entity.name.person.as_ref(), |g| {
                    let (gd, gc) = groups[g][0];
                    docs[gd].1[gc].name.person.as_ref()
                });
                groups.push(vec![(d, c)]);
            }
        }
    }

    let ids: Vec<Arc<str>> = docs.iter().map(|(id, _)| Arc::from(*id)).collect();
    let mut entities: Vec<Entity> = groups
        .iter()
        .map(|members| entity_of_group(docs, &ids, members))
        .collect();
    // Sort by id and give duplicates a numeric suffix.
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by(|&a, &b| {
        entities[a]
            .id
            .cmp(&entities[b].id)
            .then(entities[b].mentions.cmp(&entities[a].mentions))
            .then(a.cmp(&b))
    });
    let mut new_index = vec![0; entities.len()];
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (rank, &g) in order.iter().enumerate() {
        new_index[g] = rank;
        let n = seen.entry(entities[g].id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            entities[g].id = format!("{}-{}", entities[g].id, n);
        }
    }
    let mut sorted: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    let entities: Vec<Entity> = order
        .iter()
        .map(|&g| sorted[g].take().expect("each group once"))
        .collect();

    let mut maps: Vec<Vec<EntityIdx>> = docs.iter().map(|(_, l)| vec![0; l.len()]).collect();
    for (g, members) in groups.iter().enumerate() {
        for &(d, c) in members {
            maps[d][c] = new_index[g];
        }
    }
    Merged { entities, maps }
}

fn entity_of_group(
    docs: &[(&str, &[LocalEntity])],
    ids: &[Arc<str>],
    members: &[(usize, usize)],
) -> Entity {
    let mut aliases = BTreeSet::new();
    let mut in_docs = BTreeSet::new();
    let mut mentions = 0;
    let mut kind_votes: HashMap<EntityKind, usize> = HashMap::new();
    for &(d, c) in members {
        let e = &docs[d].1[c];
        aliases.extend(e.name.aliases.iter().cloned());
        in_docs.insert(Arc::clone(&ids[d]));
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
        .map(|&(d, c)| docs[d].1[c].name.label.as_str())
        .max_by(|a, b| {
            label_rank(a, kind)
                .cmp(&label_rank(b, kind))
                .then_with(|| b.cmp(a))
        })
        .unwrap_or_default()
        .to_string();
    aliases.insert(label.clone());
    Entity {
        id: slug(&label),
        label,
        kind,
        aliases,
        mentions,
        docs: in_docs,
    }
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
