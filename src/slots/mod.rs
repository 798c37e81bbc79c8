//! `envplan slots`: the earliest periods in which a booking of a given
//! length could be added without a finding of the booking rules, and what
//! each listed participant still needs before it.
//!
//! Rather than trying every day or minute, each thing that stands in the way
//! (an interval the booking would clash with, the environment's `required`
//! window, a planned outage, the end of the search) is turned into the
//! starts it rules out: one half-open range on the request's axis (days for
//! a length in days or weeks, minutes for hours or minutes). Sorting those
//! ranges and sweeping them once gives the free runs, so a query costs
//! O(n log n) in the intervals and outages of the environments involved.
//!
//! Whether something stands in the way is decided by the rule code itself,
//! never a copy of it: the would-be interval is handed, as a booking that
//! spans all of the time searched, to the same clash and outage functions
//! `check` runs (`crate::bookings`), so the environments it reaches, the
//! sharing modes and upstreams are exactly the rules'; the window is the
//! one EP205 reads; and what participants need is asked of the EP105 and
//! EP303 predicates at each period's start.

pub mod render;
#[cfg(test)]
mod tests;

use std::cmp::Reverse;
use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::availability::{service_in, total_length};
use crate::bookings::dependencies::dependencies_on;
use crate::bookings::{
    bookings, clashes_among, outage_overlaps_among, outage_spans, required_window, Booking,
};
use crate::certificates::coverage::{gaps, holdings, Gap};
use crate::certificates::{live_part, needs_on};
use crate::diag::Code;
use crate::milestones::{met, subjects_with, ByParticipant, Extra};
use crate::model::{EnvIx, IntervalFacts, IntervalIx, MilestoneIx, Model, OutageIx, ParticipantIx};
use crate::registry::records::Interval;
use crate::registry::records::Status;
use crate::rules::clashes::clash_code;
use crate::rules::milestones::not_ready_now;
use crate::rules::participants::{connectivity_applies, missing_steps, MissingStep};
use crate::table::Table;
use crate::time::when::{date_of, next_day, start_of_day};
use crate::time::{Duration, Instant, TimeRange};

/// What is being asked for: a booking of `length` on `env` for `stage`,
/// using `uses`, for `participants`, starting on or after `from` and ending
/// on or before `to`.
#[derive(Debug, Clone)]
pub struct Request {
    pub env: EnvIx,
    pub stage: String,
    pub uses: Vec<EnvIx>,
    pub participants: Vec<ParticipantIx>,
    pub length: Duration,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    /// How many free periods to find.
    pub count: usize,
    /// List only periods whose free time holds at least `length` of the
    /// environment's service hours.
    pub service_hours: bool,
}

/// Beyond any index a real date or minute reaches: "never ends".
pub const FOREVER: i64 = i64::MAX / 4;

/// Where a booking may start: on whole days (an interval of `n` days, written
/// with dates) or on minutes (an interval of that many minutes, written with
/// datetimes). An index is a day number or a minute since 1970 (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Days(i64),
    Minutes(i64),
}

/// Instants this far out (an outage still going on) run forever.
fn far() -> Instant {
    Utc.with_ymd_and_hms(9000, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid instant")
}

fn far_past() -> Instant {
    Utc.with_ymd_and_hms(1000, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid instant")
}

pub fn day_index(d: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&d))
}

pub fn day_at(index: i64) -> NaiveDate {
    i32::try_from(index)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MAX)
}

fn minute_at(index: i64) -> Instant {
    Utc.timestamp_opt(index.saturating_mul(60), 0)
        .single()
        .unwrap_or(chrono::DateTime::<Utc>::MAX_UTC)
}

impl Axis {
    pub fn of(length: Duration) -> Axis {
        if length.is_in_days() {
            Axis::Days(length.whole_days())
        } else {
            Axis::Minutes(length.minutes())
        }
    }

    /// The booking that starts at `index`.
    pub fn range_at(self, index: i64, tz: Tz) -> TimeRange {
        match self {
            Axis::Days(n) => TimeRange::new(
                start_of_day(day_at(index), tz),
                start_of_day(day_at(index + n), tz),
            ),
            Axis::Minutes(l) => TimeRange::new(minute_at(index), minute_at(index + l)),
        }
    }

