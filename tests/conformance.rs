//! The registry contract's conformance cases, kept as fixtures and checked the
//! way `shared/conformance/run` checks them: the exit status, every expected
//! finding (code plus the records it must name), and nothing else.

mod common;

use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    as_of: String,
    exit: i32,
    findings: Vec<(String, Vec<String>)>,
}

fn conforms(case: &str) {
    let dir = common::fixture(case);
    let expected: Expected = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("parse");
    let (status, doc) = common::check(case, &expected.as_of);
    assert_eq!(status, expected.exit, "exit status of {case}");
    let mut unused: Vec<&common::Diag> = doc.diagnostics.iter().collect();
    for (code, ids) in &expected.findings {
        let hit = unused
            .iter()
            .position(|d| &d.code == code && ids.iter().all(|id| d.records.contains(id)))
            .unwrap_or_else(|| {
                panic!("{case}: missing {code} {ids:?}; got {:#?}", doc.diagnostics)
            });
        unused.remove(hit);
    }
    assert!(unused.is_empty(), "{case}: unexpected findings {unused:#?}");
}

#[test]
fn conformance_c1_every_rule_family() {
    conforms("conformance-c1");
}

#[test]
fn conformance_c2_no_programme() {
    conforms("conformance-c2");
}

#[test]
fn conformance_c3_format_version_2() {
    conforms("conformance-c3");
}
