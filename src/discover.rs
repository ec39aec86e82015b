//! `newsgraph discover`: what to add to the dictionaries, as dictionary lines to review and
//! paste, grouped by entity type and most frequent first.
//!
//! Two lists:
//!
//! * **missed**: spans that look like entities but that no recognized mention covers. This
//!   is what a user pointing newsgraph at a new archive needs first. The miss finder is
//!   recall-first and independent of the recognition rules: it shares their closed
//!   vocabularies (surnames, titles, organs) and jieba's tags, but looks for looser, other
//!   evidence — layouts (`党委书记：黄某`), bylines the byline rule does not read (`（某某）`
//!   at the end of a story, `编辑：某某`), lists next to a recognized company or organ,
//!   names before 董事长 or repeated with a verb, organ-like heads after a jurisdiction,
//!   quoted and numeral programs, proper names before 项目/工程/产业园/基地. Every
//!   candidate must lie outside every recognized mention (a district may start an
//!   organization, company or project name; a short district may sit inside a person's
//!   name the recognizer mistook for a place) and must not be a generic phrase.
//! * **found**: entities the rules found that no dictionary lists (their own output), so
//!   that a name the rules only find in good contexts is found everywhere once listed.

use crate::error::Result;
use crate::model::{EntityType, Mention, Page, RuleId};
use crate::text::is_han;
use crate::pipeline::{DictConfig, Pipeline};
use crate::recognize::context::LexKind;
use crate::recognize::Context;
use daachorse::CharwiseDoubleArrayAhoCorasick;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A candidate entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovered {
    pub ty: EntityType,
    pub name: String,
    /// Occurrences: for a missed name, every place in the input where it stands outside
    /// any recognized mention; for a found one, its mentions.
    pub count: usize,
    pub articles: usize,
    pub roles: Vec<String>,
    /// One context, about 12 chars either side, the name marked with «».
    pub example: String,
    /// Why the miss finder proposed it (empty for what the rules found).
    pub evidence: String,
}

impl Discovered {
    /// The dictionary file it belongs in, without `.txt` (`companies`, `officials` …).
    pub fn file(&self) -> String {
        match self.ty {
            EntityType::Company => "companies".to_string(),
            t => format!("{}s", t.as_str()),
        }
    }

    /// The dictionary line to paste.
    pub fn line(&self) -> String {
        let mut line = self.name.clone();
        if !self.roles.is_empty() {
            line.push_str(&format!(" ; roles={}", self.roles.join(",")));
        }
        line
    }

    /// The dictionary file it belongs in and the line to paste, with the evidence as a
    /// comment line above it.
    pub fn to_line(&self) -> String {
        let why = if self.evidence.is_empty() { String::new() } else { format!("{} · ", self.evidence) };
        format!(
            "# {}.txt · {} × {} in {} article(s) · {why}…{}…\n{}",
            self.file(),
            self.ty.as_str(),
            self.count,
            self.articles,
            self.example,
            self.line()
        )
    }

    /// The machine-readable form (`discover --json`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "type": self.ty.as_str(),
            "name": self.name,
            "count": self.count,
            "articles": self.articles,
            "roles": self.roles,
            "evidence": self.evidence,
            "example": self.example,
            "file": format!("{}.txt", self.file()),
            "line": self.line(),
        })
    }
}

/// What `discover` found: the rules' misses and the rules' finds no dictionary lists.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    pub missed: Vec<Discovered>,
    pub found: Vec<Discovered>,
}

/// The order types are listed in.
pub const TYPE_ORDER: [EntityType; 8] = [
    EntityType::Official,
    EntityType::Journalist,
    EntityType::Person,
    EntityType::Organization,
    EntityType::Company,
    EntityType::Program,
    EntityType::Project,
    EntityType::District,
];

/// A list grouped by type in [`TYPE_ORDER`], keeping each group's order (most frequent
/// first); types without candidates are left out.
pub fn grouped(list: &[Discovered]) -> Vec<(EntityType, Vec<&Discovered>)> {
    TYPE_ORDER
        .iter()
        .map(|&t| (t, list.iter().filter(|d| d.ty == t).collect::<Vec<_>>()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// Which candidates of a list to show: of these types (all when empty), seen at least
/// `min_count` times, at most `limit` of each type.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub types: Vec<EntityType>,
    pub min_count: usize,
    pub limit: usize,
}

impl Selection {
    /// A list grouped by type, most frequent first: each type's shown candidates and how
    /// many passed the filters.
    pub fn pick(&self, list: &[Discovered]) -> Vec<(EntityType, Vec<Discovered>, usize)> {
        grouped(list)
            .into_iter()
            .filter(|(t, _)| self.types.is_empty() || self.types.contains(t))
            .map(|(t, v)| {
                let kept: Vec<Discovered> = v.into_iter().filter(|c| c.count >= self.min_count).cloned().collect();
                let total = kept.len();
                (t, kept.into_iter().take(self.limit).collect::<Vec<_>>(), total)
            })
            .filter(|(_, v, _)| !v.is_empty())
            .collect()
    }
}

impl Discovery {
    /// The lists `only` asks for (`missed`, `found` or `all`), each with its key and title.
    pub fn lists(&self, only: &str) -> Vec<(&'static str, &'static str, &[Discovered])> {
        [
            ("missed", "missed by the rules (no recognized mention covers them)", &self.missed[..]),
            ("found", "found by the rules, not in a dictionary", &self.found[..]),
        ]
        .into_iter()
        .filter(|(k, _, _)| only == "all" || only == *k)
        .collect()
    }
}

/// The lists as JSON: `{"missed": [...], "found": [...]}`.
pub fn to_json(lists: &[(&str, &str, &[Discovered])], sel: &Selection) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for (key, _, list) in lists {
        let items: Vec<serde_json::Value> = sel.pick(list).iter().flat_map(|(_, v, _)| v.iter().map(Discovered::to_json)).collect();
        out.insert(key.to_string(), serde_json::Value::Array(items));
    }
    serde_json::Value::Object(out)
}

/// Reads the inputs and runs [`discover_pages`].
pub fn discover(inputs: &[PathBuf], dicts: &DictConfig) -> Result<Discovery> {
    let pipeline = Pipeline::new(dicts, None)?;
    let ingested = crate::ingest::read_inputs(inputs)?;
    Ok(discover_pages(&pipeline, &ingested.pages))
}

/// Rules whose findings are not from a dictionary.
fn discovered_rule(rule: RuleId) -> bool {
    !matches!(rule, RuleId::Dictionary | RuleId::Byline)
}

/// A recognized mention the dictionaries lack.
struct FoundMention {
    start: usize,
    ty: EntityType,
    name: String,
    roles: Vec<String>,
    example: String,
}

/// One article after recognition and the miss finder.
struct Scanned {
    id: String,
    chars: Vec<char>,
    covered: Vec<bool>,
    misses: Vec<Miss>,
    found: Vec<FoundMention>,
}

/// The misses and finds of every page, in input order (pages are scanned in parallel).
pub fn discover_pages(pipeline: &Pipeline, pages: &[Page]) -> Discovery {
    let scanned: Vec<Scanned> = pages.par_iter().flat_map_iter(|p| scan_page(pipeline, p)).collect();
    Discovery { missed: aggregate_missed(&scanned), found: aggregate_found(&scanned) }
}

fn scan_page(pipeline: &Pipeline, page: &Page) -> Vec<Scanned> {
    pipeline
        .process_page(page)
        .into_iter()
        .map(|(article, mentions)| {
            let cx = pipeline.recognizer.context(&article.text);
            let found = mentions
                .iter()
                .filter(|m| discovered_rule(m.rule) && m.ty != EntityType::Journalist)
                .filter(|m| !pipeline.recognizer.index.has(m.ty, &m.name))
                .map(|m| FoundMention {
                    start: m.span.start,
                    ty: m.ty,
                    name: m.name.clone(),
                    roles: m.roles.clone(),
                    example: context_of(&cx.chars, m.span.start, m.span.end),
                })
                .collect();
            let mut finder = Finder::new(cx, &mentions);
            finder.run();
            let covered = finder.cov.iter().map(Option::is_some).collect();
            Scanned { id: article.id.0.clone(), chars: finder.cx.chars.clone(), covered, misses: finder.out, found }
        })
        .collect()
}

/// The text around a span, about 12 chars either side, the span in «», on one line (not
/// 【】, which pages use themselves).
fn context_of(chars: &[char], start: usize, end: usize) -> String {
    let s = start.saturating_sub(12);
    let e = (end + 12).min(chars.len());
    let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    format!("{}«{}»{}", piece(s, start), piece(start, end), piece(end, e)).replace(['\n', '\r'], " ")
}

/// For sorting a candidate: its surest evidence and where it was first seen (article, char).
type Rank = HashMap<(EntityType, String), (u8, (usize, usize))>;

/// Most frequent first; among equals, the surer evidence, then the order of the input.
fn sort_list(out: &mut [Discovered], rank: &Rank) {
    let key = |d: &Discovered| rank.get(&(d.ty, d.name.clone())).copied().unwrap_or_default();
    out.sort_by(|a, b| {
        let (sa, fa) = key(a);
        let (sb, fb) = key(b);
        b.count.cmp(&a.count).then(b.articles.cmp(&a.articles)).then(sb.cmp(&sa)).then(fa.cmp(&fb)).then(a.name.cmp(&b.name))
    });
}

fn aggregate_found(scanned: &[Scanned]) -> Vec<Discovered> {
    let mut found: BTreeMap<(EntityType, String), (Discovered, BTreeSet<&str>)> = BTreeMap::new();
    let mut rank = HashMap::new();
    for (ai, a) in scanned.iter().enumerate() {
        for m in &a.found {
            rank.entry((m.ty, m.name.clone())).or_insert((0, (ai, m.start)));
            let (d, arts) = found.entry((m.ty, m.name.clone())).or_insert_with(|| {
                (
                    Discovered {
                        ty: m.ty,
                        name: m.name.clone(),
                        count: 0,
                        articles: 0,
                        roles: Vec::new(),
                        example: m.example.clone(),
                        evidence: String::new(),
                    },
                    BTreeSet::new(),
                )
            });
            d.count += 1;
            for r in &m.roles {
                if !d.roles.contains(r) {
                    d.roles.push(r.clone());
                }
            }
            arts.insert(a.id.as_str());
        }
    }
    let mut out: Vec<Discovered> = found
        .into_values()
        .map(|(mut d, arts)| {
            d.articles = arts.len();
            d
        })
        .collect();
    sort_list(&mut out, &rank);
    out
}

/// One candidate per (type, name): occurrences counted wherever the name stands outside
/// any mention (in every article for a name as written; only in the articles that proposed
/// it for a relative name resolved to one article's jurisdiction).
fn aggregate_missed(scanned: &[Scanned]) -> Vec<Discovered> {
    struct Acc {
        d: Discovered,
        strength: u8,
        /// Where it was first proposed: (article, char).
        first: (usize, usize),
        surfaces: BTreeSet<String>,
        /// Article index → proposal starts.
        proposals: BTreeMap<usize, BTreeSet<usize>>,
        resolved: bool,
    }
    let mut acc: BTreeMap<(EntityType, String), Acc> = BTreeMap::new();
    for (ai, a) in scanned.iter().enumerate() {
        for m in &a.misses {
            let surface: String = a.chars[m.start..m.end].iter().filter(|c| !c.is_whitespace()).collect();
            let e = acc.entry((m.ty, m.name.clone())).or_insert_with(|| Acc {
                d: Discovered {
                    ty: m.ty,
                    name: m.name.clone(),
                    count: 0,
                    articles: 0,
                    roles: Vec::new(),
                    example: context_of(&a.chars, m.start, m.end),
                    evidence: m.why.to_string(),
                },
                strength: m.strength,
                first: (ai, m.start),
                surfaces: BTreeSet::new(),
                proposals: BTreeMap::new(),
                resolved: false,
            });
            if m.strength > e.strength {
                e.strength = m.strength;
                e.d.example = context_of(&a.chars, m.start, m.end);
                e.d.evidence = m.why.to_string();
            }
            for r in &m.roles {
                if !e.d.roles.contains(r) {
                    e.d.roles.push(r.clone());
                }
            }
            if surface != m.name {
                e.resolved = true;
            }
            e.surfaces.insert(surface);
            e.proposals.entry(ai).or_default().insert(m.start);
        }
    }
    // Count every uncovered occurrence of the names as written, in one scan per article.
    let global: Vec<String> = {
        let mut v: BTreeSet<String> = BTreeSet::new();
        for a in acc.values().filter(|a| !a.resolved) {
            v.extend(a.surfaces.iter().filter(|s| s.chars().count() >= 2).cloned());
        }
        v.into_iter().collect()
    };
    let mut hits: HashMap<&str, BTreeMap<usize, BTreeSet<usize>>> = HashMap::new();
    if let Ok(ac) = CharwiseDoubleArrayAhoCorasick::<u32>::with_values(global.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32))) {
        for (ai, a) in scanned.iter().enumerate() {
            let text: String = a.chars.iter().collect();
            let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            for m in ac.find_overlapping_iter(&text) {
                let Ok(s) = starts.binary_search(&m.start()) else { continue };
                let n = global[m.value() as usize].chars().count();
                if a.covered[s..s + n].iter().any(|&c| c) || !bounded(&a.chars, s, s + n) {
                    continue;
                }
                hits.entry(global[m.value() as usize].as_str()).or_default().entry(ai).or_default().insert(s);
            }
        }
    }
    let mut strength = HashMap::new();
    let mut out = Vec::new();
    for (key, mut a) in acc {
        // A role inside a longer one is the same title (副总经理, 总经理, 经理).
        let roles = a.d.roles.clone();
        a.d.roles.retain(|r| !roles.iter().any(|o| o != r && o.ends_with(r.as_str())));
        let mut per: BTreeMap<usize, BTreeSet<usize>> = a.proposals.clone();
        if !a.resolved {
            for s in &a.surfaces {
                for (ai, starts) in hits.get(s.as_str()).into_iter().flatten() {
                    per.entry(*ai).or_default().extend(starts.iter().copied());
                }
            }
        }
        a.d.count = per.values().map(BTreeSet::len).sum();
        a.d.articles = per.len();
        strength.insert(key, (a.strength, a.first));
        out.push(a.d);
    }
    sort_list(&mut out, &strength);
    out
}

