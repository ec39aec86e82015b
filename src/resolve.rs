//! Stage 5: resolve candidates to canonical entities.
//!
//! * Relative organization names (区发改委, 镇党委, 我区, 市气象局) get the article's own
//!   jurisdiction of that level: the district of that level the article names most often
//!   (ties: the first named), else one named elsewhere on the same page, else the ancestor
//!   of such a district (市 in a story about 二七区 is 郑州市). A relative name that cannot
//!   be resolved is dropped rather than merged with the same organ of another place.
//! * An official's role organization is resolved the same way.
//! * Spans get byte offsets next to their char offsets.

use crate::model::{EntityId, EntityType, Mention, Span};
use crate::dict::DictIndex;
use crate::recognize::Candidate;
use std::collections::BTreeMap;

/// The districts an article (or its page) names, with counts, in first-mention order.
#[derive(Clone, Debug, Default)]
pub struct Jurisdictions {
    /// (canonical, count, first position)
    named: Vec<(String, usize, usize)>,
}

impl Jurisdictions {
    /// From the district candidates of a text.
    pub fn from_candidates<'c>(cands: impl IntoIterator<Item = &'c Candidate>) -> Jurisdictions {
        let mut map: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for c in cands.into_iter().filter(|c| c.ty == EntityType::District && c.relative.is_none()) {
            let e = map.entry(c.name.clone()).or_insert((0, c.start));
            e.0 += 1;
        }
        // Organizations named with their district also name the district (中牟县纪委监委).
        let mut named: Vec<(String, usize, usize)> = map.into_iter().map(|(k, (n, p))| (k, n, p)).collect();
        named.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        Jurisdictions { named }
    }

    /// Adds what an organization's name says about the district (中牟县纪委监委 → 中牟县).
    pub fn add(&mut self, name: &str, pos: usize) {
        match self.named.iter_mut().find(|n| n.0 == name) {
            Some(n) => n.1 += 1,
            None => self.named.push((name.to_string(), 1, pos)),
        }
        self.named.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.named.iter().map(|n| n.0.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.named.is_empty()
    }
}

/// Does the district `name` have the level that the relative word `level` asks for?
fn fits_level(index: &DictIndex, name: &str, level: &str) -> bool {
    let lvl = index.named(EntityType::District, name).and_then(|e| e.attr("level")).unwrap_or("");
    match level {
        "区" => name.ends_with('区') && matches!(lvl, "county" | "zone" | ""),
        "县" => name.ends_with('县'),
        "市" => name.ends_with('市') && matches!(lvl, "city" | "county" | ""),
        "省" => lvl == "province" || name.ends_with('省'),
        "镇" => name.ends_with('镇'),
        "乡" => name.ends_with('乡'),
        "街道" => name.ends_with("街道"),
        _ => false,
    }
}

/// The district a relative word of `level` stands for in an article.
pub fn resolve_level(index: &DictIndex, level: &str, article: &Jurisdictions, page: &Jurisdictions) -> Option<String> {
    // 区委 in a story about 二七区 and its 经济技术开发区 is the county's: zones come second.
    let is_zone = |n: &str| {
        index.named(EntityType::District, n).is_some_and(|e| e.attr("level") == Some("zone"))
            || n.ends_with("开发区")
            || n.ends_with("新区")
    };
    for zone_ok in [false, true] {
        for j in [article, page] {
            // A zone only the zone rule found (蟠龙高新技术产业开发区) is no "区" of the story.
            let known = |n: &str| index.has(EntityType::District, n);
            if let Some(n) = j.names().find(|n| fits_level(index, n, level) && (if zone_ok { known(n) } else { !is_zone(n) })) {
                return Some(n.to_string());
            }
        }
    }
    for j in [article, page] {
        for n in j.names() {
            let known = |d: &str| article.names().chain(page.names()).any(|x| x == d);
            if let Some(a) = index.ancestors_near(n, known).into_iter().find(|a| fits_level(index, &a.canonical, level)) {
                return Some(a.canonical.clone());
            }
        }
    }
    None
}

pub use crate::recognize::ZONE_LEVEL;

/// The zone a bare 高新区 or 经开区 stands for: that of the article's county-level district
/// (经开区 in a story about 二七区 is 二七经开区), else of its city (高新区 in a Zhengzhou
/// story is 郑州高新区), by the short forms the division list gives its zones.
pub fn resolve_zone(index: &DictIndex, short: &str, article: &Jurisdictions, page: &Jurisdictions) -> Option<String> {
    for level in ["区", "县", "市"] {
        let Some(d) = resolve_level(index, level, article, page) else { continue };
        let stem = d.trim_end_matches(['区', '县', '市']);
        if stem.chars().count() < 2 {
            continue;
        }
        let surface = format!("{stem}{short}");
        if let Some(zone) = index.district_by_surface(&surface) {
            return Some(zone.canonical.clone());
        }
    }
    None
}

