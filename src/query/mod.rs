//! Queries over a built graph: "how is A connected to B?", entity cards, neighbourhoods,
//! rankings and counts.
//!
//! In: a [`KnowledgeGraph`], usually loaded back from `graph.json` with
//! [`export::json::read_graph_json`](crate::export::json::read_graph_json) (nothing is
//! re-extracted). Out: plain result types ([`Path`], [`EntityCard`], [`Neighborhood`],
//! [`RankEntry`], [`GraphStats`]) that serialise to JSON and print as text.
//!
//! [`Explorer`] is built once per graph. It keeps a lookup table of names and an undirected
//! projection of the graph, one edge per linked pair of entities listing the relations between
//! them, so that traversal may follow a relation either way. Results always report each
//! relation in its true direction.
//!
//! - [`lookup`]: names to nodes (ids, labels, aliases, case-insensitive), with candidates on
//!   failure.
//! - [`paths`]: shortest, k shortest and all simple paths, with each hop's evidence.
//! - [`card`]: the entity card (`show`) and the neighbourhood (`neighbors`).
//! - [`rank`]: degree, PageRank and betweenness rankings, and graph statistics.
//! - [`subgraph`]: the part of a graph around one entity or under an [`EdgeFilter`], for
//!   drawing.

pub mod card;
pub mod lookup;
pub mod paths;
pub mod rank;
pub mod subgraph;

pub use card::{EntityCard, Neighborhood};
pub use lookup::{Candidate, LookupError};
pub use paths::{Hop, Path, PathQuery, PathSearch};
pub use rank::{GraphStats, RankBy, RankEntry};

use crate::graph::{EntityNode, KnowledgeGraph, RelationEdge};
use crate::model::{EntityKind, Evidence, PartialDate, Predicate, Status};
use petgraph::graph::{EdgeIndex as PairIndex, NodeIndex as PairNode, UnGraph};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef as _, IntoEdgeReferences as _};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// Which relations a query may use. The default accepts every edge.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EdgeFilter {
    /// Only these relations (empty: all).
    pub relations: Vec<Predicate>,
    /// Never these relations.
    pub exclude: Vec<Predicate>,
    /// Only these statuses (empty: all).
    pub statuses: Vec<Status>,
    /// Only edges with a date on or after this one (a partial date covers its whole month or
    /// year); undated edges are skipped when this or `until` is set.
    pub since: Option<PartialDate>,
    /// Only edges with a date on or before this one.
    pub until: Option<PartialDate>,
}

impl EdgeFilter {
    /// True when the filter accepts every edge.
    pub fn is_empty(&self) -> bool {
        self == &EdgeFilter::default()
    }

    /// True when `edge` passes every condition.
    pub fn accepts(&self, edge: &RelationEdge) -> bool {
        (self.relations.is_empty() || self.relations.contains(&edge.predicate))
            && !self.exclude.contains(&edge.predicate)
            && (self.statuses.is_empty() || self.statuses.contains(&edge.status))
            && self.accepts_dates(edge)
    }

    fn accepts_dates(&self, edge: &RelationEdge) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let since = self.since.map(|d| date_range(d).0);
        let until = self.until.map(|d| date_range(d).1);
        edge.date.iter().chain(&edge.dates).any(|&d| {
            let (first, last) = date_range(d);
            since.is_none_or(|s| last >= s) && until.is_none_or(|u| first <= u)
        })
    }
}

/// The first and last day a partial date may mean, as comparable `(year, month, day)`.
fn date_range(d: PartialDate) -> ((i32, u8, u8), (i32, u8, u8)) {
    match (d.month, d.day) {
        (Some(m), Some(day)) => ((d.year, m, day), (d.year, m, day)),
        (Some(m), None) => ((d.year, m, 1), (d.year, m, 31)),
        _ => ((d.year, 1, 1), (d.year, 12, 31)),
    }
}

/// A short reference to an entity, as results print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    /// The node id (slug).
    pub id: String,
    /// The canonical label.
    pub label: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
}

impl EntityRef {
    /// The reference to a graph node.
    pub fn of(node: &EntityNode) -> EntityRef {
        EntityRef {
            id: node.id.clone(),
            label: node.label.clone(),
            kind: node.kind,
        }
    }
}

