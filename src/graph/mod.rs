//! Stage 7, graph: merges relation mentions into a petgraph graph, one node per entity and
//! one edge per (source, relation, target) with all its evidence.
//!
//! In: [`Corpus`](crate::resolve::Corpus) entities and `Vec<RelationMention>`. Out:
//! [`KnowledgeGraph`]. Knows nothing about text.
//!
//! Merge rules (see [`build`]): symmetric predicates are keyed by the unordered pair and keep
//! the direction of their first mention; `RELATED` edges are also keyed by their verb;
//! the most confident status wins (so `denied` only when every mention is denied); dates,
//! roles and evidence are deduplicated; confidences combine as `1 - prod(1 - c)`.

use crate::model::{EntityKind, Evidence, PartialDate, Predicate, Status};
use crate::relations::RelationMention;
use crate::resolve::Entity;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef as _, IntoEdgeReferences as _};
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A node: one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityNode {
    /// Stable slug, unique in the graph.
    pub id: String,
    /// Canonical label.
    pub label: String,
    /// Entity type.
    pub kind: EntityKind,
    /// Other names it goes by, sorted.
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// Documents it appears in, sorted (ids shared with the other nodes of the document).
    pub docs: Vec<Arc<str>>,
}

/// An edge: one relation between two entities, merged over all its mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationEdge {
    /// Relation type.
    pub predicate: Predicate,
    /// The most confident framing over the evidence.
    pub status: Status,
    /// The earliest date given, if any.
    pub date: Option<PartialDate>,
    /// Every distinct date given, sorted.
    pub dates: Vec<PartialDate>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// For `HOLDS_ROLE_IN`: the main role.
    pub role: Option<String>,
    /// For `HOLDS_ROLE_IN`: every role seen, sorted.
    pub roles: Vec<String>,
    /// For `RELATED`: the verb lemma.
    pub verb: Option<String>,
    /// Evidence, sorted by document and offset.
    pub evidence: Vec<Evidence>,
}

/// The knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    /// Nodes are entities, edges relations.
    pub graph: StableDiGraph<EntityNode, RelationEdge>,
    /// Node id -> index.
    pub index: HashMap<String, NodeIndex>,
    /// Ids of the documents it was built from, in input order.
    pub documents: Vec<String>,
}

/// One edge with its two end nodes, as handed out by [`KnowledgeGraph::edges_sorted`].
#[derive(Debug, Clone, Copy)]
pub struct EdgeView<'g> {
    /// The source node.
    pub source: &'g EntityNode,
    /// The target node.
    pub target: &'g EntityNode,
    /// The edge.
    pub edge: &'g RelationEdge,
}

impl KnowledgeGraph {
    /// An empty graph over `documents`.
    pub fn new(documents: Vec<String>) -> KnowledgeGraph {
        KnowledgeGraph {
            documents,
            ..KnowledgeGraph::default()
        }
    }

    /// Adds a node; its id is made unique (`-2`, `-3`... appended) if it is taken already.
    /// Returns the index of the new node.
    pub fn add_node(&mut self, mut node: EntityNode) -> NodeIndex {
        if self.index.contains_key(&node.id) {
            let base = node.id.clone();
            let mut n = 2;
            while self.index.contains_key(&format!("{base}-{n}")) {
                n += 1;
            }
            node.id = format!("{base}-{n}");
        }
        let id = node.id.clone();
        let ix = self.graph.add_node(node);
        self.index.insert(id, ix);
        ix
    }

