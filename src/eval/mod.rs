//! Evaluation: scores a saved graph (`graph.json`, read as a
//! [`GraphRecord`]) against a hand-made gold file (`seeds-gold.json`).
//!
//! In: a [`Gold`] and a [`GraphRecord`]. Out: a [`Report`] with per-type and per-predicate
//! precision/recall/F1, status and date accuracy, and every miss and false hit; it prints as
//! aligned text ([`Display`](std::fmt::Display)) or serialises to JSON.
//!
//! Convention (shared/eval/README.md): names are compared after [`normalise`]; a node matches
//! the gold entity one of whose name/aliases equals one of the node's label/aliases (ties: the
//! gold whose name is the node's label, then the one of the same type); a gold relation is
//! found when an edge with its predicate joins nodes matched to its two ends (either way for
//! symmetric predicates). Entity precision counts PERSON, ORG, GPE and LOC nodes; relation
//! precision counts closed-set edges.

use crate::error::{Error, Result};
use crate::export::json::{EdgeRecord, GraphRecord, NodeRecord};
use crate::model::{EntityKind, PartialDate, Predicate, Status};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// The entity types that entity precision and the overall entity score count.
pub const SCORED_KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Org,
    EntityKind::Gpe,
    EntityKind::Loc,
];

/// Length of the evidence snippets in the report, in characters.
const SNIPPET: usize = 100;

/// A gold file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Gold {
    /// Schema version (1).
    #[serde(default)]
    pub schema_version: u32,
    /// The documents annotated.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Gold entities.
    pub entities: Vec<GoldEntity>,
    /// Aliases shared by two entities, with a note.
    #[serde(default)]
    pub ambiguous_aliases: Vec<AmbiguousAlias>,
    /// Gold relations.
    #[serde(default)]
    pub relations: Vec<GoldRelation>,
    /// Strings that must never become nodes.
    #[serde(default)]
    pub not_entities: Vec<String>,
    /// Lines a cleaner must drop (not scored here).
    #[serde(default)]
    pub junk_lines: Vec<String>,
    /// Sentences cut in two by page furniture (not scored here).
    #[serde(default)]
    pub page_break_joins: Vec<PageBreakJoin>,
}

/// A gold entity.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GoldEntity {
    /// Snake-case id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Every verbatim proper-name form.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Documents it is mentioned in.
    #[serde(default)]
    pub docs: Vec<String>,
    /// Descriptions referring to it (not scored).
    #[serde(default)]
    pub nominal_mentions: Vec<String>,
    /// Adjectives for a country (not scored).
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Annotator's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// An alias shared by two gold entities.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct AmbiguousAlias {
    /// The alias.
    pub alias: String,
    /// The entity ids sharing it.
    #[serde(default)]
    pub entities: Vec<String>,
    /// How to resolve it.
    #[serde(default)]
    pub note: Option<String>,
}

/// A gold relation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GoldRelation {
    /// Subject entity id.
    pub subject: String,
    /// Predicate (closed set).
    pub predicate: Predicate,
    /// Object entity id.
    pub object: String,
    /// Documents holding the evidence.
    #[serde(default)]
    pub docs: Vec<String>,
    /// Verbatim evidence strings.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// How the text frames it.
    #[serde(default)]
    pub status: Option<Status>,
    /// Main date.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// All dates, when several.
    #[serde(default)]
    pub dates: Vec<PartialDate>,
    /// Entities whose denial is reported.
    #[serde(default)]
    pub denied_by: Vec<String>,
    /// `HOLDS_ROLE_IN`: main role.
    #[serde(default)]
    pub role: Option<String>,
    /// `HOLDS_ROLE_IN`: all roles.
    #[serde(default)]
    pub roles: Vec<String>,
    /// `HOLDS_ROLE_IN`: the role has ended.
    #[serde(default)]
    pub former: bool,
    /// Annotator's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Two halves of a sentence cut by a page break.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PageBreakJoin {
    /// Text before the break.
    pub before: String,
    /// Text after the break.
    pub after: String,
    /// Annotator's note.
    #[serde(default)]
    pub note: Option<String>,
}

impl Gold {
    /// Checks that every relation's subject, object and `denied_by` name a gold entity and
    /// that entity ids are unique.
    pub fn validate(&self) -> Result<(), String> {
        let mut ids = HashSet::new();
        for e in &self.entities {
            if !ids.insert(e.id.as_str()) {
                return Err(format!("duplicate entity id {:?}", e.id));
            }
        }
        for (i, r) in self.relations.iter().enumerate() {
            for id in [&r.subject, &r.object].into_iter().chain(&r.denied_by) {
                if !ids.contains(id.as_str()) {
                    return Err(format!("relation {i} names unknown entity {id:?}"));
                }
            }
        }
        Ok(())
    }
}

