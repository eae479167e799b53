//! Statistical language models trained inside the project (issue 3): a CoNLL-U reader, a
//! general averaged perceptron over hashed features, and the models built on it: a UPOS
//! tagger and a transition-based dependency parser.
//!
//! In: annotated corpora (UD CoNLL-U files) for training and evaluation; trained model files
//! (`models/*.bin`, see [`POS_MODEL_FILE`] and [`PARSER_MODEL_FILE`]) for use. Out: trained models written atomically,
//! tags for tokenised sentences, and evaluation reports ([`ModelsReport`]).
//!
//! Everything is deterministic: hashing uses fixed functions ([`hash`]) and training shuffles
//! with a seeded generator, so a rerun with the same data and seed writes the same bytes.

pub mod bin;
pub mod conllu;
pub mod hash;
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

/// File name of the EWT test set inside a UD_English-EWT folder.
pub const EWT_TEST_FILE: &str = "en_ewt-ud-test.conllu";

/// What [`train_pos`] did.
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

/// Trains the UPOS tagger on the CoNLL-U file `data` and writes `out_dir/pos.bin`
/// atomically (creating `out_dir` if needed).
pub fn train_pos(data: &Path, out_dir: &Path, epochs: usize, seed: u64) -> Result<TrainReport> {
    let sentences = conllu::read_file(data)?;
    if sentences.is_empty() {
        return Err(Error::Format {
            path: data.to_path_buf(),
            message: "no sentences".into(),
        });
    }
    let start = Instant::now();
    let tagger = pos::PosTagger::train(&sentences, epochs, seed);
    let seconds = start.elapsed().as_secs_f64();
    let bytes = tagger.to_bytes();
    let path = out_dir.join(POS_MODEL_FILE);
    crate::export::write_atomic(&path, &bytes)?;
    Ok(TrainReport {
        path,
        sentences: sentences.len(),
        tokens: sentences.iter().map(|s| s.tokens.len()).sum(),
        bytes: bytes.len(),
        seconds,
    })
}

/// What [`train_parser`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct ParserTrainReport {
    /// Sentences, tokens, file and time, as for the tagger.
    pub report: TrainReport,
    /// Training sentences skipped because their gold tree is not projective.
    pub non_projective: usize,
}

impl fmt::Display for ParserTrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} non-projective sentences skipped)",
            self.report, self.non_projective
        )
    }
}

/// Trains the dependency parser on the CoNLL-U file `data` (gold UPOS) and writes
/// `out_dir/parser.bin` atomically (creating `out_dir` if needed).
pub fn train_parser(
    data: &Path,
    out_dir: &Path,
    epochs: usize,
    seed: u64,
) -> Result<ParserTrainReport> {
    let sentences = conllu::read_file(data)?;
    if sentences.is_empty() {
        return Err(Error::Format {
            path: data.to_path_buf(),
            message: "no sentences".into(),
        });
    }
    let start = Instant::now();
    let model = parser::DependencyParser::train(&sentences, epochs, seed);
    let seconds = start.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    let path = out_dir.join(PARSER_MODEL_FILE);
    crate::export::write_atomic(&path, &bytes)?;
    Ok(ParserTrainReport {
        report: TrainReport {
            path,
            sentences: sentences.len(),
            tokens: sentences.iter().map(|s| s.tokens.len()).sum(),
            bytes: bytes.len(),
            seconds,
        },
        non_projective: sentences
            .iter()
            .filter(|s| !parser::is_projective(s))
            .count(),
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
        writeln!(f, "  speed {:.0} tokens/s", self.parser.tokens_per_second())
    }
}

/// Loads the models in `models_dir` and scores them on the test sets in `ud_dir` (a
/// UD_English-EWT folder holding [`EWT_TEST_FILE`]).
pub fn eval_models(ud_dir: &Path, models_dir: &Path) -> Result<ModelsReport> {
    let tagger = pos::PosTagger::load(&models_dir.join(POS_MODEL_FILE))?;
    let dep = parser::DependencyParser::load(&models_dir.join(PARSER_MODEL_FILE))?;
    let pos_data = ud_dir.join(EWT_TEST_FILE);
    let test = conllu::read_file(&pos_data)?;
    Ok(ModelsReport {
        pos: tagger.evaluate(&test),
        parser: dep.evaluate(&test, &tagger),
        parser_gold_tags: dep.evaluate_gold_tags(&test),
        pos_data,
    })
}
