//! newsgraph: Chinese local-government news in, a knowledge graph out.
//!
//! The pipeline runs one way through one module per stage:
//! [`ingest`] → [`normalize`] → [`articles`] → [`recognize`] → [`resolve`] → [`graph`] →
//! [`export`]; [`pipeline`] wires them together and [`eval`] scores recognition against
//! gold annotations. DESIGN.md has the map of the modules: what each owns and what it
//! may call (`tests/it/layers.rs` holds the code to it).
//!
//! One page through the whole pipeline, as a library:
//!
//! ```
//! use newsgraph::dict::DictConfig;
//! use newsgraph::graph::{GraphBuilder, Window};
//! use newsgraph::model::{ArticleRecord, EntityType, Page};
//! use newsgraph::pipeline::Pipeline;
//!
//! let pipeline = Pipeline::new(&DictConfig::default(), Some("2022-06-21".into()))?;
//! let page = Page {
//!     source: "page.txt".into(),
//!     line: None,
//!     text: "本报讯（记者 王小明）二七区区长苏建设在区发改委调研。".into(),
//!     record: None,
//! };
//! let mut graph = GraphBuilder::new(Window::Paragraph);
//! for (article, mentions) in pipeline.process_page(&page) {
//!     let record = ArticleRecord::new(&article, &mentions);
//!     let names: Vec<_> = record.entities.iter().map(|e| (e.ty, e.name.as_str())).collect();
//!     assert!(names.contains(&(EntityType::Official, "苏建设")));
//!     assert!(names.contains(&(EntityType::Organization, "二七区发改委")));
//!     assert!(names.contains(&(EntityType::Journalist, "王小明")));
//!     graph.add_article(&record);
//! }
//! let graph = graph.build(&pipeline.recognizer.index);
//! assert!(graph.graph.node_count() >= 4);
//! # Ok::<(), newsgraph::Error>(())
//! ```

pub mod analysis;
pub mod articles;
pub mod dict;
pub mod error;
pub mod discover;
pub mod eval;
pub mod export;
pub mod filter;
pub mod fs;
pub mod graph;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod query;
pub mod recognize;
pub mod relate;
pub mod reprint;
pub mod resolve;
pub mod serve;
pub mod store;
pub mod text;
pub(crate) mod timing;

pub use error::{Error, Result};
