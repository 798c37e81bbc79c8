//! Milestones (format v2, §3 "Milestone"): who a deadline applies to, each
//! participant's due day, and whether it has met it on a day. EP501 and
//! EP502 are worded from these facts; `show` and reports can read the same
//! facts, so that they cannot disagree with `check`.

use chrono::NaiveDate;

use crate::certificates::validity;
use crate::model::{DueFacts, Idx, MilestoneFacts, Model, RequiresFacts};
use crate::registry::model::Officer;
use crate::time::when::{next_day, start_of_day};

/// One participant's deadline for one milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub participant: Idx,
    pub due: NaiveDate,
    /// For a `before_first` milestone, the interval whose start sets the due day.
    pub anchor: Option<Idx>,
}

/// Whether interval `i` occupies environment `env`: as its own or one it uses
/// (components do not count).
fn occupies(m: &Model<'_>, i: Idx, env: Idx) -> bool {
    let f = &m.intervals[i];
    f.env == Some(env) || f.uses.contains(&env)
}

/// Each participant's not-cancelled intervals, in registry order (a
/// participant listed twice in one interval has it once): computed once for
/// all milestones.
pub fn bookings_by_participant(m: &Model<'_>) -> Vec<Vec<Idx>> {
    let mut out: Vec<Vec<Idx>> = vec![Vec::new(); m.participants.len()];
    for (i, f) in m.intervals.iter().enumerate() {
        if f.is_cancelled() {
            continue;
        }
        for &p in f.participants.iter() {
            if out[p].last() != Some(&i) {
                out[p].push(i);
            }
        }
    }
    out
}

/// Every participant milestone `ms` applies to, with its due day, in
/// registry order. Empty when the milestone could not be read. `booked` is
/// [`bookings_by_participant`].
pub fn subjects(m: &Model<'_>, ms: Idx, booked: &[Vec<Idx>]) -> Vec<Subject> {
    let MilestoneFacts {
        due: Some(due),
        who: Some(who),
        requires: Some(_),
    } = &m.milestones[ms]
    else {
        return Vec::new();
    };
    let reg = m.reg;
    let tz = m.settings.tz;
    // Not-cancelled intervals that list p and match `pred`.
    let intervals_of = |p: Idx, pred: &dyn Fn(Idx) -> bool| {
        booked[p]
            .iter()
            .copied()
            .filter(|&i| pred(i))
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for p in 0..reg.participants.len() {
        if !who.roles.is_empty() && !m.holds_any_role(p, &who.roles) {
            continue;
        }
        if who.participants.as_ref().is_some_and(|ps| !ps.contains(&p)) {
            continue;
        }
        if who.env.is_some() || who.stage.is_some() {
            let matching = intervals_of(p, &|i| {
                who.env.is_none_or(|e| occupies(m, i, e))
                    && who
                        .stage
                        .as_ref()
                        .is_none_or(|s| reg.intervals[i].stage.as_str() == s)
            });
            if matching.is_empty() {
                continue;
            }
        }
        match due {
            DueFacts::Day(d) => out.push(Subject {
                participant: p,
                due: *d,
                anchor: None,
            }),
            DueFacts::BeforeFirst { stage, env } => {
                let first = intervals_of(p, &|i| {
                    reg.intervals[i].stage.as_str() == stage
                        && env.is_none_or(|e| occupies(m, i, e))
                        && m.intervals[i].range.is_some()
                })
                .into_iter()
                .min_by_key(|&i| (m.intervals[i].range.map(|r| r.start), i));
                if let Some(i) = first {
                    let start = m.intervals[i].range.map(|r| r.start);
                    if let Some(start) = start {
                        let day = crate::time::when::date_of(start, tz);
                        out.push(Subject {
                            participant: p,
                            due: day.pred_opt().unwrap_or(day),
                            anchor: Some(i),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Whether participant `p` has met milestone `ms` on `day`.
pub fn met(m: &Model<'_>, ms: Idx, p: Idx, day: NaiveDate) -> bool {
    let Some(requires) = &m.milestones[ms].requires else {
        return false;
    };
    match requires {
        RequiresFacts::Recorded => m.participants[p]
            .milestones
            .iter()
            .any(|&(x, d)| x == ms && d <= day),
        RequiresFacts::Certificate { env, purpose } => {
            let tz = m.settings.tz;
            let (from, to) = (start_of_day(day, tz), start_of_day(next_day(day), tz));
            m.certificates.iter().enumerate().any(|(c, f)| {
                f.participant == Some(p)
                    && f.env == Some(*env)
                    && f.dates_ok
                    && m.reg.certificates[c].purpose.value == *purpose
                    && validity(m, c).is_some_and(|(valid_from, until)| {
                        valid_from.is_none_or(|v| v <= from) && until >= to
                    })
            })
        }
        RequiresFacts::Connectivity { env, steps } => {
            let steps = match steps {
                Some(s) => s.clone(),
                None => m.steps_required(p, *env),
            };
            let dates = m.participants[p].steps_on(*env);
            steps
                .iter()
                .all(|&s| dates.and_then(|d| d.get(s)).is_some_and(|d| d <= day))
        }
        RequiresFacts::Officers(officers) => {
            let recorded = m.reg.participants[p].pki_officers.as_ref();
            officers
                .iter()
                .all(|&o| recorded.is_some_and(|r| has_officer(r, o)))
        }
    }
}

/// Whether a participant's `pki_officers` records officer `o`.
pub fn has_officer(officers: &crate::registry::model::PkiOfficers, o: Officer) -> bool {
    match o {
        Officer::NominatingOfficer => officers.nominating_officer.is_some(),
        Officer::Sro => officers.sro.is_some(),
        Officer::Aro => officers.aro.is_some(),
    }
}

/// What meeting the milestone takes, in words, for messages.
pub fn what_it_takes(m: &Model<'_>, ms: Idx) -> String {
    let reg = m.reg;
    match &m.milestones[ms].requires {
        Some(RequiresFacts::Certificate { env, purpose }) => format!(
            "a valid {purpose} certificate for `{}`",
            reg.environments[*env].id.value
        ),
        Some(RequiresFacts::Connectivity { env, steps }) => match steps {
            Some(steps) => {
                let names: Vec<&str> = steps.iter().map(|s| s.as_str()).collect();
                format!(
                    "connectivity steps {} done on `{}`",
                    names.join(", "),
                    reg.environments[*env].id.value
                )
            }
            None => format!(
                "every connectivity step `{}` requires done",
                reg.environments[*env].id.value
            ),
        },
        Some(RequiresFacts::Officers(o)) => {
            let names: Vec<&str> = o.iter().map(|o| officer_name(*o)).collect();
            format!("PKI officers recorded: {}", names.join(", "))
        }
        Some(RequiresFacts::Recorded) | None => "the day it was met, recorded".to_owned(),
    }
}

/// An officer as an environment manager would say it.
pub fn officer_name(o: Officer) -> &'static str {
    match o {
        Officer::NominatingOfficer => "nominating officer",
        Officer::Sro => "SRO",
        Officer::Aro => "ARO",
    }
}