    /// The first start at or after `at`.
    fn first_at_or_after(self, at: Instant, tz: Tz) -> i64 {
        if at >= far() {
            return FOREVER;
        }
        if at <= far_past() {
            return -FOREVER;
        }
        match self {
            Axis::Days(_) => {
                let d = date_of(at, tz);
                day_index(d) + i64::from(start_of_day(d, tz) < at)
            }
            Axis::Minutes(_) => at.timestamp().div_euclid(60) + i64::from(at.timestamp() % 60 != 0),
        }
    }

    /// The starts whose booking would share time with `r`, as `[lo, hi)`.
    pub fn blocked_by(self, r: TimeRange, tz: Tz) -> Option<(i64, i64)> {
        if r.start >= r.end {
            return None;
        }
        let lo = if r.start <= far_past() {
            -FOREVER
        } else {
            match self {
                // The booking's days reach into the day `r` starts on.
                Axis::Days(n) => day_index(date_of(r.start, tz)) - n + 1,
                Axis::Minutes(l) => (r.start.timestamp() - l * 60).div_euclid(60) + 1,
            }
        };
        // Starts before `r.end`.
        let hi = self.first_at_or_after(r.end, tz);
        (lo < hi).then_some((lo, hi))
    }

    /// The starts whose whole booking lies inside `w`, as `[lo, hi)`.
    pub fn inside(self, w: TimeRange, tz: Tz) -> (i64, i64) {
        let lo = self.first_at_or_after(w.start, tz);
        let hi = if w.end >= far() {
            FOREVER
        } else {
            match self {
                // Its end, the midnight after its last day, is at or before `w.end`.
                Axis::Days(n) => day_index(date_of(w.end, tz)) - n + 1,
                Axis::Minutes(l) => (w.end.timestamp() - l * 60).div_euclid(60) + 1,
            }
        };
        (lo, hi.max(lo))
    }
}

/// Why some starts are ruled out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// It would clash with `interval` on `env` (EP201 to EP203).
    Clash {
        code: Code,
        interval: IntervalIx,
        env: EnvIx,
    },
    /// It would lie outside `env`'s `required` window (EP205).
    Required {
        env: EnvIx,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A planned outage of `env` would overlap it: its own environment
    /// (EP206), or one it uses or a component (EP208).
    Outage {
        code: Code,
        outage: OutageIx,
        env: EnvIx,
    },
    /// `env` (its own or one it uses) is not ready by then (EP503).
    NotReady {
        env: EnvIx,
        ready_on: Option<NaiveDate>,
    },
    /// It would end after `--to`.
    After { to: NaiveDate },
    /// With `--service-hours`: the free time around it holds fewer.
    ServiceHours { env: EnvIx },
}

impl Reason {
    /// The rule that rules the start out, if it is one.
    pub fn code(&self) -> Option<Code> {
        match self {
            Reason::Clash { code, .. } | Reason::Outage { code, .. } => Some(*code),
            Reason::Required { .. } => Some(Code::EP205),
            Reason::NotReady { .. } => Some(Code::EP503),
            Reason::After { .. } | Reason::ServiceHours { .. } => None,
        }
    }

    /// Earlier rules first (in the catalogue's order), the request's own bound last.
    fn rank(&self) -> u32 {
        self.code()
            .and_then(|c| c.as_str()[2..].parse().ok())
            .unwrap_or(u32::MAX)
    }
}

/// Starts `[lo, hi)` ruled out for one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub lo: i64,
    pub hi: i64,
    pub reason: Reason,
    /// The time of the record that stands in the way (for "until ...").
    pub span: Option<TimeRange>,
}

/// A run of free starts: `first` to `last` (both included; `None`: no end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub first: i64,
    pub last: Option<i64>,
    /// What participants need before a booking starting at `first`.
    pub needs: Vec<Need>,
}

/// Something a listed participant needs before a booking can start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// Connectivity steps to complete by `by`, the booking's first day (EP105).
    Steps {
        participant: ParticipantIx,
        by: NaiveDate,
        missing: Vec<MissingStep>,
    },
    /// It holds none of the environment's roles (EP210).
    Role { participant: ParticipantIx },
    /// A certificate valid from `gap.at` (EP303).
    Certificate {
        participant: ParticipantIx,
        gap: Gap,
        /// The booking's end: how long the new certificate must last.
        until: Instant,
    },
    /// Milestone `milestone`, due on `due` for it (the booking applying it,
    /// or setting the day), is overdue as of and not met (EP501).
    Milestone {
        participant: ParticipantIx,
        milestone: MilestoneIx,
        due: NaiveDate,
    },
}