/// An occurrence of a name is not the middle of a longer word of letters or digits.
fn bounded(chars: &[char], s: usize, e: usize) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric();
    let glued_left = s > 0 && latin(chars[s - 1]) && latin(chars[s]);
    let glued_right = e < chars.len() && latin(chars[e - 1]) && latin(chars[e]);
    !glued_left && !glued_right
}

// ---------------------------------------------------------------------------------------
// The miss finder.

/// A span the miss finder proposes.
#[derive(Clone, Debug)]
struct Miss {
    ty: EntityType,
    start: usize,
    end: usize,
    name: String,
    roles: Vec<String>,
    why: &'static str,
    /// How sure the pattern is: the surer of two overlapping proposals wins.
    strength: u8,
}

/// Chars that, standing alone, follow a name rather than end it.
const AFTER_NAME: &str = "说等和与及在对为同到来去向将把被从是也都就还又已曾并率带陪";
/// Words that follow a name.
const FOLLOWERS: &[&str] = &[
    "表示", "指出", "强调", "要求", "介绍", "认为", "主持", "出席", "参加", "代表", "一行", "深入", "调研", "先后",
    "首先", "同志", "一起", "共同", "亲自", "现场", "带领", "看望", "慰问", "讲话", "陪同", "提出", "率队", "带队",
    "会见", "参与", "进行", "实地", "详细", "认真", "听取", "希望", "告诉", "坦言", "关于", "分别", "作了", "说明",
    "汇报", "发言",
];
/// Verbs after which a repeated name is surely a person's (朱龙指出).
const SPEECH: &[&str] = &[
    "表示", "指出", "强调", "要求", "介绍", "认为", "提出", "讲话", "主持", "带领", "带队", "率队", "会见", "看望",
    "慰问", "同志", "一行", "说", "告诉", "坦言", "希望", "汇报",
];
/// Byline words before journalists' and editors' names, longest first.
const BYLINE_KEYS: &[&str] = &[
    "本报记者", "全媒体记者", "融媒体记者", "见习记者", "实习记者", "特约记者", "责任编辑", "内容审核", "记者",
    "通讯员", "实习生", "责编", "编辑", "审核", "校对", "终审", "总编辑", "主编", "撰稿", "摄影", "摄像", "作者",
];
/// Roles after which a person named by jieba is an official, beyond the title lexicon.
const EXTRA_ROLES: &[&str] = &["专干", "干事", "助理", "文书", "专员", "警督", "警官", "民警", "辅警", "网格员", "联络员", "信息员"];
/// Roles of a company's people: the name before them is the company's.
const COMPANY_ROLES: &[&str] = &[
    "董事长", "副董事长", "总经理", "副总经理", "总裁", "副总裁", "法人代表", "法定代表人", "法人", "负责人",
    "创始人", "执行董事", "董事", "监事", "厂长", "总监",
];
/// Word endings of business names.
const BUSINESS: &[&str] = &[
    "工贸", "商贸", "实业", "科技", "食品", "建科", "建工", "建投", "物流", "置业", "地产", "医药", "电子", "制造",
    "石油", "化工", "机械", "纺织", "服饰", "传媒", "酒业", "药业", "集团", "公司",
];
/// Endings of commercial complexes: weaker, they also end ordinary words.
const COMMERCIAL: &[&str] = &["万达", "广场", "大厦", "商城", "城", "中心"];
/// Heads of project and park names, longest first.
const PROJECT_HEADS: &[&str] = &[
    "产业基地", "生产基地", "产业园", "工业园", "科技园", "科创园", "创业园", "物流园", "产业园区", "项目", "工程", "基地",
    "园区", "小镇", "综合体", "一期", "二期", "三期", "四期", "五期",
];
/// Heads of a township's sub-units, which name their field themselves (司法所, 水利站): one
/// may stand alone, the town being the article's.
const SUBUNIT_HEADS: &[&str] = &[
    "司法所", "财政所", "派出所", "监管所", "工商所", "税务所", "国土所", "规划所", "环卫所", "农技站", "水利站", "农机站",
    "林业站", "畜牧站", "兽医站", "文化站", "计生办", "应急办", "综治办", "拆迁办", "征迁办", "城建办", "党政办", "信访办",
    "党建办", "环境卫生队", "执法中队", "执法大队",
];
/// Heads of sub-units that need a name in front (某某服务中心, 某某村党支部).
const UNIT_HEADS: &[&str] = &[
    "党支部", "党总支", "卫生院", "卫生所", "服务中心", "服务站", "管理站", "管理所", "管理处", "联络站", "工作站", "执法队",
];
/// Heads of organ-like names, longest first where they share an ending.
const ORG_HEADS: &[&str] = &[
    "委员会", "管委会", "联合会", "促进会", "研究会", "理事会", "指挥部", "办公室", "研究院", "设计院", "研究所", "事务所",
    "党工委", "工作组", "领导小组", "协会", "商会", "学会", "工会", "党委", "支部", "总支", "分局", "大队", "中队", "支队",
    "实验室", "中心", "医院", "学院", "局", "委", "办", "站", "所", "队", "处", "馆",
];
/// Words that end with an organ head but are not organs.
const HEAD_JUNK: &[&str] = &[
    "举办", "主办", "承办", "协办", "创办", "督办", "交办", "代办", "包办", "帮办", "领办", "开办", "兴办", "怎么办", "专办",
    "格局", "布局", "开局", "大局", "结局", "当局", "时局", "全局", "网站", "车站", "驿站", "一站", "所有", "场所", "住所",
    "厕所", "处所", "团队", "排队", "军队", "梯队", "部队", "车队", "到处", "好处", "难处", "益处", "之处", "各处", "学科",
    "专科", "本科", "场馆", "中心", "核心", "重心", "信心", "决心", "用心", "民心", "初心", "爱心", "党委", "支部", "原委",
    "分局", "医院",
];
/// Words that never belong inside a name: governing verbs, prepositions, demonstratives.
const STOP_WORDS: &[&str] = &[
    "会见", "接见", "会谈", "座谈", "陪同", "带队", "前往", "检查", "视察", "洽谈", "约谈", "走访", "对接", "调研", "考察",
    "参观", "来到", "走进", "入驻", "落户", "培育", "扶持", "表彰", "评为", "联合", "携手", "牵头", "举办", "承办", "主办",
    "邀请", "配合", "推荐", "助力", "帮扶", "看望", "慰问", "深入", "获得", "召开", "督导", "入选", "授予", "认定", "列为",
    "成为", "作为", "荣获", "指导", "支持", "帮助", "协调", "督促", "推动", "组织", "引导", "鼓励", "推进", "加快", "实施",
    "开展", "针对", "通过", "依托", "围绕", "包括", "其中", "同时", "此外", "随后", "现场", "实地", "察看", "查看", "了解",
    "听取", "签约", "签署", "引进", "涵盖", "涉及", "积极", "全力", "持续", "不断", "进一步", "成功", "正式", "共同", "今年",
    "去年", "目前", "截至", "先后", "分别", "服务", "运作", "举行", "启动", "推介", "发布", "成立", "揭牌", "排名",
];
/// One-char words that never belong inside a name.
const STOP_CHARS: &str = "的了在对和与及等是有为向由被让将把从到于就也都这那该其各本每";
/// Descriptions that may stand before a name but are not part of it.
const LEADING: &[&str] = &[
    "责任", "部门", "责任部门", "职能部门", "相关", "有关", "相关部门", "区直", "市直", "县直", "主要", "分管", "属地",
    "牵头", "其他", "全体", "所属", "下属", "基层", "广大", "重点", "重大", "签约", "在建", "续建", "省级", "市级", "区级",
    "县级", "集中", "招商", "爱心", "企业", "龙头", "龙头企业", "辖区", "本地", "当地", "知名", "规上", "一批", "多个",
    "首批", "城建类", "新", "老", "大型", "中小", "办事处", "小区", "社区", "村",
];
/// Names that are generic, whatever their ending.
const GENERIC: &[&str] = &[
    "相关部门", "有关部门", "各部门", "各单位", "相关单位", "有关单位", "责任单位", "责任部门", "职能部门", "区直部门",
    "重点项目", "城市更新项目", "重点企业", "龙头企业", "重大项目", "产业项目", "签约项目", "民生实事工程", "民生工程",
    "基础设施项目", "办事处", "街道办事处", "开发区", "高新区", "工业园区", "产业园区", "管委会", "党委", "党支部",
    "人大代表联络站", "代表联络站", "党群服务中心", "便民服务中心", "政务服务中心", "服务中心", "集散中心", "会议室",
    "大会议室", "设计院", "医院", "学校", "集团", "公司", "项目部", "指挥部", "工作组", "领导小组", "办公室", "卫生院",
    "电网项目", "招商项目", "建设项目", "工作队", "服务队", "志愿服务队", "执法队", "人大工委", "党工委", "工委", "部室",
    "科室", "处室", "部门", "项目", "工程",
];
/// Endings of places that are no entity (streets, squares, scenic areas, sites).
const NOT_ENTITY_ENDINGS: &[&str] = &[
    "街区", "商圈", "景区", "公园", "路", "大道", "大街", "车间", "现场", "工地", "作业区", "片区", "厂房",
];
/// Organ endings that name an organ whatever the list around them.
const STRONG_ORG_ENDINGS: &[&str] = &[
    "管委会", "委员会", "党工委", "党委", "指挥部", "办公室", "办事处", "联合会", "协会", "商会", "研究院", "实验室", "政府", "局",
];
/// Words jieba tags as proper nouns that are common words here.
const NOT_PROPER: &[&str] = &[
    "城市", "农村", "乡村", "城乡", "社区", "省市", "市区", "城区", "全国", "全省", "全市", "国家", "新开工", "慈善", "环卫",
    "党建", "党群", "政务", "民生", "文旅", "文创", "智慧", "数字", "科创", "双创", "人才", "工业", "产业", "灾后", "护苗",
];
/// Nouns after a quoted name that make it a program the head lexicon does not know.
const QUOTE_HEADS: &[&str] = &[
    "品牌", "模式", "平台", "小程序", "系统", "体系", "课堂", "讲堂", "专班", "示范", "创建", "工作室", "志愿服务", "宣讲",
    "计划",
];
/// Verbs before a list of businesses or places visited.
const VISIT_VERBS: &[&str] = &[
    "走访", "调研", "签约", "帮助", "服务", "前往", "来到", "深入", "察看", "考察", "视察", "参观", "走进", "看望", "慰问",
    "巡查", "检查", "督导", "观摩", "包括",
];
/// Quoted phrases that are metaphors, not programs.
const METAPHORS: &[&str] = &[
    "最后一公里", "神经末梢", "压舱石", "排头兵", "领头雁", "主心骨", "娘家人", "金钥匙", "硬骨头", "牛鼻子", "加速度",
    "快车道", "连心桥", "开门红", "加油站", "主阵地", "主战场", "试验田", "风向标", "指挥棒",
];
/// After a numeral and 大: nouns that make a program (十大战略, 四大目标).
const NUMERAL_NOUNS: &[&str] = &[
    "战略", "行动", "工程", "目标", "任务", "举措", "板块", "产业", "攻坚", "专项", "体系", "片区", "计划", "重点", "主导",
    "机制",
];
const NUMERALS: &str = "一二两三四五六七八九十百千万";

