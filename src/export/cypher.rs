//! Cypher: the graph as a script that loads it into Neo4j 5, run with
//! `cypher-shell -f graph.cypher` or pasted into Neo4j Browser.
//!
//! In: a [`KnowledgeGraph`]. Out: the script, in the data model of [`neo4j`](super::neo4j)
//! (labels `Entity` plus the type's, relationship type = predicate name, the same properties).
//!
//! # Idempotent
//!
//! Running it again, or after a rebuild of the same corpus, leaves the same database. It first
//! creates a uniqueness constraint on `:Entity(id)` (`IF NOT EXISTS`), then `MERGE`s every node
//! on its `id` and sets its type label (removing the other type labels) and every property; then
//! `MATCH`es the two ends of every edge by id and `MERGE`s the relationship on its type, and for
//! `RELATED` also on its `verb`, then sets every property. That key is unique: `graph::build`
//! makes one edge per (source, predicate, target), `RELATED` one per verb too, so no two rows
//! merge into one relationship (a hand-edited `graph.json` with two such edges would leave the
//! second). A property without a value is set to `null`, which removes it, so a rerun after a
//! change leaves no stale value behind.
//!
//! # Parameter-safe
//!
//! Every value is a literal written by [`string_literal`] (single quotes; `\`, `'`, line breaks
//! and tabs escaped, other control, bidirectional-formatting and line-separator characters as
//! `\uXXXX`; everything else, emoji included, raw UTF-8), so no text can end its literal or
//! hide a line break. Relationship types are quoted by [`quoted_name`] (backticks, a backtick
//! doubled) although every predicate name is a plain identifier. The script holds no `:param`
//! commands: their syntax differs between cypher-shell and Browser versions, and plain literals
//! run unmodified in both.
//!
//! # Batched
//!
//! The rows go in `UNWIND [{...}, ...] AS row` statements of at most [`BATCH`] rows, one
//! statement per node label and per relationship type (a label or type cannot be a parameter
//! in Neo4j 5 before 5.26), so a big graph loads in few transactions.

use super::neo4j::{
    edge_texts, edge_values, label, node_values, Value, EDGE_PROPERTIES, ENTITY_LABEL,
    NODE_PROPERTIES,
};
use crate::graph::{EdgeView, EntityNode, KnowledgeGraph};
use crate::model::{EntityKind, Predicate};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

/// The most rows one `UNWIND` statement carries.
pub const BATCH: usize = 1000;

/// The name of the uniqueness constraint on `:Entity(id)`.
pub const CONSTRAINT: &str = "newsgraph_entity_id";

/// `text` as a Cypher string literal: single-quoted, with `\` `'` escaped, `\n` `\r` `\t`
/// as such, and control characters (C0, DEL, C1), bidirectional formatting characters,
/// U+2028/U+2029 and U+FEFF as `\uXXXX`. Any text round-trips; nothing else is escaped.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{061C}'
                        | '\u{200E}'
                        | '\u{200F}'
                        | '\u{202A}'..='\u{202E}'
                        | '\u{2066}'..='\u{2069}'
                        | '\u{2028}'
                        | '\u{2029}'
                        | '\u{FEFF}'
                ) =>
            {
                // All of these are in the Basic Multilingual Plane: four hex digits.
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `name` as a Cypher identifier in backticks, a backtick inside doubled.
pub fn quoted_name(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn literal(out: &mut String, value: &Value<'_>) {
    match value {
        Value::Str(s) => out.push_str(&string_literal(s)),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Float(x) => {
            let _ = write!(out, "{x:.2}");
        }
        Value::StrList(items) => {
            out.push('[');
            for (i, s) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&string_literal(s));
            }
            out.push(']');
        }
        Value::IntList(items) => {
            out.push('[');
            for (i, n) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{n}");
            }
            out.push(']');
        }
    }
}

