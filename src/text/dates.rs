//! Date expressions: finds dates written in prose and resolves them to [`PartialDate`]s.
//!
//! In: any text (a sentence, a paragraph, a metadata string) and optionally an anchor date
//! (the publication date). Out: [`DateMention`]s with byte spans of that text, in order and
//! never overlapping.
//!
//! Absolute forms: `10 May 2017`, `the 10th of May 2017`, `May 10, 2017`, `May 2009`,
//! `2017-05-10`, and a year after a preposition or modifier (`in 2014`, `in late 2016`,
//! `mid-2016`). Forms that take something from the anchor (marked `relative`): `May 10` (its
//! year), `in January`, `last December`, `last Wednesday` (the latest Wednesday strictly
//! before the anchor), `on Tuesday` / `Tuesday` (the latest Tuesday on or before it), `next
//! Friday`, `yesterday`, `today`, `tomorrow`, `last month`, `last year`, `this year`. "May"
//! counts as a month only next to a day number or before a year (it is also a verb and a
//! name); month abbreviations (`Sept.`) likewise. Calendar arithmetic is done here
//! (days-from-civil), without a date crate.

use super::{tokenize, Token, TokenKind};
use crate::model::{PartialDate, Span};

/// One date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// Byte span in the searched text: the date words, with a leading `last`/`next`/`early`/
    /// `late`/`mid`, without a leading preposition or `the`.
    pub span: Span,
    /// The date, to the precision the text gives.
    pub date: PartialDate,
    /// True when part of the date came from the anchor (a weekday, `yesterday`, `last
    /// month`, or a day or month written without its year).
    pub relative: bool,
}

/// The English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday abbreviations, as written in news text.
const WEEKDAY_ABBREVS: &[&str] = &[
    "Mon.", "Tue.", "Tues.", "Wed.", "Thu.", "Thurs.", "Fri.", "Sat.", "Sun.",
];

/// True if `word` is a capitalised weekday or month name, or a dotted abbreviation of one
/// ("Monday", "May", "Sept.", "Wed."): a word that is never a name on its own.
/// Case-sensitive: "may" is no month.
pub fn is_calendar_name(word: &str) -> bool {
    MONTHS.contains(&word)
        || WEEKDAYS.contains(&word)
        || WEEKDAY_ABBREVS.contains(&word)
        || MONTH_ABBREVS
            .iter()
            .any(|(a, _)| *a == word && a.ends_with('.'))
}

/// Month abbreviations as the tokenizer leaves them (the dot kept when it is a known
/// abbreviation). They need a day or a year next to them, like "May".
const MONTH_ABBREVS: &[(&str, u8)] = &[
    ("Jan.", 1),
    ("Jan", 1),
    ("Feb.", 2),
    ("Feb", 2),
    ("Mar.", 3),
    ("Mar", 3),
    ("Apr.", 4),
    ("Apr", 4),
    ("Jun.", 6),
    ("Jun", 6),
    ("Jul.", 7),
    ("Jul", 7),
    ("Aug.", 8),
    ("Aug", 8),
    ("Sept.", 9),
    ("Sept", 9),
    ("Sep.", 9),
    ("Sep", 9),
    ("Oct.", 10),
    ("Oct", 10),
    ("Nov.", 11),
    ("Nov", 11),
    ("Dec.", 12),
    ("Dec", 12),
];

/// Monday first, matching [`weekday`].
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words after which a bare month name or a bare year is a date (`in January`, `since 2014`).
const DATE_PREPOSITIONS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "during",
    "from",
    "through",
    "throughout",
    "before",
    "after",
    "of",
    "between",
];

/// Words joining a date to a following one that shares its context (`2014 and 2015`).
const CHAINS: &[&str] = &["and", "or", "to", "through", "until", "-", "–"];

/// Modifiers that make a following month or year a date and join its span (`late 2016`).
const MODIFIERS: &[&str] = &["early", "late", "mid"];

/// First bytes of the words a date can start with: [`MODIFIERS`] and the relative words in
/// either case (they match ignoring ASCII case), months and weekdays capitalised.
const DATE_INITIALS: &[u8] = b"eElLmMyYtTnNJFMASONDW";

