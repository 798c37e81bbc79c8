//! Milestones as each participant meets them (format v2): to whom a
//! milestone applies, its due day for that participant, and whether it is
//! met, for the dashboard, the participant pages and the calendars.
//!
//! When `check` reports EP501 (overdue) or EP502 (due soon) for a milestone
//! and participant, that finding decides the state shown, so the site and
//! the rules agree. Otherwise the site reads what the milestone requires:
//! a recorded day, a certificate in use for the environment and purpose, the
//! connectivity steps done by the due day, or the officers recorded.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::diag::Code;
use crate::model::{DueFacts, EnvIx, IntervalIx, MilestoneIx, ParticipantIx, RequiresFacts};
use crate::registry::records::Officer;

use super::Cx;

/// One milestone for one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub milestone: MilestoneIx,
    pub participant: ParticipantIx,
    pub due: NaiveDate,
    pub state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Met (on this day, when it is known).
    Met(Option<NaiveDate>),
    /// Due day passed and not met.
    Overdue,
    /// Due within the programme's `milestone_warning`, not met yet.
    DueSoon,
    /// Not met, not due soon.
    Open,
}

impl State {
    pub fn text(self) -> String {
        match self {
            State::Met(Some(d)) => format!("met on {d}"),
            State::Met(None) => "met".to_owned(),
            State::Overdue => "overdue".to_owned(),
            State::DueSoon => "due soon".to_owned(),
            State::Open => "open".to_owned(),
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            State::Met(_) => "good",
            State::Overdue => "bad",
            State::DueSoon => "warn",
            State::Open => "",
        }
    }
}

/// Every (milestone, participant) it applies to, by due day.
pub(crate) fn all(cx: &Cx<'_, '_>) -> Vec<Due> {
    let m = cx.m;
    let mut out = Vec::new();
    for (mi, facts) in m.milestones.indexed() {
        let (Some(due), Some(who)) = (&facts.due, &facts.who) else {
            continue;
        };
        // The participants `check` reports it overdue (EP501) or due soon
        // (EP502) for, read once per milestone rather than per participant.
        let mid = m.reg.milestones[mi].id.as_str();
        let mut reported: HashMap<&str, (bool, bool)> = HashMap::new();
        for f in cx.findings_of(mid) {
            let (overdue, soon) = (f.code == Code::EP501, f.code == Code::EP502);
            if overdue || soon {
                for r in &f.records {
                    let e = reported.entry(r.as_str()).or_default();
                    e.0 |= overdue;
                    e.1 |= soon;
                }
            }
        }
        let candidates: Vec<ParticipantIx> = match &who.participants {
            Some(list) => list.to_vec(),
            None => m.reg.participants.indices().collect(),
        };
        for p in candidates {
            if !who.roles.is_empty() && !m.holds_any_role(p, &who.roles) {
                continue;
            }
            if (who.env.is_some() || who.stage.is_some())
                && !cx.participant_intervals[p]
                    .iter()
                    .any(|&i| occupies(cx, i, who.env, who.stage.as_deref()))
            {
                continue;
            }
            let day = match due {
                DueFacts::Day(d) => Some(*d),
                DueFacts::BeforeFirst { stage, env } => cx.participant_intervals[p]
                    .iter()
                    .find(|&&i| occupies(cx, i, *env, Some(stage)))
                    .and_then(|&i| m.intervals[i].range)
                    .map(|r| crate::time::when::date_of(r.start, cx.tz))
                    .and_then(|d| d.pred_opt()),
            };
            let Some(day) = day else { continue };
            out.push(Due {
                milestone: mi,
                participant: p,
                due: day,
                state: state(
                    cx,
                    mi,
                    p,
                    day,
                    reported
                        .get(m.reg.participants[p].id.as_str())
                        .copied()
                        .unwrap_or_default(),
                ),
            });
        }
    }
    out.sort_by_key(|d| (d.due, d.milestone, d.participant));
    out
}

/// Whether interval `i` is not cancelled and occupies `env` (when given) for `stage` (when given).
fn occupies(cx: &Cx<'_, '_>, i: IntervalIx, env: Option<EnvIx>, stage: Option<&str>) -> bool {
    let f = &cx.m.intervals[i];
    if f.is_cancelled() {
        return false;
    }
    let env_ok = env.is_none_or(|e| f.env == Some(e) || f.uses.contains(&e));
    let stage_ok = stage.is_none_or(|s| cx.m.reg.intervals[i].stage.as_str() == s);
    env_ok && stage_ok
}

/// Its state for participant `p`; `(overdue, due_soon)` says whether
/// `check` reported EP501 or EP502 for it.
fn state(
    cx: &Cx<'_, '_>,
    mi: MilestoneIx,
    p: ParticipantIx,
    due: NaiveDate,
    (overdue, due_soon): (bool, bool),
) -> State {
    let m = cx.m;
    if overdue {
        return State::Overdue;
    }
    if due_soon {
        return State::DueSoon;
    }
    let met = match &m.milestones[mi].requires {
        Some(RequiresFacts::Recorded) | None => m.participants[p]
            .milestones
            .iter()
            .find(|(x, _)| *x == mi)
            .map(|(_, d)| Some(*d)),
        Some(RequiresFacts::Certificate { env, purpose }) => cx.participant_certs[p]
            .iter()
            .filter_map(|&c| cx.in_use[c].as_ref())
            .any(|e| m.certificates[e.cert].env == Some(*env) && e.purpose == purpose.as_str())
            .then_some(None),
        Some(RequiresFacts::Connectivity { env, steps }) => {
            let steps = steps.clone().unwrap_or_else(|| m.steps_required(p, *env));
            let dates = m.participants[p]
                .steps_on(*env)
                .copied()
                .unwrap_or_default();
            let days: Option<Vec<NaiveDate>> = steps.iter().map(|s| dates.get(*s)).collect();
            days.filter(|d| d.iter().all(|x| *x <= due))
                .map(|d| d.into_iter().max())
        }
        Some(RequiresFacts::Officers(list)) => {
            let o = m.reg.participants[p]
                .pki_officers
                .as_ref()
                .map(|o| &o.value);
            list.iter()
                .all(|officer| {
                    o.is_some_and(|o| match officer {
                        Officer::NominatingOfficer => o.nominating_officer.is_some(),
                        Officer::Sro => o.sro.is_some(),
                        Officer::Aro => o.aro.is_some(),
                    })
                })
                .then_some(None)
        }
    };
    match met {
        Some(day) => State::Met(day),
        None if due < cx.as_of => State::Overdue,
        None if (due - cx.as_of).num_days() <= m.settings.milestone_warning => State::DueSoon,
        None => State::Open,
    }
}
