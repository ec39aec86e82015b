//! Organizations: jurisdiction + organ.
//!
//! * A district (中原区, 郑州市, 王村镇) or a relative jurisdiction (区, 市, 县, 镇, 乡, 省,
//!   街道, and 我区/我市) followed by an organ of the lexicon (发改委, 审计局, 人大常委会,
//!   纪委监委, 党委, 政府 …): 中原区审计局, 区发改委, 镇党委. Relative names are resolved to
//!   the article's own jurisdiction later ([`crate::resolve`]), so that 区发改委 of two
//!   districts never becomes one node.
//! * The party committee itself: 区委, 市委, 二七区委, and its departments after it:
//!   区委宣传部, 市委政法委.
//! * A jurisdiction, a short noun phrase and a generic head (中心, 指挥部, 办, 分局, 协会 …):
//!   二七区政务服务中心, 郑州市防汛抗旱指挥部, 河南省文化馆群星艺术团. Institution heads
//!   (大学, 医院 …) may follow the jurisdiction directly: 郑州大学.
//!
//! Organ names are canonicalized by the lexicon (卫生健康委员会 → 卫健委), so that the
//! full and the short form of a name are one node.

use super::super::context::LexKind;
use super::super::{Candidate, Context, Rule};
use super::extend_left_with;
use crate::model::{EntityType, RuleId};
use crate::text::is_han;
use crate::text::{is_level_char, LEVEL_CHARS};

pub struct OrganizationRule;

/// Single chars that stand for "this article's" jurisdiction before an organ.
/// Heads that may directly follow a jurisdiction (郑州大学, 中牟县人民医院 needs no middle).
const INSTITUTION_HEADS: [&str; 10] =
    ["大学", "学院", "医院", "中学", "小学", "博物馆", "图书馆", "文化馆", "科学院", "人民医院"];
/// Continuations that make a generic head a modifier (中心城区, 中心城市, 中心港区).
const NOT_AFTER_HEAD: [char; 7] = ['城', '区', '地', '化', '镇', '市', '港'];

/// A jurisdiction found right before position `at`.
struct Jurisdiction {
    start: usize,
    /// Canonical district name, or `None` for a relative one.
    district: Option<String>,
    /// For relative jurisdictions: the level char/word (区, 市, 街道 …).
    level: Option<String>,
}