/// Resolves an article's selected candidates into mentions.
pub fn resolve(index: &DictIndex, text: &str, mut cands: Vec<Candidate>, page: &Jurisdictions) -> Vec<Mention> {
    let mut article = Jurisdictions::from_candidates(&cands);
    for c in cands.iter().filter(|c| c.ty == EntityType::Organization && c.relative.is_none()) {
        // 中牟县纪委监委 also tells that the article is about 中牟县.
        if let Some(d) = district_prefix(index, &c.name) {
            article.add(&d, c.start);
        }
    }
    let byte_of = ByteOffsets::of(text, cands.iter().flat_map(|c| [c.start, c.end]));
    let mut resolved_orgs: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::with_capacity(cands.len());
    // Names and titles move into the mentions; only relative names (区发改委) are read
    // again below, and those keep theirs.
    for c in &mut cands {
        let mut name: String = if c.name.contains(char::is_whitespace) {
            c.name.chars().filter(|c| !c.is_whitespace()).collect()
        } else if c.relative.is_some() {
            c.name.clone()
        } else {
            std::mem::take(&mut c.name)
        };
        if let Some((level, organ)) = &c.relative {
            let target = if level == ZONE_LEVEL {
                resolve_zone(index, organ, &article, page)
            } else {
                resolve_level(index, level, &article, page).map(|d| format!("{d}{organ}"))
            };
            match target {
                Some(d) => {
                    name = d;
                    resolved_orgs.insert(c.name.clone(), name.clone());
                }
                None => continue,
            }
        }
        out.push(Mention {
            ty: c.ty,
            name,
            span: Span { start: c.start, end: c.end, byte_start: byte_of.at(c.start), byte_end: byte_of.at(c.end) },
            rule: c.rule,
            roles: std::mem::take(&mut c.roles),
            role_of: c.role_org.as_ref().map(|o| EntityId::new(EntityType::Organization, o)),
            list_order: c.list_order,
        });
    }
    full_company_names(&mut out);
    full_project_names(&mut out);
    short_district_names(&mut out, &article);
    standing_committees(index, &mut out);
    for m in out.iter_mut().filter(|m| m.ty == EntityType::Official) {
        m.role_of = match m.role_of.take() {
            // A relative organization the official belongs to, resolved with the others.
            Some(id) => {
                let written = id.0.split_once(':').map(|x| x.1).unwrap_or("");
                match resolved_orgs.get(written) {
                    Some(r) => Some(EntityId::new(EntityType::Organization, r)),
                    None if cands.iter().any(|c| c.relative.is_some() && c.name == written) => None,
                    None => Some(id),
                }
            }
            // 区长, 区委副书记, 区领导: a role of "this" district.
            None => m.roles.iter().find_map(|r| role_district(index, r, &article, page)),
        };
        if let Some(id) = &m.role_of
            && let Some(full) = id.0.strip_prefix("organization:").and_then(|n| standing_committee(index, n))
        {
            m.role_of = Some(EntityId::new(EntityType::Organization, &full));
        }
    }
    out
}

/// The levels of division whose people's congress has a standing committee (a town's or
/// township's has a presidium instead, and keeps its own name).
const STANDING_COMMITTEE_LEVELS: [&str; 3] = ["province", "city", "county"];

/// 二七区人大 → 二七区人大常委会: a county's, city's or province's congress and its standing
/// committee are one organ in the graph. Between sessions the standing committee is the
/// congress's working body, and local news writes 区人大 for it (区人大召开督导会议,
/// 区人大常委会主任 presides); two nodes would split one organ's ties between them.
fn standing_committee(index: &DictIndex, name: &str) -> Option<String> {
    let division = name.strip_suffix("人大")?;
    let level = index.named(EntityType::District, division)?.attr("level")?;
    STANDING_COMMITTEE_LEVELS.contains(&level).then(|| format!("{name}常委会"))
}

/// The short form a folded congress is also known by (二七区人大 for 二七区人大常委会), so
/// that a search for what the story wrote finds it.
pub fn congress_alias(name: &str) -> Option<&str> {
    name.strip_suffix("常委会").filter(|n| n.ends_with("人大"))
}

/// Renames the congresses that [`standing_committee`] folds.
fn standing_committees(index: &DictIndex, out: &mut [Mention]) {
    for m in out.iter_mut().filter(|m| m.ty == EntityType::Organization) {
        if let Some(full) = standing_committee(index, &m.name) {
            m.name = full;
        }
    }
}

/// A project written without its head (新建大道东延, an item of 新建大道东延等项目) in a
/// story that also writes it with one (新建大道东延项目) is that project: one node, under
/// the name with the head.
fn full_project_names(out: &mut [Mention]) {
    let names: Vec<String> = out.iter().filter(|m| m.ty == EntityType::Project).map(|m| m.name.clone()).collect();
    for m in out.iter_mut().filter(|m| m.ty == EntityType::Project) {
        if let Some(full) = ["项目", "工程"].iter().map(|h| format!("{}{h}", m.name)).find(|f| names.contains(f)) {
            m.name = full;
        }
    }
}

