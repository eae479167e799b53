//! One entity at a time: its card (`newsgraph show`) and its neighbourhood
//! (`newsgraph neighbors`).

use super::{EdgeFilter, EntityRef, Explorer, RelationView};
use crate::model::Predicate;
use petgraph::graph::NodeIndex as PairNode;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef as _;
use petgraph::Direction;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::sync::Arc;

/// Everything the graph knows about one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityCard {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// The documents it appears in.
    pub docs: Vec<Arc<str>>,
    /// Its roles: `HOLDS_ROLE_IN` relations it is the subject of.
    pub roles: Vec<RelationView>,
    /// Every other relation it takes part in, as subject or object, strongest first.
    pub relations: Vec<RelationView>,
}

impl fmt::Display for EntityCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({}, id {})",
            self.entity.label, self.entity.kind, self.entity.id
        )?;
        if !self.aliases.is_empty() {
            writeln!(f, "  also: {}", self.aliases.join(", "))?;
        }
        writeln!(
            f,
            "  mentions: {} in {} document(s): {}",
            self.mentions,
            self.docs.len(),
            self.docs.join(", ")
        )?;
        if !self.roles.is_empty() {
            writeln!(f, "roles:")?;
            for r in &self.roles {
                let role = r.role.as_deref().unwrap_or("member");
                writeln!(f, "  {role} of {}", r.target.label)?;
                r.write_details(f, "      ")?;
            }
        }
        writeln!(f, "relations ({}):", self.relations.len())?;
        for r in &self.relations {
            writeln!(f, "  {r}")?;
            r.write_details(f, "      ")?;
        }
        Ok(())
    }
}

/// The entities around one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighborhood {
    /// The entity at the centre.
    pub entity: EntityRef,
    /// How far the search went.
    pub hops: usize,
    /// Direct neighbours, grouped by relation and direction.
    pub groups: Vec<NeighborGroup>,
    /// Entities two or more hops away, nearest first.
    pub further: Vec<DistantNeighbor>,
}

/// The direct neighbours linked to the centre by one relation in one direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighborGroup {
    /// The relation's name (`MET_WITH`, `RELATED visit`).
    pub relation: String,
    /// True when the centre is the subject; false when it is the object.
    pub outgoing: bool,
    /// The neighbours, by label.
    pub neighbors: Vec<EntityRef>,
}

/// An entity more than one hop from the centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistantNeighbor {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Its distance in hops.
    pub distance: usize,
    /// The entity one hop nearer the centre through which it was reached.
    pub via: EntityRef,
}

impl fmt::Display for Neighborhood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({})", self.entity.label, self.entity.kind)?;
        for g in &self.groups {
            let names: Vec<&str> = g.neighbors.iter().map(|n| n.label.as_str()).collect();
            let arrow = if g.outgoing {
                format!("-[{}]->", g.relation)
            } else {
                format!("<-[{}]-", g.relation)
            };
            writeln!(f, "  {arrow} {}", names.join(", "))?;
        }
        for d in &self.further {
            writeln!(
                f,
                "  {} hops: {} ({}) via {}",
                d.distance, d.entity.label, d.entity.kind, d.via.label
            )?;
        }
        Ok(())
    }
}

