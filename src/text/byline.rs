//! Bylines: "记者 景静", "本报记者 刘伟平", "（记者 孙志刚 通讯员 木坤 坤高帅磊）",
//! "郑报全媒体记者 李新华 通讯员 郭佳星 张浩 佟鑫 图", "记者景静".
//!
//! A byline is a role keyword followed by names. With spaces, every space-separated token
//! of two to four Han chars that starts with a surname is a name; without a space (记者景静)
//! the name must be two or three chars and end the byline (punctuation or line end), so
//! that "记者了解到" or "记者从中牟县获悉" are not bylines.

use crate::lexicon::Lexicons;
use crate::text::is_han;

use super::BYLINE_ROLES as ROLES;
/// Credit keywords that are bylines only before a colon or slash (编辑：王婉, 文/邹乐):
/// alone they are ordinary words (编辑部, 审核材料, 文化).
const CREDIT_ROLES: [&str; 8] = ["责任编辑", "内容审核", "总编辑", "主编", "编辑", "审核", "作者", "文"];
/// Tokens that end a byline without being names.
const CREDITS: [&str; 5] = ["文", "图", "摄", "文图", "报道"];

/// Whether a byline role names the story's reporters (not its editors, a photographer or
/// a bare signature).
pub fn is_reporter_role(role: &str) -> bool {
    ROLES.contains(&role) && !role.starts_with('摄')
}

/// One name in a byline, with its char range in the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BylineName {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub role: &'static str,
}

/// A byline found in a line: its char range (from the first role keyword to the last
/// name or credit) and its names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Byline {
    pub start: usize,
    pub end: usize,
    pub names: Vec<BylineName>,
}

/// The role keyword starting at char `i`, longest first. Asked where a keyword may start
/// ([`role_firsts`]) and at every char of a name, so it rejects on the first two chars
/// before comparing keywords.
#[inline]
fn role_at(chars: &[char], i: usize) -> Option<&'static str> {
    let rest = chars.get(i..)?;
    // Every role is two chars or more, and 文 counts only before a colon or slash: no
    // keyword starts at the last char. The first two chars rule out nearly every other
    // place (通过, 实施, 文化, 主要) before any keyword is compared.
    let [first, second, ..] = *rest else { return None };
    let at = |r: &&&str| r.chars().enumerate().all(|(k, c)| rest.get(k) == Some(&c));
    if super::starts_byline_role(first)
        && super::continues_byline_role(second)
        && let Some(r) = ROLES.iter().find(at) {
            return Some(*r);
        }
    if matches!(first, '责' | '内' | '总' | '主' | '编' | '审' | '作' | '文') && continues_credit_role(second) {
        let r = CREDIT_ROLES.iter().find(at)?;
        let next = rest.get(r.chars().count());
        return matches!(next, Some('：' | '/')).then_some(*r);
    }
    None
}

/// The chars a role keyword starts with ([`ROLES`] and [`CREDIT_ROLES`]).
fn role_firsts() -> &'static super::CharSet {
    static FIRSTS: std::sync::LazyLock<super::CharSet> =
        std::sync::LazyLock::new(|| ROLES.iter().chain(&CREDIT_ROLES).filter_map(|r| r.chars().next()).collect());
    &FIRSTS
}

/// Whether `c` is the second char of one of [`CREDIT_ROLES`], or the colon or slash that
/// must follow 文: asked before the credit keywords are compared.
fn continues_credit_role(c: char) -> bool {
    matches!(c, '任' | '容' | '编' | '辑' | '核' | '者' | '：' | '/')
}

/// Every role keyword contains one of these: a line with none has no byline. Checked
/// with substring search before the line is decoded into chars, because segmentation
/// asks this of every line and almost none are bylines.
const ROLE_CORES: [&str; 9] = ["记者", "通讯员", "实习生", "摄影", "摄像", "编辑：", "审核：", "作者：", "文/"];

