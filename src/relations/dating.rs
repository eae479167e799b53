//! Dates for relations: the date written in the sentence, nearest to the trigger, with
//! year-less and relative dates anchored on the document's date.
//!
//! The anchor is the input's `date`; failing that a byline date ("By X and Y May 16") with
//! the latest year the page mentions, or the first full date near the top ("LONDON, 15 May
//! 2023 —"); failing that only that latest year, which lets "May 10" resolve.

use crate::model::PartialDate;
use crate::text::dates::find_dates;
use crate::text::TextDoc;
use regex::Regex;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// The dates of one document's sentences, each sentence's read on first use (most
/// sentences give no relation, so their dates are never needed).
pub(super) struct DocDates<'d> {
    doc: &'d TextDoc,
    /// The document's [`anchor`], once needed.
    anchor: OnceCell<Option<PartialDate>>,
    /// For each sentence: every date it gives, as (clean-text start, date), in order.
    by_sentence: Vec<OnceCell<Vec<(usize, PartialDate)>>>,
}

impl DocDates<'_> {
    /// The date of a relation whose trigger starts at clean offset `at` in sentence
    /// `sentence`: the first date after the trigger ("had spoken ... once in July 2016"),
    /// else the nearest before it ("On the 10th of May 2017, X met Y").
    pub fn for_trigger(&self, sentence: usize, at: usize) -> Option<PartialDate> {
        let dates = self.by_sentence.get(sentence)?.get_or_init(|| {
            let anchor = *self.anchor.get_or_init(|| anchor(self.doc));
            let start = self.doc.sentences[sentence].span.start;
            find_dates(self.doc.sentence_text(sentence), anchor)
                .into_iter()
                .map(|d| (start + d.span.start, d.date))
                .collect()
        });
        dates
            .iter()
            .find(|(start, _)| *start >= at)
            .or_else(|| dates.iter().rev().find(|(start, _)| *start < at))
            .map(|(_, d)| *d)
    }
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[5-9]\d|20\d\d)\b").expect("valid regex"));
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^By [^\n]{3,80}?\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (\d{1,2})\s*$").expect("valid regex")
});

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The date that year-less and relative dates of `doc` are read against.
pub(super) fn anchor(doc: &TextDoc) -> Option<PartialDate> {
    if let Some(d) = doc.clean.doc.date {
        return Some(d);
    }
    let latest = YEAR
        .captures_iter(&doc.clean.doc.raw)
        .filter_map(|c| c[1].parse::<i32>().ok())
        .max()?;
    if let Some(c) = DATELINE.captures(&doc.clean.text) {
        let month = MONTHS
            .iter()
            .position(|m| c[1].to_lowercase().starts_with(m))
            .map(|m| m as u8 + 1);
        let day = c[2].parse::<u8>().ok().filter(|d| (1..=31).contains(d));
        if let (Some(month), Some(day)) = (month, day) {
            return Some(PartialDate::ymd(latest, month, day));
        }
    }
    let year_only = PartialDate {
        year: latest,
        month: None,
        day: None,
    };
    // A dateline or "Updated June 9, 2023" near the top: the first full date written there.
    let head_end = doc
        .clean
        .text
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= DATELINE_REACH)
        .unwrap_or(doc.clean.text.len());
    let head = &doc.clean.text[..head_end];
    let dated = find_dates(head, Some(year_only))
        .into_iter()
        .find(|d| !d.relative && d.date.day.is_some());
    Some(dated.map_or(year_only, |d| d.date))
}

/// How far from the top of a document (bytes of clean text) a dateline is looked for.
const DATELINE_REACH: usize = 400;

/// The dates of every sentence of `doc`, read when asked for.
pub(super) fn dates(doc: &TextDoc) -> DocDates<'_> {
    DocDates {
        doc,
        anchor: OnceCell::new(),
        by_sentence: doc.sentences.iter().map(|_| OnceCell::new()).collect(),
    }
}
