//! Issue 16: nothing from a pull request reaches a terminal or a CI log raw,
//! and the gate's exit status survives a reader that goes away.
//!
//! `tests/fixtures/trust-injection/` holds each case the issue names: a
//! description `"ok\n::error file=programme.yaml,line=1::forged"` (a forged
//! GitHub annotation through `show`), a certificate `role` with
//! `"\n::error::forged"` (through the `certs` table), a name
//! `"##vso[task.prependpath]/tmp/evil"` (Azure, through `plan` and `show`),
//! an OSC 52 clipboard write, a bare CR, a right-to-left override and a
//! zero-width space, both escaped in YAML and raw in the file.

mod common;

use std::process::Stdio;

use common::{envplan, fixture, CheckJson};
use envplan::output::sanitize::is_unsafe;

const AS_OF: &str = "2026-03-01";

fn run(registry: &str, args: &[&str]) -> (i32, String, String) {
    // Wide enough that the tables stay tables (below 72 columns, or when a
    // table would break words, they are stacked).
    let columns = if args.first() == Some(&"certs") {
        "200"
    } else {
        "100"
    };
    let out = envplan()
        .env("COLUMNS", columns)
        .arg("--registry")
        .arg(fixture(registry))
        .args(["--as-of", AS_OF])
        .args(args)
        .output()
        .expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// What a terminal or a CI runner would act on, if the text holds any.
fn dangers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        if let Some(c) = line.chars().find(|&c| is_unsafe(c)) {
            found.push(format!("line {}: raw {:?}", n + 1, c));
        }
        if line.trim_start().starts_with("::") {
            found.push(format!("line {}: starts a workflow command: {line}", n + 1));
        }
        if line.contains("##[") || line.contains("##vso[") {
            found.push(format!("line {}: holds a logging command: {line}", n + 1));
        }
    }
    found
}

/// Every human-readable output of the hostile registry is safe, and its
/// registry text is there, escaped.
#[test]
fn human_outputs_show_registry_text_escaped() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["show", "SIT-A"],
            &[
                "Environment SIT-A: #\\u{23}vso[task.prependpath]/tmp/evil\n",
                "  description  ok\\u{a}::error file=programme.yaml,line=1::forged\n",
            ],
        ),
        (
            &["show", "ACME"],
            &[
                "Participant ACME: Acme \\u{1b}]52;c;ZXZpbA==\\u{7} Energy\n",
                "  environment_manager  Jo\\u{202e} Bloggs <jo@acme.example>\n",
            ],
        ),
        (
            &["show", "F-2"],
            &[
                "Interval F-2: ad\\u{200b}min #\\u{23}[group]x\n",
                "pay\\u{202e}di.exe",
            ],
        ),
        (&["certs"], &["ACME/SUP-D\\u{a}::error::forged  2026-04-01"]),
        (
            &["plan", "--from", "2026-03-01", "--to", "2026-03-15"],
            &[
                "SIT-A  #\\u{23}vso[task.prependpath]/tmp…",
                "  F-1  first\\u{d}::warning::hidden by CR ",
                "  F-2  ad\\u{200b}min #\\u{23}[group]x ",
            ],
        ),
        (&["clashes"], &["│ SIT-A       ┆ F-1 "]),
        (
            &["check"],
            &[
                "`SUP-D\\u{a}::error::forged` is not a role code of the programme",
                " 29 │ name: \"ad\\u{200b}min #\\u{23}[group]x\"  # a raw zero-width space\n",
                " 30 │ description: \"pay\\u{202e}di.exe\"",
            ],
        ),
    ];
    for (args, expected) in cases {
        let (status, out, err) = run("trust-injection", args);
        assert!(status <= 1, "{args:?}: exit {status}: {err}");
        assert_eq!(dangers(&out), Vec::<String>::new(), "{args:?}:\n{out}");
        assert_eq!(dangers(&err), Vec::<String>::new(), "{args:?}:\n{err}");
        for e in *expected {
            assert!(out.contains(e), "{args:?}: no {e:?} in\n{out}");
        }
    }
}

