//! HTML to blocks: drops tags, comments and the content of `script`, `style`, `nav`,
//! `header`, `footer`, `aside` (and similar) elements; block-level tags end a block;
//! character entities are decoded.
//!
//! In: raw HTML. Out: [`Block`]s whose bytes remember their raw origin: text is copied
//! verbatim, a decoded entity maps to the whole entity (`&rsquo;` -> `’`). A tolerant
//! scanner, not a full HTML parser: unclosed tags and stray `<` are read as well as possible.

use super::{Block, Origin};

/// Elements whose content is raw text, skipped up to their closing tag.
const RAW_TEXT: &[&str] = &["script", "style", "noscript", "template", "textarea", "svg"];

/// Elements whose content is page furniture, dropped with everything inside.
const SKIPPED: &[&str] = &[
    "nav", "header", "footer", "aside", "head", "form", "button", "select", "iframe", "menu",
];

/// Elements that end a paragraph where they open or close.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "article",
    "section",
    "main",
    "blockquote",
    "pre",
    "hr",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "body",
    "html",
    "title",
];

/// Named entities decoded (besides numeric ones).
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("rsquo", "’"),
    ("lsquo", "‘"),
    ("rdquo", "”"),
    ("ldquo", "“"),
    ("sbquo", "‚"),
    ("bdquo", "„"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("minus", "−"),
    ("hellip", "…"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("bull", "•"),
    ("middot", "·"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("times", "×"),
    ("euro", "€"),
    ("pound", "£"),
    ("cent", "¢"),
    ("yen", "¥"),
    ("sect", "§"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("iacute", "í"),
    ("oacute", "ó"),
    ("uacute", "ú"),
    ("ntilde", "ñ"),
    ("ccedil", "ç"),
    ("auml", "ä"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("szlig", "ß"),
    ("thinsp", "\u{2009}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("zwsp", "\u{200b}"),
];

/// Cuts an HTML page into blocks of text.
pub(super) fn blocks(raw: &str) -> Vec<Block> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut current = Block::default();
    let mut skip_depth = 0usize;
    let last = LastBytes::of(bytes);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if let Some(tag) = parse_tag(raw, i, &last) {
                i = tag.end;
                let name = tag.name.as_str();
                if RAW_TEXT.contains(&name) {
                    if !tag.closing && !tag.self_closing {
                        i = skip_raw_text(raw, i, name);
                    }
                    continue;
                }
                if SKIPPED.contains(&name) {
                    if tag.closing {
                        skip_depth = skip_depth.saturating_sub(1);
                    } else if !tag.self_closing {
                        skip_depth += 1;
                    }
                    end_block(&mut current, &mut out);
                } else if BLOCK_LEVEL.contains(&name) {
                    end_block(&mut current, &mut out);
                }
                continue;
            }
        }
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        if c == '&' {
            if let Some((decoded, len)) = decode_entity(&raw[i..]) {
                if skip_depth == 0 {
                    for d in decoded.chars() {
                        current.push(d, Origin::Entity(i, i + len));
                    }
                }
                i += len;
                continue;
            }
        }
        if skip_depth == 0 {
            current.push(c, Origin::At(i));
        }
        i += c.len_utf8();
    }
    end_block(&mut current, &mut out);
    out
}

/// Pushes the current block when it has any text.
fn end_block(current: &mut Block, out: &mut Vec<Block>) {
    let block = std::mem::take(current);
    if !super::is_blank(&block.text) {
        out.push(block);
    }
}

/// A tag, comment or declaration found at a `<`.
struct Tag {
    /// Lower-case element name; empty for comments and declarations.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Byte after the closing `>`.
    end: usize,
}

/// Where the last `>`, `"` and `'` of a page are: a tag whose `>` or closing quote would
/// have to come after them is no tag, found without scanning to the end of the page.
/// (Scanning to the end for every `<` of a page with no `>` was quadratic.)
struct LastBytes {
    gt: Option<usize>,
    double: Option<usize>,
    single: Option<usize>,
}

impl LastBytes {
    fn of(bytes: &[u8]) -> LastBytes {
        let last = |c: u8| bytes.iter().rposition(|&b| b == c);
        LastBytes {
            gt: last(b'>'),
            double: last(b'"'),
            single: last(b'\''),
        }
    }

    /// True when a `c` comes after byte `at`.
    fn after(&self, c: u8, at: usize) -> bool {
        let last = match c {
            b'>' => self.gt,
            b'"' => self.double,
            _ => self.single,
        };
        last.is_some_and(|l| l > at)
    }
}

/// Reads the tag starting at `at` (a `<`); `None` when the `<` is text (`a < b`).
fn parse_tag(raw: &str, at: usize, last: &LastBytes) -> Option<Tag> {
    let rest = &raw[at..];
    if let Some(body) = rest.strip_prefix("<!--") {
        let end = body.find("-->").map_or(raw.len(), |e| at + 4 + e + 3);
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            end,
        });
    }
    let bytes = rest.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    let first = *bytes.get(name_start)?;
    if !(first.is_ascii_alphabetic() || (!closing && (first == b'!' || first == b'?')))
        || !last.after(b'>', at)
    {
        return None;
    }
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
    // Find the closing '>' outside quoted attribute values.
    let mut quote: Option<u8> = None;
    let mut j = name_start + name_len;
    while j < bytes.len() {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && !last.after(b, at + j) => return None,
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                let self_closing = j > 0 && bytes[j - 1] == b'/';
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    end: at + j + 1,
                });
            }
            None => {}
        }
        j += 1;
    }
    None
}

