//! The one list of record kinds besides `Kind` itself: each kind's record
//! type, its `Kind` and its list in the `Registry`. From it come the
//! [`RecordKind`] impls and the macros `with_kind!` (the record type for a
//! `Kind` known only at run time) and `each_kind!` (a block run once per
//! kind), so that code which is the same for every kind is written once.

use super::document::Kind;
use super::records::{
    Availability, Certificate, Environment, Interval, Milestone, Outage, Participant, Programme,
};
use super::spanned::Text;
use super::{Records, Registry};

/// What every record kind has: its `Kind`, its id and its list.
pub trait RecordKind: Sized + 'static {
    const KIND: Kind;
    fn id(&self) -> &Text;
    fn records(reg: &Registry) -> &Records<Self>;
    fn records_mut(reg: &mut Registry) -> &mut Records<Self>;
}

macro_rules! record_kinds {
    ($($ty:ident $field:ident),* $(,)?) => {
        $(impl RecordKind for $ty {
            const KIND: Kind = Kind::$ty;
            fn id(&self) -> &Text {
                &self.id
            }
            fn records(reg: &Registry) -> &Records<Self> {
                &reg.$field
            }
            fn records_mut(reg: &mut Registry) -> &mut Records<Self> {
                &mut reg.$field
            }
        })*

        /// `$body` with `$T` the record type of `kind`, for code that is
        /// generic over the record type but is handed a `Kind` at run time.
        macro_rules! with_kind {
            ($kind:expr, $T:ident => $body:expr) => {
                match $kind {
                    $($crate::registry::document::Kind::$ty => {
                        type $T = $crate::registry::records::$ty;
                        $body
                    })*
                }
            };
        }
    };
}

// The record type (named as its `Kind` is) and its list in `Registry`.
record_kinds! {
    Programme programmes,
    Environment environments,
    Participant participants,
    Interval intervals,
    Certificate certificates,
    Availability availabilities,
    Outage outages,
    Milestone milestones,
}

/// `$body` once per kind, in `Kind::ALL` order, with `$T` its record type.
macro_rules! each_kind {
    ($T:ident => $body:block) => {
        for kind in $crate::registry::document::Kind::ALL {
            $crate::registry::kinds::with_kind!(kind, $T => $body)
        }
    };
}

pub(crate) use each_kind;
pub(crate) use with_kind;
