//! The integration tests: one binary, a module per feature.

mod cli;
mod common;
mod exports;
mod gold;
mod recognition;
mod segmentation;
