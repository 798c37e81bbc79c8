//! List entries that are either a bare value or a mapping that limits it
//! (format version 2): `certificates: [tls, {purpose: dcc-dsp, roles: [SDS]}]`,
//! `connectivity: [webhooks, {step: message, from_interval: CIT-3}]`,
//! `connects_to: [DIP, {environment: CSS, stages: [functional]}]`.
//!
//! Written by hand rather than as untagged enums, which buffer their content
//! and lose the place of everything inside it (format §6). The bare form is
//! read inside a span-aware wrapper, so that a finding about `CSS` in
//! `connects_to: [CSS]` points at `CSS` exactly as one about the long form's
//! `environment: CSS` does. Both forms come out as the same struct: the rules
//! never care how an entry was written.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::known::Filtered;
use super::lenient::{self, Maybe, Required};
use super::records::{Purpose, Step};
use super::schema_types::IdText;
use super::spanned::{Loc, OptText, Spanned, Text};

/// A value written as a bare scalar or as a mapping `L`, or, as `Bad`,
/// something else (what it is, in words), read whole so that only this
/// entry is lost. A milestone's `due` is read the same way.
pub(crate) enum ShortOrLong<L> {
    Short(smol_str::SmolStr),
    Long(L),
    Bad(&'static str),
}

impl<'de, L: Deserialize<'de>> Deserialize<'de> for ShortOrLong<L> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<L>(PhantomData<L>);
        impl<'de, L: Deserialize<'de>> Visitor<'de> for V<L> {
            type Value = ShortOrLong<L>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a mapping")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ShortOrLong::Short(v.into()))
            }
            // A number is an id as written (`0123`): the `Spanned` it is in
            // takes it from the source.
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                lenient::set_text_read(lenient::TextRead::Scalar);
                Ok(ShortOrLong::Short(v.to_string().into()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                lenient::set_text_read(lenient::TextRead::Scalar);
                Ok(ShortOrLong::Short(v.to_string().into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                lenient::set_text_read(lenient::TextRead::Scalar);
                Ok(ShortOrLong::Short(v.to_string().into()))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(ShortOrLong::Bad("true or false"))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ShortOrLong::Bad("empty"))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ShortOrLong::Bad("empty"))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(ShortOrLong::Bad("a list"))
            }
            // Read as a record is (`known`): a key the mapping does not
            // have is noted and skipped, and the entry still counts.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                L::deserialize(Filtered(MapAccessDeserializer::new(map))).map(ShortOrLong::Long)
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// What an entry is: a bare value or a mapping that limits it.
const ENTRY_SHAPE: &str = "a list whose entries are single values or mappings";

/// Read an entry: the bare form becomes `short(text with its place)`. An
/// entry that is neither is noted at its place, which is given instead.
fn entry<'de, D, L>(
    deserializer: D,
    short: impl FnOnce(Text) -> Result<L, D::Error>,
) -> Result<Result<L, Loc>, D::Error>
where
    D: Deserializer<'de>,
    L: Deserialize<'de>,
{
    let raw = Spanned::<ShortOrLong<L>>::deserialize(deserializer)?;
    match raw.value {
        ShortOrLong::Short(s) => short(Spanned::new(s, raw.loc)).map(Ok),
        ShortOrLong::Long(l) => Ok(Ok(l)),
        ShortOrLong::Bad(found) => {
            lenient::note_in_place_of(
                raw.loc,
                lenient::Problem::Shape {
                    expected: ENTRY_SHAPE,
                    found: format!("this entry is {found}"),
                },
            );
            Ok(Err(raw.loc))
        }
    }
}

/// A certificate purpose an environment requires of participants, optionally
/// of those holding certain roles only.
#[derive(Debug, Clone)]
pub struct CertificateNeed {
    pub purpose: Spanned<Purpose>,
    /// Empty: required of every participant.
    pub roles: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificateNeedLong {
    // A purpose that is not one is noted (EP003) and the entry left out.
    purpose: Required<Option<Spanned<Purpose>>>,
    #[serde(default, deserialize_with = "super::lenient::texts")]
    roles: Vec<Text>,
}

/// An entry whose purpose is not one is noted (EP003) and left out; the
/// environment's other entries still count.
impl<'de> Deserialize<'de> for Maybe<CertificateNeed> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let long = entry(deserializer, |t| {
            Ok(CertificateNeedLong {
                purpose: Required(lenient::word_of(&t)),
                roles: Vec::new(),
            })
        })?;
        let Ok(long) = long else {
            return Ok(Maybe(None));
        };
        Ok(Maybe(long.purpose.0.map(|purpose| CertificateNeed {
            purpose,
            roles: long.roles,
        })))
    }
}