/// One relation in its true direction, as every query reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationView {
    /// The subject.
    pub source: EntityRef,
    /// The object.
    pub target: EntityRef,
    /// The relation type.
    pub relation: Predicate,
    /// For `RELATED`: the verb lemma.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// How the text frames it.
    pub status: Status,
    /// The earliest date given, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// For `HOLDS_ROLE_IN`: the role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Every evidence sentence, in document order; the first is the one printed.
    pub evidence: Vec<Evidence>,
}

impl RelationView {
    fn of(graph: &KnowledgeGraph, edge: EdgeIndex) -> RelationView {
        let (s, t) = graph
            .graph
            .edge_endpoints(edge)
            .expect("edge of this graph");
        let e = &graph.graph[edge];
        RelationView {
            source: EntityRef::of(&graph.graph[s]),
            target: EntityRef::of(&graph.graph[t]),
            relation: e.predicate,
            verb: e.verb.clone(),
            status: e.status,
            date: e.date,
            role: e.role.clone(),
            confidence: e.confidence,
            evidence: e.evidence.clone(),
        }
    }

    /// The relation's name as printed: `MET_WITH`, or `RELATED visit`.
    pub fn name(&self) -> String {
        match &self.verb {
            Some(verb) if self.relation == Predicate::Related => format!("RELATED {verb}"),
            _ => self.relation.as_str().to_string(),
        }
    }

    /// Writes `(status, date, role)` and the first evidence sentence with its document, on
    /// lines indented by `indent`.
    fn write_details(&self, f: &mut fmt::Formatter<'_>, indent: &str) -> fmt::Result {
        write!(f, "{indent}{}", self.status)?;
        if let Some(date) = self.date {
            write!(f, ", {date}")?;
        }
        if let Some(role) = &self.role {
            write!(f, ", as {role}")?;
        }
        let more = self.evidence.len().saturating_sub(1);
        if more > 0 {
            write!(f, ", {} sentences", more + 1)?;
        }
        writeln!(f)?;
        if let Some(ev) = self.evidence.first() {
            writeln!(f, "{indent}\"{}\" ({})", ev.sentence, ev.doc)?;
        }
        Ok(())
    }
}

impl fmt::Display for RelationView {
    /// `Source -[RELATION]-> Target`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} -[{}]-> {}",
            self.source.label,
            self.name(),
            self.target.label
        )
    }
}

/// A graph ready for queries: the graph, its name table and its undirected projection.
#[derive(Debug)]
pub struct Explorer<'g> {
    graph: &'g KnowledgeGraph,
    /// One node per graph node (weight: its index in `graph`), one edge per linked pair of
    /// entities (weight: every graph edge between the two, either direction).
    pairs: UnGraph<NodeIndex, Vec<EdgeIndex>>,
    /// Graph node index -> its node in `pairs`.
    pair_of: HashMap<NodeIndex, PairNode>,
    names: lookup::NameTable,
}

impl<'g> Explorer<'g> {
    /// Indexes `graph` for queries (linear in its size).
    pub fn new(graph: &'g KnowledgeGraph) -> Explorer<'g> {
        let g = &graph.graph;
        let mut pairs: UnGraph<NodeIndex, Vec<EdgeIndex>> =
            UnGraph::with_capacity(g.node_count(), g.edge_count());
        let pair_of: HashMap<NodeIndex, PairNode> = g
            .node_indices()
            .map(|ix| (ix, pairs.add_node(ix)))
            .collect();
        // Group the edges by unordered pair: sort instead of hashing 5M keys.
        let mut keyed: Vec<(u32, u32, EdgeIndex)> = g
            .edge_references()
            .map(|e| {
                let (a, b) = (pair_of[&e.source()], pair_of[&e.target()]);
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                (lo.index() as u32, hi.index() as u32, e.id())
            })
            .collect();
        keyed.sort_unstable();
        let mut last: Option<(u32, u32, PairIndex)> = None;
        for (lo, hi, edge) in keyed {
            match last {
                Some((l, h, pair)) if (l, h) == (lo, hi) => pairs[pair].push(edge),
                _ => {
                    let pair = pairs.add_edge(
                        PairNode::new(lo as usize),
                        PairNode::new(hi as usize),
                        vec![edge],
                    );
                    last = Some((lo, hi, pair));
                }
            }
        }
        Explorer {
            graph,
            pairs,
            pair_of,
            names: lookup::NameTable::new(graph),
        }
    }

    /// The graph being queried.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }

    /// The entity `name` refers to: an id, label or alias, compared case-insensitively, or
    /// the words of one ("comey" finds "James Comey"). See [`lookup`].
    pub fn find(&self, name: &str) -> Result<NodeIndex, LookupError> {
        self.names.find(self.graph, name)
    }

    fn node(&self, ix: NodeIndex) -> &'g EntityNode {
        &self.graph.graph[ix]
    }

