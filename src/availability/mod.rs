//! Service hours and availability: how much of the time an environment was
//! promised was it actually there.
//!
//! Availability over a period is `1 − lost ÷ service`, where `service` is the
//! real time inside the environment's service hours and `lost` the part of it
//! covered by outages. Both are measured on the instant line, not on the
//! clock face, so the days the clocks change come out right: a 09:00–17:00
//! window is eight real hours on both change days, while a round-the-clock
//! day is 23 or 25 hours long.
//!
//! A moment is inside service hours when its local wall-clock time, in the
//! programme's timezone, falls inside the daily window on a service day. That
//! definition is what the minute-by-minute oracle in the tests walks; the
//! fast code below computes the same set as a few ranges per day.
//!
//! Choices (registry format v2, §4 "Availability"), documented in the README:
//! - An environment's service hours are its Availability record's `service`.
//!   Without one, an environment made of `components` is in service when
//!   every component is; otherwise its hours are **unknown**. Unknown hours
//!   are never taken as 24x7: the time lost to outages is still measured (in
//!   real time), but no percentage is given.
//! - Days outside the environment's `required` window are not counted; a
//!   period wholly outside it is "not required".
//! - The downtime of an environment is the union of its own outages and
//!   those of its components, at any depth (a circle of components, which
//!   `check` reports, is walked once).
//! - `observes_holidays` (default true) skips the Programme's holidays; the
//!   Programme calls them days that *weekday* service hours skip, so for
//!   round-the-clock hours (`24x7`) the default is not to skip them. Writing
//!   `observes_holidays: true` next to `24x7` still skips them.
//! - Overlapping outages are counted once. Time lost to planned and to
//!   unplanned outages at once is counted as planned, so the two parts add up
//!   to the total.
//! - An outage still ongoing is counted up to the end of the period measured
//!   (the caller ends that period no later than the as-of day).
//! - Percentages are rounded down to two decimals ([`Figures::hundredths`]),
//!   so 99.999% is never shown as 100.00%.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::model::{EnvIx, Model, OutageIx, Weekly};
use crate::time::when::{date_of, next_day, start_of_day};
use crate::time::{Instant, TimeRange};

/// Weekly service hours, as an Availability record gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceHours {
    pub weekly: Weekly,
    /// True when the Programme's holidays are not service days.
    pub skips_holidays: bool,
}

impl ServiceHours {
    /// Round the clock, every day, holidays included.
    pub const ALWAYS: ServiceHours = ServiceHours {
        weekly: Weekly::ALWAYS,
        skips_holidays: false,
    };

    /// "24x7", "Mon–Fri 09:00–17:00, not on holidays".
    pub fn describe(&self) -> String {
        let mut text = describe_weekly(&self.weekly);
        if self.skips_holidays {
            text.push_str(", not on holidays");
        }
        text
    }
}

/// Why an environment's service hours are not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// No Availability record, and no components.
    NotRecorded,
    /// Its Availability record's `service` could not be read (`check` says why).
    Unreadable,
    /// It has no Availability record and this component's hours are unknown.
    Component(EnvIx),
}

/// Where an environment's service hours come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hours {
    /// Its own Availability record.
    Recorded(ServiceHours),
    /// No record of its own: in service while every one of these components is.
    Components(Vec<EnvIx>),
    Unknown(Unknown),
}

impl Hours {
    pub fn is_known(&self) -> bool {
        !matches!(self, Hours::Unknown(_))
    }

    /// "Mon–Fri 09:00–17:00", "while DIP-TEST and HELIX-TEST are both in
    /// service", "unknown (no service hours recorded)".
    pub fn describe(&self, m: &Model<'_>) -> String {
        let id = |e: EnvIx| {
            m.reg
                .environments
                .get(e)
                .map_or_else(String::new, |r| r.id.value.to_string())
        };
        match self {
            Hours::Recorded(h) => h.describe(),
            Hours::Components(parts) => {
                let names: Vec<String> = parts.iter().map(|&c| id(c)).collect();
                match names.as_slice() {
                    [one] => format!("while {one} is in service"),
                    [a, b] => format!("while {a} and {b} are both in service"),
                    _ => format!("while all of {} are in service", names.join(", ")),
                }
            }
            Hours::Unknown(Unknown::NotRecorded) => "unknown (no service hours recorded)".into(),
            Hours::Unknown(Unknown::Unreadable) => "unknown (service hours unreadable)".into(),
            Hours::Unknown(Unknown::Component(c)) => {
                format!("unknown (those of its component {} are)", id(*c))
            }
        }
    }
}

