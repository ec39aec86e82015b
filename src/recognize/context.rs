//! What every rule sees: the text as chars, one automaton scan for the dictionaries and one
//! for the lexicons, and jieba-rs tags on demand.

use crate::dict::{DictIndex, Entry, Surface};
use crate::error::{Error, Result};
use crate::lexicon::Lexicons;
use crate::model::EntityType;
use daachorse::CharwiseDoubleArrayAhoCorasick;
use crate::text::places::Places;
use std::collections::HashMap;
use std::cell::OnceCell;

/// What a lexicon word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LexKind {
    Title,
    PersonTitle,
    Organ,
    PartyDept,
    OrgHead,
    CompanySuffix,
    WeakCompanySuffix,
    ProgramHeadDropped,
    ProgramHeadKept,
    ProjectHead,
    ParkHead,
    Honorific,
}

/// The lexicons (titles, organs, heads …) compiled into one automaton: every word with
/// every kind it is (工程 is a program head and a project head).
pub struct LexIndex {
    words: Vec<(String, Vec<LexKind>)>,
    /// Each word's length in chars.
    chars: Vec<u32>,
}

impl std::fmt::Debug for LexIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LexIndex({} words)", self.words.len())
    }
}

impl LexIndex {
    pub fn build(lex: &Lexicons) -> Result<LexIndex> {
        let mut lex_map: HashMap<String, Vec<LexKind>> = HashMap::new();
        let mut add = |words: &[String], kind: LexKind| {
            for w in words {
                let kinds = lex_map.entry(w.clone()).or_default();
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        };
        add(&lex.titles, LexKind::Title);
        add(&lex.person_titles, LexKind::PersonTitle);
        let organs: Vec<String> = lex.organs.keys().cloned().collect();
        add(&organs, LexKind::Organ);
        let depts: Vec<String> = lex.party_departments.keys().cloned().collect();
        add(&depts, LexKind::PartyDept);
        add(&lex.org_heads, LexKind::OrgHead);
        add(&lex.company_suffixes, LexKind::CompanySuffix);
        add(&lex.weak_company_suffixes, LexKind::WeakCompanySuffix);
        add(&lex.program_heads_kept, LexKind::ProgramHeadKept);
        add(&lex.program_heads_dropped, LexKind::ProgramHeadDropped);
        add(&lex.project_heads, LexKind::ProjectHead);
        add(&lex.park_heads, LexKind::ParkHead);
        add(&lex.honorifics, LexKind::Honorific);
        let mut words: Vec<(String, Vec<LexKind>)> = lex_map.into_iter().collect();
        words.sort();
        let chars = words.iter().map(|(w, _)| w.chars().count() as u32).collect();
        Ok(LexIndex { words, chars })
    }
}

/// What a pattern of the [`Scanner`] is: a dictionary surface, a lexicon word, or both
/// ([`NONE`](Scanner::NONE) where it is not).
#[derive(Clone, Copy, Debug)]
struct Target {
    surface: u32,
    word: u32,
}

/// One automaton over the dictionary's surfaces and the lexicons' words: a text is
/// scanned once for both. (Two automata, one for each, walked every text twice; the
/// dictionary's, with every division of China, is the larger, and the lexicons' words
/// ride along in it at little cost.) Matches come in order of their end, and at one end
/// longest first, so each kind's hits come in the order its own automaton gave them.
pub struct Scanner {
    ac: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    targets: Vec<Target>,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scanner({} patterns)", self.targets.len())
    }
}

impl Scanner {
    const NONE: u32 = u32::MAX;

