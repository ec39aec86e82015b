//! Article dates: where a page says when it was published.
//!
//! An article's date comes, in order, from its JSONL record, from a date line of its page
//! (a web page's `发布日期：2018-11-08 09:27:13 来源：… 浏览量：1959`, an e-paper's header
//! `2023年3月1日 星期三`), from its file path (`2023-03-01/`, `zzrb_20230301_01.txt`,
//! `2012-03/01/content_349579.htm`), or from the `--date` flag; [`DateSource`] records which.
//!
//! Everything here is pure and works over `char`s (never byte slices), so lines with
//! multi-byte text and full-width digits (`２０２３－０３－０１`) are safe. Dates come back as
//! ISO `YYYY-MM-DD`, validated: a real day of a real month (leap years included) of a year
//! from 1949 to 2100. A date without a year (`11月6日`) is not a full date and is skipped.

use crate::text::is_han;

pub use crate::model::DateSource;

const MIN_YEAR: u32 = 1949;
const MAX_YEAR: u32 = 2100;

// ---------------------------------------------------------------------------------------
// Dates in text
// ---------------------------------------------------------------------------------------

/// The first full date in a string, as `YYYY-MM-DD`.
///
/// For metadata and header text whose layout is not known in advance: web pages write
/// `2018-11-08`, `2018-11-08 09:27:13`, `2018/11/08` or `2018.11.08`, e-papers and
/// Chinese prose `2018年11月8日` (with `星期三` after it), file stems and some CMSs a bare
/// `20181108`. Pages are normalized to ASCII digits, but not always, so full-width digits
/// (`０`-`９`) and separators (`－` `／` `．`) are read too. Separated forms take one- or
/// two-digit months and days (`2018-1-8`); the two separators must agree. A bare eight-digit
/// date must stand alone: not part of a longer digit run nor of a dotted or dashed number
/// (`0371-20181108`). Candidates that are not valid dates, and year-less dates
/// (`11月6日`), are skipped and the search goes on.
pub fn parse_date(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    next_date(&chars, 0, Mode::Text).map(|f| f.iso)
}

/// How strict the date reader is: in text a bare eight-digit date must not touch a dashed
/// or dotted number; in a path `_` also separates (`2023_03_01`) and ids may touch dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Text,
    Path,
}

/// A date found in a char slice: its char range and its ISO form.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    iso: String,
}

/// The value of an ASCII or full-width digit.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit(c).is_some()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

/// A date separator, full-width folded to ASCII.
fn separator(c: char, mode: Mode) -> Option<char> {
    match c {
        '-' | '－' => Some('-'),
        '.' | '．' => Some('.'),
        '/' | '／' if mode == Mode::Text => Some('/'),
        '_' if mode == Mode::Path => Some('_'),
        _ => None,
    }
}

/// The end (exclusive) of the run of digits starting at `i`.
fn run_end(chars: &[char], i: usize) -> usize {
    let mut j = i;
    while j < chars.len() && is_digit(chars[j]) {
        j += 1;
    }
    j
}

fn value(digits: &[char]) -> u32 {
    digits.iter().fold(0, |v, &c| v * 10 + digit(c).unwrap_or(0))
}

