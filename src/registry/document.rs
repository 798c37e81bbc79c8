//! One YAML document, one record: reading the `kind` first and handing the rest
//! of the same mapping to that kind's derived type.
//!
//! serde's internally tagged enums (`#[serde(tag = "kind")]`) would buffer the
//! document and lose every source position, so the dispatch is written by hand
//! (the registry format, §6). A document that is not a record at all (no
//! `kind`, `kind` not first, an unknown kind) is returned as data, not as an
//! error, so the loader can say precisely what is wrong with it.

use std::fmt;

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{forward_to_deserialize_any, Deserialize, Deserializer};

pub use super::kinds::{Kind, Record};
use super::spanned::{Spanned, Text};

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What one YAML document turned out to be.
#[derive(Debug)]
pub(crate) enum Doc {
    Record(Record),
    /// The first key is not `kind` (`kind_later` is its value if it appears further down).
    KindNotFirst {
        first_key: Text,
        kind_later: Option<Text>,
        /// Its `id`, so that references to it are not reported as dangling.
        id: Option<String>,
    },
    /// `kind` names no known kind.
    UnknownKind {
        kind: Text,
        id: Option<String>,
    },
    /// An empty mapping.
    Empty,
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Doc;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record: a mapping whose first key is `kind`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let Some(first_key) = map.next_key::<Text>()? else {
            return Ok(Doc::Empty);
        };
        if first_key.value != "kind" {
            let mut id = None;
            if first_key.value == "id" {
                id = map.next_value::<Loose>()?.0;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            let mut kind_later = None;
            while let Some(key) = map.next_key::<Text>()? {
                if key.value == "kind" {
                    kind_later = map
                        .next_value::<Loose>()?
                        .0
                        .map(|v| Spanned::new(v.into(), key.loc));
                } else if key.value == "id" && id.is_none() {
                    id = map.next_value::<Loose>()?.0;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            return Ok(Doc::KindNotFirst {
                first_key,
                kind_later,
                id,
            });
        }
        let kind = map.next_value::<Text>()?;
        let Some(known) = Kind::from_name(&kind.value) else {
            let mut id = None;
            while let Some(key) = map.next_key::<Text>()? {
                if key.value == "id" && id.is_none() {
                    id = map.next_value::<Loose>()?.0;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            return Ok(Doc::UnknownKind { kind, id });
        };
        let rest = KnownFields(map);
        super::lenient::forget_unplaced();
        let record = Record::read(known, rest)?;
        // A required field left out is noted at the record's id (at `kind`
        // when the id is what is missing).
        let id = record.id().loc;
        super::lenient::place_missing(if id == super::lenient::MISSING_AT {
            first_key.loc
        } else {
            id
        });
        Ok(Doc::Record(record))
    }
}

/// The rest of a record's mapping, handed to its kind's derived type with
/// the keys that type does not have left out: each is noted (EP003, with a
/// "did you mean") and the record is kept, instead of the whole record being
/// lost to one misspelt key. The derived types keep `deny_unknown_fields`, so
/// the JSON Schemas still forbid other keys.
struct KnownFields<A>(A);

impl<'de, A: MapAccess<'de>> Deserializer<'de> for KnownFields<A> {
    type Error = A::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(super::known::Fields {
            map: self.0,
            fields: Some(fields),
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(super::known::Fields {
            map: self.0,
            fields: None,
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// What can still be learnt from a document that failed to load: its kind and
/// id (so that references to it are not reported as dangling) and where it
/// starts. Reading it never fails on a well-formed mapping.
#[derive(Debug, Default)]
pub(crate) struct Stub {
    pub first_key: Option<Text>,
    pub kind: Option<Text>,
    pub id: Option<Text>,
}

impl<'de> Deserialize<'de> for Stub {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StubVisitor;
        impl<'de> Visitor<'de> for StubVisitor {
            type Value = Stub;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record: a mapping whose first key is `kind`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Stub, A::Error> {
                let mut stub = Stub::default();
                while let Some(key) = map.next_key::<Spanned<Loose>>()? {
                    let name = key.value.0.clone();
                    if stub.first_key.is_none() {
                        stub.first_key = Some(Spanned::new(
                            name.clone().unwrap_or_default().into(),
                            key.loc,
                        ));
                    }
                    match name.as_deref() {
                        Some("kind") if stub.kind.is_none() => {
                            let v = map.next_value::<Spanned<Loose>>()?;
                            stub.kind = v.value.0.map(|s| Spanned::new(s.into(), v.loc));
                        }
                        Some("id") if stub.id.is_none() => {
                            let v = map.next_value::<Spanned<Loose>>()?;
                            stub.id = v.value.0.map(|s| Spanned::new(s.into(), v.loc));
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(stub)
            }
        }
        deserializer.deserialize_map(StubVisitor)
    }
}

/// Any value: its text when it is a scalar, nothing when it is a collection.
#[derive(Debug, Default)]
pub(crate) struct Loose(pub Option<String>);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LooseVisitor;
        impl<'de> Visitor<'de> for LooseVisitor {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose, E> {
                Ok(Loose(Some(v)))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose(None))
            }
            fn visit_none<E>(self) -> Result<Loose, E> {
                Ok(Loose(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
                Loose::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
        }
        deserializer.deserialize_any(LooseVisitor)
    }
}
