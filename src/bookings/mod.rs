//! Which bookings occupy which environments, and which of them clash.
//!
//! An interval occupies its own environment (as its own upstream) and every
//! environment it `uses` (with its environment as upstream). Whether two
//! overlapping occupancies clash depends on the environment's sharing mode.
//! Cancelled intervals and intervals without a valid range occupy nothing.
//!
//! The overlaps are found by a per-environment sweep (`sweep`), so a
//! registry of many bookings costs O(n log n + k) for k clashing pairs; the
//! all-pairs definition is kept in `oracle` to test it against.

pub mod dependencies;
pub mod listing;
#[cfg(test)]
mod oracle;
pub mod sweep;

use std::collections::HashMap;

use crate::model::{EnvIx, IntervalFacts, IntervalIx, Model, OutageIx};
use crate::registry::records::{Environment, Interval, Outage, Sharing};
use crate::table::Table;
use crate::time::when::{next_day, start_of_day};
use crate::time::TimeRange;

use self::sweep::{conflicting_pairs, Span};

/// What clash finding needs to know about one interval, whatever it came
/// from. The facts are borrowed, not copied: a copy for every interval would
/// be the largest thing in memory while `check` runs its clash rules.
#[derive(Debug, Clone, Copy)]
pub struct Booking<'a> {
    pub id: &'a str,
    pub stage: &'a str,
    /// Its stage could not be read (EP003): it is then no stage, and clashes
    /// with nothing for being of another stage.
    pub stage_unreadable: bool,
    /// Its environment, further environments it `uses` (as resolved: they
    /// may repeat or name its own), its time range and its status.
    pub facts: &'a IntervalFacts,
}

impl<'a> Booking<'a> {
    pub fn env(&self) -> Option<EnvIx> {
        self.facts.env
    }

    pub fn uses(&self) -> &'a [EnvIx] {
        &self.facts.uses
    }

    pub fn range(&self) -> Option<TimeRange> {
        self.facts.range
    }

    pub fn cancelled(&self) -> bool {
        self.facts.is_cancelled()
    }
}

/// The model's intervals as bookings, index-aligned with `reg.intervals`.
pub fn bookings<'m>(m: &'m Model<'_>) -> Table<Interval, Booking<'m>> {
    m.intervals()
        .map(|(_, r, facts)| Booking {
            id: r.id.as_str(),
            stage: r.stage.as_str(),
            stage_unreadable: m.reg.is_unreadable(r.file, r.stage.loc),
            facts,
        })
        .collect()
}

/// The span of time an environment's `required` window covers, from the
/// first moment of its first day to the end of its last: EP205 and
/// `envplan slots` both read it from here.
pub fn required_window(m: &Model<'_>, env: EnvIx) -> Option<TimeRange> {
    let (from, to) = m.environments[env].required?;
    let tz = m.settings.tz;
    Some(TimeRange::new(
        start_of_day(from, tz),
        start_of_day(next_day(to), tz),
    ))
}

/// One interval's hold on one environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occupancy {
    pub interval: IntervalIx,
    pub env: EnvIx,
    /// The environment it reaches `env` through (itself when `env` is its own).
    pub upstream: EnvIx,
    pub range: TimeRange,
}

/// Two intervals that may not overlap on `env`, and do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub env: EnvIx,
    /// The interval that starts first (ties: the smaller id).
    pub earlier: IntervalIx,
    pub earlier_upstream: EnvIx,
    /// The interval that starts later (ties: the larger id); the finding is reported here.
    pub later: IntervalIx,
    pub later_upstream: EnvIx,
    pub overlap: TimeRange,
    /// Other environments on which the same two intervals clash, in registry order.
    pub also_on: Vec<EnvIx>,
}

