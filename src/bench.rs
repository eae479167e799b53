//! A deterministic benchmark corpus: the committed sample articles (`seeds/`, and the
//! held-out sets in `tests/data/dev`, `heldout`, `blind2`), compiled in, each copy varied.
//!
//! A copy of an article gets new person names (a first name from `lexicons/first_names.tsv`
//! and a surname from a general list of a few hundred, the surname also replacing the name's
//! later bare uses), other countries (name, demonym and capital swapped together), shifted
//! years, other month names and its paragraphs after the first shuffled. The same `(target_bytes, seed)` always gives
//! the same documents; ids are `bench-NNNNNNN-<article>`, unique. `newsgraph bench` runs the
//! pipeline over it.

use crate::ingest::Document;
use crate::mentions::lexicon;
use crate::ml::hash::SplitMix64;
use crate::text::dates::MONTHS;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The articles every copy is made from: (name, text).
const ARTICLES: [(&str, &str); 17] = [
    ("seed000", include_str!("../seeds/000_8d44af70f10fb648.txt")),
    ("seed003", include_str!("../seeds/003_8623a95e14942e9a.txt")),
    ("dev1", include_str!("../tests/data/dev/dev1_visit.txt")),
    ("dev2", include_str!("../tests/data/dev/dev2_ceo.txt")),
    ("dev3", include_str!("../tests/data/dev/dev3_cabinet.txt")),
    ("dev4", include_str!("../tests/data/dev/dev4_sports.txt")),
    ("dev5", include_str!("../tests/data/dev/dev5_scraped.txt")),
    (
        "heldout1",
        include_str!("../tests/data/heldout/heldout1_shipyard.txt"),
    ),
    (
        "heldout2",
        include_str!("../tests/data/heldout/heldout2_football.txt"),
    ),
    (
        "heldout3",
        include_str!("../tests/data/heldout/heldout3_diplomacy.txt"),
    ),
    (
        "heldout4",
        include_str!("../tests/data/heldout/heldout4_sheriff.txt"),
    ),
    (
        "heldout5",
        include_str!("../tests/data/heldout/heldout5_council.txt"),
    ),
    (
        "heldout6",
        include_str!("../tests/data/heldout/heldout6_vaccine.txt"),
    ),
    (
        "blind2_1",
        include_str!("../tests/data/blind2/blind2_1_founder.txt"),
    ),
    (
        "blind2_2",
        include_str!("../tests/data/blind2/blind2_2_coalition.txt"),
    ),
    (
        "blind2_3",
        include_str!("../tests/data/blind2/blind2_3_volleyball.txt"),
    ),
    (
        "blind2_4",
        include_str!("../tests/data/blind2/blind2_4_copper.txt"),
    ),
];

/// The project's first-name lexicon, the source of generated first names.
const FIRST_NAMES_TSV: &str = include_str!("../lexicons/first_names.tsv");

