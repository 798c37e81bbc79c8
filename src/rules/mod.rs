//! The rule families. Each family is one module with one `check` function
//! that reads the model and pushes findings into the sink; the codes each
//! family owns are listed in `crate::diag::codes`.

pub mod bookings;
pub mod certificate_files;
pub mod certificates;
pub mod clashes;
pub mod hygiene;
pub mod milestones;
pub mod outages;
pub mod participants;
pub mod suppressions;

use chrono::NaiveDate;

use crate::diag::Sink;
use crate::model::Model;
use crate::time::when::start_of_day;
use crate::time::Instant;

/// What every rule needs besides the model: the day it is evaluated on.
#[derive(Debug, Clone, Copy)]
pub struct Context<'m, 'r> {
    pub model: &'m Model<'r>,
    pub as_of: NaiveDate,
    /// The first moment of the as-of day in the programme's timezone.
    pub as_of_start: Instant,
}

impl<'m, 'r> Context<'m, 'r> {
    pub fn new(model: &'m Model<'r>, as_of: NaiveDate) -> Self {
        Self {
            model,
            as_of,
            as_of_start: start_of_day(as_of, model.settings.tz),
        }
    }
}

/// Run every rule family.
pub fn check_all(cx: &Context<'_, '_>, sink: &mut Sink) {
    participants::check(cx, sink);
    bookings::check(cx, sink);
    clashes::check(cx, sink);
    certificates::check(cx, sink);
    outages::check(cx, sink);
    milestones::check(cx, sink);
    hygiene::check(cx, sink);
}
