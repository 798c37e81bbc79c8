//! What an environment requires of one participant (format §3, "What is
//! required of whom"): the certificate purposes and connectivity steps whose
//! limits the participant meets. EP105, EP303, the pack and milestones all
//! ask here, so that they cannot disagree about who needs what.

use crate::registry::records::{Purpose, Step};

use super::{EnvIx, IntervalIx, Model, ParticipantIx};

impl Model<'_> {
    /// Whether participant `p` holds one of `roles`.
    pub fn holds_any_role(&self, p: ParticipantIx, roles: &[smol_str::SmolStr]) -> bool {
        self.reg.participants[p]
            .roles
            .iter()
            .any(|r| roles.iter().any(|x| x == r.as_str()))
    }

    /// The participant's cohort on an environment: the earliest-starting
    /// not-cancelled interval of the proving stage there that lists it.
    pub fn cohort(&self, p: ParticipantIx, env: EnvIx) -> Option<IntervalIx> {
        self.cohorts
            .binary_search_by_key(&(p, env), |&(k, _)| k)
            .ok()
            .map(|at| self.cohorts[at].1)
    }

    /// The certificate purposes environment `env` requires of participant
    /// `p`: its entries without roles, and those with a role `p` holds.
    pub fn purposes_required(&self, p: ParticipantIx, env: EnvIx) -> Vec<Purpose> {
        let mut out = Vec::new();
        for need in &self.environments[env].certificates {
            if (need.roles.is_empty() || self.holds_any_role(p, &need.roles))
                && !out.contains(&need.purpose)
            {
                out.push(need.purpose);
            }
        }
        out
    }

    /// The connectivity steps environment `env` requires of participant `p`:
    /// its entries whose limits `p` meets, less `message` when all its roles
    /// only receive. A participant with no cohort there is not waived by a
    /// `from_interval` limit.
    pub fn steps_required(&self, p: ParticipantIx, env: EnvIx) -> Vec<Step> {
        let participant = &self.reg.participants[p];
        let receive_only = self
            .settings
            .receive_only(participant.roles.iter().map(|r| r.as_str()));
        let cohort_start = self
            .cohort(p, env)
            .and_then(|c| self.intervals[c].range)
            .map(|r| r.start);
        let mut out = Vec::new();
        for need in &self.environments[env].connectivity {
            if receive_only && need.step == Step::Message {
                continue;
            }
            if !need.roles.is_empty() && !self.holds_any_role(p, &need.roles) {
                continue;
            }
            if let Some(i) = need.from_interval {
                // An interval whose dates cannot be read (EP006) limits
                // nothing that can be judged: ask the step of nobody.
                let Some(from) = self.intervals[i].range.map(|r| r.start) else {
                    continue;
                };
                if cohort_start.is_some_and(|start| start < from) {
                    continue;
                }
            }
            if !out.contains(&need.step) {
                out.push(need.step);
            }
        }
        out
    }
}
