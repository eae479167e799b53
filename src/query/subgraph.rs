//! The part of a graph to draw: everything within some hops of one entity, over the edges an
//! [`EdgeFilter`] accepts (`newsgraph render --focus NAME --hops N --relation R`).

use super::{EdgeFilter, Explorer};
use crate::graph::KnowledgeGraph;
use petgraph::graph::NodeIndex as PairNode;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef as _, IntoEdgeReferences as _};
use std::collections::{BTreeSet, HashMap, VecDeque};

impl Explorer<'_> {
    /// A new graph holding the entities within `hops` of `focus` (every entity when `focus`
    /// is `None`) and the edges among them that `filter` accepts. With a filter or a focus,
    /// entities left with no edge are dropped, except the focus itself.
    pub fn subgraph(
        &self,
        focus: Option<NodeIndex>,
        hops: usize,
        filter: &EdgeFilter,
    ) -> KnowledgeGraph {
        let g = &self.graph.graph;
        let keep: BTreeSet<NodeIndex> = match focus {
            Some(centre) => self.within(centre, hops, filter),
            None => g.node_indices().collect(),
        };
        let edges: Vec<_> = g
            .edge_references()
            .filter(|e| {
                keep.contains(&e.source())
                    && keep.contains(&e.target())
                    && filter.accepts(e.weight())
            })
            .collect();
        let pruned = focus.is_some() || !filter.is_empty();
        let linked: BTreeSet<NodeIndex> = edges
            .iter()
            .flat_map(|e| [e.source(), e.target()])
            .chain(focus)
            .collect();
        let mut out = KnowledgeGraph::new(self.graph.documents.clone());
        for &ix in keep.iter().filter(|ix| !pruned || linked.contains(ix)) {
            out.add_node(g[ix].clone());
        }
        for e in edges {
            out.add_edge(&g[e.source()].id, &g[e.target()].id, e.weight().clone());
        }
        out
    }

    /// The graph nodes within `hops` of `centre` over edges passing `filter`.
    fn within(&self, centre: NodeIndex, hops: usize, filter: &EdgeFilter) -> BTreeSet<NodeIndex> {
        let Some(&start) = self.pair_of.get(&centre) else {
            return BTreeSet::new();
        };
        let mut depth: HashMap<PairNode, usize> = HashMap::from([(start, 0)]);
        let mut queue = VecDeque::from([start]);
        while let Some(u) = queue.pop_front() {
            let d = depth[&u];
            if d == hops {
                continue;
            }
            for (v, _) in self.linked(u, filter) {
                depth.entry(v).or_insert_with(|| {
                    queue.push_back(v);
                    d + 1
                });
            }
        }
        depth.keys().map(|&p| self.pairs[p]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::newsroom;
    use super::*;
    use crate::model::Predicate;

    fn ids(g: &KnowledgeGraph) -> Vec<String> {
        g.nodes_sorted().into_iter().map(|n| n.id.clone()).collect()
    }

    #[test]
    fn focus_keeps_the_neighbourhood_and_its_edges() {
        let g = newsroom();
        let x = Explorer::new(&g);
        let one = x.subgraph(Some(x.find("bob-ray").unwrap()), 1, &EdgeFilter::default());
        assert_eq!(ids(&one), ["acme", "ann-lee", "bob-ray", "cat-ray"]);
        assert_eq!(one.edge_count(), 3);
        let two = x.subgraph(Some(x.find("bob-ray").unwrap()), 2, &EdgeFilter::default());
        assert_eq!(two.node_count(), 7);
        assert_eq!(two.edge_count(), 7);
    }

    #[test]
    fn a_relation_filter_drops_edges_and_the_entities_they_leave_alone() {
        let g = newsroom();
        let x = Explorer::new(&g);
        let fired = EdgeFilter {
            relations: vec![Predicate::Fired],
            ..EdgeFilter::default()
        };
        let only = x.subgraph(None, 0, &fired);
        assert_eq!(ids(&only), ["ann-lee", "bob-ray"]);
        let whole = x.subgraph(None, 0, &EdgeFilter::default());
        assert_eq!((whole.node_count(), whole.edge_count()), (7, 7));
        let lonely = x.subgraph(Some(x.find("acme").unwrap()), 2, &fired);
        assert_eq!(ids(&lonely), ["acme"], "the focus stays even with no edge");
    }
}