/// Reads and validates a gold file.
pub fn load_gold(path: &Path) -> Result<Gold> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let format = |message: String| Error::Format {
        path: path.to_path_buf(),
        message,
    };
    let gold: Gold = serde_json::from_str(&text).map_err(|e| format(e.to_string()))?;
    gold.validate().map_err(format)?;
    Ok(gold)
}

/// The name form used for matching: case-folded, dots removed, whitespace collapsed, a leading
/// "the " and a trailing "'s"/"’s" dropped.
pub fn normalise(name: &str) -> String {
    let folded = name.to_lowercase().replace('.', "");
    let mut s = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest.to_string();
    }
    for suffix in ["'s", "’s"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end().to_string();
            break;
        }
    }
    s
}

/// Counts behind one row of scores, with the rates they give.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Gold items.
    pub gold: usize,
    /// Gold items found (true positives for recall).
    pub tp: usize,
    /// Predicted items matching nothing in the gold.
    pub fp: usize,
    /// Gold items not found.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Predicted items that match a gold item.
    pub correct: usize,
    /// `correct / predicted` (0 when nothing is predicted).
    pub precision: f64,
    /// `tp / gold` (0 when there is no gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    /// A score from gold and found counts (recall) and predicted and correct counts (precision).
    pub fn new(gold: usize, found: usize, predicted: usize, correct: usize) -> Score {
        let precision = ratio(correct, predicted);
        let recall = ratio(found, gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            gold,
            tp: found,
            fp: predicted.saturating_sub(correct),
            fn_: gold.saturating_sub(found),
            predicted,
            correct,
            precision,
            recall,
            f1,
        }
    }

    /// The score of several rows pooled (micro average).
    pub fn sum<'a>(rows: impl IntoIterator<Item = &'a Score>) -> Score {
        let (mut g, mut f, mut p, mut c) = (0, 0, 0, 0);
        for r in rows {
            g += r.gold;
            f += r.tp;
            p += r.predicted;
            c += r.correct;
        }
        Score::new(g, f, p, c)
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// The score of one entity type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeScore {
    /// The type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Its counts and rates.
    #[serde(flatten)]
    pub score: Score,
}

/// The score of one predicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredicateScore {
    /// The predicate.
    pub predicate: Predicate,
    /// Its counts and rates.
    #[serde(flatten)]
    pub score: Score,
}

/// How many checked items were right.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Accuracy {
    /// Items right.
    pub correct: usize,
    /// Items checked.
    pub total: usize,
    /// `correct / total` (0 when nothing was checked).
    pub accuracy: f64,
}

impl Accuracy {
    fn new(correct: usize, total: usize) -> Accuracy {
        Accuracy {
            correct,
            total,
            accuracy: ratio(correct, total),
        }
    }
}

/// A gold entity no node matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedEntity {
    /// Gold id.
    pub id: String,
    /// Gold name.
    pub name: String,
    /// Gold type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
}

/// A node that matches no gold entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalseNode {
    /// Node id.
    pub id: String,
    /// Node label.
    pub label: String,
    /// Node type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
}

/// A node matched to a gold entity of another type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeMismatch {
    /// Node id.
    pub node: String,
    /// Node type.
    pub node_type: EntityKind,
    /// Gold id.
    pub gold: String,
    /// Gold type.
    pub gold_type: EntityKind,
}

/// A gold entity matched by several nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitEntity {
    /// Gold id.
    pub gold: String,
    /// The nodes matching it, sorted.
    pub nodes: Vec<String>,
}

/// A node named like one of the gold's `not_entities`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotEntityNode {
    /// Node id.
    pub node: String,
    /// The `not_entities` string it matches.
    pub matched: String,
}

/// A gold relation no edge matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedRelation {
    /// Gold subject id.
    pub subject: String,
    /// Predicate.
    pub predicate: Predicate,
    /// Gold object id.
    pub object: String,
    /// The start of its first evidence string.
    pub evidence: String,
    /// Which ends have no matching node, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A closed-set edge matching no gold relation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalseEdge {
    /// Source node id.
    pub source: String,
    /// Predicate.
    pub predicate: Predicate,
    /// Target node id.
    pub target: String,
    /// The edge's status.
    pub status: Status,
    /// The start of its first evidence sentence.
    pub evidence: String,
    /// Which ends match no gold entity, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A found relation whose status or date differs from the gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueMismatch {
    /// Gold subject id.
    pub subject: String,
    /// Predicate.
    pub predicate: Predicate,
    /// Gold object id.
    pub object: String,
    /// The gold value.
    pub gold: String,
    /// The graph's value (`-` for none).
    pub got: String,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// One row per entity type, in [`EntityKind::ALL`] order.
    pub entities: Vec<TypeScore>,
    /// Pooled over PERSON, ORG, GPE and LOC.
    pub entity_overall: Score,
    /// One row per closed-set predicate, in [`Predicate::CLOSED`] order.
    pub relations: Vec<PredicateScore>,
    /// Pooled over all predicates (micro average).
    pub relation_overall: Score,
    /// Found relations whose edge has the gold status.
    pub status: Accuracy,
    /// Found relations with a gold date whose edge has that date.
    pub date: Accuracy,
    /// Gold entities no node matches.
    pub missed_entities: Vec<MissedEntity>,
    /// Nodes matching no gold entity.
    pub false_nodes: Vec<FalseNode>,
    /// Nodes matched to a gold entity of another type.
    pub type_mismatches: Vec<TypeMismatch>,
    /// Gold entities matched by several nodes.
    pub split_entities: Vec<SplitEntity>,
    /// Nodes named like a `not_entities` string.
    pub not_entity_nodes: Vec<NotEntityNode>,
    /// Gold relations no edge matches.
    pub missed_relations: Vec<MissedRelation>,
    /// Closed-set edges matching no gold relation.
    pub false_edges: Vec<FalseEdge>,
    /// Found relations with another status.
    pub status_mismatches: Vec<ValueMismatch>,
    /// Found relations with another date.
    pub date_mismatches: Vec<ValueMismatch>,
}

