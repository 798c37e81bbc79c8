//! Code that is the same for every record kind, written once: `with_kind!`
//! picks the record type for a `Kind` known only at run time, and
//! `each_kind!` runs a block once per kind. With the trait impls generated
//! in `registry/mod.rs`, this is the one list of kinds besides `Kind` itself.

/// `$body` with `$T` the record type of `kind`, for code that is generic over
/// the record type but is handed a `Kind` at run time.
macro_rules! with_kind {
    ($kind:expr, $T:ident => $body:expr) => {{
        use $crate::registry::document::Kind as K;
        use $crate::registry::records as r;
        match $kind {
            K::Programme => {
                type $T = r::Programme;
                $body
            }
            K::Environment => {
                type $T = r::Environment;
                $body
            }
            K::Participant => {
                type $T = r::Participant;
                $body
            }
            K::Interval => {
                type $T = r::Interval;
                $body
            }
            K::Certificate => {
                type $T = r::Certificate;
                $body
            }
            K::Availability => {
                type $T = r::Availability;
                $body
            }
            K::Outage => {
                type $T = r::Outage;
                $body
            }
            K::Milestone => {
                type $T = r::Milestone;
                $body
            }
        }
    }};
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
