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

/// Whether the text holds one of [`BYLINE_ROLE_CORES`].
pub fn has_byline_role(text: &str) -> bool {
    static CORES: Keywords = Keywords::new(&BYLINE_ROLE_CORES);
    CORES.in_text(text)
}

/// jieba's part-of-speech tags of proper nouns: person names (nr, nrt, nrfg), place names
/// (ns), organization names (nt) and other proper nouns (nz).
pub fn is_proper_noun_tag(tag: &str) -> bool {
    matches!(tag, "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz")
}

#[cfg(test)]
mod tests {
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
