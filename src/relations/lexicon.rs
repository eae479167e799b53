//! The trigger table: which words signal which predicate and where its arguments stand.
//! The table is data (`triggers.tsv`), parsed once; extraction code never names a verb.

use crate::mentions::lower::Lower;
use crate::ml::hash::FnvBuild;
use crate::model::Predicate;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Whether the trigger is a verb or a nominalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Active verb (passive when a be-verb comes before it and "by" after).
    Verb,
    /// A noun such as "meeting": the subject is a possessor, the head of an apposition, or
    /// else the subject of the clause.
    Noun,
    /// A noun such as "dismissal" whose subject must be its possessor or apposition head:
    /// the clause's subject is not taken to be the agent.
    AgentNoun,
    /// A verb of wrongdoing heading a clause that someone reports ("she said the team
    /// misled the public"): the subject is the one who reports it, the object the clause's
    /// own subject. Read from the dependency tree only.
    Claim,
}

/// Where the object of a trigger stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Right after the trigger (determiners allowed between).
    Object,
    /// After the given preposition, directly after the trigger (adverbs allowed between).
    Prep(String),
    /// After the given preposition, with a phrase between ("discussed X with Y").
    GapPrep(String),
    /// The possessor before a noun trigger ("the United States' allies").
    Possessor,
    /// The trigger's own subject (for [`Part::Claim`]).
    Subject,
    /// The subject of the trigger's clausal complement ("denied that the club had paid
    /// him"). Read from the dependency tree only.
    Clause,
}

/// One row of the trigger table.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// The predicate it signals.
    pub predicate: Predicate,
    /// Verb or noun.
    pub part: Part,
    /// Where the object is.
    pub slot: Slot,
    /// Words one of which must stand between trigger and object (empty: none needed).
    pub needs: Vec<String>,
}

/// The table hashes with FNV: it is looked up for every word of a sentence.
type Table = HashMap<String, Vec<Trigger>, FnvBuild>;

static TABLE: LazyLock<Table> = LazyLock::new(|| parse(include_str!("triggers.tsv")));

fn parse(text: &str) -> Table {
    let mut table = Table::default();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [forms, predicate, part, slot, needs] = cols[..] else {
            panic!("triggers.tsv: a row needs 5 columns: {line:?}");
        };
        let predicate: Predicate = predicate
            .parse()
            .unwrap_or_else(|e| panic!("triggers.tsv: {e}"));
        let part = match part {
            "verb" => Part::Verb,
            "noun" => Part::Noun,
            "noun-agent" => Part::AgentNoun,
            "claim" => Part::Claim,
            other => panic!("triggers.tsv: unknown part {other:?}"),
        };
        let slot = match slot {
            "obj" => Slot::Object,
            "poss" => Slot::Possessor,
            "subj" => Slot::Subject,
            "clause" => Slot::Clause,
            s => match s.strip_prefix("gap:") {
                Some(p) => Slot::GapPrep(p.to_string()),
                None => Slot::Prep(s.to_string()),
            },
        };
        let needs = if needs == "-" {
            Vec::new()
        } else {
            needs.split(',').map(str::to_string).collect()
        };
        for form in forms.split(',') {
            table.entry(form.to_string()).or_default().push(Trigger {
                predicate,
                part,
                slot: slot.clone(),
                needs: needs.clone(),
            });
        }
    }
    table
}

/// The triggers a word (any case) can be.
pub fn triggers(word: &str) -> &'static [Trigger] {
    triggers_of_lower(&Lower::of(word))
}

/// The triggers a word already in lower case can be.
pub fn triggers_of_lower(lower: &str) -> &'static [Trigger] {
    TABLE.get(lower).map_or(&[], Vec::as_slice)
}

/// Forms of "to be" that make a following participle passive.
pub const BE_FORMS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "’s",
];

/// Words that negate the verb they precede.
pub const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "neither", "nor"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_answers() {
        let met = triggers("Met");
        assert!(met
            .iter()
            .any(|t| t.predicate == Predicate::MetWith && t.slot == Slot::Prep("with".into())));
        let shared = triggers("shared");
        assert_eq!(shared[0].slot, Slot::GapPrep("with".into()));
        assert!(shared[0].needs.contains(&"intelligence".to_string()));
        assert!(triggers("banana").is_empty());
        assert!(triggers("allies").iter().any(|t| t.slot == Slot::Possessor));
    }
}
