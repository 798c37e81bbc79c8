//! Which booked participants lack a certificate an interval needs, and from
//! when: the facts behind EP303. The rule words them as findings and the EWG
//! pack lists them as intervals at risk; both read them from here so that
//! they cannot disagree.

use std::collections::HashMap;

use crate::model::{CertIx, EnvIx, IntervalIx, Model, ParticipantIx};
use crate::registry::records::Participant;
use crate::registry::records::Purpose;
use crate::registry::spanned::Loc;
use crate::time::{Instant, TimeRange};

use super::{first_gap, live_window, needs, next_start};

/// The first moment a participant lacks a certificate it needs for one
/// environment and purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub at: Instant,
    pub env: EnvIx,
    pub purpose: Purpose,
    /// The certificate whose validity ended last before the gap.
    pub lapsed: Option<CertIx>,
    /// Whether the participant holds any certificate of this environment and purpose.
    pub holds_any: bool,
    /// The certificate that takes over later in the interval, and when.
    pub resumes: Option<(CertIx, Instant)>,
}

/// A participant of an interval not yet over who is uncovered on some day of
/// it from the as-of day on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    pub interval: IntervalIx,
    pub participant: ParticipantIx,
    /// Where the interval lists the participant.
    pub listed_at: Loc,
    /// Every environment and purpose it lacks, earliest first (then by
    /// environment and purpose); never empty.
    pub gaps: Vec<Gap>,
}

impl Uncovered {
    /// The gap that comes first: the one to fix first.
    pub fn first(&self) -> &Gap {
        &self.gaps[0]
    }
}

/// Certificates by holder, environment and purpose.
pub type Holdings = HashMap<(ParticipantIx, EnvIx, Purpose), Vec<CertIx>>;

/// Every certificate, grouped by holder, environment and purpose.
pub fn holdings(m: &Model<'_>) -> Holdings {
    let mut held: Holdings = HashMap::new();
    for (i, r, f) in m.certificates() {
        // A certificate whose purpose could not be read covers nothing.
        let purpose = r.purpose.as_ref().map(|p| p.value);
        if let (Some(p), Some(e), Some(purpose)) = (f.participant, f.env, purpose) {
            held.entry((p, e, purpose)).or_default().push(i);
        }
    }
    held
}

/// What participant `p` lacks of `needed` (environment and purpose pairs)
/// at some moment of `window`: the first gap of each, earliest first. The
/// predicate of EP303, shared with `envplan slots`.
pub fn gaps(
    m: &Model<'_>,
    held: &Holdings,
    p: ParticipantIx,
    needed: &[(EnvIx, Purpose)],
    window: TimeRange,
) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for &(e, purpose) in needed {
        let certs = held.get(&(p, e, purpose)).map(Vec::as_slice).unwrap_or(&[]);
        // A certificate whose dates could not be read (EP006) makes the
        // answer unknown; that finding is the one to fix first.
        if certs.iter().any(|&c| !m.certificates[c].dates_ok) {
            continue;
        }
        if let Some((at, lapsed)) = first_gap(m, certs, window) {
            gaps.push(Gap {
                at,
                env: e,
                purpose,
                lapsed,
                holds_any: !certs.is_empty(),
                resumes: next_start(m, certs, at).filter(|r| r.1 < window.end),
            });
        }
    }
    gaps.sort_by_key(|g| (g.at, g.env, g.purpose));
    gaps
}

/// Every participant of every live interval who lacks, for some moment from
/// the start of the as-of day on, a certificate the interval's environments
/// need (§10.2.3), in registry order (interval, then participant as listed).
/// A participant listed twice is one participant.
pub fn uncovered(m: &Model<'_>, as_of_start: Instant) -> Vec<Uncovered> {
    let reg = m.reg;
    let held = holdings(m);
    let mut out = Vec::new();
    for (i, iv) in reg.intervals.indexed() {
        let Some(window) = live_window(m, i, as_of_start) else {
            continue;
        };
        let mut seen = Vec::new();
        for p_text in &iv.participants {
            let Some(p) = m.find::<Participant>(p_text.as_str()) else {
                continue;
            };
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            let needed = needs(m, i, p);
            let gaps = gaps(m, &held, p, &needed, window);
            if gaps.is_empty() {
                continue;
            }
            out.push(Uncovered {
                interval: i,
                participant: p,
                listed_at: p_text.loc,
                gaps,
            });
        }
    }
    out
}
