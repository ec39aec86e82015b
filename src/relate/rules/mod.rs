//! One rule per relation. A rule gets a sentence and one trigger of its relation in it and
//! returns the subjects and objects it reads there; [`super::Relater`] pairs them.

mod builds;
mod helps;
mod invests;
mod meets;
mod runs;
mod signs;
mod visits;

use super::{Cue, Cx, Ent, Found, Sentence, Trigger};
use crate::model::{EntityType, RelationKind, RelationRecord};
use std::sync::Arc;

/// How far a rule's subjects carry to later sentences without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carry {
    Not,
    Paragraph,
}

/// A relation rule.
pub trait RelationRule: Send + Sync {
    fn kind(&self) -> RelationKind;
    /// How far the subjects of an earlier statement carry to a sentence that names the
    /// objects but no subject (集中签约的A、B等项目 after 鼓楼区举行签约仪式).
    fn carries(&self) -> Carry {
        Carry::Not
    }
    fn relate(&self, cx: &Cx, sentence: &Sentence, trigger: &Trigger) -> Found;
    /// What a sentence states without a trigger word (在A项目现场，B详细了解…), given the
    /// relations found so far in the article.
    fn untriggered(&self, _cx: &Cx, _sentence: &Sentence, _found: &[RelationRecord]) -> Found {
        Found::default()
    }
}

/// The rules of these relations, in a fixed order.
pub fn chain(kinds: &[RelationKind]) -> Vec<Arc<dyn RelationRule>> {
    let all: Vec<Arc<dyn RelationRule>> = vec![
        Arc::new(visits::Visits),
        Arc::new(meets::Meets),
        Arc::new(signs::Signs),
        Arc::new(helps::Helps),
        Arc::new(runs::Runs),
        Arc::new(invests::InvestsIn),
        Arc::new(builds::Builds),
    ];
    all.into_iter().filter(|r| kinds.contains(&r.kind())).collect()
}

/// The actors written before the trigger in its sentence (not those accompanying, not
/// those after a speech word that comes before the trigger).
fn actors_before<'a>(cx: &'a Cx, s: &Sentence, t: &Trigger, types: &[EntityType]) -> Vec<&'a Ent<'a>> {
    cx.named(s.start, t.start, types).into_iter().filter(|e| e.ty != EntityType::Official || !cx.accompanies(e, t.start)).collect()
}

/// Whether a speech word stands between the last actor and the trigger (区长A要求企业加强
/// 检查: asked, not done).
fn said_not_done(cx: &Cx, actors: &[&Ent], t: &Trigger) -> bool {
    actors.last().is_some_and(|a| cx.find(Cue::Speech, a.end, t.start).is_some())
}

/// Company → project, for `invests_in` and `builds`: the companies of the trigger's clause
/// before it, the projects after it up to the sentence's next clause break; passive (B由A
/// 承建), the projects before 由.
fn company_to_project(cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
    let clause = cx.clause_start(t.start, s);
    let subjects = cx.ents(clause, t.start, &[EntityType::Company]);
    let Some(last) = subjects.last() else { return Found::default() };
    let objects = match cx.rfind(Cue::Passive, clause, subjects[0].start) {
        Some((at, _)) => cx.ents(s.start, at, &[EntityType::Project]),
        None => cx.ents(t.end.max(last.end), cx.clause_end(t.end, s), &[EntityType::Project]),
    };
    Found { subjects: super::ids(&subjects), objects: super::ids(&objects) }
}
