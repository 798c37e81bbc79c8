//! The Programme's settings with their defaults, as every rule needs them.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::diag::{Code, RuleSetting};
use crate::registry::records::{Officer, Purpose};
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
    /// False when the Programme's `roles` could not be read (EP003): no
    /// code is then known not to be a role.
    pub roles_read: bool,
    /// The same for `stages`.
    pub stages_read: bool,
    pub receive_only_roles: HashSet<String>,
    pub overrides: Vec<(Code, RuleSetting)>,
    /// The stage in which participants prove connectivity: exempt from EP105
    /// and EP303, and the stage of cohorts.
    pub proving_stage: String,
    /// Horizon of EP502 and EP504, in days.
    pub milestone_warning: i64,
    /// Officers per certificate purpose; `None`: version 1's EP102.
    pub pki: Option<Vec<(Purpose, Vec<Officer>)>>,
}

/// The proving stage when the Programme names none.
pub const DEFAULT_PROVING_STAGE: &str = "connectivity-proving";

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
            roles_read: true,
            stages_read: true,
            receive_only_roles: HashSet::new(),
            overrides: Vec::new(),
            proving_stage: DEFAULT_PROVING_STAGE.to_owned(),
            milestone_warning: 14,
            pki: None,
        }
    }
}

impl Settings {
    /// Whether the Programme's `rules` turn `code` off, so that `check` does
    /// not report it and no listing shows what it is about. Loading codes
    /// cannot be turned off (the sink reports them whatever `rules` says).
    pub fn is_off(&self, code: Code) -> bool {
        !code.is_loading()
            && self
                .overrides
                .iter()
                .any(|&(c, s)| c == code && s == RuleSetting::Off)
    }
    /// Whether `code` may be a role: it is one of the Programme's, or
    /// there are none to judge it by (no readable Programme or `roles`).
    pub fn allows_role(&self, code: &str) -> bool {
        !self.has_programme || !self.roles_read || self.roles.iter().any(|r| r == code)
    }
    /// Whether `code` may be a stage (see [`Settings::allows_role`]).
    pub fn allows_stage(&self, code: &str) -> bool {
        !self.has_programme || !self.stages_read || self.stages.iter().any(|s| s == code)
    }
    /// Whether all of a participant's roles only receive: then it need not
    /// send the test message. A participant with no roles never is.
    pub fn receive_only<'a>(&self, mut roles: impl Iterator<Item = &'a str>) -> bool {
        let mut any = false;
        let all = roles.all(|r| {
            any = true;
            self.receive_only_roles.contains(r)
        });
        any && all
    }
    /// The officers a certificate purpose needs under `pki`.
    pub fn officers_for(&self, purpose: Purpose) -> &[Officer] {
        self.pki
            .as_ref()
            .and_then(|p| p.iter().find(|(q, _)| *q == purpose))
            .map_or(&[], |(_, o)| o.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_off_only_when_turned_off_and_not_a_loading_code() {
        let settings = Settings {
            overrides: vec![
                (Code::EP201, RuleSetting::Off),
                (Code::EP202, RuleSetting::Warning),
                (Code::EP003, RuleSetting::Off),
            ],
            ..Settings::default()
        };
        assert!(settings.is_off(Code::EP201));
        assert!(!settings.is_off(Code::EP202));
        assert!(!settings.is_off(Code::EP203));
        // The sink reports loading codes whatever `rules` says.
        assert!(!settings.is_off(Code::EP003));
    }
}
