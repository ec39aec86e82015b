//! Co-occurrence windows: the char ranges of sentences, paragraphs and articles, and the
//! edges each window gives.

use crate::common::{page, pipeline};
use newsgraph::graph::{windows, EdgeKind, EntityGraph, GraphBuilder, Window};
use newsgraph::model::ArticleRecord;
use petgraph::visit::EdgeRef;
use std::collections::BTreeSet;

#[test]
fn window_ranges() {
    // 甲0 乙1 。2 丙3 ！4 丁5 \n6 戊7 ；8 己9 ？10 \n11 庚12
    let text = "甲乙。丙！丁\n戊；己？\n庚";
    type Case = (&'static str, &'static str, Window, &'static [(usize, usize)]);
    let cases: &[Case] = &[
        ("sentences end at 。！？； and line ends", text, Window::Sentence, &[(0, 3), (3, 5), (5, 7), (7, 9), (9, 11), (11, 12), (12, 13)]),
        ("paragraphs are lines", text, Window::Paragraph, &[(0, 7), (7, 12), (12, 13)]),
        ("the article is one window", text, Window::Article, &[(0, 13)]),
        ("no empty window after a final stop", "甲乙。丙丁。", Window::Sentence, &[(0, 3), (3, 6)]),
        ("a comma does not end a sentence", "甲，乙、丙：丁。", Window::Sentence, &[(0, 8)]),
        ("no stop at all", "甲乙丙", Window::Sentence, &[(0, 3)]),
        ("a sentence stop does not end a paragraph", "甲。乙！\n丙", Window::Paragraph, &[(0, 5), (5, 6)]),
        ("empty text", "", Window::Sentence, &[]),
        ("empty text is one empty article", "", Window::Article, &[(0, 0)]),
        ("chars of every width are counted", "a𠀀é。b", Window::Sentence, &[(0, 4), (4, 5)]),
        ("other fullwidth and 〇-block chars are not stops", "Ａ，〇、ｂ？「丙」；", Window::Sentence, &[(0, 6), (6, 10)]),
    ];
    for (what, text, window, want) in cases {
        let got = windows(text, *window);
        assert_eq!(&got, want, "{what}");
        // Windows tile the text: each starts where the one before ended.
        let mut at = 0;
        for (s, e) in &got {
            assert!(*s == at && (e > s || text.is_empty()), "{what}: {got:?} leaves a gap or an empty window");
            at = *e;
        }
        assert_eq!(at, text.chars().count(), "{what}: {got:?} does not reach the end");
    }
}

/// Records of a text through the whole pipeline.
fn records(text: &str) -> Vec<ArticleRecord> {
    pipeline().process_page(&page("w.txt", text)).iter().map(|(a, m)| ArticleRecord::new(a, m)).collect()
}

fn graph(records: &[ArticleRecord], window: Window) -> EntityGraph {
    let mut b = GraphBuilder::new(window);
    for r in records {
        b.add_article(r);
    }
    b.build(&pipeline().recognizer.index)
}

/// The co-occurrence edges of a graph, as sorted pairs of names.
fn cooccurrences(g: &EntityGraph) -> BTreeSet<(String, String)> {
    g.graph
        .edge_references()
        .filter(|e| e.weight().kind == EdgeKind::Cooccurs)
        .map(|e| {
            let (a, b) = (g.graph[e.source()].name.clone(), g.graph[e.target()].name.clone());
            if a < b { (a, b) } else { (b, a) }
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter().map(|(a, b)| if a < b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) }).collect()
}

#[test]
fn sentence_window_links_less_than_article_window() {
    // One article, one paragraph, two sentences: 二七区 and 苏建设 in the first, 惠济区,
    // 孙丽 and 花园口镇 in the second.
    let recs = records("本报讯 二七区区长苏建设到企业调研。惠济区副区长孙丽到花园口镇检查。");
    assert_eq!(recs.len(), 1, "one article");
    let names: BTreeSet<&str> = recs[0].entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["二七区", "苏建设", "惠济区", "孙丽", "花园口镇"]), "the entities recognized");
    let within = [("二七区", "苏建设"), ("惠济区", "孙丽"), ("惠济区", "花园口镇"), ("孙丽", "花园口镇")];
    let across = [
        ("二七区", "惠济区"),
        ("二七区", "孙丽"),
        ("二七区", "花园口镇"),
        ("苏建设", "惠济区"),
        ("苏建设", "孙丽"),
        ("苏建设", "花园口镇"),
    ];
    let sentence = cooccurrences(&graph(&recs, Window::Sentence));
    assert_eq!(sentence, pairs(&within), "sentence window");
    let article = cooccurrences(&graph(&recs, Window::Article));
    let all: Vec<(&str, &str)> = within.iter().chain(&across).copied().collect();
    assert_eq!(article, pairs(&all), "article window");
}

/// Hand-made records (spans where the names are written), so that the paragraph window is
/// checked apart from how pages are cut into articles.
#[test]
fn paragraph_window_stops_at_line_ends() {
    let text = "甲乙到会。丙丁讲话。\n戊己出席。";
    let chars: Vec<char> = text.chars().collect();
    let entity = |n: &str| {
        let pat: Vec<char> = n.chars().collect();
        let at = (0..chars.len()).find(|&i| chars[i..].starts_with(&pat)).unwrap();
        serde_json::json!({"id": format!("official:{n}"), "name": n, "type": "official", "count": 1, "spans": [[at, at + pat.len()]]})
    };
    let rec: ArticleRecord = serde_json::from_value(serde_json::json!({
        "id": "p1", "source": "p.txt", "title": "", "date": null, "journalists": [], "text": text,
        "entities": [entity("甲乙"), entity("丙丁"), entity("戊己")],
    }))
    .unwrap();
    let recs = [rec];
    let cases: [(Window, &[(&str, &str)]); 3] = [
        (Window::Sentence, &[]),
        (Window::Paragraph, &[("甲乙", "丙丁")]),
        (Window::Article, &[("甲乙", "丙丁"), ("甲乙", "戊己"), ("丙丁", "戊己")]),
    ];
    for (window, want) in cases {
        assert_eq!(cooccurrences(&graph(&recs, window)), pairs(want), "{window:?}");
    }
}
