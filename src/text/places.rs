//! Where each char of a text is: the positions of a char, in order, without a pass over
//! the text. Rules look for dozens of words in every text (head words, cue words, names
//! seen before); a substring pass per word cost more than the rest of their work.

/// Every char position of a text, grouped by char: where a word could start is a lookup
/// away, instead of a pass over the text per word.
///
/// One counting sort by the low bits of the char: the positions of one char are in its
/// bucket, in text order, with those of the few other chars of the text that share the
/// bucket (a text has some hundreds of distinct chars, spread over [`BUCKETS`]). That is
/// two passes over the text; a hash map from char to a chain of positions cost a hash
/// insert per char, and a radix sort on the whole char three passes more.
pub struct Places {
    /// `char << 32 | position`, bucket after bucket, each in text order.
    keys: Vec<u64>,
    /// Where each bucket starts in `keys`, then `keys.len()`.
    starts: Box<[u32]>,
}

/// How many buckets the chars are sorted into (a power of two).
const BUCKETS: usize = 1024;

fn bucket(c: char) -> usize {
    c as usize & (BUCKETS - 1)
}

impl Places {
    pub fn of(chars: &[char]) -> Places {
        let mut starts = vec![0u32; BUCKETS + 1].into_boxed_slice();
        for &c in chars {
            starts[bucket(c) + 1] += 1;
        }
        for b in 1..=BUCKETS {
            starts[b] += starts[b - 1];
        }
        let mut next: Vec<u32> = starts[..BUCKETS].to_vec();
        let mut keys = vec![0u64; chars.len()];
        for (i, &c) in chars.iter().enumerate() {
            let slot = &mut next[bucket(c)];
            keys[*slot as usize] = (u64::from(c) << 32) | i as u64;
            *slot += 1;
        }
        Places { keys, starts }
    }

    /// The positions of `c`, in text order.
    pub fn of_char(&self, c: char) -> impl Iterator<Item = usize> + '_ {
        self.of_char_from(c, 0)
    }

    /// The positions of `c` from char `from` on, in text order (the bucket's positions
    /// rise, so the first is found by binary search).
    pub fn of_char_from(&self, c: char, from: usize) -> impl Iterator<Item = usize> + '_ {
        let b = bucket(c);
        let run = &self.keys[self.starts[b] as usize..self.starts[b + 1] as usize];
        let a = run.partition_point(|&k| ((k & 0xFFFF_FFFF) as usize) < from);
        let c = u64::from(c);
        run[a..].iter().filter(move |&&k| k >> 32 == c).map(|&k| (k & 0xFFFF_FFFF) as usize)
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
        let texts = ["中文中a文\u{4E00}\u{4F00}\u{5000}\u{4E00}\u{4A00}\u{4E00}\u{5200}", "𠀀中𠀀𡀀a𠀀", "", "区区区区", "郑州市金水区人民政府"];
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
