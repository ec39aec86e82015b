//! Facts about how Chinese local news is written that more than one stage needs, kept in
//! one place: the levels of the administrative divisions, the roles that open a byline,
//! jieba's tags of proper nouns, and the byline grammar itself ([`byline`]), which the
//! normalizer (to keep the spaces between names), the segmenter (a byline opens a story)
//! and the recognizer (journalists) all read.

pub mod byline;
pub mod places;

// ---- char classes ----

/// Is `c` a Chinese character or Chinese punctuation (where OCR spaces are artifacts)?
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2010..=0x2027 | 0x00B7 | 0x2E80..=0x2EFF)
}

/// Is `c` a Han ideograph?
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// `char::is_alphanumeric`, answering the common CJK ideographs (all letters) and the
/// common Chinese punctuation (none) without its Unicode table lookup, which made it a hot
/// spot of segmentation.
#[inline]
pub fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c as u32, 0x4E00..=0x9FFF)
        || (!c.is_ascii()
            // ‐–—‘’“”…, 、。〈〉《》「」『』【】, ！（），：；？ and their kin: no letters among them.
            && !matches!(c as u32, 0x2010..=0x2027 | 0x3000..=0x3004 | 0x3008..=0x3011 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20)
            && c.is_alphanumeric())
}

/// Punctuation that ends a sentence (or a quoted sentence).
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '；' | '”' | '’' | '」' | '.' | '!' | '?')
}

/// The chars that end a division's name and make a relative jurisdiction (区发改委, 市委,
/// 县政府, 镇党委, 乡政府, 省人大): the levels of divisions a story names by level alone.
pub const LEVEL_CHARS: [char; 6] = ['区', '市', '县', '镇', '乡', '省'];

/// Is `c` a division level char ([`LEVEL_CHARS`])?
pub fn is_level_char(c: char) -> bool {
    LEVEL_CHARS.contains(&c)
}

/// Role keywords that open a byline, longest first (摄影记者 before 记者).
pub const BYLINE_ROLES: [&str; 10] =
    ["摄影记者", "见习记者", "特约记者", "首席记者", "实习记者", "通讯员", "实习生", "记者", "摄影", "摄像"];

/// Whether `c` is the first char of one of [`BYLINE_ROLES`]: asked at every char of a
/// line that is searched for roles, before any role is compared.
pub fn starts_byline_role(c: char) -> bool {
    matches!(c, '摄' | '见' | '特' | '首' | '实' | '通' | '记')
}

/// Whether `c` is the second char of one of [`BYLINE_ROLES`] (each has two or more):
/// with [`starts_byline_role`], most chars of a line are ruled out before any role is
/// compared.
pub fn continues_byline_role(c: char) -> bool {
    matches!(c, '影' | '习' | '约' | '席' | '讯' | '者' | '像')
}

/// Every one of [`BYLINE_ROLES`] holds one of these (and each is a role): a line holds a
/// role exactly when it holds a core, found with half the substring searches.
pub const BYLINE_ROLE_CORES: [&str; 5] = ["记者", "通讯员", "实习生", "摄影", "摄像"];

/// A fixed set of keywords that lines are checked against, many times a page: whether a
/// text holds any of them is one pass over its bytes for all of them (aho-corasick's
/// packed SIMD searcher, built on first use), not a substring search for each or a
/// decoding of the text into chars.
pub struct Keywords {
    words: &'static [&'static str],
    searcher: std::sync::OnceLock<aho_corasick::AhoCorasick>,
}

impl Keywords {
    pub const fn new(words: &'static [&'static str]) -> Keywords {
        Keywords { words, searcher: std::sync::OnceLock::new() }
    }

    /// Does `text` hold one of the words?
    pub fn in_text(&self, text: &str) -> bool {
        self.searcher
            .get_or_init(|| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(self.words)
                    .expect("fixed patterns")
            })
            .is_match(text)
    }
}

/// A set of chars asked about for every char of a text: one bit test in the Basic
/// Multilingual Plane (where the chars of Chinese news are), a search of a sorted list
/// beyond it. A hash set cost a hash and a probe for each char.
#[derive(Clone)]
pub struct CharSet {
    bmp: Box<[u64; 1024]>,
    astral: Vec<char>,
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> CharSet {
        let mut set = CharSet { bmp: Box::new([0; 1024]), astral: Vec::new() };
        for c in chars {
            match usize::try_from(c as u32).ok().filter(|&k| k < 0x1_0000) {
                Some(k) => set.bmp[k >> 6] |= 1 << (k & 63),
                None => set.astral.push(c),
            }
        }
        set.astral.sort_unstable();
        set.astral.dedup();
        set
    }
}

impl CharSet {
    pub fn contains(&self, c: char) -> bool {
        let k = c as usize;
        if k < 0x1_0000 { self.bmp[k >> 6] >> (k & 63) & 1 == 1 } else { self.astral.binary_search(&c).is_ok() }
    }
}

impl std::fmt::Debug for CharSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.bmp.iter().map(|w| w.count_ones() as usize).sum::<usize>() + self.astral.len();
        write!(f, "CharSet({n} chars)")
    }
}

/// Whether the text holds one of [`BYLINE_ROLE_CORES`].
pub fn has_byline_role(text: &str) -> bool {
    static CORES: Keywords = Keywords::new(&BYLINE_ROLE_CORES);
    CORES.in_text(text)
}

// ---- char offsets ----