/// Common surnames of many countries and languages (general knowledge): English, German,
/// French, Italian, Spanish, Portuguese, Dutch, Polish, Russian and Ukrainian, South-East
/// European, Greek, Turkish, Nordic, Irish and Scottish, Chinese, Japanese, Korean,
/// Vietnamese, Indian, Middle Eastern, African and Latin American. None is a first name of
/// the lexicon or a word of the other lexicons, so a generated name reads as one person.
const SURNAMES: [&str; 440] = [
    "Johnson",
    "Williams",
    "Brown",
    "Garcia",
    "Miller",
    "Martinez",
    "Wilson",
    "Anderson",
    "Moore",
    "Jackson",
    "Thompson",
    "Harris",
    "Clark",
    "Walker",
    "Hall",
    "Wright",
    "Baker",
    "Adams",
    "Carter",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Stewart",
    "Morris",
    "Murphy",
    "Rogers",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Dubois",
    "Silva",
    "Novak",
    "Tanaka",
    "Sato",
    "Robinson",
    "Allen",
    "Hernandez",
    "Gonzalez",
    "Flores",
    "Rivera",
    "Torres",
    "Nguyen",
    "Ramirez",
    "Sanchez",
    "Morales",
    "Reed",
    "Bailey",
    "Cooper",
    "Richardson",
    "Cox",
    "Peterson",
    "Gray",
    "Watson",
    "Brooks",
    "Sanders",
    "Wood",
    "Barnes",
    "Ross",
    "Henderson",
    "Coleman",
    "Jenkins",
    "Perry",
    "Patterson",
    "Hughes",
    "Butler",
    "Simmons",
    "Bryant",
    "Griffin",
    "Hayes",
    "Myers",
    "Hamilton",
    "Sullivan",
    "Wallace",
    "Woods",
    "Cole",
    "Owens",
    "Reynolds",
    "Fisher",
    "Ellis",
    "Harrison",
    "Gibson",
    "McDonald",
    "Cruz",
    "Gomez",
    "Murray",
    "Freeman",
    "Webb",
    "Simpson",
    "Stevens",
    "Tucker",
    "Hunter",
    "Hicks",
    "Crawford",
    "Boyd",
    "Mason",
    "Kennedy",
    "Dixon",
    "Burns",
    "Shaw",
    "Holmes",
    "Rice",
    "Robertson",
    "Daniels",
    "Palmer",
    "Mills",
    "Nichols",
    "Knight",
    "Stone",
    "Hawkins",
    "Dunn",
    "Perkins",
    "Hudson",
    "Spencer",
    "Gardner",
    "Stephens",
    "Payne",
    "Pierce",
    "Berry",
    "Matthews",
    "Willis",
    "Watkins",
    "Olson",
    "Carroll",
    "Snyder",
    "Hart",
    "Cunningham",
    "Andrews",
    "Ruiz",
    "Harper",
    "Riley",
    "Armstrong",
    "Carpenter",
    "Weaver",
    "Greene",
    "Elliott",
    "Sims",
    "Peters",
    "Kelley",
    "Franklin",
    "Lawson",
    "Müller",
    "Schneider",
    "Meyer",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Krause",
    "Petit",
    "Durand",
    "Leroy",
    "Laurent",
    "Lefebvre",
    "Fontaine",
    "Chevalier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Rousseau",
    "Mercier",
    "Blanc",
    "Guerin",
    "Ferrari",
    "Russo",
    "Esposito",
    "Romano",
    "Ricci",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "Giordano",
    "Mancini",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Caruso",
    "Fernandez",
    "Rodriguez",
    "Perez",
    "Gutierrez",
    "Diaz",
    "Alvarez",
    "Romero",
    "Navarro",
    "Dominguez",
    "Vazquez",
    "Ramos",
    "Gil",
    "Serrano",
    "Molina",
    "Blanco",
    "Suarez",
    "Delgado",
    "Rubio",
    "Oliveira",
    "Souza",
    "Pereira",
    "Ferreira",
    "Almeida",
    "Carvalho",
    "Ribeiro",
    "Rodrigues",
    "Gomes",
    "Martins",
    "Araujo",
    "Barbosa",
    "Rocha",
    "Dias",
    "Teixeira",
    "Correia",
    "Cardoso",
    "Pinto",
    "Moreira",
    "Jansen",
    "Smit",
    "Bakker",
    "Mulder",
    "Hendriks",
    "Dekker",
    "Janssens",
    "Maes",
    "Jacobs",
    "Willems",
    "Goossens",
    "Wouters",
    "Nowak",
    "Wisniewski",
    "Wojcik",
    "Kowalczyk",
    "Kaminski",
    "Lewandowski",
    "Szymanski",
    "Wozniak",
    "Dabrowski",
    "Kozlowski",
    "Jankowski",
    "Mazur",
    "Krawczyk",
    "Ivanov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Sokolov",
    "Volkov",
    "Fedorov",
    "Morozov",
    "Novikov",
    "Pavlov",
    "Semenov",
    "Golubev",
    "Vinogradov",
    "Bogdanov",
    "Petrenko",
    "Kovalenko",
    "Shevchenko",
    "Bondarenko",
    "Tkachenko",
    "Horvat",
    "Kovac",
    "Babic",
    "Jovanovic",
    "Petrovic",
    "Nikolic",
    "Markovic",
    "Djordjevic",
    "Popescu",
    "Ionescu",
    "Dumitru",
    "Stoica",
    "Georgiev",
    "Dimitrov",
    "Nagy",
    "Toth",
    "Szabo",
    "Varga",
    "Kiss",
    "Molnar",
    "Dvorak",
    "Svoboda",
    "Cerny",
    "Prochazka",
    "Papadopoulos",
    "Nikolaidis",
    "Georgiou",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Sahin",
    "Celik",
    "Yildiz",
    "Aydin",
    "Ozturk",
    "Arslan",
    "Dogan",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Hansen",
    "Nielsen",
    "Pedersen",
    "Jensen",
    "Christensen",
    "Johannessen",
    "Korhonen",
    "Virtanen",
    "Makinen",
    "Nieminen",
    "Jonsson",
    "Magnusson",
    "Walsh",
    "Byrne",
    "Doyle",
    "McCarthy",
    "Doherty",
    "Lynch",
    "Quinn",
    "Fitzgerald",
    "MacLeod",
    "Fraser",
    "Morrison",
    "Davies",
    "Griffiths",
    "Yang",
    "Huang",
    "Zhao",
    "Zhou",
    "Zhu",
    "Guo",
    "Lin",
    "Luo",
    "Suzuki",
    "Takahashi",
    "Watanabe",
    "Ito",
    "Yamamoto",
    "Nakamura",
    "Kobayashi",
    "Kato",
    "Yoshida",
    "Yamada",
    "Sasaki",
    "Yamaguchi",
    "Matsumoto",
    "Inoue",
    "Kimura",
    "Choi",
    "Jung",
    "Kang",
    "Yoon",
    "Jang",
    "Lim",
    "Pham",
    "Hoang",
    "Phan",
    "Dang",
    "Bui",
    "Ngo",
    "Kumar",
    "Sharma",
    "Singh",
    "Patel",
    "Gupta",
    "Reddy",
    "Rao",
    "Iyer",
    "Nair",
    "Joshi",
    "Verma",
    "Chopra",
    "Desai",
    "Banerjee",
    "Chatterjee",
    "Mukherjee",
    "Das",
    "Bose",
    "Hussain",
    "Saleh",
    "Karimi",
    "Hosseini",
    "Rahimi",
    "Farahani",
    "Cohen",
    "Levi",
    "Mizrahi",
    "Friedman",
    "Okeke",
    "Adeyemi",
    "Mensah",
    "Owusu",
    "Boateng",
    "Mwangi",
    "Otieno",
    "Kamau",
    "Banda",
    "Phiri",
    "Dlamini",
    "Nkosi",
    "Ndlovu",
    "Diallo",
    "Traore",
    "Keita",
    "Toure",
    "Kone",
    "Abebe",
    "Tesfaye",
    "Haile",
    "Reyes",
    "Bautista",
    "Mendoza",
    "Aquino",
    "Castillo",
    "Vargas",
    "Jimenez",
    "Aguilar",
    "Herrera",
    "Mendez",
    "Guzman",
    "Salazar",
    "Espinoza",
];

