//! "How is A connected to B?": paths between two entities, each hop with its evidence.
//!
//! Traversal runs over the [`Explorer`]'s undirected projection, so a path may follow a
//! relation against its direction; every [`Hop`] still reports the relation as the text gives
//! it (`forward` says which way the path walked it). Only edges passing the query's
//! [`EdgeFilter`] are walked.
//!
//! Three searches ([`PathSearch`]):
//! - `Shortest`: every path of the smallest hop count (at most [`MAX_TIES`]);
//! - `KShortest(k)`: the k shortest simple paths, by Yen's algorithm;
//! - `All`: all simple paths up to `max_hops`, by petgraph's `all_simple_paths` (at most
//!   [`MAX_ALL`]).
//!
//! petgraph has no bidirectional search and no k-shortest *paths* (its `k_shortest_path`
//! returns lengths only), so [`shortest_path`] (bidirectional breadth-first search: on a
//! million-node graph it touches thousands of nodes where one-sided search touches most of the
//! graph) and [`k_shortest_paths`] (Yen) are written here, and tested against brute force.

use super::{EdgeFilter, EntityRef, Explorer, RelationView};
use crate::graph::RelationEdge;
use petgraph::graph::NodeIndex as PairNode;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeFiltered;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

/// The most paths of equal, smallest length that [`PathSearch::Shortest`] returns.
pub const MAX_TIES: usize = 10;
/// The most paths that [`PathSearch::All`] returns.
pub const MAX_ALL: usize = 1000;

/// Which paths to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSearch {
    /// Every path of the smallest hop count (at most [`MAX_TIES`]).
    Shortest,
    /// The k shortest simple paths.
    KShortest(usize),
    /// All simple paths up to the hop limit (at most [`MAX_ALL`]).
    All,
}

/// A path query: which paths, how long, over which edges.
#[derive(Debug, Clone, PartialEq)]
pub struct PathQuery {
    /// Which paths to find.
    pub search: PathSearch,
    /// The most hops a path may have.
    pub max_hops: usize,
    /// The edges a path may use.
    pub filter: EdgeFilter,
}

impl Default for PathQuery {
    fn default() -> PathQuery {
        PathQuery {
            search: PathSearch::Shortest,
            max_hops: 4,
            filter: EdgeFilter::default(),
        }
    }
}

/// One step of a path: the best relation linking two consecutive entities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    /// The entity the path comes from.
    pub from: EntityRef,
    /// The entity the path goes to.
    pub to: EntityRef,
    /// True when the relation runs from `from` to `to`; false when the path walks it
    /// backwards. `relation` itself is never reversed.
    pub forward: bool,
    /// The best relation between the two (most confident status, then confidence).
    pub relation: RelationView,
    /// The other relations between the two that pass the filter.
    pub also: Vec<RelationView>,
}

/// A path between two entities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Path {
    /// The hops, in path order.
    pub hops: Vec<Hop>,
}

impl Path {
    /// The chain in one line, relations in their true direction:
    /// `A -[FIRED]-> B <-[TOLD]- C`.
    pub fn chain(&self) -> String {
        let mut out = match self.hops.first() {
            Some(h) => h.from.label.clone(),
            None => String::new(),
        };
        for hop in &self.hops {
            let name = hop.relation.name();
            if hop.forward {
                out.push_str(&format!(" -[{name}]-> {}", hop.to.label));
            } else {
                out.push_str(&format!(" <-[{name}]- {}", hop.to.label));
            }
        }
        out
    }
}

impl fmt::Display for Path {
    /// The chain, then each hop as a statement with its status, date and best evidence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.hops.len();
        writeln!(
            f,
            "{}  ({n} hop{})",
            self.chain(),
            if n == 1 { "" } else { "s" }
        )?;
        for hop in &self.hops {
            write!(f, "  {}", hop.relation)?;
            if !hop.also.is_empty() {
                let others: Vec<String> = hop.also.iter().map(|r| r.to_string()).collect();
                write!(f, "  (also: {})", others.join("; "))?;
            }
            writeln!(f)?;
            hop.relation.write_details(f, "      ")?;
        }
        Ok(())
    }
}

