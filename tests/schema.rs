//! The JSON Schemas: the committed copies in `schemas/` are what the code
//! generates, they are valid draft-07 schemas, every record envplan reads
//! without complaint is valid against them, and documents envplan rejects as
//! records are rejected by them too.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use envplan::diag::{Code, Sink};
use envplan::registry::document::Kind;
use envplan::registry::Registry;
use envplan::schema;
use serde_json::Value;

const REFRESH: &str = "run `cargo run -- schema --write schemas/` and commit the result";

fn committed(name: &str) -> String {
    let path = common::repo_root().join("schemas").join(name);
    fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}; {REFRESH}", path.display()))
}

#[test]
fn committed_schemas_match_the_code() {
    let files = schema::files();
    for file in &files {
        assert!(
            committed(&file.name) == file.text,
            "schemas/{} differs from the generated schema; {REFRESH}",
            file.name
        );
    }
    let expected: BTreeSet<String> = files.iter().map(|f| f.name.clone()).collect();
    // Files only: `schemas/site/` holds the site's data-file schemas (tests/site.rs).
    let present: BTreeSet<String> = fs::read_dir(common::repo_root().join("schemas"))
        .expect("schemas/")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        present, expected,
        "stray or missing files in schemas/; {REFRESH}"
    );
}

#[test]
fn schema_command_prints_and_writes_the_same_files() {
    let out = common::envplan().arg("schema").output().expect("run");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf-8"),
        committed(schema::COMBINED_FILE)
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("new/schemas");
    let out = common::envplan()
        .arg("schema")
        .arg("--write")
        .arg(&target)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in schema::files() {
        assert_eq!(
            fs::read_to_string(target.join(&file.name)).expect("written"),
            file.text
        );
    }
    assert_eq!(
        fs::read_dir(&target).expect("list").count(),
        Kind::ALL.len() + 1
    );
}

#[test]
fn schemas_are_valid_draft_07() {
    for file in schema::files() {
        let value: Value = serde_json::from_str(&file.text).expect("json");
        assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#");
        jsonschema::meta::validate(&value)
            .unwrap_or_else(|e| panic!("{} is not a valid schema: {e}", file.name));
        jsonschema::validator_for(&value)
            .unwrap_or_else(|e| panic!("{} cannot be compiled: {e}", file.name));
    }
}

/// One YAML document of a registry file, with the lines it spans.
struct Document {
    file: PathBuf,
    first_line: u32,
    last_line: u32,
    json: Option<Value>,
}

