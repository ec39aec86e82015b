//! `newsgraph eval`: precision, recall and F1 per type against gold annotations.
//!
//! Gold files live in one directory, one file per page named after the page
//! (`000_062ca33ebf5a268a.jsonl`), one line per article in page order:
//! `{"title": "...", "entities": [{"type": "official", "name": "苏建设"}, ...]}`.
//! Entities are compared per article as sets of (type, canonical name); both sides are
//! first mapped through the dictionaries' aliases and the organ lexicon, so that
//! 中原区卫生健康委员会 and 中原区卫健委 count as the same entity.
//!
//! A gold line gives its article's headline either as `"title": "…"` or, for texts that
//! must not be copied into the repository, as `"title_lines": [23, 25]`: 1-based lines of
//! the input file (`[]` for an article without a headline). Titles are compared without
//! spaces and punctuation. An article the segmenter cut that no gold line matches is an
//! extra article: it counts against the titles, and its entities are false positives.

use crate::error::{Error, Result};
use crate::model::{Article, EntityType, Mention, RelationKind};
use crate::pipeline::{DictConfig, Pipeline};
use crate::recognize::Recognizer;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The types the recognition target is measured on.
pub const CORE_TYPES: [EntityType; 6] = [
    EntityType::Official,
    EntityType::Journalist,
    EntityType::District,
    EntityType::Organization,
    EntityType::Company,
    EntityType::Program,
];

#[derive(Debug, Deserialize)]
struct GoldArticle {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    title_lines: Option<Vec<usize>>,
    entities: Vec<GoldEntity>,
}