/// A run of one or two digits starting at `i`: its value and end.
fn short_run(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let e = run_end(chars, i);
    (1..=2).contains(&(e - i)).then(|| (value(&chars[i..e]), e))
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `YYYY-MM-DD`, if it is a real date in range.
fn iso(y: u32, m: u32, d: u32) -> Option<String> {
    let ok = (MIN_YEAR..=MAX_YEAR).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
    ok.then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The first date at or after char `from`.
fn next_date(chars: &[char], from: usize, mode: Mode) -> Option<Found> {
    let n = chars.len();
    let mut i = from;
    while i < n {
        if !is_digit(chars[i]) {
            i += 1;
            continue;
        }
        // `i` starts a digit run only if the char before is not a digit.
        if (i == 0 || !is_digit(chars[i - 1]))
            && let Some((end, iso)) = date_at(chars, i, mode)
        {
            return Some(Found { start: i, end, iso });
        }
        i = run_end(chars, i);
    }
    None
}

/// Every date of a char slice, left to right.
fn all_dates(chars: &[char], mode: Mode) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(f) = next_date(chars, from, mode) {
        from = f.end;
        out.push(f);
    }
    out
}

/// The date whose first digit run starts at `i`: its end and ISO form.
fn date_at(chars: &[char], i: usize, mode: Mode) -> Option<(usize, String)> {
    let j = run_end(chars, i);
    match j - i {
        4 => {
            let y = value(&chars[i..j]);
            separated(chars, j, y, mode).or_else(|| chinese(chars, j, y))
        }
        8 => {
            if mode == Mode::Text && (joined_before(chars, i) || joined_after(chars, j)) {
                return None;
            }
            let (y, m, d) = (value(&chars[i..i + 4]), value(&chars[i + 4..i + 6]), value(&chars[i + 6..j]));
            iso(y, m, d).map(|s| (j, s))
        }
        _ => None,
    }
}

/// Is the digit run starting at `i` the tail of a dashed or dotted number (`0371-`, `1.`)?
fn joined_before(chars: &[char], i: usize) -> bool {
    i >= 2 && separator(chars[i - 1], Mode::Text).is_some() && is_digit(chars[i - 2])
}

/// Does the digit run ending at `j` go on as a dashed or dotted number (`-01`, `.5`)?
fn joined_after(chars: &[char], j: usize) -> bool {
    j + 1 < chars.len() && separator(chars[j], Mode::Text).is_some() && is_digit(chars[j + 1])
}

/// `-MM-DD` (or `/`, `.`, in paths `_`) after a year ending at `j`.
fn separated(chars: &[char], j: usize, y: u32, mode: Mode) -> Option<(usize, String)> {
    let sep = separator(*chars.get(j)?, mode)?;
    let (m, k) = short_run(chars, j + 1)?;
    if separator(*chars.get(k)?, mode)? != sep {
        return None;
    }
    let (d, e) = short_run(chars, k + 1)?;
    // `id_2023_1_5` is more likely an id than a date: underscores need two-digit fields.
    if sep == '_' && (k - j != 3 || e - k != 3) {
        return None;
    }
    iso(y, m, d).map(|s| (e, s))
}

/// `年M月D日` (or `号`) after a year ending at `j`; OCR spaces between the parts are allowed.
fn chinese(chars: &[char], j: usize, y: u32) -> Option<(usize, String)> {
    let skip = |mut k: usize| {
        while k < chars.len() && is_space(chars[k]) {
            k += 1;
        }
        k
    };
    let mut k = skip(j);
    if chars.get(k) != Some(&'年') {
        return None;
    }
    let (m, e) = short_run(chars, skip(k + 1))?;
    k = skip(e);
    if chars.get(k) != Some(&'月') {
        return None;
    }
    let (d, e) = short_run(chars, skip(k + 1))?;
    k = skip(e);
    if !matches!(chars.get(k), Some('日' | '号')) {
        return None;
    }
    iso(y, m, d).map(|s| (k + 1, s))
}

// ---------------------------------------------------------------------------------------
// Date lines
// ---------------------------------------------------------------------------------------

/// The longest line (in chars) that can be a date line.
const MAX_LINE_CHARS: usize = 80;
/// The longest value of a metadata field (`来源：区发展和改革委员会`).
const MAX_VALUE_CHARS: usize = 20;
/// The longest stretch of other text (`河南`, `郑州日报`, `农历癸卯年二月初十`).
const MAX_FREE_RUN: usize = 12;
/// The most other text a date line may hold in all.
const MAX_FREE_TOTAL: usize = 16;

/// Field names and buttons of metadata lines. A word counts only when it is not followed
/// by more Han text (`来源：`, `浏览量1959`, `文摘 2024-…`, a trailing `大中小`), so that
/// `发布会` or `阅读活动` in a headline are not fields.
const KEYWORDS: [&str; 63] = [
    "来源", "信息来源", "文章来源", "稿件来源", "稿源", "出处",
    "发布", "发布时间", "发布日期", "发布者", "发布人", "发布机构", "发布单位",
    "发表", "发表时间", "发表日期", "更新时间", "更新日期", "发稿时间", "录入时间", "录入",
    "时间", "日期", "发文日期", "成文日期",
    "作者", "编辑", "责任编辑", "责编", "编审", "审核", "审校", "校对", "责任校对", "供稿", "撰稿",
    "浏览", "浏览量", "浏览次数", "访问量", "访问次数", "点击", "点击量", "点击数", "点击率",
    "阅读", "阅读量", "阅读数", "次数",
    "字号", "字体", "大中小", "默认", "打印", "打印本页", "关闭", "关闭窗口", "收藏",
    "分享", "分享到", "文摘", "版次", "版名",
];

/// Punctuation that makes a line a sentence (or an enumeration).
const SENTENCE_PUNCT: [char; 8] = ['。', '！', '？', '；', '、', '!', '?', ';'];

/// Words of prose that metadata never holds.
const SENTENCE_MARKERS: [&str; 26] = [
    "将于", "召开", "举行", "开幕", "闭幕", "截至", "截止", "以来", "期间", "获悉", "了解到",
    "表示", "指出", "近日", "日前", "今天", "今年", "明天", "昨天", "昨日", "目前", "实施",
    "施行", "印发", "通过", "了",
];

/// Text that, glued to the front of a date, makes it part of a sentence (`于2014年…`).
const GLUED_BEFORE: [&str; 12] = ["于", "在", "从", "自", "至", "到", "由", "是", "为", "和", "与", "及"];

/// Text that, glued to the end of a date, makes it part of a sentence (`…日起`).
const GLUED_AFTER: [&str; 12] = ["起", "前", "后", "至", "到", "的", "将", "是", "为", "和", "与", "及"];

/// How media names end: a date line with no field, time or weekday may name its paper.
const MEDIA_SUFFIXES: [&str; 26] = [
    "日报", "晚报", "时报", "商报", "早报", "晨报", "快报", "周报", "导报", "都市报", "青年报",
    "法制报", "报社", "报业", "杂志", "周刊", "月刊", "网", "电视台", "电台", "广播", "客户端",
    "新闻", "频道", "在线", "官网",
];

/// Chinese numerals of edition numbers (`第十二版`).
const CN_NUMERALS: [char; 13] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '〇', '零', '百'];

