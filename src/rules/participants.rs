//! Participants: contacts, PKI officers, connectivity proving (EP101 to EP106).

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::diag::{Code, Finding, Sink};
use crate::milestones::{has_officer, officer_name};
use crate::model::{CertIx, EnvIx, IntervalIx, Model, ParticipantIx};
use crate::registry::records::Participant;
use crate::registry::records::{Officer, ParticipantType, Purpose, Step};
use crate::table::Table;
use crate::time::{Instant, TimeRange};

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    environment_managers(cx, sink);
    pki_officers(cx, sink);
    requested_by(cx, sink);
    step_order(cx, sink);
    connectivity_by_start(cx, sink);
    dcp_types(cx, sink);
}

/// EP101: §7.1.1 says every test participant must have an environment manager.
fn environment_managers(cx: &Context<'_, '_>, sink: &mut Sink) {
    for p in &cx.model.reg.participants {
        if p.environment_manager.is_none() {
            sink.push(
                Finding::new(Code::EP101, format!("participant `{}` has no environment manager", p.id.value))
                    .at(p.file, p.id.loc)
                    .record(p.id.value.clone())
                    .help("add `environment_manager: {name: ..., email: ...}`; every test participant needs one to schedule and coordinate environments"),
            );
        }
    }
}

/// EP102: certificates can only be requested with a nominating officer and an SRO in place (§10.3.1).
/// With the Programme's `pki`, the officers are those of the certificate schemes the participant is in.
fn pki_officers(cx: &Context<'_, '_>, sink: &mut Sink) {
    if cx.model.settings.pki.is_some() {
        pki_officers_per_scheme(cx, sink);
        return;
    }
    let holders: HashSet<ParticipantIx> = cx
        .model
        .certificates
        .iter()
        .filter_map(|c| c.participant)
        .collect();
    for (i, p) in cx.model.reg.participants.indexed() {
        let facts = &cx.model.participants[i];
        let holds = holders.contains(&i);
        if !facts.connects_to_dip && !holds {
            continue;
        }
        let officers = p.pki_officers.as_ref();
        let mut missing = Vec::new();
        let mut keys = Vec::new();
        if officers.is_none_or(|o| o.nominating_officer.is_none()) {
            missing.push("nominating officer");
            keys.push("`nominating_officer: {name: ..., email: ...}`");
        }
        if officers.is_none_or(|o| o.sro.is_none()) {
            missing.push("SRO");
            keys.push("`sro: {name: ..., email: ...}`");
        }
        if missing.is_empty() {
            continue;
        }
        let why = if facts.connects_to_dip {
            "connects to the DIP"
        } else {
            "holds a certificate"
        };
        let loc = officers.map_or(p.id.loc, |o| o.loc);
        sink.push(
            Finding::new(Code::EP102, format!("participant `{}` {why} but has no {}", p.id.value, missing.join(" and no ")))
                .at(p.file, loc)
                .record(p.id.value.clone())
                .help(format!(
                    "add {} under `pki_officers`: without a nominating officer and an SRO, no PKI certificate can be requested for it",
                    keys.join(" and ")
                )),
        );
    }
}

/// Why a participant needs the officers of a purpose: a certificate it holds,
/// or one an environment it is booked on requires of it.
#[derive(Clone, Copy)]
enum Need {
    Holds(CertIx),
    Required { env: EnvIx, interval: IntervalIx },
}

