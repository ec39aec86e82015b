//! The recognition rules, one per file, applied in the order of [`default_chain`].
//! Shared helpers for person names and left-extended names live here.

mod byline;
mod company;
mod dictionary;
mod listed_company;
mod official;
mod organization;
mod person;
mod program;
mod project;
mod street;
mod village;
mod village_organ;
mod zone;

pub use byline::BylineRule;
pub use company::CompanyRule;
pub use dictionary::DictionaryRule;
pub use listed_company::ListedCompanyRule;
pub use official::OfficialRule;
pub use organization::OrganizationRule;
pub use person::PersonRule;
pub use program::ProgramRule;
pub use project::ProjectRule;
pub use street::StreetOfficeRule;
pub use village::VillageRule;
pub use village_organ::VillageOrganRule;
pub use zone::ZoneRule;

use super::context::LexKind;
use super::{Context, Rule};
use crate::model::EntityType;
use crate::text::is_han;

/// The rules in the order they run. Later rules may build on what earlier ones found
/// (officials' titles follow organizations; projects contain companies).
pub fn default_chain() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(DictionaryRule),
        Box::new(BylineRule),
        Box::new(ZoneRule),
        Box::new(OrganizationRule),
        Box::new(StreetOfficeRule),
        Box::new(OfficialRule),
        Box::new(PersonRule),
        Box::new(CompanyRule),
        Box::new(ProgramRule),
        Box::new(ProjectRule),
        Box::new(VillageRule),
        Box::new(VillageOrganRule),
        Box::new(ListedCompanyRule),
    ]
}

/// Chars that, standing alone, follow a name rather than end it (苏建设说, 高岩等).
const AFTER_NAME: &str = "说等和与及在对为的同到来去向将把被从是也都就还又已曾并率带陪一";
/// Words that follow a name: a given name does not take their first char (孙立强 keeps
/// 强, but 吕安民强调 ends before 强调).
const AFTER_NAME_WORDS: [&str; 24] = [
    "表示", "指出", "强调", "要求", "介绍", "认为", "主持", "出席", "参加", "代表", "一行", "深入", "调研", "先后",
    "首先", "同志", "一起", "共同", "亲自", "现场", "带领", "看望", "慰问", "讲话",
];

/// Does a word that follows names start at char `k`?
pub(super) fn follows_name(cx: &Context, k: usize) -> bool {
    let Some(&c) = cx.chars.get(k) else { return true };
    if AFTER_NAME.contains(c) {
        return true;
    }
    AFTER_NAME_WORDS.contains(&cx.slice(k, (k + 2).min(cx.len())))
}

