//! The registry interpreted: every date parsed in the programme's timezone,
//! every reference resolved to an index. Building it reports EP005 (dangling
//! references) and EP006 (invalid values); every later rule and command works
//! on these facts and simply skips what is `None`, so one bad value is
//! reported once, not once per rule that would have used it.

mod build;
mod index;
mod settings;

use chrono::NaiveDate;

use crate::registry::model::{Purpose, Sharing, Status};
use crate::registry::record::Kind;
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
    pub connects_to: Vec<Idx>,
    pub staging: Option<Idx>,
    pub purposes: Vec<Purpose>,
    /// Its Availability record, if any.
    pub availability: Option<Idx>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantFacts {
    pub dcp: Option<Idx>,
    pub connects_to_dip: bool,
    /// Per environment: the dates each proving step was completed.
    pub connectivity: Vec<(Idx, StepDates)>,
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
    pub fn get(&self, step: crate::registry::model::Step) -> Option<NaiveDate> {
        use crate::registry::model::Step;
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

#[derive(Debug, Clone, Default)]
pub struct OutageFacts {
    pub env: Option<Idx>,
    pub start: Option<Instant>,
    /// `None` while ongoing (or when the end could not be read; see `end_ok`).
    pub end: Option<Instant>,
    pub end_ok: bool,
    pub notified: Option<Instant>,
}
