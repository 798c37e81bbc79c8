//! Whatever a pull request can put in a registry: envplan answers with a
//! clear finding naming the file (or loads it normally, when it is valid
//! YAML), exits 0, 1 or 2 and never 101 (a panic), and does not hang.
//!
//! Inputs that are sane to commit are fixtures under
//! `tests/fixtures/hostile-*/`; the rest (a 20 MB file, 100,000 empty
//! documents, symbolic links, unreadable files) are made in a temporary
//! directory by the test. Every run is bounded by a 120-second guard: it
//! catches a hang, not slowness (speed is measured in `benches/`). A debug
//! build on a machine at a load of 8 took up to 53 s for the largest case,
//! a tenth of that alone; the time taken is printed.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{CheckJson, Diag};

const AS_OF: &str = "2026-03-01";
const GUARD: Duration = Duration::from_secs(120);

/// Run `check --format json` (plus `extra` flags) with the time guard.
fn run(dir: &Path, extra: &[&str]) -> (i32, CheckJson) {
    let started = Instant::now();
    let output = common::envplan()
        .arg("--registry")
        .arg(dir)
        .args(["--as-of", AS_OF, "check", "--format", "json"])
        .args(extra)
        .timeout(GUARD)
        .output()
        .expect("run envplan");
    let elapsed = started.elapsed();
    assert!(
        elapsed < GUARD,
        "envplan did not finish within {GUARD:?} on {}",
        dir.display()
    );
    eprintln!("{}: {elapsed:?}", dir.display());
    let status = output.status.code().unwrap_or(-1);
    assert!(
        matches!(status, 0..=2),
        "exit status {status} (101 is a panic); stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc: CheckJson = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not check JSON ({e}); stderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (status, doc)
}

fn check(dir: &Path) -> (i32, CheckJson) {
    run(dir, &[])
}

/// `code file:line:column` of every finding.
fn places(doc: &CheckJson) -> Vec<String> {
    doc.diagnostics.iter().map(Diag::at).collect()
}

/// The one finding there is, with its code and file.
fn only(doc: &CheckJson) -> &Diag {
    assert_eq!(doc.diagnostics.len(), 1, "{:#?}", doc.diagnostics);
    &doc.diagnostics[0]
}

const PROGRAMME: &str = "kind: Programme\nid: HOSTILE\nname: Hostile input\ntimezone: Europe/London\nroles:\n  SUP-D: Domestic supplier\nstages:\n  functional: SIT Functional\n";
const BASE: &str = "kind: Environment\nid: SIT-A\nname: SIT A\nowner: ACME\nphase: sit\nstages: [functional]\n---\nkind: Participant\nid: ACME\nname: Acme Energy\ntype: supplier\nroles: [SUP-D]\nconnects_to_dip: false\nenvironment_manager: {name: Jo Bloggs, email: jo@acme.example}\n";

/// A temporary registry with a Programme and a valid environment and participant.
fn registry() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("registry");
    std::fs::create_dir(&root).expect("mkdir");
    std::fs::write(root.join("programme.yaml"), PROGRAMME).expect("write");
    std::fs::write(root.join("base.yaml"), BASE).expect("write");
    (dir, root)
}

#[test]
fn alias_bomb_is_a_resource_finding() {
    let (status, doc) = check(&common::fixture("hostile-alias-bomb"));
    let d = only(&doc);
    assert_eq!(d.at(), "EP008 bomb.yaml:8:12");
    assert!(
        d.message.contains("more than 20000 values"),
        "{}",
        d.message
    );
    assert!(d.help.as_deref().unwrap_or("").contains("alias bomb"));
    assert_eq!(status, 1);
}

/// The other kind of alias bomb: one long value used over and over.
#[test]
fn an_alias_bomb_of_long_strings_is_a_resource_finding() {
    let (_dir, root) = registry();
    let text = format!(
        "kind: Environment\nid: LONG\nname: &b {}\nowner: ACME\nphase: sit\nstages: [{}]\n",
        "x".repeat(7 * 1024 * 1024),
        ["*b"; 12].join(", ")
    );
    std::fs::write(root.join("long.yaml"), text).expect("write");
    let (status, doc) = check(&root);
    let d = only(&doc);
    assert_eq!(
        (d.code.as_str(), d.file.as_deref()),
        ("EP008", Some("long.yaml"))
    );
    assert!(
        d.message.contains("counting each use of an alias"),
        "{}",
        d.message
    );
    assert_eq!(status, 1);
}

