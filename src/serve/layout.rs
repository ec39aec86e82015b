//! A deterministic force layout for the graph page: ForceAtlas2 (Jacomy, Venturini,
//! Heymann and Bastian 2014) with its adaptive speeds, from a fixed start (a golden-angle
//! spiral in input order), so the same graph always gets the same picture. Free
//! functions over plain indices; O(n²) repulsion, which is fast at the page's few hundred
//! nodes.

use crate::query::Subgraph;

/// The drawing area the page's SVG uses.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 700.0;
/// Room left around the drawing for labels.
pub const MARGIN: f64 = 60.0;

/// ForceAtlas2's knobs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Repulsion between every pair, scaled by (degree + 1) of both.
    pub repulsion: f64,
    /// Pull of each node towards the centre, scaled by (degree + 1).
    pub gravity: f64,
    /// How far the global speed may go (FA2's τ, tolerance to swinging).
    pub tolerance: f64,
    pub iterations: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { repulsion: 2.0, gravity: 1.0, tolerance: 1.0, iterations: 300 }
    }
}

/// Positions for `n` nodes joined by `edges` (`(a, b, weight)`; weight `w` attracts as
/// ln(1 + w), so a hub's heaviest ties do not crush the rest). Same input, same output.
pub fn force_atlas2(n: usize, edges: &[(usize, usize, f64)], s: &Settings) -> Vec<[f64; 2]> {
    let mut pos: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let r = 10.0 * ((i + 1) as f64).sqrt();
            let a = i as f64 * 2.399_963_229_728_653;
            [r * a.cos(), r * a.sin()]
        })
        .collect();
    if n < 2 {
        return vec![[0.0, 0.0]; n];
    }
    let edges: Vec<(usize, usize, f64)> = edges.iter().copied().filter(|&(a, b, _)| a < n && b < n && a != b).collect();
    let mut mass = vec![1.0f64; n];
    for &(a, b, _) in &edges {
        mass[a] += 1.0;
        mass[b] += 1.0;
    }
    let mut force = vec![[0.0f64; 2]; n];
    let mut old = vec![[0.0f64; 2]; n];
    let mut speed = 1.0f64;
    for _ in 0..s.iterations {
        std::mem::swap(&mut force, &mut old);
        force.iter_mut().for_each(|f| *f = [0.0, 0.0]);
        // Repulsion: k_r (m_i m_j) / d.
        for i in 0..n {
            for j in i + 1..n {
                let dx = pos[i][0] - pos[j][0];
                let dy = pos[i][1] - pos[j][1];
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = s.repulsion * mass[i] * mass[j] / d2;
                force[i][0] += dx * f;
                force[i][1] += dy * f;
                force[j][0] -= dx * f;
                force[j][1] -= dy * f;
            }
        }
        // Gravity: k_g m towards the centre.
        for i in 0..n {
            let d = (pos[i][0] * pos[i][0] + pos[i][1] * pos[i][1]).sqrt();
            if d > 0.0 {
                let f = s.gravity * mass[i] / d;
                force[i][0] -= pos[i][0] * f;
                force[i][1] -= pos[i][1] * f;
            }
        }
        // Attraction: linear in distance, by weight.
        for &(a, b, w) in &edges {
            let f = (1.0 + w.max(0.0)).ln().max(0.1);
            let dx = pos[a][0] - pos[b][0];
            let dy = pos[a][1] - pos[b][1];
            force[a][0] -= dx * f;
            force[a][1] -= dy * f;
            force[b][0] += dx * f;
            force[b][1] += dy * f;
        }
        // Adaptive speed: swinging nodes slow down, nodes moving steadily speed up.
        let (mut swing, mut traction) = (0.0f64, 0.0f64);
        let sw: Vec<f64> = (0..n)
            .map(|i| {
                let sx = force[i][0] - old[i][0];
                let sy = force[i][1] - old[i][1];
                let tx = force[i][0] + old[i][0];
                let ty = force[i][1] + old[i][1];
                let si = (sx * sx + sy * sy).sqrt();
                swing += mass[i] * si;
                traction += mass[i] * 0.5 * (tx * tx + ty * ty).sqrt();
                si
            })
            .collect();
        let target = if swing > 0.0 { s.tolerance * traction / swing } else { speed };
        speed = (speed + (target - speed).min(0.5 * speed)).max(1e-6);
        for i in 0..n {
            let f = (force[i][0] * force[i][0] + force[i][1] * force[i][1]).sqrt();
            if f == 0.0 {
                continue;
            }
            let local = (0.1 * speed / (1.0 + speed * sw[i].sqrt())).min(10.0 / f);
            pos[i][0] += force[i][0] * local;
            pos[i][1] += force[i][1] * local;
        }
    }
    pos
}

