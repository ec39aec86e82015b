//! Street offices: 中原区莲湖街道办事处, 祥云办事处, 北道门办事处. A street office is the
//! government of a 街道 (subdistrict), which the division list often lacks or names
//! otherwise, so no jurisdiction precedes the organ: the office is the street's name as
//! written plus 办事处. The 街道 itself is nested in it and is not a mention of its own
//! (ENTITIES.md, nested names).

use super::super::{Candidate, Context, Rule};
use crate::model::{EntityType, RuleId};
use crate::text::is_han;

pub struct StreetOfficeRule;

const OFFICE: &str = "办事处";
/// Stems that are no street's name (各街道办事处, 相关办事处, 驻京办事处).
const NOT_STEMS: [&str; 8] = ["各", "相关", "乡镇", "街道", "驻", "该", "全区", "所在"];

impl Rule for StreetOfficeRule {
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
        for i in cx.occurrences(OFFICE) {
            let end = i + OFFICE.chars().count();
            // The stem: Han chars back to punctuation, a list word or a division's end.
            let mut s = i;
            while s > 0 && i - s < 6 && is_han(cx.chars[s - 1]) && !"、和及与在到至对区县市镇乡".contains(cx.chars[s - 1]) {
                if s < i && ends_division(cx, s) {
                    break;
                }
                s -= 1;
            }
            let mut stem_end = i;
            if cx.slice(s, i).ends_with("街道") {
                stem_end = i - 2;
            }
            let stem = cx.slice(s, stem_end);
            if stem.chars().count() < 2 || NOT_STEMS.iter().any(|n| stem.starts_with(n)) {
                continue;
            }
            // A verb is no name (发扬办事处的整体优势), nor is a stretch of a sentence with a
            // function word in it (听取了某某关于办事处…: 了, 关于).
            if cx.token_at(s).is_some_and(|t| t.start == s && t.tag.starts_with('v'))
                || cx.tokens_in(s, stem_end).iter().any(|t| matches!(t.tag.chars().next(), Some('p' | 'u' | 'c' | 'r')))
            {
                continue;
            }
            if !found.iter().any(|c| c.ty == EntityType::Organization && c.end == end) {
                let written = cx.slice(s, end).to_string();
                out.push(Candidate::new(s, end, EntityType::Organization, written, RuleId::StreetOffice));
            }
        }
    }
}

/// Does a division from the dictionary end at `k` (中原区 before 莲湖街道办事处)?
fn ends_division(cx: &Context, k: usize) -> bool {
    cx.dict_ending_at(k).into_iter().any(|h| !cx.hit_entries(h, EntityType::District).is_empty())
}
