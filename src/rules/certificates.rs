//! Certificates: expiry, renewal and coverage of booked intervals (EP301 to EP304).

use std::collections::HashMap;

use crate::certificates::{days_left, first_gap, status};
use crate::diag::{Code, Finding, Sink};
use crate::model::Idx;
use crate::registry::model::Purpose;
use crate::time::when::date_of;
use crate::time::TimeRange;

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    expiry(cx, sink);
    coverage(cx, sink);
    crate::certificates::pem::check(cx, sink);
}

/// EP301 and EP302: PKI expiry stopped testing again and again on earlier programmes (§10.2.2).
fn expiry(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    let st = status(m);
    let horizon = m.settings.certificate_warning.whole_days();
    for (i, c) in reg.certificates.iter().enumerate() {
        let f = &m.certificates[i];
        let Some(last_day) = f.last_day else {
            continue;
        };
        if st.replaced_by[i].is_some() {
            continue;
        }
        let left = days_left(last_day, cx.as_of);
        let who = format!(
            "{}'s {} certificate for {}",
            c.participant.value,
            c.purpose.value.as_str(),
            c.environment.value
        );
        if left < 0 {
            sink.push(
                Finding::new(Code::EP301, format!("certificate `{}` ({who}) expired on {last_day} and has not been replaced", c.id.value))
                    .at(c.file, c.expires.loc)
                    .record(c.id.value.clone())
                    .record(c.participant.value.clone())
                    .help("request a new certificate and add it with `replaces:`, or remove this record if it is no longer needed"),
            );
        } else if f.revoked.is_none() && left <= horizon {
            let when = match left {
                0 => "today".to_owned(),
                1 => "tomorrow".to_owned(),
                n => format!("in {n} days"),
            };
            sink.push(
                Finding::new(Code::EP302, format!("certificate `{}` ({who}) expires {when}, on {last_day}", c.id.value))
                    .at(c.file, c.expires.loc)
                    .record(c.id.value.clone())
                    .record(c.participant.value.clone())
                    .help(format!(
                        "request the renewal now and record it with `replaces: {}`; you need not wait for this one to expire",
                        c.id.value
                    )),
            );
        }
    }
}

/// EP303: each environment needs its own certificates (§10.2.3), for every day a participant is booked on it.
fn coverage(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    let tz = m.settings.tz;
    let mut held: HashMap<(Idx, Idx, Purpose), Vec<Idx>> = HashMap::new();
    for (i, f) in m.certificates.iter().enumerate() {
        if let (Some(p), Some(e)) = (f.participant, f.env) {
            held.entry((p, e, reg.certificates[i].purpose.value))
                .or_default()
                .push(i);
        }
    }
    for (i, iv) in reg.intervals.iter().enumerate() {
        let f = &m.intervals[i];
        let (Some(env), Some(range)) = (f.env, f.range) else {
            continue;
        };
        if f.is_cancelled() || range.end <= cx.as_of_start {
            continue;
        }
        let window = TimeRange::new(range.start.max(cx.as_of_start), range.end);
        let mut envs = vec![env];
        envs.extend(f.uses.iter().copied().filter(|u| *u != env));
        for p_text in &iv.participants {
            let Some(p) = m.find(crate::registry::record::Kind::Participant, p_text.as_str())
            else {
                continue;
            };
            // The earliest gap over every (environment, purpose) the interval needs.
            let mut gaps = Vec::new();
            for &e in &envs {
                for &purpose in &m.environments[e].purposes {
                    let certs = held.get(&(p, e, purpose)).map(Vec::as_slice).unwrap_or(&[]);
                    if let Some((at, lapsed)) = first_gap(m, certs, window) {
                        gaps.push((at, e, purpose, lapsed));
                    }
                }
            }
            gaps.sort_by_key(|g| (g.0, g.1, g.2));
            let Some(&(at, e, purpose, lapsed)) = gaps.first() else {
                continue;
            };
            let participant = &reg.participants[p];
            let env_id = reg.environments[e].id.as_str();
            let day = date_of(at, tz);
            let cause = match lapsed {
                Some(c) => {
                    let cert = &reg.certificates[c];
                    let cf = &m.certificates[c];
                    match (cf.revoked, cf.valid_until) {
                        (Some(r), Some(u)) if r < u => {
                            format!("`{}` was revoked on {}", cert.id.value, date_of(r, tz))
                        }
                        _ => format!(
                            "`{}` expired on {}",
                            cert.id.value,
                            cf.last_day.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    }
                }
                None => {
                    if held.get(&(p, e, purpose)).is_some_and(|v| !v.is_empty()) {
                        "none of its certificates is valid yet".to_owned()
                    } else {
                        "it holds none".to_owned()
                    }
                }
            };
            let (mpid, role) = match lapsed {
                Some(c) => (
                    reg.certificates[c].mpid.as_ref().map(|t| t.value.clone()),
                    reg.certificates[c].role.as_ref().map(|t| t.value.clone()),
                ),
                None => (None, None),
            };
            let mpid = mpid.or_else(|| participant.mpids.first().map(|t| t.value.clone()));
            let role = role.or_else(|| participant.roles.first().map(|t| t.value.clone()));
            let also: Vec<String> = gaps[1..]
                .iter()
                .map(|g| format!("{} on {}", g.2.as_str(), reg.environments[g.1].id.value))
                .collect();
            let mut message = format!(
                "participant `{}` has no valid {} certificate for `{env_id}` on {day}, during interval `{}`: {cause}",
                participant.id.value,
                purpose.as_str(),
                iv.id.value
            );
            if !also.is_empty() {
                message.push_str(&format!(" (also missing: {})", also.join(", ")));
            }
            let mut finding = Finding::new(Code::EP303, message)
                .at(iv.file, p_text.loc)
                .record(iv.id.value.clone())
                .record(participant.id.value.clone())
                .help(format!(
                    "request a {} certificate for environment {env_id}{}{} for `{}`, valid from {day}",
                    purpose.as_str(),
                    mpid.map(|m| format!(", MPID {m}")).unwrap_or_default(),
                    role.map(|r| format!(", role {r}")).unwrap_or_default(),
                    participant.id.value
                ));
            if let Some(c) = lapsed {
                let cert = &reg.certificates[c];
                finding = finding.record(cert.id.value.clone()).related(
                    cert.file,
                    cert.expires.loc,
                    "lapses here",
                );
            }
            sink.push(finding);
        }
    }
}
