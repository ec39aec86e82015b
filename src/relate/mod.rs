//! Stage 6: relations read from sentences (who visited, met, signed with, helped whom …).
//!
//! After [`crate::resolve`] has named every mention, a sentence with a trigger word
//! (`dictionaries/lexicon/relations.txt`) is handed to the rule of that trigger's relation
//! (one file each under `rules/`), which picks the subjects and objects among the
//! sentence's entities by their types, their side of the trigger and a few cue words
//! (一行, 陪同, 与, 为, 由, 要求). The subject of a sentence that names none may be the
//! delegation an earlier sentence of the same paragraph introduced (…一行先后来到…).
//! DESIGN.md tells the traps each rule avoids.

pub mod rules;

use crate::lexicon::Lexicons;
use crate::model::{ArticleRecord, EntityType, RelationKind, RelationRecord};
use rules::Carry;
use std::collections::{BTreeMap, BTreeSet};

/// Builds a [`Relater`] from the relation lexicon.
#[derive(Clone, Debug, Default)]
pub struct RelaterBuilder {
    kinds: Option<Vec<RelationKind>>,
}

impl RelaterBuilder {
    pub fn new() -> RelaterBuilder {
        RelaterBuilder::default()
    }

    /// Only these relations (all by default).
    pub fn kinds(mut self, kinds: &[RelationKind]) -> RelaterBuilder {
        self.kinds = Some(kinds.to_vec());
        self
    }

    pub fn build(self, lex: &Lexicons) -> Relater {
        let words = |section: &str| -> Vec<Vec<char>> {
            let mut w: Vec<Vec<char>> =
                lex.relations.items(|s| s == section).flatten().map(|w| w.chars().collect()).collect();
            w.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            w
        };
        let kinds = self.kinds.unwrap_or_else(|| RelationKind::ALL.to_vec());
        let mut triggers = Vec::new();
        for k in &kinds {
            for w in words(&k.as_str().replace('_', "-")) {
                triggers.push((w, *k));
            }
        }
        triggers.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let cues = Cues {
            delegation: words("delegation"),
            accompany: words("accompany"),
            arrival: words("arrival"),
            together: words("together"),
            speech: words("speech"),
            beneficiary: words("beneficiary"),
            passive: words("passive"),
            weak: words("weak"),
        };
        let mut by_first: rustc_hash::FxHashMap<char, Vec<usize>> = Default::default();
        for (k, (w, _)) in triggers.iter().enumerate() {
            if let Some(&c) = w.first() {
                by_first.entry(c).or_default().push(k);
            }
        }
        Relater {
            first_chars: triggers.iter().filter_map(|(w, _)| w.first().copied()).collect(),
            by_first,
            triggers,
            cue_index: CueIndex::new(&cues),
            cues,
            rules: rules::chain(&kinds),
        }
    }
}

/// A list of cue words that rules search sentences for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    Delegation,
    Arrival,
    Accompany,
    Together,
    Speech,
    Beneficiary,
    Passive,
}

impl Cue {
    const COUNT: usize = 7;
    const ALL: [Cue; Cue::COUNT] =
        [Cue::Delegation, Cue::Arrival, Cue::Accompany, Cue::Together, Cue::Speech, Cue::Beneficiary, Cue::Passive];
}

/// The words of every cue list by their first char, to find them all in one pass.
#[derive(Clone, Debug)]
struct CueIndex {
    first: crate::text::CharSet,
    /// Each first char's words: (list, index in the list), in list order.
    by_first: rustc_hash::FxHashMap<char, Vec<(Cue, u32)>>,
}

impl CueIndex {
    fn new(cues: &Cues) -> CueIndex {
        let mut by_first: rustc_hash::FxHashMap<char, Vec<(Cue, u32)>> = Default::default();
        for cue in Cue::ALL {
            for (k, w) in cues.words(cue).iter().enumerate() {
                if let Some(&c) = w.first() {
                    by_first.entry(c).or_default().push((cue, k as u32));
                }
            }
        }
        CueIndex { first: by_first.keys().copied().collect(), by_first }
    }
}

