//! Building the pack's content from the checked model.

use std::collections::HashMap;

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::availability::{env_availability, measure_in, outage_span, Measured};
use crate::bookings::listing::PAIRS_SHOWN_PER_ENVIRONMENT;
use crate::bookings::{find_clashes, Clash};
use crate::certificates::coverage::uncovered;
use crate::certificates::listing::{self, Query};
use crate::diag::{Code, Severity};
use crate::history::Changes;
use crate::model::{EnvIx, IntervalIx, Model, ParticipantIx};
use crate::pipeline::Checked;
use crate::plan::{build_timeline, Period, PlanQuery};
use crate::registry::lenient;
use crate::registry::records::Participant;
use crate::registry::records::{Sharing, Step};
use crate::registry::Registry;
use crate::time::format::describe_range;
use crate::time::when::{date_of, month_start, next_day, start_of_day};
use crate::time::{EwgRule, TimeRange};

use super::{
    AvailabilityRow, CertRow, ClashRow, Edition, EnvStatus, FindingRow, Header, Headline,
    IntervalRef, OutageRow, Pack, ParticipantRef, ReadinessRow, RegistryVersion, RiskRow, Shown,
    StepCell,
};

/// How far ahead "starting soon" and readiness look in the monthly pack.
pub const LOOK_AHEAD_DAYS: i64 = 90;

/// How far ahead the weekly edition looks: two weeks instead of three months.
pub const WEEKLY_LOOK_AHEAD_DAYS: i64 = 14;

/// The days the pack's timeline (and `plan.ics`) covers. Monthly: the
/// meeting's month and the two after it, the same window `envplan plan
/// --from` gives for the first day of that month. Weekly: the week and the
/// two after it.
pub fn timeline_period(edition: Edition, first: NaiveDate) -> Period {
    match edition {
        Edition::Monthly => Period::three_months_from(month_start(first)),
        Edition::Weekly => Period {
            first,
            last: first + Duration::days(7 + WEEKLY_LOOK_AHEAD_DAYS - 1),
        },
    }
}

/// What the pack is built from.
#[derive(Debug)]
pub struct Inputs<'a, 'r> {
    pub checked: &'a Checked<'r>,
    pub edition: Edition,
    /// Monthly: any day in the meeting's month. Weekly: the Monday of the week.
    pub month: NaiveDate,
    pub meeting: NaiveDate,
    pub registry: RegistryVersion,
    pub changes: Option<Changes>,
}

/// The meeting day in `month`: the Programme's `ewg` rule, or the first day
/// of the month when it has none (or an unreadable one, reported by `check`).
pub fn meeting_day(reg: &Registry, month: NaiveDate) -> NaiveDate {
    let first = month_start(month);
    reg.programme()
        .and_then(|p| p.ewg.as_ref())
        .and_then(|t| EwgRule::parse(t.as_str()).ok())
        .and_then(|r| r.in_month(first.year(), first.month()))
        .unwrap_or(first)
}

/// Everything the pack needs that depends only on the model and the day.
pub(super) struct Cx<'m, 'r> {
    pub(super) m: &'m Model<'r>,
    pub(super) as_of: NaiveDate,
    /// The as-of day, as instants.
    pub(super) today: TimeRange,
    /// The reported period, cut at the start of the as-of day.
    pub(super) reported: TimeRange,
    pub(super) look_ahead_days: i64,
}

impl Cx<'_, '_> {
    pub(super) fn interval_ref(&self, i: IntervalIx) -> IntervalRef {
        let r = &self.m.reg.intervals[i];
        IntervalRef {
            id: r.id.value.to_string(),
            name: r.name.value.to_string(),
        }
    }

    pub(super) fn participant_ref(&self, p: ParticipantIx) -> ParticipantRef {
        let r = &self.m.reg.participants[p];
        ParticipantRef {
            id: r.id.value.to_string(),
            name: r.name.value.to_string(),
        }
    }

    /// A participant by id as written; the name is the id when it does not resolve.
    pub(super) fn participant_by_id(&self, id: &str) -> ParticipantRef {
        match self.m.find::<Participant>(id) {
            Some(p) => self.participant_ref(p),
            None => ParticipantRef {
                id: id.to_owned(),
                name: id.to_owned(),
            },
        }
    }