/// Bare years are only taken in this range (a bare number is more often a count).
const BARE_YEARS: std::ops::RangeInclusive<i32> = 1800..=2100;

/// Finds the dates in `text`. `anchor` (usually the publication date) resolves relative
/// forms; without it, or when it is too coarse (a weekday needs its day), those are skipped.
pub fn find_dates(text: &str, anchor: Option<PartialDate>) -> Vec<DateMention> {
    let scan = Scan {
        text,
        toks: tokenize(text),
        anchor: anchor.filter(valid),
    };
    let mut out = Vec::new();
    let mut last_end = None;
    let mut i = 0;
    while i < scan.toks.len() {
        // "in 2014 and 2015", "from July to September": the second one shares the context.
        let chained = i > 0 && last_end == Some(i - 1) && scan.is_any(i - 1, CHAINS);
        match scan.at(i, chained) {
            Some(found) => {
                let (first, last) = (scan.toks[i].span, scan.toks[found.end - 1].span);
                out.push(DateMention {
                    span: first.cover(last),
                    date: found.date,
                    relative: found.relative,
                });
                i = found.end;
                last_end = Some(i);
            }
            None => i += 1,
        }
    }
    out
}

/// Parses a date written alone, as found in page metadata: ISO 8601 (`2017-05-16`,
/// `2017-05-16T10:00:00Z`) or a textual date with its year (`May 16, 2017`, `16 May 2017`,
/// `May 2017`), optionally after a weekday (`Tuesday, May 16, 2017`) and, for a full date,
/// before a time (`May 16, 2017 at 10:30 a.m.`). Anything else gives `None`.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if s.len() >= 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        if let Ok(date) = s.parse::<PartialDate>() {
            return Some(date);
        }
    }
    let s = WEEKDAYS
        .iter()
        .find_map(|d| s.strip_prefix(d))
        .map_or(s, |rest| rest.trim_start_matches([',', ' ']));
    let first = find_dates(s, None).into_iter().next()?;
    let rest = s[first.span.end..].trim_start_matches([',', '.', ' ']);
    let timed = first.date.day.is_some()
        && (rest.starts_with(|c: char| c.is_ascii_digit()) || rest.starts_with("at "));
    (first.span.start == 0 && (rest.is_empty() || timed)).then_some(first.date)
}

/// A match: the token after it, the date, and whether the anchor was used.
struct Found {
    end: usize,
    date: PartialDate,
    relative: bool,
}

fn found(end: usize, date: PartialDate, relative: bool) -> Option<Found> {
    Some(Found {
        end,
        date,
        relative,
    })
}

/// The tokens of the searched text and the anchor.
struct Scan<'t> {
    text: &'t str,
    toks: Vec<Token>,
    anchor: Option<PartialDate>,
}

