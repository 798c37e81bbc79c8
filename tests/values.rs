//! Registry format version 2, files and values (§1, §2): file names in any
//! case, files that are not regular files, YAML tags, merge keys, YAML 1.2
//! booleans, bad values that leave the rest of their record counting, and
//! horizons in whole days. Each fixture's findings are asserted exactly
//! (code, severity, file:line:column, records), as in `tests/check.rs`.

mod common;

use std::time::Duration;

use common::{check, check_dir, CheckJson, Diag};

const AS_OF: &str = "2024-06-03";

/// `CODE severity file:line:column [RECORDS]`
fn line(d: &Diag) -> String {
    format!(
        "{} {} {}:{}:{} [{}]",
        d.code,
        d.severity,
        d.file.as_deref().unwrap_or("-"),
        d.line.unwrap_or(0),
        d.column.unwrap_or(0),
        d.records.join(" ")
    )
}

fn expect(fixture: &str, exit: i32, expected: &[&str]) -> CheckJson {
    let (status, doc) = check(fixture, AS_OF);
    let got: Vec<String> = doc.diagnostics.iter().map(line).collect();
    assert_eq!(got, expected, "findings of {fixture}");
    assert_eq!(status, exit, "exit status of {fixture}");
    doc
}

fn finding<'a>(doc: &'a CheckJson, at: &str) -> &'a Diag {
    doc.diagnostics
        .iter()
        .find(|d| line(d).contains(at))
        .unwrap_or_else(|| panic!("no finding at {at}"))
}

