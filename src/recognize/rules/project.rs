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
            let Some(head) = cx.lex_ending_at(e, &[LexKind::ProjectHead, LexKind::ParkHead]).into_iter().next() else {
                continue;
            };
            // The head must end the name, or at least start a word (项目建设 is one jieba token).
            // The head must start a word (重大项目, 重点项目 are single jieba words) and end
            // one, or run on only into a word it starts (项目建设).
            if !cx.boundary(head.start) || (e < cx.len() && is_han(cx.chars[e]) && !cx.boundary(e)) && cx.token_at(head.start).is_none_or(|t| t.start != head.start) {
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
            // Without a proper noun, a name of at least four chars with no generic word
            // (建业足球小镇) still counts; 基础设施项目, 重点项目 do not.
            let toks: Vec<&str> = cx.tokens_in(core, head.start).iter()
                .map(|t| cx.slice(t.start, t.end))
                .collect();
            let proper = company_inside
                || cx.tokens_in(core, head.start).iter().any(|t| {
                    (is_proper_noun_tag(t.tag) || matches!(t.tag, "j" | "eng"))
                        && !GENERIC.contains(&cx.slice(t.start, t.end))
                });
            let generic = toks.iter().any(|t| GENERIC.contains(t));
            let has_verb = cx.tokens_in(core, head.start).iter()
                .any(|t| matches!(t.tag.chars().next(), Some('v' | 'd' | 'a')));
            let generic_before_head = toks.last().is_some_and(|t| BEFORE_HEAD.contains(t));
            let core_text = cx.slice(core, head.start);
            let listy = core_text.contains(['等', '、']) || core_text.contains("以下") || core_text.contains("以上");
            if listy || generic_before_head || (!proper && (generic || has_verb || head.start - core < 4)) {
                continue;
            }
            // The name as written, without a leading division (二七经开区深国际…项目).
            let name = cx.slice(core, e).to_string();
            out.push(Candidate::new(core, e, EntityType::Project, name, RuleId::Project).strength(Strength::NAMED));
        }
    }
}