impl Need {
    pub fn participant(&self) -> ParticipantIx {
        match self {
            Need::Steps { participant, .. }
            | Need::Role { participant }
            | Need::Certificate { participant, .. }
            | Need::Milestone { participant, .. } => *participant,
        }
    }

    pub fn code(&self) -> Code {
        match self {
            Need::Steps { .. } => Code::EP105,
            Need::Role { .. } => Code::EP210,
            Need::Certificate { .. } => Code::EP303,
            Need::Milestone { .. } => Code::EP501,
        }
    }
}

/// Starts before the first period, ruled out by `reason` (the first rule, in
/// catalogue order, that rules each of them out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub first: i64,
    pub last: i64,
    pub reason: Reason,
    pub span: Option<TimeRange>,
}

/// The answer to a request.
#[derive(Debug, Clone)]
pub struct Slots {
    pub axis: Axis,
    /// The first start searched.
    pub from: i64,
    pub periods: Vec<Period>,
    pub blocked: Vec<Blocked>,
}

/// The would-be booking, spanning `range`.
fn facts_of(req: &Request, range: TimeRange) -> IntervalFacts {
    IntervalFacts {
        env: Some(req.env),
        uses: req.uses.clone().into_boxed_slice(),
        participants: req.participants.clone().into_boxed_slice(),
        start: None,
        end: None,
        range: Some(range),
        status: Status::Planned,
    }
}

