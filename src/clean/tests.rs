//! Tests of the cleaner as a whole: the output contract, the alignment and the two seeds.
//! Compiled only under #[cfg(test)] (`mod tests;` in mod.rs).

use super::*;

const SEED_000: &str = include_str!("../../seeds/000_8d44af70f10fb648.txt");
const SEED_003: &str = include_str!("../../seeds/003_8623a95e14942e9a.txt");

/// The junk lines of seed 003 as listed in the hand-made gold (`junk_lines`).
const GOLD_JUNK_003: &[&str] = &[
    "Q",
    "Sections",
    "Democracy Dies in Darkness",
    "Sign InSubscribe",
    "f",
    "t",
    "G+",
    "in",
    "p",
    "A",
    "628",
    "Politics",
    "Most Read",
    "1",
    "Analysis",
    "Pence tries his best to keep unsaid what Trump then says about election integrity",
    "2",
    "Supreme Court allows Trump travel ban enforcement, but says it must allow broader exemptions for relatives",
    "3",
    "This astonishing interview dramatically undercuts Trump’s ‘voter fraud’ investigation",
    "4",
    "Senate Republicans’ hard lesson: No women, no health-care bill",
    "5",
    "https://archive.ph/20170719220303/https://www.washingtonpost.com/politics/inside-the-oval-office-with-trump-and-the-russians-broad-smiles-and-loose-lips/2017/0...",
    "1/8",
    "Why did Trump meet with Putin again? Here are three possibilities.",
    "The story must be told.",
    "[Subscribe to The Washington Post.](#)",
    "[Subscribe](#)",
    "Inside 'Trump Revealed'",
    "Read stories based on reporting for “Trump Revealed,” a broad, comprehensive biography of the life of the president.",
    "- **Reporting archive: Trump's financial records, depositions and interview transcripts**",
    "Politics newsletter",
    "The big stories and commentary shaping the day.",
    "E-mail address",
    "[Add](#)",
    "[washingtonpost.com](#)",
    "© 1996-2017 The Washington Post",
    "[Help and Contact Us](#)",
    "[Terms of Service](#)",
    "[Privacy Policy](#)",
    "[Print Products Terms of Sale](#)",
    "[Digital Products Terms of Sale](#)",
    "[Submissions and Discussion Policy](#)",
    "[RSS Terms of Service](#)",
    "[Ad Choices](#)",
    r"[*\[Trump revealed highly classified information to Russian foreign minister and ambassador\]*](#)",
    "**A look at",
    "President Trump's",
    "first year in office,",
    "so far**",
    "[View Photos](#)",
    "The president's term has featured controversial executive orders and frequent conflicts with the media.",
    r"[\[Presence of Russian photographer in Oval Office raises security concerns\]](#)",
    "The Washington Post",
    "Your subscription supports journalism that matters.",
    "Try 1 month for 99¢",
    "**628 Comments**",
];

fn paragraphs(c: &CleanDoc) -> Vec<&str> {
    c.paragraphs.iter().map(|p| p.slice(&c.text)).collect()
}

/// Cleans plain text and compares the paragraphs.
fn check(raw: &str, expected: &[&str]) {
    let c = clean(Document::from_text("t", raw));
    assert_eq!(paragraphs(&c), expected, "raw {raw:?}");
    assert_eq!(c.text, expected.join("\n\n"));
    check_alignment(&c);
}

/// The alignment contract, on every run of up to six words of every paragraph:
/// - a span copied in one piece maps to raw text identical to it;
/// - a span with no inserted or decoded byte whose raw span is as long maps to identical
///   text (the offsets are right even across pieces);
/// - a span crossing an inserted separator maps from its first word's raw start to its
///   last word's raw end;
/// and, in a long text, nearly every word is copied verbatim.
fn check_alignment(c: &CleanDoc) {
    let raw = &c.doc.raw;
    let covered = |s: Span| -> (bool, bool) {
        // (every byte in some piece, some byte decoded)
        let mut bytes = 0;
        let mut decoded = false;
        for p in &c.alignment.pieces {
            let lo = p.clean.max(s.start);
            let hi = p.clean_end().min(s.end);
            if lo < hi {
                bytes += hi - lo;
                decoded |= !p.exact;
            }
        }
        (bytes == s.len(), decoded)
    };
    let (mut words_total, mut words_verbatim) = (0, 0);
    for para in &c.paragraphs {
        let text = para.slice(&c.text);
        let mut words = Vec::new();
        let mut at = para.start;
        for w in text.split(' ') {
            words.push(Span::new(at, at + w.len()));
            at += w.len() + 1;
        }
        for (i, &w) in words.iter().enumerate() {
            words_total += 1;
            if c.alignment.is_verbatim(w) {
                words_verbatim += 1;
            }
            for &v in &words[i..words.len().min(i + 6)] {
                let span = Span::new(w.start, v.end);
                let clean_text = span.slice(&c.text);
                let mapped = c.alignment.to_raw(span);
                let mapped_text = mapped.slice(raw);
                let (full, decoded) = covered(span);
                if c.alignment.is_verbatim(span) || (full && !decoded && mapped.len() == span.len())
                {
                    assert_eq!(mapped_text, clean_text, "span {span:?}");
                }
                if !full {
                    let (first, last) = (c.alignment.to_raw(w), c.alignment.to_raw(v));
                    assert_eq!(mapped, Span::new(first.start, last.end), "span {span:?}");
                }
            }
        }
    }
    if words_total >= 200 {
        assert!(
            words_verbatim * 100 >= words_total * 95,
            "{words_verbatim}/{words_total}"
        );
    }
    assert_eq!(c.alignment.to_raw(Span::new(0, 0)).len(), 0);
}

