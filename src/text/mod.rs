//! Facts about how Chinese local news is written that more than one stage needs, kept in
//! one place: the levels of the administrative divisions, the roles that open a byline,
//! jieba's tags of proper nouns, and the byline grammar itself ([`byline`]), which the
//! normalizer (to keep the spaces between names), the segmenter (a byline opens a story)
//! and the recognizer (journalists) all read.

pub mod byline;

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

/// jieba's part-of-speech tags of proper nouns: person names (nr, nrt, nrfg), place names
/// (ns), organization names (nt) and other proper nouns (nz).
pub fn is_proper_noun_tag(tag: &str) -> bool {
    matches!(tag, "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz")
}
