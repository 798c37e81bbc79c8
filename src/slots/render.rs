//! `envplan slots` written out: a list for people, JSON for tools, and a
//! ready-to-commit Interval record in YAML. Every registry string goes
//! through `single_line` (text) or a serializer (JSON) or `yaml_scalar` (YAML),
//! so a hostile id or stage can neither steer a terminal nor break a record.

use std::io::{self, Write};

use chrono_tz::Tz;
use serde_json::{json, Value};

use crate::certificates::validity_text;
use crate::model::{EnvIx, Model, ParticipantIx};
use crate::output::sanitize::single_line;
use crate::registry::records::Interval;
use crate::time::format::{describe_length, plural};
use crate::time::when::{date_of, last_day_before, local_instant, start_of_day};
use crate::time::{Instant, TimeRange};

use super::{day_at, Axis, Blocked, Need, Period, Reason, Request, Slots, FOREVER};

/// What was asked, as the header says it.
#[derive(Debug)]
pub struct Asked<'a> {
    pub m: &'a Model<'a>,
    pub req: &'a Request,
    pub as_of: chrono::NaiveDate,
}

impl Asked<'_> {
    fn tz(&self) -> Tz {
        self.m.settings.tz
    }

    fn env_id(&self, env: EnvIx) -> String {
        single_line(self.m.reg.environments[env].id.as_str())
    }

    fn participant_id(&self, p: ParticipantIx) -> String {
        single_line(self.m.reg.participants[p].id.as_str())
    }
}