/// A connectivity-proving step an environment requires, optionally only of
/// participants holding certain roles, and/or only of those whose cohort
/// starts on or after a given interval.
#[derive(Debug, Clone)]
pub struct StepNeed {
    pub step: Spanned<Step>,
    /// Empty: whatever the participant's roles.
    pub roles: Vec<Text>,
    /// An Interval id: required only of participants whose cohort starts on or after it starts.
    pub from_interval: OptText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepNeedLong {
    // A step that is not one is noted (EP003) and the entry left out.
    step: Required<Option<Spanned<Step>>>,
    #[serde(default, deserialize_with = "super::lenient::texts")]
    roles: Vec<Text>,
    #[serde(default)]
    from_interval: OptText,
}

/// An entry whose step is not one is noted (EP003) and left out; the
/// environment's other entries still count.
impl<'de> Deserialize<'de> for Maybe<StepNeed> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let long = entry(deserializer, |t| {
            Ok(StepNeedLong {
                step: Required(lenient::word_of(&t)),
                roles: Vec::new(),
                from_interval: None,
            })
        })?;
        let Ok(long) = long else {
            return Ok(Maybe(None));
        };
        Ok(Maybe(long.step.0.map(|step| StepNeed {
            step,
            roles: long.roles,
            from_interval: long.from_interval,
        })))
    }
}

/// An environment another one connects to, optionally for intervals of certain stages only.
#[derive(Debug, Clone)]
pub struct Connection {
    pub environment: Text,
    /// Empty: for intervals of every stage.
    pub stages: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionLong {
    environment: Text,
    #[serde(default, deserialize_with = "super::lenient::texts")]
    stages: Vec<Text>,
}

impl<'de> Deserialize<'de> for Connection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let long = entry(deserializer, |t| {
            Ok(ConnectionLong {
                environment: t,
                stages: Vec::new(),
            })
        })?;
        Ok(match long {
            Ok(long) => Connection {
                environment: long.environment,
                stages: long.stages,
            },
            Err(loc) => Connection::unknown(loc),
        })
    }
}

/// An environment's `connects_to` ([`lenient::items_or`]): a value that is
/// not a list is a connection to an environment that is not known, so that
/// no interval's `uses` is judged against it (EP207).
pub(crate) fn connections<'de, D>(deserializer: D) -> Result<Vec<Spanned<Connection>>, D::Error>
where
    D: Deserializer<'de>,
{
    lenient::items_or(deserializer, Some(Connection::unknown))
}

impl Connection {
    /// A connection that could not be read, at `loc`: to an environment
    /// that is not known, so that no interval's `uses` is judged against it.
    fn unknown(loc: Loc) -> Self {
        Connection {
            environment: Spanned::new(lenient::INVALID.into(), loc),
            stages: Vec::new(),
        }
    }

    /// Whether the connection exists for an interval of `stage`.
    pub fn serves(&self, stage: &str) -> bool {
        self.stages.is_empty() || self.stages.iter().any(|s| s.as_str() == stage)
    }
}

/// `[A, B]`, for the written forms below.
fn list(texts: &[Text]) -> String {
    let items: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
    format!("[{}]", items.join(", "))
}

/// The entry as it would be written (the short form when it has no limits),
/// for `show` and history diffs.
impl fmt::Display for CertificateNeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.roles.is_empty() {
            write!(f, "{}", self.purpose.value)
        } else {
            write!(
                f,
                "{{purpose: {}, roles: {}}}",
                self.purpose.value,
                list(&self.roles)
            )
        }
    }
}

impl fmt::Display for StepNeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.roles.is_empty() && self.from_interval.is_none() {
            return write!(f, "{}", self.step.value);
        }
        write!(f, "{{step: {}", self.step.value)?;
        if !self.roles.is_empty() {
            write!(f, ", roles: {}", list(&self.roles))?;
        }
        if let Some(i) = &self.from_interval {
            write!(f, ", from_interval: {}", i.value)?;
        }
        f.write_str("}")
    }
}

