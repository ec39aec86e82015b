//! The integration tests: one binary, a module per feature.

mod analysis;
mod append;
mod cli;
mod commands;
mod common;
mod discover;
mod exports;
mod gold;
mod graph;
mod query;
mod recognition;
mod relations;
mod resolve_select;
mod robustness;
mod scale;
mod segmentation;
mod serve;
mod streaming;
mod windows;
mod layers;
mod people;
mod trust;
