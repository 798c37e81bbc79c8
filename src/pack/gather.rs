//! The facts of the newer sections (issue 12): environment plan and
//! readiness, milestones, renewals before `required.to`, contacts, the
//! availability trend and the impact of unplanned outages on bookings.
//! Computed from the model as of the pack's day; the sections word them.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, Months, NaiveDate};

use crate::availability::{env_availability, measure_in, outage_span, with_components, Hours};
use crate::milestones::status::standing;
use crate::milestones::{subjects, ByParticipant};
use crate::model::{CertIx, EnvIx, IntervalIx, OutageIx, ParticipantIx};
use crate::registry::records::ReadinessStatus;
use crate::time::when::{month_start, start_of_day};
use crate::time::{Instant, TimeRange};

use super::build::Cx;
use super::{Edition, IntervalRef, ParticipantRef, Shown};

/// One environment's plan and readiness (sections 1 and 2).
#[derive(Debug, Clone)]
pub struct EnvPlan {
    pub id: String,
    pub required: Option<(NaiveDate, NaiveDate)>,
    pub sandbox_end: Option<NaiveDate>,
    /// "ready", "building", … or `None` when no readiness is recorded.
    pub status: Option<ReadinessStatus>,
    pub ready_on: Option<NaiveDate>,
    /// Days until `required.from`, when that is after the as-of day.
    pub required_in: Option<i64>,
    /// `None` when the service hours are unknown.
    pub hours: Option<String>,
    /// Each component's id and state ("ready", "down: OUT-105").
    pub components: Vec<(String, String)>,
}

pub(super) fn env_plans(cx: &Cx<'_, '_>) -> Vec<EnvPlan> {
    let m = cx.m;
    m.reg
        .environments
        .indices()
        .map(|e| {
            let f = &m.environments[e];
            let hours = crate::availability::hours(m, e);
            let readiness = f.readiness.as_ref();
            EnvPlan {
                id: cx.env_id(e),
                required: f.required,
                sandbox_end: f.sandbox_end,
                status: readiness.map(|r| r.status),
                ready_on: readiness.and_then(|r| r.ready_on),
                required_in: f
                    .required
                    .map(|(from, _)| (from - cx.as_of).num_days())
                    .filter(|d| *d > 0),
                hours: (!matches!(hours, Hours::Unknown(_))).then(|| hours.describe(m)),
                components: f
                    .components
                    .iter()
                    .map(|&c| (cx.env_id(c), component_state(cx, c)))
                    .collect(),
            }
        })
        .collect()
}

/// A component's readiness, and the unplanned outages it is down for now.
fn component_state(cx: &Cx<'_, '_>, c: EnvIx) -> String {
    let m = cx.m;
    let down: Vec<&str> = m
        .outages
        .indices()
        .filter(|&o| m.outages[o].env == Some(c) && !m.reg.outages[o].is_planned())
        .filter(|&o| outage_span(m, o, cx.today.end).is_some_and(|s| s.range.overlaps(&cx.today)))
        .map(|o| m.reg.outages[o].id.as_str())
        .collect();
    let status = m.environments[c]
        .readiness
        .as_ref()
        .map_or("readiness not recorded", |r| r.status.as_str());
    if down.is_empty() {
        status.to_owned()
    } else {
        format!("{status}; down: {}", down.join(", "))
    }
}

/// One participant's standing with one milestone (section 4).
#[derive(Debug, Clone)]
pub struct MilestoneRow {
    pub milestone: IntervalRef,
    pub participant: ParticipantRef,
    pub due: NaiveDate,
    /// "met", "met late", "due soon", "due", "overdue".
    pub standing: &'static str,
}

