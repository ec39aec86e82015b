//! `invests_in`: a company invests in a project (投资).
//!
//! Subject: the companies before the trigger; objects: the projects after it. Passive
//! (B项目由A公司投资建设): the project before 由 is the object.

use super::RelationRule;
use crate::model::RelationKind;
use crate::relate::{Cx, Found, Sentence, Trigger};

pub struct InvestsIn;

impl RelationRule for InvestsIn {
    fn kind(&self) -> RelationKind {
        RelationKind::InvestsIn
    }

    fn relate(&self, cx: &Cx, s: &Sentence, t: &Trigger) -> Found {
        super::company_to_project(cx, s, t)
    }
}
