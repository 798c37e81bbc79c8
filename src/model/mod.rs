//! The registry interpreted: every date parsed in the programme's timezone,
//! every reference resolved to an index. Building it reports EP005 (dangling
//! references) and EP006 (invalid values); every later rule and command works
//! on these facts and simply skips what is `None`, so one bad value is
//! reported once, not once per rule that would have used it.

mod build;
mod index;
pub mod references;
mod requirements;
mod settings;

use chrono::NaiveDate;
use smol_str::SmolStr;

use crate::registry::document::Kind;
use crate::registry::records::{
    Availability, Certificate, Environment, Interval, Milestone, Officer, Outage, Participant,
    Purpose, ReadinessStatus, Sharing, Status, Step,
};
use crate::registry::{Rec, RecordKind, Registry};
use crate::table::{Ix, Table};
use crate::time::{Instant, TimeRange, When};

pub use build::build;
pub use index::IdIndex;
pub use references::{Reference, References};
pub use settings::Settings;

pub use crate::registry::{
    AvailabilityIx, CertIx, EnvIx, IntervalIx, MilestoneIx, OutageIx, ParticipantIx,
};

#[derive(Debug)]
pub struct Model<'r> {
    pub reg: &'r Registry,
    pub settings: Settings,
    index: IdIndex<'r>,
    // Each kind's facts, one per record of the registry's list of that kind,
    // in the same order: `model.environments[e]` and `reg.environments[e]`
    // are the same environment's facts and record.
    pub environments: Table<Environment, EnvFacts>,
    pub participants: Table<Participant, ParticipantFacts>,
    pub intervals: Table<Interval, IntervalFacts>,
    pub certificates: Table<Certificate, CertFacts>,
    pub availabilities: Table<Availability, AvailabilityFacts>,
    pub outages: Table<Outage, OutageFacts>,
    pub milestones: Table<Milestone, MilestoneFacts>,
    /// Each participant's cohort per environment: `(participant, environment)`
    /// -> the earliest-starting not-cancelled interval of the proving stage
    /// there that lists it. Sorted, for a binary search.
    cohorts: Vec<((ParticipantIx, EnvIx), IntervalIx)>,
}

/// A record's index, its record as written and its facts, as the joined
/// iterators (`Model::environments()` and the rest) yield them.
/// The record borrows from the registry (`'r`), the facts from the model.
pub type Joined<'r, 'm, K, F> = (Ix<K>, &'r Rec<K>, &'m F);

