//! Syntax: UPOS tags and a dependency tree for one sentence, from the project's own models.
//!
//! In: the words of a tokenised sentence. Out: a [`DepTree`] (a tag, a head and a relation per
//! word, Universal Dependencies labels). The tagger and parser trained by `newsgraph train`
//! ([`crate::ml`]) are embedded in the library with `include_bytes!`, so the binary parses
//! offline wherever it runs; [`Syntax::embedded`] loads them once per process.
//!
//! The relations stage calls this only for sentences with two or more argument mentions: the
//! others cannot hold a relation and are never parsed.

use crate::error::Result;
use crate::ml::parser::{DependencyParser, ParseBuffers};
use crate::ml::pos::{PosTagger, TagBuffers, Upos, Xpos};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The POS model shipped in `models/`, embedded at build time.
const POS_MODEL: &[u8] = include_bytes!("../../models/pos.bin");
/// The parser model shipped in `models/`, embedded at build time.
const PARSER_MODEL: &[u8] = include_bytes!("../../models/parser.bin");

/// The head and relation of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    /// Index of the head word in the sentence, `None` for the root.
    pub head: Option<usize>,
    /// Universal Dependencies relation ("nsubj", "obl:agent", ...).
    pub label: &'static str,
}

/// The tags and dependency tree of one sentence; word `i` of the input is index `i` here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DepTree {
    /// UPOS tag of each word.
    pub tags: Vec<Upos>,
    /// Head and relation of each word.
    pub arcs: Vec<Arc>,
    /// Dependents of every word, in sentence order, word after word: those of word `i` are
    /// `dependents[first_dependent[i]..first_dependent[i + 1]]`.
    dependents: Vec<usize>,
    /// Where each word's dependents start in `dependents` (one more entry than words).
    first_dependent: Vec<usize>,
}

impl DepTree {
    /// Builds a tree from tags and (1-based head, label) pairs as the parser returns them;
    /// a head out of range is read as the root.
    pub fn new(tags: Vec<Upos>, parsed: &[(usize, &'static str)]) -> DepTree {
        let n = parsed.len();
        let arcs: Vec<Arc> = parsed
            .iter()
            .map(|&(head, label)| Arc {
                head: (head >= 1 && head <= n).then(|| head - 1),
                label,
            })
            .collect();
        // A counting sort of the words by head: counts, then starts, then the words in order.
        let mut first_dependent = vec![0; n + 1];
        for h in arcs.iter().filter_map(|a| a.head) {
            first_dependent[h + 1] += 1;
        }
        for i in 0..n {
            first_dependent[i + 1] += first_dependent[i];
        }
        let mut next = first_dependent.clone();
        let mut dependents = vec![0; first_dependent[n]];
        for (i, arc) in arcs.iter().enumerate() {
            if let Some(h) = arc.head {
                dependents[next[h]] = i;
                next[h] += 1;
            }
        }
        DepTree {
            tags,
            arcs,
            dependents,
            first_dependent,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.arcs.len()
    }

    /// True for an empty sentence.
    pub fn is_empty(&self) -> bool {
        self.arcs.is_empty()
    }

    /// The head of word `i`, `None` for the root or out of range.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.arcs.get(i).and_then(|a| a.head)
    }

    /// The relation of word `i` to its head ("" out of range).
    pub fn label(&self, i: usize) -> &'static str {
        self.arcs.get(i).map_or("", |a| a.label)
    }

    /// The base relation of word `i`, without its subtype ("obl" for "obl:agent").
    pub fn base_label(&self, i: usize) -> &'static str {
        let label = self.label(i);
        label.split(':').next().unwrap_or(label)
    }

    /// The UPOS tag of word `i`.
    pub fn tag(&self, i: usize) -> Option<Upos> {
        self.tags.get(i).copied()
    }

    /// The dependents of word `i`, in sentence order.
    pub fn children(&self, i: usize) -> &[usize] {
        match (self.first_dependent.get(i), self.first_dependent.get(i + 1)) {
            (Some(&start), Some(&end)) => &self.dependents[start..end],
            _ => &[],
        }
    }