/// The source line under a finding keeps its underline under the value
/// when the line holds characters shown escaped.
#[test]
fn the_underline_stays_under_an_escaped_value() {
    let (_, out, _) = run("trust-injection", &["check"]);
    let at = out
        .find(" 29 │ name: \"ad\\u{200b}min")
        .expect("the source line");
    let mut lines = out[at..].lines();
    let source = lines.next().expect("source");
    let underline = lines.next().expect("underline");
    let value_start = source.find('"').expect("quote");
    let value_len = source[value_start..].find("  #").expect("comment");
    let mark_start = underline.find('─').expect("underline");
    let mark_len = underline.trim_end().len() - mark_start;
    let width = |s: &str| s.chars().count();
    assert_eq!(
        width(&underline[..mark_start]),
        width(&source[..value_start]),
        "{source}\n{underline}"
    );
    assert_eq!(
        width(&underline[mark_start..mark_start + mark_len]),
        width(&source[value_start..value_start + value_len]),
        "{source}\n{underline}"
    );
}

/// EP601: a warning at the value, with a help line, for bidi controls and
/// zero-width characters in ids and names; descriptions are free text.
#[test]
fn hidden_characters_in_names_are_a_warning() {
    let (status, out, _) = run("trust-injection", &["check", "--format", "json"]);
    assert_eq!(status, 1);
    let doc: CheckJson = serde_json::from_str(&out).expect("json");
    let hidden: Vec<String> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "EP601")
        .map(|d| format!("{} {} {}", d.at(), d.severity, d.message))
        .collect();
    assert_eq!(
        hidden,
        [
            "EP601 registry.yaml:7:29 warning name of `ACME` holds U+202E RIGHT-TO-LEFT OVERRIDE, which changes the direction in which the text around it is shown: the value is not what it looks like",
            "EP601 registry.yaml:29:7 warning name of `F-2` holds U+200B ZERO WIDTH SPACE, which is invisible: the value is not what it looks like",
        ]
    );
    let help = doc
        .diagnostics
        .iter()
        .find(|d| d.code == "EP601")
        .and_then(|d| d.help.clone());
    assert_eq!(
        help.as_deref(),
        Some("remove the character (editors usually do not show it: retype the name, or search for `\\u{202e}`)")
    );
}

/// A lone CR is a line break for the YAML parser; the human report counts
/// lines the same way, so both formats name the same line.
#[test]
fn a_lone_cr_does_not_shift_the_human_report() {
    let (_, json, _) = run("trust-lone-cr", &["check", "--format", "json"]);
    let doc: CheckJson = serde_json::from_str(&json).expect("json");
    let d = &doc.diagnostics[0];
    assert_eq!(d.at(), "EP005 environments.yaml:4:8");
    let (_, human, _) = run("trust-lone-cr", &["check"]);
    assert!(human.contains("╭─[environments.yaml:4:8]\n"), "{human}");
    assert!(
        human.contains(" 4 │ owner: NOBODY\n   ·        ───┬──\n"),
        "{human}"
    );
    assert!(!human.contains('\r'));
}

/// Run a command with its stdout a pipe whose reader has already gone.
fn into_closed_pipe(registry: &str, args: &[&str]) -> (i32, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_envplan"))
        .env_remove("ENVPLAN_REGISTRY")
        .env("NO_COLOR", "1")
        .arg("--registry")
        .arg(fixture(registry))
        .args(["--as-of", AS_OF])
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// `envplan check | head -1`: the reader goes away, envplan stops writing,
/// prints nothing, and exits with the status the check earned.
#[test]
fn a_closed_pipe_keeps_the_exit_status() {
    let failing = "trust-injection";
    for format in ["human", "json", "github", "azure", "junit"] {
        let (status, err) = into_closed_pipe(failing, &["check", "--format", format]);
        assert_eq!((status, err.as_str()), (1, ""), "check --format {format}");
        let (status, err) = into_closed_pipe("valid-small", &["check", "--format", format]);
        assert_eq!(status, 0, "check --format {format} (clean): {err}");
    }
    for format in ["table", "json", "csv"] {
        let (status, err) =
            into_closed_pipe(failing, &["certs", "--fail-if-any", "--format", format]);
        assert_eq!(status, 1, "certs --fail-if-any --format {format}: {err}");
        assert!(!err.contains("envplan: error"), "{err}");
        let (status, err) = into_closed_pipe(failing, &["clashes", "--format", format]);
        assert_eq!((status, err.as_str()), (0, ""), "clashes --format {format}");
    }
    for args in [&["show", "SIT-A"][..], &["plan"]] {
        let (status, err) = into_closed_pipe(failing, args);
        assert_eq!((status, err.as_str()), (0, ""), "{args:?}");
    }
}

/// A write error other than a closed pipe is exit 2, with a message.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_exit_2() {
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_envplan"))
        .env("NO_COLOR", "1")
        .arg("--registry")
        .arg(fixture("trust-injection"))
        .args(["--as-of", AS_OF, "check"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("run envplan");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("envplan: error: cannot write output: No space left on device"));
}

/// JUnit stays well-formed with U+FFFF and ESC in a value: a test publisher
/// that dropped the file would drop every finding.
#[test]
fn junit_is_well_formed_with_what_xml_forbids() {
    let (status, out, _) = run("trust-formats", &["check", "--format", "junit"]);
    assert_eq!(status, 1);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let messages: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .filter_map(|n| n.attribute("message"))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`SIT-B\\u{ffff}\\u{1b}[2J` is not a valid id")),
        "{messages:#?}"
    );
    assert!(!out.contains('\u{ffff}') && !out.contains('\u{1b}'));
}

