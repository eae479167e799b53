//! Names to nodes: what a user types ("trump", "Comey", "FBI") to the entity it means.
//!
//! In order, the first rule that matches decides:
//! 1. the node id (`donald-trump`);
//! 2. a label, compared case-insensitively with spaces collapsed;
//! 3. an alias, compared the same way;
//! 4. the words of a label or alias: every word typed is a whole word of it, in order
//!    ("comey" finds "James Comey", "donald trump" finds "President Donald Trump").
//!
//! When a rule matches several entities the name is ambiguous; when none matches it is
//! unknown. Both errors list candidates: the matching entities, or the closest labels and
//! aliases by Jaro-Winkler similarity (strsim).

use super::EntityRef;
use crate::graph::KnowledgeGraph;
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// How many candidates an error lists.
const CANDIDATES: usize = 5;

/// A name that found no entity, or more than one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LookupError {
    /// The name as typed.
    pub name: String,
    /// True when several entities match; false when none does.
    pub ambiguous: bool,
    /// The matching entities (ambiguous) or the closest ones (unknown), best first.
    pub candidates: Vec<Candidate>,
}

/// An entity offered when a name does not find exactly one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// The label or alias that was compared.
    pub matched: String,
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ambiguous {
            write!(f, "{:?} is ambiguous; it could be", self.name)?;
        } else if self.candidates.is_empty() {
            return write!(f, "no entity is named {:?} (the graph is empty)", self.name);
        } else {
            write!(f, "no entity is named {:?}; closest", self.name)?;
        }
        for (i, c) in self.candidates.iter().enumerate() {
            let sep = if i == 0 { ":" } else { "," };
            write!(
                f,
                "{sep} {} ({}, id {}",
                c.entity.label, c.entity.kind, c.entity.id
            )?;
            if c.matched != c.entity.label {
                write!(f, ", as {:?}", c.matched)?;
            }
            f.write_str(")")?;
        }
        if self.ambiguous {
            f.write_str("; give the id or the full name")?;
        }
        Ok(())
    }
}

impl std::error::Error for LookupError {}

