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

impl Hours {
    /// The hours as a person reads them back, as they are written:
    /// `24x7`, `mon-fri 09:00-17:00`, `mon, wed 09:00-12:00`. `show` and the
    /// `--since` history diff both print this, so a change reads as the
    /// record does.
    pub fn as_written(&self) -> String {
        match self {
            Hours::Named(name) => name.clone(),
            Hours::Weekly(w) => {
                let days = match &w.days.value {
                    Days::Range(r) => r.clone(),
                    Days::List(list) => {
                        list.iter().map(Text::as_str).collect::<Vec<_>>().join(", ")
                    }
                };
                format!("{days} {}-{}", w.from.value, w.to.value)
            }
        }
    }
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

#[cfg(test)]
mod as_written_tests {
    use super::*;
    use crate::position::Loc;

    fn text(s: &str) -> Text {
        Spanned::new(s.into(), Loc::default())
    }

    #[test]
    fn hours_read_back_as_written() {
        let weekly = |days| {
            Hours::Weekly(WeeklyHours {
                days: Spanned::new(days, Loc::default()),
                from: text("09:00"),
                to: text("17:00"),
            })
        };
        assert_eq!(Hours::Named("24x7".into()).as_written(), "24x7");
        assert_eq!(
            weekly(Days::Range("mon-fri".into())).as_written(),
            "mon-fri 09:00-17:00"
        );
        assert_eq!(
            weekly(Days::List(vec![text("mon"), text("wed")])).as_written(),
            "mon, wed 09:00-17:00"
        );
    }
}
