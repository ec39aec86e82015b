//! `signs`: a district or organization signs with a company, or for a project (签约,
//! 签订, 签署).
//!
//! Subjects: the districts and organizations of the sentence; with none, the first of two
//! companies joined by 与 (A公司与B公司签订). Objects: the companies and projects of the
//! sentence. A signing with nothing named (集中签约项目15个) gives nothing; a sentence that
//! names what was signed but not who (此次集中签约的A、B等项目) takes the side of the
//! paragraph's earlier signing. Only the trigger's clause counts: the guests of a signing
//! ceremony (…签约仪式，A公司董事长B参加) are not said to sign.

use super::{Carry, RelationRule};
use crate::model::{EntityType, RelationKind};
use crate::relate::{ids, Cue, Cx, Found, Sentence, Trigger};

pub struct Signs;

impl RelationRule for Signs {
    fn kind(&self) -> RelationKind {
        RelationKind::Signs
    }

    fn carries(&self) -> Carry {
        Carry::Paragraph
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        // The parties are written in the trigger's clause (A区与B公司签订协议); a ceremony's
        // guests listed in other clauses (…签约仪式，B公司董事长C参加) signed nothing the
        // sentence states.
        let (from, end) = (cx.clause_start(t.start, s), cx.clause_end(t.end, s).min(cx.act_end(t, s)));
        // The signing side is written before the trigger (二七区与A公司签订); after it, a
        // division starts a name of what was signed (签约的鼓楼区…产业园).
        let sides = cx.named(from, t.start, &[EntityType::District, EntityType::Organization]);
        let sides = cx.cluster(&sides);
        let mut objects = cx.named(from, end, &[EntityType::Company, EntityType::Project]);
        let subjects = if sides.is_empty() {
            match cx.find(Cue::Together, from, t.start) {
                Some((at, _)) if objects.first().is_some_and(|c| c.end <= at) => vec![objects.remove(0)],
                _ => Vec::new(),
            }
        } else {
            sides
        };
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}
