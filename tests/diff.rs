//! `envplan diff BASE [HEAD]` and `check --new-since REV` on a git repository
//! made in the test: the Northwind example committed, then a commit that
//! resolves one clash, adds another and takes SIT-A down for a morning.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, edit, envplan};

const DATE: &str = "2026-03-01T12:00:00Z";

fn git(dir: &Path, args: &[&str]) -> String {
    common::git(dir, DATE, args)
}

const NEW_OUTAGE: &str = "---
kind: Outage
id: OUT-2026-099
environment: SIT-A
planned: true
reason: patching
start: 2026-03-20T08:00
end: 2026-03-20T12:00
notified: 2026-03-01
";

/// `base` is Northwind as committed; the next commit (HEAD) moves MIG-2 a
/// week earlier (no longer clashing with NFT-1 on serial-stages SIT-B),
/// turns MIG-2-BRSE into operational testing (now clashing with MIG-2) and
/// plans a four-hour outage on SIT-A, and adds a milestone.
fn history() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    let registry = repo.join("registry");
    copy_tree(&common::repo_root().join("examples/northwind"), &registry);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    git(&repo, &["tag", "base"]);
    let sit_b = registry.join("intervals/sit-b.yaml");
    edit(
        &sit_b,
        "start: 2026-03-16\nend: 2026-03-27\nparticipants: [PENNINE]",
        "start: 2026-03-09\nend: 2026-03-20\nparticipants: [PENNINE]",
    );
    edit(
        &sit_b,
        "Brightside data set\nenvironment: SIT-B\nstage: migration",
        "Brightside data set\nenvironment: SIT-B\nstage: operational",
    );
    let outages = registry.join("outages/planned.yaml");
    let mut text = std::fs::read_to_string(&outages).expect("read");
    text.push_str(NEW_OUTAGE);
    std::fs::write(&outages, text).expect("write");
    std::fs::write(
        registry.join("milestones-added.yaml"),
        "kind: Milestone\nid: SIT-A-TLS\nname: SIT-A TLS certificates in place\ndue: 2026-12-01\n",
    )
    .expect("write");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "re-plan SIT-B"]);
    (dir, repo)
}

fn run(repo: &Path, args: &[&str]) -> (i32, String, String) {
    let out = envplan()
        .current_dir(repo)
        .args(["--as-of", "2026-03-02"])
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// Commit ids depend on the example's bytes; the snapshots show the rest.
fn redact(text: &str, repo: &Path) -> String {
    let mut text = text.to_owned();
    for rev in ["base", "HEAD"] {
        let commit = git(repo, &["rev-parse", rev]);
        text = text.replace(&commit.trim()[..12], &format!("<{rev}>"));
    }
    text
}

#[test]
fn diff_shows_the_clash_added_the_clash_resolved_and_availability() {
    let (_dir, repo) = history();
    let status_before = git(&repo, &["status", "--porcelain"]);
    let index_before = std::fs::read(repo.join(".git/index")).expect("index");

    let (code, human, _) = run(&repo, &["diff", "base"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("diff-human", redact(&human, &repo));

    let (code, markdown, _) = run(&repo, &["diff", "base", "--format", "markdown"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("diff-markdown", redact(&markdown, &repo));

    // HEAD named as a revision reads the same commit from git.
    let (_, named, _) = run(&repo, &["diff", "base", "HEAD"]);
    assert_eq!(
        named.lines().skip(1).collect::<Vec<_>>(),
        human.lines().skip(1).collect::<Vec<_>>()
    );

    let (code, json, _) = run(&repo, &["diff", "base", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let pairs = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .expect("array")
            .iter()
            .map(|c| format!("{} {} {}", c["environment"], c["earlier"], c["later"]))
            .collect()
    };
    assert_eq!(
        pairs(&v["clashes"]["added"]),
        [r#""SIT-B" "MIG-2" "MIG-2-BRSE""#]
    );
    assert_eq!(
        pairs(&v["clashes"]["resolved"]),
        [r#""SIT-B" "MIG-2" "NFT-1""#]
    );
    let availability = v["availability"].as_array().expect("array");
    assert_eq!(availability.len(), 1);
    assert_eq!(availability[0]["environment"], "SIT-A");
    assert_eq!(
        availability[0]["lost_minutes_after"].as_i64().expect("n")
            - availability[0]["lost_minutes_before"].as_i64().expect("n"),
        240
    );
    assert_eq!(
        v["milestones"],
        serde_json::json!([{"kind": "milestone", "id": "SIT-A-TLS", "change": "added", "details": []}])
    );
    assert_eq!(v["base"]["label"], "base");
    assert_eq!(v["head"]["commit"], serde_json::Value::Null);
    assert!(v["participants"]
        .as_array()
        .expect("array")
        .contains(&serde_json::json!("PENNINE")));

    // Nothing in the working tree or the index was touched.
    assert_eq!(git(&repo, &["status", "--porcelain"]), status_before);
    assert_eq!(
        std::fs::read(repo.join(".git/index")).expect("index"),
        index_before
    );
}

#[test]
fn diff_of_a_revision_with_itself_is_empty() {
    let (_dir, repo) = history();
    let (code, out, _) = run(&repo, &["diff", "HEAD"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("No change in findings, clashes, certificates at risk or availability."),
        "{out}"
    );
}

#[test]
fn diff_of_an_unknown_revision_is_a_usage_error() {
    let (_dir, repo) = history();
    let (code, out, err) = run(&repo, &["diff", "no-such-tag"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("BASE: `no-such-tag` is not a revision"),
        "{err}"
    );
    let (code, _, err) = run(&repo, &["diff", "--upload-pack=x"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn check_new_since_reports_only_findings_that_are_new() {
    let (_dir, repo) = history();
    let (code, out, err) = run(&repo, &["check", "--new-since", "base", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let found: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| format!("{} {}", d["code"], d["records"]))
        .collect();
    assert_eq!(
        found,
        [
            r#""EP202" ["MIG-2","MIG-2-BRSE"]"#,
            r#""EP206" ["FUNC-2","OUT-2026-099"]"#,
        ]
    );
    assert!(
        err.contains("findings already there at base not reported (--new-since)"),
        "{err}"
    );

    // Against HEAD itself nothing is new, so the gate passes.
    let (code, out, _) = run(&repo, &["check", "--new-since", "HEAD"]);
    assert_eq!(code, 0, "{out}");

    // Moving a finding down by editing above it does not make it new.
    let readme = repo.join("registry/intervals/sit-b.yaml");
    edit(
        &readme,
        "kind: Interval\nid: MIG-1",
        "# a comment\n\nkind: Interval\nid: MIG-1",
    );
    let (code, out, _) = run(&repo, &["check", "--new-since", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"diagnostics\": []"), "{out}");
}