    pub fn build(index: &DictIndex, lexi: &LexIndex) -> Result<Scanner> {
        // Pattern k < surfaces.len() is surface k; a lexicon word that is no surface (the
        // words are distinct) comes after them.
        let mut patterns: Vec<&str> = index.surfaces.iter().map(|s| s.text.as_str()).collect();
        let mut targets: Vec<Target> = (0..patterns.len() as u32).map(|k| Target { surface: k, word: Self::NONE }).collect();
        for (k, (w, _)) in lexi.words.iter().enumerate() {
            match index.surface_index(w) {
                Some(p) => targets[p].word = k as u32,
                None => {
                    patterns.push(w.as_str());
                    targets.push(Target { surface: Self::NONE, word: k as u32 });
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                CharwiseDoubleArrayAhoCorasick::with_values(patterns.iter().enumerate().map(|(i, p)| (*p, i as u32)))
                    .map_err(|e| Error::Automaton(e.to_string()))?,
            )
        };
        Ok(Scanner { ac, targets })
    }
}

/// A dictionary hit: the char range and the surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DictHit {
    pub start: usize,
    pub end: usize,
    pub surface: usize,
}

/// A lexicon hit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexHit {
    pub start: usize,
    pub end: usize,
    pub kind: LexKind,
    pub word: usize,
}

/// A jieba token with its POS tag, in chars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub tag: &'a str,
}

