//! Reprints: the same story printed again — in the city paper and on the district's site,
//! on a portal with other chrome and punctuation, with a sentence edited — found by
//! near-duplicate text, so that a story counts once in the graph however often it ran.
//!
//! A story is reduced to its shingles: every run of [`SHINGLE`] consecutive Han chars,
//! letters or digits of its text (punctuation, spaces and line breaks dropped, so that
//! layout and punctuation do not matter). Two stories are reprints when the Jaccard
//! similarity of their shingle sets reaches [`THRESHOLD`]. The similarity is estimated by
//! MinHash ([`PERMUTATIONS`] hash functions: the share of equal minima), and candidates are
//! found with locality-sensitive hashing over [`BANDS`] bands of the signature, so that a
//! build compares each story with a handful of others, not all.
//!
//! Why these numbers: a reprint with another byline and dateline, or with one sentence of
//! twenty rewritten, keeps 80–95 % of its shingles; two stories on the same event (the
//! same meeting, the same officials) share their names and a few phrases, 5–30 %. The
//! threshold sits between, at 0.6. With 64 functions in 16 bands of 4, a pair at 0.6 is
//! a candidate with probability 1 − (1 − 0.6⁴)¹⁶ ≈ 0.89, at 0.7 ≈ 0.99, at 0.3 ≈ 0.12;
//! the estimate's standard deviation is at most 0.0625. Texts with fewer than
//! [`MIN_SHINGLES`] shingles (a caption, a one-line notice) are only matched exactly.

use std::collections::HashMap;

/// Shingle length in chars.
pub const SHINGLE: usize = 5;
/// MinHash functions.
pub const PERMUTATIONS: usize = 64;
/// LSH bands (of `PERMUTATIONS / BANDS` rows each).
pub const BANDS: usize = 16;
const ROWS: usize = PERMUTATIONS / BANDS;
/// Estimated Jaccard similarity from which two stories are one.
pub const THRESHOLD: f64 = 0.6;
/// Texts shorter than this many shingles are never near-duplicates.
pub const MIN_SHINGLES: usize = 40;

/// A story's MinHash signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature([u32; PERMUTATIONS]);

/// The signature of a set of shingle hashes: for each of the [`PERMUTATIONS`] hash
/// functions, the least value over the set. This loop is most of a build's reprint work,
/// so it runs as vector code where the CPU allows: eight functions at a time with AVX-512
/// DQ, four with AVX2; the integer arithmetic is the same every way, and so is the
/// signature.
fn minima(shingles: &[u64]) -> [u32; PERMUTATIONS] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512dq") {
        // SAFETY: the CPU has AVX-512 DQ (and so F), checked just above.
        return unsafe { minima_avx512(shingles) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { minima_avx2(shingles) };
    }
    minima_portable(shingles)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn minima_avx2(shingles: &[u64]) -> [u32; PERMUTATIONS] {
    minima_portable(shingles)
}

/// AVX-512 DQ multiplies 64-bit lanes in one instruction (AVX2 builds each product
/// from three 32-bit ones), eight functions at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn minima_avx512(shingles: &[u64]) -> [u32; PERMUTATIONS] {
    minima_portable(shingles)
}

#[inline(always)]
fn minima_portable(shingles: &[u64]) -> [u32; PERMUTATIONS] {
    let (mul, add) = coefficients();
    let mut sig = [u32::MAX; PERMUTATIONS];
    for &s in shingles {
        let base = mix(s);
        // Branch-free over fixed-size arrays, so that it vectorizes.
        for ((slot, &m), &a) in sig.iter_mut().zip(mul.iter()).zip(add.iter()) {
            *slot = (*slot).min((m.wrapping_mul(base).wrapping_add(a) >> 32) as u32);
        }
    }
    sig
}

/// Whether `hashes` holds at least `n` distinct values (n ≤ 64): counted in a small
/// open-addressing table, stopping as soon as `n` are found (within the first few
/// dozen of a real story), instead of sorting the whole list.
fn has_distinct(hashes: &[u64], n: usize) -> bool {
    debug_assert!(n <= 64, "the table holds 128");
    if hashes.len() < n {
        return false;
    }
    const SLOTS: usize = 128;
    let mut table = [0u64; SLOTS];
    let mut used = [false; SLOTS];
    let mut distinct = 0;
    for &h in hashes {
        let mut i = (mix(h) as usize) % SLOTS;
        loop {
            if !used[i] {
                used[i] = true;
                table[i] = h;
                distinct += 1;
                if distinct >= n {
                    return true;
                }
                break;
            }
            if table[i] == h {
                break;
            }
            i = (i + 1) % SLOTS;
        }
    }
    false
}

