//! Fuzzes the whole text path: decoding, normalization, segmentation, recognition and
//! resolution, and the export of the resulting article records. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::export::ArticleRecord;
use newsgraph::model::Page;
use newsgraph::pipeline::{DictConfig, Pipeline};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&DictConfig::default(), None).expect("built-in dictionaries"))
}

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = newsgraph::ingest::decode(data) else { return };
    let page = Page { source: "fuzz.txt".into(), line: None, text, record: None };
    for (article, mentions) in pipeline().process_page(&page) {
        let chars = article.text.chars().count();
        for m in &mentions {
            assert!(m.span.start < m.span.end && m.span.end <= chars);
            assert!(article.text.is_char_boundary(m.span.byte_start) && article.text.is_char_boundary(m.span.byte_end));
        }
        let record = ArticleRecord::new(&article, &mentions);
        serde_json::to_string(&record).expect("records serialize");
    }
});
