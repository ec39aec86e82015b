//! Recognition scored against the gold annotation of the sample pages (tests/gold).

use crate::common::root;
use newsgraph::eval::evaluate;
use newsgraph::pipeline::DictConfig;

#[test]
fn sample_gold_f1_at_least_095() {
    let scores =
        evaluate(&root().join("tests/gold"), &[root().join("corpus")], &DictConfig::default()).expect("eval runs");
    assert_eq!(scores.articles, 16);
    assert!(scores.unmatched_articles.is_empty(), "{:?}", scores.unmatched_articles);
    let f1 = scores.overall().f1();
    assert!(f1 >= 0.95, "F1 {f1:.3} < 0.95\n{}", scores.table(true));
}