    /// Adds an edge between two existing nodes, named by id; `None` when either is unknown.
    pub fn add_edge(&mut self, source: &str, target: &str, edge: RelationEdge) -> Option<()> {
        let s = *self.index.get(source)?;
        let t = *self.index.get(target)?;
        self.graph.add_edge(s, t, edge);
        Some(())
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&EntityNode> {
        self.index
            .get(id)
            .and_then(|&ix| self.graph.node_weight(ix))
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// All nodes sorted by id.
    pub fn nodes_sorted(&self) -> Vec<&EntityNode> {
        let mut nodes: Vec<&EntityNode> = self.graph.node_weights().collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes
    }

    /// All edges in the order every exporter uses: by source id, predicate name, target id,
    /// then verb (and, for edges equal on all of these, by insertion order).
    pub fn edges_sorted(&self) -> Vec<EdgeView<'_>> {
        let mut edges: Vec<(usize, EdgeView<'_>)> = (&self.graph)
            .edge_references()
            .map(|e| {
                (
                    e.id().index(),
                    EdgeView {
                        source: &self.graph[e.source()],
                        target: &self.graph[e.target()],
                        edge: e.weight(),
                    },
                )
            })
            .collect();
        edges.sort_by(|(ia, a), (ib, b)| {
            (
                &a.source.id,
                a.edge.predicate.as_str(),
                &a.target.id,
                &a.edge.verb,
            )
                .cmp(&(
                    &b.source.id,
                    b.edge.predicate.as_str(),
                    &b.target.id,
                    &b.edge.verb,
                ))
                .then(ia.cmp(ib))
        });
        edges.into_iter().map(|(_, v)| v).collect()
    }
}

/// Builds the graph: one node per entity (in entity order), one edge per merged relation.
///
/// A relation's `subject`/`object` index `entities`; relations naming an unknown entity, and
/// self loops, are dropped. The entities are taken by value and become the nodes before any
/// relation is read, so their name and document sets are not held twice. Relations are
/// folded into their edge one at a time, so they can be streamed in (owned or borrowed) and
/// need not all exist at once. Output depends only on the input.
pub fn build<R: Borrow<RelationMention>>(
    entities: Vec<Entity>,
    relations: impl IntoIterator<Item = R>,
    documents: Vec<String>,
) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new(documents);
    // Edges are ordered by their ends' entity ids, which a node's id may extend ("-2").
    let ids: Vec<String> = entities.iter().map(|e| e.id.clone()).collect();
    let node_of: Vec<NodeIndex> = entities
        .into_iter()
        .map(|e| g.add_node(node_for(e)))
        .collect();

    // One accumulator per key, in first-seen order; each keeps what its first mention fixes
    // (direction, verb), and so its key.
    let mut slot: HashMap<EdgeKey, usize> = HashMap::new();
    let mut edges: Vec<EdgeMerge> = Vec::new();
    for rel in relations {
        let rel = rel.borrow();
        if rel.subject == rel.object || rel.subject >= ids.len() || rel.object >= ids.len() {
            continue;
        }
        let at = *slot.entry(EdgeKey::of(rel)).or_insert_with(|| {
            edges.push(EdgeMerge::new(rel));
            edges.len() - 1
        });
        edges[at].add(rel);
    }
    drop(slot);
    edges.shrink_to_fit();

    // Ties on the entity ids and verb keep the order of their keys.
    edges.sort_by(|a, b| {
        (
            &ids[a.source],
            a.predicate.as_str(),
            &ids[a.target],
            &a.verb,
        )
            .cmp(&(
                &ids[b.source],
                b.predicate.as_str(),
                &ids[b.target],
                &b.verb,
            ))
            .then_with(|| a.key().cmp(&b.key()))
    });
    let doc_rank: HashMap<&str, usize> = g
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    g.graph.reserve_exact_edges(edges.len());
    for edge in edges {
        let (s, t) = (node_of[edge.source], node_of[edge.target]);
        g.graph.add_edge(s, t, edge.finish(&doc_rank));
    }
    g
}

/// The node for an entity: aliases without the label itself; aliases and documents sorted,
/// each once (as `resolve` makes them, and whatever a caller gives).
fn node_for(e: Entity) -> EntityNode {
    let Entity {
        id,
        label,
        kind,
        mut aliases,
        mentions,
        mut docs,
    } = e;
    aliases.retain(|a| *a != label);
    aliases.sort_unstable();
    aliases.dedup();
    docs.sort_unstable();
    docs.dedup();
    EntityNode {
        id,
        aliases,
        label,
        kind,
        mentions,
        docs,
    }
}

/// What makes two mentions the same edge.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct EdgeKey {
    predicate: Predicate,
    a: usize,
    b: usize,
    verb: Option<String>,
}

