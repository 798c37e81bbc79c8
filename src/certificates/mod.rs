//! Certificate status: renewal chains, days left, and whether a participant's
//! certificates cover a span of time.
//!
//! A certificate B replaces A when B names A in `replaces`, or when B is for
//! the same participant, environment and purpose and expires later. A B
//! revoked on or before the as-of day replaces nothing; a B issued after it
//! does replace (the renewal is in hand; EP303 reports any gap in cover).

pub mod coverage;
pub mod file;
pub mod listing;
pub mod pem;
pub mod render;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{CertIx, EnvIx, IntervalIx, Model, ParticipantIx};
use crate::registry::records::{Certificate, Purpose};
use crate::table::Table;
use crate::time::{Instant, TimeRange, When};

/// Facts about every certificate that more than one rule or command needs.
#[derive(Debug)]
pub struct Status {
    /// Per certificate: the id of a certificate that replaces it, if any.
    pub replaced_by: Table<Certificate, Option<CertIx>>,
}

/// Work out which certificates are replaced as of a day.
pub fn status(m: &Model<'_>, as_of: NaiveDate) -> Status {
    let reg = m.reg;
    let mut replaced_by: Table<Certificate, Option<CertIx>> = m.certificates.map(|_| None);
    // Revoked by the end of the as-of day: it replaces nothing.
    let as_of_end =
        crate::time::when::start_of_day(crate::time::when::next_day(as_of), m.settings.tz);
    let revoked = |f: &crate::model::CertFacts| f.revoked.is_some_and(|r| r < as_of_end);
    // Explicit renewals.
    for (b, _, f) in m.certificates() {
        if revoked(f) {
            continue;
        }
        if let Some(a) = f.replaces {
            replaced_by[a].get_or_insert(b);
        }
    }
    // Implicit renewals: the latest-expiring certificate of each
    // (participant, environment, purpose) replaces all earlier-expiring ones.
    let mut groups: HashMap<(ParticipantIx, EnvIx, Purpose), Vec<CertIx>> = HashMap::new();
    for (i, r, f) in m.certificates() {
        // A certificate whose purpose could not be read renews nothing.
        let purpose = r.purpose.as_ref().map(|p| p.value);
        if let (Some(p), Some(e), Some(_), Some(purpose)) =
            (f.participant, f.env, f.valid_until, purpose)
        {
            groups.entry((p, e, purpose)).or_default().push(i);
        }
    }
    for members in groups.values() {
        let live: Vec<CertIx> = members
            .iter()
            .copied()
            .filter(|&i| !revoked(&m.certificates[i]))
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

/// "valid through 2026-01-31" for a date expiry, "valid until 2026-03-01T12:00" for a datetime.
pub fn validity_text(expires: &When, written: &str) -> String {
    match expires {
        When::Date(_) => format!("valid through {written}"),
        _ => format!("valid until {written}"),
    }
}

/// The (environment, purpose) pairs an interval needs a participant to hold
/// certificates for: what its own environment requires of the participant,
/// then what each environment it `uses` does. Nothing in an interval of the
/// proving stage: certificates are requested and installed then (§10.2.2).
/// Nothing either when its stage could not be read (EP003): it may be that.
pub fn needs(
    m: &Model<'_>,
    interval: IntervalIx,
    participant: ParticipantIx,
) -> Vec<(EnvIx, Purpose)> {
    let f = &m.intervals[interval];
    let iv = &m.reg.intervals[interval];
    if m.reg.is_unreadable(iv.file, iv.stage.loc) {
        return Vec::new();
    }
    match f.env {
        Some(env) => needs_on(
            m,
            env,
            &f.uses,
            m.reg.intervals[interval].stage.as_str(),
            participant,
        ),
        None => Vec::new(),
    }
}

/// The (environment, purpose) pairs a booking of `stage` on `env` that uses
/// `uses` needs `participant` to hold certificates for (what [`needs`] says
/// of an interval so booked; `envplan slots` asks it of a booking not yet made).
pub fn needs_on(
    m: &Model<'_>,
    env: EnvIx,
    uses: &[EnvIx],
    stage: &str,
    participant: ParticipantIx,
) -> Vec<(EnvIx, Purpose)> {
    if stage == m.settings.proving_stage {
        return Vec::new();
    }
    let mut envs = vec![env];
    for &u in uses {
        if !envs.contains(&u) {
            envs.push(u);
        }
    }
    let mut out = Vec::new();
    for e in envs {
        for p in m.purposes_required(participant, e) {
            if !out.contains(&(e, p)) {
                out.push((e, p));
            }
        }
    }
    out
}

/// The part of an interval whose certificates still matter on `as_of_start`'s
/// day: from its start or the start of that day, whichever is later, to its
/// end. `None` for cancelled, unreadable or finished intervals.
pub fn live_window(m: &Model<'_>, interval: IntervalIx, as_of_start: Instant) -> Option<TimeRange> {
    let f = &m.intervals[interval];
    if f.is_cancelled() {
        return None;
    }
    live_part(f.range?, as_of_start)
}

/// The part of a not-cancelled booking over `range` that EP303 checks: from
/// its start or `as_of_start`, whichever is later, to its end; `None` once
/// it has ended.
pub fn live_part(range: TimeRange, as_of_start: Instant) -> Option<TimeRange> {
    (range.end > as_of_start).then(|| TimeRange::new(range.start.max(as_of_start), range.end))
}

/// The first booking that needs `cert`'s participant to hold a certificate
/// of its environment and purpose after `cert` stops being valid: the
/// interval and the first instant it is needed. This is what makes a renewal
/// urgent rather than merely due.
pub fn needed_after(
    m: &Model<'_>,
    cert: CertIx,
    as_of_start: Instant,
) -> Option<(IntervalIx, Instant)> {
    needed_after_among(m, cert, as_of_start, m.reg.intervals.indices())
}

/// [`needed_after`], looking only at `candidates` (interval indices in
/// ascending order that include every interval of the certificate's
/// participant): a caller asking for many certificates passes each
/// participant's own intervals, so that the whole listing is linear rather
/// than certificates × intervals.
pub fn needed_after_among(
    m: &Model<'_>,
    cert: CertIx,
    as_of_start: Instant,
    candidates: impl IntoIterator<Item = IntervalIx>,
) -> Option<(IntervalIx, Instant)> {
    let reg = m.reg;
    let f = &m.certificates[cert];
    let (p, e) = (f.participant?, f.env?);
    let purpose = reg.certificates[cert].purpose.as_ref()?.value;
    let (_, until) = validity(m, cert)?;
    candidates
        .into_iter()
        .filter(|&i| m.intervals[i].participants.contains(&p))
        .filter(|&i| needs(m, i, p).contains(&(e, purpose)))
        .filter_map(|i| {
            let window = live_window(m, i, as_of_start)?;
            (window.end > until).then(|| (i, window.start.max(until)))
        })
        .min_by(|a, b| {
            (a.1, &reg.intervals[a.0].id.value).cmp(&(b.1, &reg.intervals[b.0].id.value))
        })
}

/// The certificate among `certs` whose validity starts first after `at`, and
/// when: where coverage resumes after a gap that starts at `at`.
pub fn next_start(m: &Model<'_>, certs: &[CertIx], at: Instant) -> Option<(CertIx, Instant)> {
    certs
        .iter()
        .filter_map(|&c| {
            let (from, until) = validity(m, c)?;
            let from = from?;
            (from > at && until > from).then_some((c, from))
        })
        .min_by_key(|&(c, from)| (from, c))
}

/// Whole days from `as_of` to the last day the certificate is valid (negative once expired).
pub fn days_left(last_day: NaiveDate, as_of: NaiveDate) -> i64 {
    (last_day - as_of).num_days()
}

/// The time a certificate is valid: from issue (or always) until expiry or revocation.
pub fn validity(m: &Model<'_>, cert: CertIx) -> Option<(Option<Instant>, Instant)> {
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
    certs: &[CertIx],
    window: TimeRange,
) -> Option<(Instant, Option<CertIx>)> {
    let periods: Vec<Period<Instant>> = certs
        .iter()
        .filter_map(|&c| validity(m, c).map(|(from, until)| (from, until, c)))
        .collect();
    first_uncovered(periods, window.start, window.end)
}

/// A span of validity: from (`None`: always), until (exclusive), and whose it is.
pub type Period<T, I = CertIx> = (Option<T>, T, I);

/// The sweep behind [`first_gap`], over any ordered time: the first point of
/// `[start, end)` that no period covers, and the period that ended last before
/// it (ties: the lowest index). Periods may overlap, touch or be empty.
pub fn first_uncovered<T: Ord + Copy, I: Ord + Copy>(
    mut periods: Vec<Period<T, I>>,
    start: T,
    end: T,
) -> Option<(T, Option<I>)> {
    periods.sort_by_key(|p| (p.0, p.1));
    let mut cursor = start;
    for &(from, until, _) in &periods {
        if cursor >= end || from.is_some_and(|f| f > cursor) {
            break;
        }
        cursor = cursor.max(until);
    }
    if cursor >= end {
        return None;
    }
    let lapsed = periods
        .iter()
        .filter(|(from, until, _)| *until <= cursor && from.is_none_or(|f| f < cursor))
        .max_by_key(|(_, until, c)| (*until, std::cmp::Reverse(*c)))
        .map(|&(_, _, c)| c);
    Some((cursor, lapsed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Minute by minute: the first uncovered minute and the period that ended last before it.
    fn oracle(
        periods: &[Period<i64, usize>],
        start: i64,
        end: i64,
    ) -> Option<(i64, Option<usize>)> {
        let covered = |t: i64| {
            periods
                .iter()
                .any(|&(from, until, _)| from.is_none_or(|f| f <= t) && t < until)
        };
        let t = (start..end).find(|&t| !covered(t))?;
        let lapsed = periods
            .iter()
            .filter(|&&(from, until, _)| until <= t && from.is_none_or(|f| f < t))
            .max_by_key(|&&(_, until, c)| (until, std::cmp::Reverse(c)))
            .map(|&(_, _, c)| c);
        Some((t, lapsed))
    }

    #[test]
    fn edge_days_in_whole_days() {
        // Day numbers as instants: valid through day 14 means until the start of day 15.
        let contiguous = vec![(Some(0), 15, 0), (Some(15), 400, 1)];
        assert_eq!(first_uncovered(contiguous, 10, 21), None);
        let one_day_gap = vec![(Some(0), 15, 0), (Some(16), 400, 1)];
        assert_eq!(first_uncovered(one_day_gap, 10, 21), Some((15, Some(0))));
        // Expiring at the end of the window's last day covers it; a day earlier does not.
        assert_eq!(first_uncovered(vec![(None, 21, 0)], 10, 21), None);
        assert_eq!(
            first_uncovered(vec![(None, 20, 0)], 10, 21),
            Some((20, Some(0)))
        );
        // Not valid yet: uncovered from the start, nothing lapsed.
        assert_eq!(
            first_uncovered(vec![(Some(12), 30, 0)], 10, 21),
            Some((10, None))
        );
        assert_eq!(
            first_uncovered::<i64, usize>(Vec::new(), 10, 21),
            Some((10, None))
        );
    }

    proptest! {
        #[test]
        fn sweep_matches_minute_by_minute(
            raw in proptest::collection::vec((proptest::option::of(0i64..24), 0i64..30), 0..6),
            start in 0i64..20,
            len in 0i64..15,
        ) {
            let periods: Vec<Period<i64, usize>> = raw

                .into_iter()
                .enumerate()
                .map(|(i, (from, until))| (from, until, i))
                .collect();
            let end = start + len;
            prop_assert_eq!(
                first_uncovered(periods.clone(), start, end),
                oracle(&periods, start, end)
            );
        }
    }
}