/// Which bookings hold each of `env_count` environments (as their own or
/// through `uses`), in booking order. Indices, not occupancies: with every
/// environment's occupancies built at once, they would outweigh the
/// bookings themselves at the peak of `check`.
fn holders(
    bookings: &Table<Interval, Booking<'_>>,
    env_count: usize,
) -> Table<Environment, Vec<IntervalIx>> {
    let mut by_env: Table<Environment, Vec<IntervalIx>> =
        (0..env_count).map(|_| Vec::new()).collect();
    for (i, b) in bookings.indexed() {
        let (Some(env), Some(_)) = (b.env(), b.range()) else {
            continue;
        };
        if b.cancelled() {
            continue;
        }
        by_env[env].push(i);
        let uses = b.uses();
        for (k, &u) in uses.iter().enumerate() {
            // An environment named twice, or its own environment named in
            // `uses`, is still one hold on it.
            if u != env && !uses[..k].contains(&u) {
                by_env[u].push(i);
            }
        }
    }
    by_env
}

/// Call `visit` with each environment's occupancies in booking order, one
/// environment at a time (environments no booking holds are visited too).
pub fn for_each_environment(
    bookings: &Table<Interval, Booking<'_>>,
    env_count: usize,
    mut visit: impl FnMut(EnvIx, &[Occupancy]),
) {
    let mut occ: Vec<Occupancy> = Vec::new();
    let holders = holders(bookings, env_count);
    for (env, held) in holders.indexed() {
        occ.clear();
        occ.extend(held.iter().filter_map(|&interval| {
            let b = &bookings[interval];
            Some(Occupancy {
                interval,
                env,
                upstream: b.env()?,
                range: b.range()?,
            })
        }));
        visit(env, &occ);
    }
}

/// Whether two overlapping occupancies of one environment clash under its
/// sharing mode: the contract's definition, pair by pair.
pub fn conflicts(
    sharing: Sharing,
    a: &Occupancy,
    b: &Occupancy,
    stage_a: &str,
    stage_b: &str,
) -> bool {
    a.interval != b.interval
        && match sharing {
            Sharing::Shared => false,
            Sharing::Exclusive => true,
            Sharing::SerialStages => stage_a != stage_b,
            Sharing::SingleUpstream => a.upstream != b.upstream,
        }
}

/// All clashing pairs in the model, each pair once (on the first environment
/// where it clashes), sorted by the pair's interval indices.
pub fn find_clashes(m: &Model<'_>) -> Vec<Clash> {
    let sharing = m.environments.map(|e| e.sharing);
    clashes_among(&sharing, &bookings(m))
}

/// All clashing pairs among `bookings` on environments with these sharing
/// modes, each pair once (on the first environment where it clashes, the
/// others in `also_on`), sorted by the pair's booking indices.
pub fn clashes_among(
    sharing: &Table<Environment, Sharing>,
    bookings: &Table<Interval, Booking<'_>>,
) -> Vec<Clash> {
    let mut clashes: Vec<Clash> = Vec::new();
    let mut seen: HashMap<(IntervalIx, IntervalIx), usize> = HashMap::new();
    for_each_environment(bookings, sharing.len(), |env, occ| {
        let mode = sharing[env];
        if mode == Sharing::Shared {
            return;
        }
        let spans = classify(mode, occ, bookings);
        for (x, y) in conflicting_pairs(&spans) {
            if mode == Sharing::SerialStages
                && (bookings[occ[x].interval].stage_unreadable
                    || bookings[occ[y].interval].stage_unreadable)
            {
                continue;
            }
            let (first, second) = order(bookings, &occ[x], &occ[y]);
            let key = (
                first.interval.min(second.interval),
                first.interval.max(second.interval),
            );
            if let Some(&at) = seen.get(&key) {
                clashes[at].also_on.push(env);
                continue;
            }
            let Some(overlap) = first.range.overlap(&second.range) else {
                continue;
            };
            seen.insert(key, clashes.len());
            clashes.push(Clash {
                env,
                earlier: first.interval,
                earlier_upstream: first.upstream,
                later: second.interval,
                later_upstream: second.upstream,
                overlap,
                also_on: Vec::new(),
            });
        }
    });
    clashes.sort_unstable_by_key(|c| (c.earlier.min(c.later), c.earlier.max(c.later)));
    clashes
}

