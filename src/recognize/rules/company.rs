//! Companies by their full span: a name extended leftwards over proper-noun-like jieba
//! tokens up to a company suffix (有限公司, 股份有限公司, 集团, 控股 …):
//! "为花花牛生物科技有限公司等" → 花花牛生物科技有限公司; "针对天瑞集团郑州水泥有限公司"
//! → 天瑞集团郑州水泥有限公司 (the inner 集团 does not cut the name).
//!
//! Traps: a demonstrative or generic word before the suffix is not a name (该公司, 子公司,
//! 国有平台公司); a suffix running on into another word is not a suffix (集团化).

use super::super::context::LexKind;
use super::super::{Candidate, Context, Rule};
use super::{extend_left_with, trim_name_start};
use crate::model::EntityType;
use crate::normalize::is_han;

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
    fn name(&self) -> &'static str {
        "company"
    }

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
            let Some(suffix) = cx
                .lex_ending_at(e, &[LexKind::CompanySuffix, LexKind::WeakCompanySuffix])
                .into_iter()
                .next()
            else {
                continue;
            };
            let weak = suffix.kind == LexKind::WeakCompanySuffix;
            let mut start = extend_left_with(cx, suffix.start, 24, true);
            start = trim_name_start(cx, start, suffix.start, found);
            // Leading descriptions are not part of the name: 爱心企业新城控股集团.
            loop {
                let Some(t) = cx.tokens_in(start, suffix.start).first().copied().filter(|t| t.start == start && t.end < suffix.start) else {
                    break;
                };
                // Names do not start with a verb or adverb (增强国有平台公司, 探索建立…).
                let verb = matches!(t.tag.chars().next(), Some('v' | 'd' | 'p' | 'c')) && t.tag != "vn";
                if !LEADING.contains(&cx.slice(t.start, t.end)) && !verb {
                    break;
                }
                start = t.end;
            }
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
            out.push(Candidate::new(start, e, EntityType::Company, name, "company").strength(5));
        }
    }
}

/// Does the range contain a token jieba tags as a place, person, organization or other
/// proper name (or that jieba does not know)?
pub fn has_proper_token(cx: &Context, start: usize, end: usize) -> bool {
    cx.tokens_in(start, end).iter()
        .any(|t| matches!(t.tag, "ns" | "nr" | "nt" | "nz" | "nrt" | "nrfg" | "j" | "x" | "eng"))
}
