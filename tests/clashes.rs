//! Bookings that clash (EP201 to EP203), planned outages over bookings
//! (EP206), and `envplan clashes`, on one fixture registry per sharing mode.
//! Each fixture holds clashes and near misses (back-to-back days, datetimes
//! that touch at 09:00 or 17:00, cancelled intervals) and a clock change.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

const AS_OF: &str = "2024-01-01";

/// `(code, file, line, column, records)` of a finding.
type At = (String, String, u32, u32, Vec<String>);

/// The exit status of `check`, and where every finding is, in report order.
fn findings(fixture: &str) -> (i32, Vec<At>) {
    let (status, doc) = common::check(fixture, AS_OF);
    let all = doc
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                d.file.clone().unwrap_or_default(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.records.clone(),
            )
        })
        .collect();
    (status, all)
}

fn expect(rows: &[(&str, &str, u32, u32, &[&str])]) -> Vec<At> {
    rows.iter()
        .map(|(code, file, line, col, recs)| {
            (
                code.to_string(),
                file.to_string(),
                *line,
                *col,
                recs.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect()
}

/// Run `clashes` on a registry directory with extra arguments.
fn clashes_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::envplan()
        .arg("--registry")
        .arg(dir)
        .args(["--as-of", AS_OF, "clashes"])
        .args(args)
        .output()
        .expect("run envplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

fn clashes(fixture: &str, args: &[&str]) -> (i32, String, String) {
    clashes_in(&common::fixture(fixture), args)
}

/// The output of a run that must succeed.
fn listed(fixture: &str, args: &[&str]) -> String {
    let (status, stdout, stderr) = clashes(fixture, args);
    assert_eq!(status, 0, "clashes {args:?} on {fixture}: {stderr}");
    assert_eq!(stderr, "", "nothing on stderr for a clean registry");
    stdout
}

#[derive(Debug, Deserialize)]
struct Row {
    code: String,
    environment: String,
    sharing: String,
    also_on: Vec<String>,
    earlier: Side,
    later: Side,
    overlap: Overlap,
    participants: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Side {
    id: String,
    stage: String,
    upstream: String,
    start: String,
    end: String,
}

#[derive(Debug, Deserialize)]
struct Overlap {
    from: String,
    to: String,
    minutes: i64,
    period: String,
    length: String,
}

fn rows(fixture: &str, args: &[&str]) -> Vec<Row> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&listed(fixture, &all)).expect("clashes JSON")
}

/// `earlier+later` for compact assertions.
fn pairs(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .map(|r| format!("{}+{}", r.earlier.id, r.later.id))
        .collect()
}

// ---- check: each finding at the later interval's start, naming both ----

#[test]
fn exclusive_findings() {
    let (status, got) = findings("clash-exclusive");
    assert_eq!(status, 1);
    let f = "intervals.yaml";
    assert_eq!(
        got,
        expect(&[
            ("EP201", f, 36, 8, &["F-1", "R-2"]),
            ("EP201", f, 73, 8, &["R-5", "R-6"]),
            ("EP201", f, 93, 8, &["R-7", "R-8"]),
            ("EP201", f, 127, 8, &["R-11", "R-12"]),
            // The tie: R-14 (written first) is the larger id, so it is reported there.
            ("EP201", f, 136, 8, &["R-13", "R-14"]),
            ("EP201", f, 162, 8, &["R-15", "R-16"]),
        ])
    );
}

#[test]
fn exclusive_messages_give_the_overlap() {
    let (_, doc) = common::check("clash-exclusive", AS_OF);
    let messages: Vec<&str> = doc.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "intervals `R-2` and `F-1` (through `SIT-A`) both hold exclusive environment `PREPROD`: they overlap from 2024-03-11 to 2024-03-12 (2 days)",
            "intervals `R-5` and `R-6` both hold exclusive environment `PREPROD`: they overlap on 2024-03-19 from 09:00 to 09:01 (1 minute)",
            "intervals `R-7` and `R-8` both hold exclusive environment `PREPROD`: they overlap from 2024-03-31 23:00 to 2024-04-01 00:00 (1 hour)",
            "intervals `R-11` and `R-12` both hold exclusive environment `PREPROD`: they overlap from 2024-10-27 23:30 to 2024-10-28 00:00 (30 minutes)",
            "intervals `R-13` and `R-14` both hold exclusive environment `PREPROD`: they overlap on 2024-11-04 (1 day)",
            "intervals `R-15` and `R-16` both hold exclusive environment `PREPROD`: they overlap on 2024-11-13 (1 day); they also clash on `PREPROD-DATA`",
        ]
    );
}

#[test]
fn serial_stages_findings() {
    let (status, got) = findings("clash-serial-stages");
    assert_eq!(status, 1);
    let f = "intervals.yaml";
    assert_eq!(
        got,
        expect(&[
            ("EP202", f, 26, 8, &["MIG-1", "NFT-1"]),
            ("EP202", f, 26, 8, &["MIG-2", "NFT-1"]),
            ("EP202", f, 80, 8, &["NFT-3", "OPS-3"]),
            ("EP202", f, 90, 8, &["FUNC-1", "MIG-3"]),
            ("EP202", f, 128, 8, &["MIG-5", "NFT-4"]),
        ])
    );
    let (_, doc) = common::check("clash-serial-stages", AS_OF);
    let via = doc
        .diagnostics
        .iter()
        .find(|d| d.records.contains(&"FUNC-1".to_owned()))
        .expect("FUNC-1 clash");
    assert_eq!(
        via.message,
        "intervals `FUNC-1` (stage functional, through `SIT-A`) and `MIG-3` (stage migration) run different stages at the same time on serial-stages environment `SIT-B`: they overlap from 2024-07-04 to 2024-07-05 (2 days)"
    );
}

#[test]
fn single_upstream_findings() {
    let (status, got) = findings("clash-single-upstream");
    assert_eq!(status, 1);
    let f = "intervals.yaml";
    assert_eq!(
        got,
        expect(&[
            ("EP203", f, 28, 8, &["FUNC-1", "MIG-1"]),
            ("EP203", f, 28, 8, &["FUNC-2", "MIG-1"]),
            ("EP203", f, 88, 8, &["FUNC-4", "MIG-3"]),
            ("EP203", f, 106, 8, &["DCC-REG-1", "FUNC-5"]),
            ("EP203", f, 119, 8, &["FUNC-6", "MIG-4"]),
        ])
    );
    let (_, doc) = common::check("clash-single-upstream", AS_OF);
    let clock = doc
        .diagnostics
        .iter()
        .find(|d| d.records.contains(&"MIG-4".to_owned()))
        .expect("clock-change clash");
    // Midnight to 03:00 on the morning the clocks go forward is two hours.
    assert_eq!(
        clock.message,
        "intervals `MIG-4` (through `SIT-B`) and `FUNC-6` (through `SIT-A`) reach single-upstream environment `DCC` from different environments at the same time: they overlap on 2024-03-31 from 00:00 to 03:00 (2 hours)"
    );
}

#[test]
fn shared_overlaps_never_clash() {
    let (status, got) = findings("clash-shared");
    assert_eq!(status, 0);
    assert_eq!(got, expect(&[]));
}

#[test]
fn outage_findings() {
    let (status, got) = findings("clash-outage");
    assert_eq!(status, 0, "EP206 and EP208 are warnings");
    let f = "outages.yaml";
    assert_eq!(
        got,
        expect(&[
            ("EP206", f, 6, 8, &["F-1", "O-1"]),
            ("EP206", f, 15, 8, &["F-4", "O-2"]),
            // F-5 is booked on SIT-A and uses DCC: format v2 reports that as EP208.
            ("EP208", f, 24, 8, &["F-5", "O-3"]),
            ("EP206", f, 43, 8, &["F-6", "O-5"]),
            ("EP206", f, 53, 8, &["F-7", "O-6"]),
        ])
    );
    let (_, doc) = common::check("clash-outage", AS_OF);
    let messages: Vec<&str> = doc.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "planned outage `O-1` takes `SIT-A` down during interval `F-1`: from 2024-05-04 18:00 to 2024-05-05 00:00 (6 hours)",
            "planned outage `O-2` takes `SIT-A` down during interval `F-4`: on 2024-05-11 from 08:59 to 09:00 (1 minute)",
            "planned outage `O-3` takes `DCC` down during interval `F-5`, which depends on it (it is booked on `SIT-A` and uses `DCC`): on 2024-05-18 from 00:00 to 12:00 (12 hours)",
            // Midnight BST to 04:00 GMT on the day the clocks go back is five hours.
            "planned outage `O-5` takes `SIT-A` down during interval `F-6`: on 2024-10-27 from 00:00 to 04:00 (5 hours)",
            "planned outage `O-6` takes `SIT-A` down during interval `F-7`: from 2024-12-09 to 2024-12-13 (5 days)",
        ]
    );
}

