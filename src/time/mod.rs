//! Time as the programme lives it: civil dates and local times in the
//! programme's timezone (with its clock changes), ranges, durations and the
//! monthly meeting rule.

pub mod duration;
pub mod ewg;
pub mod format;
pub mod range;
pub mod when;

pub use duration::Duration;
pub use ewg::EwgRule;
pub use range::TimeRange;
pub use when::{Instant, When};
