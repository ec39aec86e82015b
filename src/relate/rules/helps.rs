//! `helps`: an official, organ or district helps a company (帮助, 帮扶, 服务, 对接, 纾困,
//! 指导, 解决, 办理, 协调).
//!
//! Subjects: the actors before the trigger and before a 为/帮 that names the one helped
//! (区工信局为A公司解决难题). Objects: the companies after that 为, or after the trigger in
//! its clause (帮扶A公司). Traps: a speech word before the trigger (要求各部门服务好企业);
//! 服务 inside a name (政务服务中心) is no trigger.

use super::{actors_before, said_not_done, RelationRule};
use crate::model::{EntityType, RelationKind};
use crate::relate::{ids, Cx, Found, Sentence, Trigger};

const SUBJECTS: [EntityType; 3] = [EntityType::Official, EntityType::Organization, EntityType::District];

pub struct Helps;

impl RelationRule for Helps {
    fn kind(&self) -> RelationKind {
        RelationKind::Helps
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        let clause = cx.clause_start(t.start, s);
        let beneficiary = cx.rfind(&cx.cues.beneficiary, clause, t.start);
        let before = beneficiary.map_or(t.start, |b| b.0);
        let subjects = actors_before(cx, s, &Trigger { start: before, ..t.clone() }, &SUBJECTS);
        if said_not_done(cx, &subjects, t) {
            return Found::default();
        }
        let mut objects = match beneficiary {
            Some((_, end)) => cx.named(end, t.start, &[EntityType::Company]),
            None => Vec::new(),
        };
        objects.extend(cx.named(t.end, cx.clause_end(t.end, s).min(cx.act_end(t, s)), &[EntityType::Company]));
        // The sentence's subject: its first actor and those listed with it (二七区工信局、
        // 二七经开区坚持…，指导A公司).
        let subjects = cx.cluster(&subjects);
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}
