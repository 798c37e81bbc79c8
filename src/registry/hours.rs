//! Service and support hours: the string `24x7`, or days and a daily window.
//!
//! Written by hand rather than as an untagged enum because serde buffers
//! untagged content and loses the source positions of everything inside it.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::schema_types::TimeOfDayText;
use super::spanned::{Spanned, Text};

/// When an environment is in service (or supported).
#[derive(Debug, Clone)]
pub enum Hours {
    /// A word such as `24x7`; anything else is reported as an invalid value.
    Named(String),
    /// Certain days, between two times of day.
    Weekly(WeeklyHours),
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    pub days: Spanned<Days>,
    #[schemars(with = "TimeOfDayText")]
    pub from: Text,
    #[schemars(with = "TimeOfDayText")]
    pub to: Text,
}

/// Days of the week: a range such as `mon-fri` or a list such as `[mon, wed]`.
#[derive(Debug, Clone)]
pub enum Days {
    Range(String),
    List(Vec<Text>),
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HoursVisitor;
        impl<'de> Visitor<'de> for HoursVisitor {
            type Value = Hours;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the string 24x7 or a mapping {days, from, to}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Hours, E> {
                Ok(Hours::Named(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Hours, A::Error> {
                WeeklyHours::deserialize(MapAccessDeserializer::new(map)).map(Hours::Weekly)
            }
        }
        deserializer.deserialize_any(HoursVisitor)
    }
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DaysVisitor;
        impl<'de> Visitor<'de> for DaysVisitor {
            type Value = Days;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a range of days such as mon-fri or a list such as [mon, wed]")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Days, E> {
                Ok(Days::Range(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Days, A::Error> {
                let mut days = Vec::new();
                while let Some(day) = seq.next_element::<Text>()? {
                    days.push(day);
                }
                Ok(Days::List(days))
            }
        }
        deserializer.deserialize_any(DaysVisitor)
    }
}

const DAY_PATTERN: &str = "^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$";

impl JsonSchema for Days {
    fn schema_name() -> Cow<'static, str> {
        "Days".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Days of the week: a range such as mon-fri, or a list such as [mon, wed].",
            "oneOf": [
                {"type": "string", "pattern": DAY_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": DAY_PATTERN}}
            ]
        })
    }
}

impl JsonSchema for Hours {
    fn schema_name() -> Cow<'static, str> {
        "Hours".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let weekly = generator.subschema_for::<WeeklyHours>();
        json_schema!({
            "description": "The string 24x7, or days and a daily window.",
            "oneOf": [
                {"type": "string", "const": "24x7"},
                weekly
            ]
        })
    }
}
