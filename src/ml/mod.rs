//! Statistical language models trained inside the project (issue 3): readers for CoNLL-U,
//! Universal NER `.iob2` and the GMB CSV, a general averaged perceptron over hashed
//! features, and the models built on it: a UPOS tagger, a transition-based dependency
//! parser and an entity recogniser.
//!
//! In: annotated corpora (UD CoNLL-U, GMB CSV, UNER iob2) for training and evaluation;
//! trained model files (`models/*.bin`, see [`POS_MODEL_FILE`], [`PARSER_MODEL_FILE`],
//! [`NER_MODEL_FILE`]) for use. Out: trained models written atomically, tags, dependency
//! trees and entity spans for tokenised sentences, and evaluation reports ([`ModelsReport`]).
//!
//! Everything is deterministic: hashing uses fixed functions ([`hash`]) and training shuffles
//! with a seeded generator, so a rerun with the same data and seed writes the same bytes.

pub mod bin;
pub mod conllu;
pub mod gmb;
pub mod hash;
pub mod iob;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod pos;

use crate::error::{Error, Result};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// File name of the POS tagger inside a models folder.
pub const POS_MODEL_FILE: &str = "pos.bin";

/// File name of the dependency parser inside a models folder.
pub const PARSER_MODEL_FILE: &str = "parser.bin";

/// File name of the entity recogniser inside a models folder.
pub const NER_MODEL_FILE: &str = "ner.bin";

/// File name of the EWT test set inside a UD_English-EWT folder.
pub const EWT_TEST_FILE: &str = "en_ewt-ud-test.conllu";

/// File name of the Universal NER test set inside a UNER_English-EWT folder.
pub const UNER_TEST_FILE: &str = "en_ewt-ud-test.iob2";

/// File name of the Universal NER development set inside a UNER_English-EWT folder.
pub const UNER_DEV_FILE: &str = "en_ewt-ud-dev.iob2";

/// What [`train_pos`] or [`train_ner`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// The model file written.
    pub path: PathBuf,
    /// Training sentences read.
    pub sentences: usize,
    /// Training tokens (syntactic words) read.
    pub tokens: usize,
    /// Size of the model file in bytes.
    pub bytes: usize,
    /// Wall-clock training time in seconds (reading and writing excluded).
    pub seconds: f64,
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "trained on {} sentences ({} tokens) in {:.1} s; wrote {} ({} bytes)",
            self.sentences,
            self.tokens,
            self.seconds,
            self.path.display(),
            self.bytes
        )
    }
}

/// `sentences`, or an error naming `data` when there are none.
fn non_empty<T>(sentences: Vec<T>, data: &Path) -> Result<Vec<T>> {
    if sentences.is_empty() {
        return Err(Error::Format {
            path: data.to_path_buf(),
            message: "no sentences".into(),
        });
    }
    Ok(sentences)
}

/// Runs `train` (which returns the model's bytes), times it, and writes the bytes to
/// `out_dir/file` atomically.
fn train_and_write(
    out_dir: &Path,
    file: &str,
    sentences: usize,
    tokens: usize,
    train: impl FnOnce() -> Vec<u8>,
) -> Result<TrainReport> {
    let start = Instant::now();
    let bytes = train();
    let seconds = start.elapsed().as_secs_f64();
    let path = out_dir.join(file);
    crate::export::write_atomic(&path, &bytes)?;
    Ok(TrainReport {
        path,
        sentences,
        tokens,
        bytes: bytes.len(),
        seconds,
    })
}

/// Trains the UPOS tagger on the CoNLL-U file `data` and writes `out_dir/pos.bin`
/// atomically (creating `out_dir` if needed).
pub fn train_pos(data: &Path, out_dir: &Path, epochs: usize, seed: u64) -> Result<TrainReport> {
    let sentences = non_empty(conllu::read_file(data)?, data)?;
    let tokens = sentences.iter().map(|s| s.tokens.len()).sum();
    train_and_write(out_dir, POS_MODEL_FILE, sentences.len(), tokens, || {
        pos::PosTagger::train(&sentences, epochs, seed).to_bytes()
    })
}

/// Epochs and seed of the taggers that tag the parser's training and development data:
/// those of `newsgraph train pos` by default, so they match the tagger used at run time.
const PARSER_TAGGER_EPOCHS: usize = 10;
const PARSER_TAGGER_SEED: u64 = 1;