impl Report {
    /// Entity precision over PERSON, ORG, GPE and LOC nodes.
    pub fn entity_precision(&self) -> f64 {
        self.entity_overall.precision
    }

    /// Entity recall over PERSON, ORG, GPE and LOC gold entities.
    pub fn entity_recall(&self) -> f64 {
        self.entity_overall.recall
    }

    /// Entity F1.
    pub fn entity_f1(&self) -> f64 {
        self.entity_overall.f1
    }

    /// Relation precision over closed-set edges.
    pub fn relation_precision(&self) -> f64 {
        self.relation_overall.precision
    }

    /// Relation recall.
    pub fn relation_recall(&self) -> f64 {
        self.relation_overall.recall
    }

    /// Relation F1.
    pub fn relation_f1(&self) -> f64 {
        self.relation_overall.f1
    }

    /// The row of one predicate (`None` for `RELATED`).
    pub fn predicate(&self, p: Predicate) -> Option<&Score> {
        self.relations
            .iter()
            .find(|r| r.predicate == p)
            .map(|r| &r.score)
    }

    /// The row of one entity type.
    pub fn entity_type(&self, kind: EntityKind) -> Option<&Score> {
        self.entities
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| &r.score)
    }
}

/// Maps normalised names to the gold entities bearing them.
struct NameIndex<'g> {
    gold: &'g Gold,
    by_name: HashMap<String, BTreeSet<usize>>,
}

impl<'g> NameIndex<'g> {
    fn new(gold: &'g Gold) -> NameIndex<'g> {
        let mut by_name: HashMap<String, BTreeSet<usize>> = HashMap::new();
        for (i, e) in gold.entities.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                by_name.entry(normalise(name)).or_default().insert(i);
            }
        }
        NameIndex { gold, by_name }
    }

    /// The gold entity a node matches, if any.
    fn match_node(&self, node: &NodeRecord) -> Option<usize> {
        let label = normalise(&node.label);
        let names: Vec<String> = std::iter::once(label.clone())
            .chain(node.aliases.iter().map(|a| normalise(a)))
            .collect();
        let mut hits: BTreeMap<usize, usize> = BTreeMap::new();
        for n in &names {
            for &g in self.by_name.get(n).into_iter().flatten() {
                *hits.entry(g).or_default() += 1;
            }
        }
        hits.into_iter()
            .max_by_key(|&(g, count)| {
                let e = &self.gold.entities[g];
                (
                    normalise(&e.name) == label,
                    e.kind == node.kind,
                    count,
                    Reverse(g),
                )
            })
            .map(|(g, _)| g)
    }
}

