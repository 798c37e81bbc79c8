//! The programme's plan as a timeline: which intervals and outages fall in a
//! period, grouped by environment, with the clashes marked (§7.1.2, §12.1.1,
//! §12.5.1).
//!
//! `build_timeline` turns the model into a [`Timeline`], a plain data model
//! that knows nothing about output; each renderer beside it (`text`,
//! `markdown`, `mermaid`, `csv`, `json`, `ics`) is a pure function from a
//! `&Timeline` to a `String`. The timeline is built once and drawn many ways
//! so that every format shows the same intervals, outages and clashes: the
//! EWG pack reuses it for its Mermaid and SVG charts.
//!
//! Decisions every renderer shares:
//! - An interval or outage is shown when it shares time with the period
//!   (a zero-length one when it starts inside it). Text and Mermaid cut bars
//!   at the period's edges and say that they continue; the tables, CSV, JSON
//!   and the calendar give the dates as written.
//! - Cancelled intervals are shown, marked as cancelled; they never clash.
//! - An outage without an `end` is still ongoing: it is drawn, and exported
//!   to calendars, up to the end of the period, and marked ongoing.
//! - Intervals are grouped under their own environment only; an interval's
//!   `uses` are listed with it, and clashes it has on a used environment mark
//!   it all the same.
//! - Records whose environment or dates cannot be read are left out and
//!   counted in [`Timeline::left_out`]; `envplan check` reports why.

pub mod csv;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod mermaid;
pub mod text;

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Tz;

use crate::bookings::listing::PAIRS_SHOWN_PER_ENVIRONMENT;
use crate::bookings::{find_clashes, Clash};
use crate::model::{EnvIx, IntervalIx, Model, OutageIx, ParticipantIx};
use crate::registry::lenient;
use crate::registry::records::Environment;
use crate::registry::records::{Sharing, Status};
use crate::registry::Registry;
use crate::table::Table;
use crate::time::format::is_whole_days;
use crate::time::when::{date_of, last_day_before, month_start, next_day, start_of_day};
use crate::time::{Instant, TimeRange};

/// The days a plan covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// `first` to `last`, both included; `None` when `last` is before `first`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Period> {
        (first <= last).then_some(Period { first, last })
    }

    /// Three months from `first`, less a day.
    pub fn three_months_from(first: NaiveDate) -> Period {
        let last = first
            .checked_add_months(Months::new(3))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX);
        Period { first, last }
    }

    /// The default period: the as-of month and the two after it.
    pub fn around(as_of: NaiveDate) -> Period {
        Period::three_months_from(month_start(as_of))
    }

    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    /// From the first moment of the first day to the end of the last.
    pub fn range(&self, tz: Tz) -> TimeRange {
        TimeRange::new(
            start_of_day(self.first, tz),
            start_of_day(next_day(self.last), tz),
        )
    }
}

/// What to show. Ids are resolved by the caller, so that an unknown one can be
/// reported with a suggestion before anything is built.
#[derive(Debug, Clone, Copy)]
pub struct PlanQuery {
    pub period: Period,
    /// Only this environment.
    pub environment: Option<EnvIx>,
    /// Only the intervals this participant takes part in, and only the
    /// environments where it has one.
    pub participant: Option<ParticipantIx>,
}

/// How many of an interval's clashes a timeline marks by name: a chart
/// drawn for people, where an interval clashing with a thousand others
/// must not cost a thousand marks (`envplan clashes` lists every pair).
pub const CLASHES_SHOWN_PER_INTERVAL: usize = 10;

/// The plan of one period, ready to be drawn.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The Programme's id ("registry" when there is none): it makes calendar UIDs unique.
    pub programme_id: String,
    pub programme_name: String,
    pub tz: Tz,
    pub as_of: NaiveDate,
    pub period: Period,
    /// In registry order.
    pub environments: Vec<EnvironmentLane>,
    /// Clashing pairs in which a shown interval takes part and whose overlap
    /// falls in the period, by overlap start.
    pub clashes: Vec<ClashNote>,
    /// Environments with more clashing pairs than `clashes` shows
    /// ([`PAIRS_SHOWN_PER_ENVIRONMENT`]), and how many more each has.
    pub clashes_not_shown: Vec<(String, usize)>,
    /// Intervals and outages that match the query but could not be placed
    /// (unknown environment, unreadable or backwards dates).
    pub left_out: usize,
}