/// The cue words around triggers, longest first.
#[derive(Clone, Debug, Default)]
pub struct Cues {
    /// 一行, 带队: the officials before it are a visiting party.
    pub delegation: Vec<Vec<char>>,
    /// 到, 赴: a delegation goes to the place after it.
    pub arrival: Vec<Vec<char>>,
    /// 陪同: the officials right before it accompany, they do not visit.
    pub accompany: Vec<Vec<char>>,
    /// 与, 同, 和: what follows is the other side (A与B座谈).
    pub together: Vec<Vec<char>>,
    /// 要求, 强调: what follows is said, not done.
    pub speech: Vec<Vec<char>>,
    /// 为, 帮: what follows is who is helped.
    pub beneficiary: Vec<Vec<char>>,
    /// 由: the passive agent follows.
    pub passive: Vec<Vec<char>>,
    /// Triggers that are as often nouns (建设, 服务): they do not end another act.
    pub weak: Vec<Vec<char>>,
}

impl Cues {
    pub fn words(&self, cue: Cue) -> &[Vec<char>] {
        match cue {
            Cue::Delegation => &self.delegation,
            Cue::Arrival => &self.arrival,
            Cue::Accompany => &self.accompany,
            Cue::Together => &self.together,
            Cue::Speech => &self.speech,
            Cue::Beneficiary => &self.beneficiary,
            Cue::Passive => &self.passive,
        }
    }
}

/// Reads the relations of article records; cheap to clone and share across threads.
#[derive(Clone)]
pub struct Relater {
    triggers: Vec<(Vec<char>, RelationKind)>,
    /// The first chars of the triggers: most chars start none.
    first_chars: crate::text::CharSet,
    /// The triggers starting with each char, in the order of `triggers` (longest first).
    by_first: rustc_hash::FxHashMap<char, Vec<usize>>,
    cues: Cues,
    cue_index: CueIndex,
    rules: Vec<std::sync::Arc<dyn rules::RelationRule>>,
}

/// One entity mention of the article (its id borrowed from the record: an article has
/// dozens of mentions, and only the ids a relation names are copied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ent<'a> {
    pub id: &'a str,
    pub ty: EntityType,
    pub start: usize,
    pub end: usize,
    /// Part of an official's title (区委 of 区委书记A), worked out once per article
    /// ([`Cx::titled`]).
    pub titled: bool,
}

/// A trigger word found in the text (the chars `start..end`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub kind: RelationKind,
    pub start: usize,
    pub end: usize,
}

/// A sentence: its char range and the start of its paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// What the rules see of one article.
pub struct Cx<'a> {
    pub chars: Vec<char>,
    /// Whether a mention covers each char.
    pub covered: Vec<bool>,
    /// Mentions by start (journalists left out: a byline acts on nothing).
    pub ents: Vec<Ent<'a>>,
    /// Triggers, by start.
    pub triggers: Vec<Trigger>,
    pub cues: &'a Cues,
    cue_index: &'a CueIndex,
    /// Where the words of each cue list are written, found in one pass on the first
    /// search (an article with no trigger never searches): rules ask for the same list
    /// once per trigger (the speech words after each act).
    cue_hits: std::sync::OnceLock<[Vec<CueHit>; Cue::COUNT]>,
}

/// A cue word written at a char (outside mentions): its position and its index in its
/// list. Sorted by both, a search's answer is the first that fits.
type CueHit = (u32, u32);

/// The subjects and objects a rule found for one trigger.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub subjects: Vec<String>,
    pub objects: Vec<String>,
}