/// "24x7", "Mon–Fri 09:00–17:00", "Mon, Wed 08:00–18:00".
pub fn describe_weekly(w: &Weekly) -> String {
    if *w == Weekly::ALWAYS {
        return "24x7".to_owned();
    }
    const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let chosen: Vec<usize> = (0..7).filter(|&d| w.days[d]).collect();
    let contiguous = chosen.windows(2).all(|p| p[1] == p[0] + 1);
    let days = match chosen.as_slice() {
        [] => "no days".to_owned(),
        [only] => NAMES[*only].to_owned(),
        [first, .., last] if contiguous && chosen.len() > 2 => {
            format!("{}–{}", NAMES[*first], NAMES[*last])
        }
        _ => chosen
            .iter()
            .map(|&d| NAMES[d])
            .collect::<Vec<_>>()
            .join(", "),
    };
    let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
    format!("{days} {}–{}", clock(w.from_minute), clock(w.to_minute))
}

/// The environments `env` is made of, as the model resolved them.
fn components<'m>(m: &'m Model<'_>, env: EnvIx) -> &'m [EnvIx] {
    m.environments
        .get(env)
        .map_or(&[][..], |e| e.components.as_slice())
}

/// `env`'s own Availability record's hours: `None` without a record,
/// `Some(None)` when its `service` could not be read.
fn recorded_hours(m: &Model<'_>, env: EnvIx) -> Option<Option<ServiceHours>> {
    let a = m.environments.get(env)?.availability?;
    let Some(weekly) = m.availabilities[a].service else {
        return Some(None);
    };
    let written = m.reg.availabilities[a]
        .observes_holidays
        .as_ref()
        .map(|b| b.value);
    Some(Some(ServiceHours {
        weekly,
        skips_holidays: written.unwrap_or(weekly != Weekly::ALWAYS),
    }))
}

/// Where the service hours of environment `env` come from.
pub fn hours(m: &Model<'_>, env: EnvIx) -> Hours {
    hours_walk(m, env, &mut Vec::new())
}

fn hours_walk(m: &Model<'_>, env: EnvIx, path: &mut Vec<EnvIx>) -> Hours {
    match recorded_hours(m, env) {
        Some(Some(h)) => return Hours::Recorded(h),
        Some(None) => return Hours::Unknown(Unknown::Unreadable),
        None => {}
    }
    let parts = components(m, env);
    if parts.is_empty() {
        return Hours::Unknown(Unknown::NotRecorded);
    }
    path.push(env);
    for &c in parts {
        // A circle of components (EP006) has no hours to find.
        if path.contains(&c) || !hours_walk(m, c, path).is_known() {
            path.pop();
            return Hours::Unknown(Unknown::Component(c));
        }
    }
    path.pop();
    let mut list = parts.to_vec();
    list.dedup();
    Hours::Components(list)
}

/// The service periods of `env` inside `span`, sorted and disjoint; `None`
/// when its hours are unknown.
pub fn service_in(m: &Model<'_>, env: EnvIx, span: TimeRange) -> Option<Vec<TimeRange>> {
    match hours(m, env) {
        Hours::Recorded(h) => Some(service_periods(
            &h,
            &m.settings.holidays,
            m.settings.tz,
            span,
        )),
        Hours::Components(parts) => {
            let mut periods = vec![span];
            for c in parts {
                periods = intersect(&periods, &service_in(m, c, span)?);
            }
            Some(periods)
        }
        Hours::Unknown(_) => None,
    }
}

/// `env` and every environment it is made of, at any depth, each once.
pub fn with_components(m: &Model<'_>, env: EnvIx) -> Vec<EnvIx> {
    let mut out = vec![env];
    let mut next = 0;
    while next < out.len() {
        for &c in components(m, out[next]) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        next += 1;
    }
    out
}

/// The days the programme needs `env`, as instants; `None` when it has no
/// `required` window (it is needed throughout).
pub fn required_range(m: &Model<'_>, env: EnvIx) -> Option<TimeRange> {
    let (from, to) = m.environments.get(env)?.required?;
    let tz = m.settings.tz;
    Some(TimeRange::new(
        start_of_day(from, tz),
        start_of_day(next_day(to), tz),
    ))
}

