//! newsgraph: Chinese local-government news in, a knowledge graph out.
//!
//! The pipeline runs one way through one module per stage:
//! [`ingest`] → [`normalize`] → [`articles`] → [`recognize`] → [`resolve`] → [`graph`] →
//! [`export`]; [`pipeline`] wires them together and [`eval`] scores recognition against
//! gold annotations.

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
pub mod resolve;
pub mod store;
pub mod text;
pub mod timing;

pub use error::{Error, Result};
