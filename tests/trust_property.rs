//! Issue 16's property: whatever text a pull request puts in the registry,
//! no human-readable output contains a raw control, bidi or zero-width
//! character from it, and no output line can be taken for a GitHub workflow
//! command or an Azure logging command. The registry below is valid apart
//! from the generated strings, so that the values reach every renderer
//! (tables wide and stacked, the source line under a finding, `show`, the
//! text plan), not just the loader's errors.

mod common;

use std::fmt::Write as _;

use proptest::prelude::*;

use common::envplan;
use envplan::output::sanitize::is_unsafe;

/// Pieces an attacker would combine: terminal escapes, line breaks of every
/// kind, bidi and zero-width characters, C1 controls, and CI commands.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_owned()),
        Just("\u{1b}[31m".to_owned()),
        Just("\r".to_owned()),
        Just("\n".to_owned()),
        Just("\t".to_owned()),
        Just("\u{85}".to_owned()),
        Just("\u{9b}".to_owned()),
        Just("\u{7f}".to_owned()),
        Just("\u{2028}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{200b}".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("::error::forged".to_owned()),
        Just("##vso[task.prependpath]/tmp/evil".to_owned()),
        Just("##[group]".to_owned()),
        Just(" ".to_owned()),
        "[a-zA-Z0-9 ]{0,6}",
    ];
    prop::collection::vec(piece, 1..6).prop_map(|pieces| pieces.concat())
}

/// A YAML double-quoted scalar holding `text` exactly: everything outside
/// printable ASCII is written as an escape, so the file itself is valid
/// YAML and the value arrives as generated.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => {
                write!(out, "\\u{:04x}", c as u32).expect("write to a String")
            }
            c => write!(out, "\\U{:08x}", c as u32).expect("write to a String"),
        }
    }
    out.push('"');
    out
}

fn registry(dir: &std::path::Path, t: &[String; 5]) {
    let [env_name, description, participant, interval, role] = t.each_ref().map(|s| quoted(s));
    std::fs::write(
        dir.join("programme.yaml"),
        "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\ncertificate_warning: 60d\nroles:\n  SUP-D: Domestic supplier\nstages:\n  functional: SIT Functional\n",
    )
    .expect("write the registry");
    std::fs::write(
        dir.join("registry.yaml"),
        format!(
            "kind: Participant\nid: ACME\nname: {participant}\ntype: supplier\nroles: [SUP-D]\nconnects_to_dip: false\nenvironment_manager: {{name: {participant}, email: jo@acme.example}}\n---\n\
kind: Environment\nid: SIT-A\nname: {env_name}\nowner: ACME\nphase: sit\nstages: [functional]\nsharing: exclusive\ndescription: {description}\n---\n\
kind: Interval\nid: F-1\nname: {interval}\nenvironment: SIT-A\nstage: functional\nstart: 2026-03-02\nend: 2026-03-06\nparticipants: [ACME]\n---\n\
kind: Interval\nid: F-2\nname: {interval}\ndescription: {description}\nenvironment: SIT-A\nstage: functional\nstart: 2026-03-04\nend: 2026-03-10\nparticipants: [ACME]\n---\n\
kind: Certificate\nid: ACME-TLS-1\nparticipant: ACME\nenvironment: SIT-A\npurpose: tls\nmpid: ACME\nrole: {role}\nrequested_by: jo@acme.example\nissued: 2025-04-01\nexpires: 2026-04-01\n"
        ),
    )
    .expect("write the registry");
}

/// What a terminal or a CI runner would act on, if the text holds any.
fn danger(text: &str) -> Option<String> {
    text.split('\n').find_map(|line| {
        if let Some(c) = line.chars().find(|&c| is_unsafe(c)) {
            Some(format!("raw {c:?} in {line:?}"))
        } else if line.trim_start().starts_with("::") {
            Some(format!("workflow command: {line:?}"))
        } else if line.contains("##[") || line.contains("##vso[") {
            Some(format!("logging command: {line:?}"))
        } else {
            None
        }
    })
}

const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "concise"],
    &["show", "SIT-A"],
    &["show", "ACME"],
    &["show", "F-2"],
    &["show", "ACME-TLS-1"],
    &["certs"],
    &["clashes"],
    &["plan", "--from", "2026-03-01", "--to", "2026-03-15"],
    &[
        "slots",
        "--environment",
        "SIT-A",
        "--stage",
        "functional",
        "--length",
        "3d",
    ],
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_output_carries_raw_registry_controls(t in [hostile(), hostile(), hostile(), hostile(), hostile()]) {
        let dir = tempfile::tempdir().unwrap();
        registry(dir.path(), &t);
        for columns in ["200", "60"] {
            for args in COMMANDS {
                let out = envplan()
                    .env("COLUMNS", columns)
                    .arg("--registry")
                    .arg(dir.path())
                    .args(["--as-of", "2026-03-01"])
                    .args(*args)
                    .output()
                    .unwrap();
                let code = out.status.code();
                prop_assert!(matches!(code, Some(0..=2)), "{args:?}: {code:?}");
                for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                    let text = String::from_utf8_lossy(bytes);
                    if let Some(d) = danger(&text) {
                        prop_assert!(false, "{args:?} at {columns} columns, {stream}: {d}\n{text}");
                    }
                }
            }
        }
    }
}
