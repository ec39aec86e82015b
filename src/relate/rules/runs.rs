//! `runs`: an organization or district runs a program (开展, 实施, 启动, 推进, 组织 +
//! “万人助万企”活动).
//!
//! Subjects: the sentence's first organization or district before the trigger and those
//! listed with it (区委、区政府实施; 市委深入贯彻中央、省委部署，全面开展: 市委, not 省委).
//! Objects: the programs after the trigger in its clause.

use super::RelationRule;
use crate::model::{EntityType, RelationKind};
use crate::relate::{ids, Cx, Found, Sentence, Trigger};

pub struct Runs;

impl RelationRule for Runs {
    fn kind(&self) -> RelationKind {
        RelationKind::Runs
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        let actors = cx.named(s.start, t.start, &[EntityType::Organization, EntityType::District]);
        let subjects = cx.cluster(&actors);
        // What is run follows in the trigger's clause (开展的…工作中，二七区入选“幸福家园”:
        // the later program is not what was run).
        let end = cx.act_end(t, s).min(cx.clause_end(t.end, s));
        // The program is what is run: right after the trigger, or after 了/的 and a quote.
        let objects = cx.named(t.end, end, &[EntityType::Program]);
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}
