//! Deadlines (format v2): milestones overdue or due soon (EP501, EP502) and
//! environments not ready when the programme needs them (EP503, EP504).
//! The facts behind the first two are `crate::milestones`.

use crate::diag::{Code, Finding, Sink};
use crate::milestones::{met, subjects, what_it_takes, ByParticipant, Subject};
use crate::model::{MilestoneIx, ParticipantIx, ReadinessFacts};
use crate::registry::records::{Due, ReadinessStatus};
use crate::time::format::plural;

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    if !cx.model.reg.milestones.is_empty() {
        let by = ByParticipant::new(cx.model);
        for ms in cx.model.reg.milestones.indices() {
            let subjects = subjects(cx.model, ms, &by);
            overdue(cx, ms, &subjects, &by, sink);
            due_soon(cx, ms, &subjects, &by, sink);
        }
    }
    not_ready(cx, sink);
    readiness_at_risk(cx, sink);
}

/// The due day, and what set it when it was not written as a date:
/// "2026-03-08 (the day before interval `FUNC-2` starts)".
fn due_words(cx: &Context<'_, '_>, ms: MilestoneIx, s: &Subject) -> String {
    let reg = cx.model.reg;
    match (&reg.milestones[ms].due.value, s.anchor) {
        (_, Some(i)) => format!(
            "{} (the day before its first {} interval, `{}`, starts)",
            s.due, reg.intervals[i].stage.value, reg.intervals[i].id.value
        ),
        (Due::Day(t), None) if t.as_str() != s.due.to_string() => {
            format!("{} (the day before interval `{}` starts)", s.due, t.value)
        }
        _ => s.due.to_string(),
    }
}

/// EP501: a deadline passed and the participant had not met it then, nor since.
fn overdue(
    cx: &Context<'_, '_>,
    ms: MilestoneIx,
    subjects: &[Subject],
    by: &ByParticipant,
    sink: &mut Sink,
) {
    let m = cx.model;
    let milestone = &m.reg.milestones[ms];
    for s in subjects {
        if cx.as_of <= s.due
            || met(m, ms, s.participant, s.due, by)
            || met(m, ms, s.participant, cx.as_of, by)
        {
            continue;
        }
        let p = &m.reg.participants[s.participant];
        let late = (cx.as_of - s.due).num_days();
        sink.push(
            Finding::new(
                Code::EP501,
                format!(
                    "participant `{}` has not met milestone `{}` ({}), due {}: {} overdue",
                    p.id.value,
                    milestone.id.value,
                    milestone.name.value,
                    due_words(cx, ms, s),
                    plural(late, "day")
                ),
            )
            .at(milestone.file, milestone.due.loc)
            .record(milestone.id.value.clone())
            .record(p.id.value.clone())
            .related(p.file, p.id.loc, "the participant")
            .help(help(cx, ms, s.participant)),
        );
    }
}