/// First names of the lexicon, in file order.
static FIRST_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    FIRST_NAMES_TSV
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .filter(|n| !n.is_empty())
        .collect()
});

/// What a country word is: its index in [`lexicon::countries`] and which part of it.
#[derive(Clone, Copy)]
enum CountryWord {
    /// The canonical name or an alias.
    Name(usize),
    /// A demonym ("French").
    Demonym(usize),
    /// The capital city.
    Capital(usize),
}

/// Every country name, alias, demonym and capital of the lexicon.
static COUNTRY_WORDS: LazyLock<HashMap<&'static str, CountryWord>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (i, c) in lexicon::countries().iter().enumerate() {
        for &d in &c.demonyms {
            map.entry(d).or_insert(CountryWord::Demonym(i));
        }
        if let Some(cap) = c.capital {
            map.entry(cap).or_insert(CountryWord::Capital(i));
        }
        for &a in std::iter::once(&c.name).chain(&c.aliases) {
            map.insert(a, CountryWord::Name(i));
        }
    }
    map
});

/// The benchmark corpus: documents until at least `target_bytes` bytes of raw text, each a
/// varied copy of one of the embedded articles, chosen at random. Deterministic in `seed`.
pub fn corpus(target_bytes: usize, seed: u64) -> Corpus {
    Corpus {
        rng: SplitMix64::new(seed),
        target_bytes,
        produced: 0,
        count: 0,
    }
}