#[test]
fn ten_thousand_deep_nesting_is_a_resource_finding() {
    let (status, doc) = check(&common::fixture("hostile-deep-nesting"));
    let d = only(&doc);
    assert_eq!(
        (d.code.as_str(), d.file.as_deref()),
        ("EP008", Some("deep.yaml"))
    );
    assert!(
        d.message.contains("nested more than 48 levels"),
        "{}",
        d.message
    );
    assert_eq!(status, 1);
}

#[test]
fn a_file_of_twenty_megabytes_is_not_read() {
    let (_dir, root) = registry();
    let mut text = String::from("kind: Interval\nid: BIG\nname: ");
    text.push_str(&"x".repeat(20 * 1024 * 1024));
    text.push('\n');
    std::fs::write(root.join("big.yaml"), &text).expect("write");
    let (status, doc) = check(&root);
    let d = only(&doc);
    assert_eq!(d.at(), "EP008 big.yaml:1:1");
    assert!(
        d.message.contains(&format!(
            "file is {} bytes, more than the 8 MiB",
            text.len()
        )),
        "{}",
        d.message
    );
    assert_eq!(status, 1);
}

#[test]
fn a_large_valid_file_under_the_limit_loads() {
    let (_dir, root) = registry();
    let mut text = String::from(
        "kind: Environment\nid: BIG\nname: Big\nowner: ACME\nphase: sit\nstages: [functional]\ndescription: ",
    );
    text.push_str(&"x".repeat(7 * 1024 * 1024));
    text.push('\n');
    std::fs::write(root.join("big.yaml"), &text).expect("write");
    let (status, doc) = check(&root);
    assert!(doc.diagnostics.is_empty(), "{:#?}", doc.diagnostics);
    assert_eq!(status, 0);
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_the_place_of_the_bad_byte() {
    let (status, doc) = check(&common::fixture("hostile-not-utf8"));
    let d = only(&doc);
    assert_eq!(d.at(), "EP008 latin1.yaml:3:10");
    assert!(d.message.contains("not UTF-8"), "{}", d.message);
    assert_eq!(status, 1);
}

/// A byte-order mark is valid: the file loads, and columns on every line
/// (the first included) are where the user sees them.
#[test]
fn a_byte_order_mark_loads_normally() {
    let dir = common::fixture("hostile-bom");
    let bytes = std::fs::read(dir.join("intervals.yaml")).expect("read");
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "the fixture has its BOM"
    );
    let (status, doc) = check(&dir);
    // The one deliberate mistake, at its exact place: the record was read.
    assert_eq!(places(&doc), ["EP005 intervals.yaml:4:14"]);
    assert_eq!(doc.diagnostics[0].records, ["I-1"]);
    assert_eq!(status, 1);
}

#[test]
fn crlf_line_ends_load_normally() {
    let dir = common::fixture("hostile-crlf");
    let bytes = std::fs::read(dir.join("intervals.yaml")).expect("read");
    assert!(
        bytes.windows(2).any(|w| w == b"\r\n"),
        "the fixture has CRLF"
    );
    let (status, doc) = check(&dir);
    assert_eq!(places(&doc), ["EP005 intervals.yaml:4:14"]);
    assert_eq!(status, 1);
}

#[test]
fn tabs_for_indentation_are_a_syntax_error_with_help() {
    let (status, doc) = check(&common::fixture("hostile-tabs"));
    let d = only(&doc);
    assert_eq!(d.at(), "EP001 tabs.yaml:7:2");
    assert!(d.help.as_deref().unwrap_or("").contains("spaces"), "{d:?}");
    assert_eq!(status, 1);
}

