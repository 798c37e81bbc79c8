//! `envplan explain`: the rule catalogue. Every example in it is a tiny
//! registry that must report its own code and nothing else; the README's rule
//! table must say what the catalogue says.

mod common;

use std::collections::BTreeSet;

use common::{check_dir, envplan};
use envplan::diag::catalogue::{EXAMPLE_AS_OF, EXAMPLE_BASE};
use envplan::diag::Code;

/// Codes whose rules are not on this branch yet (EP601, from branch `trust`): their
/// examples are written to the contract and checked once the rule lands.
/// Remove a code from here when its rule is implemented.
const PENDING: &[Code] = &[Code::EP601];

fn codes_of_example(example: &str) -> BTreeSet<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("programme.yaml"), EXAMPLE_BASE).expect("write");
    std::fs::write(dir.path().join("example.yaml"), example).expect("write");
    let (_, doc) = check_dir(dir.path(), EXAMPLE_AS_OF);
    doc.diagnostics.into_iter().map(|d| d.code).collect()
}

#[test]
fn the_base_of_the_examples_is_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("programme.yaml"), EXAMPLE_BASE).expect("write");
    let (status, doc) = check_dir(dir.path(), EXAMPLE_AS_OF);
    assert_eq!(status, 0);
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
}

#[test]
fn every_example_reports_its_code_and_nothing_else() {
    let mut failures = Vec::new();
    for &code in Code::ALL {
        let Some(example) = code.explanation().example else {
            continue;
        };
        if PENDING.contains(&code) {
            continue;
        }
        let got = codes_of_example(example);
        let want = BTreeSet::from([code.as_str().to_owned()]);
        if got != want {
            failures.push(format!("{code}: reported {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn only_unreadable_files_have_no_example() {
    let without: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| c.explanation().example.is_none())
        .collect();
    assert_eq!(without, [Code::EP008, Code::EP009]);
}

/// The README's table: `| EP303 | error | summary |`, in the catalogue's order.
#[test]
fn readme_rule_table_matches_the_catalogue() {
    let readme = std::fs::read_to_string(common::repo_root().join("README.md")).expect("README");
    let rows: Vec<String> = readme
        .lines()
        .filter(|l| l.starts_with("| EP"))
        .map(str::to_owned)
        .collect();
    let expected: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("| {c} | {} | {} |", c.default_severity(), c.summary()))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn explain_one_code() {
    let out = envplan().args(["explain", "ep303"]).output().expect("run");
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn explain_lists_every_code() {
    let out = envplan().arg("explain").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for &code in Code::ALL {
        let line = format!("{code}  {:<7}  {}", code.default_severity(), code.summary());
        assert!(text.lines().any(|l| l == line), "missing {line}");
    }
}

#[test]
fn explain_json_is_the_catalogue_as_data() {
    let out = envplan()
        .args(["explain", "--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(all.len(), Code::ALL.len());
    let ep001 = &all[0];
    assert_eq!(ep001["code"], "EP001");
    assert_eq!(ep001["loading"], true);
    assert_eq!(ep001["suppressible"], false);
    let one = envplan()
        .args(["explain", "EP205", "--format", "json"])
        .output()
        .expect("run");
    let ep205: serde_json::Value = serde_json::from_slice(&one.stdout).expect("json");
    assert_eq!(ep205["severity"], "warning");
    assert_eq!(ep205["family"], "bookings");
    assert_eq!(ep205["fix"], Code::EP205.explanation().fix);
}

#[test]
fn an_unknown_code_is_a_usage_error() {
    let out = envplan().args(["explain", "EP3O3"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `EP303`?"), "{err}");
}
