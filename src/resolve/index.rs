//! The groups of one merge key, indexed by their head's given name, so that finding the
//! first group an entity may join looks only at groups that could be compatible with it.
//!
//! [`names::compatible`] lets given names `x` (a group head's) and `y` (the entity's) match
//! only when they fold to the same string, when one is an initial and their folded forms
//! start with the same character, or when neither is an initial, both fold to at least four
//! bytes and their first three bytes are equal. A head without person parts or without a
//! given name matches anything. [`GroupIndex::first_joinable`] therefore tests the groups of
//! the buckets those rules allow, in creation order, and returns the same group as testing
//! every group in creation order would. A key with few groups (most have one) keeps no
//! buckets and is searched by testing every group.

use super::names::{self, NameParts};
use std::collections::HashMap;

/// Groups of one key up to which a search simply tests every group: most keys have one.
const LINEAR_MAX: usize = 8;

/// The groups of one key, by what their head's given name lets match once there are more
/// than [`LINEAR_MAX`].
#[derive(Debug, Default)]
pub(super) struct GroupIndex {
    /// Every group, in creation order.
    all: Vec<usize>,
    /// The buckets, built when the key gets more than [`LINEAR_MAX`] groups.
    given: Option<Box<Buckets>>,
}

/// The groups of one key by their head's given name; each bucket in creation order.
#[derive(Debug, Default)]
struct Buckets {
    /// Groups whose head has no person parts or no given name: any entity may join.
    open: Vec<usize>,
    /// Groups whose head has a given name, by its [`names::fold`].
    exact: HashMap<String, Vec<usize>>,
    /// Groups whose head has a given name, by the first character of its fold.
    first: HashMap<Option<char>, Vec<usize>>,
    /// Groups whose head's given name is an initial, by the first character of its fold.
    initial: HashMap<Option<char>, Vec<usize>>,
    /// Groups whose head's given name is not an initial and folds to at least four bytes, by
    /// the first three bytes of its fold.
    prefix: HashMap<[u8; 3], Vec<usize>>,
}

/// The first three bytes of a folded given name that may be compared by spelling (four
/// bytes or more).
fn prefix(folded: &str) -> Option<[u8; 3]> {
    let b = folded.as_bytes();
    (b.len() >= 4).then(|| [b[0], b[1], b[2]])
}

impl Buckets {
    /// Files group `g` under its head's person parts.
    fn insert(&mut self, g: usize, head: Option<&NameParts>) {
        let Some(given) = head.and_then(|p| p.given.as_deref()) else {
            self.open.push(g);
            return;
        };
        let folded = names::fold(given);
        let first = folded.chars().next();
        self.first.entry(first).or_default().push(g);
        if names::is_initial(given) {
            self.initial.entry(first).or_default().push(g);
        } else if let Some(p) = prefix(&folded) {
            self.prefix.entry(p).or_default().push(g);
        }
        self.exact.entry(folded).or_default().push(g);
    }

    /// The buckets that hold every group whose head may be compatible with a given name.
    fn for_given(&self, given: &str) -> Vec<&[usize]> {
        let folded = names::fold(given);
        let first = folded.chars().next();
        let mut buckets: Vec<&[usize]> = vec![self.open.as_slice()];
        buckets.extend(self.exact.get(&folded).map(Vec::as_slice));
        if names::is_initial(given) {
            buckets.extend(self.first.get(&first).map(Vec::as_slice));
        } else {
            buckets.extend(self.initial.get(&first).map(Vec::as_slice));
            if let Some(p) = prefix(&folded) {
                buckets.extend(self.prefix.get(&p).map(Vec::as_slice));
            }
        }
        buckets
    }
}

