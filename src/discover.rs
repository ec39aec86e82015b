//! `newsgraph discover`: entities the rules found that no dictionary lists, most frequent
//! first, each with a type guess, its count and one example context, printed as
//! dictionary lines a user can review and paste into `dictionaries/`.

use crate::error::Result;
use crate::model::EntityType;
use crate::pipeline::{DictConfig, Pipeline};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A candidate entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovered {
    pub ty: EntityType,
    pub name: String,
    pub count: usize,
    pub articles: usize,
    pub roles: Vec<String>,
    pub example: String,
}

impl Discovered {
    /// The dictionary file it belongs in and the line to paste, with the evidence as a
    /// comment line above it.
    pub fn to_line(&self) -> String {
        let file = match self.ty {
            EntityType::Company => "companies".to_string(),
            t => format!("{}s", t.as_str()),
        };
        let mut line = self.name.clone();
        if !self.roles.is_empty() {
            line.push_str(&format!(" ; roles={}", self.roles.join(",")));
        }
        format!(
            "# {file}.txt · {} × {} in {} article(s) · …{}…\n{line}",
            self.ty.as_str(),
            self.count,
            self.articles,
            self.example
        )
    }
}

/// Rules whose findings are not from a dictionary.
fn discovered_rule(rule: &str) -> bool {
    !matches!(rule, "dictionary" | "byline")
}

pub fn discover(inputs: &[PathBuf], dicts: &DictConfig) -> Result<Vec<Discovered>> {
    let pipeline = Pipeline::new(dicts, None)?;
    let ingested = crate::ingest::read_inputs(inputs)?;
    let mut found: BTreeMap<(EntityType, String), Discovered> = BTreeMap::new();
    let mut seen_in: BTreeMap<(EntityType, String), std::collections::BTreeSet<String>> = BTreeMap::new();
    for page in &ingested.pages {
        for (article, mentions) in pipeline.process_page(page) {
            let chars: Vec<char> = article.text.chars().collect();
            for m in mentions.iter().filter(|m| discovered_rule(m.rule) && m.ty != EntityType::Journalist) {
                if pipeline.recognizer.index.has(m.ty, &m.name) {
                    continue;
                }
                let key = (m.ty, m.name.clone());
                let d = found.entry(key.clone()).or_insert_with(|| {
                    let s = m.span.start.saturating_sub(12);
                    let e = (m.span.end + 12).min(chars.len());
                    Discovered {
                        ty: m.ty,
                        name: m.name.clone(),
                        count: 0,
                        articles: 0,
                        roles: Vec::new(),
                        example: chars[s..e].iter().collect::<String>().replace('\n', " "),
                    }
                });
                d.count += 1;
                for r in &m.roles {
                    if !d.roles.contains(r) {
                        d.roles.push(r.clone());
                    }
                }
                seen_in.entry(key).or_default().insert(article.id.0.clone());
            }
        }
    }
    let mut out: Vec<Discovered> = found
        .into_iter()
        .map(|(k, mut d)| {
            d.articles = seen_in.get(&k).map_or(0, |s| s.len());
            d
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.articles.cmp(&a.articles))
            .then(b.ty.priority().cmp(&a.ty.priority()))
            .then(a.name.cmp(&b.name))
    });
    Ok(out)
}
