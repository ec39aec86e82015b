//! Companies by their full span: a name extended leftwards over proper-noun-like jieba
//! tokens up to a company suffix (有限公司, 股份有限公司, 集团, 控股 …):
//! "为花花牛生物科技有限公司等" → 花花牛生物科技有限公司; "针对天瑞集团郑州水泥有限公司"
//! → 天瑞集团郑州水泥有限公司 (the inner 集团 does not cut the name).
//!
//! Traps: a demonstrative or generic word before the suffix is not a name (该公司, 子公司,
//! 国有平台公司); a suffix running on into another word is not a suffix (集团化).

use super::super::context::LexKind;
use super::super::{Candidate, Context, Rule, Strength};
use super::{extend_left_with, trim_name_start};
use crate::model::{EntityType, RuleId};
use crate::text::is_han;
use crate::text::is_proper_noun_tag;

pub struct CompanyRule;

/// Words that make "<word>公司" generic rather than a name.
const GENERIC_PREFIXES: [&str; 24] = [
    "该", "本", "这", "那", "其", "各", "每", "子", "分", "母", "总", "一家", "多家", "两家", "几家", "国有",
    "平台", "科创", "人才", "上市", "民营", "外资", "企业", "相关",
];

/// Descriptive words in front of a company name.
const LEADING: [&str; 22] = [
    "爱心", "企业", "爱心企业", "辖区", "龙头", "龙头企业", "重点", "重点企业", "规上", "本地", "当地", "知名", "区级",
    "市级", "县级", "省级", "入驻", "签约", "新", "老", "大型", "中小",
];

impl Rule for CompanyRule {
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
        let mut ends: Vec<usize> = cx
            .lex_hits
            .iter()
            .filter(|h| h.kind == LexKind::CompanySuffix || h.kind == LexKind::WeakCompanySuffix)
            .map(|h| h.end)
            .collect();
        ends.sort_unstable();
        ends.dedup();
        for e in ends {
            // The suffix must end the word: 集团化, 公司化 are not names.
            if e < cx.len() && "化型性制内外".contains(cx.chars[e]) {
                continue;
            }
            let Some(suffix) = cx.longest_lex_ending_at(e, &[LexKind::CompanySuffix, LexKind::WeakCompanySuffix]) else {
                continue;
            };
            let weak = suffix.kind == LexKind::WeakCompanySuffix;
            // A weak suffix inside a division's name is none (黄店镇, 谢庄厂乡: 店 and 厂
            // are in the name).
            if weak && cx.dict_hits.iter().any(|h| h.start < e && e < h.end && !cx.hit_entries(h, EntityType::District).is_empty()) {
                continue;
            }
            let mut start = extend_left_with(cx, suffix.start, 24, true);
            start = trim_name_start(cx, start, suffix.start, found);
            // Leading descriptions are not part of the name: 爱心企业新城控股集团.
            while let Some(t) = cx.tokens_in(start, suffix.start).first().copied().filter(|t| t.start == start && t.end < suffix.start) {
                // Names do not start with a verb or adverb (增强国有平台公司, 探索建立…).
                let verb = matches!(t.tag.chars().next(), Some('v' | 'd' | 'p' | 'c')) && t.tag != "vn";
                if !LEADING.contains(&cx.slice(t.start, t.end)) && !verb {
                    break;
                }
                start = t.end;
            }
            start = clause_name_start(cx, start);
            if suffix.start - start < 2 {
                continue;
            }
            let prefix = cx.slice(start, suffix.start);
            let lead = &cx.chars[start..suffix.start];
            if GENERIC_PREFIXES.iter().any(|g| prefix.starts_with(g) || prefix == *g) {
                continue;
            }
            if !lead.iter().any(|&c| is_han(c) || c.is_ascii_alphabetic()) {
                continue;
            }
            // A weak suffix (厂, 店) needs a name-like token in front of it.
            if weak && !has_proper_token(cx, start, suffix.start) {
                continue;
            }
            let name = cx.slice(start, e).to_string();
            out.push(Candidate::new(start, e, EntityType::Company, name, RuleId::Company).strength(Strength::NAMED));
        }
        executive_context(cx, found, out);
    }
}

/// Titles only a business has: the name before them is a company even without a legal
/// form (河南中豫建科董事长朱文强).
const EXECUTIVES: [&str; 4] = ["董事长", "总经理", "总裁", "董事"];

/// A business named by its executive: a division and two to five more chars, from the
/// start of a clause or list item up to the executive's title.
fn executive_context(cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
    for title in EXECUTIVES {
        for i in cx.occurrences(title) {
            if found.iter().chain(out.iter()).any(|c| c.end == i || (c.start < i && i < c.end)) {
                continue;
            }
            let mut s = i;
            while s > 0 && i - s < 9 && is_han(cx.chars[s - 1]) {
                s -= 1;
            }
            if s == i || (s > 0 && !matches!(cx.chars[s - 1], '，' | '、' | '：' | '；' | '。' | '\n' | '“')) {
                continue;
            }
            let Some(d) = cx
                .dict_hits
                .iter()
                .filter(|d| d.start == s && d.end < i && !cx.hit_entries(d, EntityType::District).is_empty())
                .max_by_key(|d| d.end)
            else {
                continue;
            };
            let rest = i - d.end;
            let organ = !cx.lex_ending_at(i, &[LexKind::Organ, LexKind::OrgHead]).is_empty();
            if !(2..=5).contains(&rest) || organ {
                continue;
            }
            let name = cx.slice(s, i).to_string();
            out.push(Candidate::new(s, i, EntityType::Company, name, RuleId::CompanyExecutive).strength(Strength::WEAK));
        }
    }
}

/// Extends a company name back to the start of its clause when jieba cut it at a rare
/// char or a parenthesis: the few chars between the clause start and the name must begin
/// with a division (广东砺少商贸有限公司) or hold a parenthesized place
/// (益海（周口）粮油工业有限公司).
fn clause_name_start(cx: &Context, start: usize) -> usize {
    let mut s = start;
    let mut paren = false;
    while s > 0 && start - s < 8 {
        let c = cx.chars[s - 1];
        if c == '）' {
            match (s.saturating_sub(6)..s - 1).rev().find(|&k| cx.chars[k] == '（') {
                Some(open) => {
                    paren = true;
                    s = open;
                    continue;
                }
                None => break,
            }
        }
        if !is_han(c) {
            break;
        }
        s -= 1;
    }
    if s == start || (s > 0 && !matches!(cx.chars[s - 1], '，' | '、' | '：' | '；' | '。' | '\n' | ' ' | '“')) {
        return start;
    }
    let division_first = cx
        .dict_hits
        .iter()
        .any(|d| d.start == s && d.end <= start && !cx.hit_entries(d, EntityType::District).is_empty());
    let verb_first = cx.token_at(s).is_some_and(|t| t.start == s && matches!(t.tag.chars().next(), Some('v' | 'p' | 'd' | 'c')));
    if (division_first || paren) && !verb_first { s } else { start }
}

/// Does the range contain a token jieba tags as a place, person, organization or other
/// proper name (or that jieba does not know)?
pub fn has_proper_token(cx: &Context, start: usize, end: usize) -> bool {
    cx.tokens_in(start, end).iter()
        .any(|t| is_proper_noun_tag(t.tag) || matches!(t.tag, "j" | "x" | "eng"))
}