/// What `envplan show ID` prints for the fixture, which must succeed.
fn show(fixture: &str, id: &str) -> String {
    let out = common::envplan()
        .arg("--registry")
        .arg(common::fixture(fixture))
        .args(["--as-of", AS_OF, "show", id])
        .output()
        .expect("run envplan");
    assert!(
        out.status.success(),
        "show {id}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn extensions_are_matched_in_any_case() {
    // programme.YAML, environments.Yml and participants.yAmL are all read:
    // without the Programme there would be an EP007 and no stage check.
    expect(
        "v2-extensions",
        1,
        &[
            "EP006 error environments.Yml:7:22 [SIT-A]",
            "EP101 error participants.yAmL:9:5 [ACME]",
        ],
    );
}

/// A FIFO named like a registry file is EP008 and never opened: opening it
/// would wait for a writer forever, so the time limit is the test.
#[cfg(unix)]
#[test]
fn a_fifo_is_ep008_and_never_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for entry in std::fs::read_dir(common::fixture("v2-extensions")).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), root.join(entry.file_name())).expect("copy");
    }
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("pipe.YAML"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let output = common::envplan()
        .arg("--registry")
        .arg(root)
        .args(["--as-of", AS_OF, "check", "--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run envplan");
    assert_eq!(output.status.code(), Some(1), "a FIFO must not block");
    let doc: CheckJson = serde_json::from_slice(&output.stdout).expect("json");
    let got: Vec<String> = doc.diagnostics.iter().map(line).collect();
    assert_eq!(
        got,
        [
            "EP006 error environments.Yml:7:22 [SIT-A]",
            "EP101 error participants.yAmL:9:5 [ACME]",
            "EP008 error pipe.YAML:1:1 []",
        ]
    );
    let fifo = finding(&doc, "pipe.YAML");
    assert!(fifo.message.contains("FIFO"), "{}", fifo.message);
    assert!(fifo.message.contains("not opened"), "{}", fifo.message);
}

#[test]
fn tags_are_ep003_at_the_tag_and_values_are_read_as_written() {
    let doc = expect(
        "v2-tags",
        1,
        &[
            "EP003 error environments.yaml:5:8 [SIT-A]",
            // `!!binary UE1P` is not decoded to PMO: the owner is `UE1P`.
            "EP005 error environments.yaml:5:17 [SIT-A]",
            "EP003 error environments.yaml:8:5 [SIT-A]",
            // `!include functional.yaml` includes nothing: it is a stage code.
            "EP006 error environments.yaml:8:14 [SIT-A]",
            "EP003 error participants.yaml:12:7 [ACME]",
            "EP003 error participants.yaml:13:7 [ACME]",
            "EP003 error participants.yaml:14:9 [ACME]",
        ],
    );
    assert!(finding(&doc, "environments.yaml:5:17")
        .message
        .contains("`UE1P`"));
    let binary = finding(&doc, "participants.yaml:12:7");
    assert!(binary.message.contains("`!!binary` is a YAML tag"));
    assert!(binary.message.contains("not decoded"));
    assert!(binary
        .help
        .as_deref()
        .unwrap_or("")
        .contains("remove the tag"));
    assert!(finding(&doc, "participants.yaml:13:7")
        .message
        .contains("`!custom`"));
    // ACME still counts, with the name as written (not "Acme").
    let text = show("v2-tags", "ACME");
    assert!(text.starts_with("Participant ACME: QWNtZQ==\n"), "{text}");
    assert!(text.contains("type                 supplier"), "{text}");
}

#[test]
fn merge_keys_are_honoured_explicit_keys_win_and_booleans_are_yaml_1_2() {
    let doc = expect(
        "v2-merge-bool",
        1,
        &[
            // BETA's `yes` is not a boolean, so `connects_to_dip` is absent and
            // its default (true) applies: BETA still counts.
            "EP101 error participants.yaml:24:5 [BETA]",
            "EP102 error participants.yaml:24:5 [BETA]",
            "EP003 error participants.yaml:27:18 [BETA]",
            // The merged certificates date (2024-05-02) and the explicit
            // webhooks date (2024-04-30, not the merged 2024-05-03).
            "EP104 error participants.yaml:32:15 [BETA]",
        ],
    );
    let yes = finding(&doc, "participants.yaml:27:18");
    assert!(yes
        .message
        .contains("must be true or false, but it is `yes`"));
    assert!(yes.help.as_deref().unwrap_or("").contains("YAML 1.2"));
    let order = finding(&doc, "EP104");
    assert!(order.message.contains("2024-04-30"), "{}", order.message);
    assert!(order.message.contains("2024-05-02"), "{}", order.message);
}

#[test]
fn one_bad_rules_entry_leaves_the_programme_in_force() {
    let doc = expect(
        "v2-rules-entry",
        1,
        &[
            // The Programme's stages are still checked...
            "EP006 error environments.yaml:6:22 [SIT-A]",
            // ...its 10-day outage notice still applies (5d would pass)...
            "EP402 warning outages.yaml:10:11 [WEEK-NOTICE]",
            // ...and so does its valid override (EP101 is a warning).
            "EP101 warning participants.yaml:9:5 [ACME]",
            "EP003 error programme.yaml:14:10 [FIX]",
            "EP003 error programme.yaml:15:3 [FIX]",
        ],
    );
    let severity = finding(&doc, "programme.yaml:14:10");
    assert!(
        severity.message.contains("`sometimes`"),
        "{}",
        severity.message
    );
    assert_eq!(
        severity.help.as_deref(),
        Some("expected one of `error`, `warning`, `off`")
    );
    assert!(finding(&doc, "programme.yaml:15:3")
        .message
        .contains("`EP999` under `rules` is not a rule code"));
}

#[test]
fn a_bad_enum_value_leaves_the_rest_of_the_environment_counting() {
    let doc = expect(
        "v2-bad-enum",
        1,
        &[
            "EP003 error environments.yaml:9:8 [SIT-A]",
            "EP003 error environments.yaml:12:21 [SIT-A]",
            "EP005 error environments.yaml:13:10 [SIT-A]",
            "EP003 error environments.yaml:14:1 [SIT-A]",
            // Its valid certificate purpose still applies...
            "EP303 error intervals.yaml:8:16 [ACME FUNC-1]",
            "EP003 error intervals.yaml:9:9 [FUNC-1]",
            // ...so do its stages and its sharing.
            "EP204 error intervals.yaml:15:8 [MIG-1 SIT-A]",
            "EP201 error intervals.yaml:16:8 [FUNC-1 MIG-1]",
            "EP101 error participants.yaml:9:5 [ACME]",
        ],
    );
    let phase = finding(&doc, "environments.yaml:9:8");
    assert_eq!(
        phase.message,
        "`sitt` is not an allowed value of `phase` in environment `SIT-A`"
    );
    assert_eq!(phase.help.as_deref(), Some("did you mean `sit`?"));
    assert!(finding(&doc, "environments.yaml:12:21")
        .message
        .contains("`tsl` is not an allowed value of `certificates`"));
    let field = finding(&doc, "environments.yaml:14:1");
    assert!(field.message.contains("`descripton`"), "{}", field.message);
    assert_eq!(field.help.as_deref(), Some("did you mean `description`?"));
    assert_eq!(
        finding(&doc, "intervals.yaml:9:9").help.as_deref(),
        Some("did you mean `confirmed`?")
    );
}

/// Bad values nested inside a record (a contact, an officer, an outage's
/// `planned`, a milestone's `applies_to` and `requires`, service and
/// support hours, a `required` window): one finding at each, and every
/// record is still there.
#[test]
fn nested_bad_values_are_one_finding_each_and_keep_their_record() {
    let doc = expect(
        "v2-nested-values",
        1,
        &[
            "EP003 error records.yaml:17:57 [ACME]",
            "EP003 error records.yaml:19:8 [ACME]",
            // ACME's bookings still count.
            "EP201 error records.yaml:35:8 [FUNC-1 FUNC-2]",
            // No EP401 or EP402 guessing whether OUT-1 was planned.
            "EP003 error records.yaml:44:10 [OUT-1]",
            "EP003 error records.yaml:55:34 [M-1]",
            "EP003 error records.yaml:57:46 [M-1]",
            // A misspelt key in `service` hides neither the misspelt day
            // nor anything else of AV-1; a list for `to` is one finding.
            "EP006 error records.yaml:65:17 [AV-1]",
            "EP003 error records.yaml:65:54 [AV-1]",
            "EP003 error records.yaml:66:45 [AV-1]",
            "EP003 error records.yaml:67:20 [AV-1]",
            // SIT-B is still there: its sharing is checked, and FUNC-3,
            // booked on it, refers to an environment that exists.
            "EP003 error records.yaml:78:34 [SIT-B]",
            "EP003 error records.yaml:79:10 [SIT-B]",
        ],
    );
    assert!(finding(&doc, "records.yaml:65:54")
        .message
        .contains("`colour`"));
    assert!(finding(&doc, "records.yaml:17:57")
        .message
        .contains("`phone`"));
    assert_eq!(
        finding(&doc, "records.yaml:19:8").message,
        "`sro` of participant `ACME` must be a mapping with name and email, but it is a single value, `just a name`"
    );
    assert!(finding(&doc, "records.yaml:55:34")
        .message
        .contains("`colour`"));
    for (id, line) in [
        ("ACME", "  environment_manager  Jo <jo@acme.example>"),
        ("OUT-1", "  planned      (invalid)"),
        ("M-1", "Milestone M-1: Certificates in place"),
        ("AV-1", "  support            mon-fri 08:00-(invalid)"),
    ] {
        let text = show("v2-nested-values", id);
        assert!(text.contains(line), "show {id}: no {line:?} in\n{text}");
    }
}

#[test]
fn a_horizon_in_hours_is_ep006_naming_the_days() {
    let doc = expect("v2-horizon", 1, &["EP006 error programme.yaml:6:22 [FIX]"]);
    let d = &doc.diagnostics[0];
    assert!(d.message.contains("`36h`"), "{}", d.message);
    assert!(d.message.contains("whole days"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("write `1d` or `2d`"));
}

/// `certs --expiring 3m --fail-if-any` once looked 0 days ahead and passed.
/// Now it is a usage error, before the registry is read (even a missing one).
#[test]
fn expiring_in_minutes_is_a_usage_error_before_the_registry_is_read() {
    for registry in [
        common::fixture("cert-list"),
        common::repo_root().join("no/such/registry"),
    ] {
        let output = common::envplan()
            .arg("--registry")
            .arg(&registry)
            .args([
                "--as-of",
                AS_OF,
                "certs",
                "--expiring",
                "3m",
                "--fail-if-any",
            ])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--expiring"), "{stderr}");
        assert!(stderr.contains("whole days"), "{stderr}");
        assert!(
            stderr.contains("`3m` is not 3 months: write `13w` or `90d`"),
            "{stderr}"
        );
        assert!(!stderr.contains("not found"), "{stderr}");
    }
    // Whole days still work.
    let output = common::envplan()
        .arg("--registry")
        .arg(common::fixture("cert-list"))
        .args(["--as-of", AS_OF, "certs", "--expiring", "13w"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
}

/// The control for the test above: without the bad entries, the Programme
/// causes exactly the same three findings, so the bad entries took nothing away.
#[test]
fn without_the_bad_rules_entries_the_programme_gives_the_same_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for entry in std::fs::read_dir(common::fixture("v2-rules-entry")).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), root.join(entry.file_name())).expect("copy");
    }
    // Without the bad entries, only the three findings the Programme causes.
    let programme = std::fs::read_to_string(root.join("programme.yaml")).expect("read");
    let clean = programme
        .replace("  EP205: sometimes\n", "")
        .replace("  EP999: off\n", "");
    std::fs::write(root.join("programme.yaml"), clean).expect("write");
    let (_, doc) = check_dir(root, AS_OF);
    let codes: Vec<&str> = doc.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["EP006", "EP402", "EP101"]);
}