/// splitmix64: a fixed, well-mixed hash step, so signatures are the same on every run.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The fixed multipliers (odd) and addends of the signature's hash functions.
fn coefficients() -> &'static ([u64; PERMUTATIONS], [u64; PERMUTATIONS]) {
    static C: std::sync::OnceLock<([u64; PERMUTATIONS], [u64; PERMUTATIONS])> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let mut mul = [0u64; PERMUTATIONS];
        let mut add = [0u64; PERMUTATIONS];
        for k in 0..PERMUTATIONS {
            mul[k] = mix(2 * k as u64) | 1;
            add[k] = mix(2 * k as u64 + 1);
        }
        (mul, add)
    })
}

impl Signature {
    /// The signature of a text, or `None` when it is too short to compare by similarity.
    pub fn of(text: &str) -> Option<Signature> {
        // Each window's FNV-1a hash, from a ring of the last SHINGLE kept chars.
        let mut ring = [0u64; SHINGLE];
        let mut kept = 0usize;
        let mut shingles: Vec<u64> = Vec::with_capacity(text.len() / 3);
        for c in text.chars().filter(|&c| crate::text::is_alnum(c)) {
            ring[kept % SHINGLE] = c as u64;
            kept += 1;
            if kept >= SHINGLE {
                let first = kept - SHINGLE;
                shingles.push(
                    (first..kept).fold(0xCBF2_9CE4_8422_2325u64, |h, k| (h ^ ring[k % SHINGLE]).wrapping_mul(0x100_0000_01B3)),
                );
            }
        }
        // A repeated shingle changes no minimum, so the list need not be deduplicated;
        // only the count of distinct ones matters, and only up to MIN_SHINGLES.
        if !has_distinct(&shingles, MIN_SHINGLES) {
            return None;
        }
        // One well-mixed hash per shingle, then PERMUTATIONS cheap affine hashes of it
        // (multiply-add with fixed odd multipliers, high bits kept): the minima behave as
        // independent permutations would, at a sixth of the cost of mixing each anew.
        Some(Signature(minima(&shingles)))
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let equal = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        equal as f64 / PERMUTATIONS as f64
    }

    fn band(&self, b: usize) -> u64 {
        self.0[b * ROWS..(b + 1) * ROWS].iter().fold(mix(b as u64), |h, &x| mix(h ^ x as u64))
    }

    /// The signature's LSH band keys, one per band: stories sharing a key are candidates.
    pub fn bands(&self) -> [u64; BANDS] {
        std::array::from_fn(|b| self.band(b))
    }

    /// The signature as bytes (little-endian minima), for the store.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    /// A signature read back from [`to_bytes`](Self::to_bytes); `None` if it is no signature.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != 4 * PERMUTATIONS {
            return None;
        }
        Some(Signature(std::array::from_fn(|k| u32::from_le_bytes(bytes[4 * k..4 * k + 4].try_into().expect("4 bytes")))))
    }
}

/// The story `sig` is a reprint of among `candidates` (story numbers with their
/// signatures, in any order, repeats allowed): the most similar one that reaches the
/// threshold, the earliest-added on a tie. [`ReprintIndex::find`] and the store's index
/// (`build --append`) both answer with it, so they agree.
pub fn best_match<'a>(sig: &Signature, candidates: impl IntoIterator<Item = (usize, &'a Signature)>) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (k, other) in candidates {
        let s = other.similarity(sig);
        if s >= THRESHOLD && best.is_none_or(|(bs, bk)| s > bs || (s == bs && k < bk)) {
            best = Some((s, k));
        }
    }
    best.map(|(_, k)| k)
}

/// The stories seen so far, by band, to find a new story's earlier printing.
#[derive(Debug, Default)]
pub struct ReprintIndex {
    signatures: Vec<Signature>,
    buckets: HashMap<u64, Vec<u32>>,
}

impl ReprintIndex {
    pub fn new() -> ReprintIndex {
        ReprintIndex::default()
    }

    /// The earliest-added story `sig` is a reprint of (its number in the order added), if
    /// any reaches the threshold; the most similar one when several do.
    pub fn find(&self, sig: &Signature) -> Option<usize> {
        let candidates = sig
            .bands()
            .into_iter()
            .flat_map(|key| self.buckets.get(&key).into_iter().flatten())
            .map(|&k| (k as usize, &self.signatures[k as usize]));
        best_match(sig, candidates)
    }

    /// Adds a story; returns its number.
    pub fn insert(&mut self, sig: Signature) -> usize {
        let k = self.signatures.len();
        for b in 0..BANDS {
            let bucket = self.buckets.entry(sig.band(b)).or_default();
            if bucket.len() < MAX_BUCKET {
                bucket.push(k as u32);
            }
        }
        self.signatures.push(sig);
        k
    }