impl Cx<'_> {
    /// The mentions of the given types that start in `from..to`.
    pub fn ents(&self, from: usize, to: usize, types: &[EntityType]) -> Vec<&Ent<'_>> {
        self.ents_in(from, to, types).collect()
    }

    /// [`Cx::ents`] as they are met, for callers that filter them further.
    fn ents_in<'s: 't, 't>(&'s self, from: usize, to: usize, types: &'t [EntityType]) -> impl Iterator<Item = &'s Ent<'s>> + 't {
        self.starting_from(from).iter().take_while(move |e| e.start < to).filter(move |e| e.end <= to && types.contains(&e.ty))
    }

    /// The triggers that start at `from` or later (they are sorted by start).
    fn triggers_from(&self, from: usize) -> &[Trigger] {
        &self.triggers[self.triggers.partition_point(|t| t.start < from)..]
    }

    /// The mentions that start at `from` or later (they are sorted by start).
    fn starting_from(&self, from: usize) -> &[Ent<'_>] {
        &self.ents[self.ents.partition_point(|e| e.start < from)..]
    }

    /// The actors and places among the mentions of the given types in `from..to`: those
    /// that are part of an official's title (区委书记A: 区委 is his, not an actor) are left
    /// out, and of a chain of divisions (河南省开封市鼓楼区) only the last is kept.
    pub fn named(&self, from: usize, to: usize, types: &[EntityType]) -> Vec<&Ent<'_>> {
        self.ents_in(from, to, types)
            .filter(|e| !e.titled)
            .filter(|e| {
                !(e.ty == EntityType::District
                    && self.starting_from(e.end).iter().take_while(|n| n.start == e.end).any(|n| n.ty == EntityType::District))
            })
            .collect()
    }

    /// Like [`Cx::named`], keeping every division of a chain: a visit to 曲梁镇方楼村 is a
    /// visit to both.
    pub fn places(&self, from: usize, to: usize, types: &[EntityType]) -> Vec<&Ent<'_>> {
        self.ents(from, to, types).into_iter().filter(|e| !e.titled).collect()
    }

    /// Whether an organization or district is written as part of an official's title: an
    /// official follows it within a few chars, with no punctuation between. Read through
    /// [`Ent::titled`], set once per article.
    fn titled(&self, e: &Ent) -> bool {
        if !matches!(e.ty, EntityType::Organization | EntityType::District) {
            return false;
        }
        let Some(o) = self.starting_from(e.end).iter().find(|o| o.ty == EntityType::Official) else { return false };
        if o.start - e.end > 24 {
            return false;
        }
        // An organ's other name in brackets may stand between (执法局（城市管理局）局长A).
        let mut depth = 0usize;
        let gap: Vec<char> = self.chars[e.end..o.start]
            .iter()
            .copied()
            .filter(|&c| {
                match c {
                    '（' | '(' => depth += 1,
                    '）' | ')' => depth = depth.saturating_sub(1),
                    _ => return depth == 0,
                }
                false
            })
            .collect();
        gap.len() <= 10
            && gap.iter().all(|c| crate::text::is_han(*c) && !matches!(c, '、' | '和' | '与' | '及'))
            && !self.triggers_from(e.end).iter().take_while(|t| t.start < o.start).any(|t| t.end <= o.start)
            && !self.starting_from(e.end).iter().take_while(|n| n.start < o.start).any(|n| n.end <= o.start && n.ty != EntityType::Official)
    }

    /// Whether the trigger is what someone joins (参加调研, 陪同视察): the sentence says who
    /// took part, not what was visited.
    pub fn joined(&self, t: &Trigger) -> bool {
        matches!(self.chars[t.start.saturating_sub(2)..t.start], ['参', '加'] | ['陪', '同'] | ['参', '与'] | ['一', '同'] | ['一', '起'])
    }

    /// Where the act of trigger `t` starts: after the previous trigger of its sentence
    /// of the same relation (区长A到B调研，副区长C到D调研: the second visit is C's), else at
    /// the sentence start.
    pub fn act_start(&self, t: &Trigger, sentence: &Sentence) -> usize {
        self.triggers_from(sentence.start)
            .iter()
            .take_while(|u| u.start < t.start)
            .filter(|u| u.end <= t.start && u.kind == t.kind)
            .map(|u| u.end)
            .max()
            .unwrap_or(sentence.start)
    }

    /// The first actor of `actors` and those listed with it (二七区工信局、二七经开区坚持…;
    /// 区委、区政府实施…): the sentence's subject, not the organs named later in it (市委
    /// 深入贯彻中央、省委部署: 市委 acts, 省委 does not).
    pub fn cluster<'b>(&self, actors: &[&'b Ent<'b>]) -> Vec<&'b Ent<'b>> {
        let mut out: Vec<&Ent> = Vec::new();
        for e in actors {
            match out.last() {
                None => out.push(e),
                Some(last) => {
                    let gap = &self.chars[last.end.min(e.start)..e.start];
                    if gap.iter().all(|c| matches!(c, '、' | '和' | '与' | '及' | '，')) && gap.len() <= 2 && !gap.contains(&'，') {
                        out.push(e);
                    } else {
                        break;
                    }
                }
            }
        }
        out
    }

    /// Whether a mention covers char `i`.
    pub fn in_entity(&self, i: usize) -> bool {
        self.covered.get(i).copied().unwrap_or(false)
    }

    /// The first position in `from..to`, outside mentions, where a word of the cue list is
    /// written (wholly inside the range). At the same position the word listed first wins.
    pub fn find(&self, cue: Cue, from: usize, to: usize) -> Option<(usize, usize)> {
        self.cue_places(cue, from, to).next()
    }

    /// The last such position (on a tie, the word listed first).
    pub fn rfind(&self, cue: Cue, from: usize, to: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (at, end) in self.cue_places(cue, from, to) {
            if best.is_none_or(|(b, _)| at > b) {
                best = Some((at, end));
            }
        }
        best
    }

    /// The cue's words written wholly inside `from..to`, as (start, end), by start and at
    /// one start in list order.
    fn cue_places(&self, cue: Cue, from: usize, to: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let words = self.cues.words(cue);
        let hits = &self.cue_hits.get_or_init(|| self.find_cues())[cue as usize];
        let lo = hits.partition_point(|h| (h.0 as usize) < from);
        hits[lo..]
            .iter()
            .take_while(move |h| (h.0 as usize) < to)
            .map(move |&(at, k)| (at as usize, at as usize + words[k as usize].len()))
            .filter(move |&(_, end)| end <= to)
    }

    /// Every cue word written in the text, starting outside mentions, by list; each list
    /// by position and at one position in list order.
    fn find_cues(&self) -> [Vec<CueHit>; Cue::COUNT] {
        let mut hits: [Vec<CueHit>; Cue::COUNT] = Default::default();
        for (i, &c) in self.chars.iter().enumerate() {
            if !self.cue_index.first.contains(c) || self.in_entity(i) {
                continue;
            }
            for &(cue, k) in &self.cue_index.by_first[&c] {
                if self.chars[i..].starts_with(&self.cues.words(cue)[k as usize]) {
                    hits[cue as usize].push((i as u32, k));
                }
            }
        }
        hits
    }

    /// The end of the clause that `at` is in (the next ，；：or the sentence end).
    pub fn clause_end(&self, at: usize, sentence: &Sentence) -> usize {
        (at..sentence.end).find(|&i| matches!(self.chars[i], '，' | ',' | '；' | '：') && !self.in_entity(i)).unwrap_or(sentence.end)
    }

    /// The start of the clause that `at` is in.
    pub fn clause_start(&self, at: usize, sentence: &Sentence) -> usize {
        (sentence.start..at)
            .rev()
            .find(|&i| matches!(self.chars[i], '，' | ',' | '；' | '：') && !self.in_entity(i))
            .map_or(sentence.start, |i| i + 1)
    }

    /// Where the objects of a trigger stop: at the next trigger of another relation or the
    /// next speech word (…调研，要求企业… : what is asked is not what is visited).
    pub fn act_end(&self, t: &Trigger, sentence: &Sentence) -> usize {
        let weak = |u: &Trigger| {
            let word = &self.chars[u.start..u.end];
            self.cues.weak.iter().any(|w| w.first() == word.first() && word == &w[..])
        };
        let next_other = self
            .triggers_from(t.end)
            .iter()
            .take_while(|u| u.start < sentence.end)
            .find(|u| u.kind != t.kind && !weak(u))
            .map(|u| u.start);
        let speech = self.find(Cue::Speech, t.end, sentence.end).map(|s| s.0);
        [next_other, speech].into_iter().flatten().min().unwrap_or(sentence.end)
    }

    /// Whether the official `e` is one of those written right before 陪同 (区长A、B陪同):
    /// they accompany the visit, they do not make it.
    pub fn accompanies(&self, e: &Ent, to: usize) -> bool {
        let Some((at, _)) = self.find(Cue::Accompany, e.end, to) else { return false };
        // Between the name and 陪同 only other names, list marks and 等/同志.
        let mut i = e.end;
        while i < at {
            if let Some(n) = self.ents.iter().find(|x| x.start == i) {
                i = n.end;
            } else if matches!(self.chars[i], '、' | '等' | '和' | '及' | '同' | '志') {
                i += 1;
            } else {
                return false;
            }
        }
        true
    }

    /// The visiting party an earlier sentence of the paragraph introduced: the officials
    /// right before its 一行/带队, else none.
    pub fn party(&self, sentence: &Sentence) -> Vec<&Ent<'_>> {
        let mut from = sentence.paragraph;
        let mut last = Vec::new();
        while let Some((at, _)) = self.find(Cue::Delegation, from, sentence.start) {
            let start = self.clause_start(at, &Sentence { start: sentence.paragraph, end: at, paragraph: sentence.paragraph });
            let before: Vec<&Ent> =
                self.ents(start, at, &[EntityType::Official]).into_iter().filter(|e| !self.accompanies(e, at)).collect();
            if !before.is_empty() {
                last = before;
            }
            from = at + 1;
        }
        last
    }
}

