//! Journalists from bylines (see [`crate::text::byline`] for the styles handled).

use super::super::{Candidate, Context, Rule, Strength};
use crate::text::byline::find_bylines;
use crate::model::{EntityType, RuleId};

pub struct BylineRule;

impl Rule for BylineRule {
    fn apply(&self, cx: &Context, _found: &[Candidate], out: &mut Vec<Candidate>) {
        let mut line_start = 0;
        for line in cx.text.split('\n') {
            for b in find_bylines(line, cx.lex) {
                for n in b.names {
                    let mut c = Candidate::new(
                        line_start + n.start,
                        line_start + n.end,
                        EntityType::Journalist,
                        n.name,
                        RuleId::Byline,
                    )
                    .strength(Strength::BYLINE);
                    c.roles.push(n.role.to_string());
                    out.push(c);
                }
            }
            line_start += line.chars().count() + 1;
        }
    }
}
