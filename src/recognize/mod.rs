//! Stage 4: recognize entity mentions in an article.
//!
//! Recognition is a chain of small rules (one file each under `rules/`), each proposing
//! [`Candidate`]s over the article text, followed by one selection step that keeps the
//! non-overlapping set (see [`select`]). Rules see a shared [`Context`]: the text as chars
//! with byte offsets, the dictionary hits from one automaton scan, the lexicons, and
//! jieba-rs tags computed only when a rule asks for them.
//!
//! Why rules and not a tagger: the entities of local-government news are made of closed
//! vocabularies (titles, organs, division names, company suffixes, program head nouns)
//! around open names; the closed part is what makes recognition precise on pages no
//! dictionary has seen. DESIGN.md explains each rule and its traps.

pub mod context;
pub mod rules;
pub mod select;

use crate::dict::{DictIndex, Dictionary};
use crate::error::Result;
use crate::lexicon::Lexicons;
use crate::model::{EntityType, RuleId};
pub use context::{Context, LexIndex, Scanner};
use std::sync::Arc;

/// The relative level of a zone written by its kind alone (高新区, 经开区): the zone rule
/// proposes it, [`crate::resolve::resolve_zone`] finds the zone.
pub const ZONE_LEVEL: &str = "zone";

/// The longest text recognized in one piece.
pub const MAX_CHUNK: usize = 20_000;

/// Cuts `text` into pieces of at most `max` chars, at a line end if there is one in the
/// second half of the piece, else at a sentence end, else anywhere (on a char boundary).
pub fn chunks(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.chars().count() > max {
        let cut_byte = rest.char_indices().nth(max).map(|(b, _)| b).unwrap_or(rest.len());
        let window = &rest[..cut_byte];
        let half = window.char_indices().nth(max / 2).map(|(b, _)| b).unwrap_or(0);
        let at = window[half..]
            .rfind('\n')
            .or_else(|| window[half..].rfind(['。', '！', '？', '；']))
            .map(|i| {
                let b = half + i;
                b + window[b..].chars().next().map_or(0, char::len_utf8)
            })
            .unwrap_or(cut_byte);
        out.push(&rest[..at]);
        rest = &rest[at..];
    }
    out.push(rest);
    out
}

/// A proposed mention, before selection and resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Char range in the article text.
    pub start: usize,
    pub end: usize,
    pub ty: EntityType,
    /// Canonical name as far as the rule knows it.
    pub name: String,
    pub rule: RuleId,
    /// How sure the rule is: selection keeps the stronger of two overlapping candidates,
    /// and the longer only between equally strong ones (see [`select`]).
    pub strength: Strength,
    /// Titles given to an official, in text order.
    pub roles: Vec<String>,
    /// The organization or district the roles belong to, as written.
    pub role_org: Option<String>,
    /// 1-based position in a leader list.
    pub list_order: Option<usize>,
    /// For relative organization names (区发改委, 镇党委, 我区): the level of the
    /// jurisdiction to resolve (`区`, `市`, `县`, `镇`, `乡`, `街道`, `省`) and the organ.
    pub relative: Option<(String, String)>,
}

impl Candidate {
    pub fn new(start: usize, end: usize, ty: EntityType, name: impl Into<String>, rule: RuleId) -> Self {
        Candidate {
            start,
            end,
            ty,
            name: name.into(),
            rule,
            strength: Strength::NAMED,
            roles: Vec::new(),
            role_org: None,
            list_order: None,
            relative: None,
        }
    }
    pub fn strength(mut self, s: Strength) -> Self {
        self.strength = s;
        self
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn overlaps(&self, o: &Candidate) -> bool {
        self.start < o.end && o.start < self.end
    }
}

/// How sure a rule is of a candidate. Selection prefers the stronger of two overlapping
/// candidates, then the longer: a name after a title (区长苏建设) beats a dictionary word
/// it overlaps, a dictionary name beats a two-char alias inside a longer word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Strength(u8);

impl Strength {
    /// A further occurrence of a name a context rule established (苏建设说).
    pub const ECHO: Strength = Strength(2);
    /// Weak evidence: a two-char dictionary alias, a bare zone short form (高新区), a
    /// business named by its executive.
    pub const WEAK: Strength = Strength(4);
    /// A dictionary name, or a name with its closed head word (…有限公司, …工程, …办事处).
    pub const NAMED: Strength = Strength(5);
    /// A name after a role that is no public office (负责人何宾宾).
    pub const PERSON_ROLE: Strength = Strength(6);
    /// A name in a leader list (区领导陈红民、苏建设).
    pub const LEADER_LIST: Strength = Strength(7);
    /// A name right after an official's title (区长苏建设).
    pub const TITLE: Strength = Strength(8);
    /// A name in a byline (记者 景静).
    pub const BYLINE: Strength = Strength(9);
}

impl std::fmt::Display for Strength {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One recognition rule.
pub trait Rule: Send + Sync {
    /// Proposes candidates over `cx`. `found` holds what earlier rules proposed (some
    /// rules build on them: an official's title after an organization).
    fn apply(&self, cx: &Context, found: &[Candidate], out: &mut Vec<Candidate>);
}

/// Builds a [`Recognizer`]: dictionaries, lexicons and the rule chain.
pub struct RecognizerBuilder {
    dict: Dictionary,
    lex: Option<Arc<Lexicons>>,
    rules: Option<Vec<Box<dyn Rule>>>,
    jieba: Option<Box<dyn FnOnce() -> jieba_rs::Jieba + Send>>,
}

impl RecognizerBuilder {
    pub fn new(dict: Dictionary) -> Self {
        RecognizerBuilder { dict, lex: None, rules: None, jieba: None }
    }
    /// The lexicons to read (the built-in ones by default); an `Arc` shares them with a
    /// segmenter.
    pub fn lexicons(mut self, lex: impl Into<Arc<Lexicons>>) -> Self {
        self.lex = Some(lex.into());
        self
    }
    /// Replaces the default rule chain (tests use this to check one rule alone).
    pub fn rules(mut self, rules: Vec<Box<dyn Rule>>) -> Self {
        self.rules = Some(rules);
        self
    }
    /// Where the jieba to start from comes from (by default the build makes one with
    /// [`new_jieba`]): a caller can start making it on another thread before it loads the
    /// dictionaries this builder is given, and hand over the wait for it, so that jieba's
    /// load (the longest part of start-up) overlaps both that and this build.
    pub fn jieba_from(mut self, make: impl FnOnce() -> jieba_rs::Jieba + Send + 'static) -> Self {
        self.jieba = Some(Box::new(make));
        self
    }