/// The byte after the closing tag of raw-text element `name` (or the end of the text).
fn skip_raw_text(raw: &str, from: usize, name: &str) -> usize {
    let bytes = raw.as_bytes();
    let mut at = from;
    while let Some(rel) = raw[at..].find("</") {
        let close = at + rel;
        let name_end = close + 2 + name.len();
        if bytes
            .get(close + 2..name_end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        {
            return raw[name_end..]
                .find('>')
                .map_or(raw.len(), |e| name_end + e + 1);
        }
        at = close + 2;
    }
    raw.len()
}

/// Decodes the entity at the start of `s` (which starts with `&`): the text and the length
/// of the entity in bytes, `None` when it is no known entity.
fn decode_entity(s: &str) -> Option<(String, usize)> {
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let name = s.get(1..semi)?;
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(code).filter(|&c| c != '\0')?.to_string()
    } else {
        ENTITIES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, d)| d.to_string())?
    };
    Some((decoded, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: &[&str]) {
        let got: Vec<String> = blocks(html).iter().map(Block::collapsed).collect();
        assert_eq!(got, expected, "{html:?}");
    }

    #[test]
    fn tags_and_blocks() {
        check(
            "<html><head><title>T</title></head><body><p>One <b>bold</b>\n word.</p><p>Two.<br>Three</p></body></html>",
            &["One bold word.", "Two.", "Three"],
        );
        check("<div>a < b and c > d</div>", &["a < b and c > d"]);
        check("<p title=\"x>y\">Quoted attr.</p>", &["Quoted attr."]);
    }

    #[test]
    fn furniture_elements_dropped() {
        check(
            "<nav><ul><li>Home</li></ul></nav><script>var x = '<p>no</p>';</script>\
             <style>p{}</style><!-- c <p>no</p> --><article><p>Body.</p></article>\
             <aside>Ad</aside><footer>© 2017</footer><SCRIPT>x</p></Script >",
            &["Body."],
        );
    }

    #[test]
    fn unclosed_tags_are_text_without_rescanning_the_page() {
        check("x<y and <b \"unclosed", &["x<y and <b \"unclosed"]);
        check("<p>a<b \"q>\" c</p>", &["a"]);
        // 100k `<` with no `>` after them: each is text, found in linear time.
        let page = "<p>".to_string() + &"a<b ".repeat(100_000);
        let got = blocks(&page);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].collapsed().len(), 4 * 100_000 - 1);
    }

    #[test]
    fn entities() {
        check(
            "<p>Trump&rsquo;s &ldquo;deal&rdquo; &amp; more&hellip; &#8212; &#x2014; &bogus; &amp&amp;é</p>",
            &["Trump’s “deal” & more… — — &bogus; &amp&é"],
        );
        let b = &blocks("<p>a&amp;b</p>")[0];
        assert_eq!(b.origin[1], Origin::Entity(4, 9));
        assert_eq!(b.origin[2], Origin::At(9));
    }
}
