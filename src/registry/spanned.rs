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

/// A place in a source file: 1-based line and column (in characters) and the
/// length of the value in characters, for underlining.
///
/// Every value of the registry carries one, so it is kept to eight bytes: the
/// column and the length share a word (a column past four million characters,
/// or an underline longer than 1023, is held at that limit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub line: u32,
    /// Column in the high 22 bits, underline width in the low 10.
    column_len: u32,
}

const LEN_BITS: u32 = 10;
const MAX_LEN: u32 = (1 << LEN_BITS) - 1;
const MAX_COLUMN: u32 = (1 << (32 - LEN_BITS)) - 1;

impl Loc {
    pub const fn new(line: u32, column: u32, len: u32) -> Self {
        let column = if column > MAX_COLUMN {
            MAX_COLUMN
        } else {
            column
        };
        let len = if len > MAX_LEN { MAX_LEN } else { len };
        Self {
            line,
            column_len: (column << LEN_BITS) | len,
        }
    }

    pub const fn column(&self) -> u32 {
        self.column_len >> LEN_BITS
    }

    pub const fn width(&self) -> u32 {
        self.column_len & MAX_LEN
    }

    /// True when the parser could not say where the value came from.
    pub fn is_unknown(&self) -> bool {
        self.line == 0
    }

    pub(crate) fn from_saphyr(location: serde_saphyr::Location) -> Self {
        let len = u32::try_from(location.span().len()).unwrap_or(u32::MAX);
        Self::new(location.line() as u32, location.column() as u32, len)
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column())
    }
}

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
            loc: Loc::from_saphyr(inner.referenced),
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