/// What a char of a candidate date line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// Not (yet) recognized: a field value or other text.
    Free,
    /// Spaces, colons, brackets, bars, dashes, commas between fields.
    Sep,
    /// A metadata field name or button (see [`KEYWORDS`]).
    Key,
    Date,
    /// `09:27:13`, `8时59分`.
    Time,
    /// `星期三`, `周三`.
    Week,
    /// `第01版`, `A06版`.
    Edition,
}

fn is_separator_char(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            ':' | '：' | '|' | '｜' | '丨' | '/' | '／' | '\\' | '-' | '－' | '—' | '–' | '_' | '·' | '•' | '・'
                | '【' | '】' | '[' | ']' | '(' | ')' | '（' | '）' | '<' | '>' | '〈' | '〉' | '《' | '》'
                | '「' | '」' | '『' | '』' | '"' | '“' | '”' | '\'' | '‘' | '’' | '*' | '~' | '～' | '='
                | '#' | '…' | ',' | '，' | '★' | '☆' | '●' | '■' | '◆' | '▲' | '►' | '▶'
        )
}

fn is_comma(c: char) -> bool {
    matches!(c, ',' | '，')
}

/// Is this line a page's date or metadata line, and if so what is its date?
///
/// Web pages put a metadata line above or below the story (`发布日期:2018-11-08 09:27:13
/// 发布者:admin 来源: 浏览量:1959`, `时间：2025-06-09 来源：区发展和改革委员会`,
/// `2020-12-28 16:15:38 来源:映象网`, `文摘 2024-11-24 12:03 河南`), e-papers a header
/// (`郑州日报 2023年3月1日 星期三 第01版`). Such a line dates the page and is not story text;
/// a body sentence or headline that mentions a date (`…将于2014年2月20日开幕。`) is neither.
/// Works on raw and on normalized lines (where the spaces next to Chinese text are gone:
/// `2020-12-28 16:15:38来源：映象网`).
///
/// The rule: a line of at most 80 chars holding a full date, no sentence punctuation
/// (`。！？；、`), and, once the dates, times, weekdays, edition numbers, field names and
/// separators are set aside, nothing but short text: field values (after a field name, at
/// most 20 chars) and a little other text (a site, region or paper name: at most 12 chars a
/// stretch, 16 in all). It must not be prose: no commas that start a clause (a comma may
/// only separate fields), no words of prose (`召开`, `将于`, `了`…),
/// and no text glued to a date as its preposition or continuation (`于2014年…`, `…1日起`).
/// A line with nothing but a date and other text (no field, time, weekday or edition) must
/// be a bare date, or a date and a media name (`郑州日报`, `大河网`).
pub fn date_line(line: &str) -> Option<String> {
    let t = line.trim();
    // Asked of every line of every page: rule out a paragraph (over four bytes a char is
    // more than MAX_LINE_CHARS chars, whatever they are) and prose before decoding it.
    if t.len() > 4 * MAX_LINE_CHARS || t.contains(SENTENCE_PUNCT) || !t.chars().any(is_digit) {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len();
    if n > MAX_LINE_CHARS {
        return None;
    }
    let dates = all_dates(&chars, Mode::Text);
    let first = dates.first()?.iso.clone();

    let mut marks = vec![Mark::Free; n];
    for f in &dates {
        marks[f.start..f.end].fill(Mark::Date);
    }
    mark_spans(&chars, &mut marks, Mark::Time, time_at);
    mark_spans(&chars, &mut marks, Mark::Week, weekday_at);
    mark_spans(&chars, &mut marks, Mark::Edition, edition_at);
    mark_keywords(&chars, &mut marks);
    for i in 0..n {
        let c = chars[i];
        let in_number = i > 0 && i + 1 < n && is_digit(chars[i - 1]) && is_digit(chars[i + 1]);
        if marks[i] == Mark::Free && is_separator_char(c) && !(is_comma(c) && in_number) {
            marks[i] = Mark::Sep;
        }
    }

    // The first mark after `i` that is not a separator, and the last one before `i`.
    let next_solid = |i: usize| (i + 1..n).map(|k| marks[k]).find(|&m| m != Mark::Sep);
    let prev_solid = |i: usize| (0..i).rev().map(|k| marks[k]).find(|&m| m != Mark::Sep);

    // A comma may separate fields (`来源：郑州日报，作者：…`), not clauses.
    if (0..n).any(|i| marks[i] == Mark::Sep && is_comma(chars[i]) && next_solid(i) == Some(Mark::Free)) {
        return None;
    }

    let anchored = marks.iter().any(|m| matches!(m, Mark::Key | Mark::Time | Mark::Week | Mark::Edition));
    let mut free_total = 0;
    let mut i = 0;
    while i < n {
        if marks[i] != Mark::Free {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && marks[i] == Mark::Free {
            i += 1;
        }
        let text: String = chars[start..i].iter().collect();
        let len = i - start;
        if SENTENCE_MARKERS.iter().any(|w| text.contains(w)) {
            return None;
        }
        if prev_solid(start) == Some(Mark::Key) {
            // A field value.
            if len > MAX_VALUE_CHARS {
                return None;
            }
            continue;
        }
        free_total += len;
        if len > MAX_FREE_RUN || free_total > MAX_FREE_TOTAL {
            return None;
        }
        let before_date = i < n && marks[i] == Mark::Date;
        let after_date = start > 0 && marks[start - 1] == Mark::Date;
        if (before_date && GLUED_BEFORE.iter().any(|w| text.ends_with(w)))
            || (after_date && GLUED_AFTER.iter().any(|w| text.starts_with(w)))
        {
            return None;
        }
        if !anchored && !MEDIA_SUFFIXES.iter().any(|w| text.ends_with(w)) {
            return None;
        }
    }
    Some(first)
}

/// Marks, left to right over unmarked chars, every span `at` recognizes.
fn mark_spans(chars: &[char], marks: &mut [Mark], mark: Mark, at: fn(&[char], usize) -> Option<usize>) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if marks[i] == Mark::Free
            && let Some(end) = at(chars, i)
            && marks[i..end].iter().all(|&m| m == Mark::Free)
        {
            marks[i..end].fill(mark);
            i = end;
            continue;
        }
        i += 1;
    }
}

