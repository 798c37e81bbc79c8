//! `envplan init DIR`: the starter registry is valid (no findings, valid
//! against the schemas written beside it) and init never writes into a
//! directory that holds anything.

mod common;

use std::fs;

use common::{check_dir, envplan};

fn init(dir: &std::path::Path) -> std::process::Output {
    envplan()
        .args(["--as-of", "2024-06-03", "init"])
        .arg(dir)
        .output()
        .expect("run envplan")
}

#[test]
fn the_starter_registry_is_valid_and_commented() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("registry");
    let out = init(&dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("check"));

    // Clean on the day it is made. Later, format v2 warns of each booking
    // that has ended but is still `planned` (EP209): CIT-1 runs 1 to 5 July
    // 2024, FUNC-1 8 to 19 July. Warnings only, so the check still passes.
    for (as_of, ended) in [
        ("2024-06-03", &[][..]),
        ("2024-07-10", &["CIT-1"][..]),
        ("2027-01-01", &["CIT-1", "FUNC-1"][..]),
    ] {
        let (status, doc) = check_dir(&dir, as_of);
        let found: Vec<(String, String)> = doc
            .diagnostics
            .iter()
            .map(|d| (d.code.clone(), d.records.join(" ")))
            .collect();
        let expected: Vec<(String, String)> = ended
            .iter()
            .map(|id| ("EP209".to_owned(), id.to_string()))
            .collect();
        assert_eq!(found, expected, "{as_of}: {:#?}", doc.diagnostics);
        assert_eq!(status, 0);
    }

    let mut yaml = String::new();
    for name in [
        "programme.yaml",
        "environments.yaml",
        "participants.yaml",
        "intervals.yaml",
    ] {
        let text = fs::read_to_string(dir.join(name)).expect("written");
        assert!(
            text.starts_with("# yaml-language-server: $schema=schemas/envplan.schema.json\n"),
            "{name}"
        );
        yaml.push_str(&format!("==> {name} <==\n{text}"));
    }
    insta::assert_snapshot!("init-registry", yaml);

    // The schemas beside it are envplan's, and every record satisfies them.
    for file in envplan::schema::files() {
        let written = fs::read_to_string(dir.join("schemas").join(&file.name)).expect("schema");
        assert_eq!(written, file.text);
    }
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(dir.join("schemas/envplan.schema.json")).expect("schema"),
    )
    .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    let mut documents = 0;
    for name in [
        "programme.yaml",
        "environments.yaml",
        "participants.yaml",
        "intervals.yaml",
    ] {
        let text = fs::read_to_string(dir.join(name)).expect("written");
        for part in text.split("\n---\n") {
            let options = serde_saphyr::options! { strict_booleans: true };
            let value: serde_json::Value =
                serde_saphyr::from_str_with_options(part, options).expect("yaml");
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:?}");
            documents += 1;
        }
    }
    assert_eq!(documents, 6);
}

#[test]
fn an_existing_empty_directory_is_fine() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = init(tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(tmp.path().join("programme.yaml").is_file());
}

#[test]
fn a_directory_that_holds_anything_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("notes.txt"), "keep me").expect("write");
    let out = init(tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(fs::read_dir(tmp.path()).expect("list").count(), 1);
    assert_eq!(
        fs::read_to_string(tmp.path().join("notes.txt")).expect("read"),
        "keep me"
    );

    let file = tmp.path().join("notes.txt");
    let out = init(&file);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a directory"));
}