macro_rules! joined {
    ($($(#[$doc:meta])* $method:ident $field:ident $kind:ident $facts:ident,)*) => {
        impl<'r> Model<'r> {
            $(
                $(#[$doc])*
                pub fn $method(
                    &self,
                ) -> impl DoubleEndedIterator<Item = Joined<'r, '_, $kind, $facts>> + ExactSizeIterator + Clone + '_ {
                    let reg: &'r Registry = self.reg;
                    reg

                        .$field
                        .indexed()
                        .zip(self.$field.iter())
                        .map(|((ix, rec), facts)| (ix, rec, facts))
                }
            )*
        }
    };
}

joined! {
    /// Every environment: index, record, facts.
    environments environments Environment EnvFacts,
    /// Every participant: index, record, facts.
    participants participants Participant ParticipantFacts,
    /// Every interval: index, record, facts.
    intervals intervals Interval IntervalFacts,
    /// Every certificate: index, record, facts.
    certificates certificates Certificate CertFacts,
    /// Every Availability record: index, record, facts.
    availabilities availabilities Availability AvailabilityFacts,
    /// Every outage: index, record, facts.
    outages outages Outage OutageFacts,
    /// Every milestone: index, record, facts.
    milestones milestones Milestone MilestoneFacts,
}

impl<'r> Model<'r> {
    /// The record of kind `T` with this id.
    pub fn find<T: RecordKind>(&self, id: &str) -> Option<Ix<T>> {
        self.index.get(T::KIND, id).map(Ix::from_raw)
    }

    /// The position of the record of `kind` with this id, for code that
    /// handles every kind alike (`show`).
    pub fn find_raw(&self, kind: Kind, id: &str) -> Option<u32> {
        self.index.get(kind, id)
    }

    /// The id of the record at `ix`.
    pub fn id<T: RecordKind>(&self, ix: Ix<T>) -> &'r str {
        T::records(self.reg)[ix].id().as_str()
    }

    /// Every id of `kind`, in id order.
    pub fn ids_sorted(&self, kind: Kind) -> impl Iterator<Item = &'r str> + '_ {
        self.index.ids(kind)
    }
}

#[derive(Debug, Clone, Default)]
pub struct EnvFacts {
    pub owner: Option<ParticipantIx>,
    pub sharing: Sharing,
    /// Days the programme needs it, both included.
    pub required: Option<(NaiveDate, NaiveDate)>,
    pub sandbox_end: Option<NaiveDate>,
    /// The environments it connects to, each for some stages or all.
    pub connects_to: Vec<Link>,
    pub staging: Option<EnvIx>,
    /// The certificate purposes it requires, each of some roles or of everyone.
    pub certificates: Vec<PurposeNeed>,
    /// The connectivity steps it requires, with their limits.
    pub connectivity: Vec<StepLimit>,
    /// Its Availability record, if any.
    pub availability: Option<AvailabilityIx>,
    /// The environments it is made of, as written (an entry that would close
    /// a circle is left out: it is reported as EP006).
    pub components: Vec<EnvIx>,
    /// Every environment it is made of, at any depth, each once, nearest first.
    pub all_components: Vec<EnvIx>,
    /// Role codes of the participants that may take part; `None`: any.
    pub roles: Option<Box<[SmolStr]>>,
    pub readiness: Option<ReadinessFacts>,
}

impl EnvFacts {
    /// Whether it connects to `env` for an interval of `stage`: `None` when
    /// it does not connect to `env` at all, `Some(false)` when only for other stages.
    pub fn connection(&self, env: EnvIx, stage: &str) -> Option<bool> {
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
    pub env: EnvIx,
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
    pub from_interval: Option<IntervalIx>,
}

/// An environment's own readiness.
#[derive(Debug, Clone, Copy)]
pub struct ReadinessFacts {
    pub status: ReadinessStatus,
    pub ready_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantFacts {
    pub dcp: Option<ParticipantIx>,
    pub connects_to_dip: bool,
    /// Per environment: the dates each proving step was completed.
    pub connectivity: Vec<(EnvIx, StepDates)>,
    /// Its `connectivity` could not be read as a whole (EP003): no step is
    /// known not to be done anywhere.
    pub connectivity_unreadable: bool,
    /// Milestones it records having met (those without `requires`), with the day.
    pub milestones: Vec<(MilestoneIx, NaiveDate)>,
}

impl ParticipantFacts {
    pub fn steps_on(&self, env: EnvIx) -> Option<&StepDates> {
        /// What is known of a participant whose `connectivity` could not be read.
        const UNREADABLE: StepDates = StepDates {
            internal: None,
            certificates: None,
            webhooks: None,
            message: None,
            unreadable: true,
        };
        self.connectivity
            .iter()
            .find(|(e, _)| *e == env)
            .map(|(_, s)| s)
            .or(self.connectivity_unreadable.then_some(&UNREADABLE))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepDates {
    pub internal: Option<NaiveDate>,
    pub certificates: Option<NaiveDate>,
    pub webhooks: Option<NaiveDate>,
    pub message: Option<NaiveDate>,
    /// Some date, or the whole entry, could not be read (EP003): no step
    /// is then known not to be done.
    pub unreadable: bool,
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
    pub env: Option<EnvIx>,
    /// Resolved `uses`, in the order written. Boxed slices, not vectors:
    /// there is one of each for every interval, and they never grow.
    pub uses: Box<[EnvIx]>,
    pub participants: Box<[ParticipantIx]>,
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
    pub participant: Option<ParticipantIx>,
    pub env: Option<EnvIx>,
    pub issued: Option<When>,
    /// Valid from here; `None` with a valid record means from the beginning.
    pub valid_from: Option<Instant>,
    pub expires: Option<When>,
    /// The first instant it is no longer valid.
    pub valid_until: Option<Instant>,
    /// The last civil day on which it is valid at all.
    pub last_day: Option<NaiveDate>,
    pub revoked: Option<Instant>,
    pub replaces: Option<CertIx>,
    /// False when any of its dates could not be read.
    pub dates_ok: bool,
}

#[derive(Debug, Clone, Default)]
pub struct AvailabilityFacts {
    pub env: Option<EnvIx>,
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
    BeforeFirst { stage: SmolStr, env: Option<EnvIx> },
}

#[derive(Debug, Clone, Default)]
pub struct AppliesToFacts {
    pub roles: Box<[SmolStr]>,
    /// `None`: any participant.
    pub participants: Option<Box<[ParticipantIx]>>,
    pub env: Option<EnvIx>,
    pub stage: Option<SmolStr>,
}

#[derive(Debug, Clone)]
pub enum RequiresFacts {
    /// Recorded under the participant's `milestones`.
    Recorded,
    Certificate {
        env: EnvIx,
        purpose: Purpose,
    },
    /// `steps: None`: every step the environment requires of the participant.
    Connectivity {
        env: EnvIx,
        steps: Option<Vec<Step>>,
    },
    Officers(Vec<Officer>),
}

#[derive(Debug, Clone, Default)]
pub struct OutageFacts {
    pub env: Option<EnvIx>,
    pub start: Option<Instant>,
    /// `None` while ongoing (or when the end could not be read; see `end_ok`).
    pub end: Option<Instant>,
    pub end_ok: bool,
    pub notified: Option<Instant>,
}