impl fmt::Display for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.stages.is_empty() {
            write!(f, "{}", self.environment.value)
        } else {
            write!(
                f,
                "{{environment: {}, stages: {}}}",
                self.environment.value,
                list(&self.stages)
            )
        }
    }
}

/// The JSON Schema of an entry: the bare form, or the long form's object.
fn either(bare: Schema, long: Schema, description: &str) -> Schema {
    json_schema!({
        "description": description,
        "anyOf": [bare, long],
    })
}

fn roles_schema(description: &str) -> Schema {
    json_schema!({
        "type": "array",
        "items": {"type": "string"},
        "description": description,
    })
}

impl JsonSchema for CertificateNeed {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "CertificateNeed".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let purpose = generator.subschema_for::<Purpose>();
        let long = json_schema!({
            "type": "object",
            "properties": {
                "purpose": purpose,
                "roles": roles_schema("Role codes: the purpose is required only of participants holding one of them (§10.3.1: DCC DSP certificates for SDS only). Absent: of every participant."),
            },
            "required": ["purpose"],
            "additionalProperties": false,
        });
        either(
            purpose,
            long,
            "A certificate purpose required of every participant that connects, or {purpose, roles}: required only of participants holding one of the roles.",
        )
    }
}

impl JsonSchema for StepNeed {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "StepNeed".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let step = generator.subschema_for::<Step>();
        let interval = generator.subschema_for::<IdText>();
        let long = json_schema!({
            "type": "object",
            "properties": {
                "step": step,
                "roles": roles_schema("Role codes: the step is required only of participants holding one of them. Absent: whatever their roles."),
                "from_interval": {
                    "allOf": [interval],
                    "description": "An Interval id: the step is required only of participants whose cohort on this environment (their earliest not-cancelled interval of the Programme's proving_stage here) starts on or after this interval starts (§11.3.1.3: the DIP message from CIT Interval 3). A participant with no cohort must still do it.",
                },
            },
            "required": ["step"],
            "additionalProperties": false,
        });
        either(
            step,
            long,
            "A connectivity-proving step required before testing (EP105), or {step, roles, from_interval}: required only of participants meeting every limit given.",
        )
    }
}