/// If a person's name starts at `i` (a surname and a one- or two-char given name, ending
/// before `limit`), returns its end. `strict` asks for more evidence (used where no title
/// or list makes a name expected).
pub fn name_at(cx: &Context, i: usize, limit: usize, strict: bool) -> Option<usize> {
    let limit = limit.min(cx.len());
    if i >= limit {
        return None;
    }
    let sl = cx.lex.surname_len(&cx.chars[i..limit])?;
    // A weak surname (于, 向, 和: also prepositions and conjunctions) asks for jieba to see
    // a person's name there too (副总经理于燕杰).
    if sl == 1 && cx.lex.weak_surnames.contains(&cx.chars[i]) && strict {
        let tagged = cx.token_at(i).is_some_and(|t| t.start == i && t.end - t.start >= 2 && t.tag.starts_with("nr"));
        if !tagged {
            return None;
        }
    }
    let han = |k: usize| k < limit && is_han(cx.chars[k]);
    if !han(i + sl) {
        return None;
    }
    // Two-char given name unless its second char is a verb or particle that follows names,
    // or jieba puts a word boundary after the one-char given name and not after two.
    // A second given-name char that starts a function word (共同/d, 为了/p) is not one.
    // Unless the char after it follows names itself (jieba's 强及/c in 兰国强及相关部门).
    let function_word_at = |k: usize| {
        !follows_name(cx, k + 1)
            && cx.token_at(k).is_some_and(|t| {
            t.start == k && t.end - t.start >= 2 && matches!(t.tag.chars().next(), Some('d' | 'p' | 'c' | 'u' | 'r' | 'f' | 't' | 'q' | 'm'))
        })
    };
    let two = han(i + sl + 1) && !follows_name(cx, i + sl + 1) && !function_word_at(i + sl + 1);
    let mut end = if two { i + sl + 2 } else { i + sl + 1 };
    if two && end < limit && is_han(cx.chars[end]) && !follows_name(cx, end) {
        // A name of three chars followed by more Han text: trust jieba's boundary.
        if cx.boundary(i + sl + 1) && !cx.boundary(end) {
            end = i + sl + 1;
        }
    }
    let name = cx.slice(i, end);
    // A division's name is no person's (宋力和信阳市领导: 信 is a surname too).
    if cx.dict_starting_at(i).into_iter().any(|h| h.end >= end && !cx.hit_entries(h, EntityType::District).is_empty()) {
        return None;
    }
    // Surname + title (黄镇长, 王主任) refers to an official; it is no name.
    if cx.lex_hits.iter().any(|h| h.kind == LexKind::Title && h.start == i + sl && h.end <= end + 1 && h.end > i + sl + 1) {
        return None;
    }
    if cx.lex.generic_names.contains(name) || cx.lex.honorifics.iter().any(|h| name.ends_with(h.as_str())) {
        return None;
    }
    // Honorific right after the surname: 李师傅, 徐经理.
    let after_surname = cx.slice(i + sl, limit.min(i + sl + 2));
    if cx.lex.honorifics.iter().any(|h| after_surname.starts_with(h.as_str())) {
        return None;
    }
    if strict {
        // A common word that merely starts with a surname char (高度, 周边, 全面) is not a name.
        if let Some(t) = cx.token_at(i)
            && t.start == i && t.end >= end && !t.tag.starts_with("nr") && t.end - t.start >= 2 {
                return None;
            }
    }
    Some(end)
}

/// A name in a list ends where the list goes on or the clause ends (、 ， 。 等 参加 …).
fn ends_list_item(cx: &Context, end: usize) -> bool {
    match cx.chars.get(end) {
        None => true,
        Some(&c) if !is_han(c) => true,
        Some(_) => follows_name(cx, end),
    }
}

/// The next name of a list that one title governs (副主任姜振松、陈磊; 副总经理于燕杰、
/// 王志杰、郭双): after a `、` at `end`, a name that ends its item. Another title or an
/// organ after the `、` starts a chain of its own, and a division's name is no person's
/// (宋力和信阳市领导).
pub(super) fn next_in_list(cx: &Context, end: usize) -> Option<(usize, usize)> {
    if cx.chars.get(end) != Some(&'、') {
        return None;
    }
    let p = end + 1;
    if !cx.lex_starting_at(p, &[LexKind::Title, LexKind::Organ]).is_empty() {
        return None;
    }
    let n = name_at(cx, p, cx.len(), false).filter(|&n| ends_list_item(cx, n))?;
    Some((p, n))
}

/// Extends a name leftwards from `end` over jieba tokens that can be part of a proper
/// name (nouns, place names, numbers, Latin), at most `max` chars, stopping at
/// punctuation, verbs, prepositions, conjunctions and particles. Returns the start.
pub fn extend_left(cx: &Context, end: usize, max: usize) -> usize {
    extend_left_with(cx, end, max, false)
}

/// Words that never belong inside a name, whatever jieba tags them (指导 is tagged as a
/// noun): governing verbs, prepositions, demonstratives.
const NOT_IN_NAME: [&str; 118] = [
    "会见", "接见", "会谈", "座谈", "陪同", "带队", "前往", "检查", "视察", "洽谈", "会同", "约谈",
    "走访", "对接", "调研", "考察", "参观", "来到", "走进", "入驻", "落户", "培育", "扶持", "表彰", "评为",
    "联合", "携手", "牵头", "举办", "承办", "主办", "协办", "邀请", "配合", "推荐", "助力", "帮扶", "看望", "慰问",
    "深入",
    "获得", "召开", "督导", "入选", "授予", "认定", "列为", "成为", "作为", "是", "有", "建成", "荣获", "被",
    "指导", "支持", "帮助", "协调", "督促", "推动", "组织", "引导", "鼓励", "推进", "加快", "实施", "开展", "针对",
    "通过", "依托", "围绕", "包括", "其中", "同时", "此外", "随后", "现场", "为了", "以及", "抓好", "打造", "启动",
    "谋划", "完成", "开工", "签约", "引进", "涵盖", "积极", "全力", "持续", "不断", "进一步", "成功", "正式", "共同",
    "今年", "去年", "目前", "截至", "全市", "全区", "全县", "全省", "辖区", "为", "对", "向", "与", "和", "及", "等",
    "在", "由", "被", "让", "将", "把",
];