impl EdgeKey {
    fn of(rel: &RelationMention) -> EdgeKey {
        let (a, b) = if rel.predicate.is_symmetric() {
            (rel.subject.min(rel.object), rel.subject.max(rel.object))
        } else {
            (rel.subject, rel.object)
        };
        let verb = if rel.predicate == Predicate::Related {
            rel.verb.as_ref().map(|v| v.trim().to_lowercase())
        } else {
            None
        };
        EdgeKey {
            predicate: rel.predicate,
            a,
            b,
            verb,
        }
    }
}

/// The mentions of one edge merged so far. Direction, predicate and verb come from the first
/// mention; the rest is the same whatever order the mentions come in. Everything is kept in
/// plain vectors and only sorted and counted by [`EdgeMerge::finish`], so an edge read once
/// costs little more than its evidence.
struct EdgeMerge {
    source: usize,
    target: usize,
    predicate: Predicate,
    verb: Option<String>,
    /// The most confident status so far (`denied`, rank 0, only wins when every mention is
    /// denied).
    status: Status,
    /// Every date given, with the status it was given under.
    dates: Vec<(Status, PartialDate)>,
    /// Every piece of evidence with its mention's confidence (repeats included).
    evidence: Vec<(Evidence, f32)>,
    /// `HOLDS_ROLE_IN` only: every role given, spaces normalised.
    roles: Vec<String>,
}

impl EdgeMerge {
    /// An empty merge whose fixed parts come from `first`.
    fn new(first: &RelationMention) -> EdgeMerge {
        EdgeMerge {
            source: first.subject,
            target: first.object,
            predicate: first.predicate,
            verb: if first.predicate == Predicate::Related {
                first.verb.as_ref().map(|v| v.trim().to_lowercase())
            } else {
                None
            },
            status: first.status,
            dates: Vec::new(),
            evidence: Vec::new(),
            roles: Vec::new(),
        }
    }

    /// The edge's key as a tuple that orders like [`EdgeKey`]: predicate, ends (the smaller
    /// first for a symmetric predicate), verb.
    fn key(&self) -> (Predicate, usize, usize, &Option<String>) {
        let (a, b) = if self.predicate.is_symmetric() {
            (self.source.min(self.target), self.source.max(self.target))
        } else {
            (self.source, self.target)
        };
        (self.predicate, a, b, &self.verb)
    }

    /// Folds one more mention in.
    fn add(&mut self, m: &RelationMention) {
        if m.status.confidence_rank() >= self.status.confidence_rank() {
            self.status = m.status;
        }
        if let Some(d) = m.date {
            push_sparing(&mut self.dates, (m.status, d));
        }
        push_sparing(
            &mut self.evidence,
            (m.evidence.clone(), clamp01(m.confidence)),
        );
        if self.predicate == Predicate::HoldsRoleIn {
            if let Some(role) = m.role.as_deref() {
                let spelled = role.split_whitespace().collect::<Vec<_>>().join(" ");
                if !spelled.is_empty() {
                    push_sparing(&mut self.roles, spelled);
                }
            }
        }
    }

