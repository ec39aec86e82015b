//! What the templates draw, computed in Rust: text cut into marked segments, the bar chart
//! of mentions by month, the graph's SVG shapes. The templates escape every string they
//! print; nothing here builds HTML.

use crate::query::{GraphEdge, Marked, MentionAt, Subgraph};
use minijinja::Environment;
use serde::Serialize;
use std::sync::OnceLock;

/// The templates, compiled in; HTML auto-escaping is on for every one (`.html`).
pub(crate) fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, src) in TEMPLATES {
            env.add_template(name, src).expect("the compiled-in templates parse");
        }
        env.add_filter("u", |s: String| enc(&s));
        env.add_filter("num", |x: f64| num(x));
        env
    })
}

const TEMPLATES: [(&str, &str); 12] = [
    ("macros.html", include_str!("templates/macros.html")),
    ("base.html", include_str!("templates/base.html")),
    ("home.html", include_str!("templates/home.html")),
    ("search.html", include_str!("templates/search.html")),
    ("entity.html", include_str!("templates/entity.html")),
    ("edge.html", include_str!("templates/edge.html")),
    ("article.html", include_str!("templates/article.html")),
    ("graph.html", include_str!("templates/graph.html")),
    ("path.html", include_str!("templates/path.html")),
    ("top.html", include_str!("templates/top.html")),
    ("downloads.html", include_str!("templates/downloads.html")),
    ("error.html", include_str!("templates/error.html")),
];

/// Percent-encodes everything but unreserved ASCII: a path segment or query value.
pub(crate) fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A number for people: at most three decimals, no trailing zeros.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A run of text, marked as a mention of `entity` (of type `ty`) or plain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Seg {
    pub text: String,
    pub entity: Option<String>,
    pub ty: Option<String>,
    pub name: Option<String>,
}

/// Cuts `chars` at the mentions (char offsets; overlapping ones after the first are
/// skipped) into segments.
fn segments(chars: &[char], marks: &[(usize, usize, &str, &str, &str)]) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut at = 0;
    let plain = |a: usize, b: usize| Seg { text: chars[a..b].iter().collect(), entity: None, ty: None, name: None };
    for &(s, e, entity, ty, name) in marks {
        if s < at || e > chars.len() || s >= e {
            continue;
        }
        if s > at {
            out.push(plain(at, s));
        }
        out.push(Seg {
            text: chars[s..e].iter().collect(),
            entity: Some(entity.to_string()),
            ty: Some(ty.to_string()),
            name: Some(name.to_string()),
        });
        at = e;
    }
    if at < chars.len() {
        out.push(plain(at, chars.len()));
    }
    out
}

/// An article's text as paragraphs (its lines) of segments, every mention marked.
pub(crate) fn paragraphs(text: &str, mentions: &[MentionAt]) -> Vec<Vec<Seg>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in chars.iter().enumerate().filter(|(_, c)| **c == '\n').map(|(i, c)| (i, *c)).chain([(chars.len(), '\n')]) {
        let marks: Vec<(usize, usize, &str, &str, &str)> = mentions
            .iter()
            .filter(|m| m.start >= start && m.end <= i)
            .map(|m| (m.start - start, m.end - start, m.entity.as_str(), m.ty.as_str(), m.name.as_str()))
            .collect();
        let line = &chars[start..i];
        if line.iter().any(|c| !c.is_whitespace()) {
            out.push(segments(line, &marks));
        }
        start = i + 1;
    }
    out
}

/// A sentence of evidence as segments; `types` gives each marked entity's type.
pub(crate) fn marked(m: &Marked, types: &[(&str, &str, &str)]) -> Vec<Seg> {
    let chars: Vec<char> = m.text.chars().collect();
    let marks: Vec<(usize, usize, &str, &str, &str)> = m
        .marks
        .iter()
        .map(|k| {
            let (ty, name) = types.iter().find(|(id, _, _)| *id == k.entity).map_or(("", ""), |(_, t, n)| (*t, *n));
            (k.start, k.end, k.entity.as_str(), ty, name)
        })
        .collect();
    segments(&chars, &marks)
}

/// A snippet with its mention in 【】 (as `query` gives it) as segments, the marked parts
/// as mentions of `entity`.
pub(crate) fn snippet(s: &str, entity: &str, ty: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find('【') {
        let Some(b) = rest[a..].find('】').map(|b| a + b) else { break };
        if a > 0 {
            out.push(Seg { text: rest[..a].to_string(), entity: None, ty: None, name: None });
        }
        out.push(Seg {
            text: rest[a + '【'.len_utf8()..b].to_string(),
            entity: Some(entity.to_string()),
            ty: Some(ty.to_string()),
            name: None,
        });
        rest = &rest[b + '】'.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Seg { text: rest.to_string(), entity: None, ty: None, name: None });
    }
    out
}

