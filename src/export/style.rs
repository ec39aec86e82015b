//! How nodes look on first open: a colour per entity type and a size from mentions.

use crate::graph::Node;
use crate::model::EntityType;

/// A colour per type, chosen to be told apart on white and by most colour-blind readers
/// (Okabe–Ito palette plus two greys).
pub fn color(ty: Option<EntityType>) -> (u8, u8, u8) {
    match ty {
        Some(EntityType::Official) => (213, 94, 0),
        Some(EntityType::Journalist) => (153, 153, 153),
        Some(EntityType::Person) => (204, 121, 167),
        Some(EntityType::District) => (0, 114, 178),
        Some(EntityType::Organization) => (0, 158, 115),
        Some(EntityType::Company) => (230, 159, 0),
        Some(EntityType::Program) => (86, 180, 233),
        Some(EntityType::Project) => (240, 228, 66),
        None => (102, 102, 102),
    }
}

/// Node size: 10 plus 6 × ln(1 + mentions), so a node mentioned 100 times is about three
/// times as large as one mentioned once.
pub fn size(n: &Node) -> f64 {
    let s = 10.0 + 6.0 * (1.0 + n.mentions as f64).ln();
    (s * 100.0).round() / 100.0
}

/// `#rrggbb`.
pub fn hex(ty: Option<EntityType>) -> String {
    let (r, g, b) = color(ty);
    format!("#{r:02x}{g:02x}{b:02x}")
}
