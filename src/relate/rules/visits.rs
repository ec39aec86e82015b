//! `visits`: an official inspects or tours something (调研, 视察, 察看, 督导, 检查 …).
//!
//! Subjects: the officials before the trigger, less those who accompany (A陪同, 在A陪同下:
//! the one after 陪同 leads); with none, the delegation (…一行, 带队) an earlier sentence of
//! the paragraph introduced. Objects: the companies, projects, organs and places written
//! after the first subject and before the act ends (the next other trigger or speech
//! word). Traps: 区长A要求企业加强检查 (a speech word before the trigger: said, not done);
//! the district of the official's own title (二七区区长A) is before the subject, not an
//! object; 参加调研, 陪同视察 say who took part, not what was visited; organs of the
//! accompanying officials' titles are no objects; a sentence that opens on a place
//! (在A公司，B察看…) visits it, with or without a trigger once the story has told of a visit; two delegations in one sentence
//! (A到B调研，C到D调研) each visit their own.

use super::{actors_before, said_not_done, RelationRule};
use crate::model::{EntityType, RelationKind, RelationRecord};
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
        let own_found = !own.is_empty();
        let mut subjects = if own_found { own } else { actors_before(cx, s, t, &[EntityType::Official]) };
        if said_not_done(cx, &subjects, t) {
            return Found::default();
        }
        let from = match subjects.first() {
            Some(first) if own_found => first.end.max(seg),
            Some(first) => first.end,
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
        let mut objects: Vec<_> = cx.places(from, end, &OBJECTS);
        // 在A公司，B察看了…: the place the sentence opens with is visited too.
        if let Some(first) = subjects.first() {
            objects.extend(site(cx, s, first.start));
        }
        Found { subjects: ids(&subjects), objects: ids(&objects) }
    }

    /// 在A项目现场，B详细了解…: in a story that has told of a visit, a sentence that opens
    /// on a place and goes on with an official is that official's visit there.
    fn untriggered(&self, cx: &Cx, s: &Sentence, found: &[RelationRecord]) -> Found {
        let told = found.iter().any(|r| r.kind == RelationKind::Visits)
            || cx.triggers.iter().any(|t| t.kind == RelationKind::Visits && t.end <= s.start);
        if !told {
            return Found::default();
        }
        let clause_end = cx.clause_end(s.start, s);
        let Some(official) = cx.ents.iter().find(|e| e.start > clause_end && e.ty == EntityType::Official) else {
            return Found::default();
        };
        if official.start != clause_end + 1 {
            return Found::default();
        }
        let objects = site(cx, s, clause_end);
        Found { subjects: if objects.is_empty() { Vec::new() } else { vec![official.id.to_string()] }, objects: ids(&objects) }
    }
}

/// The places a sentence opens on with 在 (在A、B项目施工现场，…), before `to`.
fn site<'a>(cx: &'a Cx, s: &Sentence, to: usize) -> Vec<&'a crate::relate::Ent<'a>> {
    let start = (s.start..to).find(|&i| !cx.chars[i].is_whitespace()).unwrap_or(to);
    if cx.chars.get(start) != Some(&'在') {
        return Vec::new();
    }
    let end = cx.clause_end(start, s).min(to);
    cx.places(start + 1, end, &OBJECTS)
}