    /// The edge: evidence in document order (`doc_rank`), then by offset, each sentence once
    /// with its best confidence; confidences combine as `1 - prod(1 - c)`, at most 0.99.
    fn finish(mut self, doc_rank: &HashMap<&str, usize>) -> RelationEdge {
        let rank = |e: &Evidence| doc_rank.get(e.doc.as_ref()).copied().unwrap_or(usize::MAX);
        self.evidence.sort_by(|(a, _), (b, _)| {
            (rank(a), &a.doc, a.start, a.end).cmp(&(rank(b), &b.doc, b.start, b.end))
        });
        let mut evidence: Vec<Evidence> = Vec::with_capacity(self.evidence.len());
        let mut best: Vec<f32> = Vec::with_capacity(self.evidence.len());
        for (ev, c) in self.evidence {
            match (evidence.last(), best.last_mut()) {
                (Some(last), Some(b))
                    if (&last.doc, last.start, last.end) == (&ev.doc, ev.start, ev.end) =>
                {
                    *b = b.max(c);
                }
                _ => {
                    evidence.push(ev);
                    best.push(c);
                }
            }
        }
        let miss: f64 = best.iter().map(|c| 1.0 - f64::from(*c)).product();
        let confidence = ((1.0 - miss).min(0.99) * 100.0).round() / 100.0;
        let (role, roles) = main_role(&self.roles);
        // The date comes from the evidence whose framing won ("asserted" over a report of
        // the same event), falling back to any evidence.
        let mut framed: Vec<PartialDate> = self
            .dates
            .iter()
            .filter(|(s, _)| *s == self.status)
            .map(|(_, d)| *d)
            .collect();
        framed.sort();
        framed.dedup();
        let mut dates: Vec<PartialDate> = self.dates.into_iter().map(|(_, d)| d).collect();
        dates.sort();
        dates.dedup();
        let date = main_date(&framed).or_else(|| main_date(&dates));
        RelationEdge {
            predicate: self.predicate,
            status: self.status,
            date,
            dates,
            confidence: confidence as f32,
            role,
            roles,
            verb: self.verb,
            evidence,
        }
    }
}

/// The earliest of `dates` (sorted), ignoring a vaguer date that a more precise one refines:
/// {2017-05, 2017-05-10} gives 2017-05-10, {2016-07, 2016-09} gives 2016-07.
fn main_date(dates: &[PartialDate]) -> Option<PartialDate> {
    let refines = |fine: &PartialDate, coarse: &PartialDate| {
        fine != coarse
            && fine.year == coarse.year
            && (coarse.month.is_none() || (fine.month == coarse.month && coarse.day.is_none()))
    };
    dates
        .iter()
        .find(|d| !dates.iter().any(|other| refines(other, d)))
        .copied()
}

fn clamp01(c: f32) -> f32 {
    if c.is_nan() {
        0.0
    } else {
        c.clamp(0.0, 1.0)
    }
}

/// Pushes onto `v`, making room for exactly one item the first time: most edges have one
/// mention, and a `Vec` would otherwise start with room for four.
fn push_sparing<T>(v: &mut Vec<T>, item: T) {
    if v.capacity() == 0 {
        v.reserve_exact(1);
    }
    v.push(item);
}

/// The main role and every role of a `HOLDS_ROLE_IN` edge, from how often each spelling of
/// each role was given, grouped case- and space-insensitively: each group is shown in its
/// most frequent spelling (ties: the smallest, so title case wins). The main role is the most
/// frequent group, ties going to the longest, then the smallest.
fn main_role(given: &[String]) -> (Option<String>, Vec<String>) {
    let mut groups: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for spelled in given {
        *groups
            .entry(spelled.to_lowercase())
            .or_default()
            .entry(spelled.as_str())
            .or_default() += 1;
    }
    let mut counted: Vec<(String, usize)> = groups
        .into_values()
        .filter_map(|forms| {
            let total = forms.values().sum();
            let best = forms
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
            Some((best.0.to_string(), total))
        })
        .collect();
    let main = counted
        .iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.0.chars().count().cmp(&b.0.chars().count()))
                .then(b.0.cmp(&a.0))
        })
        .map(|(r, _)| r.clone());
    counted.sort();
    (main, counted.into_iter().map(|(r, _)| r).collect())
}

