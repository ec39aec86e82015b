//! `meets`: an official (or organ) meets a person, company or organization (会见, 会谈,
//! 接待, 座谈, 洽谈).
//!
//! Subjects: the actors before the trigger, or before 与/同/和 when the other side is
//! written there (A与B座谈). Objects: the other side, and what the trigger's clause names
//! after it (会见了B公司董事长C: the company and its chairman). Traps: 座谈会 and 洽谈会 are
//! meetings held, not parties met, unless a 与 names the other side or a passive names
//! its host (座谈会由区长A主持，B公司董事长C参加: A meets C and B). A delegation that went
//! somewhere to talk (A公司董事长B带队到C区考察，洽谈…) meets the place it went to. A
//! person's company meets with them (B公司总经理C与A会谈: B and C both meet A).

use super::{actors_before, RelationRule};
use crate::model::{EntityType, RelationKind};
use crate::relate::{ids, Cue, Cx, Found, Sentence, Trigger};

const SUBJECTS: [EntityType; 5] =
    [EntityType::Official, EntityType::Person, EntityType::Company, EntityType::Organization, EntityType::District];
const OBJECTS: [EntityType; 4] = [EntityType::Person, EntityType::Official, EntityType::Company, EntityType::Organization];

pub struct Meets;

impl RelationRule for Meets {
    fn kind(&self) -> RelationKind {
        RelationKind::Meets
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        let clause = cx.clause_start(t.start, s);
        let together = cx.rfind(Cue::Together, clause, t.start);
        let noun = cx.chars.get(t.end).is_some_and(|&c| c == '会');
        if noun && together.is_none() {
            return chaired(cx, s);
        }
        let (subjects, mut objects) = match together {
            Some((at, end)) => (actors_before(cx, s, &Trigger { start: at, ..t.clone() }, &SUBJECTS), cx.named(end, t.start, &OBJECTS)),
            None => (actors_before(cx, s, t, &SUBJECTS), Vec::new()),
        };
        if !noun {
            objects.extend(cx.named(t.end, cx.clause_end(t.end, s).min(cx.act_end(t, s)), &OBJECTS));
        }
        if together.is_none() && objects.is_empty() {
            return hosted(cx, s, t);
        }
        // With officials among them, organs and places are where they meet, not a party
        // (区长A在区政府会见); a person's company stays (B公司董事长C与A会谈).
        let people = subjects.iter().any(|e| e.ty == EntityType::Official);
        let subjects: Vec<_> =
            subjects.into_iter().filter(|e| !people || !matches!(e.ty, EntityType::Organization | EntityType::District)).collect();
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}

/// 座谈会由A主持，B、C参加: the one who chairs the meeting meets those who attend it (a
/// passive 由 names the host).
fn chaired(cx: &Cx, s: &Sentence) -> Found {
    let Some((_, by)) = cx.find(Cue::Passive, s.start, s.end) else { return Found::default() };
    let Some(host) = cx.named(by, s.end, &[EntityType::Official]).into_iter().next() else { return Found::default() };
    if cx.chars[host.end..s.end.min(host.end + 2)] != ['主', '持'] {
        return Found::default();
    }
    let guests = cx.named(host.end, s.end, &OBJECTS);
    Found { subjects: ids(&[host]), objects: ids(&guests) }
}

/// A公司董事长B带队到C区考察，洽谈…: the delegation (the people and companies before 到)
/// meets the place it went to.
fn hosted(cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
    let Some((at, end)) = cx.rfind(Cue::Arrival, s.start, t.start) else { return Found::default() };
    let Some(place) = cx.named(end, t.start, &[EntityType::District, EntityType::Organization]).into_iter().next() else {
        return Found::default();
    };
    if place.start > end + 1 {
        return Found::default();
    }
    let visitors = cx.named(s.start, at, &[EntityType::Person, EntityType::Company, EntityType::Official]);
    Found { subjects: ids(&visitors), objects: ids(&[place]) }
}