/// Every range of starts that some rule, or the request, rules out.
pub fn blocks(m: &Model<'_>, req: &Request) -> Vec<Block> {
    let tz = m.settings.tz;
    let axis = Axis::of(req.length);
    let mut out = Vec::new();
    let search_end = req.to.map_or(chrono::DateTime::<Utc>::MAX_UTC, |t| {
        start_of_day(next_day(t), tz)
    });
    let searched = TimeRange::new(start_of_day(req.from, tz), search_end);
    if let Some(to) = req.to {
        let (_, hi) = axis.inside(searched, tz);
        out.push(Block {
            lo: hi,
            hi: FOREVER,
            reason: Reason::After { to },
            span: None,
        });
    }

    // EP205: the window the programme needs the environment.
    if let (Some(w), Some((from, to))) = (
        required_window(m, req.env),
        m.environments[req.env].required,
    ) {
        let (lo, hi) = axis.inside(w, tz);
        let reason = Reason::Required {
            env: req.env,
            from,
            to,
        };
        out.push(Block {
            lo: -FOREVER,
            hi: lo,
            reason: reason.clone(),
            span: Some(w),
        });
        out.push(Block {
            lo: hi,
            hi: FOREVER,
            reason,
            span: Some(w),
        });
    }

    // The booking as it would be, over all of the time searched.
    let whole = TimeRange::new(searched.start, chrono::DateTime::<Utc>::MAX_UTC);
    let facts = facts_of(req, whole);
    let me = Booking {
        id: "",
        stage: &req.stage,
        stage_unreadable: false,
        facts: &facts,
    };
    let mut held = vec![req.env];
    held.extend(req.uses.iter().copied());

    // EP201 to EP203: only bookings that hold one of its environments can clash with it.
    let sharing = m.environments.map(|e| e.sharing);
    // `near` is indexed by its own positions; `at` maps them back to the registry's.
    let (mut at, mut near): (Vec<IntervalIx>, Table<Interval, Booking<'_>>) = bookings(m)
        .indexed()
        .filter(|(_, b)| {
            b.env()
                .is_some_and(|e| held.contains(&e) || b.uses().iter().any(|u| held.contains(u)))
        })
        .map(|(i, b)| (i, *b))
        .unzip();
    let me_at = near.push(me);
    at.push(IntervalIx::from_raw(u32::MAX));
    for clash in clashes_among(&sharing, &near) {
        let other = match (clash.earlier == me_at, clash.later == me_at) {
            (true, _) => clash.later,
            (_, true) => clash.earlier,
            _ => continue,
        };
        let Some(range) = near[other].range() else {
            continue;
        };
        let Some((lo, hi)) = axis.blocked_by(range, tz) else {
            continue;
        };
        let interval = at[other.index()];
        out.push(Block {
            lo,
            hi,
            reason: Reason::Clash {
                code: clash_code(sharing[clash.env]),
                interval,
                env: clash.env,
            },
            span: Some(range),
        });
    }

    // EP206: planned outages of its own environment.
    let spans = outage_spans(m);
    let mut outages: Vec<(Code, OutageIx, EnvIx)> =
        outage_overlaps_among(m.environments.len(), &Table::from(vec![me]), &spans)
            .into_iter()
            .filter(|o| o.env == o.upstream)
            .map(|o| (Code::EP206, o.outage, o.env))
            .collect();
    // EP208: of what it depends on, the environments it uses and every component.
    let deps = dependencies_on(m, req.env, &req.uses);
    for (o, span) in spans.indexed() {
        if let (true, Some(env)) = (span.planned, span.env) {
            if deps.iter().any(|d| d.env == env) {
                outages.push((Code::EP208, o, env));
            }
        }
    }
    for (code, outage, env) in outages {
        let Some(range) = spans[outage].range else {
            continue;
        };
        let Some((lo, hi)) = axis.blocked_by(range, tz) else {
            continue;
        };
        out.push(Block {
            lo,
            hi,
            reason: Reason::Outage { code, outage, env },
            span: Some(range),
        });
    }

    // EP503: it starts when its environment and those it uses are ready.
    for &env in &held {
        let Some(r) = &m.environments[env].readiness else {
            continue;
        };
        let reason = Reason::NotReady {
            env,
            ready_on: r.ready_on,
        };
        match (not_ready_now(r, NaiveDate::MIN), r.ready_on) {
            (None, _) => {}
            (Some(true), Some(ready_on)) => out.push(Block {
                lo: -FOREVER,
                hi: axis.first_at_or_after(start_of_day(ready_on, tz), tz),
                reason,
                span: None,
            }),
            _ => out.push(Block {
                lo: -FOREVER,
                hi: FOREVER,
                reason,
                span: None,
            }),
        }
    }
    out
}

/// The first `req.count` free periods from `req.from` on, what participants
/// need before each, and why every earlier start is ruled out.
pub fn find(m: &Model<'_>, req: &Request, as_of: NaiveDate) -> Slots {
    let tz = m.settings.tz;
    let axis = Axis::of(req.length);
    let from = axis.first_at_or_after(start_of_day(req.from, tz), tz);
    let mut blocks = blocks(m, req);
    blocks.sort_by_key(|b| (b.lo, b.hi));

    let mut periods = Vec::new();
    let mut skipped = Vec::new();
    let mut cursor = from;
    let mut i = 0;
    while periods.len() < req.count {
        while i < blocks.len() && blocks[i].lo <= cursor {
            cursor = cursor.max(blocks[i].hi);
            i += 1;
        }
        if cursor >= FOREVER {
            break;
        }
        let next = blocks.get(i).map(|b| b.lo);
        let last = next.map(|n| n - 1);
        if !req.service_hours || holds_service(m, req, axis, cursor, last) {
            periods.push(Period {
                first: cursor,
                last,
                needs: needs_at(m, req, axis.range_at(cursor, tz), as_of),
            });
        } else {
            skipped.push(Block {
                lo: cursor,
                hi: next.unwrap_or(FOREVER),
                reason: Reason::ServiceHours { env: req.env },
                span: None,
            });
        }
        match next {
            Some(n) => cursor = n,
            None => break,
        }
    }
    let prefix_end = periods.first().map_or(FOREVER, |p| p.first);
    blocks.extend(skipped);
    let blocked = first_reasons(&blocks, from, prefix_end);
    Slots {
        axis,
        from,
        periods,
        blocked,
    }
}

/// Whether the free time from start `first` to the end of a booking at
/// `last` holds at least the request's length of service hours (a period
/// with no end is looked at for its first two years).
fn holds_service(m: &Model<'_>, req: &Request, axis: Axis, first: i64, last: Option<i64>) -> bool {
    let tz = m.settings.tz;
    let start = axis.range_at(first, tz).start;
    let end = match last {
        Some(l) => axis.range_at(l, tz).end,
        None => start + chrono::Duration::days(731),
    };
    // Unknown hours never hold a booking: `--service-hours` is refused for
    // such an environment before the search.
    service_in(m, req.env, TimeRange::new(start, end))
        .is_some_and(|periods| total_length(&periods) >= req.length.to_chrono())
}

/// For the starts `[from, end)`, all ruled out, the first reason (lowest
/// rank; then the one that lasts longest) for each, merged into runs.
fn first_reasons(blocks: &[Block], from: i64, end: i64) -> Vec<Blocked> {
    let relevant: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.hi > from && b.lo < end)
        .collect();
    let mut points: Vec<i64> = vec![from];
    for b in &relevant {
        for p in [b.lo, b.hi] {
            if p > from && p < end {
                points.push(p);
            }
        }
    }
    points.sort_unstable();
    points.dedup();
    let mut by_start: Vec<usize> = (0..relevant.len()).collect();
    by_start.sort_by_key(|&k| relevant[k].lo);
    let mut active: BTreeSet<(u32, Reverse<i64>, usize)> = BTreeSet::new();
    let mut next = 0;
    let mut out: Vec<Blocked> = Vec::new();
    let mut last_pick: Option<usize> = None;
    for (n, &a) in points.iter().enumerate() {
        while next < by_start.len() && relevant[by_start[next]].lo <= a {
            let k = by_start[next];
            active.insert((relevant[k].reason.rank(), Reverse(relevant[k].hi), k));
            next += 1;
        }
        // Drop blocks that ended at or before `a`, wherever they sit.
        active.retain(|&(_, Reverse(hi), _)| hi > a);
        let Some(&(_, _, k)) = active.iter().next() else {
            last_pick = None;
            continue;
        };
        let b = points.get(n + 1).copied().unwrap_or(end);
        match (last_pick, out.last_mut()) {
            (Some(prev), Some(run)) if prev == k => run.last = b - 1,
            _ => out.push(Blocked {
                first: a,
                last: b - 1,
                reason: relevant[k].reason.clone(),
                span: relevant[k].span,
            }),
        }
        last_pick = Some(k);
    }
    out
}