    /// The dependents of `i` whose relation is `label` or a subtype of it ("obl" matches
    /// "obl:agent"; "obl:agent" matches only itself).
    pub fn children_with<'a>(
        &'a self,
        i: usize,
        label: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.children(i)
            .iter()
            .copied()
            .filter(move |&c| label_matches(self.label(c), label))
    }

    /// The tree in CoNLL-U (ID, FORM, UPOS, HEAD, DEPREL filled; other columns "_"), one
    /// line per word, without comments or the closing blank line.
    pub fn to_conllu(&self, words: &[&str]) -> String {
        let mut out = String::new();
        for (i, arc) in self.arcs.iter().enumerate() {
            let word = words.get(i).copied().unwrap_or("_");
            let tag = self.tag(i).map_or("X", Upos::as_str);
            let head = arc.head.map_or(0, |h| h + 1);
            out.push_str(&format!(
                "{}\t{word}\t_\t{tag}\t_\t_\t{head}\t{}\t_\t_\n",
                i + 1,
                arc.label
            ));
        }
        out
    }

    /// Word `i` and its heads up to the root, nearest first.
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut chain = vec![i];
        while let Some(h) = chain.last().and_then(|&w| self.head(w)) {
            if chain.contains(&h) || chain.len() > self.len() {
                break;
            }
            chain.push(h);
        }
        chain
    }

    /// The first word of `chain` reached by walking up from word `k` without leaving `k`'s
    /// clause (crossing no [`CLAUSES`] relation); `None` if the walk leaves it first.
    pub fn attachment_in(&self, k: usize, chain: &[usize]) -> Option<usize> {
        let mut at = k;
        for _ in 0..=self.len() {
            if chain.contains(&at) {
                return Some(at);
            }
            if CLAUSES.contains(&self.base_label(at)) {
                return None;
            }
            at = self.head(at)?;
        }
        None
    }

    /// True when `ancestor` dominates `i` (or is `i`).
    pub fn dominates(&self, ancestor: usize, mut i: usize) -> bool {
        for _ in 0..=self.len() {
            if i == ancestor {
                return true;
            }
            match self.head(i) {
                Some(h) => i = h,
                None => return false,
            }
        }
        false
    }
}

/// Relations that open a clause of their own: what hangs below one speaks about that clause.
pub const CLAUSES: &[&str] = &[
    "ccomp",
    "xcomp",
    "advcl",
    "acl",
    "conj",
    "parataxis",
    "csubj",
];

/// True when relation `label` is `wanted` or one of its subtypes.
pub fn label_matches(label: &str, wanted: &str) -> bool {
    label == wanted
        || label.len() > wanted.len()
            && label.starts_with(wanted)
            && label.as_bytes()[wanted.len()] == b':'
}

/// The tagger and parser, loaded.
#[derive(Debug)]
pub struct Syntax {
    tagger: PosTagger,
    parser: DependencyParser,
}

/// Scratch space reused across [`Syntax::parse`] calls (one per thread or document).
#[derive(Debug, Default, Clone)]
pub struct SyntaxBuffers {
    tags: Vec<Upos>,
    xpos: Vec<Xpos>,
    tag_buffers: TagBuffers,
    parse_buffers: ParseBuffers,
}

impl Syntax {
    /// Builds the models from their serialised bytes.
    pub fn from_bytes(pos: &[u8], parser: &[u8]) -> Result<Syntax> {
        Ok(Syntax {
            tagger: PosTagger::from_bytes(pos)?,
            parser: DependencyParser::from_bytes(parser)?,
        })
    }

    /// The models embedded in the library, loaded on first use. An error means the embedded
    /// files are damaged (a test checks they load).
    pub fn embedded() -> std::result::Result<&'static Syntax, &'static crate::error::Error> {
        static MODELS: OnceLock<Result<Syntax>> = OnceLock::new();
        MODELS
            .get_or_init(|| Syntax::from_bytes(POS_MODEL, PARSER_MODEL))
            .as_ref()
    }

    /// Tags and parses one sentence.
    pub fn parse(&self, words: &[&str], buffers: &mut SyntaxBuffers) -> DepTree {
        // Only the words holding a character to normalise are copied.
        let copies: Vec<Cow<'_, str>> = words.iter().map(|w| normalise(w)).collect();
        let normalised: Vec<&str> = copies.iter().map(|w| &**w).collect();
        self.tagger.tag_both_into(
            &normalised,
            &mut buffers.tag_buffers,
            &mut buffers.tags,
            &mut buffers.xpos,
        );
        let mut parsed = Vec::with_capacity(words.len());
        self.parser.parse_into(
            &normalised,
            &buffers.tags,
            &buffers.xpos,
            &mut buffers.parse_buffers,
            &mut parsed,
        );
        let arcs: Vec<(usize, &'static str)> = parsed
            .iter()
            .map(|&(head, label)| (head, static_label(label)))
            .collect();
        DepTree::new(buffers.tags.clone(), &arcs)
    }
}

/// The relations of UD English-EWT (v2.16 train), sorted: the labels a parser may assign.
const UD_LABELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:poss",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

/// `label` as a `'static` string from [`UD_LABELS`]; "dep" for one outside it.
fn static_label(label: &str) -> &'static str {
    UD_LABELS
        .binary_search(&label)
        .map_or("dep", |i| UD_LABELS[i])
}