// ---- `envplan clashes`: the same list, shown three ways ----

#[test]
fn lists_the_same_clashes_as_check() {
    for fixture in [
        "clash-exclusive",
        "clash-serial-stages",
        "clash-single-upstream",
        "clash-shared",
        "clash-outage",
        "conformance-c1",
    ] {
        let (_, doc) = common::check(fixture, AS_OF);
        let from_check: BTreeSet<(String, Vec<String>)> = doc
            .diagnostics
            .iter()
            .filter(|d| ["EP201", "EP202", "EP203"].contains(&d.code.as_str()))
            .map(|d| (d.code.clone(), d.records.clone()))
            .collect();
        let out = common::envplan()
            .arg("--registry")
            .arg(common::fixture(fixture))
            .args(["--as-of", AS_OF, "clashes", "--format", "json"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{fixture}");
        let listed: Vec<Row> = serde_json::from_slice(&out.stdout).expect("JSON");
        let from_list: BTreeSet<(String, Vec<String>)> = listed
            .iter()
            .map(|r| {
                let mut ids = vec![r.earlier.id.clone(), r.later.id.clone()];
                ids.sort();
                (r.code.clone(), ids)
            })
            .collect();
        assert_eq!(from_list, from_check, "{fixture}");
        assert_eq!(from_list.len(), listed.len(), "{fixture}: one row per pair");
    }
}

#[test]
fn table_snapshots() {
    for fixture in [
        "clash-exclusive",
        "clash-serial-stages",
        "clash-single-upstream",
        "clash-shared",
    ] {
        insta::assert_snapshot!(format!("table-{fixture}"), listed(fixture, &[]));
    }
}

#[test]
fn csv_snapshots() {
    for fixture in [
        "clash-exclusive",
        "clash-serial-stages",
        "clash-single-upstream",
    ] {
        let csv = listed(fixture, &["--format", "csv"]);
        assert!(
            csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\n'),
            "CRLF line ends"
        );
        insta::assert_snapshot!(format!("csv-{fixture}"), csv);
    }
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(
        "json-clash-exclusive",
        listed("clash-exclusive", &["--format", "json"])
    );
}

#[test]
fn json_rows_carry_both_sides_and_the_overlap() {
    let all = rows("clash-single-upstream", &[]);
    assert_eq!(
        pairs(&all),
        [
            "FUNC-1+MIG-1",
            "FUNC-2+MIG-1",
            "FUNC-4+MIG-3",
            "DCC-REG-1+FUNC-5",
            "MIG-4+FUNC-6"
        ]
    );
    let clock = &all[4];
    assert_eq!(
        (clock.code.as_str(), clock.environment.as_str()),
        ("EP203", "DCC")
    );
    assert_eq!(clock.sharing, "single-upstream");
    assert_eq!(
        (
            clock.earlier.upstream.as_str(),
            clock.later.upstream.as_str()
        ),
        ("SIT-B", "SIT-A")
    );
    assert_eq!(
        (clock.later.start.as_str(), clock.later.end.as_str()),
        ("2024-03-31", "2024-03-31")
    );
    assert_eq!(clock.overlap.from, "2024-03-31T00:00+00:00");
    assert_eq!(clock.overlap.to, "2024-03-31T03:00+01:00");
    assert_eq!(clock.overlap.minutes, 120);
    assert_eq!(
        (clock.overlap.period.as_str(), clock.overlap.length.as_str()),
        ("2024-03-31 00:00 to 03:00", "2 hours")
    );
    let direct = &all[3];
    assert_eq!(direct.earlier.upstream, "DCC", "booked on DCC itself");
    assert_eq!(direct.earlier.stage, "functional");
    assert_eq!(all[1].participants, ["BRAV", "CHAR"]);
    assert!(all.iter().all(|r| r.also_on.is_empty()));
}

#[test]
fn pair_clashing_on_two_environments_is_one_row() {
    let all = rows("clash-exclusive", &[]);
    let both: Vec<&Row> = all.iter().filter(|r| !r.also_on.is_empty()).collect();
    assert_eq!(both.len(), 1);
    assert_eq!(
        (both[0].earlier.id.as_str(), both[0].later.id.as_str()),
        ("R-15", "R-16")
    );
    assert_eq!(both[0].also_on, ["PREPROD-DATA"]);
}

// ---- filters and exit status ----

#[test]
fn environment_filter_includes_also_on() {
    assert_eq!(
        pairs(&rows("clash-exclusive", &["--environment", "PREPROD-DATA"])),
        ["R-15+R-16"]
    );
    assert_eq!(
        rows("clash-exclusive", &["--environment", "PREPROD"]).len(),
        6
    );
    // F-1 is booked on SIT-A, but its clash is on PREPROD.
    assert!(rows("clash-exclusive", &["--environment", "SIT-A"]).is_empty());
}

#[test]
fn unknown_environment_is_a_usage_error() {
    let (status, stdout, stderr) = clashes("clash-exclusive", &["--environment", "PREPRD"]);
    assert_eq!(status, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("no environment `PREPRD`"), "{stderr}");
    assert!(stderr.contains("did you mean `PREPROD`?"), "{stderr}");
    let (status, _, stderr) = clashes("clash-exclusive", &["--environment", "ZZZ"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("expected one of `PREPROD`, `PREPROD-DATA`, `SIT-A`"),
        "{stderr}"
    );
}

#[test]
fn period_filter_keeps_overlaps_that_reach_into_it() {
    let within = |args: &[&str]| pairs(&rows("clash-exclusive", args));
    assert_eq!(
        within(&["--from", "2024-03-19", "--to", "2024-03-31"]),
        ["R-5+R-6", "R-7+R-8"]
    );
    // overlap from 23:00 on 2024-03-31 to midnight: not on 2024-04-01,
    // and not on or before 2024-03-30.
    assert_eq!(
        within(&["--from", "2024-04-01", "--to", "2024-10-27"]),
        ["R-11+R-12"]
    );
    assert_eq!(within(&["--to", "2024-03-30"]), ["R-2+F-1", "R-5+R-6"]);
    assert_eq!(within(&["--from", "2024-11-13"]), ["R-15+R-16"]);
    assert!(within(&["--from", "2024-11-14"]).is_empty());
    // One day, and the two filters together.
    assert_eq!(
        within(&[
            "--from",
            "2024-03-12",
            "--to",
            "2024-03-12",
            "--environment",
            "PREPROD"
        ]),
        ["R-2+F-1"]
    );
}

#[test]
fn bad_periods_are_usage_errors() {
    let (status, _, stderr) = clashes("clash-exclusive", &["--from", "2024-13-01"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("--from"), "{stderr}");
    let (status, _, stderr) = clashes(
        "clash-exclusive",
        &["--from", "2024-04-02", "--to", "2024-04-01"],
    );
    assert_eq!(status, 2);
    assert!(stderr.contains("before --from"), "{stderr}");
}

#[test]
fn exit_zero_with_or_without_clashes() {
    let (status, stdout, _) = clashes("clash-serial-stages", &[]);
    assert_eq!(status, 0);
    assert!(stdout.ends_with("5 clashes.\n"), "{stdout}");
    let (status, stdout, _) = clashes("clash-shared", &[]);
    assert_eq!((status, stdout.as_str()), (0, "No clashes.\n"));
    let (status, stdout, _) = clashes("clash-shared", &["--format", "json"]);
    assert_eq!((status, stdout.as_str()), (0, "[]\n"));
    // Outages over bookings are `check`'s EP206, not clashes between intervals.
    let (status, stdout, _) = clashes("clash-outage", &["--format", "csv"]);
    assert_eq!(status, 0);
    assert_eq!(stdout.lines().count(), 1, "header only: {stdout}");
}

#[test]
fn unreadable_records_are_mentioned() {
    // conformance-c1 has records that cannot be read (EP002, EP003, ...).
    let (status, stdout, stderr) = clashes("conformance-c1", &[]);
    assert_eq!(status, 0);
    assert!(stdout.contains("PP-1"), "{stdout}");
    assert!(
        stderr.contains("intervals that could not be read are not listed"),
        "{stderr}"
    );
}

#[test]
fn a_rule_turned_off_is_not_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = common::fixture("clash-serial-stages");
    for entry in std::fs::read_dir(&src).expect("fixture") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        let mut text = std::fs::read_to_string(&path).expect("read");
        if name == "programme.yaml" {
            text.push_str("rules:\n  EP202: off\n");
        }
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let (status, doc) = common::check_dir(dir.path(), AS_OF);
    assert_eq!((status, doc.diagnostics.len()), (0, 0));
    let (status, stdout, _) = clashes_in(dir.path(), &[]);
    assert_eq!((status, stdout.as_str()), (0, "No clashes.\n"));
}
