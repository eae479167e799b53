//! Who is central, and what the graph holds: rankings (`newsgraph rank`) and counts
//! (`newsgraph stats`).
//!
//! Degree counts relations (a multigraph degree, both directions). PageRank and betweenness
//! run on the undirected projection (one link per related pair), because half the relation
//! types are symmetric and centrality here should not depend on who the subject was.
//!
//! petgraph's `page_rank` visits every pair of nodes in every iteration (quadratic), and
//! petgraph has no betweenness centrality, so both are written here: PageRank by power
//! iteration over the links, betweenness by Brandes' algorithm, each tested against a brute
//! force definition.

use super::{EntityRef, Explorer};
use crate::model::EntityKind;
use petgraph::graph::NodeIndex as PairNode;
use petgraph::unionfind::UnionFind;
use petgraph::visit::{EdgeRef as _, NodeIndexable as _};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;

/// The damping factor of PageRank.
const DAMPING: f64 = 0.85;
/// Power iterations of PageRank.
const ITERATIONS: usize = 50;

/// The centrality measure a ranking uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    /// Number of relations, in or out.
    Degree,
    /// PageRank (damping 0.85) over the undirected links.
    PageRank,
    /// Betweenness centrality over the undirected links, normalised as networkx does
    /// (by 2 / ((n-1)(n-2))).
    Betweenness,
}

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankEntry {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Its score under the chosen measure.
    pub score: f64,
}

/// Counts over the whole graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphStats {
    /// Number of entities.
    pub nodes: usize,
    /// Number of relations.
    pub edges: usize,
    /// Number of documents the graph was built from.
    pub documents: usize,
    /// Entities per type.
    pub by_type: BTreeMap<String, usize>,
    /// Relations per relation type.
    pub by_relation: BTreeMap<String, usize>,
    /// Relations per status.
    pub by_status: BTreeMap<String, usize>,
    /// Connected components, ignoring direction.
    pub components: usize,
    /// Entities in the largest component.
    pub largest_component: usize,
    /// Entities with no relation.
    pub isolated: usize,
    /// Relations over the number of ordered pairs of distinct entities.
    pub density: f64,
}

impl fmt::Display for GraphStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} entities, {} relations, {} documents",
            self.nodes, self.edges, self.documents
        )?;
        let join = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(f, "entities by type: {}", join(&self.by_type))?;
        writeln!(f, "relations: {}", join(&self.by_relation))?;
        writeln!(f, "statuses: {}", join(&self.by_status))?;
        writeln!(
            f,
            "components: {} (largest {} entities, {} isolated); density {:.4}",
            self.components, self.largest_component, self.isolated, self.density
        )
    }
}

