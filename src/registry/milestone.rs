//! The Milestone kind (format version 2): a deadline some participants must
//! meet, such as certificates in place by a date or onboarding done before
//! qualification (§10.1, §10.3.1, §10.3.2, §11.3.1.1).
//!
//! As everywhere in `registry`, values stay text with their places; what a
//! `due` means (a date, an interval, each participant's own first interval
//! of a stage) is worked out by the model.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};

use super::describe::{Describe, Fields, Holds, Refs};
use super::entries::ShortOrLong;
use super::kinds::Kind;
use super::lenient::{self, Required};
use super::records::{Officer, Purpose, Step};
use super::schema_types::IdText;
use super::spanned::{OptText, Spanned, Text};

/// A deadline that some participants must meet.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    #[schemars(with = "IdText")]
    pub id: Text,
    pub name: Text,
    /// When it is due: a date (YYYY-MM-DD); or the id of an Interval, due the day before it starts; or {before_first: STAGE, environment: E}, due for each participant the day before its own earliest not-cancelled interval of that stage (occupying E, when given) starts. Overdue is EP501, due within `milestone_warning` is EP502.
    pub due: Required<Spanned<Due>>,
    /// Who must meet it: every condition given must hold. Absent: every participant.
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub applies_to: Option<Spanned<AppliesTo>>,
    /// What meeting it means, at most one of certificate, connectivity and officers. Absent: participants record the day they met it under their own `milestones`.
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub requires: Option<Spanned<Requires>>,
    #[serde(default)]
    pub description: OptText,
}

impl Describe for Milestone {
    fn name(&self) -> Option<&Text> {
        Some(&self.name)
    }
    fn write_fields(&self, f: &mut Fields) {
        match &self.due.value {
            Due::Day(t) => match Due::interval_id(t) {
                Some(id) => f.one(
                    "due",
                    format!("the day before interval {} starts", id.value),
                ),
                None => f.text("due", t),
            },
            Due::BeforeFirst(b) => f.one(
                "due",
                match &b.environment {
                    Some(e) => format!(
                        "before the first {} interval on {}",
                        b.before_first.value, e.value
                    ),
                    None => format!("before the first {} interval", b.before_first.value),
                },
            ),
        }
        if let Some(a) = &self.applies_to {
            f.texts("applies_to.roles", &a.roles);
            f.texts("applies_to.participants", &a.participants);
            f.opt("applies_to.environment", a.environment.as_deref());
            f.opt("applies_to.stage", a.stage.as_deref());
        }
        if let Some(req) = &self.requires {
            if let Some(c) = &req.certificate {
                f.one(
                    "requires.certificate",
                    format!(
                        "{} for {}",
                        lenient::shown(c.purpose.as_ref()),
                        c.environment.value
                    ),
                );
            }
            if let Some(c) = &req.connectivity {
                let steps = match &c.steps {
                    Some(steps) => steps
                        .iter()
                        .map(|s| s.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    None => "every required step".to_owned(),
                };
                f.one(
                    "requires.connectivity",
                    format!("{steps} on {}", c.environment.value),
                );
            }
            if let Some(o) = &req.officers {
                f.many(
                    "requires.officers",
                    o.iter().map(|o| o.value.as_str().to_owned()),
                );
            }
        }
        f.opt("description", self.description.as_deref());
    }
    fn references(&self) -> Vec<Holds<'_>> {
        let mut r = Refs::default();
        match &self.due.value {
            Due::Day(t) => r.opt("due", Kind::Interval, Due::interval_id(t)),
            Due::BeforeFirst(b) => r.opt("due", Kind::Environment, b.environment.as_deref()),
        }
        if let Some(a) = &self.applies_to {
            r.all("applies_to", Kind::Participant, &a.participants);
            r.opt("applies_to", Kind::Environment, a.environment.as_deref());
        }
        if let Some(q) = &self.requires {
            r.opt(
                "requires",
                Kind::Environment,
                q.certificate.as_ref().map(|c| &c.environment),
            );
            r.opt(
                "requires",
                Kind::Environment,
                q.connectivity.as_ref().map(|c| &c.environment),
            );
        }
        r.0
    }
}

/// When a milestone is due.
#[derive(Debug, Clone)]
pub enum Due {
    /// A date, or the id of an interval (due the day before it starts).
    Day(Text),
    /// For each participant, the day before its earliest not-cancelled
    /// interval of `before_first` (occupying `environment`, when given).
    BeforeFirst(BeforeFirst),
}

impl Due {
    /// The interval a `due` of one text names: any text that does not
    /// start like a date (`YYYY-`) is an interval id. A date that cannot
    /// be read is still a date (EP006), not a reference to nothing (EP005),
    /// and a `due` that could not be read at all (EP003) names nothing.
    pub fn interval_id(text: &Text) -> Option<&Text> {
        (!looks_like_date(text.as_str()) && text.as_str() != lenient::INVALID).then_some(text)
    }
}

/// Whether `text` is written as a date: four digits and a dash.
pub fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// `{before_first: STAGE, environment: E}`.

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BeforeFirst {
    /// A stage code: due the day before each participant's earliest not-cancelled interval of this stage starts. A participant with no such interval is not subject to the milestone.
    pub before_first: Text,
    /// Count only intervals that occupy this environment (their own environment or one they use).
    #[serde(default)]
    #[schemars(with = "Option<IdText>")]
    pub environment: OptText,
}