/// The word as the training treebank spells it: typographic quotes and apostrophes become
/// ASCII ("Trump’s" -> "Trump's", "“" -> "\"").
fn normalise(word: &str) -> Cow<'_, str> {
    if word.chars().any(|c| normalised(c) != c) {
        Cow::Owned(word.chars().map(normalised).collect())
    } else {
        Cow::Borrowed(word)
    }
}

/// One character as the training treebank spells it (see [`normalise`]).
fn normalised(c: char) -> char {
    match c {
        '‘' | '’' | '′' => '\'',
        '“' | '”' | '″' => '"',
        '–' | '—' => '-',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sentence: &str) -> (Vec<&str>, DepTree) {
        let words: Vec<&str> = sentence.split(' ').collect();
        let syntax = Syntax::embedded().expect("embedded models load");
        let tree = syntax.parse(&words, &mut SyntaxBuffers::default());
        (words, tree)
    }

    fn word_with<'a>(words: &[&'a str], tree: &DepTree, head: &str, label: &str) -> Vec<&'a str> {
        let h = words.iter().position(|w| *w == head).expect("head word");
        tree.children_with(h, label).map(|c| words[c]).collect()
    }

    #[test]
    fn embedded_models_load() {
        assert!(Syntax::embedded().is_ok());
    }

    #[test]
    fn finds_subject_and_object_of_a_simple_clause() {
        let (words, tree) = parse("The president fired the director on Tuesday .");
        assert_eq!(words.len(), tree.len());
        assert_eq!(word_with(&words, &tree, "fired", "nsubj"), ["president"]);
        assert_eq!(word_with(&words, &tree, "fired", "obj"), ["director"]);
        assert_eq!(tree.tag(1), Some(Upos::Noun));
    }

    #[test]
    fn passive_agent_is_an_obl_with_by() {
        let (words, tree) = parse("The director was fired by the president .");
        assert_eq!(
            word_with(&words, &tree, "fired", "nsubj:pass"),
            ["director"]
        );
        let agent = word_with(&words, &tree, "fired", "obl");
        assert_eq!(agent, ["president"]);
    }

    #[test]
    fn labels_match_their_subtypes_only() {
        assert!(label_matches("obl:agent", "obl"));
        assert!(label_matches("obl", "obl"));
        assert!(!label_matches("obl", "obl:agent"));
        assert!(!label_matches("oblique", "obl"));
    }

    #[test]
    fn tree_from_parser_output_links_children_and_root() {
        let tree = DepTree::new(
            vec![Upos::Propn, Upos::Verb, Upos::Propn],
            &[(2, "nsubj"), (0, "root"), (2, "obj"), (9, "dep")][..3],
        );
        assert_eq!(tree.head(1), None);
        assert_eq!(tree.children(1), &[0, 2]);
        assert!(tree.dominates(1, 2));
        assert_eq!(tree.ancestors(2), [2, 1]);
        assert_eq!(tree.attachment_in(0, &[1]), Some(1));
        assert!(!tree.dominates(0, 2));
        assert_eq!(tree.base_label(0), "nsubj");
    }

    #[test]
    fn conllu_lists_one_word_per_line() {
        let tree = DepTree::new(vec![Upos::Propn, Upos::Verb], &[(2, "nsubj"), (0, "root")]);
        assert_eq!(
            tree.to_conllu(&["Mary", "left"]),
            "1\tMary\t_\tPROPN\t_\t_\t2\tnsubj\t_\t_\n2\tleft\t_\tVERB\t_\t_\t0\troot\t_\t_\n"
        );
    }

    #[test]
    fn labels_are_sorted_for_search() {
        assert!(UD_LABELS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(static_label("obl:agent"), "obl:agent");
        assert_eq!(static_label("made-up"), "dep");
    }

    #[test]
    fn typographic_quotes_are_normalised() {
        assert_eq!(normalise("Trump’s"), "Trump's");
        assert_eq!(normalise("“"), "\"");
    }
}
