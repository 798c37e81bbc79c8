//! `envplan pack --since REV` on a git repository made in the test: what
//! changed in the registry since a tag, read from git without touching the
//! working tree or the index.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, edit};

const DATE: &str = "2026-10-06T12:00:00Z";

fn git(dir: &Path, args: &[&str]) -> String {
    common::git(dir, DATE, args)
}

/// A repository whose `registry/` holds the pack-month fixture, tagged
/// `ewg-2026-10`, then changed in a second commit and once more in the
/// working tree.
fn history() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    let registry = repo.join("registry");
    copy_tree(&common::fixture("pack-month"), &registry);
    std::fs::write(repo.join("README.md"), "not part of the registry\n").expect("write");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "October"]);
    git(&repo, &["tag", "ewg-2026-10"]);

    // Committed after the tag.
    let intervals = registry.join("intervals.yaml");
    edit(
        &intervals,
        "start: 2026-11-09\nend: 2026-11-20",
        "start: 2026-11-23\nend: 2026-12-04",
    );
    edit(
        &intervals,
        "participants: [BRAV, HOSTILE, PIPE]",
        "participants: [BRAV, HOSTILE]",
    );
    edit(
        &intervals,
        "stage: non-functional\nstart: 2026-11-16\nend: 2026-11-27\n",
        "stage: non-functional\nstart: 2026-11-16\nend: 2026-12-04\nstatus: confirmed\n",
    );
    let outages = registry.join("outages.yaml");
    edit(
        &outages,
        "start: 2026-10-30T20:00\n",
        "start: 2026-10-30T20:00\nend: 2026-11-02T09:00\ndefect: ADO-4720\n",
    );
    let text = std::fs::read_to_string(&outages).expect("read");
    let cut = text
        .find("---\nkind: Outage\nid: OUT-108")
        .expect("OUT-108");
    std::fs::write(&outages, &text[..cut]).expect("write");
    std::fs::write(
        registry.join("renewals.yaml"),
        "kind: Certificate\nid: ACME-SITA-TLS-2\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nissued: 2026-11-01\nexpires: 2027-11-20\nreplaces: ACME-SITA-TLS-1\n",
    )
    .expect("write");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "November"]);

    // Not committed yet.
    edit(
        &registry.join("certificates.yaml"),
        "expires: 2026-12-20",
        "expires: 2027-06-30",
    );
    (dir, repo)
}

fn pack(repo: &Path, out: &Path, since: &str) -> std::process::Output {
    common::envplan()
        .env("GIT_CEILING_DIRECTORIES", repo.parent().unwrap_or(repo))
        .arg("--registry")
        .arg(repo.join("registry"))
        .args(["--as-of", "2026-11-03", "pack", "--month", "2026-11"])
        .arg("--out")
        .arg(out)
        .arg(format!("--since={since}"))
        .output()
        .expect("run envplan")
}

fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let rest = &md[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

#[test]
fn changes_since_a_tag_in_the_programme_words() {
    let (dir, repo) = history();
    // (`git status` itself may refresh the index, so it runs first.)
    let status_before = git(&repo, &["status", "--porcelain"]);
    let index = std::fs::read(repo.join(".git/index")).expect("index");
    // Rewrite a tracked file unchanged: a `git status` that refreshed the
    // index would now record its new timestamp.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let programme = repo.join("registry/programme.yaml");
    std::fs::write(&programme, std::fs::read(&programme).expect("read")).expect("write");
    let out = dir.path().join("out");
    let output = pack(&repo, &out, "ewg-2026-10");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let md = std::fs::read_to_string(out.join("pack.md")).expect("pack.md");
    let tag = git(&repo, &["rev-parse", "ewg-2026-10"]);
    let head = git(&repo, &["rev-parse", "HEAD"]);

    // The header names HEAD and says the registry has uncommitted changes.
    assert!(md.contains(&format!(
        "- **Registry:** git commit {}, with uncommitted changes in the registry",
        &head.trim()[..12]
    )));
    let changes = section(&md, "## Changes since");
    let expected = format!(
        "## Changes since ewg-2026-10 ({})

- Interval FUNC-4 (Functional cycle 4): participants: removed PIPE
- Interval MIG-2 (Migration cycle 2): moved +14 days, 2026-11-09 → 2026-11-23
- Interval NFT-2 (Non-functional cycle 2): end 2026-11-27 → 2026-12-04 (+7 days); lengthened by 7 days; status: planned → confirmed
- Certificate ACME-SITA-TLS-2: added
- Certificate ELEX-HELIX-TLS-1: expiry 2026-12-20 → 2027-06-30 (+192 days)
- Outage OUT-105: ended 2026-11-02T09:00 (was ongoing); defect: set to ADO-4720
- Outage OUT-108: removed
",
        &tag.trim()[..12]
    );
    assert_eq!(changes, expected);

    // The same in the HTML.
    let html = std::fs::read_to_string(out.join("pack.html")).expect("pack.html");
    assert!(html.contains("moved +14 days, 2026-11-09 → 2026-11-23"));

    // Nothing in the repository was touched: the index, the working tree.
    assert!(std::fs::read(repo.join(".git/index")).expect("index") == index);
    assert_eq!(git(&repo, &["status", "--porcelain"]), status_before);
}

#[test]
fn a_clean_registry_at_head_has_no_changes_and_no_dirty_mark() {
    let (dir, repo) = history();
    git(&repo, &["checkout", "-q", "--", "."]);
    let out = dir.path().join("out");
    let output = pack(&repo, &out, "HEAD");
    assert!(output.status.success());
    let md = std::fs::read_to_string(out.join("pack.md")).expect("pack.md");
    let head = git(&repo, &["rev-parse", "HEAD"]);
    assert!(md.contains(&format!(
        "- **Registry:** git commit {}\n",
        &head.trim()[..12]
    )));
    assert!(section(&md, "## Changes since HEAD").contains("_No record changed._"));
}

#[test]
fn a_bad_revision_is_a_usage_error() {
    let (dir, repo) = history();
    let out = dir.path().join("out");
    for rev in ["no-such-tag", "--output=/tmp/x", "HEAD~99"] {
        let output = pack(&repo, &out, rev);
        assert_eq!(output.status.code(), Some(2), "{rev}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("is not a revision of the registry's repository"),
            "{rev}: {stderr}"
        );
    }
    assert!(!out.exists());
}

#[test]
fn since_outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = dir.path().join("registry");
    copy_tree(&common::fixture("pack-month"), &registry);
    let out = dir.path().join("out");
    let output = common::envplan()
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .arg("--registry")
        .arg(&registry)
        .args(["pack", "--month", "2026-11", "--since", "HEAD"])
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not in a git repository"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}
