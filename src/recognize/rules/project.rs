//! Projects and parks: a name extended leftwards up to a project head (项目, 工程, 小镇,
//! 产业园 …): 郭家咀水库加固工程, 万科健康养老产业园, 建业足球小镇.
//!
//! Most "…项目" in the news are generic (重点项目, 基础设施项目, 郑州市重点项目); a name
//! counts only when, after any leading division name, it holds a proper noun (a jieba
//! place/person/brand tag, an unknown word, or a company the company rule found).

use super::super::context::LexKind;
use super::super::{Candidate, Context, Rule, Strength};
use super::{extend_left_with, trim_name_start};
use crate::model::{EntityType, RuleId};
use crate::text::is_han;
use crate::text::is_proper_noun_tag;

pub struct ProjectRule;

/// Words right before the head that make the whole a kind of project, not a name.
const BEFORE_HEAD: [&str; 17] = [
    "重建", "领域", "公益", "重点", "民生", "助老", "便民", "护苗", "志愿服务", "文旅", "文创", "产业", "招商", "灾后",
    "试点", "筹款", "投资",
];

/// Words that make a "…项目" generic when no proper noun is in it.
const GENERIC: [&str; 67] = [
    "计划", "开工", "新开工", "新建", "环卫",
    "城市", "全国", "全省", "乡村", "省市",
    "国家", "国家级", "省级", "市级", "区级", "科技", "旅游", "四大", "不限于",
    "重点", "基础设施", "基础", "设施", "民生", "文旅", "文创", "产业", "灾后", "重建", "公益", "便民", "助老", "护苗",
    "志愿", "服务", "城市", "市政", "新基建", "基建", "水利", "能源", "交通", "里子", "面子", "一批", "首批", "多个",
    "相关", "各类", "各项", "示范", "试点", "配套", "招商", "在建", "新建", "续建", "重大", "优质", "大型", "中小",
    "亿元", "以上", "建设", "工业", "农业", "扶贫",
];

impl Rule for ProjectRule {
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
        let mut ends: Vec<usize> = cx
            .lex_hits
            .iter()
            .filter(|h| h.kind == LexKind::ProjectHead || h.kind == LexKind::ParkHead)
            .map(|h| h.end)
            .collect();
        ends.sort_unstable();
        ends.dedup();
        for e in ends {
            let Some(head) = cx.longest_lex_ending_at(e, &[LexKind::ProjectHead, LexKind::ParkHead]) else {
                continue;
            };
            // The head must end the name, or at least start a word (项目建设 is one jieba token).
            // The head must start a word (重大项目, 重点项目 are single jieba words) and end
            // one, or run on only into a word it starts (项目建设).
            if !cx.boundary(head.start) || (e < cx.len() && is_han(cx.chars[e]) && !cx.boundary(e)) && cx.token_at(head.start).is_none_or(|t| t.start != head.start) {
                continue;
            }
            // A、B等项目: the items are the projects, written as they stand (the name as
            // written: 格宁生物科技, not 格宁生物科技项目).
            if head.start > 0 && cx.chars[head.start - 1] == '等' {
                listed(cx, found, head.start - 1, out);
                continue;
            }
            // A、B三个项目, A、B等5个项目: a count before the head closes a list as 等 does;
            // the count is never part of a name (A、B三个项目 is not one project). Without
            // 等 it counts a list only of two items or more, and nothing is named otherwise
            // (郑州市27个项目 names no project).
            if let Some(count) = count_before(cx, head.start) {
                if count > 0 && cx.chars[count - 1] == '等' {
                    listed(cx, found, count - 1, out);
                } else if lists_several(cx, count) {
                    listed(cx, found, count, out);
                }
                continue;
            }
            let start = trim_name_start(cx, extend_left_with(cx, head.start, 28, true), head.start, found);
            if head.start - start < 2 {
                continue;
            }
            // Skip leading division names: 郑州市重点项目 is not a named project.
            let mut core = start;
            let company_first = found.iter().any(|c| c.ty == EntityType::Company && c.start == start);
            while !company_first
                && let Some(d) = cx
                .dict_starting_at(core)
                .into_iter()
                .filter(|h| h.end <= head.start)
                .filter(|h| !cx.hit_entries(h, EntityType::District).is_empty())
                .max_by_key(|h| h.end)
            {
                core = d.end;
            }
            let company_inside =
                found.iter().any(|c| c.ty == EntityType::Company && c.start >= start && c.end <= head.start);
            if core >= head.start {
                continue;
            }
            let core_text = cx.slice(core, head.start);
            if core_text.contains("以下") || core_text.contains("以上") || !names_a_project(cx, core, head.start, company_inside) {
                continue;
            }
            // The name as written, without a leading division (二七经开区深国际…项目).
            let name = cx.slice(core, e).to_string();
            out.push(Candidate::new(core, e, EntityType::Project, name, RuleId::Project).strength(Strength::NAMED));
            // A list sharing the head (A、B、C项目): the items before are projects too,
            // written as they stand. Only for the bare heads 项目 and 工程: before a name
            // with a head of its own (A、建业足球小镇等) the items are not said to be
            // projects.
            if start > 0 && cx.chars[start - 1] == '、' && matches!(cx.slice(head.start, e), "项目" | "工程") {
                listed(cx, found, start - 1, out);
            }
        }
    }
}

