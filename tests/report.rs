//! The formats of `envplan check`, its exit statuses and its options: human
//! and JSON snapshots, CI annotations with repository-relative paths, JUnit
//! read back by an XML parser, colour, `ENVPLAN_REGISTRY` and `--help`.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{envplan, fixture};

const AS_OF: &str = "2024-06-03";

fn run_check(registry: &Path, args: &[&str]) -> Output {
    envplan()
        .arg("--registry")
        .arg(registry)
        .args(["--as-of", AS_OF, "check"])
        .args(args)
        .output()
        .expect("run envplan")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

// ------------------------------------------------------------ human and JSON

#[test]
fn human_output_snapshots() {
    for name in [
        "ep204-stage",
        "ep105-connectivity",
        "ep003-schema",
        "ep007-none",
        "ep008-unreadable",
        "valid-small",
    ] {
        let out = run_check(&fixture(name), &[]);
        let text = stdout(&out);
        assert!(!text.contains('\u{1b}'), "NO_COLOR output has colour codes");
        insta::assert_snapshot!(format!("human-{name}"), text);
    }
}

#[test]
fn json_output_snapshots() {
    for name in ["ep204-stage", "ep001-syntax", "ep007-none"] {
        let out = run_check(&fixture(name), &["--format", "json"]);
        insta::assert_snapshot!(format!("json-{name}"), stdout(&out));
    }
}

#[test]
fn json_matches_the_contract_shape() {
    let out = run_check(&fixture("ep205-required"), &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 2);
    let first = &doc["diagnostics"][0];
    for key in [
        "code", "severity", "message", "file", "line", "column", "records",
    ] {
        assert!(!first[key].is_null(), "missing {key}");
    }
    assert_eq!(first["file"], "intervals.yaml");
    assert_eq!(first["records"], serde_json::json!(["EARLY", "SIT-A"]));
}

#[test]
fn output_is_deterministic() {
    for format in ["human", "json", "github", "azure", "junit"] {
        let a = run_check(&fixture("conformance-c1"), &["--format", format]);
        let b = run_check(&fixture("conformance-c1"), &["--format", format]);
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

// ------------------------------------------------------------ CI annotations

/// A git repository with a registry two folders down, and an odd file name.
fn repo_with_registry() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = dir.path().join("plans/registry");
    fs::create_dir_all(&registry).expect("mkdir");
    for entry in fs::read_dir(fixture("ep204-stage")).expect("fixture") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), registry.join(entry.file_name())).expect("copy");
    }
    fs::write(
        registry.join("odd, name: 100%.yaml"),
        "kind: Participant\nid: ODD\nname: Odd Ltd\ntype: programme\nconnects_to_dip: false\nenvironment_manager: {name: O, email: o@odd.example}\nmpids: [\"50%X\"]\n",
    )
    .expect("write");
    let status = Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(dir.path())
        .status()
        .expect("git init");
    assert!(status.success());
    dir
}