/// EP502: a deadline within `milestone_warning` that the participant has not met yet.
fn due_soon(
    cx: &Context<'_, '_>,
    ms: MilestoneIx,
    subjects: &[Subject],
    by: &ByParticipant,
    sink: &mut Sink,
) {
    let m = cx.model;
    let milestone = &m.reg.milestones[ms];
    let horizon = m.settings.milestone_warning;
    for s in subjects {
        let left = (s.due - cx.as_of).num_days();
        if left < 0 || left > horizon || met(m, ms, s.participant, cx.as_of, by) {
            continue;
        }
        let p = &m.reg.participants[s.participant];
        let when = match left {
            0 => "today".to_owned(),
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        sink.push(
            Finding::new(
                Code::EP502,
                format!(
                    "participant `{}` has not yet met milestone `{}` ({}), due {when}, on {}",
                    p.id.value,
                    milestone.id.value,
                    milestone.name.value,
                    due_words(cx, ms, s)
                ),
            )
            .at(milestone.file, milestone.due.loc)
            .record(milestone.id.value.clone())
            .record(p.id.value.clone())
            .related(p.file, p.id.loc, "the participant")
            .help(format!(
                "{}; the warning horizon is {horizon} days (`milestone_warning`)",
                help(cx, ms, s.participant)
            )),
        );
    }
}

/// What to do about a milestone not met.
fn help(cx: &Context<'_, '_>, ms: MilestoneIx, p: ParticipantIx) -> String {
    let m = cx.model;
    let milestone = &m.reg.milestones[ms];
    let pid = &m.reg.participants[p].id.value;
    match milestone.requires {
        None => format!(
            "once `{pid}` has met it, record the day under its `milestones: {{{}: YYYY-MM-DD}}`; otherwise agree a new date with it",
            milestone.id.value
        ),
        Some(_) => format!(
            "meeting it takes {}; record that for `{pid}` once it is done, or agree a new date",
            what_it_takes(m, ms)
        ),
    }
}

/// Whether readiness says the environment is not ready on the as-of day, and
/// whether it is its `ready_on` that says so.
pub fn not_ready_now(r: &ReadinessFacts, as_of: chrono::NaiveDate) -> Option<bool> {
    match r.status {
        ReadinessStatus::Planned | ReadinessStatus::Building => Some(false),
        _ if r.ready_on.is_some_and(|d| d > as_of) => Some(true),
        _ => None,
    }
}

/// EP503: the programme needs the environment now (§4.1, §12.2), and it is not ready.
fn not_ready(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    for (e, f) in m.environments.indexed() {
        let (Some((from, to)), Some(r)) = (f.required, &f.readiness) else {
            continue;
        };
        if cx.as_of < from || cx.as_of > to {
            continue;
        }
        let Some(by_date) = not_ready_now(r, cx.as_of) else {
            continue;
        };
        let env = &m.reg.environments[e];
        let Some(written) = &env.readiness else {
            continue;
        };
        let (loc, why) = match (by_date, &written.ready_on) {
            (true, Some(t)) => (t.loc, format!("it is not forecast ready until {}", t.value)),
            _ => (
                written.loc,
                format!("its readiness is `{}`", r.status.as_str()),
            ),
        };
        sink.push(
            Finding::new(
                Code::EP503,
                format!(
                    "environment `{}` is required from {from}, but is not ready: {why}",
                    env.id.value
                ),
            )
            .at(env.file, loc)
            .record(env.id.value.clone())
            .help(format!(
                "tell the participants booked on `{}` and re-plan with them; once it is ready, set `readiness: {{status: ready, ready_on: ...}}`",
                env.id.value
            )),
        );
    }
}

/// EP504: the environment will be needed soon, or is forecast ready only after it is needed.
fn readiness_at_risk(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let horizon = m.settings.milestone_warning;
    for (e, f) in m.environments.indexed() {
        let (Some((from, _)), Some(r)) = (f.required, &f.readiness) else {
            continue;
        };
        if from <= cx.as_of {
            continue;
        }
        let env = &m.reg.environments[e];
        let Some(written) = &env.readiness else {
            continue;
        };
        let late_forecast = r.ready_on.filter(|&d| d > from);
        let soon = (from - cx.as_of).num_days() <= horizon && r.status != ReadinessStatus::Ready;
        let (loc, why) = match (late_forecast, &written.ready_on) {
            (Some(d), Some(t)) => (
                t.loc,
                format!(
                    "it is forecast ready on {d}, {} after it is required from {from}",
                    plural((d - from).num_days(), "day")
                ),
            ),
            _ if soon => (
                written.loc,
                format!(
                    "it is required from {from}, in {}, and its readiness is still `{}`",
                    plural((from - cx.as_of).num_days(), "day"),
                    r.status.as_str()
                ),
            ),
            _ => continue,
        };
        sink.push(
            Finding::new(
                Code::EP504,
                format!("environment `{}` may not be ready in time: {why}", env.id.value),
            )
            .at(env.file, loc)
            .record(env.id.value.clone())
            .help(format!(
                "agree a recovery plan with the owner of `{}`, or move its `required` date and the intervals booked on it",
                env.id.value
            )),
        );
    }
}
