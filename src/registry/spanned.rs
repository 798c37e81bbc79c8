//! Values that remember where they were written.
//!
//! Every finding points at the exact value it is about, so the registry types
//! wrap their fields in [`Spanned`]. It is our own small type rather than
//! `serde_saphyr::Spanned` so that it can also describe itself as a JSON Schema
//! (transparently, as the inner value) and stay compact in memory.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};

pub use crate::position::Loc;

/// A value and the place it was written.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Spanned<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Self { value, loc }
    }
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}@{}", self.value, self.loc)
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use super::lenient::{self, TextRead};
        // Whatever a value without a place of its own left said is not
        // about this one.
        lenient::take_text_read();
        let unplaced = lenient::unplaced();
        let touched = std::cell::Cell::new(false);
        let probe = Probe {
            inner: deserializer,
            touched: &touched,
        };
        let inner = match serde_saphyr::Spanned::<T>::deserialize(probe) {
            Ok(inner) => inner,
            Err(e) if !touched.get() => return missing(e),
            Err(e) => return Err(e),
        };
        let loc = loc_of(inner.referenced);
        // Fields left out of a mapping inside this value are noted here,
        // at the mapping that lacks them.
        lenient::place_missing_in(lenient::unplaced().saturating_sub(unplaced), loc);
        // Where text belongs, what was found instead is known only now that
        // its place is (see `known::Direct`).
        let value = match lenient::take_text_read() {
            TextRead::Text => inner.value,
            TextRead::Scalar => {
                let at = inner.defined;
                lenient::source_text(
                    at.line() as usize,
                    at.column() as usize,
                    at.span().len() as usize,
                )
                .and_then(|written| T::deserialize(StrDeserializer::<D::Error>::new(&written)).ok())
                .unwrap_or(inner.value)
            }
            read => {
                lenient::unreadable_text(loc, read);
                inner.value
            }
        };
        Ok(Spanned { value, loc })
    }
}

use serde::de::value::StrDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};

/// The deserializer of a `Spanned`, noting whether it handed its visitor
/// anything: a missing field's deserializer fails without doing so, where
/// an error from inside a value that was there comes after.
struct Probe<'a, D> {
    inner: D,
    touched: &'a std::cell::Cell<bool>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Probe<'_, D> {
    type Error = D::Error;

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_newtype_struct(
            name,
            Touch {
                inner: visitor,
                touched: self.touched,
            },
        )
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(Touch {
            inner: visitor,
            touched: self.touched,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor that notes being visited (see [`Probe`]).
struct Touch<'a, V> {
    inner: V,
    touched: &'a std::cell::Cell<bool>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Touch<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.touched.set(true);
        self.inner.visit_newtype_struct(d)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.touched.set(true);
        self.inner.visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.touched.set(true);
        self.inner.visit_seq(seq)
    }
}

/// A required text field left out: the record keeps going with
/// [`INVALID`](super::lenient::INVALID) in its place, and a note says what is
/// missing. serde asks a missing field's type for its value with a
/// deserializer that only fails, with serde's "missing field" error; that
/// error is recognised here, and only where the stand-in is text.
#[cold]
fn missing<'de, T: Deserialize<'de>, E: serde::de::Error>(error: E) -> Result<Spanned<T>, E> {
    let message = error.to_string();
    let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    else {
        return Err(error);
    };
    match T::deserialize(StrDeserializer::<E>::new(super::lenient::INVALID)) {
        Ok(value) => {
            super::lenient::missing_text(field);
            Ok(Spanned::new(value, super::lenient::MISSING_AT))
        }
        Err(_) => Err(error),
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Where serde-saphyr says a value was written.
pub(crate) fn loc_of(location: serde_saphyr::Location) -> Loc {
    let len = u32::try_from(location.span().len()).unwrap_or(u32::MAX);
    Loc::new(location.line() as u32, location.column() as u32, len)
}

/// An optional string field. Boxed because most records leave most optional
/// fields out, and an absent boxed value takes a pointer's room instead of a
/// whole `Text`'s.
pub type OptText = Option<Box<Text>>;

/// A string as written in the registry, with its place.
pub type Text = Spanned<smol_str::SmolStr>;

impl Text {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}