impl Relater {
    /// The relations the article's sentences state, in text order, each (kind, subject,
    /// object, sentence) once.
    pub fn relate(&self, record: &ArticleRecord) -> Vec<RelationRecord> {
        self.relate_chars(record, crate::text::chars_of(&record.text))
    }

    /// [`relate`](Self::relate), given the record's text as chars.
    pub fn relate_chars(&self, record: &ArticleRecord, chars: Vec<char>) -> Vec<RelationRecord> {
        debug_assert!(chars.iter().copied().eq(record.text.chars()), "the chars are the record's text");
        let mut ents: Vec<Ent> = record
            .entities
            .iter()
            .filter(|e| e.ty != EntityType::Journalist)
            .flat_map(|e| e.spans.iter().map(move |s| Ent { id: &e.id, ty: e.ty, start: s[0], end: s[1], titled: false }))
            .filter(|e| e.end <= chars.len() && e.start < e.end)
            .collect();
        ents.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
        let mut covered = vec![false; chars.len()];
        for e in &ents {
            covered[e.start..e.end].iter_mut().for_each(|c| *c = true);
        }
        let mut cx = Cx { chars, covered, ents, triggers: Vec::new(), cues: &self.cues, cue_index: &self.cue_index, cue_hits: std::sync::OnceLock::new() };
        cx.triggers = self.triggers_in(&cx);
        let titled: Vec<bool> = cx.ents.iter().map(|e| cx.titled(e)).collect();
        cx.ents.iter_mut().zip(titled).for_each(|(e, t)| e.titled = t);
        let mut out = Vec::new();
        let mut seen = Seen::new();
        // The last subjects of each relation, with the paragraph they were found in.
        let mut last: BTreeMap<RelationKind, (usize, Vec<String>)> = BTreeMap::new();
        // Triggers come in order and do not overlap: each sentence's are the next ones.
        let mut next = 0;
        for s in sentences(&cx.chars) {
            next += cx.triggers[next..].partition_point(|t| t.start < s.start);
            let upto = next + cx.triggers[next..].partition_point(|t| t.end <= s.end);
            let triggers = &cx.triggers[next..upto];
            if triggers.is_empty() {
                for rule in &self.rules {
                    let found = rule.untriggered(&cx, &s, &out);
                    push(&mut out, &mut seen, rule.kind(), &found, &['在'], &s);
                }
            }
            for t in triggers {
                for rule in self.rules.iter().filter(|r| r.kind() == t.kind) {
                    let mut found = rule.relate(&cx, &s, t);
                    if found.subjects.is_empty() && !found.objects.is_empty() {
                        found.subjects = match (rule.carries(), last.get(&t.kind)) {
                            (Carry::Paragraph, Some((p, subjects))) if *p == s.paragraph => subjects.clone(),
                            _ => Vec::new(),
                        };
                    } else if !found.subjects.is_empty() {
                        last.insert(t.kind, (s.paragraph, found.subjects.clone()));
                    }
                    push(&mut out, &mut seen, t.kind, &found, &cx.chars[t.start..t.end], &s);
                }
            }
        }
        out
    }

