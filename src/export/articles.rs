//! `articles.jsonl`: one line per article with its entities and their char spans.

use crate::model::{Article, DateSource, EntityType, Mention};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// An entity of one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: EntityType,
    pub count: usize,
    /// Char offsets into the article's `text`, half-open.
    pub spans: Vec<[usize; 2]>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The entity id of the organization or district the roles are held in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_of: Option<String>,
    /// Position in a leader list, where the article lists the official among leaders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_order: Option<usize>,
}

/// One line of `articles.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub id: String,
    pub source: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub date: Option<String>,
    /// Where `date` came from: `record`, `page`, `path` or `flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<DateSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub journalists: Vec<String>,
    pub text: String,
    pub entities: Vec<EntityRecord>,
}

impl ArticleRecord {
    /// Groups mentions by entity, in order of first mention.
    pub fn new(a: &Article, mentions: &[Mention]) -> ArticleRecord {
        let mut entities: Vec<EntityRecord> = Vec::new();
        for m in mentions {
            let id = m.id().0;
            let rec = match entities.iter_mut().position(|e| e.id == id) {
                Some(i) => &mut entities[i],
                None => {
                    entities.push(EntityRecord {
                        id,
                        name: m.name.clone(),
                        ty: m.ty,
                        count: 0,
                        spans: Vec::new(),
                        roles: Vec::new(),
                        role_of: None,
                        list_order: None,
                    });
                    entities.last_mut().expect("just pushed")
                }
            };
            rec.count += 1;
            rec.spans.push([m.span.start, m.span.end]);
            for r in &m.roles {
                if !rec.roles.contains(r) {
                    rec.roles.push(r.clone());
                }
            }
            if rec.list_order.is_none() {
                rec.list_order = m.list_order;
            }
            if rec.role_of.is_none() {
                rec.role_of = m.role_of.as_ref().map(|i| i.0.clone());
            }
        }
        ArticleRecord {
            id: a.id.0.clone(),
            source: a.source.clone(),
            title: a.title.clone(),
            kicker: a.kicker.clone(),
            subtitle: a.subtitle.clone(),
            date: a.date.clone(),
            date_source: a.date_source,
            url: a.url.clone(),
            journalists: a.journalists.clone(),
            text: a.text.clone(),
            entities,
        }
    }
}

/// Writes article records, one JSON object per line.
#[derive(Clone, Debug, Default)]
pub struct ArticlesWriter;

impl ArticlesWriter {
    pub fn write<W: Write>(&self, records: &[ArticleRecord], mut out: W) -> std::io::Result<()> {
        for r in records {
            serde_json::to_writer(&mut out, r)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
