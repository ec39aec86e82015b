//! The dictionary compiled for lookup: every surface form (canonical name or alias) in one
//! char-wise Aho-Corasick automaton (daachorse), entries by canonical name and by division
//! code, and the division tree walked upwards ([`DictIndex::ancestors`]).
//!
//! Built once per run from one [`DictConfig`](super::DictConfig), and shared by
//! recognition (the automaton), resolution (levels and ancestors of districts) and the
//! graph (`located_in` edges), so that all three read the same dictionaries.

use super::{Dictionary, Entry};
use crate::error::Result;
use crate::model::EntityType;
use rustc_hash::FxHashMap as HashMap;

/// A dictionary surface form (canonical name or alias) and the entries it names.
#[derive(Clone, Debug)]
pub struct Surface {
    pub text: String,
    pub entries: Vec<usize>,
    pub chars: usize,
}

/// How deep the division tree goes (province, city, county, town, village …), a guard
/// against a cycle in hand-written parent codes.
const MAX_DEPTH: usize = 6;

/// The dictionaries compiled for lookup.
pub struct DictIndex {
    pub dict: Dictionary,
    pub surfaces: Vec<Surface>,
    /// Surface index by text.
    by_surface: HashMap<String, usize>,
    /// District entries by division code.
    by_code: HashMap<String, usize>,
    /// Entries by canonical name, of every type, in dictionary order (looked up by a
    /// borrowed name, without a key made for each lookup).
    by_name: HashMap<String, Vec<usize>>,
}

impl std::fmt::Debug for DictIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DictIndex({} entries, {} surfaces)", self.dict.entries.len(), self.surfaces.len())
    }
}