/// EP102 under the Programme's `pki` (format v2): a participant needs the
/// officers of each purpose it holds a current certificate of (not revoked,
/// not expired as of), or is required to hold by an environment that a
/// not-cancelled interval it takes part in occupies and that has not ended.
/// Per participant: for each certificate purpose (scheme) it is in, the
/// first reason it is in it: a current certificate it holds, or an
/// environment that requires one of it for an interval not yet over.
fn scheme_needs(cx: &Context<'_, '_>) -> Table<Participant, Vec<(Purpose, Need)>> {
    let m = cx.model;
    let reg = m.reg;
    let mut needs: Table<Participant, Vec<(Purpose, Need)>> = reg.participants.map(|_| Vec::new());
    for (c, f) in m.certificates.indexed() {
        let Some(p) = f.participant else {
            continue;
        };
        let current = f.last_day.is_some_and(|d| d >= cx.as_of)
            && f.revoked.is_none_or(|r| r > cx.as_of_start);
        // A certificate whose purpose could not be read (EP003) is in no scheme.
        let Some(purpose) = reg.certificates[c].purpose.as_ref().map(|q| q.value) else {
            continue;
        };
        if current && !needs[p].iter().any(|(q, _)| *q == purpose) {
            needs[p].push((purpose, Need::Holds(c)));
        }
    }
    for (i, f) in m.intervals.indexed() {
        let (Some(env), Some(range)) = (f.env, f.range) else {
            continue;
        };
        if f.is_cancelled() || range.end <= cx.as_of_start {
            continue;
        }
        let mut envs = vec![env];
        envs.extend(f.uses.iter().copied().filter(|&u| u != env));
        for &p in f.participants.iter() {
            for &e in &envs {
                for purpose in m.purposes_required(p, e) {
                    if !needs[p].iter().any(|(q, _)| *q == purpose) {
                        needs[p].push((
                            purpose,
                            Need::Required {
                                env: e,
                                interval: i,
                            },
                        ));
                    }
                }
            }
        }
    }
    needs
}

fn pki_officers_per_scheme(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    let needs = scheme_needs(cx);
    for (p, participant) in reg.participants.indexed() {
        let recorded = participant.pki_officers.as_ref();
        // Each missing officer, with the first purpose that needs it.
        let mut missing: Vec<(Officer, Purpose, &Need)> = Vec::new();
        for (purpose, need) in &needs[p] {
            for &o in m.settings.officers_for(*purpose) {
                let has = recorded.is_some_and(|r| has_officer(r, o));
                if !has && !missing.iter().any(|(x, _, _)| *x == o) {
                    missing.push((o, *purpose, need));
                }
            }
        }
        if missing.is_empty() {
            continue;
        }
        missing.sort_by_key(|(o, _, _)| *o);
        // Officers needed for the same reason are named together.
        let mut because: Vec<(String, Vec<&str>)> = Vec::new();
        for (o, purpose, need) in &missing {
            let why = match need {
                Need::Holds(c) => format!(
                    "it holds {purpose} certificate `{}`",
                    reg.certificates[*c].id.value
                ),
                Need::Required { env, interval } => format!(
                    "`{}` requires a {purpose} certificate of it for interval `{}`",
                    reg.environments[*env].id.value, reg.intervals[*interval].id.value
                ),
            };
            match because.iter_mut().find(|(w, _)| *w == why) {
                Some((_, names)) => names.push(officer_name(*o)),
                None => because.push((why, vec![officer_name(*o)])),
            }
        }
        let because: Vec<String> = because
            .into_iter()
            .map(|(why, names)| format!("{} (needed because {why})", names.join(" and no ")))
            .collect();
        let keys: Vec<String> = missing
            .iter()
            .map(|(o, _, _)| format!("`{}: {{name: ..., email: ...}}`", o.as_str()))
            .collect();
        let loc = recorded.map_or(participant.id.loc, |o| o.loc);
        sink.push(
            Finding::new(
                Code::EP102,
                format!(
                    "participant `{}` has no {}",
                    participant.id.value,
                    because.join(" and no ")
                ),
            )
            .at(participant.file, loc)
            .record(participant.id.value.clone())
            .help(format!(
                "add {} under `pki_officers`: the Programme's `pki` says which officers each certificate scheme needs before a certificate can be requested",
                keys.join(" and ")
            )),
        );
    }
}

