//! The arguments of a trigger read from the sentence's dependency tree.
//!
//! In: a [`SentenceArgs`] whose sentence was parsed, a trigger word and its row of the
//! trigger table. Out: the subject and object arguments the arcs give, or `None` when the
//! tree does not give both (the caller then reads the words around the trigger instead).
//!
//! Which arc holds which argument is decided by the table row's part and slot, not by the
//! trigger word: verbs take `nsubj` and `obj` (`nsubj:pass` and the "by" phrase when passive),
//! a preposition slot takes the `obl`/`nmod` whose `case` is that preposition, a possessor slot
//! takes `nmod:poss`. Subjects are inherited over `conj` (shared subject), `xcomp` (the
//! controller) and relative clauses; every argument expands over its own `conj` dependents.

use super::extract::{accepts, SentenceArgs, LIGHT_VERBS, LINK_NOUNS};
use super::lexicon::{Part, Slot, Trigger};
use crate::mentions::lexicon::role_noun;
use crate::ml::pos::Upos;
use crate::model::{EntityKind, Predicate};
use crate::syntax::DepTree;
use crate::text::verbs;

/// Lemmas of verbs that report a claim ("said", "told ... that", "testified").
const REPORTING_VERBS: &[&str] = &[
    "say", "tell", "state", "claim", "allege", "testify", "insist", "argue", "charge", "write",
    "tweet", "add", "assert", "maintain", "contend", "conclude", "complain", "warn", "suggest",
];
/// Nouns that report a claim, their author as possessor or "of"/"by" phrase ("the
/// conclusion of the agencies that X interfered").
const REPORTING_NOUNS: &[&str] = &[
    "statement",
    "claim",
    "claims",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "assertion",
    "conclusion",
    "testimony",
    "complaint",
    "charge",
    "charges",
];
/// Forms of "say", which the verb lexicon leaves out as a light verb.
const SAY_FORMS: &[&str] = &["say", "says", "said", "saying"];
/// Relative pronouns: as the subject of a relative clause they stand for the noun it modifies.
const RELATIVE_PRONOUNS: &[&str] = &["who", "which", "that", "whom"];
/// Relations under which a word may carry the name it stands for ("the minister, X"). Not
/// `compound`: "U.S. agencies" are not the United States.
const NAME_CARRIERS: &[&str] = &["appos", "flat"];

/// The subject and object arguments of one trigger.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Parties {
    /// Indices into the sentence's arguments.
    pub subjects: Vec<usize>,
    /// Indices into the sentence's arguments.
    pub objects: Vec<usize>,
}

/// Reads the arguments of the trigger at word `t` from `tree`.
pub(super) fn parties(
    args: &SentenceArgs,
    tree: &DepTree,
    t: usize,
    trigger: &Trigger,
) -> Option<Parties> {
    let reader = Reader { args, tree };
    let predicate = trigger.predicate;
    let (subjects, objects) = match trigger.part {
        Part::Verb if reader.is_passive(t) => {
            if trigger.slot != Slot::Object || !trigger.needs.is_empty() {
                return None;
            }
            (reader.agents(t), reader.passive_subjects(t))
        }
        Part::Verb => (reader.subjects(t), reader.objects(t, trigger)?),
        Part::Claim => (reader.reporters(t), reader.subjects(t)),
        Part::Noun | Part::AgentNoun => (
            reader.noun_subjects(t, trigger.part),
            reader.objects(t, trigger)?,
        ),
    };
    let subjects = reader.keep(subjects, predicate, true, false);
    let objects = reader.keep(objects, predicate, false, !trigger.needs.is_empty());
    let symmetric_pair = objects.is_empty() && predicate.is_symmetric() && subjects.len() >= 2;
    (!subjects.is_empty() && (!objects.is_empty() || symmetric_pair))
        .then_some(Parties { subjects, objects })
}

/// A role read from the tree: a role noun in apposition to a person, or predicated of one,
/// with the body it is "of" ("X, the chief executive of Y"; "Y's sporting director, X").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TreeRole {
    /// Index into the sentence's arguments: the person.
    pub person: usize,
    /// The role as written, lower case ("chief executive").
    pub role: String,
    /// Index into the sentence's arguments: the organisation or country.
    pub body: usize,
    /// The role noun's word.
    pub word: usize,
}

/// Every role of a person the tree of the sentence gives.
pub(super) fn roles(args: &SentenceArgs, tree: &DepTree) -> Vec<TreeRole> {
    let reader = Reader { args, tree };
    let mut out = Vec::new();
    for w in 0..tree.len() {
        if !role_noun(args.words[w]) {
            continue;
        }
        let Some(person) = reader.role_holder(w) else {
            continue;
        };
        for body in reader.role_bodies(w) {
            if body != person {
                out.push(TreeRole {
                    person,
                    role: reader.role_phrase(w),
                    body,
                    word: w,
                });
            }
        }
    }
    out
}