/// A clock time at `i`: `9:27`, `09:27:13`, `08时59分`, `8点30分`.
fn time_at(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && is_digit(chars[i - 1]) {
        return None;
    }
    let (h, e) = short_run(chars, i)?;
    if h > 24 {
        return None;
    }
    let two = |k: usize| -> Option<(u32, usize)> {
        let e = run_end(chars, k);
        (e - k == 2).then(|| (value(&chars[k..e]), e)).filter(|&(v, _)| v <= 59)
    };
    match chars.get(e)? {
        ':' | '：' => {
            let (_, e) = two(e + 1)?;
            if matches!(chars.get(e), Some(':' | '：'))
                && let Some((_, e2)) = two(e + 1)
            {
                return Some(e2);
            }
            Some(e)
        }
        '时' | '点' => {
            let (m, e) = short_run(chars, e + 1)?;
            if m > 59 || chars.get(e) != Some(&'分') {
                return None;
            }
            let e = e + 1;
            if let Some((s, e2)) = short_run(chars, e)
                && s <= 59
                && chars.get(e2) == Some(&'秒')
            {
                return Some(e2 + 1);
            }
            Some(e)
        }
        _ => None,
    }
}

/// A weekday at `i`: `星期三`, `礼拜天`, `周三`.
fn weekday_at(chars: &[char], i: usize) -> Option<usize> {
    let day = |k: usize| chars.get(k).is_some_and(|c| "一二三四五六日天".contains(*c));
    match chars[i] {
        '星' if chars.get(i + 1) == Some(&'期') && day(i + 2) => Some(i + 3),
        '礼' if chars.get(i + 1) == Some(&'拜') && day(i + 2) => Some(i + 3),
        '周' if day(i + 1) => Some(i + 2),
        _ => None,
    }
}