    fn edge(&self, ix: EdgeIndex) -> &'g RelationEdge {
        &self.graph.graph[ix]
    }

    /// The graph edges between two linked entities that pass `filter`.
    fn edges_between<'a>(
        &'a self,
        pair: PairIndex,
        filter: &'a EdgeFilter,
    ) -> impl Iterator<Item = EdgeIndex> + 'a {
        self.pairs[pair]
            .iter()
            .copied()
            .filter(move |&e| filter.accepts(self.edge(e)))
    }

    /// The projection's neighbours of `node` over at least one edge passing `filter`, with
    /// the pair edge that links them, in a fixed order.
    fn linked<'a>(
        &'a self,
        node: PairNode,
        filter: &'a EdgeFilter,
    ) -> impl Iterator<Item = (PairNode, PairIndex)> + 'a {
        let all = filter.is_empty();
        self.pairs
            .edges(node)
            .filter(move |e| all || self.edges_between(e.id(), filter).next().is_some())
            .map(move |e| {
                let other = if e.source() == node {
                    e.target()
                } else {
                    e.source()
                };
                (other, e.id())
            })
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::graph::{EntityNode, KnowledgeGraph, RelationEdge};
    use crate::model::{EntityKind, Evidence, PartialDate, Predicate, Status};

    /// A person node.
    pub fn person(id: &str, label: &str, aliases: &[&str]) -> EntityNode {
        EntityNode {
            id: id.into(),
            label: label.into(),
            kind: EntityKind::Person,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: 1 + aliases.len(),
            docs: vec!["a.txt".into()],
        }
    }

    /// An edge with one evidence sentence.
    pub fn edge(predicate: Predicate, status: Status, sentence: &str) -> RelationEdge {
        RelationEdge {
            predicate,
            status,
            date: None,
            dates: vec![],
            confidence: 0.5,
            role: None,
            roles: vec![],
            verb: None,
            evidence: vec![Evidence {
                doc: "a.txt".into(),
                start: 0,
                end: sentence.len(),
                sentence: sentence.into(),
            }],
        }
    }

    /// A small newsroom: a chain a -> b -> c -> d, a shortcut a - e - d, an org, a country.
    ///
    /// ```text
    /// ann -[FIRED]-> bob -[TOLD]-> cat <-[ASKED]- dan
    /// ann -[MET_WITH]- eve (2016-03) ; eve -[PRAISED, alleged]-> dan
    /// bob -[HOLDS_ROLE_IN]-> acme ; acme -[RELATED visit]-> ruritania
    /// ```
    pub fn newsroom() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new(vec!["a.txt".into()]);
        g.add_node(person("ann-lee", "Ann Lee", &["Lee"]));
        g.add_node(person("bob-ray", "Bob Ray", &["Ray", "Bobby"]));
        g.add_node(person("cat-ray", "Cat Ray", &["Ray"]));
        g.add_node(person("dan-fox", "Dan Fox", &[]));
        g.add_node(person("eve-kim", "Eve Kim", &[]));
        let mut acme = person("acme", "Acme Corp", &["Acme"]);
        acme.kind = EntityKind::Org;
        g.add_node(acme);
        let mut land = person("ruritania", "Ruritania", &[]);
        land.kind = EntityKind::Gpe;
        g.add_node(land);
        let add = |g: &mut KnowledgeGraph, s: &str, p: Predicate, st: Status, t: &str| {
            let e = edge(p, st, &format!("{s} {} {t}.", p.as_str()));
            g.add_edge(s, t, e).unwrap();
        };
        add(
            &mut g,
            "ann-lee",
            Predicate::Fired,
            Status::Asserted,
            "bob-ray",
        );
        add(
            &mut g,
            "bob-ray",
            Predicate::Told,
            Status::Reported,
            "cat-ray",
        );
        add(
            &mut g,
            "dan-fox",
            Predicate::Asked,
            Status::Asserted,
            "cat-ray",
        );
        let mut met = edge(Predicate::MetWith, Status::Asserted, "Ann Lee met Eve Kim.");
        met.date = Some(PartialDate::ym(2016, 3));
        met.confidence = 0.9;
        g.add_edge("ann-lee", "eve-kim", met).unwrap();
        add(
            &mut g,
            "eve-kim",
            Predicate::Praised,
            Status::Alleged,
            "dan-fox",
        );
        let mut role = edge(
            Predicate::HoldsRoleIn,
            Status::Asserted,
            "Bob Ray, chief of Acme.",
        );
        role.role = Some("chief".into());
        role.roles = vec!["chief".into()];
        g.add_edge("bob-ray", "acme", role).unwrap();
        let mut visit = edge(
            Predicate::Related,
            Status::Asserted,
            "Acme visited Ruritania.",
        );
        visit.verb = Some("visit".into());
        g.add_edge("acme", "ruritania", visit).unwrap();
        g
    }
}