/// [`NOT_IN_NAME`] as a set, and its longest word in chars. Asked for every token a name
/// extends over, so words are looked up, not compared with the whole list.
fn not_in_name_set() -> &'static (rustc_hash::FxHashSet<&'static str>, usize) {
    static SET: std::sync::OnceLock<(rustc_hash::FxHashSet<&'static str>, usize)> = std::sync::OnceLock::new();
    SET.get_or_init(|| (NOT_IN_NAME.into_iter().collect(), NOT_IN_NAME.iter().map(|w| w.chars().count()).max().unwrap_or(0)))
}

/// Is `word` one of [`NOT_IN_NAME`], or does it contain one of two chars or more (全力支持)?
fn not_in_name(word: &str) -> bool {
    let (set, longest) = not_in_name_set();
    if set.contains(word) {
        return true;
    }
    // Every part of two to `longest` chars: from each char, the ends of its 2nd, 3rd, …
    // char (each part's end is where the next char starts, or the word's end).
    word.char_indices().any(|(b, _)| {
        let rest = &word[b..];
        rest.chars().nth(1).is_some()
            && rest
                .char_indices()
                .map(|(e, _)| e)
                .skip(2)
                .chain([rest.len()])
                .take(longest.saturating_sub(1))
                .any(|e| set.contains(&rest[..e]))
    })
}

/// Like [`extend_left`]; `verbs` also lets verbs and adverbs in (project names are full of
/// them: 加固工程, 有机更新工程), still stopping at [`NOT_IN_NAME`].
pub fn extend_left_with(cx: &Context, end: usize, max: usize, verbs: bool) -> usize {
    let mut start = end;
    // The token holding the char before `start`, walking left one token at a time.
    while let Some(t) = start.checked_sub(1).and_then(|p| cx.token_at(p)) {
        let chars_ok = || {
            cx.chars[t.start..t.end.min(end)].iter().all(|&c| is_han(c) || c.is_ascii_alphanumeric() || c == '·')
        };
        let tag_ok = nameish_tag(t.tag) || (verbs && matches!(t.tag.chars().next(), Some('v' | 'd' | 'a')));
        // 全力支持 is one jieba word: a stop word inside a word stops too.
        let stop = || {
            let word = cx.slice(t.start, t.end.min(end));
            not_in_name(word)
                || ["这", "那", "该", "其", "各", "本"].contains(&word)
                // 中心和县人民医院: jieba's 和县/ns is the conjunction and a relative county.
                || (t.tag == "ns" && t.end - t.start == 2 && "和与及同".contains(cx.chars[t.start]))
        };
        // The cheap tests first: most walks end at a token of the wrong tag or length.
        if t.end.min(end) != start || end - t.start > max || !tag_ok || !chars_ok() || stop() {
            break;
        }
        start = t.start;
    }
    start
}

/// POS tags that can be part of a proper name.
fn nameish_tag(tag: &str) -> bool {
    matches!(tag.chars().next(), Some('n' | 'j' | 'm' | 'x' | 'e' | 'b' | 's' | 'f' | 'g' | 'h' | 'k' | 't'))
        || tag == "eng"
        || tag == "vn"
        || tag == "an"
}

/// The char before `i` ends a clause or a word, so that `i` can start a name.
pub fn starts_clause(cx: &Context, i: usize) -> bool {
    i == 0 || !is_han(cx.chars[i - 1]) || cx.boundary(i)
}

/// Moves the start of a left-extended name past what cannot begin it: a verb followed by a
/// place or brand starts the name after it (何明远会见河南省… → 河南省…; jieba tags many
/// such verbs as nouns, so [`NOT_IN_NAME`] words count as verbs too), and a person found
/// before it is never swallowed.
pub fn trim_name_start(cx: &Context, mut start: usize, end: usize, found: &[super::Candidate]) -> usize {
    let toks = cx.tokens_in(start, end);
    for (k, t) in toks.iter().enumerate() {
        // A verbal noun first (服务郑州华丰…) governs what follows; inside a name it is part of it.
        // After a noun of the name a verb is part of it (中原总机退城入园项目, where jieba
        // tags 入园 a place): only a verb that starts the span or follows a non-noun governs.
        let after_noun = k > 0 && toks[k - 1].tag.starts_with('n') && toks[k - 1].tag != "nr";
        let verb = (t.tag.starts_with('v') && (t.tag != "vn" || k == 0) && !after_noun) || not_in_name_set().0.contains(cx.slice(t.start, t.end));
        if verb
            && let Some(p) = toks[k + 1..].iter().find(|p| matches!(p.tag, "ns" | "nt" | "nz" | "j")) {
                start = p.start;
            }
    }
    for c in found.iter().filter(|c| matches!(c.ty, crate::model::EntityType::Official | crate::model::EntityType::Person)) {
        if c.start < end && c.end > start {
            start = start.max(c.end);
            // 王伟到郑州华信…: the preposition after a name, which jieba may glue to it
            // (王伟到/nr), starts no name.
            while start < end && "到在赴向与和及对为给同跟从经".contains(cx.chars[start]) {
                start += 1;
            }
        }
    }
    // An official's or person's name written again inside the span (在九九医院项目现场，朱龙
    // 详细了解项目: the second 朱龙 is tagged only later, by propagation) ends what goes
    // before it.
    let span = &cx.chars[start..end.max(start)];
    for c in found.iter().filter(|c| matches!(c.ty, crate::model::EntityType::Official | crate::model::EntityType::Person)) {
        let n = c.name.chars().count();
        let Some(first) = c.name.chars().next() else { continue };
        if n >= 2
            && let Some(i) = span.windows(n).rposition(|w| w[0] == first && w.iter().copied().eq(c.name.chars()))
        {
            start += i + n;
        }
    }
    // A company that acts on what follows (A公司投资建设B项目) is the subject, not part of
    // the name: the name starts after its verbs.
    let from = start;
    for c in found.iter().filter(|c| c.ty == crate::model::EntityType::Company && c.start >= from && c.end < end) {
        let mut at = c.end;
        while let Some(t) = cx.tokens_in(at, end).first().filter(|t| t.start == at && t.tag.starts_with('v')) {
            at = t.end;
        }
        // Only when another name follows the verbs (A公司迁建项目 is A's project).
        let named_after = cx.tokens_in(at, end).iter().any(|t| matches!(t.tag, "ns" | "nr" | "nz" | "nt" | "j"));
        if at > c.end && named_after {
            start = start.max(at);
        }
    }
    // A lead (本报讯, 大河网讯) ends before the story's first word.
    if let Some(i) = cx.chars[start..end].windows(2).rposition(|w| w[1] == '讯' && matches!(w[0], '报' | '网' | '社' | '台')) {
        start += i + 2;
    }
    start
}

#[cfg(test)]
mod tests {
    /// Every part of two chars or more, by char offsets: what `not_in_name` looks for.
    fn naive(word: &str) -> bool {
        let (set, longest) = super::not_in_name_set();
        let chars: Vec<char> = word.chars().collect();
        set.contains(word)
            || (0..chars.len()).any(|i| {
                (i + 2..=chars.len().min(i + longest)).any(|j| set.contains(chars[i..j].iter().collect::<String>().as_str()))
            })
    }

    #[test]
    fn a_stop_word_anywhere_in_a_word_stops_a_name() {
        let words = ["", "会", "会见", "全力支持", "支持", "x会见y", "区委会见", "见会", "a", "会见会见会见会见", "😀会见", "河南省郑州市"];
        for w in words {
            assert_eq!(super::not_in_name(w), naive(w), "{w}");
        }
        assert!(super::not_in_name("区委会见"));
        assert!(!super::not_in_name("河南省郑州市"));
    }
}
