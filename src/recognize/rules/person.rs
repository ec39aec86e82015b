//! Other named people: a name right after a role that is not a public office (负责人,
//! 董事长, 种植户, 村民 …): "负责人何宾宾介绍" → person 何宾宾. Surname + honorific
//! (李师傅, 徐经理) is never a name (see `name_at`).

use super::super::context::LexKind;
use super::super::{Candidate, Context, Rule, Strength};
use super::{name_at, next_in_list};
use crate::model::{EntityType, RuleId};

pub struct PersonRule;

impl Rule for PersonRule {
    fn apply(&self, cx: &Context, _found: &[Candidate], out: &mut Vec<Candidate>) {
        for h in cx.lex_hits.iter().filter(|h| h.kind == LexKind::PersonTitle) {
            let Some(mut end) = name_at(cx, h.end, cx.len(), true) else { continue };
            let mut start = h.end;
            // One role over a list: 副总经理于燕杰、王志杰、郭双.
            loop {
                let mut c = Candidate::new(start, end, EntityType::Person, cx.slice(start, end), RuleId::Person).strength(Strength::PERSON_ROLE);
                c.roles.push(cx.lex_word(h).to_string());
                out.push(c);
                match next_in_list(cx, end) {
                    Some((s, e)) => (start, end) = (s, e),
                    None => break,
                }
            }
        }
    }
}