impl GoldArticle {
    /// The headline, from `title` or from the input file's lines.
    fn headline(&self, page_text: &str) -> String {
        match (&self.title, &self.title_lines) {
            (Some(t), _) => t.clone(),
            (None, Some(lines)) => {
                let all: Vec<&str> = page_text.lines().collect();
                lines.iter().filter_map(|&n| all.get(n.wrapping_sub(1))).copied().collect::<Vec<_>>().join(" ")
            }
            (None, None) => String::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct GoldEntity {
    #[serde(rename = "type")]
    ty: String,
    name: String,
}

/// True/false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    /// Adds another count to this one (per-kind totals over several gold sets).
    pub fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// One error, for `--verbose`.
#[derive(Clone, Debug)]
pub struct Miss {
    pub article: String,
    pub ty: EntityType,
    pub name: String,
    pub false_positive: bool,
}

/// The scores of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub by_type: BTreeMap<EntityType, Counts>,
    pub misses: Vec<Miss>,
    pub articles: usize,
    pub unmatched_articles: Vec<String>,
    /// Gold articles whose headline the segmenter got right (an empty one included).
    pub titles_right: usize,
    /// Articles the segmenter cut that no gold line matches (navigation taken for a story,
    /// a story split in two), as `page#n title`.
    pub extra_articles: Vec<String>,
    /// Gold articles whose title came out wrong: `page#n: want | got`.
    pub wrong_titles: Vec<String>,
    /// Relations by kind, when a relation gold was given.
    pub relations: BTreeMap<RelationKind, Counts>,
    /// Relation errors: `FP|FN kind subject object article`.
    pub relation_misses: Vec<String>,
}

impl Scores {
    /// Over the core types.
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for t in CORE_TYPES {
            c.add(self.by_type.get(&t).copied().unwrap_or_default());
        }
        c
    }

    pub fn table(&self, verbose: bool) -> String {
        let mut s = format!("{:<14}{:>6}{:>6}{:>6}{:>9}{:>9}{:>9}\n", "type", "tp", "fp", "fn", "P", "R", "F1");
        let row = |name: &str, c: &Counts| {
            format!(
                "{:<14}{:>6}{:>6}{:>6}{:>9.3}{:>9.3}{:>9.3}\n",
                name,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            )
        };
        for (t, c) in &self.by_type {
            s.push_str(&row(t.as_str(), c));
        }
        s.push_str(&row("overall(core)", &self.overall()));
        s.push_str(&format!(
            "titles: {} of {} right ({:.1}%), {} extra article(s)\n",
            self.titles_right,
            self.articles,
            100.0 * self.title_accuracy(),
            self.extra_articles.len()
        ));
        if !self.relations.is_empty() {
            s.push_str(&format!("{:<14}{:>6}{:>6}{:>6}{:>9}{:>9}{:>9}\n", "relation", "tp", "fp", "fn", "P", "R", "F1"));
            for (k, c) in &self.relations {
                s.push_str(&row(k.as_str(), c));
            }
            let mut all = Counts::default();
            self.relations.values().for_each(|c| all.add(*c));
            s.push_str(&row("overall", &all));
        }
        if !self.unmatched_articles.is_empty() {
            s.push_str(&format!("unmatched gold articles: {}\n", self.unmatched_articles.join("; ")));
        }
        if verbose {
            for w in &self.wrong_titles {
                s.push_str(&format!("TITLE {w}\n"));
            }
            for x in &self.extra_articles {
                s.push_str(&format!("EXTRA {x}\n"));
            }
            for m in &self.relation_misses {
                s.push_str(&format!("{m}\n"));
            }
            for m in &self.misses {
                s.push_str(&format!(
                    "{} {:<12} {:<10} {}\n",
                    if m.false_positive { "FP" } else { "FN" },
                    m.ty.as_str(),
                    m.name,
                    m.article
                ));
            }
        }
        s
    }

    /// Right titles over gold articles plus extra articles: cutting a page into too many
    /// stories costs as much as getting a headline wrong.
    pub fn title_accuracy(&self) -> f64 {
        ratio(self.titles_right, self.articles + self.extra_articles.len())
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut types = serde_json::Map::new();
        for (t, c) in &self.by_type {
            types.insert(t.as_str().into(), counts_json(c));
        }
        let mut v = serde_json::json!({
            "types": types,
            "overall": counts_json(&self.overall()),
            "articles": self.articles,
            "titles": { "right": self.titles_right, "extra_articles": self.extra_articles.len(), "accuracy": self.title_accuracy() },
        });
        if !self.relations.is_empty() {
            v["relations"] = self.relations.iter().map(|(k, c)| (k.as_str().to_string(), counts_json(c))).collect::<serde_json::Map<_, _>>().into();
        }
        v
    }
}

fn counts_json(c: &Counts) -> serde_json::Value {
    serde_json::json!({ "tp": c.tp, "fp": c.fp, "fn": c.fn_, "precision": c.precision(), "recall": c.recall(), "f1": c.f1() })
}

/// Maps a name to the form entities are compared in: dictionary aliases to their
/// canonical name, full organ names to the lexicon's canonical organ.
pub fn comparable(rec: &Recognizer, ty: EntityType, name: &str) -> String {
    // Gold written from raw pages keeps ASCII parentheses; names are normalized to full width.
    let owned = name.replace('(', "（").replace(')', "）");
    let name = owned.as_str();
    let index = &rec.index;
    if let Some(s) = index.surfaces.iter().find(|s| s.text == name)
        && let Some(e) = s.entries.iter().map(|&i| index.entry(i)).find(|e| e.ty == ty) {
            return e.canonical.clone();
        }
    if ty == EntityType::Organization {
        let mut best: Option<(&String, &String)> = None;
        for (variant, canon) in rec.lex.organs.iter().chain(rec.lex.party_departments.iter()) {
            if name.ends_with(variant.as_str()) && best.is_none_or(|b| variant.chars().count() > b.0.chars().count()) {
                best = Some((variant, canon));
            }
        }
        if let Some((v, c)) = best {
            return format!("{}{}", &name[..name.len() - v.len()], c);
        }
    }
    name.to_string()
}

/// A headline as compared: letters and digits only (full-width forms folded), so that
/// the raw line and the normalized title agree.
fn normalize_title(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|&c| crate::text::is_alnum(c))
        .collect()
}

