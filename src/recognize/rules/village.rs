//! Villages and communities, which the division list does not hold: a name followed by
//! 村 or 社区, either right after a town or county (王村镇王村村) or, standing alone, when
//! jieba sees a proper noun in it (樱桃沟社区). Generic words before 村/社区 (乡村, 农村,
//! 试点社区, 无疫社区, 新型农村社区) are not names.

use super::super::{Candidate, Context, Rule, Strength};
use super::company::has_proper_token;
use crate::model::{EntityType, RuleId};
use crate::text::is_han;

pub struct VillageRule;

const SUFFIXES: [&str; 2] = ["社区", "村"];
/// Chars after 村 that make it part of another word (村庄, 村落, 村级, 村民 is fine).
const NOT_AFTER: &str = "庄落级镇里组";
const GENERIC: [&str; 19] = [
    "乡", "农", "山", "全", "本", "该", "各", "行政", "自然", "示范", "美丽", "文明", "试点", "城市", "基层", "无疫",
    "乡村", "农村", "新型",
];

impl Rule for VillageRule {
    fn apply(&self, cx: &Context, _found: &[Candidate], out: &mut Vec<Candidate>) {
        for suffix in SUFFIXES {
            let n = suffix.chars().count();
            for i in cx.occurrences(suffix).into_iter().filter(|&i| i > 0) {
                let end = i + n;
                if end < cx.len() && NOT_AFTER.contains(cx.chars[end]) {
                    continue;
                }
                // Right after a district name: the name is what lies between.
                let after_district = (1..=4).filter(|&k| k <= i).find_map(|k| {
                    let s = i - k;
                    cx.dict_ending_at(s)
                        .into_iter()
                        .find(|h| {
                            cx.hit_entries(h, EntityType::District).iter().any(|e| e.attr("level") == Some("town"))
                        })
                        .map(|_| s)
                });
                let start = match after_district.or_else(|| after_office(cx, i)).or_else(|| repeated_stem(cx, i, end)) {
                    Some(s) if cx.chars[s..i].iter().all(|&c| is_han(c)) => s,
                    _ => {
                        let Some(t) = cx.token_at(i - 1) else { continue };
                        if t.end != i || i - t.start < 2 || !has_proper_token(cx, t.start, i) {
                            continue;
                        }
                        t.start
                    }
                };
                let stem = cx.slice(start, i);
                // 方楼村的村民: the 村 of 村民 after a village and 的 names no second one.
                if stem.contains('的') || GENERIC.iter().any(|g| stem == *g || stem.ends_with(g)) {
                    continue;
                }
                let name = cx.slice(start, end).to_string();
                out.push(Candidate::new(start, end, EntityType::District, name, RuleId::Village).strength(Strength::NAMED));
            }
        }
    }
}

/// A community right after its street office (梧桐办事处瓦屋李社区, 某某街道正光街社区):
/// the name is the two to four chars between.
fn after_office(cx: &Context, i: usize) -> Option<usize> {
    (2..=4).filter(|&k| k <= i).find(|&k| {
        let s = i - k;
        let before = cx.slice(s.saturating_sub(3), s);
        before.ends_with("办事处") || before.ends_with("街道")
    }).map(|k| i - k)
}

/// A village or community a story names again and again (瓦屋李社区 … 瓦屋李社区): the
/// longest stem of two to four chars, starting a word, whose whole name recurs.
fn repeated_stem(cx: &Context, i: usize, end: usize) -> Option<usize> {
    (2..=4).rev().filter(|&k| k <= i).map(|k| i - k).find(|&s| {
        cx.chars[s..i].iter().all(|&c| is_han(c)) && cx.boundary(s) && cx.occurrences(cx.slice(s, end)).len() >= 2
    })
}