/// jieba's own dictionary, to tell words it knows from names it does not.
fn base_jieba() -> &'static jieba_rs::Jieba {
    static J: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    J.get_or_init(jieba_rs::Jieba::new)
}

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Head words as chars, indexed by their last char, longest first: `ends_with` over a
/// list at every position of a text must not count chars each time.
struct HeadTable(HashMap<char, Vec<(&'static str, Vec<char>)>>);

impl HeadTable {
    fn new(lists: &[&'static [&'static str]]) -> HeadTable {
        let mut map: HashMap<char, Vec<(&'static str, Vec<char>)>> = HashMap::new();
        for &list in lists {
            for &w in list {
                let cs: Vec<char> = w.chars().collect();
                if let Some(&last) = cs.last() {
                    map.entry(last).or_default().push((w, cs));
                }
            }
        }
        for v in map.values_mut() {
            v.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
            v.dedup();
        }
        HeadTable(map)
    }

    /// The longest head ending at `e` in `chars`.
    fn ending_at(&self, chars: &[char], e: usize) -> Option<&'static str> {
        let last = *chars.get(e.checked_sub(1)?)?;
        self.0.get(&last)?.iter().find(|(_, cs)| e >= cs.len() && chars[e - cs.len()..e] == cs[..]).map(|(w, _)| *w)
    }
}

fn org_heads_table() -> &'static HeadTable {
    static T: OnceLock<HeadTable> = OnceLock::new();
    T.get_or_init(|| HeadTable::new(&[SUBUNIT_HEADS, UNIT_HEADS, ORG_HEADS]))
}

fn project_heads_table() -> &'static HeadTable {
    static T: OnceLock<HeadTable> = OnceLock::new();
    T.get_or_init(|| HeadTable::new(&[PROJECT_HEADS]))
}

/// How far a name may extend left, and over what.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Companies: nouns and proper names, no verbs.
    Company,
    /// Organizations and projects: verbs may sit inside (拆迁办, 退城入园项目).
    Open,
}

struct Finder<'a> {
    cx: Context<'a>,
    ms: &'a [Mention],
    /// For each char, the longest mention covering it.
    cov: Vec<Option<usize>>,
    out: Vec<Miss>,
}

impl<'a> Finder<'a> {
    fn new(cx: Context<'a>, ms: &'a [Mention]) -> Self {
        let mut cov: Vec<Option<usize>> = vec![None; cx.len()];
        let mut order: Vec<usize> = (0..ms.len()).collect();
        order.sort_by_key(|&i| ms[i].span.end - ms[i].span.start);
        for i in order {
            let m = &ms[i];
            for c in cov.iter_mut().take(m.span.end.min(cx.len())).skip(m.span.start) {
                *c = Some(i);
            }
        }
        Finder { cx, ms, cov, out: Vec::new() }
    }

    fn len(&self) -> usize {
        self.cx.len()
    }

    fn ch(&self, i: usize) -> char {
        self.cx.chars[i]
    }

    fn text(&self, s: usize, e: usize) -> String {
        self.cx.chars[s..e].iter().collect()
    }

    fn starts_with_at(&self, i: usize, w: &str) -> bool {
        let mut k = i;
        w.chars().all(|c| {
            let ok = k < self.len() && self.cx.chars[k] == c;
            k += 1;
            ok
        })
    }

    fn ends_with_at(&self, e: usize, w: &str) -> bool {
        let n = w.chars().count();
        e >= n && self.starts_with_at(e - n, w)
    }

