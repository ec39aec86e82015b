//! Stage 3: split a page into articles (headline, kicker, subtitle, byline, text).
//!
//! A page holds many stories. The segmenter classifies every normalized line as a heading
//! (markdown), a short line (a headline candidate: short, no sentence end), a lead (本报讯…,
//! the start of a story), a byline line, or body text, and then walks the page:
//!
//! * A lead starts a new story; the short lines and headings right above it (since the
//!   last body line) are its headline block.
//! * A story may also start without a lead: a headline block followed by body text (or by a
//!   byline line) starts a new story when the previous one has ended with a byline, or when
//!   there is no story yet.
//! * Otherwise a headline block inside a story is a sub-heading (`####`, 【项目牵引】, a
//!   pull quote) and stays in the story; so does a series banner above a story's headline,
//!   which becomes the story's kicker.
//! * In a headline block, the markdown heading with the fewest `#` is the title, lines
//!   above it the kicker, lines below the subtitle; without markdown the first line is the
//!   title.
//! * Body lines cut by a hard wrap or a column break (a line that stops mid-sentence) are
//!   joined to the next body line.

pub mod chrome;
pub mod date;

use crate::lexicon::Lexicons;
use std::sync::Arc;
use crate::model::{Article, ArticleId, Page};
use chrome::PageChrome;
use crate::model::DateSource;
use date::path_date;
use crate::normalize::{ends_sentence, Line, Normalizer, MAX_PLAIN_HEADLINE_CHARS};
use crate::text::is_terminal;
use crate::text::byline::{self, find_bylines, is_byline_line};

/// The longest line (in chars) that can be a headline.
const MAX_HEADLINE_CHARS: usize = 40;
/// A short line with a comma up to this long is a sub-heading, not a cut sentence.
const SUBHEADING_MAX_CHARS: usize = 18;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    Short,
    Lead,
    Byline,
    /// An image caption or photo credit (图为…, …记者 X 摄): part of a story, never its
    /// headline, and no reason to start or end one.
    Caption,
    Body,
}

/// Segmentation settings.
#[derive(Clone, Debug, Default)]
pub struct SegmenterBuilder {
    date: Option<String>,
}

impl SegmenterBuilder {
    pub fn new() -> Self {
        Self::default()
    }
    /// The date given to articles whose input has none (`--date`).
    pub fn date(mut self, date: Option<String>) -> Self {
        self.date = date;
        self
    }
    /// A segmenter reading `lex` (an `Arc` shares them with a recognizer).
    pub fn build(&self, lex: impl Into<Arc<Lexicons>>) -> Segmenter {
        Segmenter { date: self.date.clone(), lex: lex.into(), normalizer: Normalizer::default() }
    }
}

/// Turns pages into articles.
#[derive(Clone, Debug)]
pub struct Segmenter {
    date: Option<String>,
    lex: Arc<Lexicons>,
    normalizer: Normalizer,
}

/// A story being assembled.
#[derive(Default)]
struct Draft {
    head: Vec<Line>,
    lines: Vec<(Line, Kind)>,
    closed: bool,
}

