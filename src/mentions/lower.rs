//! Lower-casing without allocating: the hot lookups of the recogniser and the resolver
//! lower-case nearly every token, and most tokens are short ASCII words.
//!
//! In: a word. Out: a [`Lower`] that derefs to exactly `word.to_lowercase()`, borrowed when
//! the word is already lower case, on the stack when it is short ASCII, allocated otherwise.

use std::ops::Deref;

/// Longest ASCII word lower-cased on the stack.
const INLINE: usize = 32;

/// A word in lower case (see the module documentation).
pub enum Lower<'a> {
    /// The word itself: lower-casing leaves it unchanged.
    Same(&'a str),
    /// A short ASCII word, lower-cased into the buffer (its first `len` bytes).
    Inline {
        /// The bytes, ASCII only.
        buf: [u8; INLINE],
        /// How many bytes are used.
        len: usize,
    },
    /// Anything else, lower-cased by `str::to_lowercase`.
    Owned(String),
}

impl<'a> Lower<'a> {
    /// `word.to_lowercase()`, exactly.
    #[inline]
    pub fn of(word: &'a str) -> Lower<'a> {
        let bytes = word.as_bytes();
        if bytes.is_ascii() {
            if !bytes.iter().any(u8::is_ascii_uppercase) {
                return Lower::Same(word);
            }
            if bytes.len() <= INLINE {
                let mut buf = [0u8; INLINE];
                buf[..bytes.len()].copy_from_slice(bytes);
                buf[..bytes.len()].make_ascii_lowercase();
                return Lower::Inline {
                    buf,
                    len: bytes.len(),
                };
            }
            return Lower::Owned(word.to_ascii_lowercase());
        }
        // Every character its own lower case: then so is the string (final sigma included,
        // since a capital sigma is not its own lower case).
        let unchanged = word.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        });
        if unchanged {
            Lower::Same(word)
        } else {
            Lower::Owned(word.to_lowercase())
        }
    }

    /// The lower-case text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Lower::Same(s) => s,
            // Only ASCII bytes are ever written to the buffer, so this never fails.
            Lower::Inline { buf, len } => std::str::from_utf8(&buf[..*len]).unwrap_or(""),
            Lower::Owned(s) => s,
        }
    }
}

impl Deref for Lower<'_> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str) {
        assert_eq!(Lower::of(word).as_str(), word.to_lowercase(), "{word:?}");
    }

    #[test]
    fn equals_to_lowercase() {
        for w in [
            "",
            "the",
            "The",
            "U.S.",
            "McMaster",
            "ÉCOLE",
            "école",
            "“",
            "’s",
            "ΟΔΟΣ",
            "Σ",
            "ǅ",
            "\u{212a}",
            "İstanbul",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ",
            "abcdefghijklmnopqrstuvwxyzabcdefghij",
        ] {
            check(w);
        }
        assert!(matches!(Lower::of("said"), Lower::Same(_)));
        assert!(matches!(Lower::of("Said"), Lower::Inline { .. }));
        assert!(matches!(Lower::of("—"), Lower::Same(_)));
    }
}