impl Explorer<'_> {
    /// The `top` entities by `by`, highest first (ties by label), counting only entities of
    /// type `kind` when given. Scores are computed over the whole graph.
    pub fn rank(&self, by: RankBy, kind: Option<EntityKind>, top: usize) -> Vec<RankEntry> {
        let scores: Vec<f64> = match by {
            RankBy::Degree => (0..self.pairs.node_count())
                .map(|i| {
                    let n = self.pairs[PairNode::new(i)];
                    let g = &self.graph.graph;
                    (g.edges_directed(n, petgraph::Direction::Outgoing).count()
                        + g.edges_directed(n, petgraph::Direction::Incoming).count())
                        as f64
                })
                .collect(),
            RankBy::PageRank => page_rank(&self.links()),
            RankBy::Betweenness => betweenness(&self.links()),
        };
        let mut entries: Vec<RankEntry> = scores
            .into_iter()
            .enumerate()
            .map(|(i, score)| RankEntry {
                entity: EntityRef::of(self.node(self.pairs[PairNode::new(i)])),
                score,
            })
            .filter(|e| kind.is_none_or(|k| e.entity.kind == k))
            .collect();
        entries.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| (&a.entity.label, &a.entity.id).cmp(&(&b.entity.label, &b.entity.id)))
        });
        entries.truncate(top);
        entries
    }

    /// Counts by type, relation and status; components; density.
    pub fn stats(&self) -> GraphStats {
        let g = &self.graph.graph;
        let mut by_type = BTreeMap::new();
        for n in g.node_weights() {
            *by_type.entry(n.kind.as_str().to_string()).or_insert(0) += 1;
        }
        let mut by_relation = BTreeMap::new();
        let mut by_status = BTreeMap::new();
        for e in g.edge_weights() {
            *by_relation
                .entry(e.predicate.as_str().to_string())
                .or_insert(0) += 1;
            *by_status.entry(e.status.as_str().to_string()).or_insert(0) += 1;
        }
        let n = self.pairs.node_count();
        let mut sets = UnionFind::<usize>::new(n);
        for e in self.pairs.edge_references() {
            sets.union(e.source().index(), e.target().index());
        }
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for label in sets.into_labeling() {
            *sizes.entry(label).or_insert(0) += 1;
        }
        let isolated = (0..n)
            .filter(|&i| {
                self.pairs
                    .neighbors(self.pairs.from_index(i))
                    .next()
                    .is_none()
            })
            .count();
        let edges = g.edge_count();
        GraphStats {
            nodes: n,
            edges,
            documents: self.graph.documents.len(),
            by_type,
            by_relation,
            by_status,
            components: sizes.len(),
            largest_component: sizes.values().copied().max().unwrap_or(0),
            isolated,
            density: if n > 1 {
                edges as f64 / (n * (n - 1)) as f64
            } else {
                0.0
            },
        }
    }

    /// Each projection node's distinct neighbours, by index.
    fn links(&self) -> Vec<Vec<usize>> {
        (0..self.pairs.node_count())
            .map(|i| {
                let mut out: Vec<usize> = self
                    .pairs
                    .neighbors(PairNode::new(i))
                    .map(|n| n.index())
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect()
    }
}

/// PageRank over an undirected graph given as neighbour lists, by power iteration: each node
/// passes `DAMPING` of its rank to its neighbours in equal shares (a node with no neighbour
/// spreads it over every node), and everyone gets `(1 - DAMPING) / n`. Ranks sum to 1.
fn page_rank(links: &[Vec<usize>]) -> Vec<f64> {
    let n = links.len();
    if n == 0 {
        return Vec::new();
    }
    let mut rank = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..ITERATIONS {
        let dangling: f64 = (0..n)
            .filter(|&i| links[i].is_empty())
            .map(|i| rank[i])
            .sum();
        let base = (1.0 - DAMPING) / n as f64 + DAMPING * dangling / n as f64;
        next.iter_mut().for_each(|r| *r = base);
        for (u, out) in links.iter().enumerate() {
            let share = DAMPING * rank[u] / out.len().max(1) as f64;
            for &v in out {
                next[v] += share;
            }
        }
        std::mem::swap(&mut rank, &mut next);
    }
    rank
}

/// Betweenness centrality of an unweighted undirected graph by Brandes' algorithm (2001),
/// normalised by `2 / ((n-1)(n-2))`.
fn betweenness(links: &[Vec<usize>]) -> Vec<f64> {
    let n = links.len();
    let mut centrality = vec![0.0; n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![usize::MAX; n];
    let mut delta = vec![0.0f64; n];
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut order = Vec::with_capacity(n);
    for s in 0..n {
        sigma.iter_mut().for_each(|x| *x = 0.0);
        dist.iter_mut().for_each(|x| *x = usize::MAX);
        delta.iter_mut().for_each(|x| *x = 0.0);
        preds.iter_mut().for_each(Vec::clear);
        order.clear();
        sigma[s] = 1.0;
        dist[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &links[v] {
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    preds[w].push(v);
                }
            }
        }
        for &w in order.iter().rev() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                centrality[w] += delta[w];
            }
        }
    }
    // Each unordered pair was counted from both ends: halve, then normalise.
    let scale = if n > 2 {
        1.0 / ((n - 1) * (n - 2)) as f64
    } else {
        0.0
    };
    centrality.iter().map(|c| c * scale).collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::newsroom;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rankings_put_the_hub_first_and_filter_by_type() {
        let g = newsroom();
        let x = Explorer::new(&g);
        let top = x.rank(RankBy::Degree, None, 2);
        assert_eq!(top[0].entity.id, "bob-ray");
        assert_eq!(top[0].score, 3.0);
        let orgs = x.rank(RankBy::PageRank, Some(EntityKind::Org), 10);
        assert_eq!(orgs.len(), 1);
        assert_eq!(orgs[0].entity.id, "acme");
        let between = x.rank(RankBy::Betweenness, None, 1);
        assert_eq!(between[0].entity.id, "bob-ray", "{between:?}");
        let total: f64 = x
            .rank(RankBy::PageRank, None, 100)
            .iter()
            .map(|e| e.score)
            .sum();
        assert!((total - 1.0).abs() < 1e-9);
    }

    #[test]
    fn stats_count_everything() {
        let mut g = newsroom();
        g.add_node(super::super::testing::person("zed", "Zed Loner", &[]));
        let s = Explorer::new(&g).stats();
        assert_eq!((s.nodes, s.edges, s.documents), (8, 7, 1));
        assert_eq!(s.by_type["PERSON"], 6);
        assert_eq!(s.by_relation["FIRED"], 1);
        assert_eq!(s.by_status["alleged"], 1);
        assert_eq!((s.components, s.largest_component, s.isolated), (2, 7, 1));
        assert!((s.density - 7.0 / 56.0).abs() < 1e-12);
        assert!(s
            .to_string()
            .contains("components: 2 (largest 7 entities, 1 isolated)"));
    }

    fn links_of(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
        let mut links = vec![Vec::new(); n];
        for &(a, b) in edges {
            let (a, b) = (a % n, b % n);
            if a != b && !links[a].contains(&b) {
                links[a].push(b);
                links[b].push(a);
            }
        }
        links
    }

    /// Betweenness by definition: for every pair, the share of its shortest paths through v.
    fn brute_betweenness(links: &[Vec<usize>]) -> Vec<f64> {
        let n = links.len();
        // All simple paths between s and t, by depth-first search.
        fn paths(links: &[Vec<usize>], p: &mut Vec<usize>, t: usize, out: &mut Vec<Vec<usize>>) {
            let u = *p.last().unwrap();
            if u == t {
                out.push(p.clone());
                return;
            }
            for &v in &links[u] {
                if !p.contains(&v) {
                    p.push(v);
                    paths(links, p, t, out);
                    p.pop();
                }
            }
        }
        let mut c = vec![0.0; n];
        for s in 0..n {
            for t in s + 1..n {
                let mut all = Vec::new();
                paths(links, &mut vec![s], t, &mut all);
                let Some(best) = all.iter().map(Vec::len).min() else {
                    continue;
                };
                let shortest: Vec<&Vec<usize>> = all.iter().filter(|p| p.len() == best).collect();
                for (v, cv) in c.iter_mut().enumerate() {
                    if v != s && v != t {
                        *cv += shortest.iter().filter(|p| p.contains(&v)).count() as f64
                            / shortest.len() as f64;
                    }
                }
            }
        }
        let scale = if n > 2 {
            2.0 / ((n - 1) * (n - 2)) as f64
        } else {
            0.0
        };
        c.iter().map(|x| x * scale).collect()
    }

    /// PageRank by definition: iterate the dense transition matrix.
    fn dense_page_rank(links: &[Vec<usize>]) -> Vec<f64> {
        let n = links.len();
        let mut r = vec![1.0 / n as f64; n];
        for _ in 0..ITERATIONS {
            r = (0..n)
                .map(|v| {
                    (0..n)
                        .map(|u| {
                            let walk = if links[u].is_empty() {
                                1.0 / n as f64
                            } else if links[u].contains(&v) {
                                1.0 / links[u].len() as f64
                            } else {
                                0.0
                            };
                            r[u] * (DAMPING * walk + (1.0 - DAMPING) / n as f64)
                        })
                        .sum()
                })
                .collect();
        }
        r
    }

    proptest! {
        #[test]
        fn brandes_matches_the_definition(n in 1usize..8, edges in proptest::collection::vec((0usize..8, 0usize..8), 0..16)) {
            let links = links_of(n, &edges);
            let fast = betweenness(&links);
            let slow = brute_betweenness(&links);
            for (a, b) in fast.iter().zip(&slow) {
                prop_assert!((a - b).abs() < 1e-9, "{fast:?} vs {slow:?}");
            }
        }

        #[test]
        fn page_rank_matches_the_dense_definition(n in 1usize..10, edges in proptest::collection::vec((0usize..10, 0usize..10), 0..25)) {
            let links = links_of(n, &edges);
            let fast = page_rank(&links);
            let slow = dense_page_rank(&links);
            for (a, b) in fast.iter().zip(&slow) {
                prop_assert!((a - b).abs() < 1e-9, "{fast:?} vs {slow:?}");
            }
        }
    }
}
