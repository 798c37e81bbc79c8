//! Service and support hours: the string `24x7`, or days and a daily window.
//!
//! Read by hand (`lenient::hours`) rather than as an untagged enum: serde
//! buffers untagged content and loses the source positions of everything
//! inside it, and one bad part would take the whole Availability with it.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use super::lenient::INVALID;
use super::schema_types::TimeOfDayText;
use super::spanned::{Spanned, Text};

/// When an environment is in service (or supported).
#[derive(Debug, Clone)]
pub enum Hours {
    /// A word such as `24x7`; anything else is reported as an invalid value.
    Named(String),
    /// Certain days, between two times of day.
    Weekly(WeeklyHours),
    /// Written, but not as a word or a mapping (already reported, EP003):
    /// the hours are unknown, and the record still counts.
    Unreadable,
}

/// Days and a daily window, as written. A part is `None` when it was left
/// out or could not be read: that was reported where it is (EP003), and the
/// parts that could be read are still checked, so a bad `to` does not hide a
/// misspelt day.
#[derive(Debug, Clone)]
pub struct WeeklyHours {
    pub days: Option<Spanned<Days>>,
    pub from: Option<Text>,
    pub to: Option<Text>,
}

// The schema of `WeeklyHours`, whose parts are optional only because a bad
// one is reported and left out: in the format all three are required. (A
// doc comment here would become the schema's description.)
#[derive(JsonSchema)]
#[schemars(rename = "WeeklyHours", deny_unknown_fields)]
#[allow(dead_code)]
struct WeeklyHoursSchema {
    days: Spanned<Days>,
    #[schemars(with = "TimeOfDayText")]
    from: Text,
    #[schemars(with = "TimeOfDayText")]
    to: Text,
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
            Hours::Unreadable => INVALID.to_owned(),
            Hours::Weekly(w) => {
                let days = match w.days.as_ref().map(|d| &d.value) {
                    Some(Days::Range(r)) => r.clone(),
                    Some(Days::List(list)) => {
                        list.iter().map(Text::as_str).collect::<Vec<_>>().join(", ")
                    }
                    None => INVALID.to_owned(),
                };
                let part = |t: &Option<Text>| t.as_ref().map_or(INVALID, |t| t.as_str()).to_owned();
                format!("{days} {}-{}", part(&w.from), part(&w.to))
            }
        }
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
        let weekly = generator.subschema_for::<WeeklyHoursSchema>();
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
                days: Some(Spanned::new(days, Loc::default())),
                from: Some(text("09:00")),
                to: Some(text("17:00")),
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
        let part = Hours::Weekly(WeeklyHours {
            days: None,
            from: Some(text("09:00")),
            to: None,
        });
        assert_eq!(part.as_written(), "(invalid) 09:00-(invalid)");
        assert_eq!(Hours::Unreadable.as_written(), "(invalid)");
    }
}
