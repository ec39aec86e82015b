//! The two steps after the rules, each on its own with candidates made by hand:
//! `recognize::select::select` (which of overlapping candidates is kept) and
//! `resolve::resolve` (relative organization names get the article's district).

use crate::common::rules_only_pipeline;
use newsgraph::model::{EntityType, RuleId};
use newsgraph::recognize::select::select;
use newsgraph::recognize::{Candidate, Strength};
use newsgraph::resolve::{resolve, Jurisdictions};

/// The char range of the `nth` occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let pat: Vec<char> = needle.chars().collect();
    let start = (0..chars.len())
        .filter(|&i| chars[i..].starts_with(&pat))
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth} not in {text}"));
    (start, start + pat.len())
}

fn district(text: &str, name: &str, nth: usize) -> Candidate {
    let (s, e) = at(text, name, nth);
    Candidate::new(s, e, EntityType::District, name, RuleId::Dictionary)
}

/// A relative organization name as the organization rule proposes it: the written name,
/// with the level of its jurisdiction and the organ.
fn relative(text: &str, written: &str, level: &str, organ: &str) -> Candidate {
    let (s, e) = at(text, written, 0);
    let mut c = Candidate::new(s, e, EntityType::Organization, written, RuleId::Organization);
    c.relative = Some((level.to_string(), organ.to_string()));
    c
}