/// EP103: only a technical contact appointed for the MPID, role and environment may request a certificate.
fn requested_by(cx: &Context<'_, '_>, sink: &mut Sink) {
    let reg = cx.model.reg;
    for (i, c) in reg.certificates.indexed() {
        let (Some(requester), Some(p)) = (&c.requested_by, cx.model.certificates[i].participant)
        else {
            continue;
        };
        let participant = &reg.participants[p];
        let contacts: Vec<_> = participant
            .pki_officers
            .iter()
            .flat_map(|o| o.technical_contacts.iter())
            .filter(|t| t.email.value.eq_ignore_ascii_case(&requester.value))
            .collect();
        let appointed = contacts
            .iter()
            .flat_map(|t| t.appointments.iter())
            .any(|a| {
                a.environment.value == c.environment.value
                    && c.mpid.as_ref().is_none_or(|m| m.value == a.mpid.value)
                    && c.role.as_ref().is_none_or(|r| r.value == a.role.value)
            });
        if appointed {
            continue;
        }
        let combination = format!(
            "{}{}environment {}",
            c.mpid
                .as_ref()
                .map(|m| format!("MPID {}, ", m.value))
                .unwrap_or_default(),
            c.role
                .as_ref()
                .map(|r| format!("role {}, ", r.value))
                .unwrap_or_default(),
            c.environment.value
        );
        let message = if contacts.is_empty() {
            format!(
                "certificate `{}` was requested by {}, who is not a technical contact of `{}`",
                c.id.value, requester.value, participant.id.value
            )
        } else {
            format!(
                "certificate `{}` was requested by {}, who is not appointed for {combination}",
                c.id.value, requester.value
            )
        };
        sink.push(
            Finding::new(Code::EP103, message)
                .at(c.file, requester.loc)
                .record(c.id.value.clone())
                .record(participant.id.value.clone())
                .help(format!("the SRO of `{}` must appoint {} as a technical contact for {combination} before they can request it", participant.id.value, requester.value)),
        );
    }
}

/// EP104: certificates must be installed before webhooks are registered, and webhooks before a message is sent (§11.3).
fn step_order(cx: &Context<'_, '_>, sink: &mut Sink) {
    let reg = cx.model.reg;
    for p in &reg.participants {
        for (env, dates) in p.connectivity.iter() {
            let pairs = [
                (Step::Certificates, Step::Webhooks),
                (Step::Webhooks, Step::Message),
            ];
            for (before, after) in pairs {
                let (Some(a), Some(b)) = (dates.get(before), dates.get(after)) else {
                    continue;
                };
                let (Ok(da), Ok(db)) = (
                    crate::time::when::parse_date(a.as_str()),
                    crate::time::when::parse_date(b.as_str()),
                ) else {
                    continue;
                };
                if db < da {
                    sink.push(
                        Finding::new(
                            Code::EP104,
                            format!(
                                "participant `{}` on `{}`: {} is dated {db}, before {} ({da})",
                                p.id.value,
                                env.value,
                                step_name(after),
                                step_name(before)
                            ),
                        )
                        .at(p.file, b.loc)
                        .record(p.id.value.clone())
                        .related(p.file, a.loc, step_name(before))
                        .help(format!(
                            "{} must be done before {}, so one of the dates is wrong; correct it",
                            step_name(before),
                            step_name(after)
                        )),
                    );
                }
            }
        }
    }
}

/// A proving step as an environment manager would say it.
pub fn step_name(step: Step) -> &'static str {
    match step {
        Step::Internal => "internal connectivity",
        Step::Certificates => "certificate installation",
        Step::Webhooks => "webhook registration",
        Step::Message => "the test message",
    }
}

/// Whether EP105 applies to an interval of `stage` on a not-cancelled
/// booking occupying `range`: it has not ended as of, and it is not of the
/// Programme's proving stage.
pub fn connectivity_applies(
    m: &Model<'_>,
    stage: &str,
    range: TimeRange,
    as_of_start: Instant,
) -> bool {
    range.end > as_of_start && stage != m.settings.proving_stage
}

/// A proving step that is not done by an interval's first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingStep {
    pub step: Step,
    /// When it was done (after the start), or `None` when it is not done.
    pub done: Option<NaiveDate>,
}