impl Explorer<'_> {
    /// The paths from `from` to `to` that `query` asks for, shortest first (then the
    /// strongest: highest summed confidence). Empty when they are not connected within
    /// `query.max_hops`, or are the same entity.
    pub fn paths(&self, from: NodeIndex, to: NodeIndex, query: &PathQuery) -> Vec<Path> {
        let (Some(&start), Some(&goal)) = (self.pair_of.get(&from), self.pair_of.get(&to)) else {
            return Vec::new();
        };
        if start == goal || query.max_hops == 0 {
            return Vec::new();
        }
        let filter = &query.filter;
        let neighbours = |node: usize, out: &mut Vec<usize>| {
            out.extend(
                self.linked(PairNode::new(node), filter)
                    .map(|(n, _)| n.index()),
            );
        };
        let found: Vec<Vec<usize>> = match query.search {
            PathSearch::Shortest => k_shortest_paths(
                start.index(),
                goal.index(),
                MAX_TIES,
                query.max_hops,
                true,
                neighbours,
            ),
            PathSearch::KShortest(k) => k_shortest_paths(
                start.index(),
                goal.index(),
                k,
                query.max_hops,
                false,
                neighbours,
            ),
            PathSearch::All => self.all_simple_paths(start, goal, query),
        };
        let mut paths: Vec<(f32, Path)> = found
            .into_iter()
            .map(|nodes| self.path_of(&nodes, filter))
            .map(|p| (p.hops.iter().map(|h| h.relation.confidence).sum(), p))
            .collect();
        paths.sort_by(|(ca, a), (cb, b)| a.hops.len().cmp(&b.hops.len()).then(cb.total_cmp(ca)));
        paths.into_iter().map(|(_, p)| p).collect()
    }

    fn all_simple_paths(
        &self,
        start: PairNode,
        goal: PairNode,
        query: &PathQuery,
    ) -> Vec<Vec<usize>> {
        let filter = &query.filter;
        let walkable = EdgeFiltered::from_fn(
            &self.pairs,
            |e: petgraph::graph::EdgeReference<'_, Vec<EdgeIndex>>| {
                filter.is_empty() || e.weight().iter().any(|&x| filter.accepts(self.edge(x)))
            },
        );
        let mut paths: Vec<Vec<usize>> = petgraph::algo::all_simple_paths::<
            Vec<PairNode>,
            _,
            std::hash::RandomState,
        >(
            &walkable, start, goal, 0, Some(query.max_hops - 1)
        )
        .take(MAX_ALL)
        .map(|p| p.into_iter().map(PairNode::index).collect())
        .collect();
        paths.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
        paths
    }

    /// The hops along a node sequence of the projection.
    fn path_of(&self, nodes: &[usize], filter: &EdgeFilter) -> Path {
        let hops = nodes
            .windows(2)
            .map(|step| {
                let (a, b) = (PairNode::new(step[0]), PairNode::new(step[1]));
                let pair = self
                    .pairs
                    .find_edge(a, b)
                    .expect("consecutive nodes are linked");
                let mut edges: Vec<EdgeIndex> = self.edges_between(pair, filter).collect();
                edges.sort_by(|&x, &y| {
                    strength(self.edge(y))
                        .total_cmp(&strength(self.edge(x)))
                        .then(x.cmp(&y))
                });
                let views: Vec<RelationView> = edges
                    .iter()
                    .map(|&e| RelationView::of(self.graph, e))
                    .collect();
                let mut views = views.into_iter();
                let relation = views
                    .next()
                    .expect("a linked pair has an edge passing the filter");
                let from_node = self.pairs[a];
                let from = EntityRef::of(self.node(from_node));
                let to = EntityRef::of(self.node(self.pairs[b]));
                Hop {
                    forward: relation.source.id == from.id,
                    from,
                    to,
                    relation,
                    also: views.collect(),
                }
            })
            .collect();
        Path { hops }
    }
}

/// How much a hop is worth: status first (asserted > reported > alleged > denied), then
/// confidence.
fn strength(edge: &RelationEdge) -> f32 {
    f32::from(edge.status.confidence_rank()) + edge.confidence
}