impl Scan<'_> {
    /// The surface of token `i`.
    fn word(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| t.span.slice(self.text))
    }

    /// True when token `i` is one of `words`, ignoring case.
    fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.word(i)
            .is_some_and(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
    }

    /// True when token `i` exists and directly follows token `i - 1` with nothing between.
    fn glued(&self, i: usize) -> bool {
        i > 0
            && self
                .toks
                .get(i)
                .is_some_and(|t| t.span.start == self.toks[i - 1].span.end)
    }

    /// Token `i` as a month: `(month, stands_alone)`; `stands_alone` is false for "May"
    /// and abbreviations, which need a day or a year.
    fn month(&self, i: usize) -> Option<(u8, bool)> {
        let w = self.word(i)?;
        if let Some(m) = MONTHS.iter().position(|&m| m == w) {
            return Some((m as u8 + 1, w != "May"));
        }
        MONTH_ABBREVS
            .iter()
            .find(|(a, _)| *a == w)
            .map(|&(_, m)| (m, false))
    }

    /// Token `i` as a day of the month: `10`, `10th`, `1st`.
    fn day(&self, i: usize) -> Option<u8> {
        let t = self.toks.get(i).filter(|t| t.kind == TokenKind::Number)?;
        let w = t.span.slice(self.text);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
            return None;
        }
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    }

    /// Token `i` as a four-digit year.
    fn year(&self, i: usize) -> Option<i32> {
        let t = self.toks.get(i).filter(|t| t.kind == TokenKind::Number)?;
        parse_year(t.span.slice(self.text))
    }

    /// The anchor's year, for a date written without one.
    fn anchor_year(&self) -> Option<i32> {
        self.anchor.map(|a| a.year)
    }

    /// The date starting at token `i`, if any; `chained` when a date and a conjunction
    /// (`2014 and`) precede it.
    fn at(&self, i: usize, chained: bool) -> Option<Found> {
        if !self.may_start(i) {
            return None;
        }
        if self.is_any(i, MODIFIERS) {
            return self
                .month_first(i + 1, true)
                .or_else(|| self.year(i + 1).map(|y| Found::year(i + 2, y)));
        }
        if let Some(f) = self.prefixed(i) {
            return Some(f);
        }
        if let Some(f) = self.day_first(i) {
            return Some(f);
        }
        let after_preposition = chained || (i > 0 && self.is_any(i - 1, DATE_PREPOSITIONS));
        if let Some(f) = self.month_first(i, after_preposition) {
            return Some(f);
        }
        if let Some(f) = self.iso(i) {
            return Some(f);
        }
        if after_preposition {
            if let Some(y) = self.year(i).filter(|y| BARE_YEARS.contains(y)) {
                return Some(Found::year(i + 1, y));
            }
        }
        self.relative(i)
    }

    /// False when token `i` starts no date form: every form [`Scan::at`] reads starts with
    /// a number, or with a word whose first letter is that of a modifier, a month, a
    /// weekday or a relative word (`last`, `next`, `this`, `yesterday`, `today`,
    /// `tomorrow`), in the case its match allows.
    fn may_start(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        t.kind == TokenKind::Number
            || (t.span.slice(self.text).as_bytes().first())
                .is_some_and(|b| DATE_INITIALS.contains(b))
    }

    /// `mid-May`, `mid-2016`, `early-2017`: one hyphenated token.
    fn prefixed(&self, i: usize) -> Option<Found> {
        let w = self.word(i)?;
        let (head, rest) = w.split_once('-')?;
        if !MODIFIERS.iter().any(|m| m.eq_ignore_ascii_case(head)) {
            return None;
        }
        if let Some(y) = parse_year(rest) {
            return Some(Found::year(i + 1, y));
        }
        let m = MONTHS.iter().position(|&m| m == rest)? as u8 + 1;
        match self.year(i + 1) {
            Some(y) => found(i + 2, PartialDate::ym(y, m), false),
            None => found(i + 1, PartialDate::ym(self.anchor_year()?, m), true),
        }
    }

    /// `10 May 2017`, `10th May`, `the 10th of May 2017`, `10 May, 2017`.
    fn day_first(&self, i: usize) -> Option<Found> {
        let d = self.day(i)?;
        let mut j = i + 1;
        if self.is_any(j, &["of"]) {
            j += 1;
        }
        let (m, _) = self.month(j)?;
        self.with_year(j + 1, m, d)
    }

    /// After a month and day, an optional year at `j` (`2017` or `, 2017`).
    fn with_year(&self, j: usize, m: u8, d: u8) -> Option<Found> {
        let (end, year, relative) = if let Some(y) = self.year(j) {
            (j + 1, y, false)
        } else if self.word(j) == Some(",") && self.year(j + 1).is_some() {
            (j + 2, self.year(j + 1)?, false)
        } else {
            (j, self.anchor_year()?, true)
        };
        (d <= days_in_month(year, m)).then_some(())?;
        found(end, PartialDate::ymd(year, m, d), relative)
    }

    /// `May 10, 2017`, `May 10`, `May 2009`, and (when `context` says it is a date, or the
    /// month stands alone) a bare month `January`, given the anchor year.
    fn month_first(&self, i: usize, context: bool) -> Option<Found> {
        let (m, alone) = self.month(i)?;
        if let Some(d) = self.day(i + 1) {
            return self.with_year(i + 2, m, d);
        }
        if let Some(y) = self.year(i + 1) {
            return found(i + 2, PartialDate::ym(y, m), false);
        }
        if context && (alone || self.is_any(i.wrapping_sub(1), MODIFIERS)) {
            return found(i + 1, PartialDate::ym(self.anchor_year()?, m), true);
        }
        None
    }

    /// `2017-05-10`: year, month and day glued by hyphens.
    fn iso(&self, i: usize) -> Option<Found> {
        let y = self.year(i)?;
        let two = |k: usize| {
            self.toks
                .get(k)
                .filter(|t| t.kind == TokenKind::Number && t.span.len() == 2)
                .and_then(|t| t.span.slice(self.text).parse::<u8>().ok())
        };
        let hyphen = |k: usize| self.word(k) == Some("-") && self.glued(k) && self.glued(k + 1);
        if !(hyphen(i + 1) && hyphen(i + 3)) {
            return None;
        }
        let (m, d) = (two(i + 2)?, two(i + 4)?);
        ((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d)).then_some(())?;
        found(i + 5, PartialDate::ymd(y, m, d), false)
    }

    /// Forms resolved against the anchor: weekdays, `yesterday`, `last month`, `last
    /// December`.
    fn relative(&self, i: usize) -> Option<Found> {
        let anchor = self.anchor?;
        for (word, n) in [("yesterday", -1), ("today", 0), ("tomorrow", 1)] {
            if self.is_any(i, &[word]) {
                return found(i + 1, add_days(anchor, n)?, true);
            }
        }
        if let Some(wd) = self.weekday(i) {
            return found(
                i + 1,
                nearest_weekday(anchor, wd, Direction::OnOrBefore)?,
                true,
            );
        }
        let direction = [
            ("last", Direction::Before),
            ("next", Direction::After),
            ("this", Direction::OnOrBefore),
        ]
        .into_iter()
        .find(|&(word, _)| self.is_any(i, &[word]))?
        .1;
        let j = i + 1;
        if let Some(wd) = self.weekday(j) {
            return found(j + 1, nearest_weekday(anchor, wd, direction)?, true);
        }
        if let Some((m, true)) = self.month(j) {
            let am = anchor.month?;
            let year = match direction {
                Direction::Before if m >= am => anchor.year - 1,
                Direction::After if m <= am => anchor.year + 1,
                _ => anchor.year,
            };
            return found(j + 1, PartialDate::ym(year, m), true);
        }
        let step = match direction {
            Direction::Before => -1,
            Direction::After => 1,
            Direction::OnOrBefore => 0,
        };
        let unit = self.word(j)?;
        if unit.eq_ignore_ascii_case("year") {
            let year = PartialDate {
                year: anchor.year + step,
                month: None,
                day: None,
            };
            return found(j + 1, year, true);
        }
        if unit.eq_ignore_ascii_case("month") {
            let months =
                i64::from(anchor.year) * 12 + i64::from(anchor.month?) - 1 + i64::from(step);
            let year = i32::try_from(months.div_euclid(12)).ok()?;
            let month = u8::try_from(months.rem_euclid(12) + 1).ok()?;
            return found(j + 1, PartialDate::ym(year, month), true);
        }
        None
    }

    /// Token `i` as a weekday (Monday = 0), unless an explicit date follows it
    /// (`Wednesday, May 10`), which then stands for it.
    fn weekday(&self, i: usize) -> Option<u8> {
        let w = self.word(i)?;
        let wd = WEEKDAYS.iter().position(|&d| d == w)? as u8;
        let explicit =
            |k: usize| self.day_first(k).is_some() || self.month_first(k, false).is_some();
        let dated = explicit(i + 1) || (self.word(i + 1) == Some(",") && explicit(i + 2));
        (!dated).then_some(wd)
    }
}