/// Scores `graph` against `gold`.
pub fn evaluate(gold: &Gold, graph: &GraphRecord) -> Report {
    let names = NameIndex::new(gold);
    let node_gold: Vec<Option<usize>> = graph.nodes.iter().map(|n| names.match_node(n)).collect();
    let gold_of_node: HashMap<&str, usize> = graph
        .nodes
        .iter()
        .zip(&node_gold)
        .filter_map(|(n, g)| g.map(|g| (n.id.as_str(), g)))
        .collect();
    let mut matched_by: Vec<Vec<&str>> = vec![Vec::new(); gold.entities.len()];
    for (n, g) in graph.nodes.iter().zip(&node_gold) {
        if let Some(g) = g {
            matched_by[*g].push(n.id.as_str());
        }
    }

    let entities: Vec<TypeScore> = EntityKind::ALL
        .into_iter()
        .map(|kind| {
            let golds = gold
                .entities
                .iter()
                .zip(&matched_by)
                .filter(|(e, _)| e.kind == kind);
            let (mut g, mut found) = (0, 0);
            for (_, by) in golds {
                g += 1;
                found += usize::from(!by.is_empty());
            }
            let nodes = graph
                .nodes
                .iter()
                .zip(&node_gold)
                .filter(|(n, _)| n.kind == kind);
            let (mut predicted, mut correct) = (0, 0);
            for (_, m) in nodes {
                predicted += 1;
                correct += usize::from(m.is_some());
            }
            TypeScore {
                kind,
                score: Score::new(g, found, predicted, correct),
            }
        })
        .collect();
    let entity_overall = Score::sum(
        entities
            .iter()
            .filter(|r| SCORED_KINDS.contains(&r.kind))
            .map(|r| &r.score),
    );

    let missed_entities = gold
        .entities
        .iter()
        .zip(&matched_by)
        .filter(|(_, by)| by.is_empty())
        .map(|(e, _)| MissedEntity {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
        })
        .collect();
    let false_nodes = graph
        .nodes
        .iter()
        .zip(&node_gold)
        .filter(|(_, g)| g.is_none())
        .map(|(n, _)| FalseNode {
            id: n.id.clone(),
            label: n.label.clone(),
            kind: n.kind,
        })
        .collect();
    let type_mismatches = graph
        .nodes
        .iter()
        .zip(&node_gold)
        .filter_map(|(n, g)| {
            let e = &gold.entities[(*g)?];
            (e.kind != n.kind).then(|| TypeMismatch {
                node: n.id.clone(),
                node_type: n.kind,
                gold: e.id.clone(),
                gold_type: e.kind,
            })
        })
        .collect();
    let split_entities = gold
        .entities
        .iter()
        .zip(&matched_by)
        .filter(|(_, by)| by.len() > 1)
        .map(|(e, by)| {
            let mut nodes: Vec<String> = by.iter().map(|s| s.to_string()).collect();
            nodes.sort();
            SplitEntity {
                gold: e.id.clone(),
                nodes,
            }
        })
        .collect();
    let not_entity_nodes = not_entity_nodes(gold, graph);

    let relations = score_relations(gold, graph, &gold_of_node);
    Report {
        entities,
        entity_overall,
        missed_entities,
        false_nodes,
        type_mismatches,
        split_entities,
        not_entity_nodes,
        ..relations
    }
}

fn not_entity_nodes(gold: &Gold, graph: &GraphRecord) -> Vec<NotEntityNode> {
    let banned: HashMap<String, &str> = gold
        .not_entities
        .iter()
        .map(|s| (normalise(s), s.as_str()))
        .collect();
    graph
        .nodes
        .iter()
        .filter_map(|n| {
            std::iter::once(&n.label)
                .chain(&n.aliases)
                .find_map(|name| banned.get(&normalise(name)))
                .map(|m| NotEntityNode {
                    node: n.id.clone(),
                    matched: m.to_string(),
                })
        })
        .collect()
}

/// Relation key: symmetric predicates use the ordered pair (smaller first).
fn relation_key(p: Predicate, a: usize, b: usize) -> (Predicate, usize, usize) {
    if p.is_symmetric() && b < a {
        (p, b, a)
    } else {
        (p, a, b)
    }
}

