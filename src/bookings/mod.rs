//! Which bookings occupy which environments, and which of them clash.
//!
//! An interval occupies its own environment (as its own upstream) and every
//! environment it `uses` (with its environment as upstream). Whether two
//! overlapping occupancies clash depends on the environment's sharing mode.
//! Cancelled intervals and intervals without a valid range occupy nothing.

use std::collections::BTreeMap;

use crate::model::{Idx, Model};
use crate::registry::model::Sharing;
use crate::time::TimeRange;

/// One interval's hold on one environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occupancy {
    pub interval: Idx,
    pub env: Idx,
    /// The environment it reaches `env` through (itself when `env` is its own).
    pub upstream: Idx,
    pub range: TimeRange,
}

/// Two intervals that may not overlap on `env`, and do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub env: Idx,
    /// The interval that starts first (ties: the smaller id).
    pub earlier: Idx,
    pub earlier_upstream: Idx,
    /// The interval that starts later (ties: the larger id); the finding is reported here.
    pub later: Idx,
    pub later_upstream: Idx,
    pub overlap: TimeRange,
    /// Other environments on which the same two intervals clash.
    pub also_on: Vec<Idx>,
}

/// Every occupancy, grouped by environment, in interval order.
pub fn occupancies(m: &Model<'_>) -> Vec<Vec<Occupancy>> {
    let mut by_env: Vec<Vec<Occupancy>> = vec![Vec::new(); m.environments.len()];
    for (i, f) in m.intervals.iter().enumerate() {
        let (Some(env), Some(range)) = (f.env, f.range) else {
            continue;
        };
        if f.is_cancelled() {
            continue;
        }
        by_env[env].push(Occupancy {
            interval: i,
            env,
            upstream: env,
            range,
        });
        for &u in &f.uses {
            if u != env && !by_env[u].iter().any(|o| o.interval == i) {
                by_env[u].push(Occupancy {
                    interval: i,
                    env: u,
                    upstream: env,
                    range,
                });
            }
        }
    }
    by_env
}

/// Whether two overlapping occupancies of one environment clash under its sharing mode.
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

/// All clashing pairs, each pair once (on the first environment where it clashes).
pub fn find_clashes(m: &Model<'_>) -> Vec<Clash> {
    let reg = m.reg;
    let mut pairs: BTreeMap<(Idx, Idx), Clash> = BTreeMap::new();
    for (env, occ) in occupancies(m).iter().enumerate() {
        let sharing = m.environments[env].sharing;
        if sharing == Sharing::Shared {
            continue;
        }
        for (x, a) in occ.iter().enumerate() {
            for b in &occ[x + 1..] {
                let Some(overlap) = a.range.overlap(&b.range) else {
                    continue;
                };
                let stage_a = reg.intervals[a.interval].stage.as_str();
                let stage_b = reg.intervals[b.interval].stage.as_str();
                if !conflicts(sharing, a, b, stage_a, stage_b) {
                    continue;
                }
                let (first, second) = order(m, a, b);
                let key = (
                    first.interval.min(second.interval),
                    first.interval.max(second.interval),
                );
                match pairs.get_mut(&key) {
                    Some(existing) => existing.also_on.push(env),
                    None => {
                        pairs.insert(
                            key,
                            Clash {
                                env,
                                earlier: first.interval,
                                earlier_upstream: first.upstream,
                                later: second.interval,
                                later_upstream: second.upstream,
                                overlap,
                                also_on: Vec::new(),
                            },
                        );
                    }
                }
            }
        }
    }
    pairs.into_values().collect()
}

/// (earlier, later): by start, ties broken by id.
fn order<'a>(m: &Model<'_>, a: &'a Occupancy, b: &'a Occupancy) -> (&'a Occupancy, &'a Occupancy) {
    let key = |o: &Occupancy| (o.range.start, m.reg.intervals[o.interval].id.as_str());
    if key(a) <= key(b) {
        (a, b)
    } else {
        (b, a)
    }
}

/// A planned outage over a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutageOverlap {
    pub outage: Idx,
    pub interval: Idx,
    pub env: Idx,
    pub overlap: TimeRange,
}

/// Planned outages that overlap a not-cancelled interval occupying the same environment.
pub fn outage_overlaps(m: &Model<'_>) -> Vec<OutageOverlap> {
    let occ = occupancies(m);
    let mut out = Vec::new();
    for (i, o) in m.reg.outages.iter().enumerate() {
        let f = &m.outages[i];
        let (Some(env), Some(start)) = (f.env, f.start) else {
            continue;
        };
        if !o.planned.value || !f.end_ok {
            continue;
        }
        let range = TimeRange::new(
            start,
            f.end.unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC),
        );
        for b in &occ[env] {
            if let Some(overlap) = range.overlap(&b.range) {
                out.push(OutageOverlap {
                    outage: i,
                    interval: b.interval,
                    env,
                    overlap,
                });
            }
        }
    }
    out
}
