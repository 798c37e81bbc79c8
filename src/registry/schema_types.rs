//! Schema-only stand-ins for text fields with a known shape. The registry reads
//! these fields as plain text (so a bad value is a precise EP006 finding, not a
//! lost record); the JSON Schema still tells an editor what shape to expect.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

macro_rules! text_schema {
    ($name:ident, $title:literal, $pattern:literal, $description:literal) => {
        #[doc = $description]
        #[derive(Debug)]
        pub struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                $title.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $description,
                })
            }
        }
    };
}

text_schema!(
    IdText,
    "Id",
    "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
    "A record id: a letter or digit, then up to 63 letters, digits, dots, underscores or hyphens."
);
text_schema!(
    DateText,
    "Date",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "A civil day in the programme's timezone, YYYY-MM-DD."
);
text_schema!(
    DateTimeText,
    "DateOrDateTime",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$",
    "A date (YYYY-MM-DD, a whole day) or a date and time (YYYY-MM-DDTHH:MM, local to the programme unless it ends in Z or an offset)."
);
text_schema!(
    DurationText,
    "Duration",
    "^[0-9]+[dwhm]$",
    "A duration: a whole number of days (60d), weeks (8w), hours (36h) or minutes (90m)."
);
text_schema!(
    HorizonText,
    "Horizon",
    "^[0-9]+[dw]$",
    "A horizon in whole days: a number of days (14d) or weeks (2w). Hours and minutes are not allowed (3m is three minutes, not three months: write 13w or 90d)."
);
text_schema!(
    TimeOfDayText,
    "TimeOfDay",
    "^([01][0-9]|2[0-4]):[0-5][0-9]$",
    "A time of day, HH:MM (quote it in YAML)."
);
text_schema!(
    EmailText,
    "Email",
    "^[^@\\s]+@[^@\\s]+$",
    "An e-mail address."
);
text_schema!(
    MpidText,
    "Mpid",
    "^[A-Z0-9]{4}$",
    "A market participant id: four characters, A-Z and 0-9."
);
