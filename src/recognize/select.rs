//! Selection: from all candidates, keep a non-overlapping set.
//!
//! Order of preference: rule strength (bylines and title+name rules are surer than any
//! dictionary or suffix guess), then length (longest match wins: 郑州市委政法委 over
//! 郑州市), then type priority ([`EntityType::priority`]), then position. After selection,
//! a name that a context rule established as an official or person is also tagged wherever
//! else it appears in the same text ("苏建设说" after "区长苏建设").

use crate::text::places::Places;
use super::{Candidate, Context, Strength};
use crate::model::{EntityType, RuleId};

pub fn select(cx: &Context, mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.retain(|c| c.end > c.start && c.end <= cx.len());
    // Candidates are taken in order of their index, sorted: a candidate is a large struct,
    // and a sort of hundreds of them spent its time moving them. The order: strength,
    // then length (both greatest first), type priority (highest first), start, name, and
    // arrival. All but the name packed into one number per
    // candidate, so that most comparisons are one; the name only breaks ties.
    let mut keyed: Vec<(u128, u32)> = cands
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let key = (u128::from(u8::MAX - c.strength.0) << 72)
                | (u128::from(u32::MAX - c.len() as u32) << 40)
                | (u128::from(u8::MAX - c.ty.priority()) << 32)
                | c.start as u128;
            (key, k as u32)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| cands[a.1 as usize].name.cmp(&cands[b.1 as usize].name)).then(a.1.cmp(&b.1))
    });
    let order = keyed.into_iter().map(|(_, k)| k);
    let mut slots: Vec<Option<Candidate>> = cands.into_iter().map(Some).collect();
    let mut taken = vec![false; cx.len()];
    // The selected candidate that starts at each char (spans taken do not overlap: at
    // most one), to find a weaker duplicate's without a pass over all taken.
    let mut starting: Vec<u32> = vec![u32::MAX; cx.len()];
    let mut out: Vec<Candidate> = Vec::new();
    for c in order.filter_map(|k| slots[k as usize].take()) {
        if taken[c.start..c.end].iter().any(|&t| t) {
            // The same name at the same place from a weaker rule: merge its roles.
            if let Some(o) = out
                .get_mut(starting[c.start] as usize)
                .filter(|o| o.end == c.end && o.ty == c.ty)
            {
                for r in c.roles {
                    if !o.roles.contains(&r) {
                        o.roles.push(r);
                    }
                }
                o.list_order = o.list_order.or(c.list_order);
                o.role_org = o.role_org.take().or(c.role_org);
            }
            continue;
        }
        taken[c.start..c.end].iter_mut().for_each(|t| *t = true);
        starting[c.start] = out.len() as u32;
        out.push(c);
    }
    let places = cx.places();
    propagate_names(cx, places, &mut out, &mut taken);
    let mut out = propagate_surfaces(cx, places, out);
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    out
}

/// Tags further occurrences of people's names that a context rule found.
fn propagate_names(cx: &Context, places: &Places, out: &mut Vec<Candidate>, taken: &mut [bool]) {
    let mut names: Vec<(String, EntityType)> = out
        .iter()
        .filter(|c| matches!(c.ty, EntityType::Official | EntityType::Person) && c.rule != RuleId::Propagate)
        .map(|c| (c.name.clone(), c.ty))
        .collect();
    names.sort();
    names.dedup_by(|a, b| a.0 == b.0);
    let mut extra = Vec::new();
    for (name, ty) in names {
        let pat: Vec<char> = name.chars().collect();
        let n = pat.len();
        if n < 2 {
            continue;
        }
        // Left to right, a tagged occurrence skipping the places inside it.
        let mut next = 0;
        for i in places.of_char(pat[0]) {
            if i < next || i + n > cx.len() {
                continue;
            }
            if cx.chars[i..i + n] == pat[..] && !taken[i..i + n].iter().any(|&t| t) && name_bounded(cx, i, i + n) {
                taken[i..i + n].iter_mut().for_each(|t| *t = true);
                extra.push(Candidate::new(i, i + n, ty, name.clone(), RuleId::Propagate).strength(Strength::ECHO));
                next = i + n;
            }
        }
    }
    out.extend(extra);
}

/// The shortest name that is tagged wherever else it is written.
const MIN_SURFACE_CHARS: usize = 4;

/// A name recognized once is the same name wherever else the text writes it: where a
/// later occurrence came out as shorter pieces (a company cut at a rare char in its second
/// mention, leaving its province as a district), the pieces give way to the whole name.
/// Occurrences that overlap a mention reaching outside them are left alone.
fn propagate_surfaces(cx: &Context, places: &Places, mut out: Vec<Candidate>) -> Vec<Candidate> {
    let mut seen: Vec<Vec<char>> = Vec::new();
    let mut models: Vec<Candidate> = out
        .iter()
        .filter(|c| matches!(c.ty, EntityType::Organization | EntityType::Company | EntityType::Project | EntityType::Program))
        .filter(|c| c.len() >= MIN_SURFACE_CHARS)
        .cloned()
        .collect();
    // Longest first, so that a longer name claims an occurrence before a name inside it.
    models.sort_by(|a, b| b.len().cmp(&a.len()).then(a.start.cmp(&b.start)));
    for m in models {
        let pat: Vec<char> = cx.chars[m.start..m.end].to_vec();
        if seen.contains(&pat) {
            continue;
        }
        let n = pat.len();
        // Left to right, each occurrence skipping the places inside it.
        let mut next = 0;
        for i in places.of_char(pat[0]) {
            if i < next || i + n > cx.len() || cx.chars[i..i + n] != pat[..] {
                continue;
            }
            let inside: Vec<usize> = (0..out.len()).filter(|&k| out[k].start < i + n && i < out[k].end).collect();
            let pieces = !inside.is_empty()
                && inside.iter().all(|&k| out[k].start >= i && out[k].end <= i + n)
                && !inside.iter().any(|&k| out[k].start == i && out[k].end == i + n);
            if pieces {
                for k in inside.into_iter().rev() {
                    out.remove(k);
                }
                let mut c = m.clone();
                c.start = i;
                c.end = i + n;
                c.rule = RuleId::Propagate;
                c.roles.clear();
                out.push(c);
            }
            next = i + n;
        }
        seen.push(pat);
    }
    out
}

/// A bare name is a mention only where it is not the inside of a longer word: the char
/// after it must not continue a name (苏建设 in 苏建设说 is, 时博 in 时博物馆 is not).
fn name_bounded(cx: &Context, start: usize, end: usize) -> bool {
    let _ = start;
    if end >= cx.len() {
        return true;
    }
    let next = cx.chars[end];
    if !crate::text::is_han(next) {
        return true;
    }
    // The jieba boundary after the name is the usual signal; speech verbs and particles
    // glued to it are fine.
    cx.boundary(end) || "说表示指出强调要求介绍认为等和与在对为的同".contains(next)
}
