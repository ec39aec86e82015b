//! Stage 2: normalization that survives real OCR text.
//!
//! * Widths: full-width digits and Latin letters become ASCII; ASCII punctuation inside
//!   Chinese text becomes the Chinese full-width form (`,` → `，`, `(` → `（`, straight
//!   quotes → paired “ ”), except inside numbers (`1,000`, `10:30`). Recognition rules then
//!   have one spelling to deal with.
//! * OCR spaces: whitespace next to a Chinese character is an artifact of column layout
//!   ("惠企政 务服务中心", "二 七区") and is removed, except in bylines, where spaces
//!   separate names ("记者 刘伟平 通讯员 张一弛 杨坤"), and in headlines, where a space
//!   separates the two halves of the headline; there runs of spaces collapse to one.
//! * Column fragments: runs of one-to-three character lines are debris of a sidebar set
//!   in narrow columns and are dropped.
//!
//! Each output char remembers the byte offset of the char it came from in the page
//! (`origin`), so a snippet can always quote the source.
//!
//! Hard-wrapped paragraphs are joined later, by the segmenter, which knows whether a line
//! is a headline or body text.

/// A cleaned line of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Byte offset in the page of each char of `text`.
    pub origin: Vec<u32>,
    /// Markdown heading level (`#` = 1), if the line was a heading.
    pub heading: Option<u8>,
}

impl Line {
    pub fn char_len(&self) -> usize {
        self.origin.len()
    }

    /// Keeps the chars whose index `keep` accepts, with their origins.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        let (text, origin): (String, Vec<u32>) =
            self.text.chars().zip(self.origin.iter().copied()).enumerate().filter(|(i, _)| keep(*i)).map(|(_, p)| p).unzip();
        self.text = text;
        self.origin = origin;
    }

    /// Drops leading and trailing spaces and collapses runs of spaces to one.
    pub fn trim_spaces(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let n = chars.len();
        self.retain(|i| {
            chars[i] != ' '
                || (i > 0 && chars[i - 1] != ' ' && chars[i + 1..].iter().any(|&c| c != ' '))
                    && chars[..i].iter().any(|&c| c != ' ')
                    && i + 1 < n
        });
    }
}

/// Normalization settings. The defaults are what the sample corpus and its kin need.
#[derive(Clone, Debug)]
pub struct NormalizerBuilder {
    max_fragment_chars: usize,
}

impl Default for NormalizerBuilder {
    fn default() -> Self {
        NormalizerBuilder { max_fragment_chars: 3 }
    }
}

impl NormalizerBuilder {
    pub fn new() -> Self {
        Self::default()
    }
    /// Lines with at most this many chars count as column fragments (default 3).
    pub fn max_fragment_chars(mut self, n: usize) -> Self {
        self.max_fragment_chars = n;
        self
    }
    pub fn build(&self) -> Normalizer {
        Normalizer { max_fragment_chars: self.max_fragment_chars }
    }
}

/// Normalizes pages into lines. Cheap to clone and share.
#[derive(Clone, Debug)]
pub struct Normalizer {
    max_fragment_chars: usize,
}

impl Default for Normalizer {
    fn default() -> Self {
        NormalizerBuilder::default().build()
    }
}

/// The longest headline without inner punctuation: web headlines run long
/// (【第38届菊花文化节】揽金128.5亿 这个“小伙子”迎来菊花节招商“开门红”).
pub const MAX_PLAIN_HEADLINE_CHARS: usize = 64;

/// Does the text end a sentence? A closing quote does only after a sentence end (。”): a
/// headline may close on a quoted word (…招商“开门红”); a full stop after a digit is a
/// decimal point cut by a wrap, not an end.
pub fn ends_sentence(chars: &[char]) -> bool {
    let n = chars.len();
    match chars.last() {
        None => false,
        Some('”' | '’' | '」') => n >= 2 && is_terminal(chars[n - 2]) && !matches!(chars[n - 2], '”' | '’' | '」'),
        Some('.') => !(n >= 2 && chars[n - 2].is_ascii_digit()),
        Some('：') => true,
        Some(&c) => is_terminal(c),
    }
}