/// The iterator [`corpus`] returns.
#[derive(Debug, Clone)]
pub struct Corpus {
    rng: SplitMix64,
    target_bytes: usize,
    produced: usize,
    count: usize,
}

impl Iterator for Corpus {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        if self.produced >= self.target_bytes {
            return None;
        }
        let (name, text) = ARTICLES[self.rng.below(ARTICLES.len())];
        let raw = vary(text, &mut self.rng);
        self.produced += raw.len();
        let id = format!("bench-{:07}-{name}", self.count);
        self.count += 1;
        Some(Document::from_text(id, raw))
    }
}

/// A byte range of one word (a maximal run of alphanumeric characters) in a text.
type Word = (usize, usize);

/// The words of `text`.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// True if `word` starts with an upper-case letter.
fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The phrase of `n` words from `i`, if they are separated by single spaces.
fn phrase<'t>(text: &'t str, ws: &[Word], i: usize, n: usize) -> Option<&'t str> {
    let last = ws.get(i + n - 1)?;
    let joined = ws[i..i + n]
        .windows(2)
        .all(|p| &text[p[0].1..p[1].0] == " ");
    joined.then(|| &text[ws[i].0..last.1])
}

/// One varied copy of `text`: see the module documentation.
pub fn vary(text: &str, rng: &mut SplitMix64) -> String {
    let text = shuffle_lines(text, rng);
    let ws = words(&text);
    let mut map: HashMap<&str, String> = HashMap::new();
    // People: a known first name followed by a capitalised word that is not one.
    for p in ws.windows(2) {
        let (first, last) = (&text[p[0].0..p[0].1], &text[p[1].0..p[1].1]);
        if &text[p[0].1..p[1].0] == " "
            && lexicon::first_name(first).is_some()
            && capitalised(last)
            && last.len() > 1
            && lexicon::first_name(last).is_none()
            && !COUNTRY_WORDS.contains_key(last)
            && !map.contains_key(last)
        {
            let new_first = FIRST_NAMES[rng.below(FIRST_NAMES.len())].to_string();
            let new_last = SURNAMES[rng.below(SURNAMES.len())].to_string();
            map.entry(first).or_insert(new_first);
            map.insert(last, new_last);
        }
    }
    let shift = (rng.below(5) as i32 + 1) * if rng.below(2) == 0 { -1 } else { 1 };
    let mut months: Vec<&str> = MONTHS.to_vec();
    rng.shuffle(&mut months);
    let mut countries: HashMap<usize, usize> = HashMap::new();
    let all = lexicon::countries();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut done = 0;
    let mut i = 0;
    while i < ws.len() {
        let mut step = 1;
        let mut replaced = None;
        for n in (1..=3).rev() {
            let Some(ph) = phrase(&text, &ws, i, n) else {
                continue;
            };
            if let Some(new) = map.get(ph) {
                replaced = Some(new.clone());
            } else if let Some(&cw) = COUNTRY_WORDS.get(ph) {
                let (CountryWord::Name(c) | CountryWord::Demonym(c) | CountryWord::Capital(c)) = cw;
                let to = *countries.entry(c).or_insert_with(|| rng.below(all.len()));
                let to = &all[to];
                replaced = match cw {
                    CountryWord::Name(_) => Some(to.name.to_string()),
                    CountryWord::Demonym(_) => to.demonyms.first().map(|d| d.to_string()),
                    CountryWord::Capital(_) => to.capital.map(str::to_string),
                };
            } else if let Some(m) = MONTHS.iter().position(|&m| m == ph) {
                replaced = Some(months[m].to_string());
            } else if n == 1 {
                replaced = shifted_year(ph, shift);
            }
            if replaced.is_some() {
                step = n;
                break;
            }
        }
        if let Some(new) = replaced {
            out.push_str(&text[done..ws[i].0]);
            out.push_str(&new);
            done = ws[i + step - 1].1;
        }
        i += step;
    }
    out.push_str(&text[done..]);
    out
}