/// Read inside a span-aware wrapper, so that the bare form keeps its place.
/// A `due` left out or of the wrong shape is noted, and the milestone keeps
/// an unreadable day in its place: nothing is said of when it is due.
impl<'de> lenient::ReadRequired<'de> for Spanned<Due> {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Spanned::<ShortOrLong<BeforeFirst>>::deserialize(deserializer)?;
        let loc = raw.loc;
        let due = match raw.value {
            ShortOrLong::Short(s) => Due::Day(Spanned::new(s, loc)),
            ShortOrLong::Long(b) => Due::BeforeFirst(b),
            ShortOrLong::Bad(found) => {
                lenient::note_in_place_of(
                    loc,
                    lenient::Problem::Shape {
                        expected: "a date, an interval id or {before_first: STAGE}",
                        found: found.into(),
                    },
                );
                Due::Day(Spanned::new(lenient::INVALID.into(), loc))
            }
        };
        Ok(Spanned::new(due, loc))
    }
}

impl JsonSchema for Due {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Due".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let before_first = generator.subschema_for::<BeforeFirst>();
        json_schema!({
            "anyOf": [
                {"type": "string", "description": "A date (YYYY-MM-DD), or the id of an Interval: due the day before it starts."},
                before_first,
            ],
        })
    }
}

/// Who a milestone applies to: every condition given must hold.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliesTo {
    /// Role codes: a participant holding one of them.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    pub roles: Vec<Text>,
    /// Participant ids: one of these participants.
    #[serde(default, deserialize_with = "super::lenient::texts")]
    #[schemars(with = "Vec<IdText>")]
    pub participants: Vec<Text>,
    /// An environment id: a participant in a not-cancelled interval that occupies it (its own environment or one it uses), whatever its dates. With `stage`, one interval must match both.
    #[serde(default)]
    #[schemars(with = "Option<IdText>")]
    pub environment: OptText,
    /// A stage code: a participant in a not-cancelled interval of this stage, whatever its dates. With `environment`, one interval must match both.
    #[serde(default)]
    pub stage: OptText,
}

/// What meeting a milestone means: at most one key.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("maxProperties" = 1))]
pub struct Requires {
    /// A certificate of the participant for this environment and purpose, valid for the whole day.
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub certificate: Option<Spanned<RequiresCertificate>>,
    /// These connectivity-proving steps dated on this environment (steps absent: every step the environment requires of the participant).
    #[serde(default, deserialize_with = "super::lenient::mapping")]
    pub connectivity: Option<Spanned<RequiresConnectivity>>,
    /// These PKI officers recorded under the participant's `pki_officers` (they carry no date: met while present).
    #[serde(default, deserialize_with = "super::lenient::given_list")]
    pub officers: Option<Vec<Spanned<Officer>>>,
}

/// `requires.certificate`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiresCertificate {
    #[schemars(with = "IdText")]
    pub environment: Text,
    // Absent only when the value written is not a purpose (EP003): the
    // milestone still counts, and is never worked out as met.
    #[schemars(with = "Purpose")]
    pub purpose: Required<Option<Spanned<Purpose>>>,
}

/// `requires.connectivity`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiresConnectivity {
    #[schemars(with = "IdText")]
    pub environment: Text,
    /// The steps that must be dated. Absent: every step the environment requires of the participant.
    #[serde(default, deserialize_with = "super::lenient::given_list")]
    pub steps: Option<Vec<Spanned<Step>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_forms_keep_places() {
        #[derive(Deserialize)]
        struct Doc {
            a: Required<Spanned<Due>>,
            b: Required<Spanned<Due>>,
        }
        let doc: Doc = serde_saphyr::from_str(
            "a: 2023-12-15\nb: {before_first: functional, environment: SIT-A}\n",
        )
        .unwrap();
        match &doc.a.value {
            Due::Day(t) => assert_eq!(
                (t.as_str(), t.loc.line, t.loc.column()),
                ("2023-12-15", 1, 4)
            ),
            other => panic!("{other:?}"),
        }
        match &doc.b.value {
            Due::BeforeFirst(b) => {
                assert_eq!(b.before_first.as_str(), "functional");
                assert_eq!(b.before_first.loc.column(), 19);
                assert_eq!(b.environment.as_deref().unwrap().as_str(), "SIT-A");
            }
            other => panic!("{other:?}"),
        }
    }

    /// A `due` of the wrong shape, or left out, is one note each, and the
    /// milestone keeps an unreadable day.
    #[test]
    fn bad_or_missing_due_is_noted() {
        #[derive(Deserialize)]
        struct Doc {
            a: Required<Spanned<Due>>,
            b: Required<Spanned<Due>>,
        }
        let (doc, notes) = lenient::collect(|| serde_saphyr::from_str::<Doc>("a: [2023-12-15]\n"));
        let doc = doc.unwrap();
        for due in [&doc.a, &doc.b] {
            assert!(matches!(&due.value, Due::Day(t) if t.as_str() == lenient::INVALID));
        }
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!((notes[0].loc.line, notes[0].loc.column()), (1, 4));
        assert!(matches!(notes[0].problem, lenient::Problem::Shape { .. }));
        assert!(matches!(
            &notes[1].problem,
            lenient::Problem::MissingField { field, .. } if field == "b"
        ));
    }
}
