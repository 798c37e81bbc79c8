//! The one list of record kinds. Everything that is the same for every kind
//! is generated from it, so that adding a kind is one line here (and its
//! record type, with its `impl Describe`, in a file of its own):
//!
//! - [`Kind`] (with `ALL`, `name()` and `noun()`) and [`Record`] (a record
//!   of any kind, with `kind()` and `id()`);
//! - [`Record::read`], the dispatch from a document's `kind` to the derived
//!   type that reads the rest of it (`document.rs`);
//! - [`Lists`], each kind's records in the `Registry`, and
//!   [`Record::push_to`], which files a record into its list;
//! - the [`RecordKind`] impls, and the macros `with_kind!` (the record type
//!   for a `Kind` known only at run time) and `each_kind!` (a block run once
//!   per kind), for code that is generic over the record type.
//!
//! It is one `macro_rules!` because each of these is a `match` or a list
//! over the same names; written out, a new kind meant editing all of them in
//! four files, and the compiler caught only the `match`es.

use serde::Deserialize;

use super::records::{
    Availability, Certificate, Environment, Interval, Milestone, Outage, Participant, Programme,
};
use super::spanned::{Loc, Text};
use super::{Rec, Records, Registry};
use crate::diag::FileId;

/// What every record kind has: its `Kind`, its id and its list.
pub trait RecordKind: Sized + 'static {
    const KIND: Kind;
    fn id(&self) -> &Text;
    fn records(reg: &Registry) -> &Records<Self>;
    fn records_mut(reg: &mut Registry) -> &mut Records<Self>;
}

macro_rules! record_kinds {
    ($($ty:ident $field:ident $noun:literal),* $(,)?) => {
        /// The kinds of record, in the format's order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($ty,)*
        }

        impl Kind {
            pub const ALL: [Kind; [$(stringify!($ty)),*].len()] = [$(Kind::$ty),*];

            /// As written after `kind:` ("Interval").
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$ty => stringify!($ty),)*
                }
            }

            /// The kind's name in lower case, for messages ("interval `CIT-3`").
            pub fn noun(self) -> &'static str {
                match self {
                    $(Kind::$ty => $noun,)*
                }
            }
        }

        /// A record of any kind, as one document reads it. Boxed: records
        /// differ a lot in size.
        #[derive(Debug, Clone)]
        pub enum Record {
            $($ty(Box<$ty>),)*
        }

        impl Record {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Record::$ty(_) => Kind::$ty,)*
                }
            }

            pub fn id(&self) -> &Text {
                match self {
                    $(Record::$ty(r) => &r.id,)*
                }
            }

            /// The rest of a document whose `kind` is `kind`, read by that
            /// kind's derived type.
            pub(crate) fn read<'de, D: serde::Deserializer<'de>>(
                kind: Kind,
                rest: D,
            ) -> Result<Record, D::Error> {
                Ok(match kind {
                    $(Kind::$ty => Record::$ty(Box::new($ty::deserialize(rest)?)),)*
                })
            }

            /// File the record at the end of its kind's list.
            pub(crate) fn push_to(self, lists: &mut Lists, file: FileId, doc: Loc) {
                match self {
                    $(Record::$ty(value) => {
                        lists.$field.push(Rec { file, doc, value });
                    })*
                }
            }
        }

        /// Each kind's records, in the order read. The `Registry` derefs to
        /// it, so `reg.intervals` names a list.
        #[derive(Debug, Default, Clone)]
        pub struct Lists {
            $(pub $field: Records<$ty>,)*
        }

        $(impl RecordKind for $ty {
            const KIND: Kind = Kind::$ty;
            fn id(&self) -> &Text {
                &self.id
            }
            fn records(reg: &Registry) -> &Records<Self> {
                &reg.lists.$field
            }
            fn records_mut(reg: &mut Registry) -> &mut Records<Self> {
                &mut reg.lists.$field
            }
        })*

        /// `$body` with `$T` the record type of `kind`, for code that is
        /// generic over the record type but is handed a `Kind` at run time.
        macro_rules! with_kind {
            ($kind:expr, $T:ident => $body:expr) => {
                match $kind {
                    $($crate::registry::kinds::Kind::$ty => {
                        type $T = $crate::registry::records::$ty;
                        $body
                    })*
                }
            };
        }
    };
}

// The record type (named as its `Kind` is, and found in `records`), its list
// in the `Registry` and its name in lower case. `Kind::ALL` keeps this order.
record_kinds! {
    Programme programmes "programme",
    Environment environments "environment",
    Participant participants "participant",
    Interval intervals "interval",
    Certificate certificates "certificate",
    Availability availabilities "availability",
    Outage outages "outage",
    Milestone milestones "milestone",
}

/// `$body` once per kind, in `Kind::ALL` order, with `$T` its record type.
macro_rules! each_kind {
    ($T:ident => $body:block) => {
        for kind in $crate::registry::kinds::Kind::ALL {
            $crate::registry::kinds::with_kind!(kind, $T => $body)
        }
    };
}

pub(crate) use each_kind;
pub(crate) use with_kind;