impl MissingStep {
    /// "webhook registration (not done)", "the test message (done 2026-04-02, after the start)".
    pub fn describe(&self) -> String {
        match self.done {
            None => format!("{} (not done)", step_name(self.step)),
            Some(d) => format!("{} (done {d}, after the start)", step_name(self.step)),
        }
    }
}

/// The connectivity steps `env` requires of participant `p` that it has
/// not done by `start_day`: the predicate of EP105, shared with
/// `envplan slots`.
pub fn missing_steps(
    m: &Model<'_>,
    p: ParticipantIx,
    env: EnvIx,
    start_day: NaiveDate,
) -> Vec<MissingStep> {
    let steps = m.participants[p].steps_on(env);
    // Dates that could not be read (EP003) are not known to be missing.
    if steps.is_some_and(|s| s.unreadable) {
        return Vec::new();
    }
    m.steps_required(p, env)
        .into_iter()
        .filter_map(|step| match steps.and_then(|d| d.get(step)) {
            None => Some(MissingStep { step, done: None }),
            Some(d) if d > start_day => Some(MissingStep {
                step,
                done: Some(d),
            }),
            Some(_) => None,
        })
        .collect()
}

/// EP105: testing may only start once connectivity is proven (§11.3 makes proving a quality gate).
fn connectivity_by_start(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (_, iv, f) in m.intervals() {
        let (Some(env), Some(range), Some(start)) = (f.env, f.range, f.start) else {
            continue;
        };
        if f.is_cancelled() || !connectivity_applies(m, iv.stage.as_str(), range, cx.as_of_start) {
            continue;
        }
        // A stage that could not be read (EP003) may be the proving stage.
        if reg.is_unreadable(iv.file, iv.stage.loc) {
            continue;
        }
        if m.environments[env].connectivity.is_empty() {
            continue;
        }
        let start_day = start.local_date(m.settings.tz);
        for p_text in &iv.participants {
            let Some(p) = m.find::<Participant>(p_text.as_str()) else {
                continue;
            };
            let participant = &reg.participants[p];
            let missing: Vec<String> = missing_steps(m, p, env, start_day)
                .iter()
                .map(MissingStep::describe)
                .collect();
            if missing.is_empty() {
                continue;
            }
            sink.push(
                Finding::new(
                    Code::EP105,
                    format!(
                        "participant `{}` has not finished proving connectivity to `{}` by {}, when interval `{}` starts: missing {}",
                        participant.id.value,
                        reg.environments[env].id.value,
                        start,
                        iv.id.value,
                        missing.join(", ")
                    ),
                )
                .at(iv.file, p_text.loc)
                .record(iv.id.value.clone())
                .record(participant.id.value.clone())
                .related(participant.file, participant.id.loc, "the participant")
                .help(format!(
                    "once the steps are done, record their dates under `connectivity: {{{}: ...}}` of `{}`; otherwise move the interval or take `{}` out of it",
                    reg.environments[env].id.value, participant.id.value, participant.id.value
                )),
            );
        }
    }
}

/// EP106: a `dcp` must be a DIP connection provider (§8.9, §8.10).
fn dcp_types(cx: &Context<'_, '_>, sink: &mut Sink) {
    let reg = cx.model.reg;
    for (i, p) in reg.participants.indexed() {
        let (Some(text), Some(d)) = (&p.dcp, cx.model.participants[i].dcp) else {
            continue;
        };
        let dcp = &reg.participants[d];
        // A type that could not be read is already an EP003.
        let Some(kind) = &*dcp.kind else {
            continue;
        };
        if kind.value != ParticipantType::Dcp {
            sink.push(
                Finding::new(Code::EP106, format!("participant `{}` names `{}` as its DIP connection provider, but `{}` is not of type dcp", p.id.value, text.value, text.value))
                    .at(p.file, text.loc)
                    .record(p.id.value.clone())
                    .record(dcp.id.value.clone())
                    .related(dcp.file, kind.loc, "its type")
                    .help(format!("name a participant of `type: dcp`, or set `type: dcp` on `{}` if it is one", text.value)),
            );
        }
    }
}