/// Scales positions to fit `width × height` less `margin` on every side, centred, rounded
/// to 0.1 (stable text in the SVG).
pub fn fit(pos: &[[f64; 2]], width: f64, height: f64, margin: f64) -> Vec<[f64; 2]> {
    if pos.is_empty() {
        return Vec::new();
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pos {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    let (w, h) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
    // Each axis fills its side, but neither is stretched more than twice the other: a
    // tall layout in a wide box is widened, not flattened into a line.
    let (sx, sy) = (((width - 2.0 * margin) / w).min(200.0), ((height - 2.0 * margin) / h).min(200.0));
    let (sx, sy) = (sx.min(2.0 * sy), sy.min(2.0 * sx));
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let r = |v: f64| (v * 10.0).round() / 10.0;
    pos.iter().map(|p| [r(width / 2.0 + (p[0] - cx) * sx), r(height / 2.0 + (p[1] - cy) * sy)]).collect()
}

/// The layout of a neighbourhood in the page's drawing area, one position per node in
/// the subgraph's order.
pub fn place(sub: &Subgraph) -> Vec<[f64; 2]> {
    let index: std::collections::HashMap<&str, usize> = sub.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let edges: Vec<(usize, usize, f64)> = sub
        .edges
        .iter()
        .filter_map(|e| Some((*index.get(e.source.as_str())?, *index.get(e.target.as_str())?, e.weight)))
        .collect();
    let iterations = if sub.nodes.len() > 150 { 200 } else { 300 };
    let pos = force_atlas2(sub.nodes.len(), &edges, &Settings { iterations, ..Settings::default() });
    fit(&pos, WIDTH, HEIGHT, MARGIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring_and_star() -> Vec<(usize, usize, f64)> {
        // 0 is a hub of 1..6; 6..10 a chain hanging off 5.
        let mut e: Vec<(usize, usize, f64)> = (1..6).map(|i| (0, i, 2.0)).collect();
        e.extend((5..10).map(|i| (i, i + 1, 1.0)));
        e
    }

    #[test]
    fn same_input_same_layout() {
        let a = force_atlas2(11, &ring_and_star(), &Settings::default());
        let b = force_atlas2(11, &ring_and_star(), &Settings::default());
        assert_eq!(a, b);
        assert!(a.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
    }

    #[test]
    fn linked_nodes_end_closer_than_unlinked_ones() {
        let p = force_atlas2(11, &ring_and_star(), &Settings::default());
        let d = |a: usize, b: usize| ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt();
        assert!(d(0, 1) < d(1, 10), "{} vs {}", d(0, 1), d(1, 10));
        assert!(d(9, 10) < d(0, 10));
        // Nobody sits on anybody.
        for i in 0..11 {
            for j in i + 1..11 {
                assert!(d(i, j) > 1e-3, "{i} and {j} coincide");
            }
        }
    }

    #[test]
    fn fit_keeps_everything_inside_the_margins() {
        let p = fit(&force_atlas2(11, &ring_and_star(), &Settings::default()), WIDTH, HEIGHT, MARGIN);
        for q in &p {
            assert!(q[0] >= MARGIN - 0.1 && q[0] <= WIDTH - MARGIN + 0.1, "{q:?}");
            assert!(q[1] >= MARGIN - 0.1 && q[1] <= HEIGHT - MARGIN + 0.1, "{q:?}");
        }
        assert_eq!(fit(&[[3.0, 4.0]], WIDTH, HEIGHT, MARGIN), vec![[WIDTH / 2.0, HEIGHT / 2.0]]);
        assert!(fit(&[], WIDTH, HEIGHT, MARGIN).is_empty());
    }

    #[test]
    fn tiny_and_degenerate_graphs() {
        assert!(force_atlas2(0, &[], &Settings::default()).is_empty());
        assert_eq!(force_atlas2(1, &[], &Settings::default()), vec![[0.0, 0.0]]);
        // Out-of-range and self edges are ignored, not a panic.
        let p = force_atlas2(2, &[(0, 5, 1.0), (1, 1, 1.0), (0, 1, f64::NAN)], &Settings::default());
        assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()), "{p:?}");
    }
}
