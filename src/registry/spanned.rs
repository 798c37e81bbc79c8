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
        let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            value: inner.value,
            loc: loc_of(inner.referenced),
        })
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