/// A two-char division name (东区, 西区: real districts elsewhere in China) in a story
/// that names a longer division with the same chars in order and the same last char
/// (郑东新区) is that division written short, and so is an organization named after it
/// (东区人大工委 → 郑东新区人大工委).
fn short_district_names(out: &mut [Mention], article: &Jurisdictions) {
    let longs: Vec<Vec<char>> = article.names().map(|n| n.chars().collect::<Vec<char>>()).filter(|n| n.len() >= 4).collect();
    let mut renames: Vec<(String, String)> = Vec::new();
    for m in out.iter().filter(|m| m.ty == EntityType::District) {
        let short: Vec<char> = m.name.chars().collect();
        if short.len() != 2 || renames.iter().any(|(s, _)| *s == m.name) {
            continue;
        }
        let long = longs.iter().find(|l| {
            l.last() == short.last() && l.iter().position(|&c| c == short[0]).is_some_and(|p| p > 0 && p + 1 < l.len() - 1)
        });
        if let Some(l) = long {
            renames.push((m.name.clone(), l.iter().collect()));
        }
    }
    for m in out.iter_mut() {
        for (short, long) in &renames {
            if m.ty == EntityType::District && m.name == *short {
                m.name = long.clone();
            } else if m.ty == EntityType::Organization && m.name.starts_with(short.as_str()) && !m.name.starts_with(long.as_str()) {
                m.name = format!("{long}{}", &m.name[short.len()..]);
            }
        }
    }
}

/// Legal forms that a story drops after naming a company in full once.
const LEGAL_FORMS: [&str; 4] = ["股份有限公司", "有限责任公司", "有限公司", "公司"];

/// A company written short (中国二冶集团) in a story that also names it with its legal form
/// (中国二冶集团有限公司), or with a few more chars in front that a later mention lost, is
/// that company: one node, under its longest name as written.
fn full_company_names(out: &mut [Mention]) {
    let names: Vec<String> = out.iter().filter(|m| m.ty == EntityType::Company).map(|m| m.name.clone()).collect();
    for m in out.iter_mut().filter(|m| m.ty == EntityType::Company) {
        let full = names.iter().filter(|n| {
            n.len() > m.name.len()
                && ((n.starts_with(m.name.as_str()) && LEGAL_FORMS.contains(&&n[m.name.len()..]))
                    // 广东砺少商贸有限公司 then (对)…少商贸有限公司: jieba cut a rare char off.
                    || (n.ends_with(m.name.as_str()) && n[..n.len() - m.name.len()].chars().count() <= 3))
        });
        if let Some(f) = full.max_by_key(|n| n.len()) {
            m.name = f.clone();
        }
    }
}

/// The district a title names by its first char (区长 → the article's 区) or by a division
/// name in front (二七区领导 → 二七区).
fn role_district(index: &DictIndex, role: &str, article: &Jurisdictions, page: &Jurisdictions) -> Option<EntityId> {
    if let Some(d) = district_prefix(index, role) {
        return Some(EntityId::new(EntityType::District, &d));
    }
    // 副区长, 常务副区长: the level char follows the deputy's prefix.
    let bare = role.trim_start_matches("常务").trim_start_matches("第一").trim_start_matches('副');
    let first = bare.chars().next()?;
    let level = first.to_string();
    if !crate::text::is_level_char(first) || bare.chars().count() < 2 {
        return None;
    }
    resolve_level(index, &level, article, page).map(|d| EntityId::new(EntityType::District, &d))
}

/// The longest district name that starts an organization's name.
fn district_prefix(index: &DictIndex, name: &str) -> Option<String> {
    // Its prefixes of all but the whole name down to two chars, longest first: the
    // prefix before each of its chars from the last down to the third.
    let n = name.chars().count();
    name.char_indices()
        .rev()
        .take(n.saturating_sub(2))
        .map(|(b, _)| &name[..b])
        .find(|p| index.has(EntityType::District, p))
        .map(str::to_string)
}

/// The byte offsets of some char positions of a text (a position past the end is the
/// text's length), found in one walk over the text without a table for every char: an
/// article's mentions need a few dozen.
struct ByteOffsets {
    chars: Vec<usize>,
    bytes: Vec<usize>,
}

impl ByteOffsets {
    fn of(text: &str, positions: impl Iterator<Item = usize>) -> ByteOffsets {
        let mut chars: Vec<usize> = positions.collect();
        chars.sort_unstable();
        chars.dedup();
        let bytes = crate::text::byte_offsets(text, &chars);
        ByteOffsets { chars, bytes }
    }

    fn at(&self, char: usize) -> usize {
        self.bytes[self.chars.binary_search(&char).expect("a position asked for")]
    }
}

#[cfg(test)]
mod tests {
    use super::ByteOffsets;

    #[test]
    fn byte_offsets_are_where_the_chars_start() {
        let text = "郑州a市𠀀区 b";
        let table: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let n = table.len() - 1;
        // Any order, repeats, and the end of the text.
        let asked = [n, 3, 0, 3, 5, n - 1, 1, 4];
        let offsets = ByteOffsets::of(text, asked.iter().copied());
        for (p, &b) in table.iter().enumerate().filter(|(p, _)| asked.contains(p)) {
            assert_eq!(offsets.at(p), b, "char {p}");
        }
    }
}