/// The tree and the sentence's arguments together.
struct Reader<'a, 'd> {
    args: &'a SentenceArgs<'d>,
    tree: &'a DepTree,
}

impl Reader<'_, '_> {
    fn lower(&self, w: usize) -> &str {
        self.args.lower(w)
    }

    /// The argument word `w` stands for: the mention covering it, or one it carries as an
    /// apposition or flat name (or an unmarked nominal dependent), or, for an apposition
    /// itself, the name it stands beside.
    fn arg_of(&self, w: usize) -> Option<usize> {
        let tree = self.tree;
        // A nominal dependent without a preposition is an apposition the parser mislabelled
        // ("another team member, Jared Kushner").
        let carries = |c: usize| {
            NAME_CARRIERS.contains(&tree.label(c))
                || tree.base_label(c) == "nmod" && self.case_of(c).is_none()
        };
        self.args
            .arg_covering(w)
            .or_else(|| {
                tree.children(w)
                    .iter()
                    .filter(|&&c| carries(c))
                    .find_map(|&c| self.args.arg_covering(c))
            })
            // "X, a former deputy who was fired by Y": an apposition stands for its head.
            .or_else(|| {
                let head = tree.head(w).filter(|_| tree.label(w) == "appos")?;
                self.args.arg_covering(head)
            })
    }

