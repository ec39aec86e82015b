//! What every rule sees: the text as chars, one automaton scan for the dictionaries and one
//! for the lexicons, and jieba-rs tags on demand.

use crate::dict::{Dictionary, Entry};
use crate::error::{Error, Result};
use crate::lexicon::Lexicons;
use crate::model::EntityType;
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::collections::HashMap;
use std::sync::OnceLock;

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

/// A dictionary surface form (canonical name or alias) and the entries it names.
#[derive(Clone, Debug)]
pub struct Surface {
    pub text: String,
    pub entries: Vec<usize>,
    pub chars: usize,
}

/// The dictionaries and lexicons compiled into automata.
pub struct DictIndex {
    pub dict: Dictionary,
    pub surfaces: Vec<Surface>,
    ac: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// Lexicon words and every kind each is (工程 is a program head and a project head).
    lex_words: Vec<(String, Vec<LexKind>)>,
    lex_ac: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// District entries by division code.
    pub by_code: HashMap<String, usize>,
    /// Entries by (type, canonical).
    pub by_name: HashMap<(EntityType, String), Vec<usize>>,
}

impl std::fmt::Debug for DictIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DictIndex({} entries, {} surfaces)", self.dict.entries.len(), self.surfaces.len())
    }
}

impl DictIndex {
    pub fn build(dict: Dictionary, lex: &Lexicons) -> Result<DictIndex> {
        let mut surface_idx: HashMap<String, usize> = HashMap::new();
        let mut surfaces: Vec<Surface> = Vec::new();
        let mut by_code = HashMap::new();
        let mut by_name: HashMap<(EntityType, String), Vec<usize>> = HashMap::new();
        for (i, e) in dict.entries.iter().enumerate() {
            by_name.entry((e.ty, e.canonical.clone())).or_default().push(i);
            if let Some(code) = e.attr("code") {
                by_code.entry(code.to_string()).or_insert(i);
            }
            for s in std::iter::once(&e.canonical).chain(e.aliases.iter()) {
                if s.chars().count() < 2 {
                    continue;
                }
                let k = *surface_idx.entry(s.clone()).or_insert_with(|| {
                    surfaces.push(Surface { text: s.clone(), entries: Vec::new(), chars: s.chars().count() });
                    surfaces.len() - 1
                });
                if !surfaces[k].entries.contains(&i) {
                    surfaces[k].entries.push(i);
                }
            }
        }
        let ac = if surfaces.is_empty() {
            None
        } else {
            Some(
                CharwiseDoubleArrayAhoCorasick::with_values(
                    surfaces.iter().enumerate().map(|(i, s)| (s.text.as_str(), i as u32)),
                )
                .map_err(|e| Error::Automaton(e.to_string()))?,
            )
        };

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
        let mut lex_words: Vec<(String, Vec<LexKind>)> = lex_map.into_iter().collect();
        lex_words.sort();
        let lex_ac = if lex_words.is_empty() {
            None
        } else {
            Some(
                CharwiseDoubleArrayAhoCorasick::with_values(
                    lex_words.iter().enumerate().map(|(i, (w, _))| (w.as_str(), i as u32)),
                )
                .map_err(|e| Error::Automaton(e.to_string()))?,
            )
        };
        Ok(DictIndex { dict, surfaces, ac, lex_words, lex_ac, by_code, by_name })
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.dict.entries[i]
    }

    /// The district entry whose code is the parent of `e`.
    pub fn parent(&self, e: &Entry) -> Option<&Entry> {
        e.attr("parent").and_then(|p| self.by_code.get(p)).map(|&i| &self.dict.entries[i])
    }

    /// Whether some entry of type `ty` has `name` as canonical name.
    pub fn has(&self, ty: EntityType, name: &str) -> bool {
        self.by_name.contains_key(&(ty, name.to_string()))
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub tag: String,
}

/// The shared view of one text that rules work on.
pub struct Context<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    /// Byte offset of each char, plus the text length at the end.
    pub bytes: Vec<usize>,
    pub index: &'a DictIndex,
    pub lex: &'a Lexicons,
    pub dict_hits: Vec<DictHit>,
    pub lex_hits: Vec<LexHit>,
    /// Indices into `dict_hits` by end char, and into `lex_hits` by start and by end.
    dict_by_end: Vec<Vec<u32>>,
    lex_by_start: Vec<Vec<u32>>,
    lex_by_end: Vec<Vec<u32>>,
    jieba: &'a jieba_rs::Jieba,
    toks: OnceLock<Vec<Tok>>,
}

