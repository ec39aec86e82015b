//! `runs`: an organization or district runs a program (开展, 实施, 启动, 推进, 组织 +
//! “万人助万企”活动).
//!
//! Subjects: the organizations and districts before the trigger in its sentence (the
//! organs when there are any: 二七区工信局 runs it, not 二七区 as well). Objects: the
//! programs after the trigger, before the act ends.

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
        let organs: Vec<_> = actors.iter().copied().filter(|e| e.ty == EntityType::Organization).collect();
        let subjects = if organs.is_empty() { actors } else { organs };
        let end = cx.act_end(t, s);
        // The program is what is run: right after the trigger, or after 了/的 and a quote.
        let objects = cx.named(t.end, end, &[EntityType::Program]);
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}