/// Byline keywords: spaces after them separate names and are kept.
use crate::text::BYLINE_ROLES as BYLINE_KEYWORDS;
use crate::text::{is_alnum, is_cjk, is_han, is_terminal};

impl Normalizer {
    /// Splits a page into cleaned lines, dropping blank lines and column fragments.
    pub fn normalize_page(&self, page: &str) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut offset = 0usize;
        for raw in page.split('\n') {
            let start = offset;
            offset += raw.len() + 1;
            if let Some(line) = self.normalize_line(raw, start) {
                lines.push(line);
            }
        }
        self.drop_fragments(lines)
    }

    /// Normalizes one raw line that starts at byte `base` of its page. `None` for a line
    /// with no content (blank, only punctuation, a markdown image).
    pub fn normalize_line(&self, raw: &str, base: usize) -> Option<Line> {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim_start();
        let mut skip = raw.len() - trimmed.len();
        let mut heading = None;
        if trimmed.starts_with('#') {
            let level = trimmed.bytes().take_while(|&b| b == b'#').count();
            let rest = &trimmed[level..];
            if level <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t', '\u{3000}'])) {
                heading = Some(level as u8);
                skip += level;
            }
        }
        if trimmed.starts_with("![") {
            return None;
        }
        let body = &raw[skip..];
        // Most lines of a clean page need none of what follows: no width, punctuation,
        // space or control char to change. Such a line is its own text.
        // One pass over the chars finds that out and makes the origins on the way.
        let mut origin = Vec::with_capacity(body.len() / 3 + 1);
        let mut alnum = false;
        let plain = plain_chars(body, |i| {
            origin.push((base + skip + i) as u32);
            // Decoded only until the first letter or digit (most lines open with one).
            alnum = alnum || body[i..].chars().next().is_some_and(is_alnum);
        });
        if plain {
            return alnum.then(|| Line { text: body.to_string(), origin, heading });
        }
        drop(origin);
        let mut chars: Vec<(char, u32)> = Vec::with_capacity(raw.len() / 2);
        for (i, c) in raw[skip..].char_indices() {
            let o = (base + skip + i) as u32;
            if c.is_control() && c != '\t' {
                continue;
            }
            chars.push((map_width(c), o));
        }
        convert_ascii_punctuation(&mut chars);
        // Most lines hold no byline keyword: find that out with a substring search on the
        // raw line (exact unless a dropped control char splits a keyword, hence the check).
        let may_have_byline = raw.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f || b == 0xC2)
            || crate::text::has_byline_role(raw);
        let protected = if may_have_byline { byline_regions(&chars) } else { Vec::new() };
        // A short line without a sentence end may be a headline: its spaces between two
        // Han chars separate the halves of the headline and are kept.
        let headline_like = heading.is_some() || chars.len() <= MAX_PLAIN_HEADLINE_CHARS && {
            let plain: Vec<char> = chars.iter().map(|c| c.0).collect();
            let end = plain.iter().rposition(|&c| c != ' ').map_or(0, |p| p + 1);
            !plain.iter().any(|&c| matches!(c, '，' | '、' | '；' | '：' | '。'))
                && !ends_sentence(&plain[..end])
        };
        let out = squeeze_spaces(&chars, headline_like, &protected);
        if !out.iter().any(|&(c, _)| is_alnum(c)) {
            return None;
        }
        let (text, origin): (String, Vec<u32>) = out.into_iter().unzip();
        Some(Line { text, origin, heading })
    }

    /// Drops column fragments: a run of consecutive short lines (no sentence end) in which
    /// most lines have at most `max_fragment_chars` chars, and any lone line of one char.
    fn drop_fragments(&self, lines: Vec<Line>) -> Vec<Line> {
        // Counted only as far as the answer needs: every line of every page is asked.
        let alnum_at_most = |l: &Line, n: usize| l.text.chars().filter(|&c| is_alnum(c)).take(n + 1).count() <= n;
        let tiny = |l: &Line| l.heading.is_none() && alnum_at_most(l, self.max_fragment_chars);
        let shortish = |l: &Line| {
            l.heading.is_none()
                && l.char_len() <= 12
                && !l.text.chars().last().is_some_and(is_terminal)
        };
        let mut keep = vec![true; lines.len()];
        let mut i = 0;
        while i < lines.len() {
            if !tiny(&lines[i]) {
                i += 1;
                continue;
            }
            // The run of short lines from this tiny one, trimmed back to its last tiny
            // line so that a headline right after the debris is kept.
            let start = i;
            let mut end = i + 1;
            let mut k = i + 1;
            while k < lines.len() && shortish(&lines[k]) {
                k += 1;
                if tiny(&lines[k - 1]) {
                    end = k;
                }
            }
            let n_tiny = (start..end).filter(|&k| tiny(&lines[k])).count();
            let single_char = alnum_at_most(&lines[i], 1);
            if n_tiny >= 2 && n_tiny * 2 >= end - start {
                keep[start..end].iter_mut().for_each(|k| *k = false);
            } else if single_char {
                keep[i] = false;
            }
            i = end;
        }
        lines.into_iter().zip(keep).filter_map(|(l, k)| k.then_some(l)).collect()
    }
}

