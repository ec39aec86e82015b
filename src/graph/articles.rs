//! The articles behind a node or an edge.
//!
//! A graph of a large archive is mostly evidence: on 200,000 articles of a small city's
//! news, ten million (edge, article) pairs against a few thousand edges. Each set is
//! therefore a sorted list of ranks into one table of the graph's article ids, shared by
//! every node and edge: a rank is 4 bytes, sets unite and intersect as sorted integer
//! lists, and nothing is copied per id. Exports show an edge's count and its newest
//! articles ([`Articles::newest`]), not every id.

use std::cmp::Ordering;
use std::sync::Arc;

/// An article's id and date.
pub type Dated = (Arc<str>, Option<Arc<str>>);

/// Every article of a graph: ids in id order, with dates and each one's place from the
/// newest.
#[derive(Debug, Default)]
pub struct ArticleTable {
    ids: Vec<Arc<str>>,
    dates: Vec<Option<Arc<str>>>,
    /// By rank: the place in newest-first order (dated articles newest first, then the
    /// undated; ties by id).
    recency: Vec<u32>,
    /// Whether the later ids are the newer on the whole (dated ids that grow with their
    /// dates, as file names and numbered stories do), rather than the older (undated
    /// articles, whose order from the newest is by id): the way [`Articles::newest`]
    /// walks a set so as to meet its newest first.
    newer_by_id: bool,
}

impl ArticleTable {
    /// The table of `articles` (id, date; ids distinct) and, per given position, its rank.
    pub fn new(articles: Vec<Dated>) -> (Arc<ArticleTable>, Vec<u32>) {
        use rayon::slice::ParallelSliceMut;
        // Both sorts on every core: on a large store they are a third of building the
        // graph, which nothing else runs beside.
        let mut order: Vec<u32> = (0..articles.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| articles[a as usize].0.cmp(&articles[b as usize].0));
        let mut rank = vec![0u32; articles.len()];
        for (r, &p) in order.iter().enumerate() {
            rank[p as usize] = r as u32;
        }
        let mut slots: Vec<Option<Dated>> = articles.into_iter().map(Some).collect();
        let (ids, dates): (Vec<_>, Vec<_>) = order.iter().map(|&p| slots[p as usize].take().expect("each position once")).unzip();
        let mut newest: Vec<u32> = (0..ids.len() as u32).collect();
        // A total order (ties by rank): unstable is stable here.
        newest.par_sort_unstable_by(|&a, &b| newer(dates[a as usize].as_deref(), dates[b as usize].as_deref()).then(a.cmp(&b)));
        let mut recency = vec![0u32; ids.len()];
        for (k, &r) in newest.iter().enumerate() {
            recency[r as usize] = k as u32;
        }
        // By the two halves' mean places, not by neighbours: dated articles share dates,
        // and among one date's the ids grow older (ties go by id), though the dates grow
        // with the ids.
        let (first, second) = recency.split_at(recency.len() / 2);
        let sum = |h: &[u32]| h.iter().map(|&k| u64::from(k)).sum::<u64>();
        let newer_by_id = sum(second) * (first.len() as u64) < sum(first) * (second.len() as u64);
        (Arc::new(ArticleTable { ids, dates, recency, newer_by_id }), rank)
    }
}