/// Whether a byte of UTF-8 begins a char (is not a continuation byte).
#[inline]
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The number of chars in UTF-8 bytes: a count of the bytes that begin one, instead of
/// decoding each char. Counted in blocks of 32 bytes with a byte-wide sum (which cannot
/// overflow there): the compiler makes a few SIMD instructions of each block, where a
/// plain count of the whole slice widened every byte to 64 bits, four bytes a step.
pub fn char_count(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(32);
    let mut n = 0;
    for block in &mut blocks {
        n += usize::from(block.iter().map(|&b| u8::from(starts_char(b))).sum::<u8>());
    }
    n + blocks.remainder().iter().filter(|&&b| starts_char(b)).count()
}

/// The chars of a text, in a vector made at their count ([`char_count`]) rather than
/// grown from a guess as it fills: for texts decoded whole on every article.
pub fn chars_of(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(char_count(text.as_bytes()));
    chars.extend(text.chars());
    chars
}

/// The byte offsets in `text` of the char offsets `at` (ascending; an offset past the end
/// gives the text's length), found in one pass over the text up to the last of them. For
/// the few offsets a record's spans name: cheaper than the text decoded into chars.
pub fn byte_offsets(text: &str, at: &[usize]) -> Vec<usize> {
    debug_assert!(at.windows(2).all(|w| w[0] <= w[1]), "offsets ascend");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(at.len());
    // `chars`: the chars that begin before byte `b`.
    let (mut chars, mut b) = (0, 0);
    for &want in at {
        // Whole blocks of 32 bytes while the char sought begins after them (counting a
        // block's char starts is a few SIMD instructions)...
        while let Some(block) = bytes.get(b..b + 32) {
            let n = char_count(block);
            if chars + n > want {
                break;
            }
            chars += n;
            b += 32;
        }
        // ...then byte by byte to its first byte.
        while b < bytes.len() && (chars < want || !starts_char(bytes[b])) {
            chars += starts_char(bytes[b]) as usize;
            b += 1;
        }
        out.push(b);
    }
    out
}

/// jieba's part-of-speech tags of proper nouns: person names (nr, nrt, nrfg), place names
/// (ns), organization names (nt) and other proper nouns (nz).
pub fn is_proper_noun_tag(tag: &str) -> bool {
    matches!(tag, "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz")
}

#[cfg(test)]
mod tests {
    #[test]
    fn char_set_is_the_set_of_its_chars() {
        let members = ['调', '研', 'a', '\u{ffff}', '\u{10000}', '\u{20001}', '\u{20001}'];
        let set: super::CharSet = members.iter().copied().collect();
        for c in members {
            assert!(set.contains(c), "{c:?}");
        }
        for c in ['察', 'b', '\u{0}', '\u{fffe}', '\u{10001}', '\u{20000}', char::MAX] {
            assert!(!set.contains(c), "{c:?}");
        }
        assert_eq!(format!("{set:?}"), "CharSet(6 chars)");
    }

    #[test]
    fn byte_offsets_and_char_counts_agree_with_char_indices() {
        let long = "郑州市二七区 a𠀀é。\n".repeat(9);
        for text in ["", "abc", "甲乙。丙！丁\n戊", "a甲b乙c", "𠀀甲\u{ffff}é", "记者 王伟", &long] {
            let chars: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            assert_eq!(super::char_count(text.as_bytes()), chars.len() - 1, "{text:?}");
            let at: Vec<usize> = (0..chars.len() + 3).collect();
            let want: Vec<usize> = at.iter().map(|&k| chars[k.min(chars.len() - 1)]).collect();
            assert_eq!(super::byte_offsets(text, &at), want, "{text:?}");
            // Any ascending subset, repeats included.
            let some: Vec<usize> = at.iter().copied().filter(|k| k % 2 == 1).flat_map(|k| [k, k]).collect();
            let want: Vec<usize> = some.iter().map(|&k| chars[k.min(chars.len() - 1)]).collect();
            assert_eq!(super::byte_offsets(text, &some), want, "{text:?}");
        }
    }

    #[test]
    fn byline_role_first_chars_are_those_of_the_roles() {
        let firsts: std::collections::BTreeSet<char> = super::BYLINE_ROLES.iter().filter_map(|r| r.chars().next()).collect();
        for c in ['摄', '见', '特', '首', '实', '通', '记', '编', '二', 'a'] {
            assert_eq!(super::starts_byline_role(c), firsts.contains(&c), "{c}");
        }
        assert_eq!(firsts.len(), 7);
        let seconds: std::collections::BTreeSet<char> = super::BYLINE_ROLES.iter().filter_map(|r| r.chars().nth(1)).collect();
        assert!(super::BYLINE_ROLES.iter().all(|r| r.chars().count() >= 2));
        for c in ['影', '习', '约', '席', '讯', '者', '像', '记', '员', '生', 'a'] {
            assert_eq!(super::continues_byline_role(c), seconds.contains(&c), "{c}");
        }
        assert_eq!(seconds.len(), 7);
    }

    #[test]
    fn each_byline_role_holds_a_core_and_each_core_is_a_role() {
        for r in super::BYLINE_ROLES {
            assert!(super::BYLINE_ROLE_CORES.iter().any(|c| r.contains(c)), "{r}");
        }
        for c in super::BYLINE_ROLE_CORES {
            assert!(super::BYLINE_ROLES.contains(&c), "{c}");
        }
    }
}
