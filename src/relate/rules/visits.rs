//! `visits`: an official inspects or tours something (调研, 视察, 察看, 督导, 检查 …).
//!
//! Subjects: the officials before the trigger, less those who accompany (A陪同, 在A陪同下:
//! the one after 陪同 leads); with none, the delegation (…一行, 带队) an earlier sentence of
//! the paragraph introduced. Objects: the companies, projects, organs and places written
//! after the first subject and before the act ends (the next other trigger or speech
//! word). Traps: 区长A要求企业加强检查 (a speech word before the trigger: said, not done);
//! the district of the official's own title (二七区区长A) is before the subject, not an
//! object; 参加调研, 陪同视察 say who took part, not what was visited; organs of the
//! accompanying officials' titles are no objects; two delegations in one sentence
//! (A到B调研，C到D调研) each visit their own.

use super::{actors_before, said_not_done, RelationRule};
use crate::model::{EntityType, RelationKind};
use crate::relate::{ids, Cx, Found, Sentence, Trigger};

const OBJECTS: [EntityType; 4] = [EntityType::Company, EntityType::Project, EntityType::Organization, EntityType::District];

pub struct Visits;

impl RelationRule for Visits {
    fn kind(&self) -> RelationKind {
        RelationKind::Visits
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        if cx.joined(t) {
            return Found::default();
        }
        // The visitors of this act: after the sentence's previous trigger when some are
        // named there (two delegations in one sentence), else anywhere before it.
        let seg = cx.act_start(t, s);
        let own = actors_before(cx, &Sentence { start: seg, ..*s }, t, &[EntityType::Official]);
        let mut subjects = if own.is_empty() { actors_before(cx, s, t, &[EntityType::Official]) } else { own };
        if said_not_done(cx, &subjects, t) {
            return Found::default();
        }
        let from = match subjects.first() {
            Some(first) => first.end.max(seg),
            None => {
                // No official before the trigger: one after it is not the visitor (调研组
                // 听取了A的汇报), but a party introduced earlier in the paragraph is.
                if !cx.ents(s.start, t.start, &[EntityType::Official]).is_empty() {
                    return Found::default();
                }
                subjects = cx.party(s);
                s.start
            }
        };
        // Where the visit went: between the visitor and the trigger (到A调研, 前往A、B走访),
        // and in the trigger's clause after it (调研了A); not the clauses after (…陪同).
        let end = cx.act_end(t, s).min(cx.clause_end(t.end, s));
        let objects: Vec<_> = cx.named(from, end, &OBJECTS);
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }
}