/// Full-width digits, Latin letters and a few symbols become ASCII; the ideographic space
/// becomes a plain space.
fn map_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '＋' | '／' | '＠' | '＃' | '＆' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' | '\u{00A0}' | '\t' => ' ',
        _ => c,
    }
}

/// A char that normalization leaves as it is, wherever it stands (the definition that
/// [`plain_chars`] reads from the bytes, and is tested against): not a control char or
/// a space, not one [`map_width`] maps, not ASCII punctuation that
/// [`convert_ascii_punctuation`] converts. (Curly quotes only steer how a later straight
/// quote is paired, and a line of untouched chars has none.)
#[cfg(test)]
fn untouched(c: char) -> bool {
    !(c.is_control() || c == ' ' || map_width(c) != c || matches!(c, ',' | ':' | ';' | '(' | ')' | '?' | '!' | '"'))
}

/// The ASCII bytes that are not [`untouched`]: control chars, the space, and the
/// punctuation [`convert_ascii_punctuation`] converts.
const ASCII_TOUCHED: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 0x21 {
        t[b] = true;
        b += 1;
    }
    t[0x7F] = true;
    let punct = b",:;()?!\"";
    let mut k = 0;
    while k < punct.len() {
        t[punct[k] as usize] = true;
        k += 1;
    }
    t
};

/// Whether every char of `s` is [`untouched`], read from its UTF-8 bytes without decoding
/// the chars (every line of every page is asked this); `each` is called with the byte
/// offset of each char up to the first that is not. The chars that are not, by their
/// bytes: ASCII ones ([`ASCII_TOUCHED`]); U+0080–U+00A0 (C1 controls, the no-break space),
/// `C2 80`–`C2 A0`; the ideographic space U+3000, `E3 80 80`; and the full-width forms
/// [`map_width`] maps, `EF BC xx` and `EF BD xx`.
fn plain_chars(s: &str, mut each: impl FnMut(usize)) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        each(i);
        let x = b[i];
        // Valid UTF-8: a lead byte is followed by all of its continuation bytes.
        let touched = match x {
            0..=0x7F => ASCII_TOUCHED[x as usize],
            0xC2 => b[i + 1] <= 0xA0,
            0xE3 => b[i + 1] == 0x80 && b[i + 2] == 0x80,
            0xEF => match (b[i + 1], b[i + 2]) {
                // ＃ ％ ＆ ＋ ． ／, ０–９, ＠ Ａ–Ｚ (U+FF03…U+FF3A)
                (0xBC, y) => matches!(y, 0x83 | 0x85 | 0x86 | 0x8B | 0x8E | 0x8F | 0x90..=0x99 | 0xA0..=0xBA),
                // ａ–ｚ (U+FF41…U+FF5A)
                (0xBD, y) => matches!(y, 0x81..=0x9A),
                _ => false,
            },
            _ => false,
        };
        if touched {
            return false;
        }
        i += match x {
            0..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
    }
    true
}

