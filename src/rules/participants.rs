//! Participants: contacts, PKI officers, connectivity proving (EP101 to EP106).

use std::collections::HashSet;

use crate::diag::{Code, Finding, Sink};
use crate::registry::model::{ParticipantType, Step};

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
fn pki_officers(cx: &Context<'_, '_>, sink: &mut Sink) {
    let holders: HashSet<usize> = cx
        .model
        .certificates
        .iter()
        .filter_map(|c| c.participant)
        .collect();
    for (i, p) in cx.model.reg.participants.iter().enumerate() {
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

/// EP103: only a technical contact appointed for the MPID, role and environment may request a certificate.
fn requested_by(cx: &Context<'_, '_>, sink: &mut Sink) {
    let reg = cx.model.reg;
    for (i, c) in reg.certificates.iter().enumerate() {
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

/// EP105: testing may only start once connectivity is proven (§11.3 makes proving a quality gate).
fn connectivity_by_start(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (i, iv) in reg.intervals.iter().enumerate() {
        let f = &m.intervals[i];
        let (Some(env), Some(range), Some(start)) = (f.env, f.range, f.start) else {
            continue;
        };
        if f.is_cancelled()
            || range.end <= cx.as_of_start
            || iv.stage.value == m.settings.proving_stage
        {
            continue;
        }
        if m.environments[env].connectivity.is_empty() {
            continue;
        }
        let start_day = start.local_date(m.settings.tz);
        for p_text in &iv.participants {
            let Some(p) = m.find(crate::registry::record::Kind::Participant, p_text.as_str())
            else {
                continue;
            };
            let participant = &reg.participants[p];
            let steps = m.participants[p].steps_on(env);
            let missing: Vec<String> = m
                .steps_required(p, env)
                .into_iter()
                .filter_map(|s| match steps.and_then(|d| d.get(s)) {
                    None => Some(format!("{} (not done)", step_name(s))),
                    Some(d) if d > start_day => {
                        Some(format!("{} (done {d}, after the start)", step_name(s)))
                    }
                    Some(_) => None,
                })
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
    for (i, p) in reg.participants.iter().enumerate() {
        let (Some(text), Some(d)) = (&p.dcp, cx.model.participants[i].dcp) else {
            continue;
        };
        let dcp = &reg.participants[d];
        if dcp.kind.value != ParticipantType::Dcp {
            sink.push(
                Finding::new(Code::EP106, format!("participant `{}` names `{}` as its DIP connection provider, but `{}` is not of type dcp", p.id.value, text.value, text.value))
                    .at(p.file, text.loc)
                    .record(p.id.value.clone())
                    .record(dcp.id.value.clone())
                    .related(dcp.file, dcp.kind.loc, "its type")
                    .help(format!("name a participant of `type: dcp`, or set `type: dcp` on `{}` if it is one", text.value)),
            );
        }
    }
}