impl Segmenter {
    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// Segments one page (or JSONL record) into articles.
    pub fn segment(&self, page: &Page) -> Vec<Article> {
        let (lines, chrome) = chrome::strip(self.normalizer.normalize_page(&page.text));
        let stem = stem_of(&page.source);
        // The date: the record's, else the page's date line, else the path's, else --date.
        // The path's date is the same for every story of the page: read once, if asked.
        let from_path = std::cell::OnceCell::new();
        let dated = |own: Option<&String>| -> (Option<String>, Option<DateSource>) {
            if let Some(d) = own {
                return (Some(d.clone()), Some(DateSource::Record));
            }
            if let Some(d) = &chrome.date {
                return (Some(d.clone()), Some(DateSource::Page));
            }
            if let Some(d) = from_path.get_or_init(|| path_date(&page.source)) {
                return (Some(d.clone()), Some(DateSource::Path));
            }
            (self.date.clone(), self.date.as_ref().map(|_| DateSource::Flag))
        };
        if let Some(rec) = &page.record {
            // A JSONL record is one article; its title, if given, heads the text (once).
            let mut draft = Draft::default();
            let mut lines = lines;
            if let Some(t) = rec.title.as_deref().and_then(|t| self.normalizer.normalize_line(t, 0)) {
                if lines.first().is_some_and(|l| l.text == t.text) {
                    lines.remove(0);
                }
                draft.head.push(Line { heading: Some(1), origin: vec![u32::MAX; t.origin.len()], ..t });
            }
            draft.lines = self.classify(lines);
            let id = rec.id.clone().unwrap_or_else(|| format!("{stem}-L{}", page.line.unwrap_or(0)));
            let mut a = self.finish(draft, &page.source, 0, id, &chrome);
            (a.date, a.date_source) = dated(rec.date.as_ref());
            a.url = rec.url.clone();
            return vec![a];
        }

        let classified = self.classify(lines);

        let mut drafts: Vec<Draft> = Vec::new();
        let mut pending: Vec<(Line, Kind)> = Vec::new();
        // Captions met after a headline block, before its story's first line.
        let mut captions: Vec<(Line, Kind)> = Vec::new();
        let mut current: Option<Draft> = None;
        for (line, kind) in classified {
            match kind {
                Kind::Heading(_) | Kind::Short => {
                    if !captions.is_empty() {
                        // A caption between two short lines: what came before was not a
                        // headline block but the end of the story.
                        if let Some(d) = current.as_mut() {
                            d.lines.append(&mut pending);
                            d.lines.append(&mut captions);
                        } else {
                            pending.append(&mut captions);
                        }
                    }
                    pending.push((line, kind))
                }
                Kind::Caption => {
                    if pending.is_empty() {
                        match current.as_mut() {
                            Some(d) => d.lines.push((line, kind)),
                            None => captions.push((line, kind)),
                        }
                    } else {
                        captions.push((line, kind));
                    }
                }
                Kind::Lead => {
                    if let Some(d) = current.take() {
                        drafts.push(d);
                    }
                    let mut d = self.start(std::mem::take(&mut pending), line, kind);
                    d.lines.splice(0..0, captions.drain(..));
                    current = Some(d);
                }
                Kind::Byline | Kind::Body => {
                    // A headline block starts a story after a story that has ended, or
                    // when a byline follows it (a byline opens a story; inside one, a
                    // sub-heading is followed by text).
                    let starts_story = !pending.is_empty()
                        && match &current {
                            None => true,
                            Some(d) => d.closed || (kind == Kind::Byline && self.reporter_byline(&line)) || self.heading_outranks_title(&pending, d),
                        };
                    if starts_story || current.is_none() {
                        if let Some(d) = current.take() {
                            drafts.push(d);
                        }
                        let mut d = self.start(std::mem::take(&mut pending), line, kind);
                        d.lines.splice(0..0, captions.drain(..));
                        current = Some(d);
                    } else if let Some(d) = current.as_mut() {
                        d.lines.append(&mut pending);
                        d.lines.append(&mut captions);
                        d.closed = kind == Kind::Byline || self.ends_with_byline(&line);
                        d.lines.push((line, kind));
                    }
                }
            }
        }
        if let Some(mut d) = current.take() {
            d.lines.append(&mut pending);
            d.lines.append(&mut captions);
            drafts.push(d);
        } else if !pending.is_empty() || !captions.is_empty() {
            // A page of headlines only: one article of them.
            let mut lines = pending;
            lines.append(&mut captions);
            drafts.push(Draft { lines, ..Draft::default() });
        }
        drafts
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let mut a = self.finish(d, &page.source, i, format!("{stem}-{:02}", i + 1), &chrome);
                (a.date, a.date_source) = dated(None);
                a
            })
            .collect()
    }

    /// Classifies lines and joins the hard-wrapped ones.
    fn classify(&self, lines: Vec<Line>) -> Vec<(Line, Kind)> {
        let classified = lines
            .into_iter()
            .map(|l| {
                let k = self.kind(&l);
                (l, k)
            })
            .collect();
        self.join_wraps(classified)
    }

    fn kind(&self, line: &Line) -> Kind {
        if let Some(level) = line.heading {
            return Kind::Heading(level);
        }
        let t = line.text.as_str();
        if is_lead(t) {
            return Kind::Lead;
        }
        if is_byline_line(t, &self.lex).is_some() {
            return Kind::Byline;
        }
        if is_caption(t, &self.lex) {
            return Kind::Caption;
        }
        if is_headline_shaped(t) {
            return Kind::Short;
        }
        Kind::Body
    }

    /// Joins body lines that a hard wrap or a column break cut mid-sentence.
    fn join_wraps(&self, lines: Vec<(Line, Kind)>) -> Vec<(Line, Kind)> {
        let mut out: Vec<(Line, Kind)> = Vec::with_capacity(lines.len());
        for (line, kind) in lines {
            if let Some((prev, pkind)) = out.last_mut() {
                let cut = !prev.text.chars().last().is_some_and(|c| is_terminal(c) || c == '：' || c == '）');
                let prev_is_text = match *pkind {
                    Kind::Body | Kind::Lead => true,
                    // A short line with a comma is a cut sentence when it is as long as a
                    // column line; a short one is a sub-heading (一个蓄水池，抽走村民多年的愁).
                    Kind::Short => prev.text.contains(['，', '、', '；']) && prev.char_len() >= SUBHEADING_MAX_CHARS,
                    _ => false,
                };
                // Last, as the costliest test (most lines are no continuation).
                if cut && prev_is_text && kind == Kind::Body && !self.ends_with_byline(prev) {
                    prev.text.push_str(&line.text);
                    prev.origin.extend_from_slice(&line.origin);
                    if *pkind == Kind::Short {
                        *pkind = Kind::Body;
                    }
                    continue;
                }
            }
            out.push((line, kind));
        }
        out
    }

    /// A byline of reporters (记者, 通讯员), which can open a story, unlike an editors'
    /// credit line (编辑：…), which closes one.
    fn reporter_byline(&self, line: &Line) -> bool {
        find_bylines(&line.text, &self.lex).iter().flat_map(|b| &b.names).any(|n| byline::is_reporter_role(n.role))
    }

    fn ends_with_byline(&self, line: &Line) -> bool {
        let n = line.char_len();
        find_bylines(&line.text, &self.lex).last().is_some_and(|b| {
            let tail: String = line.text.chars().skip(b.end).collect();
            b.end == n || tail.chars().all(|c| !crate::text::is_alnum(c))
        })
    }

    /// A markdown heading at least as prominent as the current story's title starts a new
    /// story even when the current one has not ended with a byline.
    fn heading_outranks_title(&self, pending: &[(Line, Kind)], d: &Draft) -> bool {
        let title_level = d.head.iter().filter_map(|l| l.heading).min();
        let Some(title_level) = title_level else { return false };
        pending.iter().any(|(l, k)| match k {
            Kind::Heading(level) => *level <= title_level && !l.text.starts_with('【'),
            _ => false,
        })
    }

    fn start(&self, pending: Vec<(Line, Kind)>, first: Line, kind: Kind) -> Draft {
        let closed = kind == Kind::Body && self.ends_with_byline(&first);
        Draft { head: pending.into_iter().map(|(l, _)| l).collect(), lines: vec![(first, kind)], closed }
    }

    fn finish(&self, d: Draft, source: &str, ordinal: usize, id: String, chrome: &PageChrome) -> Article {
        // A headline block repeated (an e-paper's breadcrumb above the story) counts once.
        let mut head: Vec<Line> = Vec::with_capacity(d.head.len());
        for l in d.head {
            let key = squeeze(&l.text);
            if !head.iter().any(|h| squeeze(&h.text) == key) {
                head.push(l);
            }
        }
        let (from, to) = title_lines(&head, chrome);
        let join = |ls: &[Line]| -> Option<String> {
            (!ls.is_empty()).then(|| ls.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "))
        };
        // No headline: the title stays empty rather than borrowing the first words.
        let (title, kicker, subtitle) = if head.is_empty() {
            (String::new(), None, None)
        } else {
            (join(&head[from..to]).unwrap_or_default(), join(&head[..from]), join(&head[to..]))
        };

        let lines = || head.iter().chain(d.lines.iter().map(|(l, _)| l));
        let mut text = String::with_capacity(lines().map(|l| l.text.len() + 1).sum());
        let mut journalists: Vec<String> = Vec::new();
        for line in lines() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&line.text);
            for b in find_bylines(&line.text, &self.lex) {
                for n in b.names {
                    if !journalists.contains(&n.name) {
                        journalists.push(n.name);
                    }
                }
            }
        }
        Article {
            id: ArticleId(id),
            source: source.to_string(),
            ordinal,
            title,
            kicker,
            subtitle,
            date: None,
            date_source: None,
            url: None,
            journalists,
            text,
        }
    }
}