impl GroupIndex {
    /// Adds group `g` (greater than every group added before), headed by an entity with
    /// `head` as its person parts; `older` gives the head's person parts of a group added
    /// before.
    pub(super) fn push<'p>(
        &mut self,
        g: usize,
        head: Option<&'p NameParts>,
        older: impl Fn(usize) -> Option<&'p NameParts>,
    ) {
        debug_assert!(self.all.last().is_none_or(|&last| last < g));
        if let Some(buckets) = &mut self.given {
            buckets.insert(g, head);
        } else if self.all.len() == LINEAR_MAX {
            let mut buckets = Buckets::default();
            for &h in &self.all {
                buckets.insert(h, older(h));
            }
            buckets.insert(g, head);
            self.given = Some(Box::new(buckets));
        }
        self.all.push(g);
    }

    /// The first group (in creation order) for which `joins` holds, looking only at groups
    /// whose head could be compatible with an entity of person parts `entity`; `joins` must
    /// be false for the others (as it is for "head and entity are compatible names or one has
    /// no person parts").
    pub(super) fn first_joinable(
        &self,
        entity: Option<&NameParts>,
        mut joins: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let given = entity.and_then(|p| p.given.as_deref());
        let (Some(buckets), Some(given)) = (&self.given, given) else {
            return self.all.iter().copied().find(|&g| joins(g));
        };
        let mut best: Option<usize> = None;
        for bucket in buckets.for_given(given) {
            for &g in bucket {
                if best.is_some_and(|b| g >= b) {
                    break;
                }
                if joins(g) {
                    best = Some(g);
                    break;
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether an entity may join a group with this head, as `merge` decides it.
    fn joins(head: Option<&NameParts>, entity: Option<&NameParts>) -> bool {
        match (head, entity) {
            (Some(a), Some(b)) => names::compatible(a, b),
            _ => true,
        }
    }

    /// Groups entities (in the order given) the way `merge` does under one key, finding each
    /// entity's group with the index or, when `indexed` is false, by testing every group in
    /// creation order. Returns each entity's group.
    fn group(entities: &[Option<NameParts>], indexed: bool) -> Vec<usize> {
        let mut heads: Vec<usize> = Vec::new();
        let mut index = GroupIndex::default();
        let mut out = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            let test = |g: usize| joins(entities[heads[g]].as_ref(), e.as_ref());
            let found = if indexed {
                index.first_joinable(e.as_ref(), test)
            } else {
                (0..heads.len()).find(|&g| test(g))
            };
            let g = found.unwrap_or_else(|| {
                index.push(heads.len(), e.as_ref(), |g| entities[heads[g]].as_ref());
                heads.push(i);
                heads.len() - 1
            });
            out.push(g);
        }
        out
    }

    /// A given name or surname word from a small alphabet, so that names often collide:
    /// initials, dotted initials, prefixes shared by spelling variants, particles, and
    /// non-ASCII letters.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "J", "J.", "H.R.", "j", "S.", "É.", "A.B.C.", "Ж", "...", "al-Assad", "Assad",
                "el-Sisi", "Sisi", "John", "Jon", "Johann", "Johnny", "Sergei", "Sergey", "Serge",
                "Andrei", "Andrey", "Michael", "Michelle", "Michal", "Micha", "Dan", "Daniel",
                "Danielle", "David", "Élodie", "Elodie", "Éric", "Eric", "Ana", "Anna", "Anne",
                "Annie", "Ölkü", "Łukasz", "Luka", "İsmail", "Ismail", "Jr.",
            ])
            .prop_map(str::to_string),
            "[A-Za-zÉéÖö.]{1,6}",
        ]
    }

    /// Person parts of a name (up to three words, then one of a few surnames), or none.
    fn parts() -> impl Strategy<Value = Option<NameParts>> {
        let surname = prop::sample::select(vec!["Novak", "novak", "Kim", "al-Kim", "Jr.", "Ли"]);
        prop::option::weighted(
            0.9,
            (prop::collection::vec(word(), 0..4), surname).prop_filter_map(
                "a name",
                |(mut ws, s)| {
                    ws.push(s.to_string());
                    let ws: Vec<&str> = ws.iter().map(String::as_str).collect();
                    names::parts(&ws)
                },
            ),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn the_index_finds_the_first_compatible_group(
            entities in prop::collection::vec(parts(), 0..60),
        ) {
            prop_assert_eq!(group(&entities, true), group(&entities, false));
        }
    }

    #[test]
    fn groups_of_one_surname_split_by_given_name() {
        let names: Vec<Option<NameParts>> = [
            "Anna Novak",
            "Ana Novak",
            "A. Novak",
            "Piotr Novak",
            "Novak",
            "P. Novak",
        ]
        .iter()
        .map(|n| names::parts(&n.split(' ').collect::<Vec<_>>()))
        .collect();
        // "Ana" is too short to be a spelling variant of "Anna"; the initial and the bare
        // surname join the first group they are compatible with.
        assert_eq!(group(&names, true), vec![0, 1, 0, 2, 0, 2]);
    }
}
