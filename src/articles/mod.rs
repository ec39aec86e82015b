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

pub mod byline;

use crate::lexicon::Lexicons;
use crate::model::{Article, ArticleId, Page};
use crate::normalize::{is_terminal, Line, Normalizer};
use byline::{find_bylines, is_byline_line};

/// The longest line (in chars) that can be a headline.
const MAX_HEADLINE_CHARS: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    Short,
    Lead,
    Byline,
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
    pub fn build(&self, lex: Lexicons) -> Segmenter {
        Segmenter { date: self.date.clone(), lex, normalizer: Normalizer::default() }
    }
}

/// Turns pages into articles.
#[derive(Clone, Debug)]
pub struct Segmenter {
    date: Option<String>,
    lex: Lexicons,
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
        let lines = self.normalizer.normalize_page(&page.text);
        let stem = stem_of(&page.source);
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
            let mut a = self.finish(draft, &page.source, 0, id);
            a.date = rec.date.clone().or_else(|| self.date.clone());
            a.url = rec.url.clone();
            return vec![a];
        }

        let classified = self.classify(lines);

        let mut drafts: Vec<Draft> = Vec::new();
        let mut pending: Vec<(Line, Kind)> = Vec::new();
        let mut current: Option<Draft> = None;
        for (line, kind) in classified {
            match kind {
                Kind::Heading(_) | Kind::Short => pending.push((line, kind)),
                Kind::Lead => {
                    if let Some(d) = current.take() {
                        drafts.push(d);
                    }
                    current = Some(self.start(std::mem::take(&mut pending), line, kind));
                }
                Kind::Byline | Kind::Body => {
                    let starts_story = !pending.is_empty()
                        && match &current {
                            None => true,
                            Some(d) => d.closed || self.heading_outranks_title(&pending, d),
                        };
                    if starts_story || current.is_none() {
                        if let Some(d) = current.take() {
                            drafts.push(d);
                        }
                        current = Some(self.start(std::mem::take(&mut pending), line, kind));
                    } else if let Some(d) = current.as_mut() {
                        d.lines.append(&mut pending);
                        d.closed = kind == Kind::Byline || self.ends_with_byline(&line);
                        d.lines.push((line, kind));
                    }
                }
            }
        }
        if let Some(mut d) = current.take() {
            d.lines.append(&mut pending);
            drafts.push(d);
        } else if !pending.is_empty() {
            // A page of headlines only: one article of them.
            let mut d = Draft::default();
            d.lines = pending;
            drafts.push(d);
        }
        drafts
            .into_iter()
            .enumerate()
            .map(|(i, d)| self.finish(d, &page.source, i, format!("{stem}-{:02}", i + 1)))
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
        let last = t.chars().last().unwrap_or(' ');
        if line.char_len() <= MAX_HEADLINE_CHARS && !is_terminal(last) && last != '：' {
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
                    Kind::Short => prev.text.contains(['，', '、', '；']),
                    _ => false,
                };
                let prev_bylined = self.ends_with_byline(prev);
                if cut && prev_is_text && !prev_bylined && kind == Kind::Body {
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

    fn ends_with_byline(&self, line: &Line) -> bool {
        let n = line.char_len();
        find_bylines(&line.text, &self.lex).last().is_some_and(|b| {
            let tail: String = line.text.chars().skip(b.end).collect();
            b.end == n || tail.chars().all(|c| !crate::normalize::is_alnum(c))
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

    fn finish(&self, d: Draft, source: &str, ordinal: usize, id: String) -> Article {
        // Pick the title from the headline block.
        let head = d.head;
        let title_idx = head
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.heading.map(|h| (h, i)))
            .min()
            .map(|(_, i)| i)
            .unwrap_or(0);
        let join = |ls: &[Line]| -> Option<String> {
            (!ls.is_empty()).then(|| ls.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "))
        };
        let (title, kicker, subtitle) = if head.is_empty() {
            // No headline: the first sentence stands in for it.
            let first = d.lines.first().map(|(l, _)| l.text.as_str()).unwrap_or("");
            let t: String = first.chars().take_while(|&c| !is_terminal(c) && c != '，').take(30).collect();
            (t, None, None)
        } else {
            (head[title_idx].text.clone(), join(&head[..title_idx]), join(&head[title_idx + 1..]))
        };

        let mut text = String::new();
        let mut origin: Vec<u32> = Vec::new();
        let mut paragraphs = Vec::new();
        let mut journalists: Vec<String> = Vec::new();
        for line in head.iter().chain(d.lines.iter().map(|(l, _)| l)) {
            if !text.is_empty() {
                text.push('\n');
                origin.push(u32::MAX);
            }
            let start = origin.len();
            text.push_str(&line.text);
            origin.extend_from_slice(&line.origin);
            paragraphs.push((start, origin.len()));
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
            date: self.date.clone(),
            url: None,
            journalists,
            text,
            paragraphs,
            origin,
        }
    }
}

/// Does the line open a story (本报讯, 本报郑州讯, a wire dateline)?
fn is_lead(t: &str) -> bool {
    if t.starts_with("本报讯") || t.starts_with("新华社") || t.starts_with("（记者") || t.starts_with("【本报讯") {
        return true;
    }
    if let Some(rest) = t.strip_prefix("本报") {
        // 本报郑州讯, 本报中牟讯
        return rest.chars().take(8).collect::<String>().contains('讯');
    }
    false
}

/// The file name without directories and extension, for article ids.
pub fn stem_of(source: &str) -> String {
    let name = source.rsplit('/').next().unwrap_or(source);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}