#[test]
fn alignment_offsets() {
    let a = Alignment {
        pieces: vec![
            Piece {
                clean: 0,
                clean_len: 3,
                raw: 10,
                raw_len: 3,
                exact: true,
            },
            // "\n\n" inserted at 3..5
            Piece {
                clean: 5,
                clean_len: 3,
                raw: 20,
                raw_len: 6,
                exact: false,
            },
            Piece {
                clean: 8,
                clean_len: 2,
                raw: 26,
                raw_len: 2,
                exact: true,
            },
        ],
    };
    assert_eq!(a.to_raw(Span::new(1, 3)), Span::new(11, 13));
    assert_eq!(a.to_raw(Span::new(1, 6)), Span::new(11, 26));
    assert_eq!(a.to_raw(Span::new(3, 5)), Span::new(13, 13));
    assert_eq!(a.to_raw(Span::new(4, 9)), Span::new(20, 27));
    assert_eq!(a.to_raw_offset(4), 13);
    assert_eq!(a.to_raw_offset(5), 20);
    assert_eq!(a.to_raw_offset(6), 26);
    assert_eq!(a.to_raw_offset(9), 27);
    assert_eq!(a.to_raw_offset(99), 28);
    assert!(a.is_verbatim(Span::new(0, 3)));
    assert!(!a.is_verbatim(Span::new(2, 6)));
    assert!(!a.is_verbatim(Span::new(5, 6)));
    assert_eq!(
        Alignment::default().to_raw(Span::new(0, 4)),
        Span::new(0, 0)
    );
}

#[test]
fn paragraphs_and_whitespace() {
    check("One line.\nTwo line.\n", &["One line.", "Two line."]);
    check(
        "\u{feff}First para\r\ncontinues  here.\r\n\r\n\r\nSecond\tone.\r\n",
        &["First para continues here.", "Second one."],
    );
    check("  \n\n", &[]);
    check(
        "Title Line\n\n# Heading\nBody text.\n- item one.\n- item two.",
        &[
            "Title Line",
            "Heading",
            "Body text.",
            "item one.",
            "item two.",
        ],
    );
}

#[test]
fn inline_markup_removed() {
    check(
        "Headline\n\nThe aides said the president [did nothing wrong](#), **again**.\n\n\
         A crowd in the square. (Reuters/Getty Images)\n\n\
         See https://example.com/a for more on the story.",
        &[
            "Headline",
            "The aides said the president did nothing wrong, again.",
            "A crowd in the square.",
            "See for more on the story.",
        ],
    );
}

#[test]
fn cut_paragraphs_rejoined() {
    check(
        "Headline without end\n\nBy Jane Doe May 1\n\n\
         The minister met the president and shared the plan with\n\n1/3\n\n\
         Ambassador Smith, who also attended.\n\nHer itinerary\n\nhad her going north.",
        &[
            "Headline without end",
            "By Jane Doe May 1",
            "The minister met the president and shared the plan with Ambassador Smith, who also attended.",
            "Her itinerary had her going north.",
        ],
    );
}

#[test]
fn html_documents() {
    let raw = "<html><head><title>x</title></head><body><nav>Home | World</nav>\
               <h1>Minister&rsquo;s visit</h1><p>The minister &amp; the envoy met.</p>\
               <p>Read more</p><footer>&copy; 2017</footer></body></html>";
    let mut doc = Document::from_text("h", raw);
    doc.format = SourceFormat::Html;
    let c = clean(doc);
    assert_eq!(
        paragraphs(&c),
        ["Minister’s visit", "The minister & the envoy met."]
    );
    let apos = c.text.find('’').unwrap();
    let span = Span::new(apos, apos + '’'.len_utf8());
    assert_eq!(c.alignment.to_raw(span).slice(raw), "&rsquo;");
    let word = Span::new(0, "Minister".len());
    assert_eq!(c.alignment.to_raw(word).slice(raw), "Minister");
    let whole = c.paragraphs[0];
    assert_eq!(
        c.alignment.to_raw(whole).slice(raw),
        "Minister&rsquo;s visit"
    );
    check_alignment(&c);
}

