//! Person-name comparison: splitting a name into given name and surname, and deciding
//! whether two forms can be the same person ("James B. Comey" ~ "James Comey",
//! "Sergei Lavrov" ~ "Sergey Lavrov", "Comey" ~ "James Comey").

/// The parts of a person's name that matter for matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct NameParts {
    /// The first word, when the name has more than one ("James"); initials included ("H.R.").
    pub given: Option<String>,
    /// The last word that is not a suffix ("Comey", "al-Assad").
    pub surname: String,
    /// Number of words that are not initials or suffixes: how "full" the name is.
    pub fullness: usize,
    /// [`fold`] of `surname`, kept because names are compared many times.
    pub folded_surname: String,
}

/// Suffixes ignored when finding the surname.
const SUFFIXES: &[&str] = &["Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"];

/// True for an initial or a run of initials: "B.", "H.R.", "J".
pub fn is_initial(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| *c != '.') {
        letters += 1;
        if letters > 3 || !c.is_uppercase() {
            return false;
        }
    }
    letters > 0 && (word.contains('.') || letters == 1)
}

/// How good a person's name is as a label: more words that are not initials first, then a
/// given name present (initials count: "H.R. McMaster" over "McMaster"), then fewer
/// initials ("James Comey" over "James B. Comey").
pub fn label_rank(name: &str) -> (usize, bool, std::cmp::Reverse<usize>) {
    let (mut words, mut full) = (0, 0);
    for w in name.split(' ') {
        words += 1;
        full += usize::from(!is_initial(w));
    }
    (full, words >= 2, std::cmp::Reverse(words - full))
}

/// Splits a person's name written as `words`.
pub fn parts(words: &[&str]) -> Option<NameParts> {
    let core: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !SUFFIXES.contains(w))
        .collect();
    let surname = core.last()?.to_string();
    let given = (core.len() >= 2).then(|| core[0].to_string());
    let fullness = core.iter().filter(|w| !is_initial(w)).count();
    let folded_surname = fold(&surname);
    Some(NameParts {
        given,
        surname,
        fullness,
        folded_surname,
    })
}

/// Folds a name part for comparison: lower case, no dots, and the "al-" style particle
/// dropped from surnames ("al-Assad" ~ "Assad").
pub fn fold(part: &str) -> String {
    let lower: String = part
        .chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    match lower.split_once('-') {
        Some((particle, rest)) if matches!(particle, "al" | "el" | "bin" | "ibn") => {
            rest.to_string()
        }
        _ => lower,
    }
}

/// True when two given names can belong to the same person: equal, one an initial of the
/// other, or spelling variants of one name (Sergei/Sergey, Andrei/Andrey).
pub fn given_compatible(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb {
        return true;
    }
    if is_initial(a) || is_initial(b) {
        return fa.chars().next() == fb.chars().next();
    }
    fa.len() >= 4
        && fb.len() >= 4
        // Bytes, not characters: a multi-byte letter may straddle byte 3.
        && fa.as_bytes()[..3] == fb.as_bytes()[..3]
        && strsim::jaro_winkler(&fa, &fb) >= 0.88
}

/// True when two full or partial names can be the same person.
pub fn compatible(a: &NameParts, b: &NameParts) -> bool {
    if a.folded_surname != b.folded_surname {
        return false;
    }
    match (&a.given, &b.given) {
        (Some(x), Some(y)) => given_compatible(x, y),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str) -> NameParts {
        parts(&name.split(' ').collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn splits_names() {
        assert_eq!(
            p("James B. Comey"),
            NameParts {
                given: Some("James".into()),
                surname: "Comey".into(),
                fullness: 2,
                folded_surname: "comey".into(),
            }
        );
        assert_eq!(p("Martin Luther King Jr.").surname, "King");
        assert_eq!(p("Comey").given, None);
        assert_eq!(p("H.R. McMaster").fullness, 1);
    }

    #[test]
    fn compatible_forms() {
        for (a, b) in [
            ("James B. Comey", "James Comey"),
            ("Sergei Lavrov", "Sergey Lavrov"),
            ("Andrei Kortunov", "Andrey Kortunov"),
            ("Comey", "James Comey"),
            ("Bashar al-Assad", "Assad"),
            ("J. Smith", "John Smith"),
        ] {
            assert!(compatible(&p(a), &p(b)), "{a} ~ {b}");
        }
        for (a, b) in [
            ("Michael Flynn", "Michael McFaul"),
            ("Barack Obama", "Michelle Obama"),
            ("Dan Shapiro", "David Shapiro"),
        ] {
            assert!(!compatible(&p(a), &p(b)), "{a} !~ {b}");
        }
    }

    #[test]
    fn compares_given_names_of_multi_byte_letters() {
        assert!(compatible(&p("Сергей Ли"), &p("Сергеи Ли")));
        assert!(!compatible(&p("Сергей Ли"), &p("Светлана Ли")));
    }
}
