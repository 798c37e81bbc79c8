//! The Programme's settings with their defaults, as every rule needs them.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::diag::Code;
use crate::registry::model::RuleSetting;
use crate::time::{Duration, EwgRule};

#[derive(Debug, Clone)]
pub struct Settings {
    /// False when the registry has no readable Programme: vocabulary checks are then skipped.
    pub has_programme: bool,
    pub tz: Tz,
    pub ewg: Option<EwgRule>,
    pub certificate_warning: Duration,
    pub outage_notice: Duration,
    pub holidays: BTreeSet<NaiveDate>,
    /// Role codes in the order written.
    pub roles: Vec<String>,
    /// Stage codes in the order written.
    pub stages: Vec<String>,
    pub receive_only_roles: HashSet<String>,
    pub overrides: Vec<(Code, RuleSetting)>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            has_programme: false,
            tz: chrono_tz::UTC,
            ewg: None,
            certificate_warning: Duration::from_days(60),
            outage_notice: Duration::from_days(5),
            holidays: BTreeSet::new(),
            roles: Vec::new(),
            stages: Vec::new(),
            receive_only_roles: HashSet::new(),
            overrides: Vec::new(),
        }
    }
}

impl Settings {
    pub fn is_role(&self, code: &str) -> bool {
        self.roles.iter().any(|r| r == code)
    }
    pub fn is_stage(&self, code: &str) -> bool {
        self.stages.iter().any(|s| s == code)
    }
}