    pub(super) fn env_id_str(&self, e: EnvIx) -> &str {
        self.m.reg.environments[e].id.as_str()
    }

    pub(super) fn env_id(&self, e: EnvIx) -> String {
        self.m.reg.environments[e].id.value.to_string()
    }

    pub(super) fn live_range(&self, i: IntervalIx) -> Option<TimeRange> {
        let f = &self.m.intervals[i];
        if f.is_cancelled() {
            return None;
        }
        f.range
    }
}

pub fn build(inputs: Inputs<'_, '_>) -> Pack {
    let checked = inputs.checked;
    let m = &checked.model;
    let tz = m.settings.tz;
    let as_of = checked.as_of;
    let edition = inputs.edition;
    let (month, reported_month, look_ahead_days) = periods(edition, inputs.month);
    let cx = context(m, as_of, month, reported_month, look_ahead_days);

    let environments = environments(&cx);
    let (clashes, open_clashes, clashes_not_shown) = clashes(&cx);
    let findings = findings(checked);
    let (certificates, horizon) = certificates(&cx);
    let at_risk = (!m.settings.is_off(Code::EP303)).then(|| at_risk(&cx));
    let outages = outages(&cx);
    let availability = availability_rows(&cx);
    let readiness = readiness(&cx);
    let more = more(&cx, edition, reported_month, &findings);

    let mut headline = headline(
        &cx,
        &findings,
        &certificates,
        at_risk.as_deref(),
        &outages,
        &environments,
        open_clashes,
    );
    headline.intervals_starting = intervals_in(&readiness);

    let programme = m.reg.programme();
    let header = Header {
        edition,
        look_ahead_days,
        programme_id: programme.map_or_else(String::new, |p| p.id.value.to_string()),
        programme_name: programme.map(|p| p.name.value.to_string()),
        timezone: tz.name().to_owned(),
        month,
        meeting: inputs.meeting,
        meeting_rule: match edition {
            Edition::Monthly => m.settings.ewg.map(|r| r.to_string()),
            Edition::Weekly => None,
        },
        as_of,
        reported_month,
        reported_until: crate::time::when::last_day_before(cx.reported.end, tz).max(reported_month),
        registry: inputs.registry,
        certificate_horizon_days: horizon,
        stamp: None,
    };
    let timeline = build_timeline(
        m,
        as_of,
        &PlanQuery {
            period: timeline_period(edition, month),
            environment: None,
            participant: None,
        },
    );

    Pack {
        header,
        headline,
        environments,
        timeline,
        clashes,
        clashes_not_shown,
        findings,
        certificates,
        at_risk,
        outages,
        availability,
        readiness,
        more,
        changes: inputs.changes,
    }
}

/// The edition's first day, the first day of the period it reports, and
/// how far it looks ahead.
fn periods(edition: Edition, first: NaiveDate) -> (NaiveDate, NaiveDate, i64) {
    match edition {
        Edition::Monthly => {
            let month = month_start(first);
            let before = month.checked_sub_months(Months::new(1)).unwrap_or(month);
            (month, before, LOOK_AHEAD_DAYS)
        }
        Edition::Weekly => (first, first - Duration::days(7), WEEKLY_LOOK_AHEAD_DAYS),
    }
}

fn context<'m, 'r>(
    m: &'m Model<'r>,
    as_of: NaiveDate,
    month: NaiveDate,
    reported_month: NaiveDate,
    look_ahead_days: i64,
) -> Cx<'m, 'r> {
    let tz = m.settings.tz;
    let today = TimeRange::new(start_of_day(as_of, tz), start_of_day(next_day(as_of), tz));
    let reported = TimeRange::new(
        start_of_day(reported_month, tz),
        start_of_day(month, tz).min(today.start),
    );
    Cx {
        m,
        as_of,
        today,
        reported,
        look_ahead_days,
    }
}

