//! Stage 7: exports. Each format is a writer type of its own over an [`EntityGraph`].

mod articles;
mod graphml;
mod graphology;

pub use articles::{ArticleRecord, ArticlesWriter, EntityRecord};
pub use graphml::GraphmlWriter;
pub use graphology::GraphologyWriter;

use crate::model::EntityId;
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// The ASCII id of a node in exports: its type and a hash of `type:name`, stable across
/// builds and independent of which other nodes exist (`official-5b1f0c2a9e3d`).
pub fn node_key(id: &EntityId) -> String {
    let ty = id.as_str().split(':').next().unwrap_or("entity");
    let digest = Sha256::digest(id.as_str().as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{ty}-{hex}")
}

/// Removes chars that XML 1.0 does not allow (control chars other than tab and line
/// breaks, U+FFFE, U+FFFF).
pub fn xml_clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}';
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_ascii_and_stable() {
        let k = node_key(&EntityId("official:苏建设".into()));
        assert!(k.starts_with("official-") && k.is_ascii() && k.len() == "official-".len() + 12);
        assert_eq!(k, node_key(&EntityId("official:苏建设".into())));
        assert_eq!(xml_clean("a\u{1}b\u{FFFF}c\n"), "abc\n");
    }
}