impl Timeline {
    /// Every interval shown, lane by lane.
    pub fn intervals(&self) -> impl Iterator<Item = (&EnvironmentLane, &IntervalRow)> {
        self.environments
            .iter()
            .flat_map(|lane| lane.intervals.iter().map(move |row| (lane, row)))
    }

    /// Every outage shown, lane by lane.
    pub fn outages(&self) -> impl Iterator<Item = (&EnvironmentLane, &OutageRow)> {
        self.environments
            .iter()
            .flat_map(|lane| lane.outages.iter().map(move |row| (lane, row)))
    }

    /// True when nothing at all falls in the period: no interval, no outage,
    /// and no environment's required window, ready day or sandbox end.
    pub fn is_empty(&self) -> bool {
        self.environments
            .iter()
            .all(|l| l.is_empty_in(&self.period))
    }
}

/// One environment and what happens on it in the period.
#[derive(Debug, Clone)]
pub struct EnvironmentLane {
    pub index: EnvIx,
    pub id: String,
    pub name: String,
    pub sharing: Sharing,
    /// When the programme needs it, and its own readiness (format v2).
    pub windows: Windows,
    /// By start, then id.
    pub intervals: Vec<IntervalRow>,
    /// By start, then id.
    pub outages: Vec<OutageRow>,
}

/// An environment's own dates: when the programme needs it (`required`),
/// when its sandbox ends, and whether it is ready (`readiness`, format v2).
/// Every renderer draws them, so that an environment required in a period
/// never looks as if nothing happened on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Windows {
    /// Days the programme needs it, both included.
    pub required: Option<(NaiveDate, NaiveDate)>,
    pub sandbox_end: Option<NaiveDate>,
    pub readiness: Option<LaneReadiness>,
}

/// An environment's readiness as the plan shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneReadiness {
    /// As written: planned, building, ready or retired.
    pub status: String,
    /// The day it was, or is forecast to be, ready.
    pub ready_on: Option<NaiveDate>,
    /// Ready as of: status `ready` (or `retired`) and `ready_on`, if given, not after as of.
    pub ready_as_of: bool,
}

impl LaneReadiness {
    /// The days of `required` on which the environment is not ready: before
    /// its `ready_on`, or all of them when it is not ready and has no ready day.
    pub fn not_ready_in(&self, required: (NaiveDate, NaiveDate)) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = required;
        let built = self.status == "ready" || self.status == "retired";
        match self.ready_on {
            Some(day) if day > from => Some((from, day.pred_opt()?.min(to))),
            // Built, on or before the window opens (or no day given).
            _ if built => None,
            // Still planned or building, with no ready day ahead: not ready throughout.
            _ => Some((from, to)),
        }
    }

    /// "ready since 2023-08-25", "forecast ready on 2024-03-25", "building, no ready day".
    pub fn describe(&self, as_of: NaiveDate) -> String {
        match (self.ready_on, self.ready_as_of) {
            (Some(d), true) if self.status == "ready" => format!("ready since {d}"),
            (Some(d), true) => format!("{}, ready since {d}", self.status),
            (Some(d), false) if d > as_of => format!("{}, forecast ready on {d}", self.status),
            (Some(d), false) => format!("{}, ready on {d} but status not ready", self.status),
            (None, true) => self.status.clone(),
            (None, false) => format!("{}, not ready, no ready day", self.status),
        }
    }
}