impl Found {
    /// A year-precision match ending before token `end`.
    fn year(end: usize, year: i32) -> Found {
        Found {
            end,
            date: PartialDate {
                year,
                month: None,
                day: None,
            },
            relative: false,
        }
    }
}

/// Four ASCII digits in 1000..=2999.
fn parse_year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| (1000..=2999).contains(y))
}

/// Which occurrence of a weekday to take relative to the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// The latest one strictly before the anchor (`last Wednesday`).
    Before,
    /// The latest one on or before the anchor (`on Tuesday`).
    OnOrBefore,
    /// The first one strictly after the anchor (`next Friday`).
    After,
}

/// True when `date` is a real calendar date to its precision.
fn valid(date: &PartialDate) -> bool {
    match (date.month, date.day) {
        (None, None) => true,
        (Some(m), None) => (1..=12).contains(&m),
        (Some(m), Some(d)) => {
            (1..=12).contains(&m) && (1..=days_in_month(date.year, m)).contains(&d)
        }
        (None, Some(_)) => false,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`; 0 for a month out of range.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` days after 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> Option<PartialDate> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(PartialDate::ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    ))
}

/// Day-precision anchor as days since the epoch.
fn anchor_days(anchor: PartialDate) -> Option<i64> {
    Some(days_from_civil(anchor.year, anchor.month?, anchor.day?))
}