/// ASCII punctuation in Chinese text becomes full-width; straight double quotes are paired.
fn convert_ascii_punctuation(chars: &mut [(char, u32)]) {
    let n = chars.len();
    let digits: Vec<bool> = chars.iter().map(|c| c.0.is_ascii_digit()).collect();
    let digit = |k: Option<usize>| k.is_some_and(|k: usize| k < n && digits[k]);
    let mut open_quote = true;
    for (i, ch) in chars.iter_mut().enumerate() {
        let prev = i.checked_sub(1);
        let next = Some(i + 1);
        let c = ch.0;
        let new = match c {
            ',' if !(digit(prev) && digit(next)) => '，',
            ':' if !(digit(prev) && digit(next)) => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            '?' => '？',
            '!' => '！',
            '"' => {
                let q = if open_quote { '“' } else { '”' };
                open_quote = !open_quote;
                q
            }
            '“' => {
                open_quote = false;
                c
            }
            '”' => {
                open_quote = true;
                c
            }
            _ => c,
        };
        ch.0 = new;
    }
}

/// Char ranges of bylines in a line: from a byline keyword over the following name tokens
/// (runs of at most four Han chars separated by spaces) and further keywords, up to
/// punctuation or a longer run of text.
fn byline_regions(chars: &[(char, u32)]) -> Vec<(usize, usize)> {
    let n = chars.len();
    let mut regions = Vec::new();
    let mut i = 0;
    while i < n {
        // Most chars start no keyword: rejected on the char before any keyword is compared.
        let kw = crate::text::starts_byline_role(chars[i].0).then(|| BYLINE_KEYWORDS.iter().find(|k| starts_with_at(chars, i, k))).flatten();
        let Some(kw) = kw else {
            i += 1;
            continue;
        };
        let mut end = i + kw.chars().count();
        let mut j = end;
        loop {
            let mut k = j;
            while k < n && chars[k].0 == ' ' {
                k += 1;
            }
            let run_start = k;
            while k < n && (is_han(chars[k].0) || chars[k].0 == '/') {
                k += 1;
            }
            let run = k - run_start;
            if run == 0 {
                break;
            }
            let is_kw = BYLINE_KEYWORDS.iter().any(|kw| starts_with_at(chars, run_start, kw));
            if run > 4 && !is_kw {
                break;
            }
            end = k;
            j = k;
        }
        if end > i {
            regions.push((i, end));
        }
        i = end.max(i + 1);
    }
    regions
}

fn starts_with_at(chars: &[(char, u32)], i: usize, pat: &str) -> bool {
    let mut rest = chars.get(i..).unwrap_or(&[]).iter();
    pat.chars().all(|p| rest.next().is_some_and(|c| c.0 == p))
}

/// Removes OCR spaces next to Chinese text; elsewhere (and in headlines and bylines)
/// collapses runs of spaces to one. Trims both ends.
fn squeeze_spaces(chars: &[(char, u32)], heading: bool, protected: &[(usize, usize)]) -> Vec<(char, u32)> {
    let n = chars.len();
    let in_protected = |i: usize| protected.iter().any(|&(s, e)| i > s && i < e);
    let mut out: Vec<(char, u32)> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        if chars[i].0 != ' ' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < n && chars[i].0 == ' ' {
            i += 1;
        }
        if start == 0 || i == n {
            continue; // leading or trailing
        }
        let before = chars[start - 1].0;
        let after = chars[i].0;
        let keep = if in_protected(start) {
            !(is_cjk_punct(before) || is_cjk_punct(after))
        } else if heading {
            // In a headline only a space between two Han phrases of some length is a
            // separator ("做好防汛抗灾准备 确保安全度汛"); "二 七区" is an OCR split.
            let left = chars[..start].iter().rev().take_while(|c| c.0 != ' ').count();
            let right = chars[i..].iter().take_while(|c| c.0 != ' ').count();
            (is_han(before) && is_han(after) && left >= 4 && right >= 4) || !(is_cjk(before) || is_cjk(after))
        } else {
            !(is_cjk(before) || is_cjk(after))
        };
        if keep {
            out.push((' ', chars[start].1));
        }
    }
    out
}