impl Windows {
    /// The `required` days inside `period`.
    pub fn required_in(&self, period: &Period) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = self.required?;
        let first = from.max(period.first);
        let last = to.min(period.last);
        (first <= last).then_some((first, last))
    }

    /// The days inside `period` on which it is required but not ready.
    pub fn not_ready_in(&self, period: &Period) -> Option<(NaiveDate, NaiveDate)> {
        let required = self.required_in(period)?;
        let (a, b) = self.readiness.as_ref()?.not_ready_in(required)?;
        (a <= b).then_some((a, b))
    }

    /// The ready day, when it falls in `period`.
    pub fn ready_day_in(&self, period: &Period) -> Option<NaiveDate> {
        self.readiness
            .as_ref()?
            .ready_on
            .filter(|d| period.contains(*d))
    }

    pub fn sandbox_end_in(&self, period: &Period) -> Option<NaiveDate> {
        self.sandbox_end.filter(|d| period.contains(*d))
    }

    /// True when any of its dates is drawn in `period`.
    pub fn show_in(&self, period: &Period) -> bool {
        self.required_in(period).is_some()
            || self.ready_day_in(period).is_some()
            || self.sandbox_end_in(period).is_some()
    }

    /// "required 2024-04-01 to 2025-04-04; sandbox until 2026-01-19;
    /// readiness: building, forecast ready on 2024-03-25"; `None` when it has none of them.
    pub fn describe(&self, as_of: NaiveDate) -> Option<String> {
        let mut parts = Vec::new();
        if let Some((a, b)) = self.required {
            parts.push(format!("required {a} to {b}"));
        }
        if let Some(d) = self.sandbox_end {
            parts.push(format!("sandbox until {d}"));
        }
        if let Some(r) = &self.readiness {
            parts.push(format!("readiness: {}", r.describe(as_of)));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

impl EnvironmentLane {
    /// Nothing to draw for it in `period`.
    pub fn is_empty_in(&self, period: &Period) -> bool {
        self.intervals.is_empty() && self.outages.is_empty() && !self.windows.show_in(period)
    }
}

/// When something happens, as written and as the timeline draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start_written: String,
    /// `None` for an outage that is still ongoing.
    pub end_written: Option<String>,
    /// The time covered; an ongoing outage ends with the period.
    pub range: TimeRange,
    /// The civil day it starts on.
    pub first_day: NaiveDate,
    /// The last civil day it touches.
    pub last_day: NaiveDate,
    /// Starts and ends at local midnight: a range of whole days.
    pub whole_days: bool,
    /// Starts before the period.
    pub continues_before: bool,
    /// Ends after the period (always true for an ongoing outage).
    pub continues_after: bool,
}

impl Span {
    fn new(
        start_written: String,
        end_written: Option<String>,
        range: TimeRange,
        period: &TimeRange,
        tz: Tz,
    ) -> Span {
        let first_day = date_of(range.start, tz);
        let last_day = last_day_before(range.end, tz).max(first_day);
        Span {
            whole_days: range.start < range.end && is_whole_days(&range, tz),
            continues_before: range.start < period.start,
            continues_after: range.end > period.end || end_written.is_none(),
            start_written,
            end_written,
            range,
            first_day,
            last_day,
        }
    }

    /// The days it covers inside the period (it always covers at least one).
    pub fn days_in(&self, period: &Period) -> (NaiveDate, NaiveDate) {
        let first = self.first_day.clamp(period.first, period.last);
        let last = self.last_day.clamp(first, period.last);
        (first, last)
    }
}

/// A booking of an environment.
#[derive(Debug, Clone)]
pub struct IntervalRow {
    pub index: IntervalIx,
    pub id: String,
    pub name: String,
    pub stage: String,
    /// The stage's description from the Programme's `stages`.
    pub stage_name: Option<String>,
    /// Participant ids as written.
    pub participants: Vec<String>,
    /// Further environments it occupies, as written.
    pub uses: Vec<String>,
    pub status: Status,
    pub span: Span,
    /// The intervals it clashes with, by overlap start: the first
    /// [`CLASHES_SHOWN_PER_INTERVAL`].
    pub clashes: Vec<ClashMark>,
    /// How many more it clashes with (`envplan clashes` lists them).
    pub clashes_not_shown: usize,
    pub description: Option<String>,
}

impl IntervalRow {
    pub fn is_clashing(&self) -> bool {
        !self.clashes.is_empty()
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == Status::Cancelled
    }
}

/// The other side of a clash, seen from one interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashMark {
    pub with_id: String,
    pub with_name: String,
    /// The environment they clash on (the first one, when there are several).
    pub environment: String,
    pub overlap: TimeRange,
}