#[test]
fn github_annotations_use_repository_paths_and_escape() {
    let repo = repo_with_registry();
    // Run from somewhere else entirely: the path still starts at the repository root.
    let out = envplan()
        .current_dir(std::env::temp_dir())
        .arg("--registry")
        .arg(repo.path().join("plans/registry"))
        .args(["--as-of", AS_OF, "check", "--format", "github"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "::error file=plans/registry/intervals.yaml,line=5,col=8,title=EP204::interval `MIG-ON-SIT-A` is for stage `migration`, which environment `SIT-A` does not host%0Ahelp: `SIT-A` hosts connectivity-proving, functional; book another environment or add the stage to it"
    );
    assert_eq!(
        lines[1],
        "::error file=plans/registry/odd%2C name%3A 100%25.yaml,line=7,col=9,title=EP006::participant `ODD`: `50%25X` is not an MPID: an MPID is four characters, A-Z and 0-9"
    );
    assert_eq!(lines[2], "envplan: 2 error(s), 0 warning(s)");
}

#[test]
fn azure_logging_commands_use_repository_paths_and_escape() {
    let repo = repo_with_registry();
    let out = envplan()
        .current_dir(repo.path().join("plans"))
        .args(["--registry", "registry", "--as-of", AS_OF, "check"])
        .args(["--format", "azure"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "##vso[task.logissue type=error;sourcepath=plans/registry/intervals.yaml;linenumber=5;columnnumber=8;code=EP204;]EP204: interval `MIG-ON-SIT-A` is for stage `migration`, which environment `SIT-A` does not host (help: `SIT-A` hosts connectivity-proving, functional%3B book another environment or add the stage to it)"
    );
    assert!(
        lines[1].starts_with(
            "##vso[task.logissue type=error;sourcepath=plans/registry/odd, name: 100%AZP25.yaml;linenumber=7;columnnumber=9;code=EP006;]EP006: participant `ODD`: `50%AZP25X`"
        ),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], "envplan: 2 error(s), 0 warning(s)");
}

#[test]
fn annotations_inside_this_repository_start_at_its_root() {
    let out = run_check(&fixture("ep204-stage"), &["--format", "github"]);
    assert!(
        stdout(&out)
            .starts_with("::error file=tests/fixtures/ep204-stage/intervals.yaml,line=5,col=8,"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn annotations_outside_a_repository_are_relative_to_the_working_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    if dir.path().ancestors().any(|a| a.join(".git").exists()) {
        return; // the temporary directory is inside a repository on this machine
    }
    let registry = dir.path().join("reg");
    fs::create_dir_all(&registry).expect("mkdir");
    for entry in fs::read_dir(fixture("ep204-stage")).expect("fixture") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), registry.join(entry.file_name())).expect("copy");
    }
    let out = envplan()
        .current_dir(dir.path())
        .args([
            "--registry",
            "reg",
            "--as-of",
            AS_OF,
            "check",
            "--format",
            "azure",
        ])
        .output()
        .expect("run");
    assert!(
        stdout(&out).starts_with(
            "##vso[task.logissue type=error;sourcepath=reg/intervals.yaml;linenumber=5;"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn findings_without_a_place_are_annotations_without_a_file() {
    let out = run_check(&fixture("ep007-none"), &["--format", "github"]);
    assert!(stdout(&out).starts_with("::error title=EP007::the registry has no Programme record"));
    let out = run_check(&fixture("ep007-none"), &["--format", "azure"]);
    assert!(stdout(&out).starts_with("##vso[task.logissue type=error;code=EP007;]EP007: "));
}

// ------------------------------------------------------------ JUnit

struct Counts {
    tests: usize,
    failures: usize,
}

fn junit(name: &str, extra: &[&str]) -> (String, Counts) {
    let mut args = vec!["--format", "junit"];
    args.extend_from_slice(extra);
    let text = stdout(&run_check(&fixture(name), &args));
    let counts = {
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let attr = |n: roxmltree::Node<'_, '_>, a: &str| -> usize {
            n.attribute(a).expect(a).parse().expect("number")
        };
        let suites: Vec<_> = root
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        let mut cases = 0;
        let mut failed = 0;
        for suite in &suites {
            let suite_cases: Vec<_> = suite
                .children()
                .filter(|n| n.has_tag_name("testcase"))
                .collect();
            let suite_failed = suite_cases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
                .count();
            assert_eq!(attr(*suite, "tests"), suite_cases.len());
            assert_eq!(attr(*suite, "failures"), suite_failed);
            cases += suite_cases.len();
            failed += suite_failed;
        }
        assert_eq!(attr(root, "tests"), cases);
        assert_eq!(attr(root, "failures"), failed);
        Counts {
            tests: cases,
            failures: failed,
        }
    };
    (text, counts)
}

fn text_of(name: &str) -> String {
    junit(name, &[]).0
}

#[test]
fn junit_is_well_formed_and_counts_failures() {
    // Four files: one failing case for the error, one passing case per clean file.
    let (text, counts) = junit("ep204-stage", &[]);
    assert_eq!((counts.tests, counts.failures), (4, 1));
    assert!(text.contains(r#"<failure message="interval `MIG-ON-SIT-A` is for stage"#));

    // Warnings pass, unless warnings are denied.
    let (text, counts) = junit("ep205-required", &[]);
    assert_eq!((counts.tests, counts.failures), (5, 0));
    assert!(text.contains("<system-out>warning EP205"));
    let (_, counts) = junit("ep205-required", &["--deny-warnings"]);
    assert_eq!((counts.tests, counts.failures), (5, 2));

    // A finding without a file is a case of its own.
    let (text, counts) = junit("ep007-none", &[]);
    assert_eq!((counts.tests, counts.failures), (3, 1));
    assert!(text.contains(r#"<testsuite name="(registry)""#));

    // The `file` of a case is relative to the repository, like the annotations.
    assert!(text_of("ep204-stage").contains(r#"file="tests/fixtures/ep204-stage/intervals.yaml""#));

    // Characters XML must escape, in a file name and in messages.
    let (_, counts) = junit("conformance-c1", &[]);
    assert!(counts.failures > 10);
}

// ------------------------------------------------------------ exit statuses and options

#[test]
fn exit_statuses() {
    let status = |out: Output| out.status.code();
    assert_eq!(status(run_check(&fixture("valid-small"), &[])), Some(0));
    // Warnings only: success, unless warnings are denied.
    assert_eq!(status(run_check(&fixture("ep205-required"), &[])), Some(0));
    assert_eq!(
        status(run_check(&fixture("ep205-required"), &["--deny-warnings"])),
        Some(1)
    );
    assert_eq!(status(run_check(&fixture("ep204-stage"), &[])), Some(1));

    // A registry that is not there is a usage error, said plainly on stderr.
    let out = run_check(&fixture("no-such-registry"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("registry directory") && err.contains("not found"),
        "{err}"
    );
    assert!(err.contains("--registry DIR"), "{err}");
    assert!(out.stdout.is_empty());

    // Usage errors.
    for args in [
        &["--as-of", "2024-02-30", "check"][..],
        &["check", "--format", "xml"][..],
        &["check", "--no-such-flag"][..],
        &["no-such-command"][..],
    ] {
        let out = envplan()
            .arg("--registry")
            .arg(fixture("valid-small"))
            .args(args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn registry_from_the_environment_and_the_flag() {
    let out = envplan()
        .env("ENVPLAN_REGISTRY", fixture("ep204-stage"))
        .args(["--as-of", AS_OF, "check", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("EP204"));
    // The flag wins over the variable.
    let out = envplan()
        .env("ENVPLAN_REGISTRY", fixture("ep204-stage"))
        .arg("--registry")
        .arg(fixture("valid-small"))
        .args(["--as-of", AS_OF, "check"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    // Without either, `./registry` is used.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = envplan()
        .current_dir(dir.path())
        .args(["--as-of", AS_OF, "check"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`registry` not found"));
}

#[test]
fn as_of_changes_what_is_found() {
    let (_, before) = common::check("ep403-ongoing", "2024-05-31");
    let (_, after) = common::check("ep403-ongoing", "2024-06-03");
    assert!(before.diagnostics.is_empty());
    assert_eq!(after.diagnostics.len(), 1);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let has_escape = |out: &Output| out.stdout.contains(&0x1b);
    // The helper sets NO_COLOR; output to a pipe is plain anyway.
    let plain = run_check(&fixture("ep204-stage"), &[]);
    assert!(!has_escape(&plain));
    let out = envplan()
        .arg("--color")
        .arg("always")
        .arg("--registry")
        .arg(fixture("ep204-stage"))
        .args(["--as-of", AS_OF, "check"])
        .output()
        .expect("run");
    assert!(has_escape(&out), "--color always wins over NO_COLOR");
    let out = envplan()
        .env_remove("NO_COLOR")
        .args(["--color", "never", "--registry"])
        .arg(fixture("ep204-stage"))
        .args(["--as-of", AS_OF, "check"])
        .output()
        .expect("run");
    assert!(!has_escape(&out));
    // Machine formats are never coloured.
    let out = envplan()
        .args(["--color", "always", "--registry"])
        .arg(fixture("ep204-stage"))
        .args(["--as-of", AS_OF, "check", "--format", "json"])
        .output()
        .expect("run");
    assert!(!has_escape(&out));
}

#[test]
fn help_of_every_command() {
    let commands: [&[&str]; 15] = [
        &[],
        &["check"],
        &["clashes"],
        &["certs"],
        &["plan"],
        &["pack"],
        &["slots"],
        &["site"],
        &["show"],
        &["schema"],
        &["init"],
        &["explain"],
        &["diff"],
        &["completions"],
        &["man"],
    ];
    for args in commands {
        let out = envplan().args(args).arg("--help").output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let name = if args.is_empty() {
            "help".to_owned()
        } else {
            format!("help-{}", args[0])
        };
        insta::assert_snapshot!(name, stdout(&out));
    }
}
