//! Officials from context.
//!
//! * Title + name: "区委副书记、区长苏建设", "市发改委二级调研员刘志敏",
//!   "中原区审计局党组书记、局长赵青". A title of the lexicon directly followed by a name
//!   (surname of the surname list + one or two chars, not a common word per jieba) makes
//!   an official. Walking back over `、` collects every role of the chain; an organization
//!   right before a title is the organization the role belongs to (赵青 → 中原区审计局,
//!   roles 党组书记, 局长), while a bare party committee stays in the title (区委副书记).
//! * Leader lists: "区领导陈红民、苏建设、时博…等参加", "二七区领导苏建设和王波": names
//!   separated by 、 和 及 与 after 领导 or 班子成员.
//! * Later mentions of the same name (苏建设说) are tagged by selection's propagation.

use super::super::context::LexKind;
use super::super::{Candidate, Context, Rule, Strength};
use super::{name_at, next_in_list};
use crate::model::{EntityType, RuleId};
use crate::text::is_han;
use crate::text::is_level_char;

pub struct OfficialRule;

const LIST_HEADS: [&str; 4] = ["领导", "班子成员", "领导同志", "负责同志"];

impl Rule for OfficialRule {
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>) {
        let orgs: Vec<&Candidate> = found.iter().filter(|c| c.ty == EntityType::Organization).collect();
        // Title + name. For each end position take the longest title ending there.
        let mut ends: Vec<usize> = cx.lex_hits.iter().filter(|h| h.kind == LexKind::Title).map(|h| h.end).collect();
        ends.sort_unstable();
        ends.dedup();
        for e in ends {
            let Some(title) = cx.longest_lex_ending_at(e, &[LexKind::Title]) else { continue };
            // 区长 in 二七区长江路: the title's first char ends a division's name.
            if inside_division(cx, title.start) {
                continue;
            }
            // Table layouts: 党（工）委书记：黄涛, 镇长（主任）：张积会.
            let (name_start, tabular) = after_title_label(cx, e);
            let Some(name_end) = name_at(cx, name_start, cx.len(), !tabular) else { continue };
            if tabular && cx.chars.get(name_end).is_some_and(|&c| is_han(c)) {
                continue;
            }
            // A title that swallowed the end of an organization (区人大常委会主任: the lexicon
            // has 人大常委会主任) is the organization's: the role is what follows it.
            let title_start = orgs
                .iter()
                .filter(|o| o.start < title.start && o.end > title.start && o.end < e)
                .filter(|o| cx.lex_starting_at(o.end, &[LexKind::Title]).iter().any(|h| h.end == e))
                .max_by_key(|o| o.len())
                .map_or(title.start, |o| o.end);
            let (roles, role_org) = roles_before(cx, &orgs, title_start, e);
            let mut p = name_start;
            let mut end = name_end;
            // A title over a list of names: 副主任姜振松、陈磊、二级调研员薛天西.
            loop {
                let mut c = Candidate::new(p, end, EntityType::Official, cx.slice(p, end), RuleId::OfficialTitle).strength(Strength::TITLE);
                c.roles = roles.clone();
                c.role_org = role_org.clone();
                out.push(c);
                match next_in_list(cx, end) {
                    Some((s, n)) => (p, end) = (s, n),
                    None => break,
                }
            }
        }
        // Leader lists.
        for head in LIST_HEADS {
            let n = head.chars().count();
            for i in cx.occurrences(head) {
                let role = list_role(cx, i, i + n);
                let mut p = i + n;
                let mut order = 0;
                while let Some(end) = name_at(cx, p, cx.len(), order == 0) {
                    order += 1;
                    let mut c = Candidate::new(p, end, EntityType::Official, cx.slice(p, end), RuleId::OfficialList).strength(Strength::LEADER_LIST);
                    c.roles.push(role.clone());
                    c.list_order = Some(order);
                    out.push(c);
                    // Separators: 、 ， 和 及 与.
                    match cx.chars.get(end) {
                        Some('、') => p = end + 1,
                        Some('和' | '及' | '与') => p = end + 1,
                        _ => break,
                    }
                }
            }
        }
    }
}

/// Does a division's name (from the dictionary) end inside the word starting at `i`, so
/// that the char at `i` belongs to it (二七区长江路: 区 of 二七区, not 区长)?
fn inside_division(cx: &Context, i: usize) -> bool {
    cx.dict_ending_at(i + 1).into_iter().any(|h| h.start < i && !cx.hit_entries(h, EntityType::District).is_empty())
}

/// Where a name after a title starts: right after it, or after a parenthesized alternative
/// and a colon in a table (党（工）委书记：黄涛, 镇长（主任）：张积会). The flag says a
/// colon stood between (the name must then end its cell).
fn after_title_label(cx: &Context, e: usize) -> (usize, bool) {
    let mut k = e;
    if cx.chars.get(k) == Some(&'（') {
        match (k + 1..(k + 8).min(cx.len())).find(|&j| cx.chars[j] == '）') {
            Some(close) => k = close + 1,
            None => return (e, false),
        }
    }
    if cx.chars.get(k) == Some(&'：') {
        let mut j = k + 1;
        while cx.chars.get(j) == Some(&' ') {
            j += 1;
        }
        return (j, true);
    }
    (e, false)
}

/// The roles of the title chain ending at `end` whose last title starts at `title_start`.
fn roles_before(cx: &Context, orgs: &[&Candidate], title_start: usize, end: usize) -> (Vec<String>, Option<String>) {
    let mut roles = Vec::new();
    let mut role_org = None;
    let mut t_start = title_start;
    let mut t_end = end;
    loop {
        let org = orgs.iter().filter(|o| o.end == t_start).max_by_key(|o| o.len());
        let (seg_start, role) = match org {
            Some(o) if o.len() > 2 => {
                if role_org.is_none() {
                    role_org = Some(o.name.clone());
                }
                (o.start, cx.slice(t_start, t_end).to_string())
            }
            Some(o) => (o.start, cx.slice(o.start, t_end).to_string()),
            // A division right before the title is where it is held: 惠济区副区长.
            None => match division_before(cx, t_start) {
                Some(d) => (d, cx.slice(d, t_end).to_string()),
                None => (t_start, cx.slice(t_start, t_end).to_string()),
            },
        };
        roles.push(role);
        // Another title before a 、 continues the chain.
        if seg_start < 2 || cx.chars[seg_start - 1] != '、' {
            break;
        }
        let Some(prev) = cx.longest_lex_ending_at(seg_start - 1, &[LexKind::Title]) else { break };
        t_start = prev.start;
        t_end = prev.end;
    }
    roles.reverse();
    (roles, role_org)
}

/// The start of a division's name (three chars or more, from the dictionary) ending at `at`.
fn division_before(cx: &Context, at: usize) -> Option<usize> {
    cx.dict_ending_at(at)
        .into_iter()
        .filter(|h| h.end - h.start >= 3 && !cx.hit_entries(h, EntityType::District).is_empty())
        .map(|h| h.start)
        .min()
}

/// "区领导" → 区领导; "二七区领导" → 二七区领导; a bare 领导 → 领导.
fn list_role(cx: &Context, start: usize, end: usize) -> String {
    if start > 0 && is_level_char(cx.chars[start - 1]) {
        let d = cx
            .dict_ending_at(start)
            .into_iter()
            .find(|h| !cx.hit_entries(h, EntityType::District).is_empty())
            .map(|h| h.start)
            .unwrap_or(start - 1);
        return cx.slice(d, end).to_string();
    }
    cx.slice(start, end).to_string()
}
