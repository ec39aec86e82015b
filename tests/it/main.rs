//! The integration tests: one binary, a module per feature.

mod cli;
mod common;
mod discover;
mod exports;
mod gold;
mod graph;
mod query;
mod recognition;
mod robustness;
mod scale;
mod segmentation;
mod streaming;
mod layers;
mod trust;