/// A clashing pair, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashNote {
    pub environment: String,
    /// The interval that starts first.
    pub earlier: String,
    pub later: String,
    pub overlap: TimeRange,
}

/// A time an environment is, or will be, unavailable.
#[derive(Debug, Clone)]
pub struct OutageRow {
    pub index: OutageIx,
    pub id: String,
    pub planned: bool,
    /// As written; `(invalid)` when it is not a reason (reported as EP003).
    pub reason: &'static str,
    pub span: Span,
    /// No `end` is recorded yet.
    pub ongoing: bool,
    pub notified: Option<String>,
    pub defect: Option<String>,
    pub description: Option<String>,
}

/// Gather what `query` asks for.
pub fn build_timeline(model: &Model<'_>, as_of: NaiveDate, query: &PlanQuery) -> Timeline {
    let reg = model.reg;
    let tz = model.settings.tz;
    let period = query.period;
    let window = period.range(tz);
    let programme = reg.programme();

    let clashes = find_clashes(model);
    // For each interval, the clashes it takes part in (by index) and the
    // other side; marks with their text are made for the first few only.
    let mut marks: HashMap<IntervalIx, Vec<(usize, IntervalIx)>> = HashMap::new();
    for (ci, c) in clashes.iter().enumerate() {
        for (me, other) in [(c.earlier, c.later), (c.later, c.earlier)] {
            marks.entry(me).or_default().push((ci, other));
        }
    }
    let mut lanes: Table<Environment, EnvironmentLane> = model
        .environments()
        .map(|(i, e, facts)| EnvironmentLane {
            index: i,
            id: e.id.value.to_string(),
            name: e.name.value.trim().to_owned(),
            sharing: facts.sharing,
            windows: windows(model, i, as_of),
            intervals: Vec::new(),
            outages: Vec::new(),
        })
        .collect();
    let mut left_out = place_intervals(model, query, &window, &clashes, marks, &mut lanes);
    left_out += place_outages(model, query, &window, &mut lanes);

    let mut lanes: Vec<EnvironmentLane> = lanes.into_iter().collect();
    for lane in &mut lanes {
        lane.intervals
            .sort_by(|a, b| (a.span.range.start, &a.id).cmp(&(b.span.range.start, &b.id)));
        lane.outages
            .sort_by(|a, b| (a.span.range.start, &a.id).cmp(&(b.span.range.start, &b.id)));
    }
    lanes.retain(|lane| {
        query.environment.is_none_or(|e| e == lane.index)
            && (query.participant.is_none() || !lane.intervals.is_empty())
    });

    let (notes, clashes_not_shown) = clash_notes(reg, &lanes, &clashes, &window);

    Timeline {
        programme_id: programme
            .map(|p| p.id.value.to_string())
            .unwrap_or_else(|| "registry".to_owned()),
        programme_name: programme
            .map(|p| p.name.value.to_string())
            .unwrap_or_else(|| "Registry".to_owned()),
        tz,
        as_of,
        period,
        environments: lanes,
        clashes: notes,
        clashes_not_shown,
        left_out,
    }
}

