//! The learned recogniser: the rules first, then the project's statistical entity
//! recogniser ([`crate::ml::ner`], trained on GMB news) for names the rules did not find.
//!
//! In: a [`TextDoc`]. Out: the rule mentions, plus one [`MentionForm::Name`] mention per
//! model entity that overlaps none of them. The model file (`models/ner.bin`) is embedded at
//! build time and loaded once per process.
//!
//! The rules keep priority because they carry what the model does not (titles as roles,
//! demonyms, pronouns, descriptions, canonical country names); the model adds coverage where
//! no lexicon or capitalisation rule fires (organisations without a suffix, foreign names).

use super::lexicon;
use super::{Mention, MentionForm, Recogniser, RuleRecogniser};
use crate::ml::ner::{EntityType, NerTagger};
use crate::model::{EntityKind, Span};
use crate::text::TextDoc;
use std::sync::OnceLock;

/// The entity model shipped in `models/`, embedded at build time.
const NER_MODEL: &[u8] = include_bytes!("../../models/ner.bin");

/// Rules plus the learned entity model (see the module documentation).
#[derive(Debug, Clone, Copy, Default)]
pub struct LearnedRecogniser;

/// The embedded entity model, loaded on first use; `None` if the embedded file is damaged
/// (a test checks it loads), in which case the recogniser is the rules alone.
fn model() -> Option<&'static NerTagger> {
    static MODEL: OnceLock<Option<NerTagger>> = OnceLock::new();
    MODEL
        .get_or_init(|| NerTagger::from_bytes(NER_MODEL).ok())
        .as_ref()
}

impl Recogniser for LearnedRecogniser {
    fn name(&self) -> &'static str {
        "rules+model"
    }

    fn recognise(&self, doc: &TextDoc) -> Vec<Mention> {
        let mut mentions = RuleRecogniser.recognise(doc);
        let Some(model) = model() else {
            return mentions;
        };
        let sentences: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(|t| doc.token_text(t)).collect())
            .collect();
        let found = model.tag_document(&sentences);
        let mut added = Vec::new();
        for (index, spans) in found.iter().enumerate() {
            let tokens = &doc.sentences[index].tokens;
            for span in spans {
                let (Some(first), Some(last)) = (tokens.get(span.start), tokens.get(span.end - 1))
                else {
                    continue;
                };
                let surface = Span::new(first.span.start, last.span.end);
                let words = &sentences[index][span.start..span.end];
                let overlaps = mentions
                    .iter()
                    .any(|m| m.span.start < surface.end && surface.start < m.span.end);
                if overlaps || !plausible_name(words) {
                    continue;
                }
                let name = &doc.clean.text[surface.start..surface.end];
                added.push(Mention {
                    span: surface,
                    name_span: surface,
                    sentence: index,
                    tokens: span.start..span.end,
                    kind: kind_of(span.kind, name),
                    form: MentionForm::Name,
                    canonical: lexicon::country(name).map(|c| c.name.to_string()),
                    role: None,
                    role_of: None,
                    role_class: None,
                    former: false,
                    kind_guessed: false,
                    indefinite: false,
                });
            }
        }
        mentions.extend(added);
        mentions
    }
}

/// True when the words can be a name in news text: every word capitalised (or a
/// connective inside: "Bank of England"), and the first not a common word ("The", "Yes",
/// "Intelligence"), which the model tends to take for a name at a sentence start.
fn plausible_name(words: &[&str]) -> bool {
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let connective = |w: &str| matches!(w, "of" | "for" | "and" | "the" | "de" | "la" | "von");
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let shape = capitalised(first)
        && capitalised(last)
        && words.iter().all(|w| capitalised(w) || connective(w));
    shape && !lexicon::is_common_word(first) && !lexicon::is_weekday_or_month(first)
}

/// The project's entity type for a model type: a location the lexicons know as a country,
/// city or state is a GPE.
fn kind_of(kind: EntityType, name: &str) -> EntityKind {
    match kind {
        EntityType::Per => EntityKind::Person,
        EntityType::Org => EntityKind::Org,
        EntityType::Loc => {
            let place = lexicon::place(name).map(|p| p.kind);
            if lexicon::country(name).is_some() {
                EntityKind::Gpe
            } else {
                place.unwrap_or(EntityKind::Loc)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::{clean, text};

    fn mentions(text: &str) -> Vec<(String, EntityKind)> {
        let doc = text::segment(clean::clean(Document::from_text("t.txt", text)));
        let mut found = LearnedRecogniser.recognise(&doc);
        found.sort_by_key(|m| m.span.start);
        found
            .iter()
            .map(|m| (doc.clean.text[m.span.start..m.span.end].to_string(), m.kind))
            .collect()
    }

    #[test]
    fn embedded_model_loads() {
        assert!(model().is_some());
    }

    #[test]
    fn keeps_rule_mentions_and_adds_model_names() {
        let rules = {
            let doc = text::segment(clean::clean(Document::from_text(
                "t.txt",
                "Mary Smith met officials of Halvard Logistics in Oslo.",
            )));
            RuleRecogniser.recognise(&doc).len()
        };
        let found = mentions("Mary Smith met officials of Halvard Logistics in Oslo.");
        assert!(found.len() >= rules);
        assert!(found.contains(&("Mary Smith".to_string(), EntityKind::Person)));
    }

    #[test]
    fn name_shapes() {
        assert!(plausible_name(&["Halvard", "Logistics"]));
        assert!(!plausible_name(&["bank"]));
        assert!(!plausible_name(&["The"]));
        assert!(!plausible_name(&["A", "Commission"]));
        assert!(!plausible_name(&["Monday"]));
    }

    #[test]
    fn locations_known_as_countries_are_gpes() {
        assert_eq!(kind_of(EntityType::Loc, "France"), EntityKind::Gpe);
        assert_eq!(kind_of(EntityType::Per, "Ana Ruiz"), EntityKind::Person);
    }
}