impl Rule for OrganizationRule {
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
        // The party committee: <J>委, then its departments.
        for i in 1..cx.len() {
            if cx.chars[i] != '委' || cx.chars.get(i + 1).is_some_and(|&c| c == '员' || c == '会') {
                continue;
            }
            let Some(j) = jurisdiction_before(cx, i, true) else { continue };
            let mut end = i + 1;
            let mut organ = "委".to_string();
            // A one-char department (区委办) must end its word: not 区委办好实事.
            let dept = cx.lex_starting_at(end, &[LexKind::PartyDept]).into_iter().find(|d| {
                d.end - d.start > 1
                    || cx.chars.get(d.end).is_none_or(|&c| !is_han(c) || "和与及等".contains(c))
                    || !cx.lex_starting_at(d.end, &[LexKind::Title]).is_empty()
            });
            if let Some(d) = dept {
                organ = format!("委{}", cx.lex.party_departments[cx.lex_word(d)]);
                end = d.end;
            }
            push(cx, out, &j, i, end, &organ);
        }
        // Jurisdiction + organ from the lexicon.
        for h in cx.lex_hits.iter().filter(|h| h.kind == LexKind::Organ || h.kind == LexKind::PartyDept) {
            if h.kind == LexKind::PartyDept {
                continue; // only after 委, above
            }
            // 党委 in 镇党委书记 is an organ even though jieba reads 党委书记 as one word.
            let title_follows = !cx.lex_starting_at(h.end, &[LexKind::Title]).is_empty();
            if !organ_ends_word(cx, h.end) && !title_follows {
                continue;
            }
            let organ = cx.lex.organs[cx.lex_word(h)].clone();
            // 省十三届人大常委会: an ordinal session may stand between.
            let at = ordinal_before(cx, h.start);
            // A zone the zone rule found (蟠龙高新区管委会) is a jurisdiction too.
            let zone = found
                .iter()
                .filter(|c| c.ty == EntityType::District && c.rule == RuleId::Zone && c.end == at && c.relative.is_none())
                .max_by_key(|c| c.len())
                .map(|c| Jurisdiction { start: c.start, district: Some(c.name.clone()), level: None });
            if let Some(j) = zone.or_else(|| jurisdiction_before(cx, at, false)) {
                push(cx, out, &j, at, h.end, &organ);
            } else if PLACE_ORGANS.contains(&organ.as_str()) {
                // 樱桃沟管委会: a place name that is no division, with its own administration.
                if let Some(t) = cx.token_at(h.start.saturating_sub(1)).filter(|t| t.end == h.start && t.tag == "ns") {
                    let written = cx.slice(t.start, h.end).to_string();
                    out.push(Candidate::new(t.start, h.end, EntityType::Organization, written, RuleId::Organization));
                }
            }
        }
        listed_organs(cx, out);
        // Jurisdiction + noun phrase + generic head.
        for h in cx.lex_hits.iter().filter(|h| h.kind == LexKind::OrgHead) {
            if !organ_ends_word(cx, h.end) || cx.chars.get(h.end).is_some_and(|c| NOT_AFTER_HEAD.contains(c)) {
                continue;
            }
            let head = cx.lex_word(h).to_string();
            // The head must start a word: 办 in 举办 is no office.
            if !cx.boundary(h.start) {
                continue;
            }
            let mid_start = extend_left_with(cx, h.start, 10, true);
            // A division at the start of the name, even inside a jieba word (郑州大学第一附属医院).
            let lead = cx
                .dict_hits
                .iter()
                .filter(|d| d.start >= mid_start && d.start < h.start && d.end < h.start)
                .filter(|d| d.start == mid_start || cx.boundary(d.start))
                .filter(|d| cx.surface(d).chars > 2 || (!cx.boundary(d.start + 1) && !cx.conjunction_division(d)))
                .filter(|d| !cx.hit_entries(d, EntityType::District).is_empty())
                .min_by_key(|d| (d.start, usize::MAX - d.end));
            if let Some(d) = lead {
                let written = cx.slice(d.start, h.end).to_string();
                out.push(Candidate::new(d.start, h.end, EntityType::Organization, written, RuleId::Organization));
                continue;
            }
            // Try the jurisdiction at every token start of the middle, leftmost first.
            let mut k = mid_start;
            while k <= h.start {
                if let Some(j) = jurisdiction_before(cx, k, false) {
                    let middle_ok = k < h.start || INSTITUTION_HEADS.contains(&head.as_str());
                    if middle_ok && (k == h.start || cx.boundary(k)) {
                        let organ = cx.slice(k, h.end).to_string();
                        if j.district.is_some() {
                            // A named institution keeps its name as written (河南工艺美术馆).
                            let written = cx.slice(j.start, h.end).to_string();
                            out.push(Candidate::new(j.start, h.end, EntityType::Organization, written, RuleId::Organization));
                        } else {
                            push(cx, out, &j, k, h.end, &organ);
                        }
                        break;
                    }
                }
                k += 1;
            }
        }
    }
}

/// Organs a story lists after an organization share its jurisdiction: in 区发展改革委、
/// 农业农村局、住建局负责人 every organ is the district's. Left to right, so that a list
/// passes the jurisdiction on item by item.
fn listed_organs(cx: &Context, out: &mut Vec<Candidate>) {
    let mut hits: Vec<_> = cx.lex_hits.iter().filter(|h| h.kind == LexKind::Organ).collect();
    hits.sort_by_key(|h| (h.start, usize::MAX - h.end));
    for h in hits {
        if h.start == 0 || cx.chars[h.start - 1] != '、' || !organ_ends_word(cx, h.end) {
            continue;
        }
        if out.iter().any(|c| c.start <= h.start && h.end <= c.end) {
            continue;
        }
        let Some(prev) = out
            .iter()
            .filter(|c| c.ty == EntityType::Organization && c.end + 1 == h.start)
            .max_by_key(|c| c.end - c.start)
        else {
            continue;
        };
        let organ = cx.lex.organs[cx.lex_word(h)].clone();
        let written = cx.slice(h.start, h.end).to_string();
        let mut c = Candidate::new(h.start, h.end, EntityType::Organization, written, RuleId::OrganizationList);
        if let Some((level, _)) = &prev.relative {
            c.relative = Some((level.clone(), organ));
        } else {
            // The previous name is its district and its organ: keep the district.
            let Some(prefix) = district_prefix(cx, &prev.name) else { continue };
            c.name = format!("{prefix}{organ}");
        }
        out.push(c);
    }
}