/// The first few clashes of one interval, as marks with their text, and
/// how many more there are; `mine` is (clash, the other interval).
fn clash_marks(
    reg: &Registry,
    clashes: &[Clash],
    mut mine: Vec<(usize, IntervalIx)>,
) -> (Vec<ClashMark>, usize) {
    mine.sort_by(|a, b| {
        (clashes[a.0].overlap.start, reg.intervals[a.1].id.as_str())
            .cmp(&(clashes[b.0].overlap.start, reg.intervals[b.1].id.as_str()))
    });
    let more = mine.len().saturating_sub(CLASHES_SHOWN_PER_INTERVAL);
    let shown = mine
        .into_iter()
        .take(CLASHES_SHOWN_PER_INTERVAL)
        .map(|(ci, other)| {
            let c = &clashes[ci];
            ClashMark {
                with_id: reg.intervals[other].id.value.to_string(),
                with_name: reg.intervals[other].name.value.to_string(),
                environment: reg.environments[c.env].id.value.to_string(),
                overlap: c.overlap,
            }
        })
        .collect();
    (shown, more)
}

/// Each interval of the query in its environment's lane, with its clash
/// marks; returns how many could not be placed (no environment or dates).
fn place_intervals(
    model: &Model<'_>,
    query: &PlanQuery,
    window: &TimeRange,
    clashes: &[Clash],
    mut marks: HashMap<IntervalIx, Vec<(usize, IntervalIx)>>,
    lanes: &mut Table<Environment, EnvironmentLane>,
) -> usize {
    let reg = model.reg;
    let tz = model.settings.tz;
    let stages = reg.programme().map(|p| &p.stages);
    let mut left_out = 0;
    for (i, rec, facts) in model.intervals() {
        if let Some(p) = query.participant {
            if !facts.participants.contains(&p) {
                continue;
            }
        }
        let (Some(env), Some(range)) = (facts.env, facts.range) else {
            // Only count what the environment filter would have let through.
            if query.environment.is_none() {
                left_out += 1;
            }
            continue;
        };
        if query.environment.is_some_and(|e| e != env) || !shows(&range, window) {
            continue;
        }
        let span = Span::new(
            rec.start.value.trim().to_owned(),
            Some(rec.end.value.trim().to_owned()),
            range,
            window,
            tz,
        );
        let (clashes, clashes_not_shown) =
            clash_marks(reg, clashes, marks.remove(&i).unwrap_or_default());
        lanes[env].intervals.push(IntervalRow {
            index: i,
            id: rec.id.value.to_string(),
            name: rec.name.value.trim().to_owned(),
            stage: rec.stage.value.to_string(),
            stage_name: stages
                .and_then(|s| s.get(rec.stage.as_str()))
                .map(|t| t.value.to_string()),
            participants: rec
                .participants
                .iter()
                .map(|p| p.value.to_string())
                .collect(),
            uses: rec.uses.iter().map(|u| u.value.to_string()).collect(),
            status: facts.status,
            span,
            clashes,
            clashes_not_shown,
            description: rec.description.as_ref().map(|d| d.value.trim().to_owned()),
        });
    }
    left_out
}

/// Each outage of the query in its environment's lane; returns how many
/// could not be placed (no environment, start or readable end).
fn place_outages(
    model: &Model<'_>,
    query: &PlanQuery,
    window: &TimeRange,
    lanes: &mut Table<Environment, EnvironmentLane>,
) -> usize {
    let tz = model.settings.tz;
    let mut left_out = 0;
    for (i, rec, facts) in model.outages() {
        let (Some(env), Some(start), true) = (facts.env, facts.start, facts.end_ok) else {
            if query.environment.is_none() && query.participant.is_none() {
                left_out += 1;
            }
            continue;
        };
        if query.environment.is_some_and(|e| e != env) {
            continue;
        }
        let ongoing = facts.end.is_none();
        let end = facts.end.unwrap_or(window.end.max(start));
        if end < start {
            left_out += 1;
            continue;
        }
        let range = TimeRange::new(start, end);
        if !shows(&range, window) {
            continue;
        }
        let span = Span::new(
            rec.start.value.trim().to_owned(),
            rec.end.as_ref().map(|e| e.value.trim().to_owned()),
            range,
            window,
            tz,
        );
        lanes[env].outages.push(OutageRow {
            index: i,
            id: rec.id.value.to_string(),
            planned: rec.is_planned(),
            reason: lenient::shown(rec.reason.as_ref()),
            span,
            ongoing,
            notified: rec.notified.as_ref().map(|n| n.value.to_string()),
            defect: rec.defect.as_ref().map(|d| d.value.to_string()),
            description: rec.description.as_ref().map(|d| d.value.trim().to_owned()),
        });
    }
    left_out
}

