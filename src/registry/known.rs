//! Unknown keys left out at every depth of a record, each one noted.
//!
//! The derived record types keep `deny_unknown_fields`, so that the JSON
//! Schemas forbid other keys; but serde then stops at the first unknown key,
//! and the record it is in is lost: a misspelt key in a milestone's
//! `applies_to` or an availability's `service` would hide the record and
//! every other problem in it. The format says a bad value is one finding at
//! that value and the rest of the record still counts (§1).
//!
//! So a record is read through [`Filtered`], a deserializer adapter in the
//! manner of `serde_ignored`: wherever a derived type asks for a struct, the
//! keys it does not have are noted (EP003, with the names it takes for a
//! "did you mean") and skipped before it sees them, and every value inside
//! is read through the same adapter. Struct names and fields are passed on
//! unchanged, so serde-saphyr's spans (`Spanned`) keep working.
//!
//! The value of a `Spanned` is read through [`Direct`] instead, which also
//! reads whatever is written where text belongs (a list, a mapping,
//! nothing) rather than letting the parser refuse it and the record with it.

use std::fmt;

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::lenient::{self, Problem};
use super::spanned::Text;

/// A deserializer whose structs at every depth skip (and note) the keys
/// they do not have.
pub struct Filtered<D>(pub D);

/// A seed whose value is read through [`Filtered`].
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Filtered(d))
    }
}

/// A visitor that hands maps and sequences on with their values filtered;
/// `fields` is set when a struct was asked for.
struct Visit<V> {
    inner: V,
    fields: Option<&'static [&'static str]>,
}

