//! Property (issue 16): whatever control characters a pull request writes
//! into a registry's text, no output of any format contains one raw. The
//! strings are written with YAML escapes (`\e`, `\a`, `\x9b`...), so the
//! parser hands the characters themselves to envplan; every command and
//! format is then run on the real binary.

mod common;

use proptest::prelude::*;

/// Control characters other than the line ends and tabs formats use themselves.
fn is_raw_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// A piece of hostile text, as a YAML double-quoted escape sequence.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\\e]52;c;ZXZpbA==\\a",
        "\\e[2J",
        "\\x9b31m",
        "\\x85",
        "\\x7f",
        "\\0",
        "\\b",
        "\\r::error::x",
        "\\n##vso[task.setvariable]y",
        "\\u202e",
        "\\u200b",
        "\\x1c",
        "plain",
        " ",
        "=1+1",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..5).prop_map(|p| p.concat())
}

fn registry(dir: &std::path::Path, name: &str, description: &str, role: &str) {
    std::fs::write(
        dir.join("programme.yaml"),
        format!("kind: Programme\nid: PROP\nname: \"P{name}\"\ntimezone: Europe/London\nroles:\n  SUP-D: \"Supplier {name}\"\nstages:\n  functional: \"SIT {name}\"\n"),
    )
    .expect("write");
    std::fs::write(
        dir.join("records.yaml"),
        format!(
            "kind: Participant\nid: ACME\nname: \"{name}\"\ntype: supplier\nroles: [SUP-D]\nconnects_to_dip: false\nenvironment_manager: {{name: \"{name}\", email: jo@acme.example}}\n\
---\nkind: Environment\nid: SIT-A\nname: \"{name}\"\nowner: ACME\nphase: sit\nstages: [functional]\nsharing: exclusive\ndescription: \"{description}\"\n\
---\nkind: Interval\nid: F-1\nname: \"{name}\"\nenvironment: SIT-A\nstage: functional\nstart: 2026-03-02\nend: 2026-03-06\nparticipants: [ACME]\ndescription: \"{description}\"\n\
---\nkind: Interval\nid: F-2\nname: \"{description}\"\nenvironment: SIT-A\nstage: functional\nstart: 2026-03-04\nend: 2026-03-10\nparticipants: [ACME]\n\
---\nkind: Certificate\nid: ACME-TLS-1\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nmpid: ACME\nrole: \"{role}\"\nrequested_by: jo@acme.example\nissued: 2025-04-01\nexpires: 2026-04-01\n\
---\nkind: Outage\nid: OUT-1\nenvironment: SIT-A\nplanned: true\nreason: maintenance\nstart: 2026-03-05T08:00\nend: 2026-03-05T10:00\ndefect: \"{description}\"\n"
        ),
    )
    .expect("write");
}

const RUNS: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "json"],
    &["check", "--format", "github"],
    &["check", "--format", "azure"],
    &["check", "--format", "junit"],
    &["show", "SIT-A"],
    &["show", "ACME"],
    &["show", "F-2"],
    &["certs"],
    &["certs", "--format", "json"],
    &["certs", "--format", "csv"],
    &["clashes"],
    &["clashes", "--format", "json"],
    &["clashes", "--format", "csv"],
    &["plan"],
    &["plan", "--format", "markdown"],
    &["plan", "--format", "mermaid"],
    &["plan", "--format", "csv"],
    &["plan", "--format", "json"],
    &["plan", "--format", "ics"],
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

    #[test]
    fn no_output_holds_a_raw_control_character(
        name in text(),
        description in text(),
        role in text(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("registry");
        std::fs::create_dir(&root).expect("mkdir");
        registry(&root, &name, &description, &role);
        for args in RUNS {
            let out = common::envplan()
                .arg("--registry")
                .arg(&root)
                .args(["--as-of", "2026-03-01"])
                .args(*args)
                .output()
                .expect("run envplan");
            let code = out.status.code().unwrap_or(-1);
            prop_assert!(code <= 1, "{args:?}: exit {code}");
            for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                let text = String::from_utf8_lossy(bytes);
                let raw: Vec<char> = text.chars().filter(|&c| is_raw_control(c)).collect();
                prop_assert!(raw.is_empty(), "{args:?} {stream}: raw {raw:?} in\n{text}");
            }
        }
        // The pack: every file.
        let out_dir = dir.path().join("pack");
        let status = common::envplan()
            .arg("--registry")
            .arg(&root)
            .args(["--as-of", "2026-03-01", "pack", "--month", "2026-03", "--out"])
            .arg(&out_dir)
            .output()
            .expect("run envplan")
            .status;
        prop_assert!(status.success());
        for entry in std::fs::read_dir(&out_dir).expect("pack") {
            let path = entry.expect("entry").path();
            let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
            let raw: Vec<char> = text.chars().filter(|&c| is_raw_control(c)).collect();
            prop_assert!(raw.is_empty(), "{}: raw {raw:?}", path.display());
        }
    }
}