/// Whether one of [`ROLE_CORES`] is in the text: one SIMD pass over the bytes for all nine
/// (aho-corasick's packed searcher), before the line is decoded into chars. Story
/// splitting asks this of every line several times, and almost no line is a byline:
/// decoding every line to look for the cores' first chars was a twelfth of recognition.
fn has_role_core(text: &str) -> bool {
    static CORES: super::Keywords = super::Keywords::new(&ROLE_CORES);
    CORES.in_text(text)
}

/// Bylines already found, while [`remembering`] is on: the lexicons' address, and the
/// bylines of each line text that passed the prefilter.
type Memo = (usize, rustc_hash::FxHashMap<Box<str>, Vec<Byline>>);

thread_local! {
    static MEMO: std::cell::RefCell<Option<Memo>> = const { std::cell::RefCell::new(None) };
}

/// Which lexicons a memo holds for: their address, alive for as long as the memo is on.
fn memo_key(lex: &Lexicons) -> usize {
    std::ptr::from_ref(lex) as usize
}

/// Runs `f` with the bylines of each line remembered, on this thread, for `lex`. Story
/// splitting asks for the bylines of a line up to three times (does it end a story, does
/// it open one, whose names are these) and recognition once more for the same line of the
/// story's text; a line with a role keyword cost as much each time (a fifth of a page's
/// segmentation). [`find_bylines`] is a function of the text and the lexicons, so what it
/// returns is the same either way.
pub fn remembering<R>(lex: &Lexicons, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Memo>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            MEMO.with(|m| *m.borrow_mut() = outer);
        }
    }
    let outer = MEMO.with(|m| m.borrow_mut().replace((memo_key(lex), Default::default())));
    let _restore = Restore(outer);
    f()
}

/// Finds the bylines of a line of normalized text.
pub fn find_bylines(text: &str, lex: &Lexicons) -> Vec<Byline> {
    let signed = text.ends_with('）') || text.ends_with('摄');
    if !signed && !has_role_core(text) {
        return Vec::new();
    }
    let at = memo_key(lex);
    let known = MEMO.with(|m| m.borrow().as_ref().filter(|(l, _)| *l == at).map(|(_, seen)| seen.get(text).cloned()));
    match known {
        Some(Some(bylines)) => bylines,
        Some(None) => {
            let bylines = bylines_of(text, lex, signed);
            MEMO.with(|m| {
                if let Some((_, seen)) = m.borrow_mut().as_mut() {
                    seen.insert(text.into(), bylines.clone());
                }
            });
            bylines
        }
        None => bylines_of(text, lex, signed),
    }
}

