//! Shared value types that flow through every pipeline stage: byte spans, entity kinds,
//! predicates, statuses, partial dates and evidence.
//!
//! Nothing here knows about text processing; these are the nouns of the pipeline.

pub use crate::evidence_text::SentenceText;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// A half-open byte range `start..end` into some text (which text is said by the owner).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers in `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when `other` lies entirely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The type of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation: agencies, companies, newspapers, committees, governments' offices.
    Org,
    /// A geopolitical entity: a country, state or city (also a city standing for its government).
    Gpe,
    /// A location that is not a GPE: regions, rooms, bodies of water.
    Loc,
    /// A named event: summits, elections, wars.
    Event,
}

impl EntityKind {
    /// All kinds, in a fixed order.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Org,
        EntityKind::Gpe,
        EntityKind::Loc,
        EntityKind::Event,
    ];

    /// The upper-case name used in every output (`PERSON`, `ORG`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Org => "ORG",
            EntityKind::Gpe => "GPE",
            EntityKind::Loc => "LOC",
            EntityKind::Event => "EVENT",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown entity type {s:?}"))
    }
}

/// The relation types newsgraph extracts (subject -> object).
///
/// All but [`Predicate::Related`] form the closed set that evaluation scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Predicate {
    /// An in-person meeting or visit (symmetric).
    MetWith,
    /// A call, talk or "discussed X with" (symmetric).
    SpokeWith,
    /// Dismissed from a post.
    Fired,
    /// Disclosed, shared or provided intelligence or classified information to.
    SharedIntelligence,
    /// Requested something of.
    Asked,
    /// Told or informed (including statements given to a news outlet).
    Told,
    /// Praised.
    Praised,
    /// Criticised.
    Criticized,
    /// Accused.
    Accused,
    /// Denied a claim about the object.
    Denied,
    /// Investigated.
    Investigated,
    /// Holds a role (title in `role`) in an organisation or country.
    HoldsRoleIn,
    /// Allied with (symmetric).
    AllyOf,
    /// Any other verb linking two entities; the lemma is kept in `verb`.
    Related,
}

impl Predicate {
    /// The closed, scored set, in a fixed order.
    pub const CLOSED: [Predicate; 13] = [
        Predicate::MetWith,
        Predicate::SpokeWith,
        Predicate::Fired,
        Predicate::SharedIntelligence,
        Predicate::Asked,
        Predicate::Told,
        Predicate::Praised,
        Predicate::Criticized,
        Predicate::Accused,
        Predicate::Denied,
        Predicate::Investigated,
        Predicate::HoldsRoleIn,
        Predicate::AllyOf,
    ];

    /// The name used in every output (`MET_WITH`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::MetWith => "MET_WITH",
            Predicate::SpokeWith => "SPOKE_WITH",
            Predicate::Fired => "FIRED",
            Predicate::SharedIntelligence => "SHARED_INTELLIGENCE",
            Predicate::Asked => "ASKED",
            Predicate::Told => "TOLD",
            Predicate::Praised => "PRAISED",
            Predicate::Criticized => "CRITICIZED",
            Predicate::Accused => "ACCUSED",
            Predicate::Denied => "DENIED",
            Predicate::Investigated => "INVESTIGATED",
            Predicate::HoldsRoleIn => "HOLDS_ROLE_IN",
            Predicate::AllyOf => "ALLY_OF",
            Predicate::Related => "RELATED",
        }
    }

    /// True for predicates whose direction carries no meaning.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            Predicate::MetWith | Predicate::SpokeWith | Predicate::AllyOf
        )
    }

    /// True for the closed, scored set (everything but `RELATED`).
    pub fn is_closed(self) -> bool {
        self != Predicate::Related
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Predicate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Predicate::CLOSED
            .into_iter()
            .chain([Predicate::Related])
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown relation {s:?}"))
    }
}

/// How the text frames a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Stated in the article's own voice.
    Asserted,
    /// Attributed to a source without doubt being cast ("according to").
    Reported,
    /// Hedged ("allegedly", "is alleged to").
    Alleged,
    /// A party's denial is reported.
    Denied,
}

impl Status {
    /// The lower-case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Asserted => "asserted",
            Status::Reported => "reported",
            Status::Alleged => "alleged",
            Status::Denied => "denied",
        }
    }

    /// Rank used when merging evidence: the most confident framing wins.
    pub fn confidence_rank(self) -> u8 {
        match self {
            Status::Asserted => 3,
            Status::Reported => 2,
            Status::Alleged => 1,
            Status::Denied => 0,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Status::Asserted,
            Status::Reported,
            Status::Alleged,
            Status::Denied,
        ]
        .into_iter()
        .find(|st| st.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| format!("unknown status {s:?}"))
    }
}

/// A calendar date known to year, month or day precision; prints as ISO 8601
/// (`2017`, `2017-05`, `2017-05-10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year.
    pub year: i32,
    /// Month 1-12, when known.
    pub month: Option<u8>,
    /// Day 1-31, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A full date.
    pub fn ymd(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// A year and month.
    pub fn ym(year: i32, month: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = String;
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a longer ISO timestamp is cut to its date).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not an ISO date: {s:?}");
        let date = s.get(..10.min(s.len())).ok_or_else(bad)?;
        let mut parts = date.split('-');
        let year: i32 = parts.next().and_then(|y| y.parse().ok()).ok_or_else(bad)?;
        let month: Option<u8> = match parts.next() {
            Some(m) => Some(
                m.parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?,
            ),
            None => None,
        };
        let day: Option<u8> = match parts.next() {
            Some(d) => Some(
                d.parse()
                    .ok()
                    .filter(|d| (1..=31).contains(d))
                    .ok_or_else(bad)?,
            ),
            None => None,
        };
        Ok(PartialDate { year, month, day })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a relation was read: a document, a byte range into its original text, and the
/// sentence as it reads after cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id (shared by every evidence record of the document).
    pub doc: Arc<str>,
    /// First byte of the sentence in the original document.
    pub start: usize,
    /// One past the last byte of the sentence in the original document.
    pub end: usize,
    /// The sentence text (shared by every evidence record of the sentence), in memory or in
    /// a temporary file.
    pub sentence: SentenceText,
}

/// Turns a name into a stable, lower-case, hyphenated id: `"Donald Trump"` -> `"donald-trump"`,
/// `"F.B.I."` -> `"fbi"`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '.' || c == '\'' || c == '’' {
            // dropped: F.B.I. -> fbi, O'Brien -> obrien
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Donald Trump"), "donald-trump");
        assert_eq!(slug("F.B.I."), "fbi");
        assert_eq!(slug("Bashar al-Assad"), "bashar-al-assad");
        assert_eq!(slug("  The New York Times "), "the-new-york-times");
    }

    #[test]
    fn dates_round_trip() {
        for s in ["2017", "2017-05", "2017-05-10"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
        assert_eq!(
            "2017-05-10T12:00:00Z".parse::<PartialDate>().unwrap(),
            PartialDate::ymd(2017, 5, 10)
        );
        assert!("2017-13".parse::<PartialDate>().is_err());
        assert!("May".parse::<PartialDate>().is_err());
    }

    #[test]
    fn names_parse_back() {
        for p in Predicate::CLOSED {
            assert_eq!(p.as_str().parse::<Predicate>().unwrap(), p);
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.as_str())
            );
        }
        for k in EntityKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
        }
    }
}