    /// Runs every pattern, then keeps the surest of overlapping proposals.
    fn run(&mut self) {
        self.bylines();
        self.layouts();
        self.title_then_nr();
        self.name_lists();
        self.before_company_roles();
        self.lists();
        self.org_heads();
        self.project_heads();
        self.business_names();
        self.quoted_programs();
        self.numeral_programs();
        self.repeated_names();
        let mut all = std::mem::take(&mut self.out);
        // Stable: among equals the earlier pattern wins.
        all.sort_by(|a, b| b.strength.cmp(&a.strength).then((b.end - b.start).cmp(&(a.end - a.start))));
        let mut taken = vec![false; self.len()];
        for m in all {
            if m.end <= m.start || m.end > self.len() || taken[m.start..m.end].iter().any(|&t| t) {
                continue;
            }
            if self.blocked(m.start, m.end, m.ty) {
                continue;
            }
            taken[m.start..m.end].iter_mut().for_each(|t| *t = true);
            self.out.push(m);
        }
        self.out.sort_by_key(|m| m.start);
    }

    /// Does a recognized mention forbid a candidate here? A whole district mention may
    /// start an organization, company or project name; a district of two chars may sit in
    /// a person's name (赵武安 read as 赵 + 武安).
    fn blocked(&self, s: usize, e: usize, ty: EntityType) -> bool {
        (s..e).any(|i| {
            let Some(k) = self.cov[i] else { return false };
            let m = &self.ms[k];
            let whole = m.span.start >= s && m.span.end <= e;
            let prefix_ok = matches!(ty, EntityType::Organization | EntityType::Company | EntityType::Project)
                && m.ty == EntityType::District
                && whole
                && m.span.end < e;
            let person_ok = matches!(ty, EntityType::Official | EntityType::Person | EntityType::Journalist)
                && m.ty == EntityType::District
                && m.span.end - m.span.start <= 2
                && m.span.start > s;
            !(prefix_ok || person_ok)
        })
    }