/// The service periods inside `span`, sorted and disjoint.
pub fn service_periods(
    hours: &ServiceHours,
    holidays: &BTreeSet<NaiveDate>,
    tz: Tz,
    span: TimeRange,
) -> Vec<TimeRange> {
    if span.end <= span.start {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut day = date_of(span.start, tz);
    let last = date_of(span.end - Duration::nanoseconds(1), tz);
    while day <= last {
        let is_service_day = hours.weekly.days[day.weekday().num_days_from_monday() as usize]
            && !(hours.skips_holidays && holidays.contains(&day));
        if is_service_day {
            out.extend(
                day_periods(day, &hours.weekly, tz)
                    .into_iter()
                    .filter_map(|p| p.overlap(&span)),
            );
        }
        if next_day(day) == day {
            break;
        }
        day = next_day(day);
    }
    merge(out)
}

/// The instants of civil day `day` whose wall-clock time lies in the daily window.
///
/// The day is cut where the UTC offset changes; within each piece local time
/// is the instant plus a fixed offset, so the window maps to one range.
fn day_periods(day: NaiveDate, w: &Weekly, tz: Tz) -> Vec<TimeRange> {
    let day_start = start_of_day(day, tz);
    let day_end = start_of_day(next_day(day), tz);
    let midnight = day.and_time(NaiveTime::MIN);
    let window_from = midnight + Duration::minutes(i64::from(w.from_minute));
    let window_to = midnight + Duration::minutes(i64::from(w.to_minute));
    let mut out = Vec::new();
    for (piece, offset) in constant_offset_pieces(TimeRange::new(day_start, day_end), tz) {
        // local = instant + offset, so local ∈ [from, to) ⇔ instant ∈ [from − offset, to − offset).
        let from = chrono::Utc.from_utc_datetime(&(window_from - offset));
        let to = chrono::Utc.from_utc_datetime(&(window_to - offset));
        if let Some(r) = TimeRange::new(from, to).overlap(&piece) {
            out.push(r);
        }
    }
    out
}

fn utc_offset(t: Instant, tz: Tz) -> Duration {
    Duration::seconds(i64::from(
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc(),
    ))
}

/// `span` cut where the UTC offset changes, each piece with its offset.
/// Assumes offsets change at whole seconds and at most once between two
/// points where they differ (true of every zone's real transitions).
fn constant_offset_pieces(span: TimeRange, tz: Tz) -> Vec<(TimeRange, Duration)> {
    let mut out = Vec::new();
    let mut cursor = span.start;
    while cursor < span.end {
        let offset = utc_offset(cursor, tz);
        let last = span.end - Duration::seconds(1);
        if last < cursor || utc_offset(last, tz) == offset {
            out.push((TimeRange::new(cursor, span.end), offset));
            break;
        }
        // Binary search, in whole seconds, for the first second whose offset differs.
        let (mut lo, mut hi) = (0, (last - cursor).num_seconds());
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if utc_offset(cursor + Duration::seconds(mid), tz) == offset {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let change = cursor + Duration::seconds(hi);
        out.push((TimeRange::new(cursor, change), offset));
        cursor = change;
    }
    out
}

/// The union of `ranges`, sorted and disjoint (touching ranges are joined).
pub fn merge(mut ranges: Vec<TimeRange>) -> Vec<TimeRange> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort();
    let mut out: Vec<TimeRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The parts of `a` not in `b` (both sorted and disjoint).
pub fn subtract(a: &[TimeRange], b: &[TimeRange]) -> Vec<TimeRange> {
    let mut out = Vec::new();
    for r in a {
        let mut start = r.start;
        for cut in b.iter().filter(|c| c.end > r.start && c.start < r.end) {
            if cut.start > start {
                out.push(TimeRange::new(start, cut.start));
            }
            start = start.max(cut.end);
        }
        if start < r.end {
            out.push(TimeRange::new(start, r.end));
        }
    }
    out
}

/// The parts common to `a` and `b` (both sorted and disjoint).
pub fn intersect(a: &[TimeRange], b: &[TimeRange]) -> Vec<TimeRange> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        if let Some(o) = a[i].overlap(&b[j]) {
            out.push(o);
        }
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Total length of the overlap of two sorted, disjoint lists of ranges.
pub fn overlap_length(a: &[TimeRange], b: &[TimeRange]) -> Duration {
    let (mut i, mut j) = (0, 0);
    let mut total = Duration::zero();
    while i < a.len() && j < b.len() {
        if let Some(o) = a[i].overlap(&b[j]) {
            total += o.length();
        }
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// Total length of sorted, disjoint ranges.
pub fn total_length(ranges: &[TimeRange]) -> Duration {
    ranges
        .iter()
        .fold(Duration::zero(), |sum, r| sum + r.length())
}

/// An outage as a span of time, for measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutageSpan {
    pub range: TimeRange,
    pub planned: bool,
}

/// Service time and the time lost from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// `None` when the service hours are unknown.
    pub service: Option<Duration>,
    pub lost_planned: Duration,
    pub lost_unplanned: Duration,
}

impl Figures {
    pub fn lost(&self) -> Duration {
        self.lost_planned + self.lost_unplanned
    }

    /// `1 − lost ÷ service`; `None` when the service hours are unknown or
    /// there was no service time to measure.
    pub fn availability(&self) -> Option<f64> {
        let service = self.service?.num_seconds();
        (service > 0).then(|| 1.0 - self.lost().num_seconds() as f64 / service as f64)
    }

    /// Availability in hundredths of a percent, rounded down (9999 is
    /// 99.99%), worked out in whole seconds so no float rounding can push it
    /// up; `None` as for [`Figures::availability`].
    pub fn hundredths(&self) -> Option<i64> {
        let service = i128::from(self.service?.num_seconds());
        let kept = service - i128::from(self.lost().num_seconds());
        (service > 0).then(|| ((kept.max(0) * 10_000) / service) as i64)
    }
}

/// Measure outages against service periods (sorted, disjoint).
pub fn measure(service: &[TimeRange], outages: &[OutageSpan]) -> Figures {
    let planned = merge(
        outages
            .iter()
            .filter(|o| o.planned)
            .map(|o| o.range)
            .collect(),
    );
    let unplanned = merge(
        outages
            .iter()
            .filter(|o| !o.planned)
            .map(|o| o.range)
            .collect(),
    );
    let unplanned_only = subtract(&unplanned, &planned);
    Figures {
        service: Some(total_length(service)),
        lost_planned: overlap_length(service, &planned),
        lost_unplanned: overlap_length(service, &unplanned_only),
    }
}

/// Outage `o` as a span, an ongoing one ending at `until`; `None` when its
/// dates could not be read (that is reported by `check`) or it starts after `until`.
pub fn outage_span(m: &Model<'_>, o: OutageIx, until: Instant) -> Option<OutageSpan> {
    let f = &m.outages[o];
    let start = f.start?;
    if !f.end_ok {
        return None;
    }
    let end = match f.end {
        Some(end) => end,
        None if start < until => until,
        None => return None,
    };
    Some(OutageSpan {
        range: TimeRange::new(start, end),
        planned: m.reg.outages[o].is_planned(),
    })
}

/// How an environment did over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvAvailability {
    pub env: EnvIx,
    pub hours: Hours,
    pub measured: Measured,
}

/// The figures of a period, or why there are none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measured {
    /// The period lies wholly outside the environment's `required` window.
    NotRequired,
    Counted {
        /// The part of the period counted: inside the `required` window.
        span: TimeRange,
        /// True when days outside the `required` window were left out.
        clipped: bool,
        figures: Figures,
    },
}