/// What each listed participant needs before a booking over `range`: the
/// role EP210 would find it lacks, the connectivity steps EP105 would find
/// missing, the certificates EP303 would find lacking and the milestones
/// EP501 would find overdue, participant by participant as listed.
pub fn needs_at(m: &Model<'_>, req: &Request, range: TimeRange, as_of: NaiveDate) -> Vec<Need> {
    let tz = m.settings.tz;
    let as_of_start = start_of_day(as_of, tz);
    let held = holdings(m);
    let overdue = overdue_with(m, req, range.start, as_of);
    let start_day = date_of(range.start, tz);
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for &p in &req.participants {
        if seen.contains(&p) {
            continue;
        }
        seen.push(p);
        if let Some(roles) = &m.environments[req.env].roles {
            if !m.holds_any_role(p, roles) {
                out.push(Need::Role { participant: p });
            }
        }
        if connectivity_applies(m, &req.stage, range, as_of_start) {
            let missing = missing_steps(m, p, req.env, start_day);
            if !missing.is_empty() {
                out.push(Need::Steps {
                    participant: p,
                    by: start_day,
                    missing,
                });
            }
        }
        if let Some(window) = live_part(range, as_of_start) {
            let needed = needs_on(m, req.env, &req.uses, &req.stage, p);
            for gap in gaps(m, &held, p, &needed, window) {
                out.push(Need::Certificate {
                    participant: p,
                    gap,
                    until: range.end,
                });
            }
        }
        out.extend(overdue.iter().filter(|n| n.participant() == p).cloned());
    }
    out
}

/// EP501 with the booking starting at `start` in the registry: each
/// milestone that then applies to a listed participant (the booking may be
/// what makes it apply, or, for `before_first`, what sets its due day), is
/// due before the as-of day and was met neither on its due day nor since.
/// The same facts and test as the rule (`crate::rules::milestones`).
fn overdue_with(m: &Model<'_>, req: &Request, start: Instant, as_of: NaiveDate) -> Vec<Need> {
    if m.reg.milestones.is_empty() || req.participants.is_empty() {
        return Vec::new();
    }
    let by = ByParticipant::new(m);
    let extra = Extra {
        env: req.env,
        uses: &req.uses,
        stage: &req.stage,
        participants: &req.participants,
        start,
    };
    let mut out = Vec::new();
    for ms in m.reg.milestones.indices() {
        for s in subjects_with(m, ms, &by, Some(&extra)) {
            if as_of <= s.due
                || met(m, ms, s.participant, s.due, &by)
                || met(m, ms, s.participant, as_of, &by)
            {
                continue;
            }
            out.push(Need::Milestone {
                participant: s.participant,
                milestone: ms,
                due: s.due,
            });
        }
    }
    out
}
