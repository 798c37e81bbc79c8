//! Where each participant stands with a milestone as of a day: the words
//! `show` uses, judged exactly as EP501 and EP502 judge (the same `subjects`
//! and `met`), so that `show` and `check` cannot disagree.

use chrono::NaiveDate;

use super::{met, subjects, ByParticipant, Subject};
use crate::model::{MilestoneIx, Model, ParticipantIx};

/// A participant's standing with one milestone as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Met on or before its due day (or, before the due day, already met).
    Met,
    /// Not met on its due day, but met by as of.
    MetLate,
    /// Due on or after as of, within `milestone_warning`, not met yet (EP502).
    DueSoon,
    /// Due later than the warning horizon, not met yet.
    Due,
    /// As of is after its due day and it is met neither then nor now (EP501).
    Overdue,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Met => "met",
            Standing::MetLate => "met late",
            Standing::DueSoon => "due soon",
            Standing::Due => "due",
            Standing::Overdue => "overdue",
        }
    }
}

/// How subject `s` of milestone `ms` stands as of `as_of`; `by` is
/// [`ByParticipant::new`].
pub fn standing(
    m: &Model<'_>,
    ms: MilestoneIx,
    s: &Subject,
    as_of: NaiveDate,
    by: &ByParticipant,
) -> Standing {
    let met_now = met(m, ms, s.participant, as_of, by);
    if as_of > s.due {
        if met(m, ms, s.participant, s.due, by) {
            Standing::Met
        } else if met_now {
            Standing::MetLate
        } else {
            Standing::Overdue
        }
    } else if met_now {
        Standing::Met
    } else if (s.due - as_of).num_days() <= m.settings.milestone_warning {
        Standing::DueSoon
    } else {
        Standing::Due
    }
}

/// Every participant milestone `ms` applies to, with its due day and standing.
pub fn standings(m: &Model<'_>, ms: MilestoneIx, as_of: NaiveDate) -> Vec<(Subject, Standing)> {
    let by = ByParticipant::new(m);
    subjects(m, ms, &by)
        .into_iter()
        .map(|s| (s, standing(m, ms, &s, as_of, &by)))
        .collect()
}

/// Every milestone that applies to participant `p`, with its due day and standing.
pub fn of_participant(
    m: &Model<'_>,
    p: ParticipantIx,
    as_of: NaiveDate,
) -> Vec<(MilestoneIx, Subject, Standing)> {
    let by = ByParticipant::new(m);
    let mut out = Vec::new();
    for ms in m.milestones.indices() {
        for s in subjects(m, ms, &by) {
            if s.participant == p {
                out.push((ms, s, standing(m, ms, &s, as_of, &by)));
            }
        }
    }
    out
}