/// How [`train_parser`] trains.
#[derive(Debug, Clone, PartialEq)]
pub struct ParserTrainOptions {
    /// Passes over the training data (the most, with a development set).
    pub epochs: usize,
    /// Seed of the visiting order and of the exploration.
    pub seed: u64,
    /// Jackknife folds for the training UPOS (see [`parser::jackknife_tags`]); below 2, the
    /// parser trains on gold UPOS.
    pub folds: usize,
    /// A CoNLL-U development file: when given, it is tagged by a tagger trained on all the
    /// training data, the parser is scored on it after every epoch and the best epoch kept.
    pub dev: Option<PathBuf>,
}

/// What [`train_parser`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct ParserTrainReport {
    /// Sentences, tokens, file and time (jackknifing included), as for the tagger.
    pub report: TrainReport,
    /// Training sentences whose gold tree is not projective (made projective by lifting).
    pub non_projective: usize,
    /// Jackknife folds used for the training UPOS (0 for gold UPOS).
    pub folds: usize,
    /// The development-set score after each epoch (empty without a development file).
    pub dev_scores: Vec<parser::ParseScore>,
    /// The epoch (1-based) whose model was written.
    pub best_epoch: usize,
}

impl fmt::Display for ParserTrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tags = if self.folds >= 2 {
            format!(
                "UPOS and Penn Treebank tags jackknifed over {} folds",
                self.folds
            )
        } else {
            "gold UPOS".to_string()
        };
        write!(
            f,
            "{} ({tags}; {} non-projective trees lifted; epoch {} kept)",
            self.report, self.non_projective, self.best_epoch
        )?;
        for (i, s) in self.dev_scores.iter().enumerate() {
            write!(
                f,
                "\n  epoch {:2}: dev UAS {:.2}%, LAS {:.2}%",
                i + 1,
                100.0 * s.uas(),
                100.0 * s.las()
            )?;
        }
        Ok(())
    }
}

/// Trains the dependency parser on the CoNLL-U file `data` (UPOS jackknifed as
/// `options.folds` says) and writes `out_dir/parser.bin` atomically (creating `out_dir` if
/// needed).
pub fn train_parser(
    data: &Path,
    out_dir: &Path,
    options: &ParserTrainOptions,
) -> Result<ParserTrainReport> {
    let sentences = non_empty(conllu::read_file(data)?, data)?;
    let dev = match &options.dev {
        Some(path) => non_empty(conllu::read_file(path)?, path)?,
        None => Vec::new(),
    };
    let tokens = sentences.iter().map(|s| s.tokens.len()).sum();
    let (mut dev_scores, mut best_epoch) = (Vec::new(), options.epochs);
    let report = train_and_write(out_dir, PARSER_MODEL_FILE, sentences.len(), tokens, || {
        let (epochs, seed) = (PARSER_TAGGER_EPOCHS, PARSER_TAGGER_SEED);
        let tags = parser::jackknife_tags(&sentences, options.folds, epochs, seed);
        let dev_tags: Vec<parser::SentenceTags> = if dev.is_empty() {
            Vec::new()
        } else {
            let tagger = pos::PosTagger::train(&sentences, epochs, seed);
            let mut buffers = pos::TagBuffers::default();
            dev.iter()
                .map(|s| {
                    let words: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
                    let mut tags = parser::SentenceTags::default();
                    tagger.tag_both_into(&words, &mut buffers, &mut tags.upos, &mut tags.xpos);
                    tags
                })
                .collect()
        };
        let trained = parser::DependencyParser::train_with(
            &sentences,
            &parser::TrainOptions {
                epochs: options.epochs,
                seed: options.seed,
                tags: Some(&tags),
                dev: (!dev.is_empty()).then_some((&dev[..], &dev_tags[..])),
            },
        );
        dev_scores = trained.dev_scores;
        best_epoch = trained.best_epoch;
        trained.parser.to_bytes()
    })?;
    Ok(ParserTrainReport {
        report,
        non_projective: sentences
            .iter()
            .filter(|s| !parser::is_projective(s))
            .count(),
        folds: if options.folds >= 2 { options.folds } else { 0 },
        dev_scores,
        best_epoch,
    })
}

