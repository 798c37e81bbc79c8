//! Certificate status: renewal chains, days left, and whether a participant's
//! certificates cover a span of time.
//!
//! A certificate B replaces A when B names A in `replaces`, or when B is for
//! the same participant, environment and purpose and expires later. A revoked
//! certificate replaces nothing.

pub mod pem;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Idx, Model};
use crate::registry::model::Purpose;
use crate::time::{Instant, TimeRange};

/// Facts about every certificate that more than one rule or command needs.
#[derive(Debug)]
pub struct Status {
    /// Per certificate: the id of a certificate that replaces it, if any.
    pub replaced_by: Vec<Option<Idx>>,
}

/// Work out which certificates are replaced.
pub fn status(m: &Model<'_>) -> Status {
    let reg = m.reg;
    let mut replaced_by: Vec<Option<Idx>> = vec![None; reg.certificates.len()];
    // Explicit renewals.
    for (b, f) in m.certificates.iter().enumerate() {
        if f.revoked.is_some() {
            continue;
        }
        if let Some(a) = f.replaces {
            replaced_by[a].get_or_insert(b);
        }
    }
    // Implicit renewals: the latest-expiring certificate of each
    // (participant, environment, purpose) replaces all earlier-expiring ones.
    let mut groups: HashMap<(Idx, Idx, Purpose), Vec<Idx>> = HashMap::new();
    for (i, f) in m.certificates.iter().enumerate() {
        if let (Some(p), Some(e), Some(_)) = (f.participant, f.env, f.valid_until) {
            groups
                .entry((p, e, reg.certificates[i].purpose.value))
                .or_default()
                .push(i);
        }
    }
    for members in groups.values() {
        let live: Vec<Idx> = members
            .iter()
            .copied()
            .filter(|&i| m.certificates[i].revoked.is_none())
            .collect();
        for &a in members {
            let until_a = m.certificates[a].valid_until;
            let later = live
                .iter()
                .copied()
                .filter(|&b| b != a && m.certificates[b].valid_until > until_a)
                .min_by_key(|&b| {
                    (
                        m.certificates[b].valid_until,
                        reg.certificates[b].id.value.clone(),
                    )
                });
            if let Some(b) = later {
                replaced_by[a].get_or_insert(b);
            }
        }
    }
    Status { replaced_by }
}

/// Whole days from `as_of` to the last day the certificate is valid (negative once expired).
pub fn days_left(last_day: NaiveDate, as_of: NaiveDate) -> i64 {
    (last_day - as_of).num_days()
}

/// The time a certificate is valid: from issue (or always) until expiry or revocation.
pub fn validity(m: &Model<'_>, cert: Idx) -> Option<(Option<Instant>, Instant)> {
    let f = &m.certificates[cert];
    let until = f.valid_until?;
    let until = match f.revoked {
        Some(r) => until.min(r),
        None => until,
    };
    Some((f.valid_from, until))
}

/// The first instant in `window` at which none of `certs` is valid, and the
/// certificate (if any) whose validity ended last before it: the one that lapsed.
pub fn first_gap(
    m: &Model<'_>,
    certs: &[Idx],
    window: TimeRange,
) -> Option<(Instant, Option<Idx>)> {
    let mut periods: Vec<(Option<Instant>, Instant, Idx)> = certs
        .iter()
        .filter_map(|&c| validity(m, c).map(|(from, until)| (from, until, c)))
        .collect();
    periods.sort_by_key(|p| (p.0, p.1));
    let mut cursor = window.start;
    for &(from, until, _) in &periods {
        if cursor >= window.end || from.is_some_and(|f| f > cursor) {
            break;
        }
        cursor = cursor.max(until);
    }
    if cursor >= window.end {
        return None;
    }
    let lapsed = periods
        .iter()
        .filter(|(from, until, _)| *until <= cursor && from.is_none_or(|f| f < cursor))
        .max_by_key(|(_, until, c)| (*until, std::cmp::Reverse(*c)))
        .map(|&(_, _, c)| c);
    Some((cursor, lapsed))
}