/// A list, a mapping or nothing where text belongs, and a required field
/// left out (§1): one EP003 at each (at the record's id for the field left
/// out), and the record still counts. Its other problems are still found
/// (ACME's misspelt type, FUNC-1's unknown participant), references to it
/// still resolve (no EP005 for ACME, `0123` or SIT-A, whose EP105s show
/// the rules ran on them), and nothing is said about the stand-ins (no
/// EP005 for FUNC-2's environment, no EP006 for its `end` or a ready day).
#[test]
fn text_of_the_wrong_shape_is_one_finding_and_keeps_its_record() {
    let doc = expect(
        "v2-text-shapes",
        1,
        &[
            "EP003 error records.yaml:4:7 [ACME]",
            "EP003 error records.yaml:5:7 [ACME]",
            // `1e3` is not an MPID; `0123` (not 123) is one.
            "EP006 error records.yaml:18:15 [0123]",
            "EP003 error records.yaml:31:21 [BOLT]",
            "EP003 error records.yaml:36:7 [SIT-A]",
            "EP003 error records.yaml:41:38 [SIT-A]",
            "EP003 error records.yaml:46:5 [FUNC-1]",
            "EP105 error records.yaml:51:16 [ACME FUNC-1]",
            "EP105 error records.yaml:51:22 [0123 FUNC-1]",
            "EP005 error records.yaml:51:28 [FUNC-1]",
            "EP003 error records.yaml:57:14 [FUNC-2]",
            "EP003 error records.yaml:60:4 [FUNC-2]",
            // No EP202 for MIG-1, whose stage could not be read, beside
            // FUNC-3 on serial-stages SIT-B (with `stage: migration` there
            // would be one).
            "EP003 error records.yaml:85:8 [MIG-1]",
            // A field left out of a mapping inside the record is noted at
            // that mapping (CARL's technical contact has no email).
            "EP003 error records.yaml:99:7 [CARL]",
            // A single value where a list of texts belongs, and nothing
            // there: one finding each, and no EP204 for FUNC-4 on SIT-C
            // nor EP210 for DOVE, whose lists could not be read.
            "EP003 error records.yaml:109:8 [DOVE]",
            "EP003 error records.yaml:120:9 [SIT-C]",
            "EP003 error records.yaml:140:15 [FUNC-5]",
            "EP003 error records.yaml:141:5 [FUNC-5]",
        ],
    );
    assert_eq!(
        finding(&doc, "records.yaml:120:9").message,
        "`stages` of environment `SIT-C` must be a list, but it is a single value, `functional`"
    );
    assert_eq!(
        finding(&doc, "records.yaml:120:9").help.as_deref(),
        Some("write it as a list: `stages: [functional]`")
    );
    assert_eq!(
        finding(&doc, "records.yaml:141:5").message,
        "`uses` of interval `FUNC-5` is empty, but a list belongs there"
    );
    assert_eq!(
        finding(&doc, "records.yaml:141:5").help.as_deref(),
        Some("write the list (`uses: [...]`), or leave `uses` out when there is nothing to list")
    );
    assert_eq!(
        finding(&doc, "records.yaml:4:7").message,
        "`name` of participant `ACME` must be a single value, but it is a list"
    );
    assert_eq!(
        finding(&doc, "records.yaml:36:7").message,
        "`name` of environment `SIT-A` must be a single value, but it is a mapping"
    );
    assert_eq!(
        finding(&doc, "records.yaml:46:5").message,
        "interval `FUNC-1` is missing the required field `name`"
    );
    assert_eq!(
        finding(&doc, "records.yaml:46:5").help.as_deref(),
        Some("add `name:` to the record")
    );
    assert!(finding(&doc, "records.yaml:18:15")
        .message
        .contains("`1e3`"));
    assert_eq!(
        finding(&doc, "records.yaml:99:7").message,
        "`technical_contacts` of participant `CARL` is missing the required field `email`"
    );
    assert_eq!(
        finding(&doc, "records.yaml:60:4").message,
        "`end` of interval `FUNC-2` is empty, but a value is required"
    );
    for at in [
        "records.yaml:4:7",
        "records.yaml:31:21",
        "records.yaml:57:14",
    ] {
        assert!(finding(&doc, at).help.is_some(), "no help at {at}");
    }

    let human = common::envplan()
        .arg("--registry")
        .arg(common::fixture("v2-text-shapes"))
        .args(["--as-of", AS_OF, "check"])
        .output()
        .expect("run envplan");
    insta::assert_snapshot!(
        "v2-text-shapes",
        String::from_utf8(human.stdout).expect("utf-8")
    );

    // Kept, with `(invalid)` where the value could not be read, and every
    // scalar exactly as written: `0123` is not the number 123, `1e3` not
    // 1000, `1_000` not 1000.
    for (id, lines) in [
        (
            "0123",
            &[
                "Participant 0123: 1e3",
                "environment_manager  1_000 <ops@0123.example>",
            ][..],
        ),
        (
            "ACME",
            &[
                "Participant ACME: (invalid)",
                "type                 (invalid)",
            ][..],
        ),
        (
            "SIT-A",
            &["Environment SIT-A: (invalid)", "owner         ACME"][..],
        ),
        (
            "FUNC-1",
            &[
                "Interval FUNC-1: (invalid)",
                "participants  ACME, 0123, NOPE",
            ][..],
        ),
        (
            "FUNC-2",
            &[
                "Interval FUNC-2: Functional, second week",
                "environment   (invalid)",
            ][..],
        ),
        (
            "SIT-C",
            &["Environment SIT-C: SIT C", "stages        (invalid)"][..],
        ),
        ("DOVE", &["Participant DOVE: Dove Energy"][..]),
    ] {
        let text = show("v2-text-shapes", id);
        // Column widths are show's business: compare with runs of spaces as one.
        let squeeze = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown: Vec<String> = text.lines().map(squeeze).collect();
        for line in lines {
            let want = squeeze(line);
            assert!(
                shown.iter().any(|l| l.contains(&want)),
                "show {id}: no {line:?} in\n{text}"
            );
        }
    }
}