impl DictIndex {
    pub fn build(dict: Dictionary) -> Result<DictIndex> {
        let mut by_surface: HashMap<String, usize> = HashMap::default();
        let mut surfaces: Vec<Surface> = Vec::new();
        let mut by_code = HashMap::default();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, e) in dict.entries.iter().enumerate() {
            by_name.entry(e.canonical.clone()).or_default().push(i);
            if let Some(code) = e.attr("code") {
                by_code.entry(code.to_string()).or_insert(i);
            }
            for s in std::iter::once(&e.canonical).chain(e.aliases.iter()) {
                if s.chars().count() < 2 {
                    continue;
                }
                let k = *by_surface.entry(s.clone()).or_insert_with(|| {
                    surfaces.push(Surface { text: s.clone(), entries: Vec::new(), chars: s.chars().count() });
                    surfaces.len() - 1
                });
                if !surfaces[k].entries.contains(&i) {
                    surfaces[k].entries.push(i);
                }
            }
        }
        Ok(DictIndex { dict, surfaces, by_surface, by_code, by_name })
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.dict.entries[i]
    }

    /// The district entry whose code is the parent of `e`.
    pub fn parent(&self, e: &Entry) -> Option<&Entry> {
        e.attr("parent").and_then(|p| self.by_code.get(p)).map(|&i| &self.dict.entries[i])
    }

    /// The entries of type `ty` with `name` as canonical name, in dictionary order.
    fn all_named(&self, ty: EntityType, name: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_name.get(name).into_iter().flatten().copied().filter(move |&i| self.entry(i).ty == ty)
    }

    /// Whether some entry of type `ty` has `name` as canonical name.
    pub fn has(&self, ty: EntityType, name: &str) -> bool {
        self.all_named(ty, name).next().is_some()
    }

    /// The first entry of type `ty` named `name` (canonically).
    pub fn named(&self, ty: EntityType, name: &str) -> Option<&Entry> {
        self.all_named(ty, name).next().map(|i| self.entry(i))
    }

    /// How many entries of type `ty` have `name` as canonical name (eleven towns are called
    /// 王村镇).
    pub fn count_named(&self, ty: EntityType, name: &str) -> usize {
        self.all_named(ty, name).count()
    }

    /// The index in [`DictIndex::surfaces`] of a surface form.
    pub fn surface_index(&self, surface: &str) -> Option<usize> {
        self.by_surface.get(surface).copied()
    }

    /// The district that `surface` (a canonical name or an alias) names, if one does.
    pub fn district_by_surface(&self, surface: &str) -> Option<&Entry> {
        let s = &self.surfaces[*self.by_surface.get(surface)?];
        s.entries.iter().map(|&e| self.entry(e)).find(|e| e.ty == EntityType::District)
    }

    /// The divisions above the district `name`, nearest first (二七区 → 郑州市, 河南省).
    ///
    /// ```
    /// let index = newsgraph::dict::DictConfig::default().index()?;
    /// let up: Vec<&str> = index.ancestors("二七区").iter().map(|e| e.canonical.as_str()).collect();
    /// assert_eq!(up, ["郑州市", "河南省"]);
    /// # Ok::<(), newsgraph::Error>(())
    /// ```
    pub fn ancestors(&self, name: &str) -> Vec<&Entry> {
        self.named(EntityType::District, name).map(|e| self.chain(e)).unwrap_or_default()
    }

    /// The ancestors of the division named `name` that the context knows: a name shared
    /// by many divisions (eleven towns are called 王村镇) is the one whose chain reaches a
    /// division for which `known` is true, the nearest such first; without one, the first
    /// entry's chain ([`ancestors`](Self::ancestors)).
    ///
    /// ```
    /// let index = newsgraph::dict::DictConfig::default().index()?;
    /// let up = index.ancestors_near("王村镇", |n| n == "荥阳市");
    /// assert_eq!(up[0].canonical, "荥阳市");
    /// # Ok::<(), newsgraph::Error>(())
    /// ```
    pub fn ancestors_near(&self, name: &str, known: impl Fn(&str) -> bool) -> Vec<&Entry> {
        self.district_near(name, known).map(|(_, chain)| chain).unwrap_or_default()
    }

    /// The district entry named `name` that the context knows, with its ancestors nearest
    /// first: of several divisions with that name, the one whose chain reaches a division
    /// for which `known` is true, the nearest such first; without one, the first entry.
    /// `None` when no district has that canonical name.
    ///
    /// ```
    /// let index = newsgraph::dict::DictConfig::default().index()?;
    /// let (town, up) = index.district_near("王村镇", |n| n == "荥阳市").unwrap();
    /// assert_eq!((town.attr("level"), up[0].canonical.as_str()), (Some("town"), "荥阳市"));
    /// # Ok::<(), newsgraph::Error>(())
    /// ```
    pub fn district_near(&self, name: &str, known: impl Fn(&str) -> bool) -> Option<(&Entry, Vec<&Entry>)> {
        let first = self.all_named(EntityType::District, name).next()?;
        let mut best: Option<(usize, &Entry, Vec<&Entry>)> = None;
        for i in self.all_named(EntityType::District, name) {
            let chain = self.chain(self.entry(i));
            if let Some(depth) = chain.iter().position(|a| known(&a.canonical))
                && best.as_ref().is_none_or(|(d, _, _)| depth < *d) {
                    best = Some((depth, self.entry(i), chain));
                }
        }
        match best {
            Some((_, e, chain)) => Some((e, chain)),
            None => {
                let e = self.entry(first);
                Some((e, self.chain(e)))
            }
        }
    }

    /// The divisions above the entry `e`, nearest first.
    fn chain(&self, e: &Entry) -> Vec<&Entry> {
        let mut out = Vec::new();
        let mut cur = Some(e);
        while let Some(e) = cur {
            let Some(p) = self.parent(e) else { break };
            out.push(p);
            if out.len() >= MAX_DEPTH {
                break;
            }
            // On from the parent entry itself (found by its code): looking its name up
            // again would jump to another division of the same name (鼓楼区 is in four
            // cities).
            cur = Some(p);
        }
        out
    }
}