/// Hand-made graphs for the tests of this crate's exporters and scorer.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// An entity with the given id, label, type and extra aliases, in `docs`.
    pub fn entity(id: &str, label: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
        Entity {
            id: id.to_string(),
            label: label.to_string(),
            kind,
            aliases: aliases
                .iter()
                .map(|a| a.to_string())
                .chain([label.to_string()])
                .collect(),
            mentions: aliases.len() + 1,
            docs: [Arc::from("a.txt")].into_iter().collect(),
        }
    }

    /// A relation mention read from `doc` at `start..start+10`.
    pub fn mention(
        subject: usize,
        predicate: Predicate,
        object: usize,
        status: Status,
        doc: &str,
        start: usize,
    ) -> RelationMention {
        RelationMention {
            subject,
            predicate,
            object,
            status,
            date: None,
            confidence: 0.5,
            role: None,
            verb: None,
            evidence: Evidence {
                doc: doc.into(),
                start,
                end: start + 10,
                sentence: format!("sentence at {start} in {doc}").into(),
            },
        }
    }

    /// Three entities and a few relations of every flavour.
    pub fn sample() -> KnowledgeGraph {
        let entities = vec![
            entity(
                "donald-trump",
                "Donald Trump",
                EntityKind::Person,
                &["Trump", "President Trump"],
            ),
            entity("russia", "Russia", EntityKind::Gpe, &["Russians"]),
            entity(
                "sergei-lavrov",
                "Sergei Lavrov",
                EntityKind::Person,
                &["Lavrov"],
            ),
            entity("white-house", "White House", EntityKind::Org, &[]),
        ];
        let mut met = mention(2, Predicate::MetWith, 0, Status::Asserted, "a.txt", 100);
        met.date = Some(PartialDate::ymd(2017, 5, 10));
        let mut met2 = mention(0, Predicate::MetWith, 2, Status::Reported, "b.txt", 5);
        met2.date = Some(PartialDate::ym(2017, 5));
        let mut role = mention(2, Predicate::HoldsRoleIn, 1, Status::Asserted, "a.txt", 0);
        role.role = Some("Foreign Minister".into());
        let mut related = mention(0, Predicate::Related, 3, Status::Alleged, "a.txt", 300);
        related.verb = Some("Visit".into());
        let denied = mention(1, Predicate::Denied, 0, Status::Denied, "b.txt", 50);
        let relations = vec![role, met, met2, related, denied];
        build(
            entities,
            &relations,
            vec!["a.txt".to_string(), "b.txt".to_string()],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    fn people() -> Vec<Entity> {
        vec![
            entity("a", "Alice Adams", EntityKind::Person, &["Adams"]),
            entity("b", "Bob Brown", EntityKind::Person, &[]),
            entity("c", "Acme", EntityKind::Org, &[]),
        ]
    }

    fn docs() -> Vec<String> {
        vec!["d1".to_string(), "d2".to_string()]
    }

    /// Builds from `relations` over [`people`] and returns the single edge it must give.
    fn single_edge(relations: &[RelationMention]) -> (String, String, RelationEdge) {
        let g = build(people(), relations, docs());
        assert_eq!(g.edge_count(), 1, "expected one merged edge");
        let e = g.edges_sorted()[0];
        (e.source.id.clone(), e.target.id.clone(), e.edge.clone())
    }

    fn check_status(statuses: &[Status], expected: Status) {
        let rels: Vec<RelationMention> = statuses
            .iter()
            .enumerate()
            .map(|(i, s)| mention(0, Predicate::Told, 1, *s, "d1", i * 20))
            .collect();
        assert_eq!(single_edge(&rels).2.status, expected, "{statuses:?}");
    }

    #[test]
    fn nodes_follow_entities_and_drop_label_from_aliases() {
        let g = build(people(), &[], docs());
        assert_eq!(g.node_count(), 3);
        let ids: Vec<&str> = g.graph.node_weights().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let a = g.node("a").unwrap();
        assert_eq!(a.label, "Alice Adams");
        assert_eq!(a.aliases, ["Adams"]);
        assert!(g.node("zzz").is_none());
        assert_eq!(g.documents, docs());
    }

    #[test]
    fn status_merge() {
        check_status(&[Status::Alleged, Status::Asserted], Status::Asserted);
        check_status(&[Status::Alleged, Status::Reported], Status::Reported);
        check_status(&[Status::Denied, Status::Alleged], Status::Alleged);
        check_status(&[Status::Denied, Status::Denied], Status::Denied);
    }

    #[test]
    fn symmetric_edges_merge_and_keep_first_direction() {
        let rels = vec![
            mention(1, Predicate::MetWith, 0, Status::Asserted, "d1", 0),
            mention(0, Predicate::MetWith, 1, Status::Asserted, "d1", 40),
        ];
        let (s, t, e) = single_edge(&rels);
        assert_eq!((s.as_str(), t.as_str()), ("b", "a"));
        assert_eq!(e.evidence.len(), 2);
    }

    #[test]
    fn directed_edges_do_not_merge_across_directions() {
        let rels = vec![
            mention(1, Predicate::Told, 0, Status::Asserted, "d1", 0),
            mention(0, Predicate::Told, 1, Status::Asserted, "d1", 40),
        ];
        let g = build(people(), &rels, docs());
        let got: Vec<(&str, &str)> = g
            .edges_sorted()
            .iter()
            .map(|e| (e.source.id.as_str(), e.target.id.as_str()))
            .collect();
        assert_eq!(got, [("a", "b"), ("b", "a")]);
    }

    #[test]
    fn related_edges_are_keyed_by_verb() {
        let mut r1 = mention(0, Predicate::Related, 2, Status::Asserted, "d1", 0);
        r1.verb = Some("Join".into());
        let mut r2 = r1.clone();
        r2.verb = Some("leave".into());
        r2.evidence.start = 50;
        let mut r3 = r1.clone();
        r3.verb = Some("join".into());
        r3.evidence.start = 90;
        let g = build(people(), &[r1, r2, r3], docs());
        let verbs: Vec<(Option<&str>, usize)> = g
            .edges_sorted()
            .iter()
            .map(|e| (e.edge.verb.as_deref(), e.edge.evidence.len()))
            .collect();
        assert_eq!(verbs, [(Some("join"), 2), (Some("leave"), 1)]);
        // the trigger word of a closed-set relation is not kept as `verb`
        let mut told = mention(0, Predicate::Told, 1, Status::Asserted, "d1", 0);
        told.verb = Some("tell".into());
        assert_eq!(single_edge(&[told]).2.verb, None);
    }

    #[test]
    fn roles_pick_most_frequent_then_longest() {
        let role = |r: &str, start: usize| {
            let mut m = mention(0, Predicate::HoldsRoleIn, 2, Status::Asserted, "d1", start);
            m.role = Some(r.to_string());
            m
        };
        let (_, _, e) =
            single_edge(&[role("CEO", 0), role("Chief Executive", 20), role("CEO", 40)]);
        assert_eq!(e.role.as_deref(), Some("CEO"));
        assert_eq!(e.roles, ["CEO", "Chief Executive"]);
        let (_, _, e) = single_edge(&[role("CEO", 0), role("Chief Executive", 20)]);
        assert_eq!(e.role.as_deref(), Some("Chief Executive"));
        let (_, _, e) = single_edge(&[role("chairman", 0), role("Chairman", 20)]);
        assert_eq!(e.roles, ["Chairman"]);
        let (_, _, e) = single_edge(&[mention(0, Predicate::Told, 1, Status::Asserted, "d1", 0)]);
        assert_eq!((e.role, e.roles.len()), (None, 0));
    }

    #[test]
    fn dates_confidence_and_evidence() {
        let mut m1 = mention(0, Predicate::Told, 1, Status::Asserted, "d2", 5);
        m1.date = Some(PartialDate::ym(2016, 9));
        m1.confidence = 0.5;
        let mut m2 = mention(0, Predicate::Told, 1, Status::Asserted, "d1", 70);
        m2.date = Some(PartialDate::ym(2016, 7));
        m2.confidence = 0.5;
        let mut m3 = mention(0, Predicate::Told, 1, Status::Asserted, "d1", 10);
        m3.date = Some(PartialDate::ym(2016, 9));
        m3.confidence = 0.2;
        // same evidence as m3: deduplicated, counted once
        let m4 = m3.clone();
        let (_, _, e) = single_edge(&[m1, m2, m3, m4]);
        assert_eq!(
            e.dates,
            [PartialDate::ym(2016, 7), PartialDate::ym(2016, 9)]
        );
        assert_eq!(e.date, Some(PartialDate::ym(2016, 7)));
        // 1 - 0.5 * 0.5 * 0.8 = 0.8
        assert_eq!(e.confidence, 0.8);
        let order: Vec<(&str, usize)> = e
            .evidence
            .iter()
            .map(|ev| (ev.doc.as_ref(), ev.start))
            .collect();
        assert_eq!(order, [("d1", 10), ("d1", 70), ("d2", 5)]);
    }

    #[test]
    fn main_date_prefers_precise_then_earliest() {
        let check = |dates: &[&str], expected: Option<&str>| {
            let dates: Vec<PartialDate> = dates.iter().map(|d| d.parse().unwrap()).collect();
            assert_eq!(
                main_date(&dates).map(|d| d.to_string()).as_deref(),
                expected
            );
        };
        check(&[], None);
        check(&["2017-05", "2017-05-10"], Some("2017-05-10"));
        check(&["2017", "2017-05"], Some("2017-05"));
        check(&["2016", "2017-05-10"], Some("2016"));
        check(&["2016-07", "2016-09"], Some("2016-07"));
        check(&["2016-07", "2016-07-02", "2016-07-09"], Some("2016-07-02"));
    }

    #[test]
    fn confidence_is_capped_and_rounded() {
        let rels: Vec<RelationMention> = (0..5)
            .map(|i| {
                let mut m = mention(0, Predicate::Told, 1, Status::Asserted, "d1", i * 20);
                m.confidence = 0.9;
                m
            })
            .collect();
        assert_eq!(single_edge(&rels).2.confidence, 0.99);
        let mut m = mention(0, Predicate::Told, 1, Status::Asserted, "d1", 0);
        m.confidence = 0.333_33;
        assert_eq!(single_edge(&[m.clone()]).2.confidence, 0.33);
        m.confidence = f32::NAN;
        assert_eq!(single_edge(&[m]).2.confidence, 0.0);
    }

    #[test]
    fn self_loops_and_bad_indexes_are_dropped() {
        let rels = vec![
            mention(0, Predicate::Told, 0, Status::Asserted, "d1", 0),
            mention(0, Predicate::Told, 9, Status::Asserted, "d1", 0),
            mention(9, Predicate::Told, 1, Status::Asserted, "d1", 0),
        ];
        let g = build(people(), &rels, docs());
        assert_eq!((g.node_count(), g.edge_count()), (3, 0));
    }

    #[test]
    fn output_does_not_depend_on_key_order() {
        let rels = vec![
            mention(0, Predicate::Told, 1, Status::Asserted, "d1", 0),
            mention(1, Predicate::Asked, 2, Status::Asserted, "d1", 20),
            mention(0, Predicate::Fired, 1, Status::Asserted, "d1", 40),
        ];
        let mut reversed = rels.clone();
        reversed.reverse();
        let summary = |g: &KnowledgeGraph| -> Vec<String> {
            g.edges_sorted()
                .iter()
                .map(|e| format!("{} {} {}", e.source.id, e.edge.predicate, e.target.id))
                .collect()
        };
        let g1 = build(people(), &rels, docs());
        let g2 = build(people(), &reversed, docs());
        assert_eq!(summary(&g1), summary(&g2));
        assert_eq!(summary(&g1), ["a FIRED b", "a TOLD b", "b ASKED c"]);
    }

    #[test]
    fn duplicate_ids_are_made_unique() {
        let mut g = KnowledgeGraph::new(vec![]);
        let e = entity("x", "X", EntityKind::Org, &[]);
        g.add_node(node_for(e.clone()));
        g.add_node(node_for(e.clone()));
        assert!(g.node("x").is_some() && g.node("x-2").is_some());
        let edge = single_edge(&[mention(0, Predicate::Told, 1, Status::Asserted, "d1", 0)]).2;
        assert!(g.add_edge("x", "x-2", edge.clone()).is_some());
        assert!(g.add_edge("x", "nope", edge).is_none());
    }

    #[test]
    fn sample_graph_shape() {
        let g = sample();
        assert_eq!((g.node_count(), g.edge_count()), (4, 4));
        let met = g
            .edges_sorted()
            .into_iter()
            .find(|e| e.edge.predicate == Predicate::MetWith)
            .unwrap();
        assert_eq!(met.source.id, "sergei-lavrov");
        assert_eq!(met.edge.status, Status::Asserted);
        assert_eq!(met.edge.date, Some(PartialDate::ymd(2017, 5, 10)));
        assert_eq!(met.edge.dates.len(), 2);
    }
}