/// Runs the pipeline over `inputs` and scores it against the gold files in `gold_dir`.
pub fn evaluate(gold_dir: &Path, inputs: &[PathBuf], dicts: &DictConfig) -> Result<Scores> {
    evaluate_with(gold_dir, None, inputs, dicts)
}

/// One relation line of a relation gold file: the lines follow the entity gold's lines.
#[derive(Debug, Deserialize)]
struct GoldRelations {
    relations: Vec<GoldRelation>,
}

#[derive(Debug, Deserialize)]
struct GoldRelation {
    kind: String,
    subject: String,
    object: String,
}

/// As [`evaluate`], and the relations against `relations_dir` (files named as the entity
/// gold's, one line per gold article in the same order: `{"relations": [{"kind",
/// "subject", "object"}]}` with `type:name` ids). Ids are compared as entities are
/// (aliases and organ forms mapped); `meets` and `signs` either way round.
pub fn evaluate_with(gold_dir: &Path, relations_dir: Option<&Path>, inputs: &[PathBuf], dicts: &DictConfig) -> Result<Scores> {
    if !gold_dir.is_dir() {
        return Err(Error::io(gold_dir, std::io::Error::new(std::io::ErrorKind::NotFound, "no such gold directory")));
    }
    let pipeline = Pipeline::new(dicts, None)?;
    let ingested = crate::ingest::read_inputs(inputs)?;
    let mut scores = Scores::default();
    let mut scored_pages = 0;
    for page in &ingested.pages {
        let stem = crate::articles::stem_of(&page.source);
        let gold_path = gold_dir.join(format!("{stem}.jsonl"));
        if !gold_path.exists() {
            continue;
        }
        let gold: Vec<GoldArticle> = read_lines(&gold_path)?;
        let relation_gold: Option<Vec<GoldRelations>> = match relations_dir {
            Some(dir) => Some(read_lines(&dir.join(format!("{stem}.jsonl")))?),
            None => None,
        };
        scored_pages += 1;
        let predicted = pipeline.process_page(page);
        let mut used = vec![false; predicted.len()];
        let titles: Vec<String> = gold.iter().map(|g| g.headline(&page.text)).collect();
        // Match by title first (for every gold line), then the rest by position.
        let mut assigned: Vec<Option<usize>> = titles
            .iter()
            .map(|t| {
                let want = normalize_title(t);
                let k = (!want.is_empty())
                    .then(|| predicted.iter().enumerate().position(|(i, (a, _))| !used[i] && normalize_title(&a.title) == want))
                    .flatten();
                if let Some(k) = k {
                    used[k] = true;
                }
                k
            })
            .collect();
        for (gi, slot) in assigned.iter_mut().enumerate() {
            if slot.is_none() {
                let k = (gi..predicted.len()).chain(0..gi.min(predicted.len())).find(|&i| !used[i]);
                if let Some(k) = k {
                    used[k] = true;
                    *slot = Some(k);
                }
            }
        }
        let score = |label: &str, gold_entities: &[GoldEntity], mentions: &[Mention], scores: &mut Scores| {
            let gold_set: BTreeSet<(EntityType, String)> = gold_entities
                .iter()
                .filter_map(|e| EntityType::parse(&e.ty).map(|t| (t, comparable(&pipeline.recognizer, t, &e.name))))
                .collect();
            let pred_set: BTreeSet<(EntityType, String)> =
                mentions.iter().map(|m| (m.ty, comparable(&pipeline.recognizer, m.ty, &m.name))).collect();
            for t in EntityType::ALL {
                let c = scores.by_type.entry(t).or_default();
                for item in gold_set.iter().filter(|i| i.0 == t) {
                    if pred_set.contains(item) {
                        c.tp += 1;
                    } else {
                        c.fn_ += 1;
                        scores.misses.push(Miss { article: label.to_string(), ty: t, name: item.1.clone(), false_positive: false });
                    }
                }
                for item in pred_set.iter().filter(|i| i.0 == t && !gold_set.contains(i)) {
                    c.fp += 1;
                    scores.misses.push(Miss { article: label.to_string(), ty: t, name: item.1.clone(), false_positive: true });
                }
            }
        };
        for (gi, g) in gold.iter().enumerate() {
            let label = format!("{stem}#{} {}", gi + 1, titles[gi]);
            let mentions: &[Mention] = match assigned[gi] {
                Some(k) => {
                    let got = &predicted[k].0.title;
                    if normalize_title(got) == normalize_title(&titles[gi]) {
                        scores.titles_right += 1;
                    } else {
                        scores.wrong_titles.push(format!("{stem}#{}: {} | {}", gi + 1, titles[gi], got));
                    }
                    &predicted[k].1
                }
                None => {
                    scores.unmatched_articles.push(label.clone());
                    &[]
                }
            };
            score(&label, &g.entities, mentions, &mut scores);
            if let Some(rg) = &relation_gold {
                let want = rg.get(gi).map_or(&[][..], |r| &r.relations[..]);
                let got = assigned[gi].map(|k| &predicted[k]);
                score_relations(&pipeline, &label, want, got, &mut scores);
            }
            scores.articles += 1;
        }
        for (k, (a, mentions)) in predicted.iter().enumerate().filter(|(k, _)| !used[*k]) {
            let label = format!("{stem}#extra{} {}", k + 1, a.title);
            scores.extra_articles.push(label.clone());
            score(&label, &[], mentions, &mut scores);
            if relation_gold.is_some() {
                score_relations(&pipeline, &label, &[], Some(&predicted[k]), &mut scores);
            }
        }
    }
    scores.by_type.retain(|_, c| c.tp + c.fp + c.fn_ > 0);
    // A score over nothing would read as perfect: say that nothing was scored instead.
    if scored_pages == 0 {
        let inputs: Vec<String> = inputs.iter().map(|p| crate::ingest::display_path(p)).collect();
        return Err(Error::BadInput(format!(
            "{}: no gold file for any page of {} (gold files are named after the pages: PAGE.jsonl)",
            gold_dir.display(),
            inputs.join(", ")
        )));
    }
    Ok(scores)
}

