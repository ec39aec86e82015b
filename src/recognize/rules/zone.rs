//! Development zones run like districts but missing from the division list: a division, a
//! short noun phrase and a zone head (开发区, 产业集聚区, 示范区 …):
//! 中牟县现代服务业开发区, 荥阳市五龙工业园区 is not (园区 is a park, a project).
//! The division must come first, so that 创新发展综合改革示范区 (a policy label) is not one.

use super::super::{Candidate, Context, Rule, Strength};
use super::extend_left;
use crate::model::{EntityType, RuleId};
use crate::text::is_han;
use crate::text::is_proper_noun_tag;

pub struct ZoneRule;

const HEADS: [&str; 6] = ["经济技术开发区", "高新技术产业开发区", "产业集聚区", "开发区", "综合实验区", "示范区"];

impl Rule for ZoneRule {
    fn apply(&self, cx: &Context, _found: &[Candidate], out: &mut Vec<Candidate>) {
        for head in HEADS {
            for i in cx.occurrences(head) {
                let end = i + head.chars().count();
                let mid = extend_left(cx, i, 8);
                // The division right before the noun phrase.
                for k in mid..i {
                    let district = cx
                        .dict_ending_at(k)
                        .into_iter()
                        .find(|h| cx.hit_entries(h, EntityType::District).iter().any(|e| {
                            matches!(e.attr("level"), Some("county" | "city"))
                        }));
                    if let Some(d) = district {
                        if i - k >= 2 {
                            let name = cx.slice(d.start, end).to_string();
                            out.push(Candidate::new(d.start, end, EntityType::District, name, RuleId::Zone));
                        }
                        break;
                    }
                }
            }
        }
        short_zones(cx, out);
    }
}

/// Short forms of the two national kinds of zone, and their full heads.
const SHORT_HEADS: [(&str, &str); 2] = [("高新区", "高新技术产业开发区"), ("经开区", "经济技术开发区")];

/// A place name and a short zone head, the zone's usual name in the news (蟠龙高新区,
/// 二七经开区): the zone under its full name (蟠龙高新技术产业开发区). The place is one
/// jieba word of two or three chars tagged as a name or noun that is no division of the
/// dictionary (those zones are listed there, under their official names) and no word of
/// quantity or reference (本, 该, 全市). Standing alone, the short form is the zone of the
/// article's own county or city.
fn short_zones(cx: &Context, out: &mut Vec<Candidate>) {
    for (short, full) in SHORT_HEADS {
        for i in cx.occurrences(short) {
            if !cx.dict_ending_at(i).is_empty() {
                continue;
            }
            let end = i + short.chars().count();
            let before = cx.token_at(i.saturating_sub(1)).filter(|t| i > 0 && t.end == i && is_han(cx.chars[i - 1]));
            let Some(t) = before.filter(|t| t.tag.starts_with('n') && t.end - t.start >= 2) else {
                // Standing alone (在高新区, 高新区梧桐办事处): the zone of the article's own
                // county or city, resolved later ([`crate::resolve::resolve_zone`]).
                let mut c = Candidate::new(i, end, EntityType::District, short, RuleId::Zone).strength(Strength::WEAK);
                c.relative = Some((super::super::ZONE_LEVEL.to_string(), short.to_string()));
                out.push(c);
                continue;
            };
            let place = cx.slice(t.start, t.end);
            let n = t.end - t.start;
            let nameish = is_proper_noun_tag(t.tag) || t.tag == "n";
            if !(2..=3).contains(&n) || !nameish || !place.chars().all(is_han) {
                continue;
            }
            if place.chars().any(|c| "本该全各市区县省我其此".contains(c)) {
                continue;
            }
            out.push(Candidate::new(t.start, end, EntityType::District, format!("{place}{full}"), RuleId::Zone));
        }
    }
}