/// jieba's own character class for the runs it cuts (CJK ideographs, ASCII letters and
/// digits, `+#&._%-`): jieba-rs cuts each maximal run of these, and each run of other
/// chars, on its own, so a text can be tagged run by run with the same result.
fn is_jieba_run(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
        || (c.is_ascii() && (c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')))
        || matches!(c,
            '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2A6DF}'
            | '\u{2A700}'..='\u{2B73F}'
            | '\u{2B740}'..='\u{2B81F}'
            | '\u{2B820}'..='\u{2CEAF}'
            | '\u{2CEB0}'..='\u{2EBEF}'
            | '\u{2F800}'..='\u{2FA1F}')
}

/// The shared view of one text that rules work on.
pub struct Context<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    /// Byte offset of each char, plus the text length at the end (a text is far below
    /// 4 GB: an article).
    pub bytes: Vec<u32>,
    pub index: &'a DictIndex,
    lexi: &'a LexIndex,
    pub lex: &'a Lexicons,
    /// The hits in scan order, which is by end char: looked up by end in place.
    pub dict_hits: Vec<DictHit>,
    pub lex_hits: Vec<LexHit>,
    /// Indices into `dict_hits` and `lex_hits` ordered by start char (stable: hits with
    /// the same start keep their scan order). Sorted index arrays, not a list per char,
    /// so that a context costs no allocation per char.
    dict_by_start: Vec<u32>,
    lex_by_start: Vec<u32>,
    jieba: &'a jieba_rs::Jieba,
    /// Start char of each jieba run (see [`is_jieba_run`]), then the text length.
    runs: Vec<u32>,
    /// Each run's tokens, tagged on first use: most runs hold no dictionary or lexicon
    /// hit that a rule asks about, so most of the text is never tagged.
    run_toks: Vec<OnceCell<Vec<Tok<'a>>>>,
    places: OnceCell<Places>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        index: &'a DictIndex,
        lexi: &'a LexIndex,
        scan: &Scanner,
        lex: &'a Lexicons,
        jieba: &'a jieba_rs::Jieba,
    ) -> Self {
        // Sized at the text's char count (a third of its bytes fell short wherever a text
        // has ASCII, and the vectors grew as they filled).
        let n = crate::text::char_count(text.as_bytes());
        let mut chars = Vec::with_capacity(n);
        let mut bytes = Vec::with_capacity(n + 1);
        let mut runs = Vec::new();
        let mut dict_hits: Vec<DictHit> = Vec::new();
        let mut lex_hits: Vec<LexHit> = Vec::new();
        // One pass over the chars: each is recorded and fed to the automaton, whose
        // matches then end at the char just recorded (no second decoding of the text, no
        // byte offsets to turn back into chars).
        let mut stepper = scan.ac.as_ref().map(|ac| ac.find_overlapping_stepper());
        // The class of the char before: 0 or 1 (is_jieba_run), 2 before the first.
        let mut class = 2u8;
        for (b, c) in text.char_indices() {
            let k = is_jieba_run(c) as u8;
            if k != class {
                runs.push(chars.len() as u32);
                class = k;
            }
            chars.push(c);
            bytes.push(b as u32);
            let Some(stepper) = &mut stepper else { continue };
            stepper.consume(c);
            let end = chars.len();
            for m in stepper.matches() {
                let Target { surface, word } = scan.targets[m.value() as usize];
                if surface != Scanner::NONE {
                    let surface = surface as usize;
                    dict_hits.push(DictHit { start: end - index.surfaces[surface].chars, end, surface });
                }
                if word != Scanner::NONE {
                    let w = word as usize;
                    let start = end - lexi.chars[w] as usize;
                    lex_hits.extend(lexi.words[w].1.iter().map(|&kind| LexHit { start, end, kind, word: w }));
                }
            }
        }
        bytes.push(text.len() as u32);
        runs.push(chars.len() as u32);
        let run_toks = (0..runs.len() - 1).map(|_| OnceCell::new()).collect();
        let order = |n: usize, key: &dyn Fn(usize) -> usize| {
            let mut v: Vec<u32> = (0..n as u32).collect();
            v.sort_by_key(|&k| key(k as usize));
            v
        };
        // Hits come by their end already: they are looked up by end where they are.
        debug_assert!(dict_hits.windows(2).all(|w| w[0].end <= w[1].end) && lex_hits.windows(2).all(|w| w[0].end <= w[1].end));
        let dict_by_start = order(dict_hits.len(), &|k| dict_hits[k].start);
        let lex_by_start = order(lex_hits.len(), &|k| lex_hits[k].start);
        Context {
            text,
            chars,
            bytes,
            index,
            lexi,
            lex,
            dict_hits,
            lex_hits,
            dict_by_start,
            lex_by_start,
            jieba,
            runs,
            run_toks,
            places: OnceCell::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Char positions where `pat` occurs, left to right, not overlapping. Looked up from
    /// where its first char is (rules ask for dozens of head words per text: a pass over
    /// the text for each cost more than all the rest of those rules).
    pub fn occurrences(&self, pat: &str) -> Vec<usize> {
        self.places().occurrences(&self.chars, pat)
    }

    /// Every char position of the text by char, made on first use.
    pub fn places(&self) -> &Places {
        self.places.get_or_init(|| Places::of(&self.chars))
    }

    /// The text of a char range.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.bytes[start] as usize..self.bytes[end] as usize]
    }

    pub fn lex_word(&self, h: &LexHit) -> &str {
        &self.lexi.words[h.word].0
    }

    /// The entries of `order` (indices sorted by `key`) whose key is `at`.
    fn keyed(order: &[u32], at: usize, key: impl Fn(usize) -> usize) -> &[u32] {
        let a = order.partition_point(|&k| key(k as usize) < at);
        let b = a + order[a..].partition_point(|&k| key(k as usize) == at);
        &order[a..b]
    }

    /// The hits (in scan order, so by end) that end at `at`.
    fn ending_at<T>(hits: &[T], at: usize, end: impl Fn(&T) -> usize) -> &[T] {
        let a = hits.partition_point(|h| end(h) < at);
        let b = a + hits[a..].partition_point(|h| end(h) == at);
        &hits[a..b]
    }

    /// Lexicon hits of `kind` ending exactly at `end`, longest first.
    pub fn lex_ending_at(&self, end: usize, kinds: &[LexKind]) -> Vec<&LexHit> {
        let mut v: Vec<&LexHit> = Self::ending_at(&self.lex_hits, end, |h| h.end).iter().filter(|h| kinds.contains(&h.kind)).collect();
        v.sort_by_key(|h| h.start);
        v
    }

    /// The longest lexicon hit of `kind` ending exactly at `end` (the first of
    /// [`lex_ending_at`](Self::lex_ending_at), without the list).
    pub fn longest_lex_ending_at(&self, end: usize, kinds: &[LexKind]) -> Option<&LexHit> {
        Self::ending_at(&self.lex_hits, end, |h| h.end).iter().filter(|h| kinds.contains(&h.kind)).min_by_key(|h| h.start)
    }

    /// Lexicon hits of `kind` starting exactly at `start`, longest first.
    pub fn lex_starting_at(&self, start: usize, kinds: &[LexKind]) -> Vec<&LexHit> {
        let ks = Self::keyed(&self.lex_by_start, start, |k| self.lex_hits[k].start);
        let mut v: Vec<&LexHit> =
            ks.iter().map(|&k| &self.lex_hits[k as usize]).filter(|h| kinds.contains(&h.kind)).collect();
        v.sort_by_key(|h| std::cmp::Reverse(h.end));
        v
    }

    /// Dictionary hits (of any type) ending exactly at `end`, longest first.
    pub fn dict_ending_at(&self, end: usize) -> Vec<&DictHit> {
        let mut v: Vec<&DictHit> = Self::ending_at(&self.dict_hits, end, |h| h.end).iter().collect();
        v.sort_by_key(|h| h.start);
        v
    }

    /// Dictionary hits starting exactly at `start`, in scan order.
    pub fn dict_starting_at(&self, start: usize) -> Vec<&DictHit> {
        Self::keyed(&self.dict_by_start, start, |k| self.dict_hits[k].start).iter().map(|&k| &self.dict_hits[k as usize]).collect()
    }

    pub fn surface(&self, h: &DictHit) -> &Surface {
        &self.index.surfaces[h.surface]
    }

    /// The entries a dictionary hit names, restricted to `ty`.
    pub fn hit_entries(&self, h: &DictHit, ty: EntityType) -> Vec<&Entry> {
        self.surface(h).entries.iter().map(|&i| self.index.entry(i)).filter(|e| e.ty == ty).collect()
    }

    /// The run holding char `i` (`i < len`).
    fn run_of(&self, i: usize) -> usize {
        self.runs.partition_point(|&s| s as usize <= i) - 1
    }

    /// Does a jieba run end at char `i` (a token never spans it)?
    pub fn ends_run(&self, i: usize) -> bool {
        i == 0 || i >= self.len() || self.runs[self.run_of(i)] as usize == i
    }

    /// The tokens of run `r`, tagged by jieba-rs on first use.
    fn run_tokens(&self, r: usize) -> &[Tok<'a>] {
        self.run_toks[r].get_or_init(|| {
            let (start, end) = (self.runs[r] as usize, self.runs[r + 1] as usize);
            let text: &'a str = self.text;
            let piece = &text[self.bytes[start] as usize..self.bytes[end] as usize];
            let mut pos = start;
            self.jieba
                .tag(piece, true)
                .into_iter()
                .map(|t| {
                    let n = t.end - t.start;
                    let tok = Tok { start: pos, end: pos + n, tag: t.tag };
                    pos += n;
                    tok
                })
                .collect()
        })
    }

    /// The tokens lying wholly inside `start..end`, in order.
    pub fn tokens_in(&self, start: usize, end: usize) -> Vec<Tok<'a>> {
        if start >= end || start >= self.len() {
            return Vec::new();
        }
        // At most a token a char: the ranges asked are a name's few chars.
        let mut out = Vec::with_capacity(end.min(self.len()) - start);
        for r in self.run_of(start)..self.run_toks.len() {
            if self.runs[r] as usize >= end {
                break;
            }
            out.extend(self.run_tokens(r).iter().filter(|t| t.start >= start && t.end <= end).copied());
        }
        out
    }

    /// Is there a jieba word boundary at char `i`?
    pub fn boundary(&self, i: usize) -> bool {
        self.ends_run(i) || self.run_tokens(self.run_of(i)).binary_search_by(|t| t.start.cmp(&i)).is_ok()
    }

    /// The token containing char `i`.
    pub fn token_at(&self, i: usize) -> Option<Tok<'a>> {
        if i >= self.len() {
            return None;
        }
        let toks = self.run_tokens(self.run_of(i));
        let k = toks.partition_point(|t| t.end <= i);
        toks.get(k).filter(|t| t.start <= i).copied()
    }

    /// A two-char division hit that is more likely a conjunction and a relative level
    /// char: 和县 in 中心和县人民医院 (jieba too reads it as the county).
    pub fn conjunction_division(&self, h: &DictHit) -> bool {
        h.end - h.start == 2
            && "和与及同向对在".contains(self.chars[h.start])
            && h.start > 0
            && crate::text::is_han(self.chars[h.start - 1])
    }
}

