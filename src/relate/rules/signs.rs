//! `signs`: a district or organization signs with a company, or for a project (签约,
//! 签订, 签署).
//!
//! Subjects: the districts and organizations of the sentence; with none, the first of two
//! companies joined by 与 (A公司与B公司签订). Objects: the companies and projects of the
//! sentence. A signing with nothing named (集中签约项目15个) gives nothing; a sentence that
//! names what was signed but not who (此次集中签约的A、B等项目) takes the side of the
//! article's earlier signing.

use super::{Carry, RelationRule};
use crate::model::{EntityType, RelationKind};
use crate::relate::{ids, Cx, Found, Sentence, Trigger};

pub struct Signs;

impl RelationRule for Signs {
    fn kind(&self) -> RelationKind {
        RelationKind::Signs
    }

    fn carries(&self) -> Carry {
        Carry::Article
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        let end = cx.act_end(t, s);
        let sides = cx.named(s.start, end, &[EntityType::District, EntityType::Organization]);
        // The side that holds the signing is the first one written (鼓楼区举行签约仪式).
        let sides: Vec<_> = sides.into_iter().take(1).collect();
        let mut objects = cx.ents(s.start, end, &[EntityType::Company, EntityType::Project]);
        let subjects = if sides.is_empty() {
            match cx.find(&cx.cues.together, s.start, t.start) {
                Some((at, _)) if objects.first().is_some_and(|c| c.end <= at) => vec![objects.remove(0)],
                _ => Vec::new(),
            }
        } else {
            sides
        };
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}
