//! What an interval depends on besides its own environment (format v2,
//! EP208): every environment it `uses`, and every component, at any depth,
//! of its environment and of each environment it uses (§9.2: SIT-A is the
//! DIP and Helix test instances, so their outages stop SIT-A's testing).
//!
//! These are not holds for clash purposes (an interval on a composite does
//! not occupy its components); they only meet planned outages. The overlaps
//! are found with the same sweep as clashes, one environment at a time.

use crate::model::{EnvIx, IntervalIx, Model, OutageIx};
use crate::registry::records::Environment;
use crate::table::Table;
use crate::time::TimeRange;

use super::outage_spans;
use super::sweep::{conflicting_pairs, Span};

/// How an interval depends on an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependency {
    pub env: EnvIx,
    /// The interval's own environment or one it uses: the one `env` is a
    /// component of, or (for a used environment) its own environment.
    pub via: EnvIx,
    /// True when `env` is a component of `via`; false when the interval uses it.
    pub component: bool,
}

/// A planned outage over an interval that depends on the environment it takes down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyOverlap {
    pub outage: OutageIx,
    pub interval: IntervalIx,
    pub dependency: Dependency,
    pub overlap: TimeRange,
}

/// The environments interval `i` depends on other than its own, each once:
/// the environments it uses first, then the components of its own
/// environment, then those of each environment it uses.
pub fn dependencies(m: &Model<'_>, i: IntervalIx) -> Vec<Dependency> {
    let f = &m.intervals[i];
    match f.env {
        Some(own) => dependencies_on(m, own, &f.uses),
        None => Vec::new(),
    }
}

/// What [`dependencies`] says of an interval booked on `own` that uses
/// `uses` (`envplan slots` asks it of a booking not yet made).
pub fn dependencies_on(m: &Model<'_>, own: EnvIx, uses: &[EnvIx]) -> Vec<Dependency> {
    let mut out: Vec<Dependency> = Vec::new();
    let add = |out: &mut Vec<Dependency>, d: Dependency| {
        if d.env != own && !out.iter().any(|x| x.env == d.env) {
            out.push(d);
        }
    };
    for &u in uses {
        add(
            &mut out,
            Dependency {
                env: u,
                via: own,
                component: false,
            },
        );
    }
    for &via in std::iter::once(&own).chain(uses.iter()) {
        for &c in &m.environments[via].all_components {
            add(
                &mut out,
                Dependency {
                    env: c,
                    via,
                    component: true,
                },
            );
        }
    }
    out
}

/// Every planned outage over a not-cancelled interval that depends on its
/// environment other than as its own, once per outage and interval, sorted
/// by outage then interval.
pub fn dependency_overlaps(m: &Model<'_>) -> Vec<DependencyOverlap> {
    const BOOKING: usize = 0;
    const OUTAGE: usize = 1;
    let mut outages_by_env: Table<Environment, Vec<(OutageIx, TimeRange)>> =
        m.environments.map(|_| Vec::new());
    for (o, span) in outage_spans(m).indexed() {
        if let (true, Some(env), Some(range)) = (span.planned, span.env, span.range) {
            outages_by_env[env].push((o, range));
        }
    }
    // Only environments with planned outages matter: skip the rest early.
    let mut holders: Table<Environment, Vec<(IntervalIx, Dependency, TimeRange)>> =
        m.environments.map(|_| Vec::new());
    for (i, _, f) in m.intervals() {
        let Some(range) = f.range else {
            continue;
        };
        if f.is_cancelled() || f.env.is_none() {
            continue;
        }
        if f.uses.is_empty()
            && f.env
                .is_some_and(|e| m.environments[e].all_components.is_empty())
        {
            continue;
        }
        for d in dependencies(m, i) {
            if !outages_by_env[d.env].is_empty() {
                holders[d.env].push((i, d, range));
            }
        }
    }
    let mut out = Vec::new();
    for env in m.environments.indices() {
        let (held, planned) = (&holders[env], &outages_by_env[env]);
        if held.is_empty() || planned.is_empty() {
            continue;
        }
        let spans: Vec<Span> = held
            .iter()
            .map(|&(_, _, range)| Span {
                range,
                class: BOOKING,
            })
            .chain(planned.iter().map(|&(_, range)| Span {
                range,
                class: OUTAGE,
            }))
            .collect();
        for (x, y) in conflicting_pairs(&spans) {
            let (b, o) = if x < held.len() { (x, y) } else { (y, x) };
            let (interval, dependency, range) = held[b];
            let (outage, outage_range) = planned[o - held.len()];
            if let Some(overlap) = outage_range.overlap(&range) {
                out.push(DependencyOverlap {
                    outage,
                    interval,
                    dependency,
                    overlap,
                });
            }
        }
    }
    out.sort_unstable_by_key(|o| (o.outage, o.interval));
    out
}
