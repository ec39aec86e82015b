//! The plain owned data that flows one way through the pipeline:
//! [`Page`] → [`Article`] → [`Mention`] → [`ArticleRecord`] (one line of
//! `articles.jsonl`, the contract the store, `merge` and the graph read) → graph.
//!
//! Every span carries both char offsets (what users and `articles.jsonl` see) and byte
//! offsets (what Rust slices with), like jieba-rs' `Token`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The entity types, as the README's "Entity types" table defines them (after the
/// project's annotation guidelines, kept outside the repository with the gold data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Official,
    Journalist,
    Person,
    District,
    Organization,
    Company,
    Program,
    Project,
}

impl EntityType {
    pub const ALL: [EntityType; 8] = [
        EntityType::Official,
        EntityType::Journalist,
        EntityType::Person,
        EntityType::District,
        EntityType::Organization,
        EntityType::Company,
        EntityType::Program,
        EntityType::Project,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Official => "official",
            EntityType::Journalist => "journalist",
            EntityType::Person => "person",
            EntityType::District => "district",
            EntityType::Organization => "organization",
            EntityType::Company => "company",
            EntityType::Program => "program",
            EntityType::Project => "project",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Which type wins when two candidates cover exactly the same text. Names of people are
    /// decided by their context rules, so they come first; among the dictionary types the
    /// more specific (company, organization) beat the more general (district).
    pub fn priority(self) -> u8 {
        match self {
            EntityType::Journalist => 8,
            EntityType::Official => 7,
            EntityType::Person => 6,
            EntityType::Company => 5,
            EntityType::Organization => 4,
            EntityType::Program => 3,
            EntityType::Project => 2,
            EntityType::District => 1,
        }
    }

    /// Whether mentions of this type link to others by co-occurrence. Journalists are
    /// bylines, not actors of the story.
    pub fn cooccurs(self) -> bool {
        self != EntityType::Journalist
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable id of an entity: `type:canonical name`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub String);

impl EntityId {
    pub fn new(ty: EntityType, name: &str) -> EntityId {
        let ty = ty.as_str();
        let mut id = String::with_capacity(ty.len() + 1 + name.len());
        id.push_str(ty);
        id.push(':');
        id.push_str(name);
        EntityId(id)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The stable id of an article.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A region of an article's text, in chars and in bytes. `start..end` is half-open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// One unit of input before segmentation: a newspaper page (a `.txt`/`.md` file) or one
/// JSONL record, which is already a single article.
#[derive(Clone, Debug)]
pub struct Page {
    /// The path as given (or found while walking a directory), with `/` separators.
    pub source: String,
    /// For JSONL records, the 1-based line; `None` for page files.
    pub line: Option<usize>,
    pub text: String,
    /// Present for JSONL records: the record is one article.
    pub record: Option<Record>,
}

/// Metadata a JSONL record may carry.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// Where an article's date came from, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The JSONL record's `date`.
    Record,
    /// A date line of the page (`发布日期：…`, an e-paper's date header).
    Page,
    /// A date in the file path (`2023-03-01`, `20230301`, `2023/03/01`).
    Path,
    /// The `--date` flag.
    Flag,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Record => "record",
            DateSource::Page => "page",
            DateSource::Path => "path",
            DateSource::Flag => "flag",
        }
    }
}

/// One story, as the segmenter cut it from a page.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub source: String,
    /// 0-based position of the story on its page.
    pub ordinal: usize,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_source: Option<DateSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub journalists: Vec<String>,
    /// The normalized text of the whole story: kicker, title, subtitle, byline and body,
    /// one paragraph per line.
    pub text: String,
}

/// One recognized mention of an entity in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub ty: EntityType,
    /// Canonical name after resolution.
    pub name: String,
    pub span: Span,
    /// Which rule produced it (for `eval` diagnostics and DESIGN.md).
    pub rule: RuleId,
    /// Titles the text gives an official at this mention (区委副书记, 区长), in text order.
    pub roles: Vec<String>,
    /// The organization or district the roles are held in (中原区审计局 for 赵青, 二七区
    /// for 区长苏建设), after resolution.
    pub role_of: Option<EntityId>,
    /// 1-based position in a leader list (区领导陈红民、苏建设… → 1, 2 …).
    pub list_order: Option<usize>,
}

impl Mention {
    pub fn id(&self) -> EntityId {
        EntityId::new(self.ty, &self.name)
    }
}

// ---- articles.jsonl: the record every later stage reads (store, merge, graph) ----

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
    /// Other printings of this story (the same text on another page or site, or with a
    /// sentence edited), found by near-duplicate text ([`crate::reprint`]): the graph
    /// counts the story once; `date` is the earliest of all printings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reprints: Vec<Reprint>,
    /// What the article's sentences say its entities did to each other
    /// ([`crate::relate`]), in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<RelationRecord>,
}

/// The acts newsgraph reads from a sentence: one rule each under `src/relate/rules/`, with
/// trigger words in `dictionaries/lexicon/relations.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// An official inspects or tours a company, project, organ or place (调研, 视察, 督导 …).
    Visits,
    /// An official meets a person, company or organization (会见, 座谈, 洽谈 …).
    Meets,
    /// A district or organization signs with a company or for a project (签约, 签署 …).
    Signs,
    /// An official or organization helps a company (帮扶, 服务, 对接 …).
    Helps,
    /// An organization or district runs a program (开展, 实施, 启动 …).
    Runs,
    /// A company invests in a project (投资).
    InvestsIn,
    /// A company builds a project (承建, 建设, 施工).
    Builds,
}

