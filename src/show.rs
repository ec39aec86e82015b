//! Terminal output of the commands: entity cards, article lists, aligned tables that
//! count a Chinese char as two columns, discover's dictionary lines.

use newsgraph::discover::{Discovered, Selection};
use newsgraph::model::EntityType;
use newsgraph::query::{Act, ArticleHit, Card, Career, Neighbor, Step};
use unicode_width::UnicodeWidthStr;

/// Prints rows as a table: columns padded to their widest cell (display width).
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(c.width());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        println!("{}", s.trim_end());
    };
    line(header.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

/// How a table names an entity: its name, or for one of the people a split name became,
/// the name with its jurisdiction (王伟@中原区), so that two rows of one name differ.
pub fn shown(id: &str, name: &str) -> String {
    newsgraph::graph::label_of(id, name).to_string()
}

pub fn float(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A numbered list of articles with their snippets.
pub fn articles(hits: &[ArticleHit]) {
    for (i, h) in hits.iter().enumerate() {
        println!("{:>2}. {}  [{}]  {}  ({} mention{})", i + 1, h.title, h.date.as_deref().unwrap_or("no date"), h.source, h.mentions, if h.mentions == 1 { "" } else { "s" });
        println!("    {}", h.snippet);
    }
}

/// An entity's neighbours as a table.
pub fn neighbors(near: &[Neighbor]) {
    let rows: Vec<Vec<String>> = near
        .iter()
        .map(|n| vec![shown(&n.id, &n.name), n.ty.clone(), n.kinds.join(","), float(n.weight), n.shared_articles.to_string(), n.depth.to_string()])
        .collect();
    table(&["name", "type", "kind", "weight", "articles", "depth"], &rows);
}

/// An entity's card: names, roles, counts, dates, then its articles and neighbours.
pub fn card(card: &Card, hits: &[ArticleHit], near: &[Neighbor], (more_articles, more_neighbors): (bool, bool)) {
    println!("{}  ({}, {})", card.name, card.ty, card.id);
    if !card.aliases.is_empty() {
        println!("  aliases   {}", card.aliases.join("、"));
    }
    if !card.roles.is_empty() {
        println!("  roles     {}", card.roles.join("、"));
    }
    println!("  mentions  {} in {} article(s); degree {}, pagerank {}", card.mentions, card.articles, card.degree, float(card.pagerank));
    if let (Some(a), Some(b)) = (&card.first_date, &card.last_date) {
        println!("  dates     {a} – {b}");
    }
    println!("\nArticles");
    articles(hits);
    more(more_articles, "articles");
    println!("\nNeighbours");
    neighbors(near);
    more(more_neighbors, "neighbours");
}

/// What an entity did and what was done to it, with the sentences.
pub fn acts(id: &str, acts: &[Act], more_acts: bool) {
    if acts.is_empty() {
        return;
    }
    println!("\nActs");
    for a in acts {
        let line = if a.subject == id {
            format!("─{}→ {}", a.kind, a.object_name)
        } else if a.object == id && (a.kind == "meets" || a.kind == "signs") {
            format!("─{}─ {}", a.kind, a.subject_name)
        } else {
            format!("←{}─ {}", a.kind, a.subject_name)
        };
        println!("  {line}  [{}] {}", a.date.as_deref().unwrap_or("no date"), a.title);
        println!("      {}", a.sentence);
    }
    more(more_acts, "acts");
}

/// Careers as text: per official, each post with its dates and article count, then the
/// changes.
pub fn careers(careers: &[Career]) {
    for (i, c) in careers.iter().enumerate() {
        if i > 0 {
            println!();
        }
        println!("{}  ({})", c.name, c.id);
        for p in &c.posts {
            let when = match (&p.first_seen, &p.last_seen) {
                (Some(a), Some(b)) if a == b => a.clone(),
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => "no date".to_string(),
            };
            let at = p.place_name.as_deref().map(|n| format!(" at {n}")).unwrap_or_default();
            println!("  {when:<23}  {}{at}  ({} article(s))", p.title, p.articles.len());
        }
        for ch in &c.changes {
            println!("  change  {ch}");
        }
    }
}

/// Careers as CSV, one row per post, columns named like the CPED's.
pub fn careers_csv(careers: &[Career], out: impl std::io::Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["name", "organization", "jurisdiction", "title", "first_seen", "last_seen", "articles", "official_id", "article_ids"])?;
    for c in careers {
        for p in &c.posts {
            w.write_record([
                c.name.as_str(),
                p.organization.as_deref().unwrap_or(""),
                p.jurisdiction.as_deref().unwrap_or(""),
                p.title.as_str(),
                p.first_seen.as_deref().unwrap_or(""),
                p.last_seen.as_deref().unwrap_or(""),
                &p.articles.len().to_string(),
                c.id.as_str(),
                &p.articles.join(";"),
            ])?;
        }
    }
    w.flush()
}

/// Says that a list was cut at `--limit`.
pub fn more(more: bool, what: &str) {
    if more {
        println!("  … more {what}: raise --limit to see them");
    }
}

/// The steps of a path between two entities, each edge with its articles.
/// The steps of a path between two entities: each link the way it reads (an arrow for a
/// directed kind: 王村镇 ─located_in→ 荥阳市, 荥阳市 ←located_in─ 王村镇) and the newest
/// articles behind it by title.
pub fn path(steps: &[Step]) {
    for s in steps {
        let name = shown(&s.id, &s.name);
        let Some(k) = &s.kind else {
            println!("{name} ({})", s.ty);
            continue;
        };
        let link = match s.forward {
            Some(true) => format!("─{k}→"),
            Some(false) => format!("←{k}─"),
            None => format!("─{k}─"),
        };
        println!("  {link} {name} ({})", s.ty);
        for e in &s.evidence {
            println!("        {}  {}", e.date.as_deref().unwrap_or("no date"), if e.title.is_empty() { &e.id } else { &e.title });
        }
        if s.article_count > s.evidence.len() {
            println!("        … {} article(s) in all", s.article_count);
        }
    }
}

/// The entities a name names, for the user to pick one by id.
pub fn candidates(cards: &[Card]) {
    let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "—".to_string());
    let rows: Vec<Vec<String>> = cards
        .iter()
        .map(|c| vec![c.id.clone(), c.ty.clone(), c.roles.join("、"), c.mentions.to_string(), date(&c.first_date), date(&c.last_date)])
        .collect();
    table(&["id", "type", "roles", "mentions", "first", "last"], &rows);
}

/// The top entities as a table.
pub fn top(cards: &[Card]) {
    let rows: Vec<Vec<String>> = cards
        .iter()
        .enumerate()
        .map(|(i, c)| vec![(i + 1).to_string(), shown(&c.id, &c.name), c.ty.clone(), c.mentions.to_string(), c.degree.to_string(), float(c.weighted_degree), float(c.pagerank)])
        .collect();
    table(&["#", "name", "type", "mentions", "degree", "weighted", "pagerank"], &rows);
}

/// Discover's lists in dictionary line format, one section per list and type.
pub fn discovered(lists: &[(&str, &str, &[Discovered])], sel: &Selection) {
    let mut first = true;
    for (_, title, list) in lists {
        for (ty, items, total) in sel.pick(list) {
            if !first {
                println!();
            }
            first = false;
            let shown = if items.len() < total { format!(", {} shown", items.len()) } else { String::new() };
            let ty: EntityType = ty;
            println!("# ==== {title}: {ty} ({total}{shown}) ====");
            for c in &items {
                println!("{}", c.to_line());
            }
        }
    }
}