/// Split a file at its `---` lines. Registry files keep `---` for document
/// separators, so a line-based split is exact for them.
fn documents(path: &Path) -> Vec<Document> {
    let Ok(text) = fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = 1u32;
    let mut body = String::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let number = i as u32 + 1;
        if *line == "---" || line.starts_with("--- ") {
            if !body.trim().is_empty() {
                out.push(document(path, start, number - 1, &body));
            }
            body.clear();
            start = number + 1;
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    if !body.trim().is_empty() {
        out.push(document(path, start, lines.len() as u32, &body));
    }
    out
}

fn document(path: &Path, first_line: u32, last_line: u32, body: &str) -> Document {
    Document {
        file: path.to_path_buf(),
        first_line,
        last_line,
        json: yaml_to_json(body),
    }
}

/// YAML 1.2 as editors read it: only `true` and `false` are booleans, so
/// `off` in `rules` stays a string (as envplan reads it too).
fn yaml_to_json(text: &str) -> Option<Value> {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<Value>(text, options).ok()
}

/// Every registry directory in the repository: the fixtures, the bundled
/// registry and the examples, whichever exist.
fn registries() -> Vec<PathBuf> {
    let root = common::repo_root();
    let mut out = Vec::new();
    for parent in ["tests/fixtures", "examples"] {
        if let Ok(entries) = fs::read_dir(root.join(parent)) {
            for e in entries.flatten() {
                if e.path().is_dir() {
                    out.push(e.path());
                }
            }
        }
    }
    if root.join("registry").is_dir() {
        out.push(root.join("registry"));
    }
    out.sort();
    out
}

/// The (file, line) of every finding that says a document's shape or values
/// are wrong: such documents need not satisfy the schema.
fn flagged_lines(dir: &Path) -> (Registry, Vec<(PathBuf, u32)>) {
    let loading = Registry::load(dir).expect("registry");
    let reg = loading.registry;
    let mut sink = Sink::new();
    let _model = envplan::model::build(&reg, &mut sink);
    let mut flagged = Vec::new();
    for f in loading.findings.iter().chain(sink.findings()) {
        let shape = matches!(
            f.code,
            Code::EP001 | Code::EP002 | Code::EP003 | Code::EP006 | Code::EP008
        );
        if let (true, Some(place)) = (shape, f.place) {
            flagged.push((reg.file(place.file).path.clone(), place.loc.line));
        }
    }
    (reg, flagged)
}

#[test]
fn every_record_envplan_accepts_is_valid_against_the_schema() {
    let combined = schema::combined();
    let any = jsonschema::validator_for(&combined).expect("combined schema");
    let mut checked = 0;
    for dir in registries() {
        let (reg, flagged) = flagged_lines(&dir);
        let starts: Vec<(PathBuf, u32, Kind)> = record_starts(&reg);
        for file in &reg.files {
            for doc in documents(&file.path) {
                let Some(json) = &doc.json else { continue };
                let lines = doc.first_line..=doc.last_line;
                let Some((_, _, kind)) = starts
                    .iter()
                    .find(|(p, line, _)| *p == doc.file && lines.contains(line))
                else {
                    continue; // not read as a record
                };
                if flagged
                    .iter()
                    .any(|(p, line)| *p == doc.file && lines.contains(line))
                {
                    continue;
                }
                let errors: Vec<String> = any
                    .iter_errors(json)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{}:{}: a record envplan accepts fails the schema:\n{}",
                    doc.file.display(),
                    doc.first_line,
                    errors.join("\n")
                );
                let own = jsonschema::validator_for(&schema::for_kind(*kind)).expect("schema");
                assert!(
                    own.is_valid(json),
                    "{}:{}: fails {}",
                    doc.file.display(),
                    doc.first_line,
                    schema::kind_file(*kind)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} documents were checked");
}

fn record_starts(reg: &Registry) -> Vec<(PathBuf, u32, Kind)> {
    let mut out = Vec::new();
    macro_rules! add {
        ($field:ident, $kind:expr) => {
            for r in &reg.$field {
                out.push((reg.file(r.file).path.clone(), r.doc.line, $kind));
            }
        };
    }
    add!(programmes, Kind::Programme);
    add!(environments, Kind::Environment);
    add!(participants, Kind::Participant);
    add!(intervals, Kind::Interval);
    add!(certificates, Kind::Certificate);
    add!(availabilities, Kind::Availability);
    add!(outages, Kind::Outage);
    out
}

/// Documents that envplan rejects as records, and the schema must reject too.
#[test]
fn the_schema_rejects_what_envplan_rejects() {
    let any = jsonschema::validator_for(&schema::combined()).expect("combined schema");
    let rejected = [
        // unknown kind
        "kind: Intervall\nid: A\n",
        // no kind
        "id: A\nname: B\n",
        // not a mapping
        "- a\n- b\n",
        // unknown field
        "kind: Interval\nid: I\nname: n\nenvironment: E\nstage: s\nstart: 2024-01-01\nend: 2024-01-02\nparticipant: [A]\n",
        // missing field
        "kind: Interval\nid: I\nenvironment: E\nstage: s\nstart: 2024-01-01\nend: 2024-01-02\n",
        // bad enum value
        "kind: Outage\nid: O\nenvironment: E\nplanned: true\nreason: patchin\nstart: 2024-01-01\n",
        // wrong type
        "kind: Outage\nid: O\nenvironment: E\nplanned: maybe\nreason: patching\nstart: 2024-01-01\n",
        // a list where one contact is expected
        "kind: Participant\nid: P\nname: n\ntype: supplier\npki_officers:\n  sro:\n    - {name: a, email: a@b.c}\n",
        // a rule code that does not exist, and a loading code turned off
        "kind: Programme\nid: P\nname: P\ntimezone: UTC\nroles: {}\nstages: {}\nrules: {EP999: off}\n",
        "kind: Programme\nid: P\nname: P\ntimezone: UTC\nroles: {}\nstages: {}\nrules: {EP003: off}\n",
        // an id with a space
        "kind: Environment\nid: SIT A\nname: n\nowner: O\nphase: sit\nstages: []\n",
    ];
    for text in rejected {
        let json = yaml_to_json(text).expect("yaml");
        assert!(!any.is_valid(&json), "the schema accepts:\n{text}");
    }
    let accepted = [
        "kind: Programme\nid: P\nname: P\ntimezone: UTC\nroles: {}\nstages: {}\nrules: {EP205: off, EP003: warning}\n",
        "kind: Availability\nid: A\nenvironment: E\nservice: 24x7\nsupport: {days: [mon, wed], from: \"09:00\", to: \"17:00\"}\n",
    ];
    for text in accepted {
        let json = yaml_to_json(text).expect("yaml");
        let errors: Vec<String> = any.iter_errors(&json).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{text}\n{errors:?}");
    }
}
