//! Programs: named campaigns, initiatives, mechanisms and work methods.
//!
//! * A quoted name followed (directly or after a short noun phrase) by a program head noun:
//!   “万人助万企”活动 → 万人助万企, "126"工作法 → 126工作法 (工作法 is a head that stays in
//!   the name), “幸福家园”村社互助工程 → 幸福家园, “三个一批”“万人助万企”等活动 → both.
//! * Unquoted names ending in a kept head of the 年 kind: 能力作风建设年.
//! * Well-known names without quotes come from the program dictionary.
//!
//! Traps: quotes are used for slogans and idioms too (“足不出园”办成事, “火车头”), which have
//! no head noun after them and are left alone.

use super::super::context::{LexHit, LexKind};
use super::super::{Candidate, Context, Rule, Strength};
use super::extend_left;
use crate::model::{EntityType, RuleId};
use crate::text::is_han;

pub struct ProgramRule;

/// How far after the closing quote the head may start.
const MAX_GAP: usize = 10;
const MAX_NAME: usize = 20;
/// Words in the gap between a quoted name and a head that show the head is not its own.
const GAP_STOPS: [&str; 8] = ["特色", "一批", "系列", "上线", "入围", "相关", "这个", "一项"];

impl Rule for ProgramRule {
    fn apply(&self, cx: &Context, _found: &[Candidate], out: &mut Vec<Candidate>) {
        let heads = [LexKind::ProgramHeadDropped, LexKind::ProgramHeadKept];
        // Quoted names: collect the quote spans of the text.
        let quotes = quote_spans(cx);
        if quotes.is_empty() {
            return years(cx, out);
        }
        // The head words of the text by start, longest first at one start (as
        // `lex_starting_at` gives them), looked up at every char after a closing quote.
        let mut head_hits: Vec<&LexHit> = cx.lex_hits.iter().filter(|h| heads.contains(&h.kind)).collect();
        head_hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let heads_at = |p: usize| {
            let a = head_hits.partition_point(|h| h.start < p);
            head_hits[a..].iter().take_while(move |h| h.start == p).copied()
        };
        let mut named: Vec<(String, String)> = Vec::new();
        for (qi, &(open, close)) in quotes.iter().enumerate() {
            let inner = cx.slice(open + 1, close);
            if inner.is_empty() || inner.chars().count() > MAX_NAME || inner.contains(['。', '，', '！', '？', '：']) {
                continue;
            }
            // Scan forward over a short gap (nouns, further quoted names, 等) to a head.
            let mut p = close + 1;
            let mut next_q = qi + 1;
            let mut head = None;
            while p < cx.len() && p <= close + 1 + MAX_GAP {
                if let Some(h) = heads_at(p).find(|h| head_ends(cx, h.end)) {
                    head = Some(h.clone());
                    break;
                }
                if next_q < quotes.len() && quotes[next_q].0 == p {
                    p = quotes[next_q].1 + 1;
                    next_q += 1;
                    continue;
                }
                let c = cx.chars[p];
                if !(is_han(c) || c == '、') || "，。；：！？的是在了为把将对".contains(c) {
                    break;
                }
                p += 1;
            }
            let Some(h) = head else { continue };
            // A long or descriptive gap means the head belongs to something else:
            // “送温暖”特色活动, “巧厨娘”等一批助老项目.
            let gap = cx.slice(close + 1, h.start);
            if GAP_STOPS.iter().any(|g| gap.contains(g)) {
                continue;
            }
            // “半拉子”工程, “民心”工程: a short quoted word before 工程 describes, it does not name.
            if cx.lex_word(&h) == "工程" && inner.chars().count() < 4 {
                continue;
            }
            let adjacent = h.start == close + 1;
            let kept = h.kind == LexKind::ProgramHeadKept && adjacent;
            let name = if kept { format!("{inner}{}", cx.lex_word(&h)) } else { inner.to_string() };
            let end = if adjacent { h.end } else { close + 1 };
            named.push((inner.to_string(), name.clone()));
            out.push(Candidate::new(open, end, EntityType::Program, name, RuleId::ProgramQuoted).strength(Strength::NAMED));
        }
        // The same quoted name elsewhere in the text, without its head, is the same program.
        for &(open, close) in &quotes {
            let inner = cx.slice(open + 1, close);
            if let Some((_, name)) = named.iter().find(|(i, _)| i == inner) {
                out.push(Candidate::new(open, close + 1, EntityType::Program, name.clone(), RuleId::ProgramQuoted).strength(Strength::NAMED));
            }
        }
        years(cx, out);
    }
}

/// Unquoted X建设年, X攻坚年.
fn years(cx: &Context, out: &mut Vec<Candidate>) {
    for h in cx.lex_hits.iter().filter(|h| h.kind == LexKind::ProgramHeadKept) {
        let word = cx.lex_word(h);
        if !word.ends_with('年') || word.chars().count() < 2 || !head_ends(cx, h.end) {
            continue;
        }
        let start = extend_left(cx, h.start, 8);
        if h.start - start >= 2 {
            let name = cx.slice(start, h.end).to_string();
            // “能力作风建设年” in quotes: the span covers the quotes.
            let quoted = start > 0 && cx.chars[start - 1] == '“' && cx.chars.get(h.end) == Some(&'”');
            let (s, e) = if quoted { (start - 1, h.end + 1) } else { (start, h.end) };
            out.push(Candidate::new(s, e, EntityType::Program, name, RuleId::ProgramYear).strength(Strength::NAMED));
        }
    }
}

fn head_ends(cx: &Context, end: usize) -> bool {
    end >= cx.len() || !is_han(cx.chars[end]) || cx.boundary(end)
}

/// The (open, close) char positions of balanced “ ” pairs.
fn quote_spans(cx: &Context) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in cx.chars.iter().enumerate() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(o) = open.take() {
                    out.push((o, i));
                }
            }
            '\n' => open = None,
            _ => {}
        }
    }
    out
}