/// A shortest path from `start` to `goal` of at most `max_hops` edges, as its node sequence,
/// by bidirectional breadth-first search; `neighbours(n, out)` appends the nodes linked to
/// `n` (links are undirected). Nodes in `banned` are never entered, and a step between two
/// nodes is skipped when `blocked(a, b)` (asked with the nodes in search order, from the
/// start's side).
pub(crate) fn shortest_path(
    start: usize,
    goal: usize,
    max_hops: usize,
    neighbours: &mut impl FnMut(usize, &mut Vec<usize>),
    banned: &HashSet<usize>,
    blocked: &impl Fn(usize, usize) -> bool,
) -> Option<Vec<usize>> {
    if start == goal {
        return Some(vec![start]);
    }
    // node -> (parent, depth) on each side.
    let mut seen = [
        HashMap::from([(start, (start, 0usize))]),
        HashMap::from([(goal, (goal, 0usize))]),
    ];
    let mut frontier = [vec![start], vec![goal]];
    let mut depth = [0usize, 0];
    let mut buf = Vec::new();
    while !frontier[0].is_empty() && !frontier[1].is_empty() && depth[0] + depth[1] < max_hops {
        let side = usize::from(frontier[1].len() < frontier[0].len());
        let other = 1 - side;
        let mut next = Vec::new();
        let mut meet: Option<(usize, usize)> = None; // (total length, node)
        for &u in &frontier[side] {
            buf.clear();
            neighbours(u, &mut buf);
            for &v in &buf {
                let step_blocked = if side == 0 {
                    blocked(u, v)
                } else {
                    blocked(v, u)
                };
                if banned.contains(&v) || step_blocked || seen[side].contains_key(&v) {
                    continue;
                }
                seen[side].insert(v, (u, depth[side] + 1));
                if let Some(&(_, d)) = seen[other].get(&v) {
                    let total = depth[side] + 1 + d;
                    if total <= max_hops && meet.is_none_or(|(t, _)| total < t) {
                        meet = Some((total, v));
                    }
                }
                next.push(v);
            }
        }
        depth[side] += 1;
        if let Some((_, v)) = meet {
            return Some(join_at(&seen, v));
        }
        frontier[side] = next;
    }
    None
}

/// The path through `meet`: the start side's parents back to the start, then the goal side's.
fn join_at(seen: &[HashMap<usize, (usize, usize)>; 2], meet: usize) -> Vec<usize> {
    let walk = |side: &HashMap<usize, (usize, usize)>| {
        let mut nodes = vec![meet];
        let mut at = meet;
        while let Some(&(parent, _)) = side.get(&at) {
            if parent == at {
                break;
            }
            nodes.push(parent);
            at = parent;
        }
        nodes
    };
    let mut path = walk(&seen[0]);
    path.reverse();
    path.extend(walk(&seen[1]).into_iter().skip(1));
    path
}