/// The district part of an organization's canonical name (龙亭区 of 龙亭区发改委).
fn district_prefix(cx: &Context, name: &str) -> Option<String> {
    let organ = cx.lex.organs.values().filter(|o| name.ends_with(o.as_str()) && name.len() > o.len()).max_by_key(|o| o.len())?;
    let prefix = &name[..name.len() - organ.len()];
    prefix.ends_with(LEVEL_CHARS).then(|| prefix.to_string())
}

/// Organs that a place without division status can have (scenic areas, parks).
const PLACE_ORGANS: [&str; 4] = ["管委会", "办事处", "党工委", "管理处"];

/// Skips back over an ordinal session (十三届, 第十五届) before `at`.
fn ordinal_before(cx: &Context, at: usize) -> usize {
    if at == 0 || cx.chars[at - 1] != '届' {
        return at;
    }
    let mut k = at - 1;
    while k > 0 && "第一二三四五六七八九十0123456789".contains(cx.chars[k - 1]) {
        k -= 1;
    }
    if k < at - 1 { k } else { at }
}

/// The organ (or head) must not run on into a longer word (政府 in 政府性).
fn organ_ends_word(cx: &Context, end: usize) -> bool {
    end >= cx.len() || !is_han(cx.chars[end]) || cx.boundary(end) || "办和与及、等".contains(cx.chars[end])
}

fn push(cx: &Context, out: &mut Vec<Candidate>, j: &Jurisdiction, organ_start: usize, end: usize, organ: &str) {
    let _ = organ_start;
    let written = cx.slice(j.start, end).to_string();
    let mut c = Candidate::new(j.start, end, EntityType::Organization, written, RuleId::Organization);
    match (&j.district, &j.level) {
        (Some(d), _) => c.name = format!("{d}{organ}"),
        (None, Some(level)) => c.relative = Some((level.clone(), organ.to_string())),
        (None, None) => return,
    }
    out.push(c);
}

/// A jurisdiction ending right before `at`: a district dictionary hit (the innermost of a
/// chain such as 荥阳市王村镇 names it, the span covers the chain), or a relative one.
fn jurisdiction_before(cx: &Context, at: usize, committee: bool) -> Option<Jurisdiction> {
    if at == 0 {
        return None;
    }
    // A district name ending here.
    // A two-char division (和县, 萧县) must be one word, not the tail of 中心和县….
    let district_hit = cx
        .dict_ending_at(at)
        .into_iter()
        .filter(|h| cx.surface(h).chars > 2 || (!cx.boundary(h.start + 1) && !cx.conjunction_division(h)))
        .find(|h| !cx.hit_entries(h, EntityType::District).is_empty());
    if let Some(h) = district_hit {
        let name = cx.hit_entries(h, EntityType::District)[0].canonical.clone();
        // The committee of a district needs its level char: 二七区委, not 郑州委.
        if committee && !name.ends_with(LEVEL_CHARS) {
            return None;
        }
        if committee && cx.surface(h).text != name {
            return None;
        }
        let mut start = h.start;
        // Chains of divisions: 荥阳市王村镇 → start at 荥阳市.
        while let Some(p) = cx
            .dict_ending_at(start)
            .into_iter()
            .find(|p| !cx.hit_entries(p, EntityType::District).is_empty() && cx.surface(p).chars >= 3)
        {
            start = p.start;
        }
        return Some(Jurisdiction { start, district: Some(name), level: None });
    }
    // Relative: 区发改委, 街道办事处 after a district is above; 我区.
    if at >= 2 && cx.chars[at - 2] == '街' && cx.chars[at - 1] == '道' {
        let start = at - 2;
        if start == 0 || !is_han(cx.chars[start - 1]) || cx.boundary(start) {
            return Some(Jurisdiction { start, district: None, level: Some("街道".into()) });
        }
    }
    let c = cx.chars[at - 1];
    if !is_level_char(c) {
        return None;
    }
    let start = at - 1;
    if start > 0 && cx.chars[start - 1] == '我' {
        return Some(Jurisdiction { start: start - 1, district: None, level: Some(c.to_string()) });
    }
    let free = start == 0 || !is_han(cx.chars[start - 1]) || "、和与及在由对向将把从是经据为等的了驻并".contains(cx.chars[start - 1]);
    // 全区, 各区, 城区, 市区, 社区 are not relative jurisdictions.
    let bad_before = start > 0 && "全各城社辖本该此山园景矿郊市县省区乡镇".contains(cx.chars[start - 1]);
    if bad_before {
        return None;
    }
    if free || cx.boundary(start) {
        Some(Jurisdiction { start, district: None, level: Some(c.to_string()) })
    } else {
        None
    }
}