/// Lower case with runs of whitespace as one space.
fn fold(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lookup tables of one graph.
#[derive(Debug, Default)]
pub(crate) struct NameTable {
    /// Folded label -> nodes.
    labels: HashMap<String, Vec<NodeIndex>>,
    /// Folded alias -> nodes.
    aliases: HashMap<String, Vec<NodeIndex>>,
}

impl NameTable {
    pub(crate) fn new(graph: &KnowledgeGraph) -> NameTable {
        let mut table = NameTable::default();
        for ix in graph.graph.node_indices() {
            let node = &graph.graph[ix];
            table.labels.entry(fold(&node.label)).or_default().push(ix);
            for alias in &node.aliases {
                table.aliases.entry(fold(alias)).or_default().push(ix);
            }
        }
        table
    }

    pub(crate) fn find(
        &self,
        graph: &KnowledgeGraph,
        name: &str,
    ) -> Result<NodeIndex, LookupError> {
        if let Some(&ix) = graph.index.get(name.trim()) {
            return Ok(ix);
        }
        let key = fold(name);
        // A label match, else an alias match, decides.
        if let Some(found) = self.labels.get(&key).or_else(|| self.aliases.get(&key)) {
            let unique: BTreeSet<NodeIndex> = found.iter().copied().collect();
            if unique.len() == 1 {
                return Ok(found[0]);
            }
            return Err(ambiguous(graph, name, unique, &key));
        }
        let by_words = word_matches(graph, &key);
        match by_words.len() {
            1 => Ok(*by_words.keys().next().expect("one match")),
            0 => Err(LookupError {
                name: name.to_string(),
                ambiguous: false,
                candidates: closest(graph, &key),
            }),
            _ => Err(ambiguous_with(graph, name, by_words)),
        }
    }
}

fn ambiguous(
    graph: &KnowledgeGraph,
    name: &str,
    nodes: BTreeSet<NodeIndex>,
    key: &str,
) -> LookupError {
    let matched = nodes
        .into_iter()
        .map(|ix| {
            let node = &graph.graph[ix];
            let form = std::iter::once(&node.label)
                .chain(&node.aliases)
                .find(|n| fold(n) == key)
                .unwrap_or(&node.label);
            (ix, form.clone())
        })
        .collect();
    ambiguous_with(graph, name, matched)
}

fn ambiguous_with(
    graph: &KnowledgeGraph,
    name: &str,
    matched: HashMap<NodeIndex, String>,
) -> LookupError {
    let mut candidates: Vec<Candidate> = matched
        .into_iter()
        .map(|(ix, form)| Candidate {
            entity: EntityRef::of(&graph.graph[ix]),
            matched: form,
        })
        .collect();
    // Most mentioned first: the likelier meaning.
    candidates.sort_by(|a, b| {
        let mentions = |c: &Candidate| graph.node(&c.entity.id).map_or(0, |n| n.mentions);
        mentions(b)
            .cmp(&mentions(a))
            .then(a.entity.id.cmp(&b.entity.id))
    });
    LookupError {
        name: name.to_string(),
        ambiguous: true,
        candidates,
    }
}

/// Nodes with a label or alias containing the words of `key` as whole words, in order.
fn word_matches(graph: &KnowledgeGraph, key: &str) -> HashMap<NodeIndex, String> {
    let wanted: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let mut found = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    for ix in graph.graph.node_indices() {
        let node = &graph.graph[ix];
        let hit = std::iter::once(&node.label)
            .chain(&node.aliases)
            .find(|form| contains_words(&fold(form), &wanted));
        if let Some(form) = hit {
            found.insert(ix, form.clone());
        }
    }
    found
}

/// True when `wanted` is a contiguous run of the words of `folded`.
fn contains_words(folded: &str, wanted: &[&str]) -> bool {
    let words: Vec<&str> = folded.split(' ').collect();
    words.windows(wanted.len()).any(|w| w == wanted)
}

/// The [`CANDIDATES`] entities whose label or alias is most similar to `key`.
fn closest(graph: &KnowledgeGraph, key: &str) -> Vec<Candidate> {
    let mut scored: Vec<(f64, NodeIndex, &String)> = graph
        .graph
        .node_indices()
        .filter_map(|ix| {
            let node = &graph.graph[ix];
            std::iter::once(&node.label)
                .chain(&node.aliases)
                .map(|form| (strsim::jaro_winkler(key, &fold(form)), ix, form))
                .max_by(|a, b| a.0.total_cmp(&b.0))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| graph.graph[a.1].id.cmp(&graph.graph[b.1].id))
    });
    scored
        .into_iter()
        .take(CANDIDATES)
        .map(|(_, ix, form)| Candidate {
            entity: EntityRef::of(&graph.graph[ix]),
            matched: form.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::newsroom;
    use super::super::Explorer;

    fn id_of(x: &Explorer<'_>, name: &str) -> Result<String, super::LookupError> {
        x.find(name).map(|ix| x.graph().graph[ix].id.clone())
    }

    #[test]
    fn ids_labels_aliases_and_words_are_found_case_insensitively() {
        let g = newsroom();
        let x = Explorer::new(&g);
        assert_eq!(id_of(&x, "dan-fox").unwrap(), "dan-fox");
        assert_eq!(id_of(&x, "ann   LEE").unwrap(), "ann-lee");
        assert_eq!(id_of(&x, "bobby").unwrap(), "bob-ray");
        assert_eq!(id_of(&x, "acme").unwrap(), "acme", "an alias");
        assert_eq!(id_of(&x, "fox").unwrap(), "dan-fox", "a word of the label");
        assert_eq!(id_of(&x, "corp").unwrap(), "acme");
    }

    #[test]
    fn a_shared_alias_is_ambiguous_and_lists_both() {
        let g = newsroom();
        let x = Explorer::new(&g);
        let err = id_of(&x, "ray").unwrap_err();
        assert!(err.ambiguous);
        let ids: Vec<&str> = err
            .candidates
            .iter()
            .map(|c| c.entity.id.as_str())
            .collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&"bob-ray") && ids.contains(&"cat-ray"));
        let text = err.to_string();
        assert!(
            text.contains("ambiguous") && text.contains("Bob Ray") && text.contains("Cat Ray"),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_name_lists_the_closest() {
        let g = newsroom();
        let x = Explorer::new(&g);
        let err = id_of(&x, "Ann Leigh").unwrap_err();
        assert!(!err.ambiguous);
        assert_eq!(err.candidates[0].entity.id, "ann-lee", "{err}");
        assert!(err.candidates.len() <= super::CANDIDATES);
        assert!(
            err.to_string()
                .starts_with("no entity is named \"Ann Leigh\"; closest: Ann Lee"),
            "{err}"
        );
    }
}
