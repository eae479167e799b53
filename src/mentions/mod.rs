//! Stage 4, mentions: finds entity mentions (names, titles, demonyms, pronouns, role
//! descriptions) in each sentence.
//!
//! In: [`TextDoc`]. Out: [`MentionDoc`]. Recognisers sit behind the [`Recogniser`] trait so a
//! statistical model can replace or join the rule-based one.

use crate::model::{EntityKind, Span};
use crate::text::TextDoc;

pub mod learned;
pub mod lexicon;
pub(crate) mod lower;
pub mod rules;

pub use learned::LearnedRecogniser;
pub use rules::RuleRecogniser;

/// How an entity is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionForm {
    /// A proper name ("Sergei Lavrov", "FBI"), possibly after a title.
    Name,
    /// A demonym or nationality adjective standing for its country ("Russian").
    Demonym,
    /// The place of a dateline ("LONDON, 15 May 2023 —"): outside the sentence's grammar,
    /// so never a party to a relation nor an antecedent.
    Dateline,
    /// A personal pronoun ("he", "she", "they").
    Pronoun,
    /// A role description ("the president", "the Russian foreign minister").
    Nominal,
}

/// One mention of an entity in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Span in the clean text of the whole surface, title included.
    pub span: Span,
    /// Span of the name alone (equal to `span` when there is no title).
    pub name_span: Span,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// Tokens `first..last+1` of that sentence that it covers.
    pub tokens: std::ops::Range<usize>,
    /// Entity type.
    pub kind: EntityKind,
    /// How it refers.
    pub form: MentionForm,
    /// The canonical name when a lexicon knows it ("U.S." and "Russians" -> the country).
    pub canonical: Option<String>,
    /// The title or role in front of or around the name ("Foreign Minister"), if any.
    pub role: Option<String>,
    /// Where that role is held, as written ("Russia", "FBI"), if the text says.
    pub role_of: Option<String>,
    /// The kind of that title, if any.
    pub role_class: Option<lexicon::TitleClass>,
    /// True for "former X".
    pub former: bool,
    /// True when the type is only the default for an unknown name (PERSON).
    pub kind_guessed: bool,
    /// True for an indefinite description ("a White House official"): it introduces someone
    /// new, so it is linked only by apposition, never by its role.
    pub indefinite: bool,
}

/// A document with its entity mentions, sorted by span.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionDoc {
    /// The segmented document.
    pub text: TextDoc,
    /// Mentions sorted by `span.start`.
    pub mentions: Vec<Mention>,
}

/// Anything that finds entity mentions in a segmented document.
pub trait Recogniser: Send + Sync {
    /// A short name for messages and timings.
    fn name(&self) -> &'static str;
    /// Finds mentions in `doc`, in any order.
    fn recognise(&self, doc: &TextDoc) -> Vec<Mention>;
}

/// Runs `recogniser` over `text` and keeps a consistent set of mentions: sorted by start
/// (an enclosing mention before the ones nested in it, such as "Russian" inside "Russian
/// Foreign Minister Sergei Lavrov"); of two mentions that overlap without nesting, the
/// longer wins.
pub fn find_mentions(text: TextDoc, recogniser: &dyn Recogniser) -> MentionDoc {
    let mut found = recogniser.recognise(&text);
    found.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.len().cmp(&a.span.len()))
    });
    let mut mentions: Vec<Mention> = Vec::with_capacity(found.len());
    // Indices (ascending) of the kept mentions that end at or after the current start: only
    // they can overlap or equal a later one, as starts never decrease. Scanning just them
    // keeps a long document linear (a scan of all kept mentions was quadratic).
    let mut open: Vec<usize> = Vec::new();
    for m in found {
        open.retain(|&i| mentions[i].span.end >= m.span.start);
        let clash = open.iter().rev().copied().find(|&i| {
            let prev = mentions[i].span;
            prev.end > m.span.start && !prev.contains(m.span) && prev != m.span
        });
        let duplicate = open.iter().any(|&i| mentions[i].span == m.span);
        match clash {
            _ if duplicate => {}
            Some(at) if m.span.len() > mentions[at].span.len() => mentions[at] = m,
            Some(_) => {}
            None => {
                open.push(mentions.len());
                mentions.push(m);
            }
        }
    }
    mentions.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.len().cmp(&a.span.len()))
    });
    MentionDoc { text, mentions }
}