impl<'a> Context<'a> {
    pub fn new(text: &'a str, index: &'a DictIndex, lex: &'a Lexicons, jieba: &'a jieba_rs::Jieba) -> Self {
        let mut chars = Vec::with_capacity(text.len() / 3);
        let mut bytes = Vec::with_capacity(text.len() / 3 + 1);
        let mut char_at_byte = vec![usize::MAX; text.len() + 1];
        for (i, (b, c)) in text.char_indices().enumerate() {
            chars.push(c);
            bytes.push(b);
            char_at_byte[b] = i;
        }
        bytes.push(text.len());
        char_at_byte[text.len()] = chars.len();
        let to_char = |b: usize| char_at_byte[b];
        let dict_hits = match &index.ac {
            Some(ac) => ac
                .find_overlapping_iter(text)
                .map(|m| DictHit { start: to_char(m.start()), end: to_char(m.end()), surface: m.value() as usize })
                .collect(),
            None => Vec::new(),
        };
        let lex_hits = match &index.lex_ac {
            Some(ac) => ac
                .find_overlapping_iter(text)
                .flat_map(|m| {
                    let w = m.value() as usize;
                    let (start, end) = (to_char(m.start()), to_char(m.end()));
                    index.lex_words[w].1.iter().map(move |&kind| LexHit { start, end, kind, word: w })
                })
                .collect(),
            None => Vec::new(),
        };
        let n = chars.len();
        let mut dict_by_end = vec![Vec::new(); n + 1];
        for (k, h) in dict_hits.iter().enumerate() {
            dict_by_end[h.end].push(k as u32);
        }
        let mut lex_by_start = vec![Vec::new(); n + 1];
        let mut lex_by_end = vec![Vec::new(); n + 1];
        for (k, h) in lex_hits.iter().enumerate() {
            lex_by_start[h.start].push(k as u32);
            lex_by_end[h.end].push(k as u32);
        }
        Context {
            text,
            chars,
            bytes,
            index,
            lex,
            dict_hits,
            lex_hits,
            dict_by_end,
            lex_by_start,
            lex_by_end,
            jieba,
            toks: OnceLock::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Char positions where `pat` occurs, left to right, not overlapping.
    pub fn occurrences(&self, pat: &str) -> Vec<usize> {
        let pat: Vec<char> = pat.chars().collect();
        let n = pat.len();
        let mut out = Vec::new();
        let mut i = 0;
        while n > 0 && i + n <= self.len() {
            if self.chars[i..i + n] == pat[..] {
                out.push(i);
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The text of a char range.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.bytes[start]..self.bytes[end]]
    }

    pub fn lex_word(&self, h: &LexHit) -> &str {
        &self.index.lex_words[h.word].0
    }

    /// Lexicon hits of `kind` ending exactly at `end`, longest first.
    pub fn lex_ending_at(&self, end: usize, kinds: &[LexKind]) -> Vec<&LexHit> {
        let Some(ks) = self.lex_by_end.get(end) else { return Vec::new() };
        let mut v: Vec<&LexHit> =
            ks.iter().map(|&k| &self.lex_hits[k as usize]).filter(|h| kinds.contains(&h.kind)).collect();
        v.sort_by_key(|h| h.start);
        v
    }

    /// Lexicon hits of `kind` starting exactly at `start`, longest first.
    pub fn lex_starting_at(&self, start: usize, kinds: &[LexKind]) -> Vec<&LexHit> {
        let Some(ks) = self.lex_by_start.get(start) else { return Vec::new() };
        let mut v: Vec<&LexHit> =
            ks.iter().map(|&k| &self.lex_hits[k as usize]).filter(|h| kinds.contains(&h.kind)).collect();
        v.sort_by(|a, b| b.end.cmp(&a.end));
        v
    }

    /// Dictionary hits (of any type) ending exactly at `end`, longest first.
    pub fn dict_ending_at(&self, end: usize) -> Vec<&DictHit> {
        let Some(ks) = self.dict_by_end.get(end) else { return Vec::new() };
        let mut v: Vec<&DictHit> = ks.iter().map(|&k| &self.dict_hits[k as usize]).collect();
        v.sort_by_key(|h| h.start);
        v
    }

    pub fn surface(&self, h: &DictHit) -> &Surface {
        &self.index.surfaces[h.surface]
    }

    /// The entries a dictionary hit names, restricted to `ty`.
    pub fn hit_entries(&self, h: &DictHit, ty: EntityType) -> Vec<&Entry> {
        self.surface(h).entries.iter().map(|&i| self.index.entry(i)).filter(|e| e.ty == ty).collect()
    }

    /// jieba-rs tokens with POS tags, computed once per text on first use.
    pub fn tokens(&self) -> &[Tok] {
        self.toks.get_or_init(|| {
            let mut pos = 0;
            self.jieba
                .tag(self.text, true)
                .into_iter()
                .map(|t| {
                    let n = t.word.chars().count();
                    let tok = Tok { start: pos, end: pos + n, tag: t.tag.to_string() };
                    pos += n;
                    tok
                })
                .collect()
        })
    }

    /// The tokens lying wholly inside `start..end`.
    pub fn tokens_in(&self, start: usize, end: usize) -> &[Tok] {
        let toks = self.tokens();
        let a = toks.partition_point(|t| t.start < start);
        let b = toks.partition_point(|t| t.end <= end).max(a);
        &toks[a..b]
    }

    /// A two-char division hit that is more likely a conjunction and a relative level
    /// char: 和县 in 中心和县人民医院 (jieba too reads it as the county).
    pub fn conjunction_division(&self, h: &DictHit) -> bool {
        h.end - h.start == 2
            && "和与及同向对在".contains(self.chars[h.start])
            && h.start > 0
            && crate::normalize::is_han(self.chars[h.start - 1])
    }

    /// Is there a jieba word boundary at char `i`?
    pub fn boundary(&self, i: usize) -> bool {
        if i == 0 || i >= self.len() {
            return true;
        }
        let toks = self.tokens();
        toks.binary_search_by(|t| t.start.cmp(&i)).is_ok()
    }

    /// The token containing char `i`.
    pub fn token_at(&self, i: usize) -> Option<&Tok> {
        let toks = self.tokens();
        let k = toks.partition_point(|t| t.end <= i);
        toks.get(k).filter(|t| t.start <= i)
    }
}