/// [`find_bylines`] of a line that passed its prefilter.
fn bylines_of(text: &str, lex: &Lexicons, signed: bool) -> Vec<Byline> {
    let chars = super::chars_of(text);
    let n = chars.len();
    let mut out = Vec::new();
    if signed
        && let Some(b) = signature(&chars, lex) {
            out.push(b);
        }
    let firsts = role_firsts();
    let mut i = 0;
    while i < n {
        // Most chars of a line searched are prose: one bit test rules them out.
        let found = if firsts.contains(chars[i]) { role_at(&chars, i) } else { None };
        let Some(first_role) = found else {
            i += 1;
            continue;
        };
        let start = i;
        let mut role = first_role;
        let mut j = i + role.chars().count();
        let mut names = Vec::new();
        let mut end = j;
        loop {
            // 记者：陈鑫, 文/邹乐: the colon or slash after a keyword separates like a space.
            let colon = j == end && j < n && matches!(chars[j], '：' | '/');
            if colon {
                j += 1;
            }
            let spaced = colon || (j < n && chars[j] == ' ');
            while j < n && chars[j] == ' ' {
                j += 1;
            }
            let tok_start = j;
            while j < n && is_han(chars[j]) {
                // A role keyword glued to the previous name ends the token.
                if j > tok_start && role_at(&chars, j).is_some() {
                    break;
                }
                j += 1;
            }
            if j == tok_start {
                // `文/图` and the like: skip a slash between credits.
                if j < n && chars[j] == '/' {
                    j += 1;
                    continue;
                }
                break;
            }
            let tok: String = chars[tok_start..j].iter().collect();
            if let Some(r) = role_at(&chars, tok_start).filter(|r| r.chars().count() == j - tok_start) {
                role = r;
                end = j;
                continue;
            }
            if CREDITS.contains(&tok.as_str()) {
                end = j;
                continue;
            }
            let at_boundary = j >= n || !is_han(chars[j]);
            let glued = !spaced && names.is_empty() && tok_start == end;
            match name_in_token(&chars[tok_start..j], names.last().map(|n: &BylineName| n.name.as_str()), lex, glued) {
                Some(offset) if at_boundary || role_at(&chars, j).is_some() => {
                    names.push(BylineName {
                        name: chars[tok_start + offset..j].iter().collect(),
                        start: tok_start + offset,
                        end: j,
                        role,
                    });
                    end = j;
                }
                _ => break,
            }
        }
        if !names.is_empty() {
            if !out.iter().any(|b: &Byline| b.start <= start && start < b.end) {
                out.push(Byline { start, end, names });
            }
            i = end;
        } else {
            i += first_role.chars().count();
        }
    }
    out.sort_by_key(|b| b.start);
    out
}

/// A byline without a keyword at the end of a line: a story signed with its writer's name
/// in parentheses after its last sentence (…高效推进。（程文倩）), or a photographer's
/// credit (张三 摄, （李四 王五 摄）).
fn signature(chars: &[char], lex: &Lexicons) -> Option<Byline> {
    let n = chars.len();
    let (inner_end, credit) = match chars.last()? {
        '）' if chars.get(n.wrapping_sub(2)) == Some(&'摄') => (n - 2, true),
        '）' => (n - 1, false),
        '摄' => (n - 1, true),
        _ => return None,
    };
    let open = if chars[n - 1] == '）' { Some(chars[..n - 1].iter().rposition(|&c| c == '（')?) } else { None };
    let inner_start = open.map_or_else(
        || chars[..inner_end].iter().rposition(|&c| !(is_han(c) || c == ' ')).map_or(0, |p| p + 1),
        |p| p + 1,
    );
    // Before the parentheses: the end of a sentence, or nothing.
    if let Some(p) = open {
        let before = chars[..p].iter().rev().find(|&&c| c != ' ');
        if before.is_some_and(|&c| !crate::text::is_terminal(c)) {
            return None;
        }
    }
    let mut names = Vec::new();
    let mut k = inner_start;
    while k < inner_end {
        while k < inner_end && chars[k] == ' ' {
            k += 1;
        }
        let s = k;
        while k < inner_end && is_han(chars[k]) {
            k += 1;
        }
        if s == k {
            break;
        }
        if name_in_token(&chars[s..k], None, lex, false) != Some(0) || k - s > 3 {
            return None;
        }
        names.push(BylineName { name: chars[s..k].iter().collect(), start: s, end: k, role: if credit { "摄" } else { "署名" } });
    }
    // Unspaced, a credit needs a space before 摄 (张三 摄), so that 拍摄 or 航摄 are not names.
    if names.is_empty() || (credit && open.is_none() && chars.get(inner_end.wrapping_sub(1)) != Some(&' ')) {
        return None;
    }
    if !credit && names.len() > 3 {
        return None;
    }
    Some(Byline { start: open.unwrap_or(inner_start), end: n, names })
}