/// Prepositions whose object is not the subject of the clause.
const PREPOSITIONS: &[&str] = &[
    "with", "to", "of", "for", "by", "from", "about", "on", "at", "in", "into", "against", "than",
    "under", "over", "between", "through", "toward", "towards", "behind",
];

impl MentionDoc {
    /// True when mention `i` lies inside another mention (a modifier such as "Russian" in
    /// "Russian Foreign Minister Sergei Lavrov").
    pub fn is_nested(&self, i: usize) -> bool {
        // Mentions are sorted by start, enclosing ones first, so an encloser is just before.
        let span = self.mentions[i].span;
        self.mentions[i.saturating_sub(4)..i]
            .iter()
            .any(|m| m.span.contains(span) && m.span != span)
    }

    /// True when mention `i` is the object of a preposition, directly or through a
    /// coordination ("with Lavrov and Kislyak"): a cheap stand-in for "not the subject".
    pub fn is_oblique(&self, i: usize) -> bool {
        let m = &self.mentions[i];
        let tokens = &self.text.sentences[m.sentence].tokens;
        let mut t = m.tokens.start;
        while t > 0 {
            let prev = lower::Lower::of(self.text.token_text(&tokens[t - 1]));
            let prev = prev.as_str();
            if PREPOSITIONS.contains(&prev) {
                return true;
            }
            if prev == "the" {
                t -= 1;
                continue;
            }
            if prev != "and" && prev != "," {
                return false;
            }
            // Step over the coordinated mention before (a list is of one kind: "In his
            // article in the Sunday Telegraph, Pryce ..." is no list).
            // Mentions are sorted by start, so those of this sentence are just before `i`.
            match self.mentions[..i]
                .iter()
                .rev()
                .take_while(|o| o.sentence == m.sentence)
                .find(|o| o.tokens.end == t - 1 && o.kind == m.kind)
            {
                Some(o) => t = o.tokens.start,
                None => return false,
            }
        }
        false
    }

    /// The clean text of mention `i`'s name.
    pub fn name_text(&self, i: usize) -> &str {
        self.mentions[i].name_span.slice(&self.text.clean.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean, ingest::Document, text};

    /// Gives fixed spans (each `copies` times over, `stride` bytes apart), in reverse.
    struct Fixed {
        spans: Vec<(usize, usize)>,
        copies: usize,
        stride: usize,
    }

    impl Recogniser for Fixed {
        fn name(&self) -> &'static str {
            "fixed"
        }
        fn recognise(&self, _: &TextDoc) -> Vec<Mention> {
            let mut out = Vec::new();
            for copy in 0..self.copies {
                for &(start, end) in &self.spans {
                    let span = Span::new(start + copy * self.stride, end + copy * self.stride);
                    out.push(Mention {
                        span,
                        name_span: span,
                        sentence: 0,
                        tokens: 0..1,
                        kind: EntityKind::Person,
                        form: MentionForm::Name,
                        canonical: None,
                        role: None,
                        role_of: None,
                        role_class: None,
                        former: false,
                        kind_guessed: false,
                        indefinite: false,
                    });
                }
            }
            out.reverse();
            out
        }
    }

    #[test]
    fn overlaps_keep_the_longer_duplicates_go_and_nested_stay() {
        // Per copy: 0..10 encloses 0..4; 2..4 is inside too; 8..14 overlaps 0..10 and is
        // shorter, so it goes; 12..20 does not overlap 0..10 and stays; 0..4 twice.
        let spans = vec![(0, 10), (0, 4), (0, 4), (2, 4), (8, 14), (12, 20)];
        let kept = [(0, 10), (0, 4), (2, 4), (12, 20)];
        // Many copies: the scan for clashes looks only at mentions still open.
        let copies = 5_000;
        let doc = text::segment(clean::clean(Document::from_text("t", "x")));
        let found = find_mentions(
            doc,
            &Fixed {
                spans,
                copies,
                stride: 100,
            },
        );
        let got: Vec<(usize, usize)> = found
            .mentions
            .iter()
            .map(|m| (m.span.start, m.span.end))
            .collect();
        let expected: Vec<(usize, usize)> = (0..copies)
            .flat_map(|c| kept.iter().map(move |&(s, e)| (s + 100 * c, e + 100 * c)))
            .collect();
        assert_eq!(got, expected);
    }
}
