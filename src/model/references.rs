//! The registry-wide reference graph: every reference any record holds to
//! another, by id, with where it is written. `envplan show` lists what
//! refers to a record from it; any command that needs "who points here"
//! asks here rather than walking the kinds itself. The references of each
//! kind are described once, in `registry::describe`.

use crate::position::{FileId, Loc};
use crate::registry::describe::Describe;
use crate::registry::document::Kind;
use crate::registry::kinds::each_kind;
use crate::registry::{RecordKind, Registry};

use super::Model;

/// A reference from one record to another, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'r> {
    pub from_kind: Kind,
    pub from_id: &'r str,
    /// The field that holds the reference, as written (`environment`, `uses`...).
    pub field: &'static str,
    pub to_kind: Kind,
    pub to_id: &'r str,
    pub file: FileId,
    pub loc: Loc,
}

/// Every reference in the registry, by kind (in `Kind::ALL` order), then
/// record, then as written.
#[derive(Debug, Clone, Default)]
pub struct References<'r> {
    pub all: Vec<Reference<'r>>,
}

impl<'r> References<'r> {
    pub fn of(reg: &'r Registry) -> Self {
        let mut all = Vec::new();
        each_kind!(T => {
            for rec in reg.records::<T>() {
                let from_id = rec.value.id().as_str();
                for held in rec.value.references() {
                    all.push(Reference {
                        from_kind: T::KIND,
                        from_id,
                        field: held.field,
                        to_kind: held.to,
                        to_id: held.id.as_str(),
                        file: rec.file,
                        loc: held.id.loc,
                    });
                }
            }
        });
        References { all }
    }

    /// The references to the record of `kind` with this id, in registry order.
    pub fn to<'a>(
        &'a self,
        kind: Kind,
        id: &'a str,
    ) -> impl Iterator<Item = &'a Reference<'r>> + 'a {
        self.all
            .iter()
            .filter(move |r| r.to_kind == kind && r.to_id == id)
    }
}

impl<'r> Model<'r> {
    /// Every reference in the registry (see [`References`]).
    pub fn references(&self) -> References<'r> {
        References::of(self.reg)
    }
}
