//! Development zones run like districts but missing from the division list: a division, a
//! short noun phrase and a zone head (开发区, 产业集聚区, 示范区 …):
//! 中牟县现代服务业开发区, 荥阳市五龙工业园区 is not (园区 is a park, a project).
//! The division must come first, so that 创新发展综合改革示范区 (a policy label) is not one.

use super::super::{Candidate, Context, Rule};
use super::extend_left;
use crate::model::EntityType;

pub struct ZoneRule;

const HEADS: [&str; 6] = ["经济技术开发区", "高新技术产业开发区", "产业集聚区", "开发区", "综合实验区", "示范区"];

impl Rule for ZoneRule {
    fn name(&self) -> &'static str {
        "zone"
    }

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
                            out.push(Candidate::new(d.start, end, EntityType::District, name, "zone"));
                        }
                        break;
                    }
                }
            }
        }
    }
}