/// A key written twice is one EP003 at the second; the record is read with
/// the first and still counts.
#[test]
fn duplicate_mapping_keys_are_a_schema_error_and_the_record_is_kept() {
    let (status, doc) = check(&common::fixture("hostile-duplicate-keys"));
    let d = only(&doc);
    assert_eq!(d.at(), "EP003 dup.yaml:6:1");
    assert!(d.message.contains("the key `name` twice"), "{}", d.message);
    assert!(
        d.help.as_deref().unwrap_or("").contains("reads the first"),
        "{d:?}"
    );
    assert_eq!(status, 1);
    let show = common::envplan()
        .arg("--registry")
        .arg(common::fixture("hostile-duplicate-keys"))
        .args(["show", "DUP"])
        .output()
        .expect("run envplan");
    assert!(show.status.success(), "{show:?}");
    let text = String::from_utf8(show.stdout).expect("utf-8");
    assert!(text.starts_with("Environment DUP: First name\n"), "{text}");
}

#[test]
fn an_id_of_ten_thousand_characters_is_invalid_and_shown_short() {
    let (status, doc) = check(&common::fixture("hostile-long-id"));
    let d = only(&doc);
    assert_eq!(d.at(), "EP006 long.yaml:2:5");
    assert!(d.message.ends_with("…` is not a valid id"), "{}", d.message);
    assert!(d.message.chars().count() < 120, "{}", d.message);
    assert_eq!(status, 1);
}

