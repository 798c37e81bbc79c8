//! Certificates: expiry, renewal and coverage of booked intervals (EP301 to EP304).

use crate::certificates::coverage::{uncovered, Uncovered};
use crate::certificates::{days_left, status, validity_text};
use crate::diag::{Code, Finding, Sink};
use crate::registry::records::Certificate;
use crate::registry::Rec;
use crate::time::when::date_of;
use crate::time::Instant;

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    expired(cx, sink);
    expiring(cx, sink);
    coverage(cx, sink);
    super::certificate_files::check(cx, sink);
}

/// A certificate that has not been replaced, as EP301 and EP302 see it.
struct Unreplaced<'r> {
    record: &'r Rec<Certificate>,
    revoked: bool,
    /// Days from the as-of day to its last valid day (negative: expired).
    left: i64,
    /// "ACME's tls certificate for SIT-A".
    who: String,
    /// Its validity as written, for the message.
    valid: String,
}

/// The certificates with an expiry that no other certificate replaces.
/// PKI expiry stopped testing again and again on earlier programmes (§10.2.2).
fn unreplaced<'r>(cx: &Context<'_, 'r>) -> Vec<Unreplaced<'r>> {
    let m = cx.model;
    let st = status(m, cx.as_of);
    m.certificates()
        .filter_map(|(i, c, f)| {
            let (Some(last_day), Some(expires)) = (f.last_day, f.expires) else {
                return None;
            };
            if st.replaced_by[i].is_some() {
                return None;
            }
            let who = match &*c.purpose {
                Some(purpose) => format!(
                    "{}'s {} certificate for {}",
                    c.participant.value,
                    purpose.value.as_str(),
                    c.environment.value
                ),
                None => format!(
                    "{}'s certificate for {}",
                    c.participant.value, c.environment.value
                ),
            };
            Some(Unreplaced {
                record: c,
                revoked: f.revoked.is_some(),
                left: days_left(last_day, cx.as_of),
                who,
                valid: validity_text(&expires, c.expires.as_str()),
            })
        })
        .collect()
}

/// EP301: a certificate past its last valid day, not replaced.
fn expired(cx: &Context<'_, '_>, sink: &mut Sink) {
    for u in unreplaced(cx).into_iter().filter(|u| u.left < 0) {
        let c = u.record;
        let when = match u.left {
            -1 => "yesterday".to_owned(),
            n => format!("{} days ago", -n),
        };
        sink.push(
            Finding::new(
                Code::EP301,
                format!(
                    "certificate `{}` ({}) expired {when} ({}) and has not been replaced",
                    c.id.value, u.who, u.valid
                ),
            )
            .at(c.file, c.expires.loc)
            .record(c.id.value.clone())
            .record(c.participant.value.clone())
            .help("request a new certificate and record it with `replaces:`, or remove this record if it is no longer needed"),
        );
    }
}

