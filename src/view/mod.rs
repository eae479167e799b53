//! The interactive viewer: one self-contained HTML file that shows a graph in a browser.
//!
//! In: a [`GraphRecord`] (or a [`KnowledgeGraph`]). Out: an HTML page that needs no network:
//! the style (`viewer.css`), the script (`viewer.js`) and the graph are all inline, filled into
//! `template.html`; the three files sit beside this one and are compiled in. The page
//! draws the graph into an inline SVG with a seeded force layout, and offers search, a card per
//! node and per edge with its evidence, and the shortest path between two entities.
//!
//! Graph text is untrusted (it comes from the articles), so it never becomes markup:
//! - the graph is embedded as JSON in `<script type="application/json" id="graph-data">`, with
//!   `<`, `>`, `&`, U+2028 and U+2029 written as `\uXXXX` escapes, so no text can close the
//!   element ([`embed_json`]);
//! - the script builds the page with DOM calls (`textContent`, `setAttribute`), never
//!   `innerHTML`;
//! - a Content-Security-Policy meta tag allows no network at all and only the one inline script
//!   whose SHA-256 is [`SCRIPT_HASH`], so even markup that did slip in could not run script.

use crate::export::json::{GraphRecord, GENERATOR};
use crate::graph::KnowledgeGraph;
use std::borrow::Cow;
use std::io;

const TEMPLATE: &str = include_str!("template.html");
const STYLE: &str = include_str!("viewer.css");
const SCRIPT: &str = include_str!("viewer.js");

/// The CSP source of `viewer.js`: `sha256-` and the base64 of its SHA-256.
///
/// Update it whenever `viewer.js` changes (`openssl dgst -sha256 -binary src/view/viewer.js |
/// base64`); the browser test fails and prints the right value otherwise, because Chromium
/// refuses to run a script whose hash is not listed.
pub const SCRIPT_HASH: &str = "sha256-e+PfxwAqgYaegb+a4TN5ek9t5Ovs4b4G/EnXotIqML4=";

/// What the viewer can show: a graph record as read from `graph.json`, or a built graph.
pub trait Viewable {
    /// The graph as the record written to `graph.json`. Fails only when an evidence
    /// sentence stored on disk cannot be read back.
    fn record(&self) -> io::Result<Cow<'_, GraphRecord>>;
}

impl Viewable for GraphRecord {
    fn record(&self) -> io::Result<Cow<'_, GraphRecord>> {
        Ok(Cow::Borrowed(self))
    }
}

impl Viewable for KnowledgeGraph {
    fn record(&self) -> io::Result<Cow<'_, GraphRecord>> {
        GraphRecord::from_graph(self).map(Cow::Owned)
    }
}

/// The viewer page of a graph. The same graph always gives the same bytes. Fails only when
/// an evidence sentence stored on disk cannot be read back.
pub fn to_html<G: Viewable + ?Sized>(graph: &G) -> io::Result<String> {
    let data = embed_json(&*graph.record()?);
    // The trusted parts go in first and the graph last, so nothing in the graph can be taken
    // for a placeholder.
    Ok(TEMPLATE
        .replacen("{{SCRIPT_HASH}}", SCRIPT_HASH, 1)
        .replacen("{{GENERATOR}}", GENERATOR, 1)
        .replacen("{{STYLE}}", STYLE, 1)
        .replacen("{{SCRIPT}}", SCRIPT, 1)
        .replacen("{{GRAPH_DATA}}", &data, 1))
}

