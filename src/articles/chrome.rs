//! Web and e-paper chrome: what a captured page shows around its stories.
//!
//! Pages copied from a site or an e-paper carry the site's furniture: the e-paper's page
//! header and navigation (`第A06版：县区 上一版3 4下一版`, the list of the page's titles,
//! `返回主页 | 郑州日报 | 版面导航`, `上一期 下一期`), `上一篇/下一篇` links, share and
//! app prompts, image file names and table debris (`|`, `![]()`), and metadata lines
//! (`发布日期：2018-11-08 … 来源：… 浏览量：1959`). None of it is story text: left in, a
//! navigation line becomes a headline (`第01版：封面4下一版`) and the title list becomes a
//! subtitle. This pass removes it before segmentation and keeps what it says:
//!
//! * the page's date, from a metadata line or an e-paper date header;
//! * the e-paper's list of the page's titles, which tells the segmenter which line of a
//!   headline block is the title (the page's own table of contents names it);
//! * credit lines (`编辑：王婉`, `【责任编辑：…】`) stay in the text, as bylines.

use super::date::date_line;
use crate::normalize::Line;
use crate::text::is_alnum;

/// What the chrome of a page said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageChrome {
    /// The date of the page's first date line.
    pub date: Option<String>,
    /// The titles an e-paper's navigation lists for the page, spaces removed.
    pub nav_titles: Vec<String>,
}

/// Words of navigation links: a line holding one is navigation.
const NAV_WORDS: [&str; 10] =
    ["上一篇", "下一篇", "上一版", "下一版", "上一期", "下一期", "返回主页", "版面导航", "标题导航", "返回目录"];

/// Does the line hold one of [`NAV_WORDS`]? Every line of every page is asked.
fn has_nav_word(t: &str) -> bool {
    static WORDS: crate::text::Keywords = crate::text::Keywords::new(&NAV_WORDS);
    WORDS.in_text(t)
}

/// Share buttons and app prompts, matched against a line without its spaces.
const PROMPTS: [&str; 12] = [
    "打开网易新闻查看精彩图片",
    "查看精彩图片",
    "分享到",
    "扫一扫",
    "微信扫一扫",
    "【打印】",
    "【关闭】",
    "打印本页",
    "关闭窗口",
    "【字体：大中小】",
    "字号：大中小",
    "点击下载",
];

/// Field names of a metadata line with no date (`来源：大河客户端`, `浏览量：1959`).
const META_FIELDS: [&str; 6] = ["来源：", "浏览量", "浏览次数", "发布者：", "点击数", "阅读量"];

/// Strips the chrome of a page's normalized lines.
pub fn strip(lines: Vec<Line>) -> (Vec<Line>, PageChrome) {
    let mut chrome = PageChrome::default();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut in_nav = false;
    let mut nav_block: Vec<String> = Vec::new();
    for line in lines {
        let Some(line) = clean_debris(line) else { continue };
        let t = line.text.as_str();
        if is_page_header(t) {
            // An e-paper header opens the navigation block: the page's titles follow,
            // up to the issue links (上一期 下一期).
            if chrome.date.is_none() {
                chrome.date = super::date::parse_date(t);
            }
            in_nav = true;
            nav_block.clear();
            continue;
        }
        if has_nav_word(t) {
            if in_nav && (t.contains("上一期") || t.contains("下一期")) {
                in_nav = false;
                chrome.nav_titles.append(&mut nav_block);
            }
            continue;
        }
        if in_nav {
            if !t.chars().any(crate::text::is_han) {
                continue; // the page's code (A06)
            }
            if is_nav_title(t) {
                nav_block.push(t.chars().filter(|&c| c != ' ').collect());
                continue;
            }
            // A sentence: the block had no closing links; what it held were headlines.
            in_nav = false;
            let kept = std::mem::take(&mut nav_block);
            chrome.nav_titles.extend(kept);
        }
        if is_prompt(t) {
            continue;
        }
        if let Some(d) = date_line(t) {
            chrome.date.get_or_insert(d);
            if !has_credit(t) {
                continue;
            }
        } else if is_meta_line(t) && !has_credit(t) {
            continue;
        }
        out.push(line);
    }
    chrome.nav_titles.append(&mut nav_block);
    (out, chrome)
}