/// The relation part of the report (entity fields left empty).
fn score_relations(
    gold: &Gold,
    graph: &GraphRecord,
    gold_of_node: &HashMap<&str, usize>,
) -> Report {
    let entity_ix: HashMap<&str, usize> = gold
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut by_key: HashMap<(Predicate, usize, usize), Vec<usize>> = HashMap::new();
    for (j, r) in gold.relations.iter().enumerate() {
        if let (Some(&s), Some(&o)) = (
            entity_ix.get(r.subject.as_str()),
            entity_ix.get(r.object.as_str()),
        ) {
            by_key
                .entry(relation_key(r.predicate, s, o))
                .or_default()
                .push(j);
        }
    }

    // For each gold relation, the edges matching it; for each closed edge, whether it matched.
    let mut edges_of: Vec<Vec<&EdgeRecord>> = vec![Vec::new(); gold.relations.len()];
    let mut per_pred: HashMap<Predicate, (usize, usize)> = HashMap::new();
    let mut false_edges = Vec::new();
    for e in graph.edges.iter().filter(|e| e.relation.is_closed()) {
        let s = gold_of_node.get(e.source.as_str()).copied();
        let t = gold_of_node.get(e.target.as_str()).copied();
        let hits = match (s, t) {
            (Some(s), Some(t)) => by_key.get(&relation_key(e.relation, s, t)),
            _ => None,
        };
        let counts = per_pred.entry(e.relation).or_default();
        counts.0 += 1;
        match hits {
            Some(js) => {
                counts.1 += 1;
                for &j in js {
                    edges_of[j].push(e);
                }
            }
            None => false_edges.push(FalseEdge {
                source: e.source.clone(),
                predicate: e.relation,
                target: e.target.clone(),
                status: e.status,
                evidence: e
                    .evidence
                    .first()
                    .map(|ev| snippet(&ev.sentence))
                    .unwrap_or_default(),
                note: unmatched_ends(&[(&e.source, s), (&e.target, t)], "no gold entity"),
            }),
        }
    }

    let mut missed_relations = Vec::new();
    let mut status_mismatches = Vec::new();
    let mut date_mismatches = Vec::new();
    let (mut status_ok, mut status_n, mut date_ok, mut date_n) = (0, 0, 0, 0);
    let has_node: HashSet<usize> = gold_of_node.values().copied().collect();
    for (r, edges) in gold.relations.iter().zip(&edges_of) {
        let mismatch = |gold: String, got: String| ValueMismatch {
            subject: r.subject.clone(),
            predicate: r.predicate,
            object: r.object.clone(),
            gold,
            got,
        };
        let Some(first) = edges.first() else {
            let found = |id: &str| entity_ix.get(id).filter(|i| has_node.contains(i)).copied();
            missed_relations.push(MissedRelation {
                subject: r.subject.clone(),
                predicate: r.predicate,
                object: r.object.clone(),
                evidence: r.evidence.first().map(|s| snippet(s)).unwrap_or_default(),
                note: unmatched_ends(
                    &[
                        (&r.subject, found(&r.subject)),
                        (&r.object, found(&r.object)),
                    ],
                    "no node",
                ),
            });
            continue;
        };
        if let Some(st) = r.status {
            status_n += 1;
            if edges.iter().any(|e| e.status == st) {
                status_ok += 1;
            } else {
                status_mismatches.push(mismatch(st.to_string(), first.status.to_string()));
            }
        }
        if let Some(d) = r.date {
            date_n += 1;
            if edges.iter().any(|e| e.date == Some(d)) {
                date_ok += 1;
            } else {
                let got = first.date.map_or("-".to_string(), |d| d.to_string());
                date_mismatches.push(mismatch(d.to_string(), got));
            }
        }
    }

    let relations: Vec<PredicateScore> = Predicate::CLOSED
        .into_iter()
        .map(|p| {
            let rels = gold
                .relations
                .iter()
                .zip(&edges_of)
                .filter(|(r, _)| r.predicate == p);
            let (mut g, mut found) = (0, 0);
            for (_, edges) in rels {
                g += 1;
                found += usize::from(!edges.is_empty());
            }
            let (predicted, correct) = per_pred.get(&p).copied().unwrap_or_default();
            PredicateScore {
                predicate: p,
                score: Score::new(g, found, predicted, correct),
            }
        })
        .collect();
    let relation_overall = Score::sum(relations.iter().map(|r| &r.score));
    Report {
        entities: Vec::new(),
        entity_overall: Score::new(0, 0, 0, 0),
        relations,
        relation_overall,
        status: Accuracy::new(status_ok, status_n),
        date: Accuracy::new(date_ok, date_n),
        missed_entities: Vec::new(),
        false_nodes: Vec::new(),
        type_mismatches: Vec::new(),
        split_entities: Vec::new(),
        not_entity_nodes: Vec::new(),
        missed_relations,
        false_edges,
        status_mismatches,
        date_mismatches,
    }
}

/// "no node for x, y" for the ends that did not match, or `None`.
fn unmatched_ends(ends: &[(&String, Option<usize>)], what: &str) -> Option<String> {
    let missing: Vec<&str> = ends
        .iter()
        .filter(|(_, m)| m.is_none())
        .map(|(id, _)| id.as_str())
        .collect();
    (!missing.is_empty()).then(|| format!("{what} for {}", missing.join(", ")))
}