/// A record as compact JSON that is safe inside a `<script>` element: every `<`, `>`, `&`,
/// U+2028 and U+2029 is written as a `\uXXXX` escape. These characters occur only inside JSON
/// strings, where the escape means the same character, so the JSON still parses to the same
/// value.
pub fn embed_json(record: &GraphRecord) -> String {
    let json = serde_json::to_string(record).expect("a graph record always serialises");
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::{parse_graph_record, EdgeRecord, EvidenceRecord, NodeRecord};
    use crate::graph::testing::sample;
    use crate::model::{EntityKind, Predicate, Status};

    const PAYLOAD: &str = "Sam </script><script>window.__xss=1</script> \"Jones\" </svg>\
                           <img src=x onerror=alert(1)> & co \u{2028}";

    fn hostile() -> GraphRecord {
        let node = |id: &str, label: &str| NodeRecord {
            id: id.to_string(),
            label: label.to_string(),
            kind: EntityKind::Person,
            aliases: vec![PAYLOAD.to_string()],
            mentions: 1,
            docs: vec!["<b>doc</b>.txt".into()],
        };
        GraphRecord {
            directed: true,
            multigraph: true,
            graph: Default::default(),
            nodes: vec![node("a", PAYLOAD), node("b", "B")],
            edges: vec![EdgeRecord {
                source: "a".to_string(),
                target: "b".to_string(),
                relation: Predicate::MetWith,
                key: 0,
                status: Status::Alleged,
                date: None,
                dates: vec![],
                confidence: 0.5,
                role: None,
                roles: vec![],
                verb: None,
                evidence: vec![EvidenceRecord {
                    doc: "<b>doc</b>.txt".into(),
                    start: 0,
                    end: 10,
                    sentence: PAYLOAD.into(),
                }],
            }],
        }
    }

    /// The text of the `graph-data` element.
    fn data_of(html: &str) -> &str {
        let open = r#"<script type="application/json" id="graph-data">"#;
        let start = html.find(open).expect("data element") + open.len();
        let len = html[start..].find("</script>").expect("closed");
        &html[start..start + len]
    }

    #[test]
    fn untrusted_text_cannot_leave_the_data_element() {
        let record = hostile();
        let html = to_html(&record).unwrap();
        // Only the template's own elements: the data block and the one script.
        assert_eq!(html.matches("<script").count(), 2, "{html}");
        assert_eq!(html.matches("</script").count(), 2);
        assert_eq!(html.matches("<svg").count(), 1);
        assert_eq!(html.matches("</svg").count(), 1);
        assert!(!html.contains("<img"));
        assert!(!html.contains('\u{2028}'));
        let data = data_of(&html);
        assert!(!data.contains(['<', '>', '&']), "{data}");
        // The escapes decode to the very same record.
        assert_eq!(parse_graph_record(data).unwrap(), record);
    }

    #[test]
    fn the_page_is_self_contained_and_locked_down() {
        let html = to_html(&sample()).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        let csp = html
            .split("http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a CSP meta tag");
        assert!(csp.starts_with("default-src 'none';"), "{csp}");
        assert!(
            csp.contains(&format!("script-src '{SCRIPT_HASH}';")),
            "{csp}"
        );
        let script_src = csp
            .split(';')
            .find(|d| d.trim_start().starts_with("script-src"))
            .expect("script-src");
        assert!(!script_src.contains("unsafe"), "{csp}");
        assert_eq!(SCRIPT_HASH.len(), "sha256-".len() + 44);
        // No placeholder is left and nothing is loaded from elsewhere: the only URL is the SVG
        // namespace, and no element has a src or href.
        assert!(!html.contains("{{"), "a placeholder is left");
        let rest = html.replace("http://www.w3.org/2000/svg", "");
        for external in ["://", " src=", " href=", "@import"] {
            assert!(!rest.contains(external), "{external} appears");
        }
        assert!(html.contains(SCRIPT) && html.contains(STYLE));
    }

    #[test]
    fn a_graph_and_its_record_give_the_same_page_every_time() {
        let graph = sample();
        let record = GraphRecord::from_graph(&graph).unwrap();
        assert_eq!(to_html(&graph).unwrap(), to_html(&record).unwrap());
        assert_eq!(to_html(&record).unwrap(), to_html(&record.clone()).unwrap());
        assert_eq!(
            parse_graph_record(data_of(&to_html(&graph).unwrap())).unwrap(),
            record
        );
    }
}
