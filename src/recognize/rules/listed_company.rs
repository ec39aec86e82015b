//! Businesses named in a list that calls them businesses: "支持华润万象城、丹尼斯、百年德化
//! 等商贸企业扩能", "前往金河工业园双运工贸、振兴石油、蟠龙高新区鼎鹏一工等工业企业走访".
//! Short business names (brands, trading names) carry no suffix the company rule could see;
//! what says they are companies is the list's head noun after 等.
//!
//! Each item runs from the `、` before it (the first from the start of its noun phrase) to
//! the `、` after it. A place written in front of an item (a park, a zone, a division the
//! rules found) is cut off; an item that is already something else (a project, an
//! organization) or ends like a park (科创园) is left to its own rule.

use super::super::{Candidate, Context, Rule, Strength};
use super::extend_left;
use crate::model::{EntityType, RuleId};
use crate::text::is_han;
use crate::text::is_proper_noun_tag;

pub struct ListedCompanyRule;

/// Head nouns after 等 that make the items of a list businesses.
const HEADS: [&str; 3] = ["企业", "公司", "商家"];
/// The most chars between 等 and the head (工业, 商贸, 重点, 12家 …).
const MAX_MODIFIER: usize = 6;
/// Item lengths a business name has.
const MIN_ITEM: usize = 2;
const MAX_ITEM: usize = 12;
/// Endings of items that are parks or projects, not businesses.
const PARK_ENDINGS: [&str; 4] = ["园", "园区", "基地", "项目"];

impl Rule for ListedCompanyRule {
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
        for deng in cx.occurrences("等") {
            if !head_follows(cx, deng + 1) {
                continue;
            }
            // The last item ends before 等 (and an OCR space).
            let mut end = deng;
            while end > 0 && cx.chars[end - 1] == ' ' {
                end -= 1;
            }
            let mut items = Vec::new();
            loop {
                let sep = (end.saturating_sub(MAX_ITEM + 1)..end).rev().find(|&k| !is_han(cx.chars[k]) && cx.chars[k] != ' ');
                match sep {
                    Some(k) if cx.chars[k] == '、' => {
                        items.push((k + 1, end));
                        end = k;
                    }
                    _ => {
                        items.push((extend_left(cx, end, MAX_ITEM), end));
                        break;
                    }
                }
            }
            // A list it is: two items at least.
            if items.len() < 2 {
                continue;
            }
            let names: Vec<Candidate> = items.into_iter().filter_map(|(s, e)| item(cx, found, s, e)).collect();
            // Lists of trades (餐饮、住宿、零售等行业企业; 食品加工、机械制造等企业) look the
            // same: jieba knows trades as single common words and has names among the items
            // of a list of businesses (华润/nz, 丹尼斯/ns, 鼎鹏/nr).
            let common = |c: &Candidate| {
                let toks = cx.tokens_in(c.start, c.end);
                toks.len() == 1 && !name_tag(toks[0].tag)
            };
            let namey = |c: &Candidate| cx.tokens_in(c.start, c.end).iter().any(|t| name_tag(t.tag));
            if names.iter().any(common) || !names.iter().any(namey) {
                continue;
            }
            out.extend(names);
        }
    }
}

/// Jieba's tags of names: proper nouns and Latin words.
fn name_tag(tag: &str) -> bool {
    is_proper_noun_tag(tag) || tag == "eng"
}

/// Does 等 at `at - 1` govern a business head (等企业, 等工业企业, 等12家企业)?
fn head_follows(cx: &Context, at: usize) -> bool {
    (0..=MAX_MODIFIER).any(|m| {
        let k = at + m;
        let modifier_ok = (at..k).all(|j| cx.chars.get(j).is_some_and(|&c| is_han(c) || c.is_ascii_digit()));
        modifier_ok && HEADS.iter().any(|h| cx.slice(k.min(cx.len()), (k + 2).min(cx.len())) == *h)
    })
}

/// The business an item names, if it names one.
fn item(cx: &Context, found: &[Candidate], mut start: usize, end: usize) -> Option<Candidate> {
    while start < end && cx.chars[start] == ' ' {
        start += 1;
    }
    // Something found over the whole item is that, not a business.
    if found.iter().any(|c| c.start <= start && c.end >= end) {
        return None;
    }
    // A place in front: 金河工业园双运工贸, 蟠龙高新区鼎鹏一工.
    if let Some(p) = found
        .iter()
        .filter(|c| matches!(c.ty, EntityType::District | EntityType::Project) && c.start == start && c.end < end)
        .max_by_key(|c| c.end)
    {
        start = p.end;
    }
    let name: String = cx.slice(start, end).chars().filter(|c| *c != ' ').collect();
    let n = name.chars().count();
    if !(MIN_ITEM..=MAX_ITEM).contains(&n) || !name.chars().all(is_han) {
        return None;
    }
    if PARK_ENDINGS.iter().any(|e| name.ends_with(e)) || found.iter().any(|c| c.start < end && start < c.end && c.ty != EntityType::District) {
        return None;
    }
    if cx.lex.generic_names.contains(&name) || name.starts_with(['全', '各', '本', '该', '这', '那', '其', '每', '多']) {
        return None;
    }
    Some(Candidate::new(start, end, EntityType::Company, name, RuleId::ListedCompany).strength(Strength::NAMED))
}