    fn push(&mut self, ty: EntityType, start: usize, end: usize, name: String, why: &'static str, strength: u8) {
        self.push_roles(ty, start, end, name, Vec::new(), why, strength);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_roles(&mut self, ty: EntityType, start: usize, end: usize, name: String, roles: Vec<String>, why: &'static str, strength: u8) {
        if end <= start || self.blocked(start, end, ty) {
            return;
        }
        if GENERIC.contains(&name.as_str()) || self.cx.lex.generic_names.contains(&name) {
            return;
        }
        self.out.push(Miss { ty, start, end, name, roles, why, strength });
    }

    // -- names of people -----------------------------------------------------------------

    /// Is this a person's name: a surname and one or two given chars, not a generic word,
    /// not ending in a title or honorific (黄镇长)? `strong` context lets weak surnames in.
    fn name_ok(&self, name: &[char], strong: bool) -> bool {
        let n = name.len();
        if !(2..=4).contains(&n) || !name.iter().all(|&c| is_han(c)) {
            return false;
        }
        let Some(sl) = self.cx.lex.surname_len(name) else { return false };
        if !(1..=2).contains(&(n - sl)) {
            return false;
        }
        if sl == 1 && self.cx.lex.weak_surnames.contains(&name[0]) && !strong {
            return false;
        }
        let s: String = name.iter().collect();
        if self.cx.lex.generic_names.contains(&s) {
            return false;
        }
        let lex = self.cx.lex;
        for k in 1..n {
            let tail: String = name[k..].iter().collect();
            if lex.honorifics.contains(&tail) || lex.titles.contains(&tail) || lex.person_titles.contains(&tail) {
                return false;
            }
        }
        true
    }

    /// Does jieba read a common word (not a person's name) at the start of a name (项目,
    /// 武装部长, 高度重视)?
    fn common_word_at(&self, i: usize) -> bool {
        // Proper tags may cut a name wrongly (兰国/ns 强及/c): only common words count.
        self.cx.token_at(i).is_some_and(|t| {
            t.start == i && t.end - t.start >= 2 && !matches!(t.tag, "nr" | "nrt" | "nrfg" | "ns" | "nz" | "nt" | "j")
        })
    }

    /// A name standing alone from `i` to the next non-Han char, with at most one OCR space
    /// inside (黄 涛). Returns its end and the name without the space.
    fn delimited_name(&self, i: usize) -> Option<(usize, String)> {
        let run_end = |k: usize| (k..self.len()).find(|&j| !is_han(self.ch(j))).unwrap_or(self.len());
        if i >= self.len() || !is_han(self.ch(i)) {
            return None;
        }
        let a_end = run_end(i);
        let mut name: Vec<char> = self.cx.chars[i..a_end].to_vec();
        let mut end = a_end;
        if a_end + 1 < self.len() && matches!(self.ch(a_end), ' ' | '\u{3000}') && is_han(self.ch(a_end + 1)) {
            let b_end = run_end(a_end + 1);
            let b = &self.cx.chars[a_end + 1..b_end];
            let sl = self.cx.lex.surname_len(&name).unwrap_or(0);
            let single_tail = b.len() == 1 && (1..=2).contains(&name.len()) && !"摄图文".contains(b[0]);
            if (name.len() == sl && (1..=2).contains(&b.len())) || single_tail {
                name.extend_from_slice(b);
                end = b_end;
            }
        }
        self.name_ok(&name, true).then(|| (end, name.into_iter().collect()))
    }

    /// Does a name end at `k`: the text ends, or a non-Han char, a particle, a verb that
    /// follows names or a title follows?
    fn right_delim(&self, k: usize) -> bool {
        if k >= self.len() || !is_han(self.ch(k)) || AFTER_NAME.contains(self.ch(k)) {
            return true;
        }
        if FOLLOWERS.iter().any(|w| self.starts_with_at(k, w)) {
            return true;
        }
        if !self.cx.lex_starting_at(k, &[LexKind::Title, LexKind::PersonTitle]).is_empty() {
            return true;
        }
        self.cx.boundary(k)
            && self.cx.token_at(k).is_some_and(|t| {
                t.start == k && t.end - t.start >= 2 && matches!(t.tag.chars().next(), Some('v' | 'p' | 'c' | 'd' | 'u' | 'r'))
            })
    }

    /// A name from `i` that ends where a name ends (three chars tried before two).
    fn name_before_delim(&self, i: usize, strong: bool) -> Option<usize> {
        for n in [4, 3, 2] {
            let e = i + n;
            if e > self.len() {
                continue;
            }
            if self.name_ok(&self.cx.chars[i..e], strong) && self.right_delim(e) && !self.common_word_at(i) {
                return Some(e);
            }
        }
        None
    }

    /// Journalists and editors in bylines the byline rule does not read: `记者：某某`,
    /// `编辑：某某`, `（某某）` closing a paragraph, `某某 摄`.
    fn bylines(&mut self) {
        let mut keyed: Vec<(usize, usize)> = Vec::new();
        for &key in BYLINE_KEYS {
            let n = key.chars().count();
            for p in self.cx.occurrences(key) {
                if keyed.iter().any(|&(s, e)| p < e && s < p + n) {
                    continue;
                }
                keyed.push((p, p + n));
                let mut q = p + n;
                let mut sep = false;
                while q < self.len() && matches!(self.ch(q), '：' | ':' | ' ' | '\u{3000}' | '/' | '／' | '|') {
                    q += 1;
                    sep = true;
                }
                // A name glued to the key only at the start of a clause (编辑王某).
                if !sep && p > 0 && is_han(self.ch(p - 1)) {
                    continue;
                }
                while let Some((e, name)) = self.delimited_name(q) {
                    self.push(EntityType::Journalist, q, e, name, "byline", 10);
                    q = e;
                    while q < self.len() && matches!(self.ch(q), ' ' | '\u{3000}' | '、') {
                        q += 1;
                    }
                }
            }
        }
        // （某某） or （某某 某某） closing a paragraph.
        for p in 0..self.len() {
            if !matches!(self.ch(p), '（' | '(') {
                continue;
            }
            let Some(close) = (p + 1..(p + 20).min(self.len())).find(|&k| matches!(self.ch(k), '）' | ')')) else { continue };
            let rest_blank = (close + 1..self.len()).take_while(|&k| self.ch(k) != '\n').all(|k| self.ch(k).is_whitespace() || "。.|".contains(self.ch(k)));
            if !rest_blank || !self.cx.lex_ending_at(p, &[LexKind::Title]).is_empty() {
                continue;
            }
            let mut names = Vec::new();
            let mut q = p + 1;
            while q < close {
                match self.delimited_name(q) {
                    Some((e, name)) if e <= close => {
                        names.push((q, e, name));
                        q = e;
                        while q < close && matches!(self.ch(q), ' ' | '\u{3000}' | '、') {
                            q += 1;
                        }
                    }
                    _ => break,
                }
            }
            if q == close {
                for (s, e, name) in names {
                    self.push(EntityType::Journalist, s, e, name, "byline in parentheses", 10);
                }
            }
        }
        // 某某 摄.
        for p in self.cx.occurrences("摄") {
            if p + 1 < self.len() && is_han(self.ch(p + 1)) {
                continue;
            }
            let mut q = p;
            while q > 0 && matches!(self.ch(q - 1), ' ' | '\u{3000}') {
                q -= 1;
            }
            let s = (0..q).rev().take_while(|&k| is_han(self.ch(k))).last();
            let Some(s) = s else { continue };
            let glued = q == p;
            let s = if glued { q.saturating_sub(3).max(s) } else { s };
            if let Some((e, name)) = self.delimited_name(s).filter(|(e, _)| *e == q || (glued && *e == p)) {
                self.push(EntityType::Journalist, s, e, name, "photo byline", 9);
            }
        }
    }

    /// `党（工）委书记：黄 涛`, `镇长（主任）：某某`, `区长（某某）`: a title, a colon or a
    /// parenthesis, and names.
    fn layouts(&mut self) {
        for k in 0..self.len() {
            let c = self.ch(k);
            if c == '：' || c == ':' {
                let mut p = k;
                if p > 0 && matches!(self.ch(p - 1), '）' | ')') {
                    match (p.saturating_sub(10)..p - 1).rev().find(|&j| matches!(self.ch(j), '（' | '(')) {
                        Some(open) => p = open,
                        None => continue,
                    }
                }
                let Some(title) = self.cx.lex_ending_at(p, &[LexKind::Title, LexKind::PersonTitle]).into_iter().next().cloned() else {
                    continue;
                };
                if BYLINE_KEYS.iter().any(|b| self.ends_with_at(p, b)) {
                    continue;
                }
                let ty = if title.kind == LexKind::PersonTitle { EntityType::Person } else { EntityType::Official };
                let role = self.role_before(p);
                let mut q = k + 1;
                while q < self.len() && matches!(self.ch(q), ' ' | '\u{3000}') {
                    q += 1;
                }
                while let Some((e, name)) = self.delimited_name(q) {
                    self.push_roles(ty, q, e, name, vec![role.clone()], "title：name layout", 9);
                    q = e;
                    while q < self.len() && matches!(self.ch(q), ' ' | '\u{3000}' | '、' | '，' | ',') {
                        q += 1;
                    }
                }
            } else if c == '（' || c == '(' {
                let Some(title) = self.cx.lex_ending_at(k, &[LexKind::Title, LexKind::PersonTitle]).into_iter().next().cloned() else {
                    continue;
                };
                let closed = |(e, _): &(usize, String)| *e < self.len() && matches!(self.ch(*e), '）' | ')');
                if let Some((e, name)) = self.delimited_name(k + 1).filter(closed) {
                    let ty = if title.kind == LexKind::PersonTitle { EntityType::Person } else { EntityType::Official };
                    let role = self.role_before(k);
                    self.push_roles(ty, k + 1, e, name, vec![role], "title（name） layout", 9);
                }
            }
        }
    }

    /// The title written before `p`, from the clause start, parenthetical variants dropped
    /// (党（工）委书记 → 党委书记).
    fn role_before(&self, p: usize) -> String {
        let mut s = p;
        let mut depth = 0;
        while s > 0 {
            let c = self.ch(s - 1);
            match c {
                '）' | ')' => depth += 1,
                '（' | '(' if depth > 0 => depth -= 1,
                _ if depth == 0 && !is_han(c) => break,
                _ => {}
            }
            s -= 1;
            if p - s > 16 {
                break;
            }
        }
        let mut out = String::new();
        let mut depth = 0;
        for &c in &self.cx.chars[s..p] {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth -= 1,
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// A name jieba tags `nr` right after a title (党建专干朱某某).
    fn title_then_nr(&mut self) {
        let mut ends: Vec<(usize, EntityType, String)> = Vec::new();
        for h in self.cx.lex_hits.iter().filter(|h| matches!(h.kind, LexKind::Title | LexKind::PersonTitle)) {
            let ty = if h.kind == LexKind::PersonTitle { EntityType::Person } else { EntityType::Official };
            ends.push((h.end, ty, self.cx.lex_word(h).to_string()));
        }
        for &r in EXTRA_ROLES {
            for p in self.cx.occurrences(r) {
                ends.push((p + r.chars().count(), EntityType::Official, r.to_string()));
            }
        }
        ends.sort_by_key(|e| e.0);
        ends.dedup_by_key(|e| e.0);
        for (e, ty, role) in ends {
            let Some(t) = self.cx.token_at(e).filter(|t| t.start == e && t.tag.starts_with("nr")) else { continue };
            let mut end = t.end;
            if t.end - t.start == 1 {
                // jieba tagged the surname alone (沈/nr 海涛/nr): the name runs to where names end.
                let Some(n) = self.name_before_delim(e, true) else { continue };
                end = n;
            } else if t.end - t.start == 2 {
                // 朱文/nr 强/a: a third given char jieba cut off.
                let third = self.cx.token_at(t.end).filter(|n| {
                    n.start == t.end
                        && n.end == t.end + 1
                        && is_han(self.ch(n.start))
                        && !AFTER_NAME.contains(self.ch(n.start))
                        && self.right_delim(n.end)
                });
                if let Some(n) = third {
                    end = n.end;
                }
            }
            if !self.name_ok(&self.cx.chars[e..end], true) || !self.right_delim(end) {
                continue;
            }
            let name = self.text(e, end);
            self.push_roles(ty, e, end, name, vec![role], "name after a title", 7);
        }
    }

    /// Names listed after a recognized official or person (副主任甲、乙、丙).
    fn name_lists(&mut self) {
        let mut anchors: Vec<(usize, EntityType, Vec<String>)> = self
            .ms
            .iter()
            .filter(|m| matches!(m.ty, EntityType::Official | EntityType::Person))
            .map(|m| (m.span.end, m.ty, m.roles.clone()))
            .collect();
        anchors.extend(
            self.out.iter().filter(|m| matches!(m.ty, EntityType::Official | EntityType::Person)).map(|m| (m.end, m.ty, m.roles.clone())),
        );
        for (mut e, ty, roles) in anchors {
            while e + 1 < self.len() && matches!(self.ch(e), '、' | '和' | '及' | '与') {
                let q = e + 1;
                if self.cov[q].is_some_and(|k| self.ms[k].ty != EntityType::District) {
                    // The next name is recognized: go on from its end.
                    let k = self.cov[q].expect("checked");
                    if matches!(self.ms[k].ty, EntityType::Official | EntityType::Person) && self.ms[k].span.start == q {
                        e = self.ms[k].span.end;
                        continue;
                    }
                    break;
                }
                let Some(end) = self.name_before_delim(q, true) else { break };
                let name = self.text(q, end);
                self.push_roles(ty, q, end, name, roles.clone(), "name listed after a recognized one", 8);
                e = end;
            }
        }
    }

    // -- extending names leftwards ---------------------------------------------------------

    /// Extends a name left from `end` over name-like jieba tokens, at most `max` chars;
    /// whole district mentions in front are taken in (河南 + 某某建科), any other mention
    /// stops it.
    fn extend_left(&self, end: usize, max: usize, mode: Mode) -> usize {
        let mut start = end;
        let mut took_district = false;
        while start > 0 {
            let p = start - 1;
            if let Some(k) = self.cov[p] {
                let m = &self.ms[k];
                if m.ty == EntityType::District && m.span.end == start && end - m.span.start <= max + 6 && start < end {
                    start = m.span.start;
                    took_district = true;
                    continue;
                }
                break;
            }
            if took_district {
                break;
            }
            let Some(t) = self.cx.token_at(p) else { break };
            if t.end != start || end - t.start > max {
                break;
            }
            let word = self.cx.slice(t.start, t.end);
            if !word.chars().all(|c| is_han(c) || c.is_ascii_alphanumeric() || c == '·') {
                break;
            }
            if in_list(STOP_WORDS, word) || (word.chars().count() == 1 && STOP_CHARS.contains(word)) {
                break;
            }
            if STOP_WORDS.iter().any(|w| w.chars().count() >= 2 && word.contains(w)) {
                break;
            }
            let first = t.tag.chars().next().unwrap_or('x');
            let nameish = matches!(first, 'n' | 'j' | 'm' | 'x' | 'e' | 'b' | 's' | 'f' | 'g' | 'h' | 'k' | 'l' | 'i' | 'z')
                || t.tag == "vn"
                || t.tag == "an";
            let verbish = matches!(first, 'v' | 'a' | 'd');
            if !(nameish || (mode == Mode::Open && verbish)) {
                break;
            }
            start = t.start;
        }
        start
    }

    /// Moves `start` past leading descriptions, verbs and adverbs (a district mention at
    /// the start stays).
    fn trim_leading(&self, mut start: usize, head_start: usize) -> usize {
        loop {
            if self.cov[start].is_some() {
                return start;
            }
            let Some(t) = self.cx.token_at(start).filter(|t| t.start == start && t.end <= head_start) else { return start };
            let word = self.cx.slice(t.start, t.end);
            let verb = matches!(t.tag.chars().next(), Some('v' | 'd' | 'p' | 'c' | 'a' | 'u' | 'r')) && t.tag != "vn";
            if !(in_list(LEADING, word) || verb || word.starts_with(['各', '该', '本', '这', '那', '其'])) {
                return start;
            }
            start = t.end;
        }
    }

    /// Does the range hold something proper: a place, person, organization or other proper
    /// noun by jieba's tags, a district mention, Latin, or (with `oov`, where the context is
    /// strong) a word jieba does not know?
    fn proper(&self, s: usize, e: usize, oov: bool) -> bool {
        if (s..e).any(|i| self.cov[i].is_some_and(|k| self.ms[k].ty == EntityType::District)) {
            return true;
        }
        self.cx.tokens_in(s, e).iter().any(|t| {
            let w = self.cx.slice(t.start, t.end);
            if in_list(NOT_PROPER, w) {
                return false;
            }
            matches!(t.tag, "ns" | "nr" | "nrt" | "nrfg" | "nz" | "nt" | "j" | "eng")
                || (oov && w.chars().count() >= 2 && w.chars().all(is_han) && !base_jieba().has_word(w))
        })
    }

    /// Han chars in a range.
    fn han(&self, s: usize, e: usize) -> usize {
        self.cx.chars[s..e].iter().filter(|&&c| is_han(c)).count()
    }

    /// Does a relative jurisdiction (区, 市, 县, 镇, 乡 as a word of its own) start at `s`?
    fn relative_at(&self, s: usize, e: usize) -> Option<char> {
        let c = *self.cx.chars.get(s)?;
        if !"区市县镇乡".contains(c) || s + 2 >= e || self.cov[s].is_some() {
            return None;
        }
        self.cx
            .token_at(s)
            .filter(|t| t.start == s && (t.end == s + 1 || !base_jieba().has_word(self.cx.slice(t.start, t.end))))
            .map(|_| c)
    }

    /// The longest prefix of `name` that is a district of the dictionaries.
    fn jurisdiction_of(&self, name: &str) -> Option<String> {
        let cs: Vec<char> = name.chars().collect();
        (2..cs.len()).rev().map(|k| cs[..k].iter().collect::<String>()).find(|p| self.cx.index.has(EntityType::District, p))
    }

    /// The district a relative word of level `level` means in this article: the
    /// jurisdiction of the recognized relative organizations of that level, else the most
    /// named district of that level.
    fn resolve_level(&self, level: char) -> Option<String> {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for m in self.ms.iter().filter(|m| m.ty == EntityType::Organization) {
            let surface = self.text(m.span.start, m.span.end);
            let relative = surface.starts_with(level) && surface.chars().count() < m.name.chars().count();
            if let Some(j) = self.jurisdiction_of(&m.name).filter(|j| relative && j.ends_with(level)) {
                let e = counts.entry(j).or_insert((0, m.span.start));
                e.0 += 1;
            }
        }
        if counts.is_empty() {
            for m in self.ms {
                let j = match m.ty {
                    EntityType::District => Some(m.name.clone()),
                    EntityType::Organization => self.jurisdiction_of(&m.name),
                    _ => None,
                };
                if let Some(j) = j.filter(|j| j.ends_with(level)) {
                    let e = counts.entry(j).or_insert((0, m.span.start));
                    e.0 += 1;
                }
            }
        }
        counts.into_iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1))).map(|(k, _)| k)
    }

