//! Milestones (format v2, §3 "Milestone"): who a deadline applies to, each
//! participant's due day, and whether it has met it on a day. EP501 and
//! EP502 are worded from these facts; `show` and reports can read the same
//! facts, so that they cannot disagree with `check`.

pub mod status;

use chrono::NaiveDate;

use crate::certificates::validity;
use crate::model::{
    CertIx, DueFacts, EnvIx, IntervalIx, MilestoneFacts, MilestoneIx, Model, ParticipantIx,
    RequiresFacts,
};
use crate::registry::records::{Officer, Participant};
use crate::table::Table;
use crate::time::when::{next_day, start_of_day};

/// One participant's deadline for one milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub participant: ParticipantIx,
    pub due: NaiveDate,
    /// For a `before_first` milestone, the interval whose start sets the due day.
    pub anchor: Option<IntervalIx>,
}

/// Whether interval `i` occupies environment `env`: as its own or one it uses
/// (components do not count).
fn occupies(m: &Model<'_>, i: IntervalIx, env: EnvIx) -> bool {
    let f = &m.intervals[i];
    f.env == Some(env) || f.uses.contains(&env)
}

/// Each participant's not-cancelled intervals and certificates, in registry
/// order, computed once for all milestones: without them every milestone
/// would scan every interval and certificate for every participant.
#[derive(Debug)]
pub struct ByParticipant {
    /// A participant listed twice in one interval has it once.
    pub booked: Table<Participant, Vec<IntervalIx>>,
    pub certificates: Table<Participant, Vec<CertIx>>,
}

impl ByParticipant {
    pub fn new(m: &Model<'_>) -> Self {
        let mut booked: Table<Participant, Vec<IntervalIx>> = m.participants.map(|_| Vec::new());
        for (i, _, f) in m.intervals() {
            if f.is_cancelled() {
                continue;
            }
            for &p in f.participants.iter() {
                if booked[p].last() != Some(&i) {
                    booked[p].push(i);
                }
            }
        }
        let mut certificates: Table<Participant, Vec<CertIx>> = m.participants.map(|_| Vec::new());
        for (c, _, f) in m.certificates() {
            if let Some(p) = f.participant {
                certificates[p].push(c);
            }
        }
        ByParticipant {
            booked,
            certificates,
        }
    }
}

/// A not-cancelled booking that is not in the registry: what `envplan slots`
/// would add. Milestones read it as one more interval of its participants.
#[derive(Debug, Clone, Copy)]
pub struct Extra<'x> {
    pub env: EnvIx,
    pub uses: &'x [EnvIx],
    pub stage: &'x str,
    pub participants: &'x [ParticipantIx],
    pub start: crate::time::Instant,
}

impl Extra<'_> {
    fn occupies(&self, env: EnvIx) -> bool {
        self.env == env || self.uses.contains(&env)
    }
}

/// Every participant milestone `ms` applies to, with its due day, in
/// registry order. Empty when the milestone could not be read.
pub fn subjects(m: &Model<'_>, ms: MilestoneIx, by: &ByParticipant) -> Vec<Subject> {
    subjects_with(m, ms, by, None)
}

/// [`subjects`] as if booking `extra` were in the registry, for its
/// participants only (every participant without it). A due day that
/// `extra` sets has no `anchor`.
pub fn subjects_with(
    m: &Model<'_>,
    ms: MilestoneIx,
    by: &ByParticipant,
    extra: Option<&Extra<'_>>,
) -> Vec<Subject> {
    let booked = &by.booked;
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
    let intervals_of = |p: ParticipantIx, pred: &dyn Fn(IntervalIx) -> bool| {
        booked[p]
            .iter()
            .copied()
            .filter(|&i| pred(i))
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    let everyone: Vec<ParticipantIx>;
    let among: &[ParticipantIx] = match extra {
        Some(x) => x.participants,
        None => {
            everyone = reg.participants.indices().collect();
            &everyone
        }
    };
    let mut seen = Vec::new();
    for &p in among {
        if extra.is_some() {
            // A participant listed twice in the booking is one subject.
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
        }
        // The booking, when it lists p.
        let mine = extra.filter(|x| x.participants.contains(&p));
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
            let extra_matches = mine.is_some_and(|x| {
                who.env.is_none_or(|e| x.occupies(e))
                    && who.stage.as_ref().is_none_or(|s| x.stage == s.as_str())
            });
            if matching.is_empty() && !extra_matches {
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
                let first = first.and_then(|i| Some((m.intervals[i].range?.start, Some(i))));
                // The booking sets the day when it starts first (strictly:
                // an interval of the registry starting with it keeps its anchor).
                let theirs = mine
                    .filter(|x| x.stage == stage.as_str() && env.is_none_or(|e| x.occupies(e)))
                    .map(|x| (x.start, None));
                let first = match (first, theirs) {
                    (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
                    (a, b) => a.or(b),
                };
                if let Some((start, anchor)) = first {
                    let day = crate::time::when::date_of(start, tz);
                    out.push(Subject {
                        participant: p,
                        due: day.pred_opt().unwrap_or(day),
                        anchor,
                    });
                }
            }
        }
    }
    out
}

/// Whether participant `p` has met milestone `ms` on `day`.
pub fn met(
    m: &Model<'_>,
    ms: MilestoneIx,
    p: ParticipantIx,
    day: NaiveDate,
    by: &ByParticipant,
) -> bool {
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
            by.certificates[p].iter().any(|&c| {
                let f = &m.certificates[c];
                f.env == Some(*env)
                    && f.dates_ok
                    && m.reg.certificates[c]
                        .purpose
                        .as_ref()
                        .is_some_and(|q| q.value == *purpose)
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
pub fn has_officer(officers: &crate::registry::records::PkiOfficers, o: Officer) -> bool {
    match o {
        Officer::NominatingOfficer => officers.nominating_officer.is_some(),
        Officer::Sro => officers.sro.is_some(),
        Officer::Aro => officers.aro.is_some(),
    }
}

/// What meeting the milestone takes, in words, for messages.
pub fn what_it_takes(m: &Model<'_>, ms: MilestoneIx) -> String {
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