/// Where a count right before `head` starts (三个, 两项, 5个, 十二个), if there is one.
fn count_before(cx: &Context, head: usize) -> Option<usize> {
    let measure = head.checked_sub(1).filter(|&m| matches!(cx.chars[m], '个' | '项'))?;
    let digits = cx.chars[..measure].iter().rev().take_while(|&&c| c.is_ascii_digit() || "一二两三四五六七八九十百".contains(c)).count();
    (digits > 0).then(|| measure - digits)
}

/// Whether the list ending at `end` has two items or more: its last item is preceded by
/// 、 or by 和 / 及 after an earlier item (A、B三个项目, A和B两个项目).
fn lists_several(cx: &Context, end: usize) -> bool {
    let start = extend_left_with(cx, end, 28, true);
    start > 1 && matches!(cx.chars[start - 1], '、' | '和' | '及') && is_han(cx.chars[start - 2])
}

/// The items of a list that ends at `end` (A、B、C项目, A、B等项目), walking left over 、,
/// each a project as written when it names one.
fn listed(cx: &Context, found: &[Candidate], mut end: usize, out: &mut Vec<Candidate>) {
    loop {
        let mut start = trim_name_start(cx, extend_left_with(cx, end, 28, true), end, found);
        // 对区妇幼保健院改造: jieba glues a preposition to a relative division (对区/n); the
        // organization found right after it starts the item.
        if end - start > 2
            && "对在从向为把将到".contains(cx.chars[start])
            && found.iter().any(|c| c.ty == EntityType::Organization && c.start == start + 1 && c.end <= end)
        {
            start += 1;
        }
        if end - start < 2 {
            return;
        }
        // Without a head of its own, an item needs a proper noun (台华达钲得), not just
        // length: a name tag, or a company or organization in it (县中医院改扩建).
        let named_inside = found
            .iter()
            .any(|c| matches!(c.ty, EntityType::Company | EntityType::Organization) && c.start >= start && c.end <= end);
        let proper = named_inside || cx.tokens_in(start, end).iter().any(|t| names_something(t.tag));
        if proper && names_a_project(cx, start, end, named_inside) {
            let name = cx.slice(start, end).to_string();
            out.push(Candidate::new(start, end, EntityType::Project, name, RuleId::Project).strength(Strength::NAMED));
        }
        if start == 0 || cx.chars[start - 1] != '、' {
            return;
        }
        end = start - 1;
    }
}

/// Whether `a..b` (a name before its head) names a project: a proper noun in it (or a
/// name found inside it: `named_inside`), or at least four chars with no generic word and
/// no verb (建业足球小镇); 基础设施项目, 重点项目 do not.
fn names_a_project(cx: &Context, a: usize, b: usize, named_inside: bool) -> bool {
    let text = cx.slice(a, b);
    if text.contains(['等', '、']) {
        return false;
    }
    let toks = cx.tokens_in(a, b);
    if toks.last().is_some_and(|t| BEFORE_HEAD.contains(&cx.slice(t.start, t.end))) {
        return false;
    }
    let (mut proper, mut generic, mut has_verb) = (named_inside, false, false);
    for t in &toks {
        let is_generic = is_generic(cx.slice(t.start, t.end));
        generic |= is_generic;
        proper |= names_something(t.tag) && !is_generic;
        has_verb |= matches!(t.tag.chars().next(), Some('v' | 'd' | 'a'));
    }
    proper || (!generic && !has_verb && b - a >= 4)
}

/// A tag of a word that names something: a proper noun, an abbreviation, a foreign word.
fn names_something(tag: &str) -> bool {
    is_proper_noun_tag(tag) || matches!(tag, "j" | "eng")
}

/// Whether a word is one of [`GENERIC`]: a set, as every word of every name before a
/// project head is asked.
fn is_generic(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| GENERIC.into_iter().collect()).contains(word)
}
