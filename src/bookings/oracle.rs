//! The slow, obviously-right versions the sweep is tested against: every pair
//! of bookings on every environment, straight from the contract's wording,
//! sharing no code with the fast path except the overlap of two ranges.

use crate::model::{EnvIx, OutageIx};
use crate::registry::records::{Interval, Sharing};
use crate::table::{Ix, Table};
use crate::time::TimeRange;

use super::{Booking, Clash, OutageOverlap, OutageSpan};

/// The environment through which `b` reaches `env`, if it holds `env` at all.
fn reach(b: &Booking<'_>, env: EnvIx) -> Option<EnvIx> {
    if b.cancelled() || b.range().is_none() {
        return None;
    }
    let own = b.env()?;
    (own == env || b.uses().contains(&env)).then_some(own)
}

fn clash_under(sharing: Sharing, a: &Booking<'_>, ua: EnvIx, b: &Booking<'_>, ub: EnvIx) -> bool {
    match sharing {
        Sharing::Shared => false,
        Sharing::Exclusive => true,
        Sharing::SerialStages => a.stage != b.stage,
        Sharing::SingleUpstream => ua != ub,
    }
}

/// All clashing pairs, by brute force over pairs and environments.
pub fn clashes(sharing: &[Sharing], bookings: &Table<Interval, Booking<'_>>) -> Vec<Clash> {
    let mut out = Vec::new();
    for i in bookings.indices() {
        for j in bookings.indices().skip(i.index() + 1) {
            let (a, b) = (&bookings[i], &bookings[j]);
            let (Some(ra), Some(rb)) = (a.range(), b.range()) else {
                continue;
            };
            let Some(overlap) = ra.overlap(&rb) else {
                continue;
            };
            let mut envs = Vec::new();
            for (env, &mode) in sharing.iter().enumerate() {
                let env: EnvIx = Ix::new(env);
                if let (Some(ua), Some(ub)) = (reach(a, env), reach(b, env)) {
                    if clash_under(mode, a, ua, b, ub) {
                        envs.push((env, ua, ub));
                    }
                }
            }
            let Some(&(env, ua, ub)) = envs.first() else {
                continue;
            };
            let a_first = (ra.start, a.id) <= (rb.start, b.id);
            let ((earlier, earlier_upstream), (later, later_upstream)) = if a_first {
                ((i, ua), (j, ub))
            } else {
                ((j, ub), (i, ua))
            };
            out.push(Clash {
                env,
                earlier,
                earlier_upstream,
                later,
                later_upstream,
                overlap,
                also_on: envs[1..].iter().map(|e| e.0).collect(),
            });
        }
    }
    out
}

/// All planned outages over bookings, by brute force.
pub fn outage_overlaps(
    env_count: usize,
    bookings: &Table<Interval, Booking<'_>>,
    outages: &[OutageSpan],
) -> Vec<OutageOverlap> {
    let mut out = Vec::new();
    for (o, outage) in outages.iter().enumerate() {
        let o: OutageIx = Ix::new(o);
        let (true, Some(env), Some(range)) = (outage.planned, outage.env, outage.range) else {
            continue;
        };
        if env.index() >= env_count {
            continue;
        }
        for (i, b) in bookings.indexed() {
            let (Some(upstream), Some(r)) = (reach(b, env), b.range()) else {
                continue;
            };
            if let Some(overlap) = TimeRange::overlap(&range, &r) {
                out.push(OutageOverlap {
                    outage: o,
                    interval: i,
                    env,
                    upstream,
                    overlap,
                });
            }
        }
    }
    out
}
