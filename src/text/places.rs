//! Where each char of a text is: the positions of a char, in order, without a pass over
//! the text. Rules look for dozens of words in every text (head words, cue words, names
//! seen before); a substring pass per word cost more than the rest of their work.

/// Every char position of a text, chained by char: where a word could start is a lookup
/// away, instead of a pass over the text per word.
pub struct Places {
    /// The first position of each char.
    first: rustc_hash::FxHashMap<char, u32>,
    /// The next position of the same char ([`u32::MAX`]: none).
    next: Vec<u32>,
}

impl Places {
    pub fn of(chars: &[char]) -> Places {
        // Reserved up front: an article has a few hundred distinct chars.
        let mut first = rustc_hash::FxHashMap::with_capacity_and_hasher(chars.len().min(1024), Default::default());
        let mut next = vec![u32::MAX; chars.len()];
        for (i, &c) in chars.iter().enumerate().rev() {
            if let Some(after) = first.insert(c, i as u32) {
                next[i] = after;
            }
        }
        Places { first, next }
    }

    /// The positions of `c`, in text order.
    pub fn of_char(&self, c: char) -> impl Iterator<Item = usize> + '_ {
        let start = self.first.get(&c).copied().unwrap_or(u32::MAX);
        std::iter::successors((start != u32::MAX).then_some(start), |&i| {
            let n = self.next[i as usize];
            (n != u32::MAX).then_some(n)
        })
        .map(|i| i as usize)
    }

    /// Where `pat` occurs in `chars` (the text these places are of), left to right, not
    /// overlapping.
    pub fn occurrences(&self, chars: &[char], pat: &str) -> Vec<usize> {
        let Some(first) = pat.chars().next() else { return Vec::new() };
        let n = pat.chars().count();
        let mut out = Vec::new();
        let mut next = 0;
        for i in self.of_char(first) {
            if i >= next && i + n <= chars.len() && pat.chars().zip(&chars[i..]).all(|(a, &b)| a == b) {
                out.push(i);
                next = i + n;
            }
        }
        out
    }
}
