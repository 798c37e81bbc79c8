//! The registry interpreted: every date parsed in the programme's timezone,
//! every reference resolved to an index. Building it reports EP005 (dangling
//! references) and EP006 (invalid values); every later rule and command works
//! on these facts and simply skips what is `None`, so one bad value is
//! reported once, not once per rule that would have used it.

mod build;
mod index;
mod requirements;
mod settings;

use chrono::NaiveDate;
use smol_str::SmolStr;

use crate::registry::document::Kind;
use crate::registry::records::{Officer, Purpose, ReadinessStatus, Sharing, Status, Step};
use crate::registry::Registry;
use crate::time::{Instant, TimeRange, When};

pub use build::build;
pub use index::IdIndex;
pub use settings::Settings;

/// Index of a record within its kind's list in the registry.
pub type Idx = usize;

#[derive(Debug)]
pub struct Model<'r> {
    pub reg: &'r Registry,
    pub settings: Settings,
    index: IdIndex<'r>,
    pub environments: Vec<EnvFacts>,
    pub participants: Vec<ParticipantFacts>,
    pub intervals: Vec<IntervalFacts>,
    pub certificates: Vec<CertFacts>,
    pub availabilities: Vec<AvailabilityFacts>,
    pub outages: Vec<OutageFacts>,
    pub milestones: Vec<MilestoneFacts>,
    /// Each participant's cohort per environment: `(participant, environment)`
    /// -> the earliest-starting not-cancelled interval of the proving stage
    /// there that lists it. Sorted, for a binary search.
    cohorts: Vec<((Idx, Idx), Idx)>,
}

impl<'r> Model<'r> {
    /// The record of `kind` with this id.
    pub fn find(&self, kind: Kind, id: &str) -> Option<Idx> {
        self.index.get(kind, id)
    }
}

#[derive(Debug, Clone, Default)]
pub struct EnvFacts {
    pub owner: Option<Idx>,
    pub sharing: Sharing,
    /// Days the programme needs it, both included.
    pub required: Option<(NaiveDate, NaiveDate)>,
    pub sandbox_end: Option<NaiveDate>,
    /// The environments it connects to, each for some stages or all.
    pub connects_to: Vec<Link>,
    pub staging: Option<Idx>,
    /// The certificate purposes it requires, each of some roles or of everyone.
    pub certificates: Vec<PurposeNeed>,
    /// The connectivity steps it requires, with their limits.
    pub connectivity: Vec<StepLimit>,
    /// Its Availability record, if any.
    pub availability: Option<Idx>,
    /// The environments it is made of, as written (an entry that would close
    /// a circle is left out: it is reported as EP006).
    pub components: Vec<Idx>,
    /// Every environment it is made of, at any depth, each once, nearest first.
    pub all_components: Vec<Idx>,
    /// Role codes of the participants that may take part; `None`: any.
    pub roles: Option<Box<[SmolStr]>>,
    pub readiness: Option<ReadinessFacts>,
}

impl EnvFacts {
    /// Whether it connects to `env` for an interval of `stage`: `None` when
    /// it does not connect to `env` at all, `Some(false)` when only for other stages.
    pub fn connection(&self, env: Idx, stage: &str) -> Option<bool> {
        let mut found = None;
        for link in self.connects_to.iter().filter(|l| l.env == env) {
            if link.serves(stage) {
                return Some(true);
            }
            found = Some(false);
        }
        found
    }
}

/// A `connects_to` entry resolved.
#[derive(Debug, Clone, Default)]
pub struct Link {
    pub env: Idx,
    /// The stages it is limited to; empty: every stage.
    pub stages: Box<[SmolStr]>,
}

impl Link {
    pub fn serves(&self, stage: &str) -> bool {
        self.stages.is_empty() || self.stages.iter().any(|s| s == stage)
    }
}

/// A `certificates` entry resolved.
#[derive(Debug, Clone)]
pub struct PurposeNeed {
    pub purpose: Purpose,
    /// Required only of participants holding one of these roles; empty: of everyone.
    pub roles: Box<[SmolStr]>,
}

/// A `connectivity` entry resolved.
#[derive(Debug, Clone)]
pub struct StepLimit {
    pub step: Step,
    /// Required only of participants holding one of these roles; empty: whatever their roles.
    pub roles: Box<[SmolStr]>,
    /// Required only of participants whose cohort starts on or after this
    /// interval starts (no cohort: required).
    pub from_interval: Option<Idx>,
}