/// The clashes of the intervals shown that fall in the window, at most so
/// many pairs per environment (in time order), and how many more each has.
fn clash_notes(
    reg: &Registry,
    lanes: &[EnvironmentLane],
    clashes: &[Clash],
    window: &TimeRange,
) -> (Vec<ClashNote>, Vec<(String, usize)>) {
    let shown: std::collections::HashSet<IntervalIx> = lanes
        .iter()
        .flat_map(|l| l.intervals.iter().map(|r| r.index))
        .collect();
    let mut noted: Vec<&Clash> = clashes
        .iter()
        .filter(|c| shown.contains(&c.earlier) || shown.contains(&c.later))
        .filter(|c| c.overlap.overlaps(window))
        .collect();
    let key = |c: &Clash| {
        (
            c.overlap.start,
            reg.intervals[c.earlier].id.as_str(),
            reg.intervals[c.later].id.as_str(),
        )
    };
    noted.sort_by(|a, b| key(a).cmp(&key(b)));
    // At most so many pairs per environment, in that order; the rest counted.
    let mut per_env: HashMap<EnvIx, usize> = HashMap::new();
    let mut notes: Vec<ClashNote> = Vec::new();
    for c in noted {
        let n = per_env.entry(c.env).or_default();
        *n += 1;
        if *n <= PAIRS_SHOWN_PER_ENVIRONMENT {
            notes.push(ClashNote {
                environment: reg.environments[c.env].id.value.to_string(),
                earlier: reg.intervals[c.earlier].id.value.to_string(),
                later: reg.intervals[c.later].id.value.to_string(),
                overlap: c.overlap,
            });
        }
    }
    let mut clashes_not_shown: Vec<(String, usize)> = per_env
        .into_iter()
        .filter(|(_, n)| *n > PAIRS_SHOWN_PER_ENVIRONMENT)
        .map(|(e, n)| {
            (
                reg.environments[e].id.value.to_string(),
                n - PAIRS_SHOWN_PER_ENVIRONMENT,
            )
        })
        .collect();
    clashes_not_shown.sort();
    (notes, clashes_not_shown)
}

/// Environment `env`'s required window, sandbox end and readiness.
fn windows(model: &Model<'_>, env: EnvIx, as_of: NaiveDate) -> Windows {
    let facts = &model.environments[env];
    Windows {
        required: facts.required,
        sandbox_end: facts.sandbox_end,
        readiness: readiness(model, env, as_of),
    }
}

/// What the model knows of `env`'s own readiness (format v2 `readiness`).
fn readiness(model: &Model<'_>, env: EnvIx, as_of: NaiveDate) -> Option<LaneReadiness> {
    use crate::registry::records::ReadinessStatus;
    let r = model.environments[env].readiness?;
    let status = match r.status {
        ReadinessStatus::Planned => "planned",
        ReadinessStatus::Building => "building",
        ReadinessStatus::Ready => "ready",
        ReadinessStatus::Retired => "retired",
    };
    let built = matches!(r.status, ReadinessStatus::Ready | ReadinessStatus::Retired);
    Some(LaneReadiness {
        status: status.to_owned(),
        ready_on: r.ready_on,
        ready_as_of: built && r.ready_on.is_none_or(|d| d <= as_of),
    })
}

/// Whether something that happens over `range` belongs on a chart of `window`:
/// it shares time with it, or it takes no time and happens inside it.
fn shows(range: &TimeRange, window: &TimeRange) -> bool {
    if range.start == range.end {
        window.start <= range.start && range.start < window.end
    } else {
        range.overlaps(window)
    }
}