/// One row map: the properties that have a value (`name: literal`), after `extra`.
fn row(out: &mut String, extra: &[(&str, &str)], names: &[&str], values: &[Option<Value<'_>>]) {
    out.push('{');
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    for (name, id) in extra {
        sep(out);
        let _ = write!(out, "{name}: {}", string_literal(id));
    }
    for (name, value) in names.iter().zip(values) {
        if let Some(value) = value {
            sep(out);
            let _ = write!(out, "{name}: ");
            literal(out, value);
        }
    }
    out.push('}');
}

/// `UNWIND [rows] AS row` + `body;`, in batches of [`BATCH`] rows.
fn unwind(out: &mut String, rows: &[String], body: &str) {
    for batch in rows.chunks(BATCH) {
        out.push_str("UNWIND [\n");
        for (i, r) in batch.iter().enumerate() {
            out.push_str("  ");
            out.push_str(r);
            out.push_str(if i + 1 < batch.len() { ",\n" } else { "\n" });
        }
        out.push_str("] AS row\n");
        out.push_str(body);
        out.push_str(";\n");
    }
}

fn node_statement_body(kind: EntityKind) -> String {
    let sets: Vec<String> = NODE_PROPERTIES[1..]
        .iter()
        .map(|(name, _)| format!("n.{name} = row.{name}"))
        .collect();
    let others: String = EntityKind::ALL
        .iter()
        .filter(|k| **k != kind)
        .map(|k| format!(":{}", label(*k)))
        .collect();
    format!(
        "MERGE (n:{ENTITY_LABEL} {{id: row.id}})\nSET n:{}, {}\nREMOVE n{others}",
        label(kind),
        sets.join(", ")
    )
}

fn edge_statement_body(predicate: Predicate) -> String {
    let key = if predicate == Predicate::Related {
        " {verb: row.verb}"
    } else {
        ""
    };
    let sets: Vec<String> = EDGE_PROPERTIES
        .iter()
        .map(|(name, _)| format!("r.{name} = row.{name}"))
        .collect();
    format!(
        "MATCH (a:{ENTITY_LABEL} {{id: row.source}})\nMATCH (b:{ENTITY_LABEL} {{id: row.target}})\n\
         MERGE (a)-[r:{}{key}]->(b)\nSET {}",
        quoted_name(predicate.as_str()),
        sets.join(", ")
    )
}

fn node_row(n: &EntityNode) -> String {
    let names: Vec<&str> = NODE_PROPERTIES.iter().map(|(name, _)| *name).collect();
    let mut out = String::new();
    row(&mut out, &[], &names, &node_values(n));
    out
}

fn edge_row(e: &EdgeView<'_>) -> io::Result<String> {
    let names: Vec<&str> = EDGE_PROPERTIES.iter().map(|(name, _)| *name).collect();
    let texts = edge_texts(e.edge)?;
    let mut out = String::new();
    row(
        &mut out,
        &[("source", &e.source.id), ("target", &e.target.id)],
        &names,
        &edge_values(e.edge, &texts),
    );
    Ok(out)
}

/// The graph as an idempotent Cypher script for Neo4j 5 (see the module doc); deterministic.
/// Nodes go by label in [`EntityKind::ALL`] order, then by id; edges by predicate name, then in
/// [`KnowledgeGraph::edges_sorted`] order. Fails only when an evidence sentence stored on disk
/// cannot be read back.
pub fn to_cypher(g: &KnowledgeGraph) -> io::Result<String> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// {}: {} entities, {} relations. Load with `cypher-shell -f FILE` or paste into\n\
         // Neo4j Browser. Running it again leaves the same database.",
        super::json::GENERATOR,
        g.node_count(),
        g.edge_count()
    );
    let _ = writeln!(
        out,
        "CREATE CONSTRAINT {CONSTRAINT} IF NOT EXISTS FOR (n:{ENTITY_LABEL}) REQUIRE n.id IS UNIQUE;"
    );
    let nodes = g.nodes_sorted();
    for kind in EntityKind::ALL {
        let rows: Vec<String> = nodes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| node_row(n))
            .collect();
        unwind(&mut out, &rows, &node_statement_body(kind));
    }
    let mut by_predicate: BTreeMap<&str, (Predicate, Vec<String>)> = BTreeMap::new();
    for e in g.edges_sorted() {
        by_predicate
            .entry(e.edge.predicate.as_str())
            .or_insert_with(|| (e.edge.predicate, Vec::new()))
            .1
            .push(edge_row(&e)?);
    }
    for (predicate, rows) in by_predicate.values() {
        unwind(&mut out, rows, &edge_statement_body(*predicate));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::GraphRecord;
    use crate::export::neo4j::{label, PropertyType};
    use crate::export::testing::{
        hostile_graph, HOSTILE_NAME, HOSTILE_SENTENCE, XML_NAME, XML_SENTENCE,
    };
    use crate::graph::testing::sample;
    use crate::graph::EntityNode;
    use proptest::prelude::*;
    use std::collections::{BTreeSet, HashMap};

    /// A token of the script, as Cypher's lexer cuts it.
    #[derive(Debug, Clone, PartialEq)]
    enum Tok {
        /// A string literal, decoded.
        Str(String),
        /// A backtick-quoted name, decoded.
        Name(String),
        /// A keyword, variable or plain name.
        Word(String),
        /// A number, as written.
        Num(String),
        /// Any other character (punctuation).
        Punct(char),
    }

    /// Decodes the string literal that starts at `chars[*i]` (a quote) by Neo4j's rules:
    /// `\\ \' \" \n \r \t \b \f` and `\uXXXX`; panics on anything else, a raw line break
    /// or a missing closing quote.
    fn string_token(chars: &[char], i: &mut usize) -> String {
        let quote = chars[*i];
        *i += 1;
        let mut out = String::new();
        loop {
            let c = *chars.get(*i).expect("unterminated string literal");
            *i += 1;
            match c {
                c if c == quote => return out,
                '\n' | '\r' => panic!("raw line break in a string literal"),
                '\\' => {
                    let e = *chars.get(*i).expect("escape at the end");
                    *i += 1;
                    match e {
                        '\\' | '\'' | '"' => out.push(e),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => {
                            let hex: String = chars[*i..*i + 4].iter().collect();
                            *i += 4;
                            let code = u32::from_str_radix(&hex, 16).expect("four hex digits");
                            out.push(char::from_u32(code).expect("a scalar value"));
                        }
                        other => panic!("unknown escape \\{other}"),
                    }
                }
                c => out.push(c),
            }
        }
    }

    /// The tokens of a script; `//` comments and whitespace are skipped.
    fn tokenize(script: &str) -> Vec<Tok> {
        let chars: Vec<char> = script.chars().collect();
        let mut toks = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if c == '/' && chars.get(i + 1) == Some(&'/') {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            } else if c == '\'' || c == '"' {
                toks.push(Tok::Str(string_token(&chars, &mut i)));
            } else if c == '`' {
                let mut name = String::new();
                i += 1;
                loop {
                    match (chars.get(i), chars.get(i + 1)) {
                        (Some('`'), Some('`')) => {
                            name.push('`');
                            i += 2;
                        }
                        (Some('`'), _) => {
                            i += 1;
                            break;
                        }
                        (Some(&c), _) => {
                            name.push(c);
                            i += 1;
                        }
                        (None, _) => panic!("unterminated name"),
                    }
                }
                toks.push(Tok::Name(name));
            } else if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                toks.push(Tok::Num(chars[start..i].iter().collect()));
            } else if c.is_alphabetic() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                toks.push(Tok::Word(chars[start..i].iter().collect()));
            } else {
                toks.push(Tok::Punct(c));
                i += 1;
            }
        }
        toks
    }

    /// A literal value in the script.
    #[derive(Debug, Clone, PartialEq)]
    enum Lit {
        Str(String),
        Int(i64),
        Float(f64),
        List(Vec<Lit>),
        Map(Vec<(String, Lit)>),
    }

    /// Parses the literal at `toks[*i]`.
    fn literal_at(toks: &[Tok], i: &mut usize) -> Lit {
        let t = toks[*i].clone();
        *i += 1;
        match t {
            Tok::Str(s) => Lit::Str(s),
            Tok::Num(n) if n.contains('.') => Lit::Float(n.parse().unwrap()),
            Tok::Num(n) => Lit::Int(n.parse().unwrap()),
            Tok::Punct('[') => {
                let mut items = Vec::new();
                while toks[*i] != Tok::Punct(']') {
                    items.push(literal_at(toks, i));
                    if toks[*i] == Tok::Punct(',') {
                        *i += 1;
                    }
                }
                *i += 1;
                Lit::List(items)
            }
            Tok::Punct('{') => {
                let mut entries = Vec::new();
                while toks[*i] != Tok::Punct('}') {
                    let Tok::Word(key) = toks[*i].clone() else {
                        panic!("a map key, got {:?}", toks[*i]);
                    };
                    assert_eq!(toks[*i + 1], Tok::Punct(':'));
                    *i += 2;
                    entries.push((key, literal_at(toks, i)));
                    if toks[*i] == Tok::Punct(',') {
                        *i += 1;
                    }
                }
                *i += 1;
                Lit::Map(entries)
            }
            other => panic!("not a literal: {other:?}"),
        }
    }

    /// One `UNWIND` statement: its rows and the clauses after `AS row`.
    struct Unwind {
        rows: Vec<Vec<(String, Lit)>>,
        body: Vec<Tok>,
    }

    /// The script read back: the statements before the first `UNWIND`, then every `UNWIND`.
    fn read_script(script: &str) -> (Vec<Vec<Tok>>, Vec<Unwind>) {
        let toks = tokenize(script);
        let statements: Vec<&[Tok]> = toks
            .split(|t| *t == Tok::Punct(';'))
            .filter(|s| !s.is_empty())
            .collect();
        let mut head = Vec::new();
        let mut unwinds = Vec::new();
        for s in statements {
            if s[0] != Tok::Word("UNWIND".into()) {
                assert!(unwinds.is_empty(), "schema statements come first");
                head.push(s.to_vec());
                continue;
            }
            let mut i = 1;
            let Lit::List(rows) = literal_at(s, &mut i) else {
                panic!("UNWIND over a list");
            };
            assert_eq!(
                s[i..i + 2],
                [Tok::Word("AS".into()), Tok::Word("row".into())]
            );
            let rows = rows
                .into_iter()
                .map(|r| match r {
                    Lit::Map(entries) => entries,
                    other => panic!("a row is a map, got {other:?}"),
                })
                .collect();
            unwinds.push(Unwind {
                rows,
                body: s[i + 2..].to_vec(),
            });
        }
        (head, unwinds)
    }

    fn lit(value: &Value<'_>) -> Lit {
        match value {
            Value::Str(s) => Lit::Str(s.to_string()),
            Value::Int(n) => Lit::Int(*n),
            Value::Float(x) => Lit::Float(*x),
            Value::StrList(items) => {
                Lit::List(items.iter().map(|s| Lit::Str(s.to_string())).collect())
            }
            Value::IntList(items) => Lit::List(items.iter().map(|n| Lit::Int(*n)).collect()),
        }
    }

    fn expected_row(
        extra: &[(&str, &str)],
        names: &[(&str, PropertyType)],
        values: &[Option<Value<'_>>],
    ) -> Vec<(String, Lit)> {
        extra
            .iter()
            .map(|(k, v)| (k.to_string(), Lit::Str(v.to_string())))
            .chain(
                names
                    .iter()
                    .zip(values)
                    .filter_map(|((k, _), v)| v.as_ref().map(|v| (k.to_string(), lit(v)))),
            )
            .collect()
    }

    /// `row.X` for every `r.X = row.X` (or `n.X`) the body sets.
    fn set_properties(body: &[Tok]) -> BTreeSet<String> {
        body.windows(7)
            .filter_map(|w| match w {
                [Tok::Word(_), Tok::Punct('.'), Tok::Word(p), Tok::Punct('='), Tok::Word(row), Tok::Punct('.'), Tok::Word(q)]
                    if row == "row" && p == q =>
                {
                    Some(p.clone())
                }
                _ => None,
            })
            .collect()
    }

    fn words(body: &[Tok]) -> Vec<&str> {
        body.iter()
            .filter_map(|t| match t {
                Tok::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect()
    }

    /// A row map read back: (key, value) in script order.
    type Row = Vec<(String, Lit)>;
    /// A relationship's MERGE key: (source, type, target, verb).
    type EdgeKey = (String, String, String, Option<String>);

    /// The graph read back from the script: node id -> (label, row), edge key -> row; panics
    /// if two rows would merge into one node or relationship.
    fn read_graph(script: &str) -> (HashMap<String, (String, Row)>, HashMap<EdgeKey, Row>) {
        let (head, unwinds) = read_script(script);
        assert_eq!(head.len(), 1);
        assert_eq!(
            words(&head[0]),
            [
                "CREATE",
                "CONSTRAINT",
                CONSTRAINT,
                "IF",
                "NOT",
                "EXISTS",
                "FOR",
                "n",
                "Entity",
                "REQUIRE",
                "n",
                "id",
                "IS",
                "UNIQUE"
            ]
        );
        let mut nodes = HashMap::new();
        let mut edges = HashMap::new();
        for u in unwinds {
            assert!(u.rows.len() <= BATCH);
            let w = words(&u.body);
            // Idempotent: one MERGE, nothing created or deleted unconditionally.
            assert_eq!(w.iter().filter(|w| **w == "MERGE").count(), 1, "{w:?}");
            assert!(!w.iter().any(|w| ["CREATE", "DELETE", "DETACH"].contains(w)));
            let set = set_properties(&u.body);
            let relationship = u.body.iter().find_map(|t| match t {
                Tok::Name(n) => Some(n.clone()),
                _ => None,
            });
            match relationship {
                None => {
                    // MERGE (n:Entity {id: row.id}) SET n:Label, ...
                    assert_eq!(&w[..6], ["MERGE", "n", "Entity", "id", "row", "id"]);
                    assert_eq!(&w[6..8], ["SET", "n"]);
                    let node_label = w[8].to_string();
                    let expected: BTreeSet<String> = NODE_PROPERTIES[1..]
                        .iter()
                        .map(|(p, _)| p.to_string())
                        .collect();
                    assert_eq!(set, expected, "every node property is set");
                    for r in u.rows {
                        let Some((_, Lit::Str(id))) = r.iter().find(|(k, _)| k == "id") else {
                            panic!("a node row without id");
                        };
                        let id = id.clone();
                        assert!(r.iter().all(|(k, _)| k == "id" || set.contains(k)));
                        let old = nodes.insert(id.clone(), (node_label.clone(), r));
                        assert!(old.is_none(), "two rows merge into node {id}");
                    }
                }
                Some(ty) => {
                    let merge = w.iter().position(|w| *w == "MERGE").unwrap();
                    let by_verb = ty == "RELATED";
                    assert_eq!(&w[merge..merge + 3], ["MERGE", "a", "r"]);
                    assert_eq!(w[merge + 3] == "verb", by_verb, "{w:?}");
                    let expected: BTreeSet<String> =
                        EDGE_PROPERTIES.iter().map(|(p, _)| p.to_string()).collect();
                    assert_eq!(set, expected, "every relationship property is set");
                    for r in u.rows {
                        let get = |key: &str| {
                            r.iter().find(|(k, _)| k == key).map(|(_, v)| match v {
                                Lit::Str(s) => s.clone(),
                                other => panic!("{key} is not a string: {other:?}"),
                            })
                        };
                        let verb = get("verb");
                        assert_eq!(verb.is_some(), by_verb, "RELATED rows carry their verb");
                        let key = (
                            get("source").unwrap(),
                            ty.clone(),
                            get("target").unwrap(),
                            verb,
                        );
                        assert!(r
                            .iter()
                            .all(|(k, _)| k == "source" || k == "target" || set.contains(k)));
                        let old = edges.insert(key.clone(), r);
                        assert!(old.is_none(), "two rows merge into {key:?}");
                    }
                }
            }
        }
        (nodes, edges)
    }

    /// Checks that the script of `g` reads back to exactly `g`'s nodes and edges.
    fn assert_reads_back(g: &KnowledgeGraph) {
        let (nodes, edges) = read_graph(&to_cypher(g).unwrap());
        assert_eq!(nodes.len(), g.node_count());
        for n in g.nodes_sorted() {
            let (node_label, row) = &nodes[&n.id];
            assert_eq!(node_label, label(n.kind));
            assert_eq!(row, &expected_row(&[], &NODE_PROPERTIES, &node_values(n)));
        }
        assert_eq!(edges.len(), g.edge_count());
        for e in g.edges_sorted() {
            let verb = (e.edge.predicate == Predicate::Related)
                .then(|| e.edge.verb.clone().unwrap_or_default());
            let key = (
                e.source.id.clone(),
                e.edge.predicate.as_str().to_string(),
                e.target.id.clone(),
                verb,
            );
            let texts = edge_texts(e.edge).unwrap();
            assert_eq!(
                edges[&key],
                expected_row(
                    &[("source", &e.source.id), ("target", &e.target.id)],
                    &EDGE_PROPERTIES,
                    &edge_values(e.edge, &texts)
                )
            );
        }
    }

    #[test]
    fn sample_reads_back_with_unique_merge_keys() {
        let g = sample();
        assert_reads_back(&g);
        let script = to_cypher(&g).unwrap();
        assert_eq!(script, to_cypher(&g).unwrap(), "deterministic");
        let again = GraphRecord::from_graph(&g).unwrap().to_graph().unwrap();
        assert_eq!(
            script,
            to_cypher(&again).unwrap(),
            "the same after a graph.json round trip"
        );
        // Spot checks of the literal forms.
        assert!(script.contains("confidence: 0.75"), "{script}");
        assert!(
            script.contains("aliases: ['President Trump', 'Trump']"),
            "{script}"
        );
        assert!(script.contains("MERGE (a)-[r:`RELATED` {verb: row.verb}]->(b)"));
        assert!(script.contains("MERGE (a)-[r:`MET_WITH`]->(b)\n"));
    }

    #[test]
    fn literals_escape_quotes_backslashes_and_invisible_characters() {
        assert_eq!(
            string_literal("it's a\\b\n\r\t\u{0}\u{7f}\u{202E}\u{2028}\u{FEFF}\"🦀 שלום"),
            "'it\\'s a\\\\b\\n\\r\\t\\u0000\\u007F\\u202E\\u2028\\uFEFF\"🦀 שלום'"
        );
        assert_eq!(quoted_name("A`B"), "`A``B`");
        for p in Predicate::CLOSED.into_iter().chain([Predicate::Related]) {
            let name = p.as_str();
            assert!(
                name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{name} is a plain identifier"
            );
        }
    }

    #[test]
    fn big_graphs_go_in_batches() {
        let mut g = KnowledgeGraph::new(vec!["d".into()]);
        for i in 0..(2 * BATCH + 5) {
            g.add_node(EntityNode {
                id: format!("p{i:05}"),
                label: format!("P {i}"),
                kind: EntityKind::Person,
                aliases: Vec::new(),
                mentions: 1,
                docs: vec!["d".into()],
            });
        }
        let (_, unwinds) = read_script(&to_cypher(&g).unwrap());
        let sizes: Vec<usize> = unwinds.iter().map(|u| u.rows.len()).collect();
        assert_eq!(sizes, [BATCH, BATCH, 5]);
        assert_reads_back(&g);
    }

    #[test]
    fn an_empty_graph_is_only_the_constraint() {
        let (head, unwinds) = read_script(&to_cypher(&KnowledgeGraph::new(Vec::new())).unwrap());
        assert_eq!((head.len(), unwinds.len()), (1, 0));
    }

    fn read_back(name: &str, sentence: &str) -> (String, Lit) {
        let (nodes, edges) = read_graph(&to_cypher(&hostile_graph(name, sentence)).unwrap());
        let label = nodes["x"]
            .1
            .iter()
            .find_map(|(k, v)| match (k.as_str(), v) {
                ("label", Lit::Str(s)) => Some(s.clone()),
                _ => None,
            })
            .expect("a label");
        let edge = edges.values().next().expect("one edge");
        let evidence = edge
            .iter()
            .find(|(k, _)| k == "evidence")
            .map(|(_, v)| v.clone())
            .expect("evidence");
        (label, evidence)
    }

    #[test]
    fn hostile_text_survives() {
        assert_eq!(
            read_back(HOSTILE_NAME, HOSTILE_SENTENCE),
            (
                HOSTILE_NAME.to_string(),
                Lit::List(vec![Lit::Str(HOSTILE_SENTENCE.to_string())])
            )
        );
        assert_reads_back(&hostile_graph(HOSTILE_NAME, HOSTILE_SENTENCE));
    }

    proptest! {
        #[test]
        fn any_text_round_trips_through_a_literal(text in any::<String>()) {
            let toks = tokenize(&string_literal(&text));
            prop_assert_eq!(toks, vec![Tok::Str(text)]);
        }

        #[test]
        fn any_valid_text_round_trips(name in XML_NAME, sentence in XML_SENTENCE) {
            prop_assert_eq!(
                read_back(&name, &sentence),
                (name, Lit::List(vec![Lit::Str(sentence)]))
            );
        }
    }
}