/// How [`train_ner_with`] builds its training set and trains.
#[derive(Debug, Clone, PartialEq)]
pub struct NerTrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the visiting order and of the choice of lower-cased copies.
    pub seed: u64,
    /// Percentage of GMB sentences also trained on in lower case (see
    /// [`ner::with_lowercase_copies`]).
    pub lowercase_percent: u64,
    /// Extra sentences in Universal NER `.iob2` (PER/ORG/LOC), added to the GMB ones.
    pub extra: Option<PathBuf>,
    /// How many copies of each extra sentence are trained on in each pass.
    pub extra_repeat: usize,
    /// A CoNLL-U file (UD English-EWT train) whose words' UPOS sets become features (see
    /// [`ner::WordClasses`]).
    pub pos_data: Option<PathBuf>,
    /// A CoNLL-U file (UD English-EWT train) labelled with silver entities by the model
    /// trained so far (see [`ner::silver_sentences`]) and added to the training set.
    pub silver: Option<PathBuf>,
    /// How many copies of each silver sentence are trained on in each pass.
    pub silver_repeat: usize,
    /// Rounds of self-training: each labels the silver file with the previous round's
    /// model (the first with the model trained without it) and retrains.
    pub silver_rounds: usize,
    /// What to do with proper-noun runs that neither the model nor the lexicons type.
    pub silver_untyped: ner::UntypedRun,
}

impl Default for NerTrainOptions {
    fn default() -> NerTrainOptions {
        NerTrainOptions {
            epochs: 10,
            seed: 1,
            lowercase_percent: 0,
            extra: None,
            extra_repeat: 1,
            pos_data: None,
            silver: None,
            silver_repeat: 1,
            silver_rounds: 1,
            silver_untyped: ner::UntypedRun::Outside,
        }
    }
}

/// Trains the entity recogniser on the GMB CSV file `data` (see [`gmb`] and
/// [`ner::NerSentence::from_gmb`]) and writes `out_dir/ner.bin` atomically; the other
/// options are [`NerTrainOptions`]' defaults.
pub fn train_ner(data: &Path, out_dir: &Path, epochs: usize, seed: u64) -> Result<TrainReport> {
    let options = NerTrainOptions {
        epochs,
        seed,
        ..NerTrainOptions::default()
    };
    train_ner_with(data, out_dir, &options)
}

/// [`train_ner`] with every option: lower-cased copies of some GMB sentences, extra
/// `.iob2` sentences (domain adaptation) repeated [`NerTrainOptions::extra_repeat`] times,
/// and self-training on a silver-labelled CoNLL-U file ([`NerTrainOptions::silver`]): the
/// model is trained without it, labels it, and is trained again with it, as many rounds as
/// [`NerTrainOptions::silver_rounds`] says. The report counts the last round's sentences.
pub fn train_ner_with(
    data: &Path,
    out_dir: &Path,
    options: &NerTrainOptions,
) -> Result<TrainReport> {
    let gmb: Vec<ner::NerSentence> = gmb::read_file(data)?
        .iter()
        .map(ner::NerSentence::from_gmb)
        .collect();
    let mut sentences = ner::with_lowercase_copies(
        non_empty(gmb, data)?,
        options.lowercase_percent,
        options.seed,
    );
    if let Some(extra) = &options.extra {
        let extra: Vec<ner::NerSentence> = iob::read_file(extra)?
            .iter()
            .map(ner::NerSentence::from_iob)
            .collect();
        for _ in 0..options.extra_repeat {
            sentences.extend(extra.iter().cloned());
        }
    }
    let classes = match &options.pos_data {
        Some(path) => ner::WordClasses::from_conllu(&conllu::read_file(path)?),
        None => ner::WordClasses::default(),
    };
    let silver = match &options.silver {
        Some(path) => non_empty(conllu::read_file(path)?, path)?,
        None => Vec::new(),
    };
    let rounds = if silver.is_empty() {
        0
    } else {
        options.silver_rounds
    };
    let (mut count, mut tokens) = (
        sentences.len(),
        sentences.iter().map(|s| s.words.len()).sum(),
    );
    train_and_write(out_dir, NER_MODEL_FILE, count, tokens, || {
        let train = |data: &[ner::NerSentence]| {
            ner::NerTagger::train_with(data, classes.clone(), options.epochs, options.seed)
        };
        let mut tagger = train(&sentences);
        for _ in 0..rounds {
            let labelled = ner::silver_sentences(&tagger, &silver, options.silver_untyped);
            let mut all = sentences.clone();
            for _ in 0..options.silver_repeat {
                all.extend(labelled.iter().cloned());
            }
            count = all.len();
            tokens = all.iter().map(|s| s.words.len()).sum();
            tagger = train(&all);
        }
        tagger.to_bytes()
    })
    .map(|report| TrainReport {
        sentences: count,
        tokens,
        ..report
    })
}