pub(super) fn milestones(cx: &Cx<'_, '_>) -> Vec<MilestoneRow> {
    let m = cx.m;
    let by = ByParticipant::new(m);
    let mut rows = Vec::new();
    for (ms, r) in m.reg.milestones.indexed() {
        for s in subjects(m, ms, &by) {
            rows.push(MilestoneRow {
                milestone: IntervalRef {
                    id: r.id.value.to_string(),
                    name: r.name.value.to_string(),
                },
                participant: cx.participant_ref(s.participant),
                due: s.due,
                standing: standing(m, ms, &s, cx.as_of, &by).as_str(),
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.due, &a.milestone.id, &a.participant.id).cmp(&(
            b.due,
            &b.milestone.id,
            &b.participant.id,
        ))
    });
    rows
}

/// A certificate that lapses before its environment's `required.to` while
/// its participant is still booked there (section 5).
#[derive(Debug, Clone)]
pub struct RenewalRow {
    pub month: NaiveDate,
    pub certificate: String,
    pub participant: ParticipantRef,
    pub environment: String,
    pub last_day: NaiveDate,
    pub required_to: NaiveDate,
}

pub(super) fn renewals(cx: &Cx<'_, '_>) -> Vec<RenewalRow> {
    let m = cx.m;
    let replaced: HashSet<CertIx> = m.certificates.iter().filter_map(|c| c.replaces).collect();
    let booked_until = booked_until(cx);
    let mut rows = Vec::new();
    for (c, f) in m.certificates.indexed() {
        let (Some(p), Some(e), Some(last)) = (f.participant, f.env, f.last_day) else {
            continue;
        };
        let Some((_, to)) = m.environments[e].required else {
            continue;
        };
        if replaced.contains(&c) || f.revoked.is_some() || last < cx.as_of || last >= to {
            continue;
        }
        let booked = booked_until
            .get(&(p, e))
            .is_some_and(|&end| end > start_of_day(last, m.settings.tz));
        if booked {
            rows.push(RenewalRow {
                month: month_start(last),
                certificate: m.reg.certificates[c].id.value.to_string(),
                participant: cx.participant_ref(p),
                environment: cx.env_id(e),
                last_day: last,
                required_to: to,
            });
        }
    }
    rows.sort_by(|a, b| (a.last_day, &a.certificate).cmp(&(b.last_day, &b.certificate)));
    rows
}

/// The latest end of the intervals (not cancelled) each participant is
/// booked into on each environment, its own or one it uses: looked up per
/// certificate, so that the renewals cost the intervals once rather than
/// once per certificate.
fn booked_until(cx: &Cx<'_, '_>) -> HashMap<(ParticipantIx, EnvIx), Instant> {
    let mut out: HashMap<(ParticipantIx, EnvIx), Instant> = HashMap::new();
    for i in cx.m.intervals.iter().filter(|i| !i.is_cancelled()) {
        let Some(range) = i.range else { continue };
        for &p in i.participants.iter() {
            for e in i.env.into_iter().chain(i.uses.iter().copied()) {
                let end = out.entry((p, e)).or_insert(range.end);
                *end = (*end).max(range.end);
            }
        }
    }
    out
}

/// Who lacks a contact (section 6): from the check's EP101 and EP102
/// findings, so the table says what `check` says, grouped per participant.
#[derive(Debug, Clone)]
pub struct ContactRow {
    pub participant: ParticipantRef,
    pub manager_missing: bool,
    /// The EP102 messages about it.
    pub officers: Vec<String>,
}

pub(super) fn contacts(cx: &Cx<'_, '_>, findings: &[super::FindingRow]) -> Vec<ContactRow> {
    let mut by: BTreeMap<String, ContactRow> = BTreeMap::new();
    for f in findings {
        let ep101 = f.code == "EP101";
        if !ep101 && f.code != "EP102" {
            continue;
        }
        let Some(id) = f.records.first() else {
            continue;
        };
        let row = by.entry(id.clone()).or_insert_with(|| ContactRow {
            participant: cx.participant_by_id(id),
            manager_missing: false,
            officers: Vec::new(),
        });
        if ep101 {
            row.manager_missing = true;
        } else {
            row.officers.push(f.message.clone());
        }
    }
    by.into_values().collect()
}

/// One environment's availability over the six periods up to the reported
/// one, oldest first (section 7).
#[derive(Debug, Clone)]
pub struct TrendRow {
    pub environment: String,
    pub figures: Vec<Shown>,
}

/// The six periods of the trend: months, or weeks for the weekly edition,
/// ending with the reported one; each cut at the as-of day.
pub fn trend_periods(edition: Edition, reported: NaiveDate) -> Vec<NaiveDate> {
    (0..6u32)
        .rev()
        .map(|back| match edition {
            Edition::Monthly => reported
                .checked_sub_months(Months::new(back))
                .unwrap_or(reported),
            Edition::Weekly => reported - Duration::days(7 * i64::from(back)),
        })
        .collect()
}

pub(super) fn trend(cx: &Cx<'_, '_>, edition: Edition, firsts: &[NaiveDate]) -> Vec<TrendRow> {
    let m = cx.m;
    let tz = m.settings.tz;
    let range = |first: NaiveDate| {
        let next = match edition {
            Edition::Monthly => first.checked_add_months(Months::new(1)).unwrap_or(first),
            Edition::Weekly => first + Duration::days(7),
        };
        TimeRange::new(
            start_of_day(first, tz),
            start_of_day(next, tz).min(cx.today.start),
        )
    };
    m.reg
        .environments
        .indices()
        .map(|e| TrendRow {
            environment: cx.env_id(e),
            figures: firsts
                .iter()
                .map(|&f| Shown::of(&env_availability(m, e, range(f)).measured))
                .collect(),
        })
        .collect()
}

/// One interval an unplanned outage hit, and the booked service hours each
/// of its participants lost (section 8).
#[derive(Debug, Clone)]
pub struct HitRow {
    pub outage: String,
    pub outage_env: String,
    pub interval: IntervalRef,
    pub environment: String,
    pub participants: Vec<ParticipantRef>,
    /// `None` when the interval's environment has unknown service hours.
    pub lost: Option<Duration>,
}

/// Per participant, over the reported period.
#[derive(Debug, Clone)]
pub struct BookedRow {
    pub participant: ParticipantRef,
    /// `None` when some booked environment's hours are unknown.
    pub booked: Option<Duration>,
    pub lost_planned: Duration,
    /// Lost to unplanned outages (time a planned one also took counts as planned).
    pub lost: Duration,
}

/// The environments interval `i` depends on: its own, the ones it uses, and
/// all their components.
fn depends_on(cx: &Cx<'_, '_>, i: IntervalIx) -> Vec<EnvIx> {
    let f = &cx.m.intervals[i];
    let mut out: Vec<EnvIx> = f
        .env
        .into_iter()
        .chain(f.uses.iter().copied())
        .flat_map(|e| with_components(cx.m, e))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

pub(super) fn impact(cx: &Cx<'_, '_>) -> (Vec<HitRow>, Vec<BookedRow>) {
    let m = cx.m;
    let spans: Vec<(OutageIx, crate::availability::OutageSpan)> = m
        .outages
        .indices()
        .filter(|&o| m.outages[o].env.is_some())
        .filter_map(|o| outage_span(m, o, cx.reported.end).map(|s| (o, s)))
        .filter(|(_, s)| s.range.overlaps(&cx.reported))
        .collect();
    let mut hits = Vec::new();
    let mut per: BTreeMap<ParticipantIx, BookedRow> = BTreeMap::new();
    for i in m.intervals.indices() {
        let (Some(range), Some(env)) = (cx.live_range(i), m.intervals[i].env) else {
            continue;
        };
        let Some(within) = range.overlap(&cx.reported) else {
            continue;
        };
        let deps = depends_on(cx, i);
        let mine: Vec<_> = spans
            .iter()
            .filter(|(o, s)| {
                m.outages[*o].env.is_some_and(|e| deps.contains(&e)) && s.range.overlaps(&within)
            })
            .collect();
        let planned: Vec<_> = mine
            .iter()
            .filter(|(_, s)| s.planned)
            .map(|(_, s)| *s)
            .collect();
        let booked = measure_in(m, env, within, &[]).service;
        let all: Vec<_> = mine.iter().map(|(_, s)| *s).collect();
        let lost = measure_in(m, env, within, &all);
        for (o, s) in mine.iter().filter(|(_, s)| !s.planned) {
            // Time a planned outage also took counts as planned, as in availability.
            let with_planned: Vec<_> = planned.iter().copied().chain([*s]).collect();
            hits.push(HitRow {
                outage: m.reg.outages[*o].id.value.to_string(),
                outage_env: m.outages[*o].env.map(|e| cx.env_id(e)).unwrap_or_default(),
                interval: cx.interval_ref(i),
                environment: cx.env_id(env),
                participants: m.intervals[i]
                    .participants
                    .iter()
                    .map(|&p| cx.participant_ref(p))
                    .collect(),
                lost: booked.map(|_| measure_in(m, env, within, &with_planned).lost_unplanned),
            });
        }
        for &p in m.intervals[i].participants.iter() {
            let row = per.entry(p).or_insert_with(|| BookedRow {
                participant: cx.participant_ref(p),
                booked: Some(Duration::zero()),
                lost_planned: Duration::zero(),
                lost: Duration::zero(),
            });
            row.booked = row.booked.zip(booked).map(|(a, b)| a + b);
            row.lost_planned += lost.lost_planned;
            row.lost += lost.lost_unplanned;
        }
    }
    hits.sort_by(|a, b| (&a.outage, &a.interval.id).cmp(&(&b.outage, &b.interval.id)));
    let mut booked: Vec<BookedRow> = per.into_values().collect();
    booked.sort_by(|a, b| a.participant.id.cmp(&b.participant.id));
    (hits, booked)
}

/// One proving-stage interval (a cohort) and its participants' steps
/// (section 3).
#[derive(Debug, Clone)]
pub struct Cohort {
    pub interval: IntervalRef,
    pub environment: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub members: Vec<(ParticipantRef, [super::StepCell; 4])>,
}

pub(super) fn cohorts(cx: &Cx<'_, '_>) -> Vec<Cohort> {
    let m = cx.m;
    let tz = m.settings.tz;
    let mut out = Vec::new();
    for (i, iv, f) in m.intervals() {
        if iv.stage.value != m.settings.proving_stage || cx.live_range(i).is_none() {
            continue;
        }
        let (Some(env), Some(start)) = (f.env, f.start) else {
            continue;
        };
        let start = start.local_date(tz);
        out.push(Cohort {
            interval: cx.interval_ref(i),
            environment: cx.env_id(env),
            start,
            end: f.end.map(|e| e.local_date(tz)),
            members: f
                .participants
                .iter()
                .map(|&p| {
                    // Steps are done during the proving interval: judged at its end.
                    let by = f.end.map_or(start, |e| e.local_date(tz));
                    (
                        cx.participant_ref(p),
                        super::build::step_cells(cx, p, env, by),
                    )
                })
                .collect(),
        });
    }
    out.sort_by(|a, b| (a.start, &a.interval.id).cmp(&(b.start, &b.interval.id)));
    out
}