#[cfg(test)]
mod tests {
    use super::testing::newsroom;
    use super::*;

    #[test]
    fn projection_has_one_edge_per_linked_pair() {
        let mut g = newsroom();
        let extra = testing::edge(Predicate::Told, Status::Asserted, "Bob told Ann.");
        g.add_edge("bob-ray", "ann-lee", extra).unwrap();
        let x = Explorer::new(&g);
        assert_eq!(x.pairs.node_count(), 7);
        assert_eq!(
            x.pairs.edge_count(),
            7,
            "ann-bob holds two relations in one pair edge"
        );
        let lists: Vec<usize> = x.pairs.edge_weights().map(Vec::len).collect();
        assert_eq!(lists.iter().sum::<usize>(), 8);
    }

    #[test]
    fn filter_by_relation_status_and_date() {
        let g = newsroom();
        let met = g
            .edges_sorted()
            .into_iter()
            .find(|e| e.edge.predicate == Predicate::MetWith);
        let met = met.unwrap().edge;
        let mut f = EdgeFilter::default();
        assert!(f.is_empty() && f.accepts(met));
        f.relations = vec![Predicate::Fired];
        assert!(!f.accepts(met));
        f = EdgeFilter {
            exclude: vec![Predicate::MetWith],
            ..EdgeFilter::default()
        };
        assert!(!f.accepts(met));
        f = EdgeFilter {
            statuses: vec![Status::Asserted],
            ..EdgeFilter::default()
        };
        assert!(f.accepts(met));
        f.statuses = vec![Status::Denied];
        assert!(!f.accepts(met));
        // 2016-03 overlaps any range touching March 2016.
        let since = |d| EdgeFilter {
            since: Some(d),
            ..EdgeFilter::default()
        };
        assert!(since(PartialDate::ymd(2016, 3, 31)).accepts(met));
        assert!(!since(PartialDate::ymd(2016, 4, 1)).accepts(met));
        let until = EdgeFilter {
            until: Some(PartialDate::ymd(2016, 3, 1)),
            ..EdgeFilter::default()
        };
        assert!(until.accepts(met));
        let before = EdgeFilter {
            until: Some(PartialDate {
                year: 2015,
                month: None,
                day: None,
            }),
            ..EdgeFilter::default()
        };
        assert!(!before.accepts(met));
        let fired = g
            .edges_sorted()
            .into_iter()
            .find(|e| e.edge.predicate == Predicate::Fired);
        assert!(
            !since(PartialDate::ymd(1900, 1, 1)).accepts(fired.unwrap().edge),
            "undated edges fail a date filter"
        );
    }
}