    /// The name of an organization span: a relative jurisdiction resolved (区督查局 →
    /// 某某区督查局), else as written.
    fn org_name(&self, s: usize, e: usize) -> String {
        let written = self.text(s, e);
        match self.relative_at(s, e).and_then(|l| self.resolve_level(l)) {
            Some(j) => format!("{j}{}", self.text(s + 1, e)),
            None => written,
        }
    }

    // -- companies and organizations ----------------------------------------------------

    /// The name before 董事长, 总经理, 负责人 … is a company's (某某建科董事长), or an
    /// organization's when it ends with an organ head.
    fn before_company_roles(&mut self) {
        let mut seen: Vec<usize> = Vec::new();
        for &role in COMPANY_ROLES {
            for p in self.cx.occurrences(role) {
                if seen.contains(&p) || p == 0 {
                    continue;
                }
                seen.push(p);
                let start = self.extend_left(p, 20, Mode::Company);
                let start = self.trim_leading(start, p);
                if start >= p || self.han(start, p) < 2 || self.ends_in_org_head(p).is_some() {
                    continue;
                }
                // The proper part, past a district in front, must be two chars or more.
                let own = (start..p).find(|&i| self.cov[i].is_none()).unwrap_or(p);
                if self.han(own, p) < 2 || !self.proper(start, p, true) {
                    continue;
                }
                let name = self.text(start, p);
                self.push(EntityType::Company, start, p, name, "name before 董事长/总经理/负责人", 8);
            }
        }
    }