    /// Every trigger outside a mention, longest first at each char.
    fn triggers_in(&self, cx: &Cx) -> Vec<Trigger> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < cx.chars.len() {
            if !cx.in_entity(i)
                && self.first_chars.contains(cx.chars[i])
                && let Some((w, k)) = self.by_first.get(&cx.chars[i]).into_iter().flatten().map(|&k| &self.triggers[k]).find(|(w, _)| {
                    i + w.len() <= cx.chars.len()
                        && cx.chars[i..i + w.len()] == w[..]
                        && !(i..i + w.len()).any(|j| cx.in_entity(j))
                })
            {
                // 调研员, 检查组: a title or a group, not the act.
                if !matches!(cx.chars.get(i + w.len()), Some('员')) {
                    out.push(Trigger { kind: *k, start: i, end: i + w.len() });
                }
                i += w.len();
                continue;
            }
            i += 1;
        }
        out
    }
}

/// The set of (kind, subject, object, sentence start) already recorded.
type Seen = BTreeSet<(RelationKind, String, String, usize)>;

/// Records what a rule found in sentence `s`: each subject with each other object, once
/// per (kind, subject, object, sentence).
fn push(out: &mut Vec<RelationRecord>, seen: &mut Seen, kind: RelationKind, found: &Found, trigger: &[char], s: &Sentence) {
    for subject in &found.subjects {
        for object in found.objects.iter().filter(|o| *o != subject) {
            if seen.insert((kind, subject.clone(), object.clone(), s.start)) {
                out.push(RelationRecord {
                    kind,
                    subject: subject.clone(),
                    object: object.clone(),
                    trigger: trigger.iter().collect(),
                    sentence: [s.start, s.end],
                });
            }
        }
    }
}

