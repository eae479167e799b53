//! Stage 2, clean: strips markup and page furniture (navigation, ads, subscription prompts,
//! "Most Read" lists, share buttons, photo credits, URLs, page counters, markdown link debris)
//! and re-joins paragraphs a page break cut in two.
//!
//! In: [`Document`]. Out: [`CleanDoc`], whose `text` is what later stages read, with an
//! [`Alignment`] that maps every clean byte back to the raw document.
//!
//! The work is split in four steps: the raw text is cut into blocks (paragraph candidates)
//! that remember where every byte came from (`html` for HTML, `text_blocks` otherwise);
//! `inline` deletes markup inside a block; `junk` decides which blocks are page furniture;
//! [`clean`] joins cut paragraphs and writes the clean text, collapsing whitespace.

mod html;
mod inline;
mod junk;

use crate::ingest::{Document, SourceFormat};
use crate::model::Span;

/// Maps byte offsets of the clean text back to the raw text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Sorted by `clean`, not overlapping. Clean bytes between pieces (inserted separators)
    /// map to the raw end of the piece before them.
    pieces: Vec<Piece>,
}

/// One stretch of clean text and the raw bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    /// First clean byte.
    clean: usize,
    /// Clean length.
    clean_len: usize,
    /// First raw byte.
    raw: usize,
    /// Raw length.
    raw_len: usize,
    /// True when copied verbatim (then `clean_len == raw_len`); false for a decoded
    /// entity, whose clean bytes all stand for the whole raw range.
    exact: bool,
}

impl Piece {
    fn clean_end(&self) -> usize {
        self.clean + self.clean_len
    }
    fn raw_end(&self) -> usize {
        self.raw + self.raw_len
    }
}

impl Alignment {
    /// The raw span a clean span came from. A span copied verbatim maps to the raw span
    /// with the same text; a span across inserted separators or deleted markup maps from
    /// the raw start of its first piece to the raw end of its last; a decoded entity maps
    /// to the whole entity. A span that covers no copied byte maps to an empty span.
    pub fn to_raw(&self, clean: Span) -> Span {
        let first = self
            .pieces
            .partition_point(|p| p.clean_end() <= clean.start);
        let last = self.pieces.partition_point(|p| p.clean < clean.end);
        if clean.is_empty() || first >= last {
            let at = self.to_raw_offset(clean.start);
            return Span::new(at, at);
        }
        let p = self.pieces[first];
        let start = if p.exact && p.clean <= clean.start {
            p.raw + (clean.start - p.clean)
        } else {
            p.raw
        };
        let q = self.pieces[last - 1];
        let end = if q.exact && clean.end <= q.clean_end() {
            q.raw + (clean.end - q.clean)
        } else {
            q.raw_end()
        };
        Span::new(start, end.max(start))
    }

    /// The raw offset of one clean offset: inside a verbatim piece the matching raw byte,
    /// elsewhere the raw end of the piece before (0 before the first piece).
    pub fn to_raw_offset(&self, clean: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.clean <= clean);
        let Some(p) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return 0;
        };
        if clean < p.clean_end() {
            if p.exact {
                p.raw + (clean - p.clean)
            } else if clean == p.clean {
                p.raw
            } else {
                p.raw_end()
            }
        } else {
            p.raw_end()
        }
    }

    /// True when the clean span was copied from raw in one piece, so that the raw span
    /// [`Alignment::to_raw`] gives holds the same text.
    pub fn is_verbatim(&self, clean: Span) -> bool {
        let i = self
            .pieces
            .partition_point(|p| p.clean_end() <= clean.start);
        self.pieces
            .get(i)
            .is_some_and(|p| p.exact && p.clean <= clean.start && clean.end <= p.clean_end())
    }
}

/// A document after cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanDoc {
    /// The document as read.
    pub doc: Document,
    /// Article text only: paragraphs separated by `"\n\n"`.
    pub text: String,
    /// Clean -> raw byte mapping.
    pub alignment: Alignment,
    /// Spans of `text`, one per paragraph, in order. A sentence never crosses one.
    pub paragraphs: Vec<Span>,
}

/// Where one byte of a block came from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    /// Copied from this raw byte.
    At(usize),
    /// Part of the decoding of the raw entity `start..end`.
    Entity(usize, usize),
}

/// A paragraph candidate: text with the origin of each of its bytes.
#[derive(Debug, Clone, Default, PartialEq)]
struct Block {
    /// The text; may still hold markup and whitespace runs.
    text: String,
    /// One entry per byte of `text`.
    origin: Vec<Origin>,
}

impl Block {
    /// The raw bytes `start..end`, verbatim.
    fn from_raw(raw: &str, start: usize, end: usize) -> Block {
        Block {
            text: raw[start..end].to_string(),
            origin: (start..end).map(Origin::At).collect(),
        }
    }