/// A share button or app prompt: the line without its spaces is a prompt, or starts with
/// one and is at most three times its length.
fn is_prompt(t: &str) -> bool {
    const LONGEST: usize = {
        let (mut m, mut i) = (0, 0);
        while i < PROMPTS.len() {
            if PROMPTS[i].len() > m {
                m = PROMPTS[i].len();
            }
            i += 1;
        }
        m
    };
    // A paragraph is far too long to be one: skip making its squeezed copy. (Its spaces
    // found with memchr: every line of every page is asked, and a plain count of them,
    // or of the other bytes, was a few per cent of the recognizing threads.)
    if t.len() > 3 * LONGEST && t.len() - memchr::memchr_iter(b' ', t.as_bytes()).count() > 3 * LONGEST {
        return false;
    }
    let squeezed: String = t.chars().filter(|&c| c != ' ').collect();
    PROMPTS.iter().any(|p| squeezed == *p || (squeezed.len() <= 3 * p.len() && squeezed.starts_with(p)))
}

/// `第01版：封面`, `第A06版：县区 上一版3`, `第F02版：郑东时报 政务`: an e-paper page header.
fn is_page_header(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('第') else { return false };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&digits) && rest[digits..].starts_with('版')
}

/// A line of an e-paper's title list: short, not a sentence.
fn is_nav_title(t: &str) -> bool {
    let n = t.chars().count();
    n <= 40 && !t.contains(['。', '，', '；']) && !t.ends_with('：') && t.chars().any(crate::text::is_han)
}

/// A metadata line without a date: a short line made of `来源：` and its kin.
fn is_meta_line(t: &str) -> bool {
    const MAX_CHARS: usize = 60;
    // A paragraph is ruled out by its bytes (at most four a char) before it is decoded.
    t.len() <= 4 * MAX_CHARS
        && t.chars().count() <= MAX_CHARS
        && !t.contains('。')
        && META_FIELDS.iter().any(|f| t.starts_with(f) || t.match_indices(f).any(|(i, _)| t[..i].ends_with(' ')))
}

/// Does a metadata line name editors (`编辑：王婉`)? Such a line stays, as a byline.
fn has_credit(t: &str) -> bool {
    t.contains("编辑：") || t.contains("审核：")
}

/// Image file extensions, lower case and without their dot.
const IMAGE_EXTENSIONS: [&str; 6] = ["jpeg", "jpg", "png", "gif", "bmp", "webp"];

/// Does the line hold a mark of debris that [`clean_debris`] removes: a table pipe, a
/// markdown image (`![` or `！[`), an image extension after a dot (any case)?
fn has_debris_mark(t: &str) -> bool {
    let b = t.as_bytes();
    t.contains('|')
        || t.contains("![")
        || t.contains("！[")
        || t.match_indices('.').any(|(i, _)| {
            IMAGE_EXTENSIONS.iter().any(|e| b.len() >= i + 1 + e.len() && b[i + 1..i + 1 + e.len()].eq_ignore_ascii_case(e.as_bytes()))
        })
}