fn is_cjk_punct(c: char) -> bool {
    is_cjk(c) && !is_han(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalizer::default().normalize_line(s, 0).map(|l| l.text).unwrap_or_default()
    }

    #[test]
    fn plain_chars_are_the_untouched_chars() {
        let mut buf = [0u8; 4];
        for c in '\0'..=char::MAX {
            let s: &str = c.encode_utf8(&mut buf);
            assert_eq!(plain_chars(s, |_| ()), untouched(c), "{c:?}");
        }
        // Offsets of every char up to the first touched one, in a mixed line.
        let line = "二七区Ａ1，“项目”é　x,y";
        let mut at = Vec::new();
        assert!(!plain_chars(line, |i| at.push(i)));
        let want: Vec<usize> = line.char_indices().take_while(|&(_, c)| untouched(c)).map(|(i, _)| i).chain(line.char_indices().find(|&(_, c)| !untouched(c)).map(|(i, _)| i)).collect();
        assert_eq!(at, want);
        let clean = "二七区1，“项目”é x";
        assert_eq!(plain_chars(clean, |_| ()), clean.chars().all(untouched));
    }

    #[test]
    fn is_alnum_is_is_alphanumeric() {
        for c in '\0'..=char::MAX {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn ocr_spaces_and_widths() {
        let cases = [
            ("惠企政 务服务中心", "惠企政务服务中心"),
            ("二 七区举行 2022 年防汛", "二七区举行2022年防汛"),
            ("总投资１２亿元,同比增长5%", "总投资12亿元，同比增长5%"),
            ("实施 \"126\"工作法", "实施“126”工作法"),
            ("上午10:30, 共1,000人(次)", "上午10:30，共1,000人（次）"),
            ("LED 屏 and Wi Fi", "LED屏and Wi Fi"),
        ];
        for (input, want) in cases {
            assert_eq!(norm(input), want, "{input}");
        }
    }

    #[test]
    fn bylines_keep_their_spaces() {
        assert_eq!(
            norm("本报讯(记者 刘伟平 通讯员 张一弛 杨坤)记者从 12月"),
            "本报讯（记者 刘伟平 通讯员 张一弛 杨坤）记者从12月"
        );
        assert_eq!(norm("确保 安全度汛。记者 景静"), "确保安全度汛。记者 景静");
    }

    #[test]
    fn headings_keep_one_space() {
        let l = Normalizer::default().normalize_line("## 做好防汛抗灾准备   确保安全度汛", 0).unwrap();
        assert_eq!(l.text, "做好防汛抗灾准备 确保安全度汛");
        assert_eq!(l.heading, Some(2));
        assert_eq!(norm("二 七区举行 2022 年防汛综合应急演练"), "二七区举行2022年防汛综合应急演练");
        assert_eq!(norm("金水区营造坚实 有力政务服务环境"), "金水区营造坚实 有力政务服务环境");
    }

    #[test]
    fn origin_points_into_the_page() {
        let page = "这是标题行\n\n二 七区举行会议。";
        let lines = Normalizer::default().normalize_page(page);
        let l = &lines[1];
        assert_eq!(l.text, "二七区举行会议。");
        let o = l.origin[1] as usize;
        assert_eq!(&page[o..o + 3], "七");
    }

    #[test]
    fn column_fragments_are_dropped() {
        let page = "正文第一段没有结束而是被\n\n中\n\n原\n\n项行\n\n组织开展关爱\n\n助\n\n接着写完。";
        let lines: Vec<String> =
            Normalizer::default().normalize_page(page).into_iter().map(|l| l.text).collect();
        assert_eq!(lines, vec!["正文第一段没有结束而是被", "接着写完。"]);
    }
}
