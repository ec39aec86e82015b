//! Dictionary matches: every surface form (canonical name or alias) of every entry.
//!
//! Short surfaces are where dictionaries go wrong: a two-char alias (郑州, 中牟) must sit on
//! a jieba word boundary at both ends, so that it is not the inside of another word. Full
//! names of three chars or more are trusted. Which of two overlapping hits wins is decided
//! by selection (longest first).

use super::super::{Candidate, Context, Rule, Strength};
use crate::model::{EntityType, RuleId};
use crate::dict::Entry;

pub struct DictionaryRule;

/// Division names that are, far more often, ordinary words of news text.
const NOT_DISTRICTS: [&str; 12] =
    ["城区", "街道", "新区", "市区", "郊区", "矿区", "新城区", "老城区", "开发区", "高新区", "经开区", "新城"];

/// Whether an entry is proposed where its surface stands: not a division name that is an
/// ordinary word ([`NOT_DISTRICTS`]).
fn proposes(e: &Entry) -> bool {
    !(e.ty == EntityType::District && NOT_DISTRICTS.contains(&e.canonical.as_str()))
}

/// A town's or street's name right before a village's or community's (曲梁镇方楼村,
/// 城东街道柳园社区, where jieba reads 镇方楼): two to four Han chars and 村 or 社区 after
/// the name, which ends there. Only names that are towns or streets, whose villages the
/// news names after them.
fn village_follows(cx: &Context, end: usize, name: &str) -> bool {
    if !(name.ends_with('镇') || name.ends_with('乡') || name.ends_with("街道")) {
        return false;
    }
    let after = &cx.chars[end..];
    (2..=4).any(|n| {
        after.len() > n
            && after[..n].iter().all(|&c| crate::text::is_han(c))
            && (after[n] == '村' || after[n..].starts_with(&['社', '区']))
    })
}

impl Rule for DictionaryRule {
    fn apply(&self, cx: &Context, _found: &[Candidate], out: &mut Vec<Candidate>) {
        // The (type, name) pairs a hit proposed: one list for all hits, emptied for each.
        let mut seen: Vec<(EntityType, &str)> = Vec::new();
        for h in &cx.dict_hits {
            let s = cx.surface(h);
            // A surface whose every entry is a division name that is a common word
            // (开发区, 新区) proposes nothing: no need to ask jieba about it.
            if !s.entries.iter().any(|&e| proposes(cx.index.entry(e))) {
                continue;
            }
            if s.chars <= 2 && !(cx.boundary(h.start) && cx.boundary(h.end)) {
                continue;
            }
            // A two-char division name (和县) must be one jieba word: in 中心和县人民医院
            // it is the conjunction 和 and a relative 县.
            if s.chars == 2
                && (cx.boundary(h.start + 1) || cx.conjunction_division(h))
                && s.entries.iter().any(|&e| cx.index.entry(e).canonical == s.text)
            {
                continue;
            }
            // A name must not end inside a word: 科技部 in 科技部门, 荥阳市 in 荥阳市民.
            // (A hit that ends its jieba run cannot end inside a word: no need to tag it.)
            // A division right after it (航空港区张庄镇, where jieba reads 区张) ends it, though.
            let division_follows = || {
                cx.dict_starting_at(h.end)
                    .into_iter()
                    .any(|n| cx.surface(n).chars >= 3 && !cx.hit_entries(n, EntityType::District).is_empty())
            };
            if !cx.ends_run(h.end)
                && cx.token_at(h.end - 1).is_some_and(|t| t.end > h.end && t.start > h.start)
                && !(s.chars >= 3 && (division_follows() || village_follows(cx, h.end, &s.text)))
            {
                continue;
            }
            seen.clear();
            for &e in &s.entries {
                let e = cx.index.entry(e);
                if !proposes(e) {
                    continue;
                }
                if seen.contains(&(e.ty, e.canonical.as_str())) {
                    continue;
                }
                seen.push((e.ty, e.canonical.as_str()));
                // A district name directly followed by an organ is an organization's
                // jurisdiction; the organization rule proposes the longer name.
                let strength = if s.chars <= 2 { Strength::WEAK } else { Strength::NAMED };
                let c = Candidate::new(h.start, h.end, e.ty, e.canonical.clone(), RuleId::Dictionary).strength(strength);
                out.push(c);
            }
        }
    }
}

