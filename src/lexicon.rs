//! Lexicons: the closed word lists the rules use (titles, surnames, organs, head nouns),
//! as opposed to the entity dictionaries of [`crate::dict`].
//!
//! A lexicon file has one item per line; `|` separates variants of one item (the first is
//! the canonical one); a comment line that is a single lowercase word (`# compound`) starts
//! a section; other comment lines and blank lines are ignored. The built-in lexicons are
//! compiled into the binary from `dictionaries/lexicon/`.

use crate::error::{Error, Result};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// One lexicon file, parsed: items grouped by section (`""` before the first section).
#[derive(Clone, Debug, Default)]
pub struct ListFile {
    pub sections: Vec<(String, Vec<Vec<String>>)>,
}

impl ListFile {
    /// Parses a lexicon file; `name` is used in `file:line` errors.
    pub fn parse(name: &str, text: &str) -> Result<ListFile> {
        let mut sections: Vec<(String, Vec<Vec<String>>)> = vec![(String::new(), Vec::new())];
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim().trim_start_matches('\u{feff}');
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                let word = comment.trim();
                if !word.is_empty()
                    && word.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    sections.push((word.to_string(), Vec::new()));
                }
                continue;
            }
            let item: Vec<String> = line
                .split('|')
                .map(|s| s.split(';').next().unwrap_or("").trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if item.is_empty() {
                return Err(Error::Dictionary { file: name.into(), line: i + 1, reason: "empty item".into() });
            }
            if let Some(bad) = item.iter().find(|s| s.chars().any(char::is_whitespace)) {
                return Err(Error::Dictionary {
                    file: name.into(),
                    line: i + 1,
                    reason: format!("item `{bad}` contains whitespace"),
                });
            }
            sections.last_mut().expect("at least one section").1.push(item);
        }
        Ok(ListFile { sections })
    }

    /// All items of the sections whose name satisfies `pred`.
    pub fn items<'a>(&'a self, pred: impl Fn(&str) -> bool + 'a) -> impl Iterator<Item = &'a Vec<String>> + 'a {
        self.sections.iter().filter(move |(s, _)| pred(s)).flat_map(|(_, items)| items.iter())
    }

    /// The canonical (first) form of every item in matching sections.
    pub fn words(&self, pred: impl Fn(&str) -> bool) -> Vec<String> {
        self.items(pred).map(|i| i[0].clone()).collect()
    }
}

/// The built-in lexicon files, compiled in.
pub const BUILTIN: [(&str, &str); 8] = [
    ("titles.txt", include_str!("../dictionaries/lexicon/titles.txt")),
    ("surnames.txt", include_str!("../dictionaries/lexicon/surnames.txt")),
    ("organs.txt", include_str!("../dictionaries/lexicon/organs.txt")),
    ("program-heads.txt", include_str!("../dictionaries/lexicon/program-heads.txt")),
    ("project-heads.txt", include_str!("../dictionaries/lexicon/project-heads.txt")),
    ("company-suffixes.txt", include_str!("../dictionaries/lexicon/company-suffixes.txt")),
    ("stop-names.txt", include_str!("../dictionaries/lexicon/stop-names.txt")),
    ("relations.txt", include_str!("../dictionaries/lexicon/relations.txt")),
];

/// Everything the rules look up, ready to use.
#[derive(Clone, Debug, Default)]
pub struct Lexicons {
    /// Single-char surnames.
    pub surnames: HashSet<char>,
    /// Single-char surnames that are also common words: weak evidence alone.
    pub weak_surnames: HashSet<char>,
    /// Two-char surnames (欧阳, 司马), as chars: [`Lexicons::surname_len`] tries them at
    /// every surname position.
    compound_surnames: Vec<Vec<char>>,
    /// Their first chars, which rule out nearly every position at once.
    compound_firsts: HashSet<char>,
    /// Titles that make the person after them an official.
    pub titles: Vec<String>,
    /// Words after which a name is a person but not an official (负责人, 董事长 …).
    pub person_titles: Vec<String>,
    /// Organ name → canonical organ name (发展和改革委员会 → 发改委).
    pub organs: HashMap<String, String>,
    /// Party departments that follow 区委/市委 (宣传部, 组织部 …), canonical forms.
    pub party_departments: HashMap<String, String>,
    /// Generic organization heads for unseen names (中心, 协会 …).
    pub org_heads: Vec<String>,
    /// Program head nouns dropped from the canonical name (活动, 行动 …).
    pub program_heads_dropped: Vec<String>,
    /// Program head nouns kept in the canonical name (工作法, 建设年 …).
    pub program_heads_kept: Vec<String>,
    /// Well-known program names that appear without quotes.
    pub programs: Vec<String>,
    pub project_heads: Vec<String>,
    pub park_heads: Vec<String>,
    pub company_suffixes: Vec<String>,
    pub weak_company_suffixes: Vec<String>,
    pub honorifics: Vec<String>,
    pub generic_names: HashSet<String>,
    /// The relation lexicon (`relations.txt`): triggers and cue words by section, read by
    /// [`crate::relate`].
    pub relations: ListFile,
}