/// Which lines of a headline block are the title, as a range: the markdown heading with
/// the fewest `#`; else the lines the e-paper's own title list names; else the first line,
/// unless it is a section label (a place or organ name alone, a 【banner】) over the
/// headline, which makes it the kicker.
fn title_lines(head: &[Line], chrome: &PageChrome) -> (usize, usize) {
    if head.is_empty() {
        return (0, 0);
    }
    if let Some((_, i)) = head.iter().enumerate().filter_map(|(i, l)| l.heading.map(|h| (h, i))).min() {
        return (i, i + 1);
    }
    let nav = &chrome.nav_titles;
    for (i, l) in head.iter().enumerate() {
        let key = squeeze(&l.text);
        let Some(k) = nav.iter().position(|t| *t == key || (t.starts_with(&key) && key.chars().count() >= 4)) else {
            continue;
        };
        // A headline set in two lines is listed as two lines, or as one.
        let mut end = i + 1;
        let mut joined = key;
        while end < head.len() {
            let next = squeeze(&head[end].text);
            let listed_next = nav.get(k + end - i).is_some_and(|t| *t == next);
            let listed_joined = nav[k].starts_with(&format!("{joined}{next}"));
            if !(listed_next || listed_joined) {
                break;
            }
            joined.push_str(&next);
            end += 1;
        }
        return (i, end);
    }
    if head.len() >= 2 && is_section_label(&head[0].text) {
        return (1, 2);
    }
    (0, 1)
}