impl RelationKind {
    pub const ALL: [RelationKind; 7] = [
        RelationKind::Visits,
        RelationKind::Meets,
        RelationKind::Signs,
        RelationKind::Helps,
        RelationKind::Runs,
        RelationKind::InvestsIn,
        RelationKind::Builds,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Visits => "visits",
            RelationKind::Meets => "meets",
            RelationKind::Signs => "signs",
            RelationKind::Helps => "helps",
            RelationKind::Runs => "runs",
            RelationKind::InvestsIn => "invests_in",
            RelationKind::Builds => "builds",
        }
    }

    pub fn parse(s: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the act goes one way (subject → object). Meeting and signing are mutual:
    /// their edges have no direction and their gold is scored either way round.
    pub fn directed(self) -> bool {
        !matches!(self, RelationKind::Meets | RelationKind::Signs)
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One act read from one sentence of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRecord {
    pub kind: RelationKind,
    /// Entity ids of the article's entities: who acts, and on whom.
    pub subject: String,
    pub object: String,
    /// The trigger word as written (调研, 签约 …).
    pub trigger: String,
    /// Char range of the sentence that states it, in the article's `text`.
    pub sentence: [usize; 2],
}

/// Another printing of an article's story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reprint {
    pub id: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl ArticleRecord {
    /// Groups mentions by entity, in order of first mention.
    pub fn new(a: &Article, mentions: &[Mention]) -> ArticleRecord {
        ArticleRecord::from_article(a.clone(), mentions)
    }

    /// [`ArticleRecord::new`] of an article no longer needed: its text and fields move into
    /// the record instead of being copied (a build makes one record of every article).
    pub fn from_article(a: Article, mentions: &[Mention]) -> ArticleRecord {
        let mut entities: Vec<EntityRecord> = Vec::new();
        // An entity is its (type, name), as its id `type:name` is (no type name holds a
        // colon): the id is made once per entity, not per mention.
        fn key(m: &Mention) -> (EntityType, &str) {
            (m.ty, &m.name)
        }
        for m in mentions {
            let rec = match entities.iter().position(|e| (e.ty, e.name.as_str()) == key(m)) {
                Some(i) => &mut entities[i],
                None => {
                    entities.push(EntityRecord {
                        id: m.id().0,
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
            id: a.id.0,
            source: a.source,
            title: a.title,
            kicker: a.kicker,
            subtitle: a.subtitle,
            date: a.date,
            date_source: a.date_source,
            url: a.url,
            journalists: a.journalists,
            text: a.text,
            entities,
            reprints: Vec::new(),
            relations: Vec::new(),
        }
    }
}

/// The recognition rule that proposed a mention (one per file under
/// `src/recognize/rules/`, a few with more than one pattern), and the selection pass that
/// tags further occurrences of a name ([`RuleId::Propagate`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    Dictionary,
    Byline,
    Organization,
    OrganizationList,
    StreetOffice,
    OfficialTitle,
    OfficialList,
    Person,
    Company,
    CompanyExecutive,
    ListedCompany,
    ProgramQuoted,
    ProgramYear,
    Project,
    Village,
    Zone,
    Propagate,
}

impl RuleId {
    /// The rule's name, as DESIGN.md's table of rules writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::Dictionary => "dictionary",
            RuleId::Byline => "byline",
            RuleId::Organization => "organization",
            RuleId::OrganizationList => "organization-list",
            RuleId::StreetOffice => "street-office",
            RuleId::OfficialTitle => "official-title",
            RuleId::OfficialList => "official-list",
            RuleId::Person => "person",
            RuleId::Company => "company",
            RuleId::CompanyExecutive => "company-executive",
            RuleId::ListedCompany => "listed-company",
            RuleId::ProgramQuoted => "program-quoted",
            RuleId::ProgramYear => "program-year",
            RuleId::Project => "project",
            RuleId::Village => "village",
            RuleId::Zone => "zone",
            RuleId::Propagate => "propagate",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records group mentions by (type, name), which is grouping them by id only while no
    /// type name holds the colon that joins the two in an id.
    #[test]
    fn records_group_mentions_by_id() {
        for t in EntityType::ALL {
            assert!(!t.as_str().contains(':'), "{t:?}");
        }
        let m = |ty, name: &str, start| Mention {
            ty,
            name: name.to_string(),
            span: Span { start, end: start + 2, byte_start: 3 * start, byte_end: 3 * start + 6 },
            rule: RuleId::Dictionary,
            roles: Vec::new(),
            role_of: None,
            list_order: None,
        };
        let mentions = [
            m(EntityType::District, "金水", 0),
            m(EntityType::Organization, "金水", 4),
            m(EntityType::District, "金水", 8),
            m(EntityType::District, "二七", 12),
        ];
        let a = Article {
            id: ArticleId("a".into()),
            source: "s".into(),
            ordinal: 0,
            title: "t".into(),
            kicker: None,
            subtitle: None,
            date: None,
            date_source: None,
            url: None,
            journalists: Vec::new(),
            text: "金水".repeat(8),
        };
        let r = ArticleRecord::new(&a, &mentions);
        let got: Vec<(&str, usize, Vec<[usize; 2]>)> = r.entities.iter().map(|e| (e.id.as_str(), e.count, e.spans.clone())).collect();
        assert_eq!(
            got,
            [
                ("district:金水", 2, vec![[0, 2], [8, 10]]),
                ("organization:金水", 1, vec![[4, 6]]),
                ("district:二七", 1, vec![[12, 14]]),
            ]
        );
        // Each id is the one the mentions give.
        for e in &r.entities {
            assert!(mentions.iter().any(|m| m.id().0 == e.id && m.name == e.name && m.ty == e.ty));
        }
        assert_eq!(r.text, a.text);
    }
}