/// A day when `at` is a local midnight, otherwise the local date and time.
fn moment(at: Instant, tz: Tz) -> String {
    let day = date_of(at, tz);
    if start_of_day(day, tz) == at {
        day.to_string()
    } else {
        at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The local date and time, for lengths in hours and minutes.
fn clock(at: Instant, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// The end of something that runs until `end`: its last day when it ends at
/// a midnight, otherwise the local time it ends.
fn until(end: Instant, tz: Tz) -> String {
    if start_of_day(date_of(end, tz), tz) == end {
        last_day_before(end, tz).to_string()
    } else {
        end.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The free time of a period: from its first start to the end of a booking
/// at its last start (`None`: it never ends).
pub fn free_range(axis: Axis, p: &Period, tz: Tz) -> (Instant, Option<Instant>) {
    let start = axis.range_at(p.first, tz).start;
    (start, p.last.map(|l| axis.range_at(l, tz).end))
}

/// "2026-04-20 to 2026-06-12, 54 days", "2026-03-29 00:30 to 2026-03-29 06:00, 5 hours 30 minutes",
/// "from 2026-07-01, with no end".
fn describe_free(axis: Axis, p: &Period, tz: Tz) -> String {
    let (start, end) = free_range(axis, p, tz);
    match (axis, end) {
        (Axis::Days(_), None) => format!("from {}, with no end", moment(start, tz)),
        (Axis::Minutes(_), None) => format!("from {}, with no end", clock(start, tz)),
        (Axis::Days(n), Some(_)) => {
            let last = p.last.unwrap_or(p.first);
            format!(
                "{} to {}, {}",
                day_at(p.first),
                day_at(last + n - 1),
                plural(last + n - p.first, "day")
            )
        }
        (Axis::Minutes(_), Some(end)) => format!(
            "{} to {}, {}",
            clock(start, tz),
            clock(end, tz),
            describe_length(&TimeRange::new(start, end), tz)
        ),
    }
}

/// The booking a period's first start makes: "2026-04-20 to 2026-04-29",
/// or local times for a length in hours or minutes.
fn describe_booking(axis: Axis, first: i64, tz: Tz) -> String {
    let r = axis.range_at(first, tz);
    match axis {
        Axis::Days(_) => {
            let (a, b) = (date_of(r.start, tz), last_day_before(r.end, tz));
            if a == b {
                a.to_string()
            } else {
                format!("{a} to {b}")
            }
        }
        Axis::Minutes(_) => format!("{} to {}", clock(r.start, tz), clock(r.end, tz)),
    }
}

/// One sentence per need, for people.
pub fn describe_need(a: &Asked<'_>, need: &Need) -> String {
    let tz = a.tz();
    let reg = a.m.reg;
    let who = a.participant_id(need.participant());
    match need {
        Need::Role { .. } => {
            let roles: Vec<String> = a.m.environments[a.req.env]
                .roles
                .iter()
                .flat_map(|r| r.iter().map(|r| single_line(r)))
                .collect();
            format!(
                "`{who}` holds none of the roles `{}` is for ({}) (EP210)",
                a.env_id(a.req.env),
                roles.join(", ")
            )
        }
        Need::Steps { by, missing, .. } => {
            let steps: Vec<String> = missing.iter().map(|s| s.describe()).collect();
            format!(
                "`{who}` must finish proving connectivity to `{}` by {by}: {} (EP105)",
                a.env_id(a.req.env),
                steps.join(", ")
            )
        }
        Need::Certificate {
            gap, until: end, ..
        } => {
            let purpose = gap.purpose.as_str();
            let env = a.env_id(gap.env);
            let cause = match gap.lapsed {
                Some(c) => {
                    let cert = &reg.certificates[c];
                    let f = &a.m.certificates[c];
                    match (f.revoked, f.valid_until, f.expires) {
                        (Some(r), Some(u), _) if r < u => {
                            format!(
                                "`{}` was revoked on {}",
                                single_line(cert.id.as_str()),
                                date_of(r, tz)
                            )
                        }
                        (_, _, Some(expires)) => format!(
                            "`{}` is {}",
                            single_line(cert.id.as_str()),
                            single_line(&validity_text(&expires, cert.expires.as_str()))
                        ),
                        _ => format!("`{}` lapses", single_line(cert.id.as_str())),
                    }
                }
                None if gap.holds_any => "none of its certificates is valid yet".to_owned(),
                None => "it holds none".to_owned(),
            };
            format!(
                "`{who}` needs a {purpose} certificate for `{env}` valid from {} to the booking's end ({}): {cause} (EP303)",
                moment(gap.at, tz),
                until(*end, tz)
            )
        }
        Need::Milestone { milestone, due, .. } => {
            let ms = &reg.milestones[*milestone];
            format!(
                "`{who}` has not met milestone `{}` ({}), due {due} for it with this booking; meeting it takes {} (EP501)",
                single_line(ms.id.as_str()),
                single_line(ms.name.as_str()),
                single_line(&crate::milestones::what_it_takes(a.m, *milestone))
            )
        }
    }
}

/// One sentence per run of ruled-out starts.
pub fn describe_blocked(a: &Asked<'_>, axis: Axis, b: &Blocked) -> String {
    let tz = a.tz();
    let reg = a.m.reg;
    let code = b
        .reason
        .code()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let until_end = b
        .span
        .filter(|s| s.end < chrono::DateTime::<chrono::Utc>::MAX_UTC)
        .map(|s| match axis {
            Axis::Days(_) => format!(" until {}", until(s.end, tz)),
            Axis::Minutes(_) => format!(" until {}", clock(s.end, tz)),
        });
    match &b.reason {
        Reason::Clash { interval, env, .. } => format!(
            "clashes with `{}` on `{}`{}{code}",
            single_line(reg.intervals[*interval].id.as_str()),
            a.env_id(*env),
            until_end.unwrap_or_default()
        ),
        Reason::Outage { outage, env, .. } => format!(
            "planned outage `{}` of `{}`{}{code}",
            single_line(reg.outages[*outage].id.as_str()),
            a.env_id(*env),
            until_end.unwrap_or_else(|| ", with no end".to_owned())
        ),
        Reason::Required { env, from, to } => format!(
            "outside the window `{}` is required, {from} to {to}{code}",
            a.env_id(*env)
        ),
        Reason::NotReady { env, ready_on } => match ready_on {
            Some(d) => format!("`{}` is not ready until {d}{code}", a.env_id(*env)),
            None => format!("`{}` has no day it will be ready{code}", a.env_id(*env)),
        },
        Reason::After { to } => format!("would end after --to {to}"),
        Reason::ServiceHours { env } => format!(
            "free, but the time free holds less than {} of `{}`'s service hours (--service-hours)",
            a.req.length,
            a.env_id(*env)
        ),
    }
}

/// The starts of a ruled-out run: "2026-03-02 to 2026-03-08", "2026-03-29 00:00 to 00:59".
fn describe_starts(axis: Axis, b: &Blocked, tz: Tz) -> String {
    let one = |i: i64| match axis {
        Axis::Days(_) => day_at(i).to_string(),
        Axis::Minutes(_) => clock(axis.range_at(i, tz).start, tz),
    };
    if b.last >= FOREVER - 1 {
        format!("from {} on", one(b.first))
    } else if b.first == b.last {
        one(b.first)
    } else {
        format!("{} to {}", one(b.first), one(b.last))
    }
}

/// The list for people.
pub fn write_text(a: &Asked<'_>, s: &Slots, out: &mut dyn Write) -> io::Result<()> {
    let tz = a.tz();
    let req = a.req;
    let mut what = format!(
        "{} of `{}` on `{}`",
        req.length,
        single_line(&req.stage),
        a.env_id(req.env)
    );
    if !req.uses.is_empty() {
        let uses: Vec<String> = req
            .uses
            .iter()
            .map(|&u| format!("`{}`", a.env_id(u)))
            .collect();
        what.push_str(&format!(" using {}", uses.join(", ")));
    }
    if !req.participants.is_empty() {
        let ps: Vec<String> = req
            .participants
            .iter()
            .map(|&p| format!("`{}`", a.participant_id(p)))
            .collect();
        what.push_str(&format!(" for {}", ps.join(", ")));
    }
    let bound = req.to.map(|t| format!(" to {t}")).unwrap_or_default();
    writeln!(out, "Free periods for {what}, from {}{bound}:", req.from)?;
    if s.periods.is_empty() {
        writeln!(out, "  none")?;
    }
    for (n, p) in s.periods.iter().enumerate() {
        writeln!(
            out,
            "{}. booking {} (free {})",
            n + 1,
            describe_booking(s.axis, p.first, tz),
            describe_free(s.axis, p, tz)
        )?;
        if p.needs.is_empty() {
            if !req.participants.is_empty() {
                writeln!(out, "   every participant listed is ready")?;
            }
        } else {
            for need in &p.needs {
                writeln!(out, "   {}", describe_need(a, need))?;
            }
        }
    }
    if !s.blocked.is_empty() {
        writeln!(out)?;
        let before = s
            .periods
            .first()
            .map(|p| format!("before {}", moment(s.axis.range_at(p.first, tz).start, tz)))
            .unwrap_or_else(|| "searched".to_owned());
        writeln!(
            out,
            "Starts {before}, and the first rule that rules each out:"
        )?;
        for b in &s.blocked {
            writeln!(
                out,
                "  {}: {}",
                describe_starts(s.axis, b, tz),
                describe_blocked(a, s.axis, b)
            )?;
        }
    }
    Ok(())
}

/// An instant as a JSON value: a date on the day axis, otherwise a local
/// time with its offset (unambiguous on the night the clocks go back).
fn json_moment(axis: Axis, at: Instant, tz: Tz) -> Value {
    match axis {
        Axis::Days(_) => json!(date_of(at, tz).to_string()),
        Axis::Minutes(_) => json!(at
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M%:z")
            .to_string()),
    }
}

/// The JSON document.
pub fn write_json(a: &Asked<'_>, s: &Slots, out: &mut dyn Write) -> io::Result<()> {
    let tz = a.tz();
    let req = a.req;
    let reg = a.m.reg;
    let periods: Vec<Value> = s
        .periods
        .iter()
        .map(|p| {
            let booking = s.axis.range_at(p.first, tz);
            let (start, end) = free_range(s.axis, p, tz);
            let last_day = |r: TimeRange| json!(last_day_before(r.end, tz).to_string());
            let needs: Vec<Value> = p.needs.iter().map(|n| need_json(a, n)).collect();
            let mut v = json!({
                "start": json_moment(s.axis, booking.start, tz),
                "end": match s.axis {
                    Axis::Days(_) => last_day(booking),
                    Axis::Minutes(_) => json_moment(s.axis, booking.end, tz),
                },
                "free_from": json_moment(s.axis, start, tz),
                "free_until": end.map(|e| match s.axis {
                    Axis::Days(_) => json!(last_day_before(e, tz).to_string()),
                    Axis::Minutes(_) => json_moment(s.axis, e, tz),
                }),
                "needs": needs,
            });
            match (s.axis, p.last) {
                (Axis::Days(n), Some(l)) => v["free_days"] = json!(l + n - p.first),
                (Axis::Minutes(_), Some(_)) => {
                    v["free_minutes"] = json!(end.map(|e| (e - start).num_minutes()))
                }
                _ => {}
            }
            v
        })
        .collect();
    let blocked: Vec<Value> = s
        .blocked
        .iter()
        .map(|b| {
            let at = |i: i64| json_moment(s.axis, s.axis.range_at(i, tz).start, tz);
            let record = match &b.reason {
                Reason::Clash { interval, .. } => Some(reg.intervals[*interval].id.as_str()),
                Reason::Outage { outage, .. } => Some(reg.outages[*outage].id.as_str()),
                Reason::Required { env, .. } | Reason::NotReady { env, .. } => {
                    Some(reg.environments[*env].id.as_str())
                }
                Reason::After { .. } => None,
                Reason::ServiceHours { env } => Some(reg.environments[*env].id.as_str()),
            };
            json!({
                "first_start": at(b.first),
                "last_start": at(b.last),
                "code": b.reason.code().map(|c| c.as_str()),
                "record": record,
                "message": describe_blocked(a, s.axis, b),
            })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "as_of": a.as_of.to_string(),
        "environment": reg.environments[req.env].id.as_str(),
        "stage": req.stage,
        "length": req.length.to_string(),
        "uses": req.uses.iter().map(|&u| reg.environments[u].id.as_str()).collect::<Vec<_>>(),
        "participants": req.participants.iter().map(|&p| reg.participants[p].id.as_str()).collect::<Vec<_>>(),
        "from": req.from.to_string(),
        "to": req.to.map(|t| t.to_string()),
        "periods": periods,
        "blocked": blocked,
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

/// One need of a period, as data: its participant, code and message, and
/// what that kind of need names (environment, steps, milestone, purpose).
fn need_json(a: &Asked<'_>, n: &Need) -> Value {
    let tz = a.tz();
    let req = a.req;
    let reg = a.m.reg;
    let mut v = json!({
        "participant": reg.participants[n.participant()].id.as_str(),
        "code": n.code().as_str(),
        "message": describe_need(a, n),
    });
    match n {
        Need::Role { .. } => {
            v["environment"] = json!(reg.environments[req.env].id.as_str());
        }
        Need::Steps { by, missing, .. } => {
            v["environment"] = json!(reg.environments[req.env].id.as_str());
            v["by"] = json!(by.to_string());
            v["steps"] = json!(missing
                .iter()
                .map(|m| format!("{:?}", m.step).to_lowercase())
                .collect::<Vec<_>>());
        }
        Need::Milestone { milestone, due, .. } => {
            v["milestone"] = json!(reg.milestones[*milestone].id.as_str());
            v["due"] = json!(due.to_string());
        }
        Need::Certificate { gap, .. } => {
            v["environment"] = json!(reg.environments[gap.env].id.as_str());
            v["purpose"] = json!(gap.purpose.as_str());
            v["valid_from"] = json!(gap
                .at
                .with_timezone(&tz)
                .format("%Y-%m-%dT%H:%M%:z")
                .to_string());
            v["lapsed"] = json!(gap.lapsed.map(|c| reg.certificates[c].id.as_str()));
        }
    }
    v
}

/// A YAML scalar that reads back as exactly `text`: plain when it is an
/// id-like word that YAML cannot take for anything else, otherwise double
/// quoted with every control, bidirectional and zero-width character escaped.
pub fn yaml_scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
    if plain {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}') =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| yaml_scalar(i)).collect();
    format!("[{}]", items.join(", "))
}

/// A datetime as the registry writes it: local time, or with its offset
/// when the local time happens twice (the night the clocks go back).
fn yaml_datetime(at: Instant, tz: Tz) -> String {
    let local = at.with_timezone(&tz).naive_local();
    if local_instant(local, tz) == Ok(at) {
        local.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        at.with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M%:z")
            .to_string()
    }
}

/// An id for the new interval, `SLOT-<environment>-<start>`, made unique
/// among the registry's intervals and valid whatever the environment's id.
fn new_id(a: &Asked<'_>, start: &str) -> String {
    let env: String = a.m.reg.environments[a.req.env]
        .id
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .take(32)
        .collect();
    let day: String = start.chars().filter(|c| c.is_ascii_digit()).collect();
    let base = if env.is_empty() {
        format!("SLOT-{day}")
    } else {
        format!("SLOT-{env}-{day}")
    };
    let mut id = base.clone();
    let mut n = 2;
    while a.m.find::<Interval>(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The Interval record of a booking at the first period's start, ready to
/// commit; `None` when there is no period.
pub fn interval_yaml(a: &Asked<'_>, s: &Slots) -> Option<String> {
    let tz = a.tz();
    let req = a.req;
    let reg = a.m.reg;
    let p = s.periods.first()?;
    let r = s.axis.range_at(p.first, tz);
    let (start, end) = match s.axis {
        Axis::Days(_) => (
            date_of(r.start, tz).to_string(),
            last_day_before(r.end, tz).to_string(),
        ),
        Axis::Minutes(_) => (yaml_datetime(r.start, tz), yaml_datetime(r.end, tz)),
    };
    let env = reg.environments[req.env].id.as_str();
    let mut y = String::new();
    y.push_str(&format!(
        "# Found by `envplan slots` as of {}: free {}.\n",
        a.as_of,
        describe_free(s.axis, p, tz)
    ));
    for need in &p.needs {
        y.push_str(&format!(
            "# Needed first: {}\n",
            single_line(&describe_need(a, need))
        ));
    }
    y.push_str("kind: Interval\n");
    y.push_str(&format!("id: {}\n", yaml_scalar(&new_id(a, &start))));
    y.push_str(&format!(
        "name: {}\n",
        yaml_scalar(&format!("{} on {env} from {start}", req.stage))
    ));
    y.push_str(&format!("environment: {}\n", yaml_scalar(env)));
    y.push_str(&format!("stage: {}\n", yaml_scalar(&req.stage)));
    y.push_str(&format!("start: {start}\nend: {end}\n"));
    if !req.participants.is_empty() {
        let ps: Vec<String> = req
            .participants
            .iter()
            .map(|&p| reg.participants[p].id.as_str().to_owned())
            .collect();
        y.push_str(&format!("participants: {}\n", yaml_list(&ps)));
    }
    if !req.uses.is_empty() {
        let us: Vec<String> = req
            .uses
            .iter()
            .map(|&u| reg.environments[u].id.as_str().to_owned())
            .collect();
        y.push_str(&format!("uses: {}\n", yaml_list(&us)));
    }
    y.push_str("status: planned\n");
    Some(y)
}

/// The YAML record, or a comment saying there is none.
pub fn write_yaml(a: &Asked<'_>, s: &Slots, out: &mut dyn Write) -> io::Result<()> {
    match interval_yaml(a, s) {
        Some(y) => out.write_all(y.as_bytes()),
        None => writeln!(out, "# envplan slots: no free period in the time searched"),
    }
}