/// A day whose next day needs a five-digit year is EP006, so no output
/// (iCalendar's all-day DTEND above all) ever writes `+100000101`.
#[test]
fn a_day_after_9999_12_30_is_rejected() {
    let (_, out, _) = run("trust-formats", &["check", "--format", "json"]);
    let doc: CheckJson = serde_json::from_str(&out).expect("json");
    let found: Vec<String> = doc
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.at(), d.message))
        .collect();
    assert!(found.contains(
        &"EP006 registry.yaml:35:6 interval `F-2`: `9999-12-31` is too late: envplan takes days up to 9999-12-30".to_owned()
    ), "{found:#?}");
    let (_, ics, _) = run(
        "trust-formats",
        &[
            "plan",
            "--format",
            "ics",
            "--from",
            "9999-12-01",
            "--to",
            "9999-12-30",
        ],
    );
    assert!(ics.contains("DTEND;VALUE=DATE:99991231"), "{ics}");
    assert!(!ics.contains("+10000"), "{ics}");
}

/// CSV: every cell quoted, so a spreadsheet splitting on `;` cannot turn
/// `x;=1+1` into a formula; the guard applies after leading whitespace and
/// to fullwidth signs and NUL too.
#[test]
fn csv_cells_are_quoted_and_guarded() {
    let (_, out, _) = run(
        "trust-formats",
        &[
            "plan",
            "--format",
            "csv",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[1],
        "\"interval\",\"F-1\",\"SIT-A\",\"'＝1+1\",\"functional\",\"ACME\",\"planned\",\"2026-03-02\",\"2026-03-06\",\"\",\"false\",\"\""
    );
    for line in &lines {
        assert!(line.starts_with('"') && line.ends_with('"'), "{line}");
    }
    assert_eq!(
        envplan::output::csv::quote(&envplan::output::csv::neutralise("x;=1+1")),
        "\"x;=1+1\""
    );
}

/// The pack's Content-Security-Policy also forbids a `<base>` and forms.
#[test]
fn the_pack_policy_forbids_base_and_forms() {
    let policy = envplan::pack::html::CONTENT_SECURITY_POLICY;
    assert!(policy.contains("base-uri 'none'"), "{policy}");
    assert!(policy.contains("form-action 'none'"), "{policy}");
}

/// A 2 GB (sparse) file is refused for its size and only its first 8 MiB
/// are read to salvage ids: it costs no more than a file at the limit.
#[test]
fn an_oversized_file_is_not_read_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("registry");
    std::fs::create_dir(&root).expect("mkdir");
    std::fs::copy(
        fixture("trust-lone-cr").join("programme.yaml"),
        root.join("programme.yaml"),
    )
    .expect("copy");
    let big = std::fs::File::create(root.join("big.yaml")).expect("create");
    big.set_len(2_000_000_000).expect("sparse file");
    let out = envplan()
        .arg("--registry")
        .arg(&root)
        .args(["--as-of", AS_OF, "check", "--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run envplan");
    let doc: CheckJson = serde_json::from_slice(&out.stdout).expect("json");
    let d = &doc.diagnostics[0];
    assert_eq!(d.at(), "EP008 big.yaml:1:1");
    assert_eq!(
        d.message,
        "file is 2000000000 bytes, more than the 8 MiB a registry file may have"
    );
}