/// A kicker that names where the story happens: a place or organ alone (二七经济技术开发区,
/// 中原区审计局) or a bracketed section banner (【项目观察】).
fn is_section_label(t: &str) -> bool {
    let n = t.chars().count();
    if t.starts_with('【') && t.ends_with('】') {
        return true;
    }
    const PLACES: [&str; 12] = ["开发区", "新区", "高新区", "区", "县", "市", "镇", "乡", "街道", "局", "委", "办"];
    n <= 12 && !t.contains(' ') && PLACES.iter().any(|p| t.ends_with(p))
}

/// A line without its spaces, to compare headlines.
fn squeeze(t: &str) -> String {
    t.chars().filter(|&c| c != ' ').collect()
}

/// What a dateline's outlet or date ends with, before the story's first clause.
const LEAD_KEYS: [&str; 8] = ["网讯", "报讯", "台讯", "社讯", "端讯", "日电", "日消息", "日讯"];
/// The last chars of [`LEAD_KEYS`].
const LEAD_KEY_ENDS: [char; 3] = ['讯', '电', '息'];

/// Does the line open a story (本报讯, 本报郑州讯, 大河网讯, a wire dateline such as
/// 新华社郑州6月1日电 or 央广网开封5月21日消息)?
fn is_lead(t: &str) -> bool {
    if t.starts_with("本报讯") || t.starts_with("新华社") || t.starts_with("（记者") || t.starts_with("【本报讯") {
        return true;
    }
    if let Some(rest) = t.strip_prefix("本报") {
        // 本报郑州讯, 本报中牟讯
        return rest.chars().take(8).collect::<String>().contains('讯');
    }
    // A dateline: within its first clause, a news outlet's 讯 or a dated 电/消息.
    let end = t.char_indices().take_while(|&(_, c)| c != '，' && c != '。').take(16).last().map_or(0, |(i, c)| i + c.len_utf8());
    let head = &t[..end];
    // A head without the last char of any key is ruled out before eight searches.
    if !head.contains(LEAD_KEY_ENDS) {
        return false;
    }
    LEAD_KEYS.iter().any(|k| {
        head.find(k).is_some_and(|i| {
            // Not a sentence that only mentions one (据大河网讯): the key comes before any verb.
            let before = &head[..i];
            before.chars().count() <= 12 && !before.contains('据')
        })
    })
}

