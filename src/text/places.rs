//! Where each char of a text is: the positions of a char, in order, without a pass over
//! the text. Rules look for dozens of words in every text (head words, cue words, names
//! seen before); a substring pass per word cost more than the rest of their work.

/// Every char position of a text, grouped by char: where a word could start is a lookup
/// away, instead of a pass over the text per word.
///
/// The positions are kept as one array of `char << 32 | position`, sorted by a stable radix
/// sort on the char (two passes of a byte for text in the Basic Multilingual Plane): the
/// positions of one char are then a contiguous, ascending run found by binary search. A
/// hash map from char to a chain of positions did the same with a hash insert per char of
/// the text, which cost more than the sort (and the chain walk more than the run).
pub struct Places {
    keys: Vec<u64>,
}

impl Places {
    pub fn of(chars: &[char]) -> Places {
        let mut keys: Vec<u64> = chars.iter().enumerate().map(|(i, &c)| (u64::from(c) << 32) | i as u64).collect();
        let mut spare = vec![0u64; keys.len()];
        // Least significant digit first, each pass stable: equal chars keep text order.
        for shift in [32, 40, 48] {
            let mut count = [0usize; 257];
            for &k in &keys {
                count[((k >> shift) & 0xFF) as usize + 1] += 1;
            }
            if count.contains(&keys.len()) {
                continue; // one digit for all: this pass would change nothing
            }
            for d in 1..257 {
                count[d] += count[d - 1];
            }
            for &k in &keys {
                let d = ((k >> shift) & 0xFF) as usize;
                spare[count[d]] = k;
                count[d] += 1;
            }
            std::mem::swap(&mut keys, &mut spare);
        }
        Places { keys }
    }

    /// The positions of `c`, in text order.
    pub fn of_char(&self, c: char) -> impl Iterator<Item = usize> + '_ {
        self.of_char_from(c, 0)
    }

    /// The positions of `c` from char `from` on, in text order (found by binary search,
    /// not by skipping the ones before).
    pub fn of_char_from(&self, c: char, from: usize) -> impl Iterator<Item = usize> + '_ {
        let lo = u64::from(c) << 32;
        let from = u32::try_from(from).unwrap_or(u32::MAX);
        let a = self.keys.partition_point(|&k| k < lo | u64::from(from));
        let b = a + self.keys[a..].partition_point(|&k| k < lo + (1 << 32));
        self.keys[a..b].iter().map(|&k| (k & 0xFFFF_FFFF) as usize)
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

#[cfg(test)]
mod tests {
    use super::Places;

    #[test]
    fn positions_of_each_char_in_text_order() {
        // Chars that differ only in one byte of the radix, chars beyond the Basic
        // Multilingual Plane, ASCII, and a text of one repeated char.
        let texts = ["中文中a文\u{4E00}\u{4F00}\u{5000}\u{4E00}", "𠀀中𠀀𡀀a𠀀", "", "区区区区", "郑州市金水区人民政府"];
        for t in texts {
            let chars: Vec<char> = t.chars().collect();
            let places = Places::of(&chars);
            for &c in chars.iter().chain(&['无', 'z']) {
                let naive: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == c).collect();
                assert_eq!(places.of_char(c).collect::<Vec<_>>(), naive, "{t} / {c}");
                for from in 0..=chars.len() + 1 {
                    let after: Vec<usize> = naive.iter().copied().filter(|&i| i >= from).collect();
                    assert_eq!(places.of_char_from(c, from).collect::<Vec<_>>(), after, "{t} / {c} from {from}");
                }
            }
        }
    }
}