/// The sentences of a text (ending at 。！？； or a line end), each with its paragraph's
/// start.
pub fn sentences(chars: &[char]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let (mut start, mut paragraph) = (0, 0);
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '。' | '！' | '？' | '；' | '\n') {
            if i + 1 > start {
                out.push(Sentence { start, end: i + 1, paragraph });
            }
            start = i + 1;
            if *c == '\n' {
                paragraph = start;
            }
        }
    }
    if start < chars.len() {
        out.push(Sentence { start, end: chars.len(), paragraph });
    }
    out
}

/// The ids of `ents`, each once, in order.
pub fn ids(ents: &[&Ent]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in ents {
        if !out.iter().any(|o| o == e.id) {
            out.push(e.id.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search that cue lookups replaced: for each word in list order, its first (or
    /// last) place in `from..to` outside mentions; the earliest (latest) of them, a tie
    /// going to the word listed first.
    fn naive(cx: &Cx, words: &[Vec<char>], from: usize, to: usize, last: bool) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for w in words {
            let places = (from..to.min(cx.chars.len()))
                .filter(|&i| i + w.len() <= to && !cx.in_entity(i) && cx.chars[i..].starts_with(w));
            let at = if last { places.last() } else { places.min() };
            if let Some(at) = at
                && best.is_none_or(|(b, _)| if last { at > b } else { at < b })
            {
                best = Some((at, at + w.len()));
            }
        }
        best
    }

    #[test]
    fn cue_lookups_are_the_search_for_every_range() {
        let lex = Lexicons::builtin().unwrap();
        let relater = RelaterBuilder::new().build(&lex);
        let text = "市长张三一行到郑州调研，要求企业与高校合作，由李四陪同。他强调，要为企业和群众服务到位。";
        let chars: Vec<char> = text.chars().collect();
        // A mention over 郑州 and one over 与高: cue words starting inside them do not count.
        let mut covered = vec![false; chars.len()];
        for i in [7, 8, 16, 17] {
            covered[i] = true;
        }
        let cx = Cx {
            chars,
            covered,
            ents: Vec::new(),
            triggers: Vec::new(),
            cues: &relater.cues,
            cue_index: &relater.cue_index,
            cue_hits: std::sync::OnceLock::new(),
        };
        let n = cx.chars.len();
        let mut found = 0;
        for cue in Cue::ALL {
            let words = relater.cues.words(cue);
            for from in 0..=n + 1 {
                for to in 0..=n + 2 {
                    let (f, r) = (cx.find(cue, from, to), cx.rfind(cue, from, to));
                    assert_eq!(f, naive(&cx, words, from, to, false), "{cue:?} find {from}..{to}");
                    assert_eq!(r, naive(&cx, words, from, to, true), "{cue:?} rfind {from}..{to}");
                    found += f.is_some() as usize;
                }
            }
        }
        assert!(found > 0, "the text holds cue words");
    }
}