/// If `tok` is a name, the offset where the name starts in it (1 when an OCR duplicate of
/// the previous name's last char is glued in front: "木坤 坤高帅磊" → 高帅磊).
fn name_in_token(tok: &[char], prev: Option<&str>, lex: &Lexicons, glued: bool) -> Option<usize> {
    let max = if glued { 3 } else { 4 };
    let valid = |t: &[char]| -> bool {
        let Some(sl) = lex.surname_len(t) else { return false };
        let len = t.len();
        if len < 2 || len > max || len - sl == 0 || len - sl > 2 {
            return false;
        }
        // Glued to the keyword (记者景静), a weak surname like 从/在 is a verb, not a name.
        !(glued && sl == 1 && lex.weak_surnames.contains(&t[0]))
    };
    if valid(tok) {
        return Some(0);
    }
    if tok.len() == 4 && !glued {
        let dup = prev.and_then(|p| p.chars().last()) == Some(tok[0]);
        if (dup || !lex.is_surname(tok[0])) && valid(&tok[1..]) {
            return Some(1);
        }
    }
    None
}

/// Whether a whole line is a byline (nothing but an optional short prefix such as 本报 or
/// 郑报全媒体, the byline, and closing punctuation).
pub fn is_byline_line(text: &str, lex: &Lexicons) -> Option<Byline> {
    let bylines = find_bylines(text, lex);
    let b = bylines.first()?;
    let chars: Vec<char> = text.chars().collect();
    let prefix = &chars[..b.start];
    let suffix = &chars[bylines.last()?.end..];
    let prefix_ok = prefix.len() <= 8 && prefix.iter().all(|&c| is_han(c) || matches!(c, '（' | '【' | ' ' | '·'));
    let suffix_ok = suffix.iter().all(|&c| !is_han(c) && !crate::text::is_alnum(c));
    (prefix_ok && suffix_ok).then(|| b.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `role_at` without its two-char prefilter: every keyword compared at every char.
    fn role_at_naive(chars: &[char], i: usize) -> Option<&'static str> {
        let rest = chars.get(i..)?;
        let at = |r: &&&str| r.chars().enumerate().all(|(k, c)| rest.get(k) == Some(&c));
        if let Some(r) = ROLES.iter().find(at) {
            return Some(*r);
        }
        let r = CREDIT_ROLES.iter().find(at)?;
        matches!(rest.get(r.chars().count()), Some('：' | '/')).then_some(*r)
    }

    #[test]
    fn role_prefilter_rules_out_only_places_without_a_role() {
        let mut lines: Vec<String> = ["本报记者 刘伟平 通讯员 孙璋哲", "责任编辑：王婉 内容审核：李强 总编辑：张三", "主编/赵六 作者：钱七 文/邹乐 审核：孙八",
            "见习记者李四 特约记者王五 首席记者 实习记者 实习生 摄影记者 摄像 摄影", "通过实施文化主要工作，编辑部审核材料。文", "记", "文："]
            .iter().map(|s| s.to_string()).collect();
        // Every keyword cut short, and followed by each char that may end or extend it.
        for r in ROLES.iter().chain(&CREDIT_ROLES) {
            let cs: Vec<char> = r.chars().collect();
            for n in 1..=cs.len() {
                for tail in ["", "：", "/", " ", "者", "员"] {
                    lines.push(format!("{}{tail}", cs[..n].iter().collect::<String>()));
                }
            }
        }
        for l in &lines {
            let chars: Vec<char> = l.chars().collect();
            for i in 0..=chars.len() + 1 {
                assert_eq!(role_at(&chars, i), role_at_naive(&chars, i), "{l} at {i}");
            }
        }
    }

    fn names(s: &str) -> Vec<String> {
        let lex = Lexicons::builtin().unwrap();
        find_bylines(s, &lex).into_iter().flat_map(|b| b.names).map(|n| n.name).collect()
    }

    /// Remembered bylines are the bylines: for the lexicons given, asked again, and not for
    /// other lexicons (whose surnames differ) while the memo is on.
    #[test]
    fn remembered_bylines_are_found_ones_and_stay_with_their_lexicons() {
        let lex = Lexicons::builtin().unwrap();
        let mut other = lex.clone();
        other.surnames.remove(&'景');
        let lines = ["确保安全度汛。记者景静", "本报记者 刘伟平 通讯员 孙璋哲 张一弛", "记者了解到", "会议召开。", "（周小川）"];
        let plain: Vec<Vec<Byline>> = lines.iter().map(|l| find_bylines(l, &lex)).collect();
        let plain_other: Vec<Vec<Byline>> = lines.iter().map(|l| find_bylines(l, &other)).collect();
        assert_ne!(plain[0], plain_other[0], "the check needs lexicons that disagree");
        remembering(&lex, || {
            for _ in 0..2 {
                assert_eq!(lines.iter().map(|l| find_bylines(l, &lex)).collect::<Vec<_>>(), plain);
                assert_eq!(lines.iter().map(|l| find_bylines(l, &other)).collect::<Vec<_>>(), plain_other);
            }
            // Nested, for the other lexicons; the outer memo is back afterwards.
            remembering(&other, || assert_eq!(find_bylines(lines[0], &other), plain_other[0]));
            assert_eq!(find_bylines(lines[0], &lex), plain[0]);
        });
        assert!(MEMO.with(|m| m.borrow().is_none()));
    }

    #[test]
    fn byline_styles() {
        let cases: [(&str, &[&str]); 20] = [
            ("记者 景静", &["景静"]),
            ("确保安全度汛。记者景静", &["景静"]),
            ("本报记者 刘伟平 通讯员 孙璋哲 张一弛", &["刘伟平", "孙璋哲", "张一弛"]),
            ("本报讯（记者 孙志刚 通讯员 木坤 坤高帅磊）日前", &["孙志刚", "木坤", "高帅磊"]),
            ("郑报全媒体记者 李新华 通讯员 郭佳星 张浩 佟鑫 图", &["李新华", "郭佳星", "张浩", "佟鑫"]),
            ("本报讯（记者 史治国 文/图）“感谢", &["史治国"]),
            ("记者 鲁燕 通讯员 孙婧", &["鲁燕", "孙婧"]),
            ("记者从12月16日召开的全会上获悉", &[]),
            ("记者了解到，记者昨日从中牟县获悉", &[]),
            ("会议确保项目高效推进。（周小川）", &["周小川"]),
            ("合作展开了深入的座谈交流。（记者：李青）", &["李青"]),
            ("文/某某日报全媒体记者 刘洋", &["刘洋"]),
            ("文/刘洋", &["刘洋"]),
            ("来源：某某客户端 编辑：王芳", &["王芳"]),
            ("【责任编辑：孙丽 】 【内容审核：黄强 】", &["孙丽", "黄强"]),
            ("张明 摄", &["张明"]),
            ("工人在车间忙碌。（李华 王刚 摄）", &["李华", "王刚"]),
            ("区长（主任）", &[]),
            ("编辑部召开会议，审核材料。", &[]),
            ("双方签订协议（草案）", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), want.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn role_prefilter_admits_every_keyword() {
        for r in ROLES {
            assert!(ROLE_CORES.iter().any(|k| r.contains(k)), "{r} has no core");
            assert!(has_role_core(r), "{r}");
            let chars: Vec<char> = format!("本报{r}").chars().collect();
            assert_eq!(role_at(&chars, 2), Some(r));
        }
    }

    #[test]
    fn byline_lines() {
        let lex = Lexicons::builtin().unwrap();
        assert!(is_byline_line("记者 景静 通讯员 魏常春", &lex).is_some());
        assert!(is_byline_line("郑报全媒体记者 李新华 通讯员 郭佳星 张浩 佟鑫 图", &lex).is_some());
        assert!(is_byline_line("本报讯（记者 孙志刚）受疫情影响推迟摇号", &lex).is_none());
    }
}