#[cfg(test)]
mod tests {
    /// The char-by-char scan `occurrences` replaced.
    fn naive(chars: &[char], pat: &str) -> Vec<usize> {
        let pat: Vec<char> = pat.chars().collect();
        let (n, mut i, mut out) = (pat.len(), 0, Vec::new());
        while n > 0 && i + n <= chars.len() {
            if chars[i..i + n] == pat[..] {
                out.push(i);
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Every place a pattern stands, overlapping: what the one-pass scan must find.
    fn naive_all(chars: &[char], pat: &str) -> Vec<(usize, usize)> {
        let pat: Vec<char> = pat.chars().collect();
        (0..chars.len()).filter(|&i| i + pat.len() <= chars.len() && chars[i..i + pat.len()] == pat[..]).map(|i| (i, i + pat.len())).collect()
    }

    #[test]
    fn hits_are_every_overlapping_occurrence_in_order_of_their_end() {
        use super::{Context, LexIndex, Scanner};
        use crate::dict::{DictIndex, Dictionary};
        use crate::model::EntityType;
        let mut dict = Dictionary::default();
        let lines = "中牟县 | 中牟\n经济技术开发区\n开发区\n牟县\n区区\nABC公司\n😀区\n";
        dict.load("test.txt", EntityType::Organization, lines.as_bytes()).unwrap();
        let index = DictIndex::build(dict).unwrap();
        let lex = crate::lexicon::Lexicons::builtin().unwrap();
        let lexi = LexIndex::build(&lex).unwrap();
        let scan = Scanner::build(&index, &lexi).unwrap();
        let jieba = jieba_rs::Jieba::empty();
        let texts = ["", "中牟县经济技术开发区区区管委会", "a中牟县😀区区区，ABC公司。", "😀😀中牟中牟县县", "区区区区"];
        for t in texts {
            let cx = Context::new(t, &index, &lexi, &scan, &lex, &jieba);
            let chars: Vec<char> = t.chars().collect();
            assert_eq!(cx.chars, chars);
            assert_eq!(cx.bytes, t.char_indices().map(|(b, _)| b as u32).chain([t.len() as u32]).collect::<Vec<_>>());
            let mut want: Vec<(usize, usize, &str)> = index
                .surfaces
                .iter()
                .flat_map(|s| naive_all(&chars, &s.text).into_iter().map(move |(a, b)| (a, b, s.text.as_str())))
                .collect();
            want.sort();
            let mut got: Vec<(usize, usize, &str)> = cx.dict_hits.iter().map(|h| (h.start, h.end, index.surfaces[h.surface].text.as_str())).collect();
            assert!(got.windows(2).all(|w| w[0].1 <= w[1].1), "{t}: dictionary hits by end");
            got.sort();
            assert_eq!(got, want, "{t}");
            // Lexicon hits: each is its word, at the place the text spells it.
            assert!(cx.lex_hits.windows(2).all(|w| w[0].end <= w[1].end), "{t}: lexicon hits by end");
            for h in &cx.lex_hits {
                assert_eq!(cx.slice(h.start, h.end), cx.lex_word(h), "{t}");
            }
        }
    }

    #[test]
    fn occurrences_are_the_char_scan() {
        let texts = ["", "区区区区区", "中牟县现代服务业开发区和经济技术开发区", "a区b区区c", "😀区😀区区", "开发开发区发区"];
        let pats = ["区", "区区", "开发区", "发区", "😀区", "x", "经济技术开发区"];
        for t in texts {
            let chars: Vec<char> = t.chars().collect();
            for p in pats {
                assert_eq!(crate::text::places::Places::of(&chars).occurrences(&chars, p), naive(&chars, p), "{t} / {p}");
            }
        }
    }
}