/// The facts of the sections issue 12 added.
fn more(
    cx: &Cx<'_, '_>,
    edition: Edition,
    reported_month: NaiveDate,
    findings: &[FindingRow],
) -> super::More {
    let trend_periods = super::gather::trend_periods(edition, reported_month);
    let trend = super::gather::trend(cx, edition, &trend_periods);
    let (hits, booked) = super::gather::impact(cx);
    super::More {
        plans: super::gather::env_plans(cx),
        cohorts: super::gather::cohorts(cx),
        milestones: super::gather::milestones(cx),
        renewals: super::gather::renewals(cx),
        contacts: super::gather::contacts(cx, findings),
        trend_periods,
        trend,
        hits,
        booked,
    }
}

/// The headline figures, from the rows the pack shows.
fn headline(
    cx: &Cx<'_, '_>,
    findings: &[FindingRow],
    certificates: &[CertRow],
    at_risk: Option<&[RiskRow]>,
    outages: &[OutageRow],
    environments: &[EnvStatus],
    open_clashes: usize,
) -> Headline {
    let m = cx.m;
    let (lost_planned, lost_unplanned) = own_lost(cx);
    let running = intervals_running(cx);
    Headline {
        environments: m.reg.environments.len(),
        participants: m.reg.participants.len(),
        intervals_running: running,
        // Set from the readiness rows by the caller.
        intervals_starting: 0,
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
        certificates_expiring: certificates.iter().filter(|c| c.days_left >= 0).count(),
        certificates_expired: certificates.iter().filter(|c| c.days_left < 0).count(),
        intervals_at_risk: at_risk.map(|rows| {
            let mut ids: Vec<&str> = rows.iter().map(|r| r.interval.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        }),
        outages_planned: outages.iter().filter(|o| o.planned).count(),
        outages_unplanned: outages.iter().filter(|o| !o.planned).count(),
        lost_planned,
        lost_unplanned,
        open_clashes,
        open_unplanned_outages: environments.iter().map(|e| e.open_unplanned.len()).sum(),
    }
}

/// The intervals the readiness table lists: the headline counts them from
/// the table's rows, so that the figure and the table always agree.
fn intervals_in(readiness: &[ReadinessRow]) -> usize {
    let mut ids: Vec<&str> = readiness.iter().map(|r| r.interval.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// Intervals running on the as-of day.
fn intervals_running(cx: &Cx<'_, '_>) -> usize {
    cx.m.intervals
        .indices()
        .filter(|&i| cx.live_range(i).is_some_and(|r| r.overlaps(&cx.today)))
        .count()
}

/// True when interval `i` starts after the as-of day and at most the
/// edition's look-ahead after it.
fn starts_in_look_ahead(cx: &Cx<'_, '_>, i: IntervalIx) -> bool {
    let f = &cx.m.intervals[i];
    let (Some(_), Some(start)) = (cx.live_range(i), f.start) else {
        return false;
    };
    let day = start.local_date(cx.m.settings.tz);
    day > cx.as_of && (day - cx.as_of).num_days() <= cx.look_ahead_days
}

fn environments(cx: &Cx<'_, '_>) -> Vec<EnvStatus> {
    let m = cx.m;
    let mut out = Vec::with_capacity(m.reg.environments.len());
    for (e, r, facts) in m.environments() {
        let owner = match facts.owner {
            Some(p) => cx.participant_ref(p),
            None => cx.participant_by_id(r.owner.as_str()),
        };
        let running = m
            .intervals
            .indices()
            .filter(|&i| m.intervals[i].env == Some(e))
            .filter(|&i| cx.live_range(i).is_some_and(|r| r.overlaps(&cx.today)))
            .map(|i| cx.interval_ref(i))
            .collect();
        let open_unplanned = m
            .outages()
            .filter(|(_, rec, f)| {
                f.env == Some(e)
                    && !rec.is_planned()
                    && rec.end.is_none()
                    && f.start.is_some_and(|s| s < cx.today.end)
            })
            .map(|(_, rec, _)| rec.id.value.to_string())
            .collect();
        let measured = env_availability(m, e, cx.reported);
        out.push(EnvStatus {
            id: r.id.value.to_string(),
            name: r.name.value.to_string(),
            owner,
            phase: lenient::shown(r.phase.as_ref()).to_owned(),
            required: facts.required,
            running,
            availability: Shown::of(&measured.measured),
            open_unplanned,
        });
    }
    out
}

/// The open clashes by overlap start: at most
/// [`PAIRS_SHOWN_PER_ENVIRONMENT`] per environment as rows, then how many
/// there are in all and, per environment, how many more were not shown.
/// Rows are made only for the pairs shown, so that 499,500 pairs cost the
/// pack neither memory nor megabytes.
fn clashes(cx: &Cx<'_, '_>) -> (Vec<ClashRow>, usize, Vec<(String, usize)>) {
    let m = cx.m;
    let tz = m.settings.tz;
    let mut open: Vec<Clash> = find_clashes(m)
        .into_iter()
        .filter(|c| c.overlap.end > cx.today.start)
        .collect();
    open.sort_by(|a, b| (a.overlap, cx.env_id_str(a.env)).cmp(&(b.overlap, cx.env_id_str(b.env))));
    let total = open.len();
    let mut per_env: std::collections::BTreeMap<String, usize> = Default::default();
    let mut rows = Vec::new();
    for c in open {
        let n = per_env.entry(cx.env_id(c.env)).or_default();
        *n += 1;
        if *n > PAIRS_SHOWN_PER_ENVIRONMENT {
            continue;
        }
        let sharing = m.environments[c.env].sharing;
        let detail = |i: IntervalIx, upstream: EnvIx| match sharing {
            Sharing::SerialStages => {
                format!("stage {}", m.reg.intervals[i].stage.value)
            }
            Sharing::SingleUpstream => format!("via {}", cx.env_id(upstream)),
            _ => String::new(),
        };
        let code = match sharing {
            Sharing::Exclusive => "EP201",
            Sharing::SerialStages => "EP202",
            Sharing::SingleUpstream => "EP203",
            Sharing::Shared => "",
        };
        rows.push(ClashRow {
            code: code.to_owned(),
            environment: cx.env_id(c.env),
            sharing: sharing.as_str().to_owned(),
            earlier: cx.interval_ref(c.earlier),
            earlier_detail: detail(c.earlier, c.earlier_upstream),
            later: cx.interval_ref(c.later),
            later_detail: detail(c.later, c.later_upstream),
            overlap: describe_range(&c.overlap, tz),
            also_on: c.also_on.iter().map(|&e| cx.env_id(e)).collect(),
        });
    }
    let not_shown = per_env
        .into_iter()
        .filter(|(_, n)| *n > PAIRS_SHOWN_PER_ENVIRONMENT)
        .map(|(e, n)| (e, n - PAIRS_SHOWN_PER_ENVIRONMENT))
        .collect();
    (rows, total, not_shown)
}

fn findings(checked: &Checked<'_>) -> Vec<FindingRow> {
    let reg = checked.model.reg;
    let mut rows: Vec<FindingRow> = checked
        .findings
        .iter()
        .map(|f| FindingRow {
            severity: f.severity,
            code: f.code.to_string(),
            message: f.message.clone(),
            place: f
                .place
                .map(|p| format!("{}:{}:{}", reg.file(p.file).rel, p.loc.line, p.loc.column())),
            records: f.records.clone(),
        })
        .collect();
    // Stable: within a severity, the contract's order is kept.
    rows.sort_by_key(|r| r.severity);
    rows
}

/// What `envplan certs --include-expired` lists with the Programme's
/// `certificate_warning` as the window (expired ones first), and that window
/// in days.
fn certificates(cx: &Cx<'_, '_>) -> (Vec<CertRow>, i64) {
    let m = cx.m;
    let horizon = m.settings.certificate_warning.whole_days();
    let query = Query {
        as_of: cx.as_of,
        window_days: horizon,
        participant: None,
        environment: None,
        include_expired: true,
    };
    let rows = listing::list(m, &query)
        .into_iter()
        .map(|e| CertRow {
            participant: cx.participant_by_id(&e.participant),
            id: e.id,
            environment: e.environment,
            purpose: e.purpose.to_owned(),
            expires: e.expires,
            last_day: e.last_day,
            days_left: e.days_left,
        })
        .collect();
    (rows, horizon)
}

/// Participants in intervals not yet over who lack, for some day of the
/// interval from the as-of day on, a certificate the environments need: what
/// EP303 reports (the same facts, from `certificates::coverage`), with the
/// day and the days left to fix it.
fn at_risk(cx: &Cx<'_, '_>) -> Vec<RiskRow> {
    let m = cx.m;
    let tz = m.settings.tz;
    let mut rows: Vec<RiskRow> = uncovered(m, cx.today.start)
        .iter()
        .map(|u| {
            let gap = u.first();
            let cause = match gap.lapsed {
                Some(c) => {
                    let cf = &m.certificates[c];
                    let id = &m.reg.certificates[c].id.value;
                    match (cf.revoked, cf.valid_until) {
                        (Some(r), Some(until)) if r < until => {
                            format!("{id} revoked {}", date_of(r, tz))
                        }
                        _ => format!(
                            "{id} expires {}",
                            cf.last_day.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    }
                }
                None if gap.holds_any => "none valid yet".to_owned(),
                None => "none held".to_owned(),
            };
            let first_gap = date_of(gap.at, tz);
            RiskRow {
                interval: cx.interval_ref(u.interval),
                participant: cx.participant_ref(u.participant),
                environment: cx.env_id(gap.env),
                purpose: gap.purpose.as_str().to_owned(),
                first_gap,
                days_left: (first_gap - cx.as_of).num_days(),
                cause,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.days_left, &a.interval.id, &a.participant.id).cmp(&(
            b.days_left,
            &b.interval.id,
            &b.participant.id,
        ))
    });
    rows
}

/// Outages that took place (at least partly) in the reported month.
fn outages(cx: &Cx<'_, '_>) -> Vec<OutageRow> {
    let m = cx.m;
    let tz = m.settings.tz;
    let local = |i: crate::time::Instant| i.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let mut rows: Vec<(crate::time::Instant, OutageRow)> = Vec::new();
    let mut counted: HashMap<EnvIx, Measured> = HashMap::new();
    for (o, r, f) in m.outages() {
        let Some(env) = f.env else {
            continue;
        };
        let Some(span) = outage_span(m, o, cx.reported.end) else {
            continue;
        };
        if !span.range.overlaps(&cx.reported) {
            continue;
        }
        let measured = *counted
            .entry(env)
            .or_insert_with(|| env_availability(m, env, cx.reported).measured);
        let (lost, hours_known, required) = match measured {
            Measured::NotRequired => (Duration::zero(), true, false),
            Measured::Counted { span: within, .. } => {
                let f = measure_in(m, env, within, &[span]);
                (f.lost(), f.service.is_some(), true)
            }
        };
        let duration = match f.end {
            Some(end) => end - span.range.start,
            None => (cx.today.start - span.range.start).max(Duration::zero()),
        };
        rows.push((
            span.range.start,
            OutageRow {
                id: r.id.value.to_string(),
                environment: cx.env_id(env),
                planned: r.is_planned(),
                reason: lenient::shown(r.reason.as_ref()).to_owned(),
                start: local(span.range.start),
                end: f.end.map(local),
                duration,
                lost,
                hours_known,
                required,
                defect: r.defect.as_ref().map(|d| d.value.to_string()),
            },
        ));
    }
    rows.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    rows.into_iter().map(|(_, r)| r).collect()
}

fn availability_rows(cx: &Cx<'_, '_>) -> Vec<AvailabilityRow> {
    let m = cx.m;
    m.reg
        .environments
        .indices()
        .map(|e| {
            let a = env_availability(m, e, cx.reported);
            let figures = a.measured.figures();
            let counted = match a.measured {
                Measured::Counted {
                    span,
                    clipped: true,
                    ..
                } => Some((
                    date_of(span.start, m.settings.tz),
                    crate::time::when::last_day_before(span.end, m.settings.tz),
                )),
                _ => None,
            };
            AvailabilityRow {
                environment: cx.env_id(e),
                hours: a.hours.describe(m),
                service: figures.and_then(|f| f.service),
                lost_planned: figures.map_or(Duration::zero(), |f| f.lost_planned),
                lost_unplanned: figures.map_or(Duration::zero(), |f| f.lost_unplanned),
                availability: Shown::of(&a.measured),
                counted,
            }
        })
        .collect()
}

/// Service hours lost in the reported month to each environment's own
/// outages, planned and unplanned: the headline figure. An environment's
/// availability also counts its components' outages, so summing the
/// availability rows would count a component's outage twice.
fn own_lost(cx: &Cx<'_, '_>) -> (Duration, Duration) {
    let m = cx.m;
    let mut planned = Duration::zero();
    let mut unplanned = Duration::zero();
    for e in m.reg.environments.indices() {
        let Measured::Counted { span, .. } = env_availability(m, e, cx.reported).measured else {
            continue;
        };
        let own: Vec<_> = m
            .outages
            .indices()
            .filter(|&o| m.outages[o].env == Some(e))
            .filter_map(|o| outage_span(m, o, cx.reported.end))
            .collect();
        let f = measure_in(m, e, span, &own);
        planned += f.lost_planned;
        unplanned += f.lost_unplanned;
    }
    (planned, unplanned)
}

/// Connectivity proving of each participant of each interval starting in
/// the look-ahead, judged as EP105 judges it; an interval with nobody booked
/// gets one row of its own, since the headline counts it.
fn readiness(cx: &Cx<'_, '_>) -> Vec<ReadinessRow> {
    let m = cx.m;
    let tz = m.settings.tz;
    let mut rows = Vec::new();
    for (i, iv, f) in m.intervals() {
        let Some(start) = f.start else {
            continue;
        };
        if !starts_in_look_ahead(cx, i) {
            continue;
        }
        let start_day = start.local_date(tz);
        let row = |participant: Option<ParticipantIx>| ReadinessRow {
            interval: cx.interval_ref(i),
            environment: f
                .env
                .map_or_else(|| iv.environment.value.to_string(), |e| cx.env_id(e)),
            stage: iv.stage.value.to_string(),
            start: start_day,
            participant: participant.map(|p| cx.participant_ref(p)),
            steps: match (participant, f.env) {
                (Some(p), Some(env)) => Some(step_cells(cx, p, env, start_day)),
                _ => None,
            },
            proving_interval: iv.stage.value == m.settings.proving_stage,
        };
        if f.participants.is_empty() {
            rows.push(row(None));
        }
        rows.extend(f.participants.iter().map(|&p| row(Some(p))));
    }
    rows.sort_by(|a, b| {
        let key = |r: &ReadinessRow| (r.start, r.interval.id.clone(), r.participant.clone());
        key(a).cmp(&key(b))
    });
    rows
}

/// Participant `p`'s connectivity steps on `env` judged against `day` (the
/// interval's start), as EP105 judges them: required after the role and
/// cohort limits, done by then, done late, or missing.
pub(super) fn step_cells(
    cx: &Cx<'_, '_>,
    p: ParticipantIx,
    env: EnvIx,
    day: NaiveDate,
) -> [StepCell; 4] {
    let m = cx.m;
    let required = m.steps_required(p, env);
    let done = m.participants[p].steps_on(env).copied().unwrap_or_default();
    [
        Step::Internal,
        Step::Certificates,
        Step::Webhooks,
        Step::Message,
    ]
    .map(|step| {
        let date = done.get(step);
        match (required.contains(&step), date) {
            (false, d) => StepCell::NotRequired(d),
            (true, None) => StepCell::Missing,
            (true, Some(d)) if d > day => StepCell::Late(d),
            (true, Some(d)) => StepCell::Done(d),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_day_follows_the_rule_or_the_first_of_the_month() {
        let with_rule = Registry::from_texts(
            std::path::Path::new("/nowhere"),
            vec![(
                "p.yaml".into(),
                "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\newg: first-tuesday\nroles: {}\nstages: {}\n".into(),
            )],
        );
        let nov = NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
        let day = meeting_day(&with_rule.registry, nov);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 3).unwrap());
        let without = Registry::from_texts(std::path::Path::new("/nowhere"), Vec::new());
        let day = meeting_day(&without.registry, nov);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    }
}