/// The Monday on or before `day`: weeks in the plan start on Mondays.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// `instant` as the programme's local date and time, `YYYY-MM-DD HH:MM`.
pub fn local_minute(instant: Instant, tz: Tz) -> String {
    instant
        .with_timezone(&tz)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Timelines of the fixture registries, for the renderers' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The timeline of `tests/fixtures/<fixture>` as of `as_of` with `period`
    /// (default: around as of) and ids for the filters.
    pub fn timeline(
        fixture: &str,
        as_of: &str,
        period: Option<(&str, &str)>,
        environment: Option<&str>,
        participant: Option<&str>,
    ) -> Timeline {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let loading = crate::registry::Registry::load(&root).expect("fixture");
        let mut sink = crate::diag::Sink::new();
        let model = crate::model::build(&loading.registry, &mut sink);
        let day = |s: &str| crate::time::when::parse_date(s).expect("date");
        let as_of = day(as_of);
        let period = match period {
            Some((a, b)) => Period::new(day(a), day(b)).expect("period"),
            None => Period::around(as_of),
        };
        use crate::registry::records::{Environment, Participant};
        let query = PlanQuery {
            period,
            environment: environment.map(|e| model.find::<Environment>(e).expect("env")),
            participant: participant.map(|p| model.find::<Participant>(p).expect("who")),
        };
        build_timeline(&model, as_of, &query)
    }

    pub fn basic() -> Timeline {
        timeline("plan-basic", "2026-03-18", None, None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::time::when::parse_date(s).expect("date")
    }

    fn row<'a>(tl: &'a Timeline, id: &str) -> &'a IntervalRow {
        tl.intervals()
            .map(|(_, r)| r)
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    }

    #[test]
    fn timeline_groups_by_environment_in_registry_order() {
        let tl = testing::basic();
        let lanes: Vec<(&str, Vec<&str>)> = tl
            .environments
            .iter()
            .map(|l| {
                (
                    l.id.as_str(),
                    l.intervals.iter().map(|r| r.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            lanes,
            [
                ("SIT-A", vec!["CIT-0", "FUNC-1", "FUNC-2"]),
                ("SIT-B", vec!["MIG-1", "NFT-X", "NFT-1", "OPS-1"]),
                ("UIT", vec!["UIT-Q1", "UIT-Q2"]),
                ("PREPROD", vec![]),
            ]
        );
        assert_eq!(tl.left_out, 0);
        assert_eq!(tl.programme_id, "NORTHWIND");
    }

    #[test]
    fn clashes_come_from_the_clash_finder() {
        let tl = testing::basic();
        let f1 = row(&tl, "FUNC-1");
        assert_eq!(f1.clashes.len(), 1);
        assert_eq!(f1.clashes[0].with_id, "FUNC-2");
        assert_eq!(f1.clashes[0].environment, "SIT-A");
        assert!(row(&tl, "FUNC-2").is_clashing());
        // A shared environment: overlapping tranches do not clash.
        assert!(!row(&tl, "UIT-Q1").is_clashing());
        // Cancelled: shown, marked, never clashing, though it overlaps MIG-1
        // with another stage on a serial-stages environment.
        let x = row(&tl, "NFT-X");
        assert!(x.is_cancelled() && !x.is_clashing());
        assert_eq!(tl.clashes.len(), 1);
        assert_eq!(
            (tl.clashes[0].earlier.as_str(), tl.clashes[0].later.as_str()),
            ("FUNC-1", "FUNC-2")
        );
    }

    #[test]
    fn spans_keep_what_was_written_and_say_where_they_are_cut() {
        let tl = testing::basic();
        let cit = row(&tl, "CIT-0");
        assert!(cit.span.continues_before && !cit.span.continues_after);
        assert_eq!(
            cit.span.days_in(&tl.period),
            (d("2026-03-01"), d("2026-03-01"))
        );
        let ops = row(&tl, "OPS-1");
        assert!(ops.span.continues_after);
        assert_eq!(ops.span.end_written.as_deref(), Some("2026-06-19"));
        assert_eq!(ops.span.days_in(&tl.period).1, d("2026-05-31"));
        let mig = row(&tl, "MIG-1");
        assert!(!mig.span.whole_days);
        assert_eq!(
            (mig.span.first_day, mig.span.last_day),
            (d("2026-03-23"), d("2026-04-02"))
        );
        // 09:00 GMT to 17:00 BST: ten days and seven hours.
        assert_eq!(mig.span.range.length().num_hours(), 10 * 24 + 7);
        assert!(row(&tl, "FUNC-1").span.whole_days);
    }

    #[test]
    fn ongoing_outages_end_with_the_period() {
        let tl = testing::basic();
        let (_, out3) = tl.outages().find(|(_, o)| o.id == "OUT-3").expect("OUT-3");
        assert!(out3.ongoing && out3.span.continues_after);
        assert_eq!(out3.span.end_written, None);
        assert_eq!(out3.span.range.end, tl.period.range(tl.tz).end);
        assert_eq!(out3.span.last_day, d("2026-05-31"));
        // Before it started, it is not in a period.
        let early = testing::timeline(
            "plan-basic",
            "2026-03-18",
            Some(("2026-02-01", "2026-03-16")),
            Some("UIT"),
            None,
        );
        assert!(early.environments[0].outages.is_empty());
    }

    #[test]
    fn filters_narrow_lanes_and_rows() {
        let tl = testing::timeline("plan-basic", "2026-03-18", None, Some("SIT-B"), None);
        assert_eq!(tl.environments.len(), 1);
        assert_eq!(tl.environments[0].outages.len(), 1);
        let tl = testing::timeline("plan-basic", "2026-03-18", None, None, Some("ALFA"));
        let ids: Vec<&str> = tl.intervals().map(|(_, r)| r.id.as_str()).collect();
        assert_eq!(ids, ["CIT-0", "FUNC-1", "MIG-1", "OPS-1", "UIT-Q1"]);
        // PREPROD has nothing of ALFA's: not shown.
        assert!(tl.environments.iter().all(|l| l.id != "PREPROD"));
        // A clash with an interval that is not shown is still marked.
        let tl = testing::timeline("plan-basic", "2026-03-18", None, None, Some("BRAV"));
        assert!(row(&tl, "FUNC-2").is_clashing());
        assert_eq!(tl.clashes.len(), 1);
    }

    #[test]
    fn a_period_shows_what_shares_time_with_it() {
        let tl = testing::timeline(
            "plan-basic",
            "2026-03-18",
            Some(("2026-03-14", "2026-03-15")),
            None,
            None,
        );
        let ids: Vec<&str> = tl.intervals().map(|(_, r)| r.id.as_str()).collect();
        // FUNC-1 ends on the 13th; FUNC-2 runs to the 20th.
        assert_eq!(ids, ["FUNC-2"]);
        // The clash (9 to 13 March) lies outside the period.
        assert!(tl.clashes.is_empty());
    }

    #[test]
    fn default_period_is_the_as_of_month_and_two_more() {
        let p = Period::around(d("2026-03-18"));
        assert_eq!((p.first, p.last), (d("2026-03-01"), d("2026-05-31")));
        assert_eq!(p.days(), 92);
        let p = Period::around(d("2026-11-30"));
        assert_eq!((p.first, p.last), (d("2026-11-01"), d("2027-01-31")));
        let p = Period::three_months_from(d("2026-01-15"));
        assert_eq!(p.last, d("2026-04-14"));
        assert!(Period::new(d("2026-02-02"), d("2026-02-01")).is_none());
    }

    #[test]
    fn period_range_follows_the_clock_change() {
        let p = Period::new(d("2026-03-29"), d("2026-03-29")).expect("period");
        assert_eq!(p.range(chrono_tz::Europe::London).length().num_hours(), 23);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(d("2026-03-01")), d("2026-02-23"));
        assert_eq!(week_start(d("2026-03-02")), d("2026-03-02"));
        assert_eq!(week_start(d("2026-03-08")), d("2026-03-02"));
    }
}
