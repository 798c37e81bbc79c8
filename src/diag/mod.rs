//! Findings, their codes and severities, and the sink rules report into.

pub mod catalogue;
pub mod codes;
pub mod finding;
pub mod sink;
pub mod suggest;

pub use codes::{Code, Family, RuleSetting, Severity};
pub use finding::{FileId, Finding, Place, Related, Suppressed};
pub use sink::Sink;
pub use suggest::{closest, did_you_mean, did_you_mean_list};
