//! The registries that ship with envplan: the MHHS registry in `registry/`
//! and the worked examples in `examples/`. They are documentation, so these
//! tests pin down what their READMEs promise: the MHHS registry has no errors
//! and exactly the warnings it documents, the minimal example has no finding
//! at all, and Northwind reports exactly the findings its README lists.

mod common;

use std::collections::BTreeMap;

use common::{check_dir, repo_root, CheckJson};
use serde::Serialize;

/// The day Northwind's README says to evaluate it on.
const NORTHWIND_AS_OF: &str = "2026-03-02";

/// `(code, records)` of every diagnostic, sorted, for comparing as a multiset.
fn code_and_records(doc: &CheckJson) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = doc
        .diagnostics
        .iter()
        .map(|d| {
            let mut records = d.records.clone();
            records.sort();
            (d.code.clone(), records)
        })
        .collect();
    out.sort();
    out
}

fn owned(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = list
        .iter()
        .map(|(code, ids)| {
            let mut ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
            ids.sort();
            (code.to_string(), ids)
        })
        .collect();
    out.sort();
    out
}

/// The warnings `registry/README.md` documents on every day: the seed names
/// no environment managers, and `programme.yaml` turns EP101 into a warning.
/// (With the Programme's `pki`, EP102 asks PKI officers only of participants
/// that hold or are booked to need a certificate, and the seed records none.)
const MHHS_WARNINGS: &[(&str, &[&str])] = &[
    ("EP101", &["AVANADE"]),
    ("EP101", &["DCC"]),
    ("EP101", &["ELECTRALINK"]),
    ("EP101", &["ELEXON"]),
    ("EP101", &["MHHS-SI"]),
    ("EP101", &["RECCO"]),
    ("EP101", &["ST-CLEMENTS"]),
];

/// The CIT onboarding intervals (§11.3.1.3) and their last days. The seed
/// plans them but does not say they ran, so once one has ended it is still
/// `planned`, and format version 2 warns about it (EP209).
const CIT_INTERVALS: &[(&str, &str)] = &[
    ("CIT-1", "2023-10-13"),
    ("CIT-2", "2023-10-20"),
    ("CIT-3", "2023-11-03"),
    ("CIT-4", "2023-11-17"),
    ("CIT-5", "2023-12-01"),
    ("CIT-6", "2023-12-08"),
];

/// The warnings the MHHS registry should report as of a day: its documented
/// ones, and EP209 for every CIT interval whose last day is before that day.
fn mhhs_warnings(as_of: &str) -> Vec<(String, Vec<String>)> {
    let mut expected = owned(MHHS_WARNINGS);
    for (id, last_day) in CIT_INTERVALS {
        // ISO dates compare as text.
        if *last_day < as_of {
            expected.push(("EP209".to_owned(), vec![id.to_string()]));
        }
    }
    expected.sort();
    expected
}

#[test]
fn mhhs_registry_has_no_errors_and_only_its_documented_warnings() {
    // Before SIT-A, during CIT onboarding, during SIT-B, after SIT, after the sandbox ends, and later.
    for as_of in [
        "2023-01-02",
        "2023-10-10",
        "2023-12-08",
        "2024-06-03",
        "2025-04-07",
        "2026-01-20",
        "2026-11-30",
    ] {
        let (status, doc) = check_dir(&repo_root().join("registry"), as_of);
        assert_eq!(status, 0, "exit status as of {as_of}");
        assert_eq!(doc.summary.errors, 0, "errors as of {as_of}: {doc:#?}");
        assert!(
            doc.diagnostics.iter().all(|d| d.severity == "warning"),
            "as of {as_of}: {:#?}",
            doc.diagnostics
        );
        assert_eq!(
            code_and_records(&doc),
            mhhs_warnings(as_of),
            "warnings as of {as_of}"
        );
    }
}

#[test]
fn mhhs_registry_is_the_default_registry() {
    let output = common::envplan()
        .args(["--as-of", "2024-06-03", "check", "--format", "json"])
        .output()
        .expect("run envplan");
    assert_eq!(output.status.code(), Some(0));
    let doc: CheckJson = serde_json::from_slice(&output.stdout).expect("check JSON");
    assert_eq!(code_and_records(&doc), mhhs_warnings("2024-06-03"));
}

#[test]
fn mhhs_registry_readme_states_the_warning_count() {
    let readme = std::fs::read_to_string(repo_root().join("registry/README.md")).expect("README");
    let promise = format!("**0 errors and exactly {} warnings**", MHHS_WARNINGS.len());
    assert!(
        readme.contains(&promise),
        "registry/README.md should say {promise}"
    );
}