    /// The organ head ending at `e`, if any (longest).
    fn ends_in_org_head(&self, e: usize) -> Option<&'static str> {
        org_heads_table().ending_at(&self.cx.chars, e)
    }

    /// Organ-like names: a head (局, 委, 办, 站, 所, 队, 中心, 委员会 …) at the end of a word,
    /// extended left over a proper or descriptive name, with evidence that it is an organ: a
    /// jurisdiction before it (a district, or 区/市/县 as a word), a title or 负责人 after
    /// it, or a sub-unit head (司法所, 水利站, 拆迁办).
    fn org_heads(&mut self) {
        for e in 1..=self.len() {
            let Some(head) = self.ends_in_org_head(e) else { continue };
            let hn = head.chars().count();
            let hs = e - hn;
            if self.cov[e - 1].is_some() || !(e == self.len() || !is_han(self.ch(e)) || self.cx.boundary(e)) {
                continue;
            }
            let Some(t) = self.cx.token_at(e - 1).filter(|t| t.end == e) else { continue };
            // The head inside a word that is no organ (举办, 格局), or a bare ambiguous head
            // (中心 of 集散中心).
            if in_list(HEAD_JUNK, self.cx.slice(t.start, t.end)) && t.start <= hs {
                continue;
            }
            // A sub-unit head names its field itself (水利站): it may stand alone.
            let subunit = SUBUNIT_HEADS.contains(&head);
            let start = self.extend_left(e, 14, Mode::Open);
            let start = self.trim_leading(start, hs).min(hs);
            if !subunit {
                let own = (start..hs).find(|&i| self.cov[i].is_none()).unwrap_or(hs);
                if self.han(start, hs) < 2 || (self.han(own, hs) < 2 && self.cov[start].is_none()) {
                    continue;
                }
            }
            let written = self.text(start, e);
            if NOT_ENTITY_ENDINGS.iter().any(|x| written.ends_with(x)) || BUSINESS.iter().any(|b| self.ends_with_at(hs, b)) {
                continue;
            }
            let jurisdiction = self.cov[start].is_some() || self.relative_at(start, e).is_some();
            let titled = !self.cx.lex_starting_at(e, &[LexKind::Title, LexKind::PersonTitle]).is_empty()
                || self.starts_with_at(e, "负责同志");
            let (why, name) = if jurisdiction {
                ("organ after a jurisdiction", self.org_name(start, e))
            } else if subunit {
                // A township's sub-unit: the article's town is its jurisdiction.
                match self.resolve_level('镇').or_else(|| self.resolve_level('乡')) {
                    Some(town) => ("sub-unit, town from the article", format!("{town}{written}")),
                    None if start < hs => ("sub-unit", written),
                    None => continue,
                }
            } else if titled {
                ("organ before a title", written)
            } else {
                continue;
            };
            self.push(EntityType::Organization, start, e, name, why, 6);
        }
    }

    /// Items of 、-lists of places and businesses: an item no mention covers, in a list with
    /// a recognized company, organization or project, or after a visit verb, or before
    /// 等企业/项目, typed by its own ending, else by the list.
    fn lists(&mut self) {
        let clause_end = |c: char| "。，；：！？\n（）()“”\"《》【】|,;!?".contains(c);
        let mut i = 0;
        while i < self.len() {
            if self.ch(i) != '、' {
                i += 1;
                continue;
            }
            // The clause holding this 、 and its separators.
            let cs = (0..i).rev().find(|&k| clause_end(self.ch(k))).map_or(0, |k| k + 1);
            let ce = (i..self.len()).find(|&k| clause_end(self.ch(k))).unwrap_or(self.len());
            let seps: Vec<usize> = (i..ce).filter(|&k| self.ch(k) == '、').collect();
            i = ce;
            // A stretch between two separators that is not one name ends a list and starts
            // the next (…有限公司等地实地考察周口内河航运、…).
            let mut lists: Vec<Vec<(usize, usize)>> = Vec::new();
            let mut cur = vec![(self.item_start(seps[0], cs), seps[0])];
            for w in seps.windows(2) {
                let (a, b) = (w[0] + 1, w[1]);
                if self.clean_item(a, b) {
                    cur.push((a, b));
                } else {
                    let e = self.item_end(a, b);
                    let s = self.item_start(b, a);
                    cur.push((a, e));
                    lists.push(std::mem::take(&mut cur));
                    cur.push((s.max(e), b));
                }
            }
            let last_start = seps[seps.len() - 1] + 1;
            let mut last_end = self.item_end(last_start, ce);
            if self.ends_in_org_head(last_end).is_none() {
                // An organ of the lexicon followed by what jieba glued to it (城市管理局联合会商).
                if let Some(p) = (last_start + 2..last_end).rev().find(|&p| self.cx.lex.organs.contains_key(&self.text(last_start, p))) {
                    last_end = p;
                }
            }
            cur.push((last_start, last_end));
            lists.push(cur);
            for items in lists {
                if items.iter().filter(|(s, e)| e > s).count() >= 2 {
                    self.list_items(&items);
                }
            }
        }
    }

    /// Is the token a preposition, conjunction, particle or pronoun (verbs and adverbs may
    /// sit inside names: 振兴石油, 连霍高速龙亭站)?
    fn function_tag(tag: &str) -> bool {
        matches!(tag.chars().next(), Some('p' | 'c' | 'u' | 'r'))
    }

    /// Can the stretch between two separators be one item: short, without stop words? A 和
    /// may join words inside an organ's or a project's name (自然资源和规划局).
    fn clean_item(&self, a: usize, b: usize) -> bool {
        let headed = self.ends_in_org_head(b).is_some() || project_heads_table().ending_at(&self.cx.chars, b).is_some();
        b > a
            && b - a <= 20
            && (a..b).all(|k| self.cov[k].is_some() || is_han(self.ch(k)) || self.ch(k).is_ascii_alphanumeric())
            && self.cx.tokens_in(a, b).iter().all(|t| {
                let w = self.cx.slice(t.start, t.end);
                self.cov[t.start].is_some()
                    || (headed && ["和", "与"].contains(&w))
                    || !(in_list(STOP_WORDS, w)
                        || in_list(VISIT_VERBS, w)
                        || matches!(t.tag.chars().next(), Some('p' | 'c'))
                        || (w.chars().count() == 1 && STOP_CHARS.contains(w)))
            })
    }

    /// Where the first item of a list ending at `end` starts: left over tokens and whole
    /// mentions, stopping at stop words and verbs.
    fn item_start(&self, end: usize, cs: usize) -> usize {
        let mut s = end;
        while s > cs {
            let p = s - 1;
            if let Some(k) = self.cov[p] {
                s = self.ms[k].span.start.max(cs);
                continue;
            }
            let Some(t) = self.cx.token_at(p).filter(|t| t.end == s && t.start >= cs) else { break };
            let w = self.cx.slice(t.start, t.end);
            if in_list(STOP_WORDS, w) || in_list(VISIT_VERBS, w) || Self::function_tag(t.tag) || end - t.start > 20 {
                break;
            }
            if w.chars().count() == 1 && STOP_CHARS.contains(w) {
                break;
            }
            s = t.start;
        }
        s
    }

    /// Where an item starting at `start` ends (at most `ce`): before 等, a verb, 负责人 …;
    /// a project head closing it stays in (…二期项目).
    fn item_end(&self, start: usize, ce: usize) -> usize {
        let mut e = start;
        while e < ce {
            if let Some(k) = self.cov[e] {
                e = self.ms[k].span.end.min(ce);
                continue;
            }
            let Some(t) = self.cx.token_at(e).filter(|t| t.start == e && t.end <= ce) else { break };
            let w = self.cx.slice(t.start, t.end);
            if ["项目", "工程"].contains(&w) {
                return t.end;
            }
            let stop = in_list(STOP_WORDS, w)
                || ["负责人", "负责同志", "现场", "施工现场", "等地", "等单位", "参加", "相关", "有关", "企业"].contains(&w)
                || (w.chars().count() == 1 && STOP_CHARS.contains(w));
            let verb = e > start && ((t.tag.starts_with('v') && t.tag != "vn") || t.tag.starts_with('d'));
            if Self::function_tag(t.tag) || stop || verb || t.end - start > 20 {
                break;
            }
            e = t.end;
        }
        e
    }

    /// Is a word a title (副主任, 秘书长, 常委) or does it end with one?
    fn is_title(&self, w: &str) -> bool {
        let lex = self.cx.lex;
        lex.titles.iter().chain(lex.person_titles.iter()).any(|t| w.ends_with(t.as_str()))
    }

    fn list_items(&mut self, items: &[(usize, usize)]) {
        // What the list is: its recognized items, what closes it, what opens it.
        let mut known: Vec<EntityType> = Vec::new();
        let mut org_jurisdiction: Option<String> = None;
        // (name start, own start, end): own start is past a district in front.
        let mut unknown: Vec<(usize, usize, usize)> = Vec::new();
        for &(s, e) in items {
            let s = (s..e).find(|&k| !self.ch(k).is_whitespace()).unwrap_or(e);
            if e <= s {
                continue;
            }
            match (s..e).rev().find_map(|k| self.cov[k]) {
                Some(k) if self.ms[k].span.end >= e => {
                    let m = &self.ms[k];
                    known.push(m.ty);
                    if m.ty == EntityType::Organization && org_jurisdiction.is_none() {
                        org_jurisdiction = self.jurisdiction_of(&m.name);
                    }
                }
                Some(k) => {
                    let m = &self.ms[k];
                    let district_prefix = m.ty == EntityType::District && (s..m.span.start).all(|j| self.cov[j].is_some());
                    unknown.push((if district_prefix { s } else { m.span.end }, m.span.end, e));
                }
                None => unknown.push((s, s, e)),
            }
        }
        let (ls, le) = items[items.len() - 1];
        // A list of projects: closed by 项目 (…、某某二期项目现场; …等项目) or by a
        // recognized project.
        let last_project = (ls..le).rev().find_map(|k| self.cov[k]).filter(|&k| self.ms[k].ty == EntityType::Project);
        let tail: String = self.cx.chars[le..(le + 6).min(self.len())].iter().collect();
        let project_tail = ["项目", "工程", "基地", "等项目", "等重点项目", "等重大项目"].iter().any(|t| tail.starts_with(t));
        let last_text = self.text(ls, le);
        let list_project = project_tail || (last_project.is_some() && (last_text.contains("项目") || last_text.contains("工程")));
        let tail_type = if list_project {
            Some(EntityType::Project)
        } else if tail.starts_with('等') && (tail.contains("企业") || tail.contains("公司")) {
            Some(EntityType::Company)
        } else if last_project.is_some() {
            Some(EntityType::Project)
        } else {
            None
        };
        let first = items[0].0;
        let visited = VISIT_VERBS.iter().any(|v| self.ends_with_at(first, v) || (first > 0 && self.ch(first - 1) == '了' && self.ends_with_at(first - 1, v)));
        let count = |t: EntityType| known.iter().filter(|&&k| k == t).count();
        let majority = [EntityType::Company, EntityType::Project, EntityType::Organization]
            .into_iter()
            .filter(|&t| count(t) > 0)
            .max_by_key(|&t| count(t));
        // A list of organs without a jurisdiction (组织应急管理局、城市管理局…): every item
        // ends with an organ head and one is an organ of the lexicon.
        let organ_list = !unknown.is_empty()
            && items.iter().filter(|(s, e)| e > s).all(|&(_, e)| self.ends_in_org_head(e).is_some())
            && unknown.iter().any(|&(s, _, e)| self.cx.lex.organs.contains_key(&self.text(s, e)));
        if majority.is_none() && tail_type.is_none() && !visited && !organ_list {
            return;
        }
        if organ_list && org_jurisdiction.is_none() {
            // The jurisdiction of the organization or district just before the list, in the
            // same sentence (二七区防汛指挥部组织…).
            let sentence = (0..first).rev().find(|&k| "。！？\n".contains(self.ch(k))).map_or(0, |k| k + 1);
            org_jurisdiction = (sentence..first).rev().find_map(|k| {
                let m = &self.ms[self.cov[k]?];
                match m.ty {
                    EntityType::District => Some(m.name.clone()),
                    EntityType::Organization => self.jurisdiction_of(&m.name),
                    _ => None,
                }
            });
        }
        let has_org = count(EntityType::Organization) > 0 || organ_list;
        let has_company = count(EntityType::Company) > 0 || tail_type == Some(EntityType::Company);
        let why = if !known.is_empty() {
            "list next to a recognized name"
        } else if organ_list {
            "list of organs"
        } else {
            "list of places visited"
        };
        for (s, own, e) in unknown {
            // A preposition in front is not part of the name (对某某医院扩建).
            let s = if own == s && self.han(s, e) > 2 && "对在向到由与和及为从".contains(self.ch(s)) { s + 1 } else { s };
            let own = own.max(s);
            // Descriptions and verbs in front are not part of the name (运作某某城), unless
            // what is left is no name (振兴石油).
            let (s, own) = match self.trim_leading(s, e) {
                t if own == s && t > s && self.han(t, e) >= 2 && self.proper(t, e, false) => (t, t),
                _ => (s, own),
            };
            if self.han(own, e) < 2 || e - s > 20 {
                continue;
            }
            let item = self.text(s, e);
            let own_text = self.text(own, e);
            let counted = {
                let cs: Vec<char> = own_text.chars().collect();
                cs[0].is_ascii_digit() || (NUMERALS.contains(cs[0]) && cs.len() > 1 && "个项家批名座条处大".contains(cs[1]))
            };
            if own_text.starts_with(['各', '该', '本', '这', '那', '其', '相', '有', '等', '不'])
                || counted
                || GENERIC.contains(&own_text.as_str())
                || NOT_ENTITY_ENDINGS.iter().any(|x| own_text.ends_with(x))
                || self.is_title(&own_text)
                || self.cx.tokens_in(own, e).iter().any(|t| in_list(STOP_WORDS, self.cx.slice(t.start, t.end)))
            {
                continue;
            }
            let ending = |list: &'static [&'static str]| -> Option<&'static str> {
                list.iter().filter(|h| own_text.ends_with(**h) && own_text.chars().count() >= h.chars().count() + 2).max_by_key(|h| h.len()).copied()
            };
            let proper = self.proper(own, e, true);
            let relative = self.relative_at(s, e).is_some();
            let ty = if list_project && (proper || ending(PROJECT_HEADS).is_some()) {
                EntityType::Project
            } else if ending(BUSINESS).is_some() && (proper || visited || has_company) {
                EntityType::Company
            } else if ending(BUSINESS).is_none()
                && self.ends_in_org_head(e).is_some_and(|h| self.han(own, e - h.chars().count()) >= 2)
                && (has_org || relative || own > s || STRONG_ORG_ENDINGS.iter().any(|x| own_text.ends_with(x)))
            {
                EntityType::Organization
            } else if ending(PROJECT_HEADS).is_some() && (proper || last_project.is_some()) {
                EntityType::Project
            } else if !proper {
                continue;
            } else if let Some(t) = tail_type.or(majority).filter(|&t| t != EntityType::Organization) {
                t
            } else if ending(COMMERCIAL).is_some() {
                EntityType::Company
            } else {
                continue;
            };
            let (s, name) = match ty {
                EntityType::Organization => {
                    let head = self.ends_in_org_head(e).map_or(0, |h| h.chars().count());
                    // A lexicon organ gets its canonical form (城市管理局 → 城管局), as the
                    // recognizer names it.
                    let organ = self.cx.lex.organs.get(&item).cloned().unwrap_or_else(|| item.clone());
                    match &org_jurisdiction {
                        Some(j) if !relative && own == s && !self.proper(s, e - head, true) => (s, format!("{j}{organ}")),
                        _ => (s, self.org_name(s, e)),
                    }
                }
                EntityType::Company => {
                    // A place in front of a business (某某高新区某某一工) is not its name.
                    let mut k = s;
                    for t in self.cx.tokens_in(own, e) {
                        let w = self.cx.slice(t.start, t.end);
                        if t.start >= k && ["区", "园", "县", "镇", "乡", "村"].iter().any(|x| w.ends_with(x)) && self.han(t.end, e) >= 2 {
                            k = t.end;
                        }
                    }
                    (k, self.text(k, e))
                }
                _ => (s, item.clone()),
            };
            self.push(ty, s, e, name, why, 7);
        }
    }

    /// Proper names before 项目, 工程, 产业园, 基地 …, not generic ones (重点项目).
    fn project_heads(&mut self) {
        for e in 1..=self.len() {
            let Some(head) = project_heads_table().ending_at(&self.cx.chars, e) else { continue };
            let hs = e - head.chars().count();
            if self.cov[e - 1].is_some() || hs == 0 {
                continue;
            }
            if self.cx.token_at(e - 1).is_some_and(|t| t.end > e) {
                continue;
            }
            let start = self.extend_left(hs, 16, Mode::Open);
            let start = self.trim_leading(start, hs);
            if start >= hs {
                continue;
            }
            let own = (start..hs).find(|&i| self.cov[i].is_none()).unwrap_or(hs);
            if self.han(own, hs) < 2 || !self.proper(start, hs, false) || NUMERALS.contains(self.ch(own)) || self.ch(own).is_ascii_digit() {
                continue;
            }
            let name = self.text(start, e);
            self.push(EntityType::Project, start, e, name, "proper name before a project head", 6);
        }
    }

    /// Names ending in a business word (某某工贸, 某某石油) that end a phrase.
    fn business_names(&mut self) {
        for &b in BUSINESS {
            let n = b.chars().count();
            for hs in self.cx.occurrences(b) {
                let e = hs + n;
                let phrase_ends = e == self.len()
                    || !is_han(self.ch(e))
                    || "等和及与".contains(self.ch(e))
                    || !self.cx.lex_starting_at(e, &[LexKind::PersonTitle]).is_empty();
                if self.cov[hs].is_some() || !phrase_ends {
                    continue;
                }
                let start = self.extend_left(hs, 12, Mode::Company);
                let start = self.trim_leading(start, hs);
                if start >= hs || self.han(start, hs) < 2 || !self.proper(start, hs, false) {
                    continue;
                }
                let own = (start..hs).find(|&i| self.cov[i].is_none()).unwrap_or(hs);
                if self.han(own, hs) < 2 {
                    continue;
                }
                let name = self.text(start, e);
                self.push(EntityType::Company, start, e, name, "name ending in a business word", 4);
            }
        }
    }

    // -- programs ----------------------------------------------------------------------

    /// A numeral program starting at `i` (三个一批, 四项对接, 五年行动, 两个确保, 十大战略,
    /// 一院一城一产业集群): its end.
    fn numeral_program_at(&self, i: usize, limit: usize) -> Option<usize> {
        let num = |k: usize| k < limit && (NUMERALS.contains(self.ch(k)) || self.ch(k).is_ascii_digit());
        if !num(i) {
            return None;
        }
        let mut k = i;
        while num(k) && k - i < 3 {
            k += 1;
        }
        if k >= limit {
            return None;
        }
        let c = self.ch(k);
        let han_run = |from: usize, max: usize| (from..limit.min(from + max)).take_while(|&j| is_han(self.ch(j))).count();
        // 一X一Y(一Z…): parts of one or two chars, the last up to four.
        if self.ch(i) == '一' && k == i + 1 {
            let mut p = i;
            let mut parts = 0;
            while p < limit && self.ch(p) == '一' {
                let run = (p + 1..limit).take_while(|&j| is_han(self.ch(j)) && self.ch(j) != '一').count();
                let next_is_one = p + 1 + run < limit && self.ch(p + 1 + run) == '一';
                let part = if (1..=2).contains(&run) {
                    run
                } else if run == 0 || next_is_one {
                    break;
                } else if run <= 4 && p + 1 + run == limit {
                    run
                } else {
                    // The last part runs on into the sentence: take jieba's word.
                    match self.cx.token_at(p + 1).filter(|t| t.start == p + 1 && t.end - t.start <= 4) {
                        Some(t) => t.end - t.start,
                        None => break,
                    }
                };
                parts += 1;
                p += 1 + part;
                if part > 2 {
                    break;
                }
            }
            let idiom = (p - i == 4 && base_jieba().has_word(&self.text(i, p))) || "的了地得".contains(self.ch(p - 1));
            if parts >= 2 && p - i >= 4 && !idiom {
                return Some(p);
            }
            return None;
        }
        match c {
            '个' if k + 1 < limit && self.ch(k + 1) == '一' && han_run(k + 2, 2) >= 1 => Some(k + 2 + han_run(k + 2, 2).min(2)),
            '个' | '项' => {
                // 两个确保, 四项对接: a verb ending the phrase (not 两个观摩员).
                let t = self.cx.token_at(k + 1).filter(|t| t.start == k + 1 && t.end - t.start == 2 && t.tag == "v")?;
                let ends = t.end >= limit
                    || !is_han(self.ch(t.end))
                    || ["活动", "行动", "工作", "工程", "任务", "要求"].iter().any(|w| self.starts_with_at(t.end, w));
                ends.then_some(t.end)
            }
            '年' => ["行动计划", "行动", "计划", "规划", "攻坚"].iter().find(|w| self.starts_with_at(k + 1, w)).map(|w| k + 1 + w.chars().count()),
            '大' => NUMERAL_NOUNS.iter().find(|w| self.starts_with_at(k + 1, w)).map(|w| k + 1 + w.chars().count()),
            _ => None,
        }
    }

    /// A quoted name of numerals and words: 八个深化, 三大要素保障, 四减一即, 一站两员 (not
    /// 一件事, 一站式, 二七精神, 七彩假期).
    fn quoted_numeral(&self, s: usize, e: usize) -> bool {
        let num = |k: usize| k < e && NUMERALS.contains(self.ch(k));
        if e - s > 8 || e - s < 3 || !num(s) || !(s..e).all(|k| is_han(self.ch(k))) {
            return false;
        }
        if self.cx.token_at(s).is_some_and(|t| t.start == s && t.end - t.start >= 2 && t.tag != "m") {
            return false;
        }
        let counted = "个项大".contains(self.ch(s + 1)) && e - s >= 4;
        let paired = (s + 2..e).any(num) && !num(s + 1) && e - s >= 4;
        counted || paired
    }

    /// Unquoted numeral programs.
    fn numeral_programs(&mut self) {
        for i in 0..self.len() {
            if i > 0 && (NUMERALS.contains(self.ch(i - 1)) || self.ch(i - 1).is_ascii_digit() || "第这那每其各前后近约共上下".contains(self.ch(i - 1))) {
                continue;
            }
            if !self.cx.boundary(i) && i > 0 && is_han(self.ch(i - 1)) {
                continue;
            }
            if let Some(e) = self.numeral_program_at(i, self.len()).filter(|&e| e - i >= 4 && self.right_boundary(e)) {
                let name = self.text(i, e);
                self.push(EntityType::Program, i, e, name, "numeral program", 6);
            }
        }
    }

    fn right_boundary(&self, e: usize) -> bool {
        e >= self.len() || !is_han(self.ch(e)) || self.cx.boundary(e)
    }

    /// Quoted names: a numeral program, or a phrase of four chars or more that is not a
    /// sentence, a slogan pair or a common metaphor.
    fn quoted_programs(&mut self) {
        for p in 0..self.len() {
            let close = match self.ch(p) {
                '“' => '”',
                '"' => '"',
                '「' => '」',
                _ => continue,
            };
            let Some(q) = (p + 1..(p + 18).min(self.len())).find(|&k| self.ch(k) == close) else { continue };
            let (s, e) = (p + 1, q);
            if e <= s || (s..e).any(|k| "，。！？、；：,!?;\n".contains(self.ch(k))) {
                continue;
            }
            let inner = self.text(s, e);
            if METAPHORS.contains(&inner.as_str()) || inner.ends_with(['啊', '吗', '呢', '吧', '了', '的']) {
                continue;
            }
            // 三个二七, 四减一即: a quoted name that starts with a numeral.
            let numeral = self.numeral_program_at(s, e) == Some(e) || self.quoted_numeral(s, e);
            if numeral {
                self.push(EntityType::Program, s, e, inner, "quoted numeral program", 7);
            } else if self.han(s, e) >= 4 && (s..e).all(|k| is_han(self.ch(k))) && QUOTE_HEADS.iter().any(|h| self.starts_with_at(q + 1, h)) {
                // A slogan alone is no program; one before 品牌, 模式, 平台 … names one.
                self.push(EntityType::Program, s, e, inner, "quoted name before a head noun", 5);
            }
        }
    }

    // -- names repeated with a verb ---------------------------------------------------------

    /// A person's name the text repeats, at least once before a verb of speech or action
    /// (某某指出, 某某同志带领), that no mention covers: an official the rules missed.
    fn repeated_names(&mut self) {
        let mut occ: BTreeMap<String, Vec<(usize, usize, bool, bool)>> = BTreeMap::new();
        for i in 0..self.len() {
            let c = self.ch(i);
            let maybe_surname = self.cx.lex.is_surname(c) || self.cx.lex.starts_compound_surname(c);
            if self.cov[i].is_some() || !maybe_surname || self.cx.lex.surname_len(&self.cx.chars[i..]).is_none() {
                continue;
            }
            let left_ok = i == 0 || !is_han(self.ch(i - 1)) || "的、和与及由对向在将把被让给同跟".contains(self.ch(i - 1)) || self.cx.boundary(i);
            if !left_ok {
                continue;
            }
            let Some(e) = self.name_before_delim(i, false) else { continue };
            if (i..e).any(|k| self.cov[k].is_some()) {
                continue;
            }
            let nr = self.cx.token_at(i).is_some_and(|t| t.start == i && t.end == e && t.tag.starts_with("nr"));
            let speech = SPEECH.iter().any(|w| self.starts_with_at(e, w));
            occ.entry(self.text(i, e)).or_default().push((i, e, speech, nr));
        }
        let longer: Vec<&str> = self.ms.iter().filter(|m| matches!(m.ty, EntityType::Official | EntityType::Person)).map(|m| m.name.as_str()).collect();
        for (name, v) in occ {
            if longer.iter().any(|l| l.len() > name.len() && (l.starts_with(name.as_str()) || l.ends_with(name.as_str()))) {
                continue;
            }
            let speech = v.iter().any(|o| o.2);
            let nr = v.iter().any(|o| o.3);
            if !(speech && (v.len() >= 2 || nr)) {
                continue;
            }
            for (s, e, _, _) in v {
                self.push(EntityType::Official, s, e, name.clone(), "name repeated with a verb", 5);
            }
        }
    }
}