/// Required fields left out, and lists and mappings of the wrong shape,
/// at every depth (§1): one finding at each, and every record is still
/// there, with nothing said about what could not be read.
#[test]
fn left_out_fields_and_wrong_shapes_are_one_finding_each_and_keep_their_record() {
    let doc = expect(
        "v2-left-out",
        1,
        &[
            "EP003 error programme.yaml:8:11 [LEFT-OUT]",
            "EP003 error programme.yaml:9:21 [LEFT-OUT]",
            "EP003 error records.yaml:3:5 [ACME]",
            "EP003 error records.yaml:21:23 [BOLT]",
            "EP003 error records.yaml:23:10 [BOLT]",
            "EP003 error records.yaml:24:13 [BOLT]",
            "EP003 error records.yaml:31:5 [SIT-A]",
            "EP003 error records.yaml:35:8 [SIT-A]",
            "EP003 error records.yaml:36:38 [SIT-A]",
            "EP003 error records.yaml:37:16 [SIT-A]",
            "EP003 error records.yaml:38:14 [SIT-A]",
            "EP003 error records.yaml:43:5 [SIT-B]",
            "EP003 error records.yaml:47:12 [SIT-B]",
            "EP003 error records.yaml:52:5 [AV-A]",
            "EP003 error records.yaml:54:10 [AV-A]",
            "EP003 error records.yaml:55:10 [AV-A]",
            "EP003 error records.yaml:59:5 [OUT-1]",
            "EP003 error records.yaml:59:5 [OUT-1]",
            "EP003 error records.yaml:66:5 [C-1]",
            "EP003 error records.yaml:74:5 [M-1]",
            "EP003 error records.yaml:76:21 [M-1]",
            "EP003 error records.yaml:82:6 [M-2]",
            "EP003 error records.yaml:83:11 [M-2]",
            // ACME's certificates step on SIT-A is still missing; BOLT's
            // dates there could not be read, so nothing is said of them,
            // nor of SIT-A's roles (EP210) or connections (EP207), nor of
            // SIT-B's stages (EP204 for FUNC-2).
            "EP105 error records.yaml:95:16 [ACME FUNC-1]",
            "EP005 error records.yaml:95:28 [FUNC-1]",
            // PROVE-1's stage could not be read, and may be the proving
            // stage: no EP105 for ACME there.
            "EP003 error records.yaml:113:8 [PROVE-1]",
            // CARL's proving dates could not be read as a whole: no EP105
            // for it on FUNC-1 either.
            "EP003 error records.yaml:127:15 [CARL]",
        ],
    );
    for (at, message, help) in [
        (
            "records.yaml:31:5",
            "environment `SIT-A` is missing the required field `phase`",
            "add `phase:` to the record, with one of `pit`, `staging`, `sit`, `uit`, `pre-production`, `production`",
        ),
        (
            "records.yaml:43:5",
            "environment `SIT-B` is missing the required field `stages`",
            "add `stages:` to the record",
        ),
        (
            "records.yaml:21:23",
            "`technical_contacts` of participant `BOLT` must be a list, but it is a mapping",
            "`technical_contacts` is a list even of one entry: write `technical_contacts: [{...}]`, or start the entry with `- ` on the line under `technical_contacts:`",
        ),
        (
            "records.yaml:47:12",
            "`readiness` of environment `SIT-B` must be a mapping, but it is a list",
            "`readiness` is a mapping: write its keys indented on the lines under `readiness:`, or `readiness: {key: value, ...}`",
        ),
        (
            "records.yaml:37:16",
            "`connectivity` of environment `SIT-A` must be a list whose entries are single values or mappings, but this entry is a list",
            "write each entry of `connectivity` as one value or a mapping `{key: value, ...}`, one per `- ` line under `connectivity:` or between the commas of `[...]`",
        ),
        (
            "records.yaml:76:21",
            "`roles` of milestone `M-1` must be a list, but it is a single value, `SUP-D`",
            "write it as a list: `roles: [SUP-D]`",
        ),
        (
            "records.yaml:82:6",
            "`due` of milestone `M-2` must be a date, an interval id or {before_first: STAGE}, but it is a list",
            "write a date (`2024-05-01`), an interval id, or `{before_first: STAGE}`",
        ),
    ] {
        let f = finding(&doc, at);
        assert_eq!(f.message, message, "message at {at}");
        assert_eq!(f.help.as_deref(), Some(help), "help at {at}");
    }
    let squeeze = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    for (id, lines) in [
        (
            "ACME",
            &["Participant ACME: Acme Energy", "type (invalid)"][..],
        ),
        ("SIT-A", &["phase (invalid)", "stages functional"][..]),
        ("SIT-B", &["phase sit", "stages (invalid)"][..]),
        ("AV-A", &["service (invalid)"][..]),
        ("OUT-1", &["planned (invalid)", "reason (invalid)"][..]),
        ("C-1", &["purpose (invalid)"][..]),
        ("M-1", &["due (invalid)", "applies_to.roles (invalid)"][..]),
        (
            "M-2",
            &["Milestone M-2: Certificates in place", "due (invalid)"][..],
        ),
    ] {
        let text = show("v2-left-out", id);
        let shown: Vec<String> = text.lines().map(squeeze).collect();
        for line in lines {
            assert!(
                shown.iter().any(|l| l.contains(line)),
                "show {id}: no {line:?} in\n{text}"
            );
        }
    }
}

/// The Programme's vocabularies left out or unreadable: one finding each,
/// the Programme still counts (its rules apply), and no code elsewhere is
/// judged against what could not be read.
#[test]
fn a_programme_without_readable_vocabularies_still_counts() {
    let doc = expect(
        "v2-programme-left-out",
        1,
        &[
            "EP003 error programme.yaml:6:5 [NO-STAGES]",
            "EP003 error programme.yaml:9:8 [NO-STAGES]",
            "EP204 error records.yaml:22:8 [FUNC-1 SIT-A]",
        ],
    );
    assert_eq!(
        finding(&doc, "programme.yaml:6:5").message,
        "programme `NO-STAGES` is missing the required field `stages`"
    );
    assert_eq!(
        finding(&doc, "programme.yaml:9:8").help.as_deref(),
        Some("write one code per line under `roles:`, each with its description, such as `  CODE: what it means`")
    );
}