/// The first [`SNIPPET`] characters of `text` on one line, with `…` when cut.
fn snippet(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(SNIPPET) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

fn rate(r: f64, denominator: usize) -> String {
    if denominator == 0 {
        "-".to_string()
    } else {
        format!("{r:.2}")
    }
}

fn score_line(f: &mut fmt::Formatter<'_>, name: &str, s: &Score) -> fmt::Result {
    writeln!(
        f,
        "  {name:<20} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
        s.tp,
        s.fp,
        s.fn_,
        rate(s.precision, s.predicted),
        rate(s.recall, s.gold),
        rate(s.f1, s.predicted.max(s.gold)),
    )
}

fn header(f: &mut fmt::Formatter<'_>, title: &str) -> fmt::Result {
    writeln!(
        f,
        "{title:<22} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
        "tp", "fp", "fn", "P", "R", "F1"
    )
}

fn section<T>(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    items: &[T],
    line: impl Fn(&T) -> String,
) -> fmt::Result {
    writeln!(f, "\n{title} ({}):", items.len())?;
    for item in items {
        writeln!(f, "  {}", line(item))?;
    }
    Ok(())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        header(f, "Entities")?;
        for row in &self.entities {
            score_line(f, row.kind.as_str(), &row.score)?;
        }
        score_line(f, "overall (P/O/G/L)", &self.entity_overall)?;
        writeln!(f)?;
        header(f, "Relations")?;
        for row in &self.relations {
            score_line(f, row.predicate.as_str(), &row.score)?;
        }
        score_line(f, "overall (micro)", &self.relation_overall)?;
        writeln!(f)?;
        for (name, acc) in [("Status", &self.status), ("Date", &self.date)] {
            writeln!(
                f,
                "{name} accuracy: {}/{} ({})",
                acc.correct,
                acc.total,
                rate(acc.accuracy, acc.total)
            )?;
        }
        section(f, "Missed gold entities", &self.missed_entities, |e| {
            format!("{:<6} {:<32} {}", e.kind.as_str(), e.id, e.name)
        })?;
        section(f, "False nodes", &self.false_nodes, |n| {
            format!("{:<6} {:<32} {}", n.kind.as_str(), n.id, n.label)
        })?;
        section(f, "Type mismatches", &self.type_mismatches, |m| {
            format!(
                "{} is {} but gold {} is {}",
                m.node, m.node_type, m.gold, m.gold_type
            )
        })?;
        section(f, "Split gold entities", &self.split_entities, |s| {
            format!("{}: {}", s.gold, s.nodes.join(", "))
        })?;
        section(f, "Not-entity nodes", &self.not_entity_nodes, |n| {
            format!("{} ({:?})", n.node, n.matched)
        })?;
        section(f, "Missed gold relations", &self.missed_relations, |r| {
            let note = r.note.as_ref().map_or(String::new(), |n| format!(" [{n}]"));
            format!(
                "{} {} {}{note}\n      “{}”",
                r.subject, r.predicate, r.object, r.evidence
            )
        })?;
        section(f, "False edges", &self.false_edges, |e| {
            let note = e.note.as_ref().map_or(String::new(), |n| format!(" [{n}]"));
            format!(
                "{} {} {} ({}){note}\n      “{}”",
                e.source, e.predicate, e.target, e.status, e.evidence
            )
        })?;
        let value = |m: &ValueMismatch| {
            format!(
                "{} {} {}: gold {}, got {}",
                m.subject, m.predicate, m.object, m.gold, m.got
            )
        };
        section(f, "Status mismatches", &self.status_mismatches, value)?;
        section(f, "Date mismatches", &self.date_mismatches, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::{EvidenceRecord, GraphMeta};

    fn seeds_gold() -> Gold {
        load_gold(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds-gold.json"))
            .unwrap()
    }

    fn node(id: &str, label: &str, kind: EntityKind, aliases: &[&str]) -> NodeRecord {
        NodeRecord {
            id: id.to_string(),
            label: label.to_string(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: 1,
            docs: Vec::new(),
        }
    }

    fn edge(source: &str, relation: Predicate, target: &str) -> EdgeRecord {
        EdgeRecord {
            source: source.to_string(),
            target: target.to_string(),
            relation,
            key: 0,
            status: Status::Asserted,
            date: None,
            dates: Vec::new(),
            confidence: 0.5,
            role: None,
            roles: Vec::new(),
            verb: None,
            evidence: vec![EvidenceRecord {
                doc: "d".into(),
                start: 0,
                end: 5,
                sentence: "Some sentence.".into(),
            }],
        }
    }

    fn record(nodes: Vec<NodeRecord>, edges: Vec<EdgeRecord>) -> GraphRecord {
        GraphRecord {
            directed: true,
            multigraph: true,
            graph: GraphMeta::default(),
            nodes,
            edges,
        }
    }

    /// The graph a perfect system would produce: the gold itself.
    fn graph_from_gold(gold: &Gold) -> GraphRecord {
        let nodes = gold
            .entities
            .iter()
            .map(|e| NodeRecord {
                id: e.id.clone(),
                label: e.name.clone(),
                kind: e.kind,
                aliases: e
                    .aliases
                    .iter()
                    .filter(|a| **a != e.name)
                    .cloned()
                    .collect(),
                mentions: 1,
                docs: e
                    .docs
                    .iter()
                    .map(|d| std::sync::Arc::from(d.as_str()))
                    .collect(),
            })
            .collect();
        let edges = gold
            .relations
            .iter()
            .map(|r| EdgeRecord {
                status: r.status.unwrap_or(Status::Asserted),
                date: r.date,
                ..edge(&r.subject, r.predicate, &r.object)
            })
            .collect();
        record(nodes, edges)
    }

    #[test]
    fn normalisation() {
        let check = |input: &str, expected: &str| assert_eq!(normalise(input), expected);
        check("The Washington Post", "washington post");
        check("F.B.I.", "fbi");
        check("Trump’s", "trump");
        check("Kremlin's", "kremlin");
        check("  Sergei \n  Lavrov ", "sergei lavrov");
        check("THE  U.S.", "us");
        check("The", "the");
        check("Theresa May", "theresa may");
    }

    #[test]
    fn loads_seed_gold() {
        let gold = seeds_gold();
        assert_eq!(gold.schema_version, 1);
        assert_eq!((gold.entities.len(), gold.relations.len()), (68, 73));
        assert!(gold.not_entities.contains(&"Sections".to_string()));
    }

    #[test]
    fn load_gold_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let bad = tmp.path().join("bad.json");
        std::fs::write(&bad, r#"{"entities": 3}"#).unwrap();
        assert!(matches!(load_gold(&bad), Err(Error::Format { .. })));
        let dangling = tmp.path().join("dangling.json");
        std::fs::write(
            &dangling,
            r#"{"entities": [{"id": "a", "name": "A", "type": "ORG"}],
                "relations": [{"subject": "a", "predicate": "TOLD", "object": "b"}]}"#,
        )
        .unwrap();
        match load_gold(&dangling) {
            Err(Error::Format { message, .. }) => assert!(message.contains("\"b\"")),
            other => panic!("expected a format error, got {other:?}"),
        }
        assert!(matches!(
            load_gold(&tmp.path().join("none.json")),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn gold_graph_scores_perfectly() {
        let gold = seeds_gold();
        let r = evaluate(&gold, &graph_from_gold(&gold));
        assert_eq!(r.entity_precision(), 1.0, "{r}");
        assert_eq!(r.entity_recall(), 1.0, "{r}");
        assert_eq!(r.relation_precision(), 1.0, "{r}");
        assert_eq!(r.relation_recall(), 1.0, "{r}");
        assert_eq!(r.relation_overall.gold, 73);
        assert_eq!(r.status.accuracy, 1.0);
        assert_eq!((r.date.correct, r.date.total), (18, 18));
        assert!(r.missed_entities.is_empty() && r.false_nodes.is_empty());
        assert!(r.split_entities.is_empty() && r.not_entity_nodes.is_empty());
        assert!(r.type_mismatches.is_empty() && r.false_edges.is_empty());
        let met = r.predicate(Predicate::MetWith).unwrap();
        assert_eq!((met.tp, met.fp, met.fn_), (11, 0, 0));
        assert_eq!(r.entity_type(EntityKind::Event).unwrap().recall, 1.0);
        assert!(r.predicate(Predicate::Related).is_none());
    }

    #[test]
    fn one_missing_edge_costs_one_73rd_of_recall() {
        let gold = seeds_gold();
        let mut g = graph_from_gold(&gold);
        let removed = g.edges.remove(0);
        let r = evaluate(&gold, &g);
        assert!((r.relation_recall() - 72.0 / 73.0).abs() < 1e-12);
        assert_eq!(r.relation_precision(), 1.0);
        assert_eq!(r.missed_relations.len(), 1);
        assert_eq!(r.missed_relations[0].subject, removed.source);
        assert!(r.missed_relations[0].evidence.ends_with('…'));
        assert!(r.missed_relations[0].evidence.chars().count() <= SNIPPET + 1);
    }

    #[test]
    fn bogus_node_lowers_precision_only() {
        let gold = seeds_gold();
        let mut g = graph_from_gold(&gold);
        let scored = g
            .nodes
            .iter()
            .filter(|n| SCORED_KINDS.contains(&n.kind))
            .count();
        g.nodes
            .push(node("zork", "Zork Industries", EntityKind::Org, &[]));
        let r = evaluate(&gold, &g);
        assert_eq!(r.entity_precision(), scored as f64 / (scored + 1) as f64);
        assert_eq!(r.entity_recall(), 1.0);
        assert_eq!(r.false_nodes.len(), 1);
        assert_eq!(r.entity_type(EntityKind::Org).unwrap().fp, 1);
        // an EVENT node is listed but not counted in the overall precision
        g.nodes.pop();
        g.nodes
            .push(node("fest", "Zork Festival", EntityKind::Event, &[]));
        let r = evaluate(&gold, &g);
        assert_eq!(r.entity_precision(), 1.0);
        assert_eq!(r.false_nodes.len(), 1);
    }

    #[test]
    fn washington_tie_goes_to_exact_name() {
        let gold = seeds_gold();
        let check = |n: NodeRecord, expected: &str| {
            let names = NameIndex::new(&gold);
            let got = names.match_node(&n).map(|g| gold.entities[g].id.as_str());
            assert_eq!(got, Some(expected), "{n:?}");
        };
        check(node("w", "Washington", EntityKind::Gpe, &[]), "washington");
        check(node("w", "Washington", EntityKind::Org, &[]), "washington");
        check(node("m", "Moscow", EntityKind::Gpe, &[]), "moscow");
        check(
            node(
                "us",
                "United States",
                EntityKind::Gpe,
                &["Washington", "U.S."],
            ),
            "united_states",
        );
        check(
            node("p", "the Washington Post", EntityKind::Org, &[]),
            "washington_post",
        );
    }

    #[test]
    fn type_breaks_remaining_ties() {
        let gold: Gold = serde_json::from_str(
            r#"{"entities": [
                {"id": "paris_hilton", "name": "Paris Hilton", "type": "PERSON", "aliases": ["Paris"]},
                {"id": "paris_france", "name": "Paris, France", "type": "GPE", "aliases": ["Paris"]}]}"#,
        )
        .unwrap();
        let names = NameIndex::new(&gold);
        let check = |kind: EntityKind, expected: usize| {
            assert_eq!(
                names.match_node(&node("p", "Paris", kind, &[])),
                Some(expected)
            );
        };
        check(EntityKind::Person, 0);
        check(EntityKind::Gpe, 1);
        assert_eq!(
            names.match_node(&node("x", "Lyon", EntityKind::Gpe, &[])),
            None
        );
    }

    #[test]
    fn splits_types_and_not_entities_are_listed() {
        let gold = seeds_gold();
        let g = record(
            vec![
                node("trump", "Trump", EntityKind::Person, &[]),
                node("donald-trump", "Donald Trump", EntityKind::Person, &[]),
                node("kremlin", "Kremlin", EntityKind::Gpe, &[]),
                node("sections", "Sections", EntityKind::Org, &[]),
            ],
            vec![],
        );
        let r = evaluate(&gold, &g);
        assert_eq!(
            r.split_entities,
            [SplitEntity {
                gold: "donald_trump".into(),
                nodes: vec!["donald-trump".into(), "trump".into()],
            }]
        );
        assert_eq!(r.type_mismatches.len(), 1);
        assert_eq!(r.type_mismatches[0].gold, "kremlin");
        assert_eq!(r.not_entity_nodes.len(), 1);
        assert_eq!(r.not_entity_nodes[0].matched, "Sections");
        // three nodes are right (two for Trump, one for the Kremlin), one is not
        assert_eq!(r.entity_overall.correct, 3);
        assert_eq!(r.entity_overall.tp, 2);
        assert_eq!(r.entity_type(EntityKind::Org).unwrap().tp, 1);
    }

    #[test]
    fn edge_direction_matters_only_for_asymmetric_predicates() {
        let gold = seeds_gold();
        let nodes = vec![
            node("trump", "Donald Trump", EntityKind::Person, &[]),
            node("lavrov", "Sergei Lavrov", EntityKind::Person, &[]),
            node("comey", "James Comey", EntityKind::Person, &[]),
        ];
        let mut met = edge("lavrov", Predicate::MetWith, "trump");
        met.status = Status::Reported;
        met.date = Some(PartialDate::ymd(2017, 5, 10));
        let g = record(
            nodes,
            vec![
                met,
                edge("comey", Predicate::Fired, "trump"),
                edge("trump", Predicate::Related, "comey"),
            ],
        );
        let r = evaluate(&gold, &g);
        assert_eq!(r.predicate(Predicate::MetWith).unwrap().tp, 1);
        let fired = r.predicate(Predicate::Fired).unwrap();
        assert_eq!((fired.tp, fired.fp), (0, 1));
        assert_eq!(r.relation_overall.predicted, 2, "RELATED is not counted");
        assert_eq!(r.false_edges.len(), 1);
        assert_eq!(r.false_edges[0].evidence, "Some sentence.");
        assert_eq!((r.status.correct, r.status.total), (0, 1));
        assert_eq!(r.status_mismatches[0].gold, "asserted");
        assert_eq!((r.date.correct, r.date.total), (1, 1));
        let missed_fired = r
            .missed_relations
            .iter()
            .find(|m| m.object == "sally_yates")
            .unwrap();
        assert_eq!(
            missed_fired.note.as_deref(),
            Some("no node for sally_yates")
        );
    }

    #[test]
    fn report_prints_and_serialises() {
        let gold = seeds_gold();
        let mut g = graph_from_gold(&gold);
        g.edges.remove(0);
        g.nodes
            .push(node("zork", "Zork Industries", EntityKind::Org, &[]));
        let r = evaluate(&gold, &g);
        let text = r.to_string();
        assert!(text.starts_with("Entities"));
        assert!(text.contains("  MET_WITH"));
        assert!(text.contains("overall (micro)"));
        assert!(text.contains("Missed gold relations (1):\n  donald_trump MET_WITH sergei_lavrov"));
        assert!(text.contains("False nodes (1):\n  ORG    zork"));
        let json: serde_json::Value = serde_json::to_value(&r).unwrap();
        assert_eq!(json["relation_overall"]["fn"], 1);
        assert_eq!(json["entities"][0]["type"], "PERSON");
        assert_eq!(json["relations"][0]["predicate"], "MET_WITH");
    }

    #[test]
    fn snippets_are_cut_on_char_boundaries() {
        assert_eq!(snippet("short\n text"), "short text");
        let long = "é".repeat(150);
        let s = snippet(&long);
        assert_eq!(s.chars().count(), SNIPPET + 1);
        assert!(s.ends_with('…'));
    }
}