#[test]
fn seed_000_is_kept_whole() {
    let c = clean(Document::from_text("000", SEED_000));
    let lines: Vec<&str> = SEED_000.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(c.text, lines.join("\n\n"));
    assert_eq!(c.paragraphs.len(), lines.len());
    check_alignment(&c);
}

#[test]
fn seed_003_joins() {
    let c = clean(Document::from_text("003", SEED_003));
    let paras = paragraphs(&c);
    for (before, after) in [
        (
            "shared highly classified information from a U.S. partner with Lavrov and",
            "Ambassador Sergey Kislyak, who also attended, according to current and former U.S. officials.",
        ),
        ("Lavrov’s itinerary", "had him going nowhere near Washington"),
        (
            "“business as usual with Russian figures,” said Andrew",
            "Weiss, a Russia specialist who is vice president for studies at the Carnegie Endowment for International Peace.",
        ),
        (
            "said Michael McFaul, a U.S. ambassador to",
            "Russia under President Barack Obama.",
        ),
    ] {
        let joined = format!("{before} {after}");
        assert!(
            paras.iter().any(|p| p.contains(&joined)),
            "not joined: {joined}"
        );
    }
    // A span across a join maps from the first piece's start to the last piece's end.
    let at = c.text.find("Lavrov and Ambassador").unwrap();
    let span = Span::new(at, at + "Lavrov and Ambassador".len());
    let raw = c.alignment.to_raw(span).slice(SEED_003);
    assert!(raw.starts_with("Lavrov and\n\nMost Read"));
    assert!(raw.ends_with("1/8\n\nAmbassador"));
    // Headline and byline stand alone.
    assert_eq!(
        &paras[..3],
        [
            "Inside the Oval Office with Trump and the Russians: Broad smiles and loose lips",
            "(The Washington Post)",
            "By Philip Rucker and Karen DeYoung May 16",
        ]
    );
}

#[test]
fn seed_003_junk_dropped() {
    let c = clean(Document::from_text("003", SEED_003));
    let paras = paragraphs(&c);
    let mut kept = Vec::new();
    for junk in GOLD_JUNK_003 {
        let stripped: String = junk
            .replace("](#)", "")
            .chars()
            .filter(|ch| !matches!(ch, '[' | ']' | '*' | '\\'))
            .collect();
        let stripped = stripped.trim_start_matches("- ").trim();
        let words = stripped.split_whitespace().count();
        let found = paras.iter().any(|p| *p == *junk || *p == stripped)
            || (words >= 4 && c.text.contains(stripped));
        if found {
            kept.push(*junk);
        }
    }
    assert_eq!(kept, Vec::<&str>::new(), "junk lines kept");
    // In-line junk.
    for debris in [
        "(Russian Foreign Ministry/AFP/Getty Images)",
        "](#)",
        "Follow @",
        "**",
    ] {
        assert!(!c.text.contains(debris), "{debris}");
    }
}

#[test]
fn seed_003_content_kept() {
    let c = clean(Document::from_text("003", SEED_003));
    for content in [
        "Comfortable chastising and cajoling in his fluent English, Sergei Lavrov has brought scowls",
        "“Yes,” Trump replied.",
        "and other U.S. and Russian officials during their White House meeting on May 10.",
        "Trump's advisers insisted that the president did nothing wrong.",
        "After Putin received Tillerson in Moscow last month — meeting privately with the secretary",
        "“None of us touched on that bacchanalia,” Lavrov said",
        "Trump used a hashtag: “#LetsMakePeace!”",
        "Philip Rucker is the White House Bureau Chief for The Washington Post.",
        "He joined The Post in 2005 as a local news reporter.",
        "Karen DeYoung is associate editor and senior national security correspondent for the Washington Post.",
        "Speaking the next day in Alaska, Lavrov said",
    ] {
        assert!(c.text.contains(content), "lost: {content}");
    }
    // Every line of the article body (long lines ending a sentence) survives.
    for line in SEED_003.lines().map(str::trim) {
        let line = line.split("  Follow @").next().unwrap_or(line);
        let long = line.split_whitespace().count() >= 20 && !line.contains("](#)");
        if long && !GOLD_JUNK_003.contains(&line) && !line.ends_with("Getty Images)") {
            assert!(c.text.contains(line), "lost line: {line}");
        }
    }
    check_alignment(&c);
}

#[test]
fn ascii_spaces_are_the_ascii_part_of_is_space() {
    for b in 0u8..128 {
        assert_eq!(is_ascii_space(b), is_space(char::from(b)), "byte {b}");
    }
}

#[test]
fn collapsed_joins_words_split_on_any_space() {
    for text in [
        "",
        "   ",
        "one",
        "  one  two\t\nthree ",
        "a\u{a0}b\u{200b}c\u{feff}d\u{2060}e\u{3000}f\u{85}g",
        "é  ü\u{2003}ß",
        "\u{b}x\u{c}y\rz",
    ] {
        let block = Block::from_raw(text, 0, text.len());
        let expected: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
        assert_eq!(block.collapsed(), expected.join(" "), "{text:?}");
    }
}