/// An e-paper edition at `i`: `第01版`, `第A06版`, `第十二版`, `A06版`.
fn edition_at(chars: &[char], i: usize) -> Option<usize> {
    let mut k = i;
    if chars[k] == '第' {
        k += 1;
    }
    if chars.get(k).is_some_and(|c| c.is_ascii_uppercase()) {
        k += 1;
    }
    if k == i && i > 0 && is_digit(chars[i - 1]) {
        return None;
    }
    let start = k;
    while k < chars.len() && k - start < 3 && (is_digit(chars[k]) || CN_NUMERALS.contains(&chars[k])) {
        k += 1;
    }
    (k > start && chars.get(k) == Some(&'版')).then_some(k + 1)
}

/// Marks field names (longest first at each char); a name followed by more Han text is
/// prose (`发布会`) and is unmarked again.
fn mark_keywords(chars: &[char], marks: &mut [Mark]) {
    let n = chars.len();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < n {
        let best = KEYWORDS
            .iter()
            .map(|k| k.chars().count())
            .zip(KEYWORDS.iter())
            .filter(|&(len, k)| {
                i + len <= n
                    && k.chars().zip(&chars[i..i + len]).all(|(a, &b)| a == b)
                    && marks[i..i + len].iter().all(|&m| m == Mark::Free)
            })
            .map(|(len, _)| len)
            .max();
        match best {
            Some(len) => {
                marks[i..i + len].fill(Mark::Key);
                spans.push((i, i + len));
                i += len;
            }
            None => i += 1,
        }
    }
    // Right to left, so that a name followed by a demoted name is demoted too.
    for &(s, e) in spans.iter().rev() {
        if e < n && marks[e] == Mark::Free && is_han(chars[e]) {
            marks[s..e].fill(Mark::Free);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Dates in paths
// ---------------------------------------------------------------------------------------

/// A date in a file path, as `YYYY-MM-DD`.
///
/// For corpora laid out by date, when neither the record nor the page gives one: a date
/// directory (`pages/2023-03-01/a.txt`), date directories (`2023/03/01/page.txt`), an
/// e-paper's year-month directory and day directory (`html/2022-07/25/x.txt`,
/// `2012-03/01/content_349579.htm`, `202303/01/`), or a date in a file name
/// (`zzrb_20230301_01.txt`, `2023_03_01.txt`). Components are tried left to right, and the
/// first date wins. Digit runs are read whole, so an id (`content_349579`,
/// `1343471856086290432`) never yields a date from a part of it.
pub fn path_date(path: &str) -> Option<String> {
    let comps: Vec<Vec<char>> = path.split(['/', '\\']).map(|c| c.chars().collect()).collect();
    for (i, comp) in comps.iter().enumerate() {
        if let Some(f) = next_date(comp, 0, Mode::Path) {
            return Some(f.iso);
        }
        if let (Some((y, m)), Some(d)) = (year_month_dir(comp), comps.get(i + 1).and_then(|c| day_component(c)))
            && let Some(s) = iso(y, m, d)
        {
            return Some(s);
        }
        if let (Some(y), Some(m), Some(d)) = (
            all_digits(comp, 4..=4),
            comps.get(i + 1).and_then(|c| all_digits(c, 1..=2)),
            comps.get(i + 2).and_then(|c| day_component(c)),
        ) && let Some(s) = iso(y, m, d)
        {
            return Some(s);
        }
    }
    None
}

/// The value of a component made only of digits, if their count is in `len`.
fn all_digits(chars: &[char], len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (len.contains(&chars.len()) && chars.iter().all(|&c| is_digit(c))).then(|| value(chars))
}

/// A year-month directory: `2022-07`, `2022_07`, `2022.07`, `202207`.
fn year_month_dir(chars: &[char]) -> Option<(u32, u32)> {
    if chars.len() == 6 {
        let y = all_digits(&chars[..4], 4..=4)?;
        return Some((y, all_digits(&chars[4..], 2..=2)?));
    }
    let y = all_digits(chars.get(..4)?, 4..=4)?;
    separator(*chars.get(4)?, Mode::Path)?;
    Some((y, all_digits(&chars[5..], 1..=2)?))
}

/// A day directory or file stem: `25`, `01.txt`.
fn day_component(chars: &[char]) -> Option<u32> {
    let stem = chars.iter().position(|&c| c == '.').map_or(chars, |k| &chars[..k]);
    all_digits(stem, 1..=2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn parse_date_forms() {
        let cases = [
            ("dashed", "2018-11-08", some("2018-11-08")),
            ("dashed with time", "2018-11-08 09:27:13", some("2018-11-08")),
            ("slashed", "2018/11/08", some("2018-11-08")),
            ("dotted", "2018.11.08", some("2018-11-08")),
            ("single-digit month and day", "2018-1-8", some("2018-01-08")),
            ("single-digit slashed", "2018/1/8", some("2018-01-08")),
            ("chinese", "2018年11月8日", some("2018-11-08")),
            ("chinese two-digit", "2018年11月08日", some("2018-11-08")),
            ("chinese with 号", "2018年11月8号", some("2018-11-08")),
            ("chinese with weekday", "2023年3月1日 星期三", some("2023-03-01")),
            ("chinese with ocr spaces", "2023 年 3 月 1 日", some("2023-03-01")),
            ("compact", "20181108", some("2018-11-08")),
            ("compact in text", "期号20181108第1版", some("2018-11-08")),
            ("full-width digits", "２０１８－１１－０８", some("2018-11-08")),
            ("full-width slashes", "２０１８／１１／０８", some("2018-11-08")),
            ("full-width dots", "2018．11．08", some("2018-11-08")),
            ("full-width chinese", "２０２３年３月１日", some("2023-03-01")),
            ("full-width compact", "２０１８１１０８", some("2018-11-08")),
            ("inside a sentence", "会议将于2014年2月20日开幕。", some("2014-02-20")),
            ("after a metadata label", "发布日期:2018-11-08 09:27:13", some("2018-11-08")),
            ("year-less skipped", "11月6日，2018年11月8日", some("2018-11-08")),
            ("year-less only", "11月6日上午", None),
            ("year and month only", "2014年3月底前召开", None),
            ("month then full date", "2014年3月底前，2014年4月1日", some("2014-04-01")),
            ("first of two", "2018-11-08至2018-11-09", some("2018-11-08")),
            ("invalid skipped", "2018-13-01 2018-12-01", some("2018-12-01")),
            ("mixed separators", "2018-11/08", None),
            ("three-digit day", "2018-11-081", None),
            ("five-digit year", "12018-11-08", None),
            ("nine digits", "201811081", None),
            ("seven digits", "2018118", None),
            ("compact in phone number", "0371-20181108", None),
            ("compact before decimal", "20181108.5", None),
            ("compact invalid month", "20181308", None),
            ("no date", "郑州市二七区", None),
            ("empty", "", None),
            ("leap day", "2020-02-29", some("2020-02-29")),
            ("not a leap year", "2023-02-29", None),
            ("century not leap", "1900-02-29", None),
            ("2000 is leap", "2000-02-29", some("2000-02-29")),
            ("april 31", "2023-04-31", None),
            ("day zero", "2023-04-00", None),
            ("month zero", "2023-00-10", None),
            ("year 1949", "1949-10-01", some("1949-10-01")),
            ("year 1948", "1948-10-01", None),
            ("year 2100", "2100-12-31", some("2100-12-31")),
            ("year 2101", "2101-01-01", None),
            ("money is not a date", "总投资42.85亿元", None),
        ];
        for (case, input, want) in cases {
            assert_eq!(parse_date(input), want, "{case}: {input}");
        }
    }

    #[test]
    fn date_lines() {
        let cases = [
            // Web metadata lines, raw.
            ("publish date, publisher, views", "发布日期:2018-11-08 09:27:13 发布者:admin 来源: 浏览量:1959", some("2018-11-08")),
            ("time and source", "时间:2025-06-09 来源:区发展和改革委员会", some("2025-06-09")),
            ("source first, run together", "来源: 区委办浏览量:发表时间:2025-05-14 08:59", some("2025-05-14")),
            ("date first, source after", "2020-12-28 16:15:38   来源:映象网", some("2020-12-28")),
            ("digest with region", "文摘   2024-11-24 12:03   河南", some("2024-11-24")),
            ("date time source", "2024-02-04 11:32:57 来源:郑州日报", some("2024-02-04")),
            ("source ellipsis", "2024-02-04 11:32:57 来源:…", some("2024-02-04")),
            ("full-width colon", "发布时间：2021-04-01", some("2021-04-01")),
            ("slashed date", "日期:2023/03/01", some("2023-03-01")),
            ("bracketed fields", "【发布时间：2021-04-01】【来源：郑州市人民政府】【字号：大 中 小】【打印】【关闭】", some("2021-04-01")),
            ("font size buttons", "发布时间：2021-04-01 10:20 字号：大中小", some("2021-04-01")),
            ("author and editor", "2023-03-01 作者：张三 责任编辑：李四", some("2023-03-01")),
            ("comma between fields", "来源：郑州日报，发布时间：2023-03-01", some("2023-03-01")),
            ("bar separated", "2023-03-01 | 来源：大河网 | 点击：1,234", some("2023-03-01")),
            ("chinese time", "发布时间：2023年3月1日 8时59分", some("2023-03-01")),
            ("share bar", "2023-03-01 10:00 分享到：微信 微博", some("2023-03-01")),
            ("views glued to count", "发布时间：2023-03-01浏览量1959", some("2023-03-01")),
            ("source is a wechat account", "2023-03-01 来源：郑州发布", some("2023-03-01")),
            ("compact date with label", "日期：20230301", some("2023-03-01")),
            ("full-width digits", "发布时间：２０２１－０４－０１", some("2021-04-01")),
            // The same lines as the normalizer leaves them (spaces next to Chinese gone).
            ("normalized date first", "2020-12-28 16:15:38来源：映象网", some("2020-12-28")),
            ("normalized digest", "文摘2024-11-24 12:03河南", some("2024-11-24")),
            ("normalized metadata", "发布日期：2018-11-08 09:27:13发布者：admin来源：浏览量：1959", some("2018-11-08")),
            ("normalized source first", "来源：区委办浏览量：发表时间：2025-05-14 08:59", some("2025-05-14")),
            ("normalized e-paper header", "郑州日报2023年3月1日星期三第01版", some("2023-03-01")),
            // E-paper headers.
            ("e-paper date and weekday", "2023年3月1日 星期三", some("2023-03-01")),
            ("e-paper date alone", "2023年3月1日", some("2023-03-01")),
            ("e-paper with paper and page", "郑州日报 2023年3月1日 星期三 第01版", some("2023-03-01")),
            ("e-paper lettered page", "2023年3月1日 星期三 第A06版", some("2023-03-01")),
            ("e-paper page after paper", "第A06版 郑州日报 2023年3月1日", some("2023-03-01")),
            ("e-paper chinese page number", "2023年3月1日 第十二版", some("2023-03-01")),
            ("e-paper lunar date", "2023年3月1日 星期三 农历癸卯年二月初十", some("2023-03-01")),
            ("e-paper short weekday", "2023年3月1日 周三", some("2023-03-01")),
            ("date and paper name", "2023年3月1日 河南日报", some("2023-03-01")),
            ("paper name and dashed date", "大河网 2023-03-01", some("2023-03-01")),
            ("date only, dashed", "2023-03-01", some("2023-03-01")),
            ("date and time only", "2023-03-01 10:20", some("2023-03-01")),
            ("date, city starting with a glue char", "2023年3月1日开封日报", some("2023-03-01")),
            // Body sentences and headlines that mention a date.
            ("sentence with full stop", "2014年2月20日开幕。", None),
            ("sentence with clause", "郑州市第十四届人民代表大会第一次会议,将于2014年2月20日开幕。", None),
            ("no full date", "今年1月,郑州市第十四届人民代表大会第一次会议将于2014年3月底前召开", None),
            ("headline, no punctuation", "郑州市第十四届人民代表大会第一次会议将于2014年2月20日开幕", None),
            ("headline, date first", "2023年3月1日郑州市召开全市经济工作会议", None),
            ("headline, long subject", "郑州市第十四届人民代表大会第一次会议2014年2月20日", None),
            ("bare date then verb", "2014年2月20日开幕", None),
            ("starts from a date", "自2023年3月1日起施行", None),
            ("until a date", "报名时间：2023年3月1日至3月5日", None),
            ("from a date", "新规2023年3月1日起实施", None),
            ("caption", "图为2023年3月1日拍摄的郑州东站", None),
            ("press conference headline", "2023年3月1日郑州市新闻发布会实录", None),
            ("clause after comma", "2023年3月1日上午，市委书记主持召开会议", None),
            ("clause after comma, no verb list", "2023年3月1日，郑州东站客流创新高", None),
            ("enumeration", "2023年3月1日、3月2日", None),
            ("prose with 了", "2023年3月1日下了一场雪", None),
            ("date and unknown text", "2023年3月1日 郑州东站", None),
            ("year-less metadata", "发布时间：03-01 10:20", None),
            ("no digits", "来源：郑州日报", None),
            ("empty", "", None),
            ("too long", "发布时间：2023-03-01 来源：郑州市人民政府 作者：张三 责任编辑：李四 浏览量：1959 字号：大中小 打印本页 关闭窗口 分享到：微信 微博 QQ空间 收藏 默认 点击：12345 阅读：678", None),
            ("long value", "来源：郑州市第十四届人民代表大会第一次会议秘书处新闻组宣传科 2023-03-01", None),
        ];
        let normalizer = crate::normalize::Normalizer::default();
        for (case, input, want) in cases {
            assert_eq!(date_line(input), want, "{case}: {input}");
            // Segmentation asks this of normalized lines: the answer must not change.
            if let Some(line) = normalizer.normalize_line(input, 0) {
                assert_eq!(date_line(&line.text), want, "{case}, normalized: {}", line.text);
            }
        }
    }

    #[test]
    fn path_dates() {
        let cases = [
            ("date directory", "pages/2023-03-01/a.txt", some("2023-03-01")),
            ("date directories", "2023/03/01/page.txt", some("2023-03-01")),
            ("date directories, single digits", "data/2023/3/1/page.txt", some("2023-03-01")),
            ("day is the file stem", "2023/03/01.txt", some("2023-03-01")),
            ("compact in file name", "zzrb_20230301_01.txt", some("2023-03-01")),
            ("compact directory", "corpus/20230301/01.txt", some("2023-03-01")),
            ("compact with dashes", "zzrb-20230301-01.txt", some("2023-03-01")),
            ("year-month then day", "2012-03/01/content_349579.htm", some("2012-03-01")),
            ("html year-month then day", "html/2022-07/25/x.txt", some("2022-07-25")),
            ("compact year-month then day", "paper/202303/01/node_2.htm", some("2023-03-01")),
            ("underscored", "zzrb_2023_03_01.txt", some("2023-03-01")),
            ("underscored single digits", "node_2023_3_1.txt", None),
            ("dotted file name", "report.2023.03.01.txt", some("2023-03-01")),
            ("chinese directory", "郑州日报/2023年3月1日/第01版.txt", some("2023-03-01")),
            ("windows separators", "pages\\2023-03-01\\a.txt", some("2023-03-01")),
            ("full-width digits", "pages/２０２３－０３－０１/a.txt", some("2023-03-01")),
            ("first date wins", "2023-03-01/20230302.txt", some("2023-03-01")),
            ("skips a year directory without day", "2023/pages/zzrb_20230301_01.txt", some("2023-03-01")),
            ("content id", "content_349579.htm", None),
            ("long id", "1343471856086290432.txt", None),
            ("long id in directory", "weibo/1343471856086290432/a.txt", None),
            ("nine-digit id", "id_120230301.txt", None),
            ("invalid compact", "zzrb_20231301_01.txt", None),
            ("invalid day directory", "2023-02/30/a.txt", None),
            ("year-month without day", "html/2022-07/index.htm", None),
            ("year without month and day", "2023/a.txt", None),
            ("corpus file", "corpus/000_062ca33ebf5a268a.txt", None),
            ("empty", "", None),
        ];
        for (case, input, want) in cases {
            assert_eq!(path_date(input), want, "{case}: {input}");
        }
    }

    #[test]
    fn date_source_names() {
        let cases = [
            ("record", DateSource::Record, "record"),
            ("page", DateSource::Page, "page"),
            ("path", DateSource::Path, "path"),
            ("flag", DateSource::Flag, "flag"),
        ];
        for (case, source, want) in cases {
            assert_eq!(source.as_str(), want, "{case}");
            let json = serde_json::to_string(&source).unwrap();
            assert_eq!(json, format!("\"{want}\""), "{case}: serialize");
            let back: DateSource = serde_json::from_str(&json).unwrap();
            assert_eq!(back, source, "{case}: round trip");
        }
    }

    #[test]
    fn every_day_of_a_leap_and_a_common_year() {
        let cases = [("leap year", 2024, 366), ("common year", 2023, 365), ("2000", 2000, 366), ("2100", 2100, 365)];
        for (case, year, want) in cases {
            let mut days = 0;
            for m in 1..=12 {
                for d in 1..=31 {
                    let s = format!("{year}-{m}-{d}");
                    if let Some(iso) = parse_date(&s) {
                        assert_eq!(iso, format!("{year}-{m:02}-{d:02}"), "{case}: {s}");
                        days += 1;
                    }
                }
            }
            assert_eq!(days, want, "{case}");
        }
    }

    /// No input, cut anywhere between chars, makes any function panic.
    #[test]
    fn multibyte_input_never_panics() {
        let inputs = [
            "发布日期：２０１８－１１－０８ 09:27:13 发布者：admin 来源：映象网 浏览量：1959",
            "郑州日报 2023年3月1日 星期三 第A06版",
            "html/２０２２－０７/２５/x.txt",
            "文摘2024-11-24 12:03河南",
            "第十二版 2023年 3月 1日 周三 8时59分",
        ];
        for input in inputs {
            let bounds: Vec<usize> = input.char_indices().map(|(i, _)| i).chain([input.len()]).collect();
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    let s = &input[a..b];
                    let _ = (parse_date(s), date_line(s), path_date(s));
                }
            }
        }
    }
}