/// `word` as a year from 1950 to 2049 moved by `shift` years (1 to 5 either way), `None` if it is not one.
fn shifted_year(word: &str, shift: i32) -> Option<String> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = word.parse().ok()?;
    (1950..2050)
        .contains(&year)
        .then(|| (year + shift).to_string())
}

/// `text` with its paragraphs (blank-line separated, else its lines) after the first (the
/// headline or lead) in random order.
fn shuffle_lines(text: &str, rng: &mut SplitMix64) -> String {
    let text = text.trim_end();
    let sep = if text.contains("\n\n") { "\n\n" } else { "\n" };
    let mut parts: Vec<&str> = text.split(sep).map(str::trim).collect();
    if parts.len() > 2 {
        rng.shuffle(&mut parts[1..]);
    }
    let mut out = parts.join(sep);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_is_deterministic_with_unique_ids_and_reaches_its_size() {
        let a: Vec<Document> = corpus(200_000, 7).collect();
        let b: Vec<Document> = corpus(200_000, 7).collect();
        assert_eq!(a, b);
        let bytes: usize = a.iter().map(|d| d.raw.len()).sum();
        assert!(bytes >= 200_000);
        let mut ids: Vec<&str> = a.iter().map(|d| d.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), a.len());
        let c: Vec<Document> = corpus(200_000, 8).collect();
        assert_ne!(a[0].raw, c[0].raw);
    }

    #[test]
    fn surnames_are_distinct_and_not_names_of_the_articles_or_the_lexicon() {
        let mut seen = std::collections::HashSet::new();
        for s in SURNAMES {
            assert!(seen.insert(s), "{s} twice");
            assert!(lexicon::first_name(s).is_none(), "{s} is a first name");
            assert!(!COUNTRY_WORDS.contains_key(s), "{s} is a country word");
            for (name, text) in ARTICLES {
                assert!(
                    !words(text).iter().any(|&(a, b)| &text[a..b] == s),
                    "{s} in {name}"
                );
            }
        }
    }

    #[test]
    fn a_copy_renames_people_and_countries_consistently() {
        let text = "Headline about Paris.\nMary Okafor flew to France on 3 May 2019.\n\
                    Okafor said the French minister agreed.\n";
        let mut rng = SplitMix64::new(3);
        let out = vary(text, &mut rng);
        assert!(!out.contains("Okafor"), "{out}");
        assert!(!out.contains("2019"), "{out}");
        assert!(out.starts_with("Headline about "), "{out}");
        assert_eq!(out.lines().count(), 3);
        // The surname was replaced everywhere with the same new one.
        let new_last = out
            .lines()
            .find(|l| l.contains(" flew to "))
            .and_then(|l| l.split(' ').nth(1))
            .unwrap()
            .to_string();
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{new_last} said"))),
            "{out}"
        );
    }
}