impl JsonSchema for Connection {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Connection".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let id = generator.subschema_for::<IdText>();
        let long = json_schema!({
            "type": "object",
            "properties": {
                "environment": id,
                "stages": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Stage codes: the connection exists for intervals of these stages only (§9.3.3), so an interval of another stage that uses the environment is EP207. Absent: every stage.",
                },
            },
            "required": ["environment"],
            "additionalProperties": false,
        });
        either(
            id,
            long,
            "An environment id it connects to, or {environment, stages}: connected for intervals of those stages only.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        #[serde(deserialize_with = "lenient::entries")]
        certificates: Vec<Spanned<CertificateNeed>>,
        #[serde(deserialize_with = "lenient::entries")]
        connectivity: Vec<Spanned<StepNeed>>,
        connects_to: Vec<Spanned<Connection>>,
    }

    /// Both forms read into the same struct, and every value keeps its place.
    #[test]
    fn short_and_long_forms_keep_places() {
        let text = "certificates: [tls, {purpose: dcc-dsp, roles: [SDS]}]\nconnectivity: [webhooks, {step: message, from_interval: CIT-3}]\nconnects_to: [DIP, {environment: CSS, stages: [functional]}]\n";
        let doc: Doc = serde_saphyr::from_str(text).unwrap();
        let c = &doc.certificates;
        assert_eq!(c[0].purpose.value, Purpose::Tls);
        assert_eq!((c[0].purpose.loc.line, c[0].purpose.loc.column()), (1, 16));
        assert!(c[0].roles.is_empty());
        assert_eq!(c[1].purpose.value, Purpose::DccDsp);
        assert_eq!(c[1].purpose.loc.column(), 31);
        assert_eq!(c[1].roles[0].as_str(), "SDS");
        assert_eq!(c[1].roles[0].loc.column(), 48);
        let s = &doc.connectivity;
        assert_eq!(s[0].step.value, Step::Webhooks);
        assert_eq!(s[0].step.loc.column(), 16);
        assert_eq!(s[1].step.value, Step::Message);
        let from = s[1].from_interval.as_ref().unwrap();
        assert_eq!(
            (from.as_str(), from.loc.line, from.loc.column()),
            ("CIT-3", 2, 57)
        );
        let e = &doc.connects_to;
        assert_eq!(
            (e[0].environment.as_str(), e[0].environment.loc.column()),
            ("DIP", 15)
        );
        assert!(e[0].serves("anything"));
        assert_eq!(
            (e[1].environment.as_str(), e[1].environment.loc.column()),
            ("CSS", 34)
        );
        assert!(e[1].serves("functional"));
        assert!(!e[1].serves("cit"));
    }

    /// A bad purpose or step, short or long, is one note and that entry is
    /// left out; the other entries stay.
    #[test]
    fn bad_words_are_noted_and_left_out() {
        let text = "certificates: [tsl, jws, {purpose: dcc-dspp, roles: [SDS]}]\nconnectivity: [{step: mesage}, webhooks]\nconnects_to: []\n";
        let (doc, notes) = lenient::collect(|| serde_saphyr::from_str::<Doc>(text));
        let doc = doc.unwrap();
        assert_eq!(doc.certificates.len(), 1);
        assert_eq!(doc.certificates[0].purpose.value, Purpose::Jws);
        assert_eq!(doc.connectivity.len(), 1);
        assert_eq!(doc.connectivity[0].step.value, Step::Webhooks);
        let at: Vec<(u32, u32)> = notes.iter().map(|n| (n.loc.line, n.loc.column())).collect();
        assert_eq!(at, [(1, 16), (1, 36), (2, 23)]);
    }

    /// A step left out of an entry is one note at the entry, and the entry
    /// is left out.
    #[test]
    fn missing_words_are_noted_and_left_out() {
        let text = "certificates: []\nconnectivity: [{roles: [X]}, webhooks]\nconnects_to: []\n";
        let (doc, notes) = lenient::collect(|| serde_saphyr::from_str::<Doc>(text));
        let doc = doc.unwrap();
        assert_eq!(doc.connectivity.len(), 1);
        assert_eq!(doc.connectivity[0].step.value, Step::Webhooks);
        assert_eq!(notes.len(), 1);
        assert_eq!((notes[0].loc.line, notes[0].loc.column()), (2, 16));
        assert!(matches!(
            &notes[0].problem,
            lenient::Problem::MissingField { field, nested: true, allowed } if field == "step" && allowed.contains(&"webhooks")
        ));
    }

    /// A key an entry does not have is noted and skipped; the entry stays.
    #[test]
    fn unknown_keys_are_noted_and_skipped() {
        let text = "certificates: [{purpose: tls, role: [X]}]\nconnectivity: []\nconnects_to: [{environment: X, stage: [s]}]\n";
        let (doc, notes) = lenient::collect(|| serde_saphyr::from_str::<Doc>(text));
        let doc = doc.unwrap();
        assert_eq!(doc.certificates.len(), 1);
        assert_eq!(doc.connects_to.len(), 1);
        assert_eq!(doc.connects_to[0].environment.as_str(), "X");
        let unknown: Vec<&str> = notes
            .iter()
            .filter_map(|n| match &n.problem {
                lenient::Problem::UnknownField { field, .. } => Some(field.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(unknown, ["role", "stage"]);
    }

    /// An entry that is neither a single value nor a mapping is one note,
    /// and only that entry is lost.
    #[test]
    fn entries_of_the_wrong_shape_are_noted() {
        let text =
            "certificates: [[tls], jws]\nconnectivity: [~, webhooks]\nconnects_to: [[X], Z]\n";
        let (doc, notes) = lenient::collect(|| serde_saphyr::from_str::<Doc>(text));
        let doc = doc.unwrap();
        assert_eq!(doc.certificates.len(), 1);
        assert_eq!(doc.connectivity.len(), 1);
        let envs: Vec<&str> = doc
            .connects_to
            .iter()
            .map(|c| c.environment.as_str())
            .collect();
        assert_eq!(envs, [lenient::INVALID, "Z"]);
        assert_eq!(notes.len(), 3, "{notes:?}");
    }
}