/// The `k` shortest simple paths from `start` to `goal` of at most `max_hops` edges, by Yen's
/// algorithm over [`shortest_path`]; shortest first, ties in a fixed order. With `ties_only`,
/// only paths as short as the first (the search then stays within that length).
pub(crate) fn k_shortest_paths(
    start: usize,
    goal: usize,
    k: usize,
    max_hops: usize,
    ties_only: bool,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> Vec<Vec<usize>> {
    let none = HashSet::new();
    let Some(first) = shortest_path(start, goal, max_hops, &mut neighbours, &none, &|_, _| false)
    else {
        return Vec::new();
    };
    if start == goal {
        return vec![first];
    }
    let max_hops = if ties_only { first.len() - 1 } else { max_hops };
    let mut found = vec![first];
    // Candidates ordered by (length, nodes): deterministic.
    let mut candidates: BTreeSet<(usize, Vec<usize>)> = BTreeSet::new();
    while found.len() < k {
        let last = found.last().expect("at least one path").clone();
        for i in 0..last.len() - 1 {
            let root = &last[..=i];
            let spur = last[i];
            // Steps out of the spur node already used by a found path with this root.
            let used: HashSet<(usize, usize)> = found
                .iter()
                .filter(|p| p.len() > i + 1 && &p[..=i] == root)
                .map(|p| (p[i], p[i + 1]))
                .collect();
            let banned: HashSet<usize> = root[..i].iter().copied().collect();
            let blocked = |a: usize, b: usize| used.contains(&(a, b));
            let budget = max_hops - i;
            if let Some(tail) =
                shortest_path(spur, goal, budget, &mut neighbours, &banned, &blocked)
            {
                let mut path = root[..i].to_vec();
                path.extend(tail);
                if !found.contains(&path) {
                    candidates.insert((path.len(), path));
                }
            }
        }
        match candidates.pop_first() {
            Some((_, path)) => found.push(path),
            None => break,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::testing::newsroom;
    use super::*;
    use crate::model::{PartialDate, Predicate, Status};
    use proptest::prelude::*;

    fn explore(names: (&str, &str), query: &PathQuery) -> Vec<Path> {
        let g = newsroom();
        let x = Explorer::new(&g);
        let (a, b) = (x.find(names.0).unwrap(), x.find(names.1).unwrap());
        x.paths(a, b, query)
    }

    #[test]
    fn hops_keep_their_true_direction() {
        let paths = explore(("Ann Lee", "Cat Ray"), &PathQuery::default());
        assert_eq!(paths.len(), 1);
        let p = &paths[0];
        assert_eq!(p.chain(), "Ann Lee -[FIRED]-> Bob Ray -[TOLD]-> Cat Ray");
        // Walking the other way reverses the path, never the relations.
        let back = explore(("Cat Ray", "Ann Lee"), &PathQuery::default());
        assert_eq!(
            back[0].chain(),
            "Cat Ray <-[TOLD]- Bob Ray <-[FIRED]- Ann Lee"
        );
        assert!(!back[0].hops[0].forward);
        assert_eq!(
            back[0].hops[0].relation.to_string(),
            "Bob Ray -[TOLD]-> Cat Ray"
        );
        let text = back[0].to_string();
        assert!(
            text.contains("Bob Ray -[TOLD]-> Cat Ray") && text.contains("(a.txt)"),
            "{text}"
        );
    }

    #[test]
    fn shortest_returns_all_ties_and_k_and_all_return_longer_ones() {
        // Ann to Dan: ann-eve-dan (2 hops); ann-bob-cat-dan (3 hops).
        let shortest = explore(("ann-lee", "dan-fox"), &PathQuery::default());
        assert_eq!(shortest.len(), 1);
        assert_eq!(
            shortest[0].chain(),
            "Ann Lee -[MET_WITH]-> Eve Kim -[PRAISED]-> Dan Fox"
        );
        let k = PathQuery {
            search: PathSearch::KShortest(5),
            ..PathQuery::default()
        };
        let lengths: Vec<usize> = explore(("ann-lee", "dan-fox"), &k)
            .iter()
            .map(|p| p.hops.len())
            .collect();
        assert_eq!(lengths, [2, 3]);
        let all = PathQuery {
            search: PathSearch::All,
            ..PathQuery::default()
        };
        assert_eq!(explore(("ann-lee", "dan-fox"), &all).len(), 2);
        let short = PathQuery {
            search: PathSearch::All,
            max_hops: 2,
            ..PathQuery::default()
        };
        assert_eq!(explore(("ann-lee", "dan-fox"), &short).len(), 1);
    }

    #[test]
    fn filters_decide_which_edges_a_path_may_use() {
        let asserted = PathQuery {
            filter: EdgeFilter {
                statuses: vec![Status::Asserted, Status::Reported],
                ..EdgeFilter::default()
            },
            ..PathQuery::default()
        };
        let p = explore(("ann-lee", "dan-fox"), &asserted);
        assert_eq!(
            p[0].chain(),
            "Ann Lee -[FIRED]-> Bob Ray -[TOLD]-> Cat Ray <-[ASKED]- Dan Fox",
            "the alleged PRAISED is skipped"
        );
        let no_fired = PathQuery {
            filter: EdgeFilter {
                exclude: vec![Predicate::Fired, Predicate::Praised],
                ..EdgeFilter::default()
            },
            ..PathQuery::default()
        };
        assert!(explore(("ann-lee", "dan-fox"), &no_fired).is_empty());
        let dated = PathQuery {
            filter: EdgeFilter {
                since: Some(PartialDate::ymd(2016, 1, 1)),
                ..EdgeFilter::default()
            },
            ..PathQuery::default()
        };
        assert!(
            explore(("ann-lee", "dan-fox"), &dated).is_empty(),
            "only MET_WITH is dated"
        );
        assert_eq!(explore(("ann-lee", "eve-kim"), &dated).len(), 1);
    }

    #[test]
    fn the_best_relation_leads_a_hop_and_the_others_follow() {
        let mut g = newsroom();
        let weak = super::super::testing::edge(
            Predicate::Criticized,
            Status::Alleged,
            "Ann Lee is said to have criticised Bob Ray.",
        );
        g.add_edge("ann-lee", "bob-ray", weak).unwrap();
        let x = Explorer::new(&g);
        let p = x.paths(
            x.find("ann-lee").unwrap(),
            x.find("bob-ray").unwrap(),
            &PathQuery::default(),
        );
        assert_eq!(p[0].hops[0].relation.relation, Predicate::Fired);
        assert_eq!(p[0].hops[0].also[0].relation, Predicate::Criticized);
    }

    /// Every simple path from `s` to `t` in an undirected graph, by depth-first search.
    fn brute_force(adj: &[Vec<usize>], s: usize, t: usize, max_hops: usize) -> Vec<Vec<usize>> {
        fn go(
            adj: &[Vec<usize>],
            path: &mut Vec<usize>,
            t: usize,
            max_hops: usize,
            out: &mut Vec<Vec<usize>>,
        ) {
            let u = *path.last().unwrap();
            if u == t {
                out.push(path.clone());
                return;
            }
            if path.len() > max_hops {
                return;
            }
            for &v in &adj[u] {
                if !path.contains(&v) {
                    path.push(v);
                    go(adj, path, t, max_hops, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        go(adj, &mut vec![s], t, max_hops, &mut out);
        out
    }

    fn adjacency(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
        let mut adj = vec![Vec::new(); n];
        for &(a, b) in edges {
            let (a, b) = (a % n, b % n);
            if a != b && !adj[a].contains(&b) {
                adj[a].push(b);
                adj[b].push(a);
            }
        }
        adj
    }

    fn is_simple_path(adj: &[Vec<usize>], p: &[usize], s: usize, t: usize) -> bool {
        let distinct: HashSet<usize> = p.iter().copied().collect();
        p.first() == Some(&s)
            && p.last() == Some(&t)
            && distinct.len() == p.len()
            && p.windows(2).all(|w| adj[w[0]].contains(&w[1]))
    }

    proptest! {
        #[test]
        fn bidirectional_search_finds_a_shortest_path(
            n in 2usize..12,
            edges in proptest::collection::vec((0usize..12, 0usize..12), 0..30),
            max_hops in 1usize..8,
        ) {
            let adj = adjacency(n, &edges);
            let mut nb = |u: usize, out: &mut Vec<usize>| out.extend(&adj[u]);
            let got = shortest_path(0, n - 1, max_hops, &mut nb, &HashSet::new(), &|_, _| false);
            let best = brute_force(&adj, 0, n - 1, max_hops).into_iter().map(|p| p.len()).min();
            prop_assert_eq!(got.as_ref().map(Vec::len), best);
            if let Some(p) = got {
                prop_assert!(is_simple_path(&adj, &p, 0, n - 1));
            }
        }

        #[test]
        fn yen_finds_the_k_shortest_simple_paths(
            n in 2usize..9,
            edges in proptest::collection::vec((0usize..9, 0usize..9), 0..20),
            k in 1usize..8,
            max_hops in 1usize..7,
        ) {
            let adj = adjacency(n, &edges);
            let got = k_shortest_paths(0, n - 1, k, max_hops, false, |u, out: &mut Vec<usize>| out.extend(&adj[u]));
            let ties = k_shortest_paths(0, n - 1, k, max_hops, true, |u, out: &mut Vec<usize>| out.extend(&adj[u]));
            let shortest = got.first().map_or(0, Vec::len);
            let expected_ties = got.iter().filter(|p| p.len() == shortest).count();
            prop_assert_eq!(ties.len(), expected_ties);
            prop_assert!(ties.iter().all(|p| p.len() == shortest));
            let mut all: Vec<usize> = brute_force(&adj, 0, n - 1, max_hops).iter().map(Vec::len).collect();
            all.sort();
            all.truncate(k);
            let lengths: Vec<usize> = got.iter().map(Vec::len).collect();
            prop_assert_eq!(lengths, all);
            let distinct: HashSet<&Vec<usize>> = got.iter().collect();
            prop_assert_eq!(distinct.len(), got.len());
            for p in &got {
                prop_assert!(is_simple_path(&adj, p, 0, n - 1));
            }
        }
    }
}