/// One large file with thousands of findings: the human report shows each
/// with its snippet without rescanning the whole file for every one (it
/// used to take minutes; now well under a second in a release build).
#[test]
fn thousands_of_findings_in_one_large_file_render_quickly() {
    let (_dir, root) = registry();
    let mut text = String::new();
    for i in 0..8_000 {
        text.push_str(&format!(
            "kind: Interval\nid: I-{i}\nname: Interval {i} with a name long enough to fill a line\nenvironment: NOWHERE\nstage: functional\nstart: 2026-03-02\nend: 2026-03-06\n---\n"
        ));
    }
    std::fs::write(root.join("intervals.yaml"), &text).expect("write");
    let started = Instant::now();
    let output = common::envplan()
        .arg("--registry")
        .arg(&root)
        .args(["--as-of", AS_OF, "check"])
        .timeout(GUARD)
        .output()
        .expect("run envplan");
    eprintln!(
        "human report, 8,000 findings in one {} KB file: {:?}",
        text.len() / 1024,
        started.elapsed()
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("[intervals.yaml:63996:14]"),
        "the last finding shows its place"
    );
    assert!(
        stdout
            .trim_end()
            .ends_with("8000 errors, 0 warnings (3 files, 8003 records, as of 2026-03-01)"),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
}

#[test]
fn a_hundred_thousand_empty_documents_are_ignored() {
    let (_dir, root) = registry();
    std::fs::write(root.join("empty.yaml"), "---\n".repeat(100_000)).expect("write");
    std::fs::write(root.join("ended.yaml"), "---\n...\n".repeat(100_000)).expect("write");
    let (status, doc) = check(&root);
    assert!(doc.diagnostics.is_empty(), "{:#?}", doc.diagnostics);
    assert_eq!(status, 0);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_noted_not_followed() {
    let (_dir, root) = registry();
    std::os::unix::fs::symlink(".", root.join("loop")).expect("link");
    std::os::unix::fs::symlink("..", root.join("up")).expect("link");
    std::os::unix::fs::symlink("again.yaml", root.join("again.yaml")).expect("link");
    let (status, doc) = check(&root);
    assert_eq!(
        places(&doc),
        ["EP009 again.yaml:1:1", "EP009 loop:1:1", "EP009 up:1:1"]
    );
    // EP009 is an error: whatever the link held is missing from the registry.
    assert_eq!(status, 1);
}

/// A FIFO outside the registry: reading it would block until the guard
/// fires, so a test that finishes proves it was never opened for reading.
#[cfg(unix)]
fn trap(dir: &Path) -> PathBuf {
    let fifo = dir.join("trap.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo failed");
    fifo
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_registry_are_noted_not_followed() {
    let (dir, root) = registry();
    let fifo = trap(dir.path());
    std::os::unix::fs::symlink("/etc/passwd", root.join("passwd.yaml")).expect("link");
    std::os::unix::fs::symlink("/", root.join("root")).expect("link");
    std::os::unix::fs::symlink(&fifo, root.join("trap.yaml")).expect("link");
    std::os::unix::fs::symlink(dir.path(), root.join("outside")).expect("link");
    let (status, doc) = check(&root);
    assert_eq!(
        places(&doc),
        [
            "EP009 outside:1:1",
            "EP009 passwd.yaml:1:1",
            "EP009 root:1:1",
            "EP009 trap.yaml:1:1"
        ]
    );
    assert_eq!(status, 1);
}

/// Running as root, `chmod 000` does not stop reading: then only the path
/// that is too long to open (which stops root too) is tried.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, root) = registry();
    let locked = root.join("locked.yaml");
    std::fs::write(
        &locked,
        BASE.replace("SIT-A", "SIT-B").replace("ACME", "BETA"),
    )
    .expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::File::open(&locked).is_ok() {
        eprintln!("skipped the chmod 000 case: this user (root?) can read a file of mode 000");
        std::fs::remove_file(&locked).expect("remove");
    } else {
        let (status, doc) = check(&root);
        let d = only(&doc);
        assert_eq!(d.at(), "EP008 locked.yaml:1:1");
        assert!(d.message.contains("cannot be read"), "{}", d.message);
        assert_eq!(status, 1);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        std::fs::remove_file(&locked).expect("remove");
    }

    // A file whose full path is longer than the system allows cannot be
    // opened by anyone. Built from the bottom up with renames between short
    // paths, since no path to the deepest folder could be used.
    let name = "d".repeat(200);
    let depth = 22; // 22 × 201 bytes: past the 4,096-byte limit on paths
    let work = tempfile::tempdir().expect("tempdir");
    let (chain, parent) = (work.path().join("x"), work.path().join("p"));
    std::fs::create_dir(&chain).expect("mkdir");
    std::fs::write(chain.join("far.yaml"), "kind: Environment\n").expect("write");
    for _ in 0..depth {
        std::fs::create_dir(&parent).expect("mkdir");
        std::fs::rename(&chain, parent.join(&name)).expect("rename");
        std::fs::rename(&parent, &chain).expect("rename");
    }
    std::fs::rename(&chain, root.join(&name)).expect("rename");
    let (status, doc) = check(&root);
    let d = only(&doc);
    assert_eq!(d.code, "EP008");
    let file = d.file.as_deref().expect("a file");
    assert!(file.starts_with(&format!("{name}/")), "{file}");
    assert!(d.message.contains("cannot be read"), "{}", d.message);
    assert_eq!(status, 1);
}

/// Certificate files named outside the registry are never read: the
/// fixture's `../../etc/passwd` and `/etc/passwd`, and here a FIFO that
/// would block a reader.
#[cfg(unix)]
#[test]
fn certificate_files_outside_the_registry_are_never_read() {
    let (status, _) = check(&common::fixture("hostile-cert-paths"));
    assert!(matches!(status, 0 | 1));

    let (dir, root) = registry();
    let fifo = trap(dir.path());
    std::fs::write(
        root.join("base.yaml"),
        format!("{BASE}pki_officers:\n  nominating_officer: {{name: N, email: n@acme.example}}\n  sro: {{name: S, email: s@acme.example}}\n"),
    )
    .expect("write");
    std::fs::write(
        root.join("certs.yaml"),
        format!(
            "kind: Certificate\nid: RELATIVE\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nexpires: 2027-01-01\nfile: ../trap.fifo\n---\nkind: Certificate\nid: ABSOLUTE\nparticipant: ACME\nenvironment: SIT-A\npurpose: jws\nexpires: 2027-01-01\nfile: {}\n",
            fifo.display()
        ),
    )
    .expect("write");
    let (status, doc) = check(&root);
    assert!(matches!(status, 0 | 1));
    for d in &doc.diagnostics {
        assert!(d.code == "EP304", "unexpected {d:?}");
    }
}

/// EP304 names both certificate files that lie outside the registry.
#[test]
fn certificate_files_outside_the_registry_are_ep304() {
    let (status, doc) = check(&common::fixture("hostile-cert-paths"));
    let ep304: Vec<&Diag> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "EP304")
        .collect();
    let named: Vec<&str> = ep304
        .iter()
        .flat_map(|d| d.records.iter().map(String::as_str))
        .collect();
    assert!(named.contains(&"ESCAPE"), "{:#?}", doc.diagnostics);
    assert!(named.contains(&"ABSOLUTE"), "{:#?}", doc.diagnostics);
    assert!(ep304
        .iter()
        .all(|d| d.file.as_deref() == Some("certs.yaml")));
    assert_eq!(status, 1);
}
