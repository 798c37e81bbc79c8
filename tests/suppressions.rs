//! `# envplan: allow CODE -- reason` comments on the `suppressions` fixture:
//! a comment at the end of a value's line, one above a record's `kind:`, two
//! codes on one line, a reason of only spaces, a suppression above a record
//! with no finding, codes that cannot be suppressed, and a `#` inside quotes.

mod common;

use common::{envplan, fixture};
use serde_json::Value;

const AS_OF: &str = "2024-06-03";

fn check_json() -> (i32, Value) {
    check_json_in(&fixture("suppressions"))
}

fn check_json_in(dir: &std::path::Path) -> (i32, Value) {
    let out = envplan()
        .arg("--registry")
        .arg(dir)
        .args(["--as-of", AS_OF, "check", "--format", "json"])
        .output()
        .expect("run");
    let doc = serde_json::from_slice(&out.stdout).expect("json");
    (out.status.code().unwrap_or(-1), doc)
}

/// `CODE line:column [records] suppressed-reason`
fn lines(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let records: Vec<&str> = d["records"]
                .as_array()
                .expect("records")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let mut s = format!(
                "{} {}:{} [{}]",
                d["code"].as_str().unwrap_or("?"),
                d["line"],
                d["column"],
                records.join(" ")
            );
            if d["suppressed"] == Value::Bool(true) {
                s.push_str(&format!(
                    " suppressed: {}",
                    d["reason"].as_str().unwrap_or("?")
                ));
            } else {
                assert!(d.get("suppressed").is_none() && d.get("reason").is_none());
            }
            s
        })
        .collect()
}

#[test]
fn suppressions_and_their_edge_cases() {
    let (status, doc) = check_json();
    assert_eq!(
        lines(&doc),
        [
            // At the end of the value's line.
            "EP205 8:6 [LINE SIT-A] suppressed: agreed at the March EWG",
            // Above `kind:`: anywhere in the record, two codes.
            "EP205 18:6 [RECORD SIT-A] suppressed: rehearsal agreed by the EWG on 2024-05-07",
            "EP207 19:8 [DCC RECORD] suppressed: rehearsal agreed by the EWG on 2024-05-07",
            // Two codes on one line, both used.
            "EP105 29:16 [ACME TWO] suppressed: ACME proves connectivity in week 1",
            "EP303 29:16 [ACME TWO] suppressed: ACME proves connectivity in week 1",
            // A reason of only spaces suppresses nothing.
            "EP205 38:6 [SIT-A SPACES]",
            "EP602 38:18 []",
            // Above a record that has no finding.
            "EP604 40:18 []",
            // A loading code and an unknown one.
            "EP603 54:37 []",
            "EP603 54:44 []",
            // Two codes on one line, neither with a finding there.
            "EP604 55:35 []",
            "EP604 55:42 []",
        ]
    );
    // The quoted `# envplan: allow EP999` in LINE's name is not a comment.
    assert!(!lines(&doc).iter().any(|l| l.starts_with("EP603 4:")));
    assert_eq!(doc["summary"]["errors"], 3);
    assert_eq!(doc["summary"]["warnings"], 4);
    assert_eq!(doc["summary"]["suppressed"], 5);
    assert_eq!(status, 1);
}

#[test]
fn the_summary_line_counts_suppressed_findings() {
    let out = envplan()
        .arg("--registry")
        .arg(fixture("suppressions"))
        .args(["--as-of", AS_OF, "check"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or("");
    assert_eq!(
        last,
        "✗ 3 errors, 4 warnings, 5 suppressed (4 files, 11 records, as of 2024-06-03)"
    );
    // Suppressed findings are not shown.
    assert!(!text.contains("interval `LINE` ends"), "{text}");
    assert!(text.contains("interval `SPACES` ends"), "{text}");
}

#[test]
fn suppression_findings_follow_the_programme_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(fixture("suppressions")).expect("fixture") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let programme = dir.path().join("programme.yaml");
    let text = std::fs::read_to_string(&programme).expect("read");
    std::fs::write(
        &programme,
        format!("{text}rules: {{EP604: off, EP602: warning}}\n"),
    )
    .expect("write");
    let (status, doc) = check_json_in(dir.path());
    let active: Vec<(&str, &str)> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d.get("suppressed").is_none())
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("?"),
                d["severity"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(
        active,
        [
            ("EP205", "warning"),
            ("EP602", "warning"),
            ("EP603", "error"),
            ("EP603", "error")
        ]
    );
    assert_eq!(status, 1);
}