/// The figures `newsgraph eval-models` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelsReport {
    /// The test file the tagger was scored on.
    pub pos_data: PathBuf,
    /// UPOS accuracy of the tagger.
    pub pos: pos::PosScore,
    /// Attachment scores of the parser on the same test file, with the tagger's UPOS.
    pub parser: parser::ParseScore,
    /// Attachment scores of the parser with gold UPOS.
    pub parser_gold_tags: parser::ParseScore,
    /// The UNER test file and the recogniser's entity scores on it; `None` when the models
    /// folder holds no [`NER_MODEL_FILE`].
    pub ner: Option<(PathBuf, ner::NerScore)>,
    /// The same on the UNER development file, when the folder holds one ([`UNER_DEV_FILE`]).
    pub ner_dev: Option<(PathBuf, ner::NerScore)>,
}

impl fmt::Display for ModelsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "POS tagger on {}:", self.pos_data.display())?;
        writeln!(
            f,
            "  UPOS accuracy {:.2}% ({} / {} tokens)",
            100.0 * self.pos.accuracy(),
            self.pos.correct,
            self.pos.tokens
        )?;
        writeln!(
            f,
            "  Penn Treebank tag accuracy {:.2}% ({} / {} tokens)",
            100.0 * self.pos.xpos_accuracy(),
            self.pos.xpos_correct,
            self.pos.tokens
        )?;
        writeln!(f, "  speed {:.0} tokens/s", self.pos.tokens_per_second())?;
        writeln!(
            f,
            "Dependency parser on {} (punctuation included):",
            self.pos_data.display()
        )?;
        for (name, s) in [
            ("predicted UPOS", &self.parser),
            ("gold UPOS", &self.parser_gold_tags),
        ] {
            writeln!(
                f,
                "  {name}: UAS {:.2}%, LAS {:.2}% ({} tokens)",
                100.0 * s.uas(),
                100.0 * s.las(),
                s.tokens
            )?;
        }
        writeln!(f, "  speed {:.0} tokens/s", self.parser.tokens_per_second())?;
        if self.ner.is_none() {
            return writeln!(
                f,
                "Entity recogniser: no {NER_MODEL_FILE} in the models folder"
            );
        }
        for (path, score) in self.ner_dev.iter().chain(&self.ner) {
            writeln!(
                f,
                "Entity recogniser on {} (exact spans, documents as tokens joined by spaces):",
                path.display()
            )?;
            write!(f, "{score}")?;
        }
        Ok(())
    }
}

/// Loads the models in `models_dir` and scores them on the test sets in `ud_dir` (a
/// UD_English-EWT folder holding [`EWT_TEST_FILE`]) and its sibling `UNER_English-EWT`.
pub fn eval_models(ud_dir: &Path, models_dir: &Path) -> Result<ModelsReport> {
    eval_models_with(ud_dir, &default_uner_dir(ud_dir), models_dir)
}

/// The UNER_English-EWT folder next to a UD_English-EWT folder.
pub fn default_uner_dir(ud_dir: &Path) -> PathBuf {
    ud_dir
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("UNER_English-EWT")
}

/// [`eval_models`] with the UNER folder (holding [`UNER_TEST_FILE`], and maybe
/// [`UNER_DEV_FILE`]) given; the entity recogniser is scored only when `models_dir` holds
/// [`NER_MODEL_FILE`], on the development file too when there is one.
pub fn eval_models_with(ud_dir: &Path, uner_dir: &Path, models_dir: &Path) -> Result<ModelsReport> {
    let tagger = pos::PosTagger::load(&models_dir.join(POS_MODEL_FILE))?;
    let dep = parser::DependencyParser::load(&models_dir.join(PARSER_MODEL_FILE))?;
    let pos_data = ud_dir.join(EWT_TEST_FILE);
    let test = conllu::read_file(&pos_data)?;
    let ner_model = models_dir.join(NER_MODEL_FILE);
    let (mut ner, mut ner_dev) = (None, None);
    if ner_model.exists() {
        let recogniser = ner::NerTagger::load(&ner_model)?;
        let score = |path: PathBuf| -> Result<(PathBuf, ner::NerScore)> {
            let data: Vec<ner::NerSentence> = iob::read_file(&path)?
                .iter()
                .map(ner::NerSentence::from_iob)
                .collect();
            let score = recogniser.evaluate(&data);
            Ok((path, score))
        };
        ner = Some(score(uner_dir.join(UNER_TEST_FILE))?);
        let dev = uner_dir.join(UNER_DEV_FILE);
        if dev.exists() {
            ner_dev = Some(score(dev)?);
        }
    }
    Ok(ModelsReport {
        pos: tagger.evaluate(&test),
        parser: dep.evaluate(&test, &tagger),
        parser_gold_tags: dep.evaluate_gold_tags(&test),
        pos_data,
        ner,
        ner_dev,
    })
}