impl Explorer<'_> {
    /// The card of `node`: names, documents, roles and every relation with its evidence.
    pub fn card(&self, node: NodeIndex) -> EntityCard {
        let n = self.node(node);
        let mut roles = Vec::new();
        let mut relations = Vec::new();
        for dir in [Direction::Outgoing, Direction::Incoming] {
            for e in self.graph.graph.edges_directed(node, dir) {
                let view = RelationView::of(self.graph, e.id());
                if view.relation == Predicate::HoldsRoleIn && dir == Direction::Outgoing {
                    roles.push(view);
                } else {
                    relations.push(view);
                }
            }
        }
        let order = |a: &RelationView, b: &RelationView| {
            b.status
                .confidence_rank()
                .cmp(&a.status.confidence_rank())
                .then(b.confidence.total_cmp(&a.confidence))
                .then_with(|| {
                    (a.name(), &a.source.id, &a.target.id).cmp(&(
                        b.name(),
                        &b.source.id,
                        &b.target.id,
                    ))
                })
        };
        roles.sort_by(order);
        relations.sort_by(order);
        EntityCard {
            entity: super::EntityRef::of(n),
            aliases: n.aliases.clone(),
            mentions: n.mentions,
            docs: n.docs.clone(),
            roles,
            relations,
        }
    }

    /// The entities within `hops` of `node` over edges passing `filter`: direct neighbours
    /// grouped by relation, the rest by distance with the entity they were reached through.
    pub fn neighborhood(&self, node: NodeIndex, hops: usize, filter: &EdgeFilter) -> Neighborhood {
        let mut groups: BTreeMap<(String, bool), Vec<EntityRef>> = BTreeMap::new();
        if hops > 0 {
            for dir in [Direction::Outgoing, Direction::Incoming] {
                for e in self.graph.graph.edges_directed(node, dir) {
                    if !filter.accepts(e.weight()) {
                        continue;
                    }
                    let view = RelationView::of(self.graph, e.id());
                    let outgoing = dir == Direction::Outgoing;
                    let other = if outgoing {
                        view.target.clone()
                    } else {
                        view.source.clone()
                    };
                    groups
                        .entry((view.name(), outgoing))
                        .or_default()
                        .push(other);
                }
            }
        }
        let groups = groups
            .into_iter()
            .map(|((relation, outgoing), mut neighbors)| {
                neighbors.sort_by(|a, b| (&a.label, &a.id).cmp(&(&b.label, &b.id)));
                neighbors.dedup();
                NeighborGroup {
                    relation,
                    outgoing,
                    neighbors,
                }
            })
            .collect();
        Neighborhood {
            entity: EntityRef::of(self.node(node)),
            hops,
            groups,
            further: self.further(node, hops, filter),
        }
    }

    /// Breadth-first search from `node` up to `hops`; the entities found at distance two or
    /// more, with their parent in the search tree.
    fn further(&self, node: NodeIndex, hops: usize, filter: &EdgeFilter) -> Vec<DistantNeighbor> {
        let Some(&start) = self.pair_of.get(&node) else {
            return Vec::new();
        };
        let mut parent: HashMap<PairNode, (PairNode, usize)> = HashMap::from([(start, (start, 0))]);
        let mut queue = VecDeque::from([start]);
        let mut found = Vec::new();
        while let Some(u) = queue.pop_front() {
            let d = parent[&u].1;
            if d == hops {
                continue;
            }
            for (v, _) in self.linked(u, filter) {
                if parent.contains_key(&v) {
                    continue;
                }
                parent.insert(v, (u, d + 1));
                queue.push_back(v);
                if d + 1 >= 2 {
                    found.push(DistantNeighbor {
                        entity: EntityRef::of(self.node(self.pairs[v])),
                        distance: d + 1,
                        via: EntityRef::of(self.node(self.pairs[u])),
                    });
                }
            }
        }
        found.sort_by(|a, b| {
            (a.distance, &a.entity.label, &a.entity.id).cmp(&(
                b.distance,
                &b.entity.label,
                &b.entity.id,
            ))
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::newsroom;
    use super::*;
    use crate::model::Status;

    #[test]
    fn the_card_lists_roles_and_relations_both_ways_with_evidence() {
        let g = newsroom();
        let x = Explorer::new(&g);
        let card = x.card(x.find("Bob Ray").unwrap());
        assert_eq!(card.aliases, ["Ray", "Bobby"]);
        assert_eq!(card.roles.len(), 1);
        assert_eq!(card.roles[0].role.as_deref(), Some("chief"));
        let lines: Vec<String> = card.relations.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            lines,
            ["Ann Lee -[FIRED]-> Bob Ray", "Bob Ray -[TOLD]-> Cat Ray"],
            "asserted before reported"
        );
        let text = card.to_string();
        assert!(text.contains("chief of Acme Corp"), "{text}");
        assert!(text.contains("\"bob-ray TOLD cat-ray.\" (a.txt)"), "{text}");
    }

    #[test]
    fn neighbours_are_grouped_by_relation_and_direction_and_further_ones_carry_their_way() {
        let g = newsroom();
        let x = Explorer::new(&g);
        let n = x.neighborhood(x.find("cat-ray").unwrap(), 2, &EdgeFilter::default());
        let groups: Vec<(&str, bool, Vec<&str>)> = n
            .groups
            .iter()
            .map(|g| {
                (
                    g.relation.as_str(),
                    g.outgoing,
                    g.neighbors.iter().map(|e| e.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("ASKED", false, vec!["dan-fox"]),
                ("TOLD", false, vec!["bob-ray"])
            ]
        );
        let further: Vec<(&str, usize, &str)> = n
            .further
            .iter()
            .map(|d| (d.entity.id.as_str(), d.distance, d.via.id.as_str()))
            .collect();
        assert_eq!(
            further,
            [
                ("acme", 2, "bob-ray"),
                ("ann-lee", 2, "bob-ray"),
                ("eve-kim", 2, "dan-fox")
            ]
        );
        let one = x.neighborhood(x.find("cat-ray").unwrap(), 1, &EdgeFilter::default());
        assert!(one.further.is_empty());
        let asserted = EdgeFilter {
            statuses: vec![Status::Asserted],
            ..EdgeFilter::default()
        };
        let only = x.neighborhood(x.find("cat-ray").unwrap(), 1, &asserted);
        assert_eq!(only.groups.len(), 1, "the reported TOLD is filtered out");
        assert!(n.to_string().contains("<-[ASKED]- Dan Fox"));
    }
}
