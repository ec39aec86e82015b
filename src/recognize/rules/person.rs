//! Other named people: a name right after a role that is not a public office (负责人,
//! 董事长, 种植户, 村民 …): "负责人何宾宾介绍" → person 何宾宾. Surname + honorific
//! (李师傅, 徐经理) is never a name (see `name_at`).

use super::super::context::LexKind;
use super::super::{Candidate, Context, Rule};
use super::name_at;
use crate::model::EntityType;

pub struct PersonRule;

impl Rule for PersonRule {
    fn name(&self) -> &'static str {
        "person"
    }

    fn apply(&self, cx: &Context, _found: &[Candidate], out: &mut Vec<Candidate>) {
        for h in cx.lex_hits.iter().filter(|h| h.kind == LexKind::PersonTitle) {
            if let Some(end) = name_at(cx, h.end, cx.len(), true) {
                let mut c = Candidate::new(h.end, end, EntityType::Person, cx.slice(h.end, end), "person").strength(6);
                c.roles.push(cx.lex_word(h).to_string());
                out.push(c);
            }
        }
    }
}