/// A bar of the chart.
#[derive(Debug, Serialize)]
pub(crate) struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub month: String,
    pub count: i64,
}

/// The mentions-by-month chart: one bar per month from the first to the last (empty
/// months included), in a `width × height` drawing.
#[derive(Debug, Serialize)]
pub(crate) struct Chart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
    pub first: String,
    pub last: String,
    pub max: i64,
}

/// The months from `first` to `last` (`YYYY-MM`), both included; at most 1,200.
fn months(first: &str, last: &str) -> Vec<String> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok().filter(|m| (1..=12).contains(m))?))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else { return Vec::new() };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 1200 {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

pub(crate) fn chart(counts: &[(String, i64)]) -> Option<Chart> {
    let (first, last) = (counts.first()?.0.clone(), counts.last()?.0.clone());
    let mut all = months(&first, &last);
    if all.is_empty() {
        all = counts.iter().map(|(m, _)| m.clone()).collect();
    }
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let (width, height) = (640.0, 120.0);
    let w = width / all.len() as f64;
    let bars = all
        .into_iter()
        .enumerate()
        .filter_map(|(i, month)| {
            let count = counts.iter().find(|(m, _)| *m == month).map_or(0, |c| c.1);
            (count > 0).then(|| {
                let h = ((count as f64 / max as f64) * (height - 4.0)).max(1.0);
                let r = |v: f64| (v * 10.0).round() / 10.0;
                Bar { x: r(i as f64 * w), y: r(height - h), w: r((w - 1.0).max(0.5)), h: r(h), month, count }
            })
        })
        .collect();
    Some(Chart { width, height, bars, first, last, max })
}

/// A node as drawn.
#[derive(Debug, Serialize)]
pub(crate) struct DrawnNode {
    pub id: String,
    pub name: String,
    pub ty: String,
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub center: bool,
    pub mentions: i64,
}

/// An edge as drawn.
#[derive(Debug, Serialize)]
pub(crate) struct DrawnEdge {
    pub source: String,
    pub target: String,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub kind: String,
    pub kinds: String,
    pub width: f64,
    pub weight: f64,
}

/// The graph's shapes from a neighbourhood and its layout.
pub(crate) fn drawing(sub: &Subgraph, pos: &[[f64; 2]]) -> (Vec<DrawnNode>, Vec<DrawnEdge>) {
    let at = |id: &str| sub.nodes.iter().position(|n| n.id == id).map(|i| pos[i]);
    let nodes = sub
        .nodes
        .iter()
        .zip(pos)
        .map(|(n, p)| DrawnNode {
            id: n.id.clone(),
            name: n.name.clone(),
            ty: n.ty.clone(),
            x: p[0],
            y: p[1],
            r: ((4.0 + 2.5 * (1.0 + n.mentions as f64).ln()).min(16.0) * 10.0).round() / 10.0,
            center: n.id == sub.center,
            mentions: n.mentions,
        })
        .collect();
    let max = sub.edges.iter().map(|e| e.weight).fold(1.0f64, f64::max);
    let edges = sub
        .edges
        .iter()
        .filter_map(|e: &GraphEdge| {
            let (a, b) = (at(&e.source)?, at(&e.target)?);
            let width = ((0.6 + 3.0 * (1.0 + e.weight).ln() / (1.0 + max).ln()) * 10.0).round() / 10.0;
            // A co-occurrence drawn as one; a pair with a fact (role, located_in, an act)
            // drawn as that fact.
            let kind = e.kinds.iter().find(|k| *k != "cooccurs").unwrap_or(&e.kinds[0]).clone();
            Some(DrawnEdge {
                source: e.source.clone(),
                target: e.target.clone(),
                x1: a[0],
                y1: a[1],
                x2: b[0],
                y2: b[1],
                kind,
                kinds: e.kinds.join(", "),
                width,
                weight: e.weight,
            })
        })
        .collect();
    (nodes, edges)
}

/// `&`, `<`, `>`, `"` and `'` as XML entities; control chars XML cannot hold are dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The neighbourhood as GEXF 1.3 with the page's layout as `viz:position` (y pointing up,
/// as Gephi draws it), the export colours and sizes: it opens in Gephi as the page shows it.
pub(crate) fn gexf(sub: &Subgraph, pos: &[[f64; 2]]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n",
    );
    let _ = writeln!(out, "  <meta>\n    <creator>newsgraph serve</creator>\n    <description>neighbourhood of {}</description>\n  </meta>", xml(&sub.center));
    out.push_str("  <graph defaultedgetype=\"undirected\" mode=\"static\">\n");
    out.push_str("    <attributes class=\"node\">\n      <attribute id=\"0\" title=\"type\" type=\"string\"/>\n      <attribute id=\"1\" title=\"mentions\" type=\"long\"/>\n      <attribute id=\"2\" title=\"depth\" type=\"integer\"/>\n    </attributes>\n");
    out.push_str("    <attributes class=\"edge\">\n      <attribute id=\"0\" title=\"kinds\" type=\"string\"/>\n    </attributes>\n");
    let _ = writeln!(out, "    <nodes count=\"{}\">", sub.nodes.len());
    for (n, p) in sub.nodes.iter().zip(pos) {
        let (r, g, b) = crate::export::style::color(crate::model::EntityType::parse(&n.ty));
        let size = ((10.0 + 6.0 * (1.0 + n.mentions as f64).ln()) * 100.0).round() / 100.0;
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>\n          <attvalue for=\"0\" value=\"{}\"/>\n          <attvalue for=\"1\" value=\"{}\"/>\n          <attvalue for=\"2\" value=\"{}\"/>\n        </attvalues>\n        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n        <viz:position x=\"{}\" y=\"{}\" z=\"0.0\"/>\n        <viz:size value=\"{size}\"/>\n      </node>",
            xml(&n.id),
            xml(&n.name),
            xml(&n.ty),
            n.mentions,
            n.depth,
            p[0],
            -p[1],
        );
    }
    out.push_str("    </nodes>\n");
    let _ = writeln!(out, "    <edges count=\"{}\">", sub.edges.len());
    for (i, e) in sub.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">\n        <attvalues>\n          <attvalue for=\"0\" value=\"{}\"/>\n        </attvalues>\n      </edge>",
            xml(&e.source),
            xml(&e.target),
            if e.weight > 0.0 { e.weight } else { 1.0 },
            xml(&e.kinds.join(",")),
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_only_unreserved_ascii() {
        assert_eq!(enc("official:苏建设"), "official%3A%E8%8B%8F%E5%BB%BA%E8%AE%BE");
        assert_eq!(enc("a/../b c?<"), "a%2F..%2Fb%20c%3F%3C");
    }

    #[test]
    fn paragraphs_mark_mentions_and_skip_overlaps() {
        let m = |s, e, id: &str| MentionAt { entity: id.into(), name: id.into(), ty: "official".into(), start: s, end: e };
        let p = paragraphs("区长苏建设说\n二七区<b>", &[m(2, 5, "x"), m(3, 4, "y"), m(7, 10, "d")]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), ["区长", "苏建设", "说"]);
        assert_eq!(p[0][1].entity.as_deref(), Some("x"));
        assert_eq!(p[1][0].text, "二七区");
        assert_eq!(p[1][1].text, "<b>");
        // Out of range: ignored.
        assert_eq!(paragraphs("ab", &[m(1, 9, "z")]), vec![vec![Seg { text: "ab".into(), entity: None, ty: None, name: None }]]);
    }

    #[test]
    fn snippets_and_charts() {
        let s = snippet("…区长【苏建设】说【苏建设】", "official:苏建设", "official");
        assert_eq!(s.iter().filter(|x| x.entity.is_some()).count(), 2);
        assert_eq!(s[0].text, "…区长");
        let c = chart(&[("2022-11".into(), 2), ("2023-02".into(), 4)]).unwrap();
        assert_eq!(c.bars.len(), 2);
        assert_eq!(c.bars[1].month, "2023-02");
        assert_eq!(c.bars[1].h, 116.0);
        assert!(chart(&[]).is_none());
        assert_eq!(months("2022-11", "2023-02").len(), 4);
    }

    #[test]
    fn every_type_has_its_export_colour_in_the_stylesheet() {
        let css = include_str!("static/app.css");
        for t in crate::model::EntityType::ALL {
            let hex = crate::export::style::hex(Some(t));
            assert!(css.contains(&format!(".t-{} {{ --c: {hex}", t.as_str())), "{t:?} {hex}");
        }
    }
}