#[test]
fn minimal_example_has_no_findings_on_any_day() {
    for as_of in ["2020-01-01", "2026-03-02", "2026-03-13", "2040-12-31"] {
        let output = common::envplan()
            .arg("--registry")
            .arg(repo_root().join("examples/minimal"))
            .args([
                "--as-of",
                as_of,
                "check",
                "--format",
                "json",
                "--deny-warnings",
            ])
            .output()
            .expect("run envplan");
        assert_eq!(output.status.code(), Some(0), "exit status as of {as_of}");
        let doc: CheckJson = serde_json::from_slice(&output.stdout).expect("check JSON");
        assert!(
            doc.diagnostics.is_empty(),
            "as of {as_of}: {:#?}",
            doc.diagnostics
        );
    }
}

/// The rows of the findings table in Northwind's README: `| EPxxx | ids | why |`.
fn northwind_readme_findings(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| EP201 | REH-1, REH-2 | why |" splits into ["", "EP201", "REH-1, REH-2", "why", ""].
        if cells.len() < 4 || !cells[1].starts_with("EP") {
            continue;
        }
        let mut ids: Vec<String> = cells[2].split(',').map(|s| s.trim().to_owned()).collect();
        ids.sort();
        out.push((cells[1].to_owned(), ids));
    }
    out.sort();
    out
}

fn northwind() -> (i32, CheckJson) {
    check_dir(&repo_root().join("examples/northwind"), NORTHWIND_AS_OF)
}

#[test]
fn northwind_reports_exactly_the_findings_its_readme_lists() {
    let readme =
        std::fs::read_to_string(repo_root().join("examples/northwind/README.md")).expect("README");
    assert!(
        readme.contains(&format!("--as-of {NORTHWIND_AS_OF}")),
        "the README should tell the reader to use --as-of {NORTHWIND_AS_OF}"
    );
    let documented = northwind_readme_findings(&readme);
    assert!(
        documented.len() >= 12,
        "the README table was not read: {documented:?}"
    );

    let (status, doc) = northwind();
    assert_eq!(status, 1, "Northwind has error-level findings");
    assert_eq!(code_and_records(&doc), documented);

    let summary = format!(
        "exactly these {} findings, {} errors and {} warnings",
        doc.diagnostics.len(),
        doc.summary.errors,
        doc.summary.warnings
    );
    assert!(
        readme.contains(&summary),
        "the README should say \"{summary}\""
    );
}

#[test]
fn northwind_shows_every_rule_it_is_meant_to_show() {
    let (_, doc) = northwind();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &doc.diagnostics {
        *counts.entry(d.code.as_str()).or_default() += 1;
    }
    for code in [
        "EP102", "EP105", "EP201", "EP202", "EP203", "EP205", "EP206", "EP207", "EP208", "EP209",
        "EP210", "EP301", "EP302", "EP303", "EP401", "EP402", "EP403", "EP501", "EP502", "EP503",
        "EP504",
    ] {
        assert!(counts.contains_key(code), "no {code} in {counts:?}");
    }
    assert!(
        counts["EP302"] >= 3,
        "`certs --expiring 60d` should have a realistic list"
    );
}

#[derive(Serialize)]
struct Located<'a> {
    code: &'a str,
    severity: &'a str,
    at: String,
    records: &'a [String],
}

#[test]
fn northwind_findings_snapshot() {
    let (_, doc) = northwind();
    let located: Vec<Located<'_>> = doc
        .diagnostics
        .iter()
        .map(|d| Located {
            code: &d.code,
            severity: &d.severity,
            at: format!(
                "{}:{}:{}",
                d.file.as_deref().unwrap_or("-"),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0)
            ),
            records: &d.records,
        })
        .collect();
    insta::assert_yaml_snapshot!(located);
}

#[test]
fn every_bundled_yaml_file_points_editors_at_the_schema() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ["registry", "examples"] {
        common::yaml_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 40, "found only {} files", files.len());
    for file in files {
        let rel = file.strip_prefix(&root).expect("inside the repository");
        let depth = rel.components().count() - 1;
        let expected = format!(
            "# yaml-language-server: $schema={}schemas/envplan.schema.json",
            "../".repeat(depth)
        );
        let text = std::fs::read_to_string(&file).expect("read");
        assert_eq!(
            text.lines().next(),
            Some(expected.as_str()),
            "first line of {}",
            rel.display()
        );
    }
}