/// Newest first: the later date first, undated last.
fn newer(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A set of a graph's articles (see the module docs).
#[derive(Clone)]
pub struct Articles {
    table: Arc<ArticleTable>,
    /// Sorted, distinct.
    ranks: Vec<u32>,
}

impl Default for Articles {
    /// No articles, of one empty table shared by every empty set (a builder makes an edge
    /// per new pair of entities, long before it has a table).
    fn default() -> Articles {
        static EMPTY: std::sync::OnceLock<Arc<ArticleTable>> = std::sync::OnceLock::new();
        Articles { table: EMPTY.get_or_init(Arc::default).clone(), ranks: Vec::new() }
    }
}

impl Articles {
    /// The articles at `positions` of the list `rank` maps into `table` (any order, repeats
    /// allowed), in the positions' own memory: on a large store these lists are most of
    /// the graph, and a second copy of them was most of the time building it.
    pub fn from_positions(table: &Arc<ArticleTable>, rank: &[u32], mut positions: Vec<u32>) -> Articles {
        for p in &mut positions {
            *p = rank[*p as usize];
        }
        // Articles mostly arrive in id order: then this is one pass.
        if !positions.is_sorted() {
            positions.sort_unstable();
        }
        positions.dedup();
        Articles { table: table.clone(), ranks: positions }
    }

    /// A set of its own from ids and dates (tests, and graphs not made by a builder).
    pub fn from_ids<'a>(articles: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Articles {
        let mut v: Vec<Dated> = articles.into_iter().map(|(id, d)| (Arc::from(id), d.map(Arc::from))).collect();
        v.sort();
        v.dedup_by(|a, b| a.0 == b.0);
        let n = v.len() as u32;
        let (table, _) = ArticleTable::new(v);
        Articles { table, ranks: (0..n).collect() }
    }

    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }

    /// The ids, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.ranks.iter().map(|&r| &*self.table.ids[r as usize])
    }

    /// At most `n` ids, newest first (by date; undated last; ties by id). `None`: all of
    /// them, in that order.
    pub fn newest(&self, n: Option<usize>) -> Vec<&str> {
        let t = &self.table;
        let keep = n.map_or(self.len(), |n| n.min(self.len()));
        let ranks = if keep == self.len() {
            let mut by: Vec<(u32, u32)> = self.ranks.iter().map(|&r| (t.recency[r as usize], r)).collect();
            by.sort_unstable();
            by.into_iter().map(|(_, r)| r).collect()
        } else {
            self.newest_by_heap(keep)
        };
        ranks.into_iter().map(|r| &*t.ids[r as usize]).collect()
    }

    /// The `keep` newest ranks, by a max-heap of that size: most articles lose one
    /// comparison with the bound (its top), and nothing the size of the set is allocated
    /// (exports ask this of every edge). The set is walked from its newest end as the
    /// table's ids run ([`ArticleTable::newer_by_id`]), so that the newest come first and
    /// the rest lose at once. Walked from the other end, every article beat the bound
    /// and went through the heap: undated articles, walked from the last id back, made
    /// this most of the exports' time.
    fn newest_by_heap(&self, keep: usize) -> Vec<u32> {
        let t = &self.table;
        let mut heap = std::collections::BinaryHeap::with_capacity(keep + 1);
        let mut bound = u32::MAX;
        let mut offer = |r: u32| {
            let k = t.recency[r as usize];
            if k >= bound {
                return;
            }
            heap.push((k, r));
            if heap.len() > keep {
                heap.pop();
            }
            if heap.len() == keep {
                bound = heap.peek().map_or(u32::MAX, |top| top.0);
            }
        };
        if t.newer_by_id {
            self.ranks.iter().rev().for_each(|&r| offer(r));
        } else {
            self.ranks.iter().for_each(|&r| offer(r));
        }
        let mut by = heap.into_vec();
        by.sort_unstable();
        by.into_iter().map(|(_, r)| r).collect()
    }

    /// Does this set share the table of `other` (so ranks compare)?
    fn same_table(&self, other: &Articles) -> bool {
        Arc::ptr_eq(&self.table, &other.table)
    }

    /// How many articles are in both sets.
    pub fn intersection_len(&self, other: &Articles) -> usize {
        if !self.same_table(other) {
            return self.iter().filter(|a| other.iter().any(|b| b == *a)).count();
        }
        // Both lists are sorted. One far shorter than the other (a reporter's articles
        // and a district's): each of its ranks is searched for in the rest of the longer
        // one. Otherwise a branch-free merge: on a large store both are long.
        let (a, b) = if self.ranks.len() <= other.ranks.len() { (&self.ranks, &other.ranks) } else { (&other.ranks, &self.ranks) };
        if a.len() * 32 < b.len() {
            let mut rest = &b[..];
            let mut n = 0;
            for x in a.iter() {
                match rest.binary_search(x) {
                    Ok(k) => {
                        n += 1;
                        rest = &rest[k + 1..];
                    }
                    Err(k) => rest = &rest[k..],
                }
            }
            return n;
        }
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            let (x, y) = (a[i], b[j]);
            n += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        n
    }

    /// How many articles are in either set.
    pub fn union_len(&self, other: &Articles) -> usize {
        self.len() + other.len() - self.intersection_len(other)
    }

    /// Adds the articles of `other`.
    pub fn extend(&mut self, other: &Articles) {
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other.clone();
            return;
        }
        if self.same_table(other) {
            let mut v = Vec::with_capacity(self.ranks.len() + other.ranks.len());
            v.extend_from_slice(&self.ranks);
            v.extend_from_slice(&other.ranks);
            v.sort_unstable();
            v.dedup();
            self.ranks = v;
        } else {
            let all: Vec<(&str, Option<&str>)> = self.pairs().chain(other.pairs()).collect();
            *self = Articles::from_ids(all);
        }
    }

    /// (id, date) of each article, in id order.
    fn pairs(&self) -> impl Iterator<Item = (&str, Option<&str>)> + '_ {
        self.ranks.iter().map(|&r| (&*self.table.ids[r as usize], self.table.dates[r as usize].as_deref()))
    }
}