/// Weekday of a day count since the epoch, Monday = 0 (1970-01-01 was a Thursday).
fn weekday(days: i64) -> u8 {
    // rem_euclid(7) is in 0..7.
    (days + 3).rem_euclid(7) as u8
}

/// `anchor` plus `n` days (needs a day-precision anchor).
fn add_days(anchor: PartialDate, n: i64) -> Option<PartialDate> {
    civil_from_days(anchor_days(anchor)? + n)
}

/// The weekday `wd` (Monday = 0) nearest the anchor in `direction`.
fn nearest_weekday(anchor: PartialDate, wd: u8, direction: Direction) -> Option<PartialDate> {
    let days = anchor_days(anchor)?;
    let (from, to) = (i64::from(weekday(days)), i64::from(wd));
    let offset = match direction {
        Direction::OnOrBefore => -(from - to).rem_euclid(7),
        Direction::Before => -((from - to - 1).rem_euclid(7) + 1),
        Direction::After => (to - from - 1).rem_euclid(7) + 1,
    };
    civil_from_days(days + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Anchor used by most tests: Tuesday 16 May 2017.
    fn anchor() -> Option<PartialDate> {
        Some(PartialDate::ymd(2017, 5, 16))
    }

    #[test]
    fn every_date_word_has_its_initial_listed() {
        let relative = ["last", "next", "this", "yesterday", "today", "tomorrow"];
        let either_case = MODIFIERS.iter().chain(&relative);
        for w in either_case {
            let first = w.as_bytes()[0];
            assert!(DATE_INITIALS.contains(&first), "{w}");
            assert!(DATE_INITIALS.contains(&first.to_ascii_uppercase()), "{w}");
        }
        let capitalised = MONTHS.iter().chain(&WEEKDAYS);
        for w in capitalised.chain(MONTH_ABBREVS.iter().map(|(a, _)| a)) {
            assert!(DATE_INITIALS.contains(&w.as_bytes()[0]), "{w}");
        }
    }

    /// Checks the dates found in `text`: `(surface, ISO date, relative)` each.
    fn check(text: &str, anchor: Option<PartialDate>, expected: &[(&str, &str, bool)]) {
        let got: Vec<(&str, String, bool)> = find_dates(text, anchor)
            .iter()
            .map(|m| {
                (
                    &text[m.span.start..m.span.end],
                    m.date.to_string(),
                    m.relative,
                )
            })
            .collect();
        let want: Vec<(&str, String, bool)> = expected
            .iter()
            .map(|&(s, d, r)| (s, d.to_string(), r))
            .collect();
        assert_eq!(got, want, "dates in {text:?}");
    }

    #[test]
    fn day_and_month_forms() {
        check(
            "On the 10th of May 2017, Lavrov met Tillerson.",
            None,
            &[("10th of May 2017", "2017-05-10", false)],
        );
        check(
            "on 10 May 2017",
            None,
            &[("10 May 2017", "2017-05-10", false)],
        );
        check(
            "May 10, 2017 and Sept. 3 2016",
            None,
            &[
                ("May 10, 2017", "2017-05-10", false),
                ("Sept. 3 2016", "2016-09-03", false),
            ],
        );
        check(
            "on May 10, eight days",
            anchor(),
            &[("May 10", "2017-05-10", true)],
        );
        check(
            "On May 2 and May 9.",
            anchor(),
            &[("May 2", "2017-05-02", true), ("May 9", "2017-05-09", true)],
        );
        check(
            "at the 10th of May meeting",
            anchor(),
            &[("10th of May", "2017-05-10", true)],
        );
        check("on May 10", None, &[]);
        check(
            "on Jan. 20th",
            anchor(),
            &[("Jan. 20th", "2017-01-20", true)],
        );
        check("February 30, 2017 and 2017-02-29", None, &[]);
        check(
            "on 2017-05-10 it",
            None,
            &[("2017-05-10", "2017-05-10", false)],
        );
    }

    #[test]
    fn month_and_year_forms() {
        check(
            "his May 2009 meeting",
            None,
            &[("May 2009", "2009-05", false)],
        );
        check(
            "in December 2016 and July 2016",
            None,
            &[
                ("December 2016", "2016-12", false),
                ("July 2016", "2016-07", false),
            ],
        );
        check(
            "In March 2017 it was",
            None,
            &[("March 2017", "2017-03", false)],
        );
        check(
            "in late 2016, adding",
            None,
            &[("late 2016", "2016", false)],
        );
        check(
            "between 2014 and 2016, 2017 and 2018",
            None,
            &[("2014", "2014", false), ("2016", "2016", false)],
        );
        check(
            "from July to September",
            anchor(),
            &[("July", "2017-07", true), ("September", "2017-09", true)],
        );
        check(
            "in 2014 and since 2015",
            None,
            &[("2014", "2014", false), ("2015", "2015", false)],
        );
        check(
            "the 2016 presidential election; 4,100 miles; 1990s",
            None,
            &[],
        );
        check(
            "by mid-2016 or mid-May",
            anchor(),
            &[("mid-2016", "2016", false), ("mid-May", "2017-05", true)],
        );
        check(
            "hearing in January, he",
            anchor(),
            &[("January", "2017-01", true)],
        );
        check(
            "in early March",
            anchor(),
            &[("early March", "2017-03", true)],
        );
        check("in January", None, &[]);
    }

    #[test]
    fn may_is_not_always_a_month() {
        check("Tapes May be leaked. Theresa May said.", anchor(), &[]);
        check("in May they", anchor(), &[]);
        check("it may 10 times", anchor(), &[]);
        check(
            "By Karen DeYoung May 16",
            anchor(),
            &[("May 16", "2017-05-16", true)],
        );
        check(
            "at 10:30 p.m. on May 9 that",
            anchor(),
            &[("May 9", "2017-05-09", true)],
        );
    }

    #[test]
    fn relative_forms() {
        check(
            "paid a visit last Wednesday, there",
            anchor(),
            &[("last Wednesday", "2017-05-10", true)],
        );
        check(
            "Trump on Tuesday said",
            anchor(),
            &[("Tuesday", "2017-05-16", true)],
        );
        check(
            "told reporters Tuesday.",
            anchor(),
            &[("Tuesday", "2017-05-16", true)],
        );
        check(
            "on Sunday and last Tuesday",
            anchor(),
            &[
                ("Sunday", "2017-05-14", true),
                ("last Tuesday", "2017-05-09", true),
            ],
        );
        check(
            "next Friday and next Tuesday",
            anchor(),
            &[
                ("next Friday", "2017-05-19", true),
                ("next Tuesday", "2017-05-23", true),
            ],
        );
        check(
            "yesterday, Today and tomorrow",
            anchor(),
            &[
                ("yesterday", "2017-05-15", true),
                ("Today", "2017-05-16", true),
                ("tomorrow", "2017-05-17", true),
            ],
        );
        check(
            "in Moscow last month; last year; this year",
            anchor(),
            &[
                ("last month", "2017-04", true),
                ("last year", "2016", true),
                ("this year", "2017", true),
            ],
        );
        check(
            "last December and next June",
            anchor(),
            &[
                ("last December", "2016-12", true),
                ("next June", "2017-06", true),
            ],
        );
        check(
            "on Wednesday, May 10",
            anchor(),
            &[("May 10", "2017-05-10", true)],
        );
        check("last week; the next day", anchor(), &[]);
        // Relative forms need an anchor precise enough.
        check("last Wednesday, yesterday", None, &[]);
        check("last Wednesday", Some(PartialDate::ym(2017, 5)), &[]);
        check(
            "last month",
            Some(PartialDate::ym(2017, 1)),
            &[("last month", "2016-12", true)],
        );
        check("yesterday", Some(PartialDate::ymd(2017, 2, 31)), &[]);
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(weekday(days_from_civil(2017, 5, 16)), 1); // Tuesday
        assert_eq!(weekday(days_from_civil(1969, 12, 31)), 2); // Wednesday
        for days in [-800_000, -1, 0, 59, 11_016, 17_302, 2_000_000] {
            let d = civil_from_days(days).unwrap();
            assert_eq!(
                days_from_civil(d.year, d.month.unwrap(), d.day.unwrap()),
                days
            );
        }
        let a = PartialDate::ymd(2017, 5, 16);
        assert_eq!(
            nearest_weekday(a, 2, Direction::Before),
            Some(PartialDate::ymd(2017, 5, 10))
        );
        assert_eq!(nearest_weekday(a, 1, Direction::OnOrBefore), Some(a));
        assert_eq!(
            nearest_weekday(a, 1, Direction::Before),
            Some(PartialDate::ymd(2017, 5, 9))
        );
        assert_eq!(
            nearest_weekday(a, 1, Direction::After),
            Some(PartialDate::ymd(2017, 5, 23))
        );
        assert_eq!(
            add_days(PartialDate::ymd(2016, 3, 1), -1),
            Some(PartialDate::ymd(2016, 2, 29))
        );
        assert_eq!(
            add_days(PartialDate::ymd(2016, 12, 31), 1),
            Some(PartialDate::ymd(2017, 1, 1))
        );
        assert_eq!(add_days(PartialDate::ym(2016, 12), 1), None);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn parse_single_dates() {
        let cases = [
            ("2017-05-16T10:00:00Z", Some(PartialDate::ymd(2017, 5, 16))),
            (" May 16, 2017 ", Some(PartialDate::ymd(2017, 5, 16))),
            ("16 May 2017.", Some(PartialDate::ymd(2017, 5, 16))),
            ("May 2017", Some(PartialDate::ym(2017, 5))),
            ("Tuesday, May 16, 2017", Some(PartialDate::ymd(2017, 5, 16))),
            (
                "May 16, 2017 at 10:30 a.m.",
                Some(PartialDate::ymd(2017, 5, 16)),
            ),
            (
                "May 16, 2017, 10:30 PM EDT",
                Some(PartialDate::ymd(2017, 5, 16)),
            ),
            ("May 2017 report", None),
            ("May 16", None),
            ("1", None),
            ("Updated May 16, 2017", None),
            ("nonsense", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date(s), want, "{s:?}");
        }
    }

    #[test]
    fn spans_on_seed_text() {
        let text = include_str!("../../seeds/000_8d44af70f10fb648.txt");
        let found = find_dates(text, anchor());
        let surfaces: Vec<&str> = found
            .iter()
            .map(|m| &text[m.span.start..m.span.end])
            .collect();
        for s in [
            "10th of May 2017",
            "late 2016",
            "16th of May 2017",
            "March 2017",
            "July 2016",
            "September 2016",
            "December 2016",
            "January",
        ] {
            assert!(surfaces.contains(&s), "missing {s:?} in {surfaces:?}");
        }
        assert!(!surfaces.contains(&"May"), "{surfaces:?}");
    }
}