    /// Appends one character with its origin.
    fn push(&mut self, c: char, origin: Origin) {
        self.text.push(c);
        self.origin
            .extend(std::iter::repeat_n(origin, c.len_utf8()));
    }

    /// Deletes the byte ranges `cut` (sorted, not overlapping, on char boundaries).
    fn delete(&mut self, cut: &[Span]) {
        if cut.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut origin = Vec::with_capacity(self.origin.len());
        let mut at = 0;
        for span in cut {
            if span.start < at {
                continue;
            }
            text.push_str(&self.text[at..span.start]);
            origin.extend_from_slice(&self.origin[at..span.start]);
            at = span.end;
        }
        text.push_str(&self.text[at..]);
        origin.extend_from_slice(&self.origin[at..]);
        self.text = text;
        self.origin = origin;
    }

    /// The text with whitespace runs collapsed to one space and trimmed.
    fn collapsed(&self) -> String {
        let text = self.text.as_str();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        while at < text.len() {
            let end = word_end(text, at);
            if end > at {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[at..end]);
            }
            at = space_end(text, end);
        }
        out
    }
}

/// The length of the [`is_space`] character at byte `at` of `text`, `None` if there is
/// none there (ASCII is classified without decoding a character).
fn space_at(text: &str, at: usize) -> Option<usize> {
    match *text.as_bytes().get(at)? {
        b if b.is_ascii() => is_ascii_space(b).then_some(1),
        _ => text[at..]
            .chars()
            .next()
            .filter(|&c| is_space(c))
            .map(char::len_utf8),
    }
}

