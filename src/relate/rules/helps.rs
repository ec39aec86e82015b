//! `helps`: an official, organ or district helps a company (帮助, 帮扶, 服务, 对接, 纾困,
//! 指导, 解决, 办理, 协调).
//!
//! Subjects: the actors before the trigger and before a 为/帮 that names the one helped
//! (区工信局为A公司解决难题). Objects: the companies after that 为, or after the trigger in
//! its clause (帮扶A公司), or the companies the sentence named before when the trigger
//! helps 企业 (走访A、B等企业，协调解决企业存在问题). A clause after a 为 in a sentence
//! of its own (…；为A公司办理…) takes the helper of the paragraph's earlier help. Traps: a speech word before the trigger (要求各部门服务好企业);
//! 服务 inside a name (政务服务中心) is no trigger.

use super::{actors_before, said_not_done, Carry, RelationRule};
use crate::model::{EntityType, RelationKind};
use crate::relate::{ids, Cue, Cx, Found, Sentence, Trigger};

const SUBJECTS: [EntityType; 3] = [EntityType::Official, EntityType::Organization, EntityType::District];

pub struct Helps;

impl RelationRule for Helps {
    fn kind(&self) -> RelationKind {
        RelationKind::Helps
    }

    fn carries(&self) -> Carry {
        Carry::Paragraph
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        // 为A公司…，办理…: the one helped may stand a clause before the trigger.
        let clause = cx.act_start(t, s);
        // 为/帮 right before a company (为A公司办理): 助 of 助农 names no one.
        let beneficiary =
            cx.rfind(Cue::Beneficiary, clause, t.start).filter(|b| cx.ents.iter().any(|e| e.start == b.1 && e.ty == EntityType::Company));
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
        // …走访A、B等企业，并协调解决企业存在问题: 企业 are the companies the sentence named.
        let next = &cx.chars[t.end..(t.end + 4).min(s.end)];
        if objects.is_empty() && next.windows(2).any(|w| w == ['企', '业']) {
            let from = subjects.first().map_or(s.start, |e| e.end);
            objects = cx.named(from, t.start, &[EntityType::Company]);
        } else if let Some(last) = subjects.last()
            && !cx.named(last.end, before, &[EntityType::Company]).is_empty()
        {
            // A company between the organ and the trigger is the one that acts (在镇党委的
            // 协调下，爱心企业A…帮助农户): the organ helps no one here.
            return Found::default();
        }
        // The sentence's subject: its first actor and those listed with it (二七区工信局、
        // 二七经开区坚持…，指导A公司).
        let subjects = cx.cluster(&subjects);
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}