#[test]
fn resolve_relative_names() {
    // (what, text, districts named in the article (name, occurrence), districts named
    // elsewhere on the page, relative candidate (written, level, organ), what it becomes)
    type Case = (&'static str, &'static str, &'static [(&'static str, usize)], &'static [&'static str], (&'static str, &'static str, &'static str), Option<&'static str>);
    let cases: &[Case] = &[
        ("the article's district", "惠济区召开会议。区发改委负责人参加。", &[("惠济区", 0)], &[], ("区发改委", "区", "发改委"), Some("惠济区发改委")),
        ("no district anywhere: dropped", "会议在会议室召开。区发改委负责人参加。", &[], &[], ("区发改委", "区", "发改委"), None),
        ("a district named elsewhere on the page", "会议在会议室召开。区发改委负责人参加。", &[], &["惠济区"], ("区发改委", "区", "发改委"), Some("惠济区发改委")),
        ("the article's district before the page's", "金水区召开会议。区卫健委负责人参加。", &[("金水区", 0)], &["惠济区"], ("区卫健委", "区", "卫健委"), Some("金水区卫健委")),
        (
            "the district named most often",
            "金水区、惠济区召开会议。惠济区安排部署，区发改委负责人参加。",
            &[("金水区", 0), ("惠济区", 0), ("惠济区", 1)],
            &[],
            ("区发改委", "区", "发改委"),
            Some("惠济区发改委"),
        ),
        ("a tie goes to the first named", "金水区、惠济区召开会议。区发改委负责人参加。", &[("金水区", 0), ("惠济区", 0)], &[], ("区发改委", "区", "发改委"), Some("金水区发改委")),
        ("a city organ in a county's story: the county's city", "二七区召开会议。市发改委负责人参加。", &[("二七区", 0)], &[], ("市发改委", "市", "发改委"), Some("郑州市发改委")),
        ("a town organ without a town: dropped", "二七区召开会议。镇党委负责人参加。", &[("二七区", 0)], &[], ("镇党委", "镇", "党委"), None),
    ];
    let p = rules_only_pipeline();
    let index = &p.recognizer.index;
    let mut failures = Vec::new();
    for (what, text, named, page_named, (written, level, organ), want) in cases {
        let mut cands: Vec<Candidate> = named.iter().map(|(n, k)| district(text, n, *k)).collect();
        let rel = relative(text, written, level, organ);
        cands.push(rel.clone());
        cands.sort_by_key(|c| c.start);
        let page_text: String = page_named.join("、");
        let page = Jurisdictions::from_candidates(&page_named.iter().map(|n| district(&page_text, n, 0)).collect::<Vec<_>>());
        let mentions = resolve(index, text, cands, &page);
        let orgs: Vec<_> = mentions.iter().filter(|m| m.ty == EntityType::Organization).collect();
        match want {
            Some(w) => {
                if orgs.len() != 1 || orgs[0].name != *w {
                    failures.push(format!("[{what}] want organization {w}, got {:?}", orgs.iter().map(|m| &m.name).collect::<Vec<_>>()));
                    continue;
                }
                // The mention keeps the written span, in chars and in bytes.
                let m = orgs[0];
                if (m.span.start, m.span.end) != (rel.start, rel.end) || &text[m.span.byte_start..m.span.byte_end] != *written {
                    failures.push(format!("[{what}] span {:?} does not cover {written}", m.span));
                }
            }
            None => {
                if !orgs.is_empty() {
                    failures.push(format!("[{what}] want it dropped, got {:?}", orgs.iter().map(|m| &m.name).collect::<Vec<_>>()));
                }
            }
        }
        // The districts themselves pass through as they are.
        let districts: Vec<&str> = mentions.iter().filter(|m| m.ty == EntityType::District).map(|m| m.name.as_str()).collect();
        let want_districts: Vec<&str> = named.iter().map(|(n, _)| *n).collect();
        if districts != want_districts {
            failures.push(format!("[{what}] districts {districts:?}, want {want_districts:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const TEXT: &str = "区长苏建设会见华丰公司客人。";

/// A candidate over `TEXT`: (start, end, type, strength).
fn cand(start: usize, end: usize, ty: EntityType, s: Strength) -> Candidate {
    let name: String = TEXT.chars().skip(start).take(end.saturating_sub(start)).collect();
    Candidate::new(start, end, ty, name, RuleId::Dictionary).strength(s)
}

#[test]
fn select_keeps_the_stronger_then_the_longer() {
    use EntityType::*;
    // 区0 长1 苏2 建3 设4 会5 见6 华7 丰8 公9 司10 客11 人12 。13
    type Case = (&'static str, Vec<Candidate>, &'static [(usize, usize)]);
    let cases: Vec<Case> = vec![
        ("stronger wins over longer", vec![cand(2, 5, Official, Strength::TITLE), cand(0, 5, Organization, Strength::NAMED)], &[(2, 5)]),
        ("a weak long name loses to a named short one", vec![cand(7, 11, Company, Strength::WEAK), cand(9, 11, Company, Strength::NAMED)], &[(9, 11)]),
        ("longer wins at equal strength", vec![cand(7, 9, Company, Strength::NAMED), cand(7, 11, Company, Strength::NAMED)], &[(7, 11)]),
        ("longer wins at equal strength, overlapping at the end", vec![cand(8, 11, Company, Strength::NAMED), cand(5, 9, Organization, Strength::NAMED)], &[(5, 9)]),
        ("same span and strength: the type of higher priority", vec![cand(7, 11, Organization, Strength::NAMED), cand(7, 11, Company, Strength::NAMED)], &[(7, 11)]),
        ("no overlap: both kept, in text order", vec![cand(7, 11, Company, Strength::NAMED), cand(2, 5, Official, Strength::TITLE)], &[(2, 5), (7, 11)]),
        (
            "what overlaps the strongest is dropped and blocks nothing",
            vec![
                cand(0, 3, Organization, Strength::NAMED),
                cand(2, 5, Official, Strength::TITLE),
                cand(4, 9, Project, Strength::NAMED),
                cand(5, 7, Organization, Strength::NAMED),
            ],
            &[(2, 5), (5, 7)],
        ),
        ("empty and out-of-range candidates are dropped", vec![cand(3, 3, Official, Strength::BYLINE), cand(12, 20, Company, Strength::BYLINE)], &[]),
    ];
    let p = rules_only_pipeline();
    let cx = p.recognizer.context(TEXT);
    let mut failures = Vec::new();
    for (what, cands, want) in cases {
        // The order candidates are proposed in does not matter.
        let mut reversed = cands.clone();
        reversed.reverse();
        for (order, input) in [("as given", cands), ("reversed", reversed)] {
            let got: Vec<(usize, usize)> = select(&cx, input).iter().map(|c| (c.start, c.end)).collect();
            if got != want {
                failures.push(format!("[{what}, {order}] kept {got:?}, want {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Which of two candidates over the same text won: the company (priority 5 over 4).
    let same = select(&cx, vec![cand(7, 11, Organization, Strength::NAMED), cand(7, 11, Company, Strength::NAMED)]);
    assert_eq!(same.iter().map(|c| c.ty).collect::<Vec<_>>(), [Company]);
    // And in the first case the official, not the organization.
    let first = select(&cx, vec![cand(0, 5, Organization, Strength::NAMED), cand(2, 5, Official, Strength::TITLE)]);
    assert_eq!(first.iter().map(|c| (c.ty, c.name.as_str())).collect::<Vec<_>>(), [(Official, "苏建设")]);
}

#[test]
fn select_merges_roles_of_the_same_mention() {
    // The same official at the same place from a title rule and a leader list: one
    // mention with both roles and the list position.
    let mut title = cand(2, 5, EntityType::Official, Strength::TITLE);
    title.roles = vec!["区长".into()];
    let mut listed = cand(2, 5, EntityType::Official, Strength::LEADER_LIST);
    listed.roles = vec!["区领导".into(), "区长".into()];
    listed.list_order = Some(2);
    let p = rules_only_pipeline();
    let cx = p.recognizer.context(TEXT);
    let out = select(&cx, vec![listed, title]);
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].strength, Strength::TITLE);
    assert_eq!(out[0].roles, ["区长", "区领导"]);
    assert_eq!(out[0].list_order, Some(2));
}
