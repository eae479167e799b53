//! Stage 5, resolve: groups mentions into entities, within a document (surnames, titles,
//! pronouns, role descriptions) and across documents (full names, spelling variants).
//!
//! In: `Vec<MentionDoc>`. Out: [`Corpus`]: one [`Entity`] per real-world entity and, for every
//! mention, the entity it refers to.

use crate::mentions::MentionDoc;
use crate::model::EntityKind;
use std::collections::BTreeSet;

/// Index of an entity in [`Corpus::entities`].
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
    /// Documents it is mentioned in.
    pub docs: BTreeSet<String>,
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

pub mod names;
mod within;

use crate::model::slug;
use rayon::prelude::*;
use std::collections::HashMap;
use within::{LocalCluster, LocalDoc};

/// Resolves mentions to entities within each document, then merges the documents' entities
/// into one table.
pub fn resolve(docs: Vec<MentionDoc>) -> Corpus {
    let locals: Vec<LocalDoc> = docs.into_par_iter().map(within::resolve_document).collect();
    merge(locals)
}

/// Key under which clusters of different documents are merged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum GlobalKey {
    /// Non-person entities: kind-independent folded name.
    Name(String),
    /// People: folded surname; compatibility of given names is checked separately.
    Surname(String),
}

fn global_key(c: &LocalCluster) -> GlobalKey {
    match (&c.person, c.kind) {
        (Some(parts), EntityKind::Person) => GlobalKey::Surname(parts.folded_surname.clone()),
        _ => GlobalKey::Name(within::fold_name(&c.label())),
    }
}

/// Merges per-document clusters into corpus entities.
fn merge(locals: Vec<LocalDoc>) -> Corpus {
    // Global clusters: (key, members as (doc, local cluster)).
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut by_key: HashMap<GlobalKey, Vec<usize>> = HashMap::new();
    // Full names first, so that a bare surname finds the person it belongs to.
    let mut order: Vec<(usize, usize)> = locals
        .iter()
        .enumerate()
        .flat_map(|(d, l)| (0..l.clusters.len()).map(move |c| (d, c)))
        .collect();
    order.sort_by_key(|&(d, c)| {
        let cl = &locals[d].clusters[c];
        (
            std::cmp::Reverse(cl.person.as_ref().map_or(0, |p| p.fullness)),
            d,
            c,
        )
    });
    for (d, c) in order {
        let cluster = &locals[d].clusters[c];
        let key = global_key(cluster);
        let candidates = by_key.entry(key).or_default();
        let found = candidates.iter().copied().find(|&g| {
            let (gd, gc) = groups[g][0];
            let head = &locals[gd].clusters[gc];
            match (&head.person, &cluster.person) {
                (Some(a), Some(b)) => names::compatible(a, b),
                _ => true,
            }
        });
        match found {
            Some(g) => groups[g].push((d, c)),
            None => {
                candidates.push(groups.len());
                groups.push(vec![(d, c)]);
            }
        }
    }

    let mut entities: Vec<Entity> = groups
        .iter()
        .map(|members| entity_of_group(&locals, members))
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

    let mut cluster_entity: HashMap<(usize, usize), EntityIdx> = HashMap::new();
    for (g, members) in groups.iter().enumerate() {
        for &m in members {
            cluster_entity.insert(m, new_index[g]);
        }
    }
    let docs = locals
        .into_iter()
        .enumerate()
        .map(|(d, local)| {
            let entity_of = local
                .cluster_of
                .iter()
                .map(|c| c.and_then(|c| cluster_entity.get(&(d, c)).copied()))
                .collect();
            ResolvedDoc {
                doc: local.doc,
                entity_of,
            }
        })
        .collect();
    Corpus { docs, entities }
}

fn entity_of_group(locals: &[LocalDoc], members: &[(usize, usize)]) -> Entity {
    let clusters: Vec<&LocalCluster> = members
        .iter()
        .map(|&(d, c)| &locals[d].clusters[c])
        .collect();
    let mut aliases = BTreeSet::new();
    let mut docs = BTreeSet::new();
    let mut mentions = 0;
    let mut kind_votes: HashMap<EntityKind, usize> = HashMap::new();
    for (&(d, _), c) in members.iter().zip(&clusters) {
        aliases.extend(c.aliases.iter().cloned());
        docs.insert(locals[d].doc.text.clean.doc.id.clone());
        mentions += c.mentions;
        *kind_votes.entry(c.kind).or_default() +=
            c.mentions.max(1) * if c.kind_certain { 10 } else { 1 };
    }
    let kind = kind_votes
        .into_iter()
        .max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))
        .map_or(EntityKind::Person, |(k, _)| k);
    let label = clusters
        .iter()
        .map(|c| c.label())
        .max_by(|a, b| {
            label_rank(a, kind)
                .cmp(&label_rank(b, kind))
                .then_with(|| b.cmp(a))
        })
        .unwrap_or_default();
    aliases.insert(label.clone());
    Entity {
        id: slug(&label),
        label,
        kind,
        aliases,
        mentions,
        docs,
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