impl<V> Visit<V> {
    fn any(inner: V) -> Self {
        Visit {
            inner,
            fields: None,
        }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(Visit::any(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Filtered<D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Visit::any(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if name == SPANNED {
            return self.0.deserialize_newtype_struct(name, Spanned(visitor));
        }
        self.0.deserialize_newtype_struct(name, Visit::any(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Visit::any(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_tuple_struct(name, len, Visit::any(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visit = Visit {
            inner: visitor,
            fields: Some(fields),
        };
        self.0.deserialize_struct(name, fields, visit)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Visit::any(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The newtype name by which serde-saphyr's `Spanned` asks for a value with
/// its place. The parser answers with a small mapping of its own (the value,
/// and where it was referenced and defined); only the value is registry
/// text, and only it is read filtered.
const SPANNED: &str = "__yaml_spanned";

/// The visitor of a `Spanned` newtype: what the parser hands it is read on
/// through [`SpannedMap`].
struct Spanned<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Spanned<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(SpannedValue(d))
    }
}

/// The parser's deserializer for a spanned value: a mapping is its own
/// (value and places), anything else is the plain value.
struct SpannedValue<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SpannedValue<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(SpannedParts(visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Hands the parser's mapping on as [`SpannedMap`]; plain values unchanged.
struct SpannedParts<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for SpannedParts<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(SpannedMap {
            map,
            at_value: false,
        })
    }

    forward_visit_to!(0;
        visit_bool: bool,
        visit_i64: i64,
        visit_i128: i128,
        visit_u64: u64,
        visit_u128: u128,
        visit_f64: f64,
        visit_str: &str,
        visit_borrowed_str: &'de str,
        visit_string: String,
        visit_bytes: &[u8],
        visit_borrowed_bytes: &'de [u8],
        visit_byte_buf: Vec<u8>,
    );

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Filtered(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Seq(seq))
    }
}

/// The parser's mapping for a spanned value: its `value` read filtered,
/// its places as they are.
struct SpannedMap<A> {
    map: A,
    /// Whether the key just read is `value`.
    at_value: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SpannedMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some((key, at_value)) = self.map.next_key_seed(SpannedKey(seed))? else {
            return Ok(None);
        };
        self.at_value = at_value;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if self.at_value {
            self.map.next_value_seed(DirectSeed(seed))
        } else {
            self.map.next_value_seed(seed)
        }
    }
}

/// A key of a spanned value's mapping, handed to `K` as it is, and whether
/// it is `value`: looked at where it is, since every value of a record has
/// such a mapping and copying each key would cost one allocation apiece.
struct SpannedKey<K>(K);

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for SpannedKey<K> {
    type Value = (K::Value, bool);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for SpannedKey<K> {
    type Value = (K::Value, bool);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the name of a part of a spanned value")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        let value = self
            .0
            .deserialize(serde::de::IntoDeserializer::<E>::into_deserializer(key))?;
        Ok((value, key == "value"))
    }
}

/// A seed whose value, the value of a [`Spanned`](super::spanned::Spanned),
/// is read through [`Direct`].
struct DirectSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for DirectSeed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Direct(d))
    }
}

/// The deserializer of a value that has a place of its own (inside a
/// `Spanned`): as [`Filtered`], except where text is asked for. There
/// serde-saphyr would refuse a list or a mapping, and the whole record with
/// it, before anything could skip the value; so the value is read as any
/// value, a list or a mapping is skipped and read as [`lenient::INVALID`],
/// and the `Spanned` notes it at its place (see [`lenient::TextRead`]). Only
/// here: where a value has no place of its own, nothing could say where the
/// problem is, so text is asked for as before.
struct Direct<D>(D);

macro_rules! forward_filtered {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                Filtered(self.0).$method(visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Direct<D> {
    type Error = D::Error;

    forward_filtered!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if lenient::text_as_any() {
            self.0.deserialize_any(TextVisit(visitor))
        } else {
            Filtered(self.0).deserialize_str(visitor)
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if lenient::text_as_any() {
            self.0.deserialize_any(TextVisit(visitor))
        } else {
            Filtered(self.0).deserialize_string(visitor)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        Filtered(self.0).deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        Filtered(self.0).deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        Filtered(self.0).deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        Filtered(self.0).deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        Filtered(self.0).deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        Filtered(self.0).deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Any value where text belongs: text as the parser gives it; a number or
/// boolean as text for now (the `Spanned` it is in puts back the text as
/// written); anything else skipped, and [`lenient::INVALID`] in its place.
struct TextVisit<V>(V);

impl<V> TextVisit<V> {
    fn stand_in<'de, E: serde::de::Error>(self, read: lenient::TextRead) -> Result<V::Value, E>
    where
        V: Visitor<'de>,
    {
        lenient::set_text_read(read);
        self.0.visit_str(lenient::INVALID)
    }

    fn scalar<'de, E: serde::de::Error>(self, text: String) -> Result<V::Value, E>
    where
        V: Visitor<'de>,
    {
        lenient::set_text_read(lenient::TextRead::Scalar);
        self.0.visit_string(text)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for TextVisit<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visit_to!(0;
        visit_str: &str,
        visit_borrowed_str: &'de str,
        visit_string: String,
        visit_bytes: &[u8],
        visit_borrowed_bytes: &'de [u8],
        visit_byte_buf: Vec<u8>,
    );

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.scalar(v.to_string())
    }

    fn visit_char<E: serde::de::Error>(self, v: char) -> Result<V::Value, E> {
        self.0.visit_string(v.to_string())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.stand_in(lenient::TextRead::Empty)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.stand_in(lenient::TextRead::Empty)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<V::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.stand_in(lenient::TextRead::List)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.stand_in(lenient::TextRead::Map)
    }
}

macro_rules! forward_visit_to {
    ($field:tt; $($method:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<E: serde::de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.$field.$method(v)
            }
        )*
    };
}
use forward_visit_to;

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit_to!(inner;
        visit_bool: bool,
        visit_i8: i8,
        visit_i16: i16,
        visit_i32: i32,
        visit_i64: i64,
        visit_i128: i128,
        visit_u8: u8,
        visit_u16: u16,
        visit_u32: u32,
        visit_u64: u64,
        visit_u128: u128,
        visit_f32: f32,
        visit_f64: f64,
        visit_char: char,
        visit_str: &str,
        visit_borrowed_str: &'de str,
        visit_string: String,
        visit_bytes: &[u8],
        visit_borrowed_bytes: &'de [u8],
        visit_byte_buf: Vec<u8>,
    );

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Filtered(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Filtered(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(Seq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(Fields {
            map,
            fields: self.fields,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        // Variants of the registry's enums are words, not structs.
        self.inner.visit_enum(data)
    }
}

struct Seq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// A mapping whose keys outside `fields` (when it is a struct) are noted
/// and skipped, and whose values are read filtered.
pub struct Fields<A> {
    pub map: A,
    pub fields: Option<&'static [&'static str]>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(fields) = self.fields else {
            return self.map.next_key_seed(seed);
        };
        while let Some(key) = self.map.next_key::<Text>()? {
            if fields.contains(&key.as_str()) {
                let name: &str = key.as_str();
                return seed
                    .deserialize(serde::de::IntoDeserializer::into_deserializer(name))
                    .map(Some);
            }
            lenient::note(
                key.loc,
                Problem::UnknownField {
                    field: key.value.to_string(),
                    expected: fields,
                },
            );
            self.map.next_value::<IgnoredAny>()?;
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}