/// The end of the word (no [`is_space`] character) starting at byte `at` of `text`.
fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            if is_ascii_space(b) {
                break;
            }
            at += 1;
        } else {
            match text[at..].chars().next() {
                Some(c) if !is_space(c) => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// The end of the run of [`is_space`] characters starting at byte `at` of `text`.
fn space_end(text: &str, mut at: usize) -> usize {
    while let Some(len) = space_at(text, at) {
        at += len;
    }
    at
}

/// [`is_space`] for an ASCII byte: tab, line feed, vertical tab, form feed, carriage return
/// and space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whitespace for the cleaner: Unicode white space plus the BOM and zero-width spaces.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

/// True when the line holds only whitespace.
fn is_blank(line: &str) -> bool {
    line.chars().all(is_space)
}

/// Cuts plain text or markdown into blocks. Blank lines separate paragraphs; in a text with
/// no blank line between two lines at all, every line is a paragraph. A markdown heading
/// (`# `) line is a block of its own; a list item (`- `, `* `, `+ `) starts a new block.
fn text_blocks(raw: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in raw.split_inclusive('\n') {
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        lines.push((start, end));
        start += line.len();
    }
    let content: Vec<bool> = lines.iter().map(|&(s, e)| !is_blank(&raw[s..e])).collect();
    let first = content.iter().position(|&c| c);
    let last = content.iter().rposition(|&c| c);
    let blank_inside = match (first, last) {
        (Some(f), Some(l)) => content[f..=l].iter().any(|&c| !c),
        _ => false,
    };
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (&(s, e), &is_content) in lines.iter().zip(&content) {
        let marker = inline::line_marker(&raw[s..e]);
        let starts_new = !blank_inside || marker.is_some();
        match (is_content, open) {
            (false, Some((bs, be))) => {
                blocks.push(Block::from_raw(raw, bs, be));
                open = None;
            }
            (false, None) => {}
            (true, Some((bs, be))) if starts_new => {
                blocks.push(Block::from_raw(raw, bs, be));
                open = Some((s, e));
            }
            (true, Some((bs, _))) => open = Some((bs, e)),
            (true, None) => open = Some((s, e)),
        }
        if marker == Some(inline::Marker::Heading) {
            if let Some((bs, be)) = open.take() {
                blocks.push(Block::from_raw(raw, bs, be));
            }
        }
    }
    if let Some((bs, be)) = open {
        blocks.push(Block::from_raw(raw, bs, be));
    }
    blocks
}

/// The clean text being written, with its alignment.
struct Writer {
    text: String,
    pieces: Vec<Piece>,
}

impl Writer {
    /// Appends one character that came from `origin`.
    fn push(&mut self, c: char, origin: Origin) {
        let here = self.text.len();
        let len = c.len_utf8();
        self.text.push(c);
        if let Some(last) = self.pieces.last_mut() {
            if last.clean_end() == here {
                match origin {
                    Origin::At(r) if last.exact && last.raw_end() == r => {
                        last.clean_len += len;
                        last.raw_len += len;
                        return;
                    }
                    Origin::Entity(s, e) if !last.exact && last.raw == s && last.raw_end() == e => {
                        last.clean_len += len;
                        return;
                    }
                    _ => {}
                }
            }
        }
        let piece = match origin {
            Origin::At(r) => Piece {
                clean: here,
                clean_len: len,
                raw: r,
                raw_len: len,
                exact: true,
            },
            Origin::Entity(s, e) => Piece {
                clean: here,
                clean_len: len,
                raw: s,
                raw_len: e - s,
                exact: false,
            },
        };
        self.pieces.push(piece);
    }

    /// Appends a separator that is in no raw text.
    fn push_gap(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends a block with its whitespace runs collapsed to single spaces and trimmed. A
    /// lone raw space stays mapped; any other run becomes an inserted space.
    fn push_block(&mut self, block: &Block) {
        let text = block.text.as_str();
        let mut pending_space: Option<Option<Origin>> = None;
        let mut wrote = false;
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            let next = i + c.len_utf8();
            if is_space(c) {
                if wrote {
                    let single = c == ' '
                        && pending_space.is_none()
                        && text[next..].chars().next().is_none_or(|n| !is_space(n));
                    pending_space = Some(if single { Some(block.origin[i]) } else { None });
                }
                i = next;
                continue;
            }
            match pending_space.take() {
                Some(Some(origin)) => self.push(' ', origin),
                Some(None) => self.push_gap(" "),
                None => {}
            }
            self.push(c, block.origin[i]);
            wrote = true;
            i = next + self.extend_verbatim(text, &block.origin, next);
        }
    }

    /// Appends the ASCII word bytes of `text` from `from` on that continue the verbatim
    /// piece just written, all at once: what pushing them one by one would write. Returns
    /// how many bytes it took.
    fn extend_verbatim(&mut self, text: &str, origin: &[Origin], from: usize) -> usize {
        let Some(last) = self.pieces.last_mut() else {
            return 0;
        };
        if !last.exact || last.clean + last.clean_len != self.text.len() {
            return 0;
        }
        let bytes = text.as_bytes();
        let mut end = from;
        while let (Some(&b), Some(&Origin::At(r))) = (bytes.get(end), origin.get(end)) {
            if !b.is_ascii() || is_ascii_space(b) || r != last.raw + last.raw_len + (end - from) {
                break;
            }
            end += 1;
        }
        let taken = end - from;
        self.text.push_str(&text[from..end]);
        last.clean_len += taken;
        last.raw_len += taken;
        taken
    }
}

/// Cleans one document.
pub fn clean(doc: Document) -> CleanDoc {
    let mut blocks = match doc.format {
        SourceFormat::Html => html::blocks(&doc.raw),
        SourceFormat::Text | SourceFormat::Markdown => text_blocks(&doc.raw),
    };
    let mut probes = Vec::with_capacity(blocks.len());
    for block in &mut blocks {
        let before = block.collapsed();
        let len_before = block.text.len();
        if doc.format != SourceFormat::Html {
            inline::strip_markdown(block);
        }
        inline::strip_common(block);
        // Inline cleaning only deletes: an unchanged length is an unchanged block.
        let after = if block.text.len() == len_before {
            before.clone()
        } else {
            block.collapsed()
        };
        probes.push(junk::Probe::new(before, after));
    }
    let is_junk = junk::classify(&probes);

    let mut out = Writer {
        text: String::with_capacity(doc.raw.len()),
        pieces: Vec::new(),
    };
    let mut paragraphs: Vec<Span> = Vec::new();
    let mut para_start = 0;
    // (index of the last content block, index of the first block of its paragraph)
    let mut prev: Option<(usize, usize)> = None;
    let mut first_content: Option<usize> = None;
    for (i, block) in blocks.iter().enumerate() {
        if is_junk[i] {
            continue;
        }
        let first = *first_content.get_or_insert(i);
        let join = prev.is_some_and(|(p, head)| {
            head != first && junk::should_join(&probes[head], &probes[p], &probes[i], p + 1 < i)
        });
        match prev {
            Some(_) if join => out.push_gap(" "),
            Some(_) => {
                paragraphs.push(Span::new(para_start, out.text.len()));
                out.push_gap("\n\n");
                para_start = out.text.len();
            }
            None => {}
        }
        out.push_block(block);
        let head = match prev {
            Some((_, head)) if join => head,
            _ => i,
        };
        prev = Some((i, head));
    }
    if prev.is_some() {
        paragraphs.push(Span::new(para_start, out.text.len()));
    }
    CleanDoc {
        doc,
        text: out.text,
        alignment: Alignment { pieces: out.pieces },
        paragraphs,
    }
}

#[cfg(test)]
mod tests;