    pub fn build(self) -> Result<Recognizer> {
        let lex = match self.lex {
            Some(l) => l,
            None => Arc::new(Lexicons::builtin()?),
        };
        // jieba's own dictionary and our automata are the two slow parts of start-up and
        // need nothing from each other: build them at once.
        let dict = self.dict;
        let given = self.jieba;
        let (indexes, jieba) = rayon::join(
            || -> Result<(DictIndex, LexIndex, Scanner)> {
                let (index, lexi) = (DictIndex::build(dict)?, LexIndex::build(&lex)?);
                let scan = Scanner::build(&index, &lexi)?;
                Ok((index, lexi, scan))
            },
            || given.map_or_else(new_jieba, |make| make()),
        );
        let (index, lexi, scan) = indexes?;
        let mut jieba = jieba;
        let rules = self.rules.unwrap_or_else(rules::default_chain);
        // Teach jieba the dictionary's names, so that its word boundaries respect them.
        for e in &index.dict.entries {
            let tag = match e.ty {
                EntityType::Official | EntityType::Person | EntityType::Journalist => "nr",
                EntityType::Organization | EntityType::Company => "nt",
                EntityType::Program | EntityType::Project => "nz",
                EntityType::District => continue,
            };
            if e.canonical.chars().count() >= 2 {
                jieba.add_word(&e.canonical, None, Some(tag));
            }
        }
        Ok(Recognizer {
            index: Arc::new(index),
            lexi: Arc::new(lexi),
            scan: Arc::new(scan),
            lex,
            rules: Arc::new(rules),
            jieba: Arc::new(jieba),
        })
    }
}

/// A jieba with its default dictionary and its part-of-speech model read: what a
/// [`Recognizer`] starts from before it teaches jieba the dictionary's names.
pub fn new_jieba() -> jieba_rs::Jieba {
    let jieba = jieba_rs::Jieba::new();
    // jieba-rs reads its part-of-speech model on the first word it must guess a tag for;
    // read it here, at start-up, not in the first worker to tag (the other would wait).
    let _ = jieba.tag("氹氹", true);
    jieba
}

/// Recognizes mentions in article texts. Cheap to clone; share one across threads.
#[derive(Clone)]
pub struct Recognizer {
    pub index: Arc<DictIndex>,
    lexi: Arc<LexIndex>,
    scan: Arc<Scanner>,
    pub lex: Arc<Lexicons>,
    rules: Arc<Vec<Box<dyn Rule>>>,
    jieba: Arc<jieba_rs::Jieba>,
}

impl Recognizer {
    /// All selected candidates of a text, in text order.
    ///
    /// A very long text (a page saved without line breaks, a whole book as one article)
    /// is recognized in chunks of at most [`MAX_CHUNK`] chars cut at line or sentence ends,
    /// so that time and memory stay linear in its length.
    pub fn recognize(&self, text: &str) -> Vec<Candidate> {
        self.recognize_with_chars(text).0
    }

    /// [`recognize`](Self::recognize), and the text's chars as recognition decoded them:
    /// for the relations of a build, which read the same text by char (decoding it again
    /// cost a build about 1 % of its time).
    pub fn recognize_with_chars(&self, text: &str) -> (Vec<Candidate>, Vec<char>) {
        let mut out = Vec::new();
        let mut chars: Vec<char> = Vec::new();
        for chunk in chunks(text, MAX_CHUNK) {
            let mut cx = self.context(chunk);
            let found = self.propose(&cx);
            let offset_chars = chars.len();
            out.extend(select::select(&cx, found).into_iter().map(|mut c| {
                c.start += offset_chars;
                c.end += offset_chars;
                c
            }));
            if chars.is_empty() {
                chars = std::mem::take(&mut cx.chars);
            } else {
                chars.append(&mut cx.chars);
            }
        }
        (out, chars)
    }

    /// Everything the rules propose, before selection (for debugging rules).
    pub fn propose(&self, cx: &Context) -> Vec<Candidate> {
        let mut found: Vec<Candidate> = Vec::new();
        // Each rule starts from an empty `out`, whose memory the next rule reuses.
        let mut out = Vec::new();
        for rule in self.rules.iter() {
            rule.apply(cx, &found, &mut out);
            found.append(&mut out);
        }
        found
    }

    pub fn context<'a>(&'a self, text: &'a str) -> Context<'a> {
        Context::new(text, &self.index, &self.lexi, &self.scan, &self.lex, &self.jieba)
    }
}
