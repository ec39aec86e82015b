//! `builds`: a company builds a project (承建, 建设, 施工).
//!
//! As for `invests_in`: companies before the trigger, projects after it, or the project
//! before a passive 由. 建设 written without a company before it (项目建设进展顺利) gives
//! nothing.

use super::RelationRule;
use crate::model::RelationKind;
use crate::relate::{Cx, Found, Sentence, Trigger};

pub struct Builds;

impl RelationRule for Builds {
    fn kind(&self) -> RelationKind {
        RelationKind::Builds
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        super::company_to_project(cx, s, t)
    }
}