impl PartialEq for Articles {
    fn eq(&self, other: &Articles) -> bool {
        self.len() == other.len() && self.pairs().eq(other.pairs())
    }
}

impl std::fmt::Debug for Articles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[(&'static str, Option<&'static str>)]) -> Articles {
        Articles::from_ids(v.iter().copied())
    }

    #[test]
    fn newest_is_by_date_then_id_and_undated_last() {
        let s = set(&[("c", Some("2021-01-01")), ("a", None), ("b", Some("2023-05-01")), ("d", Some("2021-01-01")), ("e", None)]);
        assert_eq!(s.newest(None), ["b", "c", "d", "a", "e"]);
        assert_eq!(s.newest(Some(2)), ["b", "c"]);
        assert_eq!(s.newest(Some(0)), Vec::<&str>::new());
        assert_eq!(s.newest(Some(9)).len(), 5);
        assert_eq!(s.iter().collect::<Vec<_>>(), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn intersections_of_short_and_long_sets_count_shared_articles() {
        let ids: Vec<String> = (0..3000).map(|i| format!("a{i:05}")).collect();
        let arts: Vec<Dated> = ids.iter().map(|id| (Arc::from(id.as_str()), None)).collect();
        let (t, rank) = ArticleTable::new(arts);
        // Deterministic pseudo-random positions (an LCG), sets of many sizes.
        let mut x = 12345u64;
        let mut pick = |n: usize, modulo: u32| -> Vec<u32> {
            (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((x >> 33) as u32) % modulo
                })
                .collect()
        };
        let sets: Vec<Vec<u32>> = [0, 1, 5, 40, 90, 2500, 2999].iter().map(|&n| pick(n, 3000)).chain([(0..3000).collect()]).collect();
        for a in &sets {
            for b in &sets {
                let (sa, sb) = (Articles::from_positions(&t, &rank, a.clone()), Articles::from_positions(&t, &rank, b.clone()));
                let naive = sa.iter().filter(|id| sb.iter().any(|y| y == *id)).count();
                assert_eq!(sa.intersection_len(&sb), naive, "{} and {}", a.len(), b.len());
            }
        }
    }

    #[test]
    fn sets_of_one_table_unite_and_intersect_as_id_sets() {
        let arts: Vec<Dated> =
            ["z", "x", "y", "w"].iter().map(|id| (Arc::from(*id), Some(Arc::from("2020-01-01")))).collect();
        let (t, rank) = ArticleTable::new(arts);
        let a = Articles::from_positions(&t, &rank, vec![0, 1, 1]);
        let b = Articles::from_positions(&t, &rank, vec![2, 1, 3]);
        assert_eq!(a.iter().collect::<Vec<_>>(), ["x", "z"]);
        assert_eq!((a.intersection_len(&b), a.union_len(&b)), (1, 4));
        let mut c = a.clone();
        c.extend(&b);
        assert_eq!(c.iter().collect::<Vec<_>>(), ["w", "x", "y", "z"]);
        // Sets of different tables compare and unite by id.
        let other = set(&[("x", Some("2020-01-01")), ("q", None)]);
        assert_eq!(a.intersection_len(&other), 1);
        let mut d = a.clone();
        d.extend(&other);
        assert_eq!(d.iter().collect::<Vec<_>>(), ["q", "x", "z"]);
        assert_eq!(d, set(&[("q", None), ("x", Some("2020-01-01")), ("z", Some("2020-01-01"))]));
    }

    #[test]
    fn newest_of_subsets_matches_a_full_sort_whichever_way_ids_run() {
        // Tables whose ids grow newer (dates growing with them), older (undated), and
        // neither; sets dense and sparse, of the newest, of the oldest, and spread.
        let ids: Vec<String> = (0..4000).map(|k| format!("a{k:05}")).collect();
        let growing: Vec<Option<String>> = (0..4000).map(|k| Some(format!("2021-{:02}-{:02}", 1 + k / 336, 1 + (k / 12) % 28))).collect();
        let mixed: Vec<Option<String>> =
            (0..4000).map(|k| (k % 5 != 0).then(|| format!("2021-{:02}-{:02}", 1 + k % 12, 1 + (k * 7) % 28))).collect();
        let tables = [("growing", growing), ("undated", vec![None; 4000]), ("mixed", mixed)];
        for (name, dates) in &tables {
            let arts: Vec<Dated> = (0..4000).map(|k| (Arc::from(ids[k].as_str()), dates[k].as_deref().map(Arc::from))).collect();
            let (t, rank) = ArticleTable::new(arts);
            // The walk's way (only its speed depends on it): from the newest end, where
            // there is one.
            if *name != "mixed" {
                assert_eq!(t.newer_by_id, *name == "growing", "{name}");
            }
            let whole = Articles::from_positions(&t, &rank, (0..4000).collect());
            let newest_first: Vec<u32> = whole.newest(None).iter().map(|id| id[1..].parse().expect("a number")).collect();
            let sets: Vec<Vec<u32>> = vec![
                (0..4000).filter(|k| k % 2 == 0).collect(),
                (0..4000).filter(|k| k % 3 == 1).collect(),
                newest_first[..1500].to_vec(),
                newest_first[2500..].to_vec(),
                (0..4000).filter(|k| k % 97 == 3).collect(),
            ];
            for set in sets {
                let s = Articles::from_positions(&t, &rank, set.clone());
                let all = s.newest(None);
                assert_eq!(all.len(), set.len());
                for n in [0, 1, 7, 20, 64, set.len() - 1, set.len()].map(|n| n.min(set.len())) {
                    assert_eq!(s.newest(Some(n)), all[..n], "{name}: {n} of {}", set.len());
                }
            }
        }
    }

    #[test]
    fn newest_of_a_large_set_matches_a_full_sort() {
        let ids: Vec<String> = (0..500).map(|k| format!("a{k:04}")).collect();
        let dates: Vec<String> = (0..500).map(|k| format!("2020-01-{:02}", 1 + (k * 7) % 28)).collect();
        let s = Articles::from_ids(ids.iter().zip(&dates).enumerate().map(|(k, (i, d))| (i.as_str(), (k % 3 != 0).then_some(d.as_str()))));
        let all = s.newest(None);
        for n in [1, 5, 64, 65, 200, 500] {
            assert_eq!(s.newest(Some(n)), all[..n], "{n}");
        }
    }
}
