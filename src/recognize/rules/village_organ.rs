//! The organs of a village or community: its party branch, its committee, its service
//! centre (王庄村党支部, 瓦屋李社区党群服务中心, 南屯村村委会). Villages are not in the
//! division list, so the organization rule, which needs a jurisdiction it knows, cannot
//! see them; this rule builds on the villages the village rule found.
//!
//! Only organs a village has, written right after its name: 王庄村新的党群服务中心 is not
//! one name.

use super::super::{Candidate, Context, Rule};
use crate::model::{EntityType, RuleId};

pub struct VillageOrganRule;

/// The organs of a village or community, longest first.
const ORGANS: [&str; 9] = ["村民委员会", "居民委员会", "党群服务中心", "便民服务中心", "党支部", "党总支", "村委会", "居委会", "党委"];

/// A village's own name without the town or street in front (梧桐街道青檀社区 → 青檀社区),
/// as a chain of divisions names its innermost (荥阳市王村镇党委 → 王村镇党委).
fn innermost(name: &str) -> &str {
    ["街道", "办事处", "镇", "乡"]
        .iter()
        .filter_map(|p| name.rfind(p).map(|i| i + p.len()))
        .max()
        .filter(|&i| name[i..].chars().count() >= 3)
        .map_or(name, |i| &name[i..])
}

impl Rule for VillageOrganRule {
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
        for v in found.iter().filter(|c| c.rule == RuleId::Village && c.ty == EntityType::District) {
            let Some(organ) = ORGANS.iter().find(|o| cx.slice(v.end, (v.end + o.chars().count()).min(cx.len())) == **o) else {
                continue;
            };
            let end = v.end + organ.chars().count();
            let canonical = cx.lex.organs.get(*organ).cloned().unwrap_or_else(|| organ.to_string());
            out.push(Candidate::new(v.start, end, EntityType::Organization, format!("{}{canonical}", innermost(&v.name)), RuleId::Organization));
        }
    }
}
