//! The attributes every format carries, in one place: name, type and value of each node
//! and edge attribute. Writers only decide how to spell them.

use super::style;
use crate::graph::{Edge, Node};

/// An attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    /// A list of strings (joined by the writer: `|` in XML, arrays in JSON, `;` in CSV).
    List(Vec<String>),
}

/// The declared type of an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Float,
    List,
}

/// Node attributes: (name, kind). `label` is the Chinese name (with its jurisdiction for
/// one of the people a split name became: 王伟@中原区).
pub const NODE_ATTRS: [(&str, Kind); 17] = [
    ("label", Kind::Str),
    ("entity_id", Kind::Str),
    ("type", Kind::Str),
    ("mentions", Kind::Int),
    ("articles", Kind::Int),
    ("aliases", Kind::List),
    ("roles", Kind::List),
    ("first_date", Kind::Str),
    ("last_date", Kind::Str),
    ("degree", Kind::Int),
    ("weighted_degree", Kind::Float),
    ("pagerank", Kind::Float),
    ("community", Kind::Int),
    ("size", Kind::Float),
    ("r", Kind::Int),
    ("g", Kind::Int),
    ("b", Kind::Int),
];

/// Edge attributes.
pub const EDGE_ATTRS: [(&str, Kind); 12] = [
    ("kind", Kind::Str),
    ("weight", Kind::Float),
    ("count", Kind::Float),
    ("fractional", Kind::Float),
    ("jaccard", Kind::Float),
    ("article_ids", Kind::List),
    ("article_count", Kind::Int),
    ("roles", Kind::List),
    ("first_date", Kind::Str),
    ("last_date", Kind::Str),
    ("triggers", Kind::List),
    ("evidence", Kind::Str),
];

/// Rounded to six decimals; never negative zero.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

/// A node's attribute values, in schema order; `None` where absent (dates).
pub fn node_values(n: &Node) -> Vec<(&'static str, Option<Value>)> {
    let (r, g, b) = style::color(n.ty);
    vec![
        ("label", Some(Value::Str(n.label().to_string()))),
        ("entity_id", Some(Value::Str(n.id.0.clone()))),
        ("type", Some(Value::Str(n.ty.map(|t| t.as_str()).unwrap_or("").to_string()))),
        ("mentions", Some(Value::Int(n.mentions as i64))),
        ("articles", Some(Value::Int(n.articles.len() as i64))),
        ("aliases", Some(Value::List(n.aliases.iter().cloned().collect()))),
        ("roles", Some(Value::List(n.roles.keys().cloned().collect()))),
        ("first_date", n.first_date.clone().map(Value::Str)),
        ("last_date", n.last_date.clone().map(Value::Str)),
        ("degree", Some(Value::Int(n.degree as i64))),
        ("weighted_degree", Some(Value::Float(round6(n.weighted_degree)))),
        ("pagerank", Some(Value::Float(round6(n.pagerank)))),
        ("community", Some(Value::Int(n.community as i64))),
        ("size", Some(Value::Float(style::size(n)))),
        ("r", Some(Value::Int(r as i64))),
        ("g", Some(Value::Int(g as i64))),
        ("b", Some(Value::Int(b as i64))),
    ]
}

/// An edge's attribute values, in schema order, with at most `article_ids` of its article
/// ids, newest first (`None`: all).
pub fn edge_values(e: &Edge, article_ids: Option<usize>) -> Vec<(&'static str, Option<Value>)> {
    vec![
        ("kind", Some(Value::Str(e.kind.as_str().to_string()))),
        ("weight", Some(Value::Float(round6(e.weight)))),
        ("count", Some(Value::Float(round6(e.count)))),
        ("fractional", Some(Value::Float(round6(e.fractional)))),
        ("jaccard", Some(Value::Float(round6(e.jaccard)))),
        ("article_ids", Some(Value::List(e.articles.newest(article_ids).into_iter().map(String::from).collect()))),
        ("article_count", Some(Value::Int(e.articles.len() as i64))),
        ("roles", Some(Value::List(e.roles.iter().cloned().collect()))),
        ("first_date", e.first_date.clone().map(Value::Str)),
        ("last_date", e.last_date.clone().map(Value::Str)),
        // Acts only: absent on the other kinds.
        ("triggers", (!e.triggers.is_empty()).then(|| Value::List(e.triggers.iter().cloned().collect()))),
        ("evidence", e.evidence.clone().map(Value::Str)),
    ]
}

impl Value {
    /// The value as text, lists joined by `sep`.
    pub fn text(&self, sep: &str) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(*f),
            Value::List(v) => v.join(sep),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        match self {
            Value::Str(s) => serde_json::Value::from(s.clone()),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Value::from(*f),
            Value::List(v) => serde_json::Value::from(v.clone()),
        }
    }
}

/// Floats print with a decimal point (so every parser reads a double) and without noise.
pub fn format_float(w: f64) -> String {
    let w = w + 0.0; // no "-0.0"
    if w.fract() == 0.0 && w.abs() < 1e15 {
        format!("{w:.1}")
    } else {
        let s = format!("{w:.6}");
        s.trim_end_matches('0').to_string()
    }
}