impl Lexicons {
    /// The built-in lexicons.
    pub fn builtin() -> Result<Lexicons> {
        let mut files = HashMap::default();
        for (name, text) in BUILTIN {
            files.insert(name, ListFile::parse(name, text)?);
        }
        let get = |n: &str| files.get(n).cloned().unwrap_or_default();
        let surnames = get("surnames.txt");
        let titles = get("titles.txt");
        let organs = get("organs.txt");
        let programs = get("program-heads.txt");
        let projects = get("project-heads.txt");
        let companies = get("company-suffixes.txt");
        let stops = get("stop-names.txt");
        let relations = get("relations.txt");

        let single_chars = |words: Vec<String>| -> HashSet<char> {
            words.iter().filter(|w| w.chars().count() == 1).filter_map(|w| w.chars().next()).collect()
        };
        let compounds = surnames.words(|s| s == "compound");
        let mut lex = Lexicons {
            surnames: single_chars(surnames.words(|s| s != "compound" && s != "rare-in-names")),
            weak_surnames: single_chars(surnames.words(|s| s == "rare-in-names")),
            compound_surnames: compounds.iter().map(|w| w.chars().collect()).collect(),
            compound_firsts: compounds.iter().filter_map(|w| w.chars().next()).collect(),
            titles: titles.words(|s| s != "not-official" && s != "company"),
            person_titles: titles.words(|s| s == "not-official" || s == "company"),
            organs: HashMap::default(),
            party_departments: HashMap::default(),
            org_heads: organs.words(|s| s == "generic-heads"),
            program_heads_dropped: programs.words(|s| s == "dropped"),
            program_heads_kept: programs.words(|s| s == "kept"),
            programs: programs.words(|s| s == "standalone"),
            project_heads: projects.words(|s| s != "park"),
            park_heads: projects.words(|s| s == "park"),
            company_suffixes: companies.words(|s| s != "weak"),
            weak_company_suffixes: companies.words(|s| s == "weak"),
            honorifics: stops.words(|s| s == "honorifics"),
            generic_names: stops.words(|s| s != "honorifics").into_iter().collect(),
            relations,
        };
        for item in organs.items(|s| s != "generic-heads" && s != "party-departments") {
            for v in item {
                lex.organs.entry(v.clone()).or_insert_with(|| item[0].clone());
            }
        }
        for item in organs.items(|s| s == "party-departments") {
            for v in item {
                lex.party_departments.entry(v.clone()).or_insert_with(|| item[0].clone());
            }
        }
        for list in [
            &mut lex.titles,
            &mut lex.person_titles,
            &mut lex.org_heads,
            &mut lex.program_heads_dropped,
            &mut lex.program_heads_kept,
            &mut lex.project_heads,
            &mut lex.park_heads,
            &mut lex.company_suffixes,
            &mut lex.weak_company_suffixes,
            &mut lex.honorifics,
        ] {
            // Longest first, so that a scan tries 副区长 before 区长.
            list.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
            list.dedup();
        }
        Ok(lex)
    }

    pub fn is_surname(&self, c: char) -> bool {
        self.surnames.contains(&c) || self.weak_surnames.contains(&c)
    }

    /// Length in chars of the surname at the start of `s` (compound first), if any.
    pub fn surname_len(&self, s: &[char]) -> Option<usize> {
        let first = *s.first()?;
        if self.compound_firsts.contains(&first)
            && let Some(cs) = self.compound_surnames.iter().find(|cs| s.starts_with(cs))
        {
            return Some(cs.len());
        }
        self.is_surname(first).then_some(1)
    }

    /// Whether a compound surname starts with `c`.
    pub fn starts_compound_surname(&self, c: char) -> bool {
        self.compound_firsts.contains(&c)
    }
}