/// EP302: a certificate (not revoked) whose last valid day is within the
/// Programme's `certificate_warning`, not replaced yet.
fn expiring(cx: &Context<'_, '_>, sink: &mut Sink) {
    let horizon = cx.model.settings.certificate_warning.whole_days();
    for u in unreplaced(cx)
        .into_iter()
        .filter(|u| !u.revoked && (0..=horizon).contains(&u.left))
    {
        let c = u.record;
        let when = match u.left {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        sink.push(
            Finding::new(
                Code::EP302,
                format!(
                    "certificate `{}` ({}) expires {when} ({})",
                    c.id.value, u.who, u.valid
                ),
            )
            .at(c.file, c.expires.loc)
            .record(c.id.value.clone())
            .record(c.participant.value.clone())
            .help(format!(
                "request the renewal now and record it with `replaces: {}`; the warning horizon is {horizon} days (`certificate_warning`)",
                c.id.value
            )),
        );
    }
}

/// EP303: each environment needs its own certificates (§10.2.3), for every day a participant is booked on it.
fn coverage(cx: &Context<'_, '_>, sink: &mut Sink) {
    for u in uncovered(cx.model, cx.as_of_start) {
        sink.push(finding(cx, &u));
    }
}

/// The EP303 finding for one participant in one interval.
fn finding(cx: &Context<'_, '_>, case: &Uncovered) -> Finding {
    let (interval, p, at) = (case.interval, case.participant, case.listed_at);
    let (gap, others) = (case.first(), &case.gaps[1..]);
    let m = cx.model;
    let reg = m.reg;
    let tz = m.settings.tz;
    let iv = &reg.intervals[interval];
    let participant = &reg.participants[p];
    let env_id = reg.environments[gap.env].id.as_str();
    let purpose = gap.purpose.as_str();
    let day = date_of(gap.at, tz);
    let cause = match gap.lapsed {
        Some(c) => {
            let cert = &reg.certificates[c];
            let cf = &m.certificates[c];
            match (cf.revoked, cf.valid_until, cf.expires) {
                (Some(r), Some(u), _) if r < u => {
                    format!("`{}` was revoked on {}", cert.id.value, date_of(r, tz))
                }
                (_, _, Some(expires)) => {
                    format!(
                        "`{}` lapses ({})",
                        cert.id.value,
                        validity_text(&expires, cert.expires.as_str())
                    )
                }
                _ => format!("`{}` lapses", cert.id.value),
            }
        }
        None if gap.holds_any => "none of its certificates is valid yet".to_owned(),
        None => "it holds none".to_owned(),
    };
    // The new certificate is for the same MPID and role as the one that lapses,
    // or else for the participant's own.
    let from_cert = |get: fn(&crate::registry::records::Certificate) -> Option<String>| {
        gap.lapsed.and_then(|c| get(&reg.certificates[c].value))
    };
    let mpid = from_cert(|c| c.mpid.as_ref().map(|t| t.value.to_string()))
        .or_else(|| participant.mpids.first().map(|t| t.value.to_string()));
    let role = from_cert(|c| c.role.as_ref().map(|t| t.value.to_string()))
        .or_else(|| participant.roles.first().map(|t| t.value.to_string()));
    let mut message = format!(
        "participant `{}` lacks a valid {purpose} certificate for `{env_id}` on {day}, during interval `{}`: {cause}",
        participant.id.value, iv.id.value
    );
    if !others.is_empty() {
        let also: Vec<String> = others
            .iter()
            .map(|g| {
                format!(
                    "{} for `{}` on {}",
                    g.purpose.as_str(),
                    reg.environments[g.env].id.value,
                    date_of(g.at, tz)
                )
            })
            .collect();
        message.push_str(&format!(" (also missing: {})", also.join(", ")));
    }
    let mut finding = Finding::new(Code::EP303, message)
        .at(iv.file, at)
        .record(iv.id.value.clone())
        .record(participant.id.value.clone())
        .help(format!(
            "`{}` needs a new {purpose} certificate for environment {env_id}{}{}, valid from {} {}",
            participant.id.value,
            mpid.map(|m| format!(", MPID {m}")).unwrap_or_default(),
            role.map(|r| format!(", role {r}")).unwrap_or_default(),
            moment(gap.at, tz),
            match gap.resumes {
                Some((next, from)) => format!(
                    "until `{}` takes over ({}), or `{}` issued from {}",
                    reg.certificates[next].id.value,
                    moment(from, tz),
                    reg.certificates[next].id.value,
                    moment(gap.at, tz)
                ),
                None => format!("to the end of `{}`", iv.id.value),
            }
        ));
    if let Some(c) = gap.lapsed {
        let cert = &reg.certificates[c];
        let (loc, label) = match (&cert.revoked, m.certificates[c].revoked) {
            (Some(text), Some(r)) if m.certificates[c].valid_until.is_some_and(|u| r < u) => {
                (text.loc, "revoked here")
            }
            _ => (cert.expires.loc, "expires here"),
        };
        finding = finding
            .record(cert.id.value.clone())
            .related(cert.file, loc, label);
    }
    finding
}

/// A day when the instant is the start of a local day, otherwise the local date and time.
fn moment(at: Instant, tz: chrono_tz::Tz) -> String {
    let day = date_of(at, tz);
    if crate::time::when::start_of_day(day, tz) == at {
        day.to_string()
    } else {
        at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    }
}