/// The occupancies of one environment as spans whose class says what they
/// are compatible with: two occupancies clash exactly when their classes
/// differ (see `conflicts`).
fn classify(
    mode: Sharing,
    occ: &[Occupancy],
    bookings: &Table<Interval, Booking<'_>>,
) -> Vec<Span> {
    let mut stages: HashMap<&str, usize> = HashMap::new();
    occ.iter()
        .enumerate()
        .map(|(x, o)| {
            let class = match mode {
                Sharing::Shared => 0,
                Sharing::Exclusive => x,
                Sharing::SerialStages => {
                    let next = stages.len();
                    *stages.entry(bookings[o.interval].stage).or_insert(next)
                }
                Sharing::SingleUpstream => o.upstream.index(),
            };
            Span {
                range: o.range,
                class,
            }
        })
        .collect()
}

/// (earlier, later): by start, ties broken by id.
fn order<'a>(
    bookings: &Table<Interval, Booking<'_>>,
    a: &'a Occupancy,
    b: &'a Occupancy,
) -> (&'a Occupancy, &'a Occupancy) {
    let key = |o: &Occupancy| (o.range.start, bookings[o.interval].id);
    if key(a) <= key(b) {
        (a, b)
    } else {
        (b, a)
    }
}

/// A planned outage over a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutageOverlap {
    pub outage: OutageIx,
    pub interval: IntervalIx,
    pub env: EnvIx,
    /// The interval's own environment: `env` itself, or the one through
    /// which it `uses` `env`.
    pub upstream: EnvIx,
    pub overlap: TimeRange,
}

/// What outage checking needs to know about one outage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutageSpan {
    pub env: Option<EnvIx>,
    /// `None` when its dates could not be read; an outage still ongoing
    /// runs to the end of time.
    pub range: Option<TimeRange>,
    pub planned: bool,
}

/// The model's outages as spans, index-aligned with `reg.outages`.
pub fn outage_spans(m: &Model<'_>) -> Table<Outage, OutageSpan> {
    m.outages()
        .map(|(_, r, f)| OutageSpan {
            env: f.env,
            range: match (f.start, f.end_ok) {
                (Some(start), true) => Some(TimeRange::new(
                    start,
                    f.end.unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC),
                )),
                _ => None,
            },
            planned: r.is_planned(),
        })
        .collect()
}

/// Planned outages that overlap a not-cancelled interval occupying the same
/// environment (as its own or through `uses`), sorted by outage then interval.
pub fn outage_overlaps(m: &Model<'_>) -> Vec<OutageOverlap> {
    outage_overlaps_among(m.environments.len(), &bookings(m), &outage_spans(m))
}

/// Planned outages among `outages` that overlap a booking holding the same
/// environment, sorted by outage then booking.
pub fn outage_overlaps_among(
    env_count: usize,
    bookings: &Table<Interval, Booking<'_>>,
    outages: &Table<Outage, OutageSpan>,
) -> Vec<OutageOverlap> {
    const BOOKING: usize = 0;
    const OUTAGE: usize = 1;
    let mut outages_by_env: Table<Environment, Vec<(OutageIx, TimeRange)>> =
        (0..env_count).map(|_| Vec::new()).collect();
    for (i, o) in outages.indexed() {
        if let (true, Some(env), Some(range)) = (o.planned, o.env, o.range) {
            outages_by_env[env].push((i, range));
        }
    }
    let mut out = Vec::new();
    for_each_environment(bookings, env_count, |env, occ| {
        let planned = &outages_by_env[env];
        if planned.is_empty() || occ.is_empty() {
            return;
        }
        // Bookings first, then outages: a span index below `occ.len()` is a booking.
        let spans: Vec<Span> = occ
            .iter()
            .map(|o| Span {
                range: o.range,
                class: BOOKING,
            })
            .chain(planned.iter().map(|&(_, range)| Span {
                range,
                class: OUTAGE,
            }))
            .collect();
        for (x, y) in conflicting_pairs(&spans) {
            let (b, o) = if x < occ.len() { (x, y) } else { (y, x) };
            let booking = &occ[b];
            let (outage, range) = planned[o - occ.len()];
            if let Some(overlap) = range.overlap(&booking.range) {
                out.push(OutageOverlap {
                    outage,
                    interval: booking.interval,
                    env,
                    upstream: booking.upstream,
                    overlap,
                });
            }
        }
    });
    out.sort_unstable_by_key(|o| (o.outage, o.interval));
    out
}

#[cfg(test)]
mod tests;