/// An environment's own readiness.
#[derive(Debug, Clone, Copy)]
pub struct ReadinessFacts {
    pub status: ReadinessStatus,
    pub ready_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantFacts {
    pub dcp: Option<Idx>,
    pub connects_to_dip: bool,
    /// Per environment: the dates each proving step was completed.
    pub connectivity: Vec<(Idx, StepDates)>,
    /// Milestones it records having met (those without `requires`), with the day.
    pub milestones: Vec<(Idx, NaiveDate)>,
}

impl ParticipantFacts {
    pub fn steps_on(&self, env: Idx) -> Option<&StepDates> {
        self.connectivity
            .iter()
            .find(|(e, _)| *e == env)
            .map(|(_, s)| s)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepDates {
    pub internal: Option<NaiveDate>,
    pub certificates: Option<NaiveDate>,
    pub webhooks: Option<NaiveDate>,
    pub message: Option<NaiveDate>,
}

impl StepDates {
    pub fn get(&self, step: crate::registry::records::Step) -> Option<NaiveDate> {
        use crate::registry::records::Step;
        match step {
            Step::Internal => self.internal,
            Step::Certificates => self.certificates,
            Step::Webhooks => self.webhooks,
            Step::Message => self.message,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct IntervalFacts {
    pub env: Option<Idx>,
    /// Resolved `uses`, in the order written. Boxed slices, not vectors:
    /// there is one of each for every interval, and they never grow.
    pub uses: Box<[Idx]>,
    pub participants: Box<[Idx]>,
    pub start: Option<When>,
    pub end: Option<When>,
    /// `None` when either end is invalid or the end is before the start.
    pub range: Option<TimeRange>,
    pub status: Status,
}

impl IntervalFacts {
    pub fn is_cancelled(&self) -> bool {
        self.status == Status::Cancelled
    }
}

#[derive(Debug, Clone, Default)]
pub struct CertFacts {
    pub participant: Option<Idx>,
    pub env: Option<Idx>,
    pub issued: Option<When>,
    /// Valid from here; `None` with a valid record means from the beginning.
    pub valid_from: Option<Instant>,
    pub expires: Option<When>,
    /// The first instant it is no longer valid.
    pub valid_until: Option<Instant>,
    /// The last civil day on which it is valid at all.
    pub last_day: Option<NaiveDate>,
    pub revoked: Option<Instant>,
    pub replaces: Option<Idx>,
    /// False when any of its dates could not be read.
    pub dates_ok: bool,
}

#[derive(Debug, Clone, Default)]
pub struct AvailabilityFacts {
    pub env: Option<Idx>,
    pub service: Option<Weekly>,
    pub support: Option<Weekly>,
    pub observes_holidays: bool,
}

/// Weekly hours: which weekdays (Monday = 0) and the daily window in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekly {
    pub days: [bool; 7],
    pub from_minute: u32,
    pub to_minute: u32,
}

impl Weekly {
    pub const ALWAYS: Weekly = Weekly {
        days: [true; 7],
        from_minute: 0,
        to_minute: 24 * 60,
    };
}

/// A Milestone resolved. `due` is `None` when it could not be read (EP005,
/// EP006), and so is `who` when any of its `applies_to` could not: a
/// milestone whose subject is unknown is not judged at all.
#[derive(Debug, Clone, Default)]
pub struct MilestoneFacts {
    pub due: Option<DueFacts>,
    pub who: Option<AppliesToFacts>,
    /// What meeting it means; `None` when it could not be read.
    pub requires: Option<RequiresFacts>,
}

#[derive(Debug, Clone)]
pub enum DueFacts {
    /// One day for everyone (a date, or the day before an interval starts).
    Day(NaiveDate),
    /// Each participant's own day: before its earliest not-cancelled interval
    /// of `stage` (occupying `env`, when given) starts.
    BeforeFirst { stage: SmolStr, env: Option<Idx> },
}

#[derive(Debug, Clone, Default)]
pub struct AppliesToFacts {
    pub roles: Box<[SmolStr]>,
    /// `None`: any participant.
    pub participants: Option<Box<[Idx]>>,
    pub env: Option<Idx>,
    pub stage: Option<SmolStr>,
}

#[derive(Debug, Clone)]
pub enum RequiresFacts {
    /// Recorded under the participant's `milestones`.
    Recorded,
    Certificate {
        env: Idx,
        purpose: Purpose,
    },
    /// `steps: None`: every step the environment requires of the participant.
    Connectivity {
        env: Idx,
        steps: Option<Vec<Step>>,
    },
    Officers(Vec<Officer>),
}

#[derive(Debug, Clone, Default)]
pub struct OutageFacts {
    pub env: Option<Idx>,
    pub start: Option<Instant>,
    /// `None` while ongoing (or when the end could not be read; see `end_ok`).
    pub end: Option<Instant>,
    pub end_ok: bool,
    pub notified: Option<Instant>,
}