/// Scores one article's relations: (kind, subject, object) sets, ids made comparable.
fn score_relations(pipeline: &Pipeline, label: &str, want: &[GoldRelation], got: Option<&(Article, Vec<Mention>)>, scores: &mut Scores) {
    let id = |x: &str| -> String {
        match x.split_once(':').and_then(|(t, n)| EntityType::parse(t).map(|t| (t, n))) {
            Some((t, n)) => format!("{}:{}", t.as_str(), comparable(&pipeline.recognizer, t, n)),
            None => x.to_string(),
        }
    };
    let key = |k: RelationKind, a: &str, b: &str| {
        let (a, b) = (id(a), id(b));
        if !k.directed() && b < a { (k, b, a) } else { (k, a, b) }
    };
    let gold: BTreeSet<(RelationKind, String, String)> =
        want.iter().filter_map(|r| RelationKind::parse(&r.kind).map(|k| key(k, &r.subject, &r.object))).collect();
    let predicted: BTreeSet<(RelationKind, String, String)> = match got {
        Some((a, m)) => pipeline.record(a, m).relations.iter().map(|r| key(r.kind, &r.subject, &r.object)).collect(),
        None => BTreeSet::new(),
    };
    for r in &gold {
        let c = scores.relations.entry(r.0).or_default();
        if predicted.contains(r) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
            scores.relation_misses.push(format!("FN {:<10} {} → {}  {label}", r.0.as_str(), r.1, r.2));
        }
    }
    for r in predicted.difference(&gold) {
        scores.relations.entry(r.0).or_default().fp += 1;
        scores.relation_misses.push(format!("FP {:<10} {} → {}  {label}", r.0.as_str(), r.1, r.2));
    }
}

/// The JSON lines of a gold file (blank lines skipped), `file:line` on a bad one.
fn read_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| Error::Gold { path: path.to_path_buf(), line: i + 1, reason: e.to_string() })?);
    }
    Ok(out)
}

