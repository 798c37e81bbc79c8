//! The JSON Schema of registry files, generated from the record types in
//! `crate::registry::records`, so that an editor can check a file as it is
//! typed and the committed copies in `schemas/` can never drift from what
//! envplan actually reads (a test compares them).
//!
//! There is one schema per kind (`schemas/<kind>.schema.json`) and one combined
//! schema (`schemas/envplan.schema.json`) that accepts a record of any kind and
//! picks the kind's schema from its `kind` value. Registry files point their
//! `yaml-language-server` modeline at the combined one, since a file may hold
//! records of several kinds.
//!
//! The schemas use JSON Schema draft-07 rather than 2020-12: the YAML language
//! server behind the common editor extensions validates draft-07 and only
//! warns that newer drafts are "not yet fully supported". Nothing in these
//! schemas needs a newer draft.
//!
//! The record types have no `kind` field (the kind-first dispatcher in
//! `registry::document` consumes it), so the schema adds `kind` as a required
//! property whose value is the kind's name.

use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use crate::diag::Code;
use crate::registry::document::Kind;
use crate::registry::kinds::with_kind;

/// The file name of the schema that accepts any record.
pub const COMBINED_FILE: &str = "envplan.schema.json";

/// The base of every schema's `$id`. The schemas are not published at a URL
/// yet, so the ids are URNs: they name the schema without promising a place
/// to fetch it from. Editors find the files through the modeline's path.
const ID_BASE: &str = "urn:envplan:registry:v2";

/// A schema file: its name in `schemas/` and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFile {
    pub name: String,
    pub text: String,
}

/// The file name of one kind's schema, e.g. `environment.schema.json`.
pub fn kind_file(kind: Kind) -> String {
    format!("{}.schema.json", kind.noun())
}

fn generator() -> SchemaGenerator {
    SchemaSettings::draft07().into_generator()
}

/// The schema of one kind's records, standing alone.
pub fn for_kind(kind: Kind) -> Value {
    let mut generator = generator();
    let schema = root_schema(kind, &mut generator);
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        add_kind_property(object, kind);
        if kind == Kind::Programme {
            describe_rules(object);
            drop_definition(object, "RuleSetting");
        }
        object.insert(
            "$id".into(),
            Value::String(format!("{ID_BASE}:{}", kind.noun())),
        );
        object.insert("title".into(), Value::String(format!("envplan {kind}")));
        let about = object
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        object.insert(
            "description".into(),
            Value::String(format!(
                "One {kind} record of an envplan registry (registry format version 2). {about}"
            )),
        );
    }
    value
}

/// The schema that accepts a record of any kind.
pub fn combined() -> Value {
    let mut generator = generator();
    for kind in Kind::ALL {
        subschema(kind, &mut generator);
    }
    let mut definitions = generator.take_definitions(true);
    for kind in Kind::ALL {
        if let Some(object) = definitions
            .get_mut(kind.name())
            .and_then(Value::as_object_mut)
        {
            add_kind_property(object, kind);
            if kind == Kind::Programme {
                describe_rules(object);
            }
        }
    }
    definitions.remove("RuleSetting");
    // One `if kind is X then X's schema` per kind: unlike `oneOf`, an editor
    // then reports the errors of the record's own kind only, instead of the
    // errors of whichever alternative it guessed was closest.
    let dispatch: Vec<Value> = Kind::ALL
        .iter()
        .map(|kind| {
            json!({
                "if": {"properties": {"kind": {"const": kind.name()}}, "required": ["kind"]},
                "then": {"$ref": format!("#/definitions/{}", kind.name())},
            })
        })
        .collect();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("{ID_BASE}:envplan"),
        "title": "envplan registry record",
        "description": "One record of an envplan registry (registry format version 2): a YAML document whose first key is `kind`. A file may hold several records separated by `---`.",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {
                "description": "The kind of record. It must be the first key of the record.",
                "enum": kinds,
            }
        },
        "allOf": dispatch,
        "definitions": definitions,
    })
}

/// Every schema file, in a fixed order: the combined schema, then one per kind.
pub fn files() -> Vec<SchemaFile> {
    let mut out = vec![SchemaFile {
        name: COMBINED_FILE.to_owned(),
        text: to_text(&combined()),
    }];
    for kind in Kind::ALL {
        out.push(SchemaFile {
            name: kind_file(kind),
            text: to_text(&for_kind(kind)),
        });
    }
    out
}

/// Pretty JSON with a final newline; keys are sorted (serde_json's default map
/// is ordered), so the text is the same on every run.
pub fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn root_schema(kind: Kind, generator: &mut SchemaGenerator) -> Schema {
    with_kind!(kind, T => generator.root_schema_for::<T>())
}

fn subschema(kind: Kind, generator: &mut SchemaGenerator) -> Schema {
    with_kind!(kind, T => generator.subschema_for::<T>())
}

/// Add `kind: <Kind>` as a required property (listed first in `required`).
fn add_kind_property(object: &mut Map<String, Value>, kind: Kind) {
    let properties = object
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(properties) = properties.as_object_mut() {
        properties.insert(
            "kind".into(),
            json!({
                "description": "The kind of record; it must be the first key.",
                "const": kind.name(),
            }),
        );
    }
    let mut required = vec![Value::String("kind".into())];
    if let Some(Value::Array(existing)) = object.get("required") {
        required.extend(
            existing
                .iter()
                .filter(|v| v.as_str() != Some("kind"))
                .cloned(),
        );
    }
    object.insert("required".into(), Value::Array(required));
}

fn drop_definition(root: &mut Map<String, Value>, name: &str) {
    if let Some(Value::Object(definitions)) = root.get_mut("definitions") {
        definitions.remove(name);
        if definitions.is_empty() {
            root.remove("definitions");
        }
    }
}

/// The Programme's `rules` may name only known codes: list each one, with
/// what it means, so that an editor completes and explains them. Codes about
/// reading files cannot be turned off.
fn describe_rules(programme: &mut Map<String, Value>) {
    let Some(properties) = programme
        .get_mut("properties")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut codes = Map::new();
    for code in Code::ALL {
        let settings: &[&str] = if code.is_loading() {
            &["error", "warning"]
        } else {
            &["error", "warning", "off"]
        };
        codes.insert(
            code.as_str().to_owned(),
            json!({
                "description": format!("{code} (default {}): {}", code.default_severity(), code.summary()),
                "enum": settings,
            }),
        );
    }
    properties.insert(
        "rules".into(),
        json!({
            "description": "Severity overrides: rule code -> error, warning or off.",
            "type": "object",
            "properties": codes,
            "additionalProperties": false,
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_requires_its_own_kind() {
        for kind in Kind::ALL {
            let schema = for_kind(kind);
            assert_eq!(schema["required"][0], "kind");
            assert_eq!(schema["properties"]["kind"]["const"], kind.name());
            assert_eq!(schema["additionalProperties"], false);
        }
        let all = combined();
        for kind in Kind::ALL {
            assert_eq!(
                all["definitions"][kind.name()]["properties"]["kind"]["const"],
                kind.name()
            );
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(files(), files());
    }
}