/// Removes debris inside a line: image file names (`图片1.jpg`), markdown image and link
/// remains (`！[]（）`), table pipes. `None` when nothing of substance is left.
fn clean_debris(mut line: Line) -> Option<Line> {
    // Most lines hold no debris: a pipe, an image's `![`, or an image file's extension.
    // Found on the bytes ('.' alone is in every number of a story).
    if !has_debris_mark(&line.text) {
        return line.text.chars().any(is_alnum).then_some(line);
    }
    let chars: Vec<char> = line.text.chars().collect();
    let n = chars.len();
    let mut keep = vec![true; n];
    let mut changed = false;
    let mut i = 0;
    while i < n {
        // `！[]（）` / `![](x.png)`: a markdown image as normalization left it.
        if matches!(chars[i], '！' | '!') && chars.get(i + 1) == Some(&'[')
            && let Some(close) = (i + 2..n).find(|&k| chars[k] == ']') {
                let mut end = close + 1;
                if matches!(chars.get(end), Some('（' | '('))
                    && let Some(p) = (end + 1..n).find(|&k| matches!(chars[k], '）' | ')')) {
                        end = p + 1;
                    }
                keep[i..end].iter_mut().for_each(|k| *k = false);
                changed = true;
                i = end;
                continue;
            }
        if chars[i] == '|' {
            keep[i] = false;
            changed = true;
        }
        i += 1;
    }
    // Image file names (图片1.jpg, IMG_0023.JPG): an extension, the ASCII name before it,
    // and a short Han stem that starts the line or follows a space or punctuation.
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    for ext in IMAGE_EXTENSIONS {
        let e: Vec<char> = std::iter::once('.').chain(ext.chars()).collect();
        let mut k = 0;
        while k + e.len() <= n {
            if lower[k..k + e.len()] != e[..] {
                k += 1;
                continue;
            }
            let end = k + e.len();
            let mut s = k;
            while s > 0 && (chars[s - 1].is_ascii_alphanumeric() || matches!(chars[s - 1], '_' | '-')) {
                s -= 1;
            }
            let mut h = s;
            while h > 0 && s - h < 4 && crate::text::is_han(chars[h - 1]) {
                h -= 1;
            }
            if h < s && (h == 0 || !is_alnum(chars[h - 1])) {
                s = h;
            }
            if s < k {
                keep[s..end].iter_mut().for_each(|x| *x = false);
                changed = true;
            }
            k = end;
        }
    }
    if changed {
        line.retain(|i| keep[i]);
        line.trim_spaces();
    }
    (line.text.chars().any(is_alnum)).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalizer;

    fn page(text: &str) -> (Vec<String>, PageChrome) {
        let lines = Normalizer::default().normalize_page(text);
        let (kept, chrome) = strip(lines);
        (kept.into_iter().map(|l| l.text).collect(), chrome)
    }

    #[test]
    fn epaper_navigation_is_dropped_and_its_titles_kept() {
        let text = "第B03版：城区 上一版3 4下一版\nB03\n东城区新建三座公园\n西城街道 开展义诊活动\n      \n返回主页 | 某某日报 | 版面导航\n上一期  下一期\n西城街道 开展义诊活动\n\n本报讯（记者 周明）昨日，西城街道开展义诊。\n\n3上一篇  下一篇4\n";
        let (kept, chrome) = page(text);
        assert_eq!(kept, vec!["西城街道 开展义诊活动", "本报讯（记者 周明）昨日，西城街道开展义诊。"]);
        assert_eq!(chrome.nav_titles, vec!["东城区新建三座公园", "西城街道开展义诊活动"]);
    }

    #[test]
    fn debris_and_prompts_go() {
        let cases: [(&str, &[&str]); 7] = [
            ("图片1.jpg \n正文第一段。", &["正文第一段。"]),
            ("投资42.85亿元，增长3.5%。\n", &["投资42.85亿元，增长3.5%。"]),
            ("示意图.PNG 正文。", &["正文。"]),
            ("![]() |\n|||||\n正文。 |", &["正文。"]),
            ("打开网易新闻 查看精彩图片\n正文。", &["正文。"]),
            ("分享到：\n正文。", &["正文。"]),
            ("现场照片 IMG_0023.JPG\n正文。", &["正文。"]),
        ];
        for (text, want) in cases {
            assert_eq!(page(text).0, want, "{text}");
        }
    }

    #[test]
    fn metadata_lines_give_the_date_and_leave_the_text() {
        let (kept, chrome) = page("标题一行\n发布日期:2018-11-08 09:27:13 发布者:admin 来源: 浏览量:1959\n正文。");
        assert_eq!(kept, vec!["标题一行", "正文。"]);
        assert_eq!(chrome.date.as_deref(), Some("2018-11-08"));
        let (kept, chrome) = page("正文。\n来源:某某客户端 编辑:李四");
        assert_eq!(kept, vec!["正文。", "来源：某某客户端编辑：李四"]);
        assert_eq!(chrome.date, None);
        let (kept, _) = page("来源：某某网\n正文。");
        assert_eq!(kept, vec!["正文。"]);
    }

    #[test]
    fn navigation_words_are_found_anywhere_in_a_line() {
        for w in NAV_WORDS {
            assert!(has_nav_word(w) && has_nav_word(&format!("3{w}4")), "{w}");
        }
        assert!(!has_nav_word("上一届 下一步 返回 导航"));
    }

    #[test]
    fn page_headers() {
        assert!(is_page_header("第01版：封面4下一版"));
        assert!(is_page_header("第A06版：县区"));
        assert!(!is_page_header("第一版"));
        assert!(!is_page_header("第38届菊花文化节"));
    }
}