    /// The stories added, by number.
    pub fn signatures(&self) -> &[Signature] {
        &self.signatures
    }

    /// Every band key with the stories it holds (at most [`MAX_BUCKET`], in the order
    /// added), in no particular order: what the store keeps for `build --append`.
    pub fn buckets(&self) -> impl Iterator<Item = (u64, &[u32])> {
        self.buckets.iter().map(|(k, v)| (*k, v.as_slice()))
    }
}

/// A band value shared by this many stories (boilerplate every story of a site repeats)
/// takes no more: a candidate still shows up in its other bands.
pub const MAX_BUCKET: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "6月21日上午，二七区举行2022年基础设施项目集中开工仪式，集中开工27个项目，总投资42.85亿元，年度计划投资21.75亿元。区领导陈红民、苏建设、时博等参加开工仪式。此次集中开工的项目涵盖交通、新基建、市政和产业园区基础设施建设等多个领域，项目建成后，将在提升城市承载能力、保障要素高效流动等方面发挥重要作用。";

    #[test]
    fn a_reprint_with_other_punctuation_and_an_edited_sentence_is_similar() {
        let a = Signature::of(STORY).unwrap();
        let b = Signature::of(&STORY.replace('，', ",").replace('。', ".\n")).unwrap();
        assert_eq!(a.similarity(&b), 1.0);
        let c = Signature::of(&STORY.replace("区领导陈红民、苏建设、时博等参加开工仪式。", "区委书记陈红民出席仪式并宣布项目开工。")).unwrap();
        assert!(a.similarity(&c) >= THRESHOLD, "{}", a.similarity(&c));
        let mut index = ReprintIndex::new();
        index.insert(a);
        assert_eq!(index.find(&c), Some(0));
    }

    #[test]
    fn another_story_with_the_same_officials_is_not() {
        let a = Signature::of(STORY).unwrap();
        let other = "6月21日下午，二七区召开安全生产工作会议，区领导陈红民、苏建设、时博出席会议。会议通报了上半年全区安全生产形势，安排部署了汛期安全生产和防汛抗灾工作，要求各街道、各部门压实责任，加强隐患排查，确保全区安全形势稳定。";
        let b = Signature::of(other).unwrap();
        assert!(a.similarity(&b) < THRESHOLD, "{}", a.similarity(&b));
        let mut index = ReprintIndex::new();
        index.insert(a);
        assert_eq!(index.find(&b), None);
    }

    /// The signature as first written: all windows collected, sorted and deduplicated,
    /// minima by the portable loop. Stores keep signatures, so they must not change.
    fn reference(text: &str) -> Option<Signature> {
        let chars: Vec<char> = text.chars().filter(|c| crate::text::is_alnum(*c)).collect();
        let mut shingles: Vec<u64> = chars
            .windows(SHINGLE)
            .map(|w| w.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, &c| (h ^ c as u64).wrapping_mul(0x100_0000_01B3)))
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        (shingles.len() >= MIN_SHINGLES).then(|| Signature(minima_portable(&shingles)))
    }

    #[test]
    fn signatures_are_those_of_the_reference() {
        let repeated = "二七区".repeat(30);
        let texts = [
            STORY.to_string(),
            STORY.replace('，', "\n"),
            STORY[..STORY.char_indices().nth(44).unwrap().0].to_string(),
            STORY[..STORY.char_indices().nth(60).unwrap().0].to_string(),
            format!("{repeated}{}", &STORY[..STORY.char_indices().nth(45).unwrap().0]),
            repeated.clone(),
            format!("{STORY}{STORY}𠀀𠀁𠀂𠀃𠀄𠀅 abc DEF 123"),
            String::new(),
        ];
        for t in &texts {
            assert_eq!(Signature::of(t), reference(t), "{t}");
        }
        assert!(Signature::of(&repeated).is_none());
    }

    #[test]
    fn distinct_values_are_counted_up_to_n() {
        let mut xs: Vec<u64> = (0..39).map(|i| i * 7919).collect();
        xs.extend(xs.clone());
        assert!(!has_distinct(&xs, 40));
        assert!(has_distinct(&xs, 39));
        xs.push(u64::MAX);
        assert!(has_distinct(&xs, 40));
        // Past half the table's slots, probing still tells values apart.
        let many: Vec<u64> = (0..200u64).map(|i| i << 7).collect();
        assert!(has_distinct(&many, 64));
        assert!(!has_distinct(&many[..63], 64));
        assert!(!has_distinct(&[5; 100], 2));
    }

    #[test]
    fn short_texts_have_no_signature() {
        assert!(Signature::of("二七区召开会议。").is_none());
    }
}