impl Measured {
    pub fn figures(&self) -> Option<&Figures> {
        match self {
            Measured::NotRequired => None,
            Measured::Counted { figures, .. } => Some(figures),
        }
    }
}

/// Availability of environment `env` over `period`, its downtime that of
/// itself and its components; ongoing outages count up to the period's end.
pub fn env_availability(m: &Model<'_>, env: EnvIx, period: TimeRange) -> EnvAvailability {
    let hours = hours(m, env);
    let span = match required_range(m, env) {
        Some(required) => match required.overlap(&period) {
            Some(s) => s,
            None => {
                return EnvAvailability {
                    env,
                    hours,
                    measured: Measured::NotRequired,
                }
            }
        },
        None => period,
    };
    let sources = with_components(m, env);
    let outages: Vec<OutageSpan> = m
        .outages
        .indices()
        .filter(|&o| m.outages[o].env.is_some_and(|e| sources.contains(&e)))
        .filter_map(|o| outage_span(m, o, period.end))
        .collect();
    let figures = measure_in(m, env, span, &outages);
    EnvAvailability {
        env,
        hours,
        measured: Measured::Counted {
            span,
            clipped: span != period,
            figures,
        },
    }
}

/// `outages` measured against `env`'s service hours inside `span`; with
/// unknown hours, the real time they take inside `span`, and no service time.
pub fn measure_in(m: &Model<'_>, env: EnvIx, span: TimeRange, outages: &[OutageSpan]) -> Figures {
    match service_in(m, env, span) {
        Some(service) => measure(&service, outages),
        None => Figures {
            service: None,
            ..measure(&[span], outages)
        },
    }
}

#[cfg(test)]
mod tests;