/// A headline-shaped line: short, or longer without inner punctuation, and not ending a
/// sentence. A closing quote ends a sentence only after a sentence end (。”); a headline
/// may close on a quoted word (…招商“开门红”).
fn is_headline_shaped(t: &str) -> bool {
    // A paragraph is too long to be one: ruled out by its bytes (at most four a char),
    // else counted, not decoded.
    let max = MAX_HEADLINE_CHARS.max(MAX_PLAIN_HEADLINE_CHARS);
    if t.len() > 4 * max {
        return false;
    }
    let n = t.chars().count();
    if n > max {
        return false;
    }
    let chars: Vec<char> = t.chars().collect();
    n > 0
        && !ends_sentence(&chars)
        && (n <= MAX_HEADLINE_CHARS || (n <= MAX_PLAIN_HEADLINE_CHARS && !t.contains(['，', '。', '；', '、', '：'])))
}

/// An image caption or photo credit: 图为…, a line ending in a photographer's credit
/// (…记者 张三 摄, 张三 摄), or a parenthesized credit (（…摄）).
fn is_caption(t: &str, lex: &Lexicons) -> bool {
    if t.len() > 4 * 120 || t.chars().count() > 120 {
        return false;
    }
    let trimmed = t.trim_end_matches(['）', ')', '。', ' ']);
    if t.starts_with("图为") || t.starts_with("（图为") || t.starts_with("图：") {
        return true;
    }
    if !trimmed.ends_with('摄') {
        return false;
    }
    // The token before 摄 is a name (or a byline ends there).
    let before = trimmed.trim_end_matches('摄').trim_end();
    let name: Vec<char> = before.chars().rev().take_while(|&c| crate::text::is_han(c)).collect();
    (2..=4).contains(&name.len()) && lex.surname_len(&name.iter().rev().copied().collect::<Vec<_>>()).is_some()
}

/// The file name without directories and extension, for article ids.
pub fn stem_of(source: &str) -> String {
    let name = source.rsplit('/').next().unwrap_or(source);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_key_ends_are_the_keys_last_chars() {
        for k in LEAD_KEYS {
            assert!(k.ends_with(LEAD_KEY_ENDS), "{k}");
        }
        for c in LEAD_KEY_ENDS {
            assert!(LEAD_KEYS.iter().any(|k| k.ends_with(c)), "{c}");
        }
    }

    #[test]
    fn leads() {
        let cases = [
            ("本报讯（记者 王明）昨日，", true),
            ("本报郑州讯 昨日，", true),
            ("新华社郑州6月1日电 记者", true),
            ("央广网开封5月21日消息，", true),
            ("大河网讯 近日，", true),
            ("据大河网讯，某地", false),
            ("昨日上午，区长来到现场。", false),
            ("", false),
        ];
        for (t, want) in cases {
            assert_eq!(is_lead(t), want, "{t}");
        }
    }
}