    /// The arguments of word `w` and of the words coordinated with it ("X and Y").
    fn args_of(&self, w: usize) -> Vec<usize> {
        let mut words = vec![w];
        let mut i = 0;
        while i < words.len() && words.len() <= self.tree.len() {
            words.extend(self.tree.children_with(words[i], "conj"));
            i += 1;
        }
        let mut out: Vec<usize> = Vec::new();
        for a in words.into_iter().filter_map(|w| self.arg_of(w)) {
            if !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }

    /// Arguments allowed in the role: right type, not a demonym (unless `claim` says the
    /// object is what a claim is about), in sentence order of discovery.
    fn keep(
        &self,
        found: Vec<usize>,
        predicate: Predicate,
        subject: bool,
        claim: bool,
    ) -> Vec<usize> {
        found
            .into_iter()
            .filter(|&a| {
                let arg = self.args.args[a];
                accepts(predicate, arg.kind, subject) && (!arg.demonym || claim && !subject)
            })
            .collect()
    }

    /// True when the verb at `t` is passive: it has a passive subject or auxiliary, or it is
    /// a participle modifying a noun with a "by" phrase ("the director fired by X").
    fn is_passive(&self, t: usize) -> bool {
        let tree = self.tree;
        tree.children(t)
            .iter()
            .any(|&c| matches!(tree.label(c), "nsubj:pass" | "aux:pass"))
            || tree.base_label(t) == "acl" && !self.agents(t).is_empty()
    }

    /// The "by" agents of a passive verb.
    fn agents(&self, t: usize) -> Vec<usize> {
        self.tree
            .children(t)
            .iter()
            .filter(|&&c| {
                self.tree.label(c) == "obl:agent"
                    || self.tree.base_label(c) == "obl" && self.case_of(c) == Some("by")
            })
            .flat_map(|&c| self.args_of(c))
            .collect()
    }

    /// The patients of a passive verb: its passive subject, or the noun it modifies.
    fn passive_subjects(&self, t: usize) -> Vec<usize> {
        let subject: Vec<usize> = self.tree.children_with(t, "nsubj:pass").collect();
        match subject.first() {
            Some(&s) => self.resolve_relative(t, s),
            None if self.tree.base_label(t) == "acl" => self
                .tree
                .head(t)
                .map(|h| self.args_of(h))
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// The arguments of subject word `s` of the clause headed by `t`; a relative pronoun
    /// stands for the noun the clause modifies ("X, who met Y").
    fn resolve_relative(&self, t: usize, s: usize) -> Vec<usize> {
        if RELATIVE_PRONOUNS.contains(&self.lower(s)) && self.tree.label(t) == "acl:relcl" {
            return self
                .tree
                .head(t)
                .map(|h| self.args_of(h))
                .unwrap_or_default();
        }
        self.args_of(s)
    }

    /// The active subject of the verb at `t`: its own `nsubj`, else that of the verb it is
    /// coordinated with or controlled by.
    fn subjects(&self, t: usize) -> Vec<usize> {
        self.subjects_within(t, self.tree.len())
    }

    /// [`subjects`](Self::subjects), climbing at most `budget` more heads.
    fn subjects_within(&self, t: usize, budget: usize) -> Vec<usize> {
        let tree = self.tree;
        if let Some(s) = tree
            .children(t)
            .iter()
            .copied()
            .find(|&c| matches!(tree.label(c), "nsubj" | "nsubj:outer"))
        {
            return self.resolve_relative(t, s);
        }
        let Some(head) = tree.head(t).filter(|_| budget > 0) else {
            return Vec::new();
        };
        match tree.label(t) {
            // "X met Y and praised Z": the second verb shares the first one's subject.
            "conj" => self.subjects_within(head, budget - 1),
            // "a senator sitting on X", "X was a senator sitting on Y": the noun modified,
            // or what that noun is predicated of.
            // The noun an acl modifies comes before it, and so does every noun coordinated
            // with it: a later "conjunct" is a misparse of the clause's own object.
            "acl" => {
                let modified: Vec<usize> = self
                    .args_of(head)
                    .into_iter()
                    .filter(|&a| self.args.args[a].end <= t)
                    .collect();
                if modified.is_empty() {
                    self.subjects_within(head, budget - 1)
                } else {
                    modified
                }
            }
            // "asked X to meet Y" (object control), "agreed to meet Y" (subject control).
            "xcomp" => match tree.children_with(head, "obj").next() {
                Some(o) => self.args_of(o),
                None => self.subjects_within(head, budget - 1),
            },
            _ => Vec::new(),
        }
    }

    /// The agent of a noun trigger: its possessor ("his meeting"), the argument it stands in
    /// apposition to or is predicated of ("X, an ally of"; "X is an ally of"), or the subject
    /// of the verb taking it as object ("held a meeting with"; only a light verb for an
    /// agent noun: "opened an investigation into").
    fn noun_subjects(&self, t: usize, part: Part) -> Vec<usize> {
        let tree = self.tree;
        if let Some(p) = tree.children_with(t, "nmod:poss").next() {
            return self.args_of(p);
        }
        if tree.label(t) == "appos" {
            if let Some(h) = tree.head(t) {
                return self.args_of(h);
            }
        }
        if let Some(s) = tree.children_with(t, "nsubj").next() {
            return self.resolve_relative(t, s);
        }
        let Some(verb) = tree.head(t).filter(|_| tree.label(t) == "obj") else {
            return Vec::new();
        };
        if part == Part::AgentNoun && !LIGHT_VERBS.contains(&self.lower(verb)) {
            return Vec::new();
        }
        self.subjects(verb)
    }

    /// Who reports the clause the verb at `t` heads: the subject of the nearest reporting
    /// verb above it in the tree, or the author of the nearest reporting noun.
    fn reporters(&self, t: usize) -> Vec<usize> {
        let tree = self.tree;
        let mut at = t;
        for _ in 0..tree.len() {
            let Some(up) = tree.head(at) else { break };
            let word = self.lower(up);
            let lemma =
                verbs::lemma(word).unwrap_or(if SAY_FORMS.contains(&word) { "say" } else { "" });
            if REPORTING_VERBS.contains(&lemma) {
                return self.subjects(up);
            }
            if REPORTING_NOUNS.contains(&word) {
                return tree
                    .children(up)
                    .iter()
                    .filter(|&&c| {
                        tree.label(c) == "nmod:poss"
                            || tree.base_label(c) == "nmod"
                                && matches!(self.case_of(c), Some("of" | "by"))
                    })
                    .flat_map(|&c| self.args_of(c))
                    .collect();
            }
            at = up;
        }
        Vec::new()
    }

    /// The person a role noun at `w` describes: the one it stands in apposition to (either
    /// way round), the one it is predicated of ("X is the chair of Y"), or the name it is
    /// part of ("Chief executive X").
    fn role_holder(&self, w: usize) -> Option<usize> {
        let tree = self.tree;
        let person = |a: usize| (self.args.args[a].kind == EntityKind::Person).then_some(a);
        if let Some(a) = self.args.arg_covering(w) {
            return person(a);
        }
        let linked = tree
            .children(w)
            .iter()
            .copied()
            .filter(|&c| matches!(tree.label(c), "appos" | "nsubj" | "flat"))
            .chain(tree.head(w).filter(|_| tree.label(w) == "appos"));
        linked
            .filter_map(|c| self.args.arg_covering(c))
            .find_map(person)
    }

    /// The bodies a role noun at `w` belongs to: its possessor and its "of"/"for" phrases,
    /// when they name an organisation or a country. Not "at"/"in": a parser error attaching a
    /// place phrase to the noun costs more ("the minister in the Commons") than it finds.
    fn role_bodies(&self, w: usize) -> Vec<usize> {
        let tree = self.tree;
        tree.children(w)
            .iter()
            .filter(|&&c| {
                tree.label(c) == "nmod:poss"
                    || tree.base_label(c) == "nmod"
                        && matches!(self.case_of(c), Some("of" | "for"))
                        && !self.is_possessor(c)
            })
            .filter_map(|&c| self.arg_of(c))
            .filter(|&a| {
                let arg = self.args.args[a];
                matches!(arg.kind, EntityKind::Org | EntityKind::Gpe) && !arg.demonym
            })
            .collect()
    }

    /// The role noun at `w` with the lower-case modifiers right before it ("chief
    /// scientific officer").
    fn role_phrase(&self, w: usize) -> String {
        let mut start = w;
        while start > 0 {
            let prev = start - 1;
            let modifier = self.tree.head(prev) == Some(w)
                && matches!(self.tree.label(prev), "amod" | "compound")
                && self.args.arg_covering(prev).is_none()
                && self.args.words[prev]
                    .chars()
                    .all(|c| c.is_lowercase() || c == '-');
            if !modifier {
                break;
            }
            start = prev;
        }
        (start..=w)
            .map(|k| self.lower(k))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// True when word `w` carries a possessive clitic: the owner of a noun the parser left
    /// out ("of Russia's council" is the council's, not Russia's).
    fn is_possessor(&self, w: usize) -> bool {
        self.tree
            .children_with(w, "case")
            .any(|c| matches!(self.lower(c), "'s" | "’s" | "'" | "’"))
    }

    /// The lower-case preposition (`case` dependent) of word `w`.
    fn case_of(&self, w: usize) -> Option<&str> {
        self.tree
            .children_with(w, "case")
            .next()
            .map(|c| self.lower(c))
    }

    /// The dependents of `t` marked by preposition `p`; through a link noun to its own
    /// "between"/"to"/"with" phrase ("an investigation into links between X and Y").
    fn prep_objects(&self, t: usize, p: &str) -> Vec<usize> {
        let tree = self.tree;
        let mut out = Vec::new();
        for &c in tree.children(t) {
            if !matches!(tree.base_label(c), "obl" | "nmod") || self.case_of(c) != Some(p) {
                continue;
            }
            if LINK_NOUNS.contains(&self.lower(c)) {
                for &d in tree.children(c) {
                    let linked = matches!(self.case_of(d), Some("between" | "to" | "with"));
                    if linked {
                        out.extend(self.args_of(d));
                    }
                }
            } else {
                out.extend(self.args_of(c));
                out.extend(
                    self.stray_conjuncts(t, c)
                        .into_iter()
                        .flat_map(|d| self.args_of(d)),
                );
            }
        }
        out
    }

    /// Nouns the parser coordinated with the verb `t` after its dependent `c` ("met with X
    /// and the chief whip, Y" with "whip" a `conj` of "met"): a verb cannot coordinate with
    /// a noun, so they stand in `c`'s coordination.
    fn stray_conjuncts(&self, t: usize, c: usize) -> Vec<usize> {
        let tree = self.tree;
        if tree.tag(t) != Some(Upos::Verb) {
            return Vec::new();
        }
        tree.children_with(t, "conj")
            .filter(|&d| d > c && matches!(tree.tag(d), Some(Upos::Noun | Upos::Propn)))
            .collect()
    }

    /// True when one of `needs` is the trigger's object or inside its object's phrase.
    fn object_is_needed(&self, t: usize, needs: &[String]) -> bool {
        self.tree.children_with(t, "obj").any(|o| {
            (0..self.tree.len())
                .filter(|&w| self.tree.dominates(o, w))
                .any(|w| needs.iter().any(|n| n == self.lower(w)))
        })
    }

    /// The objects of the trigger at `t` where its slot says; `None` when the slot cannot be
    /// read from the tree (an object that must follow a claim noun).
    fn objects(&self, t: usize, trigger: &Trigger) -> Option<Vec<usize>> {
        let tree = self.tree;
        Some(match &trigger.slot {
            Slot::Object if trigger.needs.is_empty() => tree
                .children(t)
                .iter()
                .filter(|&&c| matches!(tree.label(c), "obj" | "iobj"))
                .flat_map(|&c| self.args_of(c))
                .collect(),
            Slot::Object => return None,
            Slot::Prep(p) => self.prep_objects(t, p),
            Slot::GapPrep(p) => {
                if trigger.needs.is_empty() || self.object_is_needed(t, &trigger.needs) {
                    self.prep_objects(t, p)
                } else {
                    Vec::new()
                }
            }
            Slot::Subject => Vec::new(),
            Slot::Clause => tree
                .children_with(t, "ccomp")
                .flat_map(|c| self.subjects(c))
                .collect(),
            Slot::Possessor => tree
                .children_with(t, "nmod:poss")
                .flat_map(|c| self.args_of(c))
                .collect(),
        })
    }
}
